//! A login shell at a terminal, the way `login` starts it: it reads the
//! system's /etc/profile (Debian's sets PATH for root with `$(id -u)`,
//! `[` and `.`), then the user's ~/.profile, whose prompt and variables
//! the first prompt then shows. The same test runs against bash
//! (`JSH_TEST_SHELL=bash`), which reads the same two files.

#[macro_use]
#[path = "pty/mod.rs"]
mod pty;
#[path = "skip/mod.rs"]
mod skip;

use pty::{Setup, Shell, TempDir};

terms!(login_shell_reads_etc_profile_then_dot_profile);

fn login_shell_reads_etc_profile_then_dot_profile(term: &str) {
    if !std::path::Path::new("/etc/profile").exists() {
        skip::skip_or_fail("login start-up files", "this system has no /etc/profile");
        return;
    }
    let home = TempDir::new();
    std::fs::write(
        home.path().join(".profile"),
        "FROM_PROFILE=yes\nPS1='jsh$ '\ncase $PATH in /nowhere*) P=kept;; *) P=set;; esac\n",
    )
    .unwrap();
    let mut sh = Shell::start_with(
        term,
        Setup::default()
            .home(home.path())
            .profiles()
            .arg("-l")
            .env("PATH", "/nowhere:/usr/bin:/bin")
            // Not the harness's: the profile sets it back.
            .env("PS1", "other$ ")
            .prompt(pty::PROMPT),
    );
    let out = sh.run("echo $FROM_PROFILE $P");
    assert_eq!(
        out, "yes set\n",
        "~/.profile ran after /etc/profile set PATH"
    );
}
