//! Direct assertions on jsh behaviour: invocation, exact error message
//! formats (with the `jsh:` prefix), process ids, signals, stdin handling and
//! robustness against garbage input.  Points where jsh must simply agree with
//! bash are covered in `differential.rs`.

mod common;

use common::{Input, Output, Spec, TempDir, jsh_path, run, run_c};

fn assert_status(out: &Output, expected: i32, what: &str) {
    assert_eq!(
        out.code(),
        Some(expected),
        "{what}: wrong exit status\n{}",
        out.describe()
    );
}

fn assert_stdout(out: &Output, expected: &str, what: &str) {
    assert_eq!(
        out.out(),
        expected,
        "{what}: wrong stdout\n{}",
        out.describe()
    );
}

fn assert_stderr(out: &Output, expected: &str, what: &str) {
    assert_eq!(
        out.err(),
        expected,
        "{what}: wrong stderr\n{}",
        out.describe()
    );
}

/// Runs `jsh` with `script` on a stdin pipe, in a fresh temp dir.
fn run_stdin(script: &str) -> Output {
    let dir = TempDir::new("stdin");
    Spec::new(jsh_path(), &[])
        .stdin(Input::text(script))
        .cwd(dir.path())
        .run()
}

// ---------------------------------------------------------------------------
// Invocation

#[test]
fn dash_c_sets_name_and_positional_args() {
    let out = run(&["-c", "echo \"$0|$1|$2|$#\"", "myname", "a", "b c"], None);
    assert_stdout(&out, "myname|a|b c|2\n", "-c with NAME and ARGS");
    assert_status(&out, 0, "-c with NAME and ARGS");
}

#[test]
fn dash_c_without_args_has_no_positionals() {
    let out = run(&["-c", "echo \"[$#][$1]\""], None);
    assert_stdout(&out, "[0][]\n", "-c without ARGS");
}

#[test]
fn dash_c_exit_status_is_last_command() {
    let out = run(&["-c", "true; sh -c 'exit 42'"], None);
    assert_status(&out, 42, "-c exit status");
    let out = run(&["-c", "false"], None);
    assert_status(&out, 1, "-c false");
}

#[test]
fn script_file_with_args() {
    let dir = TempDir::new("file");
    let path = dir.write("s.sh", b"echo \"$0|$1|$2|$#\"\nexit 5\n");
    let p = path.to_str().unwrap();
    let out = run(&[p, "x", "y y"], None);
    assert_stdout(&out, &format!("{p}|x|y y|2\n"), "jsh FILE ARGS");
    assert_status(&out, 5, "jsh FILE ARGS");
}

#[test]
fn script_file_without_trailing_newline() {
    let dir = TempDir::new("file");
    let path = dir.write("s.sh", b"echo one\necho two");
    let out = run(&[path.to_str().unwrap()], None);
    assert_stdout(&out, "one\ntwo\n", "script without final newline");
}

#[test]
fn plain_jsh_reads_script_from_stdin_pipe() {
    let out = run(&[], Some("echo from-stdin\nx=2\necho $x\n"));
    assert_stdout(&out, "from-stdin\n2\n", "jsh < pipe");
    assert_status(&out, 0, "jsh < pipe");
}

#[test]
fn dash_s_reads_script_from_stdin() {
    let out = run(&["-s"], Some("echo via-s\nsh -c 'exit 4'\n"));
    assert_stdout(&out, "via-s\n", "jsh -s");
    assert_status(&out, 4, "jsh -s");
}

#[test]
fn plain_jsh_reads_script_from_stdin_file() {
    let dir = TempDir::new("stdinfile");
    let path = dir.write("s.sh", b"echo from-file-stdin\nfalse\n");
    let out = Spec::new(jsh_path(), &[])
        .stdin(Input::File(path))
        .cwd(dir.path())
        .run();
    assert_stdout(&out, "from-file-stdin\n", "jsh < file");
    assert_status(&out, 1, "jsh < file");
}

#[test]
fn empty_stdin_is_empty_script() {
    let out = run(&[], None);
    assert_stdout(&out, "", "jsh < /dev/null");
    assert_stderr(&out, "", "jsh < /dev/null");
    assert_status(&out, 0, "jsh < /dev/null");
}

#[test]
fn help_option() {
    let out = run(&["--help"], None);
    assert_status(&out, 0, "--help");
    assert!(
        !out.out().trim().is_empty(),
        "--help printed nothing on stdout\n{}",
        out.describe()
    );
}

