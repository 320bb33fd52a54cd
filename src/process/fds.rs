//! The descriptors the shell keeps for long (the script it reads, a
//! start-up file, the terminal), in one registry, so that `exec N>file`
//! onto one of them can move it out of the way first, as bash does, and
//! its owner reads the new number the next time it uses it.
//!
//! Only the main thread opens, moves and uses these (the notifier thread
//! touches none of them), so the registry is per thread and needs no lock.

use std::cell::{Cell, RefCell};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, IntoRawFd, OwnedFd, RawFd};
use std::rc::{Rc, Weak};

use nix::errno::Errno;

thread_local! {
    static REGISTRY: RefCell<Vec<Weak<Cell<RawFd>>>> = const { RefCell::new(Vec::new()) };
}

/// A descriptor of the shell's own that may move: it is closed when
/// dropped, wherever it is then.
#[derive(Debug)]
pub struct Private {
    fd: Rc<Cell<RawFd>>,
}

impl Private {
    pub fn new(fd: OwnedFd) -> Private {
        let fd = Rc::new(Cell::new(fd.into_raw_fd()));
        REGISTRY.with(|r| {
            let mut r = r.borrow_mut();
            r.retain(|w| w.strong_count() > 0);
            r.push(Rc::downgrade(&fd));
        });
        Private { fd }
    }

    /// Its number now.
    pub fn raw(&self) -> RawFd {
        self.fd.get()
    }
}

impl AsFd for Private {
    fn as_fd(&self) -> BorrowedFd<'_> {
        // SAFETY: the descriptor stays open while `self` lives; a move
        // (`relocate`) opens the new number before closing the old, and
        // happens only between uses.
        unsafe { BorrowedFd::borrow_raw(self.fd.get()) }
    }
}

impl AsRawFd for Private {
    fn as_raw_fd(&self) -> RawFd {
        self.fd.get()
    }
}

impl Drop for Private {
    fn drop(&mut self) {
        // SAFETY: the descriptor is ours alone; nothing uses it after.
        unsafe { libc::close(self.fd.get()) };
    }
}

/// A descriptor that is either the shell's own ([`Private`]) or one it
/// borrows and never closes (its standard input).
#[derive(Debug)]
pub enum Fd {
    Borrowed(RawFd),
    Private(Private),
}

impl Fd {
    pub fn raw(&self) -> RawFd {
        match self {
            Fd::Borrowed(fd) => *fd,
            Fd::Private(p) => p.raw(),
        }
    }
}

/// If `fd` is one of the registered descriptors, move it to another
/// number (none of `avoid`), as high as [`crate::exec::redirect::dup_top`]
/// puts such descriptors, and close `fd`: `Ok(true)`. `Ok(false)` if no
/// registered descriptor is at `fd`.
pub fn relocate(fd: RawFd, avoid: &[RawFd]) -> Result<bool, Errno> {
    let Some(slot) = REGISTRY.with(|r| {
        r.borrow()
            .iter()
            .filter_map(Weak::upgrade)
            .find(|slot| slot.get() == fd)
    }) else {
        return Ok(false);
    };
    let mut avoid = avoid.to_vec();
    avoid.push(fd);
    let copy = crate::exec::redirect::dup_top_avoiding(fd, &avoid)?;
    slot.set(copy.into_raw_fd());
    // SAFETY: `fd` was the registered descriptor, now moved: its owner
    // uses the new number from here on.
    unsafe { libc::close(fd) };
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nix::fcntl::{OFlag, open};
    use nix::sys::stat::Mode;

    #[test]
    fn a_registered_descriptor_moves_and_its_owner_follows() {
        let file = open(
            c"/dev/null",
            OFlag::O_RDONLY | OFlag::O_CLOEXEC,
            Mode::empty(),
        )
        .expect("open /dev/null");
        let private = Private::new(file);
        let before = private.raw();
        assert_eq!(relocate(before, &[]), Ok(true));
        let after = private.raw();
        assert_ne!(after, before);
        assert!(
            crate::exec::redirect::fd_flags(after).is_some(),
            "the new one is open"
        );
        assert!(crate::exec::redirect::fd_flags(after).unwrap() & libc::FD_CLOEXEC != 0);
        // Not one of ours: nothing moves.
        assert_eq!(relocate(0, &[]), Ok(false));
        drop(private);
        assert!(
            crate::exec::redirect::fd_flags(after).is_none(),
            "closed where it was"
        );
    }
}
