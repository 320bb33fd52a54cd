//! Redirections: files are opened by the shell before a child starts (so
//! errors are reported once, in bash's words), then turned into a list of
//! descriptor moves that the child, or the shell itself for a builtin,
//! carries out.

use std::ffi::CString;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

use nix::errno::Errno;
use nix::fcntl::{OFlag, open};
use nix::sys::stat::Mode;

use crate::ast::{Redir, RedirOp, Word};
use crate::expand::{ExpandError, Severity};
use crate::shell::strerror;
use crate::spawn::FdOp;

/// Descriptors the shell opens for a command live at or above this, clear
/// of the 0-9 a user can name.
pub const FIRST_PRIVATE_FD: RawFd = 10;

/// Expands a redirection target into its fields.
pub type ExpandFn<'a> = dyn FnMut(&Word) -> Result<Vec<Vec<u8>>, ExpandError> + 'a;

#[derive(Debug, Default)]
pub struct Plan {
    pub ops: Vec<FdOp>,
    /// Files opened for the command, closed once it has them.
    files: Vec<OwnedFd>,
}

#[derive(Debug)]
pub struct RedirError {
    pub message: Vec<u8>,
    pub status: i32,
    pub severity: Severity,
}

impl From<ExpandError> for RedirError {
    fn from(e: ExpandError) -> Self {
        RedirError {
            message: e.message.into_bytes(),
            status: e.status,
            severity: e.severity,
        }
    }
}

fn err(message: impl Into<Vec<u8>>) -> RedirError {
    RedirError {
        message: message.into(),
        status: 1,
        severity: Severity::Command,
    }
}

impl Plan {
    /// Open what `redirs` name and list the moves. `expand` gives a word's
    /// fields.
    pub fn open(redirs: &[Redir], expand: &mut ExpandFn) -> Result<Plan, RedirError> {
        let mut plan = Plan::default();
        for r in redirs {
            let mut fields = expand(&r.target)?;
            if fields.len() != 1 {
                return Err(err(format!("{}: ambiguous redirect", r.target)));
            }
            let target = fields.pop().unwrap_or_default();
            let fd = r.fd.unwrap_or(r.op.default_fd());
            match r.op {
                RedirOp::DupIn | RedirOp::DupOut => plan.dup(fd, r, &target)?,
                RedirOp::OutErr | RedirOp::AppendErr => {
                    let file = plan.open_file(r.op, &target)?;
                    plan.ops.push(FdOp::Dup2 { from: file, to: 1 });
                    plan.ops.push(FdOp::Dup2 { from: file, to: 2 });
                }
                _ => {
                    let file = plan.open_file(r.op, &target)?;
                    plan.ops.push(FdOp::Dup2 { from: file, to: fd });
                }
            }
        }
        Ok(plan)
    }

    /// `N>&M`, `N<&M`, `N>&-`; `>&file` means `&>file`, as in bash.
    fn dup(&mut self, fd: RawFd, r: &Redir, target: &[u8]) -> Result<(), RedirError> {
        if target == b"-" {
            self.ops.push(FdOp::Close(fd));
            return Ok(());
        }
        if let Some(from) = std::str::from_utf8(target)
            .ok()
            .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        {
            let Ok(from) = from.parse::<RawFd>() else {
                return Err(err(format!("{from}: {}", strerror(Errno::EBADF))));
            };
            self.ops.push(FdOp::Dup2 { from, to: fd });
            return Ok(());
        }
        if r.op == RedirOp::DupOut && r.fd.is_none() {
            let file = self.open_file(RedirOp::OutErr, target)?;
            self.ops.push(FdOp::Dup2 { from: file, to: 1 });
            self.ops.push(FdOp::Dup2 { from: file, to: 2 });
            return Ok(());
        }
        Err(err(format!("{}: ambiguous redirect", r.target)))
    }

