//! Lists and and-or lists: `a; b`, `a && b || c`, `a &`, and the child
//! side of `( list )`. Kept apart from the pipelines and commands they
//! are made of: what is decided here is only which of them runs, in
//! what order, and with `set -e` exempt or not.

use std::os::fd::AsRawFd;

use crate::builtins;
use crate::exec::flow::Ran;
use crate::jobs::table::{Job, Proc, ProcState};
use crate::process::spawn::{FdOp, Launch};
use crate::state::shell::{Shell, strerror};
use crate::syntax::ast::{AndOr, Command, Connector, List, ListItem, Pipeline, SimpleCommand};
use crate::syntax::pretty;

use super::pipeline::open_devnull;

impl Shell {
    /// A complete command read at the top level.
    pub fn run_list(&mut self, list: &List) {
        self.run_items(list);
    }

    /// A complete command typed at the prompt: a job that stops in it
    /// stops all of it (see [`crate::jobs::continuation`]). `$?` after a
    /// stop is the stopped job's (148), not the rest's.
    /// `typed` is its text as typed, if the parser has it (one line, no
    /// alias): `jobs` shows that; else the line printed back.
    pub fn run_typed_line(&mut self, list: &List, typed: Option<Box<[u8]>>) {
        self.line_pipeline = sole_pipeline(list).map_or(0, |p| std::ptr::from_ref(p) as usize);
        let text = typed
            .map(Vec::from)
            .unwrap_or_else(|| crate::syntax::ast::Unparse::to_bytes(list));
        self.line_text = Some(String::from_utf8_lossy(&text).into_owned());
        self.line_suspended = None;
        self.run_list(list);
        self.line_pipeline = 0;
        self.foreground_is_line = false;
        if self.continuation {
            // The rest of a stopped line is done: so is this process.
            self.leave_child(self.last_status);
        }
        if let Some(status) = self.line_suspended.take() {
            self.tell_news(self.line);
            self.last_status = status;
            self.run_pending_traps();
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
