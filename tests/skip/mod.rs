//! Tests that cannot run here (a tool missing, not root): never a silent
//! `ok`. Under `CI=true` a skip fails the test, since CI is meant to have
//! everything (.ci/run installs it); elsewhere the test says so on a loud
//! `SKIPPED` line and returns.
//!
//! Included with `#[path = "skip/mod.rs"] mod skip;`.

#![allow(dead_code)] // not every test crate uses every helper

use std::io::Write;

/// Is this a CI run (`CI` set to anything but empty, `0` or `false`, as CI
/// services set it)?
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// `what` cannot run, because `why`: fail under CI, else print a loud
/// `SKIPPED` line. The caller returns right after.
#[track_caller]
pub fn skip_or_fail(what: &str, why: &str) {
    let msg = format!("SKIPPED: {what}: {why}");
    if in_ci() {
        panic!("{msg} (a test that cannot run fails under CI=true)");
    }
    // The test harness captures println!/eprintln! of a passing test; a
    // write to the stderr handle itself always shows.
    let _ = writeln!(std::io::stderr().lock(), "{msg}");
}

/// Can `program` be run (found on PATH, and it starts)? `args` should make
/// it exit at once with status 0 (`--version`, `-v`).
pub fn have(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Is the test running as root?
pub fn root() -> bool {
    // SAFETY: geteuid cannot fail and touches no memory.
    unsafe { libc::geteuid() == 0 }
}
