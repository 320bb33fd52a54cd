//! The `read` builtin (issue 10): options, IFS splitting, backslashes,
//! end of input, errors, and never consuming input past its line (from a
//! pipe, from a seekable file, and from the shell's own script on
//! standard input, issue 8). Each script runs through bash, dash and jsh
//! in `-c`, file and stdin modes (see tests/language.rs for the rules).
//! At the terminal (a pty, both TERMs, and against bash with
//! `JSH_TEST_SHELL=bash`): read between prompts, `-p`, `-s`, `-n`, and
//! Ctrl+C.

mod common;
#[macro_use]
#[path = "pty/mod.rs"]
mod pty;

use common::{Dash, Input, Spec, TempDir, jsh_path, normalize_prefix};

use Dash::{Agrees, Differs};

const DASH_READ_OPTIONS: &str = "dash's read knows only -p and -r; -d, -n, -N, -t, -u, -s are \
     bash's (not POSIX), so bash is the reference";
const DASH_READ_ERRORS: &str = "dash words read's errors differently (`read: arg count', \
     `Illegal option') with status 2; POSIX leaves the wording open, bash is the reference";

cases! {
    // Splitting by IFS (POSIX 2.6.5 as read applies it)
    one_name_strips_blanks: "echo ' a  b  ' | { read x; echo \"[$x]\"; }", Agrees;
    last_name_gets_the_rest: "echo ' a  b  c  ' | { read x y; echo \"[$x][$y]\"; }", Agrees;
    more_names_than_fields: "echo 'a b' | { read x y z; echo \"[$x][$y][$z]\"; }", Agrees;
    no_name_is_reply_unstripped: "echo ' a  b  ' | { read; echo \"[$REPLY]\"; }", Differs("POSIX read needs a name (dash: `arg count'); REPLY is bash's and ksh's");
    empty_ifs_no_splitting: "echo '  a b  ' | { IFS= read x y; echo \"[$x][$y]\"; }", Agrees;
    ifs_read_r_keeps_the_line: "printf '  a\\\\tb  \\n' | { IFS= read -r x; printf '[%s]\\n' \"$x\"; }", Agrees;
    unset_ifs_is_default: "unset IFS; echo ' a  b ' | { read x y; echo \"[$x][$y]\"; }", Agrees;
    colon_fields: "echo 'a:b:c' | { IFS=: read x y z; echo \"[$x][$y][$z]\"; }", Agrees;
    colon_empty_first_field: "echo ':a' | { IFS=: read x y; echo \"[$x][$y]\"; }", Agrees;
    colon_one_trailing_delimiter_dropped: "echo 'a:b:' | { IFS=: read x y; echo \"[$x][$y]\"; }", Agrees;
    colon_two_trailing_delimiters_kept: "echo 'a:b::' | { IFS=: read x y; echo \"[$x][$y]\"; }", Agrees;
    colon_rest_keeps_delimiters: "echo 'a:b:c:' | { IFS=: read x y; echo \"[$x][$y]\"; }", Agrees;
    colon_single_name: "echo 'a:' | { IFS=: read x; echo \"[$x]\"; }; echo ' a ' | { IFS=: read x; echo \"[$x]\"; }", Agrees;
    white_around_colon_is_one_separator: "echo 'a  :  b  ' | { IFS=': ' read x y; echo \"[$x][$y]\"; }", Agrees;
    mixed_separators: "echo 'a : b : c' | { IFS=' :' read x y z w; echo \"[$x][$y][$z][$w]\"; }", Agrees;
    rest_keeps_inner_separators: "echo 'a:b:c  ' | { IFS=': ' read x y; echo \"[$x][$y]\"; }", Agrees;
    ifs_assignment_is_temporary: "echo 'a:b' | { IFS=: read x y; echo \"[$x][$y][${#IFS}]\"; }", Agrees;
    // Backslashes
    backslash_quotes_a_separator: "printf '%s\\n' 'a\\ b c\\\\d e' | { read x y; printf '[%s][%s]\\n' \"$x\" \"$y\"; }", Agrees;
    backslash_newline_continues: "printf 'a\\\\\\nb c\\n' | { read x y; echo \"[$x][$y]\"; }", Agrees;
    quoted_blank_not_stripped: "echo 'a\\ ' | { read x; echo \"[$x]\"; }; echo '\\ a' | { read x y; echo \"[$x][$y]\"; }", Agrees;
    raw_keeps_backslashes: "printf '%s\\n' 'a\\nb\\ c\\' | { read -r x; printf '[%s]\\n' \"$x\"; }", Agrees;
    raw_no_continuation: "printf 'a\\\\\\nb\\n' | { read -r x; read -r y; echo \"[$x][$y]\"; }", Agrees;
    trailing_backslash_at_end: "printf 'a\\\\' | { read x; echo \"$? [$x]\"; }", Agrees;
    // End of input
    partial_line_status_one: "printf 'abc' | { read x; echo \"$? [$x]\"; }", Agrees;
    empty_input_sets_empty: "x=old; read x < /dev/null; echo \"$? [${x-unset}]\"", Agrees;
    while_read_loop: "printf 'one\\ntwo\\nlast' | while read l; do echo \"<$l>\"; done", Agrees;
    while_read_keeps_partial_line: "printf 'one\\nlast' | { while read l; do echo \"<$l>\"; done; echo \"[$l]\"; }", Agrees;
    nul_bytes_dropped: "printf 'a\\000b\\n' | { read x; echo \"[$x]\"; }", Agrees;
    // Not a byte too many
    pipe_leaves_the_rest: "printf '1\\n2\\n3\\n' | { read a; read b; cat; echo \"$a$b\"; }", Agrees;
    file_leaves_the_rest: "printf '1\\n2\\n3\\n' > f; { read a; cat; echo \"$a\"; } < f", Agrees;
    file_loop_with_reader_inside: "printf '1\\n2\\n3\\n4\\n' > f; while read l; do echo \"<$l>\"; head -n1; done < f", Agrees;
    here_document: "read x y <<EOF\nhello there world\nEOF\necho \"[$x][$y]\"", Agrees;
    redirected_read: "echo data > f; read x < f; echo \"[$x]\"", Agrees;
    // Names
    invalid_name: "echo x | { read 1a; echo $?; }", Differs(DASH_READ_ERRORS);
    invalid_first_name_reads_nothing: "printf 'x\\ny\\n' | { read 1a; read b; echo \"$? [$b]\"; }", Differs(DASH_READ_ERRORS);
    invalid_later_name_after_assigning: "printf 'x y z\\nnext\\n' | { read a 1a b; echo \"$? [$a][$b]\"; read c; echo \"[$c]\"; }", Differs(DASH_READ_ERRORS);
    reply_as_a_name: "echo 'a b' | { read x REPLY; echo \"$x $REPLY\"; }", Agrees;
    // bash's options
    prompt_only_at_a_terminal: "echo hi | { read -p 'p> ' x; echo \"[$x]\"; }", Agrees;
    delim: "printf 'a,b;c' | { read -d ';' x; echo \"$? [$x]\"; }", Differs(DASH_READ_OPTIONS);
    delim_nul: "printf 'a b\\000c d\\000' | { while read -d '' x y; do echo \"[$x][$y]\"; done; }", Differs(DASH_READ_OPTIONS);
    delim_empty_reads_all: "printf 'a\\nb\\n' > f; read -d '' x < f; echo \"$? [$x]\"", Differs(DASH_READ_OPTIONS);
    delim_first_byte_only: "echo xay | { read -d ab v; echo \"[$v]\"; }", Differs(DASH_READ_OPTIONS);
    nchars: "echo 'a b c' | { read -n 3 x; echo \"[$x]\"; read y; echo \"[$y]\"; }", Differs(DASH_READ_OPTIONS);
    nchars_stops_at_newline: "printf 'ab\\ncd\\n' | { read -n 5 x; read y; echo \"[$x][$y]\"; }", Differs(DASH_READ_OPTIONS);
    nchars_counts_characters: "echo '\u{e9}a' | { read -n 1 x; echo \"[$x]\"; }; LC_ALL=C.UTF-8; echo '\u{e9}a\u{20ac}b' | { read -n 3 x; read y; echo \"[$x][$y]\"; }", Differs(DASH_READ_OPTIONS);
    nchars_zero: "echo abc | { read -n 0 x; echo \"$? [$x]\"; }", Differs(DASH_READ_OPTIONS);
    nchars_from_file_seeks_back: "echo abcdef > f; { read -n 2 x; cat; } < f; echo \"[$x]\"", Differs(DASH_READ_OPTIONS);
    exact_nchars_not_split: "echo '  ab cd' | { read -N 5 x y; echo \"[$x][$y]\"; }", Differs(DASH_READ_OPTIONS);
    exact_nchars_over_newlines: "printf 'a\\nb' | { read -N 4 x; echo \"$? [$x]\"; }", Differs(DASH_READ_OPTIONS);
    exact_nchars_backslash: "echo 'a\\bc' | { read -N 3 x; echo \"[$x]\"; }", Differs(DASH_READ_OPTIONS);
    combined_options: "echo 'a,b' | { IFS=, read -rn9 x y; echo \"[$x][$y]\"; }; echo 'a b' | { read -r -n 2 -d ' ' x; echo \"[$x]\"; }", Differs(DASH_READ_OPTIONS);
    fd_option: "echo from3 > f; read -u 3 x 3< f; echo \"$? [$x]\"", Differs(DASH_READ_OPTIONS);
    fd_not_open: "read -u 5 x; echo $?; read -u 0 x <&-; echo $?", Differs(DASH_READ_OPTIONS);
    closed_stdin_is_a_read_error: "read x <&-; echo $?", Differs(DASH_READ_ERRORS);
    fd_invalid: "read -u x v; echo $?; read -u -1 v; echo $?", Differs(DASH_READ_OPTIONS);
    silent_off_a_terminal: "echo hi | { read -s x; echo \"[$x]\"; }", Differs(DASH_READ_OPTIONS);
    timeout_with_data: "echo abc | { read -t 5 x; echo \"$? [$x]\"; }", Differs(DASH_READ_OPTIONS);
    timeout_expires: "sleep 3 | { read -t 0.2 x; echo \"$? [$x]\"; }", Differs(DASH_READ_OPTIONS);
    timeout_keeps_partial: "{ printf ab; sleep 2; } | { read -t 0.3 x; echo \"$? [$x]\"; }", Differs(DASH_READ_OPTIONS);
    timeout_zero_at_end_of_file: "read -t 0 < /dev/null; echo $?", Differs(DASH_READ_OPTIONS);
    timeout_invalid: "read -t x y; echo $?; read -t -1 y; echo $?", Differs(DASH_READ_OPTIONS);
    nchars_invalid: "read -n x y; echo $?; read -n -1 y; echo $?", Differs(DASH_READ_OPTIONS);
    option_needs_argument: "read -d; echo $?", Differs(DASH_READ_ERRORS);
    invalid_option: "read -q; echo $?", Differs(DASH_READ_ERRORS);
    double_dash: "echo hi | { read -- x; echo \"[$x]\"; }", Agrees;
    read_error: "read x < /; echo $?", Differs(DASH_READ_ERRORS);
    // The script on standard input: read takes the line after its own.
    script_line_is_the_data: "read x\nhello\necho \"[$x]\"", Differs("dash reads a script from a pipe in blocks, so its read finds the pipe empty; POSIX (sh, INPUT FILES) requires bash's way: the shell shall not read ahead of the command it runs when that command may read standard input");
    readme_example: "read x\nhello\n", Differs("as script_line_is_the_data: dash runs `hello' as a command");
}

