//! bash habits of issue 10 outside the prompt: the `time` keyword (its
//! formats and TIMEFORMAT; times vary, so every run of digits is masked
//! and the shape compared) and `pushd`, `popd`, `dirs`. Each script runs
//! through bash and jsh in `-c`, file and stdin modes and must match
//! exactly (stdout, stderr modulo the `bash:`/`jsh:` prefix, status).
//! dash has neither: `time` is /usr/bin/time there, the directory stack
//! does not exist (both are bash's, not POSIX's).

mod common;

use common::Dash;

use Dash::Differs;

const NO_TIME_IN_DASH: &str = "dash has no `time` keyword (it runs /usr/bin/time, if any); \
     not POSIX, bash is the reference";
const NO_DIRS_IN_DASH: &str = "dash has no directory stack; not POSIX, bash is the reference";

/// Every run of digits as `N`: the shape of a report, not its numbers.
macro_rules! masked {
    ($script:expr) => {
        concat!("{ ", $script, "; } 2>&1 | sed 's/[0-9][0-9]*/N/g'")
    };
}

cases! {
    // time
    time_default_format: masked!("time sleep 0.01 | cat"), Differs(NO_TIME_IN_DASH);
    time_brace_group: masked!("time { sleep 0.01; echo in; }"), Differs(NO_TIME_IN_DASH);
    time_posix_format: masked!("time -p sleep 0.01"), Differs(NO_TIME_IN_DASH);
    time_alone: masked!("time"), Differs(NO_TIME_IN_DASH);
    time_posix_alone: masked!("time -p"), Differs(NO_TIME_IN_DASH);
    timeformat_conversions: masked!("TIMEFORMAT='[%R|%3lR|%0U|%1S|%2lS|%9R|%P|%%|a%]'; time sleep 0.01"), Differs(NO_TIME_IN_DASH);
    timeformat_empty_reports_nothing: "TIMEFORMAT=; time sleep 0.01; echo st=$?", Differs(NO_TIME_IN_DASH);
    timeformat_bad_character: "TIMEFORMAT='[%x]'; time true; echo st=$?; TIMEFORMAT='%3P'; time true; echo st=$?", Differs(NO_TIME_IN_DASH);
    time_posix_ignores_timeformat: masked!("TIMEFORMAT=nothing; time -p true"), Differs(NO_TIME_IN_DASH);
    time_keeps_status: "TIMEFORMAT=; time false; echo st=$?; time ! true; echo st=$?; ! time true; echo st=$?; time (exit 3); echo st=$?; time false | true; echo st=$?", Differs(NO_TIME_IN_DASH);
    time_report_goes_to_shell_stderr: masked!("time echo out 2>/dev/null"), Differs(NO_TIME_IN_DASH);
    time_redirected_group_is_silent: "{ time true; } 2>/dev/null; echo ok", Differs(NO_TIME_IN_DASH);
    time_in_background: "TIMEFORMAT=bg-done; time sleep 0.01 & wait; echo st=$?", Differs(NO_TIME_IN_DASH);
    time_in_and_or_list: masked!("TIMEFORMAT=%R; true && time false || echo or-ran"), Differs(NO_TIME_IN_DASH);
    time_printed_back: "f() { time -p { echo in; } | cat; time ! true; }; type f", Differs(NO_TIME_IN_DASH);
    time_only_starts_a_pipeline: "echo time; true | time 2>/dev/null; echo st=$?", Differs(NO_TIME_IN_DASH);
    time_is_a_keyword: "type time; command -v time; type -t time", Differs(NO_TIME_IN_DASH);

    // dirs, pushd, popd
    dirs_alone_is_the_current_directory: "cd ~; dirs; cd /; dirs; HOME=; cd /tmp; dirs", Differs(NO_DIRS_IN_DASH);
    pushd_builds_the_stack: "cd ~; mkdir a b c; pushd a; pushd ../b; pushd ~/c; echo $PWD; echo ${OLDPWD#$HOME}; dirs -v; dirs -p; dirs -l | sed \"s#$HOME#H#g\"", Differs(NO_DIRS_IN_DASH);
    dirs_by_index: "cd ~; mkdir a b; pushd a >/dev/null; pushd ../b >/dev/null; dirs +0; dirs +1; dirs -0; dirs -1; dirs -v +2; dirs +3; echo st=$?; dirs -3; echo st=$?", Differs(NO_DIRS_IN_DASH);
    pushd_swaps_and_rotates: "cd ~; mkdir a b c; pushd -n ~/a; pushd -n ~/b; pushd -n ~/c; pushd; echo $PWD; pushd +2; pushd -1; pushd +0; pushd -3; pushd +9; echo st=$?", Differs(NO_DIRS_IN_DASH);
    popd_drops_entries: "cd ~; mkdir a b c d; pushd a; pushd ../b; pushd ../c; pushd ../d; popd +1; popd -0; popd; echo $PWD; popd; popd; echo st=$?; popd +1; echo st=$?", Differs(NO_DIRS_IN_DASH);
    popd_n_keeps_the_directory: "cd ~; mkdir a b; pushd -n a; pushd -n b; popd -n; pwd; dirs; popd -n +1; dirs", Differs(NO_DIRS_IN_DASH);
    pushd_dash_is_cd_dash: "cd ~; mkdir a; cd a; cd ..; pushd -; dirs; pushd -; unset OLDPWD; pushd -; echo st=$?", Differs(NO_DIRS_IN_DASH);
    dirs_c_clears: "cd ~; mkdir a; pushd a; dirs -c; dirs; popd; echo st=$?", Differs(NO_DIRS_IN_DASH);
    directory_stack_errors: "cd ~; pushd; echo st=$?; popd; echo st=$?; dirs +1; echo st=$?; pushd +1; echo st=$?; popd -1; echo st=$?; pushd nosuch; echo st=$?; pushd /etc/passwd; echo st=$?; dirs", Differs(NO_DIRS_IN_DASH);
    directory_stack_bad_arguments: "pushd -x; echo st=$?; pushd +x; echo st=$?; pushd a b; echo st=$?; popd -x; echo st=$?; popd x; echo st=$?; dirs -x; echo st=$?; dirs x; echo st=$?; dirs -vl; echo st=$?", Differs(NO_DIRS_IN_DASH);
    popd_into_a_removed_directory: "cd ~; mkdir a b; pushd a >/dev/null; pushd ../b >/dev/null; rmdir ../a; popd; echo st=$?; dirs", Differs(NO_DIRS_IN_DASH);
}

