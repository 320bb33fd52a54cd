//! What the user is told about jobs, in bash's words and columns:
//! `[1]+  Running                 sleep 100 &`.

use crate::jobs::table::{Job, JobTable, ProcState};
use crate::process::signals;
use crate::state::shell::{Shell, write_all};

/// How `jobs` shows a job.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `[1]+  Running                 sleep 100 &`
    Plain,
    /// `-l`: with the PID of every process, one line each.
    Long,
    /// `-p`: the process group leader's PID only.
    Pids,
    /// As `Long` without the `[1]+ ` head: how a non-interactive shell
    /// tells of a background job killed by a signal, after `jsh: line N: `.
    Unmarked,
}

/// The state column of a job: for the whole job (the last process tells how
/// it ended), or with `long` for one process of it, naming the signal that
/// stopped it. True with it if a core was dumped.
fn status_of(job: &Job, state: Option<ProcState>, long: bool) -> (String, bool) {
    if job.is_running() {
        return ("Running".into(), false);
    }
    if job.is_stopped() && !long {
        return ("Stopped".into(), false);
    }
    match state {
        Some(ProcState::Exited(0)) | None => ("Done".into(), false),
        Some(ProcState::Exited(n)) => (format!("Exit {n}"), false),
        Some(ProcState::Signaled { sig, core }) => (signals::describe(sig), core),
        Some(ProcState::Stopped(sig)) => (signals::describe(sig), false),
        Some(ProcState::Running) => ("Running".into(), false),
    }
}

/// The state column, as `jobs` shows it. `long` names the signal that
/// stopped the job.
pub fn state_text(job: &Job, long: bool) -> String {
    let state = if long && job.is_stopped() {
        job.procs
            .iter()
            .map(|p| p.state)
            .find(|s| matches!(s, ProcState::Stopped(_)))
    } else {
        job.procs.last().map(|p| p.state)
    };
    let (text, core) = status_of(job, state, long);
    if core {
        format!("{text} (core dumped)")
    } else {
        text
    }
}

/// bash pads the state to this width (its longest signal description).
const STATE_WIDTH: usize = 24;

/// The state column padded, and bash's `(core dumped) ` after it.
fn state_field(text: &str, core: bool) -> String {
    let core = if core { "(core dumped) " } else { "" };
    format!("{text:<STATE_WIDTH$}{core}")
}

/// The line(s) `jobs` prints for `job`, each ending in a newline.
pub fn job_lines(table: &JobTable, job: &Job, style: Style) -> String {
    let mark = table.mark(job.id);
    let amp = if job.is_running() { " &" } else { "" };
    match style {
        Style::Pids => match job.pgid.or(job.procs.first().map(|p| p.pid)) {
            Some(pid) => format!("{pid}\n"),
            None => String::new(),
        },
        Style::Plain => {
            let (text, core) = status_of(job, job.procs.last().map(|p| p.state), false);
            let state = state_field(&text, core);
            format!("[{}]{mark}  {state}{}{amp}\n", job.id, job.command)
        }
        Style::Long => format!("[{}]{mark} {}", job.id, long_lines(job, amp)),
        Style::Unmarked => long_lines(job, amp),
    }
}

/// One line per process, with its PID in bash's 5 columns; a later
/// process's state is left blank when it is the first one's.
fn long_lines(job: &Job, amp: &str) -> String {
    let mut out = String::new();
    let Some(first) = job.procs.first() else {
        return out;
    };
    let last = job.procs.len() - 1;
    for (i, p) in job.procs.iter().enumerate() {
        let tail = if i == last { amp } else { "" };
        let lead = if i == 0 { "" } else { "     " };
        let state = if i == 0 || p.state != first.state {
            let (text, core) = status_of(job, Some(p.state), true);
            state_field(&text, core)
        } else {
            // bash pads an empty state as if it were two wide: the `| `
            // that starts a later process's text fills the column.
            " ".repeat(STATE_WIDTH - 2)
        };
        out += &format!("{lead}{:>5} {state}{}{tail}\n", p.pid, p.command);
    }
    out
}

/// What kind of shell tells of its jobs, which decides what it tells
/// (bash's `notify_of_job_status`).
#[derive(Clone, Copy)]
pub struct Telling<'a> {
    pub interactive: bool,
    pub job_control: bool,
    /// Reading a script file or standard input (neither the terminal nor
    /// `-c`): bash then tells only of jobs killed by a signal.
    pub script: bool,
    /// `jsh: line N: `, before a non-interactive shell's report of a job
    /// killed by a signal.
    pub prefix: &'a str,
}

impl Telling<'_> {
    /// An interactive shell with job control (the prompt, `set -b`).
    pub const INTERACTIVE: Telling<'static> = Telling {
        interactive: true,
        job_control: true,
        script: false,
        prefix: "",
    };
}

