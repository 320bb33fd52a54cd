//! Field splitting and pathname expansion: the [`Fields`] that the
//! expanded text of words is poured into, split at IFS characters where
//! it came from an unquoted expansion, with the fields that are glob
//! patterns marked, then replaced by the names they match. Apart from the
//! [`Expander`](super::Expander) that walks the words: this is the one
//! place that knows what is quoted, what splits and what globs.

/// Builds fields from expanded text, splitting and marking glob patterns.
pub(super) struct Fields<'i> {
    pub(super) out: Vec<Vec<u8>>,
    pub(super) cur: Vec<u8>,
    /// Offsets in `cur` of bytes that a glob pattern must escape with `\`
    /// (quoted metacharacters and backslashes). The pattern itself is
    /// built only for a field that globs, keeping the common path free of
    /// a second buffer.
    pub(super) escape_at: Vec<usize>,
    /// `cur` holds an unquoted `*`, `?` or `[`.
    pub(super) glob: bool,
    /// Fields of `out` that are patterns, with the pattern: expanded once
    /// all fields are known, so that the locale is looked at only then.
    pub(super) patterns: Vec<(usize, Vec<u8>)>,
    /// The last byte was a backslash from an unquoted expansion: the next
    /// one is literal in a pattern.
    pub(super) escape_next: bool,
    /// `cur` is a field even if empty (it had quotes or text).
    pub(super) started: bool,
    /// A whitespace separator just ended a field: a following non-blank
    /// separator belongs to it and does not make an empty field.
    pub(super) after_blank: bool,
    pub(super) ifs: &'i [u8],
    /// Assignment values and the like: one field, no splitting or globbing.
    pub(super) single: bool,
    /// The replacement of `${x/p/r}`: a quoted `&` is escaped too, since
    /// an unquoted one stands for the match (bash 5.2).
    pub(super) escape_amp: bool,
}

impl<'i> Fields<'i> {
    pub(super) fn new(ifs: &'i [u8], single: bool) -> Self {
        Fields {
            out: Vec::new(),
            cur: Vec::new(),
            escape_at: Vec::new(),
            glob: false,
            patterns: Vec::new(),
            escape_next: false,
            started: false,
            after_blank: false,
            ifs,
            single,
            escape_amp: false,
        }
    }

    pub(super) fn quoted(&mut self, bytes: &[u8]) {
        self.started = true;
        self.after_blank = false;
        self.cur.reserve(bytes.len());
        for &b in bytes {
            // Besides the metacharacters, what is special inside a bracket
            // expression: a quoted `!` or `^` does not negate (`["!"a]`),
            // a quoted `-` is no range (`[a"-"z]`).
            if std::mem::take(&mut self.escape_next) {
                // After a backslash from an expansion, bash's pattern has
                // that backslash, then the one that quotes this byte: the
                // first quotes the second, and this byte is left bare
                // (`x='\'; echo $x"*"` globs for names that start with a
                // backslash).
                self.escape_at.push(self.cur.len());
                self.glob |= matches!(b, b'*' | b'?' | b'[');
                self.cur.push(b);
                continue;
            }
            if matches!(b, b'*' | b'?' | b'[' | b']' | b'\\' | b'!' | b'^' | b'-')
                || (self.escape_amp && b == b'&')
            {
                self.escape_at.push(self.cur.len());
            }
            self.cur.push(b);
        }
    }

    pub(super) fn literal(&mut self, bytes: &[u8]) {
        self.started = true;
        self.after_blank = false;
        if !self.escape_next && !bytes.iter().copied().any(is_glob_special) {
            self.cur.extend_from_slice(bytes);
            return;
        }
        self.cur.reserve(bytes.len());
        for &b in bytes {
            if std::mem::take(&mut self.escape_next) {
                self.cur.push(b);
                continue;
            }
            match b {
                // Only an expansion's value brings an unquoted backslash
                // here (the lexer makes `\c` in a word a quoted `c`). In a
                // pattern it quotes the next byte, as in bash and dash
                // (`x='\*'; echo $x` does not glob); the field keeps it if
                // no pathname expansion replaces the field.
                b'\\' => self.escape_next = true,
                b'*' | b'?' | b'[' => self.glob = true,
                _ => {}
            }
            self.cur.push(b);
        }
    }

