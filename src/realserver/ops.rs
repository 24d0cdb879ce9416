//! `setup` and `remove`: validate everything, plan every change as a list of
//! reversible actions, print it, apply it (undoing the applied part if a
//! step fails), then record the state.
//!
//! Both end in the same reconciliation: the sysctls and files the remaining
//! VIP set needs are compared with what is there and with what the record
//! says we changed, so a second `setup` finds nothing to do and the last
//! `remove` gives every value back.

use super::files::{Entry, Root};
use super::host::{Addr, Host, Link, Route, IFA_F_NODAD, RT_SCOPE_LINK};
use super::persist;
use super::state::{dotted, sysctl_wants, Mode, Persist, State, Vip, STATE_DIR, STATE_FILE};
use super::values::check_label;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Write;
use std::net::IpAddr;

/// A failure with its exit status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub msg: String,
    pub code: i32,
}

pub fn fail(msg: impl Into<String>) -> Failure {
    Failure {
        msg: msg.into(),
        code: 1,
    }
}

/// One reversible change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Addr {
        add: bool,
        addr: Addr,
        dev: String,
    },
    Route {
        add: bool,
        route: Route,
        dev: String,
    },
    Link {
        up: bool,
        index: u32,
        dev: String,
    },
    Sysctl {
        key: String,
        from: String,
        to: String,
    },
    File {
        path: String,
        from: Entry,
        to: Entry,
    },
}

impl Action {
    fn inverse(&self) -> Action {
        match self.clone() {
            Action::Addr { add, addr, dev } => Action::Addr {
                add: !add,
                addr,
                dev,
            },
            Action::Route { add, route, dev } => Action::Route {
                add: !add,
                route,
                dev,
            },
            Action::Link { up, index, dev } => Action::Link {
                up: !up,
                index,
                dev,
            },
            Action::Sysctl { key, from, to } => Action::Sysctl {
                key,
                from: to,
                to: from,
            },
            Action::File { path, from, to } => Action::File {
                path,
                from: to,
                to: from,
            },
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Addr { add, addr, dev } => {
                write!(
                    f,
                    "{} address {}/{} dev {dev}",
                    if *add { "add" } else { "delete" },
                    addr.addr,
                    addr.prefix
                )?;
                if !addr.label.is_empty() && addr.addr.is_ipv4() {
                    write!(f, " label {}", addr.label)?;
                }
                if addr.flags & IFA_F_NODAD != 0 {
                    write!(f, " nodad")?;
                }
                Ok(())
            }
            Action::Route { add, route, dev } => write!(
                f,
                "{} route {}/{} dev {dev}{} (table main)",
                if *add { "add" } else { "delete" },
                route.dst,
                route.dst_len,
                if route.scope == RT_SCOPE_LINK {
                    " scope link"
                } else {
                    ""
                }
            ),
            Action::Link { up, dev, .. } => {
                write!(f, "set link {dev} {}", if *up { "up" } else { "down" })
            }
            Action::Sysctl { key, from, to } => {
                write!(f, "set {} = {to} (was {from})", dotted(key))
            }
            Action::File { path, from, to } => match (from, to) {
                (_, Entry::Absent) => write!(f, "remove /{path}"),
                (Entry::Absent, Entry::File { mode, .. }) => {
                    write!(f, "create /{path} (mode {mode:04o})")
                }
                (_, Entry::File { mode, .. }) => write!(f, "rewrite /{path} (mode {mode:04o})"),
                (_, Entry::Symlink { target }) => write!(f, "link /{path} -> {target}"),
                (_, Entry::Other) => write!(f, "touch /{path}"),
            },
        }
    }
}

/// Where and how a command runs.
pub struct Ctx<'a> {
    pub host: &'a mut dyn Host,
    pub root: Root,
    /// False with --root: files only, never the live system.
    pub live: bool,
    pub dry_run: bool,
    /// The binary the systemd unit should run.
    pub exe: String,
}

