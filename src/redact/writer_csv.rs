//! Pass 2 for a CSV/TSV copy (a CSV input, or `--to csv`: one file per
//! visible sheet): the kept cells, identifiers masked, written as UTF-8 in
//! the input's dialect (delimiter and line ends; a byte-order mark when the
//! input had one or was not UTF-8, so Excel still reads accents right).
//! A workbook's sheets are written comma-separated with CRLF (RFC 4180).
//! Every text field a spreadsheet program would run as a formula gets a
//! leading `'`. Rows keep their place (removed rows closed up); every row
//! has the same number of fields.
//!
//! ```
//! use foiguard::redact::writer_csv::{field_text, number_text};
//! assert_eq!(field_text("=1+2"), "'=1+2");
//! assert_eq!(field_text("-"), "-");
//! assert_eq!(number_text(3.0), "3");
//! assert_eq!(number_text(0.1), "0.1");
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::sync::Mutex;

use crate::detect::content::Hit;
use crate::model::{Cell, SheetInfo, SheetLayout, SheetVisitor, Visitor};

use super::Sink;
use super::plan::{CellRules, Ignore, Kept, MaskEvent, OutValue, SheetPlan};
use super::writer_xlsx::note_text;

/// How the CSV copy is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvDialect {
    pub delimiter: u8,
    /// Start with a UTF-8 byte-order mark.
    pub bom: bool,
    /// End lines with CR LF (else LF).
    pub crlf: bool,
}

impl Default for CsvDialect {
    fn default() -> Self {
        CsvDialect {
            delimiter: b',',
            bom: false,
            crlf: true,
        }
    }
}

/// Writes the kept cells of each planned sheet to its own file.
pub struct CsvRebuild<'a> {
    rules: &'a CellRules<'a>,
    sink: &'a Sink,
    dialect: CsvDialect,
    /// The open output of each sheet to write, by sheet index.
    files: Mutex<HashMap<usize, File>>,
    done: Mutex<Vec<usize>>,
}

impl<'a> CsvRebuild<'a> {
    pub fn new(
        rules: &'a CellRules<'a>,
        sink: &'a Sink,
        dialect: CsvDialect,
        files: HashMap<usize, File>,
    ) -> Self {
        CsvRebuild {
            rules,
            sink,
            dialect,
            files: Mutex::new(files),
            done: Mutex::new(Vec::new()),
        }
    }

    /// Check that every sheet given a file was written.
    pub fn finish(self) -> Result<(), String> {
        let left = self.files.into_inner().unwrap_or_else(|p| p.into_inner());
        if !left.is_empty() {
            return Err(
                "the second read of the file did not give the same sheets as the first".into(),
            );
        }
        Ok(())
    }
}

