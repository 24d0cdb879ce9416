//! The process's heap: power-of-two size classes carved from mapped
//! chunks, each class with a free list; blocks above the largest class are
//! mapped on their own.
//!
//! Why not glibc's malloc: a command of ours lives a few milliseconds, and
//! under emulation (QEMU's TCG, where the benchmark and the compat suite
//! run) every code block a process executes is translated afresh on each
//! exec of a position-independent binary. glibc's malloc, free, realloc and
//! their helpers were about 300 of the 2,660 blocks of `ipvsadm -Ln` on 100
//! services; this is a few dozen. Natively it is also shorter work.
//!
//! Design decisions:
//! * No headers: Rust hands `dealloc` and `realloc` the layout the block
//!   was made with, so the size class is known from it.
//! * Small blocks (up to `1 << MAX_SHIFT` bytes, alignment up to 16) are
//!   never returned to the system, only to their class's free list, as
//!   glibc keeps its heap. A class's blocks are reused only for that class.
//! * Chunks come from mmap, not brk, so the heap never meets glibc's own
//!   (glibc still serves its internal allocations). Untouched parts of a
//!   chunk cost address space, not memory.
//! * Large blocks (or over-aligned ones, up to a page) are mapped and
//!   unmapped on their own, and grow with mremap: a 20,000-service table is
//!   never copied to grow.
//! * A spin lock makes it sound should a second thread ever allocate; the
//!   program has one, so the lock is never contended.

use nix::sys::mman::{self, MRemapFlags, MapFlags, ProtFlags};
use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::num::NonZeroUsize;
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicBool, Ordering};

/// The smallest class: 16 bytes (also the alignment every class block has).
const MIN_SHIFT: u32 = 4;
/// The largest class: 64 KiB.
const MAX_SHIFT: u32 = 16;
const CLASSES: usize = (MAX_SHIFT - MIN_SHIFT + 1) as usize;
/// Small blocks are carved from chunks of this size.
const CHUNK: usize = 1 << 20;
const PAGE: usize = 4096;

struct State {
    /// Per class, the first free block; each free block holds the next.
    free: [*mut u8; CLASSES],
    /// The unused rest of the current chunk.
    next: usize,
    end: usize,
}

/// The allocator (`#[global_allocator]` in the binary).
pub struct Heap {
    lock: AtomicBool,
    state: UnsafeCell<State>,
}

// SAFETY: `state` is only reached under `lock`.
unsafe impl Sync for Heap {}

impl Default for Heap {
    fn default() -> Self {
        Self::new()
    }
}

impl Heap {
    pub const fn new() -> Self {
        Heap {
            lock: AtomicBool::new(false),
            state: UnsafeCell::new(State {
                free: [ptr::null_mut(); CLASSES],
                next: 0,
                end: 0,
            }),
        }
    }

    fn locked<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        while self.lock.swap(true, Ordering::Acquire) {
            std::hint::spin_loop();
        }
        // SAFETY: the lock is held, so this is the only reference.
        let r = f(unsafe { &mut *self.state.get() });
        self.lock.store(false, Ordering::Release);
        r
    }
}

/// The class of a block of `size` bytes aligned to `align`, or None when it
/// is mapped on its own.
fn class(size: usize, align: usize) -> Option<usize> {
    if size > 1 << MAX_SHIFT || align > 1 << MIN_SHIFT {
        return None;
    }
    let shift = size
        .max(1 << MIN_SHIFT)
        .next_power_of_two()
        .trailing_zeros();
    Some((shift - MIN_SHIFT) as usize)
}

/// Bytes a mapped block of `size` bytes spans.
fn pages(size: usize) -> usize {
    size.max(1).div_ceil(PAGE) * PAGE
}

fn map(len: usize) -> *mut u8 {
    let Some(len) = NonZeroUsize::new(len) else {
        return ptr::null_mut();
    };
    // SAFETY: a new private anonymous mapping aliases nothing.
    match unsafe {
        mman::mmap_anonymous(
            None,
            len,
            ProtFlags::PROT_READ | ProtFlags::PROT_WRITE,
            MapFlags::MAP_PRIVATE,
        )
    } {
        Ok(p) => p.as_ptr().cast(),
        Err(_) => ptr::null_mut(),
    }
}

/// # Safety
/// `p` must be a block mapped by `map` spanning `len` bytes.
unsafe fn unmap(p: *mut u8, len: usize) {
    if let Some(p) = NonNull::new(p) {
        // SAFETY: the caller's promise; nothing refers to the block any more.
        let _ = unsafe { mman::munmap(p.cast(), len) };
    }
}

impl State {
    fn take(&mut self, c: usize) -> *mut u8 {
        let head = self.free.get(c).copied().unwrap_or(ptr::null_mut());
        if !head.is_null() {
            // SAFETY: a free block's first word holds the next free block.
            let next = unsafe { head.cast::<*mut u8>().read() };
            if let Some(slot) = self.free.get_mut(c) {
                *slot = next;
            }
            return head;
        }
        let size = 1usize << (c as u32 + MIN_SHIFT);
        if self.end - self.next < size {
            let chunk = map(CHUNK);
            if chunk.is_null() {
                return chunk;
            }
            // The old chunk's rest (less than the largest class) is left unused.
            self.next = chunk as usize;
            self.end = self.next + CHUNK;
        }
        let p = self.next as *mut u8;
        self.next += size;
        p
    }

    /// # Safety
    /// `p` must be a block of class `c` that is no longer used.
    unsafe fn give(&mut self, p: *mut u8, c: usize) {
        if let Some(slot) = self.free.get_mut(c) {
            // SAFETY: the block is at least 16 bytes, aligned, and ours now.
            unsafe { p.cast::<*mut u8>().write(*slot) };
            *slot = p;
        }
    }
}

