//! Parameter expansion: `$x`, `$@` and `$*`, `${#x}`, `${!x}`, and the
//! operators that test whether a parameter is set (`${x:-w}`, `${x:=w}`,
//! `${x:?w}`, `${x:+w}`). The pattern and substring operators are in
//! [`super::edit`]. Apart from the [`Expander`] driver, whose other parts
//! (tilde, arithmetic, command substitution) are each a few lines.

use super::*;

impl<P: Params + ?Sized> Expander<'_, P> {
    pub(super) fn param(&mut self, p: &Param, mode: Mode, out: &mut Fields) -> Result<()> {
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

    /// `$@`, `$*`, `"$@"` and `"$*"`.
    fn positional_list(&mut self, at: bool, quoted: bool, out: &mut Fields) {
        self.emit_list(self.params.positional(), at, quoted, out);
    }

    /// A list of values as `$@` (`at`) or `$*` expand, quoted or not.
    pub(super) fn emit_list(&self, args: &[Vec<u8>], at: bool, quoted: bool, out: &mut Fields) {
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

/// A `$@` that makes no field when there are no positional parameters,
/// even in double quotes (`"$@"`, `"${@#x}"`, `"${@:2}"`, and in bash
/// `"${@+word}"` with none).
pub(super) fn is_at(part: &WordPart) -> bool {
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

pub(super) fn is_list_param(name: &[u8]) -> bool {
    name == b"@" || name == b"*"
}

#[cfg(test)]
mod tests {
    use crate::expand::word::Expander;
    use crate::expand::word::Severity;
    use crate::expand::word::testenv::{Env, env, expand, words_of};

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
}
