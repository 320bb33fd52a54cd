//! Which command substitutions run in the shell itself: decided before
//! the body runs, from its tree alone (and the functions it calls as they
//! are defined now). A body qualifies when every command it can run is a
//! builtin whose effects [`super::contain`] undoes, or a function whose
//! body qualifies too; no pipeline, no `&`, no `( )`, no program. Anything
//! else (or anything this check cannot be sure of) runs in a forked copy,
//! as before: the check errs on the side of the fork.

use std::collections::HashMap;
use std::rc::Rc;

use crate::state::vars::FixedState;
use crate::syntax::ast::{
    Command, CompoundCommand, FunctionDef, List, ListItem, Redir, RedirOp, SimpleCommand, Word,
    WordPart,
};
use crate::syntax::lexer::StrSource;
use crate::syntax::parser::Parser;

/// The state a qualifying body may change beyond what is always saved:
/// saving these costs more, so only what the body can touch is saved.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    /// `cd`, `pushd`, `popd`, `dirs`: the working directory and the stack.
    pub cwd: bool,
    pub umask: bool,
    /// `alias`, `unalias`.
    pub aliases: bool,
    /// `hash`, `type`, `command -v`: the table of commands found on PATH.
    pub paths: bool,
    /// A function is defined.
    pub functions: bool,
    /// `read`: the shell's input must be given back first, as before a
    /// fork.
    pub input: bool,
}

/// More nodes than this in the body and the functions it calls: not worth
/// the walk at every substitution; it forks.
const MAX_NODES: usize = 4096;

type Functions = HashMap<Vec<u8>, Rc<FunctionDef>, FixedState>;

/// What the body needs saved, or `None` if it must run in a forked copy.
/// `interactive`: the shell at the prompt, where Ctrl+C must end the
/// substitution as it ends a forked one; what may block (`read`, opening a
/// FIFO) is left to the fork.
pub fn check(functions: &Functions, interactive: bool, list: &List) -> Option<Needs> {
    let mut c = Checker {
        interactive,
        needs: Needs::default(),
        defined: Vec::new(),
        calls: Vec::new(),
        unset: Vec::new(),
        walked: Vec::new(),
        nodes: 0,
        surely: Some(Vec::new()),
    };
    c.top_list(list)?;
    // Functions walked from here on run when the definitions of the body
    // may or may not have happened.
    c.surely = None;
    // Into the functions called, as they are defined now; what they call
    // is added as they are walked.
    let mut i = 0;
    while let Some(call) = c.calls.get(i) {
        if let Some(def) = functions.get(&call.name) {
            let def = Rc::clone(def);
            c.function(&def)?;
        }
        i += 1;
    }
    for call in &c.calls {
        // A name that is no function now may reach the builtin (or a
        // program) until the body defines it.
        if !functions.contains_key(&call.name) && !call.builtin_ok {
            return None;
        }
    }
    // `unset NAME` unsets a function when no variable has the name: what
    // a call runs could change under the check.
    if c.unset
        .iter()
        .any(|n| functions.contains_key(n) || c.defined.contains(n))
    {
        return None;
    }
    Some(c.needs)
}

struct Call {
    name: Vec<u8>,
    /// The name is a builtin allowed with these arguments.
    builtin_ok: bool,
}

struct Checker {
    interactive: bool,
    needs: Needs,
    /// Functions the body defines.
    defined: Vec<Vec<u8>>,
    calls: Vec<Call>,
    /// Operands of `unset`.
    unset: Vec<Vec<u8>>,
    /// Function bodies walked already (recursion, calls in a loop).
    walked: Vec<*const CompoundCommand>,
    nodes: usize,
    /// While the body's own list is walked: the functions it has surely
    /// defined by the point reached (`f() { ...; }; f`).
    surely: Option<Vec<Vec<u8>>>,
}

