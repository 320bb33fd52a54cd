//! Runs the recorded demo, examples/demo.exp (the job-control scenario of
//! the original notes as an expect(1) script), against the jsh just built,
//! under `TERM=dumb` and `TERM=xterm-256color`: the demo in the examples
//! must keep working.
//!
//! Where expect is missing, each test prints a loud `SKIPPED: expect(1) not
//! installed` line instead of passing silently.

#[path = "pty/mod.rs"]
mod pty;

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Deadline for the whole demo (it takes a few seconds).
const DEMO_DEADLINE: Duration = Duration::from_secs(40);

fn expect_installed() -> bool {
    Command::new("expect")
        .arg("-v")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn run_demo(term: &str) {
    if !expect_installed() {
        let msg = format!(
            "SKIPPED: expect(1) not installed: examples/demo.exp (TERM={term}) did not run"
        );
        println!("{msg}");
        eprintln!("{msg}");
        // The two above are captured by the test harness when the test
        // passes; a write to the stderr handle is not, so it always shows.
        let _ = writeln!(std::io::stderr().lock(), "{msg}");
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo.exp");
    let jsh = env!("CARGO_BIN_EXE_jsh");
    let mut child = Command::new("expect")
        .arg(&script)
        .arg(jsh)
        .env_clear()
        .env(
            "PATH",
            std::env::var("PATH").unwrap_or_else(|_| "/usr/local/bin:/usr/bin:/bin".into()),
        )
        .env("TERM", term)
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so that a timeout can kill expect whole.
        .process_group(0)
        .spawn()
        .expect("run expect");
    let expect_pid = child.id() as i32;
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
        if start.elapsed() > DEMO_DEADLINE {
            // The shell expect spawned leads a session of its own: end it
            // and its jobs, then expect.
            for shell in pty::children(expect_pid) {
                pty::kill_session(shell.pid);
            }
            // SAFETY: plain kill(2) of the process group made above.
            unsafe { libc::kill(-expect_pid, libc::SIGKILL) };
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = String::from_utf8_lossy(&out_reader.join().unwrap()).replace('\r', "");
    let err = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
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
