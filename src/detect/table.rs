//! Tables of people vs tables about people, one sheet at a time.
//!
//! Cells arrive row by row (a sheet may have a million rows), so memory is
//! bounded: the header row, per-column counters, a capped set of value
//! hashes per column for uniqueness, and a capped list of small counts.
//!
//! - `personnel_records`: one row per person — a name column, a roster
//!   column or a unique staff-number column, plus attributes (rank, grade,
//!   role, department, station, vetting, gender...). The PSNI pattern.
//!   Counts by rank are not: they have no person column.
//! - `small_count`: a count of 1..=threshold of the organisation's own staff
//!   by rank, grade, role, unit or a personal characteristic (review, with
//!   the cell). Counts of crimes, searches, arrests or requests are not,
//!   unless the policy says so.
//! - `vetting_level`: a vetting column in a personnel table, or a vetting
//!   level in the same row as a person.
//!
//! ```
//! use foiguard::detect::content::{ContentScanner, DetectorsConfig};
//! use foiguard::detect::table::TableAnalyzer;
//! let scanner = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
//! let mut t = TableAnalyzer::new(&scanner);
//! let rows = [["Surname", "Initial", "Rank", "Station"],
//!             ["Quarrendon", "J", "Constable", "Lisburn"],
//!             ["Vellacott", "T", "Sergeant", "Antrim"]];
//! let mut hits = Vec::new();
//! for (r, row) in rows.iter().enumerate() {
//!     for (c, v) in row.iter().enumerate() {
//!         t.scan_cell(r as u32, c as u32, Some(v), None, false, &mut hits);
//!     }
//! }
//! let found = t.finish();
//! assert!(found.iter().any(|h| h.kind == "personnel_records" && h.strong));
//! ```

use std::fmt::Write as _;
use std::hash::Hasher;

use crate::detect::content::context::{H, HeaderInfo, classify_header};
use crate::detect::content::lexicon::is_rank_value;
use crate::detect::content::name_shape;
use crate::detect::content::{ContentScanner, Evidence, Hit, TextContext, is_vetting_value};
use crate::detect::normalize::{FxHasher, FxMap, FxSet, word_key};

/// Columns tracked per sheet; cells further right are counted, not profiled.
const MAX_COLS: usize = 256;
/// Rows profiled in full per column before sampling every 64th.
const FULL_PROFILE_ROWS: u64 = 2000;
/// Distinct values remembered per column (for uniqueness).
const MAX_DISTINCT: usize = 4096;
/// Values looked at for uniqueness per column.
const MAX_DISTINCT_SEEN: u64 = 16_384;
/// Rows held while looking for the header row.
const MAX_PENDING_ROWS: usize = 12;
/// Texts up to this long are remembered per column once they scan clean.
const CACHE_TEXT_MAX: usize = 48;
/// Clean texts remembered per column.
const CACHE_ENTRIES: usize = 4096;
/// Small-count cells reported one by one per sheet; the rest are summed up.
const MAX_SMALL_HITS: usize = 100;

/// A finding about a table (a range of a sheet), not a single text.
#[derive(Clone, Debug, PartialEq)]
pub struct TableHit {
    /// "personnel_records", "small_count" or "vetting_level".
    pub kind: &'static str,
    /// (first_row, first_col, last_row, last_col), 0-based, inclusive.
    pub range: (u32, u32, u32, u32),
    /// How many cells it covers.
    pub cells: u64,
    pub evidence: Vec<Evidence>,
    /// Strong: block. Weak: review.
    pub strong: bool,
    /// One sentence for an FOI officer.
    pub message: String,
    /// A cell to quote or point at.
    pub sample_cell: Option<(u32, u32)>,
    /// Whether any covered cell was hidden.
    pub hidden: bool,
}

#[derive(Default)]
struct ColStats {
    nonempty: u64,
    text: u64,
    numeric: u64,
    /// Values profiled (all of the first rows, then a sample).
    profiled: u64,
    name_like: u64,
    namelist: u64,
    id_like: u64,
    rank_values: u64,
    gender_values: u64,
    vetting_values: u64,
    /// Cells with a person hit (name, roster, identifier) from the scanner.
    person_hits: u64,
    roster_hits: u64,
    hidden: u64,
    distinct: FxSet<u64>,
    distinct_seen: u64,
    first: Option<(u32, u32)>,
    first_vetting: Option<(u32, u32)>,
    // Shapes of the profiled texts, for telling a count table from a log.
    /// Dates and times ("12/03/2023", "2024-03-01", "14:30").
    dateish: u64,
    /// Free text: five words or more, or longer than 40 characters.
    long_text: u64,
    /// Texts with a digit.
    digits: u64,
    /// Staff categories (ranks, grades, roles, sexes, ethnicities).
    category: u64,
    /// Whole numbers of 10,000 or more (references, not counts), all cells.
    big_int: u64,
    /// Short texts already profiled and their shapes: a column repeats its
    /// values (categories, dates; an ODS cell can repeat a million times).
    shapes: FxMap<Box<str>, u16>,
}

// What a text is, for the column profile (bits of `text_shape`).
const T_VETTING: u16 = 1;
const T_NAME: u16 = 1 << 1;
const T_LISTED: u16 = 1 << 2;
const T_ID: u16 = 1 << 3;
const T_RANK: u16 = 1 << 4;
const T_GENDER: u16 = 1 << 5;
const T_DIGITS: u16 = 1 << 6;
const T_DATEISH: u16 = 1 << 7;
const T_LONG: u16 = 1 << 8;
const T_CATEGORY: u16 = 1 << 9;
/// Texts up to this long have their shape remembered per column...
const MEMO_TEXT_MAX: usize = 64;
/// ...up to this many per column.
const MEMO_ENTRIES: usize = 1024;

/// The shape of one text for the column profile; depends on the text only.
fn text_shape(t: &str) -> u16 {
    let mut s = 0;
    if t.len() <= 40 && is_vetting_value(t) {
        s |= T_VETTING;
    }
    if let Some((_, listed)) = name_shape(t) {
        s |= T_NAME;
        if listed {
            s |= T_LISTED;
        }
    }
    if crate::detect::content::payroll_id_value(t) {
        s |= T_ID;
    }
    if is_rank_value(t) {
        s |= T_RANK;
    }
    if is_gender_value(t) {
        s |= T_GENDER;
    }
    let b = t.trim_ascii().as_bytes();
    if b.iter().any(u8::is_ascii_digit) {
        s |= T_DIGITS;
        if is_dateish(b) {
            s |= T_DATEISH;
        }
    }
    if b.len() > 40 || b.iter().filter(|&&x| x == b' ').count() >= 4 {
        s |= T_LONG;
    } else if b.len() <= 48 && is_staff_category(t) {
        s |= T_CATEGORY;
    }
    s
}

