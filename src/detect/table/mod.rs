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
//! Layout: this file holds [`TableAnalyzer`]'s public face and the cell and
//! row flow; `header` finds the header row, `profile` keeps the per-column
//! counters, `shapes` says what one text is, `cell_scan` scans a cell with
//! its header and remembers clean
//! values, `personnel`, `small_count` and `checked_ids` decide the findings.
//! Layouts with no plain header of people have a file each: `initialled`
//! (a headerless SURNAME, initial, number list), `pivot_output` (pasted
//! pivot tables: the caption row is not the header), `people_across` (a
//! rota with officers as column headers) and `name_column` (a bare "Name"
//! column of parks or pubs is not people).
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

mod blocks;
mod cell_scan;
mod checked_ids;
mod header;
mod initialled;
mod name_column;
mod people_across;
mod personnel;
mod pivot_output;
mod profile;
mod row_labels;
mod shapes;
mod small_count;
#[cfg(test)]
mod tests;
mod unique_posts;

use crate::detect::content::context::HeaderInfo;
use crate::detect::content::{ContentScanner, Evidence, Hit, PERSON_KINDS};
use crate::model::CellPrework;
use crate::model::column_name as col_name;
use crate::numbers::{count, thousands};

use self::cell_scan::CellScan;
pub(crate) use self::cell_scan::ScannedCells;
use self::header::{MAX_PENDING_ROWS, Pending};
pub(crate) use self::name_column::NameColumn;
use self::profile::ColStats;
use self::shapes::text_integer;
use self::small_count::{Counted, MAX_SMALL_HITS};

/// Columns tracked per sheet (all of Excel's); cells further right (only a
/// CSV has them) are scanned, not profiled.
const MAX_COLS: usize = 16_384;

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
    /// The policy variant deciding its severity (`personnel_records.attributes`).
    pub variant: Option<&'static str>,
    /// Another table shares the rows of `range` (figures beside a staff
    /// list): a copy clears the range's cells, not its rows.
    pub beside: bool,
}

/// What a sheet's tables came to, for a redactor.
pub struct SheetTables {
    pub hits: Vec<TableHit>,
    /// Every table's columns of people (a redactor masks a whole name
    /// column, not only the names a detector knows).
    pub people: Vec<PeopleColumn>,
    /// The header rows, top down, each with its texts by column: a cell is
    /// read under the nearest header row above it.
    pub header_rows: Vec<(u32, Vec<Option<String>>)>,
}

/// A column of a table that holds people ("Staff": "Kayode Balogun"),
/// rows inclusive, 0-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeopleColumn {
    pub col: u32,
    pub first_row: u32,
    pub last_row: u32,
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
    /// A number in the row.
    numeric: bool,
    /// Under a count table: the row's short texts while it has nothing
    /// else (it may be a staff list's header row, see
    /// [`TableAnalyzer::header_watch`]); `None` once it has.
    texts: Option<Vec<(u32, String)>>,
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
        self.numeric = false;
        match &mut self.texts {
            Some(t) => t.clear(),
            None => self.texts = Some(Vec::new()),
        }
    }
}

