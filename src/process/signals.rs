//! The shell's signal dispositions, and what children must undo.
//!
//! Every disposition the shell changes is recorded in one bit mask, which
//! the child side of a spawn reads (an atomic load is async-signal-safe) to
//! reset exactly those signals to their defaults before exec.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, Ordering};

use nix::errno::Errno;

use nix::sys::signal::{SaFlags, SigAction, SigHandler, SigSet, Signal, sigaction};

static CHANGED: AtomicU64 = AtomicU64::new(0);

/// The bit of signal `sig` in the masks here: bit N for signal N, except
/// SIGRTMAX (64), which takes bit 0, since no signal has the number 0.
pub fn bit(sig: i32) -> u64 {
    1u64 << (sig as u32 % 64)
}

/// The signal of the lowest bit set in `mask` (not 0).
fn lowest(mask: u64) -> i32 {
    match mask.trailing_zeros() as i32 {
        0 => 64,
        n => n,
    }
}

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
        let bit = bit(sig as i32);
        if handler == SigHandler::SigDfl {
            CHANGED.fetch_and(!bit, Ordering::Relaxed);
        } else {
            CHANGED.fetch_or(bit, Ordering::Relaxed);
        }
    }
}

/// Record a disposition changed by other code (signal-hook, rustyline).
pub fn mark_changed(sig: Signal) {
    CHANGED.fetch_or(bit(sig as i32), Ordering::Relaxed);
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
        CHANGED.fetch_and(!(bit(sig as i32)), Ordering::Relaxed);
    }
}

pub fn default(sig: Signal) {
    set(sig, SigHandler::SigDfl);
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Signals that arrived for a `trap` action not yet run (bit N = signal
/// N). The handler only sets bits; the actions run between commands
/// ([`take_pending_trap`]), never in the handler.
static PENDING: AtomicU64 = AtomicU64::new(0);

/// Signals the shell catches for a `trap` action.
static TRAPPED: AtomicU64 = AtomicU64::new(0);

extern "C" fn on_trapped(sig: libc::c_int) {
    if sig == libc::SIGINT {
        // Ctrl+C still interrupts what the shell waits for (`wait`, a
        // loop of builtins) as without the trap.
        INTERRUPTED.store(true, Ordering::Relaxed);
    }
    PENDING.fetch_or(bit(sig), Ordering::Relaxed);
}

/// The signal-hook registration that stands for a SIGCHLD trap: SIGCHLD
/// is shared with signal-hook's own handler (the notifier's self-pipe,
/// the wake-up of `wait_child_or_signal`), so it is never replaced.
static CHLD_TRAP: std::sync::Mutex<Option<signal_hook::SigId>> = std::sync::Mutex::new(None);

fn is_valid(sig: i32) -> bool {
    (1..=64).contains(&sig)
}

/// sigaction(2) for any signal number, real-time ones included (nix's
/// `Signal` has none of them).
fn raw_action(sig: i32, handler: libc::sighandler_t, flags: libc::c_int) -> Result<(), Errno> {
    let mut action = unsafe_zeroed();
    action.sa_sigaction = handler;
    action.sa_flags = flags;
    // SAFETY: a zeroed sigaction with an empty mask and a handler that
    // only stores to atomics (or SIG_IGN/SIG_DFL).
    if unsafe { libc::sigaction(sig, &action, std::ptr::null_mut()) } < 0 {
        return Err(Errno::last());
    }
    Ok(())
}

/// Catch `sig` for a `trap` action. No SA_RESTART: a blocking wait is
/// cut short so that `wait` can return and the action run.
pub fn catch_for_trap(sig: i32) -> Result<(), nix::errno::Errno> {
    if !is_valid(sig) {
        return Err(nix::errno::Errno::EINVAL);
    }
    if sig == libc::SIGCHLD {
        let mut id = CHLD_TRAP.lock().unwrap_or_else(|e| e.into_inner());
        if id.is_none() {
            // SAFETY: the action only sets bits in an atomic, which is
            // async-signal-safe.
            let registered = unsafe {
                signal_hook::low_level::register(libc::SIGCHLD, || {
                    PENDING.fetch_or(1u64 << libc::SIGCHLD, Ordering::Relaxed);
                })
            };
            *id = Some(registered.map_err(|_| nix::errno::Errno::EINVAL)?);
            mark_changed(Signal::SIGCHLD);
        }
    } else {
        raw_action(sig, on_trapped as *const () as libc::sighandler_t, 0)?;
        CHANGED.fetch_or(bit(sig), Ordering::Relaxed);
    }
    TRAPPED.fetch_or(bit(sig), Ordering::Relaxed);
    wake_on_child();
    Ok(())
}

/// With a trap set, `wait` waits in sigsuspend (see [`wait_child_or`]),
/// which SIGCHLD must wake: at its default disposition it would not.
/// Job control registers this already.
fn wake_on_child() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if signal_hook::flag::register(libc::SIGCHLD, Arc::new(AtomicBool::new(false))).is_ok() {
            mark_changed(Signal::SIGCHLD);
        }
    });
}

