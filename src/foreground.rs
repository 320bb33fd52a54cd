//! The foreground job: waiting for it, and what Ctrl+C and Ctrl+Z do.
//!
//! The terminal driver, not the shell, turns the keys into signals: Ctrl+C
//! sends SIGINT and Ctrl+Z SIGTSTP to the foreground process group, which is
//! the job's, never the shell's. The shell sees the outcome through
//! `waitpid(WUNTRACED)`: a job killed by SIGINT abandons the rest of the
//! command line; a stopped job goes into the job table as `Stopped`.

use nix::errno::Errno;
use nix::sys::signal::{Signal, killpg};

use crate::jobs::{self, Job, ProcState};
use crate::report::{self, Style};
use crate::shell::{Shell, write_all};
use crate::signals;

impl Shell {
    /// Wait for `job` to finish or stop; its exit status (128+N when
    /// stopped or killed by signal N).
    pub fn run_foreground(&mut self, mut job: Job) -> i32 {
        self.wait_until_done_or_stopped(&mut job);
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
        let status = job.status();
        if job.is_stopped() {
            self.stopped(job);
            return status;
        }
        self.tell_how_it_died(&job);
        status
    }

    fn wait_until_done_or_stopped(&mut self, job: &mut Job) {
        let untraced = self.job_control;
        while !(job.is_finished() || untraced && job.is_stopped()) {
            match jobs::wait_any(true, untraced) {
                Ok(Some((pid, state))) => {
                    if !job.update(pid, state) {
                        self.jobs.update(pid, state);
                    }
                }
                // The terminal went away: the caller hangs everything up.
                Err(Errno::EINTR) if signals::hangup_pending() => return,
                Err(Errno::EINTR) | Ok(None) => {}
                Err(_) => return,
            }
        }
    }

    /// Ctrl+Z (or any stop signal): the job joins the table as the current
    /// job and the user is told, as bash does, on a fresh line.
    fn stopped(&mut self, mut job: Job) {
        job.changed = false;
        job.shown = true;
        let id = self.jobs.add(job);
        if self.interactive
            && let Some(job) = self.jobs.get(id)
        {
            let line = format!("\n{}", report::job_lines(&self.jobs, job, Style::Plain));
            let _ = write_all(2, line.as_bytes());
        }
    }

    /// A job killed by Ctrl+C ends the command line (bash prints a newline
    /// after the `^C` echo); one killed by another signal is named, except
    /// SIGPIPE, which is how pipelines normally end.
    fn tell_how_it_died(&mut self, job: &Job) {
        let Some(ProcState::Signaled { sig, core }) = job.procs.last().map(|p| p.state) else {
            return;
        };
        if sig == libc::SIGINT {
            if self.interactive {
                self.abandon_line = true;
                let _ = write_all(2, b"\n");
            }
            return;
        }
        if sig == libc::SIGPIPE {
            return;
        }
        let core = if core { " (core dumped)" } else { "" };
        let line = format!("{}{core}\n", signals::describe(sig));
        let _ = write_all(2, line.as_bytes());
    }

    /// `fg`: give the job the terminal (and its own modes), continue it,
    /// and wait as for any foreground job.
    pub fn continue_in_foreground(&mut self, id: usize) -> i32 {
        let Some(mut job) = self.jobs.remove(id) else {
            return 1;
        };
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
