//! The special builtins and the builtins that run or describe commands
//! (issue 10): `eval`, `.`/`source`, `command`, `local`, `readonly`,
//! `umask`, `getopts`, `times`, `type -afptP`, and temporary assignments
//! (issue 9). Each script runs through bash, dash and jsh in `-c`, file
//! and stdin modes; jsh must match bash exactly, and dash's stdout and
//! status where the entry says they agree.
//!
//! Where bash (outside posix mode) and dash differ and POSIX decides,
//! jsh follows POSIX: those scripts are in [`posix`] below, checked
//! against the expected output, and against dash's stdout.

mod common;
#[macro_use]
#[path = "pty/mod.rs"]
mod pty;

use common::{ALL_MODES, Dash, Mode, Observed, TempDir, jsh_path, run_shell_in_sandbox};

use Dash::{Agrees, Differs};

const DASH_NO_ARGS_FOR_DOT: &str = "dash ignores arguments after the file of `.`; \
     POSIX.1-2024 gives `.` none; bash makes them the positional parameters";
const DASH_WORDS: &str = "dash's stdout or status differs only because it words the \
     listing or the error its own way (bash is the reference)";

cases! {
    // temporary assignments
    prefix_assignments_see_earlier_ones: "A=1 B=$A sh -c 'echo $A $B'; echo \"[$A][$B]\"", Agrees;
    prefix_path_looks_up_there: "mkdir d; printf '#!/bin/sh\\necho in-d\\n' > d/tool; chmod +x d/tool; PATH=$PWD/d tool; echo $?; tool 2>/dev/null; echo $?", Agrees;
    prefix_path_not_found: "PATH=/nonexistent ls; echo $?", Agrees;
    prefix_path_for_pipeline_stage: "mkdir d; printf '#!/bin/sh\\necho staged\\n' > d/tool; chmod +x d/tool; PATH=$PWD/d tool | cat", Agrees;
    command_takes_away_special: "A=1 command :; echo \"[$A]\"", Agrees;
    // eval
    eval_joins_arguments: "eval 'echo a;' echo b; x='y=5'; eval $x; echo $y; eval echo '$y'", Agrees;
    eval_status: "eval false; echo $?; eval; echo $?; false; eval ''; echo $?; eval 'exit 3'; echo no", Agrees;
    eval_break_and_return: "for i in 1 2; do eval break; echo no; done; echo out; f() { eval 'return 3'; echo no; }; f; echo $?; for i in 1 2; do eval 'continue'; echo no; done; echo end", Agrees;
    eval_defines_functions: "eval 'f() { echo \"f:$1\"; }'; f x; eval 'for i in 1 2; do echo $i; done'", Agrees;
    eval_runtime_error_line: "eval 'nosuchcmd_j'; echo $?", Agrees;
    // . and source
    dot_returns_and_status: "echo 'echo a; return 4; echo no' > f; . ./f; echo $?; printf 'echo b\\n' > g; . ./g; echo $?", Agrees;
    dot_arguments: "printf 'echo \"in $# $1\"\\n' > f; set -- x y z; . ./f a b; echo \"after $# $1\"; . ./f; echo $1", Differs(DASH_NO_ARGS_FOR_DOT);
    dot_path_search: "mkdir d; echo 'echo found $#' > d/lib; PATH=$PWD/d; . lib; echo $?", Agrees;
    dot_file_need_not_be_executable: "mkdir d; echo 'echo readable' > d/lib; chmod 644 d/lib; PATH=$PWD/d . lib", Agrees;
    dot_directory: ". /; echo $?", Differs("dash reads a directory as an empty file (status 0); bash: error, status 1");
    dot_break_in_loop: "echo break > b; for i in 1 2; do . ./b; echo no; done; echo out", Agrees;
    dot_return_inside_function: "echo 'return 5; echo no' > h; f() { . ./h; echo f$?; }; f; echo $?", Agrees;
    dot_errors_name_the_file: "printf 'echo a\\nnosuchcmd_j\\n' > f; . ./f; echo $?", Agrees;
    dot_defines_for_the_shell: "echo 'v=set; g() { echo g$v; }' > f; . ./f; g; echo $v", Agrees;
    source_is_dot: "echo 'echo sourced $1' > f; source ./f one; echo $?", Differs("`source' is bash's name; dash has only `.'");
    break_too_many_arguments: "for i in 1; do break 1 2; echo no; done; echo $?\necho next $?", Differs("dash ignores the extra argument; bash abandons the line with status 1");
    break_not_numeric_exits: "while true; do break abc; echo no; done; echo $?\necho next", Differs("both exit; dash with status 2, bash with 128");
    continue_not_numeric_exits: "for i in 1; do continue x; echo no; done; echo $?\necho next", Differs("both exit; dash with status 2, bash with 128");
    return_too_many_arguments: "f() { return 1 2 2>/dev/null; echo no; }; f; echo $?\necho next $?", Differs("dash ignores the extra argument; bash abandons the line with status 1");
    // command
    command_bypasses_functions: "ls() { echo fn; }; command ls / > /dev/null && echo ran-ls; ls", Agrees;
    command_v: "f() { :; }; command -v f cd if sh; echo $?; command -v nosuch_j; echo $?; command -v ./nosuch_j; echo $?", Differs("dash's command -v takes one name and fails with 127; bash's takes many and fails with 1; POSIX has one name and leaves the status >0: bash followed");
    command_v_path: "command -v /bin/sh; echo $?; mkdir d; command -v $PWD/d; echo $?; : > plain; command -v ./plain; echo $?", Differs("dash prints any path with a slash; bash only an executable file; POSIX leaves it to the implementation: bash followed");
    command_cap_v: "f() { :; }; command -V cd; command -V sh; command -V if; command -V f; command -V nosuch_j; echo $?", Differs(DASH_WORDS);
    command_p: "PATH=/nonexistent; command -p ls / > /dev/null; echo $?; command -p -v sh", Differs("dash's default PATH puts /usr/bin first; the status agrees");
    command_alone: "command; echo $?; command -p; echo $?; command -- echo dashdash", Agrees;
    command_bad_option: "command -x; echo $?", Differs(DASH_WORDS);
    command_spares_the_shell: "command . ./nonexistent 2>/dev/null; echo next $?; readonly r=1; command unset r 2>/dev/null; echo n2 $?; command eval 'if' 2>/dev/null; echo n3 $?", Differs("dash's status for these errors is 2, bash's 1; both go on (POSIX: `command' makes a special builtin's errors non-fatal)");
    command_builtin_runs_here: "command cd /; pwd; x=1; command eval 'x=2'; echo $x", Agrees;
    // local
    local_dynamic_scope: "x=g; f() { local x=l; echo $x; g; echo $x; }; g() { echo g:$x; x=changed; }; f; echo $x", Agrees;
    local_recursion: "f() { local n=$1; if [ $n = xxx ]; then return; fi; f x$n; echo $n; }; f x", Agrees;
    local_several_and_unset: "f() { local a=1 b c=3; echo \"$a${b-u}$c\"; unset a; echo \"${a-gone}\"; }; a=top; f; echo $a", Agrees;
    local_no_splitting: "v='a  b'; f() { local x=$v; echo \"$x\"; }; f", Agrees;
    local_exported: "export E=g; f() { local E=l; sh -c 'echo $E'; }; f; sh -c 'echo $E'", Agrees;
    local_without_value: "x=g; f() { local x; echo \"[${x-unset}]\"; }; f; echo $x", Differs("dash's `local x' keeps the value x had; bash's is unset; POSIX has no `local', bash followed");
    local_outside_function: "local x=1; echo $?", Differs("dash exits with status 2; bash says so with status 1 and goes on; POSIX has no `local', bash followed");
    local_readonly: "readonly r=1; f() { local r=2 2>/dev/null; echo $?; }; f; echo $r", Differs("dash exits (status 2); bash: error, status 1");
    local_bad_name: "f() { local 1x=2 2>/dev/null; echo $?; }; f", Differs("dash exits (status 2); bash: error, status 1");
    local_attributes: "f() { local -x e=1; local -r r=2; sh -c 'echo $e'; r=3 2>/dev/null; echo $r; }; f 2>/dev/null; echo \"[$e]\"; r=4; echo $r; f() { local -i n; }; f 2>/dev/null; echo $?", Differs("dash's local has no options");
    local_listing: "f() { local a=1 b; local; }; f", Differs("dash's `local' without names lists nothing");
    // readonly
    readonly_listing: "readonly r=1 s; export t=2; readonly t; readonly | grep -E ' (r|s|t)'; readonly -p | grep -c ' r='", Differs("dash lists `readonly r='1''; bash `declare -r r=\"1\"'");
    readonly_value_kept: "readonly r=1; readonly r; echo $r; readonly q; q=2 2>/dev/null; echo never", Differs("dash exits with status 2, bash with 1 (in -c, where bash exits too)");
    readonly_bad_option: "readonly -x; echo $?", Differs(DASH_WORDS);
    // umask
    umask_octal_and_symbolic: "umask 022; umask; umask -S; umask u=rwx,g=rx,o=; umask; umask -S; umask 0777; umask -S; umask a+r; umask; umask go-r; umask; umask =rx,u+w; umask", Agrees;
    umask_applies: "umask 077; : > f; ls -l f | cut -c1-10; umask 0; mkdir d; ls -ld d | cut -c1-10", Agrees;
    umask_p: "umask 027; umask -p; umask -p -S; umask -S 077; umask", Differs("dash's umask has no -p, and prints nothing after -S with a mode");
    umask_errors: "umask 999; echo $?; umask u=q; echo $?; umask abc; echo $?; umask 8; echo $?; umask -x; echo $?; umask", Differs(DASH_WORDS);
    // getopts
    getopts_loop: "set -- -a -b arg -cvalue -- rest; while getopts ab:c: o; do echo \"o=$o OPTARG=${OPTARG-unset} OPTIND=$OPTIND\"; done; echo \"end $? $OPTIND $o\"; shift $((OPTIND-1)); echo \"$@\"", Differs("dash sets OPTARG empty for an option without argument; POSIX says it is unset, as bash does");
    getopts_grouped: "getopts ab o -ab; echo $o $OPTIND; getopts ab o -ab; echo $o $OPTIND; getopts ab o -ab; echo $? \"$o\" $OPTIND", Differs("in `-ab', dash moves OPTIND past the word at its first option, bash after its last; POSIX leaves OPTIND inside a word unspecified: bash followed");
    getopts_errors: "set -- -x -b; while getopts ab: o; do echo \"o=$o ${OPTARG-unset}\"; done", Differs("dash words the errors `Illegal option -x' and `No arg for -b option'");
    getopts_silent: "set -- -x -b; while getopts :ab: o; do echo \"o=$o OPTARG=$OPTARG\"; done", Agrees;
    getopts_reset: "getopts a o -a; echo $o $OPTIND; OPTIND=1; getopts b o -b; echo $o $OPTIND; getopts b o -b x; echo $? \"$o\" $OPTIND", Agrees;
    getopts_past_the_end: "OPTIND=5; getopts a o -a; echo \"$? $o $OPTIND\"; getopts a: o -a -- x; echo \"$? $o [$OPTARG] $OPTIND\"", Differs("dash takes an OPTIND set to anything but 1 as 1; POSIX: unspecified, bash followed");
    getopts_readonly_name: "readonly o; getopts a o -a 2>/dev/null; echo $? $OPTIND", Agrees;
    getopts_usage: "getopts; echo $?; getopts a; echo $?", Differs(DASH_WORDS);
    getopts_not_a_stop: "set -- a -b; getopts b o; echo $? \"$o\" $OPTIND", Agrees;
    // type, help
    type_options: "f() { :; }; type -t f ls cd if nosuch_j; echo $?; type -p ls cd; echo $?; type -P cd; echo $?; type -a echo | head -n 1; type -f f 2>&1; echo $?", Differs("dash's type has no options");
    type_says_hashed: "type sh; command -v sh; sh -c : ; type sh; type -a sh | head -n 1; type -p sh; command -V sh; hash -r; type sh", Differs(DASH_WORDS);
    type_knows_keywords_and_new_builtins: "type if eval . source command local readonly umask getopts times", Differs(DASH_WORDS);
    help_knows_the_new_builtins: "help local getopts . source command readonly umask eval times > /dev/null; echo $?; help | grep -c umask", Differs("dash has no `help'");
}

