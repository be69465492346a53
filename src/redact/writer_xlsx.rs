//! Pass 2 for a workbook copy: rebuild an `.xlsx` with rust_xlsxwriter from
//! the kept cells only. Nothing of the source package is carried over: no
//! hidden sheets, rows or columns, pivot caches, comments, names, links,
//! shapes, charts, macros, properties — just values (formulas become their
//! cached values), bold, number formats, column widths and merged ranges.
//!
//! Sources may read sheets in parallel: each sheet gets its own standalone
//! worksheet, and the worksheets are put in workbook order at the end. A
//! sheet whose rows arrived in order (pass 1 says) is written in
//! rust_xlsxwriter's constant-memory mode, which silently drops writes to a
//! row before the current one — so every write is checked to go forward,
//! and a sheet whose rows came out of order uses a normal (in-memory)
//! worksheet instead.

use std::collections::HashMap;
use std::fs::File;
use std::path::Path;
use std::sync::Mutex;

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

use crate::detect::content::Hit;
use crate::model::{
    Cell, CellFormat, HAlign, Presentation, SheetInfo, SheetLayout, SheetVisitor, VAlign, Visitor,
};
use crate::numbers::thousands;

use super::Sink;
use super::plan::{
    CellRules, FormatKey, Ignore, Kept, MaskEvent, OutValue, SheetPlan, ValueKind, format_key,
    useful_format,
};

/// Excel's longest cell text, in UTF-16 code units.
pub const MAX_TEXT: usize = 32_767;
/// Merged ranges larger than this many cells are not kept (cosmetic, and
/// rust_xlsxwriter writes a blank cell for each).
const MAX_MERGE_CELLS: u64 = 100_000;
/// Merged ranges kept per sheet.
const MAX_MERGES: usize = 10_000;

/// The fixed creation time of every copy, so the same input gives the same bytes.
fn pinned_time() -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(2000, 1, 1)
}

/// Rebuilds a workbook from the kept cells.
pub struct XlsxRebuild<'a> {
    rules: &'a CellRules<'a>,
    sink: &'a Sink,
    workbook: Mutex<Workbook>,
    done: Mutex<Vec<(usize, String, Worksheet)>>,
}

