//! `phone_number`: a UK telephone number (+44 / 0044 / 0, mobiles 07x,
//! geographic 01/02, non-geographic 03/05/08). Ofcom's drama range
//! 07700 900000–900999 is detected like any other mobile: a scanner must
//! not whitelist it.

use regex::Regex;

use super::context::H;
use super::{Detector, Evidence, Gate, Hit, RuleInfo, Scan, feat, re, rule};

pub(crate) struct PhoneNumber {
    rx: Regex,
}

const ID: &str = "phone_number";

impl PhoneNumber {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(PhoneNumber {
            rx: re(
                r"(?:\+\s?44\s?\(0\)\s?|\+\s?44\s?|\b0044\s?|\(0|\b0)\d(?:[ \-.]?\(?\d\)?){8,10}",
            )?,
        })
    }
}

/// Validate a candidate: returns whether it is a UK number.
pub(crate) fn valid_uk(candidate: &str) -> bool {
    let digits: String = candidate.chars().filter(char::is_ascii_digit).collect();
    let national = if candidate.trim_start().starts_with('+') || digits.starts_with("0044") {
        let rest = digits
            .trim_start_matches("00")
            .strip_prefix("44")
            .unwrap_or("");
        let rest = if candidate.contains("(0)") {
            rest.strip_prefix('0').unwrap_or(rest)
        } else {
            rest
        };
        format!("0{rest}")
    } else {
        digits
    };
    let n = national.as_bytes();
    if n.first() != Some(&b'0') {
        return false;
    }
    let ok_len = match n.get(1) {
        Some(b'7') | Some(b'2') | Some(b'3') | Some(b'8') | Some(b'5') => n.len() == 11,
        Some(b'1') => n.len() == 11 || n.len() == 10,
        _ => false,
    };
    if !ok_len {
        return false;
    }
    // Not all one digit after the prefix (01111 111111), not 0800 000000.
    let tail = &n[2..];
    !tail.iter().all(|&c| c == tail[0])
}

/// Whether a UK number is non-geographic (03, 05, 08, 09): helplines,
/// switchboards and services ("0300 123 1111", the ICO's "0303 123 1113"
/// in every FOI response's footer), never a person's own line.
fn is_service_number(candidate: &str) -> bool {
    let digits: String = candidate.chars().filter(char::is_ascii_digit).collect();
    let national = digits
        .strip_prefix("0044")
        .or_else(|| {
            digits
                .strip_prefix("44")
                .filter(|_| candidate.contains('+'))
        })
        .map(|rest| rest.strip_prefix('0').unwrap_or(rest))
        .map_or(digits.as_str(), |rest| rest);
    let first = if national.starts_with('0') {
        national.as_bytes().get(1)
    } else {
        national.as_bytes().first()
    };
    matches!(first, Some(b'3' | b'5' | b'8' | b'9'))
}

/// Whether a UK number is a mobile (07, +44 7, 0044 7): a person's own
/// line, never a building's.
///
/// ```
/// # use foiguard::detect::content::is_mobile;
/// assert!(is_mobile("+44 7700 900123"));
/// assert!(!is_mobile("028 9065 0222"));
/// ```
pub fn is_mobile(number: &str) -> bool {
    number
        .bytes()
        .filter(u8::is_ascii_digit)
        .find(|&d| d != b'0' && d != b'4')
        .is_some_and(|d| d == b'7')
}

/// Words that name an organisation's public line ("Switchboard: 028 9065
/// 0222", a "Reception" column of a station list).
const PUBLIC_LINE_WORDS: &[&str] = &[
    "switchboard",
    "reception",
    "enquiries",
    "enquiry line",
    "helpline",
    "help line",
    "fax",
    "main line",
    "front counter",
    "front desk",
    "general office",
];

