//! Name resolution the way ipvsadm uses it: hosts and services, forward for
//! parsing (`-t vip.example:http`) and reverse for listings without `-n`.
//!
//! Design decisions: ipvsadm calls the blocking libc resolver per line; we
//! read `/etc/hosts` and `/etc/services` once, on first use, into hash
//! maps, so listing thousands of entries costs one file read each. Lookups
//! follow glibc's `files` backend: the first matching line wins, host names
//! compare case-insensitively, service names case-sensitively. There is no
//! DNS: see compat-tests/DIVERGENCES.md.

use std::cell::OnceCell;
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
            hosts: OnceCell::from(Hosts::new(hosts.to_string())),
            services: OnceCell::from(Services::new(services)),
        }
    }

    fn hosts(&self) -> &Hosts {
        self.hosts
            .get_or_init(|| Hosts::new(read_name_file("/etc/hosts")))
    }

    fn services(&self) -> &Services {
        self.services
            .get_or_init(|| Services::new(&read_name_file("/etc/services")))
    }
}

impl Resolver for SystemNames {
    fn host_to_v4(&self, name: &str) -> Option<Ipv4Addr> {
        // gethostbyname's shortcut: a name of digits and dots, not ending
        // in a dot, is inet_aton's (`10.1` is 10.0.0.1), never looked up.
        let numeric = name.starts_with(|c: char| c.is_ascii_digit())
            && name.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && !name.ends_with('.');
        if numeric {
            return crate::inet::inet_aton(name);
        }
        self.hosts().v4_of(name)
    }
    fn addr_to_host(&self, addr: &IpAddr) -> Option<&str> {
        // glibc refuses to look up the IPv6 unspecified address.
        if *addr == IpAddr::V6(Ipv6Addr::UNSPECIFIED) {
            return None;
        }
        self.hosts().name_of(addr)
    }
    fn service_to_port(&self, name: &str, proto: &str) -> Option<u16> {
        self.services().by_name.get(proto)?.get(name).copied()
    }
    fn port_to_service(&self, port: u16, proto: &str) -> Option<&str> {
        self.services()
            .by_port
            .get(proto)?
            .get(&port)
            .map(String::as_str)
    }
}

/// The text of a name database; a missing or unreadable file is empty, as
/// libc's lookups then simply find nothing, and invalid UTF-8 is replaced
/// rather than losing the file.
fn read_name_file(path: &str) -> String {
    match std::fs::read(path) {
        // Converted in place when valid: a large hosts file is not copied.
        Ok(bytes) => String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(_) => String::new(),
    }
}

/// The fields of a hosts or services line: runs of non-blanks before any `#`.
fn fields(line: &str) -> impl Iterator<Item = &str> {
    line.split('#')
        .next()
        .unwrap_or_default()
        .split_ascii_whitespace()
}

/// The IPv4 address an IPv4 query finds on a hosts line: a dotted quad, or
/// an IPv6 line that is v4-mapped or `::1` (read as 127.0.0.1).
fn line_v4(addr: &str, v6: Option<Ipv6Addr>) -> Option<Ipv4Addr> {
    match (addr.parse().ok(), v6) {
        (Some(a), _) => Some(a),
        (None, Some(Ipv6Addr::LOCALHOST)) => Some(Ipv4Addr::LOCALHOST),
        (None, Some(a6)) => a6.to_ipv4_mapped(),
        (None, None) => None,
    }
}

/// A name as a byte range (start, length) of the hosts text.
type Span = (u32, u32);

/// Address -> canonical name, one map per family.
type Reverse = (HashMap<Ipv4Addr, Span>, HashMap<Ipv6Addr, Span>);

/// `/etc/hosts`, with each lookup's map built on its first use (a listing
/// needs only the reverse ones, parsing only the forward one).
#[derive(Debug, Default)]
struct Hosts {
    text: String,
    /// gethostbyaddr: the canonical name of the first line per address, as
    /// a range of `text` (a copy of each name would add some 50 bytes a
    /// host, a megabyte to a listing with 20,000 named addresses).
    reverse: OnceCell<Reverse>,
    /// gethostbyname: ASCII-lowercased name or alias -> IPv4 address.
    forward: OnceCell<HashMap<String, Ipv4Addr>>,
}

impl Hosts {
    fn new(text: String) -> Hosts {
        Hosts {
            text,
            ..Hosts::default()
        }
    }

