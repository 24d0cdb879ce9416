//! Persistence: which files make the configuration survive a reboot, and
//! their exact contents. Pure: the same VIP set always gives the same files.
//!
//! Files shared by several VIPs (the sysctl drop-in, the NetworkManager
//! profile, the systemd template unit) are rendered from the whole VIP set,
//! so adding or removing one VIP rewrites them consistently.

use super::files::{Entry, Root};
use super::state::{dotted, sysctl_wants, Mode, Persist, Vip};
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub const SYSCTL_DROPIN: &str = "etc/sysctl.d/90-lvs-realserver.conf";
pub const NETWORK_SCRIPTS: &str = "etc/sysconfig/network-scripts";
pub const NM_PROFILE: &str = "etc/NetworkManager/system-connections/lvs-realserver-lo.nmconnection";
pub const UNIT: &str = "etc/systemd/system/lvs-realserver@.service";
pub const UNIT_CONF_DIR: &str = "etc/lvs-realserver";
const WANTS_DIR: &str = "etc/systemd/system/multi-user.target.wants";
/// A fixed id, so rewriting the profile keeps it the same connection.
const NM_UUID: &str = "4f0c5a8e-2d6b-4c1e-9b7a-6a3e8d2f1c05";

const HEADER: &str =
    "# Written by lvs-realserver (see lvs-realserver(8)); `lvs-realserver remove` undoes it.\n";

/// The persistence style `auto` picks on this root.
///
/// network-scripts present (CentOS/RHEL 7/8 style, read by initscripts or
/// NetworkManager's ifcfg-rh plugin) -> ifcfg; NetworkManager keeping a
/// keyfile profile for lo (NetworkManager 1.42+ manages lo) -> keyfile;
/// anything else -> a systemd unit.
pub fn detect(root: &Root) -> Persist {
    if root.list(NETWORK_SCRIPTS).iter().any(|n| n == "ifcfg-lo") {
        return Persist::Ifcfg;
    }
    for dir in [
        "etc/NetworkManager/system-connections",
        "run/NetworkManager/system-connections",
    ] {
        for name in root.list(dir) {
            if let Ok(Entry::File { content, .. }) = root.read(&format!("{dir}/{name}")) {
                let text = String::from_utf8_lossy(&content);
                if text
                    .lines()
                    .any(|l| l.trim() == "interface-name=lo" || l.trim() == "type=loopback")
                {
                    return Persist::Keyfile;
                }
            }
        }
    }
    Persist::Systemd
}

/// Whether a style can express this VIP; `auto` falls back to systemd when not.
pub fn supports(style: Persist, vip: &Vip) -> Result<(), String> {
    match style {
        Persist::Ifcfg if vip.vip.is_ipv6() || vip.mode != Mode::Dr => Err(format!(
            "--persist ifcfg writes ifcfg-lo:N aliases, which carry IPv4 DR VIPs only ({} is {} {})",
            vip.vip,
            if vip.vip.is_ipv6() { "IPv6" } else { "IPv4" },
            vip.mode.name()
        )),
        Persist::Keyfile if vip.mode != Mode::Dr => Err(format!(
            "--persist keyfile configures the lo profile, which carries DR VIPs only ({} is tun)",
            vip.vip
        )),
        _ => Ok(()),
    }
}

fn file(mode: u32, text: String) -> Entry {
    Entry::File {
        mode,
        content: text.into_bytes(),
    }
}

/// The command line the boot unit runs: the binary we are, and, when that
/// binary is not called lvs-realserver, the subcommand word.
fn boot_command(exe: &str) -> String {
    if exe.rsplit('/').next() == Some("lvs-realserver") {
        exe.to_string()
    } else {
        format!("{exe} lvs-realserver")
    }
}

