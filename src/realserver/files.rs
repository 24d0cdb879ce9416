//! Files under a root directory: read, and replace atomically without ever
//! following a symbolic link.
//!
//! Every directory on the way is opened relative to its parent with
//! O_NOFOLLOW, so a symlink planted anywhere below the root (e.g.
//! /etc/sysctl.d -> /tmp/x) is refused instead of written through. A file is
//! written to a temporary name in its final directory, fsynced, given its
//! mode, renamed over the target (rename replaces a symlink, never follows
//! it) and the directory fsynced, so a crash leaves the old or the new file.

use crate::sys::openat_owned;
use nix::errno::Errno;
use nix::fcntl::{renameat, OFlag};
use nix::sys::stat::{fchmod, mkdirat, Mode};
use nix::unistd::{fsync, symlinkat, unlinkat, UnlinkatFlags};
use std::fs::File;
use std::io::{self, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// What is (or should be) at a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Absent,
    File {
        mode: u32,
        content: Vec<u8>,
    },
    Symlink {
        target: String,
    },
    /// A directory or device where we expect a file: never replaced.
    Other,
}

/// A root directory ("/" for the live system, or an image being built).
#[derive(Debug, Clone)]
pub struct Root {
    dir: PathBuf,
}

fn errno(e: Errno) -> io::Error {
    io::Error::from_raw_os_error(e as i32)
}

impl Root {
    pub fn new(dir: impl Into<PathBuf>) -> Root {
        Root { dir: dir.into() }
    }

    /// The path as shown to the user (`rel` is relative to the root).
    pub fn show(&self, rel: &str) -> String {
        self.dir.join(rel).display().to_string()
    }

