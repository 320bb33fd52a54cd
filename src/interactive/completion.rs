//! Tab completion: commands, file names, job specs, variables.
//!
//! The shell fills a [`CompletionData`] snapshot before each prompt (PATH,
//! jobs, variable names); the line editor asks [`Completion::candidates`].
//! Executables on PATH are listed once per directory and kept until the
//! directory changes (its mtime) or PATH does, so that completing among
//! thousands of commands stays instant.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::SystemTime;

use rustyline::completion::{Completer, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

/// What completion needs to know of the shell, refreshed before each prompt.
#[derive(Debug, Default, Clone)]
pub struct CompletionData {
    pub path: Option<Vec<u8>>,
    pub home: Option<Vec<u8>>,
    /// `(number, command line)` of each job.
    pub jobs: Vec<(usize, String)>,
    pub vars: Vec<String>,
    pub builtins: Vec<&'static str>,
}

/// Commands whose arguments are job specs.
const JOB_COMMANDS: [&str; 6] = ["fg", "bg", "kill", "disown", "wait", "jobs"];

/// A PATH directory's executables, and the mtime they were listed at.
type Listing = (Option<SystemTime>, Vec<String>);

#[derive(Default)]
pub struct Completion {
    pub data: Rc<RefCell<CompletionData>>,
    executables: RefCell<HashMap<PathBuf, Listing>>,
}

/// The word being completed and where it stands.
struct Site {
    /// Byte offset where the word starts in the line.
    start: usize,
    /// The word with quotes and backslashes removed.
    word: String,
    /// The first word of the simple command, if the cursor is past it.
    command: Option<String>,
    /// The word is in command position.
    command_position: bool,
}

impl Completion {
    pub fn new(data: Rc<RefCell<CompletionData>>) -> Self {
        Completion {
            data,
            executables: RefCell::default(),
        }
    }

    /// The replacement start and the candidates for the cursor at `pos`.
    pub fn candidates(&self, line: &str, pos: usize) -> (usize, Vec<Pair>) {
        let site = locate(&line[..pos]);
        let data = self.data.borrow();
        let word = site.word.as_str();
        if let Some(name) = word.strip_prefix('$') {
            let pairs = data
                .vars
                .iter()
                .filter(|v| v.starts_with(name))
                .map(|v| pair(v.clone(), format!("${v} ")))
                .collect();
            return (site.start, sorted(pairs));
        }
        let command = site.command.as_deref();
        if command.is_some_and(|c| JOB_COMMANDS.contains(&c))
            && (word.is_empty() || word.starts_with('%'))
        {
            let pairs: Vec<Pair> = data
                .jobs
                .iter()
                .filter(|(id, _)| format!("%{id}").starts_with(word) || word.is_empty())
                .map(|(id, cmd)| pair(format!("%{id}  {cmd}"), format!("%{id} ")))
                .collect();
            if !pairs.is_empty() {
                return (site.start, pairs);
            }
        }
        if site.command_position && !word.contains('/') {
            let mut names: Vec<String> = data
                .builtins
                .iter()
                .filter(|b| b.starts_with(word))
                .map(|b| b.to_string())
                .collect();
            names.extend(self.executables_with_prefix(data.path.as_deref(), word));
            names.sort();
            names.dedup();
            let pairs = names
                .into_iter()
                .map(|n| pair(n.clone(), format!("{} ", escape(&n))))
                .collect();
            return (site.start, pairs);
        }
        let dirs_only = command == Some("cd");
        (site.start, files(word, data.home.as_deref(), dirs_only))
    }

    /// Executables on `path` starting with `prefix`, from the cache.
    fn executables_with_prefix(&self, path: Option<&[u8]>, prefix: &str) -> Vec<String> {
        let Some(path) = path else { return Vec::new() };
        let mut cache = self.executables.borrow_mut();
        let mut out = Vec::new();
        for dir in path.split(|&b| b == b':').filter(|d| !d.is_empty()) {
            let dir = PathBuf::from(OsStr::from_bytes(dir));
            let mtime = std::fs::metadata(&dir).and_then(|m| m.modified()).ok();
            let fresh = cache
                .get(&dir)
                .is_some_and(|(t, _)| *t == mtime && mtime.is_some());
            if !fresh {
                cache.insert(dir.clone(), (mtime, list_executables(&dir)));
            }
            if let Some((_, names)) = cache.get(&dir) {
                out.extend(names.iter().filter(|n| n.starts_with(prefix)).cloned());
            }
        }
        out
    }
}

fn pair(display: String, replacement: String) -> Pair {
    Pair {
        display,
        replacement,
    }
}

fn sorted(mut pairs: Vec<Pair>) -> Vec<Pair> {
    pairs.sort_by(|a, b| a.display.cmp(&b.display));
    pairs
}

fn list_executables(dir: &PathBuf) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            std::fs::metadata(e.path())
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect()
}