fn observe(shell: &str, dir: &TempDir, script: &str) -> (String, String, i32) {
    let path = dir.write("script", script.as_bytes());
    let out = Spec::new(shell, &[])
        .stdin(Input::File(path))
        .cwd(dir.path())
        .run();
    (
        normalize_prefix(&out.out()),
        normalize_prefix(&out.err()),
        out.shell_status(),
    )
}

/// A seekable script on standard input (`jsh < script`): read finds the
/// line right after its own, and a loop that redirects its standard input
/// from another file reads that file from the start, line after line, as
/// in bash. Lines longer than what the shell has read ahead of its script
/// once made the shell seek the loop's file instead of its own.
#[test]
fn seekable_script_on_stdin() {
    let long: String = (1..=3).map(|i| format!("{i:0>100}\n")).collect();
    let scripts = [
        "read x\nhello\necho \"[$x]\"\n",
        "read a\nfirst\nread b\nsecond\necho \"[$a][$b]\"\ncat\nrest of it\n",
        "while read l; do echo \"${#l} $l\"; done < long\nread z\ndata\necho \"z=$z\"\n",
        "while read l; do echo \"<$l>\"; read m < long; echo \"${#m}\"; done < long\nread z\ndata\necho \"z=$z\"\n",
        "{ read a; read b; } <&0\nline1\nline2\necho \"[$a][$b]\"\n",
        "(read x; echo \"[$x]\")\nhello\necho after\n",
        "( head -n1 )\nhello\necho after\n",
        "echo a | { read x; echo \"[$x]\"; }; read y\nhello\necho \"after $y\"\n",
        "f() { read x; echo \"[$x]\"; }\nf\nhello\necho after\n",
    ];
    for script in scripts {
        let dir = TempDir::new("read-seekable");
        dir.write("long", long.as_bytes());
        let bash = observe("bash", &dir, script);
        let jsh = observe(jsh_path(), &dir, script);
        assert_eq!(jsh, bash, "jsh < script differs from bash\n{script}");
    }
}

