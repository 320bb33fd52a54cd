//! Command substitutions run in the shell itself, without a fork, when
//! their body runs only builtins, functions and assignments (see
//! [`eligible`]): the output is captured ([`capture`]) and every effect of
//! the body is undone afterwards ([`contain`]), so that the result, the
//! status and the state after it are those of a forked substitution.
//! Anything else forks, as [`crate::exec::comsub`] always did.

pub mod capture;
mod contain;
pub mod eligible;

use crate::process::signals;
use crate::state::shell::Shell;
use crate::syntax::ast::List;

/// The shell's side of the substitutions running in it.
#[derive(Default)]
pub struct State {
    /// Substitutions running in the shell now, one inside the other.
    depth: u32,
    /// The shell around the outermost one is interactive (inside, the
    /// shell is not, as a forked copy is not).
    outer_interactive: bool,
    /// The same for job control.
    outer_job_control: bool,
    /// Ctrl+C reached a substitution running now: it ends, and those
    /// around it, as forked ones would die of it.
    interrupted: bool,
    /// Substitutions run so far, for RANDOM's divergence.
    count: u32,
}

impl State {
    /// In a forked copy: no substitution runs in this process (the
    /// copy's own start afresh).
    pub fn leave_for_child(&mut self) {
        *self = State::default();
        capture::forget_active();
    }
}

impl Shell {
    /// Is a command substitution running in the shell itself?
    pub fn in_shell_substitution(&self) -> bool {
        self.nofork.depth > 0
    }

    /// Does the shell do job control, or the one a substitution running
    /// in it was started from? (A forked substitution inside shares the
    /// terminal's foreground group as one started from the prompt does.)
    pub fn job_control_around(&self) -> bool {
        self.job_control || (self.in_shell_substitution() && self.nofork.outer_job_control)
    }

    /// Ctrl+C, seen by a loop or a wait inside a substitution running in
    /// the shell: it ends that substitution and those around it.
    pub fn interrupt_substitution(&mut self) {
        self.nofork.interrupted = true;
        self.abandon_line = true;
    }

    /// Run `list`, the body of a command substitution, in the shell itself
    /// if it qualifies: its output and status. `None`: it must fork.
    pub fn substitute_in_shell(&mut self, list: &List) -> Option<(Vec<u8>, i32)> {
        if signals::is_trapped(libc::SIGCHLD) {
            // The parent's SIGCHLD trap is to run when the forked
            // substitution ends, as in bash.
            return None;
        }
        if crate::exec::file_subst::is_file_substitution(list) {
            // `$(< file)` reads the file in a child of its own.
            return None;
        }
        let interactive = self.interactive || self.nofork.outer_interactive;
        let needs = eligible::check(&self.functions, interactive, list)?;
        let mut saved = contain::Saved::take(self, needs)?;
        let capture = capture::Capture::begin()?;
        if needs.input {
            // `read` starts right after the command being run, as it would
            // in a forked copy.
            self.release_input();
        }
        if self.nofork.depth == 0 {
            self.nofork.outer_interactive = self.interactive;
            self.nofork.outer_job_control = self.job_control;
            self.nofork.interrupted = false;
        }
        self.nofork.depth += 1;
        self.nofork.count = self.nofork.count.wrapping_add(1);
        saved.enter(self, self.nofork.count);
        let mut status = self.run_substitution_body(list);
        // Ctrl+C while it ran (outside a loop, which stops at once): a
        // forked one would have died of it.
        if signals::take_interrupt() {
            self.nofork.interrupted = true;
        }
        self.nofork.depth -= 1;
        saved.restore(self);
        let output = capture.finish();
        if self.nofork.interrupted {
            // As a forked one killed by SIGINT: its status, and the line
            // (or the substitution around) abandoned.
            status = 128 + libc::SIGINT;
            if self.nofork.depth > 0 || self.interactive {
                self.abandon_line = true;
            }
        }
        if self.nofork.depth == 0 {
            self.nofork.outer_interactive = false;
            self.nofork.outer_job_control = false;
            self.nofork.interrupted = false;
        }
        Some((output, status))
    }

    /// The body, as a forked copy runs it: its status, or what `exit` (or
    /// an error fatal to a subshell) asked for, after the `EXIT` trap it
    /// set.
    fn run_substitution_body(&mut self, list: &List) -> i32 {
        let ran = self.run_items(list);
        // `return`, `break` or `continue` end the body only.
        self.pending_flow = None;
        let status = self.exit_request.take().unwrap_or(ran.status);
        let status = self.run_exit_trap(status);
        self.exit_request = None;
        status
    }
}
