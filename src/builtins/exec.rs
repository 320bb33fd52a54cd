//! `exec [cmd [arg...]]`: replace the shell. Redirections given with it
//! have already been applied for good by the executor.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;

use nix::errno::Errno;

use super::lossy;
use crate::exec::run::exec_error;
use crate::process::spawn::{self, ArgVector};
use crate::state::shell::{Shell, strerror};

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let Some(name) = args.get(1) else {
        return 0;
    };
    let Some(path) = sh.find_command(name) else {
        if is_dir(name) {
            let why = strerror(Errno::EISDIR);
            sh.error(format!("exec: {}: cannot execute: {why}", lossy(name)));
            return fail(sh, 126);
        }
        sh.error(format!("exec: {}: not found", lossy(name)));
        return fail(sh, 127);
    };
    let interpreter = sh.interpreter();
    let mut argv = ArgVector::new(&interpreter, &args[1..]);
    let envp = sh.vars.envp();
    // SAFETY: envp is the environment block the shell keeps alive.
    let errno = unsafe { spawn::exec_program(&path, &mut argv, envp, &interpreter) };
    // bash names the file by its full path, in two messages when it is
    // there but cannot be run.
    let shown = full_path(sh, path.as_bytes());
    sh.error(exec_error(&shown, path.as_bytes(), errno));
    if errno == Errno::ENOENT {
        return fail(sh, 127);
    }
    if let Some(why) = not_executable(path.as_bytes()) {
        let shown = lossy(&shown);
        sh.error(format!("exec: {shown}: cannot execute: {}", strerror(why)));
    }
    fail(sh, 126)
}

/// A failed exec ends a non-interactive shell, as in bash.
fn fail(sh: &mut Shell, status: i32) -> i32 {
    if !sh.interactive {
        sh.exit_request = Some(status);
    }
    status
}

fn is_dir(path: &[u8]) -> bool {
    std::fs::metadata(OsStr::from_bytes(path)).is_ok_and(|m| m.is_dir())
}

/// Why the file at `path` is not something exec can run, if it is not:
/// a directory, or no execute permission.
fn not_executable(path: &[u8]) -> Option<Errno> {
    let meta = std::fs::metadata(OsStr::from_bytes(path)).ok()?;
    if meta.is_dir() {
        return Some(Errno::EISDIR);
    }
    let cpath = spawn::cstring(path);
    // SAFETY: access only reads the path.
    let runnable = unsafe { libc::access(cpath.as_ptr(), libc::X_OK) } == 0;
    (!runnable || meta.permissions().mode() & 0o111 == 0).then_some(Errno::EACCES)
}

/// `path` as bash's exec shows it: a relative name with a slash gets the
/// current directory in front, a leading `./` dropped.
fn full_path(sh: &mut Shell, path: &[u8]) -> Vec<u8> {
    if path.starts_with(b"/") {
        return path.to_vec();
    }
    let Some(mut dir) = super::current_dir(sh) else {
        return path.to_vec();
    };
    let rest = path.strip_prefix(b".").filter(|r| r.starts_with(b"/"));
    match rest {
        Some(rest) => dir.extend_from_slice(rest),
        None => {
            dir.push(b'/');
            dir.extend_from_slice(path);
        }
    }
    dir
}