/// The README's example, as the README gives it: a pipe into jsh.
#[test]
fn readme_example_reads_the_next_line() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    assert!(
        readme.contains(r"`printf 'read x\nhello\necho $x\n' | jsh`"),
        "the README no longer gives the example this test runs"
    );
    let out = Spec::new(jsh_path(), &[])
        .stdin(Input::text("read x\nhello\necho $x\n"))
        .run();
    assert_eq!(out.out(), "hello\n", "{}", out.describe());
    assert_eq!(out.code(), Some(0));
}

/// `help` and `type` know the new builtins.
#[test]
fn help_and_type_know_them() {
    let out = Spec::new(jsh_path(), &["-c", "type read printf test ["]).run();
    let text = out.out();
    for name in ["read", "printf", "test", "["] {
        assert!(
            text.contains(&format!("{name} is a shell builtin")),
            "{}",
            out.describe()
        );
    }
    let out = Spec::new(
        jsh_path(),
        &["-c", "help read; help printf; help test; help ["],
    )
    .run();
    assert_eq!(out.code(), Some(0), "{}", out.describe());
    assert!(out.out().contains("read [-ers]"), "{}", out.describe());
    assert!(
        out.out().contains("printf [-v var] format"),
        "{}",
        out.describe()
    );
}

terms!(
    read_at_the_prompt,
    read_prompt_silent_and_one_key,
    ctrl_c_ends_read,
);

