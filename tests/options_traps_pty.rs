//! Traps and `ignoreeof` at the terminal (issue 10): a trap on SIGINT runs
//! for Ctrl+C at the prompt and leaves job control as it was; `set -o
//! ignoreeof` keeps Ctrl+D from ending the shell. Every scenario runs
//! under TERM=dumb and TERM=xterm-256color, and passes against bash too
//! (`JSH_TEST_SHELL=bash`).

#[macro_use]
#[path = "pty/mod.rs"]
mod pty;

use pty::{CTRL_C, CTRL_D, CTRL_Z, Setup, Shell, gone, job_line, stopped};

terms!(
    sigint_trap_at_the_prompt,
    ignoreeof_keeps_the_shell,
    tstp_and_chld_traps_keep_job_control,
);

/// `trap 'echo caught' INT`: Ctrl+C at the prompt runs it (once) and a
/// new prompt comes; a foreground job still gets Ctrl+C and dies of it,
/// with the shell holding the terminal afterwards; `trap - INT` ends it.
fn sigint_trap_at_the_prompt(term: &str) {
    let mut sh = Shell::start(term);
    sh.run("trap 'echo caught-int' INT");
    sh.send("half typed");
    sh.expect("half typed");
    sh.settle();
    sh.key(CTRL_C);
    let out = sh.prompt();
    assert_eq!(out.matches("caught-int").count(), 1, "{out:?}");
    assert_eq!(sh.run("echo alive"), "alive\n");

    sh.enter("sleep 100");
    let job = sh.wait_fg_job(&["sleep"]);
    assert_eq!(sh.stat().tpgid, job[0].pgrp, "the job holds the terminal");
    sh.key(CTRL_C);
    sh.prompt();
    sh.wait_until("the sleep to die", |_| gone(job[0].pid));
    assert_eq!(
        sh.stat().tpgid,
        sh.pid,
        "the shell holds the terminal again"
    );
    assert_eq!(sh.run("trap -p INT"), "trap -- 'echo caught-int' SIGINT\n");

    // A loop of builtins only: Ctrl+C reaches the shell, which runs the
    // action and goes on with the line (no line abandoned, as in bash).
    // (Short lines: bash scrolls a long one sideways under TERM=dumb.)
    sh.run("s=; trap 'echo caught-int; s=1' INT");
    sh.enter("while case $s in 1) false;; esac; do :; done; echo loop-ended");
    sh.settle();
    sh.key(CTRL_C);
    let out = sh.prompt();
    assert!(out.contains("caught-int"), "{out:?}");
    assert!(out.contains("loop-ended"), "the line went on: {out:?}");

    sh.run("trap - INT");
    sh.send("more");
    sh.expect("more");
    sh.key(CTRL_C);
    let out = sh.prompt();
    assert_eq!(out.matches("caught-int").count(), 0, "{out:?}");
    assert_eq!(sh.run("echo still"), "still\n");
}

/// Under `set -o ignoreeof` Ctrl+D at an empty prompt says bash's words
/// and the shell stays; once it is off, Ctrl+D ends the shell.
fn ignoreeof_keeps_the_shell(term: &str) {
    let mut sh = Shell::start(term);
    sh.run("set -o ignoreeof");
    sh.key(CTRL_D);
    let out = sh.prompt();
    assert!(out.contains("Use \"exit\" to leave the shell."), "{out:?}");
    assert_eq!(sh.run("echo here"), "here\n");
    sh.run("set +o ignoreeof");
    sh.key(CTRL_D);
    let status = sh.wait_exit();
    assert!(
        matches!(status, nix::sys::wait::WaitStatus::Exited(_, 0)),
        "{status:?}"
    );
}

/// `jsh -o vi`: the line is edited with vi's keys from the first prompt
/// (Escape, then `x` deletes the character under the cursor). Only on a
/// capable terminal: with TERM=dumb jsh reads plain lines.
#[test]
fn vi_mode_from_the_command_line() {
    let mut sh = Shell::start_with("xterm-256color", Setup::default().arg("-o").arg("vi"));
    sh.send("echo abz");
    sh.expect("echo abz");
    // Escape alone first (sent with the `x` it would read as Alt+x);
    // command mode moves the cursor back, which shows it was taken.
    let mark = sh.written();
    sh.send("\x1b");
    sh.wait_written_after(mark, "ESC to enter vi command mode");
    sh.send("x\r");
    let out = sh.prompt();
    assert!(out.lines().any(|l| l.trim_end() == "ab"), "{out:?}");
    assert!(
        sh.run("set -o | grep -E '^(vi|emacs) '")
            .contains("vi             \ton")
    );
}

/// Traps on SIGTSTP and SIGCHLD in an interactive shell: Ctrl+Z still
/// stops the foreground job (which starts with SIGTSTP at its default),
/// the shell takes the terminal back, and `fg` and `kill` work on the job;
/// the SIGCHLD action runs as children end.
fn tstp_and_chld_traps_keep_job_control(term: &str) {
    let mut sh = Shell::start(term);
    sh.run("trap 'echo tstp-trap' TSTP");
    sh.run("trap 'echo chld-trap' CHLD");
    sh.enter("sleep 100");
    let job = sh.wait_fg_job(&["sleep"]);
    sh.key(CTRL_Z);
    let out = sh.prompt();
    assert!(
        out.contains(&job_line(1, '+', "Stopped", "sleep 100")),
        "{out:?}"
    );
    assert!(stopped(job[0].pid), "the job is stopped");
    assert_eq!(sh.stat().tpgid, sh.pid, "the shell holds the terminal");
    assert!(
        !out.contains("tstp-trap"),
        "the shell itself got no SIGTSTP: {out:?}"
    );
    sh.run("kill %1");
    sh.wait_until("the job to end", |_| gone(job[0].pid));
    let out = sh.run("/bin/true; echo done");
    assert!(out.contains("chld-trap"), "{out:?}");
    assert!(out.contains("done"), "{out:?}");
    assert_eq!(sh.run("echo alive"), "alive\n");
}
