//! The read-parse-run loop shared by every way of feeding jsh commands.

use crate::lexer::{LineSource, SyntaxError};
use crate::parser::Parser;
use crate::shell::Shell;

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
    let mut parser = Parser::new(src);
    loop {
        if !sh.jobs.is_empty() {
            sh.jobs.reap(sh.job_control);
        }
        match parser.parse_command() {
            Ok(Some(list)) => {
                parser.sync_input();
                sh.run_list(&list);
                if let Some(status) = sh.exit_request {
                    return status;
                }
            }
            Ok(None) => return sh.last_status,
            Err(e) => {
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

fn report(sh: &Shell, e: &SyntaxError, origin: Origin) {
    let name = String::from_utf8_lossy(&sh.arg0);
    let prefix = match (sh.interactive, origin) {
        (true, _) => format!("{name}: "),
        (false, Origin::CommandString) => format!("{name}: -c: line {}: ", e.line),
        (false, Origin::Input) => format!("{name}: line {}: ", e.line),
    };
    let mut text = String::new();
    for (i, m) in e.messages().iter().enumerate() {
        // At the prompt bash does not echo the offending line back.
        if i > 0 && sh.interactive {
            break;
        }
        text.push_str(&prefix);
        text.push_str(m);
        text.push('\n');
    }
    let _ = crate::shell::write_all(2, text.as_bytes());
}
