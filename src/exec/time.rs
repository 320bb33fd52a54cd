//! bash's `time` keyword: how long a pipeline took, in real time (a
//! monotonic clock) and in user and system CPU time (getrusage deltas of
//! the shell and of its waited-for children), written to standard error
//! in the format of `TIMEFORMAT`, or POSIX's with `time -p`.

use std::time::{Duration, Instant};

use nix::sys::resource::{UsageWho, getrusage};

use crate::state::shell::{Shell, write_all};
use crate::syntax::ast::Time;

/// bash's format when `TIMEFORMAT` is unset.
const DEFAULT_FORMAT: &str = "\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS";

/// POSIX's, for `time -p`.
const POSIX_FORMAT: &str = "real %2R\nuser %2U\nsys %2S";

/// The clocks when the timed pipeline started.
pub struct Stopwatch {
    start: Instant,
    cpu: Cpu,
}

/// CPU time used so far by the shell and its children.
#[derive(Clone, Copy)]
struct Cpu {
    user: Duration,
    system: Duration,
}

impl Cpu {
    fn now() -> Cpu {
        let mut cpu = Cpu {
            user: Duration::ZERO,
            system: Duration::ZERO,
        };
        for who in [UsageWho::RUSAGE_SELF, UsageWho::RUSAGE_CHILDREN] {
            // Should getrusage fail, that part counts as nothing.
            if let Ok(usage) = getrusage(who) {
                cpu.user += duration(usage.user_time());
                cpu.system += duration(usage.system_time());
            }
        }
        cpu
    }
}

fn duration(tv: nix::sys::time::TimeVal) -> Duration {
    let micros = tv.tv_sec() * 1_000_000 + tv.tv_usec();
    Duration::from_micros(u64::try_from(micros).unwrap_or(0))
}

impl Stopwatch {
    pub fn start() -> Stopwatch {
        Stopwatch {
            start: Instant::now(),
            cpu: Cpu::now(),
        }
    }

    /// Write the report of the pipeline that just ended.
    pub fn report(self, sh: &Shell, how: Time) {
        let real = self.start.elapsed();
        let cpu = Cpu::now();
        let times = Times {
            real,
            user: cpu.user.saturating_sub(self.cpu.user),
            system: cpu.system.saturating_sub(self.cpu.system),
        };
        let format = match how {
            Time::Posix => POSIX_FORMAT.as_bytes().to_vec(),
            Time::Format => match sh.vars.get(b"TIMEFORMAT") {
                Some(f) => f.to_vec(),
                None => DEFAULT_FORMAT.as_bytes().to_vec(),
            },
        };
        // An empty TIMEFORMAT asks for no report at all.
        if format.is_empty() {
            return;
        }
        match render(&format, &times) {
            Ok(mut text) => {
                text.push(b'\n');
                let _ = write_all(2, &text);
            }
            Err(c) => sh.error(format!(
                "TIMEFORMAT: `{}': invalid format character",
                char::from(c)
            )),
        }
    }
}

/// The three times of one pipeline.
pub struct Times {
    pub real: Duration,
    pub user: Duration,
    pub system: Duration,
}

/// `format` with its `%[p][l]R`, `%[p][l]U`, `%[p][l]S`, `%P` and `%%`
/// replaced; the character after a `%` that is none of them if there is
/// one (bash then writes no report).
pub fn render(format: &[u8], t: &Times) -> Result<Vec<u8>, u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < format.len() {
        let c = format[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        let Some(&next) = format.get(i) else {
            // A `%` that ends the format is itself.
            out.push(b'%');
            break;
        };
        if next == b'%' {
            out.push(b'%');
            i += 1;
            continue;
        }
        if next == b'P' {
            out.extend_from_slice(percent(t).as_bytes());
            i += 1;
            continue;
        }
        let mut precision = 3;
        if next.is_ascii_digit() {
            // More than three digits are three: the times are in ms.
            precision = usize::from(next - b'0').min(3);
            i += 1;
        }
        let long = format.get(i) == Some(&b'l');
        if long {
            i += 1;
        }
        let value = match format.get(i) {
            Some(b'R') => t.real,
            Some(b'U') => t.user,
            Some(b'S') => t.system,
            Some(&other) => return Err(other),
            None => return Err(b'%'),
        };
        i += 1;
        out.extend_from_slice(seconds(value, precision, long).as_bytes());
    }
    Ok(out)
}

/// A time as bash writes it: rounded to the millisecond, then cut to
/// `precision` digits; `long` is `1m2.345s`.
fn seconds(d: Duration, precision: usize, long: bool) -> String {
    let millis = (d.as_micros() + 500) / 1000;
    let (secs, frac) = (millis / 1000, millis % 1000);
    let fraction = if precision == 0 {
        String::new()
    } else {
        let digits = format!("{frac:03}");
        format!(".{}", &digits[..precision])
    };
    if long {
        format!("{}m{}{fraction}s", secs / 60, secs % 60)
    } else {
        format!("{secs}{fraction}")
    }
}

/// `%P`: CPU time over real time, in per cent with two decimals.
fn percent(t: &Times) -> String {
    let real = t.real.as_micros();
    let cpu = (t.user + t.system).as_micros();
    let hundredths = (cpu * 10_000).checked_div(real).unwrap_or(0);
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(real: u64, user: u64, system: u64) -> Times {
        Times {
            real: Duration::from_micros(real),
            user: Duration::from_micros(user),
            system: Duration::from_micros(system),
        }
    }

    #[test]
    fn bash_formats() {
        let times = t(101_400, 2_600, 0);
        let default = render(DEFAULT_FORMAT.as_bytes(), &times).unwrap();
        assert_eq!(default, b"\nreal\t0m0.101s\nuser\t0m0.003s\nsys\t0m0.000s");
        let posix = render(POSIX_FORMAT.as_bytes(), &times).unwrap();
        assert_eq!(posix, b"real 0.10\nuser 0.00\nsys 0.00");
        let long = render(b"%lR %0R %1lR %9R %% a%", &t(61_234_567, 0, 0)).unwrap();
        assert_eq!(long, b"1m1.235s 61 1m1.2s 61.235 % a%");
        assert_eq!(render(b"%P", &t(100_000, 3_710, 0)).unwrap(), b"3.71");
        assert_eq!(render(b"%P", &t(0, 0, 0)).unwrap(), b"0.00");
        assert_eq!(render(b"[%x]", &times), Err(b'x'));
        assert_eq!(render(b"%3P", &times), Err(b'P'));
    }
}
