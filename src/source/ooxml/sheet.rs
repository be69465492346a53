//! One worksheet (or macrosheet) part, streamed once: cells with their
//! visibility (hidden sheet, row, column, filter, collapsed outline,
//! invisible formatting), the sheet layout, and the other hiding places in
//! the sheet XML: headers and footers, hyperlinks, data validation lists.

use std::collections::HashMap;
use std::io::BufRead;
use std::sync::atomic::AtomicU64;

use quick_xml::events::{BytesStart, Event};

use super::opc::Relationship;
use super::shared_strings::{SharedStrings, unescape_ooxml};
use super::styles::Styles;
use super::workbook::{Refs, sheet_refs};
use crate::finding::Kind;
use crate::model::{
    Cell, Feature, Hide, IndexSet, Location, Presentation, SheetInfo, SheetLayout, TextPlace,
    Value, Visitor, a1, parse_a1,
};
use crate::source::dates::iso_to_serial;
use crate::source::merged::MergedCells;
use crate::source::sheet_tally::{CellBudget, Hyperlink, MAX_COL, SheetTally, close_columns};
use crate::source::xml::{XmlReader, attr, is_true};
use crate::source::{Limits, Result, SourceError};

/// What reading a sheet needs from the rest of the package.
pub struct SheetCtx<'a> {
    pub part: &'a str,
    pub info: &'a SheetInfo,
    pub sst: &'a SharedStrings,
    pub styles: &'a Styles,
    pub date1904: bool,
    /// Header row of the autofilter, from `_xlnm._FilterDatabase`.
    pub filter_header: Option<u32>,
    /// The sheet part's own relationships (hyperlink targets).
    pub rels: &'a [Relationship],
    pub refs: &'a Refs,
    /// Cells read so far in the whole file.
    pub cells: &'a AtomicU64,
    pub limits: &'a Limits,
    pub embedded: &'a [String],
}

/// What the sheet pass learned, for the caller's sheet-level features.
#[derive(Debug, Default, Clone)]
pub struct SheetSummary {
    /// Non-empty cells sent to the visitor.
    pub cells: u64,
    /// Relationship ids the sheet XML used for its hyperlinks.
    pub used_rels: Vec<String>,
    /// Merged ranges, (first row, first column, last row, last column).
    pub merged: Vec<(u32, u32, u32, u32)>,
}

#[derive(Default)]
struct PendingCell {
    row: u32,
    col: u32,
    t: CellType,
    style: usize,
    v: Option<String>,
    inline: Option<String>,
    formula: Option<String>,
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum CellType {
    #[default]
    Number,
    Shared,
    Inline,
    Str,
    Bool,
    Error,
    Date,
}

#[derive(Default)]
struct Dv {
    kind: String,
    sqref: String,
    formula1: String,
}

/// Stream one worksheet or macrosheet part: every non-empty cell to the
/// sheet visitor, then the layout; features for headers/footers, hyperlinks
/// and validation lists. `merged` holds the part's merged ranges (found
/// first, see [`MergedCells::find`]): values they cover are invisible.
pub fn read_sheet<R: BufRead>(
    reader: R,
    sc: &SheetCtx<'_>,
    merged: MergedCells,
    visitor: &dyn Visitor,
    parallel: bool,
) -> Result<SheetSummary> {
    super::super::pipeline::run(visitor.sheet(sc.info), parallel, |sv| {
        read_sheet_into(reader, sc, merged, visitor, sv)
    })
}

/// Read a sheet part again for the values its merged ranges cover, when
/// they were learned only at the end of [`read_sheet`] (a big part is not
/// searched for them first). Each covered value goes to content detection as
/// hidden text, and one `invisible_text` feature counts them; nothing else
/// of the part is reported twice.
pub fn read_covered<R: BufRead>(
    reader: R,
    sc: &SheetCtx<'_>,
    merged: MergedCells,
    visitor: &dyn Visitor,
) -> Result<()> {
    let cells = AtomicU64::new(0);
    let sc = SheetCtx {
        cells: &cells,
        ..*sc
    };
    let mut sheet_loc = Location::sheet(&sc.info.name).with_part(sc.part);
    sheet_loc.embedded = sc.embedded.to_vec();
    let covered = CoveredValues {
        merged: merged.clone(),
        visitor,
        sheet_loc,
        count: 0,
        first: None,
    };
    read_sheet_into(reader, &sc, merged, &Unreported, Box::new(covered))?;
    Ok(())
}

/// The cells of a second pass that lie under a merge (see [`read_covered`]).
struct CoveredValues<'a> {
    merged: MergedCells,
    visitor: &'a dyn Visitor,
    sheet_loc: Location,
    count: u64,
    first: Option<(u32, u32)>,
}

