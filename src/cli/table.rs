//! The command × option legality matrix of ipvsadm 1.31, as data.
//!
//! Design decisions: rows are kept in 1.31's option-bit order because the
//! check scans them in that order and the first offending row wins; each row
//! is a 14-character string, one cell per command column, so the table reads
//! like the one in ipvsadm.c and a typo shows up in the shape test.

use crate::error::{Error, Result};

/// Commands, in the column order of [`MATRIX`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmd {
    AddService,
    EditService,
    DelService,
    Flush,
    List,
    AddServer,
    DelServer,
    EditServer,
    Set,
    StartDaemon,
    StopDaemon,
    Restore,
    Save,
    Zero,
}

impl Cmd {
    /// Name used in matrix messages.
    pub const fn name(self) -> &'static str {
        match self {
            Cmd::AddService => "add-service",
            Cmd::EditService => "edit-service",
            Cmd::DelService => "delete-service",
            Cmd::Flush => "flush",
            Cmd::List => "list",
            Cmd::AddServer => "add-server",
            Cmd::DelServer => "delete-server",
            Cmd::EditServer => "edit-server",
            Cmd::Set => "set",
            Cmd::StartDaemon => "start-daemon",
            Cmd::StopDaemon => "stop-daemon",
            Cmd::Restore => "restore",
            Cmd::Save => "save",
            Cmd::Zero => "zero",
        }
    }

    const fn column(self) -> usize {
        self as usize
    }
}

/// Options that are counted (one bit each), in 1.31's bit order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opt {
    Numeric,
    Connection,
    Service,
    Scheduler,
    Persistent,
    Netmask,
    RealServer,
    Forward,
    Weight,
    UThreshold,
    LThreshold,
    McastInterface,
    Timeout,
    Daemon,
    Stats,
    Rate,
    Thresholds,
    PersistentConn,
    NoSort,
    Syncid,
    Exact,
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
    // Ours (1.31's popt refuses them), after every bit of 1.31's, so the
    // first offending row of a 1.31 command line is the one 1.31 names.
    Full,
    Json,
    Netns,
}

impl Opt {
    /// Name used in messages (`multiple '%s' options specified`, matrix).
    pub const fn name(self) -> &'static str {
        match self {
            Opt::Numeric => "numeric",
            Opt::Connection => "connection",
            Opt::Service => "service-address",
            Opt::Scheduler => "scheduler",
            Opt::Persistent => "persistent",
            Opt::Netmask => "netmask",
            Opt::RealServer => "real-server",
            Opt::Forward => "forwarding-method",
            Opt::Weight => "weight",
            Opt::UThreshold => "u-threshold",
            Opt::LThreshold => "l-threshold",
            Opt::McastInterface => "mcast-interface",
            Opt::Timeout => "timeout",
            Opt::Daemon => "daemon",
            Opt::Stats => "stats",
            Opt::Rate => "rate",
            Opt::Thresholds => "thresholds",
            Opt::PersistentConn => "persistent-conn",
            Opt::NoSort => "nosort",
            Opt::Syncid => "syncid",
            Opt::Exact => "exact",
            Opt::Ops => "ops",
            Opt::Pe => "pe",
            Opt::SchedFlags => "sched-flags",
            Opt::McastGroup => "mcast-group",
            Opt::McastPort => "mcast-port",
            Opt::McastTtl => "mcast-ttl",
            Opt::SyncMaxlen => "sync-maxlen",
            Opt::TunInfo => "tun-info",
            Opt::TunType => "tun-type",
            Opt::TunPort => "tun-port",
            Opt::TunNocsum => "tun-nocsum",
            Opt::TunCsum => "tun-csum",
            Opt::TunRemcsum => "tun-remcsum",
            Opt::Full => "full",
            Opt::Json => "json",
            Opt::Netns => "netns",
        }
    }

    const fn bit(self) -> u64 {
        1 << (self as u32)
    }
}

/// The set of options seen on a command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OptSet(u64);

impl OptSet {
    pub fn has(self, o: Opt) -> bool {
        self.0 & o.bit() != 0
    }
    /// Record `o`; a repeat is 1.31's `multiple '<optname>' options specified`.
    pub fn set(&mut self, o: Opt) -> Result<()> {
        if self.has(o) {
            return Err(Error::fail(format!(
                "multiple '{}' options specified",
                o.name()
            )));
        }
        self.0 |= o.bit();
        Ok(())
    }
    pub fn any(self, opts: &[Opt]) -> bool {
        opts.iter().any(|o| self.has(*o))
    }
}

