//! Excel 97-2003 workbooks: BIFF8 (and Excel 95 BIFF5) records in a
//! Compound File ([MS-CFB], [MS-XLS]).
//!
//! The compound file is opened with the `cfb` crate, every stream read is
//! bounded by the limits, and the `Workbook` stream's records are parsed
//! here (not by calamine, whose xls reader allocates whole dense grids and
//! panics on hostile records). Every other stream is classified: property
//! sets, VBA, pivot caches, custom XML, embedded objects (inspected
//! recursively), and anything unknown is reported with its printable text.

pub mod biff;
pub mod externals;
pub mod formats;
pub mod formula;
pub mod globals;
pub mod hyperlinks;
pub mod names;
pub mod oleps;
pub mod report;
pub mod sheet;
pub mod sheet_scan;
pub mod text;
pub mod vba;

use std::io::{Cursor, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::{Context, Format, Input, Limits, ReadSeek, Reader, Result, SourceError};
use crate::finding::Kind;
use crate::model::{Feature, Location, SheetInfo, TextPlace, Visitor};
use crate::numbers::{count, thousands};

/// Run `f`, turning a panic inside a third-party parser into a corrupt-file
/// error (a last resort: the bounds checks should prevent it).
pub(crate) fn guard<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => Err(SourceError::Corrupt(format!(
            "{what}: malformed structure (the parser gave up)"
        ))),
    }
}

/// One stream or storage of a compound file.
#[derive(Clone, Debug)]
pub struct EntryInfo {
    /// Path without the leading `/`, e.g. `_VBA_PROJECT_CUR/VBA/dir`.
    pub path: String,
    pub stream: bool,
    pub len: u64,
}

/// A compound file opened for bounded reading.
pub struct Compound<'a> {
    cf: cfb::CompoundFile<Box<dyn ReadSeek + 'a>>,
    pub entries: Vec<EntryInfo>,
}

fn cfb_error(e: std::io::Error) -> SourceError {
    SourceError::Corrupt(format!("not a valid compound file: {e}"))
}

impl<'a> Compound<'a> {
    /// Open and list every entry (at most `max_parts`).
    pub fn open(input: Input<'a>, limits: &Limits) -> Result<Self> {
        let r = input.open()?;
        guard("compound file", move || {
            let cf = cfb::CompoundFile::open(r).map_err(cfb_error)?;
            let mut entries = Vec::new();
            for e in cf.walk() {
                if e.is_root() {
                    continue;
                }
                if entries.len() >= limits.max_parts {
                    return Err(SourceError::Limit(format!(
                        "compound file holds more than {} streams",
                        thousands(limits.max_parts as u64)
                    )));
                }
                let path = e.path().to_string_lossy();
                entries.push(EntryInfo {
                    path: path.trim_start_matches('/').to_string(),
                    stream: e.is_stream(),
                    len: e.len(),
                });
            }
            Ok(Compound { cf, entries })
        })
    }

    /// The root-level stream whose name matches `name` (ignoring case).
    pub fn root_stream(&self, name: &str) -> Option<String> {
        self.entries
            .iter()
            .find(|e| e.stream && !e.path.contains('/') && e.path.eq_ignore_ascii_case(name))
            .map(|e| e.path.clone())
    }

    /// True when a root-level entry (stream or storage) has this name.
    pub fn has_root(&self, name: &str) -> bool {
        self.entries
            .iter()
            .any(|e| !e.path.contains('/') && e.path.eq_ignore_ascii_case(name))
    }

    /// Read a whole stream, bounded by `max_part_bytes` and the file's
    /// remaining byte budget.
    pub fn read(&mut self, path: &str, limits: &Limits, budget: &mut u64) -> Result<Vec<u8>> {
        let shown = display_name(path);
        let len = self
            .entries
            .iter()
            .find(|e| e.path == path)
            .map(|e| e.len)
            .ok_or_else(|| SourceError::Corrupt(format!("stream {shown} is missing")))?;
        if len > limits.max_part_bytes {
            return Err(SourceError::Limit(format!(
                "stream {shown} is {} bytes, more than the {} byte limit",
                thousands(len),
                thousands(limits.max_part_bytes)
            )));
        }
        if len > *budget {
            return Err(SourceError::Limit(format!(
                "the streams of this file add up to more than {} bytes",
                thousands(limits.max_total_bytes)
            )));
        }
        *budget -= len;
        let full = format!("/{path}");
        let cf = &mut self.cf;
        guard(&format!("stream {shown}"), || {
            let s = cf.open_stream(&full).map_err(|e| {
                SourceError::Corrupt(format!("stream {shown} cannot be opened: {e}"))
            })?;
            let mut buf = Vec::with_capacity(len.min(64 << 20) as usize);
            s.take(len)
                .read_to_end(&mut buf)
                .map_err(|e| SourceError::Corrupt(format!("stream {shown} is cut off: {e}")))?;
            if (buf.len() as u64) < len {
                return Err(SourceError::Corrupt(format!(
                    "stream {shown} is cut off ({} of {} bytes)",
                    thousands(buf.len() as u64),
                    thousands(len)
                )));
            }
            Ok(buf)
        })
    }

