//! `:`, `true` and `false`.

use crate::state::shell::Shell;

pub fn run_true(_: &mut Shell, _: &[Vec<u8>]) -> i32 {
    0
}

pub fn run_false(_: &mut Shell, _: &[Vec<u8>]) -> i32 {
    1
}
