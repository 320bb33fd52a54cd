//! `set [--] [arg...]`: the positional parameters.

use super::lossy;
use crate::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut rest = &args[1..];
    match rest.first().map(Vec::as_slice) {
        Some(b"--") => rest = &rest[1..],
        Some(opt) if opt.starts_with(b"-") || opt.starts_with(b"+") => {
            sh.error(&format!("set: {}: invalid option", lossy(opt)));
            return 2;
        }
        None => return 0,
        _ => {}
    }
    sh.positional = rest.to_vec();
    0
}
