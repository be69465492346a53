//! CSV records, split fast where they can be.
//!
//! Most records of a big CSV file are one line with no quote in it. Such a
//! record is split at its delimiters with `memchr`, straight from the read
//! buffer. A record with a quote or a lone carriage return goes through
//! `csv_core`, the parser of the `csv` crate, which also reads the small
//! files elsewhere in foiguard. Either way the records, fields and line
//! numbers are the `csv` crate's (RFC 4180 quoting, `\r`, `\n` or `\r\n`
//! ends a record, blank lines are skipped, a UTF-8 byte order mark at the
//! very start is dropped); `tests` checks that on random input.
//!
//! ```text
//! let mut records = Records::new("a,b\n\"c,d\",e\n".as_bytes(), b',');
//! assert!(records.advance().unwrap());
//! let r = records.current().unwrap();
//! assert_eq!(r.text_fields().unwrap().collect::<Vec<_>>(), ["a", "b"]);
//! assert!(records.advance().unwrap());
//! assert_eq!(records.current().unwrap().get(0), Some(&b"c,d"[..]));
//! assert!(!records.advance().unwrap());
//! ```

use std::io::{self, Read};

use csv_core::ReadRecordResult;

// Bytes read at a time, as the text stream decodes them (the buffer grows
// for a longer record).
use super::CHUNK;

/// Where a reader is: decoded bytes and lines (1-based) before the next
/// unread byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Position {
    pub byte: u64,
    pub line: u64,
}

/// The records of a CSV text read from `R`.
pub(crate) struct Records<R> {
    src: R,
    buf: Vec<u8>,
    /// First unparsed byte of `buf`, and the end of its data.
    start: usize,
    end: usize,
    eof: bool,
    /// Bytes read before `buf[0]`.
    base: u64,
    /// Line of `buf[start]`.
    line: u64,
    read_any: bool,
    core: csv_core::Reader,
    /// `core` has been given input (it drops a byte order mark from its
    /// first input: only the file's first bytes may lose one).
    core_used: bool,
    delimiter: u8,
    /// A record parsed by `core`: its unquoted bytes and field ends.
    slow: Vec<u8>,
    ends: Vec<usize>,
    /// The current record: where its bytes are (in `buf` or `slow`), its
    /// fields as ranges of them, and where it was read.
    cur: Option<Current>,
    fields: Vec<(usize, usize)>,
}

#[derive(Clone, Copy)]
struct Current {
    /// In `buf` at this offset, or (`None`) in `slow`.
    in_buf: Option<(usize, usize)>,
    before: Position,
    start: Position,
}

/// One record: its fields, and where it was read.
pub(crate) struct Record<'a> {
    bytes: &'a [u8],
    fields: &'a [(usize, usize)],
    /// Where the reader was before this record (and the blank lines before it).
    pub before: Position,
    /// Where the record starts.
    pub start: Position,
}

impl<'a> Record<'a> {
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// The fields as bytes, in order.
    pub fn byte_fields(&self) -> impl Iterator<Item = &'a [u8]> + use<'a> {
        let bytes = self.bytes;
        self.fields
            .iter()
            .map(move |&(a, b)| bytes.get(a..b).unwrap_or_default())
    }

    /// Field `i` as bytes.
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        let &(a, b) = self.fields.get(i)?;
        self.bytes.get(a..b)
    }

    /// The fields as text, in order; an error if the record is not UTF-8.
    pub fn text_fields(
        &self,
    ) -> Result<impl Iterator<Item = &'a str> + use<'a>, std::str::Utf8Error> {
        let text = std::str::from_utf8(self.bytes)?;
        // Fields end at ASCII delimiters: each is whole UTF-8.
        Ok(self
            .fields
            .iter()
            .map(move |&(a, b)| text.get(a..b).unwrap_or("")))
    }

    /// The bytes of its fields (without delimiters and quotes).
    pub fn byte_len(&self) -> usize {
        self.fields.iter().map(|&(a, b)| b - a).sum()
    }
}

impl<R: Read> Records<R> {
    pub fn new(src: R, delimiter: u8) -> Self {
        Self::with_capacity(src, delimiter, CHUNK)
    }

    fn with_capacity(src: R, delimiter: u8, capacity: usize) -> Self {
        Records {
            src,
            buf: vec![0; capacity.max(1)],
            start: 0,
            end: 0,
            eof: false,
            base: 0,
            line: 1,
            read_any: false,
            core_used: false,
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            delimiter,
            cur: None,
            slow: Vec::new(),
            ends: Vec::new(),
            fields: Vec::new(),
        }
    }

    pub fn get_ref(&self) -> &R {
        &self.src
    }

    pub fn get_mut(&mut self) -> &mut R {
        &mut self.src
    }

