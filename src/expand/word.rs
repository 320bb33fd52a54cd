//! Words to argument strings: tilde, parameter expansion, field splitting,
//! pathname expansion and quote removal, in the order sh defines.
//!
//! This module is the driver: the [`Expander`] walks the parts of each
//! word (tilde, arithmetic, command substitution and brace expansion are
//! done here) and pours the text into the fields. What is big enough to
//! be looked for on its own has a module of its own: `word/fields.rs`
//! (field splitting, pathname expansion, and the quoting that decides
//! both, which is where quote removal happens), `word/param.rs`
//! (parameter expansion) and `word/edit.rs` (its pattern and substring
//! operators).

use std::borrow::Cow;

mod edit;
mod fields;
mod param;
#[cfg(test)]
mod testenv;

use fields::{Fields, glob_fields, is_glob_special, may_glob};
use param::{is_at, is_list_param};

use crate::expand::arith::{ArithVars, ErrorKind};
use crate::expand::pattern::{Longest, Pattern};
use crate::syntax::ast::{CommandSubst, Param, ParamOp, ReplaceKind, Word, WordPart};
use crate::syntax::lexer::is_name;

/// IFS when unset: `<space><tab><newline>`.
pub const DEFAULT_IFS: &[u8] = b" \t\n";

/// What expansion needs to know of the shell.
pub trait Params {
    /// A variable or special parameter (`?`, `$`, `!`, `#`, `-`, `0`..`N`).
    fn param(&self, name: &[u8]) -> Option<Cow<'_, [u8]>>;
    fn positional(&self) -> &[Vec<u8>];
    fn assign(&mut self, name: &[u8], value: Vec<u8>);
    /// [`Params::assign`] that may be refused (a readonly variable), with
    /// bash's message.
    fn try_assign(&mut self, name: &[u8], value: Vec<u8>) -> std::result::Result<(), String> {
        self.assign(name, value);
        Ok(())
    }
    /// The home directory of `user`, or of the shell's user when empty.
    fn home_dir(&self, user: &[u8]) -> Option<Vec<u8>>;
    /// Is the locale's character set UTF-8 (else one byte is a character)?
    fn utf8(&self) -> bool;
    /// Run a command substitution: its output, trailing newlines removed.
    fn command_subst(&mut self, sub: &CommandSubst) -> Vec<u8>;
    /// The names of the variables that are set, in any order.
    fn names(&self) -> Vec<Vec<u8>>;
    /// Is expanding an unset variable an error (`set -u`)?
    fn nounset(&self) -> bool {
        false
    }
    /// Is IFS unset or `<space><tab><newline>`? Asked for every expansion,
    /// so a shell may answer from a cache.
    fn ifs_is_default(&self) -> bool {
        self.param(b"IFS").is_none_or(|v| *v == *DEFAULT_IFS)
    }
    /// Is pathname expansion off (`set -f`)?
    fn noglob(&self) -> bool {
        false
    }
    /// Is brace expansion on (`set -B`, the default)?
    fn braceexpand(&self) -> bool {
        true
    }
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
    /// An arithmetic assignment was refused (a readonly variable).
    pub assignment: bool,
}

impl ExpandError {
    fn new(message: String, severity: Severity) -> Self {
        ExpandError {
            message,
            status: 1,
            severity,
            assignment: false,
        }
    }

    /// `NAME: unbound variable` (`$1`, `$!` for special parameters).
    fn unbound(name: &[u8]) -> Self {
        let shown = if is_name(name) {
            lossy(name)
        } else {
            format!("${}", lossy(name))
        };
        ExpandError::new(format!("{shown}: unbound variable"), Severity::Shell)
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

/// The words that brace expansion makes of `word`, or `None` when it has
/// no brace expression. bash's expansion is textual: the word is printed
/// back as written, expanded, and each result read again as a word.
fn brace_words(word: &Word) -> Result<Option<Vec<Word>>> {
    let has_brace = word
        .parts
        .iter()
        .any(|p| matches!(p, WordPart::Lit(text) if text.contains(&b'{')));
    if !has_brace {
        return Ok(None);
    }
    let text = crate::syntax::ast::Unparse::to_bytes(word);
    let failed = |what: &str| {
        Err(ExpandError::new(
            format!(
                "{}: brace expansion: {what}",
                crate::expand::brace::shown(&text)
            ),
            Severity::Line,
        ))
    };
    let expanded = match crate::expand::brace::expand(&text) {
        Ok(words) => words,
        Err(e) => return failed(&e.describe()),
    };
    if matches!(expanded.as_slice(), [only] if *only == text) {
        return Ok(None);
    }
    let mut words = Vec::with_capacity(expanded.len());
    for result in expanded.iter().filter(|t| !t.is_empty()) {
        match crate::syntax::lexer::word_of(result) {
            Some(mut w) => {
                // In bash only a tilde that starts a result is expanded:
                // `{a,b}=~` is `a=~ b=~`.
                for part in w.parts.iter_mut().skip(1) {
                    if let WordPart::Tilde(user) = part {
                        *part = WordPart::Lit([&b"~"[..], user].concat());
                    }
                }
                words.push(w);
            }
            // Cannot happen: each result is a piece of a word as printed.
            None => return failed("cannot read a result back as a word"),
        }
    }
    Ok(Some(words))
}

pub struct Expander<'p, P: Params + ?Sized> {
    params: &'p mut P,
    ifs: Cow<'static, [u8]>,
}

impl<'p, P: Params + ?Sized> Expander<'p, P> {
    pub fn new(params: &'p mut P) -> Self {
        // The shell starts with the default value: keep the common case
        // free of a copy and of a lookup.
        if params.ifs_is_default() {
            return Expander {
                params,
                ifs: Cow::Borrowed(DEFAULT_IFS),
            };
        }
        let ifs = match params.param(b"IFS") {
            None => Cow::Borrowed(DEFAULT_IFS),
            Some(v) if *v == *DEFAULT_IFS => Cow::Borrowed(DEFAULT_IFS),
            Some(v) => Cow::Owned(v.into_owned()),
        };
        Expander { params, ifs }
    }

