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
//! * No headers on Rust's blocks: Rust hands `dealloc` and `realloc` the
//!   layout the block was made with, so the size class is known from it.
//!   (C's `free` is not told the size: C's blocks carry a header, see `c`.)
//! * Small blocks (up to `1 << MAX_SHIFT` bytes, alignment up to 16) are
//!   never returned to the system, only to their class's free list, as
//!   glibc keeps its heap. A class's blocks are reused only for that class.
//! * glibc's own allocations (its start-up makes some) come here too,
//!   through C's functions (`c`), so glibc's malloc is not linked at all:
//!   about 150 fewer blocks per exec.
//! * Chunks come from mmap. Untouched parts of a chunk cost address space,
//!   not memory.
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

/// C's allocation functions on the same heap (the binary exports them as
/// `malloc`, `free` and the rest; see `main.rs`). Linked statically, glibc
/// then takes its own start-up allocations from here too, so its malloc
/// (about 150 code blocks of every exec) is not linked.
///
/// Each block carries a 16-byte header before the address handed out: the
/// total size allocated and the address it starts at (not the header's own
/// place for over-aligned blocks), which `free` needs to give it back.
/// Like glibc: blocks are 16-byte aligned, `realloc(p, 0)` frees and
/// returns null, failures set ENOMEM (EINVAL for a bad alignment).
pub mod c {
    use super::{Heap, PAGE};
    use std::alloc::{GlobalAlloc, Layout};
    use std::ptr;

    const HEADER: usize = 16;

    fn layout(total: usize) -> Option<Layout> {
        Layout::from_size_align(total, HEADER).ok()
    }

    fn no_memory() -> *mut u8 {
        nix::errno::Errno::ENOMEM.set();
        ptr::null_mut()
    }

    /// # Safety
    /// `p` must be null or a live block from this module's functions.
    unsafe fn header(p: *mut u8) -> (usize, *mut u8) {
        // SAFETY: the caller's promise: the header precedes `p`.
        unsafe {
            let h = p.sub(HEADER).cast::<usize>();
            (h.read(), h.add(1).read() as *mut u8)
        }
    }

    /// # Safety
    /// `base..base + total` must be a live block with `p - HEADER` in it.
    unsafe fn set_header(p: *mut u8, total: usize, base: *mut u8) -> *mut u8 {
        // SAFETY: the caller's promise.
        unsafe {
            let h = p.sub(HEADER).cast::<usize>();
            h.write(total);
            h.add(1).write(base as usize);
        }
        p
    }

    /// `malloc`, or `memalign` for alignments above 16.
    pub fn alloc(heap: &Heap, align: usize, size: usize) -> *mut u8 {
        let extra = if align > HEADER { align } else { 0 };
        let Some(l) = size.checked_add(HEADER + extra).and_then(layout) else {
            return no_memory();
        };
        // SAFETY: a valid, non-zero layout.
        let base = unsafe { heap.alloc(l) };
        if base.is_null() {
            return no_memory();
        }
        let at = if extra == 0 {
            base as usize + HEADER
        } else {
            (base as usize + HEADER).next_multiple_of(align)
        };
        // SAFETY: `at - HEADER .. at + size` lies within the block.
        unsafe { set_header(base.add(at - base as usize), l.size(), base) }
    }

    /// `free`.
    ///
    /// # Safety
    /// `p` must be null or a live block from this module's functions.
    pub unsafe fn free(heap: &Heap, p: *mut u8) {
        if p.is_null() {
            return;
        }
        // SAFETY: the caller's promise.
        let (total, base) = unsafe { header(p) };
        if let Some(l) = layout(total) {
            // SAFETY: `base` was allocated with this layout.
            unsafe { heap.dealloc(base, l) };
        }
    }

    /// `calloc`.
    pub fn calloc(heap: &Heap, n: usize, size: usize) -> *mut u8 {
        let Some(bytes) = n.checked_mul(size) else {
            return no_memory();
        };
        let p = alloc(heap, HEADER, bytes);
        if !p.is_null() {
            // SAFETY: the block is `bytes` long.
            unsafe { ptr::write_bytes(p, 0, bytes) };
        }
        p
    }