impl Checker {
    fn tick(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= MAX_NODES).then_some(())
    }

    /// The body's own list: a function defined by an item of its own is
    /// defined for every item after it.
    fn top_list(&mut self, list: &List) -> Option<()> {
        for item in &list.items {
            if let (false, [], [Command::FunctionDef(def)]) = (
                item.background,
                item.and_or.rest.as_slice(),
                item.and_or.first.commands.as_slice(),
            ) && let Some(surely) = &mut self.surely
            {
                // Its own body runs only once it is defined.
                surely.push(def.name.clone());
            }
            self.item(item)?;
        }
        Some(())
    }

    fn list(&mut self, list: &List) -> Option<()> {
        list.items.iter().try_for_each(|item| self.item(item))
    }

    fn item(&mut self, item: &ListItem) -> Option<()> {
        if item.background {
            return None;
        }
        let ao = &item.and_or;
        for p in std::iter::once(&ao.first).chain(ao.rest.iter().map(|(_, p)| p)) {
            // A pipeline forks its stages; `time` is about children.
            let [cmd] = p.commands.as_slice() else {
                return None;
            };
            if p.time.is_some() {
                return None;
            }
            self.command(cmd)?;
        }
        Some(())
    }

    fn command(&mut self, cmd: &Command) -> Option<()> {
        self.tick()?;
        match cmd {
            Command::Simple(simple) => self.simple(simple),
            Command::Compound(body, redirs, _) => {
                self.redirs(redirs)?;
                self.compound(body)
            }
            Command::FunctionDef(def) => {
                self.needs.functions = true;
                self.defined.push(def.name.clone());
                self.function(def)
            }
        }
    }

    fn function(&mut self, def: &FunctionDef) -> Option<()> {
        let key = Rc::as_ptr(def.body.tree());
        if self.walked.contains(&key) {
            return Some(());
        }
        self.walked.push(key);
        self.redirs(&def.redirs)?;
        self.compound(&def.body)
    }

    fn compound(&mut self, body: &CompoundCommand) -> Option<()> {
        self.tick()?;
        match body {
            CompoundCommand::Brace(list) => self.list(list),
            // A subshell forks.
            CompoundCommand::Subshell(_) => None,
            CompoundCommand::If {
                branches,
                otherwise,
            } => {
                for (cond, then) in branches {
                    self.list(cond)?;
                    self.list(then)?;
                }
                otherwise.as_ref().map_or(Some(()), |o| self.list(o))
            }
            CompoundCommand::Loop { cond, body, .. } => {
                self.list(cond)?;
                self.list(body)
            }
            CompoundCommand::For { body, .. } => self.list(body),
            CompoundCommand::Case { arms, .. } => {
                for arm in arms {
                    self.list(&arm.body)?;
                }
                Some(())
            }
            CompoundCommand::Arith(_) => Some(()),
        }
    }

    /// Words themselves need no check: nothing in an expansion forks but
    /// a command substitution, which decides for itself.
    fn simple(&mut self, cmd: &SimpleCommand) -> Option<()> {
        self.redirs(&cmd.redirs)?;
        let Some(first) = cmd.words.first() else {
            // Assignments only.
            return Some(());
        };
        let name = plain(first)?;
        let defined = self
            .surely
            .as_ref()
            .is_some_and(|s| s.iter().any(|n| n == name));
        let builtin_ok = self.builtin(name, &cmd.words[1..]) || defined;
        self.calls.push(Call {
            name: name.to_vec(),
            builtin_ok,
        });
        Some(())
    }

    /// At the prompt, only what cannot block: moving descriptors, here-
    /// documents, /dev/null. (Elsewhere Ctrl+C ends the whole shell, as it
    /// ends a forked substitution's parent too.)
    fn redirs(&mut self, redirs: &[Redir]) -> Option<()> {
        if !self.interactive {
            return Some(());
        }
        for r in redirs {
            let harmless = match r.op {
                RedirOp::HereDoc | RedirOp::HereDocDash => true,
                RedirOp::DupIn | RedirOp::DupOut => {
                    plain(&r.target).is_some_and(|t| t == b"-" || t.iter().all(u8::is_ascii_digit))
                }
                _ => plain(&r.target) == Some(b"/dev/null"),
            };
            if !harmless {
                return None;
            }
        }
        Some(())
    }

    /// May the builtin `name` run here with `args`?
    fn builtin(&mut self, name: &[u8], args: &[Word]) -> bool {
        match name {
            b"echo" | b"printf" | b"pwd" | b"true" | b"false" | b":" | b"test" | b"[" | b"let"
            | b"shift" | b"local" | b"export" | b"readonly" | b"getopts" | b"exit" | b"return"
            | b"break" | b"continue" => true,
            b"cd" | b"pushd" | b"popd" | b"dirs" => {
                self.needs.cwd = true;
                true
            }
            b"umask" => {
                self.needs.umask = true;
                true
            }
            b"alias" | b"unalias" => {
                self.needs.aliases = true;
                true
            }
            b"hash" | b"type" => {
                self.needs.paths = true;
                true
            }
            b"command" => {
                // Only describing (`command -v name`): else it runs
                // something, perhaps a program.
                self.needs.paths = true;
                args.first()
                    .and_then(plain)
                    .is_some_and(|a| a == b"-v" || a == b"-V")
            }
            b"read" => {
                self.needs.input = true;
                !self.interactive
            }
            b"set" => set_allowed(args),
            b"trap" => self.trap_allowed(args),
            b"ulimit" => args.iter().all(|a| {
                // Asking only: a limit once lowered cannot be raised back.
                plain(a).is_some_and(|a| {
                    a.len() > 1 && a[0] == b'-' && a[1..].iter().all(u8::is_ascii_alphabetic)
                })
            }),
            b"unset" => {
                for a in args {
                    let Some(a) = plain(a) else {
                        return false;
                    };
                    if a.starts_with(b"-") {
                        if a.contains(&b'f') {
                            return false;
                        }
                    } else {
                        self.unset.push(a.to_vec());
                    }
                }
                true
            }
            // Jobs, `wait`, `kill` (the parent's jobs), `exec`, `eval`,
            // `.`, history, `times` and the rest: in a fork.
            _ => false,
        }
    }

    /// `trap` listing, or giving `EXIT` an action whose text is known now
    /// and qualifies itself (it runs when the substitution ends). Signals
    /// are the process's: their traps are left to a fork.
    fn trap_allowed(&mut self, args: &[Word]) -> bool {
        // After `--` a `-p` is an action (a command named `-p`), as the
        // builtin reads it, not the listing.
        let (args, options_ended) = match args.first().and_then(plain) {
            Some(b"--") => (&args[1..], true),
            _ => (args, false),
        };
        let Some((first, conditions)) = args.split_first() else {
            return true;
        };
        if !options_ended && matches!(plain(first), Some(b"-p" | b"-l")) {
            return true;
        }
        let is_exit = |w: &Word| {
            plain(w).is_some_and(|c| {
                c == b"0" || c.eq_ignore_ascii_case(b"EXIT") || c.eq_ignore_ascii_case(b"SIGEXIT")
            })
        };
        if conditions.is_empty() {
            return is_exit(first);
        }
        if !conditions.iter().all(is_exit) {
            return false;
        }
        let Some(action) = static_text(first) else {
            return false;
        };
        if action == b"-" || action.is_empty() {
            return true;
        }
        let mut src = StrSource::new(action);
        let mut parser = Parser::new(&mut src);
        loop {
            match parser.parse_command() {
                Ok(Some(list)) => {
                    if self.list(&list).is_none() {
                        return false;
                    }
                }
                Ok(None) => return true,
                Err(_) => return false,
            }
        }
    }
}