struct Pending {
    row: u32,
    cells: Vec<(u32, Option<String>, Option<f64>, bool)>,
    /// Per cell: (person hit, roster hit) from the scan.
    flags: Vec<(bool, bool)>,
}

#[derive(Default)]
struct RowState {
    // Reset by `clear`, keeping the buffers.
    cells: u32,
    person: bool,
    hidden: bool,
    vetting: Option<u32>,
    label: String,
    label_col: Option<u32>,
    small: Vec<(u32, u32, bool)>,
}

impl RowState {
    fn clear(&mut self) {
        self.cells = 0;
        self.person = false;
        self.hidden = false;
        self.vetting = None;
        self.label.clear();
        self.label_col = None;
        self.small.clear();
    }
}

/// A text of at most 15 bytes as one integer: its bytes, then its length in
/// the top byte (so "A" and "A\0" differ).
fn pack_short(t: &str) -> Option<u128> {
    let b = t.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    buf[15] = b.len() as u8;
    Some(u128::from_le_bytes(buf))
}

/// Clean values seen in one column.
#[derive(Default)]
struct CleanCache {
    /// Values of up to 15 bytes (dates, times, codes, yes/no), packed with
    /// their length into one integer: no string hashing, no pointer to follow.
    short: FxSet<u128>,
    set: FxSet<Box<str>>,
    lookups: u64,
    hits: u64,
    off: bool,
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

/// Profiles one sheet as its cells stream past.
pub struct TableAnalyzer<'s> {
    scanner: &'s ContentScanner,
    caches: Vec<CleanCache>,
    decided: bool,
    header_row: Option<u32>,
    headers: Vec<Option<(String, HeaderInfo)>>,
    pending: Vec<Pending>,
    title: String,
    cur_row: Option<u32>,
    row: RowState,
    cols: Vec<ColStats>,
    data_rows: u64,
    data_cells: u64,
    first_data_row: Option<u32>,
    last_row: u32,
    min_col: u32,
    max_col: u32,
    any_hidden: bool,
    small: Vec<(u32, u32, u32, bool)>,
    small_total: u64,
    vetting_rows: u64,
    vetting_first: Option<(u32, u32)>,
    vetting_hidden: bool,
    numbuf: String,
    title_event: Option<bool>,
    /// Per column: whether its header names a staff category.
    header_category: Vec<Option<bool>>,
    /// The last row label looked up, and whether it is a staff category.
    label_memo: Option<(String, bool)>,
}

/// Kinds of hit that put a person in a row.
const PERSON_KINDS: &[&str] = &[
    "person_name",
    "roster_match",
    "payroll_number",
    "warrant_number",
    "shoulder_number",
    "email_address",
    "ni_number",
    "nhs_number",
];

fn is_gender_value(v: &str) -> bool {
    let v = v.trim_ascii();
    v.len() <= 10
        && [
            "male",
            "female",
            "m",
            "f",
            "man",
            "woman",
            "non-binary",
            "nonbinary",
            "other",
        ]
        .iter()
        .any(|g| g.eq_ignore_ascii_case(v))
}

/// A row label that names a group of staff or a personal characteristic.
fn is_staff_category(v: &str) -> bool {
    if is_rank_value(v) || is_gender_value(v) {
        return true;
    }
    let k = word_key(v);
    let w: Vec<&str> = k.split(' ').collect();
    const WORDS: &[&str] = &[
        "white",
        "black",
        "asian",
        "mixed",
        "chinese",
        "indian",
        "pakistani",
        "bangladeshi",
        "african",
        "caribbean",
        "british",
        "irish",
        "traveller",
        "gypsy",
        "arab",
        "ethnic",
        "ethnicity",
        "bame",
        "disabled",
        "disability",
        "lgbt",
        "gay",
        "lesbian",
        "bisexual",
        "heterosexual",
        "christian",
        "muslim",
        "hindu",
        "sikh",
        "jewish",
        "buddhist",
        "catholic",
        "protestant",
        "grade",
        "band",
        "scale",
        "officer",
        "officers",
        "staff",
        "constable",
        "constables",
        "sergeant",
        "sergeants",
        "inspector",
        "inspectors",
        "pcso",
        "pcsos",
        "police",
        "detective",
        "superintendent",
        "chief",
        "specials",
        "volunteers",
        "cadets",
        "apprentice",
        "apprentices",
        "manager",
        "managers",
        "analyst",
        "analysts",
        "investigator",
        "investigators",
    ];
    if w.iter().any(|x| WORDS.contains(x)) {
        return true;
    }
    // Staff grades: "SO1", "PO2", "AO", "EO", "HEO", "SEO", "G7", "Band C".
    let t = v.trim();
    t.len() <= 5
        && (t.starts_with("SO")
            || t.starts_with("PO")
            || t.starts_with("SEO")
            || t.starts_with("HEO"))
        && t.bytes().skip(2).all(|c| c.is_ascii_digit() || c == b'O')
}

/// A date or a time of day written as text: "12/03/2023", "2024-03-01",
/// "14:30", "2024-03-01 14:30" (not "2022/23" or "Q1 2023").
fn is_dateish(b: &[u8]) -> bool {
    if !(4..=25).contains(&b.len()) || !b.first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let mut seps = 0;
    let mut colon = false;
    for &c in b {
        match c {
            b'0'..=b'9' => {}
            b'/' | b'-' | b'.' => seps += 1,
            b':' => colon = true,
            b' ' | b'T' => {}
            _ => return false,
        }
    }
    colon || seps >= 2
}

fn col_name(col: u32) -> String {
    let mut n = col + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        s.push(b'A' + r);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A plain integer written as text ("3", " 12 ").
#[inline]
fn text_integer(t: &str) -> Option<f64> {
    let b = t.as_bytes();
    if b.is_empty() || b.len() > 16 {
        return None;
    }
    let mut v: u64 = 0;
    let mut digits = 0;
    let mut seen_end = false;
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_digit() {
            if seen_end || digits >= 9 {
                return None;
            }
            v = v * 10 + (c - b'0') as u64;
            digits += 1;
        } else if c == b' ' || c == b'\t' {
            if digits > 0 {
                seen_end = true;
            }
        } else {
            let _ = i;
            return None;
        }
    }
    (digits > 0).then_some(v as f64)
}

fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    for b in s.trim_ascii().bytes() {
        h.write_u8(b.to_ascii_lowercase());
    }
    h.finish()
}

