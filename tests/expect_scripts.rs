//! Runs the expect(1) scripts in tests/expect/ against the shell under test
//! (jsh; `JSH_TEST_SHELL=bash` for checking the scripts against bash), each
//! under `TERM=dumb` and `TERM=xterm-256color`.
//!
//! CI installs expect (.ci/run). Where it is missing, each test fails under
//! `CI=true` and prints a loud `SKIPPED` line elsewhere, never a silent ok.

#[path = "expect_runner/mod.rs"]
mod expect_runner;
#[path = "pty/mod.rs"]
mod pty;
#[path = "skip/mod.rs"]
mod skip;

use std::path::Path;
use std::time::Duration;

use expect_runner::{Run, expect_command, skipped_without_expect};

/// Deadline for one script, start to finish.
const SCRIPT_DEADLINE: Duration = Duration::from_secs(30);

fn run_script(script: &str, term: &str) {
    if skipped_without_expect(&format!("tests/expect/{script} (TERM={term})")) {
        return;
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/expect")
        .join(script);
    let home = std::env::temp_dir().join(format!(
        "jsh-expect-{}-{}-{}",
        std::process::id(),
        script,
        term
    ));
    std::fs::create_dir_all(&home).expect("create temporary HOME");
    let (prog, args) = pty::shell_cmd();
    let mut cmd = expect_command(term);
    cmd.arg("-f")
        .arg(&path)
        .arg("--")
        .arg(&prog)
        .args(&args)
        .env("HOME", &home)
        .env("PS1", pty::PROMPT)
        .current_dir(&home);
    let Run { status, out, err } = expect_runner::run(cmd, SCRIPT_DEADLINE);
    // The script spawned the shell in a session of its own: end everything
    // left in it (jobs still running, or a shell that did not exit).
    for line in err.lines() {
        if let Some(pid) = line
            .strip_prefix("SHELL-PID ")
            .and_then(|p| p.trim().parse().ok())
        {
            pty::kill_session(pid);
        }
    }
    let _ = std::fs::remove_dir_all(&home);
    let ok = status.is_some_and(|s| s.success());
    assert!(
        ok,
        "tests/expect/{script} with TERM={term} and shell {prog:?} {}\n\
         ---- expect's log (the terminal) ----\n{}\n---- stderr ----\n{err}",
        match status {
            Some(s) => format!("failed: {s}"),
            None => format!("did not finish in {SCRIPT_DEADLINE:?}"),
        },
        out.replace('\r', "")
    );
}

#[test]
fn scenario_dumb() {
    run_script("scenario.exp", "dumb");
}

#[test]
fn scenario_xterm() {
    run_script("scenario.exp", "xterm-256color");
}

#[test]
fn keys_dumb() {
    run_script("keys.exp", "dumb");
}

#[test]
fn keys_xterm() {
    run_script("keys.exp", "xterm-256color");
}

#[test]
fn exit_stopped_dumb() {
    run_script("exit_stopped.exp", "dumb");
}

#[test]
fn exit_stopped_xterm() {
    run_script("exit_stopped.exp", "xterm-256color");
}