/// A signal a non-interactive bash does not report a background job killed
/// by: Ctrl+C, the ordinary `kill`, and the usual end of a pipeline.
fn quiet_signal(sig: i32) -> bool {
    matches!(sig, libc::SIGINT | libc::SIGTERM | libc::SIGPIPE)
}

/// What to say of one job that changed, if anything; `None` leaves it
/// untold, to be told later (`jobs`).
fn tell_one(table: &JobTable, job: &Job, how: &Telling) -> Option<String> {
    let signal = match job.procs.last().map(|p| p.state) {
        Some(ProcState::Signaled { sig, core }) => Some((sig, core)),
        _ => None,
    };
    let finished = job.is_finished();
    if how.script && signal.is_none() && ((finished && !job.foreground) || job.is_stopped()) {
        return None;
    }
    if how.interactive && !how.job_control {
        return Some(String::new());
    }
    if !finished {
        // Stopped: on a line of its own (after a `^Z` echo, say).
        return Some(format!("\n{}", job_lines(table, job, Style::Plain)));
    }
    Some(match signal {
        Some((sig, _)) if !how.interactive && !quiet_signal(sig) => {
            format!("{}{}", how.prefix, job_lines(table, job, Style::Unmarked))
        }
        Some((sig, core)) if job.foreground => {
            if sig == libc::SIGINT || sig == libc::SIGPIPE {
                String::new()
            } else {
                let core = if core { " (core dumped)" } else { "" };
                format!("{}{core}\n", signals::describe(sig))
            }
        }
        _ if job.foreground || !how.job_control => String::new(),
        _ => job_lines(table, job, Style::Plain),
    })
}

/// The lines for jobs that finished or stopped since the user was last
/// told, in order of job number, as `+`/`-` stand before any of them
/// leaves; then the finished ones leave the table (each is told once).
pub fn take_news(table: &mut JobTable, how: &Telling) -> String {
    let mut out = String::new();
    let mut told = Vec::new();
    for job in table.iter().filter(|j| j.changed) {
        if let Some(text) = tell_one(table, job, how) {
            out += &text;
            told.push(job.id);
        }
    }
    for id in told {
        if table.get(id).is_some_and(Job::is_finished) {
            table.remove(id);
        } else if let Some(j) = table.get_mut(id) {
            j.changed = false;
            j.shown = true;
        }
    }
    out
}

impl Shell {
    /// Tell the user of jobs that stopped or ended since last told (bash's
    /// `notify_and_cleanup`): before a prompt, after each foreground job,
    /// and as `wait` sees jobs end; a non-interactive shell also before
    /// each command it reads. `line` is the line a non-interactive shell's
    /// report names.
    pub fn tell_news(&mut self, line: u32) {
        if !self.jobs.iter().any(|j| j.changed) {
            return;
        }
        let prefix = if self.interactive {
            String::new()
        } else {
            let name = self.source_name.as_deref().unwrap_or(&self.arg0);
            format!("{}: line {line}: ", String::from_utf8_lossy(name))
        };
        let how = Telling {
            interactive: self.interactive,
            job_control: self.job_control,
            script: !self.interactive && !self.command_string,
            prefix: &prefix,
        };
        let news = take_news(&mut self.jobs, &how);
        if !news.is_empty() {
            let _ = write_all(2, news.as_bytes());
        }
    }
}

impl Shell {
    /// `set -b` in an interactive shell: a job that changed while the
    /// shell waits for another is told at once, as bash tells it from its
    /// SIGCHLD handler, not when the foreground job is over.
    pub fn tell_news_now(&mut self) {
        if self.options.notify && self.interactive {
            self.tell_news(self.line);
        }
    }

    /// A new foreground job killed by a signal is named (bash's
    /// `notify_of_job_status`). A non-interactive shell says where and
    /// which process, as for a background job (`jsh: line 3: 1234 Killed
    /// sleep 9`), unless the signal is SIGINT, SIGTERM or SIGPIPE or one
    /// the shell itself traps; otherwise only the signal is named, except
    /// for SIGINT (told by a newline after `^C`) and SIGPIPE, which is how
    /// pipelines normally end.
    pub fn tell_foreground_death(&mut self, job: &Job) {
        let Some(ProcState::Signaled { sig, core }) = job.procs.last().map(|p| p.state) else {
            return;
        };
        let text = if !self.interactive && !quiet_signal(sig) && !signals::is_trapped(sig) {
            let name = self.source_name.as_deref().unwrap_or(&self.arg0);
            let name = String::from_utf8_lossy(name);
            // bash never says line 0.
            let line = self.line.max(1);
            format!("{name}: line {line}: {}", long_lines(job, ""))
        } else if sig == libc::SIGINT || sig == libc::SIGPIPE {
            return;
        } else {
            let core = if core { " (core dumped)" } else { "" };
            format!("{}{core}\n", signals::describe(sig))
        };
        let _ = write_all(2, text.as_bytes());
    }
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
    use crate::jobs::table::Proc;
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
