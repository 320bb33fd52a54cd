//! Redirections: files are opened by the shell before a child starts (so
//! errors are reported once, in bash's words), then turned into a list of
//! descriptor moves that the child, or the shell itself for a builtin,
//! carries out.
//!
//! Which descriptors a user may name: 0-2, whatever the shell inherited,
//! and whatever earlier redirections opened. The shell's own descriptors
//! (its script, the terminal, pipes, files opened for a command, saved
//! copies) are all close-on-exec, and a user's never are (an exec would
//! have closed them, and a redirection's `dup2` clears the flag), so the
//! flag tells them apart: naming one of the shell's is `Bad file
//! descriptor`, as in bash.

use std::ffi::CString;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

use nix::errno::Errno;
use nix::fcntl::{OFlag, open};
use nix::sys::resource::{Resource, getrlimit};
use nix::sys::stat::Mode;

use crate::expand::word::{ExpandError, Severity};
use crate::process::spawn::FdOp;
use crate::state::shell::strerror;
use crate::syntax::ast::{HereDoc, Redir, RedirOp, Word, WordPart};

/// Descriptors the shell opens for a command live at or above this, clear
/// of the 0-9 a user can name.
pub const FIRST_PRIVATE_FD: RawFd = 10;

/// Where the descriptors the shell keeps for long (its script, the
/// terminal) go, as in bash: far from the numbers users pick.
const LONG_LIVED_FD: RawFd = 255;

/// Expands a redirection target into its fields.
pub type ExpandFn<'a> = dyn FnMut(&Word) -> Result<Vec<Vec<u8>>, ExpandError> + 'a;

#[derive(Debug, Default)]
pub struct Plan {
    pub ops: Vec<FdOp>,
    /// Files opened for the command, closed once it has them.
    files: Vec<OwnedFd>,
    /// What the moves so far did to descriptors a user can name: open or
    /// closed (later redirections see the earlier ones, as in bash).
    touched: Vec<(RawFd, bool)>,
}

#[derive(Debug)]
pub struct RedirError {
    pub message: Vec<u8>,
    pub status: i32,
    pub severity: Severity,
    /// Where the message goes: standard error as the redirections before
    /// the failed one left it (`: 2>&1 <nofile` reports on stdout).
    pub report_to: ReportTo,
}

#[derive(Debug)]
pub enum ReportTo {
    /// The shell's standard error, untouched.
    Stderr,
    /// A copy of the descriptor standard error was moved to.
    Fd(OwnedFd),
    /// Standard error was closed: the message is lost, as in bash.
    Nowhere,
}

impl ReportTo {
    /// The descriptor to write the message to, if any.
    pub fn fd(&self) -> Option<RawFd> {
        match self {
            ReportTo::Stderr => Some(2),
            ReportTo::Fd(fd) => Some(fd.as_raw_fd()),
            ReportTo::Nowhere => None,
        }
    }
}

impl From<ExpandError> for RedirError {
    fn from(e: ExpandError) -> Self {
        RedirError {
            message: e.message.into_bytes(),
            status: e.status,
            severity: e.severity,
            report_to: ReportTo::Stderr,
        }
    }
}

fn err(message: impl Into<Vec<u8>>) -> RedirError {
    RedirError {
        message: message.into(),
        status: 1,
        severity: Severity::Command,
        report_to: ReportTo::Stderr,
    }
}

fn bad_fd(fd: impl std::fmt::Display) -> RedirError {
    err(format!("{fd}: {}", strerror(Errno::EBADF)))
}

impl Plan {
    /// Open what `redirs` name and list the moves. `expand` gives a word's
    /// fields. Errors come in bash's order: the first redirection that
    /// would fail when they are carried out one by one; none after it is
    /// opened.
    pub fn open(redirs: &[Redir], expand: &mut ExpandFn) -> Result<Plan, RedirError> {
        let mut plan = Plan::default();
        // A file opened for the command must not sit where a later move
        // puts something else (`10>&1 >file`).
        let targets: Vec<RawFd> = redirs
            .iter()
            .map(|r| r.fd.unwrap_or(r.op.default_fd()))
            .collect();
        for r in redirs {
            if let Err(mut e) = plan.add(r, &targets, expand) {
                e.report_to = plan.stderr_now();
                return Err(e);
            }
        }
        Ok(plan)
    }

