//! `kill [-s SIG | -n NUM | -SIG] pid|jobspec...` and `kill -l [N|SIG]`.

use nix::sys::signal::{Signal, kill, killpg};
use nix::unistd::Pid;

use super::print;
use crate::state::shell::{Shell, strerror};

const USAGE: &str =
    "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]";

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let args: Vec<String> = args[1..]
        .iter()
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect();
    let mut sig = libc::SIGTERM;
    let mut rest = args.as_slice();
    match rest.first().map(String::as_str) {
        None => {
            sh.error(USAGE);
            return 2;
        }
        Some("-l" | "-L") => return list(sh, &rest[1..]),
        Some("-s" | "-n") => {
            let Some(spec) = rest.get(1) else {
                sh.error(format!("kill: {}: option requires an argument", rest[0]));
                return 1;
            };
            match parse_signal(spec) {
                Some(n) => sig = n,
                None => {
                    sh.error(format!("kill: {spec}: invalid signal specification"));
                    return 1;
                }
            }
            rest = &rest[2..];
        }
        Some("--") => rest = &rest[1..],
        Some(opt) if opt.starts_with('-') && opt.len() > 1 => {
            match parse_signal(&opt[1..]) {
                Some(n) => sig = n,
                None => {
                    sh.error(format!("kill: {}: invalid signal specification", &opt[1..]));
                    return 1;
                }
            }
            rest = &rest[1..];
        }
        _ => {}
    }
    if rest.is_empty() {
        sh.error(USAGE);
        return 2;
    }
    let mut status = 0;
    for target in rest {
        if let Err(msg) = signal_target(sh, target, sig) {
            sh.error(format!("kill: {msg}"));
            status = 1;
        }
    }
    status
}

fn signal_target(sh: &mut Shell, target: &str, sig: i32) -> Result<(), String> {
    let signal = if sig == 0 {
        None
    } else {
        Some(Signal::try_from(sig).map_err(strerror)?)
    };
    if target.starts_with('%') {
        let id = sh.jobs.find(target).map_err(|e| e.to_string())?;
        let Some(job) = sh.jobs.get(id) else {
            return Ok(());
        };
        let result = match job.pgid {
            Some(pgid) => killpg(pgid, signal),
            None => job.procs.iter().try_for_each(|p| kill(p.pid, signal)),
        };
        // bash names the process group (or the first process) that failed.
        let target_pid = job.pgid.or(job.procs.first().map(|p| p.pid));
        result.map_err(|e| match target_pid {
            Some(pid) => format!("({pid}) - {}", strerror(e)),
            None => format!("{target}: {}", strerror(e)),
        })?;
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
    let pid: i32 = target
        .parse()
        .map_err(|_| format!("{target}: arguments must be process or job IDs"))?;
    kill(Pid::from_raw(pid), signal).map_err(|e| format!("({pid}) - {}", strerror(e)))
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
/// status above 128 names the signal that caused it).
fn list(sh: &Shell, args: &[String]) -> i32 {
    let mut out = String::new();
    if args.is_empty() {
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
        if let Ok(mut n) = arg.parse::<i32>() {
            if n > 128 {
                n -= 128;
            }
            match signal_name(n) {
                Some(name) => out += &format!("{name}\n"),
                None => {
                    sh.error(format!("kill: {arg}: invalid signal specification"));
                    status = 1;
                }
            }
        } else {
            match parse_signal(arg) {
                Some(n) => out += &format!("{n}\n"),
                None => {
                    sh.error(format!("kill: {arg}: invalid signal specification"));
                    status = 1;
                }
            }
        }
    }
    print(sh, "kill", out.as_bytes());
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
