//! Word reading: a word's text up to the end its context defines, with
//! its quotes, escapes, tilde prefixes and the expansions in it (which
//! `param`, `substitution` and `ansi_c` read). Separate from the token
//! reader, which only decides where a word starts.

use super::*;

/// What ends the run of word text being scanned.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Ctx {
    /// A plain word: ends at a metacharacter.
    Unquoted,
    /// The word of `${x:-word}` outside double quotes: ends at `}`.
    Brace,
    /// Inside `"..."`: ends at `"`.
    Double,
    /// The word of `${x:-word}` inside double quotes: ends at `}`. A
    /// single quote is literal but hides a `}` up to the next one, as in
    /// bash (`"${v-'}'}"` is `'}'`).
    DoubleBrace,
    /// The pattern of `${x/pat/rep}`: as `Brace`, and ends at `/` too.
    /// The words of the pattern operators have quotes of their own, even
    /// inside double quotes.
    BracePattern,
    /// The offset and length of `${x:off:len}`: arithmetic text, quoted
    /// as in double quotes; ends at `:` or `}`.
    Offset,
    /// The expression of `$((...))`: ends at a `)` that closes no `(`;
    /// quoted as in double quotes, where `"` quotes too.
    Arith,
    /// The body of a here-document with an unquoted delimiter: ends with
    /// the text; only `\$`, `` \` ``, `\\` and `\newline` are escapes.
    HereDoc,
}

impl Ctx {
    pub(super) fn quoted(self) -> bool {
        matches!(
            self,
            Ctx::Double | Ctx::DoubleBrace | Ctx::Arith | Ctx::HereDoc | Ctx::Offset
        )
    }
}

