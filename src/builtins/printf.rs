//! `printf [-v var] format [arguments]`, as bash's builtin.
//!
//! The format is applied again while arguments remain (and it consumed
//! some); a missing argument is an empty string or zero. Numbers are read
//! as C's strtoll/strtoull/strtod read them (bash does the same), so that
//! `0x1f`, `010`, ` 12` and `'a` mean what they mean in bash; a bad number
//! is reported and its value so far is printed (POSIX), with status 1.

use std::ffi::{CStr, CString, c_char};

use super::{lossy, print};
use crate::state::shell::{Shell, strerror, write_all};
use crate::syntax::lexer::is_name;

const USAGE: &str = "printf: usage: printf [-v var] format [arguments]\n";

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut rest = &args[1..];
    let mut var = None;
    while let Some(arg) = rest.first() {
        match arg.as_slice() {
            b"--" => {
                rest = &rest[1..];
                break;
            }
            b"-v" => {
                let Some(name) = rest.get(1) else {
                    sh.error("printf: -v: option requires an argument");
                    let _ = write_all(2, USAGE.as_bytes());
                    return 2;
                };
                var = Some(name.clone());
                rest = &rest[2..];
            }
            [b'-', b'v', name @ ..] => {
                var = Some(name.to_vec());
                rest = &rest[1..];
            }
            [b'-', c, ..] => {
                sh.error(format!("printf: -{}: invalid option", *c as char));
                let _ = write_all(2, USAGE.as_bytes());
                return 2;
            }
            _ => break,
        }
    }
    if let Some(name) = &var
        && !is_name(name)
    {
        sh.error(format!("printf: `{}': not a valid identifier", lossy(name)));
        return 2;
    }
    let Some((format, operands)) = rest.split_first() else {
        let _ = write_all(2, USAGE.as_bytes());
        return 2;
    };
    let mut p = Printf {
        sh,
        args: operands,
        next: 0,
        out: Vec::new(),
        status: 0,
        to_var: var.is_some(),
        write_failed: false,
    };
    loop {
        let before = p.next;
        if p.format(format).is_err() {
            break;
        }
        // Again while arguments are left, if this round took any.
        if p.next == before || p.next >= p.args.len() {
            break;
        }
    }
    p.flush(false);
    let Printf {
        out,
        status,
        write_failed,
        ..
    } = p;
    match var {
        Some(name) => {
            sh.vars.set(&name, out);
            sh.report_warnings();
            status
        }
        None if write_failed => 1,
        None => status,
    }
}

/// Why the output stops early: `\c`, or a bad conversion.
struct Stop;

struct Printf<'a> {
    sh: &'a Shell,
    args: &'a [Vec<u8>],
    next: usize,
    out: Vec<u8>,
    status: i32,
    /// `-v`: the output is the variable's value, written nowhere.
    to_var: bool,
    write_failed: bool,
}

/// One `%...` directive: its flags, width and precision as given.
#[derive(Default)]
struct Spec {
    flags: Vec<u8>,
    width: Option<i64>,
    precision: Option<i64>,
}

