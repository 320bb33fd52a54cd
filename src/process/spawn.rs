//! Starting child processes: the hot path of a shell.
//!
//! External commands start with `clone(CLONE_VM | CLONE_VFORK)` on a small
//! stack of our own: the child borrows the shell's memory, so nothing is
//! copied, and the shell resumes only once the child has exec'd or died,
//! which also means the child is in its process group before the shell goes
//! on. Everything the child needs (argv, envp, descriptor moves) is prepared
//! before the clone; the child makes only async-signal-safe system calls and
//! never allocates. Builtins and subshells need a real copy of the shell and
//! use `fork`.

use std::ffi::{CStr, CString, c_char, c_int, c_void};
use std::os::fd::RawFd;

use nix::errno::Errno;
use nix::unistd::Pid;

use crate::process::signals;

/// One step of moving descriptors into place in the child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FdOp {
    /// `dup2(from, to)`
    Dup2 { from: RawFd, to: RawFd },
    /// `close(fd)`
    Close(RawFd),
}

/// How the child is placed before it runs anything.
#[derive(Debug, Default)]
pub struct Launch<'a> {
    pub fd_ops: &'a [FdOp],
    /// Join this process group (`Some(0)`: lead a new one).
    pub pgroup: Option<libc::pid_t>,
    /// Give the terminal on this descriptor to the child's group.
    pub terminal: Option<RawFd>,
}

/// What the child executes.
pub struct Exec<'a> {
    /// `None` when there is nothing to run (command not found, expansion
    /// failed): the child only exits with `fail_status`. It still exists, so
    /// a pipeline keeps its shape and its process group.
    pub path: Option<&'a CStr>,
    pub fail_status: c_int,
    /// `[interpreter, argv0, args..., NULL]`: the first slot lets a file that
    /// is not a binary be re-run as `jsh FILE args` without allocating.
    pub argv: &'a mut [*const c_char],
    pub envp: *const *const c_char,
    /// This shell's own executable, to run scripts without `#!`.
    pub interpreter: &'a CStr,
}

/// An argument vector for exec, `[interpreter, argv0, args..., NULL]`, and
/// the strings it points into. The leading slot lets a file that is not a
/// binary be re-run as `jsh FILE args` (see [`Exec::argv`]).
pub struct ArgVector {
    _strings: Vec<CString>,
    ptrs: Vec<*const c_char>,
}

impl ArgVector {
    pub fn new(interpreter: &CStr, args: &[Vec<u8>]) -> ArgVector {
        let strings: Vec<CString> = args.iter().map(|a| cstring(a)).collect();
        let mut ptrs = Vec::with_capacity(strings.len() + 2);
        ptrs.push(interpreter.as_ptr());
        ptrs.extend(strings.iter().map(|s| s.as_ptr()));
        ptrs.push(std::ptr::null());
        ArgVector {
            _strings: strings,
            ptrs,
        }
    }

    pub fn slots(&mut self) -> &mut [*const c_char] {
        &mut self.ptrs
    }
}

/// A C string of `bytes` up to any NUL (which cannot be passed to exec).
pub fn cstring(bytes: &[u8]) -> CString {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    CString::new(&bytes[..end]).unwrap_or_default()
}

/// Why the child did not reach its program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildError {
    /// `fd_ops[index]` failed.
    FdOp {
        index: usize,
        errno: Errno,
    },
    Exec(Errno),
}

pub struct Spawned {
    pub pid: Pid,
    /// Set when the child exited before running the program; the shell
    /// reports it (the child cannot format messages).
    pub error: Option<ChildError>,
}

/// Shared between the parent and the vfork child (same memory).
struct Shared<'a, 'b> {
    launch: &'a Launch<'a>,
    exec: &'a mut Exec<'b>,
    /// An empty signal set, made before the clone: children start with
    /// no signal blocked.
    empty_mask: libc::sigset_t,
    error: Option<ChildError>,
}

fn empty_sigset() -> libc::sigset_t {
    // SAFETY: sigemptyset initialises the plain-data set it is given.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        set
    }
}

const STACK_SIZE: usize = 64 * 1024;

/// Reusable stack for vfork children.
pub struct Spawner {
    stack: Vec<u8>,
}

impl Default for Spawner {
    fn default() -> Self {
        Spawner {
            stack: vec![0; STACK_SIZE],
        }
    }
}

