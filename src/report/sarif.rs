//! The SARIF 2.1.0 report, for document-management systems and CI
//! dashboards that read static-analysis results.
//!
//! One run; one rule per finding kind present (with the hand-fixing steps as
//! help); one result per finding, level `error` for block, `warning` for
//! review, `note` for info. A finding's location is the file (an artifact
//! with its SHA-256) plus a logical location (sheet and cell, or the package
//! part). Accepted findings carry an `accepted` suppression. Files that
//! could not be inspected are tool execution notifications at level
//! `error`, and make `executionSuccessful` false.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::Report;
use crate::finding::{Finding, Severity, Verdict};

/// The schema URI written into the log.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Block => "error",
        Severity::Review => "warning",
        Severity::Info => "note",
    }
}

/// A path as a URI reference: relative paths stay relative, absolute ones
/// become `file://` URIs; anything outside the unreserved set is
/// percent-encoded.
///
/// ```
/// use foiguard::report::sarif::uri;
/// assert_eq!(uri("out/Staff list #2.xlsx"), "out/Staff%20list%20%232.xlsx");
/// assert_eq!(uri("/srv/foi/a.xlsx"), "file:///srv/foi/a.xlsx");
/// ```
pub fn uri(path: &str) -> String {
    let mut out = String::new();
    let p = path.replace('\\', "/");
    if p.starts_with('/') {
        out.push_str("file://");
    }
    for b in p.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn logical(f: &Finding) -> Option<Value> {
    let mut name = String::new();
    if !f.embedded.is_empty() {
        name.push_str(&f.embedded.join(" > "));
        name.push_str(" > ");
    }
    let mut loc = serde_json::Map::new();
    match (&f.sheet, &f.cell) {
        (Some(s), Some(c)) => {
            name.push_str(&format!("{s}!{c}"));
            loc.insert("name".into(), json!(c));
        }
        (Some(s), None) => {
            name.push_str(s);
            loc.insert("name".into(), json!(s));
        }
        (None, Some(c)) => {
            name.push_str(c);
            loc.insert("name".into(), json!(c));
        }
        (None, None) => match &f.part {
            Some(p) => {
                name.push_str(p);
                loc.insert("name".into(), json!(p));
            }
            None if f.embedded.is_empty() => return None,
            None => {
                name.truncate(name.len().saturating_sub(3));
            }
        },
    }
    loc.insert("fullyQualifiedName".into(), json!(name));
    Some(Value::Object(loc))
}

/// Render the report as one SARIF 2.1.0 log.
pub fn render(report: &Report) -> String {
    let value = log(report);
    match serde_json::to_string_pretty(&value) {
        Ok(s) => s,
        Err(e) => format!(
            "{{\"version\":\"2.1.0\",\"runs\":[],\"internal_error\":{:?}}}",
            e.to_string()
        ),
    }
}

/// The SARIF log as a JSON value.
pub fn log(report: &Report) -> Value {
    // Rules: every kind present, in a stable order.
    let mut kinds: BTreeMap<&str, Severity> = BTreeMap::new();
    for f in report.files.iter().flat_map(|f| &f.findings) {
        let e = kinds.entry(f.kind.as_str()).or_insert(f.severity);
        if f.severity > *e {
            *e = f.severity;
        }
    }
    let index: BTreeMap<&str, usize> = kinds.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let rules: Vec<Value> = kinds
        .iter()
        .map(|(kind, worst)| {
            let (excel, lo) = crate::explain::fix_steps(kind);
            let explained = crate::explain::explain(kind);
            let title = explained
                .as_ref()
                .map(|e| e.title.clone())
                .unwrap_or_else(|| kind.replace('_', " "));
            let what = explained
                .as_ref()
                .map(|e| e.what.clone())
                .filter(|w| !w.is_empty())
                .unwrap_or_else(|| title.clone());
            let mut help = String::from("Excel:\n");
            for (i, s) in excel.iter().enumerate() {
                help.push_str(&format!("{}. {s}\n", i + 1));
            }
            help.push_str("LibreOffice Calc:\n");
            for (i, s) in lo.iter().enumerate() {
                help.push_str(&format!("{}. {s}\n", i + 1));
            }
            let mut props = serde_json::Map::new();
            if let Some(e) = &explained {
                props.insert("category".into(), json!(e.category));
                props.insert("exemption".into(), json!(e.exemption));
            }
            json!({
                "id": kind,
                "name": camel(kind),
                "shortDescription": {"text": title},
                "fullDescription": {"text": what},
                "help": {"text": help},
                "defaultConfiguration": {"level": level(*worst)},
                "properties": Value::Object(props),
            })
        })
        .collect();

    let mut artifacts = Vec::new();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for (ai, file) in report.files.iter().enumerate() {
        let file_uri = uri(&file.path);
        let mut artifact = json!({
            "location": {"uri": file_uri},
            "properties": {"verdict": file.verdict.as_str(), "format": file.format},
        });
        if let Some(sha) = &file.sha256 {
            artifact["hashes"] = json!({"sha-256": sha});
        }
        artifacts.push(artifact);
        if file.verdict == Verdict::Error {
            notifications.push(json!({
                "level": "error",
                "message": {"text": format!("{}: not fully inspected: {}", file.path,
                    file.error.as_deref().unwrap_or("could not be inspected"))},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": file_uri, "index": ai}}}],
            }));
        }
        for f in &file.findings {
            let mut text = f.message.clone();
            if let Some(s) = &f.sample {
                text.push_str(&format!(" [{s}]"));
            }
            let mut location = json!({
                "physicalLocation": {"artifactLocation": {"uri": file_uri, "index": ai}},
            });
            if let Some(l) = logical(f) {
                location["logicalLocations"] = json!([l]);
            }
            let mut props = serde_json::Map::new();
            props.insert("severity".into(), json!(f.severity.as_str()));
            props.insert("count".into(), json!(f.count));
            props.insert("hidden".into(), json!(f.hidden));
            for (k, v) in [
                ("sheet", &f.sheet),
                ("cell", &f.cell),
                ("part", &f.part),
                ("rule", &f.rule),
            ] {
                if let Some(v) = v {
                    props.insert(k.into(), json!(v));
                }
            }
            if !f.embedded.is_empty() {
                props.insert("embedded".into(), json!(f.embedded));
            }
            if !f.evidence.is_empty() {
                props.insert("evidence".into(), json!(f.evidence));
            }
            let mut result = json!({
                "ruleId": f.kind,
                "ruleIndex": index.get(f.kind.as_str()).copied().unwrap_or(0),
                "level": level(f.severity),
                "message": {"text": text},
                "locations": [location],
                "properties": Value::Object(props),
            });
            if let Some(sha) = &file.sha256 {
                result["partialFingerprints"] =
                    json!({"foiguardAccept/v1": crate::accept::fingerprint(sha, f)});
            }
            if f.accepted {
                result["suppressions"] = json!([{
                    "kind": "external",
                    "status": "accepted",
                    "justification": format!("Reviewed and accepted in {}",
                        report.accept.as_deref().unwrap_or("the accepted findings file")),
                }]);
            }
            results.push(result);
        }
    }

    let s = &report.summary;
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": report.tool.name,
                "version": report.tool.version,
                "semanticVersion": report.tool.version,
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": s.error == 0,
                "toolExecutionNotifications": notifications,
            }],
            "artifacts": artifacts,
            "results": results,
            "properties": {
                "policy": report.policy,
                "config": report.config,
                "accept": report.accept,
                "roster": report.roster,
                "summary": s,
            },
        }],
    })
}

