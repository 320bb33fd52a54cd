//! Field fixes at the keyboard (issue 8), through a real pseudo-terminal
//! (tests/pty/mod.rs) where the terminal matters: a command typed over
//! several lines is one history entry, in memory and in the history file,
//! as with bash's `cmdhist`; a login shell says `logout` as it leaves by
//! `exit` or Ctrl+D (any other shell `exit`), and the `logout` builtin
//! nothing, as in bash; and users that
//! /etc/passwd does not list (LDAP, SSSD, systemd-homed) are found through
//! the system's name service, for `\u` in the prompt and for `~name`.
//!
//! The pty scenarios run under `TERM=dumb` and `TERM=xterm-256color`, and
//! against bash with `JSH_TEST_SHELL=bash` (except where a comment says
//! why not).

#[macro_use]
#[path = "pty/mod.rs"]
mod pty;
#[path = "skip/mod.rs"]
mod skip;

use std::ffi::CString;
use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use nix::sys::wait::WaitStatus;
use pty::{CTRL_D, PROMPT, Setup, Shell, TempDir, name};

const XTERM: &str = "xterm-256color";

terms!(
    lines_of_one_command_are_one_history_entry,
    login_shell_says_logout_for_exit_logout_and_ctrl_d,
    exit_says_logout_first_even_when_it_stays,
    other_shells_say_exit,
);

// ------------------------------------------------------------- history --

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Type the lines of one command, each at its own prompt (PS1, then PS2),
/// and return the command's output.
#[track_caller]
fn type_lines(sh: &mut Shell, lines: &[&str]) -> String {
    for (i, line) in lines.iter().enumerate() {
        sh.enter(line);
        if i + 1 < lines.len() {
            sh.expect("> ");
        }
    }
    sh.prompt()
}

/// `echo abc |` Enter `tr a z` Enter is one entry, `echo abc | tr a z`,
/// as bash makes it: `history` shows it so, Up brings it back whole, and
/// the history file has it on one line. A newline inside quotes stays in
/// the entry; the file keeps it as bash does, and a later shell reads the
/// entry back whole.
fn lines_of_one_command_are_one_history_entry(term: &str) {
    let home = TempDir::new();
    let file = home.path().join("hist");
    // bash marks each entry with its time only with HISTTIMEFORMAT set
    // (jsh always does), and keeps no immediate repeat only with
    // HISTCONTROL saying so (jsh never keeps one).
    let setup = Setup::default()
        .home(home.path())
        .env("HISTFILE", file.to_str().unwrap())
        .env("HISTTIMEFORMAT", "")
        .env("HISTCONTROL", "ignoreboth");
    let mut sh = Shell::start_with(term, setup.clone());
    assert_eq!(type_lines(&mut sh, &["echo abc |", "tr a z"]), "zbc\n");
    assert_eq!(type_lines(&mut sh, &["true &&", "echo and"]), "and\n");
    assert_eq!(
        type_lines(&mut sh, &["echo back\\", "slash"]),
        "backslash\n"
    );
    let mut want = vec!["echo abc | tr a z", "true && echo and", "echo backslash"];
    if term == XTERM {
        // Up, Up, Up: the whole first command, on one line.
        sh.send("\x1b[A\x1b[A\x1b[A");
        sh.expect(&format!("{PROMPT}echo abc | tr a z"));
        sh.send("\r");
        sh.expect(&format!("\nzbc\n{PROMPT}"));
        want.push("echo abc | tr a z");
    }
    assert_eq!(type_lines(&mut sh, &["echo \"a", "b\""]), "a\nb\n");
    want.push("echo \"a\nb\"");
    want.push("history");
    let listed: String = want
        .iter()
        .enumerate()
        .map(|(i, e)| format!("{:5}  {e}\n", i + 1))
        .collect();
    assert_eq!(sh.run("history"), listed);
    sh.key(CTRL_D);
    sh.wait_exit();
    // bash writes its file at exit; jsh has written each entry as it ran,
    // each after a mark (`#` and the time), as bash does.
    let lines: String = want.iter().map(|e| format!("{e}\n")).collect();
    assert_eq!(unmarked(&read(&file)), lines);
    // The marks delimit the entries: the quoted one comes back whole.
    let mut sh = Shell::start_with(term, setup);
    // (This `history` repeats the last entry, so it is not kept again.)
    let listed: String = want
        .iter()
        .enumerate()
        .map(|(i, e)| format!("{:5}  {e}\n", i + 1))
        .collect();
    assert_eq!(sh.run("history"), listed);
}