impl crate::model::SheetVisitor for CoveredValues<'_> {
    fn cell(&mut self, cell: &Cell<'_>) {
        if !self.merged.covers(cell.row, cell.col) {
            return;
        }
        self.count += 1;
        self.first.get_or_insert((cell.row, cell.col));
        let text = match &cell.value {
            Value::Text(t) => std::borrow::Cow::Borrowed(*t),
            Value::Number(n) | Value::DateTime(n) => std::borrow::Cow::Owned(n.to_string()),
            _ => return,
        };
        let mut location = self.sheet_loc.clone();
        location.cell = Some(a1(cell.row, cell.col));
        self.visitor.text(
            TextPlace {
                kind: Kind::InvisibleText,
                location: &location,
                field: Some("merged"),
                hidden: true,
            },
            &text,
        );
    }

    fn finish(self: Box<Self>, _layout: SheetLayout) {
        let Some((r, c)) = self.first else { return };
        let mut location = self.sheet_loc.clone();
        location.cell = Some(a1(r, c));
        let n = self.count;
        self.visitor.feature(
            Feature::new(
                Kind::InvisibleText,
                location,
                format!(
                    "{n} {} under merged cells, where a reader cannot see {}, first at {}.",
                    if n == 1 { "value is" } else { "values are" },
                    if n == 1 { "it" } else { "them" },
                    a1(r, c)
                ),
            )
            .variant("merged")
            .count(n),
        );
    }
}

/// Takes what a second pass over a sheet finds besides its cells, and drops
/// it: the first pass reported it.
struct Unreported;

impl Visitor for Unreported {
    fn sheet(&self, _sheet: &SheetInfo) -> Box<dyn crate::model::SheetVisitor + Send + '_> {
        unreachable!("a second pass is given its sheet visitor")
    }
    fn feature(&self, _feature: Feature) {}
    fn text(&self, _place: TextPlace<'_>, _text: &str) {}
    fn incomplete(&self, _location: &Location, _reason: &str) {}
}