impl Printf<'_> {
    /// Write what is formatted so far: everything, or with `lines` up to
    /// the last newline. bash's standard output is line-buffered, so its
    /// error messages come between lines (when both share a file).
    fn flush(&mut self, lines: bool) {
        if self.to_var {
            return;
        }
        let end = if lines {
            self.out
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
        } else {
            self.out.len()
        };
        if end == 0 {
            return;
        }
        if !self.write_failed && print(self.sh, "printf", &self.out[..end]) != 0 {
            self.write_failed = true;
        }
        self.out.drain(..end);
    }

    fn error(&mut self, msg: impl AsRef<[u8]>) {
        self.flush(true);
        let mut line = b"printf: ".to_vec();
        line.extend_from_slice(msg.as_ref());
        self.sh.error(line);
    }

    fn next_arg(&mut self) -> Option<&[u8]> {
        let arg = self.args.get(self.next)?;
        self.next += 1;
        Some(arg)
    }

    /// One pass over the format.
    fn format(&mut self, fmt: &[u8]) -> Result<(), Stop> {
        let mut i = 0;
        while i < fmt.len() {
            match fmt[i] {
                b'\\' => i = self.format_escape(fmt, i + 1),
                b'%' if fmt.get(i + 1) == Some(&b'%') => {
                    self.out.push(b'%');
                    i += 2;
                }
                b'%' => i = self.directive(fmt, i)?,
                c => {
                    self.out.push(c);
                    i += 1;
                }
            }
        }
        Ok(())
    }

    /// A backslash escape of the format itself, `at` just after the `\`;
    /// returns where the format goes on.
    fn format_escape(&mut self, fmt: &[u8], at: usize) -> usize {
        let utf8 = self.sh.vars.utf8();
        match escape(&fmt[at..], Escapes::Format, utf8, &mut self.out) {
            Ok(used) => at + used,
            Err(msg) => {
                self.error(msg);
                at + 1
            }
        }
    }

    /// The directive starting at `fmt[start]` (`%`); returns where the
    /// format goes on.
    fn directive(&mut self, fmt: &[u8], start: usize) -> Result<usize, Stop> {
        let mut i = start + 1;
        let mut spec = Spec::default();
        while let Some(&c) = fmt.get(i).filter(|c| b"#-+ 0'".contains(c)) {
            spec.flags.push(c);
            i += 1;
        }
        if fmt.get(i) == Some(&b'*') {
            spec.width = Some(self.int_arg());
            i += 1;
        } else {
            let (n, used) = digits(&fmt[i..]);
            spec.width = n;
            i += used;
        }
        if fmt.get(i) == Some(&b'.') {
            i += 1;
            if fmt.get(i) == Some(&b'*') {
                spec.precision = Some(self.int_arg());
                i += 1;
            } else {
                let (n, used) = digits(&fmt[i..]);
                spec.precision = Some(n.unwrap_or(0));
                i += used;
            }
        }
        // Length modifiers mean nothing here: every integer is 64 bits.
        while fmt.get(i).is_some_and(|c| b"hjlLtz".contains(c)) {
            i += 1;
        }
        if spec.width.is_some_and(|w| w < 0) {
            spec.flags.push(b'-');
            spec.width = spec.width.map(i64::unsigned_abs).map(|w| w as i64);
        }
        if spec.precision.is_some_and(|p| p < 0) {
            spec.precision = None;
        }
        let Some(&conv) = fmt.get(i) else {
            self.error(format!(
                "`{}': missing format character",
                lossy(&fmt[start..])
            ));
            self.status = 1;
            return Err(Stop);
        };
        i += 1;
        match conv {
            b's' => {
                let arg = self.next_arg().unwrap_or_default().to_vec();
                self.pad(&spec, &arg);
            }
            b'b' => {
                let arg = self.next_arg().unwrap_or_default().to_vec();
                let mut text = Vec::new();
                let mut warnings = Vec::new();
                let stop = expand_b(&arg, self.sh.vars.utf8(), &mut text, |m| {
                    warnings.push(m.to_string());
                });
                for warning in warnings {
                    self.error(warning);
                }
                self.pad(&spec, &text);
                if stop {
                    return Err(Stop);
                }
            }
            b'q' => {
                let arg = self.next_arg().unwrap_or_default().to_vec();
                self.pad(&spec, &quote(&arg));
            }
            b'c' => {
                let c = self
                    .next_arg()
                    .map_or(0, |a| a.first().copied().unwrap_or(0));
                let spec = Spec {
                    precision: None,
                    ..spec
                };
                self.pad(&spec, &[c]);
            }
            b'd' | b'i' => {
                let n = self.int_arg();
                self.c_format(&spec, &[b'l', b'l', conv], Number::Int(n));
            }
            b'o' | b'u' | b'x' | b'X' => {
                let n = self.uint_arg();
                self.c_format(&spec, &[b'l', b'l', conv], Number::Uint(n));
            }
            b'e' | b'E' | b'f' | b'F' | b'g' | b'G' | b'a' | b'A' => {
                let x = self.float_arg();
                self.c_format(&spec, &[conv], Number::Float(x));
            }
            b'(' => return self.time(fmt, i, &spec),
            _ => {
                self.error(format!("`{}': invalid format character", conv as char));
                self.status = 1;
                return Err(Stop);
            }
        }
        Ok(i)
    }

    /// `%(strftime)T`, bash's: the argument is seconds since the epoch,
    /// -1 (or none) now, -2 when the shell started (taken as now).
    fn time(&mut self, fmt: &[u8], open: usize, spec: &Spec) -> Result<usize, Stop> {
        let Some(len) = fmt[open..].iter().position(|&b| b == b')') else {
            self.error("`(': missing time format specification");
            self.status = 1;
            return Err(Stop);
        };
        let close = open + len;
        if fmt.get(close + 1) != Some(&b'T') {
            let c = fmt
                .get(close + 1)
                .map_or(String::new(), |&c| (c as char).to_string());
            self.error(format!("`{c}': invalid format character"));
            self.status = 1;
            return Err(Stop);
        }
        let secs = if self.next < self.args.len() {
            self.int_arg()
        } else {
            -1
        };
        let text = strftime(&fmt[open..close], secs);
        self.pad(spec, &text);
        Ok(close + 2)
    }

    /// `text` in a field of the spec's width, cut to its precision.
    fn pad(&mut self, spec: &Spec, text: &[u8]) {
        let text = match spec.precision {
            Some(p) => &text[..text.len().min(usize::try_from(p).unwrap_or(usize::MAX))],
            None => text,
        };
        let width = spec
            .width
            .and_then(|w| usize::try_from(w).ok())
            .unwrap_or(0);
        let fill = width.saturating_sub(text.len());
        let left = spec.flags.contains(&b'-');
        if !left {
            self.out.resize(self.out.len() + fill, b' ');
        }
        self.out.extend_from_slice(text);
        if left {
            self.out.resize(self.out.len() + fill, b' ');
        }
    }

    /// A numeric conversion through the C library's snprintf: it is what
    /// bash uses, and the only sound way to get C's exact rounding and
    /// layout of `%g`, `%e`, `%a` and the flags. (bash reads floating
    /// arguments as long double, which Rust cannot pass; double, as dash
    /// and POSIX's C-constant rule use, differs only beyond 17 digits or
    /// outside double's range.)
    fn c_format(&mut self, spec: &Spec, conv: &[u8], n: Number) {
        let mut f = b"%".to_vec();
        f.extend_from_slice(&spec.flags);
        if let Some(w) = spec.width {
            f.extend_from_slice(w.to_string().as_bytes());
        }
        if let Some(p) = spec.precision {
            f.push(b'.');
            f.extend_from_slice(p.to_string().as_bytes());
        }
        f.extend_from_slice(conv);
        let Ok(f) = CString::new(f) else {
            return;
        };
        let call = |buf: *mut c_char, len: usize| -> i32 {
            // SAFETY: the format holds one conversion, whose argument type
            // (long long, unsigned long long or double) is the one passed;
            // `buf` has room for `len` bytes (or is null with len 0).
            unsafe {
                match n {
                    Number::Int(v) => libc::snprintf(buf, len, f.as_ptr(), v as libc::c_longlong),
                    Number::Uint(v) => libc::snprintf(buf, len, f.as_ptr(), v as libc::c_ulonglong),
                    Number::Float(v) => libc::snprintf(buf, len, f.as_ptr(), v),
                }
            }
        };
        // A width too large for C (as bash's output shows) prints nothing.
        let Ok(need) = usize::try_from(call(std::ptr::null_mut(), 0)) else {
            return;
        };
        let mut buf = vec![0u8; need + 1];
        if call(buf.as_mut_ptr().cast(), buf.len()) >= 0 {
            buf.truncate(need);
            self.out.extend_from_slice(&buf);
        }
    }

    fn int_arg(&mut self) -> i64 {
        let Some(arg) = self.next_arg().map(<[u8]>::to_vec) else {
            return 0;
        };
        if let Some(c) = char_code(&arg, self.sh.vars.utf8()) {
            return c;
        }
        self.convert(&arg, |s, end| {
            // SAFETY: `s` is a valid C string; strtoll writes `end` only.
            unsafe { libc::strtoll(s, end, 0) }
        })
    }

    fn uint_arg(&mut self) -> u64 {
        let Some(arg) = self.next_arg().map(<[u8]>::to_vec) else {
            return 0;
        };
        if let Some(c) = char_code(&arg, self.sh.vars.utf8()) {
            return c as u64;
        }
        self.convert(&arg, |s, end| {
            // SAFETY: as in int_arg.
            unsafe { libc::strtoull(s, end, 0) }
        })
    }

    fn float_arg(&mut self) -> f64 {
        let Some(arg) = self.next_arg().map(<[u8]>::to_vec) else {
            return 0.0;
        };
        if let Some(c) = char_code(&arg, self.sh.vars.utf8()) {
            return c as f64;
        }
        self.convert(&arg, |s, end| {
            // SAFETY: as in int_arg.
            unsafe { libc::strtod(s, end) }
        })
    }

    /// Read a number with a C conversion function; report what is wrong
    /// with it as bash does.
    fn convert<T: Default>(
        &mut self,
        arg: &[u8],
        parse: impl Fn(*const c_char, *mut *mut c_char) -> T,
    ) -> T {
        let Ok(text) = CString::new(arg) else {
            return T::default();
        };
        let mut end: *mut c_char = std::ptr::null_mut();
        nix::errno::Errno::clear();
        let value = parse(text.as_ptr(), &mut end);
        let errno = nix::errno::Errno::last();
        // SAFETY: the conversion leaves `end` inside `text` (or at its
        // start when nothing was read).
        let rest = unsafe { CStr::from_ptr(end) };
        if !rest.is_empty() {
            self.error(format!("{}: {}", lossy(arg), invalid_number(arg)));
            self.status = 1;
        } else if errno == nix::errno::Errno::ERANGE {
            self.error(format!("warning: {}: {}", lossy(arg), strerror(errno)));
        }
        value
    }
}

