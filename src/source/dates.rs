//! Date serial numbers: the pieces the sources share to turn a written date
//! (`2024-03-17T12:00:00`) into the Excel serial the detectors read (days
//! since 1899-12-30, the time of day as the fraction; 1900 date system).
//!
//! The formats accept different years, so each passes its own range to
//! [`iso_to_serial`]: ODF any up to a million either side of year 0, OOXML
//! `t="d"` cells 0 to 9999.

use std::ops::RangeInclusive;

/// Days from 1970-01-01 to a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) of a day count since 1970-01-01 (proleptic
/// Gregorian); the inverse of [`days_from_civil`].
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The date of a whole-day serial as ISO 8601 text (`45352` -> `2024-03-01`).
/// Serial 1 is 1900-01-01 (Excel's 1900 leap-year bug: serials before 61
/// are one day off; they are rare in real data). 45352 is 2024-03-01.
pub fn serial_date_text(days: i64) -> String {
    let (y, m, d) = civil_from_days(days - 25_569);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The serial of a civil date: whole days since 1899-12-30.
fn serial_days(y: i64, m: i64, d: i64) -> i64 {
    days_from_civil(y, m, d) - days_from_civil(1899, 12, 30)
}

/// `year-month-day` (`2024-03-17`) as numbers, or `None` unless it has
/// exactly three parts, a month 1-12 and a day 1-31. The caller bounds the
/// year.
fn parse_ymd(date: &str) -> Option<(i64, i64, i64)> {
    let mut it = date.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if it.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some((y, m, d))
}

/// A time of day without its time zone (`12`, `12:30`, `12:30:15.5`) as a
/// fraction of a day.
fn day_fraction(t: &str) -> Option<f64> {
    // Digits and one decimal point only: `str::parse::<f64>` alone would
    // take "inf", "NaN" and "-5".
    let part = |s: &str| -> Option<f64> {
        let ok = !s.is_empty()
            && s.bytes().all(|c| c.is_ascii_digit() || c == b'.')
            && s.bytes().filter(|&c| c == b'.').count() <= 1;
        ok.then(|| s.parse().ok()).flatten()
    };
    let mut p = t.split(':');
    let h = part(p.next()?)?;
    let mi = part(p.next().unwrap_or("0"))?;
    let se = part(p.next().unwrap_or("0"))?;
    if p.next().is_some() {
        return None;
    }
    Some((h * 3600.0 + mi * 60.0 + se) / 86_400.0)
}

/// An ISO 8601 date or date-time (`2024-03-17`, `2024-03-17T10:15:30.5Z`,
/// ODF's `-0044-03-15`) as an Excel serial, or `None` unless it is one with a
/// year in `years`. A time zone (`Z`, `+01:00`, `-05:00`) is ignored: it does
/// not change the day shown.
pub(crate) fn iso_to_serial(s: &str, years: RangeInclusive<i64>) -> Option<f64> {
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
    // XML Schema, which both formats follow, has no year `-0000`.
    if neg && y == 0 {
        return None;
    }
    let y = if neg { -y } else { y };
    if !years.contains(&y) {
        return None;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_and_times() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(-1, 12, 31), -719_529);
        assert_eq!(serial_days(1899, 12, 30), 0);
        assert_eq!(serial_days(1900, 3, 1), 61);
        assert_eq!(serial_days(2024, 3, 17), 45_368);
        assert_eq!(parse_ymd("2024-03-17"), Some((2024, 3, 17)));
        assert_eq!(parse_ymd("2024-13-01"), None);
        assert_eq!(parse_ymd("2024-03-32"), None);
        assert_eq!(parse_ymd("2024-03-17-1"), None);
        assert_eq!(parse_ymd("2024-03"), None);
        assert_eq!(day_fraction("12"), Some(0.5));
        assert_eq!(day_fraction("18:00:00"), Some(0.75));
        assert_eq!(day_fraction("noon"), None);
        assert_eq!(day_fraction("inf"), None);
        assert_eq!(day_fraction("12:NaN"), None);
        assert_eq!(day_fraction("-5"), None);
        assert_eq!(
            day_fraction("12:30:15.5"),
            Some((12.0 * 3600.0 + 1815.5) / 86_400.0)
        );
    }

    #[test]
    fn civil_from_days_inverts_days_from_civil() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-719_529), (-1, 12, 31));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        for z in (-800_000..800_000).step_by(97) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z, "{z}");
        }
    }

    /// OOXML `t="d"` cells: years 0 to 9999.
    const OOXML: RangeInclusive<i64> = 0..=9999;
    /// ODF `office:date-value`: years up to a million either side of 0.
    const ODF: RangeInclusive<i64> = -1_000_000..=1_000_000;

    #[test]
    fn iso_dates() {
        for years in [OOXML, ODF] {
            let serial = |s: &str| iso_to_serial(s, years.clone());
            assert_eq!(serial("1899-12-30"), Some(0.0));
            assert_eq!(serial("1900-03-01"), Some(61.0));
            assert_eq!(serial("2024-03-17"), Some(45368.0));
            assert_eq!(serial(" 2024-03-17 "), Some(45368.0));
            assert_eq!(serial("2024-03-17T12:00:00"), Some(45368.5));
            assert_eq!(serial("2024-01-01T12:00:00Z"), Some(45292.5));
            assert_eq!(serial("2024-01-01T12:00:00-05:00"), Some(45292.5));
            assert_eq!(serial("2024-01-01T12:00:00+01:00"), Some(45292.5));
            assert_eq!(
                serial("2024-01-01T18:00:00.5"),
                Some(45292.75 + 0.5 / 86_400.0)
            );
            assert_eq!(serial("1800-01-01"), Some(-36_522.0));
            assert_eq!(serial("2024-13-01"), None);
            assert_eq!(serial("nonsense"), None);
            assert_eq!(serial("2024-01-01Tinf"), None);
            assert_eq!(serial("2024-01-01T"), None);
            // A time too long for an f64 is not a date.
            assert_eq!(serial(&format!("2024-01-01T{}", "9".repeat(400))), None);
            assert_eq!(serial("99999999999999999-01-01"), None);
            assert_eq!(serial("-0000-01-01"), None);
        }
        assert_eq!(iso_to_serial("10000-01-01", OOXML), None);
        assert_eq!(iso_to_serial("-0001-01-01", OOXML), None);
        assert_eq!(iso_to_serial("10000-01-01", ODF), Some(2_958_466.0));
        assert_eq!(iso_to_serial("-0001-01-01", ODF), Some(-694_324.0));
        assert_eq!(iso_to_serial("1000001-01-01", ODF), None);
        assert_eq!(iso_to_serial("-1000001-01-01", ODF), None);
    }
}
