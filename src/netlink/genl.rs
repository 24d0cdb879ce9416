//! Generic netlink: the genl header, requests, and family resolution
//! through the controller (include/uapi/linux/genetlink.h).

use super::attr::{get_u16, AttrTable, AttrWriter};
use super::msg::{self, NLMSG_HDRLEN};
use super::socket::{Message, Socket};
use nix::errno::Errno;

pub const GENL_HDRLEN: usize = 4;
pub const GENL_ID_CTRL: u16 = 16;
pub const CTRL_CMD_NEWFAMILY: u8 = 1;
pub const CTRL_CMD_GETFAMILY: u8 = 3;
pub const CTRL_ATTR_FAMILY_ID: u16 = 1;
pub const CTRL_ATTR_FAMILY_NAME: u16 = 2;
/// The controller's genl version as libnl sends it.
pub const CTRL_VERSION: u8 = 1;

/// The headers (nlmsghdr, genlmsghdr) of a message appended to `buf`, the
/// datagram being built; the attributes follow in place and
/// `msg::end_message` sets the length. Returns where the message starts.
pub fn begin_message(
    buf: &mut Vec<u8>,
    family: u16,
    flags: u16,
    seq: u32,
    pid: u32,
    cmd: u8,
    version: u8,
) -> usize {
    let start = msg::begin_message(buf, family, flags, seq, pid);
    buf.extend_from_slice(&[cmd, version, 0, 0]);
    start
}

/// A request's attributes, written into the datagram.
pub trait Payload {
    /// An upper bound of the attributes' length.
    fn room(&self) -> usize;
    fn write(&self, w: &mut AttrWriter);
}

/// Attributes already encoded.
impl Payload for [u8] {
    fn room(&self) -> usize {
        self.len()
    }
    fn write(&self, w: &mut AttrWriter) {
        w.raw(self);
    }
}

/// A generic netlink request.
pub struct Request<'a, P: ?Sized> {
    pub family: u16,
    pub cmd: u8,
    pub version: u8,
    pub dump: bool,
    /// See `Message::quiet`.
    pub quiet: bool,
    pub attrs: &'a P,
}

impl<P: Payload + ?Sized> Message for Request<'_, P> {
    fn dump(&self) -> bool {
        self.dump
    }
    fn quiet(&self) -> bool {
        self.quiet
    }
    fn room(&self) -> usize {
        NLMSG_HDRLEN + GENL_HDRLEN + self.attrs.room()
    }
    fn write(&self, datagram: &mut Vec<u8>, flags: u16, seq: u32, pid: u32) {
        let start = begin_message(
            datagram,
            self.family,
            flags,
            seq,
            pid,
            self.cmd,
            self.version,
        );
        let mut w = AttrWriter::appending(std::mem::take(datagram));
        self.attrs.write(&mut w);
        *datagram = w.into_bytes();
        msg::end_message(datagram, start);
    }
}

/// A reply's top-level attributes, after the genl header.
pub fn top_attrs(genl_payload: &[u8]) -> Result<AttrTable<'_>, Errno> {
    AttrTable::parse(genl_payload.get(GENL_HDRLEN..).ok_or(Errno::EINVAL)?)
}

/// Attributes for CTRL_CMD_GETFAMILY.
pub fn family_lookup_attrs(name: &str) -> Vec<u8> {
    let mut w = AttrWriter::with_capacity(name.len() + 8);
    w.cstr(CTRL_ATTR_FAMILY_NAME, name.as_bytes());
    w.into_bytes()
}

/// The controller's NEWFAMILY reply: the family id.
pub fn decode_family_id(genl_payload: &[u8]) -> Result<u16, Errno> {
    get_u16(top_attrs(genl_payload)?.require(CTRL_ATTR_FAMILY_ID)?)
}

fn lookup(attrs: &[u8]) -> Request<'_, [u8]> {
    Request {
        family: GENL_ID_CTRL,
        cmd: CTRL_CMD_GETFAMILY,
        version: CTRL_VERSION,
        dump: false,
        quiet: false,
        attrs,
    }
}

/// Resolve a family name; the controller's errno (ENOENT for an unknown
/// name) is passed through.
pub fn family_id(sock: &mut Socket, name: &str) -> Result<u16, i32> {
    let attrs = family_lookup_attrs(name);
    let mut id = None;
    sock.request(&lookup(&attrs), &mut |body| {
        id.get_or_insert_with(|| decode_family_id(body));
        Ok(())
    })?;
    id.unwrap_or(Err(Errno::EINVAL)).map_err(|e| e as i32)
}