#[test]
fn version_option() {
    let out = run(&["--version"], None);
    assert_status(&out, 0, "--version");
    assert!(
        !out.out().trim().is_empty(),
        "--version printed nothing on stdout\n{}",
        out.describe()
    );
}

#[test]
fn unknown_option_prints_usage_and_exits_2() {
    let out = run(&["--no-such-option-zz"], None);
    assert_status(&out, 2, "unknown option");
    assert!(
        out.err().to_lowercase().contains("usage"),
        "unknown option: usage not printed on stderr\n{}",
        out.describe()
    );
    assert_stdout(&out, "", "unknown option");
}

// ---------------------------------------------------------------------------
// Stdin is never consumed beyond the current command

const READ_SCRIPT: &str = "sh -c \"read x; echo got:\\$x\"\nhello\necho after\n";

#[test]
fn stdin_pipe_not_consumed_beyond_current_command() {
    let out = run(&[], Some(READ_SCRIPT));
    assert_stdout(&out, "got:hello\nafter\n", "child reading the script pipe");
}

#[test]
fn stdin_file_not_consumed_beyond_current_command() {
    let dir = TempDir::new("stdinfile");
    let path = dir.write("s.sh", READ_SCRIPT.as_bytes());
    let out = Spec::new(jsh_path(), &[])
        .stdin(Input::File(path))
        .cwd(dir.path())
        .run();
    assert_stdout(&out, "got:hello\nafter\n", "child reading the script file");
}

#[test]
fn stdin_two_reads_then_more_commands() {
    let script = "sh -c 'read a; read b; echo \"$a+$b\"'\nfirst\nsecond\necho done\n";
    let out = run(&[], Some(script));
    assert_stdout(&out, "first+second\ndone\n", "two lines read by child");
    let dir = TempDir::new("stdinfile");
    let path = dir.write("s.sh", script.as_bytes());
    let out = Spec::new(jsh_path(), &["-s"])
        .stdin(Input::File(path))
        .cwd(dir.path())
        .run();
    assert_stdout(
        &out,
        "first+second\ndone\n",
        "two lines read by child (file, -s)",
    );
}

#[test]
fn stdin_file_offset_shared_with_children() {
    // GNU head seeks a regular-file stdin back to just after the line it
    // printed; jsh must go on reading from that offset, not from a buffer.
    let dir = TempDir::new("stdinfile");
    let path = dir.write("s.sh", b"head -n 1\nline1\necho after\n");
    let out = Spec::new(jsh_path(), &[])
        .stdin(Input::File(path))
        .cwd(dir.path())
        .run();
    assert_stdout(&out, "line1\nafter\n", "head on a seekable script stdin");
}

#[test]
fn stdin_cat_gets_rest_of_script() {
    let out = run(&[], Some("cat\nline one\necho not-a-command\n"));
    assert_stdout(
        &out,
        "line one\necho not-a-command\n",
        "cat should receive the rest of the script",
    );
}

// ---------------------------------------------------------------------------
// Exact error message formats

#[test]
fn stdin_runtime_error_format() {
    let out = run_stdin("true\nnosuch_cmd_jsh_zz\n");
    assert_stderr(
        &out,
        "jsh: line 2: nosuch_cmd_jsh_zz: command not found\n",
        "stdin runtime error",
    );
    assert_status(&out, 127, "stdin runtime error");
}

#[test]
fn dash_c_runtime_error_format() {
    let out = run_c("true\nnosuch_cmd_jsh_zz");
    assert_stderr(
        &out,
        "jsh: line 2: nosuch_cmd_jsh_zz: command not found\n",
        "-c runtime error",
    );
    assert_status(&out, 127, "-c runtime error");
}

#[test]
fn dash_c_syntax_error_format() {
    let out = run_c("echo a\necho a | | b\necho c");
    assert_stdout(
        &out,
        "a\n",
        "-c syntax error: earlier commands run, later do not",
    );
    assert_stderr(
        &out,
        "jsh: -c: line 2: syntax error near unexpected token `|'\njsh: -c: line 2: `echo a | | b'\n",
        "-c syntax error",
    );
    assert_status(&out, 2, "-c syntax error");
}

#[test]
fn stdin_syntax_error_format() {
    let out = run_stdin("echo a\necho a | | b\necho c\n");
    assert_stdout(
        &out,
        "a\n",
        "stdin syntax error: earlier commands run, later do not",
    );
    assert_stderr(
        &out,
        "jsh: line 2: syntax error near unexpected token `|'\njsh: line 2: `echo a | | b'\n",
        "stdin syntax error",
    );
    assert_status(&out, 2, "stdin syntax error");
}

