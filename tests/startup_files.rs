//! Start-up files: `~/.jsh_profile` for login shells, `~/.jshrc` for
//! interactive ones; errors name the file and line; files others could
//! have written are refused.

mod common;
#[path = "skip/mod.rs"]
mod skip;

use std::os::unix::fs::PermissionsExt;

use common::{Input, Spec, TempDir, jsh_path};

fn shell(home: &TempDir, args: &[&str], stdin: &str) -> common::Output {
    Spec::new(jsh_path(), args)
        .env("HOME", home.path().to_str().expect("utf-8 temp path"))
        .env("PS1", "P$ ")
        .stdin(Input::text(stdin))
        .run()
}

#[test]
fn login_reads_profile_then_rc() {
    let home = TempDir::new("login");
    home.write(".jsh_profile", b"echo profile; FROM_PROFILE=p\n");
    home.write(".jshrc", b"echo rc $FROM_PROFILE\n");
    let out = shell(&home, &["-l", "-i"], "echo main\n");
    assert_eq!(out.out(), "profile\nrc p\nmain\n", "{}", out.describe());
    // Interactive but not login: only the rc file.
    let out = shell(&home, &["-i"], "echo main\n");
    assert_eq!(out.out(), "rc\nmain\n", "{}", out.describe());
    // Neither: no start-up file at all.
    let out = shell(&home, &[], "echo main\n");
    assert_eq!(out.out(), "main\n", "{}", out.describe());
}

#[test]
fn errors_name_the_file_and_line_and_the_shell_starts() {
    let home = TempDir::new("rcerr");
    home.write(
        ".jshrc",
        b"echo before\nnosuch-command-xyz\necho a | | b\necho never\n",
    );
    let out = shell(&home, &["-i"], "echo still-started\n");
    let rc = format!("{}/.jshrc", home.path().display());
    assert!(out.out().contains("before\n"), "{}", out.describe());
    assert!(out.out().contains("still-started\n"), "{}", out.describe());
    assert!(
        !out.out().contains("never"),
        "a syntax error ends the file: {}",
        out.describe()
    );
    assert!(
        out.err().contains(&format!(
            "{rc}: line 2: nosuch-command-xyz: command not found"
        )),
        "{}",
        out.describe()
    );
    assert!(
        out.err().contains(&format!(
            "{rc}: line 3: syntax error near unexpected token `|'"
        )),
        "{}",
        out.describe()
    );
}

#[test]
fn world_writable_rc_is_refused() {
    let home = TempDir::new("rcww");
    let rc = home.write(".jshrc", b"echo RC-RAN\n");
    std::fs::set_permissions(&rc, std::fs::Permissions::from_mode(0o666)).expect("chmod");
    let out = shell(&home, &["-i"], "echo main\n");
    assert!(!out.out().contains("RC-RAN"), "{}", out.describe());
    assert!(
        out.err().contains("not read: it is writable by anyone"),
        "{}",
        out.describe()
    );
    assert!(out.out().contains("main"), "{}", out.describe());
}

#[test]
fn rc_owned_by_another_user_is_refused() {
    if !skip::root() {
        skip::skip_or_fail(
            "rc_owned_by_another_user_is_refused",
            "changing a file's owner needs root",
        );
        return;
    }
    let home = TempDir::new("rcown");
    let rc = home.write(".jshrc", b"echo RC-RAN\n");
    std::os::unix::fs::chown(&rc, Some(65534), None).expect("chown");
    let out = shell(&home, &["-i"], "echo main\n");
    assert!(!out.out().contains("RC-RAN"), "{}", out.describe());
    assert!(
        out.err().contains("not read: it is owned by another user"),
        "{}",
        out.describe()
    );
}

#[test]
fn logout_only_in_login_shells() {
    let home = TempDir::new("logout");
    let out = shell(&home, &["-i"], "logout\necho after\n");
    assert!(
        out.err().contains("logout: not login shell: use `exit'"),
        "{}",
        out.describe()
    );
    assert!(out.out().contains("after"), "{}", out.describe());
    let out = shell(&home, &["-l", "-i"], "logout 3\necho after\n");
    assert_eq!(out.code(), Some(3), "{}", out.describe());
    assert!(!out.out().contains("after"), "{}", out.describe());
}

