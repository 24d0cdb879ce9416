//! `-L` layouts: the header, service and dest lines of every format, the
//! timeout line and the daemon lines.
//!
//! Design decisions: lines are built as bytes with `text`'s printf padding
//! (host names may be non-ASCII, and C pads and cuts them by bytes); each
//! format string of ipvsadm.c is transcribed next to the code that
//! reproduces it.

use crate::inet::{ntop, push_ntop, push_v4};
use crate::model::{
    svc_flags, tun_flags, Daemon, DaemonState, Dest, Family, FwdMethod, Info, ListFormat,
    ListOptions, Protocol, Service, ServiceKey, Timeouts, TunType,
};
use crate::names::Resolver;
use crate::output::numbers::largenum;
use crate::output::text::{pad_from, push_left, push_num_left};
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr};

/// `addrport_to_anyname` writes into a 60-byte buffer (59 + NUL).
const ADDRPORT_MAX: usize = 59;
/// List formats cut IPv4 service names (`TCP  host:port`) here...
const SVC_NAME_MAX: usize = 33;
/// ...and IPv4 dest names here (save does not cut).
const DEST_NAME_MAX: usize = 28;

/// `addrport_to_anyname` appended to `buf` (without allocating):
/// `host:port` (IPv6 bracketed), names from the resolver when it knows them
/// (`proto` selects the services column; none for fwmark services, whose
/// ports stay numeric), cut to 59 bytes.
pub(crate) fn push_addrport(
    buf: &mut Vec<u8>,
    addr: &IpAddr,
    port: u16,
    proto: Option<Protocol>,
    names: &dyn Resolver,
) {
    let start = buf.len();
    if addr.is_ipv6() {
        buf.push(b'[');
    }
    match names.addr_to_host(addr) {
        Some(host) => buf.extend_from_slice(host.as_bytes()),
        None => push_ntop(buf, addr),
    }
    if addr.is_ipv6() {
        buf.push(b']');
    }
    buf.push(b':');
    match proto
        .and_then(Protocol::service_proto)
        .and_then(|p| names.port_to_service(port, p))
    {
        Some(serv) => buf.extend_from_slice(serv.as_bytes()),
        None => push_num_left(buf, i64::from(port), 0),
    }
    buf.truncate(start + ADDRPORT_MAX);
}

fn protocol_name(p: Protocol) -> &'static str {
    match p {
        Protocol::Tcp => "TCP",
        Protocol::Udp => "UDP",
        Protocol::Sctp => "SCTP",
        Protocol::Other(_) => "?",
    }
}

/// The list formats' service name: `%-4s %s` of protocol and addrport (IPv4
/// cut to 33 bytes), or `FWM  %d` (the mark printed signed) plus ` IPv6`.
fn push_svc_name(buf: &mut Vec<u8>, svc: &Service, names: &dyn Resolver) {
    let start = buf.len();
    match svc.key {
        ServiceKey::Fwmark { mark, family } => {
            buf.extend_from_slice(b"FWM  ");
            push_num_left(buf, i64::from(mark as i32), 0);
            if family == Family::Inet6 {
                buf.extend_from_slice(b" IPv6");
            }
        }
        ServiceKey::Addr { proto, addr, port } => {
            push_left(buf, protocol_name(proto).as_bytes(), 4);
            buf.push(b' ');
            push_addrport(buf, &addr, port, Some(proto), names);
            if addr.is_ipv4() {
                buf.truncate(start + SVC_NAME_MAX);
            }
        }
    }
}

/// A dest's addrport as the list formats show it (IPv4 cut to 28 bytes).
fn push_dest_name(buf: &mut Vec<u8>, svc: &Service, d: &Dest, names: &dyn Resolver) {
    let start = buf.len();
    push_addrport(buf, &d.addr, d.port, svc.key.protocol(), names);
    if d.addr.is_ipv4() {
        buf.truncate(start + DEST_NAME_MAX);
    }
}

/// `print_sched_flags`: the scheduler-specific names of the SCHED bits, comma
/// separated. sh and mh only name bits 1 and 2 (bit 3 is silently not shown).
pub(crate) fn sched_flags(svc: &Service) -> String {
    let names: [Option<&str>; 3] = match svc.scheduler.as_ref() {
        "sh" => [Some("sh-fallback"), Some("sh-port"), None],
        "mh" => [Some("mh-fallback"), Some("mh-port"), None],
        _ => [Some("flag-1"), Some("flag-2"), Some("flag-3")],
    };
    let bits = [svc_flags::SCHED1, svc_flags::SCHED2, svc_flags::SCHED3];
    bits.iter()
        .zip(names)
        .filter_map(|(bit, name)| if svc.flags & bit != 0 { name } else { None })
        .collect::<Vec<_>>()
        .join(",")
}

/// The pe name as ipvsadm sees it (an empty name means none).
pub(crate) fn pe_name(svc: &Service) -> Option<&str> {
    svc.pe_name.as_deref().filter(|n| !n.is_empty())
}

