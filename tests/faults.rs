//! Fault tests (issue 5, "Hardened"): the shell under resource exhaustion
//! (fork failure under `ulimit -u`, EMFILE under `ulimit -n`, a full disk),
//! with its working directory deleted, with stdout closed, with SIGPIPE in
//! a pipeline; through a real terminal: jobs killed while stopped or after
//! changing the terminal modes, SIGINT/SIGTERM/SIGHUP to the interactive
//! shell, the terminal going away; and close-on-exec of every descriptor
//! the shell opens for itself.
//!
//! Limits are set in the child between fork and exec (setrlimit, and for
//! RLIMIT_NPROC a switch to user `nobody`, since root is exempt from it),
//! and every descriptor the test runner may have left open is made
//! close-on-exec there too, so the shell starts with exactly 0, 1 and 2.
//! Every test has a deadline; whatever it started is SIGKILLed at the end.

mod common;
#[path = "live/mod.rs"]
mod live;
#[macro_use]
#[path = "pty/mod.rs"]
mod pty;
#[path = "skip/mod.rs"]
mod skip;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use common::{Mode, TempDir, compare_modes, jsh_path, normalize_prefix, run_shell_in_sandbox};
use live::{Live, NOBODY, Prep, all_children, become_nobody, cloexec_from_3, open_fds};
use nix::sys::signal::{Signal, kill};
use nix::sys::wait::WaitStatus;
use nix::unistd::Pid;
use pty::{CTRL_C, CTRL_Z, Shell, count_lines, gone, is_bash, job_line, reaped, stopped};

// ------------------------------------------------ a shell fed on a pipe --

/// The tests that run the shell as nobody count nobody's processes to set
/// RLIMIT_NPROC: they must not run at the same time.
static NOBODY_TESTS: Mutex<()> = Mutex::new(());

fn nobody_lock() -> std::sync::MutexGuard<'static, ()> {
    NOBODY_TESTS.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether a child can switch to user nobody (root with CAP_SETUID and
/// CAP_SETGID): RLIMIT_NPROC does not apply to root, so the fork-failure
/// tests need that.
fn can_become_nobody() -> bool {
    // SAFETY: geteuid cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return false;
    }
    let mut cmd = Command::new("/bin/true");
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(become_nobody);
    }
    cmd.stdin(Stdio::null())
        .status()
        .is_ok_and(|st| st.success())
}

/// Processes whose real user is `uid`.
fn processes_of(uid: u32) -> usize {
    let Ok(dir) = fs::read_dir("/proc") else {
        return 0;
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            fs::read_to_string(format!("/proc/{pid}/status"))
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find_map(|l| l.strip_prefix("Uid:"))
                        .and_then(|v| v.split_whitespace().next()?.parse::<u32>().ok())
                })
                == Some(uid)
        })
        .count()
}

/// A directory user nobody can enter and write in.
fn world_dir(tag: &str) -> TempDir {
    let dir = TempDir::new(tag);
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
    dir
}

/// The value of `key=` on its own line of `out`.
#[track_caller]
fn field(out: &str, key: &str) -> i32 {
    let prefix = format!("{key}=");
    out.lines()
        .find_map(|l| l.strip_prefix(&prefix)?.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {key}=N line in {out:?}"))
}

// ------------------------------------------------------- fork failure --

/// Under RLIMIT_NPROC (as user nobody; root is exempt) every fork fails:
/// each command that needs one gets `jsh: ...: fork: Resource temporarily
/// unavailable`, a non-zero status, and the shell goes on to the next.
#[test]
fn fork_failure_is_reported_and_the_shell_goes_on() {
    if !can_become_nobody() {
        skip::skip_or_fail(
            "fork_failure_is_reported_and_the_shell_goes_on",
            "needs root (able to become nobody), since RLIMIT_NPROC does not apply to root",
        );
        return;
    }
    let _serial = nobody_lock();
    let dir = world_dir("nproc");
    let script = "echo a | cat\n\
                  echo pipeline=$?\n\
                  /bin/true\n\
                  echo simple=$?\n\
                  sleep 5 &\n\
                  echo after";
    // Only the shell itself may exist: nobody's other processes plus one.
    let limit = processes_of(NOBODY) as u64 + 1;
    let sh = Live::jsh(
        &["-c", script],
        dir.path(),
        Prep {
            nobody: true,
            nproc: Some(limit),
            ..Prep::default()
        },
        Duration::from_secs(10),
    );
    let (out, err, status) = sh.finish();
    assert!(
        status.signal().is_none() && status.code() != Some(101) && !err.contains("panicked"),
        "jsh crashed: {status:?}\n{err}"
    );
    assert!(
        out.ends_with("after\n"),
        "the shell went on: {out:?}\n{err}"
    );
    assert_ne!(field(&out, "pipeline"), 0, "a pipeline that could not fork");
    assert_ne!(field(&out, "simple"), 0, "a command that could not fork");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines.len(),
        3,
        "one message per command that could not start: {err:?}"
    );
    for l in lines {
        assert!(
            l.starts_with("jsh: ") && l.ends_with("fork: Resource temporarily unavailable"),
            "a clear message: {l:?}"
        );
    }
}

