//! `fc [-e ename] [-lnr] [first] [last]`, `fc -s [old=new] [command]`:
//! list history entries, run one again with a substitution, or edit some
//! in a file and run the result (POSIX's fc, as bash does it). The `fc`
//! command itself, the last entry, is left out of the history it sees.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;

use super::{lossy, print};
use crate::exec::nested::{self, Place};
use crate::state::shell::{Shell, write_all};
use crate::syntax::lexer::StrSource;

/// What the arguments asked for.
#[derive(Default)]
struct Request {
    list: bool,
    numbers: bool,
    reverse: bool,
    again: bool,
    editor: Option<Vec<u8>>,
    operands: Vec<Vec<u8>>,
}

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let req = match parse(sh, args) {
        Ok(req) => req,
        Err(status) => return status,
    };
    let again = req.again || req.editor.as_deref() == Some(b"-");
    let Some(edit) = sh.edit.clone() else {
        // No history outside an interactive shell: bash lists nothing
        // and finds no command to run again.
        return i32::from(again);
    };
    let history: Vec<String> = {
        let state = edit.borrow();
        let h = &state.history;
        let all = h.entries();
        let seen = all.len() - usize::from(h.last_is_current && !all.is_empty());
        all[..seen].to_vec()
    };
    if req.list {
        list(sh, &history, &req)
    } else if again {
        run_again(sh, &history, &req.operands)
    } else {
        edit_and_run(sh, &history, &req)
    }
}

fn parse(sh: &Shell, args: &[Vec<u8>]) -> Result<Request, i32> {
    let mut req = Request::default();
    let mut i = 1;
    while let Some(arg) = args.get(i) {
        // `-2` is a history offset, not an option.
        let is_offset = arg.len() > 1 && arg[1..].iter().all(u8::is_ascii_digit);
        if arg == b"--" {
            i += 1;
            break;
        }
        if !arg.starts_with(b"-") || arg.len() == 1 || is_offset {
            break;
        }
        for (k, &c) in arg[1..].iter().enumerate() {
            match c {
                b'l' => req.list = true,
                b'n' => req.numbers = true,
                b'r' => req.reverse = true,
                b's' => req.again = true,
                b'e' => {
                    // The editor is the rest of the word, or the next one.
                    let rest = &arg[k + 2..];
                    if !rest.is_empty() {
                        req.editor = Some(rest.to_vec());
                    } else if let Some(next) = args.get(i + 1) {
                        req.editor = Some(next.clone());
                        i += 1;
                    } else {
                        sh.error("fc: -e: option requires an argument");
                        return Err(usage());
                    }
                    break;
                }
                _ => {
                    sh.error(format!("fc: -{}: invalid option", char::from(c)));
                    return Err(usage());
                }
            }
        }
        i += 1;
    }
    req.operands = args[i.min(args.len())..].to_vec();
    Ok(req)
}

fn usage() -> i32 {
    let _ = write_all(
        2,
        b"fc: usage: fc [-e ename] [-lnr] [first] [last] or fc -s [pat=rep] [command]\n",
    );
    2
}

/// The index in `history` a `first`/`last` operand names: a number
/// (clamped into the history, as bash does), `-n` back from the end, or
/// the last entry starting with the text.
fn find(history: &[String], spec: &[u8]) -> Option<usize> {
    let text = String::from_utf8_lossy(spec);
    let last = history.len().checked_sub(1)?;
    if let Ok(n) = text.parse::<i64>() {
        let index = if n < 0 {
            i64::try_from(history.len()).ok()? + n
        } else {
            n - 1
        };
        return Some(usize::try_from(index.max(0)).ok()?.min(last));
    }
    history.iter().rposition(|e| e.starts_with(text.as_ref()))
}

fn out_of_range(sh: &Shell) -> i32 {
    sh.error("fc: history specification out of range");
    1
}

/// The entries `first` to `last` name, in order (reversed when `first`
/// comes after `last`), with their indexes.
fn range(history: &[String], first: &[u8], last: &[u8]) -> Option<Vec<usize>> {
    let a = find(history, first)?;
    let b = find(history, last)?;
    Some(if a <= b {
        (a..=b).collect()
    } else {
        (b..=a).rev().collect()
    })
}

