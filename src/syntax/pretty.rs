//! Shell text laid out over lines as bash prints it: a function (`type
//! f`) with one command a line, bodies indented by four spaces, `elif`
//! written as an `if` inside `else`; a job's command (`jobs`) the same
//! way, except that lists and brace groups stay on one line.

use crate::syntax::ast::{
    AndOr, Command, CompoundCommand, Connector, FunctionDef, HereDoc, List, Pipeline, Redir,
    RedirOp, SimpleCommand, Unparse, is_reserved_word,
};

/// `name () ` and the body, as bash's `type name` shows a function.
pub fn function_text(def: &FunctionDef) -> Vec<u8> {
    let mut p = Printer {
        in_function: true,
        ..Printer::default()
    };
    p.function(def, 0, false);
    // Those of the function's own redirections (`f() { cat; } <<E`).
    if !p.docs.is_empty() {
        p.out.push(b'\n');
        p.here_bodies();
    }
    p.out
}

/// A job's command text as bash's `jobs` shows it, when it holds a
/// compound command (simple ones are [`Unparse`]d).
pub fn job_text(ao: &AndOr) -> String {
    let mut p = Printer::default();
    p.and_or(ao, 0);
    String::from_utf8_lossy(&p.out).into_owned()
}

/// A compound command's text as `jobs` shows it.
pub fn command_text(cmd: &CompoundCommand) -> String {
    let mut p = Printer::default();
    p.compound(cmd, 0);
    String::from_utf8_lossy(&p.out).into_owned()
}

/// The body of `$(...)` as bash prints it (as `jobs` shows a command,
/// compound commands over lines), in a form that reads back as the same
/// tree: where bash's layout would change the tree (`elif` as `if` inside
/// `else`, `for i` as `for i in "$@"`), the printer keeps what was written.
pub fn substitution_text(list: &List) -> Vec<u8> {
    let mut docs = Vec::new();
    list.here_docs(&mut docs);
    if !docs.is_empty() {
        // A body follows the line that holds its `<<`: the one-line form
        // keeps every body after the only line, then `)` on a line of its
        // own, as bash prints it.
        let mut out = list.to_bytes();
        out.push(b'\n');
        return out;
    }
    let mut p = Printer {
        exact: true,
        ..Printer::default()
    };
    p.list(list, 0);
    p.out
}

/// Does `ao` hold a compound command or a function definition?
pub fn has_compound(ao: &AndOr) -> bool {
    std::iter::once(&ao.first)
        .chain(ao.rest.iter().map(|(_, p)| p))
        .flat_map(|p| &p.commands)
        .any(|c| !matches!(c, Command::Simple(_)))
}

#[derive(Default)]
struct Printer {
    out: Vec<u8>,
    /// Printing a function's body: a newline after each command, brace
    /// groups over lines.
    in_function: bool,
    /// The text must parse back to the same tree (the body of `$(...)`).
    exact: bool,
    /// Here-documents of the line being printed, in a function, whose
    /// bodies follow that line.
    docs: Vec<HereDoc>,
    /// Bodies were printed since the last `;` was due: bash writes the
    /// next one as a newline alone (its `was_heredoc`).
    bodies_printed: bool,
}

impl Printer {
    fn text(&mut self, s: &[u8]) {
        self.out.extend_from_slice(s);
    }

    fn newline(&mut self, level: usize) {
        if !self.docs.is_empty() {
            // The bodies, then an empty line, as bash shows them.
            self.out.push(b'\n');
            self.here_bodies();
        }
        self.out.push(b'\n');
        self.out.extend(std::iter::repeat_n(b' ', 4 * level));
    }

    /// The bodies of the here-documents of the line just printed, each
    /// line ending with a newline.
    fn here_bodies(&mut self) {
        self.bodies_printed = true;
        for doc in std::mem::take(&mut self.docs) {
            // A body the end of input cut short is shown ended.
            if !crate::syntax::printer::here_doc_text(&doc, &mut self.out) {
                self.out.extend_from_slice(&doc.delimiter);
            }
            self.out.push(b'\n');
        }
    }

    fn function(&mut self, def: &FunctionDef, level: usize, keyword: bool) {
        if keyword {
            self.text(b"function ");
        }
        self.text(&def.name);
        self.text(b" () ");
        self.newline(level);
        if self.exact || matches!(&*def.body, CompoundCommand::Brace(_)) {
            self.compound(&def.body, level);
        } else {
            // bash shows any other body inside braces.
            self.text(b"{ ");
            self.newline(level + 1);
            self.compound(&def.body, level + 1);
            self.newline(level);
            self.text(b"}");
        }
        self.redirs(&def.redirs);
    }

