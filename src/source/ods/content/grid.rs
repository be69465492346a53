//! The sheet grid of `content.xml`: tables (sheets) and whether they are
//! hidden, columns, rows and cells with their hiding (collapsed or filtered
//! rows and columns, zero sizes, covered and invisible cells), column widths
//! and merged cells.
//!
//! Repeated rows and cells (`table:number-rows-repeated`,
//! `table:number-columns-repeated`) are expanded only when they hold
//! content, and never past `max_cells`: an empty row repeated a million
//! times costs nothing, a row with content repeated a billion times is a
//! limit error before anything is expanded.
use std::sync::Arc;

use quick_xml::events::BytesStart;

use super::Content;
use super::dates::duration_days;
use super::formula::odf_formula;
use super::sinks::SinkKind;
use crate::finding::Kind;
use crate::model::{
    Cell, CellFormat, Feature, Hide, Location, Presentation, SheetInfo, SheetKind, SheetLayout,
    SheetState, SheetVisitor, Value, a1,
};
use crate::numbers::thousands;
use crate::source::dates::iso_to_serial;
use crate::source::ods::PART_CONTENT;
use crate::source::xml::attr;
use crate::source::{Result, SourceError};

/// A cell value owned until the row ends.
#[derive(Clone, Debug)]
enum OwnedValue {
    Text(String),
    Number(f64),
    DateTime(f64),
    Bool(bool),
    Error(String),
}

impl OwnedValue {
    fn as_value(&self) -> Value<'_> {
        match self {
            OwnedValue::Text(s) => Value::Text(s),
            OwnedValue::Number(n) => Value::Number(*n),
            OwnedValue::DateTime(n) => Value::DateTime(*n),
            OwnedValue::Bool(b) => Value::Bool(*b),
            OwnedValue::Error(s) => Value::Error(s),
        }
    }
}

/// A cell with content, waiting for its row to end (rows may repeat).
struct PendingCell {
    col: u64,
    repeat: u64,
    value: OwnedValue,
    formula: Option<String>,
    hide: Hide,
    /// Bold and number format, for a rebuilt copy.
    look: Option<Arc<CellFormat>>,
}

struct ColRange {
    first: u64,
    last: u64,
    hide: Hide,
    default_style: Option<String>,
}

pub(super) struct Table<'v> {
    pub(super) name: String,
    pub(super) hidden: bool,
    sheet: Box<dyn SheetVisitor + Send + 'v>,
    layout: SheetLayout,
    cols: Vec<ColRange>,
    col_cursor: u64,
    row_cursor: u64,
    cells: u64,
    /// Depth of the `table:table` element in the stack.
    pub(super) depth: usize,
    /// Column widths and merged (spanned) cells, for a rebuilt copy.
    presentation: Presentation,
}

impl Table<'_> {
    fn column(&self, col: u64) -> Option<&ColRange> {
        let i = self.cols.partition_point(|c| c.last < col);
        self.cols.get(i).filter(|c| c.first <= col)
    }
    fn hide(&self) -> Hide {
        if self.hidden { Hide::SHEET } else { Hide::NONE }
    }
}

pub(super) struct Row {
    pub(super) index: u64,
    repeat: u64,
    hide: Hide,
    default_style: Option<String>,
    pending: Vec<PendingCell>,
    col: u64,
}

pub(super) struct CellState {
    pub(super) col: u64,
    repeat: u64,
    value_type: Option<String>,
    calc_type: Option<String>,
    value: Option<String>,
    date: Option<String>,
    time: Option<String>,
    boolean: Option<String>,
    /// `office:string-value`, which overrides the paragraphs.
    string_attr: Option<String>,
    /// The text of the cell's paragraphs (set when its text sink closes).
    pub(super) text: String,
    formula: Option<String>,
    style: Option<String>,
    covered: bool,
    /// `table:number-columns-spanned`, `table:number-rows-spanned`.
    span: (u64, u64),
}

impl Content<'_, '_> {
    pub(super) fn start_table(&mut self, e: &BytesStart<'_>) -> Result<()> {
        if self.parent() != Some("spreadsheet") || self.table.is_some() {
            self.inner_tables += 1;
            return Ok(());
        }
        let name =
            attr(e, "name").unwrap_or_else(|| format!("Sheet{}", self.info.sheets.len() + 1));
        let style = attr(e, "style-name");
        let hidden = style
            .as_deref()
            .is_some_and(|s| self.styles.table_hidden(s));
        let info = SheetInfo {
            index: self.info.sheets.len(),
            name: name.clone(),
            state: if hidden {
                SheetState::Hidden
            } else {
                SheetState::Visible
            },
            kind: SheetKind::Worksheet,
            part: Some(PART_CONTENT.to_string()),
            embedded: Vec::new(),
        };
        self.info.sheets.push(name.clone());
        if hidden {
            self.hidden_sheets.push(name.clone());
        }
        if let Some(s) = style {
            self.info.sheet_styles.push((name.clone(), s));
        }
        let sheet = self.visitor.sheet(&info);
        self.table = Some(Table {
            name,
            hidden,
            sheet,
            layout: SheetLayout::default(),
            cols: Vec::new(),
            col_cursor: 0,
            row_cursor: 0,
            cells: 0,
            depth: self.depth,
            presentation: Presentation::default(),
        });
        Ok(())
    }

