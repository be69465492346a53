//! Cheap features of a text ([`feat`] bits), from one pass over its bytes
//! with a byte-class table: detectors are gated on them.

/// Cheap features of a text, computed in one pass.
pub(crate) mod feat {
    pub const ALPHA: u32 = 1 << 0;
    pub const UPPER: u32 = 1 << 1;
    pub const DIGIT: u32 = 1 << 2;
    pub const AT: u32 = 1 << 3;
    pub const DIGITS6: u32 = 1 << 4;
    pub const DIGITS9: u32 = 1 << 5;
    pub const UP_DIGIT: u32 = 1 << 6;
    pub const UP_DIGIT6: u32 = 1 << 7;
    pub const DOTS3: u32 = 1 << 8;
    pub const COLONS2: u32 = 1 << 9;
    pub const NON_ASCII: u32 = 1 << 10;
    pub const LOWER: u32 = 1 << 11;
    pub const BRACKET: u32 = 1 << 12;
    /// Lower-case letters in a short text (a name cell, not free text):
    /// [`SHORT_TEXT`] bytes at most.
    pub const SHORT_LOWER: u32 = 1 << 13;
    /// See [`SHORT_LOWER`].
    pub const SHORT_TEXT: usize = 32;
    /// A full stop and lower-case letters ("cc: jane.quarrendon").
    pub const DOT_LOWER: u32 = 1 << 14;
    /// Always set: for detectors that run on every text.
    pub const ANY: u32 = 1 << 31;
}

/// Byte classes for [`features`], as the byte of a count word each class
/// is counted in.
const K_DIGIT: u32 = 0;
const K_LOWER: u32 = 1;
const K_UPPER: u32 = 2;
/// `@`, and line breaks: both rare, both worth a second look (an e-mail
/// address; a cell of several lines, whose names may run across them).
/// [`feat::AT`] is exact only once the text has no line breaks left.
const K_AT: u32 = 3;
const K_DOT: u32 = 4;
const K_COLON: u32 = 5;
const K_BRACKET: u32 = 6;
const K_HIGH: u32 = 7;

/// Per byte value, one in the count byte of its class (zero for bytes of
/// no class): summing them counts every class at once.
static COUNT: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        let k = if c.is_ascii_digit() {
            Some(K_DIGIT)
        } else if c.is_ascii_lowercase() {
            Some(K_LOWER)
        } else if c.is_ascii_uppercase() {
            Some(K_UPPER)
        } else if c == b'@' || c == b'\n' || c == b'\r' {
            Some(K_AT)
        } else if c == b'.' {
            Some(K_DOT)
        } else if c == b':' {
            Some(K_COLON)
        } else if c == b'[' {
            Some(K_BRACKET)
        } else if c >= 0x80 {
            Some(K_HIGH)
        } else {
            None
        };
        if let Some(k) = k {
            t[i] = 1 << (8 * k);
        }
        i += 1;
    }
    t
};

/// Classify the bytes of a text in one branch-free pass.
#[inline]
pub(super) fn features(b: &[u8]) -> u32 {
    flags(&counts(b), b.len())
}

/// How many bytes of each class (by `K_*` index) `b` holds: one table add
/// a byte counts every class at once.
#[inline]
fn counts(b: &[u8]) -> [u32; 8] {
    let mut n = [0u32; 8];
    // A count byte holds up to 255.
    for chunk in b.chunks(255) {
        let mut acc = 0u64;
        for &c in chunk {
            acc += COUNT[c as usize];
        }
        for (k, n) in n.iter_mut().enumerate() {
            *n += ((acc >> (8 * k)) & 0xff) as u32;
        }
    }
    n
}

/// The [`feat`] bits of a text from its class counts (by `K_*` index).
fn flags(n: &[u32; 8], len: usize) -> u32 {
    let count = |k: u32| n.get(k as usize).copied().unwrap_or(0);
    let digits = count(K_DIGIT);
    let mut f = feat::ANY;
    if count(K_LOWER) + count(K_UPPER) + count(K_HIGH) != 0 {
        f |= feat::ALPHA;
    }
    if count(K_LOWER) != 0 {
        f |= feat::LOWER;
        if len <= feat::SHORT_TEXT {
            f |= feat::SHORT_LOWER;
        }
    }
    if count(K_UPPER) != 0 {
        f |= feat::UPPER;
    }
    if count(K_AT) != 0 {
        f |= feat::AT;
    }
    if count(K_BRACKET) != 0 {
        f |= feat::BRACKET;
    }
    if count(K_HIGH) != 0 {
        f |= feat::NON_ASCII;
    }
    let upper = count(K_UPPER) != 0;
    if digits > 0 {
        f |= feat::DIGIT;
        if upper {
            f |= feat::UP_DIGIT;
        }
    }
    if digits >= 6 {
        f |= feat::DIGITS6;
        if upper {
            f |= feat::UP_DIGIT6;
        }
    }
    if digits >= 9 {
        f |= feat::DIGITS9;
    }
    if digits >= 4 && count(K_DOT) >= 3 {
        f |= feat::DOTS3;
    }
    if count(K_COLON) >= 2 {
        f |= feat::COLONS2;
    }
    if count(K_DOT) != 0 && count(K_LOWER) != 0 {
        f |= feat::DOT_LOWER;
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Class counts the plain way, one byte at a time.
    fn counts_slow(b: &[u8]) -> [u32; 8] {
        let mut n = [0u32; 8];
        for &c in b {
            let k = match c {
                b'0'..=b'9' => K_DIGIT,
                b'a'..=b'z' => K_LOWER,
                b'A'..=b'Z' => K_UPPER,
                b'@' | b'\n' | b'\r' => K_AT,
                b'.' => K_DOT,
                b':' => K_COLON,
                b'[' => K_BRACKET,
                0x80.. => K_HIGH,
                _ => continue,
            };
            n[k as usize] += 1;
        }
        n
    }

    fn features_slow(b: &[u8]) -> u32 {
        flags(&counts_slow(b), b.len())
    }
    #[test]
    fn features_agree_with_the_class_pass() {
        for c in 0..=255u8 {
            for b in [vec![c], vec![c; 3], vec![c; 300], vec![b'1', c, b'A', c, c]] {
                assert_eq!(counts(&b), counts_slow(&b), "{b:?}");
            }
        }
        let alphabet = b"0123456789aZ@.:[ \x80\xff-,/\n\r";
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..20_000 {
            // Lengths around the 255-byte chunks too.
            let len = match next(4) {
                0 => next(600),
                _ => next(16),
            };
            // A few bytes per text, so thresholds (3 dots, 9 digits) are met
            // and missed.
            let pick: Vec<u8> = (0..3)
                .map(|_| alphabet[next(alphabet.len() as u64) as usize])
                .collect();
            let b: Vec<u8> = (0..len).map(|_| pick[next(3) as usize]).collect();
            assert_eq!(features(&b), features_slow(&b), "{b:?}");
            assert_eq!(counts(&b), counts_slow(&b), "{b:?}");
        }
        assert_eq!(features(b"1.2.3.4") & feat::DOTS3, feat::DOTS3);
        assert_eq!(features(b"1.2.3") & feat::DOTS3, 0);
    }
}
