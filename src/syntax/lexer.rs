//! Input bytes to tokens. The lexer pulls lines from a [`LineSource`] only
//! when it needs them, so that the shell never reads past the command it is
//! about to run (a child may want the rest of stdin).

use std::io;

mod ansi_c;
mod substitution;

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

/// What a backslash escape in `$'...'` stands for.
enum Escape {
    Byte(u8),
    /// Text kept as written: an unknown escape keeps its backslash.
    Text(&'static [u8]),
    /// `\u` or `\U` beyond ASCII, whose bytes depend on the locale.
    Unicode {
        code: u32,
        long: bool,
    },
}

/// What may come between `${` and the name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NamePrefix {
    None,
    /// `${#name}`
    Length,
    /// bash's `${!name}`
    Indirect,
}

/// What ends the run of word text being scanned.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// A plain word: ends at a metacharacter.
    Unquoted,
    /// The word of `${x:-word}` outside double quotes: ends at `}`.
    Brace,
    /// Inside `"..."`: ends at `"`.
    Double,
    /// The word of `${x:-word}` inside double quotes: ends at `}`. A
    /// single quote is literal but hides a `}` up to the next one, as in
    /// bash (`"${v-'}'}"` is `'}'`).
    DoubleBrace,
    /// The pattern of `${x/pat/rep}`: as `Brace`, and ends at `/` too.
    /// The words of the pattern operators have quotes of their own, even
    /// inside double quotes.
    BracePattern,
    /// The offset and length of `${x:off:len}`: arithmetic text, quoted
    /// as in double quotes; ends at `:` or `}`.
    Offset,
    /// The expression of `$((...))`: ends at a `)` that closes no `(`;
    /// quoted as in double quotes, where `"` quotes too.
    Arith,
    /// The body of a here-document with an unquoted delimiter: ends with
    /// the text; only `\$`, `` \` ``, `\\` and `\newline` are escapes.
    HereDoc,
}

impl Ctx {
    fn quoted(self) -> bool {
        matches!(
            self,
            Ctx::Double | Ctx::DoubleBrace | Ctx::Arith | Ctx::HereDoc | Ctx::Offset
        )
    }
}

/// A here-document whose body is still to be read.
pub(crate) struct PendingHereDoc {
    doc: HereDoc,
    /// The line of its `<<`, for the warning at end of file.
    line: u32,
    /// Begun in a `$(...)` that ended before its body was read: its body
    /// follows the line the substitution is on (and it was warned of).
    deferred: bool,
}

/// A warning of reading the input (a here-document ended by the end of
/// input), without bash's `warning: `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The line it is told at.
    pub line: u32,
    pub message: String,
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

/// Where a function body starts, to take its text from when it ends.
#[derive(Clone, Copy)]
pub(crate) struct BodyMark {
    start: usize,
    pub(crate) line: u32,
    alias_expansions: u32,
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

    /// At the token just read, which starts a function body: where its
    /// text begins, unless a here-document is pending, whose lines would
    /// be read inside the body.
    pub(crate) fn body_mark(&self) -> Option<BodyMark> {
        self.pending.is_empty().then_some(BodyMark {
            start: self.tok_start,
            line: self.tok_line,
            alias_expansions: self.alias_expansions,
        })
    }

    /// Right after the last token of the body begun at `mark`: the exact
    /// text that was read as the body, if parsing it again (from line
    /// `mark.line`, with no aliases) gives the same tree. Not if an alias
    /// was expanded in it (the buffer holds the alias's text instead of
    /// the word) or a here-document begun in it is still to be read (its
    /// lines come after). See [`crate::syntax::function_body`].
    pub(crate) fn body_text(&self, mark: BodyMark) -> Option<Box<[u8]>> {
        let whole = self.alias_expansions == mark.alias_expansions
            && self.pending.is_empty()
            && mark.start <= self.pos;
        whole.then(|| self.buf[mark.start..self.pos].into())
    }

    /// Expand the aliases of `table` in command words from now on.
    pub fn set_aliases(&mut self, table: SharedAliases) {
        self.aliases = Some(table);
    }

    pub fn aliases(&self) -> Option<&SharedAliases> {
        self.aliases.as_ref()
    }

    /// The word token just read stands where a command word may (first
    /// in a simple command, or after an alias ending in a blank): if it
    /// is an alias not already being expanded, put its text in the word's
    /// place, to be read again. Whether it was replaced.
    /// Would [`Self::substitute_alias`] replace this word?
    pub fn is_alias(&self, word: &Word) -> bool {
        let (Some(table), Some(name)) = (&self.aliases, word.as_literal()) else {
            return false;
        };
        !self.active.contains(name) && table.get(name).is_some()
    }

