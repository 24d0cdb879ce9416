//! The netlink socket and the one receive loop behind every request:
//! single requests, pipelined batches and dumps alike.

use super::msg::{self, Reply, NLM_F_ACK, NLM_F_DUMP, NLM_F_DUMP_INTR, NLM_F_REQUEST};
use nix::errno::Errno;
use nix::sys::socket::{
    self, sockopt, AddressFamily, MsgFlags, NetlinkAddr, SockFlag, SockProtocol, SockType,
};
use std::os::fd::{AsRawFd, OwnedFd};

/// Requests in flight at once in a batch. Each ack costs about 1 KiB of
/// receive buffer in the kernel's accounting, so a window of acks never
/// overflows a raised SO_RCVBUF (an overflow would lose acks), and a
/// datagram of a window (~130 bytes a request for IPVS) stays far below the
/// default send buffer, so SO_SNDBUF needs no tuning.
pub const WINDOW: usize = 128;

/// A request as it goes on the wire: it writes its own message, so a batch
/// is encoded straight into the datagram.
pub trait Message {
    /// A dump: sent alone (the kernel runs one dump per socket at a time;
    /// a second gets EBUSY) and answered until NLMSG_DONE.
    fn dump(&self) -> bool;
    /// Returns no data and need not be acknowledged on its own: sent
    /// without NLM_F_ACK unless it ends its datagram.
    fn quiet(&self) -> bool;
    /// An upper bound of the message's length.
    fn room(&self) -> usize;
    /// Append the message to `datagram` with these header fields.
    fn write(&self, datagram: &mut Vec<u8>, flags: u16, seq: u32, pid: u32);
}

/// A message whose body is already encoded (rtnetlink requests), with
/// extra header flags (NLM_F_CREATE, NLM_F_DUMP, ...).
pub struct Plain<'a> {
    pub ty: u16,
    pub flags: u16,
    pub body: &'a [u8],
}

impl Message for Plain<'_> {
    fn dump(&self) -> bool {
        self.flags & NLM_F_DUMP == NLM_F_DUMP
    }
    fn quiet(&self) -> bool {
        false
    }
    fn room(&self) -> usize {
        msg::NLMSG_HDRLEN + self.body.len()
    }
    fn write(&self, datagram: &mut Vec<u8>, flags: u16, seq: u32, pid: u32) {
        let start = msg::begin_message(datagram, self.ty, flags | self.flags, seq, pid);
        datagram.extend_from_slice(self.body);
        msg::end_message(datagram, start);
    }
}

/// The answer of a dump the kernel flagged NLM_F_DUMP_INTR (the table
/// changed while it ran): read to its end, then reported as this, so the
/// caller can run it again.
pub const DUMP_INTERRUPTED: Errno = Errno::EINTR;

/// Moves datagrams; a seam so the receive loop can be tested against a
/// scripted kernel (and faults injected). Errors are passed through as
/// they happen: the receive loop retries EINTR itself.
pub trait Transport {
    /// Send one datagram (netlink datagrams are all-or-nothing).
    fn send(&mut self, datagram: &[u8]) -> Result<(), Errno>;
    /// Receive one datagram into `buf`, returning its real length, which
    /// is larger than `buf` when the datagram was truncated (MSG_TRUNC).
    fn recv(&mut self, buf: &mut [u8]) -> Result<usize, Errno>;
}

/// A bound AF_NETLINK socket.
struct Fd(OwnedFd);

impl Transport for Fd {
    fn send(&mut self, datagram: &[u8]) -> Result<(), Errno> {
        socket::send(self.0.as_raw_fd(), datagram, MsgFlags::empty()).map(|_| ())
    }

    fn recv(&mut self, buf: &mut [u8]) -> Result<usize, Errno> {
        // MSG_TRUNC makes recv report the datagram's real length.
        socket::recv(self.0.as_raw_fd(), buf, MsgFlags::MSG_TRUNC)
    }
}

