//! Parsers for option values, with the C library semantics ipvsadm relies on.
//!
//! Design decisions: every parser reproduces the libc call 1.31 makes
//! (`strtol`, `strtoul`, `atoi`, `inet_aton`, `inet_pton`), quirks included,
//! because the accepted set of strings is part of the interface (`-M 24` is
//! 0.0.0.24, `-w " 5"` is 5, `-t 1.2.3.4 x:80` is 1.2.3.4). Name lookups go
//! through the injected [`Resolver`] only.

use crate::inet::{inet_aton, is_c_space};
use crate::model::Protocol;
use crate::names::Resolver;
use nom::bytes::complete::{take_while, take_while1};
use nom::character::complete::one_of;
use nom::combinator::opt;
use nom::IResult;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Result of `strtol(s, &end, 10)`: the (saturated) value, whether it
/// overflowed (ERANGE), and the unparsed rest (`s` itself if no digits).
struct Strtol<'a> {
    value: i64,
    erange: bool,
    rest: &'a str,
}

fn sign_and_digits(s: &str) -> IResult<&str, (Option<char>, &str)> {
    let (s, _) = take_while(is_c_space)(s)?;
    let (s, sign) = opt(one_of("+-"))(s)?;
    let (s, digits) = take_while1(|c: char| c.is_ascii_digit())(s)?;
    Ok((s, (sign, digits)))
}

/// `strtol(s, &end, 10)`.
fn strtol(s: &str) -> Strtol<'_> {
    let Ok((rest, (sign, digits))) = sign_and_digits(s) else {
        return Strtol {
            value: 0,
            erange: false,
            rest: s,
        };
    };
    // Saturated at u64::MAX, which is past i64's range with either sign.
    let magnitude = digits.bytes().fold(0i128, |m, d| {
        (m * 10 + i128::from(d - b'0')).min(i128::from(u64::MAX))
    });
    let value = if sign == Some('-') {
        -magnitude
    } else {
        magnitude
    };
    match i64::try_from(value) {
        Ok(value) => Strtol {
            value,
            erange: false,
            rest,
        },
        Err(_) => Strtol {
            value: if value < 0 { i64::MIN } else { i64::MAX },
            erange: true,
            rest,
        },
    }
}

/// ipvsadm's `string_to_number`: strtol base 10 over the whole string, no
/// overflow, within `min..=max`.
pub fn string_to_number(s: &str, min: i64, max: i64) -> Option<i64> {
    let r = strtol(s);
    if r.rest.len() == s.len() || !r.rest.is_empty() || r.erange {
        return None;
    }
    (min..=max).contains(&r.value).then_some(r.value)
}

/// `atoi`: strtol without error checks, truncated to `int` like glibc's
/// `(int) strtol(...)`.
pub fn atoi(s: &str) -> i32 {
    strtol(s).value as i32
}

/// `strtoul(s, &end, 10)` over the whole string, as `parse_fwmark` uses it:
/// a leading `-` negates modulo 2^64, so `-1` is ULONG_MAX.
fn strtoul_whole(s: &str) -> Option<u64> {
    let (rest, (sign, digits)) = sign_and_digits(s).ok()?;
    if !rest.is_empty() {
        return None;
    }
    let mut magnitude: u64 = 0;
    for d in digits.bytes() {
        magnitude = magnitude
            .checked_mul(10)?
            .checked_add(u64::from(d - b'0'))?;
    }
    Some(if sign == Some('-') {
        magnitude.wrapping_neg()
    } else {
        magnitude
    })
}

/// `-f` value: 1..=4294967295 (`parse_fwmark`).
pub fn fwmark(s: &str) -> Option<u32> {
    let v = strtoul_whole(s)?;
    if v == 0 {
        return None;
    }
    u32::try_from(v).ok()
}

/// `inet_pton(AF_INET, ...)`: exactly what `Ipv4Addr`'s `FromStr` reads
/// (four decimal parts of at most 255, no leading zeros).
pub fn inet_pton4(s: &str) -> Option<Ipv4Addr> {
    s.parse().ok()
}

/// `inet_pton(AF_INET6, ...)`: exactly what `Ipv6Addr`'s `FromStr` reads.
pub fn inet_pton6(s: &str) -> Option<Ipv6Addr> {
    s.parse().ok()
}

