//! Commands the shell runs itself, one file each.

use crate::state::shell::strerror;
use crate::state::shell::{Shell, write_all};

mod alias;
mod cd;
mod cdpath;
mod colon;
pub mod command;
mod dirs;
mod disown;
mod echo;
mod eval;
pub mod exec;
pub mod exit;
mod export;
mod fc;
mod fg;
mod flow;
pub mod getopts;
mod hash;
mod help;
mod history;
mod jobs;
pub mod kill;
mod let_;
mod local;
mod logout;
mod popd;
mod printf;
mod pushd;
mod pwd;
mod read;
mod readonly;
pub mod set;
mod set_vars;
mod shift;
mod source;
mod test;
mod times;
pub mod trap;
mod type_;
mod ulimit;
mod umask;
mod unalias;
mod unset;
mod wait;

/// A builtin gets the shell and its arguments (`args[0]` is its name) and
/// returns its exit status.
pub type Builtin = fn(&mut Shell, &[Vec<u8>]) -> i32;

pub fn lookup(name: &[u8]) -> Option<Builtin> {
    Some(match name {
        b"alias" => alias::run,
        b"unalias" => unalias::run,
        b"cd" => cd::run,
        b"pwd" => pwd::run,
        b"dirs" => dirs::run,
        b"pushd" => pushd::run,
        b"popd" => popd::run,
        b"echo" => echo::run,
        b"exit" => exit::run,
        b"export" => export::run,
        b"unset" => unset::run,
        b":" | b"true" => colon::run_true,
        b"false" => colon::run_false,
        b"exec" => exec::run,
        b"wait" => wait::run,
        b"jobs" => jobs::run,
        b"fg" => fg::run_fg,
        b"bg" => fg::run_bg,
        b"kill" => kill::run,
        b"let" => let_::run,
        b"disown" => disown::run,
        b"logout" => logout::run,
        b"history" => history::run,
        b"fc" => fc::run,
        b"help" => help::run,
        b"type" => type_::run,
        b"hash" => hash::run,
        b"set" => set::run,
        b"shift" => shift::run,
        b"trap" => trap::run,
        b"break" => flow::run_break,
        b"continue" => flow::run_continue,
        b"return" => flow::run_return,
        b"eval" => eval::run,
        b"." | b"source" => source::run,
        b"command" => command::run,
        b"local" => local::run,
        b"readonly" => readonly::run,
        b"umask" => umask::run,
        b"ulimit" => ulimit::run,
        b"getopts" => getopts::run,
        b"times" => times::run,
        b"read" => read::run,
        b"printf" => printf::run,
        b"test" => test::run_test,
        b"[" => test::run_bracket,
        _ => return None,
    })
}

/// POSIX's special builtins: an error in one is fatal to a script, and
/// assignments written before one outlive it (XCU 2.15).
pub fn is_special(name: &[u8]) -> bool {
    matches!(
        name,
        b"break"
            | b":"
            | b"continue"
            | b"."
            | b"eval"
            | b"exec"
            | b"exit"
            | b"export"
            | b"readonly"
            | b"return"
            | b"set"
            | b"shift"
            | b"times"
            | b"trap"
            | b"unset"
    )
}

