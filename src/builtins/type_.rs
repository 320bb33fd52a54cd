//! `type NAME...`: builtin, file, or not found.

use super::{lookup, lossy, print};
use crate::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut status = 0;
    let mut out = String::new();
    for name in &args[1..] {
        if lookup(name).is_some() {
            out += &format!("{} is a shell builtin\n", lossy(name));
            continue;
        }
        let path_var = sh.vars.get(b"PATH").map(<[u8]>::to_vec);
        let generation = sh.vars.path_generation();
        match sh.paths.lookup(name, path_var.as_deref(), generation) {
            Some(path) if name.contains(&b'/') || path.as_bytes() != name.as_slice() => {
                if name.contains(&b'/')
                    && std::fs::metadata(std::ffi::OsStr::new(&lossy(name))).is_err()
                {
                    sh.error(&format!("type: {}: not found", lossy(name)));
                    status = 1;
                    continue;
                }
                out += &format!("{} is {}\n", lossy(name), lossy(path.as_bytes()));
            }
            _ => {
                sh.error(&format!("type: {}: not found", lossy(name)));
                status = 1;
            }
        }
    }
    if print(sh, "type", out.as_bytes()) != 0 {
        return 1;
    }
    status
}
