//! The real kernel: IPVS over generic netlink, through `crate::netlink`.
//!
//! Design decisions (the pipelining, dump and socket rules shared with
//! rtnetlink are in `crate::netlink`):
//! * One socket per process for every request (plus, for listings, the
//!   service-dump socket below), opened and the "IPVS" family resolved
//!   lazily on first use, once. A failed resolution is not cached, so
//!   ipvsadm's modprobe-and-retry works; a missing family reads as
//!   ENOPROTOOPT (what 1.31 shows after its sockopt fallback fails).
//! * Modifying requests are pipelined (`Socket::transact`): up to
//!   `netlink::WINDOW` of them in one datagram, encoded straight into it,
//!   and only the last of a datagram carries NLM_F_ACK, so a restore costs
//!   one receive per datagram instead of one per request. SO_RCVBUF is
//!   raised as far as rmem_max allows, so a window of acks always fits.
//! * Dumps are sent one at a time: the kernel allows one running dump per
//!   socket (a second gets EBUSY). It produces each part synchronously while
//!   we read, so this costs syscalls only.
//! * The service dump has a socket of its own with a large receive buffer.
//!   The kernel sizes dump parts after the largest buffer a socket has ever
//!   read with (it never shrinks back), and restarts its walk of the service
//!   table from the start for every part, so page-sized parts make listing
//!   20,000 services quadratic in kernel time; on the main socket,
//!   page-sized parts keep the per-service dest dumps cheap (see
//!   `RECV_BUF_LEN`). One socket cannot have both.
//! * No torn listings. IPVS dumps resume by position across datagrams, so
//!   a dump spanning several while services or real servers are added and
//!   deleted can show one twice or skip one (IPVS does not set
//!   NLM_F_DUMP_INTR itself, though it is honoured if set). A dump that
//!   shows a key twice (a service in the services dump, a real server in
//!   one service's dest dump), is flagged interrupted, or loses replies
//!   (ENOBUFS: the socket is replaced) is run again, up to `DUMP_TRIES`
//!   times in all; a listing is never stitched from two tables. When every
//!   try was torn the listing fails with `TORN` (a message of its own,
//!   exit status 1) rather than show a table that never existed. The
//!   check is a hash set of the keys seen, O(n), and costs no round trip
//!   when nothing changed. A skipped entry cannot be seen from one dump;
//!   it is the mirror of a duplicate (an entry moved across the resume
//!   position), so the same races are caught most of the time, not all.
//!   A dump's EINTR from recv(2) or send(2) is retried in place by the
//!   receive loop, not by running the dump again.

use super::wire::{self, Cmd};
use super::{Kernel, KernelError, Op, Request};
use crate::model::{Daemon, Dest, Info, Service, ServiceKey, Timeouts};
use crate::netlink::genl::{self, Payload};
use crate::netlink::Socket;
use nix::errno::Errno;
use nix::sys::socket::SockProtocol;
use std::collections::HashSet;
use std::net::IpAddr;

/// Tries of a dump before a torn one is reported (see the module doc).
pub const DUMP_TRIES: usize = 5;
/// A dump torn on every try: its errno in `KernelError` (a blocking
/// netlink socket never reports EAGAIN for a listing otherwise).
pub const TORN: Errno = Errno::EAGAIN;

/// Requested SO_RCVBUF; the kernel caps it at rmem_max (and doubles it).
const RCVBUF: usize = 1 << 20;
/// Receive buffer of the main socket: NLMSG_GOODSIZE as x86_64 kernels have
/// it (the only target built; 4 KiB pages), a page less `skb_shared_info`
/// rounded to a cache line: 320 bytes with the fewest fragments any kernel
/// allows (17), more with more. The kernel sizes each dump part after the
/// largest buffer a socket has read with (up to 32 KiB), and NLMSG_GOODSIZE
/// at least. With exactly that, each part (and each NLMSG_DONE) takes one
/// page of its slab, zeroed on allocation by Debian's kernels
/// (init_on_alloc); a buffer of a full page makes each take two, twice the
/// kernel's allocating and zeroing for every per-service dest dump, and a
/// 32 KiB buffer far more. Every reply fits: dump parts and doit replies
/// are at most NLMSG_GOODSIZE, which a larger `skb_shared_info` only makes
/// smaller; a bigger datagram would be reported (EMSGSIZE), never cut.
const RECV_BUF_LEN: usize = 4096 - 320;
/// Receive buffer of the service-dump socket: the kernel's cap for dump
/// parts (32 KiB less the skb overhead), so each part holds about 100
/// services.
const BULK_BUF_LEN: usize = 32 * 1024;

/// The generic-netlink `Kernel`.
pub struct NetlinkKernel {
    /// The main socket, opened on first use.
    sock: Option<Socket>,
    /// The IPVS family id, once resolved.
    family: Option<u16>,
    /// The service-dump socket (see the module doc), opened on first use.
    bulk: Option<Socket>,
    /// Whether `bulk` may be opened (off for the scripted test kernel).
    split_dumps: bool,
    /// Dumps run again because the table changed under them.
    pub retries: usize,
}

/// Which socket a dump goes out on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Via {
    Main,
    Bulk,
}

impl Default for NetlinkKernel {
    fn default() -> NetlinkKernel {
        NetlinkKernel::new()
    }
}

/// An IPVS request with `attrs`.
fn ipvs<P: Payload + ?Sized>(family: u16, cmd: Cmd, dump: bool, attrs: &P) -> genl::Request<'_, P> {
    genl::Request {
        family,
        cmd: cmd.number(),
        version: wire::IPVS_GENL_VERSION,
        dump,
        quiet: false,
        attrs,
    }
}

