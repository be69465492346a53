//! Scanning: one file through source -> detectors -> policy, and many files
//! in parallel.
//!
//! ```no_run
//! use foiguard::scan::Scanner;
//! use foiguard::policy::Policy;
//! let scanner = Scanner::new(Policy::default());
//! let report = scanner.scan_paths(&["outbox".into()]);
//! for f in &report.files {
//!     println!("{} {}", f.verdict.as_str(), f.path);
//! }
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::detect::collector::Collector;
use crate::finding::{Finding, Verdict};
use crate::policy::Policy;
use crate::report::mask::mask;
use crate::report::{FileReport, Report, Summary};
use crate::source::{self, Context, Input};
use crate::walk::{Target, targets};

/// Everything a scan needs, built once and shared by every file.
pub struct Scanner {
    pub policy: Policy,
    /// Show values in reports unmasked.
    pub show_values: bool,
}

impl Scanner {
    pub fn new(policy: Policy) -> Self {
        Scanner {
            policy,
            show_values: false,
        }
    }

    /// Scan every file named or found below the folders named, in parallel.
    pub fn scan_paths(&self, paths: &[PathBuf]) -> Report {
        let started = Instant::now();
        let mut skipped = Vec::new();
        let list = targets(paths, &mut skipped);
        let files: Vec<FileReport> = list
            .par_iter()
            .map(|t| match t {
                Target::File(p) => self.scan_file(p),
                Target::Problem(p, why) => FileReport::error(p, None, why.clone()),
            })
            .collect();
        let summary = Summary::of(&files, skipped.len(), started.elapsed());
        Report {
            tool: crate::report::Tool::default(),
            policy: self.policy.source.clone(),
            files,
            summary,
        }
    }

    /// Scan one file on disk.
    pub fn scan_file(&self, path: &Path) -> FileReport {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        self.scan_input(Input::Path(path), &name, &path.display().to_string())
    }

    /// Scan one input; `name` is its file name, `display` how reports name it.
    pub fn scan_input(&self, input: Input<'_>, name: &str, display: &str) -> FileReport {
        let ctx = Context::new(name, self.policy.limits.clone());
        let collector = Collector::new(&self.policy);
        let result = source::inspect(input, &ctx, &collector);
        let collected = collector.finish();
        let mut findings = collected.findings;
        self.finish_findings(&mut findings);
        match result {
            Err(e) => {
                let mut r = FileReport::error(Path::new(display), None, e.to_string());
                r.findings = findings;
                r
            }
            Ok(format) => {
                let verdict = if collected.incomplete.is_empty() {
                    Verdict::from_severities(findings.iter().map(|f| f.severity))
                } else {
                    Verdict::Error
                };
                let error = (!collected.incomplete.is_empty()).then(|| {
                    format!("not fully inspected: {}", collected.incomplete.join("; "))
                });
                FileReport {
                    path: display.to_string(),
                    format: Some(format.as_str().to_string()),
                    verdict,
                    error,
                    findings,
                }
            }
        }
    }

    fn finish_findings(&self, findings: &mut [Finding]) {
        if !self.show_values {
            for f in findings.iter_mut() {
                if let Some(s) = &f.sample {
                    f.sample = Some(mask(s));
                }
            }
        }
        findings.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| a.embedded.cmp(&b.embedded))
                .then_with(|| a.sheet.cmp(&b.sheet))
                .then_with(|| a.kind.cmp(&b.kind))
                .then_with(|| a.part.cmp(&b.part))
                .then_with(|| a.cell.cmp(&b.cell))
        });
    }
}
