//! The real kernel: IPVS over generic netlink.
//!
//! Design decisions:
//! * neli supplies the socket (`NlSocket`: socket/bind/send/recv); the
//!   messages themselves are built and parsed by our own `wire` codec. neli's
//!   router sends one request and waits for its answer, which makes
//!   pipelining awkward, and our codec is what the golden-byte tests pin.
//!   No neli type leaves this file.
//! * One socket per process for every request (plus, for listings, the
//!   service-dump socket below), opened and the "IPVS" family resolved
//!   lazily on first use, once. A failed resolution is not cached, so ipvsadm's
//!   modprobe-and-retry works; a missing family reads as ENOPROTOOPT (what
//!   1.31 shows after its sockopt fallback fails).
//! * Modifying requests are pipelined: up to `WINDOW` messages go out in one
//!   datagram (the kernel handles them in order and keeps going after an
//!   error), each with its own sequence number; replies are matched back by
//!   sequence number. Only the last request of a datagram carries
//!   NLM_F_ACK: the others are answered only when they fail, and the last
//!   ack proves all earlier ones done (one receive per datagram instead of
//!   one per request). The window bounds the acks queued at once, so they
//!   never overflow the receive buffer (an overflow would lose acks), and
//!   keeps each datagram (~130 bytes a request) far below the default send
//!   buffer, so SO_SNDBUF needs no tuning; SO_RCVBUF is raised as far as
//!   rmem_max allows.
//! * Dumps are sent one at a time: the kernel allows one running dump per
//!   socket (a second gets EBUSY). It produces each part synchronously while
//!   we read, so this costs syscalls only, not round trips to anything slow.
//! * The service dump has a socket of its own with a large receive buffer.
//!   The kernel sizes dump parts after the largest buffer a socket has ever
//!   read with (it never shrinks back), and restarts its walk of the service
//!   table from the start for every part, so page-sized parts made listing
//!   20,000 services quadratic (0.4 s of kernel time in the VM); on the main
//!   socket, page-sized parts keep the per-service dest dumps cheap (see
//!   `RECV_BUF_LEN`). One socket cannot have both.
//! * A dump ends only at NLMSG_DONE; an error anywhere in it fails the whole
//!   request (never a silently truncated list).

use super::wire::{self, Cmd, Reply};
use super::{Kernel, KernelError, Op, Request};
use crate::model::{Daemon, Dest, Info, Service, ServiceKey, Timeouts};
use neli::consts::socket::{Msg, NlFamily};
use neli::socket::NlSocket;
use neli::utils::Groups;
use std::io;

const ENOENT: i32 = 2;
const EIO: i32 = 5;
const EINTR: i32 = 4;
const ESRCH: i32 = 3;
const EMSGSIZE: i32 = 90;
const ENOPROTOOPT: i32 = 92;

/// Requests in flight at once (see the module doc). Each ack costs about
/// 1 KiB of receive buffer in the kernel's accounting.
const WINDOW: usize = 128;
/// Requested SO_RCVBUF; the kernel caps it at rmem_max (and doubles it).
const RCVBUF: usize = 1 << 20;
/// Receive buffer of the main socket: NLMSG_GOODSIZE as x86_64 kernels have
/// it (the only target built; 4 KiB pages), a page less `skb_shared_info`
/// rounded to a cache line: 320 bytes with the fewest fragments any kernel
/// allows (17), more with more. The kernel sizes each dump part after the
/// largest buffer a socket has read with (up to 32 KiB), and NLMSG_GOODSIZE
/// at least. With exactly that, each part (and each NLMSG_DONE) takes one
/// page of its slab, zeroed on allocation by Debian's kernels
/// (init_on_alloc); a buffer of a full page made each take two, 0.5-1 ms
/// more kernel time for `-Ln` on 100 services in the VM. (A page instead
/// of 32 KiB had made `-Ln` on 4,000 services 1.5x faster.) Every reply
/// fits: dump parts and doit replies are at most NLMSG_GOODSIZE, which a
/// larger `skb_shared_info` only makes smaller; a bigger datagram would be
/// reported (EMSGSIZE), never cut.
const RECV_BUF_LEN: usize = 4096 - 320;
/// Receive buffer of the service-dump socket: the kernel's cap for dump
/// parts (32 KiB less the skb overhead), so each part holds about 100
/// services.
const BULK_BUF_LEN: usize = 32 * 1024;

