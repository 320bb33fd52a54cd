//! `command -v|-V [-p] name ...`: say what a name runs as, functions
//! aside. `command [-p] name [arg ...]` itself, which runs the name
//! without looking at functions, is handled where commands are prepared
//! ([`peel`]); this builtin sees only the forms that describe, and
//! `command` alone.

use super::type_::{Kind, describe, files, kinds};
use super::{lossy, options, print};
use crate::state::shell::Shell;

/// The PATH of `command -p`: where the standard utilities are
/// (`getconf PATH` on this system).
pub const DEFAULT_PATH: &[u8] = b"/bin:/usr/bin";

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let (flags, names) = match options(sh, "command", args, "pvV") {
        Ok(given) => given,
        Err(status) => return status,
    };
    let verbose = flags.contains('V');
    if !verbose && !flags.contains('v') {
        // `command` or `command -p` with no name: nothing to run.
        return 0;
    }
    let mut any = false;
    let mut out = Vec::new();
    for name in names {
        // Aliases and keywords too: what the name would be as a command.
        let found: Vec<Kind> = if flags.contains('p') {
            let mut k = kinds(sh, name, false, true);
            if matches!(k.last(), Some(Kind::File(_) | Kind::Hashed(_)) | None) {
                k.retain(|k| !matches!(k, Kind::File(_) | Kind::Hashed(_)));
                k.extend(
                    files(sh, name, false, Some(DEFAULT_PATH))
                        .into_iter()
                        .map(Kind::File),
                );
            }
            k
        } else {
            kinds(sh, name, false, true)
        };
        match found.first() {
            Some(kind) => {
                any = true;
                if verbose {
                    out.extend(describe(name, kind));
                } else {
                    match kind {
                        Kind::File(path) | Kind::Hashed(path) => out.extend_from_slice(path),
                        // As `alias` lists it: a command that defines it.
                        Kind::Alias(text) => {
                            out.extend_from_slice(b"alias ");
                            out.extend_from_slice(name);
                            out.push(b'=');
                            out.extend(super::single_quoted(text));
                        }
                        _ => out.extend_from_slice(name),
                    }
                    out.push(b'\n');
                }
            }
            None if verbose => {
                if print(sh, "command", &std::mem::take(&mut out)) != 0 {
                    return 1;
                }
                sh.error(format!("command: {}: not found", lossy(name)));
            }
            None => {}
        }
    }
    if print(sh, "command", &out) != 0 {
        return 1;
    }
    // bash: success when any name was found.
    i32::from(!any)
}

/// `command [-p] [--] name args...` as written: how many leading words
/// are `command` and its options, and whether `-p` was among them.
/// `None` when `command` describes (`-v`, `-V`), has a bad option, or has
/// no name to run: the builtin itself handles those.
pub fn peel(argv: &[Vec<u8>]) -> Option<(usize, bool)> {
    let mut i = 0;
    let mut default_path = false;
    while argv.get(i).is_some_and(|a| a == b"command") {
        let mut j = i + 1;
        while let Some(arg) = argv.get(j) {
            if arg == b"--" {
                j += 1;
                break;
            }
            if arg.len() < 2 || arg[0] != b'-' {
                break;
            }
            if arg[1..].iter().all(|&c| c == b'p') {
                default_path = true;
                j += 1;
            } else {
                // `command command -v x`: the inner one describes.
                return (i > 0).then_some((i, default_path));
            }
        }
        if j >= argv.len() {
            return None;
        }
        i = j;
    }
    (i > 0).then_some((i, default_path))
}
