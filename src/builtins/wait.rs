//! `wait [-n] [pid | jobspec ...]`: interruptible by Ctrl+C.

use nix::errno::Errno;
use nix::unistd::Pid;

use super::{lossy, options};
use crate::jobs::{self, Job};
use crate::shell::Shell;
use crate::signals;

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
        if sh.abandon_line {
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

/// One wait for a child's change. `false` when there is nothing more to
/// wait for, or Ctrl+C interrupted it (then `sh.abandon_line` is set).
fn wait_once(sh: &mut Shell) -> bool {
    let result = if sh.job_control {
        signals::wait_child_or_signal(sh.job_control)
    } else {
        jobs::wait_any(true, false)
    };
    match result {
        Ok(Some((pid, state))) => {
            sh.jobs.update(pid, state);
            true
        }
        Ok(None) => true,
        Err(Errno::EINTR) => {
            if signals::take_interrupt() {
                sh.abandon_line = true;
                let _ = crate::shell::write_all(2, b"\n");
                return false;
            }
            !signals::hangup_pending()
        }
        Err(_) => false,
    }
}

/// `wait`: every running job, which then leaves the table.
fn wait_all(sh: &mut Shell) -> i32 {
    while sh.jobs.iter().any(Job::is_running) {
        if !wait_once(sh) {
            break;
        }
    }
    if sh.abandon_line {
        return INTERRUPTED;
    }
    let done: Vec<usize> = sh
        .jobs
        .iter()
        .filter(|j| j.is_finished())
        .map(|j| j.id)
        .collect();
    for id in done {
        sh.jobs.remove(id);
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
            sh.jobs.remove(id);
            return status;
        }
        if !sh.jobs.iter().any(Job::is_running) {
            return 127;
        }
        if !wait_once(sh) {
            return if sh.abandon_line { INTERRUPTED } else { 127 };
        }
    }
}

/// `wait PID`: its status, or `None` if it is not our child.
fn wait_for_pid(sh: &mut Shell, pid: Pid) -> Option<i32> {
    let id = sh.jobs.job_of(pid)?.id;
    let state = loop {
        let job = sh.jobs.get(id)?;
        let state = job.procs.iter().find(|p| p.pid == pid)?.state;
        if state.is_finished() || job.is_stopped() {
            break state;
        }
        if !wait_once(sh) {
            if sh.abandon_line {
                return Some(INTERRUPTED);
            }
            break state;
        }
    };
    if sh.jobs.get(id).is_some_and(Job::is_finished) {
        sh.jobs.remove(id);
    }
    Some(state.status())
}
