//! The read-parse-run loop shared by every way of feeding jsh commands.

use std::io;

use crate::builtins::exit::may_exit;
use crate::process::signals;
use crate::state::shell::{Shell, write_all};
use crate::syntax::lexer::{LineSource, SyntaxError, SyntaxErrorKind};
use crate::syntax::parser::Parser;

/// Where commands come from, for the wording of syntax errors.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `-c STRING`: bash says `jsh: -c: line N: ...`.
    CommandString,
    /// A script file or standard input.
    Input,
}

/// Run every command from `src`; the shell's exit status.
pub fn run(sh: &mut Shell, src: &mut dyn LineSource, origin: Origin) -> i32 {
    let mut echoing = Verbose(src);
    let mut parser = Parser::new(&mut echoing);
    parser.set_aliases(sh.aliases.clone());
    let status = run_commands(sh, &mut parser, origin);
    // However it ends (save by a signal or `exec`), the shell's `EXIT`
    // action runs last.
    let status = sh.run_exit_trap(status);
    // However the shell ends (`exit`, end of input, an error, a hangup),
    // the rest of its input is left to whoever reads the file next.
    sh.release_input();
    if sh.exit_request.is_none() && signals::hangup_pending() {
        return sh.hang_up_all();
    }
    status
}

/// Run a start-up file if it exists. Its errors name the file and line, and
/// a syntax error ends only the file, as in bash.
pub fn source_file(sh: &mut Shell, path: &[u8]) {
    use nix::fcntl::{OFlag, open};
    let Ok(fd) = open(
        path,
        OFlag::O_RDONLY | OFlag::O_CLOEXEC,
        nix::sys::stat::Mode::empty(),
    ) else {
        return;
    };
    let fd = crate::exec::redirect::move_high(fd);
    if let Some(why) = untrusted(&fd) {
        let msg = format!("jsh: {}: not read: {why}\n", String::from_utf8_lossy(path));
        let _ = write_all(2, msg.as_bytes());
        return;
    }
    let mut src = crate::input::FdSource::from_owned(fd);
    let saved = (sh.interactive, sh.source_name.replace(path.to_vec()));
    sh.interactive = false;
    let mut parser = Parser::new(&mut src);
    parser.set_aliases(sh.aliases.clone());
    run_commands(sh, &mut parser, Origin::Input);
    sh.interactive = saved.0;
    sh.source_name = saved.1;
}

/// `set -v`: each line read is written to standard error as it is read.
struct Verbose<'a>(&'a mut dyn LineSource);

impl LineSource for Verbose<'_> {
    fn read_line(&mut self, buf: &mut Vec<u8>, continuation: bool) -> io::Result<bool> {
        let start = buf.len();
        let more = self.0.read_line(buf, continuation)?;
        if crate::state::options::verbose() && buf.len() > start {
            let mut line = buf[start..].to_vec();
            if !line.ends_with(b"\n") {
                line.push(b'\n');
            }
            let _ = write_all(2, &line);
        }
        Ok(more)
    }

    fn command_complete(&mut self) {
        self.0.command_complete();
    }
}

/// Ctrl+D in a row that `set -o ignoreeof` lets pass before the shell
/// leaves anyway (bash's IGNOREEOF default).
const IGNORED_EOFS: u32 = 10;

fn run_commands(sh: &mut Shell, parser: &mut Parser, origin: Origin) -> i32 {
    parser.stop_at_blank_lines = sh.interactive;
    let mut eofs = 0;
    loop {
        if signals::hangup_pending() {
            return sh.hang_up_all();
        }
        if sh.interactive {
            before_prompt(sh);
        } else if !sh.jobs.is_empty() {
            // bash tells of jobs before it reads each line of a script.
            sh.jobs.reap(sh.job_control);
            sh.tell_news(parser.line());
        }
        sh.commands_run += 1;
        sh.abandon_line = false;
        // A Ctrl+C from before this command is not meant for it.
        signals::take_interrupt();
        let parsed = read_command(sh, parser);
        warn(sh, parser);
        match parsed {
            Ok(Some(list)) => {
                eofs = 0;
                parser.command_complete();
                if sh.options.noexec && !sh.interactive {
                    // `set -n`: read and check the syntax only.
                    continue;
                }
                if sh.interactive && sh.job_control {
                    let typed = parser.take_typed();
                    sh.run_typed_line(&list, typed);
                } else {
                    sh.run_list(&list);
                }
                if let Some(status) = sh.exit_request {
                    return status;
                }
            }
            Ok(None) => {
                if signals::hangup_pending() {
                    return sh.hang_up_all();
                }
                if sh.interactive && sh.options.ignoreeof && eofs + 1 < IGNORED_EOFS {
                    eofs += 1;
                    let _ = write_all(2, b"Use \"exit\" to leave the shell.\n");
                    parser.recover();
                    continue;
                }
                if sh.interactive {
                    // Ctrl+D: as `exit`, stopped jobs included.
                    crate::builtins::exit::say_leaving(sh);
                    if !may_exit(sh) {
                        parser.recover();
                        continue;
                    }
                }
                return sh.last_status;
            }
            Err(e) => {
                if signals::hangup_pending() {
                    // The read was cut short by the hangup: no error to tell.
                    return sh.hang_up_all();
                }
                match &e.kind {
                    SyntaxErrorKind::Io(err) if err.kind() == io::ErrorKind::Interrupted => {
                        // Ctrl+C at the prompt: drop the line. The line
                        // editor read it as a key, no SIGINT was sent: a
                        // trap on SIGINT runs for it all the same.
                        sh.last_status = 130;
                        parser.recover();
                        signals::raise_trap(libc::SIGINT);
                        sh.run_pending_traps();
                        continue;
                    }
                    SyntaxErrorKind::Io(_) if sh.interactive => {
                        // The terminal is gone (EIO): as a hangup.
                        return sh.hang_up_all();
                    }
                    _ => {}
                }
                report(sh, &e, origin);
                sh.last_status = 2;
                if !sh.interactive {
                    return 2;
                }
                parser.recover();
            }
        }
    }
}

