//! `set` with no arguments: every variable as `name=value`, sorted by
//! name, each value quoted as bash quotes it so that the output can be
//! read back. Functions are not listed, as in POSIX (bash lists them
//! after the variables unless in POSIX mode).

use super::{print, single_quoted};
use crate::expand::word::Params;
use crate::state::shell::Shell;

pub fn list(sh: &Shell) -> i32 {
    let mut names: Vec<Vec<u8>> = sh.vars.names().map(<[u8]>::to_vec).collect();
    // bash and dash sort by bytes, whatever the locale.
    names.sort();
    let utf8 = sh.vars.utf8();
    let mut out = Vec::new();
    for name in names {
        // Through `param`: $RANDOM, $SECONDS and $LINENO show their values.
        // (bash hides these three until they are first used.)
        let Some(value) = sh.param(&name) else {
            continue;
        };
        out.extend_from_slice(&name);
        out.push(b'=');
        out.extend_from_slice(&reusable(&value, utf8));
        out.push(b'\n');
    }
    print(sh, "set", &out)
}

/// A value as bash's `set` shows it: `$'...'` when something in it is not
/// printable, `'...'` when something is special to the shell, else as is.
pub(crate) fn reusable(value: &[u8], utf8: bool) -> Vec<u8> {
    if !all_printable(value, utf8) {
        return ansi_c_quoted(value, utf8);
    }
    if has_shell_metas(value) {
        return single_quoted(value);
    }
    value.to_vec()
}

/// `="value"` as bash's `declare` listings (`export -p`, `readonly -p`)
/// show a value: in double quotes, or `$'...'` when something in it is
/// not printable.
pub(crate) fn declare_value(out: &mut Vec<u8>, value: &[u8], utf8: bool) {
    out.push(b'=');
    if all_printable(value, utf8) {
        out.push(b'"');
        super::export::escape_into(out, value);
        out.push(b'"');
    } else {
        out.extend_from_slice(&ansi_c_quoted(value, utf8));
    }
}

/// bash's `sh_contains_shell_metas`.
fn has_shell_metas(value: &[u8]) -> bool {
    value.iter().enumerate().any(|(i, &b)| match b {
        b' ' | b'\t' | b'\n' | b'\'' | b'"' | b'\\' | b'|' | b'&' | b';' | b'(' | b')' | b'<'
        | b'>' | b'!' | b'{' | b'}' | b'*' | b'[' | b'?' | b']' | b'^' | b'$' | b'`' => true,
        b'~' => i == 0 || matches!(value[i - 1], b'=' | b':'),
        b'#' => i == 0,
        _ => false,
    })
}

/// The characters of `value`: `Ok(char)` for one the locale can print
/// (ASCII in the C locale), `Err(byte)` for a byte that is not one.
fn chars(value: &[u8], utf8: bool) -> Vec<Result<&[u8], u8>> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(&b) = rest.first() {
        if b < 0x80 {
            if (0x20..0x7f).contains(&b) {
                out.push(Ok(&rest[..1]));
            } else {
                out.push(Err(b));
            }
            rest = &rest[1..];
            continue;
        }
        let len = if utf8 { utf8_printable_len(rest) } else { 0 };
        if len == 0 {
            out.push(Err(b));
            rest = &rest[1..];
        } else {
            out.push(Ok(&rest[..len]));
            rest = &rest[len..];
        }
    }
    out
}

/// The length of the printable UTF-8 character `bytes` starts with, 0 if
/// it starts with none (bad UTF-8, or a C1 control).
fn utf8_printable_len(bytes: &[u8]) -> usize {
    let len = match bytes[0] {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return 0,
    };
    match bytes.get(..len).map(std::str::from_utf8) {
        Some(Ok(s)) if s.chars().all(|c| !c.is_control()) => len,
        _ => 0,
    }
}

fn all_printable(value: &[u8], utf8: bool) -> bool {
    chars(value, utf8).iter().all(Result::is_ok)
}

/// `$'...'` with bash's escapes (its `ansic_quote`).
fn ansi_c_quoted(value: &[u8], utf8: bool) -> Vec<u8> {
    let mut out = b"$'".to_vec();
    for c in chars(value, utf8) {
        match c {
            Ok(b"\\") => out.extend_from_slice(b"\\\\"),
            Ok(b"'") => out.extend_from_slice(b"\\'"),
            Ok(text) => out.extend_from_slice(text),
            Err(b) => match crate::syntax::escapes::letter(b) {
                Some(l) => out.extend_from_slice(&[b'\\', l]),
                None => out.extend_from_slice(format!("\\{b:03o}").as_bytes()),
            },
        }
    }
    out.push(b'\'');
    out
}

#[cfg(test)]
mod tests {
    use super::reusable;

    #[test]
    fn quoting_as_bash() {
        assert_eq!(reusable(b"a b", true), b"'a b'");
        assert_eq!(reusable(b"", true), b"");
        assert_eq!(reusable(b"a#", true), b"a#");
        assert_eq!(reusable(b"x=~y", true), b"'x=~y'");
        assert_eq!(reusable(b"a\nb'", true), b"$'a\\nb\\''");
        assert_eq!(reusable("é".as_bytes(), true), "é".as_bytes());
        assert_eq!(reusable("é".as_bytes(), false), b"$'\\303\\251'");
        assert_eq!(reusable(b"\xff", true), b"$'\\377'");
    }
}
