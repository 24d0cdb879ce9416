//! The `ipvsadm` binary: collect argv, wire the real kernel and streams, run.
#![forbid(unsafe_code)]

use ipvsadm::ipvs::netlink::NetlinkKernel;
use ipvsadm::names::SystemNames;
use ipvsadm::sys::{self, System};
use ipvsadm::Env;
use std::io::{self, BufWriter};
use std::process::ExitCode;

fn main() -> ExitCode {
    sys::default_sigpipe();
    sys::tune_process();
    let argv: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let prog = argv.first().cloned().unwrap_or_else(|| "ipvsadm".into());
    // Listings run to millions of bytes: written in large blocks, not by line.
    let mut stdout = BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let code = ipvsadm::run(
        &argv,
        &mut Env {
            prog,
            kernel: &mut NetlinkKernel::new(),
            names: &SystemNames::default(),
            platform: &mut System::default(),
            stdin: &mut io::stdin().lock(),
            stdout: &mut stdout,
            stderr: &mut io::stderr(),
        },
    );
    drop(stdout);
    // 1.31's statuses are exit(3) values: what the shell sees is the low byte.
    ExitCode::from(code as u8)
}
