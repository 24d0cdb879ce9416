//! The kernel side: a `Kernel` trait, the generic-netlink implementation, and
//! an in-memory fake with the kernel's errno semantics.
//!
//! Design decisions: a kernel error keeps the operation and the errno and only
//! becomes text in `errors` (the same errno means different things for
//! different operations, see `errors::message`). Modifying requests go through
//! `apply`, which takes a batch so the netlink implementation can pipeline them
//! (many in flight, acks matched back by sequence number); results come back in
//! request order.

pub mod errors;
pub mod fake;
pub mod netlink;
pub mod wire;

use crate::model::{Daemon, DaemonState, Dest, Info, Service, ServiceKey, Timeouts};
use nix::errno::Errno;

/// The operation a kernel error belongs to; selects the message in `errors`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// Opening the socket, resolving the family, GET_INFO at start-up.
    Init,
    GetInfo,
    AddService,
    EditService,
    DelService,
    Zero,
    AddDest,
    EditDest,
    DelDest,
    Flush,
    SetTimeouts,
    StartDaemon,
    StopDaemon,
    GetServices,
    GetService,
    GetDests,
    GetTimeouts,
    GetDaemons,
}

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

/// A modifying request. Service-carrying variants hold the full service as
/// ipvsadm sends it (the kernel uses only the key for dest/delete requests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    AddService(Service),
    EditService(Service),
    DelService(Service),
    AddDest(Service, Dest),
    EditDest(Service, Dest),
    DelDest(Service, Dest),
    Flush,
    /// `None` zeroes all services.
    Zero(Option<Service>),
    SetTimeouts(Timeouts),
    StartDaemon(Daemon),
    StopDaemon(Daemon),
}

impl Request {
    /// The operation this request is reported as when it fails.
    pub fn op(&self) -> Op {
        match self {
            Request::AddService(_) => Op::AddService,
            Request::EditService(_) => Op::EditService,
            Request::DelService(_) => Op::DelService,
            Request::AddDest(..) => Op::AddDest,
            Request::EditDest(..) => Op::EditDest,
            Request::DelDest(..) => Op::DelDest,
            Request::Flush => Op::Flush,
            Request::Zero(_) => Op::Zero,
            Request::SetTimeouts(_) => Op::SetTimeouts,
            Request::StartDaemon(_) => Op::StartDaemon,
            Request::StopDaemon(_) => Op::StopDaemon,
        }
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

/// Daemon state helper for the stop request, which carries only state and syncid.
pub fn stop_daemon_request(state: DaemonState, syncid: u32) -> Request {
    Request::StopDaemon(Daemon {
        state,
        mcast_ifn: String::new(),
        syncid,
        sync_maxlen: None,
        mcast_group: None,
        mcast_port: None,
        mcast_ttl: None,
    })
}
