//! What the xls source tells the visitor about places outside the cell
//! grid: defined names, external links and the last saver from the
//! globals; notes, text boxes, headers and footers, hyperlinks, chart
//! caches and pictures from each sheet.

use super::globals::Globals;
use super::names::is_constant_rgce;
use super::sheet_scan::SheetScan;
use crate::finding::Kind;
use crate::model::{Feature, Location, TextPlace, Visitor, a1};
use crate::numbers::count;
use crate::source::Context;
use crate::source::link_target::is_local_path;

pub(super) fn report_sheet_features(s: &SheetScan, base: &Location, visitor: &dyn Visitor) {
    for n in &s.notes {
        let loc = base.clone().with_cell(a1(n.row as u32, n.col as u32));
        let mut f = Feature::new(
            Kind::Comment,
            loc.clone(),
            if n.author.is_empty() {
                "A note (comment) is attached to this cell.".to_string()
            } else {
                "A note (comment) is attached to this cell; it records its author's name."
                    .to_string()
            },
        );
        if !n.author.is_empty() {
            f = f.sample(n.author.clone());
        }
        visitor.feature(f);
        if !n.author.is_empty() {
            visitor.text(
                TextPlace {
                    kind: Kind::Comment,
                    location: &loc,
                    field: Some("author"),
                    hidden: true,
                },
                &n.author,
            );
        }
        if !n.text.is_empty() {
            visitor.text(
                TextPlace {
                    kind: Kind::Comment,
                    location: &loc,
                    field: None,
                    hidden: !n.shown,
                },
                &n.text,
            );
        }
    }
    if !s.textboxes.is_empty() {
        visitor.feature(
            Feature::new(
                Kind::DrawingText,
                base.clone(),
                format!(
                    "{} on this sheet {} text.",
                    count(
                        s.textboxes.len() as u64,
                        "text box or shape",
                        "text boxes or shapes"
                    ),
                    if s.textboxes.len() == 1 {
                        "holds"
                    } else {
                        "hold"
                    }
                ),
            )
            .count(s.textboxes.len() as u64),
        );
        for t in &s.textboxes {
            visitor.text(
                TextPlace {
                    kind: Kind::DrawingText,
                    location: base,
                    field: None,
                    hidden: false,
                },
                t,
            );
        }
    }
    if !s.header_footer.is_empty() {
        visitor.feature(
            Feature::new(
                Kind::HeaderFooter,
                base.clone(),
                "The printed page header or footer of this sheet holds text.",
            )
            .count(s.header_footer.len() as u64),
        );
        for (field, t) in &s.header_footer {
            visitor.text(
                TextPlace {
                    kind: Kind::HeaderFooter,
                    location: base,
                    field: Some(field),
                    hidden: true,
                },
                t,
            );
        }
    }
    for l in &s.links {
        let loc = base.clone().with_cell(a1(l.row as u32, l.col as u32));
        let variant = if l.local {
            "local_path"
        } else if l.target.is_none() && l.location.is_some() {
            "internal"
        } else {
            "web"
        };
        let msg = match variant {
            "local_path" => {
                "A hyperlink points at a file path, which can reveal user or folder names."
            }
            "internal" => "A hyperlink points at a place inside the workbook.",
            _ => "A hyperlink points at a web address.",
        };
        let mut f = Feature::new(Kind::Hyperlink, loc.clone(), msg).variant(variant);
        if let Some(t) = l
            .target
            .as_ref()
            .or(l.location.as_ref())
            .or(l.other.first())
        {
            f = f.sample(t.clone());
        }
        visitor.feature(f);
        let fields: [(&str, Option<&String>); 4] = [
            ("target", l.target.as_ref()),
            ("location", l.location.as_ref()),
            ("display", l.display.as_ref()),
            ("tooltip", l.tooltip.as_ref()),
        ];
        for (field, v) in fields {
            if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
                visitor.text(
                    TextPlace {
                        kind: Kind::Hyperlink,
                        location: &loc,
                        field: Some(field),
                        hidden: field != "display",
                    },
                    v,
                );
            }
        }
        for v in &l.other {
            visitor.text(
                TextPlace {
                    kind: Kind::Hyperlink,
                    location: &loc,
                    field: None,
                    hidden: true,
                },
                v,
            );
        }
    }
    if s.chart_values > 0 || !s.chart_text.is_empty() {
        visitor.feature(
            Feature::new(
                Kind::ChartCache,
                base.clone(),
                "A chart keeps its own copy of the values and labels it plots.",
            )
            .count(s.chart_values.max(s.chart_text.len() as u64)),
        );
        for t in &s.chart_text {
            visitor.text(
                TextPlace {
                    kind: Kind::ChartCache,
                    location: base,
                    field: None,
                    hidden: true,
                },
                t,
            );
        }
    }
    if s.pictures > 0 {
        visitor.feature(
            Feature::new(
                Kind::Image,
                base.clone(),
                format!(
                    "{} {} on this sheet.",
                    count(
                        s.pictures,
                        "picture or embedded object",
                        "pictures or embedded objects"
                    ),
                    if s.pictures == 1 { "sits" } else { "sit" }
                ),
            )
            .count(s.pictures),
        );
    }
}

