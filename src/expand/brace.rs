//! Brace expansion (bash): `a{b,c}d` is `abd acd`, `{1..3}` is `1 2 3`.
//!
//! It comes before every other expansion and is purely textual, as in
//! bash: it works on a word's text as written (quotes, `\c` and `${...}`
//! are passed over untouched), and the caller reads each result again as
//! a word. Not part of POSIX sh (dash prints `{a,b}` as it is); bash, the
//! reference, does it in every word but assignments.

/// At most this many words, and bytes in all, from one word: bounds on
/// the memory one word can take (`{1..2000000}` works, as in bash;
/// `{1..99999999}` is an error, not an exhausted memory).
pub const MAX_WORDS: usize = 1 << 22;
pub const MAX_BYTES: usize = 1 << 28;

/// How deep brace expressions may nest: each level is a recursion.
pub const MAX_DEPTH: u32 = 256;

/// Why a word could not be brace-expanded.
#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    /// More than [`MAX_WORDS`] words or [`MAX_BYTES`] bytes.
    TooMany,
    /// Brace expressions nested deeper than [`MAX_DEPTH`].
    TooDeep,
}

impl Error {
    /// What went wrong, in words for the user.
    pub fn describe(&self) -> String {
        match self {
            Error::TooMany => format!("too many words (more than {MAX_WORDS})"),
            Error::TooDeep => format!("nested deeper than {MAX_DEPTH} levels"),
        }
    }
}

type Result<T> = std::result::Result<T, Error>;

/// How much of a word an error message shows.
const SHOWN_MAX: usize = 40;

/// `word` as an error message shows it: whole if short, else its start
/// and `...` (a word of megabytes would flood the terminal).
pub fn shown(word: &[u8]) -> String {
    let text = String::from_utf8_lossy(word);
    match text.char_indices().nth(SHOWN_MAX) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.into_owned(),
    }
}

/// The words `text` expands to: itself alone when it has no brace
/// expression.
pub fn expand(text: &[u8]) -> Result<Vec<Vec<u8>>> {
    expand_at(text, 0)
}

/// [`expand`] for text nested `depth` brace expressions deep.
fn expand_at(text: &[u8], depth: u32) -> Result<Vec<Vec<u8>>> {
    if depth >= MAX_DEPTH {
        return Err(Error::TooDeep);
    }
    // The words so far, and where the text not yet added to them starts.
    let mut words: Vec<Vec<u8>> = vec![Vec::new()];
    let mut literal_from = 0;
    let mut any = false;
    // Where the text left to look at starts: after the last expression.
    let mut from = 0;
    // bash looks at what follows an expression as a text of its own: an
    // expression there is the first in the whole text that starts after
    // it (see [`expressions`]), unless its `{` is a lone one at the start.
    for (open, close) in expressions(text) {
        if open < from || (open == from && from > 0 && lone(text, from)) {
            continue;
        }
        let amble = &text[open + 1..close];
        let alternatives = if has_comma(amble) {
            alternatives(amble, depth + 1)?
        } else {
            match sequence(amble)? {
                Some(words) => words,
                // Not a sequence after all: the braces stay, and what
                // follows may still hold one.
                None => {
                    from = close + 1;
                    continue;
                }
            }
        };
        words = product(&words, &text[literal_from..open], &alternatives)?;
        any = true;
        literal_from = close + 1;
        from = close + 1;
    }
    if !any {
        return Ok(vec![text.to_vec()]);
    }
    product(&words, &text[literal_from..], &[Vec::new()])
}

