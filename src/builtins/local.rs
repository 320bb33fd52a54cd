//! `local [name[=value] ...]`: variables of the function being run,
//! visible to the functions it calls (dynamic scoping, as in bash and
//! dash) and put back as they were when it returns.

use super::{lossy, print};
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    if !sh.vars.in_function() {
        // bash's words and status; dash exits with 2 (POSIX has no
        // `local`, so bash is followed).
        sh.error("local: can only be used in a function");
        return 1;
    }
    // bash takes `declare`'s options here; of its attributes jsh has
    // readonly (-r) and export (-x), the others are refused, clearly.
    let (flags, operands) = match super::options(sh, "local", args, "rx") {
        Ok(given) => given,
        Err(status) => return status,
    };
    if operands.is_empty() {
        return list(sh);
    }
    let mut status = 0;
    for arg in operands {
        let Some((name, value)) = super::name_and_value(sh, "local", arg) else {
            status = 1;
            continue;
        };
        let value = value.map(<[u8]>::to_vec);
        if sh.vars.make_local(name, value).is_err() {
            sh.error(format!("local: {}: readonly variable", lossy(name)));
            status = 1;
            continue;
        }
        if flags.contains('x') {
            sh.vars.export(name, None);
        }
        if flags.contains('r') {
            // Just made local: not readonly, so this cannot fail.
            let _ = sh.vars.make_readonly(name, None);
        }
        sh.report_warnings();
    }
    status
}

/// `local` alone: the current function's variables, as bash lists them.
fn list(sh: &Shell) -> i32 {
    let mut out = Vec::new();
    for (name, value) in sh.vars.locals() {
        out.extend_from_slice(b"declare -- ");
        out.extend_from_slice(name);
        if let Some(v) = value {
            super::set_vars::declare_value(&mut out, v, sh.vars.utf8());
        }
        out.push(b'\n');
    }
    print(sh, "local", &out)
}
