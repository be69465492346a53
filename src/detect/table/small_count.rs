//! `small_count`: whether a small number in a row is a count of staff, and
//! whether the table is a count table at all (not a log of events whose
//! numbers are attributes of the event).

use crate::detect::content::context::{H, classify_header};
use crate::detect::normalize::word_key;

use super::profile::pct;
use super::shapes::is_staff_category;
use super::{MAX_COLS, TableAnalyzer};

/// Small-count cells reported one by one per sheet; the rest are summed up.
pub(super) const MAX_SMALL_HITS: usize = 100;

/// What a small count counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Counted {
    /// The organisation's own staff (by rank, grade, unit, characteristic).
    Staff,
    /// Events (crimes, searches, arrests): only when the policy asks.
    Events,
}

/// Title words that say a table counts events or members of the public,
/// not staff ("Persons arrested by age band", "Stop and search by
/// ethnicity of person searched").
const TITLE_EVENTS: &[&str] = &[
    "crime",
    "crimes",
    "offences",
    "arrests",
    "arrested",
    "search",
    "searches",
    "searched",
    "stop",
    "stops",
    "requests",
    "incidents",
    "calls",
    "collisions",
    "victims",
    "suspects",
    "offenders",
    "detained",
    "detentions",
    "detainees",
    "custody",
    "complaints",
    "allegations",
    "taser",
    "discharges",
    "assaults",
];

/// Title words that say the table counts staff after all ("Officers
/// assaulted", "Staff complaints").
const TITLE_STAFF: &[&str] = &[
    "officers",
    "staff",
    "employees",
    "headcount",
    "workforce",
    "personnel",
];

/// Column headers for the ones who did not give a characteristic: a
/// category column only beside others ("Disabled | Not disabled | Prefer
/// not to say").
fn undeclared(header: &str) -> bool {
    matches!(
        word_key(header).as_str(),
        "prefer not to say"
            | "prefer not to state"
            | "not stated"
            | "not declared"
            | "not known"
            | "unknown"
            | "declined"
            | "declined to state"
            | "undisclosed"
            | "not disclosed"
            | "not recorded"
            | "no response"
            | "information refused"
    )
}

/// A column header over numbers that say where a row is, not how many:
/// "Question", "Item", "No.", "#".
fn ordinal_header(header: &str) -> bool {
    let t = header.trim();
    // "No." with its full stop: a plain "No" heads answers ("Yes | No").
    t == "#"
        || t.eq_ignore_ascii_case("no.")
        || matches!(
            word_key(t).as_str(),
            "question"
                | "q"
                | "question no"
                | "question number"
                | "item"
                | "item no"
                | "line"
                | "line no"
                | "row"
                | "para"
                | "paragraph"
                | "part"
                | "step"
                | "seq"
                | "sequence"
        )
}

/// A row label that is a sentence ("The Armed Response Unit has 2 female
/// officers..."), not a category of staff ("Asian or Asian British - any
/// other Asian background"): a full stop at its end, a figure among its
/// words, or more words than a category has.
fn sentence_like(label: &str) -> bool {
    let words = label
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    label.trim_end().ends_with('.')
        || words > 8
        || (words > 4 && label.bytes().any(|b| b.is_ascii_digit()))
}

/// What a table's columns say about it: a log of events or a count table.
#[derive(Default, Debug)]
struct Shape {
    /// A unique reference column (crime reference, case number, ID).
    reference: bool,
    /// A date or time column with many values.
    when: bool,
    /// A free-text column (notes, descriptions).
    free_text: bool,
    /// A text column whose values repeat row after row (offence, outcome).
    repeating: bool,
    /// A column of distinct labels (stations, units).
    labels: bool,
    /// A column of staff categories (ranks, grades, sexes, ethnicities).
    categories: bool,
    /// Column headers that are categories (Male | Female, White | Black).
    category_headers: bool,
}

