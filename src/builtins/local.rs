//! `local [name[=value] ...]`: variables of the function being run,
//! visible to the functions it calls (dynamic scoping, as in bash and
//! dash) and put back as they were when it returns.

use super::{lossy, print};
use crate::state::shell::Shell;
use crate::syntax::lexer::is_name;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    if !sh.vars.in_function() {
        // bash's words and status; dash exits with 2 (POSIX has no
        // `local`, so bash is followed).
        sh.error("local: can only be used in a function");
        return 1;
    }
    let mut operands = &args[1..];
    if operands.first().is_some_and(|a| a == b"--") {
        operands = &operands[1..];
    } else if let Some(opt) = operands.first().filter(|a| a.len() > 1 && a[0] == b'-') {
        // bash takes `declare`'s options here; jsh has no attributes
        // beyond readonly and export, so none is accepted, clearly.
        sh.error(format!("local: {}: invalid option", lossy(&opt[..2])));
        let _ = crate::state::shell::write_all(2, b"local: usage: local name[=value] ...\n");
        return 2;
    }
    if operands.is_empty() {
        return list(sh);
    }
    let mut status = 0;
    for arg in operands {
        let (name, value) = match arg.iter().position(|&b| b == b'=') {
            Some(eq) => (&arg[..eq], Some(arg[eq + 1..].to_vec())),
            None => (arg.as_slice(), None),
        };
        if !is_name(name) {
            sh.error(format!("local: `{}': not a valid identifier", lossy(arg)));
            status = 1;
            continue;
        }
        if sh.vars.make_local(name, value).is_err() {
            sh.error(format!("local: {}: readonly variable", lossy(name)));
            status = 1;
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
            out.extend_from_slice(b"=\"");
            super::export::escape_into(&mut out, v);
            out.push(b'"');
        }
        out.push(b'\n');
    }
    print(sh, "local", &out)
}