/// File names completing `word` (`~` understood); directories end in `/`.
fn files(word: &str, home: Option<&[u8]>, dirs_only: bool) -> Vec<Pair> {
    let (typed_dir, prefix) = match word.rfind('/') {
        Some(i) => (&word[..=i], &word[i + 1..]),
        None => ("", word),
    };
    let real_dir = match (typed_dir.strip_prefix('~'), home) {
        (Some(rest), Some(h)) if rest.is_empty() || rest.starts_with('/') => {
            format!("{}{rest}", String::from_utf8_lossy(h))
        }
        _ => typed_dir.to_string(),
    };
    let listing = if real_dir.is_empty() {
        "."
    } else {
        real_dir.as_str()
    };
    let Ok(entries) = std::fs::read_dir(listing) else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    for e in entries.filter_map(Result::ok) {
        let Some(name) = e.file_name().to_str().map(str::to_string) else {
            continue;
        };
        if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
            continue;
        }
        let is_dir = std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir());
        if dirs_only && !is_dir {
            continue;
        }
        let shown = if is_dir {
            format!("{name}/")
        } else {
            name.clone()
        };
        let tail = if is_dir { "/" } else { " " };
        let replacement = format!("{}{}{tail}", escape_dir(typed_dir), escape(&name));
        pairs.push(pair(shown, replacement));
    }
    sorted(pairs)
}

/// Backslash-escape what the shell would otherwise take as syntax.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() || "'\"\\$&|;<>()*?[]#!{}`".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Like [`escape`], keeping a leading `~` as typed.
fn escape_dir(dir: &str) -> String {
    match dir.strip_prefix('~') {
        Some(rest) => format!("~{}", escape(rest)),
        None => escape(dir),
    }
}

/// Find the word under the cursor: where it starts, what it says without
/// quoting, and the command it belongs to.
fn locate(before: &str) -> Site {
    let (mut single, mut double, mut escaped) = (false, false, false);
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut after_redirect = false;
    for (i, c) in before.char_indices() {
        if escaped {
            escaped = false;
            cur.push(c);
            continue;
        }
        match c {
            '\\' if !single => escaped = true,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            c if single || double => cur.push(c),
            ' ' | '\t' | ';' | '&' | '|' | '(' | ')' | '<' | '>' => {
                if !cur.is_empty() {
                    if !after_redirect {
                        words.push(std::mem::take(&mut cur));
                    }
                    cur.clear();
                    after_redirect = false;
                }
                match c {
                    ';' | '&' | '|' | '(' | ')' => {
                        words.clear();
                        after_redirect = false;
                    }
                    '<' | '>' => after_redirect = true,
                    _ => {}
                }
                start = i + 1;
            }
            c => cur.push(c),
        }
    }
    Site {
        start,
        command_position: words.is_empty() && !after_redirect,
        command: words.first().cloned(),
        word: cur,
    }
}

