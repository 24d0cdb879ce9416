//! The kernel's connection table as text (/proc/net/ip_vs_conn), read entry
//! by entry.
//!
//! Design decisions: ipvsadm reads the file with `fgets` into a 256-byte
//! buffer and parses each chunk with `sscanf("%s %s %hX %s %hX %s %hX %s %d
//! %s %s")`; we read it the same way (a line longer than 255 bytes is parsed
//! in pieces, as there) so odd kernel text gives the same listing. The table
//! is megabytes at 100,000 connections, so it is read as it is listed: each
//! entry borrows the one chunk buffer, and the kernel's own IPv4 lines are
//! read by position, at a fraction of the cost of the general reader.

use crate::model::{ConnEntry, Protocol};
use std::borrow::Cow;
use std::io::{self, BufRead};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// fgets's buffer size in ipvsadm's `list_conn`.
const LINE_BUF: usize = 256;

/// Why the table ended before its text did, as ipvsadm's `-c` sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnTableError {
    /// Not even a header line.
    NoHeader,
    /// An entry of blanks only: sscanf returns EOF there and ipvsadm exits
    /// 1 after the lines before it.
    BlankEntry,
}

/// The connection table after its header line, read entry by entry.
pub struct ConnTable<'r> {
    input: &'r mut dyn BufRead,
    chunk: Vec<u8>,
}

impl<'r> ConnTable<'r> {
    /// Reads the header line (its content is not looked at, as in 1.31).
    pub fn new(input: &'r mut dyn BufRead) -> Result<ConnTable<'r>, ConnTableError> {
        let mut chunk = Vec::with_capacity(LINE_BUF);
        if !fgets(input, &mut chunk) {
            return Err(ConnTableError::NoHeader);
        }
        Ok(ConnTable { input, chunk })
    }

    /// The next entry in kernel order, `None` at the end of the text. The
    /// entry borrows the table's buffer until the next call.
    pub fn next_entry(&mut self) -> Result<Option<ConnEntry<'_>>, ConnTableError> {
        if !fgets(self.input, &mut self.chunk) {
            return Ok(None);
        }
        parse_entry(&self.chunk)
            .map(Some)
            .ok_or(ConnTableError::BlankEntry)
    }
}

/// `fgets(buf, 256, f)`: the next chunk into `line`, ending after `\n` or
/// after 255 bytes; false at the end of the input. A read error ends the
/// input, as fgets's NULL does for ipvsadm.
fn fgets(input: &mut dyn BufRead, line: &mut Vec<u8>) -> bool {
    line.clear();
    loop {
        let avail = match input.fill_buf() {
            Ok(avail) => avail,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        if avail.is_empty() {
            break;
        }
        let room = (LINE_BUF - 1).saturating_sub(line.len());
        let window = avail.get(..room).unwrap_or(avail);
        let (take, ends) = match memchr::memchr(b'\n', window) {
            Some(i) => (i + 1, true),
            None => (window.len(), window.len() == room),
        };
        line.extend_from_slice(window.get(..take).unwrap_or(window));
        input.consume(take);
        if ends {
            break;
        }
    }
    !line.is_empty()
}

/// A cursor with the scanf directives ipvsadm uses.
struct Scan<'a> {
    s: &'a [u8],
    /// `s` as text when it is valid UTF-8 (the kernel writes ASCII):
    /// checked once per line, then words are slices of it.
    text: Option<&'a str>,
    pos: usize,
}

