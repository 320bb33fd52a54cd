//! The job table: every pipeline started is a job of one or more processes.
//! It records what `waitpid` reports and answers what is running, stopped
//! or done; it knows nothing of syntax.

use std::os::fd::RawFd;

use nix::errno::Errno;
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
    /// Started with `&` and never brought to the foreground: its status is
    /// kept for `wait PID` after it leaves the table.
    pub background: bool,
    /// It ended in the foreground (after `fg`): its end is told as bash
    /// tells a foreground job's, by the signal's name, not as a job line.
    pub foreground: bool,
    /// The continuations that wait for the status of the processes before
    /// them (see [`crate::jobs::continuation`]), oldest first.
    pub feeds: Vec<Feed>,
}

/// Where a continuation waits for the status of the stopped pipeline it
/// goes on after: the processes of the job before it (`before` of them)
/// are the shell's children, not its own, so the shell tells it.
#[derive(Debug, Clone, Copy)]
pub struct Feed {
    /// How many of the job's processes come before the continuation.
    pub before: usize,
    /// The shell's end of the socket (close-on-exec, above 9); -1 once
    /// the status was sent.
    pub fd: RawFd,
    /// `set -o pipefail` was on when the stopped pipeline ran.
    pub pipefail: bool,
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
            background: false,
            foreground: false,
            feeds: Vec::new(),
        }
    }

    /// The status the job's pipeline gives `$?`: with `pipefail` that of
    /// the last process that failed; with a continuation, the
    /// continuation's, which is that of the whole command line.
    pub fn pipeline_status(&self, pipefail: bool) -> i32 {
        if !pipefail || !self.feeds.is_empty() {
            return self.status();
        }
        self.procs
            .iter()
            .rev()
            .map(|p| p.state.status())
            .find(|&s| s != 0)
            .unwrap_or(0)
    }

    /// Send each continuation whose processes before it have all ended
    /// their status, once.
    fn feed_continuations(&mut self) {
        for i in 0..self.feeds.len() {
            let feed = self.feeds[i];
            let Some(before) = self.procs.get(..feed.before) else {
                continue;
            };
            if feed.fd < 0 || !before.iter().all(|p| p.state.is_finished()) {
                continue;
            }
            let last = before.last().map_or(0, |p| p.state.status());
            // After an earlier continuation, that one is the last of them
            // and its status is that of all it ran.
            let status = if feed.pipefail && i == 0 {
                before
                    .iter()
                    .rev()
                    .map(|p| p.state.status())
                    .find(|&s| s != 0)
                    .unwrap_or(0)
            } else {
                last
            };
            // Ctrl+C that killed the last of them ends the line.
            let interrupted = matches!(
                before.last().map(|p| p.state),
                Some(ProcState::Signaled {
                    sig: libc::SIGINT,
                    ..
                })
            );
            crate::jobs::continuation::send_status(feed.fd, status, interrupted);
            self.feeds[i].fd = -1;
        }
    }

    /// Is a continuation still waiting for its status?
    fn feeding(&self) -> bool {
        self.feeds.iter().any(|f| f.fd >= 0)
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

    /// See [`JobTable::close_feeds`].
    pub fn close_feeds(&mut self) {
        for feed in &mut self.feeds {
            if feed.fd >= 0 {
                // SAFETY: this process's copy of the descriptor, used by
                // nothing else here; forgotten at once.
                unsafe { libc::close(feed.fd) };
                feed.fd = -1;
            }
        }
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
        if !self.feeds.is_empty() && state.is_finished() {
            self.feed_continuations();
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

/// How many statuses of reported background jobs are kept for `wait PID`.
const SAVED_STATUSES: usize = 1024;

/// The jobs, and which of them `%+` and `%-` name.
///
/// `%+` (the current job) and `%-` (the previous one) follow bash's rules
/// (its jobs.c `set_current_job` and `reset_current`): a stopped job is
/// preferred to a running one, the newest of each kind first, and the
/// choice is made again only at bash's moments: a job is started in the
/// background, stops, is continued, is resumed with `fg` or `bg`, or leaves
/// the table. A job that merely finishes keeps its mark until it is
/// reported and removed.
#[derive(Debug, Default)]
pub struct JobTable {
    /// In order of job number.
    jobs: Vec<Job>,
    current: Option<usize>,
    previous: Option<usize>,
    /// Last-process PIDs and statuses of background jobs that finished and
    /// left the table, newest last: `wait PID` still finds them (bash's
    /// `bgpids`).
    saved: std::collections::VecDeque<(Pid, i32)>,
    /// Jobs that left the table (`disown`) while a continuation of theirs
    /// still waits for the status of the processes before it: kept, out of
    /// sight, until it is sent.
    orphans: Vec<Job>,
}

impl JobTable {
    /// Add a job started in the background (`cmd &`); a new number, one
    /// above the highest in use. Then `%+`/`%-` are chosen again, as bash
    /// does for a new background job: it becomes current unless a stopped
    /// job is.
    pub fn add(&mut self, mut job: Job) -> usize {
        job.id = 0;
        job.background = true;
        for p in &job.procs {
            self.saved.retain(|(pid, _)| *pid != p.pid);
        }
        let id = self.insert(job);
        self.reset_current();
        id
    }

    /// Add a job that stopped in the foreground (Ctrl+Z), keeping its
    /// number if it had one (a job stopped again after `fg`). A newly
    /// stopped job becomes current.
    pub fn add_stopped(&mut self, job: Job) -> usize {
        let id = self.insert(job);
        self.set_current(id);
        id
    }

    /// Put a job (back) in the table without choosing `%+`/`%-` again: one
    /// that was taken out by [`JobTable::take`] to run in the foreground and
    /// ended there, to be reported and removed like any other.
    pub fn put_back(&mut self, job: Job) -> usize {
        self.insert(job)
    }

    fn insert(&mut self, mut job: Job) -> usize {
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
        id
    }

    /// Take a job out to run in the foreground (`fg`). It stays `%+` (or
    /// `%-`) while it runs, as in bash, where it never leaves the table.
    pub fn take(&mut self, id: usize) -> Option<Job> {
        let i = self.jobs.iter().position(|j| j.id == id)?;
        Some(self.jobs.remove(i))
    }

    fn is_stopped(&self, id: Option<usize>) -> bool {
        id.and_then(|id| self.get(id)).is_some_and(Job::is_stopped)
    }

    fn is_running(&self, id: Option<usize>) -> bool {
        id.and_then(|id| self.get(id)).is_some_and(Job::is_running)
    }

    /// The newest job numbered below `below` (any, if None) that `want`s.
    fn newest(&self, below: Option<usize>, want: fn(&Job) -> bool) -> Option<usize> {
        self.jobs
            .iter()
            .rev()
            .filter(|j| below.is_none_or(|b| j.id < b))
            .find(|j| want(j))
            .map(|j| j.id)
    }

    /// Make `id` the current job (bash's `set_current_job`); the old
    /// current job becomes the previous one if it is stopped, else the
    /// previous job is the newest stopped job older than this one (when this
    /// one is stopped), else the newest running job (older than this one,
    /// when this one runs), else this job itself.
    pub fn set_current(&mut self, id: usize) {
        if self.current != Some(id) {
            self.previous = self.current;
            self.current = Some(id);
        }
        if self.previous != self.current && self.is_stopped(self.previous) {
            return;
        }
        if self.is_stopped(self.current)
            && let Some(older) = self.newest(Some(id), Job::is_stopped)
        {
            self.previous = Some(older);
            return;
        }
        let below = self.is_running(self.current).then_some(id);
        self.previous = self.newest(below, Job::is_running).or(self.current);
    }

    /// Choose the current job again (bash's `reset_current`): a stopped
    /// current job stays; else the previous job if it is stopped, the
    /// newest stopped job, or the newest running one.
    pub fn reset_current(&mut self) {
        let candidate = if self.is_stopped(self.current) {
            self.current
        } else if self.is_stopped(self.previous) {
            self.previous
        } else {
            self.newest(None, Job::is_stopped)
                .or_else(|| self.newest(None, Job::is_running))
        };
        match candidate {
            Some(id) => self.set_current(id),
            None => {
                self.current = None;
                self.previous = None;
            }
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

    /// The current job, for a builtin given no job spec (bash then says
    /// `current: no such job`).
    pub fn find_current(&self) -> Result<usize, SpecError> {
        self.current
            .filter(|&id| self.get(id).is_some())
            .ok_or_else(|| SpecError::NoSuchJob("current".into()))
    }

    /// The job a spec names: `%N`, `%%`, `%+`, `%-`, `%name`, `%?text`.
    pub fn find(&self, spec: &str) -> Result<usize, SpecError> {
        let body = spec.strip_prefix('%').unwrap_or(spec);
        let none = || SpecError::NoSuchJob(spec.to_string());
        let present = |id: Option<usize>| id.filter(|&id| self.get(id).is_some());
        match body {
            "" | "%" | "+" => return present(self.current).ok_or_else(none),
            "-" => return present(self.previous).ok_or_else(none),
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

    /// Remove a job (reported, waited for, disowned); `%+`/`%-` are chosen
    /// again if it was one of them. A finished background job's status is
    /// kept for `wait PID`.
    pub fn remove(&mut self, id: usize) -> Option<Job> {
        let job = self.take(id)?;
        if job.feeding() {
            self.orphans.push(job.clone());
        }
        if job.background
            && job.is_finished()
            && let Some(pid) = job.last_pid()
        {
            self.save_status(pid, job.status());
        }
        self.forget(id);
        Some(job)
    }

    /// Keep the status of a background job's last process for `wait PID`.
    pub fn save_status(&mut self, pid: Pid, status: i32) {
        if self.saved.len() >= SAVED_STATUSES {
            self.saved.pop_front();
        }
        self.saved.push_back((pid, status));
    }

    /// A job taken out with [`JobTable::take`] is gone for good (it ended
    /// in the foreground): if it was `%+` or `%-`, choose again.
    pub fn forget(&mut self, id: usize) {
        if self.current == Some(id) || self.previous == Some(id) {
            self.reset_current();
        }
    }

    /// The status of a background job that finished and left the table.
    pub fn saved_status(&self, pid: Pid) -> Option<i32> {
        self.saved
            .iter()
            .rev()
            .find(|(p, _)| *p == pid)
            .map(|&(_, status)| status)
    }

    /// `wait` with no operands: bash forgets the saved statuses too.
    pub fn forget_saved(&mut self) {
        self.saved.clear();
    }

    pub fn clear(&mut self) {
        self.jobs.clear();
        self.orphans.clear();
        self.current = None;
        self.previous = None;
        self.saved.clear();
    }

    /// In a forked child: close its copies of the shell's ends of the
    /// continuations' sockets, which only the shell may use (a
    /// continuation waits until the shell sends, or is gone), and forget
    /// them.
    pub fn close_feeds(&mut self) {
        for job in self.jobs.iter_mut().chain(&mut self.orphans) {
            job.close_feeds();
        }
        self.orphans.clear();
    }

    /// The job with a process `pid`.
    pub fn job_of(&self, pid: Pid) -> Option<&Job> {
        self.jobs
            .iter()
            .find(|j| j.procs.iter().any(|p| p.pid == pid))
    }

    /// Record a child's state change; false if it is in no job. A job that
    /// stops becomes current; one continued from outside (SIGCONT not sent
    /// by `bg` or `kill`) makes the shell choose again, as bash does.
    pub fn update(&mut self, pid: Pid, state: ProcState) -> bool {
        let Some(job) = self
            .jobs
            .iter_mut()
            .find(|j| j.procs.iter().any(|p| p.pid == pid))
        else {
            return self.update_orphan(pid, state);
        };
        let was_stopped = job.is_stopped();
        job.update(pid, state);
        let id = job.id;
        if job.is_stopped() {
            self.set_current(id);
        } else if was_stopped && job.is_running() {
            self.reset_current();
        }
        true
    }

    /// A disowned job's process changed: its continuation may get its
    /// status now. Still "in no job" to the caller.
    fn update_orphan(&mut self, pid: Pid, state: ProcState) -> bool {
        for job in &mut self.orphans {
            if job.update(pid, state) {
                break;
            }
        }
        self.orphans.retain(Job::feeding);
        false
    }

    /// Collect every state change already waiting, without blocking. Also
    /// reaps children no longer in the table (disowned ones).
    pub fn reap(&mut self, untraced: bool) {
        while let Ok(Some((pid, state))) = wait_any(false, untraced) {
            self.update(pid, state);
        }
    }
}

/// One `waitpid(-1)`: the next child state change. `Ok(None)` when none
/// is ready (only without `block`); `Err(ECHILD)` when there are no
/// children; `Err(EINTR)` when a signal interrupted a blocking wait, so
/// that the caller can look at what the signal was.
pub fn wait_any(block: bool, untraced: bool) -> Result<Option<(Pid, ProcState)>, Errno> {
    wait_child(Pid::from_raw(-1), block, untraced)
}

/// As [`wait_any`], for the children `target` names as waitpid(2) reads it:
/// a PID, `-PGID` for a process group, -1 for any.
pub fn wait_child(
    target: Pid,
    block: bool,
    untraced: bool,
) -> Result<Option<(Pid, ProcState)>, Errno> {
    let mut flags = 0;
    if !block {
        flags |= libc::WNOHANG;
    }
    if untraced {
        flags |= libc::WUNTRACED | libc::WCONTINUED;
    }
    loop {
        let mut status = 0;
        // SAFETY: waitpid writes one int, `status`. nix's waitpid is not
        // used: it cannot name real-time signals and would drop the
        // status of a child they killed, already reaped.
        let pid = unsafe { libc::waitpid(target.as_raw(), &mut status, flags) };
        if pid < 0 {
            match Errno::last() {
                Errno::EINTR if !block => continue,
                e => return Err(e),
            }
        }
        if pid == 0 {
            return Ok(None);
        }
        let Some(state) = decode_status(status) else {
            continue;
        };
        return Ok(Some((Pid::from_raw(pid), state)));
    }
}

/// What a raw waitpid(2) status says, if it is one a job can be in.
fn decode_status(status: i32) -> Option<ProcState> {
    if libc::WIFEXITED(status) {
        Some(ProcState::Exited(libc::WEXITSTATUS(status)))
    } else if libc::WIFSIGNALED(status) {
        Some(ProcState::Signaled {
            sig: libc::WTERMSIG(status),
            core: libc::WCOREDUMP(status),
        })
    } else if libc::WIFSTOPPED(status) {
        Some(ProcState::Stopped(libc::WSTOPSIG(status)))
    } else if libc::WIFCONTINUED(status) {
        Some(ProcState::Running)
    } else {
        None
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

    fn marks(t: &JobTable) -> String {
        t.iter().map(|j| t.mark(j.id)).collect()
    }

    fn stop(t: &mut JobTable, id: usize) {
        let pid = t.get(id).unwrap().procs[0].pid;
        t.update(pid, ProcState::Stopped(libc::SIGTSTP));
    }

    #[test]
    fn current_and_previous_follow_bash() {
        let mut t = JobTable::default();
        t.add(job(&[10]));
        t.add(job(&[11]));
        assert_eq!(marks(&t), "-+");
        t.add(job(&[12]));
        assert_eq!(marks(&t), " -+");
        t.remove(3);
        assert_eq!(marks(&t), "-+");
        // A stopped job keeps `+` against a newer background job.
        stop(&mut t, 1);
        assert_eq!(marks(&t), "+-");
        t.add(job(&[13]));
        assert_eq!(marks(&t), "+ -");
        // bg: the job runs, the newest running job takes `+`.
        t.get_mut(1).unwrap().continued();
        t.reset_current();
        assert_eq!(marks(&t), " -+");
        // One job alone is both `+` and `-`.
        let mut one = JobTable::default();
        one.add(job(&[20]));
        assert_eq!(one.find("%-"), Ok(1));
    }

    #[test]
    fn stopped_jobs_come_first() {
        let mut t = JobTable::default();
        t.add_stopped(job(&[10])); // sleep 101, Ctrl+Z
        stop(&mut t, 1);
        t.add(job(&[11])); // sleep 102 &
        t.add(job(&[12])); // sleep 103 &
        assert_eq!(marks(&t), "+ -");
        let mut four = job(&[13]);
        four.procs[0].state = ProcState::Stopped(libc::SIGTSTP);
        t.add_stopped(four); // sleep 104, Ctrl+Z
        assert_eq!(marks(&t), "-  +");
        // The current job finishes and is removed: the other stopped job.
        t.update(Pid::from_raw(13), ProcState::Exited(0));
        assert_eq!(marks(&t), "-  +", "a finished job keeps its mark");
        t.remove(4);
        assert_eq!(marks(&t), "+ -");
    }

    #[test]
    fn job_specs() {
        let mut t = JobTable::default();
        assert_eq!(t.find("%%"), Err(SpecError::NoSuchJob("%%".into())));
        assert_eq!(
            t.find_current(),
            Err(SpecError::NoSuchJob("current".into()))
        );
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
