//! Pass 1 of a redaction: scan the input with the same [`Scanner`] as
//! `foiguard scan` and, from what the source reports, decide what the clean
//! copy leaves out: sheets that are not visible worksheets, hidden, filtered
//! and collapsed rows and columns, invisible and far-away cells, and the
//! person rows of personnel tables. Pass 2 ([`Plan::decide`]) then says,
//! cell by cell, what a kept cell becomes (its new place, its value with
//! identifiers masked).
//!
//! Removed rows and columns are closed up, as Excel's "copy visible cells,
//! paste into a new workbook" does: the copy shows what a reader saw.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::detect::content::context::{H, classify_header};
use crate::detect::content::{ContentScanner, Hit, TextContext};
use crate::detect::structure::{Names, SheetGrid, is_aggregate};
use crate::detect::table::{PeopleColumn, SheetTables, TableAnalyzer, TableHit};
use crate::finding::Severity;
use crate::model::{
    Align, Cell, CellFormat, Feature, Hide, IndexSet, Location, Presentation, SheetInfo, SheetKind,
    SheetLayout, SheetState, SheetVisitor, TextPlace, Value, Visitor,
};
use crate::policy::Policy;
use crate::report::FileReport;
use crate::report::mask::mask;
use crate::scan::Scanner;
use crate::source::{Format, Input};

use super::mask::{DEFAULT_EXEMPTION, Masker};

/// Distinct cell formats remembered per sheet.
const MAX_FORMATS: usize = 4096;
/// Invisible cells listed per sheet for the formula check.
const MAX_INVISIBLE: usize = 10_000;
/// Columns whose header is remembered for masking context.
const MAX_HEADER_COLS: u32 = 256;

/// The person rows of a personnel table, removed whole.
#[derive(Clone, Debug)]
pub struct TableRemoval {
    /// The table's header row, which stays.
    pub header_row: Option<u32>,
    /// The first removed row: it carries the note that rows were withheld.
    pub first_row: u32,
    pub last_row: u32,
    pub first_col: u32,
    pub last_col: u32,
    /// Another table shares these rows (figures beside a staff list): only
    /// the cells of `first_col..=last_col` go, and the rows stay.
    pub beside: bool,
    /// The detector's sentence.
    pub message: String,
}

impl TableRemoval {
    pub fn rows(&self) -> u64 {
        (self.last_row - self.first_row) as u64 + 1
    }

    /// Whether the cell is one this removal clears (beside another table).
    fn clears(&self, row: u32, col: u32) -> bool {
        self.beside
            && (self.first_row..=self.last_row).contains(&row)
            && (self.first_col..=self.last_col).contains(&col)
    }
}

/// Maps an old row (or column) index to its place once removed rows are closed up.
#[derive(Clone, Debug, Default)]
pub struct Compactor {
    ranges: Vec<(u32, u32)>,
    /// Removed indexes before each range.
    before: Vec<u64>,
}

impl Compactor {
    pub fn new(removed: &IndexSet) -> Self {
        let ranges = removed.ranges().to_vec();
        let mut before = Vec::with_capacity(ranges.len());
        let mut n = 0u64;
        for &(a, b) in &ranges {
            before.push(n);
            n += (b - a) as u64 + 1;
        }
        Compactor { ranges, before }
    }

    /// How many removed indexes lie before `i`.
    pub fn removed_before(&self, i: u32) -> u64 {
        let k = self.ranges.partition_point(|r| r.0 < i);
        if k == 0 {
            return 0;
        }
        let (a, b) = self.ranges[k - 1];
        self.before[k - 1] + (b.min(i.saturating_sub(1)) - a) as u64 + 1
    }

    /// The new index of a kept index `i`.
    pub fn map(&self, i: u32) -> u32 {
        (i as u64 - self.removed_before(i).min(i as u64)) as u32
    }

    pub fn is_removed(&self, i: u32) -> bool {
        let k = self.ranges.partition_point(|r| r.1 < i);
        self.ranges.get(k).is_some_and(|r| r.0 <= i)
    }
}

/// What pass 1 learned about one sheet, and what the copy does with it.
#[derive(Debug)]
pub struct SheetPlan {
    pub info: SheetInfo,
    pub layout: SheetLayout,
    /// Every visible row from here on is far away.
    pub far_row: Option<u32>,
    pub far_col: Option<u32>,
    pub tables: Vec<TableRemoval>,
    /// Header rows, top down, with their texts by original column: the
    /// context of the cells under each, down to the next, when masking.
    pub headers: Vec<(u32, Vec<Option<String>>)>,
    /// Rows arrived in order (a streaming writer can write them as they come).
    pub ordered: bool,
    pub cells: u64,
    /// The last column holding a visible value (original index).
    pub visible_max_col: Option<u32>,
    pub presentation: Option<Presentation>,
    /// The cell formats the copy will use on this sheet, sorted (registered
    /// up front so that sheets written in parallel number them the same way
    /// every time).
    pub formats: Vec<FormatKey>,
    /// Kept cells whose number format lost its fixed text (not a unit: see
    /// [`super::number_format`]).
    pub format_text_dropped: u64,
    /// Invisible cells (a formula copying one is masked); `None` when there
    /// were too many to list, and every reference to the sheet counts.
    pub invisible: Option<Vec<(u32, u32)>>,
    /// The scan found personal data in this sheet's hidden places (or the
    /// whole sheet is hidden and holds some): removals cite s40(2).
    pub personal: bool,
    /// Columns known as identifiers only as a whole (pupil or NHS numbers by
    /// their check characters): (column, first row, last row, kind, why);
    /// their values are masked whole.
    pub id_columns: Vec<(u32, u32, u32, &'static str, String)>,
    /// Columns of people's names (as the table profile reads them): a value
    /// there shaped like a name is masked even when no detector knows it.
    pub people_columns: Vec<PeopleColumn>,
    rows: Compactor,
    cols: Compactor,
    /// Original rows that carry a table's note.
    note_rows: IndexSet,
    table_rows: IndexSet,
}

impl SheetPlan {
    /// A visible worksheet: the only kind of sheet a copy keeps.
    pub fn keep(&self) -> bool {
        self.info.state == SheetState::Visible
            && self.info.kind == SheetKind::Worksheet
            && self.info.embedded.is_empty()
    }

