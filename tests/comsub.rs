//! Command substitution (issue 9): `$(...)` and backquotes, parsed as
//! command lists and run in a forked shell whose output the word takes.
//! Each script runs through bash, dash and jsh in `-c`, file and stdin
//! modes (see tests/language.rs for how the table reads).

mod common;

use common::Dash;
use common::{Mode, TempDir, jsh_path, run_shell_in_sandbox};

use Dash::{Agrees, Differs};

const DASH_WORDS_ERRORS: &str = "dash words syntax errors its own way (`Syntax error: ...'); \
     stdout and status are compared with bash, the reference";

cases! {
    // Parsing: the body is a command list up to its `)`.
    simple: "echo \"today $(echo x)\"; echo $(echo a b)", Agrees;
    nested: "echo $(echo $(echo $(echo deep)))", Agrees;
    nested_in_quotes: "echo \"$(echo \"$(echo \"in  quotes\")\")\"", Agrees;
    case_inside: "echo $(case x in x) echo matched;; *) echo no;; esac)", Agrees;
    case_inside_with_paren_patterns: "echo $(case y in (x) echo x;; (y) echo y;; esac)", Agrees;
    comments_inside: "echo $(echo a # a comment with ) in it\necho b)", Agrees;
    newlines_inside: "x=$(\n  echo one\n\n  echo two\n)\necho \"$x\"", Agrees;
    quotes_inside: "echo $(echo ')' \")\" \\))", Agrees;
    compound_inside: "echo $(if true; then echo t; fi; for i in 1 2; do echo $i; done; while false; do :; done)", Agrees;
    empty: "echo \"[$()]\" \"[$( )]\" \"[$(\n)]\"", Agrees;
    heredoc_inside: "echo $(cat <<EOF\nhere $((1+1))\nEOF\n)", Agrees;
    heredoc_after_line_with_subst: "cat <<E; echo $(echo x\necho y)\nbody\nE", Agrees;
    // `$((` is arithmetic when `))` closes it, else a subshell inside.
    arith_stays_arith: "echo $((1+2)) $(( (1+2)*3 ))", Agrees;
    subshell_inside: "echo $( (echo sub) )", Agrees;
    // POSIX leaves `$((` that is no arithmetic unspecified (2.6.3: write
    // `$( (`); bash reads it as a subshell in a substitution, as jsh does.
    doubled_paren_subshell: "echo $((echo sub2) ); echo $((echo a); (echo b))", Differs("dash insists on arithmetic: `Missing '))''");
    arith_with_subst: "echo $(( $(echo 2) * 3 ))", Agrees;
    // Quoting, splitting and globbing of the result.
    quoted_keeps_spaces: "echo \"$(echo \"a  b\")\"; echo $(echo \"a  b\")", Agrees;
    unquoted_splits: "set -- $(echo 'a b  c'); echo $#; set -- \"$(echo 'a b')\"; echo $#", Agrees;
    ifs_splits: "IFS=:; set -- $(echo a:b::c); echo $#", Agrees;
    unquoted_globs: "touch f1 f2; echo $(echo 'f*'); echo \"$(echo 'f*')\"", Agrees;
    assignment_no_split_no_glob: "touch f1; x=$(echo 'a  *'); echo \"$x\"", Agrees;
    trailing_newlines_removed: "x=$(printf 'a\\n\\n\\n'); echo \"[$x]\"; y=$(printf '\\n\\na\\n\\nb\\n\\n'); echo \"[$y]\"", Agrees;
    only_newlines: "x=$(printf '\\n\\n'); echo \"[$x]\"", Agrees;
    null_bytes_dropped: "x=$(printf 'a\\0b'); echo \"$x\"", Differs("dash drops them silently; bash warns (`ignored null byte in input'), as jsh does");
    // Backquotes.
    backquotes: "echo `echo a`; echo \"`echo \"b  c\"`\"", Agrees;
    backquote_escapes: "echo `echo \\\\\\$HOME`; echo `echo \\`echo nested\\``; x=1; echo `echo \\$x`", Agrees;
    backquote_escaped_quote_in_double: "echo \"`echo \\\"q\\\"`\"", Agrees;
    backquote_other_backslash_kept: "echo `printf '%s\\n' 'a\\nb'`", Differs("dash's echo expands `\\n'; the backslash reaches it in both");
    backquote_over_lines: "x=`echo a\necho b`; echo \"$x\"", Agrees;
    dollar_paren_in_backquotes: "echo `echo $(echo mixed)`", Agrees;
    // Status.
    assignment_status: "x=$(exit 3); echo $?; x=$(true); echo $?", Agrees;
    last_substitution_counts: "x=$(exit 3) y=$(exit 4); echo $?", Agrees;
    substitution_alone: "$(exit 5); echo $?; $(true); echo $?", Agrees;
    command_status_wins: "echo $(false); echo $?", Agrees;
    question_mark_after: "echo $(exit 3) $?", Differs("bash sets $? after each substitution; dash only after the command; POSIX leaves $? during expansion unspecified");
    exit_in_subst_stays_there: "x=$(echo out; exit 7; echo no); echo \"$x $?\"", Agrees;
    // The loops around it are still there: `break` ends the substitution.
    break_inside_loop: "for i in 1 2; do x=$(echo a; break; echo no); echo \"[$x]\"; done", Agrees;
    vars_do_not_leak: "x=1; y=$(x=2; echo $x); echo $x $y", Agrees;
    cd_does_not_leak: "d=$(cd /; pwd); echo $d; pwd | grep -c work", Agrees;
    // Where substitutions appear.
    in_heredoc_body: "cat <<EOF\nvalue: $(echo v) `echo w`\nEOF", Agrees;
    in_quoted_heredoc_stays_text: "cat <<'EOF'\n$(echo no)\nEOF", Agrees;
    in_default_value: "echo ${u:-$(echo default)} \"${u:-$(echo 'a  b')}\"; x=set; echo ${x:+$(echo alt)}", Agrees;
    default_not_run_when_set: "x=set; echo ${x:-$(echo ran >&2)}", Agrees;
    in_redirection_target: "echo data > $(echo out); cat out", Agrees;
    in_for_list: "for i in $(echo 1 2 3); do echo \"<$i>\"; done", Agrees;
    in_case_word: "case $(echo abc) in abc) echo yes;; *) echo no;; esac", Agrees;
    in_case_pattern: "case abc in $(echo a)*) echo yes;; esac", Agrees;
    in_pipeline_stage: "x=0; echo $(x=1; echo $x) | cat; echo $x", Agrees;
    // Expanded in the stage that runs the command, not in the parent: the
    // substitution's command is a child of the stage's process.
    runs_in_pipeline_stage: "echo $(sh -c 'echo $PPID') $$ | awk '$1 != $2 { print \"in-stage\" }'", Agrees;
    in_function: "f() { echo \"f:$(echo $1)\"; }; f arg", Agrees;
    reads_stdin: "echo hi | { x=$(cat); echo \"got $x\"; }", Agrees;
    stderr_not_captured: "x=$(echo err >&2; echo out); echo \"$x\"", Agrees;
    builtin_output: "x=$(pwd; echo b); echo \"$x\" | wc -l", Agrees;
    function_output: "f() { echo from-f; }; x=$(f); echo $x", Agrees;
    // One process: the last command is exec'd in place.
    execs_in_place: "x=$(sh -c 'echo $PPID'); [ \"$x\" = $$ ] && echo exec-in-place", Differs("dash forks for `$(cmd)` and execs too; bash execs the last command as well: only the check output is compared");
    // The last of several commands too, in `$(...)` and `( ... )`, unless
    // an EXIT trap still has to run (bash and dash alike).
    last_of_several_execs_in_place: "x=$(echo a; sh -c \"echo \\$PPID\"); set -- $x; [ \"$2\" = $$ ] && echo last-in-place\n(: ; sh -c \"[ \\$PPID = $$ ] && echo sub-in-place\")\n(trap 'echo bye' EXIT; sh -c \"[ \\$PPID = $$ ] || echo forked-for-trap\")", Agrees;
    // `jobs` lists the shell's jobs in a pipeline stage and in `$(...)`.
    jobs_in_pipeline: "sleep 5 & jobs | wc -l; kill %1", Differs("dash lists no jobs in a subshell; bash does, and the issue asks for bash's behaviour");
    jobs_in_subst: "sleep 5 & x=$(jobs); echo \"$x\" | sed 's/ *Running */ R /'; kill %1", Differs("dash lists no jobs in a subshell; bash does");
    subst_is_no_job: "sleep 0.2 & x=$(echo a); wait $!; echo $? $x; jobs", Differs("dash lists the waited-for job as Done once more");
    fds_do_not_leak: "x=$(ls -l /proc/self/fd | grep -c pipe); echo $x", Agrees;
    background_status_kept: "(exit 3) & p=$!; x=$(sleep 0.1; echo y); wait $p; echo $? $x", Agrees;
    // Printed back as bash prints them: `$(...)` from the tree, backquotes
    // as written.
    type_shows_substitutions: "f() { echo $(date;  ls) `a  b` \"$(x \"y\")\"; x=$(if a; then b; fi; case q in q) r;; esac; for i in 1; do :; done); }; type f", Differs("dash prints no function body");
    jobs_show_substitutions: "set -m; for i in $(echo 1); do sleep 1; done & { sleep 1 `echo 0`; x=$(echo a | cat); } & jobs > out; wait; cat out", Differs("dash words its job lines its own way");
    // Errors.
    unterminated: "echo $(echo a", Differs(DASH_WORDS_ERRORS);
    unterminated_over_lines: "echo $(\n\necho a\n", Differs(DASH_WORDS_ERRORS);
    unterminated_backquote: "echo `echo a", Differs(DASH_WORDS_ERRORS);
    backquote_error_at_run_time: "echo \"[`fi`]\"; x=`case`; echo status $?", Differs("dash rejects the script when it parses it; bash parses backquotes when they run and goes on");
}

