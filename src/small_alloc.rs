//! The binary's global allocator: a per-thread cache of small blocks in
//! front of the C library's malloc.
//!
//! A shell allocates and frees a handful of small blocks per command (the
//! syntax tree, the expanded fields, builtin arguments). glibc's malloc and
//! free cost about 130 instructions per pair even on their tcache path,
//! which made them the largest single cost of a run of builtins (measured
//! with callgrind: 13 pairs and ~1,700 instructions of a 5,600-instruction
//! `cd .`). Here a freed small block goes on a per-thread list of its size
//! class and the next request of that class takes it back: about ten
//! instructions each way.
//!
//! Every small block, cached or not, is a malloc block of its class's full
//! size, so any block can go back to `free` or to another class's list of
//! the same size, from any thread. The class sizes are those glibc rounds
//! to anyway (a chunk of 16n bytes holds 16n - 8), so the rounding costs no
//! memory, and each list keeps at most [`KEEP`] blocks: the peak memory of
//! a large script is the same as with malloc alone. What a thread other
//! than the main one (the job notifier, which lives as long as the shell)
//! keeps when it ends is at most [`KEEP`] blocks per class.
//!
//! A vfork child shares the parent's memory and allocates nothing (see
//! [`crate::process::spawn`]); a forked child gets its own copy of the lists.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ptr;

/// Chunks of 32, 48, ... 256 bytes: requests of up to 248 bytes.
const CLASSES: usize = 15;
const MAX_SMALL: usize = 248;
/// malloc's own alignment on x86_64 Linux; larger alignments go to it.
const ALIGN: usize = 16;
/// Blocks kept per class at most: at most 128 KiB in all the lists.
pub const KEEP: u32 = 64;

pub struct SmallAlloc;

struct Cache {
    heads: [Cell<*mut u8>; CLASSES],
    counts: [Cell<u32>; CLASSES],
}

thread_local! {
    // Constant-initialised and without a destructor: an access is a plain
    // thread-local load, and it never allocates (this is the allocator).
    static CACHE: Cache = const {
        Cache {
            heads: [const { Cell::new(ptr::null_mut()) }; CLASSES],
            counts: [const { Cell::new(0) }; CLASSES],
        }
    };
}

/// The class of a request of `size` bytes with alignment `align`, if small.
fn class(size: usize, align: usize) -> Option<usize> {
    if size > MAX_SMALL || align > ALIGN {
        return None;
    }
    // glibc's chunk for `size` bytes: size plus an 8-byte header, rounded
    // up to 16, at least 32.
    let chunk = ((size + 8 + 15) & !15).max(32);
    Some(chunk / 16 - 2)
}

/// What a block of class `c` holds.
fn block_size(c: usize) -> usize {
    (c + 2) * 16 - 8
}

/// The layout malloc gets for a block of class `c`.
fn block_layout(c: usize) -> Layout {
    // SAFETY: the size is at least 24 and the alignment a power of two no
    // larger than it.
    unsafe { Layout::from_size_align_unchecked(block_size(c), ALIGN) }
}

/// Take a cached block of class `c`.
fn pop(c: usize) -> *mut u8 {
    CACHE.with(|cache| {
        let head = cache.heads[c].get();
        if !head.is_null() {
            // SAFETY: a cached block is a free block of at least 24 bytes,
            // aligned to 16, whose first word is the next cached block.
            cache.heads[c].set(unsafe { head.cast::<*mut u8>().read() });
            cache.counts[c].set(cache.counts[c].get() - 1);
        }
        head
    })
}

/// Keep a free block of class `c`; false if its list is full.
fn push(c: usize, block: *mut u8) -> bool {
    CACHE.with(|cache| {
        let n = cache.counts[c].get();
        if n >= KEEP {
            return false;
        }
        // SAFETY: the block is free, ours, and large and aligned enough
        // for a pointer.
        unsafe { block.cast::<*mut u8>().write(cache.heads[c].get()) };
        cache.heads[c].set(block);
        cache.counts[c].set(n + 1);
        true
    })
}

