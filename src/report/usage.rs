//! The report of a run stopped by a usage error (a bad or
//! missing policy, roster, accepted-findings file or `foiguard.toml`, an
//! `-o` that names an input) before any file was read. A hook that parses
//! `--format json|jsonl|sarif` still gets one document, and `-o case.html`
//! or `-o report.txt` a page that says the run failed: every path named is
//! an `error` ("not inspected"), and the document carries the reason as
//! `error` (SARIF: a tool execution notification, and `executionSuccessful`
//! false). The exit status stays 2 and the reason still goes to stderr.
//!
//! ```
//! use foiguard::report::usage;
//! let doc = usage::json(&["a.xlsx".into()], "ours.toml: cannot read policy");
//! let v: serde_json::Value = serde_json::from_str(&doc).unwrap();
//! assert_eq!(v["error"], "ours.toml: cannot read policy");
//! assert_eq!(v["files"][0]["verdict"], "error");
//! assert_eq!(v["summary"]["error"], 1);
//! ```

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

use super::{FileReport, Report, Summary, Tool};

/// What the report says for the policy: none was loaded.
const NO_POLICY: &str = "not loaded (usage error)";

/// The report: each path named is an error, not inspected.
pub fn report(paths: &[PathBuf], reason: &str) -> Report {
    let files: Vec<FileReport> = paths
        .iter()
        .map(|p| {
            FileReport::error(
                Path::new(p),
                None,
                format!("not inspected: usage error: {reason}"),
            )
        })
        .collect();
    let summary = Summary::of(&files, &[], Duration::ZERO);
    Report {
        tool: Tool::default(),
        policy: NO_POLICY.into(),
        config: None,
        accept: None,
        roster: None,
        files,
        summary,
    }
}

fn with_error(mut v: Value, reason: &str) -> Value {
    if let Some(o) = v.as_object_mut() {
        o.insert("error".into(), json!(reason));
    }
    v
}

/// The JSON report (one document, with `"error"`).
pub fn json(paths: &[PathBuf], reason: &str) -> String {
    let v = serde_json::to_value(report(paths, reason)).unwrap_or(Value::Null);
    let v = with_error(v, reason);
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

/// The HTML page: every path named "not inspected", with the reason (so
/// `-o case.html` never leaves an earlier run's page in the case file).
pub fn html(paths: &[PathBuf], reason: &str) -> String {
    super::html::render(&report(paths, reason))
}

/// The text report, as `scan` prints it, for `-o report.txt`.
pub fn text(paths: &[PathBuf], reason: &str) -> String {
    let style = super::text::Style {
        color: false,
        verbose: false,
    };
    super::text::render(&report(paths, reason), style)
}

/// The JSON Lines report: a line per path, then the summary line with
/// `"error"`.
pub fn jsonl(paths: &[PathBuf], reason: &str) -> String {
    let r = report(paths, reason);
    let mut out = String::new();
    for f in &r.files {
        out.push_str(&super::jsonl::file_line(f));
        out.push('\n');
    }
    let summary: Value =
        serde_json::from_str(&super::jsonl::summary_line(&r)).unwrap_or(Value::Null);
    out.push_str(&serde_json::to_string(&with_error(summary, reason)).unwrap_or_default());
    out.push('\n');
    out
}

/// The SARIF log: the run failed, with the reason as a notification.
pub fn sarif(paths: &[PathBuf], reason: &str) -> String {
    let mut v = super::sarif::log(&report(paths, reason));
    let inv = &mut v["runs"][0]["invocations"][0];
    inv["executionSuccessful"] = json!(false);
    if let Some(n) = inv["toolExecutionNotifications"].as_array_mut() {
        n.insert(
            0,
            json!({"level": "error", "message": {"text": format!("usage error: {reason}")}}),
        );
    }
    v["runs"][0]["properties"]["error"] = json!(reason);
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_one_parseable_document_naming_the_error() {
        let paths: Vec<PathBuf> = vec!["a.xlsx".into(), "box".into()];
        let v: Value = serde_json::from_str(&json(&paths, "bad")).unwrap();
        assert_eq!(v["error"], "bad");
        assert_eq!(v["summary"]["error"], 2);
        let lines: Vec<Value> = jsonl(&paths, "bad")
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[2]["type"], "summary");
        assert_eq!(lines[2]["error"], "bad");
        let s: Value = serde_json::from_str(&sarif(&[], "bad")).unwrap();
        let inv = &s["runs"][0]["invocations"][0];
        assert_eq!(inv["executionSuccessful"], false);
        assert!(
            inv["toolExecutionNotifications"][0]["message"]["text"]
                .as_str()
                .unwrap()
                .contains("bad")
        );
    }
}
