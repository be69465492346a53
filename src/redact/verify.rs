//! Checking a copy before it is released: scan it with the full scanner
//! (the same policy, content detectors and roster as the input's scan) and
//! list anything that would still block it. The caller deletes a copy that
//! does not pass.

use std::path::Path;

use crate::finding::{Severity, Verdict};
use crate::numbers::thousands;
use crate::report::escape::escape;
use crate::scan::Scanner;
use crate::source::Input;

/// Most problems listed for one copy.
const MAX_PROBLEMS: usize = 20;

/// Scan the written copy at `path` (its final file name is `name`, which
/// decides CSV vs TSV). `Ok` when nothing blocks, with what is still for an
/// officer to decide (review findings, such as small counts kept on
/// purpose); otherwise what remained that blocks.
pub fn verify(scanner: &Scanner, path: &Path, name: &str) -> Result<Vec<String>, Vec<String>> {
    let report = scanner.scan_input(Input::Path(path), name, name);
    let mut problems = Vec::new();
    if report.verdict == Verdict::Error {
        problems.push(format!(
            "the copy could not be inspected: {}",
            report.error.as_deref().unwrap_or("unknown reason")
        ));
    }
    let listed = |severity: Severity| {
        let lines: Vec<String> = report
            .findings
            .iter()
            .filter(|f| f.severity == severity && !f.accepted)
            .map(|f| {
                let mut at = f
                    .sheet
                    .as_ref()
                    .map(|s| format!("'{}'", escape(s)))
                    .unwrap_or_default();
                if let Some(c) = &f.cell {
                    at.push_str(&format!("!{c}"));
                }
                if let Some(p) = &f.part {
                    at.push_str(&format!(" ({p})"));
                }
                format!("{} at {}: {}", f.kind, at.trim(), f.message)
            })
            .collect();
        capped(lines)
    };
    problems.extend(listed(Severity::Block));
    if problems.is_empty() {
        return Ok(listed(Severity::Review));
    }
    Err(capped(problems))
}

/// At most [`MAX_PROBLEMS`] lines, and a last one saying how many more.
fn capped(mut lines: Vec<String>) -> Vec<String> {
    let n = lines.len();
    if n > MAX_PROBLEMS {
        lines.truncate(MAX_PROBLEMS);
        lines.push(format!("and {} more", thousands((n - MAX_PROBLEMS) as u64)));
    }
    lines
}
