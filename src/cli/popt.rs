//! ipvsadm's popt option table (every option, defined once) and what popt
//! hands back for one option. The scanner (`lex`) looks options up here;
//! the option switch (`options`) acts on what it found.

/// Whether an option takes an argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    None,
    Required,
    /// `-p`: takes the next word only if it does not start with `-`.
    Optional,
}

/// What an option is (popt's `val`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Id {
    AddService,
    EditService,
    DelService,
    Clear,
    List,
    ListLower,
    Zero,
    AddServer,
    EditServer,
    DelServer,
    Set,
    Help,
    Version,
    Restore,
    Save,
    StartDaemon,
    StopDaemon,
    Tcp,
    Udp,
    Sctp,
    Fwmark,
    Scheduler,
    Persistent,
    Netmask,
    RealServer,
    Masq,
    Ipip,
    Gatewaying,
    Weight,
    UThreshold,
    LThreshold,
    Numeric,
    Connection,
    McastInterface,
    Syncid,
    Timeout,
    Daemon,
    Stats,
    Rate,
    Thresholds,
    PersistentConn,
    NoSort,
    Sort,
    Exact,
    Ipv6,
    Ops,
    Pe,
    SchedFlags,
    McastGroup,
    McastPort,
    McastTtl,
    SyncMaxlen,
    TunInfo,
    TunType,
    TunPort,
    TunNocsum,
    TunCsum,
    TunRemcsum,
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
/// `--list` is `-L`).
pub static DEFS: [OptionDef; 58] = [
    def("add-service", b'A', N, Id::AddService),
    def("edit-service", b'E', N, Id::EditService),
    def("delete-service", b'D', N, Id::DelService),
    def("clear", b'C', N, Id::Clear),
    def("list", b'L', N, Id::List),
    def("list", b'l', N, Id::ListLower),
    def("zero", b'Z', N, Id::Zero),
    def("add-server", b'a', N, Id::AddServer),
    def("edit-server", b'e', N, Id::EditServer),
    def("delete-server", b'd', N, Id::DelServer),
    def("set", 0, N, Id::Set),
    def("help", b'h', N, Id::Help),
    def("version", b'v', N, Id::Version),
    def("restore", b'R', N, Id::Restore),
    def("save", b'S', N, Id::Save),
    def("start-daemon", 0, R, Id::StartDaemon),
    def("stop-daemon", 0, R, Id::StopDaemon),
    def("tcp-service", b't', R, Id::Tcp),
    def("udp-service", b'u', R, Id::Udp),
    def("sctp-service", 0, R, Id::Sctp),
    def("fwmark-service", b'f', R, Id::Fwmark),
    def("scheduler", b's', R, Id::Scheduler),
    def("persistent", b'p', O, Id::Persistent),
    def("netmask", b'M', R, Id::Netmask),
    def("real-server", b'r', R, Id::RealServer),
    def("masquerading", b'm', N, Id::Masq),
    def("ipip", b'i', N, Id::Ipip),
    def("gatewaying", b'g', N, Id::Gatewaying),
    def("weight", b'w', R, Id::Weight),
    def("u-threshold", b'x', R, Id::UThreshold),
    def("l-threshold", b'y', R, Id::LThreshold),
    def("numeric", b'n', N, Id::Numeric),
    def("connection", b'c', N, Id::Connection),
    def("mcast-interface", 0, R, Id::McastInterface),
    def("syncid", 0, R, Id::Syncid),
    def("timeout", 0, N, Id::Timeout),
    def("daemon", 0, N, Id::Daemon),
    def("stats", 0, N, Id::Stats),
    def("rate", 0, N, Id::Rate),
    def("thresholds", 0, N, Id::Thresholds),
    def("persistent-conn", 0, N, Id::PersistentConn),
    def("nosort", 0, N, Id::NoSort),
    def("sort", 0, N, Id::Sort),
    def("exact", b'X', N, Id::Exact),
    def("ipv6", b'6', N, Id::Ipv6),
    def("ops", b'o', N, Id::Ops),
    def("pe", 0, R, Id::Pe),
    def("sched-flags", b'b', R, Id::SchedFlags),
    def("mcast-group", 0, R, Id::McastGroup),
    def("mcast-port", 0, R, Id::McastPort),
    def("mcast-ttl", 0, R, Id::McastTtl),
    def("sync-maxlen", 0, R, Id::SyncMaxlen),
    def("tun-info", 0, N, Id::TunInfo),
    def("tun-type", 0, R, Id::TunType),
    def("tun-port", 0, R, Id::TunPort),
    def("tun-nocsum", 0, N, Id::TunNocsum),
    def("tun-csum", 0, N, Id::TunCsum),
    def("tun-remcsum", 0, N, Id::TunRemcsum),
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
            assert_eq!(by_short(c).map(|d| d.id), scanned.map(|d| d.id), "{c}");
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
