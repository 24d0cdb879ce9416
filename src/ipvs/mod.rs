//! The kernel side: a `Kernel` trait, the generic-netlink implementation, an
//! in-memory fake with the kernel's errno semantics, and the reader of the
//! kernel's connection table (`conns`).
//!
//! Design decisions: a kernel error keeps the operation and the errno and only
//! becomes text in `errors` (the same errno means different things for
//! different operations, see `errors::message`). Modifying requests go through
//! `apply`, which takes a batch so the netlink implementation can pipeline them
//! (many in flight, acks matched back by sequence number); results come back in
//! request order.

pub mod conns;
pub mod errors;
pub mod fake;
pub mod netlink;
pub mod wire;

use crate::model::{Daemon, Dest, Info, Service, ServiceKey, Timeouts};
pub use crate::model::{Op, Request};
use nix::errno::Errno;

/// A failed kernel operation: which one, and the errno (positive). The
/// errno is the raw number the kernel reported rather than a `nix` `Errno`:
/// the kernel can report numbers `Errno` has no name for (the internal
/// ENOTSUPP, 524), and 1.31 prints those as "Unknown error 524".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KernelError {
    pub op: Op,
    pub errno: i32,
}

impl KernelError {
    pub const fn new(op: Op, errno: i32) -> KernelError {
        KernelError { op, errno }
    }

    /// An error with an errno of our own choosing.
    pub const fn from_errno(op: Op, errno: Errno) -> KernelError {
        KernelError::new(op, errno as i32)
    }
}

impl std::fmt::Display for KernelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&errors::message(self.op, self.errno))
    }
}

/// Everything ipvsadm asks of the kernel. Dumps return entries in kernel
/// order (sorting is the caller's business: ipvsadm's sort is not a total
/// order, so the input order matters).
pub trait Kernel {
    /// GET_INFO. The first call also opens the socket and resolves the family;
    /// a missing family is reported as ENOPROTOOPT (what ipvsadm 1.31 shows
    /// after its sockopt fallback fails).
    fn info(&mut self) -> Result<Info, KernelError>;
    /// GET_SERVICE dump.
    fn services(&mut self) -> Result<Vec<Service>, KernelError>;
    /// GET_SERVICE for one key (ESRCH when missing).
    fn service(&mut self, key: &ServiceKey) -> Result<Service, KernelError>;
    /// GET_DEST dumps for several services, pipelined; one result per key,
    /// in the order given.
    fn dests(&mut self, keys: &[ServiceKey]) -> Vec<Result<Vec<Dest>, KernelError>>;
    /// GET_TIMEOUT.
    fn timeouts(&mut self) -> Result<Timeouts, KernelError>;
    /// GET_DAEMON dump.
    fn daemons(&mut self) -> Result<Vec<Daemon>, KernelError>;
    /// Send modifying requests (pipelined); one result per request, in order.
    fn apply(&mut self, requests: &[Request]) -> Vec<Result<(), KernelError>>;
}

/// Convenience: one request.
pub fn apply_one(kernel: &mut dyn Kernel, request: Request) -> Result<(), KernelError> {
    kernel
        .apply(std::slice::from_ref(&request))
        .pop()
        .unwrap_or(Err(KernelError::from_errno(request.op(), Errno::EIO)))
}