/// Each of `words`, then `middle`, then each of `alternatives`, in that
/// order, if that stays within [`MAX_WORDS`] and [`MAX_BYTES`].
fn product(words: &[Vec<u8>], middle: &[u8], alternatives: &[Vec<u8>]) -> Result<Vec<Vec<u8>>> {
    let bytes = |words: &[Vec<u8>]| words.iter().map(Vec::len).sum::<usize>();
    let count = words.len().saturating_mul(alternatives.len());
    let size = bytes(words)
        .saturating_mul(alternatives.len())
        .saturating_add(count.saturating_mul(middle.len()))
        .saturating_add(bytes(alternatives).saturating_mul(words.len()));
    if count > MAX_WORDS || size > MAX_BYTES {
        return Err(Error::TooMany);
    }
    let mut out = Vec::with_capacity(count);
    for word in words {
        for alt in alternatives {
            out.push([word, middle, alt].concat());
        }
    }
    Ok(out)
}

/// The pieces between unquoted top-level commas, each expanded in turn.
fn alternatives(amble: &[u8], depth: u32) -> Result<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    let mut start = 0;
    for end in top_level_commas(amble).into_iter().chain([amble.len()]) {
        out.extend(expand_at(&amble[start..end], depth)?);
        if out.len() > MAX_WORDS {
            return Err(Error::TooMany);
        }
        start = end + 1;
    }
    Ok(out)
}

/// A `{` alone at the start of a text, or `{}` there, is a word as it
/// is, not the start of an expression (bash's `brace_gobbler`).
fn lone(text: &[u8], at: usize) -> bool {
    matches!(text.get(at + 1), None | Some(b' ' | b'\t' | b'\n' | b'}'))
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

/// What [`walk`] reports: the bytes that matter to brace expansion,
/// outside quotes and not after a backslash.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    /// The `{` of `${`: its `}` closes a level, never an expression.
    DollarBrace,
    Open,
    Close,
    /// A `,`, or a `..` not right before a `}`: what makes braces an
    /// expression.
    Separator(u8),
}

/// Call `f` with each [`Mark`] of `text` and its index, in one pass,
/// passing over quoted text and escaped bytes as bash does.
fn walk(text: &[u8], mut f: impl FnMut(usize, Mark)) {
    let mut quote: Option<u8> = None;
    // `$'...'`, where a backslash escapes a quote.
    let mut ansi_c = false;
    let mut i = 0;
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
        match c {
            b'$' if text.get(i + 1) == Some(&b'{') => {
                f(i + 1, Mark::DollarBrace);
                i += 2;
                continue;
            }
            b'"' | b'\'' | b'`' => {
                quote = Some(c);
                ansi_c = c == b'\'' && i > 0 && text[i - 1] == b'$';
            }
            b'{' => f(i, Mark::Open),
            b'}' => f(i, Mark::Close),
            b',' => f(i, Mark::Separator(c)),
            b'.' if text[i..].starts_with(b"..") && text.get(i + 2) != Some(&b'}') => {
                f(i, Mark::Separator(c))
            }
            _ => {}
        }
        i += 1;
    }
}

/// The indexes of the commas of `amble` outside any braces.
fn top_level_commas(amble: &[u8]) -> Vec<usize> {
    let mut level = 0usize;
    let mut commas = Vec::new();
    walk(amble, |i, mark| match mark {
        Mark::DollarBrace | Mark::Open => level += 1,
        Mark::Close => level = level.saturating_sub(1),
        Mark::Separator(b',') if level == 0 => commas.push(i),
        Mark::Separator(_) => {}
    });
    commas
}

/// Braces seen since a `{`, as the search for the `}` of the `{`s in
/// [`expressions`] sees them: each of those `{`s is at its own level here
/// (a `}` here ends its expression if a separator came since it joined).
#[derive(Default)]
struct Level {
    /// Separators seen at this level so far.
    separators: usize,
    /// The `{`s waiting at this level, in groups that joined it when
    /// `separators` was the number given (so a group has seen a
    /// separator once `separators` is past it). Oldest first: the
    /// numbers only grow.
    waiting: Vec<(usize, Vec<usize>)>,
}