/// Every file the VIP set needs, by path relative to the root.
pub fn desired(vips: &[Vip], exe: &str) -> BTreeMap<String, Entry> {
    let mut out = BTreeMap::new();
    let persisted: Vec<&Vip> = vips.iter().filter(|v| v.persist != Persist::None).collect();

    let persisted_owned: Vec<Vip> = persisted.iter().map(|v| (*v).clone()).collect();
    let wants = sysctl_wants(&persisted_owned);
    if !wants.is_empty() {
        let mut s = String::from(HEADER);
        let list: Vec<String> = persisted_owned
            .iter()
            .filter(|v| v.vip.is_ipv4())
            .map(|v| format!("{} ({})", v.vip, v.mode.name()))
            .collect();
        let _ = writeln!(s, "# LVS real server VIPs: {}", list.join(", "));
        s.push_str(
            "# arp_ignore=1: answer ARP only for addresses of the receiving interface, never for a VIP on lo.\n\
             # arp_announce=2: never use a VIP as the source address of our own ARP requests.\n\
             # The kernel applies the larger of `all` and the interface's value.\n",
        );
        for (key, want) in &wants {
            let _ = writeln!(s, "{} = {}", dotted(key), want.value());
        }
        out.insert(SYSCTL_DROPIN.to_string(), file(0o644, s));
    }

    for v in persisted.iter().filter(|v| v.persist == Persist::Ifcfg) {
        let mut s = String::from(HEADER);
        let _ = write!(
            s,
            "DEVICE={}\nIPADDR={}\nNETMASK=255.255.255.255\nONBOOT=yes\nNAME=lvs-vip-{}\n",
            v.label, v.vip, v.label
        );
        out.insert(
            format!("{NETWORK_SCRIPTS}/ifcfg-{}", v.label),
            file(0o644, s),
        );
    }

    let nm: Vec<&&Vip> = persisted
        .iter()
        .filter(|v| v.persist == Persist::Keyfile)
        .collect();
    if !nm.is_empty() {
        let mut s = String::from(HEADER);
        let _ = write!(
            s,
            "[connection]\nid=lvs-realserver-lo\nuuid={NM_UUID}\ntype=loopback\ninterface-name=lo\n\
             # Preferred over NetworkManager's own lo profile.\nautoconnect-priority=100\n"
        );
        for (family, lo) in [(false, "127.0.0.1/8"), (true, "::1/128")] {
            let mine: Vec<&&&Vip> = nm.iter().filter(|v| v.vip.is_ipv6() == family).collect();
            let _ = write!(
                s,
                "\n[{}]\nmethod=manual\naddress1={lo}\n",
                if family { "ipv6" } else { "ipv4" }
            );
            for (i, v) in mine.iter().enumerate() {
                let _ = writeln!(s, "address{}={}/{}", i + 2, v.vip, v.prefix());
            }
            for (i, v) in mine.iter().enumerate() {
                let _ = writeln!(s, "route{}={}/{}", i + 1, v.vip, v.prefix());
            }
        }
        // NetworkManager ignores profiles readable by others.
        out.insert(NM_PROFILE.to_string(), file(0o600, s));
    }

    let units: Vec<&&Vip> = persisted
        .iter()
        .filter(|v| v.persist == Persist::Systemd)
        .collect();
    if !units.is_empty() {
        let s = format!(
            "{HEADER}[Unit]\n\
             Description=LVS real server VIP %I\n\
             Documentation=man:lvs-realserver(8)\n\
             # Early, before any interface comes up: the ARP settings (systemd-sysctl)\n\
             # and the VIP must be in place before the host can answer for it.\n\
             DefaultDependencies=no\n\
             After=local-fs.target systemd-sysctl.service\n\
             Before=network-pre.target shutdown.target\n\
             Wants=network-pre.target\n\
             Conflicts=shutdown.target\n\
             \n\
             [Service]\n\
             Type=oneshot\n\
             RemainAfterExit=yes\n\
             EnvironmentFile=/{UNIT_CONF_DIR}/%i.conf\n\
             ExecStart={} setup --persist none $LVS_REALSERVER_ARGS\n\
             \n\
             [Install]\n\
             WantedBy=multi-user.target\n",
            boot_command(exe)
        );
        out.insert(UNIT.to_string(), file(0o644, s));
        for v in units {
            let mut args = format!("--vip {} --mode {}", v.vip, v.mode.name());
            if !v.label.is_empty() {
                let _ = write!(args, " --label {}", v.label);
            }
            out.insert(
                format!("{UNIT_CONF_DIR}/{}.conf", v.vip),
                file(0o644, format!("{HEADER}LVS_REALSERVER_ARGS={args}\n")),
            );
            out.insert(
                format!("{WANTS_DIR}/lvs-realserver@{}.service", v.vip),
                Entry::Symlink {
                    target: format!("/{UNIT}"),
                },
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::realserver::files::tests::TempDir;

    fn vip(a: &str, label: &str, persist: Persist) -> Vip {
        Vip {
            vip: a.parse().unwrap(),
            mode: Mode::Dr,
            label: label.into(),
            persist,
            addr_added: true,
            route_added: true,
            link_raised: false,
        }
    }

    fn text(e: Option<&Entry>) -> String {
        match e {
            Some(Entry::File { content, .. }) => String::from_utf8(content.clone()).unwrap(),
            other => panic!("not a file: {other:?}"),
        }
    }

    #[test]
    fn detection_prefers_network_scripts_then_nm_lo_then_systemd() {
        let t = TempDir::new();
        let r = Root::new(&t.0);
        assert_eq!(detect(&r), Persist::Systemd);
        std::fs::create_dir_all(t.0.join("etc/NetworkManager/system-connections")).unwrap();
        assert_eq!(detect(&r), Persist::Systemd, "NM without a lo profile");
        std::fs::write(
            t.0.join("etc/NetworkManager/system-connections/lo.nmconnection"),
            "[connection]\nid=lo\ntype=loopback\n",
        )
        .unwrap();
        assert_eq!(detect(&r), Persist::Keyfile);
        std::fs::create_dir_all(t.0.join(NETWORK_SCRIPTS)).unwrap();
        std::fs::write(t.0.join(NETWORK_SCRIPTS).join("ifcfg-lo"), "DEVICE=lo\n").unwrap();
        assert_eq!(detect(&r), Persist::Ifcfg);
    }

    #[test]
    fn ifcfg_alias_has_the_classic_keys() {
        let d = desired(
            &[vip("10.10.10.213", "lo:0", Persist::Ifcfg)],
            "/usr/sbin/lvs-realserver",
        );
        let s = text(d.get("etc/sysconfig/network-scripts/ifcfg-lo:0"));
        for line in [
            "DEVICE=lo:0",
            "IPADDR=10.10.10.213",
            "NETMASK=255.255.255.255",
            "ONBOOT=yes",
        ] {
            assert!(s.lines().any(|l| l == line), "{line} missing in\n{s}");
        }
        let sc = text(d.get(SYSCTL_DROPIN));
        assert!(sc.contains("\nnet.ipv4.conf.all.arp_ignore = 1\n"));
        assert!(sc.contains("\nnet.ipv4.conf.lo.arp_announce = 2\n"));
        assert!(!d.contains_key(UNIT));
    }

    #[test]
    fn keyfile_lists_every_vip_with_mode_0600() {
        let d = desired(
            &[
                vip("10.10.10.213", "lo:0", Persist::Keyfile),
                vip("2001:db8::5", "", Persist::Keyfile),
            ],
            "/x",
        );
        let Some(Entry::File { mode, .. }) = d.get(NM_PROFILE) else {
            panic!("no profile")
        };
        assert_eq!(*mode, 0o600);
        let s = text(d.get(NM_PROFILE));
        assert!(s.contains("[ipv4]\nmethod=manual\naddress1=127.0.0.1/8\naddress2=10.10.10.213/32\nroute1=10.10.10.213/32\n"), "{s}");
        assert!(s.contains("address2=2001:db8::5/128\n"), "{s}");
    }

    #[test]
    fn systemd_template_config_and_enable_link() {
        let d = desired(
            &[vip("10.10.10.213", "lo:0", Persist::Systemd)],
            "/sbin/ipvsadm",
        );
        let unit = text(d.get(UNIT));
        assert!(unit.contains(
            "ExecStart=/sbin/ipvsadm lvs-realserver setup --persist none $LVS_REALSERVER_ARGS\n"
        ));
        assert!(unit.contains("EnvironmentFile=/etc/lvs-realserver/%i.conf\n"));
        let conf = text(d.get("etc/lvs-realserver/10.10.10.213.conf"));
        assert!(conf.ends_with("LVS_REALSERVER_ARGS=--vip 10.10.10.213 --mode dr --label lo:0\n"));
        assert_eq!(
            d.get("etc/systemd/system/multi-user.target.wants/lvs-realserver@10.10.10.213.service"),
            Some(&Entry::Symlink {
                target: "/etc/systemd/system/lvs-realserver@.service".into()
            })
        );
        let d2 = desired(
            &[vip("10.10.10.213", "lo:0", Persist::Systemd)],
            "/usr/sbin/lvs-realserver",
        );
        assert!(text(d2.get(UNIT)).contains("ExecStart=/usr/sbin/lvs-realserver setup"));
    }

    #[test]
    fn persist_none_writes_nothing_and_styles_check_the_vip() {
        assert!(desired(&[vip("10.0.0.1", "lo:0", Persist::None)], "/x").is_empty());
        assert!(supports(Persist::Ifcfg, &vip("2001:db8::1", "", Persist::Ifcfg)).is_err());
        let mut t = vip("10.0.0.1", "tunl0", Persist::Keyfile);
        t.mode = Mode::Tun;
        assert!(supports(Persist::Keyfile, &t).is_err());
        assert!(supports(Persist::Systemd, &t).is_ok());
    }
}