// SAFETY: every block handed out is either a fresh malloc block of at least
// the requested size and alignment, or such a block that was freed and
// cached; a cached block is handed out once until it is freed again.
// Not inlined: at every allocation site of the program, the cache's code
// made the binary 137 KB larger and its resident text 330 KiB larger.
unsafe impl GlobalAlloc for SmallAlloc {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match class(layout.size(), layout.align()) {
            Some(c) => {
                let block = pop(c);
                if !block.is_null() {
                    return block;
                }
                // SAFETY: a non-zero size.
                unsafe { System.alloc(block_layout(c)) }
            }
            // SAFETY: the caller's layout, passed on.
            None => unsafe { System.alloc(layout) },
        }
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        match class(layout.size(), layout.align()) {
            Some(c) => {
                if !push(c, ptr) {
                    // SAFETY: a block of class `c` came from malloc with
                    // this layout (see `alloc`).
                    unsafe { System.dealloc(ptr, block_layout(c)) }
                }
            }
            // SAFETY: allocated by System with this layout.
            None => unsafe { System.dealloc(ptr, layout) },
        }
    }

    #[inline(never)]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if class(layout.size(), layout.align()).is_none() {
            // SAFETY: the caller's layout, passed on (calloc).
            return unsafe { System.alloc_zeroed(layout) };
        }
        // SAFETY: the caller's layout; the block holds `layout.size()`.
        unsafe {
            let block = self.alloc(layout);
            if !block.is_null() {
                ptr::write_bytes(block, 0, layout.size());
            }
            block
        }
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = class(layout.size(), layout.align());
        let new = class(new_size, layout.align());
        if old.is_some() && old == new {
            // The block already holds the new size (a Vec growing from 8
            // to 16 bytes).
            return ptr;
        }
        if old.is_none() && new.is_none() {
            // SAFETY: large before and after: malloc's own realloc.
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        // SAFETY: the caller guarantees `ptr` is live with `layout`, and
        // `new_size` with the same alignment is a valid layout; the copy
        // is of what both blocks hold.
        unsafe {
            let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
            let fresh = self.alloc(new_layout);
            if !fresh.is_null() {
                ptr::copy_nonoverlapping(ptr, fresh, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            fresh
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_glibc_chunks() {
        assert_eq!(class(1, 1), Some(0));
        assert_eq!(class(24, 8), Some(0));
        assert_eq!(class(25, 8), Some(1));
        assert_eq!(class(40, 8), Some(1));
        assert_eq!(class(248, 8), Some(CLASSES - 1));
        assert_eq!(class(249, 8), None);
        assert_eq!(class(16, 32), None);
        for size in 1..=MAX_SMALL {
            let c = class(size, 8).unwrap();
            assert!(block_size(c) >= size, "{size}");
            assert!(c == 0 || block_size(c - 1) < size, "{size}");
        }
    }

    #[test]
    fn blocks_are_reused_and_hold_their_size() {
        let a = SmallAlloc;
        // SAFETY: layouts of non-zero size; each block freed once.
        unsafe {
            let l = Layout::from_size_align(20, 8).unwrap();
            let p = a.alloc(l);
            ptr::write_bytes(p, 0xaa, 20);
            a.dealloc(p, l);
            let q = a.alloc(Layout::from_size_align(24, 8).unwrap());
            assert_eq!(p, q, "the freed block of the same class comes back");
            let r = a.realloc(q, Layout::from_size_align(24, 8).unwrap(), 300);
            ptr::write_bytes(r, 0xbb, 300);
            let s = a.realloc(r, Layout::from_size_align(300, 8).unwrap(), 10);
            assert_eq!(*s, 0xbb);
            a.dealloc(s, Layout::from_size_align(10, 8).unwrap());
            let z = a.alloc_zeroed(Layout::from_size_align(16, 8).unwrap());
            assert!(std::slice::from_raw_parts(z, 16).iter().all(|&b| b == 0));
            a.dealloc(z, Layout::from_size_align(16, 8).unwrap());
        }
    }

    #[test]
    fn lists_are_bounded() {
        let a = SmallAlloc;
        let l = Layout::from_size_align(100, 8).unwrap();
        // SAFETY: each block allocated with `l` and freed once.
        unsafe {
            let blocks: Vec<_> = (0..KEEP + 10).map(|_| a.alloc(l)).collect();
            for b in blocks {
                a.dealloc(b, l);
            }
        }
        let c = class(100, 8).unwrap();
        assert_eq!(CACHE.with(|cache| cache.counts[c].get()), KEEP);
    }
}
