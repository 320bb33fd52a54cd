//! Real scripts that nobody here wrote (issue 9): an autoconf-generated
//! `configure` with its `config.status`, and Debian's own `/bin/sh`
//! scripts (gzip's zgrep, gunzip, zcat, zdiff, zcmp, debianutils' which,
//! less's lesspipe). Each runs under dash and under jsh on the same files;
//! stdout, stderr (the shell's name and the script's path made alike) and
//! status must be the same, and so must the files they write.

mod common;
#[path = "skip/mod.rs"]
mod skip;

use std::path::Path;

use common::{Output, Spec, TempDir, jsh_path};

/// dash is Debian's /bin/sh: the shell these scripts are written for.
const DASH: &str = "dash";

/// Files the Debian scripts work on: two texts and their gzip'd copies.
fn sample_files(dir: &Path) {
    std::fs::write(dir.join("a.txt"), "alpha\nbeta\ngamma delta\nalpha again\n").unwrap();
    std::fs::write(dir.join("b.txt"), "alpha\nBETA\ngamma delta\n").unwrap();
    for name in ["a.txt", "b.txt"] {
        let status = std::process::Command::new("gzip")
            .args(["-k", "-n", "-f", name])
            .current_dir(dir)
            .status()
            .expect("gzip runs");
        assert!(status.success(), "gzip {name}");
    }
}

/// `shell script args...` in `dir`, with the output made independent of
/// which shell ran it.
fn run_script(shell: &str, dir: &Path, script: &str, args: &[&str]) -> Output {
    let mut all = vec![script];
    all.extend_from_slice(args);
    Spec::new(shell, &all)
        .cwd(dir)
        .env("LC_ALL", "C")
        .env("CONFIG_SHELL", shell)
        .run()
}

fn same_shape(out: &str, shell: &str) -> String {
    out.replace(shell, "SHELL")
}

/// None if jsh did what dash did, else what differs.
fn difference(what: &str, dash: &Output, jsh: &Output) -> Option<String> {
    let d = (
        same_shape(&dash.out(), DASH),
        same_shape(&dash.err(), DASH),
        dash.code(),
    );
    let j = (
        same_shape(&jsh.out(), jsh_path()),
        same_shape(&jsh.err(), jsh_path()),
        jsh.code(),
    );
    (j != d).then(|| format!("{what}:\n  jsh  {j:?}\n  dash {d:?}"))
}

/// Which Debian script, with which arguments, on the sample files.
const DEBIAN: &[(&str, &[&str])] = &[
    ("/usr/bin/zgrep", &["alpha", "a.txt.gz"]),
    (
        "/usr/bin/zgrep",
        &["-n", "-e", "gamma", "a.txt.gz", "b.txt.gz"],
    ),
    (
        "/usr/bin/zgrep",
        &["-c", "-i", "beta", "a.txt.gz", "b.txt", "b.txt.gz"],
    ),
    (
        "/usr/bin/zgrep",
        &["-l", "delta", "a.txt.gz", "b.txt.gz", "a.txt"],
    ),
    ("/usr/bin/zgrep", &["nothere", "a.txt.gz"]),
    ("/usr/bin/zgrep", &["alpha", "missing.gz"]),
    ("/usr/bin/zegrep", &["al(pha|x)", "a.txt.gz"]),
    ("/usr/bin/zfgrep", &["a.", "a.txt.gz"]),
    ("/usr/bin/gunzip", &["-c", "a.txt.gz"]),
    ("/usr/bin/gunzip", &["-t", "a.txt.gz", "b.txt.gz"]),
    ("/usr/bin/zcat", &["a.txt.gz", "b.txt.gz"]),
    ("/usr/bin/zdiff", &["a.txt.gz", "b.txt.gz"]),
    ("/usr/bin/zdiff", &["a.txt.gz", "a.txt"]),
    ("/usr/bin/zcmp", &["a.txt.gz", "b.txt.gz"]),
    ("/usr/bin/which", &["sh", "gzip", "nosuchcommand"]),
    ("/usr/bin/which", &["-a", "sh"]),
    ("/usr/bin/lesspipe", &[]),
    ("/usr/bin/lesspipe", &["a.txt.gz"]),
    ("/usr/bin/lesspipe", &["a.txt"]),
];

#[test]
fn debian_sh_scripts_run_as_under_dash() {
    let mut ran = 0;
    let mut failures = Vec::new();
    for &(script, args) in DEBIAN {
        if !Path::new(script).exists() {
            skip::skip_or_fail(
                script,
                "not installed (.ci/run installs gzip, debianutils, less)",
            );
            continue;
        }
        let root = TempDir::new("debian");
        sample_files(root.path());
        let dash = run_script(DASH, root.path(), script, args);
        let jsh = run_script(jsh_path(), root.path(), script, args);
        failures.extend(difference(
            &format!("{script} {}", args.join(" ")),
            &dash,
            &jsh,
        ));
        ran += 1;
    }
    assert!(ran > 0, "no Debian script was run");
    assert!(
        failures.is_empty(),
        "{} of {ran} runs differ from dash:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

const CONFIGURE_AC: &str = r#"AC_INIT([jshprobe], [1.2.3], [bugs@example.invalid])
AC_CONFIG_SRCDIR([probe.c])
AC_CONFIG_HEADERS([config.h])
AC_PROG_CC
AC_PROG_MAKE_SET
AC_CHECK_HEADERS([stdio.h unistd.h sys/wait.h no/such/header.h])
AC_CHECK_FUNCS([fork vfork no_such_function_here])
AC_CHECK_SIZEOF([long])
AC_C_BIGENDIAN
AC_TYPE_SIZE_T
AC_CHECK_PROG([HAVE_SED], [sed], [yes], [no])
AC_PATH_PROG([GZIP_PROG], [gzip], [none])
AC_ARG_ENABLE([feature],
  [AS_HELP_STRING([--enable-feature], [turn on the feature])],
  [feature=$enableval], [feature=no])
AC_ARG_WITH([thing],
  [AS_HELP_STRING([--with-thing=X], [use thing X])],
  [thing=$withval], [thing=default])
AC_MSG_CHECKING([which feature setting wins])
case $feature,$thing in
  yes,*) result="feature with $thing" ;;
  *) result="plain $thing" ;;
