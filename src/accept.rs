//! Reviewed exceptions: findings an officer has looked at and accepted for
//! release (`--accept FILE`).
//!
//! Each entry carries a fingerprint: SHA-256 over the file's content hash,
//! the finding's kind and its location. An accepted finding is still
//! reported (marked accepted) but no longer counts toward the verdict. Any
//! change to the file changes its content hash, so every entry for it stops
//! matching: a re-saved or edited file is checked afresh.
//!
//! `foiguard accept REPORT.json` writes an entry for each finding in a JSON
//! report, with the reviewer, date and reason left as placeholders. An entry
//! still holding a placeholder is rejected when loaded, so nothing is
//! accepted by accident.
//!
//! ```toml
//! [[accept]]
//! fingerprint = "3f0c…"            # 64 hex digits, from `foiguard accept`
//! file = "response.xlsx"            # for people; the fingerprint decides
//! kind = "comment"
//! where = "sheet 'Counts' B4"
//! reviewer = "A. Officer, Information Rights"
//! date = "2025-03-14"
//! reason = "The comment is the published methodology note."
//! ```

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::finding::{Finding, Severity};
/// Civil dates and day counts since 1970-01-01, shared with the sources.
pub use crate::source::dates::{civil_from_days, days_from_civil};

/// Every placeholder `foiguard accept` writes starts with this.
pub const PLACEHOLDER: &str = "FILL IN";
/// The date placeholder.
pub const DATE_PLACEHOLDER: &str = "YYYY-MM-DD";

/// Lowercase hex of a SHA-256 digest.
pub fn hex(digest: &[u8]) -> String {
    let mut s = String::with_capacity(digest.len() * 2);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// SHA-256 of some bytes, lowercase hex.
///
/// ```
/// assert_eq!(
///     foiguard::accept::sha256_hex(b"abc"),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// SHA-256 of everything `r` yields, lowercase hex, and the byte count.
pub fn sha256_reader(mut r: impl Read) -> std::io::Result<(String, u64)> {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut n = 0u64;
    loop {
        let k = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(k) => k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        h.update(&buf[..k]);
        n += k as u64;
    }
    Ok((hex(&h.finalize()), n))
}

/// 64 hex digits, as a SHA-256 is written.
fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// SHA-256 of a file on disk, lowercase hex.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    sha256_reader(std::fs::File::open(path)?).map(|(h, _)| h)
}

/// The fingerprint of a finding in a file whose content hash is
/// `file_sha256`: SHA-256 over the content hash, the kind and the location
/// (embedded chain, part, sheet, cell).
///
/// A finding that carries its fingerprint (set by the scan, see
/// [`Finding::fingerprint`]) keeps it.
pub fn fingerprint(file_sha256: &str, f: &Finding) -> String {
    match &f.fingerprint {
        Some(fp) => fp.clone(),
        None => fingerprint_at(file_sha256, f, f.sheet.as_deref()),
    }
}

/// [`fingerprint`] with the sheet name given (the one reports show by
/// default: masked when it names a person).
pub fn fingerprint_at(file_sha256: &str, f: &Finding, sheet: Option<&str>) -> String {
    let key = serde_json::json!([
        "foiguard-accept-v1",
        file_sha256,
        f.kind,
        f.embedded,
        f.part,
        sheet,
        f.cell
    ]);
    sha256_hex(key.to_string().as_bytes())
}

/// One accepted finding, as written in the file.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    pub reviewer: String,
    pub date: String,
    pub reason: String,
    /// For people; the fingerprint decides.
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default, rename = "where")]
    pub location: Option<String>,
    #[serde(default)]
    pub severity: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AcceptFile {
    #[serde(default)]
    accept: Vec<Entry>,
}

/// The accepted findings in force.
#[derive(Clone, Debug, Default)]
pub struct AcceptList {
    entries: HashMap<String, Entry>,
    /// Where the list came from (its path), for reports.
    pub source: String,
}

