//! Writing outputs safely: each output is written to a temporary file beside
//! its target and moved into place only when complete and verified. On any
//! failure (or a panic) the temporary file is removed, so nothing is left
//! behind. An existing target is never replaced unless the user said `--force`.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A temporary file that becomes `target` on [`PendingFile::commit`].
#[derive(Debug)]
pub struct PendingFile {
    tmp: PathBuf,
    target: PathBuf,
    done: bool,
}

/// The error for an output that exists already.
pub fn exists_message(target: &Path) -> String {
    format!(
        "{} exists; refusing to overwrite it (use --force to replace it)",
        target.display()
    )
}

impl PendingFile {
    /// Create the temporary file beside `target`. Fails when `target`
    /// exists and `force` is not set, or when the folder is not writable.
    pub fn create(target: &Path, force: bool) -> Result<(PendingFile, File), String> {
        if !force && std::fs::symlink_metadata(target).is_ok() {
            return Err(exists_message(target));
        }
        if target.is_dir() {
            return Err(format!("{} is a folder", target.display()));
        }
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // Short enough that the temporary name fits any file system.
        let base: String = target
            .file_name()
            .map(|n| n.to_string_lossy().chars().take(80).collect())
            .unwrap_or_else(|| "output".into());
        for _ in 0..100 {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let tmp = dir.join(format!(".{base}.{}-{n}.foiguard-tmp", std::process::id()));
            match OpenOptions::new().write(true).create_new(true).open(&tmp) {
                Ok(f) => {
                    return Ok((
                        PendingFile {
                            tmp,
                            target: target.to_path_buf(),
                            done: false,
                        },
                        f,
                    ));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(format!(
                        "{}: cannot create a file in this folder: {e}",
                        dir.display()
                    ));
                }
            }
        }
        Err(format!(
            "{}: cannot find a free temporary file name",
            dir.display()
        ))
    }

    /// Where the content is being written.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Move the temporary file into place. Without `force` an existing
    /// target is never replaced, even one that appeared meanwhile.
    pub fn commit(mut self, force: bool) -> Result<(), String> {
        let result = if force {
            std::fs::rename(&self.tmp, &self.target).map_err(|e| {
                format!(
                    "{}: cannot move the output into place: {e}",
                    self.target.display()
                )
            })
        } else {
            // A hard link fails if the target exists: no window in which
            // another file could be replaced.
            match std::fs::hard_link(&self.tmp, &self.target) {
                Ok(()) => {
                    let _ = std::fs::remove_file(&self.tmp);
                    Ok(())
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    Err(exists_message(&self.target))
                }
                Err(_) if !self.target.exists() => std::fs::rename(&self.tmp, &self.target)
                    .map_err(|e| {
                        format!(
                            "{}: cannot move the output into place: {e}",
                            self.target.display()
                        )
                    }),
                Err(_) => Err(exists_message(&self.target)),
            }
        };
        if result.is_ok() {
            self.done = true;
        }
        result
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Commit several outputs: all or none. If one cannot be moved into place,
/// those already moved are removed again.
pub fn commit_all(files: Vec<PendingFile>, force: bool) -> Result<Vec<PathBuf>, String> {
    let mut placed: Vec<PathBuf> = Vec::new();
    let mut rest = files.into_iter();
    while let Some(f) = rest.next() {
        let target = f.target.clone();
        if let Err(e) = f.commit(force) {
            for p in &placed {
                let _ = std::fs::remove_file(p);
            }
            drop(rest);
            return Err(e);
        }
        placed.push(target);
    }
    Ok(placed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn commit_places_the_file_and_drop_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.xlsx");
        let (p, mut f) = PendingFile::create(&target, false).unwrap();
        f.write_all(b"hello").unwrap();
        assert!(p.path().starts_with(dir.path()));
        p.commit(false).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"hello");
        assert_eq!(names(dir.path()), ["out.xlsx"]);

        let (p, _f) = PendingFile::create(&dir.path().join("other.csv"), false).unwrap();
        drop(p);
        assert_eq!(
            names(dir.path()),
            ["out.xlsx"],
            "an abandoned output leaves nothing"
        );
    }

    #[test]
    fn refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        std::fs::write(&target, b"old").unwrap();
        assert!(
            PendingFile::create(&target, false)
                .unwrap_err()
                .contains("--force")
        );
        // A target that appears after the check is not replaced either.
        let t2 = dir.path().join("late.csv");
        let (p, mut f) = PendingFile::create(&t2, false).unwrap();
        f.write_all(b"new").unwrap();
        std::fs::write(&t2, b"someone else's").unwrap();
        assert!(p.commit(false).is_err());
        assert_eq!(std::fs::read(&t2).unwrap(), b"someone else's");
        let (p, mut f) = PendingFile::create(&target, true).unwrap();
        f.write_all(b"new").unwrap();
        p.commit(true).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["late.csv", "out.csv"]);
    }

    #[test]
    fn commit_all_is_all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.csv"), b"there").unwrap();
        let (a, _) = PendingFile::create(&dir.path().join("a.csv"), false).unwrap();
        let (b, _) = PendingFile::create(&dir.path().join("b.csv"), true).unwrap();
        assert!(commit_all(vec![a, b], false).is_err());
        assert_eq!(names(dir.path()), ["b.csv"]);
    }
}