impl Lexer<'_> {
    pub(super) fn read_word(&mut self) -> LexResult<Word> {
        // Most words are one run of plain bytes up to a blank or an
        // operator: taken whole, without building them part by part.
        let rest = &self.buf[self.pos..];
        if let Some(len) = rest.iter().position(|&c| ends_run(Ctx::Unquoted, c))
            && len > 0
            && is_meta(rest[len])
        {
            let text = rest[..len].to_vec();
            self.pos += len;
            return Ok(Word {
                parts: vec![WordPart::Lit(text)],
            });
        }
        Ok(Word {
            parts: self.read_parts(Ctx::Unquoted)?,
        })
    }

    /// Scan word text up to the end that `ctx` defines (not consumed).
    pub(super) fn read_parts(&mut self, ctx: Ctx) -> LexResult<Vec<WordPart>> {
        let mut parts = Vec::new();
        let mut lit = Vec::new();
        let start_line = self.line;
        // Parentheses open in `$((...))`'s expression.
        let mut parens = 0u32;
        if matches!(ctx, Ctx::Unquoted | Ctx::Brace | Ctx::BracePattern)
            && self.peek_joined()? == Some(b'~')
        {
            self.read_tilde(ctx, &mut parts, &mut lit)?;
        }
        loop {
            let Some(b) = self.peek()? else {
                return match ctx {
                    Ctx::Unquoted | Ctx::HereDoc => {
                        flush(&mut parts, &mut lit);
                        Ok(parts)
                    }
                    Ctx::Double => Err(self.unmatched(b'"', start_line)),
                    Ctx::Arith => Err(self.unmatched(b')', start_line)),
                    Ctx::Brace | Ctx::DoubleBrace | Ctx::BracePattern | Ctx::Offset => {
                        Err(self.unmatched(b'}', start_line))
                    }
                };
            };
            match (ctx, b) {
                (Ctx::Unquoted, b) if is_meta(b) => break,
                (Ctx::Brace | Ctx::DoubleBrace | Ctx::BracePattern | Ctx::Offset, b'}') => break,
                (Ctx::BracePattern, b'/') | (Ctx::Offset, b':') => break,
                (Ctx::DoubleBrace, b'\'') => self.read_single_kept(&mut lit)?,
                (Ctx::Double, b'"') => break,
                (Ctx::Arith, b'(') => {
                    parens += 1;
                    lit.push(b);
                    self.bump();
                }
                (Ctx::Arith, b')') if parens > 0 => {
                    parens -= 1;
                    lit.push(b);
                    self.bump();
                }
                (Ctx::Arith, b')') => break,
                (_, b'`') => {
                    flush(&mut parts, &mut lit);
                    parts.push(self.read_backquote(ctx)?);
                }
                (_, b'$') => {
                    let open_line = self.line;
                    self.bump();
                    if self.peek_joined()? == Some(b'(') {
                        flush(&mut parts, &mut lit);
                        parts.push(self.read_dollar_paren(open_line)?);
                        continue;
                    }
                    // `$'...'` and `$"..."` outside double quotes, and in
                    // `"${x:-...}"` too (bash's default `extquote`).
                    if !matches!(ctx, Ctx::Double | Ctx::Arith | Ctx::HereDoc | Ctx::Offset) {
                        match self.peek_joined()? {
                            Some(b'\'') => {
                                flush(&mut parts, &mut lit);
                                self.read_ansi_c(&mut parts)?;
                                continue;
                            }
                            Some(b'"') => continue,
                            _ => {}
                        }
                    }
                    match self.read_param(ctx)? {
                        Some(p) => {
                            flush(&mut parts, &mut lit);
                            parts.push(WordPart::Param(p));
                        }
                        None => lit.push(b'$'),
                    }
                }
                (_, b'\\') => {
                    self.bump();
                    match self.peek()? {
                        // Line continuation: both bytes vanish.
                        Some(b'\n') => self.bump(),
                        Some(c)
                            if !ctx.quoted()
                                || matches!(c, b'$' | b'`' | b'\\')
                                || (c == b'"' && ctx != Ctx::HereDoc) =>
                        {
                            self.bump();
                            flush(&mut parts, &mut lit);
                            parts.push(WordPart::Escaped(c));
                        }
                        Some(b'}') if ctx == Ctx::DoubleBrace => {
                            self.bump();
                            flush(&mut parts, &mut lit);
                            parts.push(WordPart::Escaped(b'}'));
                        }
                        // `\'` opens no single quote: both stay.
                        Some(b'\'') if ctx == Ctx::DoubleBrace => {
                            self.bump();
                            lit.extend_from_slice(b"\\'");
                        }
                        // At the end of input a backslash stands for itself.
                        None if !ctx.quoted() => {
                            flush(&mut parts, &mut lit);
                            parts.push(WordPart::Escaped(b'\\'));
                        }
                        _ => lit.push(b'\\'),
                    }
                }
                (Ctx::Unquoted | Ctx::Brace | Ctx::BracePattern, b'\'') => {
                    flush(&mut parts, &mut lit);
                    parts.push(WordPart::Single(self.read_single()?));
                }
                (
                    Ctx::Unquoted
                    | Ctx::Brace
                    | Ctx::DoubleBrace
                    | Ctx::BracePattern
                    | Ctx::Arith
                    | Ctx::Offset,
                    b'"',
                ) => {
                    let quote_line = self.line;
                    self.bump();
                    let inner = self.read_parts(Ctx::Double)?;
                    if self.peek()? != Some(b'"') {
                        return Err(self.unmatched(b'"', quote_line));
                    }
                    self.bump();
                    flush(&mut parts, &mut lit);
                    parts.push(WordPart::Double(inner));
                }
                (Ctx::Unquoted, b'~') if tilde_in_assignment(&parts, &lit) => {
                    flush(&mut parts, &mut lit);
                    self.read_tilde(ctx, &mut parts, &mut lit)?;
                }
                _ => {
                    // Take the whole run of ordinary bytes at once.
                    let start = self.pos;
                    self.bump();
                    let run = self.buf[self.pos..]
                        .iter()
                        .position(|&c| ends_run(ctx, c))
                        .unwrap_or(self.buf.len() - self.pos);
                    self.pos += run;
                    lit.extend_from_slice(&self.buf[start..self.pos]);
                }
            }
        }
        flush(&mut parts, &mut lit);
        Ok(parts)
    }

    /// A single-quoted string in `"${x-...}"`: text with its quotes.
    /// Out of line: `read_parts` is on the path of nested expansions,
    /// whose depth its frame size bounds.
    #[inline(never)]
    fn read_single_kept(&mut self, lit: &mut Vec<u8>) -> LexResult<()> {
        let text = self.read_single()?;
        lit.push(b'\'');
        lit.extend_from_slice(&text);
        lit.push(b'\'');
        Ok(())
    }

    fn read_single(&mut self) -> LexResult<Vec<u8>> {
        let start_line = self.line;
        self.bump();
        let mut text = Vec::new();
        loop {
            match self.peek()? {
                None => return Err(self.unmatched(b'\'', start_line)),
                Some(b'\'') => {
                    self.bump();
                    return Ok(text);
                }
                Some(b) => {
                    self.bump();
                    text.push(b);
                }
            }
        }
    }

    /// At `~`: a tilde prefix runs to the first `/` or `:` (bash ends it at
    /// `:` in any word) or the end of the word, which in `${x:-~}` is the
    /// `}`. If a quote or expansion comes first, it is plain text, as in sh;
    /// so is any other character, which no login name has (`~root}`).
    fn read_tilde(
        &mut self,
        ctx: Ctx,
        parts: &mut Vec<WordPart>,
        lit: &mut Vec<u8>,
    ) -> LexResult<()> {
        self.bump();
        let mut user = Vec::new();
        loop {
            match self.peek_joined()? {
                Some(b) if is_name_char(b) || matches!(b, b'.' | b'-' | b'+') => {
                    self.bump();
                    user.push(b);
                }
                Some(b'/' | b':') | None => break,
                Some(b'}') if matches!(ctx, Ctx::Brace | Ctx::BracePattern) => break,
                Some(b) if is_meta(b) => break,
                Some(_) => {
                    lit.push(b'~');
                    lit.extend_from_slice(&user);
                    return Ok(());
                }
            }
        }
        parts.push(WordPart::Tilde(user));
        Ok(())
    }
}