impl<'a> XlsxRebuild<'a> {
    /// `tempdir`: where constant-memory worksheets keep their rows until saved
    /// (the output's folder, so a large copy does not fill /tmp).
    pub fn new(
        rules: &'a CellRules<'a>,
        sink: &'a Sink,
        tempdir: Option<&Path>,
    ) -> Result<Self, String> {
        let mut wb = Workbook::new();
        if let Some(d) = tempdir {
            wb.set_tempdir(d)
                .map_err(|e| format!("{}: {e}", d.display()))?;
        }
        // Sheets may be written in parallel, and a format's number is given
        // when first used: register every format up front, in a fixed
        // order, so the same input always gives the same bytes.
        let mut keys: Vec<FormatKey> = vec![FormatKey {
            bold: true,
            ..Default::default()
        }];
        for sp in rules.plan.kept() {
            for k in &sp.formats {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        }
        let mut scratch = wb
            .new_worksheet_with_constant_memory()
            .map_err(|e| e.to_string())?;
        scratch
            .write_blank(0, 0, &note_format())
            .map_err(|e| e.to_string())?;
        for (i, k) in keys.iter().enumerate() {
            let col = (i % 16_000) as u16 + 1;
            scratch
                .write_blank((i / 16_000) as u32, col, &make_format(k))
                .map_err(|e| e.to_string())?;
        }
        drop(scratch);
        Ok(XlsxRebuild {
            rules,
            sink,
            workbook: Mutex::new(wb),
            done: Mutex::new(Vec::new()),
        })
    }

    /// Put the worksheets in workbook order, give them safe unique names,
    /// and write the package to `out`.
    pub fn save(self, out: File) -> Result<(), String> {
        let mut wb = self
            .workbook
            .into_inner()
            .unwrap_or_else(|p| p.into_inner());
        let mut done = self.done.into_inner().unwrap_or_else(|p| p.into_inner());
        done.sort_by_key(|d| d.0);
        let kept: Vec<usize> = self.rules.plan.kept().map(|s| s.info.index).collect();
        let got: Vec<usize> = done.iter().map(|d| d.0).collect();
        if kept != got {
            return Err(
                "the second read of the file did not give the same sheets as the first".into(),
            );
        }
        let raw: Vec<String> = done.iter().map(|d| d.1.clone()).collect();
        let names = sheet_names(&raw);
        for ((index, original, mut ws), name) in done.into_iter().zip(names) {
            if name != original {
                let sp = self
                    .rules
                    .plan
                    .sheets
                    .iter()
                    .find(|s| s.info.index == index);
                self.sink.event(MaskEvent {
                    sheet_index: index,
                    sheet: sp.map(|s| s.info.name.clone()).unwrap_or_default(),
                    cell: None,
                    kind: "sheet_name".into(),
                    action: format!("renamed sheet to '{name}'"),
                    exemption: String::new(),
                    sample: String::new(),
                    detail: "Excel sheet names are at most 31 characters, unique, without [ ] : * ? / \\.".into(),
                });
            }
            ws.set_name(&name)
                .map_err(|e| format!("sheet name '{name}': {e}"))?;
            wb.push_worksheet(ws);
        }
        if self.rules.plan.kept().next().is_none() {
            wb.add_worksheet();
        }
        let when = pinned_time().map_err(|e| e.to_string())?;
        wb.set_properties(&DocProperties::new().set_creation_datetime(&when));
        wb.save_to_writer(out)
            .map_err(|e| format!("cannot write the workbook: {e}"))
    }
}

impl Visitor for XlsxRebuild<'_> {
    fn sheet(&self, info: &SheetInfo) -> Box<dyn SheetVisitor + Send + '_> {
        let Some(sp) = self.rules.plan.sheet(info).filter(|s| s.keep()) else {
            return Box::new(Ignore);
        };
        let ws = if sp.ordered {
            let mut wb = self.workbook.lock().unwrap_or_else(|p| p.into_inner());
            match wb.new_worksheet_with_constant_memory() {
                Ok(ws) => ws,
                Err(e) => {
                    self.sink
                        .fail(format!("cannot start sheet '{}': {e}", info.name));
                    return Box::new(Ignore);
                }
            }
        } else {
            Worksheet::new()
        };
        Box::new(SheetWriter::new(self, sp, ws))
    }
    fn feature(&self, _feature: crate::model::Feature) {}
    fn text(&self, _place: crate::model::TextPlace<'_>, _text: &str) {}
    fn incomplete(&self, _location: &crate::model::Location, _reason: &str) {}
}

/// Something written at a row of the copy besides the kept cells.
#[derive(Clone, Debug, PartialEq)]
enum Op {
    Merge(u32, u32, u32, u32),
    Note(u32, u32, String),
    /// A row's own height, in points (set before the row's cells, as a
    /// constant-memory worksheet needs).
    Height(u32, f64),
}

impl Op {
    fn row(&self) -> u32 {
        match self {
            Op::Merge(r, ..) | Op::Note(r, ..) | Op::Height(r, _) => *r,
        }
    }
}

struct SheetWriter<'w, 'a> {
    owner: &'w XlsxRebuild<'a>,
    sp: &'a SheetPlan,
    ws: Worksheet,
    constant: bool,
    /// The last row written (copy coordinates).
    last_row: Option<u32>,
    ops: Vec<Op>,
    next_op: usize,
    formats: HashMap<FormatKey, Format>,
    pending: Option<(u32, u32, CellFormat)>,
    late: Option<Presentation>,
    /// A normal worksheet's cells, written at the end after its merged
    /// ranges (which blank their cells).
    buffered: Vec<(Kept, Option<CellFormat>)>,
    hits: Vec<Hit>,
    events: Vec<MaskEvent>,
    error: Option<String>,
}

/// The row heights and merged ranges of a sheet's copy, in new
/// coordinates, as ops applied row by row.
fn layout_ops(sp: &SheetPlan, p: &Presentation) -> Vec<Op> {
    let mut out: Vec<Op> = sp
        .map_row_heights(p)
        .into_iter()
        .map(|(r, h)| Op::Height(r, h))
        .collect();
    let mut merges = 0;
    for &m in &p.merged {
        if merges >= MAX_MERGES {
            break;
        }
        if let Some((r1, c1, r2, c2)) = sp.map_merge(m) {
            let cells = ((r2 - r1) as u64 + 1) * ((c2 - c1) as u64 + 1);
            if cells <= MAX_MERGE_CELLS {
                out.push(Op::Merge(r1, c1, r2, c2));
                merges += 1;
            }
        }
    }
    out
}

