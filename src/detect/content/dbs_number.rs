//! `dbs_number`: a DBS (Disclosure and Barring Service) certificate number —
//! twelve digits, under a DBS column or after "DBS". It ties a person to a
//! criminal record check: a staff or volunteer list with them is personal
//! data about checks (and sometimes what they found).

use regex::Regex;

use super::context::{H, by_header_or_keyword};
use super::{Detector, Gate, Hit, RuleInfo, Scan, re, rule};

pub(crate) struct DbsNumber {
    rx: Regex,
}

const ID: &str = "dbs_number";

/// Twelve digits, perhaps grouped by spaces.
fn is_dbs(v: &str) -> bool {
    let v = v.trim();
    v.bytes().filter(u8::is_ascii_digit).count() == 12
        && v.bytes().all(|b| b.is_ascii_digit() || b == b' ')
}

impl DbsNumber {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(DbsNumber {
            rx: re(
                r"(?i:\b(?:dbs|crb)(?:\s+(?:certificate|cert\.?|disclosure))?(?:\s*(?:no\b\.?|number|num\b\.?|#))?\s*[:\-]?\s*)(\d{12}|\d{4} \d{4} \d{4})\b",
            )?,
        })
    }
}

impl Detector for DbsNumber {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "A DBS certificate number: twelve digits under a DBS header or after \"DBS\".",
            true,
            "s40(2)",
        )
    }

    fn keywords(&self) -> Vec<String> {
        vec!["dbs".into(), "crb".into()]
    }

    fn gate(&self) -> Gate {
        Gate {
            feat: 0,
            header: H::DBS,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        by_header_or_keyword(s, H::DBS, ID, is_dbs, &self.rx, out);
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::content::test_support::found_count;

    fn found(t: &str, header: Option<&str>) -> usize {
        found_count("dbs_number", t, header)
    }

    #[test]
    fn by_header_or_keyword() {
        assert_eq!(found("002753086200", Some("DBS certificate number")), 1);
        assert_eq!(found("0027 5308 6200", Some("DBS no")), 1);
        assert_eq!(found("DBS 008901234480 cleared on 12/03/2024", None), 1);
        assert_eq!(found("002753086200", None), 0);
        assert_eq!(found("002753086200", Some("Transaction number")), 0);
        assert_eq!(found("DBS checks completed: 12", None), 0);
        assert_eq!(found("DBS certificate no. 0027 5308 6200", None), 1);
        assert_eq!(
            found(
                "DBS invoice 202304150001 paid to Disclosure and Barring Service",
                None
            ),
            0
        );
        assert_eq!(
            found(
                "148525388853",
                Some("DBS application fees - payment reference")
            ),
            0
        );
    }
}