/// Scripts where jsh follows POSIX against bash outside posix mode: the
/// stdout and status jsh gives in every mode, and why. dash gives the
/// same stdout (its status may differ: dash exits with 2 where bash has
/// 1, and jsh keeps bash's statuses).
const POSIX: &[(&str, &str, &str, i32, &str)] = &[
    (
        "assignment_before_special_builtin_persists",
        "A=1 :; echo \"[$A]\"; B=2 eval 'echo \"in[$B]\"'; echo \"[$B]\"; C=3 true; echo \"[$C]\"",
        "[1]\nin[2]\n[2]\n[]\n",
        0,
        "POSIX 2.15: assignments before a special builtin stay; bash outside posix mode undoes them",
    ),
    (
        "readonly_assignment_exits",
        "readonly r=1; echo before; r=2; echo no",
        "before\n",
        1,
        "POSIX 2.8.1: a variable assignment error exits a non-interactive shell; bash goes on with the next line",
    ),
    (
        "readonly_prefix_assignment_exits",
        "readonly r=1; r=2 echo no; echo no",
        "",
        1,
        "POSIX 2.8.1: a variable assignment error exits; bash runs the command anyway",
    ),
    (
        "readonly_for_variable_exits",
        "readonly r=1; for r in a; do echo no; done; echo no",
        "",
        1,
        "POSIX 2.8.1: a variable assignment error exits; bash goes on",
    ),
    (
        "readonly_arithmetic_assignment_exits",
        "readonly r=1; echo $((r=2)); echo no",
        "",
        1,
        "POSIX 2.8.1: an assignment error exits; bash abandons the line",
    ),
    (
        "readonly_default_assignment_exits",
        "readonly u; echo ${u=3}; echo no",
        "",
        1,
        "POSIX 2.8.1: an assignment error exits; bash abandons the line",
    ),
    (
        "readonly_unset_exits",
        "readonly r=1; unset r; echo no",
        "",
        1,
        "POSIX 2.8.1: an error of a special builtin (unset) exits; bash goes on",
    ),
    (
        "readonly_export_exits",
        "export r=1; readonly r; export r=2; echo no",
        "",
        1,
        "POSIX 2.8.1: an error of a special builtin (export) exits",
    ),
    (
        "readonly_again_exits",
        "readonly r=1; readonly r=2; echo no",
        "",
        1,
        "POSIX 2.8.1: an error of a special builtin (readonly) exits",
    ),
    (
        "dot_not_found_exits",
        ". ./nonexistent; echo no",
        "",
        1,
        "POSIX 2.8.1: an error of a special builtin (.) exits; bash goes on",
    ),
    (
        "dot_does_not_search_the_current_directory",
        "echo 'echo here' > lib; PATH=/nonexistent; . lib; echo no",
        "",
        1,
        "POSIX: `.' searches PATH only; bash outside posix mode tries the current directory too",
    ),
    (
        "dot_syntax_error_exits",
        "printf 'echo in\\nif\\n' > g; . ./g; echo no",
        "in\n",
        2,
        "POSIX 2.8.1: a syntax error exits a non-interactive shell; bash ends only the file",
    ),
    (
        "eval_syntax_error_exits",
        "echo before; eval 'echo a; fi'; echo no",
        "before\n",
        2,
        "POSIX 2.8.1: a syntax error exits; bash ends only the eval",
    ),
];

