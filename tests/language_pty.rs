//! The command language at the terminal (issue 9): continuation prompts
//! inside compound commands, Ctrl+C ending a loop, compound commands as
//! background jobs and as pipeline stages, each job one process group.
//! Every scenario runs under TERM=dumb and TERM=xterm-256color, and passes
//! against bash too (`JSH_TEST_SHELL=bash`).

#[macro_use]
#[path = "pty/mod.rs"]
mod pty;

use pty::{CTRL_C, Shell, Stat, all_stats, bg_pid, count_lines, gone, job_line};

terms!(
    ps2_inside_compound_commands,
    ctrl_c_ends_a_loop,
    background_brace_group_is_one_job,
    compound_pipeline_is_one_process_group,
);

/// Type `lines` of one command, each but the first at the PS2 prompt.
#[track_caller]
fn type_lines(sh: &mut Shell, lines: &[&str]) -> String {
    for (i, line) in lines.iter().enumerate() {
        sh.enter(line);
        if i + 1 < lines.len() {
            sh.expect("> ");
        }
    }
    sh.prompt()
}

/// `if`, `for`, `case` and a function typed over several lines: PS2 until
/// the closing word, then one command runs.
fn ps2_inside_compound_commands(term: &str) {
    let mut sh = Shell::start(term);
    assert_eq!(
        type_lines(&mut sh, &["if true", "then echo yes", "else echo no", "fi"]),
        "yes\n"
    );
    assert_eq!(
        type_lines(&mut sh, &["for i in a b", "do", "  echo item-$i", "done"]),
        "item-a\nitem-b\n"
    );
    assert_eq!(
        type_lines(&mut sh, &["case x in", "  x) echo cx;;", "", "esac"]),
        "cx\n"
    );
    assert_eq!(type_lines(&mut sh, &["f() {", "echo in-f", "}"]), "");
    assert_eq!(sh.run("f"), "in-f\n");
}

/// Ctrl+C while `while true; do sleep 1; done` runs ends the whole loop
/// (and the rest of the line) and returns to the prompt, as in bash.
fn ctrl_c_ends_a_loop(term: &str) {
    let mut sh = Shell::start(term);
    sh.enter("while true; do sleep 1; done; echo not-reached");
    let job = sh.wait_fg_job(&["sleep"]);
    sh.key(CTRL_C);
    let out = sh.prompt();
    assert_eq!(count_lines(&out, "not-reached"), 0, "{out:?}");
    assert!(gone(job[0].pid));
    assert_eq!(sh.run("echo after"), "after\n");
    let me = sh.pid;
    let left: Vec<Stat> = all_stats()
        .into_iter()
        .filter(|s| s.ppid == me && s.comm == "sleep")
        .collect();
    assert!(left.is_empty(), "the loop goes on: {left:?}");
    assert_eq!(sh.stat().tpgid, sh.pid, "the shell holds the terminal");

    // A loop of builtins only: Ctrl+C reaches the shell itself.
    sh.enter("while true; do :; done; echo not-reached-either");
    sh.settle();
    sh.key(CTRL_C);
    let out = sh.prompt();
    assert_eq!(count_lines(&out, "not-reached-either"), 0, "{out:?}");
    assert_eq!(sh.run("echo alive"), "alive\n");
}

