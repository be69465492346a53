//! Excel binary workbooks (xlsb): a zip package whose workbook, sheets,
//! comments, pivot caches and links are binary records ([MS-XLSB]).
//!
//! The package is walked through `[Content_Types].xml` and the
//! relationships. The workbook (`workbook.bin`), shared strings, styles and
//! every worksheet part are read by us, record by record (see [`sheet`]):
//! cells come with their visibility (hidden row, column, filter, collapsed
//! outline, invisible formatting) and the sheet layout, exactly as the
//! xlsx reader reports them. Formula text alone still comes from calamine's
//! formula decoder, run only when a sheet holds formulas (every part it
//! reads is first streamed through the bounded zip reader, and it runs
//! under a panic guard). XML parts (document properties, drawings, charts,
//! custom XML, VBA, embeddings, images) go to the shared OOXML part
//! inspector; binary parts are reported here.

use std::collections::{HashMap, HashSet, VecDeque};

use calamine::{Reader as _, Xlsb};

use super::ooxml::opc::{self, PartIndex, Relationship};
use super::ooxml::package::PackageRoot;
use super::ooxml::parts::{PartCtx, inspect_part};
use super::ooxml::styles::{Styles, Theme};
use super::xls::{guard, text};
use super::zip::ZipPackage;
use super::{Context, Input, Reader, Result, SourceError};
use crate::finding::Kind;
use crate::model::{
    Feature, Location, SheetInfo, SheetKind, SheetLayout, SheetState, TextPlace, Visitor, a1,
};
use crate::numbers::{count, thousands};

mod sheet;
mod strings;
mod styles;

/// Reads xlsb workbooks.
pub struct XlsbReader;

// ---------------------------------------------------------------------------
// Binary records: a 1-2 byte type and a 1-4 byte size, 7 bits per byte.

/// Walks the records of a binary part, bounds-checked.
pub struct BinRecords<'a> {
    d: &'a [u8],
    pos: usize,
}

impl<'a> BinRecords<'a> {
    pub fn new(d: &'a [u8]) -> Self {
        BinRecords { d, pos: 0 }
    }

    /// The next record, `Ok(None)` exactly at the end, `Err(())` when a
    /// record is cut off.
    #[allow(clippy::result_unit_err)]
    pub fn next_rec(&mut self) -> std::result::Result<Option<(u16, &'a [u8])>, ()> {
        if self.pos >= self.d.len() {
            return Ok(None);
        }
        let mut typ: u16 = 0;
        for i in 0..2 {
            let b = *self.d.get(self.pos).ok_or(())?;
            self.pos += 1;
            typ |= ((b & 0x7F) as u16) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
            if i == 1 {
                return Err(());
            }
        }
        let mut len: usize = 0;
        for i in 0..4 {
            let b = *self.d.get(self.pos).ok_or(())?;
            self.pos += 1;
            len |= ((b & 0x7F) as usize) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
            if i == 3 {
                return Err(());
            }
        }
        let data = self
            .d
            .get(self.pos..self.pos.checked_add(len).ok_or(())?)
            .ok_or(())?;
        self.pos += len;
        Ok(Some((typ, data)))
    }
}

fn u16_at(d: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        d.get(o..o.checked_add(2)?)?.try_into().ok()?,
    ))
}

/// A RichStr's text: a flags byte, then an XLWideString (runs and
/// phonetic data after it are not needed).
fn rich_text(d: &[u8], at: usize) -> Option<String> {
    d.get(at)?;
    let (s, _) = wide_str(d, at.checked_add(1)?)?;
    Some(s.unwrap_or_default())
}

