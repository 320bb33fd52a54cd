//! How jsh is built: the shell itself is linked statically (start-up), while
//! host artifacts such as procedural macros are not (see .cargo/config.toml).

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
