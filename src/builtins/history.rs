//! `history [N]`, `history -c`.

use super::{lossy, options, print};
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let (flags, operands) = match options(sh, "history", args, "c") {
        Ok(parsed) => parsed,
        Err(status) => return status,
    };
    let Some(edit) = sh.edit.clone() else {
        // A non-interactive shell keeps no history, as bash.
        return 0;
    };
    if flags.contains('c') {
        edit.borrow_mut().history.clear();
        return 0;
    }
    let count = match operands.first() {
        None => usize::MAX,
        Some(n) => match std::str::from_utf8(n)
            .ok()
            .and_then(|s| s.parse::<usize>().ok())
        {
            Some(n) => n,
            None => {
                sh.error(format!("history: {}: numeric argument required", lossy(n)));
                return 1;
            }
        },
    };
    let out = {
        let edit = edit.borrow();
        let entries = edit.history.entries();
        let first = entries.len() - count.min(entries.len());
        let mut out = String::new();
        for (i, line) in entries.iter().enumerate().skip(first) {
            out += &format!("{:5}  {line}\n", i + 1);
        }
        out
    };
    print(sh, "history", out.as_bytes())
}