fn u32_at(d: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        d.get(o..o.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// An XLWideString (u32 count, UTF-16LE); `None` for the null string.
fn wide_str(d: &[u8], at: usize) -> Option<(Option<String>, usize)> {
    let n = u32_at(d, at)?;
    if n == 0xFFFF_FFFF {
        return Some((None, at + 4));
    }
    let start = at.checked_add(4)?;
    let end = start.checked_add((n as usize).checked_mul(2)?)?;
    let b = d.get(start..end)?;
    let mut s = String::new();
    text::push_utf16le(&mut s, b);
    Some((Some(s), end))
}

/// A sheet as `workbook.bin` lists it.
#[derive(Clone, Debug)]
struct BundleSheet {
    name: String,
    state: SheetState,
    rel_id: Option<String>,
}

#[derive(Clone, Debug)]
struct BinName {
    name: String,
    hidden: bool,
    builtin: bool,
    itab: u32,
}

/// What `workbook.bin` says: sheets, defined names, the 1904 date system.
struct BinWorkbook {
    sheets: Vec<BundleSheet>,
    names: Vec<BinName>,
    date1904: bool,
}

fn parse_workbook_bin(d: &[u8], part: &str) -> Result<BinWorkbook> {
    let bad = |what: &str| SourceError::Corrupt(format!("{part}: malformed {what} record"));
    let mut recs = BinRecords::new(d);
    let mut sheets = Vec::new();
    let mut names = Vec::new();
    let mut date1904 = false;
    loop {
        let r = recs.next_rec().map_err(|_| {
            SourceError::Corrupt(format!("{part}: a record is cut off (truncated)"))
        })?;
        let Some((typ, data)) = r else { break };
        match typ {
            0x0099 => {
                let flags = u32_at(data, 0).ok_or_else(|| bad("BrtWbProp"))?;
                date1904 = flags & 0x01 != 0;
            }
            0x009C => {
                let hs = u32_at(data, 0).ok_or_else(|| bad("BrtBundleSh"))?;
                let (rel, at) = wide_str(data, 8).ok_or_else(|| bad("BrtBundleSh"))?;
                let (name, _) = wide_str(data, at).ok_or_else(|| bad("BrtBundleSh"))?;
                sheets.push(BundleSheet {
                    name: name.unwrap_or_default(),
                    state: match hs {
                        0 => SheetState::Visible,
                        1 => SheetState::Hidden,
                        _ => SheetState::VeryHidden,
                    },
                    rel_id: rel,
                });
            }
            0x0027 => {
                let flags = u32_at(data, 0).ok_or_else(|| bad("BrtName"))?;
                let itab = u32_at(data, 5).ok_or_else(|| bad("BrtName"))?;
                let (name, _) = wide_str(data, 9).ok_or_else(|| bad("BrtName"))?;
                let builtin = flags & 0x20 != 0;
                let mut name = name.unwrap_or_default();
                if builtin && !name.starts_with("_xlnm.") {
                    name = format!("_xlnm.{name}");
                }
                names.push(BinName {
                    name,
                    hidden: flags & 0x01 != 0,
                    builtin,
                    itab,
                });
            }
            _ => {}
        }
    }
    Ok(BinWorkbook {
        sheets,
        names,
        date1904,
    })
}

// ---------------------------------------------------------------------------
// The package walk.

struct Node {
    name: String,
    rel_type: Option<String>,
    /// Index of the owning sheet.
    sheet: Option<usize>,
    reached: bool,
    rels: Vec<Relationship>,
}

fn kind_of_sheet_rel(rel: &Relationship) -> Option<SheetKind> {
    if rel.is("worksheet") {
        Some(SheetKind::Worksheet)
    } else if rel.is("chartsheet") {
        Some(SheetKind::Chartsheet)
    } else if rel.is("dialogsheet") {
        Some(SheetKind::Dialogsheet)
    } else if rel.is("xlMacrosheet") || rel.is("xlIntlMacrosheet") || rel.is("macrosheet") {
        Some(SheetKind::Macrosheet)
    } else {
        None
    }
}

struct SheetEntry {
    info: SheetInfo,
    part: Option<String>,
}

impl Reader for XlsbReader {
    fn inspect(&self, input: Input<'_>, ctx: &Context, visitor: &dyn Visitor) -> Result<()> {
        let limits = &ctx.limits;
        let zip = ZipPackage::open(input, ctx)?;
        let names = zip.names();
        let index = PartIndex::new(&names);
        let PackageRoot {
            ct_name,
            ct,
            root_rels_name,
            root_rels,
            wb_name,
        } = PackageRoot::read(&zip, &index, limits)?;
        let wb_ct = ct.get(&wb_name).unwrap_or("");
        if !wb_ct.contains("ms-excel.sheet.binary") {
            return Err(SourceError::Unsupported(format!(
                "the main part {wb_name} is not a binary workbook (content type {wb_ct:?})"
            )));
        }
        let wb_rels_name = index
            .find(&opc::rels_name(&opc::norm(&wb_name)))
            .map(str::to_string);
        let wb_rels = match &wb_rels_name {
            Some(n) => opc::parse_rels(&zip.read(n)?, n, &opc::norm(&wb_name), limits)?,
            None => Vec::new(),
        };
        let BinWorkbook {
            sheets: bundle,
            names: bin_names,
            date1904,
        } = parse_workbook_bin(&zip.read(&wb_name)?, &wb_name)?;

        // Sheets, with their parts and kinds from the relationships.
        let mut sheets: Vec<SheetEntry> = Vec::new();
        for (i, b) in bundle.iter().enumerate() {
            let rel = b
                .rel_id
                .as_ref()
                .and_then(|id| wb_rels.iter().find(|r| &r.id == id && !r.external));
            let part = rel.and_then(|r| index.find(&r.target)).map(str::to_string);
            if b.rel_id.is_some() && part.is_none() {
                return Err(SourceError::Corrupt(format!(
                    "the part of sheet {:?} is missing",
                    b.name
                )));
            }
            sheets.push(SheetEntry {
                info: SheetInfo {
                    index: i,
                    name: b.name.clone(),
                    state: b.state,
                    kind: rel
                        .and_then(kind_of_sheet_rel)
                        .unwrap_or(SheetKind::Worksheet),
                    part: part.clone(),
                    embedded: Vec::new(),
                },
                part,
            });
        }
        let sheet_by_part: HashMap<String, usize> = sheets
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.part.clone().map(|p| (p, i)))
            .collect();

        // Walk every relationship.
        let mut nodes: Vec<Node> = Vec::new();
        let mut visited: HashMap<String, usize> = HashMap::new();
        let mut accounted: HashSet<String> =
            HashSet::from([ct_name.clone(), root_rels_name.clone()]);
        let mut queue: VecDeque<usize> = VecDeque::new();
        let add = |nodes: &mut Vec<Node>,
                   visited: &mut HashMap<String, usize>,
                   queue: &mut VecDeque<usize>,
                   owner: Option<usize>,
                   rel: &Relationship| {
            if rel.external {
                return;
            }
            let Some(entry) = index.find(&rel.target) else {
                return;
            };
            if visited.contains_key(entry) {
                return;
            }
            let sheet = sheet_by_part.get(entry).copied().or(owner);
            visited.insert(entry.to_string(), nodes.len());
            queue.push_back(nodes.len());
            nodes.push(Node {
                name: entry.to_string(),
                rel_type: Some(rel.rel_type.clone()),
                sheet,
                reached: true,
                rels: Vec::new(),
            });
        };
        for rel in &root_rels {
            add(&mut nodes, &mut visited, &mut queue, None, rel);
        }
        while let Some(i) = queue.pop_front() {
            let Some((name, sheet)) = nodes.get(i).map(|n| (n.name.clone(), n.sheet)) else {
                continue;
            };
            let rels = if name == wb_name {
                if let Some(n) = &wb_rels_name {
                    accounted.insert(n.clone());
                }
                wb_rels.clone()
            } else {
                match index.find(&opc::rels_name(&opc::norm(&name))) {
                    Some(rn) => {
                        let rn = rn.to_string();
                        let rels =
                            opc::parse_rels(&zip.read(&rn)?, &rn, &opc::norm(&name), limits)?;
                        accounted.insert(rn);
                        rels
                    }
                    None => Vec::new(),
                }
            };
            for rel in &rels {
                add(&mut nodes, &mut visited, &mut queue, sheet, rel);
            }
            if let Some(n) = nodes.get_mut(i) {
                n.rels = rels;
            }
        }
        for name in &names {
            if !visited.contains_key(name) && !accounted.contains(name) {
                visited.insert(name.clone(), nodes.len());
                nodes.push(Node {
                    name: name.clone(),
                    rel_type: None,
                    sheet: None,
                    reached: false,
                    rels: Vec::new(),
                });
            }
        }

        // Theme, styles and shared strings, needed by every sheet.
        let wb_part = |kind: &str| {
            wb_rels
                .iter()
                .filter(|r| r.is(kind) && !r.external)
                .find_map(|r| index.find(&r.target))
                .map(str::to_string)
        };
        let theme = match wb_part("theme") {
            Some(n) => zip.with_reader(&n, |r| Theme::parse(r, &n, limits))?,
            None => Theme::default(),
        };
        let styles = match wb_part("styles") {
            Some(n) => styles::parse_styles(&zip.read(&n)?, &n, &theme)?,
            None => Styles::default(),
        };
        let sst = match wb_part("sharedStrings") {
            Some(n) => strings::parse_sst(&zip.read(&n)?, &n, limits)?,
            None => Vec::new(),
        };

        read_sheets(
            input,
            ctx,
            &zip,
            &sheets,
            &nodes,
            &Shared {
                sst: &sst,
                styles: &styles,
                date1904,
                wb_name: &wb_name,
                wb_rels_name: wb_rels_name.as_deref(),
                wb_rels: &wb_rels,
                names: &names,
            },
            visitor,
        )?;
        report_names(&bin_names, &sheets, &wb_name, visitor);

        // Every other part.
        let sheet_parts: HashSet<&str> = sheets.iter().filter_map(|s| s.part.as_deref()).collect();
        for n in &nodes {
            if n.name == wb_name || sheet_parts.contains(n.name.as_str()) {
                continue;
            }
            let content_type = ct.get(&n.name);
            let sheet = n.sheet.and_then(|i| sheets.get(i));
            let bytes = zip.read(&n.name)?;
            let is_binary_excel = content_type
                .is_some_and(|c| c.starts_with("application/vnd.ms-excel."))
                || (content_type.is_none()
                    && n.name.to_ascii_lowercase().ends_with(".bin")
                    && binary_kind(None, n.rel_type.as_deref()).is_some());
            if is_binary_excel {
                let loc = Location {
                    part: Some(n.name.clone()),
                    sheet: sheet.map(|s| s.info.name.clone()),
                    ..Default::default()
                };
                binary_part(
                    &n.name,
                    content_type,
                    n.rel_type.as_deref(),
                    n.reached,
                    &bytes,
                    &loc,
                    &n.rels,
                    visitor,
                );
                continue;
            }
            let externals: Vec<String> = n
                .rels
                .iter()
                .filter(|r| r.external)
                .map(|r| r.target.clone())
                .collect();
            let pc = PartCtx {
                name: &n.name,
                content_type,
                rel_type: n.rel_type.as_deref(),
                sheet: sheet.map(|s| s.info.name.as_str()),
                sheet_hidden: sheet.is_some_and(|s| s.info.state != SheetState::Visible),
                reached: n.reached,
                external_targets: &externals,
                file: input,
                ctx,
            };
            inspect_part(&pc, &bytes, visitor)?;
        }

        Ok(())
    }
}

/// Workbook-wide inputs of the sheet pass.
struct Shared<'a> {
    sst: &'a [String],
    styles: &'a Styles,
    date1904: bool,
    wb_name: &'a str,
    wb_rels_name: Option<&'a str>,
    wb_rels: &'a [Relationship],
    /// Every entry of the package.
    names: &'a [String],
}

