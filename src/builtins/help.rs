//! `help [NAME]`: what the builtins do.

use super::{SYNOPSES, lossy, print};
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    if args.len() == 1 {
        let mut out = String::new();
        out += concat!(
            "jsh ",
            env!("CARGO_PKG_VERSION"),
            ", a job-control shell.\n",
            "These commands are built in. Type `help NAME' to find out more about NAME.\n\n"
        );
        for (_, synopsis, _) in SYNOPSES {
            out += &format!(" {synopsis}\n");
        }
        return print(sh, "help", out.as_bytes());
    }
    let mut status = 0;
    for name in &args[1..] {
        match SYNOPSES
            .iter()
            .find(|(n, _, _)| n.as_bytes() == name.as_slice())
        {
            Some((n, synopsis, text)) => {
                let entry = format!("{n}: {synopsis}\n    {text}\n");
                if print(sh, "help", entry.as_bytes()) != 0 {
                    return 1;
                }
            }
            None => {
                sh.error(format!(
                    "help: no help topics match `{}'.  Try `help help' or `man -k {}' or `info {}'.",
                    lossy(name),
                    lossy(name),
                    lossy(name)
                ));
                status = 1;
            }
        }
    }
    status
}
