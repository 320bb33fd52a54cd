//! The syntax tree: what the parser produces and the executor consumes.
//!
//! Text is kept as bytes, not `String`: a shell must pass file names and
//! arguments through untouched, whatever their encoding.

use std::fmt;

/// One complete command: and-or lists separated by `;` or `&`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct List {
    pub items: Vec<ListItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    pub and_or: AndOr,
    /// Terminated by `&`: runs as a background job.
    pub background: bool,
}

/// `p1 && p2 || p3`: pipelines joined by short-circuit connectors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(Connector, Pipeline)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connector {
    And,
    Or,
}

/// `[!] cmd | cmd | ...`: one job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    pub negated: bool,
    pub commands: Vec<Command>,
}

/// A simple command: assignments, words and redirections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub assigns: Vec<Assign>,
    pub words: Vec<Word>,
    pub redirs: Vec<Redir>,
    /// Line on which the command starts, for error messages.
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assign {
    pub name: Vec<u8>,
    pub value: Word,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redir {
    /// The explicit descriptor (`2>`), or `None` for the operator's default.
    pub fd: Option<i32>,
    pub op: RedirOp,
    pub target: Word,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirOp {
    /// `<`
    In,
    /// `>`
    Out,
    /// `>|`
    Clobber,
    /// `>>`
    Append,
    /// `<>`
    ReadWrite,
    /// `<&`
    DupIn,
    /// `>&`
    DupOut,
    /// `&>`
    OutErr,
    /// `&>>`
    AppendErr,
}

impl RedirOp {
    pub fn as_str(self) -> &'static str {
        match self {
            RedirOp::In => "<",
            RedirOp::Out => ">",
            RedirOp::Clobber => ">|",
            RedirOp::Append => ">>",
            RedirOp::ReadWrite => "<>",
            RedirOp::DupIn => "<&",
            RedirOp::DupOut => ">&",
            RedirOp::OutErr => "&>",
            RedirOp::AppendErr => "&>>",
        }
    }

    /// The descriptor the operator applies to when none is written.
    pub fn default_fd(self) -> i32 {
        match self {
            RedirOp::In | RedirOp::ReadWrite | RedirOp::DupIn => 0,
            _ => 1,
        }
    }
}

/// A word before expansion, as a sequence of differently quoted parts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    pub parts: Vec<WordPart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordPart {
    /// Unquoted literal text: subject to globbing, not to splitting.
    Lit(Vec<u8>),
    /// `'...'`
    Single(Vec<u8>),
    /// `\c` outside quotes.
    Escaped(u8),
    /// `"..."`: only `Lit`, `Escaped` and `Param` appear inside.
    Double(Vec<WordPart>),
    /// `$name`, `${...}`.
    Param(Param),
    /// `~` or `~user` at the start of a word (or of an assignment value).
    Tilde(Vec<u8>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: Vec<u8>,
    pub op: ParamOp,
    /// Written with braces: `${name}`.
    pub braced: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamOp {
    Plain,
    /// `${#name}`
    Length,
    /// `${name-word}` / `${name:-word}`
    Default {
        colon: bool,
        word: Word,
    },
    /// `${name=word}` / `${name:=word}`
    Assign {
        colon: bool,
        word: Word,
    },
    /// `${name+word}` / `${name:+word}`
    Alternate {
        colon: bool,
        word: Word,
    },
    /// `${name?word}` / `${name:?word}`
    Error {
        colon: bool,
        word: Word,
    },
    /// Anything else inside `${...}`: reported when expanded, as bash does.
    Bad(Vec<u8>),
}

impl Word {
    pub fn literal(text: &[u8]) -> Word {
        Word {
            parts: vec![WordPart::Lit(text.to_vec())],
        }
    }

    /// The word's text if it is a plain unquoted literal.
    pub fn as_literal(&self) -> Option<&[u8]> {
        match self.parts.as_slice() {
            [WordPart::Lit(text)] => Some(text),
            _ => None,
        }
    }

    /// Does expanding this word change shell state (`${x=v}`)? Such words must
    /// be expanded where the command runs, not in the parent of a pipeline.
    pub fn has_side_effects(&self) -> bool {
        parts_have_side_effects(&self.parts)
    }
}

fn parts_have_side_effects(parts: &[WordPart]) -> bool {
    parts.iter().any(|part| match part {
        WordPart::Double(inner) => parts_have_side_effects(inner),
        WordPart::Param(p) => match &p.op {
            ParamOp::Assign { .. } | ParamOp::Error { .. } => true,
            ParamOp::Default { word, .. } | ParamOp::Alternate { word, .. } => {
                word.has_side_effects()
            }
            _ => false,
        },
        _ => false,
    })
}

impl Command {
    pub fn has_side_effects(&self) -> bool {
        self.words.iter().any(Word::has_side_effects)
            || self.assigns.iter().any(|a| a.value.has_side_effects())
            || self.redirs.iter().any(|r| r.target.has_side_effects())
    }
}

// Printing a tree gives back shell text that parses to the same tree: this is
// the command line `jobs` shows.

struct Bytes<'a>(&'a [u8]);

impl fmt::Display for Bytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(self.0))
    }
}

