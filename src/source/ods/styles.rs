//! ODF styles, as far as they hide things: tables whose style says
//! `table:display="false"`, rows and columns of zero size, and cell styles
//! whose text cannot be seen (font colour equal to the fill, or a font of
//! 2pt or less). Styles come from `styles.xml` (named and default styles)
//! and from the automatic styles of `content.xml`.
//!
//! For a rebuilt copy (`foiguard redact`) they also give how a cell looks
//! (bold, a number format code built from its data style) and column widths.
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use quick_xml::events::BytesStart;

use crate::model::{Align, CellFormat, HAlign, VAlign};
use crate::source::ooxml::sheet::{MIN_VISIBLE_COL_CHARS, MIN_VISIBLE_ROW_POINTS};
use crate::source::ooxml::styles::{BLACK, FormatInfo, Rgb, WHITE, analyze_format};
use crate::source::xml::attr;

/// Fonts this small (in points) or smaller cannot be read.
const TINY_FONT_PT: f64 = 2.0;

/// A colour written `#rrggbb`.
fn rgb(s: &str) -> Option<Rgb> {
    Rgb::parse(s.trim().strip_prefix('#')?)
}
/// How many parent styles are followed before giving up (a loop).
const MAX_PARENTS: usize = 32;
/// A number format code built from a data style is cut at this length.
const MAX_CODE: usize = 256;
/// Style names remembered in the per-style caches.
const MAX_CACHE: usize = 100_000;
/// A row at its optimal height taller than this (LibreOffice's default is
/// 12.8 pt) holds wrapped or large text: a copy keeps its height, as Excel
/// does not fit rows to their text when it opens a file.
const TALL_ROW_POINTS: f64 = 20.0;

/// The cell-style properties that decide whether text is visible.
#[derive(Clone, Debug, Default)]
struct CellStyle {
    parent: Option<String>,
    /// Text colour as `#rrggbb` (lower case); `None` when not set here.
    color: Option<String>,
    /// The style says "automatic" (window) font colour.
    window_color: bool,
    /// Cell fill as `#rrggbb`, or `transparent`.
    background: Option<String>,
    font_pt: Option<f64>,
    /// `fo:font-weight`: bold or not; `None` when not set here.
    bold: Option<bool>,
    /// `fo:font-style`: italic (or oblique) or not.
    italic: Option<bool>,
    /// `fo:wrap-option`: the text wraps or not.
    wrap: Option<bool>,
    /// `fo:text-align` of the paragraph properties.
    horizontal: Option<HAlign>,
    /// `style:vertical-align`.
    vertical: Option<VAlign>,
    /// `style:data-style-name`: the number format.
    data_style: Option<String>,
}

/// A data style (`number:number-style`, `number:date-style`, ...) turned
/// into a number format code as it is read.
#[derive(Clone, Debug, Default)]
struct DataStyle {
    /// The code of this style's own elements.
    code: String,
    /// `style:map` targets (other data styles for e.g. positive numbers):
    /// they come first, as the sections before this one; with the
    /// condition in Excel's form (`[<5]`) when it is not one of the sign
    /// (`value()>=0`, `value()<0`...), which the sections' order says.
    maps: Vec<(String, String)>,
    /// A `number:text-style`: the section for text values.
    for_text: bool,
    /// Some element shows the value or a literal (an empty style, as
    /// LibreOffice writes `;;;`, shows nothing).
    shows: bool,
    /// The style paints its value white (`[WHITE]`).
    white: bool,
}

/// The data style being read.
#[derive(Debug, Default)]
struct PendingData {
    name: String,
    kind: String,
    /// Hours run past 24 (`number:truncate-on-overflow="false"`).
    elapsed: bool,
    style: DataStyle,
    /// Inside `number:text` or `number:currency-symbol`: the text so far.
    text: Option<(bool, String)>,
}

