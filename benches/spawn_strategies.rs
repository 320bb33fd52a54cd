//! How fast can a shell start a program? Times the three ways jsh could
//! spawn `/bin/true` and wait for it: its vfork-class `clone`, glibc's
//! `posix_spawn`, and plain `fork` + `execve`. Run with
//! `cargo bench --bench spawn_strategies`; prints the median cost per spawn.

use std::ffi::{CString, c_char};
use std::time::Instant;

use jsh::process::spawn::{Exec, Launch, Spawner};
use jsh::state::vars::Vars;
use nix::sys::wait::waitpid;
use nix::unistd::Pid;

const SPAWNS: usize = 2000;
const ROUNDS: usize = 9;

fn wait(pid: libc::pid_t) {
    waitpid(Pid::from_raw(pid), None).expect("waitpid");
}

fn clone_vfork(path: &CString, envp: *const *const c_char) {
    let mut spawner = Spawner::default();
    for _ in 0..SPAWNS {
        let mut argv = [path.as_ptr(), path.as_ptr(), std::ptr::null()];
        let mut exec = Exec {
            path: Some(path),
            fail_status: 127,
            argv: &mut argv,
            envp,
            interpreter: path,
        };
        let spawned = spawner.spawn(&Launch::default(), &mut exec).expect("spawn");
        wait(spawned.pid.as_raw());
    }
}

fn posix_spawn(path: &CString, envp: *const *const c_char) {
    let argv = [path.as_ptr() as *mut c_char, std::ptr::null_mut()];
    for _ in 0..SPAWNS {
        let mut pid = 0;
        // SAFETY: argv and envp are null-terminated arrays of C strings.
        let rc = unsafe {
            libc::posix_spawn(
                &mut pid,
                path.as_ptr(),
                std::ptr::null(),
                std::ptr::null(),
                argv.as_ptr(),
                envp as *const *mut c_char,
            )
        };
        assert_eq!(rc, 0, "posix_spawn");
        wait(pid);
    }
}

fn fork_exec(path: &CString, envp: *const *const c_char) {
    let argv = [path.as_ptr(), std::ptr::null()];
    for _ in 0..SPAWNS {
        // SAFETY: single-threaded; the child only calls execve and _exit.
        let pid = unsafe { libc::fork() };
        if pid == 0 {
            // SAFETY: as above.
            unsafe {
                libc::execve(path.as_ptr(), argv.as_ptr(), envp);
                libc::_exit(127);
            }
        }
        wait(pid);
    }
}

fn micros_per_spawn(f: impl Fn()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64() * 1e6 / SPAWNS as f64
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let path = CString::new("/bin/true").expect("no NUL");
    let mut vars = Vars::from_environment();
    let envp = vars.envp();
    let (mut vfork, mut spawn, mut fork) = (Vec::new(), Vec::new(), Vec::new());
    // Interleave the strategies round by round so machine noise hits all.
    for _ in 0..ROUNDS {
        vfork.push(micros_per_spawn(|| clone_vfork(&path, envp)));
        spawn.push(micros_per_spawn(|| posix_spawn(&path, envp)));
        fork.push(micros_per_spawn(|| fork_exec(&path, envp)));
    }
    let (vfork, spawn, fork) = (median(vfork), median(spawn), median(fork));
    println!("median per spawn+wait of /bin/true ({SPAWNS} spawns x {ROUNDS} rounds):");
    println!("  clone(CLONE_VM|CLONE_VFORK) {vfork:8.1} us  1.00x");
    println!(
        "  posix_spawn                 {spawn:8.1} us  {:.2}x",
        spawn / vfork
    );
    println!(
        "  fork + execve               {fork:8.1} us  {:.2}x",
        fork / vfork
    );
}
