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
            .get_or_init(|| Services::from_text(crate::sys::read_name_file("/etc/services")))
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

/// The lines of a text, each with its `\n` (a blank to `fields`).
fn lines(text: &str) -> Lines<'_> {
    Lines(text)
}

struct Lines<'a>(&'a str);

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;
    // One copy for every caller (see `fields`).
    #[inline(never)]
    fn next(&mut self) -> Option<&'a str> {
        if self.0.is_empty() {
            return None;
        }
        // A plain scan: these files are small, and memchr's start-up
        // (CPU feature detection) would cost more blocks than it saves.
        let end = self
            .0
            .bytes()
            .position(|b| b == b'\n')
            .map_or(self.0.len(), |i| i + 1);
        // `end` follows an ASCII byte (or is the end): a char boundary.
        let line = self.0.get(..end)?;
        self.0 = self.0.get(end..).unwrap_or("");
        Some(line)
    }
}

/// Fields of a line: the runs of bytes other than ASCII blanks before any
/// `#` (the `#` comment dropped).
///
/// By hand rather than with `split('#')` and `split_ascii_whitespace`: under
/// emulation every distinct code block is paid for on each run, and std's
/// generic pattern machinery brings many.
fn fields(line: &str) -> Fields<'_> {
    Fields(line)
}

struct Fields<'a>(&'a str);

impl<'a> Iterator for Fields<'a> {
    type Item = &'a str;
    // One copy for every caller (see `fields`).
    #[inline(never)]
    fn next(&mut self) -> Option<&'a str> {
        let b = self.0.as_bytes();
        let start = b
            .iter()
            .position(|c| !c.is_ascii_whitespace())
            .unwrap_or(b.len());
        let tail = b.get(start..).unwrap_or(&[]);
        let len = tail
            .iter()
            .position(|c| c.is_ascii_whitespace() || *c == b'#')
            .unwrap_or(tail.len());
        if len == 0 {
            // The end of the line, or a comment starts here.
            self.0 = "";
            return None;
        }
        // Both ends are at ASCII bytes (or the end): char boundaries.
        let field = self.0.get(start..start + len)?;
        self.0 = self.0.get(start + len..).unwrap_or("");
        Some(field)
    }
}

/// Where `part` (a slice of `text`) lies in it, or None past 4 GiB.
fn span_in(text: &str, part: &str) -> Option<Span> {
    let start = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    Some((u32::try_from(start).ok()?, u32::try_from(part.len()).ok()?))
}

fn span_text(text: &str, (start, len): Span) -> Option<&str> {
    let start = start as usize;
    text.get(start..start + len as usize)
}

/// `/etc/hosts`, indexed the way glibc's `files` backend answers: for each
/// key the first line in file order wins. Each index is built on its first
/// use (a listing needs only the reverse ones, parsing only the forward one),
/// and the reverse indexes point into the kept text instead of copying
/// names: with 20,000 hosts that is megabytes less at the listing's peak.
#[derive(Debug, Default)]
pub struct Hosts {
    text: String,
    /// gethostbyaddr, IPv4 and IPv6 queries in one: (query family,
    /// address) -> canonical name, as a sorted array searched by bisection
    /// (a tenth of a hash map's memory, and as fast at these sizes). One
    /// table, built in one pass, for both families: under emulation each
    /// copy of the code costs its translation on every run.
    reverse: OnceCell<Index>,
    /// gethostbyname: ASCII-lowercased name or alias -> IPv4 address.
    forward: OnceCell<HashMap<String, Ipv4Addr>>,
}

/// A name as a byte range (start, length) of the hosts or services text.
type Span = (u32, u32);

/// A lookup key as bytes, compared as bytes: (query family, address) for
/// the hosts file, (port, protocol) for the services file. One key type
/// serves both indexes, so one copy of the index code does.
type Key = [u8; 17];

/// A sorted index from keys to names in a file's kept text.
type Index = Vec<(Key, Span)>;

/// Sort by key keeping file order among equals, then keep the first of
/// each key (glibc answers with the first matching line).
fn first_per_key(mut entries: Index) -> Index {
    let by_key = |i: u32, j: u32| match (entries.get(i as usize), entries.get(j as usize)) {
        (Some(a), Some(b)) => a.0.cmp(&b.0) as i32,
        _ => 0,
    };
    let mut order = crate::output::sort::stable_order(entries.len(), &by_key);
    crate::output::sort::permute(&mut entries, &mut order);
    entries.dedup_by(|b, a| a.0 == b.0);
    entries.shrink_to_fit();
    entries
}

