//! The output of a command substitution run in the shell itself: standard
//! output goes to an anonymous memory file (`memfd_create`) while the body
//! runs, then is read back and put where it was. A file, unlike a pipe the
//! shell would have to read while it writes, never blocks however much is
//! written. The file is the shell's own (close-on-exec, above 9) and is
//! closed when the substitution ends.

use std::cell::RefCell;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};

use nix::errno::Errno;

use crate::exec::redirect::{FIRST_PRIVATE_FD, dup_high, fd_flags};

thread_local! {
    /// The memory files of the substitutions running now: a redirection
    /// that opens one of them by name (`>/dev/stdout`) must append to it,
    /// as it would to a forked substitution's pipe, not truncate it.
    static ACTIVE: RefCell<Vec<RawFd>> = const { RefCell::new(Vec::new()) };
}

/// Is any substitution capturing now (a cheap test before a `stat`)?
pub fn any_active() -> bool {
    ACTIVE.with(|a| !a.borrow().is_empty())
}

/// Is the file of (device, inode) `id` the memory file of a substitution
/// running now?
pub fn is_active(id: (u64, u64)) -> bool {
    ACTIVE.with(|a| a.borrow().iter().any(|&fd| identity(fd) == Some(id)))
}

/// In a forked copy: the parent's captures are not this process's.
pub fn forget_active() {
    ACTIVE.with(|a| a.borrow_mut().clear());
}

/// Standard output, moved to a memory file until [`Capture::finish`].
pub struct Capture {
    file: OwnedFd,
    /// Standard output as it was (`None`: closed).
    saved: Option<OwnedFd>,
}

impl Capture {
    /// Send standard output to a new memory file. `None` if that cannot
    /// be done: the caller forks instead.
    pub fn begin() -> Option<Capture> {
        if !file_size_unlimited() {
            // `ulimit -f`: a file, unlike a pipe, would stop growing there
            // (the shell killed by SIGXFSZ).
            return None;
        }
        let file = new_file()?;
        let saved = match fd_flags(1) {
            Some(_) => Some(dup_high(1).ok()?),
            None => None,
        };
        // SAFETY: dup2 onto standard output, which `saved` keeps a copy of.
        if unsafe { libc::dup2(file.as_raw_fd(), 1) } < 0 {
            return None;
        }
        ACTIVE.with(|a| a.borrow_mut().push(file.as_raw_fd()));
        Some(Capture { file, saved })
    }

    /// Put standard output back; what was written.
    pub fn finish(self) -> Vec<u8> {
        let Capture { file, saved } = self;
        ACTIVE.with(|a| {
            let mut a = a.borrow_mut();
            if let Some(i) = a.iter().rposition(|&fd| fd == file.as_raw_fd()) {
                a.remove(i);
            }
        });
        // SAFETY: putting back the descriptor saved in `begin` (or closing
        // standard output again, as it was).
        unsafe {
            match &saved {
                Some(fd) => libc::dup2(fd.as_raw_fd(), 1),
                None => libc::close(1),
            };
        }
        drop(saved);
        read_from_start(&file)
    }
}

fn file_size_unlimited() -> bool {
    use nix::sys::resource::{RLIM_INFINITY, Resource, getrlimit};
    getrlimit(Resource::RLIMIT_FSIZE).is_ok_and(|(soft, _)| soft == RLIM_INFINITY)
}

fn new_file() -> Option<OwnedFd> {
    // SAFETY: the name is a NUL-terminated literal; the result is checked.
    let raw = unsafe { libc::memfd_create(c"jsh-substitution".as_ptr(), libc::MFD_CLOEXEC) };
    if raw < 0 {
        return None;
    }
    // SAFETY: `raw` was just opened and is owned by nothing else.
    let fd = unsafe { OwnedFd::from_raw_fd(raw) };
    // Every write at the end, as into a pipe, through standard output or
    // through the file opened again by name (`>/dev/stdout`), whose own
    // offset would otherwise write over what came before.
    // SAFETY: F_SETFL on the file just made.
    if unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_SETFL, libc::O_APPEND) } < 0 {
        return None;
    }
    if fd.as_raw_fd() >= FIRST_PRIVATE_FD {
        return Some(fd);
    }
    dup_high(fd.as_raw_fd()).ok()
}

/// The (device, inode) of an open descriptor.
fn identity(fd: RawFd) -> Option<(u64, u64)> {
    // SAFETY: only queried, while its owner keeps it open.
    let fd = unsafe { BorrowedFd::borrow_raw(fd) };
    let st = nix::sys::stat::fstat(fd).ok()?;
    Some((st.st_dev, st.st_ino))
}

/// Everything in the file, from its start.
fn read_from_start(file: &OwnedFd) -> Vec<u8> {
    let size = nix::sys::stat::fstat(file).map_or(0, |st| st.st_size.max(0) as usize);
    let mut out = vec![0u8; size];
    let mut done = 0;
    while done < size {
        // SAFETY: reading into the part of `out` not filled yet.
        let n = unsafe {
            libc::pread(
                file.as_raw_fd(),
                out[done..].as_mut_ptr().cast(),
                size - done,
                done as libc::off_t,
            )
        };
        match n {
            n if n > 0 => done += n as usize,
            n if n < 0 && Errno::last() == Errno::EINTR => {}
            _ => break,
        }
    }
    out.truncate(done);
    out
}
