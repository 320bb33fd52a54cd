//! The points of issue 10 still open that live at the terminal: `set -b`
//! while a foreground job runs, `set +m`/`set -m` at the prompt, prompts
//! with `$(...)`, `$((...))` and `${...}`, history expansion across
//! continuation lines, and `fc` with the history file. Every scenario runs
//! under TERM=dumb and TERM=xterm-256color, and passes against bash too
//! (`JSH_TEST_SHELL=bash`).

#[macro_use]
#[path = "pty/mod.rs"]
mod pty;

use pty::{CTRL_D, Setup, Shell, TempDir, bg_pid, gone, job_line, stat};

terms!(
    set_b_reports_while_a_foreground_job_runs,
    set_plus_m_at_the_prompt,
    prompt_substitutions,
    history_expansion_knows_quotes_of_earlier_lines,
    fc_edits_the_history_file_too,
    set_o_at_the_prompt,
);

/// `set -b`: a background job that ends while a foreground job runs is
/// reported then, not when the foreground job is over (bash reports from
/// its SIGCHLD handler). The foreground `cat` waits for input the test
/// sends only once the report is seen.
fn set_b_reports_while_a_foreground_job_runs(term: &str) {
    let mut sh = Shell::start(term);
    sh.run("set -b");
    let out = sh.run("sleep 0.2 &");
    let pid = bg_pid(&sh, &out, 1);
    sh.enter("cat");
    sh.wait_fg_job(&["cat"]);
    sh.expect(&job_line(1, '+', "Done", "sleep 0.2"));
    assert!(gone(pid), "the sleep was reaped");
    sh.send("typed\r");
    sh.expect("typed");
    sh.expect("typed");
    sh.key(CTRL_D);
    let out = sh.prompt();
    assert!(!out.contains("Done"), "told once only: {out:?}");

    // Without -b the report waits for the foreground job to end.
    sh.run("set +b");
    sh.run("sleep 0.2 &");
    sh.enter("cat");
    sh.wait_fg_job(&["cat"]);
    sh.wait_until("the sleep to end", |pid| {
        pty::children(pid).iter().all(|c| c.comm != "sleep")
    });
    sh.send("line\r");
    let mut before = sh.expect("line");
    before += &sh.expect("line");
    assert!(!before.contains("Done"), "{before:?}");
    sh.key(CTRL_D);
    let out = sh.prompt();
    assert!(
        out.contains(&job_line(1, '+', "Done", "sleep 0.2")),
        "{out:?}"
    );
}

/// `set +m` at the prompt: job control off, so a background job stays in
/// the shell's process group and `$-` loses `m`; `set -m` gives each job
/// its own group again.
fn set_plus_m_at_the_prompt(term: &str) {
    let mut sh = Shell::start(term);
    let flags = sh.run("echo $-");
    assert!(flags.contains('m'), "{flags:?}");
    sh.run("set +m");
    let flags = sh.run("echo $-");
    assert!(!flags.contains('m'), "{flags:?}");
    let out = sh.run("sleep 30 & echo pid=$!");
    let pid: i32 = out
        .lines()
        .find_map(|l| l.strip_prefix("pid=")?.trim().parse().ok())
        .unwrap_or_else(|| sh.fail(&format!("no pid in {out:?}")));
    let shell_pgrp = sh.stat().pgrp;
    let job = stat(pid).unwrap_or_else(|| sh.fail("no sleep"));
    assert_eq!(job.pgrp, shell_pgrp, "no process group of its own");
    sh.run("kill %1; wait");

    sh.run("set -m");
    let out = sh.run("sleep 30 & echo pid=$!");
    let pid: i32 = out
        .lines()
        .find_map(|l| l.strip_prefix("pid=")?.trim().parse().ok())
        .unwrap_or_else(|| sh.fail(&format!("no pid in {out:?}")));
    let job = stat(pid).unwrap_or_else(|| sh.fail("no sleep"));
    assert_eq!(job.pgrp, pid, "its own process group");
    sh.run("kill %1");
    sh.wait_until("the sleep to go", |_| gone(pid));
}

