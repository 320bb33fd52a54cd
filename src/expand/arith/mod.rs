//! Arithmetic evaluation (`$((...))`), as bash 5.2 does it: signed 64-bit
//! integers that wrap, every C operator POSIX lists plus bash's `**` and
//! `++`/`--`, constants in decimal, octal (`017`), hex (`0x1f`) and
//! `BASE#DIGITS` (2..=64), and variables by name whose values are
//! themselves evaluated as expressions (`x=1+2; $((x*2))` is 6).
//!
//! This module is the interface and the evaluator, a recursive-descent
//! parser that evaluates as it parses; the tokens are read in `lex`, and
//! the binary operators' precedence and arithmetic are in `ops`.
//!
//! # For the integrator
//!
//! **Input.** [`eval`] takes the text between `$((` and `))` *after* it
//! went through parameter expansion, command substitution and quote
//! removal, as in double quotes (POSIX 2.6.4; bash: `$(( "1" + 1 ))` is 2).
//! A quote character left in the text is an error here, like any other
//! byte that is no operator. The evaluator reads and assigns variables
//! through [`ArithVars`]; `$x` must already be expanded, `x` is read here.
//!
//! **Errors.** [`ArithError::message`] is bash's text after its
//! `bash: line N: ` prefix, e.g. `1/0: division by 0 (error token is "0")`
//! or `r: readonly variable`. Print `jsh: `, then `line N: ` where the
//! shell prints it for other errors (not at an interactive prompt), then,
//! for the `let` builtin and `((...))`, `let: ` or `((: `, then the message.
//! What the error stops, checked against bash 5.2 (not `--posix`):
//!
//! - [`ErrorKind::Expression`] and [`ErrorKind::Assignment`] in `$((...))`:
//!   status 1 and the rest of the command line is abandoned, exactly like
//!   `${x y}` (bad substitution, `expand::Severity::Line`): under `-c` the
//!   rest of the string, in a script or on stdin the rest of the complete
//!   command being run (a function called from it included; the next line
//!   runs, with `$?` 1), in a subshell or pipeline child that process
//!   (status 1), interactively back to the prompt. Not fatal to the shell,
//!   and `set -e` does not make it so.
//! - The same two kinds in `((...))`, `let` or `for ((...))`: that command
//!   fails with status 1 (a loop ends) and the script goes on
//!   (`((1/0)) || echo no` prints `no`; under `set -e` a failed `((...))`
//!   exits, as any failed command would).
//! - [`ErrorKind::Unbound`] (`set -u`, see [`ArithVars::nounset`]):
//!   bash's `${x:?}` class (`expand::Severity::Shell`) everywhere, `let`
//!   and `((...))` included: a non-interactive shell exits (127 under
//!   `-c`, else 1); an interactive one abandons the line.
//!
//! An empty or all-blank expression is 0. [`eval`] never panics. Its stack
//! is bounded by [`MAX_DEPTH`] and [`MAX_NESTING`]: at both bounds at once
//! it uses about 0.6 MB in a release build and 3.6 MB in a debug one
//! (measured), within the main thread's usual 8 MB.
//!
//! # Where jsh differs from bash, on purpose
//!
//! - No arrays in jsh: `a[1]` is an error (`[` is no operator), where bash
//!   reads element 1 of `a`.
//! - Nesting of parentheses, unary operators, `**`, `?:` and assignments
//!   is bounded by [`MAX_NESTING`] (error `expression recursion level
//!   exceeded`); bash recurses until its stack overflows (100,000
//!   parentheses kill it with SIGSEGV).
//! - A NUL byte is an invalid character; bash's C strings end there.
//! - Only ASCII letters make names, as bash in the C and UTF-8 locales
//!   (where `é` is `operand expected`).

use std::borrow::Cow;
use std::fmt;

use lex::{State, Tok, is_blank, is_cr_blank};
use ops::{Bin, BinOp, Cmp, apply, binop, ipow, step};

mod lex;
mod ops;
#[cfg(test)]
mod tests;

/// How the evaluator reads and writes the shell's variables.
pub trait ArithVars {
    /// The value of variable `name`, `None` when it is unset.
    fn get(&mut self, name: &[u8]) -> Option<Cow<'_, [u8]>>;
    /// Assign `value` (to be stored in decimal) to `name`; `Err` is bash's
    /// message when that is refused, e.g. `r: readonly variable`. Whatever
    /// an assignment to a special variable does (`OPTIND`, `PATH`) is the
    /// implementation's to do here, as for any other assignment.
    fn set(&mut self, name: &[u8], value: i64) -> std::result::Result<(), String>;
    /// Is reading an unset variable an error (`set -u`)?
    fn nounset(&self) -> bool {
        false
    }
}