#[test]
fn script_file_error_formats() {
    let dir = TempDir::new("file");
    let path = dir.write(
        "err.sh",
        b"nosuch_cmd_jsh_zz\necho mid\necho a | | b\necho c\n",
    );
    let p = path.to_str().unwrap();
    let out = run(&[p], None);
    assert_stdout(&out, "mid\n", "script file errors");
    assert_stderr(
        &out,
        &format!(
            "{p}: line 1: nosuch_cmd_jsh_zz: command not found\n\
             {p}: line 3: syntax error near unexpected token `|'\n\
             {p}: line 3: `echo a | | b'\n"
        ),
        "script file errors",
    );
    assert_status(&out, 2, "script file errors");
}

#[test]
fn unexpected_eof_in_quotes_format() {
    let out = run_stdin("echo a\necho \"abc\n");
    assert_stdout(&out, "a\n", "unterminated double quote");
    assert_stderr(
        &out,
        "jsh: line 2: unexpected EOF while looking for matching `\"'\n",
        "unterminated double quote",
    );
    assert_status(&out, 2, "unterminated double quote");

    let out = run_c("echo a\necho 'abc");
    assert_stderr(
        &out,
        "jsh: -c: line 2: unexpected EOF while looking for matching `''\n",
        "unterminated single quote (-c)",
    );
    assert_status(&out, 2, "unterminated single quote (-c)");
}

#[test]
fn redirection_failure_format_and_continue() {
    let out = run_c("echo hi > /no/such/dir/f\necho status $?");
    assert_stderr(
        &out,
        "jsh: line 1: /no/such/dir/f: No such file or directory\n",
        "redirection failure",
    );
    assert_stdout(
        &out,
        "status 1\n",
        "redirection failure: shell continues with $?=1",
    );
    assert_status(&out, 0, "redirection failure");
}

#[test]
fn command_not_found_status_and_message() {
    let out = run_c("nosuch_cmd_jsh_zz arg");
    assert_stderr(
        &out,
        "jsh: line 1: nosuch_cmd_jsh_zz: command not found\n",
        "not found",
    );
    assert_status(&out, 127, "not found");
}

#[test]
fn is_a_directory_message() {
    let out = run_c("/\necho $?");
    assert_stderr(
        &out,
        "jsh: line 1: /: Is a directory\n",
        "directory as command",
    );
    assert_stdout(&out, "126\n", "directory as command");
}

#[test]
fn permission_denied_message() {
    let out = run_c("printf 'echo hi\\n' > f\n./f\necho $?");
    assert_stderr(
        &out,
        "jsh: line 2: ./f: Permission denied\n",
        "not executable",
    );
    assert_stdout(&out, "126\n", "not executable");
}

#[test]
fn cd_failure_message() {
    let out = run_c("cd /no/such/dir\necho $?");
    assert_stderr(
        &out,
        "jsh: line 1: cd: /no/such/dir: No such file or directory\n",
        "cd failure",
    );
    assert_stdout(&out, "1\n", "cd failure");
}

#[test]
fn exit_numeric_argument_required() {
    let out = run_c("exit abc\necho not-reached");
    assert_stderr(
        &out,
        "jsh: line 1: exit: abc: numeric argument required\n",
        "exit abc",
    );
    assert_stdout(&out, "", "exit abc");
    assert_status(&out, 2, "exit abc");
}

#[test]
fn exit_too_many_arguments_does_not_exit() {
    let out = run_stdin("exit 1 2\necho still $?\n");
    assert_stderr(&out, "jsh: line 1: exit: too many arguments\n", "exit 1 2");
    assert_stdout(&out, "still 1\n", "exit 1 2");
    assert_status(&out, 0, "exit 1 2");
}

#[test]
fn exit_too_many_arguments_exits_only_under_dash_c() {
    // As bash 5.2: under -c, `exit 1 2` complains and exits 1; from stdin
    // it complains and the script goes on.
    let out = run_c("exit 1 2\necho still $?");
    assert_stderr(
        &out,
        "jsh: line 1: exit: too many arguments\n",
        "exit 1 2 (-c)",
    );
    assert_stdout(&out, "", "exit 1 2 (-c)");
    assert_status(&out, 1, "exit 1 2 (-c)");
    let out = run(&[], Some("exit 1 2\necho still $?\n"));
    assert_stdout(&out, "still 1\n", "exit 1 2 (stdin)");
    assert_status(&out, 0, "exit 1 2 (stdin)");
}

