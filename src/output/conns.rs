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
    use std::borrow::Cow;

    /// An entry of `proto` between 10.0.0.1, 10.0.0.2 and 10.0.0.3 (or the
    /// given addresses) on `ports`.
    fn entry<'a>(
        proto: &'a str,
        addrs: [&str; 3],
        ports: [u16; 3],
        state: &'a str,
        expires: u32,
        pe: Option<(&'a str, &'a str)>,
    ) -> ConnEntry<'a> {
        let [client, virtual_addr, dest] = addrs.map(|a| a.parse().unwrap());
        let [client_port, virtual_port, dest_port] = ports;
        ConnEntry {
            proto_name: Cow::Borrowed(proto),
            protocol: match proto {
                "TCP" => Some(Protocol::Tcp),
                "UDP" => Some(Protocol::Udp),
                _ => None,
            },
            client,
            client_port,
            virtual_addr,
            virtual_port,
            dest,
            dest_port,
            state: Cow::Borrowed(state),
            expires,
            pe: pe.map(|(n, d)| (Cow::Borrowed(n), Cow::Borrowed(d))),
        }
    }

    const V4: [&str; 3] = ["10.0.0.1", "10.0.0.2", "10.0.0.3"];

    #[test]
    fn header_lines() {
        for (persistent, want) in [
            (
                false,
                "IPVS connection entries\n\
                 pro expire state       source             virtual            destination\n",
            ),
            (
                true,
                "IPVS connection entries\n\
                 pro expire state       source             virtual            destination        pe name          pe_data\n",
            ),
        ] {
            let mut out = Vec::new();
            ConnPrinter::new(persistent, &NoNames)
                .print_header(&mut out)
                .unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), want);
        }
    }

    #[test]
    fn entry_lines() {
        let names = SystemNames::from_texts("", "http 80/tcp\n");
        let sip = Some(("sip", "abcdef"));
        // (entry, --persistent-conn, names, line)
        let cases: [(ConnEntry, bool, &dyn Resolver, &str); 9] = [
            (
                entry("TCP", V4, [1, 2, 3], "ESTABLISHED", 900, None),
                false,
                &NoNames,
                "TCP 15:00  ESTABLISHED 10.0.0.1:1         10.0.0.2:2         10.0.0.3:3\n",
            ),
            // Minutes are not capped.
            (
                entry("TCP", V4, [1, 2, 3], "ESTABLISHED", 6001 * 60 + 5, None),
                false,
                &NoNames,
                "TCP 6001:05 ESTABLISHED 10.0.0.1:1         10.0.0.2:2         10.0.0.3:3\n",
            ),
            (
                entry(
                    "TCP",
                    ["fd00::2", "fd00::100", "fd00::2"],
                    [40000, 80, 80],
                    "SYN_RECV",
                    59,
                    None,
                ),
                false,
                &NoNames,
                "TCP 00:59  SYN_RECV    [fd00::2]:40000    [fd00::100]:80     [fd00::2]:80\n",
            ),
            // The persistence engine's columns, narrower than the header's.
            (
                entry("UDP", V4, [5060, 5060, 5060], "UDP", 10, sip),
                true,
                &NoNames,
                "UDP 00:10  UDP         10.0.0.1:5060      10.0.0.2:5060      10.0.0.3:5060    sip                abcdef\n",
            ),
            (
                entry("UDP", V4, [5060, 5060, 5060], "UDP", 10, sip),
                false,
                &NoNames,
                "UDP 00:10  UDP         10.0.0.1:5060      10.0.0.2:5060      10.0.0.3:5060\n",
            ),
            (
                entry("TCP", V4, [1, 2, 3], "CLOSE", 10, None),
                true,
                &NoNames,
                "TCP 00:10  CLOSE       10.0.0.1:1         10.0.0.2:2         10.0.0.3:3\n",
            ),
            // Ports get names for the protocols that have them.
            (
                entry("TCP", V4, [80, 80, 80], "CLOSE", 0, None),
                false,
                &names,
                "TCP 00:00  CLOSE       10.0.0.1:http      10.0.0.2:http      10.0.0.3:http\n",
            ),
            (
                entry("IP", V4, [80, 80, 80], "NONE", 0, None),
                false,
                &names,
                "IP  00:00  NONE        10.0.0.1:80        10.0.0.2:80        10.0.0.3:80\n",
            ),
            (
                entry("TCP", V4, [80, 80, 80], "CLOSE", 0, None),
                false,
                &NoNames,
                "TCP 00:00  CLOSE       10.0.0.1:80        10.0.0.2:80        10.0.0.3:80\n",
            ),
        ];
        for (e, persistent, names, want) in cases {
            let mut out = Vec::new();
            let mut printer = ConnPrinter::new(persistent, names);
            printer.print_entry(&mut out, &e).unwrap();
            // The buffer is reused: a second line is printed the same.
            printer.print_entry(&mut out, &e).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), want.repeat(2));
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
