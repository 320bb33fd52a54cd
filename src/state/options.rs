//! The shell options `set` and the command line turn on and off: one
//! struct, from which `$-`, `set -o` and `set +o` are all derived.

use std::sync::atomic::{AtomicBool, Ordering};

/// What `set -C` says, for the redirection code, which opens files with
/// no shell at hand ([`crate::exec::redirect::Plan::open`]). jsh is
/// single-threaded, and a forked child inherits it with the rest.
static NOCLOBBER: AtomicBool = AtomicBool::new(false);

/// Is `set -C` on?
pub fn noclobber() -> bool {
    NOCLOBBER.load(Ordering::Relaxed)
}

/// What `set -v` says, for the reader of the shell's input, which the
/// parser holds apart from the shell.
static VERBOSE: AtomicBool = AtomicBool::new(false);

/// Is `set -v` on?
pub fn verbose() -> bool {
    VERBOSE.load(Ordering::Relaxed)
}

/// Is `name` an option of `set -o` (`monitor` included)?
pub fn is_name(name: &[u8]) -> bool {
    name == b"monitor"
        || NAMED.iter().any(|n| n.name.as_bytes() == name)
        || UNSUPPORTED.iter().any(|u| u.name.as_bytes() == name)
}

/// Can `-o name` be turned on (it is one, and not one jsh refuses)?
pub fn can_turn_on(name: &[u8]) -> bool {
    is_name(name) && unsupported(name).is_none_or(|u| u.state)
}

/// An option of bash's `set -o` that jsh does not have: setting it to
/// the state jsh is always in is fine (`set +o posix`), the other is
/// refused with `invalid option name` (or `invalid option` for its
/// letter), never accepted and ignored.
pub struct Unsupported {
    pub name: &'static str,
    pub letter: Option<char>,
    /// The state jsh is always in.
    pub state: bool,
}

/// `set -o` lists bash 5.2's options in its order and format, but only
/// those jsh has: those in their fixed off state here (`posix`, ...) are
/// left out, because a script that finds a name in the list takes it as
/// there to use (autoconf's configure runs `set -o posix` when `set -o`
/// shows `posix`). `interactive-comments`, always on, is listed. Every
/// option listed works; these refuse to change.
pub const UNSUPPORTED: &[Unsupported] = &[
    // `DEBUG` and `RETURN` traps are refused, so there is nothing for
    // functions to inherit.
    Unsupported {
        name: "functrace",
        letter: Some('T'),
        state: false,
    },
    // `#` always starts a comment in jsh.
    Unsupported {
        name: "interactive-comments",
        letter: None,
        state: true,
    },
    Unsupported {
        name: "keyword",
        letter: Some('k'),
        state: false,
    },
    Unsupported {
        name: "onecmd",
        letter: Some('t'),
        state: false,
    },
    Unsupported {
        name: "posix",
        letter: None,
        state: false,
    },
    Unsupported {
        name: "privileged",
        letter: Some('p'),
        state: false,
    },
];

/// The unsupported option `name`, or of `letter`.
pub fn unsupported(name: &[u8]) -> Option<&'static Unsupported> {
    UNSUPPORTED.iter().find(|u| u.name.as_bytes() == name)
}