    pub(super) fn end_table(&mut self) -> Result<()> {
        let Some(mut t) = self.table.take() else {
            return Ok(());
        };
        let p = &t.presentation;
        if !p.is_empty() {
            t.sheet.presentation(p);
        }
        if t.hidden {
            let (variant, message) = if t.cells == 0 {
                ("empty", "A hidden sheet (empty).".to_string())
            } else {
                (
                    "hidden",
                    format!(
                        "A hidden sheet holds {} cell{} with values.",
                        thousands(t.cells),
                        if t.cells == 1 { "" } else { "s" }
                    ),
                )
            };
            let loc = Location::part(PART_CONTENT).with_sheet(t.name.clone());
            self.visitor.feature(
                Feature::new(Kind::HiddenSheet, loc, message)
                    .variant(variant)
                    .count(t.cells),
            );
        }
        self.done.push((t.name, t.sheet, t.layout));
        Ok(())
    }

    pub(super) fn start_column(&mut self, e: &BytesStart<'_>) {
        let repeat = repeat_attr(e, "number-columns-repeated");
        let collapsed_group = self.col_groups.iter().any(|&g| g);
        let mut hide = Hide::NONE;
        match attr(e, "visibility").as_deref() {
            Some("collapse") => {
                hide = Hide::COLUMN;
                if collapsed_group {
                    hide |= Hide::COLLAPSED;
                }
            }
            Some("filter") => hide = Hide::COLUMN,
            _ => {}
        }
        let style = attr(e, "style-name");
        if style.as_deref().is_some_and(|s| self.styles.column_zero(s)) {
            hide |= Hide::COLUMN;
        }
        let width = style
            .as_deref()
            .and_then(|s| self.styles.column_width_chars(s));
        let default_style = attr(e, "default-cell-style-name").filter(|s| s != "Default");
        let Some(t) = self.table.as_mut() else { return };
        let first = t.col_cursor;
        let last = first.saturating_add(repeat - 1);
        t.col_cursor = last.saturating_add(1);
        if let Some(w) = width
            && first <= u32::MAX as u64
        {
            let (a, b) = (clamp32(first), clamp32(last));
            match t.presentation.column_widths.last_mut() {
                Some(prev) if prev.2 == w && prev.1.checked_add(1) == Some(a) => prev.1 = b,
                _ => t.presentation.column_widths.push((a, b, w)),
            }
        }
        if hide.is_hidden() {
            t.layout
                .hidden_columns
                .insert_range(clamp32(first), clamp32(last));
        }
        if hide.is_hidden() || default_style.is_some() {
            t.cols.push(ColRange {
                first,
                last,
                hide,
                default_style,
            });
        }
    }

    pub(super) fn start_row(&mut self, e: &BytesStart<'_>) -> Result<()> {
        let repeat = repeat_attr(e, "number-rows-repeated");
        let collapsed_group = self.row_groups.iter().any(|&g| g);
        let mut hide = Hide::NONE;
        match attr(e, "visibility").as_deref() {
            Some("collapse") => {
                hide = Hide::ROW;
                if collapsed_group {
                    hide |= Hide::COLLAPSED;
                }
            }
            Some("filter") => hide = Hide::ROW | Hide::FILTERED,
            _ => {}
        }
        let style = attr(e, "style-name");
        if style.as_deref().is_some_and(|s| self.styles.row_zero(s)) {
            hide |= Hide::ROW;
        }
        let height = style.as_deref().and_then(|s| self.styles.row_height(s));
        let default_style = attr(e, "default-cell-style-name");
        let Some(t) = self.table.as_mut() else {
            return Ok(());
        };
        let index = t.row_cursor;
        t.row_cursor = index.saturating_add(repeat);
        if hide.is_hidden() {
            t.layout
                .hidden_rows
                .insert_range(clamp32(index), clamp32(index.saturating_add(repeat - 1)));
        } else if let Some(h) = height
            && t.presentation.row_heights.len() as u64 + repeat <= MAX_ROW_HEIGHTS
        {
            for r in index..index.saturating_add(repeat) {
                t.presentation.row_heights.push((clamp32(r), h));
            }
        }
        self.row = Some(Row {
            index,
            repeat,
            hide,
            default_style,
            pending: Vec::new(),
            col: 0,
        });
        Ok(())
    }

