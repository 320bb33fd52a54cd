//! The syntax tree: what the parser produces and the executor consumes.
//!
//! Text is kept as bytes, not `String`: a shell must pass file names and
//! arguments through untouched, whatever their encoding.

use std::cell::OnceCell;
use std::fmt;
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

// Printing a tree gives back shell text that parses to the same tree: this is
// the command line `jobs` shows. It is written as bytes, so that text that is
// not UTF-8 survives; `Display` shows it lossily.

/// Shell text for a syntax tree node.
pub trait Unparse {
    fn unparse(&self, out: &mut Vec<u8>);

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.unparse(&mut out);
        out
    }
}

macro_rules! display_by_unparse {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&String::from_utf8_lossy(&self.to_bytes()))
            }
        }
    )*};
}

display_by_unparse!(
    List,
    AndOr,
    Pipeline,
    Command,
    SimpleCommand,
    CompoundCommand,
    Word,
    WordPart,
    Param
);

impl Unparse for List {
    fn unparse(&self, out: &mut Vec<u8>) {
        self.unparse_line(out);
        self.unparse_here_bodies(out);
    }
}

impl List {
    /// The list on one line, without the bodies of its here-documents
    /// (which follow the whole line, however deep they are).
    pub(crate) fn unparse_line(&self, out: &mut Vec<u8>) {
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                out.push(b' ');
            }
            item.and_or.unparse(out);
            if item.background {
                out.extend_from_slice(b" &");
            } else if i + 1 < self.items.len() {
                out.push(b';');
            }
        }
    }

    /// The here-documents of the list, nested ones included, in the order
    /// the printer writes their `<<`.
    pub(crate) fn here_docs<'a>(&'a self, docs: &mut Vec<&'a HereDoc>) {
        for item in &self.items {
            let and_or = &item.and_or;
            for p in std::iter::once(&and_or.first).chain(and_or.rest.iter().map(|(_, p)| p)) {
                for c in &p.commands {
                    c.here_docs(docs);
                }
            }
        }
    }

    /// The here-documents' bodies, each ended by its delimiter line, after
    /// the line that holds their `<<`.
    pub(crate) fn unparse_here_bodies(&self, out: &mut Vec<u8>) {
        // A compound command prints on one line, so the bodies of every
        // here-document inside it come after that line too, in the order
        // their `<<` were printed.
        let mut docs = Vec::new();
        self.here_docs(&mut docs);
        // The newline that ends the command's line, then each one's.
        let mut line_open = true;
        for doc in docs {
            if std::mem::take(&mut line_open) {
                out.push(b'\n');
            }
            let body = doc.body.get();
            if let Some(body) = body {
                let mut text = Vec::new();
                unparse_here_body(&body.text.parts, &mut text);
                for line in text.split_inclusive(|&b| b == b'\n') {
                    // A line that reads as the delimiter, or whose leading
                    // tab `<<-` would strip, came in joined to the one
                    // before by a backslash-newline: so it goes out.
                    let joined = line.strip_suffix(b"\n").unwrap_or(line) == doc.delimiter
                        || (doc.strip_tabs && line.first() == Some(&b'\t'));
                    if !doc.quoted && joined {
                        out.extend_from_slice(b"\\\n");
                    }
                    out.extend_from_slice(line);
                }
            }
            // Cut short by the end of input, it stays so: the delimiter
            // may be one no line can match (it has a newline).
            if !body.is_some_and(|b| b.to_eof) {
                out.extend_from_slice(&doc.delimiter);
                line_open = true;
            }
        }
    }
}

impl Command {
    fn here_docs<'a>(&'a self, docs: &mut Vec<&'a HereDoc>) {
        let redirs = match self {
            Command::Simple(c) => &c.redirs,
            Command::Compound(body, redirs, _) => {
                body.here_docs(docs);
                redirs
            }
            Command::FunctionDef(f) => {
                f.body.here_docs(docs);
                &f.redirs
            }
        };
        docs.extend(redirs.iter().filter_map(|r| r.here.as_ref()));
    }
}