fn pct(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl<'s> TableAnalyzer<'s> {
    pub fn new(scanner: &'s ContentScanner) -> Self {
        TableAnalyzer {
            scanner,
            caches: Vec::new(),
            decided: false,
            header_row: None,
            headers: Vec::new(),
            pending: Vec::new(),
            title: String::new(),
            cur_row: None,
            row: RowState::default(),
            cols: Vec::new(),
            data_rows: 0,
            data_cells: 0,
            first_data_row: None,
            last_row: 0,
            min_col: u32::MAX,
            max_col: 0,
            any_hidden: false,
            small: Vec::new(),
            small_total: 0,
            vetting_rows: 0,
            vetting_first: None,
            vetting_hidden: false,
            numbuf: String::new(),
            title_event: None,
            header_category: Vec::new(),
            label_memo: None,
        }
    }

    /// The column header for `col` as far as known (for `TextContext.header`).
    pub fn header(&self, col: u32) -> Option<&str> {
        self.headers
            .get(col as usize)
            .and_then(|h| h.as_ref())
            .map(|(t, _)| t.as_str())
    }

    fn header_info(&self, col: u32) -> HeaderInfo {
        self.headers
            .get(col as usize)
            .and_then(|h| h.as_ref())
            .map(|(_, i)| *i)
            .unwrap_or_default()
    }

    /// Scan a cell with its column's header as context, push its hits onto
    /// `out`, and profile it for the table findings. The recommended call:
    /// it does [`ContentScanner::scan`] and [`TableAnalyzer::cell`] in one.
    ///
    /// For a number cell (`text` None), hits span the number's decimal
    /// form ("825729"), which is only scanned when the header or the roster
    /// makes it worth it.
    pub fn scan_cell(
        &mut self,
        row: u32,
        col: u32,
        text: Option<&str>,
        number: Option<f64>,
        hidden: bool,
        out: &mut Vec<Hit>,
    ) {
        self.advance(row);
        let before = out.len();
        let scanner = self.scanner;
        if let Some(t) = text {
            // Repeated short values of a column (offences, outcomes, dates,
            // districts...) that scanned clean once are clean again: same
            // text, same header, same detectors.
            // Dates and times too: a column of them repeats a few thousand values.
            let cacheable = self.decided && t.len() <= CACHE_TEXT_MAX && (col as usize) < MAX_COLS;
            if cacheable && self.clean_cache_has(col, t) {
                self.profile(row, col, text, number, hidden, false, false);
                return;
            }
            let ctx = TextContext {
                header: self.header(col),
                field: None,
            };
            scanner.scan_with(t, &ctx, Some(self.header_info(col)), out);
            if cacheable && out.len() == before {
                self.clean_cache_add(col, t);
            }
        } else if let Some(n) = number
            && n.is_finite()
            && n.fract() == 0.0
            && n.abs() < 1e15
        {
            let info = self.header_info(col);
            let roster = scanner.roster().and_then(|r| r.number_kinds(n)).is_some();
            let wanted =
                H::OFFICER_ID | H::DOB | H::PHONE | H::NHS | H::ACCOUNT | H::SORT_CODE | H::PERSON;
            if roster || info.has(wanted) {
                let mut buf = std::mem::take(&mut self.numbuf);
                buf.clear();
                let _ = write!(buf, "{}", n as i64);
                let ctx = TextContext {
                    header: self.header(col),
                    field: None,
                };
                scanner.scan_with(&buf, &ctx, Some(info), out);
                self.numbuf = buf;
            }
        }
        let new = out.get(before..).unwrap_or(&[]);
        let person = new.iter().any(|h| PERSON_KINDS.contains(&h.kind));
        let roster = new.iter().any(|h| h.kind == "roster_match");
        self.profile(row, col, text, number, hidden, person, roster);
    }

    fn clean_cache_has(&mut self, col: u32, t: &str) -> bool {
        let Some(c) = self.caches.get_mut(col as usize) else {
            return false;
        };
        if c.off {
            return false;
        }
        c.lookups += 1;
        let hit = match pack_short(t) {
            Some(k) => c.short.contains(&k),
            None => c.set.contains(t),
        };
        if hit {
            c.hits += 1;
            return true;
        }
        // A column of unique values (references, notes): stop trying.
        if c.lookups >= 8192 && c.hits * 4 < c.lookups {
            c.off = true;
            c.set = FxSet::default();
            c.short = FxSet::default();
        }
        false
    }

    fn clean_cache_add(&mut self, col: u32, t: &str) {
        if self.caches.len() <= col as usize {
            self.caches
                .resize_with(col as usize + 1, CleanCache::default);
        }
        if let Some(c) = self.caches.get_mut(col as usize)
            && !c.off
            && c.set.len() + c.short.len() < CACHE_ENTRIES
        {
            match pack_short(t) {
                Some(k) => c.short.insert(k),
                None => c.set.insert(t.into()),
            };
        }
    }

    /// Profile a cell without scanning it (if the caller scans cells itself,
    /// pass their hits with [`TableAnalyzer::note_hits`] so rows with a
    /// person are known).
    pub fn cell(
        &mut self,
        row: u32,
        col: u32,
        text: Option<&str>,
        number: Option<f64>,
        hidden: bool,
    ) {
        self.advance(row);
        self.profile(row, col, text, number, hidden, false, false);
    }

    /// Tell the analyser about hits the caller found in a cell it passed to
    /// [`TableAnalyzer::cell`].
    pub fn note_hits(&mut self, row: u32, col: u32, hits: &[Hit]) {
        if self.cur_row != Some(row) || !self.decided {
            return;
        }
        let person = hits.iter().any(|h| PERSON_KINDS.contains(&h.kind));
        let roster = hits.iter().any(|h| h.kind == "roster_match");
        if person {
            self.row.person = true;
        }
        if let Some(c) = self.cols.get_mut(col as usize) {
            c.person_hits += person as u64;
            c.roster_hits += roster as u64;
        }
    }

    fn advance(&mut self, row: u32) {
        if self.cur_row != Some(row) {
            if self.cur_row.is_some() {
                self.end_row();
            }
            self.cur_row = Some(row);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn profile(
        &mut self,
        row: u32,
        col: u32,
        text: Option<&str>,
        number: Option<f64>,
        hidden: bool,
        person: bool,
        roster: bool,
    ) {
        let text = text.filter(|t| !t.trim_ascii().is_empty());
        if text.is_none() && number.is_none() {
            return;
        }
        if text.is_some_and(|t| self.scanner.is_mask(t)) {
            return;
        }
        if !self.decided {
            let cell = (
                col,
                text.map(|t| t.chars().take(200).collect()),
                number,
                hidden,
            );
            if let Some(p) = self.pending.last_mut().filter(|p| p.row == row) {
                if p.cells.len() < MAX_COLS {
                    p.cells.push(cell);
                    p.flags.push((person, roster));
                }
            } else {
                self.pending.push(Pending {
                    row,
                    cells: vec![cell],
                    flags: vec![(person, roster)],
                });
            }
            if person {
                self.row.person = true;
            }
            return;
        }
        self.data_cell(row, col, text, number, hidden, person, roster);
    }

    #[allow(clippy::too_many_arguments)]
    fn data_cell(
        &mut self,
        row: u32,
        col: u32,
        text: Option<&str>,
        number: Option<f64>,
        hidden: bool,
        person: bool,
        roster: bool,
    ) {
        self.row.cells += 1;
        self.row.hidden |= hidden;
        self.row.person |= person;
        self.data_cells += 1;
        self.any_hidden |= hidden;
        self.min_col = self.min_col.min(col);
        self.max_col = self.max_col.max(col);
        if self.first_data_row.is_none() {
            self.first_data_row = Some(row);
        }
        self.last_row = row;
        let info = self.header_info(col);
        let numeric = number.or_else(|| text.and_then(text_integer));
        if let Some(v) = numeric {
            let threshold = self.scanner.small_count_threshold() as f64;
            if v >= 1.0 && v <= threshold && v.fract() == 0.0 {
                self.row.small.push((col, v as u32, hidden));
            }
        }
        if let (Some(t), None) = (text, numeric)
            && self.row.label_col.is_none()
        {
            self.row.label_col = Some(col);
            self.row.label.clear();
            let mut cut = t.len().min(60);
            while !t.is_char_boundary(cut) {
                cut -= 1;
            }
            self.row.label.push_str(&t[..cut]);
        }
        if col as usize >= MAX_COLS {
            return;
        }
        if self.cols.len() <= col as usize {
            self.cols.resize_with(col as usize + 1, ColStats::default);
        }
        let Some(c) = self.cols.get_mut(col as usize) else {
            return;
        };
        c.nonempty += 1;
        c.hidden += hidden as u64;
        c.person_hits += person as u64;
        c.roster_hits += roster as u64;
        if c.first.is_none() {
            c.first = Some((row, col));
        }
        if let Some(v) = numeric {
            c.numeric += 1;
            if v >= 10_000.0 && v.fract() == 0.0 {
                c.big_int += 1;
            }
        }
        let Some(t) = text else {
            if let Some(n) = number
                && c.distinct.len() < MAX_DISTINCT
                && c.distinct_seen < MAX_DISTINCT_SEEN
            {
                c.distinct_seen += 1;
                c.distinct.insert(n.to_bits());
            }
            return;
        };
        c.text += 1;
        // Vetting: always checked in a vetting column, sampled elsewhere.
        let vetting_col = info.has(H::VETTING) || c.vetting_values > 0;
        let profile_now = c.profiled < FULL_PROFILE_ROWS || c.text % 64 == 0;
        let shape = if vetting_col || profile_now {
            match c.shapes.get(t) {
                Some(&s) => s,
                None => {
                    let s = text_shape(t);
                    if t.len() <= MEMO_TEXT_MAX && c.shapes.len() < MEMO_ENTRIES {
                        c.shapes.insert(t.into(), s);
                    }
                    s
                }
            }
        } else {
            0
        };
        if shape & T_VETTING != 0 {
            c.vetting_values += 1;
            if c.first_vetting.is_none() {
                c.first_vetting = Some((row, col));
            }
            self.row.vetting = Some(col);
        }
        if c.distinct.len() < MAX_DISTINCT && c.distinct_seen < MAX_DISTINCT_SEEN {
            c.distinct_seen += 1;
            c.distinct.insert(hash_str(t));
        }
        if !profile_now {
            return;
        }
        c.profiled += 1;
        let has = |bit: u16| (shape & bit != 0) as u64;
        if shape & T_NAME != 0 {
            c.name_like += 1;
            c.namelist += has(T_LISTED);
            // A roster surname on its own (the forename may be in another column).
            if !roster && self.scanner.roster().is_some_and(|r| r.is_surname(t)) {
                c.roster_hits += 1;
            }
        }
        c.id_like += has(T_ID);
        c.rank_values += has(T_RANK);
        c.gender_values += has(T_GENDER);
        c.digits += has(T_DIGITS);
        c.dateish += has(T_DATEISH);
        c.long_text += has(T_LONG);
        c.category += has(T_CATEGORY);
    }

    /// Whether the pending row `p` looks like a header row.
    fn header_like(p: &Pending) -> bool {
        let n = p.cells.len();
        if n < 2 {
            return false;
        }
        let mut texts = 0;
        let mut classified = 0;
        let mut data_like = 0;
        for (_, t, num, _) in &p.cells {
            match (t, num) {
                (Some(t), _) => {
                    if t.chars().count() > 80 {
                        return false;
                    }
                    texts += 1;
                    if !classify_header(t).is_empty() {
                        classified += 1;
                    }
                    if is_rank_value(t) || is_vetting_value(t) || is_gender_value(t) {
                        data_like += 1;
                    }
                    if text_integer(t).is_some_and(|v| !(1900.0..=2100.0).contains(&v)) {
                        return false;
                    }
                }
                (None, Some(v))
                    // Years as column headers ("2021", "2022").
                    if (!(1900.0..=2100.0).contains(v) || v.fract() != 0.0) => {
                        return false;
                    }
                _ => {}
            }
        }
        texts * 2 >= n && (classified > 0 || data_like == 0)
    }

    /// Decide the header row from the pending rows, then replay the rest as data.
    fn decide(&mut self) {
        if self.decided {
            return;
        }
        self.decided = true;
        let pending = std::mem::take(&mut self.pending);
        let idx = pending.iter().position(Self::header_like);
        // A single-column sheet: a lone classified cell above data in the same column.
        let single = if idx.is_none() {
            pending.iter().enumerate().find_map(|(i, p)| {
                let (c, t, _, _) = p.cells.first()?;
                let t = t.as_ref()?;
                let next = pending.get(i + 1)?;
                (p.cells.len() == 1
                    && t.len() <= 40
                    && !classify_header(t).is_empty()
                    && next.cells.len() == 1
                    && next.cells.first().is_some_and(|n| n.0 == *c))
                .then_some(i)
            })
        } else {
            None
        };
        let hi = idx.or(single);
        let mut replay_from = 0;
        if let Some(h) = hi {
            for p in &pending[..h] {
                for (_, t, _, _) in &p.cells {
                    if let Some(t) = t
                        && self.title.len() < 1024
                    {
                        self.title.push_str(t);
                        self.title.push(' ');
                    }
                }
            }
            let hp = &pending[h];
            self.header_row = Some(hp.row);
            for (c, t, n, _) in &hp.cells {
                if (*c as usize) < MAX_COLS {
                    if self.headers.len() <= *c as usize {
                        self.headers.resize(*c as usize + 1, None);
                    }
                    let text = t
                        .clone()
                        .or_else(|| n.map(|v| format!("{v}")))
                        .unwrap_or_default();
                    let info = classify_header(&text);
                    if let Some(slot) = self.headers.get_mut(*c as usize) {
                        *slot = Some((text, info));
                    }
                }
            }
            replay_from = h + 1;
        }
        for p in &pending[replay_from..] {
            self.row.clear();
            for (i, (c, t, n, hid)) in p.cells.iter().enumerate() {
                let (person, roster) = p.flags.get(i).copied().unwrap_or_default();
                self.data_cell(p.row, *c, t.as_deref(), *n, *hid, person, roster);
            }
            self.finish_data_row(p.row);
        }
        self.row.clear();
    }

    fn end_row(&mut self) {
        if !self.decided {
            let last_pending = self.pending.last();
            let header_now = last_pending.is_some_and(Self::header_like);
            let has_number = last_pending.is_some_and(|p| {
                p.cells.iter().any(|(_, t, n, _)| {
                    n.is_some_and(|v| !(1900.0..=2100.0).contains(&v))
                        || t.as_deref().and_then(text_integer).is_some()
                })
            });
            if header_now || has_number || self.pending.len() >= MAX_PENDING_ROWS {
                // The row that ended is the header (or data follows): decide.
                if header_now {
                    self.decide_with_header_last();
                } else {
                    self.decide();
                }
            }
            self.row.clear();
            return;
        }
        let row = self.cur_row.unwrap_or(0);
        self.finish_data_row(row);
        self.row.clear();
    }

    /// The last pending row is a header: rows before it are titles.
    fn decide_with_header_last(&mut self) {
        // `decide` picks the first header-like row; make it the last one by
        // moving earlier header-like rows into the title.
        let n = self.pending.len();
        if n > 1 {
            let last = self.pending.pop();
            for p in self.pending.drain(..) {
                for (_, t, _, _) in p.cells {
                    if let Some(t) = t
                        && self.title.len() < 1024
                    {
                        self.title.push_str(&t);
                        self.title.push(' ');
                    }
                }
            }
            if let Some(l) = last {
                self.pending.push(l);
            }
        }
        self.decide();
    }

    fn finish_data_row(&mut self, row: u32) {
        if self.row.cells == 0 {
            return;
        }
        self.data_rows += 1;
        if let Some(vc) = self.row.vetting
            && self.row.person
        {
            self.vetting_rows += 1;
            self.vetting_hidden |= self.row.hidden;
            if self.vetting_first.is_none() {
                self.vetting_first = Some((row, vc));
            }
        }
        if !self.row.small.is_empty() {
            let small = std::mem::take(&mut self.row.small);
            for &(col, v, hidden) in &small {
                if self.is_staff_count(col) {
                    self.small_total += 1;
                    if self.small.len() < MAX_SMALL_HITS {
                        self.small.push((row, col, v, hidden));
                    }
                }
            }
            self.row.small = small;
        }
    }

    /// Whether the title rows talk about events (crimes, searches...).
    fn title_is_events(&mut self) -> bool {
        if let Some(v) = self.title_event {
            return v;
        }
        let i = classify_header(&self.title);
        let v = i.has(H::EVENT) && !i.has(H::STAFF);
        let v = v || {
            let k = word_key(&self.title);
            k.split(' ').any(|w| {
                matches!(
                    w,
                    "crime"
                        | "crimes"
                        | "offences"
                        | "arrests"
                        | "searches"
                        | "stops"
                        | "requests"
                        | "incidents"
                        | "calls"
                        | "collisions"
                        | "victims"
                        | "suspects"
                )
            }) && !k.split(' ').any(|w| {
                matches!(
                    w,
                    "officers" | "staff" | "employees" | "headcount" | "workforce"
                )
            })
        };
        self.title_event = Some(v);
        v
    }

    /// A count in column `col` of the current row: is it a count of staff?
    fn is_staff_count(&mut self, col: u32) -> bool {
        let ch = self.header_info(col);
        let events = self.scanner.small_count_events();
        if ch.has(H::DATE | H::AMOUNT | H::OTHER_REF | H::OFFICER_ID | H::GENERIC_ID | H::PERSON) {
            return false;
        }
        if ch.has(H::MEASURE) || (ch.has(H::ATTRIBUTE | H::CONTRACT) && !ch.has(H::COUNT)) {
            // "Age", "Hours", "Years of service", "Percentage": values, not counts.
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
        if !self.row.label_col.is_some_and(|lc| lc != col) {
            return false;
        }
        match &self.label_memo {
            Some((label, staff)) if *label == self.row.label => *staff,
            _ => {
                let staff = is_staff_category(&self.row.label);
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
        let v = self
            .header(col)
            .is_some_and(|h| !h.is_empty() && is_staff_category(h));
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

    /// The sheet is done: the table findings.
    /// The largest count `small_count` flags (from the policy).
    pub fn small_count_threshold(&self) -> u32 {
        self.scanner.small_count_threshold()
    }

    pub fn finish(mut self) -> Vec<TableHit> {
        if self.cur_row.is_some() {
            self.end_row();
        }
        if !self.decided {
            self.decide();
        }
        let mut out = Vec::new();
        let personnel = self.personnel(&mut out);
        if personnel.is_none() && self.vetting_rows > 0 && self.scanner.enabled("vetting_level") {
            out.push(TableHit {
                kind: "vetting_level",
                range: self.range(),
                cells: self.vetting_rows,
                evidence: vec![Evidence::Table, Evidence::Keyword],
                strong: true,
                message: format!(
                    "{} row(s) give a vetting level next to a person.",
                    self.vetting_rows
                ),
                sample_cell: self.vetting_first,
                hidden: self.vetting_hidden,
            });
        }
        if personnel.is_none()
            && self.scanner.enabled("small_count")
            && self.small_total > 0
            && self.is_count_table()
        {
            let threshold = self.scanner.small_count_threshold();
            for &(r, c, v, hidden) in &self.small {
                let what = self
                    .header(c)
                    .map(|h| format!(" ('{h}')"))
                    .unwrap_or_default();
                out.push(TableHit {
                    kind: "small_count",
                    range: (r, c, r, c),
                    cells: 1,
                    evidence: vec![Evidence::Table],
                    strong: false,
                    message: format!(
                        "A count of {v} staff{what} at {}{}: counts of 1-{threshold} may identify people; consider suppressing.",
                        col_name(c),
                        r + 1
                    ),
                    sample_cell: Some((r, c)),
                    hidden,
                });
            }
            let rest = self.small_total.saturating_sub(self.small.len() as u64);
            if rest > 0 {
                out.push(TableHit {
                    kind: "small_count",
                    range: self.range(),
                    cells: rest,
                    evidence: vec![Evidence::Table],
                    strong: false,
                    message: format!("{rest} more counts of 1-{threshold} staff in this sheet."),
                    sample_cell: None,
                    hidden: self.any_hidden,
                });
            }
        }
        out
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
    fn is_count_table(&self) -> bool {
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

    fn range(&self) -> (u32, u32, u32, u32) {
        let first = self.header_row.or(self.first_data_row).unwrap_or(0);
        let min_col = if self.min_col == u32::MAX {
            0
        } else {
            self.min_col
        };
        (
            first,
            min_col,
            self.last_row.max(first),
            self.max_col.max(min_col),
        )
    }

    fn personnel(&self, out: &mut Vec<TableHit>) -> Option<()> {
        if !self.scanner.enabled("personnel_records") || self.data_rows < 2 {
            return None;
        }
        let mut person_cols: Vec<(u32, Evidence)> = Vec::new();
        let mut id_cols: Vec<u32> = Vec::new();
        let mut unique_generic: Vec<u32> = Vec::new();
        let mut attr_cols: Vec<u32> = Vec::new();
        let category = H::RANK
            | H::GRADE
            | H::ROLE
            | H::DEPT
            | H::STATION
            | H::GENDER
            | H::ETHNICITY
            | H::COUNT;
        for (i, c) in self.cols.iter().enumerate() {
            let col = i as u32;
            let info = self.header_info(col);
            if c.nonempty == 0 {
                if info.has(H::PERSON_ATTRS) && !info.has(H::COUNT) {
                    // An empty attribute column still says what the table is.
                }
                continue;
            }
            let prof = c.profiled.max(1);
            let distinct_ratio = pct(
                c.distinct.len() as u64,
                c.distinct_seen.min(MAX_DISTINCT as u64).max(1),
            );
            let name_ratio = pct(c.name_like, prof);
            if c.roster_hits >= 2 && pct(c.roster_hits, c.nonempty) >= 0.3 {
                person_cols.push((col, Evidence::Roster));
            } else if (info.has(H::PERSON) && c.name_like >= 2 && name_ratio >= 0.6)
                || (info.has(H::OFFICER) && c.id_like >= 2 && pct(c.id_like, prof) >= 0.6)
            {
                // A name column, or an officer column of collar numbers ("PC 4521").
                person_cols.push((col, Evidence::Header));
            } else if !info.has(category)
                && c.nonempty >= 5
                && name_ratio >= 0.6
                && pct(c.namelist, prof) >= 0.4
                && distinct_ratio >= 0.3
            {
                person_cols.push((col, Evidence::NameList));
            }
            if info.has(H::OFFICER_ID | H::NI | H::EMAIL)
                && c.nonempty >= 2
                && distinct_ratio >= 0.9
            {
                id_cols.push(col);
            } else if (info.is_empty() || info.has(H::GENERIC_ID))
                && distinct_ratio >= 0.98
                && c.nonempty >= 5
                && c.id_like * 10 >= prof * 9
            {
                unique_generic.push(col);
            }
            let value_attr = pct(c.rank_values, prof) >= 0.5
                || pct(c.gender_values, prof) >= 0.5
                || pct(c.vetting_values, c.text.max(1)) >= 0.5;
            if (info.has(H::PERSON_ATTRS) && !info.has(H::COUNT)) || value_attr {
                attr_cols.push(col);
            }
        }
        // Headed attribute columns that happen to be empty still count.
        for (i, h) in self.headers.iter().enumerate() {
            if let Some((_, info)) = h
                && info.has(H::PERSON_ATTRS)
                && !info.has(H::COUNT)
                && !attr_cols.contains(&(i as u32))
                && self.cols.get(i).is_some_and(|c| c.nonempty > 0)
            {
                attr_cols.push(i as u32);
            }
        }
        let person_attr_cols = attr_cols
            .iter()
            .filter(|&&c| {
                self.header_info(c)
                    .has(H::RANK | H::GRADE | H::GENDER | H::VETTING | H::ROLE)
                    || self
                        .cols
                        .get(c as usize)
                        .is_some_and(|s| s.rank_values + s.gender_values + s.vetting_values > 0)
            })
            .count();
        let named = !person_cols.is_empty()
            && (!attr_cols.is_empty() || !id_cols.is_empty() || person_cols.len() >= 2);
        let numbered = !id_cols.is_empty() && !attr_cols.is_empty();
        let uniquely = !unique_generic.is_empty() && person_attr_cols >= 2;
        if !(named || numbered || uniquely) {
            return None;
        }
        let mut evidence = vec![Evidence::Table];
        for (_, e) in &person_cols {
            if !evidence.contains(e) {
                evidence.push(*e);
            }
        }
        if (numbered || uniquely) && !evidence.contains(&Evidence::Header) {
            evidence.push(Evidence::Header);
        }
        let describe = |c: u32| {
            self.header(c)
                .map(|h| format!("'{h}'"))
                .unwrap_or_else(|| format!("column {}", col_name(c)))
        };
        let key_cols: Vec<u32> = person_cols
            .iter()
            .map(|p| p.0)
            .chain(id_cols.iter().copied())
            .chain(if named || numbered {
                Vec::new()
            } else {
                unique_generic.clone()
            })
            .collect();
        let keys: Vec<String> = key_cols.iter().take(3).map(|&c| describe(c)).collect();
        let attrs: Vec<String> = attr_cols.iter().take(4).map(|&c| describe(c)).collect();
        let sample = key_cols
            .first()
            .and_then(|&c| self.cols.get(c as usize))
            .and_then(|c| c.first);
        let range = self.range();
        let cols_n = (range.3 - range.1) as u64 + 1;
        out.push(TableHit {
            kind: "personnel_records",
            range,
            cells: self.data_cells,
            evidence,
            strong: true,
            message: format!(
                "A table of people: {} row(s) x {} column(s), one row per person ({}{}{}).",
                self.data_rows,
                cols_n,
                keys.join(", "),
                if attrs.is_empty() { "" } else { " with " },
                attrs.join(", ")
            ),
            sample_cell: sample,
            hidden: self.any_hidden,
        });
        // A vetting column in a personnel table.
        if self.scanner.enabled("vetting_level") {
            let vet: Option<(usize, &ColStats)> = self
                .cols
                .iter()
                .enumerate()
                .filter(|(i, c)| {
                    c.vetting_values > 0
                        && (self.header_info(*i as u32).has(H::VETTING)
                            || pct(c.vetting_values, c.text.max(1)) >= 0.5)
                })
                .max_by_key(|(_, c)| c.vetting_values);
            if let Some((i, c)) = vet {
                out.push(TableHit {
                    kind: "vetting_level",
                    range: (range.0, i as u32, range.2, i as u32),
                    cells: c.vetting_values,
                    evidence: vec![Evidence::Table, Evidence::Header],
                    strong: true,
                    message: format!(
                        "Vetting levels of named people in {} ({} value(s)).",
                        describe(i as u32),
                        c.vetting_values
                    ),
                    sample_cell: c.first_vetting,
                    hidden: c.hidden > 0 || self.any_hidden,
                });
            } else if self.vetting_rows > 0 {
                out.push(TableHit {
                    kind: "vetting_level",
                    range,
                    cells: self.vetting_rows,
                    evidence: vec![Evidence::Table, Evidence::Keyword],
                    strong: true,
                    message: format!(
                        "{} row(s) give a vetting level next to a person.",
                        self.vetting_rows
                    ),
                    sample_cell: self.vetting_first,
                    hidden: self.vetting_hidden,
                });
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::content::DetectorsConfig;

    fn run(rows: &[&[&str]]) -> Vec<TableHit> {
        let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        let mut t = TableAnalyzer::new(&s);
        let mut hits = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    t.scan_cell(r as u32, c as u32, Some(v), None, false, &mut hits);
                }
            }
        }
        t.finish()
    }

    fn kinds(h: &[TableHit]) -> Vec<&'static str> {
        h.iter().map(|h| h.kind).collect()
    }

    #[test]
    fn psni_style_personnel_table() {
        let h = run(&[
            &[
                "Surname",
                "Initial",
                "Rank",
                "Department",
                "Location",
                "Gender",
                "Service No",
            ],
            &[
                "Quarrendon",
                "J",
                "Constable",
                "Response",
                "Lisburn",
                "F",
                "14118",
            ],
            &["Vellacott", "T", "Sergeant", "CID", "Antrim", "M", "14119"],
            &[
                "Ashdown-Pryce",
                "R",
                "Inspector",
                "Roads",
                "Belfast",
                "F",
                "14120",
            ],
        ]);
        assert_eq!(kinds(&h), vec!["personnel_records"]);
        assert!(h[0].strong);
        assert_eq!(h[0].range, (0, 0, 3, 6));
        assert_eq!(h[0].sample_cell, Some((1, 0)));
    }

    #[test]
    fn counts_by_rank_are_not_personnel_but_small_counts_are_flagged() {
        let h = run(&[
            &["Officers by rank, 31 March 2023"],
            &[],
            &["Rank", "Male", "Female", "Total"],
            &["Constable", "812", "401", "1213"],
            &["Sergeant", "120", "3", "123"],
            &["Chief Superintendent", "2", "1", "3"],
        ]);
        assert!(!kinds(&h).contains(&"personnel_records"), "{h:?}");
        let small: Vec<(u32, u32)> = h
            .iter()
            .filter(|h| h.kind == "small_count")
            .map(|h| (h.range.0, h.range.1))
            .collect();
        assert_eq!(small, vec![(4, 2), (5, 1), (5, 2), (5, 3)]);
        assert!(h.iter().all(|h| !h.strong));
    }

    #[test]
    fn crime_counts_are_not_small_counts() {
        let h = run(&[
            &["Crimes recorded by station"],
            &["Station", "Burglary", "Robbery", "Total"],
            &["Lisburn", "3", "1", "4"],
            &["Antrim", "12", "2", "14"],
        ]);
        assert!(h.is_empty(), "{h:?}");
        let h = run(&[
            &["Rank", "Arrests"],
            &["Constable", "3"],
            &["Sergeant", "1"],
        ]);
        assert!(h.is_empty(), "{h:?}");
    }

    #[test]
    fn headerless_names_with_ranks() {
        let rows: Vec<Vec<&str>> = [
            ("Smith", "Constable"),
            ("Jones", "Sergeant"),
            ("Taylor", "Constable"),
            ("Brown", "Inspector"),
            ("Williams", "Constable"),
            ("Wilson", "Constable"),
        ]
        .iter()
        .map(|(a, b)| vec![*a, *b])
        .collect();
        let refs: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        let h = run(&refs);
        assert_eq!(kinds(&h), vec!["personnel_records"], "{h:?}");
    }

    #[test]
    fn vetting_next_to_people() {
        let h = run(&[
            &["Name", "Role", "Vetting"],
            &["Jane Quarrendon", "Analyst", "SC"],
            &["Tom Vellacott", "Manager", "DV"],
        ]);
        assert!(kinds(&h).contains(&"personnel_records"));
        assert!(kinds(&h).contains(&"vetting_level"));
        // A vetting category count table is neither.
        let h = run(&[
            &["Vetting level", "Number of officers"],
            &["SC", "120"],
            &["DV", "45"],
        ]);
        assert!(h.is_empty(), "{h:?}");
    }

    #[test]
    fn unique_staff_numbers_with_attributes() {
        let h = run(&[
            &["Pay No", "Grade", "Department"],
            &["825729", "SO1", "Finance"],
            &["825730", "PO2", "HR"],
        ]);
        assert_eq!(kinds(&h), vec!["personnel_records"]);
    }

    #[test]
    fn masked_names_are_not_people() {
        let h = run(&[
            &["Surname", "Rank"],
            &["[REDACTED s40(2)]", "Constable"],
            &["[REDACTED s40(2)]", "Sergeant"],
        ]);
        assert!(h.is_empty(), "{h:?}");
    }

    fn run_owned(rows: &[Vec<String>]) -> Vec<TableHit> {
        let refs: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let refs: Vec<&[&str]> = refs.iter().map(|r| r.as_slice()).collect();
        run(&refs)
    }

    fn small_cells(h: &[TableHit]) -> Vec<(u32, u32)> {
        h.iter()
            .filter(|h| h.kind == "small_count" && h.cells == 1)
            .map(|h| (h.range.0, h.range.1))
            .collect()
    }

    /// An incident log like `benches/bench_data.rs` makes, with an
    /// "Officers attending" column of 1-4. `cols` picks the columns.
    fn incident_log(n: usize, cols: &[usize]) -> Vec<Vec<String>> {
        const HEADER: [&str; 10] = [
            "Crime reference",
            "Date",
            "Time",
            "Offence",
            "Postcode district",
            "Outcome",
            "Officers attending",
            "Value (GBP)",
            "Note",
            "Victim informed",
        ];
        let offences = [
            "Theft from vehicle",
            "Criminal damage",
            "Assault",
            "Shoplifting",
        ];
        let outcomes = ["Charged", "No further action", "Under investigation"];
        let words = [
            "caller",
            "reported",
            "damage",
            "area",
            "searched",
            "no",
            "witnesses",
        ];
        let mut out = vec![cols.iter().map(|&c| HEADER[c].to_string()).collect()];
        for i in 0..n {
            let row = [
                format!("{}", 100_000 + (i * 7919) % 900_000),
                format!("2024-{:02}-{:02}", 1 + i % 12, 1 + (i * 7) % 28),
                format!("{:02}:{:02}", (i * 5) % 24, (i * 13) % 60),
                offences[i % 4].to_string(),
                format!("BT{}", 1 + i % 9),
                outcomes[i % 3].to_string(),
                format!("{}", 1 + (i * 3) % 4),
                format!("{}.{:02}", (i * 37) % 5000, i % 100),
                (0..5 + i % 6)
                    .map(|k| words[(i + k * 3) % words.len()])
                    .collect::<Vec<_>>()
                    .join(" "),
                (if i % 2 == 0 { "TRUE" } else { "FALSE" }).to_string(),
            ];
            out.push(cols.iter().map(|&c| row[c].clone()).collect());
        }
        out
    }

    #[test]
    fn incident_log_officers_attending_is_not_a_small_count() {
        // The whole log (the bench_data shape).
        let all: Vec<usize> = (0..10).collect();
        let h = run_owned(&incident_log(500, &all));
        assert!(!kinds(&h).contains(&"small_count"), "{h:?}");
        // Without the note and the time: reference + date + repeating offences.
        let h = run_owned(&incident_log(300, &[0, 1, 3, 5, 6]));
        assert!(!kinds(&h).contains(&"small_count"), "{h:?}");
        // A short log: reference and date are enough.
        let h = run_owned(&incident_log(12, &[0, 1, 3, 6]));
        assert!(!kinds(&h).contains(&"small_count"), "{h:?}");
        // Dates as Excel date cells are not profiled: the "Date" header
        // above a column of them still counts.
        let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        let mut t = TableAnalyzer::new(&s);
        let mut hits = Vec::new();
        for (r, row) in incident_log(200, &[0, 1, 3, 6]).iter().enumerate() {
            let r = r as u32;
            for (c, v) in row.iter().enumerate() {
                let number = v.parse::<f64>().ok();
                match (r, c) {
                    // Date cells: (None, None), as the collector passes them.
                    (1.., 1) => t.scan_cell(r, 1, None, None, false, &mut hits),
                    (1.., 0 | 3) => t.scan_cell(r, c as u32, None, number, false, &mut hits),
                    _ => t.scan_cell(r, c as u32, Some(v), None, false, &mut hits),
                }
            }
        }
        let h = t.finish();
        assert!(!kinds(&h).contains(&"small_count"), "{h:?}");
        // The same numbers under "Officers" in a table by offence are counts.
        let h = run(&[
            &["Offence", "Officers"],
            &["Assault", "3"],
            &["Criminal damage", "12"],
        ]);
        assert_eq!(small_cells(&h), vec![(1, 1)], "{h:?}");
    }

    #[test]
    fn count_tables_by_rank_ethnicity_and_unit_keep_small_counts() {
        let h = run(&[
            &["Rank", "Male", "Female"],
            &["Constable", "812", "401"],
            &["Sergeant", "120", "4"],
            &["Inspector", "2", "31"],
            &["Chief Inspector", "3", "1"],
        ]);
        assert_eq!(small_cells(&h), vec![(2, 2), (3, 1), (4, 1), (4, 2)]);
        let h = run(&[
            &["Officers by ethnicity, 31 March 2023"],
            &["Ethnicity", "Officers"],
            &["White", "1204"],
            &["Black", "3"],
            &["Asian", "2"],
            &["Mixed", "14"],
        ]);
        assert_eq!(small_cells(&h), vec![(3, 1), (4, 1)]);
        let h = run(&[
            &["Station", "Constables", "Sergeants", "Inspectors"],
            &["Lisburn", "112", "14", "3"],
            &["Antrim", "40", "2", "1"],
            &["Newry", "45", "6", "0"],
        ]);
        assert_eq!(small_cells(&h), vec![(1, 3), (2, 2), (2, 3)]);
        // Units with a unique cost-centre code and a repeating division:
        // still one row per unit.
        let mut rows = vec![vec![
            "Cost centre".to_string(),
            "Unit".into(),
            "Division".into(),
            "Headcount".into(),
        ]];
        let places = ["Lisburn", "Antrim", "Newry", "Omagh", "Larne", "Banbridge"];
        let teams = ["Response", "Neighbourhood", "CID", "Custody", "Roads"];
        for (i, p) in places.iter().enumerate() {
            for (j, t) in teams.iter().enumerate() {
                rows.push(vec![
                    format!("{}", 410_000 + i * 10 + j),
                    format!("{p} {t}"),
                    ["North", "South"][i % 2].into(),
                    format!("{}", if j == 2 { 3 } else { 20 + i + j }),
                ]);
            }
        }
        let h = run_owned(&rows);
        assert_eq!(small_cells(&h).len(), places.len(), "{h:?}");
    }

    #[test]
    fn a_long_list_of_units_is_still_a_count_table() {
        // 2,000 units (distinct labels) with their officer numbers; one in
        // four has 1-4 officers.
        let mut rows = vec![vec![
            "Unit".to_string(),
            "Division".into(),
            "Officers".into(),
        ]];
        let a = [
            "North", "South", "East", "West", "Central", "Upper", "Lower", "Old",
        ];
        let b = [
            "Lisburn",
            "Antrim",
            "Newry",
            "Omagh",
            "Larne",
            "Banbridge",
            "Coleraine",
            "Derry",
            "Armagh",
            "Strabane",
        ];
        let c = ["Response", "Neighbourhood", "CID", "Custody", "Roads"];
        let d = ["Team", "Unit", "Section", "Hub", "Desk"];
        'outer: for x in a {
            for y in b {
                for z in c {
                    for w in d {
                        let i = rows.len();
                        if i > 2000 {
                            break 'outer;
                        }
                        rows.push(vec![
                            format!("{x} {y} {z} {w}"),
                            y.to_string(),
                            format!(
                                "{}",
                                if i % 4 == 0 {
                                    1 + i % 4 + i % 3
                                } else {
                                    10 + i % 90
                                }
                            ),
                        ]);
                    }
                }
            }
        }
        let h = run_owned(&rows);
        let small: Vec<&TableHit> = h.iter().filter(|h| h.kind == "small_count").collect();
        assert_eq!(small.len(), MAX_SMALL_HITS + 1, "{h:?}");
        let total: u64 = small.iter().map(|h| h.cells).sum();
        assert_eq!(total, 500);
    }

    #[test]
    fn header_is_known_to_later_rows() {
        let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        let mut t = TableAnalyzer::new(&s);
        let mut hits = Vec::new();
        t.scan_cell(0, 0, Some("Surname"), None, false, &mut hits);
        t.scan_cell(0, 1, Some("Warrant No"), None, false, &mut hits);
        t.scan_cell(1, 0, Some("Quarrendon"), None, false, &mut hits);
        assert_eq!(t.header(0), Some("Surname"));
        t.scan_cell(1, 1, None, Some(141183.0), false, &mut hits);
        assert!(hits.iter().any(|h| h.kind == "person_name" && h.strong));
        assert!(hits.iter().any(|h| h.kind == "warrant_number"));
    }
}
