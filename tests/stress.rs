//! Stress tests (issue 5, "Hardened"): many jobs at once, many stop/resume
//! cycles through a real terminal, children dying in bulk while a line is
//! typed, and very large inputs.
//!
//! Every test is bounded: a shell fed on a pipe ([`Live`], tests/live/mod.rs) has a hard
//! deadline and its whole process group is SIGKILLed when the test ends,
//! passed or failed; a shell on a pty is the harness's (tests/pty/mod.rs),
//! which does the same for the pty's session. Nothing sleeps to synchronise:
//! the tests wait for output or for process states in /proc, with timeouts.

mod common;
#[path = "live/mod.rs"]
mod live;
#[path = "pty/mod.rs"]
mod pty;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use common::{Spec, TempDir, jsh_path};
use live::{Live, Prep, all_children, open_fds};
use pty::{CTRL_C, CTRL_Z, Shell, children, count_lines, gone, job_line, running, stat};

// ------------------------------------------------------ 1,000 jobs burst --

const BURST: usize = 1000;

/// The exit status job `i` of a burst ends with.
fn burst_status(i: usize) -> usize {
    (i * 7 + 3) % 256
}

/// Everything after a burst: no child of the shell left (zombie or not),
/// `jobs` prints nothing, nothing on stderr, descriptors as before.
#[track_caller]
fn assert_clean_after_burst(sh: &mut Live, fds_before: &BTreeMap<i32, String>) {
    let left = all_children(sh.pid);
    if !left.is_empty() {
        sh.fail(&format!(
            "after wait the shell still has children (Z = zombie): {:?}",
            left.iter()
                .map(|s| (s.pid, s.comm.clone(), s.state))
                .collect::<Vec<_>>()
        ));
    }
    sh.send("jobs\necho jobs-end\n");
    let jobs = sh.expect("jobs-end\n");
    assert_eq!(jobs, "jobs-end\n", "`jobs` after wait must print nothing");
    let fds_after = open_fds(sh.pid);
    assert_eq!(
        &fds_after, fds_before,
        "the shell's open descriptors changed across the burst"
    );
    assert_eq!(sh.stderr(), "", "nothing on stderr");
    sh.send("exit 0\n");
    let st = sh.wait_exit();
    assert_eq!(st.code(), Some(0), "exit status");
}

/// 1,000 background jobs started in a burst, then `wait PID` for each: every
/// status is the job's own (the shell remembered each one while it reaped
/// the others), no zombie, the job table empty, descriptors back.
#[test]
fn burst_of_1000_jobs_every_status_by_wait_pid() {
    let t = Instant::now();
    let dir = TempDir::new("burst-pid");
    let mut sh = Live::jsh(&[], dir.path(), Prep::default(), Duration::from_secs(14));
    sh.send("echo ready $$\n");
    let ready = sh.expect("\n");
    assert_eq!(ready, format!("ready {}\n", sh.pid), "$$ is the shell");
    let fds_before = open_fds(sh.pid);

    let mut script = String::new();
    for i in 0..BURST {
        writeln!(script, "sh -c 'exit {}' & p{i}=$!", burst_status(i)).unwrap();
    }
    for i in 0..BURST {
        writeln!(script, "wait $p{i}; echo {i}:$?").unwrap();
    }
    script.push_str("echo all-waited\n");
    sh.send(&script);
    let out = sh.expect("all-waited\n");
    let got: Vec<&str> = out.lines().collect();
    let want: Vec<String> = (0..BURST)
        .map(|i| format!("{i}:{}", burst_status(i)))
        .chain(["all-waited".to_string()])
        .collect();
    let wrong: Vec<String> = want
        .iter()
        .zip(got.iter().chain(std::iter::repeat(&"<missing>")))
        .filter(|(w, g)| w.as_str() != **g)
        .take(10)
        .map(|(w, g)| format!("want {w}, got {g}"))
        .collect();
    assert!(
        wrong.is_empty() && got.len() == want.len(),
        "statuses reported by `wait PID` (first 10 wrong): {wrong:?}"
    );
    assert_clean_after_burst(&mut sh, &fds_before);
    eprintln!("1000 jobs, each waited for by PID: {:?}", t.elapsed());
}