/// Sheet parts kept in memory between the formula check and the cell pass.
const KEEP_BYTES: usize = 256 << 20;

/// True when a sheet part holds formula cells (`BrtFmla*`).
fn has_formulas(d: &[u8]) -> bool {
    let mut recs = BinRecords::new(d);
    while let Ok(Some((typ, _))) = recs.next_rec() {
        if (0x0008..=0x000B).contains(&typ) {
            return true;
        }
    }
    false
}

/// Read every sheet: cells, layout and sheet features.
#[allow(clippy::too_many_arguments)]
fn read_sheets(
    input: Input<'_>,
    ctx: &Context,
    zip: &ZipPackage<'_>,
    sheets: &[SheetEntry],
    nodes: &[Node],
    sh: &Shared<'_>,
    visitor: &dyn Visitor,
) -> Result<()> {
    let readable = |s: &SheetEntry| {
        s.part.is_some()
            && matches!(
                s.info.kind,
                SheetKind::Worksheet | SheetKind::Dialogsheet | SheetKind::Macrosheet
            )
    };
    // Which sheets hold formulas (their text comes from calamine).
    let mut kept: Vec<Option<Vec<u8>>> = Vec::with_capacity(sheets.len());
    let mut kept_bytes = 0usize;
    let mut with_formulas: Vec<bool> = Vec::with_capacity(sheets.len());
    for s in sheets {
        match s.part.as_deref().filter(|_| readable(s)) {
            Some(p) => {
                let bytes = zip.read(p)?;
                with_formulas.push(has_formulas(&bytes));
                if kept_bytes.saturating_add(bytes.len()) <= KEEP_BYTES {
                    kept_bytes += bytes.len();
                    kept.push(Some(bytes));
                } else {
                    kept.push(None);
                }
            }
            None => {
                with_formulas.push(false);
                kept.push(None);
            }
        }
    }
    let formulas = if with_formulas.iter().any(|f| *f) {
        match read_formulas(input, ctx, zip, sheets, &with_formulas, sh) {
            Ok(f) => f,
            // The values are still read; only the formula text is missing,
            // so formulas copying hidden values cannot be followed.
            Err(SourceError::Corrupt(why)) => {
                visitor.feature(
                    Feature::new(
                        Kind::Incomplete,
                        Location::part(sh.wb_name),
                        format!(
                            "The formulas of this xlsb workbook could not be decoded ({why}), so a formula that copies a value from a hidden place cannot be found: check them by hand or save as xlsx and scan again."
                        ),
                    )
                    .variant("xlsb_formulas"),
                );
                vec![HashMap::new(); sheets.len()]
            }
            Err(e) => return Err(e),
        }
    } else {
        vec![HashMap::new(); sheets.len()]
    };

    let cells = std::sync::atomic::AtomicU64::new(0);
    let no_rels: Vec<Relationship> = Vec::new();
    for (i, s) in sheets.iter().enumerate() {
        let info = &s.info;
        let node_rels = s
            .part
            .as_deref()
            .and_then(|p| nodes.iter().find(|n| n.name == p))
            .map(|n| &n.rels)
            .unwrap_or(&no_rels);
        let count = match s.part.as_deref().filter(|_| readable(s)) {
            Some(part) => {
                let bytes = match kept.get_mut(i).and_then(Option::take) {
                    Some(b) => b,
                    None => zip.read(part)?,
                };
                let empty = HashMap::new();
                let sc = sheet::SheetCtx {
                    part,
                    info,
                    sst: sh.sst,
                    styles: sh.styles,
                    date1904: sh.date1904,
                    rels: node_rels,
                    formulas: formulas.get(i).unwrap_or(&empty),
                    cells: &cells,
                    limits: &ctx.limits,
                };
                let summary = sheet::read_sheet(&bytes, &sc, visitor)?;
                report_external_rels(
                    node_rels,
                    &summary.used_rels,
                    part,
                    Some(&info.name),
                    visitor,
                );
                summary.cells
            }
            None => {
                let sv = visitor.sheet(info);
                sv.finish(SheetLayout::default());
                if let Some(part) = s.part.as_deref() {
                    report_external_rels(node_rels, &[], part, Some(&info.name), visitor);
                }
                0
            }
        };
        report_sheet(info, count, visitor);
    }
    Ok(())
}