    fn add(
        &mut self,
        r: &Redir,
        targets: &[RawFd],
        expand: &mut ExpandFn,
    ) -> Result<(), RedirError> {
        if let Some(doc) = &r.here {
            let file = self.here_doc(doc, targets, expand)?;
            return self.move_file(file, r.fd.unwrap_or(0));
        }
        let mut fields = expand(&r.target)?;
        if fields.len() != 1 {
            return Err(err(format!("{}: ambiguous redirect", r.target)));
        }
        let target = fields.pop().unwrap_or_default();
        let fd = r.fd.unwrap_or(r.op.default_fd());
        match r.op {
            RedirOp::DupIn | RedirOp::DupOut => self.dup(fd, r, &target, targets),
            RedirOp::OutErr | RedirOp::AppendErr => {
                let file = self.open_file(r.op, &target, targets)?;
                self.move_file(file, 1)?;
                self.move_file(file, 2)
            }
            _ => {
                let file = self.open_file(r.op, &target, targets)?;
                self.move_file(file, fd)
            }
        }
    }

    /// A descriptor that reads the here-document's body, expanded unless
    /// its delimiter was quoted.
    fn here_doc(
        &mut self,
        doc: &HereDoc,
        targets: &[RawFd],
        expand: &mut ExpandFn,
    ) -> Result<RawFd, RedirError> {
        // The lexer reads every body before the command is run; an empty
        // cell would be a bug, told rather than taken for an empty body.
        let Some(body) = doc.body.get().map(|b| &b.text) else {
            return Err(err("here-document without a body"));
        };
        let text = if doc.quoted {
            body.parts
                .iter()
                .filter_map(|p| match p {
                    WordPart::Lit(text) => Some(text.as_slice()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .concat()
        } else {
            // In double quotes a word is one field (`"$@"` aside, which
            // a body joins with spaces, as bash does), neither split nor
            // globbed: what a body's expansion is.
            let quoted = Word {
                parts: vec![WordPart::Double(body.parts.clone())],
            };
            // A failed expansion fails the command only, even `${x:?}`,
            // as in bash.
            let fields = expand(&quoted).map_err(|e| RedirError {
                severity: Severity::Command,
                ..RedirError::from(e)
            })?;
            fields.join(&b' ')
        };
        let failed = |e: Errno| {
            err(format!(
                "cannot create temp file for here-document: {}",
                strerror(e)
            ))
        };
        let fd = crate::exec::heredoc::body_fd(&text).map_err(failed)?;
        let fd = self.keep_private(fd, targets).map_err(failed)?;
        Ok(fd)
    }

    /// Keep `fd`, opened for the command, strictly above the user's 0-9
    /// (or the moves could overwrite it before it is used) and nowhere a
    /// move of this command puts something else.
    fn keep_private(&mut self, fd: OwnedFd, targets: &[RawFd]) -> Result<RawFd, Errno> {
        let fd = if fd.as_raw_fd() >= FIRST_PRIVATE_FD && !targets.contains(&fd.as_raw_fd()) {
            fd
        } else {
            // EINVAL: the descriptor limit is at or below 10, which is to
            // say too many open files.
            dup_private(fd.as_raw_fd(), FIRST_PRIVATE_FD, targets)
                .map_err(|e| if e == Errno::EINVAL { Errno::EMFILE } else { e })?
        };
        let raw = fd.as_raw_fd();
        self.files.push(fd);
        Ok(raw)
    }

    /// `N>&M`, `N<&M`, `N>&-`; `>&file` means `&>file`, as in bash.
    /// `N>&M-` (`r.moves`) closes `M` once copied; a word that is no
    /// descriptor is an error then, as in bash.
    fn dup(
        &mut self,
        fd: RawFd,
        r: &Redir,
        target: &[u8],
        targets: &[RawFd],
    ) -> Result<(), RedirError> {
        if target == b"-" || (r.moves && target.is_empty()) {
            self.ops.push(FdOp::Close(fd));
            self.touch(fd, false);
            return Ok(());
        }
        if let Some(from) = std::str::from_utf8(target)
            .ok()
            .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        {
            let Ok(from) = from.parse::<RawFd>() else {
                return Err(bad_fd(from));
            };
            // `3>&3` is left as it is, open or not, as in bash.
            if from == fd {
                return Ok(());
            }
            // bash names the source when either end is bad.
            if !self.user_can_name(from) || beyond_limit(fd) {
                return Err(bad_fd(from));
            }
            self.ops.push(FdOp::Dup2 { from, to: fd });
            self.touch(fd, true);
            if r.moves {
                self.ops.push(FdOp::Close(from));
                self.touch(from, false);
            }
            return Ok(());
        }
        if r.moves {
            let shown = String::from_utf8_lossy(target);
            return Err(err(format!("{shown}: ambiguous redirect")));
        }
        if r.op == RedirOp::DupOut && r.fd.is_none() {
            let file = self.open_file(RedirOp::OutErr, target, targets)?;
            self.move_file(file, 1)?;
            return self.move_file(file, 2);
        }
        Err(err(format!("{}: ambiguous redirect", r.target)))
    }

    /// Put a file opened for the command at `fd`.
    fn move_file(&mut self, file: RawFd, fd: RawFd) -> Result<(), RedirError> {
        if beyond_limit(fd) {
            return Err(bad_fd(fd));
        }
        self.ops.push(FdOp::Dup2 { from: file, to: fd });
        self.touch(fd, true);
        Ok(())
    }

    fn touch(&mut self, fd: RawFd, open: bool) {
        match self.touched.iter_mut().find(|(t, _)| *t == fd) {
            Some(entry) => entry.1 = open,
            None => self.touched.push((fd, open)),
        }
    }

    /// Is `fd` open for the user once the moves so far are made?
    fn user_can_name(&self, fd: RawFd) -> bool {
        match self.touched.iter().find(|(t, _)| *t == fd) {
            Some(&(_, open)) => open,
            None => is_user_fd(fd),
        }
    }

    /// Where standard error points once the moves so far are made.
    fn stderr_now(&self) -> ReportTo {
        match Plan::resolve(&self.ops, 2) {
            Some(2) => ReportTo::Stderr,
            Some(fd) => dup_high(fd).map_or(ReportTo::Nowhere, ReportTo::Fd),
            None => ReportTo::Nowhere,
        }
    }

    fn open_file(
        &mut self,
        op: RedirOp,
        path: &[u8],
        targets: &[RawFd],
    ) -> Result<RawFd, RedirError> {
        let flags = match op {
            RedirOp::In => OFlag::O_RDONLY,
            RedirOp::ReadWrite => OFlag::O_RDWR | OFlag::O_CREAT,
            RedirOp::Append | RedirOp::AppendErr => {
                OFlag::O_WRONLY | OFlag::O_CREAT | OFlag::O_APPEND
            }
            _ => OFlag::O_WRONLY | OFlag::O_CREAT | OFlag::O_TRUNC,
        };
        // The file name as typed, bytes and all, as bash shows it.
        let failed = |why: &str| err([path, b": ", why.as_bytes()].concat());
        let cpath = CString::new(path).map_err(|_| failed("invalid file name"))?;
        if op != RedirOp::In && opens_capture(&cpath) {
            // `>/dev/stdout` in a substitution run in the shell itself: a
            // forked one's output is a pipe, which cannot be truncated and
            // is written at its end; so is the memory file here.
            let access = if op == RedirOp::ReadWrite {
                OFlag::O_RDWR
            } else {
                OFlag::O_WRONLY
            };
            let fd = open(
                cpath.as_c_str(),
                access | OFlag::O_APPEND | OFlag::O_CLOEXEC,
                Mode::empty(),
            )
            .map_err(|e| failed(&strerror(e)))?;
            return self
                .keep_private(fd, targets)
                .map_err(|e| failed(&strerror(e)));
        }
        let noclobber = crate::state::options::noclobber()
            && matches!(op, RedirOp::Out | RedirOp::OutErr | RedirOp::DupOut);
        let flags = if noclobber {
            // `set -C`: never truncate a regular file; create only what is
            // not there yet (O_EXCL, so that no race lets one be replaced);
            // a device or FIFO is opened as it is.
            const EXISTS: &str = "cannot overwrite existing file";
            match nix::sys::stat::stat(cpath.as_c_str()) {
                Ok(st) if st.st_mode & libc::S_IFMT == libc::S_IFREG => return Err(failed(EXISTS)),
                Ok(_) => OFlag::O_WRONLY,
                Err(_) => OFlag::O_WRONLY | OFlag::O_CREAT | OFlag::O_EXCL,
            }
        } else {
            flags
        };
        let fd = open(
            cpath.as_c_str(),
            flags | OFlag::O_CLOEXEC,
            Mode::from_bits_truncate(0o666),
        )
        .map_err(|e| failed(&strerror(e)))?;
        self.keep_private(fd, targets)
            .map_err(|e| failed(&strerror(e)))
    }

    /// The descriptors the moves put something at.
    fn targets(&self) -> Vec<RawFd> {
        self.ops.iter().map(|op| target_of(*op)).collect()
    }

    /// The parent's descriptor that the child's `fd` ends up as, if any: where
    /// the shell writes an error on the child's behalf (`nosuch 2>/dev/null`
    /// must stay quiet).
    pub fn resolve(ops: &[FdOp], fd: RawFd) -> Option<RawFd> {
        let mut source = Some(fd);
        for op in ops.iter().rev() {
            match *op {
                FdOp::Dup2 { from, to } if Some(to) == source => source = Some(from),
                FdOp::Close(c) if Some(c) == source => return None,
                _ => {}
            }
        }
        source
    }

    /// Carry the moves out in the shell itself, remembering what was there
    /// before so that [`Saved::restore`] can put it back.
    pub fn apply_saving(&self) -> Result<Saved, RedirError> {
        self.apply_ops_saving(&self.ops)
    }

    fn apply_ops_saving(&self, ops: &[FdOp]) -> Result<Saved, RedirError> {
        if ops.is_empty() {
            // Most commands: nothing to save, nor a target list to build.
            return Ok(Saved::default());
        }
        let targets = self.targets();
        let mut saved = Saved::default();
        for op in ops {
            let target = target_of(*op);
            if !saved.fds.iter().any(|s| s.fd == target) {
                // 0-2 are never the shell's own (close-on-exec): the copy
                // itself tells whether one is open. Above, the flags say
                // both whether it is open and whether it is the shell's.
                let cloexec = match target {
                    0..=2 => Some(false),
                    _ => fd_flags(target).map(|f| f & libc::FD_CLOEXEC != 0),
                };
                let copy = match cloexec {
                    // Not open: restoring means closing it again.
                    None => None,
                    // Not where a later move goes, or that move would
                    // overwrite the copy.
                    Some(_) => match dup_private(target, FIRST_PRIVATE_FD, &targets) {
                        Ok(copy) => Some(copy),
                        Err(Errno::EBADF) if target <= 2 => None,
                        // No copy, no way back: do not touch the descriptor.
                        Err(e) => {
                            saved.restore();
                            return Err(err(format!(
                                "redirection error: cannot duplicate fd: {}",
                                strerror(e)
                            )));
                        }
                    },
                };
                saved.fds.push(SavedFd {
                    fd: target,
                    copy,
                    cloexec: cloexec.unwrap_or(false),
                });
            }
            if let Err(e) = apply_op(*op) {
                saved.restore();
                return Err(err(self.describe(*op, e)));
            }
        }
        Ok(saved)
    }

    /// Carry the moves out for good in the shell itself (`exec >file`):
    /// all of them or, if one fails, none.
    pub fn apply_to_shell(&self) -> Result<(), RedirError> {
        // Closing one of the shell's own descriptors is closing what the
        // user cannot see: nothing.
        let ops: Vec<FdOp> = self
            .ops
            .iter()
            .copied()
            .filter(|op| !matches!(*op, FdOp::Close(fd) if is_private_fd(fd)))
            .collect();
        // One the user puts something at moves out of the way first, as
        // in bash (its script, its terminal), away from every number the
        // moves use. Only the line editor's pipes cannot move; they are
        // far up (see [`occupy_user_fds`]).
        let mut used: Vec<RawFd> = self.targets();
        used.extend(self.ops.iter().filter_map(|op| match *op {
            FdOp::Dup2 { from, .. } => Some(from),
            FdOp::Close(_) => None,
        }));
        for op in &ops {
            let FdOp::Dup2 { to, .. } = *op else {
                continue;
            };
            if !is_private_fd(to) {
                continue;
            }
            match crate::process::fds::relocate(to, &used) {
                Ok(true) => {}
                Ok(false) => return Err(err(format!("{to}: descriptor in use by the shell"))),
                Err(e) => {
                    return Err(err(format!(
                        "redirection error: cannot duplicate fd: {}",
                        strerror(e)
                    )));
                }
            }
        }
        self.apply_ops_saving(&ops)?.commit();
        Ok(())
    }

    /// Carry the moves out for good in a forked child, which has nothing
    /// to go back to.
    pub fn apply_permanently(&self) -> Result<(), RedirError> {
        for op in &self.ops {
            apply_op(*op).map_err(|e| err(self.describe(*op, e)))?;
        }
        Ok(())
    }

    /// The message for a move that failed in a child.
    pub fn describe_failure(&self, index: usize, errno: Errno) -> String {
        match self.ops.get(index) {
            Some(op) => self.describe(*op, errno),
            None => strerror(errno).to_string(),
        }
    }

    /// bash names the descriptor a file was to be put at, and the source
    /// of a copy.
    fn describe(&self, op: FdOp, errno: Errno) -> String {
        let fd = match op {
            FdOp::Dup2 { from, to } if self.is_file(from) => to,
            FdOp::Dup2 { from, .. } => from,
            FdOp::Close(fd) => fd,
        };
        format!("{fd}: {}", strerror(errno))
    }

    fn is_file(&self, fd: RawFd) -> bool {
        self.files.iter().any(|f| f.as_raw_fd() == fd)
    }
}

/// The descriptor a move changes.
fn target_of(op: FdOp) -> RawFd {
    match op {
        FdOp::Dup2 { to, .. } => to,
        FdOp::Close(fd) => fd,
    }
}

fn apply_op(op: FdOp) -> Result<(), Errno> {
    match op {
        FdOp::Dup2 { from, to } if from == to => match fd_flags(from) {
            Some(_) => Ok(()),
            None => Err(Errno::EBADF),
        },
        FdOp::Dup2 { from, to } => {
            // SAFETY: dup2 on descriptor numbers; failure is reported.
            if unsafe { libc::dup2(from, to) } < 0 {
                return Err(Errno::last());
            }
            Ok(())
        }
        FdOp::Close(fd) => {
            // SAFETY: closing a descriptor the user asked to close.
            unsafe { libc::close(fd) };
            Ok(())
        }
    }
}

/// The descriptor flags of `fd` (`FD_CLOEXEC`), or `None` if it is not
/// open.
pub fn fd_flags(fd: RawFd) -> Option<libc::c_int> {
    // SAFETY: F_GETFD only queries the descriptor.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
    (flags >= 0).then_some(flags)
}

/// Is `fd` open and the user's (see the module's comment)?
fn is_user_fd(fd: RawFd) -> bool {
    fd_flags(fd).is_some_and(|f| f & libc::FD_CLOEXEC == 0)
}

/// Is `fd` open and one of the shell's own?
fn is_private_fd(fd: RawFd) -> bool {
    fd_flags(fd).is_some_and(|f| f & libc::FD_CLOEXEC != 0)
}

/// Is `fd` past what the process may open (`2147483647>file`)? Checked
/// up front so that the error names it, and nothing after it is opened.
fn beyond_limit(fd: RawFd) -> bool {
    // Numbers below 10 are left to the move itself: the limit is hardly
    // ever that low, and this runs for every redirection.
    fd >= FIRST_PRIVATE_FD && fd >= fd_limit()
}

/// Does `path` name the memory file that takes the output of a command
/// substitution running in the shell itself?
fn opens_capture(path: &std::ffi::CStr) -> bool {
    use crate::exec::nofork::capture;
    capture::any_active()
        && nix::sys::stat::stat(path).is_ok_and(|st| capture::is_active((st.st_dev, st.st_ino)))
}

/// The first descriptor number the process may not use.
pub fn fd_limit() -> RawFd {
    match getrlimit(Resource::RLIMIT_NOFILE) {
        Ok((soft, _)) => RawFd::try_from(soft).unwrap_or(RawFd::MAX),
        Err(_) => RawFd::MAX,
    }
}

/// A close-on-exec copy of `fd` at or above [`FIRST_PRIVATE_FD`].
pub fn dup_high(fd: RawFd) -> Result<OwnedFd, Errno> {
    dup_private(fd, FIRST_PRIVATE_FD, &[])
}

/// A close-on-exec copy of `fd` for the shell to keep for long, as high
/// as bash keeps its own (lower if the descriptor limit says so).
pub fn dup_top(fd: RawFd) -> Result<OwnedFd, Errno> {
    dup_top_avoiding(fd, &[])
}

/// [`dup_top`] at none of `avoid`: the first free number from 255 down
/// (bash's `move_to_high_fd`), so that a second such descriptor (a
/// start-up file while the terminal holds 255) goes below, not above;
/// anywhere above 9 if all of those are taken.
pub fn dup_top_avoiding(fd: RawFd, avoid: &[RawFd]) -> Result<OwnedFd, Errno> {
    let top = fd_limit().min(LONG_LIVED_FD + 1);
    let free = (FIRST_PRIVATE_FD..top)
        .rev()
        .find(|&n| !avoid.contains(&n) && fd_flags(n).is_none());
    if let Some(n) = free {
        // SAFETY: dup3 onto a number found free, which we then own.
        let new = unsafe { libc::dup3(fd, n, libc::O_CLOEXEC) };
        if new >= 0 {
            // SAFETY: `new` is a fresh descriptor nobody else owns.
            return Ok(unsafe { OwnedFd::from_raw_fd(new) });
        }
    }
    dup_private(fd, FIRST_PRIVATE_FD, avoid)
}

/// A close-on-exec copy of `fd` numbered `min` or more, and none of
/// `avoid`.
fn dup_private(fd: RawFd, min: RawFd, avoid: &[RawFd]) -> Result<OwnedFd, Errno> {
    let mut min = min;
    loop {
        let copy = match dup_at_least(fd, min) {
            // The descriptor limit is at or below 10 (`ulimit -n 10`):
            // take what there is rather than fail.
            Err(Errno::EINVAL) if min == FIRST_PRIVATE_FD => dup_at_least(fd, 3)?,
            other => other?,
        };
        let at = copy.as_raw_fd();
        if !avoid.contains(&at) {
            return Ok(copy);
        }
        min = at.checked_add(1).ok_or(Errno::EMFILE)?;
    }
}

/// A close-on-exec copy of `fd` numbered `min` or more.
fn dup_at_least(fd: RawFd, min: RawFd) -> Result<OwnedFd, Errno> {
    // SAFETY: F_DUPFD_CLOEXEC returns a new descriptor we then own.
    let new = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, min) };
    if new < 0 {
        return Err(Errno::last());
    }
    // SAFETY: `new` is a fresh descriptor nobody else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(new) })
}

/// The descriptors below which the line editor's own (which we cannot
/// move) must not land: numbers users are likely to pick for
/// `exec N>file`, which a descriptor of the shell would make an error
/// (the shell's other long-lived ones, from 255 down, can move).
const EDITOR_FDS_FROM: RawFd = 200;

/// Hold free descriptors until dropped, so that descriptors opened
/// meanwhile by code we do not control (the line editor's pipes) land
/// above the ones users name: at [`EDITOR_FDS_FROM`], or above 0-9 when
/// the descriptor limit is too small to leave them room there.
pub fn occupy_user_fds() -> Vec<OwnedFd> {
    let bound = if fd_limit() / 2 > EDITOR_FDS_FROM {
        EDITOR_FDS_FROM
    } else {
        FIRST_PRIVATE_FD
    };
    let mut held = Vec::new();
    while let Ok(fd) = open(
        c"/dev/null",
        OFlag::O_RDONLY | OFlag::O_CLOEXEC,
        Mode::empty(),
    ) {
        if fd.as_raw_fd() >= bound {
            break;
        }
        held.push(fd);
    }
    held
}

/// The descriptors open now.
pub fn open_fds() -> Vec<RawFd> {
    let listed: Vec<RawFd> = std::fs::read_dir("/proc/self/fd")
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().to_str()?.parse::<RawFd>().ok())
                .collect()
        })
        .unwrap_or_default();
    // The listing saw its own directory descriptor, closed since.
    listed
        .into_iter()
        .filter(|&fd| fd_flags(fd).is_some())
        .collect()
}

