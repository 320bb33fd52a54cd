//! Parameter expansion and the special parameters (issue 9, "Parameter
//! expansion complete"; issue 10, `${x/pat/rep}` and "Special
//! variables"). Each script runs through bash, dash and jsh in `-c`, file
//! and stdin modes (see tests/common: jsh must match bash; with
//! `Dash::Agrees` dash's stdout and status too). The bash extensions
//! (`${x/p/r}`, `${x:off:len}`, `${!x}`, RANDOM...) are `Differs`: dash
//! has none of them.

mod common;

use common::{Dash, compare_with_bash_env};

use Dash::{Agrees, Differs};

const BASHISM: &str = "a bash extension (issue 10) that dash does not have";
const NO_LINENO: &str = "dash 0.5 has no LINENO; POSIX has it, and bash counts as here";
const UTF8_DASH: &str = "dash counts bytes, not characters, in a UTF-8 locale; POSIX \
     says characters, as bash does";

cases! {
    // ${x#p} ${x##p} ${x%p} ${x%%p}
    trim_four_forms: "x=a/b/c.tar.gz; echo ${x#*/} ${x##*/} ${x%.*} ${x%%.*} ${x#nomatch} ${x%} ${x#}", Agrees;
    trim_quoted_pattern_is_literal: "x='*a*'; echo ${x#\"*\"} ${x#\\*} ${x%'*'} \"${x%\"*\"}\" [${x##*}]", Agrees;
    trim_pattern_word_is_expanded: "pre=a; x=aab; p='a*'; echo ${x#$pre} ${x##$pre} [${x#$p}] ${x#\"$p\"} \"[${x##$p}]\"", Agrees;
    trim_in_double_quotes: "x='a b*c'; echo \"${x#a }\" \"${x%\"*c\"}\" \"${x%\\*c}\" \"${x%'*c'}\" \"${x%%b*}\"", Agrees;
    trim_single_quotes_in_double_quotes: "x=\"'a'b\"; echo \"${x#'a'}\" \"${x#\"'\"}\" \"${x#\\'}\"", Agrees;
    trim_bracket_expressions: "x=abc123; echo ${x%%[0-9]*} ${x##*[!0-9]} ${x#[[:alpha:]]} ${x%[[:digit:]][[:digit:]]} ${x#[!a]}", Agrees;
    trim_positional_each_in_bash: "set -- a.c b.c 'd e.c'; echo ${@%.c}; for f in \"${@#?}\"; do echo \"[$f]\"; done; set --; for f in \"${@%x}\"; do echo never; done; echo end", Differs("POSIX leaves the pattern operators on @ and * unspecified; dash trims the joined string, bash each parameter, which the issue asks for");
    trim_unset_and_null: "echo \"[${u#x}]\" \"[${u%%*}]\"; e=; echo \"[${e#*}]\" \"[${e%}]\"", Agrees;
    trim_nested_and_split: "x=/a/b; echo ${x#${x%/*}}; y='1 2 3'; for w in ${y#1 }; do echo \"<$w>\"; done; IFS=:; z=a:b:c; printf '<%s>' ${z#a:}; echo", Agrees;
    trim_long_string: "x=a; i=0; while [ $i -lt 14 ]; do x=$x$x; i=$((i+1)); done; x=$x/$x/end; echo ${x##*/} ${#x}; y=${x%%/*}; echo ${#y}; echo ${x#*a/}", Agrees;
    trim_as_assignment_and_case: "x=dir/file.txt; base=${x##*/}; echo $base ${base%.*}; case ${x%/*} in dir) echo in-case;; esac", Agrees;
    trim_in_c_locale_is_bytes: "x=h\u{e9}llo; echo ${#x} ${x#h?}", Agrees;
    trim_and_length_in_utf8: "LC_ALL=C.UTF-8; x=h\u{e9}llo\u{20ac}; echo ${#x} ${x#h?} ${x%?} ${x%%l*} ${x##*l}", Differs(UTF8_DASH);
    // The words of -=?+ inside double quotes, as bash reads them.
    default_word_quotes_in_double_quotes: "echo \"${v-'}'}\" \"${v-'a b'}\" \"${v-\\'}\" \"${v:-'x'}\"", Differs("dash ends the word at the first `}` (`''}`); bash lets single quotes hide it, and the issue asks for bash's reading");
    // -=?+ on $@ and $*: in double quotes, `${@...}` with no parameters
    // is no field, as "$@" is, unless a word takes its place.
    list_default_and_alternate: "set --; printf '<%s>' \"${@:-x}\" \"${@-a b}\" ${*-c d} \"${*+set}\" \"${@+a b}\" \"${@:-}\" \"${@+}\" \"a${@+}\"; echo; set -- ''; printf '<%s>' \"${@+}\" \"${@:+}\" \"${@-}\" \"${@:-}\"; echo", Differs("dash makes a field of \"${@+a b}\" with no parameters; bash none, as of \"$@\" (POSIX leaves @ in these forms unspecified)");
    function_text_prints_operators_back: "f() { echo ${x#a} ${x##*/} \"${x%\"b\"}\" ${x%%c} \"${v-'}'}\"; }; type f | tail -n +2; x=abc; f", Differs("dash's `type` does not print the body");
    function_text_prints_bash_operators_back: "f() { echo ${x/a/b} ${x//a} ${x/#a/\"b\"} ${x/%a/b} ${x:1} ${x: -1:2} ${!y} ${!y:-d}; }; type f | tail -n +2; x=abc y=x; f", Differs(BASHISM);
    // Errors inside the words of the new operators stop as `${x:?}` does.
    error_in_pattern_word: "x=abc; echo ${x#${y:?no y}}\necho after", Differs("both shells exit; dash with status 2, bash with 1 (127 under -c); POSIX asks only for a non-zero status, and bash is the reference");
    error_in_replacement_word: "x=abc; echo ${x/a/${y?no y}}\necho after", Differs(BASHISM);
    error_in_offset_word: "x=abc; echo ${x:${y:?no y}}\necho after", Differs(BASHISM);
    default_word_apostrophe_in_double_quotes: "echo \"${msg:-don't}\"\necho after", Differs("bash reads a single quote in \"${v-...}\" as opening a quoted string, and reports it unmatched (status 2); dash takes it as a character; bash is the reference and POSIX.1-2024 leaves it unspecified");
    // bash: ${x/pat/rep} and its forms
    replace_forms: "x=abcabc; echo ${x/b/X} ${x//b/X} ${x/#a/X} ${x/%c/X} ${x/#b/X} ${x/%b/X} ${x/b} ${x//[ac]}", Differs(BASHISM);
    replace_patterns_longest_match: "x=aaa/bbb; echo ${x/a*/z} ${x//a/b} ${x/\\//:} ${x//?/-} \"${x/*/}\" ${x/#/<} ${x/%/>} ${x//}", Differs(BASHISM);
    replace_quoting: "x=a*b; r='<&>'; echo ${x/\\*/-} ${x/'*'/-} \"${x/\"*\"/\"  \"}\" ${x/b/[&]} ${x/b/\\&} \"${x/b/\"&\"}\" ${x/b/$r} ${x/b/'&'}", Differs(BASHISM);
    replace_positional: "set -- ab cb; echo ${@/b/x} \"${*//b/y}\"; for a in \"${@/#/-}\"; do echo \"$a\"; done", Differs(BASHISM);
    replace_utf8: "LC_ALL=C.UTF-8; x=h\u{e9}\u{e9}; echo ${x//?/.} ${x/\u{e9}/e}", Differs(BASHISM);
    // bash: ${x:off} ${x:off:len}
    substring_forms: "x=hello; echo ${x:1} ${x:1:2} ${x: -2} ${x:(-2):1} [${x:10}] ${x:1:-1} [${x:2:0}] ${x:a} ${x:1+1:1} ${x::2}", Differs(BASHISM);
    substring_positional: "set -- a b c d; echo ${@:2} ${@:1:2} ${@: -1} ${*: -2:1} \"${@:3}\"; echo ${@:0:1} | grep -c .", Differs(BASHISM);
    substring_utf8: "LC_ALL=C.UTF-8; x=h\u{e9}llo; echo ${x:1:2} ${x: -3:1}", Differs(BASHISM);
    substring_arithmetic_errors_name_the_parameter: "x=abc; echo ${x:1/0}\necho st=$?\necho ${x:1:(}\necho st=$?", Differs(BASHISM);
    substring_negative_length_error: "x=hello; echo ${x:1:-9}\necho st=$?", Differs(BASHISM);
    // bash: ${!x}
    indirect: "x=val; y=x; echo ${!y} ${!y:+alt} ${!y#v}; set -- a b; echo ${!#}", Differs(BASHISM);
    names_with_prefix: "ZZX=1 ZZY=2 ZZ=3; echo ${!ZZ*}; for n in \"${!ZZ@}\"; do echo $n; done; IFS=-; echo \"${!ZZ*}\"; echo ${!ZZQ*}.; for n in \"${!ZZQ@}\"; do echo never; done", Differs(BASHISM);
    indirect_through_positional: "set -- a; a=5; echo ${!@} ${!*} ${!1}; set --; echo \"[${!@}]\"; set -- a b; echo ${!@}\necho st=$?", Differs(BASHISM);
    indirect_unset_is_an_error: "echo ${!nope}\necho st=$?", Differs(BASHISM);
    indirect_bad_name_is_an_error: "x='a b'; echo ${!x}\necho st=$?", Differs(BASHISM);
    // Special parameters
    dollar_dash_letters: "echo $-", Differs("dash's letters differ; the issue asks for bash's (h, B, then c or s)");
    lineno_counts_lines: "echo $LINENO\nf() {\n  echo f:$LINENO\n}\nif true; then\n  echo $LINENO\nfi\nf\nfor i in 1; do echo $LINENO; done\ncase a in a) echo $LINENO;; esac", Differs(NO_LINENO);
    lineno_in_later_lines: "\n\n  echo $LINENO; echo $LINENO\nwhile true\ndo\n  echo $LINENO\n  break\ndone", Differs(NO_LINENO);
    lineno_of_commands_over_lines: "echo \"a\nb $LINENO\" $LINENO\necho $LINENO \"\n\" $LINENO\necho x \\\n$LINENO\necho 1 $LINENO; echo \"\n\" $LINENO\nf() {\n echo \"\n$LINENO\"\n}\nf\nnosuch \"\n\"\necho $((LINENO + 100)) ${u:-$LINENO}", Differs(NO_LINENO);
    lineno_ignores_assignment_and_unset_ends_it: "LINENO=100; echo $LINENO\necho $LINENO\nunset LINENO; echo \"[$LINENO]\"; echo ${!LINE*} ${!SECOND*} ${!RANDO*}", Differs(NO_LINENO);
    ppid_is_the_parent: "echo $PPID > mine; cut -d' ' -f4 /proc/$$/stat > real; cmp mine real && echo same", Agrees;
    uid_and_euid: "id -u > a; echo $UID > b; cmp a b && echo uid; id -u > a; echo $EUID > b; cmp a b && echo euid", Differs("dash has neither UID nor EUID");
    hostname_from_uname: "uname -n > a; echo $HOSTNAME > b; cmp a b && echo same", Differs("dash does not set HOSTNAME");
    shlvl_incremented_and_exported: "echo $SHLVL; env | grep ^SHLVL", Differs("dash does not count shell levels");
    random_values: "a=$RANDOM b=$RANDOM c=$RANDOM; [ $a != $b ] || [ $b != $c ] && echo differ; [ $a -ge 0 ] && [ $a -le 32767 ] && echo range; RANDOM=7; a=$RANDOM; RANDOM=7; b=$RANDOM; [ $a = $b ] && echo seeded; (echo $RANDOM) > a; (echo $RANDOM) > b; cmp -s a b || echo subshells-differ; unset RANDOM; echo \"[$RANDOM]\"", Differs("dash has no RANDOM");
    seconds_count: "[ $SECONDS -lt 5 ] && echo small; SECONDS=100; [ $SECONDS -ge 100 ] && [ $SECONDS -lt 105 ] && echo from-100; unset SECONDS; echo \"[$SECONDS]\"", Differs("dash has no SECONDS");
    // Field splitting
    unquoted_star_keeps_empty_fields_with_non_blank_ifs: "set -- a '' b; IFS=:; printf '<%s>' $* $@ x$*y; echo; IFS=' '; printf '<%s>' $*; echo", Differs("POSIX lets empty fields from $* be dropped or kept; dash drops them, bash keeps them with a non-blank IFS: bash is the reference");
}

#[test]
fn shlvl_bounds_as_bash() {
    for level in ["999", "x", "-5", "41"] {
        compare_with_bash_env("echo $SHLVL", &[("SHLVL", level)]);
    }
}

#[test]
fn pwd_reset_when_wrong() {
    // A PWD that is not an absolute path to the current directory is
    // replaced by getcwd's (POSIX); one that names it is kept.
    for pwd in ["", "rel", "/", "/nonexistent", "../work"] {
        compare_with_bash_env(
            "case $PWD in */work) echo cwd;; *) echo \"kept $PWD\";; esac; env | grep -c '^PWD=/'",
            &[("PWD", pwd)],
        );
    }
}
