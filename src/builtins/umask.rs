//! `umask [-p] [-S] [mode]`: the file mode creation mask, shown in octal
//! or symbolically, set from an octal number or a symbolic mode such as
//! `u=rwx,g=rx,o=`.

use nix::sys::stat::{Mode, umask};

use super::{lossy, options, print};
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let (flags, operands) = match options(sh, "umask", args, "pS") {
        Ok(given) => given,
        Err(status) => return status,
    };
    let symbolic = flags.contains('S');
    if let Some(arg) = operands.first() {
        let new = if arg.first().is_some_and(u8::is_ascii_digit) {
            match parse_octal(arg) {
                Some(mask) => mask,
                None => {
                    sh.error(format!("umask: {}: octal number out of range", lossy(arg)));
                    return 1;
                }
            }
        } else {
            match apply_symbolic(current(), arg) {
                Ok(mask) => mask,
                Err(msg) => {
                    sh.error(format!("umask: {msg}"));
                    return 1;
                }
            }
        };
        set(new);
        // bash shows the new mask only when asked to in symbolic form.
        if !symbolic {
            return 0;
        }
    }
    let mask = current();
    let text = if symbolic {
        symbolic_text(mask)
    } else {
        format!("{mask:04o}")
    };
    let line = match (flags.contains('p'), symbolic) {
        (true, true) => format!("umask -S {text}\n"),
        (true, false) => format!("umask {text}\n"),
        _ => format!("{text}\n"),
    };
    print(sh, "umask", line.as_bytes())
}

/// The mask now: reading it means setting it, so it is set back at once.
fn current() -> u32 {
    let old = umask(Mode::empty());
    umask(old);
    old.bits()
}

fn set(mask: u32) {
    umask(Mode::from_bits_truncate(mask & 0o777));
}

/// An octal number; bits above the permissions are dropped, as in bash.
fn parse_octal(arg: &[u8]) -> Option<u32> {
    let mut n: u32 = 0;
    for &b in arg {
        if !(b'0'..=b'7').contains(&b) {
            return None;
        }
        n = n.checked_mul(8)?.checked_add(u32::from(b - b'0'))?;
    }
    Some(n & 0o777)
}

/// `u=rwx,g=rx,o=`: the permissions the mask lets through.
fn symbolic_text(mask: u32) -> String {
    let allowed = !mask & 0o777;
    let part = |who: char, shift: u32| {
        let bits = (allowed >> shift) & 7;
        let mut s = format!("{who}=");
        for (bit, c) in [(4, 'r'), (2, 'w'), (1, 'x')] {
            if bits & bit != 0 {
                s.push(c);
            }
        }
        s
    };
    format!("{},{},{}", part('u', 6), part('g', 3), part('o', 0))
}

/// A symbolic mode applied to the permissions `mask` lets through, as
/// bash parses it: clauses `[ugoa]*[+-=][rwx]*` separated by commas.
/// The error is bash's message.
fn apply_symbolic(mask: u32, mode: &[u8]) -> Result<u32, String> {
    let mut allowed = !mask & 0o777;
    let mut s = mode.iter().copied().peekable();
    loop {
        let mut who = 0;
        while let Some(c) = s.next_if(|c| b"ugoa".contains(c)) {
            who |= match c {
                b'u' => 0o700,
                b'g' => 0o070,
                b'o' => 0o007,
                _ => 0o777,
            };
        }
        if who == 0 {
            who = 0o777;
        }
        let op = match s.next() {
            Some(c @ (b'+' | b'-' | b'=')) => c,
            // bash shows the character (a NUL at the end of the mode);
            // jsh shows nothing there.
            Some(c) => return Err(format!("`{}': invalid symbolic mode operator", c as char)),
            None => return Err("`': invalid symbolic mode operator".to_string()),
        };
        let mut perms = 0;
        while let Some(c) = s.next_if(|&c| c != b',') {
            perms |= match c {
                b'r' => 0o444,
                b'w' => 0o222,
                b'x' => 0o111,
                _ => return Err(format!("`{}': invalid symbolic mode character", c as char)),
            };
        }
        let bits = perms & who;
        match op {
            b'+' => allowed |= bits,
            b'-' => allowed &= !bits,
            _ => allowed = (allowed & !who) | bits,
        }
        match s.next() {
            Some(_) => continue, // the comma
            None => return Ok(!allowed & 0o777),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbolic_modes_as_bash() {
        assert_eq!(apply_symbolic(0o022, b"u=rwx,g=rx,o="), Ok(0o027));
        assert_eq!(apply_symbolic(0o022, b"=r"), Ok(0o333));
        assert_eq!(apply_symbolic(0o333, b"+w"), Ok(0o111));
        assert_eq!(apply_symbolic(0o111, b"go-r"), Ok(0o155));
        assert!(apply_symbolic(0o022, b"u=g").is_err());
        assert!(apply_symbolic(0o022, b"u=r,").is_err());
        assert_eq!(symbolic_text(0o022), "u=rwx,g=rx,o=rx");
        assert_eq!(parse_octal(b"07777"), Some(0o777));
        assert_eq!(parse_octal(b"8"), None);
    }
}
