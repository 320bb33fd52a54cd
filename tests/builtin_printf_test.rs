//! The `printf`, `test` and `[` builtins (issue 10). Each script runs
//! through bash, dash and jsh in `-c`, file and stdin modes (see
//! tests/language.rs for the rules). Most cases print an error or use a
//! bash extension, which /usr/bin/printf and /usr/bin/[ word differently:
//! they prove that the builtins, not the programs, run.

mod common;

use common::Dash;

use Dash::{Agrees, Differs};

const DASH_ERRORS: &str = "dash words the message differently (`Illegal number', \
     `expected numeric value'); stdout and status are bash's, the reference";
const BASH_ONLY: &str = "a bash extension dash does not have (-v, %q, %(...)T, \\u, `==', -v NAME, \
     -nt/-ot/-ef on missing files...), so bash is the reference";

cases! {
    // Builtins, even without PATH.
    builtins_without_path: "PATH=/nonexistent; printf '%s\\n' ok; [ a = a ] && test b && echo builtin; type printf test [", Agrees;
    // printf: conversions
    printf_strings: "printf '%s|%5s|%-5s|%.2s|%c|%c\\n' abc ab ab abc xyz ''", Agrees;
    printf_integers: "printf '%d %i %o %u %x %X %#x %#o\\n' 10 -10 8 3 255 255 255 8", Agrees;
    printf_integer_flags: "printf '%-5d|%05d|%+d|% d|%-+5d|%.3d|%8.3x|%-#8o|\\n' 3 3 3 3 3 5 255 8", Agrees;
    printf_integer_forms: "printf '%d\\n' 0x1f 010 -0x10 ' 12' \"'a\" '\"b' \"'\"", Agrees;
    printf_unsigned_of_negative: "printf '%u %x %o\\n' -1 -1 -1", Agrees;
    printf_floats: "printf '%f %.2f %e %E %g %G %.10g %#g\\n' 1.5 3.14159 123 1e-5 100000 1e-5 0.333333 1", Agrees;
    printf_float_forms: "printf '%.0f %.0f %f %f %f\\n' 2.5 3.5 0x1p3 -0 1e3", Agrees;
    printf_float_special: "printf '%f %f %e\\n' inf -inf nan", Agrees;
    printf_star_width_precision: "printf '%*d|%-*d|%.*f|%*s|\\n' 5 1 4 2 2 3.14159 -4 ab", Agrees;
    printf_length_modifiers: "printf '%ld %hd %lld %jd %zd\\n' 1 2 3 4 5", Differs("dash rejects length modifiers; bash ignores them, as C's sizes mean nothing here");
    printf_percent: "printf '100%%\\n'", Agrees;
    printf_reuses_format: "printf '%s\\n' a b c; printf '%s %s\\n' a b c; printf '[%d]' 1 2 3; echo", Agrees;
    printf_missing_arguments: "printf '%s|%d|%f|%c|\\n' | od -c", Agrees;
    printf_no_conversion_with_args: "printf 'x\\n' a b", Agrees;
    printf_format_escapes: "printf 'a\\tb\\\\c\\101\\0101\\x41\\x411 \\q \\a\\b\\f\\v\\r\\e\\n' | od -c", Differs("dash has no \\e or \\x in the format; bash is the reference");
    printf_format_escapes_posix: "printf 'a\\tb\\\\c\\101\\0101 \\a\\b\\f\\v\\r\\n' | od -c", Agrees;
    printf_b_escapes: "printf '%b|' 'a\\tb' '\\101' '\\0101' 'x\\\\y' 'q\\q'; echo", Agrees;
    printf_b_stops_at_c: "printf '%s-%b\\n' a 'x\\cy' b c; echo after", Agrees;
    printf_b_width: "printf '%5b|%-5b|%.2b|\\n' ab cd efg", Agrees;
    printf_unicode: "printf '\\u0041\\U00000042 \\u00e9\\n'", Differs(BASH_ONLY);
    printf_trailing_backslash: "printf 'a\\\\'; echo; printf '%s\\n' '\\'", Agrees;
    printf_backslash_c_in_format: "printf 'a\\cb\\n'; echo", Agrees;
    printf_q: "printf '%q\\n' 'a b' '' \"x'y\" '~a' '#b' 'a=~b' 'a,b' 'a*b' '=x' 'x~'", Differs(BASH_ONLY);
    printf_q_controls: "printf '%q\\n' 'a\tb' 'a\nb'", Differs(BASH_ONLY);
    printf_v: "printf -v v '%s.' a b; echo \"[$v]\"; printf -vw x; echo $w", Differs(BASH_ONLY);
    printf_v_bad_name: "printf -v 1a x; echo $?", Differs(BASH_ONLY);
    printf_v_missing: "printf -v; echo $?", Differs(BASH_ONLY);
    printf_time: "TZ=UTC printf '%(%Y-%m-%d)T|%5(%H)T|\\n' 86400 0", Differs(BASH_ONLY);
    printf_character_codes_by_locale: "printf '%d %d %d|' \"'\u{e9}\" \"'a\" \"'\"; LC_ALL=C.UTF-8; printf '%d %d\\n' \"'\u{e9}\" \"'\u{20ac}x\"", Differs("dash takes the first byte whatever the locale; POSIX and bash take the character in a UTF-8 locale");
    printf_double_dash: "printf -- '%s\\n' x", Agrees;
    // printf: errors
    printf_no_format: "printf; echo $?", Differs(DASH_ERRORS);
    printf_invalid_option: "printf -x; echo $?", Differs(DASH_ERRORS);
    printf_bad_number: "printf '%d|\\n' 12abc abc 1.5; echo $?", Differs(DASH_ERRORS);
    printf_bad_number_words: "printf '%d\\n' - + 0x 08 '12 '; echo $?", Differs(DASH_ERRORS);
    printf_bad_float: "printf '%f %e %g\\n' 1.5 abc 2; echo $?", Differs(DASH_ERRORS);
    printf_bad_star: "printf '%*d\\n' x 3; echo $?", Differs(DASH_ERRORS);
    printf_out_of_range: "printf '%d %d %u\\n' 99999999999999999999 -9223372036854775809 18446744073709551616; echo $?", Differs(DASH_ERRORS);
    printf_errors_between_lines: "printf '%d\\n' 1 x 2 2>&1", Differs(DASH_ERRORS);
    printf_invalid_conversion: "printf 'a%yb\\n'; echo $?; printf '%5%\\n'; echo $?", Differs(DASH_ERRORS);
    printf_missing_conversion: "printf 'abc%'; echo $?; printf '%5.2'; echo $?; printf '%-'; echo $?", Differs(DASH_ERRORS);
    printf_missing_hex_digit: "printf '\\xg\\n'; echo $?; printf '%b\\n' '\\x' '\\u'", Differs(DASH_ERRORS);
    printf_write_error: "printf '%s\\n' x >&-; echo $?", Differs(DASH_ERRORS);
    // test and [: POSIX's rules by argument count
    test_zero_and_one: "test; echo $?; [ ]; echo $?; [ '' ]; echo $?; [ x ]; echo $?; test -n; echo $?; test !; echo $?; [ -t ]; echo $?", Agrees;
    test_two: "test -n ''; echo $?; test -z ''; echo $?; test ! ''; echo $?; test ! x; echo $?", Agrees;
    test_three: "test a = a; echo $?; test ! = x; echo $?; test ! -z x; echo $?; test '(' x ')'; echo $?; test x -a ''; echo $?; test x -o ''; echo $?; test = = =; echo $?", Agrees;
    test_four: "test ! a = b; echo $?; test '(' -n x ')'; echo $?; test ! '(' x ')'; echo $?", Agrees;
    test_four_double_negation: "test ! ! -n x; echo $?", Differs("dash gives 1; POSIX's four-argument rule (`!' negates the three-argument test `! -n x', itself the negated `-n x') gives 0, as bash");
    test_expression: "test a = a -a ! b = c -o x; echo $?; test '(' a = b -o -n x ')' -a -z ''; echo $?; test -z '' -o a = b -a c = d; echo $?; [ ! '(' a = b ')' ]; echo $?", Agrees;
    test_strings: "[ a = a ] && [ a != b ] && [ b \\> a ] && [ a \\< b ] && [ -n x ] && [ -z '' ] && echo yes", Agrees;
    test_double_equals: "[ a == a ]; echo $?; [ a == b ]; echo $?", Differs(BASH_ONLY);
    test_integers: "for op in -eq -ne -lt -le -gt -ge; do [ 2 $op 3 ]; printf %s $?; [ 3 $op 3 ]; printf %s $?; [ -4 $op +3 ]; printf %s $?; done; echo; [ ' 1 ' -eq 1 ]; echo $?", Agrees;
    test_integer_errors: "test 1 -eq a; echo $?; test 1x -lt 2; echo $?; test '' -eq 0; echo $?; test 0x10 -eq 16; echo $?; test 99999999999999999999 -gt 1; echo $?", Differs(DASH_ERRORS);
    test_files: "touch f; mkdir d; ln -s f l; ln -s nowhere broken; mkfifo p; chmod 755 f; for o in -e -f -d -h -L -p -r -w -x -s -b -c -S -g -u -k -a; do for x in f d l broken p nope /dev/null ''; do test $o \"$x\"; printf %s $?; done; echo \" $o\"; done", Differs("dash has no unary -a (it means `and'); the others agree: see test_files_posix");
    test_files_posix: "touch f; mkdir d; ln -s f l; mkfifo p; echo x > s; for o in -e -f -d -h -L -p -r -w -x -s -b -c -S; do for x in f d l p s nope /dev/null ''; do test $o \"$x\"; printf %s $?; done; echo \" $o\"; done", Agrees;
    test_owner_and_group: "touch f; test -O f; echo $?; test -G f; echo $?; test -O /nonexistent; echo $?", Agrees;
    test_tty: "test -t 0 < /dev/null; echo $?; test -t x; echo $?; test -t 99; echo $?", Differs("dash says `Illegal number' for -t x; bash is false quietly");
    test_newer_older_same: "echo a > old; touch -d '2000-01-01' old; echo b > new; ln new same; test new -nt old; echo $?; test old -ot new; echo $?; test new -ef same; echo $?; test new -ef old; echo $?; test new -nt nope; echo $?; test nope -ot new; echo $?; test nope -nt new; echo $?", Differs(BASH_ONLY);
    test_var_set: "x=1; test -v x; echo $?; test -v nope; echo $?; unset x; [ -v x ]; echo $?", Differs(BASH_ONLY);
    test_shell_options: "test -o emacs; echo $?; test -o monitor; echo $?; test -o nonsense; echo $?; set -b; test -o notify; echo $?; set +b; [ -o notify ]; echo $?; test -o vi; echo $?; test -o interactive-comments; echo $?", Differs("dash has no unary -o (only the binary `or'); bash is the reference");
    // test and [: errors, status 2
    bracket_missing_close: "[ a; echo $?; [ a = a; echo $?", Differs(DASH_ERRORS);
    bracket_close_in_the_middle: "[ a ] ]; echo $?", Differs(DASH_ERRORS);
    test_unary_expected: "test a b; echo $?; test -q a; echo $?; test '(' a b ')'; echo $?", Differs(DASH_ERRORS);
    test_binary_expected: "test a b c; echo $?; test -e / -a; echo $?; test x '' -a; echo $?", Differs(DASH_ERRORS);
    test_too_many_arguments: "test a b c d; echo $?; test a b c d e; echo $?", Differs(DASH_ERRORS);
    test_argument_expected: "test 1 -eq 1 -a; echo $?; test a -a b -o; echo $?", Differs(DASH_ERRORS);
    test_paren_expected: "test '(' a = b; echo $?; test '(' a = a; echo $?", Differs(DASH_ERRORS);
    test_in_conditions: "if [ -d / ]; then echo dir; fi; while [ ! -e stop ]; do touch stop; echo once; done; [ -e stop ] && echo stopped", Agrees;
}
