//! `unset [-v|-f] name...`.

use super::{lossy, options};
use crate::state::shell::Shell;
use crate::syntax::lexer::is_name;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let (flags, names) = match options(sh, "unset", args, "vf") {
        Ok(given) => given,
        Err(status) => return status,
    };
    let mut status = 0;
    for arg in names {
        // `-f`: the function; no option: the variable, else the function.
        let function = flags.contains('f') || !flags.contains('v') && sh.vars.get(arg).is_none();
        if function && (sh.functions.remove(arg.as_slice()).is_some() || flags.contains('f')) {
            continue;
        }
        if !is_name(arg) {
            sh.error(format!("unset: `{}': not a valid identifier", lossy(arg)));
            status = 1;
            continue;
        }
        if sh.vars.try_unset(arg).is_err() {
            sh.error(format!(
                "unset: {}: cannot unset: readonly variable",
                lossy(arg)
            ));
            // An error of a special builtin, fatal to a script: POSIX and
            // dash; bash (in posix mode too) goes on with status 1.
            return sh.fatal_error(1);
        }
        sh.report_warnings();
    }
    status
}
