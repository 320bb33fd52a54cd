//! `hash [-r]`: the remembered locations of commands.

use super::print;
use crate::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    if args.get(1).is_some_and(|a| a == b"-r") {
        sh.paths.forget(None);
        return 0;
    }
    let entries = sh.paths.entries();
    if entries.is_empty() {
        sh.error_to(2, "hash: hash table empty");
        return 0;
    }
    let mut out = b"hits\tcommand\n".to_vec();
    for (hits, path) in entries {
        out.extend_from_slice(format!("{hits:4}\t").as_bytes());
        out.extend_from_slice(&path);
        out.push(b'\n');
    }
    print(sh, "hash", &out)
}
