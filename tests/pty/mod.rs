//! Pseudo-terminal harness for the interactive job-control tests.
//!
//! [`Shell::start`] runs the shell under test as the session leader of a
//! fresh pseudo-terminal (as a terminal emulator does): the pty slave is its
//! stdin, stdout and stderr and its controlling terminal, so it is
//! interactive. Keys are real bytes written to the pty master (`\x03` for
//! Ctrl+C, `\x1a` Ctrl+Z, `\x1c` Ctrl+\, `\x04` Ctrl+D): the terminal driver
//! turns them into signals for the foreground process group, exactly as a
//! person typing would.
//!
//! Every wait has a timeout (expect-style: poll the pty until the text shows
//! up, or poll `/proc` until a process reaches a state), bounded by one
//! overall deadline per shell. Dropping a [`Shell`] (also while a failed
//! assertion unwinds) SIGKILLs every process of the pty's session, the shell
//! and all its jobs, reaps the shell and removes its temporary `HOME`.
//!
//! Output is normalised before matching: terminal escape sequences (colour,
//! cursor motion, bracketed paste, ...) are removed, and so are `\r` and BEL,
//! so the same expectations hold under `TERM=dumb` and
//! `TERM=xterm-256color`, with line editing in raw mode or not.
//!
//! The shell under test is [`shell_cmd`]: jsh. For checking the tests
//! themselves against the reference, `JSH_TEST_SHELL=bash` runs
//! `bash --norc --noprofile -i` instead, with the same environment; messages
//! then carry `bash:` where jsh writes `jsh:` ([`name`]).

#![allow(dead_code)] // each test crate uses a different subset of the helpers

use std::fs;
use std::io::{self, Write};
use std::os::fd::{AsRawFd, BorrowedFd};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use expectrl::Session;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::signal::{Signal, kill};
use nix::sys::termios::{LocalFlags, tcgetattr};
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::Pid;
use regex::Regex;

/// The prompt every shell is given (`PS1`): distinctive, so that no command
/// output is mistaken for it.
pub const PROMPT: &str = "jsh$ ";

/// Overall deadline of one shell session: every expectation and every
/// `/proc` poll of a test shares it.
pub const DEADLINE: Duration = Duration::from_secs(25);

/// Longest wait for any single expectation.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(10);

/// Ctrl+C: SIGINT to the foreground process group.
pub const CTRL_C: u8 = 0x03;
/// Ctrl+D: end of file on an empty line.
pub const CTRL_D: u8 = 0x04;
/// Ctrl+Z: SIGTSTP to the foreground process group.
pub const CTRL_Z: u8 = 0x1a;
/// Ctrl+\: SIGQUIT to the foreground process group.
pub const CTRL_BACKSLASH: u8 = 0x1c;

/// Both terminal types every core scenario runs under: one where line
/// editing does not apply (the shell reads lines in the terminal's cooked
/// mode and the driver signals the shell on ^C) and one with full line
/// editing in raw mode.
pub const TERMS: [&str; 2] = ["dumb", "xterm-256color"];

/// Run scenario `$f(term)` as two tests, `$f::dumb` and `$f::xterm`, under
/// `TERM=dumb` and `TERM=xterm-256color`. A test crate gets it with
/// `#[macro_use]` on its `mod pty;` and calls it after that declaration.
#[allow(unused_macros)] // not every test crate has scenarios to run twice
macro_rules! terms {
    ($($f:ident),* $(,)?) => {$(
        mod $f {
            #[test]
            fn dumb() {
                super::$f("dumb")
            }
            #[test]
            fn xterm() {
                super::$f("xterm-256color")
            }
        }
    )*};
}

fn test_shell() -> Option<String> {
    match std::env::var("JSH_TEST_SHELL") {
        Err(_) => None,
        Ok(s) if s.is_empty() => None,
        Ok(s) if s == "bash" => Some(s),
        Ok(s) => panic!("JSH_TEST_SHELL={s:?}: only `bash` (the reference shell) is supported"),
    }
}

/// The shell under test, program and arguments: jsh with no arguments
/// but --noprofile (interactive because its stdin is a terminal), or, for validating the
/// tests locally with `JSH_TEST_SHELL=bash`, `bash --norc --noprofile -i`.
pub fn shell_cmd() -> (String, Vec<String>) {
    match test_shell() {
        Some(_) => (
            "bash".to_string(),
            vec!["--norc".into(), "--noprofile".into(), "-i".into()],
        ),
        // No /etc/profile for a login shell (`-l`): the system's would
        // set the prompt the tests wait for, as bash's --noprofile says.
        None => (
            env!("CARGO_BIN_EXE_jsh").to_string(),
            vec!["--noprofile".into()],
        ),
    }
}

/// True when the tests are being validated against bash.
pub fn is_bash() -> bool {
    test_shell().is_some()
}

/// The name the shell puts before its error messages (`jsh: fg: ...`).
pub fn name() -> &'static str {
    if is_bash() { "bash" } else { "jsh" }
}

