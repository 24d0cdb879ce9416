//! ipvsadm's compat grammar: one parser for argv and for `-R` lines.
//!
//! Design decisions: two phases, as popt and ipvsadm.c do it. `lex` turns
//! argv into raw options exactly as typed (clusters, attached values, `--`,
//! popt's errors); `options` fills one field per ipvsadm option, validating
//! values in argv order; `table` holds the command × option legality matrix as
//! data; `command` checks the matrix and builds a typed [`Command`]. nom is
//! used for values only (`values`), never on the joined argv string.

pub mod command;
pub mod lex;
pub mod options;
pub mod table;
pub mod usage;
pub mod values;

use crate::error::Result;
use crate::model::{Daemon, DaemonState, Dest, Service, ServiceKey, Timeouts};
use crate::names::Resolver;

/// Which listing layout `-L` prints (exactly one; precedence as in 1.31:
/// stats > rate > thresholds > persistent-conn > tun-info > default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListFormat {
    #[default]
    Default,
    Stats,
    Rate,
    Thresholds,
    PersistentConn,
    TunInfo,
}

/// What `-L`/`-l` was asked to show.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListOptions {
    /// `-L -t VIP:PORT` etc.: list just this service.
    pub service: Option<ServiceKey>,
    pub numeric: bool,
    pub connection: bool,
    pub timeout: bool,
    pub daemon: bool,
    pub format: ListFormat,
    /// `--persistent-conn` (also changes the `-c` layout).
    pub persistent_conn: bool,
    pub exact: bool,
    pub nosort: bool,
}

/// One typed command, ready to execute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `-A`
    AddService(Service),
    /// `-E`
    EditService(Service),
    /// `-D` (the full service as ipvsadm sends it)
    DelService(Service),
    /// `-a`
    AddDest(Service, Dest),
    /// `-e`
    EditDest(Service, Dest),
    /// `-d`
    DelDest(Service, Dest),
    /// `-C`
    Flush,
    /// `-Z [service]`
    Zero(Option<Service>),
    /// `-L`/`-l`, and no arguments at all
    List(ListOptions),
    /// `-S [-n]`
    Save { numeric: bool },
    /// `-R`
    Restore,
    /// `--set tcp tcpfin udp`
    SetTimeouts(Timeouts),
    /// `--start-daemon master|backup`
    StartDaemon(Daemon),
    /// `--stop-daemon master|backup` (state and syncid are what is sent)
    StopDaemon { state: DaemonState, syncid: u32 },
    /// `-h`/`--help`: usage on stdout, exit 0
    Help,
    /// `-v`/`--version`: version line on stdout, exit 0
    Version,
}

/// Parse a command line (without argv[0]) into a command. `prog` is argv[0]
/// verbatim, for the "Try" hint. `names` resolves host and service names.
pub fn parse(prog: &str, args: &[String], names: &dyn Resolver) -> Result<Command> {
    command::parse(prog, args, names)
}