impl CompoundCommand {
    fn here_docs<'a>(&'a self, docs: &mut Vec<&'a HereDoc>) {
        match self {
            CompoundCommand::Arith(_) => {}
            CompoundCommand::Brace(l) | CompoundCommand::Subshell(l) => l.here_docs(docs),
            CompoundCommand::If {
                branches,
                otherwise,
            } => {
                for (cond, body) in branches {
                    cond.here_docs(docs);
                    body.here_docs(docs);
                }
                if let Some(l) = otherwise {
                    l.here_docs(docs);
                }
            }
            CompoundCommand::Loop { cond, body, .. } => {
                cond.here_docs(docs);
                body.here_docs(docs);
            }
            CompoundCommand::For { body, .. } => body.here_docs(docs),
            CompoundCommand::Case { arms, .. } => {
                for arm in arms {
                    arm.body.here_docs(docs);
                }
            }
        }
    }
}

/// A body as the lexer reads it back: text as it is, `\$`, `\``, `\\`
/// escaped, expansions as written.
fn unparse_here_body(parts: &[WordPart], out: &mut Vec<u8>) {
    for part in parts {
        match part {
            WordPart::Lit(text) => out.extend_from_slice(text),
            WordPart::Escaped(b) => out.extend_from_slice(&[b'\\', *b]),
            other => unparse_part(other, true, out),
        }
    }
    if !matches!(out.last(), None | Some(b'\n')) {
        out.push(b'\n');
    }
}

impl Unparse for AndOr {
    fn unparse(&self, out: &mut Vec<u8>) {
        self.first.unparse(out);
        for (conn, p) in &self.rest {
            out.extend_from_slice(match conn {
                Connector::And => b" && ",
                Connector::Or => b" || ",
            });
            p.unparse(out);
        }
    }
}

impl Unparse for Pipeline {
    fn unparse(&self, out: &mut Vec<u8>) {
        if let Some(time) = self.time {
            out.extend_from_slice(time.keyword());
            if self.commands.is_empty() {
                // `time` alone, or `time !`.
                if self.negated {
                    out.extend_from_slice(b" !");
                }
                return;
            }
            out.push(b' ');
        }
        if self.commands.is_empty() {
            // `!` alone, or `! !`: nothing else writes an empty pipeline.
            out.extend_from_slice(if self.negated { b"!" } else { b"! !" });
            return;
        }
        if self.negated {
            out.extend_from_slice(b"! ");
        } else if self.commands.is_empty() {
            // `! !` alone: negated twice, and not nothing.
            out.extend_from_slice(b"! ! ");
        }
        for (i, c) in self.commands.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(b" | ");
            }
            c.unparse(out);
        }
    }
}

impl Unparse for Command {
    fn unparse(&self, out: &mut Vec<u8>) {
        match self {
            Command::Simple(c) => c.unparse(out),
            Command::Compound(c, redirs, _) => {
                c.unparse(out);
                unparse_redirs(redirs, out);
            }
            Command::FunctionDef(f) => {
                out.extend_from_slice(&f.name);
                out.extend_from_slice(b"() ");
                f.body.unparse(out);
                unparse_redirs(&f.redirs, out);
            }
        }
    }
}

fn unparse_redirs(redirs: &[Redir], out: &mut Vec<u8>) {
    for r in redirs {
        out.push(b' ');
        r.unparse(out);
    }
}

impl Unparse for Redir {
    fn unparse(&self, out: &mut Vec<u8>) {
        if let Some(fd) = self.fd {
            out.extend_from_slice(fd.to_string().as_bytes());
        }
        out.extend_from_slice(self.op.as_str().as_bytes());
        let start = out.len();
        self.target.unparse(out);
        // `<< -E` is not `<<-E`.
        if self.op == RedirOp::HereDoc && out.get(start) == Some(&b'-') {
            out.insert(start, b' ');
        }
        if self.moves {
            out.push(b'-');
        }
    }
}

/// The list inside a compound command: every item ends with its `;` or
/// `&`, so that a reserved word can follow.
fn unparse_body(list: &List, out: &mut Vec<u8>) {
    for item in &list.items {
        out.push(b' ');
        item.and_or.unparse(out);
        out.extend_from_slice(if item.background { b" &" } else { b";" });
    }
}

