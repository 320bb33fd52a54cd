//! `test EXPR` and `[ EXPR ]`, as bash's builtins.
//!
//! Up to four arguments follow POSIX's rules by count (so `test ! = x` and
//! `test -n -a` mean what POSIX says); more are parsed as an expression:
//! `-o` binds looser than `-a`, `!` and parentheses nest. Errors are
//! bash's words with status 2.

use std::ffi::CString;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};

use super::lossy;
use crate::state::shell::Shell;

/// Status of a malformed expression.
const SYNTAX: i32 = 2;

pub fn run_test(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    evaluate(sh, "test", &args[1..])
}

pub fn run_bracket(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    match args[1..].split_last() {
        Some((last, rest)) if last == b"]" => evaluate(sh, "[", rest),
        _ => {
            sh.error("[: missing `]'");
            SYNTAX
        }
    }
}

fn evaluate(sh: &Shell, name: &str, args: &[Vec<u8>]) -> i32 {
    let mut t = Test { sh, args, pos: 0 };
    match t.posix() {
        Ok(true) => 0,
        Ok(false) => 1,
        Err(msg) => {
            sh.error(format!("{name}: {msg}"));
            SYNTAX
        }
    }
}

type Eval = Result<bool, String>;

struct Test<'a> {
    sh: &'a Shell,
    args: &'a [Vec<u8>],
    pos: usize,
}

fn is(arg: &[u8], s: &str) -> bool {
    arg == s.as_bytes()
}

fn is_binary(op: &[u8]) -> bool {
    matches!(
        op,
        b"=" | b"=="
            | b"!="
            | b"<"
            | b">"
            | b"-nt"
            | b"-ot"
            | b"-ef"
            | b"-eq"
            | b"-ne"
            | b"-lt"
            | b"-le"
            | b"-gt"
            | b"-ge"
    )
}

fn is_unary(op: &[u8]) -> bool {
    matches!(op, [b'-', c] if b"abcdefghknoprstuvwxzGLOSN".contains(c))
}