impl Completer for Completion {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        Ok(self.candidates(line, pos))
    }
}

impl Hinter for Completion {
    type Hint = String;
}

impl Highlighter for Completion {}

impl Validator for Completion {}

impl Helper for Completion {}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(data: CompletionData) -> Completion {
        Completion::new(Rc::new(RefCell::new(data)))
    }

    fn replacements(c: &Completion, line: &str) -> (usize, Vec<String>) {
        let (start, pairs) = c.candidates(line, line.len());
        (start, pairs.into_iter().map(|p| p.replacement).collect())
    }

    #[test]
    fn finds_the_word_and_its_command() {
        let s = locate("ls -l 'my fi");
        assert_eq!(
            (s.start, s.word.as_str(), s.command.as_deref()),
            (6, "my fi", Some("ls"))
        );
        assert!(locate("echo a | gr").command_position);
        assert!(!locate("cat < fi").command_position);
        assert!(locate("").command_position);
        assert_eq!(locate("a\\ b").word, "a b");
    }

    #[test]
    fn commands_from_builtins_and_path() {
        let dir = std::env::temp_dir().join(format!("jsh-compl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, mode) in [
            ("zzexec-one", 0o755),
            ("zzexec-two", 0o755),
            ("zzplain", 0o644),
        ] {
            let p = dir.join(name);
            std::fs::write(&p, "").unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        let c = with(CompletionData {
            path: Some(dir.as_os_str().as_bytes().to_vec()),
            builtins: vec!["zzbuiltin", "echo"],
            ..Default::default()
        });
        assert_eq!(
            replacements(&c, "zz").1,
            ["zzbuiltin ", "zzexec-one ", "zzexec-two "]
        );
        assert_eq!(
            replacements(&c, "echo x | zzexec-t"),
            (9, vec!["zzexec-two ".to_string()])
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn files_are_escaped_and_dirs_end_in_slash() {
        let dir = std::env::temp_dir().join(format!("jsh-complf-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub dir")).unwrap();
        std::fs::write(dir.join("my file.txt"), "").unwrap();
        std::fs::write(dir.join(".hidden"), "").unwrap();
        let c = with(CompletionData::default());
        let d = dir.to_str().unwrap();
        let (_, got) = replacements(&c, &format!("cat {d}/m"));
        assert_eq!(got, [format!("{}/my\\ file.txt ", escape(d))]);
        let (_, got) = replacements(&c, &format!("cd {d}/"));
        assert_eq!(got, [format!("{}/sub\\ dir/", escape(d))]);
        let (_, got) = replacements(&c, &format!("ls {d}/"));
        assert_eq!(got.len(), 2, "hidden files need a leading dot");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn tilde_is_understood() {
        let home = std::env::temp_dir().join(format!("jsh-complh-{}", std::process::id()));
        std::fs::create_dir_all(home.join("Documents")).unwrap();
        let c = with(CompletionData {
            home: Some(home.as_os_str().as_bytes().to_vec()),
            ..Default::default()
        });
        assert_eq!(replacements(&c, "ls ~/Doc").1, ["~/Documents/"]);
        std::fs::remove_dir_all(&home).unwrap();
    }

    #[test]
    fn job_specs_and_variables() {
        let c = with(CompletionData {
            jobs: vec![(1, "sleep 100 &".into()), (2, "vim notes".into())],
            vars: vec!["HOME".into(), "HISTFILE".into(), "PATH".into()],
            ..Default::default()
        });
        let (_, pairs) = c.candidates("fg %", 4);
        assert_eq!(pairs[0].display, "%1  sleep 100 &");
        assert_eq!(
            pairs
                .iter()
                .map(|p| p.replacement.as_str())
                .collect::<Vec<_>>(),
            ["%1 ", "%2 "]
        );
        assert_eq!(replacements(&c, "echo $H").1, ["$HISTFILE ", "$HOME "]);
    }
}
