//! `foiguard rules`: every detector with its kind, default severity under
//! the policy in force, and the FOIA exemption it maps to. The texts come
//! from [`crate::explain`], the one source shared with `explain` and the
//! HTML report.

use serde::Serialize;

use crate::finding::Kind;
use crate::scan::Scanner;

/// One line of `foiguard rules`.
#[derive(Clone, Debug, Serialize)]
pub struct Rule {
    pub kind: String,
    /// "hiding place" or "content".
    pub category: &'static str,
    /// Default severity: a fixed one, or for content detectors
    /// "block (strong) / review (weak)".
    pub severity: String,
    pub exemption: String,
    pub title: String,
}

/// Every rule, structural kinds first, under the scanner's policy.
pub fn rules(scanner: &Scanner) -> Vec<Rule> {
    let policy = &scanner.policy;
    let mut out = Vec::new();
    for k in Kind::ALL {
        let e = crate::explain::explain(k.as_str());
        out.push(Rule {
            kind: k.as_str().to_string(),
            category: "hiding place",
            severity: policy.severity(k.as_str(), None).as_str().to_string(),
            exemption: e
                .as_ref()
                .map(|e| short_exemption(&e.exemption))
                .unwrap_or_default(),
            title: k.title().to_string(),
        });
    }
    if let Ok(content) = &scanner.content {
        for r in content.rules() {
            let severity = match policy.configured(r.id, None) {
                Some(s) => s.as_str().to_string(),
                None if r.strong => format!("{} (strong evidence)", policy.content.strong.as_str()),
                None => format!(
                    "{} (weak evidence), {} in hidden cells",
                    policy.content.weak.as_str(),
                    policy.content.strong.as_str()
                ),
            };
            out.push(Rule {
                kind: r.id.to_string(),
                category: "content",
                severity,
                exemption: r.exemption.to_string(),
                title: r.description.clone(),
            });
        }
    }
    out
}

/// The rules as a plain-text table.
pub fn render(rules: &[Rule]) -> String {
    let mut s = format!(
        "{:<22} {:<13} {:<44} {:<8} {}\n",
        "KIND", "CATEGORY", "DEFAULT SEVERITY", "FOIA", "WHAT"
    );
    for r in rules {
        s.push_str(&format!(
            "{:<22} {:<13} {:<44} {:<8} {}\n",
            r.kind, r.category, r.severity, r.exemption, r.title
        ));
    }
    s
}

/// The section a long exemption note starts with (`s40(2)`), or "by content"
/// for hiding places whose exemption depends on what they hold.
fn short_exemption(note: &str) -> String {
    let first = note.split([':', ' ', ',', ';']).next().unwrap_or("");
    if first.starts_with('s') && first[1..].starts_with(|c: char| c.is_ascii_digit()) {
        first.to_string()
    } else {
        "by content".to_string()
    }
}
