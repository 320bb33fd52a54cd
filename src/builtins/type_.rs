//! `type [-afptP] name ...`: what each name would run as (keyword,
//! function, builtin, file), in the order the shell looks.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;

use super::{lookup, lossy, options, print};
use crate::state::shell::Shell;
use crate::syntax::ast::is_reserved_word;

/// What a name is to the shell.
pub enum Kind {
    /// An alias, with its text.
    Alias(Vec<u8>),
    Keyword,
    Function(Vec<u8>),
    Builtin,
    /// An executable file, by its path.
    File(Vec<u8>),
    /// One the shell remembers from running it (`hash`).
    Hashed(Vec<u8>),
}

/// Everything `name` could be, in the order the shell tries them; `all`:
/// every file of that name on `path`, not just the first. `functions`:
/// functions are looked at (`type -f` and `command` skip them).
pub fn kinds(sh: &mut Shell, name: &[u8], all: bool, functions: bool) -> Vec<Kind> {
    let mut found = Vec::new();
    if let Some(text) = sh.aliases.get(name) {
        found.push(Kind::Alias(text.to_vec()));
    }
    if is_reserved_word(name) {
        found.push(Kind::Keyword);
    }
    if functions && let Some(def) = sh.functions.get(name) {
        found.push(Kind::Function(crate::syntax::pretty::function_text(def)));
    }
    if lookup(name).is_some() {
        found.push(Kind::Builtin);
    }
    if !all && !found.is_empty() {
        return found;
    }
    if !all
        && sh.options.hashall
        && !name.contains(&b'/')
        && let Some(path) = sh.paths.remembered(name, sh.vars.path_generation())
    {
        found.push(Kind::Hashed(path.as_bytes().to_vec()));
        return found;
    }
    found.extend(files(sh, name, all, None).into_iter().map(Kind::File));
    found
}

/// The executable files `name` names: by PATH (`path` if given, else the
/// shell's), the first only unless `all`.
pub fn files(sh: &mut Shell, name: &[u8], all: bool, path: Option<&[u8]>) -> Vec<Vec<u8>> {
    if name.contains(&b'/') {
        return if executable(name) {
            vec![name.to_vec()]
        } else {
            Vec::new()
        };
    }
    // Looked up afresh: asking is not running, and bash remembers only
    // what ran.
    let path = match path {
        Some(p) => p.to_vec(),
        None => sh.vars.get(b"PATH").unwrap_or_default().to_vec(),
    };
    let mut out = Vec::new();
    for dir in path.split(|&b| b == b':') {
        let mut candidate = if dir.is_empty() {
            b".".to_vec()
        } else {
            dir.to_vec()
        };
        if !candidate.ends_with(b"/") {
            candidate.push(b'/');
        }
        candidate.extend_from_slice(name);
        if executable(&candidate) {
            out.push(candidate);
            if !all {
                break;
            }
        }
    }
    out
}

/// A regular file someone may execute.
fn executable(path: &[u8]) -> bool {
    std::fs::metadata(OsStr::from_bytes(path))
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// `NAME is ...` as `type` and `command -V` say it.
pub fn describe(name: &[u8], kind: &Kind) -> Vec<u8> {
    let mut out = name.to_vec();
    match kind {
        Kind::Alias(text) => {
            out.extend_from_slice(b" is aliased to `");
            out.extend_from_slice(text);
            out.extend_from_slice(b"'\n");
        }
        Kind::Keyword => out.extend_from_slice(b" is a shell keyword\n"),
        Kind::Function(body) => {
            out.extend_from_slice(b" is a function\n");
            out.extend_from_slice(body);
            out.push(b'\n');
        }
        Kind::Builtin => out.extend_from_slice(b" is a shell builtin\n"),
        Kind::File(path) => {
            out.extend_from_slice(b" is ");
            out.extend_from_slice(path);
            out.push(b'\n');
        }
        Kind::Hashed(path) => {
            out.extend_from_slice(b" is hashed (");
            out.extend_from_slice(path);
            out.extend_from_slice(b")\n");
        }
    }
    out
}

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let (flags, names) = match options(sh, "type", args, "afptP") {
        Ok(given) => given,
        Err(status) => return status,
    };
    let all = flags.contains('a');
    let functions = !flags.contains('f');
    let mut status = 0;
    for name in names {
        let kinds = if flags.contains('P') {
            files(sh, name, all, None)
                .into_iter()
                .map(Kind::File)
                .collect()
        } else {
            kinds(sh, name, all, functions)
        };
        let mut out = Vec::new();
        for kind in &kinds {
            if flags.contains('t') {
                let word: &[u8] = match kind {
                    Kind::Alias(_) => b"alias\n",
                    Kind::Keyword => b"keyword\n",
                    Kind::Function(_) => b"function\n",
                    Kind::Builtin => b"builtin\n",
                    Kind::File(_) | Kind::Hashed(_) => b"file\n",
                };
                out.extend_from_slice(word);
            } else if flags.contains('p') || flags.contains('P') {
                // Only files have a path to print.
                if let Kind::File(path) | Kind::Hashed(path) = kind {
                    out.extend_from_slice(path);
                    out.push(b'\n');
                }
            } else {
                out.extend(describe(name, kind));
            }
        }
        // `-p` of a builtin prints nothing and succeeds; `-P` wants a file.
        if kinds.is_empty() {
            if !flags.contains('t') && !flags.contains('p') && !flags.contains('P') {
                sh.error(format!("type: {}: not found", lossy(name)));
            }
            status = 1;
        }
        if print(sh, "type", &out) != 0 {
            return 1;
        }
    }
    status
}
