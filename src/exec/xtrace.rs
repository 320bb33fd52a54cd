//! `set -x`: each simple command, once expanded, on standard error after
//! PS4, with its words quoted as bash quotes them (`+ echo 'a b'`).

use crate::state::shell::{Shell, write_all};
use crate::syntax::ast::Assign;

impl Shell {
    /// Trace a simple command: the bare assignments already made (their
    /// values now in the variables) when there is no command word, else
    /// the assignments that go with it and the words.
    pub(crate) fn trace(
        &mut self,
        bare: &[Assign],
        argv: &[Vec<u8>],
        assigns: &[(Vec<u8>, Vec<u8>)],
    ) {
        let prefix = self.ps4();
        let mut out = Vec::new();
        let mut line = |words: &mut dyn Iterator<Item = Vec<u8>>| {
            out.extend_from_slice(&prefix);
            let mut first = true;
            for word in words {
                if !first {
                    out.push(b' ');
                }
                first = false;
                out.extend_from_slice(&word);
            }
            out.push(b'\n');
        };
        let assignment = |name: &[u8], value: &[u8]| [name, b"=", &quoted(value)].concat();
        if argv.is_empty() {
            for a in bare {
                let value = self.vars.get(&a.name).unwrap_or_default().to_vec();
                line(&mut std::iter::once(assignment(&a.name, &value)));
            }
        } else {
            for (name, value) in assigns {
                line(&mut std::iter::once(assignment(name, value)));
            }
            line(&mut argv.iter().map(|w| quoted(w)));
        }
        let _ = write_all(2, &out);
    }

    /// Trace a `for` round (`+ for i in a "$x"`, before each round) or
    /// a `case` (`+ case $x in`): bash shows these words as written.
    pub(crate) fn trace_source(&mut self, text: &[u8]) {
        let mut out = self.ps4();
        out.extend_from_slice(text);
        out.push(b'\n');
        let _ = write_all(2, &out);
    }

    /// PS4 expanded as bash expands it (its prompt escapes, then
    /// parameter, command and arithmetic substitution), `+ ` when unset.
    fn ps4(&mut self) -> Vec<u8> {
        let Some(raw) = self.vars.get(b"PS4").map(<[u8]>::to_vec) else {
            return b"+ ".to_vec();
        };
        // Tracing the expansion of PS4 itself would never end.
        let xtrace = std::mem::replace(&mut self.options.xtrace, false);
        let expanded = self.expand_prompt_text(&raw);
        self.options.xtrace = xtrace;
        expanded.into_bytes()
    }
}

/// A word as bash's trace shows it: as it is when nothing in it is
/// special to the shell, else in single quotes.
fn quoted(word: &[u8]) -> Vec<u8> {
    if word.is_empty() {
        return b"''".to_vec();
    }
    let special = |(i, &b): (usize, &u8)| {
        matches!(
            b,
            b' ' | b'\t'
                | b'\n'
                | b'\''
                | b'"'
                | b'\\'
                | b'|'
                | b'&'
                | b';'
                | b'('
                | b')'
                | b'<'
                | b'>'
                | b'!'
                | b'{'
                | b'}'
                | b'*'
                | b'['
                | b'?'
                | b']'
                | b'^'
                | b'$'
                | b'`'
        ) || (i == 0 && matches!(b, b'~' | b'#'))
    };
    if !word.iter().enumerate().any(special) {
        return word.to_vec();
    }
    crate::builtins::single_quoted(word)
}

#[cfg(test)]
mod tests {
    use super::quoted;

    #[test]
    fn quotes_as_bash_traces() {
        assert_eq!(quoted(b"hi"), b"hi");
        assert_eq!(quoted(b""), b"''");
        assert_eq!(quoted(b"a b"), b"'a b'");
        assert_eq!(quoted(b"it's"), b"'it'\\''s'");
        assert_eq!(quoted(b"x#"), b"x#");
        assert_eq!(quoted(b"#x"), b"'#x'");
        assert_eq!(quoted(b"a=b"), b"a=b");
        assert_eq!(quoted(b"%"), b"%");
    }
}
