//! The difference between two tables of services and real servers, as the
//! ordered list of requests that turns one into the other without a flush.
//!
//! Design decisions:
//! * Order: new services, new real servers, edited services, edited real
//!   servers, removed real servers, removed services. Everything a client
//!   may be sent to exists before anything it leaves is taken away.
//! * A removed service takes its real servers with it: no separate
//!   removals for them, so undoing the one removal restores them all
//!   (a pipelined removal of a real server that failed cannot leave its
//!   service's removal to take it silently).
//! * Only what an operator declares is compared: a service's scheduler,
//!   persistence, netmask, flags (without the kernel's own HASHED bit) and
//!   persistence engine; a real server's forwarding, weight, thresholds and
//!   tunnel settings. Counters and connection counts never make a
//!   difference.
//! * Additions and edits follow the wanted table's order, removals the
//!   live table's, so the same two tables always give the same plan.

use super::declare::Declared;
use crate::model::{svc_flags, Daemon, Dest, FwdMethod, Request, Service, ServiceKey, Timeouts};
use std::collections::HashMap;
use std::net::IpAddr;

/// The kernel's state a change starts from: the table, and the timeouts
/// and sync daemons when the file declares them (otherwise they are not
/// read, and not touched).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub table: Vec<(Service, Vec<Dest>)>,
    pub timeouts: Option<Timeouts>,
    pub daemons: Vec<Daemon>,
}

/// Everything that differs between the kernel and a file: timeouts and
/// sync daemons (where the file declares them), then the table.
pub fn changes(live: &Snapshot, want: &Declared) -> Vec<Request> {
    let mut steps = Vec::new();
    if let (Some(want), Some(live)) = (want.timeouts, live.timeouts) {
        // A 0 in a --set line leaves that timeout as it is.
        let differs = |w: u32, l: u32| w != 0 && w != l;
        if differs(want.tcp, live.tcp)
            || differs(want.tcp_fin, live.tcp_fin)
            || differs(want.udp, live.udp)
        {
            steps.push(Request::SetTimeouts(want));
        }
    }
    for d in &want.daemons {
        let running = live.daemons.iter().find(|r| r.state == d.state);
        if running.is_some_and(|r| daemon_matches(r, d)) {
            continue;
        }
        if let Some(r) = running {
            steps.push(Request::StopDaemon(Daemon::stop(r.state, r.syncid)));
        }
        steps.push(Request::StartDaemon(d.clone()));
    }
    steps.extend(plan(&live.table, &want.table));
    steps
}

/// Whether a running daemon is the declared one: the settings the line
/// names; one the kernel does not report (an older kernel) cannot differ.
fn daemon_matches(running: &Daemon, want: &Daemon) -> bool {
    fn same<T: PartialEq>(running: Option<T>, want: Option<T>) -> bool {
        match (running, want) {
            (Some(r), Some(w)) => r == w,
            _ => true,
        }
    }
    running.mcast_ifn == want.mcast_ifn
        && running.syncid == want.syncid
        && same(running.sync_maxlen, want.sync_maxlen)
        && same(running.mcast_group, want.mcast_group)
        && same(running.mcast_port, want.mcast_port)
        && same(running.mcast_ttl, want.mcast_ttl)
}

/// A plan cut where a drain waits: what runs first (with the real servers
/// that are going set to weight 0), the real servers to wait for, and the
/// removals that run when they are drained.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stages {
    pub first: Vec<Request>,
    pub drain: Vec<(Service, Dest)>,
    pub last: Vec<Request>,
}