impl<'a> Scan<'a> {
    fn skip_ws(&mut self) {
        while self
            .s
            .get(self.pos)
            .is_some_and(|b| b.is_ascii_whitespace())
        {
            self.pos += 1;
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.s.len()
    }

    /// `%s`
    fn word(&mut self) -> Option<Cow<'a, str>> {
        self.skip_ws();
        let start = self.pos;
        while self
            .s
            .get(self.pos)
            .is_some_and(|b| !b.is_ascii_whitespace())
        {
            self.pos += 1;
        }
        if self.pos == start {
            return None;
        }
        // Words end at ASCII blanks or the end: character boundaries.
        if let Some(word) = self.text.and_then(|t| t.get(start..self.pos)) {
            return Some(Cow::Borrowed(word));
        }
        let w = self.s.get(start..self.pos)?;
        Some(match std::str::from_utf8(w) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(w),
        })
    }

    /// Integer directives: optional sign, optional `0x` (hex), digits; the
    /// value wraps as the store into a short/int does.
    fn number(&mut self, radix: u32) -> Option<u64> {
        self.skip_ws();
        let mut neg = false;
        if let Some(c @ (b'+' | b'-')) = self.s.get(self.pos).copied() {
            neg = c == b'-';
            self.pos += 1;
        }
        if radix == 16
            && self.s.get(self.pos) == Some(&b'0')
            && matches!(self.s.get(self.pos + 1), Some(b'x' | b'X'))
            && self.s.get(self.pos + 2).is_some_and(u8::is_ascii_hexdigit)
        {
            self.pos += 2;
        }
        let start = self.pos;
        let mut v: u64 = 0;
        while let Some(d) = self
            .s
            .get(self.pos)
            .and_then(|b| char::from(*b).to_digit(radix))
        {
            v = v.wrapping_mul(u64::from(radix)).wrapping_add(u64::from(d));
            self.pos += 1;
        }
        if self.pos == start {
            return None;
        }
        Some(if neg { v.wrapping_neg() } else { v })
    }
}

/// One chunk as sscanf leaves it; fields sscanf did not reach stay empty or
/// zero (ipvsadm would print stack garbage there).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Scanned<'a> {
    protocol: Cow<'a, str>,
    caddr: Cow<'a, str>,
    cport: u16,
    vaddr: Cow<'a, str>,
    vport: u16,
    daddr: Cow<'a, str>,
    dport: u16,
    state: Cow<'a, str>,
    expires: u32,
    pe_name: Cow<'a, str>,
    pe_data: Cow<'a, str>,
    /// sscanf's return value: how many fields were converted.
    fields: usize,
}

impl<'a> Scanned<'a> {
    /// The entry ipvsadm lists for these fields: the client field decides
    /// the family of client and virtual address, the destination's own
    /// text decides its family.
    fn entry(self) -> ConnEntry<'a> {
        let (client, virtual_addr) = match self.caddr.parse() {
            Ok(c) => (
                IpAddr::V6(c),
                IpAddr::V6(self.vaddr.parse().unwrap_or(Ipv6Addr::UNSPECIFIED)),
            ),
            Err(_) => (
                IpAddr::V4(hex_v4(&self.caddr)),
                IpAddr::V4(hex_v4(&self.vaddr)),
            ),
        };
        ConnEntry {
            protocol: protocol_of(&self.protocol),
            proto_name: self.protocol,
            client,
            client_port: self.cport,
            virtual_addr,
            virtual_port: self.vport,
            dest: conn_addr(&self.daddr),
            dest_port: self.dport,
            state: self.state,
            expires: self.expires,
            pe: (self.fields == 11).then_some((self.pe_name, self.pe_data)),
        }
    }
}

/// `sscanf(buf, "%s %s %hX %s %hX %s %hX %s %d %s %s", ...)` and what
/// ipvsadm makes of the fields; `None` is sscanf's EOF (nothing but blanks).
fn parse_entry(line: &[u8]) -> Option<ConnEntry<'_>> {
    kernel_v4_entry(line).or_else(|| scan_entry(line).map(Scanned::entry))
}

