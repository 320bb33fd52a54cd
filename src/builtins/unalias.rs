//! `unalias [-a] name ...`: forget aliases.

use super::lossy;
use crate::state::shell::{Shell, write_all};

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut names = &args[1..];
    if let Some(first) = names.first() {
        match first.as_slice() {
            b"-a" => {
                sh.aliases.clear();
                return 0;
            }
            b"--" => names = &names[1..],
            [b'-', c, ..] => {
                sh.error(format!("unalias: -{}: invalid option", *c as char));
                let _ = write_all(2, b"unalias: usage: unalias [-a] name [name ...]\n");
                return 2;
            }
            _ => {}
        }
    }
    if names.is_empty() {
        let _ = write_all(2, b"unalias: usage: unalias [-a] name [name ...]\n");
        return 2;
    }
    let mut status = 0;
    for name in names {
        if !sh.aliases.remove(name) {
            sh.error(format!("unalias: {}: not found", lossy(name)));
            status = 1;
        }
    }
    status
}
