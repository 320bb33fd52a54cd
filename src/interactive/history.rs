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
//! backslash-newline (which goes) or a blank line, and a newline where the
//! line break is part of the command (inside quotes, after a comment).
//! Each entry is written after a `#<seconds since 1970>` line, as bash
//! writes its file when `HISTTIMEFORMAT` is set; reading the file back,
//! these marks delimit the entries, so an entry of several lines comes back
//! whole (as it does in bash), and nothing needs parsing. A file without
//! marks (bash's without `HISTTIMEFORMAT`, older jsh's) is one entry per
//! line, as bash reads it. Only whole commands go to the file; one
//! abandoned half-typed (Ctrl+C at the PS2 prompt) stays in memory only,
//! where bash would write it too.

use std::ffi::OsStr;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;

use nix::fcntl::{Flock, FlockArg};

use crate::syntax::lexer::{LineSource, is_meta};
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
    /// The last entry is the command now running (it was kept): `fc`
    /// leaves it out of what it lists and runs.
    pub last_is_current: bool,
    /// Where the last entry was written in the file (its start and end),
    /// so that `fc` can take it back (see [`History::replace_current`]).
    last_written: Option<(u64, u64)>,
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
            last_is_current: false,
            last_written: None,
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

    /// The lines read so far of the command being typed.
    pub fn pending_lines(&self) -> &[String] {
        &self.pending
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
        self.last_is_current = self.record(&entry, whole);
        self.last_is_current.then_some(entry)
    }

    /// `fc` ran `entry` in place of itself: it is the entry now, as in
    /// bash, in the file too. bash writes its list at exit, so its file
    /// never holds the `fc` command; jsh writes each command as it starts,
    /// so the `fc` line just written is taken back first, unless another
    /// shell has written after it (then it stays, with `entry` after it).
    pub fn replace_current(&mut self, entry: &str) {
        if self.last_is_current {
            self.entries.pop();
            if let (Some(path), Some((start, end))) = (&self.file, self.last_written) {
                let _ = unappend(path, start, end);
            }
        }
        self.last_written = None;
        self.last_is_current = self.record(entry, true);
    }

    /// Record a whole command; `false` if it is not kept (it starts with a
    /// space, is empty, or repeats the previous entry).
    #[cfg(test)]
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
        self.last_written = match self.file.as_ref().filter(|_| to_file) {
            Some(path) => append(path, entry).ok(),
            None => None,
        };
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

/// Append one entry, after its mark, under an exclusive lock, creating
/// the file 0600.
/// Append `entry` to the file at `path` after its mark; where it went
/// (start and end offsets).
fn append(path: &PathBuf, entry: &str) -> std::io::Result<(u64, u64)> {
    let file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .custom_flags(libc::O_CLOEXEC)
        .open(path)?;
    let mut locked =
        Flock::lock(file, FlockArg::LockExclusive).map_err(|(_, e)| std::io::Error::from(e))?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // One write: a reader never sees a mark without its entry.
    let record = format!("#{now}\n{entry}\n");
    // Under the lock, the end is where this write goes (O_APPEND).
    let start = locked.metadata()?.len();
    locked.write_all(record.as_bytes())?;
    Ok((start, start + record.len() as u64))
}

/// Take back what [`append`] wrote at `start..end`, if it is still the
/// end of the file.
fn unappend(path: &PathBuf, start: u64, end: u64) -> std::io::Result<()> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_CLOEXEC)
        .open(path)?;
    let locked =
        Flock::lock(file, FlockArg::LockExclusive).map_err(|(_, e)| std::io::Error::from(e))?;
    if locked.metadata()?.len() == end {
        locked.set_len(start)?;
    }
    Ok(())
}

