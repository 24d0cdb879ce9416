//! An in-memory IPVS with the kernel's semantics and errnos, so the whole
//! program can be tested without root, a kernel module or a VM.
//!
//! Design decisions: the checks and their order follow Linux 6.1's
//! `ip_vs_ctl.c` (genl handler first: missing service → ESRCH; then
//! `ip_vs_add_dest`/`ip_vs_edit_dest`/`start_sync_thread` in their own order),
//! because which errno wins decides the message ipvsadm prints. Services are
//! dumped in insertion order (the kernel's hash order is not reproduced);
//! dests newest first, as the kernel prepends them to its list. Like the
//! kernel, stored service flags carry IP_VS_SVC_F_HASHED, and dest counters
//! are listed through 1.31's 32-bit read (see `wire`). Knobs simulate a
//! kernel without IPVS, a non-root caller, and injected failures.

use super::{wire, Kernel, KernelError, Op, Request};
use crate::model::{
    svc_flags, Daemon, DaemonState, Dest, Family, FwdMethod, Info, Service, ServiceKey, Stats,
    Timeouts, TunType,
};
use nix::errno::Errno::{self, EEXIST, EINVAL, ENODEV, ENOENT, ENOPROTOOPT, EPERM, ERANGE, ESRCH};
use std::net::IpAddr;

/// Schedulers a stock kernel can load (Debian's 5.10, 6.1 and 6.12 all
/// have these modules). "none" is accepted by the kernel itself (no
/// scheduler module).
const SCHEDULERS: &[&str] = &[
    "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "none",
];

/// Schedulers that came later, with the first release that has them: on an
/// older kernel adding a service with one is ENOENT, as for an unknown name
/// (compat-tests/kernel-facts records what 1.31 prints on each kernel).
const LATER_SCHEDULERS: &[(&str, (u32, u32))] = &[("twos", (6, 2))];

/// The kernel release modelled by default (major, minor).
const DEFAULT_RELEASE: (u32, u32) = (6, 1);

/// Kernel HZ assumed for the timeout range check (Debian kernels use 250):
/// `ip_vs_set_timeout` rejects values above INT_MAX / HZ.
const HZ: u32 = 250;

/// Kernel defaults for the sync daemon (ip_vs_sync.c).
const SYNC_GROUP_V4: [u8; 4] = [224, 0, 0, 81];
const SYNC_PORT: u16 = 8848;
/// IP + UDP header lengths, subtracted from the MTU for the default maxlen.
const HLEN_V4: u16 = 20 + 8;
const HLEN_V6: u16 = 40 + 8;

/// The fake kernel. `Default` is a working kernel with an empty table.
#[derive(Debug, Clone)]
pub struct FakeKernel {
    table: Vec<(Service, Vec<Dest>)>,
    timeouts: Timeouts,
    master: Option<Daemon>,
    backup: Option<Daemon>,
    info: Info,
    no_ipvs: bool,
    not_root: bool,
    release: (u32, u32),
    interfaces: Option<Vec<String>>,
    pe_names: Vec<String>,
    failures: Vec<(Op, i32)>,
    /// Requests refused once each, with an errno: the next equal request fails.
    refusals: Vec<(Request, i32)>,
    log: Vec<Request>,
}

impl Default for FakeKernel {
    fn default() -> FakeKernel {
        FakeKernel {
            table: Vec::new(),
            timeouts: Timeouts {
                tcp: 900,
                tcp_fin: 120,
                udp: 300,
            },
            master: None,
            backup: None,
            info: Info {
                version: 0x010201,
                conn_tab_size: 4096,
            },
            no_ipvs: false,
            not_root: false,
            release: DEFAULT_RELEASE,
            interfaces: None,
            pe_names: Vec::new(),
            failures: Vec::new(),
            refusals: Vec::new(),
            log: Vec::new(),
        }
    }
}

impl FakeKernel {
    pub fn new() -> FakeKernel {
        FakeKernel::default()
    }

    /// Simulate a kernel without IPVS: every call fails at init with
    /// ENOPROTOOPT (the family cannot be resolved).
    pub fn set_no_ipvs(&mut self, absent: bool) {
        self.no_ipvs = absent;
    }

    /// Simulate a caller without CAP_NET_ADMIN: every IPVS command gets EPERM.
    pub fn set_not_root(&mut self, not_root: bool) {
        self.not_root = not_root;
    }

