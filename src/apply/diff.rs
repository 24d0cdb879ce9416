//! `ipvsadm diff [FILE|-]`: what the kernel would need to match a rules
//! file, as ipvsadm command lines. Exit status 0 when it matches, 1 when it
//! differs, 2 on an error (a bad file, IPVS unavailable), so monitoring and
//! configuration management can ask "has it drifted?".

use super::declare::{declared, Declared};
use super::plan::plan;
use crate::exec;
use crate::model::{Daemon, Request};
use crate::names::NoNames;
use crate::rules;
use crate::Env;
use clap::Parser;
use std::io::Read;

/// The rules files of the distributions, in the order they are looked for.
const DEFAULT_FILES: [&str; 2] = ["/etc/sysconfig/ipvsadm", "/etc/ipvsadm.rules"];

#[derive(Parser, Debug)]
#[command(
    name = "ipvsadm diff",
    about = "Print the ipvsadm commands that would make the kernel's table match a rules file",
    long_about = "Print the ipvsadm commands that would make the kernel's table match a rules \
file (as `ipvsadm -S` writes it), one per line, in the order they would run; nothing is changed. \
Exit status: 0 when the kernel matches the file, 1 when it differs, 2 on an error.",
    disable_version_flag = true
)]
struct Args {
    /// The rules file, `-` for standard input [default: /etc/sysconfig/ipvsadm
    /// or /etc/ipvsadm.rules, whichever exists]
    file: Option<String>,
}

/// `args` are the words after `diff`.
pub fn main(args: &[String], env: &mut Env<'_>) -> i32 {
    let argv = std::iter::once("ipvsadm diff".to_string()).chain(args.iter().cloned());
    let args = match Args::try_parse_from(argv) {
        Ok(a) => a,
        Err(e) => return crate::error::report_clap(&e, env.stdout, env.stderr),
    };
    match run(args, env) {
        Ok(same) => i32::from(!same),
        Err(message) => {
            let _ = writeln!(env.stderr, "ipvsadm diff: {message}");
            2
        }
    }
}

/// Print the plan; true when there is nothing to do.
fn run(args: Args, env: &mut Env<'_>) -> Result<bool, String> {
    let path = match args.file {
        Some(f) => f,
        None => DEFAULT_FILES
            .iter()
            .find(|f| std::path::Path::new(f).exists())
            .map(|f| f.to_string())
            .ok_or("no rules file given, and neither /etc/sysconfig/ipvsadm nor /etc/ipvsadm.rules exists")?,
    };
    let mut text = String::new();
    let read = if path == "-" {
        env.stdin.read_to_string(&mut text)
    } else {
        std::fs::File::open(&path).and_then(|mut f| f.read_to_string(&mut text))
    };
    read.map_err(|e| format!("cannot read {path}: {e}"))?;
    let want = declared(&text, &env.prog, env.names)
        .map_err(|e| format!("{path}:{}: {}", e.line, e.message))?;
    exec::init(env).map_err(|e| e.to_string())?;
    let steps = steps(env, &want).map_err(|e| e.to_string())?;
    for step in &steps {
        rules::save::command_line(env.stdout, step, &NoNames)
            .map_err(|e| format!("cannot write: {e}"))?;
    }
    let _ = env.stdout.flush();
    Ok(steps.is_empty())
}

/// Everything that differs: timeouts and sync daemons (only where the file
/// declares them), then the table.
fn steps(env: &mut Env<'_>, want: &Declared) -> Result<Vec<Request>, crate::error::Error> {
    use crate::error::Error;
    let mut steps = Vec::new();
    if let Some(t) = want.timeouts {
        if env.kernel.timeouts().map_err(Error::List)? != t {
            steps.push(Request::SetTimeouts(t));
        }
    }
    if !want.daemons.is_empty() {
        let running = env.kernel.daemons().map_err(Error::List)?;
        for d in &want.daemons {
            let same =
                |r: &Daemon| (r.state, &r.mcast_ifn, r.syncid) == (d.state, &d.mcast_ifn, d.syncid);
            if running.iter().any(same) {
                continue;
            }
            if let Some(r) = running.iter().find(|r| r.state == d.state) {
                steps.push(Request::StopDaemon(Daemon::stop(r.state, r.syncid)));
            }
            steps.push(Request::StartDaemon(d.clone()));
        }
    }
    let live = exec::live_table(env)?;
    steps.extend(plan(&live, &want.table));
    Ok(steps)
}
