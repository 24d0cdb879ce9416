//! One entry of the kernel's connection table, as `-c` lists it.

use super::Protocol;
use std::borrow::Cow;
use std::net::IpAddr;

/// A connection as the kernel's table describes it. The text fields borrow
/// the table's line (the kernel writes ASCII); fields the line did not
/// carry are empty, zero or the unspecified address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnEntry<'a> {
    /// The protocol as the table names it (`TCP`, `UDP`, `SCTP`, `IP`, ...).
    pub proto_name: Cow<'a, str>,
    /// The protocol, when it is one IPVS schedules (names its ports).
    pub protocol: Option<Protocol>,
    pub client: IpAddr,
    pub client_port: u16,
    pub virtual_addr: IpAddr,
    pub virtual_port: u16,
    pub dest: IpAddr,
    pub dest_port: u16,
    /// The protocol state as the table names it (`ESTABLISHED`, `UDP`, ...).
    pub state: Cow<'a, str>,
    /// Seconds until the entry expires.
    pub expires: u32,
    /// The persistence engine's name and data, when the line has both.
    pub pe: Option<(Cow<'a, str>, Cow<'a, str>)>,
}