/// Signals caught only so that the `EXIT` action runs before the shell
/// dies of them (bash's terminating signals, for a non-interactive shell
/// with an `EXIT` trap).
static FATAL: AtomicU64 = AtomicU64::new(0);

/// With an `EXIT` trap, a non-interactive shell catches the signals that
/// would kill it silently (those still at their defaults), to run the
/// action first and then die of the signal, as bash does.
pub fn catch_fatal_for_exit_trap() {
    for sig in [
        libc::SIGHUP,
        libc::SIGINT,
        libc::SIGQUIT,
        libc::SIGTERM,
        libc::SIGUSR1,
        libc::SIGUSR2,
        libc::SIGALRM,
    ] {
        let bit = bit(sig);
        if changed_mask() & bit != 0 || TRAPPED.load(Ordering::Relaxed) & bit != 0 {
            continue;
        }
        let at_default = {
            let mut old = unsafe_zeroed();
            // SAFETY: a null new action only queries the current one.
            let rc = unsafe { libc::sigaction(sig, std::ptr::null(), &mut old) };
            rc == 0 && old.sa_sigaction == libc::SIG_DFL
        };
        if at_default && catch_for_trap(sig).is_ok() {
            FATAL.fetch_or(bit, Ordering::Relaxed);
        }
    }
}

/// Is `sig` caught only to run the `EXIT` action before dying of it?
pub fn is_fatal(sig: i32) -> bool {
    is_valid(sig) && FATAL.load(Ordering::Relaxed) & (bit(sig)) != 0
}

/// Die of `sig`, as if it had never been caught.
pub fn die_of(sig: i32) -> ! {
    if raw_action(sig, libc::SIG_DFL, 0).is_ok() {
        CHANGED.fetch_and(!bit(sig), Ordering::Relaxed);
        let mut set = empty_raw_set();
        // SAFETY: a valid sigset; raise sends to this thread only.
        unsafe {
            libc::sigaddset(&mut set, sig);
            libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
            libc::raise(sig);
        }
    }
    crate::process::spawn::exit_child(128 + sig)
}

fn empty_raw_set() -> libc::sigset_t {
    // SAFETY: sigset_t is plain data; sigemptyset makes it a valid set.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        set
    }
}

fn unsafe_zeroed() -> libc::sigaction {
    // SAFETY: sigaction is plain data, for which all zeroes is valid.
    unsafe { std::mem::zeroed() }
}

/// `trap '' SIG`: ignore it, and let children inherit that (POSIX): it is
/// not among the signals a child resets to their defaults.
pub fn ignore_for_trap(sig: i32) -> Result<(), nix::errno::Errno> {
    if !is_valid(sig) {
        return Err(nix::errno::Errno::EINVAL);
    }
    forget_trap(sig);
    if sig == libc::SIGCHLD {
        // Ignoring SIGCHLD would have children reaped unseen: the trap
        // only stops running.
        return Ok(());
    }
    raw_action(sig, libc::SIG_IGN, libc::SA_RESTART)?;
    CHANGED.fetch_and(!(bit(sig)), Ordering::Relaxed);
    Ok(())
}

/// `trap - SIG`: back to what the shell does without a trap, which for
/// a job-control shell is its own disposition ([`job_control`]).
pub fn reset_trap(sig: i32, job_control: bool) -> Result<(), nix::errno::Errno> {
    if !is_valid(sig) {
        return Err(nix::errno::Errno::EINVAL);
    }
    forget_trap(sig);
    if sig == libc::SIGCHLD {
        return Ok(());
    }
    let Ok(signal) = Signal::try_from(sig) else {
        // A real-time signal: the shell has no use of its own for it.
        raw_action(sig, libc::SIG_DFL, libc::SA_RESTART)?;
        CHANGED.fetch_and(!bit(sig), Ordering::Relaxed);
        return Ok(());
    };
    match signal {
        Signal::SIGTSTP | Signal::SIGTTIN | Signal::SIGTTOU | Signal::SIGQUIT | Signal::SIGTERM
            if job_control =>
        {
            ignore(signal)
        }
        Signal::SIGINT if job_control => {
            set_with(signal, SigHandler::Handler(on_sigint), SaFlags::empty())
        }
        Signal::SIGHUP if job_control => {
            set_with(signal, SigHandler::Handler(on_sighup), SaFlags::empty())
        }
        _ => default(signal),
    }
    Ok(())
}

fn forget_trap(sig: i32) {
    TRAPPED.fetch_and(!(bit(sig)), Ordering::Relaxed);
    FATAL.fetch_and(!(bit(sig)), Ordering::Relaxed);
    PENDING.fetch_and(!(bit(sig)), Ordering::Relaxed);
    if sig == libc::SIGCHLD
        && let Some(id) = CHLD_TRAP.lock().unwrap_or_else(|e| e.into_inner()).take()
    {
        signal_hook::low_level::unregister(id);
    }
}

/// Signals ignored when the shell started, which a non-interactive
/// shell may not trap (POSIX); see [`record_entry_dispositions`].
static ENTRY_IGNORED: AtomicU64 = AtomicU64::new(0);

