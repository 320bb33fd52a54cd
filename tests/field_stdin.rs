//! Scripts read from standard input (issue 8). jsh reads a regular file in
//! blocks and gives the unparsed rest back (a seek) only when another
//! process may read the file next: before a child starts, before `exec`,
//! before a stopped job goes on, and when the shell leaves. These tests
//! prove the POSIX rule still holds: a command reading stdin starts right
//! after its own command line, however many builtins ran before it.
//!
//! Each script runs from a regular file (`jsh < file`, the case that reads
//! ahead) and from a pipe (read byte by byte), compared with bash. dash is
//! no reference here: it reads a file in blocks and never gives them back.

mod common;

use common::{BASH, Input, Spec, TempDir, jsh_path, normalize_prefix};

#[derive(Clone, Copy, Debug)]
enum Feed {
    /// `SHELL < file`: seekable, read in blocks.
    File,
    /// `printf ... | SHELL`.
    Pipe,
}

const FEEDS: [Feed; 2] = [Feed::File, Feed::Pipe];

/// stdout, stderr (without the `bash:`/`jsh:` prefix) and status.
type Seen = (String, String, i32);

/// Run `wrapper` under bash with `$0` the shell to test, and `script` on the
/// wrapper's standard input, in a fresh directory holding `other` (a second
/// script, for `exec <other`).
fn run_wrapped(shell: &str, wrapper: &str, script: &str, feed: Feed) -> Seen {
    let dir = TempDir::new("field-stdin");
    dir.write("other", b"echo other-1\necho other-2\n");
    let input = match feed {
        Feed::File => Input::File(dir.write("script", script.as_bytes())),
        Feed::Pipe => Input::text(script),
    };
    let out = Spec::new(BASH, &["-c", wrapper, shell])
        .stdin(input)
        .cwd(dir.path())
        .run();
    (
        normalize_prefix(&out.out()),
        normalize_prefix(&out.err()),
        out.shell_status(),
    )
}

/// The shell alone on the script.
fn run(shell: &str, args: &str, script: &str, feed: Feed) -> Seen {
    run_wrapped(shell, &format!("exec \"$0\" {args}"), script, feed)
}

/// The shell, then `cat` on the same input: what the shell left unread.
fn run_then_cat(shell: &str, args: &str, script: &str, feed: Feed) -> Seen {
    let wrapper = format!("{{ \"$0\" {args}; echo \"status=$?\"; cat; }}");
    run_wrapped(shell, &wrapper, script, feed)
}

fn same_as_bash(script: &str) {
    for feed in FEEDS {
        let bash = run(BASH, "", script, feed);
        let jsh = run(jsh_path(), "", script, feed);
        assert_eq!(
            jsh, bash,
            "jsh differs from bash ({feed:?})\n===== script =====\n{script}=================="
        );
    }
}

fn expect(seen: Seen, stdout: &str, stderr: &str, what: &str) {
    assert_eq!(
        (seen.0.as_str(), seen.1.as_str()),
        (stdout, stderr),
        "{what}"
    );
}

#[test]
fn child_after_builtins_reads_the_line_after_its_own() {
    same_as_bash("cd .\nexport A=1\nhead -n1\nline-for-head\necho after\n");
    same_as_bash(
        "cd .\nexport A=1\nsh -c 'read x; echo \"got:$x\"'\nline-for-read\necho \"A=$A\"\n",
    );
}

#[test]
fn child_after_many_blocks_of_builtins() {
    // Far more than one block of builtins, of varied lengths, so that
    // commands and block ends fall everywhere, with children in between.
    let mut script = String::new();
    for i in 0..3000 {
        script.push_str(match i % 4 {
            0 => "cd .\n",
            1 => "export A=1\n",
            2 => ": a longer line of builtin arguments\n",
            _ => "B=$A; export B\n",
        });
    }
    script.push_str("sh -c 'read x; echo \"got:$x\"'\nfirst line\n");
    for _ in 0..2000 {
        script.push_str("cd . && export C=2\n");
    }
    script.push_str("head -n1\nsecond line\necho \"$A$B$C\"\n");
    same_as_bash(&script);
}

#[test]
fn child_whose_line_straddles_a_block_end() {
    // jsh reads 8 KiB blocks: move the child's command and the line it reads
    // across the first block boundary, one byte at a time.
    let filler = ": filler\n".repeat(8180 / 9);
    for pad in 0..24 {
        let script = format!(
            "{filler}#{}\nhead -n1\nline-for-head\necho after\n",
            "x".repeat(pad)
        );
        let seen = run(jsh_path(), "", &script, Feed::File);
        expect(seen, "line-for-head\nafter\n", "", &format!("pad {pad}"));
    }
}