    fn open_file(&mut self, op: RedirOp, path: &[u8]) -> Result<RawFd, RedirError> {
        let flags = match op {
            RedirOp::In => OFlag::O_RDONLY,
            RedirOp::ReadWrite => OFlag::O_RDWR | OFlag::O_CREAT,
            RedirOp::Append | RedirOp::AppendErr => {
                OFlag::O_WRONLY | OFlag::O_CREAT | OFlag::O_APPEND
            }
            _ => OFlag::O_WRONLY | OFlag::O_CREAT | OFlag::O_TRUNC,
        };
        // The file name as typed, bytes and all, as bash shows it.
        let failed = |why: &str| err([path, b": ", why.as_bytes()].concat());
        let cpath = CString::new(path).map_err(|_| failed("invalid file name"))?;
        let fd = open(
            cpath.as_c_str(),
            flags | OFlag::O_CLOEXEC,
            Mode::from_bits_truncate(0o666),
        )
        .map_err(|e| failed(&strerror(e)))?;
        // Strictly above the user's 0-9, or the moves could overwrite it
        // before it is used.
        let fd = if fd.as_raw_fd() >= FIRST_PRIVATE_FD {
            fd
        } else {
            // EINVAL: the descriptor limit is at or below 10, which is to
            // say too many open files.
            dup_at_least(fd.as_raw_fd(), FIRST_PRIVATE_FD).map_err(|e| {
                failed(&strerror(if e == Errno::EINVAL {
                    Errno::EMFILE
                } else {
                    e
                }))
            })?
        };
        let raw = fd.as_raw_fd();
        self.files.push(fd);
        Ok(raw)
    }

    /// The parent's descriptor that the child's `fd` ends up as, if any: where
    /// the shell writes an error on the child's behalf (`nosuch 2>/dev/null`
    /// must stay quiet).
    pub fn resolve(ops: &[FdOp], fd: RawFd) -> Option<RawFd> {
        let mut source = Some(fd);
        for op in ops.iter().rev() {
            match *op {
                FdOp::Dup2 { from, to } if Some(to) == source => source = Some(from),
                FdOp::Close(c) if Some(c) == source => return None,
                _ => {}
            }
        }
        source
    }

    /// Carry the moves out in the shell itself, remembering what was there
    /// before so that [`Saved::restore`] can put it back.
    pub fn apply_saving(&self) -> Result<Saved, RedirError> {
        let mut saved = Saved::default();
        for op in &self.ops {
            let target = match *op {
                FdOp::Dup2 { to, .. } => to,
                FdOp::Close(fd) => fd,
            };
            if !saved.fds.iter().any(|(t, _)| *t == target) {
                let copy = match dup_high(target) {
                    Ok(copy) => Some(copy),
                    // Not open: restoring means closing it again.
                    Err(Errno::EBADF) => None,
                    // No copy, no way back: do not touch the descriptor.
                    Err(e) => {
                        saved.restore();
                        return Err(err(format!(
                            "redirection error: cannot duplicate fd: {}",
                            strerror(e)
                        )));
                    }
                };
                saved.fds.push((target, copy));
            }
            if let Err((fd, e)) = apply_op(*op) {
                saved.restore();
                return Err(err(format!("{fd}: {}", strerror(e))));
            }
        }
        Ok(saved)
    }

    /// Carry the moves out for good (`exec >file`).
    pub fn apply_permanently(&self) -> Result<(), RedirError> {
        for op in &self.ops {
            apply_op(*op).map_err(|(fd, e)| err(format!("{fd}: {}", strerror(e))))?;
        }
        Ok(())
    }

    /// The message for a move that failed in a child.
    pub fn describe_failure(&self, index: usize, errno: Errno) -> String {
        match self.ops.get(index) {
            Some(FdOp::Dup2 { from, .. }) => format!("{from}: {}", strerror(errno)),
            Some(FdOp::Close(fd)) => format!("{fd}: {}", strerror(errno)),
            None => strerror(errno).to_string(),
        }
    }
}

fn apply_op(op: FdOp) -> Result<(), (RawFd, Errno)> {
    match op {
        FdOp::Dup2 { from, to } if from == to => {
            // SAFETY: fcntl on a plain descriptor number; failure is reported.
            if unsafe { libc::fcntl(from, libc::F_GETFD) } < 0 {
                return Err((from, Errno::last()));
            }
            Ok(())
        }
        FdOp::Dup2 { from, to } => {
            // SAFETY: dup2 on descriptor numbers; failure is reported.
            if unsafe { libc::dup2(from, to) } < 0 {
                return Err((from, Errno::last()));
            }
            Ok(())
        }
        FdOp::Close(fd) => {
            // SAFETY: closing a descriptor the user asked to close.
            unsafe { libc::close(fd) };
            Ok(())
        }
    }
}

