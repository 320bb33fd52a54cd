//! Brace expansion (bash): `a{b,c}d` is `abd acd`, `{1..3}` is `1 2 3`.
//!
//! It comes before every other expansion and is purely textual, as in
//! bash: it works on a word's text as written (quotes, `\c` and `${...}`
//! are passed over untouched), and the caller reads each result again as
//! a word. Not part of POSIX sh (dash prints `{a,b}` as it is); bash, the
//! reference, does it in every word but assignments.

/// At most this many words, and bytes in all, from one word:
/// `{1..99999999}` is an error, not an exhausted memory.
pub const MAX_WORDS: usize = 1 << 20;
pub const MAX_BYTES: usize = 1 << 26;

/// How deep braces may nest, and how many bytes may be looked at to find
/// them (a word of many unmatched `{` costs a scan to its end for each):
/// bounds on the stack and the time a hostile word can take.
const MAX_DEPTH: u32 = 256;
const MAX_STEPS: usize = 1 << 24;

/// Why a word could not be brace-expanded.
#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    /// More than [`MAX_WORDS`] words or [`MAX_BYTES`] bytes.
    TooMany,
    /// Nested too deep, or too long to scan.
    TooComplex,
}

type Result<T> = std::result::Result<T, Error>;

/// The words `text` expands to: itself alone when it has no brace
/// expression.
pub fn expand(text: &[u8]) -> Result<Vec<Vec<u8>>> {
    let mut budget = Budget {
        steps: MAX_STEPS,
        depth: 0,
    };
    budget.expand(text)
}

struct Budget {
    steps: usize,
    depth: u32,
}

impl Budget {
    fn expand(&mut self, text: &[u8]) -> Result<Vec<Vec<u8>>> {
        if self.depth >= MAX_DEPTH {
            return Err(Error::TooComplex);
        }
        self.depth += 1;
        let words = self.expand_at_depth(text);
        self.depth -= 1;
        words
    }

    fn expand_at_depth(&mut self, text: &[u8]) -> Result<Vec<Vec<u8>>> {
        let Some((open, close)) = self.first_expression(text)? else {
            return Ok(vec![text.to_vec()]);
        };
        let preamble = &text[..open];
        let amble = &text[open + 1..close];
        let postamble = &text[close + 1..];
        let alternatives = if has_comma(amble) {
            self.alternatives(amble)?
        } else {
            match sequence(amble)? {
                Some(words) => words,
                // Not a sequence after all: the braces stay, and what follows
                // may still hold one.
                None if !postamble.is_empty() => vec![text[open..=close].to_vec()],
                None => return Ok(vec![text.to_vec()]),
            }
        };
        let rest = if postamble.is_empty() {
            vec![Vec::new()]
        } else {
            self.expand(postamble)?
        };
        let count = alternatives.len().saturating_mul(rest.len());
        let bytes = |words: &[Vec<u8>]| words.iter().map(Vec::len).sum::<usize>();
        let size = count
            .saturating_mul(preamble.len())
            .saturating_add(bytes(&alternatives).saturating_mul(rest.len()))
            .saturating_add(bytes(&rest).saturating_mul(alternatives.len()));
        if count > MAX_WORDS || size > MAX_BYTES {
            return Err(Error::TooMany);
        }
        let mut out = Vec::with_capacity(alternatives.len() * rest.len());
        for alt in &alternatives {
            for tail in &rest {
                out.push([preamble, alt, tail].concat());
            }
        }
        Ok(out)
    }

    /// Where the first brace expression starts and ends: an unquoted `{`
    /// with its matching `}` and, between them at their level, a `,` or
    /// `..`.
    fn first_expression(&mut self, text: &[u8]) -> Result<Option<(usize, usize)>> {
        let mut from = 0;
        loop {
            let Some(open) = self.scan(text, from, Stop::Open)? else {
                return Ok(None);
            };
            match self.scan(text, open + 1, Stop::Close)? {
                Some(close) => return Ok(Some((open, close))),
                None => from = open + 1,
            }
        }
    }

