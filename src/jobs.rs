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
    /// This process's part of the command line (`jobs -l`, `%name`).
    pub command: String,
}

#[derive(Debug, Clone)]
pub struct Job {
    /// The number users see (`%1`); 0 until the job enters the table.
    pub id: usize,
    /// The process group, when job control put the job in one.
    pub pgid: Option<Pid>,
    pub procs: Vec<Proc>,
    /// The command line, as `jobs` shows it.
    pub command: String,
    /// Its terminal modes when it stopped, given back at `fg`.
    pub modes: Option<nix::sys::termios::Termios>,
    /// Changed state since the user was last told (Done, Stopped).
    pub changed: bool,
    /// Its state has been shown to the user at least once (`jobs -n`
    /// lists jobs never shown, as bash does).
    pub shown: bool,
    /// `disown -h`: spared the SIGHUP the shell sends when it exits.
    pub nohup: bool,
}

impl Job {
    pub fn new(command: String) -> Self {
        Job {
            id: 0,
            pgid: None,
            procs: Vec::new(),
            command,
            modes: None,
            changed: false,
            shown: false,
            nohup: false,
        }
    }

    pub fn is_running(&self) -> bool {
        !self.is_finished() && !self.is_stopped()
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

    /// Record a state change; false if `pid` is not one of ours. A job that
    /// comes to a stop or an end is marked changed, to be reported.
    pub fn update(&mut self, pid: Pid, state: ProcState) -> bool {
        let before = (self.is_finished(), self.is_stopped());
        match self.procs.iter_mut().find(|p| p.pid == pid) {
            Some(p) => p.state = state,
            None => return false,
        }
        let after = (self.is_finished(), self.is_stopped());
        if after != before && (after.0 || after.1) {
            self.changed = true;
        }
        true
    }

    /// Mark every stopped process running again (after SIGCONT).
    pub fn continued(&mut self) {
        for p in &mut self.procs {
            if matches!(p.state, ProcState::Stopped(_)) {
                p.state = ProcState::Running;
            }
        }
        self.changed = false;
    }

    /// The signal that stopped it, if it is stopped.
    pub fn stop_signal(&self) -> Option<i32> {
        self.procs.iter().find_map(|p| match p.state {
            ProcState::Stopped(sig) => Some(sig),
            _ => None,
        })
    }
}

/// Why a job spec names no job, in bash's words (without `jsh: fg: `).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecError {
    NoSuchJob(String),
    Ambiguous(String),
}

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SpecError::NoSuchJob(s) => write!(f, "{s}: no such job"),
            SpecError::Ambiguous(s) => write!(f, "{s}: ambiguous job spec"),
        }
    }
}

#[derive(Debug, Default)]
pub struct JobTable {
    jobs: Vec<Job>,
    /// `%+` and `%-`.
    current: Option<usize>,
    previous: Option<usize>,
}

impl JobTable {
    /// Add a job, keeping its number if it had one (a job stopped again
    /// after `fg`), else one above the highest in use. It becomes the
    /// current job, as a new background job or a newly stopped one does.
    pub fn add(&mut self, mut job: Job) -> usize {
        if job.id == 0 || self.get(job.id).is_some() {
            job.id = self.jobs.iter().map(|j| j.id).max().unwrap_or(0) + 1;
        }
        let id = job.id;
        let at = self
            .jobs
            .iter()
            .position(|j| j.id > id)
            .unwrap_or(self.jobs.len());
        self.jobs.insert(at, job);
        self.make_current(id);
        id
    }

    pub fn make_current(&mut self, id: usize) {
        if self.current != Some(id) {
            self.previous = self.current;
            self.current = Some(id);
        }
    }

    /// `+` for the current job, `-` for the previous one.
    pub fn mark(&self, id: usize) -> char {
        if self.current == Some(id) {
            '+'
        } else if self.previous == Some(id) {
            '-'
        } else {
            ' '
        }
    }

    pub fn current(&self) -> Option<usize> {
        self.current
    }

    pub fn get_mut(&mut self, id: usize) -> Option<&mut Job> {
        self.jobs.iter_mut().find(|j| j.id == id)
    }

