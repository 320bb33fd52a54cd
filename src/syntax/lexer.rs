//! Input bytes to tokens. The lexer pulls lines from a [`LineSource`] only
//! when it needs them, so that the shell never reads past the command it is
//! about to run (a child may want the rest of stdin).
//!
//! This file is the token reader's core: the input buffer, the tokens and
//! operators, the errors. What it reads is in modules of its own: words
//! (`word`), parameter expansions (`param`), substitutions
//! (`substitution`), `$'...'` (`ansi_c`), here-documents (`here_doc`),
//! alias substitution (`alias_expansion`) and the text marks of function
//! bodies (`body_text`).

use std::io;

mod alias_expansion;
mod ansi_c;
mod body_text;
mod here_doc;
mod param;
mod substitution;
mod word;

use here_doc::PendingHereDoc;
pub use here_doc::Warning;
use word::Ctx;

use crate::syntax::alias::{self, SharedAliases};
use crate::syntax::ast::{
    CommandSubst, HereBody, HereDoc, List, Param, ParamOp, RedirOp, ReplaceKind, Word, WordPart,
};

/// Where the lexer gets its text: a string, a file, a pipe or the terminal.
pub trait LineSource {
    /// Append the next line, with its newline if it has one, to `buf`.
    /// Returns `Ok(false)` at end of input. `continuation` is true when the
    /// line continues a command already begun (the PS2 prompt).
    fn read_line(&mut self, buf: &mut Vec<u8>, continuation: bool) -> io::Result<bool>;

    /// The command read so far is complete and about to run (the line
    /// editor makes its history entry now).
    fn command_complete(&mut self) {}
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Word(Word),
    /// Digits written right before a redirection operator: `2>`.
    IoNumber(i32),
    Op(Op),
    Newline,
    Eof,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Semi,
    DoubleSemi,
    /// `;&`
    SemiAmp,
    /// `;;&`
    DoubleSemiAmp,
    Amp,
    AndIf,
    Pipe,
    OrIf,
    LParen,
    RParen,
    Redir(RedirOp),
    HereDoc,
    HereDocDash,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Semi => ";",
            Op::DoubleSemi => ";;",
            Op::SemiAmp => ";&",
            Op::DoubleSemiAmp => ";;&",
            Op::Amp => "&",
            Op::AndIf => "&&",
            Op::Pipe => "|",
            Op::OrIf => "||",
            Op::LParen => "(",
            Op::RParen => ")",
            Op::Redir(r) => r.as_str(),
            Op::HereDoc => "<<",
            Op::HereDocDash => "<<-",
        }
    }
}

#[derive(Debug)]
pub enum SyntaxErrorKind {
    /// ``syntax error near unexpected token `X'``
    UnexpectedToken(String),
    /// `syntax error: unexpected end of file`
    UnexpectedEof,
    /// ``unexpected EOF while looking for matching `"'``
    Unmatched(u8),
    /// `${...}` nested deeper than [`max_nesting`].
    TooDeep,
    /// Compound commands nested deeper than [`max_compound_nesting`].
    CompoundTooDeep,
    /// A here-document begun in backquotes and not read before the
    /// closing one (`` `cat <<E` ``). bash reads its body from the text
    /// between the backquotes, finds none, and runs the body's lines as
    /// commands; dash too. jsh refuses it: a here-document never makes
    /// the shell run its body. (In `$(...)` the body is read after the
    /// line, as bash does.) With `)`: the same in a `$(...)` inside a
    /// here-document's body, which has no line after it to read from.
    HereDocLeftOpen(u8),
    /// A here-document begun in a `$(...)` that ended before its body,
    /// whose body the end of input cuts short (the message after
    /// `syntax error: `; a `Box<str>`, which fits beside the `String` of
    /// `UnexpectedToken`, so that the error, returned by every recursive
    /// call of the lexer, stays as small as it was: a second `String`
    /// makes it 8 bytes larger, and 500 nested `"${a:-` overflow the
    /// stack of a debug build). bash
    /// warns and takes what there is; jsh refuses it, as no text puts such
    /// a body back inside its `$(...)` (where it is printed) and reads the
    /// same.
    SubstHereDocAtEof(Box<str>),
    /// bash syntax jsh does not have (`[[`, arrays, here-strings): said
    /// so when parsed, rather than run as something else.
    Unsupported(&'static str),
    /// The input itself could not be read.
    Io(io::Error),
}

/// How deep `${...}` may nest at most. The lexer, the expander and the
/// tree's destructor all recurse once per level; see [`max_nesting`].
pub const MAX_NESTING: u32 = 512;

/// The nesting allowed with this process's stack: a level takes up to about
/// 12 KiB of stack (unoptimised build), and a tiny `ulimit -s` must not let
/// input overflow it.
pub fn max_nesting() -> u32 {
    static LIMIT: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *LIMIT.get_or_init(|| {
        let stack = nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_STACK)
            .map(|(soft, _)| soft)
            .unwrap_or(8 << 20);
        let levels = stack.saturating_sub(512 << 10) / (12 << 10);
        levels.clamp(16, u64::from(MAX_NESTING)) as u32
    })
}

