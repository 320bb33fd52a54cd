//! `let arg ...`: each argument an arithmetic expression, as bash has it.
//! The status is 0 when the last value is not zero, else 1.

use std::borrow::Cow;

use super::lossy;
use crate::expand::arith::{self, ArithVars, ErrorKind};
use crate::expand::word::{ExpandError, Params, Severity};
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut exprs = &args[1..];
    // bash skips one leading `--`; any other `-x` is an expression.
    if exprs.first().is_some_and(|a| a == b"--") {
        exprs = &exprs[1..];
    }
    if exprs.is_empty() {
        sh.error("let: expression expected");
        return 1;
    }
    let mut last = 0;
    for expr in exprs {
        match arith::eval(expr, &mut LetVars(sh)) {
            Ok(value) => last = value,
            // As bash: the first error ends `let` with status 1, and an
            // unset variable under `set -u` is as severe as anywhere.
            Err(e) => {
                let (message, severity) = match e.kind {
                    ErrorKind::Expression => (format!("let: {e}"), Severity::Command),
                    ErrorKind::Assignment => (e.to_string(), Severity::Command),
                    ErrorKind::Unbound => (e.to_string(), Severity::Shell),
                };
                return sh.expand_failed(ExpandError {
                    message,
                    status: 1,
                    severity,
                    assignment: false,
                });
            }
        }
    }
    i32::from(last == 0)
}

/// The shell's variables as the evaluator sees them. A readonly variable
/// fails only this `let` (bash), not the script as an assignment would.
struct LetVars<'a>(&'a mut Shell);

impl ArithVars for LetVars<'_> {
    fn get(&mut self, name: &[u8]) -> Option<Cow<'_, [u8]>> {
        self.0.param(name)
    }

    fn set(&mut self, name: &[u8], value: i64) -> Result<(), String> {
        let assigned = self.0.assign_var(name, value.to_string().into_bytes());
        self.0.report_warnings();
        assigned.map_err(|_| format!("{}: readonly variable", lossy(name)))
    }

    fn nounset(&self) -> bool {
        self.0.options.nounset
    }
}