/// Whether a landline (not a mobile) is given as an office's public line:
/// by the column header, by a word just before it in the text, or by one
/// in brackets just after it ("01632 960000 (switchboard)").
fn is_public_line(s: &Scan<'_>, start: usize, number: &str) -> bool {
    if is_mobile(number) {
        return false;
    }
    let mut from = start.saturating_sub(40);
    while !s.text.is_char_boundary(from) {
        from += 1;
    }
    let before = s.text[from..start].to_ascii_lowercase();
    let end = start + number.len();
    let after = s.text.get(end..).unwrap_or("").trim_start();
    let bracketed = after
        .strip_prefix('(')
        .and_then(|a| a.split_once(')'))
        .map(|(inside, _)| inside.to_ascii_lowercase())
        .unwrap_or_default();
    let header = s.header_text.unwrap_or("").to_ascii_lowercase();
    PUBLIC_LINE_WORDS
        .iter()
        .any(|w| before.contains(w) || header.contains(w) || bracketed.contains(w))
}

/// Whether digits are a UK number whose leading 0 or + a spreadsheet
/// dropped when it stored the number as a number.
fn lost_its_prefix(t: &str) -> bool {
    if !t.bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    match t.len() {
        9 | 10 if !t.starts_with('0') => valid_uk(&format!("0{t}")),
        12 if t.starts_with("44") => valid_uk(&format!("+{t}")),
        _ => false,
    }
}