    /// The new (row, column) of a cell, or `None` when the copy leaves it out.
    pub fn place(&self, row: u32, col: u32, hide: Hide) -> Option<(u32, u32)> {
        if hide.is_hidden()
            || self.layout.hidden_rows.contains(row)
            || self.layout.hidden_columns.contains(col)
            || self.far_row.is_some_and(|f| row >= f)
            || self.far_col.is_some_and(|f| col >= f)
            || self.table_rows.contains(row)
            || self.cleared(row, col)
        {
            return None;
        }
        Some((self.rows.map(row), self.cols.map(col)))
    }

    /// Whether a cell lies in a personnel table cleared beside another table.
    pub fn cleared(&self, row: u32, col: u32) -> bool {
        self.tables.iter().any(|t| t.clears(row, col))
    }

    /// The header a cell is read under: its column's, in the nearest header
    /// row above (a staff list below a count table has headers of its own).
    pub fn header(&self, row: u32, col: u32) -> Option<&str> {
        let k = self.headers.partition_point(|(r, _)| *r <= row);
        let (_, texts) = self.headers.get(k.checked_sub(1)?)?;
        texts.get(col as usize)?.as_deref()
    }

    /// Whether an original cell lies in a column of people's names.
    pub fn in_people_column(&self, row: u32, col: u32) -> bool {
        self.people_columns
            .iter()
            .any(|p| p.col == col && (p.first_row..=p.last_row).contains(&row))
    }

    /// The new index of an original row that is kept (or carries a note).
    pub fn map_row(&self, row: u32) -> u32 {
        self.rows.map(row)
    }
    pub fn map_col(&self, col: u32) -> u32 {
        self.cols.map(col)
    }
    pub fn row_removed(&self, row: u32) -> bool {
        self.rows.is_removed(row)
            || self.far_row.is_some_and(|f| row >= f)
            || self.table_rows.contains(row)
    }
    pub fn col_removed(&self, col: u32) -> bool {
        self.cols.is_removed(col) || self.far_col.is_some_and(|f| col >= f)
    }

    /// The notes that replace removed table rows: (new row, new column, original row).
    pub fn notes(&self) -> Vec<(u32, u32, u32, &TableRemoval)> {
        let far = |t: &TableRemoval| {
            self.far_row.is_some_and(|f| t.first_row >= f)
                || self.far_col.is_some_and(|f| t.first_col >= f)
        };
        let mut v: Vec<(u32, u32, u32, &TableRemoval)> = self
            .tables
            .iter()
            .filter_map(|t| {
                if t.beside {
                    // In the table's own first kept cell: the cells either
                    // side belong to the table beside it.
                    if far(t) {
                        return None;
                    }
                    let r = (t.first_row..=t.last_row).find(|&r| !self.row_removed(r))?;
                    let c = (t.first_col..=t.last_col).find(|&c| !self.col_removed(c))?;
                    return Some((self.rows.map(r), self.cols.map(c), r, t));
                }
                if !self.note_rows.contains(t.first_row) {
                    return None;
                }
                let mut c = t.first_col;
                while self.col_removed(c) && c > 0 {
                    c -= 1;
                }
                Some((self.rows.map(t.first_row), self.cols.map(c), t.first_row, t))
            })
            .collect();
        v.sort_by_key(|n| n.0);
        v
    }

    /// Merged ranges in new coordinates: those whose top-left cell is kept
    /// and that still span more than one cell.
    pub fn map_merge(&self, m: (u32, u32, u32, u32)) -> Option<(u32, u32, u32, u32)> {
        let (r1, c1, r2, c2) = m;
        if r2 < r1
            || c2 < c1
            || self.row_removed(r1)
            || self.col_removed(c1)
            || self.cleared(r1, c1)
        {
            return None;
        }
        let last_kept = |first: u32, last: u32, removed: &dyn Fn(u32) -> bool| {
            let mut l = last;
            while l > first && removed(l) {
                l -= 1;
            }
            l
        };
        let r2 = last_kept(r1, r2.min(r1.saturating_add(10_000)), &|r| {
            self.row_removed(r)
        });
        let c2 = last_kept(c1, c2.min(c1.saturating_add(1_000)), &|c| {
            self.col_removed(c)
        });
        let out = (
            self.map_row(r1),
            self.map_col(c1),
            self.map_row(r2),
            self.map_col(c2),
        );
        if out.0 == out.2 && out.1 == out.3 {
            return None;
        }
        Some(out)
    }

    /// Row heights in new coordinates (rows the copy leaves out have none).
    pub fn map_row_heights(&self, p: &Presentation) -> Vec<(u32, f64)> {
        p.row_heights
            .iter()
            .filter(|&&(r, h)| h.is_finite() && h > 0.0 && !self.row_removed(r))
            .map(|&(r, h)| (self.map_row(r), h.min(409.0)))
            .collect()
    }

    /// Column widths in new coordinates.
    pub fn map_widths(&self, p: &Presentation) -> Vec<(u32, f64)> {
        let mut out = Vec::new();
        for &(a, b, w) in &p.column_widths {
            if !(w.is_finite() && w > 0.0) {
                continue;
            }
            let last = b
                .min(16_383)
                .min(self.far_col.map_or(u32::MAX, |f| f.saturating_sub(1)));
            for c in a..=last {
                if !self.col_removed(c) {
                    out.push((self.map_col(c), w.min(255.0)));
                }
            }
        }
        out
    }