    fn reverse(&self) -> &Reverse {
        self.reverse.get_or_init(|| {
            let (mut v4, mut v6) = (HashMap::new(), HashMap::new());
            for line in self.text.lines() {
                let mut f = fields(line);
                let (Some(addr), Some(name)) = (f.next(), f.next()) else {
                    continue;
                };
                // Where the name lies in the text (a slice of it).
                let start = name.as_ptr() as usize - self.text.as_ptr() as usize;
                let (Ok(start), Ok(len)) = (u32::try_from(start), u32::try_from(name.len())) else {
                    continue;
                };
                let a6 = addr.parse().ok();
                if let Some(a) = line_v4(addr, a6) {
                    v4.entry(a).or_insert((start, len));
                }
                if let Some(a6) = a6 {
                    v6.entry(a6).or_insert((start, len));
                }
            }
            (v4, v6)
        })
    }

    fn forward(&self) -> &HashMap<String, Ipv4Addr> {
        self.forward.get_or_init(|| {
            let mut map = HashMap::new();
            for line in self.text.lines() {
                let mut f = fields(line);
                let Some(addr) = f.next() else { continue };
                let Some(a) = line_v4(addr, addr.parse().ok()) else {
                    continue;
                };
                for name in f {
                    map.entry(name.to_ascii_lowercase()).or_insert(a);
                }
            }
            map
        })
    }

    /// gethostbyaddr: the canonical name of the first line with this address.
    fn name_of(&self, addr: &IpAddr) -> Option<&str> {
        let (v4, v6) = self.reverse();
        let (start, len) = match addr {
            IpAddr::V4(a) => v4.get(a)?,
            IpAddr::V6(a) => v6.get(a)?,
        };
        let start = *start as usize;
        self.text.get(start..start + *len as usize)
    }

    /// gethostbyname: the address of the first IPv4 line naming `name`.
    fn v4_of(&self, name: &str) -> Option<Ipv4Addr> {
        self.forward().get(&name.to_ascii_lowercase()).copied()
    }
}

/// `/etc/services`, by protocol (first line wins in both directions).
#[derive(Debug, Default)]
struct Services {
    /// getservbyport: protocol -> port -> official name.
    by_port: HashMap<String, HashMap<u16, String>>,
    /// getservbyname: protocol -> name or alias -> port.
    by_name: HashMap<String, HashMap<String, u16>>,
}

impl Services {
    fn new(text: &str) -> Services {
        let mut s = Services::default();
        for line in text.lines() {
            let mut f = fields(line);
            let (Some(name), Some(port_proto)) = (f.next(), f.next()) else {
                continue;
            };
            let Some((port, proto)) = port_proto.split_once('/') else {
                continue;
            };
            let Some(port) = parse_port(port).filter(|_| !proto.is_empty()) else {
                continue;
            };
            s.by_port
                .entry(proto.to_string())
                .or_default()
                .entry(port)
                .or_insert_with(|| name.to_string());
            let names = s.by_name.entry(proto.to_string()).or_default();
            for n in std::iter::once(name).chain(f) {
                names.entry(n.to_string()).or_insert(port);
            }
        }
        s
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
        for (addr, want) in [
            ("10.0.0.2", Some("rs2.example")),
            ("10.0.0.100", Some("vip.example")),
            ("127.0.0.1", Some("localhost")),
            ("fd00::2", Some("rs6.example")),
            ("::1", Some("localhost")),
            ("10.0.0.7", Some("mapped.example")),
            ("::ffff:10.0.0.7", Some("mapped.example")),
            ("10.9.9.9", None),
            ("10.0.0.99", None),
            ("::", None),
        ] {
            assert_eq!(n.addr_to_host(&ip(addr)), want, "{addr}");
        }
    }

    #[test]
    fn forward_lookups() {
        let n = names();
        for (name, want) in [
            // Names compare case-insensitively.
            ("VIP.example", Some("10.0.0.100")),
            ("rs2", Some("10.0.0.2")),
            // glibc reads ::1 as 127.0.0.1 for IPv4 queries.
            ("ip6-localhost", Some("127.0.0.1")),
            ("only6.example", None),
            ("rs6.example", None),
            ("nothere", None),
            // Digits and dots are inet_aton's, the file never consulted.
            ("10.1", Some("10.0.0.1")),
            ("010.0.0.1", Some("8.0.0.1")),
            ("167772161", Some("10.0.0.1")),
            ("10.0.0.256", None),
            ("1.2.3.4.5", None),
            ("09", None),
        ] {
            let want = want.map(|a| a.parse::<Ipv4Addr>().unwrap());
            assert_eq!(n.host_to_v4(name), want, "{name}");
        }
    }

