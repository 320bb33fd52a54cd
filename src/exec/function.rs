//! Shell functions: defining them and calling them with their own
//! positional parameters, within a bounded depth.

use std::rc::Rc;

use crate::exec::flow::Flow;
use crate::state::shell::Shell;
use crate::syntax::ast::FunctionDef;

/// Most calls that may be open at once, as in dash. bash has no limit
/// unless FUNCNEST is set, and dies of a stack overflow instead.
pub const MAX_DEPTH: u32 = 1000;

/// Stack kept free below the deepest call. One call level of
/// `f() { f; }` takes about 4.3 KiB in an unoptimised build and 1.6 KiB
/// in a release build (measured under `ulimit -s`); calls through nested
/// compound commands take more, and a command run at the deepest level
/// needs room too: 1 MiB is many times that.
const STACK_RESERVE: usize = 1 << 20;

/// The current stack pointer, near enough: the address of a local.
#[inline(never)]
pub fn stack_pointer() -> usize {
    let marker = 0u8;
    std::ptr::addr_of!(marker) as usize
}

/// How much stack this process may use (its soft limit), if bounded.
fn stack_limit() -> Option<usize> {
    let (soft, _) =
        nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_STACK).ok()?;
    (soft != nix::sys::resource::RLIM_INFINITY).then_some(soft as usize)
}

impl Shell {
    pub fn define_function(&mut self, def: &Rc<FunctionDef>) -> i32 {
        self.functions.insert(def.name.clone(), Rc::clone(def));
        0
    }

    /// Run `def` with `args` (`args[0]` is its name) as `$1`..., put back
    /// afterwards. `return` ends it here.
    pub fn call_function(&mut self, def: &Rc<FunctionDef>, args: &[Vec<u8>]) -> i32 {
        if let Some(limit) = self.nesting_exceeded() {
            self.error(format!(
                "{}: maximum function nesting level exceeded ({limit})",
                String::from_utf8_lossy(&def.name)
            ));
            // Like bash: the command line that went too deep is abandoned.
            self.abandon_line = true;
            return 1;
        }
        let saved = std::mem::replace(&mut self.positional, args[1..].to_vec());
        // A loop around the call is not one `break` in the body can leave.
        let loops = std::mem::replace(&mut self.loop_depth, 0);
        self.function_depth += 1;
        self.vars.push_frame();
        let def = Rc::clone(def);
        // Without `set -E` the `ERR` trap is not the function's (bash).
        let err_suspended = self.traps.err_suspended;
        if !self.options.errtrace {
            self.traps.err_suspended = true;
        }
        let line = self.line;
        // The first call parses a body kept as text.
        let ran = match def.body.check() {
            Ok(body) => self.run_compound(body, &def.redirs, def.line.0),
            Err(e) => {
                self.error(format!(
                    "{}: internal error: the body does not parse again: {e}",
                    String::from_utf8_lossy(&def.name)
                ));
                crate::exec::flow::Ran::normal(2)
            }
        };
        // `$LINENO` is the caller's again (bash), for an `ERR` action too.
        self.line = line;
        self.traps.err_suspended = err_suspended;
        self.vars.pop_frame();
        self.report_warnings();
        self.function_depth -= 1;
        self.loop_depth = loops;
        self.positional = saved;
        match ran.flow {
            Flow::Return | Flow::Normal => ran.status,
            // Cannot happen (loop_depth was 0), kept harmless.
            Flow::Break(_) | Flow::Continue(_) => ran.status,
        }
    }

    /// The limit a new call would pass, if it would: FUNCNEST when set,
    /// else [`MAX_DEPTH`], or the stack running out first.
    fn nesting_exceeded(&self) -> Option<u32> {
        let funcnest = self
            .vars
            .get(b"FUNCNEST")
            .and_then(|v| std::str::from_utf8(v).ok()?.parse::<u32>().ok())
            .filter(|&n| n > 0);
        let limit = funcnest.unwrap_or(MAX_DEPTH);
        if self.function_depth >= limit {
            return Some(limit);
        }
        let used = self.stack_base.saturating_sub(stack_pointer());
        let room = stack_limit().unwrap_or(8 << 20);
        (used + STACK_RESERVE > room).then_some(self.function_depth)
    }
}