impl NetlinkKernel {
    pub fn new() -> NetlinkKernel {
        NetlinkKernel {
            sock: None,
            family: None,
            bulk: None,
            split_dumps: true,
            retries: 0,
        }
    }

    /// Open the main socket if not done yet, or replace it if it broke (the
    /// family id stays valid).
    fn open(&mut self) -> Result<&mut Socket, KernelError> {
        let init = |e: Errno| KernelError::from_errno(Op::Init, e);
        match &mut self.sock {
            Some(sock) => sock.repair().map_err(init)?,
            None => {
                let sock = Socket::open(SockProtocol::NetlinkGeneric, RECV_BUF_LEN, Some(RCVBUF))
                    .map_err(init)?;
                self.sock = Some(sock);
            }
        }
        self.sock
            .as_mut()
            .ok_or(KernelError::from_errno(Op::Init, Errno::EIO))
    }

    /// Open the main socket and resolve the IPVS family if not done yet.
    fn ready(&mut self) -> Result<u16, KernelError> {
        let family = self.family;
        let sock = self.open()?;
        if let Some(id) = family {
            return Ok(id);
        }
        let id = genl::family_id(sock, wire::IPVS_GENL_NAME).map_err(|errno| {
            // The controller answers ENOENT for an unknown family.
            let errno = if errno == Errno::ENOENT as i32 {
                Errno::ENOPROTOOPT as i32
            } else {
                errno
            };
            KernelError::new(Op::Init, errno)
        })?;
        self.family = Some(id);
        Ok(id)
    }

    /// The socket a dump goes out on: the service-dump socket, opened (or
    /// replaced) if needed, or the main socket when it cannot be had (which
    /// then serves, only slower).
    fn socket(&mut self, via: Via) -> Option<&mut Socket> {
        if via == Via::Bulk && self.split_dumps {
            let usable = match &mut self.bulk {
                Some(bulk) => bulk.repair().is_ok(),
                None => {
                    let bulk =
                        Socket::open(SockProtocol::NetlinkGeneric, BULK_BUF_LEN, Some(RCVBUF));
                    bulk.map(|b| self.bulk = Some(b)).is_ok()
                }
            };
            if usable {
                return self.bulk.as_mut();
            }
        }
        self.sock.as_mut()
    }

    /// An IPVS doit request and its reply's body (genl header included), if
    /// any (a doit GET has one; anything after it is ignored).
    fn doit(&mut self, op: Op, cmd: Cmd, attrs: &[u8]) -> Result<Option<Vec<u8>>, KernelError> {
        let family = self.ready()?;
        let sock = self
            .socket(Via::Main)
            .ok_or(KernelError::from_errno(Op::Init, Errno::EIO))?;
        let mut first = None;
        sock.request(&ipvs(family, cmd, false, attrs), &mut |body| {
            first.get_or_insert_with(|| body.to_vec());
            Ok(())
        })
        .map_err(|e| KernelError::new(op, e))?;
        Ok(first)
    }

    /// A dump whose replies are decoded as they arrive, so a large table is
    /// never held twice (raw and decoded).
    fn dump_each(
        &mut self,
        via: Via,
        op: Op,
        cmd: Cmd,
        attrs: &[u8],
        each: &mut dyn FnMut(&[u8]) -> Result<(), Errno>,
    ) -> Result<(), KernelError> {
        // `ready` opens (or replaces) the main socket and resolves the family.
        let family = self.ready()?;
        let sock = self
            .socket(via)
            .ok_or(KernelError::from_errno(Op::Init, Errno::EIO))?;
        sock.request(&ipvs(family, cmd, true, attrs), each)
            .map_err(|e| KernelError::new(op, e))
    }

    /// A dump of entries, each decoded with its key, run again while it is
    /// torn (a key twice, NLM_F_DUMP_INTR or EINTR as its status, replies
    /// lost to ENOBUFS), `DUMP_TRIES` times in all; then `TORN` (ENOBUFS if
    /// that was the last try's), or the first other error at once.
    fn consistent_dump<T, K, D>(
        &mut self,
        via: Via,
        op: Op,
        cmd: Cmd,
        attrs: &[u8],
        decode: D,
        capacity: usize,
    ) -> Result<Vec<T>, KernelError>
    where
        K: std::hash::Hash + Eq,
        D: Fn(&[u8]) -> Result<(T, K), Errno>,
    {
        let mut tries = 0;
        loop {
            tries += 1;
            let mut entries = Vec::with_capacity(capacity);
            let mut seen = HashSet::new();
            let got = self.dump_each(via, op, cmd, attrs, &mut |body| {
                let (entry, key) = decode(body)?;
                if !seen.insert(key) {
                    return Err(TORN);
                }
                entries.push(entry);
                Ok(())
            });
            let torn = match got {
                Ok(()) => return Ok(entries),
                Err(e) if e.op == op && e.errno == TORN as i32 => TORN,
                Err(e) if e.op == op && e.errno == crate::netlink::DUMP_INTERRUPTED as i32 => TORN,
                // Replies were lost; the socket is replaced for the next try.
                Err(e) if e.op == op && e.errno == Errno::ENOBUFS as i32 => Errno::ENOBUFS,
                Err(e) => return Err(e),
            };
            if tries == DUMP_TRIES {
                return Err(KernelError::from_errno(op, torn));
            }
            self.retries += 1;
        }
    }
}

