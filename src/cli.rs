//! The command line: `jsh [-ilms] [-c STRING [NAME [ARG...]] | FILE [ARG...]]`.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::os::unix::ffi::{OsStrExt, OsStringExt};

use nix::fcntl::{OFlag, open};
use nix::sys::stat::Mode;

use crate::exec::redirect;
use crate::input::FdSource;
use crate::interactive::editor::Editor;
use crate::interactive::history::History;
use crate::startup::StartupFiles;
use crate::state::shell::strerror;
use crate::state::shell::{Shell, write_all};
use crate::syntax::lexer::StrSource;
use crate::toplevel::{self, Origin};

const USAGE: &str = "Usage: jsh [-abefhilmnsuvxBCEHP] [-o option] [--noprofile] [--norc] \
                     [--rcfile file] [-c command [name [arg ...]]] [file [arg ...]]\n";

const HELP: &str = "\
jsh, a job-control shell

Usage: jsh [option ...] [file [arg ...]]
       jsh [option ...] -c command [name [arg ...]]

  -c          read commands from the first argument
  -i          interactive, even when stdin is not a terminal
  -l, --login act as a login shell
  -m          job control, even when not interactive
  -s          read commands from standard input
  -abefhnuvxBCEHP the options of `set` with these letters (`jsh -e script`)
  -o NAME     the option of `set -o NAME` (`jsh -o pipefail -c ...`)
  --noprofile a login shell reads neither /etc/profile nor ~/.jsh_profile
              (or ~/.profile)
  --norc      an interactive shell reads neither $ENV nor ~/.jshrc
  --rcfile F  an interactive shell reads F instead of ~/.jshrc
  --help      show this help and exit
  --version   show the version and exit

Without -c or a file, jsh reads standard input, interactively when it is a
terminal.
";

#[derive(Default)]
struct Options {
    command: bool,
    interactive: bool,
    login: bool,
    monitor: bool,
    stdin: bool,
    /// Options of `set` given as letters (`-e`) or names (`-o pipefail`),
    /// with on (`-`) or off (`+o`), applied in order.
    set: Vec<(SetOption, bool)>,
    startup: StartupFiles,
    /// The first operand and everything after it.
    operands: Vec<OsString>,
}

enum SetOption {
    Letter(u8),
    Name(Vec<u8>),
}