/// The persistence mask, after `prefix`, when it differs from the family
/// default: IPv4 as a dotted quad, IPv6 as a prefix length.
pub(crate) fn push_shown_mask(buf: &mut Vec<u8>, prefix: &[u8], svc: &Service) {
    match svc.key.family() {
        Family::Inet if svc.netmask != 0xFFFF_FFFF => {
            buf.extend_from_slice(prefix);
            push_v4(buf, Ipv4Addr::from(svc.netmask));
        }
        Family::Inet6 if svc.netmask != 128 => {
            buf.extend_from_slice(prefix);
            push_num_left(buf, i64::from(svc.netmask as i32), 0);
        }
        _ => {}
    }
}

/// Default service line tail: ` sched[ (flags)][ persistent T[ mask M][ pe P]][ ops]`.
fn push_service_settings(buf: &mut Vec<u8>, svc: &Service) {
    buf.push(b' ');
    buf.extend_from_slice(svc.scheduler.as_bytes());
    if svc.flags & svc_flags::SCHED_MASK != 0 {
        let _ = write!(buf, " ({})", sched_flags(svc));
    }
    if svc.flags & svc_flags::PERSISTENT != 0 {
        buf.extend_from_slice(b" persistent ");
        push_num_left(buf, i64::from(svc.timeout), 0);
        push_shown_mask(buf, b" mask ", svc);
        if let Some(pe) = pe_name(svc) {
            buf.extend_from_slice(b" pe ");
            buf.extend_from_slice(pe.as_bytes());
        }
    }
    if svc.flags & svc_flags::ONEPACKET != 0 {
        buf.extend_from_slice(b" ops");
    }
}

/// `fwd_name`; glibc prints `(null)` for the NULL an unknown method yields.
fn fwd_name(f: FwdMethod) -> &'static str {
    match f {
        FwdMethod::Masq => "Masq",
        FwdMethod::Local => "Local",
        FwdMethod::Tunnel => "Tunnel",
        FwdMethod::Route => "Route",
        FwdMethod::Other(_) => "(null)",
    }
}

/// The checksum part of tunnel info: `-c`, `+c`, `r+c`.
fn csum_short(flags: u16) -> &'static str {
    if flags & tun_flags::REMCSUM != 0 {
        "r+c"
    } else if flags & tun_flags::CSUM != 0 {
        "+c"
    } else {
        "-c"
    }
}

/// `--tun-info`'s TunnelInfo column.
fn tunnel_info(d: &Dest) -> String {
    if d.fwd != FwdMethod::Tunnel {
        return "n/a".to_string();
    }
    match d.tun_type {
        TunType::Ipip => "ipip".to_string(),
        TunType::Gue => format!("gue:{}:{}", d.tun_port, csum_short(d.tun_flags)),
        TunType::Gre => format!("gre:{}", csum_short(d.tun_flags)),
        TunType::Other(_) => "n/a".to_string(),
    }
}

/// Header lines for the chosen layout; the `IP Virtual Server version` line
/// only when `info` is given (listing all services).
pub fn print_header(
    out: &mut dyn Write,
    info: Option<&Info>,
    opts: &ListOptions,
) -> io::Result<()> {
    if let Some(info) = info {
        let v = info.version;
        writeln!(
            out,
            "IP Virtual Server version {}.{}.{} (size={})",
            (v >> 16) & 0xff,
            (v >> 8) & 0xff,
            v & 0xff,
            info.conn_tab_size as i32
        )?;
    }
    let title = "Prot LocalAddress:Port";
    match opts.format {
        ListFormat::Stats | ListFormat::Rate => {
            let [a, b, c, d, e] = if opts.format == ListFormat::Stats {
                ["Conns", "InPkts", "OutPkts", "InBytes", "OutBytes"]
            } else {
                ["CPS", "InPPS", "OutPPS", "InBPS", "OutBPS"]
            };
            writeln!(
                out,
                "{title:<33} {a:>8} {b:>8} {c:>8} {d:>8} {e:>8}\n  -> RemoteAddress:Port"
            )
        }
        ListFormat::Thresholds => writeln!(
            out,
            "{title:<33} {:<10} {:<10} {:<10} {:<10}\n  -> RemoteAddress:Port",
            "Uthreshold", "Lthreshold", "ActiveConn", "InActConn"
        ),
        ListFormat::PersistentConn => writeln!(
            out,
            "{title:<33} {:<9} {:<11} {:<10} {:<10}\n  -> RemoteAddress:Port",
            "Weight", "PersistConn", "ActiveConn", "InActConn"
        ),
        ListFormat::TunInfo => out.write_all(
            b"Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n"
        ),
        ListFormat::Default => out.write_all(
            b"Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
        ),
    }
}

/// Five largenum fields.
fn push_numbers(buf: &mut Vec<u8>, nums: [u64; 5], exact: bool) {
    for n in nums {
        buf.extend_from_slice(largenum(n, exact).as_bytes());
    }
}

fn counters(s: &crate::model::Stats) -> [u64; 5] {
    [s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes]
}

fn rates(s: &crate::model::Stats) -> [u64; 5] {
    [s.cps, s.inpps, s.outpps, s.inbps, s.outbps]
}

