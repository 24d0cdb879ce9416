//! Multi-call dispatch: the personality comes from `argv[0]`'s file name.
//!
//! `ipvsadm-save` and `ipvsadm-restore` reproduce the shell wrappers that
//! ipvsadm 1.31 ships: they run `ipvsadm`, so messages name `ipvsadm`.

use crate::exec;
use crate::rules;
use crate::Env;
use std::io;

/// Which program `argv[0]` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Personality {
    Ipvsadm,
    Save,
    Restore,
    RealServer,
}

/// The personality for an `argv[0]` (by its file name; anything unknown is ipvsadm).
pub fn personality(argv0: &str) -> Personality {
    match basename(argv0) {
        "ipvsadm-save" => Personality::Save,
        "ipvsadm-restore" => Personality::Restore,
        "lvs-realserver" => Personality::RealServer,
        _ => Personality::Ipvsadm,
    }
}

pub fn dispatch(argv: &[String], env: &mut Env<'_>) -> i32 {
    let argv0 = argv.first().map(String::as_str).unwrap_or("ipvsadm");
    let args = argv.get(1..).unwrap_or(&[]);
    // Words 1.31 rejects as a first argument name the tools of our own.
    let verb = args.first().map(String::as_str);
    let rest = args.get(1..).unwrap_or(&[]);
    match personality(argv0) {
        Personality::Ipvsadm if verb == Some("lvs-realserver") => realserver(rest, env),
        Personality::Ipvsadm if verb == Some("apply") => crate::apply::command::main(rest, env),
        Personality::Ipvsadm if verb == Some("diff") => crate::apply::diff::main(rest, env),
        Personality::Ipvsadm if verb == Some("drain") => crate::apply::drain::main(rest, env),
        Personality::Ipvsadm if verb == Some("save") => crate::apply::save::main(rest, env),
        Personality::Ipvsadm => exec::ipvsadm_main(args, env),
        Personality::Save => save(argv0, args, env),
        Personality::Restore => restore(env),
        Personality::RealServer => realserver(args, env),
    }
}

/// What follows the last `/` (all of it when there is none; nothing for a
/// trailing `/`, which then names no personality).
fn basename(argv0: &str) -> &str {
    argv0.rsplit('/').next().unwrap_or(argv0)
}

/// `ipvsadm-save [-n]`: `-n` anywhere selects numeric output; any other
/// dash-word prints the wrapper's usage and exits 1; other words are ignored.
/// Ours besides (words 1.31's wrapper refuses): `--full` saves the whole
/// state (`-S --full`), `--netns NAME` (or `--netns=NAME`) saves another
/// namespace's.
fn save(argv0: &str, args: &[String], env: &mut Env<'_>) -> i32 {
    let mut numeric = false;
    let mut full = false;
    let mut netns = None;
    let mut words = args.iter();
    while let Some(a) = words.next() {
        if a == "-n" {
            numeric = true;
        } else if a == "--full" {
            full = true;
        } else if let Some(name) = a.strip_prefix("--netns=") {
            netns = Some(name.to_string());
        } else if a == "--netns" && netns.is_none() {
            let Some(name) = words.next() else {
                return save_usage(argv0, env);
            };
            netns = Some(name.clone());
        } else if a.starts_with('-') {
            return save_usage(argv0, env);
        }
    }
    env.prog = "ipvsadm".to_string();
    let mut args = vec!["-S".to_string()];
    if numeric {
        args.push("-n".to_string());
    }
    if full {
        args.push("--full".to_string());
    }
    if let Some(name) = netns {
        args.push(format!("--netns={name}"));
    }
    exec::ipvsadm_main(&args, env)
}

/// The wrapper's usage (1.31's two lines), status 1.
fn save_usage(argv0: &str, env: &mut Env<'_>) -> i32 {
    let _ = write!(
        env.stderr,
        "{}: Script to save the IPVS table to stdout.\n   With the -n option, prints out the table in numeric format.\n",
        basename(argv0)
    );
    1
}

/// `ipvsadm-restore`, as 1.31's wrapper script does it: read all input,
/// drop lines starting with `#`, run `ipvsadm -C`, then feed the rest
/// (newline-terminated, as `echo` leaves it) to `ipvsadm -R`. The status is
/// that of `-R`; a failing `-C` does not stop it.
fn restore(env: &mut Env<'_>) -> i32 {
    let mut input = Vec::new();
    // A read error leaves what was read, like the shell's `$(grep ...)`.
    let _ = env.stdin.read_to_end(&mut input);
    let mut stdin = io::Cursor::new(rules::restore::wrapper_filter(&input));
    let mut sub = Env {
        prog: "ipvsadm".to_string(),
        kernel: &mut *env.kernel,
        names: env.names,
        platform: &mut *env.platform,
        stdin: &mut stdin,
        stdout: &mut *env.stdout,
        stderr: &mut *env.stderr,
    };
    // The flush and the restore under one lock: no other writer between.
    let _lock = exec::lock_writers(&mut sub, "ipvsadm-restore");
    exec::ipvsadm_main(&["-C".to_string()], &mut sub);
    exec::ipvsadm_main(&["-R".to_string()], &mut sub)
}

/// lvs-realserver runs on the real system (it has its own `Host` seam, so
/// the IPVS kernel in `env` is not used); args exclude the program name.
fn realserver(args: &[String], env: &mut Env<'_>) -> i32 {
    crate::realserver::main(args, env.stdout, env.stderr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personality_by_file_name() {
        for (argv0, want) in [
            ("ipvsadm", Personality::Ipvsadm),
            ("/sbin/ipvsadm", Personality::Ipvsadm),
            ("ipvsadm-save", Personality::Save),
            ("/usr/sbin/ipvsadm-save", Personality::Save),
            ("./ipvsadm-restore", Personality::Restore),
            ("/usr/local/sbin/lvs-realserver", Personality::RealServer),
            ("ipvsadm-save/", Personality::Ipvsadm),
            ("ipvsadm-save.bak", Personality::Ipvsadm),
            ("", Personality::Ipvsadm),
        ] {
            assert_eq!(personality(argv0), want, "{argv0}");
        }
    }
}
