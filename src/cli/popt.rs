//! ipvsadm's popt option table (every option, defined once) and what popt
//! hands back for one option. The scanner (`lex`) looks options up here;
//! the option switch (`options`) acts on what it found.

use super::table::{Cmd, Opt};

/// Whether an option takes an argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    None,
    Required,
    /// `-p`: takes the next word only if it does not start with `-`.
    Optional,
}

/// What an option is (popt's `val`): a command, an option counted under
/// its own bit in the legality matrix, or one of the few that are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Id {
    /// `-l` is `-L`.
    Cmd(Cmd),
    Help,
    Version,
    Opt(Opt),
    /// `-t`, `-u`, `--sctp-service`, `-f`: counted as the service.
    Tcp,
    Udp,
    Sctp,
    Fwmark,
    /// `-m`, `-i`, `-g`: counted as the forwarding method.
    Masq,
    Ipip,
    Gatewaying,
    /// Not counted.
    Sort,
    Ipv6,
}

/// One popt table entry.
#[derive(Debug, PartialEq, Eq)]
pub struct OptionDef {
    pub long: Option<&'static str>,
    pub short: Option<u8>,
    pub arg: ArgKind,
    pub id: Id,
}

const fn def(long: &'static str, short: u8, arg: ArgKind, id: Id) -> OptionDef {
    OptionDef {
        long: Some(long),
        short: if short == 0 { None } else { Some(short) },
        arg,
        id,
    }
}

use ArgKind::{None as N, Optional as O, Required as R};

/// The popt option table, in 1.31's order (lookups take the first match, so
/// `--list` is `-L`), then the three long options of ours: `--full` (`-S`),
/// `--json` (`-L`) and `--netns NAME` (any command).
pub static DEFS: [OptionDef; 61] = [
    def("add-service", b'A', N, Id::Cmd(Cmd::AddService)),
    def("edit-service", b'E', N, Id::Cmd(Cmd::EditService)),
    def("delete-service", b'D', N, Id::Cmd(Cmd::DelService)),
    def("clear", b'C', N, Id::Cmd(Cmd::Flush)),
    def("list", b'L', N, Id::Cmd(Cmd::List)),
    def("list", b'l', N, Id::Cmd(Cmd::List)),
    def("zero", b'Z', N, Id::Cmd(Cmd::Zero)),
    def("add-server", b'a', N, Id::Cmd(Cmd::AddServer)),
    def("edit-server", b'e', N, Id::Cmd(Cmd::EditServer)),
    def("delete-server", b'd', N, Id::Cmd(Cmd::DelServer)),
    def("set", 0, N, Id::Cmd(Cmd::Set)),
    def("help", b'h', N, Id::Help),
    def("version", b'v', N, Id::Version),
    def("restore", b'R', N, Id::Cmd(Cmd::Restore)),
    def("save", b'S', N, Id::Cmd(Cmd::Save)),
    def("start-daemon", 0, R, Id::Cmd(Cmd::StartDaemon)),
    def("stop-daemon", 0, R, Id::Cmd(Cmd::StopDaemon)),
    def("tcp-service", b't', R, Id::Tcp),
    def("udp-service", b'u', R, Id::Udp),
    def("sctp-service", 0, R, Id::Sctp),
    def("fwmark-service", b'f', R, Id::Fwmark),
    def("scheduler", b's', R, Id::Opt(Opt::Scheduler)),
    def("persistent", b'p', O, Id::Opt(Opt::Persistent)),
    def("netmask", b'M', R, Id::Opt(Opt::Netmask)),
    def("real-server", b'r', R, Id::Opt(Opt::RealServer)),
    def("masquerading", b'm', N, Id::Masq),
    def("ipip", b'i', N, Id::Ipip),
    def("gatewaying", b'g', N, Id::Gatewaying),
    def("weight", b'w', R, Id::Opt(Opt::Weight)),
    def("u-threshold", b'x', R, Id::Opt(Opt::UThreshold)),
    def("l-threshold", b'y', R, Id::Opt(Opt::LThreshold)),
    def("numeric", b'n', N, Id::Opt(Opt::Numeric)),
    def("connection", b'c', N, Id::Opt(Opt::Connection)),
    def("mcast-interface", 0, R, Id::Opt(Opt::McastInterface)),
    def("syncid", 0, R, Id::Opt(Opt::Syncid)),
    def("timeout", 0, N, Id::Opt(Opt::Timeout)),
    def("daemon", 0, N, Id::Opt(Opt::Daemon)),
    def("stats", 0, N, Id::Opt(Opt::Stats)),
    def("rate", 0, N, Id::Opt(Opt::Rate)),
    def("thresholds", 0, N, Id::Opt(Opt::Thresholds)),
    def("persistent-conn", 0, N, Id::Opt(Opt::PersistentConn)),
    def("nosort", 0, N, Id::Opt(Opt::NoSort)),
    def("sort", 0, N, Id::Sort),
    def("exact", b'X', N, Id::Opt(Opt::Exact)),
    def("ipv6", b'6', N, Id::Ipv6),
    def("ops", b'o', N, Id::Opt(Opt::Ops)),
    def("pe", 0, R, Id::Opt(Opt::Pe)),
    def("sched-flags", b'b', R, Id::Opt(Opt::SchedFlags)),
    def("mcast-group", 0, R, Id::Opt(Opt::McastGroup)),
    def("mcast-port", 0, R, Id::Opt(Opt::McastPort)),
    def("mcast-ttl", 0, R, Id::Opt(Opt::McastTtl)),
    def("sync-maxlen", 0, R, Id::Opt(Opt::SyncMaxlen)),
    def("tun-info", 0, N, Id::Opt(Opt::TunInfo)),
    def("tun-type", 0, R, Id::Opt(Opt::TunType)),
    def("tun-port", 0, R, Id::Opt(Opt::TunPort)),
    def("tun-nocsum", 0, N, Id::Opt(Opt::TunNocsum)),
    def("tun-csum", 0, N, Id::Opt(Opt::TunCsum)),
    def("tun-remcsum", 0, N, Id::Opt(Opt::TunRemcsum)),
    // Ours, after 1.31's (which has none of them): every lookup of a 1.31
    // option finds what it found before.
    def("full", 0, N, Id::Opt(Opt::Full)),
    def("json", 0, N, Id::Opt(Opt::Json)),
    def("netns", 0, R, Id::Opt(Opt::Netns)),
];