    /// Where the next record starts (or the blank lines before it).
    pub fn position(&self) -> Position {
        Position {
            byte: self.base + self.start as u64,
            line: self.line,
        }
    }

    /// Read more input after what is buffered, keeping `buf[start..end]`.
    /// Returns false at the end of the input.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.base += self.start as u64;
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            let n = self.buf.len() * 2;
            self.buf.resize(n, 0);
        }
        loop {
            match self.src.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The record read by the last [`Records::advance`] that found one.
    pub fn current(&self) -> Option<Record<'_>> {
        let c = self.cur?;
        let bytes = match c.in_buf {
            Some((a, len)) => self.buf.get(a..a + len)?,
            None => &self.slow[..],
        };
        Some(Record {
            bytes,
            fields: &self.fields,
            before: c.before,
            start: c.start,
        })
    }

    /// The next record, or `None` at the end of the input.
    pub fn read(&mut self) -> io::Result<Option<Record<'_>>> {
        Ok(if self.advance()? {
            self.current()
        } else {
            None
        })
    }

    /// Move to the next record ([`Records::current`]); false at the end of
    /// the input.
    pub fn advance(&mut self) -> io::Result<bool> {
        self.cur = None;
        let before = self.position();
        if !self.read_any {
            self.read_any = true;
            // Like the `csv` crate: a UTF-8 byte order mark at the very start is not data.
            while self.end < 3 && self.fill()? {}
            if self.buf[..self.end].starts_with(b"\xef\xbb\xbf") {
                self.start = 3;
            }
        }
        // Blank lines: terminators before a record are skipped.
        loop {
            match self.buf[self.start..self.end]
                .iter()
                .position(|&c| c != b'\n' && c != b'\r')
            {
                Some(i) => {
                    self.line += memchr::memchr_iter(b'\n', &self.buf[self.start..self.start + i])
                        .count() as u64;
                    self.start += i;
                    break;
                }
                None => {
                    self.line +=
                        memchr::memchr_iter(b'\n', &self.buf[self.start..self.end]).count() as u64;
                    self.start = self.end;
                    if !self.fill()? {
                        return Ok(false);
                    }
                }
            }
        }
        let start = self.position();
        // One line with no quote: split it here.
        let fast = loop {
            let rest = &self.buf[self.start..self.end];
            match memchr::memchr3(b'\n', b'\r', b'"', rest) {
                Some(i) if rest[i] == b'"' => break None,
                Some(i) if rest[i] == b'\n' => break Some((i, i + 1, 1)),
                Some(i) => match rest.get(i + 1) {
                    Some(b'\n') => break Some((i, i + 2, 1)),
                    // A lone `\r` ends a record too, but not a line.
                    Some(_) => break Some((i, i + 1, 0)),
                    None if self.eof => break Some((i, i + 1, 0)),
                    None => {
                        self.fill()?;
                    }
                },
                None if self.eof => break Some((rest.len(), rest.len(), 0)),
                None => {
                    self.fill()?;
                }
            }
        };
        let in_buf = match fast {
            Some((len, consumed, lines)) => {
                let a = self.start;
                self.start += consumed;
                self.line += lines;
                let bytes = &self.buf[a..a + len];
                self.fields.clear();
                let mut from = 0;
                for d in memchr::memchr_iter(self.delimiter, bytes) {
                    self.fields.push((from, d));
                    from = d + 1;
                }
                self.fields.push((from, bytes.len()));
                Some((a, len))
            }
            None => {
                if !self.read_quoted()? {
                    return Ok(false);
                }
                None
            }
        };
        self.cur = Some(Current {
            in_buf,
            before,
            start,
        });
        Ok(true)
    }

    /// Parse the record at `start` with `csv_core` into `slow` and `fields`.
    /// False when there was none (only possible at the end of the input).
    fn read_quoted(&mut self) -> io::Result<bool> {
        let (mut nout, mut nend) = (0, 0);
        loop {
            if self.slow.len() < nout + 256 {
                self.slow.resize((nout + 256) * 2, 0);
            }
            if self.ends.len() < nend + 16 {
                self.ends.resize((nend + 16) * 2, 0);
            }
            if self.start == self.end {
                self.fill()?;
            }
            let mut input = &self.buf[self.start..self.end];
            if !self.core_used {
                // Under three bytes: too short for `core` to take for a mark.
                input = &input[..input.len().min(1)];
                self.core_used = true;
            }
            let (res, i, o, e) =
                self.core
                    .read_record(input, &mut self.slow[nout..], &mut self.ends[nend..]);
            self.line += memchr::memchr_iter(b'\n', &input[..i]).count() as u64;
            self.start += i;
            nout += o;
            nend += e;
            match res {
                ReadRecordResult::InputEmpty
                | ReadRecordResult::OutputFull
                | ReadRecordResult::OutputEndsFull => {}
                ReadRecordResult::Record => break,
                ReadRecordResult::End => return Ok(false),
            }
        }
        // `core` ends a record at the `\r` of a `\r\n`; the `\n` belongs
        // to it too (the last byte taken is `\r` only as a terminator, or
        // inside a quote left open at the end of the input).
        if self.start > 0 && self.buf[self.start - 1] == b'\r' {
            if self.start == self.end {
                self.fill()?;
            }
            if self.buf[self.start..self.end].first() == Some(&b'\n') {
                self.start += 1;
                self.line += 1;
            }
        }
        self.slow.truncate(nout);
        self.fields.clear();
        let mut from = 0;
        for &end in &self.ends[..nend] {
            self.fields.push((from, end));
            from = end;
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields of each record, as the `csv` crate reads them.
    fn by_csv(input: &[u8], delimiter: u8) -> Vec<Vec<String>> {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        let mut rec = csv::StringRecord::new();
        let mut out = Vec::new();
        while rdr.read_record(&mut rec).unwrap() {
            out.push(rec.iter().map(str::to_string).collect());
        }
        out
    }

    /// The same from [`Records`], checking its positions on the way: one
    /// record starts where the last one ended, plus blank lines; it starts
    /// with its first field (or a quote), on the line that the newlines
    /// before it say.
    fn by_records(input: &[u8], delimiter: u8, capacity: usize) -> Vec<Vec<String>> {
        let mut records = Records::with_capacity(input, delimiter, capacity);
        let mut out = Vec::new();
        loop {
            let before = records.position();
            let Some(r) = records.read().unwrap() else {
                break;
            };
            assert_eq!(r.before, before);
            let at = r.start.byte as usize;
            let skipped = &input[r.before.byte as usize..at];
            assert!(
                skipped.iter().all(|c| matches!(c, b'\n' | b'\r')) || r.before.byte == 0,
                "{skipped:?}"
            );
            let newlines = input[..at].iter().filter(|&&c| c == b'\n').count() as u64;
            assert_eq!(
                r.start.line,
                1 + newlines,
                "line of the record at byte {at}"
            );
            let first = r.get(0).unwrap_or_default();
            assert!(input[at..].starts_with(first) || input[at] == b'"');
            out.push(r.text_fields().unwrap().map(str::to_string).collect());
        }
        assert_eq!(records.position().byte as usize, input.len());
        out
    }

    #[test]
    fn quoted_and_plain_records() {
        let input = "\u{feff}name,note\r\n\r\nJane,\"said \"\"hi\"\", left\"\nÓ Néill,x\ry\n\"two\nlines\",z";
        let got = by_records(input.as_bytes(), b',', 8);
        let want = by_csv(input.as_bytes(), b',');
        assert_eq!(got, want);
        assert_eq!(got[1], ["Jane", "said \"hi\", left"]);
        assert_eq!(got.len(), 5);
        // Blank lines and \r\n: the third record is on line 3 of the file.
        let mut records = Records::new(input.as_bytes(), b',');
        records.read().unwrap();
        let jane = records.read().unwrap().unwrap();
        assert_eq!((jane.before.line, jane.start.line), (2, 3));
        assert_eq!(records.position().line, 4);
    }

    /// Random text from the bytes that matter to a CSV parser: records,
    /// fields and lines agree with the `csv` crate, whatever the buffer size.
    #[test]
    fn the_same_records_as_the_csv_crate() {
        let alphabet: &[&[u8]] = &[
            b"a",
            b"b",
            b"1",
            b" ",
            b",",
            b",",
            b";",
            b"\"",
            b"\"",
            b"\n",
            b"\n",
            b"\r",
            b"\r\n",
            "é".as_bytes(),
            b"\xef\xbb\xbf",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for case in 0..20_000 {
            let len = (next() % 40) as usize;
            let mut input = Vec::new();
            for _ in 0..len {
                input.extend_from_slice(alphabet[(next() % alphabet.len() as u64) as usize]);
            }
            let delimiter = if case % 3 == 0 { b';' } else { b',' };
            let capacity = [1, 2, 3, 7, 64][case % 5];
            let want = by_csv(&input, delimiter);
            let got = by_records(&input, delimiter, capacity);
            assert_eq!(
                got,
                want,
                "input {:?} capacity {capacity}",
                String::from_utf8_lossy(&input)
            );
        }
    }

    #[test]
    fn a_record_that_is_not_utf8_has_bytes_but_no_text() {
        let mut records = Records::new(&b"ok\nbad \xff,1\n"[..], b',');
        assert!(records.read().unwrap().unwrap().text_fields().is_ok());
        let bad = records.read().unwrap().unwrap();
        assert!(bad.text_fields().is_err());
        assert_eq!(
            bad.byte_fields().collect::<Vec<_>>(),
            [&b"bad \xff"[..], b"1"]
        );
    }
}
