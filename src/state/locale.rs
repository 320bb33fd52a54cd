//! The character set of the shell's locale, which decides what one
//! character is: `${#x}` counts characters in UTF-8, bytes elsewhere.
//!
//! As in bash, the locale is named by the shell variables (exported or not)
//! LC_ALL, LC_CTYPE, then LANG, the first one set and not empty, as
//! setlocale(3) reads them from the environment; an assignment in a script
//! takes effect at once. Whether the named locale exists and what its
//! character set is comes from the C library itself (glibc, linked
//! statically, still reads the installed locales): `en_US.UTF-8` where it is
//! not installed leaves the shell in the C locale, as it leaves bash.
//!
//! The process itself stays in the C locale: the name is tried, its
//! character set read, and the C locale put back, so nothing else the C
//! library does depends on a script's variables.
//!
//! A name is tried when a variable that names a locale is assigned, as
//! bash does it (its `sv_locale`), so that a name the C library does not
//! know is reported at once, in bash's words (`warning: setlocale: LC_ALL:
//! cannot change locale (nosuch)`), and the character set from before
//! stays.

use std::ffi::{CStr, CString, c_int};

/// The variables that name the locale of characters, strongest first.
pub const VARIABLES: [&[u8]; 3] = [b"LC_ALL", b"LC_CTYPE", b"LANG"];

/// The variables bash watches, with the category each one sets (`LANG`
/// sets them all, under the `LC_*` that are set).
pub const WATCHED: [(&[u8], c_int); 7] = [
    (b"LC_ALL", libc::LC_ALL),
    (b"LC_CTYPE", libc::LC_CTYPE),
    (b"LC_COLLATE", libc::LC_COLLATE),
    (b"LC_MESSAGES", libc::LC_MESSAGES),
    (b"LC_NUMERIC", libc::LC_NUMERIC),
    (b"LC_TIME", libc::LC_TIME),
    (b"LANG", libc::LC_ALL),
];

/// Does assigning `name` change the locale?
pub fn is_watched(name: &[u8]) -> bool {
    WATCHED.iter().any(|(n, _)| *n == name)
}

/// Is the character set of the locale `name` UTF-8? `None` when the C
/// library has no such locale.
pub fn is_utf8(name: &[u8]) -> Option<bool> {
    try_locale(libc::LC_CTYPE, name).ok()
}

/// Try the locale `name` for `category` (`LC_ALL`, `LC_CTYPE`, ...), and
/// put the C locale back: whether the character set is UTF-8, or the
/// errno the C library left (0 for none: glibc sets it only the first
/// time a name is not found, and bash's message shows it only then).
pub fn try_locale(category: c_int, name: &[u8]) -> Result<bool, i32> {
    if matches!(name, b"C" | b"POSIX") {
        return Ok(false);
    }
    let Ok(name) = CString::new(name) else {
        return Err(libc::EINVAL);
    };
    // SAFETY: both strings are valid and NUL-terminated; nl_langinfo's
    // result is copied out before the next setlocale call can change it.
    // Only the main thread uses the C library's locale functions (the
    // notifier thread prints job reports, which do not).
    unsafe {
        *libc::__errno_location() = 0;
        if libc::setlocale(category, name.as_ptr()).is_null() {
            return Err(*libc::__errno_location());
        }
        let codeset = CStr::from_ptr(libc::nl_langinfo(libc::CODESET));
        let utf8 = codeset.to_bytes() == b"UTF-8";
        libc::setlocale(libc::LC_ALL, c"C".as_ptr());
        Ok(utf8)
    }
}

/// bash's warning for a locale `value` (named by `var`) that the C
/// library does not have; `errno` as [`try_locale`] gave it.
pub fn warning(var: &[u8], value: &[u8], errno: i32) -> String {
    let var = String::from_utf8_lossy(var);
    let value = String::from_utf8_lossy(value);
    let mut text = format!("warning: setlocale: {var}: cannot change locale ({value})");
    if errno != 0 {
        text.push_str(": ");
        text.push_str(&crate::state::shell::strerror(nix::errno::Errno::from_raw(
            errno,
        )));
    }
    text
}

/// The number of characters in `text`: bytes in a single-byte locale; in
/// UTF-8, characters, with each byte that is not part of one counted as
/// one (bash's count).
pub fn char_count(text: &[u8], utf8: bool) -> usize {
    if !utf8 {
        return text.len();
    }
    text.utf8_chunks()
        .map(|chunk| chunk.valid().chars().count() + chunk.invalid().len())
        .sum()
}

/// The bytes of `$'\uXXXX'` (`$'\UXXXXXXXX'` when `long`) for a code
/// beyond ASCII: its UTF-8 encoding in a UTF-8 locale (as bash, in the
/// original encoding that reaches 31 bits, surrogates too), else the escape
/// as written.
pub fn unicode(code: u32, long: bool, utf8: bool) -> Vec<u8> {
    if !utf8 {
        return if long {
            format!("\\U{code:08X}")
        } else {
            format!("\\u{code:04X}")
        }
        .into_bytes();
    }
    let len = match code {
        0..0x80 => return vec![code as u8],
        0x80..0x800 => 2,
        0x800..0x1_0000 => 3,
        0x1_0000..0x20_0000 => 4,
        0x20_0000..0x400_0000 => 5,
        0x400_0000..0x8000_0000 => 6,
        _ => return Vec::new(),
    };
    let mut out = vec![0u8; len];
    let mut rest = code;
    for byte in out[1..].iter_mut().rev() {
        *byte = 0x80 | (rest & 0x3f) as u8;
        rest >>= 6;
    }
    let lead_marks: u8 = !(0xffu8 >> len);
    out[0] = lead_marks | rest as u8;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_bytes_or_characters() {
        assert_eq!(char_count("é".as_bytes(), false), 2);
        assert_eq!(char_count("é".as_bytes(), true), 1);
        assert_eq!(char_count(b"\xc3\xa9\xff", true), 2);
        assert_eq!(char_count(b"a\xe2\x82", true), 3);
    }

    #[test]
    fn unicode_escapes() {
        assert_eq!(unicode(0xe9, false, true), "é".as_bytes());
        assert_eq!(unicode(0x1f600, true, true), "😀".as_bytes());
        assert_eq!(unicode(0xd800, false, true), b"\xed\xa0\x80");
        assert_eq!(
            unicode(0x7fff_ffff, true, true),
            b"\xfd\xbf\xbf\xbf\xbf\xbf"
        );
        assert!(unicode(0x8000_0000, true, true).is_empty());
        assert_eq!(unicode(0xe9, false, false), b"\\u00E9");
        assert_eq!(unicode(0x11_0000, true, false), b"\\U00110000");
    }

    #[test]
    fn c_locale_is_not_utf8() {
        assert_eq!(is_utf8(b"C"), Some(false));
        assert_eq!(is_utf8(b"POSIX"), Some(false));
        assert_eq!(is_utf8(b"no_such_locale.UTF-8"), None);
    }

    #[test]
    fn unknown_locales_are_reported_in_bashs_words() {
        assert_eq!(
            warning(b"LC_ALL", b"nosuch", libc::ENOENT),
            "warning: setlocale: LC_ALL: cannot change locale (nosuch): No such file or directory"
        );
        assert_eq!(
            warning(b"LC_CTYPE", b"x", 0),
            "warning: setlocale: LC_CTYPE: cannot change locale (x)"
        );
        assert!(try_locale(libc::LC_ALL, b"no_such_locale_at_all").is_err());
        assert_eq!(try_locale(libc::LC_TIME, b"POSIX"), Ok(false));
    }
}