/// Cut `steps` for a drain: removals move after the wait, and each real
/// server to be removed, alone or with its service, first gets weight 0
/// (unless it has it already).
pub fn drain_stages(steps: Vec<Request>, live: &Snapshot) -> Stages {
    let live_dests: HashMap<ServiceKey, &[Dest]> =
        live.table.iter().map(|(s, d)| (s.key, &d[..])).collect();
    let mut stages = Stages::default();
    let quiet = |stages: &mut Stages, svc: &Service, dest: &Dest| {
        if dest.weight != 0 {
            let edit = Dest {
                weight: 0,
                ..dest.clone()
            };
            stages.first.push(Request::EditDest(svc.clone(), edit));
        }
        stages.drain.push((svc.clone(), dest.clone()));
    };
    for step in steps {
        match &step {
            Request::DelDest(svc, dest) => {
                quiet(&mut stages, svc, dest);
                stages.last.push(step);
            }
            Request::DelService(svc) => {
                for dest in live_dests.get(&svc.key).copied().unwrap_or_default() {
                    quiet(&mut stages, svc, dest);
                }
                stages.last.push(step);
            }
            _ => stages.first.push(step),
        }
    }
    stages
}

/// A live service and its real servers by key.
/// A live service, its real servers in listing order, and them by key.
type LiveService<'a> = (&'a Service, &'a [Dest], HashMap<(IpAddr, u16), &'a Dest>);

/// The live state by key, to undo what a plan did.
pub struct Undo<'a> {
    services: HashMap<ServiceKey, LiveService<'a>>,
    snapshot: &'a Snapshot,
}

impl<'a> Undo<'a> {
    pub fn new(snapshot: &'a Snapshot) -> Undo<'a> {
        let services = snapshot
            .table
            .iter()
            .map(|(s, dests)| {
                let by_key = dests.iter().map(|d| (dest_key(d), d)).collect();
                (s.key, (s, &dests[..], by_key))
            })
            .collect();
        Undo { services, snapshot }
    }

    /// The requests that undo `step`, in order, run on the state `step`
    /// left; none for a step the planner does not make.
    pub fn inverse(&self, step: &Request) -> Vec<Request> {
        let live_svc = |s: &Service| self.services.get(&s.key).map(|(s, ..)| (*s).clone());
        let live_dest = |s: &Service, d: &Dest| {
            let (svc, _, dests) = self.services.get(&s.key)?;
            Some(((*svc).clone(), (*dests.get(&dest_key(d))?).clone()))
        };
        let one = |r: Option<Request>| r.into_iter().collect();
        match step {
            Request::AddService(s) => vec![Request::DelService(s.clone())],
            Request::AddDest(s, d) => vec![Request::DelDest(s.clone(), d.clone())],
            Request::EditService(s) => one(live_svc(s).map(Request::EditService)),
            Request::DelService(s) => {
                let Some((svc, dests, _)) = self.services.get(&s.key) else {
                    return Vec::new();
                };
                let mut steps = vec![Request::AddService((*svc).clone())];
                steps.extend(
                    dests
                        .iter()
                        .map(|d| Request::AddDest((*svc).clone(), d.clone())),
                );
                steps
            }
            Request::EditDest(s, d) => one(live_dest(s, d).map(|(s, d)| Request::EditDest(s, d))),
            Request::DelDest(s, d) => one(live_dest(s, d).map(|(s, d)| Request::AddDest(s, d))),
            Request::SetTimeouts(_) => one(self.snapshot.timeouts.map(Request::SetTimeouts)),
            Request::StartDaemon(d) => vec![Request::StopDaemon(Daemon::stop(d.state, d.syncid))],
            Request::StopDaemon(d) => one(self
                .snapshot
                .daemons
                .iter()
                .find(|r| r.state == d.state)
                .cloned()
                .map(Request::StartDaemon)),
            Request::Flush | Request::Zero(_) => Vec::new(),
        }
    }
}

/// For each real server a plan adds, the one it replaces, if any: the
/// same address in the same service under another port, because direct
/// routing and tunnelling use the service's port, so a change of
/// forwarding to or from them moves the real server (the kernel cannot
/// change its port in place).
pub fn replacements(steps: &[Request]) -> HashMap<usize, &Dest> {
    let removed: HashMap<(ServiceKey, IpAddr), &Dest> = steps
        .iter()
        .filter_map(|r| match r {
            Request::DelDest(s, d) => Some(((s.key, d.addr), d)),
            _ => None,
        })
        .collect();
    let port_bound = |d: &Dest| matches!(d.fwd, FwdMethod::Route | FwdMethod::Tunnel);
    steps
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r {
            Request::AddDest(s, d) => {
                let old = removed.get(&(s.key, d.addr))?;
                (old.port != d.port && (port_bound(old) || port_bound(d))).then_some((i, *old))
            }
            _ => None,
        })
        .collect()
}