/// What went wrong, which decides what the error stops (see the module
/// documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad syntax, division by zero, bad constant, too deep a recursion.
    Expression,
    /// [`ArithVars::set`] refused the assignment.
    Assignment,
    /// An unset variable was read under `set -u`.
    Unbound,
}

/// A failed evaluation: bash's message, without the prefix bash prints
/// before it (`bash: line N: `) or jsh's `jsh: `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArithError {
    pub kind: ErrorKind,
    /// Bytes, because it quotes the expression, which may be any bytes.
    pub message: Vec<u8>,
}

impl fmt::Display for ArithError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.message))
    }
}

impl std::error::Error for ArithError {}

/// Boxed inside: a small `Result` keeps the recursive frames small.
type Result<T> = std::result::Result<T, Box<ArithError>>;

/// How many expressions (the one given, then variables' values) may be
/// evaluated inside each other: bash's `MAX_EXPR_RECURSION_LEVEL`, so
/// `x=x; $((x))` fails exactly where bash's does.
pub const MAX_DEPTH: u32 = 1024;

/// How deep parentheses, unary operators, `**`, `?:` and assignments may
/// nest, over all the expressions being evaluated: a bound on the stack.
pub const MAX_NESTING: u32 = 1024;

/// The value of the arithmetic expression `expr`, assigning variables as
/// it says (`x=5`, `x++`) through `vars`.
pub fn eval(expr: &[u8], vars: &mut dyn ArithVars) -> std::result::Result<i64, ArithError> {
    let mut shared = Shared {
        vars,
        depth: 0,
        nesting: 0,
    };
    subexpr(&mut shared, expr).map_err(|e| *e)
}

/// State shared by an expression and the variables' values it evaluates.
struct Shared<'v> {
    vars: &'v mut dyn ArithVars,
    /// Expressions being evaluated (bash's `expr_depth`).
    depth: u32,
    /// Constructs open inside each other, over all those expressions.
    nesting: u32,
}

/// One expression: its own text, with bash's evaluator state, a
/// recursive-descent parser that evaluates as it parses.
fn subexpr(shared: &mut Shared<'_>, expr: &[u8]) -> Result<i64> {
    if expr.iter().all(|&c| is_cr_blank(c)) {
        return Ok(0);
    }
    shared.depth += 1;
    let mut level = Level {
        expr,
        st: State::new(),
        sh: shared,
    };
    let value = level.whole();
    level.sh.depth -= 1;
    value
}

/// A variable's value that is a plain decimal constant, whose evaluation
/// is its number: read without copying the value or a new level.
fn plain_decimal(v: &[u8]) -> Option<i64> {
    let (&first, _) = v.split_first()?;
    if !v.iter().all(u8::is_ascii_digit) || (first == b'0' && v.len() > 1) {
        return None;
    }
    Some(v.iter().fold(0i64, |n, &d| {
        n.wrapping_mul(10).wrapping_add(i64::from(d - b'0'))
    }))
}

/// What a variable's value evaluates as, read while the variable store
/// is borrowed.
enum Value {
    Unset,
    Zero,
    Number(i64),
    Expression(Vec<u8>),
}

struct Level<'e, 's, 'v> {
    expr: &'e [u8],
    st: State,
    sh: &'s mut Shared<'v>,
}

