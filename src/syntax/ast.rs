//! The syntax tree: what the parser produces and the executor consumes.
//!
//! Text is kept as bytes, not `String`: a shell must pass file names and
//! arguments through untouched, whatever their encoding.

use std::cell::OnceCell;
use std::rc::Rc;

pub use crate::syntax::function_body::FunctionBody;

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

/// `[time [-p]] [!] cmd | cmd | ...`: one job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    pub negated: bool,
    /// `time` before it (bash's keyword): report how long it took.
    pub time: Option<Time>,
    pub commands: Vec<Command>,
}

/// How `time` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Time {
    /// `time`: in the format of `TIMEFORMAT` (bash's default if unset).
    Format,
    /// `time -p`: POSIX's `real 0.10` format.
    Posix,
}

impl Time {
    /// The words that write it.
    pub fn keyword(self) -> &'static [u8] {
        match self {
            Time::Format => b"time",
            Time::Posix => b"time -p",
        }
    }
}

/// One stage of a pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Simple(SimpleCommand),
    /// A compound command, the redirections written after it, and the
    /// line it starts on.
    Compound(Rc<CompoundCommand>, Vec<Redir>, Line),
    /// `name() compound-command [redirections]`
    FunctionDef(Rc<FunctionDef>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionDef {
    pub name: Vec<u8>,
    /// Kept as text until first needed (see [`FunctionBody`]); reads as
    /// the tree.
    pub body: FunctionBody,
    pub redirs: Vec<Redir>,
    pub line: Line,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompoundCommand {
    /// `{ list; }`
    Brace(List),
    /// `( list )`
    Subshell(List),
    /// `if c; then b; elif c; then b; else e; fi`
    If {
        branches: Vec<(List, List)>,
        otherwise: Option<List>,
    },
    /// `while c; do b; done`, or `until` when `until` is set.
    Loop { until: bool, cond: List, body: List },
    /// `for name [in words]; do body; done`; no `in`: `"$@"`.
    For {
        name: Vec<u8>,
        words: Option<Vec<Word>>,
        body: List,
        line: Line,
    },
    /// `case word in pattern) list ;; ... esac`
    Case { word: Word, arms: Vec<CaseArm> },
    /// bash's `((expression))`: the expression's text as in `$((...))`;
    /// the status is 0 when it is not zero.
    Arith(Vec<WordPart>),
}

/// The line a node starts on, for error messages: not part of what the
/// node is, so two nodes are equal whatever their lines.
#[derive(Debug, Clone, Copy, Default, Eq)]
pub struct Line(pub u32);

impl PartialEq for Line {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseArm {
    pub patterns: Vec<Word>,
    pub body: List,
    pub end: CaseEnd,
}

/// How a case arm ends: what runs after its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseEnd {
    /// `;;`: the case is done.
    Break,
    /// `;&`: the next arm's list runs too (POSIX.1-2024).
    FallThrough,
    /// `;;&`: the next arms are tested (bash).
    TestNext,
}

impl CaseEnd {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseEnd::Break => ";;",
            CaseEnd::FallThrough => ";&",
            CaseEnd::TestNext => ";;&",
        }
    }
}

/// A simple command: assignments, words and redirections.
#[derive(Debug, Clone, Eq)]
pub struct SimpleCommand {
    pub assigns: Vec<Assign>,
    pub words: Vec<Word>,
    pub redirs: Vec<Redir>,
    /// Line on which the command starts, for error messages.
    pub line: u32,
}

/// Two commands are the same whatever lines they were read from.
impl PartialEq for SimpleCommand {
    fn eq(&self, other: &Self) -> bool {
        self.assigns == other.assigns && self.words == other.words && self.redirs == other.redirs
    }
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
    /// The file, descriptor or, for a here-document, the delimiter as written.
    pub target: Word,
    /// `N>&M-`, `N<&M-` (bash, ksh): the source is closed once copied.
    /// `target` is written without the `-`.
    pub moves: bool,
    /// The here-document of `<<` and `<<-`.
    pub here: Option<HereDoc>,
}