/// The kernel's line for an IPv4 connection without persistence-engine
/// data, `"%-3s %08X %04X %08X %04X %08X %04X %-11s %7u\n"`, read by
/// position: nearly every line of a large table, at a fraction of the cost
/// of the general sscanf reader. Anything else (IPv6, PE data, odd spacing, a
/// chunk cut at 255 bytes) is `None` and goes the general way, which gives
/// the same entry for every line this accepts (tested).
fn kernel_v4_entry(line: &[u8]) -> Option<ConnEntry<'_>> {
    // Checked once: every slice taken below ends at an ASCII byte or the end.
    let text = std::str::from_utf8(line).ok()?;
    let proto_len = memchr::memchr(b' ', line)?;
    // Six fixed-width hex fields, each after one blank, and a blank after
    // them: 43 bytes after the protocol.
    let fixed = line.get(proto_len..proto_len + 43)?;
    let mut values = [0u32; 6];
    let mut at = 0;
    for (value, width) in values.iter_mut().zip([8, 4, 8, 4, 8, 4]) {
        if fixed.get(at) != Some(&b' ') {
            return None;
        }
        for &b in fixed.get(at + 1..at + 1 + width)? {
            *value = *value << 4 | char::from(b).to_digit(16)?;
        }
        at += 1 + width;
    }
    if fixed.get(42) != Some(&b' ') {
        return None;
    }
    // Then the state, blanks, the expiry in decimal, and the line's end.
    let state_at = proto_len + 43;
    let state_end = state_at + memchr::memchr(b' ', line.get(state_at..)?)?;
    let mut pos = state_end;
    while line.get(pos) == Some(&b' ') {
        pos += 1;
    }
    let digits_at = pos;
    let mut expires: u32 = 0;
    while let Some(d) = line.get(pos).filter(|b| b.is_ascii_digit()) {
        expires = expires.wrapping_mul(10).wrapping_add(u32::from(d - b'0'));
        pos += 1;
    }
    let protocol = text.get(..proto_len)?;
    let state = text.get(state_at..state_end)?;
    if !(1..=9).contains(&(pos - digits_at))
        || !matches!(line.get(pos..), Some(b"\n" | b""))
        || protocol.is_empty()
        || state.is_empty()
        || protocol
            .bytes()
            .chain(state.bytes())
            .any(|b| b.is_ascii_whitespace())
    {
        return None;
    }
    let addr = |v: u32| IpAddr::V4(Ipv4Addr::from(v));
    Some(ConnEntry {
        proto_name: Cow::Borrowed(protocol),
        protocol: protocol_of(protocol),
        client: addr(values[0]),
        client_port: values[1] as u16,
        virtual_addr: addr(values[2]),
        virtual_port: values[3] as u16,
        dest: addr(values[4]),
        dest_port: values[5] as u16,
        state: Cow::Borrowed(state),
        expires,
        pe: None,
    })
}

/// The sscanf of `parse_entry`, field by field.
fn scan_entry(line: &[u8]) -> Option<Scanned<'_>> {
    let mut sc = Scan {
        s: line,
        text: std::str::from_utf8(line).ok(),
        pos: 0,
    };
    sc.skip_ws();
    if sc.at_end() {
        return None;
    }
    let mut e = Scanned::default();
    // Each step stores one field and counts it; the first failure stops.
    macro_rules! field {
        ($dst:expr, $val:expr) => {
            match $val {
                Some(v) => {
                    $dst = v;
                    e.fields += 1;
                }
                None => return Some(e),
            }
        };
    }
    field!(e.protocol, sc.word());
    field!(e.caddr, sc.word());
    field!(e.cport, sc.number(16).map(|v| v as u16));
    field!(e.vaddr, sc.word());
    field!(e.vport, sc.number(16).map(|v| v as u16));
    field!(e.daddr, sc.word());
    field!(e.dport, sc.number(16).map(|v| v as u16));
    field!(e.state, sc.word());
    field!(e.expires, sc.number(10).map(|v| v as u32));
    field!(e.pe_name, sc.word());
    field!(e.pe_data, sc.word());
    Some(e)
}

