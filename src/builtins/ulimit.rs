//! `ulimit [-SHa] [-Rcdefilmnpqrstuvx [limit]] [limit]`: the resource
//! limits of the shell and its children, as bash 5.2 shows and sets them
//! on Linux.

use super::{lossy, print};
use crate::state::shell::{Shell, strerror, write_all};

const USAGE: &[u8] = b"ulimit: usage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\n";

/// What `-p` reports: the pipe buffer POSIX guarantees atomic (PIPE_BUF),
/// in 512-byte blocks, as bash computes it when built. It is no rlimit.
const PIPE_BLOCKS: u64 = 4096 / 512;

/// One resource: bash's letter, the rlimit, the unit its numbers count,
/// and the words `-a` shows.
struct Limit {
    letter: u8,
    /// `None` for the pipe size, which can only be read.
    resource: Option<libc::__rlimit_resource_t>,
    factor: u64,
    description: &'static str,
    units: Option<&'static str>,
}

/// bash's table, in its order, with the letters Linux has (bash's `-b`,
/// `-k`, `-w`, `-P` and `-T` are for other systems: invalid options here).
const LIMITS: &[Limit] = &[
    limit(
        b'R',
        Some(libc::RLIMIT_RTTIME),
        1,
        "real-time non-blocking time",
        Some("microseconds"),
    ),
    limit(
        b'c',
        Some(libc::RLIMIT_CORE),
        1024,
        "core file size",
        Some("blocks"),
    ),
    limit(
        b'd',
        Some(libc::RLIMIT_DATA),
        1024,
        "data seg size",
        Some("kbytes"),
    ),
    limit(
        b'e',
        Some(libc::RLIMIT_NICE),
        1,
        "scheduling priority",
        None,
    ),
    limit(
        b'f',
        Some(libc::RLIMIT_FSIZE),
        1024,
        "file size",
        Some("blocks"),
    ),
    limit(
        b'i',
        Some(libc::RLIMIT_SIGPENDING),
        1,
        "pending signals",
        None,
    ),
    limit(
        b'l',
        Some(libc::RLIMIT_MEMLOCK),
        1024,
        "max locked memory",
        Some("kbytes"),
    ),
    limit(
        b'm',
        Some(libc::RLIMIT_RSS),
        1024,
        "max memory size",
        Some("kbytes"),
    ),
    limit(b'n', Some(libc::RLIMIT_NOFILE), 1, "open files", None),
    limit(b'p', None, 512, "pipe size", Some("512 bytes")),
    limit(
        b'q',
        Some(libc::RLIMIT_MSGQUEUE),
        1,
        "POSIX message queues",
        Some("bytes"),
    ),
    limit(
        b'r',
        Some(libc::RLIMIT_RTPRIO),
        1,
        "real-time priority",
        None,
    ),
    limit(
        b's',
        Some(libc::RLIMIT_STACK),
        1024,
        "stack size",
        Some("kbytes"),
    ),
    limit(b't', Some(libc::RLIMIT_CPU), 1, "cpu time", Some("seconds")),
    limit(
        b'u',
        Some(libc::RLIMIT_NPROC),
        1,
        "max user processes",
        None,
    ),
    limit(
        b'v',
        Some(libc::RLIMIT_AS),
        1024,
        "virtual memory",
        Some("kbytes"),
    ),
    limit(b'x', Some(libc::RLIMIT_LOCKS), 1, "file locks", None),
];

const fn limit(
    letter: u8,
    resource: Option<libc::__rlimit_resource_t>,
    factor: u64,
    description: &'static str,
    units: Option<&'static str>,
) -> Limit {
    Limit {
        letter,
        resource,
        factor,
        description,
        units,
    }
}

/// Which of the two limits: `-S`, `-H`, or (neither given) the soft one
/// shown and both set.
#[derive(Clone, Copy, Default)]
struct Mode {
    soft: bool,
    hard: bool,
}

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut mode = Mode::default();
    let mut all = false;
    // Each resource asked for, with the limit given for it, if any.
    let mut asked: Vec<(&Limit, Option<&[u8]>)> = Vec::new();
    let mut i = 1;
    // bash's internal_getopt, where each resource letter takes an
    // optional argument: the rest of the word, or the next word unless
    // it starts with `-`.
    while let Some(word) = args.get(i) {
        if word == b"--" {
            i += 1;
            break;
        }
        if word.len() < 2 || word[0] != b'-' {
            break;
        }
        i += 1;
        let mut j = 1;
        while j < word.len() {
            let c = word[j];
            j += 1;
            match c {
                b'a' => all = true,
                b'S' => mode.soft = true,
                b'H' => mode.hard = true,
                _ => {
                    let Some(lim) = LIMITS.iter().find(|l| l.letter == c) else {
                        sh.error(format!("ulimit: -{}: invalid option", c as char));
                        let _ = write_all(2, USAGE);
                        return 2;
                    };
                    let arg = if j < word.len() {
                        let rest = &word[j..];
                        j = word.len();
                        Some(rest)
                    } else {
                        match args.get(i) {
                            Some(next) if !next.starts_with(b"-") => {
                                i += 1;
                                Some(next.as_slice())
                            }
                            _ => None,
                        }
                    };
                    asked.push((lim, arg));
                }
            }
        }
    }
    let mut operands = args[i..].iter();
    if all {
        let shown = if mode.soft || !mode.hard {
            Mode::soft_only()
        } else {
            mode
        };
        return show_all(sh, shown);
    }
    if asked.is_empty() {
        // `ulimit [limit]` is `ulimit -f [limit]`.
        let f = LIMITS.iter().find(|l| l.letter == b'f');
        asked.extend(f.map(|l| (l, None)));
    }
    // POSIX: an operand is the limit of the last resource named.
    if let Some(last) = asked.last_mut()
        && last.1.is_none()
    {
        last.1 = operands.next().map(Vec::as_slice);
    }
    let several = asked.len() > 1;
    for (lim, arg) in asked {
        if one(sh, lim, arg, mode, several) != 0 {
            return 1;
        }
    }
    0
}

