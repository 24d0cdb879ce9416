//! lvs-realserver: configure, persist, check and undo an LVS real server.
//!
//! Every LVS-DR real server needs the same steps: the VIP on lo as a host
//! address, a host route, ARP suppression (arp_ignore/arp_announce), all of
//! it persisted, and a service listening on the VIP. This tool does them,
//! records what it changed so `remove` can give back the exact prior values,
//! and `check` explains the classic mistakes.
//!
//! Design decisions:
//! * The OS sits behind `host::Host` (rtnetlink and /proc in
//!   `system::SystemHost`, in-memory in `host::FakeHost`); files live under
//!   a `files::Root`, which tests point at a temporary directory. So
//!   `cargo test` needs neither root nor a kernel.
//! * Every change is an `ops::Action` with an inverse: the plan is printed
//!   (with file contents for --dry-run), applied, and rolled back if a step
//!   fails.
//! * clap and comfy-table are used here only; the ipvsadm compat surface
//!   stays hand-written.

pub mod check;
pub mod cli;
pub mod files;
pub mod host;
pub mod ops;
pub mod persist;
pub mod procnet;
pub mod rtnl;
pub mod state;
pub mod status;
pub mod system;
pub mod values;

use cli::{Cli, Cmd};
use files::Root;
use host::Host;
use ops::{Ctx, Failure};
use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;

/// Where the binary is installed when the running one cannot be found.
const DEFAULT_EXE: &str = "/usr/sbin/lvs-realserver";

/// Run with the real system. `args` excludes the program name.
pub fn main(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.to_str().map(str::to_string))
        .unwrap_or_else(|| DEFAULT_EXE.to_string());
    let mut host = system::SystemHost::new();
    run(args, &mut host, &exe, out, err)
}

fn root_of(dir: &Option<PathBuf>) -> Result<(Root, bool), Failure> {
    match dir {
        Some(d) if !d.is_dir() => Err(Failure {
            msg: format!("--root {}: not a directory", d.display()),
            code: 2,
        }),
        Some(d) => Ok((Root::new(d), false)),
        None => Ok((Root::new("/"), true)),
    }
}

/// What setup and remove share: the VIPs as typed, and a context over the
/// live system or an alternate root.
fn context<'h>(
    host: &'h mut dyn Host,
    vips: &[String],
    root: &Option<PathBuf>,
    dry_run: bool,
    exe: &str,
) -> Result<(Vec<IpAddr>, Ctx<'h>), Failure> {
    let vips = values::parse_vips(vips)?;
    let (root, live) = root_of(root)?;
    let ctx = Ctx {
        host,
        root,
        live,
        dry_run,
        exe: exe.to_string(),
    };
    Ok((vips, ctx))
}

/// Run against any host; `exe` is the binary the boot unit should call.
pub fn run(
    args: &[String],
    host: &mut dyn Host,
    exe: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let cli: Cli = match crate::error::parse_clap("lvs-realserver", args, out, err) {
        Ok(c) => c,
        Err(status) => return status,
    };
    let result = match cli.cmd {
        Cmd::Setup(a) => (|| {
            let (vips, mut ctx) = context(host, &a.vips, &a.root, a.dry_run, exe)?;
            let req = ops::SetupReq {
                vips,
                mode: a.mode,
                label: a.label,
                persist: a.persist,
            };
            ops::setup(&mut ctx, &req, out).map(|_| 0)
        })(),
        Cmd::Remove(a) => (|| {
            let (vips, mut ctx) = context(host, &a.vips, &a.root, a.dry_run, exe)?;
            ops::remove(&mut ctx, &vips, out).map(|_| 0)
        })(),
        Cmd::Status(a) => (|| {
            let vips = values::parse_vips(&a.vips)?;
            let (root, live) = root_of(&a.root)?;
            let state = ops::load_state(&root)?;
            let h: Option<&mut dyn Host> = if live { Some(host) } else { None };
            status::status(h, &root, &state, &vips, exe, out)
                .map(|_| 0)
                .map_err(|e| Failure {
                    msg: format!("cannot read the system state: {e}"),
                    code: 2,
                })
        })(),
        Cmd::Check(a) => (|| {
            let vips = values::parse_vips(&a.vips)?;
            let state = ops::load_state(&Root::new("/")).unwrap_or_default();
            let mut healthy = true;
            for vip in vips {
                let found =
                    check::check_vip(host, &state, vip, a.mode, &a.ports).map_err(|e| Failure {
                        msg: format!("could not check {vip}: {e}"),
                        code: 2,
                    })?;
                healthy &= check::print_findings(out, vip, &found);
            }
            check::print_verdict(out, healthy);
            Ok(i32::from(!healthy))
        })(),
    };
    match result {
        Ok(code) => code,
        Err(f) => {
            let _ = writeln!(err, "lvs-realserver: {}", f.msg);
            f.code
        }
    }
}

#[cfg(test)]
mod tests;
