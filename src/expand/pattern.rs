//! Shell patterns (`*`, `?`, `[...]` with classes) matched against text:
//! the matcher shared by `case`, pathname expansion and the `${x#p}`,
//! `${x%p}` and `${x/p/r}` operators, on bytes or on UTF-8 characters.
//! Patterns use `\\` to quote a metacharacter (the expander writes quoted
//! text that way).

/// The value given a byte that starts no UTF-8 character: one that no
/// character has. Such a byte is a character of its own, as in bash.
const STRAY_BYTE: u32 = 0x11_0000;

/// The character of `s` at `i` and its length in bytes.
fn char_at(s: &[u8], i: usize, utf8: bool) -> (u32, usize) {
    let b = s[i];
    if !utf8 || b < 0x80 {
        return (u32::from(b), 1);
    }
    let len = match b {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => 0,
    };
    let decoded = s
        .get(i..i + len)
        .and_then(|seq| std::str::from_utf8(seq).ok())
        .and_then(|text| text.chars().next());
    match decoded {
        Some(c) if len > 0 => (u32::from(c), len),
        _ => (STRAY_BYTE + u32::from(b), 1),
    }
}

/// One step of a pattern: what matches one character, or `*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok<'p> {
    Star,
    Any,
    Char(u32),
    /// A complete bracket expression, `[` to `]`.
    Bracket(&'p [u8]),
}

/// The token of `pattern` at `p` and its length in bytes. Every matcher
/// below reads patterns through this, so that `case`, pathname expansion
/// and `${x#p}` agree on what a pattern means.
fn token_at(pattern: &[u8], p: usize, utf8: bool) -> (Tok<'_>, usize) {
    match pattern[p] {
        b'*' => (Tok::Star, 1),
        b'?' => (Tok::Any, 1),
        b'[' => match bracket(&pattern[p..], 0, utf8) {
            // The length of a bracket expression does not depend on the
            // character tried against it.
            Some((_, width)) => (Tok::Bracket(&pattern[p..p + width]), width),
            None => (Tok::Char(u32::from(b'[')), 1),
        },
        b'\\' if p + 1 < pattern.len() => {
            let (c, width) = char_at(pattern, p + 1, utf8);
            (Tok::Char(c), 1 + width)
        }
        _ => {
            let (c, width) = char_at(pattern, p, utf8);
            (Tok::Char(c), width)
        }
    }
}

impl Tok<'_> {
    /// Does this token, not a `*`, match the character `c`?
    fn accepts(self, c: u32, utf8: bool) -> bool {
        match self {
            Tok::Star | Tok::Any => true,
            Tok::Char(x) => x == c,
            Tok::Bracket(b) => bracket(b, c, utf8).is_some_and(|(hit, _)| hit),
        }
    }
}

/// Shell pattern matching of a whole string, iterative with one
/// backtrack point for `*` (linear in practice, no allocation).
pub fn fnmatch(pattern: &[u8], text: &[u8], utf8: bool) -> bool {
    plain_match(pattern, text).unwrap_or_else(|| fnmatch_general(pattern, text, utf8))
}