/// `set` with options whose effects are the shell's own state: not `-m`
/// (job control), nor `-o vi`/`emacs` (the line editor).
fn set_allowed(args: &[Word]) -> bool {
    let mut i = 0;
    while let Some(word) = args.get(i) {
        let Some(arg) = plain(word) else {
            // Expanded, it could be any option.
            return false;
        };
        if arg == b"--" || arg == b"-" {
            return true;
        }
        if arg.len() < 2 || !matches!(arg[0], b'-' | b'+') {
            // The positional parameters, whatever they are.
            return true;
        }
        if arg[1..].contains(&b'm') {
            return false;
        }
        if arg == b"-o" || arg == b"+o" {
            match args.get(i + 1) {
                None => return true,
                Some(name) => match plain(name) {
                    Some(b"monitor" | b"vi" | b"emacs") | None => return false,
                    Some(_) => i += 2,
                },
            }
            continue;
        }
        if arg[1..].contains(&b'o') {
            return false;
        }
        i += 1;
    }
    true
}

/// A word that is one plain literal, the same after expansion: no glob
/// pattern or brace expansion in it (`[` alone is neither).
fn plain(word: &Word) -> Option<&[u8]> {
    let text = word.as_literal()?;
    (!expands(text)).then_some(text)
}

/// May unquoted `text` expand to something else (a pattern, braces)?
fn expands(text: &[u8]) -> bool {
    let has = |c: u8| text.contains(&c);
    has(b'*') || has(b'?') || (has(b'[') && has(b']')) || (has(b'{') && has(b'}'))
}