impl<'w, 'a> SheetWriter<'w, 'a> {
    fn new(owner: &'w XlsxRebuild<'a>, sp: &'a SheetPlan, ws: Worksheet) -> Self {
        let mut ops: Vec<Op> = Vec::new();
        let label = owner.rules.masker.label_for(super::mask::DEFAULT_EXEMPTION);
        for (row, col, _orig, t) in sp.notes() {
            ops.push(Op::Note(row, col, note_text(&label, t.rows())));
        }
        if let Some(p) = &sp.presentation {
            ops.extend(layout_ops(sp, p));
        }
        ops.sort_by_key(|o| o.row());
        SheetWriter {
            owner,
            sp,
            constant: sp.ordered,
            ws,
            last_row: None,
            ops,
            next_op: 0,
            formats: HashMap::new(),
            pending: None,
            late: None,
            buffered: Vec::new(),
            hits: Vec::new(),
            events: Vec::new(),
            error: None,
        }
    }

    fn fail(&mut self, e: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(format!("sheet '{}': {}", self.sp.info.name, e.into()));
        }
    }

    /// Apply the ops for rows up to and including `row` (all with `None`).
    fn run_ops(&mut self, through: Option<u32>) {
        while let Some(op) = self.ops.get(self.next_op) {
            if through.is_some_and(|r| op.row() > r) {
                break;
            }
            let op = op.clone();
            self.next_op += 1;
            if !self.forward(op.row()) {
                continue;
            }
            match op {
                Op::Merge(r1, c1, r2, c2) => {
                    // An overlapping range is Excel's error, not ours: skip it.
                    let _ = self
                        .ws
                        .merge_range(r1, c1 as u16, r2, c2 as u16, "", &Format::new());
                }
                Op::Height(r, h) => {
                    let _ = self.ws.set_row_height(r, h);
                }
                Op::Note(r, c, text) => {
                    let f = note_format();
                    if let Err(e) = self.ws.write_string_with_format(r, c as u16, &text, &f) {
                        self.fail(e.to_string());
                    }
                }
            }
        }
    }

    /// Frozen panes and the filter buttons, moved up and left by the rows
    /// and columns the copy leaves out (they hold nothing, and a long
    /// release is read with its header in view).
    fn keep_view(&mut self) {
        let Some(p) = self.sp.presentation.as_ref().or(self.late.as_ref()) else {
            return;
        };
        let sp = self.sp;
        if let Some((r, c)) = p.freeze {
            let (r, c) = (sp.map_row(r), sp.map_col(c));
            if (r > 0 || c > 0) && r < 1_048_576 && c < 16_384 {
                let _ = self.ws.set_freeze_panes(r, c as u16);
            }
        }
        if let Some((r1, c1, r2, c2)) = p.autofilter {
            // The first and last kept row and column of the range.
            let first_row = (r1..=r2).find(|r| !sp.row_removed(*r));
            let first_col = (c1..=c2.min(16_383)).find(|c| !sp.col_removed(*c));
            let last_row = (r1..=r2).rev().find(|r| !sp.row_removed(*r));
            let last_col = (c1..=c2.min(16_383)).rev().find(|c| !sp.col_removed(*c));
            if let (Some(a), Some(b), Some(y), Some(z)) = (first_row, first_col, last_row, last_col)
            {
                let (a, y) = (sp.map_row(a), sp.map_row(y));
                let (b, z) = (sp.map_col(b) as u16, sp.map_col(z) as u16);
                let _ = self.ws.autofilter(a, b, y, z);
            }
        }
    }

    /// In constant-memory mode a row before the last one written would be
    /// dropped silently: refuse instead.
    fn forward(&mut self, row: u32) -> bool {
        if self.constant && self.last_row.is_some_and(|l| row < l) {
            self.fail(format!(
                "rows arrived out of order (row {} after row {})",
                row + 1,
                self.last_row.unwrap_or(0) + 1
            ));
            return false;
        }
        self.last_row = Some(self.last_row.map_or(row, |l| l.max(row)));
        true
    }

    fn format(&mut self, value: &OutValue, src: Option<&CellFormat>) -> Option<Format> {
        let kind = match value {
            OutValue::Text(_) => ValueKind::Text,
            OutValue::Date(d) => ValueKind::Date(*d),
            OutValue::Number(_) | OutValue::Bool(_) => ValueKind::Other,
        };
        let key = format_key(kind, src)?;
        let f = self
            .formats
            .entry(key.clone())
            .or_insert_with(|| make_format(&key));
        Some(f.clone())
    }

    fn put(&mut self, k: Kept, src: Option<&CellFormat>) {
        if self.constant {
            self.run_ops(Some(k.row));
        }
        if !self.forward(k.row) {
            return;
        }
        let col = k.col as u16;
        if k.col > 16_383 || k.row > 1_048_575 {
            self.fail(format!(
                "cell {} is beyond Excel's grid",
                crate::model::a1(k.row, k.col)
            ));
            return;
        }
        let fmt = self.format(&k.value, src);
        let r = match (&k.value, &fmt) {
            (OutValue::Text(s), f) => {
                let s = self.fit(s, k.row, k.col);
                match f {
                    Some(f) => self
                        .ws
                        .write_string_with_format(k.row, col, &s, f)
                        .map(|_| ()),
                    None => self.ws.write_string(k.row, col, &s).map(|_| ()),
                }
            }
            (OutValue::Number(n) | OutValue::Date(n), Some(f)) => self
                .ws
                .write_number_with_format(k.row, col, *n, f)
                .map(|_| ()),
            (OutValue::Number(n) | OutValue::Date(n), None) => {
                self.ws.write_number(k.row, col, *n).map(|_| ())
            }
            (OutValue::Bool(b), Some(f)) => self
                .ws
                .write_boolean_with_format(k.row, col, *b, f)
                .map(|_| ()),
            (OutValue::Bool(b), None) => self.ws.write_boolean(k.row, col, *b).map(|_| ()),
        };
        if let Err(e) = r {
            self.fail(e.to_string());
        }
    }

    /// Cut text to Excel's limit, and log it.
    fn fit(&mut self, s: &str, row: u32, col: u32) -> String {
        if s.len() <= MAX_TEXT {
            return s.to_string();
        }
        let mut units = 0usize;
        let mut end = 0usize;
        for (i, ch) in s.char_indices() {
            units += ch.len_utf16();
            if units > MAX_TEXT {
                break;
            }
            end = i + ch.len_utf8();
        }
        if end == s.len() {
            return s.to_string();
        }
        self.events.push(MaskEvent {
            sheet_index: self.sp.info.index,
            sheet: self.sp.info.name.clone(),
            cell: Some((row, col)),
            kind: "long_text".into(),
            action: "truncated text".into(),
            exemption: String::new(),
            sample: String::new(),
            detail: format!(
                "The text was {} characters; Excel cells hold at most {}, so the rest was cut.",
                thousands(s.chars().count() as u64),
                thousands(MAX_TEXT as u64)
            ),
        });
        s[..end].to_string()
    }
}

