//! Finding commands on PATH, with a cache like bash's `hash` table.

use std::collections::HashMap;
use std::ffi::{CString, OsStr};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::rc::Rc;

#[derive(Default, Clone)]
pub struct PathCache {
    /// The PATH generation the entries were found under.
    generation: u64,
    map: HashMap<Vec<u8>, Entry, crate::state::vars::FixedState>,
}

#[derive(Clone)]
struct Entry {
    path: Rc<CString>,
    hits: u32,
}

impl PathCache {
    /// The file to execute for `name`, searching `path` (the PATH value;
    /// `None` when unset) unless the name holds a `/`.
    pub fn lookup(
        &mut self,
        name: &[u8],
        path: Option<&[u8]>,
        generation: u64,
    ) -> Option<Rc<CString>> {
        if name.contains(&b'/') {
            return find(name, path);
        }
        if generation != self.generation {
            self.map.clear();
            self.generation = generation;
        }
        if let Some(e) = self.map.get_mut(name) {
            e.hits += 1;
            return Some(e.path.clone());
        }
        let found = Rc::new(search(name, path?)?);
        self.map.insert(
            name.to_vec(),
            Entry {
                path: found.clone(),
                hits: 1,
            },
        );
        Some(found)
    }

    /// Where `name` was found before, if it is remembered under PATH
    /// generation `generation` (`type` says so: `ls is hashed`).
    pub fn remembered(&self, name: &[u8], generation: u64) -> Option<Rc<CString>> {
        if generation != self.generation {
            return None;
        }
        self.map.get(name).map(|e| e.path.clone())
    }

    /// `hash NAME`: find `name` now and remember it, not yet used (no
    /// hits, as bash counts); false if it is nowhere on `path`.
    pub fn remember(&mut self, name: &[u8], path: Option<&[u8]>, generation: u64) -> bool {
        if generation != self.generation {
            self.map.clear();
            self.generation = generation;
        }
        let Some(found) = path.and_then(|p| search(name, p)) else {
            return false;
        };
        let path = Rc::new(found);
        self.map.insert(name.to_vec(), Entry { path, hits: 0 });
        true
    }

    /// Forget one name (its file vanished) or, with `None`, all (`hash -r`).
    pub fn forget(&mut self, name: Option<&[u8]>) {
        match name {
            Some(n) => {
                self.map.remove(n);
            }
            None => self.map.clear(),
        }
    }

    /// `(hits, path)` per remembered command, sorted by path, for `hash`.
    pub fn entries(&self) -> Vec<(u32, Vec<u8>)> {
        let mut v: Vec<_> = self
            .map
            .values()
            .map(|e| (e.hits, e.path.as_bytes().to_vec()))
            .collect();
        v.sort_by(|a, b| a.1.cmp(&b.1));
        v
    }
}

/// The file to execute for `name`, searched for without the cache
/// (`set +h`).
pub fn find(name: &[u8], path: Option<&[u8]>) -> Option<Rc<CString>> {
    if name.contains(&b'/') {
        return CString::new(name).ok().map(Rc::new);
    }
    search(name, path?).map(Rc::new)
}

/// The first executable regular file named `name` in the directories of
/// `path`; failing that, the first such file at all, so that running it
/// reports "Permission denied" as in bash.
fn search(name: &[u8], path: &[u8]) -> Option<CString> {
    if name.is_empty() {
        return None;
    }
    let mut fallback = None;
    for dir in path.split(|&b| b == b':') {
        let dir: &[u8] = if dir.is_empty() { b"." } else { dir };
        let mut candidate = Vec::with_capacity(dir.len() + name.len() + 1);
        candidate.extend_from_slice(dir);
        if !dir.ends_with(b"/") {
            candidate.push(b'/');
        }
        candidate.extend_from_slice(name);
        let Ok(meta) = std::fs::metadata(OsStr::from_bytes(&candidate)) else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        if meta.permissions().mode() & 0o111 != 0 {
            return CString::new(candidate).ok();
        }
        fallback.get_or_insert(candidate);
    }
    fallback.and_then(|c| CString::new(c).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_first_executable_and_caches() {
        let mut cache = PathCache::default();
        let found = cache
            .lookup(b"sh", Some(b"/nonexistent:/bin:/usr/bin"), 0)
            .unwrap();
        assert!(found.as_bytes().ends_with(b"/sh"));
        assert_eq!(cache.entries().len(), 1);
        cache.lookup(b"sh", Some(b"/bin"), 0).unwrap();
        assert_eq!(cache.entries()[0].0, 2);
        // A new PATH generation empties the cache.
        assert!(cache.lookup(b"sh", Some(b"/nonexistent"), 1).is_none());
    }

    #[test]
    fn slash_names_are_not_searched() {
        let mut cache = PathCache::default();
        let p = cache.lookup(b"./x", Some(b"/bin"), 0).unwrap();
        assert_eq!(p.as_bytes(), b"./x");
        assert!(cache.lookup(b"nosuch-cmd-xyz", Some(b"/bin"), 0).is_none());
        assert!(cache.lookup(b"sh", None, 0).is_none());
    }

    #[test]
    fn directories_are_skipped() {
        let mut cache = PathCache::default();
        assert!(cache.lookup(b"bin", Some(b"/"), 0).is_none());
    }
}
