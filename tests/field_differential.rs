//! Differential tests for the wrong expansions found by fuzzing against
//! bash (issue 8): each script runs through bash and jsh in -c, stdin and
//! file modes, and stdout, stderr (modulo the `bash:`/`jsh:` prefix) and
//! the exit status must agree. Where bash and dash differ, a comment says
//! which POSIX picks.

mod common;

use common::{compare_with_bash, compare_with_bash_env};

// ---------------------------------------------------------------------------
// 1. `$*` and `$@` where fields are not split: one string

#[test]
fn star_and_at_in_an_assignment_join() {
    compare_with_bash(
        "set -- a b c\nZ=$*; echo \"[$Z]\"\nZ=$@; echo \"[$Z]\"\nZ=x$*y; echo \"[$Z]\"\n\
         Z=x$@y; echo \"[$Z]\"\nunset Z; echo ${Z=$*}; echo \"[$Z]\"\n\
         Z=$* sh -c 'echo \"[$Z]\"'\nZ=\"$*\"; echo \"[$Z]\"\nZ=\"$@\"; echo \"[$Z]\"\n\
         set -- a '' b; Z=$*; echo \"[$Z]\"\nZ=$@; echo \"[$Z]\"\n\
         set -- ' a ' b; Z=$*; echo \"[$Z]\"\nset --; Z=x$*y$@; echo \"[$Z]\"",
    );
}

#[test]
fn star_and_at_in_an_assignment_with_other_ifs() {
    // `$*` joins with the first character of IFS (POSIX and every shell).
    // `$@` joins with a space in bash and mksh, with IFS in dash: POSIX
    // leaves `$@` unspecified where fields are not split, bash decides.
    compare_with_bash(
        "set -- a b c\nIFS=:\nZ=$*; echo \"[$Z]\"\nZ=$@; echo \"[$Z]\"\nZ=\"$@\"; echo \"[$Z]\"\n\
         IFS=\nZ=$*; echo \"[$Z]\"\nZ=$@; echo \"[$Z]\"\nZ=\"$*\"; echo \"[$Z]\"\n\
         unset IFS\nZ=$*; echo \"[$Z]\"\nZ=$@; echo \"[$Z]\"",
    );
}

#[test]
fn star_in_assign_default_word() {
    // The test cases of POSIX interpretation 888: `${var=$*}` assigns the
    // joined string, and the expansion is then split like any other.
    compare_with_bash(
        "set -- abc 'def ghi' jkl\nIFS=:\nvar=$*; printf '%s\\n' \"$var\"\n\
         unset var; printf '%s\\n' ${var-$*}\nprintf '%s\\n' \"${var-$*}\"\n\
         printf '%s\\n' ${var=$*}; printf 'var=%s\\n' \"$var\"\n\
         unset var; printf '%s\\n' \"${var=$*}\"; printf 'var=%s\\n' \"$var\"\n\
         IFS=\nunset var; printf '%s\\n' ${var-$*}\n\
         printf '%s\\n' ${var=$*}; printf 'var=%s\\n' \"$var\"\n\
         unset var; printf '%s\\n' \"${var=$*}\"; printf 'var=%s\\n' \"$var\"",
    );
}

#[test]
fn star_and_at_in_default_words_of_assignments() {
    compare_with_bash(
        "set -- a '' b\nZ=${u:-$*}; echo \"[$Z]\"\nZ=${u:-\"$@\"}; echo \"[$Z]\"\n\
         Z=\"${u:-$@}\"; echo \"[$Z]\"\nIFS=:\nZ=${u:-$@}; echo \"[$Z]\"\n\
         Z=${u:-\"$*\"}; echo \"[$Z]\"\nZ=${u-$*}$*; echo \"[$Z]\"",
    );
}

// ---------------------------------------------------------------------------
// 2. Arguments of `export` that look like assignments

