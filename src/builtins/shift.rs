//! `shift [n]`.

use super::{lossy, too_many_arguments};
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut operands = &args[1..];
    if operands.first().is_some_and(|a| a == b"--") {
        operands = &operands[1..];
    }
    let n = match operands {
        [] => 1,
        [a] => match std::str::from_utf8(a)
            .ok()
            .and_then(|s| s.parse::<i64>().ok())
        {
            Some(n) if n < 0 => {
                sh.error(format!("shift: {}: shift count out of range", lossy(a)));
                return 1;
            }
            Some(n) => usize::try_from(n).unwrap_or(usize::MAX),
            None => {
                sh.error(format!("shift: {}: numeric argument required", lossy(a)));
                return 1;
            }
        },
        _ => return too_many_arguments(sh, "shift"),
    };
    if n > sh.positional.len() {
        return 1;
    }
    sh.positional.drain(..n);
    0
}