/// [`read_sheet`] with the sheet's visitor given.
fn read_sheet_into<R: BufRead>(
    reader: R,
    sc: &SheetCtx<'_>,
    mut merged: MergedCells,
    visitor: &dyn Visitor,
    mut sv: Box<dyn crate::model::SheetVisitor + Send + '_>,
) -> Result<SheetSummary> {
    let mut r = XmlReader::new(reader, sc.part, sc.limits);
    let base_hide = sc.info.state.hide();
    let loc = || {
        let mut l = Location::sheet(&sc.info.name).with_part(sc.part);
        l.embedded = sc.embedded.to_vec();
        l
    };

    let mut layout = SheetLayout {
        has_autofilter: sc.filter_header.is_some(),
        ..Default::default()
    };
    let mut zero_default_height = false;
    // The height of a row without its own, in points (Excel's default).
    let mut default_height = 15.0;
    let mut default_col_hidden = false;
    let mut hidden_cols = IndexSet::default();
    let mut collapsed_cols = IndexSet::default();
    let mut explicit_cols = IndexSet::default();
    // Column widths and merged ranges, for a rebuilt copy (`<mergeCells>`
    // comes after `<sheetData>`, so they are handed over at the end).
    let mut presentation = Presentation::default();

    let mut next_row: u32 = 0;
    let mut row_hide = Hide::NONE;
    let mut cur_row: u32 = 0;
    let mut next_col: u32 = 0;
    let mut cell: Option<PendingCell> = None;
    // The last cell's value buffer, reused for the next.
    let mut spare_v: Option<String> = None;
    let mut shared_formulas: HashMap<String, String> = HashMap::new();
    let mut in_sheet_data = false;
    let mut in_header_footer = false;
    let mut in_custom_views = false;
    let mut dv: Option<Dv> = None;
    let mut aggs = SheetTally::default();
    let mut budget = CellBudget::new(sc.cells, sc.limits, sc.part);
    let mut used_rels: Vec<String> = Vec::new();

    loop {
        let ev = r.next()?;
        let is_start = matches!(&ev, Event::Start(_));
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                let ln = e.local_name();
                match ln.as_ref() {
                    "sheetData" => in_sheet_data = is_start,
                    "c" if in_sheet_data => {
                        let mut pc = PendingCell {
                            row: cur_row,
                            col: next_col,
                            ..Default::default()
                        };
                        for a in e.attributes().with_checks(false).flatten() {
                            match a.key.local_name().as_ref() {
                                "r" => {
                                    if let Some((row, col)) = parse_a1(&a.value) {
                                        pc.row = row;
                                        pc.col = col;
                                    }
                                }
                                "t" => {
                                    pc.t = match a.value.as_ref() {
                                        "s" => CellType::Shared,
                                        "inlineStr" => CellType::Inline,
                                        "str" => CellType::Str,
                                        "b" => CellType::Bool,
                                        "e" => CellType::Error,
                                        "d" => CellType::Date,
                                        _ => CellType::Number,
                                    }
                                }
                                "s" => pc.style = a.value.trim().parse().unwrap_or(0),
                                _ => {}
                            }
                        }
                        next_col = pc.col.saturating_add(1);
                        if is_start {
                            cell = Some(pc);
                        }
                    }
                    "v" if is_start && cell.is_some() => {
                        let mut t = spare_v.take().unwrap_or_default();
                        r.read_text_into(&mut t)?;
                        if let Some(c) = cell.as_mut() {
                            c.v = Some(t);
                        }
                    }
                    "f" if cell.is_some() => {
                        let ft = attr(&e, "t");
                        let si = attr(&e, "si");
                        let text = if is_start {
                            r.read_text()?
                        } else {
                            String::new()
                        };
                        let shared = ft.as_deref() == Some("shared");
                        let formula = match (shared, si) {
                            (true, Some(si)) if text.trim().is_empty() => {
                                shared_formulas.get(&si).cloned()
                            }
                            (true, Some(si)) => {
                                shared_formulas.insert(si, text.clone());
                                Some(text)
                            }
                            _ if text.is_empty() => None,
                            _ => Some(text),
                        };
                        if let Some(c) = cell.as_mut() {
                            c.formula = formula;
                        }
                    }
                    "is" if is_start && cell.is_some() => {
                        let t = read_inline(&mut r, sc.limits.max_xml_text_bytes)?;
                        if let Some(c) = cell.as_mut() {
                            c.inline = Some(t);
                        }
                    }
                    "row" if in_sheet_data => {
                        let mut row = next_row;
                        let mut hidden = false;
                        let mut ht: Option<f64> = None;
                        let mut outline = false;
                        let mut custom = false;
                        for a in e.attributes().with_checks(false).flatten() {
                            let v = a.value.trim();
                            match a.key.local_name().as_ref() {
                                "r" => {
                                    if let Some(n) =
                                        v.parse::<u32>().ok().and_then(|n| n.checked_sub(1))
                                    {
                                        row = n;
                                    }
                                }
                                "hidden" => hidden = is_true(Some(v)),
                                "ht" => ht = v.parse::<f64>().ok(),
                                "customHeight" => custom = is_true(Some(v)),
                                "outlineLevel" => outline = v.parse::<u32>().is_ok_and(|l| l > 0),
                                _ => {}
                            }
                        }
                        cur_row = row;
                        next_row = row.saturating_add(1);
                        next_col = 0;
                        row_hide = Hide::NONE;
                        // A row without its own height takes the default
                        // height; `zeroHeight` only hides rows the XML does
                        // not list (they hold no cells), as Excel writes it.
                        // Checked: Excel's own default_row02.xlsx (rust_xlsxwriter
                        // tests) shows its listed rows, and LibreOffice 7.4 opens
                        // rows 8-11 of rt22's m06_zeroHeight_rows.xlsx (no `ht`,
                        // under zeroHeight) at 15 pt, collapsing only unlisted row 7.
                        let zero = match ht {
                            // Under two points no text shows: hidden in all but name.
                            Some(h) => h < MIN_VISIBLE_ROW_POINTS,
                            None => zero_default_height,
                        };
                        if hidden || zero {
                            row_hide = Hide::ROW;
                            if outline {
                                row_hide |= Hide::COLLAPSED;
                            } else if sc.filter_header.is_some_and(|h| row > h) {
                                row_hide |= Hide::FILTERED;
                            }
                            layout.hidden_rows.insert(row);
                        } else if let Some(h) = ht
                            && (custom || (h - default_height).abs() > 0.5)
                            && presentation.row_heights.len() < MAX_ROW_HEIGHTS
                        {
                            // A row of its own height (a wrapped caveat, a
                            // tall title), for a copy to keep.
                            presentation.row_heights.push((row, h));
                        }
                    }
                    "sheetFormatPr" => {
                        let height =
                            attr(&e, "defaultRowHeight").and_then(|v| v.trim().parse::<f64>().ok());
                        zero_default_height = height.is_some_and(|h| h <= 0.0);
                        if let Some(h) = height.filter(|h| *h > 0.0) {
                            default_height = h;
                        }
                        default_col_hidden = attr(&e, "defaultColWidth")
                            .and_then(|v| v.trim().parse::<f64>().ok())
                            .is_some_and(|w| w <= 0.0);
                    }
                    "col" if !in_sheet_data => {
                        let num = |k: &str| attr(&e, k).and_then(|v| v.trim().parse::<u32>().ok());
                        let (Some(min), Some(max)) = (num("min"), num("max")) else {
                            continue;
                        };
                        let (first, last) = (
                            min.saturating_sub(1).min(MAX_COL),
                            max.saturating_sub(1).min(MAX_COL),
                        );
                        let width = attr(&e, "width").and_then(|v| v.trim().parse::<f64>().ok());
                        let hidden = is_true(attr(&e, "hidden").as_deref())
                            || width.is_some_and(|w| w < MIN_VISIBLE_COL_CHARS)
                            || (width.is_none() && default_col_hidden);
                        explicit_cols.insert_range(first, last);
                        if let Some(w) = width.filter(|w| w.is_finite() && *w > 0.0) {
                            presentation
                                .column_widths
                                .push((first, last, width_to_chars(w)));
                        }
                        if hidden {
                            hidden_cols.insert_range(first, last);
                            if num("outlineLevel").is_some_and(|l| l > 0) {
                                collapsed_cols.insert_range(first, last);
                            }
                        }
                    }
                    "mergeCell" if !in_sheet_data => {
                        if let Some(range) = attr(&e, "ref").as_deref().and_then(parse_range) {
                            presentation.merged.push(range);
                        }
                    }
                    "customSheetViews" => in_custom_views = is_start,
                    "autoFilter" if !in_custom_views => {
                        layout.has_autofilter = true;
                        presentation.autofilter = attr(&e, "ref").as_deref().and_then(parse_range);
                    }
                    // Frozen panes ("frozenSplit" too); a split that is not
                    // frozen only divides the window.
                    "pane" if !in_custom_views && !in_sheet_data => {
                        let frozen =
                            attr(&e, "state").is_some_and(|s| s == "frozen" || s == "frozenSplit");
                        // (A float cast saturates: NaN and negatives are 0.)
                        let split = |k: &str| {
                            attr(&e, k)
                                .and_then(|v| v.trim().parse::<f64>().ok())
                                .map_or(0, |v| v as u32)
                        };
                        let (cols, rows) = (split("xSplit"), split("ySplit"));
                        if frozen && (rows > 0 || cols > 0) {
                            presentation.freeze = Some((rows, cols.min(MAX_COL)));
                        }
                    }
                    "headerFooter" => in_header_footer = is_start,
                    n @ ("oddHeader" | "oddFooter" | "evenHeader" | "evenFooter"
                    | "firstHeader" | "firstFooter")
                        if in_header_footer && is_start =>
                    {
                        let field: &'static str = match n {
                            "oddHeader" => "oddHeader",
                            "oddFooter" => "oddFooter",
                            "evenHeader" => "evenHeader",
                            "evenFooter" => "evenFooter",
                            "firstHeader" => "firstHeader",
                            _ => "firstFooter",
                        };
                        let raw = r.read_text()?;
                        let text = strip_header_codes(&raw);
                        if !text.is_empty() {
                            let furniture = is_page_furniture(&text);
                            let l = loc();
                            visitor.text(
                                TextPlace {
                                    kind: Kind::HeaderFooter,
                                    location: &l,
                                    field: Some(field),
                                    hidden: true,
                                },
                                &text,
                            );
                            let what = if field.ends_with("Header") {
                                "header"
                            } else {
                                "footer"
                            };
                            if !furniture {
                                visitor.feature(
                                Feature::new(
                                    Kind::HeaderFooter,
                                    l,
                                    format!("The sheet has {what} text that only shows when printed."),
                                )
                                .variant(what)
                                .sample(text),
                            );
                            }
                        }
                    }
                    "hyperlink" if !in_sheet_data => {
                        if let Some(id) = attr(&e, "id") {
                            used_rels.push(id);
                        }
                        hyperlink(&e, sc, &loc(), visitor, &mut aggs);
                    }
                    "dataValidation" => {
                        let d = Dv {
                            kind: attr(&e, "type").unwrap_or_default(),
                            sqref: attr(&e, "sqref").unwrap_or_default(),
                            formula1: String::new(),
                        };
                        let l = loc();
                        for (k, field) in [
                            ("promptTitle", "promptTitle"),
                            ("prompt", "prompt"),
                            ("errorTitle", "errorTitle"),
                            ("error", "error"),
                        ] {
                            if let Some(t) = attr(&e, k).filter(|t| !t.trim().is_empty()) {
                                visitor.text(
                                    TextPlace {
                                        kind: Kind::DataValidation,
                                        location: &l,
                                        field: Some(field),
                                        hidden: true,
                                    },
                                    &t,
                                );
                            }
                        }
                        if is_start {
                            dv = Some(d);
                        } else {
                            finish_validation(d, sc, &l, visitor, &mut aggs);
                        }
                    }
                    "formula1" if is_start && dv.is_some() => {
                        let t = r.read_text()?;
                        if let Some(d) = dv.as_mut() {
                            d.formula1 = t;
                        }
                    }
                    "sqref" if is_start && dv.is_some() => {
                        let t = r.read_text()?;
                        if let Some(d) = dv.as_mut() {
                            d.sqref = t;
                        }
                    }
                    "scenario" => {
                        let l = loc();
                        for k in ["name", "user", "comment"] {
                            if let Some(t) = attr(&e, k).filter(|t| !t.trim().is_empty()) {
                                visitor.text(
                                    TextPlace {
                                        kind: Kind::UnknownPart,
                                        location: &l,
                                        field: Some(if k == "user" { "user" } else { "scenario" }),
                                        hidden: true,
                                    },
                                    &t,
                                );
                            }
                        }
                    }
                    "inputCells" => {
                        if let Some(t) = attr(&e, "val").filter(|t| !t.trim().is_empty()) {
                            let l = loc();
                            visitor.text(
                                TextPlace {
                                    kind: Kind::UnknownPart,
                                    location: &l,
                                    field: Some("scenario"),
                                    hidden: true,
                                },
                                &t,
                            );
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                let ln = e.local_name();
                match ln.as_ref() {
                    "c" => {
                        if let Some(mut pc) = cell.take() {
                            let covered = if merged.covers(pc.row, pc.col) {
                                Hide::INVISIBLE
                            } else {
                                Hide::NONE
                            };
                            let emitted = emit_cell(
                                &mut pc,
                                sc,
                                base_hide,
                                row_hide | covered,
                                &hidden_cols,
                                &collapsed_cols,
                                &explicit_cols,
                                default_col_hidden,
                                &mut *sv,
                            )?;
                            spare_v = pc.v.take();
                            if emitted {
                                budget.add()?;
                            }
                        }
                    }
                    "sheetData" => in_sheet_data = false,
                    "headerFooter" => in_header_footer = false,
                    "customSheetViews" => in_custom_views = false,
                    "dataValidation" => {
                        if let Some(d) = dv.take() {
                            finish_validation(d, sc, &loc(), visitor, &mut aggs);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    budget.charge()?;

    layout.hidden_columns = close_columns(hidden_cols, &explicit_cols, default_col_hidden);
    if !presentation.is_empty() {
        sv.presentation(&presentation);
    }
    sv.finish(layout);

    aggs.report(&loc(), visitor);
    Ok(SheetSummary {
        cells: budget.sent,
        used_rels,
        merged: presentation.merged,
    })
}

/// Turn a finished `<c>` into a cell for the visitor; false when it holds nothing.
#[allow(clippy::too_many_arguments)]
fn emit_cell(
    pc: &mut PendingCell,
    sc: &SheetCtx<'_>,
    base_hide: Hide,
    row_hide: Hide,
    hidden_cols: &IndexSet,
    collapsed_cols: &IndexSet,
    explicit_cols: &IndexSet,
    default_col_hidden: bool,
    sv: &mut (dyn crate::model::SheetVisitor + Send + '_),
) -> Result<bool> {
    let xf = sc.styles.xf(pc.style);
    let date_offset = if sc.date1904 { 1462.0 } else { 0.0 };
    let raw = pc.v.as_deref();
    let value: Option<Value<'_>> = match pc.t {
        CellType::Shared => match raw {
            Some(v) => {
                let idx: usize = v.trim().parse().map_err(|_| {
                    SourceError::Corrupt(format!(
                        "{} cell {} has a shared string index {v:?} that is not a number",
                        sc.part,
                        a1(pc.row, pc.col)
                    ))
                })?;
                let s = sc.sst.get(idx).ok_or_else(|| {
                    SourceError::Corrupt(format!(
                        "{} cell {} refers to shared string {idx}, but there are only {}",
                        sc.part,
                        a1(pc.row, pc.col),
                        sc.sst.len()
                    ))
                })?;
                Some(Value::Text(s))
            }
            None => None,
        },
        CellType::Inline => pc.inline.as_deref().or(raw).map(Value::Text),
        CellType::Str => raw.or(pc.inline.as_deref()).map(Value::Text),
        CellType::Bool => raw.map(|v| Value::Bool(matches!(v.trim(), "1" | "true" | "TRUE"))),
        CellType::Error => raw.map(Value::Error),
        // `t="d"`: an ISO 8601 date-time, years 0 to 9999.
        CellType::Date => raw.map(|v| match iso_to_serial(v, 0..=9999) {
            Some(d) => Value::DateTime(d),
            None => Value::Text(v),
        }),
        CellType::Number => match raw {
            Some(v) => match v.trim().parse::<f64>() {
                Ok(n) if xf.date => Some(Value::DateTime(n + date_offset)),
                Ok(n) => Some(Value::Number(n)),
                Err(_) => Some(Value::Text(v)),
            },
            None => pc.inline.as_deref().map(Value::Text),
        },
    };
    let unescaped;
    let value = match value {
        Some(Value::Text(s)) if !matches!(pc.t, CellType::Shared) && s.contains("_x") => {
            unescaped = unescape_ooxml(s).into_owned();
            Some(Value::Text(unescaped.as_str()))
        }
        v => v,
    };
    let value = match (value, pc.formula.as_deref()) {
        (Some(Value::Text("")), None) | (None, None) => return Ok(false),
        (None, Some(_)) => Value::Text(""),
        (Some(v), _) => v,
    };
    let mut hide = base_hide | row_hide;
    let col_hidden =
        hidden_cols.contains(pc.col) || (default_col_hidden && !explicit_cols.contains(pc.col));
    if col_hidden {
        hide |= Hide::COLUMN;
        if collapsed_cols.contains(pc.col) {
            hide |= Hide::COLLAPSED;
        }
    }
    if xf.hides(&value) {
        hide |= Hide::INVISIBLE;
    }
    if let Some(f) = sc.styles.cell_format(pc.style) {
        sv.cell_format(pc.row, pc.col, f);
    }
    sv.cell(&Cell {
        row: pc.row,
        col: pc.col,
        value,
        formula: pc.formula.as_deref(),
        hide,
    });
    Ok(true)
}

/// Rows lower than this (points) show no text: a row of 0.75 pt holding a
/// name is as hidden as one marked hidden.
pub(crate) const MIN_VISIBLE_ROW_POINTS: f64 = 2.0;
/// Row heights kept per sheet for a rebuilt copy (a million rows each of
/// its own height would be a million entries).
const MAX_ROW_HEIGHTS: usize = 10_000;
/// Columns narrower than this (characters) show no text either.
pub(crate) const MIN_VISIBLE_COL_CHARS: f64 = 0.5;

/// A column width as a file stores it (`<col width>`, or a BIFF `COLINFO`
/// width / 256), which includes the cell padding, as the number of
/// characters Excel shows in its column width box. Assumes the default
/// font's maximum digit width of 7 pixels and 5 pixels of padding
/// (Calibri 11).
///
/// ```
/// use foiguard::source::ooxml::sheet::width_to_chars;
/// assert_eq!(width_to_chars(30.7109375), 30.0);
/// assert_eq!(width_to_chars(9.140625), 8.43);
/// assert_eq!(width_to_chars(6.0 / 7.0), 0.5); // 6 pixels
/// ```
pub fn width_to_chars(width: f64) -> f64 {
    const DIGIT: f64 = 7.0;
    const PAD: f64 = 5.0;
    let px = (width * DIGIT).round();
    let chars = if px >= DIGIT + PAD {
        (px - PAD) / DIGIT
    } else {
        px / (DIGIT + PAD)
    };
    (chars * 100.0).round() / 100.0
}

/// A range reference (`A1:C3`, or one cell `B2`) as 0-based
/// (first row, first column, last row, last column).
fn parse_range(r: &str) -> Option<(u32, u32, u32, u32)> {
    let (a, b) = r.trim().split_once(':').unwrap_or((r.trim(), r.trim()));
    let (r1, c1) = parse_a1(a)?;
    let (r2, c2) = parse_a1(b)?;
    Some((r1.min(r2), c1.min(c2), r1.max(r2), c1.max(c2)))
}

/// Read an inline string (`<is>`): text runs, without phonetic runs.
fn read_inline<R: BufRead>(r: &mut XmlReader<R>, max: usize) -> Result<String> {
    let stop = r.depth().saturating_sub(1);
    let mut out = String::new();
    enum Step {
        Skip,
        Text,
        End,
        Eof,
        Other,
    }
    loop {
        let step = match r.next()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "rPh" => Step::Skip,
                "t" => Step::Text,
                _ => Step::Other,
            },
            Event::End(_) => Step::End,
            Event::Eof => Step::Eof,
            _ => Step::Other,
        };
        match step {
            Step::Skip => r.skip()?,
            Step::Text => {
                let t = r.read_text()?;
                out.push_str(&t);
            }
            Step::End if r.depth() == stop => return Ok(unescape_ooxml(&out).into_owned()),
            Step::Eof => return Err(SourceError::Corrupt("inline string outside a cell".into())),
            _ => {}
        }
        if out.len() > max {
            return Err(SourceError::Limit(format!(
                "an inline string in {} is too long",
                r.part()
            )));
        }
    }
}

fn hyperlink(
    e: &BytesStart<'_>,
    sc: &SheetCtx<'_>,
    sheet_loc: &Location,
    visitor: &dyn Visitor,
    aggs: &mut SheetTally,
) {
    let cell_ref = attr(e, "ref").unwrap_or_default();
    let link = Hyperlink {
        cell: cell_ref.split(':').next().unwrap_or("").to_string(),
        rel: attr(e, "id").and_then(|id| sc.rels.iter().find(|r| r.id == id)),
        location: attr(e, "location"),
        tooltip: attr(e, "tooltip"),
        display: attr(e, "display"),
    };
    aggs.hyperlink(link, sheet_loc, visitor);
}

fn finish_validation(
    d: Dv,
    sc: &SheetCtx<'_>,
    sheet_loc: &Location,
    visitor: &dyn Visitor,
    aggs: &mut SheetTally,
) {
    if !d.kind.eq_ignore_ascii_case("list") {
        return;
    }
    let first = d.sqref.split_whitespace().next().unwrap_or("");
    let first = first.split(':').next().unwrap_or("").to_string();
    let f = d.formula1.trim();
    let mut l = sheet_loc.clone();
    if !first.is_empty() {
        l.cell = Some(first.clone());
    }
    let variant = if sc.refs.reaches_hidden(f) {
        "hidden_source"
    } else {
        "list"
    };
    if f.starts_with('"') && f.ends_with('"') && f.len() >= 2 {
        visitor.text(
            TextPlace {
                kind: Kind::DataValidation,
                location: &l,
                field: Some("list"),
                hidden: false,
            },
            &f[1..f.len() - 1],
        );
    } else if !sheet_refs(f).is_empty() || variant == "hidden_source" {
        visitor.text(
            TextPlace {
                kind: Kind::DataValidation,
                location: &l,
                field: Some("source"),
                hidden: true,
            },
            f,
        );
    }
    aggs.add(Kind::DataValidation, variant, first, f);
}

/// Header/footer text without its formatting codes (`&L`, `&"Arial,Bold"`,
/// `&12`, `&K00FF00`, `&P`...).
///
/// ```
/// use foiguard::source::ooxml::sheet::strip_header_codes;
/// assert_eq!(strip_header_codes("&L&\"Arial,Bold\"&14Jane Doe&CPage &P of &N&RPC 4521"), "Jane Doe Page of PC 4521");
/// assert_eq!(strip_header_codes("&LR&&D"), "R&D");
/// assert_eq!(strip_header_codes("&P&D&T"), "");
/// ```
pub fn strip_header_codes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '&' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('&') => out.push('&'),
            Some('"') => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            Some(d) if d.is_ascii_digit() => {
                while chars.peek().is_some_and(|c| c.is_ascii_digit()) {
                    chars.next();
                }
            }
            Some('K') | Some('k') => {
                for _ in 0..6 {
                    chars.next();
                }
            }
            Some('L' | 'C' | 'R') => out.push(' '),
            Some(_) | None => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when header/footer text is only page furniture ("Page of", "Seite
/// von") left after the page-number codes are stripped.
///
/// ```
/// use foiguard::source::ooxml::sheet::is_page_furniture;
/// assert!(is_page_furniture("Page of"));
/// assert!(is_page_furniture("ページ"));
/// assert!(!is_page_furniture("Page of - Jane Doe"));
/// ```
pub fn is_page_furniture(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "page",
        "pages",
        "of",
        "sheet",
        "printed",
        "on",
        "date",
        "time",
        "seite",
        "von",
        "blatt",
        "página",
        "pagina",
        "de",
        "sur",
        "ページ",
        "頁",
        "页",
        "第",
        "共",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| WORDS.contains(&w.to_lowercase().as_str()))
}
