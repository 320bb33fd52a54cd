//! `echo [-neE] [arg...]`, as bash's builtin.

use super::print;
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut newline = true;
    let mut escapes = false;
    let mut rest = &args[1..];
    // Leading words made only of -n, -e, -E letters are options.
    while let Some(arg) = rest.first() {
        let is_option = arg.len() > 1
            && arg[0] == b'-'
            && arg[1..].iter().all(|b| matches!(b, b'n' | b'e' | b'E'));
        if !is_option {
            break;
        }
        for &b in &arg[1..] {
            match b {
                b'n' => newline = false,
                b'e' => escapes = true,
                _ => escapes = false,
            }
        }
        rest = &rest[1..];
    }
    let mut out = Vec::new();
    for (i, arg) in rest.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        if escapes {
            if unescape(arg, &mut out) {
                return print(sh, "echo", &out);
            }
        } else {
            out.extend_from_slice(arg);
        }
    }
    if newline {
        out.push(b'\n');
    }
    print(sh, "echo", &out)
}

/// Append `arg` with `echo -e` escapes decoded; true at `\c` (stop output).
fn unescape(arg: &[u8], out: &mut Vec<u8>) -> bool {
    let mut i = 0;
    while i < arg.len() {
        if arg[i] != b'\\' || i + 1 == arg.len() {
            out.push(arg[i]);
            i += 1;
            continue;
        }
        i += 2;
        let c = arg[i - 1];
        if c == b'c' {
            return true;
        }
        if let Some(b) = crate::syntax::escapes::control(c) {
            out.push(b);
            continue;
        }
        let (radix, max) = match c {
            b'0' => (8, 3),
            b'x' => (16, 2),
            _ => {
                out.extend_from_slice(&[b'\\', c]);
                continue;
            }
        };
        let digits = arg[i..]
            .iter()
            .take(max)
            .take_while(|b| (**b as char).is_digit(radix))
            .count();
        if digits == 0 && radix == 16 {
            out.extend_from_slice(b"\\x");
            continue;
        }
        let text = std::str::from_utf8(&arg[i..i + digits]).unwrap_or("0");
        out.push(u32::from_str_radix(text, radix).unwrap_or(0) as u8);
        i += digits;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::unescape;

    #[test]
    fn escapes() {
        let mut out = Vec::new();
        assert!(!unescape(br"a\tb\x41\0101\q\", &mut out));
        assert_eq!(out, b"a\tbAA\\q\\");
        let mut out = Vec::new();
        assert!(unescape(br"x\cy", &mut out));
        assert_eq!(out, b"x");
    }
}
