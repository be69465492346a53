//! `bank_details`: a sort code with an account number, a sort code or
//! account number after its keyword or under its header, or an IBAN that
//! passes the mod-97 check.

use regex::Regex;

use super::context::{H, values_after_keyword, whole_value_under_header};
use super::{Detector, Evidence, Gate, Hit, RuleInfo, Scan, feat, re, rule};

pub(crate) struct BankDetails {
    sort_then_account: Regex,
    sort_kw: Regex,
    account_kw: Regex,
    iban: Regex,
}

const ID: &str = "bank_details";

/// The IBAN mod-97 check (ISO 13616).
pub fn iban_check(iban: &str) -> bool {
    let s: String = iban.chars().filter(|c| !c.is_whitespace()).collect();
    if s.len() < 15 || s.len() > 34 || !s.is_ascii() {
        return false;
    }
    let b = s.as_bytes();
    if !(b[0].is_ascii_uppercase()
        && b[1].is_ascii_uppercase()
        && b[2].is_ascii_digit()
        && b[3].is_ascii_digit())
    {
        return false;
    }
    let mut rem: u32 = 0;
    for &c in b[4..].iter().chain(&b[..4]) {
        let v = match c {
            b'0'..=b'9' => (c - b'0') as u32,
            b'A'..=b'Z' => (c - b'A') as u32 + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

impl BankDetails {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(BankDetails {
            sort_then_account: re(r"\b(\d{2}-\d{2}-\d{2})\b[^\d]{1,20}?\b(\d{8})\b")?,
            sort_kw: re(r"(?i)\b(?:sort\s?code|s/c)\s*[:#=\-]?\s*(\d{2}[- ]?\d{2}[- ]?\d{2})\b")?,
            account_kw: re(
                r"(?i)\b(?:account|acc|acct|a/c)\s*(?:no\b\.?|number|num\b\.?|#)?\s*[:#=\-]?\s*(\d{7,10})\b",
            )?,
            iban: re(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")?,
        })
    }
}

impl Detector for BankDetails {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "Bank details: a sort code with an account number, either one after its keyword or \
             under its header, or an IBAN passing the mod-97 check.",
            true,
            "s40(2)",
        )
    }

    fn keywords(&self) -> Vec<String> {
        [
            "sort code",
            "sortcode",
            "s/c",
            "account",
            "acc",
            "acct",
            "a/c",
            "iban",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    fn gate(&self) -> Gate {
        Gate {
            feat: feat::UP_DIGIT6 | feat::DIGITS9,
            header: H::BANK,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        // How many digits a value of digits, hyphens and spaces has.
        let digits = |t: &str| {
            (!t.is_empty()
                && t.bytes()
                    .all(|c| c.is_ascii_digit() || c == b'-' || c == b' '))
            .then(|| t.bytes().filter(u8::is_ascii_digit).count())
        };
        let before = out.len();
        if whole_value_under_header(s, H::SORT_CODE, ID, |t| digits(t) == Some(6), out)
            || whole_value_under_header(
                s,
                H::ACCOUNT,
                ID,
                |t| digits(t).is_some_and(|n| (7..=10).contains(&n)),
                out,
            )
        {
            return;
        }
        if s.feat & feat::DIGITS9 != 0 && s.text.contains('-') {
            for c in self.sort_then_account.captures_iter(s.text) {
                if let Some(m) = c.get(0) {
                    out.push(Hit::new(ID, m.start(), m.end(), &[Evidence::Pattern], true));
                }
            }
        }
        if !s.kws.is_empty() {
            for rx in [&self.sort_kw, &self.account_kw] {
                values_after_keyword(rx, s, ID, |_| true, out);
            }
        }
        let b = s.bytes();
        let iban_like = b.windows(4).any(|w| {
            w[0].is_ascii_uppercase()
                && w[1].is_ascii_uppercase()
                && w[2].is_ascii_digit()
                && w[3].is_ascii_digit()
        });
        if iban_like && (s.feat & feat::UP_DIGIT6 != 0 || s.header.has(H::IBAN)) {
            for m in self.iban.find_iter(s.text) {
                if iban_check(m.as_str()) {
                    out.push(Hit::new(
                        ID,
                        m.start(),
                        m.end(),
                        &[Evidence::Checksum],
                        true,
                    ));
                }
            }
        }
        // "Pay by BACS to Harrowfield Borough Council, sort code ...": the
        // organisation's own account, printed on every invoice: review.
        if out.len() > before && pays_an_organisation(s.text) {
            for h in &mut out[before..] {
                h.strong = false;
            }
        }
    }
}

/// Whether a text gives an organisation as the account holder.
fn pays_an_organisation(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(super::lexicon::is_organisation_word)
}

#[cfg(test)]
mod tests {
    use super::iban_check;
    use crate::detect::content::test_support::found_texts;
    use crate::detect::content::{ContentScanner, DetectorsConfig, TextContext};

    fn found(t: &str, header: Option<&str>) -> Vec<String> {
        found_texts("bank_details", t, header)
    }

    #[test]
    fn iban() {
        assert!(iban_check("GB82 WEST 1234 5698 7654 32"));
        assert!(iban_check("GB82WEST12345698765432"));
        assert!(!iban_check("GB82WEST12345698765433"));
        assert_eq!(
            found("Pay to GB82 WEST 1234 5698 7654 32 please", None),
            vec!["GB82 WEST 1234 5698 7654 32"]
        );
        assert!(found("GB82 WEST 1234 5698 7654 33", None).is_empty());
    }

    #[test]
    fn sort_code_and_account() {
        assert_eq!(found("12-34-56 12345678", None), vec!["12-34-56 12345678"]);
        assert_eq!(found("sort code 12-34-56", None), vec!["12-34-56"]);
        assert_eq!(found("Account no: 12345678", None), vec!["12345678"]);
        assert_eq!(found("12-34-56", Some("Sort code")), vec!["12-34-56"]);
        assert_eq!(found("12345678", Some("Account number")), vec!["12345678"]);
    }

    #[test]
    fn an_organisations_own_account_is_weak() {
        let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        let strong = |t: &str| {
            let mut v = Vec::new();
            s.scan(t, &TextContext::cell(None), &mut v);
            v.iter()
                .filter(|h| h.kind == "bank_details")
                .map(|h| h.strong)
                .collect::<Vec<_>>()
        };
        let council = strong(
            "Pay by BACS to Harrowfield Borough Council, sort code 30-94-57, account number 00112233",
        );
        assert!(
            !council.is_empty() && council.iter().all(|s| !s),
            "{council:?}"
        );
        assert_eq!(strong("Refund to J Smith, sort code 30-94-57"), [true]);
    }

    #[test]
    fn not_bank_details() {
        for t in [
            "12-03-21",
            "12-03-21 meeting",
            "Account of events on 12/03/2023",
            "£12,345,678",
            "20230145 12345678",
        ] {
            assert!(found(t, None).is_empty(), "{t}: {:?}", found(t, None));
        }
    }
}
