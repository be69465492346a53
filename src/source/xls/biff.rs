//! The BIFF record stream of an xls `Workbook` stream ([MS-XLS]): record
//! ids, the bounds-checked record walker, reading across CONTINUE records,
//! and the string and number structures that records are built from.
//!
//! Every record is bounds-checked; a record that runs past the end of the
//! stream, or a structure cut off inside a record, makes the file corrupt.

use super::text::{decode_cp, push_latin1, push_utf16le};
use crate::numbers::thousands;
use crate::source::{Result, SourceError};

pub const BOF: u16 = 0x0809;
pub const EOF: u16 = 0x000A;
pub const CONTINUE: u16 = 0x003C;
pub const FILEPASS: u16 = 0x002F;

pub(super) fn u16_at(d: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        d.get(o..o.checked_add(2)?)?.try_into().ok()?,
    ))
}

pub(super) fn u32_at(d: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        d.get(o..o.checked_add(4)?)?.try_into().ok()?,
    ))
}

pub(super) fn f64_at(d: &[u8], o: usize) -> Option<f64> {
    Some(f64::from_le_bytes(
        d.get(o..o.checked_add(8)?)?.try_into().ok()?,
    ))
}

/// One record: type, data and the byte offset of its header.
#[derive(Clone, Copy, Debug)]
pub struct Rec<'a> {
    pub typ: u16,
    pub data: &'a [u8],
    pub pos: usize,
}

/// Walks the records of a stream from a position, bounds-checked.
pub struct Records<'a> {
    s: &'a [u8],
    pos: usize,
    part: &'a str,
}

impl<'a> Records<'a> {
    pub fn new(s: &'a [u8], pos: usize, part: &'a str) -> Self {
        Records { s, pos, part }
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The next record, `None` exactly at the end of the stream.
    pub fn next_rec(&mut self) -> Result<Option<Rec<'a>>> {
        if self.pos >= self.s.len() {
            return Ok(None);
        }
        let hdr = self.s.get(self.pos..self.pos + 4).ok_or_else(|| {
            SourceError::Corrupt(format!(
                "{}: a record header is cut off at byte {} (truncated)",
                self.part, self.pos
            ))
        })?;
        let typ = u16::from_le_bytes([hdr[0], hdr[1]]);
        let len = u16::from_le_bytes([hdr[2], hdr[3]]) as usize;
        let data = self.s.get(self.pos + 4..self.pos + 4 + len).ok_or_else(|| {
            SourceError::Corrupt(format!(
                "{}: record 0x{typ:04X} at byte {} claims {len} bytes but the stream ends first (truncated)",
                self.part, self.pos, len = thousands(len as u64)))
        })?;
        let rec = Rec {
            typ,
            data,
            pos: self.pos,
        };
        self.pos += 4 + len;
        Ok(Some(rec))
    }

    /// The next record, where the end of the stream is an error.
    pub fn need(&mut self, what: &str) -> Result<Rec<'a>> {
        self.next_rec()?.ok_or_else(|| {
            SourceError::Corrupt(format!(
                "{}: the stream ends inside {what} (no end record)",
                self.part
            ))
        })
    }

    fn peek_typ(&self) -> Option<u16> {
        u16_at(self.s, self.pos)
    }

    /// The data of the CONTINUE records that follow.
    pub fn continues(&mut self) -> Result<Vec<&'a [u8]>> {
        let mut v = Vec::new();
        while self.peek_typ() == Some(CONTINUE) {
            if let Some(r) = self.next_rec()? {
                v.push(r.data);
            }
        }
        Ok(v)
    }
}

/// Reads across a record and its CONTINUE records. A character array split
/// over a CONTINUE boundary restarts with a fresh `fHighByte` flag byte.
pub struct Frags<'a> {
    frags: Vec<&'a [u8]>,
    i: usize,
    pos: usize,
}

impl<'a> Frags<'a> {
    pub fn new(frags: Vec<&'a [u8]>) -> Self {
        Frags {
            frags,
            i: 0,
            pos: 0,
        }
    }

