//! The shell's state, and how it speaks to the user.

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::ffi::CString;
use std::os::fd::RawFd;
use std::os::unix::ffi::OsStrExt;
use std::rc::Rc;

use nix::unistd::{Pid, getpid, getuid};

use crate::exec::pathsearch::PathCache;
use crate::expand::word::Params;
use crate::input::ReadAhead;
use crate::interactive::completion::CompletionData;
use crate::interactive::editor::EditState;
use crate::jobs::table::JobTable;
use crate::jobs::terminal::Terminal;
use crate::process::spawn::Spawner;
use crate::state::passwd;
use crate::state::vars::Vars;
use crate::syntax::ast::FunctionDef;

pub struct Shell {
    pub vars: Vars,
    /// `$1`...
    pub positional: Vec<Vec<u8>>,
    /// `$0`; also the prefix of error messages, as in bash.
    pub arg0: Vec<u8>,
    /// `$?`
    pub last_status: i32,
    /// `$!`
    pub last_bg: Option<Pid>,
    /// `$$`
    pub pid: Pid,
    pub jobs: JobTable,
    pub paths: PathCache,
    pub interactive: bool,
    pub job_control: bool,
    pub login: bool,
    /// Commands come from `-c STRING` (bash words a few statuses apart).
    pub command_string: bool,
    /// Commands come from standard input (`s` in `$-`).
    pub stdin_commands: bool,
    /// Line of the command being run, for error messages.
    pub line: u32,
    /// Set by `exit` (and fatal errors): the shell stops with this status
    /// once control returns to the top.
    pub exit_request: Option<i32>,
    /// Running in a forked copy of the shell (pipeline builtin, `a && b &`).
    pub subshell: bool,
    /// This forked copy runs one simple command of its parent's (a
    /// pipeline stage, `cmd &`), not a compound command or a
    /// substitution: to bash it is still at the top level of `-c`,
    /// whose fatal errors exit with 127.
    pub simple_child: bool,
    /// The logical current directory, once known (see `cd`).
    pub cwd: Option<Vec<u8>>,
    /// The terminal, when the shell does job control on one.
    pub terminal: Option<Terminal>,
    /// The rest of the command line is abandoned: a foreground job died of
    /// Ctrl+C, `wait` was interrupted, or an expansion failed.
    pub abandon_line: bool,
    /// Top-level commands run so far (for `exit` after the stopped-jobs
    /// warning, which must come right after it).
    pub commands_run: u64,
    pub exit_warned_at: Option<u64>,
    /// The start-up file being read, which error messages name.
    pub source_name: Option<Vec<u8>>,
    /// `pushd`'s directory stack below the current directory, nearest
    /// first (`dirs` shows the current directory as entry 0).
    pub dir_stack: Vec<Vec<u8>>,
    /// Shared with the line editor of an interactive shell.
    pub edit: Option<Rc<RefCell<EditState>>>,
    pub completion: Option<Rc<RefCell<CompletionData>>>,
    /// What `set` turns on and off (`set -b` is `options.notify`).
    pub options: crate::state::options::Options,
    /// What `trap` set.
    pub traps: crate::state::traps::Traps,
    /// Nesting of the contexts where `set -e` does not apply: conditions
    /// of `if`/`while`/`until`, all but the last of an `&&`/`||` list, a
    /// `!` pipeline. Counted, as bash does, through the functions called
    /// there.
    pub errexit_exempt: u32,
    pub notifier: Option<crate::jobs::notify::Notifier>,
    pub spawner: Spawner,
    /// Functions defined so far, by name.
    pub functions: HashMap<Vec<u8>, Rc<FunctionDef>, crate::state::vars::FixedState>,
    /// Shared with every parser reading the shell's commands.
    pub aliases: crate::syntax::alias::SharedAliases,
    /// Loops running around the current command (`break` bounds).
    pub loop_depth: u32,
    /// Function calls running around the current command.
    pub function_depth: u32,
    /// Files being read by `.` around the current command (`return`
    /// ends the innermost).
    pub source_depth: u32,
    /// `eval` texts being run around the current command.
    pub eval_depth: u32,
    /// The builtin running was written after `command`, which takes away
    /// the fatality of a special builtin's errors.
    pub via_command: bool,

