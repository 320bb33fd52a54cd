//! Children that change state while the user types at the prompt.
//!
//! While the shell waits at the prompt, the job table is lent to a helper
//! thread, which wakes on SIGCHLD (through signal-hook's self-pipe) and
//! reaps, so no child, disowned ones included, lingers as a zombie. With
//! `set -b` it also reports a finished or stopped job at once, through
//! rustyline's external printer, which redraws the line being typed
//! intact. The table comes back before the line is run, so the main thread
//! and the helper never reap at the same time.

use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use nix::fcntl::OFlag;
use nix::sys::signal::Signal;

use crate::jobs::report;
use crate::jobs::table::JobTable;
use crate::process::signals;

/// Where the helper thread writes its reports.
pub type Printer = Box<dyn FnMut(String) + Send>;

#[derive(Default)]
struct Lent {
    /// The table, while the shell is at the prompt.
    jobs: Option<JobTable>,
    /// `set -b`: report news at once.
    notify: bool,
}

pub struct Notifier {
    lent: Arc<Mutex<Lent>>,
}

impl Notifier {
    /// Start the helper thread; `print` shows a report to the user.
    pub fn start(print: Printer) -> io::Result<Notifier> {
        let (read, write) = nix::unistd::pipe2(OFlag::O_CLOEXEC)?;
        signal_hook::low_level::pipe::register(libc::SIGCHLD, write)?;
        // A vfork child must not run this handler between clone and exec.
        signals::mark_changed(Signal::SIGCHLD);
        let lent = Arc::new(Mutex::new(Lent::default()));
        let shared = lent.clone();
        // The thread starts with every signal blocked (a new thread
        // inherits the mask), so that handlers always run on the main
        // thread, which waits for them in sigsuspend.
        let all = nix::sys::signal::SigSet::all();
        let old = all.thread_swap_mask(nix::sys::signal::SigmaskHow::SIG_BLOCK)?;
        let spawned = std::thread::Builder::new()
            .name("jsh-notify".into())
            .spawn(move || watch(read, shared, print));
        let _ = old.thread_set_mask();
        spawned?;
        Ok(Notifier { lent })
    }

    /// At the prompt: lend the table to the helper.
    pub fn lend(&self, jobs: &mut JobTable, notify: bool) {
        let mut lent = self.lent.lock().unwrap_or_else(PoisonError::into_inner);
        let mut table = std::mem::take(jobs);
        // A child that changed after the shell last reaped, while the
        // helper had no table, woke it for nothing: reap it here, under the
        // lock, so that no change is left waiting for a SIGCHLD that came
        // already (a zombie until the next one).
        table.reap(true);
        lent.jobs = Some(table);
        lent.notify = notify;
        TABLE_LENT.store(true, Ordering::Relaxed);
    }

    /// A line was read: take the table back, with what the helper saw.
    pub fn take_back(&self, jobs: &mut JobTable) {
        let mut lent = self.lent.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(table) = lent.jobs.take() {
            *jobs = table;
        }
        TABLE_LENT.store(false, Ordering::Relaxed);
    }
}

/// Set while the helper holds the table and may reap any child.
static TABLE_LENT: AtomicBool = AtomicBool::new(false);

/// Is the table lent to the helper now? Code that waits for a child of
/// its own (std's `Command::output`) must not run then: the helper's
/// `waitpid(-1)` could take the child's status first.
pub fn table_lent() -> bool {
    TABLE_LENT.load(Ordering::Relaxed)
}

fn watch(read: OwnedFd, lent: Arc<Mutex<Lent>>, mut print: Printer) {
    let mut buf = [0u8; 64];
    loop {
        match nix::unistd::read(read.as_fd(), &mut buf) {
            Ok(0) => return,
            Ok(_) | Err(nix::errno::Errno::EINTR) => {}
            Err(_) => return,
        }
        let mut lent = lent.lock().unwrap_or_else(PoisonError::into_inner);
        let notify = lent.notify;
        if let Some(table) = lent.jobs.as_mut() {
            table.reap(true);
            if notify {
                let news = report::take_news(table, &report::Telling::INTERACTIVE);
                if !news.is_empty() {
                    print(news);
                }
            }
        }
    }
}
