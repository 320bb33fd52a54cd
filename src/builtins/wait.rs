//! `wait [pid | %job ...]`.

use nix::unistd::Pid;

use super::lossy;
use crate::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    if args.len() == 1 {
        sh.wait_all();
        return 0;
    }
    let mut status = 0;
    for arg in &args[1..] {
        status = match target(sh, arg) {
            Ok(pid) => match sh.wait_for_pid(pid) {
                Some(s) => s,
                None => {
                    sh.error(&format!("wait: pid {pid} is not a child of this shell"));
                    127
                }
            },
            Err(s) => s,
        };
    }
    status
}

/// The process to wait for: a PID, or `%N` (its job's last process).
fn target(sh: &Shell, arg: &[u8]) -> Result<Pid, i32> {
    let text = std::str::from_utf8(arg).unwrap_or("");
    if let Some(spec) = text.strip_prefix('%') {
        return spec
            .parse::<usize>()
            .ok()
            .and_then(|id| sh.jobs.get(id))
            .and_then(|j| j.last_pid())
            .ok_or_else(|| {
                sh.error(&format!("wait: {text}: no such job"));
                127
            });
    }
    match text.parse::<i32>() {
        Ok(pid) if pid > 0 => Ok(Pid::from_raw(pid)),
        _ => {
            sh.error(&format!(
                "wait: `{}': not a pid or valid job spec",
                lossy(arg)
            ));
            Err(2)
        }
    }
}