impl<'s> TableAnalyzer<'s> {
    /// Whether the title rows talk about events (crimes, searches...).
    fn title_is_events(&mut self) -> bool {
        if let Some(v) = self.title_event {
            return v;
        }
        let i = classify_header(&self.title);
        let v = i.has(H::EVENT) && !i.has(H::STAFF);
        let v = v || {
            let k = word_key(&self.title);
            k.split(' ').any(|w| TITLE_EVENTS.contains(&w))
                && !k.split(' ').any(|w| TITLE_STAFF.contains(&w))
        };
        self.title_event = Some(v);
        v
    }

    /// A count in column `col` of the current row: what it counts, if it
    /// is a count `small_count` reports.
    pub(super) fn counted(&mut self, col: u32) -> Option<Counted> {
        if self.is_staff_count(col) {
            return Some(Counted::Staff);
        }
        // The policy may ask for every small count in a count table: of
        // crimes, searches, arrests, requests ("Robbery" by month).
        let ch = self.header_info(col);
        let events = self.scanner.small_count_events()
            && !ch.has(
                H::DATE
                    | H::AMOUNT
                    | H::MEASURE
                    | H::ATTRIBUTE
                    | H::OTHER_REF
                    | H::GENERIC_ID
                    | H::OFFICER_ID,
            );
        events.then_some(Counted::Events)
    }

    /// A count in column `col` of the current row: is it a count of staff?
    fn is_staff_count(&mut self, col: u32) -> bool {
        if self.header(col).is_some_and(ordinal_header) {
            return false;
        }
        let ch = self.header_info(col);
        let events = self.scanner.small_count_events();
        // A header of people over counts: a group of staff ("Police
        // staff", "Officers and staff") or a rank ("Chief Inspector").
        let group = ch.has(H::STAFF) || self.header_is_category(col);
        if ch.has(H::DATE | H::AMOUNT | H::OTHER_REF | H::OFFICER_ID | H::GENERIC_ID)
            || (ch.has(H::PERSON) && !group)
        {
            return false;
        }
        if ch.has(H::MEASURE)
            || (ch.has(H::ATTRIBUTE | H::CONTRACT) && !ch.has(H::COUNT | H::STAFF))
        {
            // "Age", "Hours", "Years of service", "Percentage": values, not
            // counts ("Officers declaring a disability" is a count of staff).
            return false;
        }
        if !events && ch.has(H::EVENT) {
            return false;
        }
        let staff_header = ch.has(H::STAFF);
        let title_events = self.title_is_events();
        if title_events && !events && !staff_header {
            return false;
        }
        let label_header = self
            .row
            .label_col
            .map(|lc| self.header_info(lc))
            .unwrap_or_default();
        let label_col_staff =
            label_header.has(H::RANK | H::GRADE | H::ROLE | H::GENDER | H::ETHNICITY);
        if staff_header || label_col_staff {
            return true;
        }
        // Category words are looked up once per column header and once per
        // run of equal row labels (folding text is the costly part).
        if self.header_is_category(col) {
            return true;
        }
        if self.row.label_col.is_none_or(|lc| lc == col) {
            return false;
        }
        match &self.label_memo {
            Some((label, staff)) if *label == self.row.label => *staff,
            _ => {
                let staff = !sentence_like(&self.row.label) && is_staff_category(&self.row.label);
                self.label_memo = Some((self.row.label.clone(), staff));
                staff
            }
        }
    }

    /// Whether the header of `col` names a staff category, remembered per column.
    fn header_is_category(&mut self, col: u32) -> bool {
        let i = col as usize;
        if let Some(Some(known)) = self.header_category.get(i) {
            return *known;
        }
        let v = self.header(col).is_some_and(|h| {
            !h.is_empty()
                && (is_staff_category(h)
                    || (undeclared(h)
                        && self
                            .headers
                            .iter()
                            .flatten()
                            .any(|(o, _)| o != h && is_staff_category(o))))
        });
        if i < MAX_COLS {
            if self.header_category.len() <= i {
                self.header_category.resize(i + 1, None);
            }
            if let Some(slot) = self.header_category.get_mut(i) {
                *slot = Some(v);
            }
        }
        v
    }

