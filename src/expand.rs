//! Words to argument strings: tilde, parameter expansion, field splitting,
//! pathname expansion and quote removal, in the order sh defines.

use std::borrow::Cow;

use crate::ast::{Param, ParamOp, Word, WordPart};
use crate::lexer::is_name;

/// What expansion needs to know of the shell.
pub trait Params {
    /// A variable or special parameter (`?`, `$`, `!`, `#`, `-`, `0`..`N`).
    fn param(&self, name: &[u8]) -> Option<Cow<'_, [u8]>>;
    fn positional(&self) -> &[Vec<u8>];
    fn assign(&mut self, name: &[u8], value: Vec<u8>);
    /// The home directory of `user`, or of the shell's user when empty.
    fn home_dir(&self, user: &[u8]) -> Option<Vec<u8>>;
}

/// How much a failed expansion stops, as in bash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Only the command (`ambiguous redirect`).
    Command,
    /// The rest of the command line (`bad substitution`).
    Line,
    /// A non-interactive shell (`${x:?}`).
    Shell,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandError {
    pub message: String,
    pub status: i32,
    pub severity: Severity,
}

impl ExpandError {
    fn new(message: String, severity: Severity) -> Self {
        ExpandError {
            message,
            status: 1,
            severity,
        }
    }
}

type Result<T> = std::result::Result<T, ExpandError>;

/// How the literal text of a part is treated.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Literal text of a word: globbed, never split.
    Word,
    /// The word of `${x:-word}` outside quotes: split and globbed like
    /// the value it stands for.
    OpWord,
    /// Inside double quotes: neither.
    Quoted,
}

/// Builds fields from expanded text, splitting and marking glob patterns.
struct Fields<'i> {
    out: Vec<Vec<u8>>,
    cur: Vec<u8>,
    /// Offsets in `cur` of bytes that a glob pattern must escape with `\`
    /// (quoted metacharacters, literal backslashes). The pattern itself is
    /// built only for a field that globs, keeping the common path free of
    /// a second buffer.
    escape_at: Vec<usize>,
    /// `cur` holds an unquoted `*`, `?` or `[`.
    glob: bool,
    /// `cur` is a field even if empty (it had quotes or text).
    started: bool,
    /// A whitespace separator just ended a field: a following non-blank
    /// separator belongs to it and does not make an empty field.
    after_blank: bool,
    ifs: &'i [u8],
    /// Assignment values and the like: one field, no splitting or globbing.
    single: bool,
}

impl<'i> Fields<'i> {
    fn new(ifs: &'i [u8], single: bool) -> Self {
        Fields {
            out: Vec::new(),
            cur: Vec::new(),
            escape_at: Vec::new(),
            glob: false,
            started: false,
            after_blank: false,
            ifs,
            single,
        }
    }

    fn quoted(&mut self, bytes: &[u8]) {
        self.started = true;
        self.after_blank = false;
        self.cur.reserve(bytes.len());
        for &b in bytes {
            if matches!(b, b'*' | b'?' | b'[' | b']' | b'\\') {
                self.escape_at.push(self.cur.len());
            }
            self.cur.push(b);
        }
    }

    fn literal(&mut self, bytes: &[u8]) {
        self.started = true;
        self.after_blank = false;
        let base = self.cur.len();
        self.cur.extend_from_slice(bytes);
        if !bytes.iter().copied().any(is_glob_special) {
            return;
        }
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\\' => self.escape_at.push(base + i),
                b'*' | b'?' | b'[' => self.glob = true,
                _ => {}
            }
        }
    }

    /// Text from an unquoted expansion: IFS characters separate fields.
    fn split(&mut self, bytes: &[u8]) {
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

    /// Between the elements of `"$@"`: a field boundary even when empty.
    fn force_break(&mut self) {
        if self.single {
            self.quoted(b" ");
        } else {
            self.end_field();
        }
    }

    fn end_field(&mut self) {
        let field = std::mem::take(&mut self.cur);
        let escapes = std::mem::take(&mut self.escape_at);
        let glob = std::mem::replace(&mut self.glob, false);
        self.started = false;
        if glob && !self.single {
            let mut pattern = Vec::with_capacity(field.len() + escapes.len());
            let mut next = escapes.iter().peekable();
            for (i, &b) in field.iter().enumerate() {
                if next.next_if(|&&at| at == i).is_some() {
                    pattern.push(b'\\');
                }
                pattern.push(b);
            }
            let before = self.out.len();
            glob_into(&pattern, &mut self.out);
            if self.out.len() > before {
                return;
            }
        }
        self.out.push(field);
    }

    fn finish(mut self) -> Vec<Vec<u8>> {
        if self.started || self.single && self.out.is_empty() {
            self.end_field();
        }
        self.out
    }
}

