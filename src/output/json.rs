//! `--json`: every listing as one JSON document, described by the JSON
//! Schema `schema/ipvsadm.schema.json` (whose version is [`SCHEMA`]).
//!
//! Design decisions: the document is built from view structs that borrow
//! the model's values and derive `Serialize`; the model stays free of
//! serialisation concerns and the field names here are the document's
//! contract (a change to them is a change to the schema, and a test fails
//! until both agree). The document holds everything the kernel reports,
//! whatever view option was given: counters and rates as exact integers,
//! flags both raw and decoded. Names (`-L` without `-n`) are extra fields
//! next to the numeric ones, present only where a name is known. Nullable
//! fields are always present, so a document's keys depend only on its
//! kind of entry and on names. The connection table is streamed: its
//! entries are written as they are read, as `-c` does.

use crate::inet::ntop;
use crate::ipvs::conns::{ConnTable, ConnTableError};
use crate::model::{
    svc_flags, tun_flags, ConnEntry, Daemon, Dest, Family, FwdMethod, Info, Protocol, Service,
    ServiceKey, Stats, Timeouts, TunType,
};
use crate::names::Resolver;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr};

/// The document's format version, its `"schema"` field. The major number
/// changes when a field is removed, renamed or retyped.
pub const SCHEMA: &str = "ipvsadm-rs/1";

/// Everything a document holds, borrowed from the caller.
pub struct Table<'a> {
    pub info: &'a Info,
    /// The namespace's IPVS sysctls: file name and contents.
    pub sysctls: &'a [(String, String)],
    pub timeouts: &'a Timeouts,
    pub daemons: &'a [Daemon],
    /// Services with their real servers, in listing order.
    pub services: &'a [(Service, Vec<Dest>)],
}

/// Write the document, pretty-printed, and a final newline; with `conns`,
/// the connection table's entries too, read as they are written. An entry
/// the reader rejects ends the list there: the document is still closed,
/// and the reader's error is returned (after the document) for the caller
/// to report.
pub fn write_document(
    out: &mut dyn Write,
    table: &Table<'_>,
    conns: Option<&mut ConnTable<'_>>,
    names: &dyn Resolver,
) -> io::Result<Option<ConnTableError>> {
    let connections = conns.map(|table| Connections {
        table: RefCell::new(table),
        error: Cell::new(None),
        names,
    });
    let doc = Document {
        schema: SCHEMA,
        ipvs: IpvsView::new(table.info),
        sysctls: Sysctls(table.sysctls),
        timeouts: TimeoutsView::new(table.timeouts),
        daemons: table.daemons.iter().map(DaemonView::new).collect(),
        services: table
            .services
            .iter()
            .map(|(svc, dests)| ServiceView::new(svc, dests, names))
            .collect(),
        connections: connections.as_ref(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(connections.as_ref().and_then(|c| c.error.get()))
}

#[derive(Serialize)]
struct Document<'a, 'r> {
    schema: &'static str,
    ipvs: IpvsView,
    sysctls: Sysctls<'a>,
    timeouts: TimeoutsView,
    daemons: Vec<DaemonView<'a>>,
    services: Vec<ServiceView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    connections: Option<&'a Connections<'a, 'r>>,
}

#[derive(Serialize)]
struct IpvsView {
    /// "1.2.1"
    version: String,
    /// (major << 16) | (minor << 8) | patch
    version_code: u32,
    conn_tab_size: u32,
}

impl IpvsView {
    fn new(info: &Info) -> IpvsView {
        let v = info.version;
        IpvsView {
            version: format!("{}.{}.{}", (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff),
            version_code: v,
            conn_tab_size: info.conn_tab_size,
        }
    }
}

/// The sysctls as an object: a file that holds one decimal integer gives
/// a number, any other its text without surrounding white space.
struct Sysctls<'a>(&'a [(String, String)]);

impl Serialize for Sysctls<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, text) in self.0 {
            let text = text.trim();
            match text.parse::<i64>() {
                Ok(n) => map.serialize_entry(name, &n)?,
                Err(_) => map.serialize_entry(name, text)?,
            }
        }
        map.end()
    }
}