/// socket(2) and bind(2) for `protocol`, SO_RCVBUF raised to `rcvbuf`
/// (best effort: the kernel caps it at rmem_max, and a smaller buffer
/// still works with the window); returns the socket and its port id.
fn open_fd(protocol: SockProtocol, rcvbuf: Option<usize>) -> Result<(OwnedFd, u32), Errno> {
    let fd = socket::socket(
        AddressFamily::Netlink,
        SockType::Raw,
        SockFlag::SOCK_CLOEXEC,
        protocol,
    )?;
    socket::bind(fd.as_raw_fd(), &NetlinkAddr::new(0, 0))?;
    if let Some(size) = rcvbuf {
        let _ = socket::setsockopt(&fd, sockopt::RcvBuf, &size);
    }
    let pid = socket::getsockname::<NetlinkAddr>(fd.as_raw_fd())?.pid();
    Ok((fd, pid))
}

/// A netlink socket with its sequence numbers and receive buffer.
pub struct Socket {
    io: Box<dyn Transport>,
    protocol: SockProtocol,
    rcvbuf: Option<usize>,
    pid: u32,
    seq: u32,
    /// Receive buffer; its length is what each recv offers the kernel,
    /// which sizes dump parts after it.
    buf: Vec<u8>,
    /// Set when replies may have been lost: the socket is replaced before
    /// its next use, so no stale reply can be read as a new one's.
    broken: bool,
    /// How a broken socket is replaced when it is not by socket(2) (a
    /// scripted kernel's next connection in tests).
    reopen: Option<Box<Reopen>>,
}

/// A replacement transport and its port id.
pub type Reopen = dyn FnMut() -> Result<(Box<dyn Transport>, u32), Errno>;

/// Handler of the data replies in a batch: the index of the request a
/// reply answers, and its payload. An error becomes that request's answer.
pub type EachOf<'a> = dyn FnMut(usize, &[u8]) -> Result<(), Errno> + 'a;

/// One request's place in the receive loop.
struct Slot {
    /// Sent with NLM_F_ACK: the loop waits for its answer.
    acked: bool,
    answer: Option<Result<(), i32>>,
    /// An error from the data handler, reported once the reply is complete.
    refused: Option<Errno>,
    /// A part of the reply was flagged NLM_F_DUMP_INTR.
    interrupted: bool,
}

impl Slot {
    fn new(acked: bool) -> Slot {
        Slot {
            acked,
            answer: None,
            refused: None,
            interrupted: false,
        }
    }

    fn waiting(&self) -> bool {
        self.acked && self.answer.is_none()
    }

    fn outcome(self) -> Result<(), i32> {
        match self.answer {
            Some(answer) => answer,
            // Quiet and no error came back before the final ack: done.
            None if !self.acked => Ok(()),
            None => Err(Errno::EIO as i32),
        }
    }
}

impl Socket {
    /// Open a socket for `protocol` that receives into a buffer of
    /// `recv_len` bytes, with SO_RCVBUF raised to `rcvbuf` if given.
    pub fn open(
        protocol: SockProtocol,
        recv_len: usize,
        rcvbuf: Option<usize>,
    ) -> Result<Socket, Errno> {
        let (fd, pid) = open_fd(protocol, rcvbuf)?;
        Ok(Socket {
            io: Box::new(Fd(fd)),
            protocol,
            rcvbuf,
            pid,
            seq: 0,
            buf: vec![0; recv_len],
            broken: false,
            reopen: None,
        })
    }

    /// A socket over another transport (a scripted kernel in tests),
    /// numbering requests from `seq + 1`.
    #[cfg(test)]
    pub(crate) fn with_transport(
        io: Box<dyn Transport>,
        protocol: SockProtocol,
        pid: u32,
        seq: u32,
        recv_len: usize,
    ) -> Socket {
        Socket {
            io,
            protocol,
            rcvbuf: None,
            pid,
            seq,
            buf: vec![0; recv_len],
            broken: false,
            reopen: None,
        }
    }

    /// Replace a broken socket through `reopen` rather than socket(2).
    #[cfg(test)]
    pub(crate) fn reopen_with(mut self, reopen: Box<Reopen>) -> Socket {
        self.reopen = Some(reopen);
        self
    }