/// Wait until the shell sleeps reading the terminal (its `read`), so that
/// what is typed next is the builtin's, not the line editor's.
fn wait_reading(sh: &mut pty::Shell) {
    sh.wait_until("the shell blocked reading the terminal", |pid| {
        let wchan = std::fs::read_to_string(format!("/proc/{pid}/wchan")).unwrap_or_default();
        pty::stat(pid).is_some_and(|s| s.state == 'S') && !wchan.is_empty() && wchan != "0"
    });
    sh.settle();
}

/// `read x y` typed at the prompt takes the next line typed, split by IFS;
/// the line editor is out of the way (cooked mode) while it runs.
fn read_at_the_prompt(term: &str) {
    let mut sh = pty::Shell::start(term);
    sh.enter("read x y");
    wait_reading(&mut sh);
    sh.send("hello big world\r");
    sh.expect("hello big world");
    sh.prompt();
    assert_eq!(sh.run("echo \"[$x][$y]\""), "[hello][big world]\n");
    // Backslash-newline continues the line, at the PS2 prompt.
    sh.enter("read x");
    wait_reading(&mut sh);
    sh.send("one \\\r");
    sh.expect("> ");
    sh.send("two\r");
    sh.expect("two");
    sh.prompt();
    assert_eq!(sh.run("echo \"[$x]\""), "[one two]\n");
    sh.enter("read -r; echo \"st=$? [$REPLY]\"");
    wait_reading(&mut sh);
    sh.send("a\\b\r");
    let out = sh.prompt();
    assert!(out.contains("st=0 [a\\b]"), "{out:?}");
}

/// `-p` writes its prompt to the terminal; `-s` does not echo what is
/// typed; `-n 1` returns at the first key, without Enter.
fn read_prompt_silent_and_one_key(term: &str) {
    let mut sh = pty::Shell::start(term);
    sh.enter("read -p 'name? ' n");
    sh.expect("name? ");
    wait_reading(&mut sh);
    sh.send("Ann\r");
    sh.expect("Ann");
    sh.prompt();
    assert_eq!(sh.run("echo \"[$n]\""), "[Ann]\n");
    sh.enter("read -s secret");
    wait_reading(&mut sh);
    sh.send("hidden\r");
    let out = sh.prompt();
    assert!(!out.contains("hidden"), "-s echoed the input: {out:?}");
    // The command after it is echoed again (by the terminal with
    // TERM=dumb): -s put the modes back.
    assert_eq!(sh.run("echo \"[$secret]\""), "[hidden]\n");
    sh.enter("read -n 1 key; echo \"<$key>\"");
    wait_reading(&mut sh);
    sh.send("y");
    let out = sh.prompt();
    assert!(out.contains("<y>"), "{out:?}");
}

/// Ctrl+C while `read` waits: back to the prompt, status 130, the rest of
/// the line not run, as in bash.
fn ctrl_c_ends_read(term: &str) {
    let mut sh = pty::Shell::start(term);
    sh.enter("read x; echo not-reached");
    wait_reading(&mut sh);
    sh.key(pty::CTRL_C);
    let out = sh.prompt();
    assert!(!out.contains("not-reached"), "{out:?}");
    assert_eq!(sh.status(), 130);
    assert_eq!(sh.run("echo alive"), "alive\n");
}
