//! Running the syntax tree: lists, and-or lists, pipelines and commands.
//!
//! Every pipeline becomes one [`Job`]: all its processes are started, then
//! waited for. A lone builtin (or a bare assignment) runs in the shell; in a
//! pipeline or in the background it runs in a forked copy.

use std::ffi::{CString, OsStr};
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;

use nix::errno::Errno;
use nix::fcntl::{OFlag, open};
use nix::sys::stat::Mode;
use nix::unistd::{Pid, pipe2};

use crate::builtins::{self, Builtin};
use crate::exec::flow::{Flow, Ran};
use crate::exec::redirect::{self, Plan, RedirError};
use crate::expand::word::{ExpandError, Expander, Severity};
use crate::jobs::report;
use crate::jobs::table::{Job, Proc, ProcState};
use crate::process::spawn::{self, ArgVector, ChildError, Exec, FdOp, Launch};
use crate::state::shell::Shell;
use crate::state::shell::strerror;
use crate::syntax::ast::{
    AndOr, Command, CompoundCommand, Connector, List, ListItem, Pipeline, SimpleCommand,
};
use crate::syntax::pretty;

/// Where a new process goes: its process group and, for a foreground
/// job, the terminal it takes before it runs.
#[derive(Clone, Copy)]
struct Placement {
    pgroup: Option<libc::pid_t>,
    terminal: Option<RawFd>,
}

impl Placement {
    fn launch<'a>(&self, fd_ops: &'a [FdOp]) -> Launch<'a> {
        Launch {
            fd_ops,
            pgroup: self.pgroup,
            terminal: self.terminal,
        }
    }
}

/// `NAME=value` of a simple command, expanded.
type Assign = (Vec<u8>, Vec<u8>);

/// A simple command after expansion, ready to run.
struct Prepared {
    argv: Vec<Vec<u8>>,
    assigns: Vec<(Vec<u8>, Vec<u8>)>,
    plan: Plan,
    /// Written after `command`: functions are not looked at.
    no_functions: bool,
    /// The PATH the command is looked up in, when not the shell's: a
    /// prefix `PATH=...` or `command -p`.
    search_path: Option<Vec<u8>>,
}

/// What a pipeline element turned into before it is started.
enum Stage {
    Ready(Prepared),
    /// Expansion or redirection failed (already reported) with this status.
    Failed(i32),
    /// Expanding it changes shell state: done in the child, not here.
    InChild,
    /// A compound command or function definition: run by the child.
    Tree,
}

impl Shell {
    /// A complete command read at the top level.
    pub fn run_list(&mut self, list: &List) {
        self.run_items(list);
    }

    /// A complete command typed at the prompt: a job that stops in it
    /// stops all of it (see [`crate::jobs::continuation`]). `$?` after a
    /// stop is the stopped job's (148), not the rest's.
    pub fn run_typed_line(&mut self, list: &List) {
        self.line_pipeline = sole_pipeline(list).map_or(0, |p| std::ptr::from_ref(p) as usize);
        self.line_text = Some(
            String::from_utf8_lossy(&crate::syntax::ast::Unparse::to_bytes(list)).into_owned(),
        );
        self.line_suspended = None;
        self.run_list(list);
        self.line_pipeline = 0;
        self.foreground_is_line = false;
        if self.continuation {
            // The rest of a stopped line is done: so is this process.
            self.leave_child(self.last_status);
        }
        if let Some(status) = self.line_suspended.take() {
            self.last_status = status;
        }
    }

    /// The items of a list in turn, up to one that leaves a loop or a
    /// function; the status is the last one's.
    pub fn run_items(&mut self, list: &List) -> Ran {
        self.run_item_slice(&list.items)
    }

    fn run_item_slice(&mut self, items: &[ListItem]) -> Ran {
        let mut ran = Ran::normal(0);
        for item in items {
            if self.options.noexec && !self.interactive {
                // `set -n`: nothing more runs, even on the same line.
                break;
            }
            if item.background {
                self.run_background(&item.and_or);
                ran = Ran::normal(0);
            } else {
                ran = self.run_and_or(&item.and_or);
                if !ran.goes_on() {
                    return ran;
                }
            }
            if self.should_stop() {
                break;
            }
        }
        ran
    }

