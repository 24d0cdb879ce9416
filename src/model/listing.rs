//! What a listing (`-L`/`-l`) was asked to show: the view, independent of
//! how it was asked for and of how it is printed.

use super::ServiceKey;

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
    /// `--json`: the same view as JSON.
    pub json: bool,
}
