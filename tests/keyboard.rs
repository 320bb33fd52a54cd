//! At the keyboard (issue 4), driven through a real pseudo-terminal: line
//! editing, Tab completion, history, prompts, continuation lines, `set -b`
//! notifications, `help` and `type`.
//!
//! Each test starts its own shell on its own pty (see tests/pty/mod.rs),
//! types real keys (Tab, arrows, control and meta keys as the bytes a
//! terminal sends), waits for output with deadlines, and kills everything it
//! started when it ends. Tests of line editing and completion run with
//! `TERM=xterm-256color` (with `TERM=dumb` the shell reads lines plainly, in
//! the terminal's cooked mode, with no line editor); the others run under
//! both terminal types (tests `NAME::dumb` and `NAME::xterm`).
//!
//! The line editor redraws the whole line, prompt included, when a
//! completion or an edit changes it, so the transcript may hold stale
//! copies of the prompt. The helpers here therefore wait for a redraw's
//! exact text ([`complete`]), or for a command's output on lines of its own
//! right before the next prompt ([`keys_then_output`]), never for a bare
//! prompt after an edit.

#[macro_use]
#[path = "pty/mod.rs"]
mod pty;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use pty::{
    CTRL_C, CTRL_D, PROMPT, Setup, Shell, TempDir, bg_pid, gone, job_line, name, reaped, stopped,
};

const XTERM: &str = "xterm-256color";

/// Run scenario `$f()` (line editing: a capable terminal only) as a test
/// `$f::xterm`.
macro_rules! xterm {
    ($($f:ident),* $(,)?) => {$(
        mod $f {
            #[test]
            fn xterm() {
                super::$f()
            }
        }
    )*};
}

xterm!(
    completes_commands_from_builtins_and_path,
    completes_file_names_escaped,
    completes_directories_only_after_cd,
    completes_job_specs,
    completes_variable_names,
    emacs_editing_keys,
    ctrl_r_searches_history,
    vi_mode_and_back_to_emacs,
);

terms!(
    columns_and_lines_follow_the_window,
    history_persists_across_sessions,
    history_of_two_concurrent_shells_loses_nothing,
    history_file_is_private_and_follows_histfile,
    history_skips_leading_space_and_duplicates,
    history_clear,
    history_size_caps_entries,
    ps1_counts_jobs_and_shows_last_status,
    ps1_escapes,
    prompts_from_environment_and_rc_file,
    default_ps1,
    prompt_expansion_never_runs_commands,
    ps2_continues_incomplete_lines,
    ctrl_c_at_ps2_abandons_whole_command,
    set_b_reports_done_above_the_line_being_typed,
    set_b_reports_stopped_job_at_once,
    without_set_b_done_waits_for_next_prompt,
    window_resize_keeps_the_line,
    several_lines_typed_ahead_all_run,
    help_and_type,
    type_answers_in_argument_order,
);

// ------------------------------------------------------------- helpers --

/// Type `typed` (holding Tab keys, no Enter) and wait until the line editor
/// redraws the line as `shown`: the prompt and the whole line, as a
/// completion redraws it. Nothing before that redraw can match, since the
/// typed text is shorter than what completion makes of it.
#[track_caller]
fn complete(sh: &mut Shell, typed: &str, shown: &str) {
    sh.send(typed);
    sh.expect(&format!("{PROMPT}{shown}"));
}

/// Type `keys` (ending with Enter) and wait for `want`, the command's whole
/// output, on lines of its own right before the next prompt. The line
/// editor's redraws all come before the newline that Enter makes, so this
/// can only be the command's output; `want` must not be empty.
#[track_caller]
fn keys_then_output(sh: &mut Shell, keys: &str, want: &str) {
    assert!(!want.is_empty());
    sh.send(keys);
    sh.expect(&format!("\n{want}{PROMPT}"));
}

/// After [`complete`]: type `rest` and Enter, and check the command's
/// output.
#[track_caller]
fn finish(sh: &mut Shell, rest: &str, want: &str) {
    keys_then_output(sh, &format!("{rest}\r"), want);
}

/// Type `cmd` and Enter at a prompt that is not [`PROMPT`]; wait for
/// `prompt` and return the output before it.
#[track_caller]
fn run_at(sh: &mut Shell, cmd: &str, prompt: &str) -> String {
    sh.enter(cmd);
    sh.expect(prompt)
}

fn write_executable(path: &Path, text: &str) {
    fs::write(path, text).expect("write a script");
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).expect("chmod a script");
}

/// PATH of the tests, which the harness gives the shell.
fn test_path() -> String {
    std::env::var("PATH").unwrap_or_else(|_| "/usr/local/bin:/usr/bin:/bin".to_string())
}

fn history_file(home: &Path) -> std::path::PathBuf {
    home.join(".jsh_history")
}

