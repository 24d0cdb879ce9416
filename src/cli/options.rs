//! What each ipvsadm option does to the raw "as typed" state when popt
//! returns it.
//!
//! Design decisions: [`Raw`] mirrors 1.31's `ipvs_command_entry` plus the
//! option bit set, and [`Raw::apply`] is its option switch: the repeat check
//! happens before the value is parsed, and each value is validated the moment
//! the option is reached, so the first bad word on the line wins. Nothing here
//! decides legality per command; that is `table` and `command`.

use super::popt::{Found, Id};
use super::table::{Cmd, Opt, OptSet};
use super::values::{self, AddrPort};
use super::Memo;
use crate::error::{Error, Result};
use crate::model::{svc_flags, tun_flags, DaemonState, Family, FwdMethod, Protocol, TunType};
use crate::names::Resolver;
use std::net::IpAddr;

/// Longest scheduler / interface name kept (IP_VS_SCHEDNAME_MAXLEN - 1).
const NAME_MAX: usize = 15;
/// Longest persistence engine name kept (IP_VS_PENAME_MAXLEN).
const PE_MAX: usize = 16;
/// Longest persistence / connection timeout in seconds (31 days).
pub const MAX_TIMEOUT: i64 = 2_678_400;
/// `-p` without a value.
const DEFAULT_PERSISTENT_TIMEOUT: u32 = 360;

/// Everything typed on one command line, as 1.31's command entry holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raw {
    pub cmd: Cmd,
    pub opts: OptSet,
    // virtual service
    /// Protocol of the service so far (`None` = 0, before `-t/-u/-f`).
    pub proto: Option<Protocol>,
    pub svc_addr: Option<IpAddr>,
    /// Family of a fwmark service (`-f` sets IPv4, `-6` IPv6).
    pub fwmark_family: Family,
    pub svc_port: u16,
    pub fwmark: u32,
    pub netmask: u32,
    pub sched: String,
    pub flags: u32,
    pub timeout: u32,
    pub pe_name: String,
    pub sched_flags: Option<String>,
    // real server
    pub dest_addr: Option<IpAddr>,
    pub dest_port: u16,
    pub fwd: FwdMethod,
    pub weight: i32,
    pub u_threshold: u32,
    pub l_threshold: u32,
    pub tun_type: TunType,
    pub tun_port: u16,
    pub tun_flags: u16,
    // sync daemon
    pub state: Option<DaemonState>,
    pub mcast_ifn: String,
    pub syncid: u32,
    pub mcast_group: Option<IpAddr>,
    pub mcast_port: Option<u16>,
    pub mcast_ttl: Option<u8>,
    pub sync_maxlen: Option<u16>,
    // ours
    /// `--netns NAME`: the network namespace the command runs in.
    pub netns: Option<String>,
}

impl Raw {
    /// The command entry 1.31 starts from (weight 1, direct routing, /32).
    pub fn new(cmd: Cmd) -> Raw {
        Raw {
            cmd,
            opts: OptSet::default(),
            proto: None,
            svc_addr: None,
            fwmark_family: Family::Inet,
            svc_port: 0,
            fwmark: 0,
            netmask: 0xFFFF_FFFF,
            sched: String::new(),
            flags: 0,
            timeout: 0,
            pe_name: String::new(),
            sched_flags: None,
            dest_addr: None,
            dest_port: 0,
            fwd: FwdMethod::Route,
            weight: 1,
            u_threshold: 0,
            l_threshold: 0,
            tun_type: TunType::Ipip,
            tun_port: 0,
            tun_flags: 0,
            state: None,
            mcast_ifn: String::new(),
            syncid: 0,
            mcast_group: None,
            mcast_port: None,
            mcast_ttl: None,
            sync_maxlen: None,
            netns: None,
        }
    }

    /// Family of the service so far (1.31's `svc.af`; 0 reads as IPv4).
    pub fn svc_family(&self) -> Family {
        match self.svc_addr {
            Some(a) if self.fwmark == 0 => Family::of(&a),
            _ => self.fwmark_family,
        }
    }

