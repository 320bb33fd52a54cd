//! `popd [-n] [+N | -N]`: drop an entry of the directory stack; dropping
//! the top (the default) goes to the next.

use super::dirs::{
    Offset, change_to, empty, offset, out_of_range, position, show_stack, stack, usage,
};
use super::lossy;
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut no_cd = false;
    let mut at = Offset::Left(0);
    let mut given: Option<&Vec<u8>> = None;
    let mut options_done = false;
    for arg in &args[1..] {
        match arg.as_slice() {
            b"-n" if !options_done => no_cd = true,
            b"--" if !options_done => options_done = true,
            _ => match offset(arg) {
                Some(n) => {
                    at = n;
                    given = Some(arg);
                }
                None => {
                    let why = if arg.starts_with(b"-") || arg.starts_with(b"+") {
                        "invalid number"
                    } else {
                        "invalid argument"
                    };
                    return usage(sh, "popd", &format!("{}: {why}", lossy(arg)));
                }
            },
        }
    }
    if sh.dir_stack.is_empty() {
        return empty(sh, "popd");
    }
    let full = stack(sh);
    let Some(i) = position(&full, at) else {
        let arg = given.map(|a| lossy(a)).unwrap_or_default();
        return out_of_range(sh, "popd", &arg);
    };
    if i == 0 && !no_cd {
        let next = sh.dir_stack[0].clone();
        if let Err(status) = change_to(sh, "popd", &next) {
            return status;
        }
        sh.dir_stack.remove(0);
    } else {
        // `popd -n` drops the entry below the top instead.
        sh.dir_stack.remove(i.max(1) - 1);
    }
    show_stack(sh)
}
