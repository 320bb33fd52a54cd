//! Tokens to syntax tree, one complete command at a time.
//!
//! The parser asks for the next line only when the command is unfinished
//! (a trailing `|`, `&&`, `||`, an open quote), and returns as soon as it has
//! read the newline that ends a command.

use std::rc::Rc;

use crate::syntax::ast::{
    AndOr, CaseArm, CaseEnd, Command, CompoundCommand, Connector, FunctionBody, FunctionDef,
    HereDoc, Line, List, ListItem, Pipeline, Redir, RedirOp, SimpleCommand, Time, Unparse, Word,
    WordPart,
};
use crate::syntax::compact::Compact;
use crate::syntax::lexer::{LexResult, Lexer, LineSource, Op, SyntaxError, SyntaxErrorKind, Token};

pub struct Parser<'s> {
    lx: Lexer<'s>,
    /// A token read but not yet used, kept between commands.
    peeked: Option<Token>,
    /// Return an empty command for a blank line instead of reading on, so
    /// that an interactive shell prompts (and reports jobs) each time.
    pub stop_at_blank_lines: bool,
}

impl<'s> Parser<'s> {
    pub fn new(src: &'s mut dyn LineSource) -> Self {
        Parser {
            lx: Lexer::new(src),
            peeked: None,
            stop_at_blank_lines: false,
        }
    }

    /// The next complete command, or `None` at end of input. Blank lines and
    /// comment lines are skipped.
    pub fn parse_command(&mut self) -> LexResult<Option<List>> {
        let mut g = Grammar {
            lx: &mut self.lx,
            peeked: self.peeked.take(),
        };
        let parsed = g.command_line(self.stop_at_blank_lines);
        self.peeked = g.peeked.take();
        parsed
    }

    /// Expand the aliases of `table` in what is read from now on.
    pub fn set_aliases(&mut self, table: crate::syntax::alias::SharedAliases) {
        self.lx.set_aliases(table);
    }

    /// After a syntax error at the prompt, drop what is left of the line.
    pub fn recover(&mut self) {
        self.peeked = None;
        self.lx.discard_line();
    }

    /// Warnings from reading (a here-document ended by end of file).
    pub fn take_warnings(&mut self) -> Vec<crate::syntax::lexer::Warning> {
        self.lx.take_warnings()
    }

    /// Line number where the parser stands, for runtime error messages.
    pub fn line(&self) -> u32 {
        self.lx.line()
    }

    /// Number the lines from `line` on (see [`Lexer::set_line`]).
    pub fn set_line(&mut self, line: u32) {
        self.lx.set_line(line);
    }

    /// The command just parsed is about to run.
    pub fn command_complete(&mut self) {
        self.lx.command_complete();
    }
}

/// The body of `$(...)`, read by the lexer right after the `(`: a list up
/// to the `)` that closes it, which is consumed.
pub(crate) fn substitution(lx: &mut Lexer) -> LexResult<List> {
    let saved = lx.begin_substitution();
    let mut g = Grammar { lx, peeked: None };
    let list = g.nested(|g| {
        let list = g.compound_list(true)?;
        match g.next()? {
            Token::Op(Op::RParen) => Ok(list),
            Token::Eof => Err(g.lx.unclosed_paren()),
            tok => Err(g.unexpected(&tok)),
        }
    });
    let ended = g.lx.end_substitution(saved);
    let list = list?;
    ended.map(|()| list)
}

/// A function body kept as `text` (see [`FunctionBody`]), its first line
/// numbered `line`: the compound command it holds, and nothing after it.
pub(crate) fn function_body_text(text: &[u8], line: u32) -> LexResult<CompoundCommand> {
    let mut src = crate::syntax::lexer::StrSource::new(text);
    let mut lx = Lexer::new(&mut src);
    lx.set_line(line);
    let mut g = Grammar {
        lx: &mut lx,
        peeked: None,
    };
    let tree = g.nested(Grammar::compound_command)?;
    match g.next()? {
        Token::Eof => Ok(tree),
        tok => Err(g.unexpected(&tok)),
    }
}

/// All of the text `lx` reads as one list (the body of `` `...` ``).
pub(crate) fn whole_list(lx: &mut Lexer) -> LexResult<List> {
    let mut g = Grammar { lx, peeked: None };
    g.nested(|g| {
        let list = g.compound_list(true)?;
        match g.next()? {
            Token::Eof => Ok(list),
            tok => Err(g.unexpected(&tok)),
        }
    })
}

/// The grammar, run on a lexer it borrows: the top-level parser's, or the
/// one reading a command substitution.
struct Grammar<'l, 's> {
    lx: &'l mut Lexer<'s>,
    peeked: Option<Token>,
}