    /// Where the stack was when the shell started, to bound how deep
    /// function calls may go (see [`crate::exec::function`]).
    pub stack_base: usize,
    /// What `break`, `continue` or `return` just asked for; taken by the
    /// node that ran the builtin at once and carried on as a
    /// [`crate::exec::flow::Flow`] from there.
    pub pending_flow: Option<crate::exec::flow::Flow>,
    interpreter: OnceCell<Rc<CString>>,
    /// What the shell read ahead of its standard input, when commands come
    /// from there and it is a file others can read too.
    pub input: Option<Rc<ReadAhead>>,
    /// The status of the last command substitution of the command being
    /// expanded: a command with no command word has it (`x=$(false)`).
    pub subst_status: Option<i32>,
    /// In a forked child: the jobs of the shell it was forked from, which
    /// `jobs` lists (bash: `jobs | wc -l`), but which are not this
    /// process's children to wait for.
    pub inherited_jobs: Option<JobTable>,
    /// The address of the pipeline that is the whole command line typed
    /// at the prompt, if it is one (0 otherwise): a job that stops there
    /// leaves nothing after it (see [`crate::jobs::continuation`]).
    pub line_pipeline: usize,
    /// The command line at the prompt, as `jobs` shows a stopped one.
    pub line_text: Option<String>,
    /// The foreground job being waited for is the whole command line.
    pub foreground_is_line: bool,
    /// A job stopped mid-line: the rest is its continuation's; nothing
    /// more of the line runs here, and `$?` is this at the prompt.
    pub line_suspended: Option<i32>,
    /// This process is a stopped line's continuation: it exits when the
    /// line is done.
    pub continuation: bool,
    /// Command substitutions running in the shell itself, without a fork.
    pub nofork: crate::exec::nofork::State,
}

impl Shell {
    pub fn new(arg0: Vec<u8>, positional: Vec<Vec<u8>>) -> Self {
        let mut vars = Vars::from_environment();
        // Every shell starts with the default IFS, as bash and dash do: one
        // taken from the environment would split a script's words on
        // whatever its caller chose. Exported still if it came exported.
        vars.set(b"IFS", b" \t\n".to_vec());
        if let Some(warning) = vars.startup_warning() {
            // No line yet, and bash's own name: `bash: warning: ...`.
            let _ = write_all(2, format!("jsh: {warning}\n").as_bytes());
        }
        let mut sh = Shell {
            vars,
            positional,
            arg0,
            last_status: 0,
            last_bg: None,
            pid: getpid(),
            jobs: JobTable::default(),
            paths: PathCache::default(),
            interactive: false,
            job_control: false,
            login: false,
            command_string: false,
            stdin_commands: false,
            line: 0,
            exit_request: None,
            subshell: false,
            simple_child: false,
            cwd: None,
            terminal: None,
            abandon_line: false,
            commands_run: 0,
            exit_warned_at: None,
            source_name: None,
            dir_stack: Vec::new(),
            edit: None,
            completion: None,
            options: crate::state::options::Options::new(),
            traps: crate::state::traps::Traps::default(),
            errexit_exempt: 0,
            notifier: None,
            spawner: Spawner::default(),
            functions: HashMap::default(),
            aliases: Default::default(),
            loop_depth: 0,
            function_depth: 0,
            source_depth: 0,
            eval_depth: 0,
            via_command: false,
            stack_base: crate::exec::function::stack_pointer(),
            pending_flow: None,
            interpreter: OnceCell::new(),
            input: None,
            subst_status: None,
            inherited_jobs: None,
            line_pipeline: 0,
            line_text: None,
            foreground_is_line: false,
            line_suspended: None,
            continuation: false,
            nofork: Default::default(),
        };
        sh.set_startup_variables();
        sh
    }

    /// This shell's own executable, which runs scripts that lack `#!`.
    /// Shared, so the spawn path takes it without copying the string.
    pub fn interpreter(&self) -> Rc<CString> {
        self.interpreter
            .get_or_init(|| {
                let exe = std::env::current_exe().unwrap_or_else(|_| "/bin/sh".into());
                Rc::new(
                    CString::new(exe.as_os_str().as_bytes())
                        .unwrap_or_else(|_| c"/bin/sh".to_owned()),
                )
            })
            .clone()
    }

    /// Before anyone but the shell may read its standard input (a child
    /// starts or a stopped job goes on, `exec`, the shell leaves): hand
    /// back the input read ahead, so that the reader starts right after the
    /// command being run.
    pub fn release_input(&self) {
        if let Some(input) = &self.input {
            input.give_back();
        }
    }

