//! `logout [n]`: `exit`, for login shells only.

use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    if !sh.login {
        sh.error("logout: not login shell: use `exit'");
        return 1;
    }
    // Unlike `exit`, bash's `logout` leaves without a word.
    super::exit::leave(sh, args)
}