/// The entries of a history file: each line after its `#<time>` mark
/// (every entry has one, as bash writes them with HISTTIMEFORMAT set).
fn read_lines(path: &Path) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let is_mark = |l: &str| {
        l.strip_prefix('#')
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut lines = Vec::new();
    let mut marked = false;
    for line in text.lines() {
        if is_mark(line) {
            assert!(!marked, "a mark with no entry in {text:?}");
            marked = true;
        } else {
            assert!(marked, "{line:?} has no mark before it in {text:?}");
            marked = false;
            lines.push(line.to_string());
        }
    }
    lines
}

/// The lines of `history` output without their numbers, checking the
/// numbers count up by one and the `%5d  ` layout.
#[track_caller]
fn history_entries(out: &str) -> Vec<String> {
    let mut prev: Option<usize> = None;
    out.lines()
        .map(|l| {
            let (num, line) = l
                .split_at_checked(5)
                .unwrap_or_else(|| panic!("short history line {l:?}"));
            let n: usize = num
                .trim_start()
                .parse()
                .unwrap_or_else(|_| panic!("no number in history line {l:?}"));
            if let Some(p) = prev {
                assert_eq!(n, p + 1, "history numbers count up: {out:?}");
            }
            prev = Some(n);
            line.strip_prefix("  ")
                .unwrap_or_else(|| panic!("history line is not `%5d  line`: {l:?}"))
                .to_string()
        })
        .collect()
}

// ---------------------------------------------------------- completion --

/// First word: builtins and executables on PATH; a unique completion
/// inserts the word and a space. The PATH cache notices a new executable
/// and a changed PATH.
fn completes_commands_from_builtins_and_path() {
    let tools = TempDir::new();
    write_executable(
        &tools.path().join("zzjsh-tool"),
        "#!/bin/sh\necho tool-ran \"$@\"\n",
    );
    let path = format!("{}:{}", tools.path().display(), test_path());
    let mut sh = Shell::start_with(XTERM, Setup::default().env("PATH", &path));

    // A builtin.
    complete(&mut sh, "ech\t", "echo ");
    finish(&mut sh, "hi", "hi\n");
    complete(&mut sh, "histo\t", "history ");
    finish(&mut sh, "1", "    2  history 1\n");

    // An executable on PATH, first word and after `|`.
    complete(&mut sh, "zzjsh-t\t", "zzjsh-tool ");
    finish(&mut sh, "a", "tool-ran a\n");
    complete(&mut sh, "echo x | zzjsh-t\t", "echo x | zzjsh-tool ");
    finish(&mut sh, "b", "tool-ran b\n");
    // After `;` and `&&`, command position again.
    complete(&mut sh, "true && zzjsh-t\t", "true && zzjsh-tool ");
    finish(&mut sh, "c", "tool-ran c\n");

    // A new executable in a PATH directory already listed.
    write_executable(&tools.path().join("zzjsh-new"), "#!/bin/sh\necho new-ran\n");
    complete(&mut sh, "zzjsh-n\t", "zzjsh-new ");
    finish(&mut sh, "", "new-ran\n");

    // PATH changes at the prompt.
    let more = TempDir::new();
    write_executable(
        &more.path().join("zzjsh-other"),
        "#!/bin/sh\necho other-ran\n",
    );
    assert_eq!(sh.run(&format!("PATH={}:$PATH", more.path().display())), "");
    complete(&mut sh, "zzjsh-o\t", "zzjsh-other ");
    finish(&mut sh, "", "other-ran\n");

    // Ambiguous: the first Tab inserts the common prefix, the second lists
    // the candidates.
    complete(&mut sh, "zzjsh\t", "zzjsh-");
    sh.send("\t");
    sh.expect_re(r"zzjsh-new +zzjsh-other +zzjsh-tool\n");
    complete(&mut sh, "t\t", "zzjsh-tool ");
    finish(&mut sh, "d", "tool-ran d\n");
}

/// File names: spaces and specials backslash-escaped, directories end in
/// `/` (no space, so the next Tab goes on inside), `~` understood.
fn completes_file_names_escaped() {
    let mut sh = Shell::start(XTERM);
    let home = sh.home().to_path_buf();
    fs::write(home.join("my file.txt"), "in my file\n").unwrap();
    fs::create_dir(home.join("some dir")).unwrap();
    fs::write(home.join("some dir/inner.txt"), "inner\n").unwrap();
    fs::write(home.join("a&b(c);d.txt"), "specials\n").unwrap();

    complete(&mut sh, "cat my\\ fi\t", "cat my\\ file.txt ");
    finish(&mut sh, "", "in my file\n");
    complete(&mut sh, "cat my\t", "cat my\\ file.txt ");
    finish(&mut sh, "", "in my file\n");

    complete(&mut sh, "cat some\t", "cat some\\ dir/");
    complete(&mut sh, "\t", "cat some\\ dir/inner.txt ");
    finish(&mut sh, "", "inner\n");

    complete(&mut sh, "cat a\t", "cat a\\&b\\(c\\)\\;d.txt ");
    finish(&mut sh, "", "specials\n");

    complete(&mut sh, "cat ~/my\t", "cat ~/my\\ file.txt ");
    finish(&mut sh, "", "in my file\n");

    // From another directory, with an absolute path.
    assert_eq!(sh.run("cd /"), "");
    let abs = home.join("some dir");
    let typed = format!("cat {}/some\\ d\t", home.display());
    complete(&mut sh, &typed, &format!("cat {}/", escape(&abs)));
    complete(&mut sh, "\t", &format!("cat {}/inner.txt ", escape(&abs)));
    finish(&mut sh, "", "inner\n");
}

