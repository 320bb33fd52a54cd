//! Reading commands at the terminal.
//!
//! On a capable terminal, rustyline edits the line (in raw mode, so Ctrl+C
//! arrives as a key and abandons the line). With `TERM=dumb`, or when input
//! is not a terminal, lines are read plainly: the terminal driver then turns
//! Ctrl+C into SIGINT, whose handler interrupts the read. Either way an
//! abandoned line comes back as an `Interrupted` error, which the parser
//! passes up so the whole command being typed is dropped.

use std::io;

use nix::errno::Errno;
use rustyline::error::ReadlineError;
use rustyline::{Cmd, DefaultEditor, KeyEvent};

use crate::lexer::LineSource;
use crate::shell::write_all;
use crate::signals;

enum Mode {
    Rich(Box<DefaultEditor>),
    Plain,
}

pub struct Editor {
    mode: Mode,
    ps1: String,
    ps2: String,
}

impl Editor {
    /// rustyline when the terminal can do it, plain reading otherwise.
    pub fn new(rich: bool) -> Editor {
        let mode = match rich.then(DefaultEditor::new) {
            Some(Ok(mut editor)) => {
                // The shell never stops itself: Ctrl+Z at the prompt does nothing.
                editor.bind_sequence(KeyEvent::ctrl('Z'), Cmd::Noop);
                Mode::Rich(Box::new(editor))
            }
            _ => Mode::Plain,
        };
        Editor {
            mode,
            ps1: "$ ".into(),
            ps2: "> ".into(),
        }
    }

    /// Does `TERM` name a terminal that line editing can drive?
    pub fn term_is_capable(term: Option<&[u8]>) -> bool {
        !matches!(term, None | Some(b"" | b"dumb" | b"cons25" | b"emacs"))
    }
}

fn interrupted() -> io::Error {
    io::Error::from(io::ErrorKind::Interrupted)
}

/// One line from standard input, a byte at a time so nothing past it is
/// consumed; Ctrl+C (SIGINT) abandons it.
fn read_plain(buf: &mut Vec<u8>) -> io::Result<bool> {
    // SAFETY: standard input stays open for the life of the shell.
    let stdin = unsafe { std::os::fd::BorrowedFd::borrow_raw(0) };
    let mut byte = [0u8; 1];
    let mut got = false;
    loop {
        match nix::unistd::read(stdin, &mut byte) {
            Ok(0) => return Ok(got),
            Ok(_) => {
                got = true;
                buf.push(byte[0]);
                if byte[0] == b'\n' {
                    return Ok(true);
                }
            }
            Err(Errno::EINTR) => {
                if signals::take_interrupt() {
                    let _ = write_all(2, b"\n");
                    return Err(interrupted());
                }
                if signals::hangup_pending() {
                    return Err(io::Error::from(Errno::EIO));
                }
            }
            Err(e) => return Err(io::Error::from(e)),
        }
    }
}

impl LineSource for Editor {
    fn read_line(&mut self, buf: &mut Vec<u8>, continuation: bool) -> io::Result<bool> {
        let prompt = if continuation { &self.ps2 } else { &self.ps1 };
        match &mut self.mode {
            Mode::Plain => {
                let _ = write_all(2, prompt.as_bytes());
                read_plain(buf)
            }
            Mode::Rich(editor) => match editor.readline(prompt) {
                Ok(line) => {
                    if !line.trim().is_empty() {
                        let _ = editor.add_history_entry(line.as_str());
                    }
                    buf.extend_from_slice(line.as_bytes());
                    buf.push(b'\n');
                    Ok(true)
                }
                Err(ReadlineError::Interrupted) => Err(interrupted()),
                Err(ReadlineError::Eof) => Ok(false),
                Err(ReadlineError::Io(e)) => Err(e),
                Err(ReadlineError::Errno(e)) => Err(io::Error::from(e)),
                Err(e) => Err(io::Error::other(e)),
            },
        }
    }

    fn set_prompts(&mut self, ps1: String, ps2: String) {
        self.ps1 = ps1;
        self.ps2 = ps2;
    }
}
