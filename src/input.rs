//! Where commands come from: a file, a pipe or the terminal.
//!
//! sh promises never to consume input beyond the command it is about to
//! run, so that the command can read the rest (`jsh < script` where the
//! script runs `head -n1`). A pipe, which cannot seek, is read one byte at
//! a time. A regular file is read in blocks; what was read ahead stays in
//! the shell as long as only the shell reads the file, and is handed back
//! with one seek when another reader may come: before a child process
//! starts or a stopped job goes on, before `exec`, and when the shell
//! leaves ([`ReadAhead`]). A run of builtins thus costs one read per block,
//! not a read and a seek per line.

use std::cell::Cell;
use std::io;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd, RawFd};
use std::rc::Rc;

use nix::errno::Errno;
use nix::sys::stat::{SFlag, fstat};
use nix::unistd::{Whence, lseek, read};

use crate::process::fds;
use crate::syntax::lexer::LineSource;

const BLOCK: usize = 8192;

/// The bytes of a shared file the shell has read but not yet parsed. The
/// shell keeps a handle ([`crate::state::shell::Shell::release_input`]) so that it
/// can give them back wherever another process may read the file next.
pub struct ReadAhead {
    fd: RawFd,
    /// Only a seekable file shared with the commands run (standard input)
    /// is given back; a script jsh opened itself is close-on-exec, so no
    /// child can see its offset.
    give_back: bool,
    /// How many bytes at the end of the source's block are still unparsed.
    /// Giving them back empties the block: the source reads them again.
    unread: Cell<usize>,
    /// The file (device, inode) and the offset just past the block read,
    /// once known: while a command runs with its standard input
    /// redirected (`while read l; do ...; done < data`), descriptor `fd`
    /// is another file, which must not be sought.
    file: (u64, u64),
    end_offset: Cell<Option<i64>>,
}

impl ReadAhead {
    /// Seek back over what was read ahead, so that the next reader of the
    /// file starts right after the command being run. Nothing is done
    /// unless the descriptor is still the shell's input, at the offset
    /// where its last read left it; else the shell keeps parsing its block.
    pub fn give_back(&self) {
        let back = self.unread.get();
        if !self.give_back || back == 0 {
            return;
        }
        let (Ok(back), Some(end)) = (i64::try_from(back), self.end_offset.get()) else {
            return;
        };
        // SAFETY: the number is only borrowed for this one call; had the
        // descriptor been closed since, lseek fails (EBADF), which is handled.
        let fd = unsafe { BorrowedFd::borrow_raw(self.fd) };
        let same_file = fstat(fd).is_ok_and(|st| (st.st_dev, st.st_ino) == self.file);
        if !same_file || lseek(fd, 0, Whence::SeekCur) != Ok(end) {
            return;
        }
        if lseek(fd, end - back, Whence::SeekSet).is_ok() {
            self.unread.set(0);
            // Others read on from here: the next block starts who knows
            // where.
            self.end_offset.set(None);
        }
    }
}

pub struct FdSource {
    /// Its own (a script it opened) may be moved by `exec N>file`.
    fd: fds::Fd,
    buf: Vec<u8>,
    /// `buf[..end]` holds the last block read; its last `ahead.unread`
    /// bytes are still to be parsed.
    end: usize,
    ahead: Rc<ReadAhead>,
}

impl FdSource {
    /// Read from `fd`; if `owned` is given the source keeps it open.
    pub fn new(fd: RawFd, owned: Option<OwnedFd>) -> Self {
        // SAFETY: the caller keeps `fd` open for the life of the source.
        let borrowed = unsafe { BorrowedFd::borrow_raw(fd) };
        let st = fstat(borrowed).ok();
        let is_file = st.is_some_and(|st| {
            SFlag::from_bits_truncate(st.st_mode) & SFlag::S_IFMT == SFlag::S_IFREG
        });
        let seekable = is_file && lseek(borrowed, 0, Whence::SeekCur).is_ok();
        let shared = owned.is_none();
        FdSource {
            fd: owned.map_or(fds::Fd::Borrowed(fd), |o| {
                fds::Fd::Private(fds::Private::new(o))
            }),
            buf: if seekable { vec![0; BLOCK] } else { vec![0; 1] },
            end: 0,
            ahead: Rc::new(ReadAhead {
                fd,
                give_back: seekable && shared,
                unread: Cell::new(0),
                file: st.map_or((0, 0), |st| (st.st_dev, st.st_ino)),
                end_offset: Cell::new(None),
            }),
        }
    }

