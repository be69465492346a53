//! `warrant_number`: a police warrant (card) number — issued consecutively
//! (six digits in the Met today) and personal for life. Found by column
//! header or by the keyword "warrant" just before it; a bare six-digit
//! number is not one.

use regex::Regex;

use super::context::{COURT_WARRANT_WORDS, H, whole_value_under_header};
use super::payroll_number::is_id_value;
use super::{Detector, Evidence, Gate, Hit, RuleInfo, Scan, re, rule};

pub(crate) struct WarrantNumber {
    rx: Regex,
}

const ID: &str = "warrant_number";

impl WarrantNumber {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(WarrantNumber {
            rx: re(
                r"(?i)\bwarrant\s*(?:card\s*)?(?:no\b\.?|number|num\b\.?|nbr|#|id\b)?\s*[:#=\-]?\s*([A-Za-z]{0,2}\d{4,8})\b",
            )?,
        })
    }
}

impl Detector for WarrantNumber {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "A police warrant number, by column header or the keyword \"warrant\" just before it.",
            true,
            "s40(2)",
        )
    }

    fn keywords(&self) -> Vec<String> {
        vec!["warrant".into()]
    }

    fn gate(&self) -> Gate {
        Gate {
            feat: 0,
            header: H::WARRANT,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        if whole_value_under_header(s, H::WARRANT, ID, |t| is_id_value(t, 3), out) {
            return;
        }
        // "Search warrant 141183 executed": a court's warrant.
        let officers = self.rx.captures_iter(s.text).filter(|c| {
            let before = c.get(0).map_or("", |m| &s.text[..m.start()]);
            let word = before
                .trim_end()
                .rsplit(|ch: char| !ch.is_alphabetic())
                .next();
            let court_before =
                word.is_some_and(|w| COURT_WARRANT_WORDS.contains(&w.to_lowercase().as_str()));
            // "Warrant 141190 issued by court for arrest" (not a warrant card).
            let card = c
                .get(0)
                .is_some_and(|m| m.as_str().to_lowercase().contains("card"));
            let after = c.get(0).map_or("", |m| &s.text[m.end()..]);
            let court_after = !card
                && after
                    .split(|ch: char| !ch.is_alphabetic())
                    .filter(|w| !w.is_empty())
                    .take(3)
                    .map(str::to_lowercase)
                    // An officer's warrant is "issued in 2009" too.
                    .any(|w| w != "issued" && COURT_WARRANT_WORDS.contains(&w.as_str()));
            !court_before && !court_after
        });
        for c in officers {
            if let Some(m) = c.get(1) {
                out.push(Hit::new(ID, m.start(), m.end(), &[Evidence::Keyword], true));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::content::test_support::found_texts;

    fn found(t: &str, header: Option<&str>) -> Vec<String> {
        found_texts("warrant_number", t, header)
    }

    #[test]
    fn found_by_keyword_or_header() {
        assert_eq!(found("warrant 141183", None), vec!["141183"]);
        assert_eq!(found("Warrant card no. 141183 seen", None), vec!["141183"]);
        assert_eq!(found("WARRANT NO: 141183", None), vec!["141183"]);
        assert_eq!(found("141183", Some("Warrant No")), vec!["141183"]);
    }

    #[test]
    fn not_found_without_context() {
        assert!(found("141183", None).is_empty());
        assert!(found("141183", Some("Crime reference")).is_empty());
        assert!(found("warrant executed at 3 addresses", None).is_empty());
        assert!(found("Warrants issued 2023", None).is_empty());
        assert!(found("Search warrant 141183 executed", None).is_empty());
        assert!(found("arrest warrant no. 141183", None).is_empty());
        assert!(found("141183", Some("Search warrant ref")).is_empty());
        assert!(found("141183", Some("Warrant ref")).is_empty());
        assert!(found("Warrant 141190 issued by court for arrest", None).is_empty());
        assert_eq!(
            found("Warrant card 141183 issued in 2019", None),
            vec!["141183"]
        );
        assert_eq!(found("warrant 158543 issued in 2009", None), vec!["158543"]);
        assert_eq!(
            found("search done, warrant 141183 shown", None),
            vec!["141183"]
        );
    }
}