    /// Whether replies were lost (the socket is replaced before next use).
    pub fn is_broken(&self) -> bool {
        self.broken
    }

    /// Replace the socket if it broke.
    pub fn repair(&mut self) -> Result<(), Errno> {
        if self.broken {
            let (io, pid): (Box<dyn Transport>, u32) = match &mut self.reopen {
                Some(reopen) => reopen()?,
                None => {
                    let (fd, pid) = open_fd(self.protocol, self.rcvbuf)?;
                    (Box::new(Fd(fd)), pid)
                }
            };
            self.io = io;
            self.pid = pid;
            self.broken = false;
        }
        Ok(())
    }

    /// Reserve `n` sequence numbers; returns the first.
    fn next_seqs(&mut self, n: usize) -> u32 {
        let first = self.seq.wrapping_add(1);
        self.seq = self.seq.wrapping_add(n as u32);
        first
    }

    /// One request alone: hand each data reply's payload to `each` and
    /// return at its end (ack, NLMSG_DONE or error). An error from `each`
    /// becomes the answer once the reply is complete, so the socket stays
    /// in step; replies are handled as they arrive, so a large dump is
    /// never held whole.
    pub fn request(
        &mut self,
        message: &dyn Message,
        each: &mut dyn FnMut(&[u8]) -> Result<(), Errno>,
    ) -> Result<(), i32> {
        self.repair().map_err(|e| e as i32)?;
        let seq = self.next_seqs(1);
        let mut datagram = Vec::with_capacity(message.room());
        write(&mut datagram, message, true, seq, self.pid);
        let mut slots = [Slot::new(true)];
        self.exchange(&datagram, seq, &mut slots, &mut |_, body| each(body));
        let [slot] = slots;
        slot.outcome()
    }

    /// Several requests, pipelined: up to `WINDOW` of them in one datagram
    /// (a dump goes alone), each with its own sequence number, replies
    /// matched back by it. `each` gets the index of the request a data
    /// reply answers. One answer per request, in order.
    pub fn transact<M: Message>(
        &mut self,
        messages: &[M],
        each: &mut EachOf,
    ) -> Vec<Result<(), i32>> {
        let mut answers = Vec::with_capacity(messages.len());
        let mut rest = messages;
        while !rest.is_empty() {
            let n = if rest.first().is_some_and(|m| m.dump()) {
                1
            } else {
                rest.iter().take(WINDOW).take_while(|m| !m.dump()).count()
            };
            let (batch, tail) = rest.split_at(n.max(1).min(rest.len()));
            // Later batches get a fresh socket if an earlier one broke.
            if let Err(e) = self.repair() {
                answers.extend(rest.iter().map(|_| Err(e as i32)));
                break;
            }
            let offset = answers.len();
            answers.extend(self.batch(batch, &mut |i, body| each(offset + i, body)));
            rest = tail;
        }
        answers
    }

    /// One datagram of requests and every answer.
    fn batch<M: Message>(&mut self, messages: &[M], each: &mut EachOf) -> Vec<Result<(), i32>> {
        let base = self.next_seqs(messages.len());
        let last = messages.len().saturating_sub(1);
        // A quiet request is acknowledged only if it fails. The kernel works
        // through a datagram in order and queues replies in that order, so
        // once the last request (always acknowledged) has answered, every
        // quiet one before it without an error has succeeded. This saves one
        // receive per request, which dominates a large restore.
        let mut slots: Vec<Slot> = messages
            .iter()
            .enumerate()
            .map(|(i, m)| Slot::new(!m.quiet() || i == last))
            .collect();
        let mut datagram = Vec::with_capacity(messages.iter().map(Message::room).sum());
        for (i, (m, slot)) in messages.iter().zip(&slots).enumerate() {
            let seq = base.wrapping_add(i as u32);
            write(&mut datagram, m, slot.acked, seq, self.pid);
        }
        self.exchange(&datagram, base, &mut slots, each);
        slots.into_iter().map(Slot::outcome).collect()
    }

