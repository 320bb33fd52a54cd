//! `trap [-lp] [[action] condition ...]`: actions for signals and for the
//! shell's exit.

use std::rc::Rc;

use super::{lossy, options, print, single_quoted};
use crate::builtins::kill::{parse_signal, signal_name};
use crate::process::signals;
use crate::state::shell::Shell;
use crate::state::traps::{Action, ERR, EXIT};

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let (flags, rest) = match options(sh, "trap", args, "lp") {
        Ok(parsed) => parsed,
        Err(status) => return status,
    };
    if flags.contains('l') {
        let list = [b"kill".to_vec(), b"-l".to_vec()];
        return super::kill::run(sh, &list);
    }
    if flags.contains('p') || rest.is_empty() {
        return list(sh, rest);
    }
    // `trap SIG`, `trap - SIG...`, and (POSIX) `trap N...` whose first
    // operand is a number: reset each condition.
    let resets = rest.len() == 1
        || rest[0] == b"-"
        || (!rest[0].is_empty() && rest[0].iter().all(u8::is_ascii_digit));
    let (action, conditions) = if resets {
        let skip = usize::from(rest[0] == b"-" && rest.len() > 1);
        (None, &rest[skip..])
    } else if rest[0].is_empty() {
        (Some(Action::Ignore), &rest[1..])
    } else {
        (Some(Action::Run(Rc::from(rest[0].as_slice()))), &rest[1..])
    };
    signals::record_entry_dispositions();
    let mut status = 0;
    for spec in conditions {
        if is_unsupported(spec) {
            // Not bash's `invalid signal specification`: the condition
            // exists there, and a script relying on it must know it does
            // not run here.
            sh.error(format!("trap: {}: not supported by jsh", lossy(spec)));
            status = 1;
            continue;
        }
        let Some(condition) = condition_of(spec) else {
            sh.error(format!(
                "trap: {}: invalid signal specification",
                lossy(spec)
            ));
            status = 1;
            continue;
        };
        if let Err(e) = set(sh, condition, action.clone()) {
            sh.error(format!(
                "trap: {}: {}",
                lossy(spec),
                crate::state::shell::strerror(e)
            ));
            status = 1;
        }
    }
    status
}

/// bash's `DEBUG` and `RETURN` conditions, which jsh does not have.
fn is_unsupported(spec: &[u8]) -> bool {
    spec.eq_ignore_ascii_case(b"DEBUG") || spec.eq_ignore_ascii_case(b"RETURN")
}

/// `EXIT`, `0`, or a signal by name (with or without `SIG`, any case) or
/// number.
fn condition_of(spec: &[u8]) -> Option<i32> {
    let text = std::str::from_utf8(spec).ok()?;
    if text.eq_ignore_ascii_case("EXIT") || text.eq_ignore_ascii_case("SIGEXIT") {
        return Some(EXIT);
    }
    // bash takes `ERR` by name only: `SIGERR` and 66 are no conditions.
    if text.eq_ignore_ascii_case("ERR") {
        return Some(ERR);
    }
    let n = parse_signal(text)?;
    (n == EXIT || n <= 64).then_some(n)
}

/// Give `condition` its action (`None`: back to the default).
fn set(sh: &mut Shell, condition: i32, action: Option<Action>) -> Result<(), nix::errno::Errno> {
    if condition == ERR {
        match action {
            Some(action) => sh.traps.set(ERR, action),
            None => sh.traps.remove(ERR),
        }
        return Ok(());
    }
    if condition == EXIT {
        match action {
            Some(action) => {
                // Not from a substitution run in the shell itself: the
                // signals' dispositions are the parent's, and stay so.
                if matches!(action, Action::Run(_))
                    && !sh.interactive
                    && !sh.job_control
                    && !sh.in_shell_substitution()
                {
                    signals::catch_fatal_for_exit_trap();
                }
                sh.traps.set(EXIT, action)
            }
            None => sh.traps.remove(EXIT),
        }
        return Ok(());
    }
    // POSIX: a non-interactive shell leaves alone what it was started
    // with ignored, and says nothing (as bash and dash).
    if !sh.interactive && signals::ignored_at_entry(condition) {
        return Ok(());
    }
    match &action {
        Some(Action::Ignore) => signals::ignore_for_trap(condition)?,
        Some(Action::Run(_)) => signals::catch_for_trap(condition)?,
        None => signals::reset_trap(condition, sh.job_control)?,
    }
    match action {
        Some(action) => sh.traps.set(condition, action),
        None => sh.traps.remove(condition),
    }
    Ok(())
}

/// `trap` and `trap -p [condition...]`: the actions as commands that
/// would set them again.
fn list(sh: &mut Shell, specs: &[Vec<u8>]) -> i32 {
    let mut status = 0;
    let wanted: Option<Vec<i32>> = if specs.is_empty() {
        None
    } else {
        let mut found = Vec::new();
        for spec in specs {
            match condition_of(spec) {
                Some(c) => found.push(c),
                // Never set, so nothing to list.
                None if is_unsupported(spec) => {}
                None => {
                    sh.error(format!(
                        "trap: {}: invalid signal specification",
                        lossy(spec)
                    ));
                    status = 1;
                }
            }
        }
        Some(found)
    };
    let mut out = Vec::new();
    let mut line = |condition: i32, action: &Action| {
        let text: &[u8] = match action {
            Action::Ignore => b"",
            Action::Run(commands) => commands,
        };
        out.extend_from_slice(b"trap -- ");
        out.extend_from_slice(&single_quoted(text));
        out.push(b' ');
        out.extend_from_slice(condition_name(condition).as_bytes());
        out.push(b'\n');
    };
    match &wanted {
        None => {
            for (condition, action) in sh.traps.iter() {
                line(condition, action);
            }
        }
        Some(conditions) => {
            for &condition in conditions {
                if let Some(action) = sh.traps.listed_action(condition) {
                    line(condition, action);
                }
            }
        }
    }
    let printed = print(sh, "trap", &out);
    status.max(printed)
}

/// bash's name for a condition in `trap -p`: `EXIT`, `SIGINT`.
fn condition_name(condition: i32) -> String {
    if condition == EXIT {
        return "EXIT".to_string();
    }
    if condition == ERR {
        return "ERR".to_string();
    }
    match signal_name(condition) {
        Some(name) => format!("SIG{name}"),
        None => condition.to_string(),
    }
}
