//! From argv to a typed [`Command`]: the first-option rule, the option loop,
//! positionals, `-b`, the legality matrix and the per-command checks, in
//! 1.31's order (see the module docs of `cli`).
//!
//! Design decisions: checks run in exactly the order ipvsadm runs them,
//! because which error wins is observable; the typed command is built only
//! after every check passed, from the raw state alone.

use super::lex::Lexer;
use super::options::{self, Raw};
use super::popt::Id;
use super::table::{self, Cmd, Opt};
use super::values::{self, SchedFlagsError};
use super::{Command, Invocation, Memo};
use crate::error::{Error, Result};
use crate::model::{
    svc_flags, Daemon, DaemonState, Dest, Family, FwdMethod, ListFormat, ListOptions, Protocol,
    Request, Service, ServiceKey, Timeouts,
};
use crate::names::Resolver;

/// Default scheduler for `-A`/`-E`.
const DEF_SCHED: &str = "wlc";
/// Default sync daemon interface.
const DEF_MCAST_IFN: &str = "eth0";

/// Parse a command line (without `argv[0]`) exactly as ipvsadm 1.31 does,
/// plus our options (`--full`, `--json`, `--netns NAME`).
pub fn parse(
    prog: &str,
    args: &[&str],
    names: &dyn Resolver,
    memo: &mut Memo,
) -> Result<Invocation> {
    let try_help = || Error::Try {
        prog: prog.to_string(),
    };
    let mut lexer = Lexer::new(args);
    // The first option must be a command; any popt failure here is the hint.
    // Only `--netns NAME` may come before it (`ipvsadm --netns NS -Ln`).
    let mut leading = Vec::new();
    let first = loop {
        match lexer.next() {
            Some(Ok(found)) if found.def.id == Id::Opt(Opt::Netns) => leading.push(found),
            Some(Ok(found)) => break found,
            // `ipvsadm --netns NS` alone is `ipvsadm` (the listing) there.
            None if !leading.is_empty() && lexer.leftovers().is_empty() => {
                let mut raw = Raw::new(Cmd::List);
                for found in &leading {
                    raw.apply(found, names, memo)?;
                }
                return Ok(Invocation {
                    command: Command::List(ListOptions::default()),
                    netns: raw.netns,
                });
            }
            _ => return Err(try_help()),
        }
    };
    let cmd = match first.def.id {
        Id::Cmd(cmd) => cmd,
        // Everything after -h/-v is ignored, errors included.
        Id::Help => return Ok(Command::Help.into()),
        Id::Version => return Ok(Command::Version.into()),
        _ => return Err(try_help()),
    };
    let mut raw = Raw::new(cmd);
    for found in &leading {
        raw.apply(found, names, memo)?;
    }
    if matches!(cmd, Cmd::StartDaemon | Cmd::StopDaemon) {
        raw.state = Some(match first.value {
            Some("master") => DaemonState::Master,
            Some("backup") => DaemonState::Backup,
            _ if cmd == Cmd::StartDaemon => {
                return Err(Error::fail("illegal start-daemon parameter specified"))
            }
            // sic: 1.31 says start_daemon for --stop-daemon.
            _ => return Err(Error::fail("illegal start_daemon specified")),
        });
    }
    for item in lexer.by_ref() {
        raw.apply(&item?, names, memo)?;
    }

    let mut positionals = lexer.leftovers().iter();
    let mut timeouts = Timeouts::default();
    if cmd == Cmd::Set {
        let (Some(tcp), Some(fin), Some(udp)) =
            (positionals.next(), positionals.next(), positionals.next())
        else {
            return Err(Error::fail("--set option requires 3 timeout values"));
        };
        timeouts = Timeouts {
            tcp: options::timeout(tcp, 0)?,
            tcp_fin: options::timeout(fin, 0)?,
            udp: options::timeout(udp, 0)?,
        };
    }
    if let Some(extra) = positionals.next() {
        return Err(Error::fail(format!("unexpected argument {extra}")));
    }

    if let Some(list) = &raw.sched_flags {
        let sched = if raw.sched.is_empty() {
            DEF_SCHED
        } else {
            &raw.sched
        };
        raw.flags |= values::sched_flags(list, sched).map_err(|e| match e {
            SchedFlagsError::Invalid(f) => Error::fail(format!("invalid scheduler flag `{f}'")),
            SchedFlagsError::Incompatible(f) => {
                Error::fail(format!("incompatible scheduler flag `{f}'"))
            }
        })?;
    }

    table::check(cmd, raw.opts)?;
    let netns = raw.netns.take();
    Ok(Invocation {
        command: build(raw, timeouts)?,
        netns,
    })
}

/// Per-command semantic checks, then the typed command.
fn build(mut raw: Raw, timeouts: Timeouts) -> Result<Command> {
    let cmd = raw.cmd;
    if matches!(cmd, Cmd::AddService | Cmd::EditService) {
        if raw.fwmark == 0 && raw.svc_port == 0 && raw.flags & svc_flags::PERSISTENT == 0 {
            return Err(Error::fail(
                "Zero port specified for non-persistent service",
            ));
        }
        if raw.flags & svc_flags::ONEPACKET != 0
            && raw.fwmark == 0
            && raw.proto != Some(Protocol::Udp)
        {
            return Err(Error::fail(
                "One-Packet Scheduling is only for UDP virtual services",
            ));
        }
        if raw.sched.is_empty() {
            raw.sched = DEF_SCHED.to_string();
        }
    }
    if matches!(cmd, Cmd::AddServer | Cmd::EditServer) {
        // Direct routing and tunnelling cannot change the port.
        if raw.fwmark == 0 && matches!(raw.fwd, FwdMethod::Tunnel | FwdMethod::Route) {
            raw.dest_port = raw.svc_port;
        }
        let dest_family = raw.dest_addr.as_ref().map(Family::of);
        if dest_family != Some(raw.svc_family()) && raw.fwd != FwdMethod::Tunnel {
            return Err(Error::fail(
                "Different address family is allowed only for tunneling servers",
            ));
        }
        let tunnel_opts = [
            Opt::TunType,
            Opt::TunPort,
            Opt::TunNocsum,
            Opt::TunCsum,
            Opt::TunRemcsum,
        ];
        if raw.opts.any(&tunnel_opts) && raw.fwd != FwdMethod::Tunnel {
            return Err(Error::fail("Tunnel options conflict with forward method"));
        }
        let tun_name = match raw.tun_type {
            crate::model::TunType::Gue => "gue",
            crate::model::TunType::Gre => "gre",
            _ => "ipip",
        };
        table::check_tunnel(tun_name, raw.opts)?;
    }
    if cmd == Cmd::List {
        let o = raw.opts;
        if (o.any(&[Opt::Connection, Opt::Timeout, Opt::Daemon])
            && o.any(&[Opt::Stats, Opt::Rate, Opt::Thresholds]))
            || (o.any(&[Opt::Timeout, Opt::Daemon]) && o.has(Opt::PersistentConn))
        {
            return Err(Error::fail("options conflicts in the list command"));
        }
    }
    let request = match cmd {
        Cmd::AddService => Request::AddService(service(&raw)?),
        Cmd::EditService => Request::EditService(service(&raw)?),
        Cmd::DelService => Request::DelService(service(&raw)?),
        Cmd::AddServer => Request::AddDest(service(&raw)?, dest(&raw)?),
        Cmd::EditServer => Request::EditDest(service(&raw)?, dest(&raw)?),
        Cmd::DelServer => Request::DelDest(service(&raw)?, dest(&raw)?),
        Cmd::Flush => Request::Flush,
        Cmd::Zero => Request::Zero(match key(&raw) {
            Some(_) => Some(service(&raw)?),
            None => None,
        }),
        Cmd::Set => Request::SetTimeouts(timeouts),
        Cmd::StartDaemon => Request::StartDaemon(Daemon {
            state: daemon_state(&raw)?,
            mcast_ifn: if raw.mcast_ifn.is_empty() {
                DEF_MCAST_IFN.to_string()
            } else {
                raw.mcast_ifn.clone()
            },
            syncid: raw.syncid,
            sync_maxlen: raw.sync_maxlen,
            mcast_group: raw.mcast_group,
            mcast_port: raw.mcast_port,
            mcast_ttl: raw.mcast_ttl,
        }),
        Cmd::StopDaemon => Request::StopDaemon(Daemon::stop(daemon_state(&raw)?, raw.syncid)),
        Cmd::List => return Ok(Command::List(list(&raw))),
        Cmd::Save => {
            return Ok(Command::Save {
                numeric: raw.opts.has(Opt::Numeric),
                full: raw.opts.has(Opt::Full),
            })
        }
        Cmd::Restore => return Ok(Command::Restore),
    };
    Ok(Command::Modify(request))
}