fn parse(args: &[OsString]) -> Result<Options, lexopt::Error> {
    use lexopt::prelude::*;
    let mut o = Options::default();
    let mut p = lexopt::Parser::from_args(args.iter().skip(1));
    while let Some(arg) = p.next()? {
        match arg {
            Short('c') => o.command = true,
            Short('i') => o.interactive = true,
            Short('l') | Long("login") => o.login = true,
            Short('m') => o.monitor = true,
            Short('s') => o.stdin = true,
            Short('o') => {
                let name = p.value()?.into_vec();
                if !crate::state::options::can_turn_on(&name) {
                    let name = String::from_utf8_lossy(&name).into_owned();
                    return Err(format!("{name}: invalid option name").into());
                }
                o.set.push((SetOption::Name(name), true));
            }
            Short(
                c @ ('a' | 'b' | 'e' | 'f' | 'h' | 'n' | 'u' | 'v' | 'x' | 'B' | 'C' | 'E' | 'H'
                | 'P'),
            ) => {
                o.set.push((SetOption::Letter(c as u8), true));
            }
            Long("noprofile") => o.startup.no_profile = true,
            Long("norc") => o.startup.no_rc = true,
            Long("rcfile") => o.startup.rc_file = Some(p.value()?.into_vec()),
            Long("help") => {
                let _ = write_all(1, HELP.as_bytes());
                std::process::exit(0);
            }
            Long("version") => {
                let v = format!("jsh {}\n", env!("CARGO_PKG_VERSION"));
                let _ = write_all(1, v.as_bytes());
                std::process::exit(0);
            }
            Value(v) => {
                o.operands.push(v);
                o.operands.extend(p.raw_args()?);
                break;
            }
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(o)
}

fn bytes(s: OsString) -> Vec<u8> {
    s.into_vec()
}

/// Run jsh with `args` (`args[0]` is its name); the exit status.
pub fn main(args: Vec<OsString>) -> i32 {
    let mut opts = match parse(&args) {
        Ok(o) => o,
        Err(e) => {
            let msg = format!("jsh: {e}\n{USAGE}");
            let _ = write_all(2, msg.as_bytes());
            return 2;
        }
    };
    let argv0 = args
        .first()
        .map(|a| a.as_bytes().to_vec())
        .unwrap_or_default();
    let login = opts.login || argv0.starts_with(b"-");
    let name = if argv0.starts_with(b"-") {
        b"-jsh".to_vec()
    } else {
        b"jsh".to_vec()
    };
    let mut operands = std::mem::take(&mut opts.operands).into_iter();

    if opts.command {
        let Some(command) = operands.next() else {
            let _ = write_all(2, b"jsh: -c: option requires an argument\n");
            return 2;
        };
        let arg0 = operands.next().map_or(name, bytes);
        let mut sh = Shell::new(arg0, operands.map(bytes).collect());
        sh.command_string = true;
        setup(&mut sh, &opts, opts.interactive, login);
        let mut src = StrSource::new(bytes(command));
        let status = toplevel::run(&mut sh, &mut src, Origin::CommandString);
        if sh.job_control {
            sh.leave();
        }
        forget_functions(&mut sh);
        return status;
    }

    if !opts.stdin
        && let Some(file) = operands.next()
    {
        let path = bytes(file);
        let mut sh = Shell::new(path.clone(), operands.map(bytes).collect());
        let fd = match open(
            path.as_slice(),
            OFlag::O_RDONLY | OFlag::O_CLOEXEC,
            Mode::empty(),
        ) {
            Ok(fd) => Ok(redirect::move_high(fd)),
            Err(e) => Err(e),
        };
        let fd = match fd {
            Ok(fd) => fd,
            Err(e) => {
                let msg = format!("jsh: {}: {}\n", String::from_utf8_lossy(&path), strerror(e));
                let _ = write_all(2, msg.as_bytes());
                return if e == nix::errno::Errno::ENOENT {
                    127
                } else {
                    126
                };
            }
        };
        if std::fs::metadata(std::ffi::OsStr::from_bytes(&path)).is_ok_and(|m| m.is_dir()) {
            let msg = format!("jsh: {}: Is a directory\n", String::from_utf8_lossy(&path));
            let _ = write_all(2, msg.as_bytes());
            return 126;
        }
        setup(&mut sh, &opts, opts.interactive, login);
        let mut src = FdSource::from_owned(fd);
        let status = toplevel::run(&mut sh, &mut src, Origin::Input);
        if sh.job_control {
            sh.leave();
        }
        forget_functions(&mut sh);
        return status;
    }

    let mut sh = Shell::new(name, operands.map(bytes).collect());
    sh.stdin_commands = true;
    let stdin_tty = std::io::stdin().is_terminal();
    let interactive = opts.interactive || (stdin_tty && std::io::stderr().is_terminal());
    setup(&mut sh, &opts, interactive, login);
    let status = if interactive {
        let rich = stdin_tty && Editor::term_is_capable(sh.vars.get(b"TERM"));
        let file = History::default_file(sh.vars.get(b"HISTFILE"), sh.vars.get(b"HOME"));
        let size = sh
            .vars
            .get(b"HISTSIZE")
            .and_then(|v| std::str::from_utf8(v).ok()?.parse().ok())
            .unwrap_or(crate::interactive::history::DEFAULT_SIZE);
        // rustyline and the notifier open pipes of their own; keep them
        // out of the 0-9 users redirect, and out of every command run.
        let placeholders = redirect::occupy_user_fds();
        let before = redirect::open_fds();
        let mut editor = Editor::new(rich, History::load(file, size));
        // `jsh -o vi`, or `set -o vi` in a start-up file, came before
        // there was an editor to tell.
        editor.state.borrow_mut().vi = sh.options.vi;
        sh.edit = Some(editor.state.clone());
        sh.completion = Some(editor.completion.clone());
        sh.notifier = crate::jobs::notify::Notifier::start(editor.printer()).ok();
        if sh.job_control {
            crate::process::signals::end_input_on_hangup();
        }
        drop(placeholders);
        redirect::close_on_exec_since(&before);
        toplevel::run(&mut sh, &mut editor, Origin::Input)
    } else {
        let mut src = FdSource::new(0, None);
        sh.input = src.read_ahead();
        toplevel::run(&mut sh, &mut src, Origin::Input)
    };
    if sh.job_control {
        sh.leave();
    }
    forget_functions(&mut sh);
    status
}

/// The shell is about to exit: its functions are left for the kernel to
/// take back with the process. Freeing them one node at a time costs a
/// script of 20,000 functions a fifth of its run, for nothing (dash does
/// not free them either).
fn forget_functions(sh: &mut Shell) {
    std::mem::forget(std::mem::take(&mut sh.functions));
}

/// Modes, job control, options and start-up files.
fn setup(sh: &mut Shell, opts: &Options, interactive: bool, login: bool) {
    sh.interactive = interactive;
    sh.login = login;
    let monitor = opts.monitor;
    // An interactive shell edits lines as emacs does unless told otherwise.
    sh.options.emacs = interactive;
    // And expands `!` history references, as bash does.
    sh.options.histexpand = interactive;
    // And keeps a history of what is typed.
    sh.options.history = interactive;
    for (option, on) in &opts.set {
        let known = match option {
            SetOption::Letter(c) => crate::builtins::set::set_letter(sh, *c, *on),
            SetOption::Name(name) => crate::builtins::set::set_named(sh, name, *on),
        };
        // Every name and letter was checked when parsing.
        debug_assert!(known);
    }
    if interactive || monitor {
        sh.start_job_control();
    }
    opts.startup.read(sh, login, interactive);
}
