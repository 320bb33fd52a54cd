//! The `jsh` binary. It has its own C `main` instead of Rust's start-up,
//! which a shell pays for on every script: the runtime's stack-overflow
//! guard reads /proc/self/maps and sets up an alternate signal stack, and it
//! ignores SIGPIPE, which a shell must leave as it found it for its
//! children (`yes | head -1` ends by SIGPIPE).
#![no_main]

use std::ffi::{c_char, c_int};

#[global_allocator]
static ALLOC: jsh::small_alloc::SmallAlloc = jsh::small_alloc::SmallAlloc;

#[unsafe(no_mangle)]
pub extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    let status = jsh::cli::main(std::env::args_os().collect());
    std::process::exit(status)
}
