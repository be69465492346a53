//! Structural detection on the cell grid: which cells sit in hidden rows,
//! columns, filters, collapsed groups, invisible formatting or far away from
//! the table a reader sees, and which visible formulas reach into hidden places.
//! Works on any format: it sees only [`Cell`]s and [`SheetLayout`]s.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::finding::Kind;
use crate::model::{
    Cell, Hide, IndexSet, SheetInfo, SheetLayout, SheetState, column_name, parse_a1,
};
use crate::numbers::{count, thousands};

/// Rows of blank space after which data counts as "far away" (a screen
/// shows about 40 rows; 100 blank rows means someone scrolled on purpose).
pub const FAR_ROW_GAP: u32 = 100;
/// Columns of blank space after which data counts as "far away".
pub const FAR_COL_GAP: u32 = 20;
/// Most visible formulas remembered per sheet for the hidden-reference check.
const MAX_FORMULAS: usize = 200_000;

/// Cells of one category of hiding (e.g. hidden rows): how many, and where.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub cells: u64,
    pub rows: IndexSet,
    pub cols: IndexSet,
    pub first: Option<(u32, u32)>,
}

impl Tally {
    fn add(&mut self, row: u32, col: u32) {
        self.cells += 1;
        self.rows.insert(row);
        self.cols.insert(col);
        if self.first.is_none() {
            self.first = Some((row, col));
        }
    }
}

/// A structural observation about one sheet, ready to become a finding.
#[derive(Clone, Debug)]
pub struct GridFinding {
    pub kind: Kind,
    pub variant: Option<&'static str>,
    pub cell: Option<String>,
    pub count: u64,
    pub message: String,
}

/// Follows one sheet's cells as they stream past.
#[derive(Debug)]
pub struct SheetGrid {
    pub info: SheetInfo,
    pub cells: u64,
    hidden_rows: Tally,
    collapsed_rows: Tally,
    filtered_rows: Tally,
    hidden_cols: Tally,
    collapsed_cols: Tally,
    invisible: Tally,
    // far-away tracking (visible cells only)
    last_visible_row: Option<u32>,
    in_far_rows: bool,
    far_rows: Tally,
    col_counts: Vec<u64>,
    formulas: Vec<(u32, u32, String)>,
}

impl SheetGrid {
    pub fn new(info: SheetInfo) -> Self {
        SheetGrid {
            info,
            cells: 0,
            hidden_rows: Tally::default(),
            collapsed_rows: Tally::default(),
            filtered_rows: Tally::default(),
            hidden_cols: Tally::default(),
            collapsed_cols: Tally::default(),
            invisible: Tally::default(),
            last_visible_row: None,
            in_far_rows: false,
            far_rows: Tally::default(),
            col_counts: Vec::new(),
            formulas: Vec::new(),
        }
    }

    /// True when a reader would not see this cell because of where it is
    /// (its sheet, row or column, or because it is far away).
    /// Returns the cell's hide flags with FAR_AWAY added when it lies beyond
    /// the row gap.
    pub fn cell(&mut self, cell: &Cell<'_>) -> Hide {
        self.cells += 1;
        let mut hide = cell.hide;
        let (r, c) = (cell.row, cell.col);
        if hide.intersects(Hide::SHEET) {
            return hide; // the hidden_sheet finding covers it
        }
        if hide.contains(Hide::ROW) {
            if hide.contains(Hide::FILTERED) {
                self.filtered_rows.add(r, c);
            } else if hide.contains(Hide::COLLAPSED) {
                self.collapsed_rows.add(r, c);
            } else {
                self.hidden_rows.add(r, c);
            }
        }
        if hide.contains(Hide::COLUMN) {
            if hide.contains(Hide::COLLAPSED) && !hide.contains(Hide::ROW) {
                self.collapsed_cols.add(r, c);
            } else {
                self.hidden_cols.add(r, c);
            }
        }
        if hide.contains(Hide::INVISIBLE) {
            self.invisible.add(r, c);
        }
        if !hide.intersects(Hide::ROW | Hide::COLUMN) {
            // Far-away rows: a blank gap of FAR_ROW_GAP rows after the block
            // a reader sees first. Rows arrive in order for streaming formats.
            if let Some(last) = self.last_visible_row
                && r > last.saturating_add(FAR_ROW_GAP)
            {
                self.in_far_rows = true;
            }
            if self.last_visible_row.is_none_or(|l| r > l) {
                self.last_visible_row = Some(r);
            }
            if self.in_far_rows {
                self.far_rows.add(r, c);
                hide.insert(Hide::FAR_AWAY);
            } else if (c as usize) < 16_384 {
                if self.col_counts.len() <= c as usize {
                    self.col_counts.resize(c as usize + 1, 0);
                }
                self.col_counts[c as usize] += 1;
            }
            if let Some(f) = cell.formula
                && self.formulas.len() < MAX_FORMULAS
                && formula_may_reference(f)
            {
                self.formulas.push((r, c, f.to_string()));
            }
        }
        hide
    }

