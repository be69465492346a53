//! The text a number or date shows under its number format, for a CSV copy
//! of a workbook: a CSV has no formats, so the copy writes what the sheet
//! shows (`594,644.17`, `0.7%`, `Apr-22`), not the stored value
//! (`594644.1700000018`, `0.0070361849103621815`, a full date the format
//! hid the day of).
//!
//! Covers the formats workbooks use for figures and dates: decimals,
//! thousands separators, percentages, scaling by thousands and millions,
//! leading zeros, currency and unit text, sections for negatives and zero,
//! conditions (`[>=1000]`), scientific notation, fractions (the nearest
//! with as many denominator digits as the format allows), and date and time
//! codes. A format it cannot render (text sections `@`, fractions of a
//! second) gives `None`, and the caller writes the plain value.
//!
//! ```
//! use foiguard::redact::shown_value::{shown_date, shown_number};
//! assert_eq!(shown_number(594644.1700000018, "#,##0.00").as_deref(), Some("594,644.17"));
//! assert_eq!(shown_number(0.0070361849103621815, "0.0%").as_deref(), Some("0.7%"));
//! assert_eq!(shown_number(-1234.5, "£#,##0;[Red]-£#,##0").as_deref(), Some("-£1,235"));
//! assert_eq!(shown_date(44652.0, "mmm-yy").as_deref(), Some("Apr-22"));
//! assert_eq!(shown_date(45352.75, "dd/mm/yyyy hh:mm").as_deref(), Some("01/03/2024 18:00"));
//! ```

use crate::source::dates::civil_from_days;
use crate::source::ooxml::styles::{Condition, section_for_number};

/// One piece of a format section.
#[derive(Debug, PartialEq)]
enum Piece {
    /// Text shown as it is (quoted, escaped, or a symbol such as `£`).
    Literal(String),
    /// A run of number placeholders and their punctuation (`#,##0.00`).
    Number(String),
    /// A date or time code (`yyyy`, `mmm`, `d`, `hh`, `ss`, `AM/PM`).
    Date(String),
    /// `General`.
    General,
}

/// Split a format code into its `;` sections (not inside quotes or brackets).
fn sections(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted, mut bracket, mut escaped) = (0, false, false, false);
    for (i, c) in code.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if !quoted => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            ';' if !quoted && !bracket => {
                out.push(&code[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&code[start..]);
    out
}

/// A section's condition (`[>=1000]`).
fn condition(section: &str) -> Option<Condition> {
    let open = section.find('[')?;
    let close = open + section[open..].find(']')?;
    Condition::parse(&section[open + 1..close])
}

/// The pieces of one section, or `None` for what this module does not
/// render (conditions, fractions, scientific notation, text `@`).
fn pieces(section: &str) -> Option<Vec<Piece>> {
    let mut out: Vec<Piece> = Vec::new();
    let push_literal = |out: &mut Vec<Piece>, s: &str| match out.last_mut() {
        Some(Piece::Literal(l)) => l.push_str(s),
        _ => out.push(Piece::Literal(s.to_string())),
    };
    let chars: Vec<char> = section.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' => {
                let end = chars[i + 1..].iter().position(|&q| q == '"')? + i + 1;
                let s: String = chars[i + 1..end].iter().collect();
                push_literal(&mut out, &s);
                i = end + 1;
            }
            '\\' => {
                let s: String = chars.get(i + 1)?.to_string();
                push_literal(&mut out, &s);
                i += 2;
            }
            // Padding and fill characters take their width, not a character.
            '_' | '*' => i += 2,
            '[' => {
                let end = chars[i..].iter().position(|&q| q == ']')? + i;
                let inner: String = chars[i + 1..end].iter().collect();
                if let Some(cur) = inner.strip_prefix('$') {
                    // `[$£-809]`: a currency symbol and a locale.
                    let symbol = cur.split('-').next().unwrap_or("");
                    push_literal(&mut out, symbol);
                } else if inner.starts_with(['<', '>', '=']) {
                    // A condition: `section_for` chose the section by it.
                } else if inner
                    .chars()
                    .all(|h| matches!(h, 'h' | 'H' | 'm' | 'M' | 's' | 'S'))
                {
                    return None; // elapsed time: the caller's
                }
                // Colours (`[Red]`, `[Color10]`) show nothing.
                i = end + 1;
            }
            '0' | '#' | '?' | '.' | ',' | '%' => {
                let start = i;
                loop {
                    match (chars.get(i), chars.get(i + 1)) {
                        (Some('0' | '#' | '?' | '.' | ',' | '%'), _) => i += 1,
                        // Scientific notation: `0.00E+00`.
                        (Some('E' | 'e'), Some('+' | '-')) if i > start => i += 2,
                        _ => break,
                    }
                }
                let run: String = chars[start..i].iter().collect();
                if run.chars().any(|d| matches!(d, '0' | '#' | '?')) {
                    match out.last_mut() {
                        Some(Piece::Number(n)) => n.push_str(&run),
                        _ => out.push(Piece::Number(run)),
                    }
                } else {
                    // A full stop, comma or per cent sign as text ("0 %").
                    match (out.last_mut(), run.as_str()) {
                        (Some(Piece::Number(n)), _) if run.chars().all(|d| d == '%') => {
                            n.push_str(&run)
                        }
                        _ => push_literal(&mut out, &run),
                    }
                }
            }
            '/' if out.iter().any(|p| matches!(p, Piece::Number(_))) => return None,
            '@' => return None,
            'G' | 'g'
                if section[byte_at(section, i)..]
                    .to_ascii_lowercase()
                    .starts_with("general") =>
            {
                out.push(Piece::General);
                i += "general".len();
            }
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' => {
                let lower = c.to_ascii_lowercase();
                let start = i;
                while i < chars.len() && chars[i].to_ascii_lowercase() == lower {
                    i += 1;
                }
                out.push(Piece::Date(
                    chars[start..i]
                        .iter()
                        .collect::<String>()
                        .to_ascii_lowercase(),
                ));
            }
            'A' | 'a' => {
                let rest: String = chars[i..]
                    .iter()
                    .take(5)
                    .collect::<String>()
                    .to_ascii_uppercase();
                if rest.starts_with("AM/PM") {
                    out.push(Piece::Date("am/pm".into()));
                    i += 5;
                } else if rest.starts_with("A/P") {
                    out.push(Piece::Date("a/p".into()));
                    i += 3;
                } else {
                    push_literal(&mut out, &c.to_string());
                    i += 1;
                }
            }
            _ => {
                push_literal(&mut out, &c.to_string());
                i += 1;
            }
        }
    }
    Some(out)
}

