//! `nhs_number`: an NHS number — ten digits with a mod-11 check digit
//! (weights 10..2; 11 means 0; 10 is invalid). About one random ten-digit
//! number in eleven passes, so it also needs context: an NHS header or the
//! word "NHS" nearby.

use regex::Regex;

use super::context::{H, has_word};
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

/// True when ten digits start with a real date of birth, DDMMYY: a CHI
/// number's shape. Under a CHI header such a number is a patient's even
/// when its check digit is wrong (a typing slip still names the patient).
fn chi_date(digits: &[u8]) -> bool {
    if digits.len() != 10 {
        return false;
    }
    let two = |i: usize| (digits[i] - b'0') as u32 * 10 + (digits[i + 1] - b'0') as u32;
    let (day, month, year) = (two(0), two(2), two(4));
    let leap = year % 4 == 0; // 2000 and 1900 alike: a CHI says only YY
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    (1..=days).contains(&day)
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
        let chi = header && s.header_text.is_some_and(|h| has_word(h, "chi"));
        for m in self.rx.find_iter(s.text) {
            let digits: Vec<u8> = m.as_str().bytes().filter(u8::is_ascii_digit).collect();
            let chi_date = chi && chi_date(&digits);
            if !nhs_check(&digits) && !chi_date {
                continue;
            }
            let kw = s.kw_near(m.start(), m.end(), 40, &["nhs"]);
            if !(header || kw) {
                continue;
            }
            let mut ev = if chi_date {
                vec![]
            } else {
                vec![Evidence::Checksum]
            };
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

    #[test]
    fn a_chi_number_under_its_header_needs_only_a_date() {
        // 15/01/65: a date of birth, though the check digit fails.
        assert_eq!(found("1501653950", Some("CHI")), 1);
        assert_eq!(found("1501653950", Some("CHI No")), 1);
        // Not a date (month 13, day 32): not a CHI without its check.
        assert_eq!(found("1513653950", Some("CHI")), 0);
        assert_eq!(found("3201653951", Some("CHI")), 0);
        // Under an NHS header the check digit still decides.
        assert_eq!(found("1501653950", Some("NHS Number")), 0);
        // "Chief" is not CHI.
        assert_eq!(found("1501653950", Some("Chief Officer")), 0);
    }
}
