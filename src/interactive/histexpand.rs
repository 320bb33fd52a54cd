//! History expansion at the prompt, as bash (readline's histexpand.c)
//! does it: `!!`, `!n`, `!-n`, `!str`, `!?str?`, `!#`, `^old^new^`, the
//! word designators (`:0`, `:n`, `:x-y`, `^`, `$`, `*`, `x*`, `x-`) and
//! the modifiers `:h :t :r :e :p :q :s/old/new/ :gs/old/new/`.
//!
//! It works on the line as typed, before the parser sees it, so it knows
//! only quotes: `!` inside single quotes, after a backslash, before a
//! blank, `=`, `(` or the end of the line, in `$!`, `${!name}` and `[!a]`, and
//! before the `"` that closes a double-quoted string, is an ordinary
//! character.

/// What expanding a line gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Expansion {
    /// No history reference in it: run it as typed.
    Unchanged,
    /// Run this instead (and show it first).
    Changed(String),
    /// A `:p` modifier: show this and record it, run nothing.
    PrintOnly(String),
}

/// The quotes open at the end of the lines of a command typed so far,
/// in which its next line starts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Quote {
    #[default]
    None,
    /// In `'...'` (or `$'...'`): no history expansion until it closes.
    Single,
    /// In `"..."`.
    Double,
}

/// Where the lines already read of a command leave the next one: bash
/// tells readline (`history_quoting_state`) whether its parser is inside
/// single or double quotes, so that a `'` opened on one line still keeps
/// `!` literal on the next. Comments end at the line's end; `$'...'` is
/// single-quoted with `\'` inside it.
pub fn quote_after(lines: &[String]) -> Quote {
    let mut quote = Quote::None;
    for line in lines {
        let b = line.as_bytes();
        let mut i = 0;
        let mut ansi = false;
        while i < b.len() {
            let c = b[i];
            match quote {
                Quote::Single => match c {
                    b'\\' if ansi => i += 1,
                    b'\'' => quote = Quote::None,
                    _ => {}
                },
                Quote::Double => match c {
                    b'\\' => i += 1,
                    b'"' => quote = Quote::None,
                    _ => {}
                },
                Quote::None => match c {
                    b'\\' => i += 1,
                    b'\'' => {
                        ansi = i > 0 && b[i - 1] == b'$';
                        quote = Quote::Single;
                    }
                    b'"' => quote = Quote::Double,
                    b'#' if i == 0 || b" \t;&|()".contains(&b[i - 1]) => break,
                    _ => {}
                },
            }
            i += 1;
        }
    }
    quote
}

/// Expand the history references of `line` against `history` (oldest
/// first, entry `n` being `history[n - 1]`). The error is bash's message
/// without the shell's name (`!xyz: event not found`).
pub fn expand(line: &str, history: &[String]) -> Result<Expansion, String> {
    expand_in(line, history, Quote::None)
}

/// [`expand`] for a line that starts inside the quotes `open`, which an
/// earlier line of the same command left open (see [`quote_after`]).
pub fn expand_in(line: &str, history: &[String], open: Quote) -> Result<Expansion, String> {
    let b = line.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut changed = false;
    let mut print_only = false;
    let mut i = 0;
    if b.first() == Some(&b'^') && open == Quote::None {
        let (text, next, p) = quick_substitution(b, history)?;
        out.extend_from_slice(text.as_bytes());
        changed = true;
        print_only |= p;
        i = next;
    }
    let mut single = open == Quote::Single;
    let mut double = open == Quote::Double;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\\' if !single => {
                // `\!` stays as typed: the lexer removes the backslash.
                out.push(c);
                if let Some(&n) = b.get(i + 1) {
                    out.push(n);
                }
                i += 2;
                continue;
            }
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'!' if !single && !literal_bang(b, i, double) => {
                let reference = reference(b, i, double, history, &out)?;
                out.extend_from_slice(reference.text.as_bytes());
                changed = true;
                print_only |= reference.print_only;
                i = reference.next;
                continue;
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    let text = String::from_utf8_lossy(&out).into_owned();
    Ok(match (changed, print_only) {
        (_, true) => Expansion::PrintOnly(text),
        (true, false) => Expansion::Changed(text),
        (false, false) => Expansion::Unchanged,
    })
}

