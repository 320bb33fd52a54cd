//! Issue 8, fixes after review: each script runs through bash and jsh (as
//! `-c`, on stdin and as a file; see tests/common) and must give the same
//! stdout, stderr (modulo the `bash:`/`jsh:` prefix) and status.
//!
//! The test process may have inherited descriptors from whoever started it;
//! they are marked close-on-exec first, so that the shells start with 0, 1
//! and 2 only (as in tests/field_fds.rs).

mod common;
#[macro_use]
#[path = "pty/mod.rs"]
mod pty;

use common::{ALL_MODES, Mode, Spec, TempDir, compare_modes, compare_with_bash_env, jsh_path};

terms!(
    exec_onto_the_terminals_descriptor,
    exec_of_a_common_number_at_the_prompt
);

fn compare(script: &str) {
    common::only_standard_fds();
    compare_modes(script, &[], ALL_MODES);
}

/// Not on stdin: the script itself would be the standard input it moves.
fn compare_not_stdin(script: &str) {
    common::only_standard_fds();
    compare_modes(script, &[], &[Mode::DashC, Mode::File]);
}

// ------------------------------------------- 8a. binary files, ENOEXEC --

/// A file exec refuses (no `#!`, not a format the kernel knows) is run as
/// a shell script only if it does not look binary: bash's check, a NUL in
/// the first line (two after `#!`) of the first 128 bytes, or an ELF
/// header, says `cannot execute binary file`, status 126.
#[test]
fn binary_files_are_not_run_as_scripts() {
    let files = [
        r"ab\0cd\necho hi\n",
        r"\177ELF\necho hi\n",
        r"#!\nab\0\necho hi\n",
        r"echo hi\nab\0cd\n",
        r"\n\0\necho hi\n",
        r"\177EL\necho hi\n",
    ];
    for bytes in files {
        compare(&format!(
            "printf '{bytes}' >f; chmod +x f\n./f; echo \"st=$?\"\n\
             ./f 2>&1 | cat; echo \"st=$?\"\n./f | cat; echo \"st=$?\""
        ));
    }
    // Where the NUL must be, at most: byte 127 counts, 128 does not.
    for n in [127, 128] {
        compare(&format!(
            "printf '%{n}s\\0\\necho hi\\n' '' | tr ' ' a >f; chmod +x f\n\
             ./f 2>/dev/null; echo \"st=$?\""
        ));
    }
}

/// `exec` of a binary file fails as bash's does: status 126, the shell
/// gone. (bash adds a second line, `...: Success`, which is its bug: the
/// messages are not compared.)
#[test]
fn exec_of_a_binary_file_fails() {
    compare(
        "printf 'ab\\0cd\\necho hi\\n' >f; chmod +x f\n\
         exec ./f 2>/dev/null\necho not reached",
    );
}

// ------------------------------------------ 8b. `>&-x`, `>&N-`, `<&N-` --

/// After `>&` or `<&` bash reads a `-` as a token of its own: `>&-1`
/// closes standard output and `1` is a word of the command. No file is
/// made.
#[test]
fn dash_after_dup_is_a_token_of_its_own() {
    for redir in [">&-1", ">&-a", ">& -x", ">&--", "2>&-1"] {
        compare(&format!(
            "echo a {redir}; echo \"st=$?\"\nls\n\
             /bin/echo b {redir} 2>/dev/null; echo \"st=$?\"\nls"
        ));
    }
    compare("echo a 2>&-1 2>&1; echo \"st=$?\"");
    compare("/bin/echo b 2>&-x >&2; echo \"st=$?\"");
}

/// `N>&M-` and `N<&M-` move a descriptor: `M` is copied to `N`, then
/// closed (bash, ksh).
#[test]
fn dup_with_a_dash_moves_the_descriptor() {
    for script in [
        "echo a >&1-; echo \"st=$?\"; ls",
        "echo a 2>&1-; echo \"st=$?\"",
        "exec 3>o; exec 4>&3-; echo z >&4; echo w >&3; echo \"st=$?\"; cat o",
        "exec 3>o; /bin/echo x >&3-; echo y >&3; cat o",
        "exec 3>o; x=3; echo hi >&$x-; echo q >&3; cat o",
        "exec 3>&1; sh -c 'echo x >&4; echo y >&3' 4>&3-; echo \"st=$?\"",
        "exec 5>&1; /bin/echo hi 1>&5- 5>&-; echo \"st=$?\"",
        "echo a 1>&1-; echo b",
        "exec 1>&1-; echo c",
        "echo a >&a-; echo \"st=$?\"",
        "echo a >&1--; echo \"st=$?\"",
        "x=a; echo a >&$x-; echo \"st=$?\"",
        "x=-; echo a >&$x-; echo \"st=$?\"",
        "echo a >&\"1\"-; echo \"st=$?\"",
        "x=1-; echo a >&$x; echo \"st=$?\"; ls",
        "echo a >&\"1-\"; echo \"st=$?\"; ls",
        "/bin/echo a 1>&7-; echo \"st=$?\"",
    ] {
        compare(script);
    }
    compare_not_stdin("exec 3<&0-; cat <&3; cat; echo \"st=$?\"");
    compare_not_stdin("cat 4<&0- <&4; echo \"st=$?\"");
}

