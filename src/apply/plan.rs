//! The difference between two tables of services and real servers, as the
//! ordered list of requests that turns one into the other without a flush.
//!
//! Design decisions:
//! * Order: new services, new real servers, edited services, edited real
//!   servers, removed real servers, removed services. Everything a client
//!   may be sent to exists before anything it leaves is taken away, and a
//!   service is removed only after its real servers.
//! * Only what an operator declares is compared: a service's scheduler,
//!   persistence, netmask, flags (without the kernel's own HASHED bit) and
//!   persistence engine; a real server's forwarding, weight, thresholds and
//!   tunnel settings. Counters and connection counts never make a
//!   difference.
//! * Additions and edits follow the wanted table's order, removals the
//!   live table's, so the same two tables always give the same plan.

use crate::model::{svc_flags, Dest, Request, Service, ServiceKey};
use std::collections::HashMap;
use std::net::IpAddr;

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
            None => {
                del_dest.extend(
                    dests
                        .iter()
                        .map(|d| Request::DelDest(svc.clone(), d.clone())),
                );
                del_svc.push(Request::DelService(svc.clone()));
            }
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
    fn a_table_is_emptied_real_servers_first() {
        assert_eq!(
            shown(&base(), &[]),
            [
                "-d 10.0.0.1:80 192.168.1.2",
                "-d 10.0.0.1:80 192.168.1.3",
                "-d 10.0.0.2:443 192.168.1.4",
                "-D 10.0.0.1:80",
                "-D 10.0.0.2:443",
            ]
        );
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
                "-d 10.0.0.2:443 192.168.1.4",
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
