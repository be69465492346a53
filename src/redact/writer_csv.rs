//! Pass 2 for a CSV/TSV copy (a CSV input, or `--to csv`: one file per
//! visible sheet): the kept cells, identifiers masked, written as UTF-8 in
//! the input's dialect (delimiter and line ends; a byte-order mark when the
//! input had one or was not UTF-8, so Excel still reads accents right).
//! A workbook's sheets are written comma-separated with CRLF (RFC 4180),
//! each number as its format shows it and each date in ISO 8601, or as its
//! format shows it where the format hides part of it (see
//! [`super::shown_value`]).
//! Every text field a spreadsheet program would run as a formula gets a
//! leading `'`. Rows keep their place (removed rows closed up); every row
//! has the same number of fields. A CSV input's kept fields keep their exact
//! text: numbers are written as the input wrote them (`1.50`, `1e3`, `+44`),
//! read again by [`RawFields`] beside the source.
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
use std::io::{BufWriter, Read, Write};
use std::path::Path;
use std::sync::Mutex;

use crate::detect::content::Hit;
use crate::model::{Cell, CellFormat, SheetInfo, SheetLayout, SheetVisitor, Value, Visitor};
use crate::source::csv::records::Records;
use crate::source::ooxml::styles::analyze_format;

use super::Sink;
use super::number_format::releasable;
use super::plan::{CellRules, Ignore, Kept, MaskEvent, OutValue, SheetPlan};
use super::shown_value::{released_date, shown_number};
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
    /// The input's fields as written (a CSV input's one sheet).
    raw: Mutex<Option<RawFields>>,
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
            raw: Mutex::new(None),
        }
    }

    /// Write the numbers of a CSV input's sheet as the input wrote them.
    pub fn with_raw_fields(self, raw: RawFields) -> Self {
        *self.raw.lock().unwrap_or_else(|p| p.into_inner()) = Some(raw);
        self
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
        let writer = record_writer(self.dialect, out);
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
        let raw = self.raw.lock().unwrap_or_else(|p| p.into_inner()).take();
        Box::new(SheetCsv {
            owner: self,
            raw,
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
            format: None,
        })
    }
    fn feature(&self, _feature: crate::model::Feature) {}
    fn text(&self, _place: crate::model::TextPlace<'_>, _text: &str) {}
    fn incomplete(&self, _location: &crate::model::Location, _reason: &str) {}
}

struct SheetCsv<'w, 'a> {
    owner: &'w CsvRebuild<'a>,
    raw: Option<RawFields>,
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
    /// The number format of the next cell (a workbook's), as the source
    /// reports it just before the cell.
    format: Option<(u32, u32, String)>,
}

impl SheetCsv<'_, '_> {
    fn write_fields(&mut self, fields: &[String]) {
        if self.error.is_some() {
            return;
        }
        // A note in a row with kept cells: a staff list cleared beside the
        // figures that stay.
        let mut noted: Option<Vec<String>> = None;
        while let Some((r, c, t)) = self.notes.get(self.next_note) {
            if *r > self.next_row {
                break;
            }
            if *r == self.next_row {
                let row = noted.get_or_insert_with(|| fields.to_vec());
                if let Some(f) = row.get_mut(*c as usize) {
                    *f = t.clone();
                }
            }
            self.next_note += 1;
        }
        let fields = noted.as_deref().unwrap_or(fields);
        let written = if self.next_row == 0 && is_sep_directive(fields) {
            self.write_sep_line()
        } else if let Some(w) = &mut self.writer {
            w.write_record(fields).map_err(|e| e.to_string())
        } else {
            Ok(())
        };
        if let Err(e) = written {
            self.error = Some(e);
        }
        self.next_row += 1;
    }

