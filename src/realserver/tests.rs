//! Whole-command tests: the CLI against `FakeHost` and a temporary root.

use super::files::tests::TempDir;
use super::host::{FakeHost, Host};
use super::run;
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

const EXE: &str = "/usr/sbin/lvs-realserver";

struct Out {
    code: i32,
    out: String,
    err: String,
}

fn call(host: &mut dyn Host, args: &[&str]) -> Out {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let code = run(&args, host, EXE, &mut o, &mut e);
    Out {
        code,
        out: String::from_utf8_lossy(&o).into_owned(),
        err: String::from_utf8_lossy(&e).into_owned(),
    }
}

/// A real server with one interface (10.10.10.216) and a temporary root.
fn fixture() -> (TempDir, FakeHost) {
    (TempDir::new(), FakeHost::real_server("10.10.10.216"))
}

/// The addresses, routes and sysctls are back as they were `before`.
#[track_caller]
fn assert_undone(h: &FakeHost, before: &FakeHost) {
    assert_eq!(h.addrs, before.addrs);
    assert_eq!(h.routes, before.routes);
    assert_eq!(h.sysctls, before.sysctls);
}

/// `args` with `--root` and the temporary root after them.
fn call_under(host: &mut dyn Host, root: &TempDir, args: &[&str]) -> Out {
    let rootarg = root.0.display().to_string();
    let mut full = args.to_vec();
    full.extend(["--root", &rootarg]);
    call(host, &full)
}

/// An IPv4 address on interface `index`.
fn v4_addr(index: u32, addr: &str, prefix: u8, label: &str) -> super::host::Addr {
    super::host::Addr {
        index,
        addr: addr.parse().unwrap(),
        prefix,
        label: label.into(),
        flags: 0,
    }
}

