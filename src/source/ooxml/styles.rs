//! Cell styles (`xl/styles.xml`) and theme colours (`xl/theme/theme1.xml`),
//! reduced to what foiguard needs per cell format (`<xf>`): is the number a
//! date, and can the text be seen at all (font colour equal to the fill after
//! resolving theme, tint and indexed colours; white on no fill; tiny font;
//! a number format whose section for the value is empty, such as `;;;`).
//!
//! ```
//! use foiguard::source::ooxml::styles::analyze_format;
//! let f = analyze_format(";;;");
//! assert!(f.hides_number(3.0) && f.hides_text());
//! let f = analyze_format("0.00;;");
//! // A zero left blank hides nothing.
//! assert!(!f.hides_number(3.0) && f.hides_number(-3.0) && !f.hides_number(0.0) && !f.hides_text());
//! assert!(analyze_format("dd/mm/yyyy").date && !analyze_format("0.00\"d\"").date);
//! ```

use std::collections::HashMap;
use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};

use crate::model::{Align, CellFormat, HAlign, VAlign, Value};
use crate::source::xml::{XmlReader, attr, is_true};
use crate::source::{Limits, Result};

/// An RGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

pub(crate) const WHITE: Rgb = Rgb(255, 255, 255);
/// Contrast ratios under this cannot be read (black on white is 21, the
/// light grey #D9D9D9 on white 1.4, #F2F2F2 on white 1.12).
pub const UNREADABLE_CONTRAST: f64 = 1.2;
pub(crate) const BLACK: Rgb = Rgb(0, 0, 0);

impl Rgb {
    /// Parse `FFRRGGBB` (alpha ignored, as Excel does) or `RRGGBB`.
    pub fn parse(s: &str) -> Option<Rgb> {
        let s = s.trim();
        let hex = match s.len() {
            8 => s.get(2..)?,
            6 => s,
            _ => return None,
        };
        let v = u32::from_str_radix(hex, 16).ok()?;
        Some(Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8))
    }

    /// Close enough that text in one colour cannot be read on the other.
    /// Light enough that the automatic (black) text of a copy reads on
    /// it: a copy keeps only such fills, so its text never vanishes into a
    /// dark background whose light font it does not keep.
    pub fn is_light(self) -> bool {
        let y = 0.299 * self.0 as f64 + 0.587 * self.1 as f64 + 0.114 * self.2 as f64;
        y >= 160.0
    }

    /// Text of this colour on `background` cannot be read: the same
    /// colour within a few shades, or a contrast ratio (WCAG's) under
    /// [`UNREADABLE_CONTRAST`] (#F2F2F2 on white, white on yellow).
    pub fn unreadable_on(self, background: Rgb) -> bool {
        if self.close_to(background) {
            return true;
        }
        let (a, b) = (self.luminance(), background.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05) < UNREADABLE_CONTRAST
    }

    /// Relative luminance (WCAG 2), 0 for black to 1 for white.
    fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let s = c as f64 / 255.0;
            if s <= 0.04045 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    pub fn close_to(self, o: Rgb) -> bool {
        let d = |a: u8, b: u8| (a as i32 - b as i32).abs();
        d(self.0, o.0) + d(self.1, o.1) + d(self.2, o.2) <= 30
    }

    /// Apply an Excel tint (-1.0..1.0) to the HSL luminance.
    pub fn tint(self, tint: f64) -> Rgb {
        if tint == 0.0 || !tint.is_finite() {
            return self;
        }
        let (h, s, mut l) = rgb_to_hsl(self);
        if tint < 0.0 {
            l *= 1.0 + tint;
        } else {
            l = l * (1.0 - tint) + tint;
        }
        hsl_to_rgb(h, s, l.clamp(0.0, 1.0))
    }
}

fn rgb_to_hsl(c: Rgb) -> (f64, f64, f64) {
    let r = c.0 as f64 / 255.0;
    let g = c.1 as f64 / 255.0;
    let b = c.2 as f64 / 255.0;
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let l = (max + min) / 2.0;
    if max == min {
        return (0.0, 0.0, l);
    }
    let d = max - min;
    let s = if l > 0.5 {
        d / (2.0 - max - min)
    } else {
        d / (max + min)
    };
    let h = if max == r {
        (g - b) / d + if g < b { 6.0 } else { 0.0 }
    } else if max == g {
        (b - r) / d + 2.0
    } else {
        (r - g) / d + 4.0
    };
    (h / 6.0, s, l)
}

fn hsl_to_rgb(h: f64, s: f64, l: f64) -> Rgb {
    let to = |v: f64| (v * 255.0).round().clamp(0.0, 255.0) as u8;
    if s == 0.0 {
        return Rgb(to(l), to(l), to(l));
    }
    let q = if l < 0.5 {
        l * (1.0 + s)
    } else {
        l + s - l * s
    };
    let p = 2.0 * l - q;
    let hue = |mut t: f64| {
        if t < 0.0 {
            t += 1.0;
        }
        if t > 1.0 {
            t -= 1.0;
        }
        if t < 1.0 / 6.0 {
            p + (q - p) * 6.0 * t
        } else if t < 0.5 {
            q
        } else if t < 2.0 / 3.0 {
            p + (q - p) * (2.0 / 3.0 - t) * 6.0
        } else {
            p
        }
    };
    Rgb(to(hue(h + 1.0 / 3.0)), to(hue(h)), to(hue(h - 1.0 / 3.0)))
}

/// A colour as a style writes it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ColorSpec {
    Auto,
    Rgb(Rgb, f64),
    Theme(u32, f64),
    Indexed(u32, f64),
}