/// The moves show in the job's command text as they were written. (The
/// job lasts a second, so that `jobs` finds it running in both shells;
/// with `sleep 0` it was Running or Done by chance.)
#[test]
fn moves_keep_their_dash_in_job_texts() {
    compare("sleep 1 2>&1- & jobs; wait");
}

// ------------------------------------------------- 3. brace expansion --

/// A long word of braces that make no expression (`{x}` 3500 times, 10 KB)
/// is itself, as in bash: it was an error (`nested too deep`).
#[test]
fn many_braces_without_an_expression_are_a_word() {
    compare(&format!(
        "echo {} | wc -c\necho {}x{{a,b}}",
        "{x}".repeat(3500),
        "{".repeat(3000)
    ));
}

/// As many words as bash makes without trouble: more than a million.
#[test]
fn a_sequence_of_a_million_words() {
    common::only_standard_fds();
    compare_modes(
        "echo {1..1100000} | wc -c; echo {1..1100000..1000} | wc -w",
        &[],
        &[Mode::DashC],
    );
}

/// Letters from `Z` to `a` pass over `\`, which bash takes away as a quote:
/// an empty word alone, nothing in a longer word.
#[test]
fn letter_sequences_across_the_backslash() {
    compare(
        "printf '[%s]' {a..Z}; echo\nprintf '[%s]' {Z..a}; echo\n\
         printf '[%s]' x{Z..a} {Z..a..2}; echo",
    );
}

// ------------------------------------------------- 2. unknown locales --

/// A locale variable naming a locale the C library does not have: bash's
/// warning at the assignment (with the reason the first time only, as
/// glibc gives it), and the character set from before stays.
#[test]
fn unknown_locales_are_reported_and_change_nothing() {
    for script in [
        "LC_ALL=C.UTF-8; LC_ALL=nosuch; x=é; echo ${#x}",
        "LC_ALL=C.UTF-8; x=é; LC_ALL=nosuch; echo ${#x}; LC_ALL=nosuch; echo ${#x}\n\
         unset LC_ALL; echo ${#x}",
        "unset LC_ALL; LC_CTYPE=C.UTF-8; x=é; echo ${#x}; LC_CTYPE=nosuch; echo ${#x}\n\
         LANG=nosuch; echo ${#x}; LC_CTYPE=; echo ${#x}",
        "unset LC_ALL; LC_COLLATE=nosuch; LC_NUMERIC=nosuch; LC_TIME=nosuch\n\
         LC_MESSAGES=nosuch; LC_MONETARY=nosuch; LC_FOO=nosuch; echo c",
        // With LC_ALL set, the others change nothing: no warning.
        "LC_CTYPE=nosuch; LANG=nosuch; echo f",
        "LC_ALL=; echo g; LC_ALL=nosuch; unset LC_ALL; echo h",
        "export LC_ALL=nosuch; echo i; export LC_ALL; echo j",
        // For a builtin's own assignment too (twice: set, then put back),
        // not for a program's.
        "LC_ALL=nosuch true; echo j\nLC_ALL=nosuch /bin/true; echo k",
        "LC_ALL=nosuch; LC_ALL=C.UTF-8 true; echo y",
        "LC_ALL=nosuch true | cat; LC_ALL=nosuch /bin/true | cat; echo z",
        "x=${LC_ALL=nosuch}; echo ${#LC_ALL}",
    ] {
        compare(script);
    }
}

/// An `LC_ALL` from the environment that names no locale: bash's warning
/// at start-up, with no line and no reason.
#[test]
fn unknown_locale_from_the_environment() {
    compare_with_bash_env(
        "x=é; echo ${#x}; LC_ALL=nosuch; echo ${#x}; LC_ALL=C.UTF-8; echo ${#x}",
        &[("LC_ALL", "nosuch")],
    );
    compare_with_bash_env("x=é; echo ${#x}", &[("LC_ALL", "C.UTF-8")]);
    // Only LC_ALL is checked at start-up.
    compare_with_bash_env("echo hi", &[("LC_ALL", ""), ("LC_CTYPE", "nosuch")]);
}

