//! `-L` layouts. (Stub: to be implemented.)
use crate::cli::ListOptions;
use crate::model::{Daemon, Dest, Info, Service, Timeouts};
use crate::names::Resolver;
use std::io::{self, Write};

/// Header lines for the chosen layout; the `IP Virtual Server version` line
/// only when `info` is given (listing all services).
pub fn print_header(
    _out: &mut dyn Write,
    _info: Option<&Info>,
    _opts: &ListOptions,
) -> io::Result<()> {
    Ok(())
}

/// One service line and its (already sorted) dest lines.
pub fn print_service(
    _out: &mut dyn Write,
    _svc: &Service,
    _dests: &[Dest],
    _opts: &ListOptions,
    _names: &dyn Resolver,
) -> io::Result<()> {
    Ok(())
}

/// `-L --timeout`
pub fn print_timeouts(_out: &mut dyn Write, _t: &Timeouts) -> io::Result<()> {
    Ok(())
}

/// `-L --daemon`
pub fn print_daemons(_out: &mut dyn Write, _d: &[Daemon]) -> io::Result<()> {
    Ok(())
}