// SAFETY: blocks are disjoint (free lists and the chunk's rest never hand
// out a block twice), at least `layout.size()` bytes long and aligned to
// `layout.align()` (16 for classes, a page for mappings; larger alignments
// fail with null).
unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match class(layout.size(), layout.align()) {
            Some(c) => self.locked(|s| s.take(c)),
            None if layout.align() <= PAGE => map(pages(layout.size())),
            None => ptr::null_mut(),
        }
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        match class(layout.size(), layout.align()) {
            // SAFETY: `p` came from `alloc` with this layout, so from class `c`.
            Some(c) => self.locked(|s| unsafe { s.give(p, c) }),
            // SAFETY: mapped by `alloc` (or `realloc`) for this size.
            None => unsafe { unmap(p, pages(layout.size())) },
        }
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = class(layout.size(), layout.align());
        let new = class(new_size, layout.align());
        if old.is_some() && old == new {
            return p;
        }
        if let (None, None, Some(old_p)) = (old, new, NonNull::new(p)) {
            // SAFETY: mapped by us with this length; MAYMOVE keeps the
            // contents wherever it lands.
            return match unsafe {
                mman::mremap(
                    old_p.cast(),
                    pages(layout.size()),
                    pages(new_size),
                    MRemapFlags::MREMAP_MAYMOVE,
                    None,
                )
            } {
                Ok(q) => q.as_ptr().cast(),
                Err(_) => ptr::null_mut(),
            };
        }
        // SAFETY: `new_size` with the old alignment is a valid layout (the
        // caller's promise for realloc).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: as for `alloc`.
        let q = unsafe { self.alloc(new_layout) };
        if !q.is_null() {
            // SAFETY: both blocks are live, distinct and at least this long.
            unsafe {
                ptr::copy_nonoverlapping(p, q, layout.size().min(new_size));
                self.dealloc(p, layout);
            }
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_powers_of_two_from_16_bytes() {
        assert_eq!(class(1, 1), Some(0));
        assert_eq!(class(16, 8), Some(0));
        assert_eq!(class(17, 8), Some(1));
        assert_eq!(class(4096, 16), Some(8));
        assert_eq!(class(65536, 8), Some(12));
        assert_eq!(class(65537, 8), None);
        assert_eq!(class(8, 32), None);
    }

    /// Fill a block with a pattern derived from its id.
    unsafe fn fill(p: *mut u8, len: usize, id: usize) {
        for i in 0..len {
            unsafe { p.add(i).write((id * 31 + i) as u8) };
        }
    }

    unsafe fn check(p: *const u8, len: usize, id: usize) -> bool {
        (0..len).all(|i| unsafe { p.add(i).read() } == (id * 31 + i) as u8)
    }

    #[test]
    fn random_allocations_keep_their_contents() {
        // A fixed pseudo-random stream (xorshift) of allocations, frees and
        // reallocations across every class, the mapped sizes and both
        // alignments; every live block keeps its pattern throughout, so an
        // overlap or a lost copy shows.
        let heap = Heap::new();
        let mut rng = crate::testing::XorShift(0x9e37_79b9_7f4a_7c15);
        let mut next = move || rng.next_u64();
        let mut live: Vec<(*mut u8, Layout, usize)> = Vec::new();
        for id in 0..4000 {
            let r = next();
            let size = match r % 10 {
                0 => 1 + (r >> 8) as usize % 300_000,
                1..=3 => 1 + (r >> 8) as usize % 70_000,
                _ => 1 + (r >> 8) as usize % 600,
            };
            let align = if r % 17 == 0 { 64 } else { 8 };
            match (r >> 40) % 3 {
                0 | 1 => {
                    let layout = Layout::from_size_align(size, align).unwrap();
                    let p = unsafe { heap.alloc(layout) };
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0);
                    unsafe { fill(p, size, id) };
                    live.push((p, layout, id));
                }
                _ if !live.is_empty() => {
                    let i = (r >> 20) as usize % live.len();
                    let (p, layout, old_id) = live.swap_remove(i);
                    assert!(unsafe { check(p, layout.size(), old_id) });
                    if r % 2 == 0 {
                        unsafe { heap.dealloc(p, layout) };
                    } else {
                        let q = unsafe { heap.realloc(p, layout, size) };
                        assert!(!q.is_null());
                        let kept = layout.size().min(size);
                        assert!(unsafe { check(q, kept, old_id) });
                        unsafe { fill(q, size, id) };
                        let layout = Layout::from_size_align(size, layout.align()).unwrap();
                        live.push((q, layout, id));
                    }
                }
                _ => {}
            }
        }
        for (p, layout, id) in live {
            assert!(unsafe { check(p, layout.size(), id) });
            unsafe { heap.dealloc(p, layout) };
        }
    }

    #[test]
    fn freed_blocks_are_reused_by_their_class() {
        let heap = Heap::new();
        let layout = Layout::from_size_align(100, 8).unwrap();
        let a = unsafe { heap.alloc(layout) };
        unsafe { heap.dealloc(a, layout) };
        // Same class (128 bytes): the freed block comes back.
        let b = unsafe { heap.alloc(Layout::from_size_align(120, 8).unwrap()) };
        assert_eq!(a, b);
        // Growing within the class keeps the block; past it, it moves.
        let c = unsafe { heap.realloc(b, Layout::from_size_align(120, 8).unwrap(), 128) };
        assert_eq!(c, b);
        let d = unsafe { heap.realloc(c, Layout::from_size_align(128, 8).unwrap(), 129) };
        assert_ne!(d, c);
    }
}