/// `comm` of the shell process (the executable's name, as /proc shows it).
pub fn shell_comm() -> String {
    let (prog, _) = shell_cmd();
    let base = prog.rsplit('/').next().unwrap_or(&prog).to_string();
    base.chars().take(15).collect()
}

/// PATH for the shell: the caller's, or a sane default.
fn search_path() -> String {
    std::env::var("PATH").unwrap_or_else(|_| "/usr/local/bin:/usr/bin:/bin".to_string())
}

fn temp_home() -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("jsh-pty-{}-{}-{}", std::process::id(), n, nanos));
    fs::create_dir_all(&dir).expect("create temporary HOME");
    dir
}

// ---------------------------------------------------------------- /proc --

/// The fields of `/proc/PID/stat` the tests look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stat {
    pub pid: i32,
    pub comm: String,
    /// R, S, D, T (stopped), t, Z (zombie), X, ...
    pub state: char,
    pub ppid: i32,
    pub pgrp: i32,
    pub session: i32,
    /// Foreground process group of the controlling terminal.
    pub tpgid: i32,
}

/// Parse `/proc/PID/stat`, or None if the process does not exist. `comm` is
/// in parentheses and may hold spaces and parentheses itself, so the other
/// fields are taken after the last `)`.
pub fn stat(pid: i32) -> Option<Stat> {
    let text = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let comm = text[open + 1..close].to_string();
    let rest: Vec<&str> = text[close + 1..].split_whitespace().collect();
    // rest[0] is field 3 (state): ppid 4, pgrp 5, session 6, tty 7, tpgid 8.
    Some(Stat {
        pid,
        comm,
        state: rest.first()?.chars().next()?,
        ppid: rest.get(1)?.parse().ok()?,
        pgrp: rest.get(2)?.parse().ok()?,
        session: rest.get(3)?.parse().ok()?,
        tpgid: rest.get(5)?.parse().ok()?,
    })
}

/// Every process on the system, as far as /proc can be read.
pub fn all_stats() -> Vec<Stat> {
    let Ok(dir) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .filter_map(stat)
        .collect()
}

/// Live (not zombie) children of `pid`.
pub fn children(pid: i32) -> Vec<Stat> {
    all_stats()
        .into_iter()
        .filter(|s| s.ppid == pid && !matches!(s.state, 'Z' | 'X'))
        .collect()
}

/// The process has exited: no such process, or a zombie not yet reaped.
pub fn gone(pid: i32) -> bool {
    stat(pid).is_none_or(|s| matches!(s.state, 'Z' | 'X'))
}

/// The process has exited and has been reaped (no zombie left).
pub fn reaped(pid: i32) -> bool {
    stat(pid).is_none()
}

/// Stopped by a signal (state T).
pub fn stopped(pid: i32) -> bool {
    stat(pid).is_some_and(|s| s.state == 'T')
}

/// Alive and not stopped (running or sleeping).
pub fn running(pid: i32) -> bool {
    stat(pid).is_some_and(|s| !matches!(s.state, 'T' | 't' | 'Z' | 'X'))
}

/// Signals pending for the process (thread or process-wide), as a mask
/// with bit N-1 for signal N; 0 if it does not exist.
pub fn pending_signals(pid: i32) -> u64 {
    let Ok(text) = fs::read_to_string(format!("/proc/{pid}/status")) else {
        return 0;
    };
    text.lines()
        .filter_map(|l| {
            let v = l
                .strip_prefix("SigPnd:")
                .or_else(|| l.strip_prefix("ShdPnd:"))?;
            u64::from_str_radix(v.trim(), 16).ok()
        })
        .fold(0, |a, b| a | b)
}

/// The process is dying (PF_EXITING in the flags of /proc/PID/stat) or dead.
pub fn exiting(pid: i32) -> bool {
    let Ok(text) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return true;
    };
    let Some(close) = text.rfind(')') else {
        return true;
    };
    // After `)`: state (3), ppid, pgrp, session, tty, tpgid, flags (9).
    let flags: u64 = text[close + 1..]
        .split_whitespace()
        .nth(6)
        .and_then(|f| f.parse().ok())
        .unwrap_or(0);
    const PF_EXITING: u64 = 0x4;
    flags & PF_EXITING != 0
}

/// Running, not dying, and with no SIGHUP, SIGINT, SIGQUIT or SIGTERM
/// waiting: nobody has sent it one of those. Checked once whoever might
/// have sent one is done (the shell has exited, or has shown its next
/// prompt), this is exact without waiting: a signal already sent is either
/// pending or has the process dying or dead.
pub fn untouched(pid: i32) -> bool {
    // Bit N-1 for signal N: SIGHUP 1, SIGINT 2, SIGQUIT 3, SIGTERM 15.
    const FATAL: u64 = 1 | 1 << 1 | 1 << 2 | 1 << 14;
    running(pid) && !exiting(pid) && pending_signals(pid) & FATAL == 0
}

