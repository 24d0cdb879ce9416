//! Name resolution the way ipvsadm uses it: hosts and services, forward for
//! parsing (`-t vip.example:http`) and reverse for listings without `-n`.
//!
//! Design decisions: ipvsadm calls the blocking libc resolver per line; we
//! read `/etc/hosts` and `/etc/services` once into tables (parsed here, read
//! from disk by `sys`), so listing thousands of entries costs one file read
//! each. Lookups follow glibc's `files` backend (first matching line wins,
//! host names case-insensitive, service names case-sensitive). There is no
//! DNS: see compat-tests/DIVERGENCES.md.

use once_cell::unsync::OnceCell;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What the grammar and the listings need from the resolver.
pub trait Resolver {
    /// gethostbyname(): first IPv4 address of a host name.
    fn host_to_v4(&self, name: &str) -> Option<Ipv4Addr>;
    /// gethostbyaddr(): canonical name of an address.
    fn addr_to_host(&self, addr: &IpAddr) -> Option<&str>;
    /// getservbyname(name, proto).
    fn service_to_port(&self, name: &str, proto: &str) -> Option<u16>;
    /// getservbyport(port, proto).
    fn port_to_service(&self, port: u16, proto: &str) -> Option<&str>;
}

/// A resolver that knows nothing (tests, and `-n` paths that must not look up).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoNames;

impl Resolver for NoNames {
    fn host_to_v4(&self, _: &str) -> Option<Ipv4Addr> {
        None
    }
    fn addr_to_host(&self, _: &IpAddr) -> Option<&str> {
        None
    }
    fn service_to_port(&self, _: &str, _: &str) -> Option<u16> {
        None
    }
    fn port_to_service(&self, _: u16, _: &str) -> Option<&str> {
        None
    }
}

/// The system's resolver: `/etc/hosts` and `/etc/services`, read lazily, once.
#[derive(Debug, Default)]
pub struct SystemNames {
    hosts: OnceCell<Hosts>,
    services: OnceCell<Services>,
}

impl SystemNames {
    /// A resolver over given file contents (nothing is read from disk).
    pub fn from_texts(hosts: &str, services: &str) -> SystemNames {
        SystemNames {
            hosts: OnceCell::with_value(Hosts::parse(hosts)),
            services: OnceCell::with_value(Services::parse(services)),
        }
    }

    fn hosts(&self) -> &Hosts {
        self.hosts
            .get_or_init(|| Hosts::from_text(crate::sys::read_name_file("/etc/hosts")))
    }

    fn services(&self) -> &Services {
        self.services
            .get_or_init(|| Services::parse(&crate::sys::read_name_file("/etc/services")))
    }
}

impl Resolver for SystemNames {
    fn host_to_v4(&self, name: &str) -> Option<Ipv4Addr> {
        match digits_dots(name) {
            Some(numeric) => numeric,
            None => self.hosts().v4_of(name),
        }
    }
    fn addr_to_host(&self, addr: &IpAddr) -> Option<&str> {
        // glibc refuses to look up the IPv6 unspecified address.
        if *addr == IpAddr::V6(Ipv6Addr::UNSPECIFIED) {
            return None;
        }
        self.hosts().name_of(addr)
    }
    fn service_to_port(&self, name: &str, proto: &str) -> Option<u16> {
        self.services().port_of(name, proto)
    }
    fn port_to_service(&self, port: u16, proto: &str) -> Option<&str> {
        self.services().name_of(port, proto)
    }
}

/// gethostbyname's shortcut for all-digit names: `Some(answer)` when the
/// name is digits and dots not ending in a dot (then the files are not
/// consulted and inet_aton's forms apply, e.g. `10.1` = 10.0.0.1), `None`
/// when the name must be looked up.
fn digits_dots(name: &str) -> Option<Option<Ipv4Addr>> {
    let numeric = name.starts_with(|c: char| c.is_ascii_digit())
        && name.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !name.ends_with('.');
    numeric.then(|| inet_aton(name))
}

/// inet_aton on digits and dots: 1–4 parts, octal with a leading 0, the
/// last part filling the remaining bytes.
fn inet_aton(s: &str) -> Option<Ipv4Addr> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() > 4 {
        return None;
    }
    let mut vals = Vec::with_capacity(parts.len());
    for p in &parts {
        let v = if p.len() > 1 && p.starts_with('0') {
            u32::from_str_radix(p.get(1..)?, 8).ok()?
        } else {
            p.parse::<u32>().ok()?
        };
        vals.push(v);
    }
    let (last, head) = vals.split_last()?;
    if head.iter().any(|v| *v > 0xff) {
        return None;
    }
    let last_bits = 8 * (4 - head.len() as u32);
    if last_bits < 32 && u64::from(*last) >= 1u64 << last_bits {
        return None;
    }
    let mut addr = 0u32;
    for (i, v) in head.iter().enumerate() {
        addr |= v << (24 - 8 * i as u32);
    }
    Some(Ipv4Addr::from(addr | last))
}

