//! The printer: a syntax tree back to shell text, on one line, that parses
//! to the same tree. This is the command line `jobs` shows, and what
//! `$(...)` and `${x-word}` keep for later. It is written as bytes, so that
//! text that is not UTF-8 survives; `Display` shows it lossily. (The
//! layout over many lines that `type f` shows is in `pretty`.)

use std::fmt;

use crate::syntax::ast::{
    AndOr, Command, CompoundCommand, Connector, HereDoc, List, Param, ParamOp, Pipeline, Redir,
    RedirOp, ReplaceKind, SimpleCommand, Word, WordPart, is_reserved_word,
};

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
            line_open = here_doc_text(doc, out);
        }
    }
}

/// A here-document's body as the lexer reads it back, then its delimiter
/// (no newline after it) unless the end of input cut the body short,
/// where it stays so: the delimiter may be one no line can match (it has
/// a newline). Whether the delimiter was written.
pub(crate) fn here_doc_text(doc: &HereDoc, out: &mut Vec<u8>) -> bool {
    let body = doc.body.get();
    if let Some(body) = body {
        let mut text = Vec::new();
        unparse_here_body(&body.text.parts, &mut text);
        for line in text.split_inclusive(|&b| b == b'\n') {
            // A line that reads as the delimiter, or whose leading tab
            // `<<-` would strip, came in joined to the one before by a
            // backslash-newline: so it goes out.
            let joined = line.strip_suffix(b"\n").unwrap_or(line) == doc.delimiter
                || (doc.strip_tabs && line.first() == Some(&b'\t'));
            if !doc.quoted && joined {
                out.extend_from_slice(b"\\\n");
            }
            out.extend_from_slice(line);
        }
    }
    if body.is_some_and(|b| b.to_eof) {
        return false;
    }
    out.extend_from_slice(&doc.delimiter);
    true
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
            unparse_parts(&a.value.parts, false, out);
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
    /// The word where a word begins (after a blank or an operator), where
    /// an unquoted `#` would begin a comment: such a `#` is escaped. (The
    /// parser makes no such word; a tree made otherwise may hold one.)
    fn unparse(&self, out: &mut Vec<u8>) {
        if let Some(WordPart::Lit(text)) = self.parts.first()
            && text.first() == Some(&b'#')
        {
            out.push(b'\\');
        }
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
