//! The job table: every pipeline started is a job of one or more processes.
//! It records what `waitpid` reports and answers what is running, stopped
//! or done; it knows nothing of syntax.

use nix::errno::Errno;
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::Pid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcState {
    Running,
    Stopped(i32),
    Exited(i32),
    Signaled { sig: i32, core: bool },
}

impl ProcState {
    pub fn is_finished(self) -> bool {
        matches!(self, ProcState::Exited(_) | ProcState::Signaled { .. })
    }

    /// The exit status `$?` shows for it: 128+N for a signal.
    pub fn status(self) -> i32 {
        match self {
            ProcState::Running => 0,
            ProcState::Exited(code) => code,
            ProcState::Stopped(sig) | ProcState::Signaled { sig, .. } => 128 + sig,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Proc {
    pub pid: Pid,
    pub state: ProcState,
}

#[derive(Debug, Clone)]
pub struct Job {
    /// The number users see (`%1`).
    pub id: usize,
    /// The process group, when job control put the job in one.
    pub pgid: Option<Pid>,
    pub procs: Vec<Proc>,
    /// The command line, as `jobs` shows it.
    pub command: String,
}

impl Job {
    pub fn new(command: String) -> Self {
        Job {
            id: 0,
            pgid: None,
            procs: Vec::new(),
            command,
        }
    }

    pub fn is_finished(&self) -> bool {
        self.procs.iter().all(|p| p.state.is_finished())
    }

    /// Stopped: nothing running and at least one process stopped.
    pub fn is_stopped(&self) -> bool {
        !self.procs.iter().any(|p| p.state == ProcState::Running)
            && self
                .procs
                .iter()
                .any(|p| matches!(p.state, ProcState::Stopped(_)))
    }

    /// The job's status: that of its last process.
    pub fn status(&self) -> i32 {
        self.procs.last().map_or(0, |p| p.state.status())
    }

    pub fn last_pid(&self) -> Option<Pid> {
        self.procs.last().map(|p| p.pid)
    }

    /// Record a state change; false if `pid` is not one of ours.
    pub fn update(&mut self, pid: Pid, state: ProcState) -> bool {
        match self.procs.iter_mut().find(|p| p.pid == pid) {
            Some(p) => {
                p.state = state;
                true
            }
            None => false,
        }
    }
}

#[derive(Debug, Default)]
pub struct JobTable {
    jobs: Vec<Job>,
}

impl JobTable {
    /// Add a job under the number one above the highest in use.
    pub fn add(&mut self, mut job: Job) -> usize {
        job.id = self.jobs.iter().map(|j| j.id).max().unwrap_or(0) + 1;
        let id = job.id;
        self.jobs.push(job);
        id
    }

    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Job> {
        self.jobs.iter()
    }

    pub fn get(&self, id: usize) -> Option<&Job> {
        self.jobs.iter().find(|j| j.id == id)
    }

    pub fn remove(&mut self, id: usize) -> Option<Job> {
        let i = self.jobs.iter().position(|j| j.id == id)?;
        Some(self.jobs.remove(i))
    }

    pub fn clear(&mut self) {
        self.jobs.clear();
    }

    /// The job with a process `pid`.
    pub fn job_of(&self, pid: Pid) -> Option<&Job> {
        self.jobs
            .iter()
            .find(|j| j.procs.iter().any(|p| p.pid == pid))
    }

    pub fn update(&mut self, pid: Pid, state: ProcState) -> bool {
        self.jobs.iter_mut().any(|j| j.update(pid, state))
    }

    /// Collect every state change already waiting, without blocking.
    pub fn reap(&mut self, untraced: bool) {
        if self.jobs.iter().all(Job::is_finished) {
            return;
        }
        while let Some((pid, state)) = wait_any(false, untraced) {
            self.update(pid, state);
        }
    }
}

/// One `waitpid(-1)`: the next child state change, or `None` when there is
/// none (no children, or none ready when not blocking). With `block`, an
/// interrupting signal also returns `None`, so callers can check for it.
pub fn wait_any(block: bool, untraced: bool) -> Option<(Pid, ProcState)> {
    let mut flags = WaitPidFlag::empty();
    if !block {
        flags |= WaitPidFlag::WNOHANG;
    }
    if untraced {
        flags |= WaitPidFlag::WUNTRACED | WaitPidFlag::WCONTINUED;
    }
    loop {
        let state = match waitpid(Pid::from_raw(-1), Some(flags)) {
            Ok(WaitStatus::Exited(pid, code)) => (pid, ProcState::Exited(code)),
            Ok(WaitStatus::Signaled(pid, sig, core)) => (
                pid,
                ProcState::Signaled {
                    sig: sig as i32,
                    core,
                },
            ),
            Ok(WaitStatus::Stopped(pid, sig)) => (pid, ProcState::Stopped(sig as i32)),
            Ok(WaitStatus::Continued(pid)) => (pid, ProcState::Running),
            Ok(WaitStatus::StillAlive) => return None,
            Ok(_) => continue,
            Err(Errno::EINTR) => continue,
            Err(_) => return None,
        };
        return Some(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(pids: &[i32]) -> Job {
        let mut j = Job::new("cmd".into());
        j.procs = pids
            .iter()
            .map(|&p| Proc {
                pid: Pid::from_raw(p),
                state: ProcState::Running,
            })
            .collect();
        j
    }

    #[test]
    fn numbers_are_one_above_the_highest() {
        let mut t = JobTable::default();
        assert_eq!(t.add(job(&[10])), 1);
        assert_eq!(t.add(job(&[11])), 2);
        t.remove(1);
        assert_eq!(t.add(job(&[12])), 3);
        t.remove(3);
        t.remove(2);
        assert_eq!(t.add(job(&[13])), 1);
    }

    #[test]
    fn job_state_follows_its_processes() {
        let mut j = job(&[1, 2]);
        assert!(!j.is_finished());
        j.update(Pid::from_raw(1), ProcState::Exited(0));
        assert!(!j.is_finished());
        j.update(Pid::from_raw(2), ProcState::Stopped(20));
        assert!(j.is_stopped());
        j.update(
            Pid::from_raw(2),
            ProcState::Signaled {
                sig: 9,
                core: false,
            },
        );
        assert!(j.is_finished());
        assert_eq!(j.status(), 137);
    }
}
