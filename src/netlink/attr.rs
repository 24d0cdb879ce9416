//! Netlink attributes (`struct nlattr`): a writer that appends 4-byte
//! aligned TLVs, nests included, and a walker that splits them again.
//!
//! Design decisions: the writer appends to a plain `Vec<u8>`, which may be a
//! whole datagram being built, so a request's attributes are written in
//! place. The walker never allocates for decoding: `AttrTable` indexes one
//! level of attributes by type on the stack (a listing decodes one entry per
//! message, tens of thousands of them). Malformed input is EINVAL, never a
//! panic.

use nix::errno::Errno;

const NLA_F_NESTED: u16 = 1 << 15;
const NLA_F_NET_BYTEORDER: u16 = 1 << 14;
const NLA_TYPE_MASK: u16 = !(NLA_F_NESTED | NLA_F_NET_BYTEORDER);
/// What we set on nest headers. libnl 3.5 and later (Debian bookworm's
/// ipvsadm 1.31 links 3.7) mark nests with NLA_F_NESTED; the kernel accepts
/// nests with or without it, so this only matters for byte-identical
/// requests.
const NEST_TYPE_FLAGS: u16 = NLA_F_NESTED;

/// Netlink's alignment (NLMSG_ALIGN, NLA_ALIGN).
pub const fn align4(n: usize) -> usize {
    (n + 3) & !3
}

/// Appends netlink attributes (4-byte aligned TLVs) to a buffer.
#[derive(Debug, Default)]
pub struct AttrWriter {
    buf: Vec<u8>,
}

impl AttrWriter {
    /// An empty writer with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> AttrWriter {
        AttrWriter {
            buf: Vec::with_capacity(capacity),
        }
    }

    /// A writer that appends to `buf` (a datagram being built), so the
    /// attributes go straight into it without a copy.
    pub fn appending(buf: Vec<u8>) -> AttrWriter {
        AttrWriter { buf }
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// A fixed-size attribute (at most 16 bytes of payload), padding
    /// included: built on the stack and appended in one constant-size copy,
    /// a few moves rather than calls (a request has 16 of them).
    #[inline(always)]
    pub fn put<const N: usize>(&mut self, ty: u16, data: &[u8; N]) {
        let len = 4 + N;
        let mut attr = [0u8; 20];
        let Some(body) = attr.get_mut(4..len) else {
            // Larger payloads take the general path.
            return self.put_parts(ty, data, &[]);
        };
        body.copy_from_slice(data);
        attr[..2].copy_from_slice(&(len as u16).to_ne_bytes());
        attr[2..4].copy_from_slice(&ty.to_ne_bytes());
        self.buf.extend_from_slice(&attr[..align4(len)]);
    }

    /// An attribute of any length.
    pub fn put_slice(&mut self, ty: u16, data: &[u8]) {
        self.put_parts(ty, data, &[]);
    }

    /// One attribute whose payload is `head` then `tail`.
    #[inline(always)]
    pub fn put_parts(&mut self, ty: u16, head: &[u8], tail: &[u8]) {
        let len = (4 + head.len() + tail.len()) as u16;
        let [l0, l1] = len.to_ne_bytes();
        let [t0, t1] = ty.to_ne_bytes();
        self.buf.extend_from_slice(&[l0, l1, t0, t1]);
        self.buf.extend_from_slice(head);
        self.buf.extend_from_slice(tail);
        // Padding follows from the attribute's own length, not the buffer's:
        // the buffer may be a datagram with other messages before this one.
        let len = usize::from(len);
        self.buf.extend_from_slice(&[0u8; 3][..align4(len) - len]);
    }

    #[inline]
    pub fn u8(&mut self, ty: u16, v: u8) {
        self.put(ty, &[v]);
    }
    #[inline]
    pub fn u16(&mut self, ty: u16, v: u16) {
        self.put(ty, &v.to_ne_bytes());
    }
    #[inline]
    pub fn u32(&mut self, ty: u16, v: u32) {
        self.put(ty, &v.to_ne_bytes());
    }

    /// A NUL-terminated string.
    pub fn cstr(&mut self, ty: u16, s: &[u8]) {
        self.put_parts(ty, s, &[0]);
    }

    /// Bytes that already are encoded attributes.
    pub fn raw(&mut self, attrs: &[u8]) {
        self.buf.extend_from_slice(attrs);
    }

    /// A nested attribute whose body `body` writes.
    pub fn nest(&mut self, ty: u16, body: impl FnOnce(&mut AttrWriter)) {
        let start = self.buf.len();
        self.buf.extend_from_slice(&[0, 0]);
        self.buf
            .extend_from_slice(&(ty | NEST_TYPE_FLAGS).to_ne_bytes());
        body(self);
        let len = (self.buf.len() - start) as u16;
        self.buf[start..start + 2].copy_from_slice(&len.to_ne_bytes());
    }
}

/// One raw attribute: type without the NESTED/BYTEORDER flags, and payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawAttr<'a> {
    pub ty: u16,
    pub data: &'a [u8],
}

/// Split a buffer into attributes. A truncated or overlong header is EINVAL.
pub fn parse_attrs(buf: &[u8]) -> Result<Vec<RawAttr<'_>>, Errno> {
    let mut out = Vec::new();
    each_attr(buf, |ty, data| out.push(RawAttr { ty, data }))?;
    Ok(out)
}