    /// Where the command `name` is, by PATH (cached unless `set +h`).
    pub fn find_command(&mut self, name: &[u8]) -> Option<Rc<CString>> {
        if !self.options.hashall {
            return crate::exec::pathsearch::find(name, self.vars.get(b"PATH"));
        }
        let generation = self.vars.path_generation();
        self.paths.lookup(name, self.vars.get(b"PATH"), generation)
    }

    /// `jsh: line 3: ` (bash's prefix for errors; no line number when
    /// interactive).
    pub fn prefix(&self) -> String {
        let name = String::from_utf8_lossy(self.source_name.as_deref().unwrap_or(&self.arg0));
        if self.interactive {
            format!("{name}: ")
        } else {
            format!("{name}: line {}: ", self.line)
        }
    }

    /// Print what the last assignments warned of (a locale the C library
    /// does not have), as bash prints it at the assignment.
    pub fn report_warnings(&mut self) {
        if !self.vars.has_warnings() {
            return;
        }
        for warning in self.vars.take_warnings() {
            self.error(warning);
        }
    }

    /// Report an error on stderr.
    pub fn error(&self, msg: impl AsRef<[u8]>) {
        self.error_to(2, msg);
    }

    /// Report an error on descriptor `fd` (a child's stderr). Messages are
    /// bytes: a name that is not UTF-8 is shown as typed.
    pub fn error_to(&self, fd: RawFd, msg: impl AsRef<[u8]>) {
        let mut line = self.prefix().into_bytes();
        line.extend_from_slice(msg.as_ref());
        line.push(b'\n');
        let _ = write_all(fd, &line);
    }

    /// An error POSIX counts as fatal to a non-interactive shell (an error
    /// of a special builtin, an assignment to a readonly variable, a
    /// syntax error in `eval` or `.`): the shell exits with `status`. At
    /// the prompt the shell goes on, as bash does (POSIX: it shall not
    /// exit).
    pub fn fatal_error(&mut self, status: i32) -> i32 {
        if !self.via_command && !self.interactive {
            self.exit_request = Some(status);
        }
        status
    }

    /// `NAME=value` where NAME is readonly: bash's words, and the POSIX
    /// consequence (see [`Shell::fatal_error`]); at the prompt the rest of
    /// the line is abandoned, as in bash.
    pub fn readonly_error(&mut self, name: &[u8]) -> i32 {
        let mut msg = name.to_vec();
        msg.extend_from_slice(b": readonly variable");
        self.error(msg);
        if self.interactive && !self.via_command {
            self.abandon_line = true;
        }
        self.fatal_error(1)
    }

    /// Assign a shell variable; exported too under `set -a`.
    pub fn assign_var(
        &mut self,
        name: &[u8],
        value: Vec<u8>,
    ) -> Result<(), crate::state::vars::Readonly> {
        if self.options.allexport {
            self.vars.try_export(name, Some(&value))
        } else {
            self.vars.try_set(name, value)
        }
    }

    /// Stop running the current command line: `exit`, Ctrl+C, or the
    /// terminal hung up.
    pub fn should_stop(&self) -> bool {
        self.exit_request.is_some()
            || self.abandon_line
            || self.line_suspended.is_some()
            || crate::process::signals::hangup_pending()
    }
}

/// A name as bash shows it in some messages (`command not found`, `cd`):
/// as it is when printable, else in `$'...'` with escapes.
pub fn quoted_name(name: &[u8]) -> Vec<u8> {
    if name.iter().all(|&b| (0x20..0x7f).contains(&b)) {
        return name.to_vec();
    }
    let mut out = b"$'".to_vec();
    for &b in name {
        match b {
            b'\\' | b'\'' => out.extend_from_slice(&[b'\\', b]),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0x1b => out.extend_from_slice(b"\\E"),
            0x20..0x7f => out.push(b),
            _ => out.extend_from_slice(format!("\\{b:03o}").as_bytes()),
        }
    }
    out.push(b'\'');
    out
}