    /// The findings for this sheet's grid, once every cell has been seen.
    pub fn finish(&self) -> Vec<GridFinding> {
        let mut out = Vec::new();
        if self.info.state != SheetState::Visible {
            return out;
        }
        // "1 hidden row holds", "3 hidden rows hold".
        let rows_msg = |t: &Tally, one: &str, many: &str| {
            let n = t.rows.len();
            format!(
                "{} {} {} {} with values (rows {}).",
                thousands(n),
                if n == 1 { one } else { many },
                if n == 1 { "holds" } else { "hold" },
                count(t.cells, "cell", "cells"),
                describe_rows(&t.rows)
            )
        };
        let cols_msg = |t: &Tally, one: &str, many: &str| {
            let n = t.cols.len();
            format!(
                "{} {} {} {} with values (columns {}).",
                thousands(n),
                if n == 1 { one } else { many },
                if n == 1 { "holds" } else { "hold" },
                count(t.cells, "cell", "cells"),
                describe_cols(&t.cols)
            )
        };
        if self.hidden_rows.cells > 0 {
            out.push(GridFinding {
                kind: Kind::HiddenRows,
                variant: None,
                cell: Some(row_span(&self.hidden_rows.rows)),
                count: self.hidden_rows.cells,
                message: rows_msg(&self.hidden_rows, "hidden row", "hidden rows"),
            });
        }
        if self.collapsed_rows.cells > 0 {
            out.push(GridFinding {
                kind: Kind::HiddenRows,
                variant: Some("collapsed"),
                cell: Some(row_span(&self.collapsed_rows.rows)),
                count: self.collapsed_rows.cells,
                message: rows_msg(
                    &self.collapsed_rows,
                    "row hidden in a collapsed outline group",
                    "rows hidden in a collapsed outline group",
                ),
            });
        }
        if self.filtered_rows.cells > 0 {
            out.push(GridFinding {
                kind: Kind::FilteredRows,
                variant: None,
                cell: Some(row_span(&self.filtered_rows.rows)),
                count: self.filtered_rows.cells,
                message: rows_msg(
                    &self.filtered_rows,
                    "row hidden by an active filter",
                    "rows hidden by an active filter",
                ),
            });
        }
        if self.hidden_cols.cells > 0 {
            out.push(GridFinding {
                kind: Kind::HiddenColumns,
                variant: None,
                cell: Some(col_span(&self.hidden_cols.cols)),
                count: self.hidden_cols.cells,
                message: cols_msg(&self.hidden_cols, "hidden column", "hidden columns"),
            });
        }
        if self.collapsed_cols.cells > 0 {
            out.push(GridFinding {
                kind: Kind::HiddenColumns,
                variant: Some("collapsed"),
                cell: Some(col_span(&self.collapsed_cols.cols)),
                count: self.collapsed_cols.cells,
                message: cols_msg(
                    &self.collapsed_cols,
                    "column hidden in a collapsed outline group",
                    "columns hidden in a collapsed outline group",
                ),
            });
        }
        if self.invisible.cells > 0 {
            let (r, c) = self.invisible.first.unwrap_or((0, 0));
            out.push(GridFinding {
                kind: Kind::InvisibleText,
                variant: None,
                cell: Some(crate::model::a1(r, c)),
                count: self.invisible.cells,
                message: format!(
                    "{} {} values a reader cannot see (font colour matching the fill, a number format showing nothing or fixed text such as \"<5\" in their place, a tiny font, or a merged cell covering them), first at {}.",
                    count(self.invisible.cells, "cell", "cells"),
                    if self.invisible.cells == 1 { "holds" } else { "hold" },
                    crate::model::a1(r, c)
                ),
            });
        }
        if let Some(f) = self.far_away() {
            out.push(f);
        }
        out
    }

    fn far_away(&self) -> Option<GridFinding> {
        // Columns beyond a blank gap of FAR_COL_GAP columns.
        let mut far_cols = Tally::default();
        let mut last_used: Option<usize> = None;
        let mut beyond = false;
        for (c, &n) in self.col_counts.iter().enumerate() {
            if n == 0 {
                continue;
            }
            if let Some(l) = last_used
                && c > l + FAR_COL_GAP as usize
            {
                beyond = true;
            }
            last_used = Some(c);
            if beyond {
                far_cols.cells += n;
                far_cols.cols.insert(c as u32);
            }
        }
        let cells = far_cols.cells + self.far_rows.cells;
        if cells == 0 {
            return None;
        }
        let mut parts = Vec::new();
        if self.far_rows.cells > 0 {
            parts.push(format!("rows {}", describe_rows(&self.far_rows.rows)));
        }
        if far_cols.cells > 0 {
            parts.push(format!("columns {}", describe_cols(&far_cols.cols)));
        }
        let cell = match self.far_rows.first {
            Some((r, c)) => crate::model::a1(r, c),
            None => col_span(&far_cols.cols),
        };
        Some(GridFinding {
            kind: Kind::FarAwayData,
            variant: None,
            cell: Some(cell),
            count: cells,
            message: format!(
                "{} far outside the table a reader sees ({}), where nobody scrolls.",
                if cells == 1 {
                    "1 cell lies".to_string()
                } else {
                    format!("{} lie", count(cells, "cell", "cells"))
                },
                parts.join(" and ")
            ),
        })
    }