fn byte_at(s: &str, char_index: usize) -> usize {
    s.char_indices().nth(char_index).map_or(s.len(), |(b, _)| b)
}

/// The section of `code` for `v`, and whether the value is shown without
/// its sign (a section of its own for negatives writes its own sign).
fn section_for(code: &str, v: f64) -> (&str, bool) {
    let s = sections(code);
    let conditions: Vec<Option<Condition>> = s.iter().map(|x| condition(x)).collect();
    let pick = section_for_number(s.len(), &conditions, v).min(s.len() - 1);
    // A section for negatives writes its own sign; one chosen by a
    // condition (`[>=1000]#,##0;0`) leaves the minus sign to the number.
    let own_sign = pick == 1 && v < 0.0 && conditions.iter().all(Option::is_none);
    (s[pick], own_sign)
}

/// A number as its format shows it; `None` when the format is one this
/// module does not render, or shows a date.
pub fn shown_number(v: f64, code: &str) -> Option<String> {
    if !v.is_finite() {
        return None;
    }
    let (section, own_sign) = section_for(code, v);
    if let Some(text) = fraction(v.abs(), section) {
        let minus = v < 0.0 && !own_sign && text.bytes().any(|b| b.is_ascii_digit() && b != b'0');
        return Some(format!("{}{text}", if minus { "-" } else { "" }));
    }
    let parts = pieces(section)?;
    if parts.iter().any(|p| matches!(p, Piece::Date(_))) {
        return None;
    }
    let numbers = parts
        .iter()
        .filter(|p| matches!(p, Piece::Number(_) | Piece::General))
        .count();
    if numbers > 1 {
        return None;
    }
    let mut out = String::new();
    let negative = v < 0.0 && !own_sign;
    for p in &parts {
        match p {
            Piece::Literal(l) => out.push_str(l),
            Piece::Number(n) => {
                let text = placeholders(v.abs(), n)?;
                // "-£1,235": the sign before any currency symbol.
                if negative && text.bytes().any(|b| b != b'0' && b.is_ascii_digit()) {
                    out.insert(0, '-');
                }
                out.push_str(&text);
            }
            Piece::General => {
                let text = general(v.abs());
                if negative {
                    out.insert(0, '-');
                }
                out.push_str(&text);
            }
            Piece::Date(_) => return None,
        }
    }
    Some(out.trim().to_string())
}