#[test]
fn posix_where_bash_differs() {
    for &(name, script, stdout, status, why) in POSIX {
        assert!(!why.is_empty());
        for &mode in ALL_MODES {
            let root = TempDir::new("special");
            let jsh = run_shell_in_sandbox(jsh_path(), &root, mode, script, &[]);
            assert_eq!(
                (jsh.stdout.as_str(), jsh.status),
                (stdout, status),
                "{name} ({mode:?}): jsh\n{script}\n{jsh:?}"
            );
            let dash = run_shell_in_sandbox("dash", &root, mode, script, &[]);
            assert_eq!(
                dash.stdout, stdout,
                "{name} ({mode:?}): dash\n{script}\n{dash:?}"
            );
        }
    }
}

fn jsh_mode(mode: Mode, script: &str) -> Observed {
    let root = TempDir::new("special-msg");
    run_shell_in_sandbox(jsh_path(), &root, mode, script, &[])
}

#[test]
fn fatal_errors_say_what_bash_says() {
    // bash's words for the errors POSIX makes fatal (bash in posix mode
    // says the same and exits too).
    let cases = [
        ("readonly r=1; r=2", "SHELL: line 1: r: readonly variable\n"),
        (
            "readonly r=1; unset r",
            "SHELL: line 1: unset: r: cannot unset: readonly variable\n",
        ),
        (
            ". ./nonexistent",
            "SHELL: line 1: ./nonexistent: No such file or directory\n",
        ),
        (
            ".",
            "SHELL: line 1: .: filename argument required\n.: usage: . filename [arguments]\n",
        ),
        (
            "eval 'echo a; fi'",
            "SHELL: eval: line 1: syntax error near unexpected token `fi'\n\
             SHELL: eval: line 1: `echo a; fi'\n",
        ),
        (
            "eval 'if'",
            "SHELL: eval: line 2: syntax error: unexpected end of file\n",
        ),
        (
            "echo 'if' > g; . ./g",
            "./g: line 2: syntax error: unexpected end of file\n",
        ),
    ];
    for (script, err) in cases {
        let out = jsh_mode(Mode::DashC, script);
        assert_eq!(out.stderr, err, "{script}");
    }
}

