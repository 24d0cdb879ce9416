//! Draining real servers: at weight 0 the scheduler sends them nothing
//! new, and their connections (active, inactive, and persistence
//! templates) end by themselves. `wait` watches them reach 0;
//! `ipvsadm drain` does it for one real server.

use super::report;
use crate::cli::{self, Command};
use crate::error::{parse_clap, Error};
use crate::exec;
use crate::inet::ntop;
use crate::ipvs::{apply_one, KernelError};
use crate::model::{Dest, Op, Request, Service, ServiceKey};
use crate::Env;
use clap::{ArgGroup, Parser};
use std::collections::HashMap;
use std::io::Write;
use std::net::IpAddr;
use std::time::Duration;

/// How often the kernel's counters are read while waiting.
const POLL: Duration = Duration::from_secs(1);

/// At most this many real servers are named on the progress line.
const NAMED: usize = 4;

/// A real server still holding connections when the wait ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    pub svc: Service,
    pub dest: Dest,
    pub conns: u64,
}

/// Wait until the real servers `targets` hold no connections, or `limit`
/// is up (`None`: no limit), or a held interrupt arrives. Progress goes to
/// stderr when it is a terminal. Returns the ones still busy (none when
/// drained); a real server that has gone meanwhile counts as drained.
pub fn wait(
    env: &mut Env<'_>,
    targets: &[(Service, Dest)],
    limit: Option<Duration>,
) -> Result<Vec<Busy>, Error> {
    let start = env.platform.now();
    let show = env.platform.stderr_is_terminal();
    let mut keys: Vec<ServiceKey> = targets.iter().map(|(s, _)| s.key).collect();
    keys.dedup();
    loop {
        let busy = busy(env, targets, &keys)?;
        let waited = env.platform.now().saturating_duration_since(start);
        let left = limit.map(|l| l.saturating_sub(waited));
        if busy.is_empty() || left == Some(Duration::ZERO) || env.platform.interrupted() {
            if show {
                let _ = write!(env.stderr, "\r\x1b[K");
            }
            return Ok(busy);
        }
        if show {
            progress(env.stderr, &busy, left);
        }
        env.platform.sleep(left.map_or(POLL, |l| l.min(POLL)));
    }
}

/// The targets that hold connections now.
fn busy(
    env: &mut Env<'_>,
    targets: &[(Service, Dest)],
    keys: &[ServiceKey],
) -> Result<Vec<Busy>, Error> {
    let mut counts: HashMap<(ServiceKey, IpAddr, u16), u64> = HashMap::new();
    for (key, dests) in keys.iter().zip(env.kernel.dests(keys)) {
        match dests {
            Ok(dests) => counts.extend(dests.iter().map(|d| {
                let conns = u64::from(d.active_conns)
                    + u64::from(d.inact_conns)
                    + u64::from(d.persist_conns);
                ((*key, d.addr, d.port), conns)
            })),
            // The service has gone: so have its real servers.
            Err(KernelError { errno, .. }) if errno == nix::errno::Errno::ESRCH as i32 => {}
            Err(e) => return Err(Error::List(e)),
        }
    }
    Ok(targets
        .iter()
        .filter_map(|(svc, dest)| {
            let conns = *counts.get(&(svc.key, dest.addr, dest.port))?;
            (conns > 0).then(|| Busy {
                svc: svc.clone(),
                dest: dest.clone(),
                conns,
            })
        })
        .collect())
}

/// `ADDR:PORT` as the listings print a real server (numeric).
pub fn server(dest: &Dest) -> String {
    match dest.addr {
        IpAddr::V4(_) => format!("{}:{}", ntop(&dest.addr), dest.port),
        IpAddr::V6(_) => format!("[{}]:{}", ntop(&dest.addr), dest.port),
    }
}

/// One line, rewritten in place: how many are left and the busiest.
fn progress(out: &mut dyn Write, busy: &[Busy], left: Option<Duration>) {
    let total: u64 = busy.iter().map(|b| b.conns).sum();
    let mut named: Vec<&Busy> = busy.iter().collect();
    named.sort_by_key(|b| std::cmp::Reverse(b.conns));
    let mut list: Vec<String> = named
        .iter()
        .take(NAMED)
        .map(|b| format!("{} {}", server(&b.dest), b.conns))
        .collect();
    if busy.len() > NAMED {
        list.push(format!("{} more", busy.len() - NAMED));
    }
    let time = left.map_or(String::new(), |l| format!(", {} s left", l.as_secs()));
    let _ = write!(
        out,
        "\r\x1b[Kdraining {} real server{}: {} connection{} ({}){}",
        busy.len(),
        if busy.len() == 1 { "" } else { "s" },
        total,
        if total == 1 { "" } else { "s" },
        list.join(", "),
        time
    );
    let _ = out.flush();
}