/// One service line and its (already sorted) dest lines.
pub fn print_service(
    out: &mut dyn Write,
    svc: &Service,
    dests: &[Dest],
    opts: &ListOptions,
    names: &dyn Resolver,
) -> io::Result<()> {
    let mut buf = Vec::with_capacity(80 * (dests.len() + 1));
    let start = buf.len();
    push_svc_name(&mut buf, svc, names);
    match opts.format {
        // "%-33s" then five largenums.
        ListFormat::Stats => {
            pad_from(&mut buf, start, 33);
            push_numbers(&mut buf, counters(&svc.stats), opts.exact);
        }
        ListFormat::Rate => {
            pad_from(&mut buf, start, 33);
            push_numbers(&mut buf, rates(&svc.stats), opts.exact);
        }
        _ => push_service_settings(&mut buf, svc),
    }
    buf.push(b'\n');
    for d in dests {
        buf.extend_from_slice(b"  -> ");
        let start = buf.len();
        push_dest_name(&mut buf, svc, d, names);
        pad_from(&mut buf, start, 28);
        // Writing to a Vec cannot fail: the `write!` results are ignored.
        match opts.format {
            // "  -> %-28s" then five largenums.
            ListFormat::Stats => push_numbers(&mut buf, counters(&d.stats), opts.exact),
            // "  -> %-28s %8llu %8llu %8llu" then two largenums.
            ListFormat::Rate => {
                let s = &d.stats;
                let _ = write!(
                    buf,
                    " {:>8} {:>8} {:>8}{}{}",
                    s.cps,
                    s.inpps,
                    s.outpps,
                    largenum(s.inbps, opts.exact),
                    largenum(s.outbps, opts.exact)
                );
            }
            // "  -> %-28s %-10u %-10u %-10u %-10u" and
            // "  -> %-28s %-9u %-11u %-10u %-10u" (weight through %u)
            ListFormat::Thresholds | ListFormat::PersistentConn => {
                let columns = if opts.format == ListFormat::Thresholds {
                    [(d.u_threshold, 10), (d.l_threshold, 10)]
                } else {
                    [(d.weight as u32, 9), (d.persist_conns, 11)]
                };
                let conns = [(d.active_conns, 10), (d.inact_conns, 10)];
                for (n, w) in columns.into_iter().chain(conns) {
                    buf.push(b' ');
                    push_num_left(&mut buf, i64::from(n), w);
                }
            }
            // "  -> %-28s %-7s %-13s %-6d %-10u %-10u"
            ListFormat::TunInfo => {
                let _ = write!(
                    buf,
                    " {:<7} {:<13} {:<6} {:<10} {:<10}",
                    fwd_name(d.fwd),
                    tunnel_info(d),
                    d.weight,
                    d.active_conns,
                    d.inact_conns
                );
            }
            // "  -> %-28s %-7s %-6d %-10u %-10u"
            ListFormat::Default => {
                buf.push(b' ');
                push_left(&mut buf, fwd_name(d.fwd).as_bytes(), 7);
                buf.push(b' ');
                push_num_left(&mut buf, i64::from(d.weight), 6);
                buf.push(b' ');
                push_num_left(&mut buf, i64::from(d.active_conns), 10);
                buf.push(b' ');
                push_num_left(&mut buf, i64::from(d.inact_conns), 10);
            }
        }
        buf.push(b'\n');
    }
    out.write_all(&buf)
}

/// `-L --timeout`: `Timeout (tcp tcpfin udp): %d %d %d`.
pub fn print_timeouts(out: &mut dyn Write, t: &Timeouts) -> io::Result<()> {
    writeln!(
        out,
        "Timeout (tcp tcpfin udp): {} {} {}",
        t.tcp as i32, t.tcp_fin as i32, t.udp as i32
    )
}