    /// Where far-away data starts (first far row, first far column), by the
    /// same rules as the `far_away_data` finding: every visible row from the
    /// first far row on, and every column from the first far column on, is
    /// far away. For `redact`, which drops them.
    pub fn far_start(&self) -> (Option<u32>, Option<u32>) {
        let row = self.far_rows.first.map(|(r, _)| r);
        let mut last_used: Option<usize> = None;
        let mut col = None;
        for (c, &n) in self.col_counts.iter().enumerate() {
            if n == 0 {
                continue;
            }
            if last_used.is_some_and(|l| c > l + FAR_COL_GAP as usize) {
                col = Some(c as u32);
                break;
            }
            last_used = Some(c);
        }
        (row, col)
    }

    /// The visible formulas worth checking for references into hidden places.
    pub fn formulas(&self) -> &[(u32, u32, String)] {
        &self.formulas
    }
}

/// `5–16, 20` style list of 1-based rows, shortened after a few ranges.
pub fn describe_rows(set: &IndexSet) -> String {
    describe(set, |i| (i as u64 + 1).to_string())
}

/// `C–D, F` style list of column letters, shortened after a few ranges.
pub fn describe_cols(set: &IndexSet) -> String {
    describe(set, column_name)
}

fn describe(set: &IndexSet, name: impl Fn(u32) -> String) -> String {
    let ranges = set.ranges();
    let mut parts: Vec<String> = ranges
        .iter()
        .take(4)
        .map(|&(a, b)| {
            if a == b {
                name(a)
            } else {
                format!("{}–{}", name(a), name(b))
            }
        })
        .collect();
    if ranges.len() > 4 {
        parts.push(format!(
            "and {} more ranges",
            thousands((ranges.len() - 4) as u64)
        ));
    }
    parts.join(", ")
}

/// `5:16` — the span from the first to the last row, 1-based, Excel style.
fn row_span(set: &IndexSet) -> String {
    let r = set.ranges();
    match (r.first(), r.last()) {
        (Some(a), Some(b)) => format!("{}:{}", a.0 + 1, b.1 + 1),
        _ => String::new(),
    }
}

/// `C:D` — the span from the first to the last column, Excel style.
fn col_span(set: &IndexSet) -> String {
    let r = set.ranges();
    match (r.first(), r.last()) {
        (Some(a), Some(b)) => format!("{}:{}", column_name(a.0), column_name(b.1)),
        _ => String::new(),
    }
}

/// A cheap check before the regex: does the formula contain anything that
/// could be a cell or sheet reference, or a defined name (a word not
/// followed by `(`)?
fn formula_may_reference(f: &str) -> bool {
    let b = f.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || c == b'!' || c == b':' {
            return true;
        }
        if c.is_ascii_alphabetic() || c == b'_' || c == b'\\' || c >= 0x80 {
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || b"_.\\?".contains(&b[i]) || b[i] >= 0x80)
            {
                if b[i].is_ascii_digit() {
                    return true;
                }
                i += 1;
            }
            if b.get(i) != Some(&b'(') {
                return true;
            }
            continue;
        }
        i += 1;
    }
    false
}

static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)
        (?: (?: '(?P<qs>(?:[^']|'')+)' | (?P<s>[\p{L}\p{N}_.]+) ) ! )?
        (?P<r>
            \$?[A-Za-z]{1,3}\$?[0-9]{1,7} (?: :\$?[A-Za-z]{1,3}\$?[0-9]{1,7} )?
          | \$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}
          | \$?[0-9]{1,7}:\$?[0-9]{1,7}
        )
        (?P<after>[A-Za-z0-9_(]?)
        "#,
    )
    .unwrap_or_else(|e| panic!("reference regex: {e}"))
});

/// Functions whose result summarises a range rather than copying a value.
const AGGREGATES: &[&str] = &[
    "SUM",
    "SUMIF",
    "SUMIFS",
    "SUMPRODUCT",
    "COUNT",
    "COUNTA",
    "COUNTIF",
    "COUNTIFS",
    "COUNTBLANK",
    "AVERAGE",
    "AVERAGEA",
    "AVERAGEIF",
    "AVERAGEIFS",
    "SUBTOTAL",
    "AGGREGATE",
    "MIN",
    "MAX",
    "MEDIAN",
    "ROWS",
    "COLUMNS",
];

