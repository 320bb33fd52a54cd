//! Issue 9: arithmetic expansion `$((...))` and here-documents. Each
//! script runs through bash and jsh in -c, stdin and file modes (stdout,
//! stderr modulo the `bash:`/`jsh:` prefix, and status must agree); where
//! dash agrees with bash, dash's stdout and status are checked too (its
//! messages are worded differently). Where they differ, a comment says
//! which POSIX picks.

mod common;
#[path = "skip/mod.rs"]
mod skip;

use common::{
    ALL_MODES, Mode, TempDir, compare_modes, compare_with_bash, jsh_path, run_shell_in_sandbox,
};

/// bash, and dash for stdout and status.
fn compare_with_bash_and_dash(script: &str) {
    compare_with_bash(script);
    if !skip::have("dash", &["-c", ":"]) {
        skip::skip_or_fail("dash half of a differential case", "dash is not installed");
        return;
    }
    for &mode in ALL_MODES {
        let root = TempDir::new("dash");
        let dash = run_shell_in_sandbox("dash", &root, mode, script, &[]);
        let jsh = run_shell_in_sandbox(jsh_path(), &root, mode, script, &[]);
        assert_eq!(
            (&dash.stdout, dash.status),
            (&jsh.stdout, jsh.status),
            "jsh differs from dash ({mode:?} mode)\n===== script =====\n{script}\n"
        );
    }
}

// ---------------------------------------------------------------------------
// Arithmetic expansion

#[test]
fn arithmetic_operators_and_variables() {
    compare_with_bash_and_dash(
        "x=3 y=4\necho $((x*2)) $(( $x + 1 )) $((x+y*2)) $(( (x+y)*2 )) $((y/x)) $((y%x))\n\
         echo $((1<<4)) $((x>y)) $((x<y?10:20)) $((-x)) $((!0)) $((~0)) $((0x1f)) $((010))\n\
         echo $(( ${x} * ${y} )) $((x)) $((unset_var + 1))",
    );
    // A variable whose value is an expression: bash evaluates it, dash
    // takes numbers only (POSIX requires only numeric values to work).
    compare_with_bash("z=2+3; echo $((z*2))\ny='1 + 1'; echo $(($y * 2)) $((y * 2))");
    // An empty expression is 0 in bash, an error in dash; POSIX leaves
    // it unspecified.
    compare_with_bash("echo $(( )) $((   ))");
}

#[test]
fn arithmetic_assignments_set_variables() {
    compare_with_bash_and_dash(
        "i=0; echo $((i+=1)) $((i+=1)) $i\necho $((x=5)) $x\n\
         n=1; n=$((n+1)); n=$((n*10)); echo n=$n\n\
         a=$((b=7)); echo $a $b; : $((c=b+1)); echo $c",
    );
}

#[test]
fn arithmetic_bash_operators() {
    // `**`, `++` and `--` are bash's (dash has no `**` and reads `++x`
    // as two unary pluses); POSIX leaves them out, jsh follows bash.
    compare_with_bash("x=3; echo $((2**10)) $((x++)) $x $((--x)) $x $((2#101)) $((36#z))");
}

#[test]
fn arithmetic_in_double_quotes_and_nested() {
    compare_with_bash_and_dash(
        "x=2\necho \"$((x+1))\" \"a$((x*x))b\" $(($((x+1))*2)) \"$(( $((1+1)) + x ))\"\n\
         y='1 + 1'; echo $(($y * 2))",
    );
    // Double quotes inside the expression are removed in bash (POSIX:
    // the expression is treated as if in double quotes); dash keeps them
    // and fails.
    compare_with_bash("x=2; echo $(( \"1\" + 1 )) \"$(( \"$x\" * 3 ))\"");
}

#[test]
fn arithmetic_across_lines_and_fields() {
    // An unquoted result is split like any other expansion's.
    compare_with_bash_and_dash(
        "echo $((1 +\n2))\nIFS=1; echo $((213*1)) x\nIFS=' '; set -- $((12)); echo $#",
    );
}

#[test]
fn division_by_zero_abandons_the_line() {
    compare_with_bash(
        "echo before; echo $((1/0)); echo same line\necho next line $?\nx=$((5%0)); echo x=$x",
    );
}

#[test]
fn arithmetic_syntax_errors() {
    compare_with_bash("echo $((1+)); echo no\necho $? $((2 3))\necho $((a b)) done\necho end");
    compare_with_bash("echo $(( 'x' )); echo no\necho ok");
}

#[test]
fn arithmetic_error_in_a_pipeline_ends_that_process() {
    compare_with_bash("echo $((1/0)) | cat; echo status $?\necho $((1/0)) & wait; echo after");
}

#[test]
fn unterminated_arithmetic_is_a_syntax_error() {
    compare_with_bash("echo ok\necho $((1+2\n");
}

// ---------------------------------------------------------------------------
// Command substitution (tests/comsub.rs has the rest): it runs, in
// here-document bodies too; `$( (...) ...)` is a subshell in a command
// substitution, not arithmetic: no `))` closes the `$((`.

#[test]
fn command_substitution_runs() {
    compare_with_bash("echo $(echo hi)\necho reached");
    compare_with_bash("echo before\necho \"`echo hi`\"");
    compare_with_bash("echo $((echo a) | cat)");
    compare_with_bash("cat <<E\n`echo date`\nE\necho yes");
}

#[test]
fn quoted_command_substitution_stays_text() {
    compare_with_bash_and_dash("echo '$(x)' \\$(y\\) '`z`' \\`w\\` \"\\$(v)\"");
}

