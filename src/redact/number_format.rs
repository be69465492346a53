//! The number formats a copy keeps: placeholders, dates, colours and units,
//! never free text.
//!
//! A number format can carry fixed text that Excel shows beside (or instead
//! of) the value: `"Checked by Sgt Nabholme: "0`. The scan reports such text
//! as a place data hides; the copy keeps the format's layout but drops any
//! fixed text that is not a unit or a symbol, so a name written into a
//! format never reaches the release (and the copy's own scan does not fail
//! on it).
//!
//! ```
//! use foiguard::redact::number_format::releasable;
//! assert_eq!(releasable("#,##0.00"), ("#,##0.00".into(), false));
//! assert_eq!(releasable(r#"0.0" kg""#), (r#"0.0" kg""#.into(), false));
//! assert_eq!(releasable(r#""Checked by Sgt Nabholme: "0"#), ("0".into(), true));
//! ```

/// Words a number format may show as fixed text in a copy: units, currency
/// codes, and the words of a suppressed or nil figure ("nil", "withheld",
/// "fewer than 5", "Ref 007"), none of them a name (compared without case).
const UNIT_WORDS: &[&str] = &[
    "a",
    "about",
    "am",
    "and",
    "applicable",
    "approx",
    "bn",
    "c",
    "circa",
    "cm",
    "d",
    "day",
    "days",
    "each",
    "est",
    "eur",
    "excluded",
    "fewer",
    "ft",
    "fte",
    "g",
    "gbp",
    "h",
    "hr",
    "hrs",
    "hour",
    "hours",
    "in",
    "k",
    "kg",
    "km",
    "l",
    "lb",
    "lbs",
    "less",
    "m",
    "mg",
    "mi",
    "mile",
    "miles",
    "min",
    "mins",
    "minutes",
    "ml",
    "mm",
    "more",
    "mph",
    "n",
    "na",
    "nil",
    "no",
    "none",
    "not",
    "note",
    "of",
    "or",
    "over",
    "p",
    "pa",
    "pcm",
    "per",
    "pm",
    "pt",
    "pts",
    "pw",
    "redacted",
    "ref",
    "s",
    "sec",
    "secs",
    "suppressed",
    "t",
    "tbc",
    "than",
    "to",
    "tonnes",
    "total",
    "under",
    "usd",
    "week",
    "weeks",
    "withheld",
    "wk",
    "wks",
    "x",
    "year",
    "years",
    "yes",
    "yr",
    "yrs",
    "zero",
];

/// The format code a copy uses for `code`, and whether fixed text was
/// dropped from it. Fixed text (quoted strings and `\`-escaped characters)
/// stays only when every word in it is a unit ([`UNIT_WORDS`]); otherwise
/// all of it goes and the placeholders stay. A code left with nothing to
/// show becomes `General`.
pub fn releasable(code: &str) -> (String, bool) {
    if !code.contains(['"', '\\']) {
        return (code.to_string(), false);
    }
    let (text, rest) = crate::source::ooxml::styles::split_format(code);
    let words_ok = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .all(|w| UNIT_WORDS.iter().any(|u| u.eq_ignore_ascii_case(w)));
    if words_ok {
        return (code.to_string(), false);
    }
    let shows_something = rest.split(';').any(|s| !s.trim().is_empty());
    if shows_something {
        (rest.trim().to_string(), true)
    } else {
        ("General".to_string(), true)
    }
}

#[cfg(test)]
mod tests {
    use super::releasable;

    #[test]
    fn units_and_symbols_stay() {
        for code in [
            "0.00",
            "dd/mm/yyyy",
            r"dd\/mm\/yyyy",
            r#"0" hrs""#,
            r#"£#,##0;[Red]-£#,##0"#,
            r#"0.0"%""#,
            "[$-809]dd mmmm yyyy",
            r#"#,##0" FTE""#,
            r#""Yes";"Yes";"No""#,
            r#"0.00;-0.00;"nil""#,
            r#""Ref "000"#,
            r#"[<5]"fewer than 5";0"#,
            r#""withheld""#,
        ] {
            assert_eq!(releasable(code), (code.to_string(), false), "{code}");
        }
    }

    #[test]
    fn names_and_sentences_go() {
        assert_eq!(releasable(r#""PC "0"#), ("0".into(), true));
        assert_eq!(
            releasable(r#"0" (Quarrendon)";-0;"Aldwinckle""#),
            ("0;-0;".into(), true)
        );
        assert_eq!(releasable(r#"\H\e\n\d\r\y\ \P 0"#), ("0".into(), true));
        // Nothing left to show: General.
        assert_eq!(
            releasable(r#""Checked by Sgt Nabholme""#),
            ("General".into(), true)
        );
    }
}
