//! `. file [arg ...]` and `source` (bash's name for it): the commands of
//! a file run in this shell, with the arguments as positional parameters
//! while it runs; `return` in it ends the file.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use nix::errno::Errno;
use nix::fcntl::{OFlag, open};
use nix::sys::stat::Mode;

use super::lossy;
use crate::exec::flow::Flow;
use crate::exec::nested::{self, Place};
use crate::input::FdSource;
use crate::state::shell::{Shell, strerror, write_all};

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let name = lossy(&args[0]);
    let mut operands = &args[1..];
    if operands.first().is_some_and(|a| a == b"--") {
        operands = &operands[1..];
    }
    let Some(file) = operands.first() else {
        sh.error(format!("{name}: filename argument required"));
        let _ = write_all(
            2,
            format!("{name}: usage: {name} filename [arguments]\n").as_bytes(),
        );
        // A usage error of a special builtin: fatal to a script (POSIX;
        // bash in posix mode; dash says nothing and goes on).
        return sh.fatal_error(2);
    };
    let Some(path) = find(sh, file) else {
        // POSIX searches PATH only; bash outside posix mode then tries
        // the current directory too, dash does not: POSIX followed.
        return not_read(sh, file, Errno::ENOENT);
    };
    let fd = match open(
        path.as_slice(),
        OFlag::O_RDONLY | OFlag::O_CLOEXEC,
        Mode::empty(),
    ) {
        Ok(fd) => crate::exec::redirect::move_high(fd),
        Err(e) => return not_read(sh, file, e),
    };
    if std::fs::metadata(OsStr::from_bytes(&path)).is_ok_and(|m| m.is_dir()) {
        // Not fatal: bash (in posix mode too) goes on, dash reads nothing.
        sh.error(format!("{name}: {}: is a directory", lossy(file)));
        return 1;
    }
    let mut src = FdSource::from_owned(fd);
    let saved_args =
        (operands.len() > 1).then(|| std::mem::replace(&mut sh.positional, operands[1..].to_vec()));
    let saved_name = sh.source_name.replace(path.clone());
    let line = sh.line;
    sh.source_depth += 1;
    let ran = nested::run(sh, &mut src, Place::File(&path), 1);
    sh.source_depth -= 1;
    sh.source_name = saved_name;
    sh.line = line;
    if let Some(saved) = saved_args {
        sh.positional = saved;
    }
    match ran.flow {
        Flow::Normal | Flow::Return => {}
        flow => sh.pending_flow = Some(flow),
    }
    ran.status
}

/// The file `name` names: itself when it holds a slash, else the first
/// readable regular file of that name in PATH (it need not be
/// executable).
fn find(sh: &Shell, name: &[u8]) -> Option<Vec<u8>> {
    if name.contains(&b'/') {
        return Some(name.to_vec());
    }
    let path = sh.vars.get(b"PATH")?;
    path.split(|&b| b == b':').find_map(|dir| {
        let mut candidate = if dir.is_empty() {
            b".".to_vec()
        } else {
            dir.to_vec()
        };
        candidate.push(b'/');
        candidate.extend_from_slice(name);
        let meta = std::fs::metadata(OsStr::from_bytes(&candidate)).ok()?;
        let readable = nix::unistd::access(candidate.as_slice(), nix::unistd::AccessFlags::R_OK);
        (meta.is_file() && readable.is_ok()).then_some(candidate)
    })
}

/// The file cannot be read: bash's words. A special builtin's error is
/// fatal to a non-interactive shell (POSIX, bash in posix mode, dash);
/// bash outside posix mode goes on with status 1: POSIX followed, with
/// bash's status.
fn not_read(sh: &mut Shell, file: &[u8], e: Errno) -> i32 {
    sh.error(format!("{}: {}", lossy(file), strerror(e)));
    sh.fatal_error(1)
}