/// The fork for the second process of `yes | cat | cat` fails: the first
/// process (already started) must not be left running with nobody to read
/// its pipe or to wait for it; the shell reports the failure with a
/// non-zero status, keeps no pipe end open and goes on at once.
#[test]
fn fork_failure_in_a_pipeline_leaves_nothing_behind() {
    if !can_become_nobody() {
        skip::skip_or_fail(
            "fork_failure_in_a_pipeline_leaves_nothing_behind",
            "needs root (able to become nobody)",
        );
        return;
    }
    let _serial = nobody_lock();
    let dir = world_dir("nproc-pipe");
    // The shell plus one child.
    let limit = processes_of(NOBODY) as u64 + 2;
    let mut sh = Live::jsh(
        &[],
        dir.path(),
        Prep {
            nobody: true,
            nproc: Some(limit),
            ..Prep::default()
        },
        Duration::from_secs(6),
    );
    sh.send("echo ready\n");
    sh.expect("ready\n");
    let fds_before = open_fds(sh.pid);

    // `yes` would write forever if its pipe's read end were left open.
    sh.send("yes | cat | cat\necho st=$?\n");
    let out = sh.expect("\n");
    let st = field(&out, "st");
    assert_ne!(st, 0, "the pipeline did not run");
    assert!(
        all_children(sh.pid).is_empty(),
        "nothing left of the pipeline: {:?}",
        all_children(sh.pid)
    );
    assert_eq!(open_fds(sh.pid), fds_before, "no pipe end left open");

    // A process that would not end by itself: the shell must not wait for
    // it (20 s) before going on.
    sh.send("sleep 20 | cat | cat\necho st=$?\n");
    let out = sh.expect("\n");
    assert_ne!(field(&out, "st"), 0, "the pipeline did not run");
    assert!(
        all_children(sh.pid).is_empty(),
        "the half-started pipeline was cleaned up: {:?}",
        all_children(sh.pid)
    );
    assert_eq!(open_fds(sh.pid), fds_before, "no pipe end left open");

    sh.send("echo after\n");
    sh.expect("after\n");
    let (_, err, status) = sh.finish();
    assert_eq!(status.code(), Some(0));
    for l in err.lines() {
        assert!(
            l.starts_with("jsh: ") && l.ends_with("fork: Resource temporarily unavailable"),
            "a clear message: {l:?}"
        );
    }
}

// ------------------------------------------------------------- EMFILE --