impl ColorSpec {
    fn from_element(e: &BytesStart<'_>) -> Option<ColorSpec> {
        let tint = attr(e, "tint")
            .and_then(|t| t.trim().parse::<f64>().ok())
            .unwrap_or(0.0);
        if let Some(rgb) = attr(e, "rgb").as_deref().and_then(Rgb::parse) {
            return Some(ColorSpec::Rgb(rgb, tint));
        }
        if let Some(t) = attr(e, "theme").and_then(|t| t.trim().parse().ok()) {
            return Some(ColorSpec::Theme(t, tint));
        }
        if let Some(i) = attr(e, "indexed").and_then(|t| t.trim().parse().ok()) {
            return Some(ColorSpec::Indexed(i, tint));
        }
        if is_true(attr(e, "auto").as_deref()) {
            return Some(ColorSpec::Auto);
        }
        None
    }

    /// The colour on screen, when it can be known.
    fn resolve(self, theme: &Theme, palette: &[Rgb]) -> Option<Rgb> {
        match self {
            ColorSpec::Auto => Some(BLACK),
            ColorSpec::Rgb(c, t) => Some(c.tint(t)),
            ColorSpec::Theme(i, t) => theme.get(i).map(|c| c.tint(t)),
            ColorSpec::Indexed(i, t) => match i {
                64 => Some(BLACK),
                65 => Some(WHITE),
                i => palette.get(i as usize).copied().map(|c| c.tint(t)),
            },
        }
    }

    /// Theme colour 0 (lt1 / bg1) untinted: the "white" of the theme.
    fn is_theme_light1(self) -> bool {
        matches!(self, ColorSpec::Theme(0, t) if t.abs() < 0.01)
    }
}

/// The theme's colour scheme, in SpreadsheetML theme index order
/// (0 lt1, 1 dk1, 2 lt2, 3 dk2, 4-9 accent1-6, 10 hlink, 11 folHlink).
#[derive(Clone, Debug)]
pub struct Theme {
    colors: [Rgb; 12],
}

impl Default for Theme {
    /// The default Office theme.
    fn default() -> Self {
        let c = |s: &str| Rgb::parse(s).unwrap_or(BLACK);
        Theme {
            colors: [
                c("FFFFFF"),
                c("000000"),
                c("E7E6E6"),
                c("44546A"),
                c("4472C4"),
                c("ED7D31"),
                c("A5A5A5"),
                c("FFC000"),
                c("5B9BD5"),
                c("70AD47"),
                c("0563C1"),
                c("954F72"),
            ],
        }
    }
}

