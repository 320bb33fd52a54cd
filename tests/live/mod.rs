//! A shell (or any program) fed on a pipe the test keeps open, for the
//! stress and fault tests: [`Live`] lets a test look at the live shell in
//! /proc between two commands. Its stdout and stderr are collected as they
//! come; every wait has a hard deadline, and the whole process group is
//! SIGKILLed when the test ends, passed or failed.
//!
//! Every descriptor the test runner may have left open is made
//! close-on-exec between fork and exec ([`cloexec_from_3`]), so the shell
//! starts with exactly 0, 1 and 2; limits and a switch to user `nobody` can
//! be set there too ([`Prep`]).
//!
//! Included by tests that also include tests/common/mod.rs (as `common`) and
//! tests/pty/mod.rs (as `pty`).

#![allow(dead_code)] // each test crate uses a different subset of the helpers

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use nix::sys::resource::{Resource, setrlimit};

use crate::common::jsh_path;
use crate::pty::{self, all_stats};

/// What to change in the child between fork and exec.
#[derive(Clone, Copy, Debug, Default)]
pub struct Prep {
    /// Become user and group 65534 (nobody), with no supplementary groups.
    pub nobody: bool,
    /// RLIMIT_NPROC (soft and hard).
    pub nproc: Option<u64>,
    /// RLIMIT_NOFILE (soft and hard).
    pub nofile: Option<u64>,
    /// Start with descriptor 1 closed.
    pub close_stdout: bool,
}

/// User and group id of `nobody`.
pub const NOBODY: u32 = 65534;

/// Output collected from one of the child's pipes, with a condition
/// variable signalled on every chunk and at end of file.
#[derive(Default)]
pub struct Sink {
    pub data: Mutex<(Vec<u8>, bool)>,
    pub more: Condvar,
}

pub fn collect(mut from: impl Read + Send + 'static) -> Arc<Sink> {
    let sink = Arc::new(Sink::default());
    let s = Arc::clone(&sink);
    thread::spawn(move || {
        let mut chunk = [0u8; 65536];
        loop {
            match from.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    s.data.lock().unwrap().0.extend_from_slice(&chunk[..n]);
                    s.more.notify_all();
                }
            }
        }
        s.data.lock().unwrap().1 = true;
        s.more.notify_all();
    });
    sink
}

/// How much of stdout [`Live::fail`] shows at the most (its end).
const SHOWN_STDOUT: usize = 3000;

/// A shell (or any program) with stdin a pipe the test keeps open, stdout
/// and stderr collected; killed with its whole process group on drop.
pub struct Live {
    child: Child,
    pub pid: i32,
    input: Option<mpsc::Sender<Vec<u8>>>,
    out: Arc<Sink>,
    err: Arc<Sink>,
    /// How much of stdout the expectations have consumed.
    seen: usize,
    deadline: Instant,
}