/// Formula text of the sheets that hold formulas, by (row, column), from
/// calamine's formula decoder. Every part calamine reads is first streamed
/// through the bounded zip reader (size, ratio and total limits).
fn read_formulas(
    input: Input<'_>,
    ctx: &Context,
    zip: &ZipPackage<'_>,
    sheets: &[SheetEntry],
    with_formulas: &[bool],
    sh: &Shared<'_>,
) -> Result<Vec<HashMap<(u32, u32), String>>> {
    let mut for_calamine: Vec<String> = vec![sh.wb_name.to_string()];
    for_calamine.extend(sh.wb_rels_name.map(str::to_string));
    for r in sh.wb_rels.iter().filter(|r| !r.external) {
        if r.is("sharedStrings") || r.is("styles") {
            for_calamine.extend(zip_find(sh.names, &r.target));
        }
    }
    for_calamine.extend(
        sh.names
            .iter()
            .filter(|n| {
                let l = n.to_ascii_lowercase();
                l == "xl/sharedstrings.bin" || l == "xl/styles.bin"
            })
            .cloned(),
    );
    for p in &for_calamine {
        zip.with_reader(p, |r| {
            std::io::copy(r, &mut std::io::sink())
                .map_err(|e| SourceError::Corrupt(format!("cannot inflate {p}: {e}")))?;
            Ok(())
        })?;
    }
    guard("xlsb workbook", || {
        let reader = input.open()?;
        let mut wb: Xlsb<_> = Xlsb::new(reader)
            .map_err(|e| SourceError::Corrupt(format!("the xlsb workbook cannot be read: {e}")))?;
        let known: Vec<String> = wb.sheet_names();
        let mut out = Vec::with_capacity(sheets.len());
        let mut total = 0u64;
        for (s, wanted) in sheets.iter().zip(with_formulas) {
            let mut formulas: HashMap<(u32, u32), String> = HashMap::new();
            let name = &s.info.name;
            if *wanted && known.iter().any(|n| n == name) {
                let mut fr = wb.worksheet_cells_reader(name).map_err(|e| {
                    SourceError::Corrupt(format!("sheet {name:?} cannot be read: {e}"))
                })?;
                while let Some(c) = fr
                    .next_formula()
                    .map_err(|e| SourceError::Corrupt(format!("sheet {name:?}: {e}")))?
                {
                    total += 1;
                    if total > ctx.limits.max_cells {
                        return Err(SourceError::Limit(format!(
                            "more than {} formulas in the workbook",
                            thousands(ctx.limits.max_cells)
                        )));
                    }
                    if !c.get_value().is_empty() {
                        formulas.insert(c.get_position(), c.get_value().clone());
                    }
                }
            }
            out.push(formulas);
        }
        Ok(out)
    })
}

