//! Excel binary workbooks (xlsb): a zip package whose workbook, sheets,
//! comments, pivot caches and links are binary records ([MS-XLSB]).
//!
//! The package is walked through `[Content_Types].xml` and the
//! relationships. Sheet names and states come from our own read of
//! `workbook.bin`; cell values come from calamine's streaming xlsb cell
//! reader (every part it reads is first streamed through the bounded zip
//! reader, and calamine runs under a panic guard). XML parts (document
//! properties, drawings, charts, custom XML, VBA, embeddings, images) go to
//! the shared OOXML part inspector; binary parts are reported here.
//!
//! Hidden rows and columns, invisible formatting and cell positions of
//! binary comments beyond their anchor are not read: every xlsb gets an
//! `incomplete.xlsb_rows_columns` feature so it is always reviewed.

use std::collections::{HashMap, HashSet, VecDeque};

use calamine::{DataRef, Reader as _, Xlsb};

use super::ooxml::opc::{self, ContentTypes, PartIndex, Relationship};
use super::ooxml::parts::{PartCtx, inspect_part};
use super::xls::{guard, text};
use super::zip::ZipPackage;
use super::{Context, Input, Reader, Result, SourceError};
use crate::finding::Kind;
use crate::model::{
    Cell, Feature, Location, SheetInfo, SheetKind, SheetLayout, SheetState, TextPlace, Value,
    Visitor, a1,
};

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
    let n = n as usize;
    let b = d.get(at + 4..(at + 4).checked_add(n.checked_mul(2)?)?)?;
    let mut s = String::new();
    text::push_utf16le(&mut s, b);
    Some((Some(s), at + 4 + n * 2))
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

