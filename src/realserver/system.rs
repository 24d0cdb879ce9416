//! The real `Host`: rtnetlink through neli's socket, sysctls and listeners
//! through /proc. The only part of lvs-realserver that touches the OS
//! besides the files under the root.

use super::host::{Addr, Host, Link, Route};
use super::procnet;
use super::rtnl;
use crate::ipvs::wire::{self, Reply};
use neli::consts::socket::{Msg, NlFamily};
use neli::socket::NlSocket;
use neli::utils::Groups;
use std::io;
use std::net::SocketAddr;

const EINTR: i32 = 4;
const EIO: i32 = 5;
const EMSGSIZE: i32 = 90;
const RECV_BUF_LEN: usize = 64 * 1024;

/// The live system. The socket opens on first use, so `status` and `check`
/// on a host without rtnetlink access still report what they can.
#[derive(Default)]
pub struct SystemHost {
    sock: Option<NlSocket>,
    seq: u32,
}

impl SystemHost {
    pub fn new() -> SystemHost {
        SystemHost::default()
    }

    /// Send one request and collect the bodies of its data replies, until
    /// its ack or the end of its dump.
    fn request(&mut self, ty: u16, flags: u16, body: &[u8]) -> io::Result<Vec<Vec<u8>>> {
        if self.sock.is_none() {
            self.sock = Some(NlSocket::connect(NlFamily::Route, None, Groups::empty())?);
        }
        let Some(sock) = self.sock.as_ref() else {
            return Err(io::Error::from_raw_os_error(EIO));
        };
        self.seq = self.seq.wrapping_add(1);
        let seq = self.seq;
        let msg = rtnl::message(ty, flags | wire::NLM_F_REQUEST | wire::NLM_F_ACK, seq, body);
        loop {
            match sock.send(&msg[..], Msg::empty()) {
                Err(e) if e.raw_os_error() == Some(EINTR) => continue,
                Err(e) => return Err(e),
                Ok(_) => break,
            }
        }
        let mut buf = vec![0u8; RECV_BUF_LEN];
        let mut bodies = Vec::new();
        loop {
            let len = match sock.recv(&mut buf[..], Msg::TRUNC) {
                Err(e) if e.raw_os_error() == Some(EINTR) => continue,
                Err(e) => return Err(e),
                // A truncated datagram would silently lose entries.
                Ok((len, _)) if len > buf.len() => {
                    return Err(io::Error::from_raw_os_error(EMSGSIZE))
                }
                Ok((0, _)) => return Err(io::Error::from_raw_os_error(EIO)),
                Ok((len, _)) => len,
            };
            let msgs = wire::parse_messages(buf.get(..len).unwrap_or(&[]))
                .map_err(io::Error::from_raw_os_error)?;
            for m in msgs {
                if m.seq != seq {
                    continue;
                }
                match m.reply() {
                    Reply::Data(b) => bodies.push(b.to_vec()),
                    Reply::Ack | Reply::Done => return Ok(bodies),
                    Reply::Error(e) => return Err(io::Error::from_raw_os_error(e)),
                    Reply::Ignore => {}
                }
            }
        }
    }

    fn dump(&mut self, ty: u16, body: &[u8]) -> io::Result<Vec<Vec<u8>>> {
        self.request(ty, wire::NLM_F_DUMP, body)
    }
}

fn bad(e: i32) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("malformed rtnetlink reply (errno {e})"),
    )
}

/// /proc/sys path of a key; keys are built by us from validated names.
fn sysctl_path(key: &str) -> String {
    format!("/proc/sys/{key}")
}

impl Host for SystemHost {
    fn is_root(&self) -> bool {
        nix::unistd::geteuid().is_root()
    }

    fn links(&mut self) -> io::Result<Vec<Link>> {
        self.dump(rtnl::RTM_GETLINK, &rtnl::link_dump())?
            .iter()
            .map(|b| rtnl::decode_link(b).map_err(bad))
            .collect()
    }

    fn addrs(&mut self) -> io::Result<Vec<Addr>> {
        let mut out = Vec::new();
        for b in self.dump(rtnl::RTM_GETADDR, &rtnl::addr_dump())? {
            out.extend(rtnl::decode_addr(&b).map_err(bad)?);
        }
        Ok(out)
    }

    fn add_addr(&mut self, a: &Addr) -> io::Result<()> {
        let flags = rtnl::NLM_F_CREATE | rtnl::NLM_F_EXCL;
        self.request(rtnl::RTM_NEWADDR, flags, &rtnl::addr_body(a))
            .map(drop)
    }

    fn del_addr(&mut self, a: &Addr) -> io::Result<()> {
        self.request(rtnl::RTM_DELADDR, 0, &rtnl::addr_body(a))
            .map(drop)
    }

    fn routes(&mut self, v6: bool) -> io::Result<Vec<Route>> {
        let mut out = Vec::new();
        for b in self.dump(rtnl::RTM_GETROUTE, &rtnl::route_dump(v6))? {
            out.extend(rtnl::decode_route(&b).map_err(bad)?);
        }
        Ok(out)
    }

    fn add_route(&mut self, r: &Route) -> io::Result<()> {
        let flags = rtnl::NLM_F_CREATE | rtnl::NLM_F_EXCL;
        self.request(rtnl::RTM_NEWROUTE, flags, &rtnl::route_body(r, false))
            .map(drop)
    }

    fn del_route(&mut self, r: &Route) -> io::Result<()> {
        self.request(rtnl::RTM_DELROUTE, 0, &rtnl::route_body(r, true))
            .map(drop)
    }

    fn set_link_up(&mut self, index: u32, up: bool) -> io::Result<()> {
        self.request(rtnl::RTM_NEWLINK, 0, &rtnl::link_set_up(index, up))
            .map(drop)
    }

    fn sysctl(&mut self, key: &str) -> io::Result<Option<String>> {
        match std::fs::read_to_string(sysctl_path(key)) {
            Ok(s) => Ok(Some(s.trim().to_string())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn set_sysctl(&mut self, key: &str, value: &str) -> io::Result<()> {
        use std::io::Write;
        // Never create: a missing sysctl is an error, not a new file.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(sysctl_path(key))?;
        f.write_all(format!("{value}\n").as_bytes())
    }

    fn tcp_listeners(&mut self) -> io::Result<Vec<SocketAddr>> {
        let mut out = procnet::listeners(&std::fs::read_to_string("/proc/net/tcp")?);
        // No tcp6 file when IPv6 is disabled.
        match std::fs::read_to_string("/proc/net/tcp6") {
            Ok(t) => out.extend(procnet::listeners(&t)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        Ok(out)
    }
}