impl SheetVisitor for SheetWriter<'_, '_> {
    fn cell(&mut self, cell: &Cell<'_>) {
        if self.error.is_some() {
            return;
        }
        let src = match self.pending.take() {
            Some((r, c, f)) if r == cell.row && c == cell.col && useful_format(&f) => Some(f),
            _ => None,
        };
        let sp = self.sp;
        let mut hits = std::mem::take(&mut self.hits);
        let kept = self
            .owner
            .rules
            .decide(sp, cell, &mut hits, &mut self.events);
        self.hits = hits;
        let kept = kept.or_else(|| self.owner.rules.shown_in_place(sp, cell, src.as_ref()));
        if let Some(k) = kept {
            if self.constant {
                self.put(k, src.as_ref());
            } else {
                self.buffered.push((k, src));
            }
        }
    }

    fn cell_format(&mut self, row: u32, col: u32, format: &CellFormat) {
        self.pending = Some((row, col, format.clone()));
    }

    fn presentation(&mut self, presentation: &Presentation) {
        self.late = Some(presentation.clone());
    }

    fn finish(mut self: Box<Self>, _layout: SheetLayout) {
        // Merged ranges reported only now can still be applied to a normal
        // worksheet (a constant-memory one got them from pass 1).
        if self.sp.presentation.is_none()
            && let Some(p) = &self.late
            && (!self.constant || self.last_row.is_none())
        {
            let extra = layout_ops(self.sp, p);
            self.ops.extend(extra);
            let next = self.next_op.min(self.ops.len());
            self.ops[next..].sort_by_key(|o| o.row());
        }
        self.run_ops(None);
        for (k, f) in std::mem::take(&mut self.buffered) {
            self.put(k, f.as_ref());
        }
        let widths = self
            .sp
            .presentation
            .as_ref()
            .or(self.late.as_ref())
            .map(|p| self.sp.map_widths(p));
        for (c, w) in widths.unwrap_or_default() {
            if c <= 16_383 {
                let _ = self.ws.set_column_width(c as u16, w);
            }
        }
        self.keep_view();
        let mut events = std::mem::take(&mut self.events);
        let name = self.owner.rules.sheet_name(self.sp, &mut events);
        let sink = self.owner.sink;
        for e in events {
            sink.event(e);
        }
        if let Some(e) = self.error.take() {
            sink.fail(e);
            return;
        }
        let SheetWriter { owner, sp, ws, .. } = *self;
        owner
            .done
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((sp.info.index, name, ws));
    }
}