    /// Handle one option after the command (ipvsadm's option switch).
    pub fn apply(
        &mut self,
        found: &Found<'_>,
        names: &dyn Resolver,
        memo: &mut Memo,
    ) -> Result<()> {
        let arg = found.value;
        let val = arg.unwrap_or("");
        match found.def.id {
            Id::Opt(opt) => {
                // The repeat check comes before the value is parsed.
                self.opts.set(opt)?;
                self.value(opt, arg, names)?;
            }
            Id::Tcp => self.service(Protocol::Tcp, val, names, memo)?,
            Id::Udp => self.service(Protocol::Udp, val, names, memo)?,
            Id::Sctp => self.service(Protocol::Sctp, val, names, memo)?,
            Id::Fwmark => {
                self.opts.set(Opt::Service)?;
                // 1.31 sets a protocol for fwmark services although it is never
                // sent; it matters for service names in a later `-r`.
                self.fwmark_family = Family::Inet;
                self.proto = Some(Protocol::Tcp);
                self.fwmark = values::fwmark(val).ok_or_else(|| {
                    Error::fail(format!("invalid fwmark value `{val}' specified"))
                })?;
            }
            Id::Ipip => self.forward(FwdMethod::Tunnel)?,
            Id::Gatewaying => self.forward(FwdMethod::Route)?,
            Id::Masq => self.forward(FwdMethod::Masq)?,
            // Accepted for compatibility; never counted.
            Id::Sort => {}
            Id::Ipv6 => {
                if self.fwmark == 0 {
                    // 1.31's format string ends in "\n" and fail() adds one.
                    return Err(Error::fail("-6 used before -f\n"));
                }
                self.fwmark_family = Family::Inet6;
                self.netmask = 128;
            }
            // A command (or -h/-v) after the command.
            Id::Cmd(_) | Id::Help | Id::Version => {
                return Err(Error::fail(format!("invalid option `{}'", found.bad)));
            }
        }
        Ok(())
    }

    /// The value of an option counted under its own bit, checked the moment
    /// the option is reached.
    fn value(&mut self, opt: Opt, arg: Option<&str>, names: &dyn Resolver) -> Result<()> {
        let val = arg.unwrap_or("");
        match opt {
            Opt::Scheduler => self.sched = values::truncate(val, NAME_MAX),
            Opt::Persistent => {
                self.flags |= svc_flags::PERSISTENT;
                self.timeout = match arg {
                    None => DEFAULT_PERSISTENT_TIMEOUT,
                    Some(t) => timeout(t, 1)?,
                };
            }
            Opt::Netmask => {
                self.netmask = if self.svc_family() == Family::Inet6 {
                    values::netmask_v6(val)
                        .ok_or_else(|| Error::fail("illegal ipv6 netmask specified"))?
                } else {
                    values::netmask_v4(val, names).ok_or_else(|| {
                        Error::fail("illegal virtual server persistent mask specified")
                    })?
                };
            }
            Opt::RealServer => {
                let parsed = values::parse_service(val, self.proto, names)
                    .ok_or_else(|| Error::fail("illegal real server address[:port] specified"))?;
                self.dest_addr = Some(parsed.addr);
                // No port: the service port as known at this point.
                self.dest_port = parsed.port.unwrap_or(self.svc_port);
            }
            Opt::Weight => {
                // Debian's build allows any non-negative int.
                self.weight = number(val, 0, i64::from(i32::MAX), "illegal weight specified")?;
            }
            Opt::UThreshold => {
                self.u_threshold =
                    number(val, 0, i64::from(i32::MAX), "illegal u_threshold specified")?;
            }
            Opt::LThreshold => {
                self.l_threshold =
                    number(val, 0, i64::from(i32::MAX), "illegal l_threshold specified")?;
            }
            Opt::McastInterface => self.mcast_ifn = values::truncate(val, NAME_MAX),
            Opt::Syncid => self.syncid = number(val, 0, 255, "illegal syncid specified")?,
            Opt::Ops => self.flags |= svc_flags::ONEPACKET,
            Opt::Pe => self.pe_name = values::truncate(val, PE_MAX),
            Opt::SchedFlags => {
                // Checked after all options, against the final scheduler.
                self.sched_flags = Some(val.to_string());
            }
            Opt::McastGroup => self.mcast_group = Some(mcast_group(val)?),
            Opt::McastPort => {
                self.mcast_port = Some(number(val, 1, 65535, "illegal mcast-port specified")?)
            }
            Opt::McastTtl => {
                self.mcast_ttl = Some(number(val, 1, 255, "illegal mcast-ttl specified")?)
            }
            Opt::SyncMaxlen => {
                self.sync_maxlen =
                    Some(number(val, 1, 65535 - 28, "illegal sync-maxlen specified")?);
            }
            Opt::TunType => {
                self.tun_type = match val {
                    "ipip" => TunType::Ipip,
                    "gue" => TunType::Gue,
                    "gre" => TunType::Gre,
                    _ => return Err(Error::fail("illegal tunnel type specified")),
                };
            }
            Opt::TunPort => self.tun_port = number(val, 1, 65535, "illegal tunnel port specified")?,
            Opt::TunNocsum => self.tun_flags |= tun_flags::NOCSUM,
            Opt::TunCsum => self.tun_flags |= tun_flags::CSUM,
            Opt::TunRemcsum => self.tun_flags |= tun_flags::REMCSUM,
            Opt::Netns => self.netns = Some(netns_name(val)?.to_string()),
            // No value.
            Opt::Connection
            | Opt::Numeric
            | Opt::Timeout
            | Opt::Daemon
            | Opt::Stats
            | Opt::Rate
            | Opt::Thresholds
            | Opt::PersistentConn
            | Opt::NoSort
            | Opt::Exact
            | Opt::TunInfo
            | Opt::Full
            | Opt::Json => {}
            // Counted by the options that set them.
            Opt::Service | Opt::Forward => {}
        }
        Ok(())
    }

