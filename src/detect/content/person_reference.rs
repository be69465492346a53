//! `person_reference`: a number a public service gives a person, known by
//! its column header — a prison number, a unique learner number,
//! a patient, client or tenant reference, an NI Health & Care number, a
//! passport number — or, for a driving licence number, by its shape alone
//! (five letters of the surname, the date of birth in six digits, the
//! initials: "MORGA753116SM9IJ").
//!
//! ```
//! use foiguard::detect::content::{ContentScanner, DetectorsConfig, TextContext};
//! let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
//! let mut hits = Vec::new();
//! s.scan("G4333GE", &TextContext::cell(Some("Prison number")), &mut hits);
//! assert!(hits.iter().any(|h| h.kind == "person_reference"));
//! ```

use regex::Regex;

use super::context::{H, values_after_keyword, whole_value_under_header};
use super::{Detector, Evidence, Gate, Hit, RuleInfo, Scan, re, rule};
use crate::detect::content::features::feat;

pub(crate) struct PersonReference {
    licence: Regex,
    /// A hospital number or a doctor's GMC number after its name in text:
    /// "Patient (MRN K274872) found on floor", "Locum consultant GMC 7012345".
    keyword: Regex,
    /// A prison (NOMIS) number, "A1234BC", in a text about a prisoner.
    prison: Regex,
}

/// Words that make a text about someone in prison.
const PRISON_WORDS: &[&str] = &["prisoner", "prison", "hmp", "hmyoi", "nomis", "inmate"];

const ID: &str = "person_reference";

/// A whole value shaped like a reference: letters, digits and separators,
/// with at least three digits ("G4333GE", "2453269305", "TEN-004412").
fn is_reference(v: &str) -> bool {
    let v = v.trim();
    let digits = v.bytes().filter(u8::is_ascii_digit).count();
    (4..=24).contains(&v.len())
        && digits >= 3
        && v.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'/' | b' ' | b'.'))
}

impl PersonReference {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(PersonReference {
            prison: re(r"\b[A-Z]\d{4}[A-Z]{2}\b")?,
            keyword: re(
                r"(?i:\b(?:mrn|gmc(?:\s*(?:no\b\.?|number|ref\b\.?))?|hosp(?:ital)?\s*(?:no\b\.?|number|num\b\.?))\s*[:#=]?\s*)([A-Z]{0,2}\d{6,10}[A-Z]?)\b",
            )?,
            // Surname (padded with 9s), decade, month (+50 for women), day,
            // year, initials, a digit, two check characters.
            licence: re(
                r"\b[A-Z9]{5}\d(?:0[1-9]|1[0-2]|5[1-9]|6[0-2])(?:0[1-9]|[12]\d|3[01])\d[A-Z9]{2}\d[A-Z0-9]{2}\b",
            )?,
        })
    }
}

impl Detector for PersonReference {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "A reference number a public service gives a person (prison, learner, patient, \
             client or tenant number, passport), by its column header; a prison number in \
             text about a prisoner; a driving licence number by its shape.",
            true,
            "s40(2)",
        )
    }

    fn keywords(&self) -> Vec<String> {
        ["mrn", "gmc", "hospital", "hosp"]
            .iter()
            .chain(PRISON_WORDS)
            .map(|w| w.to_string())
            .collect()
    }

    fn gate(&self) -> Gate {
        Gate {
            feat: feat::UP_DIGIT6,
            header: H::PERSON_REF,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        if whole_value_under_header(s, H::PERSON_REF, ID, is_reference, out) {
            return;
        }
        if s.has_kw(&["mrn", "gmc", "hospital", "hosp"]) {
            values_after_keyword(&self.keyword, s, ID, |_| true, out);
        }
        // "Prisoner A1234BC transferred to HMP Maghaberry".
        if s.has_kw(PRISON_WORDS) {
            for m in self.prison.find_iter(s.text) {
                out.push(Hit::new(ID, m.start(), m.end(), &[Evidence::Keyword], true));
            }
        }
        if s.feat & feat::UP_DIGIT6 == 0 {
            return;
        }
        // Strong with a word for it nearby; alone, a stock code can share
        // the shape (weak: review). Looked for only once a licence is seen.
        let mut context: Option<bool> = None;
        for m in self.licence.find_iter(s.text) {
            let strong = *context.get_or_insert_with(|| {
                let lower = s.text.to_ascii_lowercase();
                ["licence", "license", "driver", "dvla", "driving"]
                    .iter()
                    .any(|w| lower.contains(w))
            });
            out.push(Hit::new(
                ID,
                m.start(),
                m.end(),
                &[Evidence::Pattern],
                strong,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::content::test_support::{found_count, found_texts};

    fn found(t: &str, header: Option<&str>) -> usize {
        found_count("person_reference", t, header)
    }

    #[test]
    fn prison_numbers_in_text_about_a_prisoner() {
        let f = |t| found_texts("person_reference", t, None);
        assert_eq!(
            f("Prisoner A1234BC transferred to HMP Maghaberry"),
            vec!["A1234BC"]
        );
        assert_eq!(f("NOMIS G4333GE released on licence"), vec!["G4333GE"]);
        // The shape alone, or a text not about a prison: not one.
        assert!(f("Part A1234BC reordered").is_empty());
        assert!(f("Prison visits rose by 12%").is_empty());
    }

    #[test]
    fn hospital_and_gmc_numbers_after_their_names() {
        let f = |t| found_texts("person_reference", t, None);
        assert_eq!(f("Patient (MRN K274872) found on floor"), vec!["K274872"]);
        assert_eq!(f("Locum consultant GMC 7012345 booked"), vec!["7012345"]);
        assert_eq!(f("GMC No. 7012345"), vec!["7012345"]);
        assert_eq!(f("Hospital number: RX1234567"), vec!["RX1234567"]);
        // Not a number of a person: short, a year, or no keyword.
        assert!(f("GMC 2024 guidance").is_empty());
        assert!(f("hospital 12 beds").is_empty());
        assert!(f("Ref K274872 closed").is_empty());
    }

    #[test]
    fn by_header() {
        for (v, h) in [
            ("G4333GE", "Prison number"),
            ("2453269305", "ULN"),
            ("2453269305", "Unique learner number"),
            ("TEN-004412", "Tenancy ref"),
            ("P000123", "Patient ID"),
            ("320 123 4567", "H&C No"),
            ("3201234567", "Health and Care number"),
            ("123456789", "Passport number"),
            ("EVANS707049S9B70", "Driving licence no"),
        ] {
            assert_eq!(found(v, Some(h)), 1, "{v} under {h}");
        }
    }

    #[test]
    fn driving_licence_numbers_by_shape() {
        assert_eq!(found("Licence MORGA753116SM9IJ endorsed SP30", None), 1);
        assert_eq!(found("Driver: JONES861207A99GH", None), 1);
        // Month 13 or 40s, lower case, or too short: not a licence.
        assert_eq!(found("MORGA713116SM9IJ", None), 0);
        assert_eq!(found("morga753116sm9ij", None), 0);
        assert_eq!(found("MORGA75311SM9IJ", None), 0);
    }

    #[test]
    fn not_references() {
        for (v, h) in [
            ("Level 2 Plumbing", "ULN"),
            ("HMP Leeds", "Prison"),
            ("2453269305", "Invoice number"),
            ("G4333GE", "Asset number"),
            ("12", "Patient count"),
            ("Outpatient", "Patient type"),
        ] {
            assert_eq!(found(v, Some(h)), 0, "{v} under {h}");
        }
    }
}