impl Mode {
    fn soft_only() -> Mode {
        Mode {
            soft: true,
            hard: false,
        }
    }
}

fn show_all(sh: &Shell, mode: Mode) -> i32 {
    let mut out = String::new();
    for lim in LIMITS {
        match get(lim) {
            Ok((soft, hard)) => {
                out += &line(lim, if mode.soft { soft } else { hard }, true);
            }
            Err(e) => {
                sh.error(format!(
                    "ulimit: {}: cannot get limit: {}",
                    lim.description,
                    strerror(e)
                ));
            }
        }
    }
    print(sh, "ulimit", out.as_bytes())
}

/// Show or set one limit.
fn one(sh: &Shell, lim: &Limit, arg: Option<&[u8]>, mode: Mode, several: bool) -> i32 {
    let (soft, hard) = match get(lim) {
        Ok(pair) => pair,
        Err(e) => {
            sh.error(format!(
                "ulimit: {}: cannot get limit: {}",
                lim.description,
                strerror(e)
            ));
            return 1;
        }
    };
    let Some(arg) = arg else {
        let value = if mode.soft || !mode.hard { soft } else { hard };
        return print(sh, "ulimit", line(lim, value, several).as_bytes());
    };
    let value = match arg {
        b"hard" => hard,
        b"soft" => soft,
        b"unlimited" => libc::RLIM_INFINITY,
        digits if digits.iter().all(u8::is_ascii_digit) => {
            let scaled = std::str::from_utf8(digits)
                .ok()
                .and_then(|d| {
                    if d.is_empty() {
                        Some(0)
                    } else {
                        d.parse::<u64>().ok()
                    }
                })
                .and_then(|n| n.checked_mul(lim.factor));
            match scaled {
                Some(v) => v,
                None => {
                    sh.error(format!("ulimit: {}: limit out of range", lossy(arg)));
                    return 1;
                }
            }
        }
        _ => {
            sh.error(format!("ulimit: {}: invalid number", lossy(arg)));
            return 1;
        }
    };
    // Setting with neither -S nor -H sets both.
    let mode = if mode.soft || mode.hard {
        mode
    } else {
        Mode {
            soft: true,
            hard: true,
        }
    };
    if let Err(e) = set(lim, value, mode) {
        sh.error(format!(
            "ulimit: {}: cannot modify limit: {}",
            lim.description,
            strerror(e)
        ));
        return 1;
    }
    0
}

/// The soft and hard limits, in bytes (or the resource's own unit).
fn get(lim: &Limit) -> nix::Result<(u64, u64)> {
    let Some(resource) = lim.resource else {
        let size = PIPE_BLOCKS * lim.factor;
        return Ok((size, size));
    };
    let mut rl = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes only into the rlimit it is given.
    if unsafe { libc::getrlimit(resource, &mut rl) } < 0 {
        return Err(nix::errno::Errno::last());
    }
    Ok((rl.rlim_cur, rl.rlim_max))
}

fn set(lim: &Limit, value: u64, mode: Mode) -> nix::Result<()> {
    let Some(resource) = lim.resource else {
        return Err(nix::errno::Errno::EINVAL);
    };
    let (soft, hard) = get(lim)?;
    // As bash: a user who may not raise the hard limit gets the hard limit
    // for `ulimit -S x unlimited`.
    let value = if value == libc::RLIM_INFINITY
        && !mode.hard
        && soft <= hard
        && !nix::unistd::geteuid().is_root()
    {
        hard
    } else {
        value
    };
    let rl = libc::rlimit {
        rlim_cur: if mode.soft { value } else { soft },
        rlim_max: if mode.hard { value } else { hard },
    };
    // SAFETY: setrlimit only reads the rlimit it is given.
    if unsafe { libc::setrlimit(resource, &rl) } < 0 {
        return Err(nix::errno::Errno::last());
    }
    Ok(())
}

/// A value as bash prints it, after `description (units, -x)` under `-a`
/// or when several limits are shown.
fn line(lim: &Limit, value: u64, described: bool) -> String {
    let mut out = String::new();
    if described {
        let units = match lim.units {
            Some(u) => format!("({u}, -{}) ", lim.letter as char),
            None => format!("(-{}) ", lim.letter as char),
        };
        out += &format!("{:<20} {:>20}", lim.description, units);
    }
    if value == libc::RLIM_INFINITY {
        out += "unlimited\n";
    } else {
        out += &format!("{}\n", value / lim.factor);
    }
    out
}
