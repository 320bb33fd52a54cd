//! Pipelines: each becomes one [`Job`] whose stages are all started
//! (pipes between them, each in the job's process group), then waited
//! for. Apart from the simple commands a stage may be: this is where
//! processes are forked or spawned, and where `!`, `time` and `set -e`
//! look at a pipeline's status.

use std::ffi::CString;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};

use nix::errno::Errno;
use nix::fcntl::{OFlag, open};
use nix::sys::stat::Mode;
use nix::unistd::{Pid, pipe2};

use crate::builtins;
use crate::exec::flow::{Flow, Ran};
use crate::exec::redirect::{self, Plan};
use crate::jobs::report;
use crate::jobs::table::{Job, Proc, ProcState};
use crate::process::spawn::{ArgVector, ChildError, Exec, FdOp, Launch};
use crate::state::shell::Shell;
use crate::state::shell::strerror;
use crate::syntax::ast::{AndOr, Command, CompoundCommand, Pipeline};
use crate::syntax::pretty;

use super::simple::{Prepared, exec_error, not_found};

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
    pub(super) fn run_pipeline(&mut self, p: &Pipeline) -> Ran {
        // A builtin that waits (`fg`) waits for the whole line if `p` is.
        self.foreground_is_line = self.is_line(p);
        let stopwatch = p
            .time
            .map(|how| (how, crate::exec::time::Stopwatch::start()));
        let mut ran = self.exempt_from_errexit(p.negated, |sh| match p.commands.as_slice() {
            [] => Ran::normal(0),
            [cmd] => sh.run_command(cmd, Some(p)),
            _ => Ran::normal(sh.launch(p, None, false)),
        });
        if p.negated {
            ran.status = i32::from(ran.status == 0);
        }
        // A line stopped by Ctrl+Z is timed by its continuation, at the
        // real end, not here as it unwinds.
        if let Some((how, stopwatch)) = stopwatch
            && self.line_suspended.is_none()
        {
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

    /// Start every process of `p` as one job, then wait for it unless it
    /// runs in the background. `first` is the first command already
    /// expanded (by [`Self::run_simple`]).
    pub(super) fn launch(
        &mut self,
        p: &Pipeline,
        mut first: Option<Prepared>,
        background: bool,
    ) -> i32 {
        self.release_input();
        // Only a job that can be listed needs its command texts now; one
        // that is not gets them only if a signal kills it, to be named
        // (`line 3: 1234 Killed  sleep 9`): see `run_foreground_named`.
        let listed = background || self.job_control;
        let mut job = Job::new(if listed { job_text(p) } else { String::new() });
        let process_texts =
            || report::process_texts(&p.commands.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        let texts = if listed { process_texts() } else { Vec::new() };
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
        let unnamed: Option<&dyn Fn() -> Vec<String>> = (!listed).then_some(&process_texts);
        self.run_foreground_named(job, unnamed)
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
    pub(super) fn run_command_as_child(&mut self, cmd: &Command) -> i32 {
        if let Command::Compound(body, redirs, _) = cmd
            && redirs.is_empty()
            && let CompoundCommand::Subshell(list) = &**body
        {
            self.loop_depth = 0;
            return self.run_in_subshell(list);
        }
        self.run_command(cmd, None).status
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

pub(super) fn open_devnull() -> Option<OwnedFd> {
    let fd = open(
        c"/dev/null",
        OFlag::O_RDONLY | OFlag::O_CLOEXEC,
        Mode::empty(),
    )
    .ok()?;
    Some(redirect::move_private(fd))
}