/// The first definition with this long name.
pub fn by_long(name: &str) -> Option<&'static OptionDef> {
    DEFS.iter().find(|d| d.long == Some(name))
}

/// The first definition with this option letter.
pub fn by_short(c: u8) -> Option<&'static OptionDef> {
    let i = SHORT_INDEX.get(usize::from(c)).copied().flatten()?;
    DEFS.get(usize::from(i))
}

/// DEFS position of each option letter (the first, as popt's scan finds
/// it): a restore looks up every letter of 100,000 lines.
static SHORT_INDEX: [Option<u8>; 128] = short_index(&DEFS);

const fn short_index(defs: &[OptionDef]) -> [Option<u8>; 128] {
    let mut index = [None; 128];
    let mut i = defs.len();
    // Backwards, so the first definition of a letter is the one kept.
    while i > 0 {
        i -= 1;
        if let Some(c) = defs[i].short {
            if (c as usize) < index.len() && i <= u8::MAX as usize {
                index[c as usize] = Some(i as u8);
            }
        }
    }
    index
}

/// One option as popt returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'a> {
    pub def: &'static OptionDef,
    /// The argument, if the option takes one and one was given.
    pub value: Option<&'a str>,
    /// What `poptBadOption` would report now: the last argv word consumed
    /// (for `--start-daemon master` that is `master`).
    pub bad: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_index_finds_what_a_scan_finds() {
        for c in 0..=255u8 {
            let scanned = DEFS.iter().find(|d| d.short == Some(c));
            assert_eq!(by_short(c), scanned, "{c}");
        }
    }

    #[test]
    fn every_long_name_and_letter_is_unique_except_list() {
        for (i, a) in DEFS.iter().enumerate() {
            for b in DEFS.iter().skip(i + 1) {
                if a.long != Some("list") {
                    assert_ne!(a.long, b.long);
                }
                if a.short.is_some() {
                    assert_ne!(a.short, b.short);
                }
            }
        }
    }

    #[test]
    fn every_long_option_in_the_help_text_exists() {
        let help = super::super::usage::help_text("ipvsadm");
        let mut count = 0;
        for word in help.split(|c: char| c.is_whitespace() || c == '|') {
            if let Some(name) = word.strip_prefix("--") {
                count += 1;
                assert!(DEFS.iter().any(|d| d.long == Some(name)), "{name}");
            }
        }
        assert!(count > 50);
    }
}
