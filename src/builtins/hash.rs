//! `hash [-r] [name ...]`: the remembered locations of commands.

use super::{options, print};
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let (flags, names) = match options(sh, "hash", args, "r") {
        Ok(parsed) => parsed,
        Err(status) => return status,
    };
    if !sh.options.hashall {
        // `set +h`, as bash words it.
        sh.error("hash: hashing disabled");
        return 1;
    }
    if flags.contains('r') {
        sh.paths.forget(None);
    }
    if flags.contains('r') || !names.is_empty() {
        return remember(sh, names);
    }
    let entries = sh.paths.entries();
    if entries.is_empty() {
        // On stdout and without the shell's name, as bash has it.
        return print(sh, "hash", b"hash: hash table empty\n");
    }
    let mut out = b"hits\tcommand\n".to_vec();
    for (hits, path) in entries {
        out.extend_from_slice(format!("{hits:4}\t").as_bytes());
        out.extend_from_slice(&path);
        out.push(b'\n');
    }
    print(sh, "hash", &out)
}

/// `hash NAME...`: look each up now and remember it (a builtin or
/// function is left alone, as in bash).
fn remember(sh: &mut Shell, names: &[Vec<u8>]) -> i32 {
    let mut status = 0;
    for name in names {
        if name.contains(&b'/')
            || sh.functions.contains_key(name.as_slice())
            || super::lookup(name).is_some()
        {
            continue;
        }
        let generation = sh.vars.path_generation();
        if !sh.paths.remember(name, sh.vars.get(b"PATH"), generation) {
            sh.error(format!(
                "hash: {}: not found",
                String::from_utf8_lossy(name)
            ));
            status = 1;
        }
    }
    status
}