impl Theme {
    /// Parse a theme part (to its end); colours it does not define keep the
    /// default Office values.
    pub fn parse<R: BufRead>(reader: R, part: &str, limits: &Limits) -> Result<Theme> {
        let mut theme = Theme::default();
        let mut r = XmlReader::new(reader, part, limits);
        let mut in_scheme = false;
        let mut slot: Option<usize> = None;
        loop {
            match r.next()? {
                Event::Start(e) | Event::Empty(e) => {
                    let name = e.local_name();
                    match name.as_ref() {
                        "clrScheme" => in_scheme = true,
                        n if in_scheme => {
                            if let Some(i) = scheme_slot(n) {
                                slot = Some(i);
                            } else if let Some(i) = slot {
                                let val = match n {
                                    "srgbClr" => attr(&e, "val"),
                                    "sysClr" => attr(&e, "lastClr"),
                                    _ => None,
                                };
                                if let Some(c) = val.as_deref().and_then(Rgb::parse)
                                    && let Some(dst) = theme.colors.get_mut(i)
                                {
                                    *dst = c;
                                    slot = None;
                                }
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "clrScheme" => in_scheme = false,
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(theme)
    }

    pub fn get(&self, index: u32) -> Option<Rgb> {
        self.colors.get(index as usize).copied()
    }
}

/// Theme index for a scheme element (the file order is dk1, lt1, dk2, lt2;
/// SpreadsheetML swaps each pair).
fn scheme_slot(name: &str) -> Option<usize> {
    Some(match name {
        "lt1" => 0,
        "dk1" => 1,
        "lt2" => 2,
        "dk2" => 3,
        "accent1" => 4,
        "accent2" => 5,
        "accent3" => 6,
        "accent4" => 7,
        "accent5" => 8,
        "accent6" => 9,
        "hlink" => 10,
        "folHlink" => 11,
        _ => return None,
    })
}

/// The default indexed colour palette (0-63), as `0xRRGGBB`: 0-7 are the
/// fixed EGA colours, 8-63 the part a workbook may replace (OOXML
/// `indexedColors`, BIFF8 PALETTE).
pub(crate) const INDEXED_PALETTE: [u32; 64] = [
    0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF, 0x000000,
    0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF, 0x800000, 0x008000,
    0x000080, 0x808000, 0x800080, 0x008080, 0xC0C0C0, 0x808080, 0x9999FF, 0x993366, 0xFFFFCC,
    0xCCFFFF, 0x660066, 0xFF8080, 0x0066CC, 0xCCCCFF, 0x000080, 0xFF00FF, 0xFFFF00, 0x00FFFF,
    0x800080, 0x800000, 0x008080, 0x0000FF, 0x00CCFF, 0xCCFFFF, 0xCCFFCC, 0xFFFF99, 0x99CCFF,
    0xFF99CC, 0xCC99FF, 0xFFCC99, 0x3366FF, 0x33CCCC, 0x99CC00, 0xFFCC00, 0xFF9900, 0xFF6600,
    0x666699, 0x969696, 0x003366, 0x339966, 0x003300, 0x333300, 0x993300, 0x993366, 0x333399,
    0x333333,
];

/// The default indexed colour palette (0-63).
fn default_palette() -> Vec<Rgb> {
    INDEXED_PALETTE
        .iter()
        .map(|v| Rgb((v >> 16) as u8, (v >> 8) as u8, *v as u8))
        .collect()
}

/// What a number format does to visibility and dates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FormatInfo {
    /// The format shows dates or times.
    pub date: bool,
    /// It counts time past a day (`[h]:mm`, `[mm]:ss`): a duration.
    pub elapsed: bool,
    /// Number of `;`-separated sections (1-4).
    sections: u8,
    /// Each section shows nothing.
    empty: [bool; 4],
    /// Each section paints the value white (`[White]`, `[Color2]`).
    white: [bool; 4],
    /// Each section shows fixed text instead of the value (`"n/a"`): it
    /// has no place for one (`0`, `#`, `?`, `@`, a date code, `General`).
    fixed: [bool; 4],
    /// Each section's condition (`[<5]`), if it has one.
    conditions: [Option<Condition>; 4],
}

/// A number format section's condition: `[<5]`, `[>=1000]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Condition {
    op: Cmp,
    n: f64,
}

// Its number is finite (`parse` refuses NaN), so equality is an equivalence.
impl Eq for Condition {}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Condition {
    /// The condition inside a format's brackets (`<5`, `>=1000`), if it is one.
    pub fn parse(inner: &str) -> Option<Condition> {
        let inner = inner.trim();
        let (op, rest) = [
            ("<=", Cmp::Le),
            (">=", Cmp::Ge),
            ("<>", Cmp::Ne),
            ("<", Cmp::Lt),
            (">", Cmp::Gt),
            ("=", Cmp::Eq),
        ]
        .into_iter()
        .find_map(|(p, op)| inner.strip_prefix(p).map(|r| (op, r)))?;
        Some(Condition {
            op,
            n: rest.trim().parse().ok().filter(|n: &f64| n.is_finite())?,
        })
    }

    /// Whether `v` meets it.
    pub fn holds(&self, v: f64) -> bool {
        match self.op {
            Cmp::Lt => v < self.n,
            Cmp::Le => v <= self.n,
            Cmp::Gt => v > self.n,
            Cmp::Ge => v >= self.n,
            Cmp::Eq => v == self.n,
            Cmp::Ne => v != self.n,
        }
    }
}

/// The section (0-based) of a format of `sections` sections that shows
/// the number `v`, given each section's condition. With conditions, the
/// first number section (of the first three) whose condition holds, else
/// the first without one (Excel's rule); without, by sign: positive and
/// zero, negative, zero.
pub fn section_for_number(sections: usize, conditions: &[Option<Condition>], v: f64) -> usize {
    let numeric = &conditions[..conditions.len().min(sections.clamp(1, 3))];
    if numeric.iter().any(Option::is_some) {
        return numeric
            .iter()
            .position(|c| c.is_some_and(|c| c.holds(v)))
            .or_else(|| numeric.iter().position(Option::is_none))
            .unwrap_or(numeric.len().saturating_sub(1));
    }
    match sections {
        0 | 1 => 0,
        2 => usize::from(v < 0.0),
        _ if v > 0.0 => 0,
        _ if v < 0.0 => 1,
        _ => 2,
    }
}

impl FormatInfo {
    fn number_section(&self, v: f64) -> usize {
        section_for_number(self.sections as usize, &self.conditions, v)
    }

    /// Whether a section is chosen by a condition (`[<5]`).
    pub fn has_conditions(&self) -> bool {
        self.conditions.iter().any(Option::is_some)
    }

    /// The format shows nothing for this number, or fixed text in its
    /// place (`"n/a"`, `"Withheld"`).
    pub fn hides_number(&self, v: f64) -> bool {
        // A zero shown blank, as "-" or as "n/a" hides nothing.
        if v == 0.0 {
            return false;
        }
        let s = self.number_section(v);
        self.empty[s] || self.fixed[s]
    }

    /// The format shows nothing, or fixed text, for text (a fourth
    /// section that is empty or has no `@`).
    pub fn hides_text(&self) -> bool {
        self.sections >= 4 && (self.empty[3] || self.fixed[3])
    }

    fn white_number(&self, v: f64) -> bool {
        self.white[self.number_section(v)]
    }

    fn white_text(&self) -> bool {
        if self.sections >= 4 {
            self.white[3]
        } else {
            // A format without a text section shows text in the first
            // section's colour only when that section is a text format;
            // be conservative and use the first section's colour.
            self.sections == 1 && self.white[0]
        }
    }

    fn all_empty(&self) -> bool {
        let n = (self.sections.max(1) as usize).min(4);
        self.empty[..n].iter().all(|e| *e)
    }
}

/// The fixed text of a number format: its quoted strings and escaped
/// characters, sections joined by spaces.
///
/// ```
/// use foiguard::source::ooxml::styles::format_text;
/// assert_eq!(format_text(r#""Checked by Sgt Nabholme: "0"#), "Checked by Sgt Nabholme: ");
/// assert_eq!(format_text(r"\N\/\A;0").trim(), "N/A");
/// ```
pub fn format_text(code: &str) -> String {
    split_format(code).0
}

/// A number format's fixed text ([`format_text`]) and the code without it
/// (placeholders, colours, conditions and section separators).
///
/// ```
/// use foiguard::source::ooxml::styles::split_format;
/// assert_eq!(split_format(r#""PC "0;-0"#), ("PC ".to_string(), "0;-0".to_string()));
/// ```
pub fn split_format(code: &str) -> (String, String) {
    let mut text = String::new();
    let mut rest = String::with_capacity(code.len());
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                    text.push(q);
                }
            }
            '\\' => {
                if let Some(n) = chars.next() {
                    text.push(n);
                }
            }
            ';' => {
                if !text.is_empty() && !text.ends_with(' ') {
                    text.push(' ');
                }
                rest.push(c);
            }
            _ => rest.push(c),
        }
    }
    (text, rest)
}

