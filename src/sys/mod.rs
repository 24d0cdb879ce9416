//! The small part of the program that touches the OS outside `ipvs/`:
//! modprobe, /proc/net/ip_vs_conn, the name files, and the process's own
//! settings and exit, and its heap (`alloc`).

pub mod alloc;

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

/// Open /dev/null on any of descriptors 0, 1 and 2 that the caller left
/// closed, as C programs can rely on and Rust's own start-up (which `main`
/// does without) would do. Otherwise the first socket opened takes the
/// free number: `ipvsadm -R <&-` then read its "rules" from the netlink
/// socket and waited forever, where 1.31 sees end of input.
pub fn open_std_fds() {
    use nix::fcntl::{fcntl, open, FcntlArg, OFlag};
    for fd in 0..3 {
        if fcntl(fd, FcntlArg::F_GETFD) == Err(nix::errno::Errno::EBADF) {
            // The lowest free number is `fd` itself. Should /dev/null be
            // missing, the stream stays closed (reads end, writes vanish).
            let _ = open("/dev/null", OFlag::O_RDWR, nix::sys::stat::Mode::empty());
        }
    }
}

/// A standard stream (0, 1 or 2) as the bare file descriptor, unbuffered.
///
/// std's handles add a lazily made global, a reentrant lock and (stdout)
/// line buffering, none of which the program uses: main buffers stdout
/// itself, and under emulation the extra code costs its blocks on every
/// run. Like std's handles, a closed descriptor (EBADF) reads as empty and
/// swallows writes, as C's stdio does in effect.
#[derive(Debug)]
pub struct StdFd(std::os::fd::RawFd);

impl StdFd {
    pub const IN: StdFd = StdFd(0);
    pub const OUT: StdFd = StdFd(1);
    pub const ERR: StdFd = StdFd(2);
}

impl std::io::Read for StdFd {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            match nix::unistd::read(self.0, buf) {
                Err(nix::errno::Errno::EINTR) => continue,
                Err(nix::errno::Errno::EBADF) => return Ok(0),
                other => return other.map_err(std::io::Error::from),
            }
        }
    }
}

impl std::io::Write for StdFd {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // SAFETY: 0, 1 and 2 are never closed by this program; should the
        // caller have left one closed, write(2) answers EBADF, handled below.
        let fd = unsafe { std::os::fd::BorrowedFd::borrow_raw(self.0) };
        loop {
            match nix::unistd::write(fd, buf) {
                Err(nix::errno::Errno::EINTR) => continue,
                Err(nix::errno::Errno::EBADF) => return Ok(buf.len()),
                other => return other.map_err(std::io::Error::from),
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// End the process with `code`, without C's and Rust's exit handlers:
/// nothing of ours needs them (main has flushed its stdout buffer, stderr
/// is unbuffered, nothing is registered with atexit, and std's own stdout
/// is never written). Under emulation, which translates each code block
/// afresh per exec, the exit handlers were 96 of the 1,854 blocks of
/// `ipvsadm -v` (QEMU's `-d in_asm` log), about 0.6 ms per command.
pub fn exit(code: i32) -> ! {
    extern "C" {
        // POSIX `_exit`, from the C library the binary is linked with.
        fn _exit(status: std::ffi::c_int) -> !;
    }
    // SAFETY: `_exit` takes any status and does not return.
    unsafe { _exit(code) }
}

/// The text of a name database (`/etc/hosts`, `/etc/services`); a missing or
/// unreadable file is empty, as libc's lookups then simply find nothing.
pub fn read_name_file(path: &str) -> String {
    // Converted in place when valid: a copy of a large hosts file would
    // double it at the peak.
    read_file(path)
        .map(|b| {
            String::from_utf8(b)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        })
        .unwrap_or_default()
}

/// A whole file, or None if it cannot be opened or read. Sized by fstat
/// up front (a file that grows meanwhile is still read to its end); by hand
/// with open/fstat/read rather than `std::fs::read`, whose generic reading
/// machinery costs its code blocks on every run under emulation.
fn read_file(path: &str) -> Option<Vec<u8>> {
    use nix::errno::Errno;
    use nix::fcntl::{open, OFlag};
    let fd = open(
        path,
        OFlag::O_RDONLY | OFlag::O_CLOEXEC,
        nix::sys::stat::Mode::empty(),
    )
    .ok()?;
    let size = nix::sys::stat::fstat(fd).map_or(0, |st| st.st_size.max(0) as usize);
    // One byte of room past the size, so the end shows as a read of 0.
    let mut buf = vec![0u8; size + 1];
    let mut len = 0;
    let done = loop {
        if len == buf.len() {
            buf.resize(len * 2 + 4096, 0);
        }
        match nix::unistd::read(fd, buf.get_mut(len..).unwrap_or_default()) {
            Ok(0) => break true,
            Ok(n) => len += n,
            Err(Errno::EINTR) => {}
            Err(_) => break false,
        }
    };
    let _ = nix::unistd::close(fd);
    buf.truncate(len);
    done.then_some(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_files_are_read_whole_or_empty() {
        let dir = std::env::temp_dir().join(format!("ipvsadm-rs-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("hosts");
        // Larger than the first read's room would be without fstat's size.
        let text: String = (0..3000)
            .map(|i| format!("10.0.{}.{} h{i}\n", i / 250, i % 250))
            .collect();
        std::fs::write(&path, &text).unwrap();
        assert_eq!(read_name_file(path.to_str().unwrap()), text);
        std::fs::write(&path, b"").unwrap();
        assert_eq!(read_name_file(path.to_str().unwrap()), "");
        // Invalid UTF-8 is kept, replaced, rather than dropping the file.
        std::fs::write(&path, b"10.0.0.1 a\xff\n").unwrap();
        assert_eq!(
            read_name_file(path.to_str().unwrap()),
            "10.0.0.1 a\u{fffd}\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(read_name_file(path.to_str().unwrap()), "");
        // A file whose size fstat does not know (procfs reports 0) is read
        // to its end all the same.
        let status = read_name_file("/proc/self/status");
        assert!(
            status.starts_with("Name:") && status.contains("\nPid:"),
            "{status}"
        );
        // A directory opens but cannot be read: nothing.
        assert_eq!(read_name_file("/"), "");
    }
}
