//! `ni_number`: a National Insurance number — two letters, six digits, a
//! suffix A–D. The first letter is never D, F, I, Q, U or V; the second
//! never D, F, I, O, Q, U or V; the prefixes BG, GB, KN, NK, NT, TN and ZZ
//! are never issued. Without the suffix it needs a header or keyword.

use regex::Regex;

use super::context::{H, pattern_evidence};
use super::{Detector, Gate, Hit, RuleInfo, Scan, feat, re, rule};

pub(crate) struct NiNumber {
    rx: Regex,
    rx_any_case: Regex,
}

const ID: &str = "ni_number";

const NI: &str = r"\b([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])[ \-]?(\d{2})[ \-]?(\d{2})[ \-]?(\d{2})(?:[ \-]?([A-D]))?\b";

/// Whether a prefix is ever issued.
pub(crate) fn valid_prefix(p: &str) -> bool {
    let p = p.to_ascii_uppercase();
    !matches!(p.as_str(), "BG" | "GB" | "KN" | "NK" | "NT" | "TN" | "ZZ")
}

impl NiNumber {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(NiNumber {
            rx: re(NI)?,
            rx_any_case: re(&format!("(?i){NI}"))?,
        })
    }
}

impl Detector for NiNumber {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "A National Insurance number (prefix rules checked; without the A-D suffix only \
             with a header or keyword).",
            true,
            "s40(2)",
        )
    }

    fn keywords(&self) -> Vec<String> {
        ["ni", "nino", "national insurance", "ni no", "ni number"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn gate(&self) -> Gate {
        Gate {
            feat: feat::UP_DIGIT6,
            header: H::NI | H::GENERIC_ID,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        let header = s.header.has(H::NI);
        let keyword = s.has_kw(&["ni", "nino", "national insurance", "ni no", "ni number"]);
        // Cheap test before the regex: two letters then a digit.
        let b = s.bytes();
        let may = (0..b.len().saturating_sub(2)).any(|i| {
            b[i].is_ascii_alphabetic()
                && b[i + 1].is_ascii_alphabetic()
                && (b[i + 2].is_ascii_digit()
                    || (matches!(b[i + 2], b' ' | b'-')
                        && b.get(i + 3).is_some_and(u8::is_ascii_digit)))
        });
        if !may {
            return;
        }
        // A whole value under "Ref" or "ID", in any case ("kb449052b").
        let reference = s.header.has(H::GENERIC_ID);
        let rx = if header || keyword || reference {
            &self.rx_any_case
        } else {
            &self.rx
        };
        for c in rx.captures_iter(s.text) {
            let (Some(m), Some(pre)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if !valid_prefix(pre.as_str()) {
                continue;
            }
            let suffix = c.get(5).is_some();
            let near = keyword
                && s.kw_near(
                    m.start(),
                    m.end(),
                    24,
                    &["ni", "nino", "national insurance", "ni no", "ni number"],
                );
            if !(suffix || header || near) {
                continue;
            }
            // In lower case only under a header, or next to the keyword
            // with the suffix letter ("ni no: ab123456c").
            let lower = m.as_str().bytes().any(|c| c.is_ascii_lowercase());
            let whole = suffix && reference && m.as_str() == s.text.trim();
            let allowed = !lower || header || (near && suffix) || whole;
            if !allowed {
                continue;
            }
            out.push(Hit {
                kind: ID,
                start: m.start(),
                end: m.end(),
                evidence: pattern_evidence(header, near),
                strong: true,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::content::test_support::found_texts;

    fn found(t: &str, header: Option<&str>) -> Vec<String> {
        found_texts("ni_number", t, header)
    }

    #[test]
    fn valid_numbers() {
        assert_eq!(found("NI: JK 12 34 56 C", None), vec!["JK 12 34 56 C"]);
        assert_eq!(found("AB123456D", None), vec!["AB123456D"]);
        assert_eq!(found("ni number jk123456", None).len(), 0); // lower case without header
        assert_eq!(found("jk123456c", Some("NI number")), vec!["jk123456c"]);
        assert_eq!(found("NI no JK123456", None), vec!["JK123456"]);
        assert_eq!(found("ni no: ab123456c", None), vec!["ab123456c"]);
        assert_eq!(found("NI ab 12 34 56 c", None), vec!["ab 12 34 56 c"]);
        assert!(found("ab123456c", None).is_empty());
        // A whole value under "Ref" or "ID", in lower case, with its suffix.
        assert_eq!(found("kb449052b", Some("Ref")), vec!["kb449052b"]);
        assert!(found("kb449052", Some("Ref")).is_empty());
        assert!(found("ref kb449052b paid", Some("Ref")).is_empty());
    }

    #[test]
    fn prefix_rules() {
        for t in [
            "DA123456A",
            "FA123456A",
            "AO123456A",
            "AD123456A",
            "BG123456A",
            "GB123456A",
            "ZZ123456A",
            "NT123456A",
            "QQ123456A",
            "AB123456E",
            "AB123456",
        ] {
            assert!(found(t, None).is_empty(), "{t}");
        }
        // O is allowed first.
        assert_eq!(found("OA123456A", None).len(), 1);
    }
}