#[test]
fn export_arguments_are_assignments() {
    // POSIX.1-2024: the arguments of a declaration utility that have the
    // form of assignments are expanded as assignments. dash and mksh agree.
    compare_with_bash(
        "A='x y'\nexport B=$A\necho \"[$B]\" \"[${y-unset}]\"\nsh -c 'echo \"[$B]\"'\n\
         export C=* D=\"$A\"* E=$A$A; echo \"[$C][$D][$E]\"\n\
         Q=1 export F=$A; echo \"[$F]\"\n>/dev/null export G=$A; echo \"[$G]\"\n\
         export -- H=$A; echo \"[$H]\"\nexport -n I=$A; echo \"[$I]\"\n\
         set -- 1 2; export J=$@ K=$*; echo \"[$J][$K]\"\n\
         HOME=/h; export L=~/a:~/b; echo $L",
    );
}

#[test]
fn export_arguments_split_when_not_written_as_export() {
    // bash decides when it parses, from the command word as written: a
    // quoted or expanded `export` gets its arguments split like any
    // command's. dash and mksh do not split `\export`; bash decides.
    compare_with_bash(
        "A='x y'\n\\export B=$A; echo \"[$B]\" \"[${y-unset}]\"\n\
         \"export\" C=$A; echo \"[$C]\"\ne=export; $e D=$A; echo \"[$D]\"\n\
         export E\\=$A 2>&1; echo \"[$E]\"\nx=F; export $x=$A; echo \"[$F]\"\n\
         export 1x=$A; echo $?",
    );
}

// ---------------------------------------------------------------------------
// 3. IFS at start-up

#[test]
fn ifs_starts_with_its_default_value() {
    compare_with_bash(
        "printf '[%s]\\n' \"$IFS\"; echo ${#IFS}\nx='a b'; printf '<%s>' $x; echo\n\
         env | grep -c '^IFS='",
    );
}

#[test]
fn ifs_from_the_environment_is_ignored() {
    // bash, dash and mksh all set IFS afresh (POSIX allows it), and keep
    // it exported with the default value.
    compare_with_bash_env(
        "printf '[%s]\\n' \"$IFS\"; echo ${#IFS}\nx=a:b; printf '<%s>' $x; echo\n\
         env | grep '^IFS=' | od -c | head -n 1",
        &[("IFS", ":")],
    );
}

// ---------------------------------------------------------------------------
// 4. Globbing

#[test]
fn glob_keeps_repeated_slashes_before_the_pattern() {
    // bash keeps what comes before the first component with a pattern as
    // written, and joins the rest with single slashes; dash keeps every
    // slash. POSIX does not say; both name the same files; bash decides.
    compare_with_bash(
        "mkdir -p d1/d2; touch d1/d2/f d1/g\necho //tm?\necho /tm?//\necho .//d?\n\
         echo d1//d2//? d1//*// .//d1//* d?//d?//f d?///d2///f d?// *//g\n\
         echo ./d1//d2/f* d1//nomatch*",
    );
}

#[test]
fn glob_quoted_bang_caret_and_dash_in_brackets_are_literal() {
    compare_with_bash(
        "touch a b c '!' '^' -\necho [\\!a]; echo [\"!\"a]; echo [\\^a]; echo ['^'a]\n\
         echo [a\"-\"c]; echo [a\\-c]\necho [!a]; echo [^a]; echo [a-c]\n\
         x='!a'; echo [$x]; y=a-c; echo [$y]",
    );
}

#[test]
fn glob_backslash_from_an_expansion_quotes_the_next_character() {
    // POSIX, bash and dash: `x='\*'; echo $x` does not glob (and keeps
    // the backslash); `x='\a*'` matches what starts with `a`.
    compare_with_bash(
        "touch a ab '*' '\\\\' 'x]'\nx='\\*'; echo $x\nx='\\a*'; echo $x\nx='\\q*'; echo $x\n\
         x='\\'; echo $x* $x\\* $x\"*\"\nx='[\\!a]'; echo $x\nx='\\x]'; echo $x*\n\
         x='\\\\*'; echo $x\nx='a\\ b'; printf '[%s]' $x; echo",
    );
}

#[test]
fn glob_collating_symbols_and_equivalence_classes() {
    compare_with_bash(
        "touch a b c\necho [[.a.]] [![.a.]] [[=b=]-c] [a-[.c.]] [[.a.]-[.b.]] [[=a=]b]\n\
         echo [[.hyphen.]] [[.x",
    );
}

