//! `exit [n]`.

use super::{lossy, too_many_arguments};
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    // bash says so first, even when it then stays (bad arguments, stopped
    // jobs).
    if sh.interactive && !sh.subshell {
        say_leaving(sh);
    }
    leave(sh, args)
}

/// Leave the shell with the status `args` give, as `exit` and `logout` do.
pub fn leave(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut operands = &args[1..];
    if operands.first().is_some_and(|a| a == b"--") {
        operands = &operands[1..];
    }
    let status = match operands {
        [] => sh.last_status,
        [arg, rest @ ..] => match parse_status(arg) {
            Some(_) if !rest.is_empty() => return too_many_arguments(sh, &lossy(&args[0])),
            Some(n) => n,
            None => {
                let name = lossy(&args[0]);
                sh.error(format!("{name}: {}: numeric argument required", lossy(arg)));
                2
            }
        },
    };
    if !may_exit(sh) {
        return 1;
    }
    sh.exit_request = Some(status);
    status
}

/// What bash says on the terminal as an interactive shell leaves by `exit`
/// or Ctrl+D: `logout` for a login shell, else `exit`. (The `logout`
/// builtin says nothing in bash.)
pub fn say_leaving(sh: &Shell) {
    let word: &[u8] = if sh.login { b"logout\n" } else { b"exit\n" };
    let _ = crate::state::shell::write_all(2, word);
}

/// bash's guard against leaving stopped jobs behind by accident: the first
/// attempt warns, a second one right after it exits.
pub fn may_exit(sh: &mut Shell) -> bool {
    let stopped = sh.jobs.iter().any(|j| j.is_stopped());
    if !sh.interactive || sh.subshell || !stopped {
        return true;
    }
    if sh.exit_warned_at == Some(sh.commands_run.wrapping_sub(1))
        || sh.exit_warned_at == Some(sh.commands_run)
    {
        return true;
    }
    sh.exit_warned_at = Some(sh.commands_run);
    let _ = crate::state::shell::write_all(2, b"There are stopped jobs.\n");
    false
}

/// A decimal integer, taken modulo 256 as the kernel would.
pub fn parse_status(arg: &[u8]) -> Option<i32> {
    let text = std::str::from_utf8(arg).ok()?.trim();
    let n: i64 = text.parse().ok()?;
    Some((n & 0xff) as i32)
}

#[cfg(test)]
mod tests {
    use super::parse_status;

    #[test]
    fn statuses_wrap_like_bash() {
        assert_eq!(parse_status(b"300"), Some(44));
        assert_eq!(parse_status(b"-1"), Some(255));
        assert_eq!(parse_status(b"abc"), None);
        assert_eq!(parse_status(b"99999999999999999999"), None);
    }
}
