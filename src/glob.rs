//! Pathname expansion (`*`, `?`, `[...]`) on bytes.
//!
//! Hand-written rather than the `glob` crate: that crate panics on file names
//! that are not UTF-8 and hides dot files even from a pattern that starts
//! with a literal dot, and a shell must do neither. Patterns use `\` to quote
//! a metacharacter (the expander writes quoted text that way).

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

/// Does the pattern have an unquoted metacharacter?
pub fn has_meta(pattern: &[u8]) -> bool {
    let mut i = 0;
    while i < pattern.len() {
        match pattern[i] {
            b'\\' => i += 1,
            b'*' | b'?' | b'[' => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// The paths matching `pattern`, sorted; empty when none match.
pub fn expand(pattern: &[u8]) -> Vec<Vec<u8>> {
    let (prefix, rest) = literal_prefix(pattern);
    let components: Vec<&[u8]> = rest
        .split(|&b| b == b'/')
        .filter(|c| !c.is_empty())
        .collect();
    let mut paths: Vec<Vec<u8>> = vec![unescape(prefix)];
    if components.is_empty() {
        paths.retain(|p| std::fs::symlink_metadata(OsStr::from_bytes(p)).is_ok());
    }
    for (i, comp) in components.iter().enumerate() {
        let last = i + 1 == components.len();
        let mut next = Vec::new();
        for base in &paths {
            if has_meta(comp) {
                for name in list_dir(base) {
                    if matches(comp, &name) && (last || is_dir(&join(base, &name))) {
                        next.push(join(base, &name));
                    }
                }
            } else {
                let p = join(base, &unescape(comp));
                if std::fs::symlink_metadata(OsStr::from_bytes(&p)).is_ok() {
                    next.push(p);
                }
            }
        }
        paths = next;
        if paths.is_empty() {
            break;
        }
    }
    if !components.is_empty() && pattern.ends_with(b"/") {
        paths.retain(|p| is_dir(p));
        for p in &mut paths {
            p.push(b'/');
        }
    }
    paths.sort();
    paths
}

/// The pattern split before its first component with a metacharacter. As
/// in bash, the part before stays as written, repeated slashes and all
/// (`//tm?` gives `//tmp`); the components after it are joined by single
/// slashes.
fn literal_prefix(pattern: &[u8]) -> (&[u8], &[u8]) {
    let mut start = 0;
    loop {
        let end = pattern[start..]
            .iter()
            .position(|&b| b == b'/')
            .map_or(pattern.len(), |i| start + i);
        if has_meta(&pattern[start..end]) {
            return pattern.split_at(start);
        }
        if end == pattern.len() {
            return (pattern, &[]);
        }
        start = end + 1;
    }
}

fn join(base: &[u8], name: &[u8]) -> Vec<u8> {
    let mut p = base.to_vec();
    if !p.is_empty() && !p.ends_with(b"/") {
        p.push(b'/');
    }
    p.extend_from_slice(name);
    p
}

fn is_dir(path: &[u8]) -> bool {
    std::fs::metadata(OsStr::from_bytes(path)).is_ok_and(|m| m.is_dir())
}

fn list_dir(base: &[u8]) -> Vec<Vec<u8>> {
    let dir: &[u8] = if base.is_empty() { b"." } else { base };
    match std::fs::read_dir(OsStr::from_bytes(dir)) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().as_bytes().to_vec())
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn unescape(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'\\' && i + 1 < text.len() {
            i += 1;
        }
        out.push(text[i]);
        i += 1;
    }
    out
}

/// Does the file name match one pattern component? A leading dot must be
/// matched by a literal dot, and `.` and `..` never match (bash 5.2).
pub fn matches(pattern: &[u8], name: &[u8]) -> bool {
    if name == b"." || name == b".." {
        return false;
    }
    if name.starts_with(b".") && !(pattern.starts_with(b".") || pattern.starts_with(b"\\.")) {
        return false;
    }
    fnmatch(pattern, name)
}

/// Shell pattern matching, iterative with one backtrack point for `*`.
pub fn fnmatch(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() {
            match pattern[p] {
                b'*' => {
                    star = Some((p + 1, t));
                    p += 1;
                    continue;
                }
                b'?' => {
                    p += 1;
                    t += 1;
                    continue;
                }
                b'[' => {
                    if let Some((hit, len)) = bracket(&pattern[p..], text[t]) {
                        if hit {
                            p += len;
                            t += 1;
                            continue;
                        }
                    } else if text[t] == b'[' {
                        p += 1;
                        t += 1;
                        continue;
                    }
                }
                b'\\' if p + 1 < pattern.len() => {
                    if pattern[p + 1] == text[t] {
                        p += 2;
                        t += 1;
                        continue;
                    }
                }
                c => {
                    if c == text[t] {
                        p += 1;
                        t += 1;
                        continue;
                    }
                }
            }
        }
        match star {
            Some((sp, st)) => {
                p = sp;
                t = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

/// Match `c` against the bracket expression at the start of `pat`:
/// `Some((matched, length))`, or `None` if it is not a complete one (then
/// `[` is an ordinary character).
fn bracket(pat: &[u8], c: u8) -> Option<(bool, usize)> {
    let mut i = 1;
    let negate = matches!(pat.get(i), Some(b'!' | b'^'));
    if negate {
        i += 1;
    }
    let mut hit = false;
    let mut first = true;
    loop {
        let b = *pat.get(i)?;
        if b == b']' && !first {
            return Some((hit != negate, i + 1));
        }
        first = false;
        if b == b'[' && pat.get(i + 1) == Some(&b':') {
            let rest = &pat[i + 2..];
            if let Some(end) = rest.windows(2).position(|w| w == b":]") {
                hit |= class(&rest[..end], c);
                i += 2 + end + 2;
                continue;
            }
        }
        let (lo, width) = element(&pat[i..])?;
        i += width;
        if pat.get(i) == Some(&b'-') && pat.get(i + 1).is_some_and(|&n| n != b']') {
            let (hi, width) = element(&pat[i + 1..])?;
            i += 1 + width;
            hit |= lo <= c && c <= hi;
        } else {
            hit |= lo == c;
        }
    }
}

/// One byte of a bracket expression and the length of its text: itself,
/// `\c`, or the collating symbol `[.c.]` or equivalence class `[=c=]` of a
/// single character (which in the C locale is just that character). Longer
/// names (`[.hyphen.]`) are not known: the bracket is then not one, and
/// matches only itself, as it does in bash.
fn element(pat: &[u8]) -> Option<(u8, usize)> {
    match *pat {
        [b'\\', c, ..] => Some((c, 2)),
        [b'[', open @ (b'.' | b'='), c, close, b']', ..] if close == open => Some((c, 5)),
        [b'[', b'.' | b'=', ..] => None,
        [c, ..] => Some((c, 1)),
        [] => None,
    }
}

fn class(name: &[u8], c: u8) -> bool {
    match name {
        b"alpha" => c.is_ascii_alphabetic(),
        b"digit" => c.is_ascii_digit(),
        b"alnum" => c.is_ascii_alphanumeric(),
        b"upper" => c.is_ascii_uppercase(),
        b"lower" => c.is_ascii_lowercase(),
        b"space" => c.is_ascii_whitespace() || c == 0x0b,
        b"blank" => c == b' ' || c == b'\t',
        b"punct" => c.is_ascii_punctuation(),
        b"xdigit" => c.is_ascii_hexdigit(),
        b"cntrl" => c.is_ascii_control(),
        b"print" => (0x20..0x7f).contains(&c),
        b"graph" => c.is_ascii_graphic(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(fnmatch(b"*.txt", b"a.txt"));
        assert!(!fnmatch(b"*.txt", b"a.txc"));
        assert!(fnmatch(b"a*b*c", b"aXXbYYc"));
        assert!(fnmatch(b"?.log", b"c.log"));
        assert!(fnmatch(b"[ab].txt", b"b.txt"));
        assert!(!fnmatch(b"[!a].txt", b"a.txt"));
        assert!(fnmatch(b"[a-c]", b"b"));
        assert!(fnmatch(b"[]x]", b"]"));
        assert!(fnmatch(b"[[:digit:]]x", b"7x"));
        assert!(fnmatch(b"\\*", b"*"));
        assert!(!fnmatch(b"\\*", b"a"));
        assert!(fnmatch(b"[", b"["));
        assert!(fnmatch(b"a[", b"a["));
        assert!(fnmatch(b"*", b""));
    }

    #[test]
    fn dot_files_need_a_literal_dot() {
        assert!(!matches(b"*", b".hidden"));
        assert!(matches(b".h*", b".hidden"));
        assert!(!matches(b".*", b"."));
        assert!(!matches(b".*", b".."));
        assert!(matches(b"*", b"\xff\xfe"));
    }

    #[test]
    fn meta_detection() {
        assert!(has_meta(b"a*"));
        assert!(!has_meta(b"a\\*"));
        assert!(!has_meta(b"plain"));
    }

    #[test]
    fn expands_in_directories() {
        let dir = std::env::temp_dir().join(format!("jsh-globmod-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        for f in ["b", "a", ".h", "sub/x"] {
            std::fs::write(dir.join(f), "").unwrap();
        }
        let d = dir.as_os_str().as_bytes();
        let pat = |s: &str| [d, s.as_bytes()].concat();
        let got = expand(&pat("/*"));
        assert_eq!(got, vec![pat("/a"), pat("/b"), pat("/sub")]);
        assert_eq!(expand(&pat("/*/x")), vec![pat("/sub/x")]);
        assert_eq!(expand(&pat("/*/")), vec![pat("/sub/")]);
        assert_eq!(expand(&pat("/.*")), vec![pat("/.h")]);
        assert!(expand(&pat("/nomatch*")).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