    /// Copy the streams under `storage` into a new in-memory compound file
    /// (an embedded workbook kept as a storage of this one).
    pub fn extract_storage(
        &mut self,
        storage: &str,
        limits: &Limits,
        budget: &mut u64,
    ) -> Result<Vec<u8>> {
        let prefix = format!("{storage}/");
        let streams: Vec<EntryInfo> = self
            .entries
            .iter()
            .filter(|e| e.path.starts_with(&prefix))
            .cloned()
            .collect();
        let mut out = cfb::CompoundFile::create(Cursor::new(Vec::new()))
            .map_err(|e| SourceError::Io(format!("cannot build a compound file in memory: {e}")))?;
        for e in streams {
            let rel = format!("/{}", &e.path[prefix.len()..]);
            let io = |e: std::io::Error| {
                SourceError::Io(format!("cannot build a compound file in memory: {e}"))
            };
            if e.stream {
                let data = self.read(&e.path, limits, budget)?;
                let mut s = out.create_stream(&rel).map_err(io)?;
                s.write_all(&data).map_err(io)?;
            } else {
                out.create_storage(&rel).map_err(io)?;
            }
        }
        out.flush()
            .map_err(|e| SourceError::Io(format!("cannot build a compound file in memory: {e}")))?;
        Ok(out.into_inner().into_inner())
    }
}

/// A stream path for people: control characters (as in
/// `\x05SummaryInformation`) written as `\x05`.
pub fn display_name(path: &str) -> String {
    let mut s = String::new();
    for c in path.chars() {
        if c.is_control() {
            s.push_str(&format!("\\x{:02X}", c as u32));
        } else {
            s.push(c);
        }
    }
    s
}

/// Classify a Compound File: xls, or an encrypted OOXML package.
///
/// `EncryptionInfo` + `EncryptedPackage` (an encrypted xlsx/xlsm/xlsb/docx)
/// is [`SourceError::Encrypted`]; a `Workbook` or `Book` stream is xls;
/// anything else (a Word or PowerPoint file) is unsupported.
pub fn sniff_cfb(input: Input<'_>) -> Result<Format> {
    let cf = Compound::open(input, &Limits::default())?;
    classify(&cf)
}

fn classify(cf: &Compound<'_>) -> Result<Format> {
    if cf.has_root("EncryptionInfo") && cf.has_root("EncryptedPackage") {
        return Err(SourceError::Encrypted);
    }
    if cf.root_stream("Workbook").is_some() || cf.root_stream("Book").is_some() {
        return Ok(Format::Xls);
    }
    if cf.has_root("\u{9}DRMContent") || cf.has_root("\u{6}DataSpaces") {
        return Err(SourceError::Encrypted);
    }
    Err(SourceError::Unsupported(
        "compound file that is not a workbook (Word/other?)".into(),
    ))
}

/// Reads xls workbooks.
pub struct XlsReader;

impl Reader for XlsReader {
    fn inspect(&self, input: Input<'_>, ctx: &Context, visitor: &dyn Visitor) -> Result<()> {
        let mut cf = Compound::open(input, &ctx.limits)?;
        classify(&cf)?;
        let wb_name = cf
            .root_stream("Workbook")
            .or_else(|| cf.root_stream("Book"))
            .ok_or_else(|| {
                SourceError::Unsupported("compound file without a Workbook stream".into())
            })?;
        let mut budget = ctx.limits.max_total_bytes;
        let wb = cf.read(&wb_name, &ctx.limits, &mut budget)?;
        read_workbook(&wb, &wb_name, ctx, visitor)?;
        read_other_streams(&mut cf, &wb_name, ctx, visitor, &mut budget)
    }
}

