//! Commands the shell runs itself, one file each.

use crate::shell::strerror;
use crate::shell::{Shell, write_all};

mod cd;
mod colon;
mod disown;
mod echo;
pub mod exec;
pub mod exit;
mod export;
mod fg;
mod hash;
mod jobs;
pub mod kill;
mod logout;
mod pwd;
mod set;
mod shift;
mod unset;
mod wait;

/// A builtin gets the shell and its arguments (`args[0]` is its name) and
/// returns its exit status.
pub type Builtin = fn(&mut Shell, &[Vec<u8>]) -> i32;

pub fn lookup(name: &[u8]) -> Option<Builtin> {
    Some(match name {
        b"cd" => cd::run,
        b"pwd" => pwd::run,
        b"echo" => echo::run,
        b"exit" => exit::run,
        b"export" => export::run,
        b"unset" => unset::run,
        b":" | b"true" => colon::run_true,
        b"false" => colon::run_false,
        b"exec" => exec::run,
        b"wait" => wait::run,
        b"jobs" => jobs::run,
        b"fg" => fg::run_fg,
        b"bg" => fg::run_bg,
        b"kill" => kill::run,
        b"disown" => disown::run,
        b"logout" => logout::run,
        b"hash" => hash::run,
        b"set" => set::run,
        b"shift" => shift::run,
        _ => return None,
    })
}

/// Write a builtin's output; on failure say so as bash does and return 1.
pub(crate) fn print(sh: &Shell, name: &str, bytes: &[u8]) -> i32 {
    match write_all(1, bytes) {
        Ok(()) => 0,
        Err(e) => {
            sh.error(&format!("{name}: write error: {}", strerror(e)));
            1
        }
    }
}

pub(crate) fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