fn parse_workbook_bin(d: &[u8], part: &str) -> Result<(Vec<BundleSheet>, Vec<BinName>)> {
    let bad = |what: &str| SourceError::Corrupt(format!("{part}: malformed {what} record"));
    let mut recs = BinRecords::new(d);
    let mut sheets = Vec::new();
    let mut names = Vec::new();
    loop {
        let r = recs.next_rec().map_err(|_| {
            SourceError::Corrupt(format!("{part}: a record is cut off (truncated)"))
        })?;
        let Some((typ, data)) = r else { break };
        match typ {
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
    Ok((sheets, names))
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
        let ct_name = index
            .find("[Content_Types].xml")
            .ok_or_else(|| SourceError::Corrupt("the package has no [Content_Types].xml".into()))?
            .to_string();
        let ct = ContentTypes::parse(&zip.read(&ct_name)?, limits)?;
        let root_rels_name = index
            .find("_rels/.rels")
            .ok_or_else(|| SourceError::Corrupt("the package has no _rels/.rels".into()))?
            .to_string();
        let root_rels = opc::parse_rels(&zip.read(&root_rels_name)?, &root_rels_name, "", limits)?;
        let wb_name = root_rels
            .iter()
            .filter(|r| r.is("officeDocument") && !r.external)
            .find_map(|r| index.find(&r.target))
            .ok_or_else(|| {
                SourceError::Corrupt(
                    "no officeDocument relationship leads to a workbook part".into(),
                )
            })?
            .to_string();
        let wb_ct = ct.get(&wb_name).unwrap_or("");
        if !wb_ct.contains("ms-excel.sheet.binary") {
            return Err(SourceError::Unsupported(format!(
                "the main part {wb_name} is not a binary workbook (content type {wb_ct:?})"
            )));
        }
        let wb_rels_name = index.find(&opc::rels_name(&wb_name)).map(str::to_string);
        let wb_rels = match &wb_rels_name {
            Some(n) => opc::parse_rels(&zip.read(n)?, n, &wb_name, limits)?,
            None => Vec::new(),
        };
        let (bundle, bin_names) = parse_workbook_bin(&zip.read(&wb_name)?, &wb_name)?;

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
                match index.find(&opc::rels_name(&name)) {
                    Some(rn) => {
                        let rn = rn.to_string();
                        let rels = opc::parse_rels(&zip.read(&rn)?, &rn, &name, limits)?;
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

        // Every part calamine will read is first streamed through the bounded
        // zip reader (size, ratio and total limits).
        let sst = wb_rels
            .iter()
            .filter(|r| r.is("sharedStrings") || r.is("styles"))
            .filter_map(|r| index.find(&r.target))
            .map(str::to_string);
        let mut for_calamine: Vec<String> = vec![wb_name.clone()];
        for_calamine.extend(wb_rels_name.clone());
        for_calamine.extend(sst);
        for_calamine.extend(sheets.iter().filter_map(|s| s.part.clone()));
        for_calamine.extend(
            names
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

        read_cells(input, ctx, &mut sheets, visitor)?;
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

        visitor.feature(
            Feature::new(
                Kind::Incomplete,
                Location::part(wb_name.clone()),
                "In an xlsb workbook, hidden rows and columns, invisible cell formatting and the full content of binary comments were not inspected: check them by hand or save as xlsx and scan again.",
            )
            .variant("xlsb_rows_columns"),
        );
        Ok(())
    }
}

fn show_err(e: &calamine::CellErrorType) -> &'static str {
    use calamine::CellErrorType as E;
    match e {
        E::Div0 => "#DIV/0!",
        E::NA => "#N/A",
        E::Name => "#NAME?",
        E::Null => "#NULL!",
        E::Num => "#NUM!",
        E::Ref => "#REF!",
        E::Value => "#VALUE!",
        E::GettingData => "#GETTING_DATA",
    }
}

/// Feed every cell of every sheet to the visitor, through calamine.
fn read_cells(
    input: Input<'_>,
    ctx: &Context,
    sheets: &mut [SheetEntry],
    visitor: &dyn Visitor,
) -> Result<()> {
    guard("xlsb workbook", || {
        let reader = input.open()?;
        let mut wb: Xlsb<_> = Xlsb::new(reader)
            .map_err(|e| SourceError::Corrupt(format!("the xlsb workbook cannot be read: {e}")))?;
        let mut budget = ctx.limits.max_cells;
        let known: Vec<String> = wb.sheet_names();
        for s in sheets.iter() {
            let info = &s.info;
            let hide = info.state.hide();
            let mut cells = 0u64;
            let mut sv = visitor.sheet(info);
            let readable = known.iter().any(|n| n == &info.name)
                && matches!(
                    info.kind,
                    SheetKind::Worksheet | SheetKind::Dialogsheet | SheetKind::Macrosheet
                );
            if readable {
                // Formulas first (a separate pass over the sheet).
                let mut formulas: HashMap<(u32, u32), String> = HashMap::new();
                {
                    let mut fr = wb.worksheet_cells_reader(&info.name).map_err(|e| {
                        SourceError::Corrupt(format!("sheet {:?} cannot be read: {e}", info.name))
                    })?;
                    while let Some(c) = fr
                        .next_formula()
                        .map_err(|e| SourceError::Corrupt(format!("sheet {:?}: {e}", info.name)))?
                    {
                        if formulas.len() as u64 >= ctx.limits.max_cells {
                            return Err(SourceError::Limit(format!(
                                "more than {} formulas in sheet {:?}",
                                ctx.limits.max_cells, info.name
                            )));
                        }
                        if !c.get_value().is_empty() {
                            formulas.insert(c.get_position(), c.get_value().clone());
                        }
                    }
                }
                let mut cr = wb.worksheet_cells_reader(&info.name).map_err(|e| {
                    SourceError::Corrupt(format!("sheet {:?} cannot be read: {e}", info.name))
                })?;
                while let Some(c) = cr
                    .next_cell()
                    .map_err(|e| SourceError::Corrupt(format!("sheet {:?}: {e}", info.name)))?
                {
                    let (row, col) = c.get_position();
                    let owned;
                    let value = match c.get_value() {
                        DataRef::Empty => continue,
                        DataRef::Int(i) => Value::Number(*i as f64),
                        DataRef::Float(f) => Value::Number(*f),
                        DataRef::String(s) => Value::Text(s),
                        DataRef::SharedString(s) => Value::Text(s),
                        DataRef::Bool(b) => Value::Bool(*b),
                        DataRef::DateTime(d) => Value::DateTime(d.as_f64()),
                        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                            owned = s.clone();
                            Value::Text(&owned)
                        }
                        DataRef::Error(e) => Value::Error(show_err(e)),
                    };
                    if budget == 0 {
                        return Err(SourceError::Limit(format!(
                            "more than {} cells in the file",
                            ctx.limits.max_cells
                        )));
                    }
                    budget -= 1;
                    cells += 1;
                    sv.cell(&Cell {
                        row,
                        col,
                        value,
                        formula: formulas.get(&(row, col)).map(String::as_str),
                        hide,
                    });
                }
            }
            sv.finish(SheetLayout::default());
            report_sheet(info, cells, visitor);
        }
        Ok(())
    })
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
                    "A very hidden sheet (only the VBA editor can show it) holds {cells} cell(s)."
                ),
            )
        } else {
            ("hidden", format!("A hidden sheet holds {cells} cell(s)."))
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
        if n.itab != 0xFFFF_FFFF {
            if let Some(s) = sheets.get(n.itab as usize) {
                loc.sheet = Some(s.info.name.clone());
            }
        }
        let variant = if n.builtin {
            "builtin"
        } else if n.hidden {
            "hidden"
        } else {
            "range"
        };
        let msg = match variant {
            "builtin" => "A built-in defined name (print area, filter range or similar).",
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
                .is_some_and(super::xls::biff::is_local_path);
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
