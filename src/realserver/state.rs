//! The configuration model and the state record that makes `remove` exact.
//!
//! The record (`/var/lib/lvs-realserver/state` under the root) holds every
//! VIP set up, whether the address, route and link state were changed by us
//! (as opposed to found so), the value each sysctl had before we first
//! changed it, and what each file we wrote held before. Sysctls and some
//! files are shared between VIPs (all DR VIPs need the same ARP settings),
//! so they are recorded once for the whole host and given back only when
//! the last VIP needing them goes. The format is line-based text, so an
//! operator can read it.

use super::files::Entry;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::IpAddr;

pub const STATE_DIR: &str = "var/lib/lvs-realserver";
pub const STATE_FILE: &str = "var/lib/lvs-realserver/state";
const MAGIC: &str = "lvs-realserver-state 1";

/// Forwarding method the real server is prepared for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// Direct routing: VIP on lo, ARP suppressed.
    Dr,
    /// IP-in-IP tunnelling: VIP on tunl0 (ip6tnl0 for IPv6).
    Tun,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Dr => "dr",
            Mode::Tun => "tun",
        }
    }
    fn parse(s: &str) -> Option<Mode> {
        match s {
            "dr" => Some(Mode::Dr),
            "tun" => Some(Mode::Tun),
            _ => None,
        }
    }
    /// The interface the VIP lives on.
    pub fn device(self, vip: &IpAddr) -> &'static str {
        match (self, vip.is_ipv6()) {
            (Mode::Dr, _) => "lo",
            (Mode::Tun, false) => "tunl0",
            (Mode::Tun, true) => "ip6tnl0",
        }
    }
}

/// How the configuration survives a reboot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Persist {
    /// Pick the host's mechanism (see the man page).
    Auto,
    /// /etc/sysconfig/network-scripts/ifcfg-lo:N (network-scripts).
    Ifcfg,
    /// A NetworkManager keyfile profile for lo.
    Keyfile,
    /// A systemd unit that re-applies the setup at boot.
    Systemd,
    /// Live only; nothing written.
    None,
}

impl Persist {
    pub fn name(self) -> &'static str {
        match self {
            Persist::Auto => "auto",
            Persist::Ifcfg => "ifcfg",
            Persist::Keyfile => "keyfile",
            Persist::Systemd => "systemd",
            Persist::None => "none",
        }
    }
    fn parse(s: &str) -> Option<Persist> {
        [
            Persist::Ifcfg,
            Persist::Keyfile,
            Persist::Systemd,
            Persist::None,
        ]
        .into_iter()
        .find(|p| p.name() == s)
    }
}

/// One configured VIP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vip {
    pub vip: IpAddr,
    pub mode: Mode,
    /// IPv4 label (lo:0); empty for IPv6.
    pub label: String,
    /// Never Auto here: resolved at setup.
    pub persist: Persist,
    /// We added the address (it was not there before).
    pub addr_added: bool,
    /// We added the host route.
    pub route_added: bool,
    /// We brought the device up (tunl0 starts down).
    pub link_raised: bool,
}

impl Vip {
    pub fn device(&self) -> &'static str {
        self.mode.device(&self.vip)
    }
    pub fn prefix(&self) -> u8 {
        if self.vip.is_ipv6() {
            128
        } else {
            32
        }
    }
}

/// What a sysctl must be for the configuration to work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// At least this value: the kernel uses the larger of `all` and the
    /// interface's value, so a stricter setting is left alone.
    AtLeast(u32),
    /// Anything but strict reverse-path filtering (1); if strict, this.
    NotStrict(u32),
}

impl Want {
    pub fn satisfied(self, current: &str) -> bool {
        let v: Option<u32> = current.trim().parse().ok();
        match (self, v) {
            (Want::AtLeast(n), Some(v)) => v >= n,
            (Want::NotStrict(_), Some(v)) => v != 1,
            _ => false,
        }
    }
    /// The value written at boot and when the live value is not satisfied.
    pub fn value(self) -> u32 {
        match self {
            Want::AtLeast(n) | Want::NotStrict(n) => n,
        }
    }
}