/// One request as it goes on the wire.
struct Outgoing<'r> {
    family: u16,
    cmd: u8,
    version: u8,
    dump: bool,
    /// A request that returns no data and need not be acknowledged on its
    /// own: sent without NLM_F_ACK unless it ends its datagram (see `batch`).
    quiet: bool,
    attrs: Attrs<'r>,
}

/// A request's attributes: already encoded, or a modifying request encoded
/// straight into the datagram (a restore sends 100,000 of them).
enum Attrs<'r> {
    Bytes(Vec<u8>),
    Request(&'r Request),
}

impl Attrs<'_> {
    /// Room the attributes take (for a request: a bound).
    fn room(&self) -> usize {
        match self {
            Attrs::Bytes(b) => b.len(),
            Attrs::Request(_) => wire::REQUEST_ATTRS_ROOM,
        }
    }
}

/// A request's outcome: the data messages' bodies (genl header included),
/// or the errno.
type Answer = Result<Vec<Vec<u8>>, i32>;

struct Conn {
    sock: Box<dyn Transport>,
    pid: u32,
    /// The IPVS family id, once resolved.
    family: Option<u16>,
    /// Set when the socket can no longer be trusted (lost replies).
    broken: bool,
}

/// The generic-netlink `Kernel`.
pub struct NetlinkKernel {
    conn: Option<Conn>,
    /// The service-dump socket (see the module doc), opened on first use.
    bulk: Option<Conn>,
    /// Whether `bulk` may be opened (off for the scripted test kernel).
    split_dumps: bool,
    seq: u32,
    buf: Vec<u8>,
}

/// Which socket a batch goes out on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Via {
    Main,
    Bulk,
}

fn errno_of(e: &io::Error) -> i32 {
    e.raw_os_error().unwrap_or(EIO)
}

impl Default for NetlinkKernel {
    fn default() -> NetlinkKernel {
        NetlinkKernel::new()
    }
}

impl NetlinkKernel {
    pub fn new() -> NetlinkKernel {
        NetlinkKernel {
            conn: None,
            bulk: None,
            split_dumps: true,
            seq: 0,
            buf: Vec::new(),
        }
    }

    /// Open the service-dump socket if not done yet; false when it cannot be
    /// had (the main socket then serves, only slower).
    fn open_bulk(&mut self, family: u16) -> bool {
        if !self.split_dumps {
            return false;
        }
        if self.bulk.as_ref().is_some_and(|c| c.broken) {
            self.bulk = None;
        }
        if self.bulk.is_none() {
            let Ok(sock) = NlSocket::connect(NlFamily::Generic, None, Groups::empty()) else {
                return false;
            };
            let _ = sock.set_recv_buffer_size(RCVBUF);
            let Ok(pid) = sock.pid() else {
                return false;
            };
            self.bulk = Some(Conn {
                sock: Box::new(sock),
                pid,
                family: Some(family),
                broken: false,
            });
        }
        true
    }

    /// Open the socket if not done yet (or if it broke).
    fn open(&mut self) -> Result<(), KernelError> {
        // A broken socket is replaced; the family id stays valid.
        let mut family = None;
        if self.conn.as_ref().is_some_and(|c| c.broken) {
            family = self.conn.take().and_then(|c| c.family);
        }
        if self.conn.is_none() {
            let init = |e: io::Error| KernelError::new(Op::Init, errno_of(&e));
            let sock = NlSocket::connect(NlFamily::Generic, None, Groups::empty()).map_err(init)?;
            // Best effort: a smaller buffer still works with the window.
            let _ = sock.set_recv_buffer_size(RCVBUF);
            let pid = sock.pid().map_err(init)?;
            self.conn = Some(Conn {
                sock: Box::new(sock),
                pid,
                family,
                broken: false,
            });
        }
        Ok(())
    }

    /// Resolve generic netlink family names (pipelined); the controller's
    /// errno (ENOENT for an unknown name) is passed through. (The program
    /// resolves only IPVS, in `ready`; this checks the pipelining.)
    #[cfg(test)]
    fn lookup_families(&mut self, names: &[&str]) -> Vec<Result<u16, i32>> {
        let reqs: Vec<Outgoing> = names
            .iter()
            .map(|name| Outgoing {
                family: wire::GENL_ID_CTRL,
                cmd: wire::CTRL_CMD_GETFAMILY,
                version: wire::CTRL_VERSION,
                dump: false,
                quiet: false,
                attrs: Attrs::Bytes(wire::family_lookup_attrs(name)),
            })
            .collect();
        self.transact(&reqs)
            .into_iter()
            .map(|answer| {
                let bodies = answer?;
                let body = bodies.first().ok_or(wire::EINVAL)?;
                wire::decode_family_id(body)
            })
            .collect()
    }