    /// `realloc`.
    ///
    /// # Safety
    /// `p` must be null or a live block from this module's functions.
    pub unsafe fn realloc(heap: &Heap, p: *mut u8, size: usize) -> *mut u8 {
        if p.is_null() {
            return alloc(heap, HEADER, size);
        }
        if size == 0 {
            // SAFETY: the caller's promise.
            unsafe { free(heap, p) };
            return ptr::null_mut();
        }
        // SAFETY: the caller's promise.
        let (total, base) = unsafe { header(p) };
        let (Some(old), Some(new)) = (layout(total), size.checked_add(HEADER).and_then(layout))
        else {
            return no_memory();
        };
        if base as usize + HEADER == p as usize {
            // SAFETY: `base` was allocated with `old`; the header moves with it.
            let q = unsafe { heap.realloc(base, old, new.size()) };
            if q.is_null() {
                return no_memory();
            }
            // SAFETY: `q` is a block of `new.size()` bytes.
            return unsafe { set_header(q.add(HEADER), new.size(), q) };
        }
        // An over-aligned block: a fresh one, 16-byte aligned.
        let q = alloc(heap, HEADER, size);
        if !q.is_null() {
            // SAFETY: both live; the old one holds `usable` bytes.
            unsafe {
                let usable = total - (p as usize - base as usize);
                ptr::copy_nonoverlapping(p, q, usable.min(size));
                free(heap, p);
            }
        }
        q
    }

    /// `malloc_usable_size`.
    ///
    /// # Safety
    /// `p` must be null or a live block from this module's functions.
    pub unsafe fn usable_size(p: *mut u8) -> usize {
        if p.is_null() {
            return 0;
        }
        // SAFETY: the caller's promise.
        let (total, base) = unsafe { header(p) };
        total - (p as usize - base as usize)
    }

    /// `memalign` (and `aligned_alloc`): an alignment that is not a power
    /// of two is rounded up to one, as glibc does.
    pub fn memalign(heap: &Heap, align: usize, size: usize) -> *mut u8 {
        match align.checked_next_power_of_two() {
            Some(a) => alloc(heap, a, size),
            None => {
                nix::errno::Errno::EINVAL.set();
                ptr::null_mut()
            }
        }
    }

    /// `posix_memalign`: the block, or the error number (EINVAL for an
    /// alignment that is not a power of two times a pointer's size).
    pub fn posix_memalign(heap: &Heap, align: usize, size: usize) -> Result<*mut u8, i32> {
        if !align.is_power_of_two() || align % std::mem::size_of::<usize>() != 0 {
            return Err(nix::libc::EINVAL);
        }
        let p = alloc(heap, align, size);
        if p.is_null() {
            Err(nix::libc::ENOMEM)
        } else {
            Ok(p)
        }
    }

    /// `valloc`: page-aligned.
    pub fn valloc(heap: &Heap, size: usize) -> *mut u8 {
        alloc(heap, PAGE, size)
    }

    /// `pvalloc`: whole pages, at least one, page-aligned.
    pub fn pvalloc(heap: &Heap, size: usize) -> *mut u8 {
        match size.checked_next_multiple_of(PAGE) {
            Some(s) => alloc(heap, PAGE, s.max(PAGE)),
            None => no_memory(),
        }
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
    fn c_functions_keep_contents_alignment_and_sizes() {
        // The same kind of random stream over C's functions: malloc, calloc,
        // memalign (alignments 32 to 8 KiB), realloc (growing, shrinking,
        // across the mapped size) and free; every live block keeps its
        // pattern, is aligned as asked, and has at least the asked size.
        let heap = Heap::new();
        let mut rng = crate::testing::XorShift(0x2545_f491_4f6c_dd1d);
        let mut next = move || rng.next_u64();
        let mut live: Vec<(*mut u8, usize, usize)> = Vec::new();
        for id in 0..3000 {
            let r = next();
            let size = match r % 8 {
                0 => (r >> 8) as usize % 200_000,
                1 | 2 => (r >> 8) as usize % 70_000,
                _ => (r >> 8) as usize % 400,
            };
            match (r >> 40) % 4 {
                0 | 1 => {
                    let (p, align) = match (r >> 44) % 3 {
                        0 => (c::alloc(&heap, 16, size), 16),
                        1 => {
                            let p = c::calloc(&heap, size, 1);
                            assert!((0..size).all(|i| unsafe { p.add(i).read() } == 0));
                            (p, 16)
                        }
                        _ => {
                            let align = 32 << ((r >> 48) % 9);
                            (c::alloc(&heap, align, size), align)
                        }
                    };
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "alignment {align}");
                    assert!(unsafe { c::usable_size(p) } >= size);
                    unsafe { fill(p, size, id) };
                    live.push((p, size, id));
                }
                _ if !live.is_empty() => {
                    let i = (r >> 20) as usize % live.len();
                    let (p, old_size, old_id) = live.swap_remove(i);
                    assert!(unsafe { check(p, old_size, old_id) });
                    if r % 2 == 0 {
                        unsafe { c::free(&heap, p) };
                        continue;
                    }
                    let size = size.max(1);
                    let q = unsafe { c::realloc(&heap, p, size) };
                    assert!(!q.is_null());
                    assert_eq!(q as usize % 16, 0);
                    assert!(unsafe { check(q, old_size.min(size), old_id) });
                    assert!(unsafe { c::usable_size(q) } >= size);
                    unsafe { fill(q, size, id) };
                    live.push((q, size, id));
                }
                _ => {}
            }
        }
        for (p, size, id) in live {
            assert!(unsafe { check(p, size, id) });
            unsafe { c::free(&heap, p) };
        }
    }

