//! `-S` lines: `-A` per service, `-a` per dest, in the rules format `-R` reads.
//!
//! Design decisions: the same addrport formatting as the listings but never
//! cut to the list column widths (ipvsadm only cuts for display), and the
//! same sched-flag names as `-L`. `numeric` needs no handling here: the
//! caller already passes a resolver that knows no names under `-n`.

use crate::model::{
    tun_flags, Daemon, DaemonState, Dest, Family, FwdMethod, Protocol, Request, Service,
    ServiceKey, Timeouts, TunType,
};
use crate::names::Resolver;
use crate::output::list::{pe_name, push_addrport, push_shown_mask, sched_flags};
use crate::output::text::push_num_left;
use std::io::{self, Write};

/// The service part shared by the `-A` and `-a` lines. 1.31 prints a mark
/// as a signed int (`-f -1` for 4294967295), `unsigned_mark` as the number
/// it is.
fn svc_spec_as(svc: &Service, names: &dyn Resolver, unsigned_mark: bool) -> Vec<u8> {
    match svc.key {
        ServiceKey::Fwmark { mark, family } => {
            let mut s = b"-f ".to_vec();
            let shown = if unsigned_mark {
                i64::from(mark)
            } else {
                i64::from(mark as i32)
            };
            push_num_left(&mut s, shown, 0);
            if family == Family::Inet6 {
                s.extend_from_slice(b" -6");
            }
            s
        }
        ServiceKey::Addr { proto, addr, port } => {
            let opt = match proto {
                Protocol::Tcp => "-t",
                Protocol::Udp => "-u",
                Protocol::Sctp => "--sctp-service",
                Protocol::Other(_) => "--xxx-service",
            };
            let mut s = Vec::with_capacity(80);
            s.extend_from_slice(opt.as_bytes());
            s.push(b' ');
            push_addrport(&mut s, &addr, port, Some(proto), names);
            s
        }
    }
}

/// `fwd_switch`: route and local node both save as `-g`.
fn fwd_switch(f: FwdMethod) -> &'static str {
    match f {
        FwdMethod::Masq => "-m",
        FwdMethod::Tunnel => "-i",
        FwdMethod::Route | FwdMethod::Local => "-g",
        FwdMethod::Other(_) => "(null)",
    }
}

fn csum_option(flags: u16) -> &'static str {
    if flags & tun_flags::REMCSUM != 0 {
        " --tun-remcsum"
    } else if flags & tun_flags::CSUM != 0 {
        " --tun-csum"
    } else {
        " --tun-nocsum"
    }
}

/// Tunnel dests always carry their encapsulation, even the ipip default.
fn tunnel_options(d: &Dest) -> String {
    if d.fwd != FwdMethod::Tunnel {
        return String::new();
    }
    match d.tun_type {
        TunType::Ipip => " --tun-type ipip".to_string(),
        TunType::Gue => format!(
            " --tun-type gue --tun-port {}{}",
            d.tun_port,
            csum_option(d.tun_flags)
        ),
        TunType::Gre => format!(" --tun-type gre{}", csum_option(d.tun_flags)),
        TunType::Other(_) => String::new(),
    }
}

/// `-A <svc> -s <sched>[ -p T[ -M M]][ --pe P][ -o][ -b FLAGS]` and one
/// `-a <svc> -r <dest> <fwd> -w <weight>[ tunnel options]` per dest.
pub fn save_service(
    out: &mut dyn Write,
    svc: &Service,
    dests: &[Dest],
    names: &dyn Resolver,
) -> io::Result<()> {
    save_service_as(out, svc, dests, names, false)
}

