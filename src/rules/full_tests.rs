//! `-S --full` end to end against the fake kernel: what it prints, and
//! that `-R` of it gives back the same state (random tables of every kind).

use crate::ipvs::fake::FakeKernel;
use crate::ipvs::Kernel;
use crate::model::{Daemon, Dest, Service, Stats, Timeouts};
use crate::testing::{invoke, TestPlatform, XorShift};

/// Services with their real servers, the timeouts, the daemons.
type State = (Vec<(Service, Vec<Dest>)>, Timeouts, Vec<Daemon>);

struct World {
    kernel: FakeKernel,
    platform: TestPlatform,
}

impl World {
    fn new() -> World {
        let mut kernel = FakeKernel::new();
        kernel.set_pe_names(vec!["sip".into()]);
        World {
            kernel,
            platform: TestPlatform::default(),
        }
    }

    fn run(&mut self, line: &str, input: &str) -> (i32, String, String) {
        let argv: Vec<&str> = line.split_whitespace().collect();
        invoke(&mut self.kernel, &mut self.platform, &argv, input)
    }

    /// Run `line`; it must succeed silently on stderr. Its stdout.
    fn ok(&mut self, line: &str, input: &str) -> String {
        let (code, out, err) = self.run(line, input);
        assert_eq!((code, err.as_str()), (0, ""), "{line}\n{input}");
        out
    }

    /// The state `-S --full` claims to carry: services and real servers
    /// with every setting (counters aside), in a fixed order; the
    /// timeouts; the daemons.
    fn state(&mut self) -> State {
        let mut table: Vec<(Service, Vec<Dest>)> = self
            .kernel
            .table()
            .iter()
            .map(|(s, dests)| {
                let mut dests: Vec<Dest> = dests
                    .iter()
                    .map(|d| Dest {
                        stats: Stats::default(),
                        ..d.clone()
                    })
                    .collect();
                dests.sort_by_key(|d| (d.addr, d.port));
                let s = Service {
                    stats: Stats::default(),
                    ..s.clone()
                };
                (s, dests)
            })
            .collect();
        table.sort_by_key(|(s, _)| format!("{:?}", s.key));
        let timeouts = self.kernel.timeouts().unwrap();
        let daemons = self.kernel.daemons().unwrap();
        (table, timeouts, daemons)
    }
}

const TABLE: &str = "\
--set 1000 60 200
-A -t 10.0.0.1:80 -s wrr
-a -t 10.0.0.1:80 -r 10.0.0.2:80 -g -w 3 -x 100 -y 50
-a -t 10.0.0.1:80 -r 10.0.0.3:8080 -m -w 1
-a -t 10.0.0.1:80 -r 10.0.0.4:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum -x 3 -y 2
-A -f 2147483653 -s sh -b sh-port
-a -f 2147483653 -r 10.0.0.9:0 -g -w 1 -x 7
-A -f 4294967295 -6 -s rr -p 60 -M 64
--start-daemon backup --mcast-interface eth1 --syncid 9 --mcast-group ff02::9
--start-daemon master --mcast-interface eth0 --syncid 7 --sync-maxlen 1000 --mcast-port 9000 --mcast-ttl 3
";

#[test]
fn full_save_prints_timeouts_thresholds_marks_and_daemons() {
    let mut w = World::new();
    w.ok("ipvsadm -R", TABLE);
    let full = w.ok("ipvsadm -S --full", "");
    assert_eq!(
        full,
        "\
--set 1000 60 200
-A -f 2147483653 -s sh -b sh-port
-a -f 2147483653 -r 10.0.0.9:0 -g -w 1 -x 7 -y 0
-A -f 4294967295 -6 -s rr -p 60 -M 64
-A -t 10.0.0.1:80 -s wrr
-a -t 10.0.0.1:80 -r 10.0.0.2:80 -g -w 3 -x 100 -y 50
-a -t 10.0.0.1:80 -r 10.0.0.3:8080 -m -w 1
-a -t 10.0.0.1:80 -r 10.0.0.4:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum -x 3 -y 2
--start-daemon master --mcast-interface eth0 --syncid 7 --sync-maxlen 1000 --mcast-group 224.0.0.81 --mcast-port 9000 --mcast-ttl 3
--start-daemon backup --mcast-interface eth1 --syncid 9 --sync-maxlen 1452 --mcast-group ff02::9 --mcast-port 8848 --mcast-ttl 1
"
    );
    // Plain -S is 1.31's: no timeouts, thresholds or daemons; marks signed.
    let plain = w.ok("ipvsadm -S", "");
    assert_eq!(
        plain,
        "\
-A -f -2147483643 -s sh -b sh-port
-a -f -2147483643 -r 10.0.0.9:0 -g -w 1
-A -f -1 -6 -s rr -p 60 -M 64
-A -t 10.0.0.1:80 -s wrr
-a -t 10.0.0.1:80 -r 10.0.0.2:80 -g -w 3
-a -t 10.0.0.1:80 -r 10.0.0.3:8080 -m -w 1
-a -t 10.0.0.1:80 -r 10.0.0.4:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum
"
    );
    // -n and the wrapper say the same.
    assert_eq!(w.ok("ipvsadm -Sn --full", ""), full);
    assert_eq!(w.ok("ipvsadm-save --full -n", ""), full);
    assert_eq!(w.ok("ipvsadm-save", ""), plain);
    // An empty kernel: the timeouts alone.
    let mut empty = World::new();
    assert_eq!(empty.ok("ipvsadm -S --full", ""), "--set 900 120 300\n");
}

