//! One xlsb worksheet or macrosheet part (`sheetN.bin`), read by us: every
//! cell with its visibility (hidden sheet, row, column, filter, collapsed
//! outline, invisible formatting), the layout (hidden rows and columns,
//! column widths, merged ranges), and the other hiding places of the sheet
//! part: headers and footers, hyperlinks, data validation text.
//!
//! Records ([MS-XLSB] 2.4) used: `BrtRowHdr`, the cell records
//! (`BrtCellBlank` .. `BrtFmlaError`, `BrtCellRString`), `BrtColInfo`,
//! `BrtWsFmtInfo`, `BrtBeginAFilter`, `BrtMergeCell`, `BrtHLink`,
//! `BrtBeginHeaderFooter`, `BrtDVal`. A record of an unknown type inside
//! the cell table is an error: it could hold a value we cannot see.

use std::collections::HashMap;
use std::sync::atomic::AtomicU64;

use super::{BinRecords, rich_text, u16_at, u32_at, wide_str};
use crate::finding::Kind;
use crate::model::{
    Cell, Feature, Hide, IndexSet, Location, Presentation, SheetInfo, SheetLayout, TextPlace,
    Value, Visitor, a1,
};
use crate::numbers::thousands;
use crate::source::merged::MergedCells;
use crate::source::ooxml::opc::Relationship;
use crate::source::ooxml::sheet::{
    MIN_VISIBLE_COL_CHARS, MIN_VISIBLE_ROW_POINTS, is_page_furniture, strip_header_codes,
    width_to_chars,
};
use crate::source::ooxml::styles::Styles;
use crate::source::sheet_tally::{CellBudget, Hyperlink, MAX_COL, SheetTally, close_columns};
use crate::source::{Limits, Result, SourceError};

/// Highest 0-based row index in a worksheet.
const MAX_ROW: u32 = 1_048_575;

const BRT_ROW_HDR: u16 = 0x0000;
const BRT_CELL_BLANK: u16 = 0x0001;
const BRT_CELL_RK: u16 = 0x0002;
const BRT_CELL_ERROR: u16 = 0x0003;
const BRT_CELL_BOOL: u16 = 0x0004;
const BRT_CELL_REAL: u16 = 0x0005;
const BRT_CELL_ST: u16 = 0x0006;
const BRT_CELL_ISST: u16 = 0x0007;
const BRT_FMLA_STRING: u16 = 0x0008;
const BRT_FMLA_NUM: u16 = 0x0009;
const BRT_FMLA_BOOL: u16 = 0x000A;
const BRT_FMLA_ERROR: u16 = 0x000B;
const BRT_FRT_BEGIN: u16 = 0x0023;
const BRT_FRT_END: u16 = 0x0024;
const BRT_AC_BEGIN: u16 = 0x0025;
const BRT_AC_END: u16 = 0x0026;
const BRT_CELL_META: u16 = 0x0031;
const BRT_VALUE_META: u16 = 0x0032;
const BRT_COL_INFO: u16 = 0x003C;
const BRT_CELL_RSTRING: u16 = 0x003E;
const BRT_DVAL: u16 = 0x0040;
const BRT_BEGIN_SHEET_DATA: u16 = 0x0091;
const BRT_END_SHEET_DATA: u16 = 0x0092;
const BRT_WS_PROP: u16 = 0x0093;
const BRT_BEGIN_AFILTER: u16 = 0x00A1;
const BRT_MERGE_CELL: u16 = 0x00B0;
const BRT_BEGIN_USER_SH_VIEW: u16 = 0x01A7;
const BRT_END_USER_SH_VIEW: u16 = 0x01A8;
const BRT_ARR_FMLA: u16 = 0x01AA;
const BRT_SHR_FMLA: u16 = 0x01AB;
const BRT_TABLE: u16 = 0x01AC;
const BRT_BEGIN_HEADER_FOOTER: u16 = 0x01DF;
const BRT_WS_FMT_INFO: u16 = 0x01E5;
const BRT_HLINK: u16 = 0x01EE;
const BRT_PHONETIC_INFO: u16 = 0x0219;
const BRT_RW_DESCENT: u16 = 0x0400;

