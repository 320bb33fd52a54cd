//! The remaining gaps of issue 9's language: how errors end subshells,
//! the printer's `#`, errors inside `eval` and `.`, line numbers in
//! multi-line substitutions, here-documents in substitutions, and a sweep
//! of corners. Each script runs through bash, dash and jsh in `-c`, file
//! and stdin modes (tests/common: jsh must match bash; with
//! `Dash::Agrees` dash's stdout and status too). Where jsh follows POSIX
//! and dash instead of bash, [`posix_over_bash`] checks it against dash
//! and checks that bash really differs.

mod common;

use common::{ALL_MODES, Dash, TempDir, jsh_path, run_shell_in_sandbox};

use Dash::{Agrees, Differs};

const DASH_STATUS_2: &str = "dash exits a subshell after this error with status 2, bash with \
     1; POSIX asks only for a non-zero status, and bash is the reference";
const BASHISM: &str = "a bash extension that dash does not have";

cases! {
    // 1. Errors that end a non-interactive shell end a subshell with
    // bash's status 1; only the shell of `-c` itself exits with 127 (bash
    // returns 127 from its top level there). They once gave 127 in every
    // subshell of `-c`.
    unbound_in_subshell: "set -u; (echo $x); echo st=$?", Differs(DASH_STATUS_2);
    unbound_in_command_substitution: "set -u; y=$(echo $x); echo st=$? \"[$y]\"", Differs(DASH_STATUS_2);
    unbound_in_backquotes: "set -u; y=`echo $x`; echo st=$? \"[$y]\"", Differs(DASH_STATUS_2);
    unbound_in_background_group: "set -u; { echo $x; echo no; } & wait $!; echo st=$?", Differs(DASH_STATUS_2);
    unbound_in_background_simple: "set -u; echo $x & wait $!; echo st=$?", Differs(DASH_STATUS_2);
    unbound_in_last_pipeline_stage: "set -u; echo a | echo $x; echo st=$?", Differs(DASH_STATUS_2);
    unbound_in_pipeline_group: "set -u; echo a | { read l; echo $l $x; echo no; }; echo st=$?", Differs(DASH_STATUS_2);
    unbound_in_nested_subshells: "set -u; (y=$(echo $x); echo in=$?); echo st=$?", Differs(DASH_STATUS_2);
    unbound_in_subshell_with_exit_trap: "set -u; (trap 'echo trap $?' EXIT; echo $x); echo st=$?", Differs(DASH_STATUS_2);
    error_word_in_subshell: "(: ${x?no x}); echo st=$?; (: ${x:?}); echo st=$?", Differs(DASH_STATUS_2);
    error_word_in_substitution: "y=$(: ${x?no x}); echo st=$?; y=$(: ${e:?empty}); echo st=$?", Differs(DASH_STATUS_2);
    bad_substitution_in_subshell: "(echo ${x y}; echo no); echo st=$?; y=$(echo ${x y}); echo st=$?", Differs(DASH_STATUS_2);
    arithmetic_errors_in_subshell: "(echo $((1/0)); echo no); echo st=$?; y=$(echo $((1+))); echo st=$?; (set -u; echo $((u+1))); echo st=$?", Differs(DASH_STATUS_2);
    arithmetic_command_unbound_in_subshell: "(set -u; ((u+1)); echo no); echo st=$?; (set -u; let u+1; echo no); echo st=$?", Differs(BASHISM);
    readonly_assignment_in_subshell: "readonly r=1; (r=2; echo no); echo st=$?; y=$(r=3); echo st=$?; (: $((r=2)); echo no); echo st=$?", Differs(DASH_STATUS_2);
    special_builtin_errors_in_subshell: "(set -o nosuch; echo no); echo st=$?; (shift 5; echo yes); echo st=$?", Differs("dash's shift fails fatally (status 2) where bash goes on; POSIX leaves shift's count error unspecified for the script");
    // A child that runs one simple command (`cmd &`, a pipeline stage)
    // is, to bash, still at the top level of `-c`: 127 there, whether
    // the word is expanded in the child (`${u?}`) or before the fork.
    error_word_in_background_simple_command: "echo ${u?boom} & wait $!; echo st=$?; ${u?boom} & wait $!; echo st=$?", Differs(DASH_STATUS_2);
    error_word_in_simple_pipeline_stage: "echo a | echo ${u?boom}; echo st=$?; echo a | ${u?boom}; echo st=$?", Differs(DASH_STATUS_2);
    unbound_at_the_top_of_c_exits: "set -u; echo $x\necho no", Differs("dash exits with 2; bash exits with 127 under -c and 1 from a file or stdin, and bash is the reference");
    // 2. After `<&` and `>&` a `-` is a token of its own (bash), so a `#`
    // right after it begins a comment. jsh once took `#b` as an argument.
    dup_dash_then_comment: "echo a <&-#b; echo no\necho st=$?", Differs("dash takes `-#b` as the descriptor and fails with `Bad fd number`; POSIX reads one word `-#b` and leaves such a word unspecified; bash ends the word after `-`");
    dup_dash_then_comment_after_blank: "echo a 2>& -#b; echo no\necho st=$?", Differs("dash: `Bad fd number`, as above");
    dup_dash_then_word: "echo a 2>&-x; echo a 2>&--; echo st=$?", Differs("dash: `Bad fd number`, as above");
    dup_dash_comment_in_function_text: "f() { echo a 2>&-#x\n}; type f; f", Differs("dash's `type` does not print the body");
}