/// Every brace expression of `text`, as `(open, close)` sorted by `open`:
/// each unquoted `{` (not `${`, not inside one) with the `}` that bash's
/// `brace_gobbler` finds for it, looking from the `{` on. That `}` is the
/// first at the `{`'s level after a separator at that level; a `}` at its
/// level before any separator is passed over, and does not change its
/// level. One pass for all of them, however many `{`s fail to find one:
/// the `{`s whose levels are the same at a point wait together, each
/// group counting separators from where it joined.
fn expressions(text: &[u8]) -> Vec<(usize, usize)> {
    let mut levels = vec![Level::default()];
    let mut found = Vec::new();
    // How deep in `${...}` the search for a `{` is: none starts there.
    let mut in_param = 0usize;
    walk(text, |i, mark| match mark {
        Mark::DollarBrace => {
            in_param += 1;
            levels.push(Level::default());
        }
        Mark::Open => {
            let mut level = Level::default();
            if in_param > 0 {
                in_param += 1;
            } else if !(i == 0 && lone(text, 0)) {
                level.waiting.push((0, vec![i]));
            }
            levels.push(level);
        }
        Mark::Close => {
            in_param = in_param.saturating_sub(1);
            let Some(top) = levels.last_mut() else {
                return;
            };
            let seen = top.separators;
            let done = top.waiting.partition_point(|(since, _)| *since < seen);
            for (_, opens) in top.waiting.drain(..done) {
                found.extend(opens.into_iter().map(|open| (open, i)));
            }
            if levels.len() == 1 {
                return;
            }
            // The `{`s still waiting saw no separator: from here they
            // are at the level below, which this `}` goes back to.
            let Some(top) = levels.pop() else {
                return;
            };
            let Some(below) = levels.last_mut() else {
                return;
            };
            let mut moved = Vec::new();
            for (_, opens) in top.waiting {
                moved = merge(moved, opens);
            }
            if moved.is_empty() {
                return;
            }
            match below.waiting.last_mut() {
                Some((since, opens)) if *since == below.separators => {
                    *opens = merge(std::mem::take(opens), moved);
                }
                _ => below.waiting.push((below.separators, moved)),
            }
        }
        Mark::Separator(_) => {
            if let Some(top) = levels.last_mut() {
                top.separators += 1;
            }
        }
    });
    found.sort_unstable();
    found
}

