//! `check`: the real-server doctor. Looks only (never changes anything) and
//! says, for each classic mistake, what is wrong and how to fix it.

use super::host::{Addr, Host, Link};
use super::state::{dotted, Mode, State};
use std::fmt::Write as _;
use std::net::{IpAddr, SocketAddr};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Ok,
    Warn,
    Fail,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub level: Level,
    pub text: String,
}

fn ok(text: String) -> Finding {
    Finding {
        level: Level::Ok,
        text,
    }
}
fn warn(text: String) -> Finding {
    Finding {
        level: Level::Warn,
        text,
    }
}
fn bad(text: String) -> Finding {
    Finding {
        level: Level::Fail,
        text,
    }
}

fn sysctl_num(host: &mut dyn Host, key: &str) -> std::io::Result<Option<u32>> {
    Ok(host.sysctl(key)?.and_then(|v| v.trim().parse().ok()))
}

fn name_of(links: &[Link], index: u32) -> &str {
    links
        .iter()
        .find(|l| l.index == index)
        .map_or("?", |l| l.name.as_str())
}

/// One VIP's findings as `check` prints them; false if any failed.
pub fn print_findings(out: &mut dyn std::io::Write, vip: IpAddr, found: &[Finding]) -> bool {
    let _ = writeln!(out, "{vip}:");
    let mut healthy = true;
    for f in found {
        let tag = match f.level {
            Level::Ok => "ok  ",
            Level::Warn => "warn",
            Level::Fail => {
                healthy = false;
                "FAIL"
            }
        };
        let _ = writeln!(out, "  [{tag}] {}", f.text);
    }
    healthy
}

/// `check`'s last line.
pub fn print_verdict(out: &mut dyn std::io::Write, healthy: bool) {
    let verdict = if healthy { "healthy" } else { "problems found" };
    let _ = writeln!(out, "{verdict}");
}

