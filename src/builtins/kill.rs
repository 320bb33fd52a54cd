//! `kill [-s SIG | -n NUM | -SIG] pid|jobspec...` and `kill -l [N|SIG]`.

use nix::errno::Errno;
use nix::sys::signal::Signal;

use super::print;
use crate::state::shell::{Shell, strerror, write_all};

const USAGE: &str =
    "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]";

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let args: Vec<String> = args[1..]
        .iter()
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect();
    if args.is_empty() {
        return usage();
    }
    let mut sig = Some(libc::SIGTERM);
    let mut spec = String::from("TERM");
    let mut listing = false;
    let mut saw_signal = false;
    let mut rest = args.as_slice();
    // bash's loop: options until the first operand; only the first
    // `-SIG` is a signal, later ones are process groups.
    while let Some(word) = rest.first().map(String::as_str) {
        let given = match word {
            "-l" | "-L" => {
                listing = true;
                rest = &rest[1..];
                continue;
            }
            "-s" | "-n" => {
                let Some(next) = rest.get(1) else {
                    sh.error(format!("kill: {word}: option requires an argument"));
                    return 1;
                };
                rest = &rest[1..];
                next.as_str()
            }
            // bash: `-sNAME` (a letter after s) and `-nDIGITS`, so that
            // `-sigcont` is the signal `igcont`.
            w if w.starts_with("-s") && w[2..].starts_with(|c: char| c.is_ascii_alphabetic()) => {
                &w[2..]
            }
            w if w.starts_with("-n") && w[2..].starts_with(|c: char| c.is_ascii_digit()) => &w[2..],
            "--" => {
                rest = &rest[1..];
                break;
            }
            w if w.starts_with('-') && !saw_signal => &w[1..],
            _ => break,
        };
        spec = given.to_string();
        sig = decode_signal(given);
        saw_signal = true;
        rest = &rest[1..];
    }
    if listing {
        return list(sh, rest);
    }
    let Some(sig) = sig else {
        sh.error(format!("kill: {spec}: invalid signal specification"));
        return 1;
    };
    if rest.is_empty() {
        return usage();
    }
    // As bash, each failure is reported and the others still signalled;
    // the status says whether any was.
    let mut any = false;
    for target in rest {
        match signal_target(sh, target, sig) {
            Ok(()) => any = true,
            Err(Failure::Signal) => sh.error(format!("kill: {spec}: invalid signal specification")),
            Err(Failure::Other(msg)) => sh.error(format!("kill: {msg}")),
        }
    }
    i32::from(!any)
}

/// bash prints its usage line without the shell's name, status 2.
fn usage() -> i32 {
    let _ = write_all(2, format!("{USAGE}\n").as_bytes());
    2
}

enum Failure {
    /// The system has no such signal (EINVAL).
    Signal,
    Other(String),
}

fn signal_target(sh: &mut Shell, target: &str, sig: i32) -> Result<(), Failure> {
    let other = |e: Errno, pid: i32| {
        if e == Errno::EINVAL {
            Failure::Signal
        } else {
            Failure::Other(format!("({pid}) - {}", strerror(e)))
        }
    };
    if target.starts_with('%') {
        let id = sh
            .jobs
            .find(target)
            .map_err(|e| Failure::Other(e.to_string()))?;
        let Some(job) = sh.jobs.get(id) else {
            return Ok(());
        };
        let result = match job.pgid {
            Some(pgid) => send(-pgid.as_raw(), sig).map_err(|e| other(e, pgid.as_raw())),
            None => job
                .procs
                .iter()
                .try_for_each(|p| send(p.pid.as_raw(), sig).map_err(|e| other(e, p.pid.as_raw()))),
        };
        result?;
        // A stopped job cannot act on TERM or HUP until it runs again.
        if job.is_stopped() && (sig == libc::SIGTERM || sig == libc::SIGHUP) {
            let job = job.clone();
            sh.send_continue(&job);
        }
        // As bash: SIGCONT sent here marks the job running at once, without
        // choosing `%+` again (SIGCONT from elsewhere does, when seen).
        if sig == libc::SIGCONT
            && let Some(j) = sh.jobs.get_mut(id)
            && j.is_stopped()
        {
            j.continued();
        }
        return Ok(());
    }
    let Some(pid) = legal_number(target).and_then(|n| i32::try_from(n).ok()) else {
        return Err(Failure::Other(if target.is_empty() {
            format!("`{target}': not a pid or valid job spec")
        } else {
            format!("{target}: arguments must be process or job IDs")
        }));
    };
    send(pid, sig).map_err(|e| other(e, pid))
}

/// kill(2), with any signal number (nix has no real-time signals).
fn send(pid: i32, sig: i32) -> Result<(), Errno> {
    // SAFETY: kill takes plain integers and touches no memory.
    if unsafe { libc::kill(pid, sig) } < 0 {
        return Err(Errno::last());
    }
    Ok(())
}

