//! Cell formats ([MS-XLS] XF, FORMAT, PALETTE): what a cell format says
//! about how a value is shown: dates, number formats that show nothing,
//! and the colours used to spot a font drawn in the fill colour.

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

pub(super) const EGA: [u32; 8] = [
    0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF,
];

/// The default BIFF8 palette for colour indexes 8..=63.
pub(super) const DEFAULT_PALETTE: [u32; 56] = [
    0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF, 0x800000,
    0x008000, 0x000080, 0x808000, 0x800080, 0x008080, 0xC0C0C0, 0x808080, 0x9999FF, 0x993366,
    0xFFFFCC, 0xCCFFFF, 0x660066, 0xFF8080, 0x0066CC, 0xCCCCFF, 0x000080, 0xFF00FF, 0xFFFF00,
    0x00FFFF, 0x800080, 0x800000, 0x008080, 0x0000FF, 0x00CCFF, 0xCCFFFF, 0xCCFFCC, 0xFFFF99,
    0x99CCFF, 0xFF99CC, 0xCC99FF, 0xFFCC99, 0x3366FF, 0x33CCCC, 0x99CC00, 0xFFCC00, 0xFF9900,
    0xFF6600, 0x666699, 0x969696, 0x003366, 0x339966, 0x003300, 0x333300, 0x993300, 0x993366,
    0x333399, 0x333333,
];

pub(super) fn builtin_format(ifmt: u16) -> Option<&'static str> {
    Some(match ifmt {
        0 => "General",
        14 => "m/d/yy",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "m/d/yy h:mm",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mm:ss.0",
        _ => return None,
    })
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