    fn finalise(&mut self) {
        let mut drop_rows = self.layout.hidden_rows.clone();
        for t in &self.tables {
            // A table far from the one a reader sees goes with the far
            // cells, without a note (the note would be far away itself).
            let far = self.far_row.is_some_and(|f| t.first_row >= f)
                || self.far_col.is_some_and(|f| t.first_col >= f);
            if t.beside {
                // Its rows stay for the table beside it; its cells go.
                continue;
            }
            if !far {
                self.note_rows.insert(t.first_row);
            }
            self.table_rows.insert_range(t.first_row, t.last_row);
            drop_rows.insert_range(t.first_row, t.last_row);
        }
        // A note keeps its row, even when that row was hidden.
        let mut kept_drop = IndexSet::default();
        for &(a, b) in drop_rows.ranges() {
            let mut start = a;
            for &(na, nb) in self.note_rows.ranges() {
                if nb < start || na > b {
                    continue;
                }
                if na > start {
                    kept_drop.insert_range(start, na - 1);
                }
                start = nb.saturating_add(1);
            }
            if start <= b && start >= a {
                kept_drop.insert_range(start, b);
            }
        }
        self.rows = Compactor::new(&kept_drop);
        self.cols = Compactor::new(&self.layout.hidden_columns);
    }
}

/// The result of pass 1 for one file.
pub struct Plan {
    pub format: Format,
    /// The scan of the input, exactly as `foiguard scan` reports it.
    pub report: FileReport,
    /// Top-level sheets in workbook order.
    pub sheets: Vec<SheetPlan>,
    by_name: HashMap<String, usize>,
    /// The workbook's defined names (a formula using one reaches its range).
    names: Names,
}

impl Plan {
    /// Scan `input` and decide what a clean copy leaves out.
    pub fn build(
        scanner: &Scanner,
        content: &ContentScanner,
        format: Format,
        input: Input<'_>,
        name: &str,
        display: &str,
    ) -> Plan {
        let planner = Planner::new(content, &scanner.policy);
        let report = scanner.scan_input_with(input, name, display, Some(&planner));
        let names = planner
            .names
            .into_inner()
            .unwrap_or_else(|p| p.into_inner());
        let mut sheets = planner
            .sheets
            .into_inner()
            .unwrap_or_else(|p| p.into_inner());
        sheets.sort_by_key(|s| s.info.index);
        // Personal data the scan found in a sheet's hidden places.
        for f in &report.findings {
            if f.hidden
                && f.embedded.is_empty()
                && crate::finding::Kind::parse(&f.kind).is_none()
                && let Some(s) = sheets
                    .iter_mut()
                    .find(|s| Some(&s.info.name) == f.sheet.as_ref())
            {
                s.personal = true;
            }
        }
        let by_name = sheets
            .iter()
            .enumerate()
            .map(|(i, s)| (s.info.name.to_lowercase(), i))
            .collect();
        Plan {
            format,
            report,
            sheets,
            by_name,
            names,
        }
    }

    /// The plan of a top-level sheet, by index and name.
    pub fn sheet(&self, info: &SheetInfo) -> Option<&SheetPlan> {
        if !info.embedded.is_empty() {
            return None;
        }
        self.sheets
            .iter()
            .find(|s| s.info.index == info.index && s.info.name == info.name)
    }

    /// The visible worksheets the copy keeps.
    pub fn kept(&self) -> impl Iterator<Item = &SheetPlan> {
        self.sheets.iter().filter(|s| s.keep())
    }

    /// Why a visible formula's cached value would copy data out of a place the
    /// copy removes, if it does. Aggregates are the caller's business.
    pub fn formula_target(&self, from: &SheetPlan, formula: &str) -> Option<String> {
        let upper = formula.to_ascii_uppercase();
        if upper.contains("INDIRECT(") || upper.contains("OFFSET(") {
            let anything_removed = self.sheets.iter().any(|s| {
                !s.keep()
                    || !s.layout.hidden_rows.is_empty()
                    || !s.layout.hidden_columns.is_empty()
                    || !s.tables.is_empty()
                    || s.far_row.is_some()
                    || s.far_col.is_some()
                    || s.invisible.as_ref().is_none_or(|v| !v.is_empty())
            });
            if anything_removed {
                return Some(
                    "a place chosen at run time (INDIRECT/OFFSET) in a workbook with removed data"
                        .into(),
                );
            }
        }
        for (r, via) in self.names.references(formula, &from.info.name) {
            let target = match self.reference_target(from, &r) {
                Some(t) => t,
                None => continue,
            };
            return Some(match via {
                Some(name) => format!("{target} (through the name {name})"),
                None => target,
            });
        }
        None
    }

    /// Why one reference reaches a place the copy removes, if it does.
    fn reference_target(
        &self,
        from: &SheetPlan,
        r: &crate::detect::structure::Reference,
    ) -> Option<String> {
        let target = match &r.sheet {
            Some(name) => match self.by_name.get(&name.to_lowercase()) {
                Some(&i) => &self.sheets[i],
                None => {
                    return Some(format!("the sheet '{name}', which the copy does not have"));
                }
            },
            None => from,
        };
        let tname = &target.info.name;
        if !target.keep() {
            return Some(format!("the removed sheet '{tname}'"));
        }
        let (r1, r2) = r.rows.unwrap_or((0, u32::MAX));
        let (c1, c2) = r.cols.unwrap_or((0, u32::MAX));
        if target.layout.hidden_rows.intersects(r1, r2) {
            return Some(format!("hidden rows on '{tname}'"));
        }
        if target.layout.hidden_columns.intersects(c1, c2) {
            return Some(format!("hidden columns on '{tname}'"));
        }
        if target.far_row.is_some_and(|f| r2 >= f) || target.far_col.is_some_and(|f| c2 >= f) {
            return Some(format!("far-away cells on '{tname}'"));
        }
        if target.table_rows.intersects(r1, r2) {
            return Some(format!("removed personnel rows on '{tname}'"));
        }
        let crosses = |t: &TableRemoval| {
            t.beside
                && r1 <= t.last_row
                && t.first_row <= r2
                && c1 <= t.last_col
                && t.first_col <= c2
        };
        if target.tables.iter().any(crosses) {
            return Some(format!("removed personnel cells on '{tname}'"));
        }
        let invisible = match &target.invisible {
            Some(v) => v
                .iter()
                .any(|&(r, c)| (r1..=r2).contains(&r) && (c1..=c2).contains(&c)),
            None => true,
        };
        if invisible {
            return Some(format!("invisible cells on '{tname}'"));
        }
        None
    }
}

// ---------------------------------------------------------------------------
// Pass 1: the planner, fed by the scan through a tee.

struct Planner<'r> {
    content: &'r ContentScanner,
    policy: &'r Policy,
    sheets: Mutex<Vec<SheetPlan>>,
    names: Mutex<Names>,
}