pub fn unsupported_letter(letter: char) -> Option<&'static Unsupported> {
    UNSUPPORTED.iter().find(|u| u.letter == Some(letter))
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `-a`: every variable assigned is exported.
    pub allexport: bool,
    /// `-B`: brace expansion (`{a,b}`, `{1..3}`); on by default, as in bash.
    pub braceexpand: bool,
    /// `-E`: functions, command substitutions and subshells inherit the
    /// `ERR` trap.
    pub errtrace: bool,
    /// `-o history`: lines typed at the prompt go to the history.
    pub history: bool,
    /// `-o nolog`: accepted and ignored, as bash documents it ("currently
    /// ignored"); it never did anything there either.
    pub nolog: bool,
    /// `-P`: `cd` and `pwd` resolve symbolic links unless given `-L`.
    pub physical: bool,
    /// `-b`: report jobs as they finish, not at the next prompt.
    pub notify: bool,
    /// `-C`: `>` does not overwrite an existing regular file.
    pub noclobber: bool,
    /// `-e`: a failing command ends the shell (with POSIX's exemptions).
    pub errexit: bool,
    /// `-f`: no pathname expansion.
    pub noglob: bool,
    /// `-H`: `!` history expansion at the prompt (never in scripts).
    pub histexpand: bool,
    /// `-h`: remember where commands are (jsh always does).
    pub hashall: bool,
    /// `-n`: read commands, run none.
    pub noexec: bool,
    /// `-u`: expanding an unset variable is an error.
    pub nounset: bool,
    /// `-v`: echo input lines as they are read.
    pub verbose: bool,
    /// `-x`: trace commands on stderr after PS4.
    pub xtrace: bool,
    /// `-o ignoreeof`: an interactive shell does not leave at Ctrl+D.
    pub ignoreeof: bool,
    /// `-o pipefail`: a pipeline's status is its last failing command's.
    pub pipefail: bool,
    /// `-o vi` (else emacs editing) at the prompt.
    pub vi: bool,
    /// `-o emacs`: on by default in an interactive shell, as in bash.
    pub emacs: bool,
}

/// A `set -o` name, which field it is, and its letter, if any.
struct Named {
    name: &'static str,
    letter: Option<char>,
    field: fn(&mut Options) -> &mut bool,
}

/// In bash's order (alphabetical), as `set -o` lists them. `monitor` is
/// the shell's job control, kept on [`crate::state::shell::Shell`].
const NAMED: &[Named] = &[
    Named {
        name: "allexport",
        letter: Some('a'),
        field: |o| &mut o.allexport,
    },
    Named {
        name: "braceexpand",
        letter: Some('B'),
        field: |o| &mut o.braceexpand,
    },
    Named {
        name: "emacs",
        letter: None,
        field: |o| &mut o.emacs,
    },
    Named {
        name: "errexit",
        letter: Some('e'),
        field: |o| &mut o.errexit,
    },
    Named {
        name: "errtrace",
        letter: Some('E'),
        field: |o| &mut o.errtrace,
    },
    Named {
        name: "hashall",
        letter: Some('h'),
        field: |o| &mut o.hashall,
    },
    Named {
        name: "histexpand",
        letter: Some('H'),
        field: |o| &mut o.histexpand,
    },
    Named {
        name: "history",
        letter: None,
        field: |o| &mut o.history,
    },
    Named {
        name: "ignoreeof",
        letter: None,
        field: |o| &mut o.ignoreeof,
    },
    Named {
        name: "noclobber",
        letter: Some('C'),
        field: |o| &mut o.noclobber,
    },
    Named {
        name: "noexec",
        letter: Some('n'),
        field: |o| &mut o.noexec,
    },
    Named {
        name: "noglob",
        letter: Some('f'),
        field: |o| &mut o.noglob,
    },
    Named {
        name: "nolog",
        letter: None,
        field: |o| &mut o.nolog,
    },
    Named {
        name: "notify",
        letter: Some('b'),
        field: |o| &mut o.notify,
    },
    Named {
        name: "nounset",
        letter: Some('u'),
        field: |o| &mut o.nounset,
    },
    Named {
        name: "physical",
        letter: Some('P'),
        field: |o| &mut o.physical,
    },
    Named {
        name: "pipefail",
        letter: None,
        field: |o| &mut o.pipefail,
    },
    Named {
        name: "verbose",
        letter: Some('v'),
        field: |o| &mut o.verbose,
    },
    Named {
        name: "vi",
        letter: None,
        field: |o| &mut o.vi,
    },
    Named {
        name: "xtrace",
        letter: Some('x'),
        field: |o| &mut o.xtrace,
    },
];

/// The letters of `$-` in bash's order (`a b e f h ... x C`), without
/// the ones the shell adds from its own state (`i`, `m`, `c`, `s`).
const LETTER_ORDER: &str = "abefhnuvxBCEHP";

