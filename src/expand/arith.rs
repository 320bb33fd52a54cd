//! Arithmetic evaluation (`$((...))`), as bash 5.2 does it: signed 64-bit
//! integers that wrap, every C operator POSIX lists plus bash's `**` and
//! `++`/`--`, constants in decimal, octal (`017`), hex (`0x1f`) and
//! `BASE#DIGITS` (2..=64), and variables by name whose values are
//! themselves evaluated as expressions (`x=1+2; $((x*2))` is 6).
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

/// The tokens. `Num` and `Str` (a name) are operands; `Cond` only ever
/// appears as `lasttok`, after a `?:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
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

/// The operators of `OP=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BinOp {
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

/// bash's token state (`curtok`, `lasttok`, `tp`, `lasttp`, `tokval`,
/// `tokstr`, `noeval`): saved and restored around a look-ahead, and
/// `lasttok` decides things (`x=1` needs a name just before `=`).
#[derive(Clone, Copy)]
struct State {
    curtok: Tok,
    lasttok: Tok,
    /// Where the next token is read from.
    tp: usize,
    /// Where the last token read began: the error token starts there.
    lasttp: usize,
    /// The value of the last `Num` or `Str` read.
    tokval: i64,
    /// The last name read (start, end), which `=` assigns.
    tokstr: Option<(usize, usize)>,
    /// Inside an unevaluated branch (`0 && x=1`) when above 0: nothing is
    /// read or assigned, and division by zero is no error.
    noeval: u32,
}

