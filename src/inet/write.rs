//! Writing addresses as glibc's `inet_ntop` does.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The IPv4 address glibc's `inet_ntop` shows at the end of an
/// IPv4-compatible address: the first 96 bits zero and the next 16 not
/// (so `::` and `::1` stay as they are).
fn ipv4_compatible(a: &Ipv6Addr) -> Option<Ipv4Addr> {
    let s = a.segments();
    if s[..6] != [0; 6] || s[6] == 0 {
        return None;
    }
    let [.., a, b, c, d] = a.octets();
    Some(Ipv4Addr::new(a, b, c, d))
}

/// glibc `inet_ntop` appended to `buf`.
pub fn push_ntop(buf: &mut Vec<u8>, addr: &IpAddr) {
    match addr {
        IpAddr::V4(a) => push_v4(buf, *a),
        IpAddr::V6(a) => match ipv4_compatible(a) {
            Some(v4) => {
                buf.extend_from_slice(b"::");
                push_v4(buf, v4);
            }
            // Writing into a Vec cannot fail.
            None => {
                let _ = write!(buf, "{a}");
            }
        },
    }
}

/// glibc `inet_ntop` as a string.
pub fn ntop(addr: &IpAddr) -> String {
    let mut buf = Vec::with_capacity(40);
    push_ntop(&mut buf, addr);
    String::from_utf8_lossy(&buf).into_owned()
}

/// A dotted quad appended to `buf`, from a table of the octets' text:
/// `Display` takes about a thousand instructions per address, and the
/// listings (`-c` above all) print up to three addresses per line.
pub fn push_v4(buf: &mut Vec<u8>, a: Ipv4Addr) {
    // ".a.b.c.d" (at most 16 bytes), appended without the first dot.
    let mut text = [0u8; 16];
    let mut n = 0;
    for o in a.octets() {
        let (dotted, len) = DOTTED_OCTETS[usize::from(o)];
        if let Some(slot) = text.get_mut(n..n + 4) {
            slot.copy_from_slice(&dotted);
        }
        n += usize::from(len);
    }
    buf.extend_from_slice(text.get(1..n).unwrap_or_default());
}

/// Each octet as "." and its decimal digits, padded to four bytes, with the
/// length that counts.
static DOTTED_OCTETS: [([u8; 4], u8); 256] = {
    let mut table = [([0u8; 4], 0u8); 256];
    let mut o = 0;
    while o < 256 {
        let d = [
            b'0' + (o / 100) as u8,
            b'0' + (o / 10 % 10) as u8,
            b'0' + (o % 10) as u8,
        ];
        table[o] = match o {
            100.. => ([b'.', d[0], d[1], d[2]], 4),
            10..=99 => ([b'.', d[1], d[2], 0], 3),
            _ => ([b'.', d[2], 0, 0], 2),
        };
        o += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ntop_writes_ipv4_compatible_addresses_dotted() {
        for (text, want) in [
            ("::1.2.3.4", "::1.2.3.4"),
            ("::0.1.0.0", "::0.1.0.0"),
            ("::1:0", "::0.1.0.0"),
            ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
            ("::ffff:0.0.0.0", "::ffff:0.0.0.0"),
            ("::1", "::1"),
            ("::", "::"),
            ("::2", "::2"),
            ("::ffff", "::ffff"),
            ("fd00::2", "fd00::2"),
            ("1::", "1::"),
            ("1:0:0:1::", "1:0:0:1::"),
            ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
            ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"),
            ("FD00:0000::00AB", "fd00::ab"),
            ("10.0.0.1", "10.0.0.1"),
            ("0.0.0.0", "0.0.0.0"),
        ] {
            let addr: IpAddr = text.parse().unwrap();
            assert_eq!(ntop(&addr), want, "{text}");
        }
    }

    #[test]
    fn ipv6_text_is_display_but_for_ipv4_compatible_addresses() {
        // Groups drawn so that zero runs of every length and position, ties
        // between runs, and the v4-compatible and v4-mapped prefixes occur.
        let mut rng = crate::testing::XorShift(0x0bad_5eed_1234_5678);
        let mut next = move || rng.next_u64();
        for _ in 0..20_000 {
            let mut g = [0u16; 8];
            for slot in &mut g {
                let r = next();
                *slot = match r % 8 {
                    0..=3 => 0,
                    4 => 0xffff,
                    5 => 1,
                    6 => (r >> 8) as u16 & 0xf,
                    _ => (r >> 8) as u16,
                };
            }
            let a = Ipv6Addr::from(g);
            let o = a.octets();
            let want = if o[..12] == [0; 12] && (o[12] != 0 || o[13] != 0) {
                format!("::{}", Ipv4Addr::new(o[12], o[13], o[14], o[15]))
            } else {
                a.to_string()
            };
            assert_eq!(ntop(&IpAddr::V6(a)), want, "{g:x?}");
        }
    }

    #[test]
    fn dotted_quads_match_display() {
        let mut x: u32 = 0x0a00_0001;
        let fixed = [
            0,
            u32::MAX,
            0x0a64_0001,
            0x010a_6400,
            0x6400_0a01,
            0x0909_6363,
        ];
        for v in fixed.into_iter().chain((0..2000).map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            x
        })) {
            let a = Ipv4Addr::from(v);
            let mut buf = b"x".to_vec();
            push_v4(&mut buf, a);
            assert_eq!(buf, format!("x{a}").into_bytes(), "{a}");
        }
    }
}
