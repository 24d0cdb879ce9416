//! `ipvsadm diff [FILE|-]`: what the kernel would need to match a rules
//! file, as ipvsadm command lines. Exit status 0 when it matches, 1 when it
//! differs, 2 on an error (a bad file, IPVS unavailable), so monitoring and
//! configuration management can ask "has it drifted?".

use super::declare::read_rules;
use super::plan::changes;
use super::transaction::snapshot;
use super::{print_plan, report};
use crate::error::{parse_clap, Error};
use crate::exec;
use crate::Env;
use clap::Parser;

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
    /// Run in the network namespace NAME (/run/netns/NAME, as `ip netns add` makes it)
    #[arg(long, value_name = "NAME")]
    netns: Option<String>,
}

/// `args` are the words after `diff`.
pub fn main(args: &[String], env: &mut Env<'_>) -> i32 {
    let args: Args = match parse_clap("ipvsadm diff", args, env.stdout, env.stderr) {
        Ok(a) => a,
        Err(status) => return status,
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
    if let Some(name) = &args.netns {
        exec::enter_netns(env, name)?;
    }
    let (_, want) = read_rules(args.file.as_deref(), env)?;
    exec::init(env)?;
    let live = snapshot(env, &want)?;
    let steps = changes(&live, &want);
    print_plan(env.stdout, &steps)
        .map_err(|e| Error::fail(format!("cannot write: {}", crate::error::io_text(&e))))?;
    Ok(steps.is_empty())
}