impl Unparse for CompoundCommand {
    fn unparse(&self, out: &mut Vec<u8>) {
        match self {
            CompoundCommand::Brace(list) => {
                out.push(b'{');
                unparse_body(list, out);
                out.extend_from_slice(b" }");
            }
            CompoundCommand::Arith(parts) => {
                out.extend_from_slice(b"((");
                unparse_parts(parts, true, out);
                out.extend_from_slice(b"))");
            }
            CompoundCommand::Subshell(list) => {
                // `( (a) )`: a space, so that `((` is never written.
                out.extend_from_slice(b"( ");
                list.unparse_line(out);
                out.extend_from_slice(b" )");
            }
            CompoundCommand::If {
                branches,
                otherwise,
            } => {
                for (i, (cond, body)) in branches.iter().enumerate() {
                    out.extend_from_slice(if i == 0 { b"if" } else { b" elif" });
                    unparse_body(cond, out);
                    out.extend_from_slice(b" then");
                    unparse_body(body, out);
                }
                if let Some(e) = otherwise {
                    out.extend_from_slice(b" else");
                    unparse_body(e, out);
                }
                out.extend_from_slice(b" fi");
            }
            CompoundCommand::Loop { until, cond, body } => {
                out.extend_from_slice(if *until { b"until" } else { b"while" });
                unparse_body(cond, out);
                out.extend_from_slice(b" do");
                unparse_body(body, out);
                out.extend_from_slice(b" done");
            }
            CompoundCommand::For {
                name, words, body, ..
            } => {
                out.extend_from_slice(b"for ");
                out.extend_from_slice(name);
                if let Some(words) = words {
                    out.extend_from_slice(b" in");
                    for w in words {
                        out.push(b' ');
                        w.unparse(out);
                    }
                }
                out.extend_from_slice(b"; do");
                unparse_body(body, out);
                out.extend_from_slice(b" done");
            }
            CompoundCommand::Case { word, arms } => {
                out.extend_from_slice(b"case ");
                word.unparse(out);
                out.extend_from_slice(b" in");
                for arm in arms {
                    out.extend_from_slice(b" (");
                    for (i, p) in arm.patterns.iter().enumerate() {
                        if i > 0 {
                            out.push(b'|');
                        }
                        p.unparse(out);
                    }
                    out.push(b')');
                    unparse_body(&arm.body, out);
                    out.push(b' ');
                    out.extend_from_slice(arm.end.as_str().as_bytes());
                }
                out.extend_from_slice(b" esac");
            }
        }
    }
}

impl Unparse for SimpleCommand {
    fn unparse(&self, out: &mut Vec<u8>) {
        let mut first = true;
        let mut sep = |out: &mut Vec<u8>| {
            if !std::mem::replace(&mut first, false) {
                out.push(b' ');
            }
        };
        for a in &self.assigns {
            sep(out);
            out.extend_from_slice(&a.name);
            out.push(b'=');
            a.value.unparse(out);
        }
        // `<in !` runs a command named `!`, `<in if` one named `if`; printed
        // with the word first they would negate a pipeline or start a
        // compound command, so such redirections go first.
        let bang_first = self.assigns.is_empty()
            && self
                .words
                .first()
                .and_then(Word::as_literal)
                .is_some_and(is_reserved_word);
        if !bang_first {
            for w in &self.words {
                sep(out);
                w.unparse(out);
            }
        }
        for r in &self.redirs {
            sep(out);
            r.unparse(out);
        }
        if bang_first {
            for w in &self.words {
                sep(out);
                w.unparse(out);
            }
        }
    }
}

impl Unparse for Word {
    fn unparse(&self, out: &mut Vec<u8>) {
        unparse_parts(&self.parts, false, out);
    }
}

impl Unparse for WordPart {
    fn unparse(&self, out: &mut Vec<u8>) {
        unparse_part(self, false, out);
    }
}

impl Unparse for Param {
    fn unparse(&self, out: &mut Vec<u8>) {
        unparse_param(self, false, out);
    }
}

// `in_double`: inside double quotes, where only `${x:-word}` can hold a
// quoted string, and only as `$'...'`.

pub fn unparse_parts(parts: &[WordPart], in_double: bool, out: &mut Vec<u8>) {
    for part in parts {
        unparse_part(part, in_double, out);
    }
}