impl AcceptList {
    /// Load and check an accept file.
    pub fn load(path: &Path) -> Result<AcceptList, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read accepted findings: {e}", path.display()))?;
        AcceptList::from_toml_str(&text, &path.display().to_string())
    }

    /// Parse and check. Every entry needs a 64-hex-digit fingerprint, a
    /// reviewer, a real date (YYYY-MM-DD, not in the future) and a reason;
    /// placeholders, empty fields and repeated fingerprints are errors.
    ///
    /// ```
    /// use foiguard::accept::AcceptList;
    /// let fp = "ab".repeat(32);
    /// let ok = format!("[[accept]]\nfingerprint = \"{fp}\"\nreviewer = \"A. Officer\"\ndate = \"2024-05-01\"\nreason = \"Published already\"\n");
    /// assert_eq!(AcceptList::from_toml_str(&ok, "a.toml").unwrap().len(), 1);
    /// let todo = ok.replace("A. Officer", "FILL IN: who reviewed it");
    /// assert!(AcceptList::from_toml_str(&todo, "a.toml").unwrap_err().contains("placeholder"));
    /// ```
    pub fn from_toml_str(text: &str, source: &str) -> Result<AcceptList, String> {
        let file: AcceptFile = toml::from_str(text).map_err(|e| {
            let msg = e.to_string();
            format!(
                "{source}: invalid accepted findings: {}",
                msg.lines().collect::<Vec<_>>().join(" ")
            )
        })?;
        let today = today();
        let mut entries: HashMap<String, Entry> = HashMap::new();
        for (i, e) in file.accept.into_iter().enumerate() {
            let n = i + 1;
            let what = describe(&e);
            let err = |why: String| format!("{source}: entry {n}{what}: {why}");
            let fp = e.fingerprint.trim().to_ascii_lowercase();
            if !is_sha256_hex(&fp) {
                return Err(err(
                    "fingerprint must be the 64 hex digits `foiguard accept` wrote".into(),
                ));
            }
            for (field, value) in [("reviewer", &e.reviewer), ("reason", &e.reason)] {
                if value.trim().is_empty() {
                    return Err(err(format!("{field} is empty")));
                }
                if value.to_ascii_uppercase().contains(PLACEHOLDER) {
                    return Err(err(format!(
                        "{field} still holds the placeholder; write who reviewed it and why it may be released, or delete the entry"
                    )));
                }
            }
            let date = e.date.trim();
            if date == DATE_PLACEHOLDER || date.to_ascii_uppercase().contains(PLACEHOLDER) {
                return Err(err("date still holds the placeholder".into()));
            }
            let Some(d) = parse_date(date) else {
                return Err(err(format!("date {date:?} is not a date (YYYY-MM-DD)")));
            };
            if d > today + 1 {
                return Err(err(format!("date {date} is in the future")));
            }
            if entries.contains_key(&fp) {
                return Err(err("repeats the fingerprint of an earlier entry".into()));
            }
            entries.insert(fp, e);
        }
        Ok(AcceptList {
            entries,
            source: source.to_string(),
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry accepting this fingerprint, if any.
    pub fn get(&self, fingerprint: &str) -> Option<&Entry> {
        self.entries.get(fingerprint)
    }

    /// Mark the findings of a file (content hash `file_sha256`) that an
    /// entry accepts; returns how many were marked.
    pub fn apply(&self, file_sha256: &str, findings: &mut [Finding]) -> usize {
        let mut n = 0;
        for f in findings.iter_mut() {
            if self.entries.contains_key(&fingerprint(file_sha256, f)) {
                f.accepted = true;
                n += 1;
            }
        }
        n
    }
}

fn describe(e: &Entry) -> String {
    let mut parts = Vec::new();
    if let Some(f) = &e.file {
        parts.push(f.clone());
    }
    if let Some(k) = &e.kind {
        parts.push(k.clone());
    }
    if let Some(w) = &e.location {
        parts.push(w.clone());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", crate::report::escape::escape(&parts.join(", ")))
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, if it is a real one.
pub fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        if !t.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1900..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 {
        return None;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let dim = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if d > dim[(m - 1) as usize] {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

fn today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    secs.div_euclid(86_400)
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control()
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') =>
            {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What `foiguard accept` produced.
#[derive(Debug)]
pub struct Template {
    /// The TOML text for the officer to edit.
    pub text: String,
    /// How many entries it holds.
    pub entries: usize,
    /// Files in the report that could not be inspected (never acceptable).
    pub not_inspected: usize,
}

/// Write accept entries for the `block` and `review` findings of a JSON
/// report (`foiguard scan --format json`), with placeholders for the
/// reviewer, date and reason. Findings already accepted are left out.
pub fn template_from_report(report_json: &str, report_name: &str) -> Result<Template, String> {
    let v: serde_json::Value = serde_json::from_str(report_json)
        .map_err(|e| format!("{report_name}: not a foiguard JSON report: {e}"))?;
    let files = v
        .get("files")
        .and_then(|f| f.as_array())
        .ok_or_else(|| format!("{report_name}: not a foiguard JSON report (no \"files\" list)"))?;
    // A run stopped by a usage error inspected nothing: there is nothing
    // to accept, and an empty list would look like a review done.
    if let Some(e) = v.get("error").and_then(|e| e.as_str()) {
        return Err(format!(
            "{report_name}: the report is of a run that failed ({e}); fix that and scan again"
        ));
    }
    let mut text = String::new();
    text.push_str(&format!(
        "# Accepted findings for foiguard, written by `foiguard accept` from {}.\n",
        crate::report::escape::escape(report_name)
    ));
    text.push_str(
        "#\n\
         # For each finding you have reviewed and decided may be released as it is, replace the\n\
         # FILL IN placeholders: reviewer (who decided), date (YYYY-MM-DD) and reason (why it may be\n\
         # released). Delete every entry you do not accept. An entry still holding a placeholder is\n\
         # rejected when loaded, so nothing is accepted by accident.\n\
         #\n\
         # The fingerprint ties an entry to the file's exact content, the kind and the location: any\n\
         # change to the file invalidates it. Use it with `foiguard scan --accept THIS_FILE`, or name it\n\
         # as `accept` in foiguard.toml.\n",
    );
    let mut entries = 0;
    let mut not_inspected = 0;
    for file in files {
        let path = file.get("path").and_then(|p| p.as_str()).unwrap_or("?");
        if file.get("verdict").and_then(|p| p.as_str()) == Some("error") {
            not_inspected += 1;
            text.push_str(&format!(
                "\n# {} was not fully inspected: it cannot be accepted, only fixed.\n",
                crate::report::escape::escape(path)
            ));
            continue;
        }
        let findings = file
            .get("findings")
            .and_then(|f| f.as_array())
            .cloned()
            .unwrap_or_default();
        let wanted: Vec<Finding> = findings
            .iter()
            .filter_map(finding_from_json)
            .filter(|f| f.severity > Severity::Info && !f.accepted)
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let Some(sha) = file.get("sha256").and_then(|s| s.as_str()) else {
            return Err(format!(
                "{report_name}: {path}: the report has no sha256 for this file; scan it again with this version of foiguard"
            ));
        };
        for f in wanted {
            entries += 1;
            let fp = fingerprint(sha, &f);
            text.push_str("\n[[accept]]\n");
            text.push_str(&format!("fingerprint = {}\n", toml_str(&fp)));
            text.push_str(&format!("file = {}\n", toml_str(path)));
            text.push_str(&format!("kind = {}\n", toml_str(&f.kind)));
            let loc = crate::report::text::location(&f);
            if !loc.is_empty() {
                text.push_str(&format!("where = {}\n", toml_str(&loc)));
            }
            text.push_str(&format!("severity = {}\n", toml_str(f.severity.as_str())));
            text.push_str(&format!("message = {}\n", toml_str(&f.message)));
            text.push_str(&format!(
                "reviewer = {}\n",
                toml_str(&format!("{PLACEHOLDER}: who reviewed it"))
            ));
            text.push_str(&format!("date = {}\n", toml_str(DATE_PLACEHOLDER)));
            text.push_str(&format!(
                "reason = {}\n",
                toml_str(&format!("{PLACEHOLDER}: why it may be released as it is"))
            ));
        }
    }
    if entries == 0 {
        text.push_str("\n# The report has no block or review findings to accept.\n");
    }
    Ok(Template {
        text,
        entries,
        not_inspected,
    })
}

/// The parts of a finding that matter for a fingerprint, from a JSON report.
fn finding_from_json(v: &serde_json::Value) -> Option<Finding> {
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
    let kind = s("kind")?;
    let severity = Severity::parse(&s("severity")?)?;
    let mut f = Finding::new(kind, severity, s("message").unwrap_or_default());
    f.sheet = s("sheet");
    f.cell = s("cell");
    f.part = s("part");
    f.embedded = v
        .get("embedded")
        .and_then(|e| e.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    f.accepted = v.get("accepted").and_then(|a| a.as_bool()).unwrap_or(false);
    f.fingerprint = s("fingerprint").filter(|fp| is_sha256_hex(fp));
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(kind: &str, sheet: &str, cell: &str) -> Finding {
        let mut f = Finding::new(kind, Severity::Review, "m");
        f.sheet = Some(sheet.into());
        f.cell = Some(cell.into());
        f
    }

    #[test]
    fn fingerprint_depends_on_content_kind_and_location() {
        let a = "a".repeat(64);
        let b = "b".repeat(64);
        let f = finding("comment", "Counts", "B4");
        let base = fingerprint(&a, &f);
        assert_eq!(base.len(), 64);
        assert_eq!(base, fingerprint(&a, &f.clone()));
        assert_ne!(base, fingerprint(&b, &f), "file content");
        assert_ne!(
            base,
            fingerprint(&a, &finding("hidden_rows", "Counts", "B4")),
            "kind"
        );
        assert_ne!(
            base,
            fingerprint(&a, &finding("comment", "Counts", "B5")),
            "cell"
        );
        assert_ne!(
            base,
            fingerprint(&a, &finding("comment", "Other", "B4")),
            "sheet"
        );
        let mut g = f.clone();
        g.embedded = vec!["xl/embeddings/x.xlsx".into()];
        assert_ne!(base, fingerprint(&a, &g), "embedded chain");
        // No ambiguity from moving text between fields.
        assert_ne!(
            fingerprint(&a, &finding("comment", "A", "BC")),
            fingerprint(&a, &finding("comment", "AB", "C"))
        );
    }

    fn entry(fp: &str, reviewer: &str, date: &str, reason: &str) -> String {
        format!(
            "[[accept]]\nfingerprint = \"{fp}\"\nreviewer = \"{reviewer}\"\ndate = \"{date}\"\nreason = \"{reason}\"\n"
        )
    }

    #[test]
    fn loading_rejects_placeholders_and_bad_fields() {
        let fp = "0123456789abcdef".repeat(4);
        let ok = entry(
            &fp,
            "A. Officer",
            "2024-02-29",
            "Published methodology note",
        );
        let list = AcceptList::from_toml_str(&ok, "a.toml").unwrap();
        assert!(list.get(&fp).is_some());
        let bad = [
            (
                entry(&fp, "FILL IN: who reviewed it", "2024-02-29", "r"),
                "placeholder",
            ),
            (entry(&fp, "A", "2024-02-29", "fill in: why"), "placeholder"),
            (entry(&fp, "A", "YYYY-MM-DD", "r"), "placeholder"),
            (entry(&fp, " ", "2024-02-29", "r"), "empty"),
            (entry(&fp, "A", "2023-02-29", "r"), "not a date"),
            (entry(&fp, "A", "29/02/2024", "r"), "not a date"),
            (entry(&fp, "A", "9999-01-01", "r"), "future"),
            (entry("abc", "A", "2024-02-29", "r"), "fingerprint"),
            (format!("{ok}{ok}"), "repeats"),
            (ok.replace("reason", "raeson"), "invalid"),
        ];
        for (text, why) in bad {
            let e = AcceptList::from_toml_str(&text, "a.toml").unwrap_err();
            assert!(e.contains(why), "{why}: {e}");
            assert!(e.starts_with("a.toml: "), "{e}");
        }
        assert!(AcceptList::from_toml_str("", "a.toml").unwrap().is_empty());
    }

    #[test]
    fn apply_marks_only_matching_findings() {
        let sha = "c".repeat(64);
        let f1 = finding("comment", "Counts", "B4");
        let f2 = finding("comment", "Counts", "B5");
        let text = entry(&fingerprint(&sha, &f1), "A. Officer", "2024-01-02", "ok");
        let list = AcceptList::from_toml_str(&text, "a.toml").unwrap();
        let mut fs = vec![f1, f2];
        assert_eq!(list.apply(&sha, &mut fs), 1);
        assert!(fs[0].accepted && !fs[1].accepted);
        let mut fs2 = vec![finding("comment", "Counts", "B4")];
        assert_eq!(
            list.apply(&"d".repeat(64), &mut fs2),
            0,
            "another file content"
        );
    }

    #[test]
    fn template_round_trips_once_filled_in() {
        let sha = "e".repeat(64);
        let report = serde_json::json!({
            "files": [
                {"path": "out/a \"b\".xlsx", "sha256": sha, "verdict": "review", "findings": [
                    {"kind": "comment", "severity": "review", "sheet": "Counts", "cell": "B4", "message": "A note.\nSecond line"},
                    {"kind": "document_properties", "severity": "info", "part": "docProps/core.xml", "message": "x"}
                ]},
                {"path": "bad.xlsx", "sha256": null, "verdict": "error", "findings": []}
            ]
        });
        let t = template_from_report(&report.to_string(), "r.json").unwrap();
        assert_eq!((t.entries, t.not_inspected), (1, 1));
        // As written, it is rejected.
        assert!(
            AcceptList::from_toml_str(&t.text, "x.toml")
                .unwrap_err()
                .contains("placeholder")
        );
        let filled = t
            .text
            .replace("FILL IN: who reviewed it", "A. Officer")
            .replace("FILL IN: why it may be released as it is", "Methodology")
            .replace("YYYY-MM-DD", "2024-03-01");
        let list = AcceptList::from_toml_str(&filled, "x.toml").unwrap();
        let mut fs = vec![finding("comment", "Counts", "B4")];
        assert_eq!(list.apply(&sha, &mut fs), 1);
    }

    #[test]
    fn template_needs_hashes() {
        let report = serde_json::json!({"files": [{"path": "a.xlsx", "verdict": "block", "findings": [
            {"kind": "hidden_sheet", "severity": "block", "sheet": "S", "message": "m"}]}]});
        assert!(
            template_from_report(&report.to_string(), "r.json")
                .unwrap_err()
                .contains("sha256")
        );
        assert!(template_from_report("{}", "r.json").is_err());
    }

    #[test]
    fn a_failed_run_has_nothing_to_accept() {
        let doc = crate::report::usage::json(&["a.xlsx".into()], "p.toml: cannot read policy");
        let e = template_from_report(&doc, "r.json").unwrap_err();
        assert!(e.contains("run that failed") && e.contains("p.toml"), "{e}");
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(
            civil_from_days(parse_date("2024-02-29").unwrap()),
            (2024, 2, 29)
        );
        assert_eq!(parse_date("2100-02-29"), None);
        assert_eq!(parse_date("2024-13-01"), None);
        assert_eq!(parse_date("2024-1-01"), None);
    }
}