/// The service key, if a service option was given.
fn key(raw: &Raw) -> Option<ServiceKey> {
    if raw.fwmark != 0 {
        return Some(ServiceKey::Fwmark {
            mark: raw.fwmark,
            family: raw.fwmark_family,
        });
    }
    Some(ServiceKey::Addr {
        proto: raw.proto?,
        addr: raw.svc_addr?,
        port: raw.svc_port,
    })
}

/// The full service as 1.31 sends it (scheduler empty unless -A/-E/-s).
fn service(raw: &Raw) -> Result<Service> {
    // The matrix guarantees a service here; stay total anyway.
    let key =
        key(raw).ok_or_else(|| Error::fail("illegal virtual server address[:port] specified"))?;
    Ok(Service {
        key,
        scheduler: raw.sched.clone().into(),
        pe_name: (!raw.pe_name.is_empty()).then(|| raw.pe_name.clone()),
        flags: raw.flags,
        timeout: raw.timeout,
        netmask: raw.netmask,
        stats: Default::default(),
    })
}

fn dest(raw: &Raw) -> Result<Dest> {
    let addr = raw
        .dest_addr
        .ok_or_else(|| Error::fail("illegal real server address[:port] specified"))?;
    let mut d = Dest::new(addr, raw.dest_port);
    d.fwd = raw.fwd;
    d.weight = raw.weight;
    d.u_threshold = raw.u_threshold;
    d.l_threshold = raw.l_threshold;
    d.tun_type = raw.tun_type;
    d.tun_port = raw.tun_port;
    d.tun_flags = raw.tun_flags;
    Ok(d)
}

fn daemon_state(raw: &Raw) -> Result<DaemonState> {
    raw.state
        .ok_or_else(|| Error::fail("illegal start-daemon parameter specified"))
}

fn list(raw: &Raw) -> ListOptions {
    let o = raw.opts;
    let format = if o.has(Opt::Stats) {
        ListFormat::Stats
    } else if o.has(Opt::Rate) {
        ListFormat::Rate
    } else if o.has(Opt::Thresholds) {
        ListFormat::Thresholds
    } else if o.has(Opt::PersistentConn) {
        ListFormat::PersistentConn
    } else if o.has(Opt::TunInfo) {
        ListFormat::TunInfo
    } else {
        ListFormat::Default
    };
    ListOptions {
        service: key(raw),
        numeric: o.has(Opt::Numeric),
        connection: o.has(Opt::Connection),
        timeout: o.has(Opt::Timeout),
        daemon: o.has(Opt::Daemon),
        format,
        persistent_conn: o.has(Opt::PersistentConn),
        exact: o.has(Opt::Exact),
        nosort: o.has(Opt::NoSort),
        json: o.has(Opt::Json),
    }
}

#[cfg(test)]
mod tests {
    use super::super::values::tests::Names;
    use super::*;
    use crate::error::PoptMsg;
    use crate::model::{svc_flags, tun_flags, TunType};
    use std::net::{IpAddr, Ipv4Addr};

    fn run(line: &str) -> Result<Command> {
        let args: Vec<&str> = line.split_whitespace().collect();
        run_args(&args)
    }

    fn run_args(args: &[&str]) -> Result<Command> {
        parse("ipvsadm", args, &Names, &mut Memo::default()).map(|i| i.command)
    }

    /// The exit-2 message, or a description of what came instead.
    fn fail(line: &str) -> String {
        match run(line) {
            Err(Error::Fail(m)) => m,
            other => format!("not a fail: {other:?}"),
        }
    }

    /// Each line fails with its exit-2 message.
    fn fails(cases: &[(&str, &str)]) {
        for (line, want) in cases {
            assert_eq!(fail(line), *want, "{line}");
        }
    }

    /// `prefix` and each rest fail with its exit-2 message.
    fn fails_after(prefix: &str, cases: &[(&str, &str)]) {
        for (rest, want) in cases {
            let line = format!("{prefix} {rest}");
            assert_eq!(fail(&line), *want, "{line}");
        }
    }

    fn popt(line: &str) -> (String, PoptMsg) {
        match run(line) {
            Err(Error::Popt { opt, msg }) => (opt, msg),
            other => (format!("not popt: {other:?}"), PoptMsg::UnknownOption),
        }
    }