#[test]
fn times_prints_two_lines_of_minutes_and_seconds() {
    let out = jsh_mode(Mode::DashC, "times; echo $?");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{out:?}");
    for line in &lines[..2] {
        let fields: Vec<&str> = line.split(' ').collect();
        assert_eq!(fields.len(), 2, "{line}");
        for f in fields {
            let (m, s) = f.split_once('m').expect("NmS.SSSs");
            assert!(m.parse::<u64>().is_ok(), "{f}");
            let s = s.strip_suffix('s').expect("ends in s");
            let (whole, frac) = s.split_once('.').expect("seconds.millis");
            assert!(whole.parse::<u64>().is_ok() && frac.len() == 3, "{f}");
        }
    }
    assert_eq!(lines[2], "0");
}

terms!(errors_at_the_prompt_do_not_end_the_shell);

/// What is fatal to a script only abandons the line at the prompt (POSIX:
/// an interactive shell shall not exit), as in bash.
fn errors_at_the_prompt_do_not_end_the_shell(term: &str) {
    let mut sh = pty::Shell::start(term);
    let out = sh.run("readonly r=1; r=2; echo same-line");
    assert!(out.contains("r: readonly variable"), "{out:?}");
    assert!(!out.contains("same-line"), "{out:?}");
    assert_eq!(sh.status(), 1);
    let out = sh.run(". ./nonexistent-file; echo after-dot $?");
    assert!(
        out.contains("nonexistent-file: No such file or directory"),
        "{out:?}"
    );
    assert!(out.contains("after-dot 1"), "{out:?}");
    let out = sh.run("eval 'echo a; fi'; echo after-eval $?");
    assert!(
        out.contains("syntax error near unexpected token"),
        "{out:?}"
    );
    assert!(out.contains("after-eval 2"), "{out:?}");
    assert_eq!(sh.run("echo $r"), "1\n");
}