/// Pathname expansion of one pattern; matches are appended sorted, none if
/// nothing matches (the caller keeps the word as typed, as bash does).
fn glob_into(pattern: &[u8], out: &mut Vec<Vec<u8>>) {
    out.extend(crate::glob::expand(pattern));
}

pub struct Expander<'p, P: Params + ?Sized> {
    params: &'p mut P,
    ifs: Cow<'static, [u8]>,
}

impl<'p, P: Params + ?Sized> Expander<'p, P> {
    pub fn new(params: &'p mut P) -> Self {
        let ifs = match params.param(b"IFS") {
            None => Cow::Borrowed(&b" \t\n"[..]),
            Some(v) => Cow::Owned(v.into_owned()),
        };
        Expander { params, ifs }
    }

    /// Full expansion of command words into argument fields.
    pub fn words(&mut self, words: &[Word]) -> Result<Vec<Vec<u8>>> {
        let ifs = self.ifs.clone();
        let mut fields = Fields::new(&ifs, false);
        fields.out = Vec::with_capacity(words.len());
        let mut result = Ok(());
        for w in words {
            // A plain word (most command names and arguments) is its own
            // field: no splitting, no pattern.
            if let Some(text) = w.as_literal()
                && !text.iter().copied().any(is_glob_special)
            {
                fields.out.push(text.to_vec());
                continue;
            }
            result = self.parts(&w.parts, Mode::Word, &mut fields);
            if result.is_err() {
                break;
            }
            if fields.started {
                fields.end_field();
            }
        }
        let out = fields.finish();
        result.map(|()| out)
    }

    /// Expansion to a single string, without splitting or globbing: values of
    /// assignments.
    pub fn single(&mut self, word: &Word) -> Result<Vec<u8>> {
        let mut fields = Fields::new(b"", true);
        self.parts(&word.parts, Mode::Word, &mut fields)?;
        Ok(fields.finish().pop().unwrap_or_default())
    }

    fn parts(&mut self, parts: &[WordPart], mode: Mode, out: &mut Fields) -> Result<()> {
        for part in parts {
            match part {
                WordPart::Lit(text) => match mode {
                    Mode::Word => out.literal(text),
                    Mode::OpWord => out.split(text),
                    Mode::Quoted => out.quoted(text),
                },
                WordPart::Single(text) => out.quoted(text),
                WordPart::Escaped(b) => out.quoted(&[*b]),
                WordPart::Double(inner) => {
                    // `""` is an empty field; `"$@"` with no parameters is none.
                    if !inner.iter().any(is_at) {
                        out.quoted(b"");
                    }
                    self.parts(inner, Mode::Quoted, out)?;
                }
                WordPart::Tilde(user) => match self.params.home_dir(user) {
                    Some(home) => out.quoted(&home),
                    None => {
                        out.literal(b"~");
                        out.literal(user);
                    }
                },
                WordPart::Param(p) => self.param(p, mode, out)?,
            }
        }
        Ok(())
    }