/// Everything `check` finds for one VIP. Err: the host could not be read.
pub fn check_vip(
    host: &mut dyn Host,
    state: &State,
    vip: IpAddr,
    mode: Option<Mode>,
    ports: &[u16],
) -> std::io::Result<Vec<Finding>> {
    let links = host.links()?;
    let addrs = host.addrs()?;
    let mode = mode
        .or_else(|| state.find(&vip).map(|v| v.mode))
        .unwrap_or_else(|| {
            let on_tun = addrs
                .iter()
                .any(|a| a.addr == vip && name_of(&links, a.index) == Mode::Tun.device(&vip));
            if on_tun {
                Mode::Tun
            } else {
                Mode::Dr
            }
        });
    let dev = mode.device(&vip);
    let full = if vip.is_ipv6() { 128 } else { 32 };
    let mut f = Vec::new();

    // 1. The VIP: on the right device, with a host prefix, nowhere else.
    let mine: Vec<&Addr> = addrs.iter().filter(|a| a.addr == vip).collect();
    let link = links.iter().find(|l| l.name == dev);
    let on_dev = mine.iter().find(|a| Some(a.index) == link.map(|l| l.index));
    match (link, on_dev) {
        (None, _) => f.push(bad(format!(
            "interface {dev} does not exist{}",
            if mode == Mode::Tun {
                " (load the ipip module, ip6_tunnel for IPv6)"
            } else {
                ""
            }
        ))),
        (Some(_), None) => f.push(bad(format!(
            "VIP {vip} is not configured on {dev}: the director's packets for it will be dropped. \
             Fix: lvs-realserver setup --vip {vip}{}",
            if mode == Mode::Tun { " --mode tun" } else { "" }
        ))),
        (Some(_), Some(a)) if a.prefix != full => f.push(bad(format!(
            "VIP {vip} is on {dev} as /{}, not /{full}: the whole {vip}/{} subnet is then local to this \
             host, so it cannot reach other hosts in it (a classic result of `ifconfig lo:0 VIP` without \
             `netmask 255.255.255.255`). Fix: delete it and run lvs-realserver setup --vip {vip}",
            a.prefix, a.prefix
        ))),
        (Some(_), Some(a)) => {
            let label = if a.label.is_empty() || a.label == dev {
                String::new()
            } else {
                format!(" (label {})", a.label)
            };
            f.push(ok(format!("VIP {vip}/{full} is on {dev}{label}")));
        }
    }
    if let Some(l) = link {
        if !l.up {
            f.push(bad(format!("interface {dev} is down")));
        }
    }
    for a in mine
        .iter()
        .filter(|a| Some(a.index) != link.map(|l| l.index))
    {
        f.push(bad(format!(
            "VIP {vip} is also configured on {}: this host will answer ARP for the VIP and take the \
             director's traffic (or fight it). Fix: remove it from {}",
            name_of(&links, a.index),
            name_of(&links, a.index)
        )));
    }

    // 2. The host route (the classic `route add -host VIP dev lo:0`).
    if let Some(l) = link {
        let routes = host.routes(vip.is_ipv6())?;
        if routes
            .iter()
            .any(|r| r.dst == vip && r.dst_len == full && r.oif == Some(l.index))
        {
            f.push(ok(format!("host route {vip}/{full} dev {dev} is present")));
        } else {
            f.push(warn(format!(
                "no host route {vip}/{full} dev {dev} in the main table (the kernel's local route still \
                 delivers the VIP; lvs-realserver setup adds it as the classic recipe does)"
            )));
        }
    }

    // 3. ARP: the kernel uses max(all, interface) on the interface a request
    // arrives on, so every other IPv4 interface must ignore requests for the
    // VIP and never announce it.
    if vip.is_ipv4() {
        let all_i = sysctl_num(host, "net/ipv4/conf/all/arp_ignore")?.unwrap_or(0);
        let all_a = sysctl_num(host, "net/ipv4/conf/all/arp_announce")?.unwrap_or(0);
        let mut weak = Vec::new();
        let mut checked = Vec::new();
        for l in links.iter().filter(|l| l.name != "lo" && l.name != dev) {
            if !addrs.iter().any(|a| a.index == l.index && a.addr.is_ipv4()) {
                continue;
            }
            let key = |k: &str| format!("net/ipv4/conf/{}/{k}", l.name);
            let i = sysctl_num(host, &key("arp_ignore"))?
                .unwrap_or(0)
                .max(all_i);
            let a = sysctl_num(host, &key("arp_announce"))?
                .unwrap_or(0)
                .max(all_a);
            checked.push(format!("{} arp_ignore={i} arp_announce={a}", l.name));
            if i < 1 || a < 2 {
                weak.push(format!(
                    "{} (effective arp_ignore={i}, arp_announce={a})",
                    l.name
                ));
            }
        }
        if weak.is_empty() {
            f.push(ok(format!(
                "ARP for the VIP is suppressed (effective: {})",
                if checked.is_empty() {
                    format!("all arp_ignore={all_i} arp_announce={all_a}")
                } else {
                    checked.join(", ")
                }
            )));
        } else {
            f.push(bad(format!(
                "this host would answer ARP for {vip} on {}: it then competes with the director for the VIP. \
                 Fix: {} = 1 and {} = 2 (lvs-realserver setup does both)",
                weak.join(", "),
                dotted("net/ipv4/conf/all/arp_ignore"),
                dotted("net/ipv4/conf/all/arp_announce")
            )));
        }
    }

    // 4. Tunnelling: reverse-path filtering on the tunnel.
    if mode == Mode::Tun && vip.is_ipv4() {
        let all = sysctl_num(host, "net/ipv4/conf/all/rp_filter")?.unwrap_or(0);
        let tun = sysctl_num(host, &format!("net/ipv4/conf/{dev}/rp_filter"))?.unwrap_or(0);
        let eff = all.max(tun);
        if eff == 1 {
            f.push(bad(format!(
                "strict reverse-path filtering on {dev} (effective rp_filter=1, max of all={all} and {dev}={tun}) \
                 drops decapsulated packets. Fix: {dev}.rp_filter=0 and all.rp_filter 0 or 2"
            )));
        } else {
            f.push(ok(format!("rp_filter on {dev} is {eff} (not strict)")));
        }
    }

    // 5. Listeners: on the VIP or the wildcard, not only on another address.
    if !ports.is_empty() {
        let listeners = host.tcp_listeners()?;
        for &p in ports {
            f.push(port_finding(vip, p, &listeners));
        }
    }
    Ok(f)
}