/// Is `line` a mark that starts an entry: `#` and digits only? (bash takes
/// any line of `#` and a digit; digits only leave a comment like `#1 x`
/// typed as a command alone.)
fn is_mark(line: &str) -> bool {
    line.strip_prefix('#')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// The entries of a history file: from the first mark on, the lines
/// between two marks are one entry; before it (a file without marks),
/// each line is one. Blank lines apart from an entry are none.
fn split_entries(data: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(data);
    let text = text.strip_suffix('\n').unwrap_or(&text);
    let mut entries = Vec::new();
    // The entry being read since the last mark, if one was seen.
    let mut marked: Option<Vec<&str>> = None;
    let flush = |lines: Vec<&str>, entries: &mut Vec<String>| {
        let entry = lines.join("\n");
        if !entry.trim().is_empty() {
            entries.push(entry);
        }
    };
    for line in text.split('\n') {
        if is_mark(line) {
            if let Some(lines) = marked.replace(Vec::new()) {
                flush(lines, &mut entries);
            }
            continue;
        }
        match marked.as_mut() {
            Some(lines) => lines.push(line),
            None if line.trim().is_empty() => {}
            None => entries.push(line.to_string()),
        }
    }
    if let Some(lines) = marked {
        flush(lines, &mut entries);
    }
    entries
}

/// The lines of one command as one entry (see the module's comment).
/// One pass over the lines: how each line ends decides how the next is
/// joined to it.
fn join_lines<S: AsRef<str>>(lines: &[S]) -> String {
    let Some((first, rest)) = lines.split_first() else {
        return String::new();
    };
    let mut text = first.as_ref().to_string();
    let mut scan = Scan::default();
    let mut end = scan.line(first.as_ref().as_bytes());
    for line in rest.iter().map(AsRef::as_ref) {
        if end.open {
            text.push('\n');
        } else if end.backslash {
            text.pop();
        } else if end.comment {
            text.push('\n');
        } else if line.trim().is_empty() {
            continue;
        } else if end.operator {
            text.push(' ');
        } else {
            text.push('\n');
        }
        text.push_str(line);
        end = scan.line(line.as_bytes());
    }
    text
}

/// How a line of a command ended, for joining the next one to it.
#[derive(Debug, Default, PartialEq, Eq)]
struct LineEnd {
    /// Inside quotes or `${...}`: the line break is part of a word.
    open: bool,
    /// With a backslash that continues the line.
    backslash: bool,
    /// With a comment.
    comment: bool,
    /// With `|`, `&&` or `||` (and blanks).
    operator: bool,
}

/// What a line of a command is inside, at a point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Inside {
    Single,
    /// `$'...'`, where a backslash escapes the quote.
    AnsiC,
    Double,
    /// `${...}`, outside double quotes or inside them.
    Param {
        quoted: bool,
    },
}

/// The lines of one command read in turn, as the lexer reads them: quotes
/// and `${...}` go on from one line to the next.
#[derive(Default)]
struct Scan {
    inside: Vec<Inside>,
    /// The byte before the line's first: a line that continues one ended
    /// by a backslash continues its word.
    before: Option<u8>,
}

impl Scan {
    fn line(&mut self, line: &[u8]) -> LineEnd {
        let mut end = LineEnd::default();
        let mut prev = self.before.take().unwrap_or(b'\n');
        // The byte before was an `&` that may start `&&`.
        let mut amp = false;
        let mut i = 0;
        while i < line.len() {
            let c = line[i];
            match self.inside.last().copied() {
                Some(Inside::Single) => {
                    if c == b'\'' {
                        self.inside.pop();
                    }
                }
                Some(Inside::AnsiC) => match c {
                    b'\\' => i += 1,
                    b'\'' => {
                        self.inside.pop();
                    }
                    _ => {}
                },
                Some(Inside::Double) => match c {
                    b'\\' => i += 1,
                    b'"' => {
                        self.inside.pop();
                    }
                    b'$' if line.get(i + 1) == Some(&b'{') => {
                        self.inside.push(Inside::Param { quoted: true });
                        i += 1;
                    }
                    _ => {}
                },
                top => {
                    let quoted = matches!(top, Some(Inside::Param { quoted: true }));
                    let at_top = top.is_none();
                    let after_amp = std::mem::take(&mut amp);
                    let before_op = std::mem::take(&mut end.operator);
                    match c {
                        b'\\' if i + 1 == line.len() => {
                            end.backslash = at_top;
                            self.before = Some(prev);
                        }
                        b'\\' => {
                            // An escaped byte is a word's, never an
                            // operator or a comment's start.
                            prev = b'a';
                            i += 2;
                            continue;
                        }
                        b'\'' if !quoted => self.inside.push(Inside::Single),
                        b'"' => self.inside.push(Inside::Double),
                        b'$' if !quoted && line.get(i + 1) == Some(&b'\'') => {
                            self.inside.push(Inside::AnsiC);
                            i += 1;
                        }
                        b'$' if line.get(i + 1) == Some(&b'{') => {
                            self.inside.push(Inside::Param { quoted });
                            i += 1;
                        }
                        b'}' if !at_top => {
                            self.inside.pop();
                        }
                        b'#' if at_top && is_meta(prev) => {
                            end.comment = true;
                            break;
                        }
                        // `>|` is a redirection.
                        b'|' if at_top => end.operator = prev != b'>',
                        b'&' if at_top => {
                            end.operator = after_amp;
                            amp = !after_amp;
                        }
                        b' ' | b'\t' if at_top => end.operator = before_op,
                        _ => {}
                    }
                }
            }
            prev = line[i];
            i += 1;
        }
        end.open = !self.inside.is_empty();
        end.operator &= !end.open && !end.comment && !end.backslash;
        end
    }
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