/// `bash -c` exits 127 after a syntax error found while parsing inside
/// `$(...)` (2 from a file or standard input, and 2 under `-c` for a `$(`
/// left open; after `x\necho $((1+\n2)` even from a file, the status of
/// `x`); jsh gives 2 everywhere, the status of a syntax error.
/// Compared with bash in file and stdin modes only.
#[test]
fn syntax_error_inside_stops_script() {
    for script in [
        "echo before\necho $(echo a; fi)\necho after\n",
        "echo $(if); echo no",
    ] {
        for mode in [Mode::File, Mode::Stdin] {
            let root = TempDir::new("comsub-err");
            let bash = run_shell_in_sandbox("bash", &root, mode, script, &[]);
            let jsh = run_shell_in_sandbox(jsh_path(), &root, mode, script, &[]);
            assert_eq!(bash, jsh, "{mode:?} {script:?}");
        }
    }
    let out = common::run_c("echo $(echo a; fi)");
    assert_eq!(out.code(), Some(2), "{}", out.describe());
    assert!(
        out.err()
            .contains("syntax error near unexpected token `fi'"),
        "{}",
        out.describe()
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("echo {}x{}", "$(echo ".repeat(3000), ")".repeat(3000));
    let out = common::run_c(&deep);
    out.assert_no_crash("3000 nested substitutions");
    assert_eq!(out.code(), Some(2), "{}", out.describe());
    assert!(out.err().contains("nested more than"), "{}", out.describe());
    let deep = format!("echo {}x{}", "`echo ".repeat(10), "`".repeat(10));
    common::run_c(&deep).assert_no_crash("backquotes");
    let fine = format!("echo {}x{}", "$(echo ".repeat(20), ")".repeat(20));
    assert_eq!(common::run_c(&fine).out(), "x\n");
}

#[test]
fn one_process_per_substitution() {
    // `$(cmd)` costs one fork: the command's parent is the shell itself.
    let out = common::run_c("x=$(sh -c 'echo $PPID'); [ \"$x\" = $$ ] && echo one-process");
    assert_eq!(out.out(), "one-process\n", "{}", out.describe());
    // The shell keeps no end of the pipe once the substitution is done:
    // its descriptors, listed while it waits for a command that has no
    // redirection (nothing of its own is open then but what it keeps),
    // are the same before and after.
    let list = "sh -c 'ls /proc/$PPID/fd | tr \"\\n\" \" \"; echo'";
    let out = common::run_c(&format!("{list}; x=$(echo a); y=`echo b`; {list}"));
    let text = out.out();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{}", out.describe());
    assert_eq!(lines[0], lines[1], "{}", out.describe());
}

/// With job control on, the substitution's child shares the shell's
/// process group, the terminal's foreground one: a stop signal must not
/// stop it (the shell would wait for its output for ever), nor the
/// programs it runs, as in bash. (bash and dash turn job control off
/// without a terminal, so jsh alone is run here, under `timeout`.)
#[test]
fn stop_signals_are_ignored_in_the_child() {
    let script = "x=$(sh -c 'kill -TSTP $$; echo alive'); echo \"[$x]\"";
    let out = common::Spec::new("timeout", &["10", jsh_path(), "-m", "-c", script]).run();
    assert_eq!(out.out(), "[alive]\n", "{}", out.describe());
    assert_eq!(out.code(), Some(0), "{}", out.describe());
}
