//! The lexer's reading of `$'...'` strings and their escapes.

use super::*;

/// What a backslash escape in `$'...'` stands for.
pub(super) enum Escape {
    Byte(u8),
    /// Text kept as written: an unknown escape keeps its backslash.
    Text(&'static [u8]),
    /// `\u` or `\U` beyond ASCII, whose bytes depend on the locale.
    Unicode {
        code: u32,
        long: bool,
    },
}

impl Lexer<'_> {
    /// At the `'` of `$'...'`: the string with its backslash escapes
    /// decoded (POSIX.1-2024, with bash's `\u` and `\U`). A NUL ends the
    /// string's text, as in bash: what follows up to the quote is dropped.
    pub(super) fn read_ansi_c(&mut self, parts: &mut Vec<WordPart>) -> LexResult<()> {
        let start_line = self.line;
        self.bump();
        let mut text = Vec::new();
        let mut ended = false;
        loop {
            let Some(b) = self.peek()? else {
                return Err(self.unmatched(b'\'', start_line));
            };
            self.bump();
            match b {
                b'\'' => break,
                b'\\' => match self.ansi_c_escape()? {
                    Escape::Byte(0) => ended = true,
                    Escape::Byte(c) if !ended => text.push(c),
                    Escape::Text(t) if !ended => text.extend_from_slice(t),
                    Escape::Unicode { code, long } if !ended => {
                        if !text.is_empty() {
                            parts.push(WordPart::Single(std::mem::take(&mut text)));
                        }
                        parts.push(WordPart::Unicode { code, long });
                    }
                    _ => {}
                },
                _ if !ended => text.push(b),
                _ => {}
            }
        }
        if !text.is_empty() || !matches!(parts.last(), Some(WordPart::Unicode { .. })) {
            parts.push(WordPart::Single(text));
        }
        Ok(())
    }

    /// After a backslash in `$'...'`: what the escape stands for.
    pub(super) fn ansi_c_escape(&mut self) -> LexResult<Escape> {
        let Some(b) = self.peek()? else {
            return Ok(Escape::Text(b"\\"));
        };
        let simple =
            crate::syntax::escapes::control(b).or(matches!(b, b'\'' | b'"' | b'?').then_some(b));
        if let Some(c) = simple {
            self.bump();
            return Ok(Escape::Byte(c));
        }
        match b {
            b'0'..=b'7' => {
                let code = self.ansi_c_digits(8, 3)?.unwrap_or(0);
                Ok(Escape::Byte((code & 0xff) as u8))
            }
            b'x' | b'u' | b'U' => {
                self.bump();
                let max = match b {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                Ok(match self.ansi_c_digits(16, max)? {
                    None if b == b'x' => Escape::Text(b"\\x"),
                    None if b == b'u' => Escape::Text(b"\\u"),
                    None => Escape::Text(b"\\U"),
                    Some(code) if b == b'x' || code < 0x80 => Escape::Byte(code as u8),
                    Some(code) => Escape::Unicode {
                        code,
                        long: b == b'U',
                    },
                })
            }
            b'c' => {
                self.bump();
                match self.peek()? {
                    None | Some(b'\'') => Ok(Escape::Text(b"\\c")),
                    Some(c) => {
                        self.bump();
                        // `\c\\` is a control backslash, as in bash.
                        if c == b'\\' && self.peek()? == Some(b'\\') {
                            self.bump();
                        }
                        Ok(Escape::Byte(if c == b'?' { 0x7f } else { c & 0x1f }))
                    }
                }
            }
            _ => Ok(Escape::Text(b"\\")),
        }
    }

    /// Up to `max` digits in `radix`, consumed; `None` if there is none.
    pub(super) fn ansi_c_digits(&mut self, radix: u32, max: usize) -> LexResult<Option<u32>> {
        let mut value: Option<u32> = None;
        for _ in 0..max {
            let Some(d) = self.peek()?.and_then(|b| (b as char).to_digit(radix)) else {
                break;
            };
            self.bump();
            value = Some(value.unwrap_or(0).wrapping_mul(radix).wrapping_add(d));
        }
        Ok(value)
    }
}