impl<'r> Planner<'r> {
    fn new(content: &'r ContentScanner, policy: &'r Policy) -> Self {
        Planner {
            content,
            policy,
            sheets: Mutex::new(Vec::new()),
            names: Mutex::new(Names::default()),
        }
    }
}

/// A sheet visitor that ignores everything (embedded workbooks' sheets).
pub(crate) struct Ignore;

impl SheetVisitor for Ignore {
    fn cell(&mut self, _cell: &Cell<'_>) {}
    fn finish(self: Box<Self>, _layout: SheetLayout) {}
}

impl Visitor for Planner<'_> {
    fn sheet(&self, sheet: &SheetInfo) -> Box<dyn SheetVisitor + Send + '_> {
        if !sheet.embedded.is_empty() {
            return Box::new(Ignore);
        }
        Box::new(PlanSheet {
            owner: self,
            grid: SheetGrid::new(sheet.clone()),
            table: TableAnalyzer::new(self.content),
            last_row: None,
            ordered: true,
            visible_max_col: None,
            presentation: None,
            invisible: Some(Vec::new()),
            pending_format: None,
            formats: Default::default(),
            format_text_dropped: 0,
        })
    }
    fn feature(&self, _feature: Feature) {}
    fn text(&self, _place: TextPlace<'_>, _text: &str) {}
    fn incomplete(&self, _location: &Location, _reason: &str) {}
    fn defined_name(&self, location: &Location, name: &str, refers_to: &str) {
        // The copy keeps top-level sheets only.
        if location.embedded.is_empty() {
            self.names.lock().unwrap_or_else(|p| p.into_inner()).insert(
                location.sheet.as_deref(),
                name,
                refers_to,
            );
        }
    }
}

struct PlanSheet<'p, 'r> {
    owner: &'p Planner<'r>,
    grid: SheetGrid,
    table: TableAnalyzer<'r>,
    last_row: Option<u32>,
    ordered: bool,
    visible_max_col: Option<u32>,
    presentation: Option<Presentation>,
    invisible: Option<Vec<(u32, u32)>>,
    pending_format: Option<(u32, u32, CellFormat)>,
    formats: std::collections::BTreeSet<FormatKey>,
    format_text_dropped: u64,
}

impl SheetVisitor for PlanSheet<'_, '_> {
    fn cell(&mut self, cell: &Cell<'_>) {
        if cell.value.is_blank() {
            return;
        }
        let src = match self.pending_format.take() {
            Some((r, c, f)) if r == cell.row && c == cell.col && useful_format(&f) => Some(f),
            _ => None,
        };
        if self.formats.len() < MAX_FORMATS {
            let kind = match cell.value {
                Value::Text(_) | Value::Error(_) => ValueKind::Text,
                Value::DateTime(d) => ValueKind::Date(d),
                _ => ValueKind::Other,
            };
            if let Some(k) = format_key(kind, src.as_ref()) {
                self.formats.insert(k);
            }
            if !matches!(kind, ValueKind::Text)
                && let Some(code) = src.as_ref().and_then(|f| f.num_format.as_deref())
                // (Most codes have no fixed text: no second look at them.)
                && code.contains(['"', '\\'])
                && super::number_format::releasable(code).1
            {
                self.format_text_dropped += 1;
            }
        }
        let hide = self.grid.cell(cell);
        if self.last_row.is_some_and(|l| cell.row < l) {
            self.ordered = false;
        }
        self.last_row = Some(self.last_row.map_or(cell.row, |l| l.max(cell.row)));
        if !hide.is_hidden() {
            self.visible_max_col = Some(self.visible_max_col.map_or(cell.col, |m| m.max(cell.col)));
        }
        if hide.contains(Hide::INVISIBLE)
            && let Some(v) = &mut self.invisible
        {
            if v.len() < MAX_INVISIBLE {
                v.push((cell.row, cell.col));
            } else {
                self.invisible = None;
            }
        }
        // The profile the scan's collector makes (no content scan: the scan
        // has done that), of what stays in the copy: hidden cells go anyway,
        // so a table of counts beside hidden columns of names is not a table
        // of people once they are gone. A hidden cell still counts as a cell
        // of its row (no gap that would split a table), with no value.
        let (text, number) = match cell.value {
            _ if hide.is_hidden() => (None, None),
            Value::Text(t) => (Some(t), None),
            Value::Number(n) => (None, Some(n)),
            _ => (None, None),
        };
        self.table
            .cell(cell.row, cell.col, text, number, hide.is_hidden());
    }

    fn cell_format(&mut self, row: u32, col: u32, format: &CellFormat) {
        self.pending_format = Some((row, col, format.clone()));
    }

    fn presentation(&mut self, presentation: &Presentation) {
        self.presentation = Some(presentation.clone());
    }

