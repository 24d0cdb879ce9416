//! rtnetlink message bodies for links, addresses and routes: building
//! requests and decoding dump replies. Pure; the socket is in `system`.
//!
//! The few structures involved (ifinfomsg, ifaddrmsg, rtmsg) are fixed-size
//! headers followed by attributes; framing, attributes and the socket are
//! `crate::netlink`'s, so this holds only what is rtnetlink's own.

use super::host::{Addr, Link, Route};
use crate::netlink::attr::{get_str, get_u32, AttrTable, AttrWriter};
use nix::errno::Errno;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

pub const RTM_NEWLINK: u16 = 16;
pub const RTM_GETLINK: u16 = 18;
pub const RTM_NEWADDR: u16 = 20;
pub const RTM_DELADDR: u16 = 21;
pub const RTM_GETADDR: u16 = 22;
pub const RTM_NEWROUTE: u16 = 24;
pub const RTM_DELROUTE: u16 = 25;
pub const RTM_GETROUTE: u16 = 26;

const AF_UNSPEC: u8 = 0;
const AF_INET: u8 = 2;
const AF_INET6: u8 = 10;

const IFLA_IFNAME: u16 = 3;
const IFF_UP: u32 = 1;

const IFA_ADDRESS: u16 = 1;
const IFA_LOCAL: u16 = 2;
const IFA_LABEL: u16 = 3;
const IFA_FLAGS: u16 = 8;

const RTA_DST: u16 = 1;
const RTA_OIF: u16 = 4;
const RTA_TABLE: u16 = 15;
const RT_TABLE_MAIN: u8 = 254;
const RTN_UNICAST: u8 = 1;
/// What `ip route add` and `route add` record as the origin.
const RTPROT_BOOT: u8 = 3;
/// Deleting with scope "nowhere" matches a route of any scope, as `ip route del`.
const RT_SCOPE_NOWHERE: u8 = 255;

/// A fixed header followed by the attributes `attrs` writes (the headers
/// are 4-byte multiples, so the attributes stay aligned).
fn with_attrs(head: Vec<u8>, attrs: impl FnOnce(&mut AttrWriter)) -> Vec<u8> {
    let mut w = AttrWriter::appending(head);
    attrs(&mut w);
    w.into_bytes()
}

fn family(ip: &IpAddr) -> u8 {
    if ip.is_ipv6() {
        AF_INET6
    } else {
        AF_INET
    }
}

fn ip_bytes(ip: &IpAddr) -> Vec<u8> {
    match ip {
        IpAddr::V4(a) => a.octets().to_vec(),
        IpAddr::V6(a) => a.octets().to_vec(),
    }
}

fn ip_from(fam: u8, b: &[u8]) -> Option<IpAddr> {
    match fam {
        AF_INET => <[u8; 4]>::try_from(b)
            .ok()
            .map(|o| Ipv4Addr::from(o).into()),
        AF_INET6 => <[u8; 16]>::try_from(b)
            .ok()
            .map(|o| Ipv6Addr::from(o).into()),
        _ => None,
    }
}

fn u32_at(b: &[u8], at: usize) -> Result<u32, Errno> {
    get_u32(b.get(at..).unwrap_or(&[]))
}

/// Body of a link dump request (ifinfomsg, all zero).
pub fn link_dump() -> Vec<u8> {
    vec![0; 16]
}

/// Body of RTM_NEWLINK changing only IFF_UP.
pub fn link_set_up(index: u32, up: bool) -> Vec<u8> {
    let mut b = vec![AF_UNSPEC, 0, 0, 0];
    b.extend_from_slice(&index.to_ne_bytes());
    b.extend_from_slice(&(if up { IFF_UP } else { 0 }).to_ne_bytes());
    b.extend_from_slice(&IFF_UP.to_ne_bytes());
    b
}

/// Decode one RTM_NEWLINK from a dump.
pub fn decode_link(b: &[u8]) -> Result<Link, Errno> {
    let index = u32_at(b, 4)?;
    let flags = u32_at(b, 8)?;
    let attrs = AttrTable::parse(b.get(16..).ok_or(Errno::EINVAL)?)?;
    let name = get_str(attrs.require(IFLA_IFNAME)?);
    Ok(Link {
        index,
        name,
        up: flags & IFF_UP != 0,
    })
}