/// Report the globals' hiding places: defined names, external links and
/// the last saver's user name.
pub fn report_globals(g: &Globals, part: &str, ctx: &Context, visitor: &dyn Visitor) {
    let base = Location {
        embedded: ctx.embedded.clone(),
        part: Some(part.to_string()),
        ..Default::default()
    };
    for n in &g.names {
        let mut loc = base.clone();
        if n.itab > 0
            && let Some(s) = g.sheets.get(n.itab as usize - 1)
        {
            loc.sheet = Some(s.name.clone());
        }
        let constant = is_constant_rgce(&n.rgce);
        let variant = if n.builtin {
            "builtin"
        } else if crate::source::is_excel_function_placeholder(&n.name, n.formula.as_deref()) {
            "excel_function"
        } else if n.hidden {
            "hidden"
        } else if constant {
            "constant"
        } else {
            "range"
        };
        let msg = match variant {
            "builtin" => "A built-in defined name (print area, filter range or similar).",
            "excel_function" => {
                "Excel's own placeholder for a newer worksheet function, not a name anyone defined."
            }
            "hidden" => "A hidden defined name: it does not show in the Name Manager.",
            "constant" => "A defined name holds a value of its own rather than pointing at cells.",
            _ => "A defined name points at a range of cells.",
        };
        let mut f = Feature::new(Kind::DefinedName, loc.clone(), msg).variant(variant);
        f = f.sample(match &n.formula {
            Some(x) => format!("{} = {x}", n.name),
            None => n.name.clone(),
        });
        visitor.feature(f);
        if let Some(x) = &n.formula {
            visitor.defined_name(&loc, &n.name, x);
            visitor.text(
                TextPlace {
                    kind: Kind::DefinedName,
                    location: &loc,
                    field: Some("definedName"),
                    hidden: true,
                },
                x,
            );
        }
    }
    for e in &g.externals {
        let f = Feature::new(
            Kind::ExternalLink,
            base.clone(),
            if e.cached_values == 0 {
                "The workbook links to another file: it keeps no values copied from it, only its path."
                    .to_string()
            } else {
                format!(
                    "The workbook links to another file and keeps {} from it.",
                    count(e.cached_values, "cached value", "cached values")
                )
            },
        )
        .variant(if e.cached_values == 0 {
            // With no cached value the link reveals only where the file is.
            "no_values"
        } else if is_local_path(&e.path) {
            "local_path"
        } else {
            "web"
        })
        .count(e.cached_values.max(1))
        .sample(e.path.clone());
        visitor.feature(f);
        let place = |field| TextPlace {
            kind: Kind::ExternalLink,
            location: &base,
            field,
            hidden: true,
        };
        visitor.text(place(Some("target")), &e.path);
        for t in &e.cached_text {
            visitor.text(place(None), t);
        }
    }
    // Text a number format shows in every cell that uses it is visible.
    if !g.format_texts.is_empty() {
        visitor.text(
            TextPlace {
                kind: Kind::DocumentProperties,
                location: &base,
                field: Some("number format"),
                hidden: false,
            },
            &g.format_texts.join("\n"),
        );
    }
    // LibreOffice writes its own name ("Calc") when it knows no user; a
    // team's login ("FOI Unit") is no person either.
    if let Some(w) = g
        .write_access
        .as_ref()
        .filter(|w| crate::detect::content::may_name_someone(w))
    {
        visitor.feature(
            Feature::new(
                Kind::DocumentProperties,
                base.clone(),
                "The workbook records the user name of whoever last saved it.",
            )
            .variant("person")
            .sample(w.clone()),
        );
        visitor.text(
            TextPlace {
                kind: Kind::DocumentProperties,
                location: &base,
                field: Some("lastSavedBy"),
                hidden: true,
            },
            w,
        );
    }
}

/// Report a sheet's drop-down validation lists as the OOXML reader does:
/// an explicit list's items are visible text, a list taken from cells
/// (another sheet, a name) is a hidden source, and one feature per kind.
pub(super) fn report_validations(
    s: &SheetScan,
    fctx: &super::formula::Ctx<'_>,
    g: &Globals,
    base: &Location,
    visitor: &dyn Visitor,
) {
    let mut aggs = crate::source::sheet_tally::SheetTally::default();
    for v in &s.validations {
        let Some(f) = super::formula::decompile(&v.rgce, fctx, Some((v.row as u32, v.col as u32)))
        else {
            continue;
        };
        let cell = a1(v.row as u32, v.col as u32);
        let loc = base.clone().with_cell(cell.clone());
        let hidden_source =
            crate::source::ooxml::workbook::sheet_refs(&f)
                .iter()
                .any(|(sheet, _)| {
                    g.sheets
                        .iter()
                        .any(|b| b.hs_state != 0 && b.name.eq_ignore_ascii_case(sheet))
                });
        let (text, field, hidden) = match f.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            // Items are separated by NUL characters in the string token.
            Some(list) => (list.replace("\"\"", "\"").replace('\0', ","), "list", false),
            None => (f.clone(), "source", true),
        };
        visitor.text(
            TextPlace {
                kind: Kind::DataValidation,
                location: &loc,
                field: Some(field),
                hidden,
            },
            &text,
        );
        let variant = if hidden_source {
            "hidden_source"
        } else {
            "list"
        };
        aggs.add(Kind::DataValidation, variant, cell, &text);
    }
    aggs.report(base, visitor);
}
