//! Office Open XML workbooks (xlsx, xlsm, xltx, xltm).
//!
//! The package is read the OPC way: `[Content_Types].xml`, the package
//! relationships, the workbook through its `officeDocument` relationship,
//! then every relationship from there (workbook, sheets, and any part's own
//! relationships). Every zip entry is accounted for: parts no relationship
//! reaches go to the parts inspector as unreached. Sheets are read in
//! parallel, each part streamed once.
//!
//! Here: the reader and the walk that wires the parts together. The sheets
//! the workbook lists, and reading each sheet part, are in `sheet_parts`;
//! the workbook part and its features in `workbook`; every other part goes
//! to `parts`.

pub mod opc;
pub mod package;
pub mod parts;
pub mod shared_strings;
pub mod sheet;
mod sheet_parts;
pub mod styles;
pub mod workbook;

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::BufRead;
use std::sync::atomic::AtomicU64;

use rayon::prelude::*;

use self::opc::{PartIndex, Relationship};
use self::package::PackageRoot;
use self::shared_strings::SharedStrings;
use self::sheet_parts::read_one_sheet;
use self::styles::{Styles, Theme};
use self::workbook::{NameClass, Refs, Workbook, report_workbook};
use super::zip::ZipPackage;
use super::{Context, Format, Input, Reader, Result, SourceError};
use crate::model::{Location, SheetState, Visitor};

/// Reads xlsx, xlsm, xltx and xltm packages.
pub struct OoxmlReader;

impl Reader for OoxmlReader {
    fn inspect(&self, input: Input<'_>, ctx: &Context, visitor: &dyn Visitor) -> Result<()> {
        let zip = ZipPackage::open(input, ctx)?;
        inspect_package(&zip, input, ctx, visitor)
    }
}

/// What handles a part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Workbook,
    Sheet(usize),
    SharedStrings,
    Styles,
    Theme,
    Other,
}

/// One part of the package, as the walk found it.
struct Node {
    /// The zip entry name.
    name: String,
    rel_type: Option<String>,
    /// The owning sheet (index into the sheet list).
    sheet: Option<usize>,
    reached: bool,
    /// The part's own relationships.
    rels: Vec<Relationship>,
    role: Role,
}

impl Node {
    fn external_targets(&self) -> Vec<String> {
        self.rels
            .iter()
            .filter(|r| r.external)
            .map(|r| r.target.clone())
            .collect()
    }
}

fn parse_xml_part<T>(
    zip: &ZipPackage<'_>,
    name: &str,
    f: impl FnOnce(&mut dyn BufRead) -> Result<T>,
) -> Result<T> {
    zip.with_reader(name, |r| as_utf8(r, f))
}

/// Hand `f` an XML part as UTF-8: one in UTF-16 or another declared
/// encoding (legal, rare: Excel writes UTF-8) is decoded in memory first;
/// a UTF-8 one streams as it is.
fn as_utf8<T>(r: &mut dyn BufRead, f: impl FnOnce(&mut dyn BufRead) -> Result<T>) -> Result<T> {
    if parts::is_utf8_xml(r.fill_buf()?) {
        return f(r);
    }
    let mut all = Vec::new();
    r.read_to_end(&mut all)?;
    let text = parts::to_utf8(&all);
    f(&mut &text[..])
}

fn located(mut loc: Location, ctx: &Context) -> Location {
    loc.embedded = ctx.embedded.clone();
    loc
}