/// The entry name for a relationship target, compared as the package index does.
fn zip_find(names: &[String], target: &str) -> Option<String> {
    PartIndex::new(names).find(target).map(str::to_string)
}

/// Report a part's external relationship targets that its records did not
/// already report (hyperlinks are reported by the sheet pass).
fn report_external_rels(
    rels: &[Relationship],
    used: &[String],
    part: &str,
    sheet: Option<&str>,
    visitor: &dyn Visitor,
) {
    let mut loc = Location::part(part);
    if let Some(s) = sheet {
        loc = loc.with_sheet(s);
    }
    opc::report_external_targets(rels, used, loc, visitor);
}

fn report_sheet(info: &SheetInfo, cells: u64, visitor: &dyn Visitor) {
    let mut loc = Location::sheet(info.name.clone());
    loc.part = info.part.clone();
    if info.state != SheetState::Visible {
        let (variant, msg) = if cells == 0 {
            ("empty", "A hidden sheet with no cells.".to_string())
        } else if info.state == SheetState::VeryHidden {
            (
                "very_hidden",
                format!(
                    "A very hidden sheet (only the VBA editor can show it) holds {}.",
                    count(cells, "cell", "cells")
                ),
            )
        } else {
            (
                "hidden",
                format!("A hidden sheet holds {}.", count(cells, "cell", "cells")),
            )
        };
        visitor.feature(
            Feature::new(Kind::HiddenSheet, loc.clone(), msg)
                .variant(variant)
                .count(cells),
        );
    }
    if info.kind == SheetKind::Macrosheet {
        visitor.feature(
            Feature::new(Kind::Macro, loc, "An Excel 4.0 macro sheet (XLM code).")
                .variant("xlm_macrosheet"),
        );
    }
}

