//! lvs-realserver's argument values: VIPs, interface names and labels,
//! checked before anything is planned.

use super::ops::Failure;
use std::net::IpAddr;

/// A VIP as typed: must be a unicast address a host can own.
pub fn parse_vip(s: &str) -> Result<IpAddr, Failure> {
    let ip: IpAddr = s.trim().parse().map_err(|_| Failure {
        msg: format!("invalid VIP '{s}': not an IPv4 or IPv6 address"),
        code: 2,
    })?;
    let why = match ip {
        IpAddr::V4(a) if a.is_unspecified() => Some("the unspecified address"),
        IpAddr::V4(a) if a.is_loopback() => Some("a loopback address"),
        IpAddr::V4(a) if a.is_multicast() => Some("a multicast address"),
        IpAddr::V4(a) if a.is_broadcast() => Some("the broadcast address"),
        IpAddr::V6(a) if a.is_unspecified() => Some("the unspecified address"),
        IpAddr::V6(a) if a.is_loopback() => Some("a loopback address"),
        IpAddr::V6(a) if a.is_multicast() => Some("a multicast address"),
        IpAddr::V6(a) if (a.segments()[0] & 0xffc0) == 0xfe80 => Some("a link-local address"),
        _ => None,
    };
    match why {
        Some(w) => Err(Failure {
            msg: format!("invalid VIP {ip}: {w} cannot be a virtual service address"),
            code: 2,
        }),
        None => Ok(ip),
    }
}

/// `--vip` values in order, each once.
pub fn parse_vips(list: &[String]) -> Result<Vec<IpAddr>, Failure> {
    let mut v: Vec<IpAddr> = Vec::new();
    for s in list {
        let ip = parse_vip(s)?;
        if !v.contains(&ip) {
            v.push(ip);
        }
    }
    Ok(v)
}

/// An interface name the kernel would accept (IFNAMSIZ, no '/', no space).
pub fn valid_ifname(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 15
        && name != "."
        && name != ".."
        && name
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'/' && b != b':')
}

/// A label `DEV:SUFFIX` for device `dev`.
pub fn check_label(label: &str, dev: &str) -> Result<(), Failure> {
    let usage = |why: &str| Failure {
        msg: format!("invalid label '{label}': {why}"),
        code: 2,
    };
    let (d, suffix) = label
        .split_once(':')
        .ok_or_else(|| usage(&format!("expected {dev}:N")))?;
    if !valid_ifname(d) {
        return Err(usage("not a valid interface name before ':'"));
    }
    if d != dev {
        return Err(usage(&format!(
            "the VIP goes on {dev}, so the label must start with '{dev}:'"
        )));
    }
    if suffix.is_empty()
        || !suffix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(usage(
            "the part after ':' must be letters, digits, '_' or '-'",
        ));
    }
    if label.len() > 15 {
        return Err(usage("longer than 15 characters (the kernel's limit)"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vips_are_validated() {
        assert!(parse_vip("10.10.10.213").is_ok());
        assert!(parse_vip("2001:db8::1").is_ok());
        for bad in [
            "",
            "10.10.10",
            "10.10.10.256",
            "0.0.0.0",
            "127.0.0.2",
            "224.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fe80::1",
            "ff02::1",
            "lo:0",
        ] {
            let e = parse_vip(bad).unwrap_err();
            assert_eq!(e.code, 2, "{bad}");
            assert!(e.msg.starts_with("invalid VIP"), "{}", e.msg);
        }
    }

    #[test]
    fn labels_are_validated() {
        assert!(check_label("lo:0", "lo").is_ok());
        assert!(check_label("lo:web1", "lo").is_ok());
        for bad in [
            "lo",
            "lo:",
            "eth0:0",
            "lo:a b",
            "lo:0:1",
            "lo:0123456789abc",
            "l/o:0",
        ] {
            assert!(check_label(bad, "lo").is_err(), "{bad}");
        }
        assert!(!valid_ifname("a234567890123456"));
        assert!(valid_ifname("tunl0"));
    }
}
