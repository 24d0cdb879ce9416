//! Replacing a file so that a reader, a crash or a `kill -9` only ever
//! finds the old text or the new one, whole.

use nix::errno::Errno;
use nix::fcntl::{AtFlags, OFlag};
use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, ErrorKind, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Replace the file at `path` with `contents`: the new text goes to a file
/// in the same directory, gets the old file's mode and owner (`new_mode`
/// and the caller's owner when there was none), is synced, then renamed
/// over the old one, and the directory is synced. A symbolic link is
/// followed: the file it names is replaced, the link stays.
///
/// The new file is created unnamed (`O_TMPFILE`) where the filesystem
/// allows, so a process killed while writing leaves nothing behind; it
/// gets a name (`.NAME.PID-N`) only just before the rename. What a process
/// killed in between left is removed by the next replace of the same file.
pub fn replace_file(path: &Path, contents: &[u8], new_mode: u32) -> io::Result<()> {
    let target = match fs::canonicalize(path) {
        Ok(target) => target,
        Err(e) if e.kind() == ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(e),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Some(name) = target.file_name() else {
        return Err(io::Error::new(ErrorKind::InvalidInput, "not a file name"));
    };
    let (mode, owner) = match fs::metadata(&target) {
        Ok(m) if !m.is_file() => {
            return Err(io::Error::new(
                ErrorKind::InvalidInput,
                "not a regular file",
            ))
        }
        Ok(m) => (m.mode() & 0o7777, Some((m.uid(), m.gid()))),
        Err(e) if e.kind() == ErrorKind::NotFound => (new_mode & 0o7777, None),
        Err(e) => return Err(e),
    };
    let temp = |n: u32| {
        dir.join(format!(
            ".{}.{}-{n}",
            name.to_string_lossy(),
            std::process::id()
        ))
    };

    // An unnamed file is named through /proc; without /proc, or where the
    // filesystem or kernel has no unnamed files, a named one, which a kill
    // leaves behind.
    let unnamed = if Path::new("/proc/self/fd").is_dir() {
        OpenOptions::new()
            .write(true)
            .custom_flags(OFlag::O_TMPFILE.bits() | OFlag::O_CLOEXEC.bits())
            .mode(0o600)
            .open(&dir)
    } else {
        Err(Errno::EOPNOTSUPP.into())
    };
    let (mut file, mut named) = match unnamed {
        Ok(file) => (file, None),
        Err(e) if unnamed_unsupported(&e) => {
            let (file, path) = create_named(&temp)?;
            (file, Some(path))
        }
        Err(e) => return Err(e),
    };
    let written = (|| {
        file.write_all(contents)?;
        if let Some((uid, gid)) = owner {
            let m = file.metadata()?;
            if (m.uid(), m.gid()) != (uid, gid) {
                std::os::unix::fs::fchown(&file, Some(uid), Some(gid))?;
            }
        }
        // After the owner: fchown clears set-id bits.
        file.set_permissions(Permissions::from_mode(mode))?;
        file.sync_all()?;
        let from = match &named {
            Some(p) => p.clone(),
            None => {
                let p = link_unnamed(&file, &temp)?;
                named = Some(p.clone());
                p
            }
        };
        fs::rename(&from, &target)
    })();
    if let Err(e) = written {
        if let Some(p) = &named {
            let _ = fs::remove_file(p);
        }
        return Err(e);
    }
    sweep(&dir, &name.to_string_lossy());
    File::open(&dir)?.sync_all()
}

/// Remove the new files (`.NAME.PID-N`) that processes which are gone left
/// in `dir`: killed between naming one and renaming it.
fn sweep(dir: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|rest| rest.split_once('-'))
            .filter(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|(pid, _)| pid.parse::<i32>().ok())
            .filter(|&pid| pid > 0)
        else {
            continue;
        };
        let gone =
            nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None) == Err(Errno::ESRCH);
        if gone && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn unnamed_unsupported(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error().map(Errno::from_raw),
        Some(Errno::EOPNOTSUPP | Errno::EISDIR | Errno::EINVAL)
    )
}