impl Grammar<'_, '_> {
    fn command_line(&mut self, stop_at_blank_lines: bool) -> LexResult<Option<List>> {
        loop {
            self.lx.begin_command();
            match self.peek()? {
                Token::Eof => return Ok(None),
                Token::Newline => {
                    self.next()?;
                    if stop_at_blank_lines {
                        return Ok(Some(List::default()));
                    }
                }
                _ => break,
            }
        }
        let list = self.list().map_err(|e| self.after_error(e))?;
        match self.next().map_err(|e| self.after_error(e))? {
            Token::Newline | Token::Eof => Ok(Some(list)),
            tok => {
                let e = self.unexpected(&tok);
                Err(self.after_error(e))
            }
        }
    }

    /// A syntax error on a line with here-documents: their bodies are read
    /// (never run), and bash reports the line reached then.
    fn after_error(&mut self, mut e: SyntaxError) -> SyntaxError {
        // Input that failed (Ctrl+C, a read error) is not read on.
        if matches!(e.kind, SyntaxErrorKind::Io(_)) {
            return e;
        }
        if let Some(line) = self.lx.skip_here_docs_after_error() {
            self.peeked = None;
            e.line = line;
        }
        e
    }

    fn peek(&mut self) -> LexResult<&Token> {
        if self.peeked.is_none() {
            self.peeked = Some(self.lx.next_token()?);
        }
        Ok(self.peeked.as_ref().expect("just filled"))
    }

    fn next(&mut self) -> LexResult<Token> {
        match self.peeked.take() {
            Some(t) => Ok(t),
            None => self.lx.next_token(),
        }
    }

    fn unexpected(&self, tok: &Token) -> SyntaxError {
        let name = match tok {
            Token::Eof => return self.lx.error(SyntaxErrorKind::UnexpectedEof),
            Token::Newline => "newline".to_string(),
            Token::Op(op) => op.as_str().to_string(),
            Token::IoNumber(n) => n.to_string(),
            Token::Word(w) => w.to_string(),
        };
        self.lx.token_error(SyntaxErrorKind::UnexpectedToken(name))
    }

    /// Newlines are allowed after `|`, `&&` and `||`.
    fn skip_newlines(&mut self) -> LexResult<()> {
        while *self.peek()? == Token::Newline {
            self.next()?;
        }
        Ok(())
    }

    fn list(&mut self) -> LexResult<List> {
        // Sized for the usual one item: allocated once, not grown.
        let mut items = Vec::with_capacity(1);
        loop {
            let and_or = self.and_or()?;
            let background = match self.peek()? {
                Token::Op(Op::Semi) => false,
                Token::Op(Op::Amp) => true,
                _ => {
                    items.push(ListItem {
                        and_or,
                        background: false,
                    });
                    return Ok(List { items });
                }
            };
            self.next()?;
            items.push(ListItem { and_or, background });
            if matches!(self.peek()?, Token::Newline | Token::Eof) {
                return Ok(List { items });
            }
        }
    }

