//! What `trap` set, and running the actions: for a signal between
//! commands once its handler has marked it pending (never in the handler
//! itself), and `EXIT` as the shell or a subshell leaves.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::process::signals;
use crate::state::shell::Shell;
use crate::syntax::lexer::StrSource;
use crate::syntax::parser::Parser;

/// The condition number of `EXIT` (as `trap ... 0`).
pub const EXIT: i32 = 0;

/// bash's `ERR`: a command failed where `set -e` would exit. The number
/// is bash's (`kill -l ERR`), above every signal's.
pub const ERR: i32 = 66;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// `trap '' SIG`
    Ignore,
    /// `trap 'commands' SIG`
    Run(Rc<[u8]>),
}

#[derive(Debug, Default, Clone)]
pub struct Traps {
    /// By condition: [`EXIT`] or a signal number.
    table: BTreeMap<i32, Action>,
    /// An action is running: others wait until it is done, as in bash.
    running: bool,
    /// In a command substitution run in the shell itself: the signals
    /// that arrive are the parent's, acted on once it is over, as with a
    /// forked one (an `ERR` action still runs there under `set -E`).
    deferred: bool,
    /// The signal whose trap cut the last `wait` short (its status is
    /// then 128+N).
    pub interrupted_wait: Option<i32>,
    /// In a function called without `set -E`: the `ERR` action does not
    /// run there (bash), until the function sets one of its own.
    pub err_suspended: bool,
    /// In a subshell, until it sets a trap of its own: the parent's
    /// table, which `trap` lists as bash does (so that `$(trap)` can save
    /// the parent's traps, as POSIX.1-2024 allows).
    inherited: Option<BTreeMap<i32, Action>>,
}

impl Traps {
    pub fn get(&self, condition: i32) -> Option<&Action> {
        self.table.get(&condition)
    }

    /// Is some action set to run (an `EXIT` action, or a caught signal)?
    /// Then the shell must outlive its last command to run it.
    pub fn any_action(&self) -> bool {
        self.table.values().any(|a| matches!(a, Action::Run(_)))
    }

    pub fn set(&mut self, condition: i32, action: Action) {
        self.inherited = None;
        if condition == ERR {
            self.err_suspended = false;
        }
        self.table.insert(condition, action);
    }

    pub fn remove(&mut self, condition: i32) {
        self.inherited = None;
        self.table.remove(&condition);
    }

    /// What `trap` lists: every condition with its action, `EXIT` first,
    /// then by number.
    pub fn iter(&self) -> impl Iterator<Item = (i32, &Action)> {
        self.listed().iter().map(|(&c, a)| (c, a))
    }

    /// The action `trap -p` shows for `condition`.
    pub fn listed_action(&self, condition: i32) -> Option<&Action> {
        self.listed().get(&condition)
    }

    fn listed(&self) -> &BTreeMap<i32, Action> {
        self.inherited.as_ref().unwrap_or(&self.table)
    }

    /// The table a command substitution run in the shell itself starts
    /// with: a subshell's (see [`Traps::reset_for_subshell`]), in which
    /// the parent's pending signals wait: they are the parent's, to be
    /// acted on once the substitution is over, as with a forked one.
    pub fn for_shell_substitution(&self, errtrace: bool) -> Traps {
        let mut traps = self.clone();
        traps.reset_for_subshell(errtrace);
        traps.deferred = true;
        traps
    }

    /// Entering a subshell: what was caught is the parent's; what was
    /// ignored stays ignored (POSIX 2.12).
    /// The `ERR` action stays too under `set -E` (errtrace), as in bash.
    pub fn reset_for_subshell(&mut self, errtrace: bool) {
        if self.inherited.is_none() {
            self.inherited = Some(self.table.clone());
        }
        self.table
            .retain(|&c, a| *a == Action::Ignore || (c == ERR && errtrace));
        self.running = false;
        self.deferred = false;
        self.interrupted_wait = None;
    }
}

