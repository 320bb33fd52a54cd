//! Command history, kept in `$HISTFILE` (default `~/.jsh_history`).
//!
//! Each command is appended to the file as it is about to run, under an
//! exclusive `flock`, instead of rewriting the file at exit: two shells
//! running at the same time both keep all their commands, and a shell that
//! is killed loses nothing it already ran. The file is created with mode
//! 0600.
//!
//! A command typed over several lines is one entry, joined as bash's
//! `cmdhist` joins it: a space after `|`, `&&` or `||`, nothing for a
//! backslash-newline (which goes), and a newline where the line break is
//! part of the command (inside quotes, after a comment). An entry that
//! keeps a newline is written to the file as it is, like bash does, and
//! reading the file back takes lines the way the shell takes input: a line
//! that leaves the command open takes the next one with it. So only whole
//! commands go to the file; one abandoned half-typed (Ctrl+C at the PS2
//! prompt) stays in memory only, where bash would write it too.

use std::ffi::OsStr;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;

use nix::fcntl::{Flock, FlockArg};

use crate::syntax::lexer::{Lexer, LineSource, Op, StrSource, Token, is_meta};
use crate::syntax::parser::Parser;

pub const DEFAULT_SIZE: usize = 500;

#[derive(Debug, Default)]
pub struct History {
    file: Option<PathBuf>,
    entries: Vec<String>,
    /// `HISTSIZE`: how many entries are kept.
    max: usize,
    /// Set by `history -c`, so the line editor drops its copy too.
    pub cleared: bool,
    /// The lines read so far of the command being typed.
    pending: Vec<String>,
}