    /// Open the socket and resolve the IPVS family if not done yet.
    fn ready(&mut self) -> Result<u16, KernelError> {
        self.open()?;
        if let Some(id) = self.conn.as_ref().and_then(|c| c.family) {
            return Ok(id);
        }
        let lookup = Outgoing {
            family: wire::GENL_ID_CTRL,
            cmd: wire::CTRL_CMD_GETFAMILY,
            version: wire::CTRL_VERSION,
            dump: false,
            quiet: false,
            attrs: Attrs::Bytes(wire::family_lookup_attrs(wire::IPVS_GENL_NAME)),
        };
        let answer = self
            .first_reply(&lookup)
            .and_then(|body| wire::decode_family_id(&body.ok_or(wire::EINVAL)?));
        let id = answer.map_err(|errno| {
            // The controller answers ENOENT for an unknown family.
            let errno = if errno == ENOENT { ENOPROTOOPT } else { errno };
            KernelError::new(Op::Init, errno)
        })?;
        if let Some(c) = self.conn.as_mut() {
            c.family = Some(id);
        }
        Ok(id)
    }

    /// An IPVS request.
    fn ipvs(family: u16, cmd: Cmd, dump: bool, attrs: Vec<u8>) -> Outgoing<'static> {
        Outgoing {
            family,
            cmd: cmd.number(),
            version: wire::IPVS_GENL_VERSION,
            dump,
            quiet: false,
            attrs: Attrs::Bytes(attrs),
        }
    }

    /// Run requests: doit requests pipelined in windows, dumps one by one.
    /// One answer per request, in order.
    fn transact(&mut self, reqs: &[Outgoing]) -> Vec<Answer> {
        if let [req] = reqs {
            if let Err(e) = self.open() {
                return vec![Err(e.errno)];
            }
            let mut bodies = Vec::new();
            let answer = self.exchange(Via::Main, req, &mut |body| {
                bodies.push(body.to_vec());
                Ok(())
            });
            return vec![answer.map(|()| bodies)];
        }
        let mut answers = Vec::with_capacity(reqs.len());
        let mut rest = reqs;
        while !rest.is_empty() {
            // A dump goes alone; doit requests up to the next dump share a batch.
            let n = if rest.first().is_some_and(|r| r.dump) {
                1
            } else {
                rest.iter().take(WINDOW).take_while(|r| !r.dump).count()
            };
            let (batch, tail) = rest.split_at(n.max(1).min(rest.len()));
            // Later batches get a fresh socket if an earlier one broke.
            if let Err(e) = self.open() {
                answers.extend(rest.iter().map(|_| Err(e.errno)));
                break;
            }
            answers.extend(self.batch(batch));
            rest = tail;
        }
        answers
    }

    /// One request alone: send it, hand each data reply to `each`, and
    /// return at its end (ack, NLMSG_DONE or error). The same answer as a
    /// batch of one, without a batch's bookkeeping: listings and single
    /// commands run only this (under emulation every distinct code block a
    /// run executes costs it a translation). An error from `each` becomes
    /// the answer once the reply is complete, so the socket stays in step.
    fn exchange(
        &mut self,
        via: Via,
        req: &Outgoing,
        each: &mut dyn FnMut(&[u8]) -> Result<(), i32>,
    ) -> Result<(), i32> {
        let (conn, buf_len) = match via {
            Via::Main => (self.conn.as_mut(), RECV_BUF_LEN),
            Via::Bulk => (self.bulk.as_mut(), BULK_BUF_LEN),
        };
        let Some(conn) = conn else {
            return Err(EIO);
        };
        self.seq = self.seq.wrapping_add(1);
        let seq = self.seq;
        let datagram = append(
            Vec::with_capacity(wire::NLMSG_HDRLEN + wire::GENL_HDRLEN + req.attrs.room()),
            req,
            wire::NLM_F_REQUEST | wire::NLM_F_ACK,
            seq,
            conn.pid,
        );
        if let Err(errno) = conn.sock.send_datagram(&datagram) {
            conn.broken = true;
            return Err(errno);
        }
        if self.buf.len() != buf_len {
            self.buf = vec![0; buf_len];
        }
        let mut refusal = None;
        loop {
            let len = match conn.sock.recv_datagram(&mut self.buf) {
                // An empty datagram would make us wait forever for nothing.
                Ok(0) => Err(EIO),
                other => other,
            };
            let msgs = match len.map(|len| self.buf.get(..len).map(wire::parse_messages)) {
                Ok(Some(Ok(msgs))) => msgs,
                // A malformed datagram: the rest of the stream cannot be trusted.
                Ok(_) => {
                    conn.broken = true;
                    return Err(wire::EINVAL);
                }
                Err(errno) => {
                    conn.broken = true;
                    return Err(errno);
                }
            };
            // Replies to requests of an earlier, abandoned batch are dropped.
            for m in msgs.into_iter().filter(|m| m.seq == seq) {
                match m.reply() {
                    Reply::Data(body) => {
                        if refusal.is_none() {
                            refusal = each(body).err();
                        }
                    }
                    Reply::Ack | Reply::Done => return refusal.map_or(Ok(()), Err),
                    Reply::Error(errno) => return Err(errno),
                    Reply::Ignore => {}
                }
            }
        }
    }

    /// Send a batch of requests in one datagram on the main socket and
    /// collect every answer (data replies kept per request).
    fn batch(&mut self, reqs: &[Outgoing]) -> Vec<Answer> {
        let buf_len = RECV_BUF_LEN;
        let Some(conn) = self.conn.as_mut() else {
            return reqs.iter().map(|_| Err(EIO)).collect();
        };
        let base = self.seq.wrapping_add(1);
        self.seq = self.seq.wrapping_add(reqs.len() as u32);
        let size: usize = reqs
            .iter()
            .map(|r| wire::NLMSG_HDRLEN + wire::GENL_HDRLEN + r.attrs.room())
            .sum();
        let mut datagram = Vec::with_capacity(size);
        let last = reqs.len().saturating_sub(1);
        // A quiet request is acknowledged only if it fails. The kernel works
        // through a datagram in order and queues replies in that order, so
        // once the last request (always acknowledged) has answered, every
        // quiet one before it without an error has succeeded. This saves one
        // receive per request, which dominates a large restore.
        let acked: Vec<bool> = reqs
            .iter()
            .enumerate()
            .map(|(i, r)| !r.quiet || i == last)
            .collect();
        for (i, r) in reqs.iter().enumerate() {
            let mut flags = wire::NLM_F_REQUEST;
            if acked.get(i).copied().unwrap_or(true) {
                flags |= wire::NLM_F_ACK;
            }
            datagram = append(datagram, r, flags, base.wrapping_add(i as u32), conn.pid);
        }
        let mut pending: Vec<Option<Answer>> = reqs.iter().map(|_| None).collect();
        let mut data: Vec<Vec<Vec<u8>>> = reqs.iter().map(|_| Vec::new()).collect();
        if let Err(errno) = conn.sock.send_datagram(&datagram) {
            conn.broken = true;
            return reqs.iter().map(|_| Err(errno)).collect();
        }
        if self.buf.len() != buf_len {
            self.buf = vec![0; buf_len];
        }
        let waiting = |pending: &[Option<Answer>]| {
            pending
                .iter()
                .zip(&acked)
                .any(|(slot, acked)| *acked && slot.is_none())
        };
        while waiting(&pending) {
            let len = match conn.sock.recv_datagram(&mut self.buf) {
                // An empty datagram would make us wait forever for nothing.
                Ok(0) => {
                    conn.broken = true;
                    fill(&mut pending, EIO);
                    break;
                }
                Ok(len) => len,
                Err(errno) => {
                    conn.broken = true;
                    fill(&mut pending, errno);
                    break;
                }
            };
            let msgs = match self.buf.get(..len).map(wire::parse_messages) {
                Some(Ok(msgs)) => msgs,
                // A malformed datagram: the rest of the stream cannot be trusted.
                _ => {
                    conn.broken = true;
                    fill(&mut pending, wire::EINVAL);
                    break;
                }
            };
            for m in msgs {
                // Replies to requests of an earlier, abandoned batch are dropped.
                let idx = m.seq.wrapping_sub(base) as usize;
                let (Some(slot), Some(bodies)) = (pending.get_mut(idx), data.get_mut(idx)) else {
                    continue;
                };
                if slot.is_some() {
                    continue;
                }
                match m.reply() {
                    Reply::Data(body) => bodies.push(body.to_vec()),
                    Reply::Ack | Reply::Done => *slot = Some(Ok(std::mem::take(bodies))),
                    Reply::Error(errno) => *slot = Some(Err(errno)),
                    Reply::Ignore => {}
                }
            }
        }
        pending
            .into_iter()
            .zip(acked)
            .map(|(a, acked)| match a {
                Some(answer) => answer,
                // Quiet and no error came back before the final ack: done.
                None if !acked => Ok(Vec::new()),
                None => Err(EIO),
            })
            .collect()
    }

    /// A request answered by at most one message: its body (genl header
    /// included), if any (a doit GET has one; anything after it is ignored).
    fn first_reply(&mut self, req: &Outgoing) -> Result<Option<Vec<u8>>, i32> {
        let mut first = None;
        self.exchange(Via::Main, req, &mut |body| {
            if first.is_none() {
                first = Some(body.to_vec());
            }
            Ok(())
        })?;
        Ok(first)
    }

    /// An IPVS doit request and its reply's body, if any.
    fn doit(&mut self, op: Op, cmd: Cmd, attrs: Vec<u8>) -> Result<Option<Vec<u8>>, KernelError> {
        let family = self.ready()?;
        self.first_reply(&Self::ipvs(family, cmd, false, attrs))
            .map_err(|e| KernelError::new(op, e))
    }

    /// A dump whose replies are decoded as they arrive, so a large table is
    /// never held twice (raw and decoded).
    fn dump_each(
        &mut self,
        via: Via,
        op: Op,
        cmd: Cmd,
        attrs: Vec<u8>,
        each: &mut dyn FnMut(&[u8]) -> Result<(), i32>,
    ) -> Result<(), KernelError> {
        // `ready` opens (or reopens) the socket and resolves the family.
        let family = self.ready()?;
        let via = if via == Via::Bulk && self.open_bulk(family) {
            Via::Bulk
        } else {
            Via::Main
        };
        let req = Self::ipvs(family, cmd, true, attrs);
        self.exchange(via, &req, each)
            .map_err(|e| KernelError::new(op, e))
    }
}

