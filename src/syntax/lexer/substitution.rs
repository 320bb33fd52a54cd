//! The lexer's reading of `$(...)`, `$((...))`, bash's `((...))` and
//! backquotes: where the text of a command or an expression is read for
//! the parser or the evaluator.

use std::rc::Rc;

use super::*;

impl Lexer<'_> {
    /// At the `(` after `$`: `$((...))` when a `))` closes it, else a
    /// command substitution (bash's rule: `$((` that does not end in `))`
    /// is `$( (`, a subshell in a substitution).
    pub(super) fn read_dollar_paren(&mut self, open_line: u32) -> LexResult<WordPart> {
        if self.depth >= max_nesting() {
            return Err(self.error(SyntaxErrorKind::TooDeep));
        }
        let doubled = self.peek_joined_at(1)? == Some(b'(');
        if doubled {
            let mark = (self.pos, self.line, self.line_start);
            if let Some(arith) = self.try_arith()? {
                return Ok(arith);
            }
            (self.pos, self.line, self.line_start) = mark;
        }
        self.bump();
        self.depth += 1;
        let list = crate::syntax::parser::substitution(self);
        self.depth -= 1;
        let list = list.map_err(|mut e| {
            // bash tells an open `$((` at the line it began on.
            if doubled
                && matches!(
                    e.kind,
                    SyntaxErrorKind::Unmatched(b')') | SyntaxErrorKind::UnexpectedEof
                )
            {
                e.kind = SyntaxErrorKind::Unmatched(b')');
                e.line = open_line;
            }
            e
        });
        Ok(WordPart::CommandSubst(CommandSubst {
            list: Rc::new(list?),
            backquoted: None,
            broken: false,
        }))
    }

    /// At the first `(` of `$((`: the arithmetic expansion, or `None` if
    /// no `))` closes it (the caller reads a command substitution then).
    pub(super) fn try_arith(&mut self) -> LexResult<Option<WordPart>> {
        self.bump();
        Ok(self.arith_from_second_paren()?.map(WordPart::Arith))
    }

    /// Right after the first `(` of `((` at the start of a command: the
    /// expression of bash's arithmetic command, or `None` (the input is
    /// back where it was) if no `))` closes it, when it is a subshell in a
    /// subshell, as in bash.
    pub fn arith_command(&mut self) -> LexResult<Option<Vec<WordPart>>> {
        let mark = (self.pos, self.line, self.line_start);
        let expr = self.arith_from_second_paren()?;
        if expr.is_none() {
            (self.pos, self.line, self.line_start) = mark;
        }
        Ok(expr)
    }

    /// At the second `(` of `((`: the expression up to `))`.
    pub(super) fn arith_from_second_paren(&mut self) -> LexResult<Option<Vec<WordPart>>> {
        self.peek_joined()?;
        self.bump();
        self.depth += 1;
        let parts = self.read_parts(Ctx::Arith);
        self.depth -= 1;
        let parts = match parts {
            Ok(parts) => parts,
            // Input that cannot be read is no syntax to try again.
            Err(e) if matches!(e.kind, SyntaxErrorKind::Io(_)) => return Err(e),
            Err(_) => return Ok(None),
        };
        // At the `)` that closes no `(` of the expression: a second one
        // ends it; anything else makes `$( (...) ...)`.
        self.bump();
        if self.peek_joined()? != Some(b')') {
            return Ok(None);
        }
        self.bump();
        Ok(Some(parts))
    }

    /// At a backquote: the text up to the closing one, with `\\`, `` \` ``
    /// and `\$` (and in double quotes `\"`) standing for the character
    /// escaped, then read as a list (POSIX 2.6.3).
    pub(super) fn read_backquote(&mut self, ctx: Ctx) -> LexResult<WordPart> {
        if self.depth >= max_nesting() {
            return Err(self.error(SyntaxErrorKind::TooDeep));
        }
        let open_line = self.line;
        self.bump();
        let start = self.pos;
        let mut text = Vec::new();
        loop {
            match self.peek()? {
                None => return Err(self.unmatched(b'`', open_line)),
                Some(b'`') => break,
                Some(b'\\') => {
                    self.bump();
                    match self.peek()? {
                        Some(c @ (b'\\' | b'`' | b'$')) => {
                            self.bump();
                            text.push(c);
                        }
                        Some(b'"') if matches!(ctx, Ctx::Double | Ctx::DoubleBrace) => {
                            self.bump();
                            text.push(b'"');
                        }
                        _ => text.push(b'\\'),
                    }
                }
                Some(c) => {
                    self.bump();
                    text.push(c);
                }
            }
        }
        let raw: Rc<[u8]> = self.buf[start..self.pos].into();
        self.bump();
        let mut src = StrSource::new(text);
        let mut lx = Lexer::new(&mut src);
        lx.depth = self.depth + 1;
        lx.compound_depth = self.compound_depth;
        lx.aliases = self.aliases.clone();
        // Its commands are on the lines the backquotes are on.
        lx.line = open_line;
        lx.in_backquotes = true;
        let (list, broken) = match crate::syntax::parser::whole_list(&mut lx) {
            Ok(list) => (list, false),
            // An error is bash's when the substitution runs, not now.
            // A here-document left open is refused now: its body would be
            // read as commands.
            Err(e)
                if !matches!(
                    e.kind,
                    SyntaxErrorKind::Io(_)
                        | SyntaxErrorKind::TooDeep
                        | SyntaxErrorKind::HereDocLeftOpen(_)
                ) =>
            {
                (List::default(), true)
            }
            Err(mut e) => {
                e.line += open_line - 1;
                return Err(e);
            }
        };
        self.warnings.extend(lx.take_warnings());
        Ok(WordPart::CommandSubst(CommandSubst {
            list: Rc::new(list),
            backquoted: Some(raw),
            broken,
        }))
    }

    /// Parsing a substitution's body: the here-documents begun before it
    /// are read after the line it ends on, not after a newline inside it
    /// (returned, to be handed back to [`Self::end_substitution`]).
    pub(crate) fn begin_substitution(&mut self) -> (Vec<PendingHereDoc>, u32, usize) {
        (
            std::mem::take(&mut self.pending),
            self.tok_line,
            self.tok_line_start,
        )
    }

    /// After the body. A here-document begun inside and still unread
    /// (`x=$(cat <<E)`) has its body after the line the substitution
    /// ends on, after those of the here-documents begun before it on that
    /// line, with bash's warning. (bash reads it there too; dash and zsh
    /// read none and run the body as commands.)
    pub(crate) fn end_substitution(
        &mut self,
        saved: (Vec<PendingHereDoc>, u32, usize),
    ) -> LexResult<()> {
        let (outer, tok_line, tok_line_start) = saved;
        let mut inner = std::mem::replace(&mut self.pending, outer);
        self.tok_line = tok_line;
        self.tok_line_start = tok_line_start;
        // Those of a substitution inside this one were warned of there.
        let open = inner.iter().filter(|p| !p.deferred).count();
        if open > 0 {
            self.warnings.push(Warning {
                line: self.line,
                message: format!(
                    "command substitution: {open} unterminated here-document{}",
                    if open == 1 { "" } else { "s" }
                ),
            });
        }
        for p in &mut inner {
            p.deferred = true;
        }
        self.pending.append(&mut inner);
        Ok(())
    }

    /// The error for a `$(` that the end of input leaves open: bash names
    /// the line after the last one, as for an unexpected end of file.
    pub(crate) fn unclosed_paren(&self) -> SyntaxError {
        let mut e = self.error(SyntaxErrorKind::Unmatched(b')'));
        e.line += u32::from(self.buf.last() != Some(&b'\n'));
        e
    }
}