/// How deep compound commands may nest: parsing, running and dropping one
/// level takes up to about 20 KiB of stack in an unoptimised build
/// (measured: 600 nested `{ }` overflow 8 MiB), so half the `${...}`
/// allowance.
pub fn max_compound_nesting() -> u32 {
    (max_nesting() / 2).max(8)
}

#[derive(Debug)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub line: u32,
    /// The text of the line the error is on, as bash echoes it.
    pub line_text: Vec<u8>,
}

impl SyntaxError {
    /// The message lines, without the `jsh: line N: ` prefix.
    pub fn messages(&self) -> Vec<String> {
        self.message_bytes()
            .into_iter()
            .map(|m| String::from_utf8_lossy(&m).into_owned())
            .collect()
    }

    /// The message lines as bytes: the offending line is echoed exactly as
    /// it was read.
    pub fn message_bytes(&self) -> Vec<Vec<u8>> {
        if let SyntaxErrorKind::UnexpectedToken(tok) = &self.kind {
            return vec![
                format!("syntax error near unexpected token `{tok}'").into_bytes(),
                [b"`".as_slice(), &self.line_text, b"'"].concat(),
            ];
        }
        self.plain_messages()
            .into_iter()
            .map(String::into_bytes)
            .collect()
    }

    fn plain_messages(&self) -> Vec<String> {
        match &self.kind {
            SyntaxErrorKind::UnexpectedToken(_) => Vec::new(),
            SyntaxErrorKind::UnexpectedEof => vec!["syntax error: unexpected end of file".into()],
            SyntaxErrorKind::Unmatched(q) => vec![format!(
                "unexpected EOF while looking for matching `{}'",
                *q as char
            )],
            SyntaxErrorKind::TooDeep => vec![format!(
                "syntax error: expansions nested more than {} deep",
                max_nesting()
            )],
            SyntaxErrorKind::CompoundTooDeep => vec![format!(
                "syntax error: compound commands nested more than {} deep",
                max_compound_nesting()
            )],
            SyntaxErrorKind::HereDocLeftOpen(b'`') => vec![
                "syntax error: here-document in backquotes not ended before the closing ``'".into(),
            ],
            SyntaxErrorKind::HereDocLeftOpen(_) => vec![
                "syntax error: here-document in command substitution not ended before `)'".into(),
            ],
            SyntaxErrorKind::SubstHereDocAtEof(what) => vec![format!("syntax error: {what}")],
            SyntaxErrorKind::Unsupported(what) => {
                vec![format!("syntax error: {what} not supported")]
            }
            SyntaxErrorKind::Io(e) => vec![format!("read error: {e}")],
        }
    }
}

pub type LexResult<T> = Result<T, SyntaxError>;

pub fn is_meta(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')'
    )
}

pub fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

pub fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