    fn finish(self: Box<Self>, layout: SheetLayout) {
        let PlanSheet {
            owner,
            grid,
            table,
            ordered,
            visible_max_col,
            presentation,
            invisible,
            formats,
            format_text_dropped,
            ..
        } = *self;
        let (far_row, far_col) = grid.far_start();
        let max_col = visible_max_col.unwrap_or(0).min(MAX_HEADER_COLS);
        let SheetTables {
            hits: found,
            people: people_columns,
            header_rows,
        } = table.finish_tables();
        let headers: Vec<(u32, Vec<Option<String>>)> = header_rows
            .into_iter()
            .map(|(row, mut texts)| {
                texts.truncate(max_col as usize + 1);
                (row, texts)
            })
            .collect();
        let has_header = headers.iter().any(|(_, h)| h.iter().any(Option::is_some));
        let info = grid.info.clone();
        let id_columns = found
            .iter()
            .filter(|t| ID_COLUMN_KINDS.contains(&t.kind))
            .map(|t| (t.range.1, t.range.0, t.range.2, t.kind, t.message.clone()))
            .collect();
        let mut tables = Vec::new();
        // Rows go only from tables the policy blocks: a published list of
        // senior post holders or councillors (review) keeps its posts and
        // pay, its names masked as any name is.
        let blocked = |t: &&TableHit| {
            t.kind == "personnel_records"
                && owner.policy.severity(t.kind, t.variant) == Severity::Block
        };
        for t in found.iter().filter(blocked) {
            let (r1, c1, r2, c2) = t.range;
            // People as column headers: the header row is the list of
            // people, so it goes with the rows under it.
            let keep_header = has_header && t.variant != Some("across");
            let first = if keep_header {
                r1.saturating_add(1)
            } else {
                r1
            };
            if first <= r2 {
                tables.push(TableRemoval {
                    header_row: keep_header.then_some(r1),
                    first_row: first,
                    last_row: r2,
                    first_col: c1,
                    last_col: c2,
                    beside: t.beside,
                    message: t.message.clone(),
                });
            }
        }
        let mut plan = SheetPlan {
            info,
            layout,
            far_row,
            far_col,
            tables,
            headers,
            ordered,
            cells: grid.cells,
            visible_max_col,
            presentation,
            invisible,
            formats: formats.into_iter().collect(),
            format_text_dropped,
            personal: false,
            id_columns,
            people_columns,
            rows: Compactor::default(),
            cols: Compactor::default(),
            note_rows: IndexSet::default(),
            table_rows: IndexSet::default(),
        };
        plan.finalise();
        owner
            .sheets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(plan);
    }
}

// ---------------------------------------------------------------------------
// Pass 2: what a kept cell becomes.

/// A value as the copy writes it.
#[derive(Clone, Debug, PartialEq)]
pub enum OutValue {
    Text(String),
    Number(f64),
    /// An Excel serial date-time (1900 system).
    Date(f64),
    Bool(bool),
}

/// A kept cell in the copy's coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct Kept {
    pub row: u32,
    pub col: u32,
    pub value: OutValue,
}

/// One mask made in a kept cell (or a sheet name), for the log.
#[derive(Clone, Debug)]
pub struct MaskEvent {
    pub sheet_index: usize,
    pub sheet: String,
    /// Original row and column (`None` for a sheet name).
    pub cell: Option<(u32, u32)>,
    pub kind: String,
    pub action: String,
    pub exemption: String,
    /// The masked value, already masked for the log.
    pub sample: String,
    pub detail: String,
}

/// Everything pass 2 needs to decide each cell; shared by the writers.
pub struct CellRules<'a> {
    pub plan: &'a Plan,
    pub content: &'a ContentScanner,
    pub masker: &'a Masker,
    pub policy: &'a Policy,
    exemptions: HashMap<&'static str, &'static str>,
    /// Two or more tabs are named after people: a tab per person, so a tab
    /// shaped like a name is one even when no name list knows it.
    tabs_of_people: bool,
}

/// Table findings that make a whole column identifiers (see
/// [`SheetPlan::id_columns`]).
const ID_COLUMN_KINDS: &[&str] = &["pupil_number", "nhs_number"];

/// Kinds that are worth a reviewer's look but are not identifiers: kept.
pub const NOT_MASKED: &[&str] = &["protective_marking", "small_count"];

impl<'a> CellRules<'a> {
    pub fn new(
        plan: &'a Plan,
        content: &'a ContentScanner,
        masker: &'a Masker,
        policy: &'a Policy,
    ) -> Self {
        let exemptions = content
            .rules()
            .into_iter()
            .map(|r| (r.id, r.exemption))
            .collect();
        let mut rules = CellRules {
            plan,
            content,
            masker,
            policy,
            exemptions,
            tabs_of_people: false,
        };
        let named = plan
            .kept()
            .filter(|sp| !rules.sheet_name_hits(&sp.info.name).is_empty())
            .count();
        rules.tabs_of_people = named >= crate::detect::people::TABS_OF_PEOPLE;
        rules
    }

    /// A sheet name's identifiers (as the scan reads a tab name).
    fn sheet_name_hits(&self, name: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        self.content
            .scan(name, &TextContext::field("sheet name"), &mut hits);
        hits.retain(|h| self.maskable(h));
        hits
    }

