//! Shared helpers for the jsh integration tests.
//!
//! Every child process is started in its own process group, with stdin set
//! explicitly (null, a byte string, or a file), stdout/stderr captured, and a
//! hard deadline: if it has not finished by then the whole process group is
//! killed and the test fails with whatever output was collected.
//!
//! The environment is cleared and rebuilt so that bash and jsh see exactly the
//! same variables (`PATH`, `HOME`, `PWD`, `LC_ALL=C`); `LC_ALL=C` makes bash's
//! glob sort order bytewise and its messages English.

#![allow(dead_code)] // each test crate uses a different subset of the helpers

use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::os::unix::ffi::OsStringExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Deadline for any single child process.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// Path of the shell under test.
pub fn jsh_path() -> &'static str {
    env!("CARGO_BIN_EXE_jsh")
}

/// Path of the reference shell.
pub const BASH: &str = "bash";

/// `PATH` given to every child: the caller's, or a sane default.
fn search_path() -> String {
    std::env::var("PATH").unwrap_or_else(|_| "/usr/local/bin:/usr/bin:/bin".to_string())
}

/// What the child gets on its standard input.
#[derive(Clone, Debug)]
pub enum Input {
    /// `/dev/null`.
    Null,
    /// A pipe fed with these bytes, then closed.
    Bytes(Vec<u8>),
    /// A regular file opened for reading (seekable stdin).
    File(PathBuf),
}

impl Input {
    pub fn text(s: &str) -> Input {
        Input::Bytes(s.as_bytes().to_vec())
    }
}

/// Captured result of one child process.
#[derive(Debug)]
pub struct Output {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub status: ExitStatus,
}

impl Output {
    pub fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn err(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// Exit code, or `None` if the process was killed by a signal.
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    /// Exit status as a shell would report it in `$?`.
    pub fn shell_status(&self) -> i32 {
        match (self.status.code(), self.status.signal()) {
            (Some(c), _) => c,
            (None, Some(s)) => 128 + s,
            _ => unreachable!("exit status is neither a code nor a signal"),
        }
    }

    /// Human-readable dump used in assertion messages.
    pub fn describe(&self) -> String {
        format!(
            "status: {:?}\n--- stdout ---\n{}--- stderr ---\n{}--------------",
            self.status,
            self.out(),
            self.err()
        )
    }

    /// Asserts the process neither panicked nor died of a signal.
    pub fn assert_no_crash(&self, what: &str) {
        let err = self.err();
        assert!(
            self.status.signal().is_none() && self.status.code() != Some(101),
            "{what}: jsh crashed\n{}",
            self.describe()
        );
        assert!(
            !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
            "{what}: jsh panicked\n{}",
            self.describe()
        );
    }
}

/// Full description of a child to run.
#[derive(Clone, Debug)]
pub struct Spec {
    pub program: String,
    pub args: Vec<OsString>,
    pub stdin: Input,
    pub cwd: Option<PathBuf>,
    pub env: Vec<(String, String)>,
    pub timeout: Duration,
}

impl Spec {
    pub fn new(program: &str, args: &[&str]) -> Spec {
        Spec {
            program: program.to_string(),
            args: args.iter().map(OsString::from).collect(),
            stdin: Input::Null,
            cwd: None,
            env: Vec::new(),
            timeout: TIMEOUT,
        }
    }

    /// Appends an argument that need not be valid UTF-8.
    pub fn raw_arg(mut self, bytes: &[u8]) -> Spec {
        self.args.push(OsString::from_vec(bytes.to_vec()));
        self
    }

    pub fn stdin(mut self, input: Input) -> Spec {
        self.stdin = input;
        self
    }