impl Redir {
    /// The redirection `fd` `op` `target` as bash reads it, and the word
    /// that follows it if bash reads one out of `target`. After `>&` or
    /// `<&`, a `-` is a token of its own (`>&-1` closes standard output
    /// and gives the command the word `1`), and a word ending in an
    /// unquoted `-` moves the descriptor (`>&3-`).
    pub fn new(fd: Option<i32>, op: RedirOp, mut target: Word) -> (Redir, Option<Word>) {
        let mut rest = None;
        let mut moves = false;
        if matches!(op, RedirOp::DupIn | RedirOp::DupOut) {
            let several = target.parts.len() > 1;
            if let Some(WordPart::Lit(first)) = target.parts.first_mut()
                && first.first() == Some(&b'-')
                && (first.len() > 1 || several)
            {
                first.remove(0);
                if first.is_empty() {
                    target.parts.remove(0);
                }
                rest = Some(std::mem::replace(&mut target, Word::literal(b"-")));
            } else if let Some(WordPart::Lit(last)) = target.parts.last_mut()
                && last.last() == Some(&b'-')
                && (last.len() > 1 || several)
            {
                last.pop();
                if last.is_empty() {
                    target.parts.pop();
                }
                moves = true;
            }
        }
        let redir = Redir {
            fd,
            op,
            target,
            moves,
            here: None,
        };
        (redir, rest)
    }
}

/// A here-document. Its body is read after the line that holds its `<<`
/// ends, when the command is already parsed: the lexer fills it in then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HereDoc {
    /// Any quoting in the delimiter: the body is taken as it is.
    pub quoted: bool,
    /// The delimiter after quote removal: the line that ends the body.
    pub delimiter: Vec<u8>,
    /// `<<-`: leading tabs are stripped from each line.
    pub strip_tabs: bool,
    pub body: Rc<OnceCell<HereBody>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HereBody {
    /// Unquoted: `Lit`, `Escaped`, `Param` and `Arith` parts, expanded as
    /// in double quotes; quoted: one `Lit`.
    pub text: Word,
    /// The input ended before the delimiter line.
    pub to_eof: bool,
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
    /// `<<`
    HereDoc,
    /// `<<-`: leading tabs stripped from the body and the delimiter line.
    HereDocDash,
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
            RedirOp::HereDoc => "<<",
            RedirOp::HereDocDash => "<<-",
        }
    }

    /// The descriptor the operator applies to when none is written.
    pub fn default_fd(self) -> i32 {
        match self {
            RedirOp::In
            | RedirOp::ReadWrite
            | RedirOp::DupIn
            | RedirOp::HereDoc
            | RedirOp::HereDocDash => 0,
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
    /// `$((...))`: the expression's text, expanded as in double quotes
    /// (`Lit`, `Escaped`, `Param`, `Double`, `Arith`), then evaluated.
    Arith(Vec<WordPart>),
    /// `\u` (or `\U` when `long`) beyond ASCII in `$'...'`: UTF-8 in a
    /// UTF-8 locale, else the escape as written, as bash does.
    Unicode { code: u32, long: bool },
    /// `$(list)` or `` `list` ``: the list's output.
    CommandSubst(CommandSubst),
}

/// A command substitution, parsed when the word is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandSubst {
    /// The commands (shared: a word is cloned when a command is listed
    /// as a job or a function is defined).
    pub list: Rc<List>,
    /// Written in backquotes: the text between them as written, escapes
    /// included, which is how bash prints it back (`$(...)` is printed
    /// from the tree).
    pub backquoted: Option<Rc<[u8]>>,
    /// A backquoted body that does not parse: bash parses it only when it
    /// runs, and reports the error then (the list is empty).
    pub broken: bool,
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
    /// `${name#pat}`, `${name##pat}` (`longest`), `${name%pat}`,
    /// `${name%%pat}` (`suffix`).
    Trim {
        suffix: bool,
        longest: bool,
        pattern: Word,
    },
    /// bash's `${name/pat/rep}` and its `//`, `/#` and `/%` forms;
    /// `replacement` is `None` without the second `/`.
    /// (The words are boxed to keep `ParamOp` as small as the POSIX
    /// forms make it: nested expansions recurse through frames that hold
    /// it.)
    Replace {
        kind: ReplaceKind,
        pattern: Box<Word>,
        replacement: Option<Box<Word>>,
    },
    /// bash's `${name:offset}` and `${name:offset:length}`: arithmetic
    /// expressions, expanded as in double quotes first.
    Substring {
        offset: Box<Word>,
        length: Option<Box<Word>>,
    },
    /// bash's `${!name...}`: the operation applied to the parameter that
    /// `name`'s value names.
    Indirect(Box<ParamOp>),
    /// bash's `${!prefix*}` and `${!prefix@}` (`at`): the names of the
    /// variables that start with `prefix` (the `Param`'s name).
    Names {
        at: bool,
    },
    /// Anything else inside `${...}`: reported when expanded, as bash does.
    Bad(Vec<u8>),
}