    pub fn exemption(&self, kind: &str) -> &'static str {
        self.exemptions
            .get(kind)
            .copied()
            .unwrap_or(DEFAULT_EXEMPTION)
    }

    fn maskable(&self, h: &Hit) -> bool {
        !NOT_MASKED.contains(&h.kind)
            && self.policy.content_severity(h.kind, h.strong, false) != Severity::Info
    }

    /// Mask identifiers in a piece of text; `None` when nothing is left.
    /// Each mask is recorded in `events` (with `make_event` filling in the place).
    pub fn mask_text(
        &self,
        text: &str,
        ctx: &TextContext<'_>,
        hits: &mut Vec<Hit>,
        mut event: impl FnMut(&Hit, &str),
    ) -> Option<String> {
        hits.clear();
        self.content.scan(text, ctx, hits);
        // A column header says what the table's cells are; a note further
        // down the sheet, under a category header ("Division"), may still
        // name someone: read it without the header too.
        // (A cell of several lines may have no space: "Declan\nNorthwood".)
        if text.contains([' ', '\n'])
            && text.bytes().any(|c| c.is_ascii_uppercase())
            && ctx
                .header
                .is_some_and(|h| classify_header(h).has(H::NOT_NAMES))
        {
            let mut bare = Vec::new();
            let plain = TextContext {
                header: None,
                field: ctx.field,
            };
            self.content.scan(text, &plain, &mut bare);
            for h in bare {
                if !hits.iter().any(|x| x.start < h.end && h.start < x.end) {
                    hits.push(h);
                }
            }
            hits.sort_by_key(|h| (h.start, h.end));
        }
        hits.retain(|h| self.maskable(h));
        if hits.is_empty() {
            return Some(text.to_string());
        }
        let spans: Vec<(usize, usize, &str)> = hits
            .iter()
            .map(|h| (h.start, h.end, self.exemption(h.kind)))
            .collect();
        for h in hits.iter() {
            event(h, text.get(h.start..h.end).unwrap_or(""));
        }
        let out = self.masker.mask_spans(text, &spans);
        if out.trim().is_empty() {
            None
        } else {
            Some(out)
        }
    }

    /// A number the source hides behind its format's fixed text (an
    /// officer's `[<5]"<5";0` over a 3): the copy drops the number, as it
    /// does any invisible value, and writes in its place the text the
    /// format showed ("<5"), as a text cell where the cell was. `None` for
    /// any other cell.
    pub fn shown_in_place(
        &self,
        sp: &SheetPlan,
        cell: &Cell<'_>,
        format: Option<&CellFormat>,
    ) -> Option<Kept> {
        let (Value::Number(v), true) = (cell.value, cell.hide == Hide::INVISIBLE) else {
            return None;
        };
        let code = format?.num_format.as_deref()?;
        if !crate::source::ooxml::styles::analyze_format(code).hides_number(v) {
            return None;
        }
        let shown = super::shown_value::shown_number(v, &super::number_format::releasable(code).0)?;
        if shown.trim().is_empty() {
            return None;
        }
        let (row, col) = sp.place(cell.row, cell.col, Hide::NONE)?;
        Some(Kept {
            row,
            col,
            value: OutValue::Text(shown),
        })
    }

    /// What a kept cell becomes, or `None` when the copy leaves it out
    /// (removed, blank, or masked to nothing). Masks go to `events`.
    pub fn decide(
        &self,
        sp: &SheetPlan,
        cell: &Cell<'_>,
        hits: &mut Vec<Hit>,
        events: &mut Vec<MaskEvent>,
    ) -> Option<Kept> {
        if cell.value.is_blank() && cell.formula.is_none() {
            return None;
        }
        let (row, col) = sp.place(cell.row, cell.col, cell.hide)?;
        let header = sp.header(cell.row, cell.col);
        // The header cell itself is not read in the light of itself.
        let header = header.filter(|h| cell.value.as_text().is_none_or(|t| t.trim() != h.trim()));
        // The log names the input's cell; where removed rows or columns
        // moved it, the copy's cell too.
        let moved = (row, col) != (cell.row, cell.col);
        let ev =
            |kind: &str, action: &str, exemption: &str, sample: &str, detail: String| MaskEvent {
                sheet_index: sp.info.index,
                sheet: sp.info.name.clone(),
                cell: Some((cell.row, cell.col)),
                kind: kind.to_string(),
                action: action.to_string(),
                exemption: exemption.to_string(),
                sample: mask(sample),
                detail: if moved {
                    format!("{detail} In the copy: {}.", crate::model::a1(row, col))
                } else {
                    detail
                },
            };
        if cell.value.is_blank() {
            // A formula saved with no result (openpyxl and other libraries
            // save none): the copy keeps values, so the cell stays empty,
            // and the log says so rather than losing a total in silence.
            if let Some(f) = cell.formula {
                events.push(ev(
                    "formula_without_value",
                    "left empty",
                    "",
                    f,
                    "The file holds this formula but no result for it (the program that \
                     wrote it saved none); the copy keeps values only. Open the file in Excel, \
                     save it, and redact it again to keep the result."
                        .to_string(),
                ));
            }
            return None;
        }
        let whole = |text: Option<&str>, exemption: &str| -> Option<OutValue> {
            self.masker.whole(text, exemption).map(OutValue::Text)
        };
        let shown = match cell.value {
            Value::Text(t) => t.to_string(),
            Value::Number(n) | Value::DateTime(n) => crate::redact::writer_csv::number_text(n),
            Value::Bool(b) => if b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Error(e) => e.to_string(),
        };
        if let Some(f) = cell.formula
            && !is_aggregate(f)
            && let Some(target) = self.plan.formula_target(sp, f)
        {
            events.push(ev(
                "formula_to_hidden",
                "masked formula result",
                DEFAULT_EXEMPTION,
                &shown,
                format!(
                    "The formula copies a value from {target}; only its masked result is kept."
                ),
            ));
            return whole(cell.value.as_text(), DEFAULT_EXEMPTION).map(|value| Kept {
                row,
                col,
                value,
            });
        }
        if let Some((.., kind, why)) = sp
            .id_columns
            .iter()
            .find(|c| c.0 == cell.col && (c.1..=c.2).contains(&cell.row))
            && !matches!(cell.value, Value::Bool(_))
        {
            let e = self.exemption(kind);
            events.push(ev(kind, "masked identifier", e, &shown, why.clone()));
            return whole(cell.value.as_text(), e).map(|value| Kept { row, col, value });
        }
        let value = match cell.value {
            Value::Text(t) => {
                let ctx = TextContext::cell(header);
                let out = self.mask_text(t, &ctx, hits, |h, s| {
                    events.push(ev(
                        h.kind,
                        "masked identifier",
                        self.exemption(h.kind),
                        s,
                        format!("Evidence: {}.", h.evidence_names().join(", ")),
                    ))
                })?;
                // A name no detector knows ("Kayode Balogun"), in a column
                // of names: masked as its neighbours are.
                if out == t
                    && sp.in_people_column(cell.row, cell.col)
                    && crate::detect::content::name_shape(t).is_some()
                    && !crate::detect::content::is_generic_person(t)
                {
                    let column = header.map_or(String::new(), |h| format!(" '{h}'"));
                    events.push(ev(
                        "person_name",
                        "masked identifier",
                        DEFAULT_EXEMPTION,
                        t,
                        format!("A name in the column{column}, which holds people's names."),
                    ));
                    return whole(Some(t), DEFAULT_EXEMPTION).map(|value| Kept { row, col, value });
                }
                OutValue::Text(out)
            }
            Value::Number(n) => {
                // Whole numbers under a header may be identifiers (a payroll
                // column stored as numbers): scanned as text with the
                // header's context, as the scan does; roster numbers too.
                let roster = self
                    .content
                    .roster()
                    .and_then(|r| r.number_kinds(n))
                    .is_some();
                let whole_number = n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15;
                if whole_number
                    && (roster || (header.is_some() && (100.0..1e10).contains(&n.abs())))
                {
                    let digits = format!("{}", n as i64);
                    hits.clear();
                    self.content.scan(&digits, &TextContext::cell(header), hits);
                    hits.retain(|h| self.maskable(h));
                    if let Some(h) = hits.first() {
                        let e = self.exemption(h.kind);
                        events.push(ev(
                            h.kind,
                            "masked identifier",
                            e,
                            &digits,
                            format!("Evidence: {}.", h.evidence_names().join(", ")),
                        ));
                        return whole(None, e).map(|value| Kept { row, col, value });
                    }
                }
                OutValue::Number(n)
            }
            Value::DateTime(d) => {
                if header.map(classify_header).is_some_and(|i| i.has(H::DOB)) {
                    events.push(ev(
                        "date_of_birth",
                        "masked identifier",
                        DEFAULT_EXEMPTION,
                        &shown,
                        "A date under a date-of-birth header.".into(),
                    ));
                    return whole(None, DEFAULT_EXEMPTION).map(|value| Kept { row, col, value });
                }
                OutValue::Date(d)
            }
            Value::Bool(b) => OutValue::Bool(b),
            Value::Error(e) => OutValue::Text(e.to_string()),
        };
        Some(Kept { row, col, value })
    }

    /// A sheet name for the copy, identifiers masked (`REDACTED`, since
    /// sheet names cannot hold brackets).
    pub fn sheet_name(&self, sp: &SheetPlan, events: &mut Vec<MaskEvent>) -> String {
        let name = &sp.info.name;
        let mut hits = self.sheet_name_hits(name);
        if hits.is_empty()
            && self.tabs_of_people
            && crate::detect::content::name_shape(name).is_some()
        {
            hits.push(Hit::new(
                "person_name",
                0,
                name.len(),
                &[crate::detect::content::Evidence::Table],
                true,
            ));
        }
        if hits.is_empty() {
            return name.clone();
        }
        for h in &hits {
            events.push(MaskEvent {
                sheet_index: sp.info.index,
                sheet: name.clone(),
                cell: None,
                kind: h.kind.to_string(),
                action: "masked identifier in sheet name".into(),
                exemption: self.exemption(h.kind).to_string(),
                sample: mask(name.get(h.start..h.end).unwrap_or("")),
                detail: String::new(),
            });
        }
        let m = Masker::new(super::mask::MaskMode::Label, "REDACTED");
        let spans: Vec<(usize, usize, &str)> = hits.iter().map(|h| (h.start, h.end, "")).collect();
        m.mask_spans(name, &spans)
    }
}