/// The styles read so far.
#[derive(Debug, Default)]
pub(crate) struct Styles {
    cells: HashMap<String, CellStyle>,
    default_cell: CellStyle,
    hidden_tables: HashSet<String>,
    zero_rows: HashSet<String>,
    zero_columns: HashSet<String>,
    /// Table style -> master page (for headers and footers).
    table_master_page: HashMap<String, String>,
    /// Per style, for numbers (0) and for text (1).
    invisible_cache: [HashMap<String, bool>; 2],
    /// Column style -> width in points.
    column_widths: HashMap<String, f64>,
    /// Row style -> height in points, for rows a copy gives their height:
    /// a height of their own (not the optimal one), or a tall one.
    row_heights: HashMap<String, f64>,
    data_styles: HashMap<String, DataStyle>,
    look_cache: HashMap<String, Option<Arc<CellFormat>>>,
    /// Per style, its number format when a condition picks its section
    /// (`[<5]"<5";0`), analysed once.
    conditional_cache: HashMap<String, Option<FormatInfo>>,
    data: Option<PendingData>,
    /// The style being read: (family, name, is the default style).
    current: Option<(String, String, bool)>,
    pending: CellStyle,
}

impl Styles {
    /// The fixed text of every data style read (`"PC Hendry: "0` shows
    /// "PC Hendry: " in each cell that uses it), by style name, skipping
    /// separators and symbols.
    pub fn format_texts(&self) -> Vec<String> {
        let mut named: Vec<(&String, &DataStyle)> = self.data_styles.iter().collect();
        named.sort_by(|a, b| a.0.cmp(b.0));
        named
            .into_iter()
            .map(|(_, d)| crate::source::ooxml::styles::format_text(&d.code))
            .filter(|t| t.chars().any(char::is_alphanumeric))
            .collect()
    }

    /// An element inside `office:styles` or `office:automatic-styles`.
    pub fn start(&mut self, local: &str, e: &BytesStart<'_>) {
        match local {
            "style" | "default-style" => {
                let family = attr(e, "family").unwrap_or_default();
                let name = attr(e, "name").unwrap_or_default();
                self.pending = CellStyle {
                    parent: attr(e, "parent-style-name"),
                    data_style: attr(e, "data-style-name"),
                    ..CellStyle::default()
                };
                if family == "table"
                    && let Some(mp) = attr(e, "master-page-name")
                {
                    self.table_master_page.insert(name.clone(), mp);
                }
                self.current = Some((family, name, local == "default-style"));
            }
            "table-properties" => {
                if let Some((family, name, _)) = &self.current
                    && family == "table"
                    && attr(e, "display").as_deref() == Some("false")
                {
                    self.hidden_tables.insert(name.clone());
                }
            }
            "table-row-properties" => {
                let height = attr(e, "row-height").as_deref().and_then(length_pt);
                if let Some((_, name, _)) = &self.current
                    && let Some(h) = height
                {
                    let own = attr(e, "use-optimal-row-height").as_deref() == Some("false");
                    if h < MIN_VISIBLE_ROW_POINTS {
                        // Under two points no text shows: hidden in all but name.
                        self.zero_rows.insert(name.clone());
                    } else if (own || h > TALL_ROW_POINTS) && self.row_heights.len() < MAX_CACHE {
                        self.row_heights.insert(name.clone(), h);
                    }
                }
            }
            "table-column-properties" => {
                if let Some((_, name, _)) = &self.current
                    && let Some(w) = attr(e, "column-width").as_deref().and_then(length_pt)
                {
                    // Under half a character (7 points, as LibreOffice
                    // converts widths) no text shows.
                    if w / 7.0 < MIN_VISIBLE_COL_CHARS {
                        self.zero_columns.insert(name.clone());
                    } else if self.column_widths.len() < MAX_CACHE {
                        self.column_widths.insert(name.clone(), w);
                    }
                }
            }
            "table-cell-properties" => {
                if let Some(bg) = attr(e, "background-color") {
                    self.pending.background = Some(bg.trim().to_ascii_lowercase());
                }
                if let Some(w) = attr(e, "wrap-option") {
                    self.pending.wrap = Some(w.trim() == "wrap");
                }
                if let Some(v) = attr(e, "vertical-align") {
                    self.pending.vertical = Some(VAlign::parse(&v));
                }
            }
            "paragraph-properties" if self.data.is_none() => {
                if let Some(a) = attr(e, "text-align") {
                    self.pending.horizontal = Some(HAlign::parse(&a));
                }
            }
            "text-properties" if self.data.is_some() => {
                if let Some(d) = self.data.as_mut()
                    && let Some(c) = attr(e, "color")
                {
                    d.style.white =
                        rgb(&c.trim().to_ascii_lowercase()).is_some_and(|c| c.close_to(WHITE));
                }
            }
            "text-properties" => {
                if let Some(c) = attr(e, "color") {
                    self.pending.color = Some(c.trim().to_ascii_lowercase());
                }
                if attr(e, "use-window-font-color").as_deref() == Some("true") {
                    self.pending.window_color = true;
                }
                if let Some(pt) = attr(e, "font-size").as_deref().and_then(length_pt) {
                    self.pending.font_pt = Some(pt);
                }
                if let Some(w) = attr(e, "font-weight") {
                    let w = w.trim();
                    self.pending.bold =
                        Some(w == "bold" || w.parse::<u32>().is_ok_and(|n| n >= 600));
                }
                if let Some(i) = attr(e, "font-style") {
                    self.pending.italic = Some(matches!(i.trim(), "italic" | "oblique"));
                }
            }
            "number-style" | "currency-style" | "percentage-style" | "date-style"
            | "time-style" | "text-style" | "boolean-style" => {
                self.data = Some(PendingData {
                    name: attr(e, "name").unwrap_or_default(),
                    kind: local.to_string(),
                    elapsed: attr(e, "truncate-on-overflow").as_deref() == Some("false"),
                    ..PendingData::default()
                });
            }
            _ => {
                if let Some(d) = self.data.as_mut() {
                    data_element(d, local, e);
                }
            }
        }
    }

