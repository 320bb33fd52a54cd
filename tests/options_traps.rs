//! Shell options (`set -e -u -x -v -n -f -C -a`, `-o pipefail`, `set -o`
//! and `set +o`, the same letters on jsh's command line) and `trap`
//! (issue 10). Each script runs through bash, dash and jsh in `-c`, file
//! and stdin modes: jsh must match bash exactly (stdout, stderr modulo the
//! `bash:`/`jsh:` prefix, status), and dash's stdout and status where the
//! entry says they agree.

mod common;

use common::Dash;
use common::{Spec, jsh_path};

use Dash::{Agrees, Differs};

const DASH_WORDS: &str = "dash words its listings and messages its own way (`trap -- 'x' INT`, \
     `parameter not set`); POSIX leaves the format of those open, bash is the reference";

cases! {
    // set -e and its exemptions (POSIX 2.8.1, bash)
    errexit_stops_at_failure: "set -e; echo a; false; echo never", Agrees;
    errexit_if_condition_exempt: "set -e; if false; then echo no; fi; echo after-if", Agrees;
    errexit_elif_condition_exempt: "set -e; if false; then :; elif false; then :; else echo else; fi; echo ok", Agrees;
    errexit_while_until_conditions_exempt: "set -e; while false; do :; done; until true; do :; done; echo loops", Agrees;
    errexit_and_or_all_but_last: "set -e; false && echo no; false || echo yes; true && false || echo rescued; echo after", Agrees;
    errexit_last_of_and_list_exits: "set -e; true && false; echo never", Agrees;
    errexit_negation_exempt: "set -e; ! true; echo still; ! false; echo here", Agrees;
    errexit_compound_of_exempt_is_not_failure: "set -e; { false && true; }; echo brace; if true; then false || true; fi; echo if", Agrees;
    errexit_in_brace_body: "set -e; { echo in; false; echo never; }; echo never2", Agrees;
    errexit_in_loop_body: "set -e; for i in 1 2; do echo $i; false; done; echo never", Agrees;
    errexit_pipeline_last_decides: "set -e; false | true; echo survived; true | false; echo never", Agrees;
    errexit_subshell_exits_then_parent: "set -e; (echo sub; false; echo never); echo never2", Agrees;
    errexit_subshell_in_condition: "set -e; if (false; echo ignored-inside); then echo t; fi; echo after", Agrees;
    errexit_function_body: "set -e; f() { echo f; false; echo never; }; f; echo never2", Agrees;
    errexit_function_in_condition: "set -e; f() { false; echo goes-on; }; if f; then echo t; fi; f || echo no; echo end", Agrees;
    // bash quirk kept: the call `f` is itself a failed simple command.
    errexit_function_returning_failure: "set -e; f() { false && true; }; f; echo never", Agrees;
    errexit_status_is_the_failure: "set -e; sh -c 'exit 7'; echo never", Agrees;
    errexit_off_again: "set -e; set +e; false; echo on", Agrees;
    errexit_background_never: "set -e; false & wait; echo bg", Agrees;
    errexit_exit_trap_runs: "trap 'echo trap $?' EXIT; set -e; false; echo never", Agrees;
    errexit_case_body: "set -e; case a in a) false;; esac; echo never", Agrees;
    errexit_failed_redirection: "set -e; echo x > /nonexistent/f; echo never", Differs("dash words the error `cannot create`; same stdout and status");

    // set -u
    nounset_plain: "set -u; echo before; echo $nope; echo never", Differs(DASH_WORDS);
    nounset_length: "set -u; echo ${#nope}", Differs(DASH_WORDS);
    nounset_braced_in_quotes: "set -u; echo \"a${nope}b\"", Differs(DASH_WORDS);
    nounset_defaults_are_fine: "set -u; x=; echo \"[$x]\" ${y:-d} ${y+alt} ${z=b}; echo $z", Agrees;
    nounset_at_and_star_exempt: "set -u; echo \"[$@]\" \"[$*]\" $# ; set -- a; echo $1 $@", Agrees;
    nounset_positional: "set -u; echo $1", Differs(DASH_WORDS);
    // (Only that it fails: under -c bash's `( )` exits 1 here, a pipeline
    // element 127, which jsh does not tell apart yet.)
    nounset_in_subshell: "set -u; (echo $nope) || echo sub-failed", Differs(DASH_WORDS);
    nounset_arithmetic: "set -u; echo $((nope + 1))", Differs(DASH_WORDS);
    nounset_for_words: "set -u; for i in a $nope; do echo $i; done", Differs(DASH_WORDS);
    nounset_off: "set -u; set +u; echo \"[$nope]\"", Agrees;

    // set -x
    xtrace_quoting: "set -x; echo 'a b' '' \"it's\" '$x' 'a\\b' x# '#x' a=b '*' %", Differs("dash does not quote the traced words");
    xtrace_assignments: "set -x; x=1 y='a b'; x=2 echo hi", Differs("dash does not quote the traced words");
    xtrace_ps4_expanded: "x=7; PS4='[$x] '; set -x; echo hi; set +x; echo off", Differs("dash traces `set +x` too but expands PS4 the same");
    // (Not a pipeline: its stages trace from two processes, in either order.)
    xtrace_function: "f() { echo in-f; }; set -x; f arg; { echo braced; }", Differs("dash does not trace the function call line the same");
    xtrace_for_and_case_as_written: "set -- p q; x=1; set -x; for i in $x \"$x\" 'a b'; do :; done; for j; do :; done; case $x in 1) echo one;; esac", Differs("dash does not trace `for` and `case` heads");
    xtrace_off: "set -x; set +x; echo quiet", Differs("dash traces `set +x` itself");

    // set -v, -n, -f, -C, -a
    verbose_echoes_lines: "set -v\necho one\necho two", Differs("under -c bash and dash echo the rest of the string as one line, alike");
    noexec_checks_only: "echo run; set -n; echo not-run; exit 3", Agrees;
    noexec_still_finds_syntax_errors: "set -n; echo a; if then", Differs("dash words its syntax errors its own way");
    noglob: "touch a1 a2; set -f; echo a*; set +f; echo a*", Agrees;
    noglob_in_for_and_redirect: "set -f; for f in *; do echo \"$f\"; done; echo x > *; cat '*'", Agrees;
    noclobber_refuses: "echo a > f; set -C; echo b > f; echo st=$?; cat f", Differs("dash words it `cannot create f: File exists`");
    noclobber_pipe_overrides: "echo a > f; set -C; echo b >| f; cat f; echo c >> f; cat f", Agrees;
    noclobber_new_file_and_devnull: "set -C; echo new > g; cat g; echo quiet > /dev/null; echo ok", Agrees;
    noclobber_and_out_err: "echo a > f; set -C; echo b &> f; echo st=$?; cat f", Differs("`&>` is bash's; dash reads `echo b &` then `> f`");
    allexport: "set -a; x=1; sh -c 'echo x=$x'; set +a; y=2; sh -c 'echo y=$y'", Agrees;

    // set -o / set +o, $-
    set_o_lists_supported: "set -o | grep -E '^(allexport|errexit|noglob|nounset|pipefail|xtrace) '", Differs("dash lists its options in its own format");
    set_o_shows_changes: "set -e -o pipefail -u; set -o | grep -E '^(errexit|nounset|pipefail) '", Differs("dash lists its options in its own format");
    set_plus_o_commands: "set -e -o pipefail; set +o | grep -E ' (errexit|pipefail|xtrace)$' > saved; set +e +o pipefail; sh -c 'cat saved'", Differs("dash has no pipefail to list");
    dollar_dash_letters: "set -eu; case $- in *e*) echo e;; esac; case $- in *u*) echo u;; esac; set +e; case $- in *e*) echo still;; *) echo off;; esac", Agrees;
    set_bad_option_name: "set -o nosuch; echo $?", Differs("dash words it `Illegal option -o nosuch` and exits");
    set_dash_alone_turns_off_x: "set -x; set - a b; echo $# $1", Differs("dash traces `set - a b` too");

    // -o pipefail
    pipefail_last_failure: "set -o pipefail; false | true; echo $?; (exit 3) | (exit 4) | true; echo $?; true | true; echo $?", Differs("pipefail is POSIX.1-2024; dash 0.5 predates it");
    pipefail_off: "set -o pipefail; set +o pipefail; false | true; echo $?", Differs("dash 0.5 has no pipefail");
    pipefail_with_errexit: "set -eo pipefail; false | true; echo never", Differs("dash 0.5 has no pipefail");

    // trap
    trap_exit_at_end: "trap 'echo bye' EXIT; echo main", Agrees;
    trap_exit_on_exit_status: "trap 'echo bye $?' EXIT; exit 3", Agrees;
    trap_exit_may_change_status: "trap 'exit 5' EXIT; exit 3", Agrees;
    trap_exit_zero_name: "trap 'echo zero' 0; echo main", Agrees;
    trap_exit_in_subshell: "( trap 'echo sub-exit' EXIT; echo in ); echo out", Agrees;
    trap_exit_not_inherited_by_subshell: "trap 'echo parent-exit' EXIT; ( echo child ); echo after", Agrees;
    trap_exit_from_function_exit: "trap 'echo bye' EXIT; f() { exit 4; }; f; echo never", Agrees;
    trap_exit_before_death_by_signal: "trap 'echo bye $?' EXIT; kill $$; echo never", Differs("dash dies of the signal without running the EXIT action (POSIX leaves it open); bash runs it first");
    trap_exit_before_death_in_wait: "trap 'echo bye' EXIT; sleep 1 & (sleep 0.2; kill -TERM $$) & wait %1; echo never", Differs("dash dies of the signal without running the EXIT action");
    trap_exit_with_caught_signal_goes_on: "trap 'echo bye' EXIT; trap 'echo term' TERM; kill $$; echo goes-on", Agrees;
    trap_signal_runs_between_commands: "trap 'echo got USR1' USR1; kill -USR1 $$; echo after", Agrees;
    trap_names_and_numbers: "trap 'echo one' SIGUSR1; kill -USR1 $$; trap 'echo two' usr1; kill -s USR1 $$; trap 'echo hup' 1; kill -HUP $$; echo end", Differs("dash accepts neither `SIGUSR1` nor lowercase names (POSIX leaves them open); bash does");
    trap_keeps_status: "trap 'false' USR1; true; kill -USR1 $$; echo st=$?", Agrees;
    trap_listing: "trap 'echo a' INT TERM; trap \"echo it's\" USR1; trap '' QUIT; trap; trap -p INT", Differs(DASH_WORDS);
    trap_reset_dash: "trap 'echo a' INT USR1; trap - INT; trap", Differs(DASH_WORDS);
    trap_reset_numbers: "trap 'echo a' INT QUIT; trap 2 3; trap; echo st=$?", Agrees;
    trap_reset_single_operand: "trap 'echo a' USR1; trap USR1; trap; echo done", Agrees;
    trap_reset_restores_default: "trap 'echo caught' TERM; trap - TERM; kill $$; echo never", Agrees;
    trap_invalid_signal: "trap 'echo x' FOO USR1; echo st=$?; trap", Differs(DASH_WORDS);
    trap_invalid_option: "trap -z; echo st=$?", Differs(DASH_WORDS);
    trap_p_invalid: "trap -p NOPE; echo st=$?", Differs(DASH_WORDS);
    // POSIX.1-2024 lets `$(trap)` show the parent's traps; bash lists
    // them in any subshell until it sets one of its own. dash lists none.
    trap_listed_in_subshell: "trap 'echo x' INT; trap '' QUIT; (trap); echo --; trap | cat; echo --; (trap 'echo y' USR1; trap)", Differs(DASH_WORDS);
    trap_action_syntax_error: "trap 'if' USR1; kill -USR1 $$; echo after $?; trap 'echo a; fi' USR1; kill -USR1 $$; echo end", Differs(DASH_WORDS);
    trap_ignored_survives: "trap '' USR1; kill -USR1 $$; echo alive", Agrees;
    trap_ignored_inherited_by_children: "trap '' USR1; sh -c 'kill -USR1 $$; echo child-alive'; echo parent", Agrees;
    trap_caught_reset_in_children: "trap 'echo parent-trap' USR1; sh -c 'kill -USR1 $$; echo never'; echo st=$?", Agrees;
    trap_subshell_resets_caught: "trap 'echo parent-trap' USR1; ( kill -USR1 $$ ; echo sub-alive ); echo st=$?", Agrees;
    trap_subshell_keeps_ignored: "trap '' USR1; ( sh -c 'kill -USR1 $PPID'; echo sub-alive ); echo st=$?", Agrees;
    trap_interrupts_wait: "trap 'echo got' USR1; sleep 5 & (sleep 0.3; kill -USR1 $$) & wait %1; echo st=$?; kill %1", Differs("dash does not cut `wait` short for the trap's signal the same (it waits on)");
    trap_action_in_loop: "n=0; trap 'n=$((n+1))' USR1; for i in 1 2 3; do kill -USR1 $$; done; echo $n", Agrees;
    trap_exit_runs_once: "trap 'echo bye; exit 2' EXIT; exit 1", Agrees;
    trap_dash_dash: "trap -- 'echo dd' EXIT; echo main", Agrees;
    trap_l_lists_signals: "trap -l | grep -c USR1", Differs("dash has no `trap -l`");
}

