//! `ipvsadm apply [--dry-run] [--drain SECONDS] [FILE|-]`: make the
//! kernel's table match a rules file by sending only the difference, all
//! or nothing, without a flush.
//!
//! Exit status: 0 done (or nothing to do, or a dry run); 1 the kernel
//! refused an operation and everything done was undone; 2 nothing was
//! tried (a bad file or arguments, IPVS unavailable).

use super::declare::{read_rules, Declared, Origin};
use super::drain::{self, Busy};
use super::plan::{changes, drain_stages, Stages, Undo};
use super::transaction::{snapshot, Journal, Refused};
use super::{print_plan, report};
use crate::error::{parse_clap, Error};
use crate::exec;
use crate::model::Request;
use crate::names::NoNames;
use crate::rules;
use crate::Env;
use clap::Parser;
use std::time::Duration;

#[derive(Parser, Debug)]
#[command(
    name = "ipvsadm apply",
    about = "Make the kernel's table match a rules file, changing only what differs, all or nothing",
    long_about = "Make the kernel's table match a rules file (as `ipvsadm -S` writes it), \
without a flush. The file declares the whole table: services (-A) and real servers (-a); \
timeouts (--set) and sync daemons (--start-daemon) are managed only when the file has them. \
Every line is checked before anything is sent; then only the difference goes to the kernel, in \
this order: new services, new real servers, changed services (-E), changed real servers (-e), \
removed real servers, removed services. If the kernel refuses an operation, everything done is \
undone and the table is as it was. The operations done are printed as ipvsadm command lines.\n\n\
Exit status: 0 done (or nothing to do); 1 the kernel refused an operation and nothing was \
changed; 2 nothing was tried (a bad file or arguments, IPVS unavailable).",
    disable_version_flag = true
)]
struct Args {
    /// Print the operations that would run, in order, and change nothing
    #[arg(long)]
    dry_run: bool,
    /// Give real servers that are going weight 0 first, and remove them when
    /// their connections have ended or SECONDS are up
    #[arg(long, value_name = "SECONDS")]
    drain: Option<u64>,
    /// The rules file, `-` for standard input [default: /etc/sysconfig/ipvsadm
    /// or /etc/ipvsadm.rules, whichever exists]
    file: Option<String>,
    /// Run in the network namespace NAME (/run/netns/NAME, as `ip netns add` makes it)
    #[arg(long, value_name = "NAME")]
    netns: Option<String>,
}

/// Why an apply stopped after it began changing the kernel.
enum Stopped {
    Refused(Box<Refused>),
    Wait(Error),
    Interrupted,
}

/// `args` are the words after `apply`.
pub fn main(args: &[String], env: &mut Env<'_>) -> i32 {
    let args: Args = match parse_clap("ipvsadm apply", args, env.stdout, env.stderr) {
        Ok(a) => a,
        Err(status) => return status,
    };
    match run(&args, env) {
        Ok(status) => status,
        Err(e) => {
            report(env, "apply", &e);
            // Nothing was changed, whatever the error.
            2
        }
    }
}

