//! Ctrl+Z stops the whole command line, not only the pipeline running.
//!
//! When a foreground job stops while the shell runs it from inside a loop,
//! a `{ }` group, an `if`/`case` body, a function, `eval`, `.` or a list
//! with more to run, the rest of the command line is still to come, and it
//! lives only on the shell's stack. The shell forks a copy of itself at
//! that point, the *continuation*: it joins the stopped job's process
//! group and stops itself, so that the whole job is stopped as one. The
//! shell adds it to the job (whose text becomes the whole command line)
//! and unwinds the line without running any more of it, back to the
//! prompt.
//!
//! When the job is continued (`fg`, `bg`, `kill -CONT`), the stopped
//! processes go on, and the continuation waits for their status, which
//! only the shell, their parent, can learn: the shell sends it over a
//! socket when it reaps the last of them ([`crate::jobs::table::Feed`]).
//! The continuation then returns from the wait as the shell would have,
//! runs the rest of the line as a non-interactive subshell without job
//! control (its commands stay in the job's group, so a second Ctrl+Z stops
//! them and it together), and exits with the status of the whole line. The
//! job ends when the continuation does, with its status.
//!
//! A pipeline typed alone has nothing after it: it stops as in bash, with
//! no continuation.

use std::os::fd::{AsRawFd, FromRawFd, IntoRawFd, OwnedFd, RawFd};

use nix::errno::Errno;
use nix::sys::signal::Signal;
use nix::unistd::Pid;

use crate::exec::redirect::move_private;
use crate::jobs::table::{Feed, Job, Proc, ProcState};
use crate::process::signals;
use crate::process::spawn::Launch;
use crate::state::shell::{Shell, strerror};

/// The status a stopped job gives `$?`: 128 + SIGTSTP, as in bash.
fn stop_status(job: &Job) -> i32 {
    128 + job.stop_signal().unwrap_or(libc::SIGTSTP)
}

impl Shell {
    /// Does the foreground job that just stopped leave more of the command
    /// line to run, which a continuation must keep?
    pub(crate) fn stops_mid_line(&self) -> bool {
        self.interactive && self.job_control && !self.subshell && !self.foreground_is_line
    }

    /// `job` stopped mid-line: fork its continuation. In the shell, the
    /// job now holds it and the line is suspended (`None`); in the
    /// continuation, once continued, the stopped pipeline's status, to be
    /// returned from the wait as the shell would have (`Some`). If no
    /// continuation can be made, the line goes on as in bash (`None`).
    pub(crate) fn suspend_line(&mut self, job: &mut Job) -> Option<i32> {
        let status = stop_status(job);
        // Without a continuation the rest of the line runs at once, as in
        // bash, and the user is told why.
        let goes_on = |sh: &Shell, why: String| {
            sh.error(format!("{why}: the rest of the line goes on now"));
            None
        };
        let pgid = job.pgid?;
        let (theirs, ours) = match socket() {
            Ok(pair) => pair,
            Err(e) => return goes_on(self, format!("socketpair: {}", strerror(e))),
        };
        let launch = Launch {
            fd_ops: &[],
            pgroup: Some(pgid.as_raw()),
            terminal: None,
        };
        let pid = match self.fork_copy(&launch, true) {
            Ok(Some(pid)) => pid,
            Ok(None) => {
                drop(ours);
                return Some(self.continue_after_stop(theirs, job));
            }
            Err(e) => return goes_on(self, format!("fork: {}", strerror(e))),
        };
        drop(theirs);
        // Either of us may run first: both place the child.
        let _ = nix::unistd::setpgid(pid, pgid);
        let state = match wait_for_stop(pid) {
            // `jobs -l` says `Stopped` of it as of the command it waits
            // for, not `Stopped (signal)`.
            ProcState::Stopped(_) => ProcState::Stopped(job.stop_signal().unwrap_or(libc::SIGTSTP)),
            // It ended (and is reaped) without stopping: nothing keeps the
            // rest, which goes on here.
            _ => return goes_on(self, "the continuation ended".to_string()),
        };
        let before = job.procs.len();
        if let Some(text) = &self.line_text
            && job.id == 0
        {
            job.command = text.clone();
        }
        job.procs.push(Proc {
            pid,
            state,
            command: job.command.clone(),
        });
        job.feeds.push(Feed {
            before,
            fd: ours.into_raw_fd(),
            pipefail: self.options.pipefail && job.feeds.is_empty(),
        });
        self.stop_line(status)
    }