pub fn is_name(s: &[u8]) -> bool {
    match s.split_first() {
        Some((&first, rest)) => is_name_start(first) && rest.iter().all(|&b| is_name_char(b)),
        None => false,
    }
}

pub struct Lexer<'s> {
    src: &'s mut dyn LineSource,
    buf: Vec<u8>,
    pos: usize,
    /// Line number of the byte at `pos`, from 1.
    line: u32,
    /// Index in `buf` where the line holding `pos` begins.
    line_start: usize,
    eof: bool,
    /// Lines have been read for the command being parsed (so the next is a
    /// continuation line).
    started: bool,
    /// Where the last token began, for error messages.
    tok_line: u32,
    tok_line_start: usize,
    /// Current nesting of `${...}`, `$((...))` and command substitutions.
    depth: u32,
    /// Compound commands open around the parser, substitutions included
    /// (see [`max_compound_nesting`]).
    pub(crate) compound_depth: u32,
    /// Here-documents begun on the current line, read after its newline.
    pending: Vec<PendingHereDoc>,
    /// Warnings to tell (a here-document ended by end of file): the line
    /// they are told at and bash's text without the prefix.
    warnings: Vec<Warning>,
    /// The last `(` read was followed at once by another (`((`).
    paren_doubled: bool,
    /// Where the last token began in `buf` (an alias replaces it there).
    tok_start: usize,
    /// The aliases to expand, if any may be.
    aliases: Option<SharedAliases>,
    /// Alias texts being read, against recursion.
    active: alias::Active,
    /// An alias whose text ends in a blank ended here: the next word is
    /// checked for an alias too.
    alias_blank_end: Option<usize>,
    /// How many aliases have been expanded: a function body whose text
    /// had one is not kept as text (see [`Self::body_text`]).
    alias_expansions: u32,
    /// The last token was `<&` or `>&`, after which a `-` is a token of
    /// its own, as in bash: `>&-1` closes standard output and gives the
    /// command the word `1`, and in `>&-#x` the `#` begins a comment.
    after_dup: bool,
    /// Reading the text between backquotes, which must hold the bodies
    /// of its here-documents (see [`SyntaxErrorKind::HereDocLeftOpen`]).
    pub(crate) in_backquotes: bool,
}

impl<'s> Lexer<'s> {
    pub fn new(src: &'s mut dyn LineSource) -> Self {
        Lexer {
            src,
            buf: Vec::new(),
            pos: 0,
            line: 1,
            line_start: 0,
            eof: false,
            started: false,
            tok_line: 1,
            tok_line_start: 0,
            depth: 0,
            compound_depth: 0,
            pending: Vec::new(),
            warnings: Vec::new(),
            paren_doubled: false,
            tok_start: 0,
            aliases: None,
            active: alias::Active::default(),
            alias_blank_end: None,
            alias_expansions: 0,
            after_dup: false,
            in_backquotes: false,
        }
    }

    /// Whether the last `(` read was written `((`: at the start of a
    /// command that is bash's arithmetic command.
    pub fn paren_doubled(&self) -> bool {
        self.paren_doubled
    }

    /// Forget consumed text before parsing the next complete command.
    pub fn begin_command(&mut self) {
        self.alias_blank_end = None;
        if self.pos >= self.buf.len() {
            self.active.clear();
            self.buf.clear();
            self.pos = 0;
            self.line_start = 0;
        } else {
            self.active.shift(self.line_start);
            self.buf.drain(..self.line_start);
            self.pos -= self.line_start;
            self.line_start = 0;
        }
        self.started = self.pos < self.buf.len();
    }

    /// Throw away the rest of the current line (after a syntax error at the
    /// prompt, the line is abandoned).
    pub fn discard_line(&mut self) {
        self.active.clear();
        self.alias_blank_end = None;
        // A terminal can be read again after Ctrl+D.
        self.eof = false;
        self.pending.clear();
        self.buf.clear();
        self.pos = 0;
        self.line_start = 0;
    }

    pub fn line(&self) -> u32 {
        self.line
    }