/// `save_service`, and with `full` (`-S --full`) the real servers'
/// thresholds (` -x U -y L`, as `-a` takes them, unless both are 0) and
/// marks of 2^31 and more as the unsigned numbers they are.
pub fn save_service_as(
    out: &mut dyn Write,
    svc: &Service,
    dests: &[Dest],
    names: &dyn Resolver,
    full: bool,
) -> io::Result<()> {
    let spec = svc_spec_as(svc, names, full);
    let mut buf = Vec::with_capacity(64 * (dests.len() + 1));
    push_service_line(&mut buf, b"-A", &spec, svc);
    for d in dests {
        push_dest_line(&mut buf, b"-a", &spec, svc, d, full, names);
    }
    out.write_all(&buf)
}

/// `-S --full`'s first line: the timeouts as the `--set` that restores
/// them (0, which the kernel reports for none, leaves a value as it is).
pub fn timeouts_line(out: &mut dyn Write, t: &Timeouts) -> io::Result<()> {
    writeln!(out, "--set {} {} {}", t.tcp, t.tcp_fin, t.udp)
}

/// `-S --full`'s last lines: one `--start-daemon` per running daemon,
/// masters first (as `-L --daemon` lists them), with every parameter the
/// kernel reports. A 0 that the kernel reports for "its default", which
/// the option would refuse, is left out.
pub fn daemon_lines(out: &mut dyn Write, daemons: &[Daemon]) -> io::Result<()> {
    let ordered = daemons
        .iter()
        .filter(|d| d.state == DaemonState::Master)
        .chain(daemons.iter().filter(|d| d.state == DaemonState::Backup));
    let mut buf = Vec::new();
    for d in ordered {
        let d = Daemon {
            sync_maxlen: d.sync_maxlen.filter(|n| *n != 0),
            mcast_port: d.mcast_port.filter(|n| *n != 0),
            mcast_ttl: d.mcast_ttl.filter(|n| *n != 0),
            ..d.clone()
        };
        push_daemon_line(&mut buf, &d);
    }
    out.write_all(&buf)
}

/// `--start-daemon STATE --mcast-interface IF --syncid N` and each of
/// the optional parameters that is set.
fn push_daemon_line(buf: &mut Vec<u8>, d: &Daemon) {
    let mut line = format!(
        "--start-daemon {} --mcast-interface {} --syncid {}",
        daemon_state(d.state),
        d.mcast_ifn,
        d.syncid
    );
    if let Some(n) = d.sync_maxlen {
        line += &format!(" --sync-maxlen {n}");
    }
    if let Some(g) = d.mcast_group {
        line += &format!(" --mcast-group {g}");
    }
    if let Some(p) = d.mcast_port {
        line += &format!(" --mcast-port {p}");
    }
    if let Some(t) = d.mcast_ttl {
        line += &format!(" --mcast-ttl {t}");
    }
    buf.extend_from_slice(line.as_bytes());
    buf.push(b'\n');
}

/// A service's line with its settings, after `verb` (`-A` or `-E`).
fn push_service_line(buf: &mut Vec<u8>, verb: &[u8], spec: &[u8], svc: &Service) {
    use crate::model::svc_flags;
    buf.extend_from_slice(verb);
    buf.push(b' ');
    buf.extend_from_slice(spec);
    buf.extend_from_slice(b" -s ");
    buf.extend_from_slice(svc.scheduler.as_bytes());
    if svc.flags & svc_flags::PERSISTENT != 0 {
        buf.extend_from_slice(b" -p ");
        push_num_left(buf, i64::from(svc.timeout), 0);
        push_shown_mask(buf, b" -M ", svc);
    }
    if let Some(pe) = pe_name(svc) {
        buf.extend_from_slice(b" --pe ");
        buf.extend_from_slice(pe.as_bytes());
    }
    if svc.flags & svc_flags::ONEPACKET != 0 {
        buf.extend_from_slice(b" -o");
    }
    if svc.flags & svc_flags::SCHED_MASK != 0 {
        buf.extend_from_slice(format!(" -b {}", sched_flags(svc)).as_bytes());
    }
    buf.push(b'\n');
}

