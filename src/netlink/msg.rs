//! Netlink messages (`struct nlmsghdr`): building request headers and
//! splitting received datagrams into messages (include/uapi/linux/netlink.h).

use super::attr::{align4, arr};
use nix::errno::Errno;

pub const NLMSG_HDRLEN: usize = 16;
pub const NLMSG_NOOP: u16 = 1;
pub const NLMSG_ERROR: u16 = 2;
pub const NLMSG_DONE: u16 = 3;
pub const NLMSG_OVERRUN: u16 = 4;
pub const NLM_F_REQUEST: u16 = 0x1;
pub const NLM_F_MULTI: u16 = 0x2;
pub const NLM_F_ACK: u16 = 0x4;
/// Set on a dump part when the table changed while the dump ran.
pub const NLM_F_DUMP_INTR: u16 = 0x10;
/// NLM_F_ROOT | NLM_F_MATCH.
pub const NLM_F_DUMP: u16 = 0x300;
pub const NLM_F_EXCL: u16 = 0x200;
pub const NLM_F_CREATE: u16 = 0x400;

/// Append a message header to `buf` (the datagram being built); the body
/// follows in place and `end_message` sets the length. Returns where the
/// message starts.
pub fn begin_message(buf: &mut Vec<u8>, ty: u16, flags: u16, seq: u32, pid: u32) -> usize {
    let start = buf.len();
    let mut head = [0u8; NLMSG_HDRLEN];
    head[4..6].copy_from_slice(&ty.to_ne_bytes());
    head[6..8].copy_from_slice(&flags.to_ne_bytes());
    head[8..12].copy_from_slice(&seq.to_ne_bytes());
    head[12..16].copy_from_slice(&pid.to_ne_bytes());
    buf.extend_from_slice(&head);
    start
}

/// Set the length of the message begun at `start` to what follows it.
pub fn end_message(buf: &mut [u8], start: usize) {
    let len = buf.len().saturating_sub(start) as u32;
    if let Some(field) = buf.get_mut(start..start + 4) {
        field.copy_from_slice(&len.to_ne_bytes());
    }
}

/// One netlink message received from the kernel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NlMsg<'a> {
    pub ty: u16,
    pub flags: u16,
    pub seq: u32,
    pub pid: u32,
    /// Everything after the 16-byte header (for genl: genl header + attrs).
    pub payload: &'a [u8],
}

/// What a received message means for the request it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply<'a> {
    /// NLMSG_ERROR with error 0: the request succeeded.
    Ack,
    /// NLMSG_ERROR with a negative errno (stored positive, as the kernel
    /// sent it: it may be a number no errno table knows), or a negative
    /// status in NLMSG_DONE.
    Error(i32),
    /// NLMSG_DONE ending a dump successfully.
    Done,
    /// A data message (for genl: genl header + attributes).
    Data(&'a [u8]),
    /// NOOP: nothing to do.
    Ignore,
}

impl<'a> NlMsg<'a> {
    pub fn reply(&self) -> Reply<'a> {
        match self.ty {
            NLMSG_ERROR => match arr::<4>(self.payload).map(i32::from_ne_bytes) {
                Ok(0) => Reply::Ack,
                Ok(e) => Reply::Error(e.checked_neg().unwrap_or(Errno::EINVAL as i32).abs()),
                Err(e) => Reply::Error(e as i32),
            },
            NLMSG_DONE => match arr::<4>(self.payload).map(i32::from_ne_bytes) {
                Ok(e) if e < 0 => Reply::Error(e.checked_neg().unwrap_or(Errno::EINVAL as i32)),
                // Old kernels may send DONE without a status.
                _ => Reply::Done,
            },
            NLMSG_NOOP => Reply::Ignore,
            // Overrun means replies were lost: fail rather than truncate.
            NLMSG_OVERRUN => Reply::Error(Errno::ENOBUFS as i32),
            _ => Reply::Data(self.payload),
        }
    }
}

