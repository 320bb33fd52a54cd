//! `eval [arg ...]`: the arguments, joined by spaces, parsed and run as
//! shell commands in this shell.

use crate::exec::nested::{self, Place};
use crate::state::shell::Shell;
use crate::syntax::lexer::StrSource;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut operands = &args[1..];
    if operands.first().is_some_and(|a| a == b"--") {
        operands = &operands[1..];
    }
    if operands.is_empty() {
        return 0;
    }
    let text = operands.join(&b' ');
    let mut src = StrSource::new(text);
    // The text continues the line `eval` is on.
    let line = sh.line;
    sh.eval_depth += 1;
    let ran = nested::run(sh, &mut src, Place::Eval, line);
    sh.eval_depth -= 1;
    sh.line = line;
    if !ran.goes_on() {
        sh.pending_flow = Some(ran.flow);
    }
    ran.status
}
