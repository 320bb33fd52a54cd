//! `$(< file)`: a command substitution whose command is one input
//! redirection and nothing else is the file's contents, as in bash and
//! ksh (`$(cat file)` without the `cat`). POSIX leaves a command of
//! redirections alone unspecified there; dash runs it as such a command,
//! whose output is nothing, so scripts written for bash would get an
//! empty value without a word said.

use std::slice;

use nix::errno::Errno;

use crate::exec::redirect::Plan;
use crate::expand::word::Expander;
use crate::state::shell::{Shell, strerror};
use crate::syntax::ast::{Command, List, RedirOp, SimpleCommand};

impl Shell {
    /// In the child of `$(list)`: when `list` is `< file` (or `0< file`)
    /// alone, copy the file to standard output and return the status;
    /// else `None`, and the list runs as any other.
    pub(crate) fn substitute_file(&mut self, list: &List) -> Option<i32> {
        let simple = lone_input_redirection(list)?;
        self.line = simple.line;
        // Opened as any redirection is, with its expansion and its error
        // messages (`jsh: f: No such file or directory`, status 1).
        let plan = match Plan::open(&simple.redirs, &mut |w| {
            Expander::new(self).words(slice::from_ref(w))
        }) {
            Ok(plan) => plan,
            Err(e) => return Some(self.redirect_failed(e)),
        };
        if let Err(e) = plan.apply_permanently() {
            self.error(&e.message);
            return Some(1);
        }
        Some(self.copy_input_to_output())
    }

    /// Standard input to standard output, to the end; 1 after an error.
    fn copy_input_to_output(&mut self) -> i32 {
        let mut buf = vec![0u8; 64 * 1024];
        // SAFETY: standard input is open for the whole of this child (its
        // redirection was just applied); it is only read, borrowed for
        // the calls.
        let input = unsafe { std::os::fd::BorrowedFd::borrow_raw(0) };
        loop {
            let n = match nix::unistd::read(input, &mut buf) {
                Ok(0) => return 0,
                Ok(n) => n,
                Err(Errno::EINTR) => continue,
                Err(e) => {
                    self.error(format!("read error: 0: {}", strerror(e)));
                    return 1;
                }
            };
            if crate::state::shell::write_all(1, &buf[..n]).is_err() {
                return 1;
            }
        }
    }
}

/// Is `list` the `< file` alone that [`Shell::substitute_file`] reads?
/// It needs a process of its own, whose standard input it takes.
pub(crate) fn is_file_substitution(list: &List) -> bool {
    lone_input_redirection(list).is_some()
}

fn lone_input_redirection(list: &List) -> Option<&SimpleCommand> {
    let [item] = list.items.as_slice() else {
        return None;
    };
    let pipeline = &item.and_or.first;
    let [Command::Simple(simple)] = pipeline.commands.as_slice() else {
        return None;
    };
    let [redir] = simple.redirs.as_slice() else {
        return None;
    };
    let alone = !item.background
        && item.and_or.rest.is_empty()
        && !pipeline.negated
        && pipeline.time.is_none()
        && simple.words.is_empty()
        && simple.assigns.is_empty();
    let from_input = redir.op == RedirOp::In && redir.fd.is_none_or(|fd| fd == 0);
    (alone && from_input).then_some(simple)
}
