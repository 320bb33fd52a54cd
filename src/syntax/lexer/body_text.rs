//! The marks a function body's text is taken by: where the body began
//! in the lexer's buffer and whether the text read since is still the
//! body as written (see [`crate::syntax::function_body`]). Separate from
//! the token reader: it only looks at the buffer, for the parser.

use super::*;

/// Where a function body starts, to take its text from when it ends.
#[derive(Clone, Copy)]
pub(crate) struct BodyMark {
    start: usize,
    pub(crate) line: u32,
    alias_expansions: u32,
}

impl Lexer<'_> {
    /// At the token just read, which starts a function body: where its
    /// text begins, unless a here-document is pending, whose lines would
    /// be read inside the body.
    pub(crate) fn body_mark(&self) -> Option<BodyMark> {
        self.pending.is_empty().then_some(BodyMark {
            start: self.tok_start,
            line: self.tok_line,
            alias_expansions: self.alias_expansions,
        })
    }

    /// Right after the last token of the body begun at `mark`: the exact
    /// text that was read as the body, if parsing it again (from line
    /// `mark.line`, with no aliases) gives the same tree. Not if an alias
    /// was expanded in it (the buffer holds the alias's text instead of
    /// the word) or a here-document begun in it is still to be read (its
    /// lines come after). See [`crate::syntax::function_body`].
    pub(crate) fn body_text(&self, mark: BodyMark) -> Option<Box<[u8]>> {
        let whole = self.alias_expansions == mark.alias_expansions
            && self.pending.is_empty()
            && mark.start <= self.pos;
        whole.then(|| self.buf[mark.start..self.pos].into())
    }

    /// Right after the token that ends a complete command begun at
    /// `mark` (a newline, or the end of input): the command as it was
    /// typed, on one line, for `jobs` to show. Not if an alias was
    /// expanded in it (the buffer holds the alias's text) or it went on
    /// over several lines.
    pub(crate) fn command_text(&self, mark: BodyMark) -> Option<Box<[u8]>> {
        let end = self.tok_start;
        let text = self.buf.get(mark.start..end)?;
        let text = text.trim_ascii_end();
        let whole = self.alias_expansions == mark.alias_expansions
            && !text.is_empty()
            && !text.contains(&b'\n');
        whole.then(|| text.into())
    }
}