/// A service of a dump, with its key.
fn keyed_service(body: &[u8]) -> Result<(Service, ServiceKey), Errno> {
    let s = wire::decode_service(body)?;
    let key = s.key;
    Ok((s, key))
}

/// A real server of `service`'s dump, with what identifies it there.
fn keyed_dest(body: &[u8], service: &ServiceKey) -> Result<(Dest, (IpAddr, u16)), Errno> {
    let d = wire::decode_dest(body, service.family())?;
    let key = (d.addr, d.port);
    Ok((d, key))
}

/// The single reply a doit GET must carry, decoded (none is EINVAL).
fn decode_single<T>(
    op: Op,
    body: Option<Vec<u8>>,
    decode: impl Fn(&[u8]) -> Result<T, Errno>,
) -> Result<T, KernelError> {
    let body = body.ok_or(KernelError::from_errno(op, Errno::EINVAL))?;
    decode(&body).map_err(|e| KernelError::from_errno(op, e))
}

impl Kernel for NetlinkKernel {
    fn info(&mut self) -> Result<Info, KernelError> {
        // Start-up: every failure here is an initialisation failure.
        let body = self.doit(Op::Init, Cmd::GetInfo, &[])?;
        decode_single(Op::Init, body, wire::decode_info)
    }

    fn services(&mut self) -> Result<Vec<Service>, KernelError> {
        // Room for 1,024 services up front puts the table above malloc's
        // mmap threshold, in its own mapping, which then grows by remapping
        // rather than by copying at each doubling. Pages never written cost
        // nothing.
        self.consistent_dump(
            Via::Bulk,
            Op::GetServices,
            Cmd::GetService,
            &[],
            keyed_service,
            1024,
        )
    }

    fn service(&mut self, key: &ServiceKey) -> Result<Service, KernelError> {
        let attrs = wire::service_lookup_attrs(key);
        match self.doit(Op::GetService, Cmd::GetService, &attrs)? {
            None => Err(KernelError::from_errno(Op::GetService, Errno::ESRCH)),
            body => decode_single(Op::GetService, body, wire::decode_service),
        }
    }

    fn dests(&mut self, keys: &[ServiceKey]) -> Vec<Result<Vec<Dest>, KernelError>> {
        // One dump per service (the kernel runs one dump per socket at a
        // time), each decoded as it arrives rather than kept raw.
        keys.iter()
            .map(|key| {
                let attrs = wire::dest_dump_attrs(key);
                self.consistent_dump(
                    Via::Main,
                    Op::GetDests,
                    Cmd::GetDest,
                    &attrs,
                    |body: &[u8]| keyed_dest(body, key),
                    0,
                )
            })
            .collect()
    }

    fn timeouts(&mut self) -> Result<Timeouts, KernelError> {
        let body = self.doit(Op::GetTimeouts, Cmd::GetConfig, &[])?;
        decode_single(Op::GetTimeouts, body, wire::decode_timeouts)
    }

    fn daemons(&mut self) -> Result<Vec<Daemon>, KernelError> {
        let mut daemons = Vec::new();
        self.dump_each(
            Via::Main,
            Op::GetDaemons,
            Cmd::GetDaemon,
            &[],
            &mut |body| {
                daemons.push(wire::decode_daemon(body)?);
                Ok(())
            },
        )?;
        Ok(daemons)
    }