/// Labels for the VIPs of one setup: `--label` for the first, its numeric
/// successor for the next; without `--label`, what the record has, else
/// the first lo:N not used by any address or record.
fn labels(
    vips: &[IpAddr],
    mode: Mode,
    given: Option<&str>,
    state: &State,
    addrs: &[Addr],
) -> Result<Vec<String>, Failure> {
    let mut used: BTreeSet<String> = addrs.iter().map(|a| a.label.clone()).collect();
    used.extend(state.vips.iter().map(|v| v.label.clone()));
    let mut out = Vec::new();
    let mut next_given: Option<(String, u32)> = None;
    if let Some(g) = given {
        let (d, n) = g.split_once(':').unwrap_or((g, ""));
        match n.parse::<u32>() {
            Ok(n) => next_given = Some((d.to_string(), n)),
            Err(_) if vips.iter().filter(|v| v.is_ipv4()).count() > 1 => {
                return Err(Failure {
                    msg: format!("--label {g} has no number to count up from for several VIPs"),
                    code: 2,
                })
            }
            Err(_) => {}
        }
    }
    for (i, vip) in vips.iter().enumerate() {
        let dev = mode.device(vip);
        if vip.is_ipv6() {
            out.push(String::new());
            continue;
        }
        let label = match (given, &next_given) {
            (Some(_), Some((d, n))) => format!("{d}:{}", n + i as u32),
            (Some(g), None) => g.to_string(),
            (None, _) => match state.find(vip) {
                Some(v) => v.label.clone(),
                None if mode == Mode::Tun => dev.to_string(),
                None => {
                    let free = (0..)
                        .map(|n| format!("{dev}:{n}"))
                        .find(|l| !used.contains(l));
                    free.unwrap_or_else(|| format!("{dev}:0"))
                }
            },
        };
        if label != dev {
            check_label(&label, dev)?;
        }
        used.insert(label.clone());
        out.push(label);
    }
    Ok(out)
}

pub fn load_state(root: &Root) -> Result<State, Failure> {
    match root.read(STATE_FILE) {
        Ok(Entry::Absent) => Ok(State::default()),
        Ok(Entry::File { content, .. }) => State::parse(&String::from_utf8_lossy(&content))
            .map_err(|e| Failure {
                msg: format!(
                    "state record {} is damaged ({e}); nothing changed",
                    root.show(STATE_FILE)
                ),
                code: 2,
            }),
        Ok(_) => Err(fail(format!(
            "state record {} is not a regular file; nothing changed",
            root.show(STATE_FILE)
        ))),
        Err(e) => Err(fail(format!("cannot read {}: {e}", root.show(STATE_FILE)))),
    }
}

fn io_fail(what: &str) -> impl Fn(std::io::Error) -> Failure + '_ {
    move |e| Failure {
        msg: format!("cannot read {what}: {e}"),
        code: 2,
    }
}

/// The live view a plan is made from.
#[derive(Default)]
struct Live {
    links: Vec<Link>,
    addrs: Vec<Addr>,
    routes: Vec<Route>,
}

fn read_live(host: &mut dyn Host) -> Result<Live, Failure> {
    let links = host.links().map_err(io_fail("interfaces"))?;
    let addrs = host.addrs().map_err(io_fail("addresses"))?;
    let mut routes = host.routes(false).map_err(io_fail("routes"))?;
    routes.extend(host.routes(true).map_err(io_fail("routes"))?);
    Ok(Live {
        links,
        addrs,
        routes,
    })
}

fn require_root(ctx: &Ctx<'_>) -> Result<(), Failure> {
    if ctx.live && !ctx.dry_run && !ctx.host.is_root() {
        return Err(fail(
            "must be run as root to change the live system; nothing was changed \
             (--dry-run shows the changes, --root DIR writes the files only)",
        ));
    }
    Ok(())
}

fn vip_addr(v: &Vip, index: u32) -> Addr {
    Addr {
        index,
        addr: v.vip,
        prefix: v.prefix(),
        label: v.label.clone(),
        flags: if v.vip.is_ipv6() { IFA_F_NODAD } else { 0 },
    }
}

fn vip_route(v: &Vip, index: u32) -> Route {
    Route {
        dst: v.vip,
        dst_len: v.prefix(),
        oif: Some(index),
        scope: RT_SCOPE_LINK,
    }
}

fn has_route(live: &Live, v: &Vip, index: u32) -> bool {
    live.routes
        .iter()
        .any(|r| r.dst == v.vip && r.dst_len == v.prefix() && r.oif == Some(index))
}

/// Setup request after validation.
pub struct SetupReq {
    pub vips: Vec<IpAddr>,
    pub mode: Mode,
    pub label: Option<String>,
    pub persist: Persist,
}

