//! `help [-dms] [pattern ...]`: what the builtins do, as bash's help
//! finds them (the name itself, else every builtin the pattern matches or
//! starts).

use super::{SYNOPSES, lossy, options, print};
use crate::expand::{glob, pattern};
use crate::state::shell::Shell;

type Entry = (&'static str, &'static str, &'static str);

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let (flags, patterns) = match options(sh, "help", args, "dms") {
        Ok(parsed) => parsed,
        Err(status) => return status,
    };
    if patterns.is_empty() {
        return list_all(sh);
    }
    // As bash: -d beats -m, which beats -s.
    let style = ['d', 'm', 's']
        .into_iter()
        .find(|c| flags.contains(*c))
        .unwrap_or('l');
    let mut out = String::new();
    if glob::has_meta(&patterns[0]) {
        let s = if patterns.len() > 1 { "s" } else { "" };
        let words: Vec<String> = patterns.iter().map(|p| lossy(p)).collect();
        out += &format!(
            "Shell commands matching keyword{s} `{}'\n\n",
            words.join(", ")
        );
    }
    let mut sorted: Vec<&Entry> = SYNOPSES.iter().collect();
    sorted.sort_by_key(|e| e.0.as_bytes());
    let mut found = false;
    for pattern in patterns {
        let exact: Vec<&Entry> = sorted
            .iter()
            .copied()
            .filter(|e| e.0.as_bytes() == pattern.as_slice())
            .collect();
        let entries = if exact.is_empty() {
            sorted
                .iter()
                .copied()
                .filter(|e| {
                    e.0.as_bytes().starts_with(pattern)
                        || pattern::fnmatch(pattern, e.0.as_bytes(), sh.vars.utf8())
                })
                .collect()
        } else {
            exact
        };
        for entry in entries {
            found = true;
            out += &describe(entry, style);
        }
    }
    if !found {
        let last = lossy(patterns.last().map_or(&[][..], Vec::as_slice));
        sh.error(format!(
            "help: no help topics match `{last}'.  Try `help help' or `man -k {last}' or `info {last}'."
        ));
        return 1;
    }
    print(sh, "help", out.as_bytes())
}

/// One builtin: `-d` its description, `-s` its synopsis, `-m` as a
/// manual page would, else both.
fn describe(&(name, synopsis, text): &Entry, style: char) -> String {
    match style {
        'd' => format!("{name} - {text}\n"),
        's' => format!("{name}: {synopsis}\n"),
        'm' => format!(
            "NAME\n    {name} - {text}\n\nSYNOPSIS\n    {synopsis}\n\n\
             DESCRIPTION\n    {text}\n\nSEE ALSO\n    jsh(1)\n\n"
        ),
        _ => format!("{name}: {synopsis}\n    {text}\n"),
    }
}

/// `help` alone: every builtin's synopsis.
fn list_all(sh: &Shell) -> i32 {
    let mut out = String::new();
    out += concat!(
        "jsh ",
        env!("CARGO_PKG_VERSION"),
        ", a job-control shell.\n",
        "These commands are built in. Type `help NAME' to find out more about NAME.\n\n"
    );
    let mut sorted: Vec<&Entry> = SYNOPSES.iter().collect();
    sorted.sort_by_key(|e| e.0.as_bytes());
    for (_, synopsis, _) in sorted {
        out += &format!(" {synopsis}\n");
    }
    print(sh, "help", out.as_bytes())
}