impl Level<'_, '_, '_> {
    fn whole(&mut self) -> Result<i64> {
        self.readtok()?;
        let value = self.comma()?;
        if self.st.curtok != Tok::Eof {
            return Err(self.error("syntax error in expression"));
        }
        Ok(value)
    }

    // ---- The grammar, lowest precedence first ----

    fn comma(&mut self) -> Result<i64> {
        let mut value = self.assign()?;
        while self.st.curtok == Tok::Comma {
            self.readtok()?;
            value = self.assign()?;
        }
        Ok(value)
    }

    fn assign(&mut self) -> Result<i64> {
        let left = self.cond()?;
        let op = match self.st.curtok {
            Tok::Eq => None,
            Tok::OpAssign(op) => Some(op),
            _ => return Ok(left),
        };
        if self.st.lasttok != Tok::Str {
            return Err(self.error("attempted assignment to non-variable"));
        }
        let Some(name) = self.st.tokstr else {
            return Err(self.error("syntax error in variable assignment"));
        };
        self.readtok()?;
        let mut value = self.nested(Self::assign)?;
        if let Some(op) = op {
            if matches!(op, BinOp::Div | BinOp::Mod) && value == 0 {
                if self.st.noeval == 0 {
                    return Err(self.error("division by 0"));
                }
                value = 1;
            }
            // `left` is the name's value: with `OP=` after it, it was read.
            value = apply(op, left, value);
        }
        if self.st.noeval == 0 {
            self.bind(name, value)?;
        }
        self.st.tokstr = None;
        Ok(value)
    }

    fn cond(&mut self) -> Result<i64> {
        let cval = self.binary(0)?;
        if self.st.curtok != Tok::Ques {
            return Ok(cval);
        }
        let skip_true = u32::from(cval == 0);
        self.st.noeval += skip_true;
        self.readtok()?;
        if matches!(self.st.curtok, Tok::Eof | Tok::Col) {
            return Err(self.error("expression expected"));
        }
        let val1 = self.nested(Self::comma)?;
        self.st.noeval -= skip_true;
        if self.st.curtok != Tok::Col {
            return Err(self.error("`:' expected for conditional expression"));
        }
        let skip_false = u32::from(cval != 0);
        self.st.noeval += skip_false;
        self.readtok()?;
        if self.st.curtok == Tok::Eof {
            return Err(self.error("expression expected"));
        }
        let val2 = self.nested(Self::cond)?;
        self.st.noeval -= skip_false;
        self.st.lasttok = Tok::Cond;
        Ok(if cval != 0 { val1 } else { val2 })
    }

    /// `||` down to `* / %` by precedence climbing: the same parse, order
    /// of evaluation and `lasttok` as bash's one function per level, in
    /// fewer calls.
    fn binary(&mut self, min: u8) -> Result<i64> {
        let mut left = self.power()?;
        while let Some((prec, op)) = binop(self.st.curtok) {
            if prec < min {
                break;
            }
            match op {
                Bin::Lor | Bin::Land => {
                    let skip = u32::from((op == Bin::Lor) == (left != 0));
                    self.st.noeval += skip;
                    let right = self.operand(prec)?;
                    self.st.noeval -= skip;
                    left = i64::from(if op == Bin::Lor {
                        left != 0 || right != 0
                    } else {
                        left != 0 && right != 0
                    });
                    self.st.lasttok = if op == Bin::Lor { Tok::Lor } else { Tok::Land };
                    continue;
                }
                Bin::Arith(arith @ (BinOp::Div | BinOp::Mod)) => {
                    // A division by zero names what follows the operator.
                    let after_op = self.st.tp;
                    let mut right = self.operand(prec)?;
                    if right == 0 {
                        if self.st.noeval == 0 {
                            let mut at = after_op;
                            while self.expr.get(at).is_some_and(|&c| is_blank(c)) {
                                at += 1;
                            }
                            return Err(self.error_at("division by 0", at, self.expr.len()));
                        }
                        right = 1;
                    }
                    if arith == BinOp::Mod && left == i64::MIN && right == -1 {
                        // bash leaves lasttok alone on this path.
                        left = 0;
                        continue;
                    }
                    left = apply(arith, left, right);
                }
                Bin::Cmp(cmp) => {
                    let right = self.operand(prec)?;
                    left = i64::from(match cmp {
                        Cmp::Eq => left == right,
                        Cmp::Ne => left != right,
                        Cmp::Lt => left < right,
                        Cmp::Le => left <= right,
                        Cmp::Gt => left > right,
                        Cmp::Ge => left >= right,
                    });
                }
                Bin::Arith(arith) => {
                    let right = self.operand(prec)?;
                    left = apply(arith, left, right);
                }
            }
            self.st.lasttok = Tok::Num;
        }
        Ok(left)
    }

    /// The right operand of a binary operator of precedence `prec`.
    fn operand(&mut self, prec: u8) -> Result<i64> {
        self.readtok()?;
        self.binary(prec + 1)
    }

    /// `**`, right-associative, binding tighter than `*` and looser than
    /// the unary operators (`-2**2` is 4).
    fn power(&mut self) -> Result<i64> {
        let base = self.unary()?;
        if self.st.curtok != Tok::Power {
            return Ok(base);
        }
        self.readtok()?;
        let exp = self.nested(Self::power)?;
        self.st.lasttok = Tok::Num;
        if exp == 0 {
            return Ok(1);
        }
        if exp < 0 {
            // Even where nothing is evaluated (`0 && 2**-1`), as bash.
            return Err(self.error("exponent less than 0"));
        }
        Ok(ipow(base, exp))
    }

    fn unary(&mut self) -> Result<i64> {
        let op = self.st.curtok;
        if !matches!(op, Tok::Not | Tok::BNot | Tok::Minus | Tok::Plus) {
            return self.primary();
        }
        self.readtok()?;
        let v = self.nested(Self::unary)?;
        self.st.lasttok = Tok::Num;
        Ok(match op {
            Tok::Not => i64::from(v == 0),
            Tok::BNot => !v,
            Tok::Minus => v.wrapping_neg(),
            _ => v,
        })
    }

    fn primary(&mut self) -> Result<i64> {
        match self.st.curtok {
            Tok::PreInc | Tok::PreDec => {
                let op = self.st.curtok;
                self.st.lasttok = op;
                self.readtok()?;
                if self.st.curtok != Tok::Str {
                    return Err(
                        self.error("identifier expected after pre-increment or pre-decrement")
                    );
                }
                let value = step(self.st.tokval, op == Tok::PreInc);
                if self.st.noeval == 0
                    && let Some(name) = self.st.tokstr
                {
                    self.bind(name, value)?;
                }
                // So that `++x++` and `++x=1` are errors.
                self.st.curtok = Tok::Num;
                self.readtok()?;
                Ok(value)
            }
            Tok::LPar => {
                self.readtok()?;
                let value = self.nested(Self::comma)?;
                if self.st.curtok != Tok::RPar {
                    return Err(self.error("missing `)'"));
                }
                self.readtok()?;
                Ok(value)
            }
            Tok::Num => {
                let value = self.st.tokval;
                self.readtok()?;
                Ok(value)
            }
            Tok::Str => {
                let value = self.st.tokval;
                let name = self.st.tokstr;
                self.readtok()?;
                let op = self.st.curtok;
                if matches!(op, Tok::PostInc | Tok::PostDec) {
                    if self.st.noeval == 0
                        && let Some(name) = name
                    {
                        self.bind(name, step(value, op == Tok::PostInc))?;
                    }
                    // So that `x++=1` is an error.
                    self.st.curtok = Tok::Num;
                    self.readtok()?;
                }
                Ok(value)
            }
            _ => Err(self.error("syntax error: operand expected")),
        }
    }

    /// `f`, one level of nesting deeper.
    fn nested(&mut self, f: fn(&mut Self) -> Result<i64>) -> Result<i64> {
        if self.sh.nesting >= MAX_NESTING {
            return Err(self.error("expression recursion level exceeded"));
        }
        self.sh.nesting += 1;
        let value = f(self);
        self.sh.nesting -= 1;
        value
    }

    // ---- Variables ----

    fn bind(&mut self, (start, end): (usize, usize), value: i64) -> Result<()> {
        self.sh
            .vars
            .set(&self.expr[start..end], value)
            .map_err(|message| {
                Box::new(ArithError {
                    kind: ErrorKind::Assignment,
                    message: message.into_bytes(),
                })
            })
    }

    /// The value of the variable named `expr[start..end]`: its value
    /// evaluated as an expression, 0 when unset or empty.
    fn variable(&mut self, start: usize, end: usize) -> Result<i64> {
        if self.st.noeval > 0 {
            return Ok(0);
        }
        let expr = self.expr;
        let name = &expr[start..end];
        let value = match self.sh.vars.get(name) {
            None => Value::Unset,
            Some(v) if v.iter().all(|&c| is_cr_blank(c)) => Value::Zero,
            Some(v) => match plain_decimal(&v) {
                Some(n) => Value::Number(n),
                None => Value::Expression(v.into_owned()),
            },
        };
        match value {
            Value::Unset if self.sh.vars.nounset() => {
                let mut message = name.to_vec();
                message.extend_from_slice(b": unbound variable");
                Err(Box::new(ArithError {
                    kind: ErrorKind::Unbound,
                    message,
                }))
            }
            Value::Unset | Value::Zero => Ok(0),
            _ if self.sh.depth >= MAX_DEPTH => {
                Err(self.error("expression recursion level exceeded"))
            }
            Value::Number(n) => Ok(n),
            Value::Expression(text) => subexpr(self.sh, &text),
        }
    }

    // ---- Errors ----

    /// bash's `EXPR: MSG (error token is "REST")`, REST from where the
    /// last token began.
    #[cold]
    #[inline(never)]
    fn error(&self, msg: &str) -> Box<ArithError> {
        self.error_at(msg, self.st.lasttp, self.expr.len())
    }

    /// The same, with the error token at `token` and the text cut at `end`.
    #[cold]
    #[inline(never)]
    fn error_at(&self, msg: &str, token: usize, end: usize) -> Box<ArithError> {
        let text = &self.expr[..end];
        let from = text.iter().position(|&c| !is_blank(c)).unwrap_or(end);
        let token = &text[token.min(end)..];
        let mut message = Vec::with_capacity(text.len() + msg.len() + token.len() + 24);
        message.extend_from_slice(&text[from..]);
        message.extend_from_slice(b": ");
        message.extend_from_slice(msg.as_bytes());
        message.extend_from_slice(b" (error token is \"");
        message.extend_from_slice(token);
        message.extend_from_slice(b"\")");
        Box::new(ArithError {
            kind: ErrorKind::Expression,
            message,
        })
    }
}