    /// Text inside the style sections (the literal text of a data style).
    pub fn text(&mut self, t: &str) {
        if let Some((_, buf)) = self.data.as_mut().and_then(|d| d.text.as_mut())
            && buf.len() < MAX_CODE
        {
            buf.push_str(t);
        }
    }

    /// The end of an element inside the style sections.
    pub fn end(&mut self, local: &str) {
        if let Some(d) = self.data.as_mut() {
            if local == d.kind {
                if let Some(mut d) = self.data.take()
                    && self.data_styles.len() < MAX_CACHE
                {
                    d.style.for_text = d.kind == "text-style";
                    self.data_styles.insert(d.name, d.style);
                    self.look_cache.clear();
                    self.conditional_cache.clear();
                    self.invisible_cache = Default::default();
                }
            } else if matches!(local, "text" | "currency-symbol")
                && let Some((currency, t)) = d.text.take()
            {
                d.style.shows |= !t.trim().is_empty();
                push_literal(&mut d.style.code, &t, currency);
            }
            return;
        }
        if local != "style" && local != "default-style" {
            return;
        }
        if let Some((family, name, is_default)) = self.current.take() {
            let style = std::mem::take(&mut self.pending);
            if family == "table-cell" {
                if is_default {
                    self.default_cell = style;
                } else {
                    self.cells.insert(name, style);
                }
                self.invisible_cache = Default::default();
                self.look_cache.clear();
                self.conditional_cache.clear();
            }
        }
    }

    pub fn table_hidden(&self, style: &str) -> bool {
        self.hidden_tables.contains(style)
    }
    pub fn row_zero(&self, style: &str) -> bool {
        self.zero_rows.contains(style)
    }
    /// The height in points a copy gives rows of this style, if any.
    pub fn row_height(&self, style: &str) -> Option<f64> {
        self.row_heights.get(style).copied()
    }
    pub fn column_zero(&self, style: &str) -> bool {
        self.zero_columns.contains(style)
    }
    pub fn master_page(&self, table_style: &str) -> Option<&str> {
        self.table_master_page.get(table_style).map(|s| s.as_str())
    }

