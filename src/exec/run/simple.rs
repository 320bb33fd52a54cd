//! Simple commands: expanding the words, assignments and redirections of
//! one (into a [`Prepared`]), then running it as a function, a builtin
//! or a program. Apart from the pipeline code that starts it as a
//! process: a lone builtin or function runs in the shell itself.

use std::ffi::{CString, OsStr};
use std::os::unix::ffi::OsStrExt;

use nix::errno::Errno;

use crate::builtins::{self, Builtin};
use crate::exec::redirect::{Plan, RedirError};
use crate::expand::word::{ExpandError, Expander, Severity};
use crate::process::spawn::{self, ArgVector};
use crate::state::shell::Shell;
use crate::state::shell::strerror;
use crate::syntax::ast::{Pipeline, SimpleCommand};

/// `NAME=value` of a simple command, expanded.
pub(super) type Assign = (Vec<u8>, Vec<u8>);

/// A simple command after expansion, ready to run.
pub(super) struct Prepared {
    pub(super) argv: Vec<Vec<u8>>,
    pub(super) assigns: Vec<(Vec<u8>, Vec<u8>)>,
    pub(super) plan: Plan,
    /// Written after `command`: functions are not looked at.
    pub(super) no_functions: bool,
    /// The PATH the command is looked up in, when not the shell's: a
    /// prefix `PATH=...` or `command -p`.
    pub(super) search_path: Option<Vec<u8>>,
}

impl Shell {
    /// A single foreground command: expanded here, so that a builtin or an
    /// assignment can run in the shell itself.
    pub(super) fn run_simple(&mut self, cmd: &SimpleCommand, p: Option<&Pipeline>) -> i32 {
        let prep = match self.prepare(cmd) {
            Ok(prep) => prep,
            Err(status) => return status,
        };
        let Some(name) = prep.argv.first() else {
            // No command word: the status of the last substitution.
            return self.subst_status.take().unwrap_or(0);
        };
        if let Some(def) = self.function_for(&prep) {
            // Assignments before a function hold while it runs: POSIX
            // leaves it open, this is bash's way (dash keeps them).
            return self.with_assigns(prep.assigns, |sh| {
                let saved = match prep.plan.apply_saving() {
                    Ok(saved) => saved,
                    Err(e) => {
                        sh.error(&e.message);
                        return 1;
                    }
                };
                let status = sh.call_function(&def, &prep.argv);
                drop(saved);
                status
            });
        }
        if let Some(builtin) = builtins::lookup(name) {
            return self.run_builtin_here(builtin, prep);
        }
        if name.starts_with(b"%") {
            // `%1` alone means `fg %1`.
            let args = [b"fg".to_vec(), name.clone()];
            return builtins::lookup(b"fg").map_or(1, |fg| fg(self, &args));
        }
        match p {
            Some(p) => self.launch(p, Some(prep), false),
            // In a forked child already: become the command.
            None => self.exec_prepared(prep),
        }
    }

    /// Expand words, assignments and redirection targets, and open files.
    pub(super) fn prepare(&mut self, cmd: &SimpleCommand) -> Result<Prepared, i32> {
        self.line = cmd.line;
        self.subst_status = None;
        let mut argv = Expander::new(self)
            .command_words(&cmd.words)
            .map_err(|e| self.expand_failed(e))?;
        let mut no_functions = false;
        let mut search_path = None;
        if let Some((words, default_path)) = builtins::command::peel(&argv) {
            argv.drain(..words);
            no_functions = true;
            if default_path {
                search_path = Some(builtins::command::DEFAULT_PATH.to_vec());
            }
        }
        let assigns = if argv.is_empty() {
            self.assign_for_good(cmd)?;
            Vec::new()
        } else {
            self.expand_prefix_assigns(cmd)?
        };
        if let Some((_, path)) = assigns.iter().rev().find(|(n, _)| n == b"PATH") {
            search_path.get_or_insert_with(|| path.clone());
        }
        if self.options.xtrace {
            self.trace(&cmd.assigns, &argv, &assigns);
        }
        let plan = if cmd.redirs.is_empty() {
            Plan::default()
        } else {
            let opened = Plan::open(&cmd.redirs, &mut |w| {
                Expander::new(self).words(std::slice::from_ref(w))
            });
            opened.map_err(|e| self.redirect_failed(e))?
        };
        Ok(Prepared {
            argv,
            assigns,
            plan,
            no_functions,
            search_path,
        })
    }