/// The text of a word made of quoted and plain literal parts only.
fn static_text(word: &Word) -> Option<Vec<u8>> {
    fn parts(list: &[WordPart], quoted: bool, out: &mut Vec<u8>) -> Option<()> {
        for part in list {
            match part {
                WordPart::Lit(text) => {
                    if !quoted && expands(text) {
                        return None;
                    }
                    out.extend_from_slice(text);
                }
                WordPart::Single(text) => out.extend_from_slice(text),
                WordPart::Escaped(b) => out.push(*b),
                WordPart::Double(inner) => parts(inner, true, out)?,
                _ => return None,
            }
        }
        Some(())
    }
    let mut out = Vec::new();
    parts(&word.parts, false, &mut out)?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The body of `$(text)`, parsed as the shell parses one.
    fn body(text: &str) -> List {
        let mut src = StrSource::new(format!("{text}\n").into_bytes());
        let mut parser = Parser::new(&mut src);
        let mut items = Vec::new();
        while let Some(list) = parser.parse_command().expect("parses") {
            items.extend(list.items);
        }
        List { items }
    }

    fn qualifies(text: &str, functions: &Functions) -> bool {
        check(functions, false, &body(text)).is_some()
    }

    fn define(functions: &mut Functions, text: &str) {
        let list = body(text);
        let Command::FunctionDef(def) = &list.items[0].and_or.first.commands[0] else {
            panic!("not a function: {text}");
        };
        functions.insert(def.name.clone(), Rc::clone(def));
    }

    #[test]
    fn builtins_and_assignments_qualify() {
        let none = Functions::default();
        for text in [
            "echo \"$i\"",
            "x=1; printf '%s' \"$x\"",
            "cd /tmp && pwd",
            "set -f -- a b; shift; echo $#",
            "set +o",
            "if test -n x; then echo y; else echo n; fi",
            "for i in 1 2; do echo $i; done; exit 3",
            "trap 'echo bye' EXIT; echo hi",
            "command -v ls",
            "ulimit -n",
            "f() { echo in; }; f",
            "x=$(ls)",
        ] {
            assert!(qualifies(text, &none), "{text}");
        }
    }

    #[test]
    fn what_forks_or_cannot_be_undone_does_not() {
        let none = Functions::default();
        for text in [
            "ls",
            "echo a; /bin/echo b",
            "echo a | cat",
            "echo a &",
            "(echo a)",
            "$cmd",
            "ec*o a",
            "e{cho,x}",
            "exec >/dev/null",
            "eval echo",
            ". ./file",
            "ulimit -n 100",
            "set -m",
            "set -o vi",
            "set $opts",
            "trap 'echo t' USR1",
            "trap 'rm -f x' EXIT",
            "trap \"$a\" EXIT",
            "trap -- -p EXIT",
            "command ls",
            "wait",
            "jobs",
            "time echo",
            "f() { ls; }",
            "unset -f f",
        ] {
            assert!(!qualifies(text, &none), "{text}");
        }
    }

    #[test]
    fn functions_are_followed_with_cycle_protection() {
        let mut fns = Functions::default();
        define(
            &mut fns,
            "even() { if [ $1 = 0 ]; then echo y; else odd $(($1-1)); fi; }",
        );
        define(
            &mut fns,
            "odd() { if [ $1 = 0 ]; then echo n; else even $(($1-1)); fi; }",
        );
        define(&mut fns, "lister() { ls; }");
        assert!(qualifies("even 4", &fns));
        assert!(!qualifies("lister", &fns));
        assert!(!qualifies("even 4; lister", &fns));
        // `echo` is a function now, whose body runs `builtin`, a program
        // to jsh: so does every function that calls it.
        define(&mut fns, "echo() { builtin echo \"$@\"; }");
        assert!(!qualifies("echo hi", &fns));
        assert!(!qualifies("even 4", &fns));
        // A function that no variable hides could be unset mid-body.
        assert!(!qualifies("unset even; even 2", &fns));
        // Defined in the body: called before, it would be a program.
        let none = Functions::default();
        assert!(!qualifies("g; g() { echo; }", &none));
        assert!(qualifies("g() { echo; }; g; g", &none));
        assert!(qualifies("g() { [ $1 = 0 ] || g $(($1-1)); }; g 3", &none));
        assert!(!qualifies("if :; then g() { echo; }; fi; g", &none));
        assert!(!qualifies("h() { g; }; h; g() { echo; }", &none));
    }

    #[test]
    fn at_the_prompt_nothing_may_block() {
        let none = Functions::default();
        let at_prompt = |text: &str| check(&none, true, &body(text)).is_some();
        assert!(at_prompt("echo x 2>/dev/null >&2"));
        assert!(!at_prompt("read x"));
        assert!(!at_prompt("echo x >fifo"));
        assert!(qualifies("read x; echo x >file", &none));
    }
}
