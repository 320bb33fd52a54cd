//! `unset [-v] name...`.

use super::lossy;
use crate::lexer::is_name;
use crate::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut status = 0;
    for arg in &args[1..] {
        if arg == b"-v" || arg == b"-f" {
            continue;
        }
        if !is_name(arg) {
            sh.error(&format!("unset: `{}': not a valid identifier", lossy(arg)));
            status = 1;
            continue;
        }
        sh.vars.unset(arg);
    }
    status
}