#[test]
fn exit_status_is_masked() {
    assert_status(&run_c("exit 256"), 0, "exit 256");
    assert_status(&run_c("exit 257"), 1, "exit 257");
    assert_status(&run_c("exit 300"), 44, "exit 300");
    assert_status(&run_c("exit -1"), 255, "exit -1");
}

#[test]
fn wait_not_a_child_message() {
    let out = run_c("wait 999999\necho $?");
    assert_stderr(
        &out,
        "jsh: line 1: wait: pid 999999 is not a child of this shell\n",
        "wait 999999",
    );
    assert_stdout(&out, "127\n", "wait 999999");
}

// ---------------------------------------------------------------------------
// Process ids, exec, background jobs

fn lines(out: &Output) -> Vec<String> {
    out.out().lines().map(str::to_string).collect()
}

fn assert_pid_line(line: &str, what: &str, out: &Output) {
    assert!(
        !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) && line != "0",
        "{what}: expected a pid, got {line:?}\n{}",
        out.describe()
    );
}

/// The script prints two lines that must be the same pid (the first, or
/// the `pid_at`-th, is checked to look like one).
fn assert_same_pid_twice(script: &str, pid_at: usize, why: &str) {
    let out = run_c(script);
    let l = lines(&out);
    assert_eq!(l.len(), 2, "expected two lines\n{}", out.describe());
    assert_pid_line(&l[pid_at], "pid", &out);
    assert_eq!(l[0], l[1], "{why}\n{}", out.describe());
}

#[test]
fn dollar_dollar_is_parent_of_children() {
    // `; true` keeps a bash-like shell from exec-ing the last command.
    assert_same_pid_twice(
        "echo $$\nsh -c 'echo $PPID'\ntrue",
        0,
        "$$ is not the parent pid of a child",
    );
}

#[test]
fn dollar_dollar_same_in_pipeline_child() {
    assert_same_pid_twice("echo $$\necho $$ | cat", 0, "$$ changed inside a pipeline");
}

#[test]
fn dollar_bang_is_background_pid() {
    assert_same_pid_twice(
        "sh -c 'echo $$' &\nwait\necho $!",
        1,
        "$! is not the background job's pid",
    );
}

#[test]
fn exec_keeps_shell_pid() {
    assert_same_pid_twice(
        "echo $$\nexec sh -c 'echo $$'\necho not-reached",
        0,
        "exec did not replace the shell",
    );
}

#[test]
fn exec_status_is_replacement_status() {
    let out = run_c("exec sh -c 'exit 13'\necho not-reached");
    assert_stdout(&out, "", "exec sh -c 'exit 13'");
    assert_status(&out, 13, "exec sh -c 'exit 13'");
}

#[test]
fn wait_pid_reports_status() {
    let out = run_c("sh -c 'exit 3' & wait $!; echo $?");
    assert_stdout(&out, "3\n", "wait $!");
}

#[test]
fn background_prints_nothing() {
    let out = run_c("true &\nsh -c 'exit 1' &\nwait");
    assert_stdout(&out, "", "background jobs");
    assert_stderr(&out, "", "background jobs");
    assert_status(&out, 0, "background jobs");
}

#[test]
fn wait_waits_for_all_background_jobs() {
    // The job writes its marker only after the shell has moved on; wait must
    // block until it has finished.
    let out = run_c("sh -c 'sleep 0.3; echo late > f' &\nwait\ncat f");
    assert_stdout(&out, "late\n", "wait without args");
}

#[test]
fn background_job_runs_concurrently() {
    // The background job blocks opening the FIFO until the foreground opens
    // the other end: only works if `&` does not wait for the job.
    let out = run_c("mkfifo p\ncat p > got &\necho through-fifo > p\nwait\ncat got");
    assert_stdout(&out, "through-fifo\n", "background + fifo");
}

#[test]
fn pipeline_stages_run_concurrently() {
    let out = run_c("mkfifo p\necho via-fifo > p | cat p");
    assert_stdout(&out, "via-fifo\n", "pipeline + fifo");
}

#[test]
fn yes_head_terminates() {
    let out = run_c("yes | head -n 1");
    assert_stdout(&out, "y\n", "yes | head");
    assert_status(&out, 0, "yes | head");
}