    /// Whether the table is a count table (an aggregate: one row per
    /// category), not a log of events or records (one row per incident,
    /// request, search...) whose numbers are attributes of the event
    /// ("Officers attending: 2"). Decided from the column profiles.
    ///
    /// A log has at least two of: a unique reference column, a date or
    /// time column with many values, a free-text column; or one of them
    /// with a category column whose values repeat row after row, and no
    /// sign of a count table (a column of distinct labels, a column of
    /// staff categories, category column headers such as Male | Female).
    pub(super) fn is_count_table(&self) -> bool {
        let shape = self.table_shape();
        let events = shape.reference as u32 + shape.when as u32 + shape.free_text as u32;
        let counts = shape.labels || shape.categories || shape.category_headers;
        !(events >= 2 || (events == 1 && shape.repeating && !counts))
    }

    fn table_shape(&self) -> Shape {
        let mut s = Shape::default();
        let not_ref = H::COUNT | H::STAFF | H::AMOUNT | H::MEASURE | H::DATE;
        let mut category_headers = 0;
        for (i, h) in self.headers.iter().enumerate() {
            let Some((text, info)) = h else { continue };
            let col = self.cols.get(i);
            if is_staff_category(text) && !info.has(H::PERSON) {
                category_headers += 1;
            }
            // Date cells (Excel serial dates) are not profiled: a "Date" or
            // "Time" column with no values seen and many rows holds them.
            let key = word_key(text);
            let day = key
                .split(' ')
                .any(|w| matches!(w, "date" | "time" | "datetime" | "timestamp" | "dated"));
            if day
                && info.has(H::DATE)
                && col.is_none_or(|c| c.nonempty == 0)
                && self.data_rows >= 10
            {
                s.when = true;
            }
        }
        s.category_headers = category_headers >= 2;
        for (i, c) in self.cols.iter().enumerate() {
            if c.nonempty == 0 {
                continue;
            }
            let info = self.header_info(i as u32);
            let seen = c.distinct_seen.max(1);
            let distinct = c.distinct.len() as u64;
            let uniq = pct(distinct, seen);
            let prof = c.profiled;
            let share = |n: u64| pct(n, prof);
            let words = c.nonempty.saturating_sub(c.numeric);
            let wordy = pct(words, c.nonempty) >= 0.8 && prof > 0;
            let dates = share(c.dateish) >= 0.5;
            // A unique reference: header or shape, one value per row.
            let numbers = c.nonempty.saturating_sub(c.text);
            let id_share = pct(
                (share(c.id_like) * c.text as f64) as u64 + c.big_int.min(numbers),
                c.nonempty,
            );
            if c.nonempty >= 5
                && uniq >= 0.9
                && !dates
                && !info.has(not_ref)
                && (info.has(H::OTHER_REF | H::GENERIC_ID) || id_share >= 0.9)
            {
                s.reference = true;
            }
            if dates && (distinct >= 10 || (distinct >= 5 && uniq >= 0.5)) {
                s.when = true;
            }
            if c.text >= 5 && share(c.long_text) >= 0.5 {
                s.free_text = true;
            }
            if wordy && share(c.category) >= 0.5 {
                s.categories = true;
            } else if wordy && !dates && share(c.long_text) < 0.5 {
                if seen >= 20 && uniq <= 0.5 {
                    s.repeating = true;
                }
                if seen >= 2 && uniq >= 0.8 && share(c.digits) < 0.5 {
                    s.labels = true;
                }
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::{ordinal_header, sentence_like};

    #[test]
    fn ordinal_headers_and_sentences() {
        for h in ["Question", "Q", "No.", "#", "Item no", "Line"] {
            assert!(ordinal_header(h), "{h}");
        }
        // A plain "No" heads answers ("Yes | No"), which are counts.
        for h in ["No", "Yes", "Officers", "Number of officers"] {
            assert!(!ordinal_header(h), "{h}");
        }
        assert!(sentence_like(
            "The Dog Section has 2 female officers, both of"
        ));
        assert!(sentence_like("Two Asian officers said the canteen closed."));
        for label in [
            "Asian or Asian British - any other Asian background",
            "Mixed/Multiple ethnic groups: White and Black Caribbean",
            "Band 4",
            "Prefer not to say",
        ] {
            assert!(!sentence_like(label), "{label}");
        }
    }
}