#[derive(Clone, Copy)]
enum Number {
    Int(i64),
    Uint(u64),
    Float(f64),
}

/// bash's words for a bad number, chosen by how it starts.
fn invalid_number(arg: &[u8]) -> &'static str {
    match arg {
        [b'0', d, ..] if d.is_ascii_digit() => "invalid octal number",
        [b'0', b'x', ..] => "invalid hex number",
        _ => "invalid number",
    }
}

/// `'c` or `"c`: the code of the character after the quote (0 if none):
/// its first byte, or in a UTF-8 locale the whole character.
fn char_code(arg: &[u8], utf8: bool) -> Option<i64> {
    let [b'\'' | b'"', rest @ ..] = arg else {
        return None;
    };
    let byte = rest.first().map_or(0, |&b| i64::from(b));
    if !utf8 {
        return Some(byte);
    }
    let len = rest.len().min(4);
    let decoded = (1..=len)
        .find_map(|n| std::str::from_utf8(&rest[..n]).ok())
        .and_then(|s| s.chars().next());
    Some(decoded.map_or(byte, |c| i64::from(u32::from(c))))
}

/// A run of decimal digits: its value (saturated) and length.
fn digits(s: &[u8]) -> (Option<i64>, usize) {
    let len = s.iter().take_while(|b| b.is_ascii_digit()).count();
    if len == 0 {
        return (None, 0);
    }
    let value = s[..len].iter().fold(0i64, |n, &d| {
        n.saturating_mul(10).saturating_add(i64::from(d - b'0'))
    });
    (Some(value), len)
}