/// Blocks every signal until dropped, so that no handler of the shell runs
/// in a child sharing its memory, and none is lost.
struct BlockAll {
    old: libc::sigset_t,
}

impl BlockAll {
    fn new() -> Self {
        // SAFETY: sigset_t is plain data; sigfillset and pthread_sigmask only
        // write to the sets passed.
        unsafe {
            let mut all: libc::sigset_t = std::mem::zeroed();
            let mut old: libc::sigset_t = std::mem::zeroed();
            libc::sigfillset(&mut all);
            libc::pthread_sigmask(libc::SIG_SETMASK, &all, &mut old);
            BlockAll { old }
        }
    }
}

impl Drop for BlockAll {
    fn drop(&mut self) {
        // SAFETY: restores the mask saved in `new`.
        unsafe {
            libc::pthread_sigmask(libc::SIG_SETMASK, &self.old, std::ptr::null_mut());
        }
    }
}

fn errno() -> c_int {
    // SAFETY: __errno_location returns this thread's errno slot.
    unsafe { *libc::__errno_location() }
}

/// The child's side, between clone/fork and exec: signal dispositions back
/// to default, process group, terminal, descriptors, and the signal mask
/// set to `mask` (empty: a program starts with nothing blocked).
///
/// # Safety
/// Called only in a fresh child with every signal blocked. Async-signal-safe:
/// raw system calls on prepared data, no allocation, no locks.
unsafe fn child_setup(launch: &Launch, mask: &libc::sigset_t) -> Result<(), ChildError> {
    // SAFETY (whole body): plain system calls on valid arguments; the
    // sigaction struct is zeroed (SIG_DFL, empty mask) before use.
    unsafe {
        let changed = signals::changed_mask();
        if changed != 0 {
            let mut dfl: libc::sigaction = std::mem::zeroed();
            dfl.sa_sigaction = libc::SIG_DFL;
            for sig in 1..=64 {
                if changed & signals::bit(sig) != 0 {
                    libc::sigaction(sig, &dfl, std::ptr::null_mut());
                }
            }
        }
        if let Some(pgid) = launch.pgroup {
            libc::setpgid(0, pgid);
        }
        if let Some(tty) = launch.terminal {
            // SIGTTOU is blocked, so this works from a background group.
            libc::tcsetpgrp(tty, libc::getpgrp());
        }
        for (index, op) in launch.fd_ops.iter().enumerate() {
            let rc = match *op {
                FdOp::Dup2 { from, to } if from == to => libc::fcntl(from, libc::F_SETFD, 0),
                FdOp::Dup2 { from, to } => libc::dup2(from, to),
                FdOp::Close(fd) => {
                    libc::close(fd);
                    0
                }
            };
            if rc < 0 {
                return Err(ChildError::FdOp {
                    index,
                    errno: Errno::from_raw(errno()),
                });
            }
        }
        libc::pthread_sigmask(libc::SIG_SETMASK, mask, std::ptr::null_mut());
    }
    Ok(())
}

extern "C" fn vfork_child(arg: *mut c_void) -> c_int {
    // SAFETY: `arg` is the `Shared` the parent passed to clone; the parent is
    // suspended (CLONE_VFORK) until we exec or exit, so we have it alone.
    let shared = unsafe { &mut *(arg as *mut Shared) };
    // SAFETY: we are the fresh child with all signals blocked.
    if let Err(e) = unsafe { child_setup(shared.launch, &shared.empty_mask) } {
        shared.error = Some(e);
        // SAFETY: _exit is async-signal-safe and ends only this process.
        unsafe { libc::_exit(1) };
    }
    let exec = &mut *shared.exec;
    let Some(path) = exec.path else {
        // SAFETY: as above.
        unsafe { libc::_exit(exec.fail_status) };
    };
    // SAFETY: path, argv and envp are valid null-terminated arrays of C
    // strings that the parent keeps alive until we exec or exit.
    unsafe {
        libc::execve(path.as_ptr(), exec.argv.as_ptr().add(1), exec.envp);
        let mut e = errno();
        if e == libc::ENOEXEC && !is_binary(path) {
            // Not a binary and no `#!`: sh runs it as a shell script.
            exec.argv[1] = path.as_ptr();
            libc::execve(exec.interpreter.as_ptr(), exec.argv.as_ptr(), exec.envp);
            e = libc::ENOEXEC;
        }
        shared.error = Some(ChildError::Exec(Errno::from_raw(e)));
        libc::_exit(if e == libc::ENOENT { 127 } else { 126 });
    }
}