/// Mark close-on-exec every descriptor opened since `before` was taken:
/// the shell's own, whoever opened them, must not leak into commands
/// (descriptors the shell inherited are passed on as they were).
pub fn close_on_exec_since(before: &[RawFd]) {
    for fd in open_fds().into_iter().filter(|fd| !before.contains(fd)) {
        if let Some(flags) = fd_flags(fd) {
            // SAFETY: F_SETFD only changes the descriptor's flags.
            unsafe { libc::fcntl(fd, libc::F_SETFD, flags | libc::FD_CLOEXEC) };
        }
    }
}

/// Move a freshly opened descriptor the shell keeps for long (its script,
/// a start-up file) out of the way of users' numbers (see [`dup_top`]).
/// Where no descriptor is left for the copy (a tiny `ulimit -n`), it
/// stays where it is: better than failing.
pub fn move_high(fd: OwnedFd) -> OwnedFd {
    dup_top(fd.as_raw_fd()).unwrap_or(fd)
}

/// Move a freshly opened descriptor for a command out of the user's 0-9.
pub fn move_private(fd: OwnedFd) -> OwnedFd {
    if fd.as_raw_fd() >= FIRST_PRIVATE_FD {
        return fd;
    }
    dup_high(fd.as_raw_fd()).unwrap_or(fd)
}