    /// The kernel release to model (6.1 by default): which schedulers exist.
    pub fn set_release(&mut self, major: u32, minor: u32) {
        self.release = (major, minor);
    }

    /// Whether this release can load the scheduler `name`.
    fn has_scheduler(&self, name: &str) -> bool {
        SCHEDULERS.contains(&name)
            || LATER_SCHEDULERS
                .iter()
                .any(|&(later, since)| later == name && self.release >= since)
    }

    pub fn set_info(&mut self, info: Info) {
        self.info = info;
    }

    /// Interfaces that exist for `--mcast-interface`; `None` (the default)
    /// means every non-empty name exists.
    pub fn set_interfaces(&mut self, names: Option<Vec<String>>) {
        self.interfaces = names;
    }

    /// Persistence engines that can be loaded (none by default, like the
    /// kernel without the ip_vs_pe_sip module, where `--pe sip` fails).
    pub fn set_pe_names(&mut self, names: Vec<String>) {
        self.pe_names = names;
    }

    /// Make every call of `op` fail with `errno` (e.g. a GET_DEST dump
    /// failing mid-listing).
    pub fn fail(&mut self, op: Op, errno: i32) {
        self.failures.push((op, errno));
    }

    /// Make the next request equal to `request` fail with `errno` (a
    /// refusal the kernel alone can make, such as a scheduler module that
    /// cannot load), once.
    pub fn fail_request(&mut self, request: &Request, errno: i32) {
        self.refusals.push((request.clone(), errno));
    }

    /// Forget injected failures.
    pub fn clear_failures(&mut self) {
        self.failures.clear();
        self.refusals.clear();
    }

    /// Services and their dests, in dump order.
    pub fn table(&self) -> &[(Service, Vec<Dest>)] {
        &self.table
    }

    /// Direct access, e.g. to set counters before a `--stats` listing.
    pub fn table_mut(&mut self) -> &mut Vec<(Service, Vec<Dest>)> {
        &mut self.table
    }

    /// Every request passed to `apply`, in order, failed ones included.
    pub fn log(&self) -> &[Request] {
        &self.log
    }

    /// The error every call gets before looking at the table, if any.
    fn gate(&self, op: Op) -> Result<(), KernelError> {
        if self.no_ipvs {
            return Err(KernelError::from_errno(Op::Init, ENOPROTOOPT));
        }
        if self.not_root {
            return Err(KernelError::from_errno(op, EPERM));
        }
        match self.failures.iter().find(|(o, _)| *o == op) {
            Some((_, errno)) => Err(KernelError::new(op, *errno)),
            None => Ok(()),
        }
    }

    fn find(&self, key: &ServiceKey) -> Option<usize> {
        self.table.iter().position(|(s, _)| s.key == *key)
    }

    fn request(&mut self, req: &Request) -> Result<(), Errno> {
        match req {
            Request::AddService(svc) => self.add_service(svc),
            Request::EditService(svc) => self.edit_service(svc),
            Request::DelService(svc) => {
                let i = self.find(&svc.key).ok_or(ESRCH)?;
                self.table.remove(i);
                Ok(())
            }
            Request::AddDest(svc, dest) => self.add_dest(svc, dest),
            Request::EditDest(svc, dest) => self.edit_dest(svc, dest),
            Request::DelDest(svc, dest) => {
                let i = self.find(&svc.key).ok_or(ESRCH)?;
                let dests = &mut self.table.get_mut(i).ok_or(ESRCH)?.1;
                let j = dests
                    .iter()
                    .position(|d| d.addr == dest.addr && d.port == dest.port)
                    .ok_or(ENOENT)?;
                dests.remove(j);
                Ok(())
            }
            Request::Flush => {
                self.table.clear();
                Ok(())
            }
            Request::Zero(None) => {
                for (s, dests) in &mut self.table {
                    zero(s, dests);
                }
                Ok(())
            }
            Request::Zero(Some(svc)) => {
                let i = self.find(&svc.key).ok_or(ESRCH)?;
                if let Some((s, dests)) = self.table.get_mut(i) {
                    zero(s, dests);
                }
                Ok(())
            }
            Request::SetTimeouts(t) => self.set_timeouts(t),
            Request::StartDaemon(d) => self.start_daemon(d),
            Request::StopDaemon(d) => {
                let slot = match d.state {
                    DaemonState::Master => &mut self.master,
                    DaemonState::Backup => &mut self.backup,
                };
                slot.take().map(|_| ()).ok_or(ESRCH)
            }
        }
    }

