//! `read [-ers] [-d delim] [-n nchars] [-N nchars] [-p prompt] [-t timeout]
//! [-u fd] [name ...]`, as bash's builtin.
//!
//! Nothing past the line (or the characters asked for) is consumed, so
//! that the next reader of the descriptor starts right after it: a pipe or
//! a terminal is read a byte at a time; a seekable file is read in blocks
//! and the offset put back to just after the line, as bash does. When the
//! shell's own commands come from the same standard input, what the shell
//! read ahead is given back first, so `read` finds the line after the
//! command being run.

use std::os::fd::{BorrowedFd, RawFd};
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::termios::{
    LocalFlags, SetArg, SpecialCharacterIndices, Termios, tcgetattr, tcsetattr,
};
use nix::unistd::{Whence, lseek};

use super::lossy;
use crate::process::signals;
use crate::state::shell::{Shell, strerror, write_all};
use crate::syntax::lexer::is_name;

const USAGE: &str = "read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] \
                     [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n";

/// As bash: the status of a read that timed out (128 + SIGALRM).
const TIMED_OUT: i32 = 142;
/// The status when Ctrl+C ends the read at the prompt.
const INTERRUPTED: i32 = 130;
/// What a seekable file is read in (bash's size too).
const BLOCK: usize = 4096;

#[derive(Default)]
struct Options {
    raw: bool,
    silent: bool,
    prompt: Option<Vec<u8>>,
    /// The byte that ends the input (`-d ''`: NUL); `None` with `-N`.
    delim: Option<u8>,
    /// `-n`/`-N`: at most (or, with `-N`, exactly) this many characters.
    nchars: Option<usize>,
    timeout: Option<Duration>,
    fd: RawFd,
    /// The descriptor was named by `-u`.
    fd_given: bool,
}

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let (opts, names) = match parse(sh, args) {
        Ok(parsed) => parsed,
        Err(status) => return status,
    };
    // As bash: the first name is checked before reading, the others as
    // they are assigned (those before a bad one keep their fields).
    if let Some(first) = names.first().filter(|n| !is_name(n)) {
        return invalid_name(sh, first);
    }
    // Only a descriptor given by -u is checked first (as bash does): a
    // closed standard input is a read error.
    if opts.fd_given && !is_users_fd(opts.fd) {
        sh.error(format!(
            "read: {}: invalid file descriptor: {}",
            opts.fd,
            strerror(Errno::EBADF)
        ));
        return 1;
    }
    if opts.fd == 0 {
        // The shell may have read ahead of this very line in its own
        // script on standard input: the data comes right after it.
        sh.release_input();
    }
    if opts.timeout == Some(Duration::ZERO) {
        return if ready(opts.fd, Duration::ZERO) { 0 } else { 1 };
    }
    let mut reader = Reader::new(opts.fd, opts.timeout);
    // What can seek is no terminal: one system call saved per line.
    let tty = !reader.seekable && is_tty(opts.fd);
    if let Some(prompt) = opts.prompt.as_ref().filter(|_| tty) {
        let _ = write_all(2, prompt);
    }
    let modes = tty.then(|| TerminalModes::set(opts.fd, &opts)).flatten();
    // At the prompt, a line continued by backslash-newline is asked for
    // with PS2, as bash does.
    let ps2 = (sh.interactive && tty && !opts.raw).then(|| sh.ps2());
    let outcome = read_input(sh, &opts, &mut reader, ps2.as_deref());
    reader.give_back();
    drop(modes);
    let (line, status) = match outcome {
        Outcome::Line(line) => (line, 0),
        Outcome::End(line) => (line, 1),
        Outcome::TimedOut(line) => (line, TIMED_OUT),
        Outcome::Interrupted => {
            sh.abandon_line = true;
            return INTERRUPTED;
        }
        Outcome::Failed(e) => {
            sh.error(format!("read: read error: {}: {}", opts.fd, strerror(e)));
            return 1;
        }
    };
    match assign(sh, &opts, names, &line) {
        Ok(()) => status,
        Err(failed) => failed,
    }
}

fn invalid_name(sh: &Shell, name: &[u8]) -> i32 {
    sh.error(format!("read: `{}': not a valid identifier", lossy(name)));
    1
}