/// 1,000 background jobs in a burst, `wait PID` for a few known ones, then a
/// plain `wait`: status 0, every job reaped (no zombie in /proc while the
/// shell is still alive), `jobs` empty, descriptors as before the burst.
#[test]
fn burst_of_1000_jobs_then_wait_leaves_nothing() {
    let t = Instant::now();
    let dir = TempDir::new("burst-wait");
    let mut sh = Live::jsh(&[], dir.path(), Prep::default(), Duration::from_secs(14));
    sh.send("echo ready $$\n");
    sh.expect("ready ");
    sh.expect("\n");
    let fds_before = open_fds(sh.pid);

    let mut script = String::new();
    for i in 0..BURST {
        match i {
            7 => script.push_str("sh -c 'exit 7' & seven=$!\n"),
            500 => script.push_str("sh -c 'kill -TERM $$' & termed=$!\n"),
            998 => script.push_str("sh -c 'exit 255' & last=$!\n"),
            _ if i % 2 == 0 => script.push_str("/bin/true &\n"),
            _ => writeln!(script, "sh -c 'exit {}' &", burst_status(i)).unwrap(),
        }
    }
    script.push_str("echo burst-started\n");
    script.push_str("wait $seven; echo seven=$?\n");
    script.push_str("wait $termed; echo termed=$?\n");
    script.push_str("wait $last; echo last=$?\n");
    script.push_str("wait; echo wait=$?\n");
    sh.send(&script);
    sh.expect("burst-started\n");
    let out = sh.expect("wait=");
    assert_eq!(out, "seven=7\ntermed=143\nlast=255\nwait=");
    assert_eq!(sh.expect("\n"), "0\n", "plain `wait` returns 0");
    assert_clean_after_burst(&mut sh, &fds_before);
    eprintln!("1000 jobs then plain wait: {:?}", t.elapsed());
}

// ------------------------------------------------- Ctrl+Z / fg cycles --

/// Ctrl+Z then `fg`, `cycles` times, on the foreground job made of
/// `comms` started by `cmd`: each time every process stops (state T), one
/// `Stopped` line is printed, the terminal goes back to the shell; `fg`
/// prints the command, gives the job the terminal and every process runs
/// again. Finally Ctrl+C ends the job and the shell is at its prompt.
fn stop_resume_cycles(term: &str, cmd: &str, comms: &[&str], cycles: usize) {
    let mut sh = Shell::start(term);
    let shell_pgrp = sh.stat().pgrp;
    sh.enter(cmd);
    let job = sh.wait_fg_job(comms);
    let pgrp = job[0].pgrp;
    let pids: Vec<i32> = job.iter().map(|s| s.pid).collect();
    assert!(job.iter().all(|s| s.pgrp == pgrp), "one process group");
    let stopped_line = job_line(1, '+', "Stopped", cmd);
    for cycle in 0..cycles {
        sh.key(CTRL_Z);
        let out = sh.prompt();
        if count_lines(&out, &stopped_line) != 1 {
            sh.fail(&format!(
                "cycle {cycle}: expected one {stopped_line:?} line, got {out:?}"
            ));
        }
        sh.wait_until(&format!("cycle {cycle}: every process stopped"), |_| {
            pids.iter().all(|&p| pty::stopped(p))
        });
        let me = sh.stat();
        if me.tpgid != shell_pgrp {
            sh.fail(&format!(
                "cycle {cycle}: the terminal did not go back to the shell (tpgid {})",
                me.tpgid
            ));
        }
        sh.enter("fg");
        sh.expect(&format!("{cmd}\n"));
        sh.wait_until(
            &format!("cycle {cycle}: the job running again, holding the terminal"),
            |sp| pids.iter().all(|&p| running(p)) && stat(sp).is_some_and(|s| s.tpgid == pgrp),
        );
    }
    assert_eq!(
        sh.transcript().matches(stopped_line.as_str()).count(),
        cycles,
        "one Stopped report per Ctrl+Z"
    );
    sh.key(CTRL_C);
    sh.prompt();
    sh.wait_until("the job to end", |_| pids.iter().all(|&p| gone(p)));
    assert_eq!(sh.stat().tpgid, shell_pgrp);
    assert_eq!(sh.run("jobs"), "");
    assert_eq!(sh.run("echo still-here"), "still-here\n");
}

