//! What the user is told about jobs, in bash's words and columns:
//! `[1]+  Running                 sleep 100 &`.

use crate::jobs::{Job, JobTable, ProcState};
use crate::signals;

/// How `jobs` shows a job.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `[1]+  Running                 sleep 100 &`
    Plain,
    /// `-l`: with the PID of every process, one line each.
    Long,
    /// `-p`: the process group leader's PID only.
    Pids,
}

/// The state column. `long` names the signal that stopped the job.
pub fn state_text(job: &Job, long: bool) -> String {
    if job.is_finished() {
        return match job.procs.last().map(|p| p.state) {
            Some(ProcState::Exited(0)) | None => "Done".into(),
            Some(ProcState::Exited(n)) => format!("Exit {n}"),
            Some(ProcState::Signaled { sig, core }) => {
                let core = if core { " (core dumped)" } else { "" };
                format!("{}{core}", signals::describe(sig))
            }
            Some(_) => "Done".into(),
        };
    }
    match job.stop_signal() {
        Some(sig) if long && sig != libc::SIGTSTP => signals::describe(sig),
        Some(_) if job.is_stopped() => "Stopped".into(),
        _ => "Running".into(),
    }
}

/// The line(s) `jobs` prints for `job`, each ending in a newline.
pub fn job_lines(table: &JobTable, job: &Job, style: Style) -> String {
    let mark = table.mark(job.id);
    let amp = if job.is_running() { " &" } else { "" };
    let state = state_text(job, style == Style::Long);
    match style {
        Style::Pids => match job.pgid.or(job.procs.first().map(|p| p.pid)) {
            Some(pid) => format!("{pid}\n"),
            None => String::new(),
        },
        Style::Plain => format!("[{}]{mark}  {state:<24}{}{amp}\n", job.id, job.command),
        Style::Long => {
            let mut out = String::new();
            let last = job.procs.len().saturating_sub(1);
            for (i, p) in job.procs.iter().enumerate() {
                let tail = if i == last { amp } else { "" };
                if i == 0 {
                    let head = format!("[{}]{mark}", job.id);
                    // bash prints PIDs in a 5-column field.
                    out += &format!("{head} {:>5} {state:<24}{}{tail}\n", p.pid, p.command);
                } else {
                    out += &format!("     {:>5}{:23}{}{tail}\n", p.pid, "", p.command);
                }
            }
            out
        }
    }
}

/// The lines for jobs that finished or stopped since the user was last
/// told; finished jobs then leave the table (each is reported once).
pub fn take_news(table: &mut JobTable) -> String {
    let changed: Vec<usize> = table.iter().filter(|j| j.changed).map(|j| j.id).collect();
    let mut out = String::new();
    for id in changed {
        let Some(job) = table.get(id) else { continue };
        out += &job_lines(table, job, Style::Plain);
        if job.is_finished() {
            table.remove(id);
        } else if let Some(j) = table.get_mut(id) {
            j.changed = false;
            j.shown = true;
        }
    }
    out
}

/// Per-process command texts of a pipeline, as `jobs -l` lists them:
/// `["sleep 100", "| cat"]`.
pub fn process_texts(commands: &[String]) -> Vec<String> {
    commands
        .iter()
        .enumerate()
        .map(|(i, c)| if i == 0 { c.clone() } else { format!("| {c}") })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::Proc;
    use nix::unistd::Pid;

    fn job(states: &[ProcState]) -> Job {
        let mut j = Job::new("sleep 100 | cat".into());
        let texts = process_texts(&["sleep 100".into(), "cat".into()]);
        j.procs = states
            .iter()
            .zip(texts)
            .enumerate()
            .map(|(i, (&state, command))| Proc {
                pid: Pid::from_raw(100 + i as i32),
                state,
                command,
            })
            .collect();
        j
    }

    #[test]
    fn bash_columns() {
        let mut t = JobTable::default();
        t.add(job(&[ProcState::Running, ProcState::Running]));
        let j = t.get(1).unwrap();
        assert_eq!(
            job_lines(&t, j, Style::Plain),
            "[1]+  Running                 sleep 100 | cat &\n"
        );
        assert_eq!(
            job_lines(&t, j, Style::Long),
            "[1]+   100 Running                 sleep 100\n       101                       | cat &\n"
        );
    }

    #[test]
    fn states() {
        let done = job(&[ProcState::Exited(0), ProcState::Exited(0)]);
        assert_eq!(state_text(&done, false), "Done");
        let exit = job(&[ProcState::Exited(0), ProcState::Exited(2)]);
        assert_eq!(state_text(&exit, false), "Exit 2");
        let killed = job(&[
            ProcState::Exited(0),
            ProcState::Signaled {
                sig: 15,
                core: false,
            },
        ]);
        assert_eq!(state_text(&killed, false), "Terminated");
        let ttin = job(&[
            ProcState::Stopped(libc::SIGTTIN),
            ProcState::Stopped(libc::SIGTTIN),
        ]);
        assert_eq!(state_text(&ttin, false), "Stopped");
        assert_eq!(state_text(&ttin, true), "Stopped (tty input)");
        let tstp = job(&[
            ProcState::Stopped(libc::SIGTSTP),
            ProcState::Stopped(libc::SIGTSTP),
        ]);
        assert_eq!(state_text(&tstp, true), "Stopped");
    }
}