fn base_loc(ctx: &Context, part: &str) -> Location {
    Location {
        embedded: ctx.embedded.clone(),
        part: Some(display_name(part)),
        ..Default::default()
    }
}

/// Parse the Workbook stream: globals, then every sheet substream, then
/// whatever bytes no sheet claimed.
fn read_workbook(wb: &[u8], part: &str, ctx: &Context, visitor: &dyn Visitor) -> Result<()> {
    globals::check_encryption(wb, part)?;
    let g = globals::parse_globals(wb, part, ctx)?;
    report::report_globals(&g, part, ctx, visitor);
    let mut covered: Vec<(usize, usize)> = vec![(0, g.end)];
    let mut cell_budget = ctx.limits.max_cells;
    for (index, bs) in g.sheets.iter().enumerate() {
        let start = bs.pos as usize;
        let at = wb.get(start..start.saturating_add(2));
        if at != Some(&biff::BOF.to_le_bytes()[..]) {
            return Err(SourceError::Corrupt(format!(
                "{part}: sheet '{}' should start at byte {start}, but no sheet starts there",
                bs.name
            )));
        }
        let state = globals::sheet_state(bs.hs_state);
        let info = SheetInfo {
            index,
            name: bs.name.clone(),
            state,
            kind: globals::sheet_kind(bs.dt),
            part: Some(part.to_string()),
            embedded: Vec::new(),
        };
        let sc = sheet::SheetCtx {
            g: &g,
            part,
            ctx,
            info: &info,
        };
        let res = sheet::read_sheet(wb, start, &sc, visitor, &mut cell_budget)?;
        covered.push((start, res.end));
        report_sheet(&info, bs.dt, res.cells, part, ctx, visitor);
    }
    // Bytes that no sheet claimed: an unlisted sheet, or unknown data.
    covered.sort();
    let mut gaps = Vec::new();
    let mut at = 0usize;
    for &(s, e) in &covered {
        if s > at {
            gaps.push((at, s));
        }
        at = at.max(e);
    }
    if at < wb.len() {
        gaps.push((at, wb.len()));
    }
    let mut extra_index = g.sheets.len();
    for (s, e) in gaps {
        let mut pos = s;
        while pos < e {
            let rest = wb.get(pos..e).unwrap_or_default();
            if text::all_zero(rest) {
                break;
            }
            let sub = sheet::substreams(wb.get(..e).unwrap_or_default(), pos, part)
                .ok()
                .and_then(|(subs, _)| subs.first().copied());
            match sub {
                Some((ss, se)) if ss == pos => {
                    let info = SheetInfo {
                        index: extra_index,
                        name: format!("(unlisted sheet at byte {ss})"),
                        state: crate::model::SheetState::VeryHidden,
                        kind: crate::model::SheetKind::Worksheet,
                        part: Some(part.to_string()),
                        embedded: Vec::new(),
                    };
                    extra_index += 1;
                    let sc = sheet::SheetCtx {
                        g: &g,
                        part,
                        ctx,
                        info: &info,
                    };
                    let loc = base_loc(ctx, part).with_sheet(info.name.clone());
                    visitor.feature(Feature::new(
                        Kind::UnknownPart,
                        loc,
                        "The workbook stream holds a sheet that the workbook does not list: Excel never shows it.",
                    ));
                    let res = sheet::read_sheet(wb, ss, &sc, visitor, &mut cell_budget)?;
                    report_sheet(&info, 0, res.cells, part, ctx, visitor);
                    pos = se.max(pos + 1);
                }
                _ => {
                    report_unknown_bytes(
                        rest,
                        &format!("{part} (bytes {pos}-{e})"),
                        ctx,
                        visitor,
                        Kind::UnknownPart,
                        "The workbook stream holds bytes that belong to no sheet.",
                    );
                    break;
                }
            }
        }
    }
    Ok(())
}

fn report_sheet(
    info: &SheetInfo,
    dt: u8,
    cells: u64,
    part: &str,
    ctx: &Context,
    visitor: &dyn Visitor,
) {
    let loc = base_loc(ctx, part).with_sheet(info.name.clone());
    use crate::model::SheetState;
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
    match dt {
        1 => visitor.feature(
            Feature::new(
                Kind::Macro,
                loc,
                "An Excel 4.0 macro sheet (XLM): code that can run when the file opens.",
            )
            .variant("xlm_macrosheet"),
        ),
        6 => visitor.feature(
            Feature::new(Kind::Macro, loc, "A Visual Basic module sheet: macro code.")
                .variant("vba"),
        ),
        _ => {}
    }
}

