//! Issue 8, failed `exec` at the prompt and builtins' usage errors there,
//! through a real pseudo-terminal (tests/pty); the same tests pass against
//! bash (`JSH_TEST_SHELL=bash cargo test --test field_fds_pty`). The
//! non-interactive cases are in tests/field_fds.rs.

#[macro_use]
#[path = "pty/mod.rs"]
mod pty;

use pty::{CTRL_C, CTRL_Z, Shell, name, stopped};

terms!(
    failed_exec_leaves_the_shell_whole,
    too_many_arguments_at_the_prompt,
    descriptors_at_the_prompt
);

/// The shell's signal dispositions (`SigIgn`, `SigCgt` of /proc/PID/status).
fn dispositions(pid: i32) -> (String, String) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read status");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    (field("SigIgn:"), field("SigCgt:"))
}

/// `exec` of a file that is not there, or not runnable, at the prompt:
/// the error, and the shell goes on as before: same signal dispositions,
/// jobs stop and are interrupted, and the shell keeps the terminal.
fn failed_exec_leaves_the_shell_whole(term: &str) {
    let mut sh = Shell::start(term);
    let pgrp = sh.stat().pgrp;
    let before = dispositions(sh.pid);
    let n = name();

    // The messages are checked last: first that the shell survived.
    let missing = sh.run("exec /nonexistent");
    let missing_status = sh.status();
    let not_runnable = sh.run("exec /etc/passwd");
    let not_runnable_status = sh.status();
    assert_eq!(
        dispositions(sh.pid),
        before,
        "the shell's signal dispositions are as before the failed exec"
    );
    assert_eq!(sh.stat().tpgid, pgrp, "the shell holds the terminal");

    sh.enter("sleep 100");
    let sleep = sh.wait_fg_job(&["sleep"])[0].pid;
    sh.key(CTRL_Z);
    let out = sh.prompt();
    assert!(out.contains("Stopped"), "a stopped job: {out:?}");
    sh.wait_until("the job to stop", |_| stopped(sleep));
    assert_eq!(sh.stat().tpgid, pgrp, "the terminal came back to the shell");

    sh.enter("sleep 50");
    sh.wait_fg_job(&["sleep"]);
    sh.key(CTRL_C);
    sh.prompt();
    assert_eq!(sh.stat().tpgid, pgrp, "the terminal came back to the shell");
    assert_eq!(sh.status(), 130);
    assert_eq!(sh.run("echo alive"), "alive\n");
    assert_eq!(sh.stat().tpgid, pgrp);

    assert_eq!(
        missing,
        format!("{n}: /nonexistent: No such file or directory\n")
    );
    assert_eq!(missing_status, 127);
    assert_eq!(
        not_runnable,
        format!(
            "{n}: /etc/passwd: Permission denied\n\
             {n}: exec: /etc/passwd: cannot execute: Permission denied\n"
        )
    );
    assert_eq!(not_runnable_status, 126);
}

/// At the prompt, `exit 1 2` says `exit`, complains and stays; like
/// `shift 1 2` it abandons the rest of the line, status 1.
fn too_many_arguments_at_the_prompt(term: &str) {
    let mut sh = Shell::start(term);
    let n = name();
    let out = sh.run("exit 1 2; echo after");
    assert_eq!(out, format!("exit\n{n}: exit: too many arguments\n"));
    assert_eq!(sh.status(), 1);
    let out = sh.run("shift 1 2; echo after");
    assert_eq!(out, format!("{n}: shift: too many arguments\n"));
    assert_eq!(sh.status(), 1);
    assert_eq!(sh.run("echo alive"), "alive\n");
}

/// At the prompt too, children see only 0, 1, 2 (and `ls` its own 3),
/// and the user's `exec 10>file` is theirs: the line editor's and the
/// notifier's descriptors are out of the way.
fn descriptors_at_the_prompt(term: &str) {
    let mut sh = Shell::start(term);
    assert_eq!(sh.run("ls /proc/self/fd | cat"), "0\n1\n2\n3\n");
    assert_eq!(sh.run("ls -1 /proc/self/fd"), "0\n1\n2\n3\n");
    assert_eq!(sh.run("exec 10>x 11>y"), "");
    assert_eq!(
        sh.run("echo hi >&10; /bin/echo ho >&11; cat x y"),
        "hi\nho\n"
    );
    assert_eq!(sh.run("exec 10>&- 11>&-"), "");
    assert_eq!(sh.run("ls -1 /proc/self/fd"), "0\n1\n2\n3\n");
    // Still a working shell: a job, its end, the prompt.
    assert_eq!(sh.run("sleep 0; echo done"), "done\n");
    assert_eq!(sh.stat().tpgid, sh.stat().pgrp);
}