fn report_names(names: &[BinName], sheets: &[SheetEntry], wb: &str, visitor: &dyn Visitor) {
    for n in names {
        let mut loc = Location::part(wb.to_string());
        if n.itab != 0xFFFF_FFFF
            && let Some(s) = sheets.get(n.itab as usize)
        {
            loc.sheet = Some(s.info.name.clone());
        }
        let variant = if n.builtin {
            "builtin"
        } else if crate::source::is_excel_function_placeholder(&n.name, None) {
            "excel_function"
        } else if n.hidden {
            "hidden"
        } else {
            "range"
        };
        let msg = match variant {
            "builtin" => "A built-in defined name (print area, filter range or similar).",
            "excel_function" => {
                "Excel's own placeholder for a newer worksheet function, not a name anyone defined."
            }
            "hidden" => "A hidden defined name: it does not show in the Name Manager.",
            _ => "A defined name.",
        };
        visitor.feature(
            Feature::new(Kind::DefinedName, loc, msg)
                .variant(variant)
                .sample(n.name.clone()),
        );
    }
}

/// What a binary xlsb part is, from its content type or relationship type.
fn binary_kind(ct: Option<&str>, rel: Option<&str>) -> Option<&'static str> {
    let key = ct
        .and_then(|c| c.strip_prefix("application/vnd.ms-excel."))
        .map(|c| c.to_ascii_lowercase())
        .or_else(|| rel.map(|r| opc::rel_kind(r).to_ascii_lowercase()))?;
    Some(match key.as_str() {
        "comments" => "comments",
        "pivotcachedefinition" => "pivot_definition",
        "pivotcacherecords" => "pivot_records",
        "pivottable" => "pivot_table",
        "externallink" => "external_link",
        "connections" => "connections",
        "querytable" => "query_table",
        "sharedstrings"
        | "styles"
        | "calcchain"
        | "binindexws"
        | "binindexcs"
        | "table"
        | "volatiledependencies"
        | "sheetmetadata"
        | "worksheet"
        | "chartsheet"
        | "dialogsheet"
        | "macrosheet"
        | "intlmacrosheet" => "standard",
        _ => "unknown",
    })
}

