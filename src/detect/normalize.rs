//! Text folding for matching: compatibility forms (NFKC/NFKD), accents,
//! curly apostrophes, dashes and invisible characters folded away, so
//! "Seán Ó Néill", "SEAN O NEILL" and "Sean O’Neill" meet on common ground.
//!
//! ```
//! use foiguard::detect::normalize::{fold, key};
//! assert_eq!(fold("Seán Ó Néill").text(), "Sean O Neill");
//! assert_eq!(key("  O’NEILL–Smith "), "o'neill-smith");
//! ```
//!
//! Folding keeps case (detectors that care about case, such as protective
//! markings, still can) and keeps a map back to the original byte offsets.

use std::borrow::Cow;
use std::hash::{BuildHasherDefault, Hasher};

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folded text and the way back to the original offsets.
pub struct Folded<'a> {
    text: Cow<'a, str>,
    /// For each byte of the folded text (plus one past the end), the byte
    /// offset in the original text. `None` when folding changed nothing.
    map: Option<Vec<u32>>,
    orig_len: usize,
}

impl<'a> Folded<'a> {
    /// The folded text.
    pub fn text(&self) -> &str {
        &self.text
    }
    /// Whether folding changed the text (offsets then differ).
    pub fn changed(&self) -> bool {
        self.map.is_some()
    }
    /// The original byte offset of a folded byte offset.
    pub fn orig(&self, folded: usize) -> usize {
        match &self.map {
            None => folded.min(self.orig_len),
            Some(m) => m.get(folded).map(|&o| o as usize).unwrap_or(self.orig_len),
        }
    }
}

/// Fold one character into `out`: compatibility decomposition, combining
/// marks dropped, apostrophes and dashes made ASCII, invisible characters
/// removed.
pub fn fold_char(c: char, out: &mut String) {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
        | '\u{02BB}' | '\u{0060}' | '\u{00B4}' | '\u{FF07}' => out.push('\''),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => out.push('-'),
        // Invisible characters that would otherwise split a name or number.
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => out.push(' '),
        _ if c.is_ascii() => out.push(c),
        _ => {
            for d in std::iter::once(c).nfkd() {
                if is_combining_mark(d) {
                    continue;
                }
                match d {
                    '\u{2018}' | '\u{2019}' | '\u{2032}' => out.push('\''),
                    '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => {
                        out.push('-')
                    }
                    _ => out.push(d),
                }
            }
        }
    }
}

/// An ASCII text, already known to be ASCII: nothing to fold.
pub fn unfolded(text: &str) -> Folded<'_> {
    Folded {
        text: Cow::Borrowed(text),
        map: None,
        orig_len: text.len(),
    }
}

/// Fold a text for matching. ASCII text is returned as is, without copying.
pub fn fold(text: &str) -> Folded<'_> {
    if text.is_ascii() {
        return Folded {
            text: Cow::Borrowed(text),
            map: None,
            orig_len: text.len(),
        };
    }
    let mut out = String::with_capacity(text.len());
    let mut map: Vec<u32> = Vec::with_capacity(text.len() + 1);
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        let before = out.len();
        match mojibake(c, &text[i + c.len_utf8()..]) {
            Some((repaired, used)) => {
                fold_char(repaired, &mut out);
                for _ in 0..used {
                    chars.next();
                }
            }
            None => fold_char(c, &mut out),
        }
        for _ in before..out.len() {
            map.push(i as u32);
        }
    }
    map.push(text.len() as u32);
    Folded {
        text: Cow::Owned(out),
        map: Some(map),
        orig_len: text.len(),
    }
}

/// UTF-8 read as Windows-1252 and saved again ("NÃ­ Bhriain" for "Ní
/// Bhriain", "Oâ€™Neill" for "O’Neill"), common with Irish names that
/// passed through an old system: `c` and the characters after it, put back
/// to the bytes they were, make one UTF-8 character. Returns it and how
/// many characters after `c` it used.
fn mojibake(c: char, rest: &str) -> Option<(char, usize)> {
    let lead = cp1252_byte(c)?;
    let need = match lead {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0];
    let mut next = rest.chars();
    for b in bytes.iter_mut().skip(1).take(need) {
        *b = cp1252_byte(next.next()?).filter(|b| (0x80..=0xBF).contains(b))?;
    }
    let s = std::str::from_utf8(&bytes[..=need]).ok()?;
    Some((s.chars().next()?, need))
}

