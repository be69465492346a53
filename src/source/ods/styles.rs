//! ODF styles, as far as they hide things: tables whose style says
//! `table:display="false"`, rows and columns of zero size, and cell styles
//! whose text cannot be seen (font colour equal to the fill, or a font of
//! 2pt or less). Styles come from `styles.xml` (named and default styles)
//! and from the automatic styles of `content.xml`.
use std::collections::{HashMap, HashSet};

use quick_xml::events::BytesStart;

use crate::source::xml::attr;

/// Fonts this small (in points) or smaller cannot be read.
const TINY_FONT_PT: f64 = 2.0;
/// How many parent styles are followed before giving up (a loop).
const MAX_PARENTS: usize = 32;

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
    invisible_cache: HashMap<String, bool>,
    /// The style being read: (family, name, is the default style).
    current: Option<(String, String, bool)>,
    pending: CellStyle,
}

impl Styles {
    /// An element inside `office:styles` or `office:automatic-styles`.
    pub fn start(&mut self, local: &str, e: &BytesStart<'_>) {
        match local {
            "style" | "default-style" => {
                let family = attr(e, "family").unwrap_or_default();
                let name = attr(e, "name").unwrap_or_default();
                self.pending = CellStyle {
                    parent: attr(e, "parent-style-name"),
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
                if let Some((_, name, _)) = &self.current
                    && attr(e, "row-height")
                        .as_deref()
                        .and_then(length_pt)
                        .is_some_and(|h| h <= 0.0)
                {
                    self.zero_rows.insert(name.clone());
                }
            }
            "table-column-properties" => {
                if let Some((_, name, _)) = &self.current
                    && attr(e, "column-width")
                        .as_deref()
                        .and_then(length_pt)
                        .is_some_and(|w| w <= 0.0)
                {
                    self.zero_columns.insert(name.clone());
                }
            }
            "table-cell-properties" => {
                if let Some(bg) = attr(e, "background-color") {
                    self.pending.background = Some(bg.trim().to_ascii_lowercase());
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
            }
            _ => {}
        }
    }

    /// The end of an element inside the style sections.
    pub fn end(&mut self, local: &str) {
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
                self.invisible_cache.clear();
            }
        }
    }

    pub fn table_hidden(&self, style: &str) -> bool {
        self.hidden_tables.contains(style)
    }
    pub fn row_zero(&self, style: &str) -> bool {
        self.zero_rows.contains(style)
    }
    pub fn column_zero(&self, style: &str) -> bool {
        self.zero_columns.contains(style)
    }
    pub fn master_page(&self, table_style: &str) -> Option<&str> {
        self.table_master_page.get(table_style).map(|s| s.as_str())
    }

    /// True when text in a cell of this style cannot be seen: the font
    /// colour equals the fill (white on no fill counts), or the font is 2pt
    /// or smaller.
    pub fn cell_invisible(&mut self, style: &str) -> bool {
        if let Some(&b) = self.invisible_cache.get(style) {
            return b;
        }
        let b = self.compute_invisible(style);
        if self.invisible_cache.len() < 100_000 {
            self.invisible_cache.insert(style.to_string(), b);
        }
        b
    }

    fn compute_invisible(&self, style: &str) -> bool {
        let (mut color, mut window, mut bg, mut pt) = (None, false, None, None);
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
        if pt.is_some_and(|p| p <= TINY_FONT_PT) {
            return true;
        }
        let fg = if window {
            "#000000".to_string()
        } else {
            color.unwrap_or_else(|| "#000000".into())
        };
        let fill = match bg.as_deref() {
            None | Some("transparent") => "#ffffff".to_string(),
            Some(b) => b.to_string(),
        };
        fg == fill
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
        assert!(s.cell_invisible("white"));
        assert!(s.cell_invisible("child"));
        assert!(!s.cell_invisible("onblack"));
        assert!(s.cell_invisible("tiny"));
        assert!(!s.cell_invisible("plain"));
        assert!(!s.cell_invisible("missing"));
        assert!(s.table_hidden("ta2"));
        // A default style with white text makes unstyled cells invisible.
        style(
            &mut s,
            r#"<style:default-style style:family="table-cell"/>"#,
            &[r##"<style:text-properties fo:color="#ffffff"/>"##],
        );
        assert!(s.cell_invisible("missing"));
    }
}