/// [`fnmatch`] for any pattern.
fn fnmatch_general(pattern: &[u8], text: &[u8], utf8: bool) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        let (c, len) = char_at(text, t, utf8);
        if p < pattern.len() && pattern[p] == b'[' {
            // Read and matched in one go: `case` over many words spends
            // its time here.
            match bracket(&pattern[p..], c, utf8) {
                Some((true, width)) => {
                    p += width;
                    t += len;
                    continue;
                }
                Some((false, _)) => {}
                None if c == u32::from(b'[') => {
                    p += 1;
                    t += len;
                    continue;
                }
                None => {}
            }
        } else if p < pattern.len() {
            let (tok, width) = token_at(pattern, p, utf8);
            if tok == Tok::Star {
                star = Some((p + 1, t));
                p += 1;
                continue;
            }
            if tok.accepts(c, utf8) {
                p += width;
                t += len;
                continue;
            }
        }
        match star {
            Some((sp, st)) => {
                p = sp;
                t = st + char_at(text, st, utf8).1;
                star = Some((sp, t));
            }
            None => return false,
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

/// A pattern read once into tokens, for matching a part of a string
/// (`${x#p}`, `${x%p}`, `${x/p/r}`). Matching runs the pattern as a
/// set of states over its tokens, one pass over the text: O(text x
/// pattern) whatever the pattern, so `${x##*/}` on a long string stays
/// linear in it.
pub struct Pattern<'p> {
    toks: Vec<Tok<'p>>,
    utf8: bool,
    /// The pattern is `*` and ASCII text (`*/`: `true`), or the text and
    /// `*` (`.*`: `false`), the shapes of `${x##*/}` and `${x%.*}`: a
    /// match is then a search for the text. ASCII bytes are characters of
    /// their own in any text, valid UTF-8 or not.
    star_text: Option<(bool, &'p [u8])>,
}

/// Which end of the text a match is anchored at, and which match is
/// wanted when several are.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Longest {
    Shortest,
    Longest,
}

impl<'p> Pattern<'p> {
    pub fn new(pattern: &'p [u8], utf8: bool) -> Self {
        let mut toks = Vec::new();
        let mut p = 0;
        // Every token but `*` is an ASCII character written as itself.
        let mut plain = true;
        while p < pattern.len() {
            let (tok, width) = token_at(pattern, p, utf8);
            plain &= tok == Tok::Star
                || (matches!(tok, Tok::Char(_))
                    && width == 1
                    && pattern[p] < 0x80
                    && pattern[p] != b'\\');
            // `**` is `*`: one state less to carry.
            if !(tok == Tok::Star && toks.last() == Some(&Tok::Star)) {
                toks.push(tok);
            }
            p += width;
        }
        let stars = toks.iter().filter(|&&t| t == Tok::Star).count();
        let star_text = match (plain && stars == 1 && toks.len() > 1, toks.first()) {
            (false, _) => None,
            (true, Some(Tok::Star)) => {
                let stars = pattern.iter().take_while(|&&b| b == b'*').count();
                Some((true, &pattern[stars..]))
            }
            (true, _) if toks.last() == Some(&Tok::Star) => {
                let stars = pattern.iter().rev().take_while(|&&b| b == b'*').count();
                Some((false, &pattern[..pattern.len() - stars]))
            }
            (true, _) => None,
        };
        Pattern {
            toks,
            utf8,
            star_text,
        }
    }

    /// [`Self::prefix_from`] for a `*` and a text: the end of the match
    /// in `rest`.
    fn star_text_prefix(
        star_first: bool,
        text: &[u8],
        rest: &[u8],
        which: Longest,
    ) -> Option<usize> {
        match (star_first, which) {
            (true, Longest::Shortest) => find(rest, text).map(|at| at + text.len()),
            (true, Longest::Longest) => rfind(rest, text).map(|at| at + text.len()),
            (false, Longest::Shortest) => rest.starts_with(text).then_some(text.len()),
            (false, Longest::Longest) => rest.starts_with(text).then_some(rest.len()),
        }
    }

    /// [`Self::suffix`] for a `*` and a text.
    fn star_text_suffix(
        star_first: bool,
        text: &[u8],
        all: &[u8],
        which: Longest,
    ) -> Option<usize> {
        match (star_first, which) {
            (false, Longest::Shortest) => rfind(all, text),
            (false, Longest::Longest) => find(all, text),
            (true, Longest::Shortest) => all.ends_with(text).then(|| all.len() - text.len()),
            (true, Longest::Longest) => all.ends_with(text).then_some(0),
        }
    }

    /// The characters of `text`: (value, byte offset).
    fn chars(&self, text: &[u8]) -> Vec<(u32, usize)> {
        let mut out = Vec::with_capacity(text.len());
        let mut i = 0;
        while i < text.len() {
            let (c, len) = char_at(text, i, self.utf8);
            out.push((c, i));
            i += len;
        }
        out
    }