impl fmt::Display for List {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{}", item.and_or)?;
            if item.background {
                f.write_str(" &")?;
            } else if i + 1 < self.items.len() {
                f.write_str(";")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for AndOr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.first)?;
        for (conn, p) in &self.rest {
            let op = match conn {
                Connector::And => "&&",
                Connector::Or => "||",
            };
            write!(f, " {op} {p}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Pipeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negated {
            f.write_str("! ")?;
        }
        for (i, c) in self.commands.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        for a in &self.assigns {
            write!(f, "{sep}{}={}", Bytes(&a.name), a.value)?;
            sep = " ";
        }
        for w in &self.words {
            write!(f, "{sep}{w}")?;
            sep = " ";
        }
        for r in &self.redirs {
            f.write_str(sep)?;
            if let Some(fd) = r.fd {
                write!(f, "{fd}")?;
            }
            write!(f, "{}{}", r.op.as_str(), r.target)?;
            sep = " ";
        }
        Ok(())
    }
}

impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.parts {
            write!(f, "{part}")?;
        }
        Ok(())
    }
}

impl fmt::Display for WordPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WordPart::Lit(text) => write!(f, "{}", Bytes(text)),
            WordPart::Single(text) => write!(f, "'{}'", Bytes(text)),
            WordPart::Escaped(b) => write!(f, "\\{}", Bytes(&[*b])),
            WordPart::Double(parts) => {
                f.write_str("\"")?;
                for p in parts {
                    match p {
                        WordPart::Escaped(b) => write!(f, "\\{}", Bytes(&[*b]))?,
                        other => write!(f, "{other}")?,
                    }
                }
                f.write_str("\"")
            }
            WordPart::Param(p) => write!(f, "{p}"),
            WordPart::Tilde(user) => write!(f, "~{}", Bytes(user)),
        }
    }
}

impl fmt::Display for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = Bytes(&self.name);
        let (colon, sym, word) = match &self.op {
            ParamOp::Plain if self.braced => return write!(f, "${{{name}}}"),
            ParamOp::Plain => return write!(f, "${name}"),
            ParamOp::Length => return write!(f, "${{#{name}}}"),
            ParamOp::Bad(text) => return write!(f, "${{{}}}", Bytes(text)),
            ParamOp::Default { colon, word } => (colon, "-", word),
            ParamOp::Assign { colon, word } => (colon, "=", word),
            ParamOp::Alternate { colon, word } => (colon, "+", word),
            ParamOp::Error { colon, word } => (colon, "?", word),
        };
        let colon = if *colon { ":" } else { "" };
        write!(f, "${{{name}{colon}{sym}{word}}}")
    }
}