/// The name `index` holds for `key`, in `text`.
fn find<'t>(index: &Index, text: &'t str, key: &Key) -> Option<&'t str> {
    let i = index.binary_search_by(|e| e.0.cmp(key)).ok()?;
    span_text(text, index.get(i)?.1)
}

/// A hosts key: the query's family (4 or 6), then the address (an IPv4
/// one in the first four bytes).
fn addr_key(addr: &IpAddr) -> Key {
    let mut key = [0; 17];
    let (family, octets): (u8, &[u8]) = match addr {
        IpAddr::V4(a) => (4, &a.octets()),
        IpAddr::V6(a) => (6, &a.octets()),
    };
    key[0] = family;
    if let Some(rest) = key.get_mut(1..1 + octets.len()) {
        rest.copy_from_slice(octets);
    }
    key
}

/// A services key: the port (big-endian), then the protocol's name padded
/// with zero bytes, which a name never holds; None for a name of more than
/// 15 bytes, which no protocol has (the program asks for tcp, udp, sctp).
fn port_key(port: u16, proto: &str) -> Option<Key> {
    let mut key = [0; 17];
    key.get_mut(..2)?.copy_from_slice(&port.to_be_bytes());
    key.get_mut(2..2 + proto.len())?
        .copy_from_slice(proto.as_bytes());
    Some(key)
}