impl Live {
    /// `program ARGS` in `dir`, in a process group of its own, with `prep`
    /// applied between fork and exec, stdin a pipe, within `limit`.
    pub fn start(program: &str, args: &[&str], dir: &Path, prep: Prep, limit: Duration) -> Live {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .env_clear()
            .env(
                "PATH",
                std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".into()),
            )
            .env("LC_ALL", "C")
            .env("HOME", dir)
            .env("PWD", dir)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                cloexec_from_3();
                if let Some(n) = prep.nofile {
                    set_limit(Resource::RLIMIT_NOFILE, n)?;
                }
                if prep.nobody {
                    become_nobody()?;
                }
                if let Some(n) = prep.nproc {
                    set_limit(Resource::RLIMIT_NPROC, n)?;
                }
                if prep.close_stdout {
                    libc::close(1);
                }
                Ok(())
            });
        }
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("spawn {program}: {e}"));
        let pid = child.id() as i32;
        let mut stdin = child.stdin.take().expect("piped stdin");
        // A separate writer, so that a shell that stops reading can never
        // block the test past its deadline.
        let (tx, rx) = mpsc::channel::<Vec<u8>>();
        thread::spawn(move || {
            for bytes in rx {
                if stdin.write_all(&bytes).is_err() {
                    break;
                }
            }
        });
        let out = collect(child.stdout.take().expect("piped stdout"));
        let err = collect(child.stderr.take().expect("piped stderr"));
        Live {
            child,
            pid,
            input: Some(tx),
            out,
            err,
            seen: 0,
            deadline: Instant::now() + limit,
        }
    }

    /// `jsh ARGS` (no arguments: reading commands from the pipe).
    pub fn jsh(args: &[&str], dir: &Path, prep: Prep, limit: Duration) -> Live {
        Live::start(jsh_path(), args, dir, prep, limit)
    }

    pub fn send(&mut self, text: &str) {
        if let Some(tx) = &self.input {
            let _ = tx.send(text.as_bytes().to_vec());
        }
    }

    pub fn close_input(&mut self) {
        self.input = None;
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.data.lock().unwrap().0).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.err.data.lock().unwrap().0).into_owned()
    }

    /// Fail the test with `msg`, stdout (its last 3000 characters when it
    /// is longer) and stderr.
    #[track_caller]
    pub fn fail(&self, msg: &str) -> ! {
        let out = self.stdout();
        let chars = out.chars().count();
        let (what, shown) = if chars > SHOWN_STDOUT {
            (
                format!("stdout (last {SHOWN_STDOUT} chars)"),
                out.chars().skip(chars - SHOWN_STDOUT).collect(),
            )
        } else {
            ("stdout".to_string(), out)
        };
        panic!(
            "{msg}\n--- {what} ---\n{shown}\n--- stderr ---\n{}\n---",
            self.stderr()
        );
    }

    /// Wait until stdout, past what was consumed, contains `pat`; consume
    /// and return everything up to the end of `pat`.
    #[track_caller]
    pub fn expect(&mut self, pat: &str) -> String {
        let mut guard = self.out.data.lock().unwrap();
        loop {
            let text = String::from_utf8_lossy(&guard.0[self.seen..]).into_owned();
            if let Some(i) = text.find(pat) {
                let end = i + pat.len();
                self.seen += end;
                return text[..end].to_string();
            }
            let now = Instant::now();
            if guard.1 || now >= self.deadline {
                let why = if guard.1 {
                    "stdout was closed"
                } else {
                    "deadline passed"
                };
                drop(guard);
                self.fail(&format!("{why} while waiting for {pat:?} on stdout"));
            }
            guard = self
                .out
                .more
                .wait_timeout(guard, self.deadline - now)
                .unwrap()
                .0;
        }
    }

    /// Close stdin and wait for the shell to exit.
    #[track_caller]
    pub fn wait_exit(&mut self) -> ExitStatus {
        self.close_input();
        loop {
            if let Some(st) = self.child.try_wait().expect("try_wait") {
                return st;
            }
            if Instant::now() >= self.deadline {
                self.fail("the shell did not exit at end of input before the deadline");
            }
            // Polling the exit of a child: there is no portable blocking
            // wait with a timeout; 5 ms granularity.
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// Close stdin, wait for the exit and for both output pipes to close;
    /// return (stdout, stderr, status).
    #[track_caller]
    pub fn finish(mut self) -> (String, String, ExitStatus) {
        let status = self.wait_exit();
        for sink in [&self.out, &self.err] {
            let mut guard = sink.data.lock().unwrap();
            while !guard.1 {
                let now = Instant::now();
                if now >= self.deadline {
                    drop(guard);
                    self.fail("output still open after the shell exited");
                }
                guard = sink
                    .more
                    .wait_timeout(guard, self.deadline - now)
                    .unwrap()
                    .0;
            }
        }
        (self.stdout(), self.stderr(), status)
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        // SAFETY: signalling our own child's process group and the child.
        unsafe {
            libc::kill(-self.pid, libc::SIGKILL);
            libc::kill(self.pid, libc::SIGKILL);
        }
        let _ = self.child.wait();
    }
}

/// setrlimit(2), soft and hard. Async-signal-safe (one system call).
pub fn set_limit(resource: Resource, n: u64) -> std::io::Result<()> {
    setrlimit(resource, n, n).map_err(std::io::Error::from)
}

/// Become user and group [`NOBODY`], with no supplementary groups.
/// Async-signal-safe (for use between fork and exec).
pub fn become_nobody() -> std::io::Result<()> {
    // SAFETY: plain system calls on the calling process's credentials.
    let failed = unsafe {
        libc::setgroups(0, std::ptr::null()) != 0
            || libc::setgid(NOBODY) != 0
            || libc::setuid(NOBODY) != 0
    };
    if failed {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// Mark every inherited descriptor above 2 close-on-exec, so that the shell
/// under test starts with 0, 1 and 2 only (whatever the test runner left
/// open). Async-signal-safe.
pub fn cloexec_from_3() {
    // SAFETY: close_range(2) with CLOSE_RANGE_CLOEXEC only sets flags.
    let r = unsafe {
        libc::syscall(
            libc::SYS_close_range,
            3u32,
            u32::MAX,
            libc::CLOSE_RANGE_CLOEXEC,
        )
    };
    if r != 0 {
        for fd in 3..4096 {
            // SAFETY: setting a flag on a descriptor number that may not exist.
            unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
        }
    }
}

/// The process's open descriptors and what they point to.
pub fn open_fds(pid: i32) -> BTreeMap<i32, String> {
    let dir = format!("/proc/{pid}/fd");
    fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {dir}: {e}"))
        .filter_map(|e| {
            let e = e.ok()?;
            let fd: i32 = e.file_name().to_str()?.parse().ok()?;
            let target = fs::read_link(e.path()).ok()?;
            Some((fd, target.display().to_string()))
        })
        .collect()
}

/// Children of `pid` in every state (zombies included).
pub fn all_children(pid: i32) -> Vec<pty::Stat> {
    all_stats().into_iter().filter(|s| s.ppid == pid).collect()
}
