//! Netlink, for IPVS (generic netlink) and the real-server tool
//! (rtnetlink): framing, attributes, one socket type and one receive loop.
//!
//! Design decisions:
//! * Our own codec, not a netlink crate's types: requests are encoded
//!   straight into the datagram (a restore pipelines 100,000 of them), the
//!   bytes are pinned by golden-byte tests, and listings decode each entry
//!   in place without allocating per attribute. Measured natively (release
//!   build, a shared 2-vCPU AMD EPYC): decoding the replies of a
//!   20,000-service `-Ln` (80,000 real servers, 35 MB of messages in the
//!   kernel's layout) takes about 45 ms with this codec and about 180 ms
//!   with neli 0.7's types (`Nlmsghdr`/`Genlmsghdr` and their attribute
//!   handles), which copy every attribute into a `Vec` at each nesting
//!   level: 3.2 million allocations against 61 thousand. Using neli only to
//!   open the socket would have cost 31 crates, so the socket is plain
//!   socket(2), bind(2), send(2) and recv(2) through `nix`.
//! * One receive loop (`Socket::exchange`) serves single requests, batches
//!   and dumps: requests carry their own sequence numbers and replies are
//!   matched back by them, so replies to an abandoned request are dropped
//!   rather than read as a later one's. A batch of up to `WINDOW` requests
//!   goes out in one datagram; quiet requests (no data expected) go without
//!   NLM_F_ACK except the last, whose ack proves all earlier ones done (the
//!   kernel handles a datagram in order and keeps going after an error):
//!   one receive per datagram instead of one per request.
//! * Dumps go alone: the kernel allows one running dump per socket. It
//!   produces each part while we read, so a dump costs syscalls, not
//!   round trips. A dump ends only at NLMSG_DONE; an error anywhere in it
//!   fails the whole request (never a silently truncated list).
//! * A socket whose replies may have been lost (a receive error such as
//!   ENOBUFS, a malformed or truncated datagram: recv(2) with MSG_TRUNC
//!   reports the real length, and a longer datagram is EMSGSIZE) is marked
//!   broken and replaced before its next use. EINTR on send or receive is
//!   retried in place. A dump flagged NLM_F_DUMP_INTR is read to its end
//!   and answered `DUMP_INTERRUPTED`, so the caller can run it again.
//! * Faults are tested at the `Transport` seam: a scripted transport
//!   returns errors, truncated datagrams, flagged, duplicate or missing
//!   replies where a test wants them.
//! * The receive buffer's length is chosen per socket: the kernel sizes
//!   dump parts after the largest buffer a socket has read with, so it
//!   decides how many parts (and syscalls and kernel walks) a dump takes.

pub mod attr;
pub mod genl;
pub mod msg;
mod socket;

pub use socket::{EachOf, Message, Plain, Socket, Transport, DUMP_INTERRUPTED, WINDOW};

/// "06 00 01 00" → bytes, for tests that spell out wire bytes; anything but
/// hex digits (whitespace, separators) is ignored.
#[cfg(test)]
pub(crate) fn hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).unwrap())
        .collect()
}
