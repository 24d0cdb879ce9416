//! Reading addresses as glibc's `inet_aton` does.

use nom::branch::alt;
use nom::bytes::complete::{tag_no_case, take_while, take_while1};
use nom::character::complete::char;
use nom::combinator::{map, recognize};
use nom::multi::separated_list1;
use nom::sequence::{pair, preceded};
use nom::IResult;
use std::net::Ipv4Addr;

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
}