    fn cur(&self) -> &'a [u8] {
        self.frags.get(self.i).copied().unwrap_or_default()
    }

    fn advance_if_empty(&mut self) -> bool {
        while self.pos >= self.cur().len() {
            if self.i + 1 >= self.frags.len() {
                return false;
            }
            self.i += 1;
            self.pos = 0;
        }
        true
    }

    pub fn at_end(&mut self) -> bool {
        !self.advance_if_empty()
    }

    pub fn u8(&mut self) -> Option<u8> {
        if !self.advance_if_empty() {
            return None;
        }
        let b = *self.cur().get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    pub fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.u8()?, self.u8()?]))
    }

    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes([
            self.u8()?,
            self.u8()?,
            self.u8()?,
            self.u8()?,
        ]))
    }

    pub fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            if !self.advance_if_empty() {
                return None;
            }
            let take = (self.cur().len() - self.pos).min(n);
            self.pos += take;
            n -= take;
        }
        Some(())
    }

    /// Read `cch` characters, starting with the given high-byte flag.
    pub fn chars(&mut self, cch: usize, mut high: bool, out: &mut String) -> Option<()> {
        let mut left = cch;
        while left > 0 {
            if self.pos >= self.cur().len() {
                if self.i + 1 >= self.frags.len() {
                    return None;
                }
                self.i += 1;
                self.pos = 0;
                high = self.cur().first()? & 1 != 0;
                self.pos = 1;
                continue;
            }
            let avail = self.cur().len() - self.pos;
            let width = if high { 2 } else { 1 };
            let n = (avail / width).min(left);
            if n == 0 {
                // Half a UTF-16 unit at the end of a record: malformed.
                return None;
            }
            let bytes = self.cur().get(self.pos..self.pos + n * width)?;
            if high {
                push_utf16le(out, bytes);
            } else {
                push_latin1(out, bytes);
            }
            self.pos += n * width;
            left -= n;
        }
        Some(())
    }
}

/// An XLUnicodeString (u16 count, flags, characters) inside one slice;
/// returns the string and the offset after it.
pub(super) fn xl_string(d: &[u8], at: usize) -> Option<(String, usize)> {
    let cch = u16_at(d, at)? as usize;
    let flags = *d.get(at + 2)?;
    xl_chars(d, at + 3, cch, flags & 1 != 0)
}

/// A ShortXLUnicodeString (u8 count, flags, characters).
pub(super) fn short_xl_string(d: &[u8], at: usize) -> Option<(String, usize)> {
    let cch = *d.get(at)? as usize;
    let flags = *d.get(at + 1)?;
    xl_chars(d, at + 2, cch, flags & 1 != 0)
}

pub(super) fn xl_chars(d: &[u8], at: usize, cch: usize, high: bool) -> Option<(String, usize)> {
    let n = if high { cch * 2 } else { cch };
    let bytes = d.get(at..at.checked_add(n)?)?;
    let mut s = String::new();
    if high {
        push_utf16le(&mut s, bytes);
    } else {
        push_latin1(&mut s, bytes);
    }
    Some((s, at + n))
}

/// A BIFF5 byte string with a u8 or u16 count.
pub(super) fn byte_string(
    d: &[u8],
    at: usize,
    wide_count: bool,
    cp: u16,
) -> Option<(String, usize)> {
    let (cch, start) = if wide_count {
        (u16_at(d, at)? as usize, at + 2)
    } else {
        (*d.get(at)? as usize, at + 1)
    };
    let bytes = d.get(start..start.checked_add(cch)?)?;
    Some((decode_cp(bytes, cp), start + cch))
}

/// An RK number ([MS-XLS] 2.5.217).
pub fn rk(v: u32) -> f64 {
    let n = if v & 2 != 0 {
        ((v as i32) >> 2) as f64
    } else {
        f64::from_bits(((v & 0xFFFF_FFFC) as u64) << 32)
    };
    if v & 1 != 0 { n / 100.0 } else { n }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rk_numbers() {
        assert_eq!(rk((5 << 2) | 2), 5.0);
        assert_eq!(rk((1234 << 2) | 3), 12.34);
        let bits = 1.5f64.to_bits();
        assert_eq!(rk((bits >> 32) as u32), 1.5);
    }

    #[test]
    fn frags_restart_flag_at_continue() {
        // "AB" compressed in the first fragment, then "C" as UTF-16 after a flag byte.
        let a: &[u8] = &[3, 0, 0, b'A', b'B'];
        let b: &[u8] = &[1, b'C', 0];
        let mut f = Frags::new(vec![a, b]);
        let cch = f.u16().unwrap() as usize;
        let flags = f.u8().unwrap();
        let mut s = String::new();
        f.chars(cch, flags & 1 != 0, &mut s).unwrap();
        assert_eq!(s, "ABC");
        assert!(f.at_end());
    }
}
