//! The shell's signal dispositions, and what children must undo.
//!
//! Every disposition the shell changes is recorded in one bit mask, which
//! the child side of a spawn reads (an atomic load is async-signal-safe) to
//! reset exactly those signals to their defaults before exec.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, Ordering};

use nix::sys::signal::{SaFlags, SigAction, SigHandler, SigSet, SigmaskHow, Signal, sigaction};

static CHANGED: AtomicU64 = AtomicU64::new(0);

/// Signals whose disposition the shell changed (bit N = signal N).
pub fn changed_mask() -> u64 {
    CHANGED.load(Ordering::Relaxed)
}

fn set(sig: Signal, handler: SigHandler) {
    set_with(sig, handler, SaFlags::SA_RESTART);
}

fn set_with(sig: Signal, handler: SigHandler, flags: SaFlags) {
    let action = SigAction::new(handler, flags, SigSet::empty());
    // SAFETY: the handlers installed here only store to atomics, which is
    // async-signal-safe.
    if unsafe { sigaction(sig, &action) }.is_ok() {
        let bit = 1u64 << (sig as i32);
        if handler == SigHandler::SigDfl {
            CHANGED.fetch_and(!bit, Ordering::Relaxed);
        } else {
            CHANGED.fetch_or(bit, Ordering::Relaxed);
        }
    }
}

/// Record a disposition changed by other code (signal-hook, rustyline).
pub fn mark_changed(sig: Signal) {
    CHANGED.fetch_or(1u64 << (sig as i32), Ordering::Relaxed);
}

pub fn ignore(sig: Signal) {
    set(sig, SigHandler::SigIgn);
}

/// In a command substitution's child, which shares the terminal's
/// foreground group with the shell: Ctrl+Z and background terminal access
/// must not stop it, nor the programs it runs (left ignored across exec,
/// as bash does).
pub fn ignore_tty_stops() {
    for sig in [Signal::SIGTSTP, Signal::SIGTTIN, Signal::SIGTTOU] {
        set(sig, SigHandler::SigIgn);
        CHANGED.fetch_and(!(1u64 << (sig as i32)), Ordering::Relaxed);
    }
}

pub fn default(sig: Signal) {
    set(sig, SigHandler::SigDfl);
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static HANGUP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_sigint(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::Relaxed);
}

/// A descriptor open on /dev/null that the SIGHUP handler puts over
/// standard input; -1 for none (see [`end_input_on_hangup`]).
static HANGUP_STDIN: AtomicI32 = AtomicI32::new(-1);

extern "C" fn on_sighup(_: libc::c_int) {
    HANGUP.store(true, Ordering::Relaxed);
    let null = HANGUP_STDIN.load(Ordering::Relaxed);
    if null >= 0 {
        // SAFETY: dup2 is async-signal-safe; both descriptors are open
        // (`null` is never closed once stored).
        unsafe { libc::dup2(null, 0) };
    }
}

/// At a hangup, end whatever read of the terminal the shell is blocked
/// in, for good. The line editor reads in a loop that a signal does not
/// end (it retries on EINTR), so the SIGHUP handler puts /dev/null over
/// standard input: the read in progress or about to start then sees end
/// of file at once, and the shell hangs up its jobs and exits, as it does
/// when the terminal itself is gone. Reading the terminal again would be
/// pointless anyway: a shell that got SIGHUP is leaving. For interactive
/// shells only; the shell's own copy of the terminal (for its modes and
/// process groups) is another descriptor, unaffected.
pub fn end_input_on_hangup() {
    let Ok(null) = nix::fcntl::open(
        c"/dev/null",
        nix::fcntl::OFlag::O_RDONLY | nix::fcntl::OFlag::O_CLOEXEC,
        nix::sys::stat::Mode::empty(),
    ) else {
        return;
    };
    let null = crate::exec::redirect::move_high(null);
    // Kept open for the life of the process: the handler may use it any
    // time.
    let fd = std::os::fd::IntoRawFd::into_raw_fd(null);
    HANGUP_STDIN.store(fd, Ordering::Relaxed);
}

/// The dispositions of a job-control shell, as bash's: it must never be
/// stopped by the keyboard or by touching the terminal from the background,
/// never die of Ctrl+\ or a stray `kill`, and never die of Ctrl+C, which
/// instead interrupts what the shell is blocked in (no SA_RESTART) so that
/// `wait` and a half-typed line can be abandoned. SIGHUP is caught so that
/// jobs can be hung up before the shell goes.
pub fn job_control() {
    for sig in [
        Signal::SIGTSTP,
        Signal::SIGTTIN,
        Signal::SIGTTOU,
        Signal::SIGQUIT,
        Signal::SIGTERM,
    ] {
        ignore(sig);
    }
    set_with(
        Signal::SIGINT,
        SigHandler::Handler(on_sigint),
        SaFlags::empty(),
    );
    set_with(
        Signal::SIGHUP,
        SigHandler::Handler(on_sighup),
        SaFlags::empty(),
    );
    // A handler for SIGCHLD, so that sigsuspend wakes when a child changes
    // (see `wait_child_or_signal`); signal-hook lets the notifier's
    // self-pipe share the signal.
    if signal_hook::flag::register(libc::SIGCHLD, Arc::new(AtomicBool::new(false))).is_ok() {
        mark_changed(Signal::SIGCHLD);
    }
}