impl Shell {
    /// Run the actions of the signals that arrived since the last call.
    pub fn run_pending_traps(&mut self) {
        // A line stopped whole runs them once it has unwound and the stop
        // is told (see `run_typed_line`), not in its redirections.
        if self.traps.running || self.traps.deferred || self.line_suspended.is_some() {
            return;
        }
        while let Some(sig) = signals::take_pending_trap() {
            match self.traps.get(sig).cloned() {
                Some(Action::Run(commands)) => self.run_trap_action(&commands, 1),
                None if signals::is_fatal(sig) => {
                    // Caught only for this: the `EXIT` action, then the
                    // death the signal meant.
                    self.run_exit_trap(self.last_status);
                    signals::die_of(sig);
                }
                _ => {}
            }
            if self.exit_request.is_some() {
                break;
            }
        }
    }

    /// A command failed where `set -e` would end the shell: run the
    /// `ERR` action, with `$?` the failure's status.
    pub fn run_err_trap(&mut self, status: i32) {
        if self.traps.running || self.traps.err_suspended {
            return;
        }
        let Some(Action::Run(commands)) = self.traps.get(ERR).cloned() else {
            return;
        };
        self.last_status = status;
        // `$LINENO` there is the failed command's line (bash).
        self.run_trap_action(&commands, self.line);
    }

    /// Run one trap action. `$?` is the same after it as before (POSIX),
    /// unless it ends the shell.
    /// Its lines are numbered from `first_line`.
    fn run_trap_action(&mut self, commands: &[u8], first_line: u32) {
        let (status, line, abandon) = (self.last_status, self.line, self.abandon_line);
        // A line stopped by Ctrl+Z does not cut short an action run as it
        // unwinds; one stopped in the action stays stopped.
        let suspended = self.line_suspended.take();
        self.traps.running = true;
        self.abandon_line = false;
        self.run_string(commands, first_line);
        self.traps.running = false;
        self.line = line;
        self.abandon_line = abandon;
        self.line_suspended = suspended.or(self.line_suspended);
        if self.exit_request.is_none() {
            self.last_status = status;
        }
    }

    /// Parse and run `text` as commands, one complete command at a time.
    fn run_string(&mut self, text: &[u8], first_line: u32) {
        let mut src = StrSource::new(text.to_vec());
        let mut parser = Parser::new(&mut src);
        parser.set_line(first_line);
        loop {
            match parser.parse_command() {
                Ok(Some(list)) => {
                    parser.command_complete();
                    self.run_list(&list);
                    if self.should_stop() {
                        return;
                    }
                }
                Ok(None) => return,
                Err(e) => {
                    // bash's words: `bash: trap: line 2: syntax error: ...`.
                    let name = self.source_name.as_deref().unwrap_or(&self.arg0);
                    let prefix =
                        [name, b": trap: line ", e.line.to_string().as_bytes(), b": "].concat();
                    let mut text = Vec::new();
                    for message in e.message_bytes() {
                        text.extend_from_slice(&prefix);
                        text.extend_from_slice(&message);
                        text.push(b'\n');
                    }
                    let _ = crate::state::shell::write_all(2, &text);
                    self.last_status = 2;
                    return;
                }
            }
        }
    }

    /// The shell (or a subshell) is leaving with `status`: run the `EXIT`
    /// action, once; the status it leaves with, which `exit` in the
    /// action may change.
    pub fn run_exit_trap(&mut self, status: i32) -> i32 {
        let Some(Action::Run(commands)) = self.traps.get(EXIT).cloned() else {
            return status;
        };
        self.traps.table.remove(&EXIT);
        self.exit_request = None;
        self.abandon_line = false;
        self.last_status = status;
        self.traps.running = true;
        self.run_string(&commands, 1);
        self.traps.running = false;
        self.exit_request.unwrap_or(status)
    }

    /// End a forked copy of the shell with `status` (or what `exit` asked
    /// for), after its `EXIT` action.
    pub fn leave_child(&mut self, status: i32) -> ! {
        let status = self.exit_request.unwrap_or(status);
        let status = self.run_exit_trap(status);
        crate::process::spawn::exit_child(status)
    }
}