/// Report opaque bytes: a feature plus their printable text for detectors.
fn report_unknown_bytes(
    bytes: &[u8],
    part: &str,
    ctx: &Context,
    visitor: &dyn Visitor,
    kind: Kind,
    msg: &str,
) {
    let loc = base_loc(ctx, part);
    visitor.feature(Feature::new(kind, loc.clone(), msg));
    let runs = text::printable_runs(bytes, 4);
    if !runs.is_empty() {
        visitor.text(
            TextPlace {
                kind,
                location: &loc,
                field: None,
                hidden: true,
            },
            &runs.join("\n"),
        );
    }
}

fn first_component(path: &str) -> &str {
    path.split('/').next().unwrap_or(path)
}

/// Streams that hold nothing a person wrote (class ids, OLE headers,
/// preview pictures).
fn is_standard_stream(name: &str) -> bool {
    let n = name.rsplit('/').next().unwrap_or(name);
    n == "\u{1}Ole"
        || n == "\u{1}CompObj"
        || n == "\u{3}ObjInfo"
        || n == "\u{3}EPRINT"
        || n == "\u{3}OCXNAME"
        || n.starts_with("\u{2}OlePres")
}

fn read_other_streams(
    cf: &mut Compound<'_>,
    wb_name: &str,
    ctx: &Context,
    visitor: &dyn Visitor,
    budget: &mut u64,
) -> Result<()> {
    let limits = ctx.limits.clone();
    let entries = cf.entries.clone();
    let mut done_storages: Vec<String> = Vec::new();
    for e in &entries {
        let top = first_component(&e.path);
        let lower = top.to_ascii_lowercase();
        if e.path == wb_name {
            continue;
        }
        match lower.as_str() {
            "\u{5}summaryinformation" | "\u{5}documentsummaryinformation" if e.stream => {
                let data = cf.read(&e.path, &limits, budget)?;
                report_properties(&data, &e.path, ctx, visitor)?;
            }
            "_vba_project_cur" | "_vba_project" => {
                if !done_storages.iter().any(|s| s == top) {
                    done_storages.push(top.to_string());
                    report_vba(cf, top, ctx, visitor, budget)?;
                }
            }
            "_sx_db_cur" | "_sx_db" => {
                if e.stream {
                    let data = cf.read(&e.path, &limits, budget)?;
                    report_pivot_stream(&data, &e.path, ctx, visitor);
                }
            }
            "msodatastore" => {
                if e.stream && !is_standard_stream(&e.path) {
                    let data = cf.read(&e.path, &limits, budget)?;
                    report_custom_xml(&data, &e.path, ctx, visitor);
                }
            }
            "objectpool" => {
                // One embedded object per storage ObjectPool/<id>.
                let mut parts = e.path.splitn(3, '/');
                let (_, Some(id)) = (parts.next(), parts.next()) else {
                    continue;
                };
                let storage = format!("{top}/{id}");
                if !done_storages.contains(&storage) {
                    done_storages.push(storage.clone());
                    report_embedded(cf, &storage, ctx, visitor, budget)?;
                }
            }
            "user names" | "revision log" if e.stream => {
                let data = cf.read(&e.path, &limits, budget)?;
                report_unknown_bytes(
                    &data,
                    &e.path,
                    ctx,
                    visitor,
                    Kind::RevisionLog,
                    "A shared-workbook revision log: it keeps user names and earlier cell values.",
                );
            }
            _ if !e.stream => {}
            _ if is_standard_stream(&e.path) => {}
            "workbook" | "book" => {
                let data = cf.read(&e.path, &limits, budget)?;
                report_unknown_bytes(
                    &data,
                    &e.path,
                    ctx,
                    visitor,
                    Kind::UnknownPart,
                    "A second copy of the workbook (older Excel format) that Excel does not show.",
                );
            }
            _ => {
                let data = cf.read(&e.path, &limits, budget)?;
                report_unknown_bytes(
                    &data,
                    &e.path,
                    ctx,
                    visitor,
                    Kind::UnknownPart,
                    "The file holds a stream foiguard does not recognise.",
                );
            }
        }
    }
    Ok(())
}

