//! Generic netlink transport (neli). (Stub.)
use super::{Kernel, KernelError, Op, Request};
use crate::model::{Daemon, Dest, Info, Service, ServiceKey, Timeouts};

const ENOPROTOOPT: i32 = 92;

#[derive(Default)]
pub struct NetlinkKernel {}

impl NetlinkKernel {
    pub fn new() -> NetlinkKernel {
        NetlinkKernel {}
    }
}

impl Kernel for NetlinkKernel {
    fn info(&mut self) -> Result<Info, KernelError> {
        Err(KernelError::new(Op::Init, ENOPROTOOPT))
    }
    fn services(&mut self) -> Result<Vec<Service>, KernelError> {
        Err(KernelError::new(Op::GetServices, ENOPROTOOPT))
    }
    fn service(&mut self, _key: &ServiceKey) -> Result<Service, KernelError> {
        Err(KernelError::new(Op::GetService, ENOPROTOOPT))
    }
    fn dests(&mut self, keys: &[ServiceKey]) -> Vec<Result<Vec<Dest>, KernelError>> {
        keys.iter()
            .map(|_| Err(KernelError::new(Op::GetDests, ENOPROTOOPT)))
            .collect()
    }
    fn timeouts(&mut self) -> Result<Timeouts, KernelError> {
        Err(KernelError::new(Op::GetTimeouts, ENOPROTOOPT))
    }
    fn daemons(&mut self) -> Result<Vec<Daemon>, KernelError> {
        Err(KernelError::new(Op::GetDaemons, ENOPROTOOPT))
    }
    fn apply(&mut self, requests: &[Request]) -> Vec<Result<(), KernelError>> {
        requests
            .iter()
            .map(|r| Err(KernelError::new(r.op(), ENOPROTOOPT)))
            .collect()
    }
}
