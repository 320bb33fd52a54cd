//! Command substitution without a fork (issue 11): a body of builtins,
//! functions and assignments runs in the shell itself, and whatever it
//! does is invisible afterwards, exactly as if it had run in a forked
//! subshell; a body that runs a program forks as before, transparently.
//!
//! The differential cases run through bash (and dash where POSIX speaks)
//! in `-c`, file and stdin modes (see tests/common): each shows, for one
//! builtin that changes state, that nothing leaks out of `$(...)`. Then
//! jsh alone: evidence that no process is made (`/proc/self` read inside
//! names the shell; `strace` sees no fork), and Ctrl+C at the prompt.

mod common;
#[macro_use]
#[path = "pty/mod.rs"]
mod pty;
#[path = "skip/mod.rs"]
mod skip;

use common::{Dash, Spec, jsh_path};

use Dash::{Agrees, Differs};

const BASHISM: &str = "a bash builtin or option that dash does not have";
const DASH_WORDS: &str = "dash words this message its own way; stdout and status are \
     compared with bash, the reference";

cases! {
    // Variables, and what hangs on them.
    assignments_stay_inside: "x=1; y=$(x=2; z=3; echo $x); echo $x $y ${z-unset}", Agrees;
    unset_stays_inside: "a=1; x=$(unset a; echo ${a-gone}); echo $a $x", Agrees;
    export_stays_inside: "x=$(export E=1; echo ${E-no}); echo $x ${E-unset}; sh -c 'echo ${E-unexported}'", Agrees;
    exported_value_comes_back: "E=0; export E; x=$(E=1; echo $E); echo $x; sh -c 'echo $E'", Agrees;
    readonly_stays_inside: "x=$(readonly q=2; echo $q); echo $x; q=3; echo $q", Agrees;
    ifs_comes_back: "x=$(IFS=:; echo in); set -- $(echo 'a b'); echo $# $x", Agrees;
    path_comes_back: "x=$(PATH=/nowhere; echo in); sh -c 'echo found'; echo $x", Agrees;
    local_stays_inside: "f() { local v=f; x=$(local v=sub; w=1; echo $v); echo $v $x ${w-unset}; v=after; }; v=g; f; echo $v", Agrees;
    local_of_the_caller_kept: "f() { local v=f; x=$(v=sub); v2=$v; }; v=g; f; echo $v $v2", Agrees;
    random_is_its_own: "RANDOM=5; a=$(echo $RANDOM); b=$(echo $RANDOM); c=$RANDOM; RANDOM=5; d=$RANDOM; [ $a != $b ] && echo two-values; [ $c = $d ] && echo parent-sequence-kept", Differs("dash has no RANDOM");
    // The positional parameters, options, OPTIND.
    shift_stays_inside: "set -- 1 2 3; x=$(shift 2; echo $*); echo $* / $x", Agrees;
    set_args_stay_inside: "set -- a b; x=$(set -- c d e; echo $#); echo $# $x $1", Agrees;
    set_options_stay_inside: "touch a1; x=$(set -f -u; echo a*); echo $x a*; echo ${nounset-fine}", Agrees;
    set_dollar_dash_inside: "x=$(set -f; echo $-); echo $x; echo $-", Differs("dash's $- has no h or B; bash's is the reference");
    set_plus_o_saves_options: "set -f; saved=$(set +o); set +f; eval \"$saved\"; case $- in *f*) echo restored;; esac", Agrees;
    errexit_inside: "x=$(set -e; false; echo no); echo $? \"[$x]\"; false; echo goes-on", Agrees;
    getopts_stays_inside: "set -- -a -b -c; getopts abc o; x=$(getopts abc o; echo $o $OPTIND); echo $o $OPTIND \"[$x]\"; getopts abc o; echo $o $OPTIND", Agrees;
    // Directories, umask, limits.
    cd_stays_inside: "d=$(cd /; pwd); echo $d; case $PWD in */work) echo pwd-kept;; esac; pwd | sed 's|.*/||'", Agrees;
    oldpwd_stays_inside: "o=${OLDPWD-unset}; x=$(cd /tmp; cd /); [ \"${OLDPWD-unset}\" = \"$o\" ] && echo oldpwd-kept", Agrees;
    cd_minus_prints_inside: "cd /tmp; cd /; x=$(cd -); echo $x; pwd", Agrees;
    dir_stack_stays_inside: "x=$(pushd / >/dev/null; dirs | wc -w); echo $x; dirs | wc -w", Differs(BASHISM);
    umask_stays_inside: "umask 022; x=$(umask 077; umask); echo $x; umask", Agrees;
    ulimit_asked_inside: "a=$(ulimit -n); [ \"$a\" = \"$(ulimit -n)\" ] && echo same", Agrees;
    // Setting a limit cannot be undone in the shell: it forks.
    ulimit_set_inside: "x=$(ulimit -n 64; ulimit -n); echo $x; [ \"$(ulimit -n)\" != 64 ] && echo parent-unchanged", Agrees;
    // A file size limit would stop the capture's file, not a pipe: it forks.
    file_size_limit: "ulimit -f 8; x=$(i=0; while [ $i -lt 2000 ]; do echo 0123456789; i=$((i+1)); done); echo ${#x}", Agrees;
    // Traps: reset inside, listed as the parent's, EXIT runs at the end.
    exit_trap_runs_at_the_end: "x=$(trap 'echo bye' EXIT; echo hi); echo \"[$x]\"; trap", Agrees;
    exit_trap_after_exit: "x=$(trap 'echo bye' EXIT; exit 3); echo $? \"[$x]\"", Agrees;
    exit_trap_may_exit: "x=$(trap 'echo bye; exit 5' EXIT; echo hi); echo $? \"[$x]\"", Agrees;
    parent_exit_trap_not_inside: "trap 'echo parent-exit' EXIT; x=$(echo in); echo \"[$x]\"", Agrees;
    parent_traps_listed_inside: "trap 'echo p' USR1; x=$(trap); echo \"$x\"; y=$(trap - USR1; trap); echo \"[$y]\"; trap", Differs("dash lists signals without SIG");
    signal_trap_inside_forks: "trap 'echo parent' USR1; x=$(trap 'echo t' USR1; trap -p USR1); echo \"[$x]\"; kill -USR1 $$", Differs("dash lists signals without SIG");
    ignored_exit_trap_listed: "x=$(trap '' EXIT; trap -p); echo \"[$x]\"", Differs("dash's trap has no -p");
    chld_trap_sees_the_fork: "trap 'echo chld' CHLD; x=$(echo a); echo $x", Differs("dash runs no CHLD trap for a substitution; bash does");
    // Functions and aliases.
    function_defined_inside: "x=$(f() { echo in-f; }; f); echo $x; f 2>/dev/null || echo no-f", Agrees;
    function_redefined_inside: "f() { echo outer; }; x=$(f() { echo inner; }; f); echo $x; f", Agrees;
    functions_inside: "fib() { if [ $1 -lt 2 ]; then echo $1; else echo $(( $(fib $(($1-1))) + $(fib $(($1-2))) )); fi; }; fib 10", Agrees;
    function_return_inside: "f() { x=$(return 3; echo no); echo $? \"[$x]\"; }; f", Agrees;
    alias_stays_inside: "alias a1='echo x'; x=$(unalias a1; alias b1=y; alias); echo \"$x\"; alias", Differs("dash lists aliases without `alias '");
    hash_stays_inside: "sh -c :; x=$(hash -r; hash 2>&1); echo \"$x\"; hash | wc -l", Differs("dash's hash words its table its own way");
    type_inside: "x=$(type cd; command -v cd; command -V echo); echo \"$x\"", Differs("dash's type words it its own way");
    // Redirections inside the substitution.
    stderr_not_captured: "x=$(echo out; echo err >&2; echo both 2>&1); echo \"[$x]\"", Agrees;
    dev_stdout_appends: "x=$(echo a >/dev/stdout; echo b >/dev/stdout; echo c >>/dev/fd/1); echo \"[$x]\"", Agrees;
    dev_stdout_with_noclobber: "set -C; x=$(echo a >/dev/stdout; echo b; echo c >/dev/stdout; echo d); echo \"[$x]\"", Agrees;
    redirected_builtin: "x=$(echo hidden >/dev/null; echo f >file; read l <file; echo got-$l); echo $x; cat file", Agrees;
    closed_stdout_inside: "x=$(echo gone >&-; echo kept); echo \"[$x]\"", Differs(DASH_WORDS);
    exec_redirections_fork: "x=$(exec 3>&1; echo a >&3); echo \"[$x]\"; echo b >&3", Differs(DASH_WORDS);
    read_takes_the_next_line: "x=$(read l; echo got:$l)\ndata line\necho after:$x", Differs(DASH_WORDS);
    heredoc_inside: "x=$(read a b <<EOF\n1 2\nEOF\necho $b); echo $x ${a-unset}", Agrees;
    // Status, exit, flow.
    exit_status_inside: "x=$(echo a; exit 4; echo b); echo $? $x", Agrees;
    exit_without_status: "x=$(false; exit); echo $?", Agrees;
    last_status_inside: "false; x=$(echo $?); echo $x; x=$(false); echo $?; x=$(true); echo $?", Agrees;
    lineno_inside: "x=$(echo $LINENO); echo $x", Differs("dash 0.5 has no LINENO");
    break_inside: "for i in 1 2 3; do x=$(echo $i; break; echo no); echo \"[$x]\"; done", Agrees;
    continue_inside: "for i in 1 2; do x=$(continue; echo n); echo $i \"[$x]\"; done", Agrees;
    // Errors end the substitution only, with the forked one's status.
    readonly_error_inside: "readonly r=1; x=$(r=2; echo no); echo $? \"[$x]\"; echo after", Differs(DASH_WORDS);
    cd_error_inside: "x=$(cd /nonexistent; echo $?); echo \"$x\"", Differs(DASH_WORDS);
    arith_error_inside: "x=$(echo $((1/0)); echo after); echo $? \"[$x]\"; echo next", Differs(DASH_WORDS);
    bad_option_inside: "x=$(set -o nosuch; echo $?); echo \"$x\"", Differs("dash's set errors are fatal; bash's status is the reference");
    // Large outputs: a megabyte of builtin output in one substitution.
    megabyte_of_output: "x=$(i=0; while [ $i -lt 20000 ]; do printf '%050d\\n' $i; i=$((i+1)); done); echo ${#x}; echo \"${x%%\n*}\"", Agrees;
    // Nested substitutions, in and out of the shell.
    nested_inside: "x=$(echo a $(echo b $(y=1; echo c$y)) d); echo \"$x\" ${y-unset}", Agrees;
    nested_with_program: "x=$(echo a $(/bin/echo b) $(cd /; echo c)); echo \"$x\"; pwd | sed 's|.*/||'", Agrees;
    // A program anywhere in the body: it forks, with the same output.
    program_midway_forks: "echo $(echo a; /bin/echo b; echo c)", Agrees;
    program_after_state_changes: "x=$(v=1; cd /; /bin/echo $v; pwd); echo $x; echo ${v-unset}; pwd | sed 's|.*/||'", Agrees;
    function_running_program: "g() { /bin/echo ext; }; x=$(g; echo in); echo $x", Agrees;
    pipeline_forks: "x=$(echo a | tr a b; echo c); echo $x", Agrees;
}

