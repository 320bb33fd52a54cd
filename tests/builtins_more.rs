//! The builtins of issue 10 that jsh lacked or had only in part: `let`,
//! `ulimit`, `set` with no arguments, `export -p`/`readonly -p` quoting,
//! `cd` with CDPATH and `dir/..`, `kill`'s corner cases, `help`'s forms;
//! and bash syntax jsh does not have (`[[`, arrays, here-strings), which
//! must be a clear syntax error rather than run as something else.
//!
//! Each script runs through bash and jsh (and dash where it agrees) in
//! `-c`, file and stdin modes; see tests/language.rs for the table format.

mod common;

use common::{ALL_MODES, Dash, TempDir, jsh_path, run_shell_in_sandbox};

use Dash::{Agrees, Differs};

const NO_LET: &str = "`let' is bash's (and ksh's), not POSIX's; dash has none";
const DASH_ULIMIT: &str = "dash's ulimit has other words and letters; bash is the reference";
const DASH_QUOTES_ALL: &str =
    "dash single-quotes every value in `set' and lists `export' lines; both read back";
const DASH_KILL: &str =
    "dash words kill's errors and `-l' answers otherwise; bash is the reference";
const DASH_CD: &str = "dash resolves `dir/..' by text even when dir is no directory; bash fails, as POSIX's \
     cd step 8 allows (the path it then tries does not exist)";
const NO_HELP: &str = "`help' is bash's; dash has none";

cases! {
    // A child killed by a real-time signal: 128+N, not lost (nix cannot
    // name the signal, so the status was once dropped and `wait` said 0).
    wait_status_of_a_real_time_signal: "exec 2>/dev/null; sleep 5 & kill -36 $!; wait $!; echo $?\nx=$(sh -c 'kill -36 $$'); echo $?", Agrees;
    // let
    let_values_and_status: "let x=3 y=x+1; echo $? $x $y; let 0; echo $?; let 1 0; echo $?; let 0 1; echo $?; let -- 5; echo $?; let -1; echo $?; let 'z = 2 * 3'; echo $z; type let", Differs(NO_LET);
    let_errors: "let; echo $?; let 1/0; echo $?; let 1+; echo $?; let 'a b'; echo $?; readonly r=1; let r=2 3; echo $? $r; echo still here", Differs(NO_LET);
    let_nounset_is_fatal: "set -u; let z+1; echo not reached", Differs(NO_LET);
    let_in_conditions: "i=0; while let 'i < 3'; do let i++; echo $i; done; if let 0; then echo no; else echo zero-fails; fi", Differs(NO_LET);
    // ulimit
    ulimit_all: "ulimit -a; ulimit -Ha; ulimit -Sa; ulimit -a 5; type ulimit", Differs(DASH_ULIMIT);
    ulimit_each_resource: "for o in R c d e f i l m n p q r s t u v x; do ulimit -$o; ulimit -H$o; ulimit -S$o; done; ulimit; ulimit -c -n -s; ulimit -Hcn", Differs(DASH_ULIMIT);
    ulimit_sets_limits: "ulimit -S -n 100; ulimit -n; ulimit -Sn; sh -c 'ulimit -n'; ulimit -n 64; ulimit -Hn; ulimit -c0; ulimit -c; ulimit -c 3 -f 100000; ulimit -c -f; ulimit -S -f soft; ulimit -f; ulimit -f hard; ulimit -f; ulimit -c -- 2; ulimit -c; ulimit 5000; ulimit", Differs(DASH_ULIMIT);
    ulimit_errors: "ulimit -n abc; echo $?; ulimit -cn; echo $?; ulimit -f 99999999999999999999999; echo $?; ulimit -p 1; echo $?; ulimit -n unlimited; echo $?; ulimit -P; echo $?; ulimit -b; echo $?; ulimit -n -5; echo $?; ulimit -y; echo $?", Differs(DASH_ULIMIT);
    // set with no arguments, and the declare-style listings
    set_lists_variables: r#"A=1 a=2 B=3 _x=4 e= q="it's" s='a b' t='~x' u='x=~y' h='#a' h2='a#' star='*' eq=a=b c=a,b nl=$(printf 'a\nb.') tab=$(printf '\t') ctl=$(printf '\001\033'); set | grep -E '^(A|a|B|_x|e|q|s|t|u|h|h2|star|eq|c|nl|tab|ctl)='"#, Differs(DASH_QUOTES_ALL);
    set_output_reads_back: r#"x='a b'; y="it's"; z='$HOME `x` "q" \'; set | grep -E '^(x|y|z)=' > saved; unset x y z; . ./saved; printf '%s|%s|%s\n' "$x" "$y" "$z"; set | grep -c '^saved='"#, Agrees;
    // bash hides LINENO, RANDOM and SECONDS from `set' until they are
    // used; jsh always lists them (with their current values).
    set_shows_dynamic_values: "SECONDS=100; set | grep -E '^SECONDS=10[0-9]$' | wc -l", Differs("dash has no SECONDS");
    export_p_unprintable: r#"export x='a b' q='"$`\' z e= t=$(printf '\t\001') n=$(printf 'a\nb.'); export -p | grep -E ' (x|q|z|e|t|n)(=|$)'; readonly r=$(printf '\001'); readonly -p | grep ' r='; f() { local l=$(printf '\033'); local; }; f"#, Differs(DASH_QUOTES_ALL);
    // cd
    cd_nonexistent_dotdot: "cd nonexistent/..; echo $?; pwd; touch f; cd f/..; echo $?; mkdir d; cd d/../nothere/..; echo $?; cd d/..; echo $?; cd /nonexistent/..; echo $?; pwd", Differs(DASH_CD);
    cd_cdpath: "w=$PWD; mkdir -p p/t t2; CDPATH=$w/p; cd t; echo $?; pwd; cd \"$w\"; CDPATH=:$w/p; cd t2; pwd; cd \"$w\"; cd ./t; echo $?; CDPATH=.; cd t2; cd \"$w\"; CDPATH=$w/none:$w/p; cd t >/dev/null; pwd; cd \"$w\"; CDPATH=$w/p; cd nothere; echo $?", Differs("dash says `can't cd to ./t' and exits 2 (a special-builtin-like error); bash's `No such file or directory' and status 1");
    cd_cdpath_physical: "w=$PWD; mkdir -p p/real; ln -s real p/link; CDPATH=$w/p; cd -P link; pwd; cd \"$w\"; cd -L link; pwd", Differs("dash prints the resolved directory under -P; bash the path it tried");
    // kill
    kill_l_names_statuses: "kill -l 0; kill -l 130; kill -l 137 15 HUP sigterm; kill -l EXIT ERR DEBUG RETURN; kill -l -- 9; kill -l 32 33; echo $?; kill -l -1 | head -1", Differs(DASH_KILL);
    kill_l_errors_in_order: "kill -l 1 x 2 65 256 3 2>&1; echo $?", Differs(DASH_KILL);
    kill_usage_and_options: "kill; echo $?; kill -9; echo $?; kill -s HUP; echo $?; kill --; echo $?; kill -s; echo $?; kill -n; echo $?; kill -n 1x $$; echo $?; kill -s FOO $$; echo $?; kill -; echo $?", Differs(DASH_KILL);
    kill_signal_forms: "kill -sigcont $$; echo $?; kill -sCONT $$; echo $?; kill -n0 $$; echo $?; kill -CONT -- $$; echo $?; kill -0 -- $$; echo $?; kill -s EXIT $$; echo $?; kill -s DEBUG $$; echo $?", Differs(DASH_KILL);
    kill_each_target_tried: "kill -0 $$ abc $$; echo $?; kill ''; echo $?; kill -0 abc; echo $?", Differs(DASH_KILL);
    kill_real_time_signal: "echo before; kill -s RTMIN+2 $$; echo not reached", Differs("dash 0.5 knows no RTMIN+n names");
    // help
    help_forms: "help -s pwd let ulimit umask printf; help -d let ulimit help; echo $?; help -s 'ul*'; help -s 'ul*' 'le?'; help -ds ulim; echo $?; help -s let nosuch; echo $?; help -s nosuch other; echo $?; help -x; echo $?; help -s -- let", Differs(NO_HELP);
}