/// Fields of a line, without the `#` comment.
fn fields(line: &str) -> impl Iterator<Item = &str> {
    let data = line.split('#').next().unwrap_or("");
    data.split_ascii_whitespace()
}

/// `/etc/hosts`, indexed the way glibc's `files` backend answers: for each
/// key the first line in file order wins. Each index is built on its first
/// use (a listing needs only the reverse one, parsing only the forward one),
/// and the reverse index points into the kept text instead of copying names:
/// with 20,000 hosts that is megabytes less at the listing's peak.
#[derive(Debug, Default)]
pub struct Hosts {
    text: String,
    reverse: OnceCell<Reverse>,
    /// gethostbyname: ASCII-lowercased name or alias -> IPv4 address.
    forward: OnceCell<HashMap<String, Ipv4Addr>>,
}

/// A name as a byte range (start, length) of the hosts text.
type Span = (u32, u32);

/// Address -> canonical name, as sorted arrays searched by bisection: a
/// tenth of a hash map's memory, and as fast at these sizes.
#[derive(Debug, Default)]
struct Reverse {
    /// IPv4 queries.
    v4: Vec<(u32, Span)>,
    /// IPv6 queries.
    v6: Vec<(u128, Span)>,
}

/// Sort by address keeping file order among equals, then keep the first of
/// each address (glibc answers with the first matching line).
fn index<K: Ord + Copy>(mut entries: Vec<(K, Span)>) -> Vec<(K, Span)> {
    entries.sort_by_key(|e| e.0);
    entries.dedup_by_key(|e| e.0);
    entries.shrink_to_fit();
    entries
}

fn lookup<K: Ord + Copy>(entries: &[(K, Span)], key: K) -> Option<Span> {
    let i = entries.binary_search_by_key(&key, |e| e.0).ok()?;
    entries.get(i).map(|e| e.1)
}

/// The lines of a hosts text: (address field, names), comments dropped.
fn host_lines(text: &str) -> impl Iterator<Item = (&str, Vec<&str>)> {
    text.lines().filter_map(|line| {
        let mut f = fields(line);
        let addr = f.next()?;
        let names: Vec<&str> = f.collect();
        (!names.is_empty()).then_some((addr, names))
    })
}

impl Hosts {
    pub fn parse(text: &str) -> Hosts {
        Hosts::from_text(text.to_string())
    }

    fn from_text(text: String) -> Hosts {
        Hosts {
            text,
            ..Hosts::default()
        }
    }

    fn reverse(&self) -> &Reverse {
        self.reverse.get_or_init(|| {
            let (mut v4, mut v6) = (Vec::new(), Vec::new());
            let base = self.text.as_ptr() as usize;
            for (addr, names) in host_lines(&self.text) {
                let Some(canonical) = names.first() else {
                    continue;
                };
                // `canonical` is a slice of `self.text`: its offset is exact.
                // (A name past 4 GiB of hosts file is not indexed.)
                let (Ok(start), Ok(len)) = (
                    u32::try_from(canonical.as_ptr() as usize - base),
                    u32::try_from(canonical.len()),
                ) else {
                    continue;
                };
                if let Some(IpAddr::V4(a)) = line_addr(addr, false) {
                    v4.push((u32::from(a), (start, len)));
                }
                if let Some(IpAddr::V6(a)) = line_addr(addr, true) {
                    v6.push((u128::from(a), (start, len)));
                }
            }
            Reverse {
                v4: index(v4),
                v6: index(v6),
            }
        })
    }

    fn forward(&self) -> &HashMap<String, Ipv4Addr> {
        self.forward.get_or_init(|| {
            let mut map = HashMap::new();
            for (addr, names) in host_lines(&self.text) {
                if let Some(IpAddr::V4(a)) = line_addr(addr, false) {
                    for n in &names {
                        map.entry(n.to_ascii_lowercase()).or_insert(a);
                    }
                }
            }
            map
        })
    }

    /// gethostbyaddr: the canonical name of the first line with this address.
    pub fn name_of(&self, addr: &IpAddr) -> Option<&str> {
        let r = self.reverse();
        let (start, len) = match addr {
            IpAddr::V4(a) => lookup(&r.v4, u32::from(*a)),
            IpAddr::V6(a) => lookup(&r.v6, u128::from(*a)),
        }?;
        let start = start as usize;
        self.text.get(start..start + len as usize)
    }

