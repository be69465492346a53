//! File moves the watcher can repeat after a crash without losing or
//! doubling a file: never overwrite (hard link, then unlink; or copy to a
//! temporary name, sync, link into place), and check the SHA-256 of what
//! arrived.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Names the watcher never picks up: Office and LibreOffice lock files,
/// hidden files (including its own state folder), and the temporary files
/// editors, browsers and copy tools write while saving.
///
/// ```
/// use foiguard::watch::fsops::ignored;
/// assert!(ignored("~$response.xlsx"));
/// assert!(ignored(".~lock.response.xlsx#"));
/// assert!(ignored("response.xlsx.part"));
/// assert!(ignored("3E5A1B0C"));          // Excel's temporary file while saving
/// assert!(!ignored("response.xlsx"));
/// ```
pub fn ignored(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if name.starts_with("~$")
        || name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with('~')
    {
        return true;
    }
    const TEMP: &[&str] = &[
        ".tmp",
        ".temp",
        ".part",
        ".partial",
        ".crdownload",
        ".download",
        ".swp",
        ".filepart",
        ".!ut",
    ];
    if TEMP.iter().any(|t| lower.ends_with(t)) {
        return true;
    }
    // Excel saves through a temporary file named with 8 hex digits and no extension.
    name.len() == 8 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Copy `from` to `to` (created fresh), hashing the bytes on the way, and
/// sync. Returns (SHA-256 hex, bytes).
pub fn copy_hashing(from: &Path, to: &Path) -> std::io::Result<(String, u64)> {
    let mut src = File::open(from)?;
    let _ = fs::remove_file(to);
    let mut dst = OpenOptions::new().write(true).create_new(true).open(to)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut n = 0u64;
    loop {
        let k = match src.read(&mut buf) {
            Ok(0) => break,
            Ok(k) => k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        h.update(&buf[..k]);
        dst.write_all(&buf[..k])?;
        n += k as u64;
    }
    dst.sync_all()?;
    Ok((crate::accept::hex(&h.finalize()), n))
}

/// How a move ended.
#[derive(Debug, PartialEq)]
pub enum Moved {
    /// Moved now.
    Now,
    /// Found already at the target (an earlier run moved it).
    Already,
}

/// Move `from` to `to` without ever replacing an existing file, checking
/// that `to` ends up holding bytes with SHA-256 `sha`. Safe to repeat: if
/// `from` is gone and `to` holds the right bytes, the move already
/// happened; if both exist with the same bytes, `from` is removed.
pub fn move_checked(from: &Path, to: &Path, sha: &str) -> Result<Moved, String> {
    let from_exists = fs::symlink_metadata(from).is_ok();
    let to_exists = fs::symlink_metadata(to).is_ok();
    match (from_exists, to_exists) {
        (false, true) => {
            return match crate::accept::sha256_file(to) {
                Ok(h) if h == sha => Ok(Moved::Already),
                Ok(_) => Err(format!(
                    "{} holds other bytes than the file it should",
                    to.display()
                )),
                Err(e) => Err(format!("{}: cannot read: {e}", to.display())),
            };
        }
        (false, false) => {
            return Err(format!(
                "{} is missing and was never moved to {}",
                from.display(),
                to.display()
            ));
        }
        (true, true) => {
            return match crate::accept::sha256_file(to) {
                Ok(h) if h == sha => {
                    fs::remove_file(from)
                        .map_err(|e| format!("{}: cannot remove: {e}", from.display()))?;
                    Ok(Moved::Already)
                }
                _ => Err(format!(
                    "{} already exists (another file): not replaced",
                    to.display()
                )),
            };
        }
        (true, false) => {}
    }
    match fs::hard_link(from, to) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(format!("{} already exists: not replaced", to.display()));
        }
        Err(_) => {
            // Another file system (or no hard links): copy beside the
            // target, sync, then link the copy into place.
            let tmp = temp_beside(to);
            let (h, _) = copy_hashing(from, &tmp).map_err(|e| {
                let _ = fs::remove_file(&tmp);
                format!("{}: cannot copy to {}: {e}", from.display(), tmp.display())
            })?;
            if h != sha {
                let _ = fs::remove_file(&tmp);
                return Err(format!(
                    "{} changed: its bytes are not the ones scanned",
                    from.display()
                ));
            }
            let linked = match fs::hard_link(&tmp, to) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    Err(format!("{} already exists: not replaced", to.display()))
                }
                // No hard links at all: rename, having checked the name is free.
                Err(_) if fs::symlink_metadata(to).is_err() => fs::rename(&tmp, to)
                    .map_err(|e| format!("{}: cannot move into place: {e}", to.display())),
                Err(e) => Err(format!("{}: cannot move into place: {e}", to.display())),
            };
            let _ = fs::remove_file(&tmp);
            linked?;
        }
    }
    sync_dir(to);
    match crate::accept::sha256_file(to) {
        Ok(h) if h == sha => {}
        Ok(_) => {
            return Err(format!(
                "{} does not hold the bytes that were scanned",
                to.display()
            ));
        }
        Err(e) => return Err(format!("{}: cannot read back: {e}", to.display())),
    }
    fs::remove_file(from)
        .map_err(|e| format!("{}: cannot remove after moving: {e}", from.display()))?;
    Ok(Moved::Now)
}

fn temp_beside(to: &Path) -> PathBuf {
    let name = to
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    to.with_file_name(format!(".{name}.foiguard-{}.tmp", std::process::id()))
}

/// Make a rename or link in `path`'s folder durable (best effort).
pub fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent()
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
}

