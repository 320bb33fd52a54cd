//! Pathname expansion (`*`, `?`, `[...]`) on bytes: the file names that
//! match a pattern, read from the directories it names. The matching of
//! one name is `expand::pattern`'s.
//!
//! Hand-written rather than the `glob` crate: that crate panics on file names
//! that are not UTF-8 and hides dot files even from a pattern that starts
//! with a literal dot, and a shell must do neither. Patterns use `\` to quote
//! a metacharacter (the expander writes quoted text that way).

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use crate::expand::pattern::fnmatch;

/// Does the pattern have an unquoted metacharacter? A `[` with no `]`
/// after it can start no bracket expression and matches only itself
/// (`[ "$x" = y ]`), so the directory need not be read for it.
pub fn has_meta(pattern: &[u8]) -> bool {
    let mut i = 0;
    while i < pattern.len() {
        match pattern[i] {
            b'\\' => i += 1,
            b'*' | b'?' => return true,
            b'[' if pattern
                .get(i + 2..)
                .is_some_and(|rest| rest.contains(&b']')) =>
            {
                return true;
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// The paths matching `pattern`, sorted; empty when none match. `utf8`:
/// the locale's characters are UTF-8 sequences, else bytes.
pub fn expand(pattern: &[u8], utf8: bool) -> Vec<Vec<u8>> {
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
                    if matches(comp, &name, utf8) && (last || is_dir(&join(base, &name))) {
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
/// `utf8`: a character is a UTF-8 sequence, else a byte.
pub fn matches(pattern: &[u8], name: &[u8], utf8: bool) -> bool {
    if name == b"." || name == b".." {
        return false;
    }
    if name.starts_with(b".") && !(pattern.starts_with(b".") || pattern.starts_with(b"\\.")) {
        return false;
    }
    fnmatch(pattern, name, utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_files_need_a_literal_dot() {
        assert!(!matches(b"*", b".hidden", false));
        assert!(matches(b".h*", b".hidden", false));
        assert!(!matches(b".*", b".", false));
        assert!(!matches(b".*", b"..", false));
        assert!(matches(b"*", b"\xff\xfe", false));
    }

    #[test]
    fn meta_detection() {
        assert!(has_meta(b"a*"));
        assert!(!has_meta(b"a\\*"));
        assert!(!has_meta(b"plain"));
        assert!(has_meta(b"[ab]"));
        assert!(has_meta(b"[]]"));
        assert!(!has_meta(b"["));
        assert!(!has_meta(b"[]"));
        assert!(!has_meta(b"a[b"));
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
        let got = expand(&pat("/*"), false);
        assert_eq!(got, vec![pat("/a"), pat("/b"), pat("/sub")]);
        assert_eq!(expand(&pat("/*/x"), false), vec![pat("/sub/x")]);
        assert_eq!(expand(&pat("/*/"), false), vec![pat("/sub/")]);
        assert_eq!(expand(&pat("/.*"), false), vec![pat("/.h")]);
        assert!(expand(&pat("/nomatch*"), false).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
