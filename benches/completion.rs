//! Is completing a command instant with thousands of executables on PATH?
//! Puts 5,000 executables in a temporary PATH directory and times
//! `Completion::candidates` for a command prefix: the first call (which
//! lists the directory) and later calls (served from the cache). Run with
//! `cargo bench --bench completion`.

use std::cell::RefCell;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::rc::Rc;
use std::time::Instant;

use jsh::interactive::completion::{Completion, CompletionData};

const FILES: usize = 5000;
const ROUNDS: usize = 101;

fn main() {
    let dir = std::env::temp_dir().join(format!("jsh-complbench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for i in 0..FILES {
        let p = dir.join(format!("cmd{i:05}"));
        std::fs::write(&p, "").expect("write");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let data = CompletionData {
        path: Some(dir.as_os_str().as_bytes().to_vec()),
        builtins: jsh::builtins::names(),
        ..Default::default()
    };
    let completion = Completion::new(Rc::new(RefCell::new(data)));
    let t = Instant::now();
    let (_, first) = completion.candidates("cmd0", 4);
    let cold = t.elapsed();
    let mut warm: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let t = Instant::now();
            let (_, c) = completion.candidates("cmd01", 5);
            assert_eq!(c.len(), 1000);
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    warm.sort_by(f64::total_cmp);
    println!(
        "{FILES} executables on PATH; {} candidates for `cmd0`",
        first.len()
    );
    println!(
        "  first completion (lists the directory): {:.2} ms",
        cold.as_secs_f64() * 1e3
    );
    println!(
        "  later completions (cached), median of {ROUNDS}: {:.2} ms",
        warm[ROUNDS / 2]
    );
    std::fs::remove_dir_all(&dir).expect("cleanup");
}