fn run(args: &Args, env: &mut Env<'_>) -> Result<i32, Error> {
    if let Some(name) = &args.netns {
        exec::enter_netns(env, name)?;
    }
    let (path, want) = read_rules(args.file.as_deref(), env)?;
    exec::init(env)?;
    let _lock = match args.dry_run {
        true => None,
        false => Some(exec::lock_writers(env, &format!("ipvsadm apply {path}"))),
    };
    let live = snapshot(env, &want)?;
    let steps = changes(&live, &want);
    let stages = match args.drain {
        Some(_) => drain_stages(steps, &live),
        None => Stages {
            first: steps,
            ..Stages::default()
        },
    };
    let done: Vec<Request> = stages.first.iter().chain(&stages.last).cloned().collect();
    let write_error =
        |e: std::io::Error| Error::fail(format!("cannot write: {}", crate::error::io_text(&e)));
    if args.dry_run {
        print_plan(env.stdout, &done).map_err(write_error)?;
        return Ok(0);
    }
    let undo = Undo::new(&live);
    let mut journal = Journal::default();
    let mut busy = Vec::new();
    // Ctrl-C (or a TERM) from here on undoes, rather than ends halfway.
    env.platform.hold_interrupts();
    let outcome = journal
        .run(env.kernel, &undo, &stages.first)
        .map_err(Stopped::Refused)
        .and_then(|()| {
            if !stages.drain.is_empty() {
                let limit = args.drain.map(Duration::from_secs);
                busy = drain::wait(env, &stages.drain, limit).map_err(Stopped::Wait)?;
            }
            if env.platform.interrupted() {
                return Err(Stopped::Interrupted);
            }
            journal
                .run(env.kernel, &undo, &stages.last)
                .map_err(Stopped::Refused)
        });
    match outcome {
        Ok(()) => {
            // Done: a closed stdout cannot make it undone, or an error.
            let _ = print_plan(env.stdout, &done);
            if !busy.is_empty() {
                removed_busy(env, &busy, args.drain.unwrap_or(0));
            }
            Ok(0)
        }
        Err(stopped) => {
            let _ = env.stdout.flush();
            match stopped {
                Stopped::Refused(r) => refused(env, &path, &want, &r),
                Stopped::Wait(e) => {
                    let _ = writeln!(env.stderr, "ipvsadm apply: while draining: {e}");
                }
                Stopped::Interrupted => {
                    let _ = writeln!(env.stderr, "ipvsadm apply: interrupted");
                }
            }
            undo_all(env, journal);
            Ok(1)
        }
    }
}

/// Say which line the kernel refused and why (1.31's message); a step no
/// line declares (a removal) is named by its command line.
fn refused(env: &mut Env<'_>, path: &str, want: &Declared, r: &Refused) {
    let at = match Origin::of(&r.step).and_then(|o| want.lines.get(&o)) {
        Some(line) => format!("{path}:{line}"),
        None => format!("`{}'", command_text(&r.step)),
    };
    let _ = writeln!(env.stderr, "ipvsadm apply: {at}: {}", r.error);
}

/// Undo what was done and say whether the table is as it was.
fn undo_all(env: &mut Env<'_>, journal: Journal) {
    let count = journal.len();
    let failed = journal.rollback(env.kernel);
    for f in &failed {
        let _ = writeln!(
            env.stderr,
            "ipvsadm apply: could not undo with `{}': {}",
            command_text(&f.step),
            f.error
        );
    }
    let _ = match (failed.is_empty(), count) {
        (true, 0) => writeln!(env.stderr, "ipvsadm apply: nothing was changed"),
        (true, n) => writeln!(
            env.stderr,
            "ipvsadm apply: nothing was changed ({n} operation{} undone)",
            if n == 1 { "" } else { "s" }
        ),
        (false, _) => writeln!(
            env.stderr,
            "ipvsadm apply: the table is NOT as it was: {} operation{} could not be undone",
            failed.len(),
            if failed.len() == 1 { "" } else { "s" }
        ),
    };
}

/// Real servers removed when the drain's time was up: said on stderr.
fn removed_busy(env: &mut Env<'_>, busy: &[Busy], seconds: u64) {
    let total: u64 = busy.iter().map(|b| b.conns).sum();
    let _ = writeln!(
        env.stderr,
        "ipvsadm apply: {} real server{} still had {total} connection{} after {seconds} s, and {} removed",
        busy.len(),
        if busy.len() == 1 { "" } else { "s" },
        if total == 1 { "" } else { "s" },
        if busy.len() == 1 { "was" } else { "were" },
    );
}

/// A step as its ipvsadm command line, without the line end.
fn command_text(step: &Request) -> String {
    let mut line = Vec::new();
    let _ = rules::save::command_line(&mut line, step, &NoNames);
    String::from_utf8_lossy(&line).trim_end().to_string()
}
