//! The shell's life with job control: taking the terminal at start-up, and
//! what becomes of its jobs when it exits or its terminal hangs up.

use nix::sys::signal::{Signal, killpg};

use crate::jobs::terminal::Terminal;
use crate::process::signals;
use crate::state::shell::{Shell, write_all};

/// bash's exit status after SIGHUP.
pub const HANGUP_STATUS: i32 = 128 + libc::SIGHUP;

impl Shell {
    /// Turn job control on (interactive shells, `-m`). Without a usable
    /// terminal, jobs still get process groups, as in bash; the shell says
    /// so when it is interactive.
    pub fn start_job_control(&mut self) {
        let tty = Terminal::wait_for_foreground();
        signals::job_control();
        signals::unblock_all();
        self.job_control = true;
        match tty.and_then(Terminal::take) {
            Ok(t) => self.terminal = Some(t),
            Err(e) if self.interactive => {
                let msg = format!(
                    "jsh: cannot set terminal process group ({}): {}\njsh: no job control in this shell\n",
                    nix::unistd::getpgrp(),
                    crate::state::shell::strerror(e)
                );
                let _ = write_all(2, msg.as_bytes());
                self.job_control = false;
            }
            Err(_) => {}
        }
    }

    /// Leaving normally: running background jobs go on (as in bash);
    /// stopped ones are hung up and continued so none lingers stopped.
    pub fn leave(&mut self) {
        self.hang_up(true);
        if let Some(t) = &self.terminal {
            t.release();
        }
    }

    /// The terminal went away (SIGHUP, or EOF/EIO reading it): every job we
    /// still own is hung up, then the shell exits with 129.
    pub fn hang_up_all(&mut self) -> i32 {
        self.hang_up(false);
        HANGUP_STATUS
    }

    /// SIGHUP then SIGCONT to each job not disowned with `-h` (all jobs, or
    /// only stopped ones).
    fn hang_up(&mut self, stopped_only: bool) {
        self.jobs.reap(self.job_control);
        for job in self.jobs.iter() {
            if job.nohup || job.is_finished() || (stopped_only && !job.is_stopped()) {
                continue;
            }
            for sig in [Signal::SIGHUP, Signal::SIGCONT] {
                match job.pgid {
                    Some(pgid) => {
                        let _ = killpg(pgid, sig);
                    }
                    None => {
                        for p in &job.procs {
                            let _ = nix::sys::signal::kill(p.pid, sig);
                        }
                    }
                }
            }
        }
    }
}
