//! What is asked of the kernel: the modifying requests and the operations a
//! kernel error is reported for.

use super::{Daemon, Dest, Service, Timeouts};

/// The operation a kernel error belongs to; selects the message in
/// `ipvs::errors` (the same errno reads differently per operation).
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
