//! The byte stream of a CSV file decoded to UTF-8 as it is read: the
//! encoding detected from the bytes, NUL bytes and over-long records stopped.

use std::io::Read;

use encoding_rs::{Decoder, Encoding};

use super::{CHUNK, RECORD_SLACK};
use crate::source::{Result, SourceError};

/// The encoding a stream is decoded with.
enum Mode {
    /// Only ASCII seen so far (UTF-8 and Windows-1252 agree).
    Ascii,
    Decoding(Decoder),
}

/// Decodes a byte stream to UTF-8, detecting its encoding, and stops with an
/// error on NUL bytes and on records longer than the limit.
pub(super) struct TextStream<R> {
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
    pub(super) record_start: (u64, u64),
    max_record: u64,
    pub(super) failure: Option<SourceError>,
}

impl<R: Read> TextStream<R> {
    pub(super) fn new(inner: R, max_record: u64) -> Result<Self> {
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

    pub(super) fn encoding_name(&self) -> &'static str {
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
                            single_byte_encoding(window)
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

/// Windows-1252, unless the letters in words say Mac OS Roman (Excel's "CSV
/// (Macintosh)"): there accented letters are bytes 0x80 to 0x9F, which
/// Windows-1252 uses for punctuation ("Se\x87n" is "Seán", not "Se‡n"), and
/// none is in 0xC0 to 0xFF, where Windows-1252 keeps its accented letters.
/// The bytes Windows-1252 uses inside words (’ in "O’Neill", dashes,
/// quotes) count for neither.
fn single_byte_encoding(window: &[u8]) -> &'static Encoding {
    let (mut mac, mut windows) = (0u32, 0u32);
    for w in window.windows(2) {
        if !w[0].is_ascii_alphabetic() {
            continue;
        }
        match w[1] {
            0xC0..=0xFF => windows += 1,
            0x91..=0x97 | 0x85 => {}
            0x80..=0x9F => mac += 1,
            _ => {}
        }
    }
    if mac > windows {
        encoding_rs::MACINTOSH
    } else {
        encoding_rs::WINDOWS_1252
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