    /// A bare `a=1 b=$a` assigns left to right, for good.
    fn assign_for_good(&mut self, cmd: &SimpleCommand) -> Result<(), i32> {
        for a in &cmd.assigns {
            let value = Expander::new(self)
                .single(&a.value)
                .map_err(|e| self.expand_failed(e))?;
            let assigned = self.assign_var(&a.name, value);
            self.report_warnings();
            if assigned.is_err() {
                return Err(self.readonly_error(&a.name));
            }
        }
        Ok(())
    }

    /// The values of `a=1 b=$a cmd`, expanded left to right, each seeing
    /// the ones before it (as in bash and dash), though none is assigned
    /// in the shell yet. A readonly name is an assignment error.
    fn expand_prefix_assigns(&mut self, cmd: &SimpleCommand) -> Result<Vec<Assign>, i32> {
        let mut assigns: Vec<Assign> = Vec::with_capacity(cmd.assigns.len());
        // What the earlier ones hid, put back once all are expanded.
        let mut hidden: Vec<(Vec<u8>, Option<Vec<u8>>)> = Vec::new();
        let mut failed = None;
        for (i, a) in cmd.assigns.iter().enumerate() {
            if self.vars.is_readonly(&a.name) {
                failed = Some(self.readonly_error(&a.name));
                break;
            }
            let value = match Expander::new(self).single(&a.value) {
                Ok(value) => value,
                Err(e) => {
                    failed = Some(self.expand_failed(e));
                    break;
                }
            };
            if i + 1 < cmd.assigns.len() {
                hidden.push((a.name.clone(), self.vars.get(&a.name).map(<[u8]>::to_vec)));
                self.vars.set(&a.name, value.clone());
            }
            assigns.push((a.name.clone(), value));
        }
        for (name, before) in hidden.into_iter().rev() {
            match before {
                Some(v) => self.vars.set(&name, v),
                None => self.vars.unset(&name),
            }
        }
        // Said when the command runs (a builtin's), not twice.
        let _ = self.vars.take_warnings();
        match failed {
            Some(status) => Err(status),
            None => Ok(assigns),
        }
    }

    /// The function `prep` calls, if it calls one.
    pub(super) fn function_for(
        &self,
        prep: &Prepared,
    ) -> Option<std::rc::Rc<crate::syntax::ast::FunctionDef>> {
        if prep.no_functions {
            return None;
        }
        self.functions.get(prep.argv.first()?).cloned()
    }

    /// Where the program `prep` names is, by the PATH it is to be looked
    /// up in; the PATH value that was searched.
    pub(super) fn find_for(
        &mut self,
        prep: &Prepared,
    ) -> (Option<std::rc::Rc<CString>>, Option<Vec<u8>>) {
        let name = &prep.argv[0];
        match &prep.search_path {
            // A one-off PATH: not the cache's business.
            Some(path) => {
                let mut once = crate::exec::pathsearch::PathCache::default();
                (once.lookup(name, Some(path), 0), Some(path.clone()))
            }
            None => (
                self.find_command(name),
                self.vars.get(b"PATH").map(<[u8]>::to_vec),
            ),
        }
    }

