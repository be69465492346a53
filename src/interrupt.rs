//! An interrupted run leaves nothing half-written. Every output is written
//! to a temporary file beside its target and moved into place when
//! complete (see [`crate::report::output::create_temp`]); a run stopped by
//! Ctrl-C, `kill` (SIGTERM) or a closed terminal (SIGHUP) would leave that
//! temporary file behind — in a release folder, an unverified partial copy.
//! Temporary files are tracked while they exist, and on such a signal they
//! are removed before the process exits with status 128 + the signal
//! (130 for Ctrl-C, 143 for SIGTERM).
//!
//! ```
//! use std::path::Path;
//! foiguard::interrupt::track(Path::new("/tmp/.r.json.foiguard-1-0.tmp"));
//! foiguard::interrupt::untrack(Path::new("/tmp/.r.json.foiguard-1-0.tmp"));
//! ```

use std::path::{Path, PathBuf};
use std::sync::Mutex;

static TEMPORARY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn temporary() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    TEMPORARY.lock().unwrap_or_else(|p| p.into_inner())
}

/// A temporary output now exists at `path`.
pub fn track(path: &Path) {
    temporary().push(path.to_path_buf());
}

/// The temporary output at `path` was moved into place or removed.
pub fn untrack(path: &Path) {
    let mut t = temporary();
    if let Some(i) = t.iter().rposition(|p| p == path) {
        t.swap_remove(i);
    }
}

/// Whether `path` is one of this run's temporary outputs (matched by file
/// name, which holds the process id and a counter): a report written into
/// a folder being scanned is not one of its files.
pub fn is_temporary(path: &Path) -> bool {
    let Some(name) = path.file_name() else {
        return false;
    };
    temporary().iter().any(|t| t.file_name() == Some(name))
}

/// Remove every temporary output still there; returns how many.
pub fn remove_temporary() -> usize {
    remove_all(&mut temporary())
}

fn remove_all(list: &mut Vec<PathBuf>) -> usize {
    list.drain(..)
        .filter(|p| std::fs::remove_file(p).is_ok())
        .count()
}

/// Listen for SIGINT, SIGTERM and SIGHUP on a thread of its own: on one,
/// remove the temporary outputs and exit. Call once, early in `main`.
#[cfg(unix)]
pub fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return; // Without it a signal ends the run as before.
    };
    let _ = std::thread::Builder::new()
        .name("foiguard-signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                // Hold the list while exiting: no new temporary file is
                // tracked (and so none is left) after this point.
                let removed = remove_temporary();
                let note = if removed > 0 {
                    format!("; {removed} unfinished output(s) removed")
                } else {
                    String::new()
                };
                eprintln!("foiguard: interrupted{note}");
                std::process::exit(128 + sig);
            }
        });
}

/// Signals end the run as they always did where there are none to catch.
#[cfg(not(unix))]
pub fn install() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracked_until_untracked() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.tmp");
        track(&a);
        assert!(temporary().contains(&a));
        untrack(&a);
        assert!(!temporary().contains(&a));
    }

    #[test]
    fn removing_takes_what_is_there_and_empties_the_list() {
        let dir = tempfile::tempdir().unwrap();
        let (a, gone) = (dir.path().join("a.tmp"), dir.path().join("gone.tmp"));
        std::fs::write(&a, "partial").unwrap();
        let mut list = vec![a.clone(), gone];
        assert_eq!(remove_all(&mut list), 1);
        assert!(!a.exists() && list.is_empty());
    }
}