pub fn setup(ctx: &mut Ctx<'_>, req: &SetupReq, out: &mut dyn Write) -> Result<(), Failure> {
    require_root(ctx)?;
    let mut state = load_state(&ctx.root)?;
    let live = if ctx.live {
        read_live(ctx.host)?
    } else {
        Live::default()
    };
    let labels = labels(
        &req.vips,
        req.mode,
        req.label.as_deref(),
        &state,
        &live.addrs,
    )?;
    let detected = persist::detect(&ctx.root);
    let mut actions = Vec::new();
    for (vip, label) in req.vips.iter().zip(labels) {
        let old = state.find(vip).cloned();
        if let Some(o) = &old {
            if o.mode != req.mode {
                return Err(fail(format!(
                    "{vip} is already set up in {} mode; run `lvs-realserver remove --vip {vip}` first",
                    o.mode.name()
                )));
            }
            if req.label.is_some() && o.label != label {
                return Err(fail(format!(
                    "{vip} is already set up with label {}; run `lvs-realserver remove --vip {vip}` first",
                    o.label
                )));
            }
        }
        let mut v = old.clone().unwrap_or(Vip {
            vip: *vip,
            mode: req.mode,
            label,
            persist: Persist::None,
            addr_added: false,
            route_added: false,
            link_raised: false,
        });
        v.persist = match (req.persist, &old) {
            // The boot unit re-applies with `none`: keep what was chosen.
            (Persist::None, Some(o)) => o.persist,
            (Persist::Auto, Some(o)) if o.persist != Persist::None => o.persist,
            (Persist::Auto, _) => match persist::supports(detected, &v) {
                Ok(()) => detected,
                Err(_) => Persist::Systemd,
            },
            (p, _) => {
                persist::supports(p, &v).map_err(|m| Failure { msg: m, code: 2 })?;
                p
            }
        };
        if ctx.live {
            let dev = v.device();
            let Some(link) = live.links.iter().find(|l| l.name == dev) else {
                let hint = if req.mode == Mode::Tun {
                    " (load the ipip module, or ip6_tunnel for IPv6, to create it)"
                } else {
                    ""
                };
                return Err(fail(format!("no interface {dev}{hint}; nothing changed")));
            };
            for a in live.addrs.iter().filter(|a| a.addr == *vip) {
                let on = live
                    .links
                    .iter()
                    .find(|l| l.index == a.index)
                    .map_or("?", |l| l.name.as_str());
                if a.index != link.index {
                    return Err(fail(format!(
                        "{vip} is already configured on {on}: a real server must not own the VIP on a \
                         network interface (it would answer ARP for it and take the director's traffic); \
                         remove it there first. Nothing changed"
                    )));
                }
                if a.prefix != v.prefix() {
                    return Err(fail(format!(
                        "{vip}/{} is on {dev} with the wrong prefix: it must be /{} (a wider prefix on {dev} \
                         makes the whole subnet look local); remove it first. Nothing changed",
                        a.prefix,
                        v.prefix()
                    )));
                }
            }
            if !link.up {
                actions.push(Action::Link {
                    up: true,
                    index: link.index,
                    dev: dev.to_string(),
                });
                v.link_raised = true;
            }
            if !live.addrs.iter().any(|a| a.addr == *vip) {
                actions.push(Action::Addr {
                    add: true,
                    addr: vip_addr(&v, link.index),
                    dev: dev.to_string(),
                });
                v.addr_added = true;
            }
            // IPv6: the kernel itself adds the /128 route with the address.
            if vip.is_ipv4() && !has_route(&live, &v, link.index) {
                actions.push(Action::Route {
                    add: true,
                    route: vip_route(&v, link.index),
                    dev: dev.to_string(),
                });
                v.route_added = true;
            }
        }
        match state.vips.iter_mut().find(|x| x.vip == *vip) {
            Some(slot) => *slot = v,
            None => state.vips.push(v),
        }
    }
    reconcile(ctx, &mut state, &mut actions)?;
    execute(ctx, state, actions, out, "set up")
}