    /// Scheduler and persistence engine must be loadable (ENOENT otherwise),
    /// and an IPv6 prefix length must be 1..=128.
    fn check_service_settings(&self, svc: &Service) -> Result<(), Errno> {
        if !self.has_scheduler(&svc.scheduler) {
            return Err(ENOENT);
        }
        if let Some(pe) = svc.pe_name.as_deref().filter(|p| !p.is_empty()) {
            if !self.pe_names.iter().any(|p| p == pe) {
                return Err(ENOENT);
            }
        }
        if svc.key.family() == Family::Inet6 && !(1..=128).contains(&svc.netmask) {
            return Err(EINVAL);
        }
        Ok(())
    }

    fn add_service(&mut self, svc: &Service) -> Result<(), Errno> {
        if self.find(&svc.key).is_some() {
            return Err(EEXIST);
        }
        self.check_service_settings(svc)?;
        let mut stored = svc.clone();
        stored.flags |= svc_flags::HASHED;
        stored.pe_name = svc.pe_name.clone().filter(|p| !p.is_empty());
        stored.stats = Stats::default();
        self.table.push((stored, Vec::new()));
        Ok(())
    }

    fn edit_service(&mut self, svc: &Service) -> Result<(), Errno> {
        let i = self.find(&svc.key).ok_or(ESRCH)?;
        self.check_service_settings(svc)?;
        let (stored, _) = self.table.get_mut(i).ok_or(ESRCH)?;
        // Everything but the key and counters is replaced (flags mask ~0).
        stored.scheduler = svc.scheduler.clone();
        stored.pe_name = svc.pe_name.clone().filter(|p| !p.is_empty());
        stored.flags = svc.flags | svc_flags::HASHED;
        stored.timeout = svc.timeout;
        stored.netmask = svc.netmask;
        Ok(())
    }

    /// The genl handler's dest checks: the service exists (ESRCH), and a dest
    /// of another family needs tunnelling and no sync daemon (EINVAL).
    fn dest_service(&self, svc: &Service, dest: &Dest) -> Result<usize, Errno> {
        let i = self.find(&svc.key).ok_or(ESRCH)?;
        if Family::of(&dest.addr) != svc.key.family() {
            let syncing = self.master.is_some() || self.backup.is_some();
            if syncing || dest.fwd != FwdMethod::Tunnel {
                return Err(EINVAL);
            }
        }
        Ok(i)
    }

    fn add_dest(&mut self, svc: &Service, dest: &Dest) -> Result<(), Errno> {
        let i = self.dest_service(svc, dest)?;
        check_dest_settings(dest)?;
        let dests = &mut self.table.get_mut(i).ok_or(ESRCH)?.1;
        if dests
            .iter()
            .any(|d| d.addr == dest.addr && d.port == dest.port)
        {
            return Err(EEXIST);
        }
        if !is_unicast(&dest.addr) {
            return Err(EINVAL);
        }
        let mut stored = dest.clone();
        stored.active_conns = 0;
        stored.inact_conns = 0;
        stored.persist_conns = 0;
        stored.stats = Stats::default();
        // The kernel adds new dests at the head of the service's list.
        dests.insert(0, stored);
        Ok(())
    }

    fn edit_dest(&mut self, svc: &Service, dest: &Dest) -> Result<(), Errno> {
        let i = self.dest_service(svc, dest)?;
        check_dest_settings(dest)?;
        let dests = &mut self.table.get_mut(i).ok_or(ESRCH)?.1;
        let stored = dests
            .iter_mut()
            .find(|d| d.addr == dest.addr && d.port == dest.port)
            .ok_or(ENOENT)?;
        // The settings are replaced; the counters stay.
        *stored = Dest {
            active_conns: stored.active_conns,
            inact_conns: stored.inact_conns,
            persist_conns: stored.persist_conns,
            stats: stored.stats,
            ..dest.clone()
        };
        Ok(())
    }

    fn set_timeouts(&mut self, t: &Timeouts) -> Result<(), Errno> {
        let max = i32::MAX as u32 / HZ;
        if t.tcp > max || t.tcp_fin > max || t.udp > max {
            return Err(EINVAL);
        }
        // Zero means "leave unchanged".
        for (new, cur) in [
            (t.tcp, &mut self.timeouts.tcp),
            (t.tcp_fin, &mut self.timeouts.tcp_fin),
            (t.udp, &mut self.timeouts.udp),
        ] {
            if new != 0 {
                *cur = new;
            }
        }
        Ok(())
    }

