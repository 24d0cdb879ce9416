//! Address text where glibc and std disagree; everything else uses std's
//! `FromStr` and `Display` for `Ipv4Addr` and `Ipv6Addr`.
//!
//! Reading (`read`): `inet_pton` in both families accepts exactly what std's
//! parsers accept (four decimal parts without leading zeros; IPv6 with one
//! `::` and an optional dotted tail), but `inet_aton`, which ipvsadm uses
//! for IPv4 services, masks and numeric host names, also takes one to three
//! parts, octal and hex (`10.1` is 10.0.0.1, `0x0a.1` too, `24` is 0.0.0.24).
//!
//! Writing (`write`): `inet_ntop` writes IPv4-compatible addresses
//! (`::a.b.c.d`) in dotted form, which std's `Display` does not; the rest is
//! the same text.

mod read;
mod write;

pub use read::inet_aton;
pub(crate) use read::is_c_space;
pub use write::{ntop, push_ntop, push_v4};
