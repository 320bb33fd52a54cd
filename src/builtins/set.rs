//! `set [-abefhmnuvxBCEHP] [+abefhmnuvxBCEHP] [-o|+o name] [--] [arg...]`:
//! options and the positional parameters.

use super::{lossy, print};
use crate::state::options;
use crate::state::shell::{Shell, write_all};

const USAGE: &[u8] = b"set: usage: set [-abefhmnuvxBCEHP] [-o option-name] [--] [-] [arg ...]\n";

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    if args.len() == 1 {
        return super::set_vars::list(sh);
    }
    let mut rest = &args[1..];
    while let Some(opt) = rest.first() {
        let on = opt.starts_with(b"-");
        match opt.as_slice() {
            b"--" => {
                sh.positional = rest[1..].to_vec();
                return 0;
            }
            b"-" => {
                // The historical `set -`: -x and -v off, and what follows
                // are the positional parameters.
                sh.options.set_letter('x', false);
                sh.options.set_letter('v', false);
                rest = &rest[1..];
                if !rest.is_empty() {
                    sh.positional = rest.to_vec();
                }
                return 0;
            }
            b"-o" | b"+o" => {
                let Some(name) = rest.get(1) else {
                    let listing = if on {
                        sh.options.list_on_off(sh.job_control)
                    } else {
                        sh.options.list_commands(sh.job_control)
                    };
                    return print(sh, "set", listing.as_bytes());
                };
                if !set_named(sh, name, on) {
                    sh.error(format!("set: {}: invalid option name", lossy(name)));
                    return 2;
                }
                rest = &rest[2..];
                continue;
            }
            o if o.len() > 1 && (o[0] == b'-' || o[0] == b'+') => {
                // In a group (`-eo pipefail`) each `o` takes the next
                // operand as its name.
                let mut names = 0;
                for &c in &o[1..] {
                    if c == b'o' {
                        names += 1;
                        let Some(name) = rest.get(names) else {
                            sh.error("set: -o: option requires an argument");
                            return 2;
                        };
                        if !set_named(sh, name, on) {
                            sh.error(format!("set: {}: invalid option name", lossy(name)));
                            return 2;
                        }
                        continue;
                    }
                    if !set_letter(sh, c, on) {
                        sh.error(format!(
                            "set: {}{}: invalid option",
                            o[0] as char, c as char
                        ));
                        let _ = write_all(2, USAGE);
                        return 2;
                    }
                }
                rest = &rest[names..];
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

/// `set -X` / `set +X`; false for a letter that is no option.
pub fn set_letter(sh: &mut Shell, letter: u8, on: bool) -> bool {
    if let Some(u) = options::unsupported_letter(letter as char) {
        return u.state == on;
    }
    match letter {
        b'm' => set_named(sh, b"monitor", on),
        c => sh.options.set_letter(c as char, on),
    }
}

/// `set -o NAME` / `set +o NAME`; false for a name that is no option.
pub fn set_named(sh: &mut Shell, name: &[u8], on: bool) -> bool {
    if let Some(u) = options::unsupported(name) {
        // Listed by `set -o`, but jsh has only the state it shows.
        return u.state == on;
    }
    match name {
        b"monitor" => {
            if on && !sh.job_control {
                sh.start_job_control();
            } else if !on {
                sh.job_control = false;
            }
            return true;
        }
        b"vi" | b"emacs" => {
            if let Some(edit) = &sh.edit {
                edit.borrow_mut().vi = (name == b"vi") == on;
            }
        }
        _ => {}
    }
    sh.options.set_named(name, on)
}