    fn run_and_or(&mut self, ao: &AndOr) -> Ran {
        // `set -e` does not apply to what `&&` or `||` follows (POSIX).
        let mut ran =
            self.exempt_from_errexit(!ao.rest.is_empty(), |sh| sh.run_pipeline(&ao.first));
        for (i, (conn, p)) in ao.rest.iter().enumerate() {
            if self.should_stop() || !ran.goes_on() {
                break;
            }
            let run = match conn {
                Connector::And => ran.status == 0,
                Connector::Or => ran.status != 0,
            };
            if run {
                let last = i + 1 == ao.rest.len();
                ran = self.exempt_from_errexit(!last, |sh| sh.run_pipeline(p));
            }
        }
        ran
    }

    /// Run `body` where `set -e` does not apply, if `exempt`.
    pub fn exempt_from_errexit<T>(
        &mut self,
        exempt: bool,
        body: impl FnOnce(&mut Shell) -> T,
    ) -> T {
        if !exempt {
            return body(self);
        }
        self.errexit_exempt += 1;
        let result = body(self);
        self.errexit_exempt -= 1;
        result
    }

    fn run_pipeline(&mut self, p: &Pipeline) -> Ran {
        // A builtin that waits (`fg`) waits for the whole line if `p` is.
        self.foreground_is_line = self.is_line(p);
        let stopwatch = p.time.map(|how| (how, super::time::Stopwatch::start()));
        let mut ran = self.exempt_from_errexit(p.negated, |sh| match p.commands.as_slice() {
            [] => Ran::normal(0),
            [cmd] => sh.run_command(cmd, Some(p)),
            _ => Ran::normal(sh.launch(p, None, false)),
        });
        if p.negated {
            ran.status = i32::from(ran.status == 0);
        }
        if let Some((how, stopwatch)) = stopwatch {
            stopwatch.report(self, how);
        }
        self.last_status = ran.status;
        self.run_pending_traps();
        // `return 3` is no failure of its own: the call it ends may be. A
        // line suspended by Ctrl+Z has not failed: its continuation will
        // tell.
        if ran.status != 0
            && !p.negated
            && ran.flow == Flow::Normal
            && errexit_applies(p)
            && self.line_suspended.is_none()
        {
            self.check_errexit(ran.status);
        }
        ran
    }

    /// `set -e`: a command failed outside the exempt contexts; the shell
    /// leaves with its status.
    /// The `ERR` trap runs where `set -e` would exit, and first.
    fn check_errexit(&mut self, status: i32) {
        if self.errexit_exempt != 0 || self.exit_request.is_some() {
            return;
        }
        self.run_err_trap(status);
        if self.options.errexit && self.exit_request.is_none() {
            self.exit_request = Some(status);
        }
    }

    /// One stage of a pipeline, run in this shell: `p` is the pipeline it
    /// stands alone in, if any (an external command is started as it).
    pub fn run_command(&mut self, cmd: &Command, p: Option<&Pipeline>) -> Ran {
        match cmd {
            Command::Simple(simple) => {
                let status = self.run_simple(simple, p);
                Ran {
                    status,
                    flow: self.pending_flow.take().unwrap_or(Flow::Normal),
                }
            }
            Command::Compound(body, redirs, line) => self.run_compound(body, redirs, line.0),
            Command::FunctionDef(def) => Ran::normal(self.define_function(def)),
        }
    }

    /// `pipeline &`, or `a && b &` as one forked shell.
    fn run_background(&mut self, ao: &AndOr) {
        if let Some(spec) = job_spec_alone(ao) {
            // `%1 &` means `bg %1`.
            let args = [b"bg".to_vec(), spec];
            self.last_status = builtins::lookup(b"bg").map_or(1, |bg| bg(self, &args));
            return;
        }
        let simple = matches!(ao.first.commands.as_slice(), [Command::Simple(_)])
            || ao.first.commands.len() > 1;
        // A timed pipeline is timed in the forked shell.
        if ao.rest.is_empty() && !ao.first.negated && ao.first.time.is_none() && simple {
            self.launch(&ao.first, None, true);
        } else {
            self.launch_subshell(ao);
        }
        self.last_status = 0;
    }