/// Profiles one sheet as its cells stream past.
pub struct TableAnalyzer<'s> {
    scanner: &'s ContentScanner,
    scan: CellScan,
    decided: bool,
    header_row: Option<u32>,
    headers: Vec<Option<(String, HeaderInfo)>>,
    /// Every header row of the sheet so far, with its texts by column:
    /// a table below another has headers of its own.
    header_history: Vec<(u32, Vec<Option<String>>)>,
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
    /// Small counts: (row, column, value, hidden, what they count).
    small: Vec<(u32, u32, u32, bool, Counted)>,
    small_total: u64,
    vetting_rows: u64,
    vetting_first: Option<(u32, u32)>,
    vetting_hidden: bool,
    title_event: Option<bool>,
    /// Per column: whether its header names a staff category.
    header_category: Vec<Option<bool>>,
    /// The last row label looked up, and whether it is a staff category.
    label_memo: Option<(String, bool)>,
    /// Rows after a blank row are held (as before the header) to see whether
    /// another table starts there: a staff list below a count table.
    probe: bool,
    /// Findings of the tables above the current one on this sheet.
    done: Vec<TableHit>,
    /// Their columns of people.
    done_people: Vec<PeopleColumn>,
    /// Which table of the sheet this is (0 for the first): cells scanned
    /// ahead for an earlier table were scanned under its headers.
    generation: u32,
    /// The table lists places (police stations, offices), one per row, and
    /// has no person column (see [`TableAnalyzer::lists_places`]).
    places: bool,
    /// A header of the table names people or their identifiers.
    people_table: bool,
    /// Data rows with a number.
    numeric_rows: u64,
    /// Data rows of one text cell: a caption or a note ("Staff list",
    /// "Source: HR system"), which leaves a count table a count table.
    caption_rows: u64,
    /// Watch the rows for a header of people: the table is counts (no
    /// people column, its rows have numbers), and a staff list may follow
    /// straight under it, with no blank row between.
    header_watch: bool,
    /// Labels beside values in a sheet's first rows (key-value forms).
    form: row_labels::RowLabel,
    /// The last pending row is a header of group labels, held to see
    /// whether the real header follows.
    group_row_held: bool,
    /// A first header-like row has been looked at for [`Self::group_row_held`].
    group_row_seen: bool,
    /// Bare "Name" columns of the current table, judged people or things
    /// (see [`name_column`]).
    thing_tallies: Vec<name_column::ThingTally>,
    /// Those of the tables above: (generation, column, verdict).
    judged: Vec<(u32, u32, NameColumn)>,
    /// No more cells will come.
    ended: bool,
}

/// Whether a cell's hits put a person in its row, and whether one is a
/// roster match.
fn person_and_roster(hits: &[Hit]) -> (bool, bool) {
    (
        // A post's or a team's mailbox ("permanent.secretary@", a weak
        // e-mail hit) does not put a person in the row.
        hits.iter()
            .any(|h| PERSON_KINDS.contains(&h.kind) && (h.strong || h.kind != "email_address")),
        hits.iter().any(|h| h.kind == "roster_match"),
    )
}

impl<'s> TableAnalyzer<'s> {
    pub fn new(scanner: &'s ContentScanner) -> Self {
        TableAnalyzer {
            scanner,
            scan: CellScan::new(scanner),
            decided: false,
            header_row: None,
            headers: Vec::new(),
            header_history: Vec::new(),
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
            title_event: None,
            header_category: Vec::new(),
            label_memo: None,
            probe: false,
            done: Vec::new(),
            done_people: Vec::new(),
            generation: 0,
            places: false,
            people_table: false,
            numeric_rows: 0,
            caption_rows: 0,
            header_watch: false,
            form: Default::default(),
            group_row_held: false,
            group_row_seen: false,
            thing_tallies: Vec::new(),
            judged: Vec::new(),
            ended: false,
        }
    }

    /// Whether the current table lists places — a header names a police
    /// station, office, premises, site or supplier, and no column holds a
    /// person or a person's identifier. A landline or postcode in such a row
    /// is the place's, published (a station list, a licence register).
    pub fn lists_places(&self) -> bool {
        self.decided && self.places
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
        self.scan.scan(col, text, number, out);
        self.profile_scanned(row, col, text, number, hidden, &out[before..]);
    }

    /// Scan a date cell (an Excel serial) with its column's header as
    /// context: a date under a date-of-birth header is a person's. Its hits
    /// point into the date's ISO text (`1985-03-12`).
    pub fn scan_date_cell(&mut self, row: u32, col: u32, serial: f64, out: &mut Vec<Hit>) {
        self.advance(row);
        let before = out.len();
        self.scan.scan_date(col, serial, out);
        self.note_hits(row, col, &out[before..]);
    }

    /// [`TableAnalyzer::scan_cell`] for a cell already scanned (on another
    /// thread, by [`TableAnalyzer::prework`]): `hits` are its hits.
    pub(crate) fn scanned_cell(
        &mut self,
        row: u32,
        col: u32,
        text: Option<&str>,
        number: Option<f64>,
        hidden: bool,
        hits: &[Hit],
    ) {
        self.advance(row);
        self.profile_scanned(row, col, text, number, hidden, hits);
    }

    /// Cell scanning for another thread, once the header row is settled:
    /// from then on a cell's hits depend only on the cell.
    /// Its result, handed back with the cells, is read by [`ScannedCells::from`].
    pub(crate) fn prework(&self) -> Option<Box<dyn CellPrework>> {
        self.decided
            .then(|| Box::new(self.scan.fork()) as Box<dyn CellPrework>)
    }

