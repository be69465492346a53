//! `date_of_birth`: a date with context that makes it a birth date — a DOB
//! header, or "DOB", "D.O.B.", "born", "date of birth" just before it. A
//! date alone is never reported (incident logs are full of dates).

use regex::Regex;

use super::context::H;
use super::{Detector, Evidence, Gate, Hit, RuleInfo, Scan, re, rule};

pub(crate) struct DateOfBirth {
    rx: Regex,
}

const ID: &str = "date_of_birth";

const KEYWORDS: &[&str] = &[
    "dob",
    "d.o.b",
    "d o b",
    "born",
    "birth",
    "birthday",
    "birthdate",
    "date of birth",
    // Welsh: "dyddiad geni" (date of birth), "ganwyd" (born).
    "geni",
    "ganwyd",
];

impl DateOfBirth {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(DateOfBirth {
            rx: re(concat!(
                r"(?i)\b(?:",
                // 12/03/1985, 12-03-85, 12.03.1985
                r"(\d{1,2})[/\-. ](\d{1,2})[/\-. ](\d{4}|\d{2})",
                // 1985-03-12
                r"|(\d{4})-(\d{1,2})-(\d{1,2})",
                // 12 March 1985, 12th Mar 85, 12-Mar-85 (Excel's CSV)
                r"|(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|ionawr|chwefror|mawrth|ebrill|mai|mehefin|gorffennaf|awst|medi|hydref|tachwedd|rhagfyr)[a-z]*\.?,?[\s\-/.]+(\d{4}|\d{2})",
                // March 12, 1985
                r"|(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})",
                r")\b",
            ))?,
        })
    }
}

fn month_of(m: &str) -> u32 {
    let lower = m.to_ascii_lowercase();
    if let Some(i) = super::lexicon::WELSH_MONTHS
        .iter()
        .position(|w| lower.starts_with(w))
    {
        return i as u32 + 1;
    }
    match m.get(..3).unwrap_or("").to_ascii_lowercase().as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => 0,
    }
}

/// Whether the captures form a plausible date of birth.
fn plausible(c: &regex::Captures<'_>) -> bool {
    let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let (d, m, y) = if let (Some(d), Some(m), Some(y)) = (n(1), n(2), c.get(3)) {
        (d, m, y.as_str())
    } else if let (Some(y), Some(m), Some(d)) = (c.get(4), n(5), n(6)) {
        (d, m, y.as_str())
    } else if let (Some(d), Some(m), Some(y)) = (n(7), c.get(8), c.get(9)) {
        (d, month_of(m.as_str()), y.as_str())
    } else if let (Some(m), Some(d), Some(y)) = (c.get(10), n(11), c.get(12)) {
        (d, month_of(m.as_str()), y.as_str())
    } else {
        return false;
    };
    let Ok(year) = y.parse::<u32>() else {
        return false;
    };
    let year_ok = if y.len() == 2 {
        true
    } else {
        (1900..=2030).contains(&year)
    };
    (1..=31).contains(&d) && (1..=12).contains(&m) && year_ok
}

/// Whether eight digits read as a date: `31121990` (day, month, year) or
/// `19901231` (year, month, day), the year 1900 to 2030.
fn eight_digit_date(t: &str) -> bool {
    let n = |r: std::ops::Range<usize>| t.get(r).and_then(|x| x.parse::<u32>().ok()).unwrap_or(0);
    let ok = |d: u32, m: u32, y: u32| {
        (1..=31).contains(&d) && (1..=12).contains(&m) && (1900..=2030).contains(&y)
    };
    ok(n(0..2), n(2..4), n(4..8)) || ok(n(6..8), n(4..6), n(0..4))
}

impl Detector for DateOfBirth {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "A date of birth: a date under a DOB header or after \"DOB\", \"born\", \"date of birth\".",
            true,
            "s40(2)",
        )
    }

    fn keywords(&self) -> Vec<String> {
        KEYWORDS.iter().map(|s| s.to_string()).collect()
    }

    fn gate(&self) -> Gate {
        Gate {
            feat: 0,
            header: H::DOB,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        let header = s.header.has(H::DOB);
        if header {
            // A spreadsheet serial date or a year of birth on its own.
            let t = s.text.trim();
            let start = s.text.len() - s.text.trim_start().len();
            if t.len() == 8 && t.bytes().all(|c| c.is_ascii_digit()) && eight_digit_date(t) {
                out.push(Hit::new(ID, start, start + 8, &[Evidence::Header], true));
                return;
            }
            if !t.is_empty() && t.len() <= 5 && t.bytes().all(|c| c.is_ascii_digit()) {
                if let Ok(v) = t.parse::<u32>()
                    && ((1900..=2030).contains(&v) || (2..=47_000).contains(&v) && t.len() == 5)
                {
                    out.push(Hit::new(
                        ID,
                        start,
                        start + t.len(),
                        &[Evidence::Header],
                        true,
                    ));
                }
                return;
            }
        }
        for c in self.rx.captures_iter(s.text) {
            let Some(m) = c.get(0) else { continue };
            if !plausible(&c) {
                continue;
            }
            let kw = s.kw_before(m.start(), 30, KEYWORDS).is_some();
            if !(header || kw) {
                continue;
            }
            out.push(Hit::new(
                ID,
                m.start(),
                m.end(),
                &[if header {
                    Evidence::Header
                } else {
                    Evidence::Keyword
                }],
                true,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::content::test_support::found_texts;

    fn found(t: &str, header: Option<&str>) -> Vec<String> {
        found_texts("date_of_birth", t, header)
    }

    #[test]
    fn with_context() {
        assert_eq!(found("DOB 12/03/1985", None), vec!["12/03/1985"]);
        assert_eq!(found("D.O.B.: 1985-03-12", None), vec!["1985-03-12"]);
        assert_eq!(
            found("born 12th March 1985 in Belfast", None),
            vec!["12th March 1985"]
        );
        assert_eq!(
            found("12/03/1985", Some("Date of birth")),
            vec!["12/03/1985"]
        );
        assert_eq!(found("31117", Some("DOB")), vec!["31117"]);
        // As Excel writes a date to CSV, and other common shapes.
        for (t, h) in [
            ("12-Mar-85", "DOB"),
            ("12-Mar-1985", "Date of birth"),
            ("12 Mar 85", "DOB"),
            ("March 12, 1985", "DOB"),
            ("31121990", "DOB"),
            ("19901231", "Date of birth"),
        ] {
            assert_eq!(found(t, Some(h)), vec![t], "{t} under {h}");
        }
        assert_eq!(found("born March 12, 1985", None), vec!["March 12, 1985"]);
    }

    #[test]
    fn dates_alone_are_not() {
        assert!(found("12/03/1985", None).is_empty());
        assert!(found("Incident on 12/03/2023", None).is_empty());
        assert!(found("12/03/2023", Some("Date")).is_empty());
        assert!(found("DOB 45/13/1985", None).is_empty());
        assert!(found("12-Mar-85", Some("Date")).is_empty());
        assert!(found("20240317", Some("Date")).is_empty());
        assert!(found("12345678", Some("DOB")).is_empty());
    }
}
