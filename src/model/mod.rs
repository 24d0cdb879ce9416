//! Pure data describing IPVS state (services, destinations, timeouts,
//! daemons, connections), the requests that change it and the listing views
//! that show it. The parser produces these types; the kernel layer and the
//! printers consume them.
//!
//! Design decisions: everything here is in host byte order and free of wire
//! details (no 16-byte address unions, no `{flags, mask}` pairs); `ipvs::wire`
//! converts. Addresses carry their family (`IpAddr`), except fwmark services,
//! whose family is explicit.

mod conn;
mod listing;
mod request;

pub use conn::ConnEntry;
pub use listing::{ListFormat, ListOptions};
pub use request::{Op, Request};

use std::net::IpAddr;

/// Address family as the kernel numbers it (AF_INET = 2, AF_INET6 = 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Inet,
    Inet6,
}

impl Family {
    pub const fn number(self) -> u16 {
        match self {
            Family::Inet => 2,
            Family::Inet6 => 10,
        }
    }
    pub fn of(addr: &IpAddr) -> Family {
        match addr {
            IpAddr::V4(_) => Family::Inet,
            IpAddr::V6(_) => Family::Inet6,
        }
    }
}

/// IP protocol of a virtual service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    Tcp,
    Udp,
    Sctp,
    /// Anything else the kernel might report (printed as `?`).
    Other(u16),
}

impl Protocol {
    pub const fn number(self) -> u16 {
        match self {
            Protocol::Tcp => 6,
            Protocol::Udp => 17,
            Protocol::Sctp => 132,
            Protocol::Other(n) => n,
        }
    }
    pub const fn from_number(n: u16) -> Protocol {
        match n {
            6 => Protocol::Tcp,
            17 => Protocol::Udp,
            132 => Protocol::Sctp,
            n => Protocol::Other(n),
        }
    }
    /// Name used by getservbyname/getservbyport (`None` for unknown protocols).
    pub const fn service_proto(self) -> Option<&'static str> {
        match self {
            Protocol::Tcp => Some("tcp"),
            Protocol::Udp => Some("udp"),
            Protocol::Sctp => Some("sctp"),
            Protocol::Other(_) => None,
        }
    }
}

/// What identifies a virtual service in the kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceKey {
    Addr {
        proto: Protocol,
        addr: IpAddr,
        port: u16,
    },
    Fwmark {
        mark: u32,
        family: Family,
    },
}

impl ServiceKey {
    pub fn family(&self) -> Family {
        match self {
            ServiceKey::Addr { addr, .. } => Family::of(addr),
            ServiceKey::Fwmark { family, .. } => *family,
        }
    }
    /// Protocol as ipvsadm sees it: fwmark services report none (0) from the kernel.
    pub fn protocol(&self) -> Option<Protocol> {
        match self {
            ServiceKey::Addr { proto, .. } => Some(*proto),
            ServiceKey::Fwmark { .. } => None,
        }
    }
}

/// Service flag bits (IP_VS_SVC_F_*).
pub mod svc_flags {
    pub const PERSISTENT: u32 = 0x0001;
    pub const HASHED: u32 = 0x0002;
    pub const ONEPACKET: u32 = 0x0004;
    pub const SCHED1: u32 = 0x0008;
    pub const SCHED2: u32 = 0x0010;
    pub const SCHED3: u32 = 0x0020;
    pub const SCHED_MASK: u32 = SCHED1 | SCHED2 | SCHED3;
}

/// Traffic counters and rate estimates. All 64-bit; the wire layer fills them
/// from STATS64 where present, else from the 32-bit STATS nest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    pub conns: u64,
    pub inpkts: u64,
    pub outpkts: u64,
    pub inbytes: u64,
    pub outbytes: u64,
    pub cps: u64,
    pub inpps: u64,
    pub outpps: u64,
    pub inbps: u64,
    pub outbps: u64,
}

/// A virtual service with its settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub key: ServiceKey,
    /// Scheduler name (at most 15 bytes are sent).
    pub scheduler: std::borrow::Cow<'static, str>,
    /// Persistence engine name; `None` when not set.
    pub pe_name: Option<String>,
    /// IP_VS_SVC_F_* bits (see [`svc_flags`]).
    pub flags: u32,
    /// Persistence timeout in seconds (0 when not persistent).
    pub timeout: u32,
    /// IPv4: the mask as a host-order integer (255.255.255.0 = 0xFFFFFF00).
    /// IPv6: the prefix length.
    pub netmask: u32,
    pub stats: Stats,
}