/// Is the `!` at `i` an ordinary character?
fn literal_bang(b: &[u8], i: usize, double: bool) -> bool {
    let next = b.get(i + 1).copied();
    let before = |k: usize| i.checked_sub(k).map(|j| b[j]);
    match next {
        None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'=' | b'(') => true,
        // `"...!"`: the closing quote ends the string, not a search.
        Some(b'"') if double => true,
        // `$!` and `${!name}` are parameters; `[!a]` is a pattern when a
        // `]` follows (bash's bash_history_inhibit_expansion).
        _ => {
            before(1) == Some(b'$')
                || (before(1) == Some(b'{') && before(2) == Some(b'$'))
                || (before(1) == Some(b'[') && b[i + 1..].contains(&b']'))
        }
    }
}

/// One `!...` reference, expanded.
struct Reference {
    text: String,
    /// Index of the first byte after it.
    next: usize,
    print_only: bool,
}

fn reference(
    b: &[u8],
    start: usize,
    double: bool,
    history: &[String],
    so_far: &[u8],
) -> Result<Reference, String> {
    let (event, mut i) = event(b, start, double, history, so_far)?;
    let words = split_words(&event);
    let spec_start = i;
    let selected = match designator(b, &mut i) {
        None => event.clone(),
        Some(range) => {
            let bad = || {
                format!(
                    "{}: bad word specifier",
                    String::from_utf8_lossy(&b[spec_start..i])
                )
            };
            let (first, last) = range.resolve(words.len()).ok_or_else(bad)?;
            words
                .get(first..=last)
                .map(|w| w.join(" "))
                .unwrap_or_default()
        }
    };
    let (text, print_only) = modifiers(b, &mut i, selected)?;
    Ok(Reference {
        text,
        next: i,
        print_only,
    })
}

/// The event a reference names and the index after its spec.
fn event(
    b: &[u8],
    start: usize,
    double: bool,
    history: &[String],
    so_far: &[u8],
) -> Result<(String, usize), String> {
    let mut i = start + 1;
    let not_found = |end: usize| {
        format!(
            "{}: event not found",
            String::from_utf8_lossy(&b[start..end.min(b.len())])
        )
    };
    let nth_last = |n: usize| -> Option<String> {
        history
            .len()
            .checked_sub(n)
            .and_then(|k| history.get(k))
            .cloned()
    };
    match b.get(i).copied() {
        Some(b'!') => {
            i += 1;
            nth_last(1).map(|e| (e, i)).ok_or_else(|| not_found(i))
        }
        Some(b'#') => Ok((String::from_utf8_lossy(so_far).into_owned(), i + 1)),
        Some(b'0'..=b'9') | Some(b'-') => {
            let negative = b[i] == b'-';
            if negative {
                i += 1;
            }
            let digits = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            let n: Option<usize> = std::str::from_utf8(&b[digits..i])
                .ok()
                .and_then(|s| s.parse().ok());
            let found = match (negative, n) {
                (true, Some(n)) if n > 0 => nth_last(n),
                (false, Some(n)) if n > 0 => history.get(n - 1).cloned(),
                _ => None,
            };
            found.map(|e| (e, i)).ok_or_else(|| not_found(i))
        }
        Some(b'?') => {
            i += 1;
            let from = i;
            while i < b.len() && b[i] != b'?' && b[i] != b'\n' {
                i += 1;
            }
            let needle = String::from_utf8_lossy(&b[from..i]).into_owned();
            if b.get(i) == Some(&b'?') {
                i += 1;
            }
            history
                .iter()
                .rev()
                .find(|e| !needle.is_empty() && e.contains(needle.as_str()))
                .cloned()
                .map(|e| (e, i))
                .ok_or_else(|| not_found(i))
        }
        // `!$`, `!:1`...: the previous command.
        Some(b'^' | b'$' | b'*' | b':' | b'%') => {
            nth_last(1).map(|e| (e, i)).ok_or_else(|| not_found(i))
        }
        _ => {
            let from = i;
            while let Some(&c) = b.get(i) {
                let ends =
                    c.is_ascii_whitespace() || b":;&|<>()".contains(&c) || (double && c == b'"');
                if ends {
                    break;
                }
                i += 1;
            }
            let prefix = String::from_utf8_lossy(&b[from..i]).into_owned();
            history
                .iter()
                .rev()
                .find(|e| e.starts_with(prefix.as_str()))
                .cloned()
                .map(|e| (e, i))
                .ok_or_else(|| not_found(i))
        }
    }
}