    /// The width of a column style in characters, as LibreOffice converts
    /// it to and from Excel's: 7 points a character, padding included
    /// (its default column, 2.258 cm = 64 pt, is Excel's default 8.43
    /// characters). A copy of a LibreOffice file then has the widths
    /// LibreOffice shows (pixels at 96 dpi made them a third too wide).
    pub fn column_width_chars(&self, style: &str) -> Option<f64> {
        let pt = *self.column_widths.get(style)?;
        Some(crate::source::ooxml::sheet::width_to_chars(pt / 7.0))
    }

    /// How a cell of this style looks (bold, number format), or `None`
    /// for a plain cell. `None` as the style means the default cell style.
    pub fn cell_format(&mut self, style: Option<&str>) -> Option<Arc<CellFormat>> {
        let key = style.unwrap_or("");
        if let Some(f) = self.look_cache.get(key) {
            return f.clone();
        }
        let f = self.compute_look(key).map(Arc::new);
        if self.look_cache.len() < MAX_CACHE {
            self.look_cache.insert(key.to_string(), f.clone());
        }
        f
    }

    fn compute_look(&self, style: &str) -> Option<CellFormat> {
        let (mut bold, mut data) = (None, None);
        let (mut italic, mut wrap, mut horizontal, mut vertical, mut background) =
            (None, None, None, None, None);
        let mut name = Some(style.to_string());
        let mut seen = 0;
        while let Some(n) = name.take() {
            let Some(s) = self.cells.get(&n) else { break };
            bold = bold.or(s.bold);
            data = data.or_else(|| s.data_style.clone());
            italic = italic.or(s.italic);
            wrap = wrap.or(s.wrap);
            horizontal = horizontal.or(s.horizontal);
            vertical = vertical.or(s.vertical);
            background = background.or_else(|| s.background.clone());
            seen += 1;
            if seen >= MAX_PARENTS {
                break;
            }
            name = s.parent.clone();
        }
        let d = &self.default_cell;
        let bold = bold.or(d.bold).unwrap_or(false);
        let data = data.or_else(|| d.data_style.clone());
        let code = data.and_then(|n| self.format_code(&n));
        let look = CellFormat {
            bold,
            num_format: code,
            italic: italic.or(d.italic).unwrap_or(false),
            wrap: wrap.or(d.wrap).unwrap_or(false),
            align: Align {
                horizontal: horizontal.or(d.horizontal).unwrap_or_default(),
                vertical: vertical.or(d.vertical).unwrap_or_default(),
            },
            // As for xlsx: only a fill the copy's black text reads on.
            fill: background
                .or_else(|| d.background.clone())
                .as_deref()
                .and_then(rgb)
                .filter(|c| c.is_light() && !c.close_to(WHITE))
                .map(|c| u32::from_be_bytes([0, c.0, c.1, c.2])),
        };
        (!look.is_plain()).then_some(look)
    }

    /// Whether a cell of this style (`None`: the default cell style) shows
    /// the number `v` as fixed text chosen by a condition ("<5" over a 3).
    pub fn conditional_hides(&mut self, style: Option<&str>, v: f64) -> bool {
        let key = style.unwrap_or("");
        let info = match self.conditional_cache.get(key) {
            Some(i) => *i,
            None => {
                let i = self
                    .cell_format(style)
                    .and_then(|f| f.num_format.as_deref().map(analyze_format))
                    .filter(FormatInfo::has_conditions);
                if self.conditional_cache.len() < MAX_CACHE {
                    self.conditional_cache.insert(key.to_string(), i);
                }
                i
            }
        };
        info.is_some_and(|f| f.hides_number(v))
    }