impl Options {
    /// A new shell's options: hashing on, as in bash.
    pub fn new() -> Options {
        Options {
            hashall: true,
            braceexpand: true,
            ..Options::default()
        }
    }

    /// The letters of the options that are on, as `$-` shows them.
    pub fn option_letters(&self) -> String {
        let mut copy = self.clone();
        LETTER_ORDER
            .chars()
            .filter(|&c| copy.by_letter(c).is_some_and(|f| *f))
            .collect()
    }

    /// The flag a letter of `set -X` stands for; `m` and `i` are not here.
    pub fn by_letter(&mut self, letter: char) -> Option<&mut bool> {
        let named = NAMED.iter().find(|n| n.letter == Some(letter))?;
        Some((named.field)(self))
    }

    /// Turn the option `name` on or off; false if there is none by that
    /// name (`monitor` is the caller's).
    pub fn set_named(&mut self, name: &[u8], on: bool) -> bool {
        let Some(named) = NAMED.iter().find(|n| n.name.as_bytes() == name) else {
            return false;
        };
        *(named.field)(self) = on;
        // vi and emacs are one choice: turning one on turns the other off.
        match name {
            b"vi" if on => self.emacs = false,
            b"emacs" if on => self.vi = false,
            _ => {}
        }
        self.publish();
        true
    }

    /// Turn the option of `letter` on or off; false if there is none.
    pub fn set_letter(&mut self, letter: char, on: bool) -> bool {
        let Some(flag) = self.by_letter(letter) else {
            return false;
        };
        *flag = on;
        self.publish();
        true
    }

    /// Copy what code without a shell at hand reads into its static
    /// (also when options are put back wholesale).
    pub fn publish(&self) {
        NOCLOBBER.store(self.noclobber, Ordering::Relaxed);
        VERBOSE.store(self.verbose, Ordering::Relaxed);
    }

    /// Every named option and whether it is on, in `set -o`'s order,
    /// with `monitor` (job control, `monitor`) in its place.
    pub fn listing(&self, monitor: bool) -> Vec<(&'static str, bool)> {
        let mut copy = self.clone();
        let mut out: Vec<(&'static str, bool)> = NAMED
            .iter()
            .map(|n| (n.name, *(n.field)(&mut copy)))
            .collect();
        out.push(("monitor", monitor));
        out.extend(
            UNSUPPORTED
                .iter()
                .filter(|u| u.state)
                .map(|u| (u.name, u.state)),
        );
        out.sort_by_key(|&(name, _)| name);
        out
    }

    /// `set -o`: one line per option, as bash prints them.
    pub fn list_on_off(&self, monitor: bool) -> String {
        self.listing(monitor)
            .into_iter()
            .map(|(name, on)| format!("{name:<15}\t{}\n", if on { "on" } else { "off" }))
            .collect()
    }

    /// `set +o`: the commands that would put the options back as they are.
    pub fn list_commands(&self, monitor: bool) -> String {
        self.listing(monitor)
            .into_iter()
            .map(|(name, on)| format!("set {}o {name}\n", if on { '-' } else { '+' }))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_in_bash_order() {
        let mut o = Options::new();
        assert_eq!(o.option_letters(), "hB");
        o.set_letter('u', true);
        o.set_letter('e', true);
        o.set_letter('C', true);
        assert_eq!(o.option_letters(), "ehuBC");
        assert!(!o.set_letter('q', true));
    }

    #[test]
    fn vi_and_emacs_exclude_each_other() {
        let mut o = Options::new();
        assert!(o.set_named(b"emacs", true));
        assert!(o.set_named(b"vi", true));
        assert!(o.vi && !o.emacs);
        assert!(!o.set_named(b"posix", true));
    }

    #[test]
    fn listings_are_sorted_and_reusable() {
        let mut o = Options::new();
        o.set_named(b"pipefail", true);
        let list = o.list_on_off(false);
        assert!(list.starts_with("allexport      \toff\n"));
        assert!(list.contains("pipefail       \ton\n"));
        let cmds = o.list_commands(true);
        assert!(cmds.contains("set -o monitor\n"));
        assert!(cmds.contains("set +o errexit\n"));
    }
}
