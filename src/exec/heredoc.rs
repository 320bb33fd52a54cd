//! Here-documents to descriptors the command reads its body from.
//!
//! A body that fits in a pipe's buffer is written into a pipe before the
//! command starts: the write cannot block, so no writer process is needed
//! and nothing touches the file system. A larger one goes to an anonymous
//! memory file (`memfd_create`), rewound: a pipe would need a writer
//! running beside the command (a forked process to reap, killed by
//! SIGPIPE if the command stops reading), and a temporary file in /tmp
//! needs a writable /tmp, a unique name and an unlink that a crash can
//! miss. Both descriptors are close-on-exec; the caller moves them above 9.

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use nix::errno::Errno;

use crate::state::shell::write_all;

/// A descriptor open for reading that yields `body`, then end of file.
pub fn body_fd(body: &[u8]) -> Result<OwnedFd, Errno> {
    if let Some(fd) = through_pipe(body)? {
        return Ok(fd);
    }
    through_memfd(body)
}

/// The read end of a pipe already holding `body`, or `None` if `body`
/// does not fit in the pipe's buffer.
fn through_pipe(body: &[u8]) -> Result<Option<OwnedFd>, Errno> {
    let (read, write) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)?;
    // SAFETY: F_GETPIPE_SZ only queries the pipe.
    let capacity = unsafe { libc::fcntl(write.as_raw_fd(), libc::F_GETPIPE_SZ) };
    if capacity < 0 || body.len() > capacity as usize {
        return Ok(None);
    }
    // Non-blocking, so that a pipe smaller than it said (it cannot be)
    // would fail the write rather than hang the shell.
    // SAFETY: F_SETFL on the pipe just made.
    if unsafe { libc::fcntl(write.as_raw_fd(), libc::F_SETFL, libc::O_NONBLOCK) } < 0 {
        return Err(Errno::last());
    }
    match write_all(write.as_raw_fd(), body) {
        Ok(()) => Ok(Some(read)),
        Err(Errno::EAGAIN) => Ok(None),
        Err(e) => Err(e),
    }
}

/// An anonymous file holding `body`, read from its start.
fn through_memfd(body: &[u8]) -> Result<OwnedFd, Errno> {
    // SAFETY: the name is a NUL-terminated literal; the result is checked.
    let raw = unsafe { libc::memfd_create(c"jsh-here-document".as_ptr(), libc::MFD_CLOEXEC) };
    if raw < 0 {
        return Err(Errno::last());
    }
    // SAFETY: `raw` was just opened and is owned by nothing else.
    let fd = unsafe { OwnedFd::from_raw_fd(raw) };
    write_all(fd.as_raw_fd(), body)?;
    // SAFETY: lseek on the descriptor just written.
    if unsafe { libc::lseek(fd.as_raw_fd(), 0, libc::SEEK_SET) } < 0 {
        return Err(Errno::last());
    }
    Ok(fd)
}