/// As bash, in every mode, but for the name bash gives an error inside a
/// function in a forked child of `-c` or of standard input
/// (`environment: line 1:`, `main: line 1:`), which names no file: jsh
/// writes `jsh: line 1:` there as everywhere.
fn like_bash_in_functions(script: &str) {
    for &mode in ALL_MODES {
        let root = TempDir::new("fnerr");
        let mut bash = run_shell_in_sandbox(common::BASH, &root, mode, script, &[]);
        bash.stderr = bash
            .stderr
            .replace("environment: line ", "SHELL: line ")
            .replace("main: line ", "SHELL: line ");
        let jsh = run_shell_in_sandbox(jsh_path(), &root, mode, script, &[]);
        assert_eq!(jsh, bash, "jsh differs from bash ({mode:?})\n{script}");
    }
}

#[test]
fn unbound_in_background_function() {
    // A function run by `&` is a simple command: 127, as in bash.
    like_bash_in_functions("set -u; f() { echo $x; echo no; }; f & wait $!; echo st=$?");
}

#[test]
fn subshell_in_function_in_pipeline() {
    // A `( )` inside it is a subshell again: 1.
    like_bash_in_functions("f() { (echo ${u?}; echo no); echo in=$?; }; f | cat; echo st=$?");
}

/// jsh follows POSIX and dash where bash differs (the reason is at the
/// call): in every mode jsh prints `stdout` and exits with `status`;
/// dash prints the same and exits non-zero exactly when jsh does; and
/// bash does something else, or the case belongs in `cases!`.
fn posix_over_bash(script: &str, stdout: &str, status: i32) {
    for &mode in ALL_MODES {
        let root = TempDir::new("posix");
        let jsh = run_shell_in_sandbox(jsh_path(), &root, mode, script, &[]);
        assert_eq!(
            (jsh.stdout.as_str(), jsh.status),
            (stdout, status),
            "jsh ({mode:?})\n{script}\n{jsh:?}"
        );
        let dash = run_shell_in_sandbox("dash", &root, mode, script, &[]);
        assert_eq!(
            (dash.stdout.as_str(), dash.status != 0),
            (stdout, status != 0),
            "dash no longer does what the table says ({mode:?})\n{script}\n{dash:?}"
        );
        let bash = run_shell_in_sandbox(common::BASH, &root, mode, script, &[]);
        assert!(
            (bash.stdout.as_str(), bash.status) != (stdout, status),
            "bash agrees ({mode:?}): the case belongs in cases!\n{script}"
        );
    }
}