/// Where an escape is met: the format, or a `%b` argument (echo's rules:
/// `\0NNN`, and `\c` ends the output).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Escapes {
    Format,
    Argument,
}

/// Decode the escape whose letter starts `s` (just after a `\`), append
/// it to `out`; the bytes used. An error leaves `\` and the letter as they
/// are and says why.
fn escape(s: &[u8], mode: Escapes, utf8: bool, out: &mut Vec<u8>) -> Result<usize, String> {
    let Some(&c) = s.first() else {
        out.push(b'\\');
        return Ok(0);
    };
    if let Some(b) = crate::syntax::escapes::control(c) {
        out.push(b);
        return Ok(1);
    }
    let number = |radix: u32, from: usize, max: usize| {
        let len = s[from..]
            .iter()
            .take(max)
            .take_while(|b| (**b as char).is_digit(radix))
            .count();
        let value = s[from..from + len].iter().fold(0u32, |n, &d| {
            n * radix + (d as char).to_digit(radix).unwrap_or(0)
        });
        (value, len)
    };
    match c {
        b'"' | b'?' | b'\'' if mode == Escapes::Format => {
            out.push(c);
            Ok(1)
        }
        b'0' if mode == Escapes::Argument => {
            let (v, len) = number(8, 1, 3);
            out.push(v as u8);
            Ok(1 + len)
        }
        b'0'..=b'7' => {
            let (v, len) = number(8, 0, 3);
            out.push(v as u8);
            Ok(len)
        }
        b'x' => match number(16, 1, 2) {
            (_, 0) => {
                out.extend_from_slice(b"\\x");
                Err("missing hex digit for \\x".into())
            }
            (v, len) => {
                out.push(v as u8);
                Ok(1 + len)
            }
        },
        b'u' | b'U' => {
            let max = if c == b'u' { 4 } else { 8 };
            match number(16, 1, max) {
                (_, 0) => {
                    out.extend_from_slice(&[b'\\', c]);
                    Err(format!("missing unicode digit for \\{}", c as char))
                }
                (v, len) => {
                    push_unicode(v, c, utf8, out);
                    Ok(1 + len)
                }
            }
        }
        _ => {
            out.extend_from_slice(&[b'\\', c]);
            Ok(1)
        }
    }
}