// ---------------------------------------------------------------------------
// 5. Tilde, `${x:\<newline>-w}`, `${#x}` in the locale

#[test]
fn tilde_prefix_ends_only_where_it_should() {
    // `}` ends a tilde prefix only in `${x:-~}`: `~root}` names no user.
    // bash also ends one at `:` in any word (dash only in assignments).
    compare_with_bash(
        "HOME=/h\necho ~root} ~} ${u:-~}x ${u:-~root}\necho ~:x ~root:x a=~/x:~/y c=\"x\":~ d=x\":\"~\n\
         a=~/x:~/y:x~/z:~root/:~nouser_zz:~; echo $a\nb=~/x\"~/y\":~/z; echo $b\n\
         f=a=b:~; echo $f\ng=b=~; echo $g",
    );
}

#[test]
fn tilde_plus_and_minus_are_pwd_and_oldpwd() {
    // A bash extension (dash leaves them as they are); POSIX leaves a
    // tilde prefix that is no login name unspecified.
    compare_with_bash(
        "cd /\necho ~+ ~+/x\ncd /tmp\necho ~- ~-/y ~+\nx=~-:~+; echo $x\n\
         unset OLDPWD; echo ~-\nPWD=; echo [~+]",
    );
}

#[test]
fn continuation_between_colon_and_operator() {
    compare_with_bash("echo ${U:\\\n-x} \"${U:\\\n\\\n+y}z\" ${U\\\n:-w} \"${U\\\n:=v}\" $U");
}

#[test]
fn length_counts_bytes_in_the_c_locale() {
    // The harness runs both shells with LC_ALL=C.
    compare_with_bash("x=é; echo ${#x}\ny=aé€; echo ${#y}");
}

#[test]
fn length_counts_characters_in_utf8() {
    compare_with_bash_env(
        "x=é; echo ${#x}\nLC_ALL=C; echo ${#x}\nLC_ALL=C.UTF-8; echo ${#x}\n\
         LC_ALL=C x=aé; echo ${#x}\nunset LC_ALL; echo ${#x}\nLC_CTYPE=POSIX; echo ${#x}\n\
         LC_CTYPE=; echo ${#x}\nLC_ALL=C.UTF-8 true; echo ${#x}",
        &[("LC_ALL", ""), ("LANG", "C.UTF-8")],
    );
}

// ---------------------------------------------------------------------------
// 6. Expansion errors in asynchronous commands and pipelines; `!`

#[test]
fn expansion_error_in_background_command_spares_the_line() {
    compare_with_bash(
        "${U!x} & wait $!; echo next $?\n${u?boom} & wait $!; echo st=$?\necho after",
    );
}

#[test]
fn expansion_error_in_pipeline_element_spares_the_line() {
    compare_with_bash(
        "echo a | ${U!x} | cat; echo next $?\necho a | ${u?boom2}; echo st=$?\n\
         ${u:?b3} | true; echo st=$?\necho after",
    );
}

#[test]
fn bang_before_ampersand_and_connectors_is_a_syntax_error() {
    compare_with_bash("echo before\n! & echo x\necho not-run");
    compare_with_bash("! && echo y");
    compare_with_bash("! || echo z");
    compare_with_bash("true & ! &");
}

#[test]
fn bang_alone_before_semicolon_or_end() {
    // bash and mksh take `!` alone as an empty pipeline; dash rejects it.
    // POSIX requires a command after `!`; bash decides.
    compare_with_bash("!; echo $?\n! !; echo $?\n! ! true; echo $?\n!\necho $?");
}

// ---------------------------------------------------------------------------
// Found by a sweep of expansions

