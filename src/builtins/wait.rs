//! `wait [-n] [pid | jobspec ...]`: interruptible by Ctrl+C.

use nix::errno::Errno;
use nix::unistd::Pid;

use super::{lossy, options};
use crate::jobs::table::{self, Job, ProcState};
use crate::process::signals;
use crate::state::shell::Shell;

/// Status when Ctrl+C interrupts the wait, as in bash.
const INTERRUPTED: i32 = 130;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let (flags, rest) = match options(sh, "wait", args, "n") {
        Ok(parsed) => parsed,
        Err(status) => return status,
    };
    if flags.contains('n') {
        return wait_next(sh);
    }
    if rest.is_empty() {
        return wait_all(sh);
    }
    let mut status = 0;
    for arg in rest {
        status = match target(sh, arg) {
            Ok(pid) => match wait_for_pid(sh, pid) {
                Some(s) => s,
                None => {
                    sh.error(format!("wait: pid {pid} is not a child of this shell"));
                    127
                }
            },
            Err(s) => s,
        };
        if sh.abandon_line || signals::peek_pending_trap().is_some() {
            break;
        }
    }
    status
}

/// The process to wait for: a PID, or a job spec (its last process).
fn target(sh: &Shell, arg: &[u8]) -> Result<Pid, i32> {
    let text = std::str::from_utf8(arg).unwrap_or("");
    if text.starts_with('%') {
        return match sh.jobs.find(text) {
            Ok(id) => sh.jobs.get(id).and_then(Job::last_pid).ok_or(127),
            Err(e) => {
                sh.error(format!("wait: {e}"));
                Err(127)
            }
        };
    }
    match text.parse::<i32>() {
        Ok(pid) if pid > 0 => Ok(Pid::from_raw(pid)),
        _ => {
            sh.error(format!(
                "wait: `{}': not a pid or valid job spec",
                lossy(arg)
            ));
            Err(1)
        }
    }
}

/// Was the wait just cut short by Ctrl+C or a trapped signal?
fn interrupted_now(sh: &Shell) -> bool {
    sh.abandon_line || sh.traps.interrupted_wait.is_some()
}

/// The status of a wait cut short: 128+N for trapped signal N, 130 for
/// Ctrl+C; `None` if it was not.
fn interrupted(sh: &mut Shell) -> Option<i32> {
    if let Some(sig) = sh.traps.interrupted_wait.take() {
        return Some(128 + sig);
    }
    sh.abandon_line.then_some(INTERRUPTED)
}

/// One wait for a change of the children `target` names (as waitpid(2)
/// reads it). `false` when there is nothing more to wait for, or Ctrl+C
/// interrupted it (then `sh.abandon_line` is set).
fn wait_once(sh: &mut Shell, target: Pid) -> bool {
    // With a trap set, a signal must cut the wait short however it lands
    // (sigsuspend); a plain blocking waitpid could miss one.
    let result = if sh.job_control || signals::any_trapped() {
        signals::wait_child_or_signal(target, sh.job_control)
    } else {
        table::wait_child(target, true, false)
    };
    match result {
        Ok(Some((pid, state))) => {
            sh.jobs.update(pid, state);
            true
        }
        Ok(None) => true,
        Err(Errno::EINTR) => {
            if let Some(sig) = signals::peek_pending_trap() {
                // A trapped signal: `wait` returns 128+N, and the action
                // runs once it has (POSIX 2.11).
                sh.traps.interrupted_wait = Some(sig);
                return false;
            }
            if signals::take_interrupt() {
                sh.abandon_line = true;
                let _ = crate::state::shell::write_all(2, b"\n");
                return false;
            }
            !signals::hangup_pending()
        }
        Err(_) => false,
    }
}

