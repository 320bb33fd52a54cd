//! The shell's state, and how it speaks to the user.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ffi::CString;
use std::os::fd::RawFd;
use std::os::unix::ffi::OsStrExt;

use nix::unistd::{Pid, getpid, getuid};

use crate::expand::Params;
use crate::jobs::JobTable;
use crate::passwd;
use crate::pathsearch::PathCache;
use crate::spawn::Spawner;
use crate::terminal::Terminal;
use crate::vars::Vars;

pub struct Shell {
    pub vars: Vars,
    /// `$1`...
    pub positional: Vec<Vec<u8>>,
    /// `$0`; also the prefix of error messages, as in bash.
    pub arg0: Vec<u8>,
    /// `$?`
    pub last_status: i32,
    /// `$!`
    pub last_bg: Option<Pid>,
    /// `$$`
    pub pid: Pid,
    pub jobs: JobTable,
    pub paths: PathCache,
    pub interactive: bool,
    pub job_control: bool,
    pub login: bool,
    /// Line of the command being run, for error messages.
    pub line: u32,
    /// Set by `exit` (and fatal errors): the shell stops with this status
    /// once control returns to the top.
    pub exit_request: Option<i32>,
    /// Running in a forked copy of the shell (pipeline builtin, `a && b &`).
    pub subshell: bool,
    /// The logical current directory, once known (see `cd`).
    pub cwd: Option<Vec<u8>>,
    /// The terminal, when the shell does job control on one.
    pub terminal: Option<Terminal>,
    /// A foreground job died of Ctrl+C (or `wait` was interrupted): the
    /// rest of the command line is abandoned.
    pub interrupted: bool,
    /// Top-level commands run so far (for `exit` after the stopped-jobs
    /// warning, which must come right after it).
    pub commands_run: u64,
    pub exit_warned_at: Option<u64>,
    /// The start-up file being read, which error messages name.
    pub source_name: Option<Vec<u8>>,
    pub spawner: Spawner,
    interpreter: OnceCell<CString>,
}

impl Shell {
    pub fn new(arg0: Vec<u8>, positional: Vec<Vec<u8>>) -> Self {
        Shell {
            vars: Vars::from_environment(),
            positional,
            arg0,
            last_status: 0,
            last_bg: None,
            pid: getpid(),
            jobs: JobTable::default(),
            paths: PathCache::default(),
            interactive: false,
            job_control: false,
            login: false,
            line: 0,
            exit_request: None,
            subshell: false,
            cwd: None,
            terminal: None,
            interrupted: false,
            commands_run: 0,
            exit_warned_at: None,
            source_name: None,
            spawner: Spawner::default(),
            interpreter: OnceCell::new(),
        }
    }

    /// This shell's own executable, which runs scripts that lack `#!`.
    pub fn interpreter(&self) -> &CString {
        self.interpreter.get_or_init(|| {
            let exe = std::env::current_exe().unwrap_or_else(|_| "/bin/sh".into());
            CString::new(exe.as_os_str().as_bytes()).unwrap_or_else(|_| c"/bin/sh".to_owned())
        })
    }

    /// `jsh: line 3: ` (bash's prefix for errors; no line number when
    /// interactive).
    pub fn prefix(&self) -> String {
        let name = String::from_utf8_lossy(self.source_name.as_deref().unwrap_or(&self.arg0));
        if self.interactive {
            format!("{name}: ")
        } else {
            format!("{name}: line {}: ", self.line)
        }
    }

    /// Report an error on stderr.
    pub fn error(&self, msg: &str) {
        self.error_to(2, msg);
    }

    /// Report an error on descriptor `fd` (a child's stderr).
    pub fn error_to(&self, fd: RawFd, msg: &str) {
        let mut line = self.prefix().into_bytes();
        line.extend_from_slice(msg.as_bytes());
        line.push(b'\n');
        let _ = write_all(fd, &line);
    }

    /// Stop running the current command line: `exit`, Ctrl+C, or the
    /// terminal hung up.
    pub fn should_stop(&self) -> bool {
        self.exit_request.is_some() || self.interrupted || crate::signals::hangup_pending()
    }
}

/// The C library's text for an error number (`Bad file descriptor`), as
/// bash prints it; nix's own table words some differently.
pub fn strerror(e: nix::errno::Errno) -> String {
    let text = std::io::Error::from_raw_os_error(e as i32).to_string();
    match text.rfind(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Write all of `bytes` to `fd`, retrying on EINTR. Builtins write straight
/// to the descriptor: no buffer may outlive a redirection.
pub fn write_all(fd: RawFd, mut bytes: &[u8]) -> nix::Result<()> {
    // SAFETY: `fd` is only written to; borrowing it for the call.
    let fd = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
    while !bytes.is_empty() {
        match nix::unistd::write(fd, bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(nix::errno::Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

impl Params for Shell {
    fn param(&self, name: &[u8]) -> Option<Cow<'_, [u8]>> {
        let owned = |s: String| Some(Cow::Owned(s.into_bytes()));
        match name {
            b"?" => owned(self.last_status.to_string()),
            b"$" => owned(self.pid.to_string()),
            b"!" => self.last_bg.and_then(|p| owned(p.to_string())),
            b"#" => owned(self.positional.len().to_string()),
            b"-" => {
                let mut flags = String::new();
                if self.interactive {
                    flags.push('i');
                }
                if self.job_control {
                    flags.push('m');
                }
                owned(flags)
            }
            b"0" => Some(Cow::Borrowed(&self.arg0)),
            n if n.first().is_some_and(u8::is_ascii_digit) => {
                let i: usize = std::str::from_utf8(n).ok()?.parse().ok()?;
                self.positional
                    .get(i.checked_sub(1)?)
                    .map(|v| Cow::Borrowed(v.as_slice()))
            }
            _ => self.vars.get(name).map(Cow::Borrowed),
        }
    }

    fn positional(&self) -> &[Vec<u8>] {
        &self.positional
    }

    fn assign(&mut self, name: &[u8], value: Vec<u8>) {
        self.vars.set(name, value);
    }

    fn home_dir(&self, user: &[u8]) -> Option<Vec<u8>> {
        if user.is_empty() {
            if let Some(home) = self.vars.get(b"HOME") {
                return Some(home.to_vec());
            }
            return passwd::home_of_uid(getuid().as_raw());
        }
        passwd::home_of_name(user)
    }
}
