//! `readonly [-p] [name[=value] ...]`: variables no assignment or unset
//! may change for the rest of the shell.

use super::print;
use crate::state::shell::{Shell, write_all};

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut rest = &args[1..];
    while let Some(a) = rest.first().filter(|a| a.starts_with(b"-") && a.len() > 1) {
        match a.as_slice() {
            b"-p" => {}
            b"--" => {
                rest = &rest[1..];
                break;
            }
            _ => {
                let bad = a
                    .iter()
                    .skip(1)
                    .find(|&&c| c != b'p')
                    .copied()
                    .unwrap_or(b'-');
                sh.error(format!("readonly: -{}: invalid option", bad as char));
                let _ = write_all(
                    2,
                    b"readonly: usage: readonly [-aAf] [name[=value] ...] or readonly -p\n",
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
        let Some((name, value)) = super::name_and_value(sh, "readonly", arg) else {
            status = 1;
            continue;
        };
        let value = value.map(<[u8]>::to_vec);
        if sh.vars.make_readonly(name, value).is_err() {
            // A new value for a readonly variable: an error of a special
            // builtin, fatal to a script (POSIX; bash in posix mode, dash).
            return sh.readonly_error(name);
        }
        sh.report_warnings();
    }
    status
}

/// `declare -r NAME="value"` lines, as bash prints them.
fn list(sh: &Shell) -> i32 {
    let mut out = Vec::new();
    for (name, value, exported) in sh.vars.readonly_list() {
        out.extend_from_slice(if exported {
            b"declare -rx "
        } else {
            b"declare -r "
        });
        out.extend_from_slice(name);
        if let Some(v) = value {
            super::set_vars::declare_value(&mut out, v, sh.vars.utf8());
        }
        out.push(b'\n');
    }
    print(sh, "readonly", &out)
}