/// Sysctl and file actions that bring the host to what `state.vips` needs,
/// updating the record of prior values.
fn reconcile(
    ctx: &mut Ctx<'_>,
    state: &mut State,
    actions: &mut Vec<Action>,
) -> Result<(), Failure> {
    if ctx.live {
        let wants = sysctl_wants(&state.vips);
        for (key, want) in &wants {
            let cur = ctx
                .host
                .sysctl(key)
                .map_err(io_fail(&dotted(key)))?
                .ok_or_else(|| {
                    fail(format!(
                        "sysctl {} does not exist; nothing changed",
                        dotted(key)
                    ))
                })?;
            if !want.satisfied(&cur) {
                actions.push(Action::Sysctl {
                    key: key.clone(),
                    from: cur.clone(),
                    to: want.value().to_string(),
                });
                state.sysctls.entry(key.clone()).or_insert(cur);
            }
        }
        // Values no VIP needs any more go back to what they were.
        for (key, prior) in take_unwanted(&mut state.sysctls, &wants) {
            if let Some(cur) = ctx.host.sysctl(&key).map_err(io_fail(&dotted(&key)))? {
                if cur != prior {
                    actions.push(Action::Sysctl {
                        key,
                        from: cur,
                        to: prior,
                    });
                }
            }
        }
    }
    let desired = persist::desired(&state.vips, &ctx.exe);
    for (path, want) in &desired {
        let cur = ctx
            .root
            .read(path)
            .map_err(|e| fail(format!("cannot read {}: {e}", ctx.root.show(path))))?;
        if &cur == want {
            continue;
        }
        let replaceable = matches!(
            (&cur, want),
            (Entry::Absent | Entry::File { .. }, Entry::File { .. })
                | (Entry::Absent | Entry::Symlink { .. }, Entry::Symlink { .. })
        );
        if !replaceable {
            return Err(fail(format!(
                "{} exists and is not a regular file; refusing to replace it. Nothing changed",
                ctx.root.show(path)
            )));
        }
        state.files.entry(path.clone()).or_insert(cur.clone());
        actions.push(Action::File {
            path: path.clone(),
            from: cur,
            to: want.clone(),
        });
    }
    for (path, prior) in take_unwanted(&mut state.files, &desired) {
        let cur = ctx
            .root
            .read(&path)
            .map_err(|e| fail(format!("cannot read {}: {e}", ctx.root.show(&path))))?;
        if cur != prior {
            actions.push(Action::File {
                path,
                from: cur,
                to: prior,
            });
        }
    }
    Ok(())
}

/// The recorded prior values of keys nothing wants any more, taken out of
/// the record.
fn take_unwanted<V, W>(
    recorded: &mut BTreeMap<String, V>,
    wanted: &BTreeMap<String, W>,
) -> BTreeMap<String, V> {
    let (gone, kept) = std::mem::take(recorded)
        .into_iter()
        .partition(|(k, _)| !wanted.contains_key(k));
    *recorded = kept;
    gone
}

fn apply(ctx: &mut Ctx<'_>, a: &Action, created: &mut Vec<String>) -> std::io::Result<()> {
    match a {
        Action::Addr {
            add: true, addr, ..
        } => ctx.host.add_addr(addr),
        Action::Addr {
            add: false, addr, ..
        } => ctx.host.del_addr(addr),
        Action::Route {
            add: true, route, ..
        } => ctx.host.add_route(route),
        Action::Route {
            add: false, route, ..
        } => ctx.host.del_route(route),
        Action::Link { up, index, .. } => ctx.host.set_link_up(*index, *up),
        Action::Sysctl { key, to, .. } => ctx.host.set_sysctl(key, to),
        Action::File { path, to, .. } => {
            created.extend(ctx.root.put(path, to)?);
            Ok(())
        }
    }
}

fn show_entry(out: &mut dyn Write, e: &Entry) {
    if let Entry::File { content, .. } = e {
        let _ = writeln!(out, "    --- content ---");
        let _ = out.write_all(content);
        if !content.ends_with(b"\n") {
            let _ = writeln!(out, "\n    (no newline at end)");
        }
        let _ = writeln!(out, "    --- end ---");
    }
}

/// Print the plan; apply it unless dry-run, undoing the applied part on
/// failure; write (or delete) the state record.
fn execute(
    ctx: &mut Ctx<'_>,
    mut state: State,
    actions: Vec<Action>,
    out: &mut dyn Write,
    verb: &str,
) -> Result<(), Failure> {
    if ctx.dry_run {
        let _ = writeln!(
            out,
            "dry run: these changes would be made (nothing is changed):"
        );
        if actions.is_empty() {
            let _ = writeln!(out, "  (none: already {verb})");
        }
        for a in &actions {
            let _ = writeln!(out, "  {a}");
            if let Action::File { to, .. } = a {
                show_entry(out, to);
            }
        }
        return Ok(());
    }
    let mut created = Vec::new();
    for (i, a) in actions.iter().enumerate() {
        if let Err(e) = apply(ctx, a, &mut created) {
            let mut msg = format!("failed to {a}: {e}");
            // Give back what this run already changed, newest first.
            let mut undo_failed = Vec::new();
            for done in actions[..i].iter().rev() {
                if let Err(e2) = apply(ctx, &done.inverse(), &mut Vec::new()) {
                    undo_failed.push(format!("{} ({e2})", done.inverse()));
                }
            }
            for d in created.iter().rev() {
                ctx.root.remove_dir_if_empty(d);
            }
            if undo_failed.is_empty() {
                msg.push_str("; the changes made before it were undone");
            } else {
                msg.push_str(&format!("; could not undo: {}", undo_failed.join(", ")));
            }
            return Err(fail(msg));
        }
        let _ = writeln!(out, "  {a}");
    }
    for d in created {
        if !state.dirs.contains(&d) {
            state.dirs.push(d);
        }
    }
    if actions.is_empty() {
        let _ = writeln!(out, "nothing to do: already {verb}");
    }
    write_state(ctx, &mut state)?;
    Ok(())
}

