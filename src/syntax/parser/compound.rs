//! The compound commands: `{ }`, `( )`, `if`, `while`, `until`, `for`,
//! `case`, bash's `((...))`, and the body of a function definition.
//! Separate from the list grammar: each has a grammar of its own around
//! the lists it holds, and their nesting is bounded here.

use super::*;

impl Grammar<'_, '_> {
    /// After `name()`: newlines, a compound command and its redirections.
    pub(super) fn function_body(&mut self, name: Word) -> LexResult<Command> {
        self.skip_newlines()?;
        let starts = matches!(
            self.peek_reserved()?,
            Some(b"{" | b"if" | b"while" | b"until" | b"for" | b"case")
        ) || *self.peek()? == Token::Op(Op::LParen);
        if !starts {
            let tok = self.peek()?.clone();
            return Err(self.unexpected(&tok));
        }
        let line = Line(self.lx.line());
        let mark = if crate::syntax::function_body::keep_trees() {
            None
        } else {
            self.lx.body_mark()
        };
        let mut tree = self.nested(Self::compound_command)?;
        // Its text, taken before anything after it is read; the tree was
        // built only to check it (see `crate::syntax::function_body`).
        let body = match mark.and_then(|mark| Some((self.lx.body_text(mark)?, mark.line))) {
            Some((text, line)) => FunctionBody::unparsed(text, line),
            None => {
                // The tree is kept for as long as the function is defined.
                tree.compact();
                FunctionBody::parsed(tree)
            }
        };
        let mut redirs = self.redirections()?;
        redirs.compact();
        Ok(Command::FunctionDef(Rc::new(FunctionDef {
            name: name.as_literal().unwrap_or_default().to_vec(),
            body,
            redirs,
            line,
        })))
    }