/// Report one property-set stream: its string properties as text, and a
/// document-properties feature whose variant says whether it names a person.
pub fn report_properties(
    data: &[u8],
    path: &str,
    ctx: &Context,
    visitor: &dyn Visitor,
) -> Result<()> {
    // Never fails: an unparsable set is reported with its printable text.
    let loc = base_loc(ctx, path);
    let props = match oleps::parse(data, &display_name(path)) {
        Ok(p) => p,
        Err(_) => {
            // A quirky writer: hand over all its printable text, and assume
            // it may name a person.
            visitor.feature(
                Feature::new(
                    Kind::DocumentProperties,
                    loc.clone(),
                    "Document properties that could not be fully parsed; their text is checked as a whole.",
                )
                .variant("person"),
            );
            let runs = text::printable_runs(data, 3);
            if !runs.is_empty() {
                visitor.text(
                    TextPlace {
                        kind: Kind::DocumentProperties,
                        location: &loc,
                        field: None,
                        hidden: true,
                    },
                    &runs.join("\n"),
                );
            }
            return Ok(());
        }
    };
    const PEOPLE: [&str; 3] = ["author", "lastAuthor", "manager"];
    let person = props.iter().find(|p| {
        PEOPLE.contains(&p.name.as_str()) && crate::detect::content::may_name_someone(&p.value)
    });
    let filled = props.iter().find(|p| {
        (PEOPLE.contains(&p.name.as_str()) || p.name == "company") && !p.value.trim().is_empty()
    });
    let variant = match (person, filled) {
        (Some(_), _) => "person",
        (None, Some(_)) => "organisation",
        (None, None) => "empty",
    };
    let msg = match variant {
        "person" => "Document properties name a person (author, last author or manager).",
        "organisation" => "Document properties name an organisation or team, not a person.",
        _ => "Document properties hold no author or organisation.",
    };
    let mut f = Feature::new(Kind::DocumentProperties, loc.clone(), msg).variant(variant);
    if let Some(p) = person.or(filled) {
        f = f.sample(p.value.clone());
    }
    f = f.count(props.iter().filter(|p| !p.value.trim().is_empty()).count() as u64);
    visitor.feature(f);
    for p in &props {
        if p.value.trim().is_empty() {
            continue;
        }
        visitor.text(
            TextPlace {
                kind: Kind::DocumentProperties,
                location: &loc,
                field: Some(&p.name),
                hidden: true,
            },
            &p.value,
        );
    }
    Ok(())
}

/// The modules of the VBA project in `storage` (`_VBA_PROJECT_CUR` in xls,
/// the root of `vbaProject.bin`). `None` when the project is malformed.
pub fn vba_modules(
    cf: &mut Compound<'_>,
    storage: &str,
    limits: &Limits,
    budget: &mut u64,
) -> Result<Option<Vec<vba::Module>>> {
    let vba_dir = if storage.is_empty() {
        "VBA".to_string()
    } else {
        format!("{storage}/VBA")
    };
    let dir_path = cf
        .entries
        .iter()
        .find(|e| e.stream && e.path.eq_ignore_ascii_case(&format!("{vba_dir}/dir")))
        .map(|e| e.path.clone());
    let Some(dir_path) = dir_path else {
        return Ok(None);
    };
    let dir = cf.read(&dir_path, limits, budget)?;
    let mut err: Option<SourceError> = None;
    let mods = {
        let mut read = |name: &str| -> Option<Vec<u8>> {
            let want = format!("{vba_dir}/{name}");
            let path = cf
                .entries
                .iter()
                .find(|e| e.stream && e.path.eq_ignore_ascii_case(&want))
                .map(|e| e.path.clone())?;
            match cf.read(&path, limits, budget) {
                Ok(d) => Some(d),
                Err(e) => {
                    err = Some(e);
                    None
                }
            }
        };
        vba::modules(&dir, &mut read)
    };
    if let Some(e) = err {
        return Err(e);
    }
    Ok(mods)
}

