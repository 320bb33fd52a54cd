//! `type NAME...`: builtin, file, or not found, in the order asked.

use super::{lookup, lossy, print};
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut status = 0;
    for name in &args[1..] {
        let answer = if let Some(def) = sh.functions.get(name) {
            let mut text = format!("{} is a function\n", lossy(name)).into_bytes();
            text.extend(crate::syntax::pretty::function_text(def));
            text.push(b'\n');
            Some(String::from_utf8_lossy(&text).into_owned())
        } else if lookup(name).is_some() {
            Some(format!("{} is a shell builtin\n", lossy(name)))
        } else {
            match sh.find_command(name) {
                Some(path)
                    if std::fs::metadata(std::ffi::OsStr::new(&lossy(path.as_bytes()))).is_ok() =>
                {
                    Some(format!("{} is {}\n", lossy(name), lossy(path.as_bytes())))
                }
                _ => None,
            }
        };
        match answer {
            Some(line) => {
                if print(sh, "type", line.as_bytes()) != 0 {
                    return 1;
                }
            }
            None => {
                sh.error(format!("type: {}: not found", lossy(name)));
                status = 1;
            }
        }
    }
    status
}
