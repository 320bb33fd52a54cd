//! Reading commands at the terminal.
//!
//! On a capable terminal, rustyline edits the line (in raw mode, so Ctrl+C
//! arrives as a key and abandons the line). With `TERM=dumb`, or when input
//! is not a terminal, lines are read plainly: the terminal driver then turns
//! Ctrl+C into SIGINT, whose handler interrupts the read. Either way an
//! abandoned line comes back as an `Interrupted` error, which the parser
//! passes up so the whole command being typed is dropped.

use std::cell::RefCell;
use std::io;
use std::rc::Rc;

use nix::errno::Errno;
use rustyline::config::Configurer;
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{Cmd, CompletionType, Config, EditMode, KeyEvent};

use crate::interactive::completion::{Completion, CompletionData};
use crate::interactive::histexpand::{self, Expansion};
use crate::interactive::history::History;
use crate::process::signals;
use crate::state::shell::write_all;
use crate::syntax::lexer::LineSource;

/// What the shell and the line editor share: the shell sets the prompts
/// and options before each read, and `history` reads and clears the
/// history the editor records.
#[derive(Default)]
pub struct EditState {
    pub ps1: String,
    pub ps2: String,
    /// `set -o vi` (else emacs keys).
    pub vi: bool,
    /// `set -H`: `!` expands history references in lines typed.
    pub histexpand: bool,
    /// `set -o history`: lines typed are recorded.
    pub record: bool,
    pub history: History,
}

type LineEditor = rustyline::Editor<Completion, DefaultHistory>;

enum Mode {
    Rich(Box<LineEditor>),
    Plain,
}

pub struct Editor {
    mode: Mode,
    pub state: Rc<RefCell<EditState>>,
    pub completion: Rc<RefCell<CompletionData>>,
    vi: bool,
}

impl Editor {
    /// rustyline when the terminal can do it, plain reading otherwise.
    pub fn new(rich: bool, history: History) -> Editor {
        let completion = Rc::new(RefCell::new(CompletionData::default()));
        let config = Config::builder()
            .completion_type(CompletionType::List)
            .max_history_size(
                history
                    .entries()
                    .len()
                    .max(crate::interactive::history::DEFAULT_SIZE),
            )
            .map(|b| b.build());
        let mode = match (rich, config) {
            (true, Ok(config)) => match LineEditor::with_config(config) {
                Ok(mut editor) => {
                    // The shell never stops itself: Ctrl+Z at the prompt does nothing.
                    editor.bind_sequence(KeyEvent::ctrl('Z'), Cmd::Noop);
                    editor.set_helper(Some(Completion::new(completion.clone())));
                    for line in history.entries() {
                        let _ = editor.add_history_entry(line.as_str());
                    }
                    // rustyline catches SIGWINCH (through signal-hook).
                    signals::mark_changed(nix::sys::signal::Signal::SIGWINCH);
                    Mode::Rich(Box::new(editor))
                }
                Err(_) => Mode::Plain,
            },
            _ => Mode::Plain,
        };
        let state = EditState {
            ps1: "$ ".into(),
            ps2: "> ".into(),
            vi: false,
            histexpand: false,
            record: true,
            history,
        };
        Editor {
            mode,
            state: Rc::new(RefCell::new(state)),
            completion,
            vi: false,
        }
    }

    /// A way for another thread to print above the line being edited.
    pub fn printer(&mut self) -> crate::jobs::notify::Printer {
        if let Mode::Rich(editor) = &mut self.mode
            && let Ok(mut printer) = editor.create_external_printer()
        {
            return Box::new(move |msg| {
                let _ = rustyline::ExternalPrinter::print(&mut printer, msg);
            });
        }
        Box::new(|msg: String| {
            let _ = write_all(2, msg.as_bytes());
        })
    }

    /// Does `TERM` name a terminal that line editing can drive?
    pub fn term_is_capable(term: Option<&[u8]>) -> bool {
        !matches!(term, None | Some(b"" | b"dumb" | b"cons25" | b"emacs"))
    }
}