    fn is_try(r: Result<Command>) -> bool {
        r == Err(Error::Try {
            prog: "ipvsadm".to_string(),
        })
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    fn tcp(addr: &str, port: u16) -> ServiceKey {
        ServiceKey::Addr {
            proto: Protocol::Tcp,
            addr: ip(addr),
            port,
        }
    }

    fn add_service(line: &str) -> Service {
        match run(line) {
            Ok(Command::Modify(Request::AddService(s)))
            | Ok(Command::Modify(Request::EditService(s))) => s,
            other => panic!("{line}: {other:?}"),
        }
    }

    fn add_dest(line: &str) -> (Service, Dest) {
        match run(line) {
            Ok(Command::Modify(Request::AddDest(s, d)))
            | Ok(Command::Modify(Request::EditDest(s, d)))
            | Ok(Command::Modify(Request::DelDest(s, d))) => (s, d),
            other => panic!("{line}: {other:?}"),
        }
    }

    fn list(line: &str) -> ListOptions {
        match run(line) {
            Ok(Command::List(o)) => o,
            other => panic!("{line}: {other:?}"),
        }
    }

    // ---- first option ----

    #[test]
    fn command_must_come_first() {
        assert!(is_try(run("-nL")));
        assert!(is_try(run("-n")));
        assert!(is_try(run("foo")));
        assert!(is_try(run("-V")));
        assert!(is_try(run("-X")));
        assert!(is_try(run("--bogus")));
        assert!(is_try(run("-t 1.2.3.4:80")));
        assert!(is_try(run("-6")));
        assert!(is_try(run("#")));
        assert!(is_try(run("--")));
        assert!(is_try(run("-- -L")));
    }

    #[test]
    fn popt_error_in_first_option_is_the_hint() {
        assert!(is_try(run("--list=1")));
        assert!(is_try(run("--start-daemon")));
        assert!(is_try(run("-L=1")));
    }

    #[test]
    fn positional_before_the_command_is_a_leftover() {
        // popt permutes: the command is still the first *option*.
        assert_eq!(fail("foo -L"), "unexpected argument foo");
    }

    #[test]
    fn help_and_version_ignore_the_rest() {
        assert_eq!(run("-h"), Ok(Command::Help));
        assert_eq!(run("--help extra --bogus"), Ok(Command::Help));
        assert_eq!(run("-hL"), Ok(Command::Help));
        assert_eq!(run("-v"), Ok(Command::Version));
        assert_eq!(run("--version -t"), Ok(Command::Version));
    }

    #[test]
    fn second_command_is_an_invalid_option() {
        fails(&[
            ("-L -L", "invalid option `-L'"),
            ("-L -A", "invalid option `-A'"),
            ("-A -L", "invalid option `-L'"),
            ("-L -h", "invalid option `-h'"),
            ("-L -v", "invalid option `-v'"),
            ("-L --list", "invalid option `--list'"),
            ("-L -nA", "invalid option `-nA'"),
            ("-LA", "invalid option `-LA'"),
            ("-L --set", "invalid option `--set'"),
            // popt reports the last word consumed: the daemon state.
            ("-L --start-daemon master", "invalid option `master'"),
        ]);
    }

    // ---- popt errors ----

    #[test]
    fn popt_errors_after_the_command() {
        use PoptMsg::{MissingArgument, NoArgumentAllowed, UnknownOption};
        for (line, bad, msg) in [
            ("-A -t", "-t", MissingArgument),
            ("-A -t 10.0.0.100:80 -s", "-s", MissingArgument),
            ("-A -t 10.0.0.1:80 -p -1", "-1", UnknownOption),
            ("--set -1 2 3", "-1", UnknownOption),
            ("-L --numeric=1", "--numeric=1", NoArgumentAllowed),
            ("-A -t 10.0.0.1:80 --bogus", "--bogus", UnknownOption),
            ("-Lq", "-Lq", UnknownOption),
            ("-L --numer", "--numer", UnknownOption),
        ] {
            assert_eq!(popt(line), (bad.to_string(), msg), "{line}");
        }
    }

    #[test]
    fn popt_error_exit_code_is_255_and_text() {
        let e = run("-A -t").err();
        assert_eq!(e.as_ref().map(Error::exit_code), Some(255));
        assert_eq!(
            e.map(|e| e.to_string()),
            Some("-t: missing argument".into())
        );
    }

    #[test]
    fn first_bad_option_wins_in_argv_order() {
        fails(&[
            ("-A -t 1.2.3.4:80 -w x -p 0", "illegal weight specified"),
            ("-A -p 0 -w x", "invalid timeout value `0' specified"),
            // A value error before a popt error on a later word.
            ("-a -w x --bogus", "illegal weight specified"),
        ]);
        // A popt error before a value error on a later word.
        assert_eq!(
            popt("-a --bogus -w x"),
            ("--bogus".into(), PoptMsg::UnknownOption)
        );
        // Value errors win over the matrix.
        assert_eq!(fail("-L -w -5"), "illegal weight specified");
        assert_eq!(fail("-L -x -5"), "illegal u_threshold specified");
    }

    #[test]
    fn repeated_options_are_reported_before_their_value() {
        fails(&[
            (
                "-A -t 1.2.3.4:80 -u bad",
                "multiple 'service-address' options specified",
            ),
            (
                "-A -t 1.2.3.4:80 -f 1",
                "multiple 'service-address' options specified",
            ),
            ("-a -m -g", "multiple 'forwarding-method' options specified"),
            ("-a -m -m", "multiple 'forwarding-method' options specified"),
            ("-L -n -n", "multiple 'numeric' options specified"),
            ("-L -Lnn", "invalid option `-Lnn'"),
            ("-Lnn", "multiple 'numeric' options specified"),
            ("-A -s rr -s x", "multiple 'scheduler' options specified"),
            ("-A -p -p", "multiple 'persistent' options specified"),
        ]);
    }

    #[test]
    fn sort_may_repeat_and_is_legal_everywhere() {
        assert_eq!(
            run("-L --sort --sort"),
            Ok(Command::List(ListOptions::default()))
        );
        assert_eq!(run("-C --sort"), Ok(Command::Modify(Request::Flush)));
    }

    // ---- positionals ----

    #[test]
    fn leftover_positionals() {
        fails(&[
            ("-L foo", "unexpected argument foo"),
            ("-C foo bar", "unexpected argument foo"),
            ("-L -n -- -x", "unexpected argument -x"),
            ("--set 1 2 3 4", "unexpected argument 4"),
            ("-L # comment", "unexpected argument #"),
        ]);
    }

    #[test]
    fn set_takes_three_positionals_anywhere() {
        let t = |tcp, tcp_fin, udp| {
            Ok(Command::Modify(Request::SetTimeouts(Timeouts {
                tcp,
                tcp_fin,
                udp,
            })))
        };
        assert_eq!(run("--set 900 120 300"), t(900, 120, 300));
        assert_eq!(run("--set 0 0 0"), t(0, 0, 0));
        assert_eq!(run("900 --set 120 300"), t(900, 120, 300));
        assert_eq!(run("--set -- 1 2 3"), t(1, 2, 3));
        assert_eq!(run("--set 2678400 0 0"), t(2_678_400, 0, 0));
        fails(&[
            ("--set 1 2", "--set option requires 3 timeout values"),
            ("--set", "--set option requires 3 timeout values"),
            ("--set 1 x 3", "invalid timeout value `x' specified"),
            (
                "--set 1 2 2678401",
                "invalid timeout value `2678401' specified",
            ),
            (
                "--set 900 120 300 -n",
                "Illegal 'numeric' option with the 'set' command",
            ),
            // The count check comes before leftovers and the matrix.
            ("--set 1 2 -n", "--set option requires 3 timeout values"),
        ]);
    }

    // ---- services ----

    #[test]
    fn add_service_defaults() {
        let s = add_service("-A -t 10.0.0.1:80");
        assert_eq!(
            s,
            Service {
                key: tcp("10.0.0.1", 80),
                scheduler: "wlc".into(),
                pe_name: None,
                flags: 0,
                timeout: 0,
                netmask: 0xFFFF_FFFF,
                stats: Default::default(),
            }
        );
    }

    #[test]
    fn service_option_spellings() {
        let want = tcp("10.0.0.1", 80);
        for line in [
            "-A -t 10.0.0.1:80",
            "-A -t10.0.0.1:80",
            "-At10.0.0.1:80",
            "-A -t=10.0.0.1:80",
            "-A --tcp-service 10.0.0.1:80",
            "-A --tcp-service=10.0.0.1:80",
            "--add-service -t 10.0.0.1:80",
            "-A -t web:http",
            "-A -t 0x0a000001:80",
        ] {
            let key = if line.contains("web") {
                tcp("10.0.0.7", 80)
            } else {
                want
            };
            assert_eq!(add_service(line).key, key, "{line}");
        }
        let udp = add_service("-A -u 10.0.0.1:domain").key;
        assert_eq!(
            udp,
            ServiceKey::Addr {
                proto: Protocol::Udp,
                addr: ip("10.0.0.1"),
                port: 53
            }
        );
        let sctp = add_service("-A --sctp-service 10.0.0.1:dns-sctp").key;
        assert_eq!(
            sctp,
            ServiceKey::Addr {
                proto: Protocol::Sctp,
                addr: ip("10.0.0.1"),
                port: 5353
            }
        );
        assert_eq!(
            fail("-A -u 10.0.0.1:http"),
            "illegal virtual server address[:port] specified"
        );
    }

    #[test]
    fn bad_service_addresses() {
        for v in [
            "12345",
            "[fd00::1]",
            "[fd00::1",
            "1.2.3.4:65536",
            "nohost:80",
            "1.2.3.4:",
        ] {
            assert_eq!(
                fail(&format!("-A -t {v}")),
                "illegal virtual server address[:port] specified",
                "{v}"
            );
        }
    }

    #[test]
    fn ipv6_services() {
        let s = add_service("-A -t [fd00::1]:80 -s rr");
        assert_eq!(s.key, tcp("fd00::1", 80));
        assert_eq!(s.netmask, 128);
        assert_eq!(s.scheduler, "rr");
        // inet_pton first: no port, so the zero-port rule applies.
        assert_eq!(
            fail("-A -t fd00::103:80"),
            "Zero port specified for non-persistent service"
        );
        assert_eq!(
            add_service("-A -t fd00::103:80 -p").key,
            tcp("fd00::103:80", 0)
        );
    }

    #[test]
    fn fwmark_services() {
        let s = add_service("-A -f 1");
        assert_eq!(
            s.key,
            ServiceKey::Fwmark {
                mark: 1,
                family: Family::Inet
            }
        );
        assert_eq!(s.netmask, 0xFFFF_FFFF);
        let s = add_service("-A -f 4294967295 -6");
        assert_eq!(
            s.key,
            ServiceKey::Fwmark {
                mark: u32::MAX,
                family: Family::Inet6
            }
        );
        assert_eq!(s.netmask, 128);
        assert_eq!(add_service("-A --fwmark-service=7 --ipv6 -6").netmask, 128);
        for bad in ["0", "-1", "abc", "4294967296"] {
            assert_eq!(
                fail(&format!("-A -f {bad}")),
                format!("invalid fwmark value `{bad}' specified")
            );
        }
    }

    #[test]
    fn ipv6_flag_needs_fwmark_first() {
        assert_eq!(fail("-A -6 -f 1"), "-6 used before -f\n");
        assert_eq!(fail("-A -t 1.2.3.4:80 -6"), "-6 used before -f\n");
        // -6 is legal with any command once -f came first.
        assert_eq!(
            list("-L -f 1 -6").service,
            Some(ServiceKey::Fwmark {
                mark: 1,
                family: Family::Inet6
            })
        );
        let e = run("-A -6").err();
        assert_eq!(
            e.map(|e| e.to_string()),
            Some("-6 used before -f\n".to_string())
        );
    }

    #[test]
    fn scheduler_is_truncated_to_15() {
        assert_eq!(
            add_service("-A -t 1.2.3.4:80 -s abcdefghijklmnopq").scheduler,
            "abcdefghijklmno"
        );
        assert_eq!(
            add_service("-A -t 1.2.3.4:80 --scheduler=lc").scheduler,
            "lc"
        );
        assert_eq!(add_service("-A -t 1.2.3.4:80 -srr").scheduler, "rr");
        assert_eq!(add_service("-A -t 1.2.3.4:80 -s=sh").scheduler, "sh");
    }

    #[test]
    fn edit_service_resets_scheduler_to_wlc() {
        match run("-E -t 1.2.3.4:80") {
            Ok(Command::Modify(Request::EditService(s))) => assert_eq!(s.scheduler, "wlc"),
            other => panic!("{other:?}"),
        }
        match run_args(&["-E", "-t", "1.2.3.4:80", "-s", ""]) {
            Ok(Command::Modify(Request::EditService(s))) => assert_eq!(s.scheduler, "wlc"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn persistence() {
        let s = add_service("-A -t 1.2.3.4:80 -p");
        assert_eq!((s.flags, s.timeout), (svc_flags::PERSISTENT, 360));
        assert_eq!(add_service("-A -t 1.2.3.4:80 -p 60").timeout, 60);
        assert_eq!(add_service("-A -t 1.2.3.4:80 -p60").timeout, 60);
        assert_eq!(
            add_service("-A -t 1.2.3.4:80 --persistent=100").timeout,
            100
        );
        assert_eq!(
            add_service("-A -t 1.2.3.4:80 --persistent 100").timeout,
            100
        );
        assert_eq!(add_service("-A -p -t 1.2.3.4:80").timeout, 360);
        let s = add_service("-A -t 1.2.3.4:80 -p -s rr");
        assert_eq!((s.timeout, s.scheduler.as_ref()), (360, "rr"));
        fails(&[
            (
                "-A -t 1.2.3.4:80 -p abc",
                "invalid timeout value `abc' specified",
            ),
            (
                "-A -t 1.2.3.4:80 -p 0",
                "invalid timeout value `0' specified",
            ),
            (
                "-A -t 1.2.3.4:80 -p 2678401",
                "invalid timeout value `2678401' specified",
            ),
        ]);
        assert_eq!(
            add_service("-A -t 1.2.3.4:80 -p 2678400").timeout,
            2_678_400
        );
        assert_eq!(
            fail("-A -t 1.2.3.4:80 -p="),
            "invalid timeout value `' specified"
        );
    }

    #[test]
    fn zero_port_needs_persistence_but_not_for_fwmark() {
        assert_eq!(
            fail("-A -t 1.2.3.4"),
            "Zero port specified for non-persistent service"
        );
        assert_eq!(
            fail("-E -t 1.2.3.4:0"),
            "Zero port specified for non-persistent service"
        );
        assert_eq!(add_service("-A -t 1.2.3.4 -p").key, tcp("1.2.3.4", 0));
        assert!(matches!(
            run("-D -t 1.2.3.4"),
            Ok(Command::Modify(Request::DelService(_)))
        ));
    }

    #[test]
    fn netmask_ipv4_and_ipv6() {
        assert_eq!(
            add_service("-A -t 1.2.3.4:80 -p -M 255.255.255.0").netmask,
            0xFFFF_FF00
        );
        assert_eq!(add_service("-A -t 1.2.3.4:80 -p -M 24").netmask, 24);
        assert_eq!(add_service("-A -M mask -t 1.2.3.4:80").netmask, 0xFFFF_0000);
        assert_eq!(
            fail("-A -t 1.2.3.4:80 -M nope"),
            "illegal virtual server persistent mask specified"
        );
        assert_eq!(add_service("-A -t [fd00::5]:80 -p -M 64").netmask, 64);
        assert_eq!(add_service("-A -f 1 -6 --netmask=96").netmask, 96);
        assert_eq!(
            fail("-A -t [fd00::5]:80 -M 129"),
            "illegal ipv6 netmask specified"
        );
        assert_eq!(
            fail("-A -t [fd00::5]:80 -M 0"),
            "illegal ipv6 netmask specified"
        );
        // -M before an IPv6 -t is parsed as IPv4, then replaced by 128.
        assert_eq!(add_service("-A -M 64 -t [fd00::5]:80 -p").netmask, 128);
        assert_eq!(
            fail("-A -M nope -t [fd00::5]:80"),
            "illegal virtual server persistent mask specified"
        );
        // -M before -6 likewise.
        assert_eq!(add_service("-A -f 1 -M 64 -6").netmask, 128);
    }

    #[test]
    fn one_packet_scheduling_only_udp_or_fwmark() {
        assert_eq!(
            fail("-A -t 1.2.3.4:80 -o"),
            "One-Packet Scheduling is only for UDP virtual services"
        );
        let s = add_service("-A -u 1.2.3.4:53 --ops");
        assert_eq!(s.flags, svc_flags::ONEPACKET);
        assert_eq!(add_service("-A -f 3 -o").flags, svc_flags::ONEPACKET);
        // Zero port check comes first.
        assert_eq!(
            fail("-A -t 1.2.3.4 -o"),
            "Zero port specified for non-persistent service"
        );
    }

    #[test]
    fn persistence_engine() {
        assert_eq!(
            add_service("-A -t 1.2.3.4:80 --pe sip").pe_name,
            Some("sip".into())
        );
        assert_eq!(
            add_service("-A -t 1.2.3.4:80 --pe=abcdefghijklmnopqrs").pe_name,
            Some("abcdefghijklmnop".into())
        );
        assert_eq!(add_service("-A -t 1.2.3.4:80").pe_name, None);
    }

    #[test]
    fn sched_flags_after_all_options() {
        let s = add_service("-A -t 1.2.3.4:80 -b sh-port -s sh");
        assert_eq!(s.flags, svc_flags::SCHED2);
        let s = add_service("-A -t 1.2.3.4:80 -s mh --sched-flags=mh-fallback,mh-port");
        assert_eq!(s.flags, svc_flags::SCHED1 | svc_flags::SCHED2);
        assert_eq!(
            add_service("-A -t 1.2.3.4:80 -bflag-3").flags,
            svc_flags::SCHED3
        );
        fails(&[
            (
                "-A -t 1.2.3.4:80 -b sh-port",
                "incompatible scheduler flag `sh-port'",
            ),
            (
                "-A -t 1.2.3.4:80 -b bogus",
                "invalid scheduler flag `bogus'",
            ),
            ("-A -t 1.2.3.4:80 -b ,", "invalid scheduler flag `'"),
            // -b is validated before the matrix and the zero-port check...
            ("-L -b bogus", "invalid scheduler flag `bogus'"),
            ("-A -t 1.2.3.4 -b bogus", "invalid scheduler flag `bogus'"),
            // ...but after positionals.
            ("-A -b bogus x", "unexpected argument x"),
        ]);
    }

    // ---- destinations ----

    #[test]
    fn add_dest_defaults() {
        let (s, d) = add_dest("-a -t 10.0.0.1:80 -r 10.0.0.2");
        assert_eq!(s.key, tcp("10.0.0.1", 80));
        assert_eq!(s.scheduler, "");
        let mut want = Dest::new(ip("10.0.0.2"), 80);
        want.fwd = FwdMethod::Route;
        assert_eq!(d, want);
    }

    #[test]
    fn dest_options_in_every_spelling() {
        for line in [
            "-a -t 10.0.0.1:80 -r 10.0.0.2:8080 -m -w 5 -x 10 -y 2",
            "-a -t 10.0.0.1:80 -r10.0.0.2:8080 -m -w5 -x10 -y2",
            "-a -t 10.0.0.1:80 --real-server 10.0.0.2:8080 --masquerading --weight 5 --u-threshold 10 --l-threshold 2",
            "-a -t 10.0.0.1:80 --real-server=10.0.0.2:8080 --masquerading --weight=5 --u-threshold=10 --l-threshold=2",
            "-at 10.0.0.1:80 -mr 10.0.0.2:8080 -w 5 -x 10 -y 2",
        ] {
            let (_, d) = add_dest(line);
            assert_eq!(
                (d.addr, d.port, d.fwd, d.weight, d.u_threshold, d.l_threshold),
                (ip("10.0.0.2"), 8080, FwdMethod::Masq, 5, 10, 2),
                "{line}"
            );
        }
    }

    #[test]
    fn gatewaying_and_ipip_force_the_service_port() {
        use FwdMethod::{Route, Tunnel};
        for (line, port, fwd) in [
            ("-a -t 10.0.0.1:80 -r 10.0.0.4:8080 -g", 80, Some(Route)),
            ("-e -t 10.0.0.1:80 -r 10.0.0.4:8080 -w 7", 80, None),
            (
                "-a -t 10.0.0.1:80 -r 10.0.0.4:8080 --ipip",
                80,
                Some(Tunnel),
            ),
            // Not for fwmark services, and not for -d.
            ("-a -f 1 -r 10.0.0.32:99 -g", 99, None),
            ("-d -t 10.0.0.1:80 -r 10.0.0.3:8080", 8080, None),
            ("-d -t 10.0.0.1:80 -r 10.0.0.4", 80, None),
        ] {
            let (_, d) = add_dest(line);
            assert_eq!(d.port, port, "{line}");
            if let Some(fwd) = fwd {
                assert_eq!(d.fwd, fwd, "{line}");
            }
        }
    }

    #[test]
    fn dest_port_defaults_to_the_service_port_known_then() {
        let (_, d) = add_dest("-a -r 10.0.0.2 -m -t 10.0.0.1:80");
        assert_eq!(d.port, 0);
        let (_, d) = add_dest("-a -t 10.0.0.1:80 -m -r 10.0.0.2");
        assert_eq!(d.port, 80);
    }

    #[test]
    fn dest_service_names_need_the_protocol_first() {
        let (_, d) = add_dest("-a -t 10.0.0.1:80 -m -r 10.0.0.2:http");
        assert_eq!(d.port, 80);
        assert_eq!(
            fail("-a -r 10.0.0.2:http -t 10.0.0.1:80"),
            "illegal real server address[:port] specified"
        );
        let (_, d) = add_dest("-a -f 1 -r web:http");
        assert_eq!((d.addr, d.port), (ip("10.0.0.7"), 80));
        assert_eq!(
            fail("-a -t 10.0.0.1:80 -r [fd00::9]"),
            "illegal real server address[:port] specified"
        );
    }

    #[test]
    fn weights_and_thresholds() {
        assert_eq!(
            add_dest("-a -t 1.1.1.1:80 -r 2.2.2.2 -w 65536").1.weight,
            65536
        );
        assert_eq!(
            add_dest("-a -t 1.1.1.1:80 -r 2.2.2.2 -w 2147483647")
                .1
                .weight,
            i32::MAX
        );
        assert_eq!(add_dest("-a -t 1.1.1.1:80 -r 2.2.2.2 -w -0").1.weight, 0);
        assert_eq!(add_dest("-a -t 1.1.1.1:80 -r 2.2.2.2 -w +3").1.weight, 3);
        assert_eq!(
            run_args(&["-a", "-t", "1.1.1.1:80", "-r", "2.2.2.2", "-w", " 5"])
                .map(|c| matches!(c, Command::Modify(Request::AddDest(_, d)) if d.weight == 5)),
            Ok(true)
        );
        for bad in ["2147483648", "-1", "0x10", "5x", ""] {
            assert_eq!(
                fail(&format!("-a -t 1.1.1.1:80 -r 2.2.2.2 -w {bad}")),
                if bad.is_empty() {
                    "not a fail: Err(Popt { opt: \"-w\", msg: MissingArgument })".to_string()
                } else {
                    "illegal weight specified".to_string()
                }
            );
        }
        assert_eq!(
            fail("-a -t 1.1.1.1:80 -r 2.2.2.2 -x -5"),
            "illegal u_threshold specified"
        );
        assert_eq!(
            fail("-a -t 1.1.1.1:80 -r 2.2.2.2 -y 2147483648"),
            "illegal l_threshold specified"
        );
    }

    #[test]
    fn address_family_mix_only_with_tunnel() {
        assert_eq!(
            fail("-a -t 10.0.0.1:80 -r [fd00::2]:80 -m"),
            "Different address family is allowed only for tunneling servers"
        );
        let (_, d) = add_dest("-a -t 10.0.0.1:80 -r [fd00::2]:80 -i");
        assert_eq!(d.addr, ip("fd00::2"));
        let (s, _) = add_dest("-a -f 1 -6 -r fd00::9 -m");
        assert_eq!(s.key.family(), Family::Inet6);
        assert_eq!(
            fail("-a -f 1 -r fd00::9 -m"),
            "Different address family is allowed only for tunneling servers"
        );
    }

    #[test]
    fn tunnel_options() {
        let (_, d) =
            add_dest("-a -t 1.1.1.1:80 -r 2.2.2.2 -i --tun-type gue --tun-port 6080 --tun-csum");
        assert_eq!(
            (d.tun_type, d.tun_port, d.tun_flags),
            (TunType::Gue, 6080, tun_flags::CSUM)
        );
        let (_, d) = add_dest("-a -t 1.1.1.1:80 -r 2.2.2.2 -i --tun-type=gre --tun-nocsum");
        assert_eq!(
            (d.tun_type, d.tun_port, d.tun_flags),
            (TunType::Gre, 0, tun_flags::NOCSUM)
        );
        let (_, d) =
            add_dest("-e -t 1.1.1.1:80 -r 2.2.2.2 -i --tun-type gue --tun-port=1 --tun-remcsum");
        assert_eq!((d.tun_port, d.tun_flags), (1, tun_flags::REMCSUM));
        let (_, d) = add_dest("-a -t 1.1.1.1:80 -r 2.2.2.2 -i --tun-type ipip");
        assert_eq!(d.tun_type, TunType::Ipip);
        assert_eq!(
            popt("-a -t 1.1.1.1:80 -r 2.2.2.2 -i --tun-csum=x"),
            ("--tun-csum=x".into(), PoptMsg::NoArgumentAllowed)
        );
    }

    #[test]
    fn tunnel_errors() {
        let base = "-a -t 1.1.1.1:80 -r 2.2.2.2";
        fails_after(base, &[
            ("-i --tun-type vxlan", "illegal tunnel type specified"),
            ("-i --tun-port 0", "illegal tunnel port specified"),
            ("-i --tun-port 65536", "illegal tunnel port specified"),
            ("--tun-type gue --tun-port 1", "Tunnel options conflict with forward method"),
            ("-m --tun-csum", "Tunnel options conflict with forward method"),
            ("-i --tun-type gue", "You need to supply the 'tun-port' option for the 'gue' tunnel type"),
            ("-i --tun-type gre --tun-port 5", "Illegal 'tun-port' option with the 'gre' tunnel type"),
            ("-i --tun-port 5", "Illegal 'tun-port' option with the 'ipip' tunnel type"),
            ("-i --tun-type gue --tun-port 5 --tun-remcsum --tun-nocsum", "The option 'tun-remcsum' conflicts with the 'tun-nocsum' option in the 'gue' tunnel type"),
            ("-i --tun-type gre --tun-remcsum", "Illegal 'tun-remcsum' option with the 'gre' tunnel type"),
        ]);
        // Address family check comes before the tunnel checks.
        assert_eq!(
            fail("-a -t 1.1.1.1:80 -r fd00::1 -m --tun-csum"),
            "Different address family is allowed only for tunneling servers"
        );
        // Tunnel options are illegal with -d (matrix).
        assert_eq!(
            fail("-d -t 1.1.1.1:80 -r 2.2.2.2 --tun-csum"),
            "Illegal 'tun-csum' option with the 'delete-server' command"
        );
    }

    // ---- matrix through the parser ----

    #[test]
    fn matrix_messages_from_command_lines() {
        fails(&[
            ("-A", "You need to supply the 'service-address' option for the 'add-service' command"),
            ("-a -t 10.0.0.100:80 -r 10.0.0.30 -s rr", "Illegal 'scheduler' option with the 'add-server' command"),
            ("-S -t 10.0.0.100:80", "Illegal 'service-address' option with the 'save' command"),
            ("-Sn --nosort", "Illegal 'nosort' option with the 'save' command"),
            ("-C -n", "Illegal 'numeric' option with the 'flush' command"),
            ("-L --timeout --daemon", "The option 'daemon' conflicts with the 'timeout' option in the 'list' command"),
            ("-L -c --timeout", "The option 'timeout' conflicts with the 'connection' option in the 'list' command"),
            ("-L -c -t 10.0.0.100:80", "The option 'service-address' conflicts with the 'connection' option in the 'list' command"),
            ("-R -n", "Illegal 'numeric' option with the 'restore' command"),
            ("-Z -n", "Illegal 'numeric' option with the 'zero' command"),
            ("-D -t 1.2.3.4:80 -s rr", "Illegal 'scheduler' option with the 'delete-service' command"),
            ("-d -t 1.2.3.4:80 -r 1.1.1.1 -w 3", "Illegal 'weight' option with the 'delete-server' command"),
            ("-a -r 1.1.1.1", "You need to supply the 'service-address' option for the 'add-server' command"),
            ("--stop-daemon master --mcast-interface eth1", "Illegal 'mcast-interface' option with the 'stop-daemon' command"),
            ("-L --pe sip", "Illegal 'pe' option with the 'list' command"),
            ("-A -t 1.2.3.4:80 --tun-info", "Illegal 'tun-info' option with the 'add-service' command"),
        ]);
    }

    #[test]
    fn matrix_scanned_in_table_order_not_argv_order() {
        fails(&[
            (
                "-A -t 1.2.3.4:80 -w 3 -n",
                "Illegal 'numeric' option with the 'add-service' command",
            ),
            (
                "-A --mcast-port 5 -r 1.1.1.1",
                "You need to supply the 'service-address' option for the 'add-service' command",
            ),
            // The matrix comes before the per-command checks.
            (
                "-A -t 1.2.3.4 -n",
                "Illegal 'numeric' option with the 'add-service' command",
            ),
        ]);
    }

    // ---- list ----

    #[test]
    fn list_spellings() {
        let numeric = ListOptions {
            numeric: true,
            ..Default::default()
        };
        for line in ["-Ln", "-ln", "-L -n", "--list --numeric", "-l --numeric"] {
            assert_eq!(list(line), numeric, "{line}");
        }
        let conn = ListOptions {
            numeric: true,
            connection: true,
            ..Default::default()
        };
        for line in ["-Lnc", "-lcn", "-L -c -n", "--list --connection -n"] {
            assert_eq!(list(line), conn, "{line}");
        }
        let o = list("-Lnt 10.0.0.1:80");
        assert_eq!(o.service, Some(tcp("10.0.0.1", 80)));
        assert!(o.numeric);
        let o = list("-L -X --nosort --syncid 3");
        assert_eq!(
            o,
            ListOptions {
                exact: true,
                nosort: true,
                ..Default::default()
            }
        );
    }

    #[test]
    fn exact_twice_is_a_repeat() {
        assert_eq!(fail("-L -X --exact"), "multiple 'exact' options specified");
    }

    #[test]
    fn list_format_precedence() {
        assert_eq!(list("-L --rate --stats").format, ListFormat::Stats);
        assert_eq!(list("-L --thresholds --rate").format, ListFormat::Rate);
        assert_eq!(
            list("-L --persistent-conn --thresholds").format,
            ListFormat::Thresholds
        );
        let o = list("-L --tun-info --persistent-conn");
        assert_eq!(
            (o.format, o.persistent_conn),
            (ListFormat::PersistentConn, true)
        );
        assert_eq!(list("-L --tun-info").format, ListFormat::TunInfo);
        assert_eq!(list("-L").format, ListFormat::Default);
        let o = list("-L -c --persistent-conn");
        assert!(o.connection && o.persistent_conn);
        assert!(list("-L --timeout").timeout);
        assert!(list("-L --daemon").daemon);
    }

    #[test]
    fn list_conflicts() {
        for line in [
            "-L -c --stats",
            "-L --timeout --rate",
            "-L --daemon --thresholds",
            "-L --timeout --persistent-conn",
            "-L --daemon --persistent-conn",
        ] {
            assert_eq!(
                fail(line),
                "options conflicts in the list command",
                "{line}"
            );
        }
    }

    #[test]
    fn list_ipv6_fwmark_and_udp() {
        assert_eq!(
            list("-L -u [fd00::1]:53").service,
            Some(ServiceKey::Addr {
                proto: Protocol::Udp,
                addr: ip("fd00::1"),
                port: 53
            })
        );
        assert_eq!(
            list("-Ln -f 2").service,
            Some(ServiceKey::Fwmark {
                mark: 2,
                family: Family::Inet
            })
        );
    }

    // ---- other commands ----

    #[test]
    fn simple_commands() {
        assert_eq!(run("-C"), Ok(Command::Modify(Request::Flush)));
        assert_eq!(run("--clear"), Ok(Command::Modify(Request::Flush)));
        assert_eq!(run("-R"), Ok(Command::Restore));
        assert_eq!(run("--restore"), Ok(Command::Restore));
        assert_eq!(
            run("-S"),
            Ok(Command::Save {
                numeric: false,
                full: false
            })
        );
        assert_eq!(
            run("-Sn"),
            Ok(Command::Save {
                numeric: true,
                full: false
            })
        );
        assert_eq!(
            run("--save --numeric"),
            Ok(Command::Save {
                numeric: true,
                full: false
            })
        );
        assert_eq!(run("-Z"), Ok(Command::Modify(Request::Zero(None))));
        assert_eq!(run("--zero"), Ok(Command::Modify(Request::Zero(None))));
    }

    #[test]
    fn zero_and_delete_carry_an_empty_scheduler() {
        match run("-Z -t 1.2.3.4:80") {
            Ok(Command::Modify(Request::Zero(Some(s)))) => {
                assert_eq!((s.key, s.scheduler.as_ref()), (tcp("1.2.3.4", 80), ""))
            }
            other => panic!("{other:?}"),
        }
        match run("--delete-service --udp-service 1.2.3.4:53") {
            Ok(Command::Modify(Request::DelService(s))) => {
                assert_eq!(s.scheduler, "");
                assert_eq!(s.key.protocol(), Some(Protocol::Udp));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn long_command_names() {
        assert!(matches!(
            run("--edit-service -t 1.2.3.4:80"),
            Ok(Command::Modify(Request::EditService(_)))
        ));
        assert!(matches!(
            run("--add-server -t 1.2.3.4:80 -r 1.1.1.1"),
            Ok(Command::Modify(Request::AddDest(..)))
        ));
        assert!(matches!(
            run("--edit-server -t 1.2.3.4:80 -r 1.1.1.1"),
            Ok(Command::Modify(Request::EditDest(..)))
        ));
        assert!(matches!(
            run("--delete-server -t 1.2.3.4:80 -r 1.1.1.1"),
            Ok(Command::Modify(Request::DelDest(..)))
        ));
    }

    #[test]
    fn start_daemon_defaults_and_options() {
        assert_eq!(
            run("--start-daemon master"),
            Ok(Command::Modify(Request::StartDaemon(Daemon {
                state: DaemonState::Master,
                mcast_ifn: "eth0".into(),
                syncid: 0,
                sync_maxlen: None,
                mcast_group: None,
                mcast_port: None,
                mcast_ttl: None,
            })))
        );
        assert_eq!(
            run(
                "--start-daemon=backup --mcast-interface eth1 --syncid 5 --sync-maxlen 1400 \
                 --mcast-group 224.0.0.90 --mcast-port 8850 --mcast-ttl 2"
            ),
            Ok(Command::Modify(Request::StartDaemon(Daemon {
                state: DaemonState::Backup,
                mcast_ifn: "eth1".into(),
                syncid: 5,
                sync_maxlen: Some(1400),
                mcast_group: Some(ip("224.0.0.90")),
                mcast_port: Some(8850),
                mcast_ttl: Some(2),
            })))
        );
        match run("--start-daemon master --mcast-interface=abcdefghijklmnopq") {
            Ok(Command::Modify(Request::StartDaemon(d))) => {
                assert_eq!(d.mcast_ifn, "abcdefghijklmno")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn daemon_errors() {
        fails(&[
            (
                "--start-daemon foo",
                "illegal start-daemon parameter specified",
            ),
            ("--stop-daemon foo", "illegal start_daemon specified"),
            // The state is checked before any later option.
            (
                "--start-daemon foo --syncid 999",
                "illegal start-daemon parameter specified",
            ),
        ]);
        let d = "--start-daemon master";
        fails_after(
            d,
            &[
                ("--syncid 256", "illegal syncid specified"),
                ("--mcast-port 0", "illegal mcast-port specified"),
                ("--mcast-ttl 256", "illegal mcast-ttl specified"),
                ("--sync-maxlen 65508", "illegal sync-maxlen specified"),
                (
                    "--mcast-group 10.0.0.1",
                    "invalid IPv4 mcast-group `10.0.0.1'",
                ),
                (
                    "--mcast-group fd00::1",
                    "invalid IPv6 mcast-group `fd00::1'",
                ),
            ],
        );
        assert!(matches!(
            run(&format!("{d} --mcast-group ff02::")),
            Ok(Command::Modify(Request::StartDaemon(Daemon {
                mcast_group: Some(IpAddr::V6(_)),
                ..
            })))
        ));
    }

    #[test]
    fn stop_daemon_sends_syncid() {
        assert_eq!(
            run("--stop-daemon backup --syncid 9"),
            Ok(Command::Modify(Request::StopDaemon(Daemon::stop(
                DaemonState::Backup,
                9
            ))))
        );
        assert_eq!(
            run("--stop-daemon master"),
            Ok(Command::Modify(Request::StopDaemon(Daemon::stop(
                DaemonState::Master,
                0
            ))))
        );
    }

    #[test]
    fn restore_lines_use_the_same_parser() {
        // What the restore loop hands over for one line of `-S` output.
        let line = [
            "-a",
            "-t",
            "10.0.0.100:80",
            "-r",
            "10.0.0.2:80",
            "-m",
            "-w",
            "1",
        ];
        assert!(matches!(
            run_args(&line),
            Ok(Command::Modify(Request::AddDest(..)))
        ));
        assert!(is_try(run_args(&["#-A", "-t", "10.0.0.128:80"])));
        assert!(is_try(run_args(&["-n", "-L"])));
    }

    #[test]
    fn try_hint_names_prog_verbatim() {
        let e = parse("/sbin/ipvsadm", &["-n"], &Names, &mut Memo::default()).err();
        assert_eq!(
            e.map(|e| e.to_string()),
            Some("Try `/sbin/ipvsadm -h' or '/sbin/ipvsadm --help' for more information.".into())
        );
    }

    #[test]
    fn edit_dest_resets_omitted_values() {
        let (_, d) = add_dest("-e -t 10.0.0.1:80 -r 10.0.0.2:80 -m");
        assert_eq!(
            (d.weight, d.u_threshold, d.l_threshold, d.fwd),
            (1, 0, 0, FwdMethod::Masq)
        );
        assert_eq!((d.tun_type, d.tun_port, d.tun_flags), (TunType::Ipip, 0, 0));
    }

    #[test]
    fn ipv6_flag_may_repeat_after_fwmark() {
        let s = add_service("-A -f 1 -6 -6");
        assert_eq!(
            s.key,
            ServiceKey::Fwmark {
                mark: 1,
                family: Family::Inet6
            }
        );
        assert_eq!(fail("-L -6"), "-6 used before -f\n");
    }

    #[test]
    fn optional_persistent_value_takes_an_empty_word() {
        assert_eq!(
            run_args(&["-A", "-t", "1.2.3.4:80", "-p", ""]),
            Err(Error::fail("invalid timeout value `' specified"))
        );
        // `--` after -p is not a value: it ends the options.
        assert_eq!(
            run_args(&["-A", "-t", "1.2.3.4:80", "-p", "--", "-s"]),
            Err(Error::fail("unexpected argument -s"))
        );
        // -p in a cluster takes the rest of the cluster.
        assert_eq!(
            fail("-A -t 1.2.3.4:80 -pn"),
            "invalid timeout value `n' specified"
        );
    }

    #[test]
    fn dest_before_service_with_numeric_port() {
        let (s, d) = add_dest("-a -r 10.0.0.2:8080 -t 10.0.0.1:80 -m");
        assert_eq!((s.key, d.port), (tcp("10.0.0.1", 80), 8080));
    }

    #[test]
    fn errors_own_their_exit_codes() {
        assert_eq!(run("-L foo").err().map(|e| e.exit_code()), Some(2));
        assert_eq!(run("-n").err().map(|e| e.exit_code()), Some(255));
        assert_eq!(run("-L --bogus").err().map(|e| e.exit_code()), Some(255));
    }

    #[test]
    fn no_panic_on_odd_input() {
        for line in [
            &["-"][..],
            &["-A", "-t", "["],
            &["-A", "-t", "[]:"],
            &["-A", "-t", ":"],
            &["-A", "-t", "é:80"],
            &["-Aé"],
            &["-A", "-M", ""],
            &["-L", "--="],
            &["-a", "-r", "[::1]:"],
            &["-L", "-f", "99999999999999999999999999"],
        ] {
            let _ = run_args(line);
        }
    }
    // ---- our options: --full, --json, --netns ----

    fn invocation(line: &str) -> Result<Invocation> {
        let args: Vec<&str> = line.split_whitespace().collect();
        parse("ipvsadm", &args, &Names, &mut Memo::default())
    }

    #[test]
    fn full_is_an_option_of_save_only() {
        assert_eq!(
            run("-S --full"),
            Ok(Command::Save {
                numeric: false,
                full: true
            })
        );
        assert_eq!(
            run("--full -Sn"),
            Err(Error::Try {
                prog: "ipvsadm".into()
            })
        );
        assert_eq!(
            run("-Sn --full"),
            Ok(Command::Save {
                numeric: true,
                full: true
            })
        );
        fails(&[
            ("-L --full", "Illegal 'full' option with the 'list' command"),
            (
                "-C --full",
                "Illegal 'full' option with the 'flush' command",
            ),
            (
                "-R --full",
                "Illegal 'full' option with the 'restore' command",
            ),
            (
                "-A -t 10.0.0.1:80 --full",
                "Illegal 'full' option with the 'add-service' command",
            ),
            ("-S --full --full", "multiple 'full' options specified"),
        ]);
        assert_eq!(
            popt("-S --full=1"),
            ("--full=1".into(), PoptMsg::NoArgumentAllowed)
        );
    }

    #[test]
    fn json_is_an_option_of_list_only() {
        assert!(list("-Ln --json").json);
        assert!(!list("-Ln").json);
        for line in [
            "-L --json -c",
            "-l --json --timeout",
            "-L --json --daemon",
            "-L --json -t 10.0.0.1:80",
            "-L --json -u 10.0.0.1:53",
            "-L --json -f 7",
            "-L --json --stats --exact",
            "-L --json --rate",
            "-L --json --thresholds --nosort",
            "-L --json --persistent-conn",
        ] {
            assert!(list(line).json, "{line}");
        }
        fails(&[
            ("-S --json", "Illegal 'json' option with the 'save' command"),
            ("-Z --json", "Illegal 'json' option with the 'zero' command"),
            (
                "-A -t 10.0.0.1:80 --json",
                "Illegal 'json' option with the 'add-service' command",
            ),
            (
                "--start-daemon master --json",
                "Illegal 'json' option with the 'start-daemon' command",
            ),
            ("-L --json --json", "multiple 'json' options specified"),
            // 1.31's own checks keep their order and words.
            (
                "-L --json -c --stats",
                "options conflicts in the list command",
            ),
        ]);
    }

    #[test]
    fn an_option_argument_stays_the_argument() {
        let s = add_service("-A -t 10.0.0.1:80 -s --json");
        assert_eq!(s.scheduler, "--json");
        let s = add_service("-A -t 10.0.0.1:80 -s --full");
        assert_eq!(s.scheduler, "--full");
        let s = add_service("-A -t 10.0.0.1:80 --pe --netns");
        assert_eq!(s.pe_name.as_deref(), Some("--netns"));
        // `--netns --json`: the name is `--json`, not the option.
        let i = invocation("-Ln --netns --json").unwrap();
        assert_eq!(i.netns.as_deref(), Some("--json"));
        assert!(matches!(i.command, Command::List(o) if !o.json));
        // -p takes no dash word: the next option is an option.
        assert_eq!(add_service("-A -t 10.0.0.1:80 -p --netns x").timeout, 360);
    }

    #[test]
    fn netns_goes_with_every_command_and_before_it() {
        for line in [
            "--netns other -A -t 10.0.0.1:80",
            "-A -t 10.0.0.1:80 --netns other",
            "--netns other -Ln",
            "-Ln --netns=other",
            "--netns other -S --full",
            "--netns other -C",
            "--netns other -R",
            "--netns other --set 1 2 3",
            "--netns other --start-daemon master",
            "--netns other -Z",
            "--netns other",
        ] {
            let i = invocation(line);
            assert_eq!(
                i.as_ref().ok().and_then(|i| i.netns.as_deref()),
                Some("other"),
                "{line}: {i:?}"
            );
        }
        assert_eq!(
            invocation("--netns other").map(|i| i.command),
            Ok(Command::List(ListOptions::default()))
        );
        assert_eq!(invocation("-Ln").map(|i| i.netns), Ok(None));
        // -h and -v stay 1.31's, wherever the namespace is.
        assert_eq!(run("--netns other -h"), Ok(Command::Help));
        assert_eq!(run("--netns other --version"), Ok(Command::Version));
        fails(&[
            (
                "--netns a --netns b -L",
                "multiple 'netns' options specified",
            ),
            (
                "-L --netns a --netns b",
                "multiple 'netns' options specified",
            ),
            ("-L --netns ../x", "invalid network namespace name `../x'"),
            ("-L --netns=", "invalid network namespace name `'"),
            ("-L --netns ..", "invalid network namespace name `..'"),
        ]);
        // The first option is still a command or --netns: else the hint.
        assert!(is_try(run("--netns")));
        assert!(is_try(run("--netns other foo")));
        assert!(is_try(run("--netns other -n -L")));
        assert!(is_try(run("--json -L")));
        assert_eq!(
            popt("-L --netns"),
            ("--netns".into(), PoptMsg::MissingArgument)
        );
    }

    #[test]
    fn a_restore_line_cannot_change_namespace() {
        let mut memo = Memo::default();
        let r = super::super::parse_line("ipvsadm", &["-C", "--netns", "x"], &Names, &mut memo);
        assert_eq!(
            r,
            Err(Error::fail(
                "the 'netns' option is not allowed in restore input"
            ))
        );
        let r = super::super::parse_line("ipvsadm", &["-S", "--full"], &Names, &mut memo);
        assert!(r.is_ok());
    }

    #[test]
    fn every_131_option_is_found_where_it_was() {
        // Ours come after 1.31's in both tables.
        use super::super::popt::DEFS;
        let ours = ["full", "json", "netns"];
        let first_ours = DEFS
            .iter()
            .position(|d| d.long.is_some_and(|l| ours.contains(&l)));
        assert_eq!(first_ours, Some(DEFS.len() - 3));
        assert!(DEFS.iter().rev().take(3).all(|d| d.short.is_none()));
        assert_eq!(Opt::Full as usize, 34);
    }
}