fn parse<'a>(sh: &Shell, args: &'a [Vec<u8>]) -> Result<(Options, &'a [Vec<u8>]), i32> {
    let mut opts = Options {
        delim: Some(b'\n'),
        ..Options::default()
    };
    let mut rest = &args[1..];
    while let Some(arg) = rest.first() {
        if arg == b"--" {
            rest = &rest[1..];
            break;
        }
        if arg.len() < 2 || arg[0] != b'-' {
            break;
        }
        rest = &rest[1..];
        let mut i = 1;
        while i < arg.len() {
            let c = arg[i];
            i += 1;
            match c {
                b'r' => opts.raw = true,
                b's' => opts.silent = true,
                // Line editing (-e, with -i's text) is bash's readline:
                // the text is read as typed, without it.
                b'e' => {}
                b'a' | b'd' | b'i' | b'n' | b'N' | b'p' | b't' | b'u' => {
                    // The value is the rest of this word, or the next one.
                    let value = if i < arg.len() {
                        let v = &arg[i..];
                        i = arg.len();
                        v
                    } else if let Some((v, more)) = rest.split_first() {
                        rest = more;
                        v.as_slice()
                    } else {
                        sh.error(format!("read: -{}: option requires an argument", c as char));
                        let _ = write_all(2, USAGE.as_bytes());
                        return Err(2);
                    };
                    option_value(sh, &mut opts, c, value)?;
                }
                _ => {
                    sh.error(format!("read: -{}: invalid option", c as char));
                    let _ = write_all(2, USAGE.as_bytes());
                    return Err(2);
                }
            }
        }
    }
    Ok((opts, rest))
}

fn option_value(sh: &Shell, opts: &mut Options, c: u8, value: &[u8]) -> Result<(), i32> {
    let fail = |msg: String| {
        sh.error(format!("read: {msg}"));
        Err(1)
    };
    match c {
        b'a' => {
            sh.error("read: -a: arrays are not supported by jsh");
            return Err(2);
        }
        b'd' => opts.delim = Some(value.first().copied().unwrap_or(0)),
        b'i' => {}
        b'p' => opts.prompt = Some(value.to_vec()),
        b'n' | b'N' => match number(value).and_then(|n| usize::try_from(n).ok()) {
            Some(n) => {
                opts.nchars = Some(n);
                if c == b'N' {
                    opts.delim = None;
                }
            }
            None => return fail(format!("{}: invalid number", lossy(value))),
        },
        b't' => match timeout(value) {
            Some(t) => opts.timeout = Some(t),
            None => return fail(format!("{}: invalid timeout specification", lossy(value))),
        },
        _ => match number(value).and_then(|n| RawFd::try_from(n).ok()) {
            Some(fd) if fd >= 0 => {
                opts.fd = fd;
                opts.fd_given = true;
            }
            _ => {
                return fail(format!(
                    "{}: invalid file descriptor specification",
                    lossy(value)
                ));
            }
        },
    }
    Ok(())
}

