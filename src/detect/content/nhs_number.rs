//! `nhs_number`: an NHS number — ten digits with a mod-11 check digit
//! (weights 10..2; 11 means 0; 10 is invalid). About one random ten-digit
//! number in eleven passes, so it also needs context: an NHS header or the
//! word "NHS" nearby.

use regex::Regex;

use super::context::H;
use super::{Detector, Evidence, Gate, Hit, RuleInfo, Scan, re, rule};

pub(crate) struct NhsNumber {
    rx: Regex,
}

const ID: &str = "nhs_number";

/// The NHS mod-11 check on ten digits.
pub fn nhs_check(digits: &[u8]) -> bool {
    if digits.len() != 10 || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if digits.iter().all(|&d| d == digits[0]) {
        return false;
    }
    let sum: u32 = digits[..9]
        .iter()
        .enumerate()
        .map(|(i, &d)| (d - b'0') as u32 * (10 - i as u32))
        .sum();
    let check = match 11 - (sum % 11) {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == (digits[9] - b'0') as u32
}

impl NhsNumber {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(NhsNumber {
            rx: re(r"\b\d{3}[ \-]?\d{3}[ \-]?\d{4}\b")?,
        })
    }
}

impl Detector for NhsNumber {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "An NHS number: ten digits passing the mod-11 check, with an NHS header or keyword.",
            true,
            "s40(2)",
        )
    }

    fn keywords(&self) -> Vec<String> {
        vec!["nhs".into()]
    }

    fn gate(&self) -> Gate {
        Gate {
            feat: 0,
            header: H::NHS,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        let header = s.header.has(H::NHS);
        for m in self.rx.find_iter(s.text) {
            let digits: Vec<u8> = m.as_str().bytes().filter(u8::is_ascii_digit).collect();
            if !nhs_check(&digits) {
                continue;
            }
            let kw = s.kw_near(m.start(), m.end(), 40, &["nhs"]);
            if !(header || kw) {
                continue;
            }
            let mut ev = vec![Evidence::Checksum];
            ev.push(if header {
                Evidence::Header
            } else {
                Evidence::Keyword
            });
            out.push(Hit {
                kind: ID,
                start: m.start(),
                end: m.end(),
                evidence: ev,
                strong: true,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::nhs_check;
    use crate::detect::content::test_support::found_count;

    fn found(t: &str, header: Option<&str>) -> usize {
        found_count("nhs_number", t, header)
    }

    #[test]
    fn checksum() {
        assert!(nhs_check(b"9434765919"));
        assert!(!nhs_check(b"9434765918"));
        assert!(nhs_check(b"4010232137"));
        assert!(!nhs_check(b"0000000000"));
        assert!(!nhs_check(b"123"));
    }

    #[test]
    fn needs_context() {
        assert_eq!(found("NHS number 943 476 5919", None), 1);
        assert_eq!(found("9434765919", Some("NHS No")), 1);
        assert_eq!(found("9434765919", None), 0);
        assert_eq!(found("NHS 9434765918", None), 0);
    }
}
