//! `-c` connection listing from the text of /proc/net/ip_vs_conn.
//!
//! Design decisions: ipvsadm reads the file with `fgets` into a 256-byte
//! buffer and parses each chunk with `sscanf("%s %s %hX %s %hX %s %hX %s %d
//! %s %s")`; we reproduce both (a line longer than 255 bytes is parsed in
//! pieces, as there) so odd kernel text gives the same output. The parser is
//! pure and tested on captured lines.

use crate::error::Error;
use crate::model::{ListOptions, Protocol};
use crate::names::Resolver;
use crate::output::list::push_addrport;
use crate::output::text::{pad_from, push_left, push_num_left};
use std::borrow::Cow;
use std::io::{self, BufRead, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// fgets's buffer size in ipvsadm's `list_conn`.
const LINE_BUF: usize = 256;

/// One proc entry as sscanf leaves it; fields sscanf did not reach stay
/// empty or zero (ipvsadm would print stack garbage there).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ConnEntry<'a> {
    // Borrowed from the proc text (always ASCII): no allocation per field.
    pub protocol: Cow<'a, str>,
    pub caddr: Cow<'a, str>,
    pub cport: u16,
    pub vaddr: Cow<'a, str>,
    pub vport: u16,
    pub daddr: Cow<'a, str>,
    pub dport: u16,
    pub state: Cow<'a, str>,
    pub expires: u32,
    pub pe_name: Cow<'a, str>,
    pub pe_data: Cow<'a, str>,
    /// sscanf's return value: how many fields were converted.
    pub fields: usize,
    /// The client, virtual and destination addresses, when the line was
    /// the kernel's IPv4 form read by position (`kernel_v4_entry`): what
    /// the address fields' hex reads as, without reading it again.
    pub v4: Option<[Ipv4Addr; 3]>,
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
        while let Some(d) = self.s.get(self.pos).and_then(|b| digit(*b, radix)) {
            v = v.wrapping_mul(u64::from(radix)).wrapping_add(u64::from(d));
            self.pos += 1;
        }
        if self.pos == start {
            return None;
        }
        Some(if neg { v.wrapping_neg() } else { v })
    }
}

/// A digit's value in base 10 or 16 (`char::to_digit` for ASCII bytes).
fn digit(b: u8, radix: u32) -> Option<u32> {
    let d = match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        b'A'..=b'F' => b - b'A' + 10,
        _ => return None,
    };
    (u32::from(d) < radix).then_some(u32::from(d))
}

/// `sscanf(buf, "%s %s %hX %s %hX %s %hX %s %d %s %s", ...)`; `None` is
/// sscanf's EOF (nothing but blanks), on which ipvsadm exits.
pub fn parse_entry(line: &[u8]) -> Option<ConnEntry<'_>> {
    kernel_v4_entry(line).or_else(|| scan_entry(line))
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
            *value = *value << 4 | digit(b, 16)?;
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
    let field = |at: usize| text.get(proto_len + at..proto_len + at + 8);
    Some(ConnEntry {
        protocol: Cow::Borrowed(protocol),
        caddr: Cow::Borrowed(field(1)?),
        cport: values[1] as u16,
        vaddr: Cow::Borrowed(field(15)?),
        vport: values[3] as u16,
        daddr: Cow::Borrowed(field(29)?),
        dport: values[5] as u16,
        state: Cow::Borrowed(state),
        expires,
        pe_name: Cow::Borrowed(""),
        pe_data: Cow::Borrowed(""),
        fields: 9,
        v4: Some([values[0], values[2], values[4]].map(Ipv4Addr::from)),
    })
}

/// `parse_entry` the general way, as sscanf does it.
fn scan_entry(line: &[u8]) -> Option<ConnEntry<'_>> {
    let mut sc = Scan {
        s: line,
        text: std::str::from_utf8(line).ok(),
        pos: 0,
    };
    sc.skip_ws();
    if sc.at_end() {
        return None;
    }
    let mut e = ConnEntry::default();
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

fn proto_of(name: &str) -> Option<Protocol> {
    match name {
        "TCP" => Some(Protocol::Tcp),
        "UDP" => Some(Protocol::Udp),
        "SCTP" => Some(Protocol::Sctp),
        _ => None,
    }
}