/// Which words a designator selects; `None` for the end of the list.
#[derive(Debug, Clone, Copy)]
struct WordRange {
    first: Option<usize>,
    last: Option<usize>,
    /// `x-`: up to the word before the last.
    but_last: bool,
}

impl WordRange {
    /// The first and last index, or `None` if out of range. `*` on a
    /// one-word command selects nothing, without an error (as bash).
    fn resolve(self, count: usize) -> Option<(usize, usize)> {
        let top = count.checked_sub(1)?;
        let first = self.first.unwrap_or(top);
        let last = match self.last {
            Some(n) => n,
            None if self.but_last => top.checked_sub(1)?,
            None => top,
        };
        // An empty range (`*` of one word, `x-` of x + 1) is no error.
        if last > top || first > last + 1 {
            return None;
        }
        Some((first, last))
    }
}

/// Parse a word designator at `*i`, after the event.
fn designator(b: &[u8], i: &mut usize) -> Option<WordRange> {
    let at = *i;
    let mut j = at;
    let colon = b.get(j) == Some(&b':');
    if colon {
        j += 1;
    }
    let c = *b.get(j)?;
    // Without a colon only `^ $ * -` (and `%`) designate words.
    if !(c.is_ascii_digit() || b"^$*-%".contains(&c)) || (!colon && c.is_ascii_digit()) {
        return None;
    }
    let number = |j: &mut usize| -> Option<usize> {
        let from = *j;
        while b.get(*j).is_some_and(u8::is_ascii_digit) {
            *j += 1;
        }
        std::str::from_utf8(&b[from..*j]).ok()?.parse().ok()
    };
    let word = |j: &mut usize| -> Option<Option<usize>> {
        match b.get(*j) {
            Some(b'^') => {
                *j += 1;
                Some(Some(1))
            }
            Some(b'$') => {
                *j += 1;
                Some(None)
            }
            Some(d) if d.is_ascii_digit() => Some(Some(number(j)?)),
            _ => None,
        }
    };
    let range = match c {
        b'*' => {
            j += 1;
            WordRange {
                first: Some(1),
                last: None,
                but_last: false,
            }
        }
        b'-' => {
            j += 1;
            let last = word(&mut j).unwrap_or(None);
            WordRange {
                first: Some(0),
                last,
                but_last: false,
            }
        }
        b'%' => {
            // The word `!?str?` matched: not kept; an error, not a guess.
            j += 1;
            *i = j;
            return Some(WordRange {
                first: Some(usize::MAX),
                last: Some(usize::MAX),
                but_last: false,
            });
        }
        _ => {
            let first = word(&mut j)?;
            match b.get(j) {
                Some(b'*') => {
                    j += 1;
                    WordRange {
                        first,
                        last: None,
                        but_last: false,
                    }
                }
                Some(b'-') => {
                    j += 1;
                    match word(&mut j) {
                        Some(last) => WordRange {
                            first,
                            last,
                            but_last: false,
                        },
                        None => WordRange {
                            first,
                            last: None,
                            but_last: true,
                        },
                    }
                }
                _ => WordRange {
                    first,
                    last: first,
                    but_last: false,
                },
            }
        }
    };
    *i = j;
    Some(range)
}