/// The next state change of a child `target` names (as waitpid(2) reads
/// it), or `Err(EINTR)` at Ctrl+C or a hangup, whichever comes first.
/// Checking a flag and then blocking in waitpid would miss a signal that
/// lands in between; here SIGCHLD, SIGINT and SIGHUP stay blocked except
/// inside sigsuspend, which unblocks and waits in one step.
pub fn wait_child_or_signal(
    target: nix::unistd::Pid,
    untraced: bool,
) -> Result<Option<(nix::unistd::Pid, crate::jobs::table::ProcState)>, nix::errno::Errno> {
    wait_child_or(target, untraced, true)
}

/// The next child state change, or `Err(EINTR)` at a hangup only: how a
/// foreground job is waited for, since Ctrl+C is the job's, not the
/// shell's.
pub fn wait_child_or_hangup(
    untraced: bool,
) -> Result<Option<(nix::unistd::Pid, crate::jobs::table::ProcState)>, nix::errno::Errno> {
    wait_child_or(nix::unistd::Pid::from_raw(-1), untraced, false)
}

fn wait_child_or(
    target: nix::unistd::Pid,
    untraced: bool,
    interruptible: bool,
) -> Result<Option<(nix::unistd::Pid, crate::jobs::table::ProcState)>, nix::errno::Errno> {
    let mut watched = SigSet::empty();
    for sig in [Signal::SIGCHLD, Signal::SIGINT, Signal::SIGHUP] {
        watched.add(sig);
    }
    let Ok(old) = watched.thread_swap_mask(SigmaskHow::SIG_BLOCK) else {
        return crate::jobs::table::wait_child(target, true, untraced);
    };
    let mut open = old;
    for sig in watched.iter() {
        open.remove(sig);
    }
    let result = loop {
        match crate::jobs::table::wait_child(target, false, untraced) {
            Ok(None) => {}
            other => break other,
        }
        if (interruptible && INTERRUPTED.load(Ordering::Relaxed)) || HANGUP.load(Ordering::Relaxed)
        {
            break Err(nix::errno::Errno::EINTR);
        }
        let _ = open.suspend();
    };
    let _ = old.thread_set_mask();
    result
}

/// Start with no signal blocked, whatever the parent left blocked: a
/// job-control shell must see SIGINT and SIGHUP.
pub fn unblock_all() {
    let _ = nix::sys::signal::sigprocmask(
        nix::sys::signal::SigmaskHow::SIG_SETMASK,
        Some(&SigSet::empty()),
        None,
    );
}

/// Was SIGINT received since the last call?
pub fn take_interrupt() -> bool {
    INTERRUPTED.swap(false, Ordering::Relaxed)
}

/// Has the terminal hung up (SIGHUP received)?
pub fn hangup_pending() -> bool {
    HANGUP.load(Ordering::Relaxed)
}

/// bash's description of a signal, as shown for a killed or stopped job.
pub fn describe(sig: i32) -> String {
    let text = match sig {
        libc::SIGHUP => "Hangup",
        libc::SIGINT => "Interrupt",
        libc::SIGQUIT => "Quit",
        libc::SIGILL => "Illegal instruction",
        libc::SIGTRAP => "Trace/breakpoint trap",
        libc::SIGABRT => "Aborted",
        libc::SIGBUS => "Bus error",
        libc::SIGFPE => "Floating point exception",
        libc::SIGKILL => "Killed",
        libc::SIGUSR1 => "User defined signal 1",
        libc::SIGSEGV => "Segmentation fault",
        libc::SIGUSR2 => "User defined signal 2",
        libc::SIGPIPE => "Broken pipe",
        libc::SIGALRM => "Alarm clock",
        libc::SIGTERM => "Terminated",
        libc::SIGSTKFLT => "Stack fault",
        libc::SIGCHLD => "Child exited",
        libc::SIGCONT => "Continued",
        libc::SIGSTOP => "Stopped (signal)",
        libc::SIGTSTP => "Stopped",
        libc::SIGTTIN => "Stopped (tty input)",
        libc::SIGTTOU => "Stopped (tty output)",
        libc::SIGURG => "Urgent I/O condition",
        libc::SIGXCPU => "CPU time limit exceeded",
        libc::SIGXFSZ => "File size limit exceeded",
        libc::SIGVTALRM => "Virtual timer expired",
        libc::SIGPROF => "Profiling timer expired",
        libc::SIGWINCH => "Window changed",
        libc::SIGIO => "I/O possible",
        libc::SIGPWR => "Power failure",
        libc::SIGSYS => "Bad system call",
        n if (libc::SIGRTMIN()..=libc::SIGRTMAX()).contains(&n) => {
            return format!("Real-time signal {}", n - libc::SIGRTMIN());
        }
        n => return format!("Unknown signal {n}"),
    };
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_bash_wording() {
        assert_eq!(describe(9), "Killed");
        assert_eq!(describe(15), "Terminated");
        assert_eq!(describe(libc::SIGTTIN), "Stopped (tty input)");
    }
}