/// True when the whole formula is one aggregate call (`SUM(...)`), whose
/// result reveals a total rather than a value from the hidden place.
pub fn is_aggregate(formula: &str) -> bool {
    let f = formula
        .trim()
        .trim_start_matches('=')
        .trim_start_matches('+');
    let name: String = f
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '_')
        .collect();
    let upper = name.to_ascii_uppercase();
    let bare = upper.trim_start_matches("_XLFN.");
    AGGREGATES.contains(&bare) && f[name.len()..].starts_with('(') && f.trim_end().ends_with(')')
}

/// The string literals written in a formula (`""` inside one is a quote).
///
/// ```
/// use foiguard::detect::structure::string_literals;
/// assert_eq!(
///     string_literals(r#"=IF(FALSE,"PC Hendry ""PH"" 4521",1835)&"x""#),
///     ["PC Hendry \"PH\" 4521", "x"]
/// );
/// ```
pub fn string_literals(formula: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = formula.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut lit = String::new();
        while let Some(c) = chars.next() {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    lit.push('"');
                    continue;
                }
                break;
            }
            lit.push(c);
        }
        out.push(lit);
    }
    out
}

/// One reference found in a formula: an optional sheet name and a range of
/// 0-based rows and columns (`None` for whole rows/columns).
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub sheet: Option<String>,
    pub rows: Option<(u32, u32)>,
    pub cols: Option<(u32, u32)>,
}

/// Find the cell and sheet references in a formula (string literals skipped).
///
/// ```
/// use foiguard::detect::structure::references;
/// let r = references("SUM('Officer list'!B2:B900)+A1");
/// assert_eq!(r[0].sheet.as_deref(), Some("Officer list"));
/// assert_eq!(r[0].rows, Some((1, 899)));
/// assert_eq!(r[1].sheet, None);
/// ```
pub fn references(formula: &str) -> Vec<Reference> {
    // Blank out string literals so "A1" inside quotes is not a reference.
    let mut cleaned = String::with_capacity(formula.len());
    let mut in_str = false;
    for ch in formula.chars() {
        if ch == '"' {
            in_str = !in_str;
            cleaned.push(' ');
        } else if in_str {
            cleaned.push(' ');
        } else {
            cleaned.push(ch);
        }
    }
    let mut out = Vec::new();
    for cap in REFERENCE.captures_iter(&cleaned) {
        if cap.name("after").is_some_and(|m| !m.as_str().is_empty()) {
            continue; // part of a name or a function call such as LOG10(
        }
        let whole = cap.get(0).map(|m| m.start()).unwrap_or(0);
        if whole > 0 {
            let prev = cleaned[..whole].chars().next_back();
            if prev.is_some_and(|p| p.is_alphanumeric() || p == '_' || p == '.' || p == ']') {
                continue; // external [1]Sheet!A1 or inside a longer name
            }
        }
        let sheet = cap
            .name("qs")
            .map(|m| m.as_str().replace("''", "'"))
            .or_else(|| cap.name("s").map(|m| m.as_str().to_string()));
        let r = cap.name("r").map(|m| m.as_str()).unwrap_or("");
        let (a, b) = r.split_once(':').unwrap_or((r, r));
        let reference = match (parse_a1(a), parse_a1(b)) {
            (Some((r1, c1)), Some((r2, c2))) => Reference {
                sheet,
                rows: Some((r1.min(r2), r1.max(r2))),
                cols: Some((c1.min(c2), c1.max(c2))),
            },
            _ => {
                let a = a.trim_start_matches('$');
                let b = b.trim_start_matches('$');
                if let (Ok(x), Ok(y)) = (a.parse::<u32>(), b.parse::<u32>()) {
                    if x == 0 || y == 0 {
                        continue;
                    }
                    Reference {
                        sheet,
                        rows: Some((x.min(y) - 1, x.max(y) - 1)),
                        cols: None,
                    }
                } else {
                    match (col_index(a), col_index(b)) {
                        (Some(x), Some(y)) => Reference {
                            sheet,
                            rows: None,
                            cols: Some((x.min(y), x.max(y))),
                        },
                        _ => continue,
                    }
                }
            }
        };
        out.push(reference);
    }
    out
}

fn col_index(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let mut n: u32 = 0;
    for b in s.bytes() {
        n = n * 26 + (b.to_ascii_uppercase() - b'A' + 1) as u32;
    }
    if n == 0 || n > 16_384 {
        None
    } else {
        Some(n - 1)
    }
}