    pub fn cwd(mut self, dir: &Path) -> Spec {
        self.cwd = Some(dir.to_path_buf());
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Spec {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// Runs the child to completion (or to its deadline, which fails the test).
    pub fn run(&self) -> Output {
        run_spec(self)
    }
}

fn run_spec(spec: &Spec) -> Output {
    let mut cmd = Command::new(&spec.program);
    cmd.args(&spec.args)
        .env_clear()
        .env("PATH", search_path())
        .env("LC_ALL", "C")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Own process group, so that a timeout can kill the shell and
        // everything it started in one go.
        .process_group(0);
    if let Ok(home) = std::env::var("HOME") {
        cmd.env("HOME", home);
    }
    match &spec.cwd {
        Some(dir) => {
            cmd.current_dir(dir).env("PWD", dir);
        }
        None => {
            if let Ok(dir) = std::env::current_dir() {
                cmd.env("PWD", dir);
            }
        }
    }
    for (k, v) in &spec.env {
        cmd.env(k, v);
    }
    let mut feed = None;
    match &spec.stdin {
        Input::Null => {
            cmd.stdin(Stdio::null());
        }
        Input::Bytes(bytes) => {
            cmd.stdin(Stdio::piped());
            feed = Some(bytes.clone());
        }
        Input::File(path) => {
            let f = fs::File::open(path)
                .unwrap_or_else(|e| panic!("cannot open stdin file {}: {e}", path.display()));
            cmd.stdin(Stdio::from(f));
        }
    }
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot spawn {}: {e}", spec.program));
    let pid = child.id();
    if let Some(bytes) = feed {
        let mut pipe = child.stdin.take().expect("stdin was piped");
        // A shell that stops reading early closes the pipe: ignore EPIPE.
        thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(spec.timeout) {
        Ok(result) => {
            let out = result.unwrap_or_else(|e| panic!("waiting for {}: {e}", spec.program));
            Output {
                stdout: out.stdout,
                stderr: out.stderr,
                status: out.status,
            }
        }
        Err(_) => {
            kill_group(pid);
            let partial = match rx.recv_timeout(Duration::from_secs(5)) {
                Ok(Ok(out)) => format!(
                    "--- stdout ---\n{}--- stderr ---\n{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ),
                _ => "(no output could be collected)".to_string(),
            };
            panic!(
                "timeout: {} {:?} did not finish within {:?}; killed it\n{partial}",
                spec.program, spec.args, spec.timeout
            );
        }
    }
}

/// Sends SIGKILL to process group `pgid`, through the shell's `kill` builtin
/// (no extra crates, and no reliance on procps being installed).
fn kill_group(pgid: u32) {
    let _ = Command::new("sh")
        .args(["-c", &format!("kill -9 -{pgid}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Runs jsh with `args` and the given stdin (None = /dev/null), in a fresh
/// temporary working directory.
pub fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let input = match stdin {
        Some(s) => Input::text(s),
        None => Input::Null,
    };
    let dir = TempDir::new("run");
    Spec::new(jsh_path(), args)
        .stdin(input)
        .cwd(dir.path())
        .run()
}

/// Runs `jsh -c SCRIPT` with stdin from /dev/null inside `dir`.
pub fn run_c_in(dir: &Path, script: &str) -> Output {
    Spec::new(jsh_path(), &["-c", script]).cwd(dir).run()
}

/// Runs `jsh -c SCRIPT` with stdin from /dev/null in a fresh temporary dir.
pub fn run_c(script: &str) -> Output {
    let dir = TempDir::new("c");
    run_c_in(dir.path(), script)
}

// ---------------------------------------------------------------------------
// Temporary directories

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A uniquely named directory under the system temp dir, removed on drop.
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path =
            std::env::temp_dir().join(format!("jsh-test-{}-{tag}-{n}-{nanos}", std::process::id()));
        fs::create_dir_all(&path)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()));
        TempDir { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Empties the directory (keeping its path).
    pub fn reset(&self) {
        let _ = fs::remove_dir_all(&self.path);
        fs::create_dir_all(&self.path)
            .unwrap_or_else(|e| panic!("cannot recreate {}: {e}", self.path.display()));
    }

    pub fn write(&self, name: &str, contents: &[u8]) -> PathBuf {
        let p = self.path.join(name);
        fs::write(&p, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", p.display()));
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

// ---------------------------------------------------------------------------
// Differential testing against bash

/// How a script is handed to the shell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `SHELL -c SCRIPT [ARGS...]`, stdin /dev/null.
    DashC,
    /// `SHELL` with the script on a stdin pipe.
    Stdin,
    /// `SHELL ../script.sh [ARGS...]`, stdin /dev/null.
    File,
}

pub const ALL_MODES: &[Mode] = &[Mode::DashC, Mode::Stdin, Mode::File];

/// Replaces a leading `bash: ` / `jsh: ` on each line by a common token.
/// Applied to stdout too, since scripts may copy error messages there.
pub fn normalize_prefix(s: &str) -> String {
    let mut out = String::new();
    for line in s.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("bash: ") {
            out.push_str("SHELL: ");
            out.push_str(rest);
        } else if let Some(rest) = line.strip_prefix("jsh: ") {
            out.push_str("SHELL: ");
            out.push_str(rest);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Result of one shell run in a differential test, normalised for comparison.
#[derive(Debug, PartialEq, Eq)]
pub struct Observed {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

/// Runs `script` with `shell` in `mode` inside the sandbox `root`:
/// the working directory is `root/work`, `HOME` is `root/home` and the script
/// file (for [`Mode::File`]) is `root/script.sh`, passed as `../script.sh`.
/// `root` is emptied first, so bash and jsh see identical paths and state.
pub fn run_shell_in_sandbox(
    shell: &str,
    root: &TempDir,
    mode: Mode,
    script: &str,
    args: &[&str],
) -> Observed {
    root.reset();
    let work = root.path().join("work");
    let home = root.path().join("home");
    fs::create_dir(&work).expect("mkdir work");
    fs::create_dir(&home).expect("mkdir home");
    let home_s = home.to_str().expect("utf-8 temp path").to_string();
    let mut argv: Vec<&str> = Vec::new();
    let mut input = Input::Null;
    match mode {
        Mode::DashC => {
            argv.push("-c");
            argv.push(script);
            argv.extend_from_slice(args);
        }
        Mode::Stdin => {
            assert!(args.is_empty(), "stdin mode takes no arguments");
            input = Input::text(script);
        }
        Mode::File => {
            root.write("script.sh", script.as_bytes());
            argv.push("../script.sh");
            argv.extend_from_slice(args);
        }
    }
    let out = Spec::new(shell, &argv)
        .stdin(input)
        .cwd(&work)
        .env("HOME", &home_s)
        .run();
    Observed {
        stdout: normalize_prefix(&out.out()),
        stderr: normalize_prefix(&out.err()),
        status: out.shell_status(),
    }
}

/// Runs `script` through bash and through jsh in every mode and asserts that
/// stdout, stderr (modulo the `bash:`/`jsh:` prefix) and exit status agree.
pub fn compare_with_bash(script: &str) {
    compare_modes(script, &[], ALL_MODES);
}

/// Like [`compare_with_bash`] but passes positional arguments: in `-c` mode
/// `args[0]` is `$0`; in file mode `$0` is the script path and all of `args`
/// become `$1...`.  Stdin mode is skipped.
pub fn compare_with_bash_args(script: &str, args: &[&str]) {
    for &mode in &[Mode::DashC, Mode::File] {
        let args_for_mode: &[&str] = match mode {
            Mode::DashC => args,
            _ => args.get(1..).unwrap_or(&[]),
        };
        compare_one(script, args_for_mode, mode);
    }
}

/// Runs the comparison in the given modes only.
pub fn compare_modes(script: &str, args: &[&str], modes: &[Mode]) {
    for &mode in modes {
        compare_one(script, args, mode);
    }
}

fn compare_one(script: &str, args: &[&str], mode: Mode) {
    let root = TempDir::new("diff");
    let expected = run_shell_in_sandbox(BASH, &root, mode, script, args);
    let actual = run_shell_in_sandbox(jsh_path(), &root, mode, script, args);
    assert!(
        expected == actual,
        "jsh differs from bash ({mode:?} mode, args {args:?})\n\
         ===== script =====\n{script}\n==================\n\
         --- bash stdout ---\n{}--- jsh stdout ---\n{}\
         --- bash stderr ---\n{}--- jsh stderr ---\n{}\
         --- status: bash {} / jsh {}",
        expected.stdout,
        actual.stdout,
        expected.stderr,
        actual.stderr,
        expected.status,
        actual.status
    );
}

/// Like [`compare_with_bash`], in every mode, with `env` added to (or
/// overriding) the environment both shells start with: for what a shell
/// takes from its environment (IFS, the locale variables).
pub fn compare_with_bash_env(script: &str, env: &[(&str, &str)]) {
    for &mode in ALL_MODES {
        let root = TempDir::new("diff-env");
        let run = |shell: &str| {
            root.reset();
            let work = root.path().join("work");
            let home = root.path().join("home");
            fs::create_dir(&work).expect("mkdir work");
            fs::create_dir(&home).expect("mkdir home");
            let (argv, input): (Vec<&str>, Input) = match mode {
                Mode::DashC => (vec!["-c", script], Input::Null),
                Mode::Stdin => (Vec::new(), Input::text(script)),
                Mode::File => {
                    root.write("script.sh", script.as_bytes());
                    (vec!["../script.sh"], Input::Null)
                }
            };
            let mut spec = Spec::new(shell, &argv)
                .stdin(input)
                .cwd(&work)
                .env("HOME", home.to_str().expect("utf-8 temp path"));
            for (k, v) in env {
                spec = spec.env(k, v);
            }
            let out = spec.run();
            Observed {
                stdout: normalize_prefix(&out.out()),
                stderr: normalize_prefix(&out.err()),
                status: out.shell_status(),
            }
        };
        let expected = run(BASH);
        let actual = run(jsh_path());
        assert!(
            expected == actual,
            "jsh differs from bash ({mode:?} mode, env {env:?})\n\
             ===== script =====\n{script}\n==================\n\
             bash: {expected:?}\njsh:  {actual:?}"
        );
    }
}

/// Every descriptor of this process above 2 close-on-exec: the inherited
/// ones, and a pty test's master (which is not), so that no shell another
/// test starts sees them.
pub fn mark_close_on_exec() {
    let fds: Vec<i32> = fs::read_dir("/proc/self/fd")
        .expect("read /proc/self/fd")
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .filter(|&fd| fd > 2)
        .collect();
    for fd in fds {
        // SAFETY: only sets the close-on-exec flag; every descriptor
        // this process opens for itself already has it.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFD);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFD, flags | libc::FD_CLOEXEC);
            }
        }
    }
}

/// Only 0, 1 and 2 reach the shells a test starts (once per process).
pub fn only_standard_fds() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(mark_close_on_exec);
}

/// Differential cases run through bash, dash and jsh in every mode.
pub enum Dash {
    Agrees,
    /// bash and dash differ here; the reason, and why bash is followed.
    Differs(&'static str),
}

pub fn run_all(script: &str, dash: Dash) {
    for &mode in ALL_MODES {
        let root = TempDir::new("lang");
        let bash = run_shell_in_sandbox(BASH, &root, mode, script, &[]);
        let jsh = run_shell_in_sandbox(jsh_path(), &root, mode, script, &[]);
        assert!(
            bash == jsh,
            "jsh differs from bash ({mode:?})\n=== script ===\n{script}\n\
             --- bash ---\n{bash:?}\n--- jsh ---\n{jsh:?}"
        );
        if let Dash::Differs(why) = dash {
            assert!(!why.is_empty(), "a difference from dash must say why");
        }
        if let Dash::Agrees = dash {
            let dash = run_shell_in_sandbox("dash", &root, mode, script, &[]);
            let same = |o: &Observed| (o.stdout.clone(), o.status);
            assert!(
                same(&dash) == same(&bash),
                "the table says bash and dash agree, they do not ({mode:?})\n{script}\n\
                 bash {bash:?}\ndash {dash:?}"
            );
            assert_eq!(
                same(&jsh),
                same(&dash),
                "jsh differs from dash ({mode:?})\n{script}"
            );
        }
    }
}

#[macro_export]
macro_rules! cases {
    ($($name:ident: $script:expr, $dash:expr;)*) => {$(
        #[test]
        fn $name() {
            $crate::common::run_all($script, $dash);
        }
    )*};
}
