//! The shell's signal dispositions, and what children must undo.
//!
//! Every disposition the shell changes is recorded in one bit mask, which
//! the child side of a spawn reads (an atomic load is async-signal-safe) to
//! reset exactly those signals to their defaults before exec.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use nix::sys::signal::{SaFlags, SigAction, SigHandler, SigSet, Signal, sigaction};

static CHANGED: AtomicU64 = AtomicU64::new(0);

/// Signals whose disposition the shell changed (bit N = signal N).
pub fn changed_mask() -> u64 {
    CHANGED.load(Ordering::Relaxed)
}

fn set(sig: Signal, handler: SigHandler) {
    let action = SigAction::new(handler, SaFlags::SA_RESTART, SigSet::empty());
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

pub fn ignore(sig: Signal) {
    set(sig, SigHandler::SigIgn);
}

pub fn default(sig: Signal) {
    set(sig, SigHandler::SigDfl);
}

/// Undo what the Rust runtime does before `main`: it ignores SIGPIPE, and an
/// ignored signal is inherited across exec, so `yes | head -1` would never end.
pub fn init() {
    default(Signal::SIGPIPE);
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_sigint(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::Relaxed);
}

/// Catch SIGINT instead of dying of it (interactive shells).
pub fn catch_sigint() {
    set(Signal::SIGINT, SigHandler::Handler(on_sigint));
}

/// Was SIGINT received since the last call?
pub fn take_interrupt() -> bool {
    INTERRUPTED.swap(false, Ordering::Relaxed)
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