/// Comments of a `comments*.bin` part: (cell, author, text).
fn parse_comments_bin(d: &[u8]) -> Option<Vec<(String, String, String)>> {
    let mut recs = BinRecords::new(d);
    let mut authors: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut cur: Option<(String, String)> = None;
    while let Some((typ, data)) = recs.next_rec().ok()? {
        match typ {
            0x0278 => authors.push(wide_str(data, 0)?.0.unwrap_or_default()),
            0x027B => {
                let ia = u32_at(data, 0)? as usize;
                let row = u32_at(data, 4)?;
                let col = u32_at(data, 12)?;
                cur = Some((a1(row, col), authors.get(ia).cloned().unwrap_or_default()));
            }
            0x027D => {
                let t = wide_str(data, 1)?.0.unwrap_or_default();
                if let Some((cell, author)) = cur.take() {
                    out.push((cell, author, t));
                }
            }
            _ => {}
        }
    }
    Some(out)
}

#[allow(clippy::too_many_arguments)]
fn binary_part(
    name: &str,
    ct: Option<&str>,
    rel: Option<&str>,
    reached: bool,
    bytes: &[u8],
    loc: &Location,
    rels: &[Relationship],
    visitor: &dyn Visitor,
) {
    let kind = binary_kind(ct, rel).unwrap_or("unknown");
    let send = |kind: Kind, loc: &Location, field: Option<&str>, t: &str| {
        if !t.trim().is_empty() {
            visitor.text(
                TextPlace {
                    kind,
                    location: loc,
                    field,
                    hidden: true,
                },
                t,
            );
        }
    };
    let runs = || text::printable_runs(bytes, 4).join("\n");
    if !reached {
        visitor.feature(
            Feature::new(
                Kind::UnknownPart,
                loc.clone(),
                "A part no relationship points to: Excel ignores it, but its content is still in the file.",
            )
            .variant("unreached")
            .sample(name.to_string()),
        );
    }
    match kind {
        "standard" => {}
        "comments" => match parse_comments_bin(bytes).filter(|l| !l.is_empty()) {
            Some(list) => {
                for (cell, author, t) in list {
                    let l = loc.clone().with_cell(cell);
                    let mut f = Feature::new(
                        Kind::Comment,
                        l.clone(),
                        "A note (comment) is attached to this cell.",
                    )
                    .variant("binary");
                    if !author.is_empty() {
                        f = f.sample(author.clone());
                    }
                    visitor.feature(f);
                    send(Kind::Comment, &l, Some("author"), &author);
                    send(Kind::Comment, &l, None, &t);
                }
            }
            None => {
                visitor.feature(
                    Feature::new(
                        Kind::Comment,
                        loc.clone(),
                        "Notes (comments) in a binary part.",
                    )
                    .variant("binary"),
                );
                send(Kind::Comment, loc, None, &runs());
            }
        },
        "pivot_definition" | "pivot_records" | "pivot_table" => {
            let variant = match kind {
                "pivot_definition" => "definition",
                "pivot_records" => "records",
                _ => "table",
            };
            visitor.feature(
                Feature::new(
                    Kind::PivotCache,
                    loc.clone(),
                    "A pivot table cache: it keeps a copy of the source rows of a pivot table.",
                )
                .variant(variant),
            );
            send(Kind::PivotCache, loc, None, &runs());
        }
        "external_link" => {
            let target = rels.iter().find(|r| r.external).map(|r| r.target.clone());
            let local = target
                .as_deref()
                .is_some_and(super::link_target::is_local_path);
            let mut f = Feature::new(
                Kind::ExternalLink,
                loc.clone(),
                "The workbook links to another file and keeps cached values from it.",
            )
            .variant(if local { "local_path" } else { "web" });
            if let Some(t) = &target {
                f = f.sample(t.clone());
                send(Kind::ExternalLink, loc, Some("target"), t);
            }
            visitor.feature(f);
            send(Kind::ExternalLink, loc, None, &runs());
        }
        "connections" | "query_table" => {
            visitor.feature(
                Feature::new(
                    Kind::DataConnection,
                    loc.clone(),
                    "A data connection or query to an outside source.",
                )
                .variant(if kind == "connections" {
                    "connection"
                } else {
                    "query_table"
                }),
            );
            send(Kind::DataConnection, loc, None, &runs());
            for r in rels.iter().filter(|r| r.external) {
                send(Kind::DataConnection, loc, Some("target"), &r.target);
            }
        }
        _ => {
            visitor.feature(
                Feature::new(
                    Kind::UnknownPart,
                    loc.clone(),
                    "The file holds a binary part foiguard does not recognise.",
                )
                .variant("unrecognised")
                .sample(name.to_string()),
            );
            send(Kind::UnknownPart, loc, None, &runs());
        }
    }
}

#[cfg(test)]
mod tests;