/// bash syntax that jsh refuses when it parses: a syntax error (status 2)
/// naming what is not supported, with nothing of the line run. bash runs
/// these, and dash fails otherwise (`[[: not found`), so only jsh is run.
fn refused(script: &str, what: &str) {
    for &mode in ALL_MODES {
        let root = TempDir::new("unsupported");
        let out = run_shell_in_sandbox(jsh_path(), &root, mode, script, &[]);
        assert_eq!(
            (out.stdout.as_str(), out.status),
            ("", 2),
            "{mode:?}: {script}\n{out:?}"
        );
        assert!(
            out.stderr.contains(&format!("syntax error: {what}"))
                && out.stderr.contains("not supported"),
            "{mode:?}: {script}\n{out:?}"
        );
    }
}

#[test]
fn conditional_command_is_refused() {
    refused("echo a; [[ -n x ]] && echo y", "`[['");
    refused("if [[ -n x ]]; then echo y; else echo n; fi", "`[['");
    refused("f() { [[ $1 = x ]]; }; echo defined", "`[['");
}

#[test]
fn arrays_are_refused() {
    refused("echo a; a=(x y); echo ${a}", "arrays");
    refused("b=1 a=(x y) true", "arrays");
}

#[test]
fn here_strings_are_refused() {
    refused("echo a; cat <<< hi", "here-strings");
}

/// A guard, not a fix: `[[` is still an ordinary word as an argument or
/// when quoted.
#[test]
fn double_bracket_as_a_word() {
    common::run_all("echo [[ x ]]; x='[['; echo \"$x\"", Agrees);
}
