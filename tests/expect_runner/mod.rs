//! Running expect(1) scripts against the shell under test: a bounded run
//! with stdout (expect's log of the terminal) and stderr collected. Where
//! expect is missing the test cannot run: it fails under `CI=true` and says
//! `SKIPPED` loudly elsewhere (tests/skip), never a silent pass.
//!
//! Included by tests that also include tests/pty/mod.rs (as `pty`) and
//! tests/skip/mod.rs (as `skip`).

#![allow(dead_code)] // each test crate uses a different subset of the helpers

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::pty;

/// Where expect(1) is missing, `what` cannot run: fail under CI, else say
/// so loudly; true if the caller is to return.
#[track_caller]
pub fn skipped_without_expect(what: &str) -> bool {
    if crate::skip::have("expect", &["-v"]) {
        return false;
    }
    crate::skip::skip_or_fail(what, "expect(1) is not installed");
    true
}

/// `expect` with a clean environment: `PATH` (the caller's, or a sane
/// default), `LC_ALL=C` and `TERM=term`.
pub fn expect_command(term: &str) -> Command {
    let mut cmd = Command::new("expect");
    cmd.env_clear()
        .env(
            "PATH",
            std::env::var("PATH").unwrap_or_else(|_| "/usr/local/bin:/usr/bin:/bin".into()),
        )
        .env("TERM", term)
        .env("LC_ALL", "C");
    cmd
}

/// What a run of expect left.
pub struct Run {
    /// Its exit status; `None` when it was killed at the deadline.
    pub status: Option<ExitStatus>,
    /// Its stdout (expect's log of the terminal), `\r` included.
    pub out: String,
    pub err: String,
}

/// Run `cmd` (from [`expect_command`]) with stdin `/dev/null`, stdout and
/// stderr collected, in a process group of its own. Past `deadline`, the
/// shells expect spawned (each leading a session of its own) are ended with
/// their jobs, then expect.
pub fn run(mut cmd: Command, deadline: Duration) -> Run {
    let mut child = cmd
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
        if start.elapsed() > deadline {
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
    Run {
        status,
        out: String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned(),
        err: String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned(),
    }
}
