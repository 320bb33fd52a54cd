//! Simple commands and redirections: assignments, words, the operators
//! `<`, `>`, `<<` and the rest, here-document delimiters, and the alias
//! substitution of command words. Separate from the list grammar: this
//! is the grammar of one command's words, not of how commands combine.

use super::*;

impl Grammar<'_, '_> {
    /// If the word ahead is an alias, read its text in its place (again,
    /// for as long as the text begins with another alias). Whether any
    /// was replaced.
    pub(super) fn expand_aliases(&mut self) -> LexResult<bool> {
        if !self.lx.has_aliases() {
            return Ok(false);
        }
        let mut replaced = false;
        loop {
            self.peek()?;
            let Some(Token::Word(word)) = &self.peeked else {
                return Ok(replaced);
            };
            // A reserved word where one is recognised is never an alias
            // (POSIX 2.3.1; so dash, mksh and bash --posix; bash expands
            // `alias fi=...` there otherwise).
            if word
                .as_literal()
                .is_some_and(crate::syntax::ast::is_reserved_word)
            {
                return Ok(replaced);
            }
            // Most words are no alias: the check borrows the word, and
            // only a substitution needs its own copy.
            if !self.lx.is_alias(word) {
                return Ok(replaced);
            }
            let word = word.clone();
            if !self.lx.substitute_alias(&word) {
                return Ok(replaced);
            }
            self.peeked = None;
            replaced = true;
        }
    }

    /// Redirections after a compound command.
    pub(super) fn redirections(&mut self) -> LexResult<Vec<Redir>> {
        let mut redirs = Vec::new();
        loop {
            let fd = match self.peek()? {
                Token::IoNumber(n) => {
                    let n = *n;
                    self.next()?;
                    Some(n)
                }
                Token::Op(Op::Redir(_) | Op::HereDoc | Op::HereDocDash) => None,
                _ => return Ok(redirs),
            };
            let (redir, rest) = self.redirection(fd)?;
            if let Some(word) = rest {
                // `{ a; } >&-x`: a word where only an operator may follow.
                return Err(self
                    .lx
                    .token_error(SyntaxErrorKind::UnexpectedToken(word.to_string())));
            }
            redirs.push(redir);
        }
    }

    /// The operator and target of a redirection whose descriptor (if any)
    /// was just read, and the word bash reads out of the target, if any
    /// (see [`Redir::new`]).
    fn redirection(&mut self, fd: Option<i32>) -> LexResult<(Redir, Option<Word>)> {
        let op = match self.next()? {
            Token::Op(Op::Redir(op)) => op,
            Token::Op(Op::HereDoc) => RedirOp::HereDoc,
            Token::Op(Op::HereDocDash) => RedirOp::HereDocDash,
            tok => return Err(self.unexpected(&tok)),
        };
        let target = match self.next()? {
            Token::Word(w) => w,
            Token::Op(Op::Redir(RedirOp::In)) if op == RedirOp::HereDoc => {
                return Err(self
                    .lx
                    .token_error(SyntaxErrorKind::Unsupported("here-strings (`<<<') are")));
            }
            Token::Eof => {
                return Err(self
                    .lx
                    .token_error(SyntaxErrorKind::UnexpectedToken("newline".into())));
            }
            tok => return Err(self.unexpected(&tok)),
        };
        let here = matches!(op, RedirOp::HereDoc | RedirOp::HereDocDash).then(|| {
            let doc = HereDoc {
                quoted: target.parts.iter().any(|p| {
                    matches!(
                        p,
                        WordPart::Single(_)
                            | WordPart::Double(_)
                            | WordPart::Escaped(_)
                            | WordPart::Unicode { .. }
                    )
                }),
                delimiter: delimiter_text(&target),
                strip_tabs: op == RedirOp::HereDocDash,
                body: Default::default(),
            };
            self.lx.push_here_doc(doc.clone());
            doc
        });
        let (mut redir, rest) = Redir::new(fd, op, target);
        redir.here = here;
        Ok((redir, rest))
    }

    pub(super) fn simple_command(&mut self) -> LexResult<SimpleCommand> {
        let mut cmd = SimpleCommand {
            assigns: Vec::new(),
            // Room for a command and a few arguments, allocated at once.
            words: Vec::with_capacity(4),
            redirs: Vec::new(),
            line: self.lx.line(),
        };
        let mut first = true;
        loop {
            // The word after an alias whose text ends in a blank may be
            // an alias too (`alias sudo='sudo '`).
            // So may the command word after assignments and redirections.
            if matches!(self.peek()?, Token::Word(_))
                && (self.lx.after_blank_alias() || !first && cmd.words.is_empty())
                && self.expand_aliases()?
            {
                continue;
            }
            let fd = match self.peek()? {
                Token::Word(_) => {
                    let Token::Word(word) = self.next()? else {
                        unreachable!("peeked a word")
                    };
                    if cmd.words.is_empty()
                        && let Some(assign) = word.as_assignment()
                    {
                        cmd.assigns.push(assign);
                    } else {
                        cmd.words.push(word);
                    }
                    if first {
                        // bash's line for a command (LINENO, messages) is
                        // where the token after its first word ends.
                        if matches!(self.peek()?, Token::Word(_)) {
                            cmd.line = self.lx.line();
                        }
                    }
                    first = false;
                    continue;
                }
                Token::IoNumber(n) => {
                    let n = *n;
                    self.next()?;
                    Some(n)
                }
                Token::Op(Op::Redir(_) | Op::HereDoc | Op::HereDocDash) => None,
                tok => {
                    if first {
                        let tok = tok.clone();
                        return Err(self.unexpected(&tok));
                    }
                    return Ok(cmd);
                }
            };
            if first {
                cmd.line = self.lx.line();
            }
            first = false;
            let (redir, rest) = self.redirection(fd)?;
            cmd.redirs.push(redir);
            // `>&-x`: bash reads the `-` alone, and `x` is a word of the
            // command.
            cmd.words.extend(rest);
        }
    }
}

/// The line that ends a here-document: its delimiter word with quotes
/// removed, and nothing expanded (`<<$x` waits for a line `$x`).
fn delimiter_text(word: &Word) -> Vec<u8> {
    fn parts_text(parts: &[WordPart], out: &mut Vec<u8>) {
        for part in parts {
            match part {
                WordPart::Lit(text) | WordPart::Single(text) => out.extend_from_slice(text),
                WordPart::Escaped(b) => out.push(*b),
                WordPart::Double(inner) => parts_text(inner, out),
                other => crate::syntax::ast::Unparse::unparse(other, out),
            }
        }
    }
    let mut out = Vec::new();
    parts_text(&word.parts, &mut out);
    out
}