// 3. An expansion error in the text of `eval` or a file read by `.`: POSIX
// (XCU 2.8.1, "expansion error") has a non-interactive shell exit, and
// dash does (status 2). bash ends that command of the text and goes on
// with the next one, which is neither POSIX nor what bash itself does
// outside `eval` (there the whole line ends, as in jsh). jsh once ended
// the rest of the outer line and went on with the next line.

#[test]
fn bad_substitution_in_eval_exits() {
    posix_over_bash(
        "echo before\neval 'echo ${x y}; echo same\necho second'; echo same-line\necho after",
        "before\n",
        1,
    );
}

#[test]
fn arithmetic_error_in_eval_exits() {
    posix_over_bash(
        "eval 'echo $((1/0)); echo same'; echo same-line\necho after",
        "",
        1,
    );
}

#[test]
fn expansion_error_in_nested_eval_exits() {
    posix_over_bash(
        "eval \"eval 'echo \\${x y}'; echo mid\"; echo same-line\necho after",
        "",
        1,
    );
}

#[test]
fn expansion_error_in_dot_file_exits() {
    posix_over_bash(
        "printf 'echo ${x y}; echo same\\necho next\\n' > src.sh\n. ./src.sh; echo same-line\necho after",
        "",
        1,
    );
}

#[test]
fn expansion_error_in_function_called_by_eval_exits() {
    posix_over_bash(
        "f() { echo ${x y}; echo in-f; }\neval 'f; echo same'; echo same-line\necho after",
        "",
        1,
    );
}

cases! {
    // ... and in a subshell, a substitution or a pipeline stage that one
    // process ends, as everywhere.
    expansion_error_in_eval_in_subshell: "(eval 'echo ${x y}; echo same'; echo no); echo st=$?; y=$(eval 'echo $((1/0))'; echo no); echo \"[$y]\" st=$?", Differs(DASH_STATUS_2);
    expansion_error_in_eval_in_pipeline: "eval 'echo ${x y}; echo same' | cat; echo st=$?", Agrees;
    // The errors that end only the command go on inside `eval` as
    // outside it.
    command_errors_in_eval_go_on: "eval 'echo a > /nonexistent/f; echo same'; echo same-line $?\necho after", Differs("dash words the redirection error differently; stdout and status are bash's");
}

// 4. Line numbers inside multi-line command substitutions, and in those
// of here-documents. bash numbers the lines of a `$(...)` from the line
// it ends on (`x=$(\necho $LINENO\n)` prints 3 for line 2) and those of
// one in a here-document from the command's line: neither is a line of
// the text. jsh numbers them as dash does in its error messages, by the
// line each command is on (dash itself has no `$LINENO`).

/// The line numbers in the error messages of `stderr`: the number after
/// `line ` (bash, jsh) or the first field that is a number (dash).
fn error_lines(stderr: &str) -> Vec<u32> {
    stderr
        .lines()
        .filter_map(|l| {
            let fields: Vec<&str> = l.split(": ").collect();
            fields.iter().find_map(|f| {
                f.strip_prefix("line ")
                    .unwrap_or(f)
                    .parse()
                    .ok()
                    .filter(|_| f.bytes().any(|b| b.is_ascii_digit()))
            })
        })
        .collect()
}

