//! `status`: what is configured (the record), live (addresses, routes,
//! sysctls) and persisted (files), as tables.

use super::files::{Entry, Root};
use super::host::Host;
use super::persist;
use super::state::{dotted, sysctl_wants, State, Vip};
use comfy_table::{presets, Table};
use std::io::Write;
use std::net::IpAddr;

fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::ASCII_MARKDOWN);
    t.set_header(header.to_vec());
    t
}

/// Print the tables. `host` is None with --root (no live state).
pub fn status(
    mut host: Option<&mut dyn Host>,
    root: &Root,
    state: &State,
    only: &[IpAddr],
    exe: &str,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let pick = |v: &IpAddr| only.is_empty() || only.contains(v);
    let vips: Vec<Vip> = state
        .vips
        .iter()
        .filter(|v| pick(&v.vip))
        .cloned()
        .collect();
    let (links, addrs, routes) = match host.as_deref_mut() {
        Some(h) => {
            let mut r = h.routes(false)?;
            r.extend(h.routes(true)?);
            (h.links()?, h.addrs()?, r)
        }
        None => Default::default(),
    };
    let name = |i: u32| {
        links
            .iter()
            .find(|l| l.index == i)
            .map_or("?".to_string(), |l| l.name.clone())
    };
    // Host addresses on lo set up by hand are shown too: they are VIPs.
    let mut manual = Vec::new();
    for a in &addrs {
        let on = name(a.index);
        let host_prefix =
            (a.addr.is_ipv4() && a.prefix == 32) || (a.addr.is_ipv6() && a.prefix == 128);
        if (on == "lo" || on == "tunl0")
            && host_prefix
            && !a.addr.is_loopback()
            && pick(&a.addr)
            && !vips.iter().any(|v| v.vip == a.addr)
        {
            manual.push((a.addr, on, a.label.clone()));
        }
    }

    let mut t = table(&[
        "VIP",
        "mode",
        "device",
        "label",
        "address",
        "host route",
        "persist",
        "managed",
    ]);
    for v in &vips {
        let (addr, route) = if host.is_some() {
            let here: Vec<String> = addrs
                .iter()
                .filter(|a| a.addr == v.vip)
                .map(|a| format!("{}/{} on {}", a.addr, a.prefix, name(a.index)))
                .collect();
            let route = routes.iter().any(|r| {
                r.dst == v.vip
                    && r.dst_len == v.prefix()
                    && r.oif.map(name).as_deref() == Some(v.device())
            });
            (
                if here.is_empty() {
                    "MISSING".to_string()
                } else {
                    here.join(", ")
                },
                if route { "yes" } else { "no" }.to_string(),
            )
        } else {
            ("-".to_string(), "-".to_string())
        };
        t.add_row(vec![
            v.vip.to_string(),
            v.mode.name().to_string(),
            v.device().to_string(),
            if v.label.is_empty() {
                "-".into()
            } else {
                v.label.clone()
            },
            addr,
            route,
            v.persist.name().to_string(),
            "lvs-realserver".to_string(),
        ]);
    }
    for (ip, on, label) in &manual {
        t.add_row(vec![
            ip.to_string(),
            "?".into(),
            on.clone(),
            if label.is_empty() {
                "-".into()
            } else {
                label.clone()
            },
            "present".into(),
            "-".into(),
            "-".into(),
            "no (by hand)".into(),
        ]);
    }
    if vips.is_empty() && manual.is_empty() {
        writeln!(out, "no VIPs configured")?;
    } else {
        writeln!(out, "{t}")?;
    }

    let wants = sysctl_wants(&state.vips);
    let mut keys: Vec<String> = wants.keys().cloned().collect();
    for k in state.sysctls.keys() {
        if !keys.contains(k) {
            keys.push(k.clone());
        }
    }
    if !keys.is_empty() {
        let mut t = table(&["sysctl", "live", "needed", "before setup"]);
        for k in &keys {
            let live = match host.as_deref_mut() {
                Some(h) => h.sysctl(k)?.unwrap_or_else(|| "(absent)".into()),
                None => "-".into(),
            };
            let need = match wants.get(k) {
                Some(super::state::Want::AtLeast(n)) => format!(">= {n}"),
                Some(super::state::Want::NotStrict(_)) => "not 1".into(),
                None => "-".into(),
            };
            let before = state
                .sysctls
                .get(k)
                .cloned()
                .unwrap_or_else(|| "(unchanged)".into());
            t.add_row(vec![dotted(k), live, need, before]);
        }
        writeln!(out, "\n{t}")?;
    }

    let desired = persist::desired(&state.vips, exe);
    let mut paths: Vec<&String> = desired.keys().collect();
    for p in state.files.keys() {
        if !paths.contains(&p) {
            paths.push(p);
        }
    }
    if !paths.is_empty() {
        let mut t = table(&["file", "on disk", "before setup"]);
        for p in paths {
            let cur = root.read(p)?;
            let on_disk = match (desired.get(p), &cur) {
                (_, Entry::Absent) => "missing",
                (Some(d), c) if d == c => "as written",
                (Some(_), _) => "CHANGED since written",
                (None, _) => "present (not needed)",
            };
            let before = match state.files.get(p) {
                Some(Entry::Absent) | None => "absent",
                Some(_) => "existed (kept for undo)",
            };
            t.add_row(vec![root.show(p), on_disk.to_string(), before.to_string()]);
        }
        writeln!(out, "\n{t}")?;
    }
    Ok(())
}