    pub fn from_owned(fd: OwnedFd) -> Self {
        let raw = fd.as_raw_fd();
        FdSource::new(raw, Some(fd))
    }

    /// The read-ahead the shell must give back before another process may
    /// read this source's file; `None` when no other process can.
    pub fn read_ahead(&self) -> Option<Rc<ReadAhead>> {
        self.ahead.give_back.then(|| Rc::clone(&self.ahead))
    }

    fn fill(&mut self) -> io::Result<usize> {
        // SAFETY: the descriptor stays open for the life of the source.
        let fd = unsafe { BorrowedFd::borrow_raw(self.fd.raw()) };
        // Where this block starts, so that it can be given back (one
        // lseek, only after others may have moved the offset).
        let start = match self.ahead.end_offset.get() {
            Some(end) => Some(end),
            None if self.ahead.give_back => lseek(fd, 0, Whence::SeekCur).ok(),
            None => None,
        };
        loop {
            match read(fd, &mut self.buf) {
                Ok(n) => {
                    self.end = n;
                    self.ahead.unread.set(n);
                    self.ahead
                        .end_offset
                        .set(start.and_then(|s| s.checked_add(i64::try_from(n).ok()?)));
                    return Ok(n);
                }
                Err(Errno::EINTR) => continue,
                // The script closed its own input (`exec <&-`): it ends
                // there, quietly, as in bash.
                Err(Errno::EBADF) => {
                    self.end = 0;
                    self.ahead.unread.set(0);
                    return Ok(0);
                }
                Err(e) => return Err(io::Error::from(e)),
            }
        }
    }
}

impl LineSource for FdSource {
    fn read_line(&mut self, out: &mut Vec<u8>, _continuation: bool) -> io::Result<bool> {
        let mut got = false;
        loop {
            if self.ahead.unread.get() == 0 && self.fill()? == 0 {
                return Ok(got);
            }
            got = true;
            let avail = &self.buf[self.end - self.ahead.unread.get()..self.end];
            match avail.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    out.extend_from_slice(&avail[..=i]);
                    self.ahead.unread.set(avail.len() - i - 1);
                    return Ok(true);
                }
                None => {
                    out.extend_from_slice(avail);
                    self.ahead.unread.set(0);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn offset(fd: RawFd) -> i64 {
        // SAFETY: the test keeps the file open.
        lseek(unsafe { BorrowedFd::borrow_raw(fd) }, 0, Whence::SeekCur).unwrap()
    }

    fn temp_file(tag: &str, text: &[u8]) -> std::path::PathBuf {
        let path = std::env::temp_dir().join(format!("jsh-input-{tag}-{}", std::process::id()));
        std::fs::File::create(&path)
            .unwrap()
            .write_all(text)
            .unwrap();
        path
    }

    #[test]
    fn read_ahead_is_kept_until_given_back() {
        let path = temp_file("shared", b"one\ntwo\nthree");
        let file = std::fs::File::open(&path).unwrap();
        let fd = file.as_raw_fd();
        let mut src = FdSource::new(fd, None);
        let ahead = src.read_ahead().expect("a shared regular file");
        let mut line = Vec::new();
        assert!(src.read_line(&mut line, false).unwrap());
        assert_eq!(line, b"one\n");
        // The whole file came in one block and is still the shell's.
        assert_eq!(offset(fd), 13);
        ahead.give_back();
        assert_eq!(offset(fd), 4);
        ahead.give_back();
        assert_eq!(offset(fd), 4);
        line.clear();
        assert!(src.read_line(&mut line, false).unwrap());
        assert_eq!(line, b"two\n");
        line.clear();
        assert!(src.read_line(&mut line, false).unwrap());
        assert_eq!(line, b"three");
        assert!(!src.read_line(&mut line, false).unwrap());
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn a_script_opened_by_the_shell_has_nothing_to_give_back() {
        let path = temp_file("owned", b"one\n");
        let src = FdSource::from_owned(std::fs::File::open(&path).unwrap().into());
        assert!(src.read_ahead().is_none());
        std::fs::remove_file(path).unwrap();
    }
}
