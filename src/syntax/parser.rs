//! Tokens to syntax tree, one complete command at a time.
//!
//! The parser asks for the next line only when the command is unfinished
//! (a trailing `|`, `&&`, `||`, an open quote), and returns as soon as it has
//! read the newline that ends a command.
//!
//! This file is the top-level and list grammar: lists, and-or lists,
//! pipelines and the choice of a command's kind. The compound commands
//! are in `compound`, simple commands and redirections in `simple`.

use std::rc::Rc;

use crate::syntax::ast::{
    AndOr, CaseArm, CaseEnd, Command, CompoundCommand, Connector, FunctionBody, FunctionDef,
    HereDoc, Line, List, ListItem, Pipeline, Redir, RedirOp, SimpleCommand, Time, Unparse, Word,
    WordPart,
};
use crate::syntax::compact::Compact;
use crate::syntax::lexer::{LexResult, Lexer, LineSource, Op, SyntaxError, SyntaxErrorKind, Token};

mod compound;
mod simple;

pub struct Parser<'s> {
    lx: Lexer<'s>,
    /// A token read but not yet used, kept between commands.
    peeked: Option<Token>,
    /// Return an empty command for a blank line instead of reading on, so
    /// that an interactive shell prompts (and reports jobs) each time.
    pub stop_at_blank_lines: bool,
    /// The text of the last complete command as typed, when it is on one
    /// line (see [`crate::syntax::lexer::Lexer::command_text`]).
    typed: Option<Box<[u8]>>,
}

impl<'s> Parser<'s> {
    pub fn new(src: &'s mut dyn LineSource) -> Self {
        Parser {
            lx: Lexer::new(src),
            peeked: None,
            stop_at_blank_lines: false,
            typed: None,
        }
    }

    /// The next complete command, or `None` at end of input. Blank lines and
    /// comment lines are skipped.
    pub fn parse_command(&mut self) -> LexResult<Option<List>> {
        let mut g = Grammar {
            lx: &mut self.lx,
            peeked: self.peeked.take(),
        };
        let parsed = g.command_line(self.stop_at_blank_lines, &mut self.typed);
        self.peeked = g.peeked.take();
        parsed
    }

    /// The last command [`Self::parse_command`] gave, as typed, if it was
    /// on one line and no alias was expanded in it.
    pub fn take_typed(&mut self) -> Option<Box<[u8]>> {
        self.typed.take()
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
    fn command_line(
        &mut self,
        stop_at_blank_lines: bool,
        typed: &mut Option<Box<[u8]>>,
    ) -> LexResult<Option<List>> {
        *typed = None;
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
        // The first token is read: the command's text starts there (kept
        // at the prompt only, for `jobs`; a script has no use for it).
        let mark = self.lx.body_mark().filter(|_| stop_at_blank_lines);
        let list = self.list().map_err(|e| self.after_error(e))?;
        // The token that ends it (read, not yet taken) ends the text.
        *typed = mark.and_then(|m| self.lx.command_text(m));
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

    fn expect_op(&mut self, op: Op) -> LexResult<()> {
        match self.next()? {
            Token::Op(o) if o == op => Ok(()),
            tok => Err(self.unexpected(&tok)),
        }
    }
}

#[cfg(test)]
mod tests;
