//! The small part of the program that touches the OS outside `netlink/`
//! and `ipvs/`: modprobe, /proc/net/ip_vs_conn, the process's own settings,
//! and the only `unsafe` code of the crate.

pub mod replace;

use crate::Platform;
use nix::fcntl::{openat, OFlag};
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::signal::{SigSet, Signal};
use nix::sys::signalfd::{SfdFlags, SignalFd};
use nix::sys::stat::Mode;
use std::os::fd::AsFd;
use std::os::fd::{FromRawFd, OwnedFd, RawFd};
use std::path::Path;
use std::process::{Command, Stdio};

/// The real platform.
#[derive(Debug, Default)]
pub struct System {
    /// SIGINT, SIGTERM and SIGHUP once they are held: blocked, and read
    /// from here.
    interrupts: Option<SignalFd>,
    interrupted: bool,
}

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

    fn ipvs_sysctls(&mut self) -> Vec<(String, String)> {
        read_sysctls(Path::new(IPVS_SYSCTLS))
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

    fn hold_interrupts(&mut self) {
        if self.interrupts.is_some() {
            return;
        }
        let mut mask = SigSet::empty();
        for signal in [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP] {
            mask.add(signal);
        }
        if mask.thread_block().is_ok() {
            let flags = SfdFlags::SFD_NONBLOCK | SfdFlags::SFD_CLOEXEC;
            self.interrupts = SignalFd::with_flags(&mask, flags).ok();
        }
    }

    fn interrupted(&mut self) -> bool {
        if let Some(fd) = &self.interrupts {
            if let Ok(Some(_)) = fd.read_signal() {
                self.interrupted = true;
            }
        }
        self.interrupted
    }

    fn enter_netns(&mut self, name: &str) -> Result<(), crate::error::Error> {
        enter_netns(Path::new(NETNS_DIR), name)
    }

    fn sleep(&mut self, duration: std::time::Duration) {
        match &self.interrupts {
            // Wakes early for a held interrupt.
            Some(fd) => {
                let mut fds = [PollFd::new(fd.as_fd(), PollFlags::POLLIN)];
                let timeout = PollTimeout::try_from(duration).unwrap_or(PollTimeout::MAX);
                let _ = poll(&mut fds, timeout);
            }
            None => std::thread::sleep(duration),
        }
    }
}

/// Where the kernel offers the IPVS sysctls of the caller's namespace.
pub const IPVS_SYSCTLS: &str = "/proc/sys/net/ipv4/vs";

/// Every readable file of `dir` (a sysctl directory) as its name and
/// text, sorted by name. A file that cannot be read (write-only, gone
/// meanwhile, not UTF-8) is left out; so is everything when `dir` is
/// missing.
pub fn read_sysctls(dir: &Path) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut sysctls: Vec<(String, String)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let text = std::fs::read_to_string(e.path()).ok()?;
            Some((name, text))
        })
        .collect();
    sysctls.sort();
    sysctls
}

/// Where `ip netns add NAME` leaves the namespace NAME (a bind mount).
pub const NETNS_DIR: &str = "/run/netns";

/// Enter the network namespace `dir/name`: open it and `setns(2)` with
/// CLONE_NEWNET. The process is single-threaded, so every socket opened
/// afterwards, and /proc/net (which is /proc/self/net), is the namespace's.
pub fn enter_netns(dir: &Path, name: &str) -> Result<(), crate::error::Error> {
    use crate::error::{io_text, Error};
    use nix::sched::{setns, CloneFlags};
    let path = dir.join(name);
    let file = std::fs::File::open(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::fail(format!(
                "network namespace `{name}' does not exist (no {})",
                path.display()
            ))
        } else {
            Error::fail(format!(
                "cannot open network namespace `{name}' ({}): {}",
                path.display(),
                io_text(&e)
            ))
        }
    })?;
    setns(file.as_fd(), CloneFlags::CLONE_NEWNET).map_err(|errno| {
        let why = match errno {
            nix::errno::Errno::EINVAL => "not a network namespace".to_string(),
            other => other.desc().to_string(),
        };
        Error::fail(format!("cannot enter network namespace `{name}': {why}"))
    })
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
    use nix::sys::signal::{signal, SigHandler};
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
        // One write: a waiter reads the note while it is written, and
        // `writeln!` on a File writes each piece apart ("PID", then the rest).
        let note = format!("{} {}\n", std::process::id(), holder);
        let _ = lock.set_len(0);
        let _ = lock.rewind();
        let _ = lock.write_all(note.as_bytes());
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

    /// A waiter reads the holder's note at any moment: it is either not
    /// there yet or whole, never the PID without the command.
    #[test]
    fn the_note_is_written_whole() {
        let dir = std::env::temp_dir().join(format!("ipvsadm-note-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("lock");
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (p, d) = (path.clone(), done.clone());
        let writer = std::thread::spawn(move || {
            for _ in 0..3000 {
                drop(WriterLock::take(&p, "ipvsadm -R", &mut |_| {}));
            }
            d.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        let whole = format!("{} ipvsadm -R\n", std::process::id());
        let mut seen = 0;
        while !done.load(std::sync::atomic::Ordering::SeqCst) {
            let note = std::fs::read_to_string(&path).unwrap_or_default();
            if !note.is_empty() {
                assert_eq!(note, whole);
                seen += 1;
            }
        }
        writer.join().unwrap();
        assert!(seen > 0, "the reader never saw a note");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Once held, an interrupt ends a sleep early and is seen, instead of
    /// ending the process. (The test thread blocks the signals for itself;
    /// `raise` sends to the calling thread.)
    #[test]
    fn a_held_interrupt_ends_the_sleep_and_is_seen() {
        let mut system = System::default();
        system.hold_interrupts();
        assert!(!system.interrupted());
        nix::sys::signal::raise(Signal::SIGHUP).unwrap();
        let start = std::time::Instant::now();
        system.sleep(std::time::Duration::from_secs(10));
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
        assert!(system.interrupted());
        assert!(system.interrupted(), "it stays arrived");
    }

    #[test]
    fn sysctls_are_the_readable_files_sorted_by_name() {
        let dir = std::env::temp_dir().join(format!("ipvsadm-sysctl-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("subdir")).unwrap();
        std::fs::write(dir.join("sync_threshold"), "3\t50\n").unwrap();
        std::fs::write(dir.join("am_droprate"), "10\n").unwrap();
        std::fs::write(dir.join("binary"), [0xff, 0xfe]).unwrap();
        assert_eq!(
            read_sysctls(&dir),
            [
                ("am_droprate".to_string(), "10\n".to_string()),
                ("sync_threshold".to_string(), "3\t50\n".to_string()),
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(read_sysctls(&dir).is_empty());
    }

    #[test]
    fn a_missing_or_wrong_namespace_is_a_clear_error() {
        use crate::error::Error;
        let dir = std::env::temp_dir().join(format!("ipvsadm-netns-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let missing = enter_netns(&dir, "nope").unwrap_err();
        assert_eq!(
            missing,
            Error::fail(format!(
                "network namespace `nope' does not exist (no {}/nope)",
                dir.display()
            ))
        );
        assert_eq!(missing.exit_code(), 2);
        // A file that is not a namespace: refused by the kernel, nothing
        // entered (EINVAL; EPERM without the privilege to try).
        std::fs::write(dir.join("plain"), "").unwrap();
        let e = enter_netns(&dir, "plain").unwrap_err().to_string();
        assert!(
            e == "cannot enter network namespace `plain': not a network namespace"
                || e == "cannot enter network namespace `plain': Operation not permitted",
            "{e}"
        );
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
