//! `-S` lines. (Stub.)
use crate::model::{Dest, Service};
use crate::names::Resolver;
use std::io::{self, Write};

pub fn save_service(
    _out: &mut dyn Write,
    _svc: &Service,
    _dests: &[Dest],
    _numeric: bool,
    _names: &dyn Resolver,
) -> io::Result<()> {
    Ok(())
}
