//! Address text where glibc and std disagree; everything else uses std's
//! `FromStr` and `Display` for `Ipv4Addr` and `Ipv6Addr`.
//!
//! Reading: `inet_pton` in both families accepts exactly what std's parsers
//! accept (four decimal parts without leading zeros; IPv6 with one `::` and
//! an optional dotted tail), but `inet_aton`, which ipvsadm uses for IPv4
//! services, masks and numeric host names, also takes one to three parts,
//! octal and hex (`10.1` is 10.0.0.1, `0x0a.1` too, `24` is 0.0.0.24).
//!
//! Writing: `inet_ntop` writes IPv4-compatible addresses (`::a.b.c.d`) in
//! dotted form, which std's `Display` does not; the rest is the same text.

use nom::branch::alt;
use nom::bytes::complete::{tag_no_case, take_while, take_while1};
use nom::character::complete::char;
use nom::combinator::{map, recognize};
use nom::multi::separated_list1;
use nom::sequence::{pair, preceded};
use nom::IResult;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// C's `isspace` in the "C" locale (where `inet_aton` and `strtol` stop or
/// skip).
pub(crate) fn is_c_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

/// The value of ASCII digits in `base`, saturating (anything past 32 bits
/// is rejected later, as strtoul's overflow is).
fn digits_value(digits: &str, base: u32) -> u64 {
    digits.chars().fold(0u64, |acc, c| {
        let d = c.to_digit(base).map_or(0, u64::from);
        acc.saturating_mul(u64::from(base)).saturating_add(d)
    })
}

/// One `inet_aton` part, `strtoul(s, &end, 0)` from a digit: `0x` hex,
/// a leading `0` octal, else decimal.
fn aton_part(s: &str) -> IResult<&str, u64> {
    let hex = preceded(
        tag_no_case("0x"),
        take_while1(|c: char| c.is_ascii_hexdigit()),
    );
    let oct = recognize(pair(char('0'), take_while(|c: char| c.is_digit(8))));
    let dec = take_while1(|c: char| c.is_ascii_digit());
    alt((
        map(hex, |d| digits_value(d, 16)),
        map(oct, |d| digits_value(d, 8)),
        map(dec, |d| digits_value(d, 10)),
    ))(s)
}

/// glibc `inet_aton`: one to four parts separated by dots, the last one
/// filling the remaining bytes (`1.2.3` is 1.2.0.3), each decimal, octal or
/// hex; anything after a blank is ignored.
pub fn inet_aton(s: &str) -> Option<Ipv4Addr> {
    let (rest, parts) = separated_list1(char('.'), aton_part)(s).ok()?;
    if !(rest.is_empty() || rest.starts_with(is_c_space)) {
        return None;
    }
    let (last, head) = parts.split_last()?;
    if head.len() > 3 || head.iter().any(|p| *p > 0xff) {
        return None;
    }
    // The last part fills the bytes the others left: 32, 24, 16 or 8 bits.
    let last = u32::try_from(*last).ok()?;
    if last > u32::MAX >> (8 * head.len()) {
        return None;
    }
    let word = head
        .iter()
        .zip([24, 16, 8])
        .fold(last, |word, (p, shift)| word | (*p as u32) << shift);
    Some(Ipv4Addr::from(word))
}

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

    fn v4(text: &str) -> Option<Ipv4Addr> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn inet_aton_forms() {
        for (text, want) in [
            ("1", v4("0.0.0.1")),
            ("24", v4("0.0.0.24")),
            ("1.2.3", v4("1.2.0.3")),
            ("1.2", v4("1.0.0.2")),
            ("10.1", v4("10.0.0.1")),
            ("0x0a.1", v4("10.0.0.1")),
            ("0x0a000001", v4("10.0.0.1")),
            ("0X0A000001", v4("10.0.0.1")),
            ("167772161", v4("10.0.0.1")),
            ("010.0.0.1", v4("8.0.0.1")),
            ("0", v4("0.0.0.0")),
            ("1.2.3.4 junk", v4("1.2.3.4")),
            ("1.2.3.4\x0bjunk", v4("1.2.3.4")),
            ("255.255.255.0", v4("255.255.255.0")),
            ("1.65535", v4("1.0.255.255")),
            ("4294967295", v4("255.255.255.255")),
            ("", None),
            ("a", None),
            ("1.2.3.4.5", None),
            ("256.1.1.1", None),
            ("1.2.3.256", None),
            ("08", None),
            ("09", None),
            ("0x", None),
            ("0x.1", None),
            ("1..2", None),
            ("1.", None),
            (".1", None),
            (" 1", None),
            ("-1", None),
            ("+1", None),
            ("1.2.65536", None),
            ("4294967296", None),
            ("99999999999999999999999", None),
            ("1.2.3.4x", None),
            ("1.2.3.4.", None),
            ("\u{663}", None),
        ] {
            assert_eq!(inet_aton(text), want, "{text:?}");
        }
    }

    #[test]
    fn inet_aton_reads_plain_quads_as_std_does() {
        // Every text of up to 7 characters over an alphabet that makes
        // every form: whenever std reads a dotted quad, inet_aton reads the
        // same address (the converse does not hold: octal, short forms).
        let alphabet = b"0129.x ";
        let mut text = Vec::new();
        let mut plain = 0;
        for len in 1..=7u32 {
            for mut n in 0..alphabet.len().pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push(alphabet[n % alphabet.len()]);
                    n /= alphabet.len();
                }
                let text = std::str::from_utf8(&text).unwrap();
                if let Ok(a) = text.parse::<Ipv4Addr>() {
                    assert_eq!(inet_aton(text), Some(a), "{text:?}");
                    plain += 1;
                }
            }
        }
        // Seven characters hold one-digit quads only: 4 digits, 4 parts.
        assert_eq!(plain, 4usize.pow(4));
    }

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
