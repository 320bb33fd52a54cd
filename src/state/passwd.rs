//! User names and home directories, for `~user`, `~` without `HOME` and
//! the prompt's `\u`.
//!
//! jsh links glibc statically (for start-up speed), and glibc's NSS
//! modules cannot be loaded safely into a static binary (looking up an
//! unknown user crashed it), so getpwnam is out. /etc/passwd is read
//! directly first, which answers for local accounts at no cost; a user it
//! does not know (LDAP, SSSD, systemd-homed, ...) is then asked of the
//! system's name service through `getent passwd`, a dynamic program that
//! loads NSS as any other would.
//!
//! `getent` is run only from fixed system paths ([`GETENT`]), never through
//! `PATH`: expanding `~name` must not run whatever program called `getent`
//! sits in a directory on the user's `PATH` (the current directory, say).
//! It must be owned by root and writable by no one else, it runs with an
//! empty environment and no terminal input, and its answer counts only if
//! it names the user or id that was asked for.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::{Command, Stdio};

/// Where `getent` may be: glibc's libc-bin (Debian, Fedora, Arch, ...),
/// the old `/bin` of systems without merged /usr, NixOS.
pub const GETENT: &[&str] = &[
    "/usr/bin/getent",
    "/bin/getent",
    "/run/current-system/sw/bin/getent",
];

/// What is looked up: a login name or a numeric user id.
#[derive(Clone, Copy, Debug)]
enum Key<'a> {
    Name(&'a [u8]),
    Uid(u32),
}

/// The fields of a passwd entry that jsh uses.
#[derive(Debug, PartialEq, Eq)]
struct Entry {
    name: Vec<u8>,
    home: Vec<u8>,
}

/// The home directory of the user named `name`.
pub fn home_of_name(name: &[u8]) -> Option<Vec<u8>> {
    lookup(Key::Name(name)).map(|e| e.home)
}

/// The home directory of the user with id `uid`.
pub fn home_of_uid(uid: u32) -> Option<Vec<u8>> {
    lookup(Key::Uid(uid)).map(|e| e.home)
}

/// The login name of the user with id `uid`. Asked before every prompt,
/// so the answer (the shell's own user, usually) is kept.
pub fn name_of_uid(uid: u32) -> Option<Vec<u8>> {
    use std::sync::Mutex;
    static KNOWN: Mutex<Option<(u32, Option<Vec<u8>>)>> = Mutex::new(None);
    let mut known = KNOWN.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((id, name)) = known.as_ref()
        && *id == uid
    {
        return name.clone();
    }
    let name = lookup(Key::Uid(uid)).map(|e| e.name);
    *known = Some((uid, name.clone()));
    name
}

fn lookup(key: Key) -> Option<Entry> {
    in_file(&read_file(), key).or_else(|| {
        let mut unknown = UNKNOWN.lock().unwrap_or_else(|e| e.into_inner());
        unknown.ask(key, || {
            GETENT
                .iter()
                .map(Path::new)
                .find(|p| trusted(p))
                .and_then(|p| from_getent(p, key))
        })
    })
}

/// Users the name service said it does not know, so that `~nosuch`
/// typed again (or in a loop) forks no second getent. A user added
/// meanwhile to /etc/passwd is still found: the file is read first.
static UNKNOWN: std::sync::Mutex<Unknown> = std::sync::Mutex::new(Unknown { keys: Vec::new() });

/// What [`UNKNOWN`] keeps: the keys the name service did not know.
struct Unknown {
    keys: Vec<OwnedKey>,
}

#[derive(Clone, PartialEq, Eq)]
enum OwnedKey {
    Name(Vec<u8>),
    Uid(u32),
}

impl From<Key<'_>> for OwnedKey {
    fn from(key: Key) -> Self {
        match key {
            Key::Name(name) => OwnedKey::Name(name.to_vec()),
            Key::Uid(uid) => OwnedKey::Uid(uid),
        }
    }
}

/// So many unknown keys are kept at most; past that the list starts
/// over (a script that names ever new users does not grow the shell).
const UNKNOWN_MAX: usize = 256;

impl Unknown {
    /// `ask` the name service about `key`, unless it already said it
    /// does not know it.
    fn ask(&mut self, key: Key, ask: impl FnOnce() -> Option<Entry>) -> Option<Entry> {
        let owned = OwnedKey::from(key);
        if self.keys.contains(&owned) {
            return None;
        }
        let found = ask();
        if found.is_none() {
            if self.keys.len() >= UNKNOWN_MAX {
                self.keys.clear();
            }
            self.keys.push(owned);
        }
        found
    }
}

fn read_file() -> Vec<u8> {
    std::fs::read(OsStr::from_bytes(b"/etc/passwd")).unwrap_or_default()
}

/// The first well-formed entry of `passwd` (passwd(5) lines) for `key`.
fn in_file(passwd: &[u8], key: Key) -> Option<Entry> {
    passwd.split(|&b| b == b'\n').find_map(|l| parse(l, key))
}

/// `line` as an entry, if it is well formed and is the one for `key`.
fn parse(line: &[u8], key: Key) -> Option<Entry> {
    let fields: Vec<&[u8]> = line.split(|&b| b == b':').collect();
    if fields.len() < 7 {
        return None;
    }
    let wanted = match key {
        Key::Name(name) => fields[0] == name,
        Key::Uid(uid) => fields[2] == uid.to_string().as_bytes(),
    };
    wanted.then(|| Entry {
        name: fields[0].to_vec(),
        home: fields[5].to_vec(),
    })
}

