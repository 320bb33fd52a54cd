//! Parameter expansions: `$name`, `$1`, `$?` and every form of `${...}`,
//! with the operators' words. Separate from word reading: `${...}` nests
//! (its depth is bounded here) and has a grammar of its own.

use super::*;

/// What may come between `${` and the name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NamePrefix {
    None,
    /// `${#name}`
    Length,
    /// bash's `${!name}`
    Indirect,
}

impl Lexer<'_> {
    /// After `$`: a parameter, or `None` when the `$` is literal.
    pub(super) fn read_param(&mut self, ctx: Ctx) -> LexResult<Option<Param>> {
        let Some(b) = self.peek_joined()? else {
            return Ok(None);
        };
        let plain = |name: Vec<u8>| Param {
            name,
            op: ParamOp::Plain,
            braced: false,
        };
        if b == b'{' {
            let line = self.line;
            self.bump();
            return self.read_braced(ctx, line).map(Some);
        }
        if is_name_start(b) {
            let mut name = Vec::new();
            while let Some(c) = self.peek_joined()? {
                if !is_name_char(c) {
                    break;
                }
                self.bump();
                name.push(c);
            }
            return Ok(Some(plain(name)));
        }
        if b.is_ascii_digit() || matches!(b, b'?' | b'$' | b'!' | b'#' | b'@' | b'*' | b'-') {
            self.bump();
            return Ok(Some(plain(vec![b])));
        }
        Ok(None)
    }

    /// After `${`. Nesting (quotes inside `${...}` inside quotes...) is
    /// bounded here: only `${` can open another level.
    fn read_braced(&mut self, ctx: Ctx, open_line: u32) -> LexResult<Param> {
        if self.depth >= max_nesting() {
            return Err(self.error(SyntaxErrorKind::TooDeep));
        }
        self.depth += 1;
        let param = self.read_braced_at_depth(ctx, open_line);
        self.depth -= 1;
        param
    }

    // Nested `${a:-"${b:-...}"}` recurse through this function, whose
    // frame size bounds how deep they may go (see `max_nesting`): the
    // common forms are read here, the others out of line.
    fn read_braced_at_depth(&mut self, ctx: Ctx, open_line: u32) -> LexResult<Param> {
        let inner_ctx = if ctx.quoted() {
            Ctx::DoubleBrace
        } else {
            Ctx::Brace
        };
        let (name, prefix) = self.read_braced_name()?;
        let next = self.peek_joined()?;
        let op_char = |c: Option<u8>| matches!(c, Some(b'-' | b'=' | b'+' | b'?'));
        let op = if name.is_empty() || prefix != NamePrefix::None {
            self.read_prefixed_operation(&name, prefix, open_line)?
        } else if next == Some(b'}') {
            ParamOp::Plain
        } else if next == Some(b':') && op_char(self.peek_joined_at(1)?) {
            self.bump();
            self.read_op_word(inner_ctx, true)?
        } else if op_char(next) {
            self.read_op_word(inner_ctx, false)?
        } else {
            self.read_operation(&name, open_line)?
        };
        if self.peek_joined()? != Some(b'}') {
            return Err(self.unmatched(b'}', open_line));
        }
        self.bump();
        Ok(Param {
            name,
            op,
            braced: true,
        })
    }

    /// After `${`: the name, and whether `#` (a length) or `!` (bash's
    /// indirection) came before it. `${#}` is the count of positional
    /// parameters, `${!}` is `$!`.
    #[inline(never)]
    fn read_braced_name(&mut self) -> LexResult<(Vec<u8>, NamePrefix)> {
        let first = self.peek_joined()?;
        let prefix = match first {
            Some(b'#') if self.peek_joined_at(1)? != Some(b'}') => NamePrefix::Length,
            Some(b'!') if self.peek_joined_at(1)? != Some(b'}') => NamePrefix::Indirect,
            _ => NamePrefix::None,
        };
        if prefix != NamePrefix::None {
            self.bump();
        }
        Ok((self.read_param_name()?, prefix))
    }

    /// `${#name}` and `${!name...}` (or a bad substitution), and a
    /// bad substitution without a name.
    #[inline(never)]
    fn read_prefixed_operation(
        &mut self,
        name: &[u8],
        prefix: NamePrefix,
        open_line: u32,
    ) -> LexResult<ParamOp> {
        let next = self.peek_joined()?;
        let bad = |lx: &mut Self| lx.read_bad(name, prefix, open_line);
        if name.is_empty() {
            return bad(self);
        }
        match prefix {
            NamePrefix::Length if next == Some(b'}') => Ok(ParamOp::Length),
            NamePrefix::Indirect if next == Some(b'}') => {
                Ok(ParamOp::Indirect(Box::new(ParamOp::Plain)))
            }
            // `${!@}` and `${!*}` are not bash's lists of names.
            NamePrefix::Indirect if matches!(name, b"@" | b"*") => bad(self),
            NamePrefix::Indirect
                if matches!(next, Some(b'@' | b'*')) && self.peek_joined_at(1)? == Some(b'}') =>
            {
                self.bump();
                Ok(ParamOp::Names {
                    at: next == Some(b'@'),
                })
            }
            NamePrefix::Indirect => {
                let inner_ctx = Ctx::Brace;
                let op_char = |c: Option<u8>| matches!(c, Some(b'-' | b'=' | b'+' | b'?'));
                let op = if next == Some(b':') && op_char(self.peek_joined_at(1)?) {
                    self.bump();
                    self.read_op_word(inner_ctx, true)?
                } else if op_char(next) {
                    self.read_op_word(inner_ctx, false)?
                } else {
                    match self.read_operation_or_none()? {
                        Some(op) => op,
                        None => return bad(self),
                    }
                };
                Ok(ParamOp::Indirect(Box::new(op)))
            }
            _ => bad(self),
        }
    }

    /// The rest of `${...}` up to its `}`, kept exactly as written
    /// (continuations too) so that the error shows it as bash does.
    #[inline(never)]
    fn read_bad(&mut self, name: &[u8], prefix: NamePrefix, open_line: u32) -> LexResult<ParamOp> {
        let mut raw = Vec::new();
        match prefix {
            NamePrefix::Length => raw.push(b'#'),
            NamePrefix::Indirect => raw.push(b'!'),
            NamePrefix::None => {}
        }
        raw.extend_from_slice(name);
        let mut depth = 0;
        loop {
            match self.peek()? {
                None => return Err(self.unmatched(b'}', open_line)),
                Some(b'}') if depth == 0 => break,
                Some(c) => {
                    depth += i32::from(c == b'{') - i32::from(c == b'}');
                    raw.push(c);
                    self.bump();
                }
            }
        }
        Ok(ParamOp::Bad(raw))
    }

    /// An operation other than `-=?+` after the name, or a bad
    /// substitution.
    #[inline(never)]
    fn read_operation(&mut self, name: &[u8], open_line: u32) -> LexResult<ParamOp> {
        match self.read_operation_or_none()? {
            Some(op) => Ok(op),
            None => self.read_bad(name, NamePrefix::None, open_line),
        }
    }

    fn read_param_name(&mut self) -> LexResult<Vec<u8>> {
        let mut name = Vec::new();
        match self.peek_joined()? {
            Some(b) if is_name_start(b) => {
                while let Some(c) = self.peek_joined()?.filter(|&c| is_name_char(c)) {
                    self.bump();
                    name.push(c);
                }
            }
            Some(b) if b.is_ascii_digit() => {
                while let Some(c) = self.peek_joined()?.filter(u8::is_ascii_digit) {
                    self.bump();
                    name.push(c);
                }
            }
            Some(b @ (b'?' | b'$' | b'!' | b'#' | b'@' | b'*' | b'-')) => {
                self.bump();
                name.push(b);
            }
            _ => {}
        }
        Ok(name)
    }

    /// At what follows the name in `${name...}`, other than `-=?+`: the
    /// operation, or `None` when there is none that jsh knows (a bad
    /// substitution).
    fn read_operation_or_none(&mut self) -> LexResult<Option<ParamOp>> {
        match self.peek_joined()? {
            // `${x:}` is a bad substitution in bash.
            Some(b':') if self.peek_joined_at(1)? == Some(b'}') => Ok(None),
            Some(b':') => {
                self.bump();
                let offset = Box::new(Word {
                    parts: self.read_parts(Ctx::Offset)?,
                });
                let length = if self.peek_joined()? == Some(b':') {
                    self.bump();
                    Some(Box::new(Word {
                        parts: self.read_parts(Ctx::Offset)?,
                    }))
                } else {
                    None
                };
                Ok(Some(ParamOp::Substring { offset, length }))
            }
            Some(sym @ (b'#' | b'%')) => {
                self.bump();
                let longest = self.peek_joined()? == Some(sym);
                if longest {
                    self.bump();
                }
                let pattern = Word {
                    parts: self.read_parts(Ctx::Brace)?,
                };
                Ok(Some(ParamOp::Trim {
                    suffix: sym == b'%',
                    longest,
                    pattern,
                }))
            }
            Some(b'/') => {
                self.bump();
                let kind = match self.peek_joined()? {
                    Some(b'/') => ReplaceKind::All,
                    Some(b'#') => ReplaceKind::Prefix,
                    Some(b'%') => ReplaceKind::Suffix,
                    _ => ReplaceKind::First,
                };
                if kind != ReplaceKind::First {
                    self.bump();
                }
                let pattern = Box::new(Word {
                    parts: self.read_parts(Ctx::BracePattern)?,
                });
                let replacement = if self.peek_joined()? == Some(b'/') {
                    self.bump();
                    Some(Box::new(Word {
                        parts: self.read_parts(Ctx::Brace)?,
                    }))
                } else {
                    None
                };
                Ok(Some(ParamOp::Replace {
                    kind,
                    pattern,
                    replacement,
                }))
            }
            _ => Ok(None),
        }
    }

    fn read_op_word(&mut self, ctx: Ctx, colon: bool) -> LexResult<ParamOp> {
        let Some(sym) = self.peek_joined()? else {
            return Err(self.error(SyntaxErrorKind::UnexpectedEof));
        };
        self.bump();
        let word = Word {
            parts: self.read_parts(ctx)?,
        };
        Ok(match sym {
            b'-' => ParamOp::Default { colon, word },
            b'=' => ParamOp::Assign { colon, word },
            b'+' => ParamOp::Alternate { colon, word },
            _ => ParamOp::Error { colon, word },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::lexer::tests::tokens;

    #[test]
    fn braced_parameters() {
        let t = tokens("${x:-a b} ${#y} ${#} ${x y}");
        let Token::Word(w) = &t[0] else { panic!() };
        let WordPart::Param(p) = &w.parts[0] else {
            panic!()
        };
        assert!(
            matches!(&p.op, ParamOp::Default { colon: true, word } if word.parts == vec![WordPart::Lit(b"a b".to_vec())])
        );
        let Token::Word(w) = &t[1] else { panic!() };
        assert!(matches!(&w.parts[0], WordPart::Param(p) if p.op == ParamOp::Length));
        let Token::Word(w) = &t[2] else { panic!() };
        assert!(matches!(&w.parts[0], WordPart::Param(p) if p.name == b"#"));
        let Token::Word(w) = &t[3] else { panic!() };
        assert!(matches!(&w.parts[0], WordPart::Param(p) if p.op == ParamOp::Bad(b"x y".to_vec())));
    }

    #[test]
    fn pattern_operators() {
        let op = |text: &str| {
            let t = tokens(text);
            let Token::Word(w) = &t[0] else { panic!() };
            let WordPart::Param(p) = &w.parts[0] else {
                panic!()
            };
            p.op.clone()
        };
        assert!(matches!(
            op("${x##*/}"),
            ParamOp::Trim { suffix: false, longest: true, pattern } if pattern.parts == vec![WordPart::Lit(b"*/".to_vec())]
        ));
        assert!(
            matches!(op("${x%'a'}"), ParamOp::Trim { suffix: true, longest: false, pattern } if pattern.parts == vec![WordPart::Single(b"a".to_vec())])
        );
        assert!(matches!(
            op("${x//a/b}"),
            ParamOp::Replace {
                kind: ReplaceKind::All,
                replacement: Some(_),
                ..
            }
        ));
        assert!(matches!(
            op("${x/#a}"),
            ParamOp::Replace {
                kind: ReplaceKind::Prefix,
                replacement: None,
                ..
            }
        ));
        assert!(matches!(
            op("${x: -1:2}"),
            ParamOp::Substring {
                length: Some(_),
                ..
            }
        ));
        assert!(matches!(
            op("${x:-1}"),
            ParamOp::Default { colon: true, .. }
        ));
        assert!(matches!(op("${!x}"), ParamOp::Indirect(inner) if *inner == ParamOp::Plain));
        assert!(matches!(op("${!}"), ParamOp::Plain));
        assert!(matches!(op("${!x*}"), ParamOp::Names { at: false }));
        assert!(matches!(op("${!@}"), ParamOp::Indirect(inner) if *inner == ParamOp::Plain));
        assert!(matches!(op("${!@:-x}"), ParamOp::Bad(raw) if raw == b"!@:-x"));
        assert!(matches!(op("${x:}"), ParamOp::Bad(raw) if raw == b"x:"));
    }

    #[test]
    fn parameter_operations_print_back_as_read() {
        for text in [
            "${x#a}",
            "${x##*/}",
            "${x%\"b\"}",
            "${x%%'c'}",
            "${x/a/b}",
            "${x//a}",
            "${x/#a/\"b\"}",
            "${x/%a/b}",
            "${x:1}",
            "${x: -1:2}",
            "${x:$n:(1)}",
            "${!y}",
            "${!y:-d}",
            "${!y*}",
            "\"${!y@}\"",
            "\"${v-'}'}\"",
            "\"${x#'a'}\"",
            "\"${v-\\'}\"",
            "${x#~}",
        ] {
            let t = tokens(text);
            let Token::Word(w) = &t[0] else { panic!() };
            let printed = crate::syntax::ast::Unparse::to_bytes(w);
            assert_eq!(String::from_utf8_lossy(&printed), text);
            assert_eq!(tokens(&String::from_utf8_lossy(&printed)), t);
        }
    }

    #[test]
    fn nesting_is_bounded() {
        // The limit is sized for the main thread's stack; test threads
        // have a smaller one, so run where the shell would.
        let check = || {
            let too_deep = max_nesting() as usize + 5;
            let deep = format!("{}x{}", "${a:-".repeat(too_deep), "}".repeat(too_deep));
            let mut src = StrSource::new(deep);
            let mut lx = Lexer::new(&mut src);
            assert!(matches!(
                lx.next_token(),
                Err(SyntaxError {
                    kind: SyntaxErrorKind::TooDeep,
                    ..
                })
            ));
            let fine = format!("{}x{}", "\"${a:-".repeat(100), "}\"".repeat(100));
            let mut src = StrSource::new(fine);
            assert!(Lexer::new(&mut src).next_token().is_ok());
        };
        std::thread::Builder::new()
            .stack_size(16 << 20)
            .spawn(check)
            .expect("thread")
            .join()
            .expect("no panic");
    }
}