    /// Full expansion of command words into argument fields.
    pub fn words(&mut self, words: &[Word]) -> Result<Vec<Vec<u8>>> {
        let braces = self.params.braceexpand();
        self.fields_of(words, braces)
    }

    /// Expansion into fields, with brace expansion first if `braces`.
    fn fields_of(&mut self, words: &[Word], braces: bool) -> Result<Vec<Vec<u8>>> {
        let ifs = self.ifs.clone();
        let mut fields = Fields::new(&ifs, false);
        fields.out.reserve(words.len());
        for w in words {
            // A plain word (most command names and arguments) is its own
            // field: no splitting, no pattern, no braces.
            if let Some(text) = w.as_literal()
                && !may_glob(text)
                && !text.iter().any(|&b| b == b'\\' || (braces && b == b'{'))
            {
                fields.out.push(text.to_vec());
                continue;
            }
            let braced = if braces { brace_words(w)? } else { None };
            for w in braced.as_deref().unwrap_or(std::slice::from_ref(w)) {
                self.parts(&w.parts, Mode::Word, &mut fields)?;
                if fields.started {
                    fields.end_field();
                }
            }
        }
        let Fields { out, patterns, .. } = fields;
        if patterns.is_empty() || self.params.noglob() {
            return Ok(out);
        }
        Ok(glob_fields(out, patterns, self.params.utf8()))
    }

    /// Expansion of the words of a simple command. The arguments of
    /// `export` that have the form of assignments are expanded as
    /// assignments are (POSIX.1-2024, bash): no field splitting, no
    /// pathname expansion. bash decides this when it parses, from the
    /// command word as written: `\export` or `$e` (e=export) split.
    pub fn command_words(&mut self, words: &[Word]) -> Result<Vec<Vec<u8>>> {
        let Some((first, args)) = words.split_first() else {
            return Ok(Vec::new());
        };
        // `readonly` and `local` are declaration utilities too (POSIX.1-2024
        // for `readonly`; bash for `local`).
        let Some(name @ (b"export" | b"readonly" | b"local")) = first.as_literal() else {
            return self.words(words);
        };
        let mut out = Vec::with_capacity(words.len());
        out.push(name.to_vec());
        for word in args {
            // A plain word (`A=1`, `NAME`) is its own field, assignment or
            // not: nothing in it would expand, split or glob.
            if let Some(text) = word.as_literal()
                && !text
                    .iter()
                    .any(|&b| is_glob_special(b) || matches!(b, b'{' | b'~'))
            {
                out.push(text.to_vec());
                continue;
            }
            // Brace expansion comes first here too: `export a={x,y}` is
            // `export a=x a=y` in bash.
            let braced = if self.params.braceexpand() {
                brace_words(word)?
            } else {
                None
            };
            for word in braced.as_deref().unwrap_or(std::slice::from_ref(word)) {
                match word.as_assignment() {
                    Some(assign) => {
                        let mut field = assign.name;
                        field.push(b'=');
                        field.extend(self.single(&assign.value)?);
                        out.push(field);
                    }
                    None => out.extend(self.fields_of(std::slice::from_ref(word), false)?),
                }
            }
        }
        Ok(out)
    }

    /// Expansion to a single string, without splitting or globbing: values of
    /// assignments.
    pub fn single(&mut self, word: &Word) -> Result<Vec<u8>> {
        // Plain text is its own value (`n=0`, `case x in`).
        if let Some(text) = word.as_literal() {
            return Ok(text.to_vec());
        }
        let mut fields = Fields::new(b"", true);
        self.parts(&word.parts, Mode::Word, &mut fields)?;
        Ok(fields.finish().pop().unwrap_or_default())
    }

    /// Expansion of a `case` pattern: one string, no splitting or
    /// globbing, in which what was quoted is escaped with `\\` so that it
    /// matches only itself.
    pub fn pattern(&mut self, word: &Word) -> Result<Vec<u8>> {
        self.marked(word, false)
    }

