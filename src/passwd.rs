//! Home directories from /etc/passwd, for `~user`.
//!
//! Read directly rather than through getpwnam: jsh links glibc statically
//! (for start-up speed), and glibc's NSS modules cannot be loaded safely
//! into a static binary (looking up an unknown user crashed it).

use std::os::unix::ffi::OsStrExt;

/// The home directory of the user named `name`.
pub fn home_of_name(name: &[u8]) -> Option<Vec<u8>> {
    find(&read(), |fields| fields[0] == name)
}

/// The home directory of the user with id `uid`.
pub fn home_of_uid(uid: u32) -> Option<Vec<u8>> {
    let uid = uid.to_string();
    find(&read(), |fields| fields[2] == uid.as_bytes())
}

/// The login name of the user with id `uid`.
pub fn name_of_uid(uid: u32) -> Option<Vec<u8>> {
    let uid = uid.to_string();
    read()
        .split(|&b| b == b'\n')
        .map(|line| line.split(|&b| b == b':').collect::<Vec<_>>())
        .find(|f| f.len() >= 7 && f[2] == uid.as_bytes())
        .map(|f| f[0].to_vec())
}

fn read() -> Vec<u8> {
    std::fs::read(std::ffi::OsStr::from_bytes(b"/etc/passwd")).unwrap_or_default()
}

/// The home field of the first well-formed entry that `pick` accepts.
fn find(passwd: &[u8], pick: impl Fn(&[&[u8]]) -> bool) -> Option<Vec<u8>> {
    passwd
        .split(|&b| b == b'\n')
        .map(|line| line.split(|&b| b == b':').collect::<Vec<_>>())
        .find(|fields| fields.len() >= 7 && pick(fields))
        .map(|fields| fields[5].to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSWD: &[u8] =
        b"root:x:0:0:root:/root:/bin/bash\nbad line\nbob:x:1000:1000::/home/bob:/bin/jsh\n";

    #[test]
    fn finds_by_name_and_uid() {
        assert_eq!(
            find(PASSWD, |f| f[0] == b"bob"),
            Some(b"/home/bob".to_vec())
        );
        assert_eq!(find(PASSWD, |f| f[2] == b"0"), Some(b"/root".to_vec()));
        assert_eq!(find(PASSWD, |f| f[0] == b"nosuch"), None);
        assert_eq!(find(PASSWD, |f| f[0] == b"bad line"), None);
    }

    #[test]
    fn reads_the_system_file() {
        assert!(home_of_uid(0).is_some());
    }
}
