//! Date serial numbers: the pieces the sources share to turn a written date
//! (`2024-03-17T12:00:00`) into the Excel serial the detectors read (days
//! since 1899-12-30, the time of day as the fraction; 1900 date system).
//!
//! Each format keeps its own `iso_to_serial`, because they accept different
//! years: ODF any up to a million, OOXML `t="d"` cells -9999 to 9999.

/// Days from 1970-01-01 to a civil date (proleptic Gregorian).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The serial of a civil date: whole days since 1899-12-30.
pub(crate) fn serial_days(y: i64, m: i64, d: i64) -> i64 {
    days_from_civil(y, m, d) - days_from_civil(1899, 12, 30)
}

/// `year-month-day` (`2024-03-17`) as numbers, or `None` unless it has
/// exactly three parts, a month 1-12 and a day 1-31. The caller bounds the
/// year.
pub(crate) fn parse_ymd(date: &str) -> Option<(i64, i64, i64)> {
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
pub(crate) fn day_fraction(t: &str) -> Option<f64> {
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
}
