//! The `ipvsadm` binary: collect argv, wire the real dependencies, exit.
//!
//! C's `main` is ours (`no_main`): Rust's start-up probes the main thread's
//! stack through `/proc/self/maps` and sscanf and sets up an alternate
//! signal stack: a third of the instructions of `ipvsadm -v` and, under
//! emulation (which translates each code block afresh per exec), about
//! 3.7 ms per run. Without it a stack overflow is a plain SIGSEGV, as in
//! the C tool; argv still reaches `std::env::args_os` (glibc hands it to
//! every initialiser).
#![no_main]

use ipvsadm::sys::{StdFd, System};
use ipvsadm::{ipvs::netlink::NetlinkKernel, names::SystemNames, Env};
use std::io::{BufReader, BufWriter};

/// Our own heap instead of glibc's malloc, for Rust and C alike (see `sys::alloc`).
#[global_allocator]
static HEAP: ipvsadm::sys::alloc::Heap = ipvsadm::sys::alloc::Heap::new();

// C's allocation functions, on the same heap (see `sys::alloc::c`).
// SAFETY (all): these keep C's contracts, which the callers (glibc) follow.
mod c_heap {
    use super::HEAP;
    use ipvsadm::sys::alloc::c;
    use std::ffi::{c_int, c_void};

    #[no_mangle]
    pub extern "C" fn malloc(size: usize) -> *mut c_void {
        c::alloc(&HEAP, 16, size).cast()
    }

    #[no_mangle]
    pub unsafe extern "C" fn free(p: *mut c_void) {
        // SAFETY: C's contract: null or a live block of ours.
        unsafe { c::free(&HEAP, p.cast()) }
    }

    #[no_mangle]
    pub extern "C" fn calloc(n: usize, size: usize) -> *mut c_void {
        c::calloc(&HEAP, n, size).cast()
    }

    #[no_mangle]
    pub unsafe extern "C" fn realloc(p: *mut c_void, size: usize) -> *mut c_void {
        // SAFETY: C's contract: null or a live block of ours.
        unsafe { c::realloc(&HEAP, p.cast(), size).cast() }
    }

    #[no_mangle]
    pub extern "C" fn memalign(align: usize, size: usize) -> *mut c_void {
        c::memalign(&HEAP, align, size).cast()
    }

    #[no_mangle]
    pub extern "C" fn aligned_alloc(align: usize, size: usize) -> *mut c_void {
        c::memalign(&HEAP, align, size).cast()
    }

    #[no_mangle]
    pub unsafe extern "C" fn posix_memalign(
        out: *mut *mut c_void,
        align: usize,
        size: usize,
    ) -> c_int {
        match c::posix_memalign(&HEAP, align, size) {
            Ok(p) => {
                // SAFETY: C's contract: `out` points to writable storage.
                unsafe { out.write(p.cast()) };
                0
            }
            Err(errno) => errno,
        }
    }

    #[no_mangle]
    pub extern "C" fn valloc(size: usize) -> *mut c_void {
        c::valloc(&HEAP, size).cast()
    }

    #[no_mangle]
    pub extern "C" fn pvalloc(size: usize) -> *mut c_void {
        c::pvalloc(&HEAP, size).cast()
    }

    #[no_mangle]
    pub unsafe extern "C" fn malloc_usable_size(p: *mut c_void) -> usize {
        // SAFETY: C's contract: null or a live block of ours.
        unsafe { c::usable_size(p.cast()) }
    }
}

#[no_mangle]
pub extern "C" fn main(
    _argc: std::ffi::c_int,
    _argv: *const *const std::ffi::c_char,
) -> std::ffi::c_int {
    ipvsadm::sys::open_std_fds();
    ipvsadm::sys::tune_process();
    // Die by SIGPIPE on a closed stdout, as the C tool does: `ipvsadm -Ln |
    // head` then ends silently with 1.31's status, also under `pipefail`.
    // (Set explicitly: the parent may have left it ignored, and Rust's own
    // start-up would ignore it; the library still treats EPIPE as a quiet
    // end for in-process callers.)
    // SAFETY: setting a signal disposition to SIG_DFL installs no handler.
    let _ = unsafe {
        nix::sys::signal::signal(
            nix::sys::signal::Signal::SIGPIPE,
            nix::sys::signal::SigHandler::SigDfl,
        )
    };
    let argv: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut kernel = NetlinkKernel::new();
    let names = SystemNames::default();
    let mut platform = System;
    // The bare descriptors, buffered here as needed (see `sys::StdFd`).
    let mut stdin = BufReader::with_capacity(64 * 1024, StdFd::IN);
    let mut stdout = BufWriter::with_capacity(64 * 1024, StdFd::OUT);
    let mut stderr = StdFd::ERR;
    let mut env = Env {
        prog: argv
            .first()
            .cloned()
            .unwrap_or_else(|| "ipvsadm".to_string()),
        kernel: &mut kernel,
        names: &names,
        platform: &mut platform,
        stdin: &mut stdin,
        stdout: &mut stdout,
        stderr: &mut stderr,
    };
    let code = ipvsadm::run(&argv, &mut env);
    drop(env);
    drop(stdout);
    ipvsadm::sys::exit(code)
}