    /// The pieces between unquoted top-level commas, each expanded in turn.
    fn alternatives(&mut self, amble: &[u8]) -> Result<Vec<Vec<u8>>> {
        let mut out = Vec::new();
        let mut start = 0;
        loop {
            let end = self.scan(amble, start, Stop::Comma)?.unwrap_or(amble.len());
            out.extend(self.expand(&amble[start..end])?);
            if out.len() > MAX_WORDS {
                return Err(Error::TooMany);
            }
            if end >= amble.len() {
                return Ok(out);
            }
            start = end + 1;
        }
    }

    /// [`scan`], charged to the budget.
    fn scan(&mut self, text: &[u8], from: usize, stop: Stop) -> Result<Option<usize>> {
        let found = scan(text, from, stop);
        let cost = found.unwrap_or(text.len()).saturating_sub(from) + 1;
        self.steps = self.steps.checked_sub(cost).ok_or(Error::TooComplex)?;
        Ok(found)
    }
}

/// Does the text between the braces have a comma not after a backslash
/// (bash looks no further than that)?
fn has_comma(amble: &[u8]) -> bool {
    let mut i = 0;
    while i < amble.len() {
        match amble[i] {
            b'\\' => i += 2,
            b',' => return true,
            _ => i += 1,
        }
    }
    false
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// An `{` that starts a brace expression.
    Open,
    /// The `}` that ends one (with a `,` or `..` seen at its level).
    Close,
    /// A `,` at the top level.
    Comma,
}

/// The index of the first byte from `from` at which `stop` holds, passing
/// over quoted text, escaped bytes and `${...}`.
fn scan(text: &[u8], from: usize, stop: Stop) -> Option<usize> {
    let mut quote: Option<u8> = None;
    // `$'...'`, where a backslash escapes a quote.
    let mut ansi_c = false;
    let mut level = 0usize;
    let mut separators = usize::from(stop != Stop::Close);
    let mut i = from;
    while i < text.len() {
        let c = text[i];
        if c == b'\\' && (quote != Some(b'\'') || ansi_c) {
            i += 2;
            continue;
        }
        if let Some(q) = quote {
            if c == q {
                quote = None;
                ansi_c = false;
            }
            i += 1;
            continue;
        }
        if c == b'$' && text.get(i + 1) == Some(&b'{') {
            // Its `}` closes this level, not a brace expression.
            level += 1;
            i += 2;
            continue;
        }
        if matches!(c, b'"' | b'\'' | b'`') {
            quote = Some(c);
            ansi_c = c == b'\'' && i > 0 && text[i - 1] == b'$';
            i += 1;
            continue;
        }
        let wanted = match stop {
            Stop::Open => b'{',
            Stop::Close => b'}',
            Stop::Comma => b',',
        };
        if c == wanted && level == 0 && separators > 0 {
            // A `{` alone at the start, or `{}` there, is a word as it is.
            let lone = stop == Stop::Open
                && i == 0
                && matches!(text.get(1), None | Some(b' ' | b'\t' | b'\n' | b'}'));
            if !lone {
                return Some(i);
            }
        } else if c == b'{' {
            level += 1;
        } else if c == b'}' && level > 0 {
            level -= 1;
        } else if stop == Stop::Close
            && level == 0
            && (c == b',' || (text[i..].starts_with(b"..") && text.get(i + 2) != Some(&b'}')))
        {
            separators += 1;
        }
        i += 1;
    }
    None
}

/// `x..y` or `x..y..step`, of integers or of single letters: the words,
/// or `None` if the text is no sequence.
fn sequence(amble: &[u8]) -> Result<Option<Vec<Vec<u8>>>> {
    let text = match std::str::from_utf8(amble) {
        Ok(t) => t,
        Err(_) => return Ok(None),
    };
    let Some((lhs, rest)) = text.split_once("..") else {
        return Ok(None);
    };
    let (rhs, step) = match rest.split_once("..") {
        Some((rhs, step)) => (rhs, Some(step)),
        None => (rest, None),
    };
    let step: i64 = match step {
        None => 1,
        Some(s) => match s.parse::<i64>() {
            Ok(n) => n,
            Err(_) => return Ok(None),
        },
    };
    if let (Some(a), Some(b)) = (letter(lhs), letter(rhs)) {
        let seq = steps(i64::from(a), i64::from(b), step)?;
        return Ok(Some(seq.map(|n| vec![n as u8]).collect()));
    }
    let (Some(a), Some(b)) = (integer(lhs), integer(rhs)) else {
        return Ok(None);
    };
    let width = pad_width(lhs).max(pad_width(rhs));
    let width = if width > 0 {
        width.max(lhs.len()).max(rhs.len())
    } else {
        0
    };
    let seq = steps(a, b, step)?;
    Ok(Some(
        seq.map(|n| format!("{n:0width$}").into_bytes()).collect(),
    ))
}