/// `datagram` with the request `r` appended as one message: `flags` (plus
/// NLM_F_DUMP for a dump), `seq` and the socket's `pid` in its header.
fn append(mut datagram: Vec<u8>, r: &Outgoing, flags: u16, seq: u32, pid: u32) -> Vec<u8> {
    let flags = if r.dump {
        flags | wire::NLM_F_DUMP
    } else {
        flags
    };
    let start =
        wire::begin_genl_message(&mut datagram, r.family, flags, seq, pid, r.cmd, r.version);
    match &r.attrs {
        Attrs::Bytes(attrs) => datagram.extend_from_slice(attrs),
        Attrs::Request(request) => {
            let mut w = wire::AttrWriter::appending(datagram);
            wire::write_request(&mut w, request);
            datagram = w.into_bytes();
        }
    }
    wire::end_genl_message(&mut datagram, start);
    datagram
}

/// Mark every unanswered request as failed.
fn fill(pending: &mut [Option<Answer>], errno: i32) {
    for slot in pending.iter_mut().filter(|s| s.is_none()) {
        *slot = Some(Err(errno));
    }
}

/// The socket as `batch` uses it; a seam so the reply matching can be tested
/// against a scripted kernel.
trait Transport {
    /// Send one datagram (netlink datagrams are all-or-nothing).
    fn send_datagram(&mut self, datagram: &[u8]) -> Result<(), i32>;
    /// Receive one datagram into `buf`, returning its length. A datagram
    /// larger than the buffer is an error, not a silent truncation.
    fn recv_datagram(&mut self, buf: &mut [u8]) -> Result<usize, i32>;
}