/// Apply the `:h :t :r :e :p :q :s :gs` modifiers at `*i` to `text`;
/// also whether `:p` was among them.
fn modifiers(b: &[u8], i: &mut usize, mut text: String) -> Result<(String, bool), String> {
    let mut print_only = false;
    while b.get(*i) == Some(&b':') {
        let start = *i;
        let mut j = start + 1;
        let global = matches!(b.get(j), Some(b'g' | b'a')) && b.get(j + 1) == Some(&b's');
        if global {
            j += 1;
        }
        match b.get(j).copied() {
            Some(b'h') => {
                if let Some(k) = text.rfind('/') {
                    text.truncate(k);
                }
            }
            Some(b't') => {
                if let Some(k) = text.rfind('/') {
                    text = text[k + 1..].to_string();
                }
            }
            Some(b'r') => {
                if let Some(k) = suffix_dot(&text) {
                    text.truncate(k);
                }
            }
            Some(b'e') => {
                if let Some(k) = suffix_dot(&text) {
                    text = text[k..].to_string();
                }
            }
            Some(b'p') => print_only = true,
            Some(b'q') => text = single_quote(&text),
            Some(b's') => {
                let (old, new, end) = substitution(b, j + 1);
                let failed = || {
                    format!(
                        "{}: substitution failed",
                        String::from_utf8_lossy(&b[start..end])
                    )
                };
                text = substitute(&text, &old, &new, global).ok_or_else(failed)?;
                *i = end;
                continue;
            }
            // bash's `:&` repeats the last `:s`, which jsh does not keep:
            // refused rather than left in the line as text.
            Some(b'&') => return Err(":&: not supported by jsh".to_string()),
            // Anything else after the colon is an error, as in bash.
            other => {
                let what = other.map(|c| String::from_utf8_lossy(&[c]).into_owned());
                return Err(format!(
                    "{}: unrecognized history modifier",
                    what.unwrap_or_default()
                ));
            }
        }
        *i = j + 1;
    }
    Ok((text, print_only))
}

/// Where the suffix of the last path component starts (its dot).
fn suffix_dot(text: &str) -> Option<usize> {
    let dot = text.rfind('.')?;
    match text.rfind('/') {
        Some(slash) if slash > dot => None,
        _ => Some(dot),
    }
}

fn single_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// `s/old/new/` from just after the `s`: old, new (with `&` still in
/// it) and the index after the closing delimiter (optional at the end of
/// the line).
fn substitution(b: &[u8], from: usize) -> (Vec<u8>, Vec<u8>, usize) {
    let Some(&delim) = b.get(from) else {
        return (Vec::new(), Vec::new(), from);
    };
    let mut i = from + 1;
    let part = |i: &mut usize| {
        let mut s = Vec::new();
        while let Some(&c) = b.get(*i) {
            if c == delim || c == b'\n' {
                break;
            }
            if c == b'\\' && b.get(*i + 1) == Some(&delim) {
                *i += 1;
            }
            s.push(b[*i]);
            *i += 1;
        }
        s
    };
    let old = part(&mut i);
    if b.get(i) == Some(&delim) {
        i += 1;
    }
    let new = part(&mut i);
    if b.get(i) == Some(&delim) {
        i += 1;
    }
    (old, new, i)
}

/// Replace the first (or every) `old` in `text` by `new`, where `&`
/// stands for `old` (`\&` for itself); `None` if `old` is not there.
fn substitute(text: &str, old: &[u8], new: &[u8], global: bool) -> Option<String> {
    let old = String::from_utf8_lossy(old).into_owned();
    if old.is_empty() || !text.contains(old.as_str()) {
        return None;
    }
    let mut replacement = String::new();
    let new = String::from_utf8_lossy(new).into_owned();
    let mut chars = new.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'&') => {
                replacement.push('&');
                chars.next();
            }
            '&' => replacement.push_str(&old),
            c => replacement.push(c),
        }
    }
    Some(if global {
        text.replace(old.as_str(), &replacement)
    } else {
        text.replacen(old.as_str(), &replacement, 1)
    })
}

