//! The sheets of a workbook as parts of the package: the sheets
//! `workbook.xml` lists (and sheet parts only a relationship reaches, which
//! no tab shows), the kind of each (worksheet, chart, dialog or macro
//! sheet), and reading each sheet part with its hidden-sheet feature.

use std::collections::HashSet;
use std::sync::atomic::AtomicU64;

use super::opc::{ContentTypes, PartIndex, Relationship};
use super::shared_strings::SharedStrings;
use super::styles::Styles;
use super::workbook::{Refs, Workbook};
use super::{Node, as_utf8, located, report_external_rels, sheet};
use crate::finding::Kind;
use crate::model::{Feature, Location, SheetInfo, SheetKind, SheetLayout, SheetState, Visitor};
use crate::numbers::thousands;
use crate::source::merged::MergedCells;
use crate::source::zip::ZipPackage;
use crate::source::{Context, Result, SourceError};

/// A sheet listed by the workbook (or reached without being listed).
pub(super) struct SheetEntry {
    pub(super) info: SheetInfo,
    pub(super) part: String,
    /// Not in `<sheets>`: a sheet part only a relationship points to.
    pub(super) unlisted: bool,
    /// A worksheet part nothing points to (no tab, no relationship): left
    /// behind in the package, read as a hidden sheet.
    pub(super) orphan: bool,
}

/// The sheets the workbook lists, in order, then the sheet parts a
/// workbook relationship reaches that it does not list, then worksheet
/// parts nothing reaches (by content type, or by a `worksheets/` path).
pub(super) fn list_sheets(
    wb: &Workbook,
    wb_name: &str,
    wb_rels: &[Relationship],
    index: &PartIndex,
    package: (&ContentTypes, &[String]),
) -> Result<Vec<SheetEntry>> {
    let mut sheets: Vec<SheetEntry> = Vec::new();
    for (i, ws) in wb.sheets.iter().enumerate() {
        let rel = wb_rels
            .iter()
            .find(|r| r.id == ws.rid && !r.external)
            .ok_or_else(|| {
                SourceError::Corrupt(format!(
                    "sheet {:?} names relationship {:?}, which {wb_name} does not have",
                    ws.name, ws.rid
                ))
            })?;
        let part = index.find(&rel.target).ok_or_else(|| {
            SourceError::Corrupt(format!(
                "the part {} of sheet {:?} is missing",
                rel.target, ws.name
            ))
        })?;
        sheets.push(SheetEntry {
            info: SheetInfo {
                index: i,
                name: ws.name.clone(),
                state: ws.state,
                kind: sheet_kind(rel),
                part: Some(part.to_string()),
                embedded: Vec::new(),
            },
            part: part.to_string(),
            unlisted: false,
            orphan: false,
        });
    }
    let listed: HashSet<String> = sheets.iter().map(|s| s.part.clone()).collect();
    for rel in wb_rels.iter().filter(|r| !r.external && is_sheet_rel(r)) {
        let Some(part) = index.find(&rel.target) else {
            continue;
        };
        if listed.contains(part) || sheets.iter().any(|s| s.part == part) {
            continue;
        }
        let stem = part.rsplit('/').next().unwrap_or(part);
        let stem = stem.strip_suffix(".xml").unwrap_or(stem);
        sheets.push(SheetEntry {
            info: SheetInfo {
                index: sheets.len(),
                name: format!("[unlisted] {stem}"),
                state: SheetState::VeryHidden,
                kind: sheet_kind(rel),
                part: Some(part.to_string()),
                embedded: Vec::new(),
            },
            part: part.to_string(),
            unlisted: true,
            orphan: false,
        });
    }
    let (ct, names) = package;
    let targets: HashSet<&str> = wb_rels
        .iter()
        .filter(|r| !r.external)
        .filter_map(|r| index.find(&r.target))
        .collect();
    for name in names {
        let worksheet = match ct.get(name) {
            Some(t) => t.ends_with("spreadsheetml.worksheet+xml"),
            None => false,
        } || {
            let lower = name.to_ascii_lowercase();
            lower.starts_with("xl/worksheets/")
                && lower.ends_with(".xml")
                && !lower[14..].contains('/')
        };
        if !worksheet || targets.contains(name.as_str()) || sheets.iter().any(|s| s.part == *name) {
            continue;
        }
        let stem = name.rsplit('/').next().unwrap_or(name);
        let stem = stem.strip_suffix(".xml").unwrap_or(stem);
        sheets.push(SheetEntry {
            info: SheetInfo {
                index: sheets.len(),
                name: format!("[orphan] {stem}"),
                state: SheetState::VeryHidden,
                kind: SheetKind::Worksheet,
                part: Some(name.clone()),
                embedded: Vec::new(),
            },
            part: name.clone(),
            unlisted: true,
            orphan: true,
        });
    }
    Ok(sheets)
}