/// Every entry under a directory: path -> (kind, mode, content or target).
fn tree(dir: &Path) -> BTreeMap<String, (char, u32, Vec<u8>)> {
    fn walk(base: &Path, d: &Path, acc: &mut BTreeMap<String, (char, u32, Vec<u8>)>) {
        let Ok(rd) = std::fs::read_dir(d) else { return };
        for e in rd.flatten() {
            let p = e.path();
            let rel = p.strip_prefix(base).unwrap().display().to_string();
            let m = std::fs::symlink_metadata(&p).unwrap();
            let mode = m.permissions().mode() & 0o7777;
            if m.file_type().is_symlink() {
                let t = std::fs::read_link(&p).unwrap();
                acc.insert(rel, ('l', 0, t.display().to_string().into_bytes()));
            } else if m.is_dir() {
                acc.insert(rel, ('d', mode, Vec::new()));
                walk(base, &p, acc);
            } else {
                acc.insert(rel, ('f', mode, std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut acc = BTreeMap::new();
    walk(dir, dir, &mut acc);
    acc
}

fn read(root: &TempDir, rel: &str) -> String {
    std::fs::read_to_string(root.0.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Live tests write files under a temporary root too: `--root` would turn
/// off the live changes, so they go through `ops` directly.
fn live(host: &mut FakeHost, root: &TempDir, args: &[&str]) -> Out {
    use super::files::Root;
    use super::ops::{self, Ctx};
    use super::values;
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let mut ctx = Ctx {
        host,
        root: Root::new(&root.0),
        live: true,
        dry_run: args.iter().any(|a| a == "--dry-run"),
        exe: EXE.to_string(),
    };
    let get = |flag: &str| -> Vec<String> {
        args.windows(2)
            .filter(|w| w[0] == flag)
            .map(|w| w[1].clone())
            .collect()
    };
    let vips: Result<Vec<_>, _> = get("--vip").iter().map(|v| values::parse_vip(v)).collect();
    let result = vips.and_then(|vips| match args[0].as_str() {
        "setup" => {
            let mode = match get("--mode").first().map(String::as_str) {
                Some("tun") => super::state::Mode::Tun,
                _ => super::state::Mode::Dr,
            };
            let persist = match get("--persist").first().map(String::as_str) {
                Some("none") => super::state::Persist::None,
                Some("systemd") => super::state::Persist::Systemd,
                _ => super::state::Persist::Auto,
            };
            let req = ops::SetupReq {
                vips,
                mode,
                label: get("--label").first().cloned(),
                persist,
            };
            ops::setup(&mut ctx, &req, &mut o)
        }
        _ => ops::remove(&mut ctx, &vips, &mut o),
    });
    let code = match result {
        Ok(()) => 0,
        Err(f) => {
            e.extend_from_slice(f.msg.as_bytes());
            f.code
        }
    };
    Out {
        code,
        out: String::from_utf8_lossy(&o).into_owned(),
        err: String::from_utf8_lossy(&e).into_owned(),
    }
}

/// `args` through `live`, which must succeed.
#[track_caller]
fn live_ok(host: &mut FakeHost, root: &TempDir, args: &[&str]) -> Out {
    let r = live(host, root, args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.err);
    r
}

/// `text` contains `want`; the whole text is shown when not.
#[track_caller]
fn assert_contains(text: &str, want: &str) {
    assert!(text.contains(want), "{want:?} not in:\n{text}");
}

#[test]
fn live_setup_configures_lo_route_and_arp_then_is_idempotent() {
    let (root, mut h) = fixture();
    let r = live_ok(&mut h, &root, &["setup", "--vip", "10.10.10.213"]);
    let vip = h
        .addrs
        .iter()
        .find(|a| a.addr.to_string() == "10.10.10.213")
        .expect("VIP added");
    assert_eq!((vip.index, vip.prefix, vip.label.as_str()), (1, 32, "lo:0"));
    assert_eq!(h.routes.len(), 1);
    assert_eq!(
        (h.routes[0].dst_len, h.routes[0].oif, h.routes[0].scope),
        (32, Some(1), 253)
    );
    for (k, v) in [
        ("all/arp_ignore", "1"),
        ("all/arp_announce", "2"),
        ("lo/arp_ignore", "1"),
        ("lo/arp_announce", "2"),
        ("eth0/arp_ignore", "0"),
    ] {
        assert_eq!(h.sysctls[&format!("net/ipv4/conf/{k}")], v, "{k}");
    }
    // No network-scripts, no NetworkManager lo profile: a systemd unit.
    assert_contains(
        &read(&root, "etc/systemd/system/lvs-realserver@.service"),
        "ExecStart=/usr/sbin/lvs-realserver setup",
    );
    assert_contains(
        &read(&root, "etc/sysctl.d/90-lvs-realserver.conf"),
        "net.ipv4.conf.all.arp_ignore = 1\n",
    );
    assert_contains(&r.out, "add address 10.10.10.213/32 dev lo label lo:0");

    let changes = h.changes;
    let files = tree(&root.0);
    let again = live_ok(&mut h, &root, &["setup", "--vip", "10.10.10.213"]);
    assert_contains(&again.out, "nothing to do: already set up");
    assert_eq!(h.changes, changes, "a second setup must change nothing");
    assert_eq!(tree(&root.0), files);
}

#[test]
fn remove_restores_the_exact_prior_values_not_zero() {
    let (root, mut h) = fixture();
    // Prior values that are not the defaults: one weaker, one stricter.
    h.sysctls
        .insert("net/ipv4/conf/lo/arp_announce".into(), "1".into());
    h.sysctls
        .insert("net/ipv4/conf/all/arp_ignore".into(), "2".into());
    let before = h.clone();
    let files_before = tree(&root.0);
    live_ok(&mut h, &root, &["setup", "--vip", "10.10.10.213"]);
    // The stricter value is left alone (the kernel uses the larger one).
    assert_eq!(h.sysctls["net/ipv4/conf/all/arp_ignore"], "2");
    assert_eq!(h.sysctls["net/ipv4/conf/lo/arp_announce"], "2");
    live_ok(&mut h, &root, &["remove", "--vip", "10.10.10.213"]);
    assert_undone(&h, &before);
    assert_eq!(h.sysctls["net/ipv4/conf/lo/arp_announce"], "1");
    assert_eq!(
        tree(&root.0),
        files_before,
        "every file and directory we made is gone"
    );
}

#[test]
fn shared_settings_stay_until_the_last_vip_goes() {
    let (root, mut h) = fixture();
    let before = h.clone();
    live_ok(&mut h, &root, &["setup", "--vip", "10.10.10.213"]);
    live_ok(&mut h, &root, &["setup", "--vip", "10.10.10.214"]);
    assert!(h.addrs.iter().any(|a| a.label == "lo:1"));
    live_ok(&mut h, &root, &["remove", "--vip", "10.10.10.213"]);
    assert_eq!(
        h.sysctls["net/ipv4/conf/all/arp_ignore"], "1",
        "still needed by .214"
    );
    let dropin = read(&root, "etc/sysctl.d/90-lvs-realserver.conf");
    assert!(
        dropin.contains("10.10.10.214") && !dropin.contains("10.10.10.213"),
        "{dropin}"
    );
    assert!(!root.0.join("etc/lvs-realserver/10.10.10.213.conf").exists());
    live_ok(&mut h, &root, &["remove", "--vip", "10.10.10.214"]);
    assert_undone(&h, &before);
    assert!(tree(&root.0).is_empty());
}

#[test]
fn a_file_that_existed_before_is_given_back() {
    let root = TempDir::new();
    std::fs::create_dir_all(root.0.join("etc/sysctl.d")).unwrap();
    let path = root.0.join("etc/sysctl.d/90-lvs-realserver.conf");
    std::fs::write(&path, "# hand-made\nnet.ipv4.conf.all.arp_ignore = 1\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let before = tree(&root.0);
    let mut h = FakeHost::real_server("10.10.10.216");
    live_ok(&mut h, &root, &["setup", "--vip", "10.10.10.213"]);
    assert_contains(
        &read(&root, "etc/sysctl.d/90-lvs-realserver.conf"),
        "lvs-realserver",
    );
    live_ok(&mut h, &root, &["remove", "--vip", "10.10.10.213"]);
    assert_eq!(tree(&root.0), before);
}

#[test]
fn every_persistence_style_under_root_and_its_undo() {
    for (style, prep, expect) in [
        (
            "ifcfg",
            Some(("etc/sysconfig/network-scripts/ifcfg-lo", "DEVICE=lo\n")),
            "etc/sysconfig/network-scripts/ifcfg-lo:0",
        ),
        (
            "keyfile",
            Some((
                "etc/NetworkManager/system-connections/lo.nmconnection",
                "[connection]\ntype=loopback\ninterface-name=lo\n",
            )),
            "etc/NetworkManager/system-connections/lvs-realserver-lo.nmconnection",
        ),
        (
            "systemd",
            None,
            "etc/systemd/system/multi-user.target.wants/lvs-realserver@10.10.10.213.service",
        ),
    ] {
        let root = TempDir::new();
        if let Some((p, c)) = prep {
            std::fs::create_dir_all(root.0.join(p).parent().unwrap()).unwrap();
            std::fs::write(root.0.join(p), c).unwrap();
        }
        let before = tree(&root.0);
        let mut h = FakeHost::default(); // not root, no interfaces: --root never goes live
        let r = call_under(&mut h, &root, &["setup", "--vip", "10.10.10.213"]);
        assert_eq!(r.code, 0, "{style}: {}", r.err);
        assert_eq!(h.changes, 0);
        assert!(
            root.0.join(expect).symlink_metadata().is_ok(),
            "{style}: {expect} missing; out:\n{}",
            r.out
        );
        assert_contains(
            &read(&root, "etc/sysctl.d/90-lvs-realserver.conf"),
            "net.ipv4.conf.lo.arp_ignore = 1",
        );
        assert_contains(
            &read(&root, "var/lib/lvs-realserver/state"),
            &format!("persist={style}"),
        );
        let mode = std::fs::metadata(root.0.join("var/lib/lvs-realserver/state"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
        // Explicit style and auto agree; a second run is a no-op.
        let setup = ["setup", "--vip", "10.10.10.213", "--persist", style];
        let again = call_under(&mut h, &root, &setup);
        assert!(
            again.out.contains("nothing to do"),
            "{style}: {}",
            again.out
        );
        let st = call_under(&mut h, &root, &["status"]);
        assert_eq!(st.code, 0, "{}", st.err);
        assert!(
            st.out.contains("10.10.10.213") && st.out.contains("as written"),
            "{}",
            st.out
        );
        let r = call_under(&mut h, &root, &["remove", "--vip", "10.10.10.213"]);
        assert_eq!(r.code, 0, "{style}: {}", r.err);
        assert_eq!(tree(&root.0), before, "{style}: undo");
    }
}

#[test]
fn persist_none_writes_only_the_record() {
    let root = TempDir::new();
    let mut h = FakeHost::default();
    let setup = ["setup", "--vip", "10.10.10.213", "--persist", "none"];
    let r = call_under(&mut h, &root, &setup);
    assert_eq!(r.code, 0, "{}", r.err);
    let t = tree(&root.0);
    assert_eq!(
        t.keys().collect::<Vec<_>>(),
        [
            "var",
            "var/lib",
            "var/lib/lvs-realserver",
            "var/lib/lvs-realserver/state"
        ]
    );
}

#[test]
fn dry_run_prints_contents_and_changes_nothing() {
    let (root, mut h) = fixture();
    let before = h.clone();
    let r = live_ok(
        &mut h,
        &root,
        &["setup", "--vip", "10.10.10.213", "--dry-run"],
    );
    assert_contains(&r.out, "set net.ipv4.conf.all.arp_ignore = 1 (was 0)");
    assert_contains(
        &r.out,
        "create /etc/sysctl.d/90-lvs-realserver.conf (mode 0644)",
    );
    assert_contains(&r.out, "\nnet.ipv4.conf.lo.arp_announce = 2\n");
    assert_eq!(h.changes, 0);
    assert_eq!(h.sysctls, before.sysctls);
    assert!(tree(&root.0).is_empty());
    // Not root is fine for a dry run.
    let mut u = FakeHost::real_server("10.10.10.216");
    u.root = false;
    live_ok(
        &mut u,
        &root,
        &["setup", "--vip", "10.10.10.213", "--dry-run"],
    );
}

#[test]
fn refusals_change_nothing() {
    let (root, mut h) = fixture();
    h.root = false;
    let r = live(&mut h, &root, &["setup", "--vip", "10.10.10.213"]);
    assert_eq!(r.code, 1);
    assert_contains(&r.err, "must be run as root");

    let mut h = FakeHost::real_server("10.10.10.216");
    // The classic mistake: the VIP on the real server's network interface.
    h.addrs.push(v4_addr(2, "10.10.10.213", 24, "eth0"));
    let before = h.clone();
    let r = live(&mut h, &root, &["setup", "--vip", "10.10.10.213"]);
    assert_eq!(r.code, 1);
    assert_contains(&r.err, "already configured on eth0");
    assert_eq!(h.changes, before.changes);
    assert!(tree(&root.0).is_empty());

    for args in [
        &["setup", "--vip", "10.10.10.999"][..],
        &["setup", "--vip", "127.0.0.1"],
        &["setup", "--vip", "10.0.0.1", "--label", "eth0:0"],
        &["setup", "--vip", "10.0.0.1", "--label", "lo:bad label"],
        &[
            "setup",
            "--vip",
            "10.0.0.1",
            "--persist",
            "ifcfg",
            "--mode",
            "tun",
        ],
        &["setup", "--vip", "2001:db8::1", "--persist", "ifcfg"],
        &["setup", "--vip", "10.0.0.1", "--root", "/nonexistent/dir"],
        &["remove", "--vip", "nonsense"],
    ] {
        let mut h = FakeHost::real_server("10.10.10.216");
        let r = if args.contains(&"--root") {
            call(&mut h, args)
        } else {
            call_under(&mut h, &root, args)
        };
        assert_eq!(r.code, 2, "{args:?}: {}", r.err);
        assert!(
            r.err.starts_with("lvs-realserver: invalid")
                || r.err.contains("--persist")
                || r.err.contains("not a directory"),
            "{args:?}: {}",
            r.err
        );
        assert_eq!(h.changes, 0);
        assert!(tree(&root.0).is_empty(), "{args:?}");
    }
    let r = call_under(
        &mut FakeHost::default(),
        &root,
        &["remove", "--vip", "10.0.0.1"],
    );
    assert_eq!(r.code, 1);
    assert_contains(&r.err, "was not set up by lvs-realserver");
}

#[test]
fn a_failing_step_rolls_back_the_earlier_ones() {
    let (root, mut h) = fixture();
    let before = h.clone();
    // Address and route succeed, the first sysctl fails.
    h.fail_after = Some(2);
    let r = live(&mut h, &root, &["setup", "--vip", "10.10.10.213"]);
    assert_eq!(r.code, 1);
    assert_contains(&r.err, "were undone");
    assert_undone(&h, &before);
    assert!(tree(&root.0).is_empty());
}

#[test]
fn ipv6_vip_gets_nodad_and_no_arp_settings() {
    let (root, mut h) = fixture();
    let before = h.clone();
    live_ok(&mut h, &root, &["setup", "--vip", "2001:db8::d5"]);
    let a = h.addrs.iter().find(|a| a.addr.is_ipv6()).unwrap();
    assert_eq!((a.prefix, a.flags, a.label.as_str()), (128, 2, ""));
    assert_eq!(h.sysctls, before.sysctls);
    assert!(!root.0.join("etc/sysctl.d/90-lvs-realserver.conf").exists());
    assert_contains(
        &read(&root, "etc/lvs-realserver/2001:db8::d5.conf"),
        "--vip 2001:db8::d5 --mode dr\n",
    );
    live_ok(&mut h, &root, &["remove", "--vip", "2001:db8::d5"]);
    assert_undone(&h, &before);
    assert!(tree(&root.0).is_empty());
}

#[test]
fn tun_mode_raises_tunl0_and_relaxes_rp_filter() {
    let (root, mut h) = fixture();
    h.add_link("tunl0", false);
    h.sysctls
        .insert("net/ipv4/conf/all/rp_filter".into(), "1".into());
    let before = h.clone();
    let r = live(
        &mut h,
        &root,
        &["setup", "--vip", "10.10.10.213", "--mode", "tun"],
    );
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(h.links.iter().any(|l| l.name == "tunl0" && l.up));
    assert_eq!(h.sysctls["net/ipv4/conf/tunl0/rp_filter"], "0");
    assert_eq!(h.sysctls["net/ipv4/conf/all/rp_filter"], "2");
    assert_eq!(h.sysctls["net/ipv4/conf/tunl0/arp_ignore"], "1");
    let c = call(&mut h, &["check", "--vip", "10.10.10.213"]);
    assert_eq!(c.code, 0, "{}", c.out);
    assert_contains(&c.out, "rp_filter on tunl0 is 2");
    live_ok(&mut h, &root, &["remove", "--vip", "10.10.10.213"]);
    assert_eq!(h.links, before.links);
    assert_eq!(h.sysctls, before.sysctls);
    // Without the ipip module there is no tunl0: a clear error.
    let mut n = FakeHost::real_server("10.10.10.216");
    let r = live(
        &mut n,
        &root,
        &["setup", "--vip", "10.10.10.213", "--mode", "tun"],
    );
    assert_contains(&r.err, "no interface tunl0 (load the ipip module");
    assert_eq!(n.changes, 0);
}

#[test]
fn check_is_healthy_after_setup_and_names_the_syn_recv_trap() {
    let (root, mut h) = fixture();
    let c = call(&mut h, &["check", "--vip", "10.10.10.213"]);
    assert_eq!(c.code, 1);
    assert_contains(&c.out, "[FAIL] VIP 10.10.10.213 is not configured on lo");
    assert_contains(&c.out, "would answer ARP");

    live_ok(&mut h, &root, &["setup", "--vip", "10.10.10.213"]);
    h.listeners = vec!["0.0.0.0:80".parse().unwrap()];
    let c = call(&mut h, &["check", "--vip", "10.10.10.213", "--port", "80"]);
    assert_eq!(c.code, 0, "{}", c.out);
    assert!(c.out.ends_with("healthy\n"), "{}", c.out);

    h.listeners = vec!["10.10.10.216:80".parse().unwrap()];
    let c = call(&mut h, &["check", "--vip", "10.10.10.213", "--port", "80"]);
    assert_eq!(c.code, 1);
    assert_contains(&c.out, "listens only on 10.10.10.216:80");
    assert_contains(&c.out, "SYN_RECV");
}

#[test]
fn check_spots_a_wide_prefix_on_lo() {
    let mut h = FakeHost::real_server("10.10.10.216");
    h.addrs.push(v4_addr(1, "10.10.10.213", 8, "lo:0"));
    let c = call(&mut h, &["check", "--vip", "10.10.10.213"]);
    assert_eq!(c.code, 1);
    assert_contains(&c.out, "as /8, not /32");
}

#[test]
fn help_version_and_usage_errors() {
    let mut h = FakeHost::default();
    let r = call(&mut h, &["--help"]);
    assert_eq!(r.code, 0);
    assert!(
        r.out.contains("setup") && r.out.contains("check"),
        "{}",
        r.out
    );
    let r = call(&mut h, &["setup", "--bogus"]);
    assert_eq!(r.code, 2);
    assert_contains(&r.err, "--bogus");
    let r = call(&mut h, &[]);
    assert_eq!(r.code, 2);
}

#[test]
fn status_shows_live_and_hand_made_vips() {
    let (root, mut h) = fixture();
    live_ok(&mut h, &root, &["setup", "--vip", "10.10.10.213"]);
    h.addrs.push(v4_addr(1, "10.10.10.99", 32, "lo:9"));
    let mut o = Vec::new();
    let state = super::ops::load_state(&super::files::Root::new(&root.0)).unwrap();
    super::status::status(
        Some(&mut h),
        &super::files::Root::new(&root.0),
        &state,
        &[],
        EXE,
        &mut o,
    )
    .unwrap();
    let s = String::from_utf8(o).unwrap();
    assert_contains(&s, "10.10.10.213/32 on lo");
    assert_contains(&s, "no (by hand)");
    assert_contains(&s, "net.ipv4.conf.all.arp_ignore");
}