/// One matrix row: cells for the 14 commands in [`Cmd`] order (A E D C L a d
/// e set start-daemon stop-daemon R S Z). `+` compulsory, `x` illegal, `1` at
/// most one of the `1` options, blank optional.
pub struct Row {
    pub opt: Opt,
    pub cells: &'static str,
}

//                    A E D C L a d e s b p R S Z
pub static MATRIX: [Row; 37] = MATRIX_INIT;

/// `MATRIX` as a constant, for `COLUMNS`.
const MATRIX_INIT: [Row; 37] = [
    row(Opt::Numeric, "xxxx xxxxxxx x"),
    row(Opt::Connection, "xxxx1xxxxxxxxx"),
    row(Opt::Service, "+++x1+++xxxxx "),
    row(Opt::Scheduler, "  xxxxxxxxxxxx"),
    row(Opt::Persistent, "  xxxxxxxxxxxx"),
    row(Opt::Netmask, "  xxxxxxxxxxxx"),
    row(Opt::RealServer, "xxxxx+++xxxxxx"),
    row(Opt::Forward, "xxxxx x xxxxxx"),
    row(Opt::Weight, "xxxxx x xxxxxx"),
    row(Opt::UThreshold, "xxxxx x xxxxxx"),
    row(Opt::LThreshold, "xxxxx x xxxxxx"),
    row(Opt::McastInterface, "xxxxxxxxx xxxx"),
    row(Opt::Timeout, "xxxx1xxxxxxxxx"),
    row(Opt::Daemon, "xxxx1xxxxxxxxx"),
    row(Opt::Stats, "xxxx xxxxxxxxx"),
    row(Opt::Rate, "xxxx xxxxxxxxx"),
    row(Opt::Thresholds, "xxxx xxxxxxxxx"),
    row(Opt::PersistentConn, "xxxx xxxxxxxxx"),
    row(Opt::NoSort, "xxxx xxxxxxxxx"),
    row(Opt::Syncid, "xxxx xxxx  xxx"),
    row(Opt::Exact, "xxxx xxxxxxxxx"),
    row(Opt::Ops, "  xxxxxxxxxxxx"),
    row(Opt::Pe, "  xxxxxxxxxxxx"),
    row(Opt::SchedFlags, "  xxxxxxxxxxxx"),
    row(Opt::McastGroup, "xxxxxxxxx xxxx"),
    row(Opt::McastPort, "xxxxxxxxx xxxx"),
    row(Opt::McastTtl, "xxxxxxxxx xxxx"),
    row(Opt::SyncMaxlen, "xxxxxxxxx xxxx"),
    row(Opt::TunInfo, "xxxx xxxxxxxxx"),
    row(Opt::TunType, "xxxxx x xxxxxx"),
    row(Opt::TunPort, "xxxxx x xxxxxx"),
    row(Opt::TunNocsum, "xxxxx x xxxxxx"),
    row(Opt::TunCsum, "xxxxx x xxxxxx"),
    row(Opt::TunRemcsum, "xxxxx x xxxxxx"),
    // Ours: `--full` only with -S, `--json` only with -L (any view, a
    // service, -c, --timeout, --daemon), `--netns` with every command.
    row(Opt::Full, "xxxxxxxxxxxx x"),
    row(Opt::Json, "xxxx xxxxxxxxx"),
    row(Opt::Netns, "              "),
];

const fn row(opt: Opt, cells: &'static str) -> Row {
    Row { opt, cells }
}

/// One command's column of the matrix as bit masks over [`OptSet`].
#[derive(Debug, Clone, Copy, Default)]
struct Column {
    required: u64,
    illegal: u64,
    one_of: u64,
}

/// Every command's column, from [`MATRIX`], computed at compile time (see
/// `lex::SHORT_INDEX`).
static COLUMNS: [Column; 14] = columns(&MATRIX_INIT);

const fn columns(matrix: &[Row]) -> [Column; 14] {
    let mut cols = [Column {
        required: 0,
        illegal: 0,
        one_of: 0,
    }; 14];
    let mut c = 0;
    while c < cols.len() {
        let mut r = 0;
        while r < matrix.len() {
            let cells = matrix[r].cells.as_bytes();
            let bit = matrix[r].opt.bit();
            if c < cells.len() {
                match cells[c] {
                    b'+' => cols[c].required |= bit,
                    b'x' => cols[c].illegal |= bit,
                    b'1' => cols[c].one_of |= bit,
                    _ => {}
                }
            }
            r += 1;
        }
        c += 1;
    }
    cols
}

