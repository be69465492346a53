//! CSV and TSV text files, read as a stream (never loaded whole).
//!
//! The encoding is detected from the bytes: UTF-8 with or without a BOM,
//! UTF-16 LE/BE with a BOM, otherwise (bytes that are not UTF-8) Windows-1252.
//! The delimiter is detected from the first lines (comma, semicolon, tab,
//! pipe; `.tsv` and `.tab` files use tab): the one that splits the lines into
//! the same number of fields wins.
//!
//! The file is reported as one visible worksheet named after the file, plus
//! `ragged_rows` (rows whose field count differs from the header's) and
//! `formula_like_csv_cell` features (cells a spreadsheet program would run as a
//! formula: a leading `=`, `+`, `-`, `@`, tab or carriage return, unless the
//! cell is a plain number).
//!
//! Layout: this file sniffs the dialect and turns records into cells;
//! `text_stream` decodes the bytes, `records` splits the records, `fields`
//! says whether a field is a plain number or formula-like.
pub(crate) mod fields;
pub(crate) mod records;
mod text_stream;

use crate::numbers::thousands;
use std::io::Read;

use self::fields::{is_formula_like, plain_number};
use self::text_stream::TextStream;
use super::{Context, Input, Reader, Result, SourceError};
use crate::finding::Kind;
use crate::model::{
    Cell, Feature, Hide, Location, SheetInfo, SheetKind, SheetLayout, SheetState, Value, Visitor,
    a1,
};

/// True when the first bytes look like text (UTF-8, UTF-16 with BOM, or a
/// single-byte encoding without control bytes).
pub fn looks_like_text(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    !head.is_empty()
        && !head
            .iter()
            .any(|&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)))
}

/// True when text starts like an XML or HTML document (`<?xml`, `<!DOCTYPE`,
/// `<html>`, `<table>`...), after any byte order mark and white space,
/// in UTF-8 or UTF-16: such a file is not a CSV, whatever its name.
pub fn looks_like_markup(head: &[u8]) -> bool {
    let ascii: Vec<u8> = match head {
        [0xFF, 0xFE, rest @ ..] => rest.iter().step_by(2).copied().collect(),
        [0xFE, 0xFF, rest @ ..] => rest.iter().skip(1).step_by(2).copied().collect(),
        _ => head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head).to_vec(),
    };
    let t = ascii.trim_ascii_start();
    // A web archive (MHTML: Excel's "Single File Web Page", often saved as
    // .xls) starts with its MIME headers.
    if is_mime_archive(t) {
        return true;
    }
    let Some(rest) = t.strip_prefix(b"<") else {
        return false;
    };
    let name: Vec<u8> = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'?' | b'!' | b':' | b'-'))
        .map(u8::to_ascii_lowercase)
        .collect();
    let known = [
        &b"?xml"[..],
        b"!doctype",
        b"!--",
        b"html",
        b"head",
        b"body",
        b"table",
        b"meta",
        b"workbook",
        b"ss:workbook",
        b"x:workbook",
    ];
    known.iter().any(|k| name.starts_with(k))
}

/// Whether text starts as a MIME web archive: a `MIME-Version:` header, or
/// a `Content-Type: multipart/related` among the first header lines.
pub fn is_mime_archive(head: &[u8]) -> bool {
    let first = head.get(..head.len().min(1024)).unwrap_or(head);
    let lower = first.to_ascii_lowercase();
    lower.starts_with(b"mime-version:")
        || (lower.starts_with(b"from:") || lower.starts_with(b"x-"))
            && memchr::memmem::find(&lower, b"content-type: multipart/related").is_some()
}

/// Most `formula_like_csv_cell` features reported one by one per file; the
/// rest are summed up in one more feature.
const MAX_FORMULA_FEATURES: u64 = 1000;
/// Decoded text read ahead to detect the delimiter.
const SAMPLE_BYTES: usize = 64 * 1024;
/// Records of the sample used to detect the delimiter.
const SAMPLE_RECORDS: usize = 50;
/// Raw and decoded buffer sizes.
const CHUNK: usize = 64 * 1024;
/// Bytes a record may span in the buffers beyond the record limit before the
/// stream itself stops (the CSV reader checks the exact limit per record).
const RECORD_SLACK: u64 = 4 * CHUNK as u64;