/// An address with an optional port, as `parse_service` returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddrPort {
    pub addr: IpAddr,
    /// `None` when the text had no port part (SERVICE_ADDR only).
    pub port: Option<u16>,
}

/// ipvsadm's `parse_service` for `-t/-u/--sctp-service/-r` values. `proto` is
/// the protocol known at this point (for service-name ports).
pub fn parse_service(
    text: &str,
    proto: Option<Protocol>,
    names: &dyn Resolver,
) -> Option<AddrPort> {
    // All digits (or nothing): not an address.
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut buf = text;
    let mut port_text: Option<&str> = None;
    if let Some(inner) = text.strip_prefix('[') {
        let close = inner.find(']')?;
        let after = inner.get(close + 1..)?;
        port_text = Some(after.strip_prefix(':')?);
        buf = inner.get(..close)?;
    }
    let addr = if let Some(a6) = inet_pton6(buf) {
        IpAddr::V6(a6)
    } else {
        // A bracketed IPv4 address loses its port here, as in 1.31 (the
        // port pointer is recomputed from the text inside the brackets).
        port_text = None;
        if let Some(colon) = buf.bytes().rposition(|b| b == b':') {
            port_text = buf.get(colon + 1..);
            buf = buf.get(..colon)?;
        }
        let v4 = inet_aton(buf).or_else(|| names.host_to_v4(buf))?;
        IpAddr::V4(v4)
    };
    let port = match port_text {
        None => None,
        Some(p) => Some(port(p, proto, names)?),
    };
    Some(AddrPort { addr, port })
}

/// A port: decimal 0..65535, else a service name for the protocol.
fn port(text: &str, proto: Option<Protocol>, names: &dyn Resolver) -> Option<u16> {
    if let Some(n) = string_to_number(text, 0, 65535) {
        return u16::try_from(n).ok();
    }
    let proto = proto?.service_proto()?;
    names.service_to_port(text, proto)
}

/// `-M` for an IPv4 service: inet_aton, else a host name. Host-order mask.
pub fn netmask_v4(text: &str, names: &dyn Resolver) -> Option<u32> {
    inet_aton(text)
        .or_else(|| names.host_to_v4(text))
        .map(u32::from)
}

/// `-M` for an IPv6 service: `atoi`, 1..=128.
pub fn netmask_v6(text: &str) -> Option<u32> {
    let n = atoi(text) as u32;
    (1..=128).contains(&n).then_some(n)
}

/// A `-b` flag list parsed against the scheduler name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchedFlagsError {
    Invalid(String),
    Incompatible(String),
}

/// `-b`: comma separated, empty items skipped (strtok). A list without any
/// item crashes 1.31; we report it as an invalid empty flag instead.
pub fn sched_flags(list: &str, sched: &str) -> Result<u32, SchedFlagsError> {
    use crate::model::svc_flags::{SCHED1, SCHED2, SCHED3};
    let mut flags = 0;
    let mut seen = false;
    for item in list.split(',').filter(|i| !i.is_empty()) {
        seen = true;
        flags |= match item {
            "flag-1" => SCHED1,
            "flag-2" => SCHED2,
            "flag-3" => SCHED3,
            _ if item.starts_with("sh-") || item.starts_with("mh-") => {
                let want = item.get(..2).unwrap_or_default();
                if sched != want {
                    return Err(SchedFlagsError::Incompatible(item.to_string()));
                }
                match item.get(3..).unwrap_or_default() {
                    "fallback" => SCHED1,
                    "port" => SCHED2,
                    _ => return Err(SchedFlagsError::Invalid(item.to_string())),
                }
            }
            _ => return Err(SchedFlagsError::Invalid(item.to_string())),
        };
    }
    if !seen {
        return Err(SchedFlagsError::Invalid(String::new()));
    }
    Ok(flags)
}

