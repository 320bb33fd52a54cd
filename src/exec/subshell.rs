//! The one way a piece of the tree runs in a forked copy of the shell:
//! `( list )`, a builtin or compound command in a pipeline, a compound
//! command or and-or list run with `&`.

use nix::errno::Errno;
use nix::unistd::Pid;

use crate::exec::redirect::{FIRST_PRIVATE_FD, open_fds};
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
        match self.fork_copy(launch, false)? {
            Some(pid) => Ok(pid),
            None => {
                let status = body(self);
                self.leave_child(status)
            }
        }
    }

    /// The fork under [`Self::fork_subshell`]: the child's pid in the
    /// parent, None in the child, which is a subshell placed as `launch`
    /// says. Only a child that goes on with the shell's own unfinished work
    /// (a stopped line's continuation) `keeps_fds`: the copies of
    /// descriptors a redirection saved must be there to be put back.
    pub fn fork_copy(&mut self, launch: &Launch, keeps_fds: bool) -> Result<Option<Pid>, Errno> {
        // The copy may read the shell's standard input (`( read x )`,
        // `( head -n1 )` in `jsh < script`): it must start right after
        // the command, and the shell must not parse again what it reads.
        self.release_input();
        match spawn::fork(launch)? {
            Forked::Parent(pid) => Ok(Some(pid)),
            Forked::Child(err) => {
                self.become_subshell();
                if !keeps_fds {
                    close_private_fds();
                }
                if err.is_some() {
                    spawn::exit_child(1);
                }
                Ok(None)
            }
        }
    }

    /// In a forked child: a non-interactive shell with no jobs of its own.
    pub fn become_subshell(&mut self) {
        self.subshell = true;
        self.simple_child = false;
        self.interactive = false;
        self.job_control = false;
        self.terminal = None;
        // The jobs are the parent's: listed by `jobs`, not waited for.
        // A subshell of a subshell without jobs of its own keeps the
        // view it has.
        let mut jobs = std::mem::take(&mut self.jobs);
        jobs.close_feeds();
        if !jobs.is_empty() {
            jobs.forget_saved();
            self.inherited_jobs = Some(jobs);
        }
        self.traps.reset_for_subshell(self.options.errtrace);
        crate::process::signals::forget_all_traps();
        self.nofork.leave_for_child();
    }
}

/// In a forked child: close the shell's own descriptors (the script, the
/// terminal, other stages' pipe ends, saved copies), which this copy of
/// the shell never uses. They are the close-on-exec ones above 9; one
/// inherited from jsh's caller (a jobserver, say) is not close-on-exec
/// and stays, as in bash.
fn close_private_fds() {
    for fd in open_fds() {
        // SAFETY: F_GETFD only queries; close ends a descriptor nothing in
        // this process uses from here on.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFD);
            if fd >= FIRST_PRIVATE_FD && flags >= 0 && flags & libc::FD_CLOEXEC != 0 {
                libc::close(fd);
            }
        }
    }
}