/// `jsh -e FILE`, `jsh -x -c`, `jsh -o pipefail -c`: the letters and names
/// of `set` on the command line, compared with bash's answer.
#[test]
fn command_line_options() {
    common::only_standard_fds();
    let dir = common::TempDir::new("optcli");
    let script = dir.write("s.sh", b"echo a\nfalse\necho never\n");
    let script = script.to_str().expect("utf-8 temp path");
    let cases: &[&[&str]] = &[
        &["-e", script],
        &["-x", "-c", "echo 'a b'"],
        &["-o", "pipefail", "-c", "false | true; echo $?"],
        &["-u", "-c", "echo $nope"],
        &["-eu", "-c", "case $- in *e*u*|*u*e*) echo both;; esac"],
        &["-n", "-c", "echo never"],
        &["-f", "-c", "echo /*"],
        &["-o", "nosuch", "-c", "echo never"],
    ];
    for args in cases {
        let run = |shell: &str| {
            let out = Spec::new(shell, args).run();
            let err = common::normalize_prefix(&out.err());
            (out.out(), out.shell_status(), err)
        };
        let (bash, jsh) = (run("bash"), run(jsh_path()));
        if args.contains(&"nosuch") {
            // bash words it `bash: bash: nosuch: ...`; only the status
            // and that it runs nothing are compared.
            assert_eq!((&bash.0, bash.1), (&jsh.0, jsh.1), "{args:?}");
            assert!(
                jsh.2.contains("nosuch: invalid option name"),
                "{args:?}: {}",
                jsh.2
            );
            continue;
        }
        assert_eq!(bash, jsh, "{args:?}");
    }
}
