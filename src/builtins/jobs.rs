//! `jobs [-lnprs] [jobspec...]`.

use super::{options, print};
use crate::jobs::report::{self, Style};
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    // In a forked child (a pipeline stage, `$(...)`): the jobs of the
    // shell it came from, as bash lists them.
    if sh.jobs.is_empty()
        && let Some(view) = sh.inherited_jobs.take()
    {
        sh.jobs = view;
        let status = list(sh, args);
        sh.inherited_jobs = Some(std::mem::take(&mut sh.jobs));
        return status;
    }
    list(sh, args)
}

fn list(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let (flags, operands) = match options(sh, "jobs", args, "lnprs") {
        Ok(parsed) => parsed,
        Err(status) => return status,
    };
    let style = if flags.contains('p') {
        Style::Pids
    } else if flags.contains('l') {
        Style::Long
    } else {
        Style::Plain
    };
    let (running, stopped, changed_only) = (
        flags.contains('r'),
        flags.contains('s'),
        flags.contains('n'),
    );
    let specs: Vec<String> = operands
        .iter()
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect();
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
                    sh.error(format!("jobs: {e}"));
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
        if !wanted || (changed_only && job.shown && !job.changed) {
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
            j.shown = true;
        }
    }
    if print(sh, "jobs", out.as_bytes()) != 0 {
        return 1;
    }
    status
}
