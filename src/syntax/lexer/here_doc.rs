//! Here-documents: the queue of those begun on a line, and the reading of
//! their bodies after its newline. Separate from the token reader because
//! a body is read by lines, not tokens, and at a time the tokens decide
//! (the end of the line that began it).

use super::*;

/// A here-document whose body is still to be read.
pub(crate) struct PendingHereDoc {
    doc: HereDoc,
    /// The line of its `<<`, for the warning at end of file.
    line: u32,
    /// Begun in a `$(...)` that ended before its body was read: its body
    /// follows the line the substitution is on (and it was warned of).
    pub(super) deferred: bool,
}

/// A warning of reading the input (a here-document ended by the end of
/// input), without bash's `warning: `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The line it is told at.
    pub line: u32,
    pub message: String,
}

impl Lexer<'_> {
    /// Read the body of `doc` after the line now being read ends.
    pub fn push_here_doc(&mut self, doc: HereDoc) {
        self.pending.push(PendingHereDoc {
            doc,
            line: self.tok_line,
            deferred: false,
        });
    }

    /// After a syntax error on a line that began here-documents: skip the
    /// rest of the line and read their bodies, as bash does, so that no
    /// body line is ever taken for a command (at the prompt they are read
    /// with PS2). The line reached, or `None` if there was nothing to do.
    pub fn skip_here_docs_after_error(&mut self) -> Option<u32> {
        if self.pending.is_empty() {
            return None;
        }
        loop {
            match self.peek() {
                Ok(Some(b'\n')) => {
                    self.bump();
                    break;
                }
                Ok(Some(_)) => self.bump(),
                Ok(None) | Err(_) => break,
            }
        }
        if self.read_here_bodies().is_err() {
            self.pending.clear();
        }
        Some(self.line - u32::from(self.buf[..self.pos].last() == Some(&b'\n')))
    }

    /// The warnings since the last call.
    pub fn take_warnings(&mut self) -> Vec<Warning> {
        std::mem::take(&mut self.warnings)
    }

    /// After the newline that ends a line (or at the end of input): the
    /// bodies of the here-documents begun on it, in order.
    pub(super) fn read_here_bodies(&mut self) -> LexResult<()> {
        for pending in std::mem::take(&mut self.pending) {
            let body = self.read_here_body(&pending)?;
            if pending.deferred && body.to_eof {
                self.warnings.pop();
                return Err(self.error(SyntaxErrorKind::SubstHereDocAtEof(
                    format!(
                        "here-document at line {} delimited by end-of-file (wanted `{}') \
                     after the command substitution it is in",
                        pending.line,
                        String::from_utf8_lossy(&pending.doc.delimiter)
                    )
                    .into_boxed_str(),
                )));
            }
            // Set once: a body is read only once.
            let _ = pending.doc.body.set(body);
        }
        Ok(())
    }

    fn read_here_body(&mut self, p: &PendingHereDoc) -> LexResult<HereBody> {
        let first_line = self.line;
        let mut text = Vec::new();
        let mut to_eof = false;
        loop {
            let Some(line) = self.raw_line(!p.doc.quoted, p.doc.strip_tabs)? else {
                // bash tells it at the last line read.
                let at = self.line - u32::from(self.buf.last() == Some(&b'\n'));
                self.warnings.push(Warning {
                    line: at,
                    message: format!(
                        "here-document at line {} delimited by end-of-file (wanted `{}')",
                        p.line,
                        String::from_utf8_lossy(&p.doc.delimiter)
                    ),
                });
                to_eof = true;
                // A terminal is read again after Ctrl+D (the command with
                // the here-document runs, then the next prompt comes);
                // a file or string just ends again.
                self.eof = false;
                break;
            };
            let content = line.as_slice();
            if content.strip_suffix(b"\n").unwrap_or(content) == p.doc.delimiter.as_slice() {
                break;
            }
            text.extend_from_slice(content);
        }
        if to_eof && !text.is_empty() {
            // bash ends a last line cut short by the end of input. A
            // backslash left there stands for itself, as at the end of
            // any input: it continues no line.
            if text.last() == Some(&b'\n') {
                text.pop();
            }
            let backslashes = text.iter().rev().take_while(|&&c| c == b'\\').count();
            if !p.doc.quoted && backslashes % 2 == 1 {
                text.push(b'\\');
            }
            text.push(b'\n');
        }
        if p.doc.quoted {
            let parts = if text.is_empty() {
                Vec::new()
            } else {
                vec![WordPart::Lit(text)]
            };
            return Ok(HereBody {
                text: Word { parts },
                to_eof,
            });
        }
        let mut src = StrSource::new(text);
        let mut lx = Lexer::new(&mut src);
        lx.depth = self.depth;
        lx.compound_depth = self.compound_depth;
        // The substitutions of the body are on the lines they are on:
        // `$LINENO` and errors in them count from there, as dash's errors
        // do. (bash counts from the line of the command instead, which is
        // no line of the substitution's text.)
        lx.set_line(first_line);
        let parts = lx.read_parts(Ctx::HereDoc)?;
        if !lx.pending.is_empty() {
            return Err(lx.error(SyntaxErrorKind::HereDocLeftOpen(b')')));
        }
        Ok(HereBody {
            text: Word { parts },
            to_eof,
        })
    }

    /// The next line of input, newline included, or `None` at the end of
    /// input. `join`: a line ending in an unescaped backslash goes on
    /// with the next one, as in an unquoted here-document's body.
    /// `strip_tabs`: its leading tabs are dropped (`<<-`); not those of a
    /// line it goes on with, as in bash and dash.
    fn raw_line(&mut self, join: bool, strip_tabs: bool) -> LexResult<Option<Vec<u8>>> {
        let mut line = Vec::new();
        let mut at_start = true;
        loop {
            let Some(b) = self.peek()? else {
                return Ok((!line.is_empty()).then_some(line));
            };
            self.bump();
            if std::mem::replace(&mut at_start, false) && strip_tabs && b == b'\t' {
                at_start = true;
                continue;
            }
            line.push(b);
            if b == b'\n' {
                let backslashes = line[..line.len() - 1]
                    .iter()
                    .rev()
                    .take_while(|&&c| c == b'\\')
                    .count();
                if !join || backslashes % 2 == 0 {
                    return Ok(Some(line));
                }
            }
        }
    }
}