/// Whether a source's [`CellFormat`] says anything the copy keeps.
pub fn useful_format(f: &CellFormat) -> bool {
    f.bold
        || f.italic
        || f.wrap
        || f.align != Align::default()
        || f.fill.is_some()
        || f.num_format
            .as_deref()
            .is_some_and(|n| !n.is_empty() && n != "General")
}

/// A cell format of the copy: how the source's format looks, as far as a
/// copy keeps it (never a font colour), and a number format code.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FormatKey {
    pub bold: bool,
    pub italic: bool,
    pub wrap: bool,
    pub align: Align,
    /// A light solid fill, `0xRRGGBB`.
    pub fill: Option<u32>,
    pub code: Option<String>,
}

/// What kind of value a format is for.
#[derive(Clone, Copy, Debug)]
pub enum ValueKind {
    Text,
    /// A serial date-time.
    Date(f64),
    /// Numbers and booleans.
    Other,
}

/// The format a kept cell gets in the copy (`None`: the default), from its
/// kind of value and the source's format: text keeps no number format, a
/// date without a format of its own gets an ISO date format.
pub fn format_key(kind: ValueKind, src: Option<&CellFormat>) -> Option<FormatKey> {
    let mut code = src
        .and_then(|f| f.num_format.as_deref())
        .filter(|c| !c.is_empty() && *c != "General")
        .map(|c| super::number_format::releasable(c).0)
        .filter(|c| c != "General");
    match kind {
        ValueKind::Date(d) if code.is_none() => code = Some(default_date_format(d).to_string()),
        ValueKind::Text => code = None,
        _ => {}
    }
    let key = FormatKey {
        bold: src.is_some_and(|f| f.bold),
        italic: src.is_some_and(|f| f.italic),
        wrap: src.is_some_and(|f| f.wrap),
        align: src.map(|f| f.align).unwrap_or_default(),
        fill: src.and_then(|f| f.fill),
        code,
    };
    (key != FormatKey::default()).then_some(key)
}