    /// Where a match of the pattern starting at the first character of
    /// `chars` (taken in order) ends: the count of characters it covers.
    fn run(
        &self,
        toks: &[Tok<'_>],
        chars: impl Iterator<Item = u32>,
        which: Longest,
    ) -> Option<usize> {
        let m = toks.len();
        let mut cur = vec![false; m + 1];
        let mut next = vec![false; m + 1];
        let close = |set: &mut Vec<bool>| {
            for i in 0..m {
                if set[i] && toks[i] == Tok::Star {
                    set[i + 1] = true;
                }
            }
        };
        cur[0] = true;
        close(&mut cur);
        let mut found = cur[m].then_some(0);
        if found.is_some() && which == Longest::Shortest {
            return found;
        }
        for (n, c) in chars.enumerate() {
            next.iter_mut().for_each(|s| *s = false);
            let mut any = false;
            for i in 0..m {
                if !cur[i] {
                    continue;
                }
                let tok = toks[i];
                if tok == Tok::Star {
                    next[i] = true;
                    any = true;
                } else if tok.accepts(c, self.utf8) {
                    next[i + 1] = true;
                    any = true;
                }
            }
            if !any {
                break;
            }
            std::mem::swap(&mut cur, &mut next);
            close(&mut cur);
            if cur[m] {
                found = Some(n + 1);
                if which == Longest::Shortest {
                    break;
                }
            }
        }
        found
    }

    /// The byte length of the shortest or longest prefix of `text` that
    /// the pattern matches.
    pub fn prefix(&self, text: &[u8], which: Longest) -> Option<usize> {
        self.prefix_from(text, 0, which)
    }

    /// The byte offset where the shortest or longest match starting at
    /// byte `start` of `text` ends.
    pub fn prefix_from(&self, text: &[u8], start: usize, which: Longest) -> Option<usize> {
        let rest = &text[start..];
        if let Some((star_first, lit)) = self.star_text {
            return Self::star_text_prefix(star_first, lit, rest, which).map(|end| start + end);
        }
        let chars = self.chars(rest);
        let n = self.run(&self.toks, chars.iter().map(|&(c, _)| c), which)?;
        Some(start + chars.get(n).map_or(rest.len(), |&(_, at)| at))
    }

    /// The byte offset where the shortest or longest suffix of `text` that
    /// the pattern matches starts.
    pub fn suffix(&self, text: &[u8], which: Longest) -> Option<usize> {
        if let Some((star_first, lit)) = self.star_text {
            return Self::star_text_suffix(star_first, lit, text, which);
        }
        let chars = self.chars(text);
        let reversed: Vec<Tok<'_>> = self.toks.iter().rev().copied().collect();
        let n = self.run(&reversed, chars.iter().rev().map(|&(c, _)| c), which)?;
        Some(
            chars
                .len()
                .checked_sub(n)
                .and_then(|i| chars.get(i))
                .map_or(text.len(), |&(_, at)| at),
        )
    }

    /// Does the pattern match all of `text`?
    pub fn whole(&self, text: &[u8]) -> bool {
        self.prefix(text, Longest::Longest) == Some(text.len())
    }
}

/// Byte offsets where the characters of `text` start (a character is a
/// UTF-8 sequence when `utf8`, else a byte; a stray byte is one).
pub fn char_starts(text: &[u8], utf8: bool) -> Vec<usize> {
    if !utf8 || text.is_ascii() {
        return (0..text.len()).collect();
    }
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        out.push(i);
        i += char_at(text, i, utf8).1;
    }
    out
}