/// Reads CSV and TSV files.
pub struct CsvReader;

impl Reader for CsvReader {
    fn inspect(&self, input: Input<'_>, ctx: &Context, visitor: &dyn Visitor) -> Result<()> {
        // The text stream reads 64 KB at a time into its own buffer.
        let stream = TextStream::new(
            input.open_unbuffered()?,
            ctx.limits.max_csv_record_bytes as u64,
        )?;
        let big = input.len().is_ok_and(|n| n >= super::pipeline::MIN_BYTES);
        read_csv(stream, ctx, visitor, big)
    }
}

/// The dialect a CSV file was read with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dialect {
    /// The detected encoding (`UTF-8`, `UTF-16LE`, `UTF-16BE`, `windows-1252`).
    pub encoding: &'static str,
    pub delimiter: u8,
}

/// Detect the encoding and delimiter of a CSV file from its first bytes.
///
/// ```
/// use foiguard::source::{csv::detect_dialect, Context, Input, Limits};
/// let ctx = Context::new("pay.csv", Limits::default());
/// let d = detect_dialect(Input::Bytes(b"name;amount\nJane;1,50\n"), &ctx).unwrap();
/// assert_eq!((d.encoding, d.delimiter), ("UTF-8", b';'));
/// ```
pub fn detect_dialect(input: Input<'_>, ctx: &Context) -> Result<Dialect> {
    let mut stream = TextStream::new(input.open()?, ctx.limits.max_csv_record_bytes as u64)?;
    let (sample, complete) = read_sample(&mut stream)?;
    Ok(Dialect {
        encoding: stream.encoding_name(),
        delimiter: pick_delimiter(&sample, complete, &ctx.name),
    })
}

/// A small CSV text (a roster, a list) decoded to UTF-8 as a scanned CSV
/// file is (byte order marks, UTF-16, Windows-1252), with its delimiter.
/// NUL bytes are an error, as in a scanned file.
///
/// ```
/// use foiguard::source::csv::decode_small;
/// let latin1 = b"surname;forename\nO Ne\xe1ill;Se\xe1n\n";
/// let (text, delimiter) = decode_small(latin1, "staff.csv").unwrap();
/// assert_eq!((text.as_str(), delimiter), ("surname;forename\nO Neáill;Seán\n", b';'));
/// ```
pub fn decode_small(bytes: &[u8], name: &str) -> Result<(String, u8)> {
    let mut stream = TextStream::new(bytes, u64::MAX)?;
    let (sample, complete) = read_sample(&mut stream)?;
    let delimiter = pick_delimiter(&sample, complete, name);
    let mut text = sample;
    if let Err(e) = stream.by_ref().read_to_end(&mut text) {
        return Err(stream.failure.clone().unwrap_or_else(|| e.into()));
    }
    let text = String::from_utf8(text)
        .map_err(|e| SourceError::Corrupt(format!("text not UTF-8 after decoding: {e}")))?;
    Ok((text, delimiter))
}

fn read_sample<R: Read>(stream: &mut TextStream<R>) -> Result<(Vec<u8>, bool)> {
    let mut sample = Vec::with_capacity(SAMPLE_BYTES);
    let got = stream
        .by_ref()
        .take(SAMPLE_BYTES as u64)
        .read_to_end(&mut sample);
    if let Err(e) = got {
        return Err(stream.failure.clone().unwrap_or_else(|| e.into()));
    }
    let complete = sample.len() < SAMPLE_BYTES;
    Ok((sample, complete))
}