/// Inside a substitution that runs in the shell, `/proc/self` is the
/// shell itself: its pid is `$$`. A forked one's would differ. (A bare
/// `$$` proves nothing: it is the parent's in a forked copy too.)
#[test]
fn builtins_run_in_the_shell_itself() {
    let script = "x=$(read -r pid rest </proc/self/stat; echo $pid); [ \"$x\" = $$ ] && echo no-fork; \
        f() { read -r pid rest </proc/self/stat; echo $pid; }; y=$(cd /; f); [ \"$y\" = $$ ] && echo function-no-fork; \
        z=$(read -r pid rest </proc/self/stat; /bin/true; echo $pid); [ \"$z\" != $$ ] && echo program-forks";
    let out = common::run_c(script);
    assert_eq!(
        out.out(),
        "no-fork\nfunction-no-fork\nprogram-forks\n",
        "{}",
        out.describe()
    );
}

/// `strace -f` sees no process made for the benchmark's substitutions,
/// nor for one that changes every kind of state, and one for a body
/// with a program.
#[test]
fn strace_sees_no_fork() {
    if !skip::have("strace", &["-V"]) {
        skip::skip_or_fail("strace_sees_no_fork", "strace is not installed");
        return;
    }
    let dir = common::TempDir::new("nofork-strace");
    let log = dir.path().join("trace");
    let log_s = log.to_str().expect("utf-8 temp path");
    let count_forks = |script: &str| {
        let out = Spec::new(
            "strace",
            &[
                "-f",
                "-qq",
                "-e",
                "trace=fork,vfork,clone,clone3",
                "-o",
                log_s,
                jsh_path(),
                "-c",
                script,
            ],
        )
        .run();
        let trace = std::fs::read_to_string(&log).unwrap_or_default();
        let forks = trace
            .lines()
            .filter(|l| l.contains("clone") || l.contains("fork("))
            .count();
        (out, forks, trace)
    };
    let (out, forks, trace) = count_forks(
        "i=0; while [ $i -lt 50 ]; do x=$(echo \"$i\"); i=$((i+1)); done; echo $x; \
         y=$(x=2; cd /; set -f; umask 077; trap 'echo t' EXIT; f() { echo $x; }; f; exit 3); echo $? $y",
    );
    if trace.is_empty() && !out.err().is_empty() {
        // ptrace refused (a container without CAP_SYS_PTRACE).
        skip::skip_or_fail(
            "strace_sees_no_fork",
            &format!("strace cannot run: {}", out.err()),
        );
        return;
    }
    assert_eq!(out.out(), "49\n3 2 t\n", "{}", out.describe());
    assert_eq!(forks, 0, "{trace}");
    let (out, forks, trace) = count_forks("x=$(echo a; /bin/echo b); echo $x");
    assert_eq!(out.out(), "a b\n", "{}", out.describe());
    assert!(forks >= 1, "a program forks: {trace}");
}

