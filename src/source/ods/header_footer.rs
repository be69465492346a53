//! `styles.xml`: the page headers and footers (text shown only when a sheet
//! is printed), read together with the named and default cell styles.
use std::io::BufRead;

use super::PART_STYLES;
use super::content::ContentInfo;
use super::styles::Styles;
use super::xml_walk::{Ev, walk};
use crate::finding::Kind;
use crate::model::{Feature, Location, TextPlace, Visitor};
use crate::numbers::thousands;
use crate::source::xml::attr;
use crate::source::{Limits, Result, SourceError};

/// A page header or footer with text.
#[derive(Debug)]
pub(super) struct PageText {
    master_page: String,
    /// `header` or `footer`.
    which: &'static str,
    /// Text typed by a person (fields such as the page number left out).
    literal: String,
    /// All text, fields included.
    all: String,
    /// It holds a field (page number, sheet name, date...).
    has_field: bool,
}

/// `styles.xml`: named and default cell styles, and the text of page
/// headers and footers.
pub(super) fn read_styles(
    r: &mut dyn BufRead,
    styles: &mut Styles,
    limits: &Limits,
) -> Result<Vec<PageText>> {
    let mut pages: Vec<PageText> = Vec::new();
    let mut style_depth: Option<usize> = None;
    let mut depth = 0usize;
    let mut master: Option<String> = None;
    // The header/footer being read: (depth, which).
    let mut hf: Option<(usize, &'static str)> = None;
    let mut field_depth: Option<usize> = None;
    let mut has_field = false;
    let mut in_p = 0usize;
    let (mut literal, mut all) = (String::new(), String::new());
    walk(r, PART_STYLES, limits, |ev| {
        match ev {
            Ev::Start(local, e) => {
                depth += 1;
                if style_depth.is_some() {
                    styles.start(local, e);
                    return Ok(());
                }
                match local {
                    "styles" | "automatic-styles" => style_depth = Some(depth),
                    "master-page" => master = attr(e, "name"),
                    "header" | "header-left" | "header-first" if hf.is_none() => {
                        hf = Some((depth, "header"))
                    }
                    "footer" | "footer-left" | "footer-first" if hf.is_none() => {
                        hf = Some((depth, "footer"))
                    }
                    "p" | "h" if hf.is_some() => {
                        in_p += 1;
                        if !all.is_empty() {
                            all.push('\n');
                            literal.push('\n');
                        }
                    }
                    "sheet-name" | "page-number" | "page-count" | "date" | "time" | "title"
                    | "page-continuation"
                        if hf.is_some() && field_depth.is_none() =>
                    {
                        field_depth = Some(depth);
                        has_field = true;
                    }
                    "s" | "tab" | "line-break" if hf.is_some() => {
                        all.push(' ');
                        literal.push(' ');
                    }
                    _ => {}
                }
            }
            Ev::End(local) => {
                if let Some(d) = style_depth {
                    if d == depth {
                        style_depth = None;
                    } else {
                        styles.end(local);
                    }
                } else {
                    if field_depth == Some(depth) {
                        field_depth = None;
                    }
                    match local {
                        "p" | "h" => in_p = in_p.saturating_sub(1),
                        "master-page" => master = None,
                        _ => {}
                    }
                    if let Some((d, which)) = hf
                        && d == depth
                    {
                        hf = None;
                        if !all.trim().is_empty() {
                            pages.push(PageText {
                                master_page: master.clone().unwrap_or_default(),
                                which,
                                literal: std::mem::take(&mut literal).trim().to_string(),
                                all: std::mem::take(&mut all).trim().to_string(),
                                has_field,
                            });
                        }
                        has_field = false;
                        literal.clear();
                        all.clear();
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Ev::Text(t) => {
                if style_depth.is_some() {
                    styles.text(t);
                }
                if hf.is_some() && in_p > 0 {
                    all.push_str(t);
                    if field_depth.is_none() {
                        literal.push_str(t);
                    }
                    if all.len() > limits.max_xml_text_bytes {
                        return Err(SourceError::Limit(format!(
                            "a header or footer in {PART_STYLES} is longer than {} bytes",
                            thousands(limits.max_xml_text_bytes as u64)
                        )));
                    }
                }
            }
        }
        Ok(())
    })?;
    Ok(pages)
}

/// True when header/footer text is only boilerplate: "Page 1 of 3", or one
/// word next to a field (LibreOffice's default footer "Page <number>" in any
/// language, e.g. "Oldal", "Страница", "页").
fn boilerplate(text: &str, has_field: bool) -> bool {
    const WORDS: [&str; 24] = [
        "page",
        "pages",
        "of",
        "sheet",
        "sheets",
        "seite",
        "von",
        "p",
        "pg",
        "de",
        "página",
        "pagina",
        "strona",
        "z",
        "sida",
        "av",
        "side",
        "af",
        "blad",
        "van",
        "sivu",
        "folha",
        "страница",
        "из",
    ];
    let other = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_numeric()))
        .filter(|w| !WORDS.contains(&w.to_lowercase().as_str()))
        .count();
    other == 0 || (has_field && other == 1)
}

pub(super) fn report_headers(
    pages: &[PageText],
    styles: &Styles,
    info: &ContentInfo,
    visitor: &dyn Visitor,
) {
    for p in pages {
        let sheet = info
            .sheet_styles
            .iter()
            .find(|(_, style)| styles.master_page(style) == Some(p.master_page.as_str()))
            .map(|(s, _)| s.clone());
        let mut loc = Location::part(PART_STYLES);
        loc.sheet = sheet;
        visitor.text(
            TextPlace {
                kind: Kind::HeaderFooter,
                location: &loc,
                field: Some(p.which),
                hidden: true,
            },
            &p.all,
        );
        if !boilerplate(&p.literal, p.has_field) {
            visitor.feature(
                Feature::new(
                    Kind::HeaderFooter,
                    loc,
                    format!(
                        "The page {} holds text that appears when the sheet is printed.",
                        p.which
                    ),
                )
                .sample(p.literal.clone()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boilerplate_headers() {
        assert!(
            boilerplate("Page 1 of 3", true)
                && boilerplate("Oldal  /", true)
                && boilerplate("页", true)
        );
        assert!(!boilerplate("Prepared by Jane", true) && !boilerplate("CONFIDENTIAL", false));
    }
}