impl Spawner {
    /// Start `exec` as a new process placed as `launch` says.
    pub fn spawn(&mut self, launch: &Launch, exec: &mut Exec) -> Result<Spawned, Errno> {
        let block = BlockAll::new();
        let mut shared = Shared {
            launch,
            exec,
            empty_mask: empty_sigset(),
            error: None,
        };
        // The stack grows down: hand clone its top, 16-byte aligned.
        let top = (self.stack.as_mut_ptr() as usize + self.stack.len()) & !15;
        // SAFETY: the child runs `vfork_child` on our private stack, sharing
        // memory with us while we are suspended until it execs or exits; it
        // touches only `shared` and the data it points to, all alive here.
        let pid = unsafe {
            libc::clone(
                vfork_child,
                top as *mut c_void,
                libc::CLONE_VM | libc::CLONE_VFORK | libc::SIGCHLD,
                (&mut shared as *mut Shared).cast(),
            )
        };
        drop(block);
        if pid < 0 {
            return Err(Errno::last());
        }
        Ok(Spawned {
            pid: Pid::from_raw(pid),
            error: shared.error,
        })
    }
}

pub enum Forked {
    Parent(Pid),
    /// In the child, after placement; the error says what part of it failed.
    Child(Option<ChildError>),
}

/// Fork a full copy of the shell (for builtins in pipelines and background
/// lists). The child is placed as `launch` says; it runs shell code and must
/// end with [`exit_child`].
pub fn fork(launch: &Launch) -> Result<Forked, Errno> {
    let block = BlockAll::new();
    // SAFETY: jsh is single-threaded, so the child may keep running Rust
    // code after fork; all signals are blocked across it.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(Errno::last());
    }
    if pid > 0 {
        drop(block);
        return Ok(Forked::Parent(Pid::from_raw(pid)));
    }
    std::mem::forget(block);
    let empty = empty_sigset();
    // SAFETY: fresh child, all signals blocked.
    let result = unsafe { child_setup(launch, &empty) };
    if result.is_err() {
        // SAFETY: unblock what child_setup did not get to unblock.
        unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, &empty, std::ptr::null_mut()) };
    }
    Ok(Forked::Child(result.err()))
}

/// Close every descriptor from `first` up (in a forked child that will not
/// exec). Uses close_range; on kernels without it, closes one by one up to
/// the descriptor limit.
pub fn close_from(first: RawFd) {
    // SAFETY: closing descriptors; nothing in this process uses them after.
    let rc = unsafe { libc::syscall(libc::SYS_close_range, first as u32, u32::MAX, 0u32) };
    if rc != 0 {
        // SAFETY: sysconf has no preconditions; close on a bad fd is harmless.
        let max = unsafe { libc::sysconf(libc::_SC_OPEN_MAX) }.clamp(0, 65536) as RawFd;
        for fd in first..max {
            // SAFETY: as above.
            unsafe { libc::close(fd) };
        }
    }
}

/// End a forked child without running the parent's exit handlers or
/// flushing its buffers twice.
pub fn exit_child(status: i32) -> ! {
    // SAFETY: _exit ends the process immediately.
    unsafe { libc::_exit(status) }
}

/// How much of a file [`is_binary`] looks at: bash 5.2 reads this much
/// (its `HASH_BANG_BUFSIZ`) to decide.
const SAMPLE_LEN: usize = 128;

