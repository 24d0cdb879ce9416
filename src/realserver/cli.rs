//! The lvs-realserver command line (clap: this is not an ipvsadm-compatible
//! surface, so it gets ordinary GNU-style help and errors).

use super::state::{Mode, Persist};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "lvs-realserver",
    version,
    about = "Configure, persist, check and undo an LVS real server (direct routing or tunnelling)",
    after_help = "Exit status: 0 success (check: healthy), 1 failure (check: problems found), 2 usage error (check: could not check).\nSee lvs-realserver(8)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub cmd: Cmd,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Put the VIP on lo (or tunl0), add the host route, suppress ARP, persist it all.
    Setup(SetupArgs),
    /// Show what is configured, live and persisted.
    Status(StatusArgs),
    /// Diagnose a real server: VIP, route, effective ARP settings, listeners.
    Check(CheckArgs),
    /// Undo exactly what setup did, restoring the previous values.
    Remove(RemoveArgs),
}

#[derive(Debug, Args)]
pub struct SetupArgs {
    /// Virtual IP address (IPv4 or IPv6); repeat for several VIPs.
    #[arg(long = "vip", value_name = "ADDR", required = true)]
    pub vips: Vec<String>,
    /// Forwarding method of the director for this real server.
    #[arg(long, value_enum, default_value = "dr")]
    pub mode: Mode,
    /// IPv4 address label, e.g. lo:0 (default: the first free lo:N).
    #[arg(long, value_name = "DEV:N")]
    pub label: Option<String>,
    /// How the configuration survives a reboot.
    #[arg(long, value_enum, default_value = "auto")]
    pub persist: Persist,
    /// Write files under DIR instead of /, and make no live change.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Print the live changes and exact file contents; change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Only this VIP.
    #[arg(long = "vip", value_name = "ADDR")]
    pub vips: Vec<String>,
    /// Read the persisted configuration under DIR; no live state.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Virtual IP address to check; repeat for several.
    #[arg(long = "vip", value_name = "ADDR", required = true)]
    pub vips: Vec<String>,
    /// TCP port that must accept connections for the VIP; repeatable.
    #[arg(long = "port", value_name = "PORT")]
    pub ports: Vec<u16>,
    /// Forwarding method (default: as set up, else dr).
    #[arg(long, value_enum)]
    pub mode: Option<Mode>,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Virtual IP address set up earlier; repeat for several.
    #[arg(long = "vip", value_name = "ADDR", required = true)]
    pub vips: Vec<String>,
    /// Undo the files under DIR only; no live change.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Print what would be undone; change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn setup_accepts_repeated_vips_and_defaults() {
        let c = Cli::try_parse_from([
            "lvs-realserver",
            "setup",
            "--vip",
            "10.0.0.1",
            "--vip=10.0.0.2",
        ])
        .unwrap();
        let Cmd::Setup(a) = c.cmd else {
            panic!("not setup")
        };
        assert_eq!(a.vips, ["10.0.0.1", "10.0.0.2"]);
        assert_eq!(
            (a.mode, a.persist, a.dry_run),
            (Mode::Dr, Persist::Auto, false)
        );
    }

    #[test]
    fn bad_values_are_usage_errors() {
        for argv in [
            &["x", "setup"][..],
            &["x", "setup", "--vip", "1.2.3.4", "--mode", "nat"],
            &["x", "setup", "--vip", "1.2.3.4", "--persist", "rc.local"],
            &["x", "check", "--vip", "1.2.3.4", "--port", "70000"],
            &["x", "frobnicate"],
        ] {
            let e = Cli::try_parse_from(argv).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{argv:?}");
        }
    }
}
