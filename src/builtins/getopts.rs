//! `getopts optstring name [arg ...]`: the next option of the arguments
//! (or of `$@`), in `name`, with `OPTIND` and `OPTARG`.

use std::cell::Cell;

use super::lossy;
use crate::state::shell::{Shell, write_all};
use crate::syntax::lexer::is_name;

thread_local! {
    /// Where in a word of grouped options (`-ab`) the next one is, and the
    /// OPTIND it belongs to: an OPTIND set by the user starts afresh.
    static NEXT: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

/// Where getopts is within a word of grouped options: saved and put back
/// around a command substitution run in the shell itself.
pub fn position() -> (usize, usize) {
    NEXT.with(Cell::get)
}

pub fn set_position(position: (usize, usize)) {
    NEXT.with(|next| next.set(position));
}

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let (optstring, name, given) = match &args[1..] {
        [optstring, name, rest @ ..] => (optstring, name, rest),
        _ => {
            let _ = write_all(2, b"getopts: usage: getopts optstring name [arg ...]\n");
            return 2;
        }
    };
    let words: Vec<Vec<u8>> = if given.is_empty() {
        sh.positional.clone()
    } else {
        given.to_vec()
    };
    let silent = optstring.first() == Some(&b':');
    let optstring = if silent {
        &optstring[1..]
    } else {
        &optstring[..]
    };
    let mut optind = sh
        .vars
        .get(b"OPTIND")
        .and_then(|v| std::str::from_utf8(v).ok()?.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let (mut pos, for_optind) = NEXT.with(Cell::get);
    // A new OPTIND, or arguments that changed under it: start the word.
    let inside = words.get(optind - 1).is_some_and(|w| pos < w.len());
    if for_optind != optind || !inside {
        pos = 0;
    }
    if pos == 0 {
        let Some(word) = words.get(optind - 1) else {
            // Past the end (OPTIND too big too): just after the last.
            return finish(sh, name, words.len() + 1);
        };
        if word == b"--" {
            return finish(sh, name, optind + 1);
        }
        if word.len() < 2 || word[0] != b'-' {
            return finish(sh, name, optind);
        }
        pos = 1;
    }
    let Some(word) = words.get(optind - 1) else {
        return finish(sh, name, optind);
    };
    let c = word[pos];
    pos += 1;
    if pos >= word.len() {
        optind += 1;
        pos = 0;
    }
    let spec = optstring.iter().position(|&o| o == c && o != b':');
    let (found, optarg): (u8, Option<Vec<u8>>) = match spec {
        None => {
            if silent {
                (b'?', Some(vec![c]))
            } else {
                complain(sh, "illegal option", c);
                (b'?', None)
            }
        }
        Some(i) if optstring.get(i + 1) == Some(&b':') => {
            if pos != 0 {
                let arg = word[pos..].to_vec();
                optind += 1;
                pos = 0;
                (c, Some(arg))
            } else if let Some(arg) = words.get(optind - 1) {
                optind += 1;
                (c, Some(arg.clone()))
            } else if silent {
                (b':', Some(vec![c]))
            } else {
                complain(sh, "option requires an argument", c);
                (b'?', None)
            }
        }
        Some(_) => (c, None),
    };
    match optarg {
        Some(arg) => sh.vars.set(b"OPTARG", arg),
        None => sh.vars.unset(b"OPTARG"),
    }
    NEXT.with(|n| n.set((pos, optind)));
    assign(sh, name, vec![found], optind)
}

/// No more options: `name` is `?`, status 1.
fn finish(sh: &mut Shell, name: &[u8], optind: usize) -> i32 {
    NEXT.with(|n| n.set((0, optind)));
    match assign(sh, name, b"?".to_vec(), optind) {
        0 => 1,
        status => status,
    }
}

fn assign(sh: &mut Shell, name: &[u8], value: Vec<u8>, optind: usize) -> i32 {
    sh.vars.set(b"OPTIND", optind.to_string().into_bytes());
    if !is_name(name) {
        sh.error(format!(
            "getopts: `{}': not a valid identifier",
            lossy(name)
        ));
        return 1;
    }
    if sh.vars.try_set(name, value).is_err() {
        // Not an assignment of the shell language: status 2 and no more,
        // in bash and dash alike.
        sh.error(format!("{}: readonly variable", lossy(name)));
        return 2;
    }
    0
}

/// bash's words, after the shell's name and no line number.
fn complain(sh: &Shell, what: &str, c: u8) {
    let mut line = sh.arg0.clone();
    line.extend_from_slice(format!(": {what} -- {}\n", c as char).as_bytes());
    let _ = write_all(2, &line);
}