    /// The receive loop: send `datagram`, whose requests are numbered from
    /// `base` in `slots` order, and read until every acknowledged request
    /// has its answer. A dump ends only at NLMSG_DONE (or an error), never
    /// at a short read. Any failure of the socket itself fails every
    /// unanswered request and marks the socket broken.
    fn exchange(&mut self, datagram: &[u8], base: u32, slots: &mut [Slot], each: &mut EachOf) {
        let sent = loop {
            match self.io.send(datagram) {
                Err(Errno::EINTR) => continue,
                other => break other,
            }
        };
        if let Err(e) = sent {
            return self.fail(slots, e);
        }
        while slots.iter().any(Slot::waiting) {
            let received = match self.io.recv(&mut self.buf) {
                Err(Errno::EINTR) => continue,
                // An empty datagram would make us wait forever for nothing.
                Ok(0) => Err(Errno::EIO),
                // Truncated: what was cut off is lost, so is the stream.
                Ok(len) if len > self.buf.len() => Err(Errno::EMSGSIZE),
                Ok(len) => self.buf.get(..len).ok_or(Errno::EINVAL),
                Err(e) => Err(e),
            };
            // A malformed datagram: the rest of the stream cannot be trusted.
            let msgs = match received.and_then(msg::parse_messages) {
                Ok(msgs) => msgs,
                Err(e) => return self.fail(slots, e),
            };
            for m in msgs {
                // Replies to requests of an earlier, abandoned exchange
                // fall outside the slots and are dropped.
                let i = m.seq.wrapping_sub(base) as usize;
                let Some(slot) = slots.get_mut(i) else {
                    continue;
                };
                if slot.answer.is_some() {
                    continue;
                }
                slot.interrupted |= m.flags & NLM_F_DUMP_INTR != 0;
                match m.reply() {
                    Reply::Data(body) => {
                        if slot.refused.is_none() {
                            slot.refused = each(i, body).err();
                        }
                    }
                    Reply::Ack | Reply::Done => {
                        let refused = match slot.refused {
                            None if slot.interrupted => Some(DUMP_INTERRUPTED),
                            refused => refused,
                        };
                        slot.answer = Some(refused.map_or(Ok(()), |e| Err(e as i32)));
                    }
                    Reply::Error(errno) => slot.answer = Some(Err(errno)),
                    Reply::Ignore => {}
                }
            }
        }
    }

    /// Fail every unanswered request with `errno`; replies may be lost.
    fn fail(&mut self, slots: &mut [Slot], errno: Errno) {
        self.broken = true;
        for slot in slots.iter_mut().filter(|s| s.answer.is_none()) {
            slot.answer = Some(Err(errno as i32));
        }
    }
}

/// Append `message` with NLM_F_REQUEST, NLM_F_ACK when `acked`, and
/// NLM_F_DUMP for a dump.
fn write(datagram: &mut Vec<u8>, message: &dyn Message, acked: bool, seq: u32, pid: u32) {
    let mut flags = NLM_F_REQUEST;
    if acked {
        flags |= NLM_F_ACK;
    }
    if message.dump() {
        flags |= NLM_F_DUMP;
    }
    message.write(datagram, flags, seq, pid);
}

