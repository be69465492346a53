//! Text read eight bytes at a time as one little-endian `u64` word (SWAR:
//! "SIMD within a register"), for the byte scans of the detectors.
//!
//! The short tail of a text is padded with zero bytes. It is put together
//! from overlapping loads rather than copied into a buffer: a copy of a
//! length the compiler cannot see becomes a call to `memcpy`, which cost
//! more than the scan of the word itself.
//!
//! ```
//! use foiguard::detect::swar::{load8, load_short};
//! assert_eq!(load8(b"abcdefghij", 0), u64::from_le_bytes(*b"abcdefgh"));
//! assert_eq!(load8(b"abcdefghij", 8), u64::from_le_bytes(*b"ij\0\0\0\0\0\0"));
//! assert_eq!(load_short(b"xyz"), u64::from_le_bytes(*b"xyz\0\0\0\0\0"));
//! ```

/// The eight bytes of `b` from `at`, zero-padded past its end.
#[inline(always)]
pub fn load8(b: &[u8], at: usize) -> u64 {
    let rest = b.get(at..).unwrap_or_default();
    match rest.first_chunk::<8>() {
        Some(c) => u64::from_le_bytes(*c),
        None => load_short(rest),
    }
}

/// Up to eight bytes as a word, zero-padded (the first eight of longer ones).
#[inline]
pub fn load_short(b: &[u8]) -> u64 {
    if let Some(c) = b.first_chunk::<8>() {
        return u64::from_le_bytes(*c);
    }
    match (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        // Four to seven bytes: two loads that overlap in the middle.
        (Some(lo), Some(hi)) => {
            u64::from(u32::from_le_bytes(*lo))
                | u64::from(u32::from_le_bytes(*hi)) << (8 * (b.len() - 4))
        }
        _ => b
            .iter()
            .enumerate()
            .fold(0, |v, (i, &c)| v | u64::from(c) << (8 * i)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_agree_with_a_padded_copy() {
        let text: Vec<u8> = (1..=20u8).map(|i| i.wrapping_mul(37) | 1).collect();
        for len in 0..=text.len() {
            let b = &text[..len];
            for at in 0..=len + 2 {
                let mut w = [0u8; 8];
                for (i, d) in w.iter_mut().enumerate() {
                    *d = b.get(at + i).copied().unwrap_or(0);
                }
                assert_eq!(load8(b, at), u64::from_le_bytes(w), "len {len} at {at}");
            }
            let mut w = [0u8; 8];
            for (d, s) in w.iter_mut().zip(b) {
                *d = *s;
            }
            assert_eq!(load_short(b), u64::from_le_bytes(w), "len {len}");
        }
    }
}