fn read_csv<R: Read>(
    mut stream: TextStream<R>,
    ctx: &Context,
    visitor: &dyn Visitor,
    parallel: bool,
) -> Result<()> {
    let limits = &ctx.limits;
    let (sample, complete) = read_sample(&mut stream)?;
    let delimiter = pick_delimiter(&sample, complete, &ctx.name);

    let mut rdr = records::Records::new(std::io::Cursor::new(sample).chain(stream), delimiter);

    let sheet_name = ctx.name.clone();
    let info = SheetInfo {
        index: 0,
        name: sheet_name.clone(),
        state: SheetState::Visible,
        kind: SheetKind::Worksheet,
        part: None,
        embedded: Vec::new(),
    };
    let at = |row: u32, col: u32| Location::sheet(sheet_name.clone()).with_cell(a1(row, col));

    // Parsing on this thread, detection on another (for big files).
    let read = |mut sheet: Box<dyn crate::model::SheetVisitor + Send + '_>| -> Result<_> {
        let mut header_fields: Option<usize> = None;
        let mut ragged: u64 = 0;
        let mut first_ragged: Option<(u32, u64)> = None;
        let mut formula_like: u64 = 0;
        let mut cells: u64 = 0;
        let mut next_row: u64 = 0;
        loop {
            let start = rdr.position();
            rdr.get_mut().get_mut().1.record_start = (start.byte, start.line);
            match rdr.advance() {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    if let Some(f) = rdr.get_ref().get_ref().1.failure.clone() {
                        return Err(f);
                    }
                    return Err(SourceError::Corrupt(format!(
                        "CSV near line {}: {e}",
                        start.line
                    )));
                }
            }
            let Some(record) = rdr.current() else { break };
            let line = record.start.line;
            // Blank lines are skipped by the parser but are rows in a spreadsheet.
            let blank = record.start.line - record.before.line;
            let row64 = next_row + blank;
            next_row = row64 + 1;
            let Ok(row) = u32::try_from(row64) else {
                return Err(SourceError::Limit(format!(
                    "more than {} rows (line {line})",
                    u32::MAX
                )));
            };

            let bytes = record.byte_len();
            if bytes > limits.max_csv_record_bytes {
                return Err(SourceError::Limit(format!(
                    "the record on line {line} is {bytes} bytes, more than the {} byte limit",
                    limits.max_csv_record_bytes
                )));
            }
            if bytes > limits.max_csv_field_bytes
                && let Some(long) = record
                    .byte_fields()
                    .position(|f| f.len() > limits.max_csv_field_bytes)
            {
                return Err(SourceError::Limit(format!(
                    "field {} on line {line} is longer than the {} byte limit",
                    long + 1,
                    limits.max_csv_field_bytes
                )));
            }
            match header_fields {
                None => header_fields = Some(record.len()),
                Some(n) if n != record.len() => {
                    ragged += 1;
                    first_ragged.get_or_insert((row, line));
                }
                Some(_) => {}
            }
            let fields = record.text_fields().map_err(|e| {
                SourceError::Corrupt(format!("CSV near line {line}: invalid UTF-8 ({e})"))
            })?;
            for (i, field) in fields.enumerate() {
                if field.is_empty() {
                    continue;
                }
                let Ok(col) = u32::try_from(i) else {
                    return Err(SourceError::Limit(format!(
                        "too many fields on line {line}"
                    )));
                };
                // `"Month", "Officer"`: a space after the delimiter keeps
                // the quotes in the field; the value is what they enclose.
                let unquoted;
                let field = match field
                    .starts_with([' ', '\t'])
                    .then(|| fields::stray_quoted(field))
                {
                    Some(Some(inner)) => {
                        unquoted = inner;
                        unquoted.as_str()
                    }
                    _ => field,
                };
                cells += 1;
                if cells > limits.max_cells {
                    return Err(SourceError::Limit(format!(
                        "more than {} cells (at line {line})",
                        limits.max_cells
                    )));
                }
                let value = match plain_number(field) {
                    Some(n) => Value::Number(n),
                    None => Value::Text(field),
                };
                sheet.cell(&Cell {
                    row,
                    col,
                    value,
                    formula: None,
                    hide: Hide::NONE,
                });
                if is_formula_like(field) {
                    formula_like += 1;
                    if formula_like <= MAX_FORMULA_FEATURES {
                        visitor.feature(
                        Feature::new(
                            Kind::FormulaLikeCsvCell,
                            at(row, col),
                            "A cell starts with a character that makes a spreadsheet program treat it as a formula.",
                        )
                        .sample(field),
                    );
                    }
                }
            }
        }
        sheet.finish(SheetLayout::default());
        Ok((formula_like, header_fields, ragged, first_ragged))
    };
    let (formula_like, header_fields, ragged, first_ragged) =
        super::pipeline::run(visitor.sheet(&info), parallel, read)?;

    if formula_like > MAX_FORMULA_FEATURES {
        let rest = formula_like - MAX_FORMULA_FEATURES;
        visitor.feature(
            Feature::new(
                Kind::FormulaLikeCsvCell,
                Location::sheet(sheet_name.clone()),
                format!(
                    "{} more cells start like a formula (only the first {} are listed).",
                    thousands(rest),
                    thousands(MAX_FORMULA_FEATURES)
                ),
            )
            .count(rest),
        );
    }
    if let (Some((row, line)), Some(n)) = (first_ragged, header_fields) {
        visitor.feature(
            Feature::new(
                Kind::RaggedRows,
                at(row, 0),
                format!(
                    "{} rows have a different number of fields than the header's {n} (first on line {line}); data may sit outside the columns a reader expects.",
                    thousands(ragged)
                ),
            )
            .count(ragged),
        );
    }
    Ok(())
}