/// `^old^new^`: the previous command with `old` replaced by `new`; the
/// text, the index after it, and whether a `:p` follows.
fn quick_substitution(b: &[u8], history: &[String]) -> Result<(String, usize, bool), String> {
    let (old, new, end) = substitution(b, 0);
    let event = history
        .last()
        .cloned()
        .ok_or_else(|| format!("{}: event not found", String::from_utf8_lossy(&b[..end])))?;
    let text = substitute(&event, &old, &new, false).ok_or_else(|| {
        format!(
            ":s{}: substitution failed",
            String::from_utf8_lossy(&b[..end])
        )
    })?;
    let mut i = end;
    let (text, print_only) = modifiers(b, &mut i, text)?;
    Ok((text, i, print_only))
}

/// The words of a history entry as bash's `history_tokenize` sees them:
/// blanks apart, quotes kept whole, and each operator a word of its own.
fn split_words(line: &str) -> Vec<String> {
    let b = line.as_bytes();
    let mut words = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if b";&|<>()".contains(&b[i]) {
            let c = b[i];
            i += 1;
            // `&&`, `||`, `>>`, `;;`, `>&`, `<<`, `|&`.
            if b.get(i)
                .is_some_and(|&n| n == c || (b"<>|".contains(&c) && n == b'&'))
            {
                i += 1;
            }
        } else {
            let mut quote = None;
            while i < b.len() {
                let c = b[i];
                match quote {
                    Some(q) if c == q => quote = None,
                    Some(b'"') if c == b'\\' => i += 1,
                    Some(_) => {}
                    None if c == b'\\' => i += 1,
                    None if c == b'\'' || c == b'"' => quote = Some(c),
                    None if c.is_ascii_whitespace() || b";&|<>()".contains(&c) => break,
                    None => {}
                }
                i += 1;
            }
        }
        let end = i.min(b.len());
        words.push(String::from_utf8_lossy(&b[start..end]).into_owned());
    }
    words
}

#[cfg(test)]
mod tests {
    #[test]
    fn quotes_carry_over_lines() {
        let lines = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(quote_after(&lines(&["echo 'a"])), Quote::Single);
        assert_eq!(quote_after(&lines(&["echo 'a", "b' \"c"])), Quote::Double);
        assert_eq!(quote_after(&lines(&["echo \\' # it's"])), Quote::None);
        assert_eq!(quote_after(&lines(&["echo $'a\\'b"])), Quote::Single);
        let h = vec!["echo first".to_string()];
        assert_eq!(
            expand_in("b!!c' !!", &h, Quote::Single),
            Ok(Expansion::Changed("b!!c' echo first".into()))
        );
        assert_eq!(
            expand_in("b!\"", &h, Quote::Double),
            Ok(Expansion::Unchanged)
        );
    }
    use super::*;

    fn hist() -> Vec<String> {
        vec!["echo a/b.c dd ee".into(), "ls foo/bar.txt x".into()]
    }

    fn ex(line: &str) -> String {
        match expand(line, &hist()) {
            Ok(Expansion::Changed(s) | Expansion::PrintOnly(s)) => s,
            Ok(Expansion::Unchanged) => line.to_string(),
            Err(e) => format!("error: {e}"),
        }
    }