/// Is the program at `path` one that only root could have put there?
fn trusted(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.uid() == 0 && m.mode() & 0o022 == 0)
}

/// Ask the name service through the `getent` at `path`.
///
/// Never while the notifier thread holds the job table (at the prompt):
/// its `waitpid(-1)` could reap getent before [`Command::output`] does.
/// The prompt's `\u` is worked out before the table is lent.
fn from_getent(path: &Path, key: Key) -> Option<Entry> {
    debug_assert!(
        !crate::jobs::notify::table_lent(),
        "getent run while the notifier reaps"
    );
    let arg = match key {
        // A name that is not one (empty, or with a field separator) is
        // not asked for; a name of digits is looked up as a name, since
        // getent would take it for a user id, so the answer is checked.
        Key::Name(name) if name.is_empty() || name.contains(&b':') => return None,
        Key::Name(name) => name.to_vec(),
        Key::Uid(uid) => uid.to_string().into_bytes(),
    };
    let out = Command::new(path)
        .arg("passwd")
        .arg("--")
        .arg(OsStr::from_bytes(&arg))
        .env_clear()
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    out.stdout
        .split(|&b| b == b'\n')
        .find_map(|l| parse(l, key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    const PASSWD: &[u8] =
        b"root:x:0:0:root:/root:/bin/bash\nbad line\nbob:x:1000:1000::/home/bob:/bin/jsh\n";

    fn home(e: Option<Entry>) -> Option<Vec<u8>> {
        e.map(|e| e.home)
    }

    #[test]
    fn finds_by_name_and_uid() {
        assert_eq!(
            home(in_file(PASSWD, Key::Name(b"bob"))),
            Some(b"/home/bob".to_vec())
        );
        assert_eq!(home(in_file(PASSWD, Key::Uid(0))), Some(b"/root".to_vec()));
        assert_eq!(
            in_file(PASSWD, Key::Uid(1000)).map(|e| e.name),
            Some(b"bob".to_vec())
        );
        assert_eq!(in_file(PASSWD, Key::Name(b"nosuch")), None);
        assert_eq!(in_file(PASSWD, Key::Name(b"bad line")), None);
        // A user named by digits is not the user with that id.
        assert_eq!(in_file(PASSWD, Key::Name(b"1000")), None);
    }

    #[test]
    fn reads_the_system_file() {
        assert!(home_of_uid(0).is_some());
    }

    /// A stand-in for getent that knows one user, as an LDAP directory
    /// would, and answers any id query with that user (a getent that
    /// misbehaves must not be believed).
    fn stub(dir: &Path) -> std::path::PathBuf {
        let path = dir.join("getent");
        std::fs::write(
            &path,
            "#!/bin/sh\n\
             [ \"$1 $2\" = 'passwd --' ] || exit 9\n\
             case $3 in\n\
             ldapuser|4242) echo 'ldapuser:*:4242:4242:LDAP user:/home/ldapuser:/bin/sh' ;;\n\
             1000) echo 'ldapuser:*:4242:4242:LDAP user:/home/ldapuser:/bin/sh' ;;\n\
             *) exit 2 ;;\n\
             esac\n",
        )
        .unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    #[test]
    fn asks_getent_and_checks_its_answer() {
        let dir = std::env::temp_dir().join(format!("jsh-getent-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let getent = stub(&dir);
        let ldap = Some(Entry {
            name: b"ldapuser".to_vec(),
            home: b"/home/ldapuser".to_vec(),
        });
        assert_eq!(from_getent(&getent, Key::Name(b"ldapuser")), ldap);
        assert_eq!(from_getent(&getent, Key::Uid(4242)), ldap);
        assert_eq!(from_getent(&getent, Key::Name(b"nosuch")), None);
        // An answer for someone else is not taken.
        assert_eq!(from_getent(&getent, Key::Uid(1000)), None);
        assert_eq!(from_getent(&getent, Key::Name(b"4242")), None);
        assert_eq!(from_getent(&getent, Key::Name(b"a:b")), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_unknown_user_is_asked_once() {
        let mut unknown = Unknown { keys: Vec::new() };
        let mut asked = 0;
        for _ in 0..3 {
            let found = unknown.ask(Key::Name(b"nosuch"), || {
                asked += 1;
                None
            });
            assert_eq!(found, None);
        }
        assert_eq!(asked, 1, "the name service was asked again");
        // A user it knows is asked each time (the answer may change).
        let ldap = || {
            Some(Entry {
                name: b"ldap".to_vec(),
                home: b"/h".to_vec(),
            })
        };
        assert!(unknown.ask(Key::Name(b"ldap"), ldap).is_some());
        assert!(unknown.ask(Key::Name(b"ldap"), ldap).is_some());
        // Ids apart from names.
        let mut asked_uid = 0;
        unknown.ask(Key::Uid(77), || {
            asked_uid += 1;
            None
        });
        assert_eq!(asked_uid, 1);
        // Bounded.
        for i in 0..2 * UNKNOWN_MAX as u32 {
            unknown.ask(Key::Uid(1000 + i), || None);
        }
        assert!(unknown.keys.len() <= UNKNOWN_MAX);
    }

    #[test]
    fn getent_must_be_roots_alone() {
        let dir = std::env::temp_dir().join(format!("jsh-getent-t-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let getent = stub(&dir);
        let mine = nix::unistd::geteuid().is_root();
        assert_eq!(trusted(&getent), mine);
        std::fs::set_permissions(&getent, std::fs::Permissions::from_mode(0o775)).unwrap();
        assert!(!trusted(&getent), "group-writable");
        assert!(!trusted(&dir), "a directory");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