    /// Text from an unquoted expansion: IFS characters separate fields.
    pub(super) fn split(&mut self, bytes: &[u8]) {
        if self.single {
            return self.literal(bytes);
        }
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if !self.ifs.contains(&b) {
                continue;
            }
            if start < i {
                self.literal(&bytes[start..i]);
            }
            start = i + 1;
            if matches!(b, b' ' | b'\t' | b'\n') {
                if self.started {
                    self.end_field();
                    self.after_blank = true;
                }
            } else if self.after_blank && !self.started {
                self.after_blank = false;
            } else {
                self.end_field();
            }
        }
        if start < bytes.len() {
            self.literal(&bytes[start..]);
        }
    }

    pub(super) fn end_field(&mut self) {
        let field = std::mem::take(&mut self.cur);
        let escapes = std::mem::take(&mut self.escape_at);
        let glob = std::mem::replace(&mut self.glob, false);
        self.escape_next = false;
        self.started = false;
        if glob && !self.single && may_glob(&field) {
            let mut pattern = Vec::with_capacity(field.len() + escapes.len());
            let mut next = escapes.iter().peekable();
            for (i, &b) in field.iter().enumerate() {
                if next.next_if(|&&at| at == i).is_some() {
                    pattern.push(b'\\');
                }
                pattern.push(b);
            }
            self.patterns.push((self.out.len(), pattern));
        }
        self.out.push(field);
    }

    pub(super) fn finish(mut self) -> Vec<Vec<u8>> {
        if self.started || self.single && self.out.is_empty() {
            self.end_field();
        }
        self.out
    }
}

/// Pathname expansion: each field that is a pattern is replaced by the
/// sorted names it matches, or kept as it is if none match (as bash does).
pub(super) fn glob_fields(
    fields: Vec<Vec<u8>>,
    patterns: Vec<(usize, Vec<u8>)>,
    utf8: bool,
) -> Vec<Vec<u8>> {
    let mut out = Vec::with_capacity(fields.len());
    let mut patterns = patterns.into_iter().peekable();
    for (i, field) in fields.into_iter().enumerate() {
        match patterns.next_if(|(at, _)| *at == i) {
            Some((_, pattern)) => {
                let names = crate::expand::glob::expand(&pattern, utf8);
                if names.is_empty() {
                    out.push(field);
                } else {
                    out.extend(names);
                }
            }
            None => out.push(field),
        }
    }
    out
}

/// Bytes of literal text that make pathname expansion look at a field.
/// Could pathname expansion change this text? Escapes aside (they only
/// make fewer patterns): a `*`, a `?`, or a `[` with a `]` after it. A
/// lone `[` (the test command) starts no bracket expression, and globbing
/// it would read the directory for nothing.
pub(super) fn may_glob(text: &[u8]) -> bool {
    text.iter().any(|&b| b == b'*' || b == b'?')
        || text
            .iter()
            .position(|&b| b == b'[')
            .is_some_and(|i| text.get(i + 2..).is_some_and(|rest| rest.contains(&b']')))
}

pub(super) fn is_glob_special(b: u8) -> bool {
    matches!(b, b'*' | b'?' | b'[' | b'\\')
}

#[cfg(test)]
mod tests {
    use crate::expand::word::testenv::{env, expand};

    #[test]
    fn splitting_only_unquoted_expansions() {
        let mut e = env(&[("x", " a  b ")], &[]);
        assert_eq!(expand(&mut e, "pre$x\"post\""), ["pre", "a", "b", "post"]);
        assert_eq!(expand(&mut e, "\"$x\""), [" a  b "]);
        assert_eq!(expand(&mut e, "$empty \"\" ''"), ["", ""]);
    }

    #[test]
    fn non_blank_ifs_makes_empty_fields() {
        let mut e = env(&[("IFS", ":"), ("x", "a : b::c:")], &[]);
        assert_eq!(expand(&mut e, "$x"), ["a ", " b", "", "c"]);
    }

    #[test]
    fn globbing_and_quoted_metacharacters() {
        let dir = std::env::temp_dir().join(format!("jsh-glob-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for f in ["b.txt", "a.txt", ".hidden.txt", "*.txt"] {
            std::fs::write(dir.join(f), "").unwrap();
        }
        let d = dir.to_str().unwrap();
        let mut e = env(&[("d", d)], &[]);
        let got = expand(&mut e, "$d/[ab].txt");
        assert_eq!(got, [format!("{d}/a.txt"), format!("{d}/b.txt")]);
        assert_eq!(expand(&mut e, "$d/*.txt").len(), 3);
        assert_eq!(expand(&mut e, "\"$d\"/'*'.txt"), [format!("{d}/*.txt")]);
        assert_eq!(expand(&mut e, "$d/*.none"), [format!("{d}/*.none")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