/// Pick the delimiter from a sample of decoded text.
fn pick_delimiter(sample: &[u8], complete: bool, name: &str) -> u8 {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".tsv") || lower.ends_with(".tab") {
        return b'\t';
    }
    let mut best = (b',', 0usize, 0usize); // (delimiter, agreeing records, fields)
    for d in [b',', b';', b'\t', b'|'] {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(sample);
        let mut counts: Vec<usize> = Vec::new();
        let mut rec = csv::ByteRecord::new();
        while counts.len() <= SAMPLE_RECORDS {
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => counts.push(rec.len()),
                _ => break,
            }
        }
        // The last record of a cut sample may be cut too.
        if !complete && counts.len() > 1 {
            counts.pop();
        }
        counts.truncate(SAMPLE_RECORDS);
        let Some(mode) = mode(&counts) else { continue };
        if mode < 2 {
            continue;
        }
        let agree = counts.iter().filter(|&&c| c == mode).count();
        if (agree, mode) > (best.1, best.2) {
            best = (d, agree, mode);
        }
    }
    best.0
}

/// The most frequent value (the largest among equally frequent ones).
fn mode(counts: &[usize]) -> Option<usize> {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let mut best: Option<(usize, usize)> = None; // (frequency, value)
    let mut i = 0;
    while i < sorted.len() {
        let v = sorted[i];
        let n = sorted[i..].iter().take_while(|&&x| x == v).count();
        if best.is_none_or(|(bn, _)| n >= bn) {
            best = Some((n, v));
        }
        i += n;
    }
    best.map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Limits;
    use crate::source::recorder::{Recorder, V};

    fn run_with(bytes: &[u8], name: &str, limits: Limits) -> Result<Recorder> {
        let rec = Recorder::default();
        let ctx = Context::new(name, limits);
        CsvReader.inspect(Input::Bytes(bytes), &ctx, &rec)?;
        Ok(rec)
    }

    fn run(bytes: &[u8], name: &str) -> Recorder {
        run_with(bytes, name, Limits::default()).unwrap()
    }

    fn text(rec: &Recorder, row: u32, col: u32) -> Option<String> {
        let sheet = rec.sheets()[0].name.clone();
        match rec.cell(&sheet, row, col)?.value {
            V::Text(s) => Some(s),
            other => Some(format!("{other:?}")),
        }
    }

    #[test]
    fn utf8_without_bom() {
        let rec = run("name,rank\nSiobhán Ó Néill,PC\n".as_bytes(), "a.csv");
        assert_eq!(text(&rec, 1, 0).as_deref(), Some("Siobhán Ó Néill"));
    }

    #[test]
    fn utf8_with_bom() {
        let rec = run("\u{FEFF}name,rank\nSiobhán,PC\n".as_bytes(), "a.csv");
        assert_eq!(text(&rec, 0, 0).as_deref(), Some("name"));
        assert_eq!(text(&rec, 1, 0).as_deref(), Some("Siobhán"));
        let s = &rec.sheets()[0];
        assert_eq!(
            (s.name.as_str(), s.state, s.kind),
            ("a.csv", SheetState::Visible, SheetKind::Worksheet)
        );
        assert_eq!(rec.layouts.lock().unwrap().len(), 1);
    }

    #[test]
    fn utf16le_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "name;rank\nÓ Néill;Sgt\n".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let rec = run(&b, "a.csv");
        assert_eq!(text(&rec, 1, 0).as_deref(), Some("Ó Néill"));
        assert_eq!(text(&rec, 1, 1).as_deref(), Some("Sgt"));
        let ctx = Context::new("a.csv", Limits::default());
        let d = detect_dialect(Input::Bytes(&b), &ctx).unwrap();
        assert_eq!((d.encoding, d.delimiter), ("UTF-16LE", b';'));
    }

    #[test]
    fn utf16be_with_bom() {
        let mut b = vec![0xFE, 0xFF];
        for u in "a,b\nx,Zoë\n".encode_utf16() {
            b.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(text(&run(&b, "a.csv"), 1, 1).as_deref(), Some("Zoë"));
    }

    #[test]
    fn windows_1252() {
        // "Ó Néill" in cp1252: Ó = 0xD3, é = 0xE9.
        let b = b"name,rank\n\xD3 N\xE9ill,PC\n";
        let rec = run(b, "a.csv");
        assert_eq!(text(&rec, 1, 0).as_deref(), Some("Ó Néill"));
        let d = detect_dialect(Input::Bytes(b), &Context::new("a.csv", Limits::default())).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        // Non-ASCII only far past the first chunk still decides correctly.
        let mut big = b"name,rank\n".to_vec();
        while big.len() < 3 * CHUNK {
            big.extend_from_slice(b"Jane Doe,PC\n");
        }
        big.extend_from_slice(b"\xD3 N\xE9ill,PC\n");
        let rec = run(&big, "a.csv");
        let last = rec.cells().iter().map(|c| c.row).max().unwrap();
        assert_eq!(text(&rec, last, 0).as_deref(), Some("Ó Néill"));
    }

    #[test]
    fn mac_roman() {
        // Excel's "CSV (Macintosh)": "Seán Ó Briain", "Aoife Ní Mhurchú",
        // lines ending in CR alone.
        let b = b"Name,Station\rSe\x87n \x83 Briain,Omagh\rAoife N\x92 Mhurch\x9c,Enniskillen\r";
        let rec = run(b, "m.csv");
        assert_eq!(text(&rec, 1, 0).as_deref(), Some("Seán É Briain"));
        assert_eq!(text(&rec, 2, 0).as_deref(), Some("Aoife Ní Mhurchú"));
        // Windows-1252's apostrophe inside a name keeps Windows-1252.
        let rec = run(b"name\nO\x92Neill\nSe\xe1n\n", "w.csv");
        assert_eq!(text(&rec, 1, 0).as_deref(), Some("O\u{2019}Neill"));
    }

    #[test]
    fn semicolon_and_tab_detection() {
        let rec = run(b"name;amount\nJane;1,50\nBob;2,75\n", "a.csv");
        assert_eq!(text(&rec, 1, 1).as_deref(), Some("1,50"));
        let rec = run(b"name\trank\nJane Doe\tPC\n", "a.csv");
        assert_eq!(text(&rec, 1, 0).as_deref(), Some("Jane Doe"));
        assert_eq!(text(&rec, 1, 1).as_deref(), Some("PC"));
        let rec = run(b"a|b|c\n1|2|3\n", "a.txt");
        assert_eq!(rec.cell("a.txt", 1, 2).unwrap().value, V::Number(3.0));
        // .tsv: tab even when commas would split more.
        let rec = run(b"a,b,c\td\n", "a.tsv");
        assert_eq!(text(&rec, 0, 0).as_deref(), Some("a,b,c"));
        // A quoted field holding the other delimiter does not fool it.
        let rec = run(b"name,note\n\"Doe; Jane\",x\n\"Roe; Ann\",y\n", "a.csv");
        assert_eq!(text(&rec, 1, 0).as_deref(), Some("Doe; Jane"));
    }

    #[test]
    fn markup_is_told_from_csv() {
        for t in [
            &b"<?xml version=\"1.0\"?><Workbook>"[..],
            b"\xEF\xBB\xBF\r\n <!DOCTYPE html><html>",
            b"<HTML><body><table>",
            b"<table border=1><tr>",
            b"<ss:Workbook xmlns:ss=\"x\">",
            b"\xFF\xFE<\0h\0t\0m\0l\0>\0",
            // Web archives (MHTML), as Excel saves a "Single File Web Page".
            b"MIME-Version: 1.0\r\nX-Document-Type: Workbook\r\n",
            b"X-Document-Type: Workbook\r\nContent-Type: multipart/related; boundary=x\r\n",
        ] {
            assert!(looks_like_markup(t), "{t:?}");
        }
        for t in [
            &b"name,rank\nJane,PC\n"[..],
            b"<50,count\n1,2\n",
            b"<none>,x\n",
            b"\"<html>\",x\n",
            b"MIME type,count\ntext/csv,3\n",
        ] {
            assert!(!looks_like_markup(t), "{t:?}");
        }
    }

    #[test]
    fn numbers_and_text() {
        let rec = run(
            b"id,val,phone,big,neg\n007,12,07700 900123,1234567890123456,-12.5\n",
            "a.csv",
        );
        assert_eq!(text(&rec, 1, 0).as_deref(), Some("007"));
        assert_eq!(rec.cell("a.csv", 1, 1).unwrap().value, V::Number(12.0));
        assert_eq!(text(&rec, 1, 2).as_deref(), Some("07700 900123"));
        assert_eq!(text(&rec, 1, 3).as_deref(), Some("1234567890123456"));
        assert_eq!(rec.cell("a.csv", 1, 4).unwrap().value, V::Number(-12.5));
    }

    #[test]
    fn quoted_fields_after_a_space_are_unquoted() {
        let rec = run(
            b"\"Month\", \"Officer\"\r\n\"2023-01\", \"Declan Hendry\"\r\n",
            "x.csv",
        );
        assert_eq!(text(&rec, 0, 1).as_deref(), Some("Officer"));
        assert_eq!(text(&rec, 1, 1).as_deref(), Some("Declan Hendry"));
    }

    #[test]
    fn ragged_rows() {
        let rec = run(b"a,b,c\n1,2,3\n4,5\n6,7,8,9\n1,2,3\n", "a.csv");
        let f = rec.of_kind(Kind::RaggedRows);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].count, 2);
        assert_eq!(f[0].location.cell.as_deref(), Some("A3"));
        assert_eq!(rec.cell("a.csv", 3, 3).unwrap().value, V::Number(9.0));
        assert!(f[0].message.contains("first on line 3"), "{}", f[0].message);
        // With \r\n line ends and a blank line, the line is still the record's.
        let rec = run(b"a,b,c\r\n1,2,3\r\n\r\n4,5\r\n", "a.csv");
        let f = rec.of_kind(Kind::RaggedRows);
        assert_eq!(f[0].location.cell.as_deref(), Some("A4"));
        assert!(f[0].message.contains("first on line 4"), "{}", f[0].message);
        assert!(
            run(b"a,b\n1,2\n", "a.csv")
                .of_kind(Kind::RaggedRows)
                .is_empty()
        );
    }

    #[test]
    fn blank_lines_keep_row_numbers() {
        let rec = run(b"a,b\n\n1,2\n\"x\ny\",3\n4,5\n", "a.csv");
        assert_eq!(rec.cell("a.csv", 2, 0).unwrap().value, V::Number(1.0));
        assert_eq!(text(&rec, 3, 0).as_deref(), Some("x\ny"));
        assert_eq!(rec.cell("a.csv", 4, 1).unwrap().value, V::Number(5.0));
        // The same with CRLF line ends.
        let rec = run(b"a,b\r\n\r\n1,2\r\n\"x\r\ny\",3\r\n4,5\r\n", "a.csv");
        assert_eq!(rec.cell("a.csv", 2, 0).unwrap().value, V::Number(1.0));
        assert_eq!(rec.cell("a.csv", 4, 1).unwrap().value, V::Number(5.0));
    }

    #[test]
    fn formula_like_cells() {
        let csv = "a,b,c,d\n\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",@SUM(A1),+cmd,-12.5\n12,+44 7700 900123,-,\tx\n";
        let rec = run(csv.as_bytes(), "a.csv");
        let f = rec.of_kind(Kind::FormulaLikeCsvCell);
        let cells: Vec<&str> = f
            .iter()
            .map(|f| f.location.cell.as_deref().unwrap())
            .collect();
        assert_eq!(cells, ["A2", "B2", "C2", "B3", "D3"]);
        assert_eq!(
            f[0].sample.as_deref(),
            Some("=HYPERLINK(\"http://x\",\"y\")")
        );
        assert!(is_formula_like("=1+1") && !is_formula_like("-12.5") && !is_formula_like("12"));
        assert!(!is_formula_like("+12") && is_formula_like("-x"));
        assert!(!is_formula_like("-12.8%") && !is_formula_like("+13.0%"));
        assert!(is_formula_like("-%") && is_formula_like("+1%%"));
        assert!(!is_formula_like("-9,800,000") && !is_formula_like("-£1,250.50"));
        assert!(is_formula_like("-9,80,000") && is_formula_like("-1,2"));
    }

    #[test]
    fn formula_features_are_capped() {
        let mut csv = String::from("a\n");
        for _ in 0..1500 {
            csv.push_str("=1+1\n");
        }
        let rec = run(csv.as_bytes(), "a.csv");
        let f = rec.of_kind(Kind::FormulaLikeCsvCell);
        assert_eq!(f.len(), 1001);
        assert_eq!(f[1000].count, 500);
        assert!(f[1000].location.cell.is_none());
    }

    #[test]
    fn long_field_over_limit() {
        let mut csv = b"a,b\n1,".to_vec();
        csv.extend(std::iter::repeat_n(b'x', 1 << 20));
        csv.extend_from_slice(b"\n");
        let limits = Limits {
            max_csv_field_bytes: 1000,
            ..Limits::default()
        };
        match run_with(&csv, "a.csv", limits) {
            Err(SourceError::Limit(m)) => assert!(m.contains("line 2"), "{m}"),
            other => panic!("expected a limit, got {:?}", other.err()),
        }
        // The record limit stops the stream before the record is buffered whole.
        let limits = Limits {
            max_csv_record_bytes: 1000,
            ..Limits::default()
        };
        match run_with(&csv, "a.csv", limits) {
            Err(SourceError::Limit(m)) => assert!(m.contains("line 2"), "{m}"),
            other => panic!("expected a limit, got {:?}", other.err()),
        }
        assert!(run_with(&csv, "a.csv", Limits::default()).is_ok());
    }

    #[test]
    fn nul_bytes_are_corrupt() {
        let mut csv = b"a,b\n".to_vec();
        csv.extend(std::iter::repeat_n(b'x', 3 * CHUNK));
        csv.extend_from_slice(b"\0\0\0\n");
        assert!(matches!(
            run_with(&csv, "a.csv", Limits::default()),
            Err(SourceError::Corrupt(_))
        ));
    }

    #[test]
    fn too_many_cells() {
        let limits = Limits {
            max_cells: 3,
            ..Limits::default()
        };
        assert!(matches!(
            run_with(b"a,b\nc,d\n", "a.csv", limits),
            Err(SourceError::Limit(_))
        ));
    }

    #[test]
    fn empty_file() {
        let rec = run(b"", "a.csv");
        assert!(rec.cells().is_empty());
        assert_eq!(rec.sheets().len(), 1);
    }
}
