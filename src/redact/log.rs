//! The redaction log: one line per removal or mask, and a summary line per
//! file — the record an FOI officer keeps with the case. CSV by default,
//! JSON when the file name ends in `.json`.
//!
//! Sheet names and samples come from the input, so every CSV field that a
//! spreadsheet program would run as a formula gets a leading `'`.
//!
//! ```
//! use foiguard::redact::log::neutralise;
//! assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
//! assert_eq!(neutralise("Counts"), "Counts");
//! assert_eq!(neutralise("-12"), "-12");
//! ```

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::atomic::PendingFile;

/// One line of the log.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LogEntry {
    /// The input file.
    pub file: String,
    pub sheet: String,
    /// A cell, a range (`5:16`, `C:D`), a package part, or empty.
    pub location: String,
    /// The finding kind (`hidden_sheet`, `person_name`, ...) or `summary`.
    pub kind: String,
    /// What was done: "removed sheet", "dropped rows", "masked identifier"...
    pub action: String,
    /// The FOIA exemption the removal relies on (empty when it is not
    /// withheld information, e.g. a macro).
    pub exemption: String,
    /// A masked sample of what was removed.
    pub sample: String,
    pub detail: String,
}

/// The columns of the CSV log, in order.
pub const COLUMNS: &[&str] = &[
    "file",
    "sheet",
    "location",
    "kind",
    "action",
    "exemption",
    "sample",
    "detail",
];

/// Prefix a field that a spreadsheet would run as a formula with `'`
/// (`=`, `+`, `-`, `@`, tab, carriage return), unless it is a number.
pub fn neutralise(s: &str) -> String {
    crate::redact::writer_csv::field_text(s)
}

/// Render the log as CSV (formula-like fields neutralised).
pub fn to_csv(entries: &[LogEntry]) -> Result<Vec<u8>, String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(COLUMNS).map_err(|e| e.to_string())?;
    for e in entries {
        let fields = [
            &e.file,
            &e.sheet,
            &e.location,
            &e.kind,
            &e.action,
            &e.exemption,
            &e.sample,
            &e.detail,
        ];
        w.write_record(fields.iter().map(|f| neutralise(f)))
            .map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

#[derive(Serialize)]
struct JsonLog<'a> {
    tool: crate::report::Tool,
    entries: &'a [LogEntry],
}

/// Render the log as JSON: `{"tool": {...}, "entries": [...]}`.
pub fn to_json(entries: &[LogEntry]) -> Result<Vec<u8>, String> {
    let mut v = serde_json::to_vec_pretty(&JsonLog {
        tool: crate::report::Tool::default(),
        entries,
    })
    .map_err(|e| e.to_string())?;
    v.push(b'\n');
    Ok(v)
}

/// Whether a log path asks for JSON.
pub fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Write the log to `path` (temp file + rename; refuses to replace an
/// existing file unless `force`).
pub fn write(path: &Path, entries: &[LogEntry], force: bool) -> Result<(), String> {
    let bytes = if is_json(path) {
        to_json(entries)?
    } else {
        to_csv(entries)?
    };
    let (pending, mut file) = PendingFile::create(path, force)?;
    file.write_all(&bytes)
        .and_then(|_| {
            // A pipe or device cannot be synced; there is nothing to move.
            if pending.is_stream() {
                Ok(())
            } else {
                file.sync_all()
            }
        })
        .map_err(|e| format!("{}: cannot write the log: {e}", path.display()))?;
    drop(file);
    pending.commit(force)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(sheet: &str, sample: &str) -> LogEntry {
        LogEntry {
            file: "a.xlsx".into(),
            sheet: sheet.into(),
            location: "A1".into(),
            kind: "person_name".into(),
            action: "masked identifier".into(),
            exemption: "s40(2)".into(),
            sample: sample.into(),
            detail: String::new(),
        }
    }

    #[test]
    fn csv_neutralises_formula_like_fields() {
        let out =
            String::from_utf8(to_csv(&[entry("=cmd|' /C calc'!A0", "@SUM(1)")]).unwrap()).unwrap();
        assert!(
            out.starts_with("file,sheet,location,kind,action,exemption,sample,detail\r\n"),
            "{out}"
        );
        assert!(out.contains("'=cmd|"), "{out}");
        assert!(out.contains("'@SUM(1)"), "{out}");
        assert!(!out.contains(",=cmd") && !out.contains(",\"=cmd"), "{out}");
        for s in ["+1+1", "-A1", "\tx", "\rx"] {
            assert!(neutralise(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(neutralise("-3.5"), "-3.5");
    }

    #[test]
    fn json_keeps_values_as_they_are() {
        let out = String::from_utf8(to_json(&[entry("=x", "J*** Q*********")]).unwrap()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["entries"][0]["sheet"], "=x");
        assert_eq!(v["entries"][0]["sample"], "J*** Q*********");
        assert!(is_json(Path::new("case.JSON")) && !is_json(Path::new("case.csv")));
    }

    #[test]
    fn write_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("log.csv");
        write(&p, &[entry("S", "x")], false).unwrap();
        let e = write(&p, &[], false).unwrap_err();
        assert!(e.contains("exists"), "{e}");
        write(&p, &[], true).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