#[derive(Parser, Debug)]
#[command(
    name = "ipvsadm drain",
    about = "Drain a real server: weight 0, wait for its connections to end, optionally remove it",
    long_about = "Set a real server's weight to 0, so the scheduler sends it no new \
connections, then wait until its active and inactive connections and persistence templates \
reach 0, showing progress on a terminal. With --delete, remove it once drained.\n\n\
Exit status: 0 drained (and removed with --delete); 1 not drained in time (left at weight 0, \
not removed); 2 an error (no such service or real server, IPVS unavailable, bad arguments).",
    disable_version_flag = true,
    group(ArgGroup::new("service").required(true).args(["tcp_service", "udp_service", "sctp_service", "fwmark_service"]))
)]
struct Args {
    /// TCP virtual service
    #[arg(short = 't', long, value_name = "ADDR:PORT")]
    tcp_service: Option<String>,
    /// UDP virtual service
    #[arg(short = 'u', long, value_name = "ADDR:PORT")]
    udp_service: Option<String>,
    /// SCTP virtual service
    #[arg(long, value_name = "ADDR:PORT")]
    sctp_service: Option<String>,
    /// Firewall-mark virtual service
    #[arg(short = 'f', long, value_name = "MARK")]
    fwmark_service: Option<String>,
    /// The real server (the service's port when none is given)
    #[arg(short = 'r', long, value_name = "ADDR[:PORT]")]
    real_server: String,
    /// Wait at most this long [default: until drained]; 0 only sets the weight
    #[arg(long, value_name = "SECONDS")]
    wait: Option<u64>,
    /// Remove the real server once it is drained
    #[arg(long)]
    delete: bool,
    /// Run in the network namespace NAME (/run/netns/NAME, as `ip netns add` makes it)
    #[arg(long, value_name = "NAME")]
    netns: Option<String>,
}

impl Args {
    /// The service and real server as ipvsadm's own options, so they are
    /// read (and refused) exactly as `-d` reads them.
    fn compat_words(&self) -> Vec<&str> {
        let (flag, value) = [
            ("-t", &self.tcp_service),
            ("-u", &self.udp_service),
            ("--sctp-service", &self.sctp_service),
            ("-f", &self.fwmark_service),
        ]
        .into_iter()
        .find_map(|(flag, value)| Some((flag, value.as_deref()?)))
        .unwrap_or(("-t", ""));
        vec!["-d", flag, value, "-r", &self.real_server]
    }
}

/// `args` are the words after `drain`.
pub fn main(args: &[String], env: &mut Env<'_>) -> i32 {
    let args: Args = match parse_clap("ipvsadm drain", args, env.stdout, env.stderr) {
        Ok(a) => a,
        Err(status) => return status,
    };
    match run(&args, env) {
        Ok(None) => 0,
        Ok(Some(busy)) => {
            let _ = writeln!(
                env.stderr,
                "ipvsadm drain: {} still has {} connection{}; left at weight 0{}",
                server(&busy.dest),
                busy.conns,
                if busy.conns == 1 { "" } else { "s" },
                if args.delete { ", not removed" } else { "" }
            );
            1
        }
        Err(e) => {
            report(env, "drain", &e);
            2
        }
    }
}

