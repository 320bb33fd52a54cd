//! Hostile input (issue 5, "Hardened"): a corpus of malformed input run
//! through `jsh -c`, a script on stdin and a script file, each followed by
//! `echo after $?`, and compared with bash run the same way.
//!
//! A case is either [`Kind::Bash`]: stdout, stderr (modulo the `bash:` /
//! `jsh:` prefix) and exit status are bash's, byte for byte, which also
//! checks that the shell goes on to the next line exactly when bash does;
//! or [`Kind::Clear`]: stdout and status are bash's (so the same lines ran
//! with the same statuses), and jsh writes a message, prefixed like its
//! other messages, exactly when bash writes one, worded its own way; or
//! [`Kind::BashOrRefusal`] (absurdly deep nesting): bash's result, or a
//! clear message and a non-zero status, but never a crash.
//!
//! Each test runs a group of cases and reports every mismatch at once.
//! Crashes (a signal, status 101, a panic message) always count. Every run
//! has a deadline (tests/common/mod.rs kills the process group at it).
//! (No-crash fuzzing of random bytes is in tests/scripted.rs and fuzz/.)

mod common;

use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::time::Duration;

use common::{Input, Mode, Spec, TempDir, jsh_path};

/// How jsh's run is judged against bash's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Byte for byte bash's output and status.
    Bash,
    /// bash's stdout and status; a clear message of jsh's own wording.
    Clear,
    /// bash's output and status, or a refusal: a clear message and a
    /// non-zero status (input beyond a limit the shell may set itself).
    BashOrRefusal,
}

use Kind::{Bash, BashOrRefusal, Clear};

/// What a shell did with one script.
#[derive(Debug, PartialEq, Eq)]
struct Obs {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    status: i32,
    crashed: bool,
}

impl Obs {
    fn show(&self) -> String {
        format!(
            "status {}{}\n        stdout \"{}\"\n        stderr \"{}\"",
            self.status,
            if self.crashed { " (CRASHED)" } else { "" },
            shorten(&self.stdout),
            shorten(&self.stderr)
        )
    }
}

/// `b` with bytes that are not printable ASCII escaped (`\xff`), cut in
/// the middle if long.
fn shorten(b: &[u8]) -> String {
    let s = b.escape_ascii().to_string();
    if s.chars().count() <= 400 {
        return s;
    }
    let head: String = s.chars().take(200).collect();
    let tail: String = s
        .chars()
        .rev()
        .take(150)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("{head}[...]{tail}")
}

/// Replaces a leading `bash: ` / `jsh: ` on each line by `SHELL: `.
fn normalize(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    for line in b.split_inclusive(|&c| c == b'\n') {
        if let Some(rest) = line
            .strip_prefix(b"bash: ")
            .or_else(|| line.strip_prefix(b"jsh: "))
        {
            out.extend_from_slice(b"SHELL: ");
            out.extend_from_slice(rest);
        } else {
            out.extend_from_slice(line);
        }
    }
    out
}

/// Runs `script` with `shell` in `mode` inside `root` (emptied first): the
/// working directory is `root/work`, HOME `root/home`, the script file
/// `root/script.sh` passed as `../script.sh`. In `-c` mode NUL bytes are
/// dropped (an argument cannot hold one).
fn observe(shell: &str, root: &TempDir, mode: Mode, script: &[u8]) -> Obs {
    root.reset();
    let work = root.path().join("work");
    let home = root.path().join("home");
    fs::create_dir(&work).unwrap();
    fs::create_dir(&home).unwrap();
    let mut spec = match mode {
        Mode::DashC => {
            let arg: Vec<u8> = script.iter().copied().filter(|&b| b != 0).collect();
            Spec::new(shell, &["-c"]).raw_arg(&arg)
        }
        Mode::Stdin => Spec::new(shell, &[]).stdin(Input::Bytes(script.to_vec())),
        Mode::File => {
            root.write("script.sh", script);
            Spec::new(shell, &["../script.sh"])
        }
    };
    spec = spec.cwd(&work).env("HOME", home.to_str().unwrap());
    spec.timeout = Duration::from_secs(10);
    let out = spec.run();
    let crashed = out.status.signal().is_some()
        || (shell != "bash" && out.status.code() == Some(101))
        || String::from_utf8_lossy(&out.stderr).contains("panicked at");
    Obs {
        status: out.shell_status(),
        stdout: out.stdout.clone(),
        stderr: normalize(&out.stderr),
        crashed,
    }
}