/// What the hidden-reference check knows about each sheet of a file.
#[derive(Default)]
pub struct SheetMap {
    by_name: HashMap<String, (SheetState, SheetLayout)>,
}

impl SheetMap {
    pub fn insert(&mut self, name: &str, state: SheetState, layout: SheetLayout) {
        self.by_name.insert(name.to_lowercase(), (state, layout));
    }

    /// Why a reference from a visible formula on `from_sheet` reaches a
    /// hidden place, if it does.
    pub fn hidden_target(&self, from_sheet: &str, r: &Reference) -> Option<String> {
        let target = r.sheet.as_deref().unwrap_or(from_sheet);
        let (state, layout) = self.by_name.get(&target.to_lowercase())?;
        match state {
            SheetState::VeryHidden => return Some(format!("the very hidden sheet '{target}'")),
            SheetState::Hidden => return Some(format!("the hidden sheet '{target}'")),
            SheetState::Visible => {}
        }
        if let Some((a, b)) = r.rows {
            if layout.hidden_rows.intersects(a, b) && r.cols.is_some() {
                return Some(format!("hidden rows on '{target}'"));
            }
            if layout.hidden_rows.intersects(a, b) && r.cols.is_none() {
                return Some(format!("hidden rows on '{target}'"));
            }
        }
        if let Some((a, b)) = r.cols
            && layout.hidden_columns.intersects(a, b)
        {
            return Some(format!("hidden columns on '{target}'"));
        }
        None
    }
}

/// Where a chart's cached values come from, as its series references say.
#[derive(Clone, Debug, PartialEq)]
pub enum ChartSource {
    /// Every range is on a visible sheet of the workbook, with no hidden
    /// row or column in it: the ranges hold this many cells.
    Visible(u64),
    /// A range reaches a hidden place (the text says which).
    Hidden(String),
    /// It cannot be told: another workbook, a defined name, a whole row
    /// or column, a sheet the file does not have.
    Unknown,
}

/// A chart series reference made only of plain ranges on named sheets:
/// `Sheet1!$A$2:$A$6`, `('My sheet'!$B$2,'My sheet'!$B$4:$B$5)`.
static PLAIN_RANGES: LazyLock<Regex> = LazyLock::new(|| {
    let r = r"(?:'(?:[^']|'')+'|[\p{L}_][\p{L}\p{N}_.]*)!\$?[A-Za-z]{1,3}\$?[0-9]{1,7}(?::\$?[A-Za-z]{1,3}\$?[0-9]{1,7})?";
    Regex::new(&format!(r"^\(?\s*{r}(?:\s*,\s*{r})*\s*\)?$")).expect("valid regex")
});

impl SheetMap {
    /// Where the values of one chart series reference (`<c:f>`) come from.
    ///
    /// ```
    /// use foiguard::detect::structure::{ChartSource, SheetMap};
    /// use foiguard::model::{SheetLayout, SheetState};
    /// let mut map = SheetMap::default();
    /// map.insert("Sheet1", SheetState::Visible, SheetLayout::default());
    /// assert_eq!(map.chart_source("Sheet1!$A$1:$B$5"), ChartSource::Visible(10));
    /// assert_eq!(map.chart_source("[1]Sheet1!$A$1"), ChartSource::Unknown);
    /// assert_eq!(map.chart_source("Staff!$A$1"), ChartSource::Unknown);
    /// ```
    pub fn chart_source(&self, formula: &str) -> ChartSource {
        let f = formula.trim().trim_start_matches('=').trim();
        if !PLAIN_RANGES.is_match(f) {
            return ChartSource::Unknown;
        }
        let refs = references(f);
        if refs.is_empty() {
            return ChartSource::Unknown;
        }
        let mut cells = 0u64;
        for r in &refs {
            let (Some(sheet), Some((r1, r2)), Some((c1, c2))) = (&r.sheet, r.rows, r.cols) else {
                return ChartSource::Unknown;
            };
            if !self.by_name.contains_key(&sheet.to_lowercase()) {
                return ChartSource::Unknown;
            }
            if let Some(why) = self.hidden_target(sheet, r) {
                return ChartSource::Hidden(why);
            }
            cells = cells.saturating_add(u64::from(r2 - r1 + 1) * u64::from(c2 - c1 + 1));
        }
        ChartSource::Visible(cells)
    }
}

/// Most defined names followed from one formula (names inside names included).
const MAX_NAME_STEPS: usize = 64;

