//! `set [-bm] [+bm] [-o|+o vi|emacs|notify|monitor] [--] [arg...]`:
//! options and the positional parameters.

use super::lossy;
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut rest = &args[1..];
    while let Some(opt) = rest.first() {
        let on = opt.starts_with(b"-");
        match opt.as_slice() {
            b"--" => {
                sh.positional = rest[1..].to_vec();
                return 0;
            }
            b"-o" | b"+o" => {
                let Some(name) = rest.get(1) else {
                    sh.error("set: -o: option requires an argument");
                    return 2;
                };
                if !set_named(sh, name, on) {
                    sh.error(format!("set: {}: invalid option name", lossy(name)));
                    return 2;
                }
                rest = &rest[2..];
                continue;
            }
            o if o.len() > 1 && (o[0] == b'-' || o[0] == b'+') => {
                for &c in &o[1..] {
                    let name: &[u8] = match c {
                        b'm' => b"monitor",
                        b'b' => b"notify",
                        _ => {
                            sh.error(format!(
                                "set: {}{}: invalid option",
                                o[0] as char, c as char
                            ));
                            let _ = crate::state::shell::write_all(
                                2,
                                b"set: usage: set [-bm] [-o option-name] [--] [arg ...]\n",
                            );
                            return 2;
                        }
                    };
                    set_named(sh, name, on);
                }
            }
            _ => break,
        }
        rest = &rest[1..];
    }
    if !rest.is_empty() {
        sh.positional = rest.to_vec();
    }
    0
}

fn set_named(sh: &mut Shell, name: &[u8], on: bool) -> bool {
    match name {
        b"monitor" => {
            if on && !sh.job_control {
                sh.start_job_control();
            } else if !on {
                sh.job_control = false;
            }
        }
        b"notify" => sh.notify = on,
        b"vi" | b"emacs" => {
            if let Some(edit) = &sh.edit {
                edit.borrow_mut().vi = (name == b"vi") == on;
            }
        }
        _ => return false,
    }
    true
}
