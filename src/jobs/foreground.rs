//! The foreground job: waiting for it, and what Ctrl+C and Ctrl+Z do.
//!
//! The terminal driver, not the shell, turns the keys into signals: Ctrl+C
//! sends SIGINT and Ctrl+Z SIGTSTP to the foreground process group, which is
//! the job's, never the shell's. The shell sees the outcome through
//! `waitpid(WUNTRACED)`: a job killed by SIGINT abandons the rest of the
//! command line; a stopped job goes into the job table as `Stopped`.

use nix::errno::Errno;
use nix::sys::signal::{Signal, killpg};

use crate::jobs::table::{self, Job, ProcState};
use crate::process::signals;
use crate::state::shell::{Shell, write_all};

impl Shell {
    /// Wait for `job` to finish or stop; its exit status (128+N when
    /// stopped or killed by signal N). Then the user is told of it, and of
    /// any other job that changed meanwhile, as bash does after every
    /// foreground job.
    pub fn run_foreground(&mut self, job: Job) -> i32 {
        self.run_foreground_named(job, None)
    }

    /// [`Self::run_foreground`] for a job whose processes were started
    /// without their texts: `texts` makes them, only if one is to be
    /// named because a signal killed it, so that no text is printed for
    /// the many commands of a script that end well.
    pub fn run_foreground_named(
        &mut self,
        mut job: Job,
        texts: Option<&dyn Fn() -> Vec<String>>,
    ) -> i32 {
        self.wait_until_done_or_stopped(&mut job);
        if signals::hangup_pending() && !job.is_finished() {
            // The terminal went away: the job is hung up with the others.
            self.jobs.put_back(job);
            return crate::jobs::session::HANGUP_STATUS;
        }
        if self.job_control
            && let Some(term) = &mut self.terminal
        {
            term.reclaim();
            if job.is_stopped() {
                job.modes = term.current_modes();
                term.restore_shell_modes();
            } else if matches!(
                job.procs.last().map(|p| p.state),
                Some(ProcState::Signaled { .. })
            ) {
                term.restore_shell_modes();
            } else {
                term.adopt_current_modes();
            }
        }
        let status = if job.is_stopped() {
            job.status()
        } else {
            // `set -o pipefail`: the last command that failed decides.
            job.pipeline_status(self.options.pipefail)
        };
        // bash reaps as SIGCHLD arrives: whatever ended meanwhile is told.
        if !self.jobs.is_empty() {
            self.jobs.reap(self.job_control);
        }
        if job.is_stopped() {
            if self.stops_mid_line()
                && let Some(status) = self.suspend_line(&mut job)
            {
                // The continuation, continued: the line goes on here.
                return status;
            }
            // Ctrl+Z: the job joins the table as the current job, and is
            // told of with the rest: now, or for a line stopped whole once
            // it has unwound, out of its redirections (`{ ...; } 2>f`).
            job.changed = true;
            job.foreground = false;
            self.jobs.add_stopped(job);
            if self.line_suspended.is_none() {
                self.tell_news(self.line);
            }
            return status;
        }
        self.interrupted_line(&job);
        if job.id != 0 {
            // Resumed with `fg`: it keeps its place among the others, and
            // leaves the table as they do.
            job.foreground = true;
            job.changed = true;
            self.jobs.put_back(job);
            self.tell_news(self.line);
            return status;
        }
        self.tell_news(self.line);
        if let Some(texts) = texts
            && matches!(
                job.procs.last().map(|p| p.state),
                Some(ProcState::Signaled { .. })
            )
        {
            for (proc, text) in job.procs.iter_mut().zip(texts()) {
                proc.command = text;
            }
        }
        self.tell_foreground_death(&job);
        status
    }

    fn wait_until_done_or_stopped(&mut self, job: &mut Job) {
        let untraced = self.job_control;
        while !(job.is_finished() || untraced && job.is_stopped()) {
            // With job control SIGHUP is caught: wait so that it cannot
            // slip in just before the wait blocks.
            let next = if self.job_control {
                signals::wait_child_or_hangup(untraced)
            } else {
                table::wait_any(true, untraced)
            };
            match next {
                Ok(Some((pid, state))) => {
                    if !job.update(pid, state) {
                        self.jobs.update(pid, state);
                        self.tell_news_now();
                    }
                }
                // The terminal went away: the caller hangs everything up.
                Err(Errno::EINTR) if signals::hangup_pending() => return,
                Err(Errno::EINTR) | Ok(None) => {}
                Err(_) => return,
            }
        }
    }

    /// A job killed by Ctrl+C ends the command line (bash prints a newline
    /// after the `^C` echo).
    fn interrupted_line(&mut self, job: &Job) {
        let killed = matches!(
            job.procs.last().map(|p| p.state),
            Some(ProcState::Signaled {
                sig: libc::SIGINT,
                ..
            })
        );
        if self.continuation && !signals::is_trapped(libc::SIGINT) {
            // A stopped line's continuation ends as the interactive shell
            // would have abandoned the line; a Ctrl+C the command took as
            // a key is forgotten.
            if killed {
                signals::die_of(libc::SIGINT);
            }
            signals::take_interrupt();
        }
        if killed && self.interactive {
            self.abandon_line = true;
            let _ = write_all(2, b"\n");
        }
    }

    /// `fg`: give the job the terminal (and its own modes), continue it,
    /// and wait as for any foreground job.
    pub fn continue_in_foreground(&mut self, id: usize) -> i32 {
        // As bash's `start_job`: the job becomes current while still
        // stopped, and stays so while it runs out of the table.
        self.jobs.set_current(id);
        let Some(mut job) = self.jobs.take(id) else {
            return 1;
        };
        job.background = false;
        let line = format!("{}\n", job.command);
        let _ = write_all(1, line.as_bytes());
        if let (Some(term), Some(pgid)) = (&self.terminal, job.pgid) {
            if let Some(modes) = &job.modes {
                term.set_modes(modes);
            }
            term.give_to(pgid);
        }
        self.send_continue(&job);
        job.continued();
        self.run_foreground(job)
    }

    /// End the started part of a job that could not fully start: it was
    /// just created by us and is cut off from the rest of its pipeline, so
    /// SIGKILL (which nothing can ignore) and reap, without reporting.
    pub fn abandon(&mut self, mut job: Job) {
        for p in &job.procs {
            let _ = nix::sys::signal::kill(p.pid, Signal::SIGKILL);
        }
        self.wait_until_done_or_stopped(&mut job);
        if let Some(term) = &self.terminal {
            term.reclaim();
            term.restore_shell_modes();
        }
    }

    /// SIGCONT to the whole job.
    pub fn send_continue(&self, job: &Job) {
        // Once going again, the job may read the shell's input.
        self.release_input();
        match job.pgid {
            Some(pgid) => {
                let _ = killpg(pgid, Signal::SIGCONT);
            }
            None => {
                for p in &job.procs {
                    let _ = nix::sys::signal::kill(p.pid, Signal::SIGCONT);
                }
            }
        }
    }
}