    fn apply(&mut self, requests: &[Request]) -> Vec<Result<(), KernelError>> {
        let family = match self.ready() {
            Ok(f) => f,
            Err(e) => return requests.iter().map(|_| Err(e)).collect(),
        };
        let Some(sock) = self.sock.as_mut() else {
            return requests
                .iter()
                .map(|r| Err(KernelError::from_errno(r.op(), Errno::EIO)))
                .collect();
        };
        let messages: Vec<genl::Request<'_, Request>> = requests
            .iter()
            .map(|r| genl::Request {
                quiet: true,
                ..ipvs(family, wire::request_cmd(r), false, r)
            })
            .collect();
        let answers = sock.transact(&messages, &mut |_, _| Ok(()));
        requests
            .iter()
            .zip(answers)
            .map(|(r, a)| a.map_err(|e| KernelError::new(r.op(), e)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    //! The first test talks to the running kernel and checks whichever
    //! situation this machine is in (IPVS loaded or not); the rest run
    //! against a scripted kernel behind the `Transport` seam.
    use super::*;
    use crate::netlink::msg::{self, NLM_F_ACK, NLM_F_DUMP, NLM_F_MULTI, NLM_F_REQUEST};

    /// What a kernel without IPVS reports.
    const NO_IPVS: i32 = Errno::ENOPROTOOPT as i32;

    #[test]
    fn init_reports_missing_ipvs_as_enoprotoopt() {
        let mut k = NetlinkKernel::new();
        let ipvs_present = genl::family_id(k.open().unwrap(), wire::IPVS_GENL_NAME).is_ok();
        let got = k.info();
        if ipvs_present {
            // Root gets the info, others EPERM; either way at Init.
            match got {
                Ok(info) => assert!(info.version > 0),
                Err(e) => assert_eq!(e, KernelError::from_errno(Op::Init, Errno::EPERM)),
            }
        } else {
            assert_eq!(got, Err(KernelError::new(Op::Init, NO_IPVS)));
            // Every other entry point reports the same init failure.
            assert_eq!(k.services(), Err(KernelError::new(Op::Init, NO_IPVS)));
            assert_eq!(
                k.apply(&[Request::Flush]),
                vec![Err(KernelError::new(Op::Init, NO_IPVS))]
            );
        }
    }

    #[test]
    fn encodes_each_request_with_its_command() {
        use crate::model::{DaemonState, Protocol};
        let svc = Service::new(ServiceKey::Addr {
            proto: Protocol::Udp,
            addr: "10.0.0.1".parse().unwrap(),
            port: 53,
        });
        let dest = Dest::new("10.0.0.2".parse().unwrap(), 53);
        let daemon = Request::StopDaemon(Daemon::stop(DaemonState::Backup, 3));
        let cases = [
            (Request::AddService(svc.clone()), Cmd::NewService),
            (Request::EditService(svc.clone()), Cmd::SetService),
            (Request::DelService(svc.clone()), Cmd::DelService),
            (Request::AddDest(svc.clone(), dest.clone()), Cmd::NewDest),
            (Request::EditDest(svc.clone(), dest.clone()), Cmd::SetDest),
            (Request::DelDest(svc.clone(), dest), Cmd::DelDest),
            (Request::Flush, Cmd::Flush),
            (Request::Zero(None), Cmd::Zero),
            (Request::Zero(Some(svc.clone())), Cmd::Zero),
            (Request::SetTimeouts(Timeouts::default()), Cmd::SetConfig),
            (daemon, Cmd::DelDaemon),
        ];
        for (req, cmd) in &cases {
            assert_eq!(wire::request_cmd(req), *cmd, "{req:?}");
        }
        // Each request carries what the per-kind encoders write.
        let want = |req: &Request| match req {
            Request::AddService(s) | Request::EditService(s) => wire::service_attrs(s),
            Request::DelService(s) | Request::Zero(Some(s)) => wire::dest_dump_attrs(&s.key),
            Request::AddDest(s, d) | Request::EditDest(s, d) => wire::dest_attrs(s, d, true),
            Request::DelDest(s, d) => wire::dest_attrs(s, d, false),
            Request::Flush | Request::Zero(None) => Vec::new(),
            Request::SetTimeouts(t) => wire::timeout_attrs(t),
            Request::StartDaemon(d) => wire::start_daemon_attrs(d),
            Request::StopDaemon(d) => wire::stop_daemon_attrs(d),
        };
        for (req, _) in &cases {
            assert_eq!(wire::request_attrs(req), want(req), "{req:?}");
        }
        assert!(wire::request_attrs(&Request::Flush).is_empty());
    }

    /// A scripted kernel behind the `Transport` seam: it answers each
    /// request through a handler, keeps replies queued in order, and refuses
    /// a second dump while one is running (EBUSY), like the real kernel.
    mod scripted {
        use super::*;
        use std::cell::RefCell;
        use std::collections::VecDeque;
        use std::rc::Rc;

        pub const FAMILY: u16 = 0x30;

        /// A request as the scripted kernel saw it.
        #[derive(Debug, Clone)]
        pub struct Seen {
            pub ty: u16,
            pub flags: u16,
            pub seq: u32,
            pub cmd: u8,
            pub version: u8,
            pub attrs: Vec<u8>,
        }

        type Handler = Box<dyn FnMut(&Seen) -> Vec<Vec<u8>>>;

        #[derive(Default)]
        pub struct State {
            pub seen: Vec<Seen>,
            pub datagrams_sent: usize,
            /// (datagram, ends a dump)
            queue: VecDeque<(Vec<u8>, bool)>,
            dump_running: bool,
            /// Receives so far, and errors to report at given ones (by
            /// number, from 1) instead of a datagram.
            pub recvs: usize,
            pub recv_faults: Vec<(usize, Errno)>,
            /// Sockets opened to replace broken ones.
            pub reopened: usize,
        }

        /// One connection to the scripted kernel; a replacement (after a
        /// socket broke) shares its state and handler.
        #[derive(Clone)]
        pub struct Scripted {
            pub state: Rc<RefCell<State>>,
            handler: Rc<RefCell<Handler>>,
        }

        impl crate::netlink::Transport for Scripted {
            fn send(&mut self, datagram: &[u8]) -> Result<(), Errno> {
                let msgs: Vec<Seen> = msg::parse_messages(datagram)
                    .unwrap()
                    .iter()
                    .map(|m| Seen {
                        ty: m.ty,
                        flags: m.flags,
                        seq: m.seq,
                        cmd: m.payload[0],
                        version: m.payload[1],
                        attrs: m.payload[4..].to_vec(),
                    })
                    .collect();
                let mut st = self.state.borrow_mut();
                st.datagrams_sent += 1;
                for m in msgs {
                    st.seen.push(m.clone());
                    let dump = m.flags & NLM_F_DUMP == NLM_F_DUMP;
                    if dump && st.dump_running {
                        st.queue.push_back((err(m.seq, Errno::EBUSY), false));
                        continue;
                    }
                    let replies = (self.handler.borrow_mut())(&m);
                    let n = replies.len();
                    for (i, r) in replies.into_iter().enumerate() {
                        st.queue.push_back((r, dump && i + 1 == n));
                    }
                    st.dump_running |= dump && n > 0;
                }
                Ok(())
            }

            fn recv(&mut self, buf: &mut [u8]) -> Result<usize, Errno> {
                let mut st = self.state.borrow_mut();
                st.recvs += 1;
                let n = st.recvs;
                if let Some(&(_, e)) = st.recv_faults.iter().find(|(at, _)| *at == n) {
                    return Err(e);
                }
                // A real socket would block forever: report it instead.
                let (d, ends) = st.queue.pop_front().ok_or(Errno::EAGAIN)?;
                if ends {
                    st.dump_running = false;
                }
                buf[..d.len()].copy_from_slice(&d);
                Ok(d.len())
            }
        }

        fn nlmsg(ty: u16, flags: u16, seq: u32, payload: &[u8]) -> Vec<u8> {
            let mut m = ((16 + payload.len()) as u32).to_ne_bytes().to_vec();
            m.extend(ty.to_ne_bytes());
            m.extend(flags.to_ne_bytes());
            m.extend(seq.to_ne_bytes());
            m.extend(0u32.to_ne_bytes());
            m.extend(payload);
            m
        }

        /// A data message with a genl body (genl header included).
        pub fn data(seq: u32, body: &[u8]) -> Vec<u8> {
            nlmsg(FAMILY, NLM_F_MULTI, seq, body)
        }

        /// A data message flagged NLM_F_DUMP_INTR.
        pub fn data_intr(seq: u32, body: &[u8]) -> Vec<u8> {
            nlmsg(FAMILY, NLM_F_MULTI | msg::NLM_F_DUMP_INTR, seq, body)
        }

        pub fn ack(seq: u32) -> Vec<u8> {
            error(seq, 0)
        }

        pub fn err(seq: u32, errno: Errno) -> Vec<u8> {
            error(seq, errno as i32)
        }

        /// NLMSG_ERROR with the negated `errno` (0: an ack).
        fn error(seq: u32, errno: i32) -> Vec<u8> {
            let mut p = (-errno).to_ne_bytes().to_vec();
            p.extend([0u8; 16]);
            nlmsg(msg::NLMSG_ERROR, 0, seq, &p)
        }

        pub fn done(seq: u32, status: i32) -> Vec<u8> {
            nlmsg(msg::NLMSG_DONE, NLM_F_MULTI, seq, &status.to_ne_bytes())
        }

        pub fn body(cmd: Cmd, attrs: &[u8]) -> Vec<u8> {
            let mut b = vec![cmd.number(), wire::IPVS_GENL_VERSION, 0, 0];
            b.extend_from_slice(attrs);
            b
        }

        /// A kernel already connected to the scripted transport. Sequence
        /// numbers start near the wrap-around point on purpose.
        pub fn kernel(
            handler: impl FnMut(&Seen) -> Vec<Vec<u8>> + 'static,
        ) -> (NetlinkKernel, Rc<RefCell<State>>) {
            let state = Rc::new(RefCell::new(State::default()));
            let scripted = Scripted {
                state: state.clone(),
                handler: Rc::new(RefCell::new(Box::new(handler))),
            };
            let next = scripted.clone();
            let sock = Socket::with_transport(
                Box::new(scripted),
                SockProtocol::NetlinkGeneric,
                77,
                u32::MAX - 2,
                RECV_BUF_LEN,
            )
            .reopen_with(Box::new(move || {
                // What the broken socket had queued went with it.
                let mut st = next.state.borrow_mut();
                st.reopened += 1;
                st.queue.clear();
                st.dump_running = false;
                Ok((Box::new(next.clone()), 78))
            }));
            let k = NetlinkKernel {
                sock: Some(sock),
                family: Some(FAMILY),
                bulk: None,
                split_dumps: false,
                retries: 0,
            };
            (k, state)
        }
    }

    use crate::model::Protocol;
    use scripted::{ack, body, data, data_intr, done, err, kernel};

    fn tcp(addr: &str, port: u16) -> Service {
        Service::new(ServiceKey::Addr {
            proto: Protocol::Tcp,
            addr: addr.parse().unwrap(),
            port,
        })
    }

    #[test]
    fn scripted_multi_part_dump_is_collected_whole() {
        let svcs = [
            tcp("10.0.0.1", 80),
            tcp("10.0.0.2", 80),
            tcp("fd00::1", 443),
        ];
        let replies = svcs.clone();
        let (mut k, state) = kernel(move |m| {
            let d = |s: &Service| data(m.seq, &body(Cmd::NewService, &wire::service_attrs(s)));
            let mut two = d(&replies[1]);
            two.extend(d(&replies[2]));
            vec![d(&replies[0]), two, done(m.seq, 0)]
        });
        assert_eq!(k.services().unwrap(), svcs.to_vec());
        let seen = state.borrow().seen.clone();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].ty, scripted::FAMILY);
        assert_eq!(seen[0].flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP);
        assert_eq!(
            (seen[0].cmd, seen[0].version),
            (Cmd::GetService.number(), 1)
        );
        assert!(seen[0].attrs.is_empty());
    }

    #[test]
    fn scripted_error_inside_dump_fails_the_whole_list() {
        let (mut k, _) = kernel(|m| {
            let s = tcp("10.0.0.1", 80);
            vec![
                data(m.seq, &body(Cmd::NewService, &wire::service_attrs(&s))),
                err(m.seq, Errno::ENOMEM),
            ]
        });
        assert_eq!(
            k.services(),
            Err(KernelError::from_errno(Op::GetServices, Errno::ENOMEM))
        );
        // An interrupted dump (EINTR as its status) is run again, and
        // reported torn when it never completes.
        let (mut k, state) = kernel(|m| {
            let s = tcp("10.0.0.1", 80);
            vec![
                data(m.seq, &body(Cmd::NewService, &wire::service_attrs(&s))),
                done(m.seq, -(Errno::EINTR as i32)),
            ]
        });
        assert_eq!(
            k.services(),
            Err(KernelError::from_errno(Op::GetServices, TORN))
        );
        assert_eq!(state.borrow().seen.len(), DUMP_TRIES);
        assert_eq!(k.retries, DUMP_TRIES - 1);
    }

    #[test]
    fn scripted_bad_reply_is_einval_not_a_short_list() {
        let (mut k, _) = kernel(|m| {
            vec![
                data(m.seq, &body(Cmd::NewService, &[4, 0, 1, 0])),
                done(m.seq, 0),
            ]
        });
        assert_eq!(
            k.services(),
            Err(KernelError::from_errno(Op::GetServices, Errno::EINVAL))
        );
    }

    #[test]
    fn scripted_single_requests_stay_in_step() {
        let (s1, s2) = (tcp("10.0.0.1", 80), tcp("10.0.0.2", 80));
        let (a, b) = (s1.clone(), s2.clone());
        let mut n = 0;
        let (mut k, _) = kernel(move |m| {
            n += 1;
            let d = |seq, s: &Service| data(seq, &body(Cmd::NewService, &wire::service_attrs(s)));
            match n {
                // A bad reply first: the answer is EINVAL, after the end.
                1 => vec![
                    data(m.seq, &body(Cmd::NewService, &[4, 0, 1, 0])),
                    d(m.seq, &a),
                    done(m.seq, 0),
                ],
                // A late reply to an earlier request is not this one's.
                _ => vec![d(m.seq.wrapping_sub(1), &a), d(m.seq, &b), done(m.seq, 0)],
            }
        });
        assert_eq!(
            k.services(),
            Err(KernelError::from_errno(Op::GetServices, Errno::EINVAL))
        );
        assert_eq!(k.services(), Ok(vec![s2]));
    }

    #[test]
    fn scripted_dest_dumps_run_one_at_a_time() {
        let keys = [
            tcp("10.0.0.1", 80).key,
            tcp("10.0.0.2", 80).key,
            tcp("fd00::1", 80).key,
        ];
        let d1 = Dest::new("192.168.1.2".parse().unwrap(), 80);
        let d6 = Dest::new("fd00::2".parse().unwrap(), 80);
        let (a, b) = (d1.clone(), d6.clone());
        let mut n = 0;
        let (mut k, state) = kernel(move |m| {
            n += 1;
            match n {
                1 => vec![
                    data(m.seq, &wire::dest_reply(&a, None, true)),
                    done(m.seq, 0),
                ],
                2 => vec![err(m.seq, Errno::ESRCH)],
                // No ADDR_FAMILY: the service's family (IPv6) applies.
                _ => vec![
                    data(m.seq, &wire::dest_reply(&b, None, false)),
                    done(m.seq, 0),
                ],
            }
        });
        let got = k.dests(&keys);
        assert_eq!(
            got,
            vec![
                Ok(vec![d1]),
                Err(KernelError::from_errno(Op::GetDests, Errno::ESRCH)),
                Ok(vec![d6])
            ]
        );
        // Three dumps, three datagrams: none was refused as EBUSY.
        let st = state.borrow();
        assert_eq!(st.datagrams_sent, 3);
        assert_eq!(st.seen[0].attrs, wire::dest_dump_attrs(&keys[0]));
    }

    #[test]
    fn scripted_apply_pipelines_and_matches_by_sequence() {
        // Like the kernel: an error is always reported, success only when
        // NLM_F_ACK asked for it.
        let (mut k, state) = kernel(|m| match m.cmd {
            // NEW_SERVICE fails, others succeed; a stale ack for a
            // long-gone request arrives first and must be ignored.
            1 => vec![ack(5), err(m.seq, Errno::EEXIST)],
            _ if m.flags & NLM_F_ACK != 0 => vec![ack(m.seq)],
            _ => vec![],
        });
        let s = tcp("10.0.0.1", 80);
        let got = k.apply(&[
            Request::Flush,
            Request::AddService(s.clone()),
            Request::AddDest(s.clone(), Dest::new("10.0.0.2".parse().unwrap(), 80)),
        ]);
        assert_eq!(
            got,
            vec![
                Ok(()),
                Err(KernelError::from_errno(Op::AddService, Errno::EEXIST)),
                Ok(())
            ]
        );
        let st = state.borrow();
        assert_eq!(st.datagrams_sent, 1, "all three in one datagram");
        let seqs: Vec<u32> = st.seen.iter().map(|m| m.seq).collect();
        // Sequence numbers are distinct even across the u32 wrap.
        assert_eq!(seqs, vec![u32::MAX - 1, u32::MAX, 0]);
        // Only the datagram's last request asks for an ack; the others are
        // answered only if they fail.
        let flags: Vec<u16> = st.seen.iter().map(|m| m.flags).collect();
        assert_eq!(
            flags,
            vec![NLM_F_REQUEST, NLM_F_REQUEST, NLM_F_REQUEST | NLM_F_ACK]
        );
        assert_eq!(st.seen[1].attrs, wire::service_attrs(&s));
    }

    #[test]
    fn scripted_large_batches_are_windowed() {
        let (mut k, state) = kernel(|m| vec![ack(m.seq)]);
        let reqs = vec![Request::Flush; crate::netlink::WINDOW * 2 + 1];
        let got = k.apply(&reqs);
        assert_eq!(got.len(), reqs.len());
        assert!(got.iter().all(Result::is_ok));
        assert_eq!(state.borrow().datagrams_sent, 3);
    }

    #[test]
    fn scripted_lost_reply_fails_the_rest_and_reopens() {
        let (mut k, _) = kernel(|m| {
            if m.cmd == Cmd::Flush.number() {
                vec![ack(m.seq)]
            } else {
                vec![]
            }
        });
        let got = k.apply(&[Request::Flush, Request::Zero(None)]);
        assert_eq!(got[0], Ok(()));
        assert_eq!(
            got[1],
            Err(KernelError::from_errno(Op::Zero, Errno::EAGAIN))
        );
        assert!(k.sock.as_ref().unwrap().is_broken());
        // The next use opens a fresh socket and keeps the family id. (Only
        // open it: sending to a made-up family id on the real kernel could
        // reach some other family.)
        k.open().unwrap();
        assert!(!k.sock.as_ref().unwrap().is_broken());
        assert_eq!(k.family, Some(scripted::FAMILY));
    }

    #[test]
    fn scripted_doit_replies() {
        let (mut k, state) = kernel(|m| match m.cmd {
            15 => vec![
                data(
                    m.seq,
                    &body(
                        Cmd::SetInfo,
                        &[8, 0, 1, 0, 1, 2, 1, 0, 8, 0, 2, 0, 0, 16, 0, 0],
                    ),
                ),
                ack(m.seq),
            ],
            13 => {
                let t = Timeouts {
                    tcp: 900,
                    tcp_fin: 120,
                    udp: 300,
                };
                vec![
                    data(m.seq, &body(Cmd::SetConfig, &wire::timeout_attrs(&t))),
                    ack(m.seq),
                ]
            }
            4 => vec![err(m.seq, Errno::ESRCH)],
            _ => vec![ack(m.seq)],
        });
        assert_eq!(
            k.info(),
            Ok(Info {
                version: 0x010201,
                conn_tab_size: 4096
            })
        );
        assert_eq!(
            k.timeouts(),
            Ok(Timeouts {
                tcp: 900,
                tcp_fin: 120,
                udp: 300
            })
        );
        let key = tcp("10.0.0.1", 80).key;
        assert_eq!(
            k.service(&key),
            Err(KernelError::from_errno(Op::GetService, Errno::ESRCH))
        );
        let st = state.borrow();
        assert_eq!(st.seen[2].attrs, wire::service_lookup_attrs(&key));
        assert_eq!(st.seen[2].flags, NLM_F_REQUEST | NLM_F_ACK);
    }

    #[test]
    fn scripted_info_failure_is_reported_at_init() {
        let (mut k, _) = kernel(|m| vec![err(m.seq, Errno::EPERM)]);
        assert_eq!(
            k.info(),
            Err(KernelError::from_errno(Op::Init, Errno::EPERM))
        );
    }

    fn svc_data(seq: u32, s: &Service) -> Vec<u8> {
        data(seq, &body(Cmd::NewService, &wire::service_attrs(s)))
    }

    fn three() -> [Service; 3] {
        [
            tcp("10.0.0.1", 80),
            tcp("10.0.0.2", 80),
            tcp("10.0.0.3", 80),
        ]
    }

    #[test]
    fn scripted_services_dump_with_a_duplicate_is_run_again() {
        let svcs = three();
        let s = svcs.clone();
        let mut n = 0;
        let (mut k, state) = kernel(move |m| {
            n += 1;
            let mut first = svc_data(m.seq, &s[0]);
            first.extend(svc_data(m.seq, &s[1]));
            // The first try resumes one entry short: the second service
            // again (a service before it was deleted meanwhile).
            let resumed = if n == 1 { &s[1] } else { &s[2] };
            let mut second = svc_data(m.seq, resumed);
            second.extend(svc_data(m.seq, &s[2]));
            if n > 1 {
                second = svc_data(m.seq, &s[2]);
            }
            vec![first, second, done(m.seq, 0)]
        });
        assert_eq!(k.services(), Ok(svcs.to_vec()));
        assert_eq!(k.retries, 1);
        assert_eq!(state.borrow().seen.len(), 2);
        // Nothing changed: one dump, no retry.
        assert_eq!(k.services(), Ok(svcs.to_vec()));
        assert_eq!(k.retries, 1);
        assert_eq!(state.borrow().seen.len(), 3);
    }

    #[test]
    fn scripted_dest_dump_with_a_real_server_twice_is_run_again() {
        let key = tcp("10.0.0.1", 80).key;
        let d1 = Dest::new("192.168.1.2".parse().unwrap(), 80);
        let d2 = Dest::new("192.168.1.3".parse().unwrap(), 80);
        let (a, b) = (d1.clone(), d2.clone());
        let mut n = 0;
        let (mut k, state) = kernel(move |m| {
            n += 1;
            let second = if n == 1 { &a } else { &b };
            vec![
                data(m.seq, &wire::dest_reply(&a, None, true)),
                data(m.seq, &wire::dest_reply(second, None, true)),
                done(m.seq, 0),
            ]
        });
        assert_eq!(k.dests(&[key]), vec![Ok(vec![d1, d2])]);
        assert_eq!(k.retries, 1);
        assert_eq!(state.borrow().seen.len(), 2);
    }

    #[test]
    fn scripted_dump_intr_is_run_again() {
        let svcs = three();
        let s = svcs.clone();
        let mut n = 0;
        let (mut k, _) = kernel(move |m| {
            n += 1;
            let mut replies: Vec<Vec<u8>> = s.iter().map(|x| svc_data(m.seq, x)).collect();
            if n == 1 {
                // A part flagged interrupted; its entries look fine.
                replies[1] = data_intr(m.seq, &body(Cmd::NewService, &wire::service_attrs(&s[1])));
            }
            replies.push(done(m.seq, 0));
            replies
        });
        assert_eq!(k.services(), Ok(svcs.to_vec()));
        assert_eq!(k.retries, 1);
    }

    #[test]
    fn scripted_dump_torn_on_every_try_fails_clearly() {
        let (mut k, state) = kernel(|m| {
            let s = tcp("10.0.0.1", 80);
            vec![svc_data(m.seq, &s), svc_data(m.seq, &s), done(m.seq, 0)]
        });
        let got = k.services();
        let want = KernelError::from_errno(Op::GetServices, TORN);
        assert_eq!(got, Err(want));
        assert_eq!(state.borrow().seen.len(), DUMP_TRIES);
        assert_eq!(k.retries, DUMP_TRIES - 1);
        let e = crate::error::Error::List(want);
        assert_eq!(
            e.to_string(),
            "The service table kept changing while it was listed; try again"
        );
        assert_eq!(e.exit_code(), 1);
    }

    #[test]
    fn scripted_enobufs_in_a_dump_reopens_and_runs_it_again() {
        let svcs = three();
        let s = svcs.clone();
        let (mut k, state) = kernel(move |m| {
            let mut replies: Vec<Vec<u8>> = s.iter().map(|x| svc_data(m.seq, x)).collect();
            replies.push(done(m.seq, 0));
            replies
        });
        // Replies lost after the first part of the first try.
        state.borrow_mut().recv_faults = vec![(2, Errno::ENOBUFS)];
        assert_eq!(k.services(), Ok(svcs.to_vec()));
        assert_eq!(k.retries, 1);
        assert_eq!(state.borrow().reopened, 1);
        // ENOBUFS on every try: 1.31 has no answer of its own; the errno's
        // text, exit status 1.
        let faults: Vec<(usize, Errno)> = (0..10).map(|i| (i, Errno::ENOBUFS)).collect();
        let mut st = state.borrow_mut();
        let at = st.recvs;
        st.recv_faults = faults.into_iter().map(|(i, e)| (at + 1 + i, e)).collect();
        drop(st);
        let want = KernelError::from_errno(Op::GetServices, Errno::ENOBUFS);
        assert_eq!(k.services(), Err(want));
        let e = crate::error::Error::List(want);
        assert_eq!(e.to_string(), "No buffer space available");
        assert_eq!(e.exit_code(), 1);
    }

    #[test]
    fn scripted_eintr_while_receiving_a_dump_is_retried_in_place() {
        let svcs = three();
        let s = svcs.clone();
        let (mut k, state) = kernel(move |m| {
            let mut replies: Vec<Vec<u8>> = s.iter().map(|x| svc_data(m.seq, x)).collect();
            replies.push(done(m.seq, 0));
            replies
        });
        state.borrow_mut().recv_faults = vec![(1, Errno::EINTR), (3, Errno::EINTR)];
        assert_eq!(k.services(), Ok(svcs.to_vec()));
        // Not a torn dump: no second request, no new socket.
        assert_eq!(k.retries, 0);
        let st = state.borrow();
        assert_eq!((st.seen.len(), st.reopened), (1, 0));
    }

    #[test]
    fn scripted_errors_in_a_batch_are_each_requests_own() {
        // The 3rd of 5 fails, and its error comes twice; the last ack
        // comes twice. One answer per request, in order.
        let (mut k, _) = kernel(|m| match m.seq {
            1 => vec![err(1, Errno::ESRCH), err(1, Errno::ESRCH)],
            3 => vec![ack(3), ack(3)],
            _ => vec![],
        });
        // Sequence numbers run u32::MAX - 1, u32::MAX, 0, 1, 2... : the 4th
        // request is seq 1; the ack of seq 3 is for the 6th.
        let s = tcp("10.0.0.1", 80);
        let reqs = vec![Request::DelService(s); 6];
        let got = k.apply(&reqs);
        let mut want = vec![Ok(()); 6];
        want[3] = Err(KernelError::from_errno(Op::DelService, Errno::ESRCH));
        assert_eq!(got, want);
        // A missing final ack: nothing proves the batch done; every
        // request unanswered is reported failed, once.
        let (mut k, _) = kernel(|m| match m.seq {
            1 => vec![err(1, Errno::ESRCH)],
            _ => vec![],
        });
        let got = k.apply(&vec![Request::Flush; 6]);
        let lost = Err(KernelError::from_errno(Op::Flush, Errno::EAGAIN));
        let mut want = vec![lost; 6];
        want[3] = Err(KernelError::from_errno(Op::Flush, Errno::ESRCH));
        assert_eq!(got, want);
    }

    /// What ipvsadm prints and returns when the IPVS family lookup fails
    /// with `errno`.
    fn family_lookup_failure(errno: Errno) -> (String, i32) {
        let (mut k, state) = kernel(move |m| {
            assert_eq!(m.ty, genl::GENL_ID_CTRL);
            vec![err(m.seq, errno)]
        });
        k.family = None;
        let e = k.info().unwrap_err();
        assert_eq!(state.borrow().seen.len(), 1);
        // Not cached: the next use asks again (ipvsadm's modprobe retry).
        assert!(k.family.is_none());
        let e = crate::error::Error::Init(e);
        (e.to_string(), e.exit_code())
    }

    #[test]
    fn scripted_family_lookup_eperm_and_enoent() {
        let tail = "\nAre you sure that IP Virtual Server is built in the kernel or as module?";
        assert_eq!(
            family_lookup_failure(Errno::EPERM),
            (
                format!("Can't initialize ipvs: Permission denied (you must be root){tail}"),
                2
            )
        );
        // No such family: IPVS is not loaded, read as 1.31 reads it.
        assert_eq!(
            family_lookup_failure(Errno::ENOENT),
            (
                format!("Can't initialize ipvs: Protocol not available{tail}"),
                2
            )
        );
    }
}