/// 200 Ctrl+Z / `fg` cycles on one process, and on a 3-process pipeline,
/// under both terminal types.
macro_rules! cycles {
    ($($name:ident: $term:expr, $cmd:expr, $comms:expr;)*) => {$(
        #[test]
        fn $name() {
            let t = Instant::now();
            stop_resume_cycles($term, $cmd, $comms, 200);
            eprintln!("200 cycles on `{}` (TERM={}): {:?}", $cmd, $term, t.elapsed());
        }
    )*};
}

cycles! {
    ctrl_z_fg_200_cycles_single_job_dumb: "dumb", "sleep 100", &["sleep"];
    ctrl_z_fg_200_cycles_single_job_xterm: "xterm-256color", "sleep 100", &["sleep"];
    ctrl_z_fg_200_cycles_pipeline_dumb: "dumb", "sleep 100 | cat | cat", &["sleep", "cat", "cat"];
    ctrl_z_fg_200_cycles_pipeline_xterm:
        "xterm-256color", "sleep 100 | cat | cat", &["sleep", "cat", "cat"];
}

// ------------------------------------------- SIGCHLD storm while typing --

/// 50 background jobs that end one after another (every 20 ms) while a
/// line of about 360 characters is typed in chunks of 5 bytes: the line
/// runs intact, and every job is reaped and reported once.
fn sigchld_storm_while_typing(term: &str) {
    let mut sh = Shell::start(term);
    // Ten lines of five jobs: sleeps of 0.40 s to 1.38 s, so they end while
    // the line below is being typed.
    let mut reports = String::new();
    for line in 0..10 {
        let cmd: String = (0..5)
            .map(|j| {
                let ms = 400 + (line * 5 + j) * 20;
                format!("sleep {}.{:02} & ", ms / 1000, (ms % 1000) / 10)
            })
            .collect();
        reports.push_str(&sh.run(cmd.trim_end()));
    }
    let words: Vec<String> = (1..=45)
        .map(|i| format!("w{i:02}-{}", "x".repeat(i % 7)))
        .collect();
    let expected = words.join(" ");
    let typed = format!("echo {expected}");
    let alive_before = children(sh.pid).len();
    let started = Instant::now();
    for chunk in typed.as_bytes().chunks(5) {
        sh.send_bytes(chunk);
        // Typing speed, not synchronisation: a person types in bursts.
        thread::sleep(Duration::from_millis(12));
    }
    let alive_after = children(sh.pid).len();
    let typing = started.elapsed();
    sh.send("\r");
    // The output line, whole, on a line of its own (the echoed command line
    // has `echo ` before it).
    sh.expect(&format!("\n{expected}\n"));
    let rest = sh.prompt();
    assert!(
        !rest.contains("not found") && !rest.contains("syntax error"),
        "errors after the typed line: {rest:?}"
    );
    assert!(
        alive_before >= 10 && alive_after < alive_before,
        "the storm must happen while typing: {alive_before} jobs alive when typing began, \
         {alive_after} when it ended ({typing:?})"
    );
    eprintln!(
        "TERM={term}: {alive_before} jobs alive when typing began, {alive_after} when it \
         ended {typing:?} later"
    );
    sh.wait_until("every job reaped", |pid| all_children(pid).is_empty());
    let last = sh.run("echo after-storm");
    assert_eq!(last.lines().next(), Some("after-storm"), "in {last:?}");
    // Every job reported Done exactly once, after the line ran.
    reports.push_str(&rest);
    reports.push_str(&last);
    for n in 1..=50u32 {
        let done = reports
            .lines()
            .filter(|l| {
                l.starts_with(&format!("[{n}]")) && l.contains(" Done ") && l.contains("sleep ")
            })
            .count();
        assert_eq!(done, 1, "job {n} reported Done once, in {reports:?}");
    }
}

