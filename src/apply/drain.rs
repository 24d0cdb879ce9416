//! Draining real servers: at weight 0 the scheduler sends them nothing
//! new, and their connections (active, inactive, and persistence
//! templates) end by themselves. `wait` watches them reach 0;
//! `ipvsadm drain` does it for one real server.

use super::diff::report;
use crate::cli::{self, Command};
use crate::error::Error;
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
/// is up (`None`: no limit). Progress goes to stderr when it is a
/// terminal. Returns the ones still busy (none when drained); a real
/// server that has gone meanwhile counts as drained.
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
        if busy.is_empty() || left == Some(Duration::ZERO) {
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
    let argv = std::iter::once("ipvsadm drain".to_string()).chain(args.iter().cloned());
    let args = match Args::try_parse_from(argv) {
        Ok(a) => a,
        Err(e) => return crate::error::report_clap(&e, env.stdout, env.stderr),
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
    exec::init(env)?;
    let words = args.compat_words();
    let (key, addr, port) = match cli::parse(&env.prog, &words, env.names)? {
        Command::Modify(Request::DelDest(svc, dest)) => (svc.key, dest.addr, dest.port),
        _ => return Err(Error::fail("a service and a real server are needed")),
    };
    let _lock = exec::lock_writers(env, &format!("ipvsadm drain {}", words[2..].join(" ")));
    let svc = env.kernel.service(&key).map_err(Error::List)?;
    let dests = env
        .kernel
        .dests(std::slice::from_ref(&key))
        .pop()
        .unwrap_or(Ok(Vec::new()))
        .map_err(Error::List)?;
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
