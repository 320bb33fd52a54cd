//! Where commands come from: a file, a pipe or the terminal.
//!
//! sh promises never to consume input beyond the command it is about to
//! run, so that the command can read the rest (`jsh < script` where the
//! script runs `read`). A regular file is read in blocks and the unused part
//! handed back with a seek before each command; a pipe, which cannot seek,
//! is read one byte at a time.

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd, RawFd};

use nix::errno::Errno;
use nix::sys::stat::{SFlag, fstat};
use nix::unistd::{Whence, lseek, read};

use crate::syntax::lexer::LineSource;

const BLOCK: usize = 8192;

pub struct FdSource {
    /// Its own (a script it opened) may be moved by `exec N>file`.
    fd: crate::process::fds::Fd,
    /// A regular file shared with the commands run (standard input): hand
    /// back read-ahead before each. A script jsh opened itself is
    /// close-on-exec, so no child can see its offset.
    give_back: bool,
    buf: Vec<u8>,
    start: usize,
    end: usize,
}

impl FdSource {
    /// Read from `fd`; if `owned` is given the source keeps it open.
    pub fn new(fd: RawFd, owned: Option<OwnedFd>) -> Self {
        // SAFETY: the caller keeps `fd` open for the life of the source.
        let borrowed = unsafe { BorrowedFd::borrow_raw(fd) };
        let is_file = fstat(borrowed).is_ok_and(|st| {
            SFlag::from_bits_truncate(st.st_mode) & SFlag::S_IFMT == SFlag::S_IFREG
        });
        let seekable = is_file && lseek(borrowed, 0, Whence::SeekCur).is_ok();
        let shared = owned.is_none();
        FdSource {
            fd: owned.map_or(crate::process::fds::Fd::Borrowed(fd), |o| {
                crate::process::fds::Fd::Private(crate::process::fds::Private::new(o))
            }),
            give_back: seekable && shared,
            buf: if seekable { vec![0; BLOCK] } else { vec![0; 1] },
            start: 0,
            end: 0,
        }
    }

    pub fn from_owned(fd: OwnedFd) -> Self {
        let raw = fd.as_raw_fd();
        FdSource::new(raw, Some(fd))
    }

    fn fill(&mut self) -> io::Result<usize> {
        // SAFETY: the descriptor stays open for the life of the source.
        let fd = unsafe { BorrowedFd::borrow_raw(self.fd.raw()) };
        loop {
            match read(fd, &mut self.buf) {
                Ok(n) => {
                    self.start = 0;
                    self.end = n;
                    return Ok(n);
                }
                Err(Errno::EINTR) => continue,
                // The script closed its own input (`exec <&-`): it ends
                // there, quietly, as in bash.
                Err(Errno::EBADF) => {
                    self.start = 0;
                    self.end = 0;
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
            if self.start == self.end && self.fill()? == 0 {
                return Ok(got);
            }
            got = true;
            let avail = &self.buf[self.start..self.end];
            match avail.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    out.extend_from_slice(&avail[..=i]);
                    self.start += i + 1;
                    return Ok(true);
                }
                None => {
                    out.extend_from_slice(avail);
                    self.start = self.end;
                }
            }
        }
    }

    fn sync(&mut self) {
        if self.give_back && self.start < self.end {
            let back = (self.end - self.start) as i64;
            // SAFETY: the descriptor stays open for the life of the source.
            let fd = unsafe { BorrowedFd::borrow_raw(self.fd.raw()) };
            if lseek(fd, -back, Whence::SeekCur).is_ok() {
                self.start = self.end;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn file_lines_and_seek_back() {
        let path = std::env::temp_dir().join(format!("jsh-input-{}", std::process::id()));
        std::fs::File::create(&path)
            .unwrap()
            .write_all(b"one\ntwo\nthree")
            .unwrap();
        let file = std::fs::File::open(&path).unwrap();
        let mut src = FdSource::new(file.as_raw_fd(), None);
        let mut line = Vec::new();
        assert!(src.read_line(&mut line, false).unwrap());
        assert_eq!(line, b"one\n");
        src.sync();
        let fd = unsafe { BorrowedFd::borrow_raw(src.fd.raw()) };
        assert_eq!(lseek(fd, 0, Whence::SeekCur).unwrap(), 4);
        line.clear();
        assert!(src.read_line(&mut line, false).unwrap());
        line.clear();
        assert!(src.read_line(&mut line, false).unwrap());
        assert_eq!(line, b"three");
        assert!(!src.read_line(&mut line, false).unwrap());
        std::fs::remove_file(path).unwrap();
    }
}