/// Does `c` need a look of its own in `ctx` (a quote, an expansion, an
/// escape, a newline to count, the end of the text)?
fn ends_run(ctx: Ctx, c: u8) -> bool {
    match c {
        b'$' | b'\\' | b'"' | b'\n' | b'`' => true,
        b'(' | b')' if ctx == Ctx::Arith => true,
        b'\'' => !ctx.quoted() || ctx == Ctx::DoubleBrace,
        b'~' => !ctx.quoted(),
        b'}' => matches!(
            ctx,
            Ctx::Brace | Ctx::DoubleBrace | Ctx::BracePattern | Ctx::Offset
        ),
        b'/' => ctx == Ctx::BracePattern,
        b':' => ctx == Ctx::Offset,
        _ => ctx == Ctx::Unquoted && is_meta(c),
    }
}

fn flush(parts: &mut Vec<WordPart>, lit: &mut Vec<u8>) {
    if !lit.is_empty() {
        parts.push(WordPart::Lit(std::mem::take(lit)));
    }
}

/// Does a tilde start a tilde prefix here, in a word of the form of an
/// assignment: right after the first `=`, or after an unquoted `:` (as in
/// `PATH=~/bin:~/sbin`)? bash does this in any such word, arguments too.
fn tilde_in_assignment(parts: &[WordPart], lit: &[u8]) -> bool {
    let first = match parts.first() {
        Some(WordPart::Lit(text)) => text.as_slice(),
        Some(_) => return false,
        None => lit,
    };
    let Some(eq) = first.iter().position(|&b| b == b'=') else {
        return false;
    };
    if !is_name(&first[..eq]) {
        return false;
    }
    let after_eq = parts.is_empty() && lit.len() == eq + 1;
    after_eq || lit.last() == Some(&b':')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::lexer::tests::{lit, tokens};

    #[test]
    fn quotes_and_escapes() {
        let t = tokens(r#"a'b c'"d $x \$ \q"\ e"#);
        let Token::Word(w) = &t[0] else { panic!() };
        assert_eq!(
            w.parts,
            vec![
                WordPart::Lit(b"a".to_vec()),
                WordPart::Single(b"b c".to_vec()),
                WordPart::Double(vec![
                    WordPart::Lit(b"d ".to_vec()),
                    WordPart::Param(Param {
                        name: b"x".to_vec(),
                        op: ParamOp::Plain,
                        braced: false
                    }),
                    WordPart::Lit(b" ".to_vec()),
                    WordPart::Escaped(b'$'),
                    WordPart::Lit(b" \\q".to_vec()),
                ]),
                WordPart::Escaped(b' '),
                WordPart::Lit(b"e".to_vec()),
            ]
        );
    }

    #[test]
    fn plain_words_taken_whole_are_as_scanned_part_by_part() {
        let word = |input: &str, whole: bool| {
            let mut src = StrSource::new(input);
            let mut lx = Lexer::new(&mut src);
            lx.peek().expect("a line");
            if whole {
                lx.read_word().expect("a word")
            } else {
                Word {
                    parts: lx.read_parts(Ctx::Unquoted).expect("a word"),
                }
            }
        };
        let words = [
            "echo",
            "a=1",
            "x#y",
            "/bin/true",
            "-n",
            "a~",
            "~",
            "a=~",
            "a$x",
            "ab'c'",
            "a\\\nb",
            "a\\ b",
            "a\"b\"",
        ];
        for text in words {
            for end in [" ", "\t", "\n", ";", "&", "|", "<", ">", "(", ")"] {
                let input = format!("{text}{end}x\n");
                assert_eq!(word(&input, true), word(&input, false), "{input:?}");
            }
        }
    }

    #[test]
    fn tilde_only_at_start_or_after_assignment() {
        let t = tokens("~/x a~ x=~root/y");
        let Token::Word(w) = &t[0] else { panic!() };
        assert_eq!(w.parts[0], WordPart::Tilde(vec![]));
        assert_eq!(t[1], lit("a~"));
        let Token::Word(w) = &t[2] else { panic!() };
        assert_eq!(w.parts[1], WordPart::Tilde(b"root".to_vec()));
    }

    #[test]
    fn unterminated_quotes_report_opening_line() {
        for (text, q, line) in [("a\n'b\nc", b'\'', 2), ("\"x", b'"', 1), ("${x", b'}', 1)] {
            let mut src = StrSource::new(text);
            let mut lx = Lexer::new(&mut src);
            let err = loop {
                match lx.next_token() {
                    Ok(Token::Eof) => panic!("no error for {text}"),
                    Ok(_) => {}
                    Err(e) => break e,
                }
            };
            assert!(
                matches!(err.kind, SyntaxErrorKind::Unmatched(c) if c == q),
                "{text}"
            );
            assert_eq!(err.line, line, "{text}");
        }
    }
}
