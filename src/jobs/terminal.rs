//! The controlling terminal: who owns it, and in which modes.
//!
//! All terminal handling of the shell is here. The shell takes the terminal
//! at start-up, hands it to each foreground job, takes it back when the job
//! ends or stops, and keeps its own modes apart from the job's, so that a
//! job that leaves the terminal raw cannot break the prompt. Modes are
//! always set with TCSADRAIN, never TCSAFLUSH: flushing would throw away
//! what the user typed ahead.

use std::os::fd::{AsFd, OwnedFd, RawFd};

use nix::errno::Errno;
use nix::sys::signal::{Signal, killpg};
use nix::sys::termios::{SetArg, Termios, tcgetattr, tcsetattr};
use nix::unistd::{Pid, getpgrp, getpid, setpgid, tcgetpgrp, tcsetpgrp};

use crate::exec::redirect;

pub struct Terminal {
    /// The shell's own copy, which `exec 255>file` may move (see
    /// [`crate::process::fds`]).
    fd: crate::process::fds::Private,
    /// The group that had the terminal before us; it gets it back on exit.
    original_pgid: Pid,
    /// The shell's own modes, restored whenever it takes the terminal back
    /// from a job that stopped or was killed.
    modes: Option<Termios>,
}

impl Terminal {
    /// The terminal, once our process group is in its foreground. Started
    /// in the background (`jsh &` from another shell), we stop ourselves with
    /// SIGTTIN until we are brought to the foreground, as bash does; so this
    /// runs before the shell ignores SIGTTIN.
    pub fn wait_for_foreground() -> Result<OwnedFd, Errno> {
        // SAFETY: isatty only inspects the descriptor number.
        let source = [0, 2]
            .into_iter()
            .find(|&fd| unsafe { libc::isatty(fd) } == 1)
            .ok_or(Errno::ENOTTY)?;
        let fd = redirect::dup_top(source)?;
        loop {
            let owner = tcgetpgrp(fd.as_fd())?;
            let ours = getpgrp();
            if owner == ours {
                return Ok(fd);
            }
            let _ = killpg(ours, Signal::SIGTTIN);
        }
    }

    /// Become a process group of our own and own the terminal. SIGTTOU
    /// must already be ignored: for a moment we are in the background.
    pub fn take(fd: OwnedFd) -> Result<Terminal, Errno> {
        let original_pgid = getpgrp();
        // A session leader (a login shell) already leads its group: EPERM.
        match setpgid(Pid::from_raw(0), Pid::from_raw(0)) {
            Ok(()) | Err(Errno::EPERM) => {}
            Err(e) => return Err(e),
        }
        tcsetpgrp(fd.as_fd(), getpid())?;
        let modes = tcgetattr(fd.as_fd()).ok();
        Ok(Terminal {
            fd: crate::process::fds::Private::new(fd),
            original_pgid,
            modes,
        })
    }

    pub fn raw_fd(&self) -> RawFd {
        self.fd.raw()
    }

    /// The window's size, (columns, lines), if the terminal knows it.
    pub fn size(&self) -> Option<(u16, u16)> {
        let mut size = libc::winsize {
            ws_row: 0,
            ws_col: 0,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCGWINSZ writes one winsize structure, which `size` is.
        let r = unsafe { libc::ioctl(self.fd.raw(), libc::TIOCGWINSZ, &mut size) };
        (r == 0 && size.ws_col > 0 && size.ws_row > 0).then_some((size.ws_col, size.ws_row))
    }

    /// Put `pgid` in the foreground.
    pub fn give_to(&self, pgid: Pid) {
        let _ = tcsetpgrp(self.fd.as_fd(), pgid);
    }

    /// Put the shell back in the foreground (SIGTTOU is ignored, so this
    /// works from the background).
    pub fn reclaim(&self) {
        let _ = tcsetpgrp(self.fd.as_fd(), getpgrp());
    }

    /// The modes as they are now (a stopped job's, saved for `fg`).
    pub fn current_modes(&self) -> Option<Termios> {
        tcgetattr(self.fd.as_fd()).ok()
    }

    pub fn set_modes(&self, modes: &Termios) {
        let _ = tcsetattr(self.fd.as_fd(), SetArg::TCSADRAIN, modes);
    }

    /// Back to the shell's own modes (after a job stopped or was killed).
    pub fn restore_shell_modes(&self) {
        if let Some(m) = &self.modes {
            self.set_modes(m);
        }
    }

    /// A job that exited normally may change the terminal for good (that is
    /// what `stty` is for): keep what it left.
    pub fn adopt_current_modes(&mut self) {
        if let Some(m) = self.current_modes() {
            self.modes = Some(m);
        }
    }

    /// On exit: the shell's modes, and the terminal back to whoever had it.
    pub fn release(&self) {
        self.restore_shell_modes();
        if self.original_pgid != getpgrp() {
            self.give_to(self.original_pgid);
        }
    }
}