/// Read the next command. At the prompt the job table is lent to the
/// notifier, which reaps (and with `set -b` reports) while the user types.
fn read_command(
    sh: &mut Shell,
    parser: &mut Parser,
) -> Result<Option<crate::syntax::ast::List>, SyntaxError> {
    let Some(notifier) = sh.notifier.as_ref().filter(|_| sh.interactive) else {
        return parser.parse_command();
    };
    notifier.lend(&mut sh.jobs, sh.options.notify);
    let parsed = parser.parse_command();
    if let Some(n) = &sh.notifier {
        n.take_back(&mut sh.jobs);
    }
    parsed
}

/// Tell the user which jobs finished or stopped, and prepare the prompts
/// and what completion knows.
fn before_prompt(sh: &mut Shell) {
    sh.run_pending_traps();
    sh.jobs.reap(sh.job_control);
    sh.tell_news(0);
    sh.update_window_size();
    if let Some(edit) = sh.edit.clone() {
        let (ps1, ps2) = sh.prompts();
        let mut edit = edit.borrow_mut();
        edit.ps1 = ps1;
        edit.ps2 = ps2;
        edit.histexpand = sh.options.histexpand;
        edit.record = sh.options.history;
        let size = sh
            .vars
            .get(b"HISTSIZE")
            .and_then(|v| std::str::from_utf8(v).ok()?.parse().ok());
        if let Some(size) = size {
            edit.history.set_max(size);
        }
    }
    if let Some(completion) = sh.completion.clone() {
        *completion.borrow_mut() = sh.completion_data();
    }
}

/// Why a start-up file must not be run: someone else could have put
/// commands in it.
fn untrusted(fd: &std::os::fd::OwnedFd) -> Option<&'static str> {
    let st = nix::sys::stat::fstat(fd).ok()?;
    if st.st_uid != nix::unistd::geteuid().as_raw() {
        Some("it is owned by another user")
    } else if st.st_mode & 0o002 != 0 {
        Some("it is writable by anyone")
    } else {
        None
    }
}

/// Tell the warnings of reading the command (a here-document ended by end
/// of file), with the line reached as bash does (`-c` included).
fn warn(sh: &Shell, parser: &mut Parser) {
    for warning in parser.take_warnings() {
        let (line, message) = (warning.line, warning.message);
        let name = String::from_utf8_lossy(sh.source_name.as_deref().unwrap_or(&sh.arg0));
        let text = if sh.interactive {
            format!("{name}: warning: {message}\n")
        } else {
            format!("{name}: line {line}: warning: {message}\n")
        };
        let _ = write_all(2, text.as_bytes());
    }
}

fn report(sh: &Shell, e: &SyntaxError, origin: Origin) {
    let name = String::from_utf8_lossy(sh.source_name.as_deref().unwrap_or(&sh.arg0));
    let prefix = match (sh.interactive, origin) {
        (true, _) => format!("{name}: "),
        (false, Origin::CommandString) => format!("{name}: -c: line {}: ", e.line),
        (false, Origin::Input) => format!("{name}: line {}: ", e.line),
    };
    write_syntax_error(sh, e, &prefix);
}

/// A syntax error's lines, each after `prefix`, on standard error.
pub fn write_syntax_error(sh: &Shell, e: &SyntaxError, prefix: &str) {
    let mut text = Vec::new();
    for (i, m) in e.message_bytes().iter().enumerate() {
        // At the prompt bash does not echo the offending line back.
        if i > 0 && sh.interactive {
            break;
        }
        text.extend_from_slice(prefix.as_bytes());
        text.extend_from_slice(m);
        text.push(b'\n');
    }
    let _ = write_all(2, &text);
}