/// In every mode: jsh prints `stdout` and its errors name `lines`; dash's
/// errors name the same lines when `dash_too` (its stdout is not
/// compared: it has no `$LINENO`); bash's stdout or lines differ.
fn lines_as_dash(script: &str, stdout: &str, lines: &[u32], dash_too: bool) {
    for &mode in ALL_MODES {
        let root = TempDir::new("lines");
        let jsh = run_shell_in_sandbox(jsh_path(), &root, mode, script, &[]);
        assert_eq!(
            (jsh.stdout.as_str(), error_lines(&jsh.stderr)),
            (stdout, lines.to_vec()),
            "jsh ({mode:?})\n{script}\n{jsh:?}"
        );
        if dash_too {
            let dash = run_shell_in_sandbox("dash", &root, mode, script, &[]);
            assert_eq!(
                error_lines(&dash.stderr),
                lines,
                "dash ({mode:?})\n{script}\n{dash:?}"
            );
        }
        let bash = run_shell_in_sandbox(common::BASH, &root, mode, script, &[]);
        assert!(
            (bash.stdout.as_str(), error_lines(&bash.stderr)) != (stdout, lines.to_vec()),
            "bash agrees ({mode:?}): the case belongs in cases!\n{script}"
        );
    }
}

#[test]
fn lineno_in_a_substitution_over_lines() {
    lines_as_dash(
        "x=$(\necho $LINENO\necho $LINENO\n)\necho \"$x\" $LINENO\necho $(echo a\necho $LINENO) $LINENO",
        // The outer `$LINENO` of a command over lines is bash's (see
        // tests/params.rs): the line the command ends on.
        "2\n3 5\na 7 7\n",
        &[],
        false,
    );
}

#[test]
fn lineno_in_a_quoted_substitution_and_a_function() {
    lines_as_dash(
        "echo \"$(echo \"\n$LINENO\")\" $LINENO\nf() {\n  x=$(\n  echo in $LINENO\n  )\n  echo \"$x\" $LINENO\n}\nf",
        "\n2 2\nin 5 7\n",
        &[],
        false,
    );
}

#[test]
fn errors_in_a_substitution_over_lines() {
    lines_as_dash("x=$(\nnosuch1\n\nnosuch2\n)\nnosuch3", "", &[2, 4, 6], true);
}

#[test]
fn errors_in_backquotes_over_lines() {
    // dash numbers the lines of a backquoted body from 1 (`nosuch4` on
    // its second line is line 2), bash as for `$(...)`; jsh by the line
    // each command is on, as for `$(...)`.
    lines_as_dash(
        "echo 1\nx=`\nnosuch3\nnosuch4`\nnosuch5",
        "1\n",
        &[3, 4, 5],
        false,
    );
}

#[test]
fn lineno_in_a_here_document_substitution() {
    // The body's own `$LINENO` is the command's line, as in bash (and
    // mksh, zsh, busybox sh); a substitution's commands are on their lines.
    lines_as_dash(
        "echo $LINENO\ncat <<E\na $LINENO\n$(echo $LINENO\necho $LINENO)\nb `echo $LINENO`\nE\necho $LINENO",
        "1\na 2\n4\n5\nb 6\n8\n",
        &[],
        false,
    );
}

#[test]
fn errors_in_a_here_document_substitution() {
    lines_as_dash(
        "echo 1\ncat <<E\na\n$(nosuch3\nnosuch4)\nE\nnosuch6",
        "1\na\n\n",
        &[4, 5, 7],
        true,
    );
}

#[test]
fn errors_in_here_document_backquotes() {
    // dash numbers a backquoted body in a here-document from 1, bash from
    // the command's line; jsh by the line it is on, as for `$(...)`.
    lines_as_dash(
        "echo 1\ncat <<E\n\n`nosuch4`\nE\nnosuch6",
        "1\n\n\n",
        &[4, 6],
        false,
    );
}

// 5. A here-document begun in `$(...)` whose body follows the `)`: bash
// reads the body after the line the substitution ends on, with a warning
//; dash and zsh read no body and run its
// lines as commands, which POSIX does not allow either (the body follows
// the next newline token). jsh once refused it with a syntax error.
const DASH_RUNS_THE_BODY: &str = "dash reads no body and runs the body's lines as commands; \
     bash reads the body after the line, as POSIX has here-document bodies follow the next \
     newline";