    fn start_daemon(&mut self, d: &Daemon) -> Result<(), Errno> {
        // Sync cannot describe dests of another family than their service.
        let mixed = self
            .table
            .iter()
            .any(|(s, dests)| dests.iter().any(|d| Family::of(&d.addr) != s.key.family()));
        if mixed {
            return Err(EINVAL);
        }
        let exists = match &self.interfaces {
            Some(names) => names.contains(&d.mcast_ifn),
            None => !d.mcast_ifn.is_empty(),
        };
        if !exists {
            return Err(ENODEV);
        }
        let running = match d.state {
            DaemonState::Master => &self.master,
            DaemonState::Backup => &self.backup,
        };
        if running.is_some() {
            return Err(EEXIST);
        }
        let stored = effective_daemon(d);
        match d.state {
            DaemonState::Master => self.master = Some(stored),
            DaemonState::Backup => self.backup = Some(stored),
        }
        Ok(())
    }
}

fn zero(svc: &mut Service, dests: &mut [Dest]) {
    svc.stats = Stats::default();
    for d in dests {
        d.stats = Stats::default();
    }
}

/// `ip_vs_add_dest`/`ip_vs_edit_dest` argument checks, in kernel order.
fn check_dest_settings(dest: &Dest) -> Result<(), Errno> {
    if dest.weight < 0 {
        return Err(ERANGE);
    }
    // "lower threshold is higher than upper threshold", also when the
    // upper one is 0 (none).
    if dest.l_threshold > dest.u_threshold {
        return Err(ERANGE);
    }
    if dest.tun_type == TunType::Gue && dest.tun_port == 0 {
        return Err(EINVAL);
    }
    Ok(())
}

/// What `inet_addr_type`/`ipv6_addr_type` accept as a real server.
fn is_unicast(addr: &IpAddr) -> bool {
    match addr {
        IpAddr::V4(a) => !(a.is_unspecified() || a.is_multicast() || a.is_broadcast()),
        IpAddr::V6(a) => {
            let link_local = (a.segments()[0] & 0xffc0) == 0xfe80;
            !(a.is_unspecified() || a.is_multicast() || link_local)
        }
    }
}

/// The daemon as the kernel reports it: defaults filled in and maxlen
/// clamped like `start_sync_thread` (MTU 1500 assumed).
fn effective_daemon(d: &Daemon) -> Daemon {
    let group = d.mcast_group.unwrap_or(IpAddr::from(SYNC_GROUP_V4));
    let hlen = match group {
        IpAddr::V4(_) => HLEN_V4,
        IpAddr::V6(_) => HLEN_V6,
    };
    let min = match d.state {
        DaemonState::Backup => 1024,
        DaemonState::Master => 1,
    };
    let maxlen = match d.sync_maxlen {
        Some(n) if n != 0 => n.clamp(min, u16::MAX - hlen),
        _ => 1500 - hlen,
    };
    Daemon {
        state: d.state,
        mcast_ifn: d.mcast_ifn.clone(),
        syncid: d.syncid,
        sync_maxlen: Some(maxlen),
        mcast_group: Some(group),
        mcast_port: Some(d.mcast_port.filter(|p| *p != 0).unwrap_or(SYNC_PORT)),
        mcast_ttl: Some(d.mcast_ttl.filter(|t| *t != 0).unwrap_or(1)),
    }
}

impl Kernel for FakeKernel {
    fn info(&mut self) -> Result<Info, KernelError> {
        self.gate(Op::GetInfo)
            .map_err(|e| KernelError::new(Op::Init, e.errno))?;
        Ok(self.info)
    }

    fn services(&mut self) -> Result<Vec<Service>, KernelError> {
        self.gate(Op::GetServices)?;
        Ok(self.table.iter().map(|(s, _)| s.clone()).collect())
    }

    fn service(&mut self, key: &ServiceKey) -> Result<Service, KernelError> {
        self.gate(Op::GetService)?;
        self.find(key)
            .and_then(|i| self.table.get(i))
            .map(|(s, _)| s.clone())
            .ok_or(KernelError::from_errno(Op::GetService, ESRCH))
    }

