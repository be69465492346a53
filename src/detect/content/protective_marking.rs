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
        // A printer driver's watermark list ("CONFIDENTIAL" in printer
        // settings) is a device setting, not a marking of the file.
        if s.field == Some("printer") {
            return;
        }
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
        // A page header or footer is where a marking goes, in whatever case
        // ("Confidential" as a sensitivity label's footer).
        let page_furniture = s.field.is_some_and(|f| {
            let f = f.to_ascii_lowercase();
            f.ends_with("header") || f.ends_with("footer")
        });
        if page_furniture {
            for (start, end) in title_case_markings(t) {
                if !out[s.first_hit..]
                    .iter()
                    .any(|h| h.kind == ID && h.start < end && start < h.end)
                {
                    out.push(Hit::new(ID, start, end, &[Evidence::Keyword], false));
                }
            }
        }
    }
}

/// Title-case markings standing as whole words: "Confidential",
/// "Restricted", "Top Secret", "Official Sensitive" (not plain "Secret" or
/// "Protect": "Secret Santa").
fn title_case_markings(text: &str) -> Vec<(usize, usize)> {
    const WORDS: [&str; 4] = [
        "Top Secret",
        "Confidential",
        "Restricted",
        "Official Sensitive",
    ];
    let mut out: Vec<(usize, usize)> = Vec::new();
    for w in WORDS {
        for (start, _) in text.match_indices(w) {
            let end = start + w.len();
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            let word_edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            if word_edge(before)
                && word_edge(after)
                && !out.iter().any(|&(s, e)| s < end && start < e)
            {
                out.push((start, end));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::detect::content::{ContentScanner, DetectorsConfig, TextContext};

    fn found(t: &str) -> Vec<String> {
        found_in(t, "header")
    }

    /// Markings in a text of the given field (prose in a cell has none).
    fn found_in(t: &str, field: &str) -> Vec<String> {
        let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        let mut v = Vec::new();
        s.scan(t, &TextContext::field(field), &mut v);
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
        // A header or footer takes them in title case too; printer settings never.
        assert_eq!(
            found_in("Page 1 - Confidential", "oddFooter"),
            vec!["Confidential"]
        );
        assert!(found_in("Secret Santa", "oddFooter").is_empty());
        assert!(found_in("CONFIDENTIAL", "printer").is_empty());
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
            assert!(
                found_in(t, "note").is_empty(),
                "{t}: {:?}",
                found_in(t, "note")
            );
        }
    }
}
