//! Word tokens of a text as byte spans, without allocating.

use crate::detect::swar::load8;

/// Word tokens of a text: runs of letters, inner apostrophes and hyphens
/// (bytes of multi-byte characters count as letters), as byte spans.
#[derive(Clone, Copy)]
pub(crate) struct Words<'a> {
    b: &'a [u8],
    i: usize,
}

/// Iterate the word tokens of `b` without allocating.
pub(crate) fn words(b: &[u8]) -> Words<'_> {
    Words { b, i: 0 }
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);
    #[inline]
    fn next(&mut self) -> Option<(usize, usize)> {
        let b = self.b;
        let letter = |c: u8| c.is_ascii_alphabetic() || c >= 0x80;
        while self.i < b.len() && !letter(b[self.i]) {
            self.i += 1;
        }
        if self.i >= b.len() {
            return None;
        }
        let s = self.i;
        while self.i < b.len()
            && (letter(b[self.i])
                || ((b[self.i] == b'\'' || b[self.i] == b'-')
                    && b.get(self.i + 1).is_some_and(|&n| letter(n))))
        {
            self.i += 1;
        }
        Some((s, self.i))
    }
}

/// Bytes of `x` (eight text bytes, little-endian) that are ASCII letters:
/// 0x80 in each such byte, 0 elsewhere.
#[inline]
fn ascii_letters8(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Lower-cased, seven bits a byte: adding below cannot carry across bytes.
    let y = (x | 0x2020_2020_2020_2020) & 0x7f7f_7f7f_7f7f_7f7f;
    let from_a = y + 0x1f1f_1f1f_1f1f_1f1f; // high bit set when y >= b'a'
    let past_z = y + 0x0505_0505_0505_0505; // high bit set when y > b'z'
    from_a & !past_z & !x & HIGH
}

/// Call `f(start, end)` for every maximal run of ASCII letters in `b`, left
/// to right: the same runs as a byte-at-a-time loop over
/// `is_ascii_alphabetic`, found eight bytes at a time.
#[inline]
pub(crate) fn ascii_letter_runs(b: &[u8], mut f: impl FnMut(usize, usize)) {
    // Start of the run we are in, if any.
    let mut start = 0;
    let mut in_run = false;
    // 0x80 in the low byte when the byte before this chunk was a letter.
    let mut carry = 0u64;
    let mut base = 0;
    while base < b.len() {
        // The last chunk is padded with zeros: non-letters.
        let m = ascii_letters8(load8(b, base));
        // A bit for each byte whose letter-ness differs from the byte before.
        let mut t = m ^ ((m << 8) | carry);
        carry = m >> 56;
        while t != 0 {
            let p = base + (t.trailing_zeros() / 8) as usize;
            t &= t - 1;
            if in_run {
                f(start, p);
            } else {
                start = p;
            }
            in_run = !in_run;
        }
        base += 8;
    }
    // A run at the very end closes in the padding, unless the text fills
    // its last chunk.
    if in_run {
        f(start, b.len());
    }
}

/// Bytes of `x` equal to `c`: 0x80 in each such byte, 0 elsewhere.
#[inline]
fn bytes_eq8(x: u64, c: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let y = x ^ (0x0101_0101_0101_0101 * c as u64);
    !(((y & LOW7) + LOW7) | y | LOW7)
}

/// The end of the name word from `i`: the first byte at or after `i` that
/// is not an ASCII letter, a non-ASCII byte, `'` or `-` (`b.len()` if
/// none), eight bytes at a time.
#[inline]
pub(crate) fn name_word_end(b: &[u8], mut i: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while i < b.len() {
        let x = load8(b, i);
        let part = ascii_letters8(x) | (x & HIGH) | bytes_eq8(x, b'\'') | bytes_eq8(x, b'-');
        // Padding bytes are zero, never part of a word.
        let stop = !part & HIGH;
        if stop != 0 {
            return (i + (stop.trailing_zeros() / 8) as usize).min(b.len());
        }
        i += 8;
    }
    i.min(b.len())
}

/// The byte-at-a-time loop [`ascii_letter_runs`] must agree with.
#[cfg(test)]
pub(crate) fn ascii_letter_runs_slow(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in b.iter().enumerate() {
        match (c.is_ascii_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, b.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count` texts of every length below `max_len`, of bytes from `alphabet`.
    fn generated(alphabet: &[u8], count: usize, max_len: usize) -> Vec<Vec<u8>> {
        let mut seed = 0x1234_5678_9abc_def1u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        (0..count)
            .map(|n| {
                (0..n % max_len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    fn fast_runs(b: &[u8]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        ascii_letter_runs(b, |s, e| out.push((s, e)));
        out
    }

    #[test]
    fn letter_runs_match_the_byte_loop() {
        // Every byte value alone and between letters.
        for c in 0..=255u8 {
            for b in [vec![c], vec![b'a', c, b'Z'], vec![c; 17]] {
                assert_eq!(fast_runs(&b), ascii_letter_runs_slow(&b), "{b:?}");
            }
        }
        // Many generated texts of every length, from an alphabet with the
        // edge bytes around the letter ranges.
        let alphabet = b"aAzZ@[`{ 09-'.\x80\xc3\xff\x7f\x40\x5b\x60\x7b\xe1\xc1";
        for b in generated(alphabet, 2000, 70) {
            assert_eq!(fast_runs(&b), ascii_letter_runs_slow(&b), "{b:?}");
        }
        assert_eq!(fast_runs(b""), vec![]);
        assert_eq!(fast_runs(b"abcdefgh"), vec![(0, 8)]);
        assert_eq!(fast_runs(b"abcdefghi"), vec![(0, 9)]);
        assert_eq!(fast_runs(b"1234567ab cd"), vec![(7, 9), (10, 12)]);
    }

    #[test]
    fn name_word_end_matches_the_byte_loop() {
        let slow = |b: &[u8], mut i: usize| {
            let letter = |c: u8| c.is_ascii_alphabetic() || c >= 0x80;
            while i < b.len() && (letter(b[i]) || b[i] == b'\'' || b[i] == b'-') {
                i += 1;
            }
            i
        };
        for c in 0..=255u8 {
            for b in [vec![c], vec![b'a', c, b'Z'], vec![c; 17], vec![b'x'; 9]] {
                for i in 0..=b.len() {
                    assert_eq!(name_word_end(&b, i), slow(&b, i), "{b:?} {i}");
                }
            }
        }
        let alphabet = b"aAzZ@[`{ 09-'.\x80\xc3\xff\x7f\x40\x5b\x60\x7b\x26\x28\x2c\x2e\x00";
        for b in generated(alphabet, 3000, 40) {
            for i in 0..=b.len() {
                assert_eq!(name_word_end(&b, i), slow(&b, i), "{b:?} {i}");
            }
        }
    }
}