/// Each hosts line's address field and canonical name, comments dropped.
fn host_lines(text: &str) -> impl Iterator<Item = (&str, &str)> {
    lines(text).filter_map(|line| {
        let mut f = fields(line);
        Some((f.next()?, f.next()?))
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

    /// The reverse index: each line under the address an IPv4 query reads
    /// in it (as `line_v4`) and the one an IPv6 query reads (`parse_v6`),
    /// the first line per key kept.
    fn reverse(&self) -> &Index {
        self.reverse.get_or_init(|| {
            let mut entries = Vec::new();
            for (addr, canonical) in host_lines(&self.text) {
                let Some(span) = span_in(&self.text, canonical) else {
                    continue;
                };
                // Each address text read once: a dotted quad is never IPv6
                // text, and an IPv6 line may also answer IPv4 queries.
                if let Some(a) = dotted_quad(addr) {
                    entries.push((addr_key(&IpAddr::V4(a)), span));
                } else if let Some(a6) = parse_v6(addr) {
                    if let Some(a) = v6_line_as_v4(a6) {
                        entries.push((addr_key(&IpAddr::V4(a)), span));
                    }
                    entries.push((addr_key(&IpAddr::V6(a6)), span));
                }
            }
            first_per_key(entries)
        })
    }

    fn forward(&self) -> &HashMap<String, Ipv4Addr> {
        self.forward.get_or_init(|| {
            let mut map = HashMap::new();
            for line in lines(&self.text) {
                let mut f = fields(line);
                let Some(a) = f.next().and_then(line_v4) else {
                    continue;
                };
                for n in f {
                    map.entry(n.to_ascii_lowercase()).or_insert(a);
                }
            }
            map
        })
    }

    /// gethostbyaddr: the canonical name of the first line with this address.
    pub fn name_of(&self, addr: &IpAddr) -> Option<&str> {
        find(self.reverse(), &self.text, &addr_key(addr))
    }

    /// gethostbyname: the address of the first IPv4 line naming `name`
    /// (names compare case-insensitively).
    pub fn v4_of(&self, name: &str) -> Option<Ipv4Addr> {
        self.forward().get(&name.to_ascii_lowercase()).copied()
    }
}

/// A hosts line's address as glibc reads it for an IPv4 query: a dotted
/// quad, or an IPv6 line that is v4-mapped or loopback (`::1` reads as
/// 127.0.0.1); other IPv6 lines never match.
fn line_v4(text: &str) -> Option<Ipv4Addr> {
    if let Some(a) = dotted_quad(text) {
        return Some(a);
    }
    // Only an address whose first group is zero can be either; the others
    // (`ff02::1`) need no parsing.
    if !text.starts_with(['0', ':']) {
        return None;
    }
    v6_line_as_v4(parse_v6(text)?)
}

/// What an IPv6 hosts line answers to an IPv4 query: its v4-mapped
/// address, or 127.0.0.1 for `::1`.
fn v6_line_as_v4(a6: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(a) = a6.to_ipv4_mapped() {
        Some(a)
    } else if a6 == Ipv6Addr::LOCALHOST {
        Some(Ipv4Addr::LOCALHOST)
    } else {
        None
    }
}

/// inet_pton's IPv4 form: exactly four decimal parts of at most 255,
/// without leading zeros (what `Ipv4Addr::from_str` accepts; by hand for
/// the reason given at `fields`).
pub(crate) fn dotted_quad(text: &str) -> Option<Ipv4Addr> {
    match v4_prefix(text.as_bytes())? {
        (a, []) => Some(a),
        _ => None,
    }
}

/// A dotted quad at the start of `p`, and what follows it: four decimal
/// parts of at most 255 without leading zeros (inet_pton's form, which
/// inet_aton also reads so). One pass over the bytes: a loop per part is
/// unrolled four times over, blocks each run pays for under emulation.
fn v4_prefix(p: &[u8]) -> Option<(Ipv4Addr, &[u8])> {
    let mut addr = 0u32;
    let mut parts = 0;
    // The current part's value; None before its first digit.
    let mut value: Option<u32> = None;
    let mut i = 0;
    loop {
        match p.get(i) {
            Some(&c) if c.is_ascii_digit() => {
                let d = u32::from(c - b'0');
                value = match value {
                    None => Some(d),
                    // A leading zero (inet_aton would read octal).
                    Some(0) => return None,
                    Some(v) if v * 10 + d > 255 => return None,
                    Some(v) => Some(v * 10 + d),
                };
            }
            next => {
                addr = addr << 8 | value?;
                parts += 1;
                if parts == 4 {
                    return Some((Ipv4Addr::from(addr), p.get(i..)?));
                }
                if next != Some(&b'.') {
                    return None;
                }
                value = None;
            }
        }
        i += 1;
    }
}

/// One to four hex digits at the start of `p`, and what follows them.
fn hex_group(p: &[u8]) -> Option<(u16, &[u8])> {
    let n = p.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    if n == 0 || n > 4 {
        return None;
    }
    let v = p.get(..n)?.iter().fold(0u16, |v, d| {
        // An ASCII hex digit: '0'-'9', 'a'-'f', 'A'-'F'.
        let d = (*d as char).to_digit(16).unwrap_or(0) as u16;
        v << 4 | d
    });
    Some((v, p.get(n..)?))
}

/// Groups of an IPv6 text, as `Ipv6Addr::from_str` reads them: up to
/// `groups.len()` hex groups separated by `:`, where a dotted quad (two
/// groups) may stand in for the last two and ends the run. Returns how many
/// were read and whether a dotted quad ended them; `p` is left after them.
fn v6_groups(p: &mut &[u8], groups: &mut [u16]) -> (usize, bool) {
    let limit = groups.len();
    for i in 0..limit {
        let now: &[u8] = p;
        let rest = if i > 0 {
            match now.strip_prefix(b":") {
                Some(rest) => rest,
                None => return (i, false),
            }
        } else {
            now
        };
        if i + 1 < limit {
            if let Some((a, after)) = v4_prefix(rest) {
                let o = a.octets();
                if let Some(pair) = groups.get_mut(i..i + 2) {
                    pair.copy_from_slice(&[
                        u16::from_be_bytes([o[0], o[1]]),
                        u16::from_be_bytes([o[2], o[3]]),
                    ]);
                }
                *p = after;
                return (i + 2, true);
            }
        }
        match (hex_group(rest), groups.get_mut(i)) {
            (Some((g, after)), Some(slot)) => {
                *slot = g;
                *p = after;
            }
            _ => return (i, false),
        }
    }
    (limit, false)
}

/// `Ipv6Addr::from_str` by hand (see `fields`): eight groups, or fewer
/// around one `::` that stands for at least one zero group; no dotted quad
/// before the `::`.
fn parse_v6(text: &str) -> Option<Ipv6Addr> {
    let mut p = text.as_bytes();
    let mut head = [0u16; 8];
    let (head_size, head_v4) = v6_groups(&mut p, &mut head);
    if head_size == 8 {
        return p.is_empty().then_some(Ipv6Addr::from(head));
    }
    if head_v4 {
        return None;
    }
    p = p.strip_prefix(b"::")?;
    let mut tail = [0u16; 7];
    let (tail_size, _) = v6_groups(&mut p, tail.get_mut(..7 - head_size)?);
    if !p.is_empty() {
        return None;
    }
    head.get_mut(8 - tail_size..)?
        .copy_from_slice(tail.get(..tail_size)?);
    Some(Ipv6Addr::from(head))
}

/// `/etc/services`, indexed by the two lookups (first line in file order
/// wins), each built on first use: a listing needs only `by_port`, a sorted
/// array pointing into the kept text.
#[derive(Debug, Default)]
pub struct Services {
    text: String,
    /// getservbyport: (port, protocol) -> official name.
    by_port: OnceCell<Index>,
    /// getservbyname: (name or alias, protocol) -> port.
    by_name: OnceCell<HashMap<(String, String), u16>>,
}

/// A services line: its port and protocol, then its name and aliases.
fn service_line(line: &str) -> Option<(u16, &str, Fields<'_>)> {
    let mut f = fields(line);
    let name = f.next()?;
    let pp = f.next()?;
    let slash = pp.bytes().position(|b| b == b'/')?;
    let port = parse_port(pp.get(..slash)?)?;
    let proto = pp.get(slash + 1..).filter(|p| !p.is_empty())?;
    // The name again first, then the aliases.
    Some((
        port,
        proto,
        fields(line.get(name.as_ptr() as usize - line.as_ptr() as usize..)?),
    ))
}

impl Services {
    pub fn parse(text: &str) -> Services {
        Services::from_text(text.to_string())
    }

    fn from_text(text: String) -> Services {
        Services {
            text,
            ..Services::default()
        }
    }

    fn by_port(&self) -> &Index {
        self.by_port.get_or_init(|| {
            let text = &self.text;
            let mut entries = Vec::new();
            for line in lines(text) {
                let Some((port, proto, mut names)) = service_line(line) else {
                    continue;
                };
                let key = port_key(port, proto);
                if let (Some(key), Some(name)) = (key, names.next().and_then(|n| span_in(text, n)))
                {
                    entries.push((key, name));
                }
            }
            first_per_key(entries)
        })
    }

    fn by_name(&self) -> &HashMap<(String, String), u16> {
        self.by_name.get_or_init(|| {
            let mut map = HashMap::new();
            for line in lines(&self.text) {
                let Some((port, proto, names)) = service_line(line) else {
                    continue;
                };
                for n in names {
                    map.entry((n.to_string(), proto.to_string()))
                        .or_insert(port);
                }
            }
            map
        })
    }

    /// getservbyport: official name of the first entry with this port and protocol.
    pub fn name_of(&self, port: u16, proto: &str) -> Option<&str> {
        find(self.by_port(), &self.text, &port_key(port, proto)?)
    }

    /// getservbyname: port of the first entry whose name or alias matches.
    pub fn port_of(&self, name: &str, proto: &str) -> Option<u16> {
        self.by_name()
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

    /// The tables as first written (std's splitters and parsers, hash maps),
    /// kept as the model the hand-written scanning and the sorted indexes
    /// must answer exactly like.
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
    fn address_texts_read_as_std_reads_them() {
        // Texts from pieces that make every form: groups of 0-5 hex digits
        // in both cases, single and double colons anywhere, dotted quads
        // (with leading zeros and out-of-range parts) in every position.
        let pieces = [
            "0",
            "1",
            "00",
            "ffff",
            "FFFF",
            "0000",
            "12345",
            "abc",
            "g",
            ":",
            "::",
            ":::",
            "1.2.3.4",
            "255.255.255.255",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3",
            ".",
            "1.2.3.4.5",
            "fd00",
            "0:0",
            "7",
        ];
        let mut rng = crate::testing::XorShift(0x5eed_cafe_f00d_0001);
        let mut next = move |n: usize| rng.below(n);
        let groups = [
            "0", "1", "a", "FfFf", "0000", "12345", "", "1.2.3.4", "01.2.3.4",
        ];
        let mut valid6 = 0;
        for round in 0..200_000 {
            let text: String = if round % 2 == 0 {
                (0..1 + next(9))
                    .map(|_| pieces[next(pieces.len())])
                    .collect()
            } else {
                // Structured: 1-9 groups joined by `:`, maybe one `::` somewhere.
                let n = 1 + next(9);
                let gap = next(n + 3);
                let mut t = String::new();
                for i in 0..n {
                    if i > 0 {
                        t += if i == gap { "::" } else { ":" };
                    }
                    t += groups[next(groups.len())];
                }
                match gap {
                    g if g == n => t + "::",
                    g if g == n + 1 => format!("::{t}"),
                    _ => t,
                }
            };
            let want6 = text.parse::<Ipv6Addr>().ok();
            valid6 += usize::from(want6.is_some());
            assert_eq!(parse_v6(&text), want6, "{text}");
            assert_eq!(dotted_quad(&text), text.parse::<Ipv4Addr>().ok(), "{text}");
        }
        // The pieces do make valid addresses, and not only a few.
        assert!(valid6 > 1_000, "{valid6}");
    }

    #[test]
    fn empty_files_know_nothing() {
        let n = SystemNames::from_texts("", "");
        assert_eq!(n.addr_to_host(&ip("127.0.0.1")), None);
        assert_eq!(n.port_to_service(80, "tcp"), None);
    }
}
