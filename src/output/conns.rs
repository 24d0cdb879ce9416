//! `-c`: the connection listing, a line per entry of the kernel's
//! connection table, printed as the entries are read.
//!
//! Design decisions: each line is built in one reused buffer with the
//! byte-printf primitives (no formatting machinery, no allocation per line):
//! the table can hold hundreds of thousands of entries.

use crate::model::ConnEntry;
use crate::names::Resolver;
use crate::output::list::push_addrport;
use crate::output::text::{pad_from, push_left, push_num_left};
use std::io::{self, Write};

/// Prints the listing's header and its lines.
pub struct ConnPrinter<'n> {
    /// `--persistent-conn`: the persistence engine's columns too.
    persistent: bool,
    names: &'n dyn Resolver,
    line: Vec<u8>,
}

impl<'n> ConnPrinter<'n> {
    pub fn new(persistent: bool, names: &'n dyn Resolver) -> ConnPrinter<'n> {
        ConnPrinter {
            persistent,
            names,
            line: Vec::with_capacity(160),
        }
    }

    /// The two header lines.
    pub fn print_header(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"IPVS connection entries\n")?;
        if self.persistent {
            writeln!(
                out,
                "pro expire {:<11} {:<18} {:<18} {:<18} {:<16} pe_data",
                "state", "source", "virtual", "destination", "pe name"
            )
        } else {
            writeln!(
                out,
                "pro expire {:<11} {:<18} {:<18} destination",
                "state", "source", "virtual"
            )
        }
    }

    /// One entry's line.
    pub fn print_entry(&mut self, out: &mut dyn Write, e: &ConnEntry) -> io::Result<()> {
        self.line.clear();
        push_entry(&mut self.line, e, self.persistent, self.names);
        out.write_all(&self.line)
    }
}