static ENTRY_RECORDED: AtomicBool = AtomicBool::new(false);

/// Note which signals the shell was started with ignored, once, before
/// the first trap: until then only job control changes dispositions, and
/// those it changed are left out.
pub fn record_entry_dispositions() {
    if ENTRY_RECORDED.swap(true, Ordering::Relaxed) {
        return;
    }
    let changed = changed_mask();
    let mut mask = 0u64;
    for sig in (1..=64).filter(|&s| changed & bit(s) == 0) {
        // SAFETY: sigaction is plain data, all zeroes valid; a null new
        // action only queries the current one.
        let ignored = unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            libc::sigaction(sig, std::ptr::null(), &mut old) == 0
                && old.sa_sigaction == libc::SIG_IGN
        };
        if ignored {
            mask |= bit(sig);
        }
    }
    ENTRY_IGNORED.store(mask, Ordering::Relaxed);
}

/// Was `sig` ignored when the shell started?
pub fn ignored_at_entry(sig: i32) -> bool {
    is_valid(sig) && ENTRY_IGNORED.load(Ordering::Relaxed) & (bit(sig)) != 0
}

/// The lowest signal whose trap action is waiting to run, now taken.
pub fn take_pending_trap() -> Option<i32> {
    let pending = PENDING.load(Ordering::Relaxed);
    if pending == 0 {
        return None;
    }
    let sig = lowest(pending);
    PENDING.fetch_and(!(bit(sig)), Ordering::Relaxed);
    if sig == libc::SIGINT {
        // The trap answers this Ctrl+C; nothing else is to abandon the
        // line for it.
        INTERRUPTED.store(false, Ordering::Relaxed);
    }
    Some(sig)
}

/// The lowest signal whose trap action is waiting, left pending.
pub fn peek_pending_trap() -> Option<i32> {
    let pending = PENDING.load(Ordering::Relaxed);
    (pending != 0).then(|| lowest(pending))
}

/// Is `sig` caught for a trap action?
pub fn is_trapped(sig: i32) -> bool {
    is_valid(sig) && TRAPPED.load(Ordering::Relaxed) & (bit(sig)) != 0
}

/// Any signal caught for a trap action?
pub fn any_trapped() -> bool {
    TRAPPED.load(Ordering::Relaxed) != 0
}

/// In a new subshell: the parent's trap actions are not this shell's
/// (the dispositions were reset when it was forked).
pub fn forget_all_traps() {
    TRAPPED.store(0, Ordering::Relaxed);
    FATAL.store(0, Ordering::Relaxed);
    PENDING.store(0, Ordering::Relaxed);
}

/// Mark a signal as arriving for its trap (Ctrl+C read as a key at the
/// prompt, where no SIGINT is sent).
pub fn raise_trap(sig: i32) {
    if is_trapped(sig) {
        PENDING.fetch_or(bit(sig), Ordering::Relaxed);
    }
}
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
    // Raw sigsets: nix's `SigSet` cannot hold the real-time signals a
    // trap may catch.
    let trapped = TRAPPED.load(Ordering::Relaxed);
    let watched: Vec<i32> = [libc::SIGCHLD, libc::SIGINT, libc::SIGHUP]
        .into_iter()
        .chain((1..=64).filter(|&s| trapped & bit(s) != 0))
        .collect();
    let mut block = empty_raw_set();
    let mut old = empty_raw_set();
    // SAFETY: valid sigsets owned here; a bad number is refused (EINVAL).
    let blocked = unsafe {
        for &sig in &watched {
            libc::sigaddset(&mut block, sig);
        }
        libc::pthread_sigmask(libc::SIG_BLOCK, &block, &mut old) == 0
    };
    if !blocked {
        return crate::jobs::table::wait_child(target, true, untraced);
    }
    let mut open = old;
    for &sig in &watched {
        // SAFETY: as above.
        unsafe { libc::sigdelset(&mut open, sig) };
    }
    let result = loop {
        if interruptible && PENDING.load(Ordering::Relaxed) != 0 {
            // A trapped signal ends the wait even if a child ended too.
            break Err(nix::errno::Errno::EINTR);
        }
        match crate::jobs::table::wait_child(target, false, untraced) {
            Ok(None) => {}
            other => break other,
        }
        let trap = interruptible && PENDING.load(Ordering::Relaxed) != 0;
        if (interruptible && INTERRUPTED.load(Ordering::Relaxed))
            || trap
            || HANGUP.load(Ordering::Relaxed)
        {
            break Err(nix::errno::Errno::EINTR);
        }
        // SAFETY: a valid sigset; sigsuspend returns at the next signal.
        unsafe { libc::sigsuspend(&open) };
    };
    // SAFETY: the mask saved above.
    unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut()) };
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

/// Catch SIGINT only to note it ([`take_interrupt`]), as the interactive
/// shell does: for a stopped line's continuation, which must outlive a
/// Ctrl+C that the command it waits for takes as a key.
pub fn catch_interrupt() {
    set_with(
        Signal::SIGINT,
        SigHandler::Handler(on_sigint),
        SaFlags::empty(),
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
