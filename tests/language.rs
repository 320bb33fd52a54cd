//! The POSIX command language (issue 9): compound commands, functions,
//! `break`/`continue`/`return`. Each script runs through bash, dash and
//! jsh in `-c`, file and stdin modes. jsh must match bash exactly (stdout,
//! stderr modulo the `bash:`/`jsh:` prefix, status); where bash and dash
//! agree (`Dash::Agrees`), jsh must also match dash's stdout and status
//! (dash words its errors differently, so stderr is not compared). Where
//! they differ, the entry says why and which one POSIX picks.

mod common;

use common::Dash;
use common::{ALL_MODES, Mode, TempDir, jsh_path, run_shell_in_sandbox};

use Dash::{Agrees, Differs};

const NOT_IN_DASH_SYNTAX_ERRORS: &str = "dash words syntax errors `Syntax error: \"fi\" \
     unexpected' and exits 2 as bash does; only the wording differs, so stdout and status \
     are compared with bash, which the issue takes as the reference";

cases! {
    // if / elif / else
    if_runs_one_branch: "if false; then echo A; else echo B; fi; echo $?", Agrees;
    if_without_branch_is_zero: "if false; then echo A; fi; echo $?", Agrees;
    if_elif_chain: "if false; then :; elif false; then :; elif true; then echo third; else echo no; fi", Agrees;
    if_condition_status_seen_in_else: "if (exit 3); then :; else echo st=$?; fi", Agrees;
    if_over_lines: "if true\nthen\n  echo multi\n\nfi\n# comment\nif false\nthen echo no\nelse\n echo yes\nfi", Agrees;
    if_status_is_body_status: "if true; then (exit 4); fi; echo $?", Agrees;
    // for
    for_words: "for x in a 'b c' d; do echo \"[$x]\"; done", Agrees;
    for_empty_list: "false; for x in; do echo never; done; echo $?", Agrees;
    for_positional: "set -- p q; for x; do echo $x; done; for y do echo $y; done; for z\ndo echo $z; done", Agrees;
    for_expands_and_splits: "v='1 2'; for x in $v \"$v\" a*; do echo \"<$x>\"; done", Agrees;
    for_var_stays_set: "for x in a b; do :; done; echo $x", Agrees;
    for_bad_name: "for 1 in a; do echo; done; echo $?", Differs("dash rejects it when parsing (status 2); bash at run time with status 1; POSIX leaves it unspecified");
    // while / until
    while_loop: "set -- a b c; while [ $# -gt 0 ]; do echo $1; shift; done; echo $?", Agrees;
    until_loop: "until false; do echo once; break; done", Agrees;
    while_never_runs_status_zero: "false; while false; do :; done; echo $?", Agrees;
    while_status_is_last_body: "set -- a; while [ $# -gt 0 ]; do shift; (exit 6); done; echo $?", Agrees;
    // break / continue
    break_and_continue: "for i in 1 2 3 4 5; do if [ $i = 2 ]; then continue; fi; if [ $i = 4 ]; then break; fi; echo $i; done; echo after", Agrees;
    continue_n: "for i in a b; do for j in 1 2; do if [ $j = 2 ]; then continue 2; fi; echo $i$j; done; echo never; done", Agrees;
    break_n_beyond_loops: "for i in a b; do for j in 1 2; do echo $i$j; break 5; done; done; echo out", Agrees;
    break_in_while_condition: "while break; do echo never; done; echo $?", Agrees;
    break_outside_loop: "break; echo $?; continue; echo $?", Differs("dash says nothing; bash warns on stderr; both go on with status 0");
    break_zero: "for i in 1; do break 0; echo in; done; echo $?", Differs("dash: `Illegal number' and exit 2; bash breaks with status 1; POSIX: n >= 1, else unspecified");
    // case
    case_basic: "x=ab; case $x in a) echo a;; ab|cd) echo ab;; *) echo star;; esac", Agrees;
    case_quoted_patterns: "case 'a*' in 'a*') echo quoted;; esac; case ab in \"a*\") echo no;; a*) echo yes;; esac", Agrees;
    case_paren_and_empty: "case x in (x) echo paren;; esac; false; case y in esac; echo $?", Agrees;
    case_fallthrough: "case foo in f*) echo one;& b*) echo two;; *) echo three;; esac", Differs("`;&' is POSIX.1-2024; dash 0.5 predates it");
    case_empty_arm_status: "false; case z in a) ;; z) ;; esac; echo $?", Agrees;
    case_arm_status: "case a in a) false;; esac; echo $?", Agrees;
    case_pattern_from_variable: "p='*'; case abc in $p) echo glob;; esac; case '*' in \"$p\") echo lit;; esac; case x in \"$p\") echo no;; esac", Agrees;
    case_over_lines: "case b in\n  a)\n    echo a\n    ;;\n  b) echo b\n  ;;\nesac", Agrees;
    case_last_arm_without_dsemi: "case a in a) echo last\nesac", Agrees;
    case_test_next: "case ab in a*) echo 1;;& *b) echo 2;;& x) echo 3;; esac", Differs("`;;&' is bash's; dash has no such operator");
    // { } and ( )
    brace_redirected: "{ echo a; echo b; } > out; cat out", Agrees;
    brace_stderr_into_pipe: "{ echo a; echo b >&2; } 2>&1 | tr a-z A-Z", Agrees;
    brace_in_and_or: "{ echo x; } && echo y || echo z; ! { false; }; echo $?", Agrees;
    subshell_status: "( echo sub; exit 3 ); echo $?", Agrees;
    subshell_isolates: "x=1; ( x=2; echo $x ); echo $x; ( cd /; pwd ); pwd | grep -c work", Agrees;
    // `( cmd )` becomes cmd: no second fork, so cmd's parent is the shell.
    subshell_execs_its_command: "( sh -c 'echo $PPID' ) > f; echo $$ > g; cmp -s f g && echo exec-in-place", Agrees;
    subshell_in_pipeline: "( echo a; echo b ) | wc -l; echo x | ( cat; echo y )", Agrees;
    compound_pipeline_stages: "for i in 1 2; do echo $i; done | cat; while true; do echo w; break; done | cat; if true; then echo a; fi | tr a A", Agrees;
    compound_redirections: "if true; then echo a; fi > out; cat out; for i in 1 2; do echo $i; done > out; cat out; case a in a) echo c;; esac >> out; cat out", Agrees;
    pipeline_status_compound_last: "{ false; } | true; echo $?; true | { false; }; echo $?", Agrees;
    nested_everything: "for i in 1 2; do case $i in 1) if true; then { echo one; }; fi;; *) while true; do ( echo other ); break; done;; esac; done", Agrees;
    reserved_words_as_arguments: "echo if then else fi do done case esac { } in", Agrees;
    reserved_after_compound: "if true; then { echo nested; } fi; if (true) then echo sub; fi", Agrees;
    reserved_words_where_commands_start: "if if true; then :; fi; then echo nested-if; fi; if ! { false; }; then echo y; fi; while ! false; do break; done; echo w", Agrees;
    reserved_words_elsewhere_are_words: "for do in a; do echo $do; done; case in in in) echo in;; esac; { echo }; }", Agrees;
    comments_and_blank_lines_inside: "if true; then # comment\n\n echo c # more\n\nfi # end\nwhile false\ndo\n:\ndone\necho $?\ncase a in\n# c\n(a) echo A\n;;\nesac", Agrees;
    // functions
    function_args_and_return: "f() { echo \"f:$1:$#\"; return 4; }; f one two; echo $?; echo \"[$1]\"", Agrees;
    function_redefined: "f() { echo in; }; f; f() { echo redefined; }; f", Agrees;
    function_return_keeps_status: "f() { false; return; }; f; echo $?", Agrees;
    function_return_from_loop: "f() { for i in 1 2 3; do if [ $i = 2 ]; then return 7; fi; echo $i; done; }; f; echo $?", Agrees;
    function_redirection: "f() { echo body; } > out; f; cat out", Agrees;
    function_subshell_body: "f() ( echo subshellfn; exit 5 ); f; echo $?", Agrees;
    function_positional_restored: "set -- a b; f() { echo $#; set -- z; }; f x y z; echo $# $1", Agrees;
    function_before_path: "ls() { echo not-ls; }; ls; unset -f ls; ls out 2>/dev/null; echo $?", Agrees;
    function_in_pipeline: "f() { echo piped; }; f | tr a-z A-Z; echo x | { f; cat; }", Agrees;
    function_recursion: "f() { if [ $1 = xxxxx ]; then echo deep; return; fi; f x$1; }; f x", Agrees;
    function_over_lines: "f()\n{\n  echo a\n}\nf", Agrees;
    function_keyword: "function f { echo kw; }; f; function g() { echo kw2; }; g", Differs("`function' is bash's (and ksh's); dash has no such word");
    function_shift_and_globals: "f() { shift; echo $#; x=in; }; x=out; f a b c; echo $x", Agrees;
    return_status_wraps: "f() { return 300; }; f; echo $?; g() { return -1; }; g; echo $?", Differs("dash rejects numbers outside 0..255 (`Illegal number'); bash takes them modulo 256; POSIX leaves them unspecified");
    unset_f: "f() { echo a; }; unset -f f; f 2>/dev/null; echo $?", Agrees;
    return_outside_function: "return; echo $?", Differs("dash: return at top level ends the -c string (status 0); bash: error and status 2");
    type_function: "f() { echo a; }; type f | head -n 1", Differs("dash says `f is a shell function'");
    // `type` prints the body laid out as bash does.
    type_function_body: "f() { a && b; if a; b; then c; d; fi; until x; do y; done; a | { b; c; }; x=1 y 2>&1 >o; while a; do if b; then c; fi; done; case $x in a) b; c;; esac; ! a; { a; b; } & c; g() { h; }; }; type f", Differs("dash prints no body");
    type_function_body_more: "f() { ( a; b ); ( c ) > o; for i do x; done; case a in a|b) ;; esac; if a; then b; elif c; then d; else e; fi; echo \"q $x\" 's' \\$y; }; type f\nf() ( a; b ); type f; g() { a & }; type g; h() { a; b & } 2>/dev/null; type h", Differs("dash prints no body");
    // bash names the place `environment' here; the message is checked below.
    funcnest: "FUNCNEST=3; f() { echo $1; f x$1; }; f x 2>/dev/null; echo $?", Differs("FUNCNEST is bash's");
    exit_in_loop: "for i in 1 2; do exit 3; done; echo no", Agrees;
    exit_in_function: "f() { exit 4; }; f; echo no", Agrees;
    exit_in_subshell_only: "( exit 5; echo no ); echo $?", Agrees;
    break_in_subshell_in_loop: "for i in 1 2; do (break; echo no); echo $i; done", Differs("dash leaves the subshell; bash says no loop encloses it there and goes on; POSIX 2.15: a loop encloses only a break in its own execution environment, else unspecified: bash followed");
    compound_redirection_fails: "{ echo no; } > /nonexistent/x; echo $?\nfor i in 1; do echo no; done 2>/nonexistent/y; echo $?", Differs("only the wording of the error differs");
    function_prefix_assignment: "f() { echo \"[$v]\"; }; v=1 f; echo \"[$v]\"", Agrees;
    background_compound_and_wait: "for i in 1 2; do echo bg$i; done > out & wait; cat out; { echo b; } & wait $!; echo $?", Agrees;
    loop_in_function_in_loop: "f() { for j in x y; do echo $1$j; break; done; }; for i in 1 2; do f $i; done", Agrees;
    case_in_pipeline_reads: "echo hello | { case x in x) cat;; esac; }", Agrees;
    // syntax errors
    error_empty_then: "if true; then fi", Differs(NOT_IN_DASH_SYNTAX_ERRORS);
    error_missing_fi: "if true; then echo", Differs(NOT_IN_DASH_SYNTAX_ERRORS);
    error_missing_done: "while true; do\n echo", Differs(NOT_IN_DASH_SYNTAX_ERRORS);
    error_empty_brace: "{ }", Differs(NOT_IN_DASH_SYNTAX_ERRORS);
    error_empty_subshell: "( )", Differs(NOT_IN_DASH_SYNTAX_ERRORS);
    error_stray_fi: "echo a; fi", Differs(NOT_IN_DASH_SYNTAX_ERRORS);
    error_stray_done_later: "echo first\nfor i in 1; do echo $i; done; done", Differs(NOT_IN_DASH_SYNTAX_ERRORS);
    error_open_case: "case a in a) echo ;;", Differs(NOT_IN_DASH_SYNTAX_ERRORS);
    error_function_simple_body: "f() echo", Differs(NOT_IN_DASH_SYNTAX_ERRORS);
    error_two_braces: "{ echo a; } { echo b; }", Differs(NOT_IN_DASH_SYNTAX_ERRORS);
    error_semi_amp_outside_case: "echo a;& echo b", Differs(NOT_IN_DASH_SYNTAX_ERRORS);
}

