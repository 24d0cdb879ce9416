//! The small part of the program that touches the OS outside `netlink/`
//! and `ipvs/`: modprobe, /proc/net/ip_vs_conn, the process's own settings,
//! and the only `unsafe` code of the crate.

use crate::Platform;
use nix::fcntl::{openat, OFlag};
use nix::sys::stat::Mode;
use std::os::fd::{FromRawFd, OwnedFd, RawFd};
use std::path::Path;
use std::process::{Command, Stdio};

/// The real platform.
#[derive(Debug, Default)]
pub struct System;

impl Platform for System {
    fn modprobe_ip_vs(&mut self) -> bool {
        // Same invocation as ipvsadm 1.31; modprobe's stderr passes through.
        Command::new("/sbin/modprobe")
            .args(["--", "ip_vs"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }

    fn open_conn_table(&mut self) -> std::io::Result<Box<dyn std::io::BufRead>> {
        // The kernel hands out a page per read, whatever the buffer.
        let file = std::fs::File::open("/proc/net/ip_vs_conn")?;
        Ok(Box::new(std::io::BufReader::with_capacity(4096, file)))
    }
}

/// Process settings for a short-lived command: no transparent huge pages.
/// Where THP is "always" (Debian's kernel), a listing's growing service
/// table could land in a 2 MB huge page, zeroed in full and resident in
/// full: the peak RSS of the same `-Ln` varied by 2 MB from run to run.
/// Failure (an old kernel) changes nothing else.
pub fn tune_process() {
    let _ = nix::sys::prctl::set_thp_disable(true);
}

/// Die by SIGPIPE on a closed stdout, as the C tool does: `ipvsadm -Ln |
/// head` then ends silently with 1.31's status, also under `pipefail`.
/// Rust's start-up ignores SIGPIPE, and the parent may have too.
pub fn default_sigpipe() {
    use nix::sys::signal::{signal, SigHandler, Signal};
    // SAFETY: SIG_DFL installs no handler, so no code can run in signal
    // context; the previous disposition is not used.
    let _ = unsafe { signal(Signal::SIGPIPE, SigHandler::SigDfl) };
}

/// `openat(2)` with the new descriptor owned: nix 0.29 hands back a raw
/// number, and this is the one place that takes ownership of it.
pub fn openat_owned(dir: RawFd, path: &Path, flags: OFlag, mode: Mode) -> nix::Result<OwnedFd> {
    let fd = openat(Some(dir), path, flags, mode)?;
    // SAFETY: `fd` was just returned by a successful openat, so it is open,
    // and nothing else holds it.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}