/// The note left where a personnel table's rows were.
pub fn note_text(label: &str, rows: u64) -> String {
    format!(
        "{label} {} row{} of personal data withheld",
        thousands(rows),
        if rows == 1 { "" } else { "s" }
    )
}

/// The rust_xlsxwriter format for a format key.
fn make_format(key: &FormatKey) -> Format {
    let mut f = Format::new();
    if key.bold {
        f = f.set_bold();
    }
    if key.italic {
        f = f.set_italic();
    }
    if key.wrap {
        f = f.set_text_wrap();
    }
    f = match key.align.horizontal {
        HAlign::General => f,
        HAlign::Left => f.set_align(FormatAlign::Left),
        HAlign::Centre => f.set_align(FormatAlign::Center),
        HAlign::Right => f.set_align(FormatAlign::Right),
        HAlign::Justify => f.set_align(FormatAlign::Justify),
        HAlign::CentreAcross => f.set_align(FormatAlign::CenterAcross),
    };
    f = match key.align.vertical {
        VAlign::Bottom => f,
        VAlign::Top => f.set_align(FormatAlign::Top),
        VAlign::Centre => f.set_align(FormatAlign::VerticalCenter),
    };
    if let Some(rgb) = key.fill {
        f = f.set_background_color(Color::RGB(rgb));
    }
    if let Some(c) = &key.code {
        f = f.set_num_format(c.as_str());
    }
    f
}

/// The note's format.
fn note_format() -> Format {
    Format::new().set_italic()
}