fn sheet_kind(rel: &Relationship) -> SheetKind {
    if rel.is("chartsheet") {
        SheetKind::Chartsheet
    } else if rel.is("dialogsheet") {
        SheetKind::Dialogsheet
    } else if rel.is("xlMacrosheet") || rel.is("xlIntlMacrosheet") || rel.is("macrosheet") {
        SheetKind::Macrosheet
    } else {
        SheetKind::Worksheet
    }
}

fn is_sheet_rel(rel: &Relationship) -> bool {
    [
        "worksheet",
        "chartsheet",
        "dialogsheet",
        "xlMacrosheet",
        "xlIntlMacrosheet",
        "macrosheet",
    ]
    .iter()
    .any(|k| rel.is(k))
}

/// Read one sheet part and report its sheet-level features.
#[allow(clippy::too_many_arguments)]
pub(super) fn read_one_sheet(
    zip: &ZipPackage<'_>,
    entry: &SheetEntry,
    node: &Node,
    sst: &SharedStrings,
    styles: &Styles,
    refs: &Refs,
    filter_header: Option<u32>,
    date1904: bool,
    cells: &AtomicU64,
    ctx: &Context,
    visitor: &dyn Visitor,
) -> Result<()> {
    let info = &entry.info;
    let part = entry.part.as_str();
    let count = match info.kind {
        SheetKind::Worksheet | SheetKind::Macrosheet => {
            let sc = sheet::SheetCtx {
                part,
                info,
                sst,
                styles,
                date1904,
                filter_header,
                rels: &node.rels,
                refs,
                cells,
                limits: &ctx.limits,
                embedded: &ctx.embedded,
            };
            // A big sheet is read on this thread and visited on another.
            let big = zip.stored_size(part) >= crate::source::pipeline::MIN_BYTES / 4;
            // Merged ranges come after the cells in the part: find them first,
            // unless the part is big (then read it again only if it has some).
            let merged = if big {
                MergedCells::default()
            } else {
                zip.with_reader(part, |r| {
                    as_utf8(r, |r| {
                        MergedCells::find(r).map_err(|e| {
                            SourceError::Corrupt(format!("cannot inflate {part}: {e}"))
                        })
                    })
                })?
            };
            let summary = zip.with_reader(part, |r| {
                as_utf8(r, |r| sheet::read_sheet(r, &sc, merged, visitor, big))
            })?;
            let merged = MergedCells::from_tuples(&summary.merged);
            if big && !merged.is_empty() {
                zip.with_reader(part, |r| {
                    as_utf8(r, |r| sheet::read_covered(r, &sc, merged, visitor))
                })?;
            }
            report_external_rels(
                &node.rels,
                &summary.used_rels,
                part,
                Some(&info.name),
                ctx,
                visitor,
            );
            Some(summary.cells)
        }
        SheetKind::Chartsheet | SheetKind::Dialogsheet => {
            let sv = visitor.sheet(info);
            let bytes = zip.read(part)?;
            let loc = located(Location::sheet(&info.name).with_part(part), ctx);
            super::parts::cellless_sheet_text(part, &loc, &bytes, ctx, visitor)?;
            sv.finish(SheetLayout::default());
            report_external_rels(&node.rels, &[], part, Some(&info.name), ctx, visitor);
            None
        }
    };
    if info.state != SheetState::Visible || entry.unlisted {
        let n = count.unwrap_or(0);
        let loc = located(Location::sheet(&info.name).with_part(part), ctx);
        let (variant, msg) = if count.is_none() {
            if info.kind == SheetKind::Chartsheet && info.state == SheetState::Hidden {
                // A chart sheet has no cells of its own: what it plots is
                // reported with its chart cache.
                (
                    "chart",
                    "A hidden chart sheet: it holds no cells of its own (its chart's copy of the data it plots is reported separately)."
                        .to_string(),
                )
            } else {
                let v = if info.state == SheetState::VeryHidden {
                    "very_hidden"
                } else {
                    "hidden"
                };
                (
                    v,
                    "A hidden chart or dialog sheet (a chart can still show the data it plots)."
                        .to_string(),
                )
            }
        } else if entry.orphan {
            (
                "unlisted",
                format!(
                    "A worksheet part nothing in the workbook refers to (no tab, no relationship) holds {n} cells: left behind, but still in the file.",
                    n = thousands(n as u64)
                ),
            )
        } else if entry.unlisted {
            (
                "unlisted",
                format!(
                    "A sheet part the workbook does not list (no tab shows it) holds {n} cells.",
                    n = thousands(n as u64)
                ),
            )
        } else if count == Some(0) {
            ("empty", "An empty hidden sheet.".to_string())
        } else if info.state == SheetState::VeryHidden {
            (
                "very_hidden",
                format!(
                    "A very hidden sheet (only the VBA editor can show it) holds {n} cells.",
                    n = thousands(n as u64)
                ),
            )
        } else {
            (
                "hidden",
                format!("A hidden sheet holds {n} cells.", n = thousands(n as u64)),
            )
        };
        visitor.feature(
            Feature::new(Kind::HiddenSheet, loc, msg)
                .variant(variant)
                .count(n),
        );
    }
    Ok(())
}