    /// Number the lines from `line` on (the text of `eval` continues
    /// the line it is on).
    pub fn set_line(&mut self, line: u32) {
        self.line = line;
        self.tok_line = line;
    }

    /// See [`LineSource::command_complete`].
    pub fn command_complete(&mut self) {
        self.src.command_complete();
    }

    fn more(&mut self) -> LexResult<bool> {
        if self.eof {
            return Ok(false);
        }
        let old = self.buf.len();
        let got = self
            .src
            .read_line(&mut self.buf, self.started)
            .map_err(|e| self.error(SyntaxErrorKind::Io(e)))?;
        self.started = true;
        if !got {
            self.eof = true;
            return Ok(false);
        }
        // NUL cannot be passed to exec and bash drops it from input too.
        if self.buf[old..].contains(&0) {
            let tail: Vec<u8> = self.buf[old..]
                .iter()
                .copied()
                .filter(|&b| b != 0)
                .collect();
            self.buf.truncate(old);
            self.buf.extend_from_slice(&tail);
        }
        Ok(true)
    }

    fn peek(&mut self) -> LexResult<Option<u8>> {
        loop {
            if let Some(&b) = self.buf.get(self.pos) {
                return Ok(Some(b));
            }
            if !self.more()? {
                return Ok(None);
            }
        }
    }

    /// Like `peek`, but first skips backslash-newline pairs, which sh removes
    /// before it looks for names (`$HO\<newline>ME` is `$HOME`).
    fn peek_joined(&mut self) -> LexResult<Option<u8>> {
        while self.peek()? == Some(b'\\') && self.peek_at(1)? == Some(b'\n') {
            self.bump();
            self.bump();
        }
        self.peek()
    }

    /// The byte `offset` ahead with backslash-newline pairs between skipped
    /// (not consumed): `${x:\<newline>-y}` is `${x:-y}`.
    fn peek_joined_at(&mut self, mut offset: usize) -> LexResult<Option<u8>> {
        while self.peek_at(offset)? == Some(b'\\') && self.peek_at(offset + 1)? == Some(b'\n') {
            offset += 2;
        }
        self.peek_at(offset)
    }

    fn peek_at(&mut self, offset: usize) -> LexResult<Option<u8>> {
        while self.pos + offset >= self.buf.len() {
            if !self.more()? {
                return Ok(None);
            }
        }
        Ok(Some(self.buf[self.pos + offset]))
    }

    fn bump(&mut self) {
        if self.buf[self.pos] == b'\n' {
            self.line += 1;
            self.line_start = self.pos + 1;
        }
        self.pos += 1;
    }

    fn line_text(&self, start: usize) -> Vec<u8> {
        let start = start.min(self.buf.len());
        let rest = &self.buf[start..];
        let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        rest[..end].to_vec()
    }

    /// An error at the current position.
    pub fn error(&self, kind: SyntaxErrorKind) -> SyntaxError {
        // bash counts the end of input as the line after the last one.
        let line = match kind {
            SyntaxErrorKind::UnexpectedEof if self.buf.last() != Some(&b'\n') => self.line + 1,
            _ => self.line,
        };
        SyntaxError {
            kind,
            line,
            line_text: self.line_text(self.line_start),
        }
    }

    /// An error about the token just read.
    pub fn token_error(&self, kind: SyntaxErrorKind) -> SyntaxError {
        SyntaxError {
            kind,
            line: self.tok_line,
            line_text: self.line_text(self.tok_line_start),
        }
    }

    fn unmatched(&self, quote: u8, line: u32) -> SyntaxError {
        let mut e = self.error(SyntaxErrorKind::Unmatched(quote));
        e.line = line;
        e
    }