#[test]
fn at_and_star_are_unset_without_positional_parameters() {
    // bash and mksh; dash takes `$@` as always set. POSIX: "$@" with no
    // positional parameters is zero fields, and `@` is then unset.
    compare_with_bash(
        "set --\nprintf '<%s>' ${@-x} \"${@-x}\" ${*-x} \"${*-x}\" ${@+y} ${*+y}; echo\n\
         set -- ''\nprintf '<%s>' ${@:-x} \"${@:-x}\" ${*:-x} ${@-x} ${@:+y} ${*:+y}; echo\n\
         set -- '' ''\nprintf '<%s>' ${@:-x} ${*:-x} ${@:+y} \"${*:+y}\"; echo\n\
         IFS=; printf '<%s>' \"${*:-x}\" \"${*:+y}\" ${*:+y}; echo\n\
         set --; echo \"${@=x}\"; echo no",
    );
}

#[test]
fn at_unset_error_message() {
    compare_with_bash("set --\necho ${@?}\necho no");
}

#[test]
fn dollar_single_quotes_decode_escapes() {
    // POSIX.1-2024 `$'...'`; `\u` and `\U` are bash's, shown as written in
    // the C locale of the harness.
    compare_with_bash(
        "printf '[%s]' $'a\\tb' $'\\101\\1010' $'\\x41\\x4142' $'\\cA\\c?' $'\\'\\\"\\?\\\\' \
         $'\\q' $'\\x' $'\\u' $'\\u00e9' $'\\U0001F600' $'\\u0041' $'' x$''y $'a\\0b'c | od -c\n\
         printf '[%s]' \"$'a'\" \"${u:-$'c\\td'}\" ${u:-$'e\\tf'} $'a\nb'; echo",
    );
}

#[test]
fn dollar_single_quotes_in_utf8() {
    compare_with_bash_env(
        "printf '[%s]' $'\\u00e9' $'\\U0001F600' $'a\\u20acb' | od -c",
        &[("LC_ALL", "C.UTF-8")],
    );
}

#[test]
fn dollar_double_quotes_are_double_quotes() {
    // bash translates `$"..."` by the locale's message catalogue; in the C
    // locale it is "...". POSIX leaves `$"` unspecified.
    compare_with_bash("x='a  b'\nprintf '[%s]' $\"$x\" $\"y\" \"$\"z\"\" ${u:-$\"v w\"}; echo");
}

#[test]
fn glob_matches_characters_in_utf8() {
    // In a UTF-8 locale `?` and a bracket match one character, not one
    // byte; a byte that is no character matches as one.
    let script = "touch é a€b ab x ü Ω\nprintf '[%s]' ?; echo; printf '[%s]' a?b; echo\n\
                  printf '[%s]' [é] [!é] [a-ü] [[:alpha:]] [[:upper:]]; echo\n\
                  printf '[%s]' *€* ?? [[.é.]]; echo";
    compare_with_bash_env(script, &[("LC_ALL", "C.UTF-8")]);
    compare_with_bash(script);
}

#[test]
fn brace_expansion() {
    // bash's, before every other expansion (dash has none: POSIX sh leaves
    // `{a,b}` as it is; bash is the reference).
    compare_with_bash(
        "printf '[%s]' x{a,b}y {a,{b,c}} {a} {} {,} x{,}y {,a} {a,b a{b,c}d{e,f} {a,b}} {{a,b}; echo\n\
         printf '[%s]' {1..3} {3..1} {1..10..3} {01..3} {-01..2} {0..-02} {a..e..2} {1..a} {x..z..0}; echo\n\
         printf '[%s]' \\{a,b} {a\\,b} {\"a b\",c} {'$x',y} ~{a,b} {~,x} \"{a,b}\" ${u-{a,b}} {$u,x} ''{,}; echo\n\
         a={x,y}; echo $a; export b={x,y}; echo $b; echo c={x,y} {x,y}=~ a={x,~}\n\
         touch f1 f2 g1; echo {f,g}* {f,h}?; x=1; echo {$x,2}\n\
         echo hi > {p,q}; echo $?",
    );
}

#[test]
fn brace_expansion_of_too_many_words_is_an_error() {
    compare_with_bash("echo start\necho {1..2}{1..2}\necho end");
    let out = common::run_c("echo {1..99999999}; echo same-line\necho next-line");
    assert_eq!(out.out(), "next-line\n", "{}", out.describe());
    assert!(
        out.err().contains("brace expansion: too many words"),
        "{}",
        out.describe()
    );
}
