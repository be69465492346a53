//! `payroll_number`: a payroll, service, staff or employee number. No public
//! format exists, so only context finds one: a column header ("Pay No",
//! "Service No", "Employee ID") or a keyword just before it ("payroll no.
//! 825729", "staff number: 12345"). A bare six-digit number is not one
//! (crime references are six digits too).

use regex::Regex;

use super::context::{H, values_after_keyword, whole_value_under_header};
use super::{Detector, Evidence, Gate, Hit, RuleInfo, Scan, re, rule};

pub(crate) struct PayrollNumber {
    /// "payroll [no|number|id] 825729"
    payroll: Regex,
    /// "staff/service/employee/pay no|number|id 825729"
    other: Regex,
    /// "EMP-4412", "Employee E72606": an employee code with no "no." word.
    employee: Regex,
}

const ID: &str = "payroll_number";

/// An identifier value: optional letters, 3-10 digits, optional letters.
pub(crate) const ID_VALUE: &str = r"[A-Za-z]{0,3}\d{3,10}[A-Za-z]{0,2}";

/// Whether a whole cell value is shaped like a staff identifier.
pub(crate) fn is_id_value(v: &str, min_digits: usize) -> bool {
    let v = v.trim();
    let digits = v.bytes().filter(u8::is_ascii_digit).count();
    let letters = v.bytes().filter(u8::is_ascii_alphabetic).count();
    !v.is_empty()
        && v.len() <= 14
        && digits >= min_digits
        && letters <= 4
        && v.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b' ' || c == b'-' || c == b'/')
        && !v.contains("  ")
}

impl PayrollNumber {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(PayrollNumber {
            payroll: re(&format!(
                r"(?i)\bpayroll\s*(?:no\b\.?|nos\b\.?|number|num\b\.?|nbr|#|id\b|ref\b\.?)?\s*[:#=\-]?\s*({ID_VALUE})\b"
            ))?,
            other: re(&format!(
                r"(?i)\b(?:pay|staff|service|employee|emp|personnel|hr)\s*(?:no\b\.?|number|num\b\.?|nbr|#|id\b|ref\b\.?)\s*[:#=\-]?\s*({ID_VALUE})\b"
            ))?,
            employee: re(
                r"\b((?:EMP|Emp|emp)[-/]?\d{3,8})\b|(?i:\bemployee\s+)([A-Za-z]{1,3}\d{4,10}|\d{5,10})\b",
            )?,
        })
    }
}

impl Detector for PayrollNumber {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "A payroll, service, staff or employee number, by column header or a keyword just \
             before it (\"payroll no. 825729\"); never a bare number.",
            true,
            "s40(2)",
        )
    }

    fn keywords(&self) -> Vec<String> {
        [
            "payroll",
            "pay",
            "staff",
            "service",
            "employee",
            "emp",
            "personnel",
            "hr",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    fn gate(&self) -> Gate {
        Gate {
            feat: 0,
            header: H::PAYROLL,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        if whole_value_under_header(s, H::PAYROLL, ID, |t| is_id_value(t, 2), out)
            || s.kws.is_empty()
        {
            return;
        }
        for c in self.employee.captures_iter(s.text) {
            // "Employee E72606" is strong; a bare "EMP-4412" is weak (review):
            // document registers use EMP for management plans. "EMP-2023"
            // is a year.
            if let Some(m) = c.get(2) {
                out.push(Hit::new(ID, m.start(), m.end(), &[Evidence::Keyword], true));
            } else if let Some(m) = c.get(1) {
                let digits: String = m.as_str().chars().filter(char::is_ascii_digit).collect();
                let year = digits.len() == 4
                    && digits
                        .parse::<u32>()
                        .is_ok_and(|y| (1990..=2039).contains(&y));
                if !year {
                    out.push(Hit::new(
                        ID,
                        m.start(),
                        m.end(),
                        &[Evidence::Keyword],
                        false,
                    ));
                }
            }
        }
        for rx in [&self.payroll, &self.other] {
            values_after_keyword(
                rx,
                s,
                ID,
                |v| v.bytes().filter(u8::is_ascii_digit).count() >= 3,
                out,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::content::test_support::found_texts;

    fn found(t: &str, header: Option<&str>) -> Vec<String> {
        found_texts("payroll_number", t, header)
    }

    #[test]
    fn keyword_and_header() {
        assert_eq!(found("payroll no. 825729", None), vec!["825729"]);
        assert_eq!(found("Payroll: E825729", None), vec!["E825729"]);
        assert_eq!(found("staff number 12345 on leave", None), vec!["12345"]);
        assert_eq!(found("Service No 004521", None), vec!["004521"]);
        assert_eq!(found("825729", Some("Pay No")), vec!["825729"]);
        assert_eq!(found("E 12345", Some("Employee ID")), vec!["E 12345"]);
        // Employee codes with no "no." word.
        assert_eq!(found("EMP-9030", Some("ID")), vec!["EMP-9030"]);
        assert_eq!(found("EMP-9030", None), vec!["EMP-9030"]);
        assert_eq!(
            found("Employee E72606 absent 6 days (stress)", None),
            vec!["E72606"]
        );
        assert_eq!(
            found("Employee EMP-89690 absent 33 days", None),
            vec!["EMP-89690"]
        );
    }

    #[test]
    fn bare_and_other_numbers_are_not() {
        assert!(found("825729", None).is_empty());
        assert!(found("825729", Some("Crime reference")).is_empty());
        assert!(found("staff 12 on duty", None).is_empty());
        assert!(found("service 2023 review", None).is_empty());
        assert!(found("Pay No", None).is_empty());
        assert!(found("N/A", Some("Pay No")).is_empty());
        assert!(found("pay award 2023", None).is_empty());
        assert!(found("employee 2023 survey", None).is_empty());
        assert!(found("TEMP-2023", None).is_empty());
        assert!(found("EMP-2023 programme", None).is_empty());
    }
}
