//! The first pass over a sheet substream: hidden rows and columns, filters,
//! column widths and merged ranges, shared formulas, notes (comments), text
//! boxes, headers and footers, hyperlinks, chart caches and pictures.

use std::collections::{BTreeMap, HashMap};

use super::biff::{
    BOF, EOF, Frags, Records, byte_string, short_xl_string, u16_at, u32_at, xl_string,
};
use super::hyperlinks::{Link, parse_hlink};
use super::sheet::SheetCtx;
use super::text::{decode_cp, printable_runs, utf16le_z};
use crate::model::{Hide, IndexSet, Presentation, SheetLayout};
use crate::source::ooxml::sheet::{
    MIN_VISIBLE_COL_CHARS, MIN_VISIBLE_ROW_POINTS, is_page_furniture, strip_header_codes,
};
use crate::source::{Result, SourceError};

/// Columns covered by the per-column lookup table (every u16 column).
const COL_TABLE: usize = 65_536;
/// Row heights kept per sheet for a rebuilt copy.
const MAX_ROW_HEIGHTS: usize = 10_000;

#[derive(Default, Clone, Copy)]
struct RowInfo {
    hidden: bool,
    level: u8,
}

#[derive(Clone, Copy)]
struct ColInfo {
    first: u16,
    last: u16,
    hidden: bool,
    level: u8,
}

#[derive(Default)]
pub(super) struct Note {
    pub(super) row: u16,
    pub(super) col: u16,
    pub(super) shown: bool,
    obj: u16,
    pub(super) author: String,
    pub(super) text: String,
}

/// A validation list: its first cell and its `formula1` (an explicit list
/// is one string token, a source is a reference or a name).
pub(super) struct Validation {
    pub(super) row: u16,
    pub(super) col: u16,
    pub(super) rgce: Vec<u8>,
}

#[derive(Default)]
pub(super) struct SheetScan {
    rows: BTreeMap<u16, RowInfo>,
    default_row_hidden: bool,
    cols: Vec<ColInfo>,
    /// Per column (0..COL_TABLE), the last COLINFO covering it.
    col_table: Vec<Option<ColInfo>>,
    default_col_hidden: Option<bool>,
    std_width_zero: Option<bool>,
    autofilter: bool,
    pub(super) dialog: bool,
    pub(super) chart_mode: bool,
    pub(super) shared: HashMap<(u16, u16), Vec<u8>>,
    pub(super) notes: Vec<Note>,
    obj_text: HashMap<u16, String>,
    pub(super) textboxes: Vec<String>,
    pub(super) header_footer: Vec<(&'static str, String)>,
    pub(super) links: Vec<Link>,
    pub(super) chart_values: u64,
    pub(super) chart_text: Vec<String>,
    pub(super) pictures: u64,
    /// Column widths (COLINFO) and merged ranges (MERGEDCELLS).
    pub(super) presentation: Presentation,
    /// Drop-down validation lists (DV records of type list).
    pub(super) validations: Vec<Validation>,
    /// Offset just after the sheet's EOF record.
    pub(super) end: usize,
}

impl SheetScan {
    fn row_hidden(&self, r: u16) -> Option<RowInfo> {
        match self.rows.get(&r) {
            Some(i) if i.hidden => Some(*i),
            Some(_) => None,
            None if self.default_row_hidden => Some(RowInfo {
                hidden: true,
                level: 0,
            }),
            None => None,
        }
    }

    fn col_hidden(&self, c: u16) -> Option<ColInfo> {
        // The last COLINFO covering a column wins (precomputed per column).
        // Columns past the table are covered by no COLINFO.
        let found = self.col_table.get(c as usize).copied().flatten();
        match found {
            Some(ci) if ci.hidden => Some(ci),
            Some(_) => None,
            None if self
                .std_width_zero
                .or(self.default_col_hidden)
                .unwrap_or(false) =>
            {
                Some(ColInfo {
                    first: c,
                    last: c,
                    hidden: true,
                    level: 0,
                })
            }
            None => None,
        }
    }