/// A table: each service with its real servers, in listing order.
pub type Table = [(Service, Vec<Dest>)];

/// What identifies a real server within its service.
fn dest_key(d: &Dest) -> (IpAddr, u16) {
    (d.addr, d.port)
}

/// Whether two services differ in anything `-E` can change.
fn service_differs(live: &Service, want: &Service) -> bool {
    let flags = |s: &Service| s.flags & !svc_flags::HASHED;
    live.scheduler != want.scheduler
        || live.pe_name.as_deref().unwrap_or("") != want.pe_name.as_deref().unwrap_or("")
        || flags(live) != flags(want)
        || live.timeout != want.timeout
        || live.netmask != want.netmask
}

/// Whether two real servers differ in anything `-e` can change.
fn dest_differs(live: &Dest, want: &Dest) -> bool {
    live.fwd != want.fwd
        || live.weight != want.weight
        || live.u_threshold != want.u_threshold
        || live.l_threshold != want.l_threshold
        || live.tun_type != want.tun_type
        || live.tun_port != want.tun_port
        || live.tun_flags != want.tun_flags
}

/// The requests that turn `live` into `want`, in the order they must run.
pub fn plan(live: &Table, want: &Table) -> Vec<Request> {
    let live_by_key: HashMap<&ServiceKey, &(Service, Vec<Dest>)> =
        live.iter().map(|entry| (&entry.0.key, entry)).collect();
    let want_keys: HashMap<&ServiceKey, &Vec<Dest>> =
        want.iter().map(|(s, d)| (&s.key, d)).collect();

    let (mut add_svc, mut add_dest, mut edit_svc, mut edit_dest) = (vec![], vec![], vec![], vec![]);
    let (mut del_dest, mut del_svc) = (vec![], vec![]);
    for (svc, dests) in want {
        match live_by_key.get(&svc.key) {
            None => {
                add_svc.push(Request::AddService(svc.clone()));
                add_dest.extend(
                    dests
                        .iter()
                        .map(|d| Request::AddDest(svc.clone(), d.clone())),
                );
            }
            Some((live_svc, live_dests)) => {
                if service_differs(live_svc, svc) {
                    edit_svc.push(Request::EditService(svc.clone()));
                }
                let live_dests: HashMap<_, _> =
                    live_dests.iter().map(|d| (dest_key(d), d)).collect();
                for d in dests {
                    match live_dests.get(&dest_key(d)) {
                        None => add_dest.push(Request::AddDest(svc.clone(), d.clone())),
                        Some(l) if dest_differs(l, d) => {
                            edit_dest.push(Request::EditDest(svc.clone(), d.clone()))
                        }
                        Some(_) => {}
                    }
                }
            }
        }
    }
    for (svc, dests) in live {
        match want_keys.get(&svc.key) {
            // Its real servers go with it.
            None => del_svc.push(Request::DelService(svc.clone())),
            Some(wanted) => {
                let wanted: std::collections::HashSet<_> = wanted.iter().map(dest_key).collect();
                del_dest.extend(
                    dests
                        .iter()
                        .filter(|d| !wanted.contains(&dest_key(d)))
                        .map(|d| Request::DelDest(svc.clone(), d.clone())),
                );
            }
        }
    }
    [add_svc, add_dest, edit_svc, edit_dest, del_dest, del_svc].concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FwdMethod, Protocol};

    fn svc(vip: &str, port: u16) -> Service {
        Service::new(ServiceKey::Addr {
            proto: Protocol::Tcp,
            addr: vip.parse().unwrap(),
            port,
        })
    }

    fn dest(rip: &str, weight: i32) -> Dest {
        let mut d = Dest::new(rip.parse().unwrap(), 80);
        d.weight = weight;
        d
    }

    /// A request as the operator would read it: verb, service, real server.
    fn show(r: &Request) -> String {
        let key = |s: &Service| match &s.key {
            ServiceKey::Addr { addr, port, .. } => format!("{addr}:{port}"),
            ServiceKey::Fwmark { mark, .. } => format!("fwmark {mark}"),
        };
        match r {
            Request::AddService(s) => format!("-A {}", key(s)),
            Request::EditService(s) => format!("-E {}", key(s)),
            Request::DelService(s) => format!("-D {}", key(s)),
            Request::AddDest(s, d) => format!("-a {} {}", key(s), d.addr),
            Request::EditDest(s, d) => format!("-e {} {}", key(s), d.addr),
            Request::DelDest(s, d) => format!("-d {} {}", key(s), d.addr),
            other => format!("{other:?}"),
        }
    }

    fn shown(live: &Table, want: &Table) -> Vec<String> {
        plan(live, want).iter().map(show).collect()
    }

    fn base() -> Vec<(Service, Vec<Dest>)> {
        vec![
            (
                svc("10.0.0.1", 80),
                vec![dest("192.168.1.2", 1), dest("192.168.1.3", 1)],
            ),
            (svc("10.0.0.2", 443), vec![dest("192.168.1.4", 1)]),
        ]
    }

    /// Masquerading on port 8080 to direct routing (which uses the
    /// service's port): the real server is added anew, and the old one
    /// removed; the plan says which replaces which.
    #[test]
    fn a_real_server_whose_port_moves_is_replaced() {
        let mut live = base();
        live[0].1[0].fwd = FwdMethod::Masq;
        live[0].1[0].port = 8080;
        let plan = plan(&live, &base());
        assert_eq!(
            plan.iter().map(show).collect::<Vec<_>>(),
            ["-a 10.0.0.1:80 192.168.1.2", "-d 10.0.0.1:80 192.168.1.2"]
        );
        let replaced = replacements(&plan);
        assert_eq!(replaced.len(), 1);
        assert_eq!(replaced[&0].port, 8080);
        // Another address, or masquerading on both sides, is no replacement.
        live[0].1[0].addr = "192.168.1.9".parse().unwrap();
        assert!(replacements(&super::plan(&live, &base())).is_empty());
    }

    #[test]
    fn drain_stages_quiet_what_goes_and_remove_it_after_the_wait() {
        let live = Snapshot {
            table: base(),
            ..Snapshot::default()
        };
        // 192.168.1.3 goes from the first service; the second goes whole.
        let want = vec![(svc("10.0.0.1", 80), vec![dest("192.168.1.2", 1)])];
        let stages = drain_stages(plan(&live.table, &want), &live);
        assert_eq!(
            stages.first.iter().map(show).collect::<Vec<_>>(),
            ["-e 10.0.0.1:80 192.168.1.3", "-e 10.0.0.2:443 192.168.1.4"]
        );
        assert!(stages
            .first
            .iter()
            .all(|r| matches!(r, Request::EditDest(_, d) if d.weight == 0)));
        let drained: Vec<String> = stages
            .drain
            .iter()
            .map(|(_, d)| d.addr.to_string())
            .collect();
        assert_eq!(drained, ["192.168.1.3", "192.168.1.4"]);
        assert_eq!(
            stages.last.iter().map(show).collect::<Vec<_>>(),
            ["-d 10.0.0.1:80 192.168.1.3", "-D 10.0.0.2:443"]
        );
    }

    #[test]
    fn timeouts_and_daemons_are_compared_in_what_the_file_names() {
        use crate::apply::declare::declared;
        use crate::model::DaemonState;
        let want = |text: &str| declared(text, "ipvsadm", &crate::names::NoNames).unwrap();
        let running = Daemon {
            state: DaemonState::Master,
            mcast_ifn: "eth0".into(),
            syncid: 1,
            sync_maxlen: Some(1472),
            mcast_group: Some("224.0.0.81".parse().unwrap()),
            mcast_port: Some(8848),
            mcast_ttl: Some(1),
        };
        let live = Snapshot {
            table: Vec::new(),
            timeouts: Some(Timeouts {
                tcp: 900,
                tcp_fin: 120,
                udp: 300,
            }),
            daemons: vec![running.clone()],
        };
        let steps = |text: &str| changes(&live, &want(text));
        // A 0 leaves a timeout as it is; unnamed daemon settings are the
        // kernel's business.
        assert!(
            steps("--set 900 0 0\n--start-daemon master --mcast-interface eth0 --syncid 1\n")
                .is_empty()
        );
        assert_eq!(steps("--set 0 60 0\n").len(), 1);
        // A named setting that differs restarts the daemon: stop, then start.
        let restart =
            steps("--start-daemon master --mcast-interface eth0 --syncid 1 --sync-maxlen 1000\n");
        assert!(
            matches!(&restart[..], [Request::StopDaemon(_), Request::StartDaemon(d)] if d.sync_maxlen == Some(1000))
        );
        // The undo of the stop starts the running daemon as it was.
        let undo = Undo::new(&live);
        assert_eq!(undo.inverse(&restart[0]), [Request::StartDaemon(running)]);
        // A backup declared beside a running master: started only.
        let backup = steps("--start-daemon backup --mcast-interface eth0\n");
        assert!(matches!(&backup[..], [Request::StartDaemon(_)]));
    }

    #[test]
    fn equal_tables_plan_nothing() {
        assert!(plan(&base(), &base()).is_empty());
        assert!(plan(&[], &[]).is_empty());
    }

    #[test]
    fn counters_and_the_kernels_own_flag_make_no_difference() {
        let mut live = base();
        live[0].0.flags |= svc_flags::HASHED;
        live[0].0.stats.conns = 7;
        live[0].1[0].active_conns = 3;
        live[0].1[0].inact_conns = 2;
        live[0].1[0].persist_conns = 1;
        live[0].1[0].stats.inbytes = 1000;
        live[1].0.pe_name = Some(String::new());
        assert!(plan(&live, &base()).is_empty());
    }

    #[test]
    fn an_empty_table_is_built_services_first() {
        assert_eq!(
            shown(&[], &base()),
            [
                "-A 10.0.0.1:80",
                "-A 10.0.0.2:443",
                "-a 10.0.0.1:80 192.168.1.2",
                "-a 10.0.0.1:80 192.168.1.3",
                "-a 10.0.0.2:443 192.168.1.4",
            ]
        );
    }

    #[test]
    fn a_table_is_emptied_service_by_service() {
        assert_eq!(shown(&base(), &[]), ["-D 10.0.0.1:80", "-D 10.0.0.2:443",]);
    }

    #[test]
    fn every_kind_of_difference_in_order() {
        let live = base();
        let mut want = base();
        // Edits: a scheduler and a weight.
        want[0].0.scheduler = "rr".into();
        want[0].1[0].weight = 5;
        // Removed: one real server of a kept service, and a whole service.
        want[0].1.remove(1);
        want.remove(1);
        // Added: a real server of a kept service, and a new service.
        want[0].1.push(dest("192.168.1.9", 1));
        want.push((svc("10.0.0.3", 80), vec![dest("192.168.1.5", 2)]));
        assert_eq!(
            shown(&live, &want),
            [
                "-A 10.0.0.3:80",
                "-a 10.0.0.1:80 192.168.1.9",
                "-a 10.0.0.3:80 192.168.1.5",
                "-E 10.0.0.1:80",
                "-e 10.0.0.1:80 192.168.1.2",
                "-d 10.0.0.1:80 192.168.1.3",
                "-D 10.0.0.2:443",
            ]
        );
    }

    #[test]
    fn each_declared_setting_is_compared() {
        type Change = fn(&mut (Service, Vec<Dest>));
        let service_changes: [Change; 5] = [
            |e| e.0.scheduler = "sh".into(),
            |e| e.0.pe_name = Some("sip".into()),
            |e| e.0.flags |= svc_flags::ONEPACKET,
            |e| e.0.timeout = 300,
            |e| e.0.netmask = 0xFFFF_FF00,
        ];
        for change in service_changes {
            let mut want = base();
            change(&mut want[0]);
            assert_eq!(shown(&base(), &want), ["-E 10.0.0.1:80"]);
        }
        let dest_changes: [Change; 7] = [
            |e| e.1[0].fwd = FwdMethod::Masq,
            |e| e.1[0].weight = 0,
            |e| e.1[0].u_threshold = 100,
            |e| e.1[0].l_threshold = 10,
            |e| e.1[0].tun_type = crate::model::TunType::Gue,
            |e| e.1[0].tun_port = 6080,
            |e| e.1[0].tun_flags = 1,
        ];
        for change in dest_changes {
            let mut want = base();
            change(&mut want[0]);
            assert_eq!(shown(&base(), &want), ["-e 10.0.0.1:80 192.168.1.2"]);
        }
    }

    #[test]
    fn real_servers_are_told_apart_by_address_and_port() {
        let mut want = base();
        want[1].1[0].port = 8443;
        assert_eq!(
            shown(&base(), &want),
            ["-a 10.0.0.2:443 192.168.1.4", "-d 10.0.0.2:443 192.168.1.4"]
        );
    }

    /// What an operator declares of a table, in a canonical order, read
    /// without the planner's own comparisons.
    fn settings(t: &Table) -> Vec<String> {
        let mut lines: Vec<String> = t
            .iter()
            .flat_map(|(s, dests)| {
                let mut svc = s.clone();
                svc.flags &= !svc_flags::HASHED;
                svc.stats = Default::default();
                let head = format!("{svc:?}");
                dests
                    .iter()
                    .map(|d| {
                        let mut d = d.clone();
                        (d.active_conns, d.inact_conns, d.persist_conns) = (0, 0, 0);
                        d.stats = Default::default();
                        format!("{:?} {d:?}", svc.key)
                    })
                    .chain(std::iter::once(head))
                    .collect::<Vec<_>>()
            })
            .collect();
        lines.sort();
        lines
    }

    #[test]
    fn applying_the_plan_to_the_in_memory_kernel_reaches_the_wanted_table() {
        use crate::ipvs::fake::FakeKernel;
        use crate::ipvs::Kernel;
        let mut rng = crate::testing::XorShift(0x005e_ed0f_a1a2);
        for _ in 0..200 {
            let mut random_table = || {
                let mut t = Vec::new();
                for s in 0..rng.below(5) {
                    let mut service = svc("10.0.0.1", 80 + s as u16);
                    service.scheduler = ["wlc", "rr", "sh"][rng.below(3)].into();
                    let dests = (0..rng.below(4))
                        .map(|d| dest(&format!("192.168.1.{}", 2 + d), rng.below(3) as i32))
                        .collect();
                    t.push((service, dests));
                }
                t
            };
            let (before, want) = (random_table(), random_table());
            let mut kernel = FakeKernel::new();
            for r in plan(&[], &before) {
                kernel.apply(&[r]).pop().unwrap().unwrap();
            }
            let read = |k: &mut FakeKernel| -> Vec<(Service, Vec<Dest>)> {
                let services = k.services().unwrap();
                let keys: Vec<_> = services.iter().map(|s| s.key).collect();
                let dests = k.dests(&keys);
                services
                    .into_iter()
                    .zip(dests)
                    .map(|(s, d)| (s, d.unwrap()))
                    .collect()
            };
            let live = read(&mut kernel);
            for r in plan(&live, &want) {
                kernel.apply(&[r]).pop().unwrap().unwrap();
            }
            let after = read(&mut kernel);
            assert_eq!(settings(&after), settings(&want), "{before:?} -> {want:?}");
            assert!(plan(&after, &want).is_empty(), "{before:?} -> {want:?}");
        }
    }
}
