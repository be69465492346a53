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
    /// Always set: for detectors that run on every text.
    pub const ANY: u32 = 1 << 31;
}

const C_DIGIT: u8 = 1;
const C_LOWER: u8 = 2;
const C_UPPER: u8 = 4;
const C_AT: u8 = 8;
const C_DOT: u8 = 16;
const C_COLON: u8 = 32;
const C_BRACKET: u8 = 64;
const C_HIGH: u8 = 128;

/// Byte classes for [`features`].
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c.is_ascii_digit() {
            C_DIGIT
        } else if c.is_ascii_lowercase() {
            C_LOWER
        } else if c.is_ascii_uppercase() {
            C_UPPER
        } else if c == b'@' {
            C_AT
        } else if c == b'.' {
            C_DOT
        } else if c == b':' {
            C_COLON
        } else if c == b'[' {
            C_BRACKET
        } else if c >= 0x80 {
            C_HIGH
        } else {
            0
        };
        i += 1;
    }
    t
};

/// Classify the bytes of a text in one branch-free pass.
#[inline]
pub(super) fn features(b: &[u8]) -> u32 {
    let mut any = 0u8;
    let mut digits = 0u32;
    for &c in b {
        let k = CLASS[c as usize];
        any |= k;
        digits += (k & C_DIGIT) as u32;
    }
    let mut f = feat::ANY;
    if any & (C_LOWER | C_UPPER | C_HIGH) != 0 {
        f |= feat::ALPHA;
    }
    if any & C_LOWER != 0 {
        f |= feat::LOWER;
    }
    if any & C_UPPER != 0 {
        f |= feat::UPPER;
    }
    if any & C_AT != 0 {
        f |= feat::AT;
    }
    if any & C_BRACKET != 0 {
        f |= feat::BRACKET;
    }
    if any & C_HIGH != 0 {
        f |= feat::NON_ASCII;
    }
    let upper = any & C_UPPER != 0;
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
    // Dots and colons are rare: count them only when present.
    if any & C_DOT != 0 && digits >= 4 && b.iter().filter(|&&c| c == b'.').count() >= 3 {
        f |= feat::DOTS3;
    }
    if any & C_COLON != 0 && b.iter().filter(|&&c| c == b':').count() >= 2 {
        f |= feat::COLONS2;
    }
    f
}