/// Truncate to at most `max` bytes (C's strncpy into a fixed buffer), never
/// splitting a character.
pub fn truncate(s: &str, max: usize) -> String {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default().to_string()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::names::NoNames;
    use std::net::Ipv4Addr;

    /// A tiny /etc/hosts + /etc/services for the parser's tests: hosts
    /// `web` and `mask` (a netmask by name); services `http` for TCP only,
    /// `domain` for UDP only, `dns-sctp` for SCTP only.
    pub(crate) struct Names;
    impl Resolver for Names {
        fn host_to_v4(&self, name: &str) -> Option<Ipv4Addr> {
            match name {
                "web" => Some(Ipv4Addr::new(10, 0, 0, 7)),
                "mask" => Some(Ipv4Addr::new(255, 255, 0, 0)),
                _ => None,
            }
        }
        fn addr_to_host(&self, _: &IpAddr) -> Option<&str> {
            None
        }
        fn service_to_port(&self, name: &str, proto: &str) -> Option<u16> {
            match (name, proto) {
                ("http", "tcp") => Some(80),
                ("domain", "udp") => Some(53),
                ("dns-sctp", "sctp") => Some(5353),
                _ => None,
            }
        }
        fn port_to_service(&self, _: u16, _: &str) -> Option<&str> {
            None
        }
    }

    #[test]
    fn strtol_value_range_and_rest() {
        let (max, min) = (i64::MAX, i64::MIN);
        for (s, value, erange, rest) in [
            ("0", 0, false, ""),
            ("00", 0, false, ""),
            ("007", 7, false, ""),
            ("65536", 65536, false, ""),
            ("999999999999999999", 999_999_999_999_999_999, false, ""),
            ("9223372036854775807", max, false, ""),
            ("9223372036854775808", max, true, ""),
            ("99999999999999999999999", max, true, ""),
            ("-9223372036854775808", min, false, ""),
            ("-9223372036854775809", min, true, ""),
            ("-99999999999999999999999", min, true, ""),
            (" \t\x0b5", 5, false, ""),
            ("+5", 5, false, ""),
            ("-5", -5, false, ""),
            ("-0", 0, false, ""),
            ("5 ", 5, false, " "),
            ("5x", 5, false, "x"),
            ("", 0, false, ""),
            ("x", 0, false, "x"),
            ("+", 0, false, "+"),
            (" -x", 0, false, " -x"),
            ("\u{663}", 0, false, "\u{663}"),
        ] {
            let r = strtol(s);
            assert_eq!((r.value, r.erange, r.rest), (value, erange, rest), "{s:?}");
        }
    }

    #[test]
    fn string_to_number_follows_strtol() {
        assert_eq!(string_to_number("5", 0, 10), Some(5));
        assert_eq!(string_to_number(" 5", 0, 10), Some(5));
        assert_eq!(string_to_number("+5", 0, 10), Some(5));
        assert_eq!(string_to_number("-0", 0, 10), Some(0));
        assert_eq!(string_to_number("-1", 0, 10), None);
        assert_eq!(string_to_number("5 ", 0, 10), None);
        assert_eq!(string_to_number("0x10", 0, 100), None);
        assert_eq!(string_to_number("", 0, 10), None);
        assert_eq!(string_to_number(" ", 0, 10), None);
        assert_eq!(string_to_number("11", 0, 10), None);
        assert_eq!(string_to_number("99999999999999999999", 0, i64::MAX), None);
        assert_eq!(
            string_to_number("2147483647", 0, 2147483647),
            Some(2147483647)
        );
    }

    #[test]
    fn fwmark_range_and_strtoul_negation() {
        assert_eq!(fwmark("1"), Some(1));
        assert_eq!(fwmark("4294967295"), Some(u32::MAX));
        assert_eq!(fwmark("4294967296"), None);
        assert_eq!(fwmark("0"), None);
        assert_eq!(fwmark("-1"), None);
        assert_eq!(fwmark("abc"), None);
        assert_eq!(fwmark("1x"), None);
        // strtoul wraps negatives: -(2^64-1) is 1.
        assert_eq!(fwmark("-18446744073709551615"), Some(1));
        assert_eq!(fwmark(" +7"), Some(7));
    }

    #[test]
    fn inet_pton4_is_strict() {
        assert_eq!(inet_pton4("224.0.0.81"), Some(Ipv4Addr::new(224, 0, 0, 81)));
        assert_eq!(inet_pton4("224.0.0"), None);
        assert_eq!(inet_pton4("224.0.0.081"), None);
        assert_eq!(inet_pton4("224.0.0.256"), None);
        assert_eq!(inet_pton4("224.0.0.1.2"), None);
        assert_eq!(inet_pton4("0xe0.0.0.1"), None);
    }

    #[test]
    fn parse_service_forms() {
        for (text, addr, port) in [
            ("10.0.0.1:80", "10.0.0.1", Some(80)),
            ("10.0.0.1", "10.0.0.1", None),
            ("web:http", "10.0.0.7", Some(80)),
            ("1:0", "0.0.0.1", Some(0)),
            ("10.1:8080", "10.0.0.1", Some(8080)),
            ("fd00::103:80", "fd00::103:80", None),
            ("[fd00::1]:443", "fd00::1", Some(443)),
            ("[::1.2.3.4]:443", "::1.2.3.4", Some(443)),
            // Bracketed IPv4: accepted, port dropped (1.31 quirk).
            ("[1.2.3.4]:80", "1.2.3.4", None),
        ] {
            let addr = addr.parse().unwrap();
            assert_eq!(
                parse_service(text, Some(Protocol::Tcp), &Names),
                Some(AddrPort { addr, port }),
                "{text}"
            );
        }
    }

    #[test]
    fn parse_service_rejects() {
        let tcp = Some(Protocol::Tcp);
        for bad in [
            "12345",
            "",
            "[fd00::1]",
            "[fd00::1",
            "[fd00::1]80",
            "[fd00::1]:",
            "1.2.3.4:",
            "1.2.3.4:65536",
            "1.2.3.4:-1",
            "nohost:80",
            "1.2.3.4:nosvc",
            "300.1.1.1:80",
        ] {
            assert_eq!(parse_service(bad, tcp, &Names), None, "{bad:?}");
        }
    }

    #[test]
    fn service_names_use_the_protocol_known_now() {
        assert_eq!(parse_service("1.2.3.4:http", None, &Names), None);
        assert_eq!(
            parse_service("1.2.3.4:http", Some(Protocol::Udp), &Names),
            None
        );
        assert_eq!(
            parse_service("1.2.3.4:domain", Some(Protocol::Udp), &Names).and_then(|a| a.port),
            Some(53)
        );
        assert_eq!(
            parse_service("1.2.3.4:http", Some(Protocol::Tcp), &NoNames),
            None
        );
    }

    #[test]
    fn netmasks() {
        assert_eq!(netmask_v4("255.255.255.0", &Names), Some(0xFFFF_FF00));
        assert_eq!(netmask_v4("24", &Names), Some(24));
        assert_eq!(netmask_v4("web", &Names), Some(0x0A00_0007));
        assert_eq!(netmask_v4("nope", &Names), None);
        assert_eq!(netmask_v6("64"), Some(64));
        assert_eq!(netmask_v6(" 64abc"), Some(64));
        assert_eq!(netmask_v6("0"), None);
        assert_eq!(netmask_v6("129"), None);
        assert_eq!(netmask_v6("abc"), None);
        assert_eq!(netmask_v6("-1"), None);
        // atoi truncates to int: 2^32 + 64 is 64.
        assert_eq!(netmask_v6("4294967360"), Some(64));
    }

    #[test]
    fn sched_flag_lists() {
        use crate::model::svc_flags::{SCHED1, SCHED2, SCHED3};
        use SchedFlagsError::{Incompatible, Invalid};
        for (list, sched, want) in [
            ("flag-1,flag-2,flag-3", "wlc", Ok(SCHED1 | SCHED2 | SCHED3)),
            ("flag-1,,flag-2", "wlc", Ok(SCHED1 | SCHED2)),
            ("sh-fallback,sh-port", "sh", Ok(SCHED1 | SCHED2)),
            ("mh-port", "mh", Ok(SCHED2)),
            ("sh-port", "wlc", Err(Incompatible("sh-port".into()))),
            ("mh-port", "sh", Err(Incompatible("mh-port".into()))),
            ("sh-x", "sh", Err(Invalid("sh-x".into()))),
            ("bogus", "sh", Err(Invalid("bogus".into()))),
            (",", "wlc", Err(Invalid(String::new()))),
        ] {
            assert_eq!(sched_flags(list, sched), want, "{list} {sched}");
        }
    }

    #[test]
    fn truncate_is_byte_based_and_safe() {
        assert_eq!(truncate("abcdefghijklmnopq", 15), "abcdefghijklmno");
        assert_eq!(truncate("rr", 15), "rr");
        assert_eq!(truncate("aé", 2), "a");
    }
}
