//! `ipvsadm diff [FILE|-]`: what the kernel would need to match a rules
//! file, as ipvsadm command lines. Exit status 0 when it matches, 1 when it
//! differs, 2 on an error (a bad file, IPVS unavailable), so monitoring and
//! configuration management can ask "has it drifted?".

use super::declare::read_rules;
use super::plan::{changes, replacements};
use super::transaction::snapshot;
use crate::error::Error;
use crate::exec;
use crate::model::Request;
use crate::names::NoNames;
use crate::rules;
use crate::Env;
use clap::Parser;
use std::io::{self, Write};

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
        Err(e) => {
            report(env, "diff", &e);
            // Whatever the error, 2: 1 means "differs".
            2
        }
    }
}

/// Print the plan; true when there is nothing to do.
fn run(args: Args, env: &mut Env<'_>) -> Result<bool, Error> {
    let (_, want) = read_rules(args.file.as_deref(), env)?;
    exec::init(env)?;
    let live = snapshot(env, &want)?;
    let steps = changes(&live, &want);
    print_plan(env.stdout, &steps).map_err(|e| Error::fail(format!("cannot write: {e}")))?;
    Ok(steps.is_empty())
}

/// Print an error of one of our verbs as `ipvsadm VERB: message`.
pub fn report(env: &mut Env<'_>, verb: &str, e: &Error) {
    let _ = env.stdout.flush();
    let _ = writeln!(env.stderr, "ipvsadm {verb}: {e}");
}

/// Steps as ipvsadm command lines, numeric, one per line; a real server
/// added in place of another (its port moves with its forwarding) says
/// which, in a shell comment.
pub fn print_plan(out: &mut dyn Write, steps: &[Request]) -> io::Result<()> {
    let replaced = replacements(steps);
    let mut line = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        line.clear();
        rules::save::command_line(&mut line, step, &NoNames)?;
        if let (Some(old), Request::AddDest(svc, _)) = (replaced.get(&i), step) {
            line.pop();
            let mut key = Vec::new();
            rules::save::command_line(
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