/// PS1 and PS2 are expanded as bash (`promptvars`) expands them: escapes
/// first, then `$(...)`, `$((...))` and `${...}`; what an escape gives
/// (a directory's name) is not expanded again; `$?` survives the
/// prompt's own commands; a failed expansion is told and the shell lives.
fn prompt_substitutions(term: &str) {
    let mut sh = Shell::start(term);
    sh.enter("PS1='$(echo hi)> '");
    sh.expect("hi> ");
    sh.enter("x=5 PS1='[$((x * 2))] ${x:-none} ${#x}> '");
    sh.expect("[10] 5 1> ");
    sh.enter("mkdir -p '$(echo bad)' && cd '$(echo bad)' && PS1='\\W> '");
    sh.expect("$(echo bad)> ");
    sh.enter("cd .. && PS1='$(exit 3)> ' PS2='more $((1 + 1))> '");
    sh.expect("> ");
    sh.enter("(exit 7)");
    sh.expect("> ");
    sh.enter("echo st=$?");
    sh.expect("st=7");
    sh.enter("echo 'open");
    sh.expect("more 2> ");
    sh.enter("close'");
    sh.expect("close");
    sh.enter("PS1='${nope?unset here}> '");
    sh.expect("nope: unset here");
    sh.enter("PS1='jsh$ '");
    sh.prompt();
    assert_eq!(sh.run("echo alive"), "alive\n");
}

/// History expansion on a continuation line starts in the quotes the
/// earlier lines left open, as bash's: `!!` in the single-quoted part of
/// a second line is text; after the quote closes it expands again; in a
/// double-quoted part `!"` before the closing quote is text.
fn history_expansion_knows_quotes_of_earlier_lines(term: &str) {
    let mut sh = Shell::start(term);
    assert_eq!(sh.run("echo first"), "first\n");
    sh.enter("echo 'a");
    sh.expect("> ");
    sh.enter("b!!c' !!");
    let out = sh.prompt();
    assert!(out.contains("a\nb!!c echo first\n"), "{out:?}");
    assert!(!out.contains("event not found"), "{out:?}");
    sh.enter("echo \"x");
    sh.expect("> ");
    sh.enter("y!\"");
    let out = sh.prompt();
    assert!(out.ends_with("x\ny!\n"), "{out:?}");
    sh.enter("echo 'one");
    sh.expect("> ");
    sh.enter("two");
    sh.expect("> ");
    sh.enter("th!!ree'");
    let out = sh.prompt();
    assert!(out.ends_with("one\ntwo\nth!!ree\n"), "{out:?}");
}

/// `fc -e EDITOR` runs the edited command and puts it in the history in
/// place of the `fc` command, in the history file too, as bash (which
/// writes its list at exit) has it: the next shell finds `echo two`, never
/// the `fc` line.
fn fc_edits_the_history_file_too(term: &str) {
    let home = TempDir::new();
    let file = home.path().join("hist");
    let setup = Setup::default()
        .home(home.path())
        .env("HISTFILE", file.to_str().expect("utf-8 path"));
    let mut sh = Shell::start_with(term, setup.clone());
    assert_eq!(sh.run("echo one"), "one\n");
    let out = sh.run("fc -e 'sed -i s/one/two/'");
    assert_eq!(out, "echo two\ntwo\n");
    sh.enter("exit");
    sh.wait_exit();
    let text = std::fs::read_to_string(&file).expect("the history file");
    // jsh marks each entry with a `#<time>` line; bash, without
    // HISTTIMEFORMAT, writes none.
    let entries: Vec<&str> = text
        .lines()
        .filter(|l| !(l.starts_with('#') && l[1..].bytes().all(|b| b.is_ascii_digit())))
        .collect();
    assert_eq!(entries, ["echo one", "echo two", "exit"], "{text:?}");

    let mut sh = Shell::start_with(term, setup);
    let listed = sh.run("fc -ln 1 2");
    let listed: Vec<&str> = listed.lines().map(str::trim).collect();
    assert_eq!(listed, ["echo one", "echo two"]);
}

/// `set -o` in an interactive shell: bash's list (the options jsh has)
/// with what is on there
/// (emacs keys, history and its expansion, job control), and `$-` as
/// bash's.
fn set_o_at_the_prompt(term: &str) {
    let mut sh = Shell::start(term);
    let list = sh.run("set -o");
    let lines: Vec<&str> = list.lines().collect();
    // bash lists 27; jsh leaves out the 5 it does not have (functrace,
    // keyword, onecmd, posix, privileged).
    let count = if pty::is_bash() { 27 } else { 22 };
    assert_eq!(lines.len(), count, "{list:?}");
    for on in [
        "braceexpand    \ton",
        "emacs          \ton",
        "hashall        \ton",
        "histexpand     \ton",
        "history        \ton",
        "interactive-comments\ton",
        "monitor        \ton",
        "errtrace       \toff",
    ] {
        assert!(lines.contains(&on), "{on:?} in {list:?}");
    }
    assert_eq!(sh.run("echo $-"), "himBHs\n");
    sh.run("set +o history");
    assert!(sh.run("set -o").contains("history        \toff"));
    assert!(sh.run("set +o").contains("set +o history\n"));
}