/// A history file without the `#<time>` line before each entry, which
/// must be there.
fn unmarked(file: &str) -> String {
    let is_mark = |l: &str| {
        l.strip_prefix('#')
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut out = String::new();
    let mut marked = false;
    for line in file.lines() {
        if is_mark(line) {
            marked = true;
        } else {
            assert!(marked, "no mark before {line:?} in {file:?}");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

// --------------------------------------------------------- logout/exit --

/// Leave the shell by `how` (a command, or Ctrl+D when empty); check what
/// it said as it left (`word`, or nothing) and its exit status.
#[track_caller]
fn leave(sh: &mut Shell, how: &str, word: Option<&str>, status: i32) {
    if how.is_empty() {
        sh.key(CTRL_D);
    } else {
        sh.enter(how);
    }
    if let Some(word) = word {
        let before = sh.expect(&format!("{word}\n"));
        assert_eq!(before.trim(), "", "before {word:?} as the shell left");
    }
    match sh.wait_exit() {
        WaitStatus::Exited(_, st) => assert_eq!(st, status, "status after {how:?}"),
        st => panic!("after {how:?}: {st:?}"),
    }
    let rest = sh.pending_output();
    assert_eq!(rest.trim(), "", "said as it left by {how:?}");
}

/// A login shell (`-l`) says `logout` as it leaves by `exit` or Ctrl+D,
/// as bash does; the `logout` builtin leaves without a word, as in bash
/// (`exit_builtin` prints the word, `logout_builtin` does not).
fn login_shell_says_logout_for_exit_logout_and_ctrl_d(term: &str) {
    for (how, word, status) in [
        ("exit 3", Some("logout"), 3),
        ("", Some("logout"), 0),
        ("logout 4", None, 4),
    ] {
        let mut sh = Shell::start_with(term, Setup::default().arg("-l"));
        leave(&mut sh, how, word, status);
    }
}

/// `exit` says its word first, as bash does, also when it then stays:
/// with a stopped job, or given too many arguments.
fn exit_says_logout_first_even_when_it_stays(term: &str) {
    let mut sh = Shell::start_with(term, Setup::default().arg("-l"));
    assert_eq!(
        sh.run("exit 1 2"),
        format!("logout\n{}: exit: too many arguments\n", name())
    );
    sh.enter("sleep 100");
    let pid = sh.wait_fg_job(&["sleep"])[0].pid;
    sh.key(pty::CTRL_Z);
    sh.prompt();
    assert_eq!(sh.run("exit"), "logout\nThere are stopped jobs.\n");
    assert!(pty::stopped(pid), "the job stays stopped");
    // The status is that of the `exit` that stayed.
    leave(&mut sh, "exit", Some("logout"), 1);
    sh.wait_until("the stopped job to be hung up", |_| pty::gone(pid));
}

/// Any other interactive shell says `exit`, for `exit` and Ctrl+D alike;
/// `logout` is refused there, and the shell goes on.
fn other_shells_say_exit(term: &str) {
    for (how, status) in [("exit 5", 5), ("", 0)] {
        let mut sh = Shell::start(term);
        leave(&mut sh, how, Some("exit"), status);
    }
    let mut sh = Shell::start(term);
    assert_eq!(
        sh.run("logout"),
        format!("{}: logout: not login shell: use `exit'\n", name())
    );
    leave(&mut sh, "exit", Some("exit"), 1);
}

// ------------------------------------------------ users not in passwd --

/// A user and id that /etc/passwd does not have, as an LDAP directory
/// would serve them.
const USER: &str = "jshldapuser";
const UID: u32 = 47_423;
const HOME: &str = "/home/jshldapuser";

/// A stand-in for getent(1) that knows [`USER`] and logs each call to
/// `log`. It must be root's and writable by no one else, as jsh requires
/// of the getent it runs.
fn stub_getent(dir: &Path, log: &Path) -> PathBuf {
    let path = dir.join("getent");
    let script = format!(
        "#!/bin/sh\n\
         echo \"$*\" >> '{log}'\n\
         [ \"$1 $2\" = 'passwd --' ] || exit 9\n\
         case $3 in\n\
         {USER}|{UID}) echo '{USER}:*:{UID}:{UID}:LDAP user:{HOME}:/bin/sh' ;;\n\
         *) exit 2 ;;\n\
         esac\n",
        log = log.display()
    );
    fs::write(&path, script).expect("write the stub getent");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).expect("chmod the stub");
    path
}

/// Run `jsh -i` on `input` (a pipe, no terminal) as user `uid`, in a
/// mount namespace of its own where `getent` is bound over
/// /usr/bin/getent, with no `HOME` and no `USER`, `PS1='[\u] '`.
fn jsh_with_getent(getent: &Path, uid: u32, input: &str) -> Output {
    let c = |s: &str| CString::new(s).expect("no NUL");
    let (root, target, stub, none) = (
        c("/"),
        c("/usr/bin/getent"),
        c(getent.to_str().expect("UTF-8 path")),
        c("none"),
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jsh"));
    cmd.arg("-i")
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("LC_ALL", "C")
        .env("PS1", "[\\u] ")
        .current_dir("/")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: between fork and exec only system calls (setsid, unshare,
    // mount, setgroups, setgid, setuid), on strings made before the fork.
    unsafe {
        cmd.pre_exec(move || {
            let ok = |r: libc::c_int| {
                if r == 0 {
                    Ok(())
                } else {
                    Err(std::io::Error::last_os_error())
                }
            };
            // No controlling terminal: the shell must not take the
            // test's.
            if libc::setsid() < 0 {
                return Err(std::io::Error::last_os_error());
            }
            ok(libc::unshare(libc::CLONE_NEWNS))?;
            ok(libc::mount(
                none.as_ptr(),
                root.as_ptr(),
                std::ptr::null(),
                libc::MS_REC | libc::MS_PRIVATE,
                std::ptr::null(),
            ))?;
            ok(libc::mount(
                stub.as_ptr(),
                target.as_ptr(),
                std::ptr::null(),
                libc::MS_BIND,
                std::ptr::null(),
            ))?;
            if uid != 0 {
                ok(libc::setgroups(0, std::ptr::null()))?;
                ok(libc::setgid(uid))?;
                ok(libc::setuid(uid))?;
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("start jsh in a mount namespace");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all(input.as_bytes())
        .expect("write the commands");
    drop(stdin);
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().expect("try_wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("jsh did not finish in 20 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().expect("collect the output")
}

/// Can this test make a mount namespace and bind a file over
/// /usr/bin/getent (root, a getent to cover)? If not, it says so.
fn can_stub_getent(test: &str) -> bool {
    if !skip::root() {
        skip::skip_or_fail(test, "binding a stub over /usr/bin/getent needs root");
        return false;
    }
    if !Path::new("/usr/bin/getent").is_file() {
        skip::skip_or_fail(test, "no /usr/bin/getent to stand in for");
        return false;
    }
    let passwd = fs::read_to_string("/etc/passwd").unwrap_or_default();
    assert!(
        !passwd
            .lines()
            .any(|l| l.starts_with(&format!("{USER}:"))
                || l.split(':').nth(2) == Some(&UID.to_string())),
        "/etc/passwd has {USER} or uid {UID}: the test needs a user it lacks"
    );
    true
}

/// A temporary directory for the stub and, in `log/`, its log, which any
/// user can write.
fn stub_dir() -> TempDir {
    let dir = TempDir::new();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let logs = dir.path().join("log");
    fs::create_dir(&logs).unwrap();
    fs::set_permissions(&logs, fs::Permissions::from_mode(0o777)).unwrap();
    dir
}

/// jsh runs as a user that only the name service knows: `\u` is the name,
/// not the number, and `~name` and `~` (no `HOME`) are its home.
#[test]
fn user_known_only_to_the_name_service() {
    // jsh's own behaviour: bash would ask glibc's NSS, which knows
    // nothing of the stub.
    let test = "user_known_only_to_the_name_service";
    if !can_stub_getent(test) {
        return;
    }
    let dir = stub_dir();
    let log = dir.path().join("log/calls");
    let getent = stub_getent(dir.path(), &log);
    let out = jsh_with_getent(
        &getent,
        UID,
        &format!("echo ~{USER}/x\necho ~\necho ~nosuchuser_jsh\nexit\n"),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stdout,
        format!("{HOME}/x\n{HOME}\n~nosuchuser_jsh\n"),
        "stderr: {stderr}"
    );
    assert!(
        stderr.contains(&format!("[{USER}] ")),
        "prompt shows no user name: {stderr:?}"
    );
    assert!(
        !stderr.contains(&format!("[{UID}] ")),
        "prompt shows the number: {stderr:?}"
    );
    assert!(out.status.success(), "{:?} {stderr}", out.status);
}

/// A user /etc/passwd lists costs no getent: `\u`, `~root` and `~` are
/// answered from the file, and getent runs only for a name it lacks.
#[test]
fn users_in_etc_passwd_need_no_getent() {
    let test = "users_in_etc_passwd_need_no_getent";
    if !can_stub_getent(test) {
        return;
    }
    let dir = stub_dir();
    let log = dir.path().join("log/calls");
    let getent = stub_getent(dir.path(), &log);
    let out = jsh_with_getent(&getent, 0, "echo ~root ~\nexit\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "/root /root\n",
        "{stderr}"
    );
    assert!(stderr.contains("[root] "), "{stderr:?}");
    assert!(
        !log.exists(),
        "getent ran: {}",
        fs::read_to_string(&log).unwrap_or_default()
    );
    // A user the file lacks is asked of getent, once.
    let out = jsh_with_getent(&getent, 0, "echo ~nosuchuser_jsh\nexit\n");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "~nosuchuser_jsh\n");
    assert_eq!(read(&log), "passwd -- nosuchuser_jsh\n");
}

/// A `getent` found through PATH is never run: expanding `~name` must not
/// run a program from a directory the user put on PATH (such as `.`).
#[test]
fn getent_is_not_looked_up_on_path() {
    let dir = stub_dir();
    let log = dir.path().join("log/calls");
    let _ = stub_getent(dir.path(), &log);
    let out = Command::new(env!("CARGO_BIN_EXE_jsh"))
        .args(["-c", &format!("echo ~{USER}")])
        .env_clear()
        .env("PATH", format!("{}:/usr/bin:/bin", dir.path().display()))
        .stdin(Stdio::null())
        .output()
        .expect("run jsh");
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("~{USER}\n"));
    assert!(!log.exists(), "the getent on PATH ran");
}