    fn param(&mut self, p: &Param, mode: Mode, out: &mut Fields) -> Result<()> {
        let quoted = mode == Mode::Quoted;
        let word_mode = if quoted { Mode::Quoted } else { Mode::OpWord };
        let value = self.params.param(&p.name).map(Cow::into_owned);
        let is_set = value.is_some() || is_list_param(&p.name);
        let is_null = match &value {
            Some(v) => v.is_empty(),
            None if is_list_param(&p.name) => self.params.positional().is_empty(),
            None => true,
        };
        let use_word = |colon: bool| !is_set || (colon && is_null);
        match &p.op {
            ParamOp::Plain => {}
            ParamOp::Length => {
                let len = match &value {
                    Some(v) => std::str::from_utf8(v).map_or(v.len(), |s| s.chars().count()),
                    None if is_list_param(&p.name) => self.params.positional().len(),
                    None => 0,
                };
                self.emit(len.to_string().as_bytes(), quoted, out);
                return Ok(());
            }
            ParamOp::Default { colon, word } => {
                if use_word(*colon) {
                    return self.parts(&word.parts, word_mode, out);
                }
            }
            ParamOp::Alternate { colon, word } => {
                if !use_word(*colon) {
                    return self.parts(&word.parts, word_mode, out);
                }
                return Ok(());
            }
            ParamOp::Assign { colon, word } => {
                if use_word(*colon) {
                    if !is_name(&p.name) {
                        return Err(ExpandError::new(
                            format!("${}: cannot assign in this way", lossy(&p.name)),
                            Severity::Line,
                        ));
                    }
                    let v = self.single(word)?;
                    self.params.assign(&p.name, v.clone());
                    self.emit(&v, quoted, out);
                    return Ok(());
                }
            }
            ParamOp::Error { colon, word } => {
                if use_word(*colon) {
                    let msg = if word.parts.is_empty() {
                        if *colon {
                            "parameter null or not set".to_string()
                        } else {
                            "parameter not set".to_string()
                        }
                    } else {
                        lossy(&self.single(word)?)
                    };
                    return Err(ExpandError::new(
                        format!("{}: {msg}", lossy(&p.name)),
                        Severity::Shell,
                    ));
                }
            }
            ParamOp::Bad(raw) => {
                return Err(ExpandError::new(
                    format!("${{{}}}: bad substitution", lossy(raw)),
                    Severity::Line,
                ));
            }
        }
        match p.name.as_slice() {
            b"@" | b"*" => self.positional_list(p.name[0] == b'@', quoted, out),
            _ => {
                if let Some(v) = value {
                    self.emit(&v, quoted, out);
                }
            }
        }
        Ok(())
    }

    fn emit(&self, value: &[u8], quoted: bool, out: &mut Fields) {
        if quoted {
            out.quoted(value);
        } else {
            out.split(value);
        }
    }

    /// `$@`, `$*`, `"$@"` and `"$*"`.
    fn positional_list(&mut self, at: bool, quoted: bool, out: &mut Fields) {
        let args = self.params.positional();
        if quoted && !at {
            let sep = self.ifs.first().map(|b| vec![*b]).unwrap_or_default();
            out.quoted(&args.join(sep.as_slice()));
            return;
        }
        for (i, arg) in args.iter().enumerate() {
            if i > 0 {
                if quoted {
                    out.force_break();
                } else if out.started {
                    out.end_field();
                }
            }
            if quoted {
                out.quoted(arg);
            } else {
                out.split(arg);
            }
        }
    }
}

/// Bytes of literal text that make pathname expansion look at a field.
fn is_glob_special(b: u8) -> bool {
    matches!(b, b'*' | b'?' | b'[' | b'\\')
}

fn is_at(part: &WordPart) -> bool {
    matches!(part, WordPart::Param(p) if p.name == b"@" && p.op == ParamOp::Plain)
}