    /// Nothing more of the line runs; `$?` is `status` at the prompt.
    fn stop_line(&mut self, status: i32) -> Option<i32> {
        self.line_suspended = Some(status);
        None
    }

    /// In the continuation: stop with the job, then wait for the status of
    /// the processes the shell continued.
    fn continue_after_stop(&mut self, feed: OwnedFd, job: &mut Job) -> i32 {
        self.continuation = true;
        // The shell's ends of the sockets are the shell's alone (those of
        // the jobs in the table were closed with it by become_subshell).
        job.close_feeds();
        // What Ctrl+C and Ctrl+\ do is for the commands run to decide (an
        // editor takes them as keys), as at the prompt: the line ends only
        // if Ctrl+C killed the command waited for, and Ctrl+\ never ends
        // it (see `Shell::interrupted_line`). Ignored, SIGQUIT is still
        // reset for the commands started.
        signals::catch_interrupt();
        signals::ignore(Signal::SIGQUIT);
        // SIGSTOP, which nothing can ignore (SIGTSTP may be, by `trap ''
        // TSTP`): the shell waits for this stop. It shows the job's own
        // stop signal for it (see `suspend_line`).
        let _ = nix::sys::signal::raise(Signal::SIGSTOP);
        let received = receive_status(feed.as_raw_fd());
        signals::take_interrupt();
        match received {
            Some((_, true)) => signals::die_of(libc::SIGINT),
            Some((status, false)) => status,
            None => {
                self.error("the shell that stopped this job is gone: the rest of it is not run");
                crate::process::spawn::exit_child(1)
            }
        }
    }
}

/// A socket pair, both ends close-on-exec and above 9: a socket, not a
/// pipe, so that sending to a continuation already gone raises no SIGPIPE
/// in the shell (MSG_NOSIGNAL). (continuation's end, shell's end).
fn socket() -> Result<(OwnedFd, OwnedFd), Errno> {
    let mut fds = [-1; 2];
    // SAFETY: socketpair writes two descriptors into `fds`, which become
    // ours alone.
    let (a, b) = unsafe {
        if libc::socketpair(
            libc::AF_UNIX,
            libc::SOCK_STREAM | libc::SOCK_CLOEXEC,
            0,
            fds.as_mut_ptr(),
        ) < 0
        {
            return Err(Errno::last());
        }
        (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1]))
    };
    Ok((move_private(a), move_private(b)))
}

/// Wait until the new continuation has stopped itself, so that the job is
/// stopped as a whole before the user is told so.
fn wait_for_stop(pid: Pid) -> ProcState {
    loop {
        match crate::jobs::table::wait_child(pid, true, true) {
            Ok(Some((_, ProcState::Running))) | Err(Errno::EINTR) => continue,
            Ok(Some((_, state))) => return state,
            // Not ours to wait for any more: as if it ended.
            Ok(None) | Err(_) => return ProcState::Exited(1),
        }
    }
}

/// Send a continuation the status it waits for, and whether Ctrl+C killed
/// the processes before it; close the shell's end.
pub fn send_status(fd: RawFd, status: i32, interrupted: bool) {
    let mut bytes = [0u8; 8];
    bytes[..4].copy_from_slice(&status.to_ne_bytes());
    bytes[4..].copy_from_slice(&i32::from(interrupted).to_ne_bytes());
    // SAFETY: send reads the 8 bytes given; close ends the shell's own
    // descriptor, which the feed forgets. A continuation already gone
    // (killed) is no error: MSG_NOSIGNAL spares the shell SIGPIPE.
    unsafe {
        while libc::send(fd, bytes.as_ptr().cast(), bytes.len(), libc::MSG_NOSIGNAL) < 0
            && Errno::last() == Errno::EINTR
        {}
        libc::close(fd);
    }
}

/// What [`send_status`] sent; None if the shell closed its end without.
fn receive_status(fd: RawFd) -> Option<(i32, bool)> {
    let mut bytes = [0u8; 8];
    let mut got = 0;
    while got < bytes.len() {
        // SAFETY: read writes at most the rest of `bytes`.
        let n = unsafe { libc::read(fd, bytes[got..].as_mut_ptr().cast(), bytes.len() - got) };
        match n {
            n if n > 0 => got += n as usize,
            0 => return None,
            _ if Errno::last() == Errno::EINTR => {}
            _ => return None,
        }
    }
    let word = |i: usize| i32::from_ne_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    Some((word(0), word(4) != 0))
}