impl History {
    /// Load `file` (if given) keeping the last `max` entries.
    pub fn load(file: Option<PathBuf>, max: usize) -> History {
        let mut h = History {
            file,
            entries: Vec::new(),
            max,
            cleared: false,
            pending: Vec::new(),
        };
        if let Some(path) = &h.file
            && let Ok(data) = std::fs::read(path)
        {
            h.entries = split_entries(&data);
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

    /// A line read at the prompt, the first of a command or one more line
    /// of it: it joins the command's entry when [`History::finish`] makes
    /// one.
    pub fn push_line(&mut self, line: &str) {
        let line = line.strip_suffix('\n').unwrap_or(line);
        self.pending.push(line.to_string());
    }

    /// The command read with [`History::push_line`] is over (about to run,
    /// or ended by a syntax error or Ctrl+C): make it one entry, written to
    /// the file unless it was left open. The entry, if it is kept.
    pub fn finish(&mut self) -> Option<String> {
        if self.pending.is_empty() {
            return None;
        }
        let lines = std::mem::take(&mut self.pending);
        let entry = join_lines(&lines);
        let whole = !left_open(&entry);
        self.record(&entry, whole).then_some(entry)
    }

    /// Record a whole command; `false` if it is not kept (it starts with a
    /// space, is empty, or repeats the previous entry).
    pub fn add(&mut self, line: &str) -> bool {
        self.record(line.trim_end_matches('\n'), true)
    }

    fn record(&mut self, entry: &str, to_file: bool) -> bool {
        if entry.trim().is_empty()
            || entry.starts_with(' ')
            || self.entries.last().is_some_and(|l| l == entry)
        {
            return false;
        }
        self.entries.push(entry.to_string());
        self.trim();
        if let Some(path) = self.file.as_ref().filter(|_| to_file) {
            let _ = append(path, entry);
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

/// Commands of more lines than this keep their line breaks.
const JOIN_LIMIT: usize = 64;

/// Reading the history file, a command is looked for over at most this
/// many lines. Lines that would make a longer one (a quote left open in a
/// file another program wrote, say) are taken one by one instead, so that
/// reading stays linear in the size of the file.
const GROUP_LIMIT: usize = 200;

/// The lines of one command as one entry (see the module's comment). Each
/// line break becomes the first of these that reads as the same command
/// (the same tokens, a newline after `|`, `&&` or `||` being none): the
/// blank line dropped, the backslash before it dropped, a space; else it
/// stays.
fn join_lines<S: AsRef<str>>(lines: &[S]) -> String {
    let Some((first, rest)) = lines.split_first() else {
        return String::new();
    };
    if rest.is_empty() {
        return first.as_ref().to_string();
    }
    // Each try lexes the whole command: a long paste keeps its newlines.
    if lines.len() > JOIN_LIMIT {
        return lines
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join("\n");
    }
    let literal = |from: usize| -> String {
        rest[from..]
            .iter()
            .fold(String::new(), |acc, l| acc + "\n" + l.as_ref())
    };
    // Text the lexer cannot finish (a quote left open) could hide a
    // difference, so its line breaks stay.
    let Some(whole) = tokens(&(first.as_ref().to_string() + &literal(0))) else {
        return first.as_ref().to_string() + &literal(0);
    };
    let mut text = first.as_ref().to_string();
    for (i, line) in rest.iter().map(AsRef::as_ref).enumerate() {
        let mut candidates = Vec::new();
        if line.trim().is_empty() {
            candidates.push(text.clone());
        }
        if let Some(cut) = text.strip_suffix('\\') {
            candidates.push(format!("{cut}{line}"));
        }
        candidates.push(format!("{text} {line}"));
        let after = literal(i + 1);
        text = candidates
            .into_iter()
            .find(|c| tokens(&format!("{c}{after}")).as_ref() == Some(&whole))
            .unwrap_or_else(|| format!("{text}\n{line}"));
    }
    text
}

/// What the lexer makes of `text`: its tokens, without the newlines that
/// only continue a line after `|`, `&&` or `||`; `None` if it cannot
/// finish.
fn tokens(text: &str) -> Option<Vec<Token>> {
    let mut src = StrSource::new(format!("{text}\n"));
    let mut lexer = Lexer::new(&mut src);
    let mut out = Vec::new();
    loop {
        match lexer.next_token() {
            Ok(Token::Eof) => return Some(out),
            Ok(Token::Newline)
                if matches!(out.last(), Some(Token::Op(Op::Pipe | Op::AndIf | Op::OrIf))) => {}
            Ok(t) => out.push(t),
            Err(_) => return None,
        }
    }
}

/// The lines of a history file as entries: read as the shell reads its
/// input, so a line that leaves a command open (a quote, a trailing `|`)
/// takes the lines that close it. A bash history file, which keeps each
/// line of such a command apart, is read the same way.
fn split_entries(data: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(data);
    let text = text.strip_suffix('\n').unwrap_or(&text);
    let lines: Vec<&str> = text.split('\n').collect();
    let mut entries = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim_ascii().is_empty() {
            i += 1;
            continue;
        }
        let n = if plainly_complete(line.as_bytes()) {
            1
        } else {
            command_len(&lines[i..(i + GROUP_LIMIT + 1).min(lines.len())])
        };
        if n > GROUP_LIMIT {
            let alone = lines[i..i + GROUP_LIMIT]
                .iter()
                .filter(|l| !l.trim_ascii().is_empty());
            entries.extend(alone.map(|l| l.to_string()));
            i += GROUP_LIMIT;
            continue;
        }
        entries.push(match &lines[i..i + n] {
            [one] => one.to_string(),
            many => join_lines(many),
        });
        i += n;
    }
    entries
}

/// Is `line` plainly a whole command by itself: no backslash and no `${`,
/// its quotes closed, and no `|`, `&&` or `||` at its end (before a
/// comment)? Most lines are, and need no parsing; for the others (which
/// this may wrongly suspect, never wrongly clear) the parser decides.
fn plainly_complete(line: &[u8]) -> bool {
    if line.contains(&b'\\') || line.windows(2).any(|w| w == b"${") {
        return false;
    }
    // A compound command may be open: `(`, or a word that opens one.
    const OPENERS: [&[u8]; 7] = [
        b"if",
        b"while",
        b"until",
        b"for",
        b"case",
        b"{",
        b"function",
    ];
    if line.contains(&b'(')
        || line
            .split(|&b| is_meta(b))
            .any(|word| OPENERS.contains(&word))
    {
        return false;
    }
    let mut quote = None;
    let mut end = line.len();
    let mut prev = b' ';
    for (i, &b) in line.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if matches!(b, b'\'' | b'"') => quote = Some(b),
            // `#` starts a comment where a word could start.
            None if b == b'#' && is_meta(prev) => {
                end = i;
                break;
            }
            None => {}
        }
        prev = b;
    }
    let text = line[..end].trim_ascii_end();
    quote.is_none() && !text.ends_with(b"|") && !text.ends_with(b"&&")
}

/// How many of `lines` (at least one) the command starting on the first
/// takes, as the shell would read it.
fn command_len(lines: &[&str]) -> usize {
    let mut src = Lines::new(lines);
    let mut parser = Parser::new(&mut src);
    parser.stop_at_blank_lines = true;
    let _ = parser.parse_command();
    drop(parser);
    src.served.max(1)
}

/// Does `entry` leave its last command open (the shell would want another
/// line)?
fn left_open(entry: &str) -> bool {
    let lines: Vec<&str> = entry.split('\n').collect();
    let mut src = Lines::new(&lines);
    let mut parser = Parser::new(&mut src);
    parser.stop_at_blank_lines = true;
    loop {
        match parser.parse_command() {
            Ok(None) => break,
            Ok(Some(_)) => {}
            Err(_) => parser.recover(),
        }
    }
    drop(parser);
    src.asked_past_end
}

/// Lines given to the parser one at a time, counting how many it took and
/// whether it wanted more than there are in the middle of a command.
struct Lines<'a> {
    lines: &'a [&'a str],
    served: usize,
    asked_past_end: bool,
}