    fn list(&mut self, list: &List, level: usize) {
        for (i, item) in list.items.iter().enumerate() {
            self.and_or(&item.and_or, level);
            // (bash writes `};` after a function's definition anyway.)
            if item.and_or.rest.is_empty()
                && matches!(
                    item.and_or.first.commands.as_slice(),
                    [Command::FunctionDef(_)]
                )
            {
                self.bodies_printed = false;
            }
            let last = i + 1 == list.items.len();
            match (item.background, last) {
                (true, true) => self.text(b" &"),
                (true, false) => self.text(b" & "),
                (false, true) => {}
                (false, false) if self.in_function => {
                    // Before or after here-documents' bodies the newline
                    // ends the command (bash writes no `;` there).
                    let bodies = std::mem::take(&mut self.bodies_printed);
                    if self.docs.is_empty() && !bodies {
                        self.text(b";");
                    }
                    self.newline(level);
                }
                (false, false) => self.text(b"; "),
            }
        }
    }

    fn and_or(&mut self, ao: &AndOr, level: usize) {
        self.pipeline(&ao.first, level);
        for (conn, p) in &ao.rest {
            self.text(match conn {
                Connector::And => b" && ",
                Connector::Or => b" || ",
            });
            self.pipeline(p, level);
        }
    }

    fn pipeline(&mut self, p: &Pipeline, level: usize) {
        if p.commands.is_empty() {
            // `!` alone: written as the one-line printer writes it.
            p.unparse(&mut self.out);
            return;
        }
        if let Some(time) = p.time {
            self.text(time.keyword());
            self.text(b" ");
        }
        if p.negated {
            self.text(b"! ");
        }
        for (i, cmd) in p.commands.iter().enumerate() {
            if i > 0 {
                self.text(b" | ");
            }
            self.command(cmd, level);
        }
    }

    fn command(&mut self, cmd: &Command, level: usize) {
        match cmd {
            Command::Simple(simple) => self.simple(simple),
            Command::Compound(body, redirs, _) => {
                self.compound(body, level);
                self.redirs(redirs);
            }
            Command::FunctionDef(def) => self.function(def, level, true),
        }
    }

    fn simple(&mut self, cmd: &SimpleCommand) {
        let reserved_first = cmd.assigns.is_empty()
            && cmd
                .words
                .first()
                .and_then(|w| w.as_literal())
                .is_some_and(is_reserved_word);
        if self.exact && reserved_first {
            // `<in if` runs a command named `if`: written word first, it
            // would start a compound command.
            cmd.unparse(&mut self.out);
            return;
        }
        if reserved_first {
            // The same in bash's layout (bash writes `if <in`, which
            // reads back as an `if`).
            let start = self.out.len();
            self.redirs(&cmd.redirs);
            if self.out.get(start) == Some(&b' ') {
                self.out.remove(start);
            }
            for w in &cmd.words {
                self.text(b" ");
                w.unparse(&mut self.out);
            }
            return;
        }
        let mut first = true;
        for a in &cmd.assigns {
            if !std::mem::replace(&mut first, false) {
                self.text(b" ");
            }
            self.text(&a.name);
            self.text(b"=");
            crate::syntax::ast::unparse_parts(&a.value.parts, false, &mut self.out);
        }
        for w in &cmd.words {
            if !std::mem::replace(&mut first, false) {
                self.text(b" ");
            }
            w.unparse(&mut self.out);
        }
        let start = self.out.len();
        self.redirs(&cmd.redirs);
        if first && self.out.get(start) == Some(&b' ') {
            // Redirections alone: no space before the first.
            self.out.remove(start);
        }
    }

    /// Redirections after a command, each after a space; bash puts a space
    /// between a file operator and its file, none after `>&` or `<<`.
    fn redirs(&mut self, redirs: &[Redir]) {
        for r in redirs {
            self.text(b" ");
            let dup = matches!(r.op, RedirOp::DupIn | RedirOp::DupOut);
            let closes = dup && r.target.as_literal() == Some(b"-");
            match r.fd {
                Some(fd) => self.text(fd.to_string().as_bytes()),
                // bash names the descriptor of a duplication (`1>&2`,
                // `0<&3`), and writes every close `N>&-`.
                None if dup && !self.exact => {
                    self.text(if r.op == RedirOp::DupIn { b"0" } else { b"1" });
                }
                None => {}
            }
            if closes && !self.exact {
                self.text(b">&");
            } else {
                self.text(r.op.as_str().as_bytes());
            }
            let here = matches!(r.op, RedirOp::HereDoc | RedirOp::HereDocDash);
            let start = self.out.len();
            match &r.here {
                // bash shows a quoted delimiter in single quotes.
                Some(doc) if doc.quoted && !self.exact && !doc.delimiter.contains(&b'\'') => {
                    self.text(b"'");
                    self.text(&doc.delimiter);
                    self.text(b"'");
                }
                _ => r.target.unparse(&mut self.out),
            }
            let dash_first = self.out.get(start) == Some(&b'-');
            if !dup && (!here || dash_first) {
                // `<< -E` is not `<<-E`.
                self.out.insert(start, b' ');
            }
            if r.moves {
                self.text(b"-");
            }
            if let Some(doc) = &r.here
                && self.in_function
            {
                self.docs.push(doc.clone());
            }
        }
    }