// ---------------------------------------------------------------------------
// Signals

#[test]
fn killed_by_sigkill() {
    let out = run_c("sh -c 'kill -9 $$'\necho $?");
    assert_stdout(&out, "137\n", "SIGKILL status");
    assert!(
        out.err().contains("Killed"),
        "no 'Killed' message\n{}",
        out.describe()
    );
    // bash's words in a non-interactive shell: where, which process, what
    // it was (`jsh: line 1:  1234 Killed  sh -c 'kill -9 $$'`).
    assert!(
        out.err().starts_with("jsh: line 1: ") && out.err().contains("sh -c 'kill -9 $$'"),
        "not bash's job line for a killed foreground job\n{}",
        out.describe()
    );
}

#[test]
fn killed_by_sigterm() {
    let out = run_c("sh -c 'kill -TERM $$'\necho $?");
    assert_stdout(&out, "143\n", "SIGTERM status");
    assert!(
        out.err().contains("Terminated"),
        "no 'Terminated' message\n{}",
        out.describe()
    );
}

#[test]
fn killed_last_stage_of_pipeline() {
    let out = run_c("true | sh -c 'kill -9 $$'\necho $?");
    assert_eq!(
        out.out(),
        "137\n",
        "pipeline killed status\n{}",
        out.describe()
    );
}

#[test]
fn sigpipe_in_pipeline_is_silent() {
    let out = run_c("yes | head -n 2 > /dev/null\necho $?");
    assert_stdout(&out, "0\n", "yes | head status");
    assert_stderr(&out, "", "SIGPIPE'd pipeline stage");
}

#[test]
fn tilde_unknown_user_stays_literal() {
    let out = run_c("echo ~nosuchuser_jsh_zz ~nosuchuser_jsh_zz/x\necho next");
    out.assert_no_crash("~unknown-user");
    assert_stdout(
        &out,
        "~nosuchuser_jsh_zz ~nosuchuser_jsh_zz/x\nnext\n",
        "~unknown-user",
    );
}

// ---------------------------------------------------------------------------
// Bytes that are not text

#[test]
fn invalid_utf8_passes_through() {
    let out = Spec::new(jsh_path(), &[])
        .stdin(Input::Bytes(
            b"echo \xff\xfe plain\nx='\xc3\x28'\necho \"$x\" '\x80'\n".to_vec(),
        ))
        .run();
    assert_eq!(
        out.stdout,
        b"\xff\xfe plain\n\xc3\x28 \x80\n".to_vec(),
        "bytes not passed through\n{}",
        out.describe()
    );
    assert_status(&out, 0, "invalid utf-8");
}

#[test]
fn invalid_utf8_in_dash_c_argument() {
    let out = Spec::new(jsh_path(), &["-c"])
        .raw_arg(b"echo \xff\"\xfe\"")
        .run();
    assert_eq!(out.stdout, b"\xff\xfe\n".to_vec(), "{}", out.describe());
}

/// Tiny deterministic PRNG (xorshift64*), so the blobs are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Hand-written nasty inputs.  None contains `/`, and PATH names no real directory, so no
/// external program runs and nothing is written outside the sandbox.
fn handpicked_blobs() -> Vec<Vec<u8>> {
    let cases: &[&[u8]] = &[
        b"",
        b"\0",
        b"\0\0\0\n\0",
        b"echo a\0b\n",
        b"echo \xff\xfe\xfd\n",
        b"\xc3\x28 x\n",
        b"'\0",
        b"\"\xff",
        b"${\0}",
        b"echo ${#",
        b"echo ${x:-",
        b"echo ${",
        b"echo ${}",
        b"echo ${:-}",
        b"echo ${#:}",
        b"echo $",
        b"echo \"$",
        b"\\",
        b"\\\0",
        b"|",
        b"||",
        b"&&",
        b"&",
        b"&;&",
        b"!",
        b"! !",
        b"!\n|",
        b";;",
        b"~\xff",
        b"~zzz",
        b"echo ~a ~b/ ~x:y",
        b"~\xff\xfe/x",
        b"*\xff*",
        b"[\xff",
        b"[]",
        b"[!]",
        b"[\0]",
        b"> \0",
        b">",
        b"<",
        b"2>&\xff",
        b"<&-9999999999999999",
        b">&99999999999999999999",
        b"echo hi 99999999999999999999>f",
        b"echo >&-1",
        b"exit 99999999999999999999999",
        b"exit -99999999999999999999",
        b"wait 99999999999999999999",
        b"wait -1",
        b"wait abc",
        b"cd \xff",
        b"cd ''",
        b"x=\xff; echo $x ${#x}",
        b"\xff=1",
        b"=",
        b"=x",
        b"export =",
        b"export \xff=1",
        b"unset \xff '' 1",
        b"echo $\xff",
        b"echo $9999999999999999999999",
        b"echo ${9999999999999999999999}",
        b"echo \xf0\x9f\x92\xa9 '\xf0\x9f' \"\xe2\x82\"",
        b"echo a \\\n",
        b"\\\n\\\n\\\n",
        b"#\xff\0\n",
        b"\r\n\r\n",
        b"echo a &&\n\n\n",
        b"exec 3>&-; exec 9<&-",
        b"exec 2>&-; nosuch",
    ];
    cases.iter().map(|c| c.to_vec()).collect()
}