/// Which matches of the pattern `${name/pat/rep}` replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplaceKind {
    /// `/`: the first (longest) match.
    First,
    /// `//`: every match.
    All,
    /// `/#`: a match at the start.
    Prefix,
    /// `/%`: a match at the end.
    Suffix,
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

    /// `NAME=value` with `NAME=` unquoted: an assignment when written
    /// before the command name, or as an argument of `export`.
    pub fn as_assignment(&self) -> Option<Assign> {
        let WordPart::Lit(first) = self.parts.first()? else {
            return None;
        };
        let eq = first.iter().position(|&b| b == b'=')?;
        if !crate::syntax::lexer::is_name(&first[..eq]) {
            return None;
        }
        let mut parts = Vec::with_capacity(self.parts.len());
        if eq + 1 < first.len() {
            parts.push(WordPart::Lit(first[eq + 1..].to_vec()));
        }
        parts.extend(self.parts[1..].iter().cloned());
        Some(Assign {
            name: first[..eq].to_vec(),
            value: Word { parts },
        })
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
        // `$((i+=1))` assigns; which expressions do is known only by
        // evaluating them. A command substitution runs commands.
        WordPart::Arith(_) | WordPart::CommandSubst(_) => true,
        WordPart::Param(p) => op_has_side_effects(&p.op),
        _ => false,
    })
}

fn op_has_side_effects(op: &ParamOp) -> bool {
    match op {
        ParamOp::Assign { .. } | ParamOp::Error { .. } => true,
        // An unset variable named in `${x:$((i+=1))}` is an error, and
        // arithmetic may assign.
        ParamOp::Substring { .. } => true,
        ParamOp::Indirect(op) => op_has_side_effects(op),
        ParamOp::Default { word, .. } | ParamOp::Alternate { word, .. } => word.has_side_effects(),
        ParamOp::Trim { pattern, .. } => pattern.has_side_effects(),
        ParamOp::Replace {
            pattern,
            replacement,
            ..
        } => {
            pattern.has_side_effects() || replacement.as_ref().is_some_and(|r| r.has_side_effects())
        }
        _ => false,
    }
}

/// Words that mean something to the parser where a command starts.
pub fn is_reserved_word(word: &[u8]) -> bool {
    matches!(
        word,
        b"!" | b"{"
            | b"}"
            | b"if"
            | b"then"
            | b"else"
            | b"elif"
            | b"fi"
            | b"do"
            | b"done"
            | b"case"
            | b"esac"
            | b"while"
            | b"until"
            | b"for"
            | b"in"
            | b"function"
            | b"time"
    )
}

impl SimpleCommand {
    pub fn has_side_effects(&self) -> bool {
        self.words.iter().any(Word::has_side_effects)
            || self.assigns.iter().any(|a| a.value.has_side_effects())
            || self.redirs.iter().any(|r| {
                r.target.has_side_effects()
                    || r.here
                        .as_ref()
                        .is_some_and(|h| h.body.get().is_some_and(|b| b.text.has_side_effects()))
            })
    }
}

// The printer lives in its own module; its trait is named from here too,
// where the tree is.
pub use crate::syntax::printer::{Unparse, unparse_parts};
