//! Issue 8, descriptors and `exec`: which descriptors commands and
//! redirections can reach, failed `exec`, redirection errors, and a few
//! builtins' errors. Each script runs through bash and jsh (as `-c`, on
//! stdin and as a file; see tests/common) and must give the same stdout,
//! stderr (modulo the `bash:`/`jsh:` prefix) and status. The interactive
//! cases are in tests/field_fds_pty.rs: a pty test's master descriptor is
//! not close-on-exec, and would reach the shells of tests running beside
//! it here.
//!
//! The test process may have inherited descriptors from whoever started it
//! (a terminal emulator's, a CI runner's); both shells would pass them on
//! and see them as the user's, which hides what the tests look for. So
//! they are marked close-on-exec first: the shells start with 0, 1, 2 only.

mod common;

use common::{Input, Spec, TempDir, compare_modes, jsh_path};

fn compare(script: &str) {
    common::only_standard_fds();
    compare_modes(script, &[], common::ALL_MODES);
}

// ------------------------------------------------- 1. failed exec, sh --

/// A failed exec ends a non-interactive shell with 127 (no such file) or
/// 126 (there, but not runnable), in bash's words: the file by its full
/// path, and a second message when it is there but cannot be run.
#[test]
fn failed_exec_ends_a_script() {
    for cmd in [
        "exec /nonexistent/cmd",
        "exec nosuchcommand",
        "exec ./missing",
        "exec ./plain",
        "exec ./adir",
        "exec adir",
        "exec ./adir/",
        "exec .//plain",
        "exec ./badinterp",
        "exec /dev/null",
    ] {
        compare(&format!(
            "mkdir adir; : >plain; printf '#!/nonexistent/interp\\n' >badinterp\n\
             chmod +x badinterp\n{cmd}\necho not reached"
        ));
    }
}

/// A plain command whose `#!` interpreter is missing: bash 5.2's words.
#[test]
fn missing_interpreter_is_reported_as_bash_does() {
    compare(
        "printf '#!/nonexistent/interp\\n' >badinterp; chmod +x badinterp\n\
         ./badinterp; echo $?",
    );
}

// --------------------------------------------- 2. pipes stay the shell's --

/// The pipe of a pipeline is not there for a redirection to name.
#[test]
fn pipe_descriptors_are_not_reachable() {
    compare("echo hi | cat <&3; echo $?");
    compare("echo hi | cat <&4; echo $?");
    compare("echo hi | cat <&10; echo $?");
    compare("echo hi | cat <&11 | cat; echo $?");
}

/// A child sees 0, 1, 2 and nothing else (here `ls` shows its own 3,
/// the directory it lists).
#[test]
fn children_see_only_standard_descriptors() {
    compare("ls /proc/self/fd | cat");
    compare("true | ls /proc/self/fd | cat");
    compare("echo | ls /proc/self/fd");
    compare("ls /proc/self/fd");
}

/// A builtin's redirection onto one of the shell's descriptors (jsh's
/// script was at 10; bash's is at 255) puts it back close-on-exec: it does
/// not leak into every command after.
#[test]
fn restored_descriptors_stay_the_shells() {
    compare(
        "echo x 10>&1\nls /proc/self/fd\necho y 255>&1\nls /proc/self/fd\necho z 10>&-\nls /proc/self/fd",
    );
}

// ------------------------------- 3. the shell's descriptors are its own --

/// Descriptors the shell opened for itself (a saved stdout, a file opened
/// for the command) cannot be named.
#[test]
fn shell_descriptors_are_bad_file_descriptors() {
    compare("echo hi >&10; echo $?");
    compare("echo hi >&11; echo $?");
    compare("/bin/printf x >x >&10; echo $?; cat x");
    compare("/bin/echo a 3>x 4>&10; echo $?");
}

/// bash lets this one through: its copy of the builtin's stdout, saved at
/// 10 for `>x`, is there for `2>&10` to take. zsh and busybox sh say `10:
/// Bad file descriptor`, and so does jsh, as for every descriptor of its
/// own.
#[test]
fn saved_stdout_of_a_builtin_is_not_reachable() {
    common::only_standard_fds();
    let out = common::run_c("echo a >x 2>&10; echo $?; cat x");
    assert_eq!(out.out(), "1\n", "{}", out.describe());
    assert_eq!(
        out.err(),
        "jsh: line 1: 10: Bad file descriptor\n",
        "{}",
        out.describe()
    );
}

/// The error names the descriptor that is out of range.
#[test]
fn descriptor_out_of_range_is_named() {
    compare("echo x 2147483647>/dev/null; echo $?");
    compare("/bin/echo x 2147483647>/dev/null; echo $?");
    compare("echo x >&2147483647; echo $?");
    compare(": 2147483647>&1; echo $?");
    compare("exec 2147483647>/dev/null; echo $?");
    compare("echo x 2147483647>&-; echo $?");
}

/// What the user opens stays usable, above 9 too, and reaches children.
#[test]
fn user_descriptors_stay_usable() {
    compare(
        "exec 3>o3 10>o10 12>o12\necho a >&3; echo b >&10; echo c >&12\n\
         /bin/echo d >&10\ncat o3 o10 o12\nls /proc/self/fd",
    );
    compare("/bin/echo hi 10>&1 >a; cat a");
    compare("echo hi 10>&1 >a; cat a");
    compare("echo hi 10>x >&10; cat x");
    compare("exec 2>&1 11>x; echo hi >&11; cat x; ls /proc/self/fd");
}