/// Analyse a number format code (`0.00`, `dd/mm/yyyy`, `;;;`, `[White]General`).
pub fn analyze_format(code: &str) -> FormatInfo {
    if code.trim().is_empty() {
        // An empty code is repaired to General.
        return FormatInfo {
            sections: 1,
            ..Default::default()
        };
    }
    let mut info = FormatInfo {
        sections: 1,
        empty: [true; 4],
        ..Default::default()
    };
    let mut placeholder = [false; 4];
    // The fixed text of each section, to tell "n/a" for every number from
    // "Yes";"Yes";"No" (which still says which sign the value has).
    let mut texts: [String; 4] = Default::default();
    let mut sec = 0usize;
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ';' => {
                if sec < 3 {
                    sec += 1;
                    info.sections = sec as u8 + 1;
                } else {
                    // A fifth section is invalid; keep counting into the last.
                }
            }
            '"' => {
                let mut any = false;
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                    if !q.is_whitespace() {
                        any = true;
                    }
                    texts[sec].push(q);
                }
                if any {
                    info.empty[sec] = false;
                }
            }
            '\\' => {
                if let Some(n) = chars.next()
                    && !n.is_whitespace()
                {
                    info.empty[sec] = false;
                }
            }
            '_' => {
                // `_x` pads with the width of x: nothing visible.
                chars.next();
            }
            '*' => {
                // `*x` repeats x to fill the cell.
                if let Some(n) = chars.next()
                    && !n.is_whitespace()
                {
                    info.empty[sec] = false;
                }
            }
            '[' => {
                let mut inner = String::new();
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                    inner.push(q);
                }
                let lower = inner.to_ascii_lowercase();
                if lower == "white" || lower == "color2" {
                    info.white[sec] = true;
                }
                if let Some(c) = Condition::parse(&inner) {
                    info.conditions[sec] = Some(c);
                }
                // Elapsed time: [h], [mm], [ss].
                if !lower.is_empty() && lower.chars().all(|c| matches!(c, 'h' | 'm' | 's')) {
                    info.date = true;
                    info.elapsed = true;
                    info.empty[sec] = false;
                    placeholder[sec] = true;
                }
            }
            c if c.is_whitespace() => {}
            c => {
                info.empty[sec] = false;
                let lower = c.to_ascii_lowercase();
                if matches!(lower, 'd' | 'm' | 'y' | 'h' | 's') {
                    info.date = true;
                    placeholder[sec] = true;
                }
                if matches!(c, '0' | '#' | '?' | '@')
                    || (lower == 'g'
                        && chars
                            .clone()
                            .take(6)
                            .collect::<String>()
                            .eq_ignore_ascii_case("eneral"))
                {
                    placeholder[sec] = true;
                }
            }
        }
    }
    // Only the sections written; one left out shows the value. Numbers are
    // hidden only when every number section shows the same fixed text.
    let n = (info.sections as usize).min(4);
    for ((fixed, empty), shows) in info
        .fixed
        .iter_mut()
        .zip(info.empty)
        .zip(placeholder)
        .take(n)
    {
        *fixed = !empty && !shows;
    }
    let numeric = n.min(3);
    let same = (0..numeric).all(|i| info.fixed[i] && texts[i].trim() == texts[0].trim());
    // Sections by sign may each show a word ("Yes";"Yes";"No": the sign is
    // the data); a section by condition that shows fixed text hides the
    // value it holds (`[<5]"<5";0` keeps the 3 under "<5").
    let conditional = info.conditions.iter().any(Option::is_some);
    if !same && !conditional {
        for f in info.fixed.iter_mut().take(numeric) {
            *f = false;
        }
    }
    // "General" contains no date letters, but be explicit about it.
    if code.trim().eq_ignore_ascii_case("general") {
        info.date = false;
    }
    info
}

/// Built-in number formats that show dates or times.
fn builtin_is_date(id: u32) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58 | 71..=81)
}

/// What foiguard knows about one cell format (`<xf>` in `cellXfs`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct XfInfo {
    /// Numbers with this format are dates.
    pub date: bool,
    /// Nothing typed in a cell with this format can be seen (font colour
    /// equal to the fill, white on no fill, font size of 2 points or less).
    pub font_hidden: bool,
    fmt: FormatInfo,
    /// The cell background is white (no fill or a white fill).
    white_bg: bool,
}

impl XfInfo {
    /// A cell format read by another reader (xls): its number format code,
    /// whether it shows dates, whether its font cannot be seen, and whether
    /// its background is white.
    pub fn from_parts(code: &str, date: bool, font_hidden: bool, white_bg: bool) -> XfInfo {
        XfInfo {
            date,
            font_hidden,
            fmt: analyze_format(code),
            white_bg,
        }
    }

    /// True when a value in this format cannot be seen.
    pub fn hides(&self, v: &Value<'_>) -> bool {
        if self.font_hidden {
            return true;
        }
        match v {
            Value::Number(n) | Value::DateTime(n) => {
                self.fmt.hides_number(*n) || (self.white_bg && self.fmt.white_number(*n))
            }
            Value::Text(_) => self.fmt.hides_text() || (self.white_bg && self.fmt.white_text()),
            Value::Bool(_) => self.fmt.sections >= 4 && self.fmt.all_empty(),
            Value::Error(_) => false,
        }
    }
}

/// A font, as far as visibility and a rebuilt copy need it.
#[derive(Default, Clone, Debug)]
pub struct FontSpec {
    pub color: Option<ColorSpec>,
    /// Size in points.
    pub size: Option<f64>,
    pub bold: bool,
    pub italic: bool,
}

/// A cell fill: its pattern (`none`, `solid`, ... as in `patternType`),
/// foreground colour, and whether it is a gradient.
#[derive(Default, Clone, Debug)]
pub struct FillSpec {
    pub pattern: Option<String>,
    pub fg: Option<ColorSpec>,
    pub gradient: bool,
}

#[derive(Clone, Copy)]
enum Section {
    None,
    NumFmts,
    Fonts,
    Fills,
    CellXfs,
    Colors,
    Other,
}

/// Custom cell style names kept per workbook (for the content scan).
const MAX_STYLE_NAMES: usize = 1000;

/// The cell formats of a workbook, indexed by the `s` attribute of a cell.
#[derive(Clone, Debug, Default)]
pub struct Styles {
    xfs: Vec<XfInfo>,
    /// How each format looks (bold, number format), for a rebuilt copy;
    /// `None` for a plain format (not bold, General).
    looks: Vec<Option<CellFormat>>,
    /// Names of the workbook's own cell styles (not built-in ones): text a
    /// user typed, shown only in the style gallery.
    pub custom_style_names: Vec<String>,
    /// The fixed text custom number formats show beside or instead of a
    /// value (`"Checked by Sgt Nabholme: "0`): visible in every such cell.
    pub format_texts: Vec<String>,
}