/// `{ sleep 100; } &` is one background job: `[1] PID`, `jobs` shows it
/// as bash does, and the forked shell and its sleep share a process group
/// led by that PID.
fn background_brace_group_is_one_job(term: &str) {
    let mut sh = Shell::start(term);
    let out = sh.run("{ sleep 100; } &");
    let pid = bg_pid(&sh, &out, 1);
    let sleeper = sh.wait_for("the sleep of the background group", |_| {
        all_stats()
            .into_iter()
            .find(|s| s.comm == "sleep" && (s.pid == pid || s.ppid == pid))
    });
    assert_eq!(sleeper.pgrp, pid, "{sleeper:?} is in the job's group");
    let leader = pty::stat(pid).expect("job leader");
    assert_eq!(leader.pgrp, pid, "the job leads its own group");
    assert_ne!(leader.pgrp, sh.stat().pgrp);
    let jobs = sh.run("jobs");
    assert_eq!(
        jobs.trim_end(),
        job_line(1, '+', "Running", "{ sleep 100; } &"),
        "{jobs:?}"
    );
    sh.run("kill %1");
    sh.wait_until("the job to end", |_| gone(sleeper.pid) && gone(pid));
    // Told (and out of the table) at the next prompt.
    sh.run(":");

    // `( cmd ) &` is one process, cmd itself; a loop is one job too.
    let out = sh.run("( sleep 101 ) &");
    let pid = bg_pid(&sh, &out, 1);
    let sleeper = sh.wait_for("sleep 101", |_| {
        all_stats().into_iter().find(|s| {
            s.session == leader.session
                && std::fs::read(format!("/proc/{}/cmdline", s.pid)).unwrap_or_default()
                    == b"sleep\x00101\x00"
        })
    });
    assert_eq!(sleeper.pid, pid, "( sleep 101 ) & is the sleep itself");
    let out = sh.run("for i in 1; do sleep 102; done &");
    bg_pid(&sh, &out, 2);
    let out = sh.run("if true; then sleep 103; sleep 104; fi | { cat; cat; } &");
    bg_pid(&sh, &out, 3);
    let jobs = sh.run("jobs");
    // bash lays loops and `if` out over lines, brace groups and lists not.
    let want = [
        job_line(1, ' ', "Running", "( sleep 101 ) &"),
        job_line(2, '-', "Running", "for i in 1;"),
        "do".to_string(),
        "    sleep 102;".to_string(),
        "done &".to_string(),
        job_line(3, '+', "Running", "if true; then"),
        "    sleep 103; sleep 104;".to_string(),
        "fi | { cat; cat; } &".to_string(),
    ];
    assert_eq!(jobs.lines().collect::<Vec<_>>(), want, "{jobs:?}");
    sh.run("kill %1 %2 %3");
    sh.wait_until("the jobs to end", |_| gone(pid));
}

/// `{ sleep 100; } | cat` in the foreground: every process of it (the
/// forked shell running the group, its sleep, cat) is in one process
/// group, which holds the terminal; Ctrl+C ends them all.
fn compound_pipeline_is_one_process_group(term: &str) {
    let mut sh = Shell::start(term);
    let me = sh.stat();
    sh.enter("{ sleep 100; } | cat");
    let (sleeper, cat) = sh.wait_for("sleep and cat of the pipeline", |shell| {
        let all = all_stats();
        let cat = all
            .iter()
            .find(|s| s.ppid == shell && s.comm == "cat")?
            .clone();
        let sleeper = all
            .iter()
            .find(|s| s.comm == "sleep" && s.session == me.session)?
            .clone();
        Some((sleeper, cat))
    });
    assert_eq!(
        sleeper.pgrp, cat.pgrp,
        "{sleeper:?} and {cat:?} share a group"
    );
    assert_ne!(cat.pgrp, me.pgrp, "not the shell's group");
    assert_eq!(cat.tpgid, cat.pgrp, "the job holds the terminal");
    if sleeper.ppid != sh.pid {
        // The group ran in a forked shell: it is in the group too.
        let sub = pty::stat(sleeper.ppid).expect("the forked shell");
        assert_eq!(sub.pgrp, cat.pgrp, "{sub:?} is in the job's group");
    }
    sh.key(CTRL_C);
    sh.prompt();
    // The sleep was the forked shell's child: init reaps it, a moment later.
    sh.wait_until("the pipeline to end", |_| {
        gone(sleeper.pid) && gone(cat.pid)
    });
    assert_eq!(sh.stat().tpgid, me.pgrp);
}