/// [`fnmatch`] for the patterns `case` arms are mostly made of: plain text
/// (`x`), or a `*` and ASCII text (`*.txt`, `a*`, `*`). `None` for any
/// other pattern. Only ASCII text beside the `*`: an ASCII byte is a
/// character of its own in any text, where a non-ASCII end could be
/// the start of a longer character in the text.
fn plain_match(pattern: &[u8], text: &[u8]) -> Option<bool> {
    let special = |b: &u8| matches!(b, b'*' | b'?' | b'[' | b'\\');
    let ascii_text = |t: &[u8]| t.iter().all(|b| b.is_ascii() && !special(b));
    match pattern {
        [b'*', rest @ ..] if ascii_text(rest) => Some(text.ends_with(rest)),
        [rest @ .., b'*'] if ascii_text(rest) => Some(text.starts_with(rest)),
        // Decoding is the same for the same bytes, and tells different
        // bytes apart: equal bytes, equal characters.
        _ if !pattern.iter().any(special) => Some(pattern == text),
        _ => None,
    }
}

/// Where `needle` (not empty) first occurs in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Where `needle` (not empty) last occurs in `hay`.
fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Match `c` against the bracket expression at the start of `pat`:
/// `Some((matched, length))`, or `None` if it is not a complete one (then
/// `[` is an ordinary character).
fn bracket(pat: &[u8], c: u32, utf8: bool) -> Option<(bool, usize)> {
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
                hit |= class(&rest[..end], c, utf8);
                i += 2 + end + 2;
                continue;
            }
        }
        let (lo, width) = element(&pat[i..], utf8)?;
        i += width;
        if pat.get(i) == Some(&b'-') && pat.get(i + 1).is_some_and(|&n| n != b']') {
            let (hi, width) = element(&pat[i + 1..], utf8)?;
            i += 1 + width;
            hit |= lo <= c && c <= hi;
        } else {
            hit |= lo == c;
        }
    }
}

/// One character of a bracket expression and the length of its text:
/// itself, `\c`, or the collating symbol `[.c.]` or equivalence class
/// `[=c=]` of a single character (which in the C and C.UTF-8 locales is
/// just that character). Longer names (`[.hyphen.]`) are not known: the
/// bracket is then not one, and matches only itself, as it does in bash.
fn element(pat: &[u8], utf8: bool) -> Option<(u32, usize)> {
    match *pat {
        [] => None,
        [b'\\', _, ..] => {
            let (c, len) = char_at(pat, 1, utf8);
            Some((c, 1 + len))
        }
        [b'[', open @ (b'.' | b'='), ..] => {
            if pat.len() < 3 {
                return None;
            }
            let (c, len) = char_at(pat, 2, utf8);
            let closed = pat.get(2 + len) == Some(&open) && pat.get(3 + len) == Some(&b']');
            closed.then_some((c, 4 + len))
        }
        _ => Some(char_at(pat, 0, utf8)),
    }
}

/// Is `c` in the character class `name`? Beyond ASCII only in UTF-8 (a
/// byte of the C locale is in no class), by the Unicode properties Rust
/// knows (glibc's C.UTF-8 classes are close).
fn class(name: &[u8], c: u32, utf8: bool) -> bool {
    let Some(b) = u8::try_from(c).ok().filter(u8::is_ascii) else {
        return utf8 && char::from_u32(c).is_some_and(|ch| unicode_class(name, ch));
    };
    match name {
        b"alpha" => b.is_ascii_alphabetic(),
        b"digit" => b.is_ascii_digit(),
        b"alnum" => b.is_ascii_alphanumeric(),
        b"upper" => b.is_ascii_uppercase(),
        b"lower" => b.is_ascii_lowercase(),
        b"space" => b.is_ascii_whitespace() || b == 0x0b,
        b"blank" => b == b' ' || b == b'\t',
        b"punct" => b.is_ascii_punctuation(),
        b"xdigit" => b.is_ascii_hexdigit(),
        b"cntrl" => b.is_ascii_control(),
        b"print" => (0x20..0x7f).contains(&b),
        b"graph" => b.is_ascii_graphic(),
        _ => false,
    }
}

