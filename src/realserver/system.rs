//! The real `Host`: rtnetlink through `crate::netlink`, sysctls and
//! listeners through /proc. The only part of lvs-realserver that touches the
//! OS besides the files under the root.

use super::host::{Addr, Host, Link, Route};
use super::procnet;
use super::rtnl;
use crate::netlink::msg::{NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL};
use crate::netlink::{Plain, Socket};
use nix::errno::Errno;
use nix::sys::socket::SockProtocol;
use std::io;
use std::net::SocketAddr;

/// Receive buffer: room for the largest dump part the kernel builds.
const RECV_BUF_LEN: usize = 64 * 1024;

/// The live system. The socket opens on first use, so `status` and `check`
/// on a host without rtnetlink access still report what they can.
#[derive(Default)]
pub struct SystemHost {
    sock: Option<Socket>,
}

impl SystemHost {
    pub fn new() -> SystemHost {
        SystemHost::default()
    }

    /// Send one request and collect the bodies of its data replies, until
    /// its ack or the end of its dump.
    fn request(&mut self, ty: u16, flags: u16, body: &[u8]) -> io::Result<Vec<Vec<u8>>> {
        let sock = match &mut self.sock {
            Some(sock) => sock,
            None => self.sock.insert(Socket::open(
                SockProtocol::NetlinkRoute,
                RECV_BUF_LEN,
                None,
            )?),
        };
        let mut bodies = Vec::new();
        sock.request(&Plain { ty, flags, body }, &mut |b| {
            bodies.push(b.to_vec());
            Ok(())
        })
        .map_err(io::Error::from_raw_os_error)?;
        Ok(bodies)
    }

    fn dump(&mut self, ty: u16, body: &[u8]) -> io::Result<Vec<Vec<u8>>> {
        self.request(ty, NLM_F_DUMP, body)
    }
}

fn bad(e: Errno) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("malformed rtnetlink reply (errno {})", e as i32),
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
        let flags = NLM_F_CREATE | NLM_F_EXCL;
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
        let flags = NLM_F_CREATE | NLM_F_EXCL;
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