    #[test]
    fn c_edge_cases_behave_as_glibc() {
        let heap = Heap::new();
        // calloc zeroes a reused block too.
        let p = c::alloc(&heap, 16, 100);
        unsafe { ptr::write_bytes(p, 0xa5, 100) };
        unsafe { c::free(&heap, p) };
        let q = c::calloc(&heap, 10, 10);
        assert_eq!(q, p, "the freed block is reused");
        assert!((0..100).all(|i| unsafe { q.add(i).read() } == 0));
        // realloc(null, n) allocates; realloc(p, 0) frees and returns null.
        let r = unsafe { c::realloc(&heap, ptr::null_mut(), 40) };
        assert!(!r.is_null());
        assert!(unsafe { c::realloc(&heap, r, 0) }.is_null());
        // free(null) and usable_size(null) do nothing.
        unsafe { c::free(&heap, ptr::null_mut()) };
        assert_eq!(unsafe { c::usable_size(ptr::null_mut()) }, 0);
        // Impossible sizes fail with ENOMEM instead of wrapping around.
        nix::errno::Errno::clear();
        assert!(c::alloc(&heap, 16, usize::MAX - 8).is_null());
        assert_eq!(nix::errno::Errno::last(), nix::errno::Errno::ENOMEM);
        assert!(c::calloc(&heap, usize::MAX / 2, 3).is_null());
        assert!(c::alloc(&heap, 4096, usize::MAX - 4096).is_null());
        let s = c::alloc(&heap, 16, 8);
        assert!(unsafe { c::realloc(&heap, s, usize::MAX - 4) }.is_null());
        unsafe { c::free(&heap, s) };
        // posix_memalign's alignment rule; memalign rounds up instead.
        for bad in [0, 4, 24, 4097] {
            assert_eq!(c::posix_memalign(&heap, bad, 10), Err(nix::libc::EINVAL));
        }
        let p = c::posix_memalign(&heap, 4096, 10).unwrap();
        assert_eq!(p as usize % 4096, 0);
        assert_eq!(
            c::posix_memalign(&heap, 64, usize::MAX - 8),
            Err(nix::libc::ENOMEM)
        );
        let m = c::memalign(&heap, 48, 10);
        assert_eq!(m as usize % 64, 0);
        assert!(c::memalign(&heap, usize::MAX, 10).is_null());
        // valloc: page-aligned.
        let a = c::valloc(&heap, 10);
        assert_eq!(a as usize % 4096, 0);
        unsafe { c::free(&heap, a) };
        // pvalloc: whole pages, at least one.
        let v = c::pvalloc(&heap, 0);
        assert_eq!(v as usize % 4096, 0);
        assert!(unsafe { c::usable_size(v) } >= 4096);
        let w = c::pvalloc(&heap, 4097);
        assert!(unsafe { c::usable_size(w) } >= 8192);
        assert!(c::pvalloc(&heap, usize::MAX - 10).is_null());
        for q in [p, m, v, w] {
            unsafe { c::free(&heap, q) };
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
