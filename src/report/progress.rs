//! A progress bar on standard error for a text scan of many files, shown
//! only when standard error is a terminal (never in pipes, hooks or logs).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Report;
use crate::scan::Scanner;
use crate::walk::targets;

/// Whether a progress bar may be drawn: standard error is a terminal.
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// Scan `paths`, drawing a bar on standard error when `show` and there is
/// more than one file. The bar is cleared when the scan ends.
pub fn scan_with_progress(scanner: &Scanner, paths: &[PathBuf], show: bool) -> Report {
    let started = Instant::now();
    let mut skipped = Vec::new();
    let list = targets(paths, &mut skipped);
    let bar = (show && list.len() > 1).then(|| {
        let bar =
            ProgressBar::with_draw_target(Some(list.len() as u64), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{bar:30} {pos}/{len} files  {elapsed}  {wide_msg}")
        {
            bar.set_style(style);
        }
        bar
    });
    let report = scanner.scan_targets_each(&list, &skipped, started, |f| {
        if let Some(b) = &bar {
            b.set_message(super::escape::escape(&f.path));
            b.inc(1);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    report
}