fn unparse_part(part: &WordPart, in_double: bool, out: &mut Vec<u8>) {
    match part {
        WordPart::Lit(text) => out.extend_from_slice(text),
        WordPart::Single(text) if in_double || text.contains(&b'\'') => {
            out.extend_from_slice(b"$'");
            for &b in text {
                if matches!(b, b'\'' | b'\\') {
                    out.push(b'\\');
                }
                out.push(b);
            }
            out.push(b'\'');
        }
        WordPart::Single(text) => {
            out.push(b'\'');
            out.extend_from_slice(text);
            out.push(b'\'');
        }
        WordPart::Unicode { code, long } => {
            let escape = if *long {
                format!("$'\\U{code:08X}'")
            } else {
                format!("$'\\u{code:04X}'")
            };
            out.extend_from_slice(escape.as_bytes());
        }
        WordPart::Escaped(b) => out.extend_from_slice(&[b'\\', *b]),
        WordPart::Double(parts) => {
            out.push(b'"');
            unparse_parts(parts, true, out);
            out.push(b'"');
        }
        WordPart::Param(p) => unparse_param(p, in_double, out),
        WordPart::Tilde(user) => {
            out.push(b'~');
            out.extend_from_slice(user);
        }
        WordPart::Arith(parts) => {
            out.extend_from_slice(b"$((");
            unparse_parts(parts, true, out);
            out.extend_from_slice(b"))");
        }
        WordPart::CommandSubst(sub) => match &sub.backquoted {
            Some(text) => {
                out.push(b'`');
                out.extend_from_slice(text);
                out.push(b'`');
            }
            None => {
                out.extend_from_slice(b"$(");
                let body = crate::syntax::pretty::substitution_text(&sub.list);
                // `$( (a) )`: a space, so that `$((` is never written.
                if body.first() == Some(&b'(') {
                    out.push(b' ');
                }
                out.extend_from_slice(&body);
                out.push(b')');
            }
        },
    }
}

fn unparse_param(p: &Param, in_double: bool, out: &mut Vec<u8>) {
    match &p.op {
        ParamOp::Plain if !p.braced => {
            out.push(b'$');
            out.extend_from_slice(&p.name);
        }
        ParamOp::Bad(text) => {
            out.extend_from_slice(b"${");
            out.extend_from_slice(text);
            out.push(b'}');
        }
        ParamOp::Length => {
            out.extend_from_slice(b"${#");
            out.extend_from_slice(&p.name);
            out.push(b'}');
        }
        op => {
            out.extend_from_slice(b"${");
            unparse_op(&p.name, op, in_double, out);
            out.push(b'}');
        }
    }
}

/// What is between `${` and `}`: the name and the operation.
fn unparse_op(name: &[u8], op: &ParamOp, in_double: bool, out: &mut Vec<u8>) {
    let (colon, sym, word) = match op {
        ParamOp::Default { colon, word } => (colon, b'-', word),
        ParamOp::Assign { colon, word } => (colon, b'=', word),
        ParamOp::Alternate { colon, word } => (colon, b'+', word),
        ParamOp::Error { colon, word } => (colon, b'?', word),
        ParamOp::Indirect(op) => {
            out.push(b'!');
            return unparse_op(name, op, in_double, out);
        }
        // The words of the pattern operators are read with quotes of
        // their own, inside double quotes too.
        ParamOp::Trim {
            suffix,
            longest,
            pattern,
        } => {
            out.extend_from_slice(name);
            let sym = if *suffix { b'%' } else { b'#' };
            out.push(sym);
            if *longest {
                out.push(sym);
            }
            unparse_parts(&pattern.parts, false, out);
            return;
        }
        ParamOp::Replace {
            kind,
            pattern,
            replacement,
        } => {
            out.extend_from_slice(name);
            out.extend_from_slice(match kind {
                ReplaceKind::First => b"/",
                ReplaceKind::All => b"//",
                ReplaceKind::Prefix => b"/#",
                ReplaceKind::Suffix => b"/%",
            });
            unparse_parts(&pattern.parts, false, out);
            if let Some(rep) = replacement {
                out.push(b'/');
                unparse_parts(&rep.parts, false, out);
            }
            return;
        }
        ParamOp::Substring { offset, length } => {
            out.extend_from_slice(name);
            out.push(b':');
            unparse_parts(&offset.parts, true, out);
            if let Some(len) = length {
                out.push(b':');
                unparse_parts(&len.parts, true, out);
            }
            return;
        }
        ParamOp::Length => {
            out.push(b'#');
            out.extend_from_slice(name);
            return;
        }
        ParamOp::Names { at } => {
            out.push(b'!');
            out.extend_from_slice(name);
            out.push(if *at { b'@' } else { b'*' });
            return;
        }
        ParamOp::Plain | ParamOp::Bad(_) => {
            out.extend_from_slice(name);
            return;
        }
    };
    out.extend_from_slice(name);
    if *colon {
        out.push(b':');
    }
    out.push(sym);
    unparse_parts(&word.parts, in_double, out);
}