/// What reading a sheet needs from the rest of the package.
pub(super) struct SheetCtx<'a> {
    pub part: &'a str,
    pub info: &'a SheetInfo,
    pub sst: &'a [String],
    pub styles: &'a Styles,
    pub date1904: bool,
    /// The sheet part's own relationships (hyperlink targets).
    pub rels: &'a [Relationship],
    /// Formula text by (row, column), when known.
    pub formulas: &'a HashMap<(u32, u32), String>,
    /// Cells read so far in the whole file.
    pub cells: &'a AtomicU64,
    pub limits: &'a Limits,
}

/// What the sheet pass learned, for the caller's sheet-level features.
#[derive(Debug, Default, Clone)]
pub(super) struct SheetSummary {
    /// Non-empty cells sent to the visitor.
    pub cells: u64,
    /// Relationship ids the sheet used for its hyperlinks.
    pub used_rels: Vec<String>,
}

/// Sheet-level facts gathered before the cells: columns, defaults, filter.
#[derive(Default)]
struct Before {
    hidden_cols: IndexSet,
    collapsed_cols: IndexSet,
    explicit_cols: IndexSet,
    widths: Vec<(u32, u32, f64)>,
    /// Merged ranges (they follow the cells in the part).
    merged: Vec<(u32, u32, u32, u32)>,
    default_col_hidden: bool,
    zero_default_height: bool,
    /// First row (the header) of the sheet's autofilter.
    filter_header: Option<u32>,
    filter_mode: bool,
}

fn corrupt(part: &str, what: impl std::fmt::Display) -> SourceError {
    SourceError::Corrupt(format!("{part}: {what}"))
}

fn cut(part: &str) -> SourceError {
    corrupt(part, "a record is cut off (truncated)")
}

/// First pass: column information, sheet defaults, merged ranges and the
/// autofilter range, wherever they sit in the part.
fn scan_before(d: &[u8], part: &str) -> Result<Before> {
    let bad = |what: &str| corrupt(part, format!("malformed {what} record"));
    let mut b = Before::default();
    let mut recs = BinRecords::new(d);
    let mut user_view = 0usize;
    while let Some((typ, data)) = recs.next_rec().map_err(|_| cut(part))? {
        match typ {
            BRT_BEGIN_USER_SH_VIEW => user_view += 1,
            BRT_END_USER_SH_VIEW => user_view = user_view.saturating_sub(1),
            BRT_WS_PROP => {
                // fFilterMode is bit 16 of the first three bytes.
                if let Some(&f) = data.get(2) {
                    b.filter_mode = f & 0x01 != 0;
                }
            }
            BRT_WS_FMT_INFO => {
                let dx = u32_at(data, 0).ok_or_else(|| bad("BrtWsFmtInfo"))?;
                let flags = u16_at(data, 8).ok_or_else(|| bad("BrtWsFmtInfo"))?;
                b.default_col_hidden = dx == 0;
                b.zero_default_height = flags & 0x0002 != 0;
            }
            BRT_COL_INFO => {
                let first = u32_at(data, 0).ok_or_else(|| bad("BrtColInfo"))?;
                let last = u32_at(data, 4).ok_or_else(|| bad("BrtColInfo"))?;
                let coldx = u32_at(data, 8).ok_or_else(|| bad("BrtColInfo"))?;
                let flags = u16_at(data, 16).ok_or_else(|| bad("BrtColInfo"))?;
                if first > last || last > MAX_COL {
                    return Err(corrupt(
                        part,
                        format!("column information for columns {first}..{last} is out of range"),
                    ));
                }
                let level = (flags >> 8) & 0x7;
                // Width in 1/256 of a character: under half a character
                // no text shows.
                let hidden =
                    flags & 0x0001 != 0 || f64::from(coldx) / 256.0 < MIN_VISIBLE_COL_CHARS;
                b.explicit_cols.insert_range(first, last);
                if coldx > 0 {
                    b.widths
                        .push((first, last, width_to_chars(coldx as f64 / 256.0)));
                }
                if hidden {
                    b.hidden_cols.insert_range(first, last);
                    if level > 0 {
                        b.collapsed_cols.insert_range(first, last);
                    }
                }
            }
            BRT_MERGE_CELL => {
                let v: Option<Vec<u32>> = (0..4).map(|i| u32_at(data, i * 4)).collect();
                let v = v.ok_or_else(|| bad("BrtMergeCell"))?;
                let (r1, r2, c1, c2) = (v[0], v[1], v[2], v[3]);
                if r1.max(r2) <= MAX_ROW && c1.max(c2) <= MAX_COL {
                    b.merged
                        .push((r1.min(r2), c1.min(c2), r1.max(r2), c1.max(c2)));
                }
            }
            BRT_BEGIN_AFILTER if user_view == 0 => {
                let row = u32_at(data, 0).ok_or_else(|| bad("BrtBeginAFilter"))?;
                b.filter_header = Some(row.min(MAX_ROW));
            }
            _ => {}
        }
    }
    Ok(b)
}

