//! WHAT TO DO WITH A HIT: the report of a scan, and its renderers. A report
//! never opens a file; it reads findings only.

pub mod escape;
pub mod html;
pub mod json;
pub mod jsonl;
pub mod mask;
pub mod output;
pub mod progress;
pub mod sarif;
pub mod text;
pub mod usage;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use crate::finding::{Finding, Verdict};

/// The name and version of the tool, for reports.
#[derive(Clone, Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

impl Default for Tool {
    fn default() -> Self {
        Tool {
            name: "foiguard",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// The result for one file.
#[derive(Clone, Debug, Serialize)]
pub struct FileReport {
    pub path: String,
    /// The format read from the bytes (null when it could not be told).
    pub format: Option<String>,
    /// SHA-256 of the bytes scanned, lowercase hex (null when the file
    /// could not be read). Accepted findings are tied to it.
    pub sha256: Option<String>,
    pub verdict: Verdict,
    /// Why the file could not be fully inspected (null unless verdict is error).
    pub error: Option<String>,
    pub findings: Vec<Finding>,
    /// What was inspected, for a reviewer: the sheets (with their state
    /// and cell count) and the package parts the readers reported on.
    pub inspected: Vec<String>,
}

impl FileReport {
    pub fn error(path: &Path, format: Option<String>, reason: String) -> Self {
        FileReport {
            path: escape::shown_path(path),
            format,
            sha256: None,
            verdict: Verdict::Error,
            error: Some(reason),
            findings: Vec::new(),
            inspected: Vec::new(),
        }
    }
}

/// Counts over all files of a scan.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub files: usize,
    pub pass: usize,
    pub review: usize,
    pub block: usize,
    pub error: usize,
    /// Files in scanned folders that are not spreadsheets or CSVs...
    pub skipped: usize,
    /// ...and their paths, so nobody takes a folder's "pass" for its
    /// Word files and PDFs.
    pub skipped_files: Vec<String>,
    pub findings: usize,
    /// Findings an officer accepted (`--accept`); they are among `findings`.
    pub accepted: usize,
    pub elapsed_ms: u64,
}

impl Summary {
    pub fn of(files: &[FileReport], skipped: &[PathBuf], elapsed: Duration) -> Summary {
        let mut s = Summary {
            files: files.len(),
            skipped: skipped.len(),
            skipped_files: skipped.iter().map(|p| escape::shown_path(p)).collect(),
            elapsed_ms: elapsed.as_millis() as u64,
            ..Default::default()
        };
        for f in files {
            s.findings += f.findings.len();
            s.accepted += f.findings.iter().filter(|x| x.accepted).count();
            match f.verdict {
                Verdict::Pass => s.pass += 1,
                Verdict::Review => s.review += 1,
                Verdict::Block => s.block += 1,
                Verdict::Error => s.error += 1,
            }
        }
        s
    }
}

/// A whole scan.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub tool: Tool,
    /// The policy in force: "built-in default" or the policy file's path.
    pub policy: String,
    /// The `foiguard.toml` in force (null when none was used).
    pub config: Option<String>,
    /// The accepted-findings file in force (null when none).
    pub accept: Option<String>,
    /// The roster in force: the organisation's own people (null when none).
    pub roster: Option<String>,
    pub files: Vec<FileReport>,
    pub summary: Summary,
}

impl Report {
    /// The exit status a pre-send hook acts on: 2 if any file could not be
    /// inspected, else 1 if any file is blocked (or needs review, when
    /// `fail_on_review`), else 0.
    pub fn exit_status(&self, fail_on_review: bool) -> i32 {
        if self.summary.error > 0 {
            2
        } else if self.summary.block > 0 || (fail_on_review && self.summary.review > 0) {
            1
        } else {
            0
        }
    }
}
