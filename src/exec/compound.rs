//! Running compound commands in the shell itself: one function per kind
//! of node, each returning its status and control-flow outcome.

use std::rc::Rc;

use crate::exec::flow::{Flow, Ran};
use crate::exec::redirect::Plan;
use crate::expand::pattern;
use crate::expand::word::{Expander, Params};
use crate::jobs::table::{Job, Proc, ProcState};
use crate::process::spawn::Launch;
use crate::state::shell::{Shell, strerror};
use crate::syntax::ast::{CaseArm, CaseEnd, CompoundCommand, List, Redir, Unparse, Word, WordPart};
use crate::syntax::lexer::is_name;

impl Shell {
    /// A compound command with its redirections, in this shell (a
    /// subshell forks inside).
    pub fn run_compound(&mut self, cmd: &Rc<CompoundCommand>, redirs: &[Redir], line: u32) -> Ran {
        self.line = line;
        if redirs.is_empty() {
            return self.run_compound_body(cmd);
        }
        let opened = Plan::open(redirs, &mut |w| {
            Expander::new(self).words(std::slice::from_ref(w))
        });
        let plan = match opened {
            Ok(plan) => plan,
            Err(e) => return Ran::normal(self.redirect_failed(e)),
        };
        let saved = match plan.apply_saving() {
            Ok(saved) => saved,
            Err(e) => {
                self.error(&e.message);
                return Ran::normal(1);
            }
        };
        let ran = self.run_compound_body(cmd);
        drop(saved);
        ran
    }

    fn run_compound_body(&mut self, cmd: &Rc<CompoundCommand>) -> Ran {
        match &**cmd {
            CompoundCommand::Brace(list) => self.run_body(list),
            CompoundCommand::Subshell(_) => Ran::normal(self.run_subshell(cmd)),
            CompoundCommand::If {
                branches,
                otherwise,
            } => self.run_if(branches, otherwise.as_ref()),
            CompoundCommand::Loop { until, cond, body } => self.run_loop(*until, cond, body),
            CompoundCommand::For {
                name,
                words,
                body,
                line,
            } => self.run_for(name, words.as_deref(), body, line.0),
            CompoundCommand::Case { word, arms } => self.run_case(word, arms),
            CompoundCommand::Arith(expr) => Ran::normal(self.run_arith_command(expr)),
        }
    }

    /// A list inside a compound command: its last command's status, 0 if
    /// none ran.
    pub fn run_body(&mut self, list: &List) -> Ran {
        self.run_items(list)
    }

    fn run_if(&mut self, branches: &[(List, List)], otherwise: Option<&List>) -> Ran {
        for (cond, body) in branches {
            let test = self.exempt_from_errexit(true, |sh| sh.run_body(cond));
            if !test.goes_on() || self.should_stop() {
                return test;
            }
            if test.status == 0 {
                return self.run_body(body);
            }
        }
        match otherwise {
            Some(list) => self.run_body(list),
            None => Ran::normal(0),
        }
    }

    /// What a loop does after its condition or body gave `flow`.
    fn loop_step(flow: Flow) -> Step {
        match flow {
            Flow::Normal => Step::Go,
            Flow::Continue(1) => Step::NextRound,
            Flow::Break(1) => Step::Leave(Flow::Normal),
            Flow::Break(n) => Step::Leave(Flow::Break(n - 1)),
            Flow::Continue(n) => Step::Leave(Flow::Continue(n - 1)),
            Flow::Return => Step::Leave(Flow::Return),
        }
    }

    fn run_loop(&mut self, until: bool, cond: &List, body: &List) -> Ran {
        self.loop_depth += 1;
        let ran = self.loop_rounds(until, cond, body);
        self.loop_depth -= 1;
        ran
    }

    fn loop_rounds(&mut self, until: bool, cond: &List, body: &List) -> Ran {
        let mut status = 0;
        loop {
            let test = self.exempt_from_errexit(true, |sh| sh.run_body(cond));
            match Self::loop_step(test.flow) {
                Step::Go => {}
                Step::NextRound => continue,
                Step::Leave(flow) => {
                    return Ran {
                        status: test.status,
                        flow,
                    };
                }
            }
            if self.loop_interrupted() || (test.status == 0) == until {
                return Ran::normal(status);
            }
            let ran = self.run_body(body);
            status = ran.status;
            if let Step::Leave(flow) = Self::loop_step(ran.flow) {
                return Ran { status, flow };
            }
            if self.loop_interrupted() {
                return Ran::normal(status);
            }
        }
    }

    /// Must the loop stop: the line is over, or Ctrl+C reached the shell
    /// itself (a loop of builtins only has no child for it to kill), which
    /// abandons the line as in bash.
    fn loop_interrupted(&mut self) -> bool {
        if self.in_shell_substitution() && crate::process::signals::take_interrupt() {
            // A forked substitution would die of it (its traps are not
            // the parent's); this one ends as if it had.
            self.interrupt_substitution();
            return true;
        }
        // With a trap on SIGINT, Ctrl+C runs the action instead (between
        // commands) and the loop goes on, as in bash.
        if self.continuation
            && !crate::process::signals::is_trapped(libc::SIGINT)
            && crate::process::signals::take_interrupt()
        {
            // A stopped line's continuation: see `Shell::interrupted_line`.
            crate::process::signals::die_of(libc::SIGINT);
        }
        if self.interactive
            && !crate::process::signals::is_trapped(libc::SIGINT)
            && crate::process::signals::take_interrupt()
        {
            self.abandon_line = true;
            self.last_status = 130;
            let _ = crate::state::shell::write_all(2, b"\n");
        }
        self.should_stop()
    }

