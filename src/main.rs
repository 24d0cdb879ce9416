//! The `ipvsadm` binary: collect argv, wire the real dependencies, exit.
use ipvsadm::{ipvs::netlink::NetlinkKernel, names::SystemNames, sys::System, Env};
use std::io::{self, BufWriter};

fn main() {
    ipvsadm::sys::tune_process();
    // Die by SIGPIPE on a closed stdout, as the C tool does: `ipvsadm -Ln |
    // head` then ends silently with 1.31's status, also under `pipefail`.
    // (Rust ignores SIGPIPE by default; the library still treats EPIPE as a
    // quiet end for in-process callers.)
    // SAFETY: setting a signal disposition to SIG_DFL installs no handler.
    let _ = unsafe {
        nix::sys::signal::signal(
            nix::sys::signal::Signal::SIGPIPE,
            nix::sys::signal::SigHandler::SigDfl,
        )
    };
    let argv: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut kernel = NetlinkKernel::new();
    let names = SystemNames::default();
    let mut platform = System;
    let stdin = io::stdin();
    let mut stdin = stdin.lock();
    let stdout = io::stdout();
    let mut stdout = BufWriter::with_capacity(64 * 1024, stdout.lock());
    let stderr = io::stderr();
    let mut stderr = stderr.lock();
    let mut env = Env {
        prog: argv
            .first()
            .cloned()
            .unwrap_or_else(|| "ipvsadm".to_string()),
        kernel: &mut kernel,
        names: &names,
        platform: &mut platform,
        stdin: &mut stdin,
        stdout: &mut stdout,
        stderr: &mut stderr,
    };
    let code = ipvsadm::run(&argv, &mut env);
    drop(env);
    drop(stdout);
    std::process::exit(code);
}