impl Detector for PhoneNumber {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "A UK telephone number (+44, 0044 or 0; mobiles, geographic and non-geographic), \
             including Ofcom's drama range.",
            true,
            "s40(2)",
        )
    }

    fn gate(&self) -> Gate {
        Gate {
            feat: feat::DIGITS9,
            header: H::PHONE,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        let b = s.bytes();
        if s.header.has(H::PHONE) && lost_its_prefix(s.text.trim()) {
            // A phone column typed as numbers: "7700900123" (the 0 dropped)
            // or "447700900123" (the + dropped).
            let start = s.text.len() - s.text.trim_start().len();
            let end = start + s.text.trim().len();
            out.push(Hit {
                kind: ID,
                start,
                end,
                evidence: vec![Evidence::Pattern, Evidence::Header],
                strong: true,
            });
            return;
        }
        for m in self.rx.find_iter(s.text) {
            let (st, en) = (m.start(), m.end());
            // Digit boundaries: not inside a longer number, not a date or money.
            if st > 0
                && b.get(st - 1)
                    .is_some_and(|c| c.is_ascii_digit() || matches!(c, b'/' | b'.' | b',' | b'-'))
            {
                continue;
            }
            if b.get(en).is_some_and(|c| c.is_ascii_digit())
                || (matches!(b.get(en), Some(b'/') | Some(b'.') | Some(b','))
                    && b.get(en + 1).is_some_and(u8::is_ascii_digit))
            {
                continue;
            }
            // Digits run together with letters are a part or serial number
            // ("01750336153D6").
            let glued = |c: Option<&u8>| c.is_some_and(u8::is_ascii_alphabetic);
            if m.as_str().bytes().all(|c| c.is_ascii_digit())
                && (glued(b.get(en)) || st > 0 && glued(b.get(st - 1)))
            {
                continue;
            }
            if !valid_uk(m.as_str())
                || is_service_number(m.as_str())
                || is_public_line(s, st, m.as_str())
            {
                continue;
            }
            // Ten digits run together that pass the ISBN-10 check ("0141420626",
            // a Penguin book) are a book, outside a phone column.
            let run = m.as_str().as_bytes();
            if run.len() == 10 && !s.header.has(H::PHONE) && super::nhs_number::nhs_check(run) {
                continue;
            }
            let mut ev = vec![Evidence::Pattern];
            if s.header.has(H::PHONE) {
                ev.push(Evidence::Header);
            }
            out.push(Hit {
                kind: ID,
                start: st,
                end: en,
                evidence: ev,
                strong: true,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::valid_uk;
    use crate::detect::content::{ContentScanner, DetectorsConfig, TextContext};

    fn found(t: &str) -> Vec<String> {
        let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        let mut v = Vec::new();
        s.scan(t, &TextContext::default(), &mut v);
        v.into_iter()
            .filter(|h| h.kind == "phone_number")
            .map(|h| t[h.start..h.end].to_string())
            .collect()
    }

    #[test]
    fn formats() {
        assert_eq!(found("call 07700 900123 today"), vec!["07700 900123"]);
        assert_eq!(found("07700900456"), vec!["07700900456"]);
        assert_eq!(found("+44 7700 900789"), vec!["+44 7700 900789"]);
        assert_eq!(found("+44 (0)28 9065 0222"), vec!["+44 (0)28 9065 0222"]);
        assert_eq!(found("tel 028 9065 0222"), vec!["028 9065 0222"]);
        assert_eq!(found("(028) 9065 0222"), vec!["(028) 9065 0222"]);
        assert_eq!(found("0044 7700 900123"), vec!["0044 7700 900123"]);
        assert_eq!(found("0161-496-0000"), vec!["0161-496-0000"]);
        assert_eq!(found("rang back on 07700.900.123"), vec!["07700.900.123"]);
        assert!(valid_uk("07700 900000"));
    }

    #[test]
    fn helplines_and_switchboards_are_not_personal() {
        for t in [
            "Information Commissioner's Office, telephone 0303 123 1113",
            "Action Fraud 0300 123 2040",
            "Freephone 0800 555 111",
            "+44 300 123 1113",
            "+44 (0)345 606 0401",
            "Switchboard: 028 9065 0222",
            "Station reception (028) 9065 0222",
            "Enquiries about this log: foi@northmoor.police.uk or 01632 960000 (switchboard)",
            "Fax 0161 496 0000",
        ] {
            assert!(found(t).is_empty(), "{t}");
        }
        // A mobile is never an office's public line.
        assert_eq!(found("Switchboard 07700 900123"), vec!["07700 900123"]);
        assert_eq!(found("+44 28 9065 0222"), vec!["+44 28 9065 0222"]);
    }

    #[test]
    fn isbns_are_books() {
        // ISBN-10s of UK publishers look like 10-digit 01 numbers.
        for t in ["0141420626", "0196647371", "ISBN 0141218495"] {
            assert!(found(t).is_empty(), "{t}");
        }
        // The same digits spaced as a number, or a failing check, stay phones.
        assert_eq!(found("01414 20626"), vec!["01414 20626"]);
        assert_eq!(found("0141420627"), vec!["0141420627"]);
    }

    #[test]
    fn a_phone_column_typed_as_numbers() {
        let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        let under = |t: &str, header: &str| {
            let mut v = Vec::new();
            s.scan(t, &TextContext::cell(Some(header)), &mut v);
            v.iter().filter(|h| h.kind == "phone_number").count()
        };
        for t in ["7700900123", "447700900123", "2890650222"] {
            assert_eq!(under(t, "Mobile"), 1, "{t}");
            assert_eq!(under(t, "Amount"), 0, "{t}");
        }
        // A station list's public lines.
        assert_eq!(under("028 9065 0222", "Switchboard"), 0);
        assert_eq!(under("028 9065 0222", "Telephone"), 1);
        // Not a UK number once the prefix is put back.
        for t in ["9700900123", "457700900123", "12345"] {
            assert_eq!(under(t, "Mobile"), 0, "{t}");
        }
    }

    #[test]
    fn not_phones() {
        for t in [
            "141183",
            "£1,234,567",
            "12/03/2023",
            "Crime 20230145 ref",
            "1234567890",
            "00000000000",
            "07700 9001234",
            "3.14159265358",
            "0.1234567890",
            "12.0123456789",
            "part 01750336153D6 NG",
            "SN X07700900123",
        ] {
            assert!(found(t).is_empty(), "{t}: {:?}", found(t));
        }
    }
}