/// A decimal number as bash's `legal_number` takes it.
fn number(text: &[u8]) -> Option<i64> {
    let s = std::str::from_utf8(text)
        .ok()?
        .trim_matches([' ', '\t', '\n']);
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `-t 1.5`: seconds, with an optional fraction; never negative.
fn timeout(text: &[u8]) -> Option<Duration> {
    let s = std::str::from_utf8(text).ok()?;
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if (whole.is_empty() && frac.is_empty())
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let secs: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let micros = frac
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(6)
        .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    Some(Duration::from_secs(secs) + Duration::from_micros(u64::from(micros)))
}

/// A descriptor the user may name (open, and not one of the shell's own).
fn is_users_fd(fd: RawFd) -> bool {
    crate::exec::redirect::fd_flags(fd).is_some_and(|f| f & libc::FD_CLOEXEC == 0)
}

fn is_tty(fd: RawFd) -> bool {
    // SAFETY: isatty only inspects the descriptor number.
    unsafe { libc::isatty(fd) == 1 }
}

/// Is input waiting on `fd` (or end of file) within `wait`?
fn ready(fd: RawFd, wait: Duration) -> bool {
    // SAFETY: the descriptor was checked open and stays so for the call.
    let borrowed = unsafe { BorrowedFd::borrow_raw(fd) };
    let mut fds = [PollFd::new(borrowed, PollFlags::POLLIN)];
    let ms = PollTimeout::try_from(wait.as_millis().min(i32::MAX as u128) as i32)
        .unwrap_or(PollTimeout::MAX);
    matches!(poll(&mut fds, ms), Ok(n) if n > 0)
}

/// The terminal's modes while reading: no echo for `-s`, characters as
/// they are typed for `-n`/`-N`; put back on drop.
struct TerminalModes {
    fd: RawFd,
    saved: Termios,
}

impl TerminalModes {
    fn set(fd: RawFd, opts: &Options) -> Option<TerminalModes> {
        if !opts.silent && opts.nchars.is_none() {
            return None;
        }
        // SAFETY: the descriptor stays open while the modes are set.
        let borrowed = unsafe { BorrowedFd::borrow_raw(fd) };
        let saved = tcgetattr(borrowed).ok()?;
        let mut modes = saved.clone();
        if opts.silent {
            modes.local_flags.remove(LocalFlags::ECHO);
        }
        if opts.nchars.is_some() {
            modes.local_flags.remove(LocalFlags::ICANON);
            modes.control_chars[SpecialCharacterIndices::VMIN as usize] = 1;
            modes.control_chars[SpecialCharacterIndices::VTIME as usize] = 0;
        }
        tcsetattr(borrowed, SetArg::TCSADRAIN, &modes).ok()?;
        Some(TerminalModes { fd, saved })
    }
}

impl Drop for TerminalModes {
    fn drop(&mut self) {
        // SAFETY: as in `set`.
        let borrowed = unsafe { BorrowedFd::borrow_raw(self.fd) };
        let _ = tcsetattr(borrowed, SetArg::TCSADRAIN, &self.saved);
    }
}

/// Why a byte could not be had.
enum Stop {
    End,
    TimedOut,
    Interrupted,
    Failed(Errno),
}

impl Stop {
    /// How the read ends, with what it got so far.
    fn outcome(self, line: Line) -> Outcome {
        match self {
            Stop::End => Outcome::End(line),
            Stop::TimedOut => Outcome::TimedOut(line),
            Stop::Interrupted => Outcome::Interrupted,
            Stop::Failed(e) => Outcome::Failed(e),
        }
    }
}

struct Reader {
    fd: RawFd,
    /// A seekable file is read in blocks; the rest is given back.
    seekable: bool,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    deadline: Option<Instant>,
}

impl Reader {
    fn new(fd: RawFd, timeout: Option<Duration>) -> Reader {
        // SAFETY: the descriptor was checked open; borrowed for the call.
        let borrowed = unsafe { BorrowedFd::borrow_raw(fd) };
        // As bash: whatever can seek may be read ahead and sought back;
        // pipes, terminals and sockets cannot.
        let seekable = lseek(borrowed, 0, Whence::SeekCur).is_ok();
        Reader {
            fd,
            seekable,
            buf: vec![0; if seekable { BLOCK } else { 1 }],
            start: 0,
            end: 0,
            deadline: timeout.map(|t| Instant::now() + t),
        }
    }

    fn byte(&mut self) -> Result<u8, Stop> {
        if self.start == self.end {
            self.fill()?;
        }
        let b = self.buf[self.start];
        self.start += 1;
        Ok(b)
    }

    fn fill(&mut self) -> Result<(), Stop> {
        // SAFETY: the descriptor stays open while `read` runs.
        let fd = unsafe { BorrowedFd::borrow_raw(self.fd) };
        loop {
            if let Some(deadline) = self.deadline {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() || !ready(self.fd, left) {
                    if signals::take_interrupt() {
                        return Err(Stop::Interrupted);
                    }
                    if Instant::now() < deadline {
                        continue;
                    }
                    return Err(Stop::TimedOut);
                }
            }
            match nix::unistd::read(fd, &mut self.buf) {
                Ok(0) => return Err(Stop::End),
                Ok(n) => {
                    self.start = 0;
                    self.end = n;
                    return Ok(());
                }
                Err(Errno::EINTR) => {
                    if signals::take_interrupt() {
                        return Err(Stop::Interrupted);
                    }
                    if signals::hangup_pending() {
                        return Err(Stop::Failed(Errno::EIO));
                    }
                }
                Err(e) => return Err(Stop::Failed(e)),
            }
        }
    }

    /// Seek back over what was read past the line.
    fn give_back(&mut self) {
        let back = self.end - self.start;
        if self.seekable && back > 0 {
            // SAFETY: as in `fill`.
            let fd = unsafe { BorrowedFd::borrow_raw(self.fd) };
            let _ = lseek(fd, -(back as i64), Whence::SeekCur);
            self.start = self.end;
        }
    }
}

/// A byte of the line, and whether a backslash quoted it (then it is
/// never a field separator).
type Line = Vec<(u8, bool)>;
/// Part of a [`Line`].
type Chars = [(u8, bool)];

enum Outcome {
    Line(Line),
    /// End of input before the delimiter: what was read is still used.
    End(Line),
    TimedOut(Line),
    Interrupted,
    Failed(Errno),
}

fn read_input(sh: &Shell, opts: &Options, reader: &mut Reader, ps2: Option<&str>) -> Outcome {
    let utf8 = opts.nchars.is_some() && sh.vars.utf8();
    let mut line = Line::new();
    let mut chars = 0;
    let mut quoted = false;
    loop {
        if opts.nchars.is_some_and(|n| chars >= n) {
            return Outcome::Line(line);
        }
        let c = match reader.byte() {
            Ok(c) => c,
            Err(stop) => return stop.outcome(line),
        };
        // NUL bytes cannot be in a variable; bash drops them.
        if c == 0 && opts.delim != Some(0) {
            continue;
        }
        if quoted {
            quoted = false;
            // Backslash-newline: the line goes on.
            if c != b'\n' {
                line.push((c, true));
                chars += 1;
            } else if let Some(ps2) = ps2 {
                let _ = write_all(2, ps2.as_bytes());
            }
            continue;
        }
        if c == b'\\' && !opts.raw {
            quoted = true;
            continue;
        }
        if Some(c) == opts.delim {
            return Outcome::Line(line);
        }
        line.push((c, false));
        chars += 1;
        if utf8 && c >= 0xc0 {
            // The rest of a UTF-8 character, which counts once.
            let more = if c >= 0xf0 {
                3
            } else if c >= 0xe0 {
                2
            } else {
                1
            };
            for _ in 0..more {
                match reader.byte() {
                    Ok(b) => line.push((b, false)),
                    Err(stop) => return stop.outcome(line),
                }
            }
        }
    }
}

/// Give the names their fields; a bad name stops it (status 1).
fn assign(sh: &mut Shell, opts: &Options, names: &[Vec<u8>], line: &Line) -> Result<(), i32> {
    let plain = |l: &Chars| l.iter().map(|&(b, _)| b).collect::<Vec<u8>>();
    let set = |sh: &mut Shell, name: &[u8], value: Vec<u8>| {
        if !is_name(name) {
            return Err(invalid_name(sh, name));
        }
        // Exported under `set -a`; a readonly name fails as bash's does.
        let assigned = sh.assign_var(name, value);
        sh.report_warnings();
        if assigned.is_err() {
            sh.error(format!("{}: readonly variable", super::lossy(name)));
            return Err(1);
        }
        Ok(())
    };
    let Some((last, first)) = names.split_last() else {
        // No name: REPLY gets the line as it was, blanks and all.
        return set(sh, b"REPLY", plain(line));
    };
    if opts.delim.is_none() {
        // `-N`: the characters as read, not split.
        let mut value = Some(plain(line));
        for name in names {
            set(sh, name, value.take().unwrap_or_default())?;
        }
        return Ok(());
    }
    let ifs = sh.vars.get(b"IFS").unwrap_or(b" \t\n").to_vec();
    let split = Split { ifs: &ifs };
    let mut rest = split.skip_white(line);
    for name in first {
        let (word, after) = split.word(rest);
        set(sh, name, plain(word))?;
        rest = after;
    }
    // The last name gets the rest of the line, unless what is left is
    // exactly one field (and its separator).
    let value = match split.word(rest) {
        (word, []) => word,
        _ => split.trim_white_end(rest),
    };
    set(sh, last, plain(value))
}

/// Field splitting of a line by IFS, as POSIX says for `read`.
struct Split<'a> {
    ifs: &'a [u8],
}

