//! Issue 9: here-documents typed at the prompt, through a real
//! pseudo-terminal (tests/pty): each body line is read with the PS2
//! prompt, the body is expanded, and an abandoned one never runs. The
//! same tests pass against bash (`JSH_TEST_SHELL=bash cargo test --test
//! heredoc_pty`).

#[macro_use]
#[path = "pty/mod.rs"]
mod pty;

use pty::{CTRL_C, CTRL_D, Setup, Shell};

terms!(
    here_document_typed_at_the_prompt,
    two_here_documents_on_one_line,
    interrupted_here_document_does_not_run,
    end_of_file_ends_a_typed_here_document,
    syntax_error_still_reads_the_body
);

const PS2: &str = "more> ";

fn start(term: &str) -> Shell {
    Shell::start_with(term, Setup::default().env("PS2", PS2))
}

/// Type `line` and Enter, and wait for the continuation prompt.
fn continue_with(sh: &mut Shell, line: &str) {
    sh.send(line);
    sh.send("\r");
    sh.expect(PS2);
}

fn here_document_typed_at_the_prompt(term: &str) {
    let mut sh = start(term);
    sh.run("x=world");
    continue_with(&mut sh, "cat <<EOF");
    continue_with(&mut sh, "hello $x $((6*7))");
    continue_with(&mut sh, "\\$x");
    sh.send("EOF\r");
    let out = sh.prompt();
    assert!(
        out.contains("hello world 42\r\n$x\r\n") || out.contains("hello world 42\n$x\n"),
        "the expanded body: {out:?}"
    );
    assert_eq!(sh.status(), 0);
}

fn two_here_documents_on_one_line(term: &str) {
    let mut sh = start(term);
    continue_with(&mut sh, "cat <<A; cat <<'B' | tr a-z A-Z");
    continue_with(&mut sh, "one $((1+1))");
    continue_with(&mut sh, "A");
    continue_with(&mut sh, "two $((1+1))");
    sh.send("B\r");
    let out = sh.prompt();
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    assert!(
        lines.windows(2).any(|w| w == ["one 2", "TWO $((1+1))"]),
        "both bodies, the second unexpanded: {out:?}"
    );
}

fn interrupted_here_document_does_not_run(term: &str) {
    let mut sh = start(term);
    continue_with(&mut sh, "cat <<EOF; echo after-cat");
    continue_with(&mut sh, "echo hacked");
    sh.key(CTRL_C);
    let out = sh.prompt();
    assert!(
        !out.lines()
            .any(|l| l.trim_end() == "hacked" || l.contains("after-cat\r")),
        "nothing of the abandoned command ran: {out:?}"
    );
    assert_eq!(sh.status(), 130);
    assert_eq!(sh.run("echo alive").trim_end(), "alive");
}

/// Ctrl+D on a body line: bash's warning, the body so far is the
/// command's input (not commands), and the shell goes on reading.
fn end_of_file_ends_a_typed_here_document(term: &str) {
    let mut sh = start(term);
    continue_with(&mut sh, "cat <<EOF");
    continue_with(&mut sh, "echo not-run");
    sh.key(CTRL_D);
    sh.expect_re(r"warning: here-document at line \d+ delimited by end-of-file \(wanted `EOF'\)");
    let out = sh.prompt();
    assert!(
        out.lines().any(|l| l.trim_end() == "echo not-run"),
        "the body is cat's input: {out:?}"
    );
    assert_eq!(sh.run("echo alive").trim_end(), "alive");
}

/// A syntax error on the line of the `<<`: the body is still read, with
/// PS2, and not run (bash reads it too).
fn syntax_error_still_reads_the_body(term: &str) {
    let mut sh = start(term);
    continue_with(&mut sh, "cat <<EOF; )");
    continue_with(&mut sh, "echo hacked");
    sh.send("EOF\r");
    let out = sh.prompt();
    assert!(
        out.contains("syntax error near unexpected token `)'"),
        "the error: {out:?}"
    );
    assert!(
        !out.lines().any(|l| l.trim_end() == "hacked"),
        "the body did not run: {out:?}"
    );
    assert_eq!(sh.status(), 2);
}