    /// The number format code of a data style, its mapped styles first
    /// (`positive;negative`), or `None` for General.
    fn format_code(&self, name: &str) -> Option<String> {
        let ds = self.data_styles.get(name)?;
        let mut sections: Vec<String> = ds
            .maps
            .iter()
            .filter_map(|(m, cond)| self.data_styles.get(m).map(|d| format!("{cond}{}", d.code)))
            .take(3)
            .collect();
        if !ds.code.is_empty() {
            sections.push(ds.code.clone());
        }
        sections.retain(|c| !c.is_empty());
        let code = sections.join(";");
        (!code.trim().is_empty() && !code.trim().eq_ignore_ascii_case("general")).then_some(code)
    }

    /// True when a value in a cell of this style cannot be seen: the font
    /// colour is (within a few shades) the fill's (white on no fill
    /// counts), the font is 2pt or smaller, or the number format shows
    /// nothing for this kind of value (`text`: a text value) or paints it
    /// white on white.
    pub fn cell_invisible(&mut self, style: &str, text: bool) -> bool {
        let cache = &mut self.invisible_cache[usize::from(text)];
        if let Some(&b) = cache.get(style) {
            return b;
        }
        let b = self.compute_invisible(style, text);
        let cache = &mut self.invisible_cache[usize::from(text)];
        if cache.len() < 100_000 {
            cache.insert(style.to_string(), b);
        }
        b
    }

    fn compute_invisible(&self, style: &str, text: bool) -> bool {
        let (mut color, mut window, mut bg, mut pt) = (None, false, None, None);
        let mut data = None;
        let mut name = Some(style.to_string());
        let mut seen = 0;
        while let Some(n) = name.take() {
            let Some(s) = self.cells.get(&n) else { break };
            if color.is_none() && !window {
                if s.window_color {
                    window = true;
                } else {
                    color = s.color.clone();
                }
            }
            bg = bg.or_else(|| s.background.clone());
            pt = pt.or(s.font_pt);
            data = data.or_else(|| s.data_style.clone());
            seen += 1;
            if seen >= MAX_PARENTS {
                break;
            }
            name = s.parent.clone();
        }
        let d = &self.default_cell;
        if color.is_none() && !window {
            window = d.window_color;
            color = d.color.clone();
        }
        let bg = bg.or_else(|| d.background.clone());
        let pt = pt.or(d.font_pt);
        let data = data.or_else(|| d.data_style.clone());
        if pt.is_some_and(|p| p <= TINY_FONT_PT) {
            return true;
        }
        let fg = if window {
            Some(BLACK)
        } else {
            color.as_deref().map_or(Some(BLACK), rgb)
        };
        let fill = match bg.as_deref() {
            None | Some("transparent") => Some(WHITE),
            Some(b) => rgb(b),
        };
        if let (Some(f), Some(b)) = (fg, fill)
            && f.unreadable_on(b)
        {
            return true;
        }
        let white_bg = fill.is_some_and(|b| b.close_to(WHITE));
        data.is_some_and(|n| self.format_hides(&n, text, white_bg))
    }

    /// Whether a data style shows nothing for a value of this kind: every
    /// section for it (the style and the styles it maps to) is empty, or
    /// white on a white background. A number style without a text section
    /// shows text as it is.
    fn format_hides(&self, name: &str, text: bool, white_bg: bool) -> bool {
        let Some(ds) = self.data_styles.get(name) else {
            return false;
        };
        let mut sections = std::iter::once(ds)
            .chain(ds.maps.iter().filter_map(|(m, _)| self.data_styles.get(m)))
            .filter(|d| d.for_text == text)
            .peekable();
        sections.peek().is_some() && sections.all(|d| !d.shows || (d.white && white_bg))
    }
}