/// bash's `legal_number`: an integer with optional sign, blanks around it.
fn legal_number(text: &str) -> Option<i64> {
    let t = text.trim_start().trim_end();
    if t.is_empty() {
        return None;
    }
    t.parse().ok()
}

/// Trap conditions bash counts after the signals (its `BASH_NSIG`):
/// `kill -l ERR` says 66, but none of them can be sent.
const PSEUDO_SIGNALS: [(&str, i32); 3] = [("DEBUG", 65), ("ERR", 66), ("RETURN", 67)];

/// bash's `decode_signal`: a number below NSIG, `EXIT` (0), a signal name
/// with or without `SIG` in any case, `RTMIN+n`, or a pseudo-signal.
fn decode_signal(spec: &str) -> Option<i32> {
    if let Some(n) = legal_number(spec) {
        return (0..=64).contains(&n).then_some(n as i32);
    }
    let upper = spec.to_ascii_uppercase();
    let bare = upper.strip_prefix("SIG").unwrap_or(&upper);
    if let Some(offset) = bare.strip_prefix("RTMIN+") {
        let (min, max) = (libc::SIGRTMIN(), libc::SIGRTMAX());
        return legal_number(offset)
            .filter(|&n| (0..=i64::from(max - min)).contains(&n))
            .map(|n| min + n as i32);
    }
    if upper == "EXIT" {
        return Some(0);
    }
    if let Some(&(_, n)) = PSEUDO_SIGNALS.iter().find(|(name, _)| *name == upper) {
        return Some(n);
    }
    parse_signal(spec).filter(|&n| n > 0)
}

/// A signal by number, or by name with or without `SIG`, any case.
pub fn parse_signal(spec: &str) -> Option<i32> {
    if let Ok(n) = spec.parse::<i32>() {
        return (0..=64).contains(&n).then_some(n);
    }
    let upper = spec.to_ascii_uppercase();
    let name = upper.strip_prefix("SIG").unwrap_or(&upper);
    (1..=64).find(|&n| signal_name(n).as_deref() == Some(name))
}

/// bash's name for signal `n`, without `SIG`: `TERM`, `RTMIN+3`.
pub fn signal_name(n: i32) -> Option<String> {
    let (min, max) = (libc::SIGRTMIN(), libc::SIGRTMAX());
    if let Ok(s) = Signal::try_from(n) {
        return Some(s.as_str().trim_start_matches("SIG").to_string());
    }
    if n == min {
        Some("RTMIN".into())
    } else if n == max {
        Some("RTMAX".into())
    } else if n > min && n - min <= (max - min) / 2 {
        Some(format!("RTMIN+{}", n - min))
    } else if n > min && n < max {
        Some(format!("RTMAX-{}", max - n))
    } else {
        None
    }
}

/// `kill -l`: the table, or the name/number of each argument (an exit
/// status above 128 names the signal that caused it). Each answer is
/// written as it comes, between the errors, as bash does.
fn list(sh: &Shell, args: &[String]) -> i32 {
    if args.is_empty() {
        let mut out = String::new();
        let mut col = 0;
        for n in 1..=64 {
            let Some(name) = signal_name(n) else { continue };
            out += &format!("{n:2}) SIG{name}");
            col += 1;
            out.push(if col % 5 == 0 { '\n' } else { '\t' });
        }
        if col % 5 != 0 {
            out.push('\n');
        }
        return print(sh, "kill", out.as_bytes());
    }
    let mut status = 0;
    for arg in args {
        let answer = match legal_number(arg) {
            Some(mut n) => {
                if n > 128 {
                    n -= 128;
                }
                match n {
                    0 => Some("EXIT\n".to_string()),
                    // bash has no name for the signals glibc keeps for
                    // itself (32, 33): it prints nothing and succeeds.
                    1..=64 => Some(signal_name(n as i32).map_or(String::new(), |s| s + "\n")),
                    _ => None,
                }
            }
            None => decode_signal(arg).map(|n| format!("{n}\n")),
        };
        match answer {
            Some(text) => {
                if print(sh, "kill", text.as_bytes()) != 0 {
                    return 1;
                }
            }
            None => {
                sh.error(format!("kill: {arg}: invalid signal specification"));
                status = 1;
            }
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers() {
        assert_eq!(parse_signal("TERM"), Some(15));
        assert_eq!(parse_signal("sigkill"), Some(9));
        assert_eq!(parse_signal("9"), Some(9));
        assert_eq!(parse_signal("FOO"), None);
        assert_eq!(signal_name(9).as_deref(), Some("KILL"));
        assert_eq!(
            signal_name(libc::SIGRTMIN() + 1).as_deref(),
            Some("RTMIN+1")
        );
        assert_eq!(
            signal_name(libc::SIGRTMAX() - 1).as_deref(),
            Some("RTMAX-1")
        );
    }
}