impl State {
    fn new() -> Self {
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

/// The binary operators of [`Level::binary`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bin {
    Lor,
    Land,
    Cmp(Cmp),
    Arith(BinOp),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// The binary operator `t` is, with its precedence (higher binds tighter).
fn binop(t: Tok) -> Option<(u8, Bin)> {
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
fn apply(op: BinOp, a: i64, b: i64) -> i64 {
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
fn ipow(mut base: i64, mut exp: i64) -> i64 {
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

/// Space and tab: what bash skips before the expression it quotes in an
/// error, and after the operator of a division by zero.
fn is_blank(c: u8) -> bool {
    c == b' ' || c == b'\t'
}

/// Blanks and newline: what separates tokens (the text of `$((...))`
/// may span lines).
fn is_cr_blank(c: u8) -> bool {
    is_blank(c) || c == b'\n'
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// What a constant is made of, `#` and all (`16#ff`, `64#@_`).
fn is_number_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'#' || c == b'@' || c == b'_'
}

/// A digit of a `BASE#` constant, or of a decimal, octal or hex one.
fn is_digit_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'@'
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

    // ---- Tokens ----

    fn readtok(&mut self) -> Result<()> {
        self.lex(true)
    }

    /// Read the next token into `st`. A name is evaluated as it is read,
    /// unless `=` follows; `deep` is false inside that look-ahead, which
    /// only needs to know what follows (and to fail where bash's does).
    fn lex(&mut self, deep: bool) -> Result<()> {
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
    fn peek(&mut self, from: usize) -> Result<Tok> {
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
    fn operator(&mut self, cp: usize, c: u8) -> Result<(Tok, usize)> {
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
    fn number(&self, start: usize, end: usize) -> Result<i64> {
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

/// `v + 1` or `v - 1`, wrapping.
fn step(v: i64, up: bool) -> i64 {
    if up {
        v.wrapping_add(1)
    } else {
        v.wrapping_sub(1)
    }
}

/// Where the run of bytes satisfying `f` from `at` ends.
fn scan(e: &[u8], at: usize, f: fn(u8) -> bool) -> usize {
    at + e
        .get(at..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&c| f(c))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Variables for the tests: a list, some of it read-only.
    #[derive(Default)]
    struct Vars {
        vars: Vec<(Vec<u8>, Vec<u8>)>,
        readonly: Vec<Vec<u8>>,
        nounset: bool,
        reads: usize,
    }

    impl Vars {
        fn with(pairs: &[(&str, &str)]) -> Vars {
            Vars {
                vars: pairs
                    .iter()
                    .map(|(n, v)| (n.as_bytes().to_vec(), v.as_bytes().to_vec()))
                    .collect(),
                ..Vars::default()
            }
        }

        fn value(&self, name: &str) -> Option<&str> {
            self.vars
                .iter()
                .find(|(n, _)| n == name.as_bytes())
                .map(|(_, v)| std::str::from_utf8(v).unwrap())
        }
    }

    impl ArithVars for Vars {
        fn get(&mut self, name: &[u8]) -> Option<Cow<'_, [u8]>> {
            self.reads += 1;
            self.vars
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| Cow::Borrowed(v.as_slice()))
        }

        fn set(&mut self, name: &[u8], value: i64) -> std::result::Result<(), String> {
            if self.readonly.iter().any(|n| n == name) {
                return Err(format!(
                    "{}: readonly variable",
                    String::from_utf8_lossy(name)
                ));
            }
            let value = value.to_string().into_bytes();
            match self.vars.iter_mut().find(|(n, _)| n == name) {
                Some((_, v)) => *v = value,
                None => self.vars.push((name.to_vec(), value)),
            }
            Ok(())
        }

        fn nounset(&self) -> bool {
            self.nounset
        }
    }

    fn ok(expr: &str) -> i64 {
        ok_with(expr, &mut Vars::default())
    }

    fn ok_with(expr: &str, vars: &mut Vars) -> i64 {
        match eval(expr.as_bytes(), vars) {
            Ok(v) => v,
            Err(e) => panic!("{expr:?}: {e}"),
        }
    }

    fn err(expr: &str) -> String {
        err_with(expr, &mut Vars::default())
    }

    fn err_with(expr: &str, vars: &mut Vars) -> String {
        match eval(expr.as_bytes(), vars) {
            Ok(v) => panic!("{expr:?} is {v}, not an error"),
            Err(e) => e.to_string(),
        }
    }

    /// Run `f` where the deepest expression the limits allow fits, even
    /// in a debug build.
    fn on_big_stack(f: impl FnOnce() + Send + 'static) {
        std::thread::Builder::new()
            .stack_size(6 << 20)
            .spawn(f)
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn precedence_and_associativity_are_c_s() {
        for (expr, value) in [
            ("1 + 2 * 3", 7),
            ("(1 + 2) * 3", 9),
            ("10 - 4 - 3", 3),
            ("2 ** 3 ** 2", 512),
            ("-2 ** 2", 4),
            ("1 + 2 << 1", 6),
            ("1 < 2 == 1", 1),
            ("6 & 3 ^ 1 | 8", 11),
            ("1 || 0 && 0", 1),
            ("0 ? 1 : 0 ? 2 : 3", 3),
            ("1, 2, 3", 3),
            ("!0 + ~0", 0),
            ("7 % 3 * 2", 2),
            ("-7 / 2", -3),
            ("-7 % 3", -1),
        ] {
            assert_eq!(ok(expr), value, "{expr}");
        }
    }

    #[test]
    fn arithmetic_wraps_as_bash_s() {
        assert_eq!(ok("9223372036854775807 + 1"), i64::MIN);
        assert_eq!(ok("(-9223372036854775807 - 1) / -1"), i64::MIN);
        assert_eq!(ok("(-9223372036854775807 - 1) % -1"), 0);
        assert_eq!(ok("-(-9223372036854775807 - 1)"), i64::MIN);
        assert_eq!(ok("2 ** 64"), 0);
        assert_eq!(ok("1 << 64"), 1);
        assert_eq!(ok("1 << -1"), i64::MIN);
        assert_eq!(ok("-1 >> 70"), -1);
        assert_eq!(ok("99999999999999999999"), 7766279631452241919);
        let mut v = Vars::with(&[("x", "-9223372036854775808")]);
        assert_eq!(ok_with("x /= -1", &mut v), i64::MIN);
        assert_eq!(ok_with("x %= -1", &mut v), 0);
    }

    #[test]
    fn constants_in_every_base() {
        assert_eq!(ok("010"), 8);
        assert_eq!(ok("0x1f + 0X1F"), 62);
        assert_eq!(ok("0x"), 0);
        assert_eq!(ok("2#101"), 5);
        assert_eq!(ok("36#Zz"), 36 * 35 + 35);
        assert_eq!(ok("64#Zz"), 64 * 61 + 35);
        assert_eq!(ok("64#@_"), 62 * 64 + 63);
        assert_eq!(ok("10#08"), 8);
        assert_eq!(
            err("09"),
            r#"09: value too great for base (error token is "09")"#
        );
        // bash cuts the expression after the bad constant.
        assert_eq!(
            err("08+1"),
            r#"08: value too great for base (error token is "08")"#
        );
        assert_eq!(
            err("1 + 1#1"),
            r#"1 + 1#1: invalid arithmetic base (error token is "1#1")"#
        );
        assert_eq!(
            err("2#"),
            r#"2#: invalid integer constant (error token is "2#")"#
        );
        assert_eq!(
            err("0x1#2"),
            r#"0x1#2: invalid number (error token is "0x1#2")"#
        );
    }

    #[test]
    fn variables_are_expressions_and_unset_is_zero() {
        let mut v = Vars::with(&[("x", "1+2"), ("y", "abc"), ("z", "3 4"), ("e", "")]);
        assert_eq!(ok_with("x * 2", &mut v), 6);
        assert_eq!(ok_with("y + unset + e", &mut v), 0);
        assert_eq!(
            err_with("z", &mut v),
            r#"3 4: syntax error in expression (error token is "4")"#
        );
        let mut v = Vars::with(&[("x", "y = 5")]);
        assert_eq!(ok_with("x", &mut v), 5);
        assert_eq!(v.value("y"), Some("5"));
    }

    #[test]
    fn assignments_store_their_value() {
        let mut v = Vars::with(&[("x", "7")]);
        assert_eq!(ok_with("x += 3", &mut v), 10);
        assert_eq!(v.value("x"), Some("10"));
        assert_eq!(ok_with("x++", &mut v), 10);
        assert_eq!(ok_with("--x", &mut v), 10);
        assert_eq!(ok_with("a = b = 4", &mut v), 4);
        assert_eq!((v.value("a"), v.value("b")), (Some("4"), Some("4")));
        // `x` before `=` is not read: its value may be anything.
        let mut v = Vars::with(&[("x", "1/0")]);
        assert_eq!(ok_with("x = 2", &mut v), 2);
    }

    #[test]
    fn unevaluated_branches_have_no_effect() {
        let mut v = Vars::with(&[("x", "7"), ("bad", "1/0")]);
        for expr in [
            "0 && (x = 1)",
            "1 || x++",
            "0 ? x++ : 1",
            "1 ? 1 : --x",
            "0 && 1/0",
            "1 || (x /= 0)",
            "0 && bad",
        ] {
            ok_with(expr, &mut v);
            assert_eq!(v.value("x"), Some("7"), "{expr}");
        }
        // bash checks a negative exponent even there.
        assert_eq!(
            err("0 && 2**-1"),
            r#"0 && 2**-1: exponent less than 0 (error token is "1")"#
        );
    }

    #[test]
    fn errors_are_bash_s_words() {
        for (expr, message) in [
            ("1/0", r#"1/0: division by 0 (error token is "0")"#),
            (" 1 / 0 ", r#"1 / 0 : division by 0 (error token is "0 ")"#),
            (
                "1 +",
                r#"1 +: syntax error: operand expected (error token is "+")"#,
            ),
            (
                "1=2",
                r#"1=2: attempted assignment to non-variable (error token is "=2")"#,
            ),
            ("(1", r#"(1: missing `)' (error token is "1")"#),
            (
                "1 ? 2",
                r#"1 ? 2: `:' expected for conditional expression (error token is "2")"#,
            ),
            ("1 ?", r#"1 ?: expression expected (error token is "?")"#),
            (
                "1 x",
                r#"1 x: syntax error in expression (error token is "x")"#,
            ),
            (
                "a b c $",
                r#"a b c $: syntax error: invalid arithmetic operator (error token is "$")"#,
            ),
            (
                "++x++",
                r#"++x++: ++: assignment requires lvalue (error token is "++")"#,
            ),
            (
                "x[1]",
                r#"x[1]: syntax error: invalid arithmetic operator (error token is "[1]")"#,
            ),
            (
                "1\0",
                "1\0: syntax error: invalid arithmetic operator (error token is \"\0\")",
            ),
        ] {
            assert_eq!(err(expr), message, "{expr:?}");
        }
    }

    #[test]
    fn refused_assignments_and_unset_reads_are_their_own_kinds() {
        let mut v = Vars::with(&[("r", "1")]);
        v.readonly.push(b"r".to_vec());
        let e = eval(b"r = 2", &mut v).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Assignment);
        assert_eq!(e.message, b"r: readonly variable");
        assert_eq!(eval(b"0 && (r = 2)", &mut v), Ok(0));

        let mut v = Vars {
            nounset: true,
            ..Vars::with(&[("empty", "")])
        };
        let e = eval(b"x + 1", &mut v).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Unbound);
        assert_eq!(e.message, b"x: unbound variable");
        assert_eq!(eval(b"empty + (0 && x) + (y = 2)", &mut v), Ok(2));
        assert_eq!(
            eval(b"1 / 0", &mut v).unwrap_err().kind,
            ErrorKind::Expression
        );
    }

    #[test]
    fn blank_is_zero_and_newlines_separate_tokens() {
        assert_eq!(ok(""), 0);
        assert_eq!(ok(" \t\n"), 0);
        assert_eq!(ok("1\n+\n2"), 3);
        assert_eq!(
            err("1\r"),
            "1\r: syntax error: invalid arithmetic operator (error token is \"\r\")"
        );
    }

    #[test]
    fn a_plain_number_is_read_without_a_level() {
        let mut v = Vars::with(&[("i", "41")]);
        assert_eq!(ok_with("i = i + 1", &mut v), 42);
        assert_eq!(v.value("i"), Some("42"));
        // `i` before `=` is not read, the other one is.
        assert_eq!(v.reads, 1);
        assert_eq!(plain_decimal(b"007"), None);
        assert_eq!(plain_decimal(b"0"), Some(0));
        assert_eq!(plain_decimal(b""), None);
    }

    #[test]
    fn self_reference_stops_at_bash_s_depth() {
        on_big_stack(|| {
            let mut v = Vars::with(&[("x", "x")]);
            assert_eq!(
                err_with("x", &mut v),
                r#"x: expression recursion level exceeded (error token is "x")"#
            );
            // 1023 values inside the expression itself are fine.
            let mut pairs: Vec<(String, String)> = (1..1023)
                .map(|i| (format!("v{i}"), format!("v{}", i + 1)))
                .collect();
            pairs.push(("v1023".into(), "5".into()));
            let mut v = Vars {
                vars: pairs
                    .iter()
                    .map(|(n, x)| (n.clone().into_bytes(), x.clone().into_bytes()))
                    .collect(),
                ..Vars::default()
            };
            assert_eq!(ok_with("v1", &mut v), 5);
            v.vars.last_mut().unwrap().0 = b"v1024".to_vec();
            v.vars.push((b"v1023".to_vec(), b"v1024".to_vec()));
            assert!(err_with("v1", &mut v).contains("recursion level exceeded"));
        });
    }

    #[test]
    fn nesting_is_bounded() {
        on_big_stack(|| {
            let nest = |open: &str, close: &str, n: usize| {
                format!("{}1{}", open.repeat(n), close.repeat(n))
            };
            assert_eq!(ok(&nest("(", ")", 1024)), 1);
            assert_eq!(ok(&nest("- ", "", 1024)), 1);
            for (open, close) in [("(", ")"), ("-", ""), ("2**", ""), ("x=", ""), ("0?0:", "")] {
                let e = err(&nest(open, close, 100_000));
                assert!(
                    e.contains(": expression recursion level exceeded"),
                    "{open}"
                );
            }
        });
    }

    #[test]
    fn the_deepest_allowed_expression_fits_the_stack() {
        on_big_stack(|| {
            // Nesting used up at the first level, then every level of
            // variables below it.
            let expr = format!("{}y{}", "(".repeat(1023), ")".repeat(1023));
            let mut v = Vars::with(&[("y", "y")]);
            assert!(err_with(&expr, &mut v).contains("recursion level exceeded"));
        });
    }

    /// Property `check` over `strategy`, on a stack deep enough for the
    /// variables that refer to themselves.
    fn property<S: Strategy + Send + 'static>(strategy: S, check: fn(S::Value))
    where
        S::Value: std::fmt::Debug,
    {
        on_big_stack(move || {
            let mut runner = proptest::test_runner::TestRunner::default();
            runner
                .run(&strategy, |value| {
                    check(value);
                    Ok(())
                })
                .unwrap();
        });
    }

    #[test]
    fn never_panics_on_any_bytes() {
        let bytes = prop::collection::vec(any::<u8>(), 0..200);
        let value = prop::collection::vec(any::<u8>(), 0..20);
        property((bytes, value), |(expr, value)| {
            let mut v = Vars::with(&[("a", "1"), ("x", "x+1")]);
            v.vars.push((b"b".to_vec(), value));
            let _ = eval(&expr, &mut v);
        });
    }

    #[test]
    fn never_panics_on_expression_characters() {
        property("[0-9a-cxX#@_+*/%<>=!&|^~?:,() \n-]{0,300}", |expr| {
            let mut v = Vars::with(&[("a", "9223372036854775807"), ("b", "a b"), ("c", "-1")]);
            let _ = eval(expr.as_bytes(), &mut v);
        });
    }
}