/// `v` (not negative) under a fraction format (`# ?/?`, `# ??/??`,
/// `?/4`): a whole part when the format has one, then the nearest fraction
/// with at most as many denominator digits as it has places (or its fixed
/// denominator). `None` when `section` is no fraction format.
fn fraction(v: f64, section: &str) -> Option<String> {
    if section.contains(['"', '\\', 'y', 'd', 'h', 's']) {
        return None;
    }
    let (left, right) = section.split_once('/')?;
    let den_spec: String = right
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '?' | '#' | '0'))
        .collect();
    let left = left.trim_end();
    let (whole_spec, num_spec) = match left.rsplit_once(' ') {
        Some((w, n)) => (Some(w.trim()), n),
        None => (None, left),
    };
    let is_places = |p: &str| !p.is_empty() && p.chars().all(|c| matches!(c, '?' | '#' | '0'));
    if den_spec.is_empty() || !is_places(num_spec) || !whole_spec.is_none_or(is_places) {
        return None;
    }
    let (whole, rest) = match whole_spec {
        Some(_) => (v.trunc(), v.fract()),
        None => (0.0, v),
    };
    let fixed: Option<u64> = den_spec
        .parse()
        .ok()
        .filter(|_| den_spec.bytes().all(|b| b.is_ascii_digit()));
    let (mut n, d) = match fixed {
        Some(d) if d > 0 => ((rest * d as f64).round() as u64, d),
        _ => {
            let max = 10u64.pow(den_spec.len().min(4) as u32) - 1;
            (1..=max)
                .map(|d| ((rest * d as f64).round() as u64, d))
                .min_by(|a, b| {
                    let err = |(n, d): (u64, u64)| (rest - n as f64 / d as f64).abs();
                    err(*a).total_cmp(&err(*b))
                })
                .unwrap_or((0, 1))
        }
    };
    let mut whole = whole as u64;
    if whole_spec.is_some() && n >= d && fixed.is_none() {
        whole += n / d;
        n %= d;
    }
    let shows_whole =
        whole_spec.is_some() && (whole > 0 || whole_spec.is_some_and(|w| w.contains('0')));
    Some(match (shows_whole, n) {
        (true, 0) => whole.to_string(),
        (true, _) => format!("{whole} {n}/{d}"),
        (false, 0) if whole_spec.is_some() => "0".to_string(),
        (false, _) => format!("{n}/{d}"),
    })
}

/// A number under General: the shortest text that reads back the same,
/// with digits beyond the 15 Excel keeps rounded away.
pub fn general(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    let short = format!("{v}");
    let digits = short.bytes().filter(u8::is_ascii_digit).count();
    if digits <= 15 || short.contains('e') {
        return short;
    }
    let magnitude = v.abs().log10().floor() as i32;
    let decimals = (14 - magnitude).clamp(0, 20) as usize;
    let rounded = format!("{v:.decimals$}");
    if !rounded.contains('.') {
        return rounded;
    }
    rounded
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_string()
}

/// `v` (not negative) through a run of placeholders (`#,##0.00`, `0.0%`).
fn placeholders(v: f64, run: &str) -> Option<String> {
    if let Some(at) = run.find(['E', 'e']) {
        return scientific(v, &run[..at], &run[at + 1..]);
    }
    let percents = run.matches('%').count() as i32;
    let run = run.replace('%', "");
    // Commas after the last digit placeholder divide by a thousand each
    // (`#,##0,` thousands, `0.0,,` millions).
    let trailing = run.len() - run.trim_end_matches(',').len();
    let run = run.trim_end_matches(',');
    let (int_part, frac_part) = match run.split_once('.') {
        Some((a, b)) => (a.to_string(), b.replace(',', "")),
        None => (run.to_string(), String::new()),
    };
    let int_part = int_part.as_str();
    let grouping = int_part.contains(',');
    let min_int = int_part.matches('0').count();
    let min_frac = frac_part.chars().take_while(|&c| c == '0').count();
    let max_frac = frac_part
        .chars()
        .filter(|c| matches!(c, '0' | '#' | '?'))
        .count();
    let scaled = v * 100f64.powi(percents) / 1000f64.powi(trailing as i32);
    // Halves away from zero, as Excel rounds (`format!` rounds them to even).
    let factor = 10f64.powi(max_frac as i32);
    let rounded = (scaled * factor).round() / factor;
    let fixed = format!("{rounded:.max_frac$}");
    let (int_digits, frac_digits) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let mut frac = frac_digits.to_string();
    while frac.len() > min_frac && frac.ends_with('0') {
        frac.pop();
    }
    let int_digits = int_digits.trim_start_matches('0');
    let int_digits = if int_digits.len() < min_int {
        format!("{int_digits:0>min_int$}")
    } else {
        int_digits.to_string()
    };
    let mut out = if grouping {
        group(&int_digits)
    } else {
        int_digits
    };
    if !frac.is_empty() || (max_frac > 0 && min_frac > 0) {
        out.push('.');
        out.push_str(&frac);
    }
    // (`#` and `?` show nothing for a zero: an accounting format's "-".)
    for _ in 0..percents {
        out.push('%');
    }
    Some(out)
}

