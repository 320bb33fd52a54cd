//! Words to argument strings: tilde, parameter expansion, field splitting,
//! pathname expansion and quote removal, in the order sh defines.

use std::borrow::Cow;

mod edit;

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

/// Builds fields from expanded text, splitting and marking glob patterns.
struct Fields<'i> {
    out: Vec<Vec<u8>>,
    cur: Vec<u8>,
    /// Offsets in `cur` of bytes that a glob pattern must escape with `\`
    /// (quoted metacharacters and backslashes). The pattern itself is
    /// built only for a field that globs, keeping the common path free of
    /// a second buffer.
    escape_at: Vec<usize>,
    /// `cur` holds an unquoted `*`, `?` or `[`.
    glob: bool,
    /// Fields of `out` that are patterns, with the pattern: expanded once
    /// all fields are known, so that the locale is looked at only then.
    patterns: Vec<(usize, Vec<u8>)>,
    /// The last byte was a backslash from an unquoted expansion: the next
    /// one is literal in a pattern.
    escape_next: bool,
    /// `cur` is a field even if empty (it had quotes or text).
    started: bool,
    /// A whitespace separator just ended a field: a following non-blank
    /// separator belongs to it and does not make an empty field.
    after_blank: bool,
    ifs: &'i [u8],
    /// Assignment values and the like: one field, no splitting or globbing.
    single: bool,
    /// The replacement of `${x/p/r}`: a quoted `&` is escaped too, since
    /// an unquoted one stands for the match (bash 5.2).
    escape_amp: bool,
}

