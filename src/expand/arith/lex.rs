//! The tokens of an arithmetic expression: operators, names and constants
//! read from the text one at a time, as bash's `readtok` does, with the
//! token state the evaluator saves around a look-ahead.

use super::ops::BinOp;
use super::{Level, Result};

/// The tokens. `Num` and `Str` (a name) are operands; `Cond` only ever
/// appears as `lasttok`, after a `?:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok {
    Eof,
    Num,
    Str,
    Cond,
    // Operators of two or three characters.
    EqEq,
    Neq,
    Leq,
    Geq,
    Land,
    Lor,
    Lsh,
    Rsh,
    Power,
    PreInc,
    PreDec,
    PostInc,
    PostDec,
    /// `OP=`, with the operator.
    OpAssign(BinOp),
    // Operators of one character.
    Eq,
    Gt,
    Lt,
    Plus,
    Minus,
    Mul,
    Div,
    Mod,
    Not,
    LPar,
    RPar,
    BAnd,
    BOr,
    BXor,
    BNot,
    Ques,
    Col,
    Comma,
}

/// bash's token state (`curtok`, `lasttok`, `tp`, `lasttp`, `tokval`,
/// `tokstr`, `noeval`): saved and restored around a look-ahead, and
/// `lasttok` decides things (`x=1` needs a name just before `=`).
#[derive(Clone, Copy)]
pub(super) struct State {
    pub(super) curtok: Tok,
    pub(super) lasttok: Tok,
    /// Where the next token is read from.
    pub(super) tp: usize,
    /// Where the last token read began: the error token starts there.
    pub(super) lasttp: usize,
    /// The value of the last `Num` or `Str` read.
    pub(super) tokval: i64,
    /// The last name read (start, end), which `=` assigns.
    pub(super) tokstr: Option<(usize, usize)>,
    /// Inside an unevaluated branch (`0 && x=1`) when above 0: nothing is
    /// read or assigned, and division by zero is no error.
    pub(super) noeval: u32,
}

impl State {
    pub(super) fn new() -> Self {
        State {
            curtok: Tok::Eof,
            lasttok: Tok::Eof,
            tp: 0,
            lasttp: 0,
            tokval: 0,
            tokstr: None,
            noeval: 0,
        }
    }
}

/// Space and tab: what bash skips before the expression it quotes in an
/// error, and after the operator of a division by zero.
pub(super) fn is_blank(c: u8) -> bool {
    c == b' ' || c == b'\t'
}

/// Blanks and newline: what separates tokens (the text of `$((...))`
/// may span lines).
pub(super) fn is_cr_blank(c: u8) -> bool {
    is_blank(c) || c == b'\n'
}

pub(super) fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

pub(super) fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// What a constant is made of, `#` and all (`16#ff`, `64#@_`).
pub(super) fn is_number_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'#' || c == b'@' || c == b'_'
}

/// A digit of a `BASE#` constant, or of a decimal, octal or hex one.
pub(super) fn is_digit_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'@'
}

