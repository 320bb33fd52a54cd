//! `hash [-r]`: the remembered locations of commands.

use super::{options, print};
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    match options(sh, "hash", args, "r") {
        Ok((flags, _)) if flags.contains('r') => {
            sh.paths.forget(None);
            return 0;
        }
        Ok(_) => {}
        Err(status) => return status,
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
