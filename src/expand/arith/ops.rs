//! The operators of arithmetic: which token is which binary operator, at
//! what precedence, and what each computes on 64-bit integers as bash
//! does on x86-64.

use super::lex::Tok;

/// The operators of `OP=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BinOp {
    Mul,
    Div,
    Mod,
    Add,
    Sub,
    Lsh,
    Rsh,
    And,
    Xor,
    Or,
}

/// The binary operators of [`Level::binary`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Bin {
    Lor,
    Land,
    Cmp(Cmp),
    Arith(BinOp),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// The binary operator `t` is, with its precedence (higher binds tighter).
pub(super) fn binop(t: Tok) -> Option<(u8, Bin)> {
    Some(match t {
        Tok::Lor => (0, Bin::Lor),
        Tok::Land => (1, Bin::Land),
        Tok::BOr => (2, Bin::Arith(BinOp::Or)),
        Tok::BXor => (3, Bin::Arith(BinOp::Xor)),
        Tok::BAnd => (4, Bin::Arith(BinOp::And)),
        Tok::EqEq => (5, Bin::Cmp(Cmp::Eq)),
        Tok::Neq => (5, Bin::Cmp(Cmp::Ne)),
        Tok::Lt => (6, Bin::Cmp(Cmp::Lt)),
        Tok::Leq => (6, Bin::Cmp(Cmp::Le)),
        Tok::Gt => (6, Bin::Cmp(Cmp::Gt)),
        Tok::Geq => (6, Bin::Cmp(Cmp::Ge)),
        Tok::Lsh => (7, Bin::Arith(BinOp::Lsh)),
        Tok::Rsh => (7, Bin::Arith(BinOp::Rsh)),
        Tok::Plus => (8, Bin::Arith(BinOp::Add)),
        Tok::Minus => (8, Bin::Arith(BinOp::Sub)),
        Tok::Mul => (9, Bin::Arith(BinOp::Mul)),
        Tok::Div => (9, Bin::Arith(BinOp::Div)),
        Tok::Mod => (9, Bin::Arith(BinOp::Mod)),
        _ => return None,
    })
}

/// `a op b` as bash computes it on x86-64: wrapping, shift counts taken
/// modulo 64, `MIN / -1` is `MIN` and `MIN % -1` is 0. `b` is not 0 for
/// `/` and `%` (the callers see to it).
pub(super) fn apply(op: BinOp, a: i64, b: i64) -> i64 {
    match op {
        BinOp::Mul => a.wrapping_mul(b),
        // (0 for a 0 divisor, never seen, rather than a panic.)
        BinOp::Div if b == 0 => 0,
        BinOp::Div => a.wrapping_div(b),
        BinOp::Mod if b == 0 => 0,
        BinOp::Mod => a.wrapping_rem(b),
        BinOp::Add => a.wrapping_add(b),
        BinOp::Sub => a.wrapping_sub(b),
        // `as u32` keeps the low bits, and wrapping_sh* uses the low 6,
        // as the x86 shift instructions bash's C compiles to do.
        BinOp::Lsh => a.wrapping_shl(b as u32),
        BinOp::Rsh => a.wrapping_shr(b as u32),
        BinOp::And => a & b,
        BinOp::Xor => a ^ b,
        BinOp::Or => a | b,
    }
}

/// `base ** exp` for `exp > 0`, wrapping, by squaring (bash's `ipow`).
pub(super) fn ipow(mut base: i64, mut exp: i64) -> i64 {
    let mut result: i64 = 1;
    while exp != 0 {
        if exp & 1 != 0 {
            result = result.wrapping_mul(base);
        }
        exp >>= 1;
        base = base.wrapping_mul(base);
    }
    result
}

/// `v + 1` or `v - 1`, wrapping.
pub(super) fn step(v: i64, up: bool) -> i64 {
    if up {
        v.wrapping_add(1)
    } else {
        v.wrapping_sub(1)
    }
}