/// `fc -l`: the last 16 entries by default.
fn list(sh: &mut Shell, history: &[String], req: &Request) -> i32 {
    if history.is_empty() {
        return 0;
    }
    let first = req
        .operands
        .first()
        .cloned()
        .unwrap_or_else(|| b"-16".to_vec());
    let last = req
        .operands
        .get(1)
        .cloned()
        .unwrap_or_else(|| b"-1".to_vec());
    let Some(mut indexes) = range(history, &first, &last) else {
        return out_of_range(sh);
    };
    if req.reverse {
        indexes.reverse();
    }
    let mut out = String::new();
    for i in indexes {
        if req.numbers {
            out += &format!("\t {}\n", history[i]);
        } else {
            out += &format!("{}\t {}\n", i + 1, history[i]);
        }
    }
    print(sh, "fc", out.as_bytes())
}

/// `fc -s [old=new] [command]`.
fn run_again(sh: &mut Shell, history: &[String], operands: &[Vec<u8>]) -> i32 {
    let mut operands = operands;
    let mut substitution = None;
    if let Some((first, rest)) = operands.split_first()
        && let Some(eq) = first.iter().position(|&b| b == b'=')
    {
        substitution = Some((lossy(&first[..eq]), lossy(&first[eq + 1..])));
        operands = rest;
    }
    let spec = operands.first().cloned().unwrap_or_else(|| b"-1".to_vec());
    let Some(i) = find(history, &spec) else {
        sh.error("fc: no command found");
        return 1;
    };
    let mut command = history[i].clone();
    if let Some((old, new)) = substitution
        && !old.is_empty()
    {
        command = command.replace(&old, &new);
    }
    run_commands(sh, &command)
}

/// `fc [-e ename] [first [last]]`: the entries (by default the last one)
/// written to a file, the editor run on it, and what it leaves run.
fn edit_and_run(sh: &mut Shell, history: &[String], req: &Request) -> i32 {
    if history.is_empty() {
        sh.error("fc: no command found");
        return 1;
    }
    let first = req
        .operands
        .first()
        .cloned()
        .unwrap_or_else(|| b"-1".to_vec());
    let last = req
        .operands
        .get(1)
        .cloned()
        .unwrap_or_else(|| first.clone());
    let Some(indexes) = range(history, &first, &last) else {
        return out_of_range(sh);
    };
    let mut text = String::new();
    for i in indexes {
        text += &history[i];
        text.push('\n');
    }
    let editor = req
        .editor
        .clone()
        .or_else(|| sh.vars.get(b"FCEDIT").map(<[u8]>::to_vec))
        .or_else(|| sh.vars.get(b"EDITOR").map(<[u8]>::to_vec))
        .unwrap_or_else(|| b"vi".to_vec());
    let path = match temp_file(text.as_bytes()) {
        Ok(path) => path,
        Err(e) => {
            sh.error(format!("fc: cannot make a temporary file: {e}"));
            return 1;
        }
    };
    // The editor is a command line (`FCEDIT='sed -i s/a/b/'`), as in bash.
    let mut line = editor;
    line.push(b' ');
    line.extend_from_slice(&super::single_quoted(path.as_os_str().as_encoded_bytes()));
    let status = nested::run(sh, &mut StrSource::new(line), Place::Eval, sh.line).status;
    let edited = std::fs::read(&path);
    let _ = std::fs::remove_file(&path);
    if status != 0 {
        return status;
    }
    match edited {
        Ok(bytes) => run_commands(sh, &String::from_utf8_lossy(&bytes)),
        Err(e) => {
            sh.error(format!("fc: {}: {e}", path.display()));
            1
        }
    }
}

/// A new file only this user can read, holding `text`.
fn temp_file(text: &[u8]) -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir();
    let pid = std::process::id();
    let mut last_error = None;
    for attempt in 0..100u32 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path = dir.join(format!("jsh-fc.{pid}.{nanos:x}{attempt}"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_CLOEXEC)
            .open(&path)
        {
            Ok(mut file) => {
                file.write_all(text)?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last_error = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last_error.unwrap_or_else(|| std::io::Error::other("no free name")))
}

/// Show `command` (on standard error, as bash), make it the history entry
/// in place of `fc`'s, and run it.
fn run_commands(sh: &mut Shell, command: &str) -> i32 {
    let shown = command.strip_suffix('\n').unwrap_or(command);
    let _ = write_all(2, format!("{shown}\n").as_bytes());
    if let Some(edit) = &sh.edit {
        edit.borrow_mut().history.replace_current(shown);
    }
    let line = sh.line;
    let ran = nested::run(
        sh,
        &mut StrSource::new(command.as_bytes().to_vec()),
        Place::Eval,
        line,
    );
    sh.line = line;
    if !ran.goes_on() {
        sh.pending_flow = Some(ran.flow);
    }
    ran.status
}