    /// gethostbyname: the address of the first IPv4 line naming `name`
    /// (names compare case-insensitively).
    pub fn v4_of(&self, name: &str) -> Option<Ipv4Addr> {
        self.forward().get(&name.to_ascii_lowercase()).copied()
    }
}

/// A hosts line's address as glibc reads it for an IPv4 or IPv6 query. For
/// IPv4 queries, IPv6 lines count only when v4-mapped or loopback (`::1`
/// reads as 127.0.0.1); for IPv6 queries, IPv4 lines never match.
fn line_addr(text: &str, v6_query: bool) -> Option<IpAddr> {
    if v6_query {
        return text.parse::<Ipv6Addr>().ok().map(IpAddr::V6);
    }
    if let Ok(a) = text.parse::<Ipv4Addr>() {
        return Some(IpAddr::V4(a));
    }
    let a6 = text.parse::<Ipv6Addr>().ok()?;
    if let Some(a) = a6.to_ipv4_mapped() {
        Some(IpAddr::V4(a))
    } else if a6 == Ipv6Addr::LOCALHOST {
        Some(IpAddr::V4(Ipv4Addr::LOCALHOST))
    } else {
        None
    }
}

/// `/etc/services`, indexed by the two lookups (first line in file order wins).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Services {
    /// getservbyport: (port, proto) -> official name.
    by_port: HashMap<(u16, String), String>,
    /// getservbyname: (name or alias, proto) -> port.
    by_name: HashMap<(String, String), u16>,
}

impl Services {
    pub fn parse(text: &str) -> Services {
        let mut s = Services::default();
        for line in text.lines() {
            let mut f = fields(line);
            let Some(name) = f.next() else { continue };
            let Some((port, proto)) = f.next().and_then(|pp| pp.split_once('/')) else {
                continue;
            };
            let Some(port) = parse_port(port) else {
                continue;
            };
            if proto.is_empty() {
                continue;
            }
            s.by_port
                .entry((port, proto.to_string()))
                .or_insert_with(|| name.to_string());
            for n in std::iter::once(name).chain(f) {
                s.by_name
                    .entry((n.to_string(), proto.to_string()))
                    .or_insert(port);
            }
        }
        s
    }

    /// getservbyport: official name of the first entry with this port and protocol.
    pub fn name_of(&self, port: u16, proto: &str) -> Option<&str> {
        self.by_port
            .get(&(port, proto.to_string()))
            .map(String::as_str)
    }

    /// getservbyname: port of the first entry whose name or alias matches.
    pub fn port_of(&self, name: &str, proto: &str) -> Option<u16> {
        self.by_name
            .get(&(name.to_string(), proto.to_string()))
            .copied()
    }
}

