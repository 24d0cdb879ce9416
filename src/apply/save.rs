//! `ipvsadm save FILE`: the whole state (`-S -n --full`) written to a
//! rules file so that the file is always either the old one or the new
//! one, whole, with its mode and owner kept: what the packages' `save`
//! uses, so a crash or a kill while saving never leaves a boot without
//! its rules.

use super::report;
use crate::error::{io_text, parse_clap, Error};
use crate::exec;
use crate::sys::replace::replace_file;
use crate::Env;
use clap::Parser;
use std::path::Path;

#[derive(Parser, Debug)]
#[command(
    name = "ipvsadm save",
    about = "Save the whole IPVS state to a rules file, atomically",
    long_about = "Save the whole IPVS state (what `ipvsadm -S -n --full` prints: the timeouts, \
the table with thresholds, the sync daemons) to FILE, atomically: the file is replaced only \
once the new text is complete and on disk, keeping the old file's mode and owner. A failure or \
a kill leaves FILE as it was. Writers (`-R`, `apply`, `drain`) are waited for, so the file \
never holds a table halfway through a change.",
    disable_version_flag = true
)]
struct Args {
    /// The rules file to write
    file: String,
    /// Leave out the sync daemons (`--start-daemon` lines)
    #[arg(long)]
    no_daemons: bool,
    /// Mode of FILE when it does not exist yet (octal)
    #[arg(long, value_name = "MODE", default_value = "600", value_parser = parse_mode)]
    mode: u32,
    /// Run in the network namespace NAME (/run/netns/NAME, as `ip netns add` makes it)
    #[arg(long, value_name = "NAME")]
    netns: Option<String>,
}

fn parse_mode(text: &str) -> Result<u32, String> {
    match u32::from_str_radix(text, 8) {
        Ok(mode) if mode <= 0o7777 => Ok(mode),
        _ => Err("an octal file mode is expected, such as 600 or 644".to_string()),
    }
}

/// `args` are the words after `save`.
pub fn main(args: &[String], env: &mut Env<'_>) -> i32 {
    let args: Args = match parse_clap("ipvsadm save", args, env.stdout, env.stderr) {
        Ok(a) => a,
        Err(status) => return status,
    };
    match run(&args, env) {
        Ok(()) => 0,
        Err(e) => {
            report(env, "save", &e);
            e.exit_code()
        }
    }
}

fn run(args: &Args, env: &mut Env<'_>) -> Result<(), Error> {
    if let Some(name) = &args.netns {
        exec::enter_netns(env, name)?;
    }
    exec::init(env)?;
    let text = {
        let _lock = exec::lock_writers(env, "ipvsadm save");
        exec::full_save(env, !args.no_daemons)?
    };
    replace_file(Path::new(&args.file), &text, args.mode)
        .map_err(|e| Error::fail(format!("cannot write {}: {}", args.file, io_text(&e))))
}