/// One output line for a parsed entry, appended to `buf` (no allocation).
fn push_entry(buf: &mut Vec<u8>, e: &ConnEntry, persistent: bool, names: &dyn Resolver) {
    let proto = proto_of(&e.protocol);
    let (caddr, vaddr, daddr) = match e.v4 {
        Some([c, v, d]) => (IpAddr::V4(c), IpAddr::V4(v), IpAddr::V4(d)),
        None => {
            // The client field decides the family of client and virtual address.
            let (c, v) = match e.caddr.parse() {
                Ok(c) => (
                    IpAddr::V6(c),
                    IpAddr::V6(e.vaddr.parse().unwrap_or(Ipv6Addr::UNSPECIFIED)),
                ),
                Err(_) => (IpAddr::V4(hex_v4(&e.caddr)), IpAddr::V4(hex_v4(&e.vaddr))),
            };
            (c, v, conn_addr(&e.daddr))
        }
    };
    // "%-3s %-6s %-11s %-18s %-18s %s", or with pe fields
    // "%-3s %-6s %-11s %-18s %-18s %-16s %-18s %s".
    push_left(buf, e.protocol.as_bytes(), 3);
    buf.push(b' ');
    // "%02d:%02d" of minutes and seconds.
    let start = buf.len();
    push_two_digits(buf, i64::from(e.expires / 60));
    buf.push(b':');
    push_two_digits(buf, i64::from(e.expires % 60));
    pad_from(buf, start, 6);
    buf.push(b' ');
    push_left(buf, e.state.as_bytes(), 11);
    buf.push(b' ');
    let start = buf.len();
    push_addrport(buf, &caddr, e.cport, proto, names);
    pad_from(buf, start, 18);
    buf.push(b' ');
    let start = buf.len();
    push_addrport(buf, &vaddr, e.vport, proto, names);
    pad_from(buf, start, 18);
    buf.push(b' ');
    if persistent && e.fields == 11 {
        // The entry's widths differ from the header's (16/18 vs 18/16), as in 1.31.
        let start = buf.len();
        push_addrport(buf, &daddr, e.dport, proto, names);
        pad_from(buf, start, 16);
        buf.push(b' ');
        push_left(buf, e.pe_name.as_bytes(), 18);
        buf.push(b' ');
        buf.extend_from_slice(e.pe_data.as_bytes());
    } else {
        push_addrport(buf, &daddr, e.dport, proto, names);
    }
    buf.push(b'\n');
}

/// `%02d`.
fn push_two_digits(buf: &mut Vec<u8>, n: i64) {
    if (0..10).contains(&n) {
        buf.push(b'0');
    }
    push_num_left(buf, n, 0);
}

/// `-c`: the two header lines, then every entry after the proc header, in
/// kernel order, written as they are parsed. Returns how ipvsadm's `-c`
/// ends beyond that: with no header line it says `unexpected input from
/// /proc/net/ip_vs_conn` (exit 1, nothing on stdout); a blank-only entry
/// makes sscanf return EOF and ipvsadm exits 1 silently after the lines
/// before it. `None` = exit 0.
pub fn print_conns(
    out: &mut dyn Write,
    input: &mut dyn BufRead,
    opts: &ListOptions,
    names: &dyn Resolver,
) -> io::Result<Option<Error>> {
    let mut chunk = Vec::with_capacity(LINE_BUF);
    if !fgets(input, &mut chunk) {
        return Ok(Some(Error::Exit1(
            "unexpected input from /proc/net/ip_vs_conn".to_string(),
        )));
    }
    out.write_all(b"IPVS connection entries\n")?;
    if opts.persistent_conn {
        writeln!(
            out,
            "pro expire {:<11} {:<18} {:<18} {:<18} {:<16} pe_data",
            "state", "source", "virtual", "destination", "pe name"
        )?;
    } else {
        writeln!(
            out,
            "pro expire {:<11} {:<18} {:<18} destination",
            "state", "source", "virtual"
        )?;
    }
    let mut line = Vec::with_capacity(160);
    while fgets(input, &mut chunk) {
        match parse_entry(&chunk) {
            Some(e) => {
                line.clear();
                push_entry(&mut line, &e, opts.persistent_conn, names);
                out.write_all(&line)?;
            }
            // sscanf's EOF: ipvsadm exits there (status 1) with what it printed.
            None => return Ok(Some(Error::Silent(1))),
        }
    }
    Ok(None)
}