/// The port field as glibc reads it: decimal, stored through `htons`, so
/// only the low 16 bits survive.
fn parse_port(s: &str) -> Option<u16> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v = s.bytes().fold(0u64, |acc, b| {
        acc.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    });
    Some(v as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTS: &str = "\
127.0.0.1\tlocalhost
# comment line 10.9.9.9 nothere
10.0.0.2 rs2.example rs2 # trailing comment
10.0.0.100   vip.example
10.0.0.2 second.example
::1     localhost ip6-localhost ip6-loopback
fd00::2 rs6.example
::ffff:10.0.0.7 mapped.example
fd00::9 only6.example
10.0.0.99
bogus-address some.name
";

    const SERVICES: &str = "\
# Network services
tcpmux\t\t1/tcp\t\t\t\t# TCP port service multiplexer
discard\t\t9/tcp\t\tsink null
http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP
http\t\t80/udp
domain\t\t53/udp
mdns\t\t5353/udp
http-alt\t8080/tcp\twebcache
sctpthing\t80/sctp
broken\t\tnoslash
wrapped\t\t65616/tcp
www-dup\t\t81/tcp\t\twww
http\t\t82/tcp
";

    fn names() -> SystemNames {
        SystemNames::from_texts(HOSTS, SERVICES)
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn large_unordered_hosts_files_keep_the_first_line_per_address() {
        // 3,000 addresses listed backwards, then every one again (ignored).
        let mut text = String::new();
        for i in (0..3000u32).rev() {
            text += &format!("10.1.{}.{} h{i}.example alias{i}\n", i / 250, i % 250);
        }
        for i in 0..3000u32 {
            text += &format!("10.1.{}.{} late{i}.example\n", i / 250, i % 250);
        }
        let n = SystemNames::from_texts(&text, "");
        for i in [0u32, 1, 1499, 2999] {
            let a = ip(&format!("10.1.{}.{}", i / 250, i % 250));
            assert_eq!(n.addr_to_host(&a), Some(format!("h{i}.example").as_str()));
        }
        assert_eq!(n.addr_to_host(&ip("10.1.200.1")), None);
        assert_eq!(n.host_to_v4("ALIAS7"), Some(Ipv4Addr::new(10, 1, 0, 7)));
    }

    #[test]
    fn reverse_lookup_takes_first_line_canonical_name() {
        let n = names();
        assert_eq!(n.addr_to_host(&ip("10.0.0.2")), Some("rs2.example"));
        assert_eq!(n.addr_to_host(&ip("10.0.0.100")), Some("vip.example"));
        assert_eq!(n.addr_to_host(&ip("127.0.0.1")), Some("localhost"));
        assert_eq!(n.addr_to_host(&ip("fd00::2")), Some("rs6.example"));
        assert_eq!(n.addr_to_host(&ip("::1")), Some("localhost"));
        assert_eq!(n.addr_to_host(&ip("10.0.0.7")), Some("mapped.example"));
        assert_eq!(n.addr_to_host(&ip("10.9.9.9")), None);
        assert_eq!(n.addr_to_host(&ip("10.0.0.99")), None);
        assert_eq!(n.addr_to_host(&ip("::")), None);
    }

    #[test]
    fn forward_lookup_is_case_insensitive_and_v4_only() {
        let n = names();
        assert_eq!(
            n.host_to_v4("VIP.example"),
            Some(Ipv4Addr::new(10, 0, 0, 100))
        );
        assert_eq!(n.host_to_v4("rs2"), Some(Ipv4Addr::new(10, 0, 0, 2)));
        // glibc reads ::1 as 127.0.0.1 for IPv4 queries.
        assert_eq!(n.host_to_v4("ip6-localhost"), Some(Ipv4Addr::LOCALHOST));
        assert_eq!(n.host_to_v4("only6.example"), None);
        assert_eq!(n.host_to_v4("rs6.example"), None);
        assert_eq!(n.host_to_v4("nothere"), None);
    }

    #[test]
    fn forward_lookup_numeric_forms() {
        let n = names();
        assert_eq!(n.host_to_v4("10.1"), Some(Ipv4Addr::new(10, 0, 0, 1)));
        assert_eq!(n.host_to_v4("010.0.0.1"), Some(Ipv4Addr::new(8, 0, 0, 1)));
        assert_eq!(n.host_to_v4("167772161"), Some(Ipv4Addr::new(10, 0, 0, 1)));
        assert_eq!(n.host_to_v4("10.0.0.256"), None);
        assert_eq!(n.host_to_v4("1.2.3.4.5"), None);
        assert_eq!(n.host_to_v4("09"), None);
    }

    #[test]
    fn service_lookups() {
        let n = names();
        assert_eq!(n.port_to_service(80, "tcp"), Some("http"));
        assert_eq!(n.port_to_service(80, "udp"), Some("http"));
        assert_eq!(n.port_to_service(80, "sctp"), Some("sctpthing"));
        assert_eq!(n.port_to_service(8080, "tcp"), Some("http-alt"));
        assert_eq!(n.port_to_service(8080, "udp"), None);
        assert_eq!(n.port_to_service(9, "tcp"), Some("discard"));
        assert_eq!(n.port_to_service(80, "wrapped"), None);
        assert_eq!(n.port_to_service(80, "tcp"), Some("http"));
        // First line wins for both lookups.
        assert_eq!(n.service_to_port("www", "tcp"), Some(80));
        assert_eq!(n.service_to_port("http", "tcp"), Some(80));
        assert_eq!(n.port_to_service(81, "tcp"), Some("www-dup"));
        assert_eq!(n.service_to_port("www", "udp"), None);
        assert_eq!(n.service_to_port("webcache", "tcp"), Some(8080));
        assert_eq!(n.service_to_port("HTTP", "tcp"), None);
        assert_eq!(n.service_to_port("broken", "tcp"), None);
        // 65616 keeps its low 16 bits, as htons does.
        assert_eq!(n.service_to_port("wrapped", "tcp"), Some(80));
    }

    #[test]
    fn empty_files_know_nothing() {
        let n = SystemNames::from_texts("", "");
        assert_eq!(n.addr_to_host(&ip("127.0.0.1")), None);
        assert_eq!(n.port_to_service(80, "tcp"), None);
    }
}
