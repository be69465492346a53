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
pub(crate) mod records;

use crate::detect::swar;
use crate::numbers::thousands;
use std::io::Read;

use encoding_rs::{Decoder, Encoding};

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

/// True when the text is written as a plain decimal number: optional sign,
/// digits with an optional decimal point, optional exponent.
fn numeric_syntax(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    let mut digits = 0;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
        digits += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    i == b.len()
}

/// The number a field holds, when it is a plain number that a spreadsheet
/// would show unchanged: not `007` (leading zeros are an identifier), not
/// more than 15 digits (precision would be lost).
fn plain_number(s: &str) -> Option<f64> {
    // "+447700900123": a telephone number in international form, which the
    // '+' and the length give away; as a number it would lose both.
    if s.len() > 10 && s.starts_with('+') {
        return None;
    }
    // Most numbers in a CSV are short decimals ("97", "2871.17"): read them
    // in one pass. A mantissa of at most 15 digits and at most 22 decimals is
    // exact in f64, as is the power of ten, so one division rounds correctly
    // (the fast path of correct float parsing). Anything else (exponents,
    // odd shapes) takes the general route below.
    match short_decimal(s) {
        Some(n) => n,
        None => general_number(s),
    }
}

/// [`plain_number`] for any shape, through the standard float parser.
fn general_number(s: &str) -> Option<f64> {
    if !numeric_syntax(s) {
        return None;
    }
    let unsigned = s.trim_start_matches(['+', '-']);
    let mantissa = unsigned.split(['e', 'E']).next().unwrap_or("");
    let int = mantissa.split('.').next().unwrap_or("");
    if int.len() > 1 && int.starts_with('0') {
        return None;
    }
    if mantissa.bytes().filter(u8::is_ascii_digit).count() > 15 {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// `Some(answer)` when `s` is a sign, digits and an optional fraction (the
/// answer of [`plain_number`] for it); `None` when it needs the general route.
fn short_decimal(s: &str) -> Option<Option<f64>> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let b = s.as_bytes();
    let (neg, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    if let Some((mantissa, int_digits, decimals)) = eight_byte_decimal(digits) {
        // A leading zero makes an identifier ("007"), not a number.
        if int_digits > 1 && digits.first() == Some(&b'0') {
            return Some(None);
        }
        let v = match decimals {
            0 => mantissa as f64,
            d => mantissa as f64 / *POW10.get(d)?,
        };
        return Some(Some(if neg { -v } else { v }));
    }
    let mut mantissa: u64 = 0;
    let mut count = 0usize;
    let mut int_digits = 0usize;
    let mut point: Option<usize> = None;
    for (i, &c) in digits.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                count += 1;
                if count > 15 {
                    // More than 15 digits: kept as text (or a plain "no").
                    return if numeric_syntax(s) { Some(None) } else { None };
                }
                mantissa = mantissa * 10 + u64::from(c - b'0');
                if point.is_none() {
                    int_digits += 1;
                }
            }
            b'.' if point.is_none() => point = Some(i),
            // An exponent: the general route.
            b'e' | b'E' => return None,
            // A byte no plain number holds past its start (a second point,
            // a sign, a dash or colon of a date or time, a letter): not one.
            _ => return Some(None),
        }
    }
    if count == 0 {
        return Some(None);
    }
    // A leading zero makes an identifier ("007"), not a number.
    if int_digits > 1 && digits.first() == Some(&b'0') {
        return Some(None);
    }
    let decimals = point.map_or(0, |p| digits.len() - p - 1);
    // A whole number needs no division (most number cells are whole).
    let v = match decimals {
        0 => mantissa as f64,
        d => mantissa as f64 / *POW10.get(d)?,
    };
    Some(Some(if neg { -v } else { v }))
}