    /// Like the kernel's dump, a missing service yields an empty list (the
    /// dump callback finds no service and ends the dump), not ESRCH.
    fn dests(&mut self, keys: &[ServiceKey]) -> Vec<Result<Vec<Dest>, KernelError>> {
        keys.iter()
            .map(|key| {
                self.gate(Op::GetDests)?;
                let dests = self
                    .find(key)
                    .and_then(|i| self.table.get(i))
                    .map(|(_, d)| d.clone())
                    .unwrap_or_default();
                // What the netlink path hands up: 1.31's dest counter bug
                // applies to whatever the kernel reports.
                Ok(dests
                    .into_iter()
                    .map(|mut d| {
                        d.stats = wire::dest_stats64_as_read_by_1_31(d.stats);
                        d
                    })
                    .collect())
            })
            .collect()
    }

    fn timeouts(&mut self) -> Result<Timeouts, KernelError> {
        self.gate(Op::GetTimeouts)?;
        Ok(self.timeouts)
    }

    fn daemons(&mut self) -> Result<Vec<Daemon>, KernelError> {
        self.gate(Op::GetDaemons)?;
        Ok(self
            .master
            .iter()
            .chain(self.backup.iter())
            .cloned()
            .collect())
    }

    fn apply(&mut self, requests: &[Request]) -> Vec<Result<(), KernelError>> {
        requests
            .iter()
            .map(|req| {
                self.log.push(req.clone());
                self.gate(req.op())?;
                if let Some(i) = self.refusals.iter().position(|(r, _)| r == req) {
                    let (_, errno) = self.refusals.remove(i);
                    return Err(KernelError::new(req.op(), errno));
                }
                self.request(req)
                    .map_err(|errno| KernelError::from_errno(req.op(), errno))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Protocol;

    fn key(addr: &str, port: u16) -> ServiceKey {
        ServiceKey::Addr {
            proto: Protocol::Tcp,
            addr: addr.parse().unwrap(),
            port,
        }
    }

    fn svc(addr: &str, port: u16) -> Service {
        Service::new(key(addr, port))
    }

    fn dest(addr: &str, port: u16) -> Dest {
        Dest::new(addr.parse().unwrap(), port)
    }

    fn one(k: &mut FakeKernel, r: Request) -> Result<(), KernelError> {
        super::super::apply_one(k, r)
    }

    /// The errno a request failed with; `None` when it succeeded.
    fn errno(r: Result<(), KernelError>) -> Option<Errno> {
        r.err().map(|e| Errno::from_raw(e.errno))
    }

    /// A kernel holding the service TCP 10.0.0.1:80 with dests at `addrs`
    /// (port 80), added in that order.
    fn kernel_with(addrs: &[&str]) -> (FakeKernel, Service) {
        let mut k = FakeKernel::new();
        let s = svc("10.0.0.1", 80);
        one(&mut k, Request::AddService(s.clone())).unwrap();
        for a in addrs {
            one(&mut k, Request::AddDest(s.clone(), dest(a, 80))).unwrap();
        }
        (k, s)
    }

    fn daemon(state: DaemonState, ifn: &str) -> Daemon {
        Daemon {
            state,
            mcast_ifn: ifn.into(),
            syncid: 0,
            sync_maxlen: None,
            mcast_group: None,
            mcast_port: None,
            mcast_ttl: None,
        }
    }

    #[test]
    fn defaults() {
        let mut k = FakeKernel::new();
        assert_eq!(
            k.info().unwrap(),
            Info {
                version: 0x010201,
                conn_tab_size: 4096
            }
        );
        assert_eq!(
            k.timeouts().unwrap(),
            Timeouts {
                tcp: 900,
                tcp_fin: 120,
                udp: 300
            }
        );
        assert!(k.services().unwrap().is_empty());
        assert!(k.daemons().unwrap().is_empty());
    }

    #[test]
    fn no_ipvs_fails_at_init_everywhere() {
        let mut k = FakeKernel::new();
        k.set_no_ipvs(true);
        assert_eq!(
            k.info(),
            Err(KernelError::from_errno(Op::Init, ENOPROTOOPT))
        );
        assert_eq!(
            k.services(),
            Err(KernelError::from_errno(Op::Init, ENOPROTOOPT))
        );
        assert_eq!(
            one(&mut k, Request::Flush),
            Err(KernelError::from_errno(Op::Init, ENOPROTOOPT))
        );
    }

    #[test]
    fn not_root_gets_eperm() {
        let mut k = FakeKernel::new();
        k.set_not_root(true);
        assert_eq!(k.info(), Err(KernelError::from_errno(Op::Init, EPERM)));
        assert_eq!(
            one(&mut k, Request::AddService(svc("10.0.0.1", 80))),
            Err(KernelError::from_errno(Op::AddService, EPERM))
        );
        assert!(k.table().is_empty());
    }

    #[test]
    fn twos_exists_from_6_2() {
        for (release, want) in [
            ((5, 10), Some(ENOENT)),
            ((6, 1), Some(ENOENT)),
            ((6, 12), None),
        ] {
            let mut k = FakeKernel::new();
            k.set_release(release.0, release.1);
            let mut s = svc("10.0.0.1", 80);
            s.scheduler = "twos".into();
            assert_eq!(
                errno(one(&mut k, Request::AddService(s))),
                want,
                "{release:?}"
            );
            let mut s = svc("10.0.0.2", 80);
            s.scheduler = "mh".into();
            assert_eq!(one(&mut k, Request::AddService(s)), Ok(()), "{release:?}");
        }
        // 6.1 is the default.
        let mut s = svc("10.0.0.1", 80);
        s.scheduler = "twos".into();
        let mut k = FakeKernel::new();
        assert_eq!(errno(one(&mut k, Request::AddService(s))), Some(ENOENT));
    }

    #[test]
    fn add_service_exists_and_scheduler_checks() {
        let mut k = FakeKernel::new();
        let mut s = svc("10.0.0.1", 80);
        s.scheduler = "rr".into();
        assert_eq!(one(&mut k, Request::AddService(s.clone())), Ok(()));
        assert_eq!(
            errno(one(&mut k, Request::AddService(s.clone()))),
            Some(EEXIST)
        );
        let mut bad = svc("10.0.0.2", 80);
        bad.scheduler = "nosuch".into();
        assert_eq!(errno(one(&mut k, Request::AddService(bad))), Some(ENOENT));
        let mut pe = svc("10.0.0.3", 80);
        pe.pe_name = Some("sip".into());
        assert_eq!(
            errno(one(&mut k, Request::AddService(pe.clone()))),
            Some(ENOENT)
        );
        k.set_pe_names(vec!["sip".into()]);
        assert_eq!(one(&mut k, Request::AddService(pe)), Ok(()));
        let mut v6 = svc("fd00::1", 80);
        v6.netmask = 129;
        assert_eq!(errno(one(&mut k, Request::AddService(v6))), Some(EINVAL));
        // Stored like the kernel: HASHED set, listed in insertion order.
        let listed = k.services().unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0].flags, svc_flags::HASHED);
        assert_eq!(listed[0].scheduler, "rr");
    }

    #[test]
    fn edit_service_replaces_everything() {
        let mut k = FakeKernel::new();
        let mut s = svc("10.0.0.1", 80);
        s.flags = svc_flags::PERSISTENT;
        s.timeout = 600;
        s.netmask = 0xFFFF_FF00;
        assert_eq!(
            errno(one(&mut k, Request::EditService(s.clone()))),
            Some(ESRCH)
        );
        one(&mut k, Request::AddService(s.clone())).unwrap();
        let plain = svc("10.0.0.1", 80);
        one(&mut k, Request::EditService(plain)).unwrap();
        let got = k.service(&key("10.0.0.1", 80)).unwrap();
        assert_eq!(got.flags, svc_flags::HASHED);
        assert_eq!(got.timeout, 0);
        assert_eq!(got.netmask, 0xFFFF_FFFF);
        let mut bad = svc("10.0.0.1", 80);
        bad.scheduler = "xx".into();
        assert_eq!(errno(one(&mut k, Request::EditService(bad))), Some(ENOENT));
    }

    #[test]
    fn missing_service_is_esrch() {
        let mut k = FakeKernel::new();
        let s = svc("10.0.0.1", 80);
        let d = dest("10.0.0.2", 80);
        for r in [
            Request::DelService(s.clone()),
            Request::Zero(Some(s.clone())),
            Request::AddDest(s.clone(), d.clone()),
            Request::EditDest(s.clone(), d.clone()),
            Request::DelDest(s.clone(), d.clone()),
        ] {
            assert_eq!(errno(one(&mut k, r)), Some(ESRCH));
        }
        assert_eq!(
            k.service(&s.key),
            Err(KernelError::from_errno(Op::GetService, ESRCH))
        );
        // Zero of everything and flush never fail.
        assert_eq!(one(&mut k, Request::Zero(None)), Ok(()));
        assert_eq!(one(&mut k, Request::Flush), Ok(()));
    }

    #[test]
    fn dests_newest_first_and_errnos() {
        let (mut k, s) = kernel_with(&["10.0.0.2", "10.0.0.3"]);
        let listed = k.dests(&[s.key]).pop().unwrap().unwrap();
        let addrs: Vec<String> = listed.iter().map(|d| d.addr.to_string()).collect();
        assert_eq!(addrs, ["10.0.0.3", "10.0.0.2"]);
        assert_eq!(
            errno(one(
                &mut k,
                Request::AddDest(s.clone(), dest("10.0.0.2", 80))
            )),
            Some(EEXIST)
        );
        assert_eq!(
            errno(one(
                &mut k,
                Request::EditDest(s.clone(), dest("10.0.0.9", 80))
            )),
            Some(ENOENT)
        );
        assert_eq!(
            errno(one(
                &mut k,
                Request::DelDest(s.clone(), dest("10.0.0.2", 8080))
            )),
            Some(ENOENT)
        );
        one(&mut k, Request::DelDest(s.clone(), dest("10.0.0.2", 80))).unwrap();
        assert_eq!(k.table()[0].1.len(), 1);
    }

    #[test]
    fn dest_value_checks() {
        let (mut k, s) = kernel_with(&[]);
        let mut neg = dest("10.0.0.2", 80);
        neg.weight = -1;
        assert_eq!(
            errno(one(&mut k, Request::AddDest(s.clone(), neg))),
            Some(ERANGE)
        );
        let mut thr = dest("10.0.0.2", 80);
        thr.u_threshold = 10;
        thr.l_threshold = 50;
        assert_eq!(
            errno(one(&mut k, Request::AddDest(s.clone(), thr.clone()))),
            Some(ERANGE)
        );
        // Also with an upper threshold of 0 (no limit): the kernel says
        // "lower threshold is higher than upper threshold".
        thr.u_threshold = 0;
        assert_eq!(
            errno(one(&mut k, Request::AddDest(s.clone(), thr.clone()))),
            Some(ERANGE)
        );
        thr.l_threshold = 0;
        assert_eq!(one(&mut k, Request::AddDest(s.clone(), thr)), Ok(()));
        for bad in ["0.0.0.0", "224.0.0.5", "255.255.255.255"] {
            assert_eq!(
                errno(one(&mut k, Request::AddDest(s.clone(), dest(bad, 80)))),
                Some(EINVAL),
                "{bad}"
            );
        }
        let mut gue = dest("10.0.0.7", 80);
        gue.fwd = FwdMethod::Tunnel;
        gue.tun_type = TunType::Gue;
        assert_eq!(
            errno(one(&mut k, Request::AddDest(s.clone(), gue))),
            Some(EINVAL)
        );
        // Other family: only tunnelled.
        let v6 = dest("fd00::2", 80);
        assert_eq!(
            errno(one(&mut k, Request::AddDest(s.clone(), v6.clone()))),
            Some(EINVAL)
        );
        let mut v6t = v6;
        v6t.fwd = FwdMethod::Tunnel;
        assert_eq!(one(&mut k, Request::AddDest(s.clone(), v6t)), Ok(()));
        // ...and then no sync daemon can start.
        assert_eq!(
            errno(one(
                &mut k,
                Request::StartDaemon(daemon(DaemonState::Master, "eth0"))
            )),
            Some(EINVAL)
        );
    }

    #[test]
    fn edit_dest_replaces_settings_keeps_counters() {
        let (mut k, s) = kernel_with(&[]);
        let mut d = dest("10.0.0.2", 80);
        d.fwd = FwdMethod::Masq;
        d.weight = 5;
        d.u_threshold = 10;
        d.l_threshold = 2;
        one(&mut k, Request::AddDest(s.clone(), d)).unwrap();
        k.table_mut()[0].1[0].stats.conns = 7;
        let mut e = dest("10.0.0.2", 80);
        e.fwd = FwdMethod::Masq;
        one(&mut k, Request::EditDest(s.clone(), e.clone())).unwrap();
        let got = &k.table()[0].1[0];
        assert_eq!((got.weight, got.u_threshold, got.l_threshold), (1, 0, 0));
        assert_eq!(got.stats.conns, 7);
        let mut neg = e;
        neg.weight = -5;
        assert_eq!(errno(one(&mut k, Request::EditDest(s, neg))), Some(ERANGE));
    }

    #[test]
    fn zero_clears_counters() {
        let (mut k, s) = kernel_with(&["10.0.0.2"]);
        k.table_mut()[0].0.stats.inpkts = 3;
        k.table_mut()[0].1[0].stats.inpkts = 3;
        one(&mut k, Request::Zero(Some(s))).unwrap();
        assert_eq!(k.table()[0].0.stats.inpkts, 0);
        assert_eq!(k.table()[0].1[0].stats.inpkts, 0);
    }

    #[test]
    fn timeouts_zero_leaves_unchanged() {
        let mut k = FakeKernel::new();
        let t = Timeouts {
            tcp: 0,
            tcp_fin: 60,
            udp: 0,
        };
        one(&mut k, Request::SetTimeouts(t)).unwrap();
        assert_eq!(
            k.timeouts().unwrap(),
            Timeouts {
                tcp: 900,
                tcp_fin: 60,
                udp: 300
            }
        );
        let huge = Timeouts {
            tcp: u32::MAX,
            tcp_fin: 0,
            udp: 0,
        };
        assert_eq!(errno(one(&mut k, Request::SetTimeouts(huge))), Some(EINVAL));
    }

    #[test]
    fn daemons() {
        let mut k = FakeKernel::new();
        k.set_interfaces(Some(vec!["eth0".into()]));
        assert_eq!(
            errno(one(
                &mut k,
                Request::StartDaemon(daemon(DaemonState::Master, "eth9"))
            )),
            Some(ENODEV)
        );
        let mut b = daemon(DaemonState::Backup, "eth0");
        b.syncid = 5;
        b.sync_maxlen = Some(1000);
        one(&mut k, Request::StartDaemon(b.clone())).unwrap();
        one(
            &mut k,
            Request::StartDaemon(daemon(DaemonState::Master, "eth0")),
        )
        .unwrap();
        assert_eq!(errno(one(&mut k, Request::StartDaemon(b))), Some(EEXIST));
        let listed = k.daemons().unwrap();
        assert_eq!(listed[0].state, DaemonState::Master);
        assert_eq!(listed[0].sync_maxlen, Some(1472));
        assert_eq!(listed[0].mcast_group, Some("224.0.0.81".parse().unwrap()));
        assert_eq!(listed[0].mcast_port, Some(8848));
        assert_eq!(listed[0].mcast_ttl, Some(1));
        assert_eq!(listed[1].syncid, 5);
        assert_eq!(listed[1].sync_maxlen, Some(1024));
        let stop = Request::StopDaemon(Daemon::stop(DaemonState::Master, 0));
        one(&mut k, stop.clone()).unwrap();
        assert_eq!(errno(one(&mut k, stop)), Some(ESRCH));
        assert_eq!(k.daemons().unwrap().len(), 1);
    }

    #[test]
    fn injected_failure_and_log() {
        let (mut k, s) = kernel_with(&[]);
        k.fail(Op::GetDests, Errno::ENOMEM as i32);
        let got = k.dests(&[s.key, key("10.9.9.9", 1)]);
        assert_eq!(
            got[0],
            Err(KernelError::from_errno(Op::GetDests, Errno::ENOMEM))
        );
        assert_eq!(k.log().len(), 1);
        // Results come back per request, in order.
        let res = k.apply(&[
            Request::AddService(s.clone()),
            Request::DelService(s.clone()),
            Request::DelService(s),
        ]);
        assert_eq!(
            res.iter().map(|r| errno(*r)).collect::<Vec<_>>(),
            [Some(EEXIST), None, Some(ESRCH)]
        );
    }

    #[test]
    fn missing_service_dest_dump_is_empty() {
        let mut k = FakeKernel::new();
        assert_eq!(k.dests(&[key("10.0.0.1", 80)]), vec![Ok(vec![])]);
    }

    #[test]
    fn dest_counters_listed_like_1_31() {
        let (mut k, s) = kernel_with(&["10.0.0.2"]);
        let big = (1u64 << 32) + 9;
        k.table_mut()[0].0.stats.conns = big;
        k.table_mut()[0].1[0].stats.conns = big;
        k.table_mut()[0].1[0].stats.inbytes = big;
        let listed = k.dests(&[s.key]).pop().unwrap().unwrap();
        assert_eq!(listed[0].stats.conns, 9);
        assert_eq!(listed[0].stats.inbytes, big);
        assert_eq!(k.services().unwrap()[0].stats.conns, big);
    }
}