#[test]
fn sigchld_storm_while_typing_xterm() {
    sigchld_storm_while_typing("xterm-256color");
}

#[test]
fn sigchld_storm_while_typing_dumb() {
    sigchld_storm_while_typing("dumb");
}

// ------------------------------------------------------- large inputs --

/// Runs a script file with jsh; asserts no crash; returns (stdout, stderr,
/// status).
fn run_script(dir: &TempDir, script: &str) -> (String, String, i32) {
    let path = dir.write("script.sh", script.as_bytes());
    let out = Spec::new(jsh_path(), &[path.to_str().unwrap()])
        .cwd(dir.path())
        .run();
    out.assert_no_crash("large input");
    (out.out(), out.err(), out.shell_status())
}

/// A 1 MiB word: as a builtin's argument it works; as an external command's
/// argument the kernel refuses it (E2BIG) and jsh says so, as bash does;
/// in a variable it keeps its length; the script goes on.
#[test]
fn one_mebibyte_command_line() {
    let dir = TempDir::new("mib");
    let big = "x".repeat(1 << 20);
    let script = format!(
        "echo {big} | wc -c\n\
         /bin/echo {big}\n\
         echo st=$?\n\
         v={big}\n\
         echo ${{#v}}\n\
         echo after\n"
    );
    let (out, err, status) = run_script(&dir, &script);
    assert_eq!(out, "1048577\nst=126\n1048576\nafter\n");
    let path = dir.path().join("script.sh");
    assert_eq!(
        err,
        format!(
            "{}: line 2: /bin/echo: Argument list too long\n",
            path.display()
        )
    );
    assert_eq!(status, 0);
}

/// `echo x | cat | ... | cat` with 200 stages.
#[test]
fn two_hundred_stage_pipeline() {
    let dir = TempDir::new("pipe200");
    let mut script = String::from("echo x");
    for _ in 1..200 {
        script.push_str(" | cat");
    }
    script.push_str("\necho st=$?\n");
    let (out, err, status) = run_script(&dir, &script);
    assert_eq!(out, "x\nst=0\n");
    assert_eq!(err, "");
    assert_eq!(status, 0);
}

/// A scratch directory in /dev/shm when there is one (creating 10,000 files
/// on an overlay or network file system can take seconds), else in the
/// system's temporary directory; removed on drop.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let name = format!("jsh-stress-{}-{tag}", std::process::id());
        let shm = Path::new("/dev/shm").join(&name);
        if fs::create_dir(&shm).is_ok() {
            return Scratch(shm);
        }
        let tmp = std::env::temp_dir().join(name);
        fs::create_dir_all(&tmp).expect("create a scratch directory");
        Scratch(tmp)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A glob that matches 10,000 files, for a builtin and for an external
/// command.
#[test]
fn ten_thousand_arguments_from_a_glob() {
    let dir = TempDir::new("glob10k");
    let scratch = Scratch::new("glob10k");
    let files = scratch.0.join("files");
    fs::create_dir(&files).unwrap();
    let t = Instant::now();
    for i in 0..10_000 {
        fs::File::create(files.join(format!("f{i:05}"))).unwrap();
    }
    eprintln!("10,000 files created in {:?}", t.elapsed());
    let script = format!(
        "cd {}\n\
         echo * | wc -w\n\
                  /bin/echo f* | wc -w\n\
                  ls -d f*[0-9] | wc -l\n\
                  echo f0999? | wc -w\n\
                  echo st=$?\n",
        files.display()
    );
    let (out, err, status) = run_script(&dir, &script);
    assert_eq!(out, "10000\n10000\n10000\n10\nst=0\n");
    assert_eq!(err, "");
    assert_eq!(status, 0);
}
