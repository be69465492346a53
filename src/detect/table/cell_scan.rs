//! Scanning one cell with its column's header as context, and remembering
//! the short values of a column that scanned clean (same text, same header,
//! same detectors: clean again).
//!
//! This is the part of a sheet's analysis that depends only on the cell once
//! the header row is settled, so a big sheet's cells can be scanned ahead on
//! another thread ([`CellScan`] is that thread's [`CellPrework`]).

use std::any::Any;
use std::fmt::Write as _;
use std::sync::Arc;

use crate::detect::content::context::{H, HeaderInfo};
use crate::detect::content::{ContentScanner, Hit, TextContext};
use crate::detect::normalize::FxSet;
use crate::model::{Cell, CellPrework, Prepared, Value};

use super::MAX_COLS;

/// Texts up to this long are remembered per column once they scan clean.
const CACHE_TEXT_MAX: usize = 48;
/// Clean texts remembered per column.
const CACHE_ENTRIES: usize = 4096;

/// Column headers: the text and what it says, per column (`None`: no header).
pub(super) type Headers = Arc<Vec<Option<(String, HeaderInfo)>>>;

/// Scans cells with their column's header as context.
pub(super) struct CellScan {
    scanner: ContentScanner,
    headers: Headers,
    /// Clean values are remembered only once the header is known.
    settled: bool,
    caches: Vec<CleanCache>,
    numbuf: String,
    /// The sheet's table whose headers it scans with ([`ScannedCells`]
    /// carry it, so a later table never takes hits scanned under these).
    pub(super) generation: u32,
}

impl CellScan {
    /// A scanner for cells before the header row is known.
    pub(super) fn new(scanner: &ContentScanner) -> Self {
        CellScan {
            scanner: scanner.clone(),
            headers: Headers::default(),
            settled: false,
            caches: Vec::new(),
            numbuf: String::new(),
            generation: 0,
        }
    }

    /// The header row is known: scan with it from now on.
    pub(super) fn settle(&mut self, headers: Headers) {
        self.headers = headers;
        self.settled = true;
    }

    /// Another scanner with the same headers and an empty cache (for a
    /// thread of its own).
    pub(super) fn fork(&self) -> CellScan {
        CellScan {
            scanner: self.scanner.clone(),
            headers: self.headers.clone(),
            settled: self.settled,
            caches: Vec::new(),
            numbuf: String::new(),
            generation: self.generation,
        }
    }

    /// Scan a date cell (an Excel serial): only under a date-of-birth
    /// header is a date a person's, and it is scanned as its ISO text
    /// (`1985-03-12`), the text its hits point into.
    pub(super) fn scan_date(&mut self, col: u32, serial: f64, out: &mut Vec<Hit>) {
        let Some(Some((header, info))) = self.headers.get(col as usize) else {
            return;
        };
        if !info.has(H::DOB) || !(1.0..=2_958_465.0).contains(&serial) {
            return;
        }
        let ctx = TextContext {
            header: Some(header.as_str()),
            field: None,
        };
        let text = crate::source::dates::serial_date_text(serial.floor() as i64);
        self.scanner.scan_with(&text, &ctx, Some(*info), out);
    }

    /// Scan a cell and push its hits onto `out`.
    ///
    /// A number cell (`text` None) is scanned in its decimal form
    /// ("825729") only when the header or the roster makes it worth it.
    pub(super) fn scan(
        &mut self,
        col: u32,
        text: Option<&str>,
        number: Option<f64>,
        out: &mut Vec<Hit>,
    ) {
        let before = out.len();
        let (header, info) = match self.headers.get(col as usize) {
            Some(Some((t, i))) => (Some(t.as_str()), *i),
            _ => (None, HeaderInfo::default()),
        };
        let ctx = TextContext {
            header,
            field: None,
        };
        if let Some(t) = text {
            // Repeated short values of a column (offences, outcomes, dates,
            // districts...) that scanned clean once are clean again.
            let cacheable = self.settled && t.len() <= CACHE_TEXT_MAX && (col as usize) < MAX_COLS;
            if cacheable && self.caches.get_mut(col as usize).is_some_and(|c| c.has(t)) {
                return;
            }
            self.scanner.scan_with(t, &ctx, Some(info), out);
            if cacheable && out.len() == before {
                if self.caches.len() <= col as usize {
                    self.caches
                        .resize_with(col as usize + 1, CleanCache::default);
                }
                if let Some(c) = self.caches.get_mut(col as usize) {
                    c.add(t);
                }
            }
        } else if let Some(n) = number
            && n.is_finite()
            && n.fract() == 0.0
            && n.abs() < 1e15
        {
            // Under a crime-reference, date, money, count or measure header a
            // number is never a person's (`roster_match` does not look):
            // no need to look it up.
            let roster = !info.has(H::NOT_PERSON_NUMBER)
                && self
                    .scanner
                    .roster()
                    .and_then(|r| r.number_kinds(n))
                    .is_some();
            let wanted = H::OFFICER_ID
                | H::DOB
                | H::PHONE
                | H::NHS
                | H::ACCOUNT
                | H::SORT_CODE
                | H::PERSON
                | H::PERSON_REF;
            if roster || info.has(wanted) {
                let mut buf = std::mem::take(&mut self.numbuf);
                buf.clear();
                let _ = write!(buf, "{}", n as i64);
                self.scanner.scan_with(&buf, &ctx, Some(info), out);
                self.numbuf = buf;
            }
        }
    }
}

