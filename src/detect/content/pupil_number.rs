//! `pupil_number`: a unique pupil number (UPN) — a check letter and twelve
//! characters ("A123456789012"), given to every pupil in England and Wales.
//! Found under a UPN column or near the word "UPN" or "pupil"; a right
//! check letter (weights 2 to 13, modulo 23) is further evidence, never
//! enough alone (one asset or order code in 23 has one).

use regex::Regex;

use super::context::{H, whole_value_under_header};
use super::{Detector, Evidence, Gate, Hit, RuleInfo, Scan, re, rule};

pub(crate) struct PupilNumber {
    rx: Regex,
}

const ID: &str = "pupil_number";

/// The check letters, by remainder.
const LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

/// Whether a UPN's first letter is the check letter of the rest (twelve
/// digits; a temporary UPN's last letter is not checked).
///
/// ```
/// # use foiguard::detect::content::upn_check;
/// assert!(upn_check("A823456789012") == (b'A' == b"ABCDEFGHJKLMNPQRTUVWXYZ"[
///     ((2..=13).zip("823456789012".bytes()).map(|(w, d)| w * (d - b'0') as u32).sum::<u32>() % 23) as usize]));
/// ```
pub fn upn_check(upn: &str) -> bool {
    let b = upn.as_bytes();
    b.len() == 13 && upn.get(1..).and_then(upn_check_letter) == Some(b[0] as char)
}

/// The check letter of a UPN's twelve digits (`None` if they are not).
///
/// ```
/// use foiguard::detect::content::{upn_check, upn_check_letter};
/// let l = upn_check_letter("823456789012").unwrap();
/// assert!(upn_check(&format!("{l}823456789012")));
/// ```
pub fn upn_check_letter(digits: &str) -> Option<char> {
    let b = digits.as_bytes();
    if b.len() != 12 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = (2..=13).zip(b).map(|(w, d)| w * u32::from(d - b'0')).sum();
    Some(LETTERS[(sum % 23) as usize] as char)
}

/// Whether a whole value is shaped like a UPN.
fn is_upn(v: &str) -> bool {
    let b = v.trim().as_bytes();
    b.len() == 13
        && b[0].is_ascii_uppercase()
        && b[1..12].iter().all(u8::is_ascii_digit)
        && b[12].is_ascii_alphanumeric()
}

impl PupilNumber {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(PupilNumber {
            rx: re(r"\b[A-Z]\d{11}[0-9A-Z]\b")?,
        })
    }
}

impl Detector for PupilNumber {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "A unique pupil number (UPN): a check letter and twelve characters, under a UPN \
             header or near \"UPN\" or \"pupil\".",
            true,
            "s40(2)",
        )
    }

    fn keywords(&self) -> Vec<String> {
        vec!["upn".into(), "pupil".into()]
    }

    fn gate(&self) -> Gate {
        Gate {
            feat: 0,
            header: H::UPN,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        if whole_value_under_header(s, H::UPN, ID, is_upn, out) {
            return;
        }
        for m in self.rx.find_iter(s.text) {
            if !s.kw_near(m.start(), m.end(), 30, &["upn", "pupil"]) {
                continue;
            }
            let mut ev = vec![Evidence::Keyword];
            if upn_check(m.as_str()) {
                ev.push(Evidence::Checksum);
            }
            out.push(Hit::new(ID, m.start(), m.end(), &ev, true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::upn_check;
    use crate::detect::content::test_support::found_count;

    fn found(t: &str, header: Option<&str>) -> usize {
        found_count("pupil_number", t, header)
    }

    /// A UPN with its check letter, for twelve digits.
    fn upn(digits: &str) -> String {
        format!("{}{digits}", super::upn_check_letter(digits).unwrap())
    }

    #[test]
    fn by_header_keyword_or_check_letter() {
        let good = upn("823456789012");
        assert!(upn_check(&good));
        assert_eq!(
            found(&good, None),
            0,
            "a right check letter alone is not enough"
        );
        assert_eq!(found(&format!("UPN {good}"), None), 1);
        let bad = format!(
            "{}823456789012",
            if good.starts_with('A') { 'B' } else { 'A' }
        );
        assert!(!upn_check(&bad));
        assert_eq!(found(&bad, None), 0, "no context");
        assert_eq!(found("N526018159083", Some("Asset code")), 0);
        assert_eq!(found(&bad, Some("UPN")), 1);
        assert_eq!(found(&bad, Some("Pupil ref")), 1);
        assert_eq!(found(&format!("Pupil UPN {bad} moved school"), None), 1);
        assert_eq!(found("H88321111743A", Some("Unique pupil number")), 1);
    }

    #[test]
    fn not_pupil_numbers() {
        for t in [
            "A12345678901",
            "AB23456789012",
            "Case 202300001234",
            "Z1234567890123",
        ] {
            assert_eq!(found(t, None), 0, "{t}");
        }
        assert_eq!(
            found("A823456789012", Some("Invoice")),
            found("A823456789012", None)
        );
    }
}