    /// The job a spec names: `%N`, `%%`, `%+`, `%-`, `%name`, `%?text`.
    pub fn find(&self, spec: &str) -> Result<usize, SpecError> {
        let body = spec.strip_prefix('%').unwrap_or(spec);
        let none = || SpecError::NoSuchJob(spec.to_string());
        match body {
            "" | "%" | "+" => {
                return self
                    .current
                    .ok_or_else(|| SpecError::NoSuchJob("current".into()));
            }
            "-" => return self.previous.ok_or_else(none),
            _ => {}
        }
        if let Ok(n) = body.parse::<usize>() {
            return self.get(n).map(|j| j.id).ok_or_else(none);
        }
        let (text, anywhere) = match body.strip_prefix('?') {
            Some(t) => (t, true),
            None => (body, false),
        };
        let hits: Vec<usize> = self
            .jobs
            .iter()
            .filter(|j| {
                j.procs.iter().any(|p| {
                    let cmd = p.command.trim_start_matches("| ");
                    if anywhere {
                        cmd.contains(text)
                    } else {
                        cmd.starts_with(text)
                    }
                })
            })
            .map(|j| j.id)
            .collect();
        match hits.as_slice() {
            [id] => Ok(*id),
            [] => Err(none()),
            _ => Err(SpecError::Ambiguous(body.to_string())),
        }
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
        let job = self.jobs.remove(i);
        if self.current == Some(id) {
            self.current = self.previous.take();
        }
        if self.previous == Some(id) {
            self.previous = None;
        }
        if self.current.is_none() {
            self.current = self.best_candidate(None);
        }
        if self.previous.is_none() {
            self.previous = self.best_candidate(self.current);
        }
        Some(job)
    }

    /// Who becomes current when the current job goes: the newest stopped
    /// job, else the newest job (as bash chooses).
    fn best_candidate(&self, except: Option<usize>) -> Option<usize> {
        let others = || self.jobs.iter().filter(|j| Some(j.id) != except);
        others()
            .filter(|j| j.is_stopped())
            .map(|j| j.id)
            .max()
            .or_else(|| others().map(|j| j.id).max())
    }

    pub fn clear(&mut self) {
        self.jobs.clear();
        self.current = None;
        self.previous = None;
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

    /// Collect every state change already waiting, without blocking. Also
    /// reaps children no longer in the table (disowned ones).
    pub fn reap(&mut self, untraced: bool) {
        while let Ok(Some((pid, state))) = wait_any(false, untraced) {
            if self.update(pid, state)
                && matches!(state, ProcState::Stopped(_))
                && let Some(id) = self.job_of(pid).map(|j| j.id)
            {
                self.make_current(id);
            }
        }
    }
}

/// One `waitpid(-1)`: the next child state change. `Ok(None)` when none
/// is ready (only without `block`); `Err(ECHILD)` when there are no
/// children; `Err(EINTR)` when a signal interrupted a blocking wait, so
/// that the caller can look at what the signal was.
pub fn wait_any(block: bool, untraced: bool) -> Result<Option<(Pid, ProcState)>, Errno> {
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
            Ok(WaitStatus::StillAlive) => return Ok(None),
            Ok(_) => continue,
            Err(Errno::EINTR) if !block => continue,
            Err(e) => return Err(e),
        };
        return Ok(Some(state));
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
                command: format!("cmd{p}"),
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
    fn current_and_previous_follow_bash() {
        let mut t = JobTable::default();
        t.add(job(&[10]));
        t.add(job(&[11]));
        assert_eq!((t.mark(1), t.mark(2)), ('-', '+'));
        t.add(job(&[12]));
        assert_eq!((t.mark(1), t.mark(2), t.mark(3)), (' ', '-', '+'));
        t.remove(3);
        assert_eq!((t.mark(1), t.mark(2)), ('-', '+'));
        t.make_current(1);
        assert_eq!((t.mark(1), t.mark(2)), ('+', '-'));
    }

    #[test]
    fn job_specs() {
        let mut t = JobTable::default();
        assert_eq!(t.find("%%"), Err(SpecError::NoSuchJob("current".into())));
        t.add(job(&[10]));
        t.add(job(&[20]));
        assert_eq!(t.find("%1"), Ok(1));
        assert_eq!(t.find("%+"), Ok(2));
        assert_eq!(t.find("%-"), Ok(1));
        assert_eq!(t.find("%cmd2"), Ok(2));
        assert_eq!(t.find("%?d1"), Ok(1));
        assert_eq!(t.find("%cmd"), Err(SpecError::Ambiguous("cmd".into())));
        assert_eq!(t.find("%9").unwrap_err().to_string(), "%9: no such job");
        assert_eq!(t.find("%?zz").unwrap_err().to_string(), "%?zz: no such job");
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
