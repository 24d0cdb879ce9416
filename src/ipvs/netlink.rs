//! The real kernel: IPVS over generic netlink.
//!
//! Design decisions:
//! * neli supplies the socket (`NlSocket`: socket/bind/send/recv); the
//!   messages themselves are built and parsed by our own `wire` codec. neli's
//!   router sends one request and waits for its answer, which makes
//!   pipelining awkward, and our codec is what the golden-byte tests pin.
//!   No neli type leaves this file.
//! * One socket per process, opened and the "IPVS" family resolved lazily on
//!   first use. A failed resolution is not cached, so ipvsadm's
//!   modprobe-and-retry works; a missing family reads as ENOPROTOOPT (what
//!   1.31 shows after its sockopt fallback fails).
//! * Modifying requests are pipelined: up to `WINDOW` messages go out in one
//!   datagram (the kernel handles them in order and keeps going after an
//!   error), each with its own sequence number; replies are matched back by
//!   sequence number. The window bounds the acks queued at once, so they
//!   never overflow the receive buffer (an overflow would lose acks).
//! * Dumps are sent one at a time: the kernel allows one running dump per
//!   socket (a second gets EBUSY). It produces each part synchronously while
//!   we read, so this costs syscalls only, not round trips to anything slow.
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
/// Receive buffer: dump parts are at most 32 KiB, so this never truncates.
const RECV_BUF_LEN: usize = 256 * 1024;

/// One request as it goes on the wire.
struct Outgoing {
    family: u16,
    cmd: u8,
    version: u8,
    dump: bool,
    attrs: Vec<u8>,
}

/// A request's outcome: the data messages' bodies (genl header included),
/// or the errno.
type Answer = Result<Vec<Vec<u8>>, i32>;

struct Conn {
    sock: NlSocket,
    pid: u32,
    /// The IPVS family id, once resolved.
    family: Option<u16>,
    /// Set when the socket can no longer be trusted (lost replies).
    broken: bool,
}

/// The generic-netlink `Kernel`.
#[derive(Default)]
pub struct NetlinkKernel {
    conn: Option<Conn>,
    seq: u32,
    buf: Vec<u8>,
}

fn errno_of(e: &io::Error) -> i32 {
    e.raw_os_error().unwrap_or(EIO)
}

impl NetlinkKernel {
    pub fn new() -> NetlinkKernel {
        NetlinkKernel::default()
    }

    /// Open the socket if not done yet (or if it broke).
    fn open(&mut self) -> Result<(), KernelError> {
        if self.conn.as_ref().is_some_and(|c| c.broken) {
            self.conn = None;
        }
        if self.conn.is_none() {
            let init = |e: io::Error| KernelError::new(Op::Init, errno_of(&e));
            let sock = NlSocket::connect(NlFamily::Generic, None, Groups::empty()).map_err(init)?;
            // Best effort: a smaller buffer still works with the window.
            let _ = sock.set_recv_buffer_size(RCVBUF);
            let pid = sock.pid().map_err(init)?;
            self.conn = Some(Conn {
                sock,
                pid,
                family: None,
                broken: false,
            });
        }
        Ok(())
    }