/// In a script file, `exec 10>file` must not take the script's own
/// descriptor: the lines after it still run.
#[test]
fn exec_onto_low_private_numbers_keeps_the_script() {
    compare("exec 10>out\necho one\necho two >&10\necho three\ncat out\necho four");
}

/// `N>&N` is left alone, open or not, as in bash.
#[test]
fn dup_onto_itself_is_a_no_op() {
    compare(": 3>&3; echo $?");
    compare("/bin/echo x 7<&7; echo $?");
}

// ------------------------------------------- 4. redirections alone, exec --

/// Redirections without a command are carried out, and fail as such.
#[test]
fn redirection_without_command_reports_errors() {
    compare(">&9; echo $?");
    compare("<&8; echo $?");
    compare(">x 3>&9; echo $?; ls");
    compare("2>&1 >&9; echo $?");
}

/// A failed `exec` with redirections leaves the descriptors as they were.
#[test]
fn failed_exec_redirections_change_nothing() {
    compare("exec >&- 3>&1; echo $? >&2; echo still");
    compare("exec 3>a 4>&9 >b; echo $?; ls; echo x >&3");
    compare("exec 2>&1 >&9; echo $?");
}

// ------------------------------------------- 5. special builtins' usage --

/// `exit 1 2` and `shift 1 2`: bash abandons the rest of the line (all of
/// a -c string) with status 1. (bash is not POSIX here, which has the
/// shell exit, as dash does; bash is the reference.)
#[test]
fn too_many_arguments_abandons_the_line() {
    compare("exit 1 2 || echo cont; echo after\necho next $?");
    compare("shift 1 2 || echo cont; echo after\necho next $?");
    compare("set -- a b; shift 1 x || echo cont\necho next $? $#");
    compare("exit 1 2\necho next $?");
}

/// Other usage errors of `shift` go on, in bash's words.
#[test]
fn shift_errors() {
    compare("shift -1 || echo cont; echo $?");
    compare("shift x || echo cont; echo $?");
    compare("set -- a b c; shift -- 2; echo $# $1");
    compare("exit -- 3");
}

// ------------------------------------- 6. errors go to redirected stderr --

/// A redirection error is written where stderr points once the
/// redirections before it are made.
#[test]
fn redirection_error_goes_to_redirected_stderr() {
    compare(": 2>&1 <nofile");
    compare("/bin/true 2>&1 <nofile");
    compare(": 2>&1 >&7");
    compare("x='a b'; : 2>&1 >$x");
    compare(": 2>err <nofile; cat err");
    compare(": 2>&- <nofile; echo $?");
    compare(": <nofile 2>&1");
    compare("echo hi | cat 2>&1 <nofile");
}

// ---------------------------------------------- 7. exec <&- from stdin --

/// A script on standard input that closes it ends there, quietly, with
/// status 0 (from -c or a file the script goes on).
#[test]
fn closing_the_script_input_ends_it_quietly() {
    compare("echo hi\nexec <&-\necho after");
    compare("echo hi\nexec 0<&-\necho after\n");
}

/// The same with standard input a regular file (read in blocks, not byte
/// by byte).
#[test]
fn closing_a_seekable_script_input_ends_it_quietly() {
    common::only_standard_fds();
    let dir = TempDir::new("fds-seek");
    let script = dir.write("script.sh", b"echo hi\nexec <&-\necho after\n");
    for shell in [common::BASH, jsh_path()] {
        let out = Spec::new(shell, &[])
            .stdin(Input::File(script.clone()))
            .cwd(dir.path())
            .run();
        assert_eq!(out.out(), "hi\n", "{shell}: {}", out.describe());
        assert_eq!(out.err(), "", "{shell}: {}", out.describe());
        assert_eq!(out.code(), Some(0), "{shell}: {}", out.describe());
    }
}

// ------------------------------------------------------------ 8. hash --

#[test]
fn hash_table_empty_is_on_stdout() {
    compare("hash");
    compare("hash 2>/dev/null; echo $?");
    compare("hash >/dev/null; echo $?");
}

/// `exec` onto the descriptor the shell reads its script from (255, as in
/// bash): the shell moves its script elsewhere first, the file is at 255,
/// and the script goes on. (bash moves its script too, but then fails to
/// write to the file: not compared with it.)
#[test]
fn exec_onto_the_script_descriptor_moves_the_script() {
    common::only_standard_fds();
    let dir = TempDir::new("fds-255");
    dir.write(
        "script.sh",
        b"exec 255>x; echo status $?\necho hi >&255; echo status $?\necho end\n",
    );
    let out = Spec::new(jsh_path(), &["script.sh"]).cwd(dir.path()).run();
    assert_eq!(out.out(), "status 0\nstatus 0\nend\n", "{}", out.describe());
    assert_eq!(out.err(), "", "{}", out.describe());
    assert_eq!(out.code(), Some(0), "{}", out.describe());
    let x = std::fs::read_to_string(dir.path().join("x")).expect("read x");
    assert_eq!(x, "hi\n");
}