    /// A single foreground command: expanded here, so that a builtin or an
    /// assignment can run in the shell itself.
    fn run_simple(&mut self, cmd: &SimpleCommand, p: Option<&Pipeline>) -> i32 {
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
    fn prepare(&mut self, cmd: &SimpleCommand) -> Result<Prepared, i32> {
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
    fn function_for(
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
    fn find_for(&mut self, prep: &Prepared) -> (Option<std::rc::Rc<CString>>, Option<Vec<u8>>) {
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
    fn prepare_detached(&mut self, cmd: &SimpleCommand) -> Result<Prepared, i32> {
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

    /// Start every process of `p` as one job, then wait for it unless it
    /// runs in the background. `first` is the first command already
    /// expanded (by [`Self::run_simple`]).
    fn launch(&mut self, p: &Pipeline, mut first: Option<Prepared>, background: bool) -> i32 {
        self.release_input();
        // Only a job that can be listed needs its command text; each
        // process's is also how a non-interactive shell names one killed
        // by a signal (`line 3: 1234 Killed  sleep 9`), and costs little
        // beside the fork.
        let listed = background || self.job_control;
        let mut job = Job::new(if listed { job_text(p) } else { String::new() });
        let texts =
            report::process_texts(&p.commands.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        let terminal = match &self.terminal {
            Some(t) if self.job_control && !background => Some(t.raw_fd()),
            _ => None,
        };
        // sh gives a background job /dev/null as stdin when job control
        // is off, so that it cannot steal the shell's input.
        let devnull = if background && !self.job_control {
            open_devnull()
        } else {
            None
        };
        let mut prev_read: Option<OwnedFd> = None;
        let mut incomplete = false;
        let count = p.commands.len();
        for (i, cmd) in p.commands.iter().enumerate() {
            if let Command::Simple(simple) = cmd {
                self.line = simple.line;
            }
            let (next_read, write) = if i + 1 < count {
                match make_pipe() {
                    Ok((r, w)) => (Some(r), Some(w)),
                    Err(e) => {
                        self.error(format!("pipe error: {}", strerror(e)));
                        incomplete = true;
                        break;
                    }
                }
            } else {
                (None, None)
            };
            let mut ops = Vec::with_capacity(2);
            match (&prev_read, &devnull) {
                (Some(r), _) => ops.push(FdOp::Dup2 {
                    from: r.as_raw_fd(),
                    to: 0,
                }),
                (None, Some(n)) => ops.push(FdOp::Dup2 {
                    from: n.as_raw_fd(),
                    to: 0,
                }),
                _ => {}
            }
            if let Some(w) = &write {
                ops.push(FdOp::Dup2 {
                    from: w.as_raw_fd(),
                    to: 1,
                });
            }
            // The child keeps none of the pipe ends but its own 0 and 1: a
            // forked shell would otherwise hold them open for as long as it
            // runs.
            let originals = [prev_read.as_ref(), write.as_ref(), next_read.as_ref()];
            ops.extend(
                originals
                    .into_iter()
                    .flatten()
                    .map(|fd| FdOp::Close(fd.as_raw_fd())),
            );
            let stage = match (first.take(), cmd) {
                (Some(prep), _) => Stage::Ready(prep),
                (None, Command::Simple(simple)) => {
                    // Opening a file may block (a FIFO waits for its other
                    // end), and expanding may change shell state: a child
                    // does those itself.
                    let in_child = simple.has_side_effects()
                        || simple.words.is_empty()
                        || ((count > 1 || background) && !simple.redirs.is_empty());
                    if in_child {
                        Stage::InChild
                    } else {
                        match self.prepare_detached(simple) {
                            Ok(prep) => Stage::Ready(prep),
                            Err(status) => Stage::Failed(status),
                        }
                    }
                }
                (None, _) => Stage::Tree,
            };
            let placement = Placement {
                pgroup: self.job_control.then(|| job.pgid.map_or(0, Pid::as_raw)),
                terminal,
            };
            match self.start(stage, cmd, &mut ops, placement) {
                Ok(pid) => {
                    if self.job_control {
                        // Also from this side, so neither order of events
                        // leaves the child outside its group (EACCES once
                        // it has exec'd is fine).
                        let pgid = *job.pgid.get_or_insert(pid);
                        let _ = nix::unistd::setpgid(pid, pgid);
                        if let (Some(term), Some(_)) = (&self.terminal, terminal) {
                            term.give_to(pgid);
                        }
                    }
                    job.procs.push(Proc {
                        pid,
                        state: ProcState::Running,
                        command: texts.get(i).cloned().unwrap_or_default(),
                    });
                }
                Err(e) => {
                    self.error(format!("fork: {}", strerror(e)));
                    incomplete = true;
                    break;
                }
            }
            prev_read = next_read;
        }
        drop(prev_read);
        if job.procs.is_empty() {
            return 1;
        }
        if incomplete {
            // Part of the pipeline could not start: nothing of it is left
            // running half-connected; the pipeline fails.
            self.abandon(job);
            return 1;
        }
        if background {
            self.last_bg = job.last_pid();
            let pid = job.last_pid();
            let id = self.jobs.add(job);
            if self.interactive
                && let Some(pid) = pid
            {
                crate::state::shell::write_all(2, format!("[{id}] {pid}\n").as_bytes()).ok();
            }
            return 0;
        }
        self.foreground_is_line = self.is_line(p);
        self.run_foreground(job)
    }

    /// Is `p` the whole command line typed at the prompt?
    fn is_line(&self, p: &Pipeline) -> bool {
        self.line_pipeline != 0 && std::ptr::from_ref(p) as usize == self.line_pipeline
    }

    /// Start one pipeline element with `ops` (its pipe ends) applied first.
    fn start(
        &mut self,
        stage: Stage,
        cmd: &Command,
        ops: &mut Vec<FdOp>,
        place: Placement,
    ) -> Result<Pid, Errno> {
        let pipe_ops = ops.len();
        let prep = match stage {
            Stage::Ready(prep) => prep,
            Stage::Failed(status) => return self.spawn_nothing(ops, place, status),
            Stage::InChild | Stage::Tree => return self.fork_stage(stage, cmd, ops, place),
        };
        let Some(name) = prep.argv.first() else {
            return self.spawn_nothing(ops, place, 0);
        };
        if builtins::lookup(name).is_some() || self.function_for(&prep).is_some() {
            return self.fork_stage(Stage::Ready(prep), cmd, ops, place);
        }
        let (path, searched) = self.find_for(&prep);
        let name = &prep.argv[0];
        ops.extend_from_slice(&prep.plan.ops);
        let interpreter = self.interpreter();
        let mut argv = ArgVector::new(&interpreter, &prep.argv);
        let extra_env = (!prep.assigns.is_empty()).then(|| self.vars.envp_with(&prep.assigns));
        let envp = match &extra_env {
            Some(block) => block.as_ptr(),
            None => self.vars.envp(),
        };
        let launch = place.launch(ops);
        let mut exec = Exec {
            path: path.as_deref().map(CString::as_c_str),
            fail_status: 127,
            argv: argv.slots(),
            envp,
            interpreter: &interpreter,
        };
        let spawned = self.spawner.spawn(&launch, &mut exec)?;
        let stderr = Plan::resolve(ops, 2);
        match (spawned.error, &path) {
            (None, Some(_)) => {}
            (None, None) => self.report_to(stderr, not_found(name, searched.as_deref())),
            (Some(ChildError::FdOp { index, errno }), _) => {
                let msg = prep.plan.describe_failure(index - pipe_ops, errno);
                // Where the moves before the failed one put stderr.
                self.report_to(Plan::resolve(&ops[..index], 2), msg);
            }
            (Some(ChildError::Exec(errno)), path) => {
                if errno == Errno::ENOENT {
                    self.paths.forget(Some(name));
                }
                let path = path.as_deref().map_or(&[][..], |p| p.as_bytes());
                self.report_to(stderr, exec_error(name, path, errno));
            }
        }
        Ok(spawned.pid)
    }

    fn report_to(&self, fd: Option<RawFd>, msg: impl AsRef<[u8]>) {
        if let Some(fd) = fd {
            self.error_to(fd, msg);
        }
    }

    /// A process that only exits with `status`, standing in for a command
    /// that could not be prepared.
    fn spawn_nothing(&mut self, ops: &[FdOp], place: Placement, status: i32) -> Result<Pid, Errno> {
        let launch = place.launch(ops);
        let interpreter = self.interpreter();
        let mut argv = [std::ptr::null()];
        let mut exec = Exec {
            path: None,
            fail_status: status,
            argv: &mut argv,
            envp: std::ptr::null(),
            interpreter: &interpreter,
        };
        Ok(self.spawner.spawn(&launch, &mut exec)?.pid)
    }

    /// Start a forked copy of the shell that runs `stage` (a builtin in a
    /// pipeline, or a command to be expanded in the child).
    fn fork_stage(
        &mut self,
        stage: Stage,
        cmd: &Command,
        ops: &[FdOp],
        place: Placement,
    ) -> Result<Pid, Errno> {
        let launch = place.launch(ops);
        self.fork_subshell(&launch, |sh| {
            sh.simple_child = matches!(cmd, Command::Simple(_));
            let prep = match (stage, cmd) {
                (Stage::Ready(prep), _) => prep,
                (Stage::Failed(status), _) => return status,
                (Stage::InChild, Command::Simple(simple)) => match sh.prepare(simple) {
                    Ok(prep) => prep,
                    // `${u?}` ends this child as it would end a shell.
                    Err(status) => return status,
                },
                (_, cmd) => return sh.run_command_as_child(cmd),
            };
            sh.exec_prepared(prep)
        })
    }

    /// In a forked child that does nothing after it: run `cmd`; a `( list )`
    /// runs in this child, no second fork.
    fn run_command_as_child(&mut self, cmd: &Command) -> i32 {
        if let Command::Compound(body, redirs, _) = cmd
            && redirs.is_empty()
            && let CompoundCommand::Subshell(list) = &**body
        {
            self.loop_depth = 0;
            return self.run_in_subshell(list);
        }
        self.run_command(cmd, None).status
    }

    /// The child side of `( list )`: a list that is one simple command
    /// becomes that command (no second fork for `( cmd )`).
    pub fn run_in_subshell(&mut self, list: &List) -> i32 {
        let Some((last, before)) = list.items.split_last() else {
            return 0;
        };
        if let Some(simple) = alone_simple(last) {
            // `( a; cmd )` and `$(a; cmd)`: the commands before, then the
            // last one becomes this process, as in dash, unless a trap
            // still has to run when it ends.
            let ran = self.run_item_slice(before);
            if !ran.goes_on() || self.should_stop() {
                return ran.status;
            }
            if !self.traps.any_action() {
                return self.run_simple(simple, None);
            }
            return self.run_item_slice(std::slice::from_ref(last)).status;
        }
        self.run_items(list).status
    }

    /// In a forked child: become the command, builtin or program.
    fn exec_prepared(&mut self, mut prep: Prepared) -> ! {
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

    /// `a && b &`, `{ list; } &`: the whole and-or list in one forked
    /// shell, a background job of its own.
    fn launch_subshell(&mut self, ao: &AndOr) {
        self.release_input();
        let devnull = if self.job_control {
            None
        } else {
            open_devnull()
        };
        let mut ops: Vec<FdOp> = Vec::new();
        if let Some(n) = &devnull {
            ops.push(FdOp::Dup2 {
                from: n.as_raw_fd(),
                to: 0,
            });
            ops.push(FdOp::Close(n.as_raw_fd()));
        }
        let launch = Launch {
            fd_ops: &ops,
            pgroup: self.job_control.then_some(0),
            terminal: None,
        };
        let child = |sh: &mut Shell| match (ao.rest.as_slice(), ao.first.commands.as_slice()) {
            ([], [cmd]) if !ao.first.negated && ao.first.time.is_none() => {
                sh.run_command_as_child(cmd)
            }
            _ => sh.run_and_or(ao).status,
        };
        match self.fork_subshell(&launch, child) {
            Ok(pid) => {
                if self.job_control {
                    let _ = nix::unistd::setpgid(pid, pid);
                }
                let mut job = Job::new(if pretty::has_compound(ao) {
                    pretty::job_text(ao)
                } else {
                    ao.to_string()
                });
                job.pgid = self.job_control.then_some(pid);
                job.procs.push(Proc {
                    pid,
                    state: ProcState::Running,
                    command: job.command.clone(),
                });
                self.last_bg = Some(pid);
                let id = self.jobs.add(job);
                if self.interactive {
                    crate::state::shell::write_all(2, format!("[{id}] {pid}\n").as_bytes()).ok();
                }
            }
            Err(e) => self.error(format!("fork: {}", strerror(e))),
        }
    }
}

/// Does `set -e` look at the status of `p` itself? Not for a lone
/// compound command other than `( )` and `(( ))`: the commands inside it
/// were looked at already, and those exempt there (`if false`, `false &&
/// x`) must not make it fail (bash). `(( ))` has no commands inside, so
/// its own status counts, as a simple command's does.
fn errexit_applies(p: &Pipeline) -> bool {
    match p.commands.as_slice() {
        [Command::Compound(body, _, _)] => matches!(
            **body,
            CompoundCommand::Subshell(_) | CompoundCommand::Arith(_)
        ),
        _ => true,
    }
}

/// The command text `jobs` shows for `p`.
fn job_text(p: &Pipeline) -> String {
    if p.commands.iter().all(|c| matches!(c, Command::Simple(_))) {
        return p.to_string();
    }
    let ao = AndOr {
        first: p.clone(),
        rest: Vec::new(),
    };
    pretty::job_text(&ao)
}

/// The pipeline `list` is, when it is nothing more: after it stops, no
/// more of the line is left to run. A timed or negated one too: bash's
/// report of a stopped `time sleep` and `! sleep` is kept.
fn sole_pipeline(list: &List) -> Option<&Pipeline> {
    match list.items.as_slice() {
        [item] if !item.background && item.and_or.rest.is_empty() => Some(&item.and_or.first),
        _ => None,
    }
}

/// `%spec` written alone as a command.
fn job_spec_alone(ao: &AndOr) -> Option<Vec<u8>> {
    match (ao.rest.is_empty(), ao.first.commands.as_slice()) {
        (true, [Command::Simple(cmd)])
            if cmd.words.len() == 1 && cmd.redirs.is_empty() && cmd.assigns.is_empty() =>
        {
            let text = cmd.words[0].as_literal()?;
            text.starts_with(b"%").then(|| text.to_vec())
        }
        _ => None,
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

/// A pipe whose ends are the shell's own: close-on-exec, which keeps them
/// out of reach of redirections (`echo hi | cat <&3`), and above the 0-9
/// users name when there is room there. Never at 0-2, which the child's
/// first moves overwrite.
fn make_pipe() -> Result<(OwnedFd, OwnedFd), Errno> {
    let (r, w) = pipe2(OFlag::O_CLOEXEC)?;
    // At 3-9 an end is no trouble: close-on-exec marks it as the shell's
    // own, which users cannot name, and it is moved into place before any
    // redirection of the command. At 0-2 (the shell's standard descriptors
    // were closed) it would be taken for one of them.
    let off_standard = |fd: OwnedFd| {
        if fd.as_raw_fd() > 2 {
            return Ok(fd);
        }
        redirect::dup_high(fd.as_raw_fd())
    };
    Ok((off_standard(r)?, off_standard(w)?))
}

fn open_devnull() -> Option<OwnedFd> {
    let fd = open(
        c"/dev/null",
        OFlag::O_RDONLY | OFlag::O_CLOEXEC,
        Mode::empty(),
    )
    .ok()?;
    Some(redirect::move_private(fd))
}

/// The simple command `item` is, when it stands alone (no `&`, `&&`, `|`,
/// `!` or `time` around it).
fn alone_simple(item: &ListItem) -> Option<&SimpleCommand> {
    match item.and_or.first.commands.as_slice() {
        [Command::Simple(simple)]
            if !item.background
                && item.and_or.rest.is_empty()
                && !item.and_or.first.negated
                && item.and_or.first.time.is_none() =>
        {
            Some(simple)
        }
        _ => None,
    }
}