/// `v` (not negative) in scientific notation: `mantissa` placeholders
/// (`0.00`; `##0.0`, more than one before the point, keeps the exponent a
/// multiple of their count: engineering notation), `exponent` its sign and
/// digits (`+00` always shows the sign, `-0` only a minus).
fn scientific(v: f64, mantissa: &str, exponent: &str) -> Option<String> {
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let places = |p: &str| p.chars().filter(|c| matches!(c, '0' | '#' | '?')).count();
    let step = places(int_part).max(1) as i32;
    let decimals = places(frac_part);
    let always_sign = exponent.starts_with('+');
    let exp_digits = exponent
        .get(1..)?
        .chars()
        .filter(|c| *c == '0')
        .count()
        .max(1);
    let mut exp = if v == 0.0 {
        0
    } else {
        v.abs().log10().floor() as i32
    };
    exp -= exp.rem_euclid(step);
    let factor = 10f64.powi(decimals as i32);
    let mut m = (v / 10f64.powi(exp) * factor).round() / factor;
    // 9.999 rounds to 10.00: one more step up.
    if m >= 10f64.powi(step) {
        exp += step;
        m = (v / 10f64.powi(exp) * factor).round() / factor;
    }
    let sign = match (exp < 0, always_sign) {
        (true, _) => "-",
        (false, true) => "+",
        (false, false) => "",
    };
    Some(format!(
        "{m:.decimals$}E{sign}{:0exp_digits$}",
        exp.unsigned_abs()
    ))
}