impl<'a> Test<'a> {
    fn arg(&self, i: usize) -> &'a [u8] {
        let args: &'a [Vec<u8>] = self.args;
        &args[self.pos + i]
    }

    fn left(&self) -> usize {
        self.args.len() - self.pos
    }

    /// POSIX's rules for 0 to 4 arguments; the grammar beyond.
    fn posix(&mut self) -> Eval {
        let value = match self.left() {
            0 => false,
            1 => {
                self.pos += 1;
                !self.args[0].is_empty()
            }
            2 => self.two()?,
            3 => self.three()?,
            4 => self.four()?,
            _ => self.expr()?,
        };
        if self.pos < self.args.len() {
            return Err("too many arguments".into());
        }
        Ok(value)
    }

    fn two(&mut self) -> Eval {
        let (a, b) = (self.arg(0), self.arg(1));
        let value = if is(a, "!") {
            b.is_empty()
        } else if is_unary(a) {
            self.unary(a, b)?
        } else {
            return Err(format!("{}: unary operator expected", lossy(a)));
        };
        self.pos += 2;
        Ok(value)
    }

    fn three(&mut self) -> Eval {
        let (a, op, b) = (self.arg(0), self.arg(1), self.arg(2));
        let value = if is_binary(op) {
            self.binary(a, op, b)?
        } else if is(op, "-a") {
            !a.is_empty() && !b.is_empty()
        } else if is(op, "-o") {
            !a.is_empty() || !b.is_empty()
        } else if is(a, "!") {
            self.pos += 1;
            return Ok(!self.two()?);
        } else if is(a, "(") && is(b, ")") {
            !op.is_empty()
        } else {
            return Err(format!("{}: binary operator expected", lossy(op)));
        };
        self.pos += 3;
        Ok(value)
    }

    fn four(&mut self) -> Eval {
        if is(self.arg(0), "!") {
            self.pos += 1;
            return Ok(!self.three()?);
        }
        if is(self.arg(0), "(") && is(self.arg(3), ")") {
            self.pos += 1;
            let value = self.two()?;
            self.pos += 1;
            return Ok(value);
        }
        self.expr()
    }

    /// expr: and ( -o and )*
    fn expr(&mut self) -> Eval {
        let mut value = self.and()?;
        while self.pos < self.args.len() && is(self.arg(0), "-o") {
            self.advance(true)?;
            // Both sides are parsed whatever the left one gave.
            let right = self.and()?;
            value = value || right;
        }
        Ok(value)
    }

    /// and: term ( -a term )*
    fn and(&mut self) -> Eval {
        let mut value = self.term()?;
        while self.pos < self.args.len() && is(self.arg(0), "-a") {
            self.advance(true)?;
            let right = self.term()?;
            value = value && right;
        }
        Ok(value)
    }

    /// Step over an argument; with `more`, one must follow.
    fn advance(&mut self, more: bool) -> Result<(), String> {
        self.pos += 1;
        if more && self.pos >= self.args.len() {
            return Err("argument expected".into());
        }
        Ok(())
    }

    fn term(&mut self) -> Eval {
        if self.pos >= self.args.len() {
            return Err("argument expected".into());
        }
        if is(self.arg(0), "!") {
            self.advance(true)?;
            return Ok(!self.term()?);
        }
        if is(self.arg(0), "(") {
            self.advance(true)?;
            let value = self.expr()?;
            if self.pos >= self.args.len() {
                return Err("`)' expected".into());
            }
            if !is(self.arg(0), ")") {
                return Err(format!("`)' expected, found {}", lossy(self.arg(0))));
            }
            self.pos += 1;
            return Ok(value);
        }
        if self.left() >= 3 && is_binary(self.arg(1)) {
            let value = self.binary(self.arg(0), self.arg(1), self.arg(2))?;
            self.pos += 3;
            return Ok(value);
        }
        let a = self.arg(0);
        if a.len() == 2 && a[0] == b'-' {
            if !is_unary(a) {
                return Err(format!("{}: unary operator expected", lossy(a)));
            }
            if a == b"-t" {
                return Ok(self.tty_in_expression());
            }
            self.advance(true)?;
            let value = self.unary(a, self.arg(0))?;
            self.pos += 1;
            return Ok(value);
        }
        self.pos += 1;
        Ok(!a.is_empty())
    }

    /// `-t` inside a longer expression: bash takes a following number as
    /// its descriptor, else tests standard output.
    fn tty_in_expression(&mut self) -> bool {
        self.pos += 1;
        if self.pos >= self.args.len() {
            return is_tty(1);
        }
        match integer(self.arg(0)) {
            Some(fd) => {
                self.pos += 1;
                i32::try_from(fd).is_ok_and(is_tty)
            }
            None => false,
        }
    }

    fn unary(&self, op: &[u8], arg: &[u8]) -> Eval {
        let c = op[1];
        Ok(match c {
            b'n' => !arg.is_empty(),
            b'z' => arg.is_empty(),
            b't' => integer(arg)
                .and_then(|fd| i32::try_from(fd).ok())
                .is_some_and(is_tty),
            b'v' => self.sh.vars.get(arg).is_some(),
            b'o' => option_is_on(self.sh, arg)?,
            b'h' | b'L' => symlink_meta(arg).is_some_and(|m| m.file_type().is_symlink()),
            b'r' => access(arg, libc::R_OK),
            b'w' => access(arg, libc::W_OK),
            b'x' => access(arg, libc::X_OK),
            _ => {
                let Some(m) = meta(arg) else {
                    return Ok(false);
                };
                let t = m.file_type();
                match c {
                    b'a' | b'e' => true,
                    b'b' => t.is_block_device(),
                    b'c' => t.is_char_device(),
                    b'd' => t.is_dir(),
                    b'f' => t.is_file(),
                    b'p' => t.is_fifo(),
                    b'S' => t.is_socket(),
                    b's' => m.len() > 0,
                    b'g' => m.permissions().mode() & 0o2000 != 0,
                    b'u' => m.permissions().mode() & 0o4000 != 0,
                    b'k' => m.permissions().mode() & 0o1000 != 0,
                    b'O' => m.uid() == nix::unistd::geteuid().as_raw(),
                    b'G' => m.gid() == nix::unistd::getegid().as_raw(),
                    // Modified since it was last read.
                    b'N' => (m.mtime(), m.mtime_nsec()) > (m.atime(), m.atime_nsec()),
                    _ => false,
                }
            }
        })
    }

    fn binary(&self, a: &[u8], op: &[u8], b: &[u8]) -> Eval {
        Ok(match op {
            b"=" | b"==" => a == b,
            b"!=" => a != b,
            // Bytes, not the locale's collation: bash's test (not `[[`).
            b"<" => a < b,
            b">" => a > b,
            b"-nt" | b"-ot" => {
                let (ma, mb) = (meta(a), meta(b));
                let time = |m: &std::fs::Metadata| (m.mtime(), m.mtime_nsec());
                let (newer, older) = if op == b"-nt" { (&ma, &mb) } else { (&mb, &ma) };
                match (newer, older) {
                    (Some(n), Some(o)) => time(n) > time(o),
                    (Some(_), None) => true,
                    _ => false,
                }
            }
            b"-ef" => match (meta(a), meta(b)) {
                (Some(x), Some(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
                _ => false,
            },
            _ => {
                let x = integer(a).ok_or_else(|| not_integer(a))?;
                let y = integer(b).ok_or_else(|| not_integer(b))?;
                match op {
                    b"-eq" => x == y,
                    b"-ne" => x != y,
                    b"-lt" => x < y,
                    b"-le" => x <= y,
                    b"-gt" => x > y,
                    _ => x >= y,
                }
            }
        })
    }
}

/// `-o NAME`: is the shell option on? A name that is no option is false,
/// as in bash; one of bash's options jsh does not keep is an error rather
/// than a guess.
fn option_is_on(sh: &Shell, name: &[u8]) -> Eval {
    const BASH_ONLY: &[&[u8]] = &[
        b"braceexpand",
        b"errtrace",
        b"functrace",
        b"histexpand",
        b"history",
        b"keyword",
        b"nolog",
        b"onecmd",
        b"physical",
        b"posix",
        b"privileged",
    ];
    if let Some(&(_, on)) = sh
        .options
        .listing(sh.job_control)
        .iter()
        .find(|(n, _)| n.as_bytes() == name)
    {
        return Ok(on);
    }
    Ok(match name {
        // Comments are always comments in jsh.
        b"interactive-comments" => true,
        n if BASH_ONLY.contains(&n) => {
            return Err(format!("-o: {}: option not supported by jsh", lossy(n)));
        }
        _ => false,
    })
}

fn not_integer(arg: &[u8]) -> String {
    format!("{}: integer expression expected", lossy(arg))
}

/// A decimal integer as bash's `legal_number` takes it: blanks around,
/// an optional sign, and nothing that overflows.
fn integer(arg: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(arg).ok()?;
    let text = text.trim_matches(|c: char| c == ' ' || c == '\t' || c == '\n');
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.strip_prefix('+').unwrap_or(text).parse().ok()
}

fn path(arg: &[u8]) -> &std::path::Path {
    std::path::Path::new(std::ffi::OsStr::from_bytes(arg))
}

use std::os::unix::ffi::OsStrExt;

fn meta(arg: &[u8]) -> Option<std::fs::Metadata> {
    if arg.is_empty() {
        return None;
    }
    std::fs::metadata(path(arg)).ok()
}

fn symlink_meta(arg: &[u8]) -> Option<std::fs::Metadata> {
    if arg.is_empty() {
        return None;
    }
    std::fs::symlink_metadata(path(arg)).ok()
}

/// May this process read, write or run the file, by its effective ids
/// (as bash's eaccess)?
fn access(arg: &[u8], mode: libc::c_int) -> bool {
    let Ok(c) = CString::new(arg) else {
        return false;
    };
    if arg.is_empty() {
        return false;
    }
    // SAFETY: `c` is a valid C string; faccessat only reads it.
    unsafe { libc::faccessat(libc::AT_FDCWD, c.as_ptr(), mode, libc::AT_EACCESS) == 0 }
}

fn is_tty(fd: i32) -> bool {
    // SAFETY: isatty only inspects the descriptor number.
    unsafe { libc::isatty(fd) == 1 }
}

#[cfg(test)]
mod tests {
    use super::integer;

    #[test]
    fn integers_as_bash_reads_them() {
        assert_eq!(integer(b" 12 "), Some(12));
        assert_eq!(integer(b"+3"), Some(3));
        assert_eq!(integer(b"-1"), Some(-1));
        assert_eq!(integer(b"010"), Some(10));
        assert_eq!(integer(b""), None);
        assert_eq!(integer(b"0x10"), None);
        assert_eq!(integer(b"1x"), None);
        assert_eq!(integer(b"99999999999999999999"), None);
    }
}
