//! Shell variables and the environment passed to children.
//!
//! The environment block is built once and rebuilt only after an exported
//! variable changes: spawning is the hot path and must not rebuild it.

use std::cell::Cell;
use std::collections::HashMap;
use std::ffi::{CString, c_char};
use std::os::unix::ffi::OsStringExt;

use crate::state::locale;

#[derive(Debug, Clone, Default)]
struct Var {
    /// `None`: declared (exported) but never given a value.
    value: Option<Vec<u8>>,
    exported: bool,
    /// `readonly NAME`: no assignment or unset may change it.
    readonly: bool,
}

/// A variable as listed: name, value, exported.
pub type Listed<'a> = (&'a [u8], Option<&'a [u8]>, bool);

/// A variable is readonly: the assignment or unset was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readonly;

/// What `local NAME` in a function hid: put back when the function
/// returns (`None`: the name was not set).
type Frame = Vec<(Vec<u8>, Option<Var>)>;

/// A null-terminated `envp` array and the strings it points into.
pub struct EnvBlock {
    _strings: Vec<CString>,
    ptrs: Vec<*const c_char>,
}

impl EnvBlock {
    fn new(strings: Vec<CString>) -> Self {
        let mut ptrs: Vec<*const c_char> = strings.iter().map(|s| s.as_ptr()).collect();
        ptrs.push(std::ptr::null());
        EnvBlock {
            _strings: strings,
            ptrs,
        }
    }

    pub fn as_ptr(&self) -> *const *const c_char {
        self.ptrs.as_ptr()
    }
}

/// A fixed multiplicative hash (as rustc's FxHash) over eight bytes at a
/// time: variable and command names are short and not attacker-chosen, so
/// a fast fixed hash serves better than SipHash with a random key (which
/// also costs a getrandom call at every start-up). Byte-at-a-time FNV-1a
/// cost about 60 instructions per lookup of a name like `OLDPWD`, which
/// every `cd` does twice.
#[derive(Default, Clone, Copy)]
pub struct NameHasher(u64);