/// Under `ulimit -n N` for a range of small N, as `-c` and as a script
/// file: a redirection, an external command with one, and a pipeline either
/// work or fail with a message naming the cause (`Too many open files`) and
/// status 1; the script always goes on, and its stdout survives.
#[test]
fn emfile_under_small_nofile_limits() {
    let script = "echo c | cat | cat\n\
                  echo st3=$?\n\
                  echo a > f1\n\
                  echo st1=$?\n\
                  /bin/echo b > f2\n\
                  echo st2=$?\n\
                  echo after\n";
    let mut problems = Vec::new();
    for n in [4u64, 5, 6, 8, 10, 11, 12, 16] {
        for file_mode in [false, true] {
            let dir = TempDir::new("nofile");
            let args: Vec<&str> = if file_mode {
                dir.write("s.sh", script.as_bytes());
                vec!["s.sh"]
            } else {
                vec!["-c", script]
            };
            let sh = Live::jsh(
                &args,
                dir.path(),
                Prep {
                    nofile: Some(n),
                    ..Prep::default()
                },
                Duration::from_secs(5),
            );
            let (out, err, status) = sh.finish();
            let what = format!(
                "ulimit -n {n}, {}",
                if file_mode { "script file" } else { "-c" }
            );
            let mut bad = |why: String| {
                problems.push(format!(
                    "{what}: {why}\n    stdout {out:?}\n    stderr {err:?}\n    status {status:?}"
                ))
            };
            if status.signal().is_some() || err.contains("panicked") {
                bad("crashed".into());
                continue;
            }
            if !out.ends_with("after\n") {
                bad("the script did not go on to its end, or its stdout was lost".into());
                continue;
            }
            for (key, file, text) in [("st1", "f1", "a\n"), ("st2", "f2", "b\n")] {
                match field(&out, key) {
                    0 if fs::read_to_string(dir.path().join(file)).ok().as_deref()
                        == Some(text) => {}
                    0 => bad(format!("{key}=0 but {file} does not hold {text:?}")),
                    1 => {}
                    s => bad(format!("{key}={s}, want 0 or 1")),
                }
            }
            match field(&out, "st3") {
                0 if out.contains("\nc\n") || out.starts_with("c\n") => {}
                0 => bad("st3=0 but the pipeline printed nothing".into()),
                _ => {}
            }
            for l in err.lines() {
                if !l.ends_with(": Too many open files") {
                    bad(format!(
                        "unclear message {l:?}: want one naming `Too many open files`"
                    ));
                }
                // The commands that can fail are on lines 1, 3 and 5.
                if !["line 1:", "line 3:", "line 5:"]
                    .iter()
                    .any(|n| l.contains(n))
                {
                    bad(format!("message {l:?} names the wrong line"));
                }
            }
            let failures = ["st1", "st2", "st3"]
                .iter()
                .filter(|k| field(&out, k) != 0)
                .count();
            if failures > 0 && err.is_empty() {
                bad("a command failed without a message".into());
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Under `ulimit -n 12`: a command with more redirections than descriptors
/// left fails with `Too many open files` and status 1, and the shell keeps
/// no descriptor of it; its own stdout is intact; a 20-stage pipeline still
/// works (pipe ends are closed as the stages start).
#[test]
fn emfile_leaves_no_descriptor_open() {
    let dir = TempDir::new("nofile12");
    let mut sh = Live::jsh(
        &[],
        dir.path(),
        Prep {
            nofile: Some(12),
            ..Prep::default()
        },
        Duration::from_secs(10),
    );
    sh.send("echo ready\n");
    sh.expect("ready\n");
    let fds_before = open_fds(sh.pid);
    let many = "3>f3 4>f4 5>f5 6>f6 7>f7 8>f8 9>f9 >f1";
    sh.send(&format!("/bin/echo x {many}\necho ext=$?\n"));
    let out = sh.expect("\n");
    assert_eq!(field(&out, "ext"), 1, "external command: {}", sh.stderr());
    assert_eq!(open_fds(sh.pid), fds_before, "after an external command");
    sh.send(&format!("echo x {many}\necho builtin=$?\n"));
    let out = sh.expect("\n");
    assert_eq!(field(&out, "builtin"), 1, "builtin: {}", sh.stderr());
    assert_eq!(open_fds(sh.pid), fds_before, "after a builtin");
    let mut pipeline = String::from("echo p");
    for _ in 0..19 {
        pipeline.push_str(" | cat");
    }
    sh.send(&format!("{pipeline}\necho pipe=$?\n"));
    assert_eq!(sh.expect("pipe="), "p\npipe=");
    assert_eq!(sh.expect("\n"), "0\n");
    assert_eq!(open_fds(sh.pid), fds_before, "after a pipeline");
    let err = sh.stderr();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "two messages: {err:?}");
    for l in lines {
        assert!(
            l.starts_with("jsh: line ") && l.ends_with(": Too many open files"),
            "{l:?}"
        );
    }
    sh.send("echo after\n");
    sh.expect("after\n");
}

/// A builtin's redirection when no descriptor is left to save stdout in:
/// the builtin may fail, but afterwards the shell's stdout must be the same
/// as before (never silently closed).
#[test]
fn builtin_redirection_under_fd_pressure_keeps_stdout() {
    for n in [11u64, 12] {
        let dir = TempDir::new("nofile-save");
        let sh = Live::jsh(
            &[
                "-c",
                "echo hidden >/dev/null; echo visible; /bin/echo visible2",
            ],
            dir.path(),
            Prep {
                nofile: Some(n),
                ..Prep::default()
            },
            Duration::from_secs(5),
        );
        let (out, err, status) = sh.finish();
        assert_eq!(
            out, "visible\nvisible2\n",
            "ulimit -n {n}: stdout after `echo hidden >/dev/null` (stderr {err:?}, {status:?})"
        );
    }
}

// ---------------------------------------------------------- full disk --

/// `> /dev/full`: bash's message (`echo: write error: No space left on
/// device`), status 1, and the script goes on; for a builtin, an external
/// command, `pwd`, and `>>`.
#[test]
fn full_disk_redirection() {
    compare_modes(
        "echo hi > /dev/full\necho st=$?\n\
         /bin/echo hi > /dev/full\necho st=$?\n\
         pwd > /dev/full\necho st=$?\n\
         echo hi >> /dev/full\necho st=$?\n\
         echo hi 2>/dev/null >/dev/full\necho st=$?\n\
         echo after",
        &[],
        &[Mode::DashC, Mode::Stdin, Mode::File],
    );
}

// ---------------------------------------------------- deleted directory --

/// The working directory removed under the shell: `pwd` still prints the
/// logical path, `pwd -P` fails with a clear message and status 1, commands
/// run, `cd ..` goes to the parent. (bash prints `..` as the new directory
/// there, with a `chdir: error retrieving current directory` warning; jsh's
/// answer, the real parent, is the better one and is what is checked.)
#[test]
fn deleted_working_directory() {
    let top = TempDir::new("rmcwd");
    let script = "mkdir gone && cd gone && rmdir ../gone\n\
                  pwd; echo st=$?\n\
                  pwd -P; echo st=$?\n\
                  /bin/echo external; echo st=$?\n\
                  ls; echo st=$?\n\
                  echo *; echo st=$?\n\
                  cd ..; echo st=$?\n\
                  pwd; /bin/pwd; echo after";
    for mode in [Mode::DashC, Mode::Stdin, Mode::File] {
        let got = run_shell_in_sandbox(jsh_path(), &top, mode, script, &[]);
        let work = top.path().join("work");
        let work = work.display();
        assert_eq!(
            got.stdout,
            format!(
                "{work}/gone\nst=0\nst=1\nexternal\nst=0\nst=0\n*\nst=0\nst=0\n{work}\n{work}\nafter\n"
            ),
            "{mode:?} (stderr {:?})",
            got.stderr
        );
        assert!(
            got.stderr.ends_with(
                "line 3: pwd: error retrieving current directory: getcwd: \
                 cannot access parent directories: No such file or directory\n"
            ) && got.stderr.lines().count() == 1,
            "{mode:?}: {:?}",
            got.stderr
        );
        assert_eq!(got.status, 0, "{mode:?}");
    }
}

/// Started in a directory that no longer exists, with no `PWD` to go by:
/// `pwd` fails with a clear message and status 1; `cd ..` goes to the
/// directory's real parent (as bash: chdir("..") still works in a removed
/// directory), not somewhere else.
#[test]
fn started_in_a_deleted_directory_without_pwd() {
    let top = TempDir::new("deleted");
    let gone = top.path().join("gone");
    fs::create_dir(&gone).unwrap();
    let script = "pwd; echo st=$?; cd ..; echo cd=$?; /bin/pwd; echo after";
    let mut cmd = Command::new("/bin/sh");
    cmd.arg("-c")
        .arg(r#"rmdir "$1" && exec "$2" -c "$3""#)
        .arg("sh")
        .arg(&gone)
        .arg(jsh_path())
        .arg(script)
        .env_clear()
        .env(
            "PATH",
            std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".into()),
        )
        .env("LC_ALL", "C")
        .current_dir(&gone)
        .stdin(Stdio::null());
    let out = run_with_deadline(cmd, Duration::from_secs(5));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.signal().is_none() && !stderr.contains("panicked"),
        "crash: {stderr}"
    );
    assert_eq!(
        stderr,
        "jsh: line 1: pwd: error retrieving current directory: getcwd: \
         cannot access parent directories: No such file or directory\n"
    );
    assert_eq!(
        stdout,
        format!("st=1\ncd=0\n{}\nafter\n", top.path().display()),
        "`cd ..` from the removed directory must reach its real parent"
    );
}

/// Runs `cmd` (in a process group of its own) to completion within
/// `limit`, killing the group if it overruns (which fails the test).
fn run_with_deadline(mut cmd: Command, limit: Duration) -> std::process::Output {
    cmd.stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let child = cmd.spawn().expect("spawn");
    let pid = child.id() as i32;
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(limit) {
        Ok(out) => out.expect("wait"),
        Err(_) => {
            // SAFETY: killing the process group we started.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
            panic!("did not finish within {limit:?}");
        }
    }
}

// ------------------------------------------------------- closed stdout --

/// Runs `shell ARGS` with descriptor 1 closed; returns (stderr with the
/// shell's name normalised, shell status).
fn with_stdout_closed(shell: &str, args: &[&str], dir: &Path) -> (String, i32) {
    let sh = Live::start(
        shell,
        args,
        dir,
        Prep {
            close_stdout: true,
            ..Prep::default()
        },
        Duration::from_secs(5),
    );
    let (_, err, status) = sh.finish();
    let code = status
        .code()
        .unwrap_or_else(|| 128 + status.signal().unwrap_or(0));
    (normalize_prefix(&err), code)
}

/// `jsh -c 'echo hi' >&-`: a write error on stderr and status 1, as bash;
/// the same for an external command and for a script file; the script goes
/// on after the failed write.
#[test]
fn closed_stdout() {
    let dir = TempDir::new("closed-stdout");
    let script = "echo hi\necho st=$? >&2\n/bin/echo hi\necho st=$? >&2\npwd\necho after >&2\n";
    dir.write("s.sh", script.as_bytes());
    for args in [vec!["-c", "echo hi"], vec!["-c", script], vec!["s.sh"]] {
        let (jerr, jst) = with_stdout_closed(jsh_path(), &args, dir.path());
        let (berr, bst) = with_stdout_closed("bash", &args, dir.path());
        assert_eq!(
            (jerr.as_str(), jst),
            (berr.as_str(), bst),
            "jsh {args:?} with stdout closed (left) vs bash (right)"
        );
        assert!(
            jerr.contains("write error: Bad file descriptor"),
            "{jerr:?}"
        );
    }
    let (_, st) = with_stdout_closed(jsh_path(), &["-c", "echo hi"], dir.path());
    assert_eq!(st, 1);
}

// ------------------------------------------------------------ SIGPIPE --

/// A reader that quits early: the writer dies of SIGPIPE quietly and the
/// pipeline's status is the reader's.
#[test]
fn sigpipe_in_a_pipeline() {
    compare_modes(
        "yes | head -1; echo st=$?\n\
         yes | true; echo st=$?\n\
         cat /dev/zero | head -c 100000 | wc -c; echo st=$?\n\
         echo x | yes | head -2; echo st=$?\n\
         yes | head -1",
        &[],
        &[Mode::DashC, Mode::Stdin, Mode::File],
    );
}

// ---------------------------------------------------- through the pty --

/// Run `cmd`, which ends process `pid`; once the shell has reaped it, the
/// report `line` must come at the latest with the next prompt. Return
/// everything printed.
#[track_caller]
fn until_reported(sh: &mut Shell, cmd: &str, pid: i32, line: &str) -> String {
    let (before, after) = sh.run_full(cmd);
    let mut seen = format!("{before}{after}");
    sh.wait_until("the shell to reap the job", |_| reaped(pid));
    if count_lines(&seen, line) == 0 {
        let (b, a) = sh.run_full("");
        seen.push_str(&b);
        seen.push_str(&a);
    }
    if count_lines(&seen, line) == 0 {
        sh.fail(&format!("{line:?} was not reported; saw {seen:?}"));
    }
    seen
}

/// The shell's terminal is sane: it holds it, echo is on (TERM=dumb), `stty -a` (the
/// modes a command gets) shows canonical input, echo, signals and output
/// processing, and an edited line (a character erased with DEL) runs as
/// edited.
#[track_caller]
fn assert_terminal_sane(sh: &mut Shell) {
    let me = sh.stat();
    assert_eq!(me.tpgid, me.pgrp, "the shell holds the terminal");
    if sh.term == "dumb" && !is_bash() {
        // With TERM=dumb the shell reads in the terminal's cooked mode; with
        // line editing the prompt is in raw mode (the editor echoes), as
        // bash's always is.
        assert!(sh.tty_echo(), "echo is on at the prompt");
    }
    let modes = sh.run("stty -a");
    let words: BTreeSet<&str> = modes
        .split(|c: char| c.is_whitespace() || c == ';')
        .collect();
    for want in ["icanon", "echo", "isig", "icrnl", "opost", "onlcr"] {
        if !words.contains(want) {
            sh.fail(&format!("`stty -a` lacks {want}: {modes:?}"));
        }
    }
    sh.send("echo abX\x7fc\r");
    sh.expect("\nabc\n");
    sh.prompt();
}

// Each scenario below as `NAME::dumb` and `NAME::xterm` (see tests/pty/mod.rs).
terms!(
    stopped_job_killed_with_sigkill,
    job_changing_modes_killed_from_keyboard,
    job_in_raw_mode_killed_by_kill,
    sigint_and_sigterm_at_the_prompt,
    sighup_typed_into_the_shell,
    losing_the_terminal_with_a_foreground_job,
    descriptors_seen_by_interactive_commands,
    user_descriptors_3_to_9_at_the_prompt,
);

/// A stopped job killed with SIGKILL: reported `Killed`, reaped, the job
/// table empty, the terminal sane.
fn stopped_job_killed_with_sigkill(term: &str) {
    let mut sh = Shell::start(term);
    sh.enter("sleep 100");
    let pid = sh.wait_fg_job(&["sleep"])[0].pid;
    sh.key(CTRL_Z);
    sh.prompt();
    sh.wait_until("the job to stop", |_| stopped(pid));
    let line = job_line(1, '+', "Killed", "sleep 100");
    let seen = until_reported(&mut sh, "kill -9 %1", pid, &line);
    assert_eq!(count_lines(&seen, &line), 1, "in {seen:?}");
    assert_eq!(sh.run("jobs"), "");
    assert_terminal_sane(&mut sh);
}

/// Wait (bounded) until the terminal's echo flag is `on`.
#[track_caller]
fn wait_echo(sh: &mut Shell, on: bool, what: &str) {
    let until = Instant::now() + Duration::from_secs(5);
    while sh.tty_echo() != on {
        if Instant::now() > until {
            sh.fail(&format!("timed out waiting for {what}"));
        }
        // Polling the terminal's modes: nothing to block on.
        thread::sleep(Duration::from_millis(5));
    }
}

/// A job turns echo and canonical input off, then Ctrl+C kills it: at the
/// next prompt the terminal is sane again.
fn job_changing_modes_killed_from_keyboard(term: &str) {
    let mut sh = Shell::start(term);
    sh.enter("sh -c 'stty -echo -icanon; exec sleep 100'");
    let pid = sh.wait_fg_job(&["sleep"])[0].pid;
    wait_echo(&mut sh, false, "the job to turn echo off");
    sh.key(CTRL_C);
    sh.prompt();
    sh.wait_until("the job to be reaped", |_| reaped(pid));
    assert_eq!(sh.status(), 130);
    assert_terminal_sane(&mut sh);
}

/// A job puts the terminal in raw mode (Ctrl+C is then a plain byte) and is
/// killed by SIGKILL from elsewhere (as `kill -9` from another terminal):
/// the shell restores its modes; the status says SIGKILL.
fn job_in_raw_mode_killed_by_kill(term: &str) {
    let mut sh = Shell::start(term);
    sh.enter("sh -c 'stty raw -echo; exec sleep 100'");
    let pid = sh.wait_fg_job(&["sleep"])[0].pid;
    wait_echo(&mut sh, false, "the job to set raw mode");
    kill(Pid::from_raw(pid), Signal::SIGKILL).expect("kill the job");
    let out = sh.prompt();
    assert!(out.contains("Killed"), "the death is described: {out:?}");
    sh.wait_until("the job to be reaped", |_| reaped(pid));
    assert_eq!(sh.status(), 137);
    assert_terminal_sane(&mut sh);
}

/// Ctrl+C at the prompt drops the line and the shell lives on; `kill -TERM
/// $$` and `kill -QUIT $$` typed into the interactive shell are ignored.
fn sigint_and_sigterm_at_the_prompt(term: &str) {
    let mut sh = Shell::start(term);
    sh.send("echo never-run");
    // As a person would: Ctrl+C once the line is on the screen and the
    // shell waits for more (keys sent faster race with the shell's own
    // terminal set-up, in bash as in jsh).
    sh.expect("echo never-run");
    sh.settle();
    sh.key(CTRL_C);
    let out = sh.prompt();
    assert_eq!(
        count_lines(&out, "never-run"),
        0,
        "the line was dropped: {out:?}"
    );
    assert_eq!(sh.run("echo alive1"), "alive1\n");
    assert_eq!(sh.run("kill -TERM $$"), "");
    assert_eq!(sh.status(), 0);
    assert_eq!(sh.run("kill -QUIT $$"), "");
    assert_eq!(sh.run("echo alive2"), "alive2\n");
    let me = sh.stat();
    assert_eq!(me.tpgid, me.pgrp, "still holding the terminal");
    assert_terminal_sane(&mut sh);
}

/// The history file in the shell's HOME.
fn history(sh: &Shell) -> String {
    fs::read_to_string(sh.home().join(".jsh_history")).unwrap_or_default()
}

/// `kill -HUP $$` typed into the shell: it exits (no hang), its jobs get
/// SIGHUP, the history typed so far is saved.
fn sighup_typed_into_the_shell(term: &str) {
    let mut sh = Shell::start(term);
    let out = sh.run("sleep 1000 &");
    let bg: i32 = out
        .lines()
        .find_map(|l| l.strip_prefix("[1] ")?.trim().parse().ok())
        .unwrap_or_else(|| sh.fail(&format!("no `[1] PID` in {out:?}")));
    sh.enter("sleep 1001");
    let st = sh.wait_fg_job(&["sleep"])[0].pid;
    sh.key(CTRL_Z);
    sh.prompt();
    sh.wait_until("the job to stop", |_| stopped(st));
    assert_eq!(sh.run("echo marker-hup"), "marker-hup\n");
    sh.enter("kill -HUP $$");
    match sh.wait_exit() {
        WaitStatus::Signaled(_, Signal::SIGHUP, _) | WaitStatus::Exited(_, 129) => {}
        other => sh.fail(&format!("exit status after SIGHUP: {other:?}")),
    }
    sh.wait_until("the running job to get SIGHUP", |_| gone(bg));
    sh.wait_until("the stopped job to get SIGHUP", |_| gone(st));
    let hist = history(&sh);
    assert!(
        is_bash() || hist.lines().any(|l| l == "echo marker-hup"),
        "history saved: {hist:?}"
    );
}

/// The terminal goes away while a foreground job runs: the shell exits
/// without hanging, the foreground and background jobs are hung up, the
/// history is saved.
fn losing_the_terminal_with_a_foreground_job(term: &str) {
    let mut sh = Shell::start(term);
    let out = sh.run("sleep 1000 &");
    let bg: i32 = out
        .lines()
        .find_map(|l| l.strip_prefix("[1] ")?.trim().parse().ok())
        .unwrap_or_else(|| sh.fail(&format!("no `[1] PID` in {out:?}")));
    assert_eq!(sh.run("echo marker-lost"), "marker-lost\n");
    sh.enter("sleep 1001");
    let fg = sh.wait_fg_job(&["sleep"])[0].pid;
    sh.hangup();
    sh.wait_exit();
    sh.wait_until("the foreground job to be hung up", |_| gone(fg));
    sh.wait_until("the background job to be hung up", |_| gone(bg));
    let hist = history(&sh);
    assert!(
        is_bash() || hist.lines().any(|l| l == "echo marker-lost"),
        "history saved: {hist:?}"
    );
}

// ------------------------------------------------------ close-on-exec --

/// The descriptors `ls -l /proc/self/fd` shows, minus the one ls opens
/// itself to read that directory.
fn parse_fd_listing(listing: &str) -> BTreeSet<i32> {
    listing
        .lines()
        .filter_map(|l| {
            let (left, target) = l.split_once(" -> ")?;
            let fd: i32 = left.split_whitespace().last()?.parse().ok()?;
            let own = target
                .strip_prefix("/proc/")
                .and_then(|t| t.strip_suffix("/fd"))
                .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
            (!own).then_some(fd)
        })
        .collect()
}

/// The fd listings between `@name` markers in `out`.
fn sections(out: &str) -> BTreeMap<String, BTreeSet<i32>> {
    let mut map = BTreeMap::new();
    let mut name: Option<String> = None;
    let mut body = String::new();
    for line in out.lines().chain(["@end"]) {
        if let Some(n) = line.strip_prefix('@') {
            if let Some(prev) = name.take() {
                map.insert(prev, parse_fd_listing(&body));
            }
            body.clear();
            name = Some(n.to_string());
        } else {
            body.push_str(line);
            body.push('\n');
        }
    }
    map
}

const FD_SCRIPT: &str = "echo @plain; ls -l /proc/self/fd\n\
    echo @pipeline; true | ls -l /proc/self/fd | cat\n\
    echo @redirected; ls -l /proc/self/fd 3>f3\n\
    echo @background; ls -l /proc/self/fd > bg.out & wait; cat bg.out\n\
    echo x > g; echo y 2>/dev/null >> g\n\
    echo @after-builtin-redirections; ls -l /proc/self/fd\n\
    exec 4>h\n\
    echo @after-exec; ls -l /proc/self/fd\n\
    exec 4>&-\n\
    echo @after-close; ls -l /proc/self/fd\n";

fn fd_expectations() -> BTreeMap<String, BTreeSet<i32>> {
    let base: BTreeSet<i32> = [0, 1, 2].into();
    let mut want = BTreeMap::new();
    for k in [
        "plain",
        "pipeline",
        "background",
        "after-builtin-redirections",
        "after-close",
    ] {
        want.insert(k.to_string(), base.clone());
    }
    want.insert("redirected".to_string(), [0, 1, 2, 3].into());
    want.insert("after-exec".to_string(), [0, 1, 2, 4].into());
    want
}

/// A child sees only 0, 1, 2 and what the command line redirects, whether
/// the script comes from `-c`, a file or stdin (a file, and a pipe).
#[test]
fn children_see_only_the_descriptors_they_are_given() {
    for how in ["-c", "file", "stdin-file", "stdin-pipe"] {
        let dir = TempDir::new("cloexec");
        let script_path = dir.write("s.sh", FD_SCRIPT.as_bytes());
        let mut cmd = Command::new(jsh_path());
        match how {
            "-c" => {
                cmd.args(["-c", FD_SCRIPT]).stdin(Stdio::null());
            }
            "file" => {
                cmd.arg("s.sh").stdin(Stdio::null());
            }
            "stdin-file" => {
                cmd.stdin(fs::File::open(&script_path).unwrap());
            }
            _ => {}
        }
        cmd.env_clear()
            .env(
                "PATH",
                std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".into()),
            )
            .env("LC_ALL", "C")
            .env("HOME", dir.path())
            .current_dir(dir.path());
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                cloexec_from_3();
                Ok(())
            });
        }
        let out = if how == "stdin-pipe" {
            let mut sh = Live::jsh(&[], dir.path(), Prep::default(), Duration::from_secs(10));
            sh.send(FD_SCRIPT);
            let (out, err, status) = sh.finish();
            assert_eq!(err, "", "{how}");
            assert_eq!(status.code(), Some(0), "{how}");
            out
        } else {
            let o = run_with_deadline(cmd, Duration::from_secs(10));
            assert_eq!(String::from_utf8_lossy(&o.stderr), "", "{how}");
            assert_eq!(o.status.code(), Some(0), "{how}");
            String::from_utf8_lossy(&o.stdout).into_owned()
        };
        assert_eq!(
            sections(&out),
            fd_expectations(),
            "descriptors seen by children, script from {how}; listing:\n{out}"
        );
    }
}

