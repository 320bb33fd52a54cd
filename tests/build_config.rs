//! How jsh is built: the shell itself is linked statically (start-up), while
//! host artifacts such as procedural macros are not (see .cargo/config.toml).

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
#[path = "skip/mod.rs"]
mod skip;

/// True when the ELF file has a PT_INTERP program header, i.e. it asks for
/// the dynamic loader.
fn has_interpreter(elf: &[u8]) -> bool {
    assert_eq!(&elf[..4], b"\x7fELF", "not an ELF file");
    assert_eq!(elf[4], 2, "not a 64-bit ELF file");
    let u16_at = |o: usize| u16::from_le_bytes([elf[o], elf[o + 1]]) as usize;
    let phoff = u64::from_le_bytes(elf[0x20..0x28].try_into().unwrap()) as usize;
    let (phentsize, phnum) = (u16_at(0x36), u16_at(0x38));
    (0..phnum).any(|i| {
        let at = phoff + i * phentsize;
        u32::from_le_bytes(elf[at..at + 4].try_into().unwrap()) == 3
    })
}

#[test]
fn jsh_is_linked_statically() {
    let elf = std::fs::read(env!("CARGO_BIN_EXE_jsh")).expect("read the jsh binary");
    assert!(
        !has_interpreter(&elf),
        "jsh asks for the dynamic loader: start-up would double"
    );
}

#[test]
fn the_dynamic_loader_is_recognised() {
    // /bin/sh on Debian is dynamically linked dash: the check above must be
    // able to see an interpreter at all.
    let elf = std::fs::read("/bin/sh").expect("read /bin/sh");
    if !has_interpreter(&elf) {
        skip::skip_or_fail(
            "the_dynamic_loader_is_recognised",
            "/bin/sh is statically linked; no dynamic ELF to compare with",
        );
    }
}

/// Copies a directory tree (the fixture crates are a few small files).
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create fixture directory");
    for entry in fs::read_dir(from).expect("read fixture directory") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("fixture file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

#[test]
fn crates_with_procedural_macros_build_under_the_repository_config() {
    // A crate using a procedural macro, built with this repository's
    // .cargo/config.toml: with +crt-static applied to host artifacts too,
    // cargo refuses ("cannot produce proc-macro ... does not support these
    // crate types"), which closed off most of the ecosystem.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = common::TempDir::new("proc-macro");
    copy_tree(&root.join("tests/fixtures/proc_macro"), dir.path());
    fs::create_dir_all(dir.path().join(".cargo")).expect("create .cargo");
    fs::copy(
        root.join(".cargo/config.toml"),
        dir.path().join(".cargo/config.toml"),
    )
    .expect("copy the repository's cargo config");
    let out = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--offline"])
        .current_dir(dir.path().join("user"))
        .env("CARGO_TARGET_DIR", dir.path().join("target"))
        .stdin(Stdio::null())
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "the fixture did not build: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "42\n");
}