/// Drain; `Some` when time ran out first.
fn run(args: &Args, env: &mut Env<'_>) -> Result<Option<Busy>, Error> {
    if let Some(name) = &args.netns {
        exec::enter_netns(env, name)?;
    }
    exec::init(env)?;
    let words = args.compat_words();
    let (key, addr, port) = match cli::parse(&env.prog, &words, env.names)? {
        Command::Modify(Request::DelDest(svc, dest)) => (svc.key, dest.addr, dest.port),
        _ => return Err(Error::fail("a service and a real server are needed")),
    };
    let _lock = exec::lock_writers(env, &format!("ipvsadm drain {}", words[2..].join(" ")));
    let (svc, dests) = exec::one_service(env, &key, true)?;
    let Some(dest) = dests.into_iter().find(|d| (d.addr, d.port) == (addr, port)) else {
        return Err(Error::fail("No such destination"));
    };
    if dest.weight != 0 {
        let quiet = Dest {
            weight: 0,
            ..dest.clone()
        };
        apply_one(env.kernel, Request::EditDest(svc.clone(), quiet)).map_err(Error::Kernel)?;
    }
    let limit = args.wait.map(Duration::from_secs);
    let target = [(svc.clone(), dest.clone())];
    if let Some(busy) = wait(env, &target, limit)?.pop() {
        return Ok(Some(busy));
    }
    if args.delete {
        match apply_one(env.kernel, Request::DelDest(svc, dest)) {
            // Removed meanwhile by someone else: the goal is reached.
            Err(KernelError {
                op: Op::DelDest,
                errno,
            }) if errno == nix::errno::Errno::ENOENT as i32 => {}
            r => r.map_err(Error::Kernel)?,
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipvs::fake::FakeKernel;
    use crate::ipvs::Kernel;
    use crate::model::{Daemon, Info, Timeouts};
    use crate::names::NoNames;
    use crate::testing::TestPlatform;

    /// The fake kernel, whose connections end one per dest dump.
    struct Ending(FakeKernel);

    impl Kernel for Ending {
        fn info(&mut self) -> Result<Info, KernelError> {
            self.0.info()
        }
        fn services(&mut self) -> Result<Vec<Service>, KernelError> {
            self.0.services()
        }
        fn service(&mut self, key: &ServiceKey) -> Result<Service, KernelError> {
            self.0.service(key)
        }
        fn dests(&mut self, keys: &[ServiceKey]) -> Vec<Result<Vec<Dest>, KernelError>> {
            let answer = self.0.dests(keys);
            for (_, dests) in self.0.table_mut() {
                for d in dests {
                    d.active_conns = d.active_conns.saturating_sub(1);
                }
            }
            answer
        }
        fn timeouts(&mut self) -> Result<Timeouts, KernelError> {
            self.0.timeouts()
        }
        fn daemons(&mut self) -> Result<Vec<Daemon>, KernelError> {
            self.0.daemons()
        }
        fn apply(&mut self, requests: &[Request]) -> Vec<Result<(), KernelError>> {
            self.0.apply(requests)
        }
    }

    fn setup(conns: &[u32]) -> (Ending, Vec<(Service, Dest)>) {
        let mut k = FakeKernel::new();
        let svc = Service::new(ServiceKey::Addr {
            proto: crate::model::Protocol::Tcp,
            addr: "10.0.0.1".parse().unwrap(),
            port: 80,
        });
        let mut targets = Vec::new();
        apply_one(&mut k, Request::AddService(svc.clone())).unwrap();
        for (i, n) in conns.iter().enumerate() {
            let d = Dest::new(format!("192.168.1.{}", i + 2).parse().unwrap(), 80);
            apply_one(&mut k, Request::AddDest(svc.clone(), d.clone())).unwrap();
            let stored = k.table_mut()[0].1.iter_mut().find(|s| s.addr == d.addr);
            stored.unwrap().active_conns = *n;
            targets.push((svc.clone(), d));
        }
        (Ending(k), targets)
    }

    fn run(conns: &[u32], limit: Option<u64>) -> (Vec<u64>, Duration, String) {
        let (mut kernel, targets) = setup(conns);
        let mut clock = TestPlatform::default();
        clock.terminal = true;
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut env = Env {
            prog: "ipvsadm".into(),
            kernel: &mut kernel,
            names: &NoNames,
            platform: &mut clock,
            stdin: &mut std::io::empty(),
            stdout: &mut out,
            stderr: &mut err,
        };
        let busy = wait(&mut env, &targets, limit.map(Duration::from_secs)).unwrap();
        let left = busy.iter().map(|b| b.conns).collect();
        (left, clock.slept, String::from_utf8(err).unwrap())
    }

    #[test]
    fn waits_until_every_connection_has_ended() {
        let (left, slept, progress) = run(&[3, 1, 0], None);
        assert!(left.is_empty());
        // Read at 0, 1, 2 and 3 s: 3 connections end one per read.
        assert_eq!(slept, Duration::from_secs(3));
        assert!(progress.starts_with(
            "\r\x1b[Kdraining 2 real servers: 4 connections (192.168.1.2:80 3, 192.168.1.3:80 1)"
        ), "{progress:?}");
        assert!(progress.ends_with("\r\x1b[K"), "{progress:?}");
    }

    #[test]
    fn stops_when_the_time_is_up_with_what_is_left() {
        let (left, slept, progress) = run(&[10, 2], Some(3));
        assert_eq!(left, [7]);
        assert_eq!(slept, Duration::from_secs(3));
        assert!(progress.contains(", 3 s left"), "{progress:?}");
        // Nothing to wait for: no sleep, no progress.
        assert_eq!(
            run(&[0, 0], Some(3)),
            (vec![], Duration::ZERO, "\r\x1b[K".into())
        );
        // No time to wait: the counts as they are.
        assert_eq!(run(&[4], Some(0)).0, [4]);
    }
}