/// `generic_opt_check`: scan the rows in order; first offence wins. A legal
/// line (nearly every line of a restore) is settled by three mask tests; the
/// ordered scan runs only to name the offence.
pub fn check(cmd: Cmd, opts: OptSet) -> Result<()> {
    if let Some(col) = COLUMNS.get(cmd.column()) {
        let legal = col.required & !opts.0 == 0
            && col.illegal & opts.0 == 0
            && (col.one_of & opts.0).count_ones() <= 1;
        if legal {
            return Ok(());
        }
    }
    check_in_order(cmd, opts)
}

fn check_in_order(cmd: Cmd, opts: OptSet) -> Result<()> {
    let mut first_one: Option<Opt> = None;
    for r in &MATRIX {
        let cell = r
            .cells
            .as_bytes()
            .get(cmd.column())
            .copied()
            .unwrap_or(b' ');
        let present = opts.has(r.opt);
        match cell {
            b'+' if !present => {
                return Err(Error::fail(format!(
                    "You need to supply the '{}' option for the '{}' command",
                    r.opt.name(),
                    cmd.name()
                )))
            }
            b'x' if present => {
                return Err(Error::fail(format!(
                    "Illegal '{}' option with the '{}' command",
                    r.opt.name(),
                    cmd.name()
                )))
            }
            b'1' if present => match first_one {
                None => first_one = Some(r.opt),
                Some(earlier) => {
                    return Err(Error::fail(format!(
                        "The option '{}' conflicts with the '{}' option in the '{}' command",
                        r.opt.name(),
                        earlier.name(),
                        cmd.name()
                    )))
                }
            },
            _ => {}
        }
    }
    Ok(())
}

/// Tunnel types in the order of the tunnel matrix.
const TUN_ROWS: [(&str, &str); 3] = [
    // tun-port, tun-nocsum, tun-csum, tun-remcsum
    ("ipip", "xxxx"),
    ("gue", "+111"),
    ("gre", "x11x"),
];
const TUN_OPTS: [Opt; 4] = [Opt::TunPort, Opt::TunNocsum, Opt::TunCsum, Opt::TunRemcsum];