/// Body of an address dump request (both families).
pub fn addr_dump() -> Vec<u8> {
    vec![AF_UNSPEC, 0, 0, 0, 0, 0, 0, 0]
}

/// Body of RTM_NEWADDR / RTM_DELADDR: scope global, IFA_LOCAL and
/// IFA_ADDRESS both the address (as `ip addr add` sends for a non-peer
/// address), the label for IPv4, IFA_FLAGS when there are flags.
pub fn addr_body(a: &Addr) -> Vec<u8> {
    let mut b = vec![family(&a.addr), a.prefix, (a.flags & 0xff) as u8, 0];
    b.extend_from_slice(&a.index.to_ne_bytes());
    with_attrs(b, |w| {
        w.put_slice(IFA_LOCAL, &ip_bytes(&a.addr));
        w.put_slice(IFA_ADDRESS, &ip_bytes(&a.addr));
        if a.addr.is_ipv4() && !a.label.is_empty() {
            w.cstr(IFA_LABEL, a.label.as_bytes());
        }
        if a.flags != 0 {
            w.u32(IFA_FLAGS, a.flags);
        }
    })
}

/// Decode one RTM_NEWADDR from a dump; None for families we do not use.
pub fn decode_addr(b: &[u8]) -> Result<Option<Addr>, Errno> {
    let fam = *b.first().ok_or(Errno::EINVAL)?;
    let prefix = *b.get(1).ok_or(Errno::EINVAL)?;
    let hdr_flags = *b.get(2).ok_or(Errno::EINVAL)? as u32;
    let index = u32_at(b, 4)?;
    let attrs = AttrTable::parse(b.get(8..).ok_or(Errno::EINVAL)?)?;
    let find = |ty: u16| attrs.get(ty);
    let Some(raw) = find(IFA_LOCAL).or_else(|| find(IFA_ADDRESS)) else {
        return Ok(None);
    };
    let Some(addr) = ip_from(fam, raw) else {
        return Ok(None);
    };
    let flags = match find(IFA_FLAGS) {
        Some(f) => u32_at(f, 0)?,
        None => hdr_flags,
    };
    Ok(Some(Addr {
        index,
        addr,
        prefix,
        label: find(IFA_LABEL).map(get_str).unwrap_or_default(),
        flags,
    }))
}

/// Body of a route dump request for one family.
pub fn route_dump(v6: bool) -> Vec<u8> {
    let mut b = vec![0u8; 12];
    b[0] = if v6 { AF_INET6 } else { AF_INET };
    b
}

/// Body of RTM_NEWROUTE for a host route in the main table: what
/// `route add -host VIP dev lo` creates (unicast, scope link, proto boot).
/// With `delete`, the matching RTM_DELROUTE body.
pub fn route_body(r: &Route, delete: bool) -> Vec<u8> {
    let scope = if delete { RT_SCOPE_NOWHERE } else { r.scope };
    let proto = if delete { 0 } else { RTPROT_BOOT };
    let mut b = vec![
        family(&r.dst),
        r.dst_len,
        0,
        0,
        RT_TABLE_MAIN,
        proto,
        scope,
        RTN_UNICAST,
    ];
    b.extend_from_slice(&0u32.to_ne_bytes());
    with_attrs(b, |w| {
        w.put_slice(RTA_DST, &ip_bytes(&r.dst));
        if let Some(oif) = r.oif {
            w.u32(RTA_OIF, oif);
        }
    })
}