fn interrupted() -> io::Error {
    io::Error::from(io::ErrorKind::Interrupted)
}

/// How Enter reaches a plain read under the terminal's current modes. A
/// job may leave modes the shell adopts (`stty raw -echo`, `stty -icrnl`)
/// in which Enter sends a carriage return that nothing turns into a
/// newline; bash's line editor takes `\r` as the end of a line whatever
/// the modes, and so must this reader.
struct EnterKey {
    /// The modes to put back after the read, when ICRNL was turned on
    /// for it: in canonical mode the terminal would not even pass on a
    /// line that ends in `\r`.
    restore: Option<nix::sys::termios::Termios>,
    /// A `\r` read ends the line (the terminal does not translate it).
    cr_ends_line: bool,
}

impl EnterKey {
    fn prepare(fd: std::os::fd::BorrowedFd<'_>) -> EnterKey {
        use nix::sys::termios::{InputFlags, LocalFlags, SetArg, tcgetattr, tcsetattr};
        let none = EnterKey {
            restore: None,
            cr_ends_line: false,
        };
        let Ok(modes) = tcgetattr(fd) else {
            return none;
        };
        let translated = modes
            .input_flags
            .intersects(InputFlags::ICRNL | InputFlags::IGNCR);
        if translated {
            return none;
        }
        if !modes.local_flags.contains(LocalFlags::ICANON) {
            return EnterKey {
                restore: None,
                cr_ends_line: true,
            };
        }
        // A line typed ahead under these modes is held by the terminal,
        // waiting for a newline that never comes. Leaving canonical mode
        // for a moment hands it over (Linux passes on what it holds when
        // canonical mode is turned back on), and the `\r` in it ends it.
        let mut flush = modes.clone();
        flush.local_flags.remove(LocalFlags::ICANON);
        let mut reading = modes.clone();
        reading.input_flags.insert(InputFlags::ICRNL);
        if tcsetattr(fd, SetArg::TCSANOW, &flush).is_err()
            || tcsetattr(fd, SetArg::TCSANOW, &reading).is_err()
        {
            let _ = tcsetattr(fd, SetArg::TCSANOW, &modes);
            return none;
        }
        EnterKey {
            restore: Some(modes),
            cr_ends_line: true,
        }
    }

    fn finish(self, fd: std::os::fd::BorrowedFd<'_>) {
        if let Some(modes) = &self.restore {
            let _ = nix::sys::termios::tcsetattr(fd, nix::sys::termios::SetArg::TCSADRAIN, modes);
        }
    }
}

/// One line from standard input, a byte at a time so nothing past it is
/// consumed; Ctrl+C (SIGINT) abandons it.
fn read_plain(buf: &mut Vec<u8>) -> io::Result<bool> {
    // SAFETY: standard input stays open for the life of the shell.
    let stdin = unsafe { std::os::fd::BorrowedFd::borrow_raw(0) };
    let enter = EnterKey::prepare(stdin);
    let result = read_plain_line(stdin, buf, enter.cr_ends_line);
    enter.finish(stdin);
    result
}

