//! Alias substitution in the lexer: a command word that is an alias is
//! replaced in the buffer by the alias's text, which is then read again.
//! Separate from the token reader: it edits the input the reader reads,
//! and only the parser knows where a command word may stand.

use super::*;

impl Lexer<'_> {
    /// Expand the aliases of `table` in command words from now on.
    pub fn set_aliases(&mut self, table: SharedAliases) {
        self.aliases = Some(table);
    }

    pub fn aliases(&self) -> Option<&SharedAliases> {
        self.aliases.as_ref()
    }

    /// The word token just read stands where a command word may (first
    /// in a simple command, or after an alias ending in a blank): if it
    /// is an alias not already being expanded, put its text in the word's
    /// place, to be read again. Whether it was replaced.
    /// Would [`Self::substitute_alias`] replace this word?
    pub fn is_alias(&self, word: &Word) -> bool {
        let (Some(table), Some(name)) = (&self.aliases, word.as_literal()) else {
            return false;
        };
        !self.active.contains(name) && table.get(name).is_some()
    }

    pub fn substitute_alias(&mut self, word: &Word) -> bool {
        let Some(table) = &self.aliases else {
            return false;
        };
        let Some(name) = word.as_literal() else {
            return false;
        };
        if self.active.contains(name) {
            return false;
        }
        let Some(text) = table.get(name) else {
            return false;
        };
        let start = self.tok_start;
        let old_len = self.pos - start;
        self.alias_expansions = self.alias_expansions.wrapping_add(1);
        self.buf.splice(start..self.pos, text.iter().copied());
        self.pos = start;
        self.active.open(name, start, old_len, text.len());
        if matches!(text.last(), Some(b' ' | b'\t')) {
            self.alias_blank_end = Some(start + text.len());
        }
        true
    }

    /// Whether the word token just read comes right after the text of an
    /// alias that ended in a blank (POSIX: it is checked for an alias).
    pub fn after_blank_alias(&mut self) -> bool {
        match self.alias_blank_end {
            Some(end) if self.tok_start >= end => {
                self.alias_blank_end = None;
                true
            }
            _ => false,
        }
    }

    /// Whether any alias may be expanded (most shells define none).
    pub fn has_aliases(&self) -> bool {
        self.aliases.is_some()
    }
}
