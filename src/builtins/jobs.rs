//! `jobs [-lnprs] [jobspec...]`.

use super::print;
use crate::report::{self, Style};
use crate::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut style = Style::Plain;
    let (mut running, mut stopped, mut changed_only) = (false, false, false);
    let mut specs = Vec::new();
    let mut options_done = false;
    for arg in &args[1..] {
        let text = String::from_utf8_lossy(arg).into_owned();
        if !options_done && text == "--" {
            options_done = true;
        } else if !options_done && text.len() > 1 && text.starts_with('-') {
            for c in text[1..].chars() {
                match c {
                    'l' => style = Style::Long,
                    'p' => style = Style::Pids,
                    'r' => running = true,
                    's' => stopped = true,
                    'n' => changed_only = true,
                    _ => {
                        sh.error(&format!("jobs: -{c}: invalid option"));
                        sh.error_to(
                            2,
                            "jobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]",
                        );
                        return 2;
                    }
                }
            }
        } else {
            options_done = true;
            specs.push(text);
        }
    }
    sh.jobs.reap(sh.job_control);
    let mut status = 0;
    let ids: Vec<usize> = if specs.is_empty() {
        sh.jobs.iter().map(|j| j.id).collect()
    } else {
        let mut ids = Vec::new();
        for spec in &specs {
            match sh.jobs.find(spec) {
                Ok(id) => ids.push(id),
                Err(e) => {
                    sh.error(&format!("jobs: {e}"));
                    status = 1;
                }
            }
        }
        ids
    };
    let mut out = String::new();
    let mut reported = Vec::new();
    for id in ids {
        let Some(job) = sh.jobs.get(id) else { continue };
        let wanted = (!running && !stopped)
            || (running && job.is_running())
            || (stopped && job.is_stopped());
        if !wanted || (changed_only && !job.changed) {
            continue;
        }
        out += &report::job_lines(&sh.jobs, job, style);
        reported.push(id);
    }
    // Listing a job counts as telling the user about it: a finished job is
    // shown as Done once, then forgotten.
    for id in reported {
        let finished = sh.jobs.get(id).is_some_and(|j| j.is_finished());
        if finished {
            sh.jobs.remove(id);
        } else if let Some(j) = sh.jobs.get_mut(id) {
            j.changed = false;
        }
    }
    if print(sh, "jobs", out.as_bytes()) != 0 {
        return 1;
    }
    status
}