    /// The file without its marks, which must come one before each entry.
    fn unmarked(file: &str) -> String {
        let mut out = String::new();
        let mut marked = false;
        for line in file.lines() {
            if is_mark(line) {
                marked = true;
            } else {
                assert!(marked, "{line:?} has no mark before it in {file:?}");
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }

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
            unmarked(&std::fs::read_to_string(&path).unwrap()),
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
            // Quotes and escapes hide what would end a line otherwise.
            (&["echo '|' \"&&\" \\|", "x"], "echo '|' \"&&\" \\|\nx"),
            (&["echo a#b |", "c"], "echo a#b | c"),
            (&["echo a \\", "# c", "d"], "echo a # c\nd"),
            // (bash drops the `#b |`, which it takes for a comment line:
            // its entry is not the command that ran.)
            (&["echo a\\", "#b |", "c"], "echo a#b | c"),
            (&["echo a >|", "f"], "echo a >|\nf"),
            (&["echo a &", "b"], "echo a &\nb"),
            (&["echo a ||  ", "b"], "echo a ||   b"),
            (&["echo \"${x:-'a}\" |", "c"], "echo \"${x:-'a}\" | c"),
            (&["echo ${x:-'}'} |", "c"], "echo ${x:-'}'} | c"),
            (&["echo $'a\\'b' |", "c"], "echo $'a\\'b' | c"),
            (&["echo \"a", "", "b\""], "echo \"a\n\nb\""),
        ];
        // However many lines: one pass.
        let paste: Vec<String> = (0..10_000).map(|i| format!("echo {i} |")).collect();
        let mut long = paste.clone();
        long.push("cat".into());
        let t = std::time::Instant::now();
        assert_eq!(
            entry_of(&long.iter().map(String::as_str).collect::<Vec<_>>()).0,
            Some(paste.join(" ") + " cat")
        );
        assert!(
            t.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            t.elapsed()
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
            unmarked(&std::fs::read_to_string(&path).unwrap()),
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
    fn marks_delimit_entries() {
        // As bash writes its file with HISTTIMEFORMAT set (lithist on).
        let file = b"#1\necho one\n#2\necho \"a\nb\"\n#3\necho abc |\ntr a z\n#4\n\n#5\nlast";
        assert_eq!(
            split_entries(file),
            ["echo one", "echo \"a\nb\"", "echo abc |\ntr a z", "last"]
        );
        // A quote left open takes nothing that follows the next mark.
        let file = b"#1\necho \"oops\n#2\necho two\n#3\necho three\n";
        assert_eq!(
            split_entries(file),
            ["echo \"oops", "echo two", "echo three"]
        );
        // Without marks (bash's file without HISTTIMEFORMAT, older jsh's):
        // one line, one entry, as bash reads it; blank lines are none.
        let file = b"echo one\necho \"oops\n\necho abc |\ntr a z\n# c'\n";
        assert_eq!(
            split_entries(file),
            ["echo one", "echo \"oops", "echo abc |", "tr a z", "# c'"]
        );
        // Older lines, then marked entries appended.
        assert_eq!(
            split_entries(b"old one\nold two\n#9\nnew\nlines\n"),
            ["old one", "old two", "new\nlines"]
        );
        // A comment of `#` and more than digits is no mark.
        assert_eq!(split_entries(b"#1\n#1 x\n"), ["#1 x"]);
        // Linear in the size of the file.
        let big = "echo 'open\n".repeat(200_000);
        let t = std::time::Instant::now();
        assert_eq!(split_entries(big.as_bytes()).len(), 200_000);
        assert!(
            t.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            t.elapsed()
        );
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