/// Every builtin: name, synopsis, what it does (for `help` and completion).
pub const SYNOPSES: &[(&str, &str, &str)] = &[
    (":", ": [arg ...]", "Do nothing; succeed."),
    (
        "[",
        "[ arg... ]",
        "Evaluate a conditional expression, as test; the last argument must be `]'.",
    ),
    (
        ".",
        ". filename [arguments]",
        "Run the commands of a file in this shell (PATH is searched for it).",
    ),
    (
        "alias",
        "alias [-p] [name[=value] ... ]",
        "Define aliases, or list them (replacing a command word as it is read).",
    ),
    (
        "bg",
        "bg [jobspec ...]",
        "Continue stopped jobs in the background.",
    ),
    (
        "break",
        "break [n]",
        "Leave n enclosing for, while or until loops.",
    ),
    (
        "cd",
        "cd [-L|-P] [dir | -]",
        "Change the current directory (to HOME by default; `-' is OLDPWD).",
    ),
    (
        "command",
        "command [-pVv] command [arg ...]",
        "Run a command, functions aside, or say what it is (-v, -V).",
    ),
    (
        "continue",
        "continue [n]",
        "Go on with the next round of the nth enclosing loop.",
    ),
    (
        "dirs",
        "dirs [-clpv] [+N] [-N]",
        "Show the directory stack (-v numbered, -p one a line, -l without ~; -c clears it).",
    ),
    (
        "disown",
        "disown [-h] [-ar] [jobspec ...]",
        "Remove jobs from the table, or with -h spare them SIGHUP.",
    ),
    (
        "echo",
        "echo [-neE] [arg ...]",
        "Write the arguments to standard output.",
    ),
    (
        "eval",
        "eval [arg ...]",
        "Run the arguments, joined by spaces, as shell commands.",
    ),
    (
        "exec",
        "exec [command [arg ...]]",
        "Replace the shell with a command, or apply redirections to the shell.",
    ),
    (
        "exit",
        "exit [n]",
        "Exit the shell with status n (or that of the last command).",
    ),
    (
        "export",
        "export [-n] [name[=value] ...] or export -p",
        "Put variables in the environment of commands.",
    ),
    ("false", "false", "Fail."),
    (
        "fc",
        "fc [-e ename] [-lnr] [first] [last] or fc -s [pat=rep] [command]",
        "List history entries (-l), run one again with pat replaced (-s), or edit and run them.",
    ),
    ("fg", "fg [jobspec]", "Continue a job in the foreground."),
    (
        "hash",
        "hash [-r] [name ...]",
        "Show, remember (name) or forget (-r) command locations; `set +h` turns hashing off.",
    ),
    (
        "getopts",
        "getopts optstring name [arg ...]",
        "Take the next option of the arguments, with OPTIND and OPTARG.",
    ),
    (
        "help",
        "help [-dms] [pattern ...]",
        "Display information about builtin commands.",
    ),
    (
        "history",
        "history [-c] [n]",
        "List the command history, or clear it (-c).",
    ),
    (
        "jobs",
        "jobs [-lnprs] [jobspec ...]",
        "List jobs: -l PIDs, -p group PIDs only, -r running, -s stopped, -n changed.",
    ),
    (
        "kill",
        "kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]",
        "Send a signal to processes or jobs.",
    ),
    (
        "let",
        "let arg [arg ...]",
        "Evaluate arithmetic expressions.",
    ),
    (
        "local",
        "local [-rx] [name[=value] ...]",
        "Make variables local to the function being run.",
    ),
    ("logout", "logout [n]", "Exit a login shell."),
    (
        "popd",
        "popd [-n] [+N | -N]",
        "Drop an entry of the directory stack; dropping the top goes to the next.",
    ),
    (
        "printf",
        "printf [-v var] format [arguments]",
        "Write the arguments formatted under control of the format (-v: into var).",
    ),
    (
        "pushd",
        "pushd [-n] [+N | -N | dir]",
        "Go to dir keeping the current directory on the stack, or rotate the stack.",
    ),
    ("pwd", "pwd [-LP]", "Print the current directory."),
    (
        "read",
        "read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]",
        "Read a line from standard input (or fd) and split it into fields by IFS.",
    ),
    (
        "readonly",
        "readonly [-p] [name[=value] ...]",
        "Make variables unchangeable, or list them.",
    ),
    (
        "return",
        "return [n]",
        "Leave a function with status n (or that of the last command).",
    ),
    (
        "set",
        "set [-abefhmnuvxBCEHP] [-o option-name] [--] [arg ...]",
        "Set options and the positional parameters.",
    ),
    (
        "shift",
        "shift [n]",
        "Drop the first n positional parameters.",
    ),
    (
        "test",
        "test [expr]",
        "Evaluate a conditional expression: files, strings and integers.",
    ),
    (
        "source",
        "source filename [arguments]",
        "Run the commands of a file in this shell (as `.').",
    ),
    (
        "times",
        "times",
        "Print the user and system times of the shell and its children.",
    ),
    (
        "trap",
        "trap [-lp] [[arg] signal_spec ...]",
        "Run commands when the shell gets a signal or exits.",
    ),
    ("true", "true", "Succeed."),
    (
        "type",
        "type [-afptP] name ...",
        "Say what each name is: keyword, function, builtin or file (-a: all of them).",
    ),
    (
        "ulimit",
        "ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]",
        "Modify shell resource limits.",
    ),
    (
        "umask",
        "umask [-p] [-S] [mode]",
        "Show or set the file creation mask, in octal or symbolically (-S).",
    ),
    (
        "unalias",
        "unalias [-a] name [name ...]",
        "Forget aliases (-a: all of them).",
    ),
    ("unset", "unset [-v] name ...", "Remove variables."),
    (
        "wait",
        "wait [-n] [pid | jobspec ...]",
        "Wait for jobs and return their status.",
    ),
];