cases! {
    here_document_after_the_substitution: "x=$(cat <<E)\nbody $((1+1))\nE\necho \"[$x]\"\necho after", Differs(DASH_RUNS_THE_BODY);
    here_document_after_the_substitution_rest_of_line: "x=$(cat <<E); echo \"same [$x]\"\nbody\nE\necho \"[$x]\"", Differs(DASH_RUNS_THE_BODY);
    here_documents_after_the_substitution_two: "x=$(cat <<A; cat <<-'B')\na $((2))\nA\n\tb $x\n\tB\necho \"[$x]\"", Differs(DASH_RUNS_THE_BODY);
    here_document_after_nested_substitutions: "echo $(echo $(cat <<E))\nbody\nE\necho after", Differs(DASH_RUNS_THE_BODY);
    here_document_after_a_quoted_substitution: "echo \"$(cat <<'E')\" end\n$x body\nE", Differs(DASH_RUNS_THE_BODY);
    here_document_after_a_substitution_over_lines: "echo 0\nx=$(echo a\ncat <<E)\nbody\nE\necho \"[$x]\"", Differs(DASH_RUNS_THE_BODY);
    here_document_after_a_substitution_in_if: "if true; then\n  y=$(cat <<E)\nb2\nE\nfi\necho \"[$y]\"", Differs(DASH_RUNS_THE_BODY);
    here_document_after_a_substitution_in_a_function: "f() { x=$(cat <<E); echo \"[$x]\"; }\nbody\nE\nf; type f", Differs(DASH_RUNS_THE_BODY);
    // Here-documents wholly inside the substitution, over lines.
    here_documents_inside_substitutions: "x=$(cat <<E\nbody $((1+1))\nE\n)\necho \"[$x]\"\ny=$(cat <<E; echo mid\nb2\nE\n)\necho \"[$y]\"\nz=\"$(cat <<'E' | tr a b\na $x\nE\n)\"; echo \"$z\"", Agrees;
    here_documents_inside_backquotes: "x=`cat <<E\nbody\nE\n`\necho \"[$x]\"\nx=`cat <<E\nbody $((1+2))\nE`\necho \"[$x]\"", Agrees;
}

/// In every mode, jsh prints `stdout` and `stderr` (less the name before
/// the first `: `, and `-c: `) and exits with `status`; what bash and
/// dash do is said at the call.
fn jsh_alone(script: &str, stdout: &str, stderr: &str, status: i32) {
    for &mode in ALL_MODES {
        let root = TempDir::new("alone");
        let jsh = run_shell_in_sandbox(jsh_path(), &root, mode, script, &[]);
        let err: String = jsh
            .stderr
            .lines()
            .map(|l| {
                let rest = l.split_once(": ").map_or(l, |(_, rest)| rest);
                rest.strip_prefix("-c: ").unwrap_or(rest).to_string() + "\n"
            })
            .collect();
        assert_eq!(
            (jsh.stdout.as_str(), err.as_str(), jsh.status),
            (stdout, stderr, status),
            "jsh ({mode:?})\n{script}\n{jsh:?}"
        );
    }
}

#[test]
fn here_documents_of_the_line_and_of_a_substitution_in_order() {
    // The bodies follow the line in the order of their `<<`. bash reads
    // the substitution's first and mixes them up (`cat` then gets the
    // rest of the script up to the end).
    jsh_alone(
        "cat <<X; x=$(cat <<E)\nx-body\nX\ne-body\nE\necho \"[$x]\"",
        "x-body\n[e-body]\n",
        "line 1: warning: command substitution: 1 unterminated here-document\n",
        0,
    );
}

#[test]
fn here_document_left_open_in_backquotes_is_refused() {
    // bash and dash read no body between the backquotes and run the
    // body's lines as commands (`body: command not found`); a
    // here-document must never do that, so jsh refuses it, as mksh does
    // (`here document 'E' unclosed`).
    jsh_alone(
        "x=`cat <<E`\nbody\nE\necho \"[$x]\"",
        "",
        "line 1: syntax error: here-document in backquotes not ended before the closing ``'\n",
        2,
    );
}