/// A real server's line with its settings, after `verb` (`-a` or `-e`);
/// the thresholds only with `thresholds` (plain `-S` does not save them).
fn push_dest_line(
    buf: &mut Vec<u8>,
    verb: &[u8],
    spec: &[u8],
    svc: &Service,
    d: &Dest,
    thresholds: bool,
    names: &dyn Resolver,
) {
    push_dest_key(buf, verb, spec, svc, d, names);
    buf.push(b' ');
    buf.extend_from_slice(fwd_switch(d.fwd).as_bytes());
    buf.extend_from_slice(b" -w ");
    push_num_left(buf, i64::from(d.weight), 0);
    if d.fwd == FwdMethod::Tunnel {
        buf.extend_from_slice(tunnel_options(d).as_bytes());
    }
    if thresholds && (d.u_threshold, d.l_threshold) != (0, 0) {
        buf.extend_from_slice(format!(" -x {} -y {}", d.u_threshold, d.l_threshold).as_bytes());
    }
    buf.push(b'\n');
}

/// `<verb> <svc> -r <dest>`, without a line end.
fn push_dest_key(
    buf: &mut Vec<u8>,
    verb: &[u8],
    spec: &[u8],
    svc: &Service,
    d: &Dest,
    names: &dyn Resolver,
) {
    buf.extend_from_slice(verb);
    buf.push(b' ');
    buf.extend_from_slice(spec);
    buf.extend_from_slice(b" -r ");
    push_addrport(buf, &d.addr, d.port, svc.key.protocol(), names);
}

fn daemon_state(state: DaemonState) -> &'static str {
    match state {
        DaemonState::Master => "master",
        DaemonState::Backup => "backup",
    }
}