/// The tunnel type × tunnel option matrix (for `-a`/`-e` with `-i`).
pub fn check_tunnel(tun_type: &str, opts: OptSet) -> Result<()> {
    let Some((name, cells)) = TUN_ROWS.iter().find(|(n, _)| *n == tun_type) else {
        return Ok(());
    };
    let mut first_one: Option<Opt> = None;
    for (o, cell) in TUN_OPTS.iter().zip(cells.bytes()) {
        let present = opts.has(*o);
        match cell {
            b'+' if !present => {
                return Err(Error::fail(format!(
                    "You need to supply the '{}' option for the '{name}' tunnel type",
                    o.name()
                )))
            }
            b'x' if present => {
                return Err(Error::fail(format!(
                    "Illegal '{}' option with the '{name}' tunnel type",
                    o.name()
                )))
            }
            b'1' if present => match first_one {
                None => first_one = Some(*o),
                Some(earlier) => {
                    return Err(Error::fail(format!(
                    "The option '{}' conflicts with the '{}' option in the '{name}' tunnel type",
                    o.name(),
                    earlier.name()
                )))
                }
            },
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mask_test_agrees_with_the_ordered_scan() {
        // Every command with every set of up to two options, plus a sweep
        // of pseudo-random larger sets.
        let n = MATRIX.len() as u32;
        let mut sets = vec![0u64];
        for a in 0..n {
            sets.push(1 << a);
            for b in 0..a {
                sets.push(1 << a | 1 << b);
            }
        }
        let mut rng = crate::testing::XorShift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..2000 {
            sets.push(rng.next_u64() & ((1u64 << n) - 1));
        }
        for cmd in ALL_CMDS {
            for set in &sets {
                let opts = OptSet(*set);
                assert_eq!(
                    check(cmd, opts),
                    check_in_order(cmd, opts),
                    "{cmd:?} {set:#x}"
                );
            }
        }
    }

    const ALL_CMDS: [Cmd; 14] = [
        Cmd::AddService,
        Cmd::EditService,
        Cmd::DelService,
        Cmd::Flush,
        Cmd::List,
        Cmd::AddServer,
        Cmd::DelServer,
        Cmd::EditServer,
        Cmd::Set,
        Cmd::StartDaemon,
        Cmd::StopDaemon,
        Cmd::Restore,
        Cmd::Save,
        Cmd::Zero,
    ];

    fn set(opts: &[Opt]) -> OptSet {
        let mut s = OptSet::default();
        for o in opts {
            assert!(s.set(*o).is_ok());
        }
        s
    }

    fn msg(r: Result<()>) -> String {
        match r {
            Err(Error::Fail(m)) => m,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn every_row_has_14_known_cells_and_rows_are_in_bit_order() {
        for (i, r) in MATRIX.iter().enumerate() {
            assert_eq!(r.cells.len(), 14, "{}", r.opt.name());
            assert!(r.cells.bytes().all(|c| b" +x1".contains(&c)));
            assert_eq!(r.opt as usize, i);
        }
    }

    #[test]
    fn repeated_option_is_reported_by_name() {
        let mut s = OptSet::default();
        assert!(s.set(Opt::Forward).is_ok());
        assert_eq!(
            s.set(Opt::Forward),
            Err(Error::fail(
                "multiple 'forwarding-method' options specified"
            ))
        );
    }

    #[test]
    fn compulsory_and_illegal() {
        assert_eq!(
            msg(check(Cmd::AddService, set(&[]))),
            "You need to supply the 'service-address' option for the 'add-service' command"
        );
        assert_eq!(
            msg(check(
                Cmd::AddServer,
                set(&[Opt::Service, Opt::RealServer, Opt::Scheduler])
            )),
            "Illegal 'scheduler' option with the 'add-server' command"
        );
        assert_eq!(
            msg(check(Cmd::Save, set(&[Opt::Numeric, Opt::NoSort]))),
            "Illegal 'nosort' option with the 'save' command"
        );
        assert_eq!(
            msg(check(Cmd::AddServer, set(&[Opt::Service]))),
            "You need to supply the 'real-server' option for the 'add-server' command"
        );
        assert!(check(Cmd::StopDaemon, set(&[Opt::Syncid])).is_ok());
        assert!(check(Cmd::List, set(&[Opt::Syncid, Opt::Numeric, Opt::Exact])).is_ok());
        assert!(check(Cmd::Zero, set(&[Opt::Service])).is_ok());
        assert!(check(Cmd::Zero, set(&[])).is_ok());
    }

    #[test]
    fn first_offending_row_wins_in_table_order() {
        // numeric is row 0, weight row 8: argv order does not matter.
        assert_eq!(
            msg(check(Cmd::AddService, set(&[Opt::Weight, Opt::Numeric]))),
            "Illegal 'numeric' option with the 'add-service' command"
        );
        // A missing compulsory row before an illegal one.
        assert_eq!(
            msg(check(Cmd::AddService, set(&[Opt::Weight]))),
            "You need to supply the 'service-address' option for the 'add-service' command"
        );
        assert_eq!(
            msg(check(Cmd::AddService, set(&[Opt::Connection]))),
            "Illegal 'connection' option with the 'add-service' command"
        );
    }

    #[test]
    fn one_of_conflicts_name_later_row_first() {
        assert_eq!(
            msg(check(Cmd::List, set(&[Opt::Daemon, Opt::Timeout]))),
            "The option 'daemon' conflicts with the 'timeout' option in the 'list' command"
        );
        assert_eq!(
            msg(check(Cmd::List, set(&[Opt::Service, Opt::Connection]))),
            "The option 'service-address' conflicts with the 'connection' option in the 'list' command"
        );
    }

    #[test]
    fn tunnel_matrix() {
        assert_eq!(
            msg(check_tunnel("gue", set(&[]))),
            "You need to supply the 'tun-port' option for the 'gue' tunnel type"
        );
        assert_eq!(
            msg(check_tunnel("gre", set(&[Opt::TunPort]))),
            "Illegal 'tun-port' option with the 'gre' tunnel type"
        );
        assert_eq!(
            msg(check_tunnel(
                "gue",
                set(&[Opt::TunPort, Opt::TunCsum, Opt::TunNocsum])
            )),
            "The option 'tun-csum' conflicts with the 'tun-nocsum' option in the 'gue' tunnel type"
        );
        assert_eq!(
            msg(check_tunnel("ipip", set(&[Opt::TunNocsum]))),
            "Illegal 'tun-nocsum' option with the 'ipip' tunnel type"
        );
        assert!(check_tunnel("gre", set(&[Opt::TunCsum])).is_ok());
        assert!(check_tunnel("ipip", set(&[])).is_ok());
    }
}
