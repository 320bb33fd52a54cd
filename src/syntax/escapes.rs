//! The backslash escapes that stand for one control byte, shared by
//! `$'...'` (the lexer) and `echo -e`: the same letters mean the same
//! bytes in both, as in bash.

/// The byte `\c` stands for, if `c` is one of the letters both `$'...'`
/// and `echo -e` know (`\a \b \e \E \f \n \r \t \v \\`).
pub fn control(c: u8) -> Option<u8> {
    Some(match c {
        b'a' => 0x07,
        b'b' => 0x08,
        b'e' | b'E' => 0x1b,
        b'f' => 0x0c,
        b'n' => b'\n',
        b'r' => b'\r',
        b't' => b'\t',
        b'v' => 0x0b,
        b'\\' => b'\\',
        _ => return None,
    })
}

/// The letter bash writes after `\` for the control byte `b` in a
/// `$'...'` it prints (`\E` for escape), if it has one.
pub fn letter(b: u8) -> Option<u8> {
    Some(match b {
        0x07 => b'a',
        0x08 => b'b',
        0x0c => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0x0b => b'v',
        0x1b => b'E',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::control;

    #[test]
    fn letters() {
        assert_eq!(control(b'n'), Some(b'\n'));
        assert_eq!(control(b'E'), Some(0x1b));
        assert_eq!(control(b'\\'), Some(b'\\'));
        assert_eq!(control(b'q'), None);
        assert_eq!(control(b'c'), None);
    }
}
