//! Runs the recorded demo, examples/demo.exp (the job-control scenario of
//! the original notes as an expect(1) script), against the jsh just built,
//! under `TERM=dumb` and `TERM=xterm-256color`: the demo in the examples
//! must keep working.
//!
//! Where expect is missing, each test fails under `CI=true` and prints a
//! loud `SKIPPED` line elsewhere, never a silent ok.

#[path = "expect_runner/mod.rs"]
mod expect_runner;
#[path = "pty/mod.rs"]
mod pty;
#[path = "skip/mod.rs"]
mod skip;

use std::path::Path;
use std::time::Duration;

use expect_runner::{Run, expect_command, skipped_without_expect};

/// Deadline for the whole demo (it takes a few seconds).
const DEMO_DEADLINE: Duration = Duration::from_secs(40);

fn run_demo(term: &str) {
    if skipped_without_expect(&format!("examples/demo.exp (TERM={term})")) {
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo.exp");
    let jsh = env!("CARGO_BIN_EXE_jsh");
    let mut cmd = expect_command(term);
    cmd.arg(&script).arg(jsh);
    let Run { status, out, err } = expect_runner::run(cmd, DEMO_DEADLINE);
    let out = out.replace('\r', "");
    let ok = status.is_some_and(|s| s.success());
    assert!(
        ok && out.contains("DEMO OK"),
        "examples/demo.exp with TERM={term} {}\n\
         ---- the terminal (expect's log) ----\n{out}\n---- stderr ----\n{err}",
        match status {
            Some(s) => format!("failed: {s}"),
            None => format!("did not finish in {DEMO_DEADLINE:?}"),
        },
    );
    // The demo's own steps, as a reader of it would check them.
    for line in [
        "[1]+  Running                 sleep 30 &",
        "[2]+  Done                    sleep 1",
        "[3]+  Stopped                 sleep 200",
        "[3]+ sleep 200 &",
    ] {
        assert!(
            out.contains(line),
            "the demo shows {line:?}; it showed:\n{out}"
        );
    }
}

#[test]
fn demo_dumb() {
    run_demo("dumb");
}

#[test]
fn demo_xterm() {
    run_demo("xterm-256color");
}