/// A date format for a serial date-time without one of its own.
pub fn default_date_format(serial: f64) -> &'static str {
    if serial.fract() == 0.0 {
        "yyyy-mm-dd"
    } else if serial < 1.0 {
        "hh:mm:ss"
    } else {
        "yyyy-mm-dd hh:mm:ss"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compactor_closes_up_removed_rows() {
        let mut s = IndexSet::default();
        s.insert_range(2, 4);
        s.insert(7);
        let c = Compactor::new(&s);
        assert_eq!(c.map(0), 0);
        assert_eq!(c.map(1), 1);
        assert_eq!(c.map(5), 2);
        assert_eq!(c.map(6), 3);
        assert_eq!(c.map(8), 4);
        assert_eq!(c.removed_before(3), 1);
        assert_eq!(c.removed_before(100), 4);
        assert!(c.is_removed(3) && c.is_removed(7) && !c.is_removed(6));
        assert_eq!(Compactor::default().map(42), 42);
    }

    fn plan_with(hidden: &[u32], table: Option<(u32, u32)>) -> SheetPlan {
        plan_far(hidden, table, None)
    }

    fn plan_far(hidden: &[u32], table: Option<(u32, u32)>, far_row: Option<u32>) -> SheetPlan {
        let mut layout = SheetLayout::default();
        for &h in hidden {
            layout.hidden_rows.insert(h);
        }
        let mut p = SheetPlan {
            info: SheetInfo {
                index: 0,
                name: "S".into(),
                state: SheetState::Visible,
                kind: SheetKind::Worksheet,
                part: None,
                embedded: vec![],
            },
            layout,
            far_row,
            far_col: None,
            tables: table
                .map(|(a, b)| TableRemoval {
                    header_row: Some(a - 1),
                    first_row: a,
                    last_row: b,
                    first_col: 0,
                    last_col: 3,
                    beside: false,
                    message: String::new(),
                })
                .into_iter()
                .collect(),
            headers: vec![],
            ordered: true,
            cells: 0,
            visible_max_col: Some(3),
            presentation: None,
            invisible: Some(vec![]),
            formats: vec![],
            format_text_dropped: 0,
            personal: false,
            id_columns: Vec::new(),
            people_columns: Vec::new(),
            rows: Compactor::default(),
            cols: Compactor::default(),
            note_rows: IndexSet::default(),
            table_rows: IndexSet::default(),
        };
        p.finalise();
        p
    }

    #[test]
    fn a_table_leaves_one_note_row_even_when_its_first_row_was_hidden() {
        // Header at 0, person rows 1-12 (row 1 hidden too), data again at 13.
        let p = plan_with(&[1, 20], Some((1, 12)));
        assert_eq!(p.place(0, 0, Hide::NONE), Some((0, 0)));
        assert_eq!(p.place(5, 0, Hide::NONE), None);
        let notes = p.notes();
        assert_eq!(notes.len(), 1);
        assert_eq!(
            (notes[0].0, notes[0].1),
            (1, 0),
            "the note sits under the header"
        );
        assert_eq!(
            p.place(13, 2, Hide::NONE),
            Some((2, 2)),
            "the next row follows the note"
        );
        assert_eq!(p.place(20, 0, Hide::NONE), None);
        assert_eq!(p.place(21, 0, Hide::NONE), Some((9, 0)));
        // A table far below what a reader sees goes with the far cells and
        // leaves no note (a note there would be far away itself).
        let p = plan_far(&[], Some((601, 615)), Some(600));
        assert!(p.notes().is_empty());
        assert_eq!(p.place(601, 0, Hide::NONE), None);
        // Without a table, hidden rows simply close up.
        let p = plan_with(&[1, 2], None);
        assert_eq!(p.place(3, 1, Hide::NONE), Some((1, 1)));
        assert_eq!(p.place(0, 1, Hide::ROW), None);
    }

    #[test]
    fn a_table_beside_another_loses_its_cells_not_its_rows() {
        // Figures in A:B (columns 0-1), a staff list in E:H (4-7), rows 1-10.
        let mut p = plan_with(&[], None);
        p.visible_max_col = Some(7);
        p.tables.push(TableRemoval {
            header_row: Some(0),
            first_row: 1,
            last_row: 10,
            first_col: 4,
            last_col: 7,
            beside: true,
            message: String::new(),
        });
        p.finalise();
        assert_eq!(
            p.place(5, 1, Hide::NONE),
            Some((5, 1)),
            "the figures stay put"
        );
        assert_eq!(p.place(5, 4, Hide::NONE), None);
        assert_eq!(p.place(10, 7, Hide::NONE), None);
        assert_eq!(p.place(11, 4, Hide::NONE), Some((11, 4)));
        assert_eq!(p.place(0, 4, Hide::NONE), Some((0, 4)), "the header stays");
        let notes = p.notes();
        assert_eq!(notes.len(), 1);
        assert_eq!(
            (notes[0].0, notes[0].1),
            (1, 4),
            "the note sits in the list's first cell"
        );
        assert_eq!(
            p.map_merge((2, 5, 3, 6)),
            None,
            "a merge inside the list goes"
        );
        assert_eq!(p.map_merge((2, 0, 3, 1)), Some((2, 0, 3, 1)));
        // With the list's first column and first row hidden, the note moves
        // right and down inside the list, never onto the figures.
        p.layout.hidden_columns.insert(4);
        p.layout.hidden_rows.insert(1);
        p.finalise();
        let notes = p.notes();
        assert_eq!((notes[0].0, notes[0].1, notes[0].2), (1, 4, 2), "{notes:?}");
        assert_eq!(p.place(2, 1, Hide::NONE), Some((1, 1)));
    }
}