    pub fn substitute_alias(&mut self, word: &Word) -> bool {
        let Some(table) = &self.aliases else {
            return false;
        };
        let Some(name) = word.as_literal() else {
            return false;
        };
        if self.active.contains(name) {
            return false;
        }
        let Some(text) = table.get(name) else {
            return false;
        };
        let start = self.tok_start;
        let old_len = self.pos - start;
        self.alias_expansions = self.alias_expansions.wrapping_add(1);
        self.buf.splice(start..self.pos, text.iter().copied());
        self.pos = start;
        self.active.open(name, start, old_len, text.len());
        if matches!(text.last(), Some(b' ' | b'\t')) {
            self.alias_blank_end = Some(start + text.len());
        }
        true
    }

    /// Whether the word token just read comes right after the text of an
    /// alias that ended in a blank (POSIX: it is checked for an alias).
    pub fn after_blank_alias(&mut self) -> bool {
        match self.alias_blank_end {
            Some(end) if self.tok_start >= end => {
                self.alias_blank_end = None;
                true
            }
            _ => false,
        }
    }

    /// Whether any alias may be expanded (most shells define none).
    pub fn has_aliases(&self) -> bool {
        self.aliases.is_some()
    }

    /// Whether the last `(` read was written `((`: at the start of a
    /// command that is bash's arithmetic command.
    pub fn paren_doubled(&self) -> bool {
        self.paren_doubled
    }

    /// Read the body of `doc` after the line now being read ends.
    pub fn push_here_doc(&mut self, doc: HereDoc) {
        self.pending.push(PendingHereDoc {
            doc,
            line: self.tok_line,
            deferred: false,
        });
    }

    /// After a syntax error on a line that began here-documents: skip the
    /// rest of the line and read their bodies, as bash does, so that no
    /// body line is ever taken for a command (at the prompt they are read
    /// with PS2). The line reached, or `None` if there was nothing to do.
    pub fn skip_here_docs_after_error(&mut self) -> Option<u32> {
        if self.pending.is_empty() {
            return None;
        }
        loop {
            match self.peek() {
                Ok(Some(b'\n')) => {
                    self.bump();
                    break;
                }
                Ok(Some(_)) => self.bump(),
                Ok(None) | Err(_) => break,
            }
        }
        if self.read_here_bodies().is_err() {
            self.pending.clear();
        }
        Some(self.line - u32::from(self.buf[..self.pos].last() == Some(&b'\n')))
    }

    /// The warnings since the last call.
    pub fn take_warnings(&mut self) -> Vec<Warning> {
        std::mem::take(&mut self.warnings)
    }

    /// After the newline that ends a line (or at the end of input): the
    /// bodies of the here-documents begun on it, in order.
    fn read_here_bodies(&mut self) -> LexResult<()> {
        for pending in std::mem::take(&mut self.pending) {
            let body = self.read_here_body(&pending)?;
            if pending.deferred && body.to_eof {
                self.warnings.pop();
                return Err(self.error(SyntaxErrorKind::SubstHereDocAtEof(
                    format!(
                        "here-document at line {} delimited by end-of-file (wanted `{}') \
                     after the command substitution it is in",
                        pending.line,
                        String::from_utf8_lossy(&pending.doc.delimiter)
                    )
                    .into_boxed_str(),
                )));
            }
            // Set once: a body is read only once.
            let _ = pending.doc.body.set(body);
        }
        Ok(())
    }

    fn read_here_body(&mut self, p: &PendingHereDoc) -> LexResult<HereBody> {
        let first_line = self.line;
        let mut text = Vec::new();
        let mut to_eof = false;
        loop {
            let Some(line) = self.raw_line(!p.doc.quoted, p.doc.strip_tabs)? else {
                // bash tells it at the last line read.
                let at = self.line - u32::from(self.buf.last() == Some(&b'\n'));
                self.warnings.push(Warning {
                    line: at,
                    message: format!(
                        "here-document at line {} delimited by end-of-file (wanted `{}')",
                        p.line,
                        String::from_utf8_lossy(&p.doc.delimiter)
                    ),
                });
                to_eof = true;
                // A terminal is read again after Ctrl+D (the command with
                // the here-document runs, then the next prompt comes);
                // a file or string just ends again.
                self.eof = false;
                break;
            };
            let content = line.as_slice();
            if content.strip_suffix(b"\n").unwrap_or(content) == p.doc.delimiter.as_slice() {
                break;
            }
            text.extend_from_slice(content);
        }
        if to_eof && !text.is_empty() {
            // bash ends a last line cut short by the end of input. A
            // backslash left there stands for itself, as at the end of
            // any input: it continues no line.
            if text.last() == Some(&b'\n') {
                text.pop();
            }
            let backslashes = text.iter().rev().take_while(|&&c| c == b'\\').count();
            if !p.doc.quoted && backslashes % 2 == 1 {
                text.push(b'\\');
            }
            text.push(b'\n');
        }
        if p.doc.quoted {
            let parts = if text.is_empty() {
                Vec::new()
            } else {
                vec![WordPart::Lit(text)]
            };
            return Ok(HereBody {
                text: Word { parts },
                to_eof,
            });
        }
        let mut src = StrSource::new(text);
        let mut lx = Lexer::new(&mut src);
        lx.depth = self.depth;
        lx.compound_depth = self.compound_depth;
        // The substitutions of the body are on the lines they are on:
        // `$LINENO` and errors in them count from there, as dash's errors
        // do. (bash counts from the line of the command instead, which is
        // no line of the substitution's text.)
        lx.set_line(first_line);
        let parts = lx.read_parts(Ctx::HereDoc)?;
        if !lx.pending.is_empty() {
            return Err(lx.error(SyntaxErrorKind::HereDocLeftOpen(b')')));
        }
        Ok(HereBody {
            text: Word { parts },
            to_eof,
        })
    }