    /// Resolve generic netlink family names (pipelined); the controller's
    /// errno (ENOENT for an unknown name) is passed through.
    fn lookup_families(&mut self, names: &[&str]) -> Vec<Result<u16, i32>> {
        let reqs: Vec<Outgoing> = names
            .iter()
            .map(|name| Outgoing {
                family: wire::GENL_ID_CTRL,
                cmd: wire::CTRL_CMD_GETFAMILY,
                version: wire::CTRL_VERSION,
                dump: false,
                attrs: wire::family_lookup_attrs(name),
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
        let answer = self
            .lookup_families(&[wire::IPVS_GENL_NAME])
            .pop()
            .unwrap_or(Err(EIO));
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
    fn ipvs(family: u16, cmd: Cmd, dump: bool, attrs: Vec<u8>) -> Outgoing {
        Outgoing {
            family,
            cmd: cmd.number(),
            version: wire::IPVS_GENL_VERSION,
            dump,
            attrs,
        }
    }

    /// Run requests: doit requests pipelined in windows, dumps one by one.
    /// One answer per request, in order.
    fn transact(&mut self, reqs: &[Outgoing]) -> Vec<Answer> {
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
            answers.extend(self.batch(batch));
            rest = tail;
        }
        answers
    }

    /// Send a batch in one datagram and collect every answer.
    fn batch(&mut self, reqs: &[Outgoing]) -> Vec<Answer> {
        let Some(conn) = self.conn.as_mut() else {
            return reqs.iter().map(|_| Err(EIO)).collect();
        };
        let base = self.seq.wrapping_add(1);
        self.seq = self.seq.wrapping_add(reqs.len() as u32);
        let mut datagram = Vec::new();
        for (i, r) in reqs.iter().enumerate() {
            let mut flags = wire::NLM_F_REQUEST | wire::NLM_F_ACK;
            if r.dump {
                flags |= wire::NLM_F_DUMP;
            }
            let seq = base.wrapping_add(i as u32);
            datagram.extend(wire::genl_message(
                r.family, flags, seq, conn.pid, r.cmd, r.version, &r.attrs,
            ));
        }
        let mut pending: Vec<Option<Answer>> = reqs.iter().map(|_| None).collect();
        let mut data: Vec<Vec<Vec<u8>>> = reqs.iter().map(|_| Vec::new()).collect();
        if let Err(e) = send_all(&conn.sock, &datagram) {
            conn.broken = true;
            return reqs.iter().map(|_| Err(errno_of(&e))).collect();
        }
        if self.buf.len() != RECV_BUF_LEN {
            self.buf = vec![0; RECV_BUF_LEN];
        }
        while pending.iter().any(Option::is_none) {
            let len = match recv(&conn.sock, &mut self.buf) {
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
        pending.into_iter().map(|a| a.unwrap_or(Err(EIO))).collect()
    }

    fn doit(&mut self, op: Op, cmd: Cmd, attrs: Vec<u8>) -> Result<Vec<Vec<u8>>, KernelError> {
        let family = self.ready()?;
        self.transact(&[Self::ipvs(family, cmd, false, attrs)])
            .pop()
            .unwrap_or(Err(EIO))
            .map_err(|e| KernelError::new(op, e))
    }

    fn dump(&mut self, op: Op, cmd: Cmd, attrs: Vec<u8>) -> Result<Vec<Vec<u8>>, KernelError> {
        let family = self.ready()?;
        self.transact(&[Self::ipvs(family, cmd, true, attrs)])
            .pop()
            .unwrap_or(Err(EIO))
            .map_err(|e| KernelError::new(op, e))
    }
}

/// Mark every unanswered request as failed.
fn fill(pending: &mut [Option<Answer>], errno: i32) {
    for slot in pending.iter_mut().filter(|s| s.is_none()) {
        *slot = Some(Err(errno));
    }
}

fn send_all(sock: &NlSocket, datagram: &[u8]) -> io::Result<()> {
    loop {
        match sock.send(datagram, Msg::empty()) {
            Err(e) if e.raw_os_error() == Some(EINTR) => continue,
            Err(e) => return Err(e),
            // Netlink datagrams are all-or-nothing.
            Ok(_) => return Ok(()),
        }
    }
}

/// One datagram; a datagram larger than the buffer is an error, not a
/// silent truncation.
fn recv(sock: &NlSocket, buf: &mut [u8]) -> Result<usize, i32> {
    loop {
        match sock.recv(&mut *buf, Msg::TRUNC) {
            Err(e) if e.raw_os_error() == Some(EINTR) => continue,
            Err(e) => return Err(errno_of(&e)),
            Ok((len, _)) if len > buf.len() => return Err(EMSGSIZE),
            Ok((len, _)) => return Ok(len),
        }
    }
}

/// Decode every body, failing the whole answer on the first bad one.
fn decode_all<T>(
    op: Op,
    bodies: &[Vec<u8>],
    decode: impl Fn(&[u8]) -> Result<T, i32>,
) -> Result<Vec<T>, KernelError> {
    bodies
        .iter()
        .map(|b| decode(b).map_err(|e| KernelError::new(op, e)))
        .collect()
}

/// The single reply a doit GET must carry.
fn single<T>(
    op: Op,
    bodies: &[Vec<u8>],
    decode: impl Fn(&[u8]) -> Result<T, i32>,
) -> Result<T, KernelError> {
    let body = bodies.first().ok_or(KernelError::new(op, wire::EINVAL))?;
    decode(body).map_err(|e| KernelError::new(op, e))
}

impl Kernel for NetlinkKernel {
    fn info(&mut self) -> Result<Info, KernelError> {
        // Start-up: every failure here is an initialisation failure.
        let bodies = self
            .doit(Op::Init, Cmd::GetInfo, Vec::new())
            .map_err(|e| KernelError::new(Op::Init, e.errno))?;
        single(Op::Init, &bodies, wire::decode_info)
    }

    fn services(&mut self) -> Result<Vec<Service>, KernelError> {
        let bodies = self.dump(Op::GetServices, Cmd::GetService, Vec::new())?;
        decode_all(Op::GetServices, &bodies, wire::decode_service)
    }

    fn service(&mut self, key: &ServiceKey) -> Result<Service, KernelError> {
        let attrs = wire::service_lookup_attrs(key);
        let bodies = self.doit(Op::GetService, Cmd::GetService, attrs)?;
        if bodies.is_empty() {
            return Err(KernelError::new(Op::GetService, ESRCH));
        }
        single(Op::GetService, &bodies, wire::decode_service)
    }

    fn dests(&mut self, keys: &[ServiceKey]) -> Vec<Result<Vec<Dest>, KernelError>> {
        let family = match self.ready() {
            Ok(f) => f,
            Err(e) => return keys.iter().map(|_| Err(e)).collect(),
        };
        let reqs: Vec<Outgoing> = keys
            .iter()
            .map(|k| Self::ipvs(family, Cmd::GetDest, true, wire::dest_dump_attrs(k)))
            .collect();
        let answers = self.transact(&reqs);
        keys.iter()
            .zip(answers)
            .map(|(key, answer)| {
                let bodies = answer.map_err(|e| KernelError::new(Op::GetDests, e))?;
                decode_all(Op::GetDests, &bodies, |b| {
                    wire::decode_dest(b, key.family())
                })
            })
            .collect()
    }

    fn timeouts(&mut self) -> Result<Timeouts, KernelError> {
        let bodies = self.doit(Op::GetTimeouts, Cmd::GetConfig, Vec::new())?;
        single(Op::GetTimeouts, &bodies, wire::decode_timeouts)
    }

    fn daemons(&mut self) -> Result<Vec<Daemon>, KernelError> {
        let bodies = self.dump(Op::GetDaemons, Cmd::GetDaemon, Vec::new())?;
        decode_all(Op::GetDaemons, &bodies, wire::decode_daemon)
    }

    fn apply(&mut self, requests: &[Request]) -> Vec<Result<(), KernelError>> {
        let family = match self.ready() {
            Ok(f) => f,
            Err(e) => return requests.iter().map(|_| Err(e)).collect(),
        };
        let reqs: Vec<Outgoing> = requests
            .iter()
            .map(|r| {
                let (cmd, attrs) = encode_request(r);
                Self::ipvs(family, cmd, false, attrs)
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

/// The command and attributes ipvsadm sends for a modifying request.
fn encode_request(r: &Request) -> (Cmd, Vec<u8>) {
    match r {
        Request::AddService(s) => (Cmd::NewService, wire::service_attrs(s)),
        Request::EditService(s) => (Cmd::SetService, wire::service_attrs(s)),
        Request::DelService(s) => (Cmd::DelService, wire::service_attrs(s)),
        Request::AddDest(s, d) => (Cmd::NewDest, wire::dest_attrs(s, d)),
        Request::EditDest(s, d) => (Cmd::SetDest, wire::dest_attrs(s, d)),
        Request::DelDest(s, d) => (Cmd::DelDest, wire::dest_attrs(s, d)),
        Request::Flush => (Cmd::Flush, Vec::new()),
        Request::Zero(None) => (Cmd::Zero, Vec::new()),
        Request::Zero(Some(s)) => (Cmd::Zero, wire::service_attrs(s)),
        Request::SetTimeouts(t) => (Cmd::SetConfig, wire::timeout_attrs(t)),
        Request::StartDaemon(d) => (Cmd::NewDaemon, wire::start_daemon_attrs(d)),
        Request::StopDaemon(d) => (Cmd::DelDaemon, wire::stop_daemon_attrs(d)),
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
            attrs: Vec::new(),
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
        for (req, cmd) in cases {
            assert_eq!(encode_request(&req).0, cmd, "{req:?}");
        }
        assert!(encode_request(&Request::Flush).1.is_empty());
        assert!(encode_request(&Request::Zero(None)).1.is_empty());
        assert_eq!(
            encode_request(&Request::Zero(Some(svc.clone()))).1,
            wire::service_attrs(&svc)
        );
    }
}