fn report_vba(
    cf: &mut Compound<'_>,
    storage: &str,
    ctx: &Context,
    visitor: &dyn Visitor,
    budget: &mut u64,
) -> Result<()> {
    let loc = base_loc(ctx, storage);
    let mods = vba_modules(cf, storage, &ctx.limits, budget)?;
    let count = mods.as_ref().map(|m| m.len() as u64).unwrap_or(1);
    visitor.feature(
        Feature::new(
            Kind::Macro,
            loc.clone(),
            "The workbook holds a VBA macro project.",
        )
        .variant("vba")
        .count(count.max(1)),
    );
    match mods {
        Some(mods) => {
            for m in mods {
                if m.source.trim().is_empty() {
                    continue;
                }
                let mloc =
                    loc.clone()
                        .with_part(format!("{}/VBA/{}", display_name(storage), m.stream));
                visitor.text(
                    TextPlace {
                        kind: Kind::Macro,
                        location: &mloc,
                        field: Some("vba_module"),
                        hidden: true,
                    },
                    &m.source,
                );
            }
        }
        None => {
            // Malformed project: still hand its printable text over.
            let prefix = format!("{storage}/");
            let paths: Vec<String> = cf
                .entries
                .iter()
                .filter(|e| e.stream && e.path.starts_with(&prefix))
                .map(|e| e.path.clone())
                .collect();
            for p in paths {
                let data = cf.read(&p, &ctx.limits, budget)?;
                let runs = text::printable_runs(&data, 4);
                if !runs.is_empty() {
                    let ploc = base_loc(ctx, &p);
                    visitor.text(
                        TextPlace {
                            kind: Kind::Macro,
                            location: &ploc,
                            field: None,
                            hidden: true,
                        },
                        &runs.join("\n"),
                    );
                }
            }
        }
    }
    Ok(())
}

/// A pivot cache stream (`_SX_DB_CUR/nnnn`): BIFF records whose SXSTRING
/// items are the distinct source values.
fn report_pivot_stream(data: &[u8], path: &str, ctx: &Context, visitor: &dyn Visitor) {
    let loc = base_loc(ctx, path);
    let mut strings = Vec::new();
    let mut records = 0u64;
    let mut recs = biff::Records::new(data, 0, path);
    let mut structured = true;
    loop {
        match recs.next_rec() {
            Ok(Some(r)) => {
                records += 1;
                if r.typ == 0x00CD {
                    // SXString: cch u16, then flags + characters.
                    let cch = u16::from_le_bytes([
                        r.data.first().copied().unwrap_or(0),
                        r.data.get(1).copied().unwrap_or(0),
                    ]);
                    let mut f = biff::Frags::new(vec![r.data.get(2..).unwrap_or_default()]);
                    let mut s = String::new();
                    if let Some(flags) = f.u8()
                        && f.chars(cch as usize, flags & 1 != 0, &mut s).is_some()
                        && !s.trim().is_empty()
                    {
                        strings.push(s);
                    }
                }
            }
            Ok(None) => break,
            Err(_) => {
                structured = false;
                break;
            }
        }
    }
    if !structured {
        strings = text::printable_runs(data, 4);
    }
    visitor.feature(
        Feature::new(
            Kind::PivotCache,
            loc.clone(),
            "A pivot table cache: it keeps a copy of the source rows of a pivot table.",
        )
        .count(records.max(1)),
    );
    if !strings.is_empty() {
        visitor.text(
            TextPlace {
                kind: Kind::PivotCache,
                location: &loc,
                field: None,
                hidden: true,
            },
            &strings.join("\n"),
        );
    }
}

/// Custom XML kept in `MsoDataStore`: all its text and attribute values.
fn report_custom_xml(data: &[u8], path: &str, ctx: &Context, visitor: &dyn Visitor) {
    use quick_xml::events::Event;
    let loc = base_loc(ctx, path);
    let mut out: Vec<String> = Vec::new();
    let mut r = super::xml::XmlReader::new(data, &display_name(path), &ctx.limits);
    let ok = loop {
        match r.next() {
            Ok(Event::Text(t)) => {
                let s = t.xml10_content().into_owned();
                if !s.trim().is_empty() {
                    out.push(s);
                }
            }
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                for a in e.attributes().with_checks(false).flatten() {
                    let v = a.value.to_string();
                    if !v.trim().is_empty() {
                        out.push(v);
                    }
                }
            }
            Ok(Event::Eof) => break true,
            Ok(_) => {}
            Err(_) => break false,
        }
    };
    if !ok {
        // Not well-formed (or UTF-16): every printable run instead.
        out = text::printable_runs(data, 4);
    }
    visitor.feature(Feature::new(
        Kind::CustomXml,
        loc.clone(),
        "Custom XML data is stored in the file.",
    ));
    if !out.is_empty() {
        visitor.text(
            TextPlace {
                kind: Kind::CustomXml,
                location: &loc,
                field: None,
                hidden: true,
            },
            &out.join("\n"),
        );
    }
}