    /// A list that a reserved word closes: each command, the last too,
    /// ends with `;`.
    fn body(&mut self, list: &List, level: usize) {
        self.newline(level);
        self.list(list, level);
        // A newline follows, which ends the command before bodies.
        if self.docs.is_empty() {
            self.semicolon();
        }
    }

    /// `;` to end a list, unless it ended with `&` (bash's `semicolon`).
    fn semicolon(&mut self) {
        if !matches!(self.out.last(), Some(b'&' | b'\n')) {
            self.text(b";");
        }
    }

    fn compound(&mut self, cmd: &CompoundCommand, level: usize) {
        match cmd {
            CompoundCommand::Brace(list) if !self.in_function => {
                self.text(b"{ ");
                self.list(list, level);
                self.semicolon();
                self.text(b" }");
            }
            CompoundCommand::Brace(list) => {
                self.text(b"{ ");
                self.newline(level + 1);
                self.list(list, level + 1);
                self.newline(level);
                self.text(b"}");
            }
            CompoundCommand::Arith(parts) => {
                // As written, spaces and all, as bash shows it.
                let mut expr = Vec::new();
                crate::syntax::ast::unparse_parts(parts, true, &mut expr);
                self.text(b"((");
                self.text(&expr);
                self.text(b"))");
            }
            CompoundCommand::Subshell(list) => {
                self.text(b"( ");
                self.list(list, level);
                self.text(b" )");
            }
            CompoundCommand::If {
                branches,
                otherwise,
            } => self.if_chain(branches, otherwise.as_ref(), level),
            CompoundCommand::Loop { until, cond, body } => {
                self.text(if *until { b"until " } else { b"while " });
                self.list(cond, level);
                self.semicolon();
                self.text(b" do");
                self.body(body, level + 1);
                self.newline(level);
                self.text(b"done");
            }
            CompoundCommand::For {
                name, words, body, ..
            } => {
                self.text(b"for ");
                self.text(name);
                match words {
                    None if self.exact => {}
                    None => self.text(b" in \"$@\""),
                    // `for j in ;` when there are none, as bash writes it.
                    Some(words) => {
                        self.text(b" in ");
                        for (i, w) in words.iter().enumerate() {
                            if i > 0 {
                                self.text(b" ");
                            }
                            w.unparse(&mut self.out);
                        }
                    }
                }
                self.text(b";");
                self.newline(level);
                self.text(b"do");
                self.body(body, level + 1);
                self.newline(level);
                self.text(b"done");
            }
            CompoundCommand::Case { word, arms } => {
                self.text(b"case ");
                word.unparse(&mut self.out);
                self.text(b" in ");
                for arm in arms {
                    self.newline(level + 1);
                    let first = arm.patterns.first().and_then(|w| w.as_literal());
                    if self.exact && first == Some(b"esac") {
                        // Else taken for the end of the case.
                        self.text(b"(");
                    }
                    for (i, p) in arm.patterns.iter().enumerate() {
                        if i > 0 {
                            self.text(b" | ");
                        }
                        p.unparse(&mut self.out);
                    }
                    self.text(b")");
                    if arm.body.items.is_empty() {
                        self.text(b"\n");
                    } else {
                        self.newline(level + 2);
                        self.list(&arm.body, level + 2);
                    }
                    self.newline(level + 1);
                    self.text(arm.end.as_str().as_bytes());
                }
                self.newline(level);
                self.text(b"esac");
            }
        }
    }

    /// `if`, with each `elif` as an `if` inside `else`, as bash shows it.
    fn if_chain(&mut self, branches: &[(List, List)], otherwise: Option<&List>, level: usize) {
        let Some(((cond, then), rest)) = branches.split_first() else {
            return;
        };
        self.text(b"if ");
        self.list(cond, level);
        self.semicolon();
        self.text(b" then");
        self.body(then, level + 1);
        self.newline(level);
        if !rest.is_empty() && self.exact {
            self.text(b"el");
            self.if_chain(rest, otherwise, level);
            return;
        }
        if !rest.is_empty() {
            self.text(b"else");
            self.newline(level + 1);
            self.if_chain(rest, otherwise, level + 1);
            self.text(b";");
            self.newline(level);
        } else if let Some(list) = otherwise {
            self.text(b"else");
            self.body(list, level + 1);
            self.newline(level);
        }
        self.text(b"fi");
    }
}
