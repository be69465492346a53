//! The text report for people: grouped per file, verdict first, one line a
//! finding, a short "how to fix" per kind, a summary line at the end.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::escape::escape;
use super::{FileReport, Report};
use crate::finding::{Finding, Kind, Severity, Verdict};
use crate::numbers::{count, thousands};

/// Render options.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub color: bool,
    /// Show `info` findings too.
    pub verbose: bool,
}

fn paint(style: Style, code: &str, s: &str) -> String {
    if style.color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn verdict_label(style: Style, v: Verdict) -> String {
    let (code, label) = match v {
        Verdict::Block => ("1;31", "BLOCK "),
        Verdict::Review => ("1;33", "REVIEW"),
        Verdict::Pass => ("1;32", "PASS  "),
        Verdict::Error => ("1;35", "ERROR "),
    };
    paint(style, code, label)
}

/// Where a finding is, in words: `sheet 'Staff' C5 (xl/worksheets/sheet2.xml)`.
pub fn location(f: &Finding) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !f.embedded.is_empty() {
        parts.push(format!("in embedded {}", escape(&f.embedded.join(" > "))));
    }
    if let Some(s) = &f.sheet {
        parts.push(format!("sheet '{}'", escape(s)));
    }
    if let Some(c) = &f.cell {
        parts.push(escape(c));
    }
    if let Some(p) = &f.part
        && (f.sheet.is_none() || f.cell.is_none())
    {
        parts.push(format!("({})", escape(p)));
    }
    parts.join(" ")
}

fn file_block(out: &mut String, f: &FileReport, style: Style) {
    let shown: Vec<&Finding> = f
        .findings
        .iter()
        .filter(|x| style.verbose || x.severity > Severity::Info)
        .collect();
    let hidden_info = f.findings.len() - shown.len();
    let _ = write!(
        out,
        "{}  {}",
        verdict_label(style, f.verdict),
        escape(&f.path)
    );
    if let Some(fmt) = &f.format {
        let _ = write!(out, "  ({fmt})");
    }
    out.push('\n');
    if let Some(e) = &f.error {
        let _ = writeln!(out, "        {}", escape(e));
    }
    let mut hinted = BTreeSet::new();
    for x in &shown {
        let sev = match x.severity {
            Severity::Block => paint(style, "31", "block "),
            Severity::Review => paint(style, "33", "review"),
            Severity::Info => paint(style, "2", "info  "),
        };
        let loc = location(x);
        let _ = write!(out, "  {sev} {:<21} ", x.kind);
        if !loc.is_empty() {
            let _ = write!(out, "{loc}: ");
        }
        if x.accepted {
            // Reviewed and accepted (--accept): shown, but not counted.
            out.push_str(&paint(style, "36", "[accepted] "));
        }
        out.push_str(&escape(&x.message));
        if let Some(s) = &x.sample {
            let _ = write!(out, " [{}]", escape(s));
        }
        if !x.evidence.is_empty() {
            let _ = write!(out, " (evidence: {})", x.evidence.join(", "));
        }
        out.push('\n');
        if hinted.insert(x.kind.clone())
            && let Some(k) = Kind::parse(&x.kind)
        {
            let _ = writeln!(
                out,
                "         {} {}",
                paint(style, "2", "fix:"),
                k.fix_hint()
            );
        }
    }
    if hidden_info > 0 {
        let _ = writeln!(
            out,
            "  {}",
            paint(
                style,
                "2",
                &format!(
                    "({} info finding{} not shown; use --verbose)",
                    thousands(hidden_info as u64),
                    if hidden_info == 1 { "" } else { "s" }
                )
            )
        );
    }
}

/// Render the whole report.
pub fn render(report: &Report, style: Style) -> String {
    let mut out = String::new();
    for f in &report.files {
        file_block(&mut out, f, style);
        out.push('\n');
    }
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}

/// The first `n` of `paths`, escaped, and how many more there are
/// ("a.docx, b.pdf and 4 more").
fn name_some(paths: &[String], n: usize) -> String {
    let shown: Vec<String> = paths.iter().take(n).map(|p| escape(p)).collect();
    let mut out = shown.join(", ");
    if paths.len() > n {
        let _ = write!(out, " and {} more", thousands((paths.len() - n) as u64));
    }
    out
}

/// The one-line summary: files, blocked, review, errors, time, policy.
pub fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let mut line = format!(
        "{} file{}: {} blocked, {} to review, {} passed, {} not inspected",
        thousands(s.files as u64),
        if s.files == 1 { "" } else { "s" },
        thousands(s.block as u64),
        thousands(s.review as u64),
        thousands(s.pass as u64),
        thousands(s.error as u64)
    );
    if s.skipped > 0 {
        let _ = write!(
            line,
            ", {} skipped ({})",
            count(s.skipped as u64, "other file", "other files"),
            name_some(&s.skipped_files, 3)
        );
    }
    if s.accepted > 0 {
        let _ = write!(
            line,
            ", {} accepted finding{}",
            thousands(s.accepted as u64),
            if s.accepted == 1 { "" } else { "s" }
        );
    }
    let _ = write!(
        line,
        " ({:.2} s). Policy: {}.",
        s.elapsed_ms as f64 / 1000.0,
        escape(&report.policy)
    );
    if let Some(c) = &report.config {
        let _ = write!(line, " Config: {}.", escape(c));
    }
    if let Some(a) = &report.accept {
        let _ = write!(line, " Accepted findings: {}.", escape(a));
    }
    if let Some(r) = &report.roster {
        let _ = write!(line, " Roster: {}.", escape(r));
    }
    if s.block > 0 {
        line.push_str(" Do not release blocked files: fix them or use `foiguard redact`.");
    }
    if s.review > 0 {
        line.push_str(
            " Decide on each file to review before release: fix what must not go, or record why \
             it may (`foiguard accept`).",
        );
    }
    if s.error > 0 {
        line.push_str(" Files not inspected must not be released until they can be.");
    }
    line
}
