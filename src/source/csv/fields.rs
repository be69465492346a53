//! What a CSV field is to a spreadsheet program: a plain number it shows
//! unchanged (read fast for the usual short decimals), or text it would run
//! as a formula.

use crate::detect::swar;

/// True when the text is written as a plain decimal number: optional sign,
/// digits with an optional decimal point, optional exponent.
pub(super) fn numeric_syntax(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    let mut digits = 0;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
        digits += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    i == b.len()
}

/// The number a field holds, when it is a plain number that a spreadsheet
/// would show unchanged: not `007` (leading zeros are an identifier), not
/// more than 15 digits (precision would be lost).
pub(super) fn plain_number(s: &str) -> Option<f64> {
    // "+447700900123": a telephone number in international form, which the
    // '+' and the length give away; as a number it would lose both.
    if s.len() > 10 && s.starts_with('+') {
        return None;
    }
    // Most numbers in a CSV are short decimals ("97", "2871.17"): read them
    // in one pass. A mantissa of at most 15 digits and at most 22 decimals is
    // exact in f64, as is the power of ten, so one division rounds correctly
    // (the fast path of correct float parsing). Anything else (exponents,
    // odd shapes) takes the general route below.
    match short_decimal(s) {
        Some(n) => n,
        None => general_number(s),
    }
}

/// [`plain_number`] for any shape, through the standard float parser.
fn general_number(s: &str) -> Option<f64> {
    if !numeric_syntax(s) {
        return None;
    }
    let unsigned = s.trim_start_matches(['+', '-']);
    let mantissa = unsigned.split(['e', 'E']).next().unwrap_or("");
    let int = mantissa.split('.').next().unwrap_or("");
    if int.len() > 1 && int.starts_with('0') {
        return None;
    }
    if mantissa.bytes().filter(u8::is_ascii_digit).count() > 15 {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// `Some(answer)` when `s` is a sign, digits and an optional fraction (the
/// answer of [`plain_number`] for it); `None` when it needs the general route.
fn short_decimal(s: &str) -> Option<Option<f64>> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let b = s.as_bytes();
    let (neg, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    if let Some((mantissa, int_digits, decimals)) = eight_byte_decimal(digits) {
        // A leading zero makes an identifier ("007"), not a number.
        if int_digits > 1 && digits.first() == Some(&b'0') {
            return Some(None);
        }
        let v = match decimals {
            0 => mantissa as f64,
            d => mantissa as f64 / *POW10.get(d)?,
        };
        return Some(Some(if neg { -v } else { v }));
    }
    let mut mantissa: u64 = 0;
    let mut count = 0usize;
    let mut int_digits = 0usize;
    let mut point: Option<usize> = None;
    for (i, &c) in digits.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                count += 1;
                if count > 15 {
                    // More than 15 digits: kept as text (or a plain "no").
                    return if numeric_syntax(s) { Some(None) } else { None };
                }
                mantissa = mantissa * 10 + u64::from(c - b'0');
                if point.is_none() {
                    int_digits += 1;
                }
            }
            b'.' if point.is_none() => point = Some(i),
            // An exponent: the general route.
            b'e' | b'E' => return None,
            // A byte no plain number holds past its start (a second point,
            // a sign, a dash or colon of a date or time, a letter): not one.
            _ => return Some(None),
        }
    }
    if count == 0 {
        return Some(None);
    }
    // A leading zero makes an identifier ("007"), not a number.
    if int_digits > 1 && digits.first() == Some(&b'0') {
        return Some(None);
    }
    let decimals = point.map_or(0, |p| digits.len() - p - 1);
    // A whole number needs no division (most number cells are whole).
    let v = match decimals {
        0 => mantissa as f64,
        d => mantissa as f64 / *POW10.get(d)?,
    };
    Some(Some(if neg { -v } else { v }))
}

/// The usual number cell ("97", "2871.17"): at most eight bytes of digits
/// with at most one point and at least one digit, read as one word rather
/// than byte by byte. Returns the digits' value, the digits before the point
/// and the digits after it; `None` for any other shape (the caller reads it
/// byte by byte).
fn eight_byte_decimal(digits: &[u8]) -> Option<(u64, usize, usize)> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let n = digits.len();
    if n == 0 || n > 8 || !matches!(digits[0], b'0'..=b'9' | b'.') {
        return None;
    }
    let word = swar::load_short(digits);
    let used = u64::MAX >> (8 * (8 - n));
    // The first point, if any (bytes past a zero byte may be flagged
    // wrongly, the lowest flagged one never is); a second one fails the
    // digit check below.
    let x = word ^ (ONES * u64::from(b'.'));
    let points = x.wrapping_sub(ONES) & !x & (ONES << 7) & used;
    let (word, m, int_digits) = if points == 0 {
        (word, n, n)
    } else {
        let p = points.trailing_zeros() as usize / 8;
        let below = (1u64 << (8 * p)) - 1;
        ((word & below) | ((word >> 8) & !below), n - 1, p)
    };
    if m == 0 {
        return None;
    }
    // Left-pad the m digits with '0' to eight: the value is unchanged.
    let padded = (word << (8 * (8 - m)))
        | (ONES * u64::from(b'0'))
            .checked_shr(8 * m as u32)
            .unwrap_or(0);
    // All eight bytes '0'..='9' (a byte that carries on adding 6 fails by
    // its own high nibble).
    const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    if (padded & HIGH) | ((padded.wrapping_add(ONES * 6) & HIGH) >> 4) != ONES * 0x33 {
        return None;
    }
    // Pairs, quads, then all eight (the first byte is the most significant digit).
    let mut v = padded & (ONES * 0x0F);
    v = (v.wrapping_mul(10) + (v >> 8)) & 0x00FF_00FF_00FF_00FF;
    v = (v.wrapping_mul(100) + (v >> 16)) & 0x0000_FFFF_0000_FFFF;
    v = (v.wrapping_mul(10_000) + (v >> 32)) & 0xFFFF_FFFF;
    Some((v, int_digits, m - int_digits))
}