impl Service {
    /// A service with ipvsadm's defaults for the key's family.
    pub fn new(key: ServiceKey) -> Service {
        let netmask = match key.family() {
            Family::Inet => 0xFFFF_FFFF,
            Family::Inet6 => 128,
        };
        Service {
            key,
            scheduler: "wlc".into(),
            pe_name: None,
            flags: 0,
            timeout: 0,
            netmask,
            stats: Stats::default(),
        }
    }
}

/// Forwarding method (IP_VS_CONN_F_* & 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FwdMethod {
    Masq,
    Local,
    Tunnel,
    Route,
    Other(u32),
}

impl FwdMethod {
    pub const fn number(self) -> u32 {
        match self {
            FwdMethod::Masq => 0,
            FwdMethod::Local => 1,
            FwdMethod::Tunnel => 2,
            FwdMethod::Route => 3,
            FwdMethod::Other(n) => n,
        }
    }
    pub const fn from_number(n: u32) -> FwdMethod {
        match n {
            0 => FwdMethod::Masq,
            1 => FwdMethod::Local,
            2 => FwdMethod::Tunnel,
            3 => FwdMethod::Route,
            n => FwdMethod::Other(n),
        }
    }
}

/// Tunnel encapsulation type (IP_VS_CONN_F_TUNNEL_TYPE_*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TunType {
    #[default]
    Ipip,
    Gue,
    Gre,
    Other(u8),
}

impl TunType {
    pub const fn number(self) -> u8 {
        match self {
            TunType::Ipip => 0,
            TunType::Gue => 1,
            TunType::Gre => 2,
            TunType::Other(n) => n,
        }
    }
    pub const fn from_number(n: u8) -> TunType {
        match n {
            0 => TunType::Ipip,
            1 => TunType::Gue,
            2 => TunType::Gre,
            n => TunType::Other(n),
        }
    }
}

/// Tunnel checksum flags (IP_VS_TUNNEL_ENCAP_FLAG_*).
pub mod tun_flags {
    pub const NOCSUM: u16 = 0;
    pub const CSUM: u16 = 1;
    pub const REMCSUM: u16 = 2;
}

/// A real server (destination) of a virtual service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dest {
    pub addr: IpAddr,
    pub port: u16,
    pub fwd: FwdMethod,
    /// Signed: the kernel treats it as s32 and ipvsadm prints it with `%d`.
    pub weight: i32,
    pub u_threshold: u32,
    pub l_threshold: u32,
    pub active_conns: u32,
    pub inact_conns: u32,
    pub persist_conns: u32,
    pub tun_type: TunType,
    pub tun_port: u16,
    pub tun_flags: u16,
    pub stats: Stats,
}

impl Dest {
    /// A destination with ipvsadm's defaults (route, weight 1).
    pub fn new(addr: IpAddr, port: u16) -> Dest {
        Dest {
            addr,
            port,
            fwd: FwdMethod::Route,
            weight: 1,
            u_threshold: 0,
            l_threshold: 0,
            active_conns: 0,
            inact_conns: 0,
            persist_conns: 0,
            tun_type: TunType::Ipip,
            tun_port: 0,
            tun_flags: 0,
            stats: Stats::default(),
        }
    }
}

/// Connection timeouts in seconds (0 = leave unchanged when setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Timeouts {
    pub tcp: u32,
    pub tcp_fin: u32,
    pub udp: u32,
}

/// GET_INFO reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Info {
    /// (major << 16) | (minor << 8) | patch
    pub version: u32,
    pub conn_tab_size: u32,
}

/// Sync daemon state (IP_VS_STATE_*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DaemonState {
    Master,
    Backup,
}

impl DaemonState {
    pub const fn number(self) -> u32 {
        match self {
            DaemonState::Master => 1,
            DaemonState::Backup => 2,
        }
    }
    pub const fn name(self) -> &'static str {
        match self {
            DaemonState::Master => "master",
            DaemonState::Backup => "backup",
        }
    }
}

/// A sync daemon, as configured or as reported by the kernel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Daemon {
    pub state: DaemonState,
    pub mcast_ifn: String,
    pub syncid: u32,
    pub sync_maxlen: Option<u16>,
    pub mcast_group: Option<IpAddr>,
    pub mcast_port: Option<u16>,
    pub mcast_ttl: Option<u8>,
}

impl Daemon {
    /// The daemon a stop request names: only the state and syncid are sent.
    pub fn stop(state: DaemonState, syncid: u32) -> Daemon {
        Daemon {
            state,
            mcast_ifn: String::new(),
            syncid,
            sync_maxlen: None,
            mcast_group: None,
            mcast_port: None,
            mcast_ttl: None,
        }
    }
}
