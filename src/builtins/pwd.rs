//! `pwd [-LP]`.

use std::os::unix::ffi::OsStrExt;

use super::{options, print};
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let physical = match options(sh, "pwd", args, "LP") {
        Ok((flags, _)) => super::physical(sh, &flags),
        Err(status) => return status,
    };
    let logical = if physical {
        None
    } else {
        super::cd::current(sh)
    };
    let dir = match logical {
        Some(dir) => dir,
        None => match std::env::current_dir() {
            Ok(d) => d.as_os_str().as_bytes().to_vec(),
            Err(e) => {
                sh.error(format!(
                    "pwd: error retrieving current directory: getcwd: cannot access parent directories: {}",
                    nix::errno::Errno::from_raw(e.raw_os_error().unwrap_or(0)).desc()
                ));
                return 1;
            }
        },
    };
    let mut out = dir;
    out.push(b'\n');
    print(sh, "pwd", &out)
}