impl Styles {
    /// Parse `styles.xml` (to its end), resolving colours with `theme`.
    pub fn parse<R: BufRead>(
        reader: R,
        part: &str,
        theme: &Theme,
        limits: &Limits,
    ) -> Result<Styles> {
        let mut r = XmlReader::new(reader, part, limits);
        let mut numfmts: HashMap<u32, String> = HashMap::new();
        let mut fonts: Vec<FontSpec> = Vec::new();
        let mut fills: Vec<FillSpec> = Vec::new();
        let mut xfs: Vec<(u32, usize, usize)> = Vec::new();
        // Per cell format: its alignment and whether text wraps.
        let mut aligns: Vec<(Align, bool)> = Vec::new();
        let mut palette: Vec<Rgb> = Vec::new();
        let mut custom_style_names: Vec<String> = Vec::new();
        let mut section = Section::None;
        // Depth of the section element, so nested same-named elements
        // (a <font> inside <dxf>) are not mistaken for section children.
        let mut section_depth = 0usize;
        loop {
            let before = r.depth();
            let ev = r.next()?;
            let is_start = matches!(&ev, Event::Start(_));
            let depth = match &ev {
                Event::Start(_) => before + 1,
                Event::End(_) => before.saturating_sub(1),
                _ => before,
            };
            match ev {
                Event::Start(e) | Event::Empty(e) => {
                    let name = e.local_name();
                    let n = name.as_ref();
                    if n == "cellStyle"
                        && attr(&e, "builtinId").is_none()
                        && let Some(style) = attr(&e, "name").filter(|v| !v.trim().is_empty())
                        && custom_style_names.len() < MAX_STYLE_NAMES
                    {
                        custom_style_names.push(style);
                    }
                    if matches!(section, Section::None) {
                        // An empty section element (<fonts/>) holds nothing.
                        if let Some(s) = section_for(n)
                            && is_start
                        {
                            section = s;
                            section_depth = depth;
                        }
                        continue;
                    }
                    match (section, n) {
                        (Section::NumFmts, "numFmt") => {
                            if let (Some(id), Some(code)) = (
                                attr(&e, "numFmtId").and_then(|v| v.trim().parse().ok()),
                                attr(&e, "formatCode"),
                            ) {
                                numfmts.insert(id, code);
                            }
                        }
                        (Section::Fonts, "font") => fonts.push(FontSpec::default()),
                        (Section::Fonts, "color") => {
                            if let Some(f) = fonts.last_mut() {
                                f.color = ColorSpec::from_element(&e);
                            }
                        }
                        (Section::Fonts, "b") => {
                            if let Some(f) = fonts.last_mut() {
                                f.bold = attr(&e, "val").is_none_or(|v| is_true(Some(v.trim())));
                            }
                        }
                        (Section::Fonts, "i") => {
                            if let Some(f) = fonts.last_mut() {
                                f.italic = attr(&e, "val").is_none_or(|v| is_true(Some(v.trim())));
                            }
                        }
                        (Section::Fonts, "sz") => {
                            if let Some(f) = fonts.last_mut() {
                                f.size = attr(&e, "val").and_then(|v| v.trim().parse().ok());
                            }
                        }
                        (Section::Fills, "fill") => fills.push(FillSpec::default()),
                        (Section::Fills, "patternFill") => {
                            if let Some(f) = fills.last_mut() {
                                f.pattern =
                                    Some(attr(&e, "patternType").unwrap_or_else(|| "none".into()));
                            }
                        }
                        (Section::Fills, "gradientFill") => {
                            if let Some(f) = fills.last_mut() {
                                f.gradient = true;
                            }
                        }
                        (Section::Fills, "fgColor") => {
                            if let Some(f) = fills.last_mut() {
                                f.fg = ColorSpec::from_element(&e);
                            }
                        }
                        (Section::CellXfs, "xf") => {
                            let num =
                                |k: &str| attr(&e, k).and_then(|v| v.trim().parse::<usize>().ok());
                            xfs.push((
                                num("numFmtId").unwrap_or(0) as u32,
                                num("fontId").unwrap_or(0),
                                num("fillId").unwrap_or(0),
                            ));
                            aligns.push(Default::default());
                        }
                        (Section::CellXfs, "alignment") => {
                            if let Some(a) = aligns.last_mut() {
                                *a = (
                                    Align {
                                        horizontal: attr(&e, "horizontal")
                                            .map_or(HAlign::General, |v| HAlign::parse(&v)),
                                        vertical: attr(&e, "vertical")
                                            .map_or(VAlign::Bottom, |v| VAlign::parse(&v)),
                                    },
                                    attr(&e, "wrapText").is_some_and(|v| is_true(Some(v.trim()))),
                                );
                            }
                        }
                        (Section::Colors, "rgbColor") => {
                            palette.push(
                                attr(&e, "rgb")
                                    .as_deref()
                                    .and_then(Rgb::parse)
                                    .unwrap_or(BLACK),
                            );
                        }
                        _ => {}
                    }
                }
                // After an End, the depth is one less than the element's.
                Event::End(_)
                    if !matches!(section, Section::None) && depth + 1 == section_depth =>
                {
                    section = Section::None;
                    section_depth = 0;
                }
                Event::Eof => break,
                _ => {}
            }
        }
        let mut styles =
            Styles::from_parts(&numfmts, &fonts, &fills, &xfs, &aligns, palette, theme);
        styles.custom_style_names = custom_style_names;
        styles.format_texts = numfmts
            .values()
            .map(|code| format_text(code))
            .filter(|t| t.chars().filter(|c| c.is_alphabetic()).count() >= 3)
            .take(MAX_STYLE_NAMES)
            .collect();
        Ok(styles)
    }