/// Is the file at `path`, which exec refused (ENOEXEC), a binary that
/// must not be run as a shell script? Async-signal-safe (a vfork child
/// calls it): open, read and close into a buffer on the stack.
fn is_binary(path: &CStr) -> bool {
    let mut sample = [0u8; SAMPLE_LEN];
    // SAFETY: open/read/close on a valid C string and a buffer of the
    // length given; the descriptor is ours and closed before returning.
    let len = unsafe {
        let fd = libc::open(path.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
        if fd < 0 {
            return false;
        }
        let n = libc::read(fd, sample.as_mut_ptr().cast(), sample.len());
        libc::close(fd);
        n
    };
    usize::try_from(len).is_ok_and(|n| looks_binary(&sample[..n]))
}

/// bash's `check_binary_file`: an ELF header, or a NUL in the first line
/// (the first two after `#!`) of `sample`.
fn looks_binary(sample: &[u8]) -> bool {
    if sample.starts_with(b"\x7fELF") {
        return true;
    }
    let mut lines = if sample.starts_with(b"#!") { 2 } else { 1 };
    for &b in sample {
        match b {
            0 => return true,
            b'\n' => {
                lines -= 1;
                if lines == 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    false
}

/// Replace this process with the program at `path` (`exec CMD`, or a
/// forked child becoming its command); a file that is not a binary is run
/// by `interpreter` as a script, as sh does. Returns only on failure.
///
/// # Safety
/// `envp` must be a null-terminated array of valid C strings.
pub unsafe fn exec_program(
    path: &CStr,
    argv: &mut ArgVector,
    envp: *const *const c_char,
    interpreter: &CStr,
) -> Errno {
    let slots = argv.slots();
    // SAFETY: slots is null-terminated and points into argv's strings.
    let errno = unsafe { exec_in_place(path, &slots[1..], envp) };
    if errno != Errno::ENOEXEC || is_binary(path) {
        return errno;
    }
    slots[1] = path.as_ptr();
    // SAFETY: as above; slot 1 now points to `path`, alive here.
    unsafe { exec_in_place(interpreter, slots, envp) };
    Errno::ENOEXEC
}

/// Replace this process with a program. Returns only on failure, with
/// the shell's signal state as it was: an interactive shell goes on after
/// a failed `exec`, and must still ignore SIGTTOU and the like.
///
/// # Safety
/// `argv` and `envp` must be null-terminated arrays of valid C strings.
unsafe fn exec_in_place(path: &CStr, argv: &[*const c_char], envp: *const *const c_char) -> Errno {
    let block = BlockAll::new();
    // SAFETY: sigaction on valid signal numbers with zeroed (SIG_DFL,
    // empty mask) or saved structs; execve with valid arrays.
    unsafe {
        // A handler does not survive exec (the kernel resets it), but an
        // ignored signal stays ignored: those are reset by hand, and put
        // back if exec fails.
        let changed = signals::changed_mask();
        let mut dfl: libc::sigaction = std::mem::zeroed();
        dfl.sa_sigaction = libc::SIG_DFL;
        // Indexed by signal number.
        let mut ignored: [Option<libc::sigaction>; 64] = [None; 64];
        for (sig, slot) in ignored.iter_mut().enumerate().skip(1) {
            if changed & signals::bit(sig as c_int) == 0 {
                continue;
            }
            let mut old: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(sig as c_int, std::ptr::null(), &mut old) == 0
                && old.sa_sigaction == libc::SIG_IGN
                && libc::sigaction(sig as c_int, &dfl, std::ptr::null_mut()) == 0
            {
                *slot = Some(old);
            }
        }
        // The program starts with no signal blocked.
        let empty = empty_sigset();
        libc::pthread_sigmask(libc::SIG_SETMASK, &empty, std::ptr::null_mut());
        libc::execve(path.as_ptr(), argv.as_ptr(), envp);
        let e = Errno::last();
        let mut all: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut all);
        libc::pthread_sigmask(libc::SIG_SETMASK, &all, std::ptr::null_mut());
        for (sig, old) in ignored.iter().enumerate() {
            if let Some(old) = old {
                libc::sigaction(sig as c_int, old, std::ptr::null_mut());
            }
        }
        drop(block);
        e
    }
}

#[cfg(test)]
mod tests {
    use super::{SAMPLE_LEN, looks_binary};

    #[test]
    fn binary_as_bash_tells_it() {
        // Each checked against bash 5.2 (`./file` with the bytes).
        assert!(looks_binary(b"ab\0cd\necho hi\n"));
        assert!(looks_binary(b"\x7fELF\necho hi\n"));
        assert!(looks_binary(b"#!\nab\0\n"));
        // Only what is read counts: a NUL at byte 128 is not seen.
        for (len, binary) in [(127, true), (128, false)] {
            let mut file = vec![b'a'; len];
            file.extend_from_slice(b"\0\necho hi\n");
            assert_eq!(looks_binary(&file[..SAMPLE_LEN]), binary, "{len}");
        }
        assert!(!looks_binary(b"echo hi\nab\0cd\n"));
        assert!(!looks_binary(b"\n\0\necho hi\n"));
        assert!(!looks_binary(b"\x7fEL\necho hi\n"));
        assert!(!looks_binary(b""));
    }
}