impl Transport for NlSocket {
    fn send_datagram(&mut self, datagram: &[u8]) -> Result<(), i32> {
        loop {
            match self.send(datagram, Msg::empty()) {
                Err(e) if e.raw_os_error() == Some(EINTR) => continue,
                Err(e) => return Err(errno_of(&e)),
                Ok(_) => return Ok(()),
            }
        }
    }

    fn recv_datagram(&mut self, buf: &mut [u8]) -> Result<usize, i32> {
        use nix::sys::socket::{recv, MsgFlags};
        use std::os::fd::AsRawFd;
        loop {
            // MSG_TRUNC makes recv report the datagram's real length. Plain
            // recv(2) rather than neli's, which also builds the sender's
            // multicast groups as a vector on every call.
            match recv(self.as_raw_fd(), buf, MsgFlags::MSG_TRUNC) {
                Err(nix::errno::Errno::EINTR) => continue,
                Err(e) => return Err(e as i32),
                Ok(len) if len > buf.len() => return Err(EMSGSIZE),
                Ok(len) => return Ok(len),
            }
        }
    }
}

/// The single reply a doit GET must carry, decoded (none is EINVAL).
fn decode_single<T>(
    op: Op,
    body: Option<Vec<u8>>,
    decode: impl Fn(&[u8]) -> Result<T, i32>,
) -> Result<T, KernelError> {
    let body = body.ok_or(KernelError::new(op, wire::EINVAL))?;
    decode(&body).map_err(|e| KernelError::new(op, e))
}