/// The names of all builtins.
pub fn names() -> Vec<&'static str> {
    SYNOPSES.iter().map(|(name, _, _)| *name).collect()
}

/// The leading `-abc` options of a builtin: the letters given and the
/// operands after them. An unknown letter is reported as bash does, with
/// the usage line, and gives status 2.
pub(crate) fn options<'a>(
    sh: &Shell,
    name: &str,
    args: &'a [Vec<u8>],
    letters: &str,
) -> Result<(String, &'a [Vec<u8>]), i32> {
    let mut given = String::new();
    let mut rest = &args[1..];
    while let Some(arg) = rest.first() {
        if arg == b"--" {
            rest = &rest[1..];
            break;
        }
        if arg.len() < 2 || arg[0] != b'-' {
            break;
        }
        for &c in &arg[1..] {
            if !letters.as_bytes().contains(&c) {
                sh.error(format!("{name}: -{}: invalid option", c as char));
                let usage = SYNOPSES
                    .iter()
                    .find(|(n, _, _)| *n == name)
                    .map_or("", |s| s.1);
                let _ = write_all(2, format!("{name}: usage: {usage}\n").as_bytes());
                return Err(2);
            }
            given.push(c as char);
        }
        rest = &rest[1..];
    }
    Ok((given, rest))
}

/// The shell's logical current directory.
pub fn current_dir(sh: &mut Shell) -> Option<Vec<u8>> {
    cd::current(sh)
}

/// Write a builtin's output; on failure say so as bash does and return 1.
pub(crate) fn print(sh: &Shell, name: &str, bytes: &[u8]) -> i32 {
    match write_all(1, bytes) {
        Ok(()) => 0,
        Err(e) => {
            sh.error(format!("{name}: write error: {}", strerror(e)));
            1
        }
    }
}

/// `'text'` with each `'` written `'\''`: a word that reads back as
/// `text`, the way bash shows values.
pub fn single_quoted(text: &[u8]) -> Vec<u8> {
    let mut out = vec![b'\''];
    for &b in text {
        if b == b'\'' {
            out.extend_from_slice(b"'\\''");
        } else {
            out.push(b);
        }
    }
    out.push(b'\'');
    out
}

/// `name[=value]`, as `export`, `readonly` and `local` take it. A name
/// that is no identifier is reported in bash's words (`WHO: `ARG': not a
/// valid identifier`), and is `None`.
pub(crate) fn name_and_value<'a>(
    sh: &Shell,
    who: &str,
    arg: &'a [u8],
) -> Option<(&'a [u8], Option<&'a [u8]>)> {
    let (name, value) = match arg.iter().position(|&b| b == b'=') {
        Some(eq) => (&arg[..eq], Some(&arg[eq + 1..])),
        None => (arg, None),
    };
    if !crate::syntax::lexer::is_name(name) {
        sh.error(format!("{who}: `{}': not a valid identifier", lossy(arg)));
        return None;
    }
    Some((name, value))
}

pub(crate) fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `exit 1 2`, `shift 1 2`: bash abandons the rest of the command line
/// (under -c, which is one line to bash, the shell), status 1.
pub(crate) fn too_many_arguments(sh: &mut Shell, name: &str) -> i32 {
    sh.error(format!("{name}: too many arguments"));
    if sh.command_string && !sh.interactive {
        sh.exit_request = Some(1);
    } else {
        sh.abandon_line = true;
    }
    1
}

/// `-P` or `-L` of `cd` and `pwd`, the last one given, else `set -P`.
pub fn physical(sh: &Shell, flags: &str) -> bool {
    match flags.chars().next_back() {
        Some('P') => true,
        Some('L') => false,
        _ => sh.options.physical,
    }
}