/// SIGKILL every process of session `sid` until none is left (bounded).
pub fn kill_session(sid: i32) {
    let until = Instant::now() + Duration::from_secs(5);
    loop {
        let members: Vec<i32> = all_stats()
            .into_iter()
            .filter(|s| s.session == sid && !matches!(s.state, 'Z' | 'X'))
            .map(|s| s.pid)
            .collect();
        if members.is_empty() || Instant::now() > until {
            return;
        }
        for pid in members {
            let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

// ----------------------------------------------------------- transcript --

/// Move the complete part of `raw` into `out`, dropping escape sequences,
/// `\r` and BEL; an incomplete escape sequence at the end stays in `raw`.
fn normalize(raw: &mut Vec<u8>, out: &mut String) {
    let mut keep = Vec::with_capacity(raw.len());
    let mut i = 0;
    let n = raw.len();
    'bytes: while i < n {
        match raw[i] {
            0x1b => {
                if i + 1 >= n {
                    break;
                }
                match raw[i + 1] {
                    // CSI: parameters and intermediates, then a final byte.
                    b'[' => {
                        let mut j = i + 2;
                        while j < n && !(0x40..=0x7e).contains(&raw[j]) {
                            j += 1;
                        }
                        if j >= n {
                            break 'bytes;
                        }
                        i = j + 1;
                    }
                    // OSC, DCS, SOS, PM, APC: up to BEL or ESC \.
                    b']' | b'P' | b'X' | b'^' | b'_' => {
                        let mut j = i + 2;
                        loop {
                            if j >= n {
                                break 'bytes;
                            }
                            if raw[j] == 0x07 {
                                i = j + 1;
                                break;
                            }
                            if raw[j] == 0x1b {
                                if j + 1 >= n {
                                    break 'bytes;
                                }
                                if raw[j + 1] == b'\\' {
                                    i = j + 2;
                                    break;
                                }
                            }
                            j += 1;
                        }
                    }
                    // Character set designation: ESC ( B and the like.
                    b'(' | b')' | b'*' | b'+' | b'#' | b'%' => {
                        if i + 2 >= n {
                            break;
                        }
                        i += 3;
                    }
                    _ => i += 2,
                }
            }
            b'\r' | 0x07 => i += 1,
            b => {
                keep.push(b);
                i += 1;
            }
        }
    }
    raw.drain(..i);
    out.push_str(&String::from_utf8_lossy(&keep));
}

/// Escape control characters for a readable failure message.
fn visible(s: &str) -> String {
    let mut v = String::new();
    for c in s.chars() {
        match c {
            '\n' => v.push('\n'),
            '\t' => v.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                v.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => v.push(c),
        }
    }
    v
}

fn tail(s: &str, chars: usize) -> &str {
    let count = s.chars().count();
    if count <= chars {
        return s;
    }
    let skip = count - chars;
    let idx = s.char_indices().nth(skip).map(|(i, _)| i).unwrap_or(0);
    &s[idx..]
}

/// One regex match: the text before it, the whole match and its groups.
#[derive(Debug)]
pub struct Found {
    pub before: String,
    pub matched: String,
    pub groups: Vec<String>,
}

impl Found {
    /// Group `i` parsed as a PID.
    pub fn pid(&self, i: usize) -> i32 {
        self.groups[i]
            .parse()
            .unwrap_or_else(|_| panic!("not a number: {:?}", self.groups[i]))
    }
}

// ---------------------------------------------------------------- shell --

/// How the shell under test is started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Launch {
    /// As the session leader of the pty, as a terminal emulator starts it.
    SessionLeader,
    /// As a child of a non-interactive `sh` that leads the session, so that
    /// it starts in that sh's process group and must make its own group and
    /// take the terminal (as when started from a script or another program).
    /// After the shell exits, the sh lingers (`exec sleep`) so that the
    /// terminal's foreground group can be checked.
    ChildOfSh,
    /// As a background job of an sh with job control (`set -m; jsh &`): in
    /// a process group that does not hold the terminal. The shell must wait
    /// (stopped by SIGTTIN) instead of taking the terminal; no prompt is
    /// awaited.
    BackgroundOfSh,
}

/// A temporary directory, removed (with everything in it) when dropped:
/// a `HOME` that several shells share, one after the other or at the same
/// time (see [`Setup::home`]).
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        TempDir(temp_home())
    }

    pub fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Default for TempDir {
    fn default() -> Self {
        TempDir::new()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Extra settings for [`Shell::start_with`]; the default is what
/// [`Shell::start`] does.
#[derive(Clone, Debug, Default)]
pub struct Setup {
    /// Use this directory as `HOME` (and working directory) instead of a
    /// fresh temporary one. The caller owns it: the shell does not remove
    /// it when dropped, so several shells can share it (a [`TempDir`]).
    pub home: Option<PathBuf>,
    /// Extra environment variables, set after the harness's own (so `PS1`
    /// may be overridden: then pass [`Setup::prompt`] too).
    pub env: Vec<(String, String)>,
    /// The text of the first prompt to wait for, when `env` sets a `PS1`
    /// other than [`PROMPT`]; `Some("")` waits for none.
    pub prompt: Option<String>,
    /// Arguments after the shell's own (`-l` for a login shell; bash and
    /// jsh both take it).
    pub args: Vec<String>,
    /// Let a login shell read /etc/profile and the user's profile (the
    /// harness passes `--noprofile` otherwise).
    pub profiles: bool,
}

impl Setup {
    /// Add the environment variable `name=value`.
    pub fn env(mut self, name: &str, value: &str) -> Setup {
        self.env.push((name.to_string(), value.to_string()));
        self
    }

    /// Wait for `prompt` as the first prompt (see [`Setup::prompt`]).
    pub fn prompt(mut self, prompt: &str) -> Setup {
        self.prompt = Some(prompt.to_string());
        self
    }

    /// Pass `arg` to the shell (see [`Setup::args`]).
    pub fn arg(mut self, arg: &str) -> Setup {
        self.args.push(arg.to_string());
        self
    }

    /// Read the profiles of a login shell (see [`Setup::profiles`]).
    pub fn profiles(mut self) -> Setup {
        self.profiles = true;
        self
    }

    /// Share `home` (see [`Setup::home`]).
    pub fn home(mut self, home: &std::path::Path) -> Setup {
        self.home = Some(home.to_path_buf());
        self
    }
}

/// The shell under test, running on its own pseudo-terminal.
pub struct Shell {
    session: Option<expectrl::session::OsSession>,
    /// PID of the shell under test.
    pub pid: i32,
    /// PID of the pty's session leader (the shell, or the sh around it).
    pub leader: i32,
    pub term: String,
    raw: Vec<u8>,
    /// How many bytes the shell has written to the terminal so far, escape
    /// sequences included (see [`Shell::written`]).
    received: usize,
    /// Normalised output not yet consumed by an expectation.
    buf: String,
    /// Everything seen, normalised, with the keys sent, for failure messages.
    log: String,
    eof: bool,
    deadline: Instant,
    home: PathBuf,
    /// `home` is this shell's own temporary directory, removed on drop.
    owns_home: bool,
    /// Index of the pty (TIOCGPTN), to find every descriptor of its master.
    ptn: u32,
    exited: Option<WaitStatus>,
}

impl Shell {
    /// Start the shell under test on a new pty with `TERM=term` and wait for
    /// its first prompt.
    pub fn start(term: &str) -> Shell {
        Shell::launch(term, Launch::SessionLeader)
    }

    /// Start the shell under test in the given way and wait for its first
    /// prompt.
    pub fn launch(term: &str, how: Launch) -> Shell {
        Shell::spawn(term, how, Setup::default())
    }

    /// Start the shell under test as the pty's session leader (as
    /// [`Shell::start`]) with the extra settings of `setup`, and wait for
    /// its first prompt.
    pub fn start_with(term: &str, setup: Setup) -> Shell {
        Shell::spawn(term, Launch::SessionLeader, setup)
    }

    fn spawn(term: &str, how: Launch, setup: Setup) -> Shell {
        let owns_home = setup.home.is_none();
        let home = setup.home.clone().unwrap_or_else(temp_home);
        let (prog, mut args) = shell_cmd();
        if setup.profiles {
            args.retain(|a| a != "--noprofile");
        }
        args.extend(setup.args.iter().cloned());
        let mut cmd = match how {
            Launch::SessionLeader => {
                let mut c = Command::new(&prog);
                c.args(&args);
                c
            }
            Launch::ChildOfSh => {
                let mut c = Command::new("/bin/sh");
                c.arg("-c")
                    .arg(r#""$@"; exec sleep 1000"#)
                    .arg("sh")
                    .arg(&prog)
                    .args(&args);
                c
            }
            Launch::BackgroundOfSh => {
                let mut c = Command::new("/bin/sh");
                c.arg("-c")
                    .arg(r#"set -m; "$@" & echo "BGPID=$!"; exec sleep 1000"#)
                    .arg("sh")
                    .arg(&prog)
                    .args(&args);
                c
            }
        };
        cmd.env_clear()
            .env("PATH", search_path())
            .env("HOME", &home)
            .env("LC_ALL", "C")
            .env("TERM", term)
            .env("PS1", PROMPT)
            .envs(setup.env.iter().map(|(k, v)| (k, v)))
            .current_dir(&home);
        // SAFETY: runs in the forked child before exec and calls only
        // async-signal-safe functions (tcgetattr, tcsetattr, setrlimit).
        unsafe {
            cmd.pre_exec(|| {
                // The pty starts with the kernel's default modes except that
                // the pty crate turns echo off (for its own use); a terminal
                // emulator gives the shell echo on, so restore it.
                let mut t: libc::termios = std::mem::zeroed();
                if libc::tcgetattr(0, &mut t) == 0 {
                    t.c_lflag |= libc::ECHO;
                    libc::tcsetattr(0, libc::TCSANOW, &t);
                }
                // No core files from the Ctrl+\ tests in the temporary HOME.
                let no_core = libc::rlimit {
                    rlim_cur: 0,
                    rlim_max: 0,
                };
                libc::setrlimit(libc::RLIMIT_CORE, &no_core);
                Ok(())
            });
        }
        let session = Session::spawn(cmd).expect("spawn the shell on a pty");
        let leader = session.get_process().pid().as_raw();
        let mut ptn: libc::c_uint = 0;
        // SAFETY: TIOCGPTN writes one unsigned int.
        let r = unsafe { libc::ioctl(session.as_raw_fd(), libc::TIOCGPTN, &mut ptn) };
        assert_eq!(r, 0, "TIOCGPTN on the pty master");
        let mut sh = Shell {
            session: Some(session),
            pid: leader,
            leader,
            term: term.to_string(),
            raw: Vec::new(),
            received: 0,
            buf: String::new(),
            log: String::new(),
            eof: false,
            deadline: Instant::now() + DEADLINE,
            home,
            owns_home,
            ptn,
            exited: None,
        };
        if how == Launch::BackgroundOfSh {
            sh.pid = sh.expect_re(r"BGPID=(\d+)\n").pid(1);
            return sh;
        }
        if how == Launch::ChildOfSh {
            let comm = shell_comm();
            sh.pid = sh.wait_for("the shell to start under sh", |_| {
                children(leader)
                    .into_iter()
                    .find(|c| c.comm == comm)
                    .map(|c| c.pid)
            });
        }
        match setup.prompt.as_deref() {
            None => {
                sh.prompt();
            }
            Some("") => {}
            Some(p) => {
                sh.expect(p);
            }
        }
        sh
    }

    /// The temporary `HOME` (also the working directory).
    pub fn home(&self) -> &std::path::Path {
        &self.home
    }

    /// The shell's own /proc stat.
    pub fn stat(&self) -> Stat {
        match stat(self.pid) {
            Some(s) => s,
            None => self.fail("the shell process no longer exists"),
        }
    }

    /// The pty master, for reading the terminal's modes.
    fn master(&self) -> BorrowedFd<'_> {
        let fd = self
            .session
            .as_ref()
            .expect("the pty is still open")
            .as_raw_fd();
        // SAFETY: the session keeps the descriptor open while borrowed.
        unsafe { BorrowedFd::borrow_raw(fd) }
    }

    /// Whether the terminal currently has ECHO on (read through the master:
    /// on Linux the modes of a pty pair are the slave's).
    pub fn tty_echo(&self) -> bool {
        let t = tcgetattr(self.master()).expect("tcgetattr on the pty master");
        t.local_flags.contains(LocalFlags::ECHO)
    }

    /// Resize the terminal to `rows` x `cols`, as a terminal emulator does
    /// when its window is resized: the kernel sends SIGWINCH to the
    /// terminal's foreground process group.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCSWINSZ reads one winsize structure.
        let r = unsafe { libc::ioctl(self.master().as_raw_fd(), libc::TIOCSWINSZ, &size) };
        assert_eq!(r, 0, "TIOCSWINSZ on the pty master");
        self.log.push_str(&format!("⟨resized to {cols}x{rows}⟩"));
    }

    /// Panic with `msg` and the transcript.
    #[track_caller]
    pub fn fail(&self, msg: &str) -> ! {
        panic!(
            "{msg}\n(shell {:?}, TERM={}, shell pid {})\n\
             ---- unconsumed output ----\n{}\n\
             ---- transcript (escape sequences and \\r removed; ⟨…⟩ = keys sent) ----\n{}\n\
             ---- end ----",
            shell_cmd().0,
            self.term,
            self.pid,
            visible(&self.buf),
            visible(tail(&self.log, 6000)),
        )
    }

    /// Read what the pty has, waiting at most `timeout` for something.
    fn fill(&mut self, timeout: Duration) {
        if self.eof {
            std::thread::sleep(timeout.min(Duration::from_millis(20)));
            return;
        }
        let Some(session) = self.session.as_mut() else {
            self.eof = true;
            return;
        };
        let ms = timeout.as_millis().min(200) as u16;
        // SAFETY: the session owns the descriptor for this whole call.
        let fd = unsafe { BorrowedFd::borrow_raw(session.as_raw_fd()) };
        let mut fds = [PollFd::new(fd, PollFlags::POLLIN)];
        match poll(&mut fds, PollTimeout::from(ms)) {
            Ok(0) => return,
            Ok(_) => {}
            Err(nix::errno::Errno::EINTR) => return,
            Err(e) => panic!("poll on the pty master: {e}"),
        }
        // At least the capacity of the session's internal BufReader (8 KiB), so
        // that it passes reads straight through and never holds data back
        // where poll(2) cannot see it.
        let mut chunk = [0u8; 16384];
        loop {
            match session.try_read(&mut chunk) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => {
                    self.received += n;
                    self.raw.extend_from_slice(&chunk[..n]);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                // EIO: every process holding the slave has gone.
                Err(_) => {
                    self.eof = true;
                    break;
                }
            }
        }
        let before = self.buf.len();
        normalize(&mut self.raw, &mut self.buf);
        let new = self.buf[before..].to_string();
        self.log.push_str(&new);
    }

    fn remaining(&self, what: &str) -> Duration {
        let now = Instant::now();
        if now >= self.deadline {
            self.fail(&format!(
                "overall deadline of {DEADLINE:?} passed while waiting for {what}"
            ));
        }
        (self.deadline - now).min(STEP_TIMEOUT)
    }

    /// The time left until `step` for a wait for `what`; fails if the
    /// terminal closed (and nothing read is left) or `step` has passed.
    #[track_caller]
    fn step_left(&self, what: &str, step: Instant) -> Duration {
        if self.eof && self.raw.is_empty() {
            self.fail(&format!("the terminal closed while waiting for {what}"));
        }
        let now = Instant::now();
        if now >= step {
            self.fail(&format!(
                "timed out after {STEP_TIMEOUT:?} waiting for {what}"
            ));
        }
        step - now
    }

    /// Wait until `find` locates something in the unconsumed output; consume
    /// through the end it reports.
    fn wait_output<T>(
        &mut self,
        what: &str,
        mut find: impl FnMut(&str) -> Option<(usize, T)>,
    ) -> T {
        let step = Instant::now() + self.remaining(what);
        loop {
            if let Some((end, t)) = find(&self.buf) {
                self.buf.drain(..end);
                return t;
            }
            let left = self.step_left(what, step);
            self.fill(left);
        }
    }

    /// Wait for the literal text `s`; return the output before it.
    #[track_caller]
    pub fn expect(&mut self, s: &str) -> String {
        let what = format!("{:?}", s);
        self.wait_output(&what, |buf| {
            buf.find(s).map(|i| (i + s.len(), buf[..i].to_string()))
        })
    }

    /// Wait for a match of the regular expression `re`.
    #[track_caller]
    pub fn expect_re(&mut self, re: &str) -> Found {
        let rx = Regex::new(re).expect("valid regex");
        let what = format!("/{re}/");
        self.wait_output(&what, |buf| {
            rx.captures(buf).map(|c| {
                let m = c.get(0).unwrap();
                let groups = (0..c.len())
                    .map(|i| c.get(i).map_or(String::new(), |g| g.as_str().to_string()))
                    .collect();
                (
                    m.end(),
                    Found {
                        before: buf[..m.start()].to_string(),
                        matched: m.as_str().to_string(),
                        groups,
                    },
                )
            })
        })
    }

    /// Wait for the next prompt; return the output before it.
    #[track_caller]
    pub fn prompt(&mut self) -> String {
        self.expect(PROMPT)
    }

    /// Type `s` (no Enter).
    pub fn send(&mut self, s: &str) {
        self.send_bytes(s.as_bytes());
    }

    /// Type raw bytes, e.g. a control key.
    pub fn send_bytes(&mut self, b: &[u8]) {
        self.log
            .push_str(&format!("⟨{}⟩", visible(&String::from_utf8_lossy(b))));
        let Some(session) = self.session.as_mut() else {
            self.fail("the pty was closed");
        };
        if let Err(e) = session.write_all(b).and_then(|_| session.flush()) {
            self.fail(&format!("writing to the pty master: {e}"));
        }
    }

    /// Press a control key: one of [`CTRL_C`], [`CTRL_D`], [`CTRL_Z`],
    /// [`CTRL_BACKSLASH`].
    pub fn key(&mut self, k: u8) {
        self.send_bytes(&[k]);
    }

    /// Type `cmd` and Enter (a carriage return, as a keyboard sends), and
    /// wait until the line is echoed; return the output before the echo.
    #[track_caller]
    pub fn enter(&mut self, cmd: &str) -> String {
        self.send(cmd);
        self.send("\r");
        let before = self.expect(cmd);
        self.expect("\n");
        before
    }

    /// Run `cmd` at the prompt; return its output (what follows the echoed
    /// line, up to the next prompt).
    #[track_caller]
    pub fn run(&mut self, cmd: &str) -> String {
        self.run_full(cmd).1
    }

    /// Like [`Shell::run`], also returning what came before the echo (a
    /// notification the shell printed while idle, for instance).
    #[track_caller]
    pub fn run_full(&mut self, cmd: &str) -> (String, String) {
        let before = self.enter(cmd);
        let out = self.prompt();
        (before, out)
    }

    /// `$?` of the last command.
    #[track_caller]
    pub fn status(&mut self) -> i32 {
        let out = self.run("echo st=$?");
        match out
            .lines()
            .find_map(|l| l.strip_prefix("st=").and_then(|v| v.trim().parse().ok()))
        {
            Some(v) => v,
            None => self.fail(&format!("no status in {out:?}")),
        }
    }

    /// Poll `probe` (passed the shell's PID) until it gives a value, reading
    /// the pty meanwhile; fail with `what` at the deadline.
    #[track_caller]
    pub fn wait_for<T>(&mut self, what: &str, mut probe: impl FnMut(i32) -> Option<T>) -> T {
        let step = Instant::now() + self.remaining(what);
        loop {
            if let Some(v) = probe(self.pid) {
                return v;
            }
            let now = Instant::now();
            if now >= step {
                self.fail(&format!(
                    "timed out after {STEP_TIMEOUT:?} waiting for {what}"
                ));
            }
            self.fill((step - now).min(Duration::from_millis(20)));
        }
    }

    /// Poll until `cond` holds (see [`Shell::wait_for`]).
    #[track_caller]
    pub fn wait_until(&mut self, what: &str, mut cond: impl FnMut(i32) -> bool) {
        self.wait_for(what, |pid| cond(pid).then_some(()))
    }

    /// Wait until the shell has live children whose names are exactly
    /// `comms` (in any order; pass one entry per process) all in one process
    /// group that holds the terminal: a foreground job has started. Returns
    /// their stats in the order of `comms`.
    #[track_caller]
    pub fn wait_fg_job(&mut self, comms: &[&str]) -> Vec<Stat> {
        let what = format!("a foreground job {comms:?} holding the terminal");
        self.wait_for(&what, |pid| {
            let shell = stat(pid)?;
            let kids: Vec<Stat> = children(pid)
                .into_iter()
                .filter(|c| c.pgrp == shell.tpgid && c.pgrp != shell.pgrp)
                .collect();
            match_comms(kids, comms)
        })
    }

    /// Wait until the shell has live children named `comms` (any process
    /// groups), excluding `not`; return them in the order of `comms`.
    #[track_caller]
    pub fn wait_children(&mut self, comms: &[&str], not: &[i32]) -> Vec<Stat> {
        let what = format!("children {comms:?} of the shell");
        self.wait_for(&what, |pid| {
            let kids: Vec<Stat> = children(pid)
                .into_iter()
                .filter(|c| !not.contains(&c.pid))
                .collect();
            match_comms(kids, comms)
        })
    }

    /// How many bytes the shell has written to the terminal so far, escape
    /// sequences included (which the expectations never see): a mark for
    /// [`Shell::wait_written_after`].
    pub fn written(&mut self) -> usize {
        self.fill(Duration::ZERO);
        self.received
    }

    /// Wait until the shell writes anything at all to the terminal after
    /// `mark` (from [`Shell::written`]), be it only an escape sequence that
    /// moves the cursor: the sign that a key sent after the mark was taken.
    #[track_caller]
    pub fn wait_written_after(&mut self, mark: usize, what: &str) {
        let step = Instant::now() + self.remaining(what);
        while self.received <= mark {
            let left = self.step_left(what, step);
            self.fill(left);
        }
    }

    /// Whatever output is already there, not consumed, without waiting.
    pub fn pending_output(&mut self) -> String {
        self.fill(Duration::ZERO);
        self.buf.clone()
    }

    /// Best effort, at most 1 s: wait until the shell's main thread sleeps
    /// waiting for terminal input (as when a person pauses before pressing a
    /// key at the prompt), so that a key is not sent while the shell is
    /// still busy with the bytes typed before it. Never fails: a shell that
    /// waits for input some other way just costs the second.
    pub fn settle(&mut self) {
        let until = Instant::now() + Duration::from_secs(1);
        while Instant::now() < until {
            let wchan = fs::read_to_string(format!("/proc/{}/wchan", self.pid)).unwrap_or_default();
            let idle = stat(self.pid).is_some_and(|s| s.state == 'S')
                && ["poll", "select", "wait_woken", "tty"]
                    .iter()
                    .any(|w| wchan.contains(w));
            if idle {
                return;
            }
            self.fill(Duration::from_millis(5));
        }
    }

    /// Close the terminal: every descriptor of the pty master in this
    /// process is replaced by /dev/null, so the master is closed for good and
    /// the kernel hangs up the slave, as when a terminal window is closed.
    /// No signal is sent by the harness.
    pub fn hangup(&mut self) {
        let null = fs::File::open("/dev/null").expect("open /dev/null");
        let fds: Vec<i32> = fs::read_dir("/proc/self/fd")
            .expect("read /proc/self/fd")
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
            .collect();
        let mut closed = 0;
        for fd in fds {
            let mut n: libc::c_uint = u32::MAX;
            // SAFETY: TIOCGPTN writes one unsigned int; it fails on
            // anything but a pty master.
            let r = unsafe { libc::ioctl(fd, libc::TIOCGPTN, &mut n) };
            if r == 0 && n == self.ptn {
                // SAFETY: fd belongs to this shell's session object, which
                // keeps owning the (now /dev/null) descriptor.
                unsafe { libc::dup2(null.as_raw_fd(), fd) };
                closed += 1;
            }
        }
        assert!(closed > 0, "found no descriptor of the pty master");
        self.log.push_str("⟨terminal closed⟩");
        self.eof = true;
    }

    /// Wait for the shell (the pty's session leader) to exit; reap it and
    /// return its status.
    #[track_caller]
    pub fn wait_exit(&mut self) -> WaitStatus {
        assert_eq!(
            self.pid, self.leader,
            "wait_exit is for a session-leader shell"
        );
        if let Some(st) = self.exited {
            return st;
        }
        let pid = self.pid;
        let st = self.wait_for("the shell to exit", |_| {
            match waitpid(Pid::from_raw(pid), Some(WaitPidFlag::WNOHANG)) {
                Ok(WaitStatus::StillAlive) => None,
                Ok(st @ (WaitStatus::Exited(..) | WaitStatus::Signaled(..))) => Some(st),
                Ok(_) => None,
                Err(e) => panic!("waitpid on the shell: {e}"),
            }
        });
        self.exited = Some(st);
        st
    }

    /// The whole transcript so far (normalised, with ⟨keys⟩).
    pub fn transcript(&self) -> &str {
        &self.log
    }
}

/// Pick one process per wanted name; None unless every name is found.
fn match_comms(mut kids: Vec<Stat>, comms: &[&str]) -> Option<Vec<Stat>> {
    kids.sort_by_key(|k| k.pid);
    let mut out = Vec::new();
    for want in comms {
        let i = kids.iter().position(|k| k.comm == *want)?;
        out.push(kids.remove(i));
    }
    Some(out)
}

impl Drop for Shell {
    fn drop(&mut self) {
        // Everything started on this pty is in the session the leader made.
        kill_session(self.leader);
        if self.exited.is_none() {
            let until = Instant::now() + Duration::from_secs(5);
            while Instant::now() < until {
                match waitpid(Pid::from_raw(self.leader), Some(WaitPidFlag::WNOHANG)) {
                    Ok(WaitStatus::StillAlive) => {
                        let _ = kill(Pid::from_raw(self.leader), Signal::SIGKILL);
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    Ok(WaitStatus::Exited(..) | WaitStatus::Signaled(..)) | Err(_) => break,
                    Ok(_) => {}
                }
            }
        }
        // The leader is reaped, so the pty crate's own drop finds no child to
        // signal; it only closes the master.
        drop(self.session.take());
        if self.owns_home {
            let _ = fs::remove_dir_all(&self.home);
        }
    }
}

/// Parse `[N] PID` (the line `cmd &` prints); return the PID.
#[track_caller]
pub fn bg_pid(sh: &Shell, out: &str, n: u32) -> i32 {
    let want = format!("[{n}] ");
    for line in out.lines() {
        if let Some(Ok(pid)) = line.strip_prefix(&want).map(|r| r.trim().parse()) {
            return pid;
        }
    }
    sh.fail(&format!("no `[{n}] PID` line in {out:?}"))
}

/// Lines of `out` equal to `line`.
pub fn count_lines(out: &str, line: &str) -> usize {
    out.lines().filter(|l| *l == line).count()
}

/// `jobs` / notification line for job `n`: `[n]+  State<padded to 24>cmd`.
pub fn job_line(n: u32, mark: char, state: &str, cmd: &str) -> String {
    format!("[{n}]{mark}  {state:<24}{cmd}")
}

/// `jobs -l` line: `[n]+ PID State<24>cmd` with the PID right-aligned in 5.
pub fn job_line_l(n: u32, mark: char, pid: i32, state: &str, cmd: &str) -> String {
    format!("[{n}]{mark} {pid:>5} {state:<24}{cmd}")
}

/// `jobs -l` continuation line for a later process of a pipeline.
pub fn job_cont_l(pid: i32, cmd: &str) -> String {
    format!("     {pid:>5}                       | {cmd}")
}

impl Shell {
    /// Put a note in the transcript (which step of a scenario is running),
    /// for failure messages.
    pub fn log_note(&mut self, text: &str) {
        self.log.push_str(&format!("⟨{text}⟩"));
    }
}

/// After `fg` (or `%N`) was typed for the job led by `pid`: has the shell
/// `sp` finished bringing it to the foreground? It gives the job the
/// terminal, then sends it SIGCONT, then sleeps waiting for it, as bash
/// does. For a job that was running in the background, `tpgid == pid`
/// alone holds as soon as the terminal is given: a Ctrl+Z sent then can
/// stop the job before the SIGCONT, which continues it again, and the
/// shell waits for a stop that never comes. The shell asleep (its main
/// thread, /proc/PID/stat) with the job holding the terminal means the
/// SIGCONT was sent.
pub fn in_foreground_and_continued(sp: i32, pid: i32) -> bool {
    running(pid) && stat(sp).is_some_and(|s| s.tpgid == pid && s.state == 'S')
}