/// The usual number cell ("97", "2871.17"): at most eight bytes of digits
/// with at most one point and at least one digit, read as one word rather
/// than byte by byte. Returns the digits' value, the digits before the point
/// and the digits after it; `None` for any other shape (the caller reads it
/// byte by byte).
fn eight_byte_decimal(digits: &[u8]) -> Option<(u64, usize, usize)> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let n = digits.len();
    if n == 0 || n > 8 || !matches!(digits[0], b'0'..=b'9' | b'.') {
        return None;
    }
    let word = swar::load_short(digits);
    let used = u64::MAX >> (8 * (8 - n));
    // The first point, if any (bytes past a zero byte may be flagged
    // wrongly, the lowest flagged one never is); a second one fails the
    // digit check below.
    let x = word ^ (ONES * u64::from(b'.'));
    let points = x.wrapping_sub(ONES) & !x & (ONES << 7) & used;
    let (word, m, int_digits) = if points == 0 {
        (word, n, n)
    } else {
        let p = points.trailing_zeros() as usize / 8;
        let below = (1u64 << (8 * p)) - 1;
        ((word & below) | ((word >> 8) & !below), n - 1, p)
    };
    if m == 0 {
        return None;
    }
    // Left-pad the m digits with '0' to eight: the value is unchanged.
    let padded = (word << (8 * (8 - m)))
        | (ONES * u64::from(b'0'))
            .checked_shr(8 * m as u32)
            .unwrap_or(0);
    // All eight bytes '0'..='9' (a byte that carries on adding 6 fails by
    // its own high nibble).
    const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    if (padded & HIGH) | ((padded.wrapping_add(ONES * 6) & HIGH) >> 4) != ONES * 0x33 {
        return None;
    }
    // Pairs, quads, then all eight (the first byte is the most significant digit).
    let mut v = padded & (ONES * 0x0F);
    v = (v.wrapping_mul(10) + (v >> 8)) & 0x00FF_00FF_00FF_00FF;
    v = (v.wrapping_mul(100) + (v >> 16)) & 0x0000_FFFF_0000_FFFF;
    v = (v.wrapping_mul(10_000) + (v >> 32)) & 0xFFFF_FFFF;
    Some((v, int_digits, m - int_digits))
}

/// True when a spreadsheet program would treat the field as a formula
/// (OWASP CSV injection): it starts with `=`, `+`, `-`, `@`, tab or CR and is
/// not a plain number or percentage (`-12.8%`, a year-on-year change in
/// every crime-statistics release). A field of dashes only (`-`, `--`) is
/// shown as text.
fn is_formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && !numeric_syntax(s.strip_suffix('%').unwrap_or(s))
        && !s.bytes().all(|b| b == b'-')
}

/// The encoding a stream is decoded with.
enum Mode {
    /// Only ASCII seen so far (UTF-8 and Windows-1252 agree).
    Ascii,
    Decoding(Decoder),
}

/// Decodes a byte stream to UTF-8, detecting its encoding, and stops with an
/// error on NUL bytes and on records longer than the limit.
struct TextStream<R> {
    inner: R,
    raw: Vec<u8>,
    raw_start: usize,
    raw_end: usize,
    raw_eof: bool,
    mode: Mode,
    /// The decoder has been given its last input.
    finished: bool,
    out: Vec<u8>,
    out_start: usize,
    out_end: usize,
    /// Decoded bytes produced so far.
    produced: u64,
    /// Lines (`\n`) produced so far.
    lines: u64,
    /// Where the record being parsed starts (decoded byte, line), set by the
    /// CSV loop; a record may not run past the limit.
    record_start: (u64, u64),
    max_record: u64,
    failure: Option<SourceError>,
}