    fn service(
        &mut self,
        proto: Protocol,
        val: &str,
        names: &dyn Resolver,
        memo: &mut Memo,
    ) -> Result<()> {
        self.opts.set(Opt::Service)?;
        self.proto = Some(proto);
        let AddrPort { addr, port } = memo
            .service(val, proto, names)
            .ok_or_else(|| Error::fail("illegal virtual server address[:port] specified"))?;
        if addr.is_ipv6() {
            self.netmask = 128;
        }
        self.svc_addr = Some(addr);
        self.svc_port = port.unwrap_or(0);
        Ok(())
    }

    fn forward(&mut self, fwd: FwdMethod) -> Result<()> {
        self.opts.set(Opt::Forward)?;
        self.fwd = fwd;
        Ok(())
    }
}

/// `string_to_number` into a narrower type, failing with `msg`.
fn number<T: TryFrom<i64>>(val: &str, min: i64, max: i64, msg: &str) -> Result<T> {
    values::string_to_number(val, min, max)
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| Error::fail(msg))
}

/// `parse_timeout` for `-p` (min 1) and `--set` (min 0).
pub fn timeout(val: &str, min: i64) -> Result<u32> {
    values::string_to_number(val, min, MAX_TIMEOUT)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| Error::fail(format!("invalid timeout value `{val}' specified")))
}

/// `--netns NAME`: a name `ip netns` could have made, a file name in
/// /run/netns (not empty, no `/`, not `.` or `..`).
pub fn netns_name(val: &str) -> Result<&str> {
    if val.is_empty() || val.contains('/') || val == "." || val == ".." {
        return Err(Error::fail(format!(
            "invalid network namespace name `{val}'"
        )));
    }
    Ok(val)
}

/// `--mcast-group`: with a `:` an IPv6 multicast address, else IPv4 multicast.
fn mcast_group(val: &str) -> Result<IpAddr> {
    if val.contains(':') {
        match values::inet_pton6(val) {
            Some(a) if a.is_multicast() => Ok(IpAddr::V6(a)),
            _ => Err(Error::fail(format!("invalid IPv6 mcast-group `{val}'"))),
        }
    } else {
        match values::inet_pton4(val) {
            Some(a) if a.is_multicast() => Ok(IpAddr::V4(a)),
            _ => Err(Error::fail(format!("invalid IPv4 mcast-group `{val}'"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts() {
        assert_eq!(timeout("1", 1), Ok(1));
        assert_eq!(timeout("2678400", 1), Ok(2_678_400));
        assert_eq!(
            timeout("2678401", 1),
            Err(Error::fail("invalid timeout value `2678401' specified"))
        );
        assert_eq!(
            timeout("0", 1),
            Err(Error::fail("invalid timeout value `0' specified"))
        );
        assert_eq!(timeout("0", 0), Ok(0));
    }

    #[test]
    fn mcast_groups() {
        assert_eq!(mcast_group("224.0.0.81").ok(), "224.0.0.81".parse().ok());
        assert_eq!(mcast_group("ff02::").ok(), "ff02::".parse().ok());
        assert_eq!(
            mcast_group("10.0.0.1"),
            Err(Error::fail("invalid IPv4 mcast-group `10.0.0.1'"))
        );
        assert_eq!(
            mcast_group("fd00::1"),
            Err(Error::fail("invalid IPv6 mcast-group `fd00::1'"))
        );
        assert_eq!(
            mcast_group("x:y"),
            Err(Error::fail("invalid IPv6 mcast-group `x:y'"))
        );
    }
}
