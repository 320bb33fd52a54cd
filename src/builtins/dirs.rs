//! `dirs [-clpv] [+N] [-N]`: the directory stack of `pushd` and `popd`,
//! entry 0 being the current directory. Also what the three share:
//! reading `+N`/`-N`, showing the stack, and changing directory.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use super::{cd, lossy, print};
use crate::state::shell::{Shell, quoted_name, strerror, write_all};

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let (mut clear, mut long, mut lines, mut numbered) = (false, false, false, false);
    let mut index = None;
    let mut operands = args.iter().skip(1);
    for arg in operands.by_ref() {
        match arg.as_slice() {
            b"-c" => clear = true,
            b"-l" => long = true,
            b"-p" => lines = true,
            b"-v" => numbered = true,
            b"--" => break,
            _ => match offset(arg) {
                Some(n) => index = Some((n, arg.clone())),
                None => {
                    let why = if arg.starts_with(b"-") || arg.starts_with(b"+") {
                        "invalid number"
                    } else {
                        "invalid option"
                    };
                    return usage(sh, "dirs", &format!("{}: {why}", lossy(arg)));
                }
            },
        }
    }
    if clear {
        sh.dir_stack.clear();
        return 0;
    }
    let full = stack(sh);
    let show = |i: usize, dir: &[u8]| {
        let name = if long { dir.to_vec() } else { tilde(sh, dir) };
        if numbered {
            [format!("{i:2}  ").into_bytes(), name].concat()
        } else {
            name
        }
    };
    let mut out = Vec::new();
    if let Some((n, arg)) = index {
        let Some(i) = position(&full, n) else {
            if full.len() == 1 {
                return empty(sh, "dirs");
            }
            let number = lossy(arg.strip_prefix(b"+").unwrap_or(&arg));
            let number = number.trim_start_matches('-');
            return out_of_range(sh, "dirs", number);
        };
        out = show(i, &full[i]);
        out.push(b'\n');
    } else {
        let separator = if lines || numbered { b'\n' } else { b' ' };
        for (i, dir) in full.iter().enumerate() {
            if i > 0 {
                out.push(separator);
            }
            out.extend_from_slice(&show(i, dir));
        }
        out.push(b'\n');
    }
    print(sh, "dirs", &out)
}

/// An offset into the stack: `+N` from the left, `-N` from the right.
#[derive(Clone, Copy)]
pub(super) enum Offset {
    Left(usize),
    Right(usize),
}

/// `+N` or `-N`, if `arg` is one.
pub(super) fn offset(arg: &[u8]) -> Option<Offset> {
    let (sign, digits) = arg.split_first()?;
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = std::str::from_utf8(digits).ok()?.parse().ok()?;
    match sign {
        b'+' => Some(Offset::Left(n)),
        b'-' => Some(Offset::Right(n)),
        _ => None,
    }
}

/// The index in `full` an offset names, if it is in range.
pub(super) fn position(full: &[Vec<u8>], at: Offset) -> Option<usize> {
    match at {
        Offset::Left(n) => (n < full.len()).then_some(n),
        Offset::Right(n) => full.len().checked_sub(n + 1),
    }
}

/// The whole stack, the current directory first.
pub(super) fn stack(sh: &mut Shell) -> Vec<Vec<u8>> {
    let cwd = cd::current(sh).unwrap_or_default();
    std::iter::once(cwd)
        .chain(sh.dir_stack.iter().cloned())
        .collect()
}

/// `dir` with `$HOME` at its start written `~`, as `dirs` shows it.
fn tilde(sh: &Shell, dir: &[u8]) -> Vec<u8> {
    match sh.vars.get(b"HOME") {
        Some(home) if !home.is_empty() => match dir.strip_prefix(home) {
            Some(rest) if rest.is_empty() || rest.starts_with(b"/") => [b"~", rest].concat(),
            _ => dir.to_vec(),
        },
        _ => dir.to_vec(),
    }
}

/// After a change, `pushd` and `popd` show the stack as `dirs` does.
pub(super) fn show_stack(sh: &mut Shell) -> i32 {
    run(sh, &[b"dirs".to_vec()])
}

/// A bad argument: bash's message, the usage line, status 2.
pub(super) fn usage(sh: &Shell, name: &str, message: &str) -> i32 {
    sh.error(format!("{name}: {message}"));
    let synopsis = super::SYNOPSES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or("", |s| s.1);
    let _ = write_all(2, format!("{name}: usage: {synopsis}\n").as_bytes());
    2
}

pub(super) fn out_of_range(sh: &Shell, name: &str, arg: &str) -> i32 {
    sh.error(format!("{name}: {arg}: directory stack index out of range"));
    1
}

pub(super) fn empty(sh: &Shell, name: &str) -> i32 {
    sh.error(format!("{name}: directory stack empty"));
    1
}

/// Go to `dir` as `cd` does (logically, relative to the current
/// directory), setting PWD and OLDPWD; errors name `builtin`.
pub(super) fn change_to(sh: &mut Shell, builtin: &str, dir: &[u8]) -> Result<(), i32> {
    let old = cd::current(sh);
    let base: &[u8] = match &old {
        Some(cwd) if !dir.starts_with(b"/") => cwd,
        _ => b"",
    };
    let logical = cd::normalize(base, dir);
    let new_pwd = if nix::unistd::chdir(OsStr::from_bytes(&logical)).is_ok() {
        logical
    } else {
        if let Err(e) = nix::unistd::chdir(OsStr::from_bytes(dir)) {
            let name = quoted_name(dir);
            sh.error(
                [
                    builtin.as_bytes(),
                    b": ",
                    &name,
                    b": ",
                    strerror(e).as_bytes(),
                ]
                .concat(),
            );
            return Err(1);
        }
        match std::env::current_dir() {
            Ok(d) => d.as_os_str().as_bytes().to_vec(),
            Err(_) => logical,
        }
    };
    if let Some(old) = old {
        sh.vars.set(b"OLDPWD", old);
    }
    sh.vars.set(b"PWD", new_pwd.clone());
    sh.cwd = Some(new_pwd);
    Ok(())
}