impl<'a> Lines<'a> {
    fn new(lines: &'a [&'a str]) -> Self {
        Lines {
            lines,
            served: 0,
            asked_past_end: false,
        }
    }
}

impl LineSource for Lines<'_> {
    fn read_line(&mut self, buf: &mut Vec<u8>, continuation: bool) -> std::io::Result<bool> {
        let Some(line) = self.lines.get(self.served) else {
            self.asked_past_end |= continuation;
            return Ok(false);
        };
        buf.extend_from_slice(line.as_bytes());
        buf.push(b'\n');
        self.served += 1;
        Ok(true)
    }
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

    /// Each line of a command pushed, then the command over.
    fn entry_of(lines: &[&str]) -> (Option<String>, Vec<String>) {
        let mut h = History::load(None, 100);
        for l in lines {
            h.push_line(l);
        }
        let e = h.finish();
        (e, h.entries().to_vec())
    }

    #[test]
    fn lines_of_one_command_join_as_in_bash() {
        // Each case checked against bash 5.2's `history` (cmdhist on,
        // lithist off).
        let cases: &[(&[&str], &str)] = &[
            (&["echo abc |", "tr a z"], "echo abc | tr a z"),
            (&["true &&", "echo y"], "true && echo y"),
            (&["false ||", "echo y"], "false || echo y"),
            (&["echo d |", " cat"], "echo d |  cat"),
            (&["echo p |", "", "cat"], "echo p | cat"),
            (&["echo a\\", "b"], "echo ab"),
            (&["echo e\\", "\\", "f"], "echo ef"),
            (&["echo x \\", "y"], "echo x y"),
            (&["echo \"a", "b\""], "echo \"a\nb\""),
            (&["echo 'g\\", "h'"], "echo 'g\\\nh'"),
            (&["echo ${x:-a", "b}"], "echo ${x:-a\nb}"),
            (&["echo x && # c", "echo y"], "echo x && # c\necho y"),
            (
                &["echo a &&", "# only a comment", "echo b"],
                "echo a && # only a comment\necho b",
            ),
            (&["echo q |", "|"], "echo q | |"),
            (&["echo \"a"], "echo \"a"),
        ];
        let paste: Vec<String> = (0..JOIN_LIMIT).map(|i| format!("echo {i} |")).collect();
        let mut long = paste.clone();
        long.push("cat".into());
        assert_eq!(
            entry_of(&long.iter().map(String::as_str).collect::<Vec<_>>()).0,
            Some(paste.join("\n") + "\ncat")
        );
        for (lines, want) in cases {
            assert_eq!(entry_of(lines).0.as_deref(), Some(*want), "{lines:?}");
        }
    }

    #[test]
    fn a_whole_command_goes_to_the_file_an_open_one_does_not() {
        let path = temp("c");
        let mut h = History::load(Some(path.clone()), 100);
        for l in ["echo abc |", "tr a z"] {
            h.push_line(l);
        }
        assert_eq!(h.finish().as_deref(), Some("echo abc | tr a z"));
        for l in ["echo \"a", "b\""] {
            h.push_line(l);
        }
        h.finish();
        // Abandoned at PS2 (Ctrl+C): in memory, not in the file.
        h.push_line("echo open |");
        h.finish();
        h.push_line("echo q |");
        h.push_line(")");
        h.finish();
        assert_eq!(
            h.entries(),
            [
                "echo abc | tr a z",
                "echo \"a\nb\"",
                "echo open |",
                "echo q | )"
            ]
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "echo abc | tr a z\necho \"a\nb\"\necho q | )\n"
        );
        let again = History::load(Some(path.clone()), 100);
        assert_eq!(
            again.entries(),
            ["echo abc | tr a z", "echo \"a\nb\"", "echo q | )"]
        );
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn files_split_as_the_shell_reads_them() {
        // What bash 5.2 writes for the same commands, and what older jsh
        // wrote (every line apart).
        let file =
            b"echo one\necho \"a\nb\"\n\necho abc |\ntr a z\n# c'\necho 'x\ny' | cat\necho last";
        assert_eq!(
            split_entries(file),
            [
                "echo one",
                "echo \"a\nb\"",
                "echo abc | tr a z",
                "# c'",
                "echo 'x\ny' | cat",
                "echo last"
            ]
        );
        // A command left open at the end of the file is one entry.
        assert_eq!(split_entries(b"echo 'a\nb"), ["echo 'a\nb"]);
        // A quote left open does not swallow the rest of a long file.
        let mut long = b"echo 'open\n".to_vec();
        for i in 0..2 * GROUP_LIMIT {
            long.extend_from_slice(format!("echo {i}\n").as_bytes());
        }
        let entries = split_entries(&long);
        assert_eq!(entries.len(), 2 * GROUP_LIMIT + 1);
        assert_eq!(entries[0], "echo 'open");
        // Nor does a file of lines that all continue take quadratic time.
        let garbage = "a |\n".repeat(100_000);
        let t = std::time::Instant::now();
        // (All alone, but for the last lines, open until the end.)
        assert_eq!(
            split_entries(garbage.as_bytes()).len(),
            100_000 - GROUP_LIMIT + 1
        );
        assert!(
            t.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            t.elapsed()
        );
    }

    #[test]
    fn plainly_complete_lines_are_complete() {
        let lines: &[&str] = &[
            "ls -l",
            "git log | head",
            "git log |",
            "git log ||",
            "true &&",
            "sleep 1 &",
            "echo \"a b\" 'c d'",
            "echo \"a",
            "echo 'a\"b'",
            "echo \"it's\"",
            "echo it's",
            "echo a # it's",
            "echo a#'b",
            "echo a;#'",
            "echo a | # c",
            "echo a |# c",
            "echo \"# x |\"",
            "echo a\\",
            "echo \\\\",
            "echo ${x:-a",
            "echo ${x}",
            "echo $x |  ",
            "echo a&&#",
            "echo (",
            "#",
            "   ",
        ];
        for line in lines {
            let l = line.as_bytes();
            let open = left_open(line) || command_len(&[line, "more"]) > 1;
            if plainly_complete(l) {
                assert!(!open, "{line:?} was cleared but is open");
            }
        }
        assert!(plainly_complete(b"git log | head"));
        assert!(plainly_complete(b"echo \"a b\" && x # |"));
        assert!(!plainly_complete(b"echo a | # c"));
        assert!(!plainly_complete(b"echo 'a"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The shortcut never clears a line the parser would keep open.
        #[test]
        fn plainly_complete_never_errs(pieces in proptest::collection::vec(
            proptest::sample::select(&[
                "a", "b c", " ", "'", "\"", "#", "|", "||", "&&", "&", ";", "\\",
                "${", "}", "$x", "(", ">f",
            ][..]),
            0..10,
        )) {
            let line = pieces.concat();
            if plainly_complete(line.as_bytes()) {
                proptest::prop_assert!(!left_open(&line), "{:?} is open", line);
                proptest::prop_assert_eq!(command_len(&[&line, "next"]), 1);
            }
        }
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