fn read_plain_line(
    stdin: std::os::fd::BorrowedFd<'_>,
    buf: &mut Vec<u8>,
    cr_ends_line: bool,
) -> io::Result<bool> {
    let mut byte = [0u8; 1];
    let mut got = false;
    loop {
        // A Ctrl+C that came after the prompt was written but before the
        // read began would otherwise leave the read waiting.
        if signals::take_interrupt() {
            let _ = write_all(2, b"\n");
            return Err(interrupted());
        }
        match nix::unistd::read(stdin, &mut byte) {
            Ok(0) => return Ok(got),
            Ok(_) => {
                got = true;
                if byte[0] == b'\n' || (cr_ends_line && byte[0] == b'\r') {
                    buf.push(b'\n');
                    return Ok(true);
                }
                buf.push(byte[0]);
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

impl Editor {
    /// The command just read is over: it becomes one history entry, also
    /// in the line editor's list (Up brings the whole command back).
    fn finish_entry(&mut self) {
        let entry = self.state.borrow_mut().history.finish();
        if let (Some(entry), Mode::Rich(editor)) = (entry, &mut self.mode) {
            let _ = editor.add_history_entry(entry.as_str());
        }
    }
}

impl LineSource for Editor {
    fn read_line(&mut self, buf: &mut Vec<u8>, continuation: bool) -> io::Result<bool> {
        if !continuation {
            // What is left of the last command (ended by a syntax error
            // or Ctrl+C) is an entry before the next one begins.
            self.finish_entry();
        }
        let prompt = {
            let state = self.state.borrow();
            if continuation {
                state.ps2.clone()
            } else {
                state.ps1.clone()
            }
        };
        match &mut self.mode {
            Mode::Plain => {
                let _ = write_all(2, prompt.as_bytes());
                let mut line = Vec::new();
                let got = read_plain(&mut line)?;
                if got {
                    accept(&self.state, &line, buf);
                }
                Ok(got)
            }
            Mode::Rich(editor) => {
                let mut state = self.state.borrow_mut();
                if state.vi != self.vi {
                    self.vi = state.vi;
                    editor.set_edit_mode(if self.vi {
                        EditMode::Vi
                    } else {
                        EditMode::Emacs
                    });
                }
                if std::mem::take(&mut state.history.cleared) {
                    let _ = editor.clear_history();
                }
                drop(state);
                read_rich(editor, &prompt, buf, &self.state)
            }
        }
    }

    /// The command is complete and about to run: its history entry is
    /// made now, so that `history` in it shows it and a shell killed while
    /// it runs has it in the file.
    fn command_complete(&mut self) {
        self.finish_entry();
    }
}

fn read_rich(
    editor: &mut LineEditor,
    prompt: &str,
    buf: &mut Vec<u8>,
    state: &Rc<RefCell<EditState>>,
) -> io::Result<bool> {
    match editor.readline(prompt) {
        Ok(line) => {
            accept(state, line.as_bytes(), buf);
            Ok(true)
        }
        Err(ReadlineError::Interrupted) => Err(interrupted()),
        Err(ReadlineError::Eof) => Ok(false),
        Err(ReadlineError::Io(e)) => Err(e),
        Err(ReadlineError::Errno(e)) => Err(io::Error::from(e)),
        Err(e) => Err(io::Error::other(e)),
    }
}

/// A line read at the prompt: history-expanded (under `set -H`), put in
/// the command's history entry and given to the parser in `buf`. An
/// expansion is shown before it runs, as bash shows it; a failed one (or
/// `:p`) gives the parser an empty line, so nothing runs.
fn accept(state: &Rc<RefCell<EditState>>, line: &[u8], buf: &mut Vec<u8>) {
    let typed = String::from_utf8_lossy(line);
    let typed = typed.strip_suffix('\n').unwrap_or(&typed);
    let mut state = state.borrow_mut();
    let expanded = if state.histexpand {
        let open = histexpand::quote_after(state.history.pending_lines());
        histexpand::expand_in(typed, state.history.entries(), open)
    } else {
        Ok(Expansion::Unchanged)
    };
    let line = match expanded {
        Ok(Expansion::Unchanged) => typed.to_string(),
        Ok(Expansion::Changed(line)) => {
            let _ = write_all(2, format!("{line}\n").as_bytes());
            line
        }
        Ok(Expansion::PrintOnly(line)) => {
            let _ = write_all(2, format!("{line}\n").as_bytes());
            if state.record {
                state.history.push_line(&line);
            }
            buf.push(b'\n');
            return;
        }
        Err(message) => {
            let _ = write_all(2, format!("jsh: {message}\n").as_bytes());
            buf.push(b'\n');
            return;
        }
    };
    if state.record {
        state.history.push_line(&line);
    }
    buf.extend_from_slice(line.as_bytes());
    buf.push(b'\n');
}