/// `-L --daemon`: master lines first, then backup; optional parts only when
/// the kernel reported them (and, for numbers, non-zero).
pub fn print_daemons(out: &mut dyn Write, d: &[Daemon]) -> io::Result<()> {
    let ordered = d
        .iter()
        .filter(|d| d.state == DaemonState::Master)
        .chain(d.iter().filter(|d| d.state == DaemonState::Backup));
    for d in ordered {
        let mut line = format!(
            "{} sync daemon (mcast={}, syncid={}",
            d.state.name(),
            d.mcast_ifn,
            d.syncid as i32
        );
        if let Some(m) = d.sync_maxlen.filter(|m| *m != 0) {
            line.push_str(&format!(", maxlen={m}"));
        }
        if let Some(g) = &d.mcast_group {
            line.push_str(&format!(", group={}", ntop(g)));
        }
        if let Some(p) = d.mcast_port.filter(|p| *p != 0) {
            line.push_str(&format!(", port={p}"));
        }
        if let Some(t) = d.mcast_ttl.filter(|t| *t != 0) {
            line.push_str(&format!(", ttl={t}"));
        }
        writeln!(out, "{line})")?;
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Stats, TunType};
    use crate::names::{NoNames, SystemNames};

    #[test]
    fn header_line_matches_printf() {
        for (version, size, want) in [
            (
                0x01_02_01,
                4096,
                "IP Virtual Server version 1.2.1 (size=4096)",
            ),
            (
                0xff_0a_63,
                0x8000_0000,
                "IP Virtual Server version 255.10.99 (size=-2147483648)",
            ),
        ] {
            let info = Info {
                version,
                conn_tab_size: size,
            };
            let mut out = Vec::new();
            print_header(&mut out, Some(&info), &ListOptions::default()).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert_eq!(text.lines().next(), Some(want));
        }
    }

    /// Turns an indented, `$`-framed capture into the exact expected bytes
    /// (indentation is dropped; dest lines get back their two leading blanks).
    pub(crate) fn golden(text: &str) -> String {
        text.lines()
            .map(|l| l.trim_start())
            .filter(|l| !l.is_empty())
            .map(|l| {
                let indent = if l.starts_with("-> ") { "  " } else { "" };
                format!("{indent}{}\n", l.strip_suffix('$').unwrap_or(l))
            })
            .collect()
    }

    pub(crate) fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    pub(crate) fn svc(proto: Protocol, addr: &str, port: u16) -> Service {
        Service::new(ServiceKey::Addr {
            proto,
            addr: ip(addr),
            port,
        })
    }

    pub(crate) fn fwm(mark: u32, family: Family) -> Service {
        Service::new(ServiceKey::Fwmark { mark, family })
    }

    pub(crate) fn dest(addr: &str, port: u16, fwd: FwdMethod, weight: i32) -> Dest {
        Dest {
            fwd,
            weight,
            ..Dest::new(ip(addr), port)
        }
    }

    pub(crate) fn debian_names() -> SystemNames {
        SystemNames::from_texts(
            "127.0.0.1 localhost\n10.0.0.2 rs2.example\n10.0.0.100 vip.example\nfd00::2 rs6.example\n",
            "discard 9/tcp sink null\nssh 22/tcp\ndomain 53/tcp\ndomain 53/udp\nhttp 80/tcp www\n\
             http 80/udp\nhttps 443/tcp\nhttps 443/udp\nmdns 5353/udp\nhttp-alt 8080/tcp webcache\n",
        )
    }

    fn opts(format: ListFormat) -> ListOptions {
        ListOptions {
            format,
            ..ListOptions::default()
        }
    }

    fn info() -> Info {
        Info {
            version: 0x0001_0201,
            conn_tab_size: 4096,
        }
    }

    fn render(
        info: Option<&Info>,
        o: &ListOptions,
        rows: &[(Service, Vec<Dest>)],
        names: &dyn Resolver,
    ) -> String {
        let mut out = Vec::new();
        print_header(&mut out, info, o).unwrap();
        for (s, d) in rows {
            print_service(&mut out, s, d, o, names).unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    /// One service's lines.
    fn listed(s: &Service, d: &[Dest], o: &ListOptions, names: &dyn Resolver) -> String {
        let mut out = Vec::new();
        print_service(&mut out, s, d, o, names).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The lines of `d` under a plain `FWM 1` service.
    fn listed_dests(d: &[Dest], format: ListFormat, names: &dyn Resolver) -> String {
        listed(&fwm(1, Family::Inet), d, &opts(format), names)
    }

    fn conns(d: Dest, active: u32, inact: u32) -> Dest {
        Dest {
            active_conns: active,
            inact_conns: inact,
            ..d
        }
    }

    #[test]
    fn default_view_numeric() {
        let mut persist = svc(Protocol::Tcp, "10.0.0.100", 8080);
        persist.flags = svc_flags::PERSISTENT;
        persist.timeout = 120;
        let rows = vec![
            (
                Service {
                    scheduler: "rr".into(),
                    ..svc(Protocol::Tcp, "10.0.0.100", 80)
                },
                vec![
                    conns(dest("192.168.1.2", 80, FwdMethod::Masq, 1), 0, 2),
                    conns(dest("192.168.1.3", 80, FwdMethod::Masq, 2), 0, 3),
                ],
            ),
            (
                persist,
                vec![conns(dest("192.168.1.2", 80, FwdMethod::Masq, 1), 1, 1)],
            ),
            (
                svc(Protocol::Udp, "10.0.0.100", 53),
                vec![conns(dest("192.168.1.2", 53, FwdMethod::Masq, 1), 0, 1)],
            ),
        ];
        let want = golden(
            "IP Virtual Server version 1.2.1 (size=4096)$
            Prot LocalAddress:Port Scheduler Flags$
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn$
            TCP  10.0.0.100:80 rr$
              -> 192.168.1.2:80               Masq    1      0          2         $
              -> 192.168.1.3:80               Masq    2      0          3         $
            TCP  10.0.0.100:8080 wlc persistent 120$
              -> 192.168.1.2:80               Masq    1      1          1         $
            UDP  10.0.0.100:53 wlc$
              -> 192.168.1.2:53               Masq    1      0          1         $",
        );
        assert_eq!(
            render(Some(&info()), &opts(ListFormat::Default), &rows, &NoNames),
            want
        );
    }

    fn line(s: &Service) -> String {
        listed(s, &[], &opts(ListFormat::Default), &NoNames)
    }

    /// `s` with these service settings.
    pub(crate) fn with(
        mut s: Service,
        sched: &str,
        flags: u32,
        timeout: u32,
        netmask: u32,
    ) -> Service {
        s.scheduler = sched.to_string().into();
        s.flags = flags;
        s.timeout = timeout;
        s.netmask = netmask;
        s
    }

    #[test]
    fn service_line_variants() {
        use svc_flags::*;
        let t = |a: &str, p| svc(Protocol::Tcp, a, p);
        let all = 0xFFFF_FFFF;
        let cases = [
            (
                with(t("10.0.0.100", 0), "wlc", PERSISTENT, 360, all),
                "TCP  10.0.0.100:0 wlc persistent 360",
            ),
            (
                with(t("10.0.0.103", 80), "wlc", PERSISTENT, 100, 0xFFFF_FF00),
                "TCP  10.0.0.103:80 wlc persistent 100 mask 255.255.255.0",
            ),
            (
                with(t("10.0.0.103", 83), "wlc", PERSISTENT, 10, 24),
                "TCP  10.0.0.103:83 wlc persistent 10 mask 0.0.0.24",
            ),
            (
                with(t("10.0.0.106", 80), "sh", SCHED1 | SCHED2, 0, all),
                "TCP  10.0.0.106:80 sh (sh-fallback,sh-port)",
            ),
            (
                with(t("10.0.0.106", 82), "wlc", SCHED_MASK, 0, all),
                "TCP  10.0.0.106:82 wlc (flag-1,flag-2,flag-3)",
            ),
            (
                with(
                    t("10.0.0.130", 80),
                    "sh",
                    SCHED2 | PERSISTENT,
                    50,
                    0xFFFF_0000,
                ),
                "TCP  10.0.0.130:80 sh (sh-port) persistent 50 mask 255.255.0.0",
            ),
            (
                with(
                    svc(Protocol::Udp, "10.0.0.104", 81),
                    "wlc",
                    PERSISTENT | ONEPACKET,
                    30,
                    all,
                ),
                "UDP  10.0.0.104:81 wlc persistent 30 ops",
            ),
            (
                svc(Protocol::Sctp, "10.0.0.108", 80),
                "SCTP 10.0.0.108:80 wlc",
            ),
            (
                with(t("fd00::102", 80), "wlc", PERSISTENT, 10, 64),
                "TCP  [fd00::102]:80 wlc persistent 10 mask 64",
            ),
            (fwm(2, Family::Inet6), "FWM  2 IPv6 wlc"),
            (
                with(fwm(4, Family::Inet6), "wlc", PERSISTENT, 360, 64),
                "FWM  4 IPv6 wlc persistent 360 mask 64",
            ),
            (
                with(fwm(5, Family::Inet), "wlc", PERSISTENT, 360, 0xFFFF_FF00),
                "FWM  5 wlc persistent 360 mask 255.255.255.0",
            ),
            (
                with(fwm(6, Family::Inet), "wlc", ONEPACKET, 0, all),
                "FWM  6 wlc ops",
            ),
            (fwm(u32::MAX, Family::Inet), "FWM  -1 wlc"),
            (fwm(3_000_000_000, Family::Inet), "FWM  -1294967296 wlc"),
            // mh names only bits 1 and 2; bit 3 stays invisible.
            (
                with(t("10.0.0.1", 1), "mh", SCHED1 | SCHED3, 0, all),
                "TCP  10.0.0.1:1 mh (mh-fallback)",
            ),
            (
                with(t("10.0.0.1", 1), "sh", SCHED3, 0, all),
                "TCP  10.0.0.1:1 sh ()",
            ),
            (
                svc(Protocol::Other(99), "10.0.0.1", 1),
                "?    10.0.0.1:1 wlc",
            ),
        ];
        for (s, want) in cases {
            assert_eq!(line(&s), format!("{want}\n"));
        }
    }

    #[test]
    fn pe_shown_only_when_persistent() {
        let mut s = with(
            svc(Protocol::Udp, "10.0.0.1", 5060),
            "rr",
            0,
            0,
            0xFFFF_FFFF,
        );
        s.pe_name = Some("sip".into());
        assert_eq!(line(&s), "UDP  10.0.0.1:5060 rr\n");
        s.flags = svc_flags::PERSISTENT;
        s.timeout = 10;
        assert_eq!(line(&s), "UDP  10.0.0.1:5060 rr persistent 10 pe sip\n");
        s.pe_name = Some(String::new());
        assert_eq!(line(&s), "UDP  10.0.0.1:5060 rr persistent 10\n");
    }

    #[test]
    fn default_view_names() {
        let names = debian_names();
        let tunnel = dest("fd00::2", 80, FwdMethod::Tunnel, 1);
        let rows = vec![
            (
                Service {
                    scheduler: "rr".into(),
                    ..svc(Protocol::Tcp, "10.0.0.100", 80)
                },
                vec![
                    tunnel,
                    dest("10.0.0.1", 80, FwdMethod::Masq, 1),
                    dest("10.0.0.2", 9, FwdMethod::Masq, 1),
                    dest("10.0.0.2", 80, FwdMethod::Route, 1),
                    dest("10.0.0.3", 8080, FwdMethod::Masq, 5),
                    dest("127.0.0.1", 80, FwdMethod::Masq, 1),
                ],
            ),
            (
                with(
                    svc(Protocol::Tcp, "10.0.0.100", 443),
                    "wlc",
                    svc_flags::PERSISTENT,
                    600,
                    0xFFFF_FF00,
                ),
                vec![],
            ),
            (
                svc(Protocol::Udp, "10.0.0.100", 53),
                vec![dest("10.0.0.3", 5353, FwdMethod::Masq, 1)],
            ),
            (
                Service {
                    scheduler: "wrr".into(),
                    ..svc(Protocol::Tcp, "fd00::100", 443)
                },
                vec![],
            ),
            (
                fwm(7, Family::Inet),
                vec![
                    dest("10.0.0.2", 0, FwdMethod::Route, 1),
                    dest("10.0.0.3", 22, FwdMethod::Route, 1),
                ],
            ),
            (svc(Protocol::Sctp, "10.0.0.2", 80), vec![]),
            (svc(Protocol::Tcp, "10.0.0.2", 65000), vec![]),
            (svc(Protocol::Udp, "10.0.0.2", 8080), vec![]),
        ];
        let want = golden(
            "Prot LocalAddress:Port Scheduler Flags$
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn$
            TCP  vip.example:http rr$
              -> [rs6.example]:http           Tunnel  1      0          0         $
              -> 10.0.0.1:http                Masq    1      0          0         $
              -> rs2.example:discard          Masq    1      0          0         $
              -> rs2.example:http             Route   1      0          0         $
              -> 10.0.0.3:http-alt            Masq    5      0          0         $
              -> localhost:http               Masq    1      0          0         $
            TCP  vip.example:https wlc persistent 600 mask 255.255.255.0$
            UDP  vip.example:domain wlc$
              -> 10.0.0.3:mdns                Masq    1      0          0         $
            TCP  [fd00::100]:https wrr$
            FWM  7 wlc$
              -> rs2.example:0                Route   1      0          0         $
              -> 10.0.0.3:22                  Route   1      0          0         $
            SCTP rs2.example:80 wlc$
            TCP  rs2.example:65000 wlc$
            UDP  rs2.example:8080 wlc$",
        );
        assert_eq!(
            render(None, &opts(ListFormat::Default), &rows, &names),
            want
        );
    }

    #[test]
    fn long_names_are_cut_in_lists_only_for_ipv4() {
        let long4 = "a-very-long-host-name-for-testing.example.org";
        let long6 = "another-very-long-host-name-for-testing.example.org";
        let names = SystemNames::from_texts(
            &format!(
                "10.0.0.1 {long4}\nfd00::1 {long6}\n10.0.0.9 {}\n",
                "x".repeat(70)
            ),
            "http 80/tcp\n",
        );
        let s = svc(Protocol::Tcp, "10.0.0.1", 80);
        let d = vec![
            dest("10.0.0.1", 80, FwdMethod::Route, 1),
            dest("fd00::1", 80, FwdMethod::Tunnel, 1),
            dest("10.0.0.9", 80, FwdMethod::Route, 1),
        ];
        let text = listed(&s, &d, &opts(ListFormat::Default), &names);
        let lines: Vec<&str> = text.lines().collect();
        // "TCP  " + 28 bytes of the name = 33.
        assert_eq!(lines[0], "TCP  a-very-long-host-name-for-te wlc");
        assert_eq!(
            lines[1],
            "  -> a-very-long-host-name-for-te Route   1      0          0         "
        );
        assert_eq!(
            lines[2],
            format!("  -> [{long6}]:http Tunnel  1      0          0         ")
        );
        assert_eq!(
            lines[3],
            format!(
                "  -> {} Route   1      0          0         ",
                "x".repeat(28)
            )
        );
        // The formatted name itself never exceeds 59 bytes.
        let huge = format!("{}.example", "y".repeat(60));
        let names = SystemNames::from_texts(&format!("fd00::1 {huge}\n"), "");
        let mut v6 = b"kept".to_vec();
        push_addrport(&mut v6, &ip("fd00::1"), 80, Some(Protocol::Tcp), &names);
        let v6 = v6.split_off(4);
        assert_eq!(v6.len(), 59);
        assert_eq!(v6, format!("[{huge}]:80").as_bytes()[..59].to_vec());
    }

    #[test]
    fn non_ascii_names_are_cut_and_padded_by_bytes() {
        let names = SystemNames::from_texts("10.0.0.1 h\u{e9}.example\n", "");
        let d = vec![dest("10.0.0.1", 80, FwdMethod::Route, 1)];
        let out = listed_dests(&d, ListFormat::Default, &names);
        // "hé.example:80" is 14 bytes (13 chars): 14 blanks of padding.
        let want = "FWM  1 wlc\n  -> h\u{e9}.example:80               Route   1      0          0         \n";
        assert_eq!(out, want);
    }

    #[test]
    fn wide_weight_pushes_columns() {
        let d = vec![dest("10.0.0.1", 80, FwdMethod::Route, i32::MAX)];
        let out = listed_dests(&d, ListFormat::Default, &NoNames);
        assert!(out.ends_with("Route   2147483647 0          0         \n"));
    }

    fn stats(n: [u64; 5]) -> Stats {
        Stats {
            conns: n[0],
            inpkts: n[1],
            outpkts: n[2],
            inbytes: n[3],
            outbytes: n[4],
            ..Stats::default()
        }
    }

    fn rates([cps, inpps, outpps, inbps, outbps]: [u64; 5]) -> Stats {
        Stats {
            cps,
            inpps,
            outpps,
            inbps,
            outbps,
            ..Stats::default()
        }
    }

    #[test]
    fn stats_view() {
        let mut s1 = Service {
            scheduler: "rr".into(),
            ..svc(Protocol::Tcp, "10.0.0.100", 80)
        };
        s1.stats = stats([5, 35, 25, 2000, 2405]);
        let mut d1 = dest("192.168.1.2", 80, FwdMethod::Masq, 1);
        d1.stats = stats([2, 14, 10, 800, 962]);
        let mut d2 = dest("192.168.1.3", 80, FwdMethod::Masq, 1);
        d2.stats = stats([3, 21, 15, 1200, 1443]);
        let mut s2 = svc(Protocol::Udp, "10.0.0.100", 53);
        s2.stats = stats([1, 1, 1, 49, 77]);
        let mut d3 = dest("192.168.1.2", 53, FwdMethod::Masq, 1);
        d3.stats = stats([1, 1, 1, 49, 77]);
        let rows = vec![
            (s1, vec![d1, d2]),
            (s2, vec![d3]),
            (fwm(2, Family::Inet6), vec![]),
        ];
        let want = golden(
            "IP Virtual Server version 1.2.1 (size=4096)$
            Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes$
              -> RemoteAddress:Port$
            TCP  10.0.0.100:80                       5       35       25     2000     2405$
              -> 192.168.1.2:80                      2       14       10      800      962$
              -> 192.168.1.3:80                      3       21       15     1200     1443$
            UDP  10.0.0.100:53                       1        1        1       49       77$
              -> 192.168.1.2:53                      1        1        1       49       77$
            FWM  2 IPv6                              0        0        0        0        0$",
        );
        assert_eq!(
            render(Some(&info()), &opts(ListFormat::Stats), &rows, &NoNames),
            want
        );
    }

    #[test]
    fn stats_large_and_exact() {
        let mut s = fwm(1, Family::Inet);
        s.stats = stats([123_456_789, 5_000_000_000, 0, u64::MAX, 99_999_999]);
        for (exact, want) in [
            (false, "  123456K    5000M        018446744T 99999999"),
            (
                true,
                " 123456789 5000000000        0 18446744073709551615 99999999",
            ),
        ] {
            let o = ListOptions {
                exact,
                ..opts(ListFormat::Stats)
            };
            let out = listed(&s, &[], &o, &NoNames);
            assert_eq!(out, format!("{:<33}{want}\n", "FWM  1"), "exact {exact}");
        }
    }

    #[test]
    fn rate_view_dest_line_differs() {
        let mut s = Service {
            scheduler: "rr".into(),
            ..svc(Protocol::Tcp, "10.0.0.100", 80)
        };
        s.stats = rates([0, 2, 1, 105, 127]);
        let mut d = dest("192.168.1.2", 80, FwdMethod::Masq, 1);
        d.stats = rates([0, 1, 1, 42, 51]);
        let want = golden(
            "Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS$
              -> RemoteAddress:Port$
            TCP  10.0.0.100:80                       0        2        1      105      127$
              -> 192.168.1.2:80                      0        1        1       42       51$",
        );
        assert_eq!(
            render(
                None,
                &opts(ListFormat::Rate),
                &[(s, vec![d.clone()])],
                &NoNames
            ),
            want
        );
        // Large rates: the first three dest columns are plain %8llu.
        d.stats.cps = 123_456_789;
        d.stats.inbps = 123_456_789;
        let text = listed_dests(&[d], ListFormat::Rate, &NoNames);
        assert_eq!(
            text.lines().nth(1).unwrap(),
            "  -> 192.168.1.2:80               123456789        1        1  123456K       51"
        );
    }

    #[test]
    fn thresholds_and_persistent_conn_views() {
        let s = with(
            svc(Protocol::Tcp, "10.0.0.100", 8080),
            "wlc",
            svc_flags::PERSISTENT,
            120,
            0xFFFF_FFFF,
        );
        let mut d1 = conns(dest("192.168.1.2", 80, FwdMethod::Masq, 1), 1, 1);
        d1.persist_conns = 1;
        let mut d2 = dest("10.0.0.7", 80, FwdMethod::Masq, 1);
        d2.u_threshold = 100;
        d2.l_threshold = 50;
        let rows = [(s, vec![d1, d2])];
        for (format, want) in [
            (
                ListFormat::Thresholds,
                "Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn $
                  -> RemoteAddress:Port$
                TCP  10.0.0.100:8080 wlc persistent 120$
                  -> 192.168.1.2:80               0          0          1          1         $
                  -> 10.0.0.7:80                  100        50         0          0         $",
            ),
            (
                ListFormat::PersistentConn,
                "Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn $
                  -> RemoteAddress:Port$
                TCP  10.0.0.100:8080 wlc persistent 120$
                  -> 192.168.1.2:80               1         1           1          1         $
                  -> 10.0.0.7:80                  1         0           0          0         $",
            ),
        ] {
            assert_eq!(
                render(None, &opts(format), &rows, &NoNames),
                golden(want),
                "{format:?}"
            );
        }
    }

    #[test]
    fn tun_info_view() {
        let tun = |a: &str, t: TunType, port: u16, flags: u16, w: i32| Dest {
            tun_type: t,
            tun_port: port,
            tun_flags: flags,
            ..dest(a, 80, FwdMethod::Tunnel, w)
        };
        let d = vec![
            dest("10.0.0.1", 80, FwdMethod::Masq, 1),
            tun("10.0.0.5", TunType::Ipip, 0, 0, 65535),
            tun("10.0.0.13", TunType::Gue, 6080, tun_flags::NOCSUM, 1),
            tun("10.0.0.15", TunType::Gre, 0, tun_flags::CSUM, 1),
            tun("10.0.0.16", TunType::Gue, 6080, tun_flags::REMCSUM, 1),
        ];
        let want = golden(
            "Prot LocalAddress:Port Scheduler Flags$
              -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn$
            TCP  10.0.0.100:80 wlc$
              -> 10.0.0.1:80                  Masq    n/a           1      0          0         $
              -> 10.0.0.5:80                  Tunnel  ipip          65535  0          0         $
              -> 10.0.0.13:80                 Tunnel  gue:6080:-c   1      0          0         $
              -> 10.0.0.15:80                 Tunnel  gre:+c        1      0          0         $
              -> 10.0.0.16:80                 Tunnel  gue:6080:r+c  1      0          0         $",
        );
        let s = svc(Protocol::Tcp, "10.0.0.100", 80);
        assert_eq!(
            render(None, &opts(ListFormat::TunInfo), &[(s, d)], &NoNames),
            want
        );
    }

    #[test]
    fn local_and_unknown_forwarding_names() {
        let d = vec![
            dest("10.0.0.1", 80, FwdMethod::Local, 1),
            dest("10.0.0.2", 80, FwdMethod::Other(4), 1),
        ];
        let text = listed_dests(&d, ListFormat::Default, &NoNames);
        assert!(text.contains("  -> 10.0.0.1:80                  Local   1 "));
        assert!(text.contains("  -> 10.0.0.2:80                  (null)  1 "));
    }

    #[test]
    fn empty_table_is_just_the_header() {
        let want = "IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";
        assert_eq!(
            render(Some(&info()), &opts(ListFormat::Default), &[], &NoNames),
            want
        );
        let odd = Info {
            version: 0x0102_0304,
            conn_tab_size: u32::MAX,
        };
        let mut out = Vec::new();
        print_header(&mut out, Some(&odd), &opts(ListFormat::Default)).unwrap();
        assert!(String::from_utf8(out)
            .unwrap()
            .starts_with("IP Virtual Server version 2.3.4 (size=-1)\n"));
    }

    #[test]
    fn timeouts_line() {
        let mut out = Vec::new();
        let t = Timeouts {
            tcp: 900,
            tcp_fin: 120,
            udp: 300,
        };
        print_timeouts(&mut out, &t).unwrap();
        assert_eq!(out, b"Timeout (tcp tcpfin udp): 900 120 300\n");
    }

    #[test]
    fn daemon_lines() {
        use DaemonState::{Backup, Master};
        // (state, interface, syncid, maxlen, group, port, ttl)
        #[rustfmt::skip]
        let rows = [
            (Backup, "eth0", 5, Some(1024), Some("239.1.2.3"), Some(9000), Some(5)),
            (Master, "eth0", 0, Some(1472), Some("224.0.0.81"), Some(8848), Some(1)),
            (Backup, "eth0", 0, Some(1452), Some("ff02::1"), Some(8848), Some(1)),
            (Master, "eth1", 0, None, None, Some(0), None),
        ];
        let list: Vec<Daemon> = rows
            .into_iter()
            .map(
                |(state, ifn, syncid, sync_maxlen, group, mcast_port, mcast_ttl)| Daemon {
                    state,
                    mcast_ifn: ifn.into(),
                    syncid,
                    sync_maxlen,
                    mcast_group: group.map(ip),
                    mcast_port,
                    mcast_ttl,
                },
            )
            .collect();
        let mut out = Vec::new();
        print_daemons(&mut out, &list).unwrap();
        let want = golden(
            "master sync daemon (mcast=eth0, syncid=0, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)$
            master sync daemon (mcast=eth1, syncid=0)$
            backup sync daemon (mcast=eth0, syncid=5, maxlen=1024, group=239.1.2.3, port=9000, ttl=5)$
            backup sync daemon (mcast=eth0, syncid=0, maxlen=1452, group=ff02::1, port=8848, ttl=1)$",
        );
        assert_eq!(String::from_utf8(out).unwrap(), want);
        let mut out = Vec::new();
        print_daemons(&mut out, &[]).unwrap();
        assert!(out.is_empty());
    }
}