    /// What is at `rel` now (symlinks are reported, not followed).
    pub fn read(&self, rel: &str) -> io::Result<Entry> {
        let path = self.dir.join(rel);
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Entry::Absent),
            Err(e) => return Err(e),
        };
        let ft = meta.file_type();
        if ft.is_symlink() {
            let target = std::fs::read_link(&path)?;
            return Ok(Entry::Symlink {
                target: target.to_string_lossy().into_owned(),
            });
        }
        if !ft.is_file() {
            return Ok(Entry::Other);
        }
        Ok(Entry::File {
            mode: meta.permissions().mode() & 0o7777,
            content: std::fs::read(&path)?,
        })
    }

    /// Whether a directory exists under the root.
    pub fn is_dir(&self, rel: &str) -> bool {
        self.dir.join(rel).is_dir()
    }

    /// Names in a directory under the root (empty if it is missing).
    pub fn list(&self, rel: &str) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.dir.join(rel))
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    /// Open the directory `rel` (creating missing parts with mode 0755 when
    /// `create`), refusing symlinks. Created directories are appended to
    /// `created` (relative paths, outermost first).
    fn open_dir(&self, rel: &Path, create: bool, created: &mut Vec<String>) -> io::Result<OwnedFd> {
        let mut fd: OwnedFd = File::open(&self.dir)?.into();
        let mut sofar = PathBuf::new();
        for comp in rel.components() {
            let name = comp.as_os_str();
            sofar.push(name);
            let flags = OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC;
            let next = match openat_owned(fd.as_raw_fd(), Path::new(name), flags, Mode::empty()) {
                Ok(n) => n,
                Err(Errno::ENOENT) if create => {
                    match mkdirat(Some(fd.as_raw_fd()), name, Mode::from_bits_truncate(0o755)) {
                        Ok(()) => created.push(sofar.to_string_lossy().into_owned()),
                        // Someone else made it meanwhile: fine, it is opened below.
                        Err(Errno::EEXIST) => {}
                        Err(e) => return Err(errno(e)),
                    }
                    openat_owned(fd.as_raw_fd(), Path::new(name), flags, Mode::empty())
                        .map_err(|e| self.refuse(&sofar, e))?
                }
                Err(e) => return Err(self.refuse(&sofar, e)),
            };
            fd = next;
        }
        Ok(fd)
    }

    fn refuse(&self, rel: &Path, e: Errno) -> io::Error {
        match e {
            Errno::ELOOP | Errno::ENOTDIR => io::Error::other(format!(
                "{} is a symbolic link or not a directory; refusing to write through it",
                self.dir.join(rel).display()
            )),
            e => errno(e),
        }
    }

    fn split(rel: &str) -> io::Result<(&Path, &str)> {
        let p = Path::new(rel);
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| io::Error::other(format!("bad path {rel}")))?;
        Ok((p.parent().unwrap_or(Path::new("")), name))
    }

    /// Make `rel` hold `entry` (Absent removes it). Returns the directories
    /// it had to create.
    pub fn put(&self, rel: &str, entry: &Entry) -> io::Result<Vec<String>> {
        let (parent, name) = Self::split(rel)?;
        let mut created = Vec::new();
        let create = !matches!(entry, Entry::Absent);
        let dir = match self.open_dir(parent, create, &mut created) {
            Ok(d) => d,
            // Removing something whose directory is gone: already done.
            Err(e) if !create && e.kind() == io::ErrorKind::NotFound => return Ok(created),
            Err(e) => return Err(e),
        };
        let dfd = dir.as_raw_fd();
        let tmp = format!(".{name}.lvs-realserver.{}.tmp", std::process::id());
        match entry {
            Entry::Absent => match unlinkat(Some(dfd), name, UnlinkatFlags::NoRemoveDir) {
                Ok(()) | Err(Errno::ENOENT) => {}
                Err(e) => return Err(errno(e)),
            },
            Entry::File { mode, content } => {
                let _ = unlinkat(Some(dfd), tmp.as_str(), UnlinkatFlags::NoRemoveDir);
                let flags = OFlag::O_WRONLY
                    | OFlag::O_CREAT
                    | OFlag::O_EXCL
                    | OFlag::O_NOFOLLOW
                    | OFlag::O_CLOEXEC;
                let m = Mode::from_bits_truncate(*mode);
                let fd = openat_owned(dfd, Path::new(&tmp), flags, m).map_err(errno)?;
                let result = (|| -> io::Result<()> {
                    // The umask must not decide the mode.
                    fchmod(fd.as_raw_fd(), m).map_err(errno)?;
                    let mut f = File::from(fd);
                    f.write_all(content)?;
                    f.sync_all()?;
                    renameat(Some(dfd), tmp.as_str(), Some(dfd), name).map_err(errno)
                })();
                if let Err(e) = result {
                    let _ = unlinkat(Some(dfd), tmp.as_str(), UnlinkatFlags::NoRemoveDir);
                    return Err(e);
                }
            }
            Entry::Symlink { target } => {
                let _ = unlinkat(Some(dfd), tmp.as_str(), UnlinkatFlags::NoRemoveDir);
                symlinkat(target.as_str(), Some(dfd), tmp.as_str()).map_err(errno)?;
                if let Err(e) = renameat(Some(dfd), tmp.as_str(), Some(dfd), name) {
                    let _ = unlinkat(Some(dfd), tmp.as_str(), UnlinkatFlags::NoRemoveDir);
                    return Err(errno(e));
                }
            }
            Entry::Other => {
                return Err(io::Error::other(format!(
                    "cannot create {}",
                    self.show(rel)
                )))
            }
        }
        fsync(dfd).map_err(errno)?;
        Ok(created)
    }

    /// Remove an empty directory we created; anything else is left alone.
    pub fn remove_dir_if_empty(&self, rel: &str) {
        let (parent, name) = match Self::split(rel) {
            Ok(x) => x,
            Err(_) => return,
        };
        if let Ok(dir) = self.open_dir(parent, false, &mut Vec::new()) {
            let _ = unlinkat(Some(dir.as_raw_fd()), name, UnlinkatFlags::RemoveDir);
        }
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A temporary directory removed on drop.
    pub struct TempDir(pub PathBuf);

    impl Default for TempDir {
        fn default() -> TempDir {
            TempDir::new()
        }
    }

    impl TempDir {
        pub fn new() -> TempDir {
            static N: AtomicUsize = AtomicUsize::new(0);
            let p = std::env::temp_dir().join(format!(
                "lvs-realserver-test-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::SeqCst)
            ));
            let _ = std::fs::remove_dir_all(&p);
            std::fs::create_dir_all(&p).unwrap();
            TempDir(p)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn file(mode: u32, s: &str) -> Entry {
        Entry::File {
            mode,
            content: s.as_bytes().to_vec(),
        }
    }

    #[test]
    fn writes_with_exact_mode_and_reports_created_dirs() {
        let t = TempDir::new();
        let r = Root::new(&t.0);
        let created = r
            .put("etc/sysctl.d/x.conf", &file(0o600, "a = 1\n"))
            .unwrap();
        assert_eq!(created, vec!["etc".to_string(), "etc/sysctl.d".to_string()]);
        assert_eq!(
            r.read("etc/sysctl.d/x.conf").unwrap(),
            file(0o600, "a = 1\n")
        );
        // Replacing keeps no temporary file behind.
        r.put("etc/sysctl.d/x.conf", &file(0o644, "a = 2\n"))
            .unwrap();
        assert_eq!(r.list("etc/sysctl.d"), vec!["x.conf".to_string()]);
        assert_eq!(
            r.read("etc/sysctl.d/x.conf").unwrap(),
            file(0o644, "a = 2\n")
        );
        r.put("etc/sysctl.d/x.conf", &Entry::Absent).unwrap();
        assert_eq!(r.read("etc/sysctl.d/x.conf").unwrap(), Entry::Absent);
        r.remove_dir_if_empty("etc/sysctl.d");
        assert!(!r.is_dir("etc/sysctl.d"));
    }

    #[test]
    fn refuses_a_symlinked_directory() {
        let t = TempDir::new();
        let outside = TempDir::new();
        std::fs::create_dir_all(t.0.join("etc")).unwrap();
        std::os::unix::fs::symlink(&outside.0, t.0.join("etc/sysctl.d")).unwrap();
        let r = Root::new(&t.0);
        let e = r.put("etc/sysctl.d/x.conf", &file(0o644, "x")).unwrap_err();
        assert!(e.to_string().contains("refusing"), "{e}");
        assert!(std::fs::read_dir(&outside.0).unwrap().next().is_none());
    }

    #[test]
    fn replaces_a_symlink_instead_of_following_it() {
        let t = TempDir::new();
        let outside = TempDir::new();
        let victim = outside.0.join("victim");
        std::fs::write(&victim, "keep").unwrap();
        std::fs::create_dir_all(t.0.join("etc")).unwrap();
        std::os::unix::fs::symlink(&victim, t.0.join("etc/f")).unwrap();
        let r = Root::new(&t.0);
        r.put("etc/f", &file(0o644, "new")).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        assert_eq!(r.read("etc/f").unwrap(), file(0o644, "new"));
    }

    #[test]
    fn symlinks_are_created_and_read_back() {
        let t = TempDir::new();
        let r = Root::new(&t.0);
        let link = Entry::Symlink {
            target: "/etc/systemd/system/u.service".into(),
        };
        r.put("etc/systemd/system/w/u.service", &link).unwrap();
        assert_eq!(r.read("etc/systemd/system/w/u.service").unwrap(), link);
    }
}
