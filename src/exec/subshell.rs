//! The one way a piece of the tree runs in a forked copy of the shell:
//! `( list )`, a builtin or compound command in a pipeline, a compound
//! command or and-or list run with `&`.

use nix::errno::Errno;
use nix::unistd::Pid;

use crate::process::spawn::{self, Forked, Launch};
use crate::state::shell::Shell;

impl Shell {
    /// Fork a copy of the shell placed as `launch` says, in which `body`
    /// runs and whose exit status is what `body` returns (or what `exit`
    /// asked for). Returns the child's pid in the parent; never returns in
    /// the child.
    pub fn fork_subshell(
        &mut self,
        launch: &Launch,
        body: impl FnOnce(&mut Shell) -> i32,
    ) -> Result<Pid, Errno> {
        match spawn::fork(launch)? {
            Forked::Parent(pid) => Ok(pid),
            Forked::Child(err) => {
                self.become_subshell();
                if err.is_some() {
                    spawn::exit_child(1);
                }
                let status = body(self);
                spawn::exit_child(self.exit_request.unwrap_or(status))
            }
        }
    }

    /// In a forked child: a non-interactive shell with no jobs of its own.
    pub fn become_subshell(&mut self) {
        self.subshell = true;
        self.interactive = false;
        self.job_control = false;
        self.terminal = None;
        self.jobs.clear();
    }
}