/// One element inside a data style, added to its number format code.
fn data_element(d: &mut PendingData, local: &str, e: &BytesStart<'_>) {
    // Every element but a literal (its text decides) and a map shows
    // something: the value (number, date part, boolean, text-content...).
    if !matches!(local, "text" | "currency-symbol" | "map") {
        d.style.shows = true;
    }
    let long = attr(e, "style").as_deref() == Some("long");
    let num = |k: &str, default: usize| {
        attr(e, k)
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(default)
            .min(30)
    };
    let piece: String = match local {
        "number" => {
            let ints = num("min-integer-digits", 1);
            let mut s = if attr(e, "grouping").as_deref() == Some("true") {
                format!("#,##{}", "0".repeat(ints.max(1)))
            } else if ints == 0 {
                "#".to_string()
            } else {
                "0".repeat(ints)
            };
            let decimals = num("decimal-places", 0);
            if decimals > 0 {
                s.push('.');
                s.push_str(&"0".repeat(decimals));
            }
            s
        }
        "scientific-number" => {
            let decimals = num("decimal-places", 2);
            let mut s = "0".to_string();
            if decimals > 0 {
                s.push('.');
                s.push_str(&"0".repeat(decimals));
            }
            s.push_str("E+");
            s.push_str(&"0".repeat(num("min-exponent-digits", 2).max(1)));
            s
        }
        "fraction" => {
            let n = num("min-denominator-digits", 1).max(1);
            format!("# {}/{}", "?".repeat(n), "?".repeat(n))
        }
        "day" => if long { "dd" } else { "d" }.into(),
        "month" => match (attr(e, "textual").as_deref() == Some("true"), long) {
            (true, true) => "mmmm",
            (true, false) => "mmm",
            (false, true) => "mm",
            (false, false) => "m",
        }
        .into(),
        "year" => if long { "yyyy" } else { "yy" }.into(),
        "day-of-week" => if long { "dddd" } else { "ddd" }.into(),
        "hours" => {
            let h = if long { "hh" } else { "h" };
            if d.elapsed && d.kind == "time-style" {
                format!("[{h}]")
            } else {
                h.into()
            }
        }
        "minutes" => if long { "mm" } else { "m" }.into(),
        "seconds" => {
            let mut s = String::from(if long { "ss" } else { "s" });
            let decimals = num("decimal-places", 0);
            if decimals > 0 {
                s.push('.');
                s.push_str(&"0".repeat(decimals));
            }
            s
        }
        "am-pm" => "AM/PM".into(),
        "text-content" => "@".into(),
        "text" => {
            d.text = Some((false, String::new()));
            return;
        }
        "currency-symbol" => {
            d.text = Some((true, String::new()));
            return;
        }
        "map" => {
            if let Some(m) = attr(e, "apply-style-name")
                && d.style.maps.len() < 3
            {
                let condition = attr(e, "condition")
                    .as_deref()
                    .map(excel_condition)
                    .unwrap_or_default();
                d.style.maps.push((m, condition));
            }
            return;
        }
        _ => return,
    };
    if d.style.code.len() + piece.len() <= MAX_CODE {
        d.style.code.push_str(&piece);
    }
}

/// Literal text of a data style in a number format code: `%` and simple
/// separators as they are, anything else quoted.
/// An ODF map condition (`value()<5`) as an Excel section condition
/// (`[<5]`); empty for a condition on the sign alone (`value()>=0`,
/// `value()>0`, `value()<0`), which the sections' order already says, and
/// for one this does not read.
fn excel_condition(condition: &str) -> String {
    let Some(rest) = condition.trim().strip_prefix("value()") else {
        return String::new();
    };
    let rest: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = rest.replace("!=", "<>");
    match rest.as_str() {
        ">=0" | ">0" | "<0" => String::new(),
        r if crate::source::ooxml::styles::Condition::parse(r).is_some() => format!("[{r}]"),
        _ => String::new(),
    }
}