    pub(super) fn start_cell(&mut self, covered: bool, e: &BytesStart<'_>) -> Result<()> {
        let Some(row) = self.row.as_mut() else {
            return Ok(());
        };
        let mut c = CellState {
            col: row.col,
            repeat: 1,
            value_type: None,
            calc_type: None,
            value: None,
            date: None,
            time: None,
            boolean: None,
            string_attr: None,
            text: String::new(),
            formula: None,
            style: None,
            covered,
            span: (1, 1),
        };
        let mut validation: Option<String> = None;
        // One pass over the attributes (this runs for every cell).
        for a in e.attributes().with_checks(false).flatten() {
            let key = a.key;
            let local = key.local_name();
            let slot = match local.into_inner() {
                "value-type" => {
                    if key.as_ref().starts_with("calcext:") {
                        &mut c.calc_type
                    } else if c.value_type.is_none() || key.as_ref() == "office:value-type" {
                        &mut c.value_type
                    } else {
                        continue;
                    }
                }
                "value" => &mut c.value,
                "date-value" => &mut c.date,
                "time-value" => &mut c.time,
                "boolean-value" => &mut c.boolean,
                "string-value" => &mut c.string_attr,
                "formula" => &mut c.formula,
                "style-name" => &mut c.style,
                "content-validation-name" => &mut validation,
                "number-columns-repeated" => {
                    if let Ok(v) = a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                        c.repeat = v
                            .trim()
                            .parse::<u64>()
                            .ok()
                            .filter(|&n| n >= 1)
                            .unwrap_or(1);
                    }
                    continue;
                }
                n @ ("number-columns-spanned" | "number-rows-spanned") => {
                    let v = a
                        .value
                        .trim()
                        .parse::<u64>()
                        .ok()
                        .filter(|&n| n >= 1)
                        .unwrap_or(1);
                    if n == "number-columns-spanned" {
                        c.span.0 = v;
                    } else {
                        c.span.1 = v;
                    }
                    continue;
                }
                _ => continue,
            };
            *slot = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned());
        }
        if let (Some(v), Some(t)) = (validation, self.table.as_ref()) {
            let clamp = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
            let at = (t.name.clone(), clamp(row.index), clamp(c.col));
            self.validation_cells.entry(v).or_insert(at);
        }
        row.col = c.col.saturating_add(c.repeat);
        if !covered
            && c.span != (1, 1)
            && let Some(t) = self.table.as_mut()
        {
            let (r1, c1) = (row.index, c.col);
            let r2 = r1.saturating_add(c.span.1 - 1);
            let c2 = c1.saturating_add(c.span.0 - 1);
            if r1 <= u32::MAX as u64 && c1 <= u32::MAX as u64 {
                t.presentation
                    .merged
                    .push((clamp32(r1), clamp32(c1), clamp32(r2), clamp32(c2)));
            }
        }
        self.cell = Some(c);
        // The cell's own text sink needs no location (comments and shapes
        // inside the cell compute theirs).
        let hidden = self.hidden_here();
        self.push_sink(SinkKind::Cell, Location::default(), hidden);
        Ok(())
    }

    pub(super) fn end_cell(&mut self) -> Result<()> {
        let Some(c) = self.cell.take() else {
            return Ok(());
        };
        let Some(row) = self.row.as_mut() else {
            return Ok(());
        };
        let text = match c.string_attr.as_deref() {
            Some(s) if !s.is_empty() => s.to_string(),
            _ => c.text,
        };
        let text_value = || (!text.is_empty()).then(|| OwnedValue::Text(text.clone()));
        let ty = match c.calc_type.as_deref() {
            Some("error") => Some("error"),
            _ => c.value_type.as_deref().or(c.calc_type.as_deref()),
        };
        let value = match ty {
            Some("float" | "percentage" | "currency") => {
                match c
                    .value
                    .as_deref()
                    .and_then(|v| v.trim().parse::<f64>().ok())
                    .filter(|n| n.is_finite())
                {
                    // LibreOffice saves a boolean (typed, or a formula's
                    // result) as the number 1 or 0 shown as TRUE or FALSE.
                    Some(1.0) if text == "TRUE" => Some(OwnedValue::Bool(true)),
                    Some(0.0) if text == "FALSE" => Some(OwnedValue::Bool(false)),
                    Some(n) => Some(OwnedValue::Number(n)),
                    None => text_value(),
                }
            }
            // ODF dates may have any year up to a million either side of 0.
            Some("date") => match c
                .date
                .as_deref()
                .and_then(|d| iso_to_serial(d, -1_000_000..=1_000_000))
            {
                Some(n) => Some(OwnedValue::DateTime(n)),
                None => text_value(),
            },
            Some("time") => match c.time.as_deref().and_then(duration_days) {
                Some(n) => Some(OwnedValue::DateTime(n)),
                None => text_value(),
            },
            Some("boolean") => match c.boolean.as_deref().map(str::trim) {
                Some("true" | "1") => Some(OwnedValue::Bool(true)),
                Some("false" | "0") => Some(OwnedValue::Bool(false)),
                _ => text_value(),
            },
            Some("error") => (!text.is_empty()).then(|| OwnedValue::Error(text.clone())),
            _ => text_value(),
        };
        let formula = c.formula.as_deref().map(odf_formula);
        let value = match (value, &formula) {
            (Some(v), _) => v,
            (None, Some(_)) => OwnedValue::Text(String::new()),
            (None, None) => return Ok(()),
        };
        let mut hide = Hide::NONE;
        if c.covered {
            // Content under a merged cell cannot be seen.
            hide |= Hide::INVISIBLE;
        }
        let style = c
            .style
            .clone()
            .or_else(|| row.default_style.clone())
            .or_else(|| {
                self.table
                    .as_ref()
                    .and_then(|t| t.column(c.col))
                    .and_then(|cr| cr.default_style.clone())
            });
        let text = matches!(value, OwnedValue::Text(_));
        if style
            .as_deref()
            .is_some_and(|s| self.styles.cell_invisible(s, text))
        {
            hide |= Hide::INVISIBLE;
        }
        let look = self.styles.cell_format(style.as_deref());
        // A number a conditional data style shows as fixed text ("<5"
        // over a 3): hidden, as in an xlsx with `[<5]"<5";0`.
        if let OwnedValue::Number(v) = value
            && self.styles.conditional_hides(style.as_deref(), v)
        {
            hide |= Hide::INVISIBLE;
        }
        row.pending.push(PendingCell {
            col: c.col,
            repeat: c.repeat,
            value,
            formula,
            hide,
            look,
        });
        Ok(())
    }

    pub(super) fn end_row(&mut self) -> Result<()> {
        let Some(row) = self.row.take() else {
            return Ok(());
        };
        if row.pending.is_empty() {
            return Ok(());
        }
        let Some(t) = self.table.as_mut() else {
            return Ok(());
        };
        let per_row: u64 = row
            .pending
            .iter()
            .map(|c| c.repeat)
            .fold(0u64, u64::saturating_add);
        let total = per_row.saturating_mul(row.repeat);
        let max = self.limits.max_cells;
        if self.cells.saturating_add(total) > max {
            return Err(SourceError::Limit(format!(
                "sheet {:?} row {} repeats to {total} cells, more than the {max} cell limit",
                t.name,
                row.index.saturating_add(1),
                total = thousands(total),
                max = thousands(max)
            )));
        }
        let last_row = row.index.saturating_add(row.repeat - 1);
        let last_col = row
            .pending
            .iter()
            .map(|c| c.col.saturating_add(c.repeat - 1))
            .max()
            .unwrap_or(0);
        if last_row > u32::MAX as u64 || last_col > u32::MAX as u64 {
            return Err(SourceError::Limit(format!(
                "sheet {:?} has cells beyond row {} or column {}",
                t.name,
                u32::MAX,
                u32::MAX
            )));
        }
        let base = t.hide() | row.hide;
        for r in row.index..=last_row {
            for pc in &row.pending {
                for col in pc.col..pc.col + pc.repeat {
                    let col_hide = t.column(col).map_or(Hide::NONE, |c| c.hide);
                    if let Some(f) = &pc.look {
                        t.sheet.cell_format(r as u32, col as u32, f);
                    }
                    t.sheet.cell(&Cell {
                        row: r as u32,
                        col: col as u32,
                        value: pc.value.as_value(),
                        formula: pc.formula.as_deref(),
                        hide: base | col_hide | pc.hide,
                    });
                }
            }
        }
        t.cells += total;
        self.cells += total;
        Ok(())
    }
}

/// A repeat count attribute: at least 1; unparsable counts are 1.
/// Row heights kept per table for a rebuilt copy.
const MAX_ROW_HEIGHTS: u64 = 10_000;

fn repeat_attr(e: &BytesStart<'_>, local: &str) -> u64 {
    attr(e, local)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&n| n >= 1)
        .unwrap_or(1)
}

fn clamp32(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

pub(super) fn cell_ref(row: u64, col: u64) -> String {
    a1(clamp32(row), clamp32(col))
}
