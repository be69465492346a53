//! `protective_marking`: a government security classification —
//! OFFICIAL-SENSITIVE, SECRET, TOP SECRET, and the old RESTRICTED, PROTECT
//! and CONFIDENTIAL markings — in any text or property. A marked document
//! rarely belongs in a public release: review.
//!
//! Markings are written in capitals; "secret" or "restricted" in prose is
//! not one. In all-capital text a bare word must stand like a marking: the
//! whole text, at its start or end, or before a separator.

use regex::Regex;

use super::{Detector, Evidence, Gate, Hit, RuleInfo, Scan, re, rule};

pub(crate) struct ProtectiveMarking {
    rx: Regex,
}

const ID: &str = "protective_marking";

impl ProtectiveMarking {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(ProtectiveMarking {
            rx: re(
                r"\b(?:OFFICIAL[ \-]*SENSITIVE|Official[ \-]*Sensitive|OFFICIAL-Sensitive|TOP SECRET|SECRET|RESTRICTED|PROTECT|CONFIDENTIAL)\b",
            )?,
        })
    }
}

impl Detector for ProtectiveMarking {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "A government security marking (OFFICIAL-SENSITIVE, SECRET, TOP SECRET, RESTRICTED, \
             PROTECT, CONFIDENTIAL): a marked document rarely belongs in a public release.",
            false,
            "s24",
        )
    }

    fn keywords(&self) -> Vec<String> {
        [
            "official-sensitive",
            "official sensitive",
            "official - sensitive",
            "secret",
            "restricted",
            "protect",
            "confidential",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    fn gate(&self) -> Gate {
        Gate::default()
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        let t = s.text;
        let has_lower = t.chars().any(char::is_lowercase);
        let trimmed =
            t.trim_matches(|c: char| c.is_whitespace() || c == '-' || c == '*' || c == '"');
        for m in self.rx.find_iter(t) {
            let w = m.as_str();
            let specific = w.contains("SENSITIVE") || w.contains("Sensitive") || w == "TOP SECRET";
            let ok = if specific {
                true
            } else {
                // Standing like a marking.
                let before = t[..m.start()].trim_end();
                let after = t[m.end()..].trim_start();
                let at_start = before.is_empty()
                    || before.ends_with(['\n', ':', '|', '/', '-', '&', '"'])
                    || before.ends_with("&C")
                    || before.ends_with("&L")
                    || before.ends_with("&R");
                let at_end = after.is_empty()
                    || after.starts_with(['\n', ':', '|', '/', '-', '.', '(', '[', ',']);
                let whole = trimmed == w
                    || trimmed.strip_prefix(w).is_some_and(|r| {
                        let r = r.trim_start_matches([' ', '-', ':', '/']);
                        matches!(
                            r,
                            "PERSONAL"
                                | "COMMERCIAL"
                                | "UK EYES ONLY"
                                | "POLICE"
                                | "MANAGEMENT"
                                | "STAFF"
                                | "LOCSEN"
                                | "UK EYES"
                        )
                    });
                // In mixed-case text a capitalised marking word stands out as one.
                let in_prose = has_lower && w != "PROTECT";
                whole || (at_start && at_end) || in_prose
            };
            if ok {
                out.push(Hit::new(
                    ID,
                    m.start(),
                    m.end(),
                    &[Evidence::Keyword],
                    false,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::content::{ContentScanner, DetectorsConfig, TextContext};

    fn found(t: &str) -> Vec<String> {
        let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        let mut v = Vec::new();
        s.scan(t, &TextContext::field("header"), &mut v);
        v.into_iter()
            .filter(|h| h.kind == "protective_marking")
            .map(|h| t[h.start..h.end].to_string())
            .collect()
    }

    #[test]
    fn markings() {
        assert_eq!(found("OFFICIAL-SENSITIVE"), vec!["OFFICIAL-SENSITIVE"]);
        assert_eq!(
            found("OFFICIAL – SENSITIVE: PERSONAL"),
            vec!["OFFICIAL – SENSITIVE"]
        );
        assert_eq!(found("Official Sensitive"), vec!["Official Sensitive"]);
        assert_eq!(found("SECRET"), vec!["SECRET"]);
        assert_eq!(found("TOP SECRET UK EYES ONLY"), vec!["TOP SECRET"]);
        assert_eq!(found("RESTRICTED - POLICE"), vec!["RESTRICTED"]);
        assert_eq!(found("PROTECT"), vec!["PROTECT"]);
        assert_eq!(found("This document is RESTRICTED."), vec!["RESTRICTED"]);
        assert_eq!(found("&C&\"Arial\"SECRET"), vec!["SECRET"]);
    }

    #[test]
    fn prose_is_not() {
        for t in [
            "the secret garden",
            "Access is restricted to staff",
            "We protect the public",
            "Secret Santa",
            "THE SECRET GARDEN",
            "PLEASE PROTECT YOUR PASSWORD",
            "SECRET SANTA",
            "NOT PROTECTIVELY MARKED",
            "Restricted byway",
            "official sensitive data",
        ] {
            assert!(found(t).is_empty(), "{t}: {:?}", found(t));
        }
    }
}
