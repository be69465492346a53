//! ODF dates, times and durations (`office:date-value`,
//! `office:time-value`) as Excel serial numbers.

use crate::source::dates::{day_fraction, parse_ymd, serial_days};

/// An ISO date or date-time (`2024-03-17`, `2024-03-17T10:15:30.5`) as an
/// Excel serial (days since 1899-12-30). Time zones are ignored.
pub(crate) fn iso_to_serial(s: &str) -> Option<f64> {
    let s = s.trim();
    let (date, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let (neg, date) = match date.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, date),
    };
    let (y, m, d) = parse_ymd(date)?;
    if y > 1_000_000 {
        return None;
    }
    let y = if neg { -y } else { y };
    let days = serial_days(y, m, d);
    let mut frac = 0.0;
    if let Some(t) = time {
        let t = t.trim_end_matches('Z');
        let t = t.split(['+', '-']).next().unwrap_or(t);
        frac = day_fraction(t)?;
    }
    let v = days as f64 + frac;
    v.is_finite().then_some(v)
}

/// An ISO duration (`PT10H15M30S`, `P1DT2H`, `-PT1H`) in days.
pub(crate) fn duration_days(s: &str) -> Option<f64> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let s = s.strip_prefix('P')?;
    let mut secs = 0.0;
    let mut num = String::new();
    let mut in_time = false;
    for c in s.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' | '.' => num.push(c),
            _ => {
                let v: f64 = num.parse().ok()?;
                num.clear();
                secs += v * match (c, in_time) {
                    ('D', false) => 86_400.0,
                    ('W', false) => 7.0 * 86_400.0,
                    ('H', true) => 3600.0,
                    ('M', true) => 60.0,
                    ('S', true) => 1.0,
                    _ => return None,
                };
            }
        }
    }
    if !num.is_empty() {
        return None;
    }
    let d = secs / 86_400.0;
    let d = if neg { -d } else { d };
    d.is_finite().then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(iso_to_serial("1899-12-30"), Some(0.0));
        assert_eq!(iso_to_serial("1900-03-01"), Some(61.0));
        assert_eq!(iso_to_serial("2024-03-17"), Some(45368.0));
        assert_eq!(iso_to_serial("2024-03-17T12:00:00"), Some(45368.5));
        assert_eq!(iso_to_serial("2024-13-01"), None);
        assert_eq!(duration_days("PT12H00M00S"), Some(0.5));
        assert_eq!(duration_days("P1DT6H"), Some(1.25));
        assert_eq!(duration_days("12H"), None);
    }
}
