//! `exec [cmd [arg...]]`: replace the shell. Redirections given with it
//! have already been applied for good by the executor.

use std::ffi::{CString, c_char};

use super::lossy;
use crate::shell::Shell;
use crate::shell::strerror;
use crate::spawn;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let Some(name) = args.get(1) else {
        return 0;
    };
    let path_var = sh.vars.get(b"PATH").map(<[u8]>::to_vec);
    let generation = sh.vars.path_generation();
    let Some(path) = sh.paths.lookup(name, path_var.as_deref(), generation) else {
        sh.error(&format!("exec: {}: not found", lossy(name)));
        return fail(sh, 127);
    };
    let strings: Vec<CString> = args[1..]
        .iter()
        .map(|a| CString::new(a.as_slice()).unwrap_or_default())
        .collect();
    let mut argv: Vec<*const c_char> = strings.iter().map(|s| s.as_ptr()).collect();
    argv.push(std::ptr::null());
    let envp = sh.vars.envp();
    // SAFETY: argv is null-terminated and points into `strings`; envp is the
    // environment block the shell keeps alive.
    let errno = unsafe { spawn::exec_in_place(&path, &argv, envp) };
    sh.error(&format!(
        "exec: {}: {}",
        lossy(path.as_bytes()),
        strerror(errno)
    ));
    fail(
        sh,
        if errno == nix::errno::Errno::ENOENT {
            127
        } else {
            126
        },
    )
}

/// A failed exec ends a non-interactive shell, as in bash.
fn fail(sh: &mut Shell, status: i32) -> i32 {
    if !sh.interactive {
        sh.exit_request = Some(status);
    }
    status
}