/// What completion inserts for a path: spaces and specials escaped.
fn escape(path: &Path) -> String {
    let mut out = String::new();
    for c in path.display().to_string().chars() {
        if c.is_whitespace() || "'\"\\$&|;<>()*?[]#!{}`".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// After `cd`, only directories are candidates.
fn completes_directories_only_after_cd() {
    let mut sh = Shell::start(XTERM);
    let home = sh.home().to_path_buf();
    fs::create_dir_all(home.join("docs/sub")).unwrap();
    fs::write(home.join("doc.txt"), "").unwrap();

    // Elsewhere both are candidates: the common prefix, then the list.
    complete(&mut sh, "ls do\t", "ls doc");
    sh.send("\t");
    sh.expect_re(r"doc\.txt +docs/\n");
    sh.expect(&format!("{PROMPT}ls doc"));
    sh.send("\x15"); // Ctrl+U

    // After cd, only the directory.
    complete(&mut sh, "cd do\t", "cd docs/");
    complete(&mut sh, "\t", "cd docs/sub/");
    sh.send("\r");
    sh.expect("\n");
    sh.prompt();
    let out = sh.run("pwd");
    assert!(
        out.ends_with("/docs/sub\n"),
        "`cd do<Tab><Tab>` went to docs/sub: pwd says {out:?}"
    );
}

/// After `kill`, `fg`, ...: job specs, listed with their command lines.
fn completes_job_specs() {
    let mut sh = Shell::start(XTERM);
    let out = sh.run("sleep 100 &");
    let p100 = bg_pid(&sh, &out, 1);

    complete(&mut sh, "kill %\t", "kill %1 ");
    sh.send("\r");
    sh.expect("\n");
    // The job may be reported before this prompt (it died before the
    // shell looked) or before the next one.
    let first = sh.prompt();
    sh.wait_until("`kill %1` to end sleep 100", |_| reaped(p100));
    let (before, out) = sh.run_full("");
    assert!(
        format!("{first}{before}{out}").contains(&job_line(1, '+', "Terminated", "sleep 100")),
        "`kill %1` killed job 1: {first:?} {before:?} {out:?}"
    );

    let out = sh.run("sleep 101 &");
    let p101 = bg_pid(&sh, &out, 1);
    let out = sh.run("sleep 102 &");
    let p102 = bg_pid(&sh, &out, 2);
    // Two jobs: Tab, Tab lists both with their command lines.
    sh.send("fg \t\t");
    sh.expect_re(r"%1 +sleep 101( &)? +%2 +sleep 102( &)?\n");
    sh.expect(&format!("{PROMPT}fg "));
    complete(&mut sh, "2\t", "fg %2 ");
    sh.send("\r");
    sh.expect("sleep 102");
    let fg = sh.wait_fg_job(&["sleep"]);
    assert_eq!(
        fg[0].pid, p102,
        "`fg %2` brought sleep 102 to the foreground"
    );
    sh.key(CTRL_C);
    sh.prompt();
    sh.wait_until("sleep 102 to end", |_| gone(p102));

    complete(&mut sh, "disown %\t", "disown %1 ");
    sh.send("\r");
    sh.expect("\n");
    sh.prompt();
    assert_eq!(sh.run("jobs"), "", "`disown %1` removed the job");
    let _ = kill(Pid::from_raw(p101), Signal::SIGKILL);
}

/// After `$`: variable names.
fn completes_variable_names() {
    let mut sh = Shell::start(XTERM);
    let home = sh.home().display().to_string();
    // `$HO` would be ambiguous: HOSTNAME is set too, as in bash.
    complete(&mut sh, "echo $HOM\t", "echo $HOME ");
    finish(&mut sh, "", &format!("{home}\n"));
    assert_eq!(sh.run("ZZ_JSH_VAR=forty-two"), "");
    complete(&mut sh, "echo $ZZ_JSH\t", "echo $ZZ_JSH_VAR ");
    finish(&mut sh, "", "forty-two\n");
}

// -------------------------------------------------------------- editing --

/// The usual emacs keys.
fn emacs_editing_keys() {
    let mut sh = Shell::start(XTERM);
    // Ctrl+A to the start, Ctrl+E to the end.
    keys_then_output(&mut sh, "cho middle\x01e\x05 end\r", "middle end\n");
    // Ctrl+U kills the line before the cursor.
    keys_then_output(&mut sh, "echo discard\x15echo kept\r", "kept\n");
    // Ctrl+W kills the word before the cursor.
    keys_then_output(&mut sh, "echo one two\x17three\r", "one three\n");
    // Alt+F forward a word, Ctrl+K kills to the end.
    keys_then_output(&mut sh, "echo keep cut\x01\x1bf\x1bf\x0b\r", "keep\n");
    // Alt+B back a word.
    keys_then_output(&mut sh, "echo x y\x1bb\x0b\r", "x\n");
    // Left arrow, then insert mid-line.
    keys_then_output(&mut sh, "echo ac\x1b[Db\r", "abc\n");
    // Home and End.
    keys_then_output(&mut sh, "cho zz\x1b[He\x1b[Fy\r", "zzy\n");
    // Up arrow recalls the previous line.
    keys_then_output(&mut sh, "\x1b[A\r", "zzy\n");
}

/// Ctrl+R searches the history backwards; Enter runs the line found.
fn ctrl_r_searches_history() {
    let mut sh = Shell::start(XTERM);
    assert_eq!(sh.run("echo alpha"), "alpha\n");
    assert_eq!(sh.run("echo beta"), "beta\n");
    sh.send("\x12alp");
    sh.expect("echo alpha");
    keys_then_output(&mut sh, "\r", "alpha\n");
}

/// `set -o vi`: ESC to command mode, `b`, `cw`, `k`; `set -o emacs` back.
fn vi_mode_and_back_to_emacs() {
    let mut sh = Shell::start(XTERM);
    assert_eq!(sh.run("set -o vi"), "");
    sh.send("echo abc");
    sh.expect("echo abc");
    // ESC alone is told from the start of an escape sequence by a pause;
    // entering command mode moves the cursor back, which shows it was taken.
    let mark = sh.written();
    sh.send("\x1b");
    sh.wait_written_after(mark, "ESC to enter vi command mode");
    keys_then_output(&mut sh, "bcwxyz\r", "xyz\n");

    // k in command mode recalls the previous line.
    sh.send("x");
    sh.expect("x");
    let mark = sh.written();
    sh.send("\x1b");
    sh.wait_written_after(mark, "ESC to enter vi command mode");
    keys_then_output(&mut sh, "k\r", "xyz\n");

    assert_eq!(sh.run("set -o emacs"), "");
    keys_then_output(&mut sh, "cho emacs\x01e\r", "emacs\n");
}

// -------------------------------------------------------------- history --

/// Lines run in one session are in the next one (same HOME): `history`
/// lists them; Up and Ctrl+R find them.
fn history_persists_across_sessions(term: &str) {
    let home = TempDir::new();
    let setup = Setup::default().home(home.path());
    {
        let mut sh = Shell::start_with(term, setup.clone());
        assert_eq!(sh.run("echo one"), "one\n");
        assert_eq!(sh.run("echo two"), "two\n");
        sh.key(CTRL_D);
        sh.wait_exit();
    }
    assert_eq!(
        read_lines(&history_file(home.path())),
        ["echo one", "echo two"]
    );

    let mut sh = Shell::start_with(term, setup);
    assert_eq!(
        sh.run("history"),
        "    1  echo one\n    2  echo two\n    3  history\n"
    );
    if term == XTERM {
        // Up, Up: `history`, then `echo two`.
        sh.send("\x1b[A\x1b[A");
        sh.expect(&format!("{PROMPT}echo two"));
        keys_then_output(&mut sh, "\r", "two\n");
        // Ctrl+R finds a line of the first session.
        sh.send("\x12one");
        sh.expect("echo one");
        keys_then_output(&mut sh, "\r", "one\n");
        assert_eq!(
            read_lines(&history_file(home.path())),
            ["echo one", "echo two", "history", "echo two", "echo one"]
        );
    }
}

/// Two shells on the same history file at the same time, their lines
/// interleaved: every line of both is in the file, in the order run, also
/// those of a shell that is killed.
fn history_of_two_concurrent_shells_loses_nothing(term: &str) {
    let home = TempDir::new();
    let setup = Setup::default().home(home.path());
    let mut a = Shell::start_with(term, setup.clone());
    let mut b = Shell::start_with(term, setup.clone());
    let mut want = Vec::new();
    for i in 0..6 {
        assert_eq!(a.run(&format!("echo a{i}")), format!("a{i}\n"));
        want.push(format!("echo a{i}"));
        assert_eq!(b.run(&format!("echo b{i}")), format!("b{i}\n"));
        want.push(format!("echo b{i}"));
    }
    // Shell a is killed: it loses nothing it already ran.
    kill(Pid::from_raw(a.pid), Signal::SIGKILL).expect("kill shell a");
    a.wait_exit();
    b.key(CTRL_D);
    b.wait_exit();
    assert_eq!(read_lines(&history_file(home.path())), want);

    let mut c = Shell::start_with(term, setup);
    let listed = history_entries(&c.run("history"));
    want.push("history".into());
    assert_eq!(listed, want);
}

/// `$HISTFILE` names the file; it is created with mode 0600 and each line
/// is appended as soon as it is accepted.
fn history_file_is_private_and_follows_histfile(term: &str) {
    let home = TempDir::new();
    fs::create_dir(home.path().join("hist dir")).unwrap();
    let file = home.path().join("hist dir/my history");
    let setup = Setup::default()
        .home(home.path())
        .env("HISTFILE", file.to_str().unwrap());
    let mut sh = Shell::start_with(term, setup);
    assert_eq!(sh.run("echo hello"), "hello\n");
    // Written at once, while the shell still runs.
    assert_eq!(read_lines(&file), ["echo hello"]);
    let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "history file mode {mode:o}");
    assert_eq!(sh.run("echo again"), "again\n");
    assert_eq!(read_lines(&file), ["echo hello", "echo again"]);
    assert!(
        !history_file(home.path()).exists(),
        "~/.jsh_history is not used when HISTFILE is set"
    );
    sh.key(CTRL_D);
    sh.wait_exit();
    assert_eq!(
        read_lines(&file),
        ["echo hello", "echo again"],
        "nothing rewritten at exit"
    );
}

/// A line starting with a space, and a line repeating the one before, are
/// not saved (neither in the list nor in the file).
fn history_skips_leading_space_and_duplicates(term: &str) {
    let mut sh = Shell::start(term);
    assert_eq!(sh.run(" echo secret"), "secret\n");
    assert_eq!(sh.run("echo dup"), "dup\n");
    assert_eq!(sh.run("echo dup"), "dup\n");
    assert_eq!(sh.run("echo other"), "other\n");
    assert_eq!(sh.run("echo dup"), "dup\n");
    assert_eq!(
        sh.run("history"),
        "    1  echo dup\n    2  echo other\n    3  echo dup\n    4  history\n"
    );
    assert_eq!(
        read_lines(&history_file(sh.home())),
        ["echo dup", "echo other", "echo dup", "history"]
    );
    // `history N`: the last N.
    assert_eq!(sh.run("history 2"), "    4  history\n    5  history 2\n");
}

/// `history -c` clears the list (and the line editor's copy of it).
fn history_clear(term: &str) {
    let mut sh = Shell::start(term);
    assert_eq!(sh.run("echo a"), "a\n");
    assert_eq!(sh.run("echo b"), "b\n");
    assert_eq!(sh.run("history -c"), "");
    assert_eq!(sh.run("history"), "    1  history\n");
    if term == XTERM {
        // Up, Up finds only `history`; had the editor kept its list, the
        // second Up would reach `history -c`, which prints nothing.
        sh.send("\x1b[A");
        sh.expect(&format!("{PROMPT}history"));
        keys_then_output(&mut sh, "\x1b[A\r", "    1  history\n");
    }
}

/// `HISTSIZE` caps how many lines are kept, also of those loaded.
fn history_size_caps_entries(term: &str) {
    let home = TempDir::new();
    let old: String = (1..=10).map(|i| format!("echo old{i}\n")).collect();
    fs::write(history_file(home.path()), old).unwrap();
    let setup = Setup::default().home(home.path()).env("HISTSIZE", "3");
    let mut sh = Shell::start_with(term, setup);
    assert_eq!(
        history_entries(&sh.run("history")),
        ["echo old9", "echo old10", "history"]
    );
    for i in 1..=4 {
        sh.run(&format!("echo new{i}"));
    }
    assert_eq!(
        history_entries(&sh.run("history")),
        ["echo new3", "echo new4", "history"]
    );
}

// -------------------------------------------------------------- prompts --

/// `\j` counts the jobs, `\?` is the last status.
fn ps1_counts_jobs_and_shows_last_status(term: &str) {
    let mut sh = Shell::start(term);
    run_at(&mut sh, r"PS1='[\j|\?]> '", "[0|0]> ");
    run_at(&mut sh, "false", "[0|1]> ");
    let out = run_at(&mut sh, "sleep 100 &", "[1|0]> ");
    bg_pid(&sh, &out, 1);
    let out = run_at(&mut sh, "sleep 101 &", "[2|0]> ");
    bg_pid(&sh, &out, 2);
    run_at(&mut sh, "sh -c 'exit 7'", "[2|7]> ");
    run_at(&mut sh, "kill %1 %2; wait %1; wait %2", "[0|143]> ");
    run_at(&mut sh, "true", "[0|0]> ");
}

/// Bash's escapes and `$VAR`.
fn ps1_escapes(term: &str) {
    let mut sh = Shell::start(term);
    let user = sh.run("id -un").trim().to_string();
    let host = sh.run("uname -n").trim().to_string();
    let short = host.split('.').next().unwrap().to_string();
    let dollar = if sh.run("id -u").trim() == "0" {
        '#'
    } else {
        '$'
    };

    run_at(
        &mut sh,
        r"PS1='<\u@\h:\w|\W>\$ '",
        &format!("<{user}@{short}:~|~>{dollar} "),
    );
    run_at(
        &mut sh,
        "mkdir -p sub/deeper; cd sub/deeper",
        &format!("<{user}@{short}:~/sub/deeper|deeper>{dollar} "),
    );
    run_at(&mut sh, "cd /", &format!("<{user}@{short}:/|/>{dollar} "));
    run_at(&mut sh, "cd", &format!("<{user}@{short}:~|~>{dollar} "));

    run_at(&mut sh, r"PS1='\H> '", &format!("{host}> "));
    run_at(&mut sh, r"PS1='top\nbottom\\end> '", "top\nbottom\\end> ");
    run_at(&mut sh, r"PS1='\[\e[1m\]bold\[\e[0m\]> '", "bold> ");

    sh.enter(r"PS1='<\t> '");
    sh.expect_re(r"<\d\d:\d\d:\d\d> ");
    let date = run_at(&mut sh, "date '+%a %b %d'", "> ");
    let date = date.lines().next().unwrap_or_default().to_string();
    run_at(&mut sh, r"PS1='<\d> '", &format!("<{date}> "));

    assert_eq!(
        run_at(&mut sh, "MYV=val; PS1='[$MYV|${MYV}x]> '", "[val|valx]> "),
        ""
    );
    // Expanded again for each prompt.
    run_at(&mut sh, "MYV=changed", "[changed|changedx]> ");
}

/// PS1 and PS2 come from the environment, or from ~/.jshrc.
fn prompts_from_environment_and_rc_file(term: &str) {
    let setup = Setup::default()
        .env("PS1", r"env[\j|\W]> ")
        .env("PS2", "env-more> ")
        .prompt("env[0|~]> ");
    let mut sh = Shell::start_with(term, setup);
    sh.enter("echo 'a");
    sh.expect("env-more> ");
    sh.enter("b'");
    assert_eq!(sh.expect("env[0|~]> "), "a\nb\n");
    drop(sh);

    let home = TempDir::new();
    fs::write(
        home.path().join(".jshrc"),
        "PS1='rc:\\W\\$ '\nPS2='rc-more> '\n",
    )
    .unwrap();
    let mut sh = Shell::start_with(term, Setup::default().home(home.path()).prompt("rc:~"));
    let dollar = if sh.expect_re(r"^[$#] ").matched.starts_with('#') {
        '#'
    } else {
        '$'
    };
    sh.enter("echo 'c");
    sh.expect("rc-more> ");
    sh.enter("d'");
    assert_eq!(sh.expect(&format!("rc:~{dollar} ")), "c\nd\n");
}

/// With no PS1, the prompt is `\u@\h:\w\$ `.
fn default_ps1(term: &str) {
    let mut sh = Shell::start(term);
    let user = sh.run("id -un").trim().to_string();
    let host = sh.run("uname -n").trim().to_string();
    let short = host.split('.').next().unwrap().to_string();
    let dollar = if sh.run("id -u").trim() == "0" {
        '#'
    } else {
        '$'
    };
    run_at(&mut sh, "unset PS1", &format!("{user}@{short}:~{dollar} "));
    run_at(
        &mut sh,
        "mkdir d; cd d",
        &format!("{user}@{short}:~/d{dollar} "),
    );
}

/// A prompt's own `$(...)` and backquotes run, as in bash (`promptvars`),
/// but a variable's value is not expanded again: a `$(...)` in it is shown,
/// never run.
fn prompt_expansion_never_runs_commands(term: &str) {
    let mut sh = Shell::start(term);
    assert_eq!(sh.run("X='$(touch pwned1)'"), "");
    let shown = "$(touch pwned1)  > ";
    run_at(&mut sh, "PS1='$X `touch ran2` $(touch ran3)> '", shown);
    assert_eq!(run_at(&mut sh, "echo ok", shown), "ok\n");
    assert!(
        !sh.home().join("pwned1").exists(),
        "a variable's value in the prompt was run"
    );
    for f in ["ran2", "ran3"] {
        assert!(sh.home().join(f).exists(), "the prompt's {f} did not run");
    }
}

// ------------------------------------------------------------------ PS2 --

/// An open quote or a trailing `|`, `&&`, `||` or `\` continues on the
/// next line with PS2.
fn ps2_continues_incomplete_lines(term: &str) {
    let mut sh = Shell::start(term);
    sh.enter("echo \"a");
    sh.expect("> ");
    sh.enter("b\"");
    assert_eq!(sh.prompt(), "a\nb\n");

    sh.enter("echo abc |");
    sh.expect("> ");
    sh.enter("tr b x");
    assert_eq!(sh.prompt(), "axc\n");

    sh.enter("true &&");
    sh.expect("> ");
    sh.enter("echo and-ok");
    assert_eq!(sh.prompt(), "and-ok\n");

    sh.enter("false ||");
    sh.expect("> ");
    sh.enter("echo or-ok");
    assert_eq!(sh.prompt(), "or-ok\n");

    sh.enter("echo x \\");
    sh.expect("> ");
    sh.enter("y");
    assert_eq!(sh.prompt(), "x y\n");

    // Two continuation lines.
    sh.enter("echo '1");
    sh.expect("> ");
    sh.enter("2");
    sh.expect("> ");
    sh.enter("3'");
    assert_eq!(sh.prompt(), "1\n2\n3\n");

    // PS2 of one's own.
    assert_eq!(sh.run("PS2='more? '"), "");
    sh.enter("echo 'p");
    sh.expect("more? ");
    sh.enter("q'");
    assert_eq!(sh.prompt(), "p\nq\n");
    assert_eq!(sh.status(), 0);
}

/// Ctrl+C at the PS2 prompt abandons the whole command: nothing of it
/// runs, and the next line starts afresh.
fn ctrl_c_at_ps2_abandons_whole_command(term: &str) {
    let mut sh = Shell::start(term);
    sh.enter("touch ran1 &&");
    sh.expect("> ");
    sh.send("touch ran2");
    sh.expect("touch ran2");
    sh.settle();
    sh.key(CTRL_C);
    sh.prompt();
    assert_eq!(sh.status(), 130);
    for f in ["ran1", "ran2"] {
        assert!(!sh.home().join(f).exists(), "`touch {f}` must not run");
    }

    sh.enter("echo \"abandoned");
    sh.expect("> ");
    sh.settle();
    sh.key(CTRL_C);
    sh.prompt();
    // Had the open quote been kept, this would continue it.
    assert_eq!(sh.run("echo fresh"), "fresh\n");
    assert_eq!(sh.stat().tpgid, sh.pid);
}

// -------------------------------------------------------- notifications --

/// `set -b`: a background job's Done is shown at once, while a line is
/// being typed; the line stays as typed, the cursor where it was.
fn set_b_reports_done_above_the_line_being_typed(term: &str) {
    let mut sh = Shell::start(term);
    assert_eq!(sh.run("set -b"), "");
    let out = sh.run("sleep 1 &");
    bg_pid(&sh, &out, 1);
    let done = job_line(1, '+', "Done", "sleep 1");
    if term == XTERM {
        // The cursor left before the X: typing goes on there.
        sh.send("echo parX\x1b[D");
        sh.expect("echo parX");
        sh.expect(&format!("{done}\n"));
        // The line is drawn again below the report, as it was.
        sh.expect(&format!("{PROMPT}echo parX"));
        keys_then_output(&mut sh, "tial\r", "partialX\n");
    } else {
        // Cooked mode: the terminal keeps what was typed.
        sh.send("echo par");
        sh.expect("echo par");
        sh.expect(&format!("{done}\n"));
        sh.send("tial\r");
        sh.expect("tial\n");
        assert_eq!(sh.prompt(), "partial\n");
    }
    assert_eq!(sh.run("jobs"), "");
    assert_eq!(
        sh.transcript().matches(&done).count(),
        1,
        "Done is reported once"
    );
}

/// `set -b`: a job stopped by a signal is reported at once too.
fn set_b_reports_stopped_job_at_once(term: &str) {
    let mut sh = Shell::start(term);
    assert_eq!(sh.run("set -b"), "");
    let out = sh.run("sleep 100 &");
    let pid = bg_pid(&sh, &out, 1);
    sh.send("echo ab");
    sh.expect("echo ab");
    kill(Pid::from_raw(pid), Signal::SIGSTOP).expect("stop sleep 100");
    sh.expect(&job_line(1, '+', "Stopped", "sleep 100"));
    assert!(stopped(pid));
    if term == XTERM {
        sh.expect(&format!("{PROMPT}echo ab"));
        keys_then_output(&mut sh, "c\r", "abc\n");
    } else {
        sh.send("c\r");
        sh.expect("c\n");
        assert_eq!(sh.prompt(), "abc\n");
    }
}

/// Without `set -b` (the default), a job's Done waits for the next prompt:
/// it comes after the output of the line being typed when it finished.
fn without_set_b_done_waits_for_next_prompt(term: &str) {
    let mut sh = Shell::start(term);
    let out = sh.run("sleep 1 &");
    let pid = bg_pid(&sh, &out, 1);
    sh.send("echo par");
    sh.expect("echo par");
    // The shell reaps the job while the line is typed ...
    sh.wait_until("sleep 1 to end and be reaped", |_| reaped(pid));
    // ... but says nothing yet.
    let shown = sh.pending_output();
    assert!(!shown.contains("Done"), "Done shown too early: {shown:?}");
    sh.send("tial\r");
    sh.expect("tial\n");
    let done = job_line(1, '+', "Done", "sleep 1");
    assert_eq!(sh.prompt(), format!("partial\n{done}\n"));
}

/// Resizing the window (SIGWINCH) while a line is typed keeps the line;
/// the line editor follows the new width (a line longer than it is drawn
/// again).
fn window_resize_keeps_the_line(term: &str) {
    let mut sh = Shell::start(term);
    let xs = "x".repeat(40);
    sh.send(&format!("echo {xs}par"));
    sh.expect(&format!("echo {xs}par"));
    sh.settle();
    let mark = sh.written();
    sh.resize(30, 40);
    if term == XTERM {
        sh.wait_written_after(mark, "the line to be drawn again for 40 columns");
    }
    sh.settle();
    keys_then_output(&mut sh, "tial\r", &format!("{xs}partial\n"));
    assert_eq!(sh.run("stty size"), "30 40\n");
    sh.resize(24, 80);
    assert_eq!(sh.run("echo still-here"), "still-here\n");
}

/// COLUMNS and LINES say the window's size, and follow it when it changes
/// (bash's checkwinsize; bash looks after a program has run, jsh before
/// each prompt, so the test runs one first).
fn columns_and_lines_follow_the_window(term: &str) {
    let mut sh = Shell::start(term);
    for (rows, cols) in [(30, 100), (24, 80)] {
        sh.resize(rows, cols);
        sh.run("/bin/true");
        assert_eq!(sh.run("echo $COLUMNS $LINES"), format!("{cols} {rows}\n"));
    }
}

/// Several lines typed ahead while a command runs all run, in order, once
/// it is done (as a fast typist or a paste without bracketed paste sends
/// them).
fn several_lines_typed_ahead_all_run(term: &str) {
    let mut sh = Shell::start(term);
    sh.enter("sleep 1");
    sh.wait_fg_job(&["sleep"]);
    // Each prints `N<k>`, which its own text (`N$((0+k))`) does not hold:
    // the terminal's echo of a line typed later may land in the middle of
    // the output lines, but never inside one of these words.
    sh.send("echo N$((0+1))\recho N$((0+2))\recho N$((0+3))\r");
    sh.expect_re(r"N1\n");
    sh.prompt();
    // One more line, typed after the first one's prompt: it runs last.
    sh.send("echo N$((0+4))\r");
    sh.expect_re(r"N4\n");
    sh.prompt();
    // The transcript without the ⟨keys⟩ sent.
    let seen = regex::Regex::new("⟨[^⟩]*⟩")
        .unwrap()
        .replace_all(sh.transcript(), "")
        .into_owned();
    let ran: Vec<String> = regex::Regex::new(r"N([0-9])")
        .unwrap()
        .captures_iter(&seen)
        .map(|c| c[1].to_string())
        .collect();
    if ran != ["1", "2", "3", "4"] {
        sh.fail(&format!(
            "typed ahead: three lines in one go, then a fourth; the outputs were N{ran:?}"
        ));
    }
}

// ----------------------------------------------------------------- help --

/// `help`, `help NAME`, `type NAME`, `jsh --help`, `jsh --version`.
fn help_and_type(term: &str) {
    let mut sh = Shell::start(term);
    let n = name();
    let out = sh.run("help");
    for b in [
        "bg", "cd", "disown", "echo", "exit", "fg", "help", "history", "jobs", "kill", "set",
        "type", "wait",
    ] {
        assert!(
            out.lines()
                .any(|l| l == format!(" {b}") || l.starts_with(&format!(" {b} "))),
            "`help` lists {b} with its synopsis: {out:?}"
        );
    }
    let out = sh.run("help fg");
    let mut lines = out.lines();
    assert!(
        lines.next().is_some_and(|l| l.starts_with("fg: fg [")),
        "`help fg` starts with the usage: {out:?}"
    );
    assert!(
        lines.next().is_some_and(|l| l.trim().len() > 10),
        "`help fg` describes fg: {out:?}"
    );
    assert_eq!(sh.status(), 0);
    let out = sh.run("help nosuch-builtin");
    assert!(
        out.starts_with(&format!("{n}: help: no help topics match")),
        "{out:?}"
    );
    assert_eq!(sh.status(), 1);

    assert_eq!(sh.run("type echo"), "echo is a shell builtin\n");
    assert_eq!(sh.run("type fg"), "fg is a shell builtin\n");
    let sh_path = test_path()
        .split(':')
        .map(|d| Path::new(d).join("sh"))
        .find(|p| fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0))
        .expect("sh on PATH");
    assert_eq!(sh.run("type sh"), format!("sh is {}\n", sh_path.display()));
    assert_eq!(sh.status(), 0);
    assert_eq!(
        sh.run("type nosuch-cmd"),
        format!("{n}: type: nosuch-cmd: not found\n")
    );
    assert_eq!(sh.status(), 1);

    let jsh = env!("CARGO_BIN_EXE_jsh");
    assert_eq!(
        sh.run(&format!("{jsh} --version")),
        format!("jsh {}\n", env!("CARGO_PKG_VERSION"))
    );
    let out = sh.run(&format!("{jsh} --help"));
    assert!(out.starts_with("jsh, a job-control shell\n"), "{out:?}");
    assert!(out.contains("--version"), "{out:?}");
    assert_eq!(sh.status(), 0);
}

/// `type` with several names answers for each in turn, the not-found
/// message (on stderr) in its place among the answers (on stdout), as on
/// a terminal both go to the same screen.
fn type_answers_in_argument_order(term: &str) {
    let mut sh = Shell::start(term);
    let n = name();
    assert_eq!(
        sh.run("type cd nosuch-cmd echo"),
        format!(
            "cd is a shell builtin\n{n}: type: nosuch-cmd: not found\necho is a shell builtin\n"
        )
    );
    assert_eq!(sh.status(), 1);
}