    /// [`Self::prepare`] for an element of a pipeline or a background job,
    /// which bash expands in the forked child: a failed expansion ends
    /// that process only (`${U!x} & echo next` goes on to `echo next`).
    /// Its status is the one the child would exit with.
    pub(super) fn prepare_detached(&mut self, cmd: &SimpleCommand) -> Result<Prepared, i32> {
        let (abandon, exit) = (self.abandon_line, self.exit_request);
        let prepared = self.prepare(cmd);
        if prepared.is_err() {
            let status = self.exit_request.take();
            self.abandon_line = abandon;
            self.exit_request = exit;
            return prepared.map_err(|failed| status.unwrap_or(failed));
        }
        prepared
    }

    pub fn expand_failed(&mut self, e: ExpandError) -> i32 {
        self.error(&e.message);
        self.stop_after_failure(e.status, e.severity)
    }

    /// A redirection failed: said where standard error was at that point.
    pub fn redirect_failed(&mut self, e: RedirError) -> i32 {
        if let Some(fd) = e.report_to.fd() {
            self.error_to(fd, &e.message);
        }
        self.stop_after_failure(e.status, e.severity)
    }

    /// After a failed expansion, stop as much as bash would.
    fn stop_after_failure(&mut self, status: i32, severity: Severity) -> i32 {
        match severity {
            Severity::Command => {}
            Severity::Shell if !self.interactive => {
                // bash's status here is 127 at its top level of -c (the
                // shell itself, and a child running one of its simple
                // commands: `cmd &`, a pipeline stage), else 1: in a
                // script, under `set -e`, and in a subshell of -c that
                // runs a compound command or a substitution (`( )`,
                // `$( )`, `{ ...; } &`), which ends with the error's
                // status.
                let top_level = !self.subshell || self.simple_child;
                let top_of_c = self.command_string && top_level && !self.options.errexit;
                self.exit_request = Some(if top_of_c { 127 } else { status });
            }
            // An error that bash takes as ending the command line (`${x
            // y}`, `$((1/0))`) in the text of `eval` or a file read by
            // `.`: POSIX (XCU 2.8.1, "expansion error") has a
            // non-interactive shell exit, as dash does. bash ends only
            // that command of the text and goes on with the next, which
            // is neither what it does outside `eval` (the whole line
            // ends) nor what POSIX says.
            Severity::Line if !self.interactive && self.eval_depth + self.source_depth > 0 => {
                self.abandon_line = true;
                self.exit_request = Some(status);
            }
            Severity::Line | Severity::Shell => self.abandon_line = true,
        }
        status
    }

    fn run_builtin_here(&mut self, builtin: Builtin, prep: Prepared) -> i32 {
        if prep.argv[0] == b"exec" {
            // The program exec becomes reads on from the shell's input, and
            // after `exec <file` the shell reads its commands from there.
            self.release_input();
            // exec's redirections and assignments outlive it.
            if let Err(e) = prep.plan.apply_to_shell() {
                self.error(&e.message);
                return 1;
            }
            for (name, value) in prep.assigns {
                self.vars.export(&name, Some(&value));
            }
            self.report_warnings();
            return builtin(self, &prep.argv);
        }
        let saved = match prep.plan.apply_saving() {
            Ok(saved) => saved,
            Err(e) => {
                self.error(&e.message);
                return 1;
            }
        };
        // Assignments before a special builtin outlive it (POSIX 2.15;
        // dash and bash in posix mode; bash otherwise undoes them): not
        // after `command`, which takes the builtin's special properties.
        let status = if builtins::is_special(&prep.argv[0]) && !prep.no_functions {
            let mut failed = None;
            for (name, value) in prep.assigns {
                if self.vars.try_set(&name, value).is_err() {
                    failed = Some(self.readonly_error(&name));
                    break;
                }
            }
            self.report_warnings();
            match failed {
                Some(status) => status,
                None => builtin(self, &prep.argv),
            }
        } else {
            let via_command = std::mem::replace(&mut self.via_command, prep.no_functions);
            let status = self.with_assigns(prep.assigns, |sh| builtin(sh, &prep.argv));
            self.via_command = via_command;
            status
        };
        drop(saved);
        status
    }