/// The Windows-1252 byte of a character above ASCII, if it has one (the
/// five bytes 1252 leaves undefined read as the C1 controls, as Latin-1).
fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if (0xA0..=0xFF).contains(&u) || matches!(u, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D) {
        return Some(u as u8);
    }
    let mut buf = [0u8; 4];
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
    match (&*bytes, unmappable) {
        ([b], false) if *b >= 0x80 => Some(*b),
        _ => None,
    }
}

/// A matching key: folded, lower-cased, whitespace collapsed and trimmed.
pub fn key(s: &str) -> String {
    if s.is_ascii() {
        let mut out = String::with_capacity(s.len());
        for w in s.split_ascii_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
        out.make_ascii_lowercase();
        return out;
    }
    let mut folded = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut folded);
    }
    let mut out = String::with_capacity(folded.len());
    let mut space = false;
    for c in folded.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        for l in c.to_lowercase() {
            out.push(l);
        }
    }
    out
}

/// A key of letters and digits only, words separated by one space
/// ("Pay No." -> "pay no", "e-mail_address" -> "e mail address").
pub fn word_key(s: &str) -> String {
    let k = key(s);
    let mut out = String::with_capacity(k.len());
    let mut space = false;
    for c in k.chars() {
        if c.is_alphanumeric() || c == '£' || c == '%' {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out
}

/// Whether a byte is part of a word (ASCII letter or digit, or any byte of
/// a multi-byte character, which in folded text is almost always a letter).
#[inline]
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Whether `text[start..end]` stands on word boundaries.
#[inline]
pub fn word_bounded(text: &[u8], start: usize, end: usize) -> bool {
    let before = start == 0 || !text.get(start - 1).is_some_and(|&b| is_word_byte(b));
    let after = !text.get(end).is_some_and(|&b| is_word_byte(b));
    before && after
}

/// A small, fast, non-cryptographic hasher (the rustc "Fx" hash) for sets
/// of short keys built once and looked up per cell.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            self.add(u64::from_le_bytes(a));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.add(super::swar::load_short(rest) ^ ((rest.len() as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Build hasher for [`FxHasher`].
pub type FxBuild = BuildHasherDefault<FxHasher>;
/// A hash map with [`FxHasher`].
pub type FxMap<K, V> = std::collections::HashMap<K, V, FxBuild>;
/// A hash set with [`FxHasher`].
pub type FxSet<K> = std::collections::HashSet<K, FxBuild>;

/// Run `f` on the ASCII-lowercase form of a short word without allocating.
/// Words longer than 48 bytes get `None`.
#[inline]
pub fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> Option<R> {
    let b = word.as_bytes();
    if b.len() > 48 {
        return None;
    }
    let mut buf = [0u8; 48];
    let dst = buf.get_mut(..b.len())?;
    for (d, s) in dst.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    // Lower-casing ASCII bytes keeps UTF-8 valid.
    let s = std::str::from_utf8(dst).ok()?;
    Some(f(s))
}

/// Lower-case ASCII words of `v` joined by single spaces, in `buf`, without
/// allocating ("Det. Chief Inspector" -> "det chief inspector"). `None` when
/// the text is not ASCII or does not fit.
pub fn lower_words<'b>(v: &str, buf: &'b mut [u8; 64]) -> Option<&'b str> {
    if !v.is_ascii() {
        return None;
    }
    let mut n = 0;
    let mut space = false;
    for &c in v.as_bytes() {
        if c.is_ascii_alphanumeric() {
            if space && n > 0 {
                *buf.get_mut(n)? = b' ';
                n += 1;
            }
            space = false;
            *buf.get_mut(n)? = c.to_ascii_lowercase();
            n += 1;
        } else {
            space = true;
        }
    }
    std::str::from_utf8(buf.get(..n)?).ok()
}