/// `htonl(strtoul(text, NULL, 16))`: leading hex digits (after blanks, a
/// sign and `0x`), ULONG_MAX on overflow, then the low 32 bits.
fn hex_v4(text: &str) -> Ipv4Addr {
    let t = text.trim_start();
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let t = match t.get(..2) {
        Some("0x" | "0X")
            if t.get(2..)
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_hexdigit())) =>
        {
            t.get(2..).unwrap_or("")
        }
        _ => t,
    };
    let mut v: u64 = 0;
    let mut overflow = false;
    for d in t.chars().map_while(|c| c.to_digit(16)) {
        match v.checked_mul(16).and_then(|x| x.checked_add(u64::from(d))) {
            Some(x) => v = x,
            None => overflow = true,
        }
    }
    let v = if overflow {
        u64::MAX
    } else if neg {
        v.wrapping_neg()
    } else {
        v
    };
    Ipv4Addr::from(v as u32)
}

/// An address field: IPv6 text when it parses as such, else 8-hex IPv4.
fn conn_addr(text: &str) -> IpAddr {
    match text.parse() {
        Ok(a) => IpAddr::V6(a),
        Err(_) => IpAddr::V4(hex_v4(text)),
    }
}

/// The protocol a name in the table stands for, when IPVS schedules it.
fn protocol_of(name: &str) -> Option<Protocol> {
    match name {
        "TCP" => Some(Protocol::Tcp),
        "UDP" => Some(Protocol::Udp),
        "SCTP" => Some(Protocol::Sctp),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;

    /// Lines as the kernel writes them, and mutations of them: the
    /// positional reader must give what the general sscanf reader gives, or
    /// decline.
    #[test]
    fn kernel_line_reader_agrees_with_the_general_reader() {
        let mut rng = crate::testing::XorShift(0x9e37_79b9_7f4a_7c15);
        let mut next = move || rng.next_u64();
        let states = [
            "ESTABLISHED",
            "SYN_RECV",
            "NONE",
            "UDP",
            "TIME_WAIT",
            "CLOSE_WAIT",
            "ONE",
        ];
        let mut lines: Vec<String> = Vec::new();
        for i in 0..3000 {
            let r = next();
            let proto = ["TCP", "UDP", "SCTP", "IP"][(r % 4) as usize];
            let state = states[(r >> 8) as usize % states.len()];
            let line = format!(
                "{proto:<3} {:08X} {:04X} {:08X} {:04X} {:08X} {:04X} {state:<11} {:7}{}\n",
                next() as u32,
                next() as u16,
                next() as u32,
                next() as u16,
                next() as u32,
                next() as u16,
                next() % 100_000,
                if i % 7 == 0 { " SIP abc@host" } else { "" },
            );
            lines.push(line);
        }
        let base = lines.clone();
        for (i, line) in base.iter().enumerate() {
            let b = line.as_bytes();
            let r = next() as usize;
            // One byte changed, removed or inserted; the newline dropped;
            // blanks doubled; a tab for a blank; cut short.
            let mut m = b.to_vec();
            m[r % b.len()] = [b' ', b'\t', b'x', b'0', b'\n', b'-', 0xff][i % 7];
            lines.push(String::from_utf8_lossy(&m).into_owned());
            let mut m = b.to_vec();
            m.remove(r % b.len());
            lines.push(String::from_utf8_lossy(&m).into_owned());
            let mut m = b.to_vec();
            m.insert(r % b.len(), [b' ', b'9', b'\t'][i % 3]);
            lines.push(String::from_utf8_lossy(&m).into_owned());
            lines.push(line.trim_end_matches('\n').to_string());
            lines.push(line.replacen(' ', "  ", 1 + i % 9));
            lines.push(line.replacen(' ', "\t", 1 + i % 9));
            lines.push(line.get(..r % b.len()).unwrap_or("").to_string());
        }
        let mut taken = 0;
        for line in &lines {
            if let Some(fast) = kernel_v4_entry(line.as_bytes()) {
                taken += 1;
                let scanned = scan_entry(line.as_bytes()).expect("the general way reads it too");
                // The addresses read by position are what the text reads as ...
                assert_eq!(
                    [fast.client, fast.virtual_addr, fast.dest],
                    [&scanned.caddr, &scanned.vaddr, &scanned.daddr].map(|t| conn_addr(t)),
                    "{line:?}"
                );
                // ... and the whole entry is the general reader's.
                assert_eq!(fast, scanned.entry(), "{line:?}");
            }
        }
        // Most of the unmutated lines (not the PE ones) take the short way.
        assert!(taken > 2000, "{taken}");
    }

    #[test]
    fn scanf_details() {
        // (chunk, fields converted, ports, expiry, virtual address text)
        type Case<'a> = (&'a [u8], usize, [u16; 3], u32, &'a str);
        let cases: [Case; 4] = [
            (
                b"TCP C0A80202 8940 0A000064 1F90 C0A80102 0050 TIME_WAIT 117\n",
                9,
                [35136, 8080, 80],
                117,
                "0A000064",
            ),
            // A conversion failure stops the scan; later fields keep defaults.
            (b"TCP C0A80202 zz 0A000064\n", 2, [0, 0, 0], 0, ""),
            // %hX keeps the low 16 bits of what it reads.
            (
                b"TCP 1 1FFFF 2 0x10 3 -1 S 5 pe data\n",
                11,
                [0xFFFF, 0x10, 0xFFFF],
                5,
                "2",
            ),
            (b"TCP 1 2 3 4 5 6 S 7 pe\n", 10, [2, 4, 6], 7, "3"),
        ];
        for (chunk, fields, ports, expires, vaddr) in cases {
            let e = scan_entry(chunk).unwrap();
            assert_eq!(
                (e.fields, [e.cport, e.vport, e.dport], e.expires, &*e.vaddr),
                (fields, ports, expires, vaddr),
                "{chunk:?}"
            );
        }
        // Nothing but blanks is sscanf's EOF.
        assert_eq!(scan_entry(b"  \n"), None);
        assert_eq!(parse_entry(b"  \n"), None);
    }

    #[test]
    fn hex_addresses() {
        for (t, want) in [
            ("C0A80202", "192.168.2.2"),
            ("0A000064", "10.0.0.100"),
            ("ffffFFFF", "255.255.255.255"),
            ("00000000", "0.0.0.0"),
            ("0x123456", "0.18.52.86"),
            ("+1234567", "1.35.69.103"),
            ("1234567", "1.35.69.103"),
            (" 0x10", "0.0.0.16"),
            ("0x", "0.0.0.0"),
            ("-1", "255.255.255.255"),
            // strtoul saturates before the 32-bit cut.
            ("123456789ABCDEF0123", "255.255.255.255"),
            ("1C0A80202", "192.168.2.2"),
            ("zz", "0.0.0.0"),
        ] {
            assert_eq!(hex_v4(t), want.parse::<Ipv4Addr>().unwrap(), "{t}");
        }
    }

    #[test]
    fn entries_of_kernel_lines() {
        let v6 = "fd00:0000:0000:0000:0000:0000:0000:0002";
        let vip = "fd00:0000:0000:0000:0000:0000:0000:0100";
        // (line, the entry: protocol, client, virtual, dest, state, expiry, PE)
        let cases = [
            (
                "TCP C0A80202 8940 0A000064 1F90 C0A80102 0050 TIME_WAIT       117\n".into(),
                "Some(Tcp) 192.168.2.2:35136 10.0.0.100:8080 192.168.1.2:80 TIME_WAIT 117 -",
            ),
            (
                format!("TCP {v6} 9C40 {vip} 0050 {v6} 0050 SYN_RECV         59\n"),
                "Some(Tcp) [fd00::2]:40000 [fd00::100]:80 [fd00::2]:80 SYN_RECV 59 -",
            ),
            // An IPv6 client with an IPv4 (tunnel) dest.
            (
                format!("UDP {v6} 0005 {vip} 0035 0A000028 0035 UDP               1\n"),
                "Some(Udp) [fd00::2]:5 [fd00::100]:53 10.0.0.40:53 UDP 1 -",
            ),
            // The client decides the virtual address's family: IPv6 text
            // read as hex is its leading hex digits ...
            (
                format!("SCTP 0A000001 0001 {vip} 0002 0A000003 0003 NONE 0\n"),
                "Some(Sctp) 10.0.0.1:1 0.0.253.0:2 10.0.0.3:3 NONE 0 -",
            ),
            // ... and with an IPv6 client, virtual text that is not IPv6 reads
            // as the unspecified address.
            (
                format!("TCP {v6} 0001 0A000002 0002 0A000003 0003 NONE 0\n"),
                "Some(Tcp) [fd00::2]:1 [::]:2 10.0.0.3:3 NONE 0 -",
            ),
            (
                "UDP 0A000001 13C4 0A000002 13C4 0A000003 13C4 UDP   10 sip abcdef\n".into(),
                "Some(Udp) 10.0.0.1:5060 10.0.0.2:5060 10.0.0.3:5060 UDP 10 sip/abcdef",
            ),
            // Not a protocol IPVS schedules; a PE name without data.
            (
                "IP  0A000001 0050 0A000002 0050 0A000003 0050 NONE   0 sip\n".into(),
                "None 10.0.0.1:80 10.0.0.2:80 10.0.0.3:80 NONE 0 -",
            ),
        ];
        for (line, want) in cases {
            let e = parse_entry(line.as_bytes()).unwrap();
            let at = SocketAddr::new;
            let got = format!(
                "{:?} {} {} {} {} {} {}",
                e.protocol,
                at(e.client, e.client_port),
                at(e.virtual_addr, e.virtual_port),
                at(e.dest, e.dest_port),
                e.state,
                e.expires,
                e.pe.as_ref()
                    .map_or("-".to_string(), |(name, data)| format!("{name}/{data}")),
            );
            assert_eq!(got, want, "{line}");
            assert_eq!(line.split(' ').next(), Some(&*e.proto_name));
        }
    }

    #[test]
    fn long_lines_are_read_in_fgets_chunks() {
        // Any read size gives the same chunks (the kernel gives a page a read).
        let chunks = |text: &[u8], cap: usize| {
            let mut input = io::BufReader::with_capacity(cap, text);
            let mut line = Vec::new();
            let mut all = Vec::new();
            while fgets(&mut input, &mut line) {
                all.push(line.clone());
            }
            all
        };
        let long = format!("{}\n", "A".repeat(300));
        for cap in [1, 7, 255, 256, 4096] {
            let got = chunks(long.as_bytes(), cap);
            assert_eq!(got.len(), 2, "{cap}");
            assert_eq!(got[0].len(), 255);
            assert_eq!(got[1].len(), 46);
            assert_eq!(chunks(b"a\nb", cap), [b"a\n".to_vec(), b"b".to_vec()]);
        }
    }

    #[test]
    fn how_the_table_ends() {
        const HEADER: &str =
            "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n";
        let line = "TCP 0A000001 0001 0A000002 0002 0A000003 0003 CLOSE            10\n";
        let blank_then_line = format!("{HEADER}{line}\n{line}");
        let one = format!("{HEADER}{line}");
        let no_newline = format!("{HEADER}{}", line.trim_end());
        // (text, entries read, how it ends)
        let cases: [(&str, usize, Result<(), ConnTableError>); 5] = [
            ("", 0, Err(ConnTableError::NoHeader)),
            (HEADER, 0, Ok(())),
            (&one, 1, Ok(())),
            (&no_newline, 1, Ok(())),
            (&blank_then_line, 1, Err(ConnTableError::BlankEntry)),
        ];
        for (text, count, end) in cases {
            let mut input = text.as_bytes();
            let mut read = 0;
            let mut read_all = || {
                let mut table = ConnTable::new(&mut input)?;
                while let Some(e) = table.next_entry()? {
                    assert_eq!(e.client_port, 1);
                    read += 1;
                }
                Ok(())
            };
            let got = read_all();
            assert_eq!((read, got), (count, end), "{text:?}");
        }
    }
}
