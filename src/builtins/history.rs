//! `history [N]`, `history -c`.

use super::{lossy, print};
use crate::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let Some(edit) = sh.edit.clone() else {
        // A non-interactive shell keeps no history, as bash.
        return 0;
    };
    let mut edit = edit.borrow_mut();
    match args.get(1).map(Vec::as_slice) {
        Some(b"-c") => {
            edit.history.clear();
            0
        }
        arg => {
            let entries = edit.history.entries();
            let count = match arg {
                None => entries.len(),
                Some(n) => match std::str::from_utf8(n)
                    .ok()
                    .and_then(|s| s.parse::<usize>().ok())
                {
                    Some(n) => n.min(entries.len()),
                    None => {
                        drop(edit);
                        sh.error(&format!("history: {}: numeric argument required", lossy(n)));
                        return 1;
                    }
                },
            };
            let first = entries.len() - count;
            let mut out = String::new();
            for (i, line) in entries.iter().enumerate().skip(first) {
                out += &format!("{:5}  {line}\n", i + 1);
            }
            drop(edit);
            print(sh, "history", out.as_bytes())
        }
    }
}