/// Inspect an opened OOXML package.
fn inspect_package(
    zip: &ZipPackage<'_>,
    input: Input<'_>,
    ctx: &Context,
    visitor: &dyn Visitor,
) -> Result<()> {
    let limits = &ctx.limits;
    let names = zip.names();
    let index = PartIndex::new(&names);

    // The workbook, through the officeDocument relationship.
    let PackageRoot {
        ct_name,
        ct,
        root_rels_name,
        root_rels,
        wb_name,
    } = PackageRoot::read(zip, &index, limits)?;
    match ct.get(&wb_name).and_then(package::format_for_content_type) {
        Some(Format::Xlsb) => {
            return Err(SourceError::Unsupported(
                "a binary workbook (xlsb) cannot be read as xlsx".into(),
            ));
        }
        Some(_) => {}
        None => {
            return Err(SourceError::Unsupported(format!(
                "the main part {wb_name} is not a spreadsheet workbook (content type {:?})",
                ct.get(&wb_name).unwrap_or("none")
            )));
        }
    }
    let wb = parse_xml_part(zip, &wb_name, |r| Workbook::parse(r, &wb_name, limits))?;
    let wb_rels_name = index
        .find(&opc::rels_name(&opc::norm(&wb_name)))
        .map(str::to_string);
    let wb_rels = match &wb_rels_name {
        Some(n) => opc::parse_rels(&zip.read(n)?, n, &opc::norm(&wb_name), limits)?,
        None => Vec::new(),
    };

    // Sheets listed by the workbook, then sheet parts it does not list.
    let sheets = sheet_parts::list_sheets(&wb, &wb_name, &wb_rels, &index, (&ct, &names))?;
    let sheet_by_part: HashMap<String, usize> = sheets
        .iter()
        .enumerate()
        .rev()
        .map(|(i, s)| (s.part.clone(), i))
        .collect();

    // Walk every relationship from the package root.
    let mut nodes: Vec<Node> = Vec::new();
    let mut visited: HashMap<String, usize> = HashMap::new();
    let mut accounted: HashSet<String> = HashSet::new();
    accounted.insert(ct_name.clone());
    accounted.insert(root_rels_name.clone());
    let mut queue: VecDeque<usize> = VecDeque::new();
    let mut seen_roles: HashSet<&'static str> = HashSet::new();
    let mut add = |nodes: &mut Vec<Node>,
                   visited: &mut HashMap<String, usize>,
                   queue: &mut VecDeque<usize>,
                   from_workbook: bool,
                   parent_sheet: Option<usize>,
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
        let mut sheet = parent_sheet;
        let role = if entry == wb_name {
            Role::Workbook
        } else if let Some(&i) = sheet_by_part.get(entry) {
            sheet = Some(i);
            Role::Sheet(i)
        } else if from_workbook && rel.is("sharedStrings") && seen_roles.insert("sst") {
            Role::SharedStrings
        } else if from_workbook && rel.is("styles") && seen_roles.insert("styles") {
            Role::Styles
        } else if from_workbook && rel.is("theme") && seen_roles.insert("theme") {
            Role::Theme
        } else {
            Role::Other
        };
        visited.insert(entry.to_string(), nodes.len());
        queue.push_back(nodes.len());
        nodes.push(Node {
            name: entry.to_string(),
            rel_type: Some(rel.rel_type.clone()),
            sheet,
            reached: true,
            rels: Vec::new(),
            role,
        });
    };
    for rel in &root_rels {
        add(&mut nodes, &mut visited, &mut queue, false, None, rel);
    }
    while let Some(i) = queue.pop_front() {
        let (name, role, sheet) = match nodes.get(i) {
            Some(n) => (n.name.clone(), n.role, n.sheet),
            None => continue,
        };
        let rels = if role == Role::Workbook {
            if let Some(n) = &wb_rels_name {
                accounted.insert(n.clone());
            }
            wb_rels.clone()
        } else {
            match index.find(&opc::rels_name(&opc::norm(&name))) {
                Some(rn) => {
                    let rn = rn.to_string();
                    let rels = opc::parse_rels(&zip.read(&rn)?, &rn, &opc::norm(&name), limits)?;
                    accounted.insert(rn);
                    rels
                }
                None => Vec::new(),
            }
        };
        for rel in &rels {
            add(
                &mut nodes,
                &mut visited,
                &mut queue,
                role == Role::Workbook,
                sheet,
                rel,
            );
        }
        if let Some(n) = nodes.get_mut(i) {
            n.rels = rels;
        }
    }
    if !visited.contains_key(&wb_name) {
        return Err(SourceError::Corrupt(
            "the workbook part was not reached".into(),
        ));
    }
    // A relationship to a part the package does not have: the file is
    // damaged (Excel offers to repair it), so what it shows is not known.
    let from_root = root_rels.iter().map(|r| (root_rels_name.as_str(), r));
    let from_parts = nodes
        .iter()
        .flat_map(|n| n.rels.iter().map(move |r| (n.name.as_str(), r)));
    if let Some((from, rel)) = from_root
        .chain(from_parts)
        .find(|(_, r)| opc::dangling(r, &index))
    {
        return Err(SourceError::Corrupt(format!(
            "{from} refers to the part {} ({}), which is missing",
            rel.target,
            rel.rel_type.rsplit('/').next().unwrap_or("")
        )));
    }
    for (i, s) in sheets.iter().enumerate() {
        if visited.contains_key(&s.part) {
            continue;
        }
        if !s.orphan {
            return Err(SourceError::Corrupt(format!(
                "sheet part {} was not reached",
                s.part
            )));
        }
        // Nothing reaches a left-behind worksheet part: read it as a sheet.
        visited.insert(s.part.clone(), nodes.len());
        nodes.push(Node {
            name: s.part.clone(),
            rel_type: None,
            sheet: Some(i),
            reached: false,
            rels: Vec::new(),
            role: Role::Sheet(i),
        });
    }

    // Entries no relationship reaches.
    let mut pending_rels: HashMap<String, Vec<Relationship>> = HashMap::new();
    let leftovers: Vec<&String> = names
        .iter()
        .filter(|n| !visited.contains_key(*n) && !accounted.contains(*n))
        .collect();
    for name in leftovers {
        let Some(source) = opc::rels_source(&opc::norm(name)) else {
            continue;
        };
        let rels = opc::parse_rels(&zip.read(name)?, name, &source, limits)?;
        match index.find(&source) {
            Some(src) if !visited.contains_key(src) => {
                accounted.insert(name.clone());
                pending_rels
                    .entry(src.to_string())
                    .or_default()
                    .extend(rels);
            }
            _ => {
                // An orphan relationships part: inspect it as a part itself.
                let idx = nodes.len();
                visited.insert(name.clone(), idx);
                nodes.push(Node {
                    name: name.clone(),
                    rel_type: None,
                    sheet: None,
                    reached: false,
                    rels,
                    role: Role::Other,
                });
            }
        }
    }
    for name in &names {
        if visited.contains_key(name) || accounted.contains(name) {
            continue;
        }
        visited.insert(name.clone(), nodes.len());
        nodes.push(Node {
            name: name.clone(),
            rel_type: None,
            sheet: None,
            reached: false,
            rels: pending_rels.remove(name).unwrap_or_default(),
            role: Role::Other,
        });
    }

    // Theme, styles and shared strings, needed by every sheet.
    let find_role = |role: Role| {
        nodes
            .iter()
            .find(|n| n.role == role)
            .map(|n| n.name.clone())
    };
    let theme = match find_role(Role::Theme) {
        Some(n) => parse_xml_part(zip, &n, |r| Theme::parse(r, &n, limits))?,
        None => Theme::default(),
    };
    let styles = match find_role(Role::Styles) {
        Some(n) => parse_xml_part(zip, &n, |r| Styles::parse(r, &n, &theme, limits))?,
        None => Styles::default(),
    };
    if let Some(n) = find_role(Role::Styles) {
        let loc = located(Location::part(n.as_str()), ctx);
        let text = |field: &'static str, hidden: bool, values: &[String]| {
            if !values.is_empty() {
                visitor.text(
                    crate::model::TextPlace {
                        kind: crate::finding::Kind::DocumentProperties,
                        location: &loc,
                        field: Some(field),
                        hidden,
                    },
                    &values.join("\n"),
                );
            }
        };
        // A style named by a user ("Hendry P 4521") shows only in the
        // style gallery: hidden text. Text a number format shows in every
        // cell that uses it is visible.
        text("cell style name", true, &styles.custom_style_names);
        text("number format", false, &styles.format_texts);
    }
    let sst_name = find_role(Role::SharedStrings);
    let sst = match &sst_name {
        Some(n) => parse_xml_part(zip, n, |r| SharedStrings::parse(r, n, limits))?,
        None => SharedStrings::default(),
    };

    // Workbook-level features.
    let sheet_states: Vec<(String, SheetState)> = sheets
        .iter()
        .map(|s| (s.info.name.clone(), s.info.state))
        .collect();
    let refs = Refs::new(&sheet_states, &wb.names);
    report_workbook(&wb, &wb_name, &sheets, &refs, ctx, visitor);
    let wb_node = visited.get(&wb_name).and_then(|&i| nodes.get(i));
    if let Some(n) = wb_node {
        report_external_rels(&n.rels, &[], &n.name, None, ctx, visitor);
    }
    report_external_rels(&root_rels, &[], &root_rels_name, None, ctx, visitor);

    let filter_rows: Vec<Option<u32>> = sheets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            wb.names
                .iter()
                .filter(|n| workbook::classify(n, &refs) == NameClass::FilterDatabase)
                .find(|n| match n.local_sheet {
                    Some(l) => l == i && !s.unlisted,
                    None => workbook::sheet_refs(&n.value)
                        .iter()
                        .any(|(a, _)| a.eq_ignore_ascii_case(&s.info.name)),
                })
                .map(|n| workbook::filter_header_row(&n.value))
        })
        .collect();

    // Read every sheet and every other part, in parallel.
    let cells = AtomicU64::new(0);
    let date1904 = wb.date1904;
    let jobs: Vec<usize> = {
        let mut sheet_jobs: Vec<usize> = Vec::new();
        let mut other: Vec<usize> = Vec::new();
        for (i, n) in nodes.iter().enumerate() {
            match n.role {
                Role::Sheet(_) => sheet_jobs.push(i),
                Role::Other => other.push(i),
                _ => {}
            }
        }
        sheet_jobs.extend(other);
        sheet_jobs
    };
    let run = |&i: &usize| -> Result<()> {
        let Some(node) = nodes.get(i) else {
            return Ok(());
        };
        match node.role {
            Role::Sheet(si) => {
                // A part listed for several sheets is read once per sheet.
                for (sj, entry) in sheets
                    .iter()
                    .enumerate()
                    .filter(|(sj, e)| *sj == si || e.part == node.name)
                {
                    read_one_sheet(
                        zip,
                        entry,
                        node,
                        &sst,
                        &styles,
                        &refs,
                        filter_rows.get(sj).copied().flatten(),
                        date1904,
                        &cells,
                        ctx,
                        visitor,
                    )?;
                }
                Ok(())
            }
            Role::Other => {
                let bytes = zip.read(&node.name)?;
                let external = node.external_targets();
                let sheet = node.sheet.and_then(|s| sheets.get(s));
                let part = parts::PartCtx {
                    name: &node.name,
                    content_type: ct.get(&node.name),
                    rel_type: node.rel_type.as_deref(),
                    sheet: sheet.map(|s| s.info.name.as_str()),
                    sheet_hidden: sheet.is_some_and(|s| s.info.state != SheetState::Visible),
                    reached: node.reached,
                    external_targets: &external,
                    file: input,
                    ctx,
                };
                parts::inspect_part(&part, &bytes, visitor)
            }
            _ => Ok(()),
        }
    };
    let results: Vec<Result<()>> = jobs.par_iter().map(run).collect();
    results.into_iter().collect::<Result<Vec<()>>>()?;
    // Every cell is read: strings none of them used are hidden text.
    if let Some(n) = &sst_name {
        sst.report_unseen(&located(Location::part(n), ctx), visitor);
    }
    Ok(())
}
/// Report a part's external relationship targets that its XML did not
/// already report (hyperlinks are reported by the sheet pass).
fn report_external_rels(
    rels: &[Relationship],
    used: &[String],
    part: &str,
    sheet: Option<&str>,
    ctx: &Context,
    visitor: &dyn Visitor,
) {
    let mut loc = located(Location::part(part), ctx);
    if let Some(s) = sheet {
        loc = loc.with_sheet(s);
    }
    opc::report_external_targets(rels, used, loc, visitor);
}

#[cfg(test)]
mod tests;
