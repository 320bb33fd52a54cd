//! `fg [jobspec]` and `bg [jobspec...]`.

use super::print;
use crate::state::shell::Shell;

/// Resolve the spec in `args[1]` (default: the current job), or report why
/// not as `NAME: ...`.
fn job_arg(sh: &mut Shell, name: &str, arg: Option<&Vec<u8>>) -> Option<usize> {
    if !sh.job_control {
        sh.error(format!("{name}: no job control"));
        return None;
    }
    sh.jobs.reap(true);
    let found = match arg {
        Some(a) => sh.jobs.find(&String::from_utf8_lossy(a)),
        None => sh.jobs.find_current(),
    };
    match found {
        Ok(id) => Some(id),
        Err(e) => {
            sh.error(format!("{name}: {e}"));
            None
        }
    }
}

pub fn run_fg(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let Some(id) = job_arg(sh, "fg", args.get(1)) else {
        return 1;
    };
    if sh.jobs.get(id).is_some_and(|j| j.is_finished()) {
        sh.error("fg: job has terminated");
        sh.jobs.remove(id);
        return 1;
    }
    sh.continue_in_foreground(id)
}

pub fn run_bg(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let specs: Vec<Option<&Vec<u8>>> = if args.len() > 1 {
        args[1..].iter().map(Some).collect()
    } else {
        vec![None]
    };
    let mut status = 0;
    for spec in specs {
        let Some(id) = job_arg(sh, "bg", spec) else {
            status = 1;
            continue;
        };
        let Some(job) = sh.jobs.get(id) else { continue };
        if job.is_finished() {
            sh.error("bg: job has terminated");
            status = 1;
            continue;
        }
        if job.is_running() {
            sh.error(format!("bg: job {id} already in background"));
            continue;
        }
        let line = format!("[{id}]{} {} &\n", sh.jobs.mark(id), job.command);
        print(sh, "bg", line.as_bytes());
        let job = job.clone();
        sh.send_continue(&job);
        if let Some(j) = sh.jobs.get_mut(id) {
            j.continued();
        }
        // As bash: the job now runs, so a stopped one may take its mark.
        sh.jobs.reset_current();
    }
    status
}
