//! Where a report goes: standard output, or a file (`-o FILE`) written
//! atomically — to a temporary file beside the target, moved into place
//! only when complete, so a reader never sees half a report and a failed
//! run leaves the old report (if any) untouched.
//!
//! A target that exists and is not a regular file (a pipe, a terminal,
//! `/dev/stdout`) is written straight to: there is nothing to replace, and
//! replacing it would put a file where the device or pipe was. A symbolic
//! link is followed, so the file it points to is replaced and the link
//! stays. A file replaced keeps its permissions (and owner where allowed):
//! a private report stays private. [`crate::redact::atomic`] writes the
//! redacted copies and the log the same way.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// How an output reaches its target.
#[derive(Debug)]
pub enum Placement {
    /// The target exists and is not a regular file or a folder (a pipe, a
    /// terminal, `/dev/stdout`): written straight to it.
    Stream,
    /// A temporary file beside `real` is moved over it. `real` is the
    /// target, or the file a symbolic link to a file points to; `keep` is
    /// the file being replaced, whose permissions and owner the new one
    /// takes.
    Replace {
        real: PathBuf,
        keep: Option<Metadata>,
    },
}

/// How an output to `target` is to be written.
pub fn placement(target: &Path) -> Placement {
    let replace = |keep: Option<Metadata>| Placement::Replace {
        real: target.to_path_buf(),
        keep,
    };
    match std::fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => match std::fs::metadata(target) {
            Ok(t) if t.is_file() => match std::fs::canonicalize(target) {
                Ok(real) => Placement::Replace {
                    real,
                    keep: Some(t),
                },
                Err(_) => replace(Some(t)),
            },
            Ok(t) if t.is_dir() => replace(None),
            Ok(_) => Placement::Stream,
            // A dangling link is replaced by the file.
            Err(_) => replace(None),
        },
        Ok(m) if m.is_file() => replace(Some(m)),
        Ok(m) if m.is_dir() => replace(None),
        Ok(_) => Placement::Stream,
        Err(_) => replace(None),
    }
}

/// Whether an output to `target` would replace something that exists (a
/// file, a link, a folder), as opposed to being new or a stream.
pub fn replaces_something(target: &Path) -> bool {
    std::fs::symlink_metadata(target).is_ok() && !matches!(placement(target), Placement::Stream)
}

/// Open a stream target for writing (no truncation: a pipe or a device).
pub fn open_stream(target: &Path) -> std::io::Result<File> {
    OpenOptions::new().write(true).open(target)
}

/// Give a temporary file the permissions and owner of the file it will
/// replace (`placement`'s `keep`). The owner is kept only where the
/// system allows it (as root, or the same owner).
pub fn keep_permissions(tmp: &File, old: Option<&Metadata>) {
    let Some(old) = old else {
        return;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(tmp, Some(old.uid()), Some(old.gid()));
    }
    let _ = tmp.set_permissions(old.permissions());
}

/// Create a new temporary file beside `real` (same folder, so the final
/// rename is atomic), named from `real`'s file name.
pub fn create_temp(real: &Path) -> std::io::Result<(PathBuf, File)> {
    let dir = match real.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Short enough that the temporary name fits any file system.
    let name: String = real
        .file_name()
        .map(|n| n.to_string_lossy().chars().take(80).collect())
        .unwrap_or_else(|| "output".into());
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.foiguard-{}-{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => {
                crate::interrupt::track(&tmp);
                return Ok((tmp, f));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(
        "cannot find a free temporary file name",
    ))
}

/// A report being written: to a temporary file beside its target (removed
/// unless committed), or straight to a pipe or device.
pub struct AtomicFile {
    /// `None` when writing straight to the target.
    tmp: Option<PathBuf>,
    target: PathBuf,
    file: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Start writing an output to `target` (see [`placement`]).
    pub fn create(target: &Path) -> std::io::Result<AtomicFile> {
        match placement(target) {
            Placement::Stream => Ok(AtomicFile {
                tmp: None,
                target: target.to_path_buf(),
                file: Some(BufWriter::new(open_stream(target)?)),
            }),
            Placement::Replace { real, keep } => {
                let (tmp, f) = create_temp(&real)?;
                keep_permissions(&f, keep.as_ref());
                Ok(AtomicFile {
                    tmp: Some(tmp),
                    target: real,
                    file: Some(BufWriter::new(f)),
                })
            }
        }
    }

    /// Flush, sync and move into place (a stream is only flushed).
    pub fn commit(mut self) -> std::io::Result<()> {
        if let Some(w) = self.file.take() {
            let f = w.into_inner().map_err(|e| e.into_error())?;
            if self.tmp.is_some() {
                f.sync_all()?;
            }
        }
        if let Some(tmp) = &self.tmp {
            std::fs::rename(tmp, &self.target)?;
            crate::interrupt::untrack(tmp);
            self.tmp = None;
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(std::io::Error::other("report file already committed")),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // Not committed: the temporary file goes.
        if let Some(tmp) = self.tmp.take() {
            let _ = std::fs::remove_file(&tmp);
            crate::interrupt::untrack(&tmp);
        }
    }
}

/// Write `bytes` to `target` atomically.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), String> {
    let mut f = AtomicFile::create(target)
        .map_err(|e| format!("{}: cannot write: {e}", target.display()))?;
    f.write_all(bytes)
        .and_then(|_| f.commit())
        .map_err(|e| format!("{}: cannot write: {e}", target.display()))
}

/// A report's destination: standard output or an atomic file.
pub enum Output {
    Stdout(std::io::Stdout),
    File(AtomicFile),
}

impl Output {
    /// `None`: standard output.
    pub fn open(path: Option<&Path>) -> Result<Output, String> {
        match path {
            None => Ok(Output::Stdout(std::io::stdout())),
            Some(p) => AtomicFile::create(p)
                .map(Output::File)
                .map_err(|e| format!("{}: cannot write: {e}", p.display())),
        }
    }

    /// Finish: flush standard output, or move the file into place.
    pub fn finish(self) -> std::io::Result<()> {
        match self {
            Output::Stdout(mut s) => s.flush(),
            Output::File(f) => f.commit(),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Stdout(s) => s.write(buf),
            Output::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Stdout(s) => s.flush(),
            Output::File(f) => f.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_drop_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.html");
        std::fs::write(&target, "old").unwrap();
        {
            let mut f = AtomicFile::create(&target).unwrap();
            f.write_all(b"half").unwrap();
            // dropped without commit
        }
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        write_atomic(&target, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(write_atomic(&dir.path().join("missing/x.html"), b"x").is_err());
    }
}
