//! ODF times and durations (`office:time-value`) as Excel serial numbers.
//! Dates (`office:date-value`) are `crate::source::dates::iso_to_serial`.

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
    fn durations() {
        assert_eq!(duration_days("PT12H00M00S"), Some(0.5));
        assert_eq!(duration_days("P1DT6H"), Some(1.25));
        assert_eq!(duration_days("12H"), None);
    }
}