impl Split<'_> {
    fn is_sep(&self, &(b, quoted): &(u8, bool)) -> bool {
        !quoted && self.ifs.contains(&b)
    }

    fn is_white(&self, c: &(u8, bool)) -> bool {
        self.is_sep(c) && matches!(c.0, b' ' | b'\t' | b'\n')
    }

    fn skip_white<'l>(&self, mut s: &'l Chars) -> &'l Chars {
        while s.first().is_some_and(|c| self.is_white(c)) {
            s = &s[1..];
        }
        s
    }

    fn trim_white_end<'l>(&self, mut s: &'l Chars) -> &'l Chars {
        while s.last().is_some_and(|c| self.is_white(c)) {
            s = &s[..s.len() - 1];
        }
        s
    }

    /// The next field, and what follows its separator: IFS whitespace
    /// around at most one other IFS character.
    fn word<'l>(&self, s: &'l Chars) -> (&'l Chars, &'l Chars) {
        let end = s.iter().position(|c| self.is_sep(c)).unwrap_or(s.len());
        let (word, mut rest) = s.split_at(end);
        if let Some(sep) = rest.first() {
            let white = self.is_white(sep);
            rest = self.skip_white(&rest[1..]);
            if white
                && rest
                    .first()
                    .is_some_and(|c| self.is_sep(c) && !self.is_white(c))
            {
                rest = self.skip_white(&rest[1..]);
            }
        }
        (word, rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(s: &str) -> Line {
        s.bytes().map(|b| (b, false)).collect()
    }

    #[test]
    fn timeouts() {
        assert_eq!(timeout(b"1.5"), Some(Duration::from_millis(1500)));
        assert_eq!(timeout(b".25"), Some(Duration::from_millis(250)));
        assert_eq!(timeout(b"0"), Some(Duration::ZERO));
        assert_eq!(timeout(b"-1"), None);
        assert_eq!(timeout(b"."), None);
        assert_eq!(timeout(b"x"), None);
    }

    #[test]
    fn fields() {
        let split = Split { ifs: b": " };
        let l = line("a  :  b  ");
        let (w, rest) = split.word(&l);
        assert_eq!(w, &line("a")[..]);
        assert_eq!(rest, &line("b  ")[..]);
    }
}