/// `a` to `b` by `|step|` (0 counts as 1), toward `b`.
fn steps(a: i64, b: i64, step: i64) -> Result<impl Iterator<Item = i64>> {
    let step = step.unsigned_abs().max(1);
    let count = a.abs_diff(b) / step + 1;
    if count > MAX_WORDS as u64 {
        return Err(Error::TooMany);
    }
    let down = a > b;
    Ok((0..count).map(move |k| {
        let offset = (k * step) as i128;
        (if down {
            i128::from(a) - offset
        } else {
            i128::from(a) + offset
        }) as i64
    }))
}

fn letter(s: &str) -> Option<u8> {
    match s.as_bytes() {
        [c] if c.is_ascii_alphabetic() => Some(*c),
        _ => None,
    }
}

/// An integer as bash takes one here: optional sign, then digits.
fn integer(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A leading zero (after a `-`) asks for words of equal width.
fn pad_width(s: &str) -> usize {
    let b = s.as_bytes();
    if (b.len() > 1 && b[0] == b'0') || (b.len() > 2 && b[0] == b'-' && b[1] == b'0') {
        s.len()
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        expand(text.as_bytes())
            .unwrap()
            .into_iter()
            .map(|w| String::from_utf8(w).unwrap())
            .collect()
    }

    #[test]
    fn alternatives_and_nesting() {
        assert_eq!(words("x{a,b}y"), ["xay", "xby"]);
        assert_eq!(words("{a,{b,c}}"), ["a", "b", "c"]);
        assert_eq!(words("a{b,c}d{e,f}"), ["abde", "abdf", "acde", "acdf"]);
        assert_eq!(words("{a,b}}"), ["a}", "b}"]);
        assert_eq!(words("{{a,b}"), ["{a", "{b"]);
        assert_eq!(words("x{,}y"), ["xy", "xy"]);
    }

    #[test]
    fn not_expressions() {
        for text in [
            "{a}", "{}", "{a,b", "\\{a,b}", "{a\\,b}", "${x}", "'{a,b}'", "{1..a}",
        ] {
            assert_eq!(words(text), [text], "{text}");
        }
        assert_eq!(words("\"{\"a,b}"), ["\"{\"a,b}"]);
        assert_eq!(words("{\"a,b\",c}"), ["\"a,b\"", "c"]);
    }

    #[test]
    fn sequences() {
        assert_eq!(words("{1..3}"), ["1", "2", "3"]);
        assert_eq!(words("{3..1}"), ["3", "2", "1"]);
        assert_eq!(words("{1..10..3}"), ["1", "4", "7", "10"]);
        assert_eq!(words("{1..3..-1}"), ["1", "2", "3"]);
        assert_eq!(words("{01..3}"), ["01", "02", "03"]);
        assert_eq!(words("{-01..1}"), ["-01", "000", "001"]);
        assert_eq!(words("{a..e..2}"), ["a", "c", "e"]);
        assert_eq!(words("{x..z..0}"), ["x", "y", "z"]);
        assert_eq!(words("{1..a}x{1..2}"), ["{1..a}x1", "{1..a}x2"]);
    }

    #[test]
    fn too_many_words_is_an_error() {
        assert_eq!(expand(b"{1..99999999}"), Err(Error::TooMany));
        let product = "{a,b}".repeat(21);
        assert_eq!(expand(product.as_bytes()), Err(Error::TooMany));
        let long = format!("{}{}", "x".repeat(1000), "{a,b}".repeat(17));
        assert_eq!(expand(long.as_bytes()), Err(Error::TooMany));
        let deep = format!("{}x{}", "{a,".repeat(300), "}".repeat(300));
        assert_eq!(expand(deep.as_bytes()), Err(Error::TooComplex));
        let unmatched = "{".repeat(6_000);
        assert_eq!(expand(unmatched.as_bytes()), Err(Error::TooComplex));
        assert_eq!(words(&"{".repeat(2000)), ["{".repeat(2000)]);
    }
}