/// `time` is parsed at the start of a pipeline only, with `-p` and `!` in
/// either order, and printed back to the same tree (as the parser's
/// properties demand of every command).
#[test]
fn time_round_trips_through_the_printer() {
    use jsh::syntax::ast::{Time, Unparse};
    use jsh::syntax::lexer::StrSource;
    use jsh::syntax::parser::Parser;
    let parse = |text: &str| {
        let mut src = StrSource::new(text.as_bytes().to_vec());
        Parser::new(&mut src)
            .parse_command()
            .expect("parses")
            .expect("a command")
    };
    let cases = [
        ("time a | b", Some(Time::Format), false, "time a | b"),
        ("time -p { a; }", Some(Time::Posix), false, "time -p { a; }"),
        ("! time -p a", Some(Time::Posix), true, "time -p ! a"),
        ("time ! a", Some(Time::Format), true, "time ! a"),
        ("time", Some(Time::Format), false, "time"),
        ("time -p !", Some(Time::Posix), true, "time -p !"),
        ("a | time b", None, false, "a | time b"),
        ("echo time", None, false, "echo time"),
        ("<x time y", None, false, "<x time y"),
    ];
    for (text, time, negated, printed) in cases {
        let list = parse(text);
        let p = &list.items[0].and_or.first;
        assert_eq!((p.time, p.negated), (time, negated), "{text}");
        let out = String::from_utf8(list.to_bytes()).expect("utf-8");
        assert_eq!(out.trim_end_matches([';', '\n', ' ']), printed, "{text}");
        assert_eq!(parse(&out), list, "{text} printed as {out:?}");
    }
}