#[test]
fn modes_are_all_covered() {
    // The table runs in every mode the other differential files do.
    assert_eq!(ALL_MODES, &[Mode::DashC, Mode::Stdin, Mode::File]);
}

fn jsh(script: &str) -> common::Output {
    common::run_c(script)
}

#[test]
fn funcnest_message() {
    let out = jsh("FUNCNEST=3; f() { f; }; f; echo next $?\necho after");
    assert_eq!(
        out.err(),
        "jsh: line 1: f: maximum function nesting level exceeded (3)\n"
    );
    // As in bash, the line that went too deep is abandoned.
    assert_eq!(out.out(), "after\n");
}

#[test]
fn endless_recursion_is_an_error_not_a_crash() {
    // bash has no limit by default and dies of SIGSEGV; jsh stops at
    // 1000 calls (dash's limit) or before its stack runs out.
    let out = jsh("f() { f; }; f; echo status $?");
    out.assert_no_crash("endless recursion");
    assert!(
        out.err()
            .contains("f: maximum function nesting level exceeded"),
        "{}",
        out.describe()
    );
    // The line is abandoned (as bash does past FUNCNEST), with status 1.
    assert_eq!(out.code(), Some(1), "{}", out.describe());
    // With a small stack the stack bound comes first, still cleanly.
    let small = common::Spec::new(
        "sh",
        &[
            "-c",
            &format!(
                "ulimit -s 1024; {} -c 'f() {{ f; }}; f; echo status $?'",
                common::jsh_path()
            ),
        ],
    )
    .run();
    small.assert_no_crash("recursion on a 1 MiB stack");
    assert!(
        small
            .err()
            .contains("maximum function nesting level exceeded"),
        "{}",
        small.describe()
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // bash nests as deep as its stack lets it; jsh refuses past a bound
    // set from the stack limit, with a syntax error (status 2).
    let deep = format!("{}echo deep; {}", "{ ".repeat(3000), "} ".repeat(3000));
    let out = jsh(&deep);
    out.assert_no_crash("3000 nested braces");
    assert!(
        out.err().contains("compound commands nested more than"),
        "{}",
        out.describe()
    );
    assert_eq!(out.code(), Some(2), "{}", out.describe());
    // A depth real scripts use runs.
    let fine = format!(
        "{}echo deep; {}",
        "if true; then ".repeat(20),
        "fi; ".repeat(20)
    );
    assert_eq!(jsh(&fine).out(), "deep\n");
}

#[test]
fn forked_shell_keeps_no_private_descriptors() {
    // A brace group in a pipeline runs in a forked shell: the script jsh
    // reads (its descriptor above 9) is closed there.
    let root = TempDir::new("lang-fds");
    let script = "{ sh -c 'ls -l /proc/$PPID/fd > fds'; true; } | cat\n\
                  grep -c script.sh fds\n";
    let out = run_shell_in_sandbox(jsh_path(), &root, Mode::File, script, &[]);
    assert_eq!(out.stdout, "0\n", "{out:?}");
}