/// A close-on-exec copy of `fd` at or above [`FIRST_PRIVATE_FD`].
pub fn dup_high(fd: RawFd) -> Result<OwnedFd, Errno> {
    match dup_at_least(fd, FIRST_PRIVATE_FD) {
        // The descriptor limit is at or below 10 (`ulimit -n 10`): take
        // what there is rather than fail.
        Err(Errno::EINVAL) => dup_at_least(fd, 3),
        other => other,
    }
}

/// A close-on-exec copy of `fd` numbered `min` or more.
fn dup_at_least(fd: RawFd, min: RawFd) -> Result<OwnedFd, Errno> {
    // SAFETY: F_DUPFD_CLOEXEC returns a new descriptor we then own.
    let new = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, min) };
    if new < 0 {
        return Err(Errno::last());
    }
    // SAFETY: `new` is a fresh descriptor nobody else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(new) })
}

/// Hold every free descriptor below [`FIRST_PRIVATE_FD`] until dropped,
/// so that descriptors opened meanwhile by code we do not control (the line
/// editor's pipes) land above the ones users can name.
pub fn occupy_user_fds() -> Vec<OwnedFd> {
    let mut held = Vec::new();
    while let Ok(fd) = open(
        c"/dev/null",
        OFlag::O_RDONLY | OFlag::O_CLOEXEC,
        Mode::empty(),
    ) {
        if fd.as_raw_fd() >= FIRST_PRIVATE_FD {
            break;
        }
        held.push(fd);
    }
    held
}

/// The descriptors open now.
pub fn open_fds() -> Vec<RawFd> {
    let listed: Vec<RawFd> = std::fs::read_dir("/proc/self/fd")
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().to_str()?.parse::<RawFd>().ok())
                .collect()
        })
        .unwrap_or_default();
    // The listing saw its own directory descriptor, closed since.
    // SAFETY: F_GETFD only queries the descriptor.
    listed
        .into_iter()
        .filter(|&fd| unsafe { libc::fcntl(fd, libc::F_GETFD) } >= 0)
        .collect()
}

/// Mark close-on-exec every descriptor opened since `before` was taken:
/// the shell's own, whoever opened them, must not leak into commands
/// (descriptors the shell inherited are passed on as they were).
pub fn close_on_exec_since(before: &[RawFd]) {
    for fd in open_fds().into_iter().filter(|fd| !before.contains(fd)) {
        // SAFETY: F_GETFD/F_SETFD only change the descriptor's flags.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFD);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFD, flags | libc::FD_CLOEXEC);
            }
        }
    }
}

/// Move a freshly opened descriptor out of the user's 0-9.
/// Where no descriptor is left for the copy (a tiny `ulimit -n`), it
/// stays where it is: better than failing.
pub fn move_high(fd: OwnedFd) -> OwnedFd {
    if fd.as_raw_fd() >= FIRST_PRIVATE_FD {
        return fd;
    }
    dup_high(fd.as_raw_fd()).unwrap_or(fd)
}

/// Descriptors as they were before a builtin's redirections.
#[derive(Debug, Default)]
pub struct Saved {
    /// (descriptor, its saved copy, or `None` if it was closed)
    fds: Vec<(RawFd, Option<OwnedFd>)>,
}

impl Saved {
    pub fn restore(&mut self) {
        for (fd, copy) in self.fds.drain(..).rev() {
            match copy {
                // SAFETY: putting back a descriptor we saved.
                Some(copy) => unsafe {
                    libc::dup2(copy.as_raw_fd(), fd);
                },
                // SAFETY: it was closed before; close it again.
                None => unsafe {
                    libc::close(fd);
                },
            }
        }
    }
}

impl Drop for Saved {
    fn drop(&mut self) {
        self.restore();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_follows_moves_backwards() {
        let ops = [
            FdOp::Dup2 { from: 10, to: 1 },
            FdOp::Dup2 { from: 1, to: 2 },
        ];
        assert_eq!(Plan::resolve(&ops, 2), Some(10));
        let ops = [
            FdOp::Dup2 { from: 1, to: 2 },
            FdOp::Dup2 { from: 10, to: 1 },
        ];
        assert_eq!(Plan::resolve(&ops, 2), Some(1));
        assert_eq!(Plan::resolve(&[FdOp::Close(2)], 2), None);
        assert_eq!(Plan::resolve(&[], 2), Some(2));
    }
}