#[derive(Serialize)]
struct TimeoutsView {
    tcp: u32,
    tcp_fin: u32,
    udp: u32,
}

impl TimeoutsView {
    fn new(t: &Timeouts) -> TimeoutsView {
        TimeoutsView {
            tcp: t.tcp,
            tcp_fin: t.tcp_fin,
            udp: t.udp,
        }
    }
}

#[derive(Serialize)]
struct DaemonView<'a> {
    state: &'static str,
    state_code: u32,
    interface: &'a str,
    syncid: u32,
    sync_maxlen: Option<u16>,
    mcast_group: Option<String>,
    mcast_port: Option<u16>,
    mcast_ttl: Option<u8>,
}

impl<'a> DaemonView<'a> {
    fn new(d: &'a Daemon) -> DaemonView<'a> {
        DaemonView {
            state: d.state.name(),
            state_code: d.state.number(),
            interface: &d.mcast_ifn,
            syncid: d.syncid,
            sync_maxlen: d.sync_maxlen,
            mcast_group: d.mcast_group.as_ref().map(ntop),
            mcast_port: d.mcast_port,
            mcast_ttl: d.mcast_ttl,
        }
    }
}

/// The five counters, exact.
#[derive(Serialize)]
struct CountersView {
    connections: u64,
    packets_in: u64,
    packets_out: u64,
    bytes_in: u64,
    bytes_out: u64,
}

/// The five rate estimates, per second, exact.
#[derive(Serialize)]
struct RatesView {
    connections: u64,
    packets_in: u64,
    packets_out: u64,
    bytes_in: u64,
    bytes_out: u64,
}

fn counters(s: &Stats) -> CountersView {
    CountersView {
        connections: s.conns,
        packets_in: s.inpkts,
        packets_out: s.outpkts,
        bytes_in: s.inbytes,
        bytes_out: s.outbytes,
    }
}

fn rates(s: &Stats) -> RatesView {
    RatesView {
        connections: s.cps,
        packets_in: s.inpps,
        packets_out: s.outpps,
        bytes_in: s.inbps,
        bytes_out: s.outbps,
    }
}

fn family_name(f: Family) -> &'static str {
    match f {
        Family::Inet => "ipv4",
        Family::Inet6 => "ipv6",
    }
}

fn protocol_name(p: Protocol) -> Option<&'static str> {
    match p {
        Protocol::Tcp => Some("TCP"),
        Protocol::Udp => Some("UDP"),
        Protocol::Sctp => Some("SCTP"),
        Protocol::Other(_) => None,
    }
}

/// The host's name for `addr` and the service's name for `port` (ports
/// of fwmark services, which have no protocol, are not named).
fn names_of<'n>(
    names: &'n dyn Resolver,
    addr: &IpAddr,
    port: u16,
    proto: Option<Protocol>,
) -> (Option<&'n str>, Option<&'n str>) {
    let host = names.addr_to_host(addr);
    let port_name = proto
        .and_then(Protocol::service_proto)
        .and_then(|p| names.port_to_service(port, p));
    (host, port_name)
}

#[derive(Serialize)]
struct ServiceView<'a> {
    /// "TCP", "UDP", "SCTP"; null for fwmark services and other numbers.
    protocol: Option<&'static str>,
    /// The IP protocol number (0 for fwmark services).
    protocol_number: u16,
    family: &'static str,
    address: Option<String>,
    port: Option<u16>,
    fwmark: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    host: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    port_name: Option<&'a str>,
    scheduler: &'a str,
    /// IP_VS_SVC_F_* as the kernel reports them.
    flags: u32,
    /// The set bits by name, the scheduler flags by the scheduler's names.
    flag_names: Vec<Cow<'static, str>>,
    persistent: bool,
    persistence_timeout: u32,
    /// IPv4 services: the persistence netmask; null for IPv6.
    netmask: Option<String>,
    /// IPv6 services: the persistence prefix length; null for IPv4.
    prefix_length: Option<u32>,
    pe: Option<&'a str>,
    one_packet: bool,
    stats: CountersView,
    rates: RatesView,
    real_servers: Vec<DestView<'a>>,
}

