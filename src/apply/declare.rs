//! The table a rules file declares: every line read with the compat
//! grammar (as `-R` reads it), then checked as a whole before anything is
//! sent.
//!
//! A rules file declares the whole table of services and real servers
//! (`-A` and `-a` lines, as `-S` writes them); `--set` and
//! `--start-daemon` lines declare timeouts and sync daemons. Any other
//! command (`-C`, `-D`, `-d`, `-Z`, `-L`, ...) is not a declaration, and
//! the file is refused at that line.

use crate::cli::{self, Command, Memo};
use crate::error::Error;
use crate::model::{Daemon, DaemonState, Dest, Request, Service, ServiceKey, Timeouts};
use crate::names::Resolver;
use crate::rules::restore::{is_comment, split_line_into};
use crate::Env;
use std::collections::HashMap;
use std::io::Read;
use std::net::IpAddr;

/// The rules files of the distributions, in the order they are looked for.
pub const DEFAULT_FILES: [&str; 2] = ["/etc/sysconfig/ipvsadm", "/etc/ipvsadm.rules"];

/// What a rules file declares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declared {
    /// The services with their real servers, in the file's order.
    pub table: Vec<(Service, Vec<Dest>)>,
    /// From a `--set` line, if the file has one.
    pub timeouts: Option<Timeouts>,
    /// From `--start-daemon` lines.
    pub daemons: Vec<Daemon>,
    /// The line (from 1) that declares each thing, for messages.
    pub lines: HashMap<Origin, usize>,
}

/// A thing a rules file declares, by its identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    Service(ServiceKey),
    Dest(ServiceKey, IpAddr, u16),
    Timeouts,
    Daemon(DaemonState),
}

impl Origin {
    /// What a request declares or changes.
    pub fn of(request: &Request) -> Option<Origin> {
        Some(match request {
            Request::AddService(s) | Request::EditService(s) | Request::DelService(s) => {
                Origin::Service(s.key)
            }
            Request::AddDest(s, d) | Request::EditDest(s, d) | Request::DelDest(s, d) => {
                Origin::Dest(s.key, d.addr, d.port)
            }
            Request::SetTimeouts(_) => Origin::Timeouts,
            Request::StartDaemon(d) | Request::StopDaemon(d) => Origin::Daemon(d.state),
            Request::Flush | Request::Zero(_) => return None,
        })
    }
}

/// Read the rules file at `path` (`-` for standard input; `None` for the
/// distribution's) and check it. Returns the path read and the declaration.
pub fn read_rules(path: Option<&str>, env: &mut Env<'_>) -> Result<(String, Declared), Error> {
    let path = match path {
        Some(p) => p.to_string(),
        None => DEFAULT_FILES
            .iter()
            .find(|f| std::path::Path::new(f).exists())
            .map(|f| f.to_string())
            .ok_or_else(|| {
                Error::fail(
                    "no rules file given, and neither /etc/sysconfig/ipvsadm nor \
                     /etc/ipvsadm.rules exists",
                )
            })?,
    };
    let mut text = String::new();
    let read = if path == "-" {
        env.stdin.read_to_string(&mut text)
    } else {
        std::fs::File::open(&path).and_then(|mut f| f.read_to_string(&mut text))
    };
    read.map_err(|e| Error::fail(format!("cannot read {path}: {e}")))?;
    let declared = declared(&text, &env.prog, env.names)
        .map_err(|e| Error::fail(format!("{path}:{}: {}", e.line, e.message)))?;
    Ok((path, declared))
}

/// Why a rules file was refused: the line (from 1) and the message, in
/// 1.31's words where 1.31 has them. Exit status 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

/// Read and check a whole rules file.
pub fn declared(text: &str, prog: &str, names: &dyn Resolver) -> Result<Declared, LineError> {
    let mut declared = Declared::default();
    // Each service's position in the table, so a large file checks fast.
    let mut positions = HashMap::new();
    let mut memo = Memo::default();
    let mut words = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let fail = |message: String| LineError {
            line: index + 1,
            message,
        };
        split_line_into(line, &mut words);
        if words.is_empty() || is_comment(&words) {
            continue;
        }
        let command =
            cli::parse_line(prog, &words, names, &mut memo).map_err(|e| fail(e.to_string()))?;
        let request = match command {
            Command::Modify(request) => request,
            _ => return Err(fail(not_a_declaration(line))),
        };
        let origin = Origin::of(&request);
        declared.add(request, line, &mut positions).map_err(fail)?;
        if let Some(origin) = origin {
            declared.lines.insert(origin, index + 1);
        }
    }
    Ok(declared)
}