/// Digits with a comma every three from the right.
fn group(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// An Excel serial date-time as its date format shows it (English month and
/// day names); `None` when the format is not a date format this module
/// renders.
pub fn shown_date(serial: f64, code: &str) -> Option<String> {
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let (section, _) = section_for(code, serial);
    let parts = pieces(section)?;
    if !parts.iter().any(|p| matches!(p, Piece::Date(_)))
        || parts
            .iter()
            .any(|p| matches!(p, Piece::Number(_) | Piece::General))
    {
        return None;
    }
    let twelve_hour = parts
        .iter()
        .any(|p| matches!(p, Piece::Date(d) if d == "am/pm" || d == "a/p"));
    // Rounded to the second, as Excel shows it.
    let secs_total = (serial * 86_400.0).round() as i64;
    let days = secs_total.div_euclid(86_400);
    let secs = secs_total.rem_euclid(86_400);
    let (h, mi, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    let (y, mo, d) = excel_ymd(days);
    // The weekday as Excel gives it: serial 1 is a Sunday (its leap-day
    // bug puts days before March 1900 a weekday out; from serial 61 on they
    // are the real ones: 45352, 2024-03-01, a Friday).
    let weekday = ((days + 5).rem_euclid(7)) as usize;
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        match p {
            Piece::Literal(l) => out.push_str(l),
            Piece::Date(code) => {
                // "m" after an hour or before seconds is minutes.
                let minutes = code.starts_with('m')
                    && code.len() <= 2
                    && (prev_date(&parts, i).is_some_and(|c| c.starts_with('h'))
                        || next_date(&parts, i).is_some_and(|c| c.starts_with('s')));
                let text = match code.as_str() {
                    "yy" | "y" => format!("{:02}", y.rem_euclid(100)),
                    c if c.starts_with('y') => format!("{y:04}"),
                    "m" if minutes => mi.to_string(),
                    "mm" if minutes => format!("{mi:02}"),
                    "m" => mo.to_string(),
                    "mm" => format!("{mo:02}"),
                    "mmm" => MONTHS[(mo - 1) as usize][..3].to_string(),
                    "mmmmm" => MONTHS[(mo - 1) as usize][..1].to_string(),
                    c if c.starts_with("mmmm") => MONTHS[(mo - 1) as usize].to_string(),
                    "d" => d.to_string(),
                    "dd" => format!("{d:02}"),
                    "ddd" => DAYS[weekday][..3].to_string(),
                    c if c.starts_with("dddd") => DAYS[weekday].to_string(),
                    "h" | "hh" => {
                        let hour = if twelve_hour { (h + 11) % 12 + 1 } else { h };
                        if code == "hh" {
                            format!("{hour:02}")
                        } else {
                            hour.to_string()
                        }
                    }
                    "s" => s.to_string(),
                    "ss" => format!("{s:02}"),
                    "am/pm" => if h < 12 { "AM" } else { "PM" }.to_string(),
                    "a/p" => if h < 12 { "A" } else { "P" }.to_string(),
                    _ => return None,
                };
                out.push_str(&text);
            }
            Piece::Number(_) | Piece::General => return None,
        }
    }
    Some(out.trim().to_string())
}

/// A date for a CSV copy: ISO 8601 (`2024-03-01`, `2024-03-01 18:00`) when
/// its format shows the whole date, so it reads the same in any locale;
/// as the format shows it when the format hides part of it (`Apr-22`,
/// `2024`, `01 Mar`), so the copy does not give the hidden part away. A
/// time the format does not show is left out.
///
/// ```
/// use foiguard::redact::shown_value::released_date;
/// assert_eq!(released_date(45352.75, "dd/mm/yyyy").as_deref(), Some("2024-03-01"));
/// assert_eq!(released_date(45352.75, "d/m/yy h:mm").as_deref(), Some("2024-03-01 18:00"));
/// assert_eq!(released_date(44652.0, "mmm-yy").as_deref(), Some("Apr-22"));
/// ```
pub fn released_date(serial: f64, code: &str) -> Option<String> {
    let shown = shown_date(serial, code)?;
    let (section, _) = section_for(code, serial);
    let parts = pieces(section)?;
    let codes: Vec<&str> = parts
        .iter()
        .filter_map(|p| match p {
            Piece::Date(d) => Some(d.as_str()),
            _ => None,
        })
        .collect();
    let has = |f: &dyn Fn(&str) -> bool| codes.iter().any(|c| f(c));
    let year = has(&|c| c.starts_with('y'));
    // A month (not minutes): "mm" beside an hour or seconds is minutes.
    let month = codes.iter().enumerate().any(|(i, c)| {
        c.starts_with('m')
            && (c.len() > 2
                || !(i > 0 && codes[i - 1].starts_with('h')
                    || codes.get(i + 1).is_some_and(|n| n.starts_with('s'))))
    });
    let day = has(&|c| c == "d" || c == "dd");
    if !(year && month && day) {
        return Some(shown);
    }
    let secs_total = (serial * 86_400.0).round() as i64;
    let (y, mo, d) = excel_ymd(secs_total.div_euclid(86_400));
    let date = format!("{y:04}-{mo:02}-{d:02}");
    let secs = secs_total.rem_euclid(86_400);
    let (h, mi, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    Some(if has(&|c| c.starts_with('s')) {
        format!("{date} {h:02}:{mi:02}:{s:02}")
    } else if has(&|c| c.starts_with('h')) {
        format!("{date} {h:02}:{mi:02}")
    } else {
        date
    })
}

/// The date Excel shows for a serial day: 0 is 1900-01-00, 1 is
/// 1900-01-01, 60 the 1900-02-29 Excel keeps from Lotus 1-2-3 (a day that
/// never was); from 61 on, days since 1899-12-30.
fn excel_ymd(days: i64) -> (i64, i64, i64) {
    match days {
        0 => (1900, 1, 0),
        60 => (1900, 2, 29),
        1..=59 => civil_from_days(days - 25568),
        _ => civil_from_days(days - 25569),
    }
}

fn prev_date(parts: &[Piece], i: usize) -> Option<&str> {
    parts[..i].iter().rev().find_map(|p| match p {
        Piece::Date(d) => Some(d.as_str()),
        _ => None,
    })
}

fn next_date(parts: &[Piece], i: usize) -> Option<&str> {
    parts[i + 1..].iter().find_map(|p| match p {
        Piece::Date(d) => Some(d.as_str()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::{general, shown_date, shown_number};

    fn n(v: f64, code: &str) -> Option<String> {
        shown_number(v, code)
    }

    #[test]
    fn figures_as_their_formats_show_them() {
        for (v, code, want) in [
            (594644.1700000018, "#,##0.00", "594,644.17"),
            (1234.5, "0", "1235"),
            (0.5, "0.00", "0.50"),
            (7.0, "00000", "00007"),
            (0.125, "0%", "13%"),
            (0.125, "0.0%", "12.5%"),
            (1234567.0, "#,##0,\"k\"", "1,235k"),
            (-1234.5, "#,##0.00", "-1,234.50"),
            (-1234.5, "#,##0.00;(#,##0.00)", "(1,234.50)"),
            (0.0, "#,##0;-#,##0;\"-\"", "-"),
            (1234.0, "[$£-809]#,##0", "£1,234"),
            (12.0, "0\" hrs\"", "12 hrs"),
            (1.5, "#.##", "1.5"),
            (0.25, "#,##0.00_);[Red](#,##0.00)", "0.25"),
            (3.0, "General", "3"),
            (-2.5, "General", "-2.5"),
            (1234.0, "[Red]#,##0", "1,234"),
            (1234567.0, "0.0,,\"m\"", "1.2m"),
            (1234567.0, "#,##0.0,,", "1.2"),
            (
                0.0,
                "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)",
                "-",
            ),
            (12345.678, "0.00E+00", "1.23E+04"),
            (0.0005, "0.00E+00", "5.00E-04"),
            (12345.678, "##0.0E+0", "12.3E+3"),
            (12345.0, "[>=1000]#,##0;0", "12,345"),
            (7.0, "[>=1000]#,##0;0", "7"),
            (
                1234567.0,
                "[>=1000000]0.0,,\"m\";[>=1000]0.0,\"k\";0",
                "1.2m",
            ),
            (2500.0, "[>=1000000]0.0,,\"m\";[>=1000]0.0,\"k\";0", "2.5k"),
            (1.5, "# ?/?", "1 1/2"),
            (0.75, "# ?/?", "3/4"),
            // The nearest with two-digit denominators (1/7 is further off).
            (3.14159, "# ??/??", "3 14/99"),
            (1.25, "# ?/4", "1 1/4"),
            (2.0, "# ?/?", "2"),
            (-1.5, "# ?/?", "-1 1/2"),
        ] {
            assert_eq!(n(v, code).as_deref(), Some(want), "{v} as {code}");
        }
    }

    #[test]
    fn formats_not_rendered_fall_back() {
        for code in ["@", "dd/mm/yyyy"] {
            assert_eq!(n(12.5, code), None, "{code}");
        }
        assert_eq!(shown_date(45000.0, "0.00"), None);
    }

    #[test]
    fn dates_and_times_as_their_formats_show_them() {
        for (v, code, want) in [
            (44652.0, "mmm-yy", "Apr-22"),
            (45352.0, "dd/mm/yyyy", "01/03/2024"),
            (45352.0, "d mmmm yyyy", "1 March 2024"),
            (45352.0, "dddd d mmm", "Friday 1 Mar"),
            (45352.75, "dd/mm/yyyy hh:mm", "01/03/2024 18:00"),
            (45352.75, "h:mm AM/PM", "6:00 PM"),
            (0.5208333333, "hh:mm:ss", "12:30:00"),
            (45352.0, "[$-809]dd mmmm yyyy", "01 March 2024"),
            (45352.0, "yyyy", "2024"),
            (59.0, "yyyy-mm-dd", "1900-02-28"),
            (1.0, "d/m/yyyy", "1/1/1900"),
            (60.0, "d/m/yyyy", "29/2/1900"),
            (61.0, "yyyy-mm-dd", "1900-03-01"),
        ] {
            assert_eq!(shown_date(v, code).as_deref(), Some(want), "{v} as {code}");
        }
    }

    #[test]
    fn general_drops_digits_excel_does_not_keep() {
        assert_eq!(general(0.1), "0.1");
        assert_eq!(general(594644.1700000018), "594644.170000002");
        assert_eq!(general(1e20), "100000000000000000000");
        assert_eq!(general(12.0), "12");
    }
}