/// Descriptors as they were before a builtin's redirections.
#[derive(Debug, Default)]
pub struct Saved {
    fds: Vec<SavedFd>,
}

#[derive(Debug)]
struct SavedFd {
    fd: RawFd,
    /// Its saved copy, or `None` if it was closed.
    copy: Option<OwnedFd>,
    /// It was one of the shell's own: it must stay out of children.
    cloexec: bool,
}

impl Saved {
    pub fn restore(&mut self) {
        for saved in self.fds.drain(..).rev() {
            match saved.copy {
                // SAFETY: putting back a descriptor we saved, with the
                // close-on-exec flag it had (dup2 alone would clear it).
                Some(copy) => unsafe {
                    let flags = if saved.cloexec { libc::O_CLOEXEC } else { 0 };
                    libc::dup3(copy.as_raw_fd(), saved.fd, flags);
                },
                // SAFETY: it was closed before; close it again.
                None => unsafe {
                    libc::close(saved.fd);
                },
            }
        }
    }

    /// Keep the descriptors as they are now; the copies go.
    pub fn commit(mut self) {
        self.fds.clear();
    }
}

impl Drop for Saved {
    fn drop(&mut self) {
        self.restore();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_follows_moves_backwards() {
        let ops = [
            FdOp::Dup2 { from: 10, to: 1 },
            FdOp::Dup2 { from: 1, to: 2 },
        ];
        assert_eq!(Plan::resolve(&ops, 2), Some(10));
        let ops = [
            FdOp::Dup2 { from: 1, to: 2 },
            FdOp::Dup2 { from: 10, to: 1 },
        ];
        assert_eq!(Plan::resolve(&ops, 2), Some(1));
        assert_eq!(Plan::resolve(&[FdOp::Close(2)], 2), None);
        assert_eq!(Plan::resolve(&[], 2), Some(2));
    }
}