/// The shell's own descriptors stay its own: nothing of the capture is
/// left open after a substitution, and none reaches a program started
/// inside one (in a nested, forked substitution): it sees what a program
/// started outside sees.
#[test]
fn no_descriptor_left_or_leaked() {
    let list = "sh -c 'ls /proc/$PPID/fd | tr \"\\n\" \" \"; echo'";
    let fds = "ls /proc/self/fd | tr '\\n' ' '";
    let script = format!(
        "{list}; x=$(echo a; cd /; echo b >/dev/stdout); y=$(trap 'echo t' EXIT); {list}; \
         echo $({fds}); z=$(cd /; echo $({fds})); echo \"$z\""
    );
    let out = common::run_c(&script);
    let text = out.out();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{}", out.describe());
    assert_eq!(lines[0], lines[1], "{}", out.describe());
    assert_eq!(lines[2], lines[3], "{}", out.describe());
}

terms!(ctrl_c_ends_a_substitution_in_the_shell);

/// At the prompt, Ctrl+C during `x=$(spin)`, a function looping over
/// builtins, ends the
/// substitution as it ends a forked one: the rest of the line is dropped,
/// a new prompt comes, and what the body changed is gone. In jsh no
/// process runs the loop: the shell itself does.
fn ctrl_c_ends_a_substitution_in_the_shell(term: &str) {
    let mut sh = pty::Shell::start(term);
    sh.run("v=outer");
    sh.run("spin() { v=inner; cd /; echo started >&2; while :; do :; done; }");
    sh.enter("x=$(spin); echo not-reached");
    sh.expect("started");
    if !pty::is_bash() {
        assert!(
            pty::children(sh.pid).is_empty(),
            "the loop runs in the shell: {:?}",
            pty::children(sh.pid)
        );
    }
    sh.key(pty::CTRL_C);
    let out = sh.prompt();
    assert_eq!(pty::count_lines(&out, "not-reached"), 0, "{out:?}");
    // (The assignment is done, of what the substitution gave, before the
    // line is abandoned, in bash too.)
    assert_eq!(sh.run("echo $v \"[$x]\""), "outer []\n");
    assert_ne!(sh.run("pwd"), "/\n", "the cd stayed inside");
    // Builtins only at the prompt: the same result as a forked one.
    assert_eq!(
        sh.run("y=$(cd /; v=in; echo $v $(pwd)); echo $y $v"),
        "in / outer\n"
    );
    assert_eq!(sh.run("jobs"), "");
}

