//! Runs the expect(1) scripts in tests/expect/ against the shell under test
//! (jsh; `JSH_TEST_SHELL=bash` for checking the scripts against bash), each
//! under `TERM=dumb` and `TERM=xterm-256color`.
//!
//! CI installs expect (.ci/run). Where it is missing, each test prints a
//! loud `SKIPPED: expect(1) not installed` line instead of passing silently.

#[path = "pty/mod.rs"]
mod pty;

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Deadline for one script, start to finish.
const SCRIPT_DEADLINE: Duration = Duration::from_secs(30);

fn expect_installed() -> bool {
    Command::new("expect")
        .arg("-v")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn run_script(script: &str, term: &str) {
    if !expect_installed() {
        let msg = format!(
            "SKIPPED: expect(1) not installed: tests/expect/{script} (TERM={term}) did not run"
        );
        println!("{msg}");
        eprintln!("{msg}");
        // The two above are captured by the test harness when the test
        // passes; a write to the stderr handle is not, so it always shows.
        let _ = writeln!(std::io::stderr().lock(), "{msg}");
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
    let mut cmd = Command::new("expect");
    cmd.arg("-f")
        .arg(&path)
        .arg("--")
        .arg(&prog)
        .args(&args)
        .env_clear()
        .env(
            "PATH",
            std::env::var("PATH").unwrap_or_else(|_| "/usr/local/bin:/usr/bin:/bin".into()),
        )
        .env("HOME", &home)
        .env("LC_ALL", "C")
        .env("TERM", term)
        .env("PS1", pty::PROMPT)
        .current_dir(&home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so that a timeout can kill expect whole.
        .process_group(0);
    let mut child = cmd.spawn().expect("run expect");
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out_pipe.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err_pipe.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait for expect") {
            break Some(st);
        }
        if start.elapsed() > SCRIPT_DEADLINE {
            // SAFETY: plain kill(2) of the process group made above.
            unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let err = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    let out = String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned();
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