/// A joined-up name as words: `serviceNumber` -> `service Number`,
/// `DateOfBirth` -> `Date Of Birth`, `NHSNumber` -> `NHS Number` (XML
/// element names, and the column names database exports write).
///
/// ```
/// use foiguard::detect::normalize::split_camel_case;
/// assert_eq!(split_camel_case("DateOfBirth"), "Date Of Birth");
/// assert_eq!(split_camel_case("NHSNumber"), "NHS Number");
/// assert_eq!(split_camel_case("serviceNumber"), "service Number");
/// ```
pub fn split_camel_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        let after_lower = prev.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit());
        // The last capital of a run of capitals starts the next word ("NHSNumber").
        let ends_caps =
            prev.is_some_and(char::is_uppercase) && next.is_some_and(char::is_lowercase);
        if c.is_uppercase() && (after_lower || ends_caps) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_read_as_windows_1252_is_put_back() {
        assert_eq!(fold("Niamh NÃ\u{AD} Bhriain").text(), "Niamh Ni Bhriain");
        assert_eq!(fold("SeÃ¡n Ã“ Ceallaigh").text(), "Sean O Ceallaigh");
        assert_eq!(fold("Oâ€™Neill").text(), "O'Neill");
        assert_eq!(fold("Â£250").text(), "£250");
        // Offsets still lead back to the original text.
        let t = "PC SeÃ¡n Ã“ Ceallaigh";
        let f = fold(t);
        let start = f.text().find("Sean").unwrap();
        assert_eq!(
            &t[f.orig(start)..f.orig(f.text().len())],
            "SeÃ¡n Ã“ Ceallaigh"
        );
        // Text that was right stays as it was.
        assert_eq!(
            fold("São Paulo, Seán, Ó, Ã").text(),
            "Sao Paulo, Sean, O, A"
        );
    }

    #[test]
    fn ascii_is_borrowed_and_unchanged() {
        let f = fold("PC 4521 Quarrendon");
        assert!(!f.changed());
        assert_eq!(f.text(), "PC 4521 Quarrendon");
        assert_eq!(f.orig(3), 3);
    }

    #[test]
    fn accents_apostrophes_dashes_fold() {
        assert_eq!(fold("Seán Ó Néill").text(), "Sean O Neill");
        assert_eq!(fold("O’Neill–Smith").text(), "O'Neill-Smith");
        assert_eq!(fold("ﬁnn").text(), "finn");
        assert_eq!(fold("４５２１").text(), "4521");
        assert_eq!(fold("Quar\u{200B}rendon").text(), "Quarrendon");
    }

    #[test]
    fn offsets_map_back() {
        let t = "Seán Ó Néill";
        let f = fold(t);
        let folded = f.text();
        let s = folded.find("Neill").unwrap();
        let (a, b) = (f.orig(s), f.orig(s + 5));
        assert_eq!(&t[a..b], "Néill");
    }

    #[test]
    fn keys() {
        assert_eq!(key("  Jane   QUARRENDON "), "jane quarrendon");
        assert_eq!(word_key("Pay No."), "pay no");
        assert_eq!(word_key("e-mail_address"), "e mail address");
        assert_eq!(word_key("Date of Birth (DOB)"), "date of birth dob");
    }

    #[test]
    fn boundaries() {
        let t = b"Smithson Smith";
        assert!(!word_bounded(t, 0, 5));
        assert!(word_bounded(t, 9, 14));
        assert!(word_bounded(t, 0, 8));
    }

    #[test]
    fn lower_words_helper() {
        let mut b = [0u8; 64];
        assert_eq!(
            lower_words("Det. Chief  Inspector", &mut b),
            Some("det chief inspector")
        );
        assert_eq!(lower_words("Seán", &mut b), None);
        assert_eq!(lower_words(&"x".repeat(70), &mut b), None);
    }

    #[test]
    fn lower_helper() {
        assert_eq!(with_lower("QuArR", |s| s.to_string()).unwrap(), "quarr");
        assert!(with_lower(&"x".repeat(60), |_| ()).is_none());
    }
}