fn is_list_param(name: &[u8]) -> bool {
    name == b"@" || name == b"*"
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexer::{Lexer, StrSource, Token};
    use std::collections::HashMap;

    #[derive(Default)]
    struct Env {
        vars: HashMap<Vec<u8>, Vec<u8>>,
        args: Vec<Vec<u8>>,
    }

    impl Params for Env {
        fn param(&self, name: &[u8]) -> Option<Cow<'_, [u8]>> {
            if name == b"#" {
                return Some(Cow::Owned(self.args.len().to_string().into_bytes()));
            }
            self.vars.get(name).map(|v| Cow::Borrowed(v.as_slice()))
        }
        fn positional(&self) -> &[Vec<u8>] {
            &self.args
        }
        fn assign(&mut self, name: &[u8], value: Vec<u8>) {
            self.vars.insert(name.to_vec(), value);
        }
        fn home_dir(&self, user: &[u8]) -> Option<Vec<u8>> {
            match user {
                b"" => Some(b"/home/me".to_vec()),
                b"bob" => Some(b"/home/bob".to_vec()),
                _ => None,
            }
        }
    }

    fn env(vars: &[(&str, &str)], args: &[&str]) -> Env {
        Env {
            vars: vars
                .iter()
                .map(|(k, v)| (k.as_bytes().to_vec(), v.as_bytes().to_vec()))
                .collect(),
            args: args.iter().map(|a| a.as_bytes().to_vec()).collect(),
        }
    }

    fn words_of(text: &str) -> Vec<Word> {
        let mut src = StrSource::new(text);
        let mut lx = Lexer::new(&mut src);
        let mut out = Vec::new();
        while let Token::Word(w) = lx.next_token().unwrap() {
            out.push(w);
        }
        out
    }

    fn expand(e: &mut Env, text: &str) -> Vec<String> {
        Expander::new(e)
            .words(&words_of(text))
            .unwrap()
            .into_iter()
            .map(|f| String::from_utf8(f).unwrap())
            .collect()
    }

    #[test]
    fn splitting_only_unquoted_expansions() {
        let mut e = env(&[("x", " a  b ")], &[]);
        assert_eq!(expand(&mut e, "pre$x\"post\""), ["pre", "a", "b", "post"]);
        assert_eq!(expand(&mut e, "\"$x\""), [" a  b "]);
        assert_eq!(expand(&mut e, "$empty \"\" ''"), ["", ""]);
    }

    #[test]
    fn plain_words_keep_their_place_among_expanded_ones() {
        let mut e = env(&[("x", "1 2")], &[]);
        assert_eq!(
            expand(&mut e, "cmd $x mid /no/such/dir* $empty end"),
            ["cmd", "1", "2", "mid", "/no/such/dir*", "end"]
        );
    }

    #[test]
    fn non_blank_ifs_makes_empty_fields() {
        let mut e = env(&[("IFS", ":"), ("x", "a : b::c:")], &[]);
        assert_eq!(expand(&mut e, "$x"), ["a ", " b", "", "c"]);
    }

    #[test]
    fn positional_parameters() {
        let mut e = env(&[], &["a b", "c"]);
        assert_eq!(expand(&mut e, "\"x$@y\""), ["xa b", "cy"]);
        assert_eq!(expand(&mut e, "$*"), ["a", "b", "c"]);
        assert_eq!(expand(&mut e, "\"$*\""), ["a b c"]);
        assert_eq!(expand(&mut e, "$# ${#}"), ["2", "2"]);
        let mut none = env(&[], &[]);
        assert!(expand(&mut none, "\"$@\"").is_empty());
    }

    #[test]
    fn parameter_operators() {
        let mut e = env(&[("set", "v"), ("null", "")], &[]);
        assert_eq!(
            expand(
                &mut e,
                "${set:-d} ${null:-d} ${null-d} ${unset-d d} \"${unset-d d}\""
            ),
            ["v", "d", "d", "d", "d d"]
        );
        assert_eq!(expand(&mut e, "${set:+alt} ${null:+alt}x"), ["alt", "x"]);
        assert_eq!(
            expand(&mut e, "${new:=val} $new ${#set}"),
            ["val", "val", "1"]
        );
    }

    #[test]
    fn errors_are_bash_messages() {
        let mut e = env(&[("null", "")], &[]);
        let err = |e: &mut Env, t: &str| Expander::new(e).words(&words_of(t)).unwrap_err();
        assert_eq!(err(&mut e, "${x:?oops}").message, "x: oops");
        assert_eq!(err(&mut e, "${x:?oops}").severity, Severity::Shell);
        assert_eq!(err(&mut e, "${x y}").severity, Severity::Line);
        assert_eq!(
            err(&mut e, "${null:?}").message,
            "null: parameter null or not set"
        );
        assert_eq!(err(&mut e, "${x y}").message, "${x y}: bad substitution");
        assert_eq!(
            err(&mut e, "${1=x}").message,
            "$1: cannot assign in this way"
        );
    }

    #[test]
    fn tilde() {
        let mut e = env(&[], &[]);
        assert_eq!(
            expand(&mut e, "~ ~/x ~bob/y ~nobody a~"),
            ["/home/me", "/home/me/x", "/home/bob/y", "~nobody", "a~"]
        );
        assert_eq!(expand(&mut e, "\"~\""), ["~"]);
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

    #[test]
    fn single_does_not_split_or_glob() {
        let mut e = env(&[("x", "a  b")], &["1", "2"]);
        let w = &words_of("$x*\"$@\"")[0];
        assert_eq!(Expander::new(&mut e).single(w).unwrap(), b"a  b*1 2");
    }
}