fn unicode_class(name: &[u8], ch: char) -> bool {
    match name {
        b"alpha" => ch.is_alphabetic(),
        b"alnum" => ch.is_alphanumeric(),
        b"upper" => ch.is_uppercase(),
        b"lower" => ch.is_lowercase(),
        b"space" => ch.is_whitespace(),
        b"blank" => ch.is_whitespace() && !matches!(ch, '\u{85}' | '\u{2028}' | '\u{2029}'),
        b"punct" => !ch.is_alphanumeric() && !ch.is_whitespace() && !ch.is_control(),
        b"cntrl" => ch.is_control(),
        b"print" => !ch.is_control(),
        b"graph" => !ch.is_control() && !ch.is_whitespace(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(fnmatch(b"*.txt", b"a.txt", false));
        assert!(!fnmatch(b"*.txt", b"a.txc", false));
        assert!(fnmatch(b"a*b*c", b"aXXbYYc", false));
        assert!(fnmatch(b"?.log", b"c.log", false));
        assert!(fnmatch(b"[ab].txt", b"b.txt", false));
        assert!(!fnmatch(b"[!a].txt", b"a.txt", false));
        assert!(fnmatch(b"[a-c]", b"b", false));
        assert!(fnmatch(b"[]x]", b"]", false));
        assert!(fnmatch(b"[[:digit:]]x", b"7x", false));
        assert!(fnmatch(b"\\*", b"*", false));
        assert!(!fnmatch(b"\\*", b"a", false));
        assert!(fnmatch(b"[", b"[", false));
        assert!(fnmatch(b"a[", b"a[", false));
        assert!(fnmatch(b"*", b"", false));
    }

    #[test]
    fn utf8_characters() {
        let e = "é".as_bytes();
        assert!(fnmatch(b"?", e, true));
        assert!(!fnmatch(b"?", e, false));
        assert!(fnmatch(b"??", e, false));
        assert!(fnmatch("[é]".as_bytes(), e, true));
        assert!(fnmatch("[a-ü]".as_bytes(), e, true));
        assert!(fnmatch(b"[[:alpha:]]", e, true));
        assert!(!fnmatch(b"[[:alpha:]]", b"\xe9", false));
        assert!(fnmatch(b"?", b"\xff", true));
        assert!(fnmatch("a*€*".as_bytes(), "a€b".as_bytes(), true));
        assert!(!fnmatch(b"[!a]", e, false));
        assert!(fnmatch(b"[!a]", e, true));
    }

    #[test]
    fn anchored_matches() {
        let pat = |p: &'static str| Pattern::new(p.as_bytes(), true);
        let t = b"a/b/c";
        assert_eq!(pat("*/").prefix(t, Longest::Shortest), Some(2));
        assert_eq!(pat("*/").prefix(t, Longest::Longest), Some(4));
        assert_eq!(pat("/*").suffix(t, Longest::Shortest), Some(3));
        assert_eq!(pat("/*").suffix(t, Longest::Longest), Some(1));
        assert_eq!(pat("x").prefix(t, Longest::Shortest), None);
        assert_eq!(pat("").prefix(t, Longest::Longest), Some(0));
        assert_eq!(pat("").suffix(t, Longest::Longest), Some(5));
        assert_eq!(pat("*").suffix(t, Longest::Shortest), Some(5));
        assert_eq!(pat("[ab]?").prefix(t, Longest::Longest), Some(2));
        assert_eq!(pat("\\*").prefix(b"*x", Longest::Longest), Some(1));
        assert!(pat("a*c").whole(t));
        assert!(!pat("a*b").whole(t));
        // Characters, not bytes, in UTF-8.
        let e = "é€x".as_bytes();
        assert_eq!(pat("?").prefix(e, Longest::Shortest), Some(2));
        assert_eq!(pat("?").suffix(e, Longest::Shortest), Some(5));
        assert_eq!(pat("[é]").prefix(e, Longest::Shortest), Some(2));
        assert_eq!(pat("?x").suffix(e, Longest::Shortest), Some(2));
        assert_eq!(
            Pattern::new(b"?", false).prefix(e, Longest::Shortest),
            Some(1)
        );
        assert_eq!(pat("b*").prefix_from(t, 2, Longest::Longest), Some(5));
    }

    #[test]
    fn star_and_text_agree_with_the_general_matcher() {
        let pats: [&[u8]; 12] = [
            b"*/",
            b"/*",
            b"**.",
            b".**",
            b"*ab",
            b"ab*",
            b"*[",
            b"[*",
            b"*\xc3\xa9",
            b"\xc3\xa9*",
            b"*\\",
            b"a*b",
        ];
        let texts: [&[u8]; 11] = [
            b"",
            b"/",
            b"a/b/c",
            b"ab",
            b"abab",
            b"x.y.z",
            b"[a[",
            b"\xc3\xa9/\xc3\xa9",
            b"\\x\\",
            b"\xc3/",
            b"a\xe9b",
        ];
        for utf8 in [true, false] {
            for p in pats {
                let fast = Pattern::new(p, utf8);
                let mut slow = Pattern::new(p, utf8);
                slow.star_text = None;
                for t in texts {
                    for which in [Longest::Shortest, Longest::Longest] {
                        assert_eq!(fast.prefix(t, which), slow.prefix(t, which), "{p:?} {t:?}");
                        assert_eq!(fast.suffix(t, which), slow.suffix(t, which), "{p:?} {t:?}");
                    }
                }
            }
        }
        // The shapes the fast path takes, and some it must not.
        assert!(Pattern::new(b"*/", true).star_text.is_some());
        assert!(Pattern::new(b".*", true).star_text.is_some());
        for p in [
            &b"*"[..],
            b"?*",
            b"*?",
            b"*a*",
            b"*[ab]",
            b"*\\*",
            b"*\xc3\xa9",
        ] {
            assert!(Pattern::new(p, true).star_text.is_none(), "{p:?}");
        }
    }

    #[test]
    fn anchored_matching_is_linear() {
        // 200,000 characters against `*/`-style patterns: quadratic work
        // (or worse) would take minutes here.
        let long = "ab/".repeat(70_000);
        let start = std::time::Instant::now();
        for _ in 0..5 {
            let p = Pattern::new(b"*/", false);
            assert_eq!(
                p.prefix(long.as_bytes(), Longest::Longest),
                Some(long.len())
            );
            let p = Pattern::new(b"/*a*", false);
            assert_eq!(p.suffix(long.as_bytes(), Longest::Longest), Some(2));
        }
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }

    #[test]
    fn fnmatch_agrees_with_anchored_matching() {
        let pats = [
            "*", "a*", "*b", "a?c", "[!a]*", "\\*", "*[bc]", "a*b*c", "[", "x\\",
        ];
        let texts = ["", "a", "abc", "*", "bbc", "a*b", "[", "x\\"];
        for p in pats {
            for t in texts {
                let whole = Pattern::new(p.as_bytes(), true).whole(t.as_bytes());
                assert_eq!(fnmatch(p.as_bytes(), t.as_bytes(), true), whole, "{p} {t}");
            }
        }
    }

    #[test]
    fn plain_patterns_agree_with_the_general_matcher() {
        let pats: [&[u8]; 12] = [
            b"*",
            b"a*",
            b"*.txt",
            b"abc",
            b"",
            b"\xc3",
            b"\xc3*",
            b"*\xa9",
            b"\xc3\xa9",
            b"*\xc3\xa9",
            b"a.b*",
            b"**",
        ];
        let texts: [&[u8]; 10] = [
            b"",
            b"a",
            b"abc",
            b"x.txt",
            b".txt",
            b"\xc3\xa9",
            b"\xc3",
            b"a.b.c",
            b"\xc3\xa9.txt",
            b"*",
        ];
        for utf8 in [true, false] {
            for p in pats {
                for t in texts {
                    let fast = fnmatch(p, t, utf8);
                    assert_eq!(fast, fnmatch_general(p, t, utf8), "{p:?} {t:?} {utf8}");
                }
            }
        }
        // Non-ASCII text beside a `*` goes the general way: `\xc3*` is
        // a stray byte, which the start of `\xc3\xa9` (é) is not.
        assert_eq!(plain_match(b"\xc3*", b"\xc3\xa9"), None);
        assert!(!fnmatch(b"\xc3*", b"\xc3\xa9", true));
    }
}