/// The sysctls the VIPs need, by /proc/sys path.
pub fn sysctl_wants(vips: &[Vip]) -> BTreeMap<String, Want> {
    let mut w = BTreeMap::new();
    for v in vips.iter().filter(|v| v.vip.is_ipv4()) {
        // arp_ignore=1: answer ARP only for addresses of the receiving
        // interface (never for the VIP on lo); arp_announce=2: never use the
        // VIP as the source of our own ARP requests.
        for dev in ["all", v.device()] {
            w.insert(format!("net/ipv4/conf/{dev}/arp_ignore"), Want::AtLeast(1));
            w.insert(
                format!("net/ipv4/conf/{dev}/arp_announce"),
                Want::AtLeast(2),
            );
        }
        if v.mode == Mode::Tun {
            // Decapsulated packets arrive on tunl0 from a client the routing
            // table reaches through another interface: strict rp_filter
            // (effective value max(all, tunl0)) drops them.
            w.insert(
                format!("net/ipv4/conf/{}/rp_filter", v.device()),
                Want::NotStrict(0),
            );
            w.insert("net/ipv4/conf/all/rp_filter".into(), Want::NotStrict(2));
        }
    }
    w
}

/// sysctl(8) spelling of a /proc/sys path.
pub fn dotted(key: &str) -> String {
    key.split('/')
        .map(|c| c.replace('.', "/"))
        .collect::<Vec<_>>()
        .join(".")
}

/// The whole record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    pub vips: Vec<Vip>,
    /// Value before our first change, by /proc/sys path.
    pub sysctls: BTreeMap<String, String>,
    /// Content before our first write, by path relative to the root.
    pub files: BTreeMap<String, Entry>,
    /// Directories we created (relative), removed when empty at the end.
    pub dirs: Vec<String>,
}

