//! `exec [cmd [arg...]]`: replace the shell. Redirections given with it
//! have already been applied for good by the executor.

use nix::errno::Errno;

use super::lossy;
use crate::exec::exec_error;
use crate::shell::Shell;
use crate::spawn::{self, ArgVector};

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let Some(name) = args.get(1) else {
        return 0;
    };
    let Some(path) = sh.find_command(name) else {
        sh.error(format!("exec: {}: not found", lossy(name)));
        return fail(sh, 127);
    };
    let interpreter = sh.interpreter();
    let mut argv = ArgVector::new(&interpreter, &args[1..]);
    let envp = sh.vars.envp();
    // SAFETY: envp is the environment block the shell keeps alive.
    let errno = unsafe { spawn::exec_program(&path, &mut argv, envp, &interpreter) };
    let msg = exec_error(path.as_bytes(), path.as_bytes(), errno);
    sh.error(format!("exec: {msg}"));
    fail(sh, if errno == Errno::ENOENT { 127 } else { 126 })
}

/// A failed exec ends a non-interactive shell, as in bash.
fn fail(sh: &mut Shell, status: i32) -> i32 {
    if !sh.interactive {
        sh.exit_request = Some(status);
    }
    status
}
