//! `export [-n] [-p] [name[=value]...]`.

use super::{lossy, print};
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut rest = &args[1..];
    let mut unexport = false;
    while let Some(a) = rest.first().filter(|a| a.starts_with(b"-") && a.len() > 1) {
        match a.as_slice() {
            b"-n" => unexport = true,
            b"-p" => {}
            b"--" => {
                rest = &rest[1..];
                break;
            }
            _ => {
                sh.error(format!("export: {}: invalid option", lossy(a)));
                sh.error_to(
                    2,
                    "export: usage: export [-fn] [name[=value] ...] or export -p",
                );
                return 2;
            }
        }
        rest = &rest[1..];
    }
    if rest.is_empty() {
        return list(sh);
    }
    let mut status = 0;
    for arg in rest {
        let Some((name, value)) = super::name_and_value(sh, "export", arg) else {
            status = 1;
            continue;
        };
        let assigned = if unexport {
            // bash's `export -n NAME=value` assigns as it unexports.
            let assigned = match value {
                Some(value) => sh.vars.try_set(name, value.to_vec()),
                None => Ok(()),
            };
            sh.vars.unexport(name);
            assigned
        } else {
            sh.vars.try_export(name, value)
        };
        if assigned.is_err() {
            // An error of a special builtin: fatal to a script (POSIX).
            return sh.readonly_error(name);
        }
        sh.report_warnings();
    }
    status
}

/// `declare -x NAME="value"` lines, as bash prints them.
fn list(sh: &Shell) -> i32 {
    let mut out = Vec::new();
    for (name, value) in sh.vars.exported() {
        out.extend_from_slice(b"declare -x ");
        out.extend_from_slice(name);
        if let Some(v) = value {
            super::set_vars::declare_value(&mut out, v, sh.vars.utf8());
        }
        out.push(b'\n');
    }
    print(sh, "export", &out)
}

/// A value inside `"..."` as bash's `declare` lists print it.
pub(crate) fn escape_into(out: &mut Vec<u8>, value: &[u8]) {
    for &b in value {
        if matches!(b, b'"' | b'\\' | b'$' | b'`') {
            out.push(b'\\');
        }
        out.push(b);
    }
}
