//! The manual page, doc/jsh.1: man(1) renders it without a warning, it has
//! the sections a reader looks for, and it names every option and builtin
//! the jsh just built has.
//!
//! Where man or groff is missing the tests cannot run: they fail under
//! `CI=true` (.ci/run installs man-db and groff-base) and print a loud
//! `SKIPPED` line elsewhere (tests/skip). The last test checks exactly
//! that, by running the first one again without man on PATH.

#[path = "skip/mod.rs"]
mod skip;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn page() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("doc/jsh.1")
}

/// `cmd` with a clean environment: PATH, LC_ALL=C, no pager.
fn clean(mut cmd: Command) -> Command {
    cmd.env_clear()
        .env(
            "PATH",
            std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".into()),
        )
        .env("LC_ALL", "C")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .stdin(Stdio::null());
    cmd
}

fn run(cmd: Command) -> Output {
    let mut cmd = clean(cmd);
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The page as `man -l` shows it at 80 columns, with groff's warnings on;
/// `None` (after saying why) when it cannot be rendered here.
fn rendered(test: &str) -> Option<String> {
    if !skip::have("man", &["--version"]) || !skip::have("groff", &["--version"]) {
        skip::skip_or_fail(
            test,
            "man(1) or groff(1) is not installed (man-db, groff-base)",
        );
        return None;
    }
    let mut man = Command::new("man");
    man.args(["--warnings", "-l"])
        .arg(page())
        .env("MANWIDTH", "80");
    let out = run(man);
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "man --warnings -l doc/jsh.1: {}\n{}",
        out.status,
        text(&out.stderr)
    );
    Some(text(&out.stdout))
}

#[test]
fn manual_page_renders_without_warnings() {
    let Some(page_text) = rendered("manual_page_renders_without_warnings") else {
        return;
    };
    for section in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "INVOCATION",
        "START-UP FILES",
        "THE LANGUAGE",
        "PROMPTS",
        "HISTORY",
        "LINE EDITING",
        "JOB CONTROL",
        "BUILTINS",
        "ENVIRONMENT",
        "EXIT STATUS",
        "FILES",
        "BUGS",
        "SEE ALSO",
    ] {
        assert!(
            page_text.lines().any(|l| l == section),
            "no {section} section in:\n{page_text}"
        );
    }
    // groff itself, at its strictest (all warnings), has nothing to say.
    let mut groff = Command::new("groff");
    groff.args(["-man", "-ww", "-z"]).arg(page());
    let out = run(groff);
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "groff -man -ww -z: {}\n{}",
        out.status,
        text(&out.stderr)
    );
}

/// The part of the rendered page under `heading`, up to the next heading.
fn section<'a>(page: &'a str, heading: &str) -> &'a str {
    let start = page
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("no {heading} section"));
    let rest = &page[start + heading.len() + 2..];
    // Headings are the lines that start at the left margin.
    let end = rest
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .find(|&i| rest[i..].starts_with(|c: char| c.is_ascii_uppercase()))
        .unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn manual_page_names_every_builtin_and_option() {
    let Some(page_text) = rendered("manual_page_names_every_builtin_and_option") else {
        return;
    };
    let jsh = env!("CARGO_BIN_EXE_jsh");
    // `help` lists one synopsis a line, each starting with the name.
    let mut help = Command::new(jsh);
    help.args(["-c", "help"]);
    let help = text(&run(help).stdout);
    let builtins = section(&page_text, "BUILTINS");
    let names: Vec<&str> = help
        .lines()
        .filter_map(|l| l.strip_prefix(' '))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(names.len() > 20, "builtins from `help`: {names:?}");
    for name in names {
        let listed = builtins.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with(&format!("{name} ")) || l == name || l.contains(&format!(", {name}"))
        });
        assert!(listed, "builtin {name} is not in BUILTINS:\n{builtins}");
    }
    let mut usage = Command::new(jsh);
    usage.arg("--help");
    let usage = text(&run(usage).stdout);
    let options = section(&page_text, "OPTIONS");
    for line in usage.lines().filter(|l| l.starts_with("  -")) {
        for option in line.split_whitespace().take_while(|w| w.starts_with('-')) {
            let option = option.trim_end_matches(',');
            assert!(
                options.contains(option),
                "option {option} is not in OPTIONS:\n{options}"
            );
        }
    }
}

/// Run `manual_page_renders_without_warnings` of this very test binary
/// again, with no man on PATH.
fn without_man(ci: Option<&str>) -> Output {
    let exe = std::env::current_exe().expect("the test binary");
    let mut cmd = Command::new(exe);
    cmd.args(["--exact", "manual_page_renders_without_warnings"])
        .env_clear()
        .env("PATH", "/nonexistent")
        .stdin(Stdio::null());
    if let Some(ci) = ci {
        cmd.env("CI", ci);
    }
    cmd.output().expect("run the test binary")
}

/// A test that cannot run is never a silent ok: under `CI=true` it fails,
/// elsewhere it passes with a `SKIPPED` line on stderr.
#[test]
fn a_test_that_cannot_run_fails_under_ci_and_says_skipped_elsewhere() {
    let under_ci = without_man(Some("true"));
    assert!(
        !under_ci.status.success(),
        "passed under CI=true without man:\n{}",
        text(&under_ci.stdout)
    );
    assert!(
        text(&under_ci.stdout).contains("SKIPPED: manual_page_renders_without_warnings"),
        "{}",
        text(&under_ci.stdout)
    );
    let elsewhere = without_man(None);
    assert!(
        elsewhere.status.success(),
        "failed without CI:\n{}\n{}",
        text(&elsewhere.stdout),
        text(&elsewhere.stderr)
    );
    assert!(
        text(&elsewhere.stderr).contains("SKIPPED: manual_page_renders_without_warnings: man(1)"),
        "no SKIPPED line: {}",
        text(&elsewhere.stderr)
    );
}