    #[test]
    fn service_lookups() {
        let n = names();
        for (port, proto, want) in [
            (80, "tcp", Some("http")),
            (80, "udp", Some("http")),
            (80, "sctp", Some("sctpthing")),
            (8080, "tcp", Some("http-alt")),
            (8080, "udp", None),
            (9, "tcp", Some("discard")),
            (80, "wrapped", None),
            // First line wins.
            (81, "tcp", Some("www-dup")),
        ] {
            assert_eq!(n.port_to_service(port, proto), want, "{port}/{proto}");
        }
        for (name, proto, want) in [
            // First line wins.
            ("www", "tcp", Some(80)),
            ("http", "tcp", Some(80)),
            ("www", "udp", None),
            ("webcache", "tcp", Some(8080)),
            ("HTTP", "tcp", None),
            ("broken", "tcp", None),
            // 65616 keeps its low 16 bits, as htons does.
            ("wrapped", "tcp", Some(80)),
        ] {
            assert_eq!(n.service_to_port(name, proto), want, "{name}/{proto}");
        }
    }

    /// The tables written plainly (every lookup a map of its own, names
    /// copied), the model the lazily built maps must answer exactly like.
    mod model {
        use std::collections::HashMap;
        use std::net::{Ipv4Addr, Ipv6Addr};

        fn fields(line: &str) -> impl Iterator<Item = &str> {
            line.split('#')
                .next()
                .unwrap_or("")
                .split_ascii_whitespace()
        }

        fn v4(text: &str) -> Option<Ipv4Addr> {
            if let Ok(a) = text.parse::<Ipv4Addr>() {
                return Some(a);
            }
            let a6 = text.parse::<Ipv6Addr>().ok()?;
            match a6.to_ipv4_mapped() {
                Some(a) => Some(a),
                None if a6 == Ipv6Addr::LOCALHOST => Some(Ipv4Addr::LOCALHOST),
                None => None,
            }
        }

        #[derive(Default)]
        pub struct Model {
            pub v4: HashMap<Ipv4Addr, String>,
            pub v6: HashMap<Ipv6Addr, String>,
            pub forward: HashMap<String, Ipv4Addr>,
            pub by_port: HashMap<(u16, String), String>,
            pub by_name: HashMap<(String, String), u16>,
        }

        pub fn build(hosts: &str, services: &str) -> Model {
            let mut m = Model::default();
            for line in hosts.lines() {
                let mut f = fields(line);
                let Some(addr) = f.next() else { continue };
                let names: Vec<&str> = f.collect();
                let Some(first) = names.first() else { continue };
                if let Some(a) = v4(addr) {
                    m.v4.entry(a).or_insert_with(|| first.to_string());
                    for n in &names {
                        m.forward.entry(n.to_ascii_lowercase()).or_insert(a);
                    }
                }
                if let Ok(a) = addr.parse::<Ipv6Addr>() {
                    m.v6.entry(a).or_insert_with(|| first.to_string());
                }
            }
            for line in services.lines() {
                let mut f = fields(line);
                let Some(name) = f.next() else { continue };
                let Some((port, proto)) = f.next().and_then(|pp| pp.split_once('/')) else {
                    continue;
                };
                let Some(port) = super::super::parse_port(port) else {
                    continue;
                };
                if proto.is_empty() {
                    continue;
                }
                m.by_port
                    .entry((port, proto.to_string()))
                    .or_insert_with(|| name.to_string());
                for n in std::iter::once(name).chain(f) {
                    m.by_name
                        .entry((n.to_string(), proto.to_string()))
                        .or_insert(port);
                }
            }
            m
        }
    }

