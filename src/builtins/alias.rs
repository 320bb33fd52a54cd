//! `alias [-p] [name[=value] ...]`: define aliases, or show them in a form
//! that can be read back.

use super::{lossy, single_quoted};
use crate::state::shell::{Shell, write_all};
use crate::syntax::alias::valid_name;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut names = &args[1..];
    // bash's only option; `-p` lists, as no arguments do.
    let mut list_all = names.is_empty();
    while let Some(first) = names.first() {
        match first.as_slice() {
            b"-p" => list_all = true,
            b"--" => {
                names = &names[1..];
                break;
            }
            [b'-', c, ..] => {
                sh.error(format!("alias: -{}: invalid option", *c as char));
                let _ = write_all(2, b"alias: usage: alias [-p] [name[=value] ... ]\n");
                return 2;
            }
            _ => break,
        }
        names = &names[1..];
    }
    let mut out = Vec::new();
    if list_all {
        for (name, value) in sh.aliases.list() {
            out.extend(definition(&name, &value));
        }
    }
    let mut status = 0;
    for arg in names {
        match arg.iter().position(|&b| b == b'=') {
            Some(eq) => {
                let name = &arg[..eq];
                if !valid_name(name) {
                    sh.error(format!("alias: `{}': invalid alias name", lossy(name)));
                    status = 1;
                    continue;
                }
                sh.aliases.set(name, &arg[eq + 1..]);
            }
            None => match sh.aliases.get(arg) {
                Some(value) => out.extend(definition(arg, &value)),
                None => {
                    sh.error(format!("alias: {}: not found", lossy(arg)));
                    status = 1;
                }
            },
        }
    }
    if write_all(1, &out).is_err() {
        return 1;
    }
    status
}

/// `alias name='value'`, as bash lists it.
fn definition(name: &[u8], value: &[u8]) -> Vec<u8> {
    let mut line = b"alias ".to_vec();
    line.extend_from_slice(name);
    line.push(b'=');
    line.extend(single_quoted(value));
    line.push(b'\n');
    line
}
