//! History expansion at the prompt (issue 10, "What bash users type at
//! the prompt"): each event and word designator, the modifiers, the
//! expanded line shown before it runs, `event not found`, the quoting
//! that keeps `!` literal, and `set +H`. Every scenario runs under
//! TERM=dumb and TERM=xterm-256color, and passes against bash too
//! (`JSH_TEST_SHELL=bash`).

#[macro_use]
#[path = "pty/mod.rs"]
mod pty;

use pty::{Shell, name};

terms!(
    events_and_word_designators,
    modifiers_and_quick_substitution,
    event_not_found_runs_nothing,
    quoted_bangs_are_literal,
    set_plus_h_turns_it_off,
    fc_lists_runs_again_and_edits,
);

/// `!!`, `!$`, `!^`, `!*`, `!n`, `!-n`, `!str`, `!?str?` and `:0 :n :$
/// :*` ranges: each expanded line is shown, then run.
fn events_and_word_designators(term: &str) {
    let mut sh = Shell::start(term);
    assert_eq!(sh.run("echo a/b.c dd ee"), "a/b.c dd ee\n");
    assert_eq!(sh.run("!!"), "echo a/b.c dd ee\na/b.c dd ee\n");
    // History: 1 `echo a/b.c dd ee` (the `!!` repeats it: not kept).
    assert_eq!(sh.run("echo !^ !$"), "echo a/b.c ee\na/b.c ee\n");
    assert_eq!(sh.run("echo !-2:*"), "echo a/b.c dd ee\na/b.c dd ee\n");
    assert_eq!(sh.run("echo !1:0 !1:2-$"), "echo echo dd ee\necho dd ee\n");
    assert_eq!(sh.run("echo x!:1y"), "echo xechoy\nxechoy\n");
    assert_eq!(sh.run("echo !?b.c?:2"), "echo dd\ndd\n");
    assert_eq!(sh.run("!-1"), "echo dd\ndd\n");
    assert_eq!(sh.run("printf '%s\\n' !echo:1"), "printf '%s\\n' dd\ndd\n");
    // The entry is the line as expanded: `!!` repeats that.
    assert_eq!(sh.run("!!"), "printf '%s\\n' dd\ndd\n");
}

/// `:h :t :r :e`, `:s/old/new/`, `^old^new`, and `:p` (shown and
/// recorded, not run).
fn modifiers_and_quick_substitution(term: &str) {
    let mut sh = Shell::start(term);
    assert_eq!(sh.run("echo /usr/src/x.tar"), "/usr/src/x.tar\n");
    assert_eq!(
        sh.run("echo !$:h !$:t !$:r !$:e"),
        "echo /usr/src x.tar /usr/src/x .tar\n/usr/src x.tar /usr/src/x .tar\n"
    );
    assert_eq!(sh.run("echo one two"), "one two\n");
    assert_eq!(sh.run("^two^three"), "echo one three\none three\n");
    assert_eq!(sh.run("!!:s/one/1/"), "echo 1 three\n1 three\n");
    assert_eq!(sh.run("echo ran !!:p"), "echo ran echo 1 three\n");
    assert_eq!(sh.run("!!"), "echo ran echo 1 three\nran echo 1 three\n");
}

/// An unknown event, a bad word designator, a failed substitution: bash's
/// message, nothing runs, `$?` is left as it was.
fn event_not_found_runs_nothing(term: &str) {
    let mut sh = Shell::start(term);
    let n = name();
    assert_eq!(sh.run("false"), "");
    assert_eq!(
        sh.run("echo ran !nosuch"),
        format!("{n}: !nosuch: event not found\n")
    );
    assert_eq!(sh.status(), 1);
    assert_eq!(
        sh.run("echo ran !-99"),
        format!("{n}: !-99: event not found\n")
    );
    assert_eq!(
        sh.run("echo ran !!:7"),
        format!("{n}: :7: bad word specifier\n")
    );
    assert_eq!(
        sh.run("^zz^y"),
        format!("{n}: :s^zz^y: substitution failed\n")
    );
}

/// `!` in single quotes, after a backslash, before a blank, `=` or `(`,
/// at the end of a word, in `$!`, and before a closing `"`: as typed, and
/// no line is shown.
fn quoted_bangs_are_literal(term: &str) {
    let mut sh = Shell::start(term);
    assert_eq!(sh.run("echo hi"), "hi\n");
    assert_eq!(sh.run("echo '!!' \\!x"), "!! !x\n");
    assert_eq!(sh.run("echo a ! b != c x!"), "a ! b != c x!\n");
    assert_eq!(sh.run("echo \"wow!\""), "wow!\n");
    assert_eq!(sh.run("echo \"[$!]\""), "[]\n");
    // In double quotes `!!` does expand.
    assert_eq!(sh.run("echo hi"), "hi\n");
    assert_eq!(sh.run("echo \"<!!>\""), "echo \"<echo hi>\"\n<echo hi>\n");
}

/// `set +H` turns expansion off (and `H` leaves `$-`); `set -H` back on.
fn set_plus_h_turns_it_off(term: &str) {
    let mut sh = Shell::start(term);
    assert!(sh.run("echo $-").contains('H'));
    assert_eq!(sh.run("set +H"), "");
    assert_eq!(sh.run("echo !! !$"), "!! !$\n");
    assert!(!sh.run("echo $-").contains('H'));
    assert_eq!(sh.run("set -o histexpand"), "");
    assert_eq!(sh.run("echo x !$"), "echo x histexpand\nx histexpand\n");
}

/// `fc -l` (numbers, `-n`, `-r`, offsets, the `fc` itself left out),
/// `fc -s old=new`, `fc -e EDITOR` and `FCEDIT`: the command run is shown
/// first and takes the place of the `fc` in the history.
fn fc_lists_runs_again_and_edits(term: &str) {
    let mut sh = Shell::start(term);
    let n = name();
    assert_eq!(sh.run("echo aa ba"), "aa ba\n");
    assert_eq!(sh.run("echo second"), "second\n");
    assert_eq!(sh.run("fc -l"), "1\t echo aa ba\n2\t echo second\n");
    assert_eq!(sh.run("fc -ln -2"), "\t echo second\n\t fc -l\n");
    assert_eq!(sh.run("fc -lr 1 2"), "2\t echo second\n1\t echo aa ba\n");
    assert_eq!(sh.run("fc -l 2 1"), "2\t echo second\n1\t echo aa ba\n");
    assert_eq!(sh.run("fc -s a=X 1"), "echo XX bX\nXX bX\n");
    assert_eq!(sh.run("fc -s X=Y"), "echo YY bY\nYY bY\n");
    assert_eq!(sh.run("fc -s Y=Z ech"), "echo ZZ bZ\nZZ bZ\n");
    assert_eq!(
        sh.run("fc -s nosuch"),
        format!("{n}: fc: no command found\n")
    );
    assert_eq!(
        sh.run("fc -x"),
        format!(
            "{n}: fc: -x: invalid option\n\
             fc: usage: fc [-e ename] [-lnr] [first] [last] or fc -s [pat=rep] [command]\n"
        )
    );
    assert_eq!(sh.run("fc -e 'sed -i s/aa/ed/' 1"), "echo ed ba\ned ba\n");
    assert_eq!(sh.run("FCEDIT='sed -i s/ba/fc/'"), "");
    assert_eq!(sh.run("fc 1"), "echo aa fc\naa fc\n");
    assert_eq!(
        sh.run("fc -l -3"),
        "12\t echo ed ba\n13\t FCEDIT='sed -i s/ba/fc/'\n14\t echo aa fc\n"
    );
}