    /// The same lines as `history -p` in bash 5.2 with this history.
    #[test]
    fn events_and_words_as_bash() {
        assert_eq!(ex("!$"), "x");
        assert_eq!(ex("!^"), "foo/bar.txt");
        assert_eq!(ex("!*"), "foo/bar.txt x");
        assert_eq!(ex("!:0"), "ls");
        assert_eq!(ex("!!:1-2"), "foo/bar.txt x");
        assert_eq!(ex("!-2:2"), "dd");
        assert_eq!(ex("!ec"), "echo a/b.c dd ee");
        assert_eq!(ex("!?bar?"), "ls foo/bar.txt x");
        assert_eq!(ex("!?bar?:t"), "bar.txt x");
        assert_eq!(ex("!ls:2"), "x");
        assert_eq!(ex("!1"), "echo a/b.c dd ee");
        assert_eq!(ex("!2:$"), "x");
        assert_eq!(ex("!?o?"), "ls foo/bar.txt x");
        assert_eq!(ex("!1:1-"), "a/b.c dd");
        assert_eq!(ex("!1:2*"), "dd ee");
        assert_eq!(ex("!1:-2"), "echo a/b.c dd");
        assert_eq!(ex("echo !#"), "echo echo ");
    }

    #[test]
    fn modifiers_as_bash() {
        assert_eq!(ex("!1:1:h"), "a");
        assert_eq!(ex("!1:1:t"), "b.c");
        assert_eq!(ex("!1:1:r"), "a/b");
        assert_eq!(ex("!1:1:e"), ".c");
        assert_eq!(ex("!$:h"), "x");
        assert_eq!(ex("!!:s/foo/FOO/"), "ls FOO/bar.txt x");
        assert_eq!(ex("!1:gs/d/D/"), "echo a/b.c DD ee");
        assert_eq!(ex("!1:s/dd/<&>/"), "echo a/b.c <dd> ee");
        assert_eq!(ex("^foo^ZZ"), "ls ZZ/bar.txt x");
        assert_eq!(ex("^foo^ZZ^ y"), "ls ZZ/bar.txt x y");
        assert_eq!(ex("!1:0:q"), "'echo'");
        assert_eq!(
            expand("!!:p", &hist()),
            Ok(Expansion::PrintOnly("ls foo/bar.txt x".into()))
        );
    }

    #[test]
    fn errors_as_bash() {
        assert_eq!(ex("!nope"), "error: !nope: event not found");
        assert_eq!(ex("!5"), "error: !5: event not found");
        assert_eq!(ex("echo !!:z"), "error: z: unrecognized history modifier");
        assert_eq!(ex("echo !!:"), "error: : unrecognized history modifier");
        assert_eq!(ex("echo !-99"), "error: !-99: event not found");
        assert_eq!(ex("echo !?zz?"), "error: !?zz?: event not found");
        assert_eq!(ex("!!:9"), "error: :9: bad word specifier");
        assert_eq!(ex("x!:1-3y"), "error: :1-3: bad word specifier");
        assert_eq!(ex("x!:1-2y"), "xfoo/bar.txt xy");
        assert_eq!(ex("!:s/zz/y/"), "error: :s/zz/y/: substitution failed");
        assert_eq!(ex("^zz^y"), "error: :s^zz^y: substitution failed");
        assert_eq!(expand("!!", &[]), Err("!!: event not found".into()));
    }

    #[test]
    fn literal_bangs() {
        for line in [
            "echo '!!'",
            "echo \\!\\!",
            "x ! y",
            "a != b",
            "echo !(x)",
            "echo \"x!\"",
            "echo ${!PS*} $!",
            "echo a!",
            "ls [!a]*",
        ] {
            assert_eq!(expand(line, &hist()), Ok(Expansion::Unchanged), "{line}");
        }
        assert_eq!(ex("echo \"!!\""), "echo \"ls foo/bar.txt x\"");
    }

    #[test]
    fn words_keep_quotes_and_split_operators() {
        assert_eq!(
            split_words("echo 'a b' \"c d\"|wc -l&&x>>f"),
            [
                "echo", "'a b'", "\"c d\"", "|", "wc", "-l", "&&", "x", ">>", "f"
            ]
        );
    }
}