// ---------------------------------------------------------------------------
// Here-documents

#[test]
fn here_document_expands_its_body() {
    compare_with_bash_and_dash(
        "x=world; set -- a b\ncat <<EOF\nhello $x ${x} $((1+2)) \"$x\" '$x'\n\\$x \\\\ \\\" \\a $1 $#\nEOF\necho after",
    );
}

#[test]
fn here_document_backslash_newline_joins() {
    // The joined line is no delimiter: `a\<newline>E` is `aE`.
    compare_with_bash_and_dash("cat <<E\na\\\nb\nc\\\nE\nE\necho done");
}

#[test]
fn quoted_delimiters_keep_the_body() {
    compare_with_bash_and_dash(
        "x=1\ncat <<'E'\n$x \\$x `no` $((1+1)) \\\nE\ncat <<\"E\"\n$x\nE\ncat <<\\E\n$x\nE\n\
         cat <<E\"\"\n$x\nE\ncat <<'a b'\n$x\na b\necho end",
    );
}

#[test]
fn dash_strips_leading_tabs() {
    compare_with_bash_and_dash(
        "cat <<-E\n\t\tone $((2))\n  two\n\tE\ncat <<-'E'\n\t$x\n\t\tE\ncat << -E\n\tkept\n-E",
    );
    // Not the tabs of a line joined to the one before by backslash-newline.
    compare_with_bash_and_dash("cat <<-E\n\ta\\\n\tb\n\tE\necho end");
}

#[test]
fn several_here_documents_on_one_line() {
    compare_with_bash_and_dash(
        "cat <<A; cat <<B\nfirst\nA\nsecond\nB\ncat <<A <<B\nnot shown\nA\nshown\nB\n\
         cat <<A && cat <<B || echo no\n1\nA\n2\nB",
    );
}

#[test]
fn here_documents_on_builtins_and_in_pipelines() {
    compare_with_bash_and_dash(
        ": <<EOF\nignored $((1+1))\nEOF\necho status $?\ncat <<E | tr a b\naaa\nE\n\
         echo builtin <<E\nx\nE\necho $?\ncat <<E | cat <<F\nlost\nE\nkept\nF\n\
         echo x | cat <<E\nbody wins\nE",
    );
}

#[test]
fn here_document_on_another_descriptor() {
    compare_with_bash_and_dash(
        "cat 3<<E <&3\nfrom three\nE\ncat 0<<E\nzero\nE\ncat <&4 4<<F\nfour\nF\n\
         cat 4<<E <&4 4<<F\nnot this\nE\nthat\nF",
    );
    // Redirections are made left to right: 5 is not open yet for `<&5`.
    // bash fails the command with 1, dash with 2 (POSIX says only that
    // it fails).
    compare_with_bash("cat <&5 5<<F; echo $?\nx\nF");
}

#[test]
fn large_here_document_does_not_deadlock() {
    // Larger than a pipe's buffer (64 KiB): the body goes to a memory file.
    let line = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\n";
    let body = line.repeat(3000);
    // Too long for an argument: stdin and file modes.
    compare_modes(
        &format!("cat <<E | wc -c\n{body}E\nwc -l <<'E'\n{body}E\n: <<E\n{body}E\necho done"),
        &[],
        &[Mode::Stdin, Mode::File],
    );
}

#[test]
fn here_document_body_is_never_run() {
    // Ended by end of file: bash warns and uses the body.
    compare_with_bash("echo start\ncat <<EOF\necho not a command\n$((6*7))");
    compare_with_bash("cat <<EOF\nbody\n");
    compare_with_bash("cat <<E\n");
    // An expansion error in the body: the command fails, the body does
    // not become commands.
    compare_with_bash("cat <<E; echo same line\n$((1/0))\necho body\nE\necho next");
    compare_with_bash("cat <<E; echo same line\n${x:?unset}\nE\necho next $?");
    // A syntax error on the line of the `<<`: the script ends there.
    compare_with_bash("echo first\ncat <<E; )\necho body-line\nE\necho after");
    compare_with_bash("cat <<E |\necho body-line\nE\n)");
}

#[test]
fn here_document_delimiter_spaced_and_commented() {
    compare_with_bash_and_dash(
        "cat << E # comment\nbody\nE\ncat <<E>/dev/null; echo gone\nx\nE\necho \"$(( 1 ))\" <<E\nnot read\nE",
    );
}

#[test]
fn here_document_missing_word_is_a_syntax_error() {
    compare_with_bash("echo ok\ncat <<\n");
    compare_with_bash("cat <<;\n");
}

// `((...))` as a command is bash's arithmetic command (POSIX leaves `((`
// unspecified; dash reads two subshells). When no `))` closes it, it is
// two subshells in bash too: Debian's zdiff writes `((gzip ...) ...)`.
#[test]
fn arithmetic_command_as_bash() {
    compare_with_bash(
        "((1/0)); echo \"next $?\"; ((x=3, x>2)); echo \"$? $x\"; ((0)); echo $?\n\
         (( y = 2 )) && echo y=$y; ((a+)); echo \"after $?\"; ((z=1)) >/dev/null; echo z=$z",
    );
    compare_with_bash("f() { (( $1 > 1 )) && echo big; ((n++)); }; type f; f 3; f 0; echo $n");
    compare_with_bash_and_dash("( (echo nested) ); ((echo a) | cat); ((echo b\n echo c) 2>&1)");
    compare_with_bash("x=$(( (1) )); ((x == 1)) && echo one; ((\n x += 1\n)); echo $x");
}
