//! Columns of check-digit identifiers with no header to say what they are:
//! a column whose values nearly all carry the right check letter of a
//! unique pupil number ("U511253287046") or the right mod-11 check digit of
//! an NHS number is a list of people's numbers. One value in 23 (or in 11)
//! passes its check by chance; four in a column, once in about 280,000
//! (about 20,000 for NHS numbers).
//!
//! A column headed "UPN" or "NHS number" is the content detectors' (each cell
//! is a hit there already); this is for "Ref", "ID" or no header at all.

use crate::detect::content::context::H;
use crate::detect::content::{Evidence, nhs_check, upn_check};
use crate::numbers::count;

use super::{TableAnalyzer, TableHit};

/// Header words of a column of things, not people.
const THING_WORDS: &[&str] = &[
    "product",
    "item",
    "sku",
    "barcode",
    "part",
    "stock",
    "asset",
    "order",
    "invoice",
    "isbn",
    "book",
    "serial",
    "model",
    "catalogue",
    "equipment",
    "device",
    "batch",
    "lot",
];

/// Values that pass their check, at least, before a column counts.
const MIN_CHECKED: u32 = 4;

/// Per column: values shaped like each identifier, and those that pass
/// their check.
#[derive(Default, Clone, Copy)]
pub(super) struct CheckedIds {
    upn_shaped: u32,
    upn_valid: u32,
    nhs_shaped: u32,
    nhs_valid: u32,
    /// The first value that passed, for the finding's cell.
    pub(super) first: Option<(u32, u32)>,
}

impl CheckedIds {
    /// Count a text value (cheap for anything not 10 to 13 bytes long).
    #[inline]
    pub(super) fn text(&mut self, t: &str, at: (u32, u32)) {
        let n = t.len();
        if !(10..=13).contains(&n) {
            return;
        }
        let b = t.as_bytes();
        if n == 13 && b[0].is_ascii_uppercase() {
            // A placeholder ("A000000000000") is no pupil's.
            if b[1..].iter().all(u8::is_ascii_digit) && b[2..].iter().any(|&c| c != b[1]) {
                self.upn_shaped += 1;
                if upn_check(t) {
                    self.upn_valid += 1;
                    self.first.get_or_insert(at);
                }
            }
            return;
        }
        // "9434765919", "943 476 5919", "943-476-5919".
        if b[0].is_ascii_digit() && (n == 10 || n == 12) {
            let mut digits = [0u8; 10];
            let mut k = 0;
            for &c in b {
                match c {
                    b'0'..=b'9' if k < 10 => {
                        digits[k] = c;
                        k += 1;
                    }
                    b' ' | b'-' if n == 12 => {}
                    _ => return,
                }
            }
            if k == 10 {
                self.number_digits(&digits, at);
            }
        }
    }

    /// Count a whole number of ten digits (an NHS number stored as a number).
    #[inline]
    pub(super) fn number(&mut self, v: u64, at: (u32, u32)) {
        if (1_000_000_000..10_000_000_000).contains(&v) {
            let mut digits = [0u8; 10];
            let mut x = v;
            for d in digits.iter_mut().rev() {
                *d = b'0' + (x % 10) as u8;
                x /= 10;
            }
            self.number_digits(&digits, at);
        }
    }

    fn number_digits(&mut self, digits: &[u8; 10], at: (u32, u32)) {
        // NHS and H&C numbers start 3 to 9 (4, 6 and 7 in use, 9 for
        // tests); ISBN-10s, which share the check, start 0 or 1 for
        // English-language publishers.
        if digits[0] < b'3' {
            return;
        }
        self.nhs_shaped += 1;
        if nhs_check(digits) {
            self.nhs_valid += 1;
            self.first.get_or_insert(at);
        }
    }

    /// The identifier the column holds, if nearly every value of it (of
    /// `nonempty`) has the shape and nearly every one passes the check.
    fn kind(&self, nonempty: u64) -> Option<(&'static str, u32)> {
        let holds = |shaped: u32, valid: u32| {
            valid >= MIN_CHECKED
                && u64::from(shaped) * 10 >= nonempty * 8
                && valid * 10 >= shaped * 9
        };
        if holds(self.upn_shaped, self.upn_valid) {
            Some(("pupil_number", self.upn_valid))
        } else if holds(self.nhs_shaped, self.nhs_valid) {
            Some(("nhs_number", self.nhs_valid))
        } else {
            None
        }
    }
}