impl Visitor for CsvRebuild<'_> {
    fn sheet(&self, info: &SheetInfo) -> Box<dyn SheetVisitor + Send + '_> {
        let Some(sp) = self.rules.plan.sheet(info).filter(|s| s.keep()) else {
            return Box::new(Ignore);
        };
        let Some(file) = self
            .files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&info.index)
        else {
            return Box::new(Ignore);
        };
        let mut out = BufWriter::with_capacity(256 * 1024, file);
        let mut error = None;
        if self.dialect.bom
            && let Err(e) = out.write_all(b"\xEF\xBB\xBF")
        {
            error = Some(e.to_string());
        }
        let writer = csv::WriterBuilder::new()
            .delimiter(self.dialect.delimiter)
            .terminator(if self.dialect.crlf {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .flexible(false)
            .from_writer(out);
        let width = sp.visible_max_col.map_or(1, |c| {
            let mut c = c;
            while c > 0 && sp.col_removed(c) {
                c -= 1;
            }
            sp.map_col(c) as usize + 1
        });
        let label = self.rules.masker.label_for(super::mask::DEFAULT_EXEMPTION);
        let notes = sp
            .notes()
            .into_iter()
            .map(|(r, c, _, t)| (r, c, note_text(&label, t.rows())))
            .collect();
        Box::new(SheetCsv {
            owner: self,
            sp,
            writer: Some(writer),
            width: width.max(1),
            next_row: 0,
            row: None,
            fields: Vec::new(),
            unordered: BTreeMap::new(),
            notes,
            next_note: 0,
            hits: Vec::new(),
            events: Vec::new(),
            error,
        })
    }
    fn feature(&self, _feature: crate::model::Feature) {}
    fn text(&self, _place: crate::model::TextPlace<'_>, _text: &str) {}
    fn incomplete(&self, _location: &crate::model::Location, _reason: &str) {}
}

struct SheetCsv<'w, 'a> {
    owner: &'w CsvRebuild<'a>,
    sp: &'a SheetPlan,
    writer: Option<csv::Writer<BufWriter<File>>>,
    width: usize,
    /// The next row of the copy to write.
    next_row: u32,
    /// The row being filled.
    row: Option<u32>,
    fields: Vec<String>,
    /// Cells of a sheet whose rows came out of order (pass 1 says), written at the end.
    unordered: BTreeMap<(u32, u32), String>,
    notes: Vec<(u32, u32, String)>,
    next_note: usize,
    hits: Vec<Hit>,
    events: Vec<MaskEvent>,
    error: Option<String>,
}

impl SheetCsv<'_, '_> {
    fn write_fields(&mut self, fields: &[String]) {
        if self.error.is_some() {
            return;
        }
        if let Some(w) = &mut self.writer
            && let Err(e) = w.write_record(fields)
        {
            self.error = Some(e.to_string());
        }
        self.next_row += 1;
    }

    /// Write everything before copy row `row` (pending row, blank rows, notes).
    fn flush_before(&mut self, row: u32) {
        if let Some(r) = self.row
            && r < row
        {
            self.blank_until(r);
            let fields = std::mem::take(&mut self.fields);
            self.write_fields(&fields);
            self.row = None;
        }
        if self.row.is_none() {
            self.blank_until(row);
        }
    }

    /// Write empty rows (or notes) up to, not including, `row`.
    fn blank_until(&mut self, row: u32) {
        while self.next_row < row && self.error.is_none() {
            let mut fields = vec![String::new(); self.width];
            while let Some((r, c, t)) = self.notes.get(self.next_note) {
                if *r > self.next_row {
                    break;
                }
                if *r == self.next_row
                    && let Some(f) = fields.get_mut(*c as usize)
                {
                    *f = t.clone();
                }
                self.next_note += 1;
            }
            self.write_fields(&fields);
        }
    }

    fn put(&mut self, k: Kept) {
        let text = match &k.value {
            OutValue::Text(s) => field_text(s),
            OutValue::Number(n) => number_text(*n),
            OutValue::Date(d) => date_text(*d),
            OutValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        };
        if !self.sp.ordered {
            self.unordered.insert((k.row, k.col), text);
            return;
        }
        if k.row < self.next_row || self.row.is_some_and(|r| k.row < r) {
            self.error = Some(format!("rows arrived out of order (row {})", k.row + 1));
            return;
        }
        self.flush_before(k.row);
        if self.row.is_none() {
            self.row = Some(k.row);
            self.fields = vec![String::new(); self.width];
        }
        match self.fields.get_mut(k.col as usize) {
            Some(f) => *f = text,
            None => self.error = Some(format!("column {} is beyond the planned width", k.col + 1)),
        }
    }
}

impl SheetVisitor for SheetCsv<'_, '_> {
    fn cell(&mut self, cell: &Cell<'_>) {
        if self.error.is_some() {
            return;
        }
        let sp = self.sp;
        let mut hits = std::mem::take(&mut self.hits);
        let kept = self
            .owner
            .rules
            .decide(sp, cell, &mut hits, &mut self.events);
        self.hits = hits;
        if let Some(k) = kept {
            self.put(k);
        }
    }

    fn finish(mut self: Box<Self>, _layout: SheetLayout) {
        if !self.sp.ordered {
            let cells = std::mem::take(&mut self.unordered);
            let mut row: Option<u32> = None;
            let mut fields = Vec::new();
            for ((r, c), t) in cells {
                if row != Some(r) {
                    if let Some(prev) = row {
                        self.blank_until(prev);
                        let f = std::mem::take(&mut fields);
                        self.write_fields(&f);
                    }
                    row = Some(r);
                    fields = vec![String::new(); self.width];
                }
                if let Some(f) = fields.get_mut(c as usize) {
                    *f = t;
                }
            }
            if let Some(prev) = row {
                self.blank_until(prev);
                self.write_fields(&fields);
            }
        } else if let Some(r) = self.row {
            self.flush_before(r + 1);
        }
        // Notes after the last kept row.
        if let Some(last) = self.notes.last().map(|n| n.0) {
            self.blank_until(last + 1);
        }
        let sink = self.owner.sink;
        for e in std::mem::take(&mut self.events) {
            sink.event(e);
        }
        let written = match (self.error.take(), self.writer.take()) {
            (Some(e), _) => Err(e),
            (None, None) => Err("the output was closed early".to_string()),
            (None, Some(w)) => w
                .into_inner()
                .map_err(|e| e.to_string())
                .and_then(|b| b.into_inner().map_err(|e| e.to_string()))
                .and_then(|f| f.sync_all().map_err(|e| e.to_string())),
        };
        match written {
            Err(e) => sink.fail(format!("sheet '{}': {e}", self.sp.info.name)),
            Ok(()) => self
                .owner
                .done
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(self.sp.info.index),
        }
    }
}

/// A text field, neutralised when a spreadsheet would run it as a formula.
pub fn field_text(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !s.bytes().all(|b| b == b'-') && !looks_numeric(s) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn looks_numeric(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    !t.is_empty()
        && t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && t.bytes().filter(|&b| b == b'.').count() <= 1
        && t.bytes().any(|b| b.is_ascii_digit())
}

/// A number as the shortest text that reads back the same (`3`, `0.1`).
pub fn number_text(n: f64) -> String {
    if !n.is_finite() {
        return String::new();
    }
    if n == 0.0 {
        return "0".into();
    }
    if n.fract() == 0.0 && n.abs() < 1e15 {
        return format!("{}", n as i64);
    }
    format!("{n}")
}

/// An Excel serial date-time as ISO 8601 text (`2024-03-01`, `2024-03-01 14:30:00`, `14:30:00`).
///
/// ```
/// use foiguard::redact::writer_csv::date_text;
/// assert_eq!(date_text(45352.0), "2024-03-01");
/// assert_eq!(date_text(45352.5), "2024-03-01 12:00:00");
/// assert_eq!(date_text(0.75), "18:00:00");
/// ```
pub fn date_text(serial: f64) -> String {
    if !serial.is_finite() || !(-1.0e7..=1.0e7).contains(&serial) {
        return number_text(serial);
    }
    let days = serial.floor();
    let secs = ((serial - days) * 86_400.0).round() as i64;
    let (days, secs) = if secs >= 86_400 {
        (days as i64 + 1, 0)
    } else {
        (days as i64, secs)
    };
    let time = format!(
        "{:02}:{:02}:{:02}",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    );
    if days == 0 && serial < 1.0 {
        return time;
    }
    // Serial 1 is 1900-01-01 (Excel's 1900 leap-year bug: serials before 61
    // are one day off; they are rare in real data).
    let (y, m, d) = civil_from_days(days - 25_569);
    let date = format!("{y:04}-{m:02}-{d:02}");
    if secs == 0 {
        date
    } else {
        format!("{date} {time}")
    }
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_fields_are_neutralised() {
        for s in [
            "=SUM(A1)",
            "+44 7700 900123",
            "-A1",
            "@cmd",
            "\tx",
            "\rx",
            "=-1",
        ] {
            assert!(field_text(s).starts_with('\''), "{s:?}");
        }
        for s in ["-", "--", "-12", "+3.5", "Jane", "'quoted"] {
            assert_eq!(field_text(s), s, "{s:?}");
        }
    }

    #[test]
    fn numbers_and_dates() {
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(1.5), "1.5");
        assert_eq!(number_text(123456789012.0), "123456789012");
        assert_eq!(number_text(f64::NAN), "");
        assert_eq!(date_text(25569.0), "1970-01-01");
        assert_eq!(date_text(36526.0), "2000-01-01");
        assert_eq!(date_text(45351.999999999), "2024-03-01");
    }
}