/// The names of a service's flag bits: the generic ones, then the
/// scheduler flags as `-b` names them for its scheduler, then any bit
/// without a name as `bit-N`.
fn flag_names(svc: &Service) -> Vec<Cow<'static, str>> {
    let sched: [&'static str; 3] = match svc.scheduler.as_ref() {
        "sh" => ["sh-fallback", "sh-port", "flag-3"],
        "mh" => ["mh-fallback", "mh-port", "flag-3"],
        _ => ["flag-1", "flag-2", "flag-3"],
    };
    (0..32)
        .filter(|bit| svc.flags & (1 << bit) != 0)
        .map(|bit| match 1u32 << bit {
            svc_flags::PERSISTENT => "persistent".into(),
            svc_flags::HASHED => "hashed".into(),
            svc_flags::ONEPACKET => "one-packet".into(),
            svc_flags::SCHED1 => sched[0].into(),
            svc_flags::SCHED2 => sched[1].into(),
            svc_flags::SCHED3 => sched[2].into(),
            _ => format!("bit-{bit}").into(),
        })
        .collect()
}

impl<'a> ServiceView<'a> {
    fn new(svc: &'a Service, dests: &'a [Dest], names: &'a dyn Resolver) -> ServiceView<'a> {
        let family = svc.key.family();
        let (protocol, protocol_number, address, port, fwmark, host, port_name) = match svc.key {
            ServiceKey::Addr { proto, addr, port } => {
                let (host, port_name) = names_of(names, &addr, port, Some(proto));
                let number = proto.number();
                let address = Some(ntop(&addr));
                (
                    protocol_name(proto),
                    number,
                    address,
                    Some(port),
                    None,
                    host,
                    port_name,
                )
            }
            ServiceKey::Fwmark { mark, .. } => (None, 0, None, None, Some(mark), None, None),
        };
        let (netmask, prefix_length) = match family {
            Family::Inet => (Some(Ipv4Addr::from(svc.netmask).to_string()), None),
            Family::Inet6 => (None, Some(svc.netmask)),
        };
        ServiceView {
            protocol,
            protocol_number,
            family: family_name(family),
            address,
            port,
            fwmark,
            host,
            port_name,
            scheduler: &svc.scheduler,
            flags: svc.flags,
            flag_names: flag_names(svc),
            persistent: svc.flags & svc_flags::PERSISTENT != 0,
            persistence_timeout: svc.timeout,
            netmask,
            prefix_length,
            pe: svc.pe_name.as_deref().filter(|n| !n.is_empty()),
            one_packet: svc.flags & svc_flags::ONEPACKET != 0,
            stats: counters(&svc.stats),
            rates: rates(&svc.stats),
            real_servers: dests
                .iter()
                .map(|d| DestView::new(d, svc.key.protocol(), names))
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct DestView<'a> {
    /// Address, port and their names, as a connection's endpoints have them.
    #[serde(flatten)]
    at: Endpoint<'a>,
    /// "masq", "local", "tunnel", "route"; null for another number.
    forwarding: Option<&'static str>,
    forwarding_code: u32,
    weight: i32,
    upper_threshold: u32,
    lower_threshold: u32,
    active_connections: u32,
    inactive_connections: u32,
    persistent_connections: u32,
    tunnel: TunnelView,
    stats: CountersView,
    rates: RatesView,
}

/// The tunnel settings the kernel keeps for every real server (they apply
/// to tunnel forwarding only).
#[derive(Serialize)]
struct TunnelView {
    /// "ipip", "gue", "gre"; null for another number.
    #[serde(rename = "type")]
    kind: Option<&'static str>,
    type_code: u8,
    port: u16,
    /// IP_VS_TUNNEL_ENCAP_FLAG_* as the kernel reports them.
    flags: u16,
    /// "nocsum", "csum" or "remcsum" (as the options name them).
    checksum: &'static str,
}

impl TunnelView {
    fn new(d: &Dest) -> TunnelView {
        let checksum = if d.tun_flags & tun_flags::REMCSUM != 0 {
            "remcsum"
        } else if d.tun_flags & tun_flags::CSUM != 0 {
            "csum"
        } else {
            "nocsum"
        };
        TunnelView {
            kind: match d.tun_type {
                TunType::Ipip => Some("ipip"),
                TunType::Gue => Some("gue"),
                TunType::Gre => Some("gre"),
                TunType::Other(_) => None,
            },
            type_code: d.tun_type.number(),
            port: d.tun_port,
            flags: d.tun_flags,
            checksum,
        }
    }
}

impl<'a> DestView<'a> {
    fn new(d: &'a Dest, proto: Option<Protocol>, names: &'a dyn Resolver) -> DestView<'a> {
        DestView {
            at: Endpoint::new(&d.addr, d.port, proto, names),
            forwarding: match d.fwd {
                FwdMethod::Masq => Some("masq"),
                FwdMethod::Local => Some("local"),
                FwdMethod::Tunnel => Some("tunnel"),
                FwdMethod::Route => Some("route"),
                FwdMethod::Other(_) => None,
            },
            forwarding_code: d.fwd.number(),
            weight: d.weight,
            upper_threshold: d.u_threshold,
            lower_threshold: d.l_threshold,
            active_connections: d.active_conns,
            inactive_connections: d.inact_conns,
            persistent_connections: d.persist_conns,
            tunnel: TunnelView::new(d),
            stats: counters(&d.stats),
            rates: rates(&d.stats),
        }
    }
}

/// The connection table, serialised as the list of its entries while it
/// is read; a reader error ends the list and is kept.
struct Connections<'t, 'r> {
    table: RefCell<&'t mut ConnTable<'r>>,
    error: Cell<Option<ConnTableError>>,
    names: &'t dyn Resolver,
}

impl Serialize for Connections<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        // Serialised once; a second call (none is made) would find the
        // table read and list nothing.
        let Ok(mut table) = self.table.try_borrow_mut() else {
            return seq.end();
        };
        loop {
            match table.next_entry() {
                Ok(Some(e)) => seq.serialize_element(&ConnView::new(&e, self.names))?,
                Ok(None) => break,
                Err(e) => {
                    self.error.set(Some(e));
                    break;
                }
            }
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct Endpoint<'a> {
    family: &'static str,
    address: String,
    port: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    host: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    port_name: Option<&'a str>,
}

impl<'a> Endpoint<'a> {
    fn new(
        addr: &IpAddr,
        port: u16,
        proto: Option<Protocol>,
        names: &'a dyn Resolver,
    ) -> Endpoint<'a> {
        let (host, port_name) = names_of(names, addr, port, proto);
        Endpoint {
            family: family_name(Family::of(addr)),
            address: ntop(addr),
            port,
            host,
            port_name,
        }
    }
}

#[derive(Serialize)]
struct ConnView<'e> {
    /// As the table names it: "TCP", "UDP", "SCTP", "IP", ...
    protocol: &'e str,
    client: Endpoint<'e>,
    #[serde(rename = "virtual")]
    virtual_: Endpoint<'e>,
    destination: Endpoint<'e>,
    /// As the table names it: "ESTABLISHED", "FIN_WAIT", "UDP", ...
    state: &'e str,
    /// Seconds until the entry expires.
    expires: u32,
    pe_name: Option<&'e str>,
    pe_data: Option<&'e str>,
}

impl<'e> ConnView<'e> {
    fn new(e: &'e ConnEntry<'_>, names: &'e dyn Resolver) -> ConnView<'e> {
        ConnView {
            protocol: &e.proto_name,
            client: Endpoint::new(&e.client, e.client_port, e.protocol, names),
            virtual_: Endpoint::new(&e.virtual_addr, e.virtual_port, e.protocol, names),
            destination: Endpoint::new(&e.dest, e.dest_port, e.protocol, names),
            state: &e.state,
            expires: e.expires,
            pe_name: e.pe.as_ref().map(|(name, _)| name.as_ref()),
            pe_data: e.pe.as_ref().map(|(_, data)| data.as_ref()),
        }
    }
}