/// Wait until process `pid` of job `id` has ended and the job runs no
/// more (it ended or stopped), as bash's `wait_for`; then tell of every job
/// known to have changed meanwhile. Only the job's own processes are
/// waited for, so that `kill %1 %2; wait %1; wait %2` finds job 2 still
/// there, however soon it ended. The process's state at that moment
/// (before the telling may remove its job), or `Err` if Ctrl+C (or a
/// hangup) cut the wait short.
fn wait_for_job_of(sh: &mut Shell, id: usize, pid: Pid) -> Result<Option<ProcState>, ()> {
    let state = loop {
        let Some(job) = sh.jobs.get(id) else {
            return Ok(None);
        };
        let state = job.procs.iter().find(|p| p.pid == pid).map(|p| p.state);
        let done = state.is_none_or(|s| s.is_finished() || job.is_stopped());
        if done && !job.is_running() {
            break state;
        }
        // Its process group, or (without job control) its next process
        // still running.
        let target = match job.pgid {
            Some(pgid) => Pid::from_raw(-pgid.as_raw()),
            None => match job.procs.iter().find(|p| !p.state.is_finished()) {
                Some(p) => p.pid,
                None => break state,
            },
        };
        if !wait_once(sh, target) {
            return Err(());
        }
    };
    sh.tell_news(sh.line);
    Ok(state)
}

/// `wait`: every running job in turn, oldest first, each told of as it
/// ends; then, as bash, finished jobs are forgotten, and so are the
/// statuses kept for `wait PID`.
fn wait_all(sh: &mut Shell) -> i32 {
    // Jobs that ended just before are told of, not forgotten unseen.
    sh.jobs.reap(sh.job_control);
    sh.tell_news(sh.line);
    let mut waited = Vec::new();
    loop {
        let next = sh
            .jobs
            .iter()
            .find(|j| j.is_running())
            .and_then(|j| Some((j.id, j.last_pid()?)));
        let Some((id, pid)) = next else { break };
        waited.push(id);
        if wait_for_job_of(sh, id, pid).is_err() {
            if let Some(status) = interrupted(sh) {
                return status;
            }
            break;
        }
    }
    // A script may still `wait $!` for the job of `$!` if it ended, untold,
    // before this `wait` (bash keeps that job in its table; here only its
    // status is kept, so `jobs` does not list it again).
    let keep = sh
        .last_bg
        .filter(|_| !sh.interactive)
        .and_then(|pid| sh.jobs.job_of(pid))
        .filter(|j| j.is_finished() && !waited.contains(&j.id))
        .and_then(|j| Some((j.last_pid()?, j.status())));
    let done: Vec<usize> = sh
        .jobs
        .iter()
        .filter(|j| j.is_finished())
        .map(|j| j.id)
        .collect();
    for id in done {
        sh.jobs.remove(id);
    }
    sh.jobs.forget_saved();
    if let Some((pid, status)) = keep {
        sh.jobs.save_status(pid, status);
    }
    0
}

/// `wait -n`: the next job to finish; its status.
fn wait_next(sh: &mut Shell) -> i32 {
    loop {
        let done = sh
            .jobs
            .iter()
            .find(|j| j.is_finished())
            .map(|j| (j.id, j.status()));
        if let Some((id, status)) = done {
            sh.tell_news(sh.line);
            sh.jobs.remove(id);
            return status;
        }
        if !sh.jobs.iter().any(Job::is_running) {
            return 127;
        }
        if !wait_once(sh, Pid::from_raw(-1)) {
            return interrupted(sh).unwrap_or(127);
        }
        // Whatever else ended by now is told with it, as bash does.
        sh.jobs.reap(sh.job_control);
    }
}

/// `wait PID`: its status, or `None` if it is not our child. A
/// background job that already finished and was reported is still found
/// (bash keeps its status).
fn wait_for_pid(sh: &mut Shell, pid: Pid) -> Option<i32> {
    let Some(id) = sh.jobs.job_of(pid).map(|j| j.id) else {
        return sh.jobs.saved_status(pid);
    };
    let state = match wait_for_job_of(sh, id, pid) {
        Ok(state) => state,
        Err(()) if interrupted_now(sh) => return interrupted(sh),
        Err(()) => sh
            .jobs
            .get(id)
            .and_then(|j| j.procs.iter().find(|p| p.pid == pid))
            .map(|p| p.state),
    };
    let status = state.map_or(0, ProcState::status);
    if sh.jobs.get(id).is_some_and(Job::is_finished) {
        sh.jobs.remove(id);
    }
    Some(status)
}