    /// [`Self::pattern`], with a quoted `&` escaped too if `amp`.
    fn marked(&mut self, word: &Word, amp: bool) -> Result<Vec<u8>> {
        let mut fields = Fields::new(b"", true);
        fields.escape_amp = amp;
        self.parts(&word.parts, Mode::Word, &mut fields)?;
        let mut pattern = Vec::with_capacity(fields.cur.len() + fields.escape_at.len());
        let mut next = fields.escape_at.iter().peekable();
        for (i, &b) in fields.cur.iter().enumerate() {
            if next.next_if(|&&at| at == i).is_some() {
                pattern.push(b'\\');
            }
            pattern.push(b);
        }
        Ok(pattern)
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
                WordPart::Tilde(user) => match self.tilde(user) {
                    Some(home) => out.quoted(&home),
                    None => {
                        out.literal(b"~");
                        out.literal(user);
                    }
                },
                WordPart::Param(p) => self.param(p, mode, out)?,
                WordPart::Arith(expr) => {
                    let value = self.arith(expr)?;
                    self.emit(value.to_string().as_bytes(), mode == Mode::Quoted, out);
                }
                WordPart::CommandSubst(sub) => {
                    let output = self.params.command_subst(sub);
                    self.emit(&output, mode == Mode::Quoted, out);
                }
                WordPart::Unicode { code, long } => {
                    out.quoted(&crate::state::locale::unicode(
                        *code,
                        *long,
                        self.params.utf8(),
                    ));
                }
            }
        }
        Ok(())
    }

    /// `$((...))`: the expression expanded as in double quotes, then
    /// evaluated; what it assigns goes to the shell's variables.
    /// bash's `((expression))`: its value. An error in the expression
    /// fails the command only (bash words it `((: 1/0: ...`); an unset
    /// variable under `set -u` is as severe as anywhere.
    pub fn arith_command(&mut self, expr: &[WordPart]) -> Result<i64> {
        self.arith(expr).map_err(|mut e| {
            if e.assignment {
                // bash: `r: readonly variable`, and only the command fails.
                e.severity = Severity::Command;
            } else if e.severity == Severity::Line {
                e.severity = Severity::Command;
                e.message.insert_str(0, "((: ");
            }
            e
        })
    }

    fn arith(&mut self, expr: &[WordPart]) -> Result<i64> {
        self.arith_named(expr, None)
    }

    /// [`Self::arith`], with the evaluator's errors prefixed by `name: `
    /// when given (as bash words them in `${x:off}`).
    fn arith_named(&mut self, expr: &[WordPart], name: Option<&[u8]>) -> Result<i64> {
        let mut fields = Fields::new(b"", true);
        self.parts(expr, Mode::Quoted, &mut fields)?;
        let text = fields.finish().pop().unwrap_or_default();
        crate::expand::arith::eval(&text, &mut ArithParams(&mut *self.params)).map_err(|e| {
            let severity = match e.kind {
                ErrorKind::Expression | ErrorKind::Assignment => Severity::Line,
                ErrorKind::Unbound => Severity::Shell,
            };
            let message = match name {
                Some(name) => format!("{}: {}", lossy(name), lossy(&e.message)),
                None => lossy(&e.message),
            };
            let mut error = ExpandError::new(message, severity);
            error.assignment = e.kind == ErrorKind::Assignment;
            error
        })
    }

    /// What `~user` stands for: a home directory, or with bash `~+` and
    /// `~-` the current and previous directories (PWD, OLDPWD), when set.
    fn tilde(&self, user: &[u8]) -> Option<Vec<u8>> {
        match user {
            b"+" => self.params.param(b"PWD").map(Cow::into_owned),
            b"-" => self.params.param(b"OLDPWD").map(Cow::into_owned),
            _ => self.params.home_dir(user),
        }
    }

    fn emit(&self, value: &[u8], quoted: bool, out: &mut Fields) {
        if quoted {
            out.quoted(value);
        } else {
            out.split(value);
        }
    }
}

/// The shell's variables as the arithmetic evaluator reads and assigns
/// them. jsh has neither `readonly` nor `set -u` yet: every assignment is
/// accepted and an unset variable is 0.
struct ArithParams<'a, P: Params + ?Sized>(&'a mut P);

impl<P: Params + ?Sized> ArithVars for ArithParams<'_, P> {
    fn get(&mut self, name: &[u8]) -> Option<Cow<'_, [u8]>> {
        self.0.param(name)
    }

    fn set(&mut self, name: &[u8], value: i64) -> std::result::Result<(), String> {
        self.0.try_assign(name, value.to_string().into_bytes())
    }

    fn nounset(&self) -> bool {
        self.0.nounset()
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expand::word::testenv::{env, expand, words_of};

    #[test]
    fn plain_words_keep_their_place_among_expanded_ones() {
        let mut e = env(&[("x", "1 2")], &[]);
        assert_eq!(
            expand(&mut e, "cmd $x mid /no/such/dir* $empty end"),
            ["cmd", "1", "2", "mid", "/no/such/dir*", "end"]
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
    fn single_does_not_split_or_glob() {
        let mut e = env(&[("x", "a  b")], &["1", "2"]);
        let w = &words_of("$x*\"$@\"")[0];
        assert_eq!(Expander::new(&mut e).single(w).unwrap(), b"a  b*1 2");
    }
}