    /// Skip blanks, comments and backslash-newline pairs between tokens.
    fn skip_blanks(&mut self) -> LexResult<()> {
        loop {
            match self.peek()? {
                Some(b' ' | b'\t') => self.bump(),
                Some(b'\\') if self.peek_at(1)? == Some(b'\n') => {
                    self.bump();
                    self.bump();
                }
                Some(b'#') => {
                    while let Some(b) = self.peek()? {
                        if b == b'\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    pub fn next_token(&mut self) -> LexResult<Token> {
        self.skip_blanks()?;
        let after_dup = std::mem::take(&mut self.after_dup);
        self.tok_start = self.pos;
        self.active.close_before(self.pos);
        self.tok_line = self.line;
        self.tok_line_start = self.line_start;
        let Some(b) = self.peek()? else {
            if self.in_backquotes && !self.pending.is_empty() {
                return Err(self.error(SyntaxErrorKind::HereDocLeftOpen(b'`')));
            }
            self.read_here_bodies()?;
            return Ok(Token::Eof);
        };
        if b == b'\n' {
            self.bump();
            self.read_here_bodies()?;
            return Ok(Token::Newline);
        }
        if after_dup && b == b'-' {
            self.bump();
            return Ok(Token::Word(Word::literal(b"-")));
        }
        if let Some(op) = self.read_op(b)? {
            self.after_dup = matches!(op, Op::Redir(RedirOp::DupIn | RedirOp::DupOut));
            return Ok(Token::Op(op));
        }
        let word = self.read_word()?;
        // Digits right before `<` or `>` name a descriptor, if they fit
        // in one (bash takes `99999999999>f` as a word and `>f`).
        if b.is_ascii_digit()
            && let Some(digits) = word.as_literal()
            && digits.iter().all(u8::is_ascii_digit)
            && matches!(self.peek()?, Some(b'<' | b'>'))
            && let Some(fd) = std::str::from_utf8(digits)
                .ok()
                .and_then(|s| s.parse::<i32>().ok())
        {
            return Ok(Token::IoNumber(fd));
        }
        Ok(Token::Word(word))
    }

    /// Consume the operator starting with `b`, longest match first.
    fn read_op(&mut self, b: u8) -> LexResult<Option<Op>> {
        let next = |lx: &mut Self| lx.peek_at(1);
        let (op, len) = match b {
            b';' if next(self)? == Some(b';') => match self.peek_at(2)? {
                Some(b'&') => (Op::DoubleSemiAmp, 3),
                _ => (Op::DoubleSemi, 2),
            },
            b';' if next(self)? == Some(b'&') => (Op::SemiAmp, 2),
            b';' => (Op::Semi, 1),
            b'&' => match next(self)? {
                Some(b'&') => (Op::AndIf, 2),
                Some(b'>') if self.peek_at(2)? == Some(b'>') => (Op::Redir(RedirOp::AppendErr), 3),
                Some(b'>') => (Op::Redir(RedirOp::OutErr), 2),
                _ => (Op::Amp, 1),
            },
            b'|' if next(self)? == Some(b'|') => (Op::OrIf, 2),
            b'|' => (Op::Pipe, 1),
            b'(' => {
                self.paren_doubled = next(self)? == Some(b'(');
                (Op::LParen, 1)
            }
            b')' => (Op::RParen, 1),
            b'<' => match next(self)? {
                Some(b'<') if self.peek_at(2)? == Some(b'-') => (Op::HereDocDash, 3),
                Some(b'<') => (Op::HereDoc, 2),
                Some(b'&') => (Op::Redir(RedirOp::DupIn), 2),
                Some(b'>') => (Op::Redir(RedirOp::ReadWrite), 2),
                _ => (Op::Redir(RedirOp::In), 1),
            },
            b'>' => match next(self)? {
                Some(b'>') => (Op::Redir(RedirOp::Append), 2),
                Some(b'&') => (Op::Redir(RedirOp::DupOut), 2),
                Some(b'|') => (Op::Redir(RedirOp::Clobber), 2),
                _ => (Op::Redir(RedirOp::Out), 1),
            },
            _ => return Ok(None),
        };
        for _ in 0..len {
            self.bump();
        }
        Ok(Some(op))
    }
}

/// The word that `text` is, read as if it stood alone: `None` unless it is
/// exactly one word.
pub fn word_of(text: &[u8]) -> Option<Word> {
    let mut src = StrSource::new(text);
    let mut lx = Lexer::new(&mut src);
    let word = lx.read_word().ok()?;
    let whole = lx.peek().ok()?.is_none() && lx.pending.is_empty();
    (whole && !word.parts.is_empty()).then_some(word)
}

/// `text` read as the body of an unquoted here-document is: parameter,
/// command and arithmetic substitutions, `\` quoting only `$`, `` ` ``,
/// `\` and newline, `"` and `'` as themselves (how prompts are expanded).
/// The syntax error's message, if any.
pub fn text_of(text: &[u8]) -> Result<Word, String> {
    let mut src = StrSource::new(text);
    let mut lx = Lexer::new(&mut src);
    match lx.read_parts(Ctx::HereDoc) {
        Ok(parts) => Ok(Word { parts }),
        Err(e) => Err(e
            .message_bytes()
            .into_iter()
            .map(|m| String::from_utf8_lossy(&m).into_owned())
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

/// A source over a byte string, for `-c` and for tests.
pub struct StrSource {
    text: Vec<u8>,
    pos: usize,
}

impl StrSource {
    pub fn new(text: impl Into<Vec<u8>>) -> Self {
        StrSource {
            text: text.into(),
            pos: 0,
        }
    }
}

impl LineSource for StrSource {
    fn read_line(&mut self, buf: &mut Vec<u8>, _continuation: bool) -> io::Result<bool> {
        let rest = &self.text[self.pos..];
        if rest.is_empty() {
            return Ok(false);
        }
        let len = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| i + 1);
        buf.extend_from_slice(&rest[..len]);
        self.pos += len;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn tokens(text: &str) -> Vec<Token> {
        let mut src = StrSource::new(text);
        let mut lx = Lexer::new(&mut src);
        let mut out = Vec::new();
        loop {
            let t = lx.next_token().expect("lex error");
            if t == Token::Eof {
                return out;
            }
            out.push(t);
        }
    }

    pub(super) fn lit(s: &str) -> Token {
        Token::Word(Word::literal(s.as_bytes()))
    }

    #[test]
    fn operators_longest_match() {
        use Op::*;
        let t = tokens("a&&b||c;;d&>e&>>f 2>&1 <>g >|h");
        assert_eq!(
            t,
            vec![
                lit("a"),
                Token::Op(AndIf),
                lit("b"),
                Token::Op(OrIf),
                lit("c"),
                Token::Op(DoubleSemi),
                lit("d"),
                Token::Op(Redir(RedirOp::OutErr)),
                lit("e"),
                Token::Op(Redir(RedirOp::AppendErr)),
                lit("f"),
                Token::IoNumber(2),
                Token::Op(Redir(RedirOp::DupOut)),
                lit("1"),
                Token::Op(Redir(RedirOp::ReadWrite)),
                lit("g"),
                Token::Op(Redir(RedirOp::Clobber)),
                lit("h"),
            ]
        );
    }

    #[test]
    fn digits_not_before_redirection_are_words() {
        assert_eq!(tokens("echo 2 >x")[1], lit("2"));
        assert_eq!(tokens("echo a2>x")[1], lit("a2"));
    }

    #[test]
    fn the_error_stays_small() {
        // Every recursive call of the lexer returns a `LexResult`: a
        // larger error makes every frame larger, and the nesting the stack
        // allows smaller (tests/hostile.rs nests 500 `"${a:-` deep).
        assert_eq!(std::mem::size_of::<SyntaxErrorKind>(), 24);
    }

    #[test]
    fn comments_and_continuations() {
        assert_eq!(tokens("a # c\nb"), vec![lit("a"), Token::Newline, lit("b")]);
        assert_eq!(tokens("ec\\\nho"), vec![lit("echo")]);
        assert_eq!(tokens("a#b"), vec![lit("a#b")]);
    }

    #[test]
    fn nul_bytes_are_dropped() {
        assert_eq!(tokens("ec\0ho"), vec![lit("echo")]);
    }
}
