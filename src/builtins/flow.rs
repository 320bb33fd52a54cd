//! `break`, `continue` and `return`: they ask the loop or function around
//! them to end, through [`Shell::pending_flow`], which the command that ran
//! them turns into its [`Flow`] at once.

use crate::exec::flow::Flow;
use crate::state::shell::Shell;

pub fn run_break(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    loop_control(sh, args, Flow::Break)
}

pub fn run_continue(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    loop_control(sh, args, Flow::Continue)
}

fn loop_control(sh: &mut Shell, args: &[Vec<u8>], flow: fn(u32) -> Flow) -> i32 {
    let name = String::from_utf8_lossy(&args[0]).into_owned();
    if sh.loop_depth == 0 {
        sh.error(format!(
            "{name}: only meaningful in a `for', `while', or `until' loop"
        ));
        return 0;
    }
    if args.len() > 2 {
        // bash abandons the command line, as for `exit 1 2`.
        sh.pending_flow = Some(flow(sh.loop_depth));
        return super::too_many_arguments(sh, &name);
    }
    let Some(arg) = args.get(1) else {
        sh.pending_flow = Some(flow(1));
        return 0;
    };
    let text = String::from_utf8_lossy(arg).into_owned();
    match text.trim().parse::<i64>() {
        Ok(n) if n >= 1 => {
            let n = u32::try_from(n).unwrap_or(u32::MAX).min(sh.loop_depth);
            sh.pending_flow = Some(flow(n));
            0
        }
        Ok(_) => {
            // bash leaves the loop all the same.
            sh.error(format!("{name}: {text}: loop count out of range"));
            sh.pending_flow = Some(flow(1));
            1
        }
        Err(_) => {
            sh.error(format!("{name}: {text}: numeric argument required"));
            sh.pending_flow = Some(flow(sh.loop_depth));
            // Fatal to a script in bash and dash alike (bash's status).
            sh.fatal_error(128)
        }
    }
}

pub fn run_return(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    if sh.function_depth == 0 && sh.source_depth == 0 {
        sh.error("return: can only `return' from a function or sourced script");
        return 2;
    }
    let status = match args.get(1) {
        None => sh.last_status,
        Some(arg) => {
            let text = String::from_utf8_lossy(arg).into_owned();
            match text.trim().parse::<i64>() {
                Ok(n) => (n & 0xff) as i32,
                Err(_) => {
                    sh.error(format!("return: {text}: numeric argument required"));
                    2
                }
            }
        }
    };
    if args.len() > 2 {
        // bash abandons the command line, as for `exit 1 2`.
        sh.pending_flow = Some(Flow::Return);
        return super::too_many_arguments(sh, "return");
    }
    sh.pending_flow = Some(Flow::Return);
    status
}
