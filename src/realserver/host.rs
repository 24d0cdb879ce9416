//! The live system as lvs-realserver sees it: links, addresses, routes,
//! sysctls and TCP listeners, behind a trait.
//!
//! Design decisions: the trait speaks in plain values (no netlink types), so
//! the planning, check and status code is pure and runs against `FakeHost`
//! in tests; `system::SystemHost` is the only implementation that touches
//! rtnetlink and /proc. Files are not part of the trait: they live under a
//! root directory (`files::Root`), and tests use a temporary one, so the
//! real atomic-write code is what the tests exercise.

use nix::errno::Errno::{self, EADDRNOTAVAIL, EEXIST, EIO, ENODEV, ENOENT, ESRCH};
use std::collections::BTreeMap;
use std::io;
use std::net::{IpAddr, SocketAddr};

/// A network interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub index: u32,
    pub name: String,
    pub up: bool,
}

/// An interface address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addr {
    pub index: u32,
    pub addr: IpAddr,
    pub prefix: u8,
    /// IPv4 only (IFA_LABEL); empty for IPv6.
    pub label: String,
    /// IFA_F_* flags (IFA_F_NODAD for our IPv6 VIPs).
    pub flags: u32,
}

/// IFA_F_NODAD: a VIP shared with the director must not fail duplicate
/// address detection, and must be usable at once.
pub const IFA_F_NODAD: u32 = 0x02;

/// A route in the main table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub dst: IpAddr,
    pub dst_len: u8,
    pub oif: Option<u32>,
    /// RT_SCOPE_*: 253 link, 254 host, 0 universe.
    pub scope: u8,
}

pub const RT_SCOPE_LINK: u8 = 253;

/// The operations lvs-realserver needs from the system.
pub trait Host {
    /// Effective uid 0 (live changes need it).
    fn is_root(&self) -> bool;
    fn links(&mut self) -> io::Result<Vec<Link>>;
    fn addrs(&mut self) -> io::Result<Vec<Addr>>;
    fn add_addr(&mut self, a: &Addr) -> io::Result<()>;
    fn del_addr(&mut self, a: &Addr) -> io::Result<()>;
    /// Routes of the main table for one address family.
    fn routes(&mut self, v6: bool) -> io::Result<Vec<Route>>;
    fn add_route(&mut self, r: &Route) -> io::Result<()>;
    fn del_route(&mut self, r: &Route) -> io::Result<()>;
    fn set_link_up(&mut self, index: u32, up: bool) -> io::Result<()>;
    /// A sysctl by its /proc/sys path ("net/ipv4/conf/all/arp_ignore");
    /// None if it does not exist (e.g. the interface is missing).
    fn sysctl(&mut self, key: &str) -> io::Result<Option<String>>;
    fn set_sysctl(&mut self, key: &str, value: &str) -> io::Result<()>;
    /// Local addresses of listening TCP sockets (IPv4 and IPv6).
    fn tcp_listeners(&mut self) -> io::Result<Vec<SocketAddr>>;
}

/// An in-memory host with the kernel's answers for the cases we hit
/// (EEXIST for a duplicate address or route, EADDRNOTAVAIL / ESRCH when
/// deleting something absent). Used by the unit tests.
#[derive(Debug, Clone, Default)]
pub struct FakeHost {
    pub root: bool,
    pub links: Vec<Link>,
    pub addrs: Vec<Addr>,
    pub routes: Vec<Route>,
    pub sysctls: BTreeMap<String, String>,
    pub listeners: Vec<SocketAddr>,
    /// Number of modifying calls, to prove that nothing was changed.
    pub changes: usize,
    /// Fail (EIO) the modifying call that comes after this many successful
    /// ones, once: a step failing midway, while the undo still works.
    pub fail_after: Option<usize>,
}

fn errno(e: Errno) -> io::Error {
    io::Error::from(e)
}