/// A name in `dir` for `name` that is free, with every one of `suffixes`
/// added to it free too: `name`, then `stem (2).ext`, `stem (3).ext`, ...
pub fn free_name(dir: &Path, name: &str, suffixes: &[&str], taken: &[PathBuf]) -> PathBuf {
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    };
    for n in 1u32.. {
        let candidate = if n == 1 {
            name.to_string()
        } else {
            format!("{stem} ({n}){ext}")
        };
        let free = |p: PathBuf| fs::symlink_metadata(&p).is_err() && !taken.contains(&p);
        if free(dir.join(&candidate))
            && suffixes
                .iter()
                .all(|s| free(dir.join(format!("{candidate}{s}"))))
        {
            return dir.join(candidate);
        }
    }
    dir.join(name)
}

/// A process that has `path` open for writing, as "NAME (pid N)", if this
/// user can see one. A program that writes a file in bursts (a paused
/// export, a slow network copy) leaves it the same size for a while; a
/// file still open for writing is not finished, however long it has kept
/// still. Linux only (it reads `/proc`); elsewhere, and for other users'
/// processes this user cannot inspect, nothing is found. To ask about many
/// files, look once with [`open_for_writing_all`].
///
/// ```
/// use foiguard::watch::fsops::open_for_writing;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("export.csv");
/// let file = std::fs::File::create(&path).unwrap();
/// # #[cfg(target_os = "linux")]
/// assert!(open_for_writing(&path).is_some());
/// drop(file);
/// assert!(open_for_writing(&path).is_none());
/// ```
pub fn open_for_writing(path: &Path) -> Option<String> {
    let id = file_id(&fs::metadata(path).ok()?);
    open_for_writing_all().remove(&id)
}

/// A file's identity whatever its name: (device, inode) on unix.
pub fn file_id(meta: &fs::Metadata) -> (u64, u64) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        (0, 0)
    }
}

/// Every file some visible process has open for writing, by [`file_id`],
/// with the process as "NAME (pid N)": one pass over `/proc` (Linux only;
/// empty elsewhere).
pub fn open_for_writing_all() -> HashMap<(u64, u64), String> {
    let mut found = HashMap::new();
    #[cfg(target_os = "linux")]
    {
        let Ok(procs) = fs::read_dir("/proc") else {
            return found;
        };
        for p in procs.flatten() {
            let pid = p.file_name();
            if !pid
                .to_str()
                .is_some_and(|s| s.bytes().all(|b| b.is_ascii_digit()))
            {
                continue;
            }
            let Ok(fds) = fs::read_dir(p.path().join("fd")) else {
                continue;
            };
            let mut name: Option<String> = None;
            for fd in fds.flatten() {
                // `stat` follows the descriptor's link to the open file.
                let Ok(m) = fs::metadata(fd.path()) else {
                    continue;
                };
                if !m.is_file() {
                    continue;
                }
                let info = fs::read_to_string(p.path().join("fdinfo").join(fd.file_name()));
                if info.is_ok_and(|i| writes(&i)) {
                    let who = name.get_or_insert_with(|| {
                        let comm = fs::read_to_string(p.path().join("comm")).unwrap_or_default();
                        format!("{} (pid {})", comm.trim(), pid.to_string_lossy())
                    });
                    found.entry(file_id(&m)).or_insert_with(|| who.clone());
                }
            }
        }
    }
    found
}

/// Whether an `fdinfo` text's `flags:` (octal) open the file for writing.
#[cfg(target_os = "linux")]
fn writes(fdinfo: &str) -> bool {
    fdinfo
        .lines()
        .find_map(|l| l.strip_prefix("flags:"))
        .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
        // O_WRONLY = 1, O_RDWR = 2 in the access-mode bits.
        .is_some_and(|f| f & 3 != 0)
}

/// Create a folder only this user can enter (unix), with its parents.
pub fn private_dir(path: &Path) -> std::io::Result<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn move_never_replaces_and_can_be_repeated() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.xlsx");
        let b = dir.path().join("b.xlsx");
        fs::write(&a, b"hello").unwrap();
        let sha = crate::accept::sha256_hex(b"hello");
        // Wrong hash: refused, nothing moved.
        fs::write(&b, b"other").unwrap();
        assert!(
            move_checked(&a, &b, &sha)
                .unwrap_err()
                .contains("not replaced")
        );
        assert_eq!(fs::read(&b).unwrap(), b"other");
        fs::remove_file(&b).unwrap();
        assert_eq!(move_checked(&a, &b, &sha).unwrap(), Moved::Now);
        assert!(!a.exists());
        assert_eq!(fs::read(&b).unwrap(), b"hello");
        // Repeating after the move: already done.
        assert_eq!(move_checked(&a, &b, &sha).unwrap(), Moved::Already);
        // A crash between link and unlink: both exist, same bytes.
        fs::write(&a, b"hello").unwrap();
        assert_eq!(move_checked(&a, &b, &sha).unwrap(), Moved::Already);
        assert!(!a.exists());
    }

    #[test]
    fn free_names_skip_taken_ones_and_their_reports() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            free_name(dir.path(), "r.xlsx", &[], &[]),
            dir.path().join("r.xlsx")
        );
        fs::write(dir.path().join("r.xlsx"), b"").unwrap();
        assert_eq!(
            free_name(dir.path(), "r.xlsx", &[], &[]),
            dir.path().join("r (2).xlsx")
        );
        fs::write(dir.path().join("r (2).xlsx.foiguard.json"), b"").unwrap();
        assert_eq!(
            free_name(dir.path(), "r.xlsx", &[".foiguard.json"], &[]),
            dir.path().join("r (3).xlsx")
        );
        assert_eq!(
            free_name(dir.path(), "r.xlsx", &[], &[dir.path().join("r (2).xlsx")]),
            dir.path().join("r (3).xlsx")
        );
    }
}