    fn profile_scanned(
        &mut self,
        row: u32,
        col: u32,
        text: Option<&str>,
        number: Option<f64>,
        hidden: bool,
        hits: &[Hit],
    ) {
        let (person, roster) = person_and_roster(hits);
        self.profile(row, col, text, number, hidden, person, roster);
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
        let (person, roster) = person_and_roster(hits);
        if person {
            self.row.person = true;
        }
        if let Some(c) = self.cols.get_mut(col as usize) {
            c.person_hits += person as u64;
            c.roster_hits += roster as u64;
        }
    }

    /// Move to row `row` (cells arrive row by row): the row before ends, and
    /// after a blank row the rows are held to look for a new table.
    #[inline]
    pub(crate) fn advance(&mut self, row: u32) {
        if self.cur_row != Some(row) {
            self.next_row(row);
        }
    }

    #[inline(never)]
    fn next_row(&mut self, row: u32) {
        if let Some(prev) = self.cur_row {
            self.end_row();
            // A blank row, or rows stored out of order (a second table
            // written over the first one's rows): perhaps another table.
            if self.decided && !self.probe && (row > prev.saturating_add(1) || row <= prev) {
                self.probe = true;
                self.decided = false;
            }
        }
        self.cur_row = Some(row);
    }

    /// Whether hits scanned ahead (by [`TableAnalyzer::prework`]) were
    /// scanned under this table's headers.
    #[inline]
    pub(crate) fn accepts(&self, scanned: &ScannedCells) -> bool {
        scanned.generation == self.generation
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

    fn end_row(&mut self) {
        if self.probe {
            self.end_probe_row();
            self.row.clear();
            return;
        }
        if !self.decided {
            let last_pending = self.pending.last();
            let header_now = last_pending.is_some_and(Self::header_like);
            let has_number = last_pending.is_some_and(|p| {
                p.cells.iter().any(|(_, t, n, _)| {
                    n.is_some_and(|v| !(1900.0..=2100.0).contains(&v))
                        || t.as_deref().and_then(text_integer).is_some()
                })
            });
            // A one-column list under a header of people ("Name" over
            // names): its first value settles the header, so the values
            // after it are read with it.
            if self.lone_people_header_over_value() {
                self.decide_with_header_before_last();
                self.row.clear();
                return;
            }
            let held_group = std::mem::take(&mut self.group_row_held);
            if header_now && !self.group_row_seen && self.pending.len() < MAX_PENDING_ROWS {
                // A header row of group labels only ("Personal details |
                // Employment") may sit over the real one: wait a row (once).
                self.group_row_seen = true;
                // Group labels over merged cells leave gaps between them.
                if last_pending.is_some_and(|p| Self::header_words(p) == 0 && Self::has_gaps(p)) {
                    self.group_row_held = true;
                    self.row.clear();
                    return;
                }
            }
            if header_now || has_number || self.pending.len() >= MAX_PENDING_ROWS {
                // The row that ended is the header (or data follows): decide.
                if header_now
                    && (!held_group || last_pending.is_some_and(|p| Self::header_words(p) >= 2))
                {
                    self.decide_with_header_last();
                } else if held_group {
                    // The group row was the header after all.
                    self.decide_with_header_before_last();
                } else {
                    self.decide();
                }
            }
            self.row.clear();
            return;
        }
        let row = self.cur_row.unwrap_or(0);
        if self.header_watch && self.people_header_row(row) {
            return;
        }
        self.finish_data_row(row);
        self.row.clear();
    }

    fn finish_data_row(&mut self, row: u32) {
        if self.row.cells == 0 {
            return;
        }
        self.data_rows += 1;
        self.numeric_rows += self.row.numeric as u64;
        self.caption_rows += (self.row.cells == 1 && !self.row.numeric) as u64;
        // (A count table is short: a log of 10,000 rows is not watched.)
        self.header_watch = !self.people_table
            && self.data_rows < 10_000
            && self.numeric_rows * 10 >= (self.data_rows - self.caption_rows.min(3)) * 9;
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
                if let Some(counted) = self.counted(col) {
                    self.small_total += 1;
                    if self.small.len() < MAX_SMALL_HITS {
                        self.small.push((row, col, v, hidden, counted));
                    }
                }
            }
            self.row.small = small;
        }
    }

    /// The largest count `small_count` flags (from the policy).
    pub fn small_count_threshold(&self) -> u32 {
        self.scanner.small_count_threshold()
    }

    /// The sheet is done: the table findings.
    pub fn finish(self) -> Vec<TableHit> {
        self.finish_tables().hits
    }

    /// [`TableAnalyzer::finish`], with what a redactor needs besides.
    pub fn finish_tables(mut self) -> SheetTables {
        if self.cur_row.is_some() {
            self.end_row();
        }
        if self.probe {
            self.resume();
        }
        if !self.decided {
            self.decide();
        }
        let mut out = std::mem::take(&mut self.done);
        out.extend(self.table_hits());
        let mut people = std::mem::take(&mut self.done_people);
        people.extend(self.people_columns());
        SheetTables {
            hits: out,
            people,
            header_rows: std::mem::take(&mut self.header_history),
        }
    }

    /// The current table's columns of people, below its header.
    pub(super) fn people_columns(&self) -> Vec<PeopleColumn> {
        let Some(first_row) = self.first_data_row else {
            return Vec::new();
        };
        let initialled = self.initialled_surnames();
        self.cols
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                c.nonempty > 0
                    && (initialled == Some(*i as u32) || self.person_column(*i as u32, c).is_some())
            })
            .map(|(i, _)| PeopleColumn {
                col: i as u32,
                first_row,
                last_row: self.last_row.max(first_row),
            })
            .collect()
    }

    /// The findings of the current table.
    fn table_hits(&self) -> Vec<TableHit> {
        let mut out = Vec::new();
        self.checked_id_columns(&mut out);
        let mut personnel = self.personnel(&mut out);
        if personnel.is_none()
            && self.scanner.enabled("personnel_records")
            && let Some(h) = self.officers_across()
        {
            out.push(h);
            personnel = Some(());
        }
        if personnel.is_none()
            && self.scanner.enabled("personnel_records")
            && let Some(h) = self.unique_posts()
        {
            out.push(h);
            personnel = Some(());
        }
        if personnel.is_none() && self.vetting_rows > 0 && self.scanner.enabled("vetting_level") {
            out.push(self.vetting_rows_hit());
        }
        if personnel.is_none()
            && self.scanner.enabled("small_count")
            && self.small_total > 0
            && self.is_count_table()
        {
            let threshold = self.scanner.small_count_threshold();
            for &(r, c, v, hidden, counted) in &self.small {
                let what = self
                    .header(c)
                    .map(|h| format!(" ('{h}')"))
                    .unwrap_or_default();
                let of = match counted {
                    Counted::Staff => " staff",
                    Counted::Events => "",
                };
                out.push(TableHit {
                    kind: "small_count",
                    range: (r, c, r, c),
                    cells: 1,
                    evidence: vec![Evidence::Table],
                    strong: false,
                    message: format!(
                        "A count of {v}{of}{what} at {}{}: counts of 1-{threshold} may identify people; consider suppressing.",
                        col_name(c),
                        r + 1
                    ),
                    sample_cell: Some((r, c)),
                    hidden,
                    variant: (counted == Counted::Events).then_some("events"),
                    beside: false,
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
                    message: format!(
                        "{} more counts of 1-{threshold} in this sheet.",
                        thousands(rest)
                    ),
                    sample_cell: None,
                    hidden: self.any_hidden,
                    variant: None,
                    beside: false,
                });
            }
        }
        out
    }

    /// `vetting_level` over the rows that give a level next to a person.
    fn vetting_rows_hit(&self) -> TableHit {
        TableHit {
            kind: "vetting_level",
            range: self.range(),
            cells: self.vetting_rows,
            evidence: vec![Evidence::Table, Evidence::Keyword],
            strong: true,
            message: format!(
                "{} a vetting level next to a person.",
                if self.vetting_rows == 1 {
                    "1 row gives".to_string()
                } else {
                    format!("{} give", count(self.vetting_rows, "row", "rows"))
                }
            ),
            sample_cell: self.vetting_first,
            hidden: self.vetting_hidden,
            variant: None,
            beside: false,
        }
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
}