/// Whether a listening address accepts connections to `vip`.
fn serves(l: &SocketAddr, vip: IpAddr) -> bool {
    let ip = l.ip();
    ip == vip
        || (ip.is_unspecified() && ip.is_ipv4() == vip.is_ipv4())
        // An IPv6 wildcard socket takes IPv4 too unless it is IPV6_V6ONLY.
        || (vip.is_ipv4() && ip.is_unspecified())
}

pub fn port_finding(vip: IpAddr, port: u16, listeners: &[SocketAddr]) -> Finding {
    let on_port: Vec<&SocketAddr> = listeners.iter().filter(|l| l.port() == port).collect();
    if let Some(l) = on_port.iter().find(|l| serves(l, vip)) {
        let how = if l.ip().is_unspecified() {
            "all addresses"
        } else {
            "the VIP"
        };
        return ok(format!("port {port}: a service listens on {how} ({l})"));
    }
    if on_port.is_empty() {
        return bad(format!(
            "port {port}: nothing listens on it. Start the service, listening on {} or on all addresses",
            SocketAddr::new(vip, port)
        ));
    }
    let mut s = String::new();
    let list: Vec<String> = on_port.iter().map(|l| l.to_string()).collect();
    let _ = write!(
        s,
        "port {port}: the service listens only on {}, not on the VIP {vip} or on all addresses. \
         The director forwards clients' packets unchanged, still addressed to {}, so no socket \
         here accepts them: those clients hang or are refused while the director's connection \
         table (ipvsadm -Lnc) fills with SYN_RECV entries, and balancing looks broken. \
         Fix: make the service listen on {} or on all addresses (e.g. 0.0.0.0:{port} or [::]:{port}) and restart it",
        list.join(", "),
        SocketAddr::new(vip, port),
        SocketAddr::new(vip, port),
    );
    bad(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sa(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    #[test]
    fn listener_on_the_real_ip_only_is_the_syn_recv_trap() {
        let vip: IpAddr = "10.10.10.213".parse().unwrap();
        let f = port_finding(vip, 80, &[sa("10.10.10.216:80"), sa("0.0.0.0:22")]);
        assert_eq!(f.level, Level::Fail);
        assert!(
            f.text.contains("listens only on 10.10.10.216:80"),
            "{}",
            f.text
        );
        assert!(f.text.contains("SYN_RECV"));
        assert!(f.text.contains("Fix:"));
    }

    #[test]
    fn vip_or_wildcard_listeners_are_fine() {
        let vip: IpAddr = "10.10.10.213".parse().unwrap();
        for l in ["10.10.10.213:80", "0.0.0.0:80", "[::]:80"] {
            assert_eq!(port_finding(vip, 80, &[sa(l)]).level, Level::Ok, "{l}");
        }
        let v6: IpAddr = "2001:db8::5".parse().unwrap();
        assert_eq!(port_finding(v6, 80, &[sa("0.0.0.0:80")]).level, Level::Fail);
        assert_eq!(port_finding(v6, 80, &[sa("[::]:80")]).level, Level::Ok);
        let none = port_finding(vip, 443, &[sa("0.0.0.0:80")]);
        assert!(none.text.contains("nothing listens"));
    }
}
