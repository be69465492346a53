//! `postcode`: a full UK unit postcode ("BT1 1AA", "SW1A 2AA"). A district
//! alone ("BT1") or a sector is not personal and is never reported. Bare
//! full postcodes are weak (a police station's postcode is public); with an
//! address or postcode header, or an address keyword, strong.

use regex::Regex;

use super::context::{H, pattern_evidence};
use super::{Detector, Gate, Hit, RuleInfo, Scan, feat, re, rule};

pub(crate) struct Postcode {
    rx: Regex,
    rx_any_case: Regex,
}

const ID: &str = "postcode";

pub(super) const PC: &str = r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRV-Y\d]?) ?\d[ABD-HJLNP-UW-Z]{2})\b";

const ADDRESS_WORDS: &[&str] = &[
    "address",
    "postcode",
    "post code",
    "lives",
    "resides",
    "home",
    "residing",
];

/// Cheap test before the regex: a digit followed by two letters at a word end
/// (the inward code, "1AA"), with at least two characters before it.
fn may_hold(b: &[u8], any_case: bool) -> bool {
    let letter = |c: u8| {
        if any_case {
            c.is_ascii_alphabetic()
        } else {
            c.is_ascii_uppercase()
        }
    };
    (2..b.len().saturating_sub(2)).any(|i| {
        b[i].is_ascii_digit()
            && letter(b[i + 1])
            && letter(b[i + 2])
            && !b.get(i + 3).is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

impl Postcode {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(Postcode {
            rx: re(PC)?,
            rx_any_case: re(&format!("(?i){PC}"))?,
        })
    }
}

impl Detector for Postcode {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "A full UK unit postcode (never a district such as \"BT1\"); strong with an address \
             header or keyword, weak alone.",
            false,
            "s40(2)",
        )
    }

    fn keywords(&self) -> Vec<String> {
        ADDRESS_WORDS.iter().map(|s| s.to_string()).collect()
    }

    fn gate(&self) -> Gate {
        Gate {
            feat: feat::UP_DIGIT,
            header: H::POSTCODE | H::ADDRESS,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        let header = s.header.has(H::POSTCODE | H::ADDRESS);
        // With an address word in the text, a postcode typed in lower case
        // ("lives at 3 ash grove, bt7 1nn") counts too, next to the word.
        let any_case = header || s.has_kw(ADDRESS_WORDS);
        if !may_hold(s.bytes(), any_case) {
            return;
        }
        let rx = if any_case {
            &self.rx_any_case
        } else {
            &self.rx
        };
        for m in rx.find_iter(s.text) {
            let kw = s.kw_near(m.start(), m.end(), 60, ADDRESS_WORDS);
            if !header && !kw && m.as_str().bytes().any(|c| c.is_ascii_lowercase()) {
                continue;
            }
            out.push(Hit {
                kind: ID,
                start: m.start(),
                end: m.end(),
                evidence: pattern_evidence(header, kw),
                strong: header || kw,
            });
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
            .filter(|h| h.kind == "postcode")
            .map(|h| (t[h.start..h.end].to_string(), h.strong))
            .collect()
    }

    #[test]
    fn full_postcodes() {
        assert_eq!(found("BT1 1AA", None), vec![("BT1 1AA".into(), false)]);
        assert_eq!(
            found("Lives at 3 Acacia Ave, SW1A 2AA", None),
            vec![("SW1A 2AA".into(), true)]
        );
        assert!(found("M1 1AE", Some("Postcode"))[0].1);
        assert_eq!(
            found("bt7 1nn", Some("Home address")),
            vec![("bt7 1nn".into(), true)]
        );
        assert_eq!(found("EC1A1BB", None).len(), 1);
        assert_eq!(
            found("lives at 3 ash grove, bt7 1nn", None),
            vec![("bt7 1nn".into(), true)]
        );
        assert_eq!(found("home address sw1a2aa", None).len(), 1);
        assert!(found("code bt7 1nn", None).is_empty());
    }

    #[test]
    fn districts_and_lookalikes_are_not() {
        for t in [
            "BT1",
            "BT1 1",
            "SW1A",
            "Area BT7",
            "M1",
            "bt1 1aa",
            "Crime 141183",
            "AB12 CDE",
        ] {
            assert!(found(t, None).is_empty(), "{t}: {:?}", found(t, None));
        }
        assert!(found("BT1", Some("Postcode district")).is_empty());
    }
}
