//! Where a report goes: standard output, or a file (`-o FILE`) written
//! atomically — to a temporary file beside the target, moved into place
//! only when complete, so a reader never sees half a report and a failed
//! run leaves the old report (if any) untouched.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A file being written beside its target; removed unless committed.
pub struct AtomicFile {
    tmp: PathBuf,
    target: PathBuf,
    file: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Create the temporary file beside `target` (same folder, so the final
    /// rename is atomic).
    pub fn create(target: &Path) -> std::io::Result<AtomicFile> {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "report".into());
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let tmp = dir.join(format!(".{name}.foiguard-{}-{n}.tmp", std::process::id()));
            match OpenOptions::new().write(true).create_new(true).open(&tmp) {
                Ok(f) => {
                    return Ok(AtomicFile {
                        tmp,
                        target: target.to_path_buf(),
                        file: Some(BufWriter::new(f)),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Flush, sync and move into place.
    pub fn commit(mut self) -> std::io::Result<()> {
        if let Some(w) = self.file.take() {
            let f = w.into_inner().map_err(|e| e.into_error())?;
            f.sync_all()?;
        }
        std::fs::rename(&self.tmp, &self.target)?;
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
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
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