    /// Excel's `sep=;` first line, written as it was (not padded out to
    /// the table's width as a record: `sep=;;;`).
    fn write_sep_line(&mut self) -> Result<(), String> {
        let d = self.owner.dialect;
        let Some(w) = self.writer.take() else {
            return Ok(());
        };
        let mut out = w.into_inner().map_err(|e| e.to_string())?;
        let end: &[u8] = if d.crlf { b"\r\n" } else { b"\n" };
        out.write_all(b"sep=")
            .and_then(|_| out.write_all(&[d.delimiter]))
            .and_then(|_| out.write_all(end))
            .map_err(|e| e.to_string())?;
        self.writer = Some(record_writer(d, out));
        Ok(())
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
            let fields = vec![String::new(); self.width];
            self.write_fields(&fields);
        }
    }

    /// Put a kept cell in its place; `written` is the input's own text for
    /// it, `format` the workbook's number format.
    fn put(&mut self, k: Kept, written: Option<String>, format: Option<&str>) {
        let text = match (&k.value, written) {
            (_, Some(w)) => w,
            (OutValue::Text(s), None) => field_text(s),
            // What the sheet shows (`594,644.17`, `0.7%`), less any
            // fixed text a copy drops from the format (a name).
            (OutValue::Number(n), None) => format
                .and_then(|f| shown_number(*n, &releasable(f).0))
                .map(|t| field_text(&t))
                .unwrap_or_else(|| number_text(*n)),
            (OutValue::Date(d), None) => match format {
                // A format counting past a day (`[h]:mm`): a duration.
                Some(f) if analyze_format(f).elapsed => elapsed_text(*d),
                // ISO, or as shown when the format hides part of the
                // date (`mmm-yy`): the copy does not give the day away.
                Some(f) => released_date(*d, &releasable(f).0)
                    .map(|t| field_text(&t))
                    .unwrap_or_else(|| date_text(*d)),
                None => date_text(*d),
            },
            (OutValue::Bool(b), None) => if *b { "TRUE" } else { "FALSE" }.to_string(),
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
        match kept {
            Some(k) => {
                // A number kept as it is goes out as the input wrote it.
                let written = match (&k.value, cell.value, self.raw.as_mut()) {
                    (OutValue::Number(n), Value::Number(m), Some(raw)) if *n == m => {
                        raw.number(cell.row, cell.col, m)
                    }
                    _ => None,
                };
                let format = self
                    .format
                    .take()
                    .filter(|(r, c, _)| (*r, *c) == (cell.row, cell.col))
                    .map(|(_, _, f)| f);
                self.put(k, written, format.as_deref());
            }
            None => {
                let format = self
                    .format
                    .take()
                    .filter(|(r, c, _)| (*r, *c) == (cell.row, cell.col))
                    .map(|(_, _, f)| CellFormat {
                        num_format: Some(f),
                        ..Default::default()
                    });
                // "<5" where a format showed it over a hidden number.
                if let Some(k) = self.owner.rules.shown_in_place(sp, cell, format.as_ref()) {
                    self.put(k, None, None);
                    return;
                }
                // A field of spaces is kept as it is (the detectors skip it).
                if let Value::Text(t) = cell.value
                    && !t.is_empty()
                    && t.trim().is_empty()
                    && let Some((row, col)) = sp.place(cell.row, cell.col, cell.hide)
                    && (col as usize) < self.width
                {
                    let k = Kept {
                        row,
                        col,
                        value: OutValue::Text(t.to_string()),
                    };
                    self.put(k, None, None);
                }
            }
        }
    }

    fn cell_format(&mut self, row: u32, col: u32, format: &CellFormat) {
        self.format = format.num_format.clone().map(|f| (row, col, f));
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

/// Bytes a re-read record may span beyond the record limit.
const RAW_SLACK: u64 = 1 << 20;

/// A CSV input read again, record by record, beside the source, to give
/// each number field's text exactly as written. Rows are counted as the
/// source counts them (blank lines are rows). UTF-16 input is decoded;
/// otherwise the bytes are read as they are (numbers are ASCII, and
/// delimiters, quotes and line ends are the same bytes in UTF-8 and
/// Windows-1252). A field is only used when it is a plain number equal to
/// the source's value, so a mismatch falls back to the shortest form.
pub struct RawFields {
    rdr: Records<Capped>,
    /// The row of the record `rdr` holds.
    row: Option<u32>,
    next_row: u64,
    /// The input ended, or could not be read again.
    done: bool,
}

impl RawFields {
    /// Open `path` for re-reading with `delimiter`; a record may not take
    /// more than `max_record` bytes.
    pub fn open(path: &Path, delimiter: u8, max_record: u64) -> std::io::Result<RawFields> {
        let mut file = std::io::BufReader::new(File::open(path)?);
        let mut head = [0u8; 3];
        let mut got = 0;
        while got < head.len() {
            match file.read(&mut head[got..])? {
                0 => break,
                n => got += n,
            }
        }
        let head = &head[..got];
        let (utf16, skip) = if head.starts_with(&[0xFF, 0xFE]) {
            (Some(encoding_rs::UTF_16LE), 2)
        } else if head.starts_with(&[0xFE, 0xFF]) {
            (Some(encoding_rs::UTF_16BE), 2)
        } else if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            (None, 3)
        } else {
            (None, 0)
        };
        let rest: Box<dyn Read + Send> = Box::new(
            std::io::Cursor::new(head.get(skip..).unwrap_or_default().to_vec()).chain(file),
        );
        let inner: Box<dyn Read + Send> = match utf16 {
            Some(enc) => Box::new(Utf16Text {
                inner: rest,
                decoder: enc.new_decoder_without_bom_handling(),
                raw: vec![0; 64 * 1024],
                raw_start: 0,
                raw_end: 0,
                eof: false,
                finished: false,
            }),
            None => rest,
        };
        let capped = Capped {
            inner,
            read: 0,
            cap: max_record.saturating_add(RAW_SLACK),
        };
        Ok(RawFields {
            rdr: Records::new(capped, delimiter),
            row: None,
            next_row: 0,
            done: false,
        })
    }

    /// Read on until the record of `row` (or a later one) is held.
    fn seek(&mut self, row: u32) {
        while !self.done && self.row.is_none_or(|r| r < row) {
            self.rdr.get_mut().read = 0;
            let blank = match (self.rdr.advance(), self.rdr.current()) {
                (Ok(true), Some(r)) => r.start.line - r.before.line,
                _ => {
                    self.done = true;
                    self.row = None;
                    return;
                }
            };
            let row64 = self.next_row + blank;
            self.next_row = row64 + 1;
            match u32::try_from(row64) {
                Ok(r) => self.row = Some(r),
                Err(_) => {
                    self.done = true;
                    self.row = None;
                }
            }
        }
    }

    /// The text of the number field at (`row`, `col`) as the input wrote it,
    /// when it reads as `value`; `None` otherwise.
    pub fn number(&mut self, row: u32, col: u32, value: f64) -> Option<String> {
        self.seek(row);
        if self.row != Some(row) {
            return None;
        }
        let field = self.rdr.current()?.get(col as usize)?;
        let text = std::str::from_utf8(field).ok()?;
        let plain = !text.is_empty()
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
            && text.bytes().any(|b| b.is_ascii_digit());
        if !plain || text.parse::<f64>().ok()? != value {
            return None;
        }
        Some(text.to_string())
    }
}

/// Stops a re-read record that runs past the record limit (the reader's
/// count is reset at each record).
struct Capped {
    inner: Box<dyn Read + Send>,
    read: u64,
    cap: u64,
}

impl Read for Capped {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.read > self.cap {
            return Err(std::io::Error::other("a record is longer than the limit"));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// UTF-16 text decoded to UTF-8 as it is read.
struct Utf16Text {
    inner: Box<dyn Read + Send>,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    raw_start: usize,
    raw_end: usize,
    eof: bool,
    finished: bool,
}

impl Read for Utf16Text {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // The decoder needs room for one character (the CSV reader reads
        // into its whole buffer).
        if buf.len() < 4 {
            return Err(std::io::Error::other("read buffer too small"));
        }
        loop {
            if self.finished {
                return Ok(0);
            }
            if self.raw_start == self.raw_end && !self.eof {
                self.raw_start = 0;
                self.raw_end = 0;
                match self.inner.read(&mut self.raw)? {
                    0 => self.eof = true,
                    n => self.raw_end = n,
                }
            }
            let src = &self.raw[self.raw_start..self.raw_end];
            let (result, read, written, _) = self.decoder.decode_to_utf8(src, buf, self.eof);
            self.raw_start += read;
            if self.eof
                && self.raw_start == self.raw_end
                && result == encoding_rs::CoderResult::InputEmpty
            {
                self.finished = true;
            }
            if written > 0 {
                return Ok(written);
            }
            if read == 0 && !self.finished && self.raw_start != self.raw_end {
                return Err(std::io::Error::other("the decoder made no progress"));
            }
        }
    }
}

/// A record writer in the copy's dialect.
fn record_writer(d: CsvDialect, out: BufWriter<File>) -> csv::Writer<BufWriter<File>> {
    csv::WriterBuilder::new()
        .delimiter(d.delimiter)
        .terminator(if d.crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .flexible(false)
        .from_writer(out)
}

/// The first record of a CSV that opens with Excel's `sep=;` line: `sep=`
/// and nothing else.
fn is_sep_directive(fields: &[String]) -> bool {
    fields
        .first()
        .is_some_and(|f| f.eq_ignore_ascii_case("sep="))
        && fields.iter().skip(1).all(String::is_empty)
}

/// A text field, neutralised when a spreadsheet would run it as a formula
/// (the scan's own test, so every field changed is one the scan listed).
pub fn field_text(s: &str) -> String {
    if crate::source::csv::fields::is_formula_like(s) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// A number as the shortest text that reads back the same (`3`, `0.1`),
/// without digits beyond the 15 a spreadsheet keeps (see
/// [`general`](super::shown_value::general)).
pub fn number_text(n: f64) -> String {
    if !n.is_finite() {
        return String::new();
    }
    super::shown_value::general(n)
}

/// A duration in days as hours, minutes and seconds (`1.5625` is
/// `37:30:00`).
///
/// ```
/// use foiguard::redact::writer_csv::elapsed_text;
/// assert_eq!(elapsed_text(1.5625), "37:30:00");
/// assert_eq!(elapsed_text(-0.5), "-12:00:00");
/// ```
pub fn elapsed_text(days: f64) -> String {
    if !days.is_finite() || days.abs() > 1.0e7 {
        return number_text(days);
    }
    let secs = (days.abs() * 86_400.0).round() as u64;
    let sign = if days < 0.0 && secs > 0 { "-" } else { "" };
    format!(
        "{sign}{}:{:02}:{:02}",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
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
    let date = crate::source::dates::serial_date_text(days);
    if secs == 0 {
        date
    } else {
        format!("{date} {time}")
    }
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
        // Numbers a spreadsheet reads as numbers stay as they are.
        for s in [
            "-",
            "--",
            "-12",
            "+3.5",
            "Jane",
            "'quoted",
            "-4.7%",
            "-£105,550",
            "-£5",
            "+1.5e3",
        ] {
            assert_eq!(field_text(s), s, "{s:?}");
        }
    }

    fn raw(bytes: &[u8], delimiter: u8) -> (tempfile::TempDir, RawFields) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.csv");
        std::fs::write(&path, bytes).unwrap();
        let r = RawFields::open(&path, delimiter, 1 << 20).unwrap();
        (dir, r)
    }

    /// Every number the CSV source reads comes back from [`RawFields`] at
    /// the same row and column, as written.
    fn agrees_with_the_source(bytes: &[u8], expected: &[&str]) {
        use crate::source::recorder::{Recorder, V};
        use crate::source::{Context, Input, Limits, Reader};
        let rec = Recorder::default();
        let ctx = Context::new("in.csv", Limits::default());
        crate::source::csv::CsvReader
            .inspect(Input::Bytes(bytes), &ctx, &rec)
            .unwrap();
        let d = crate::source::csv::detect_dialect(Input::Bytes(bytes), &ctx).unwrap();
        let (_d, mut r) = raw(bytes, d.delimiter);
        let mut got = Vec::new();
        for c in rec.cells() {
            if let V::Number(n) = c.value {
                let text = r.number(c.row, c.col, n);
                assert!(text.is_some(), "row {} col {}: {n}", c.row, c.col);
                got.extend(text);
            }
        }
        assert_eq!(got, expected);
    }

    #[test]
    fn raw_fields_give_numbers_as_written() {
        agrees_with_the_source(
            b"\xEF\xBB\xBF1.50,a\r\n\r\n\"x\ny\",+44\n\xD3,1e3,\"7.0\"\n\n\n-0,.5,1.\n",
            &["1.50", "+44", "1e3", "7.0", "-0", ".5", "1."],
        );
        agrees_with_the_source(
            b"a;b\r\n\r\n1;\"2,0\"\r\n\"x\r\ny\";3.0\r\n4;5.00",
            &["1", "3.0", "4", "5.00"],
        );
        let mut b = vec![0xFE, 0xFF];
        for u in "a;b\n1;2,50\n\u{d3};0.50\n".encode_utf16() {
            b.extend_from_slice(&u.to_be_bytes());
        }
        agrees_with_the_source(&b, &["1", "0.50"]);

        let (_d, mut r) = raw(b"1.50,a\n2,+44\n", b',');
        assert_eq!(r.number(0, 1, 1.5), None, "not a number");
        assert_eq!(r.number(1, 1, 45.0), None, "a different value");
        assert_eq!(r.number(1, 1, 44.0).as_deref(), Some("+44"));
        assert_eq!(r.number(0, 0, 1.5), None, "rows only go forward");
        assert_eq!(r.number(9, 0, 1.0), None, "past the end");
    }

    #[test]
    fn raw_fields_stop_at_the_record_limit() {
        let mut csv = b"1.0\n\"".to_vec();
        csv.extend(std::iter::repeat_n(b'x', 4 << 20));
        csv.extend_from_slice(b"\"\n2.0\n");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.csv");
        std::fs::write(&path, &csv).unwrap();
        let mut r = RawFields::open(&path, b',', 1000).unwrap();
        assert_eq!(r.number(0, 0, 1.0).as_deref(), Some("1.0"));
        assert_eq!(r.number(2, 0, 2.0), None);
        assert!(r.done);
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
