//! `vehicle_registration`: a UK vehicle registration mark. The current
//! format ("AB12 CDE", age identifier checked) is found on its own (weak);
//! with a vehicle keyword or header it is strong. Older prefix, suffix and
//! Northern Ireland formats ("A123 BCD", "ABC 123D", "BIG 1234") need a
//! keyword or header, since they look like many other codes.

use regex::Regex;

use super::context::{H, pattern_evidence};
use super::{Detector, Evidence, Gate, Hit, RuleInfo, Scan, feat, re, rule};

pub(crate) struct VehicleRegistration {
    current: Regex,
    older: Regex,
}

const ID: &str = "vehicle_registration";

const KEYWORDS: &[&str] = &[
    "vehicle",
    "vrm",
    "vrn",
    "reg",
    "registration",
    "car",
    "van",
    "plate",
    "plates",
    "index",
    "motorcycle",
    "lorry",
    "taxi",
    "driving",
    "drove",
    "driver",
];

/// The current format's age identifier: 02..=29 (March) or 51..=79 (September).
fn valid_age(d: &str) -> bool {
    d.parse::<u32>()
        .is_ok_and(|n| (2..=29).contains(&n) || (51..=79).contains(&n))
}

/// Cheap test before the regex: two capitals then two digits ("AB12").
fn may_hold_current(b: &[u8]) -> bool {
    b.windows(4).any(|w| {
        w[0].is_ascii_uppercase()
            && w[1].is_ascii_uppercase()
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
    })
}

impl VehicleRegistration {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(VehicleRegistration {
            current: re(r"\b([A-HJ-PR-Y][A-HJ-PR-Z])(\d{2}) ?([A-HJ-PR-Z]{3})\b")?,
            older: re(
                r"(?i)\b(?:[A-Z]\d{1,3} ?[A-Z]{3}|[A-Z]{3} ?\d{1,3}[A-Z]|[A-Z]{2,3} ?\d{1,4}|\d{1,4} ?[A-Z]{2,3})\b",
            )?,
        })
    }
}

impl Detector for VehicleRegistration {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "A UK vehicle registration mark: the current format on its own (weak) or with a \
             vehicle keyword or header; older and NI formats only with context.",
            false,
            "s40(2)",
        )
    }

    fn keywords(&self) -> Vec<String> {
        KEYWORDS.iter().map(|s| s.to_string()).collect()
    }

    fn gate(&self) -> Gate {
        Gate {
            feat: feat::UP_DIGIT,
            header: H::VRM,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        let header = s.header.has(H::VRM);
        let mut found: Vec<(usize, usize)> = Vec::new();
        // The current format needs a capital and a digit: most texts have
        // no digit, so skip the byte scan for them.
        let current = s.feat & feat::UP_DIGIT != 0 && may_hold_current(s.bytes());
        // (The pattern cannot match an empty text: skip the regex too.)
        for c in current
            .then(|| self.current.captures_iter(s.text))
            .into_iter()
            .flatten()
        {
            let (Some(m), Some(age)) = (c.get(0), c.get(2)) else {
                continue;
            };
            if !valid_age(age.as_str()) {
                continue;
            }
            let kw = s.kw_near(m.start(), m.end(), 30, KEYWORDS);
            found.push((m.start(), m.end()));
            out.push(Hit {
                kind: ID,
                start: m.start(),
                end: m.end(),
                evidence: pattern_evidence(header, kw),
                strong: header || kw,
            });
        }
        // Older formats: the whole value under a header, or right after a keyword.
        if !header && !s.has_kw(&["vrm", "vrn", "reg", "registration", "plate", "index"]) {
            return;
        }
        let t = s.text.trim();
        let lead = s.text.len() - s.text.trim_start().len();
        for m in self.older.find_iter(s.text) {
            if found.iter().any(|&(a, z)| m.start() < z && a < m.end()) {
                continue;
            }
            let letters = m.as_str().bytes().filter(u8::is_ascii_alphabetic).count();
            let digits = m.as_str().bytes().filter(u8::is_ascii_digit).count();
            if letters < 2 || digits == 0 {
                continue;
            }
            let whole = header && m.start() == lead && m.end() == lead + t.len();
            let kw = s
                .kw_before(
                    m.start(),
                    6,
                    &["vrm", "vrn", "reg", "registration", "plate", "index"],
                )
                .is_some();
            if whole || kw {
                out.push(Hit::new(
                    ID,
                    m.start(),
                    m.end(),
                    &[if whole {
                        Evidence::Header
                    } else {
                        Evidence::Keyword
                    }],
                    true,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::content::{ContentScanner, DetectorsConfig, TextContext};

    fn found(t: &str, header: Option<&str>) -> Vec<(String, bool)> {
        let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        let mut v = Vec::new();
        s.scan(t, &TextContext::cell(header), &mut v);
        v.into_iter()
            .filter(|h| h.kind == "vehicle_registration")
            .map(|h| (t[h.start..h.end].to_string(), h.strong))
            .collect()
    }

    #[test]
    fn current_format() {
        assert_eq!(found("AB12 CDE", None), vec![("AB12 CDE".into(), false)]);
        assert_eq!(
            found("Vehicle YX68 KLM seen", None),
            vec![("YX68 KLM".into(), true)]
        );
        assert!(found("LB07SEO", Some("VRM"))[0].1);
        assert!(found("AB00 CDE", None).is_empty());
        assert!(found("AB45 CDE", None).is_empty());
        assert!(found("ab12 cde", None).is_empty());
    }

    #[test]
    fn older_formats_need_context() {
        assert_eq!(found("reg A123 BCD", None), vec![("A123 BCD".into(), true)]);
        assert_eq!(
            found("BIG 1234", Some("Vehicle reg")),
            vec![("BIG 1234".into(), true)]
        );
        assert!(found("A123 BCD", None).is_empty());
        assert!(found("BT1 1AA", None).is_empty());
        assert!(found("ISO 9001", None).is_empty());
    }
}
