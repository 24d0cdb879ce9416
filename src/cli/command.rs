//! Matrix check and typed command construction.
use super::Command;
use crate::error::{Error, Result};
use crate::names::Resolver;

pub fn parse(prog: &str, _args: &[String], _names: &dyn Resolver) -> Result<Command> {
    Err(Error::Try {
        prog: prog.to_string(),
    })
}