/// A `\u` character: UTF-8 in a UTF-8 locale; elsewhere ASCII as itself
/// and the rest as the escape, as bash writes it.
fn push_unicode(v: u32, letter: u8, utf8: bool, out: &mut Vec<u8>) {
    match char::from_u32(v) {
        Some(ch) if v < 0x80 || utf8 => {
            let mut buf = [0; 4];
            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        }
        _ if letter == b'u' => out.extend_from_slice(format!("\\u{v:04X}").as_bytes()),
        _ => out.extend_from_slice(format!("\\U{v:08X}").as_bytes()),
    }
}

/// `%b`: the argument with its escapes decoded; true at `\c`, which ends
/// all output.
fn expand_b(arg: &[u8], utf8: bool, out: &mut Vec<u8>, mut warn: impl FnMut(&str)) -> bool {
    let mut i = 0;
    while i < arg.len() {
        if arg[i] != b'\\' {
            out.push(arg[i]);
            i += 1;
            continue;
        }
        if arg.get(i + 1) == Some(&b'c') {
            return true;
        }
        match escape(&arg[i + 1..], Escapes::Argument, utf8, out) {
            Ok(used) => i += 1 + used.max(1),
            Err(msg) => {
                warn(&msg);
                i += 2;
            }
        }
    }
    false
}

/// `%q`: the argument quoted for reuse as shell input, as bash quotes it
/// (backslashes; `$'...'` when it holds anything unprintable).
fn quote(arg: &[u8]) -> Vec<u8> {
    if arg.is_empty() {
        return b"''".to_vec();
    }
    if arg.iter().any(|&b| !(0x20..0x7f).contains(&b)) {
        return ansi_c_quote(arg);
    }
    let mut out = Vec::with_capacity(arg.len() * 2);
    for (i, &b) in arg.iter().enumerate() {
        let special = match b {
            b' ' | b'\'' | b'"' | b'\\' | b'|' | b'&' | b';' | b'(' | b')' | b'<' | b'>' | b'!'
            | b'{' | b'}' | b'*' | b'[' | b'?' | b']' | b'^' | b'$' | b'`' | b',' => true,
            b'~' => i == 0 || matches!(arg[i - 1], b'=' | b':'),
            b'#' => i == 0,
            _ => false,
        };
        if special {
            out.push(b'\\');
        }
        out.push(b);
    }
    out
}

/// `$'...'` with bash's escapes (`ansic_quote`).
fn ansi_c_quote(arg: &[u8]) -> Vec<u8> {
    let mut out = b"$'".to_vec();
    for &b in arg {
        let letter = match b {
            b'\\' | b'\'' => Some(b),
            _ => crate::syntax::escapes::letter(b),
        };
        match letter {
            Some(l) => out.extend_from_slice(&[b'\\', l]),
            None if (0x20..0x7f).contains(&b) => out.push(b),
            None => out.extend_from_slice(format!("\\{b:03o}").as_bytes()),
        }
    }
    out.push(b'\'');
    out
}

/// The local time `secs` (-1: now) through strftime.
fn strftime(format: &[u8], secs: i64) -> Vec<u8> {
    let Ok(fmt) = CString::new(if format.is_empty() { b"%X" } else { format }) else {
        return Vec::new();
    };
    // SAFETY: time, localtime_r and strftime write only into the values
    // and the buffer given, whose size is passed.
    unsafe {
        let t: libc::time_t = if secs < 0 {
            libc::time(std::ptr::null_mut())
        } else {
            secs
        };
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&t, &mut tm).is_null() {
            return Vec::new();
        }
        let mut buf = vec![0u8; 256 + format.len() * 16];
        let n = libc::strftime(buf.as_mut_ptr().cast(), buf.len(), fmt.as_ptr(), &tm);
        buf.truncate(n);
        buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b_escapes() {
        let mut out = Vec::new();
        assert!(!expand_b(br"\101\0101\x41\q\", false, &mut out, |_| {}));
        assert_eq!(out, b"AAA\\q\\");
        let mut out = Vec::new();
        assert!(expand_b(br"x\cy", false, &mut out, |_| {}));
        assert_eq!(out, b"x");
    }

    #[test]
    fn quoting() {
        assert_eq!(quote(b"a b"), b"a\\ b");
        assert_eq!(quote(b"a=~b"), b"a=\\~b");
        assert_eq!(quote(b"x~"), b"x~");
        assert_eq!(quote(b""), b"''");
    }
}
