//! The fast paths of expansion (issue 9, "Speed"): a lone `[` is not a
//! pattern, IFS is looked up from a cache that every change to IFS clears,
//! a `case` pattern of plain text and a plain `$x` skip the general
//! expansion. Each script runs through bash, dash and jsh in `-c`, file and
//! stdin modes (see tests/common): the fast paths must give what the slow
//! ones gave.

mod common;

use common::Dash;

use Dash::{Agrees, Differs};

cases! {
    // A `[` with no `]` after it matches only itself; with one it is a
    // bracket expression. Files named `[`, `[a` and `x]` are made first.
    lone_bracket_is_literal: "d=$(mktemp -d); cd \"$d\" || exit; : >'[' ; : >'[a'; : >'x]'; echo [ [a a[ [] [? [*; echo [[] [!b] x[]] [x]; [ 1 = 1 ] && echo test-ok; cd /; rm -rf \"$d\"", Agrees;
    // IFS changes in every way a script can change it; the cache must
    // follow each one.
    ifs_cache_follows_changes: "x='a:b c'; printf '<%s>' $x; echo; IFS=:; printf '<%s>' $x; echo; unset IFS; printf '<%s>' $x; echo; IFS=' :'; printf '<%s>' $x; echo; IFS=' \t\n'; printf '<%s>' $x; echo", Agrees;
    ifs_cache_with_prefix_and_read: "x='a:b'; IFS=: read -r p q <<E\n1:2\nE\necho \"$p $q\"; printf '<%s>' $x; echo; IFS=: printf '<%s>' $x; echo; printf '<%s>' $x; echo", Agrees;
    // `local` is not POSIX, but dash and bash both restore IFS at return.
    ifs_cache_with_local: "x='a:b c'; f() { local IFS=:; printf '<%s>' $x; echo; }; f; printf '<%s>' $x; echo; g() { IFS=:; }; g; printf '<%s>' $x; echo", Agrees;
    ifs_cache_with_export_and_readonly: "x='a:b'; export IFS=:; printf '<%s>' $x; echo; readonly IFS; printf '<%s>' $x; echo", Agrees;
    // case with plain-text patterns, quoted ones and expanded ones.
    case_literal_and_quoted_patterns: "p='a*'; for w in apple 'a*' b.txt x '[x]' ''; do case $w in \"a*\") echo \"$w: quoted\";; a*) echo \"$w: a\";; *.txt|*.md) echo \"$w: text\";; \\[x\\]) echo \"$w: bracket\";; '') echo empty;; $p) echo never;; *) echo \"$w: other\";; esac; done", Agrees;
    case_literal_pattern_with_brackets_and_tilde: "for w in b '~' x1; do case $w in [abc]) echo class;; ~) echo tilde;; x[0-9]) echo digit;; esac; done", Agrees;
    // A plain `$x`: set, empty, unset, split, under set -u.
    plain_parameter: "x='a  b'; e=; printf '<%s>' $x \"$x\" $e \"$e\" $u \"$u\"; echo; set -u; echo \"$x\"; echo $u; echo after", Differs("both stop at the unbound variable; dash with status 2, bash with 1 (127 under -c); POSIX asks only for a non-zero status, and bash is the reference");
}
