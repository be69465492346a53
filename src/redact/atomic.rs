//! Writing outputs safely: each output is written to a temporary file beside
//! its target and moved into place only when complete and verified. On any
//! failure (or a panic) the temporary file is removed, so nothing is left
//! behind. An existing target is never replaced unless the user said `--force`.
//! Targets are placed as reports are ([`crate::report::output::placement`]):
//! a link is followed and kept, a replaced file keeps its permissions, and a
//! pipe or device is written straight to (only the log can be one: a copy
//! must be a file, to be verified).

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::report::output::{Placement, create_temp, keep_permissions, open_stream, placement};

/// A temporary file that becomes `target` on [`PendingFile::commit`].
#[derive(Debug)]
pub struct PendingFile {
    /// The temporary file; the target itself for a pipe or device.
    tmp: PathBuf,
    /// The target as named (for messages and reports).
    target: PathBuf,
    /// Where the temporary file goes: the target, or the file a link to
    /// it points to.
    real: PathBuf,
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
    /// A pipe or device is opened to be written straight to (nothing is
    /// replaced, so `force` is not needed).
    pub fn create(target: &Path, force: bool) -> Result<(PendingFile, File), String> {
        let real = match placement(target) {
            Placement::Stream => {
                let f = open_stream(target)
                    .map_err(|e| format!("{}: cannot write: {e}", target.display()))?;
                return Ok((
                    PendingFile {
                        tmp: target.to_path_buf(),
                        target: target.to_path_buf(),
                        real: target.to_path_buf(),
                        done: true,
                    },
                    f,
                ));
            }
            Placement::Replace { real, keep } => (real, keep),
        };
        if !force && std::fs::symlink_metadata(target).is_ok() {
            return Err(exists_message(target));
        }
        if target.is_dir() {
            return Err(format!("{} is a folder", target.display()));
        }
        let (real, keep) = real;
        let dir = match real.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let (tmp, f) = create_temp(&real).map_err(|e| {
            format!(
                "{}: cannot create a file in this folder: {e}",
                dir.display()
            )
        })?;
        keep_permissions(&f, keep.as_ref());
        Ok((
            PendingFile {
                tmp,
                target: target.to_path_buf(),
                real,
                done: false,
            },
            f,
        ))
    }

    /// Where the content is being written.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Whether it is written straight to a pipe or device.
    pub fn is_stream(&self) -> bool {
        self.done
    }

    /// Move the temporary file into place. Without `force` an existing
    /// target is never replaced, even one that appeared meanwhile.
    pub fn commit(mut self, force: bool) -> Result<(), String> {
        if self.is_stream() {
            return Ok(());
        }
        let result = if force {
            std::fs::rename(&self.tmp, &self.real).map_err(|e| {
                format!(
                    "{}: cannot move the output into place: {e}",
                    self.target.display()
                )
            })
        } else {
            // A hard link fails if the target exists: no window in which
            // another file could be replaced.
            match std::fs::hard_link(&self.tmp, &self.real) {
                Ok(()) => {
                    let _ = std::fs::remove_file(&self.tmp);
                    Ok(())
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    Err(exists_message(&self.target))
                }
                Err(_) if !self.real.exists() => {
                    std::fs::rename(&self.tmp, &self.real).map_err(|e| {
                        format!(
                            "{}: cannot move the output into place: {e}",
                            self.target.display()
                        )
                    })
                }
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
        if self.tmp != self.target {
            crate::interrupt::untrack(&self.tmp);
        }
    }
}

/// Commit several outputs: all or none. If one cannot be moved into place,
/// those already moved are removed again.
pub fn commit_all(files: Vec<PendingFile>, force: bool) -> Result<Vec<PathBuf>, String> {
    let mut placed: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut rest = files.into_iter();
    while let Some(f) = rest.next() {
        let (target, real) = (f.target.clone(), f.real.clone());
        let stream = f.is_stream();
        if let Err(e) = f.commit(force) {
            for (_, real) in &placed {
                let _ = std::fs::remove_file(real);
            }
            drop(rest);
            return Err(e);
        }
        if !stream {
            placed.push((target, real));
        }
    }
    Ok(placed.into_iter().map(|(t, _)| t).collect())
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