/// Excel-safe, unique sheet names, in order: at most 31 characters, none of
/// `[ ] : * ? / \`, no leading or trailing apostrophe, not blank, not
/// "History", unique ignoring case.
///
/// ```
/// use foiguard::redact::writer_xlsx::sheet_names;
/// let n = sheet_names(&["a/b".into(), "A_B".into(), "".into(), "x".repeat(40)]);
/// assert_eq!(n, ["a_b".to_string(), "A_B (2)".into(), "Sheet3".into(), "x".repeat(31)]);
/// ```
pub fn sheet_names(raw: &[String]) -> Vec<String> {
    let mut used: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let mut s: String = r
            .chars()
            .filter(|c| !c.is_control())
            .map(|c| {
                if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        s = s.trim().trim_matches('\'').trim().to_string();
        if s.is_empty() {
            s = format!("Sheet{}", i + 1);
        }
        if s.eq_ignore_ascii_case("history") {
            s.push('_');
        }
        let base = cut_utf16(&s, 31);
        let mut name = base.clone();
        let mut n = 2;
        while used.contains(&name.to_lowercase()) {
            let suffix = format!(" ({n})");
            name = format!("{}{suffix}", cut_utf16(&base, 31 - suffix.len()));
            n += 1;
        }
        used.push(name.to_lowercase());
        out.push(name);
    }
    out
}

fn cut_utf16(s: &str, max: usize) -> String {
    let mut units = 0;
    let mut out = String::new();
    for ch in s.chars() {
        units += ch.len_utf16();
        if units > max {
            break;
        }
        out.push(ch);
    }
    let t = out.trim_end().trim_end_matches('\'').to_string();
    if t.is_empty() { "Sheet".into() } else { t }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

    use super::*;
    use crate::model::{Hide, IndexSet, Value};
    use crate::policy::Policy;
    use crate::redact::mask::{MaskMode, Masker};
    use crate::redact::plan::Plan;
    use crate::scan::Scanner;
    use crate::source::{Format as SrcFormat, Input};

    /// A one-sheet source: `rows` rows of (text, number), column C hidden.
    fn source(rows: u32) -> Vec<u8> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("S").unwrap();
        for r in 0..rows {
            ws.write(r, 0, format!("Ward {r}")).unwrap();
            ws.write(r, 1, r as f64).unwrap();
        }
        ws.set_column_hidden(2).unwrap();
        wb.save_to_buffer().unwrap()
    }

    fn plan(bytes: &[u8]) -> (Scanner, Plan) {
        let scanner = Scanner::build(Policy::default(), None).unwrap();
        let content = scanner.content.clone().unwrap();
        let plan = Plan::build(
            &scanner,
            &content,
            SrcFormat::Xlsx,
            Input::Bytes(bytes),
            "t.xlsx",
            "t.xlsx",
        );
        (scanner, plan)
    }

    fn cell(row: u32, col: u32, value: Value<'_>) -> Cell<'_> {
        Cell {
            row,
            col,
            value,
            formula: None,
            hide: Hide::NONE,
        }
    }

    /// Drive a rebuild by hand; returns the saved bytes or the failure.
    fn rebuild(
        plan: &Plan,
        scanner: &Scanner,
        feed: impl FnOnce(&mut dyn SheetVisitor),
    ) -> Result<Vec<u8>, String> {
        let content = scanner.content.clone().unwrap();
        let masker = Masker::new(MaskMode::Label, "[REDACTED s40(2)]");
        let rules = CellRules::new(plan, &content, &masker, &scanner.policy);
        let sink = Sink::default();
        let rb = XlsxRebuild::new(&rules, &sink, None)?;
        let info = plan.sheets[0].info.clone();
        let mut sv = rb.sheet(&info);
        feed(&mut *sv);
        sv.finish(SheetLayout::default());
        if let Some(e) = sink.failure() {
            return Err(e);
        }
        let mut f = tempfile::tempfile().unwrap();
        rb.save(f.try_clone().unwrap())?;
        use std::io::Seek;
        f.rewind().unwrap();
        let mut out = Vec::new();
        f.read_to_end(&mut out).unwrap();
        Ok(out)
    }

    fn part(xlsx: &[u8], name: &str) -> String {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
        let mut s = String::new();
        z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    fn range(xlsx: &[u8]) -> calamine::Range<Data> {
        let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(xlsx.to_vec())).unwrap();
        let name = wb.sheet_names()[0].clone();
        wb.worksheet_range(&name).unwrap()
    }

    fn presentation() -> Presentation {
        Presentation {
            // Column D (3) sits after the hidden column C: it becomes C.
            column_widths: vec![(0, 0, 30.0), (3, 3, 12.0), (2, 2, 50.0)],
            merged: vec![(5, 0, 5, 1), (6, 2, 6, 3)],
            // The header row and columns A:D stay in view; D becomes C.
            freeze: Some((1, 4)),
            autofilter: Some((0, 0, 6, 3)),
            row_heights: vec![],
        }
    }

    fn feed_formats(sv: &mut dyn SheetVisitor) {
        sv.cell_format(
            0,
            0,
            &CellFormat {
                bold: true,
                num_format: None,
                ..Default::default()
            },
        );
        sv.cell(&cell(0, 0, Value::Text("Rank")));
        sv.cell_format(
            1,
            1,
            &CellFormat {
                bold: false,
                num_format: Some("0.00".into()),
                ..Default::default()
            },
        );
        sv.cell(&cell(1, 1, Value::Number(124.0)));
        sv.cell(&cell(2, 1, Value::DateTime(45352.0)));
        sv.cell(&cell(5, 0, Value::Text("Merged title")));
        sv.cell(&cell(6, 3, Value::Text("After hidden C")));
        sv.presentation(&presentation());
    }

    fn check_formats(out: &[u8]) {
        let styles = part(out, "xl/styles.xml");
        assert!(styles.contains("<b/>"), "bold kept: {styles}");
        assert!(styles.contains(r#"formatCode="0.00""#), "{styles}");
        assert!(
            styles.contains(r#"formatCode="yyyy-mm-dd""#),
            "dates get a date format: {styles}"
        );
        let sheet = part(out, "xl/worksheets/sheet1.xml");
        assert!(
            sheet.contains(r#"<col min="1" max="1" width="30.7109375" customWidth="1"/>"#),
            "{sheet}"
        );
        assert!(
            sheet.contains(r#"<col min="3" max="3" width="12.7109375" customWidth="1"/>"#),
            "{sheet}"
        );
        assert!(
            !sheet.contains("50.7109375"),
            "the hidden column's width is gone: {sheet}"
        );
        assert!(sheet.contains(r#"<mergeCell ref="A6:B6"/>"#), "{sheet}");
        // Frozen panes and the filter keep their place without the hidden C.
        assert!(
            sheet.contains(r#"<pane xSplit="3" ySplit="1" topLeftCell="D2""#)
                && sheet.contains(r#"state="frozen""#),
            "{sheet}"
        );
        assert!(sheet.contains(r#"<autoFilter ref="A1:C7"/>"#), "{sheet}");
        // C7:D7 loses the hidden C: it becomes the single cell C7, not a merge.
        assert!(!sheet.contains("C7:"), "{sheet}");
        let r = range(out);
        assert_eq!(r.get_value((0, 0)), Some(&Data::String("Rank".into())));
        assert_eq!(r.get_value((1, 1)), Some(&Data::Float(124.0)));
        assert!(
            matches!(r.get_value((2, 1)), Some(Data::DateTime(_))),
            "{:?}",
            r.get_value((2, 1))
        );
        assert_eq!(
            r.get_value((5, 0)),
            Some(&Data::String("Merged title".into()))
        );
        assert_eq!(
            r.get_value((6, 2)),
            Some(&Data::String("After hidden C".into()))
        );
    }

    #[test]
    fn formats_widths_and_merges_from_pass_one_in_constant_memory_mode() {
        let (scanner, mut plan) = plan(&source(8));
        assert!(plan.sheets[0].ordered);
        assert!(plan.sheets[0].layout.hidden_columns.contains(2));
        plan.sheets[0].presentation = Some(presentation());
        let out = rebuild(&plan, &scanner, feed_formats).unwrap();
        check_formats(&out);
    }

    #[test]
    fn formats_widths_and_merges_reported_late_to_a_normal_worksheet() {
        let (scanner, mut plan) = plan(&source(8));
        plan.sheets[0].ordered = false;
        assert!(plan.sheets[0].presentation.is_none());
        let out = rebuild(&plan, &scanner, feed_formats).unwrap();
        check_formats(&out);
    }

    #[test]
    fn rows_out_of_order_are_never_dropped_silently() {
        let (scanner, mut plan) = plan(&source(8));
        // Constant-memory mode (pass 1 saw ordered rows): a row going back
        // is an error, not a silent loss.
        let e = rebuild(&plan, &scanner, |sv| {
            sv.cell(&cell(4, 0, Value::Text("late")));
            sv.cell(&cell(1, 0, Value::Text("early")));
        })
        .unwrap_err();
        assert!(e.contains("out of order"), "{e}");
        // Rows that pass 1 saw out of order: a normal worksheet keeps them all.
        plan.sheets[0].ordered = false;
        let rows: Vec<u32> = vec![7, 3, 5, 0, 6, 1, 4, 2];
        let out = rebuild(&plan, &scanner, |sv| {
            for &r in &rows {
                sv.cell(&cell(r, 1, Value::Number(r as f64 * 10.0)));
            }
        })
        .unwrap();
        let r = range(&out);
        for &row in &rows {
            assert_eq!(
                r.get_value((row, 1)),
                Some(&Data::Float(row as f64 * 10.0)),
                "row {row}"
            );
        }
    }

    #[test]
    fn long_text_is_cut_to_excels_limit_and_logged() {
        let (scanner, plan) = plan(&source(2));
        let long = "a".repeat(MAX_TEXT + 10);
        let out = rebuild(&plan, &scanner, |sv| {
            sv.cell(&cell(0, 0, Value::Text(&long)))
        })
        .unwrap();
        match range(&out).get_value((0, 0)) {
            Some(Data::String(s)) => assert_eq!(s.len(), MAX_TEXT),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn sheet_names_are_made_safe() {
        let n = sheet_names(&[
            "Staff: [2024]?".into(),
            "'quoted'".into(),
            "History".into(),
            "staff_ _2024__".into(),
            "Ω".repeat(40),
        ]);
        assert_eq!(n[0], "Staff_ _2024__");
        assert_eq!(n[1], "quoted");
        assert_eq!(n[2], "History_");
        assert_eq!(n[3], "staff_ _2024__ (2)");
        assert_eq!(n[4].chars().count(), 31);
        let mut i = IndexSet::default();
        i.insert(1);
        assert!(i.contains(1));
    }
}
