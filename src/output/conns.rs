//! `-c` connection listing from /proc/net/ip_vs_conn. (Stub.)
use crate::cli::ListOptions;
use crate::names::Resolver;
use std::io::{self, Write};

pub fn print_conns(
    _out: &mut dyn Write,
    _proc_text: &str,
    _opts: &ListOptions,
    _names: &dyn Resolver,
) -> io::Result<()> {
    Ok(())
}