    pub(super) fn hide_for(&self, row: u16, col: u16) -> Hide {
        let mut h = Hide::NONE;
        if let Some(ri) = self.row_hidden(row) {
            h |= Hide::ROW;
            if self.autofilter {
                h |= Hide::FILTERED;
            }
            if ri.level > 0 {
                h |= Hide::COLLAPSED;
            }
        }
        if let Some(ci) = self.col_hidden(col) {
            h |= Hide::COLUMN;
            if ci.level > 0 {
                h |= Hide::COLLAPSED;
            }
        }
        h
    }

    pub(super) fn layout(&self, max_row: u32, max_col: u32) -> SheetLayout {
        let mut l = SheetLayout {
            has_autofilter: self.autofilter,
            ..Default::default()
        };
        if self.default_row_hidden {
            for r in 0..max_row {
                if self.row_hidden(r as u16).is_some() {
                    l.hidden_rows.insert(r);
                }
            }
        } else {
            for (r, i) in &self.rows {
                if i.hidden {
                    l.hidden_rows.insert(*r as u32);
                }
            }
        }
        let mut cols = IndexSet::default();
        for c in 0..max_col {
            if self.col_hidden(c as u16).is_some() {
                cols.insert(c);
            }
        }
        l.hidden_columns = cols;
        l
    }
}

/// First pass over a sheet: layout and every non-cell hiding place.
pub(super) fn scan_sheet(stream: &[u8], start: usize, sc: &SheetCtx<'_>) -> Result<SheetScan> {
    let part = sc.part;
    let biff8 = sc.g.biff8;
    let cp = sc.g.codepage;
    let bad = |what: &str, pos: usize| {
        SourceError::Corrupt(format!(
            "{part}: malformed {what} record at byte {pos} (sheet '{}')",
            sc.info.name
        ))
    };
    let mut s = SheetScan::default();
    let mut recs = Records::new(stream, start, part);
    let mut depth = 0usize;
    let mut last_obj: Option<(u16, u16)> = None; // (id, ot)
    let mut last_link: Option<usize> = None;
    let mut in_chart_sub = false;
    let mut frozen = false;
    loop {
        let r = recs.need("a sheet")?;
        let d = r.data;
        match r.typ {
            BOF => {
                depth += 1;
                if depth == 1 {
                    s.chart_mode = u16_at(d, 2) == Some(0x0020);
                } else {
                    in_chart_sub = true;
                }
                continue;
            }
            EOF => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
                if depth == 1 {
                    in_chart_sub = false;
                }
                continue;
            }
            _ => {}
        }
        let chart = in_chart_sub || s.chart_mode;
        if chart {
            match r.typ {
                0x0203 => s.chart_values += 1,
                0x0204 => {
                    let t = if biff8 {
                        xl_string(d, 6)
                    } else {
                        byte_string(d, 6, true, cp)
                    };
                    if let Some((t, _)) = t {
                        s.chart_values += 1;
                        if !t.trim().is_empty() {
                            s.chart_text.push(t);
                        }
                    }
                }
                0x100D => {
                    let t = if biff8 {
                        short_xl_string(d, 2)
                    } else {
                        byte_string(d, 2, false, cp)
                    };
                    if let Some((t, _)) = t
                        && !t.trim().is_empty()
                    {
                        s.chart_text.push(t);
                    }
                }
                _ => {}
            }
            if depth > 1 || s.chart_mode {
                // Chart substreams can hold objects and text boxes too.
                if r.typ != 0x005D && r.typ != 0x01B6 {
                    continue;
                }
            }
        }
        match r.typ {
            0x0208 => {
                let row = u16_at(d, 0).ok_or_else(|| bad("ROW", r.pos))?;
                let height = u16_at(d, 6).ok_or_else(|| bad("ROW", r.pos))? & 0x7FFF;
                let flags = u16_at(d, 12).ok_or_else(|| bad("ROW", r.pos))?;
                let points = f64::from(height) / 20.0;
                // fUnsynced (0x40): a height of its own, for a copy to keep.
                if flags & 0x0040 != 0
                    && flags & 0x0020 == 0
                    && points >= MIN_VISIBLE_ROW_POINTS
                    && s.presentation.row_heights.len() < MAX_ROW_HEIGHTS
                {
                    s.presentation.row_heights.push((u32::from(row), points));
                }
                s.rows.insert(
                    row,
                    RowInfo {
                        // Height in twips: under two points no text shows.
                        hidden: flags & 0x0020 != 0
                            || f64::from(height) / 20.0 < MIN_VISIBLE_ROW_POINTS,
                        level: (flags & 0x7) as u8,
                    },
                );
            }
            0x0225 => {
                let flags = u16_at(d, 0).ok_or_else(|| bad("DEFAULTROWHEIGHT", r.pos))?;
                let h = u16_at(d, 2).unwrap_or(255);
                s.default_row_hidden = flags & 0x0002 != 0 || h == 0;
            }
            0x007D => {
                let first = u16_at(d, 0).ok_or_else(|| bad("COLINFO", r.pos))?;
                let last = u16_at(d, 2).ok_or_else(|| bad("COLINFO", r.pos))?;
                let width = u16_at(d, 4).ok_or_else(|| bad("COLINFO", r.pos))?;
                let flags = u16_at(d, 8).ok_or_else(|| bad("COLINFO", r.pos))?;
                if s.cols.len() > 1024 {
                    return Err(bad("COLINFO (too many)", r.pos));
                }
                s.cols.push(ColInfo {
                    first,
                    last,
                    // Width in 1/256 of a character: under half a character
                    // no text shows.
                    hidden: flags & 0x0001 != 0 || f64::from(width) / 256.0 < MIN_VISIBLE_COL_CHARS,
                    level: ((flags >> 8) & 0x7) as u8,
                });
                // Width in 1/256 of a character, padding included (as in
                // OOXML); columns past IV do not exist.
                if width > 0 && first <= 255 {
                    s.presentation.column_widths.push((
                        first as u32,
                        last.min(255) as u32,
                        crate::source::ooxml::sheet::width_to_chars(f64::from(width) / 256.0),
                    ));
                }
            }
            // WINDOW2: bit 3 says the panes are frozen (it comes before PANE).
            0x023E => {
                frozen = u16_at(d, 0).is_some_and(|g| g & 0x0008 != 0);
            }
            // PANE: the columns and rows left of and above the split.
            0x0041 if frozen => {
                let cols = u16_at(d, 0).ok_or_else(|| bad("PANE", r.pos))? as u32;
                let rows = u16_at(d, 2).ok_or_else(|| bad("PANE", r.pos))? as u32;
                if rows > 0 || cols > 0 {
                    s.presentation.freeze = Some((rows, cols.min(255)));
                }
            }
            0x00E5 => {
                // MERGEDCELLS: a count, then (first row, last row, first
                // column, last column) per range.
                let n = u16_at(d, 0).ok_or_else(|| bad("MERGEDCELLS", r.pos))? as usize;
                for k in 0..n {
                    let at = 2 + k * 8;
                    match (
                        u16_at(d, at),
                        u16_at(d, at + 2),
                        u16_at(d, at + 4),
                        u16_at(d, at + 6),
                    ) {
                        (Some(r1), Some(r2), Some(c1), Some(c2)) => s.presentation.merged.push((
                            r1.min(r2) as u32,
                            c1.min(c2) as u32,
                            r1.max(r2) as u32,
                            c1.max(c2) as u32,
                        )),
                        _ => return Err(bad("MERGEDCELLS", r.pos)),
                    }
                }
            }
            0x01BE => {
                if let Some(v) = parse_dv(d) {
                    s.validations.push(v);
                }
            }
            0x0055 => s.default_col_hidden = Some(u16_at(d, 0) == Some(0)),
            0x0099 => s.std_width_zero = Some(u16_at(d, 0) == Some(0)),
            0x009B | 0x009D | 0x009E => s.autofilter = true,
            0x0081 if u16_at(d, 0).is_some_and(|f| f & 0x0010 != 0) => {
                s.dialog = true;
            }
            0x04BC => {
                let r1 = u16_at(d, 0).ok_or_else(|| bad("SHRFMLA", r.pos))?;
                let c1 = *d.get(4).ok_or_else(|| bad("SHRFMLA", r.pos))? as u16;
                let cce = u16_at(d, 8).ok_or_else(|| bad("SHRFMLA", r.pos))? as usize;
                let rgce = d.get(10..10 + cce).ok_or_else(|| bad("SHRFMLA", r.pos))?;
                s.shared.insert((r1, c1), rgce.to_vec());
            }
            0x0221 => {
                let r1 = u16_at(d, 0).ok_or_else(|| bad("ARRAY", r.pos))?;
                let c1 = *d.get(4).ok_or_else(|| bad("ARRAY", r.pos))? as u16;
                let cce = u16_at(d, 12).ok_or_else(|| bad("ARRAY", r.pos))? as usize;
                let rgce = d.get(14..14 + cce).ok_or_else(|| bad("ARRAY", r.pos))?;
                s.shared.insert((r1, c1), rgce.to_vec());
            }
            0x005D => {
                let ot = u16_at(d, 4).unwrap_or(0xFFFF);
                let id = u16_at(d, 6).unwrap_or(0);
                last_obj = Some((id, ot));
                if ot == 0x08 {
                    s.pictures += 1;
                }
            }
            0x01B6 => {
                let cch = u16_at(d, 10).ok_or_else(|| bad("TXO", r.pos))? as usize;
                let conts = recs.continues()?;
                let mut text = String::new();
                if cch > 0 {
                    if biff8 {
                        let mut f = Frags::new(conts);
                        let flags = f.u8().ok_or_else(|| bad("TXO text", r.pos))?;
                        f.chars(cch, flags & 1 != 0, &mut text)
                            .ok_or_else(|| bad("TXO text", r.pos))?;
                    } else {
                        let all: Vec<u8> = conts.concat();
                        let b = all.get(..cch.min(all.len())).unwrap_or_default();
                        text = decode_cp(b, cp);
                    }
                }
                match last_obj.take() {
                    Some((id, 0x19)) => {
                        s.obj_text.insert(id, text);
                    }
                    _ if !text.trim().is_empty() => s.textboxes.push(text),
                    _ => {}
                }
            }
            0x001C => {
                if biff8 {
                    let row = u16_at(d, 0).ok_or_else(|| bad("NOTE", r.pos))?;
                    let col = u16_at(d, 2).ok_or_else(|| bad("NOTE", r.pos))?;
                    let grbit = u16_at(d, 4).ok_or_else(|| bad("NOTE", r.pos))?;
                    let obj = u16_at(d, 6).ok_or_else(|| bad("NOTE", r.pos))?;
                    let author = xl_string(d, 8).map(|x| x.0).unwrap_or_default();
                    s.notes.push(Note {
                        row,
                        col,
                        shown: grbit & 0x0002 != 0,
                        obj,
                        author: author.trim_end_matches('\0').to_string(),
                        text: String::new(),
                    });
                } else {
                    let row = u16_at(d, 0).ok_or_else(|| bad("NOTE", r.pos))?;
                    let col = u16_at(d, 2).ok_or_else(|| bad("NOTE", r.pos))?;
                    let (t, _) = byte_string(d, 4, true, cp).ok_or_else(|| bad("NOTE", r.pos))?;
                    match s.notes.last_mut() {
                        Some(n) if row == 0xFFFF => n.text.push_str(&t),
                        _ => s.notes.push(Note {
                            row,
                            col,
                            text: t,
                            ..Default::default()
                        }),
                    }
                }
            }
            0x0014 | 0x0015 => {
                let field = if r.typ == 0x0014 { "header" } else { "footer" };
                if !d.is_empty() {
                    let t = if biff8 {
                        xl_string(d, 0)
                    } else {
                        byte_string(d, 0, false, cp)
                    };
                    let (t, _) = t.ok_or_else(|| bad(field, r.pos))?;
                    let t = strip_header_codes(&t);
                    // "Page &P of &N" and a font code are not text anyone wrote.
                    if !t.trim().is_empty() && !is_page_furniture(&t) {
                        s.header_footer.push((field, t));
                    }
                }
            }
            0x089C => {
                let body = d.get(38..).unwrap_or_default();
                let mut at = 0;
                let mut found = Vec::new();
                while at < body.len() {
                    match xl_string(body, at) {
                        Some((t, next)) if next > at => {
                            found.push(t);
                            at = next;
                        }
                        _ => break,
                    }
                }
                if at != body.len() {
                    found = printable_runs(body, 2);
                }
                for t in found {
                    let t = strip_header_codes(&t);
                    if !t.trim().is_empty() && !is_page_furniture(&t) {
                        s.header_footer.push(("headerFooterFirstEven", t));
                    }
                }
            }
            0x01B8 => {
                let mut all = d.to_vec();
                for c in recs.continues()? {
                    all.extend_from_slice(c);
                }
                s.links
                    .push(parse_hlink(&all).ok_or_else(|| bad("HLINK", r.pos))?);
                last_link = Some(s.links.len() - 1);
            }
            0x0800 => {
                let tip = utf16le_z(d.get(10..).unwrap_or_default());
                if let Some(l) = last_link.and_then(|i| s.links.get_mut(i))
                    && !tip.trim().is_empty()
                {
                    l.tooltip = Some(tip);
                }
            }
            _ => {}
        }
    }
    s.end = recs.pos();
    let width = s
        .cols
        .iter()
        .map(|c| c.last as usize + 1)
        .max()
        .unwrap_or(0)
        .min(COL_TABLE);
    s.col_table = vec![None; width];
    for ci in &s.cols {
        let last = (ci.last as usize).min(width.saturating_sub(1));
        for c in ci.first as usize..=last {
            if let Some(slot) = s.col_table.get_mut(c) {
                *slot = Some(*ci);
            }
        }
    }
    for n in &mut s.notes {
        if let Some(t) = s.obj_text.remove(&n.obj) {
            n.text = t;
        }
    }
    // Text of note objects without a NOTE record is still text in the file.
    let mut orphans: Vec<(u16, String)> = s.obj_text.drain().collect();
    orphans.sort();
    s.textboxes.extend(
        orphans
            .into_iter()
            .map(|x| x.1)
            .filter(|t| !t.trim().is_empty()),
    );
    Ok(s)
}

/// A DV record ([MS-XLS] 2.4.116) of type list: flags, four strings
/// (prompt and error titles and texts), formula1, formula2, then the cells.
/// Other types (numbers, dates, lengths) hold no text worth reading.
fn parse_dv(d: &[u8]) -> Option<Validation> {
    let flags = u32_at(d, 0)?;
    if flags & 0xF != 3 {
        return None;
    }
    let mut at = 4;
    for _ in 0..4 {
        at = xl_string(d, at)?.1;
    }
    let cce = u16_at(d, at)? as usize;
    let rgce = d.get(at + 4..at + 4 + cce)?.to_vec();
    at += 4 + cce;
    let cce2 = u16_at(d, at)? as usize;
    at += 4 + cce2;
    // SqRefU: a count, then (first row, last row, first col, last col).
    let n = u16_at(d, at)?;
    let (row, col) = if n > 0 {
        (u16_at(d, at + 2)?, u16_at(d, at + 6)?)
    } else {
        (0, 0)
    };
    Some(Validation { row, col, rgce })
}