impl TableAnalyzer<'_> {
    /// A hit per column of pupil or NHS numbers known by their check
    /// characters alone.
    pub(super) fn checked_id_columns(&self, out: &mut Vec<TableHit>) {
        let (first_row, _, last_row, _) = self.range();
        // The values only, not the header above them.
        let first_row = self.first_data_row.unwrap_or(first_row);
        for (i, c) in self.cols.iter().enumerate() {
            let col = i as u32;
            let Some((kind, valid)) = c.checked.kind(c.nonempty) else {
                continue;
            };
            let info = self.header_info(col);
            let header = crate::detect::normalize::word_key(self.header(col).unwrap_or(""));
            // Headed as what it is: each cell is a content hit already.
            let named = info.has(if kind == "pupil_number" {
                H::UPN
            } else {
                H::NHS
            });
            // Headed as things: product codes, orders, ISBN-10s (which share
            // the NHS check digit).
            let things =
                info.has(H::OTHER_REF) || header.split(' ').any(|w| THING_WORDS.contains(&w));
            if named || things || !self.scanner.enabled(kind) {
                continue;
            }
            let what = match kind {
                "pupil_number" => "unique pupil numbers (each with its right check letter)",
                _ => "NHS numbers (each passing the mod-11 check)",
            };
            out.push(TableHit {
                kind,
                range: (first_row, col, last_row, col),
                cells: u64::from(valid),
                evidence: vec![Evidence::Checksum, Evidence::Table],
                strong: true,
                message: format!(
                    "{} in {} are {what}: a list of people's identifiers.",
                    count(u64::from(valid), "value", "values"),
                    self.describe_col(col)
                ),
                sample_cell: c.checked.first,
                hidden: c.hidden > 0,
                variant: None,
                beside: false,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CheckedIds;
    use crate::detect::content::{ContentScanner, DetectorsConfig};
    use crate::detect::table::TableAnalyzer;

    /// A UPN with its check letter, for twelve digits.
    fn upn(digits: &str) -> String {
        format!(
            "{}{digits}",
            crate::detect::content::upn_check_letter(digits).unwrap()
        )
    }

    /// Ten digits completed with their NHS check digit (None when 10).
    fn nhs(nine: u64) -> Option<u64> {
        let s = format!("{nine:09}");
        let sum: u32 = s
            .bytes()
            .enumerate()
            .map(|(i, d)| u32::from(d - b'0') * (10 - i as u32))
            .sum();
        match 11 - sum % 11 {
            10 => None,
            11 => Some(nine * 10),
            c => Some(nine * 10 + u64::from(c)),
        }
    }

    fn table_kinds(header: &str, values: &[String]) -> Vec<&'static str> {
        let scanner = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        let mut t = TableAnalyzer::new(&scanner);
        let mut hits = Vec::new();
        t.scan_cell(0, 0, Some(header), None, false, &mut hits);
        t.scan_cell(0, 1, Some("Days absent"), None, false, &mut hits);
        for (r, v) in values.iter().enumerate() {
            let r = r as u32 + 1;
            match v.parse::<f64>() {
                Ok(n) if !v.contains(' ') => t.scan_cell(r, 0, None, Some(n), false, &mut hits),
                _ => t.scan_cell(r, 0, Some(v), None, false, &mut hits),
            }
            t.scan_cell(r, 1, None, Some(f64::from(r % 30)), false, &mut hits);
        }
        t.finish().into_iter().map(|h| h.kind).collect()
    }

    #[test]
    fn a_column_of_right_check_letters_is_pupil_numbers() {
        let upns: Vec<String> = (0..8)
            .map(|i| upn(&format!("{:012}", 511_253_287_046u64 + i * 7_919)))
            .collect();
        assert!(table_kinds("Ref", &upns).contains(&"pupil_number"));
        assert!(table_kinds("", &upns).contains(&"pupil_number"));
        // Headed "UPN": the cells are content hits, not a table hit.
        assert!(!table_kinds("UPN", &upns).contains(&"pupil_number"));
        // Wrong check letters: asset or order codes of the same shape.
        let wrong: Vec<String> = upns
            .iter()
            .map(|u| {
                let c = if u.starts_with('A') { 'B' } else { 'A' };
                format!("{c}{}", &u[1..])
            })
            .collect();
        assert!(!table_kinds("Ref", &wrong).contains(&"pupil_number"));
        // Order numbers or product codes that happen to share the scheme.
        assert!(!table_kinds("Order number", &upns).contains(&"pupil_number"));
        assert!(!table_kinds("Product code", &upns).contains(&"pupil_number"));
        // Placeholders are not pupils.
        let zeros = vec!["A000000000000".to_string(); 8];
        assert!(!table_kinds("ID", &zeros).contains(&"pupil_number"));
        // Four are enough (one column in 280,000 by chance); three are not.
        assert!(table_kinds("Ref", &upns[..4]).contains(&"pupil_number"));
        assert!(!table_kinds("Ref", &upns[..3]).contains(&"pupil_number"));
    }

    #[test]
    fn a_column_of_mod_11_numbers_is_nhs_numbers() {
        let numbers: Vec<u64> = (0..40u64)
            .filter_map(|i| nhs(943_476_591 + i * 37))
            .take(8)
            .collect();
        let plain: Vec<String> = numbers.iter().map(u64::to_string).collect();
        assert!(table_kinds("ID", &plain).contains(&"nhs_number"));
        let spaced: Vec<String> = plain
            .iter()
            .map(|s| format!("{} {} {}", &s[..3], &s[3..6], &s[6..]))
            .collect();
        assert!(table_kinds("Ref", &spaced).contains(&"nhs_number"));
        assert!(!table_kinds("ISBN", &plain).contains(&"nhs_number"));
        assert!(!table_kinds("Product code", &plain).contains(&"nhs_number"));
        // ISBN-10s of UK publishers (0 and 1) under "Ref": not NHS numbers.
        let isbns: Vec<String> = (0..40u64)
            .filter_map(|i| nhs(14_000_000 + i * 9_973))
            .take(8)
            .map(|n| format!("{n:010}"))
            .collect();
        assert!(!table_kinds("Ref", &isbns).contains(&"nhs_number"));
        // Mobile numbers stored as numbers: one in eleven or so passes.
        let phones: Vec<String> = (0..30u64)
            .map(|i| (7_700_900_100 + i).to_string())
            .collect();
        assert!(!table_kinds("Contact", &phones).contains(&"nhs_number"));
    }

    #[test]
    fn only_the_shapes_are_counted() {
        let mut c = CheckedIds::default();
        for t in ["2024-02-04", "U5112532870", "Quarrendon", "12345678901234"] {
            c.text(t, (1, 0));
        }
        assert_eq!((c.upn_shaped, c.nhs_shaped), (0, 0));
        c.number(123_456_789, (1, 0));
        assert_eq!(c.nhs_shaped, 0);
    }
}