/// `make` at the first name `temp(n)` gives that is free (at most 100
/// tries): the value it made and the name it took.
fn first_free<T>(
    temp: &dyn Fn(u32) -> PathBuf,
    mut make: impl FnMut(&Path) -> io::Result<T>,
) -> io::Result<(T, PathBuf)> {
    let mut n = 0;
    loop {
        let path = temp(n);
        match make(&path) {
            Ok(made) => return Ok((made, path)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

/// A new file at the first free name `temp(n)` gives.
fn create_named(temp: &dyn Fn(u32) -> PathBuf) -> io::Result<(File, PathBuf)> {
    first_free(temp, |path| {
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
    })
}

/// Give the unnamed `file` the first free name `temp(n)` gives.
fn link_unnamed(file: &File, temp: &dyn Fn(u32) -> PathBuf) -> io::Result<PathBuf> {
    let proc_path = format!("/proc/self/fd/{}", file.as_raw_fd());
    let ((), path) = first_free(temp, |path| {
        nix::unistd::linkat(
            None,
            Path::new(&proc_path),
            None,
            path,
            AtFlags::AT_SYMLINK_FOLLOW,
        )
        .map_err(io::Error::from)
    })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("replace-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_file_gets_the_mode_asked_for_and_nothing_else_is_left() {
        let dir = scratch("new");
        let path = dir.join("rules");
        replace_file(&path, b"-A -t 10.0.0.1:80 -s rr\n", 0o640).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"-A -t 10.0.0.1:80 -s rr\n");
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o7777, 0o640);
        assert_eq!(entries(&dir), ["rules"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_existing_file_keeps_its_mode_owner_and_links() {
        let dir = scratch("old");
        let path = dir.join("rules");
        fs::write(&path, "old text that is longer than the new one\n").unwrap();
        fs::set_permissions(&path, Permissions::from_mode(0o604)).unwrap();
        let before = fs::metadata(&path).unwrap();
        std::os::unix::fs::symlink("rules", dir.join("link")).unwrap();
        replace_file(&dir.join("link"), b"new\n", 0o600).unwrap();
        let after = fs::metadata(&path).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new\n");
        assert_eq!(after.mode() & 0o7777, 0o604);
        assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
        assert_ne!(
            after.ino(),
            before.ino(),
            "replaced, not rewritten in place"
        );
        assert!(fs::symlink_metadata(dir.join("link"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(entries(&dir), ["link", "rules"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failure_leaves_the_old_file_and_no_litter() {
        let dir = scratch("fail");
        // A directory where the file should be: refused, nothing written.
        fs::create_dir(dir.join("rules")).unwrap();
        let e = replace_file(&dir.join("rules"), b"x\n", 0o600).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        // A directory that does not exist.
        let e = replace_file(&dir.join("none/rules"), b"x\n", 0o600).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert_eq!(entries(&dir), ["rules"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn what_a_killed_replace_left_is_swept_by_the_next() {
        let dir = scratch("sweep");
        let path = dir.join("rules");
        fs::write(&path, "old\n").unwrap();
        // A pid no process has (beyond pid_max), one that is alive (ours),
        // and names that are not ours to remove.
        for name in [
            ".rules.2147483646-0",
            ".rules.1-0",
            ".rules.x-0",
            ".other.2147483646-0",
            ".rules.2147483646-",
        ] {
            fs::write(dir.join(name), "left").unwrap();
        }
        replace_file(&path, b"new\n", 0o600).unwrap();
        assert_eq!(
            entries(&dir),
            [
                ".other.2147483646-0",
                ".rules.1-0",
                ".rules.2147483646-",
                ".rules.x-0",
                "rules"
            ]
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_named_fallback_takes_a_free_name_and_cleans_up() {
        let dir = scratch("named");
        let temp = |n: u32| dir.join(format!(".t-{n}"));
        fs::write(temp(0), "someone else's").unwrap();
        let (_, path) = create_named(&temp).unwrap();
        assert_eq!(path, temp(1));
        assert_eq!(fs::read(temp(0)).unwrap(), b"someone else's");
        fs::remove_dir_all(&dir).unwrap();
    }
}