#[test]
fn pipeline_reads_after_its_line() {
    same_as_bash("cd .\nhead -n1 | cat\nline-for-head\necho after\n");
    same_as_bash("export A=1\ncd . | head -n1\necho after\n");
}

#[test]
fn background_jobs_leave_the_offset_in_place() {
    same_as_bash("cd .\n/bin/true &\nwait\nhead -n1\nline-for-head\necho after\n");
    same_as_bash("cd . && /bin/true &\nwait\nexport A=1\nhead -n1\nline-for-head\necho after\n");
}

#[test]
fn background_job_reading_stdin_under_job_control() {
    // With -m a background job keeps the shell's stdin. Not compared with
    // bash, which has no job control without a terminal. `wait` on the same
    // line keeps the shell from reading on while the job reads.
    let seen = run(
        jsh_path(),
        "-m",
        "cd .\nhead -n1 & wait\nline-for-head\necho after\n",
        Feed::File,
    );
    expect(
        seen,
        "line-for-head\nafter\n",
        "",
        "background head under -m",
    );
    // An and-or list in the background runs in a forked shell of its own.
    let seen = run(
        jsh_path(),
        "-m",
        "cd .\ncd . && head -n1 & wait\nline-for-head\necho after\n",
        Feed::File,
    );
    expect(
        seen,
        "line-for-head\nafter\n",
        "",
        "background and-or list under -m",
    );
}

#[test]
fn stopped_job_continued_reads_after_fg() {
    // The job stops itself; `fg` continues it after the shell has read on:
    // it must find the line after `fg`, not the end of the shell's block.
    let script = "sh -c 'kill -STOP $$; head -n1'\nfg\nline-for-head\necho after\n";
    let seen = run(jsh_path(), "-m", script, Feed::File);
    expect(
        seen,
        "sh -c 'kill -STOP $$; head -n1'\nline-for-head\nafter\n",
        "",
        "fg",
    );
}

#[test]
fn exec_hands_the_input_on() {
    // bash and jsh (not dash) go on reading commands from the new stdin.
    same_as_bash("cd .\nexec 0<other\necho not-run\n");
    same_as_bash("export A=1\nexec sh -c 'read x; echo \"got:$x\"'\nline-for-read\necho not-run\n");
}

/// The ways a shell leaves in the middle of its input, and what it leaves
/// for `cat`: the lines after the one that ended it.
const EXITS: &[(&str, &str, &str)] = &[
    (
        "cd .\nexport A=1\nexit 3\necho rest-1\necho rest-2\n",
        "status=3\necho rest-1\necho rest-2\n",
        "",
    ),
    ("cd .\nexport A=1\n", "status=0\n", ""),
    (
        "cd .\nfoo )\necho rest-1\n",
        "status=2\necho rest-1\n",
        "SHELL: line 2: syntax error near unexpected token `)'\nSHELL: line 2: `foo )'\n",
    ),
    (
        "export A=1\necho ${x?unset}\necho rest-1\n",
        "status=1\necho rest-1\n",
        "SHELL: line 2: x: unset\n",
    ),
];

#[test]
fn exit_leaves_the_rest_of_the_input() {
    for (script, rest, errors) in EXITS {
        for feed in FEEDS {
            let seen = run_then_cat(jsh_path(), "", script, feed);
            expect(seen, rest, errors, &format!("{script:?} {feed:?}"));
        }
        // bash agrees on a pipe. From a file it keeps its block when it
        // leaves (`cat` sees nothing); jsh gives it back there too, so that
        // both kinds of input behave alike.
        let bash = run_then_cat(BASH, "", script, Feed::Pipe);
        let jsh = run_then_cat(jsh_path(), "", script, Feed::Pipe);
        assert_eq!(jsh, bash, "{script:?} from a pipe");
    }
}

#[test]
fn hangup_leaves_the_rest_of_the_input() {
    // Under -m jsh catches SIGHUP and ends after the command that got it.
    let seen = run_then_cat(
        jsh_path(),
        "-m",
        "cd .\nkill -HUP $$\necho rest-1\n",
        Feed::File,
    );
    expect(seen, "status=129\necho rest-1\n", "", "SIGHUP");
}
