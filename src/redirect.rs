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
use crate::expand::ExpandError;
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
    pub message: String,
    pub status: i32,
    /// From an expansion error that ends a non-interactive shell.
    pub fatal: bool,
}

impl From<ExpandError> for RedirError {
    fn from(e: ExpandError) -> Self {
        RedirError {
            message: e.message,
            status: e.status,
            fatal: e.fatal,
        }
    }
}

fn err(message: String) -> RedirError {
    RedirError {
        message,
        status: 1,
        fatal: false,
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
            let from = from.parse().unwrap_or(RawFd::MAX);
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
        let name = || String::from_utf8_lossy(path).into_owned();
        let cpath =
            CString::new(path).map_err(|_| err(format!("{}: invalid file name", name())))?;
        let fd = open(
            cpath.as_c_str(),
            flags | OFlag::O_CLOEXEC,
            Mode::from_bits_truncate(0o666),
        )
        .map_err(|e| err(format!("{}: {}", name(), strerror(e))))?;
        let fd = move_high(fd).map_err(|e| err(format!("{}: {}", name(), strerror(e))))?;
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
                saved.fds.push((target, dup_high(target).ok()));
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
    // SAFETY: F_DUPFD_CLOEXEC returns a new descriptor we then own.
    let new = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, FIRST_PRIVATE_FD) };
    if new < 0 {
        return Err(Errno::last());
    }
    // SAFETY: `new` is a fresh descriptor nobody else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(new) })
}

/// Move a freshly opened descriptor out of the user's 0-9.
pub fn move_high(fd: OwnedFd) -> Result<OwnedFd, Errno> {
    if fd.as_raw_fd() >= FIRST_PRIVATE_FD {
        return Ok(fd);
    }
    dup_high(fd.as_raw_fd())
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