    /// Build the cell formats from parsed pieces (used by `parse` and by
    /// the xlsb reader, which reads the same pieces from `styles.bin`):
    /// custom number formats by id, fonts, fills, cell formats as
    /// (number format id, font index, fill index) with their alignments
    /// and text wrapping (by index; missing ones are the default), and the
    /// indexed colour palette (missing entries take the default palette).
    pub fn from_parts(
        numfmts: &HashMap<u32, String>,
        fonts: &[FontSpec],
        fills: &[FillSpec],
        xfs: &[(u32, usize, usize)],
        aligns: &[(Align, bool)],
        mut palette: Vec<Rgb>,
        theme: &Theme,
    ) -> Styles {
        if palette.len() < 64 {
            let def = default_palette();
            let n = palette.len();
            palette.extend(def.into_iter().skip(n));
        }

        let mut format_cache: HashMap<u32, FormatInfo> = HashMap::new();
        let mut out = Vec::with_capacity(xfs.len());
        let mut looks = Vec::with_capacity(xfs.len());
        for (i, &(fmt_id, font_id, fill_id)) in xfs.iter().enumerate() {
            let fmt = *format_cache
                .entry(fmt_id)
                .or_insert_with(|| match numfmts.get(&fmt_id) {
                    Some(code) => analyze_format(code),
                    None => FormatInfo {
                        date: builtin_is_date(fmt_id),
                        sections: 1,
                        ..Default::default()
                    },
                });
            let font = fonts.get(font_id).cloned().unwrap_or_default();
            let code = numfmts
                .get(&fmt_id)
                .map(String::as_str)
                .or_else(|| builtin_format_code(fmt_id))
                .filter(|c| !c.trim().is_empty() && !c.trim().eq_ignore_ascii_case("general"));
            // Excel reserves fills 0 (none) and 1 (gray125) whatever the
            // file says they are.
            let bg = if fill_id < 2 {
                Background::Window
            } else {
                background(
                    &fills.get(fill_id).cloned().unwrap_or_default(),
                    theme,
                    &palette,
                )
            };
            let (align, wrap) = aligns.get(i).copied().unwrap_or_default();
            let look = CellFormat {
                bold: font.bold,
                num_format: code.map(str::to_string),
                italic: font.italic,
                wrap,
                align,
                fill: match bg {
                    Background::Color(c) if c.is_light() && !c.close_to(WHITE) => {
                        Some(u32::from_be_bytes([0, c.0, c.1, c.2]))
                    }
                    _ => None,
                },
            };
            looks.push((!look.is_plain()).then_some(look));
            let fg = font
                .color
                .and_then(|c| c.resolve(theme, &palette))
                .unwrap_or(BLACK);
            let tiny = font.size.is_some_and(|s| s <= 2.0);
            let same = match bg {
                Background::Window => {
                    fg.unreadable_on(WHITE) || font.color.is_some_and(ColorSpec::is_theme_light1)
                }
                Background::Color(c) => fg.unreadable_on(c),
                Background::Unknown => false,
            };
            let white_bg = match bg {
                Background::Window => true,
                Background::Color(c) => c.close_to(WHITE),
                Background::Unknown => false,
            };
            out.push(XfInfo {
                date: fmt.date,
                font_hidden: tiny || same,
                fmt,
                white_bg,
            });
        }
        Styles {
            xfs: out,
            looks,
            custom_style_names: Vec::new(),
            format_texts: Vec::new(),
        }
    }

    /// The format of a cell's `s` attribute (out-of-range indexes get the
    /// plain default: Excel repairs them to the first format).
    pub fn xf(&self, s: usize) -> XfInfo {
        self.xfs
            .get(s)
            .or_else(|| self.xfs.first())
            .copied()
            .unwrap_or_default()
    }

    /// How a cell with this `s` attribute looks (bold, number format), or
    /// `None` for a plain cell. Out-of-range indexes get the first format,
    /// as in [`Styles::xf`].
    pub fn cell_format(&self, s: usize) -> Option<&CellFormat> {
        let i = if s < self.looks.len() { s } else { 0 };
        self.looks.get(i).and_then(Option::as_ref)
    }
}