impl Kernel for NetlinkKernel {
    fn info(&mut self) -> Result<Info, KernelError> {
        // Start-up: every failure here is an initialisation failure.
        let body = self.doit(Op::Init, Cmd::GetInfo, Vec::new())?;
        decode_single(Op::Init, body, wire::decode_info)
    }

    fn services(&mut self) -> Result<Vec<Service>, KernelError> {
        // Room for 1,024 services up front puts the table in its own mapping
        // (past the heap's largest class, see `sys::alloc`), which then
        // grows by remapping: a table grown on the heap was copied at each
        // doubling, and the freed copies stayed resident (up to 2 MB more at
        // 20,000 services). Pages never written cost nothing.
        let mut services = Vec::with_capacity(1024);
        self.dump_each(
            Via::Bulk,
            Op::GetServices,
            Cmd::GetService,
            Vec::new(),
            &mut |body| {
                services.push(wire::decode_service(body)?);
                Ok(())
            },
        )?;
        Ok(services)
    }

    fn service(&mut self, key: &ServiceKey) -> Result<Service, KernelError> {
        let attrs = wire::service_lookup_attrs(key);
        match self.doit(Op::GetService, Cmd::GetService, attrs)? {
            None => Err(KernelError::new(Op::GetService, ESRCH)),
            body => decode_single(Op::GetService, body, wire::decode_service),
        }
    }

    fn dests(&mut self, keys: &[ServiceKey]) -> Vec<Result<Vec<Dest>, KernelError>> {
        // One dump per service (the kernel runs one dump per socket at a
        // time), each decoded as it arrives rather than kept raw.
        keys.iter()
            .map(|key| {
                let mut dests = Vec::new();
                let attrs = wire::dest_dump_attrs(key);
                self.dump_each(Via::Main, Op::GetDests, Cmd::GetDest, attrs, &mut |body| {
                    dests.push(wire::decode_dest(body, key.family())?);
                    Ok(())
                })?;
                Ok(dests)
            })
            .collect()
    }

    fn timeouts(&mut self) -> Result<Timeouts, KernelError> {
        let body = self.doit(Op::GetTimeouts, Cmd::GetConfig, Vec::new())?;
        decode_single(Op::GetTimeouts, body, wire::decode_timeouts)
    }