    fn run_for(&mut self, name: &[u8], words: Option<&[Word]>, body: &List, line: u32) -> Ran {
        if !is_name(name) {
            self.line = line;
            self.error(format!("`{}': not a valid identifier", lossy(name)));
            return Ran::normal(1);
        }
        let values = match words {
            None => self.positional.clone(),
            Some(words) => match Expander::new(self).words(words) {
                Ok(values) => values,
                Err(e) => return Ran::normal(self.expand_failed(e)),
            },
        };
        self.loop_depth += 1;
        let mut ran = Ran::normal(0);
        let head = self.options.xtrace.then(|| for_text(name, words));
        for value in values {
            if let Some(head) = &head {
                self.trace_source(head);
            }
            if self.assign_var(name, value).is_err() {
                self.line = line;
                ran.status = self.readonly_error(name);
                break;
            }
            let round = self.run_body(body);
            ran.status = round.status;
            if let Step::Leave(flow) = Self::loop_step(round.flow) {
                ran.flow = flow;
                break;
            }
            if self.loop_interrupted() {
                break;
            }
        }
        self.loop_depth -= 1;
        ran
    }

    /// `((expression))`: 0 when the value is not zero, else 1.
    /// `(( ))` is bash's command, not POSIX's: as bash, an assignment to
    /// a readonly variable there fails the command (status 1) and the
    /// script goes on. `$(( ))`, an expansion, follows POSIX instead (an
    /// expansion error ends a non-interactive shell), as bash does too.
    fn run_arith_command(&mut self, expr: &[WordPart]) -> i32 {
        let exit_before = self.exit_request;
        match Expander::new(self).arith_command(expr) {
            Ok(value) => i32::from(value == 0),
            Err(e) => {
                if e.assignment {
                    self.exit_request = exit_before;
                }
                self.expand_failed(e)
            }
        }
    }

    fn run_case(&mut self, word: &Word, arms: &[CaseArm]) -> Ran {
        let subject = match Expander::new(self).single(word) {
            Ok(text) => text,
            Err(e) => return Ran::normal(self.expand_failed(e)),
        };
        if self.options.xtrace {
            let text = [b"case ".as_slice(), &word.to_bytes(), b" in"].concat();
            self.trace_source(&text);
        }
        let mut ran = Ran::normal(0);
        let mut i = 0;
        // Set by `;&`: the next arm's list runs without its patterns tested.
        let mut fall = false;
        while i < arms.len() {
            let arm = &arms[i];
            i += 1;
            if !fall {
                match self.arm_matches(arm, &subject) {
                    Ok(true) => {}
                    Ok(false) => continue,
                    Err(status) => return Ran::normal(status),
                }
            }
            ran = self.run_body(&arm.body);
            if !ran.goes_on() || self.should_stop() {
                return ran;
            }
            match arm.end {
                CaseEnd::Break => return ran,
                CaseEnd::FallThrough => fall = true,
                CaseEnd::TestNext => fall = false,
            }
        }
        ran
    }

    fn arm_matches(&mut self, arm: &CaseArm, subject: &[u8]) -> Result<bool, i32> {
        let utf8 = self.utf8();
        for p in &arm.patterns {
            // A pattern written as plain text (`a*`, `*.txt`) is its own
            // expansion: it has no quotes to escape and nothing to expand.
            if let Some(text) = p.as_literal() {
                if pattern::fnmatch(text, subject, utf8) {
                    return Ok(true);
                }
                continue;
            }
            let pattern = match Expander::new(self).pattern(p) {
                Ok(pattern) => pattern,
                Err(e) => return Err(self.expand_failed(e)),
            };
            if pattern::fnmatch(&pattern, subject, utf8) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `( list )` in the foreground: one forked shell, waited for as a job
    /// of its own.
    fn run_subshell(&mut self, cmd: &Rc<CompoundCommand>) -> i32 {
        let CompoundCommand::Subshell(list) = &**cmd else {
            unreachable!("called for a subshell")
        };
        let terminal = match &self.terminal {
            Some(t) if self.job_control => Some(t.raw_fd()),
            _ => None,
        };
        let launch = Launch {
            fd_ops: &[],
            pgroup: self.job_control.then_some(0),
            terminal,
        };
        let pid = match self.fork_subshell(&launch, |sh| {
            // No loop encloses what runs in another environment (POSIX
            // 2.15 break); bash says so for `(break)`.
            sh.loop_depth = 0;
            sh.run_in_subshell(list)
        }) {
            Ok(pid) => pid,
            Err(e) => {
                self.error(format!("fork: {}", strerror(e)));
                return 1;
            }
        };
        // The text names the process if a signal kills it, job control
        // or not.
        let text = crate::syntax::pretty::command_text(cmd);
        let mut job = Job::new(text.clone());
        if self.job_control {
            let _ = nix::unistd::setpgid(pid, pid);
            job.pgid = Some(pid);
            if let (Some(term), Some(_)) = (&self.terminal, terminal) {
                term.give_to(pid);
            }
        }
        job.procs.push(Proc {
            pid,
            state: ProcState::Running,
            command: text,
        });
        self.run_foreground(job)
    }
}

/// Where a loop goes after a condition or a body.
enum Step {
    Go,
    /// `continue`: the next round of this loop.
    NextRound,
    /// Out of this loop, telling the nodes around it `Flow`.
    Leave(Flow),
}

/// `for NAME in WORDS` as bash traces it: the words as written, `"$@"`
/// for none.
fn for_text(name: &[u8], words: Option<&[Word]>) -> Vec<u8> {
    let mut out = [b"for ".as_slice(), name, b" in"].concat();
    match words {
        None => out.extend_from_slice(b" \"$@\""),
        Some(words) => {
            for w in words {
                out.push(b' ');
                out.extend_from_slice(&w.to_bytes());
            }
        }
    }
    out
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