/// The hits of a run of cells, scanned ahead: cell `i`'s hits are
/// `hits[ends[i - 1]..ends[i]]`.
#[derive(Default)]
pub(crate) struct ScannedCells {
    hits: Vec<Hit>,
    ends: Vec<u32>,
    /// The [`CellScan::generation`] that scanned them.
    pub(super) generation: u32,
}

impl ScannedCells {
    /// The scanned cells in a result handed to [`SheetVisitor::cells`], and
    /// where the run starts in them (`None` if the result is not ours).
    ///
    /// [`SheetVisitor::cells`]: crate::model::SheetVisitor::cells
    pub(crate) fn from(done: Option<Prepared<'_>>) -> Option<(&ScannedCells, usize)> {
        let d = done?;
        Some((d.result.downcast_ref::<ScannedCells>()?, d.first))
    }

    /// The hits of cell `i`.
    pub(crate) fn hits(&self, i: usize) -> Option<&[Hit]> {
        let end = *self.ends.get(i)? as usize;
        let start = match i.checked_sub(1) {
            Some(p) => *self.ends.get(p)? as usize,
            None => 0,
        };
        self.hits.get(start..end)
    }
}

impl CellPrework for CellScan {
    fn run(&mut self, cells: &[Cell<'_>], result: &mut Option<Box<dyn Any + Send>>) {
        let generation = self.generation;
        let done = result.get_or_insert_with(|| {
            Box::new(ScannedCells {
                generation,
                ..ScannedCells::default()
            })
        });
        let Some(done) = done.downcast_mut::<ScannedCells>() else {
            return; // not ours: never handed to this work
        };
        for cell in cells {
            match cell.value {
                Value::Text(t) => self.scan(cell.col, Some(t), None, &mut done.hits),
                Value::Number(n) => self.scan(cell.col, None, Some(n), &mut done.hits),
                Value::DateTime(d) => self.scan_date(cell.col, d, &mut done.hits),
                _ => {}
            }
            done.ends.push(done.hits.len() as u32);
        }
    }
}

/// A text of at most 15 bytes as one integer: its bytes, then its length in
/// the top byte (so "A" and "A\0" differ).
///
/// Read with two overlapping loads from the front and the back, not copied
/// into a buffer first: a buffer filled by a short copy and read back whole
/// stalls the CPU (the read cannot be forwarded from the copy's stores), and
/// this runs for most cells of a big sheet.
fn pack_short(t: &str) -> Option<u128> {
    let b = t.as_bytes();
    let n = b.len();
    let first8 = || b.first_chunk::<8>().map_or(0, |c| u64::from_le_bytes(*c));
    let last8 = || b.last_chunk::<8>().map_or(0, |c| u64::from_le_bytes(*c));
    let first4 = || b.first_chunk::<4>().map_or(0, |c| u32::from_le_bytes(*c)) as u64;
    let last4 = || b.last_chunk::<4>().map_or(0, |c| u32::from_le_bytes(*c)) as u64;
    // `last` holds bytes n-8..n (n-4..n); shifted down, bytes 8.. (4..) of the text.
    let (lo, hi) = match n {
        0..=3 => (
            b.iter()
                .enumerate()
                .fold(0u64, |v, (i, &c)| v | (c as u64) << (8 * i)),
            0,
        ),
        4..=7 => (first4() | (last4() >> (8 * (8 - n))) << 32, 0),
        8 => (first8(), 0),
        9..=15 => (first8(), last8() >> (8 * (16 - n))),
        _ => return None,
    };
    Some(lo as u128 | ((hi | (n as u64) << 56) as u128) << 64)
}

#[cfg(test)]
mod tests {
    use super::pack_short;

    /// The packing spelled out: bytes, zeros, the length in the top byte.
    fn packed_by_copy(t: &str) -> Option<u128> {
        let b = t.as_bytes();
        if b.len() > 15 {
            return None;
        }
        let mut buf = [0u8; 16];
        buf[..b.len()].copy_from_slice(b);
        buf[15] = b.len() as u8;
        Some(u128::from_le_bytes(buf))
    }

    #[test]
    fn overlapping_loads_pack_like_a_copy() {
        let text = "Quarrendon 2024-02-16 05:50 ÉÁ\0\u{7f}x";
        for start in 0..text.len() {
            for end in start..=text.len() {
                if let Some(t) = text.get(start..end) {
                    assert_eq!(pack_short(t), packed_by_copy(t), "{t:?}");
                }
            }
        }
        assert_ne!(pack_short("A"), pack_short("A\0"));
        assert_eq!(pack_short("sixteen bytes!!!"), None);
    }
}

/// Clean values seen in one column.
#[derive(Default)]
struct CleanCache {
    /// Values of up to 15 bytes (dates, times, codes, yes/no), packed with
    /// their length into one integer: no string hashing, no pointer to follow.
    short: FxSet<u128>,
    set: FxSet<Box<str>>,
    lookups: u64,
    hits: u64,
    off: bool,
}

impl CleanCache {
    fn has(&mut self, t: &str) -> bool {
        if self.off {
            return false;
        }
        self.lookups += 1;
        let hit = match pack_short(t) {
            Some(k) => self.short.contains(&k),
            None => self.set.contains(t),
        };
        if hit {
            self.hits += 1;
            return true;
        }
        // A column of unique values (references, notes): stop trying.
        if self.lookups >= 8192 && self.hits * 4 < self.lookups {
            self.off = true;
            self.set = FxSet::default();
            self.short = FxSet::default();
        }
        false
    }

    fn add(&mut self, t: &str) {
        if !self.off && self.set.len() + self.short.len() < CACHE_ENTRIES {
            match pack_short(t) {
                Some(k) => self.short.insert(k),
                None => self.set.insert(t.into()),
            };
        }
    }
}
