//! Clean values per column: a short text that scanned clean once in a
//! column is clean again (same text, same header, same detectors).

use crate::detect::normalize::FxSet;

use super::TableAnalyzer;

/// Texts up to this long are remembered per column once they scan clean.
pub(super) const CACHE_TEXT_MAX: usize = 48;
/// Clean texts remembered per column.
const CACHE_ENTRIES: usize = 4096;

/// A text of at most 15 bytes as one integer: its bytes, then its length in
/// the top byte (so "A" and "A\0" differ).
fn pack_short(t: &str) -> Option<u128> {
    let b = t.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    buf[15] = b.len() as u8;
    Some(u128::from_le_bytes(buf))
}

/// Clean values seen in one column.
#[derive(Default)]
pub(super) struct CleanCache {
    /// Values of up to 15 bytes (dates, times, codes, yes/no), packed with
    /// their length into one integer: no string hashing, no pointer to follow.
    short: FxSet<u128>,
    set: FxSet<Box<str>>,
    lookups: u64,
    hits: u64,
    off: bool,
}

impl<'s> TableAnalyzer<'s> {
    pub(super) fn clean_cache_has(&mut self, col: u32, t: &str) -> bool {
        let Some(c) = self.caches.get_mut(col as usize) else {
            return false;
        };
        if c.off {
            return false;
        }
        c.lookups += 1;
        let hit = match pack_short(t) {
            Some(k) => c.short.contains(&k),
            None => c.set.contains(t),
        };
        if hit {
            c.hits += 1;
            return true;
        }
        // A column of unique values (references, notes): stop trying.
        if c.lookups >= 8192 && c.hits * 4 < c.lookups {
            c.off = true;
            c.set = FxSet::default();
            c.short = FxSet::default();
        }
        false
    }

    pub(super) fn clean_cache_add(&mut self, col: u32, t: &str) {
        if self.caches.len() <= col as usize {
            self.caches
                .resize_with(col as usize + 1, CleanCache::default);
        }
        if let Some(c) = self.caches.get_mut(col as usize)
            && !c.off
            && c.set.len() + c.short.len() < CACHE_ENTRIES
        {
            match pack_short(t) {
                Some(k) => c.short.insert(k),
                None => c.set.insert(t.into()),
            };
        }
    }
}