#[test]
fn here_document_after_a_substitution_cut_by_eof_is_refused() {
    // bash warns twice and takes `body`; but the printer writes the body
    // inside its `$(...)` (as bash's `type` does), where a body cut short
    // cannot be written back, so jsh refuses it (status 2, nothing run).
    jsh_alone(
        "echo never; x=$(cat <<E)\nbody",
        "",
        "line 1: warning: command substitution: 1 unterminated here-document\n\
         line 2: syntax error: here-document at line 1 delimited by end-of-file (wanted `E') \
         after the command substitution it is in\n",
        2,
    );
}

// 2 (continued). `type` shows a function's here-documents with their
// bodies after the line of their `<<`, as bash does; it once dropped the
// bodies (the text read back took the following lines as the body).
// Descriptor duplications show their descriptor (`1>&2`, `0>&-`) as bash
// writes them.
const DASH_TYPE: &str = "dash's `type` does not print the body";

cases! {
    type_shows_here_document_bodies: "f() { cat <<E\nbody $x\nE\necho after; cat <<-'T'\n\tt $x\n\tT\ncat <<\"Q\"\n$q\nQ\n}; type f; x=1 f", Differs(DASH_TYPE);
    type_shows_a_body_with_escapes: "f() { cat <<E\na\\\nE\nb \\$x \\\\ $x\nE\n}; type f; f", Differs(DASH_TYPE);
    type_shows_bodies_in_compound_commands: "f() { case x in x) cat <<X;; esac; { cat <<G; }; g() { cat <<H; }\nx\nX\ng\nG\nh\nH\ng; }; type f; f", Differs(DASH_TYPE);
    type_shows_the_body_of_the_function_s_redirection: "f() { cat; } <<E\nx $y\nE\ntype f; y=2 f", Differs(DASH_TYPE);
    type_shows_duplications_with_their_descriptor: "f() { echo a >&2; echo b 2>&1; echo c <&3; cat 0<&3; echo d >&-; echo e 1>&- 4<&-; echo h >&3-; } 3>&1; type f; for j in; do :; done", Differs(DASH_TYPE);
    type_shows_an_empty_for_list: "f() { for j in; do :; done; }; type f", Differs(DASH_TYPE);
}

#[test]
fn type_shows_bodies_in_pipelines_and_conditions_where_bash_loses_them() {
    // bash writes `cat <<E |`, the body, then `  tr a b` (text that reads
    // back differently), and drops the body of a `<<` in an `if`
    // condition; jsh writes every body after the line that holds it.
    jsh_alone(
        "f() { cat <<E | tr a b\np1\nE\nif cat <<C; then cat <<D; fi\nc\nC\nd\nD\n}; type f; f",
        "f is a function\nf () \n{ \n    cat <<E | tr a b\np1\nE\n\n    if cat <<C; then\nc\nC\n\n        cat <<D\nd\nD\n\n    fi\n}\np1\nc\nd\n",
        "",
        0,
    );
}

// 6. The sweep. `$(< file)` is the file's contents, as in bash; jsh ran
// it as a command of redirections alone, whose output is empty, so the
// value was silently empty.
const DASH_NO_FILE_SUBST: &str = "dash runs `< file` as a command with no output (POSIX leaves \
     a substitution of redirections alone unspecified); bash reads the file, and scripts \
     written for bash rely on it";