/// One output line for an entry, appended to `buf`: `"%-3s %-6s %-11s %-18s
/// %-18s %s"`, or with the persistence engine's fields `"%-3s %-6s %-11s
/// %-18s %-18s %-16s %-18s %s"`.
fn push_entry(buf: &mut Vec<u8>, e: &ConnEntry, persistent: bool, names: &dyn Resolver) {
    push_left(buf, e.proto_name.as_bytes(), 3);
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
    push_addrport(buf, &e.client, e.client_port, e.protocol, names);
    pad_from(buf, start, 18);
    buf.push(b' ');
    let start = buf.len();
    push_addrport(buf, &e.virtual_addr, e.virtual_port, e.protocol, names);
    pad_from(buf, start, 18);
    buf.push(b' ');
    match &e.pe {
        Some((pe_name, pe_data)) if persistent => {
            // The entry's widths differ from the header's (16/18 vs 18/16), as in 1.31.
            let start = buf.len();
            push_addrport(buf, &e.dest, e.dest_port, e.protocol, names);
            pad_from(buf, start, 16);
            buf.push(b' ');
            push_left(buf, pe_name.as_bytes(), 18);
            buf.push(b' ');
            buf.extend_from_slice(pe_data.as_bytes());
        }
        _ => push_addrport(buf, &e.dest, e.dest_port, e.protocol, names),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Protocol;
    use crate::names::{NoNames, SystemNames};
    use std::net::SocketAddr;

    /// An entry from `PROTO CLIENT VIRTUAL DEST STATE EXPIRES [PE_NAME
    /// PE_DATA]`, the addresses with their ports as std writes them.
    fn entry(spec: &str) -> ConnEntry<'_> {
        let w: Vec<&str> = spec.split(' ').collect();
        let [client, virtual_addr, dest] =
            [w[1], w[2], w[3]].map(|a| a.parse::<SocketAddr>().unwrap());
        ConnEntry {
            proto_name: w[0].into(),
            protocol: match w[0] {
                "TCP" => Some(Protocol::Tcp),
                "UDP" => Some(Protocol::Udp),
                _ => None,
            },
            client: client.ip(),
            client_port: client.port(),
            virtual_addr: virtual_addr.ip(),
            virtual_port: virtual_addr.port(),
            dest: dest.ip(),
            dest_port: dest.port(),
            state: w[4].into(),
            expires: w[5].parse().unwrap(),
            pe: w.get(6..8).map(|pe| (pe[0].into(), pe[1].into())),
        }
    }

    #[test]
    fn header_lines() {
        for (persistent, want) in [
            (false, "destination\n"),
            (true, "destination        pe name          pe_data\n"),
        ] {
            let mut out = Vec::new();
            let printer = ConnPrinter::new(persistent, &NoNames);
            printer.print_header(&mut out).unwrap();
            let want = format!(
                "IPVS connection entries\n\
                 pro expire state       source             virtual            {want}"
            );
            assert_eq!(String::from_utf8(out).unwrap(), want);
        }
    }

    #[test]
    fn entry_lines() {
        let names = SystemNames::from_texts(
            "192.168.2.2 client.example\n192.168.1.2 rs2.example\n",
            "domain 53/udp\nhttp 80/tcp\nhttp-alt 8080/tcp\n",
        );
        // (names, --persistent-conn, entry, its line)
        let cases: [(&dyn Resolver, bool, &str, &str); 12] = [
            (
                &NoNames,
                false,
                "TCP 10.0.0.1:1 10.0.0.2:2 10.0.0.3:3 ESTABLISHED 900",
                "TCP 15:00  ESTABLISHED 10.0.0.1:1         10.0.0.2:2         10.0.0.3:3",
            ),
            // Minutes are not capped.
            (
                &NoNames,
                false,
                "TCP 10.0.0.1:1 10.0.0.2:2 10.0.0.3:3 ESTABLISHED 360065",
                "TCP 6001:05 ESTABLISHED 10.0.0.1:1         10.0.0.2:2         10.0.0.3:3",
            ),
            (
                &NoNames,
                false,
                "TCP [fd00::2]:40000 [fd00::100]:80 [fd00::2]:80 SYN_RECV 59",
                "TCP 00:59  SYN_RECV    [fd00::2]:40000    [fd00::100]:80     [fd00::2]:80",
            ),
            // The persistence engine's columns, narrower than the header's,
            // where the entry has them.
            (
                &NoNames,
                true,
                "UDP 10.0.0.1:5060 10.0.0.2:5060 10.0.0.3:5060 UDP 10 sip abcdef",
                "UDP 00:10  UDP         10.0.0.1:5060      10.0.0.2:5060      10.0.0.3:5060    sip                abcdef",
            ),
            (
                &NoNames,
                false,
                "UDP 10.0.0.1:5060 10.0.0.2:5060 10.0.0.3:5060 UDP 10 sip abcdef",
                "UDP 00:10  UDP         10.0.0.1:5060      10.0.0.2:5060      10.0.0.3:5060",
            ),
            (
                &NoNames,
                true,
                "TCP 10.0.0.1:1 10.0.0.2:2 10.0.0.3:3 CLOSE 10",
                "TCP 00:10  CLOSE       10.0.0.1:1         10.0.0.2:2         10.0.0.3:3",
            ),
            // Names, where the resolver knows them; ports get names for the
            // protocols that have them.
            (
                &names,
                false,
                "TCP 192.168.2.2:35136 10.0.0.100:8080 192.168.1.2:80 TIME_WAIT 117",
                "TCP 01:57  TIME_WAIT   client.example:35136 10.0.0.100:http-alt rs2.example:http",
            ),
            (
                &names,
                false,
                "UDP 192.168.2.2:60569 10.0.0.100:53 192.168.1.2:53 UDP 297",
                "UDP 04:57  UDP         client.example:60569 10.0.0.100:domain  rs2.example:domain",
            ),
            (
                &names,
                false,
                "TCP 192.168.2.2:0 10.0.0.100:8080 192.168.1.2:80 ASSURED 117",
                "TCP 01:57  ASSURED     client.example:0   10.0.0.100:http-alt rs2.example:http",
            ),
            (
                &names,
                false,
                "TCP [fd00::2]:40000 [fd00::100]:80 [fd00::2]:80 SYN_RECV 59",
                "TCP 00:59  SYN_RECV    [fd00::2]:40000    [fd00::100]:http   [fd00::2]:http",
            ),
            (
                &names,
                false,
                "TCP 10.0.0.1:80 10.0.0.2:80 10.0.0.3:80 CLOSE 0",
                "TCP 00:00  CLOSE       10.0.0.1:http      10.0.0.2:http      10.0.0.3:http",
            ),
            (
                &names,
                false,
                "IP 10.0.0.1:80 10.0.0.2:80 10.0.0.3:80 NONE 0",
                "IP  00:00  NONE        10.0.0.1:80        10.0.0.2:80        10.0.0.3:80",
            ),
        ];
        for (names, persistent, spec, line) in cases {
            let mut out = Vec::new();
            let mut printer = ConnPrinter::new(persistent, names);
            // The line buffer is reused: a second entry prints the same.
            printer.print_entry(&mut out, &entry(spec)).unwrap();
            printer.print_entry(&mut out, &entry(spec)).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), format!("{line}\n{line}\n"));
        }
    }

    #[test]
    fn padded_numbers() {
        for n in [0i64, 5, 9, 10, 42, 99, 100, 255, 65535, -1, -42] {
            for w in [0, 1, 2, 3, 6] {
                let mut fast = Vec::new();
                push_num_left(&mut fast, n, w);
                assert_eq!(fast, format!("{n:<w$}").into_bytes(), "{n} {w}");
            }
            let mut two = Vec::new();
            push_two_digits(&mut two, n);
            assert_eq!(two, format!("{n:02}").into_bytes(), "{n}");
        }
    }
}