/// Both lists in one, the smaller moved into the larger: each `{` is
/// moved at most log2(n) times over a whole text.
fn merge(a: Vec<usize>, b: Vec<usize>) -> Vec<usize> {
    let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    big.extend(small);
    big
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
        // `{Z..a}` passes over `\`, which bash's quote removal then takes
        // away, leaving an empty word: `''` reads back the same way.
        let word = |n: i64| match n as u8 {
            b'\\' => b"''".to_vec(),
            // A backquote read back would be a command substitution; the
            // result is the character itself.
            b'`' => b"\\`".to_vec(),
            c => vec![c],
        };
        return Ok(Some(seq.map(word).collect()));
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
        let product = "{a,b}".repeat(23);
        assert_eq!(expand(product.as_bytes()), Err(Error::TooMany));
        let long = format!("{}{}", "x".repeat(1000), "{a,b}".repeat(19));
        assert_eq!(expand(long.as_bytes()), Err(Error::TooMany));
        let deep = format!("{}x{}", "{a,".repeat(300), "}".repeat(300));
        assert_eq!(expand(deep.as_bytes()), Err(Error::TooDeep));
        // As many as bash makes without trouble.
        assert_eq!(expand(b"{1..2000000}").map(|w| w.len()), Ok(2_000_000));
    }

    #[test]
    fn long_words_are_shortened_in_messages() {
        assert_eq!(shown(b"{a,b}"), "{a,b}");
        let long = "é".repeat(50);
        assert_eq!(shown(long.as_bytes()), format!("{}...", "é".repeat(40)));
    }

    #[test]
    fn letters_past_z_and_before_a() {
        // bash: the `\\` between `Z` and `a` is taken away as a quote.
        // The backquote is escaped: read back, it is no command substitution.
        assert_eq!(words("{Z..a}"), ["Z", "[", "''", "]", "^", "_", "\\`", "a"]);
        assert_eq!(words("{a..Z}")[5], "''");
    }

    /// Words with many braces but no expression take one pass, not one
    /// per `{` (`'{x}'` 3500 times took 10 million steps and failed).
    #[test]
    fn many_braces_are_linear() {
        for text in [
            "{x}".repeat(100_000),
            "{".repeat(100_000),
            "}".repeat(100_000),
            format!("{}{}", "{".repeat(50_000), "}".repeat(50_000)),
            "{a{".repeat(50_000),
            "{1..1}".repeat(20_000),
            format!("{}{}", "{a".repeat(50_000), ",b}".repeat(200)),
        ] {
            let t = std::time::Instant::now();
            let result = expand(text.as_bytes());
            assert!(
                t.elapsed() < std::time::Duration::from_secs(2),
                "{:?} for {}...",
                t.elapsed(),
                &text[..20]
            );
            if let Ok(words) = result {
                assert!(!words.is_empty());
            }
        }
        assert_eq!(words(&"{x}".repeat(3500)), ["{x}".repeat(3500)]);
        assert_eq!(words(&"{".repeat(2000)), ["{".repeat(2000)]);
        assert_eq!(words(&"{1..1}".repeat(3)), ["111"]);
    }

    /// The brace expressions found in one pass are the ones bash's
    /// search, `{` by `{` (as jsh did it before), finds.
    mod oracle {
        /// bash's `brace_gobbler`, one `{` at a time: the first `{` that
        /// has its `}` (the old, quadratic code).
        pub fn first_expression(text: &[u8], from: usize) -> Option<(usize, usize)> {
            let mut from = from;
            let start = from;
            loop {
                let open = scan(text, from, start, Stop::Open)?;
                match scan(text, open + 1, start, Stop::Close) {
                    Some(close) => return Some((open, close)),
                    None => from = open + 1,
                }
            }
        }

        #[derive(Clone, Copy, PartialEq, Eq)]
        enum Stop {
            Open,
            Close,
        }

        fn scan(text: &[u8], from: usize, start: usize, stop: Stop) -> Option<usize> {
            let mut quote: Option<u8> = None;
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
                };
                if c == wanted && level == 0 && separators > 0 {
                    let lone = stop == Stop::Open
                        && i == start
                        && matches!(text.get(i + 1), None | Some(b' ' | b'\t' | b'\n' | b'}'));
                    if !lone {
                        return Some(i);
                    }
                } else if c == b'{' {
                    level += 1;
                } else if c == b'}' && level > 0 {
                    level -= 1;
                } else if stop == Stop::Close
                    && level == 0
                    && (c == b','
                        || (text[i..].starts_with(b"..") && text.get(i + 2) != Some(&b'}')))
                {
                    separators += 1;
                }
                i += 1;
            }
            None
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn one_pass_finds_what_bash_finds(pieces in proptest::collection::vec(
            proptest::sample::select(&[
                "{", "}", ",", "..", ".", "$", "${", "'", "\"", "\\", "a", " ", "`", "$'",
            ][..]),
            0..16,
        )) {
            let text = pieces.concat().into_bytes();
            let found = expressions(&text);
            // From the start, and from just after each `}`, as for what
            // follows an expression.
            let starts = std::iter::once(0)
                .chain(found.iter().map(|&(_, close)| close + 1));
            for from in starts {
                let one_pass = found
                    .iter()
                    .copied()
                    .find(|&(open, _)| open >= from && !(open == from && from > 0 && lone(&text, from)));
                proptest::prop_assert_eq!(
                    one_pass,
                    oracle::first_expression(&text, from),
                    "{:?} from {}", String::from_utf8_lossy(&text), from
                );
            }
        }
    }
}