impl NameHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for NameHasher {
    fn finish(&self) -> u64 {
        // The multiplication leaves its best bits at the top; hashbrown
        // takes the bucket from the bottom ones.
        self.0.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The length is hashed too (`write_usize`), so zero padding
            // makes no collisions between `A` and `A\0`.
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

pub type FixedState = std::hash::BuildHasherDefault<NameHasher>;

#[derive(Default)]
pub struct Vars {
    map: HashMap<Vec<u8>, Var, FixedState>,
    env: Option<EnvBlock>,
    /// Bumped whenever PATH changes, so command lookups can be re-done.
    path_generation: u64,
    /// Is the locale's character set UTF-8? `None` until first asked (the
    /// locale from the environment is tried only then: start-up pays
    /// nothing for it) or a locale variable is assigned.
    utf8: Cell<Option<bool>>,
    /// Is IFS unset or `<space><tab><newline>`? `None` until first asked
    /// or after IFS changes: every expansion asks.
    ifs_default: Cell<Option<bool>>,
    /// Warnings about locales the C library does not have, from the
    /// assignments since they were last taken (see [`Vars::take_warnings`]).
    warnings: Vec<String>,
    /// One frame per running function call (see [`Vars::push_frame`]).
    frames: Vec<Frame>,
    /// When RANDOM and SECONDS were assigned (see [`crate::state::special`]).
    pub dynamic: crate::state::special::Dynamic,
    /// One journal per command substitution running in the shell itself,
    /// innermost last (see [`Vars::begin_journal`]).
    journals: Vec<Journal>,
}

/// What a command substitution run in the shell itself changed: each
/// variable as it was before its first change there, and how far the
/// function frames went, so that [`Vars::roll_back`] can undo it all as
/// if the substitution had run in a forked copy.
#[derive(Default)]
struct Journal {
    before: HashMap<Vec<u8>, Option<Var>, FixedState>,
    frames: usize,
    top_frame: usize,
}

impl Vars {
    /// Variables inherited from the process environment, all exported.
    pub fn from_environment() -> Self {
        let mut vars = Vars::default();
        for (k, v) in std::env::vars_os() {
            vars.map.insert(
                k.into_vec(),
                Var {
                    value: Some(v.into_vec()),
                    exported: true,
                    readonly: false,
                },
            );
        }
        vars
    }

    pub fn get(&self, name: &[u8]) -> Option<&[u8]> {
        self.map.get(name)?.value.as_deref()
    }

    /// Names of the variables that have values.
    pub fn names(&self) -> impl Iterator<Item = &[u8]> {
        self.map
            .iter()
            .filter(|(_, v)| v.value.is_some())
            .map(|(k, _)| k.as_slice())
    }

    pub fn path_generation(&self) -> u64 {
        self.path_generation
    }

    /// Assign `name`, unless it is readonly (then nothing changes: callers
    /// that can report the error use [`Vars::try_set`]).
    pub fn set(&mut self, name: &[u8], value: Vec<u8>) {
        let _ = self.try_set(name, value);
    }

    /// Assign `name`; a readonly variable is refused.
    pub fn try_set(&mut self, name: &[u8], value: Vec<u8>) -> Result<(), Readonly> {
        self.note(name);
        self.before_change(name);
        match self.map.get_mut(name) {
            Some(var) if var.readonly => return Err(Readonly),
            Some(var) => {
                if var.exported {
                    self.env = None;
                }
                var.value = Some(value);
            }
            None => {
                self.map.insert(
                    name.to_vec(),
                    Var {
                        value: Some(value),
                        exported: false,
                        readonly: false,
                    },
                );
            }
        }
        self.changed(name);
        Ok(())
    }

    /// `export NAME[=value]`.
    pub fn export(&mut self, name: &[u8], value: Option<&[u8]>) {
        let _ = self.try_export(name, value);
    }

    /// `export NAME=value`; a readonly variable keeps its value (it is
    /// exported all the same, as in bash) and the assignment is refused.
    pub fn try_export(&mut self, name: &[u8], value: Option<&[u8]>) -> Result<(), Readonly> {
        // Exported with that value already: the environment stands.
        if let Some(var) = self.map.get(name)
            && var.exported
            && (value.is_none() || value == var.value.as_deref())
        {
            return Ok(());
        }
        if value.is_some() && self.is_readonly(name) {
            return Err(Readonly);
        }
        self.note(name);
        let assigned = value.is_some();
        if assigned {
            self.before_change(name);
        }
        // Looked up before inserting: `entry` would copy the name each time.
        let var = match self.map.get_mut(name) {
            Some(var) => var,
            None => self.map.entry(name.to_vec()).or_default(),
        };
        var.exported = true;
        if let Some(value) = value {
            var.value = Some(value.to_vec());
        }
        self.env = None;
        if assigned {
            self.changed(name);
        }
        Ok(())
    }

    /// `export -n NAME`.
    pub fn unexport(&mut self, name: &[u8]) {
        self.note(name);
        if let Some(var) = self.map.get_mut(name)
            && var.exported
        {
            var.exported = false;
            self.env = None;
        }
    }

    pub fn unset(&mut self, name: &[u8]) {
        let _ = self.try_unset(name);
    }

    /// `unset NAME`; a readonly variable stays.
    pub fn try_unset(&mut self, name: &[u8]) -> Result<(), Readonly> {
        if self.is_readonly(name) {
            return Err(Readonly);
        }
        self.note(name);
        self.before_change(name);
        if let Some(var) = self.map.remove(name)
            && var.exported
        {
            self.env = None;
        }
        self.changed(name);
        Ok(())
    }

    /// `name` is about to change: inside a command substitution run in
    /// the shell, remember it as it was, once.
    fn note(&mut self, name: &[u8]) {
        let Some(journal) = self.journals.last_mut() else {
            return;
        };
        if !journal.before.contains_key(name) {
            journal
                .before
                .insert(name.to_vec(), self.map.get(name).cloned());
        }
    }

    /// A command substitution starts running in the shell itself: from
    /// here on every change is journaled, to be undone by
    /// [`Vars::roll_back`].
    pub fn begin_journal(&mut self) {
        self.journals.push(Journal {
            before: HashMap::default(),
            frames: self.frames.len(),
            top_frame: self.frames.last().map_or(0, Vec::len),
        });
    }

    /// The substitution is over: every variable it changed is as it was
    /// (value, attributes, the locals of the function around it), and the
    /// caches that hang on them (the locale, IFS, PATH lookups) follow.
    pub fn roll_back(&mut self) {
        let Some(journal) = self.journals.pop() else {
            return;
        };
        self.frames.truncate(journal.frames);
        if let Some(top) = self.frames.last_mut() {
            top.truncate(journal.top_frame);
        }
        let warnings = self.warnings.len();
        for (name, old) in journal.before {
            let now_exported = self.map.get(&name).is_some_and(|v| v.exported);
            let was_exported = old.as_ref().is_some_and(|v| v.exported);
            self.before_change(&name);
            match old {
                Some(var) => {
                    self.map.insert(name.clone(), var);
                }
                None => {
                    self.map.remove(&name);
                }
            }
            if now_exported || was_exported {
                self.env = None;
            }
            self.changed(&name);
        }
        // Putting a locale back says nothing: it was said when it was set.
        self.warnings.truncate(warnings);
    }

    fn before_change(&mut self, name: &[u8]) {
        // The character set from before, which stays if the new name is
        // not one the C library knows.
        if locale::is_watched(name) {
            self.utf8();
        }
    }

    fn changed(&mut self, name: &[u8]) {
        if name == b"IFS" {
            self.ifs_default.set(None);
        } else if name == b"PATH" {
            self.path_generation += 1;
        } else if locale::is_watched(name) {
            self.locale_changed(name);
        } else if crate::state::special::Dynamic::watches(name) {
            self.dynamic.assigned(name);
        }
    }

    /// Is IFS unset or `<space><tab><newline>`?
    pub fn ifs_is_default(&self) -> bool {
        if let Some(default) = self.ifs_default.get() {
            return default;
        }
        let default = self
            .get(b"IFS")
            .is_none_or(|v| v == crate::expand::word::DEFAULT_IFS);
        self.ifs_default.set(Some(default));
        default
    }

    /// Is the character set of the locale the variables name UTF-8?
    pub fn utf8(&self) -> bool {
        if let Some(utf8) = self.utf8.get() {
            return utf8;
        }
        let name = locale::VARIABLES
            .iter()
            .find_map(|n| self.get(n).filter(|v| !v.is_empty()))
            .unwrap_or(b"C");
        let utf8 = locale::is_utf8(name).unwrap_or(false);
        self.utf8.set(Some(utf8));
        utf8
    }

    /// Are there warnings to take? (Asked after every assignment.)
    pub fn has_warnings(&self) -> bool {
        !self.warnings.is_empty()
    }

    /// The warnings about unknown locales since the last call, in bash's
    /// words, for the shell to print where it prints errors.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    /// At start-up, a locale the environment's `LC_ALL` names and the C
    /// library does not have: bash's warning (which never has the reason:
    /// bash's own first try of the name already took it).
    pub fn startup_warning(&self) -> Option<String> {
        let value = self.get(b"LC_ALL").filter(|v| !v.is_empty())?;
        match locale::try_locale(libc::LC_ALL, value) {
            Ok(utf8) => {
                self.utf8.set(Some(utf8));
                None
            }
            Err(_) => Some(locale::warning(b"LC_ALL", value, 0)),
        }
    }

    /// A non-empty value of `name`.
    fn non_empty(&self, name: &[u8]) -> Option<Vec<u8>> {
        self.get(name).filter(|v| !v.is_empty()).map(<[u8]>::to_vec)
    }

    /// The locale bash takes for the category of `var`: `LC_ALL`, else
    /// `var`, else `LANG`, else none (empty).
    fn locale_for(&self, var: &[u8]) -> Vec<u8> {
        self.non_empty(b"LC_ALL")
            .or_else(|| self.non_empty(var))
            .or_else(|| self.non_empty(b"LANG"))
            .unwrap_or_default()
    }

    /// The locale variable `name` was assigned or unset: try the locale
    /// it now names, as bash's `set_locale_var` does (with `LC_ALL` set,
    /// the other variables change nothing).
    fn locale_changed(&mut self, name: &[u8]) {
        let lc_all = self.non_empty(b"LC_ALL");
        match name {
            b"LC_ALL" => match lc_all {
                Some(value) => match locale::try_locale(libc::LC_ALL, &value) {
                    Ok(utf8) => self.utf8.set(Some(utf8)),
                    Err(errno) => self.warn(name, &value, errno),
                },
                None => self.reset_locale(),
            },
            b"LANG" if lc_all.is_none() => self.reset_locale(),
            _ if lc_all.is_none() => {
                let Some(&(_, category)) = locale::WATCHED.iter().find(|(n, _)| *n == name) else {
                    return;
                };
                let value = self.locale_for(name);
                let tried = if value.is_empty() { b"C" } else { &value[..] };
                match locale::try_locale(category, tried) {
                    Ok(utf8) if name == b"LC_CTYPE" => self.utf8.set(Some(utf8)),
                    Ok(_) => {}
                    Err(errno) => self.warn(name, &value, errno),
                }
            }
            _ => {}
        }
    }

    /// `LANG` changed, or `LC_ALL` went: bash's `reset_locale_vars`, which
    /// warns of nothing. A `LANG` the C library does not have changes
    /// nothing.
    fn reset_locale(&mut self) {
        let lang = self.non_empty(b"LANG").unwrap_or_else(|| b"C".to_vec());
        if locale::try_locale(libc::LC_ALL, &lang).is_err() {
            return;
        }
        for &(var, category) in &locale::WATCHED[1..6] {
            let value = self.locale_for(var);
            let tried = if value.is_empty() { b"C" } else { &value[..] };
            let result = locale::try_locale(category, tried);
            if let (b"LC_CTYPE", Ok(utf8)) = (var, result) {
                self.utf8.set(Some(utf8));
            }
        }
    }

    fn warn(&mut self, var: &[u8], value: &[u8], errno: i32) {
        self.warnings.push(locale::warning(var, value, errno));
    }

    /// Exported variables with values, sorted by name (as `export -p`).
    pub fn exported(&self) -> Vec<(&[u8], Option<&[u8]>)> {
        let mut list: Vec<_> = self
            .map
            .iter()
            .filter(|(_, v)| v.exported)
            .map(|(k, v)| (k.as_slice(), v.value.as_deref()))
            .collect();
        list.sort();
        list
    }

    /// The environment for children, cached until an exported variable
    /// changes.
    pub fn envp(&mut self) -> *const *const c_char {
        if self.env.is_none() {
            self.env = Some(EnvBlock::new(self.env_strings(&[])));
        }
        self.env.as_ref().expect("just built").as_ptr()
    }

    /// A one-off environment with `NAME=value` prefixes of a command added.
    pub fn envp_with(&self, extra: &[(Vec<u8>, Vec<u8>)]) -> EnvBlock {
        EnvBlock::new(self.env_strings(extra))
    }

    fn env_strings(&self, extra: &[(Vec<u8>, Vec<u8>)]) -> Vec<CString> {
        let overridden = |k: &[u8]| extra.iter().any(|(n, _)| n == k);
        let inherited = self.map.iter().filter_map(|(k, v)| match &v.value {
            Some(val) if v.exported && !overridden(k) => Some((k.as_slice(), val.as_slice())),
            _ => None,
        });
        let added = extra.iter().map(|(k, v)| (k.as_slice(), v.as_slice()));
        inherited
            .chain(added)
            .filter_map(|(k, v)| {
                let mut s = Vec::with_capacity(k.len() + v.len() + 1);
                s.extend_from_slice(k);
                s.push(b'=');
                s.extend_from_slice(v);
                CString::new(s).ok()
            })
            .collect()
    }
}

/// The readonly attribute (`readonly`), and function scopes (`local`).
///
/// A scope is a save stack, as in dash: `local x` in a function keeps the
/// variable it hides in the function's frame and the one map goes on
/// holding the visible variables, so `get` and `set` cost what they did
/// without scopes and dynamic scoping falls out (a function called from
/// `f` sees and assigns `f`'s locals).
impl Vars {
    pub fn is_readonly(&self, name: &[u8]) -> bool {
        self.map.get(name).is_some_and(|v| v.readonly)
    }

    /// `readonly NAME[=value]`: a readonly variable cannot be given a new
    /// value, only the attribute again.
    pub fn make_readonly(&mut self, name: &[u8], value: Option<Vec<u8>>) -> Result<(), Readonly> {
        if let Some(value) = value {
            self.try_set(name, value)?;
        }
        self.note(name);
        match self.map.get_mut(name) {
            Some(var) => var.readonly = true,
            None => {
                self.map.insert(
                    name.to_vec(),
                    Var {
                        value: None,
                        exported: false,
                        readonly: true,
                    },
                );
            }
        }
        Ok(())
    }

    /// Readonly variables, sorted by name (as `readonly -p`): name, value
    /// and whether exported.
    pub fn readonly_list(&self) -> Vec<Listed<'_>> {
        let mut list: Vec<_> = self
            .map
            .iter()
            .filter(|(_, v)| v.readonly)
            .map(|(k, v)| (k.as_slice(), v.value.as_deref(), v.exported))
            .collect();
        list.sort();
        list
    }

    /// A function call begins: its `local` variables go in a new frame.
    pub fn push_frame(&mut self) {
        self.frames.push(Frame::new());
    }

    /// The function call ends: every variable its `local` hid comes back,
    /// attributes and all.
    pub fn pop_frame(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        for (name, old) in frame.into_iter().rev() {
            self.note(&name);
            self.before_change(&name);
            let was_exported = self.map.get(&name).is_some_and(|v| v.exported);
            let now_exported = old.as_ref().is_some_and(|v| v.exported);
            match old {
                Some(var) => {
                    self.map.insert(name.clone(), var);
                }
                None => {
                    self.map.remove(&name);
                }
            }
            if was_exported || now_exported {
                self.env = None;
            }
            self.changed(&name);
        }
    }

    /// The variables `local` made in the innermost function, sorted by
    /// name, with their values.
    pub fn locals(&self) -> Vec<(&[u8], Option<&[u8]>)> {
        let Some(frame) = self.frames.last() else {
            return Vec::new();
        };
        let mut list: Vec<_> = frame
            .iter()
            .map(|(name, _)| (name.as_slice(), self.get(name)))
            .collect();
        list.sort();
        list
    }

    /// Is a function running (may `local` be used)?
    pub fn in_function(&self) -> bool {
        !self.frames.is_empty()
    }

    /// `local NAME[=value]` in the innermost function: the variable it
    /// hides is saved, once per call. Without a value the local is
    /// declared but unset, as in bash; it keeps the export attribute.
    pub fn make_local(&mut self, name: &[u8], value: Option<Vec<u8>>) -> Result<(), Readonly> {
        if self.is_readonly(name) {
            return Err(Readonly);
        }
        let Some(frame) = self.frames.last_mut() else {
            return Ok(());
        };
        let first = !frame.iter().any(|(n, _)| n == name);
        if first {
            let old = self.map.get(name).cloned();
            if let Some(journal) = self.journals.last_mut() {
                journal
                    .before
                    .entry(name.to_vec())
                    .or_insert_with(|| old.clone());
            }
            let exported = old.as_ref().is_some_and(|v| v.exported);
            frame.push((name.to_vec(), old));
            self.before_change(name);
            self.map.insert(
                name.to_vec(),
                Var {
                    value: None,
                    exported,
                    readonly: false,
                },
            );
            if exported {
                self.env = None;
            }
            self.changed(name);
        }
        match value {
            Some(value) => self.try_set(name, value),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn env_of(ptr: *const *const c_char) -> Vec<String> {
        let mut out = Vec::new();
        let mut p = ptr;
        // SAFETY: `p` walks a null-terminated array of valid C strings that
        // the Vars value owns for the duration of this call.
        unsafe {
            while !(*p).is_null() {
                out.push(CStr::from_ptr(*p).to_string_lossy().into_owned());
                p = p.add(1);
            }
        }
        out.sort();
        out
    }

    #[test]
    fn only_exported_values_reach_the_environment() {
        let mut v = Vars::default();
        v.set(b"A", b"1".to_vec());
        v.export(b"B", Some(&b"2"[..]));
        v.export(b"C", None);
        assert_eq!(env_of(v.envp()), ["B=2"]);
        v.set(b"C", b"3".to_vec());
        assert_eq!(env_of(v.envp()), ["B=2", "C=3"]);
        v.unexport(b"B");
        assert_eq!(env_of(v.envp()), ["C=3"]);
        v.unset(b"C");
        assert!(env_of(v.envp()).is_empty());
    }

    #[test]
    fn one_off_environment_overrides() {
        let mut v = Vars::default();
        v.export(b"X", Some(&b"old"[..]));
        let block = v.envp_with(&[
            (b"X".to_vec(), b"new".to_vec()),
            (b"Y".to_vec(), b"y".to_vec()),
        ]);
        assert_eq!(env_of(block.as_ptr()), ["X=new", "Y=y"]);
        assert_eq!(v.get(b"X"), Some(&b"old"[..]));
    }

    #[test]
    fn export_of_the_same_value_keeps_the_environment() {
        let mut v = Vars::default();
        v.set(b"A", b"1".to_vec());
        assert!(env_of(v.envp()).is_empty());
        v.export(b"A", Some(&b"1"[..]));
        assert_eq!(env_of(v.envp()), ["A=1"]);
        v.export(b"A", Some(&b"1"[..]));
        v.export(b"A", None);
        assert_eq!(env_of(v.envp()), ["A=1"]);
        v.export(b"A", Some(&b"2"[..]));
        assert_eq!(env_of(v.envp()), ["A=2"]);
        let g = v.path_generation();
        v.export(b"PATH", Some(&b"/bin"[..]));
        assert_ne!(v.path_generation(), g);
        let g = v.path_generation();
        v.export(b"PATH", Some(&b"/bin"[..]));
        assert_eq!(v.path_generation(), g);
    }

    #[test]
    fn path_changes_are_counted() {
        let mut v = Vars::default();
        let g = v.path_generation();
        v.set(b"HOME", b"/".to_vec());
        assert_eq!(v.path_generation(), g);
        v.set(b"PATH", b"/bin".to_vec());
        assert_ne!(v.path_generation(), g);
    }

    #[test]
    fn readonly_refuses_changes() {
        let mut v = Vars::default();
        v.make_readonly(b"R", Some(b"1".to_vec())).unwrap();
        assert_eq!(v.try_set(b"R", b"2".to_vec()), Err(Readonly));
        assert_eq!(v.try_unset(b"R"), Err(Readonly));
        assert_eq!(v.try_export(b"R", Some(&b"3"[..])), Err(Readonly));
        assert_eq!(v.get(b"R"), Some(&b"1"[..]));
        assert_eq!(v.make_local(b"R", None), Err(Readonly));
    }

    #[test]
    fn a_journal_rolls_every_change_back() {
        let mut v = Vars::default();
        v.export(b"E", Some(&b"e"[..]));
        v.set(b"A", b"a".to_vec());
        v.push_frame();
        v.make_local(b"L", Some(b"outer".to_vec())).unwrap();
        let g = v.path_generation();
        v.begin_journal();
        v.set(b"A", b"changed".to_vec());
        v.set(b"A", b"twice".to_vec());
        v.unset(b"E");
        v.set(b"NEW", b"n".to_vec());
        v.make_readonly(b"A", None).unwrap();
        v.make_local(b"M", Some(b"m".to_vec())).unwrap();
        v.set(b"L", b"inner".to_vec());
        v.set(b"PATH", b"/x".to_vec());
        v.begin_journal();
        v.set(b"A2", b"nested".to_vec());
        v.roll_back();
        assert_eq!(v.get(b"A2"), None);
        assert_eq!(v.get(b"A"), Some(&b"twice"[..]));
        v.roll_back();
        assert_eq!(v.get(b"A"), Some(&b"a"[..]));
        assert!(!v.is_readonly(b"A"));
        assert_eq!(v.get(b"NEW"), None);
        assert_eq!(v.get(b"M"), None);
        assert_eq!(v.get(b"L"), Some(&b"outer"[..]));
        assert_eq!(v.get(b"PATH"), None);
        // Lookups made under the changed PATH are not taken for the old.
        assert!(v.path_generation() > g);
        assert_eq!(env_of(v.envp()), ["E=e"]);
        // The frame holds what it held: the function's end restores L.
        assert_eq!(v.locals(), [(&b"L"[..], Some(&b"outer"[..]))]);
        v.pop_frame();
        assert_eq!(v.get(b"L"), None);
    }

    #[test]
    fn locals_are_restored_when_the_frame_ends() {
        let mut v = Vars::default();
        v.export(b"X", Some(&b"global"[..]));
        v.push_frame();
        v.make_local(b"X", Some(b"local".to_vec())).unwrap();
        v.make_local(b"Y", None).unwrap();
        assert_eq!(env_of(v.envp()), ["X=local"]);
        v.set(b"Y", b"y".to_vec());
        v.make_local(b"X", None).unwrap();
        assert_eq!(v.get(b"X"), Some(&b"local"[..]));
        v.pop_frame();
        assert_eq!(v.get(b"X"), Some(&b"global"[..]));
        assert_eq!(v.get(b"Y"), None);
        assert_eq!(env_of(v.envp()), ["X=global"]);
    }
}
