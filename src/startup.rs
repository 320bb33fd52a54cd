//! The files a shell reads before its first command. A login shell reads
//! /etc/profile, then the first of `~/.jsh_profile` and `~/.profile` (as
//! bash reads `~/.bash_profile` before `~/.profile`); an interactive shell
//! then reads the file `$ENV` names (POSIX) and `~/.jshrc` (or the
//! `--rcfile`). `--noprofile` and `--norc` leave out either part.

use crate::expand::word::Expander;
use crate::state::shell::Shell;
use crate::syntax::lexer::word_of;
use crate::toplevel;

/// What the command line said about start-up files.
#[derive(Default, Clone)]
pub struct StartupFiles {
    /// `--noprofile`
    pub no_profile: bool,
    /// `--norc`
    pub no_rc: bool,
    /// `--rcfile FILE`: read instead of `~/.jshrc`.
    pub rc_file: Option<Vec<u8>>,
}

/// The system-wide profile every login shell of the system reads.
const SYSTEM_PROFILE: &[u8] = b"/etc/profile";

impl StartupFiles {
    /// Read what a shell that is `login` and/or `interactive` reads.
    pub fn read(&self, sh: &mut Shell, login: bool, interactive: bool) {
        let home = sh.vars.get(b"HOME").map(<[u8]>::to_vec);
        let in_home = |name: &[u8]| {
            home.as_ref().map(|h| {
                let mut path = h.clone();
                path.push(b'/');
                path.extend_from_slice(name);
                path
            })
        };
        let mut files = Vec::new();
        if login && !self.no_profile {
            files.push(SYSTEM_PROFILE.to_vec());
            let personal = [&b".jsh_profile"[..], b".profile"]
                .into_iter()
                .filter_map(in_home)
                .find(|p| exists(p));
            files.extend(personal);
        }
        for path in files {
            toplevel::source_file(sh, &path);
            if sh.exit_request.is_some() {
                return;
            }
        }
        if !interactive || self.no_rc {
            return;
        }
        // ENV is read after the profile, which may well set it.
        let mut rc = Vec::new();
        rc.extend(env_file(sh));
        rc.extend(self.rc_file.clone().or_else(|| in_home(b".jshrc")));
        for path in rc {
            toplevel::source_file(sh, &path);
            if sh.exit_request.is_some() {
                return;
            }
        }
    }
}

fn exists(path: &[u8]) -> bool {
    use std::os::unix::ffi::OsStrExt;
    std::path::Path::new(std::ffi::OsStr::from_bytes(path)).exists()
}

/// `$ENV` after parameter expansion, as POSIX says; not when the shell
/// runs set-user-ID or set-group-ID, where a user's variable must not
/// choose what a privileged shell runs.
fn env_file(sh: &mut Shell) -> Option<Vec<u8>> {
    let privileged = nix::unistd::getuid() != nix::unistd::geteuid()
        || nix::unistd::getgid() != nix::unistd::getegid();
    if privileged {
        return None;
    }
    let text = sh.vars.get(b"ENV")?.to_vec();
    // A value that is not one word (a space in it) is taken as written.
    let path = match word_of(&text) {
        Some(word) => Expander::new(sh).single(&word).ok()?,
        None => text,
    };
    (!path.is_empty()).then_some(path)
}
