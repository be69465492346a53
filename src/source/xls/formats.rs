//! Cell formats ([MS-XLS] XF, FORMAT, PALETTE): what a cell format says
//! about how a value is shown: dates, number formats that show nothing,
//! and the colours used to spot a font drawn in the fill colour. The
//! built-in format codes and the default palette are OOXML's
//! ([`builtin_format_code`], `INDEXED_PALETTE`): BIFF8 numbers them alike.
//!
//! [`builtin_format_code`]: crate::source::ooxml::styles::builtin_format_code

/// What a cell format (XF) says about how the value is shown: whether it
/// is a date, and (as for xlsx) whether a value cannot be seen — a font in
/// the fill's colour or of 2 points or less, a number format that shows
/// nothing (`;;;`, `"";"";"";""`) or paints white on white (`[White]`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Xf {
    pub date: bool,
    pub look: crate::source::ooxml::styles::XfInfo,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_formats() {
        assert!(is_date_format(164, "dd/mm/yyyy"));
        assert!(!is_date_format(164, "0.00"));
        assert!(!is_date_format(164, "[Red]0.00"));
    }
}
