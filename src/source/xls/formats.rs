//! Cell formats ([MS-XLS] XF, FORMAT, PALETTE): what a cell format says
//! about how a value is shown: dates, number formats that show nothing,
//! and the colours used to spot a font drawn in the fill colour. The
//! built-in format codes and the default palette are OOXML's
//! ([`builtin_format_code`], `INDEXED_PALETTE`): BIFF8 numbers them alike.
//!
//! [`builtin_format_code`]: crate::source::ooxml::styles::builtin_format_code

/// What a cell format (XF) says about how the value is shown.
#[derive(Clone, Copy, Debug, Default)]
pub struct Xf {
    pub date: bool,
    /// Number format hides numbers (`;;;`).
    pub hides_numbers: bool,
    /// Number format hides text (`;;;` with an empty text section).
    pub hides_text: bool,
    /// Font colour equals the fill, or the font is ≤ 2 pt.
    pub invisible_font: bool,
}

/// Strip quoted text, escaped characters and `[...]` sections from a
/// number format, keeping the `;` section separators.
fn format_skeleton(code: &str) -> String {
    let mut out = String::new();
    let mut it = code.chars();
    while let Some(c) = it.next() {
        match c {
            '"' => {
                for c in it.by_ref() {
                    if c == '"' {
                        break;
                    }
                }
                out.push('"'); // something is shown
            }
            '\\' | '_' | '*' => {
                it.next();
                if c == '\\' {
                    out.push('"');
                }
            }
            '[' => {
                for c in it.by_ref() {
                    if c == ']' {
                        break;
                    }
                }
            }
            c => out.push(c),
        }
    }
    out
}

pub(super) fn is_date_format(ifmt: u16, code: &str) -> bool {
    if matches!(ifmt, 14..=22 | 27..=36 | 45..=47 | 50..=58) {
        return true;
    }
    let sk = format_skeleton(code).to_ascii_lowercase();
    if sk.contains("general") {
        return false;
    }
    let first = sk.split(';').next().unwrap_or("");
    first.contains(['d', 'y', 'h', 's', 'm'])
}

/// Whether a number format shows nothing for numbers and for text.
///
/// ```text
/// ";;;"  -> (true, true)     ";;"  -> (true, false)    "0"  -> (false, false)
/// ```
pub fn hidden_by_format(code: &str) -> (bool, bool) {
    let sk = format_skeleton(code);
    let sections: Vec<&str> = sk.split(';').collect();
    if sections.len() < 2 {
        return (false, false);
    }
    let empty = |s: &&str| s.trim().is_empty();
    let numbers = sections.iter().take(3).all(empty);
    let text = sections.len() >= 4 && sections.get(3).is_some_and(empty);
    (numbers, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_that_hide() {
        assert_eq!(hidden_by_format(";;;"), (true, true));
        assert_eq!(hidden_by_format(";;"), (true, false));
        assert_eq!(hidden_by_format("0.00"), (false, false));
        assert_eq!(hidden_by_format("0;-0;;@"), (false, false));
        assert_eq!(hidden_by_format("\"x\";;;"), (false, true));
        assert!(is_date_format(164, "dd/mm/yyyy"));
        assert!(!is_date_format(164, "0.00"));
        assert!(!is_date_format(164, "[Red]0.00"));
    }
}