impl Level<'_, '_, '_> {
    pub(super) fn readtok(&mut self) -> Result<()> {
        self.lex(true)
    }

    /// Read the next token into `st`. A name is evaluated as it is read,
    /// unless `=` follows; `deep` is false inside that look-ahead, which
    /// only needs to know what follows (and to fail where bash's does).
    pub(super) fn lex(&mut self, deep: bool) -> Result<()> {
        let e = self.expr;
        let mut cp = self.st.tp;
        while e.get(cp).is_some_and(|&c| is_cr_blank(c)) {
            cp += 1;
        }
        let Some(&c) = e.get(cp) else {
            self.st.lasttok = self.st.curtok;
            self.st.curtok = Tok::Eof;
            self.st.tp = cp;
            return Ok(());
        };
        self.st.lasttp = cp;
        self.st.tp = cp;
        let (tok, end) = if is_name_start(c) {
            let end = scan(e, cp, is_name_char);
            self.st.tokstr = Some((cp, end));
            if deep {
                let next = self.peek(end)?;
                let wanted = matches!(self.st.lasttok, Tok::PreInc | Tok::PreDec);
                self.st.tokval = if wanted || next != Tok::Eq {
                    self.variable(cp, end)?
                } else {
                    0
                };
            }
            (Tok::Str, end)
        } else if c.is_ascii_digit() {
            let end = scan(e, cp, is_number_char);
            self.st.tokval = self.number(cp, end)?;
            (Tok::Num, end)
        } else {
            self.operator(cp, c)?
        };
        self.st.lasttok = self.st.curtok;
        self.st.curtok = tok;
        self.st.tp = end;
        Ok(())
    }

    /// The token after the name that ends at `from`, read without
    /// evaluating anything; state as it was afterwards. Names following
    /// each other are all read (bash's look-ahead recurses), iteratively.
    pub(super) fn peek(&mut self, from: usize) -> Result<Tok> {
        let saved = self.st;
        self.st.tp = from;
        self.st.noeval = 1;
        self.st.curtok = Tok::Str;
        self.st.tokstr = None;
        self.lex(false)?;
        let next = self.st.curtok;
        while self.st.curtok == Tok::Str {
            self.lex(false)?;
        }
        self.st = saved;
        Ok(next)
    }

    /// The operator at `cp` (whose first byte is `c`) and where it ends.
    pub(super) fn operator(&mut self, cp: usize, c: u8) -> Result<(Tok, usize)> {
        let e = self.expr;
        let c1 = e.get(cp + 1).copied().unwrap_or(0);
        let c2 = e.get(cp + 2).copied().unwrap_or(0);
        let two = |t| Ok((t, cp + 2));
        match (c, c1) {
            (b'=', b'=') => return two(Tok::EqEq),
            (b'!', b'=') => return two(Tok::Neq),
            (b'>', b'=') => return two(Tok::Geq),
            (b'<', b'=') => return two(Tok::Leq),
            (b'<', b'<') if c2 == b'=' => return Ok((Tok::OpAssign(BinOp::Lsh), cp + 3)),
            (b'<', b'<') => return two(Tok::Lsh),
            (b'>', b'>') if c2 == b'=' => return Ok((Tok::OpAssign(BinOp::Rsh), cp + 3)),
            (b'>', b'>') => return two(Tok::Rsh),
            (b'&', b'&') => return two(Tok::Land),
            (b'|', b'|') => return two(Tok::Lor),
            (b'*', b'*') => return two(Tok::Power),
            (b'+' | b'-', _) if c1 == c => {
                let inc = c == b'+';
                if self.st.curtok == Tok::Str {
                    return two(if inc { Tok::PostInc } else { Tok::PostDec });
                }
                if self.st.curtok == Tok::Num
                    && matches!(self.st.lasttok, Tok::PreInc | Tok::PreDec)
                {
                    // `++x++`
                    return Err(self.error(if inc {
                        "++: assignment requires lvalue"
                    } else {
                        "--: assignment requires lvalue"
                    }));
                }
                let after = scan(e, cp + 2, is_cr_blank);
                if e.get(after).is_some_and(|&n| is_name_start(n)) {
                    return two(if inc { Tok::PreInc } else { Tok::PreDec });
                }
                // `1++2` is `1 + +2`: fall through to a lone `+`.
            }
            (_, b'=') => {
                let op = match c {
                    b'*' => Some(BinOp::Mul),
                    b'/' => Some(BinOp::Div),
                    b'%' => Some(BinOp::Mod),
                    b'+' => Some(BinOp::Add),
                    b'-' => Some(BinOp::Sub),
                    b'&' => Some(BinOp::And),
                    b'^' => Some(BinOp::Xor),
                    b'|' => Some(BinOp::Or),
                    _ => None,
                };
                if let Some(op) = op {
                    return two(Tok::OpAssign(op));
                }
            }
            _ => {}
        }
        let tok = match c {
            b'=' => Tok::Eq,
            b'>' => Tok::Gt,
            b'<' => Tok::Lt,
            b'+' => Tok::Plus,
            b'-' => Tok::Minus,
            b'*' => Tok::Mul,
            b'/' => Tok::Div,
            b'%' => Tok::Mod,
            b'!' => Tok::Not,
            b'(' => Tok::LPar,
            b')' => Tok::RPar,
            b'&' => Tok::BAnd,
            b'|' => Tok::BOr,
            b'^' => Tok::BXor,
            b'~' => Tok::BNot,
            b'?' => Tok::Ques,
            b':' => Tok::Col,
            b',' => Tok::Comma,
            _ => {
                return Err(
                    self.error(if matches!(self.st.curtok, Tok::Num | Tok::Str) {
                        "syntax error: invalid arithmetic operator"
                    } else {
                        "syntax error: operand expected"
                    }),
                );
            }
        };
        Ok((tok, cp + 1))
    }

    /// The constant `expr[start..end]`: `0NN` octal, `0xNN` hex,
    /// `BASE#NN` for BASE in 2..=64 (digits 0-9, a-z, A-Z, @, _; letters
    /// are one digit in either case up to base 36), else decimal. Too
    /// large a constant wraps, as in bash.
    pub(super) fn number(&self, start: usize, end: usize) -> Result<i64> {
        // bash reports a bad constant with the expression cut after it.
        let fail = |msg| Err(self.error_at(msg, start, end));
        let s = &self.expr[start..end];
        let mut i = 0;
        let mut base: i64 = 10;
        let mut found_base = false;
        if s[0] == b'0' {
            i = 1;
            if s.len() == 1 {
                return Ok(0);
            }
            if s[1] == b'x' || s[1] == b'X' {
                base = 16;
                i = 2;
            } else {
                base = 8;
            }
            found_base = true;
        }
        let mut val: i64 = 0;
        while let Some(&c) = s.get(i) {
            i += 1;
            if c == b'#' {
                if found_base {
                    return fail("invalid number");
                }
                if !(2..=64).contains(&val) {
                    return fail("invalid arithmetic base");
                }
                base = val;
                val = 0;
                found_base = true;
                if !s.get(i).is_some_and(|&d| is_digit_char(d)) {
                    return fail("invalid integer constant");
                }
                continue;
            }
            let digit = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'z' => c - b'a' + 10,
                b'A'..=b'Z' if base <= 36 => c - b'A' + 10,
                b'A'..=b'Z' => c - b'A' + 36,
                b'@' => 62,
                _ => 63,
            };
            if i64::from(digit) >= base {
                return fail("value too great for base");
            }
            val = val.wrapping_mul(base).wrapping_add(i64::from(digit));
        }
        Ok(val)
    }
}

/// Where the run of bytes satisfying `f` from `at` ends.
pub(super) fn scan(e: &[u8], at: usize, f: fn(u8) -> bool) -> usize {
    at + e
        .get(at..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&c| f(c))
        .count()
}