/// Decode one RTM_NEWROUTE from a dump; None unless it is a unicast route
/// of the main table.
pub fn decode_route(b: &[u8]) -> Result<Option<Route>, Errno> {
    let fam = *b.first().ok_or(Errno::EINVAL)?;
    let dst_len = *b.get(1).ok_or(Errno::EINVAL)?;
    let mut table = *b.get(4).ok_or(Errno::EINVAL)? as u32;
    let scope = *b.get(6).ok_or(Errno::EINVAL)?;
    let kind = *b.get(7).ok_or(Errno::EINVAL)?;
    let attrs = AttrTable::parse(b.get(12..).ok_or(Errno::EINVAL)?)?;
    let find = |ty: u16| attrs.get(ty);
    if let Some(t) = find(RTA_TABLE) {
        table = u32_at(t, 0)?;
    }
    if table != RT_TABLE_MAIN as u32 || kind != RTN_UNICAST {
        return Ok(None);
    }
    let dst = match find(RTA_DST) {
        Some(d) => match ip_from(fam, d) {
            Some(ip) => ip,
            None => return Ok(None),
        },
        // The default route has no RTA_DST.
        None if fam == AF_INET => Ipv4Addr::UNSPECIFIED.into(),
        None if fam == AF_INET6 => Ipv6Addr::UNSPECIFIED.into(),
        None => return Ok(None),
    };
    let oif = find(RTA_OIF).map(|o| u32_at(o, 0)).transpose()?;
    Ok(Some(Route {
        dst,
        dst_len,
        oif,
        scope,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::realserver::host::RT_SCOPE_LINK;

    #[test]
    fn addr_request_is_what_ip_addr_add_sends() {
        // ip addr add 10.10.10.213/32 dev lo label lo:0 (ifindex 1)
        let a = Addr {
            index: 1,
            addr: "10.10.10.213".parse().unwrap(),
            prefix: 32,
            label: "lo:0".into(),
            flags: 0,
        };
        let b = addr_body(&a);
        let mut want = vec![2u8, 32, 0, 0, 1, 0, 0, 0];
        want.extend([8, 0, 2, 0, 10, 10, 10, 213]); // IFA_LOCAL
        want.extend([8, 0, 1, 0, 10, 10, 10, 213]); // IFA_ADDRESS
        want.extend([9, 0, 3, 0, b'l', b'o', b':', b'0', 0, 0, 0, 0]); // IFA_LABEL
        assert_eq!(b, want);
        assert_eq!(decode_addr(&b).unwrap(), Some(a));
    }

    #[test]
    fn ipv6_addr_carries_nodad_and_no_label() {
        let a = Addr {
            index: 1,
            addr: "2001:db8::1".parse().unwrap(),
            prefix: 128,
            label: "lo:0".into(),
            flags: crate::realserver::host::IFA_F_NODAD,
        };
        let b = addr_body(&a);
        assert_eq!(&b[..4], &[10, 128, 2, 0]);
        // IFA_LOCAL and IFA_ADDRESS (20 bytes each), then IFA_FLAGS.
        assert_eq!(b.len(), 8 + 20 + 20 + 8);
        assert_eq!(&b[48..], &[8, 0, 8, 0, 2, 0, 0, 0]);
        let back = decode_addr(&b).unwrap().unwrap();
        assert_eq!(back.label, "");
        assert_eq!(back.flags, 2);
        assert_eq!(back.addr, a.addr);
    }

    #[test]
    fn route_request_matches_route_add_host() {
        let r = Route {
            dst: "10.10.10.213".parse().unwrap(),
            dst_len: 32,
            oif: Some(1),
            scope: RT_SCOPE_LINK,
        };
        let b = route_body(&r, false);
        assert_eq!(&b[..8], &[2, 32, 0, 0, 254, 3, 253, 1]);
        // RTA_DST, RTA_OIF.
        assert_eq!(
            &b[12..],
            &[8, 0, 1, 0, 10, 10, 10, 213, 8, 0, 4, 0, 1, 0, 0, 0]
        );
        assert_eq!(decode_route(&b).unwrap(), Some(r.clone()));
        let d = route_body(&r, true);
        assert_eq!(&d[..8], &[2, 32, 0, 0, 254, 0, 255, 1]);
    }

    #[test]
    fn routes_of_other_tables_are_skipped() {
        let r = Route {
            dst: "10.10.10.213".parse().unwrap(),
            dst_len: 32,
            oif: Some(1),
            scope: 254,
        };
        let mut b = route_body(&r, false);
        b[4] = 255; // table local
        assert_eq!(decode_route(&b).unwrap(), None);
    }

    #[test]
    fn link_decode_and_truncation() {
        let mut b = vec![0u8, 0, 4, 3, 1, 0, 0, 0, 0x49, 0, 1, 0, 0, 0, 0, 0];
        b.extend([7, 0, 3, 0, b'l', b'o', 0, 0]);
        let l = decode_link(&b).unwrap();
        assert_eq!((l.index, l.name.as_str(), l.up), (1, "lo", true));
        assert_eq!(decode_link(&b[..10]), Err(Errno::EINVAL));
        assert_eq!(decode_addr(&[2, 32]), Err(Errno::EINVAL));
        assert_eq!(decode_route(&[2]), Err(Errno::EINVAL));
        assert_eq!(link_set_up(3, true)[8..16], [1, 0, 0, 0, 1, 0, 0, 0]);
    }
}