    fn and_or(&mut self) -> LexResult<AndOr> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let conn = match self.peek()? {
                Token::Op(Op::AndIf) => Connector::And,
                Token::Op(Op::OrIf) => Connector::Or,
                _ => return Ok(AndOr { first, rest }),
            };
            self.next()?;
            self.skip_newlines()?;
            rest.push((conn, self.pipeline()?));
        }
    }

    fn pipeline(&mut self) -> LexResult<Pipeline> {
        let mut negated = false;
        let mut bang = false;
        let mut time = None;
        // `!` and bash's `time [-p]` in either order (`time ! x`, `! time x`).
        while let Token::Word(w) = self.peek()? {
            match w.as_literal() {
                Some(b"!") => {
                    self.next()?;
                    negated = !negated;
                    bang = true;
                }
                Some(b"time") if time.is_none() => {
                    self.next()?;
                    time = Some(self.time_option()?);
                    bang = true;
                }
                _ => break,
            }
        }
        // `!` alone before `;` or the end of the line is an empty pipeline
        // whose status is negated (1), as in bash. Before `&`, `&&` or
        // `||` it is a syntax error there (and in dash and mksh always).
        if bang
            && matches!(
                self.peek()?,
                Token::Newline | Token::Eof | Token::Op(Op::Semi)
            )
        {
            return Ok(Pipeline {
                negated,
                time,
                commands: Vec::new(),
            });
        }
        let mut commands = vec![self.command()?];
        while *self.peek()? == Token::Op(Op::Pipe) {
            self.next()?;
            self.skip_newlines()?;
            // `!` only starts a pipeline: `a | ! b` is an error, as in bash.
            if let Token::Word(w) = self.peek()?
                && w.as_literal() == Some(b"!")
            {
                let tok = self.peek()?.clone();
                return Err(self.unexpected(&tok));
            }
            commands.push(self.command()?);
        }
        Ok(Pipeline {
            negated,
            time,
            commands,
        })
    }

    /// After `time`: `-p` asks for POSIX's format.
    fn time_option(&mut self) -> LexResult<Time> {
        if let Token::Word(w) = self.peek()?
            && w.as_literal() == Some(b"-p")
        {
            self.next()?;
            return Ok(Time::Posix);
        }
        Ok(Time::Format)
    }

    /// The reserved word the next token is, if it is one: an unquoted
    /// literal word. Only meaningful where a command may start.
    fn peek_reserved(&mut self) -> LexResult<Option<&'static [u8]>> {
        const WORDS: [&[u8]; 16] = [
            b"{",
            b"}",
            b"if",
            b"then",
            b"else",
            b"elif",
            b"fi",
            b"do",
            b"done",
            b"case",
            b"esac",
            b"while",
            b"until",
            b"for",
            b"in",
            b"function",
        ];
        Ok(match self.peek()? {
            Token::Word(w) => w
                .as_literal()
                .and_then(|text| WORDS.iter().find(|r| **r == text).copied()),
            _ => None,
        })
    }

    /// Consume the reserved word `word`, or fail at whatever stands there.
    fn expect_reserved(&mut self, word: &[u8]) -> LexResult<()> {
        if self.peek_reserved()? == Some(word) {
            self.next()?;
            return Ok(());
        }
        let tok = self.peek()?.clone();
        Err(self.unexpected(&tok))
    }

    /// If the word ahead is an alias, read its text in its place (again,
    /// for as long as the text begins with another alias). Whether any
    /// was replaced.
    fn expand_aliases(&mut self) -> LexResult<bool> {
        if !self.lx.has_aliases() {
            return Ok(false);
        }
        let mut replaced = false;
        loop {
            self.peek()?;
            let Some(Token::Word(word)) = &self.peeked else {
                return Ok(replaced);
            };
            // A reserved word where one is recognised is never an alias
            // (POSIX 2.3.1; so dash, mksh and bash --posix; bash expands
            // `alias fi=...` there otherwise).
            if word
                .as_literal()
                .is_some_and(crate::syntax::ast::is_reserved_word)
            {
                return Ok(replaced);
            }
            // Most words are no alias: the check borrows the word, and
            // only a substitution needs its own copy.
            if !self.lx.is_alias(word) {
                return Ok(replaced);
            }
            let word = word.clone();
            if !self.lx.substitute_alias(&word) {
                return Ok(replaced);
            }
            self.peeked = None;
            replaced = true;
        }
    }

    /// One stage of a pipeline.
    fn command(&mut self) -> LexResult<Command> {
        self.expand_aliases()?;
        let reserved = self.peek_reserved()?;
        let compound_start = matches!(
            reserved,
            Some(b"{" | b"if" | b"while" | b"until" | b"for" | b"case")
        ) || *self.peek()? == Token::Op(Op::LParen);
        if compound_start {
            let line = Line(self.lx.line());
            let body = self.nested(Self::compound_command)?;
            let redirs = self.redirections()?;
            return Ok(Command::Compound(Rc::new(body), redirs, line));
        }
        match reserved {
            Some(b"function") => {
                self.next()?;
                let name = match self.next()? {
                    Token::Word(w) if w.as_literal().is_some() => w,
                    tok => return Err(self.unexpected(&tok)),
                };
                if *self.peek()? == Token::Op(Op::LParen) {
                    self.next()?;
                    self.expect_op(Op::RParen)?;
                }
                self.function_body(name)
            }
            // Words that close or continue a compound command cannot
            // start one (`in` can: it is a command name there).
            Some(word) if word != b"in" => {
                let tok = self.peek()?.clone();
                Err(self.unexpected(&tok))
            }
            _ => {
                if let Token::Word(w) = self.peek()?
                    && w.as_literal() == Some(b"[[")
                {
                    return Err(self.lx.token_error(SyntaxErrorKind::Unsupported(
                        "`[[' (bash's conditional command) is",
                    )));
                }
                let cmd = self.simple_command()?;
                if *self.peek()? == Token::Op(Op::LParen)
                    && cmd.words.is_empty()
                    && cmd.assigns.last().is_some_and(|a| a.value.parts.is_empty())
                {
                    return Err(self
                        .lx
                        .token_error(SyntaxErrorKind::Unsupported("arrays (`name=(...)') are")));
                }
                if *self.peek()? == Token::Op(Op::LParen)
                    && cmd.assigns.is_empty()
                    && cmd.redirs.is_empty()
                    && let [name] = cmd.words.as_slice()
                    && name.as_literal().is_some()
                {
                    self.next()?;
                    self.expect_op(Op::RParen)?;
                    return self.function_body(name.clone());
                }
                Ok(Command::Simple(cmd))
            }
        }
    }

    /// After `name()`: newlines, a compound command and its redirections.
    fn function_body(&mut self, name: Word) -> LexResult<Command> {
        self.skip_newlines()?;
        let starts = matches!(
            self.peek_reserved()?,
            Some(b"{" | b"if" | b"while" | b"until" | b"for" | b"case")
        ) || *self.peek()? == Token::Op(Op::LParen);
        if !starts {
            let tok = self.peek()?.clone();
            return Err(self.unexpected(&tok));
        }
        let line = Line(self.lx.line());
        let mark = if crate::syntax::function_body::keep_trees() {
            None
        } else {
            self.lx.body_mark()
        };
        let mut tree = self.nested(Self::compound_command)?;
        // Its text, taken before anything after it is read; the tree was
        // built only to check it (see `crate::syntax::function_body`).
        let body = match mark.and_then(|mark| Some((self.lx.body_text(mark)?, mark.line))) {
            Some((text, line)) => FunctionBody::unparsed(text, line),
            None => {
                // The tree is kept for as long as the function is defined.
                tree.compact();
                FunctionBody::parsed(tree)
            }
        };
        let mut redirs = self.redirections()?;
        redirs.compact();
        Ok(Command::FunctionDef(Rc::new(FunctionDef {
            name: name.as_literal().unwrap_or_default().to_vec(),
            body,
            redirs,
            line,
        })))
    }

    fn expect_op(&mut self, op: Op) -> LexResult<()> {
        match self.next()? {
            Token::Op(o) if o == op => Ok(()),
            tok => Err(self.unexpected(&tok)),
        }
    }

    /// Run `f` one nesting level deeper, refusing to go past the limit.
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> LexResult<T>) -> LexResult<T> {
        if self.lx.compound_depth >= crate::syntax::lexer::max_compound_nesting() {
            return Err(self.lx.error(SyntaxErrorKind::CompoundTooDeep));
        }
        self.lx.compound_depth += 1;
        let result = f(self);
        self.lx.compound_depth -= 1;
        result
    }

    fn compound_command(&mut self) -> LexResult<CompoundCommand> {
        if *self.peek()? == Token::Op(Op::LParen) {
            // The `(` just peeked is the last one lexed: `((x=1))` would
            // otherwise run `x=1` in a subshell of a subshell, silently.
            // When no `))` closes it, `((a) || b)` is two subshells.
            if self.lx.paren_doubled()
                && let Some(expr) = self.lx.arith_command()?
            {
                self.peeked = None;
                return Ok(CompoundCommand::Arith(expr));
            }
            self.next()?;
            let list = self.compound_list(false)?;
            self.expect_op(Op::RParen)?;
            return Ok(CompoundCommand::Subshell(list));
        }
        let Some(word) = self.peek_reserved()? else {
            unreachable!("called at a compound command")
        };
        self.next()?;
        match word {
            b"{" => {
                let list = self.compound_list(false)?;
                self.expect_reserved(b"}")?;
                Ok(CompoundCommand::Brace(list))
            }
            b"if" => {
                let mut branches = Vec::new();
                let mut otherwise = None;
                loop {
                    let cond = self.compound_list(false)?;
                    self.expect_reserved(b"then")?;
                    let body = self.compound_list(false)?;
                    branches.push((cond, body));
                    match self.peek_reserved()? {
                        Some(b"elif") => {
                            self.next()?;
                        }
                        Some(b"else") => {
                            self.next()?;
                            otherwise = Some(self.compound_list(false)?);
                            self.expect_reserved(b"fi")?;
                            break;
                        }
                        _ => {
                            self.expect_reserved(b"fi")?;
                            break;
                        }
                    }
                }
                Ok(CompoundCommand::If {
                    branches,
                    otherwise,
                })
            }
            b"while" | b"until" => {
                let cond = self.compound_list(false)?;
                let body = self.do_group()?;
                Ok(CompoundCommand::Loop {
                    until: word == b"until",
                    cond,
                    body,
                })
            }
            b"for" => self.for_clause(),
            _ => self.case_clause(),
        }
    }

    /// `do list done`
    fn do_group(&mut self) -> LexResult<List> {
        self.expect_reserved(b"do")?;
        let body = self.compound_list(false)?;
        self.expect_reserved(b"done")?;
        Ok(body)
    }

    fn for_clause(&mut self) -> LexResult<CompoundCommand> {
        let line = Line(self.lx.line());
        let name = match self.next()? {
            // An invalid name is bash's error when the loop runs.
            Token::Word(w) => match w.as_literal() {
                Some(text) => text.to_vec(),
                None => w.to_bytes(),
            },
            tok => return Err(self.unexpected(&tok)),
        };
        let mut words = None;
        if *self.peek()? == Token::Op(Op::Semi) {
            self.next()?;
        } else {
            self.skip_newlines()?;
            if self.peek_reserved()? == Some(b"in") {
                self.next()?;
                let mut list = Vec::new();
                loop {
                    match self.next()? {
                        Token::Word(w) => list.push(w),
                        Token::Op(Op::Semi) | Token::Newline => break,
                        tok => return Err(self.unexpected(&tok)),
                    }
                }
                words = Some(list);
            }
        }
        self.skip_newlines()?;
        let body = self.do_group()?;
        Ok(CompoundCommand::For {
            name,
            words,
            body,
            line,
        })
    }

    fn case_clause(&mut self) -> LexResult<CompoundCommand> {
        let word = match self.next()? {
            Token::Word(w) => w,
            tok => return Err(self.unexpected(&tok)),
        };
        self.skip_newlines()?;
        self.expect_reserved(b"in")?;
        let mut arms = Vec::new();
        loop {
            self.skip_newlines()?;
            if self.peek_reserved()? == Some(b"esac") {
                self.next()?;
                return Ok(CompoundCommand::Case { word, arms });
            }
            if *self.peek()? == Token::Op(Op::LParen) {
                self.next()?;
            }
            let mut patterns = Vec::new();
            loop {
                match self.next()? {
                    Token::Word(w) => patterns.push(w),
                    tok => return Err(self.unexpected(&tok)),
                }
                match self.next()? {
                    Token::Op(Op::Pipe) => {}
                    Token::Op(Op::RParen) => break,
                    tok => return Err(self.unexpected(&tok)),
                }
            }
            let body = self.compound_list(true)?;
            let end = match self.peek()? {
                Token::Op(Op::DoubleSemi) => CaseEnd::Break,
                Token::Op(Op::SemiAmp) => CaseEnd::FallThrough,
                Token::Op(Op::DoubleSemiAmp) => CaseEnd::TestNext,
                _ => {
                    // The last arm may end at `esac`.
                    self.expect_reserved(b"esac")?;
                    arms.push(CaseArm {
                        patterns,
                        body,
                        end: CaseEnd::Break,
                    });
                    return Ok(CompoundCommand::Case { word, arms });
                }
            };
            self.next()?;
            arms.push(CaseArm {
                patterns,
                body,
                end,
            });
        }
    }

    /// The list inside a compound command: and-or lists separated by `;`,
    /// `&` or newlines, up to a word or operator that closes it (left for
    /// the caller to check). Empty only where `may_be_empty` (a case arm).
    fn compound_list(&mut self, may_be_empty: bool) -> LexResult<List> {
        let mut items = Vec::new();
        loop {
            self.skip_newlines()?;
            let closes = matches!(
                self.peek_reserved()?,
                Some(b"}" | b"then" | b"else" | b"elif" | b"fi" | b"do" | b"done" | b"esac")
            ) || matches!(
                self.peek()?,
                Token::Eof
                    | Token::Op(Op::RParen | Op::DoubleSemi | Op::SemiAmp | Op::DoubleSemiAmp)
            );
            if closes {
                break;
            }
            let and_or = self.and_or()?;
            let background = match self.peek()? {
                Token::Op(Op::Semi) | Token::Newline => false,
                Token::Op(Op::Amp) => true,
                _ => {
                    items.push(ListItem {
                        and_or,
                        background: false,
                    });
                    break;
                }
            };
            self.next()?;
            items.push(ListItem { and_or, background });
        }
        if items.is_empty() && !may_be_empty {
            let tok = self.peek()?.clone();
            return Err(self.unexpected(&tok));
        }
        Ok(List { items })
    }

    /// Redirections after a compound command.
    fn redirections(&mut self) -> LexResult<Vec<Redir>> {
        let mut redirs = Vec::new();
        loop {
            let fd = match self.peek()? {
                Token::IoNumber(n) => {
                    let n = *n;
                    self.next()?;
                    Some(n)
                }
                Token::Op(Op::Redir(_) | Op::HereDoc | Op::HereDocDash) => None,
                _ => return Ok(redirs),
            };
            let (redir, rest) = self.redirection(fd)?;
            if let Some(word) = rest {
                // `{ a; } >&-x`: a word where only an operator may follow.
                return Err(self
                    .lx
                    .token_error(SyntaxErrorKind::UnexpectedToken(word.to_string())));
            }
            redirs.push(redir);
        }
    }

    /// The operator and target of a redirection whose descriptor (if any)
    /// was just read, and the word bash reads out of the target, if any
    /// (see [`Redir::new`]).
    fn redirection(&mut self, fd: Option<i32>) -> LexResult<(Redir, Option<Word>)> {
        let op = match self.next()? {
            Token::Op(Op::Redir(op)) => op,
            Token::Op(Op::HereDoc) => RedirOp::HereDoc,
            Token::Op(Op::HereDocDash) => RedirOp::HereDocDash,
            tok => return Err(self.unexpected(&tok)),
        };
        let target = match self.next()? {
            Token::Word(w) => w,
            Token::Op(Op::Redir(RedirOp::In)) if op == RedirOp::HereDoc => {
                return Err(self
                    .lx
                    .token_error(SyntaxErrorKind::Unsupported("here-strings (`<<<') are")));
            }
            Token::Eof => {
                return Err(self
                    .lx
                    .token_error(SyntaxErrorKind::UnexpectedToken("newline".into())));
            }
            tok => return Err(self.unexpected(&tok)),
        };
        let here = matches!(op, RedirOp::HereDoc | RedirOp::HereDocDash).then(|| {
            let doc = HereDoc {
                quoted: target.parts.iter().any(|p| {
                    matches!(
                        p,
                        WordPart::Single(_)
                            | WordPart::Double(_)
                            | WordPart::Escaped(_)
                            | WordPart::Unicode { .. }
                    )
                }),
                delimiter: delimiter_text(&target),
                strip_tabs: op == RedirOp::HereDocDash,
                body: Default::default(),
            };
            self.lx.push_here_doc(doc.clone());
            doc
        });
        let (mut redir, rest) = Redir::new(fd, op, target);
        redir.here = here;
        Ok((redir, rest))
    }

    fn simple_command(&mut self) -> LexResult<SimpleCommand> {
        let mut cmd = SimpleCommand {
            assigns: Vec::new(),
            // Room for a command and a few arguments, allocated at once.
            words: Vec::with_capacity(4),
            redirs: Vec::new(),
            line: self.lx.line(),
        };
        let mut first = true;
        loop {
            // The word after an alias whose text ends in a blank may be
            // an alias too (`alias sudo='sudo '`).
            // So may the command word after assignments and redirections.
            if matches!(self.peek()?, Token::Word(_))
                && (self.lx.after_blank_alias() || !first && cmd.words.is_empty())
                && self.expand_aliases()?
            {
                continue;
            }
            let fd = match self.peek()? {
                Token::Word(_) => {
                    let Token::Word(word) = self.next()? else {
                        unreachable!("peeked a word")
                    };
                    if cmd.words.is_empty()
                        && let Some(assign) = word.as_assignment()
                    {
                        cmd.assigns.push(assign);
                    } else {
                        cmd.words.push(word);
                    }
                    if first {
                        // bash's line for a command (LINENO, messages) is
                        // where the token after its first word ends.
                        if matches!(self.peek()?, Token::Word(_)) {
                            cmd.line = self.lx.line();
                        }
                    }
                    first = false;
                    continue;
                }
                Token::IoNumber(n) => {
                    let n = *n;
                    self.next()?;
                    Some(n)
                }
                Token::Op(Op::Redir(_) | Op::HereDoc | Op::HereDocDash) => None,
                tok => {
                    if first {
                        let tok = tok.clone();
                        return Err(self.unexpected(&tok));
                    }
                    return Ok(cmd);
                }
            };
            if first {
                cmd.line = self.lx.line();
            }
            first = false;
            let (redir, rest) = self.redirection(fd)?;
            cmd.redirs.push(redir);
            // `>&-x`: bash reads the `-` alone, and `x` is a word of the
            // command.
            cmd.words.extend(rest);
        }
    }
}

