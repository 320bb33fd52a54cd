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