/// How `-c` ends for this text (see `print_conns`), without printing.
#[cfg(test)]
fn conns_status(proc_text: &str) -> Option<Error> {
    print_conns(
        &mut io::sink(),
        &mut proc_text.as_bytes(),
        &ListOptions::default(),
        &crate::names::NoNames,
    )
    .unwrap_or(None)
}

#[cfg(test)]
mod tests {
    use super::*;

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
                let general = scan_entry(line.as_bytes()).expect("the general way reads it too");
                // The same output line, the addresses read again or not ...
                let (mut a, mut b) = (Vec::new(), Vec::new());
                for persistent in [false, true] {
                    push_entry(&mut a, &fast, persistent, &NoNames);
                    push_entry(&mut b, &general, persistent, &NoNames);
                }
                assert_eq!(a, b, "{line:?}");
                // ... and the same entry but for the addresses kept.
                let kept = fast.v4.expect("kept");
                assert_eq!(
                    kept.map(IpAddr::V4),
                    [&fast.caddr, &fast.vaddr, &fast.daddr].map(|t| conn_addr(t))
                );
                assert_eq!(ConnEntry { v4: None, ..fast }, general, "{line:?}");
            }
        }
        // Most of the unmutated lines (not the PE ones) take the short way.
        assert!(taken > 2000, "{taken}");
    }
    use crate::names::{NoNames, SystemNames};
    use crate::output::list::tests::golden;

    const HEADER: &str =
        "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n";

    /// A proc line as the kernel prints it ("%-3s %08X %04X %08X %04X %s %04X %-11s %7u%s").
    fn proc_line(
        p: &str,
        addrs: [&str; 3],
        ports: [u16; 3],
        st: &str,
        exp: u32,
        pe: &str,
    ) -> String {
        let [c, v, d] = addrs;
        let [cp, vp, dp] = ports;
        format!("{p:<3} {c} {cp:04X} {v} {vp:04X} {d} {dp:04X} {st:<11} {exp:>7}{pe}\n")
    }

    fn list(text: &str, persistent: bool, names: &dyn Resolver) -> String {
        let opts = ListOptions {
            connection: true,
            persistent_conn: persistent,
            ..ListOptions::default()
        };
        let mut out = Vec::new();
        print_conns(&mut out, &mut text.as_bytes(), &opts, names).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn captured_table(second_expire: u32, assured_expire: u32) -> String {
        [
            HEADER.to_string(),
            proc_line(
                "TCP",
                ["C0A80202", "0A000064", "C0A80102"],
                [35136, 8080, 80],
                "TIME_WAIT",
                117,
                "",
            ),
            proc_line(
                "UDP",
                ["C0A80202", "0A000064", "C0A80102"],
                [60569, 53, 53],
                "UDP",
                second_expire,
                "",
            ),
            proc_line(
                "TCP",
                ["C0A80202", "0A000064", "C0A80102"],
                [35152, 8080, 80],
                "ESTABLISHED",
                898,
                "",
            ),
            proc_line(
                "TCP",
                ["C0A80202", "0A000064", "C0A80102"],
                [0, 8080, 80],
                "ASSURED",
                assured_expire,
                "",
            ),
        ]
        .concat()
    }

    #[test]
    fn captured_numeric() {
        let want = golden(
            "IPVS connection entries$
            pro expire state       source             virtual            destination$
            TCP 01:57  TIME_WAIT   192.168.2.2:35136  10.0.0.100:8080    192.168.1.2:80$
            UDP 04:58  UDP         192.168.2.2:60569  10.0.0.100:53      192.168.1.2:53$
            TCP 14:58  ESTABLISHED 192.168.2.2:35152  10.0.0.100:8080    192.168.1.2:80$
            TCP 01:58  ASSURED     192.168.2.2:0      10.0.0.100:8080    192.168.1.2:80$",
        );
        assert_eq!(list(&captured_table(298, 118), false, &NoNames), want);
    }

    #[test]
    fn captured_names() {
        let names = SystemNames::from_texts(
            "192.168.2.2 client.example\n192.168.1.2 rs2.example\n",
            "domain 53/udp\nhttp 80/tcp\nhttp-alt 8080/tcp\n",
        );
        let text = [
            HEADER.to_string(),
            proc_line(
                "TCP",
                ["C0A80202", "0A000064", "C0A80102"],
                [35136, 8080, 80],
                "TIME_WAIT",
                117,
                "",
            ),
            proc_line(
                "UDP",
                ["C0A80202", "0A000064", "C0A80102"],
                [60569, 53, 53],
                "UDP",
                297,
                "",
            ),
            proc_line(
                "TCP",
                ["C0A80202", "0A000064", "C0A80102"],
                [0, 8080, 80],
                "ASSURED",
                117,
                "",
            ),
        ]
        .concat();
        let want = golden(
            "IPVS connection entries$
            pro expire state       source             virtual            destination$
            TCP 01:57  TIME_WAIT   client.example:35136 10.0.0.100:http-alt rs2.example:http$
            UDP 04:57  UDP         client.example:60569 10.0.0.100:domain  rs2.example:domain$
            TCP 01:57  ASSURED     client.example:0   10.0.0.100:http-alt rs2.example:http$",
        );
        assert_eq!(list(&text, false, &names), want);
    }

    #[test]
    fn minutes_are_not_capped() {
        let text = [
            HEADER.to_string(),
            proc_line(
                "TCP",
                ["0A000001", "0A000002", "0A000003"],
                [1, 2, 3],
                "ESTABLISHED",
                900,
                "",
            ),
            proc_line(
                "TCP",
                ["0A000001", "0A000002", "0A000003"],
                [1, 2, 3],
                "ESTABLISHED",
                6001 * 60 + 5,
                "",
            ),
        ]
        .concat();
        let out = list(&text, false, &NoNames);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[2].starts_with("TCP 15:00  ESTABLISHED 10.0.0.1:1 "));
        assert!(lines[3].starts_with("TCP 6001:05 ESTABLISHED"));
    }

    #[test]
    fn ipv6_entries_and_mixed_dest() {
        let v6 = "fd00:0000:0000:0000:0000:0000:0000:0002";
        let vip = "fd00:0000:0000:0000:0000:0000:0000:0100";
        let text = [
            HEADER.to_string(),
            proc_line("TCP", [v6, vip, v6], [40000, 80, 80], "SYN_RECV", 59, ""),
            // An IPv6 client with an IPv4 (tunnel) dest.
            proc_line("UDP", [v6, vip, "0A000028"], [5, 53, 53], "UDP", 1, ""),
        ]
        .concat();
        let want = golden(
            "IPVS connection entries$
            pro expire state       source             virtual            destination$
            TCP 00:59  SYN_RECV    [fd00::2]:40000    [fd00::100]:80     [fd00::2]:80$
            UDP 00:01  UDP         [fd00::2]:5        [fd00::100]:53     10.0.0.40:53$",
        );
        assert_eq!(list(&text, false, &NoNames), want);
    }

    #[test]
    fn persistent_conn_layout() {
        let text = [
            HEADER.to_string(),
            proc_line(
                "UDP",
                ["0A000001", "0A000002", "0A000003"],
                [5060, 5060, 5060],
                "UDP",
                10,
                " sip abcdef",
            ),
            proc_line(
                "TCP",
                ["0A000001", "0A000002", "0A000003"],
                [1, 2, 3],
                "CLOSE",
                10,
                "",
            ),
        ]
        .concat();
        let want = golden(
            "IPVS connection entries$
            pro expire state       source             virtual            destination        pe name          pe_data$
            UDP 00:10  UDP         10.0.0.1:5060      10.0.0.2:5060      10.0.0.3:5060    sip                abcdef$
            TCP 00:10  CLOSE       10.0.0.1:1         10.0.0.2:2         10.0.0.3:3$",
        );
        assert_eq!(list(&text, true, &NoNames), want);
        // Without --persistent-conn the pe fields are not shown.
        let plain = list(&text, false, &NoNames);
        assert!(plain.contains("10.0.0.3:5060\n"));
        assert!(!plain.contains("sip"));
    }

    #[test]
    fn unknown_protocol_keeps_numeric_ports() {
        let names = SystemNames::from_texts("", "http 80/tcp\n");
        let text = [
            HEADER.to_string(),
            proc_line(
                "TCP",
                ["0A000001", "0A000002", "0A000003"],
                [80, 80, 80],
                "CLOSE",
                0,
                "",
            ),
            proc_line(
                "IP",
                ["0A000001", "0A000002", "0A000003"],
                [80, 80, 80],
                "NONE",
                0,
                "",
            ),
        ]
        .concat();
        let out = list(&text, false, &names);
        assert!(out.contains(
            "TCP 00:00  CLOSE       10.0.0.1:http      10.0.0.2:http      10.0.0.3:http\n"
        ));
        assert!(out.contains(
            "IP  00:00  NONE        10.0.0.1:80        10.0.0.2:80        10.0.0.3:80\n"
        ));
    }

    #[test]
    fn scanf_details() {
        let e =
            parse_entry(b"TCP C0A80202 8940 0A000064 1F90 C0A80102 0050 TIME_WAIT 117\n").unwrap();
        assert_eq!(e.fields, 9);
        assert_eq!(
            (e.cport, e.vport, e.dport, e.expires),
            (35136, 8080, 80, 117)
        );
        // A conversion failure stops the scan; later fields keep defaults.
        let e = parse_entry(b"TCP C0A80202 zz 0A000064\n").unwrap();
        assert_eq!(e.fields, 2);
        assert_eq!(e.vaddr, "");
        // %hX keeps the low 16 bits; strtoul saturates before the 32-bit cut.
        let e = parse_entry(b"TCP 1 1FFFF 2 0x10 3 -1 S 5 pe data\n").unwrap();
        assert_eq!(
            (e.cport, e.vport, e.dport, e.fields),
            (0xFFFF, 0x10, 0xFFFF, 11)
        );
        assert_eq!(
            hex_v4("123456789ABCDEF0123"),
            Ipv4Addr::new(255, 255, 255, 255)
        );
        assert_eq!(hex_v4("1C0A80202"), Ipv4Addr::new(192, 168, 2, 2));
        assert_eq!(hex_v4("zz"), Ipv4Addr::new(0, 0, 0, 0));
        assert_eq!(parse_entry(b"  \n"), None);
    }

    #[test]
    fn hex_addresses_and_padded_numbers() {
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
        ] {
            assert_eq!(hex_v4(t), want.parse::<Ipv4Addr>().unwrap(), "{t}");
        }
        for n in [0i64, 5, 9, 10, 42, 99, 100, 255, 65535, -1, -42] {
            for w in [0, 1, 2, 3, 6] {
                let mut fast = Vec::new();
                crate::output::text::push_num_left(&mut fast, n, w);
                assert_eq!(fast, format!("{n:<w$}").into_bytes(), "{n} {w}");
            }
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
    fn header_only_and_empty() {
        assert_eq!(
            list(HEADER, false, &NoNames),
            "IPVS connection entries\npro expire state       source             virtual            destination\n"
        );
        assert_eq!(list("", false, &NoNames), "");
        assert_eq!(
            conns_status("").map(|e| (e.to_string(), e.exit_code())),
            Some(("unexpected input from /proc/net/ip_vs_conn".to_string(), 1))
        );
        assert_eq!(conns_status(HEADER), None);
    }

    #[test]
    fn blank_entry_stops_the_listing_with_status_1() {
        let line = proc_line(
            "TCP",
            ["0A000001", "0A000002", "0A000003"],
            [1, 2, 3],
            "CLOSE",
            10,
            "",
        );
        let text = format!("{HEADER}{line}\n{line}");
        let out = list(&text, false, &NoNames);
        assert_eq!(out.lines().count(), 3);
        assert_eq!(conns_status(&text), Some(Error::Silent(1)));
        assert_eq!(conns_status(&format!("{HEADER}{line}")), None);
    }
}
