//! `pushd [-n] [+N | -N | dir]`: go to `dir` keeping the directory left
//! on the stack, rotate the stack (`+N`, `-N`), or swap its top two.

use super::dirs::{
    Offset, change_to, empty, offset, out_of_range, position, show_stack, stack, usage,
};
use super::{lossy, print};
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut no_cd = false;
    let mut operand: Option<&Vec<u8>> = None;
    let mut rotate: Option<(Offset, &Vec<u8>)> = None;
    let mut options_done = false;
    for arg in &args[1..] {
        if operand.is_some() || rotate.is_some() {
            sh.error("pushd: too many arguments");
            return 1;
        }
        match arg.as_slice() {
            b"-n" if !options_done => no_cd = true,
            b"--" if !options_done => options_done = true,
            b"-" => operand = Some(arg),
            _ if !options_done && (arg.starts_with(b"-") || arg.starts_with(b"+")) => {
                match offset(arg) {
                    Some(at) => rotate = Some((at, arg)),
                    None => return usage(sh, "pushd", &format!("{}: invalid number", lossy(arg))),
                }
            }
            _ => operand = Some(arg),
        }
    }
    if let Some((at, arg)) = rotate {
        return rotate_to(sh, at, arg, no_cd);
    }
    match operand {
        Some(dir) => push(sh, dir, no_cd),
        // bash: `pushd -n` alone changes nothing and succeeds.
        None if no_cd => 0,
        None => swap(sh),
    }
}

/// `pushd dir`.
fn push(sh: &mut Shell, dir: &[u8], no_cd: bool) -> i32 {
    if no_cd {
        sh.dir_stack.insert(0, dir.to_vec());
        return show_stack(sh);
    }
    let (target, announce) = if dir == b"-" {
        match sh.vars.get(b"OLDPWD") {
            Some(old) => (old.to_vec(), true),
            None => {
                sh.error("pushd: OLDPWD not set");
                return 1;
            }
        }
    } else {
        (dir.to_vec(), false)
    };
    let old = stack(sh).swap_remove(0);
    if let Err(status) = change_to(sh, "pushd", &target) {
        return status;
    }
    if announce {
        // As `cd -`, which bash's `pushd -` is.
        let mut line = sh.cwd.clone().unwrap_or_default();
        line.push(b'\n');
        print(sh, "pushd", &line);
    }
    sh.dir_stack.insert(0, old);
    show_stack(sh)
}

/// `pushd` alone: the top two entries change places.
fn swap(sh: &mut Shell) -> i32 {
    let Some(next) = sh.dir_stack.first().cloned() else {
        sh.error("pushd: no other directory");
        return 1;
    };
    let old = stack(sh).swap_remove(0);
    if let Err(status) = change_to(sh, "pushd", &next) {
        return status;
    }
    sh.dir_stack[0] = old;
    show_stack(sh)
}

/// `pushd +N`: the stack turned so that entry N is on top.
fn rotate_to(sh: &mut Shell, at: Offset, arg: &[u8], no_cd: bool) -> i32 {
    if sh.dir_stack.is_empty() {
        return empty(sh, "pushd");
    }
    if no_cd {
        // What bash does to the stack here without changing directory
        // is not worth guessing: a clear error instead.
        sh.error("pushd: -n with +N or -N is not supported");
        return 2;
    }
    let mut full = stack(sh);
    let Some(i) = position(&full, at) else {
        return out_of_range(sh, "pushd", &lossy(arg));
    };
    full.rotate_left(i);
    if i != 0
        && let Err(status) = change_to(sh, "pushd", &full[0])
    {
        return status;
    }
    sh.dir_stack = full.split_off(1);
    show_stack(sh)
}
