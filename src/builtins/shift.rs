//! `shift [n]`.

use super::lossy;
use crate::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let n = match args.get(1) {
        None => 1,
        Some(a) => match std::str::from_utf8(a)
            .ok()
            .and_then(|s| s.parse::<usize>().ok())
        {
            Some(n) => n,
            None => {
                sh.error(format!("shift: {}: numeric argument required", lossy(a)));
                return 1;
            }
        },
    };
    if n > sh.positional.len() {
        return 1;
    }
    sh.positional.drain(..n);
    0
}