    /// The next line of input, newline included, or `None` at the end of
    /// input. `join`: a line ending in an unescaped backslash goes on
    /// with the next one, as in an unquoted here-document's body.
    /// `strip_tabs`: its leading tabs are dropped (`<<-`); not those of a
    /// line it goes on with, as in bash and dash.
    fn raw_line(&mut self, join: bool, strip_tabs: bool) -> LexResult<Option<Vec<u8>>> {
        let mut line = Vec::new();
        let mut at_start = true;
        loop {
            let Some(b) = self.peek()? else {
                return Ok((!line.is_empty()).then_some(line));
            };
            self.bump();
            if std::mem::replace(&mut at_start, false) && strip_tabs && b == b'\t' {
                at_start = true;
                continue;
            }
            line.push(b);
            if b == b'\n' {
                let backslashes = line[..line.len() - 1]
                    .iter()
                    .rev()
                    .take_while(|&&c| c == b'\\')
                    .count();
                if !join || backslashes % 2 == 0 {
                    return Ok(Some(line));
                }
            }
        }
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

    fn read_word(&mut self) -> LexResult<Word> {
        // Most words are one run of plain bytes up to a blank or an
        // operator: taken whole, without building them part by part.
        let rest = &self.buf[self.pos..];
        if let Some(len) = rest.iter().position(|&c| ends_run(Ctx::Unquoted, c))
            && len > 0
            && is_meta(rest[len])
        {
            let text = rest[..len].to_vec();
            self.pos += len;
            return Ok(Word {
                parts: vec![WordPart::Lit(text)],
            });
        }
        Ok(Word {
            parts: self.read_parts(Ctx::Unquoted)?,
        })
    }

    /// Scan word text up to the end that `ctx` defines (not consumed).
    fn read_parts(&mut self, ctx: Ctx) -> LexResult<Vec<WordPart>> {
        let mut parts = Vec::new();
        let mut lit = Vec::new();
        let start_line = self.line;
        // Parentheses open in `$((...))`'s expression.
        let mut parens = 0u32;
        if matches!(ctx, Ctx::Unquoted | Ctx::Brace | Ctx::BracePattern)
            && self.peek_joined()? == Some(b'~')
        {
            self.read_tilde(ctx, &mut parts, &mut lit)?;
        }
        loop {
            let Some(b) = self.peek()? else {
                return match ctx {
                    Ctx::Unquoted | Ctx::HereDoc => {
                        flush(&mut parts, &mut lit);
                        Ok(parts)
                    }
                    Ctx::Double => Err(self.unmatched(b'"', start_line)),
                    Ctx::Arith => Err(self.unmatched(b')', start_line)),
                    Ctx::Brace | Ctx::DoubleBrace | Ctx::BracePattern | Ctx::Offset => {
                        Err(self.unmatched(b'}', start_line))
                    }
                };
            };
            match (ctx, b) {
                (Ctx::Unquoted, b) if is_meta(b) => break,
                (Ctx::Brace | Ctx::DoubleBrace | Ctx::BracePattern | Ctx::Offset, b'}') => break,
                (Ctx::BracePattern, b'/') | (Ctx::Offset, b':') => break,
                (Ctx::DoubleBrace, b'\'') => self.read_single_kept(&mut lit)?,
                (Ctx::Double, b'"') => break,
                (Ctx::Arith, b'(') => {
                    parens += 1;
                    lit.push(b);
                    self.bump();
                }
                (Ctx::Arith, b')') if parens > 0 => {
                    parens -= 1;
                    lit.push(b);
                    self.bump();
                }
                (Ctx::Arith, b')') => break,
                (_, b'`') => {
                    flush(&mut parts, &mut lit);
                    parts.push(self.read_backquote(ctx)?);
                }
                (_, b'$') => {
                    let open_line = self.line;
                    self.bump();
                    if self.peek_joined()? == Some(b'(') {
                        flush(&mut parts, &mut lit);
                        parts.push(self.read_dollar_paren(open_line)?);
                        continue;
                    }
                    // `$'...'` and `$"..."` outside double quotes, and in
                    // `"${x:-...}"` too (bash's default `extquote`).
                    if !matches!(ctx, Ctx::Double | Ctx::Arith | Ctx::HereDoc | Ctx::Offset) {
                        match self.peek_joined()? {
                            Some(b'\'') => {
                                flush(&mut parts, &mut lit);
                                self.read_ansi_c(&mut parts)?;
                                continue;
                            }
                            Some(b'"') => continue,
                            _ => {}
                        }
                    }
                    match self.read_param(ctx)? {
                        Some(p) => {
                            flush(&mut parts, &mut lit);
                            parts.push(WordPart::Param(p));
                        }
                        None => lit.push(b'$'),
                    }
                }
                (_, b'\\') => {
                    self.bump();
                    match self.peek()? {
                        // Line continuation: both bytes vanish.
                        Some(b'\n') => self.bump(),
                        Some(c)
                            if !ctx.quoted()
                                || matches!(c, b'$' | b'`' | b'\\')
                                || (c == b'"' && ctx != Ctx::HereDoc) =>
                        {
                            self.bump();
                            flush(&mut parts, &mut lit);
                            parts.push(WordPart::Escaped(c));
                        }
                        Some(b'}') if ctx == Ctx::DoubleBrace => {
                            self.bump();
                            flush(&mut parts, &mut lit);
                            parts.push(WordPart::Escaped(b'}'));
                        }
                        // `\'` opens no single quote: both stay.
                        Some(b'\'') if ctx == Ctx::DoubleBrace => {
                            self.bump();
                            lit.extend_from_slice(b"\\'");
                        }
                        // At the end of input a backslash stands for itself.
                        None if !ctx.quoted() => {
                            flush(&mut parts, &mut lit);
                            parts.push(WordPart::Escaped(b'\\'));
                        }
                        _ => lit.push(b'\\'),
                    }
                }
                (Ctx::Unquoted | Ctx::Brace | Ctx::BracePattern, b'\'') => {
                    flush(&mut parts, &mut lit);
                    parts.push(WordPart::Single(self.read_single()?));
                }
                (
                    Ctx::Unquoted
                    | Ctx::Brace
                    | Ctx::DoubleBrace
                    | Ctx::BracePattern
                    | Ctx::Arith
                    | Ctx::Offset,
                    b'"',
                ) => {
                    let quote_line = self.line;
                    self.bump();
                    let inner = self.read_parts(Ctx::Double)?;
                    if self.peek()? != Some(b'"') {
                        return Err(self.unmatched(b'"', quote_line));
                    }
                    self.bump();
                    flush(&mut parts, &mut lit);
                    parts.push(WordPart::Double(inner));
                }
                (Ctx::Unquoted, b'~') if tilde_in_assignment(&parts, &lit) => {
                    flush(&mut parts, &mut lit);
                    self.read_tilde(ctx, &mut parts, &mut lit)?;
                }
                _ => {
                    // Take the whole run of ordinary bytes at once.
                    let start = self.pos;
                    self.bump();
                    let run = self.buf[self.pos..]
                        .iter()
                        .position(|&c| ends_run(ctx, c))
                        .unwrap_or(self.buf.len() - self.pos);
                    self.pos += run;
                    lit.extend_from_slice(&self.buf[start..self.pos]);
                }
            }
        }
        flush(&mut parts, &mut lit);
        Ok(parts)
    }

    /// A single-quoted string in `"${x-...}"`: text with its quotes.
    /// Out of line: `read_parts` is on the path of nested expansions,
    /// whose depth its frame size bounds.
    #[inline(never)]
    fn read_single_kept(&mut self, lit: &mut Vec<u8>) -> LexResult<()> {
        let text = self.read_single()?;
        lit.push(b'\'');
        lit.extend_from_slice(&text);
        lit.push(b'\'');
        Ok(())
    }

    fn read_single(&mut self) -> LexResult<Vec<u8>> {
        let start_line = self.line;
        self.bump();
        let mut text = Vec::new();
        loop {
            match self.peek()? {
                None => return Err(self.unmatched(b'\'', start_line)),
                Some(b'\'') => {
                    self.bump();
                    return Ok(text);
                }
                Some(b) => {
                    self.bump();
                    text.push(b);
                }
            }
        }
    }

    /// At `~`: a tilde prefix runs to the first `/` or `:` (bash ends it at
    /// `:` in any word) or the end of the word, which in `${x:-~}` is the
    /// `}`. If a quote or expansion comes first, it is plain text, as in sh;
    /// so is any other character, which no login name has (`~root}`).
    fn read_tilde(
        &mut self,
        ctx: Ctx,
        parts: &mut Vec<WordPart>,
        lit: &mut Vec<u8>,
    ) -> LexResult<()> {
        self.bump();
        let mut user = Vec::new();
        loop {
            match self.peek_joined()? {
                Some(b) if is_name_char(b) || matches!(b, b'.' | b'-' | b'+') => {
                    self.bump();
                    user.push(b);
                }
                Some(b'/' | b':') | None => break,
                Some(b'}') if matches!(ctx, Ctx::Brace | Ctx::BracePattern) => break,
                Some(b) if is_meta(b) => break,
                Some(_) => {
                    lit.push(b'~');
                    lit.extend_from_slice(&user);
                    return Ok(());
                }
            }
        }
        parts.push(WordPart::Tilde(user));
        Ok(())
    }

    /// After `$`: a parameter, or `None` when the `$` is literal.
    fn read_param(&mut self, ctx: Ctx) -> LexResult<Option<Param>> {
        let Some(b) = self.peek_joined()? else {
            return Ok(None);
        };
        let plain = |name: Vec<u8>| Param {
            name,
            op: ParamOp::Plain,
            braced: false,
        };
        if b == b'{' {
            let line = self.line;
            self.bump();
            return self.read_braced(ctx, line).map(Some);
        }
        if is_name_start(b) {
            let mut name = Vec::new();
            while let Some(c) = self.peek_joined()? {
                if !is_name_char(c) {
                    break;
                }
                self.bump();
                name.push(c);
            }
            return Ok(Some(plain(name)));
        }
        if b.is_ascii_digit() || matches!(b, b'?' | b'$' | b'!' | b'#' | b'@' | b'*' | b'-') {
            self.bump();
            return Ok(Some(plain(vec![b])));
        }
        Ok(None)
    }

    /// After `${`. Nesting (quotes inside `${...}` inside quotes...) is
    /// bounded here: only `${` can open another level.
    fn read_braced(&mut self, ctx: Ctx, open_line: u32) -> LexResult<Param> {
        if self.depth >= max_nesting() {
            return Err(self.error(SyntaxErrorKind::TooDeep));
        }
        self.depth += 1;
        let param = self.read_braced_at_depth(ctx, open_line);
        self.depth -= 1;
        param
    }

    // Nested `${a:-"${b:-...}"}` recurse through this function, whose
    // frame size bounds how deep they may go (see `max_nesting`): the
    // common forms are read here, the others out of line.
    fn read_braced_at_depth(&mut self, ctx: Ctx, open_line: u32) -> LexResult<Param> {
        let inner_ctx = if ctx.quoted() {
            Ctx::DoubleBrace
        } else {
            Ctx::Brace
        };
        let (name, prefix) = self.read_braced_name()?;
        let next = self.peek_joined()?;
        let op_char = |c: Option<u8>| matches!(c, Some(b'-' | b'=' | b'+' | b'?'));
        let op = if name.is_empty() || prefix != NamePrefix::None {
            self.read_prefixed_operation(&name, prefix, open_line)?
        } else if next == Some(b'}') {
            ParamOp::Plain
        } else if next == Some(b':') && op_char(self.peek_joined_at(1)?) {
            self.bump();
            self.read_op_word(inner_ctx, true)?
        } else if op_char(next) {
            self.read_op_word(inner_ctx, false)?
        } else {
            self.read_operation(&name, open_line)?
        };
        if self.peek_joined()? != Some(b'}') {
            return Err(self.unmatched(b'}', open_line));
        }
        self.bump();
        Ok(Param {
            name,
            op,
            braced: true,
        })
    }

    /// After `${`: the name, and whether `#` (a length) or `!` (bash's
    /// indirection) came before it. `${#}` is the count of positional
    /// parameters, `${!}` is `$!`.
    #[inline(never)]
    fn read_braced_name(&mut self) -> LexResult<(Vec<u8>, NamePrefix)> {
        let first = self.peek_joined()?;
        let prefix = match first {
            Some(b'#') if self.peek_joined_at(1)? != Some(b'}') => NamePrefix::Length,
            Some(b'!') if self.peek_joined_at(1)? != Some(b'}') => NamePrefix::Indirect,
            _ => NamePrefix::None,
        };
        if prefix != NamePrefix::None {
            self.bump();
        }
        Ok((self.read_param_name()?, prefix))
    }

    /// `${#name}` and `${!name...}` (or a bad substitution), and a
    /// bad substitution without a name.
    #[inline(never)]
    fn read_prefixed_operation(
        &mut self,
        name: &[u8],
        prefix: NamePrefix,
        open_line: u32,
    ) -> LexResult<ParamOp> {
        let next = self.peek_joined()?;
        let bad = |lx: &mut Self| lx.read_bad(name, prefix, open_line);
        if name.is_empty() {
            return bad(self);
        }
        match prefix {
            NamePrefix::Length if next == Some(b'}') => Ok(ParamOp::Length),
            NamePrefix::Indirect if next == Some(b'}') => {
                Ok(ParamOp::Indirect(Box::new(ParamOp::Plain)))
            }
            // `${!@}` and `${!*}` are not bash's lists of names.
            NamePrefix::Indirect if matches!(name, b"@" | b"*") => bad(self),
            NamePrefix::Indirect
                if matches!(next, Some(b'@' | b'*')) && self.peek_joined_at(1)? == Some(b'}') =>
            {
                self.bump();
                Ok(ParamOp::Names {
                    at: next == Some(b'@'),
                })
            }
            NamePrefix::Indirect => {
                let inner_ctx = Ctx::Brace;
                let op_char = |c: Option<u8>| matches!(c, Some(b'-' | b'=' | b'+' | b'?'));
                let op = if next == Some(b':') && op_char(self.peek_joined_at(1)?) {
                    self.bump();
                    self.read_op_word(inner_ctx, true)?
                } else if op_char(next) {
                    self.read_op_word(inner_ctx, false)?
                } else {
                    match self.read_operation_or_none()? {
                        Some(op) => op,
                        None => return bad(self),
                    }
                };
                Ok(ParamOp::Indirect(Box::new(op)))
            }
            _ => bad(self),
        }
    }

    /// The rest of `${...}` up to its `}`, kept exactly as written
    /// (continuations too) so that the error shows it as bash does.
    #[inline(never)]
    fn read_bad(&mut self, name: &[u8], prefix: NamePrefix, open_line: u32) -> LexResult<ParamOp> {
        let mut raw = Vec::new();
        match prefix {
            NamePrefix::Length => raw.push(b'#'),
            NamePrefix::Indirect => raw.push(b'!'),
            NamePrefix::None => {}
        }
        raw.extend_from_slice(name);
        let mut depth = 0;
        loop {
            match self.peek()? {
                None => return Err(self.unmatched(b'}', open_line)),
                Some(b'}') if depth == 0 => break,
                Some(c) => {
                    depth += i32::from(c == b'{') - i32::from(c == b'}');
                    raw.push(c);
                    self.bump();
                }
            }
        }
        Ok(ParamOp::Bad(raw))
    }

    /// An operation other than `-=?+` after the name, or a bad
    /// substitution.
    #[inline(never)]
    fn read_operation(&mut self, name: &[u8], open_line: u32) -> LexResult<ParamOp> {
        match self.read_operation_or_none()? {
            Some(op) => Ok(op),
            None => self.read_bad(name, NamePrefix::None, open_line),
        }
    }

    fn read_param_name(&mut self) -> LexResult<Vec<u8>> {
        let mut name = Vec::new();
        match self.peek_joined()? {
            Some(b) if is_name_start(b) => {
                while let Some(c) = self.peek_joined()?.filter(|&c| is_name_char(c)) {
                    self.bump();
                    name.push(c);
                }
            }
            Some(b) if b.is_ascii_digit() => {
                while let Some(c) = self.peek_joined()?.filter(u8::is_ascii_digit) {
                    self.bump();
                    name.push(c);
                }
            }
            Some(b @ (b'?' | b'$' | b'!' | b'#' | b'@' | b'*' | b'-')) => {
                self.bump();
                name.push(b);
            }
            _ => {}
        }
        Ok(name)
    }

    /// At what follows the name in `${name...}`, other than `-=?+`: the
    /// operation, or `None` when there is none that jsh knows (a bad
    /// substitution).
    fn read_operation_or_none(&mut self) -> LexResult<Option<ParamOp>> {
        match self.peek_joined()? {
            // `${x:}` is a bad substitution in bash.
            Some(b':') if self.peek_joined_at(1)? == Some(b'}') => Ok(None),
            Some(b':') => {
                self.bump();
                let offset = Box::new(Word {
                    parts: self.read_parts(Ctx::Offset)?,
                });
                let length = if self.peek_joined()? == Some(b':') {
                    self.bump();
                    Some(Box::new(Word {
                        parts: self.read_parts(Ctx::Offset)?,
                    }))
                } else {
                    None
                };
                Ok(Some(ParamOp::Substring { offset, length }))
            }
            Some(sym @ (b'#' | b'%')) => {
                self.bump();
                let longest = self.peek_joined()? == Some(sym);
                if longest {
                    self.bump();
                }
                let pattern = Word {
                    parts: self.read_parts(Ctx::Brace)?,
                };
                Ok(Some(ParamOp::Trim {
                    suffix: sym == b'%',
                    longest,
                    pattern,
                }))
            }
            Some(b'/') => {
                self.bump();
                let kind = match self.peek_joined()? {
                    Some(b'/') => ReplaceKind::All,
                    Some(b'#') => ReplaceKind::Prefix,
                    Some(b'%') => ReplaceKind::Suffix,
                    _ => ReplaceKind::First,
                };
                if kind != ReplaceKind::First {
                    self.bump();
                }
                let pattern = Box::new(Word {
                    parts: self.read_parts(Ctx::BracePattern)?,
                });
                let replacement = if self.peek_joined()? == Some(b'/') {
                    self.bump();
                    Some(Box::new(Word {
                        parts: self.read_parts(Ctx::Brace)?,
                    }))
                } else {
                    None
                };
                Ok(Some(ParamOp::Replace {
                    kind,
                    pattern,
                    replacement,
                }))
            }
            _ => Ok(None),
        }
    }

    fn read_op_word(&mut self, ctx: Ctx, colon: bool) -> LexResult<ParamOp> {
        let Some(sym) = self.peek_joined()? else {
            return Err(self.error(SyntaxErrorKind::UnexpectedEof));
        };
        self.bump();
        let word = Word {
            parts: self.read_parts(ctx)?,
        };
        Ok(match sym {
            b'-' => ParamOp::Default { colon, word },
            b'=' => ParamOp::Assign { colon, word },
            b'+' => ParamOp::Alternate { colon, word },
            _ => ParamOp::Error { colon, word },
        })
    }
}

/// Does `c` need a look of its own in `ctx` (a quote, an expansion, an
/// escape, a newline to count, the end of the text)?
fn ends_run(ctx: Ctx, c: u8) -> bool {
    match c {
        b'$' | b'\\' | b'"' | b'\n' | b'`' => true,
        b'(' | b')' if ctx == Ctx::Arith => true,
        b'\'' => !ctx.quoted() || ctx == Ctx::DoubleBrace,
        b'~' => !ctx.quoted(),
        b'}' => matches!(
            ctx,
            Ctx::Brace | Ctx::DoubleBrace | Ctx::BracePattern | Ctx::Offset
        ),
        b'/' => ctx == Ctx::BracePattern,
        b':' => ctx == Ctx::Offset,
        _ => ctx == Ctx::Unquoted && is_meta(c),
    }
}

fn flush(parts: &mut Vec<WordPart>, lit: &mut Vec<u8>) {
    if !lit.is_empty() {
        parts.push(WordPart::Lit(std::mem::take(lit)));
    }
}

/// Does a tilde start a tilde prefix here, in a word of the form of an
/// assignment: right after the first `=`, or after an unquoted `:` (as in
/// `PATH=~/bin:~/sbin`)? bash does this in any such word, arguments too.
fn tilde_in_assignment(parts: &[WordPart], lit: &[u8]) -> bool {
    let first = match parts.first() {
        Some(WordPart::Lit(text)) => text.as_slice(),
        Some(_) => return false,
        None => lit,
    };
    let Some(eq) = first.iter().position(|&b| b == b'=') else {
        return false;
    };
    if !is_name(&first[..eq]) {
        return false;
    }
    let after_eq = parts.is_empty() && lit.len() == eq + 1;
    after_eq || lit.last() == Some(&b':')
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

    fn tokens(text: &str) -> Vec<Token> {
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

    fn lit(s: &str) -> Token {
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
    fn quotes_and_escapes() {
        let t = tokens(r#"a'b c'"d $x \$ \q"\ e"#);
        let Token::Word(w) = &t[0] else { panic!() };
        assert_eq!(
            w.parts,
            vec![
                WordPart::Lit(b"a".to_vec()),
                WordPart::Single(b"b c".to_vec()),
                WordPart::Double(vec![
                    WordPart::Lit(b"d ".to_vec()),
                    WordPart::Param(Param {
                        name: b"x".to_vec(),
                        op: ParamOp::Plain,
                        braced: false
                    }),
                    WordPart::Lit(b" ".to_vec()),
                    WordPart::Escaped(b'$'),
                    WordPart::Lit(b" \\q".to_vec()),
                ]),
                WordPart::Escaped(b' '),
                WordPart::Lit(b"e".to_vec()),
            ]
        );
    }

    #[test]
    fn plain_words_taken_whole_are_as_scanned_part_by_part() {
        let word = |input: &str, whole: bool| {
            let mut src = StrSource::new(input);
            let mut lx = Lexer::new(&mut src);
            lx.peek().expect("a line");
            if whole {
                lx.read_word().expect("a word")
            } else {
                Word {
                    parts: lx.read_parts(Ctx::Unquoted).expect("a word"),
                }
            }
        };
        let words = [
            "echo",
            "a=1",
            "x#y",
            "/bin/true",
            "-n",
            "a~",
            "~",
            "a=~",
            "a$x",
            "ab'c'",
            "a\\\nb",
            "a\\ b",
            "a\"b\"",
        ];
        for text in words {
            for end in [" ", "\t", "\n", ";", "&", "|", "<", ">", "(", ")"] {
                let input = format!("{text}{end}x\n");
                assert_eq!(word(&input, true), word(&input, false), "{input:?}");
            }
        }
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
    fn tilde_only_at_start_or_after_assignment() {
        let t = tokens("~/x a~ x=~root/y");
        let Token::Word(w) = &t[0] else { panic!() };
        assert_eq!(w.parts[0], WordPart::Tilde(vec![]));
        assert_eq!(t[1], lit("a~"));
        let Token::Word(w) = &t[2] else { panic!() };
        assert_eq!(w.parts[1], WordPart::Tilde(b"root".to_vec()));
    }

    #[test]
    fn braced_parameters() {
        let t = tokens("${x:-a b} ${#y} ${#} ${x y}");
        let Token::Word(w) = &t[0] else { panic!() };
        let WordPart::Param(p) = &w.parts[0] else {
            panic!()
        };
        assert!(
            matches!(&p.op, ParamOp::Default { colon: true, word } if word.parts == vec![WordPart::Lit(b"a b".to_vec())])
        );
        let Token::Word(w) = &t[1] else { panic!() };
        assert!(matches!(&w.parts[0], WordPart::Param(p) if p.op == ParamOp::Length));
        let Token::Word(w) = &t[2] else { panic!() };
        assert!(matches!(&w.parts[0], WordPart::Param(p) if p.name == b"#"));
        let Token::Word(w) = &t[3] else { panic!() };
        assert!(matches!(&w.parts[0], WordPart::Param(p) if p.op == ParamOp::Bad(b"x y".to_vec())));
    }

    #[test]
    fn pattern_operators() {
        let op = |text: &str| {
            let t = tokens(text);
            let Token::Word(w) = &t[0] else { panic!() };
            let WordPart::Param(p) = &w.parts[0] else {
                panic!()
            };
            p.op.clone()
        };
        assert!(matches!(
            op("${x##*/}"),
            ParamOp::Trim { suffix: false, longest: true, pattern } if pattern.parts == vec![WordPart::Lit(b"*/".to_vec())]
        ));
        assert!(
            matches!(op("${x%'a'}"), ParamOp::Trim { suffix: true, longest: false, pattern } if pattern.parts == vec![WordPart::Single(b"a".to_vec())])
        );
        assert!(matches!(
            op("${x//a/b}"),
            ParamOp::Replace {
                kind: ReplaceKind::All,
                replacement: Some(_),
                ..
            }
        ));
        assert!(matches!(
            op("${x/#a}"),
            ParamOp::Replace {
                kind: ReplaceKind::Prefix,
                replacement: None,
                ..
            }
        ));
        assert!(matches!(
            op("${x: -1:2}"),
            ParamOp::Substring {
                length: Some(_),
                ..
            }
        ));
        assert!(matches!(
            op("${x:-1}"),
            ParamOp::Default { colon: true, .. }
        ));
        assert!(matches!(op("${!x}"), ParamOp::Indirect(inner) if *inner == ParamOp::Plain));
        assert!(matches!(op("${!}"), ParamOp::Plain));
        assert!(matches!(op("${!x*}"), ParamOp::Names { at: false }));
        assert!(matches!(op("${!@}"), ParamOp::Indirect(inner) if *inner == ParamOp::Plain));
        assert!(matches!(op("${!@:-x}"), ParamOp::Bad(raw) if raw == b"!@:-x"));
        assert!(matches!(op("${x:}"), ParamOp::Bad(raw) if raw == b"x:"));
    }

    #[test]
    fn parameter_operations_print_back_as_read() {
        for text in [
            "${x#a}",
            "${x##*/}",
            "${x%\"b\"}",
            "${x%%'c'}",
            "${x/a/b}",
            "${x//a}",
            "${x/#a/\"b\"}",
            "${x/%a/b}",
            "${x:1}",
            "${x: -1:2}",
            "${x:$n:(1)}",
            "${!y}",
            "${!y:-d}",
            "${!y*}",
            "\"${!y@}\"",
            "\"${v-'}'}\"",
            "\"${x#'a'}\"",
            "\"${v-\\'}\"",
            "${x#~}",
        ] {
            let t = tokens(text);
            let Token::Word(w) = &t[0] else { panic!() };
            let printed = crate::syntax::ast::Unparse::to_bytes(w);
            assert_eq!(String::from_utf8_lossy(&printed), text);
            assert_eq!(tokens(&String::from_utf8_lossy(&printed)), t);
        }
    }

    #[test]
    fn unterminated_quotes_report_opening_line() {
        for (text, q, line) in [("a\n'b\nc", b'\'', 2), ("\"x", b'"', 1), ("${x", b'}', 1)] {
            let mut src = StrSource::new(text);
            let mut lx = Lexer::new(&mut src);
            let err = loop {
                match lx.next_token() {
                    Ok(Token::Eof) => panic!("no error for {text}"),
                    Ok(_) => {}
                    Err(e) => break e,
                }
            };
            assert!(
                matches!(err.kind, SyntaxErrorKind::Unmatched(c) if c == q),
                "{text}"
            );
            assert_eq!(err.line, line, "{text}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        // The limit is sized for the main thread's stack; test threads
        // have a smaller one, so run where the shell would.
        let check = || {
            let too_deep = max_nesting() as usize + 5;
            let deep = format!("{}x{}", "${a:-".repeat(too_deep), "}".repeat(too_deep));
            let mut src = StrSource::new(deep);
            let mut lx = Lexer::new(&mut src);
            assert!(matches!(
                lx.next_token(),
                Err(SyntaxError {
                    kind: SyntaxErrorKind::TooDeep,
                    ..
                })
            ));
            let fine = format!("{}x{}", "\"${a:-".repeat(100), "}\"".repeat(100));
            let mut src = StrSource::new(fine);
            assert!(Lexer::new(&mut src).next_token().is_ok());
        };
        std::thread::Builder::new()
            .stack_size(16 << 20)
            .spawn(check)
            .expect("thread")
            .join()
            .expect("no panic");
    }

    #[test]
    fn nul_bytes_are_dropped() {
        assert_eq!(tokens("ec\0ho"), vec![lit("echo")]);
    }
}