impl FakeHost {
    /// A typical real server: lo and eth0 (with `rip`/24), default sysctls.
    pub fn real_server(rip: &str) -> FakeHost {
        let mut h = FakeHost {
            root: true,
            links: vec![
                Link {
                    index: 1,
                    name: "lo".into(),
                    up: true,
                },
                Link {
                    index: 2,
                    name: "eth0".into(),
                    up: true,
                },
            ],
            ..FakeHost::default()
        };
        h.addrs.push(Addr {
            index: 1,
            addr: IpAddr::from([127, 0, 0, 1]),
            prefix: 8,
            label: "lo".into(),
            flags: 0,
        });
        if let Ok(ip) = rip.parse() {
            h.addrs.push(Addr {
                index: 2,
                addr: ip,
                prefix: 24,
                label: "eth0".into(),
                flags: 0,
            });
        }
        for dev in ["all", "default", "lo", "eth0"] {
            for (k, v) in [
                ("arp_ignore", "0"),
                ("arp_announce", "0"),
                ("rp_filter", "0"),
            ] {
                h.sysctls
                    .insert(format!("net/ipv4/conf/{dev}/{k}"), v.to_string());
            }
        }
        h
    }

    /// Add a link with its per-interface sysctls.
    pub fn add_link(&mut self, name: &str, up: bool) {
        let index = self.links.iter().map(|l| l.index).max().unwrap_or(0) + 1;
        self.links.push(Link {
            index,
            name: name.to_string(),
            up,
        });
        for (k, v) in [
            ("arp_ignore", "0"),
            ("arp_announce", "0"),
            ("rp_filter", "1"),
        ] {
            self.sysctls
                .insert(format!("net/ipv4/conf/{name}/{k}"), v.to_string());
        }
    }

    fn modify(&mut self) -> io::Result<()> {
        if self.fail_after == Some(self.changes) {
            self.fail_after = None;
            return Err(errno(EIO));
        }
        self.changes += 1;
        Ok(())
    }
}

impl Host for FakeHost {
    fn is_root(&self) -> bool {
        self.root
    }

    fn links(&mut self) -> io::Result<Vec<Link>> {
        Ok(self.links.clone())
    }

    fn addrs(&mut self) -> io::Result<Vec<Addr>> {
        Ok(self.addrs.clone())
    }

    fn add_addr(&mut self, a: &Addr) -> io::Result<()> {
        if !self.links.iter().any(|l| l.index == a.index) {
            return Err(errno(ENODEV));
        }
        if self
            .addrs
            .iter()
            .any(|x| x.index == a.index && x.addr == a.addr)
        {
            return Err(errno(EEXIST));
        }
        self.modify()?;
        self.addrs.push(a.clone());
        Ok(())
    }

    fn del_addr(&mut self, a: &Addr) -> io::Result<()> {
        let pos = self
            .addrs
            .iter()
            .position(|x| x.index == a.index && x.addr == a.addr && x.prefix == a.prefix)
            .ok_or_else(|| errno(EADDRNOTAVAIL))?;
        self.modify()?;
        self.addrs.remove(pos);
        // The kernel drops routes through an address's device with it only
        // for connected routes; host routes via lo stay, as here.
        Ok(())
    }

    fn routes(&mut self, v6: bool) -> io::Result<Vec<Route>> {
        Ok(self
            .routes
            .iter()
            .filter(|r| r.dst.is_ipv6() == v6)
            .cloned()
            .collect())
    }

    fn add_route(&mut self, r: &Route) -> io::Result<()> {
        if self
            .routes
            .iter()
            .any(|x| x.dst == r.dst && x.dst_len == r.dst_len)
        {
            return Err(errno(EEXIST));
        }
        self.modify()?;
        self.routes.push(r.clone());
        Ok(())
    }

    fn del_route(&mut self, r: &Route) -> io::Result<()> {
        let pos = self
            .routes
            .iter()
            .position(|x| x.dst == r.dst && x.dst_len == r.dst_len && x.oif == r.oif)
            .ok_or_else(|| errno(ESRCH))?;
        self.modify()?;
        self.routes.remove(pos);
        Ok(())
    }

    fn set_link_up(&mut self, index: u32, up: bool) -> io::Result<()> {
        if !self.links.iter().any(|l| l.index == index) {
            return Err(errno(ENODEV));
        }
        self.modify()?;
        for l in self.links.iter_mut().filter(|l| l.index == index) {
            l.up = up;
        }
        Ok(())
    }

    fn sysctl(&mut self, key: &str) -> io::Result<Option<String>> {
        Ok(self.sysctls.get(key).cloned())
    }

    fn set_sysctl(&mut self, key: &str, value: &str) -> io::Result<()> {
        if !self.sysctls.contains_key(key) {
            return Err(errno(ENOENT));
        }
        self.modify()?;
        self.sysctls.insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn tcp_listeners(&mut self) -> io::Result<Vec<SocketAddr>> {
        Ok(self.listeners.clone())
    }
}
