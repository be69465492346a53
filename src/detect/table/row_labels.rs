//! Key-value forms: a label in the cell to the left ("Date of birth" |
//! 14/03/1941, "NHS no." | 400 037 0413, "Name:" | Perpetua Vandersloot)
//! is context for the value, as a column header is for a column. One
//! person's case record, application or assessment is laid out this way.
//!
//! Only the first [`FORM_ROWS`] rows of a sheet are looked at: a form is
//! short, and a big table's rows are read with their column headers.

use crate::detect::content::context::{H, classify_header};
use crate::detect::content::lexicon::is_rank_value;
use crate::detect::content::{Hit, TextContext};

use super::TableAnalyzer;
use super::header::PEOPLE_HEADERS;

/// Rows of a sheet where a label beside a value is looked for.
pub(super) const FORM_ROWS: u32 = 200;

/// What a label must say for its value to be read as a person's: a name,
/// an identifier, a birth date, contact details.
const FORM_LABELS: u64 = H::NAME
    | H::SURNAME
    | H::FORENAME
    | H::OFFICER_ID
    | H::EMAIL
    | H::PHONE
    | H::NI
    | H::NHS
    | H::POSTCODE
    | H::ADDRESS
    | H::DOB
    | H::BANK
    | H::SERVICE_ID
    | H::SERVICE_USER
    | H::PERSON_REF
    | H::USERNAME;

/// The label cell last seen on a row, while the rows are early enough.
#[derive(Default)]
pub(super) struct RowLabel {
    row: u32,
    /// Cells seen on the row so far.
    cells: u32,
    /// The row's first cell is short (a number "1." or a tick box).
    short_first: bool,
    /// The last text cell of the row that could be a label.
    prev: Option<(u32, String)>,
    /// The label immediately left of the current cell.
    left: Option<String>,
    /// The current cell's column.
    col: u32,
}

/// Whether a text could be a label: short, with letters, no digits.
fn label_like(t: &str) -> bool {
    let t = t.trim();
    (2..=40).contains(&t.len())
        && t.bytes().any(|c| c.is_ascii_alphabetic())
        && !t.bytes().any(|c| c.is_ascii_digit())
}

impl TableAnalyzer<'_> {
    /// Note a cell for key-value forms (before its hits are added).
    pub(crate) fn form_cell(&mut self, row: u32, col: u32, text: Option<&str>) {
        if row >= FORM_ROWS {
            return;
        }
        let kv = &mut self.form;
        let prev = if kv.row == row {
            kv.prev.take()
        } else {
            kv.cells = 0;
            None
        };
        kv.row = row;
        kv.col = col;
        kv.cells = kv.cells.saturating_add(1);
        if kv.cells == 1 {
            // A number or a tick ("1.", "a)", "x"), not a short header
            // word ("MRN | Patient Name | Specialty" is a header row).
            kv.short_first = text.is_none_or(|t| {
                let t = t.trim();
                t.chars().count() <= 3 && !(t.len() >= 2 && t.chars().all(char::is_alphabetic))
            });
        }
        kv.left = prev.and_then(|(c, t)| (c.checked_add(1) == Some(col)).then_some(t));
        // A form's label starts its row (or follows a number or a tick
        // box); a label-like text further along is a table's data
        // ("FELONY WARRANT" in a booking log, "ULN" in a header row).
        let starts_row = kv.cells == 1 || (kv.cells == 2 && kv.short_first);
        kv.prev = text
            .filter(|t| starts_row && label_like(t))
            .map(|t| (col, t.trim().to_string()));
    }

    /// Whether the current cell has a label to its left.
    #[inline]
    pub(crate) fn has_form_label(&self) -> bool {
        self.form.left.is_some()
    }

    /// Hits of the current cell read with the label to its left as its
    /// header, that `out` does not have yet: "Date of birth" | 14/03/1941.
    /// `text` is the cell's text (a number's decimal form, a date's ISO
    /// text), the one the hits point into.
    pub(crate) fn form_hits(&mut self, text: &str, out: &mut Vec<Hit>) {
        let Some(label) = self.form.left.take() else {
            return;
        };
        // A column under a header of its own ("Transaction number" beside
        // "DBS Team") is a table's; one headed by a person ("Employee 1")
        // is a table turned on its side, its labels down the left.
        let column = self.header_info(self.form.col);
        if !column.is_empty() && !column.has(PEOPLE_HEADERS | H::STAFF) {
            return;
        }
        let info = classify_header(&label);
        if !info.has(FORM_LABELS) || info.has(H::COUNT | H::RANK) || is_rank_value(&label) {
            return;
        }
        // "Surname | Forename": a header row, not a label and its value.
        if !classify_header(text).is_empty() {
            return;
        }
        let before = out.len();
        let ctx = TextContext {
            header: Some(label.as_str()),
            field: None,
        };
        let mut found = Vec::new();
        self.scanner.scan_with(text, &ctx, Some(info), &mut found);
        for h in found {
            // The label's reading wins over a weaker one of the same kind.
            match out[..before]
                .iter_mut()
                .find(|o| o.kind == h.kind && o.start < h.end && h.start < o.end)
            {
                Some(o) if h.strong && !o.strong => *o = h,
                Some(_) => {}
                None => out.push(h),
            }
        }
    }
}
