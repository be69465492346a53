//! The JSON Lines report: one line per file as soon as it is done, then one
//! summary line. For gateways and dashboards that act on each file while a
//! big folder is still being scanned.
//!
//! ```text
//! {"type":"file","path":"outbox/a.xlsx","format":"xlsx","sha256":"…","verdict":"block",…}
//! {"type":"file","path":"outbox/b.csv",…}
//! {"type":"summary","tool":{…},"policy":"built-in default","config":null,"accept":null,"summary":{…}}
//! ```
//!
//! File lines come in the order files finish (not the order given); each is
//! the same object as an entry of the JSON report's `files`, plus `"type"`.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

use serde::Serialize;

use super::{FileReport, Report, Summary, Tool};
use crate::scan::Scanner;

#[derive(Serialize)]
struct FileLine<'a> {
    r#type: &'static str,
    #[serde(flatten)]
    file: &'a FileReport,
}

#[derive(Serialize)]
struct SummaryLine<'a> {
    r#type: &'static str,
    tool: &'a Tool,
    policy: &'a str,
    config: &'a Option<String>,
    accept: &'a Option<String>,
    roster: &'a Option<String>,
    summary: &'a Summary,
}

/// One file's line (without the newline).
pub fn file_line(file: &FileReport) -> String {
    serde_json::to_string(&FileLine {
        r#type: "file",
        file,
    })
    .unwrap_or_else(|e| {
        format!(
            "{{\"type\":\"file\",\"internal_error\":{:?}}}",
            e.to_string()
        )
    })
}

/// The closing summary line (without the newline).
pub fn summary_line(report: &Report) -> String {
    serde_json::to_string(&SummaryLine {
        r#type: "summary",
        tool: &report.tool,
        policy: &report.policy,
        config: &report.config,
        accept: &report.accept,
        roster: &report.roster,
        summary: &report.summary,
    })
    .unwrap_or_else(|e| {
        format!(
            "{{\"type\":\"summary\",\"internal_error\":{:?}}}",
            e.to_string()
        )
    })
}

/// Scan `paths`, writing each file's line to `out` as soon as the file is
/// done and flushing it, then the summary line. Returns the report (for the
/// exit status) or the first write error.
pub fn stream(
    scanner: &Scanner,
    paths: &[PathBuf],
    out: &mut (dyn Write + Send),
) -> std::io::Result<Report> {
    let sink = Mutex::new((out, None::<std::io::Error>));
    let report = scanner.scan_paths_each(paths, |f| {
        let mut g = sink.lock().unwrap_or_else(|p| p.into_inner());
        if g.1.is_some() {
            return;
        }
        let line = file_line(f) + "\n";
        if let Err(e) = g.0.write_all(line.as_bytes()).and_then(|_| g.0.flush()) {
            g.1 = Some(e);
        }
    });
    let (out, err) = sink.into_inner().unwrap_or_else(|p| p.into_inner());
    if let Some(e) = err {
        return Err(e);
    }
    out.write_all((summary_line(&report) + "\n").as_bytes())?;
    out.flush()?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_single_line_json_with_a_type() {
        let f = FileReport::error(std::path::Path::new("a\nb.xlsx"), None, "bad".into());
        let line = file_line(&f);
        assert!(!line.contains('\n'));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["type"], "file");
        assert_eq!(v["path"], "a\nb.xlsx");
        assert_eq!(v["verdict"], "error");
    }

    #[test]
    fn streams_every_file_then_the_summary() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.csv"),
            "District,Officers\nNorthgate,61\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("b.csv"),
            "District,Officers\nRiverside,47\n",
        )
        .unwrap();
        let scanner = Scanner::new(crate::policy::Policy::default());
        let mut out: Vec<u8> = Vec::new();
        let report = stream(&scanner, &[dir.path().to_path_buf()], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[..2].iter().all(|l| l["type"] == "file"));
        assert_eq!(lines[2]["type"], "summary");
        assert_eq!(lines[2]["summary"]["files"], 2);
        assert_eq!(report.summary.files, 2);
    }
}