impl<'i> Fields<'i> {
    fn new(ifs: &'i [u8], single: bool) -> Self {
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

    fn quoted(&mut self, bytes: &[u8]) {
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

    fn literal(&mut self, bytes: &[u8]) {
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

    fn end_field(&mut self) {
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

    fn finish(mut self) -> Vec<Vec<u8>> {
        if self.started || self.single && self.out.is_empty() {
            self.end_field();
        }
        self.out
    }
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

/// Pathname expansion: each field that is a pattern is replaced by the
/// sorted names it matches, or kept as it is if none match (as bash does).
fn glob_fields(fields: Vec<Vec<u8>>, patterns: Vec<(usize, Vec<u8>)>, utf8: bool) -> Vec<Vec<u8>> {
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

    fn param(&mut self, p: &Param, mode: Mode, out: &mut Fields) -> Result<()> {
        self.param_op(&p.name, &p.op, mode, out).map_err(|mut e| {
            // bash names an unset special parameter `$1` only when written
            // without braces: `${1}`, `${#1}`, `${1#x}` give `1`.
            if p.braced
                && e.message.ends_with(": unbound variable")
                && e.message.starts_with('$')
                && !e.message.starts_with("${")
            {
                e.message.remove(0);
            }
            e
        })
    }

    fn param_op(&mut self, name: &[u8], op: &ParamOp, mode: Mode, out: &mut Fields) -> Result<()> {
        let quoted = mode == Mode::Quoted;
        let word_mode = if quoted { Mode::Quoted } else { Mode::OpWord };
        if let ParamOp::Indirect(op) = op {
            // bash: `${!@}` with no parameters is nothing, not an error.
            if is_list_param(name) && self.params.positional().is_empty() {
                return Ok(());
            }
            let target = self.indirect_target(name)?;
            return self.param_op(&target, op, mode, out);
        }
        if matches!(op, ParamOp::Plain) && !is_list_param(name) {
            // The common `$x`: its value is read in place, not copied.
            return match self.params.param(name) {
                Some(v) => {
                    self.emit(&v, quoted, out);
                    Ok(())
                }
                None if self.params.nounset() => Err(ExpandError::unbound(name)),
                None => Ok(()),
            };
        }
        let value = self.params.param(name).map(Cow::into_owned);
        let (is_set, is_null) = if is_list_param(name) {
            self.list_set_and_null(name[0] == b'*' && quoted)
        } else {
            (value.is_some(), value.as_ref().is_none_or(|v| v.is_empty()))
        };
        let use_word = |colon: bool| !is_set || (colon && is_null);
        // `set -u`: `$x`, `${#x}` and the pattern operators of an unset x
        // fail; `$@` and `$*` never do (POSIX.1-2024, bash).
        let unbound = !is_set && !is_list_param(name) && self.params.nounset();
        match op {
            ParamOp::Plain
            | ParamOp::Length
            | ParamOp::Trim { .. }
            | ParamOp::Replace { .. }
            | ParamOp::Substring { .. }
                if unbound =>
            {
                return Err(ExpandError::unbound(name));
            }
            ParamOp::Plain => {}
            ParamOp::Length => {
                let len = match &value {
                    Some(v) => crate::state::locale::char_count(v, self.params.utf8()),
                    None if is_list_param(name) => self.params.positional().len(),
                    None => 0,
                };
                self.emit(len.to_string().as_bytes(), quoted, out);
                return Ok(());
            }
            ParamOp::Default { colon, word } => {
                if use_word(*colon) {
                    return self.op_word(word, word_mode, out);
                }
            }
            ParamOp::Alternate { colon, word } => {
                if !use_word(*colon) {
                    return self.op_word(word, word_mode, out);
                }
                // bash: `"${@:+w}"` with one empty parameter is still a field.
                if quoted && !self.params.positional().is_empty() {
                    out.quoted(b"");
                }
                return Ok(());
            }
            ParamOp::Assign { colon, word } => {
                if use_word(*colon) {
                    if !is_name(name) {
                        return Err(ExpandError::new(
                            format!("${}: cannot assign in this way", lossy(name)),
                            Severity::Line,
                        ));
                    }
                    let v = self.single(word)?;
                    self.params
                        .try_assign(name, v.clone())
                        .map_err(|m| ExpandError::new(m, Severity::Command))?;
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
                        format!("{}: {msg}", lossy(name)),
                        Severity::Shell,
                    ));
                }
            }
            ParamOp::Trim { .. } | ParamOp::Replace { .. } => {
                return self.edited(name, op, value, quoted, out);
            }
            ParamOp::Substring { offset, length } => {
                return self.substring(name, value, offset, length.as_deref(), quoted, out);
            }
            ParamOp::Indirect(_) => unreachable!("handled above"),
            ParamOp::Names { at } => {
                let mut names: Vec<Vec<u8>> = self
                    .params
                    .names()
                    .into_iter()
                    .filter(|n| n.starts_with(name))
                    .collect();
                names.sort();
                self.emit_list(&names, *at, quoted, out);
                return Ok(());
            }
            ParamOp::Bad(raw) => {
                return Err(ExpandError::new(
                    format!("${{{}}}: bad substitution", lossy(raw)),
                    Severity::Line,
                ));
            }
        }
        match name {
            b"@" | b"*" => self.positional_list(name[0] == b'@', quoted, out),
            _ => {
                if let Some(v) = value {
                    self.emit(&v, quoted, out);
                }
            }
        }
        Ok(())
    }

    /// The word of `${x-word}` or `${x+word}` in place of the value. In
    /// double quotes it is a field even when empty: `"${@:-}"` is one
    /// empty field where `"$@"` is none (see [`is_at`]).
    fn op_word(&mut self, word: &Word, mode: Mode, out: &mut Fields) -> Result<()> {
        if mode == Mode::Quoted {
            out.quoted(b"");
        }
        self.parts(&word.parts, mode, out)
    }

    #[inline(never)]
    /// `${!name}`: the parameter that `name`'s value names, with bash's
    /// errors when it is unset or names none.
    fn indirect_target(&self, name: &[u8]) -> Result<Vec<u8>> {
        let listed = match self.params.positional() {
            _ if !is_list_param(name) => None,
            [] => None,
            // bash: `${!@}` goes through the parameters joined.
            args => Some(Cow::Owned(args.join(&b" "[..]))),
        };
        let Some(target) = listed.or_else(|| self.params.param(name)) else {
            return Err(ExpandError::new(
                format!("{}: invalid indirect expansion", lossy(name)),
                Severity::Line,
            ));
        };
        let special = matches!(
            &target[..],
            [b'?' | b'$' | b'!' | b'#' | b'@' | b'*' | b'-']
        );
        let digits = !target.is_empty() && target.iter().all(u8::is_ascii_digit);
        if !(is_name(&target) || special || digits) {
            return Err(ExpandError::new(
                format!("{}: invalid variable name", lossy(&target)),
                Severity::Line,
            ));
        }
        Ok(target.into_owned())
    }

    /// Are `$@` and `$*` set, and null, for `${@-w}`, `${@:-w}` and the
    /// like? As in bash: set when there is a positional parameter; null
    /// when there is none or only an empty one, or, for `"$*"`, when they
    /// join to an empty string.
    fn list_set_and_null(&self, quoted_star: bool) -> (bool, bool) {
        let args = self.params.positional();
        let null = match args {
            [] => true,
            [only] => only.is_empty(),
            _ => quoted_star && self.ifs.is_empty() && args.iter().all(|a| a.is_empty()),
        };
        (!args.is_empty(), null)
    }

    /// What joins the positional parameters in `"$*"`: the first character
    /// of IFS, a space when IFS is unset, nothing when it is null.
    fn ifs_first(&self) -> &[u8] {
        &self.ifs[..self.ifs.len().min(1)]
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
        self.emit_list(self.params.positional(), at, quoted, out);
    }

    /// A list of values as `$@` (`at`) or `$*` expand, quoted or not.
    fn emit_list(&self, args: &[Vec<u8>], at: bool, quoted: bool, out: &mut Fields) {
        if out.single {
            // No field splitting here (an assignment value): one string.
            // `$*` joins with the first character of IFS, as "$*" does;
            // `$@` with a space, as bash documents (POSIX leaves `$@`
            // unspecified where fields are not split; dash uses IFS).
            let sep = if at { &b" "[..] } else { self.ifs_first() };
            let joined = args.join(sep);
            if quoted {
                out.quoted(&joined);
            } else {
                out.literal(&joined);
            }
            return;
        }
        if quoted && !at {
            out.quoted(&args.join(self.ifs_first()));
            return;
        }
        for (i, arg) in args.iter().enumerate() {
            if i > 0 {
                match self.ifs.first() {
                    // Between the elements of `"$@"`: a field boundary
                    // even when empty.
                    _ if quoted => out.end_field(),
                    // Unquoted, bash joins them with the first character
                    // of IFS and splits the result: with `IFS=:` an empty
                    // one is an empty field, with blanks none. (POSIX lets
                    // empty fields be kept or dropped; dash drops them.)
                    Some(&sep) => out.split(&[sep]),
                    None if out.started => out.end_field(),
                    None => {}
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
/// Could pathname expansion change this text? Escapes aside (they only
/// make fewer patterns): a `*`, a `?`, or a `[` with a `]` after it. A
/// lone `[` (the test command) starts no bracket expression, and globbing
/// it would read the directory for nothing.
fn may_glob(text: &[u8]) -> bool {
    text.iter().any(|&b| b == b'*' || b == b'?')
        || text
            .iter()
            .position(|&b| b == b'[')
            .is_some_and(|i| text.get(i + 2..).is_some_and(|rest| rest.contains(&b']')))
}

fn is_glob_special(b: u8) -> bool {
    matches!(b, b'*' | b'?' | b'[' | b'\\')
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

/// A `$@` that makes no field when there are no positional parameters,
/// even in double quotes (`"$@"`, `"${@#x}"`, `"${@:2}"`, and in bash
/// `"${@+word}"` with none).
fn is_at(part: &WordPart) -> bool {
    let WordPart::Param(p) = part else {
        return false;
    };
    if let ParamOp::Names { at } = p.op {
        return at;
    }
    p.name == b"@"
        && !matches!(
            p.op,
            ParamOp::Length | ParamOp::Indirect(_) | ParamOp::Bad(_)
        )
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
    use crate::syntax::lexer::{Lexer, StrSource, Token};
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
        fn utf8(&self) -> bool {
            true
        }
        fn command_subst(&mut self, sub: &CommandSubst) -> Vec<u8> {
            // Only `$(echo WORD)`, enough to test where output goes.
            let text = sub.list.to_string();
            text.strip_prefix("echo ").unwrap_or("").as_bytes().to_vec()
        }
        fn names(&self) -> Vec<Vec<u8>> {
            self.vars.keys().cloned().collect()
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