/// A login shell reads /etc/profile, then the first of ~/.jsh_profile and
/// ~/.profile; an interactive one then $ENV (expanded) and ~/.jshrc.
#[test]
fn personal_profile_falls_back_to_dot_profile() {
    let home = TempDir::new("dotprofile");
    home.write(".profile", b"echo dot-profile\n");
    let out = shell(&home, &["-l", "--noprofile", "-c", "echo main"], "");
    assert_eq!(out.out(), "main\n", "--noprofile: {}", out.describe());
    let out = shell(&home, &["-l", "-c", "echo main"], "");
    assert!(
        out.out().ends_with("dot-profile\nmain\n"),
        "~/.profile when there is no ~/.jsh_profile: {}",
        out.describe()
    );
    home.write(".jsh_profile", b"echo jsh-profile\n");
    let out = shell(&home, &["-l", "-c", "echo main"], "");
    assert!(
        out.out().ends_with("jsh-profile\nmain\n") && !out.out().contains("dot-profile"),
        "only the first of ~/.jsh_profile and ~/.profile: {}",
        out.describe()
    );
}

#[test]
fn env_rcfile_and_norc() {
    let home = TempDir::new("envrc");
    home.write("envfile", b"echo from-env\n");
    home.write(".jshrc", b"echo from-jshrc\n");
    home.write("other", b"echo from-other\n");
    let run = |args: &[&str]| {
        Spec::new(jsh_path(), args)
            .env("HOME", home.path().to_str().expect("utf-8 temp path"))
            .env("ENV", "$HOME/envfile")
            .env("PS1", "")
            .stdin(Input::text("echo main\n"))
            .run()
    };
    let out = run(&["-i"]);
    assert_eq!(
        out.out(),
        "from-env\nfrom-jshrc\nmain\n",
        "{}",
        out.describe()
    );
    let out = run(&[
        "-i",
        "--rcfile",
        &format!("{}/other", home.path().display()),
    ]);
    assert_eq!(
        out.out(),
        "from-env\nfrom-other\nmain\n",
        "{}",
        out.describe()
    );
    let out = run(&["-i", "--norc"]);
    assert_eq!(out.out(), "main\n", "{}", out.describe());
    // Not interactive: neither.
    let out = run(&[]);
    assert_eq!(out.out(), "main\n", "{}", out.describe());
}

/// The system's own /etc/profile (Debian's sets PATH by `id -u`, with
/// `$(...)`, `[`, `.` of /etc/profile.d/*.sh) leaves a login jsh with
/// what it leaves a login dash with.
#[test]
fn the_real_etc_profile_runs_as_under_dash() {
    if !std::path::Path::new("/etc/profile").exists() {
        skip::skip_or_fail("/etc/profile", "this system has none");
        return;
    }
    let home = TempDir::new("etcprofile");
    let script = "echo \"PATH=$PATH\"; echo \"PS1=${PS1-unset}\"; echo \"i=${i-unset}\"";
    let run = |shell: &str| {
        Spec::new(shell, &["-l", "-c", script])
            .env("HOME", home.path().to_str().expect("utf-8 temp path"))
            .env("PATH", "/nowhere:/usr/bin:/bin")
            // dash sets PS1 even when not interactive, bash and jsh do
            // not; the profile changes a PS1 that is set.
            .env("PS1", "P$ ")
            .run()
    };
    let (dash, jsh) = (run("dash"), run(jsh_path()));
    assert!(
        !dash.out().contains("/nowhere"),
        "dash's /etc/profile did not set PATH: {}",
        dash.describe()
    );
    assert_eq!(
        (jsh.out(), jsh.err(), jsh.code()),
        (dash.out(), dash.err(), dash.code()),
        "jsh (left) vs dash"
    );
}