/// The line that ends a here-document: its delimiter word with quotes
/// removed, and nothing expanded (`<<$x` waits for a line `$x`).
fn delimiter_text(word: &Word) -> Vec<u8> {
    fn parts_text(parts: &[WordPart], out: &mut Vec<u8>) {
        for part in parts {
            match part {
                WordPart::Lit(text) | WordPart::Single(text) => out.extend_from_slice(text),
                WordPart::Escaped(b) => out.push(*b),
                WordPart::Double(inner) => parts_text(inner, out),
                other => crate::syntax::ast::Unparse::unparse(other, out),
            }
        }
    }
    let mut out = Vec::new();
    parts_text(&word.parts, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::RedirOp;
    use crate::syntax::lexer::StrSource;

    fn parse_all(text: &str) -> Result<Vec<List>, SyntaxError> {
        let mut src = StrSource::new(text);
        let mut p = Parser::new(&mut src);
        let mut out = Vec::new();
        while let Some(list) = p.parse_command()? {
            out.push(list);
        }
        Ok(out)
    }

    fn simple(l: &List) -> &SimpleCommand {
        match &l.items[0].and_or.first.commands[0] {
            Command::Simple(c) => c,
            other => panic!("not simple: {other:?}"),
        }
    }

    fn parse_one(text: &str) -> List {
        let mut all = parse_all(text).expect("parse error");
        assert_eq!(all.len(), 1, "{text}");
        all.remove(0)
    }

    fn error_of(text: &str) -> (Vec<String>, u32) {
        let e = parse_all(text).expect_err(text);
        (e.messages(), e.line)
    }

    #[test]
    fn lists_and_background() {
        let l = parse_one("a; b & c");
        assert_eq!(l.items.len(), 3);
        assert!(!l.items[0].background);
        assert!(l.items[1].background);
        assert!(!l.items[2].background);
        assert!(parse_one("a &").items[0].background);
    }

    #[test]
    fn and_or_and_pipelines() {
        let l = parse_one("! a | b && c || d");
        let ao = &l.items[0].and_or;
        assert!(ao.first.negated);
        assert_eq!(ao.first.commands.len(), 2);
        assert_eq!(ao.rest.len(), 2);
        assert_eq!(ao.rest[0].0, Connector::And);
        assert_eq!(ao.rest[1].0, Connector::Or);
    }

    #[test]
    fn operators_continue_onto_next_line() {
        let l = parse_one("a |\n\n b &&\n c");
        assert_eq!(l.items[0].and_or.first.commands.len(), 2);
        assert_eq!(l.items[0].and_or.rest.len(), 1);
    }

    #[test]
    fn one_command_per_line() {
        assert_eq!(parse_all("a\n\n# c\nb\n").unwrap().len(), 2);
    }

    #[test]
    fn assignments_only_before_the_name() {
        let l = parse_one("A=1 B=2 cmd C=3");
        let c = simple(&l);
        assert_eq!(c.assigns.len(), 2);
        assert_eq!(c.words.len(), 2);
        assert_eq!(c.assigns[1].name, b"B");
        let l = parse_one("'A'=1");
        assert!(simple(&l).assigns.is_empty());
    }

    #[test]
    fn redirections() {
        let l = parse_one("cmd 2>&1 >f <in 3>>log &>all");
        let r = &simple(&l).redirs;
        assert_eq!(r.len(), 5);
        assert_eq!((r[0].fd, r[0].op), (Some(2), RedirOp::DupOut));
        assert_eq!((r[1].fd, r[1].op), (None, RedirOp::Out));
        assert_eq!(r[3].op, RedirOp::Append);
        assert_eq!(r[4].op, RedirOp::OutErr);
        let only = parse_one(">f");
        assert!(simple(&only).words.is_empty());
    }

    #[test]
    fn syntax_errors_match_bash() {
        let (m, line) = error_of("echo first\necho a | | b\n");
        assert_eq!(m[0], "syntax error near unexpected token `|'");
        assert_eq!(m[1], "`echo a | | b'");
        assert_eq!(line, 2);
        assert_eq!(
            error_of("; ;").0[0],
            "syntax error near unexpected token `;'"
        );
        assert_eq!(
            error_of("& &").0[0],
            "syntax error near unexpected token `&'"
        );
        assert_eq!(
            error_of("echo )").0[0],
            "syntax error near unexpected token `)'"
        );
        assert_eq!(
            error_of("a ;; b").0[0],
            "syntax error near unexpected token `;;'"
        );
        assert_eq!(
            error_of("echo >\n").0[0],
            "syntax error near unexpected token `newline'"
        );
        assert_eq!(
            error_of("echo >").0[0],
            "syntax error near unexpected token `newline'"
        );
        assert_eq!(
            error_of("a > | b").0[0],
            "syntax error near unexpected token `|'"
        );
    }

    #[test]
    fn unexpected_end_of_file() {
        let (m, line) = error_of("echo a &&");
        assert_eq!(m, vec!["syntax error: unexpected end of file"]);
        assert_eq!(line, 2);
        let (m, line) = error_of("x\na |\n");
        assert_eq!(m, vec!["syntax error: unexpected end of file"]);
        assert_eq!(line, 3);
        let (m, _) = error_of("echo \"abc\n");
        assert_eq!(m, vec!["unexpected EOF while looking for matching `\"'"]);
    }

    #[test]
    fn commands_before_an_error_parse() {
        let mut src = StrSource::new("echo ok\necho |;\n");
        let mut p = Parser::new(&mut src);
        assert!(p.parse_command().unwrap().is_some());
        assert!(p.parse_command().is_err());
    }

    #[test]
    fn bang_only_starts_a_pipeline() {
        assert_eq!(
            error_of("true | ! false").0[0],
            "syntax error near unexpected token `!'"
        );
        let l = parse_one("!");
        assert!(l.items[0].and_or.first.negated);
        assert!(l.items[0].and_or.first.commands.is_empty());
    }

    #[test]
    fn arithmetic_is_a_word_part() {
        let l = parse_one("echo $(( (1+2) * $x ))\"$((y))\"");
        let w = &simple(&l).words[1];
        let crate::syntax::ast::WordPart::Arith(parts) = &w.parts[0] else {
            panic!("{w:?}")
        };
        assert_eq!(parts[0], WordPart::Lit(b" (1+2) * ".to_vec()));
        assert!(
            matches!(&w.parts[1], WordPart::Double(inner) if matches!(inner[0], WordPart::Arith(_)))
        );
    }

    fn subst_of(w: &Word) -> &crate::syntax::ast::CommandSubst {
        match &w.parts[0] {
            WordPart::CommandSubst(sub) => sub,
            WordPart::Double(inner) => match &inner[0] {
                WordPart::CommandSubst(sub) => sub,
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn command_substitutions_are_parsed_lists() {
        let l = parse_one("echo $(ls; case x in x) a;; esac) \"$(b | c)\" `d \\`e\\``");
        let words = &simple(&l).words;
        let first = subst_of(&words[1]);
        assert_eq!(first.list.items.len(), 2);
        assert!(first.backquoted.is_none());
        assert!(matches!(
            &first.list.items[1].and_or.first.commands[0],
            Command::Compound(c, _, _) if matches!(**c, CompoundCommand::Case { .. })
        ));
        assert_eq!(
            subst_of(&words[2]).list.items[0]
                .and_or
                .first
                .commands
                .len(),
            2
        );
        let back = subst_of(&words[3]);
        assert_eq!(back.backquoted.as_deref(), Some(&b"d \\`e\\`"[..]));
        assert!(matches!(
            &simple(&back.list).words[1].parts[0],
            WordPart::CommandSubst(inner) if inner.backquoted.as_deref() == Some(&b"e"[..])
        ));
        // `$((` that `))` does not close is a subshell in a substitution.
        let l = parse_one("echo $((echo a) )");
        let sub = subst_of(&simple(&l).words[1]);
        assert!(matches!(
            &sub.list.items[0].and_or.first.commands[0],
            Command::Compound(c, _, _) if matches!(**c, CompoundCommand::Subshell(_))
        ));
        // Here-documents inside are read inside.
        let l = parse_one("echo $(cat <<E\nbody\nE\n) after");
        assert_eq!(simple(&l).words.len(), 3);
        // Errors inside are bash's.
        assert_eq!(
            error_of("echo $(echo a; fi)").0[0],
            "syntax error near unexpected token `fi'"
        );
        let (m, line) = error_of("echo $(echo a");
        assert_eq!(m, vec!["unexpected EOF while looking for matching `)'"]);
        assert_eq!(line, 2);
        assert_eq!(
            error_of("echo `echo a").0,
            vec!["unexpected EOF while looking for matching ``'"]
        );
        // A here-document left open in backquotes is refused (bash and
        // dash run its body as commands); at a `)` its body follows the
        // line, as in bash.
        assert!(error_of("echo `cat <<E`\nx\nE\n").0[0].contains("here-document"));
        assert!(parse_all("echo $(cat <<E)\nx\nE\n").is_ok());
        // A backquoted body that does not parse is bash's error when it runs.
        assert!(subst_of(&simple(&parse_one("echo `fi`")).words[1]).broken);
    }

    #[test]
    fn here_document_bodies_follow_the_line() {
        let all =
            parse_all("cat <<A; cat <<-'B' 3<<\\C\n$x a\nA\n\tb $y\n\tB\nc\nC\nnext\n").unwrap();
        assert_eq!(all.len(), 2, "the bodies are no commands");
        let docs: Vec<_> = all[0]
            .items
            .iter()
            .flat_map(|i| &i.and_or.first.commands)
            .flat_map(|c| match c {
                Command::Simple(c) => &c.redirs,
                other => panic!("not simple: {other:?}"),
            })
            .map(|r| r.here.as_ref().expect("a here-document"))
            .collect();
        let body = |i: usize| &docs[i].body.get().expect("read").text;
        assert!(!docs[0].quoted && docs[1].quoted && docs[2].quoted);
        assert!(matches!(&body(0).parts[0], WordPart::Param(_)));
        assert_eq!(body(1).parts, vec![WordPart::Lit(b"b $y\n".to_vec())]);
        assert_eq!(body(2).parts, vec![WordPart::Lit(b"c\n".to_vec())]);
        assert_eq!(docs[2].delimiter, b"C");
    }

    #[test]
    fn printing_round_trips() {
        for text in [
            "a 'b c' \"d $x ${y:-z w}\" \\e ~/f 2>&1 >out && ! g | h &",
            "A=1 cmd ${#v} ${v:=q} <in; b || c",
            "echo $'a\\'b\\\\' \"${x:-$'c\\td' 'q'}\" $'\\u00e9x\\U0001F600' $\"y $z\" $''",
            "echo $(a; if b; then c; elif d; then e; fi) \"$(for i; do :; done)\" `f \\`g\\``",
            "x=$( (a) ) $(case esac in (esac) b;; c) ;; esac) $(<in if) $(! a) $(cat <<E\nx\nE\n)",
        ] {
            let once = parse_one(text);
            let again = parse_one(&once.to_string());
            assert_eq!(once, again, "{text} -> {once}");
        }
    }
}