/// The C library's text for an error number (`Bad file descriptor`), as
/// bash prints it; nix's own table words some differently.
pub fn strerror(e: nix::errno::Errno) -> String {
    let text = std::io::Error::from_raw_os_error(e as i32).to_string();
    match text.rfind(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Write all of `bytes` to `fd`, retrying on EINTR. Builtins write straight
/// to the descriptor: no buffer may outlive a redirection.
pub fn write_all(fd: RawFd, mut bytes: &[u8]) -> nix::Result<()> {
    // SAFETY: `fd` is only written to; borrowing it for the call.
    let fd = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
    while !bytes.is_empty() {
        match nix::unistd::write(fd, bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(nix::errno::Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

impl Params for Shell {
    fn param(&self, name: &[u8]) -> Option<Cow<'_, [u8]>> {
        let owned = |s: String| Some(Cow::Owned(s.into_bytes()));
        match name {
            b"?" => owned(self.last_status.to_string()),
            b"$" => owned(self.pid.to_string()),
            b"!" => self.last_bg.and_then(|p| owned(p.to_string())),
            b"#" => owned(self.positional.len().to_string()),
            b"0" => Some(Cow::Borrowed(&self.arg0)),
            n if n.first().is_some_and(u8::is_ascii_digit) => {
                let i: usize = std::str::from_utf8(n).ok()?.parse().ok()?;
                self.positional
                    .get(i.checked_sub(1)?)
                    .map(|v| Cow::Borrowed(v.as_slice()))
            }
            _ => match self.dynamic_param(name) {
                Some(value) => value,
                None => self.vars.get(name).map(Cow::Borrowed),
            },
        }
    }

    fn positional(&self) -> &[Vec<u8>] {
        &self.positional
    }

    fn assign(&mut self, name: &[u8], value: Vec<u8>) {
        let assigned = self.assign_var(name, value);
        self.report_warnings();
        if assigned.is_err() {
            self.readonly_error(name);
        }
    }

    fn try_assign(&mut self, name: &[u8], value: Vec<u8>) -> Result<(), String> {
        let assigned = self.vars.try_set(name, value);
        self.report_warnings();
        if assigned.is_err() {
            // Reported by the expansion that fails; fatal to a script
            // (POSIX: an assignment error).
            self.fatal_error(1);
            return Err(format!(
                "{}: readonly variable",
                String::from_utf8_lossy(name)
            ));
        }
        Ok(())
    }

    fn utf8(&self) -> bool {
        self.vars.utf8()
    }

    fn command_subst(&mut self, sub: &crate::syntax::ast::CommandSubst) -> Vec<u8> {
        self.command_substitution(sub)
    }

    fn names(&self) -> Vec<Vec<u8>> {
        self.vars.names().map(<[u8]>::to_vec).collect()
    }

    fn nounset(&self) -> bool {
        self.options.nounset
    }

    fn noglob(&self) -> bool {
        self.options.noglob
    }

    fn braceexpand(&self) -> bool {
        self.options.braceexpand
    }

    fn ifs_is_default(&self) -> bool {
        self.vars.ifs_is_default()
    }

    fn home_dir(&self, user: &[u8]) -> Option<Vec<u8>> {
        if user.is_empty() {
            if let Some(home) = self.vars.get(b"HOME") {
                return Some(home.to_vec());
            }
            return passwd::home_of_uid(getuid().as_raw());
        }
        passwd::home_of_name(user)
    }
}

impl Shell {
    /// PS1 and PS2 expanded for the next prompt.
    /// COLUMNS and LINES, as bash keeps them in an interactive shell
    /// (its checkwinsize): from the terminal, before each prompt, so a
    /// window resized while a command ran is seen.
    pub fn update_window_size(&mut self) {
        let Some((cols, lines)) = self.terminal.as_ref().and_then(|t| t.size()) else {
            return;
        };
        for (name, value) in [(&b"COLUMNS"[..], cols), (b"LINES", lines)] {
            let value = value.to_string().into_bytes();
            if self.vars.get(name) != Some(value.as_slice()) {
                // A readonly one is the user's to keep.
                let _ = self.vars.try_set(name, value);
            }
        }
    }

    pub fn prompts(&mut self) -> (String, String) {
        use crate::interactive::prompt::{DEFAULT_PS1, DEFAULT_PS2};
        let info = self.prompt_info();
        (
            self.expand_prompt_var(b"PS1", DEFAULT_PS1, &info),
            self.expand_prompt_var(b"PS2", DEFAULT_PS2, &info),
        )
    }

    /// PS2 alone, expanded (for `read`'s continuation lines): PS1's
    /// substitutions are not run for it.
    pub fn ps2(&mut self) -> String {
        let info = self.prompt_info();
        self.expand_prompt_var(b"PS2", crate::interactive::prompt::DEFAULT_PS2, &info)
    }

    fn expand_prompt_var(
        &mut self,
        name: &[u8],
        default: &str,
        info: &crate::interactive::prompt::PromptInfo,
    ) -> String {
        let template = self.vars.get(name).unwrap_or(default.as_bytes()).to_vec();
        self.expand_prompt(&template, info)
    }

    /// [`Self::expand_prompt`] for PS4, with what the escapes refer to
    /// gathered only if it has one (it is expanded for every command
    /// traced).
    pub fn expand_prompt_text(&mut self, template: &[u8]) -> String {
        let info = if template.contains(&b'\\') {
            self.prompt_info()
        } else {
            crate::interactive::prompt::PromptInfo::default()
        };
        self.expand_prompt(template, &info)
    }

    /// A prompt as bash (`promptvars`) shows it: escapes decoded, then
    /// `$VAR`, `${...}`, `$(...)`, `` `...` `` and `$((...))` expanded as
    /// in double quotes. An error is told and the prompt shown without the
    /// expansion; it changes nothing else (`$?` included): the shell goes on.
    fn expand_prompt(
        &mut self,
        template: &[u8],
        info: &crate::interactive::prompt::PromptInfo,
    ) -> String {
        use crate::interactive::prompt::decode;
        let decoded = decode(template, info, true);
        let plain =
            |template: &[u8]| String::from_utf8_lossy(&decode(template, info, false)).into_owned();
        if !decoded.iter().any(|&b| matches!(b, b'$' | b'`' | b'\\')) {
            return plain(template);
        }
        let word = match crate::syntax::lexer::text_of(&decoded) {
            Ok(word) => word,
            Err(message) => {
                self.error(message);
                return plain(template);
            }
        };
        let quoted = crate::syntax::ast::Word {
            parts: vec![crate::syntax::ast::WordPart::Double(word.parts)],
        };
        let saved = (
            self.last_status,
            self.exit_request,
            self.abandon_line,
            self.subst_status,
        );
        let expanded = crate::expand::word::Expander::new(self).single(&quoted);
        (
            self.last_status,
            self.exit_request,
            self.abandon_line,
            self.subst_status,
        ) = saved;
        match expanded {
            Ok(text) => String::from_utf8_lossy(&text).into_owned(),
            Err(e) => {
                self.error(&e.message);
                plain(template)
            }
        }
    }

    fn prompt_info(&mut self) -> crate::interactive::prompt::PromptInfo {
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        let uid = nix::unistd::geteuid();
        let user = match self.vars.get(b"USER") {
            Some(u) => text(u),
            None => passwd::name_of_uid(uid.as_raw()).map_or_else(|| uid.to_string(), |n| text(&n)),
        };
        let host = nix::sys::utsname::uname()
            .map(|u| u.nodename().to_string_lossy().into_owned())
            .unwrap_or_default();
        let cwd = crate::builtins::current_dir(self)
            .map(|d| text(&d))
            .unwrap_or_default();
        crate::interactive::prompt::PromptInfo {
            user,
            host,
            cwd,
            home: self.vars.get(b"HOME").map(text),
            root: uid.is_root(),
            jobs: self.jobs.iter().count(),
            last_status: self.last_status,
            time: local_time(),
        }
    }

    /// The snapshot completion works from.
    pub fn completion_data(&self) -> CompletionData {
        let mut vars: Vec<String> = self
            .vars
            .names()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect();
        vars.sort();
        CompletionData {
            path: self.vars.get(b"PATH").map(<[u8]>::to_vec),
            home: self.vars.get(b"HOME").map(<[u8]>::to_vec),
            jobs: self
                .jobs
                .iter()
                .map(|j| (j.id, j.command.clone()))
                .collect(),
            vars,
            builtins: crate::builtins::names(),
        }
    }
}

/// The local time, broken down, for `\t` and `\d`.
fn local_time() -> (i32, u32, u32, u32, u32, u32, u32) {
    // SAFETY: time and localtime_r write only to the structures given.
    unsafe {
        let now = libc::time(std::ptr::null_mut());
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&now, &mut tm).is_null() {
            return (1970, 1, 1, 4, 0, 0, 0);
        }
        (
            tm.tm_year + 1900,
            (tm.tm_mon + 1) as u32,
            tm.tm_mday as u32,
            tm.tm_wday as u32,
            tm.tm_hour as u32,
            tm.tm_min as u32,
            tm.tm_sec as u32,
        )
    }
}