cases! {
    file_substitution: "printf 'a\\nb\\n\\n' > f; x=$(<f); echo \"[$x]\"; x=$( < f ); echo \"[$x]\"; x=$(0<f); echo \"[$x]\"; n=f; echo \"$(<$n)\" \"`<f`\"", Differs(DASH_NO_FILE_SUBST);
    file_substitution_missing_file: "x=$(<nofile); echo \"st=$? [$x]\"\ny=$(< \"\"); echo \"st=$? [$y]\"", Differs(DASH_NO_FILE_SUBST);
    file_substitution_only_alone: "printf 'a\\n' > f; x=$(<f; echo more); echo \"[$x]\"; x=$(<f | tr a b); echo \"[$x]\"; x=$(<f >/dev/null); echo \"[$x]\"; x=$(2<f); echo \"[$x]\"", Agrees;
    // Corners of the language where jsh already agreed; kept so it stays so.
    sweep_nested_quotes_in_defaults: "x=; echo ${x:-\"a b\"} | wc -w; for w in ${x:-\"a b\"} \"${x:-\"c d\"}\"; do echo \"[$w]\"; done; set -- a 'b c'; x=1; for w in \"${x+\"$@\"}\" ${x+\"$@\"}; do echo \"<$w>\"; done", Agrees;
    sweep_case_fall_through: "case a in a) echo 1;& b) echo 2;; c) echo 3;; esac; case x in x) ;& y) echo fell;; esac", Differs("dash 0.5.12 has no `;&` (POSIX.1-2024 added it); bash falls through, as POSIX says");
    sweep_case_continue_matching: "case a in a) echo 1;;& a) echo 2;;& *) echo 3;; esac", Differs(BASHISM);
    sweep_for_without_in_in_functions: "f() { for a; do echo \"[$a]\"; done; }; f 1 '2 3'; g() { for a do echo \"<$a>\"; done; }; g x y", Agrees;
    sweep_negation_and_lists: "! true && echo yes; ! false && echo no2; ! true || echo or; echo $?; ! { false; } && echo a; ! (exit 3); echo $?", Agrees;
    sweep_function_redirections: "f() { echo out; echo err >&2; } > o 2> e; f; cat o e; g() { read l; echo \"got $l\"; } < o; g", Agrees;
    sweep_closing_and_read_write: "echo a 2>&-; echo st=$?; echo hi > f; exec 3<>f; read x <&3; echo \"$x\"; echo more >&3; exec 3>&-; cat f; echo x 1<>f; cat f", Agrees;
    sweep_dup_to_a_file_name: "echo a >&f; cat f; echo b >& g 2>&1; cat g", Differs("dash takes `>&f` as a bad descriptor number; bash as `>f 2>&1`");
    sweep_read_and_ifs: "printf 'a:b::c\\n' | { IFS=: read a b c d; echo \"[$a][$b][$c][$d]\"; }; printf 'a:b:c:d:e\\n' | { IFS=: read a b; echo \"[$a][$b]\"; }; printf ' a , b , \\n' | { IFS=' ,' read a b c; echo \"[$a][$b][$c]\"; }; printf 'a:b::\\n' | { IFS=: read a b c; echo \"[$a][$b][$c]\"; }", Agrees;
    sweep_field_splitting: "IFS=' ,'; x=' a , b,,c ,'; for w in $x; do echo \"[$w]\"; done; IFS=:; x=':a::b:'; set -- $x; echo $#; IFS=x; v=axbxxc; set -- $v; echo $#", Agrees;
    sweep_star_with_empty_ifs: "set -- a b c; IFS=; echo \"[$*]\" \"[${*}]\"; x=$*; echo \"[$x]\"; set -- 'a b' c; for w in $*; do echo \"[$w]\"; done; unset IFS; echo \"[$*]\"", Agrees;
    sweep_arithmetic_corners: "echo $((1<<63)) $((1<<64)) $((-1>>1)) $((9223372036854775807+1)) $((-9223372036854775808/-1)) $((-9223372036854775808%-1)) $((010)) $((0x10)) $((1 << -1))", Differs("dash traps on -9223372036854775808/-1; bash wraps, as jsh");
    sweep_arithmetic_bad_octal: "echo $(( 08 ))\necho after $?\necho $(( 0x ))\necho after $?\nx=08; echo $((x))\necho after $?", Differs("dash reads 08 as 8; bash (and POSIX, where a leading 0 is octal) calls 08 an error");
}
