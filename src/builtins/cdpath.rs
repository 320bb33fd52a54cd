//! CDPATH: where `cd dir` looks for a relative `dir` before the current
//! directory (POSIX; bash's order and output).

use crate::state::shell::Shell;

/// The paths to try for `target`, each with whether finding it there
/// names the directory on stdout (bash: a non-empty CDPATH entry, `.`
/// included). None for a path from `/`, `.` or `..`, or without CDPATH.
pub fn candidates(sh: &Shell, target: &[u8]) -> Vec<(Vec<u8>, bool)> {
    let from_here = target.starts_with(b"/")
        || matches!(target, b"." | b"..")
        || target.starts_with(b"./")
        || target.starts_with(b"../");
    let cdpath = match sh.vars.get(b"CDPATH") {
        Some(p) if !from_here => p,
        _ => return Vec::new(),
    };
    cdpath
        .split(|&b| b == b':')
        .map(|entry| {
            let mut dir = if entry.is_empty() {
                b".".to_vec()
            } else {
                entry.to_vec()
            };
            if !dir.ends_with(b"/") {
                dir.push(b'/');
            }
            dir.extend_from_slice(target);
            (dir, !entry.is_empty())
        })
        .collect()
}