/// The defined names of one workbook and what they refer to, so that a
/// formula using a name (`VLOOKUP(A2,StaffList,2,FALSE)`) is checked as if it
/// used the range itself. A sheet-scoped name shadows a workbook name on its
/// sheet; `Sheet!Name` picks the name of that sheet. Names that are
/// constants, `#REF!` or in other workbooks give no reference.
///
/// ```
/// use foiguard::detect::structure::Names;
/// let mut names = Names::default();
/// names.insert(None, "StaffList", "Hidden!$A$1:$D$100");
/// let r = names.references("VLOOKUP(A2,StaffList,2,FALSE)", "Summary");
/// assert_eq!(r.len(), 2);
/// assert_eq!(r[1].0.sheet.as_deref(), Some("Hidden"));
/// assert_eq!(r[1].1.as_deref(), Some("StaffList"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Names {
    /// (lower-cased scope sheet, `None` for the workbook; lower-cased name)
    /// -> (name as written, refers-to text).
    map: HashMap<(Option<String>, String), (String, String)>,
}

impl Names {
    /// Add a name; `scope` is the sheet of a sheet-scoped name.
    pub fn insert(&mut self, scope: Option<&str>, name: &str, refers_to: &str) {
        let scope = scope.map(str::to_lowercase);
        let value = refers_to.trim().trim_start_matches('=').to_string();
        let lower = name.to_lowercase();
        // `_xlnm.Print_Area` may be written `Print_Area` in a formula.
        if let Some(short) = lower.strip_prefix("_xlnm.") {
            self.map
                .entry((scope.clone(), short.to_string()))
                .or_insert_with(|| (name.to_string(), value.clone()));
        }
        self.map.insert((scope, lower), (name.to_string(), value));
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    fn lookup(&self, sheet: &str, name: &str) -> Option<(bool, &(String, String))> {
        let lower = name.to_lowercase();
        if let Some(v) = self.map.get(&(Some(sheet.to_lowercase()), lower.clone())) {
            return Some((true, v));
        }
        self.map.get(&(None, lower)).map(|v| (false, v))
    }

    /// The references of a formula on sheet `from_sheet`: its own (with
    /// `None`), then those reached through the defined names it uses and
    /// names inside those (with the name as the formula writes it).
    pub fn references(&self, formula: &str, from_sheet: &str) -> Vec<(Reference, Option<String>)> {
        let mut out: Vec<(Reference, Option<String>)> =
            references(formula).into_iter().map(|r| (r, None)).collect();
        if self.map.is_empty() {
            return out;
        }
        let mut seen: Vec<(bool, String, String)> = Vec::new();
        // (text, the sheet its bare names are looked up on, the name used by the formula)
        let mut work: Vec<(String, String, Option<String>)> =
            vec![(formula.to_string(), from_sheet.to_string(), None)];
        while let Some((text, scope, via)) = work.pop() {
            for (qualifier, token) in name_tokens(&text) {
                if seen.len() >= MAX_NAME_STEPS {
                    return out;
                }
                let sheet = qualifier.as_deref().unwrap_or(&scope);
                let Some((local, (written, value))) = self.lookup(sheet, &token) else {
                    continue;
                };
                let key = (local, sheet.to_lowercase(), written.to_lowercase());
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                let via = via.clone().unwrap_or_else(|| written.clone());
                for r in references(value) {
                    if r.sheet.as_deref().is_some_and(|s| s.contains(']')) {
                        continue; // another workbook
                    }
                    out.push((r, Some(via.clone())));
                }
                let inner_scope = if local {
                    sheet.to_string()
                } else {
                    scope.clone()
                };
                work.push((value.clone(), inner_scope, Some(via)));
            }
        }
        out
    }
}

/// Words of a formula that may be defined names, with the sheet that
/// qualifies them (`Sheet!Name`): not functions, numbers, string contents or
/// names in other workbooks.
fn name_tokens(formula: &str) -> Vec<(Option<String>, String)> {
    let word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | '\\' | '?');
    let chars: Vec<char> = formula.chars().collect();
    let mut out = Vec::new();
    let mut qualifier: Option<String> = None;
    let mut external = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            i = crate::model::skip_formula_string(&chars, i);
            qualifier = None;
            external = false;
            continue;
        }
        if c == '\'' {
            let (name, next) = crate::model::read_quoted_name(&chars, i);
            i = next;
            if chars.get(i) == Some(&'!') {
                external |= name.contains(']');
                qualifier = Some(name);
                i += 1;
            }
            continue;
        }
        if c == '[' {
            // `[1]Sheet!Name` (another workbook) or `Table[Column]`.
            let after_word = i > 0 && word(chars[i - 1]);
            let mut depth = 0usize;
            while i < chars.len() {
                match chars[i] {
                    '[' => depth += 1,
                    ']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            i += 1;
            external = !after_word;
            qualifier = None;
            if external && chars.get(i) == Some(&'!') {
                i += 1; // `[1]!Name`
            }
            continue;
        }
        if word(c) {
            let start = i;
            while i < chars.len() && word(chars[i]) {
                i += 1;
            }
            let token: String = chars[start..i].iter().collect();
            match chars.get(i) {
                Some('!') => {
                    qualifier = Some(token);
                    i += 1;
                    continue;
                }
                Some('(') => {}
                _ if c.is_ascii_digit() || external => {}
                _ => out.push((qualifier.clone(), token)),
            }
            qualifier = None;
            external = false;
            continue;
        }
        qualifier = None;
        external = false;
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SheetKind, Value};

    fn info() -> SheetInfo {
        SheetInfo {
            index: 0,
            name: "S".into(),
            state: SheetState::Visible,
            kind: SheetKind::Worksheet,
            part: None,
            embedded: vec![],
        }
    }

    fn cell(row: u32, col: u32, hide: Hide) -> Cell<'static> {
        Cell {
            row,
            col,
            value: Value::Text("x"),
            formula: None,
            hide,
        }
    }

    #[test]
    fn chart_sources() {
        let mut map = SheetMap::default();
        let mut layout = SheetLayout::default();
        layout.hidden_rows.insert(9);
        layout.hidden_columns.insert(5);
        map.insert("Sheet 1", SheetState::Visible, layout);
        map.insert("Staff", SheetState::Hidden, SheetLayout::default());
        map.insert("Données", SheetState::Visible, SheetLayout::default());
        let src = |f: &str| map.chart_source(f);
        assert_eq!(src("'Sheet 1'!$A$2:$B$6"), ChartSource::Visible(10));
        assert_eq!(src("=Données!$A$1"), ChartSource::Visible(1));
        assert_eq!(
            src("('Sheet 1'!$A$2,'Sheet 1'!$A$4:$A$5)"),
            ChartSource::Visible(3)
        );
        assert!(
            matches!(src("'Sheet 1'!$A$2:$A$12"), ChartSource::Hidden(w) if w.contains("hidden rows"))
        );
        assert!(
            matches!(src("'Sheet 1'!$F$1:$F$3"), ChartSource::Hidden(w) if w.contains("hidden columns"))
        );
        assert!(
            matches!(src("Staff!$A$2:$A$6"), ChartSource::Hidden(w) if w.contains("hidden sheet"))
        );
        for unknown in [
            "[1]Sheet1!$A$1:$A$5",
            "Book2.xlsx!StaffList",
            "_xlchart.v1.0",
            "'Sheet 1'!$A:$A",
            "Gone!$A$1:$A$5",
            "$A$1:$A$5",
            "",
        ] {
            assert_eq!(src(unknown), ChartSource::Unknown, "{unknown}");
        }
    }

    #[test]
    fn hidden_rows_are_tallied_with_their_span() {
        let mut g = SheetGrid::new(info());
        g.cell(&cell(0, 0, Hide::NONE));
        g.cell(&cell(4, 0, Hide::ROW));
        g.cell(&cell(5, 1, Hide::ROW));
        let f = g.finish();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, Kind::HiddenRows);
        assert_eq!(f[0].count, 2);
        assert_eq!(f[0].cell.as_deref(), Some("5:6"));
    }

    #[test]
    fn filtered_and_collapsed_are_told_apart() {
        let mut g = SheetGrid::new(info());
        g.cell(&cell(3, 0, Hide::ROW | Hide::FILTERED));
        g.cell(&cell(9, 0, Hide::ROW | Hide::COLLAPSED));
        let kinds: Vec<_> = g.finish().iter().map(|f| (f.kind, f.variant)).collect();
        assert!(kinds.contains(&(Kind::FilteredRows, None)));
        assert!(kinds.contains(&(Kind::HiddenRows, Some("collapsed"))));
    }

    #[test]
    fn far_away_rows_and_columns() {
        let mut g = SheetGrid::new(info());
        for r in 0..20 {
            for c in 0..6 {
                g.cell(&cell(r, c, Hide::NONE));
            }
        }
        assert!(g.finish().is_empty(), "a compact table is not far away");
        let h = g.cell(&cell(4999, 51, Hide::NONE));
        assert!(h.contains(Hide::FAR_AWAY));
        let f = g.finish();
        assert_eq!(f[0].kind, Kind::FarAwayData);
        assert_eq!(f[0].cell.as_deref(), Some("AZ5000"));

        let mut g = SheetGrid::new(info());
        g.cell(&cell(0, 0, Hide::NONE));
        g.cell(&cell(1, 60, Hide::NONE));
        assert_eq!(g.finish()[0].count, 1);

        // Names at A200 under a three-row table, or at AD2 beside a
        // three-column one: two screens away is out of sight too.
        for (r, c) in [(199, 0), (1, 29)] {
            let mut g = SheetGrid::new(info());
            for row in 0..3 {
                for col in 0..3 {
                    g.cell(&cell(row, col, Hide::NONE));
                }
            }
            assert!(
                g.cell(&cell(r, c, Hide::NONE)).contains(Hide::FAR_AWAY) || {
                    let f = g.finish();
                    f.iter().any(|f| f.kind == Kind::FarAwayData)
                }
            );
        }
    }

    #[test]
    fn hidden_sheet_cells_are_left_to_the_sheet_finding() {
        let mut g = SheetGrid::new(SheetInfo {
            state: SheetState::Hidden,
            ..info()
        });
        g.cell(&cell(4, 0, Hide::SHEET | Hide::ROW));
        assert!(g.finish().is_empty());
    }

    #[test]
    fn references_are_parsed() {
        let r = references("VLOOKUP(A2,Staff!$A:$C,3,FALSE)&\"B2\"");
        assert_eq!(r.len(), 2, "{r:?}");
        assert_eq!(r[1].sheet.as_deref(), Some("Staff"));
        assert_eq!(r[1].cols, Some((0, 2)));
        assert!(references("LOG10(5)").is_empty());
        assert_eq!(references("SUM(3:5)")[0].rows, Some((2, 4)));
    }

    #[test]
    fn aggregates_are_recognised() {
        assert!(is_aggregate("SUM(Hidden!B2:B99)"));
        assert!(is_aggregate("_xlfn.COUNTIFS(A:A,\"PC\")"));
        assert!(!is_aggregate("Hidden!B2"));
        assert!(!is_aggregate("SUM(A1)&Hidden!B2"));
    }

    #[test]
    fn names_resolve_to_their_ranges() {
        let mut n = Names::default();
        n.insert(None, "StaffList", "Hidden!$A$1:$D$100");
        n.insert(None, "Rate", "0.2");
        n.insert(None, "Who", "\"Jane Doe\"");
        n.insert(None, "Gone", "#REF!");
        n.insert(None, "Ext", "[1]Staff!$A$1:$A$9");
        n.insert(None, "ExtQ", "'C:\\x\\[Book.xlsx]Staff'!$A$1");
        n.insert(None, "Outer", "StaffList");
        n.insert(None, "Loop", "Loop");
        n.insert(Some("Summary"), "Local", "Lists!$A$1");
        n.insert(None, "Local", "Hidden!$B$2");
        n.insert(Some("Summary"), "_xlnm.Print_Area", "Hidden!$A$1:$C$3");
        n.insert(None, "_xlnm._FilterDatabase", "Hidden!$A$1:$C$50");
        let via = |f: &str, sheet: &str| -> Vec<(Option<String>, Option<String>)> {
            n.references(f, sheet)
                .into_iter()
                .filter_map(|(r, v)| v.map(|v| (r.sheet, Some(v))))
                .collect()
        };
        let hidden = |v: &str| vec![(Some("Hidden".to_string()), Some(v.to_string()))];
        assert_eq!(via("INDEX(stafflist,3)", "S"), hidden("StaffList"));
        assert!(via("A1*Rate&Who&Gone&Ext&ExtQ", "S").is_empty());
        assert!(via("\"StaffList\"&[1]!StaffList&StaffList(1)", "S").is_empty());
        assert_eq!(via("Outer", "S"), hidden("Outer"), "names inside names");
        assert!(via("Loop", "S").is_empty(), "a cycle ends");
        assert_eq!(via("Local", "Summary")[0].0.as_deref(), Some("Lists"));
        assert_eq!(via("Local", "Other")[0].0.as_deref(), Some("Hidden"));
        assert_eq!(via("Summary!Local", "Other")[0].0.as_deref(), Some("Lists"));
        assert_eq!(
            via("ROWS(Print_Area)", "Summary"),
            hidden("_xlnm.Print_Area")
        );
        assert_eq!(
            via("ROWS(_xlnm._FilterDatabase)", "S"),
            hidden("_xlnm._FilterDatabase")
        );
        // Direct references come first, without a name.
        let r = n.references("Data!B2+StaffList", "S");
        assert_eq!(
            (r[0].0.sheet.as_deref(), r[0].1.as_deref()),
            (Some("Data"), None)
        );
        assert!(formula_may_reference("SUM(StaffList)") && !formula_may_reference("TODAY()"));
    }

    #[test]
    fn hidden_targets() {
        let mut m = SheetMap::default();
        m.insert("Staff", SheetState::VeryHidden, SheetLayout::default());
        let mut layout = SheetLayout::default();
        layout.hidden_rows.insert_range(9, 19);
        m.insert("Counts", SheetState::Visible, layout);
        let r = &references("Staff!A1")[0];
        assert!(
            m.hidden_target("Counts", r)
                .unwrap()
                .contains("very hidden")
        );
        let r = &references("B12")[0];
        assert!(
            m.hidden_target("Counts", r)
                .unwrap()
                .contains("hidden rows")
        );
        let r = &references("B2")[0];
        assert!(m.hidden_target("Counts", r).is_none());
    }
}