    fn daemons(&mut self) -> Result<Vec<Daemon>, KernelError> {
        let mut daemons = Vec::new();
        self.dump_each(
            Via::Main,
            Op::GetDaemons,
            Cmd::GetDaemon,
            Vec::new(),
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
        let reqs: Vec<Outgoing> = requests
            .iter()
            .map(|r| Outgoing {
                family,
                cmd: wire::request_cmd(r).number(),
                version: wire::IPVS_GENL_VERSION,
                dump: false,
                quiet: true,
                attrs: Attrs::Request(r),
            })
            .collect();
        let answers = self.transact(&reqs);
        requests
            .iter()
            .zip(answers)
            .map(|(r, a)| a.map(|_| ()).map_err(|e| KernelError::new(r.op(), e)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    //! These talk to the running kernel's generic netlink controller, which
    //! every Linux kernel has; IPVS itself is only needed by the last test,
    //! which checks whichever situation this machine is in.
    use super::*;

    #[test]
    fn resolves_controller_and_reports_unknown_family() {
        let mut k = NetlinkKernel::new();
        k.open().unwrap();
        // Three lookups in one datagram: the failure in the middle must not
        // disturb the others, and answers come back in request order.
        let got = k.lookup_families(&["nlctrl", "nosuchfam", "nlctrl"]);
        assert_eq!(got, vec![Ok(16), Err(ENOENT), Ok(16)]);
    }

    #[test]
    fn pipelines_more_requests_than_the_window() {
        let mut k = NetlinkKernel::new();
        k.open().unwrap();
        let names: Vec<&str> = (0..WINDOW * 2 + 5)
            .map(|i| if i % 3 == 0 { "bogus-family" } else { "nlctrl" })
            .collect();
        let got = k.lookup_families(&names);
        assert_eq!(got.len(), names.len());
        for (name, answer) in names.iter().zip(got) {
            let want = if *name == "nlctrl" {
                Ok(16)
            } else {
                Err(ENOENT)
            };
            assert_eq!(answer, want);
        }
    }

    /// Family names from a CTRL_CMD_GETFAMILY dump.
    fn dump_family_names(k: &mut NetlinkKernel) -> Vec<String> {
        let dump = Outgoing {
            family: wire::GENL_ID_CTRL,
            cmd: wire::CTRL_CMD_GETFAMILY,
            version: wire::CTRL_VERSION,
            dump: true,
            quiet: false,
            attrs: Attrs::Bytes(Vec::new()),
        };
        let bodies = k.transact(&[dump]).pop().unwrap().unwrap();
        bodies
            .iter()
            .filter_map(|b| {
                let attrs = wire::parse_attrs(&b[wire::GENL_HDRLEN..]).unwrap();
                attrs
                    .iter()
                    .find(|a| a.ty == wire::CTRL_ATTR_FAMILY_NAME)
                    .map(|a| {
                        String::from_utf8_lossy(a.data)
                            .trim_end_matches('\0')
                            .to_string()
                    })
            })
            .collect()
    }

    #[test]
    fn dumps_run_to_done_and_back_to_back() {
        let mut k = NetlinkKernel::new();
        k.open().unwrap();
        let first = dump_family_names(&mut k);
        assert!(first.iter().any(|n| n == "nlctrl"), "{first:?}");
        // A second dump right after must not hit EBUSY, and sees the same list.
        let second = dump_family_names(&mut k);
        assert_eq!(first, second);
    }

    #[test]
    fn init_reports_missing_ipvs_as_enoprotoopt() {
        let mut k = NetlinkKernel::new();
        k.open().unwrap();
        let ipvs_present = k.lookup_families(&[wire::IPVS_GENL_NAME])[0].is_ok();
        let got = k.info();
        if ipvs_present {
            // Root gets the info, others EPERM; either way at Init.
            match got {
                Ok(info) => assert!(info.version > 0),
                Err(e) => assert_eq!(e, KernelError::new(Op::Init, 1)),
            }
        } else {
            assert_eq!(got, Err(KernelError::new(Op::Init, ENOPROTOOPT)));
            // Every other entry point reports the same init failure.
            assert_eq!(k.services(), Err(KernelError::new(Op::Init, ENOPROTOOPT)));
            assert_eq!(
                k.apply(&[Request::Flush]),
                vec![Err(KernelError::new(Op::Init, ENOPROTOOPT))]
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
        let daemon = super::super::stop_daemon_request(DaemonState::Backup, 3);
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
        const EBUSY: i32 = 16;
        const EAGAIN: i32 = 11;

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
        }

        pub struct Scripted {
            pub state: Rc<RefCell<State>>,
            handler: Handler,
        }

        impl Transport for Scripted {
            fn send_datagram(&mut self, datagram: &[u8]) -> Result<(), i32> {
                let msgs: Vec<Seen> = wire::parse_messages(datagram)
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
                    let dump = m.flags & wire::NLM_F_DUMP == wire::NLM_F_DUMP;
                    if dump && st.dump_running {
                        st.queue.push_back((err(m.seq, EBUSY), false));
                        continue;
                    }
                    let replies = (self.handler)(&m);
                    let n = replies.len();
                    for (i, r) in replies.into_iter().enumerate() {
                        st.queue.push_back((r, dump && i + 1 == n));
                    }
                    st.dump_running |= dump && n > 0;
                }
                Ok(())
            }

            fn recv_datagram(&mut self, buf: &mut [u8]) -> Result<usize, i32> {
                let mut st = self.state.borrow_mut();
                // A real socket would block forever: report it instead.
                let (d, ends) = st.queue.pop_front().ok_or(EAGAIN)?;
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
            nlmsg(FAMILY, wire::NLM_F_MULTI, seq, body)
        }

        pub fn ack(seq: u32) -> Vec<u8> {
            err(seq, 0)
        }

        pub fn err(seq: u32, errno: i32) -> Vec<u8> {
            let mut p = (-errno).to_ne_bytes().to_vec();
            p.extend([0u8; 16]);
            nlmsg(wire::NLMSG_ERROR, 0, seq, &p)
        }

        pub fn done(seq: u32, status: i32) -> Vec<u8> {
            nlmsg(
                wire::NLMSG_DONE,
                wire::NLM_F_MULTI,
                seq,
                &status.to_ne_bytes(),
            )
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
            let k = NetlinkKernel {
                conn: Some(Conn {
                    sock: Box::new(Scripted {
                        state: state.clone(),
                        handler: Box::new(handler),
                    }),
                    pid: 77,
                    family: Some(FAMILY),
                    broken: false,
                }),
                bulk: None,
                split_dumps: false,
                seq: u32::MAX - 2,
                buf: Vec::new(),
            };
            (k, state)
        }
    }

    use crate::model::Protocol;
    use scripted::{ack, body, data, done, err, kernel};

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
        assert_eq!(
            seen[0].flags,
            wire::NLM_F_REQUEST | wire::NLM_F_ACK | wire::NLM_F_DUMP
        );
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
                err(m.seq, 12),
            ]
        });
        assert_eq!(k.services(), Err(KernelError::new(Op::GetServices, 12)));
        let (mut k, _) = kernel(|m| {
            let s = tcp("10.0.0.1", 80);
            vec![
                data(m.seq, &body(Cmd::NewService, &wire::service_attrs(&s))),
                done(m.seq, -4),
            ]
        });
        assert_eq!(k.services(), Err(KernelError::new(Op::GetServices, 4)));
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
            Err(KernelError::new(Op::GetServices, wire::EINVAL))
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
            Err(KernelError::new(Op::GetServices, wire::EINVAL))
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
                2 => vec![err(m.seq, 3)],
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
                Err(KernelError::new(Op::GetDests, 3)),
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
            1 => vec![ack(5), err(m.seq, 17)],
            _ if m.flags & wire::NLM_F_ACK != 0 => vec![ack(m.seq)],
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
            vec![Ok(()), Err(KernelError::new(Op::AddService, 17)), Ok(())]
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
            vec![
                wire::NLM_F_REQUEST,
                wire::NLM_F_REQUEST,
                wire::NLM_F_REQUEST | wire::NLM_F_ACK
            ]
        );
        assert_eq!(st.seen[1].attrs, wire::service_attrs(&s));
    }

