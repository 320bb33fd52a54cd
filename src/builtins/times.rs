//! `times`: user and system time of the shell, then of its children.

use super::print;
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, _args: &[Vec<u8>]) -> i32 {
    let own = usage(libc::RUSAGE_SELF);
    let children = usage(libc::RUSAGE_CHILDREN);
    let text = format!(
        "{} {}\n{} {}\n",
        minutes(own.0),
        minutes(own.1),
        minutes(children.0),
        minutes(children.1)
    );
    print(sh, "times", text.as_bytes())
}

/// User and system time in microseconds.
fn usage(who: libc::c_int) -> (i64, i64) {
    // SAFETY: getrusage only writes the structure it is given.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: as above; `ru` is a valid, writable rusage.
    if unsafe { libc::getrusage(who, &mut ru) } != 0 {
        return (0, 0);
    }
    let micros = |tv: libc::timeval| tv.tv_sec * 1_000_000 + tv.tv_usec;
    (micros(ru.ru_utime), micros(ru.ru_stime))
}

/// bash's `0m0.004s`.
fn minutes(micros: i64) -> String {
    let millis = micros / 1000;
    format!(
        "{}m{}.{:03}s",
        millis / 60_000,
        (millis / 1000) % 60,
        millis % 1000
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn format_as_bash() {
        assert_eq!(super::minutes(0), "0m0.000s");
        assert_eq!(super::minutes(61_234_567), "1m1.234s");
    }
}