fn hex(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    s
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

impl State {
    pub fn is_empty(&self) -> bool {
        self.vips.is_empty() && self.sysctls.is_empty() && self.files.is_empty()
    }

    pub fn find(&self, vip: &IpAddr) -> Option<&Vip> {
        self.vips.iter().find(|v| &v.vip == vip)
    }

    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{MAGIC}");
        let _ = writeln!(
            s,
            "# Written by lvs-realserver: what `setup` changed, so that `remove` can undo exactly that. Do not edit."
        );
        for v in &self.vips {
            let _ = writeln!(
                s,
                "vip {} mode={} label={} persist={} addr-added={} route-added={} link-raised={}",
                v.vip,
                v.mode.name(),
                v.label,
                v.persist.name(),
                yes(v.addr_added),
                yes(v.route_added),
                yes(v.link_raised)
            );
        }
        for (k, val) in &self.sysctls {
            let _ = writeln!(s, "sysctl {k} {}", hex(val.as_bytes()));
        }
        for (path, prior) in &self.files {
            let _ = match prior {
                Entry::Absent | Entry::Other => writeln!(s, "file {path} absent"),
                Entry::File { mode, content } => {
                    writeln!(s, "file {path} file {mode:04o} {}", hex(content))
                }
                Entry::Symlink { target } => {
                    writeln!(s, "file {path} symlink {}", hex(target.as_bytes()))
                }
            };
        }
        for d in &self.dirs {
            let _ = writeln!(s, "dir {d}");
        }
        s
    }

    /// Parse a record; the error names the first bad line.
    pub fn parse(text: &str) -> Result<State, String> {
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, l)) if l == MAGIC => {}
            _ => return Err("line 1: not an lvs-realserver state record".into()),
        }
        let mut st = State::default();
        for (n, line) in lines {
            let bad = || format!("line {}: cannot parse {line:?}", n + 1);
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let words: Vec<&str> = line.split(' ').collect();
            match words.as_slice() {
                ["vip", addr, rest @ ..] => {
                    let mut kv = BTreeMap::new();
                    for w in rest {
                        let (k, v) = w.split_once('=').ok_or_else(bad)?;
                        kv.insert(k, v);
                    }
                    let get = |k: &str| kv.get(k).copied().ok_or_else(bad);
                    let flag = |k: &str| get(k).map(|v| v == "yes");
                    st.vips.push(Vip {
                        vip: addr.parse().map_err(|_| bad())?,
                        mode: Mode::parse(get("mode")?).ok_or_else(bad)?,
                        label: get("label")?.to_string(),
                        persist: Persist::parse(get("persist")?).ok_or_else(bad)?,
                        addr_added: flag("addr-added")?,
                        route_added: flag("route-added")?,
                        link_raised: flag("link-raised")?,
                    });
                }
                ["sysctl", key, val] => {
                    let v = unhex(val).and_then(|b| String::from_utf8(b).ok());
                    st.sysctls.insert(key.to_string(), v.ok_or_else(bad)?);
                }
                ["file", path, "absent"] => {
                    st.files.insert(path.to_string(), Entry::Absent);
                }
                ["file", path, "file", mode, content] => {
                    let mode = u32::from_str_radix(mode, 8).map_err(|_| bad())?;
                    let content = unhex(content).ok_or_else(bad)?;
                    st.files
                        .insert(path.to_string(), Entry::File { mode, content });
                }
                ["file", path, "symlink", target] => {
                    let t = unhex(target).and_then(|b| String::from_utf8(b).ok());
                    st.files.insert(
                        path.to_string(),
                        Entry::Symlink {
                            target: t.ok_or_else(bad)?,
                        },
                    );
                }
                ["dir", d] => st.dirs.push(d.to_string()),
                _ => return Err(bad()),
            }
        }
        Ok(st)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vip(a: &str, mode: Mode) -> Vip {
        Vip {
            vip: a.parse().unwrap(),
            mode,
            label: "lo:0".into(),
            persist: Persist::Systemd,
            addr_added: true,
            route_added: false,
            link_raised: false,
        }
    }

    #[test]
    fn record_round_trips() {
        let mut st = State::default();
        st.vips.push(vip("10.10.10.213", Mode::Dr));
        st.vips.push(Vip {
            label: String::new(),
            ..vip("2001:db8::1", Mode::Tun)
        });
        st.sysctls
            .insert("net/ipv4/conf/all/arp_ignore".into(), "0".into());
        st.files.insert("etc/a".into(), Entry::Absent);
        st.files.insert(
            "etc/b".into(),
            Entry::File {
                mode: 0o640,
                content: b"x y\nz".to_vec(),
            },
        );
        st.files.insert(
            "etc/c".into(),
            Entry::Symlink {
                target: "/etc/x y".into(),
            },
        );
        st.dirs.push("etc/lvs-realserver".into());
        assert_eq!(State::parse(&st.render()).unwrap(), st);
    }

    #[test]
    fn corrupt_record_names_the_line() {
        let e = State::parse("lvs-realserver-state 1\nvip 1.2.3.4 mode=xx\n").unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
        assert!(State::parse("garbage").is_err());
        assert!(State::parse("lvs-realserver-state 1\nsysctl k zz\n").is_err());
    }

    #[test]
    fn wants_follow_the_kernel_max_rule() {
        assert!(Want::AtLeast(1).satisfied("2"));
        assert!(!Want::AtLeast(2).satisfied("1"));
        assert!(!Want::AtLeast(1).satisfied("junk"));
        assert!(Want::NotStrict(2).satisfied("2"));
        assert!(!Want::NotStrict(2).satisfied("1"));
        let w = sysctl_wants(&[vip("10.0.0.1", Mode::Tun)]);
        assert_eq!(
            w.get("net/ipv4/conf/tunl0/rp_filter"),
            Some(&Want::NotStrict(0))
        );
        assert_eq!(
            w.get("net/ipv4/conf/all/arp_ignore"),
            Some(&Want::AtLeast(1))
        );
        // IPv6 has no ARP.
        assert!(sysctl_wants(&[vip("2001:db8::1", Mode::Dr)]).is_empty());
        assert_eq!(
            dotted("net/ipv4/conf/eth0.100/arp_ignore"),
            "net.ipv4.conf.eth0/100.arp_ignore"
        );
    }
}