/// Split a datagram into netlink messages. A message whose length does not
/// fit is EINVAL (the rest of the datagram cannot be trusted).
pub fn parse_messages(mut buf: &[u8]) -> Result<Vec<NlMsg<'_>>, Errno> {
    let mut out = Vec::new();
    while buf.len() >= NLMSG_HDRLEN {
        let len = u32::from_ne_bytes(arr(buf)?) as usize;
        if len < NLMSG_HDRLEN || len > buf.len() {
            return Err(Errno::EINVAL);
        }
        let field = |at: usize| buf.get(at..).ok_or(Errno::EINVAL);
        let ty = u16::from_ne_bytes(arr(field(4)?)?);
        let flags = u16::from_ne_bytes(arr(field(6)?)?);
        let seq = u32::from_ne_bytes(arr(field(8)?)?);
        let pid = u32::from_ne_bytes(arr(field(12)?)?);
        let payload = buf.get(NLMSG_HDRLEN..len).ok_or(Errno::EINVAL)?;
        out.push(NlMsg {
            ty,
            flags,
            seq,
            pid,
            payload,
        });
        let next = align4(len).min(buf.len());
        buf = buf.get(next..).unwrap_or(&[]);
    }
    Ok(out)
}

#[cfg(all(test, target_endian = "little"))]
mod tests {
    use super::*;
    use crate::netlink::hex;

    #[test]
    fn header_is_framed_around_the_body() {
        let mut buf = vec![0xee];
        let start = begin_message(&mut buf, 18, NLM_F_REQUEST | NLM_F_DUMP, 9, 0x1234);
        buf.extend_from_slice(&[1, 2, 3, 4]);
        end_message(&mut buf, start);
        assert_eq!(
            buf,
            hex("ee 14 00 00 00 12 00 01 03 09 00 00 00 34 12 00 00 01 02 03 04")
        );
    }

    #[test]
    fn messages_and_replies() {
        let mut buf = Vec::new();
        // ACK for seq 3: error 0 + echoed header.
        buf.extend(hex(
            "24 00 00 00 02 00 00 01 03 00 00 00 00 00 00 00 00 00 00 00",
        ));
        buf.extend(vec![0u8; 16]);
        // Error -17 for seq 4.
        buf.extend(hex(
            "24 00 00 00 02 00 00 00 04 00 00 00 00 00 00 00 ef ff ff ff",
        ));
        buf.extend(vec![0u8; 16]);
        // DONE for seq 5 with status 0, then DONE with -3.
        buf.extend(hex(
            "14 00 00 00 03 00 02 00 05 00 00 00 00 00 00 00 00 00 00 00",
        ));
        buf.extend(hex(
            "14 00 00 00 03 00 02 00 06 00 00 00 00 00 00 00 fd ff ff ff",
        ));
        // A data message (type 0x25) with a 4-byte genl header.
        buf.extend(hex(
            "14 00 00 00 25 00 02 00 07 00 00 00 00 00 00 00 01 01 00 00",
        ));
        let msgs = parse_messages(&buf).unwrap();
        let got: Vec<(u32, Reply<'_>)> = msgs.iter().map(|m| (m.seq, m.reply())).collect();
        assert_eq!(
            got,
            vec![
                (3, Reply::Ack),
                (4, Reply::Error(17)),
                (5, Reply::Done),
                (6, Reply::Error(3)),
                (7, Reply::Data(&[1, 1, 0, 0][..])),
            ]
        );
        assert_eq!(msgs[4].flags, NLM_F_MULTI);
    }

    #[test]
    fn malformed_messages_are_einval() {
        assert_eq!(
            parse_messages(&hex("ff 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00")),
            Err(Errno::EINVAL)
        );
        assert_eq!(
            parse_messages(&hex("04 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00")),
            Err(Errno::EINVAL)
        );
        // Short error payload.
        let m = NlMsg {
            ty: NLMSG_ERROR,
            flags: 0,
            seq: 0,
            pid: 0,
            payload: &[1],
        };
        assert_eq!(m.reply(), Reply::Error(Errno::EINVAL as i32));
    }
}
