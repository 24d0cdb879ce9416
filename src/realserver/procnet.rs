//! Listening TCP sockets from /proc/net/tcp and /proc/net/tcp6 (pure parser).
//!
//! The kernel prints each local address as the in-memory 32-bit words of the
//! address in hex (`%08X` per word), so reading a word back as a number and
//! taking its native-endian bytes restores the address on any host.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// TCP_LISTEN in the `st` column.
const LISTEN: &str = "0A";

/// The local addresses of sockets in LISTEN state; unparsable lines are
/// skipped (the header, or a format we do not know).
pub fn listeners(text: &str) -> Vec<SocketAddr> {
    text.lines()
        .filter_map(|line| {
            let mut cols = line.split_whitespace();
            let _slot = cols.next()?;
            let local = cols.next()?;
            let _remote = cols.next()?;
            let state = cols.next()?;
            if state != LISTEN {
                return None;
            }
            parse_local(local)
        })
        .collect()
}

fn parse_local(s: &str) -> Option<SocketAddr> {
    let (addr, port) = s.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let word = |i: usize| -> Option<[u8; 4]> {
        let hex = addr.get(i * 8..i * 8 + 8)?;
        Some(u32::from_str_radix(hex, 16).ok()?.to_ne_bytes())
    };
    let ip: IpAddr = match addr.len() {
        8 => Ipv4Addr::from(word(0)?).into(),
        32 => {
            let mut b = [0u8; 16];
            for i in 0..4 {
                b[i * 4..i * 4 + 4].copy_from_slice(&word(i)?);
            }
            Ipv6Addr::from(b).into()
        }
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Lines as a little-endian kernel prints them (x86_64).
    const TCP: &str = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: D80A0A0A:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1 0 100 0 0 10 0
   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1235 1 0 100 0 0 10 0
   2: D80A0A0A:0050 160A0A0A:C350 01 00000000:00000000 00:00000000 00000000     0        0 1236 1 0 100 0 0 10 0
";
    const TCP6: &str = "  sl  local_address                         remote_address                        st
   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000
   1: B80D0120000000000000000001000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000
";

    #[test]
    fn parses_listening_sockets_of_both_families() {
        // Only the listening sockets (state 0A), in table order.
        for (table, want) in [
            (TCP, ["10.10.10.216:80", "0.0.0.0:22"]),
            (TCP6, ["[::]:8080", "[2001:db8::1]:80"]),
        ] {
            let want: Vec<SocketAddr> = want.iter().map(|a| a.parse().unwrap()).collect();
            assert_eq!(listeners(table), want);
        }
    }

    #[test]
    fn junk_is_skipped() {
        assert!(listeners("0: zz:0050 0 0A\n1: 0102:xyz 0 0A\n\n").is_empty());
    }
}