/// A forked substitution inside one that runs in the shell is started as
/// one from the prompt is: with job control on, it shares the terminal's
/// foreground group, and a stop signal must not stop it (the shell would
/// wait for its output for ever). jsh alone, under `timeout` (see
/// tests/comsub.rs, `stop_signals_are_ignored_in_the_child`).
#[test]
fn stop_signals_ignored_in_a_fork_inside() {
    let script = "x=$(cd /; echo $(sh -c 'kill -TSTP $$; echo alive')); echo \"[$x]\"";
    let out = Spec::new("timeout", &["10", jsh_path(), "-m", "-c", script]).run();
    assert_eq!(out.out(), "[alive]\n", "{}", out.describe());
    assert_eq!(out.code(), Some(0), "{}", out.describe());
}

/// A locale set inside is the substitution's: the shell's character set
/// comes back with the variable (the C library's locale is the
/// process's, and is put back too).
#[test]
fn locale_comes_back() {
    common::compare_with_bash_env(
        "s=é; x=$(LC_ALL=C; echo ${#s}); y=$(export LC_ALL=POSIX; echo ${#s}); echo $x $y ${#s}",
        &[("LC_ALL", "C.UTF-8")],
    );
}

/// An expansion error fatal to a non-interactive shell ends only the
/// substitution, with the forked one's message and status. (Under `-c`
/// jsh's status for it is 127 in every subshell, bash's 127 only in some:
/// a difference of the forked substitution too, left to its own fix;
/// compared from a file and from standard input here.)
#[test]
fn fatal_expansion_errors_end_the_substitution_only() {
    for script in [
        "x=$(set -u; echo $nosuch; echo after); echo $? \"[$x]\"; echo next",
        "x=$(echo ${x:?is not set}; echo after); echo $? \"[$x]\"; echo next",
    ] {
        common::compare_modes(script, &[], &[common::Mode::File, common::Mode::Stdin]);
    }
}