/// Random byte blobs (every byte value except `/`) and random strings of
/// shell-ish tokens.
fn random_blobs() -> Vec<Vec<u8>> {
    const TOKENS: &[&[u8]] = &[
        b" ", b"\n", b"\t", b";", b"|", b"||", b"&", b"&&", b"!", b"'", b"\"", b"\\", b"$", b"${",
        b"}", b":-", b"-", b"=", b"+", b"#", b"~", b"*", b"?", b"[", b"]", b"<", b">", b">>",
        b">&", b"<&", b"&>", b"2", b"9", b"a", b"b", b"x", b"yz", b"\0", b"\xff", b"\xc3", b"\x80",
        b"\r", b"@", b"0", b"{",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut blobs = Vec::new();
    for _ in 0..40 {
        let len = 1 + rng.below(300);
        let blob: Vec<u8> = (0..len)
            .map(|_| match (rng.next() & 0xff) as u8 {
                b'/' => b'.',
                b => b,
            })
            .collect();
        blobs.push(blob);
    }
    for _ in 0..60 {
        let n = 1 + rng.below(40);
        let mut blob = Vec::new();
        for _ in 0..n {
            blob.extend_from_slice(TOKENS[rng.below(TOKENS.len())]);
        }
        blobs.push(blob);
    }
    blobs
}

fn fuzz_one(sandbox: &TempDir, blob: &[u8], index: usize) {
    let home = sandbox.path().to_str().unwrap();
    let shown = String::from_utf8_lossy(blob).into_owned();
    let base = |args: &[&str]| {
        Spec::new(jsh_path(), args)
            .cwd(sandbox.path())
            .env("PATH", "/nonexistent-jsh-test-path")
            .env("HOME", home)
    };
    // On stdin.
    let out = base(&[]).stdin(Input::Bytes(blob.to_vec())).run();
    out.assert_no_crash(&format!("blob #{index} on stdin: {shown:?}"));
    // As a script file.
    let file = sandbox.path().join(format!("blob{index}.sh"));
    std::fs::write(&file, blob).unwrap();
    let out = base(&[file.to_str().unwrap()]).run();
    out.assert_no_crash(&format!("blob #{index} as file: {shown:?}"));
    let _ = std::fs::remove_file(&file);
    // As a -c argument (which cannot contain NUL).
    let arg: Vec<u8> = blob.iter().copied().filter(|&b| b != 0).collect();
    let out = base(&["-c"]).raw_arg(&arg).run();
    out.assert_no_crash(&format!("blob #{index} as -c: {shown:?}"));
}

#[test]
fn garbage_handpicked_never_crashes() {
    let sandbox = TempDir::new("fuzz-hand");
    for (i, blob) in handpicked_blobs().iter().enumerate() {
        fuzz_one(&sandbox, blob, i);
    }
}

#[test]
fn garbage_random_never_crashes() {
    let sandbox = TempDir::new("fuzz-rand");
    for (i, blob) in random_blobs().iter().enumerate() {
        fuzz_one(&sandbox, blob, i);
    }
}

#[test]
fn nul_bytes_do_not_stop_the_script() {
    // bash drops NUL bytes from its input; jsh must at least survive them
    // and keep executing the following lines.
    let out = Spec::new(jsh_path(), &[])
        .stdin(Input::Bytes(b"echo one\0\necho two\n".to_vec()))
        .run();
    out.assert_no_crash("NUL in script");
    assert!(
        out.out().ends_with("two\n"),
        "commands after a NUL byte did not run\n{}",
        out.describe()
    );
}
