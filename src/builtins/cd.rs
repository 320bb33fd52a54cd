//! `cd [-L|-P] [dir | -]`: keeps PWD logical (symlinks as walked), as bash.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;

use super::{options, print};
use crate::state::shell::Shell;
use crate::state::shell::strerror;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let (flags, rest) = match options(sh, "cd", args, "LP") {
        Ok(parsed) => parsed,
        Err(status) => return status,
    };
    let physical = super::physical(sh, &flags);
    if rest.len() > 1 {
        sh.error("cd: too many arguments");
        return 1;
    }
    // The argument is borrowed: a `cd` in a loop copies nothing it need not.
    let (target, mut announce): (Cow<[u8]>, bool) = match rest.first().map(Vec::as_slice) {
        None => match sh.vars.get(b"HOME") {
            Some(home) => (home.to_vec().into(), false),
            None => {
                sh.error("cd: HOME not set");
                return 1;
            }
        },
        Some(b"-") => match sh.vars.get(b"OLDPWD") {
            Some(old) => (old.to_vec().into(), true),
            None => {
                sh.error("cd: OLDPWD not set");
                return 1;
            }
        },
        Some(dir) => (dir.into(), false),
    };
    if target.is_empty() {
        return 0;
    }
    learn_current(sh);
    // Taken, not cloned: it becomes OLDPWD, and `sh.cwd` the new directory.
    let old = sh.cwd.take();
    // CDPATH first, as bash; the directory is then named on stdout.
    let mut found = None;
    for (dir, named) in super::cdpath::candidates(sh, &target) {
        if let Ok(pwd) = enter(old.as_deref(), &dir, physical) {
            // bash names the path it tried under -P, else the new PWD.
            announce |= named;
            found = Some((pwd, physical.then_some(dir)));
            break;
        }
    }
    let (new_pwd, shown) = match found {
        Some(entered) => entered,
        None => match enter(old.as_deref(), &target, physical) {
            Ok(pwd) => (pwd, None),
            Err(e) => {
                sh.cwd = old;
                let name = crate::state::shell::quoted_name(&target);
                sh.error([b"cd: ".as_slice(), &name, b": ", strerror(e).as_bytes()].concat());
                return 1;
            }
        },
    };
    if let Some(old) = &old {
        set_if_changed(sh, b"OLDPWD", old);
    }
    set_if_changed(sh, b"PWD", &new_pwd);
    let status = if announce {
        let mut line = shown.unwrap_or_else(|| new_pwd.clone());
        line.push(b'\n');
        print(sh, "cd", &line)
    } else {
        0
    };
    sh.cwd = Some(new_pwd);
    status
}

/// Go to `target` from the logical directory `old`: the new PWD.
fn enter(old: Option<&[u8]>, target: &[u8], physical: bool) -> nix::Result<Vec<u8>> {
    // With no known current directory (it was deleted, and PWD is unset)
    // a relative path can only be followed physically.
    let physical = physical || (old.is_none() && !target.starts_with(b"/"));
    let base: &[u8] = match old {
        Some(dir) if !target.starts_with(b"/") => dir,
        _ => b"",
    };
    // As bash, `dir/..` is resolved by text only when dir is a directory
    // (`cd nonexistent/..` fails); else the path is followed as it is.
    if !physical
        && let Some(logical) = normalize_checked(base, target, is_dir)
        && chdir(&logical).is_ok()
    {
        return Ok(logical);
    }
    chdir(target)?;
    Ok(match std::env::current_dir() {
        Ok(d) => d.as_os_str().as_bytes().to_vec(),
        Err(_) => normalize(base, target),
    })
}

fn is_dir(path: &[u8]) -> bool {
    std::fs::metadata(OsStr::from_bytes(path)).is_ok_and(|m| m.is_dir())
}

fn chdir(path: &[u8]) -> nix::Result<()> {
    nix::unistd::chdir(OsStr::from_bytes(path))
}

/// PWD is exported: setting it to the same value would still make the next
/// spawn rebuild the environment (`cd .` in a loop).
fn set_if_changed(sh: &mut Shell, name: &[u8], value: &[u8]) {
    if sh.vars.get(name) != Some(value) {
        sh.vars.set(name, value.to_vec());
    }
}

/// The shell's idea of the current directory: where `cd` last went, or at
/// first PWD if it names the current directory.
pub fn current(sh: &mut Shell) -> Option<Vec<u8>> {
    learn_current(sh);
    sh.cwd.clone()
}

/// Fill in `sh.cwd` if the shell does not know it yet.
fn learn_current(sh: &mut Shell) {
    if sh.cwd.is_none() {
        sh.cwd = match sh.vars.get(b"PWD") {
            Some(pwd) if names_cwd(pwd) => Some(pwd.to_vec()),
            _ => std::env::current_dir()
                .ok()
                .map(|d| d.as_os_str().as_bytes().to_vec()),
        };
    }
}

/// Does the absolute path `dir` name the current directory?
pub fn names_cwd(dir: &[u8]) -> bool {
    if !dir.starts_with(b"/") {
        return false;
    }
    match (
        std::fs::metadata(OsStr::from_bytes(dir)),
        std::fs::metadata("."),
    ) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// `base/path` with `.` and `..` resolved by text, as `cd -L` does.
pub fn normalize(base: &[u8], path: &[u8]) -> Vec<u8> {
    normalize_checked(base, path, |_| true).unwrap_or_default()
}

/// [`normalize`], `None` when `dir_ok` says no to what precedes a `..`.
fn normalize_checked(base: &[u8], path: &[u8], dir_ok: impl Fn(&[u8]) -> bool) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(base.len() + path.len() + 2);
    for part in base.split(|&b| b == b'/').chain(path.split(|&b| b == b'/')) {
        match part {
            b"" | b"." => {}
            b".." => {
                if !dir_ok(if out.is_empty() { b"/" } else { &out }) {
                    return None;
                }
                let cut = out.iter().rposition(|&b| b == b'/').unwrap_or(0);
                out.truncate(cut);
            }
            p => {
                out.push(b'/');
                out.extend_from_slice(p);
            }
        }
    }
    if out.is_empty() {
        out.push(b'/');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn logical_paths() {
        assert_eq!(normalize(b"", b"/a/b/../c/./d/"), b"/a/c/d");
        assert_eq!(normalize(b"", b"/.."), b"/");
        assert_eq!(normalize(b"/tmp", b"x//y/.."), b"/tmp/x");
    }
}