fn write_state(ctx: &mut Ctx<'_>, state: &mut State) -> Result<(), Failure> {
    let werr = |e: std::io::Error| fail(format!("cannot write {}: {e}", ctx.root.show(STATE_FILE)));
    if state.is_empty() {
        ctx.root.put(STATE_FILE, &Entry::Absent).map_err(werr)?;
        // Directories we created, innermost first, if nothing else is in them.
        let mut dirs = std::mem::take(&mut state.dirs);
        dirs.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
        for d in dirs {
            ctx.root.remove_dir_if_empty(&d);
        }
        return Ok(());
    }
    if !ctx.root.is_dir(STATE_DIR) {
        // Created before the record is rendered, so the record lists it.
        let probe = format!("{STATE_DIR}/.probe");
        let made = ctx
            .root
            .put(
                &probe,
                &Entry::File {
                    mode: 0o600,
                    content: Vec::new(),
                },
            )
            .map_err(werr)?;
        ctx.root.put(&probe, &Entry::Absent).map_err(werr)?;
        for d in made {
            if !state.dirs.contains(&d) {
                state.dirs.push(d);
            }
        }
    }
    let rec = Entry::File {
        mode: 0o600,
        content: state.render().into_bytes(),
    };
    if ctx.root.read(STATE_FILE).ok().as_ref() != Some(&rec) {
        ctx.root.put(STATE_FILE, &rec).map_err(werr)?;
    }
    Ok(())
}

pub fn remove(ctx: &mut Ctx<'_>, vips: &[IpAddr], out: &mut dyn Write) -> Result<(), Failure> {
    require_root(ctx)?;
    let mut state = load_state(&ctx.root)?;
    for vip in vips {
        if state.find(vip).is_none() {
            return Err(fail(format!(
                "{vip} was not set up by lvs-realserver (no record in {}); nothing changed",
                ctx.root.show(STATE_FILE)
            )));
        }
    }
    let live = if ctx.live {
        read_live(ctx.host)?
    } else {
        Live::default()
    };
    let mut actions = Vec::new();
    let gone: Vec<Vip> = state
        .vips
        .iter()
        .filter(|v| vips.contains(&v.vip))
        .cloned()
        .collect();
    state.vips.retain(|v| !vips.contains(&v.vip));
    for v in &gone {
        if !ctx.live {
            continue;
        }
        let Some(link) = live.links.iter().find(|l| l.name == v.device()) else {
            continue;
        };
        let dev = link.name.clone();
        if v.route_added && has_route(&live, v, link.index) {
            actions.push(Action::Route {
                add: false,
                route: vip_route(v, link.index),
                dev: dev.clone(),
            });
        }
        if v.addr_added {
            if let Some(a) = live
                .addrs
                .iter()
                .find(|a| a.addr == v.vip && a.index == link.index)
            {
                actions.push(Action::Addr {
                    add: false,
                    addr: a.clone(),
                    dev: dev.clone(),
                });
            }
        }
        if v.link_raised {
            // Another VIP on the same device keeps it up and inherits the duty.
            match state.vips.iter_mut().find(|o| o.device() == v.device()) {
                Some(o) => o.link_raised = true,
                None if link.up => actions.push(Action::Link {
                    up: false,
                    index: link.index,
                    dev,
                }),
                None => {}
            }
        }
    }
    reconcile(ctx, &mut state, &mut actions)?;
    execute(ctx, state, actions, out, "removed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_count_up_and_skip_used() {
        let v: Vec<IpAddr> = vec!["10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap()];
        let st = State::default();
        let used = vec![Addr {
            index: 1,
            addr: "10.9.9.9".parse().unwrap(),
            prefix: 32,
            label: "lo:0".into(),
            flags: 0,
        }];
        assert_eq!(
            labels(&v, Mode::Dr, None, &st, &used).unwrap(),
            ["lo:1", "lo:2"]
        );
        assert_eq!(
            labels(&v, Mode::Dr, Some("lo:7"), &st, &[]).unwrap(),
            ["lo:7", "lo:8"]
        );
        assert!(labels(&v, Mode::Dr, Some("lo:web"), &st, &[]).is_err());
        assert_eq!(
            labels(&v, Mode::Tun, None, &st, &[]).unwrap(),
            ["tunl0", "tunl0"]
        );
    }
}
