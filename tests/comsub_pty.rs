//! Command substitution at the terminal (issue 9): a `$(` continued over
//! lines at the PS2 prompt, Ctrl+C during `x=$(sleep ...)`, and the text
//! `jobs` shows for a job with a substitution. Every scenario runs under
//! TERM=dumb and TERM=xterm-256color, and passes against bash too
//! (`JSH_TEST_SHELL=bash`).

#[macro_use]
#[path = "pty/mod.rs"]
mod pty;

use pty::{CTRL_C, CTRL_Z, Shell, all_stats, bg_pid, count_lines, gone, job_line};

terms!(
    ps2_inside_substitution,
    ctrl_c_ends_a_substitution,
    jobs_shows_substitutions
);

/// `$(` left open at the end of a line: PS2 until its `)`, then one
/// command runs.
fn ps2_inside_substitution(term: &str) {
    let mut sh = Shell::start(term);
    sh.enter("echo $(echo a");
    sh.expect("> ");
    sh.enter("echo b)");
    assert_eq!(sh.prompt(), "a b\n");
    sh.enter("x=`echo c");
    sh.expect("> ");
    sh.enter("echo d`");
    sh.prompt();
    assert_eq!(sh.run("echo \"$x\""), "c\nd\n");
}

/// Ctrl+C while `x=$(sleep 100)` waits: the substitution's child is in
/// the shell's own process group (no job), the key reaches it, and the
/// shell drops the rest of the line and prompts again.
fn ctrl_c_ends_a_substitution(term: &str) {
    let mut sh = Shell::start(term);
    sh.enter("x=$(sleep 100); echo not-reached");
    let me = sh.stat();
    let sleeper = sh.wait_for("the substitution's sleep", |_| {
        all_stats().into_iter().find(|s| {
            s.session == me.session
                && std::fs::read(format!("/proc/{}/cmdline", s.pid)).unwrap_or_default()
                    == b"sleep\x00100\x00"
        })
    });
    assert_eq!(sleeper.pgrp, me.pgrp, "{sleeper:?} is in the shell's group");
    assert_eq!(
        sleeper.ppid, sh.pid,
        "one process: the sleep is exec'd in place"
    );
    assert_eq!(sh.stat().tpgid, me.pgrp, "no job took the terminal");
    // Ctrl+Z stops nothing: the shell waits for the output, so a stopped
    // child would hang it (bash ignores the stop signals there too). The
    // shell under test leads a session whose group is orphaned, where the
    // kernel drops keyboard stops anyway: this checks the outcome only.
    sh.key(CTRL_Z);
    sh.settle();
    let state = pty::stat(sleeper.pid).map(|s| s.state);
    assert_eq!(state, Some('S'), "the sleep is not stopped");
    sh.key(CTRL_C);
    let out = sh.prompt();
    assert_eq!(count_lines(&out, "not-reached"), 0, "{out:?}");
    sh.wait_until("the sleep to end", |_| gone(sleeper.pid));
    assert_eq!(sh.run("echo after"), "after\n");
    assert_eq!(sh.run("jobs"), "", "a substitution is never a job");
}

/// `jobs` shows a substitution as bash prints it: `$(...)` from the
/// tree, backquotes as written.
fn jobs_shows_substitutions(term: &str) {
    let mut sh = Shell::start(term);
    let out = sh.run("sleep 100 $(  echo   1  ) `echo    2` &");
    bg_pid(&sh, &out, 1);
    let jobs = sh.run("jobs");
    assert_eq!(
        jobs.trim_end(),
        job_line(1, '+', "Running", "sleep 100 $(echo 1) `echo    2` &"),
        "{jobs:?}"
    );
    sh.run("kill %1");
}
