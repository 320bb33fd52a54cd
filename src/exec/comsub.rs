//! Command substitution: `$(list)` and `` `list` `` run in a forked copy
//! of the shell whose standard output is a pipe the shell reads to the end,
//! unless the list runs only builtins, functions and assignments: then it
//! runs in the shell itself (see [`crate::exec::nofork`]).
//!
//! The child is no job: it never enters the job table, and the shell
//! waits for exactly its pid, so neither the job reaping nor `wait` can
//! take its status, nor it theirs. With job control on it stays in the
//! shell's process group, as in bash, so that Ctrl+C reaches it.

use std::os::fd::{AsFd, AsRawFd, OwnedFd};

use crate::jobs::table::ProcState;
use nix::errno::Errno;
use nix::unistd::Pid;

use crate::exec::redirect;
use crate::process::spawn::{FdOp, Launch};
use crate::state::shell::{Shell, strerror};
use crate::syntax::ast::CommandSubst;
use crate::syntax::lexer::StrSource;

impl Shell {
    /// The output of `sub`, trailing newlines removed and NUL bytes
    /// dropped (with bash's warning). Its status is kept for a command
    /// that has no command word (`x=$(cmd)`, `$(exit 3)`).
    pub fn command_substitution(&mut self, sub: &CommandSubst) -> Vec<u8> {
        if sub.broken {
            self.report_broken_backquotes(sub);
            self.subst_status = Some(2);
            self.last_status = 2;
            return Vec::new();
        }
        if let Some((output, status)) = self.substitute_in_shell(&sub.list) {
            return self.substitution_result(output, status);
        }
        let (read, write) = match pipe() {
            Ok(ends) => ends,
            Err(e) => {
                self.error(format!("pipe error: {}", strerror(e)));
                return self.subst_failed();
            }
        };
        // The child may read the shell's input (`x=$(cat)`): it starts
        // right after the command being run.
        self.release_input();
        let ops = [
            FdOp::Dup2 {
                from: write.as_raw_fd(),
                to: 1,
            },
            FdOp::Close(write.as_raw_fd()),
            FdOp::Close(read.as_raw_fd()),
        ];
        let launch = Launch {
            fd_ops: &ops,
            // The shell's own group (as bash): Ctrl+C reaches the child.
            pgroup: None,
            terminal: None,
        };
        let job_control = self.job_control_around();
        let list = sub.list.clone();
        let forked = self.fork_subshell(&launch, |sh| {
            if job_control {
                // In the terminal's foreground group, it must not be
                // stopped by Ctrl+Z while the shell waits for its output
                // (bash's `ignore_tty_job_signals`).
                crate::process::signals::ignore_tty_stops();
            }
            // `$(< file)`: the file, without a command (bash).
            if let Some(status) = sh.substitute_file(&list) {
                return status;
            }
            sh.run_in_subshell(&list)
        });
        drop(write);
        let pid = match forked {
            Ok(pid) => pid,
            Err(e) => {
                self.error(format!("fork: {}", strerror(e)));
                return self.subst_failed();
            }
        };
        let output = read_all(&read);
        drop(read);
        let status = self.wait_substitution(pid);
        self.substitution_result(output, status)
    }

    /// What the substitution gives, from all its output and its status.
    fn substitution_result(&mut self, mut output: Vec<u8>, status: i32) -> Vec<u8> {
        self.subst_status = Some(status);
        self.last_status = status;
        if output.contains(&0) {
            self.error("warning: command substitution: ignored null byte in input");
            output.retain(|&b| b != 0);
        }
        while output.last() == Some(&b'\n') {
            output.pop();
        }
        output
    }

    fn subst_failed(&mut self) -> Vec<u8> {
        self.subst_status = Some(1);
        self.last_status = 1;
        Vec::new()
    }

    /// Wait for the substitution's child only; its status as `$?` shows
    /// it. Killed by Ctrl+C, it ends the command line, as in bash.
    fn wait_substitution(&mut self, pid: Pid) -> i32 {
        loop {
            match crate::jobs::table::wait_child(pid, true, false) {
                Ok(Some((_, ProcState::Exited(code)))) => return code,
                Ok(Some((_, ProcState::Signaled { sig, .. }))) => {
                    if sig == libc::SIGINT {
                        if self.in_shell_substitution() {
                            // Ctrl+C (the shell got it too) ends the
                            // substitution this one runs in as well.
                            if crate::process::signals::take_interrupt() {
                                self.interrupt_substitution();
                            }
                        } else if self.interactive {
                            self.abandon_line = true;
                        }
                    }
                    return 128 + sig;
                }
                Ok(_) | Err(Errno::EINTR) => {}
                Err(_) => return 1,
            }
        }
    }

    /// A backquoted body that does not parse: bash's message, told when
    /// the substitution runs, with its lines counted from the body's.
    fn report_broken_backquotes(&mut self, sub: &CommandSubst) {
        let Some(text) = &sub.backquoted else {
            return;
        };
        // bash reads the body as a line, ended by a newline.
        let mut body = unescape_backquoted(text);
        body.push(b'\n');
        let mut src = StrSource::new(body);
        let mut parser = crate::syntax::parser::Parser::new(&mut src);
        let error = loop {
            match parser.parse_command() {
                Ok(Some(_)) => {}
                Ok(None) => return,
                Err(e) => break e,
            }
        };
        // bash's prefix without its line: the shell's name, then the
        // line in the body.
        let name =
            String::from_utf8_lossy(self.source_name.as_deref().unwrap_or(&self.arg0)).into_owned();
        for msg in error.message_bytes() {
            let mut line =
                format!("{name}: command substitution: line {}: ", error.line).into_bytes();
            line.extend_from_slice(&msg);
            line.push(b'\n');
            let _ = crate::state::shell::write_all(2, &line);
        }
    }
}

/// The text between backquotes with its escapes undone, as the lexer
/// reads it (outside double quotes; `\"` is rare enough to keep).
fn unescape_backquoted(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut bytes = raw.iter().copied().peekable();
    while let Some(b) = bytes.next() {
        if b == b'\\'
            && let Some(c) = bytes.next_if(|c| matches!(c, b'\\' | b'`' | b'$' | b'"'))
        {
            out.push(c);
            continue;
        }
        out.push(b);
    }
    out
}

/// A pipe whose ends are the shell's own (close-on-exec, above the
/// standard descriptors): no other child inherits them.
fn pipe() -> Result<(OwnedFd, OwnedFd), Errno> {
    let (r, w) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)?;
    let high = |fd: OwnedFd| {
        if fd.as_raw_fd() > 2 {
            return Ok(fd);
        }
        redirect::dup_high(fd.as_raw_fd())
    };
    Ok((high(r)?, high(w)?))
}

/// Everything the child writes, up to the end of the pipe.
fn read_all(fd: &OwnedFd) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match nix::unistd::read(fd.as_fd(), &mut buf) {
            Ok(0) => return out,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            // Ctrl+C with job control interrupts the read; the child gets
            // the signal too and ends the pipe.
            Err(Errno::EINTR) => {}
            Err(_) => return out,
        }
    }
}