/// An RkNumber ([MS-XLSB] 2.5.122).
fn rk(v: u32) -> f64 {
    let n = if v & 0x02 != 0 {
        ((v as i32) >> 2) as f64
    } else {
        f64::from_bits(((v & 0xFFFF_FFFC) as u64) << 32)
    };
    if v & 0x01 != 0 { n / 100.0 } else { n }
}

fn error_text(code: u8) -> Option<&'static str> {
    Some(match code {
        0x00 => "#NULL!",
        0x07 => "#DIV/0!",
        0x0F => "#VALUE!",
        0x17 => "#REF!",
        0x1D => "#NAME?",
        0x24 => "#NUM!",
        0x2A => "#N/A",
        0x2B => "#GETTING_DATA",
        _ => return None,
    })
}

/// A cell's value as read from its record, before the style decides
/// whether a number is a date.
enum Raw {
    Num(f64),
    Text(String),
    Sst(usize),
    Bool(bool),
    Err(&'static str),
}

/// Read one worksheet or macrosheet part: every non-empty cell to the
/// sheet visitor, then the layout; features for headers/footers,
/// hyperlinks and validation lists.
pub(super) fn read_sheet(
    d: &[u8],
    sc: &SheetCtx<'_>,
    visitor: &dyn Visitor,
) -> Result<SheetSummary> {
    let part = sc.part;
    let bad = |what: &str| corrupt(part, format!("malformed {what} record"));
    let before = scan_before(d, part)?;
    let mut sv = visitor.sheet(sc.info);
    let base_hide = sc.info.state.hide();
    let loc = || Location::sheet(&sc.info.name).with_part(part);

    let mut layout = SheetLayout {
        has_autofilter: before.filter_header.is_some() || before.filter_mode,
        ..Default::default()
    };
    let presentation = Presentation {
        column_widths: before.widths.clone(),
        merged: before.merged.clone(),
        ..Default::default()
    };
    let mut merged = MergedCells::from_tuples(&before.merged);
    let date_offset = if sc.date1904 { 1462.0 } else { 0.0 };

    let mut in_data = false;
    let mut data_seen = false;
    let mut future = 0usize;
    let mut row: Option<u32> = None;
    let mut row_hide = Hide::NONE;
    let mut budget = CellBudget::new(sc.cells, sc.limits, part);
    let mut aggs = SheetTally::default();
    let mut used_rels: Vec<String> = Vec::new();
    let mut recs = BinRecords::new(d);

    while let Some((typ, data)) = recs.next_rec().map_err(|_| cut(part))? {
        // Future records (FRT and AC blocks) are skipped: they hold no cells.
        match typ {
            BRT_FRT_BEGIN | BRT_AC_BEGIN => {
                future += 1;
                continue;
            }
            BRT_FRT_END | BRT_AC_END => {
                future = future.saturating_sub(1);
                continue;
            }
            _ if future > 0 => continue,
            _ => {}
        }
        if !in_data {
            match typ {
                BRT_BEGIN_SHEET_DATA => {
                    if data_seen {
                        return Err(corrupt(part, "a second cell table"));
                    }
                    in_data = true;
                    data_seen = true;
                }
                BRT_HLINK => {
                    hyperlink(data, sc, &loc(), visitor, &mut aggs, &mut used_rels)
                        .ok_or_else(|| bad("BrtHLink"))?;
                }
                BRT_BEGIN_HEADER_FOOTER => {
                    header_footer(data, &loc(), visitor)
                        .ok_or_else(|| bad("BrtBeginHeaderFooter"))?;
                }
                BRT_DVAL => {
                    validation(data, &loc(), visitor, &mut aggs).ok_or_else(|| bad("BrtDVal"))?;
                }
                BRT_ROW_HDR
                | BRT_CELL_BLANK..=BRT_FMLA_ERROR
                | BRT_CELL_RSTRING
                | BRT_ARR_FMLA
                | BRT_SHR_FMLA
                | BRT_TABLE => {
                    return Err(corrupt(
                        part,
                        format!("a cell record (type 0x{typ:04X}) outside the cell table"),
                    ));
                }
                _ => {}
            }
            continue;
        }
        // Inside the cell table.
        let (value, formula_record) = match typ {
            BRT_END_SHEET_DATA => {
                in_data = false;
                continue;
            }
            BRT_ROW_HDR => {
                let r = u32_at(data, 0).ok_or_else(|| bad("BrtRowHdr"))?;
                let height = u16_at(data, 8).ok_or_else(|| bad("BrtRowHdr"))?;
                let lo = *data.get(10).ok_or_else(|| bad("BrtRowHdr"))?;
                let hi = *data.get(11).ok_or_else(|| bad("BrtRowHdr"))?;
                let flags = u16::from_le_bytes([lo, hi]);
                if r > MAX_ROW {
                    return Err(corrupt(
                        part,
                        format!("row {} is outside the sheet", r as u64 + 1),
                    ));
                }
                let level = (flags >> 8) & 0x7;
                // fDyZero, a height (twips) under two points, or a sheet
                // whose default height is zero for a row without its own
                // height (fUnsynced).
                let zero = flags & 0x1000 != 0
                    || f64::from(height) / 20.0 < MIN_VISIBLE_ROW_POINTS
                    || (before.zero_default_height && flags & 0x2000 == 0);
                row = Some(r);
                row_hide = Hide::NONE;
                if zero {
                    row_hide = Hide::ROW;
                    if level > 0 {
                        row_hide |= Hide::COLLAPSED;
                    } else if before.filter_header.is_some_and(|h| r > h) {
                        row_hide |= Hide::FILTERED;
                    }
                    layout.hidden_rows.insert(r);
                }
                continue;
            }
            BRT_CELL_BLANK => continue,
            BRT_CELL_RK => (
                Raw::Num(rk(u32_at(data, 8).ok_or_else(|| bad("BrtCellRk"))?)),
                false,
            ),
            BRT_CELL_ERROR | BRT_FMLA_ERROR => {
                let code = *data.get(8).ok_or_else(|| bad("BrtCellError"))?;
                let e = error_text(code).ok_or_else(|| {
                    corrupt(part, format!("unknown error code 0x{code:02X} in a cell"))
                })?;
                (Raw::Err(e), typ == BRT_FMLA_ERROR)
            }
            BRT_CELL_BOOL | BRT_FMLA_BOOL => (
                Raw::Bool(*data.get(8).ok_or_else(|| bad("BrtCellBool"))? != 0),
                typ == BRT_FMLA_BOOL,
            ),
            BRT_CELL_REAL | BRT_FMLA_NUM => {
                let b: [u8; 8] = data
                    .get(8..16)
                    .and_then(|b| b.try_into().ok())
                    .ok_or_else(|| bad("BrtCellReal"))?;
                (Raw::Num(f64::from_le_bytes(b)), typ == BRT_FMLA_NUM)
            }
            BRT_CELL_ST | BRT_FMLA_STRING => {
                let (s, _) = wide_str(data, 8).ok_or_else(|| bad("BrtCellSt"))?;
                (Raw::Text(s.unwrap_or_default()), typ == BRT_FMLA_STRING)
            }
            BRT_CELL_RSTRING => (
                Raw::Text(rich_text(data, 8).ok_or_else(|| bad("BrtCellRString"))?),
                false,
            ),
            BRT_CELL_ISST => {
                let i = u32_at(data, 8).ok_or_else(|| bad("BrtCellIsst"))?;
                (Raw::Sst(i as usize), false)
            }
            BRT_ARR_FMLA | BRT_SHR_FMLA | BRT_TABLE | BRT_CELL_META | BRT_VALUE_META
            | BRT_RW_DESCENT | BRT_PHONETIC_INFO => continue,
            other => {
                return Err(corrupt(
                    part,
                    format!("an unknown record (type 0x{other:04X}) inside the cell table"),
                ));
            }
        };
        let col = u32_at(data, 0).ok_or_else(|| bad("cell"))?;
        let style = u32_at(data, 4).ok_or_else(|| bad("cell"))? & 0x00FF_FFFF;
        let Some(r) = row else {
            return Err(corrupt(part, "a cell before any row"));
        };
        if col > MAX_COL {
            return Err(corrupt(
                part,
                format!("a cell in column {} is outside the sheet", col as u64 + 1),
            ));
        }
        let xf = sc.styles.xf(style as usize);
        let formula = sc.formulas.get(&(r, col)).map(String::as_str);
        let value = match &value {
            Raw::Num(n) if xf.date => Value::DateTime(n + date_offset),
            Raw::Num(n) => Value::Number(*n),
            Raw::Text(s) => Value::Text(s),
            Raw::Sst(i) => Value::Text(sc.sst.get(*i).ok_or_else(|| {
                corrupt(
                    part,
                    format!(
                        "cell {} refers to shared string {i}, but there are only {}",
                        a1(r, col),
                        thousands(sc.sst.len() as u64)
                    ),
                )
            })?),
            Raw::Bool(b) => Value::Bool(*b),
            Raw::Err(e) => Value::Error(e),
        };
        if matches!(value, Value::Text("")) && !(formula_record && formula.is_some()) {
            continue;
        }
        let mut hide = base_hide | row_hide;
        let col_hidden = before.hidden_cols.contains(col)
            || (before.default_col_hidden && !before.explicit_cols.contains(col));
        if col_hidden {
            hide |= Hide::COLUMN;
            if before.collapsed_cols.contains(col) {
                hide |= Hide::COLLAPSED;
            }
        }
        if xf.hides(&value) || merged.covers(r, col) {
            hide |= Hide::INVISIBLE;
        }
        if let Some(f) = sc.styles.cell_format(style as usize) {
            sv.cell_format(r, col, f);
        }
        sv.cell(&Cell {
            row: r,
            col,
            value,
            formula,
            hide,
        });
        budget.add()?;
    }
    if in_data {
        return Err(corrupt(part, "the cell table does not end (truncated)"));
    }
    budget.charge()?;

    layout.hidden_columns = close_columns(
        before.hidden_cols.clone(),
        &before.explicit_cols,
        before.default_col_hidden,
    );
    if !presentation.is_empty() {
        sv.presentation(&presentation);
    }
    sv.finish(layout);

    aggs.report(&loc(), visitor);
    Ok(SheetSummary {
        cells: budget.sent,
        used_rels,
    })
}

/// An UncheckedRfX's first cell, as A1.
fn first_cell(d: &[u8]) -> Option<String> {
    let r = u32_at(d, 0)?;
    let c = u32_at(d, 8)?;
    Some(if r <= MAX_ROW && c <= MAX_COL {
        a1(r, c)
    } else {
        String::new()
    })
}

/// `BrtHLink`: range, relationship id, location, tooltip, display text.
fn hyperlink(
    d: &[u8],
    sc: &SheetCtx<'_>,
    sheet_loc: &Location,
    visitor: &dyn Visitor,
    aggs: &mut SheetTally,
    used: &mut Vec<String>,
) -> Option<()> {
    let cell = first_cell(d)?;
    let (rel_id, at) = wide_str(d, 16)?;
    let (location, at) = wide_str(d, at)?;
    let (tooltip, at) = wide_str(d, at)?;
    let (display, _) = wide_str(d, at)?;
    let rel_id = rel_id.filter(|r| !r.is_empty());
    if let Some(id) = &rel_id {
        used.push(id.clone());
    }
    let link = Hyperlink {
        cell,
        rel: rel_id
            .as_ref()
            .and_then(|id| sc.rels.iter().find(|r| &r.id == id)),
        location,
        tooltip,
        display,
    };
    aggs.hyperlink(link, sheet_loc, visitor);
    Some(())
}

/// `BrtBeginHeaderFooter`: flags, then six nullable strings.
fn header_footer(d: &[u8], l: &Location, visitor: &dyn Visitor) -> Option<()> {
    const FIELDS: [&str; 6] = [
        "oddHeader",
        "oddFooter",
        "evenHeader",
        "evenFooter",
        "firstHeader",
        "firstFooter",
    ];
    let mut at = 2;
    for field in FIELDS {
        let (raw, next) = wide_str(d, at)?;
        at = next;
        let text = strip_header_codes(&raw.unwrap_or_default());
        if text.is_empty() {
            continue;
        }
        visitor.text(
            TextPlace {
                kind: Kind::HeaderFooter,
                location: l,
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
        if !is_page_furniture(&text) {
            visitor.feature(
                Feature::new(
                    Kind::HeaderFooter,
                    l.clone(),
                    format!("The sheet has {what} text that only shows when printed."),
                )
                .variant(what)
                .sample(text),
            );
        }
    }
    Some(())
}

/// `BrtDVal`: flags, ranges, four nullable strings (title, error, prompt
/// title, prompt), then the formulas. Every string, and the explicit list
/// of a list validation (a `PtgStr` as the whole first formula), goes to
/// the content detectors.
fn validation(
    d: &[u8],
    sheet_loc: &Location,
    visitor: &dyn Visitor,
    aggs: &mut SheetTally,
) -> Option<()> {
    let flags = u32_at(d, 0)?;
    let n = u32_at(d, 4)? as usize;
    let ranges_end = n.checked_mul(16)?.checked_add(8)?;
    if ranges_end > d.len() {
        return None;
    }
    let cell = if n > 0 {
        first_cell(d.get(8..)?)?
    } else {
        String::new()
    };
    let mut l = sheet_loc.clone();
    if !cell.is_empty() {
        l.cell = Some(cell.clone());
    }
    let mut at = ranges_end;
    for field in ["errorTitle", "error", "promptTitle", "prompt"] {
        let (s, next) = wide_str(d, at)?;
        at = next;
        if let Some(t) = s.filter(|t| !t.trim().is_empty()) {
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
    if flags & 0x0F != 3 {
        return Some(());
    }
    // A list: the first formula (cce, rgce, cb, rgcb).
    let cce = u32_at(d, at)? as usize;
    let rgce = d.get(at + 4..(at + 4).checked_add(cce)?)?;
    let mut sample = String::new();
    if rgce.first() == Some(&0x17) {
        let cch = u16_at(rgce, 1)? as usize;
        let b = rgce.get(3..3 + cch.checked_mul(2)?)?;
        let mut s = String::new();
        super::text::push_utf16le(&mut s, b);
        let list = s.replace('\0', ",");
        visitor.text(
            TextPlace {
                kind: Kind::DataValidation,
                location: &l,
                field: Some("list"),
                hidden: false,
            },
            &list,
        );
        sample = list;
    }
    aggs.add(Kind::DataValidation, "list", cell, &sample);
    Some(())
}
