//! Command history, kept in `$HISTFILE` (default `~/.jsh_history`).
//!
//! Each accepted line is appended to the file at once, under an exclusive
//! `flock`, instead of rewriting the file at exit: two shells running at
//! the same time both keep all their lines, and a shell that is killed
//! loses nothing it already ran. The file is created with mode 0600.

use std::ffi::OsStr;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;

use nix::fcntl::{Flock, FlockArg};

pub const DEFAULT_SIZE: usize = 500;

#[derive(Debug, Default)]
pub struct History {
    file: Option<PathBuf>,
    entries: Vec<String>,
    /// `HISTSIZE`: how many entries are kept.
    max: usize,
    /// Set by `history -c`, so the line editor drops its copy too.
    pub cleared: bool,
}

impl History {
    /// Load `file` (if given) keeping the last `max` entries.
    pub fn load(file: Option<PathBuf>, max: usize) -> History {
        let mut h = History {
            file,
            entries: Vec::new(),
            max,
            cleared: false,
        };
        if let Some(path) = &h.file
            && let Ok(data) = std::fs::read(path)
        {
            let text = String::from_utf8_lossy(&data);
            h.entries = text
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            h.trim();
        }
        h
    }

    /// The history file for a shell: `$HISTFILE`, else `~/.jsh_history`.
    pub fn default_file(histfile: Option<&[u8]>, home: Option<&[u8]>) -> Option<PathBuf> {
        match (histfile, home) {
            (Some(f), _) if !f.is_empty() => Some(PathBuf::from(OsStr::from_bytes(f))),
            (Some(_), _) => None,
            (None, Some(h)) => Some(PathBuf::from(OsStr::from_bytes(h)).join(".jsh_history")),
            (None, None) => None,
        }
    }

    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    /// Record an accepted line; `false` if it is not kept (it starts with
    /// a space, is empty, or repeats the previous entry).
    pub fn add(&mut self, line: &str) -> bool {
        let line = line.trim_end_matches('\n');
        if line.trim().is_empty()
            || line.starts_with(' ')
            || self.entries.last().is_some_and(|l| l == line)
        {
            return false;
        }
        self.entries.push(line.to_string());
        self.trim();
        if let Some(path) = &self.file {
            let _ = append(path, line);
        }
        true
    }

    /// `history -c`.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.cleared = true;
    }

    pub fn set_max(&mut self, max: usize) {
        self.max = max;
        self.trim();
    }

    fn trim(&mut self) {
        if self.entries.len() > self.max {
            let extra = self.entries.len() - self.max;
            self.entries.drain(..extra);
        }
    }
}

/// Append one line under an exclusive lock, creating the file 0600.
fn append(path: &PathBuf, line: &str) -> std::io::Result<()> {
    let file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .custom_flags(libc::O_CLOEXEC)
        .open(path)?;
    let mut locked =
        Flock::lock(file, FlockArg::LockExclusive).map_err(|(_, e)| std::io::Error::from(e))?;
    let mut record = line.as_bytes().to_vec();
    record.push(b'\n');
    locked.write_all(&record)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn temp(name: &str) -> PathBuf {
        let p = std::env::temp_dir().join(format!("jsh-hist-{}-{name}", std::process::id()));
        let _ = std::fs::remove_file(&p);
        p
    }

    #[test]
    fn appends_at_once_with_mode_0600() {
        let path = temp("a");
        let mut h = History::load(Some(path.clone()), 100);
        assert!(h.add("echo one"));
        assert!(!h.add("echo one"), "immediate duplicate");
        assert!(!h.add(" secret"), "leading space");
        assert!(h.add("echo two"));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "echo one\necho two\n"
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let again = History::load(Some(path.clone()), 100);
        assert_eq!(again.entries(), ["echo one", "echo two"]);
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn two_writers_lose_nothing() {
        let path = temp("b");
        let mut a = History::load(Some(path.clone()), 1000);
        let mut b = History::load(Some(path.clone()), 1000);
        for i in 0..50 {
            a.add(&format!("a{i}"));
            b.add(&format!("b{i}"));
        }
        let merged = History::load(Some(path.clone()), 1000);
        assert_eq!(merged.entries().len(), 100);
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn size_caps_entries() {
        let mut h = History::load(None, 2);
        for l in ["a", "b", "c"] {
            h.add(l);
        }
        assert_eq!(h.entries(), ["b", "c"]);
    }
}