impl<R: Read> TextStream<R> {
    fn new(inner: R, max_record: u64) -> Result<Self> {
        let mut s = TextStream {
            inner,
            raw: vec![0; CHUNK],
            raw_start: 0,
            raw_end: 0,
            raw_eof: false,
            mode: Mode::Ascii,
            finished: false,
            out: vec![0; CHUNK],
            out_start: 0,
            out_end: 0,
            produced: 0,
            lines: 1,
            record_start: (0, 1),
            max_record,
            failure: None,
        };
        s.fill_raw()?;
        let head = &s.raw[..s.raw_end];
        let (encoding, bom) = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            (Some(encoding_rs::UTF_8), 3)
        } else if head.starts_with(&[0xFF, 0xFE]) {
            (Some(encoding_rs::UTF_16LE), 2)
        } else if head.starts_with(&[0xFE, 0xFF]) {
            (Some(encoding_rs::UTF_16BE), 2)
        } else {
            (None, 0)
        };
        if let Some(enc) = encoding {
            s.raw_start = bom;
            s.mode = Mode::Decoding(enc.new_decoder_without_bom_handling());
        }
        Ok(s)
    }

    fn encoding_name(&self) -> &'static str {
        match &self.mode {
            Mode::Ascii => "UTF-8",
            Mode::Decoding(d) => d.encoding().name(),
        }
    }

    /// Move unread raw bytes to the front and read until the buffer is full
    /// or the input ends.
    fn fill_raw(&mut self) -> Result<()> {
        if self.raw_start > 0 {
            self.raw.copy_within(self.raw_start..self.raw_end, 0);
            self.raw_end -= self.raw_start;
            self.raw_start = 0;
        }
        while !self.raw_eof && self.raw_end < self.raw.len() {
            match self.inner.read(&mut self.raw[self.raw_end..]) {
                Ok(0) => self.raw_eof = true,
                Ok(n) => self.raw_end += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// Decode the next chunk into `out`. Leaves `out` empty only at the end.
    fn decode_more(&mut self) -> Result<()> {
        self.out_start = 0;
        self.out_end = 0;
        while self.out_end == 0 {
            if self.raw_start == self.raw_end && !self.raw_eof {
                self.fill_raw()?;
            }
            let src = &self.raw[self.raw_start..self.raw_end];
            match &mut self.mode {
                Mode::Ascii => {
                    if src.is_empty() {
                        return Ok(()); // the input ended with ASCII only
                    }
                    let src = &src[..src.len().min(self.out.len())];
                    // Whole words at a time; the first non-ASCII byte only when there is one.
                    let n = if src.is_ascii() {
                        src.len()
                    } else {
                        src.iter().position(|b| !b.is_ascii()).unwrap_or(src.len())
                    };
                    if n > 0 && self.raw_start == 0 && n == self.raw_end {
                        // All the raw bytes are ASCII: they are the output
                        // as they are; the buffers change places, no copy.
                        std::mem::swap(&mut self.raw, &mut self.out);
                        self.raw_start = 0;
                        self.raw_end = 0;
                        self.out_end = n;
                    } else if n > 0 {
                        self.out[..n].copy_from_slice(&src[..n]);
                        self.raw_start += n;
                        self.out_end = n;
                    } else {
                        // The first non-ASCII byte decides: UTF-8 if what
                        // follows is valid UTF-8, else Windows-1252.
                        self.fill_raw()?;
                        let window = &self.raw[self.raw_start..self.raw_end];
                        let utf8 = match std::str::from_utf8(window) {
                            Ok(_) => true,
                            Err(e) => e.error_len().is_none() && !self.raw_eof,
                        };
                        let enc: &'static Encoding = if utf8 {
                            encoding_rs::UTF_8
                        } else {
                            encoding_rs::WINDOWS_1252
                        };
                        self.mode = Mode::Decoding(enc.new_decoder_without_bom_handling());
                    }
                }
                Mode::Decoding(decoder) => {
                    if self.finished {
                        return Ok(());
                    }
                    let last = self.raw_eof;
                    let (result, read, written, _) =
                        decoder.decode_to_utf8(src, &mut self.out, last);
                    self.raw_start += read;
                    self.out_end = written;
                    if last && result == encoding_rs::CoderResult::InputEmpty {
                        self.finished = true;
                    }
                }
            }
        }
        let chunk = &self.out[..self.out_end];
        if let Some(i) = memchr::memchr(0, chunk) {
            let line = self.lines + memchr::memchr_iter(b'\n', &chunk[..i]).count() as u64;
            return Err(SourceError::Corrupt(format!(
                "a NUL byte on line {line}: this is not a text file"
            )));
        }
        self.lines += memchr::memchr_iter(b'\n', chunk).count() as u64;
        self.produced += self.out_end as u64;
        if self.produced.saturating_sub(self.record_start.0)
            > self.max_record.saturating_add(RECORD_SLACK)
        {
            return Err(SourceError::Limit(format!(
                "the record starting on line {} is longer than the {} byte limit",
                self.record_start.1, self.max_record
            )));
        }
        Ok(())
    }
}

impl<R: Read> Read for TextStream<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if let Some(f) = &self.failure {
            return Err(std::io::Error::other(f.to_string()));
        }
        if self.out_start == self.out_end
            && let Err(e) = self.decode_more()
        {
            let msg = e.to_string();
            self.failure = Some(e);
            return Err(std::io::Error::other(msg));
        }
        let n = buf.len().min(self.out_end - self.out_start);
        buf[..n].copy_from_slice(&self.out[self.out_start..self.out_start + n]);
        self.out_start += n;
        Ok(n)
    }
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
        ] {
            assert!(looks_like_markup(t), "{t:?}");
        }
        for t in [
            &b"name,rank\nJane,PC\n"[..],
            b"<50,count\n1,2\n",
            b"<none>,x\n",
            b"\"<html>\",x\n",
        ] {
            assert!(!looks_like_markup(t), "{t:?}");
        }
    }

    #[test]
    fn short_decimals_read_like_the_float_parser() {
        // Every shape the one-pass reader takes must give what the general
        // route (str::parse) gives, to the bit.
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut checked = 0;
        for _ in 0..200_000 {
            let r = next();
            let int = r % 10u64.pow((r >> 8) as u32 % 12);
            let frac_len = (r >> 16) as usize % 6;
            let frac = (r >> 24) % 10u64.pow(frac_len as u32);
            let sign = ["", "-", "+"][(r >> 40) as usize % 3];
            let s = if frac_len == 0 {
                format!("{sign}{int}")
            } else {
                format!("{sign}{int}.{frac:0frac_len$}")
            };
            let fast = short_decimal(&s).expect("a short decimal");
            let slow = general_number(&s);
            assert_eq!(fast.map(f64::to_bits), slow.map(f64::to_bits), "{s}");
            checked += 1;
        }
        assert_eq!(checked, 200_000);
        // Short strings of number bytes and a few others, in every order
        // the generator finds: the one-word reader must agree too.
        let alphabet = b"0123456789000..-+eE: a";
        for _ in 0..200_000 {
            let r = next();
            let len = (r % 11) as usize;
            let s: String = (0..len)
                .map(|i| alphabet[((r >> (4 + 5 * i)) % alphabet.len() as u64) as usize] as char)
                .collect();
            assert_eq!(
                plain_number(&s).map(f64::to_bits),
                general_number(&s).map(f64::to_bits),
                "{s:?}"
            );
        }
        for s in [
            "007",
            "0.5",
            ".5",
            "1.",
            "-0",
            "+",
            "-",
            ".",
            "",
            "1e5",
            "12a",
            "1.2.3",
            "1E5",
            "-1e-5",
            "1e+5",
            "2e",
            "2024-02-04",
            "13:10",
            " 97",
            "97 ",
            "5-",
            "--5",
            "+-5",
            "1,000",
            "£5",
        ] {
            assert_eq!(
                plain_number(s).map(f64::to_bits),
                general_number(s).map(f64::to_bits),
                "{s}"
            );
        }
        assert_eq!(plain_number("1234567890123456"), None);
        assert_eq!(plain_number("+447700900123"), None);
        assert_eq!(plain_number("+44770090"), Some(44770090.0));
        assert_eq!(plain_number("2871.17"), Some(2871.17));
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
