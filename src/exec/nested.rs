//! Commands the shell reads while it runs another: the text of `eval` and
//! the file of `.`. They run in the shell itself, and `break`, `continue`
//! and `return` in them reach the loops and functions around the command.

use crate::exec::flow::Ran;
use crate::state::shell::Shell;
use crate::syntax::lexer::{LineSource, SyntaxError};
use crate::syntax::parser::Parser;

/// How the errors of the nested text are introduced.
pub enum Place<'a> {
    /// `eval` text: `jsh: eval: line N: ` for its syntax errors.
    Eval,
    /// A file read by `.`: `FILE: line N: ` for every error in it.
    File(&'a [u8]),
}

/// Parse and run every command of `src` in turn, up to one that leaves a
/// loop or a function, or a syntax error (POSIX: fatal to a
/// non-interactive shell, status 2). Lines are numbered from `first_line`.
pub fn run(sh: &mut Shell, src: &mut dyn LineSource, place: Place, first_line: u32) -> Ran {
    let mut parser = Parser::new(src);
    parser.set_line(first_line);
    parser.set_aliases(sh.aliases.clone());
    let mut ran = Ran::normal(0);
    loop {
        match parser.parse_command() {
            Ok(Some(list)) => {
                // `command eval` spares the shell eval's own errors, not
                // those of the commands it runs.
                let via_command = std::mem::replace(&mut sh.via_command, false);
                ran = sh.run_items(&list);
                sh.via_command = via_command;
                sh.last_status = ran.status;
                if !ran.goes_on() || sh.should_stop() {
                    return ran;
                }
            }
            Ok(None) => return ran,
            Err(e) => {
                report(sh, &e, &place);
                sh.last_status = 2;
                return Ran::normal(sh.fatal_error(2));
            }
        }
    }
}

fn report(sh: &Shell, e: &SyntaxError, place: &Place) {
    let shell_name = String::from_utf8_lossy(sh.source_name.as_deref().unwrap_or(&sh.arg0));
    let prefix = match place {
        _ if sh.interactive => format!("{shell_name}: "),
        Place::Eval => format!("{shell_name}: eval: line {}: ", e.line),
        Place::File(name) => format!("{}: line {}: ", String::from_utf8_lossy(name), e.line),
    };
    crate::toplevel::write_syntax_error(sh, e, &prefix);
}
