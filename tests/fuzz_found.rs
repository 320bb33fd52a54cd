//! Silent wrong results found by differential fuzzing against bash (random
//! scripts mixing substitutions, patterns, IFS, here-documents, functions,
//! loops, `set -e`, traps, `read`, `printf`, `case` and arithmetic). Each
//! case is the reduced script; it runs through bash, dash and jsh in `-c`,
//! file and stdin modes (see tests/common).

mod common;

use common::Dash;

use Dash::Differs;

const DASH_NOUNSET_STATUS: &str = "dash exits 2 on an unset parameter under `set -u`; \
     bash 1 in a subshell (127 at the top of `-c`); POSIX says only that the shell exits \
     with a non-zero status";

const NO_ARITH_COMMAND_IN_DASH: &str = "`(( ))` is bash's (POSIX has only `$(( ))`); \
     dash runs `((0))` as a subshell in a subshell and says `0: not found'";

cases! {
    // `((0))` fails with status 1 and `set -e` exits on it as on any
    // failing simple command (bash); jsh went on.
    errexit_on_failing_arith_command: "set -e; ((0)); echo no", Differs(NO_ARITH_COMMAND_IN_DASH);
    errexit_on_arith_command_in_function: "set -e; f() { i=0; ((i--)); echo no; }; f; echo no", Differs(NO_ARITH_COMMAND_IN_DASH);
    errexit_arith_command_exempt_in_and_list: "set -e; ((0)) && echo no; ((0)) || echo yes; if ((0)); then :; fi; echo end", Differs(NO_ARITH_COMMAND_IN_DASH);
    nounset_top_level_still_127: "set -u; echo $v; echo no", Differs(DASH_NOUNSET_STATUS);
    // bash names an unset `$1` or `$!` with the `$` only when written
    // without braces: `${1}`, `${#1}`, `${1#x}` say `1: unbound variable`.
    nounset_braced_special_name: "set -u; (echo ${1}); (echo ${#1}); (echo ${1#x}); (echo ${!}); echo $1", Differs(DASH_NOUNSET_STATUS);
    // Under `set -e`, bash's `-c` exits 1 (not 127) on an unset parameter
    // or `${v:?}`; jsh gave 127.
    nounset_with_errexit_status: "set -eu; echo $v; echo no", Differs(DASH_NOUNSET_STATUS);
    colon_question_with_errexit_status: "set -e; if true; then echo ${v:?m}; fi; echo no", Differs(DASH_NOUNSET_STATUS);
}