/// The same from the interactive shell on a terminal (which also has the
/// terminal, the history file and its signal machinery open).
fn descriptors_seen_by_interactive_commands(term: &str) {
    let mut sh = Shell::start(term);
    let mut out = String::new();
    for line in FD_SCRIPT.lines() {
        out.push_str(&sh.run(line));
    }
    // Background job notifications are not fd listings.
    let out: String = out
        .lines()
        .filter(|l| !l.starts_with('['))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        sections(&out),
        fd_expectations(),
        "descriptors seen by children of the interactive shell; listing:\n{out}"
    );
}

/// Descriptors 3 to 9 are the user's: `exec N>file` at the prompt, writing
/// to it and closing it again leave the shell working (whatever the line
/// editor keeps open must live elsewhere).
fn user_descriptors_3_to_9_at_the_prompt(term: &str) {
    let mut sh = Shell::start(term);
    for fd in 3..=9 {
        sh.run(&format!("exec {fd}>f{fd}"));
        assert_eq!(sh.run(&format!("echo ok-{fd}")), format!("ok-{fd}\n"));
        assert_eq!(sh.run(&format!("echo to-{fd} >&{fd}")), "");
        sh.run(&format!("exec {fd}>&-"));
        assert_eq!(
            sh.run(&format!("echo closed-{fd}")),
            format!("closed-{fd}\n")
        );
        let text = fs::read_to_string(sh.home().join(format!("f{fd}"))).unwrap_or_default();
        assert_eq!(text, format!("to-{fd}\n"), "what went to descriptor {fd}");
    }
    assert_terminal_sane(&mut sh);
}