esac
AC_MSG_RESULT([$result])
AS_IF([test "x$feature" = xyes],
  [AC_DEFINE([WITH_FEATURE], [1], [Define if the feature is on.])])
AC_DEFINE_UNQUOTED([THING], ["$thing"], [The thing.])
AC_SUBST([result])
AC_CONFIG_FILES([Makefile summary.txt])
AC_OUTPUT
"#;

const MAKEFILE_IN: &str = "CC = @CC@\nCFLAGS = @CFLAGS@\nprefix = @prefix@\n\
all:\n\t@echo built\n";

const SUMMARY_IN: &str = "package @PACKAGE_NAME@ @PACKAGE_VERSION@\nresult @result@\n\
sed @HAVE_SED@\ngzip @GZIP_PROG@\nprefix @prefix@\nexec_prefix @exec_prefix@\n";

/// A fresh source tree with `configure` generated by autoconf.
fn configure_tree(root: &Path, name: &str) -> std::path::PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("configure.ac"), CONFIGURE_AC).unwrap();
    std::fs::write(dir.join("Makefile.in"), MAKEFILE_IN).unwrap();
    std::fs::write(dir.join("summary.txt.in"), SUMMARY_IN).unwrap();
    std::fs::write(dir.join("probe.c"), "int main(void) { return 0; }\n").unwrap();
    for tool in ["autoconf", "autoheader"] {
        let out = std::process::Command::new(tool)
            .current_dir(&dir)
            .output()
            .expect("autoconf runs");
        assert!(
            out.status.success(),
            "{tool} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    dir
}

/// The files a configure run writes, with the shell's path made alike.
fn outputs(dir: &Path, shell: &str) -> Vec<(String, String)> {
    ["Makefile", "summary.txt", "config.h"]
        .iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
            (name.to_string(), same_shape(&text, shell))
        })
        .collect()
}

#[test]
fn autoconf_configure_and_config_status_run_as_under_dash() {
    if !skip::have("autoconf", &["--version"]) {
        skip::skip_or_fail(
            "autoconf configure",
            "autoconf missing (.ci/run installs it)",
        );
        return;
    }
    let root = TempDir::new("configure");
    let args = [
        "./configure",
        "--enable-feature",
        "--with-thing=gizmo",
        "--prefix=/opt/p",
    ];
    let mut results = Vec::new();
    for (name, shell) in [("dash", DASH), ("jsh", jsh_path())] {
        let dir = configure_tree(root.path(), name);
        let conf = Spec::new(shell, &args)
            .cwd(&dir)
            .env("LC_ALL", "C")
            .env("CONFIG_SHELL", shell)
            .run();
        // config.status run again by itself regenerates the same files.
        let _ = std::fs::remove_file(dir.join("summary.txt"));
        let status = Spec::new(shell, &["./config.status"])
            .cwd(&dir)
            .env("LC_ALL", "C")
            .env("CONFIG_SHELL", shell)
            .run();
        let log = std::fs::read_to_string(dir.join("config.log")).unwrap_or_default();
        assert!(
            !log.contains("syntax error") && !log.contains("not supported"),
            "{name}: config.log reports a shell error:\n{log}"
        );
        results.push((
            same_shape(&conf.out(), shell),
            conf.code(),
            same_shape(&status.out(), shell),
            status.code(),
            outputs(&dir, shell),
            conf.err() + &status.err(),
        ));
    }
    let (jsh, dash) = (results.pop().unwrap(), results.pop().unwrap());
    assert_eq!(dash.1, Some(0), "configure under dash failed: {}", dash.5);
    assert!(
        dash.0.contains("checking for gcc") && dash.0.contains("feature with gizmo"),
        "dash's run did not do what the test expects:\n{}",
        dash.0
    );
    assert_eq!(
        jsh.0, dash.0,
        "configure's output: jsh (left) vs dash; stderr: {}",
        jsh.5
    );
    assert_eq!(jsh.1, dash.1, "configure's status; stderr: {}", jsh.5);
    assert_eq!(jsh.2, dash.2, "config.status output");
    assert_eq!(jsh.3, dash.3, "config.status status");
    assert_eq!(jsh.4, dash.4, "the files configure wrote");
    assert_eq!(jsh.5, dash.5, "stderr of configure and config.status");
}