// ------------------------------------- 4. exec onto the shell's own fds --

/// Run `script` as a file with jsh; its stdout, stderr and status.
fn jsh_file(dir: &TempDir, script: &str) -> (String, String, i32) {
    common::only_standard_fds();
    let path = dir.write("script.sh", script.as_bytes());
    let out = Spec::new(jsh_path(), &[path.to_str().unwrap()])
        .cwd(dir.path())
        .run();
    (out.out(), out.err(), out.shell_status())
}

/// `exec 255>file` in a script, whose own descriptor is 255: the shell
/// moves its copy of the script away first, the user's file is at 255,
/// and the rest of the script is still read. (bash 5.2 also moves its
/// script away, but then writes to 255 fail, `Bad file descriptor`: not
/// compared with it.)
#[test]
fn exec_onto_the_scripts_descriptor() {
    let dir = TempDir::new("exec255");
    let (out, err, status) = jsh_file(
        &dir,
        "exec 255>o; echo ok >&255; cat o\n\
         exec 254>p 253<&0; echo two >&254; cat p\n\
         ls -l /proc/$$/fd/255 | sed 's/.* -> //'\n\
         echo after\n",
    );
    let o = dir.path().join("o");
    assert_eq!(
        (out.as_str(), err.as_str(), status),
        (format!("ok\ntwo\n{}\nafter\n", o.display()).as_str(), "", 0)
    );
}

/// Where the shell keeps a start-up file while the terminal holds 255:
/// 254, as bash's `move_to_high_fd` walks down, not 256 (jsh's own: bash
/// reads its rc file whole, keeping no descriptor).
#[test]
fn startup_file_goes_below_the_terminal() {
    if pty::is_bash() {
        return;
    }
    let home = pty::TempDir::new();
    let report = home.path().join("fds");
    std::fs::write(
        home.path().join(".jshrc"),
        format!(
            "ls -l /proc/$$/fd | sed -n 's/.* \\(25[0-9]\\) -> /\\1 /p' >{}\n",
            report.display()
        ),
    )
    .unwrap();
    let mut sh = pty::Shell::start_with("dumb", pty::Setup::default().home(home.path()));
    common::mark_close_on_exec();
    assert_eq!(sh.run("echo up"), "up\n");
    let fds = std::fs::read_to_string(&report).unwrap();
    let rc = home.path().join(".jshrc");
    assert!(
        fds.contains(&format!("254 {}\n", rc.display())) && fds.contains("255 /dev/pts/"),
        "{fds}"
    );
    assert!(!fds.contains("256"), "{fds}");
}

/// `exec 255>file` at the prompt, where 255 is the terminal: the file is
/// there, and job control goes on with the terminal moved (bash too).
fn exec_onto_the_terminals_descriptor(term: &str) {
    let mut sh = pty::Shell::start(term);
    common::mark_close_on_exec();
    let pgrp = sh.stat().pgrp;
    assert_eq!(sh.run("exec 255>t255; echo hi >&255; cat t255"), "hi\n");
    sh.enter("sleep 100");
    let sleep = sh.wait_fg_job(&["sleep"])[0].pid;
    sh.key(pty::CTRL_Z);
    let out = sh.prompt();
    assert!(out.contains("Stopped"), "a stopped job: {out:?}");
    sh.wait_until("the job to stop", |_| pty::stopped(sleep));
    assert_eq!(sh.stat().tpgid, pgrp, "the terminal came back to the shell");
    sh.enter("fg");
    sh.wait_fg_job(&["sleep"]);
    sh.key(pty::CTRL_C);
    sh.prompt();
    assert_eq!(sh.stat().tpgid, pgrp, "the terminal came back to the shell");
    assert_eq!(sh.run("echo alive"), "alive\n");
}

/// What cannot move (the line editor's pipes) is far from the numbers
/// users pick: `exec 100>file` at the prompt works.
fn exec_of_a_common_number_at_the_prompt(term: &str) {
    let mut sh = pty::Shell::start(term);
    common::mark_close_on_exec();
    assert_eq!(sh.run("exec 64>a 100>b 150>c"), "");
    assert_eq!(sh.run("echo x >&64; echo y >&100; echo z >&150"), "");
    assert_eq!(sh.run("cat a b c"), "x\ny\nz\n");
}
