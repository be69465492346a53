//! The quick "no" in front of the roster's lookups: the first bytes of its
//! surnames, and a bit filter in front of its numbers.

use super::super::normalize::FxMap;

/// The first three bytes of every surname pattern, as bits: a capitalised
/// word that starts none of them ("CCTV", "The", "Road") skips the
/// automaton. Bytes are classed as a lower-cased letter or "anything else"
/// (a space, `'`, `-`, a digit, the end of the text); a word with a
/// non-ASCII byte among its first three is always tried.
pub(super) struct Prefixes(pub(super) Vec<u64>);

impl Prefixes {
    const CLASSES: usize = 27;

    fn slot(b: &[u8]) -> Option<usize> {
        let mut slot = 0;
        for k in 0..3 {
            let c = b.get(k).copied().unwrap_or(b' ');
            if c >= 0x80 {
                return None;
            }
            let class = match c.to_ascii_lowercase() {
                l @ b'a'..=b'z' => (l - b'a') as usize,
                _ => Self::CLASSES - 1,
            };
            slot = slot * Self::CLASSES + class;
        }
        Some(slot)
    }

    pub(super) fn new<'a>(patterns: impl Iterator<Item = &'a [u8]>) -> Self {
        let mut bits = vec![0u64; Self::CLASSES.pow(3).div_ceil(64)];
        for p in patterns {
            if let Some(s) = Self::slot(p)
                && let Some(w) = bits.get_mut(s / 64)
            {
                *w |= 1 << (s % 64);
            }
        }
        Prefixes(bits)
    }

    /// Whether a pattern may start at the start of `b`.
    pub(super) fn may_start(&self, b: &[u8]) -> bool {
        match Self::slot(b) {
            Some(s) => self.0.get(s / 64).is_some_and(|w| w & (1 << (s % 64)) != 0),
            None => true,
        }
    }
}

/// The roster's digit-only identifiers, with a bit filter in front of the
/// map: most numbers a scan meets (crime references, hours, money) are not
/// on the roster, and the filter answers "no" from a few hundred KB that stay
/// in cache, where the map (megabytes for 50,000 people) would miss it.
pub(super) struct NumberSet {
    map: FxMap<(u8, u64), u8>,
    bits: Vec<u64>,
    /// log2 of the number of bits.
    shift: u32,
}

impl NumberSet {
    pub(super) fn new(map: FxMap<(u8, u64), u8>) -> Self {
        // About 8 bits per entry, two probes: under 5 % false "maybe".
        let shift = (map.len().max(1) * 8)
            .next_power_of_two()
            .trailing_zeros()
            .max(6);
        let mut bits = vec![0u64; 1 << (shift - 6)];
        for &k in map.keys() {
            for b in probes(k, shift) {
                if let Some(w) = bits.get_mut(b >> 6) {
                    *w |= 1 << (b & 63);
                }
            }
        }
        NumberSet { map, bits, shift }
    }

    pub(super) fn get(&self, k: &(u8, u64)) -> Option<u8> {
        let maybe = probes(*k, self.shift).iter().all(|&b| {
            self.bits
                .get(b >> 6)
                .is_some_and(|w| w & (1 << (b & 63)) != 0)
        });
        if maybe {
            self.map.get(k).copied()
        } else {
            None
        }
    }

    pub(super) fn len(&self) -> usize {
        self.map.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Two bit positions for a number in a filter of `1 << shift` bits.
fn probes((len, v): (u8, u64), shift: u32) -> [usize; 2] {
    let h = (v ^ ((len as u64) << 58)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mask = (1u64 << shift) - 1;
    [(h >> (64 - shift)) as usize, ((h >> 7) & mask) as usize]
}

/// Pack a run of ASCII digits as (count, value). None if longer than 19.
#[inline]
pub(super) fn pack_digits(d: &[u8]) -> Option<(u8, u64)> {
    if d.is_empty() || d.len() > 19 {
        return None;
    }
    let mut v: u64 = 0;
    for &c in d {
        v = v * 10 + (c - b'0') as u64;
    }
    Some((d.len() as u8, v))
}