/// One request of a plan as the ipvsadm command line that makes it, in the
/// rules format (`-R` reads it with or without the leading `ipvsadm`).
/// Marks are printed unsigned, as `-S --full` prints them: 1.31's signed
/// `-f -1` does not read back.
pub fn command_line(out: &mut dyn Write, r: &Request, names: &dyn Resolver) -> io::Result<()> {
    let mut buf = b"ipvsadm ".to_vec();
    match r {
        Request::AddService(s) => {
            push_service_line(&mut buf, b"-A", &svc_spec_as(s, names, true), s)
        }
        Request::EditService(s) => {
            push_service_line(&mut buf, b"-E", &svc_spec_as(s, names, true), s)
        }
        Request::DelService(s) => {
            buf.extend_from_slice(b"-D ");
            buf.extend_from_slice(&svc_spec_as(s, names, true));
            buf.push(b'\n');
        }
        Request::AddDest(s, d) => push_dest_line(
            &mut buf,
            b"-a",
            &svc_spec_as(s, names, true),
            s,
            d,
            true,
            names,
        ),
        Request::EditDest(s, d) => push_dest_line(
            &mut buf,
            b"-e",
            &svc_spec_as(s, names, true),
            s,
            d,
            true,
            names,
        ),
        Request::DelDest(s, d) => {
            push_dest_key(&mut buf, b"-d", &svc_spec_as(s, names, true), s, d, names);
            buf.push(b'\n');
        }
        Request::Flush => buf.extend_from_slice(b"-C\n"),
        Request::Zero(None) => buf.extend_from_slice(b"-Z\n"),
        // One service's counters, not the whole table's.
        Request::Zero(Some(s)) => {
            buf.extend_from_slice(b"-Z ");
            buf.extend_from_slice(&svc_spec_as(s, names, true));
            buf.push(b'\n');
        }
        Request::SetTimeouts(t) => {
            buf.extend_from_slice(format!("--set {} {} {}\n", t.tcp, t.tcp_fin, t.udp).as_bytes())
        }
        Request::StartDaemon(d) => push_daemon_line(&mut buf, d),
        // A stop names only the state and the syncid.
        Request::StopDaemon(d) => buf.extend_from_slice(
            format!(
                "--stop-daemon {} --syncid {}\n",
                daemon_state(d.state),
                d.syncid
            )
            .as_bytes(),
        ),
    }
    out.write_all(&buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::svc_flags::*;
    use crate::names::NoNames;
    use crate::output::list::tests::{debian_names, dest, fwm, golden, svc, with};

    fn save(rows: &[(Service, Vec<Dest>)], names: &dyn Resolver) -> String {
        let mut out = Vec::new();
        for (s, d) in rows {
            save_service(&mut out, s, d, names).unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    fn tun(addr: &str, port: u16, t: TunType, tport: u16, flags: u16) -> Dest {
        Dest {
            tun_type: t,
            tun_port: tport,
            tun_flags: flags,
            ..dest(addr, port, FwdMethod::Tunnel, 1)
        }
    }

    #[test]
    fn captured_numeric_save() {
        use crate::model::Family::{Inet, Inet6};
        use Protocol::{Sctp, Tcp, Udp};
        let all = 0xFFFF_FFFF;
        let rows = vec![
            (
                with(svc(Tcp, "10.0.0.100", 80), "rr", 0, 0, all),
                vec![
                    tun("fd00::2", 80, TunType::Ipip, 0, 0),
                    dest("10.0.0.1", 80, FwdMethod::Masq, 1),
                    dest("10.0.0.2", 80, FwdMethod::Route, 1),
                    dest("10.0.0.3", 8080, FwdMethod::Masq, 5),
                    tun("10.0.0.13", 80, TunType::Gue, 6080, tun_flags::NOCSUM),
                    tun("10.0.0.15", 80, TunType::Gre, 0, tun_flags::CSUM),
                    tun("10.0.0.16", 80, TunType::Gue, 6080, tun_flags::REMCSUM),
                ],
            ),
            (
                with(
                    svc(Tcp, "10.0.0.100", 443),
                    "wlc",
                    PERSISTENT,
                    600,
                    0xFFFF_FF00,
                ),
                vec![dest("10.0.0.2", 443, FwdMethod::Route, 1)],
            ),
            (svc(Udp, "10.0.0.100", 53), vec![]),
            (
                with(svc(Tcp, "fd00::100", 443), "wrr", 0, 0, 128),
                vec![tun("10.0.0.40", 443, TunType::Ipip, 0, 0)],
            ),
            (
                fwm(1, Inet),
                vec![dest("10.0.0.30", 0, FwdMethod::Route, 1)],
            ),
            (fwm(2, Inet6), vec![dest("fd00::3", 80, FwdMethod::Masq, 1)]),
            (
                with(
                    svc(Tcp, "10.0.0.130", 80),
                    "sh",
                    PERSISTENT | SCHED2,
                    50,
                    0xFFFF_0000,
                ),
                vec![],
            ),
            (
                with(
                    svc(Udp, "10.0.0.130", 53),
                    "wlc",
                    PERSISTENT | ONEPACKET,
                    360,
                    all,
                ),
                vec![],
            ),
            (with(fwm(9, Inet6), "wlc", PERSISTENT, 20, 96), vec![]),
            (svc(Sctp, "10.0.0.108", 80), vec![]),
            (
                with(svc(Tcp, "fd00::102", 80), "wlc", PERSISTENT, 10, 64),
                vec![],
            ),
        ];
        let want = golden(
            "-A -t 10.0.0.100:80 -s rr$
            -a -t 10.0.0.100:80 -r [fd00::2]:80 -i -w 1 --tun-type ipip$
            -a -t 10.0.0.100:80 -r 10.0.0.1:80 -m -w 1$
            -a -t 10.0.0.100:80 -r 10.0.0.2:80 -g -w 1$
            -a -t 10.0.0.100:80 -r 10.0.0.3:8080 -m -w 5$
            -a -t 10.0.0.100:80 -r 10.0.0.13:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-nocsum$
            -a -t 10.0.0.100:80 -r 10.0.0.15:80 -i -w 1 --tun-type gre --tun-csum$
            -a -t 10.0.0.100:80 -r 10.0.0.16:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-remcsum$
            -A -t 10.0.0.100:443 -s wlc -p 600 -M 255.255.255.0$
            -a -t 10.0.0.100:443 -r 10.0.0.2:443 -g -w 1$
            -A -u 10.0.0.100:53 -s wlc$
            -A -t [fd00::100]:443 -s wrr$
            -a -t [fd00::100]:443 -r 10.0.0.40:443 -i -w 1 --tun-type ipip$
            -A -f 1 -s wlc$
            -a -f 1 -r 10.0.0.30:0 -g -w 1$
            -A -f 2 -6 -s wlc$
            -a -f 2 -6 -r [fd00::3]:80 -m -w 1$
            -A -t 10.0.0.130:80 -s sh -p 50 -M 255.255.0.0 -b sh-port$
            -A -u 10.0.0.130:53 -s wlc -p 360 -o$
            -A -f 9 -6 -s wlc -p 20 -M 96$
            -A --sctp-service 10.0.0.108:80 -s wlc$
            -A -t [fd00::102]:80 -s wlc -p 10 -M 64$",
        );
        assert_eq!(save(&rows, &NoNames), want);
    }

    #[test]
    fn names_are_used_and_not_cut() {
        let names = debian_names();
        let rows = vec![
            (
                with(
                    svc(Protocol::Tcp, "10.0.0.100", 80),
                    "rr",
                    0,
                    0,
                    0xFFFF_FFFF,
                ),
                vec![
                    tun("fd00::2", 80, TunType::Ipip, 0, 0),
                    dest("10.0.0.3", 8080, FwdMethod::Masq, 5),
                ],
            ),
            (
                with(
                    svc(Protocol::Udp, "10.0.0.99", 53),
                    "wlc",
                    PERSISTENT,
                    360,
                    0xFFFF_FFFF,
                ),
                vec![],
            ),
            (svc(Protocol::Tcp, "127.0.0.1", 80), vec![]),
        ];
        let want = golden(
            "-A -t vip.example:http -s rr
            -a -t vip.example:http -r [rs6.example]:http -i -w 1 --tun-type ipip
            -a -t vip.example:http -r 10.0.0.3:http-alt -m -w 5
            -A -u 10.0.0.99:domain -s wlc -p 360
            -A -t localhost:http -s wlc",
        );
        assert_eq!(save(&rows, &names), want);

        let long = "a-very-long-host-name-for-testing.example.org";
        let names = crate::names::SystemNames::from_texts(&format!("10.0.0.1 {long}\n"), "");
        let rows = vec![(
            fwm(1, crate::model::Family::Inet),
            vec![dest("10.0.0.1", 80, FwdMethod::Route, 1)],
        )];
        assert_eq!(
            save(&rows, &names),
            format!("-A -f 1 -s wlc\n-a -f 1 -r {long}:80 -g -w 1\n")
        );
    }

    #[test]
    fn odd_values() {
        let mut s = with(
            fwm(u32::MAX, crate::model::Family::Inet),
            "mh",
            SCHED_MASK,
            0,
            0,
        );
        s.pe_name = Some("sip".into());
        let rows = vec![(
            s,
            vec![
                dest("10.0.0.1", 80, FwdMethod::Local, 0),
                dest("10.0.0.2", 80, FwdMethod::Route, i32::MAX),
            ],
        )];
        // --pe is saved without -p; -M only with -p; mh shows no flag-3.
        let want = "-A -f -1 -s mh --pe sip -b mh-fallback,mh-port\n\
                    -a -f -1 -r 10.0.0.1:80 -g -w 0\n\
                    -a -f -1 -r 10.0.0.2:80 -g -w 2147483647\n";
        assert_eq!(save(&rows, &NoNames), want);
    }

    #[test]
    fn plan_steps_as_command_lines() {
        use crate::model::{Daemon, DaemonState, Timeouts};
        let s = with(
            svc(Protocol::Tcp, "10.0.0.1", 80),
            "rr",
            PERSISTENT,
            300,
            0xFFFF_FFFF,
        );
        let mut d = dest("10.0.0.2", 80, FwdMethod::Masq, 2);
        d.u_threshold = 50;
        let daemon = Daemon {
            mcast_ifn: "eth0".into(),
            ..Daemon::stop(DaemonState::Backup, 7)
        };
        for (request, want) in [
            (
                Request::EditService(s.clone()),
                "ipvsadm -E -t 10.0.0.1:80 -s rr -p 300\n",
            ),
            (
                Request::DelService(s.clone()),
                "ipvsadm -D -t 10.0.0.1:80\n",
            ),
            (
                Request::AddDest(s.clone(), d.clone()),
                "ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 2 -x 50 -y 0\n",
            ),
            (
                Request::DelDest(s.clone(), d.clone()),
                "ipvsadm -d -t 10.0.0.1:80 -r 10.0.0.2:80\n",
            ),
            (
                Request::SetTimeouts(Timeouts {
                    tcp: 900,
                    tcp_fin: 120,
                    udp: 300,
                }),
                "ipvsadm --set 900 120 300\n",
            ),
            (
                Request::StartDaemon(daemon.clone()),
                "ipvsadm --start-daemon backup --mcast-interface eth0 --syncid 7\n",
            ),
            (
                Request::StartDaemon(Daemon {
                    sync_maxlen: Some(1400),
                    mcast_group: Some("224.0.0.81".parse().unwrap()),
                    mcast_port: Some(8848),
                    mcast_ttl: Some(2),
                    ..daemon.clone()
                }),
                "ipvsadm --start-daemon backup --mcast-interface eth0 --syncid 7 \
                 --sync-maxlen 1400 --mcast-group 224.0.0.81 --mcast-port 8848 --mcast-ttl 2\n",
            ),
            (
                Request::StopDaemon(daemon.clone()),
                "ipvsadm --stop-daemon backup --syncid 7\n",
            ),
        ] {
            let mut out = Vec::new();
            command_line(&mut out, &request, &NoNames).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), want);
            // The line reads back as a request that prints the same line.
            let words: Vec<&str> = want.split_whitespace().skip(1).collect();
            let crate::cli::Command::Modify(parsed) =
                crate::cli::parse("ipvsadm", &words, &NoNames).unwrap()
            else {
                panic!("{want}: not a modifying command");
            };
            let mut again = Vec::new();
            command_line(&mut again, &parsed, &NoNames).unwrap();
            assert_eq!(String::from_utf8(again).unwrap(), want);
        }
    }

    #[test]
    fn zeroing_one_service_names_it() {
        let words = ["-Z", "-t", "10.0.0.4:80"];
        let crate::cli::Command::Modify(request) =
            crate::cli::parse("ipvsadm", &words, &NoNames).unwrap()
        else {
            panic!("-Z: not a modifying command");
        };
        let mut out = Vec::new();
        command_line(&mut out, &request, &NoNames).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "ipvsadm -Z -t 10.0.0.4:80\n"
        );
    }

    #[test]
    fn a_plan_line_prints_a_high_mark_unsigned_so_it_reads_back() {
        let words = ["-a", "-f", "4294967295", "-6", "-r", "[fd00::8]:0", "-g"];
        let crate::cli::Command::Modify(request) =
            crate::cli::parse("ipvsadm", &words, &NoNames).unwrap()
        else {
            panic!("-a: not a modifying command");
        };
        let mut out = Vec::new();
        command_line(&mut out, &request, &NoNames).unwrap();
        let line = String::from_utf8(out).unwrap();
        assert_eq!(line, "ipvsadm -a -f 4294967295 -6 -r [fd00::8]:0 -g -w 1\n");
        let back: Vec<&str> = line.split_whitespace().skip(1).collect();
        let crate::cli::Command::Modify(again) =
            crate::cli::parse("ipvsadm", &back, &NoNames).unwrap()
        else {
            panic!("{line}: not a modifying command");
        };
        assert_eq!(again, request);
    }
}
