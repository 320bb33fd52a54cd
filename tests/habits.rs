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