    #[test]
    fn tables_answer_as_the_model_on_random_files() {
        // A fixed pseudo-random stream (xorshift) of lines built from tokens
        // that hit every rule: address forms glibc rejects (leading zeros,
        // short, out of range), v4-mapped and loopback IPv6, comments inside
        // fields, every ASCII blank, CRLF, ports past 16 bits, odd slashes.
        let mut rng = crate::testing::XorShift(0x1234_5678_9abc_def1);
        let mut next = move |n: usize| rng.below(n);
        let addrs = [
            "10.0.0.1",
            "10.0.0.2",
            "010.0.0.1",
            "10.0.0",
            "10.0.0.256",
            "10.0.0.1.5",
            "127.0.0.1",
            "0.0.0.0",
            "::1",
            "0::1",
            "0:0:0:0:0:0:0:1",
            "::ffff:10.0.0.2",
            "::ffff:a00:1",
            "fd00::2",
            "ff02::1",
            "::",
            ":::",
            "1.2.3.4#x",
            "10.0.0.1x",
            "٣.1.1.1",
            "+1.2.3.4",
        ];
        let names = ["a", "B", "b", "c.example", "C.EXAMPLE", "#c", "d#e", "é"];
        let blanks = [" ", "\t", "  ", "\r", "\x0b", "\x0c"];
        let ports = [
            "80/tcp",
            "80/udp",
            "81/tcp",
            "65616/tcp",
            "/tcp",
            "80/",
            "x/tcp",
            "80/tcp/x",
            "080/sctp",
            "8080/tcp",
        ];
        for _ in 0..300 {
            let mut hosts = String::new();
            let mut services = String::new();
            for _ in 0..next(12) {
                let mut line = String::from(blanks[next(blanks.len())]).repeat(next(2));
                line += addrs[next(addrs.len())];
                for _ in 0..next(4) {
                    line += blanks[next(blanks.len())];
                    line += names[next(names.len())];
                }
                line += ["\n", "\r\n", " # done\n"][next(3)];
                hosts += &line;
                let mut line = String::from(names[next(names.len())]);
                for _ in 0..1 + next(3) {
                    line += blanks[next(blanks.len())];
                    line += if next(3) == 0 {
                        names[next(names.len())]
                    } else {
                        ports[next(ports.len())]
                    };
                }
                line += ["\n", "\r\n", "#\n"][next(3)];
                services += &line;
            }
            let n = SystemNames::from_texts(&hosts, &services);
            let m = model::build(&hosts, &services);
            let ctx = format!("hosts {hosts:?} services {services:?}");
            for a in addrs {
                if let Ok(a4) = a.parse::<Ipv4Addr>() {
                    let want = m.v4.get(&a4).map(String::as_str);
                    assert_eq!(n.addr_to_host(&IpAddr::V4(a4)), want, "{a} {ctx}");
                }
                if let Ok(a6) = a.parse::<Ipv6Addr>() {
                    let want =
                        m.v6.get(&a6)
                            .map(String::as_str)
                            .filter(|_| !a6.is_unspecified());
                    assert_eq!(n.addr_to_host(&IpAddr::V6(a6)), want, "{a} {ctx}");
                }
            }
            for name in names {
                let want = m.forward.get(&name.to_ascii_lowercase()).copied();
                assert_eq!(n.hosts().v4_of(name), want, "{name} {ctx}");
                for proto in ["tcp", "udp", "sctp", "tcp/x", ""] {
                    let want = m
                        .by_name
                        .get(&(name.to_string(), proto.to_string()))
                        .copied();
                    assert_eq!(n.service_to_port(name, proto), want, "{name}/{proto} {ctx}");
                }
            }
            for port in [80u16, 81, 8080, 0] {
                for proto in ["tcp", "udp", "sctp", "tcp/x", ""] {
                    let want = m
                        .by_port
                        .get(&(port, proto.to_string()))
                        .map(String::as_str);
                    assert_eq!(n.port_to_service(port, proto), want, "{port}/{proto} {ctx}");
                }
            }
        }
    }

    #[test]
    fn empty_files_know_nothing() {
        let n = SystemNames::from_texts("", "");
        assert_eq!(n.addr_to_host(&ip("127.0.0.1")), None);
        assert_eq!(n.port_to_service(80, "tcp"), None);
    }

    #[test]
    fn name_files_are_read_whole_or_empty() {
        let dir = std::env::temp_dir().join(format!("ipvsadm-rs-names-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("hosts");
        let path = path.to_str().unwrap();
        let text: String = (0..3000)
            .map(|i| format!("10.0.{}.{} h{i}\n", i / 250, i % 250))
            .collect();
        std::fs::write(path, &text).unwrap();
        assert_eq!(read_name_file(path), text);
        std::fs::write(path, b"").unwrap();
        assert_eq!(read_name_file(path), "");
        // Invalid UTF-8 is kept, replaced, rather than dropping the file.
        std::fs::write(path, b"10.0.0.1 a\xff\n").unwrap();
        assert_eq!(read_name_file(path), "10.0.0.1 a\u{fffd}\n");
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(read_name_file(path), "");
        // A file whose size stat does not know (procfs reports 0) is read
        // to its end all the same.
        let status = read_name_file("/proc/self/status");
        assert!(
            status.starts_with("Name:") && status.contains("\nPid:"),
            "{status}"
        );
        // A directory opens but cannot be read: nothing.
        assert_eq!(read_name_file("/"), "");
    }
}
