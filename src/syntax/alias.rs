//! Aliases: text that replaces the command word of a simple command when
//! the command is read (POSIX 2.3.1), before the grammar sees it. The
//! table is shared between the shell (the `alias` and `unalias`
//! builtins change it) and the parsers reading its input; a change
//! takes effect from the next command read, as in every shell.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Names and values, in the order `alias` lists them.
#[derive(Default, Debug)]
pub struct Aliases {
    map: RefCell<BTreeMap<Vec<u8>, Rc<[u8]>>>,
}

pub type SharedAliases = Rc<Aliases>;

impl Aliases {
    pub fn get(&self, name: &[u8]) -> Option<Rc<[u8]>> {
        let map = self.map.borrow();
        // Most shells define none: the common case costs one check.
        if map.is_empty() {
            return None;
        }
        map.get(name).cloned()
    }

    pub fn set(&self, name: &[u8], value: &[u8]) {
        self.map.borrow_mut().insert(name.to_vec(), value.into());
    }

    /// Whether there was one to remove.
    pub fn remove(&self, name: &[u8]) -> bool {
        self.map.borrow_mut().remove(name).is_some()
    }

    pub fn clear(&self) {
        self.map.borrow_mut().clear();
    }

    pub fn list(&self) -> Vec<(Vec<u8>, Rc<[u8]>)> {
        self.map
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

/// A name `alias` accepts: anything that is a plain word and holds none of
/// the characters that would end or quote it (POSIX lets shells accept
/// more than the portable set; bash refuses these).
pub fn valid_name(name: &[u8]) -> bool {
    !name.is_empty()
        && name.iter().all(|&b| {
            !b.is_ascii_whitespace()
                && !matches!(
                    b,
                    b'/' | b'$'
                        | b'`'
                        | b'='
                        | b'\''
                        | b'"'
                        | b'\\'
                        | b'|'
                        | b'&'
                        | b';'
                        | b'<'
                        | b'>'
                        | b'('
                        | b')'
                )
        })
}

/// Aliases being expanded where the lexer stands: the text of each ends
/// at a byte offset in its buffer. A word that starts inside an alias's
/// text is not replaced by that alias again (`alias ls='ls -F'`).
#[derive(Default, Debug)]
pub struct Active {
    open: Vec<(Vec<u8>, usize)>,
}

impl Active {
    /// Forget the expansions whose text ends at or before `pos`.
    pub fn close_before(&mut self, pos: usize) {
        self.open.retain(|(_, end)| *end > pos);
    }

    pub fn contains(&self, name: &[u8]) -> bool {
        self.open.iter().any(|(n, _)| n == name)
    }

    /// `name`'s text now stands at `start..start + len`, where a word of
    /// `old_len` bytes stood: the texts around it grew or shrank.
    pub fn open(&mut self, name: &[u8], start: usize, old_len: usize, len: usize) {
        for (_, end) in &mut self.open {
            // A word may run on past the end of the text it began in.
            if *end > start {
                *end = (*end + len).saturating_sub(old_len).max(start);
            }
        }
        self.open.push((name.to_vec(), start + len));
    }

    /// The buffer lost its first `n` bytes.
    pub fn shift(&mut self, n: usize) {
        for (_, end) in &mut self.open {
            *end = end.saturating_sub(n);
        }
        self.open.retain(|(_, end)| *end > 0);
    }

    pub fn clear(&mut self) {
        self.open.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_bash_accepts() {
        assert!(valid_name(b"ll"));
        assert!(valid_name(b"a-b.c"));
        assert!(!valid_name(b"a/b"));
        assert!(!valid_name(b"a b"));
        assert!(!valid_name(b""));
    }

    #[test]
    fn a_nested_expansion_moves_the_outer_end() {
        let mut active = Active::default();
        // `r` -> `ll x` at 0..4, then `ll` (0..2) -> `echo LL` (7 bytes).
        active.open(b"r", 0, 1, 4);
        active.open(b"ll", 0, 2, 7);
        assert!(active.contains(b"r") && active.contains(b"ll"));
        active.close_before(7);
        assert!(active.contains(b"r"), "r's text goes on to 9");
        assert!(!active.contains(b"ll"));
        active.close_before(9);
        assert!(!active.contains(b"r"));
    }
}