/// The code of a built-in number format (ids 0-49, as Excel writes them in
/// an en-US install; 5-8 and 41-44 are currency/accounting formats whose
/// symbol depends on the locale). The East Asian date ids (27-36, 50-58)
/// have no fixed code and become an ISO date.
///
/// ```
/// use foiguard::source::ooxml::styles::builtin_format_code;
/// assert_eq!(builtin_format_code(4), Some("#,##0.00"));
/// assert_eq!(builtin_format_code(14), Some("mm-dd-yy"));
/// assert_eq!(builtin_format_code(164), None);
/// ```
pub fn builtin_format_code(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        5 => "\"$\"#,##0_);\\(\"$\"#,##0\\)",
        6 => "\"$\"#,##0_);[Red]\\(\"$\"#,##0\\)",
        7 => "\"$\"#,##0.00_);\\(\"$\"#,##0.00\\)",
        8 => "\"$\"#,##0.00_);[Red]\\(\"$\"#,##0.00\\)",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "mm-dd-yy",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "m/d/yy h:mm",
        27..=36 | 50..=58 => "yyyy-mm-dd",
        37 => "#,##0_);\\(#,##0\\)",
        38 => "#,##0_);[Red]\\(#,##0\\)",
        39 => "#,##0.00_);\\(#,##0.00\\)",
        40 => "#,##0.00_);[Red]\\(#,##0.00\\)",
        41 => "_(* #,##0_);_(* \\(#,##0\\);_(* \"-\"_);_(@_)",
        42 => "_(\"$\"* #,##0_);_(\"$\"* \\(#,##0\\);_(\"$\"* \"-\"_);_(@_)",
        43 => "_(* #,##0.00_);_(* \\(#,##0.00\\);_(* \"-\"??_);_(@_)",
        44 => "_(\"$\"* #,##0.00_);_(\"$\"* \\(#,##0.00\\);_(\"$\"* \"-\"??_);_(@_)",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mmss.0",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

fn section_for(n: &str) -> Option<Section> {
    Some(match n {
        "numFmts" => Section::NumFmts,
        "fonts" => Section::Fonts,
        "fills" => Section::Fills,
        "cellXfs" => Section::CellXfs,
        "colors" => Section::Colors,
        "dxfs" | "cellStyleXfs" | "borders" | "extLst" | "tableStyles" | "cellStyles" => {
            Section::Other
        }
        _ => return None,
    })
}

enum Background {
    /// No fill: the window background (white).
    Window,
    Color(Rgb),
    /// A gradient or pattern whose look is not one colour.
    Unknown,
}

fn background(fill: &FillSpec, theme: &Theme, palette: &[Rgb]) -> Background {
    if fill.gradient {
        return Background::Unknown;
    }
    match fill.pattern.as_deref() {
        None | Some("none") => Background::Window,
        Some("solid") => match fill.fg.and_then(|c| c.resolve(theme, palette)) {
            Some(c) => Background::Color(c),
            None => Background::Unknown,
        },
        Some(_) => Background::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: &str = r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
      <numFmts count="2"><numFmt numFmtId="164" formatCode=";;;"/><numFmt numFmtId="165" formatCode="yyyy\-mm\-dd"/></numFmts>
      <fonts count="5">
        <font><sz val="11"/><color theme="1"/><name val="Calibri"/></font>
        <font><sz val="11"/><color rgb="FFFFFFFF"/></font>
        <font><sz val="1"/><color theme="1"/></font>
        <font><sz val="11"/><color rgb="FF4472C4"/></font>
        <font><sz val="11"/><color theme="0"/></font>
      </fonts>
      <fills count="3">
        <fill><patternFill patternType="none"/></fill>
        <fill><patternFill patternType="gray125"/></fill>
        <fill><patternFill patternType="solid"><fgColor theme="4"/><bgColor indexed="64"/></patternFill></fill>
      </fills>
      <borders count="1"><border><left><color indexed="10"/></left></border></borders>
      <cellStyleXfs count="1"><xf numFmtId="0" fontId="1" fillId="0"/></cellStyleXfs>
      <cellXfs count="8">
        <xf numFmtId="0" fontId="0" fillId="0"/>
        <xf numFmtId="0" fontId="1" fillId="0"/>
        <xf numFmtId="164" fontId="0" fillId="0"/>
        <xf numFmtId="0" fontId="2" fillId="0"/>
        <xf numFmtId="0" fontId="3" fillId="2"/>
        <xf numFmtId="14" fontId="0" fillId="0"/>
        <xf numFmtId="165" fontId="4" fillId="2"/>
        <xf numFmtId="0" fontId="4" fillId="0"/>
      </cellXfs>
      <dxfs count="1"><dxf><font><color rgb="FFFFFFFF"/></font></dxf></dxfs>
    </styleSheet>"#;

    #[test]
    fn invisible_formats_and_dates() {
        let s = Styles::parse(
            STYLES.as_bytes(),
            "xl/styles.xml",
            &Theme::default(),
            &Limits::default(),
        )
        .unwrap();
        let text = Value::Text("Jane");
        assert!(!s.xf(0).hides(&text) && !s.xf(0).date);
        assert!(s.xf(1).hides(&text), "white on no fill");
        assert!(
            s.xf(2).hides(&text) && s.xf(2).hides(&Value::Number(4.0)),
            ";;;"
        );
        assert!(s.xf(3).hides(&text), "1pt font");
        assert!(s.xf(4).hides(&text), "accent1 font on accent1 fill");
        assert!(s.xf(5).date && !s.xf(5).hides(&Value::Number(4.0)));
        assert!(
            s.xf(6).date && !s.xf(6).hides(&text),
            "lt1 font on a blue fill is visible"
        );
        assert!(s.xf(7).hides(&text), "theme lt1 on no fill");
        assert_eq!(s.xf(99), s.xf(0));
    }

    #[test]
    fn theme_colours_and_tint() {
        let xml = r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements>
          <a:clrScheme name="x"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>
          <a:dk2><a:srgbClr val="112233"/></a:dk2><a:lt2><a:srgbClr val="EEEEEE"/></a:lt2><a:accent1><a:srgbClr val="ABCDEF"/></a:accent1></a:clrScheme>
          </a:themeElements></a:theme>"#;
        let t = Theme::parse(xml.as_bytes(), "t", &Limits::default()).unwrap();
        assert_eq!(t.get(0), Some(WHITE));
        assert_eq!(t.get(1), Some(BLACK));
        assert_eq!(t.get(3), Some(Rgb(0x11, 0x22, 0x33)));
        assert_eq!(t.get(4), Some(Rgb(0xAB, 0xCD, 0xEF)));
        assert_eq!(t.get(5), Theme::default().get(5));
        assert_eq!(BLACK.tint(0.5), Rgb(128, 128, 128));
        assert_eq!(WHITE.tint(-0.5), Rgb(128, 128, 128));
        assert!(Theme::parse(&b"<a:theme><a:clrScheme>"[..], "t", &Limits::default()).is_err());
    }

    #[test]
    fn a_small_number_suppressed_by_a_conditional_format_is_still_there() {
        // "<5" shown, 3 stored: the value is hidden, not gone.
        let f = analyze_format(r#"[<5]"<5";0"#);
        assert!(f.hides_number(3.0));
        assert!(!f.hides_number(40.0));
        let f = analyze_format(r#"[<5]"fewer than 5";[<1000]0;#,##0"#);
        assert!(f.hides_number(1.0) && !f.hides_number(12.0) && !f.hides_number(5000.0));
        // Words by sign are the data (the sign), not a hiding place.
        assert!(!analyze_format(r#""Yes";"Yes";"No""#).hides_number(5.0));
        // A condition that shows the number hides nothing.
        assert!(!analyze_format("[>=1000]#,##0;0").hides_number(7.0));
    }

    #[test]
    fn faint_text_is_unreadable_and_light_grey_is_not() {
        let grey = |v: u8| Rgb(v, v, v);
        assert!(grey(0xF2).unreadable_on(WHITE));
        assert!(
            WHITE.unreadable_on(Rgb(0xFF, 0xFF, 0x00)),
            "white on yellow"
        );
        assert!(WHITE.unreadable_on(grey(0xF2)));
        assert!(!grey(0xD9).unreadable_on(WHITE));
        assert!(!BLACK.unreadable_on(WHITE));
        assert!(!WHITE.unreadable_on(Rgb(0x1F, 0x38, 0x64)), "white on navy");
    }

    #[test]
    fn cell_looks_keep_alignment_wrapping_italics_and_light_fills() {
        let xml = r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
          <fonts count="2"><font><sz val="11"/></font><font><i/><color rgb="FFFFFFFF"/></font></fonts>
          <fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>
            <fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/></patternFill></fill>
            <fill><patternFill patternType="solid"><fgColor rgb="FF1F3864"/></patternFill></fill></fills>
          <cellXfs count="4">
            <xf numFmtId="0" fontId="0"/>
            <xf numFmtId="0" fontId="0" fillId="2"><alignment horizontal="center" vertical="top" wrapText="1"/></xf>
            <xf numFmtId="0" fontId="1" fillId="3"/>
            <xf numFmtId="0" fontId="0"><alignment horizontal="centerContinuous"/></xf>
          </cellXfs>
        </styleSheet>"#;
        let s = Styles::parse(
            xml.as_bytes(),
            "xl/styles.xml",
            &Theme::default(),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(
            s.cell_format(1),
            Some(&CellFormat {
                wrap: true,
                align: Align {
                    horizontal: HAlign::Centre,
                    vertical: VAlign::Top
                },
                fill: Some(0xDDEBF7),
                ..Default::default()
            })
        );
        // White italic text on a dark fill: the copy's text is black, so
        // the dark fill goes (the italics stay).
        assert_eq!(
            s.cell_format(2),
            Some(&CellFormat {
                italic: true,
                ..Default::default()
            })
        );
        assert_eq!(
            s.cell_format(3).map(|f| f.align.horizontal),
            Some(HAlign::CentreAcross)
        );
    }

    #[test]
    fn cell_looks() {
        let xml = r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
          <numFmts count="2"><numFmt numFmtId="164" formatCode="0.000"/><numFmt numFmtId="165" formatCode="General"/></numFmts>
          <fonts count="3"><font><sz val="11"/></font><font><b/><sz val="11"/></font><font><b val="0"/></font></fonts>
          <cellXfs count="6">
            <xf numFmtId="0" fontId="0"/><xf numFmtId="0" fontId="1"/><xf numFmtId="10" fontId="0"/>
            <xf numFmtId="164" fontId="1"/><xf numFmtId="165" fontId="2"/><xf numFmtId="9" fontId="2"/>
          </cellXfs>
          <dxfs count="1"><dxf><font><b/></font></dxf></dxfs>
        </styleSheet>"#;
        let s = Styles::parse(
            xml.as_bytes(),
            "xl/styles.xml",
            &Theme::default(),
            &Limits::default(),
        )
        .unwrap();
        let look = |bold: bool, code: Option<&str>| CellFormat {
            bold,
            num_format: code.map(str::to_string),
            ..Default::default()
        };
        assert_eq!(s.cell_format(0), None);
        assert_eq!(s.cell_format(1), Some(&look(true, None)));
        assert_eq!(s.cell_format(2), Some(&look(false, Some("0.00%"))));
        assert_eq!(s.cell_format(3), Some(&look(true, Some("0.000"))));
        assert_eq!(s.cell_format(4), None, "b val=0, custom General");
        assert_eq!(s.cell_format(5), Some(&look(false, Some("0%"))));
        assert_eq!(s.cell_format(99), None, "out of range: the first format");
    }

    #[test]
    fn format_sections() {
        assert!(!analyze_format("General").date);
        assert!(analyze_format("[h]:mm").date);
        assert!(analyze_format("[h]:mm").elapsed && analyze_format("[mm]:ss").elapsed);
        assert!(!analyze_format("hh:mm").elapsed && !analyze_format("[Magenta]hh:mm").elapsed);
        assert!(!analyze_format("[$-409]#,##0").date);
        assert!(analyze_format("[$-409]d-mmm").date);
        let f = analyze_format(";;;@");
        assert!(f.hides_number(1.0) && !f.hides_text());
        let f = analyze_format("\"\";\"\";\"\";\"\"");
        assert!(f.hides_number(1.0) && f.hides_text());
        let f = analyze_format("[White]General");
        assert!(f.white_number(1.0) && !f.hides_number(1.0));
        assert!(!analyze_format("_(* #,##0_)").hides_number(1.0));
        assert!(!analyze_format("").hides_number(1.0));
        // Fixed text in place of every number: the number is hidden.
        assert!(analyze_format("\"n/a\"").hides_number(917484.0));
        let f = analyze_format("\"Withheld\";\"Withheld\";\"Withheld\"");
        assert!(f.hides_number(988126.0) && f.hides_number(-1.0) && !f.hides_text());
        assert!(analyze_format("\\N\\/\\A").hides_number(5.0));
        // "Yes";"Yes";"No" still says the sign; a placeholder shows the value.
        assert!(!analyze_format("\"Yes\";\"Yes\";\"No\"").hides_number(1.0));
        assert!(!analyze_format("\"Total: \"0").hides_number(1.0));
        assert!(!analyze_format("\"£\"#,##0.00").hides_number(1.0));
        assert!(!analyze_format("dd/mm/yyyy").hides_number(45000.0));
        assert!(!analyze_format("0;-0;\"-\"").hides_number(1.0));
        // Zeros left blank by an accounting format are no hidden value.
        assert!(!analyze_format("#,##0;-#,##0;;@").hides_number(0.0));
        assert!(analyze_format(";;;").hides_number(5.0));
        let f = analyze_format("0;0;0;\"[text]\"");
        assert!(f.hides_text() && !f.hides_number(1.0));
    }
}