#[cfg(all(test, target_endian = "little"))]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::VecDeque;
    use std::rc::Rc;

    /// Records what is sent and answers from a queue of datagrams and
    /// faults: an error in the queue is what that receive reports, a
    /// datagram larger than the buffer is truncated as recv(2) with
    /// MSG_TRUNC does it, and `send_faults` fail the next sends.
    #[derive(Default)]
    struct Canned {
        sent: Rc<RefCell<Vec<Vec<u8>>>>,
        replies: VecDeque<Result<Vec<u8>, Errno>>,
        send_faults: VecDeque<Errno>,
        recvs: Rc<RefCell<usize>>,
    }

    impl Transport for Canned {
        fn send(&mut self, datagram: &[u8]) -> Result<(), Errno> {
            if let Some(e) = self.send_faults.pop_front() {
                return Err(e);
            }
            self.sent.borrow_mut().push(datagram.to_vec());
            Ok(())
        }
        fn recv(&mut self, buf: &mut [u8]) -> Result<usize, Errno> {
            *self.recvs.borrow_mut() += 1;
            let d = self.replies.pop_front().ok_or(Errno::EAGAIN)??;
            let n = d.len().min(buf.len());
            buf[..n].copy_from_slice(&d[..n]);
            Ok(d.len())
        }
    }

    /// A reply message of type `ty` for `seq` with `payload`.
    fn reply(ty: u16, seq: u32, payload: &[u8]) -> Vec<u8> {
        let mut m = Vec::new();
        let start = msg::begin_message(&mut m, ty, msg::NLM_F_MULTI, seq, 0);
        m.extend_from_slice(payload);
        msg::end_message(&mut m, start);
        m
    }

    fn socket(replies: Vec<Vec<u8>>) -> (Socket, Rc<RefCell<Vec<Vec<u8>>>>) {
        faulty(replies.into_iter().map(Ok).collect(), vec![])
    }

    fn faulty(
        replies: Vec<Result<Vec<u8>, Errno>>,
        send_faults: Vec<Errno>,
    ) -> (Socket, Rc<RefCell<Vec<Vec<u8>>>>) {
        let canned = Canned {
            replies: replies.into(),
            send_faults: send_faults.into(),
            ..Canned::default()
        };
        let sent = canned.sent.clone();
        let sock = Socket::with_transport(Box::new(canned), SockProtocol::NetlinkRoute, 9, 0, 256);
        (sock, sent)
    }

    #[test]
    fn plain_dump_is_framed_and_read_to_done() {
        // Two data messages in one datagram and a stale one for another
        // request, then NLMSG_DONE.
        let mut first = reply(16, 1, &[1, 2, 3, 4]);
        first.extend(reply(16, 7, &[9, 9, 9, 9]));
        first.extend(reply(16, 1, &[5, 6, 7, 8]));
        let (mut sock, sent) = socket(vec![first, reply(msg::NLMSG_DONE, 1, &[0; 4])]);
        let mut bodies = Vec::new();
        let dump = Plain {
            ty: 18,
            flags: NLM_F_DUMP,
            body: &[0; 4],
        };
        let got = sock.request(&dump, &mut |b| {
            bodies.push(b.to_vec());
            Ok(())
        });
        assert_eq!(got, Ok(()));
        assert_eq!(bodies, vec![vec![1, 2, 3, 4], vec![5, 6, 7, 8]]);
        // Length 20, RTM_GETLINK, REQUEST | ACK | DUMP, seq 1, port id 9.
        assert_eq!(
            sent.borrow()[0],
            [20, 0, 0, 0, 18, 0, 5, 3, 1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0]
        );
    }

    #[test]
    fn batch_acks_only_its_last_request() {
        // The second request fails; the last one's ack ends the batch.
        let error = |seq, errno: i32| reply(msg::NLMSG_ERROR, seq, &(-errno).to_ne_bytes());
        let mut answers = error(2, Errno::EEXIST as i32);
        answers.extend(error(3, 0));
        let (mut sock, sent) = socket(vec![answers]);
        let quiet = Bare(true);
        let got = sock.transact(&[quiet, quiet, quiet], &mut |_, _| Ok(()));
        assert_eq!(got, vec![Ok(()), Err(Errno::EEXIST as i32), Ok(())]);
        let sent = sent.borrow();
        assert_eq!(sent.len(), 1, "one datagram");
        let flags: Vec<u16> = msg::parse_messages(&sent[0])
            .unwrap()
            .iter()
            .map(|m| m.flags)
            .collect();
        assert_eq!(
            flags,
            [NLM_F_REQUEST, NLM_F_REQUEST, NLM_F_REQUEST | NLM_F_ACK]
        );
    }

    #[test]
    fn lost_replies_fail_the_rest_and_break_the_socket() {
        let (mut sock, _) = socket(vec![]);
        let got = sock.transact(&[Bare(false)], &mut |_, _| Ok(()));
        assert_eq!(got, vec![Err(Errno::EAGAIN as i32)]);
        assert!(sock.is_broken());
    }

    fn error(seq: u32, errno: i32) -> Vec<u8> {
        let mut payload = (-errno).to_ne_bytes().to_vec();
        payload.extend([0u8; 16]);
        reply(msg::NLMSG_ERROR, seq, &payload)
    }

    fn done(seq: u32) -> Vec<u8> {
        reply(msg::NLMSG_DONE, seq, &[0; 4])
    }

    /// A data reply flagged NLM_F_DUMP_INTR.
    fn interrupted(seq: u32, payload: &[u8]) -> Vec<u8> {
        let mut m = Vec::new();
        let flags = msg::NLM_F_MULTI | NLM_F_DUMP_INTR;
        let start = msg::begin_message(&mut m, 16, flags, seq, 0);
        m.extend_from_slice(payload);
        msg::end_message(&mut m, start);
        m
    }

    const DUMP: Plain<'static> = Plain {
        ty: 18,
        flags: NLM_F_DUMP,
        body: &[0; 4],
    };

    /// A dump's answer and the payloads handed over.
    fn dump(sock: &mut Socket) -> (Result<(), i32>, Vec<Vec<u8>>) {
        let mut bodies = Vec::new();
        let got = sock.request(&DUMP, &mut |b| {
            bodies.push(b.to_vec());
            Ok(())
        });
        (got, bodies)
    }

    #[test]
    fn eintr_on_send_and_receive_is_retried() {
        let replies = vec![
            Err(Errno::EINTR),
            Ok(reply(16, 1, &[1, 2, 3, 4])),
            Err(Errno::EINTR),
            Err(Errno::EINTR),
            Ok(done(1)),
        ];
        let (mut sock, sent) = faulty(replies, vec![Errno::EINTR, Errno::EINTR]);
        let (got, bodies) = dump(&mut sock);
        assert_eq!(got, Ok(()));
        assert_eq!(bodies, vec![vec![1, 2, 3, 4]]);
        assert_eq!(sent.borrow().len(), 1, "sent once, after two EINTRs");
        assert!(!sock.is_broken());
    }

    #[test]
    fn enobufs_in_a_dump_fails_it_and_breaks_the_socket() {
        let replies = vec![Ok(reply(16, 1, &[1, 2, 3, 4])), Err(Errno::ENOBUFS)];
        let (mut sock, _) = faulty(replies, vec![]);
        let (got, _) = dump(&mut sock);
        assert_eq!(got, Err(Errno::ENOBUFS as i32));
        assert!(
            sock.is_broken(),
            "replies were lost: replaced before next use"
        );
    }

    #[test]
    fn other_send_errors_fail_the_request() {
        let (mut sock, sent) = faulty(vec![], vec![Errno::ENOBUFS]);
        assert_eq!(dump(&mut sock).0, Err(Errno::ENOBUFS as i32));
        assert!(sent.borrow().is_empty());
        assert!(sock.is_broken());
    }

    #[test]
    fn truncated_datagram_is_emsgsize_never_a_short_list() {
        // 300 bytes into the 256-byte buffer.
        let big = reply(16, 1, &[7; 284]);
        let (mut sock, _) = faulty(vec![Ok(big), Ok(done(1))], vec![]);
        let (got, bodies) = dump(&mut sock);
        assert_eq!(got, Err(Errno::EMSGSIZE as i32));
        assert!(bodies.is_empty());
        assert!(sock.is_broken());
    }

    #[test]
    fn dump_intr_is_read_to_the_end_and_reported() {
        let mut first = reply(16, 1, &[1, 1, 1, 1]);
        first.extend(interrupted(1, &[2, 2, 2, 2]));
        let (mut sock, _) = faulty(
            vec![
                Ok(first),
                Ok(done(1)),
                Ok(reply(16, 2, &[3; 4])),
                Ok(done(2)),
            ],
            vec![],
        );
        let (got, bodies) = dump(&mut sock);
        assert_eq!(got, Err(DUMP_INTERRUPTED as i32));
        assert_eq!(bodies.len(), 2, "read to NLMSG_DONE");
        // The socket stayed in step: the next dump is answered whole.
        assert!(!sock.is_broken());
        assert_eq!(dump(&mut sock), (Ok(()), vec![vec![3; 4]]));
    }

    /// Ten quiet requests (seq 1..=10) and what the batch reports.
    fn batch_of_ten(replies: Vec<Vec<u8>>) -> (Vec<Result<(), i32>>, bool) {
        let (mut sock, _) = socket(replies);
        let got = sock.transact(&[Bare(true); 10], &mut |_, _| Ok(()));
        (got, sock.is_broken())
    }

    #[test]
    fn error_on_the_nth_request_of_a_batch() {
        let mut replies = error(4, Errno::ESRCH as i32);
        replies.extend(error(10, 0));
        let (got, broken) = batch_of_ten(vec![replies]);
        let mut want = vec![Ok(()); 10];
        want[3] = Err(Errno::ESRCH as i32);
        assert_eq!(got, want);
        assert!(!broken);
    }

    #[test]
    fn duplicate_ack_on_the_nth_request_is_reported_once() {
        // The 4th request's error twice, a stray ack for it, then the end;
        // the next batch's requests get their own answers.
        let mut replies = error(4, Errno::ESRCH as i32);
        replies.extend(error(4, Errno::ESRCH as i32));
        replies.extend(error(4, 0));
        replies.extend(error(10, 0));
        // A duplicate of the last ack arrives with the next batch's replies.
        let mut next = error(10, 0);
        next.extend(error(11, Errno::EEXIST as i32));
        next.extend(error(12, 0));
        let (mut sock, _) = socket(vec![replies, next]);
        let got = sock.transact(&[Bare(true); 10], &mut |_, _| Ok(()));
        let mut want = vec![Ok(()); 10];
        want[3] = Err(Errno::ESRCH as i32);
        assert_eq!(got, want);
        let got = sock.transact(&[Bare(true); 2], &mut |_, _| Ok(()));
        assert_eq!(got, vec![Err(Errno::EEXIST as i32), Ok(())]);
        assert!(!sock.is_broken());
    }

    #[test]
    fn missing_ack_fails_what_is_unanswered_and_nothing_else() {
        // Acked requests: the 4th's ack never comes (the socket would block;
        // the scripted one says EAGAIN). Answers before it stand, the rest
        // fail, once each, in order.
        let mut replies = Vec::new();
        for seq in [1, 2, 3, 5, 6] {
            replies.extend(error(seq, 0));
        }
        let (mut sock, _) = socket(vec![replies]);
        let got = sock.transact(&[Bare(false); 8], &mut |_, _| Ok(()));
        let lost = Err(Errno::EAGAIN as i32);
        assert_eq!(
            got,
            vec![Ok(()), Ok(()), Ok(()), lost, Ok(()), Ok(()), lost, lost]
        );
        assert!(sock.is_broken());
        // Quiet requests: a missing final ack fails the whole datagram, as
        // nothing proves the quiet ones done.
        let (got, broken) = batch_of_ten(vec![error(4, Errno::ESRCH as i32)]);
        let mut want = vec![Err(Errno::EAGAIN as i32); 10];
        want[3] = Err(Errno::ESRCH as i32);
        assert_eq!(got, want);
        assert!(broken);
    }

    /// A request without a body; quiet when it holds true.
    #[derive(Clone, Copy)]
    struct Bare(bool);

    impl Message for Bare {
        fn dump(&self) -> bool {
            false
        }
        fn quiet(&self) -> bool {
            self.0
        }
        fn room(&self) -> usize {
            msg::NLMSG_HDRLEN
        }
        fn write(&self, datagram: &mut Vec<u8>, flags: u16, seq: u32, pid: u32) {
            let start = msg::begin_message(datagram, 0x30, flags, seq, pid);
            msg::end_message(datagram, start);
        }
    }
}