fn not_a_declaration(line: &str) -> String {
    format!(
        "`{}' is not a declaration (a rules file declares services with -A, real servers \
         with -a, timeouts with --set and sync daemons with --start-daemon)",
        line.trim()
    )
}

impl Declared {
    /// Take one declaration; `line` is its text, for the refusal of a
    /// command that declares nothing.
    fn add(
        &mut self,
        request: Request,
        line: &str,
        positions: &mut HashMap<ServiceKey, usize>,
    ) -> Result<(), String> {
        match request {
            Request::AddService(svc) => {
                if positions.insert(svc.key, self.table.len()).is_some() {
                    return Err("the service is declared twice".into());
                }
                self.table.push((svc, Vec::new()));
            }
            Request::AddDest(svc, dest) => {
                let Some(&at) = positions.get(&svc.key) else {
                    return Err("the real server's service is not declared above".into());
                };
                let origin = Origin::Dest(svc.key, dest.addr, dest.port);
                if self.lines.contains_key(&origin) {
                    return Err("the real server is declared twice for this service".into());
                }
                self.table[at].1.push(dest);
            }
            Request::SetTimeouts(t) => {
                if self.timeouts.replace(t).is_some() {
                    return Err("the timeouts are declared twice".into());
                }
            }
            Request::StartDaemon(d) => {
                if self.daemons.iter().any(|other| other.state == d.state) {
                    return Err("the sync daemon is declared twice".into());
                }
                self.daemons.push(d);
            }
            _ => return Err(not_a_declaration(line)),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::NoNames;

    fn read(text: &str) -> Result<Declared, LineError> {
        declared(text, "ipvsadm", &NoNames)
    }

    #[test]
    fn a_saved_table_is_declared_in_order() {
        let d = read(
            "# saved\r\n\
             -A -t 10.0.0.1:80 -s rr\r\n\
             -a -t 10.0.0.1:80 -r 192.168.1.2:80 -g -w 1\r\n\
             \n\
             ipvsadm -a -t 10.0.0.1:80 -r 192.168.1.3:80 -m -w 2\n\
             -A -f 7 -s wlc\n\
             --set 900 120 300\n",
        )
        .unwrap();
        assert_eq!(d.table.len(), 2);
        assert_eq!(d.table[0].0.scheduler, "rr");
        let weights: Vec<i32> = d.table[0].1.iter().map(|d| d.weight).collect();
        assert_eq!(weights, [1, 2]);
        assert!(d.table[1].1.is_empty());
        assert_eq!(d.timeouts.map(|t| t.tcp), Some(900));
        assert!(d.daemons.is_empty());
    }

    #[test]
    fn problems_name_their_line() {
        for (text, line, message) in [
            ("-A -t 10.0.0.1:80\n-C\n", 2, "is not a declaration"),
            ("-A -t 10.0.0.1:80\n-D -t 10.0.0.1:80\n", 2, "is not a declaration"),
            ("-L -n\n", 1, "is not a declaration"),
            ("-a -t 10.0.0.1:80 -r 192.168.1.2\n", 1, "service is not declared"),
            ("-A -t 10.0.0.1:80\n\n-A -t 10.0.0.1:80 -s rr\n", 3, "declared twice"),
            (
                "-A -t 10.0.0.1:80\n-a -t 10.0.0.1:80 -r 192.168.1.2\n-a -t 10.0.0.1:80 -r 192.168.1.2 -w 3\n",
                3,
                "real server is declared twice",
            ),
            ("--set 1 2 3\n--set 4 5 6\n", 2, "timeouts are declared twice"),
            // 1.31's own message for a bad value.
            ("-A -t 10.0.0.1:80\n-a -t 10.0.0.1:80 -r 192.168.1.2 -w x\n", 2, "illegal weight specified"),
        ] {
            let e = read(text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}");
            assert!(e.message.contains(message), "{text:?}: {}", e.message);
        }
    }

    #[test]
    fn an_empty_file_declares_an_empty_table() {
        assert_eq!(read("").unwrap(), Declared::default());
        assert_eq!(read("# nothing\n\n").unwrap(), Declared::default());
    }
}
