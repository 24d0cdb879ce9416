//! The small part of the program that touches the OS outside `ipvs/`:
//! modprobe, /proc/net/ip_vs_conn, and the name files.

use crate::Platform;
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

/// The text of a name database (`/etc/hosts`, `/etc/services`); a missing or
/// unreadable file is empty, as libc's lookups then simply find nothing.
pub fn read_name_file(path: &str) -> String {
    // Converted in place when valid: a copy of a large hosts file would
    // double it at the peak.
    std::fs::read(path)
        .map(|b| {
            String::from_utf8(b)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        })
        .unwrap_or_default()
}