/// Hand every attribute of `buf` to `f` in order; EINVAL as `parse_attrs`.
pub fn each_attr<'a>(mut buf: &'a [u8], mut f: impl FnMut(u16, &'a [u8])) -> Result<(), Errno> {
    while let (Ok(len), Ok(ty)) = (arr::<2>(buf), arr::<2>(buf.get(2..).unwrap_or(&[]))) {
        let len = u16::from_ne_bytes(len) as usize;
        let ty = u16::from_ne_bytes(ty) & NLA_TYPE_MASK;
        if len < 4 || len > buf.len() {
            return Err(Errno::EINVAL);
        }
        f(ty, buf.get(4..len).ok_or(Errno::EINVAL)?);
        let next = align4(len).min(buf.len());
        buf = buf.get(next..).unwrap_or(&[]);
    }
    Ok(())
}

/// Attribute slots by type: above every type the decoders ask for (IPVS,
/// the genl controller and the rtnetlink attributes used stay under 20), so
/// larger, unknown types are skipped.
const ATTR_SLOTS: usize = 32;

/// One level of attributes indexed by type, built without allocating. The
/// last attribute of a type wins, as with libnl's `nla_parse`.
pub struct AttrTable<'a>([Option<&'a [u8]>; ATTR_SLOTS]);

impl<'a> AttrTable<'a> {
    pub fn parse(buf: &'a [u8]) -> Result<AttrTable<'a>, Errno> {
        let mut slots = [None; ATTR_SLOTS];
        each_attr(buf, |ty, data| {
            if let Some(slot) = slots.get_mut(usize::from(ty)) {
                *slot = Some(data);
            }
        })?;
        Ok(AttrTable(slots))
    }

    /// The payload of attribute `ty`, if present.
    pub fn get(&self, ty: u16) -> Option<&'a [u8]> {
        self.0.get(usize::from(ty)).copied().flatten()
    }

    /// The payload of attribute `ty`; EINVAL when absent.
    pub fn require(&self, ty: u16) -> Result<&'a [u8], Errno> {
        self.get(ty).ok_or(Errno::EINVAL)
    }
}

/// The first `N` bytes of `data`; EINVAL when shorter.
pub fn arr<const N: usize>(data: &[u8]) -> Result<[u8; N], Errno> {
    data.get(..N)
        .and_then(|d| <[u8; N]>::try_from(d).ok())
        .ok_or(Errno::EINVAL)
}

pub fn get_u8(data: &[u8]) -> Result<u8, Errno> {
    Ok(arr::<1>(data)?[0])
}
pub fn get_u16(data: &[u8]) -> Result<u16, Errno> {
    Ok(u16::from_ne_bytes(arr(data)?))
}
pub fn get_u32(data: &[u8]) -> Result<u32, Errno> {
    Ok(u32::from_ne_bytes(arr(data)?))
}
pub fn get_u64(data: &[u8]) -> Result<u64, Errno> {
    Ok(u64::from_ne_bytes(arr(data)?))
}

/// A string attribute's bytes: up to the first NUL (the kernel always
/// sends one).
pub fn cstr_bytes(data: &[u8]) -> &[u8] {
    let end = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    data.get(..end).unwrap_or(data)
}

/// A string attribute as text: up to the first NUL, lossy UTF-8.
pub fn get_str(data: &[u8]) -> String {
    String::from_utf8_lossy(cstr_bytes(data)).into_owned()
}

#[cfg(all(test, target_endian = "little"))]
mod tests {
    use super::*;

    #[test]
    fn writer_pads_each_attribute_and_sizes_nests() {
        let mut w = AttrWriter::with_capacity(64);
        w.u8(1, 7);
        w.cstr(2, b"lo");
        w.nest(3, |w| w.u16(1, 0x0102));
        w.put_slice(4, &[]);
        assert_eq!(
            w.into_bytes(),
            [
                5, 0, 1, 0, 7, 0, 0, 0, //
                7, 0, 2, 0, b'l', b'o', 0, 0, //
                12, 0, 3, 0x80, 6, 0, 1, 0, 2, 1, 0, 0, //
                4, 0, 4, 0,
            ]
        );
    }

    #[test]
    fn table_keeps_the_last_of_a_type_and_strips_flags() {
        let mut w = AttrWriter::default();
        w.u32(2, 1);
        w.u32(2, 9);
        w.nest(5, |_| {});
        w.u32(200, 3);
        let bytes = w.into_bytes();
        let t = AttrTable::parse(&bytes).unwrap();
        assert_eq!(t.get(2).map(get_u32), Some(Ok(9)));
        assert_eq!(t.get(5), Some(&[][..]));
        assert_eq!(t.require(3), Err(Errno::EINVAL));
    }

    #[test]
    fn malformed_attributes_are_einval() {
        assert_eq!(parse_attrs(&[2, 0, 1, 0]), Err(Errno::EINVAL));
        assert_eq!(parse_attrs(&[9, 0, 1, 0, 0]), Err(Errno::EINVAL));
        assert_eq!(get_u32(&[1, 2]), Err(Errno::EINVAL));
        assert_eq!(get_str(b"eth0\0junk"), "eth0");
    }
}
