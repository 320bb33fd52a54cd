//! The pattern and substring operators of parameter expansion:
//! `${x#p}` `${x##p}` `${x%p}` `${x%%p}`, bash's `${x/p/r}` forms and
//! `${x:offset:length}`.

use super::*;

impl<P: Params + ?Sized> Expander<'_, P> {
    /// `${x#p}`, `${x/p/r}` and their forms. Apart from
    /// [`Self::param_op`], which nested `${a:-"${b:-...}"}` recurse
    /// through: its frame stays small.
    #[inline(never)]
    pub(super) fn edited(
        &mut self,
        name: &[u8],
        op: &ParamOp,
        value: Option<Vec<u8>>,
        quoted: bool,
        out: &mut Fields,
    ) -> Result<()> {
        let edit = self.edit_of(op)?;
        if is_list_param(name) {
            let args: Vec<Vec<u8>> = self
                .params
                .positional()
                .iter()
                .map(|a| edit.apply(a))
                .collect();
            self.emit_list(&args, name[0] == b'@', quoted, out);
        } else if let Some(v) = value {
            self.emit(&edit.apply(&v), quoted, out);
        }
        Ok(())
    }

    /// The pattern (and replacement) of `${x#p}` or `${x/p/r}`, expanded.
    fn edit_of(&mut self, op: &ParamOp) -> Result<Edit> {
        Ok(match op {
            ParamOp::Trim {
                suffix,
                longest,
                pattern,
            } => Edit::Trim {
                suffix: *suffix,
                longest: if *longest {
                    Longest::Longest
                } else {
                    Longest::Shortest
                },
                pattern: self.pattern(pattern)?,
                utf8: self.params.utf8(),
            },
            ParamOp::Replace {
                kind,
                pattern,
                replacement,
            } => Edit::Replace {
                kind: *kind,
                pattern: self.pattern(pattern)?,
                replacement: match replacement {
                    Some(r) => self.marked(r, true)?,
                    None => Vec::new(),
                },
                utf8: self.params.utf8(),
            },
            _ => unreachable!("only pattern operations are edits"),
        })
    }

    #[inline(never)]
    /// `${x:off}`, `${x:off:len}`, and on `$@`/`$*` a slice of the
    /// positional parameters where offset 0 is `$0` (bash).
    pub(super) fn substring(
        &mut self,
        name: &[u8],
        value: Option<Vec<u8>>,
        offset: &Word,
        length: Option<&Word>,
        quoted: bool,
        out: &mut Fields,
    ) -> Result<()> {
        let offset = self.arith_named(&offset.parts, Some(name))?;
        let length = match length {
            Some(w) => Some(self.arith_named(&w.parts, Some(name))?),
            None => None,
        };
        let negative =
            |len: i64| ExpandError::new(format!("{len}: substring expression < 0"), Severity::Line);
        if is_list_param(name) {
            let mut all = Vec::with_capacity(self.params.positional().len() + 1);
            all.push(
                self.params
                    .param(b"0")
                    .map(Cow::into_owned)
                    .unwrap_or_default(),
            );
            all.extend(self.params.positional().iter().cloned());
            // A negative offset counts back from the last parameter, and
            // `$0` is never reached that way.
            let count = all.len() as i64;
            let start = if offset < 0 {
                let start = count + offset;
                if start < 1 {
                    return Ok(());
                }
                start
            } else {
                offset
            };
            let end = match length {
                Some(len) if len < 0 => return Err(negative(len)),
                Some(len) => start.saturating_add(len).min(count),
                None => count,
            };
            let (start, end) = (start.min(count) as usize, end.max(0) as usize);
            let slice = if start < end {
                &all[start..end]
            } else {
                &[][..]
            };
            self.emit_list(slice, name[0] == b'@', quoted, out);
            return Ok(());
        }
        let Some(value) = value else {
            return Ok(());
        };
        let starts = crate::expand::pattern::char_starts(&value, self.params.utf8());
        let count = starts.len() as i64;
        let start = if offset < 0 { count + offset } else { offset };
        if start < 0 || start > count {
            return Ok(());
        }
        let end = match length {
            Some(len) if len < 0 => {
                let end = count + len;
                if end < start {
                    return Err(negative(len));
                }
                end
            }
            Some(len) => start.saturating_add(len).min(count),
            None => count,
        };
        let byte = |i: i64| starts.get(i as usize).copied().unwrap_or(value.len());
        self.emit(&value[byte(start)..byte(end)], quoted, out);
        Ok(())
    }
}

/// What `${x#p}` or `${x/p/r}` does to each value, with its words
/// expanded once.
enum Edit {
    Trim {
        suffix: bool,
        longest: Longest,
        pattern: Vec<u8>,
        utf8: bool,
    },
    Replace {
        kind: ReplaceKind,
        pattern: Vec<u8>,
        /// Escaped as a pattern is: `\c` is `c`, an unescaped `&` the match.
        replacement: Vec<u8>,
        utf8: bool,
    },
}

impl Edit {
    fn apply(&self, value: &[u8]) -> Vec<u8> {
        match self {
            Edit::Trim {
                suffix,
                longest,
                pattern,
                utf8,
            } => {
                let pat = Pattern::new(pattern, *utf8);
                if *suffix {
                    match pat.suffix(value, *longest) {
                        Some(start) => value[..start].to_vec(),
                        None => value.to_vec(),
                    }
                } else {
                    match pat.prefix(value, *longest) {
                        Some(end) => value[end..].to_vec(),
                        None => value.to_vec(),
                    }
                }
            }
            Edit::Replace {
                kind,
                pattern,
                replacement,
                utf8,
            } => replace(
                value,
                &Pattern::new(pattern, *utf8),
                *kind,
                replacement,
                *utf8,
            ),
        }
    }
}

/// `${x/p/r}` and its forms on one value. Matches are the longest at
/// the leftmost place; an empty match replaces nothing, except at an
/// anchored end (`${x/#/r}` prefixes).
fn replace(value: &[u8], pat: &Pattern, kind: ReplaceKind, rep: &[u8], utf8: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len());
    match kind {
        ReplaceKind::Prefix => match pat.prefix(value, Longest::Longest) {
            Some(end) => {
                substitute(rep, &value[..end], &mut out);
                out.extend_from_slice(&value[end..]);
            }
            None => out.extend_from_slice(value),
        },
        ReplaceKind::Suffix => match pat.suffix(value, Longest::Longest) {
            Some(start) => {
                out.extend_from_slice(&value[..start]);
                substitute(rep, &value[start..], &mut out);
            }
            None => out.extend_from_slice(value),
        },
        ReplaceKind::First | ReplaceKind::All => {
            let mut copied = 0;
            for start in crate::expand::pattern::char_starts(value, utf8) {
                if start < copied {
                    continue;
                }
                let Some(end) = pat.prefix_from(value, start, Longest::Longest) else {
                    continue;
                };
                if end == start {
                    continue;
                }
                out.extend_from_slice(&value[copied..start]);
                substitute(rep, &value[start..end], &mut out);
                copied = end;
                if kind == ReplaceKind::First {
                    break;
                }
            }
            out.extend_from_slice(&value[copied..]);
        }
    }
    out
}

/// The replacement text for one match: `\c` is `c`, `&` the match.
fn substitute(rep: &[u8], matched: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < rep.len() {
        match rep[i] {
            b'\\' if i + 1 < rep.len() => {
                out.push(rep[i + 1]);
                i += 2;
                continue;
            }
            b'&' => out.extend_from_slice(matched),
            b => out.push(b),
        }
        i += 1;
    }
}