/// OLE1 "Package" payload of an `\x01Ole10Native` stream: label, file
/// paths and the embedded file's bytes.
pub fn parse_ole10_native(d: &[u8]) -> Option<(Vec<String>, &[u8])> {
    let mut at = 4usize; // total size
    at += 2; // flags
    let cstr = |at: &mut usize| -> Option<String> {
        let rest = d.get(*at..)?;
        let end = rest.iter().position(|&b| b == 0)?;
        let s = text::decode_cp(rest.get(..end)?, 1252);
        *at += end + 1;
        Some(s)
    };
    let label = cstr(&mut at)?;
    let source = cstr(&mut at)?;
    at += 4; // flags2, unknown
    let tlen = u32::from_le_bytes(d.get(at..at + 4)?.try_into().ok()?) as usize;
    at += 4;
    let temp_bytes = d.get(at..at.checked_add(tlen)?)?;
    let temp = text::decode_cp(
        temp_bytes.split(|&b| b == 0).next().unwrap_or_default(),
        1252,
    );
    at += tlen;
    let dlen = u32::from_le_bytes(d.get(at..at + 4)?.try_into().ok()?) as usize;
    at += 4;
    let data = d.get(at..at.checked_add(dlen)?)?;
    Some((vec![label, source, temp], data))
}

/// True when the bytes are a format foiguard can read as a file of its own.
fn looks_inspectable(bytes: &[u8], name: &str) -> bool {
    !matches!(
        super::sniff_bytes(bytes.get(..8192).unwrap_or(bytes), name),
        Format::Unknown
    )
}

fn report_embedded(
    cf: &mut Compound<'_>,
    storage: &str,
    ctx: &Context,
    visitor: &dyn Visitor,
    budget: &mut u64,
) -> Result<()> {
    let limits = ctx.limits.clone();
    let loc = base_loc(ctx, storage);
    visitor.feature(Feature::new(
        Kind::EmbeddedObject,
        loc.clone(),
        "An embedded object (another file kept inside this workbook).",
    ));
    let prefix = format!("{storage}/");
    let streams: Vec<EntryInfo> = cf
        .entries
        .iter()
        .filter(|e| e.stream && e.path.starts_with(&prefix))
        .cloned()
        .collect();
    let has = |n: &str| {
        streams
            .iter()
            .any(|e| e.path[prefix.len()..].eq_ignore_ascii_case(n))
    };
    let send_text = |runs: Vec<String>, part: &str, field: Option<&str>| {
        if runs.is_empty() {
            return;
        }
        let l = base_loc(ctx, part);
        visitor.text(
            TextPlace {
                kind: Kind::EmbeddedObject,
                location: &l,
                field,
                hidden: true,
            },
            &runs.join("\n"),
        );
    };
    if has("Workbook") || has("Book") {
        let bytes = cf.extract_storage(storage, &limits, budget)?;
        super::inspect_embedded(&bytes, &display_name(storage), ctx, visitor);
        return Ok(());
    }
    for e in &streams {
        let leaf = &e.path[prefix.len()..];
        if is_standard_stream(leaf) {
            continue;
        }
        let data = cf.read(&e.path, &limits, budget)?;
        let part = display_name(&e.path);
        if leaf.eq_ignore_ascii_case("\u{1}Ole10Native") {
            match parse_ole10_native(&data) {
                Some((names, payload)) => {
                    send_text(
                        names.iter().filter(|s| !s.is_empty()).cloned().collect(),
                        &e.path,
                        Some("path"),
                    );
                    let name = names.first().cloned().unwrap_or_default();
                    if looks_inspectable(payload, &name) {
                        super::inspect_embedded(payload, &format!("{part}/{name}"), ctx, visitor);
                    } else {
                        send_text(text::printable_runs(payload, 4), &e.path, None);
                    }
                }
                None => send_text(text::printable_runs(&data, 4), &e.path, None),
            }
        } else if looks_inspectable(&data, leaf) && !leaf.eq_ignore_ascii_case("CONTENTS")
            || leaf.eq_ignore_ascii_case("Package")
        {
            super::inspect_embedded(&data, &part, ctx, visitor);
        } else {
            send_text(text::printable_runs(&data, 4), &e.path, None);
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests;