    /// Run `f` one nesting level deeper, refusing to go past the limit.
    pub(super) fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> LexResult<T>) -> LexResult<T> {
        if self.lx.compound_depth >= crate::syntax::lexer::max_compound_nesting() {
            return Err(self.lx.error(SyntaxErrorKind::CompoundTooDeep));
        }
        self.lx.compound_depth += 1;
        let result = f(self);
        self.lx.compound_depth -= 1;
        result
    }

    pub(super) fn compound_command(&mut self) -> LexResult<CompoundCommand> {
        if *self.peek()? == Token::Op(Op::LParen) {
            // The `(` just peeked is the last one lexed: `((x=1))` would
            // otherwise run `x=1` in a subshell of a subshell, silently.
            // When no `))` closes it, `((a) || b)` is two subshells.
            if self.lx.paren_doubled()
                && let Some(expr) = self.lx.arith_command()?
            {
                self.peeked = None;
                return Ok(CompoundCommand::Arith(expr));
            }
            self.next()?;
            let list = self.compound_list(false)?;
            self.expect_op(Op::RParen)?;
            return Ok(CompoundCommand::Subshell(list));
        }
        let Some(word) = self.peek_reserved()? else {
            unreachable!("called at a compound command")
        };
        self.next()?;
        match word {
            b"{" => {
                let list = self.compound_list(false)?;
                self.expect_reserved(b"}")?;
                Ok(CompoundCommand::Brace(list))
            }
            b"if" => {
                let mut branches = Vec::new();
                let mut otherwise = None;
                loop {
                    let cond = self.compound_list(false)?;
                    self.expect_reserved(b"then")?;
                    let body = self.compound_list(false)?;
                    branches.push((cond, body));
                    match self.peek_reserved()? {
                        Some(b"elif") => {
                            self.next()?;
                        }
                        Some(b"else") => {
                            self.next()?;
                            otherwise = Some(self.compound_list(false)?);
                            self.expect_reserved(b"fi")?;
                            break;
                        }
                        _ => {
                            self.expect_reserved(b"fi")?;
                            break;
                        }
                    }
                }
                Ok(CompoundCommand::If {
                    branches,
                    otherwise,
                })
            }
            b"while" | b"until" => {
                let cond = self.compound_list(false)?;
                let body = self.do_group()?;
                Ok(CompoundCommand::Loop {
                    until: word == b"until",
                    cond,
                    body,
                })
            }
            b"for" => self.for_clause(),
            _ => self.case_clause(),
        }
    }

    /// `do list done`
    fn do_group(&mut self) -> LexResult<List> {
        self.expect_reserved(b"do")?;
        let body = self.compound_list(false)?;
        self.expect_reserved(b"done")?;
        Ok(body)
    }

    fn for_clause(&mut self) -> LexResult<CompoundCommand> {
        let line = Line(self.lx.line());
        let name = match self.next()? {
            // An invalid name is bash's error when the loop runs.
            Token::Word(w) => match w.as_literal() {
                Some(text) => text.to_vec(),
                None => w.to_bytes(),
            },
            tok => return Err(self.unexpected(&tok)),
        };
        let mut words = None;
        if *self.peek()? == Token::Op(Op::Semi) {
            self.next()?;
        } else {
            self.skip_newlines()?;
            if self.peek_reserved()? == Some(b"in") {
                self.next()?;
                let mut list = Vec::new();
                loop {
                    match self.next()? {
                        Token::Word(w) => list.push(w),
                        Token::Op(Op::Semi) | Token::Newline => break,
                        tok => return Err(self.unexpected(&tok)),
                    }
                }
                words = Some(list);
            }
        }
        self.skip_newlines()?;
        let body = self.do_group()?;
        Ok(CompoundCommand::For {
            name,
            words,
            body,
            line,
        })
    }

    fn case_clause(&mut self) -> LexResult<CompoundCommand> {
        let word = match self.next()? {
            Token::Word(w) => w,
            tok => return Err(self.unexpected(&tok)),
        };
        self.skip_newlines()?;
        self.expect_reserved(b"in")?;
        let mut arms = Vec::new();
        loop {
            self.skip_newlines()?;
            if self.peek_reserved()? == Some(b"esac") {
                self.next()?;
                return Ok(CompoundCommand::Case { word, arms });
            }
            if *self.peek()? == Token::Op(Op::LParen) {
                self.next()?;
            }
            let mut patterns = Vec::new();
            loop {
                match self.next()? {
                    Token::Word(w) => patterns.push(w),
                    tok => return Err(self.unexpected(&tok)),
                }
                match self.next()? {
                    Token::Op(Op::Pipe) => {}
                    Token::Op(Op::RParen) => break,
                    tok => return Err(self.unexpected(&tok)),
                }
            }
            let body = self.compound_list(true)?;
            let end = match self.peek()? {
                Token::Op(Op::DoubleSemi) => CaseEnd::Break,
                Token::Op(Op::SemiAmp) => CaseEnd::FallThrough,
                Token::Op(Op::DoubleSemiAmp) => CaseEnd::TestNext,
                _ => {
                    // The last arm may end at `esac`.
                    self.expect_reserved(b"esac")?;
                    arms.push(CaseArm {
                        patterns,
                        body,
                        end: CaseEnd::Break,
                    });
                    return Ok(CompoundCommand::Case { word, arms });
                }
            };
            self.next()?;
            arms.push(CaseArm {
                patterns,
                body,
                end,
            });
        }
    }

    /// The list inside a compound command: and-or lists separated by `;`,
    /// `&` or newlines, up to a word or operator that closes it (left for
    /// the caller to check). Empty only where `may_be_empty` (a case arm).
    pub(super) fn compound_list(&mut self, may_be_empty: bool) -> LexResult<List> {
        let mut items = Vec::new();
        loop {
            self.skip_newlines()?;
            let closes = matches!(
                self.peek_reserved()?,
                Some(b"}" | b"then" | b"else" | b"elif" | b"fi" | b"do" | b"done" | b"esac")
            ) || matches!(
                self.peek()?,
                Token::Eof
                    | Token::Op(Op::RParen | Op::DoubleSemi | Op::SemiAmp | Op::DoubleSemiAmp)
            );
            if closes {
                break;
            }
            let and_or = self.and_or()?;
            let background = match self.peek()? {
                Token::Op(Op::Semi) | Token::Newline => false,
                Token::Op(Op::Amp) => true,
                _ => {
                    items.push(ListItem {
                        and_or,
                        background: false,
                    });
                    break;
                }
            };
            self.next()?;
            items.push(ListItem { and_or, background });
        }
        if items.is_empty() && !may_be_empty {
            let tok = self.peek()?.clone();
            return Err(self.unexpected(&tok));
        }
        Ok(List { items })
    }
}