/// `input` followed by `echo after $?`, run by bash and then by jsh in
/// each mode in turn: (mode, bash's run, jsh's run).
fn observe_every_mode(root: &TempDir, input: &[u8]) -> Vec<(Mode, Obs, Obs)> {
    let mut script = input.to_vec();
    script.extend_from_slice(b"\necho after $?\n");
    [Mode::DashC, Mode::Stdin, Mode::File]
        .into_iter()
        .map(|mode| {
            let bash = observe("bash", root, mode, &script);
            let jsh = observe(jsh_path(), root, mode, &script);
            (mode, bash, jsh)
        })
        .collect()
}

/// A jsh message: its first line starts like jsh's messages do (a usage
/// line may follow).
fn clear_message(stderr: &[u8]) -> bool {
    stderr.starts_with(b"SHELL: ") || stderr.starts_with(b"../script.sh: ")
}

/// Runs every case in every mode against bash; panics listing every
/// mismatch.
fn check_corpus(group: &str, cases: &[(&[u8], Kind)]) {
    let root = TempDir::new("hostile");
    let mut problems = Vec::new();
    for &(input, kind) in cases {
        for (mode, bash, jsh) in observe_every_mode(&root, input) {
            let ok = !jsh.crashed
                && match kind {
                    Bash => jsh == bash,
                    BashOrRefusal => jsh == bash || (jsh.status != 0 && clear_message(&jsh.stderr)),
                    Clear => {
                        jsh.stdout == bash.stdout
                            && jsh.status == bash.status
                            && (bash.stderr.is_empty() == jsh.stderr.is_empty())
                            && (jsh.stderr.is_empty() || clear_message(&jsh.stderr))
                    }
                };
            if !ok {
                problems.push(format!(
                    "  input \"{}\" ({mode:?}, {kind:?})\n    bash: {}\n    jsh:  {}",
                    shorten(input),
                    bash.show(),
                    jsh.show()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{group}: {} mismatch(es) with bash:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// -------------------------------------------------------------- corpus --

#[test]
fn unterminated_quotes_and_escapes() {
    check_corpus(
        "unterminated quotes",
        &[
            (b"echo 'abc", Bash),
            (b"echo \"abc", Bash),
            (b"echo \"abc\\\"", Bash),
            (b"echo 'a\nb", Bash),
            (b"echo abc\\", Bash),
            (b"echo ok; echo 'never", Bash),
            (b"echo \"a\" 'b", Bash),
        ],
    );
}

#[test]
fn lone_and_doubled_operators() {
    check_corpus(
        "lone operators",
        &[
            (b"|", Bash),
            (b"&&", Bash),
            (b"||", Bash),
            (b";", Bash),
            (b"&", Bash),
            (b";;", Bash),
            (b"& &", Bash),
            (b"echo a ;;", Bash),
            (b"echo a & &", Bash),
            (b"echo a | | cat", Bash),
            (b"echo a || || echo b", Bash),
            (b"echo a && ; echo b", Bash),
            (b"| echo a", Bash),
            (b"; echo a", Bash),
            (b"& echo a", Bash),
            (b"echo a ; ; echo b", Bash),
            (b"echo a & ; echo b", Bash),
            (b"echo a | &", Bash),
            (b"echo a |;", Bash),
            (b"! |", Bash),
            (b"echo a &&", Bash),
            (b"echo a |", Bash),
            (b"echo before\n;;\necho not-reached", Bash),
        ],
    );
}

#[test]
fn redirections_without_target() {
    check_corpus(
        "redirection without a target",
        &[
            (b"echo a >", Bash),
            (b"cat <", Bash),
            (b"echo a >>", Bash),
            (b"echo a 2>", Bash),
            (b"echo a 2>&", Bash),
            (b"echo a >&", Bash),
            (b"echo a &>", Bash),
            (b"echo a &>>", Bash),
            (b"echo a <>", Bash),
            (b"echo a > > b", Bash),
            (b"echo a > | cat", Bash),
            (b"echo a > ; echo b", Bash),
            (b"echo a > & echo b", Bash),
            (b">", Bash),
            (b"2>&1 >", Bash),
            (b"echo a > $nothing", Bash),
            (b"echo a > \"\"", Bash),
            (b"f='a b'; echo a > $f", Bash),
        ],
    );
}

#[test]
fn unknown_job_specs() {
    check_corpus(
        "unknown job specs",
        &[
            (b"fg %99", Bash),
            (b"bg %99", Bash),
            (b"fg %zz", Bash),
            (b"fg %?nomatch", Bash),
            (b"kill %zz", Bash),
            (b"kill %99", Bash),
            (b"kill -9 %99 %zz", Bash),
            (b"wait %99", Bash),
            (b"jobs %99", Bash),
            (b"disown %99", Bash),
            (b"fg", Bash),
            (b"bg", Bash),
            // bash names the spec `%`, jsh `current`: both clear.
            (b"kill -9 %", Clear),
            (b"wait %", Clear),
            (b"jobs %", Clear),
            // bash prints the usage line without its name; so does jsh.
            (b"kill", Bash),
            (b"kill -s", Bash),
            (b"kill -n", Bash),
            // Signals go to the shell's own PID (`$$`), never to a process
            // outside the test, even if a bad number were misread.
            (b"kill -s NOSIG $$", Bash),
            (b"kill -l 99999", Bash),
        ],
    );
}

#[test]
fn numbers_out_of_range_and_huge_exit_codes() {
    check_corpus(
        "numbers out of range",
        &[
            (b"exit 99999999999999999999", Bash),
            (b"exit -99999999999999999999", Bash),
            (b"exit 256", Bash),
            (b"exit 4096", Bash),
            (b"exit -1", Bash),
            (b"exit abc", Bash),
            (b"exit 1 2", Bash),
            (b"sh -c 'exit 300'; echo $?", Bash),
            (b"echo >&99999999999", Bash),
            (b"echo a >&4294967297", Bash),
            (b"echo a 99999999999>/dev/null", Bash),
            (b"echo a 2147483648>/dev/null", Bash),
            // Signal 0 or the shell's own PID only (see unknown_job_specs).
            (b"kill -99999 $$", Bash),
            (b"kill -n 99999999999999 $$", Bash),
            (b"kill -0 99999999999", Bash),
            (b"kill -0 99999999999999999999", Bash),
            (b"kill -0 -99999999999999999999", Bash),
            (b"wait 99999999999", Bash),
            (b"wait abc", Bash),
            // bash: `-1: invalid option` and its usage line.
            (b"wait -1", Clear),
            (b"shift 99999999999", Bash),
            // bash: `shift count out of range`.
            (b"shift -1", Clear),
            (b"echo $99999999999 ${99999999999}", Bash),
            (b"set -o nosuch", Bash),
        ],
    );
}

#[test]
fn expansion_errors() {
    check_corpus(
        "expansion errors",
        &[
            (b"echo ${", Bash),
            (b"echo ${a", Bash),
            (b"echo ${}", Bash),
            (b"echo ${a!b}", Bash),
            (b"echo ${#a:-x}", Bash),
            (b"echo ${a:?}", Bash),
            (b"echo ${a:?custom message}", Bash),
            (b"echo ${a?}", Bash),
        ],
    );
}

#[test]
fn very_long_words() {
    let long = "x".repeat(100_000);
    let name_too_long = "n".repeat(300);
    let cases: Vec<(Vec<u8>, Kind)> = vec![
        (long.clone().into_bytes(), Bash),
        (format!("echo {long} | wc -c").into_bytes(), Bash),
        (format!("echo ${{{long}}}").into_bytes(), Bash),
        (format!("echo ${{{long}:-d}}").into_bytes(), Bash),
        (format!("v={long}; echo ${{#v}}").into_bytes(), Bash),
        (format!("echo a > {name_too_long}").into_bytes(), Bash),
        (format!("cd {name_too_long}").into_bytes(), Bash),
        (format!("/{long}").into_bytes(), Bash),
        (format!("'{long}").into_bytes(), Bash),
    ];
    let refs: Vec<(&[u8], Kind)> = cases.iter().map(|(b, k)| (b.as_slice(), *k)).collect();
    check_corpus("very long words", &refs);
}

/// `${a0:-${a1:-...${aN:-deep}...}}`.
fn nested_defaults(levels: usize) -> Vec<u8> {
    let mut s = String::from("echo ");
    for i in 0..levels {
        s.push_str(&format!("${{a{i}:-"));
    }
    s.push_str("deep");
    s.push_str(&"}".repeat(levels));
    s.into_bytes()
}

#[test]
fn deeply_nested_expansions_500() {
    let quoted = {
        let mut s = String::from("echo ");
        for _ in 0..500 {
            s.push_str("\"${a:-");
        }
        s.push('x');
        s.push_str(&"}\"".repeat(500));
        s.into_bytes()
    };
    check_corpus(
        "500 nested expansions",
        &[(&nested_defaults(500), Bash), (&quoted, Bash)],
    );
}

/// Far deeper nesting: bash still answers; jsh must answer too, or refuse
/// with a message, but never die of a stack overflow.
#[test]
fn deeply_nested_expansions_5000() {
    check_corpus(
        "5000 nested expansions",
        &[(&nested_defaults(5_000), BashOrRefusal)],
    );
}

#[test]
fn nul_bytes_and_invalid_utf8() {
    let root = TempDir::new("hostile-bytes");
    let mut problems = Vec::new();
    // On stdin bash drops NUL bytes; a script file with NULs bash refuses
    // as binary, so only stdin is compared for those.
    for input in [
        &b"echo a\0b\necho after $?\n"[..],
        b"\0\0\necho after $?\n",
        b"ec\0ho x\necho after $?\n",
    ] {
        let bash = observe("bash", &root, Mode::Stdin, input);
        let jsh = observe(jsh_path(), &root, Mode::Stdin, input);
        if jsh.crashed || jsh != bash {
            problems.push(format!(
                "  stdin \"{}\"\n    bash: {}\n    jsh:  {}",
                shorten(input),
                bash.show(),
                jsh.show()
            ));
        }
    }
    // Invalid UTF-8 is data like any other byte: passed through unchanged,
    // in output and in messages. bash quotes a name that is not printable
    // (`$'\\377'`); jsh may write the bytes themselves instead, but the
    // message must name what the user typed (the second element), not a
    // replacement character.
    for (input, named) in [
        (&b"echo \xff\xfe\xfd"[..], &b""[..]),
        (b"x=\xff\xc3; echo \"$x\" ${#x}", b""),
        (b"echo '\xc3\x28' \"\xe2\x82\"", b""),
        (b"cd \xff", b"\xff"),
        (b"echo a > \xff/x", b"\xff/x"),
        (b"\xff", b"\xff"),
        (b"\xc3\x28 x", b"\xc3\x28"),
    ] {
        for (mode, bash, jsh) in observe_every_mode(&root, input) {
            let ok = !jsh.crashed
                && jsh.stdout == bash.stdout
                && jsh.status == bash.status
                && (jsh == bash
                    || (!named.is_empty()
                        && clear_message(&jsh.stderr)
                        && jsh.stderr.windows(named.len()).any(|w| w == named)));
            if !ok {
                problems.push(format!(
                    "  input \"{}\" ({mode:?})\n    bash: {}\n    jsh:  {}",
                    shorten(input),
                    bash.show(),
                    jsh.show()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "NUL and invalid UTF-8: {} mismatch(es):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Builtins given options they do not have.
#[test]
fn bad_options_to_builtins() {
    check_corpus(
        "bad options",
        &[
            (b"pwd -Z", Bash),
            // Usage lines of jsh's own (its builtins have fewer options).
            (b"cd -Z", Clear),
            (b"jobs -Z", Clear),
            (b"wait -Z", Clear),
            (b"set -Z", Clear),
            (b"export -Z", Clear),
            (b"unset -Z", Clear),
            (b"hash -Z", Clear),
            (b"disown -Z", Clear),
            (b"kill -Z $$", Bash),
            (b"history -Z", Clear),
            (b"exit -Z", Bash),
        ],
    );
}
