//! `unset [-v] name...`.

use super::{lossy, options};
use crate::state::shell::Shell;
use crate::syntax::lexer::is_name;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let names = match options(sh, "unset", args, "vf") {
        Ok((_, names)) => names,
        Err(status) => return status,
    };
    let mut status = 0;
    for arg in names {
        if !is_name(arg) {
            sh.error(format!("unset: `{}': not a valid identifier", lossy(arg)));
            status = 1;
            continue;
        }
        sh.vars.unset(arg);
        sh.report_warnings();
    }
    status
}