fn push_literal(code: &mut String, text: &str, currency: bool) {
    if text.is_empty() || code.len() + text.len() + 2 > MAX_CODE {
        return;
    }
    let plain = !currency
        && text
            .chars()
            .all(|c| matches!(c, ' ' | '-' | '/' | ':' | '(' | ')' | '%' | '.' | ','));
    if plain {
        code.push_str(text);
    } else if !text.contains('"') {
        code.push('"');
        code.push_str(text);
        code.push('"');
    } else {
        for c in text.chars() {
            code.push('\\');
            code.push(c);
        }
    }
}

/// An ODF length (`2pt`, `0.07cm`, `1in`, `0`) in points; `None` for
/// percentages and anything unparsable.
pub(crate) fn length_pt(s: &str) -> Option<f64> {
    let s = s.trim();
    let split = s
        .find(|c: char| c.is_ascii_alphabetic() || c == '%')
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let v: f64 = num.trim().parse().ok()?;
    let factor = match unit.trim() {
        "pt" => 1.0,
        "" if v == 0.0 => 1.0,
        "cm" => 72.0 / 2.54,
        "mm" => 72.0 / 25.4,
        "in" | "inch" => 72.0,
        "pc" => 12.0,
        "px" => 0.75,
        _ => return None,
    };
    let pt = v * factor;
    pt.is_finite().then_some(pt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(xml: &str) -> BytesStart<'static> {
        let mut r = quick_xml::Reader::from_str(xml);
        match r.read_event().unwrap() {
            quick_xml::events::Event::Empty(e) | quick_xml::events::Event::Start(e) => {
                e.into_owned()
            }
            other => panic!("{other:?}"),
        }
    }

    fn style(s: &mut Styles, head: &str, props: &[&str]) {
        let e = el(head);
        let local = if head.starts_with("<style:default-style") {
            "default-style"
        } else {
            "style"
        };
        s.start(local, &e);
        for p in props {
            let pe = el(p);
            let l = pe.local_name().into_inner().to_string();
            s.start(&l, &pe);
        }
        s.end(local);
    }

    #[test]
    fn lengths() {
        assert_eq!(length_pt("2pt"), Some(2.0));
        assert!((length_pt("2.54cm").unwrap() - 72.0).abs() < 1e-9);
        assert_eq!(length_pt("0"), Some(0.0));
        assert_eq!(length_pt("150%"), None);
    }

    #[test]
    fn invisible_styles() {
        let mut s = Styles::default();
        style(
            &mut s,
            r#"<style:style style:name="white" style:family="table-cell"/>"#,
            &[r##"<style:text-properties fo:color="#FFFFFF"/>"##],
        );
        style(
            &mut s,
            r#"<style:style style:name="child" style:family="table-cell" style:parent-style-name="white"/>"#,
            &[],
        );
        style(
            &mut s,
            r#"<style:style style:name="onblack" style:family="table-cell" style:parent-style-name="white"/>"#,
            &[r##"<style:table-cell-properties fo:background-color="#000000"/>"##],
        );
        style(
            &mut s,
            r#"<style:style style:name="tiny" style:family="table-cell"/>"#,
            &[r#"<style:text-properties fo:font-size="1pt"/>"#],
        );
        style(
            &mut s,
            r#"<style:style style:name="plain" style:family="table-cell"/>"#,
            &[r#"<style:text-properties fo:font-size="10pt"/>"#],
        );
        style(
            &mut s,
            r#"<style:style style:name="ta2" style:family="table"/>"#,
            &[r#"<style:table-properties table:display="false"/>"#],
        );
        assert!(s.cell_invisible("white", true));
        assert!(s.cell_invisible("child", true));
        assert!(!s.cell_invisible("onblack", true));
        assert!(s.cell_invisible("tiny", true));
        assert!(!s.cell_invisible("plain", true));
        assert!(!s.cell_invisible("missing", true));
        assert!(s.table_hidden("ta2"));
        // A default style with white text makes unstyled cells invisible.
        style(
            &mut s,
            r#"<style:default-style style:family="table-cell"/>"#,
            &[r##"<style:text-properties fo:color="#ffffff"/>"##],
        );
        assert!(s.cell_invisible("missing", true));
    }
}
