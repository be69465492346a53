//! `nmc_pin`: a nurse's or midwife's NMC PIN — two digits, a letter, four
//! digits and a letter ("12A3456E"; the letter says the year and month of
//! registration) — under an NMC or PIN column or after "NMC" or "PIN".

use regex::Regex;

use super::context::{H, by_header_or_keyword};
use super::{Detector, Gate, Hit, RuleInfo, Scan, re, rule};

pub(crate) struct NmcPin {
    rx: Regex,
}

const ID: &str = "nmc_pin";

fn is_pin(v: &str) -> bool {
    let b = v.trim().as_bytes();
    b.len() == 8
        && b[..2].iter().all(u8::is_ascii_digit)
        && b[2].is_ascii_uppercase()
        && b[3..7].iter().all(u8::is_ascii_digit)
        && b[7].is_ascii_uppercase()
}

impl NmcPin {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(NmcPin {
            rx: re(
                r"(?i:\b(?:nmc(?:\s+pin)?|pin)(?:\s*(?:no\b\.?|number|#))?\s*[:\-]?\s*)(\d{2}[A-Z]\d{4}[A-Z])\b",
            )?,
        })
    }
}

impl Detector for NmcPin {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "An NMC PIN (nurses and midwives): 12A3456E, under an NMC or PIN header or after \
             \"NMC\" or \"PIN\".",
            true,
            "s40(2)",
        )
    }

    fn keywords(&self) -> Vec<String> {
        vec!["nmc".into(), "pin".into()]
    }

    fn gate(&self) -> Gate {
        Gate {
            feat: 0,
            header: H::NMC,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        by_header_or_keyword(s, H::NMC, ID, is_pin, &self.rx, out);
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::content::test_support::found_count;

    fn found(t: &str, header: Option<&str>) -> usize {
        found_count("nmc_pin", t, header)
    }

    #[test]
    fn by_header_or_keyword() {
        assert_eq!(found("00A5240U", Some("PIN")), 1);
        assert_eq!(found("12A3456E", Some("NMC number")), 1);
        assert_eq!(
            found("Registered with NMC PIN 12A3456E since 2012", None),
            1
        );
        assert_eq!(found("12A3456E", None), 0);
        assert_eq!(found("12A3456E", Some("Part number")), 0);
        assert_eq!(found("54G2057R", Some("PIN pad model")), 0);
        assert_eq!(
            found("Replace PIN entry device 24B1234E at reception", None),
            0
        );
    }
}
