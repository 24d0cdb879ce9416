//! ipvsadm's compat grammar: one parser for argv and for `-R` lines.
//!
//! Design decisions: two phases, as popt and ipvsadm.c do it. `lex` turns
//! argv into raw options exactly as typed (clusters, attached values, `--`,
//! popt's errors), looking them up in the option table (`popt`); `options`
//! fills one field per ipvsadm option, validating values in argv order;
//! `table` holds the command × option legality matrix as data; `command`
//! checks the matrix and builds a typed [`Command`], whose modifying requests
//! and listing views are `model` types. nom is used for values only
//! (`values`), never on the joined argv string.

pub mod command;
pub mod lex;
pub mod options;
pub mod popt;
pub mod table;
pub mod usage;
pub mod values;

use crate::error::Result;
use crate::model::{ListOptions, Protocol, Request};
use crate::names::Resolver;

/// One typed command, ready to execute.
// Nearly every command is a `Modify` (a restore parses one per line), so
// boxing the request would add an allocation per line to save nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `-A -E -D -a -e -d -C -Z --set --start-daemon --stop-daemon`: one
    /// request to the kernel.
    Modify(Request),
    /// `-L`/`-l`, and no arguments at all
    List(ListOptions),
    /// `-S [-n] [--full]`
    Save { numeric: bool, full: bool },
    /// `-R`
    Restore,
    /// `-h`/`--help`: usage on stdout, exit 0
    Help,
    /// `-v`/`--version`: version line on stdout, exit 0
    Version,
}

/// A command line's command and where it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub command: Command,
    /// `--netns NAME`: run in the network namespace /run/netns/NAME.
    pub netns: Option<String>,
}

impl From<Command> for Invocation {
    fn from(command: Command) -> Invocation {
        Invocation {
            command,
            netns: None,
        }
    }
}

/// Parse a command line (without `argv[0]`) into a command and its
/// namespace. `prog` is `argv[0]` verbatim, for the "Try" hint. `names`
/// resolves host and service names.
pub fn parse_invocation(prog: &str, args: &[&str], names: &dyn Resolver) -> Result<Invocation> {
    command::parse(prog, args, names, &mut Memo::default())
}

/// `parse_invocation` for a command line that runs where it is (its
/// `--netns`, if any, is not looked at).
pub fn parse(prog: &str, args: &[&str], names: &dyn Resolver) -> Result<Command> {
    parse_invocation(prog, args, names).map(|i| i.command)
}

/// `parse` for one line of many (a restore, a rules file), with `memo`
/// carried from line to line; every line must be parsed with the same
/// `names`. Such a line cannot move to another namespace: `--netns` in
/// it is an error (exit 2), which ends a restore as 1.31's own do.
pub fn parse_line(
    prog: &str,
    args: &[&str],
    names: &dyn Resolver,
    memo: &mut Memo,
) -> Result<Command> {
    let invocation = command::parse(prog, args, names, memo)?;
    if invocation.netns.is_some() {
        return Err(crate::error::Error::fail(
            "the 'netns' option is not allowed in restore input",
        ));
    }
    Ok(invocation.command)
}

/// What parsing one line leaves for the next: the last virtual service
/// address parsed. A saved table repeats its service on every real-server
/// line, and parsing it was a tenth of a restore's user time. The result
/// depends only on the text, the protocol and the resolver, which stays the
/// same for the memo's life.
#[derive(Debug, Default)]
pub struct Memo {
    service: Option<(Protocol, String, values::AddrPort)>,
}

impl Memo {
    /// `values::parse_service` for a virtual service, remembered.
    pub(crate) fn service(
        &mut self,
        text: &str,
        proto: Protocol,
        names: &dyn Resolver,
    ) -> Option<values::AddrPort> {
        if let Some((p, t, found)) = &self.service {
            if *p == proto && t == text {
                return Some(*found);
            }
        }
        let found = values::parse_service(text, Some(proto), names)?;
        match &mut self.service {
            Some((p, t, f)) => {
                *p = proto;
                t.clear();
                t.push_str(text);
                *f = found;
            }
            None => self.service = Some((proto, text.to_string(), found)),
        }
        Some(found)
    }
}

#[cfg(test)]
mod tests {
    use super::values::tests::Names;
    use super::*;

    #[test]
    fn memo_answers_what_parse_service_answers() {
        use Protocol::{Sctp, Tcp, Udp};
        // `http` is a TCP service only: a memo keyed on the text alone
        // would answer the UDP line with the TCP port.
        let inputs = [
            ("web:http", Tcp),
            ("web:http", Tcp),
            ("web:http", Udp),
            ("web:http", Sctp),
            ("web:http", Tcp),
            ("web:domain", Udp),
            ("10.0.0.1:80", Udp),
            ("10.0.0.1:81", Udp),
            ("10.0.0.1:81", Udp),
            ("nohost:80", Udp),
            ("10.0.0.1:81", Udp),
            ("[fd00::1]:http", Tcp),
            ("[fd00::1]:http", Udp),
        ];
        let mut memo = Memo::default();
        for (text, proto) in inputs {
            assert_eq!(
                memo.service(text, proto, &Names),
                values::parse_service(text, Some(proto), &Names),
                "{text} {proto:?}"
            );
        }
    }
}