/// `hidden_sheet` -> `HiddenSheet` (SARIF's rule `name`).
fn camel(kind: &str) -> String {
    kind.split('_')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{FileReport, Summary, Tool};

    #[test]
    fn results_rules_artifacts_and_suppressions() {
        let mut f1 = Finding::new("hidden_sheet", Severity::Block, "Hidden sheet.");
        f1.sheet = Some("Staff".into());
        let mut f2 = Finding::new("comment", Severity::Review, "Comment.");
        f2.sheet = Some("Counts".into());
        f2.cell = Some("B4".into());
        f2.accepted = true;
        let files = vec![
            FileReport {
                path: "out/a b.xlsx".into(),
                format: Some("xlsx".into()),
                sha256: Some("ab".repeat(32)),
                verdict: Verdict::Block,
                error: None,
                findings: vec![f1, f2],
                inspected: vec![],
            },
            FileReport::error(std::path::Path::new("bad.xlsx"), None, "corrupt".into()),
        ];
        let summary = Summary::of(&files, &[], std::time::Duration::ZERO);
        let r = Report {
            tool: Tool::default(),
            policy: "p".into(),
            config: None,
            accept: Some("acc.toml".into()),
            roster: Some("staff.csv".into()),
            files,
            summary,
        };
        let v = log(&r);
        let run = &v["runs"][0];
        assert_eq!(v["version"], "2.1.0");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0]["id"], "comment");
        assert_eq!(rules[1]["name"], "HiddenSheet");
        let results = run["results"].as_array().unwrap();
        assert_eq!(results[0]["level"], "error");
        assert_eq!(results[0]["ruleIndex"], 1);
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "out/a%20b.xlsx"
        );
        assert_eq!(
            results[1]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "Counts!B4"
        );
        assert_eq!(results[1]["suppressions"][0]["status"], "accepted");
        assert!(results[0].get("suppressions").is_none());
        assert_eq!(run["invocations"][0]["executionSuccessful"], false);
        assert_eq!(run["artifacts"][0]["hashes"]["sha-256"], "ab".repeat(32));
        assert_eq!(
            run["invocations"][0]["toolExecutionNotifications"][0]["level"],
            "error"
        );
    }
}