    /// `NAME=value builtin` or `NAME=value function`: the values hold
    /// while `run` runs only.
    fn with_assigns(
        &mut self,
        assigns: Vec<(Vec<u8>, Vec<u8>)>,
        run: impl FnOnce(&mut Shell) -> i32,
    ) -> i32 {
        if assigns.is_empty() {
            return run(self);
        }
        let old: Vec<_> = assigns
            .into_iter()
            .map(|(name, value)| {
                let before = self.vars.get(&name).map(<[u8]>::to_vec);
                self.vars.set(&name, value);
                (name, before)
            })
            .collect();
        self.report_warnings();
        let status = run(self);
        for (name, before) in old.into_iter().rev() {
            match before {
                Some(v) => self.vars.set(&name, v),
                None => self.vars.unset(&name),
            }
        }
        self.report_warnings();
        status
    }

    /// In a forked child: become the command, builtin or program.
    pub(super) fn exec_prepared(&mut self, mut prep: Prepared) -> ! {
        if let Err(e) = prep.plan.apply_permanently() {
            self.error(&e.message);
            spawn::exit_child(1);
        }
        drop(std::mem::take(&mut prep.plan));
        let Some(name) = prep.argv.first() else {
            spawn::exit_child(self.subst_status.unwrap_or(0));
        };
        for (n, v) in &prep.assigns {
            self.vars.export(n, Some(v));
        }
        // `LC_ALL=x cmd`: bash sets the locale for a builtin only.
        let warnings = self.vars.take_warnings();
        if let Some(def) = self.function_for(&prep) {
            for warning in warnings {
                self.error(warning);
            }
            let status = self.call_function(&def, &prep.argv);
            self.leave_child(status);
        }
        if let Some(builtin) = builtins::lookup(name) {
            for warning in warnings {
                self.error(warning);
            }
            // No exec will close the shell's own descriptors (other pipes,
            // the terminal, the script): close them, so that no reader
            // waits on a pipe end this child holds.
            spawn::close_from(3);
            let status = builtin(self, &prep.argv);
            self.leave_child(status);
        }
        let (path, searched) = self.find_for(&prep);
        let Some(path) = path else {
            self.error(not_found(name, searched.as_deref()));
            spawn::exit_child(127);
        };
        let interpreter = self.interpreter();
        let mut argv = ArgVector::new(&interpreter, &prep.argv);
        let envp = self.vars.envp();
        // SAFETY: envp is the environment block the shell keeps alive.
        let errno = unsafe { spawn::exec_program(&path, &mut argv, envp, &interpreter) };
        self.error(exec_error(name, path.as_bytes(), errno));
        spawn::exit_child(if errno == Errno::ENOENT { 127 } else { 126 });
    }
}

/// bash's words for a command that is nowhere on PATH.
pub fn not_found(name: &[u8], path_var: Option<&[u8]>) -> Vec<u8> {
    let msg: &[u8] = if name.contains(&b'/') || path_var.is_none_or(<[u8]>::is_empty) {
        b": No such file or directory"
    } else {
        b": command not found"
    };
    let mut out = crate::state::shell::quoted_name(name);
    out.extend_from_slice(msg);
    out
}

/// bash's words for a failed exec of `name` (found at `path`).
pub fn exec_error(name: &[u8], path: &[u8], errno: Errno) -> String {
    let name = lossy(name);
    let os_path = OsStr::from_bytes(path);
    match errno {
        Errno::EACCES if std::fs::metadata(os_path).is_ok_and(|m| m.is_dir()) => {
            format!("{name}: Is a directory")
        }
        Errno::ENOENT if std::fs::metadata(os_path).is_ok() => {
            // The file is there: its `#!` interpreter (or the dynamic
            // loader) is missing. bash 5.2's words.
            format!("{name}: cannot execute: required file not found")
        }
        Errno::ENOEXEC => format!("{name}: cannot execute binary file: Exec format error"),
        e => format!("{name}: {}", strerror(e)),
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
