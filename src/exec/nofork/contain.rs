//! What a command substitution run in the shell itself may change, saved
//! before it runs and put back after, so that nothing it did is seen
//! afterwards, as if it had run in a forked copy. The variables keep a
//! journal of their own changes ([`crate::state::vars::Vars::begin_journal`]):
//! saving them costs nothing until one changes. The rest is small, or
//! saved only when the body can change it (see [`super::eligible::Needs`]).

use std::os::fd::{AsRawFd, OwnedFd};

use nix::fcntl::{OFlag, open};
use nix::sys::stat::Mode;

use super::eligible::Needs;
use crate::state::shell::Shell;

/// The directory itself (open, to go back to it even if it was renamed),
/// its name as the shell knows it, and `pushd`'s stack.
struct Cwd {
    dir: OwnedFd,
    name: Option<Vec<u8>>,
    stack: Vec<Vec<u8>>,
}

type AliasList = Vec<(Vec<u8>, std::rc::Rc<[u8]>)>;

pub struct Saved {
    positional: Vec<Vec<u8>>,
    last_status: i32,
    line: u32,
    exit_request: Option<i32>,
    subshell: bool,
    interactive: bool,
    job_control: bool,
    terminal: Option<crate::jobs::terminal::Terminal>,
    abandon_line: bool,
    options: crate::state::options::Options,
    traps: crate::state::traps::Traps,
    errexit_exempt: u32,
    loop_depth: u32,
    function_depth: u32,
    source_depth: u32,
    via_command: bool,
    pending_flow: Option<crate::exec::flow::Flow>,
    subst_status: Option<i32>,
    getopts: (usize, usize),
    dynamic: crate::state::special::DynamicState,
    /// What `cd` and `pushd` change.
    cwd: Option<Cwd>,
    umask: Option<libc::mode_t>,
    aliases: Option<AliasList>,
    paths: Option<crate::exec::pathsearch::PathCache>,
    functions: Option<
        std::collections::HashMap<
            Vec<u8>,
            std::rc::Rc<crate::syntax::ast::FunctionDef>,
            crate::state::vars::FixedState,
        >,
    >,
}

impl Saved {
    /// Save what the body may change; `None` if something cannot be
    /// saved (the working directory cannot be opened): it forks instead.
    /// Nothing is changed yet.
    pub fn take(sh: &Shell, needs: Needs) -> Option<Saved> {
        let cwd = if needs.cwd {
            let dir = open(
                c".",
                OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC,
                Mode::empty(),
            )
            .ok()?;
            let dir = crate::exec::redirect::move_private(dir);
            Some(Cwd {
                dir,
                name: sh.cwd.clone(),
                stack: sh.dir_stack.clone(),
            })
        } else {
            None
        };
        let umask = needs.umask.then(|| {
            // SAFETY: umask cannot fail; the old mask goes straight back.
            unsafe {
                let mask = libc::umask(0o022);
                libc::umask(mask);
                mask
            }
        });
        Some(Saved {
            positional: sh.positional.clone(),
            last_status: sh.last_status,
            line: sh.line,
            exit_request: sh.exit_request,
            subshell: sh.subshell,
            interactive: sh.interactive,
            job_control: sh.job_control,
            terminal: None,
            abandon_line: sh.abandon_line,
            options: sh.options.clone(),
            traps: crate::state::traps::Traps::default(),
            errexit_exempt: sh.errexit_exempt,
            loop_depth: sh.loop_depth,
            function_depth: sh.function_depth,
            source_depth: sh.source_depth,
            via_command: sh.via_command,
            pending_flow: sh.pending_flow,
            subst_status: sh.subst_status,
            getopts: crate::builtins::getopts::position(),
            dynamic: sh.vars.dynamic.save(),
            cwd,
            umask,
            aliases: needs.aliases.then(|| sh.aliases.list()),
            paths: needs.paths.then(|| sh.paths.clone()),
            functions: needs.functions.then(|| sh.functions.clone()),
        })
    }

    /// Make the shell the substitution's: a non-interactive subshell
    /// without job control or terminal, with a subshell's traps, whose
    /// variable changes are journaled.
    pub fn enter(&mut self, sh: &mut Shell, salt: u32) {
        self.terminal = sh.terminal.take();
        self.traps = std::mem::take(&mut sh.traps);
        sh.traps = self.traps.for_shell_substitution(sh.options.errtrace);
        sh.subshell = true;
        sh.interactive = false;
        sh.job_control = false;
        sh.vars.begin_journal();
        let seed = sh.vars.get(b"RANDOM").unwrap_or_default().to_vec();
        sh.vars.dynamic.diverge(&seed, salt);
    }

    /// Put everything back as it was before [`Saved::take`].
    pub fn restore(self, sh: &mut Shell) {
        sh.vars.roll_back();
        sh.vars.dynamic.restore(self.dynamic);
        sh.positional = self.positional;
        sh.last_status = self.last_status;
        sh.line = self.line;
        sh.exit_request = self.exit_request;
        sh.subshell = self.subshell;
        sh.interactive = self.interactive;
        sh.job_control = self.job_control;
        sh.terminal = self.terminal;
        sh.abandon_line = self.abandon_line;
        sh.options = self.options;
        sh.options.publish();
        sh.traps = self.traps;
        sh.errexit_exempt = self.errexit_exempt;
        sh.loop_depth = self.loop_depth;
        sh.function_depth = self.function_depth;
        sh.source_depth = self.source_depth;
        sh.via_command = self.via_command;
        sh.pending_flow = self.pending_flow;
        sh.subst_status = self.subst_status;
        crate::builtins::getopts::set_position(self.getopts);
        if let Some(Cwd { dir, name, stack }) = self.cwd {
            // SAFETY: fchdir to the directory opened in `take`.
            if unsafe { libc::fchdir(dir.as_raw_fd()) } != 0 {
                sh.error(format!(
                    "cannot go back to the directory: {}",
                    crate::state::shell::strerror(nix::errno::Errno::last())
                ));
            }
            sh.cwd = name;
            sh.dir_stack = stack;
        }
        if let Some(mask) = self.umask {
            // SAFETY: umask cannot fail.
            unsafe { libc::umask(mask) };
        }
        if let Some(aliases) = self.aliases {
            sh.aliases.clear();
            for (name, value) in aliases {
                sh.aliases.set(&name, &value);
            }
        }
        if let Some(paths) = self.paths {
            sh.paths = paths;
        }
        if let Some(functions) = self.functions {
            sh.functions = functions;
        }
    }
}
