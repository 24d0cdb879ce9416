//! Changing a live table declaratively: a rules file read as the whole
//! table it declares (`declare`), the planner from the kernel's table to
//! it (`plan`), run all or nothing (`transaction`), and the verbs
//! `ipvsadm apply`, `diff` and `drain`, so a reload never needs a flush;
//! and `ipvsadm save`, which writes the rules file they read atomically.

pub mod command;
pub mod declare;
pub mod diff;
pub mod drain;
pub mod plan;
pub mod save;
pub mod transaction;

use crate::error::Error;
use crate::model::Request;
use crate::names::NoNames;
use crate::Env;
use std::io::{self, Write};

/// Print an error of one of our verbs as `ipvsadm VERB: message`.
pub fn report(env: &mut Env<'_>, verb: &str, e: &Error) {
    let _ = env.stdout.flush();
    let _ = writeln!(env.stderr, "ipvsadm {verb}: {e}");
}

/// Steps as ipvsadm command lines, numeric, one per line; a real server
/// added in place of another (its port moves with its forwarding) says
/// which, in a shell comment.
pub fn print_plan(out: &mut dyn Write, steps: &[Request]) -> io::Result<()> {
    let replaced = plan::replacements(steps);
    let mut line = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        line.clear();
        crate::rules::save::command_line(&mut line, step, &NoNames)?;
        if let (Some(old), Request::AddDest(svc, _)) = (replaced.get(&i), step) {
            line.pop();
            let mut key = Vec::new();
            crate::rules::save::command_line(
                &mut key,
                &Request::DelDest(svc.clone(), (*old).clone()),
                &NoNames,
            )?;
            let key = String::from_utf8_lossy(&key);
            let server = key.trim_end().rsplit(" -r ").next().unwrap_or_default();
            line.extend_from_slice(format!("  # replaces {server}\n").as_bytes());
        }
        out.write_all(&line)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dest, FwdMethod, Protocol, Service, ServiceKey};

    #[test]
    fn a_replacement_is_named_in_a_shell_comment() {
        let svc = Service::new(ServiceKey::Addr {
            proto: Protocol::Tcp,
            addr: "10.0.0.1".parse().unwrap(),
            port: 80,
        });
        let new = Dest::new("192.168.1.2".parse().unwrap(), 80);
        let old = Dest {
            fwd: FwdMethod::Masq,
            port: 8080,
            ..new.clone()
        };
        let steps = [
            Request::AddDest(svc.clone(), new),
            Request::DelDest(svc, old),
        ];
        let mut out = Vec::new();
        print_plan(&mut out, &steps).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "ipvsadm -a -t 10.0.0.1:80 -r 192.168.1.2:80 -g -w 1  # replaces 192.168.1.2:8080\n\
             ipvsadm -d -t 10.0.0.1:80 -r 192.168.1.2:8080\n"
        );
    }
}