    #[test]
    fn scripted_large_batches_are_windowed() {
        let (mut k, state) = kernel(|m| vec![ack(m.seq)]);
        let reqs = vec![Request::Flush; WINDOW * 2 + 1];
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
        assert_eq!(got[1], Err(KernelError::new(Op::Zero, 11)));
        assert!(k.conn.as_ref().unwrap().broken);
        // The next use opens a fresh socket and keeps the family id. (Only
        // open it: sending to a made-up family id on the real kernel could
        // reach some other family.)
        k.open().unwrap();
        let conn = k.conn.as_ref().unwrap();
        assert!(!conn.broken);
        assert_eq!(conn.family, Some(scripted::FAMILY));
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
            4 => vec![err(m.seq, 3)],
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
        assert_eq!(k.service(&key), Err(KernelError::new(Op::GetService, 3)));
        let st = state.borrow();
        assert_eq!(st.seen[2].attrs, wire::service_lookup_attrs(&key));
        assert_eq!(st.seen[2].flags, wire::NLM_F_REQUEST | wire::NLM_F_ACK);
    }

    #[test]
    fn scripted_info_failure_is_reported_at_init() {
        let (mut k, _) = kernel(|m| vec![err(m.seq, 1)]);
        assert_eq!(k.info(), Err(KernelError::new(Op::Init, 1)));
    }
}