#[test]
fn full_save_of_a_failing_kernel_exits_1() {
    let mut w = World::new();
    w.kernel.fail(crate::model::Op::GetTimeouts, libc_enomem());
    let (code, out, err) = w.run("ipvsadm -S --full", "");
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(!err.is_empty());
}

fn libc_enomem() -> i32 {
    nix::errno::Errno::ENOMEM as i32
}

/// A random rules file that the fake kernel takes line by line: every
/// service kind, forwarding method, tunnel type and checksum option,
/// scheduler flags, persistence with masks, the sip engine, one-packet
/// scheduling, thresholds, timeouts, either daemon.
fn random_rules(rng: &mut XorShift) -> String {
    let mut lines = Vec::new();
    let pick = |rng: &mut XorShift, items: &[&'static str]| items[rng.below(items.len())];
    let num = |rng: &mut XorShift, lo: u64, hi: u64| lo + rng.next_u64() % (hi - lo + 1);
    lines.push(format!(
        "--set {} {} {}",
        num(rng, 1, 2_678_400),
        num(rng, 1, 100_000),
        num(rng, 1, 3600)
    ));
    let daemons = [rng.below(2) == 0, rng.below(2) == 0];
    for i in 0..1 + rng.below(6) {
        // (option and key, IPv6, fwmark, UDP)
        let (spec, v6, fwmark, udp) = match rng.below(7) {
            0 => (
                format!("-t 10.1.{i}.1:{}", num(rng, 1, 65535)),
                false,
                false,
                false,
            ),
            1 => (
                format!("-u 10.1.{i}.1:{}", num(rng, 1, 65535)),
                false,
                false,
                true,
            ),
            2 => (
                format!("--sctp-service 10.1.{i}.1:{}", num(rng, 1, 65535)),
                false,
                false,
                false,
            ),
            3 => (
                format!("-t [fd00::1:{i}]:{}", num(rng, 1, 65535)),
                true,
                false,
                false,
            ),
            4 => (
                format!("-u [fd00::1:{i}]:{}", num(rng, 1, 65535)),
                true,
                false,
                true,
            ),
            5 => {
                let mark = if rng.below(2) == 0 {
                    num(rng, 1, 1 << 31)
                } else {
                    num(rng, (1 << 31) + 1, u64::from(u32::MAX))
                };
                (format!("-f {mark}"), false, true, false)
            }
            _ => (
                format!("-f {} -6", num(rng, 1, u64::from(u32::MAX))),
                true,
                true,
                false,
            ),
        };
        let mut svc = format!("-A {spec}");
        let sched = pick(
            rng,
            &[
                "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf",
                "mh",
            ],
        );
        svc += &format!(" -s {sched}");
        let persistent = rng.below(2) == 0;
        if persistent {
            svc += &format!(" -p {}", num(rng, 1, 2_678_400));
            match (v6, rng.below(2)) {
                (false, 0) => svc += " -M 255.255.255.0",
                (true, 0) => svc += &format!(" -M {}", num(rng, 1, 128)),
                _ => {}
            }
        }
        if persistent && udp && rng.below(2) == 0 {
            svc += " --pe sip";
        }
        if (udp || fwmark) && rng.below(3) == 0 {
            svc += " -o";
        }
        match sched {
            "sh" => {
                svc += pick(
                    rng,
                    &[
                        "",
                        " -b sh-fallback",
                        " -b sh-port",
                        " -b sh-fallback,sh-port",
                    ],
                )
            }
            "mh" => {
                svc += pick(
                    rng,
                    &[
                        "",
                        " -b mh-fallback",
                        " -b mh-port",
                        " -b mh-fallback,mh-port",
                    ],
                )
            }
            _ => {}
        }
        lines.push(svc);
        for j in 0..rng.below(5) {
            // Another family only for ipip tunnels, and not with a daemon.
            let other = rng.below(4) == 0 && daemons == [false, false];
            let (addr_v6, fwd) = if other {
                (!v6, " -i --tun-type ipip".to_string())
            } else {
                let fwd = match rng.below(6) {
                    0 => " -m".to_string(),
                    1 => " -g".to_string(),
                    2 => " -i".to_string(),
                    3 => " -i --tun-type ipip".to_string(),
                    4 => format!(
                        " -i --tun-type gue --tun-port {}{}",
                        num(rng, 1, 65535),
                        pick(rng, &["", " --tun-nocsum", " --tun-csum", " --tun-remcsum"])
                    ),
                    _ => format!(
                        " -i --tun-type gre{}",
                        pick(rng, &["", " --tun-nocsum", " --tun-csum"])
                    ),
                };
                (v6, fwd)
            };
            let port = num(rng, 1, 65535);
            let addr = if addr_v6 {
                format!("[fd00::2:{i}:{j}]:{port}")
            } else {
                format!("10.2.{i}.{j}:{port}")
            };
            let mut dest = format!("-a {spec} -r {addr}{fwd} -w {}", num(rng, 0, 100));
            let u = if rng.below(2) == 0 {
                0
            } else {
                num(rng, 1, 100_000)
            };
            // The kernel refuses a lower threshold above the upper one.
            let l = if rng.below(3) == 0 { 0 } else { num(rng, 0, u) };
            if u != 0 || rng.below(2) == 0 {
                dest += &format!(" -x {u}");
            }
            if l != 0 || rng.below(2) == 0 {
                dest += &format!(" -y {l}");
            }
            lines.push(dest);
        }
    }
    for (state, on) in ["master", "backup"].iter().zip(daemons) {
        if !on {
            continue;
        }
        let mut d = format!(
            "--start-daemon {state} --mcast-interface eth{} --syncid {}",
            rng.below(3),
            num(rng, 0, 255)
        );
        if rng.below(2) == 0 {
            d += &format!(" --sync-maxlen {}", num(rng, 1, 65507));
        }
        match rng.below(3) {
            0 => {
                d += &format!(
                    " --mcast-group 239.1.{}.{}",
                    rng.below(256),
                    1 + rng.below(254)
                )
            }
            1 => d += &format!(" --mcast-group ff02::{:x}", 1 + rng.below(0xfffe)),
            _ => {}
        }
        if rng.below(2) == 0 {
            d += &format!(" --mcast-port {}", num(rng, 1, 65535));
        }
        if rng.below(2) == 0 {
            d += &format!(" --mcast-ttl {}", num(rng, 1, 255));
        }
        lines.push(d);
    }
    lines.join("\n") + "\n"
}

#[test]
fn full_save_then_flush_then_restore_gives_the_same_state() {
    let mut rng = XorShift(0x5eed_f011_5a7e_0001);
    let mut exact = 0;
    for case in 0..300 {
        let rules = random_rules(&mut rng);
        let mut w = World::new();
        w.ok("ipvsadm -R", &rules);
        let saved = w.ok("ipvsadm -S --full", "");
        let before = w.state();
        // Everything goes: table, daemons, timeouts changed.
        w.ok("ipvsadm -C", "");
        stop_daemons(&mut w, &before.2);
        w.ok("ipvsadm --set 7 7 7", "");
        assert_ne!(w.state(), before, "case {case}");
        w.ok("ipvsadm -R", &saved);
        let again = w.ok("ipvsadm -S --full", "");
        assert_eq!(lines(&again), lines(&saved), "case {case}\n{rules}");
        exact += usize::from(again == saved);
        assert_eq!(w.state(), before, "case {case}\n{rules}");
        // ipvsadm-restore (which flushes first, but leaves daemons
        // running) of it, daemons stopped, changes nothing either.
        stop_daemons(&mut w, &before.2);
        w.ok("ipvsadm-restore", &saved);
        assert_eq!(w.state(), before, "case {case}");
        // `apply` of it to an empty kernel makes the same state, and a
        // second apply has nothing to do.
        let mut fresh = World::new();
        fresh.ok("ipvsadm apply -", &saved);
        assert_eq!(fresh.state(), before, "case {case}\n{saved}");
        assert_eq!(fresh.ok("ipvsadm apply -", &saved), "", "case {case}");
    }
    // Most tables list in the same order again; see `lines`.
    assert!(exact > 150, "{exact}");
}

/// The saved text as what it says: the `--set` line, the service blocks
/// (each `-A` line with its `-a` lines, in any order), the daemon lines.
/// The order of services and of real servers is 1.31's sort, which is not
/// a total order (it subtracts unsigned values), so it also depends on the
/// order the kernel dumps them in, which a restore changes: the same
/// state can list in another order.
fn lines(text: &str) -> (Vec<&str>, Vec<Vec<&str>>, Vec<&str>) {
    let mut set = Vec::new();
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    let mut daemons = Vec::new();
    for line in text.lines() {
        if line.starts_with("--set ") {
            assert!(blocks.is_empty() && daemons.is_empty(), "{text}");
            set.push(line);
        } else if line.starts_with("--start-daemon ") {
            daemons.push(line);
        } else if line.starts_with("-A ") {
            assert!(daemons.is_empty(), "{text}");
            blocks.push(vec![line]);
        } else {
            assert!(line.starts_with("-a ") && !blocks.is_empty(), "{text}");
            if let Some(block) = blocks.last_mut() {
                block.push(line);
            }
        }
    }
    for block in &mut blocks {
        block.sort_unstable();
    }
    blocks.sort();
    (set, blocks, daemons)
}

fn stop_daemons(w: &mut World, daemons: &[Daemon]) {
    for d in daemons {
        let state = match d.state {
            crate::model::DaemonState::Master => "master",
            crate::model::DaemonState::Backup => "backup",
        };
        w.ok(&format!("ipvsadm --stop-daemon {state}"), "");
    }
}