/// Resolve several family names, pipelined; one answer per name, in order.
pub fn family_ids(sock: &mut Socket, names: &[&str]) -> Vec<Result<u16, i32>> {
    let attrs: Vec<Vec<u8>> = names.iter().map(|n| family_lookup_attrs(n)).collect();
    let requests: Vec<Request<'_, [u8]>> = attrs.iter().map(|a| lookup(a)).collect();
    let mut ids: Vec<Option<Result<u16, Errno>>> = vec![None; names.len()];
    let answers = sock.transact(&requests, &mut |i, body| {
        if let Some(slot) = ids.get_mut(i) {
            slot.get_or_insert_with(|| decode_family_id(body));
        }
        Ok(())
    });
    answers
        .into_iter()
        .zip(ids)
        .map(|(answer, id)| {
            answer?;
            id.unwrap_or(Err(Errno::EINVAL)).map_err(|e| e as i32)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    //! These talk to the running kernel's generic netlink controller, which
    //! every Linux kernel has.
    use super::*;
    use crate::netlink::attr::{get_str, parse_attrs};
    use nix::sys::socket::SockProtocol;

    fn socket() -> Socket {
        Socket::open(SockProtocol::NetlinkGeneric, 8192, None).unwrap()
    }

    /// The controller's answer for an unknown name.
    const UNKNOWN: i32 = Errno::ENOENT as i32;

    #[test]
    fn resolves_controller_and_reports_unknown_family() {
        let mut sock = socket();
        assert_eq!(family_id(&mut sock, "nlctrl"), Ok(GENL_ID_CTRL));
        assert_eq!(family_id(&mut sock, "nosuchfam"), Err(UNKNOWN));
        // Three lookups in one datagram: the failure in the middle must not
        // disturb the others, and answers come back in request order.
        let got = family_ids(&mut sock, &["nlctrl", "nosuchfam", "nlctrl"]);
        assert_eq!(got, vec![Ok(16), Err(UNKNOWN), Ok(16)]);
    }

    #[test]
    fn pipelines_more_requests_than_the_window() {
        let mut sock = socket();
        let names: Vec<&str> = (0..crate::netlink::WINDOW * 2 + 5)
            .map(|i| if i % 3 == 0 { "bogus-family" } else { "nlctrl" })
            .collect();
        let got = family_ids(&mut sock, &names);
        assert_eq!(got.len(), names.len());
        for (name, answer) in names.iter().zip(got) {
            let want = if *name == "nlctrl" {
                Ok(16)
            } else {
                Err(UNKNOWN)
            };
            assert_eq!(answer, want);
        }
    }

    /// Family names from a CTRL_CMD_GETFAMILY dump.
    fn dump_family_names(sock: &mut Socket) -> Vec<String> {
        let dump = Request {
            dump: true,
            ..lookup(&[])
        };
        let mut names = Vec::new();
        sock.request(&dump, &mut |body| {
            let attrs = parse_attrs(&body[GENL_HDRLEN..]).unwrap();
            names.extend(
                attrs
                    .iter()
                    .find(|a| a.ty == CTRL_ATTR_FAMILY_NAME)
                    .map(|a| get_str(a.data)),
            );
            Ok(())
        })
        .unwrap();
        names
    }

    #[test]
    fn dumps_run_to_done_and_back_to_back() {
        let mut sock = socket();
        let first = dump_family_names(&mut sock);
        assert!(first.iter().any(|n| n == "nlctrl"), "{first:?}");
        // A second dump right after must not hit EBUSY, and sees the same list.
        let second = dump_family_names(&mut sock);
        assert_eq!(first, second);
    }

    #[test]
    fn data_handler_error_is_the_answer_after_the_dump() {
        let mut sock = socket();
        let dump = Request {
            dump: true,
            ..lookup(&[])
        };
        let got = sock.request(&dump, &mut |_| Err(Errno::ERANGE));
        assert_eq!(got, Err(Errno::ERANGE as i32));
        // The socket stayed in step: the next request gets its own answer.
        assert_eq!(family_id(&mut sock, "nlctrl"), Ok(GENL_ID_CTRL));
    }

    #[test]
    fn golden_family_lookup() {
        // "IPVS" and its NUL, padded: 09 00 02 00 49 50 56 53 00 00 00 00.
        assert_eq!(
            family_lookup_attrs("IPVS"),
            [9, 0, 2, 0, b'I', b'P', b'V', b'S', 0, 0, 0, 0]
        );
    }
}
