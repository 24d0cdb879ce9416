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

    fn lock_writers(&mut self, holder: &str, waiting: &mut dyn FnMut(&str)) -> WriterLock {
        WriterLock::acquire(Path::new(WRITER_LOCK), holder, waiting)
    }

    fn stderr_is_terminal(&self) -> bool {
        std::io::IsTerminal::is_terminal(&std::io::stderr())
    }

    fn now(&self) -> std::time::Instant {
        std::time::Instant::now()
    }

    fn sleep(&mut self, duration: std::time::Duration) {
        std::thread::sleep(duration)
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

/// Where `-R`, `ipvsadm-restore`, `apply` and `drain` serialise.
pub const WRITER_LOCK: &str = "/run/ipvsadm.lock";

/// The writers' lock, held until dropped: an exclusive `flock` on a file
/// that names its holder ("PID COMMAND"), so a writer that has to wait
/// can say for whom. Dropping empties the file before the lock goes.
#[derive(Debug)]
pub struct WriterLock(Option<nix::fcntl::Flock<std::fs::File>>);

impl WriterLock {
    /// No lock (a platform without one, or a lock file that cannot be
    /// opened: an unprivileged caller, no /run).
    pub const fn none() -> WriterLock {
        WriterLock(None)
    }

    /// Take the lock at `path` for `holder` (the command, for whoever
    /// waits next). When another process holds it, `waiting` is called
    /// once with that holder's note, then this blocks until it is free.
    /// A file that cannot be opened gives no lock rather than an error:
    /// `-R` must work wherever 1.31's does.
    pub fn acquire(path: &Path, holder: &str, waiting: &mut dyn FnMut(&str)) -> WriterLock {
        use std::sync::atomic::Ordering;
        // Held by this process already (ipvsadm-restore runs -R inside its
        // own lock): a second flock on a new descriptor would wait forever.
        if HELD.swap(true, Ordering::SeqCst) {
            return WriterLock::none();
        }
        let lock = Self::take(path, holder, waiting);
        if !lock.is_held() {
            HELD.store(false, Ordering::SeqCst);
        }
        lock
    }

    fn take(path: &Path, holder: &str, waiting: &mut dyn FnMut(&str)) -> WriterLock {
        use nix::errno::Errno;
        use nix::fcntl::{Flock, FlockArg};
        use std::io::{Read, Seek, Write};
        use std::os::unix::fs::OpenOptionsExt;
        let Ok(file) = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o644)
            .open(path)
        else {
            return WriterLock::none();
        };
        let mut lock = match Flock::lock(file, FlockArg::LockExclusiveNonblock) {
            Ok(lock) => lock,
            Err((mut file, Errno::EWOULDBLOCK)) => {
                let mut note = String::new();
                let _ = file.read_to_string(&mut note);
                waiting(note.trim());
                match Flock::lock(file, FlockArg::LockExclusive) {
                    Ok(lock) => lock,
                    Err(_) => return WriterLock::none(),
                }
            }
            Err(_) => return WriterLock::none(),
        };
        let _ = lock.set_len(0);
        let _ = lock.rewind();
        let _ = writeln!(lock, "{} {}", std::process::id(), holder);
        WriterLock(Some(lock))
    }

    pub fn is_held(&self) -> bool {
        self.0.is_some()
    }
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        if let Some(lock) = &self.0 {
            let _ = lock.set_len(0);
            HELD.store(false, std::sync::atomic::Ordering::SeqCst);
        }
    }
}

/// Whether this process holds the writers' lock.
static HELD: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_and_is_told_who_holds_the_lock() {
        let dir = std::env::temp_dir().join(format!("ipvsadm-lock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("lock");
        let first = WriterLock::acquire(&path, "ipvsadm apply rules", &mut |_| {
            panic!("nobody holds it yet")
        });
        assert!(first.is_held());
        // Nested in this process: shared, no wait.
        let nested = WriterLock::acquire(&path, "ipvsadm -R", &mut |_| panic!("no wait"));
        assert!(!nested.is_held());
        drop(nested);
        let note = format!("{} ipvsadm apply rules", std::process::id());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), note.clone() + "\n");

        let (tx, rx) = std::sync::mpsc::channel();
        let p = path.clone();
        let second = std::thread::spawn(move || {
            // Another process's view: past the in-process check.
            let lock = WriterLock::take(&p, "ipvsadm -R", &mut |holder| {
                tx.send(holder.to_string()).unwrap()
            });
            lock.is_held()
        });
        // The second writer reports the first as the holder, then waits.
        assert_eq!(rx.recv().unwrap(), note);
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(!second.is_finished());
        drop(first);
        assert!(second.join().unwrap());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_unopenable_lock_file_is_no_lock_and_no_error() {
        let lock = WriterLock::acquire(Path::new("/nonexistent/dir/lock"), "x", &mut |_| {
            panic!("no wait")
        });
        assert!(!lock.is_held());
    }
}