/// True when a spreadsheet program would treat the field as a formula
/// (OWASP CSV injection): it starts with `=`, `+`, `-`, `@`, tab or CR and is
/// not a plain number or percentage (`-12.8%`, a year-on-year change in
/// every crime-statistics release). A field of dashes only (`-`, `--`) is
/// shown as text.
///
/// The one test for it: the scan reports such fields, and the redactor and
/// its log prefix them with `'`, so what a copy changes is what the scan
/// listed.
///
/// ```text
/// assert!(is_formula_like("=HYPERLINK(\"x\")") && is_formula_like("-A1"));
/// assert!(!is_formula_like("-4.7%") && !is_formula_like("-£105,550") && !is_formula_like("-£5"));
/// ```
pub(crate) fn is_formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && !numeric_syntax(s.strip_suffix('%').unwrap_or(s))
        && !grouped_amount(s)
        && !s.bytes().all(|b| b == b'-')
}

/// A signed amount a spreadsheet reads as a number: thousands grouped by
/// commas, or a currency sign, perhaps both, with decimals (`-9,800,000`,
/// `-£1,250.50`, `-£5`).
fn grouped_amount(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (s, currency) = match s.strip_prefix(['£', '$', '€']) {
        Some(rest) => (rest, true),
        None => (s, false),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    let first_ok = if int.contains(',') {
        (1..=3).contains(&first.len())
    } else {
        currency && !first.is_empty()
    };
    first_ok
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// The text inside quotes that follow white space in a field (`  "Declan
/// Hendry"`, as a CSV written with a space after each comma has it), with
/// doubled quotes made single; `None` when the field is not so quoted.
pub(super) fn stray_quoted(field: &str) -> Option<String> {
    let t = field.trim_matches([' ', '\t']);
    let inner = t.strip_prefix('"')?.strip_suffix('"')?;
    // A quote inside must be doubled, as in any quoted field.
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '"' && chars.next() != Some('"') {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

#[cfg(test)]
mod tests {

    #[test]
    fn quotes_after_white_space_enclose_the_value() {
        assert_eq!(
            super::stray_quoted(r#" "Declan Hendry""#).as_deref(),
            Some("Declan Hendry")
        );
        assert_eq!(
            super::stray_quoted(r#"  "Say ""hi"""  "#).as_deref(),
            Some(r#"Say "hi""#)
        );
        assert_eq!(super::stray_quoted(r#" "a"b""#), None);
        assert_eq!(super::stray_quoted(" plain"), None);
    }

    use super::*;

    #[test]
    fn short_decimals_read_like_the_float_parser() {
        // Every shape the one-pass reader takes must give what the general
        // route (str::parse) gives, to the bit.
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut checked = 0;
        for _ in 0..200_000 {
            let r = next();
            let int = r % 10u64.pow((r >> 8) as u32 % 12);
            let frac_len = (r >> 16) as usize % 6;
            let frac = (r >> 24) % 10u64.pow(frac_len as u32);
            let sign = ["", "-", "+"][(r >> 40) as usize % 3];
            let s = if frac_len == 0 {
                format!("{sign}{int}")
            } else {
                format!("{sign}{int}.{frac:0frac_len$}")
            };
            let fast = short_decimal(&s).expect("a short decimal");
            let slow = general_number(&s);
            assert_eq!(fast.map(f64::to_bits), slow.map(f64::to_bits), "{s}");
            checked += 1;
        }
        assert_eq!(checked, 200_000);
        // Short strings of number bytes and a few others, in every order
        // the generator finds: the one-word reader must agree too.
        let alphabet = b"0123456789000..-+eE: a";
        for _ in 0..200_000 {
            let r = next();
            let len = (r % 11) as usize;
            let s: String = (0..len)
                .map(|i| alphabet[((r >> (4 + 5 * i)) % alphabet.len() as u64) as usize] as char)
                .collect();
            assert_eq!(
                plain_number(&s).map(f64::to_bits),
                general_number(&s).map(f64::to_bits),
                "{s:?}"
            );
        }
        for s in [
            "007",
            "0.5",
            ".5",
            "1.",
            "-0",
            "+",
            "-",
            ".",
            "",
            "1e5",
            "12a",
            "1.2.3",
            "1E5",
            "-1e-5",
            "1e+5",
            "2e",
            "2024-02-04",
            "13:10",
            " 97",
            "97 ",
            "5-",
            "--5",
            "+-5",
            "1,000",
            "£5",
        ] {
            assert_eq!(
                plain_number(s).map(f64::to_bits),
                general_number(s).map(f64::to_bits),
                "{s}"
            );
        }
        assert_eq!(plain_number("1234567890123456"), None);
        assert_eq!(plain_number("+447700900123"), None);
        assert_eq!(plain_number("+44770090"), Some(44770090.0));
        assert_eq!(plain_number("2871.17"), Some(2871.17));
    }
}
