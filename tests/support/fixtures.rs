//! Fixture builders for foiguard's integration tests and bundled samples.
//!
//! Every builder returns the bytes of one small file, made in memory and
//! reproducibly (fixed document dates, fixed zip timestamps, a seeded
//! generator for invented people). Workbooks start from `rust_xlsxwriter`;
//! what it cannot express (pivot caches, external links, custom XML, threaded
//! comments, revision logs, data models, unknown parts, embedded workbooks,
//! `x15ac:absPath`) is patched into the package with [`Package`]. Encrypted
//! OOXML and legacy xls are built with the `cfb` crate, ODS with `zip`.
//!
//! All people are invented; phone numbers are in Ofcom's drama range
//! 07700 900000-900999.
//!
//! This file is shared by `tests/*.rs` (through `tests/support/mod.rs`) and by
//! `samples/make_samples.rs` (through `#[path]`), so it depends only on crates.
#![allow(dead_code)]

use std::io::{Cursor, Read, Write};

use rust_xlsxwriter::{
    Chart, ChartType, Color, DataValidation, DocProperties, ExcelDateTime, FilterCondition, Format,
    FormatBorder, Formula, Image, Note, Shape, Url, Workbook, Worksheet, XlsxError,
};

// ---------------------------------------------------------------------------
// Invented people
// ---------------------------------------------------------------------------

/// Invented surnames planted in fixtures and samples. A masked report must
/// never show one of these unmasked.
pub const SURNAMES: &[&str] = &[
    "Quarrendon",
    "Vellacott",
    "Thrushcombe",
    "Ardenwick",
    "Blenkinsopp",
    "Corriebrook",
    "Dunsmallow",
    "Elverstone",
    "Fenwrighte",
    "Garrowfield",
    "Hollinshade",
    "Iverscombe",
    "Jessamondt",
    "Kettleburgh",
    "Larkhollow",
    "Marrowdene",
    "Nethercoyle",
    "Oakenshawe",
    "Pellingrove",
    "Rookesbury",
    "Saltonstall",
    "Tavernleigh",
    "Umbergate",
    "Wendlebury",
    "Yarrowmere",
    "Brackwater",
    "Cobbledick",
    "Drewsteignt",
    "Farthingale",
    "Gildersleeve",
];

/// Ranks in the order a count table lists them.
pub const RANKS: &[&str] = &[
    "Constable",
    "Sergeant",
    "Inspector",
    "Chief Inspector",
    "Superintendent",
    "Chief Superintendent",
];

const ROLES: &[&str] = &[
    "Response",
    "Neighbourhood",
    "Investigations",
    "Roads Policing",
    "Custody",
    "Public Protection",
    "Intelligence",
];
const DEPARTMENTS: &[&str] = &[
    "Operational Support",
    "Crime Operations",
    "District Policing",
    "Corporate Services",
    "Legacy Investigations",
];
const LOCATIONS: &[&str] = &[
    "Northgate",
    "Riverside",
    "Castlehill",
    "Millbrook",
    "Harbourside",
    "Westfield",
];
const INITIALS: &[u8] = b"ABCDEFGHIJKLMNPRSTW";

/// A small deterministic generator (xorshift64*), so fixtures are identical
/// on every run and every machine.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One invented officer, as a personnel table would list them.
#[derive(Clone, Debug, PartialEq)]
pub struct Officer {
    pub surname: String,
    pub initial: String,
    pub rank: String,
    pub role: String,
    pub department: String,
    pub location: String,
    pub service_number: u32,
}

/// `n` invented officers, reproducibly. Ranks are weighted like a real force
/// (mostly constables); service numbers are unique 6-digit numbers.
pub fn officers(n: usize) -> Vec<Officer> {
    let mut rng = Rng::new(2023);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let r = rng.below(100);
        let rank = match r {
            0..=61 => 0,
            62..=81 => 1,
            82..=91 => 2,
            92..=96 => 3,
            97..=98 => 4,
            _ => 5,
        };
        out.push(Officer {
            surname: rng.pick(SURNAMES).to_string(),
            initial: (*rng.pick(INITIALS) as char).to_string(),
            rank: RANKS[rank].to_string(),
            role: rng.pick(ROLES).to_string(),
            department: rng.pick(DEPARTMENTS).to_string(),
            location: rng.pick(LOCATIONS).to_string(),
            service_number: 104_000 + (i as u32) * 37 + rng.below(30) as u32,
        });
    }
    out
}

/// How many officers hold each rank, in [`RANKS`] order.
pub fn rank_counts(officers: &[Officer]) -> Vec<(&'static str, u32)> {
    RANKS
        .iter()
        .map(|r| (*r, officers.iter().filter(|o| o.rank == *r).count() as u32))
        .collect()
}

/// A phone number in Ofcom's drama range (07700 900000-900999).
pub fn drama_phone(n: u32) -> String {
    format!("07700 900{:03}", n % 1000)
}

// ---------------------------------------------------------------------------
// Workbook helpers
// ---------------------------------------------------------------------------

/// The fixed creation date every fixture carries, so output is byte-stable.
pub fn fixed_date() -> ExcelDateTime {
    ExcelDateTime::from_ymd(2024, 3, 1)
        .and_then(|d| d.and_hms(9, 30, 0))
        .expect("fixed date")
}

/// Document properties that name no person (organisational only).
pub fn org_properties() -> DocProperties {
    DocProperties::new()
        .set_company("Example Constabulary")
        .set_creation_datetime(&fixed_date())
}

/// Build an xlsx with rust_xlsxwriter. The workbook carries organisational
/// properties and a fixed date unless `f` sets its own.
pub fn xlsx(f: impl FnOnce(&mut Workbook) -> Result<(), XlsxError>) -> Vec<u8> {
    let mut wb = Workbook::new();
    wb.set_properties(&org_properties());
    f(&mut wb).expect("building a fixture workbook");
    wb.save_to_buffer().expect("saving a fixture workbook")
}

/// Write a header row and rows of text/number cells starting at (row, 0).
pub fn write_table(
    ws: &mut Worksheet,
    row: u32,
    header: &[&str],
    rows: &[Vec<Val>],
) -> Result<(), XlsxError> {
    let bold = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    for (c, h) in header.iter().enumerate() {
        ws.write_with_format(row, c as u16, *h, &bold)?;
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            let (rr, cc) = (row + 1 + r as u32, c as u16);
            match v {
                Val::S(s) => ws.write(rr, cc, s.as_str())?,
                Val::N(n) => ws.write(rr, cc, *n)?,
            };
        }
    }
    Ok(())
}

/// A cell value for [`write_table`].
#[derive(Clone, Debug)]
pub enum Val {
    S(String),
    N(f64),
}

pub fn s(v: impl Into<String>) -> Val {
    Val::S(v.into())
}
pub fn n(v: impl Into<f64>) -> Val {
    Val::N(v.into())
}

/// A visible "Officers by rank" count table (the kind of answer an FOI
/// request asks for): header in row 1, one row per rank, a total.
pub fn write_rank_counts(ws: &mut Worksheet, counts: &[(&str, u32)]) -> Result<(), XlsxError> {
    let rows: Vec<Vec<Val>> = counts.iter().map(|(r, c)| vec![s(*r), n(*c)]).collect();
    write_table(ws, 0, &["Rank", "Officers"], &rows)?;
    let total: u32 = counts.iter().map(|(_, c)| c).sum();
    let last = counts.len() as u32 + 1;
    ws.write(last, 0, "Total")?;
    ws.write(last, 1, total)?;
    ws.set_column_width(0, 22)?;
    Ok(())
}

/// The standard small count table used by "clean" and "without" fixtures.
pub fn small_counts() -> Vec<(&'static str, u32)> {
    vec![
        ("Constable", 124),
        ("Sergeant", 40),
        ("Inspector", 19),
        ("Chief Inspector", 8),
        ("Superintendent", 6),
    ]
}

/// Write a personnel table (surname, initial, rank, role, department,
/// location, service number) at A1.
pub fn write_personnel(ws: &mut Worksheet, officers: &[Officer]) -> Result<(), XlsxError> {
    let rows: Vec<Vec<Val>> = officers
        .iter()
        .map(|o| {
            vec![
                s(&o.surname),
                s(&o.initial),
                s(&o.rank),
                s(&o.role),
                s(&o.department),
                s(&o.location),
                n(o.service_number),
            ]
        })
        .collect();
    write_table(
        ws,
        0,
        &[
            "Surname",
            "Initial",
            "Rank",
            "Role",
            "Department",
            "Location",
            "Service number",
        ],
        &rows,
    )
}

// ---------------------------------------------------------------------------
// Raw package editing (for what rust_xlsxwriter cannot write)
// ---------------------------------------------------------------------------

pub const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
pub const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/// Relationship type URIs used by the raw fixtures.
pub mod rel {
    pub const PIVOT_CACHE_DEFINITION: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheDefinition";
    pub const PIVOT_CACHE_RECORDS: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheRecords";
    pub const PIVOT_TABLE: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotTable";
    pub const EXTERNAL_LINK: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink";
    pub const EXTERNAL_LINK_PATH: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath";
    pub const CONNECTIONS: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/connections";
    pub const QUERY_TABLE: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/queryTable";
    pub const POWER_PIVOT_DATA: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/powerPivotData";
    pub const CUSTOM_XML: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml";
    pub const CUSTOM_XML_PROPS: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps";
    pub const PACKAGE: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package";
    pub const OLE_OBJECT: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject";
    pub const THREADED_COMMENT: &str =
        "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment";
    pub const PERSON: &str = "http://schemas.microsoft.com/office/2017/10/relationships/person";
    pub const REVISION_HEADERS: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/revisionHeaders";
    pub const REVISION_LOG: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/revisionLog";
    pub const USERNAMES: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/usernames";
    pub const CUSTOM_PROPERTIES: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties";
}

/// Content types used by the raw fixtures.
pub mod ct {
    pub const PIVOT_CACHE_DEFINITION: &str =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml";
    pub const PIVOT_CACHE_RECORDS: &str =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml";
    pub const PIVOT_TABLE: &str =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml";
    pub const EXTERNAL_LINK: &str =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml";
    pub const CONNECTIONS: &str =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml";
    pub const QUERY_TABLE: &str =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.queryTable+xml";
    pub const MODEL_DATA: &str = "application/vnd.openxmlformats-officedocument.model+data";
    pub const CUSTOM_XML_PROPS: &str =
        "application/vnd.openxmlformats-officedocument.customXmlProperties+xml";
    pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    pub const THREADED_COMMENTS: &str = "application/vnd.ms-excel.threadedcomments+xml";
    pub const PERSON: &str = "application/vnd.ms-excel.person+xml";
    pub const REVISION_HEADERS: &str =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.revisionHeaders+xml";
    pub const REVISION_LOG: &str =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.revisionLog+xml";
    pub const USERNAMES: &str =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.userNames+xml";
}

/// An OOXML/ODF package held as an ordered list of (name, bytes) entries,
/// for patching parts that rust_xlsxwriter cannot write. Editing helpers
/// panic when an anchor is missing, so a fixture never silently lacks the
/// feature it is meant to carry.
#[derive(Clone, Debug, Default)]
pub struct Package {
    pub entries: Vec<(String, Vec<u8>)>,
}

impl Package {
    /// Read every entry of a zip.
    pub fn open(bytes: &[u8]) -> Package {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("fixture zip");
        let mut entries = Vec::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).expect("fixture zip entry");
            if f.is_dir() {
                continue;
            }
            let mut buf = Vec::new();
            f.read_to_end(&mut buf).expect("fixture zip read");
            let name = f.name().expect("fixture zip entry name").to_string();
            entries.push((name, buf));
        }
        Package { entries }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.entries.iter().any(|(n, _)| n == name)
    }

    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.as_slice())
    }

    /// The text of a part (panics when absent).
    pub fn text(&self, name: &str) -> String {
        let b = self
            .get(name)
            .unwrap_or_else(|| panic!("fixture part {name} missing"));
        String::from_utf8(b.to_vec()).expect("fixture part is UTF-8")
    }

    /// Add or replace a part.
    pub fn put(&mut self, name: &str, bytes: impl Into<Vec<u8>>) -> &mut Self {
        let bytes = bytes.into();
        if let Some(e) = self.entries.iter_mut().find(|(n, _)| n == name) {
            e.1 = bytes;
        } else {
            self.entries.push((name.to_string(), bytes));
        }
        self
    }

    pub fn remove(&mut self, name: &str) -> &mut Self {
        self.entries.retain(|(n, _)| n != name);
        self
    }

    /// Replace the first occurrence of `from` in a part (panics when absent).
    pub fn replace(&mut self, name: &str, from: &str, to: &str) -> &mut Self {
        let t = self.text(name);
        assert!(t.contains(from), "fixture part {name} lacks {from:?}");
        let t = t.replacen(from, to, 1);
        self.put(name, t)
    }

    /// Insert `text` just before the first `anchor` in a part.
    pub fn insert_before(&mut self, name: &str, anchor: &str, text: &str) -> &mut Self {
        self.replace(name, anchor, &format!("{text}{anchor}"))
    }

    /// Insert `text` just after the first `anchor` in a part.
    pub fn insert_after(&mut self, name: &str, anchor: &str, text: &str) -> &mut Self {
        self.replace(name, anchor, &format!("{anchor}{text}"))
    }

    /// Declare a part's content type (`<Override>`).
    pub fn override_type(&mut self, part: &str, content_type: &str) -> &mut Self {
        let o = format!(r#"<Override PartName="/{part}" ContentType="{content_type}"/>"#);
        self.insert_before("[Content_Types].xml", "</Types>", &o)
    }

    /// Declare a content type for every part with an extension (`<Default>`).
    pub fn default_type(&mut self, ext: &str, content_type: &str) -> &mut Self {
        let t = self.text("[Content_Types].xml");
        if t.contains(&format!(r#"Extension="{ext}""#)) {
            return self;
        }
        let d = format!(r#"<Default Extension="{ext}" ContentType="{content_type}"/>"#);
        self.insert_after(
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
            &d,
        )
    }

    /// The relationships part of `source` (`""` for the package itself).
    pub fn rels_name(source: &str) -> String {
        if source.is_empty() {
            return "_rels/.rels".to_string();
        }
        match source.rsplit_once('/') {
            Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
            None => format!("_rels/{source}.rels"),
        }
    }

    /// Add a relationship from `source` and return its id. `target` is
    /// relative to the source's folder (or an external URI when `external`).
    pub fn relate(&mut self, source: &str, rel_type: &str, target: &str, external: bool) -> String {
        let rels = Package::rels_name(source);
        if !self.contains(&rels) {
            self.put(
                &rels,
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
                 <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>",
            );
        }
        let text = self.text(&rels);
        let mut k = 1;
        let id = loop {
            let id = format!("rId{k}");
            if !text.contains(&format!("Id=\"{id}\"")) {
                break id;
            }
            k += 1;
        };
        let mode = if external {
            r#" TargetMode="External""#
        } else {
            ""
        };
        let r = format!(
            r#"<Relationship Id="{id}" Type="{rel_type}" Target="{}"{mode}/>"#,
            xml_escape(target)
        );
        self.insert_before(&rels, "</Relationships>", &r);
        id
    }

    /// Write the package as a zip, `[Content_Types].xml` (or ODF `mimetype`,
    /// stored) first, with fixed timestamps.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut order: Vec<&(String, Vec<u8>)> = Vec::new();
        for first in ["mimetype", "[Content_Types].xml"] {
            order.extend(self.entries.iter().filter(|(n, _)| n == first));
        }
        order.extend(
            self.entries
                .iter()
                .filter(|(n, _)| n != "mimetype" && n != "[Content_Types].xml"),
        );
        zip_entries(order.iter().map(|(n, b)| (n.as_str(), b.as_slice())))
    }
}

/// Zip `(name, bytes)` entries with fixed timestamps; `mimetype` is stored.
pub fn zip_entries<'a>(entries: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        let method = if name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let opts = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(zip::DateTime::default());
        w.start_file(name, opts).expect("fixture zip entry");
        w.write_all(bytes).expect("fixture zip write");
    }
    w.finish().expect("fixture zip finish").into_inner()
}

/// Escape text for an XML attribute or element.
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

// ---------------------------------------------------------------------------
// Clean workbooks
// ---------------------------------------------------------------------------

/// A plain count table, nothing hidden, no personal data: must pass.
pub fn clean_counts_xlsx() -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Officers by rank")?;
        write_rank_counts(ws, &small_counts())
    })
}

/// Two visible sheets of counts, nothing hidden.
pub fn clean_two_sheets_xlsx() -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Officers by rank")?;
        write_rank_counts(ws, &small_counts())?;
        let ws = wb.add_worksheet();
        ws.set_name("By district")?;
        let rows = vec![
            vec![s("Northgate"), n(61)],
            vec![s("Riverside"), n(47)],
            vec![s("Castlehill"), n(86)],
        ];
        write_table(ws, 0, &["District", "Officers"], &rows)
    })
}

// ---------------------------------------------------------------------------
// Hidden sheets, rows, columns, filters, outlines
// ---------------------------------------------------------------------------

/// A visible "Summary" count table plus a hidden (or very hidden) "Staff"
/// sheet holding a personnel table of 12 invented officers.
pub fn hidden_sheet_xlsx(very_hidden: bool) -> Vec<u8> {
    xlsx(|wb| {
        let staff = officers(12);
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        write_rank_counts(ws, &rank_counts(&staff))?;
        let ws = wb.add_worksheet();
        ws.set_name("Staff")?;
        write_personnel(ws, &staff)?;
        if very_hidden {
            ws.set_very_hidden(true);
        } else {
            ws.set_hidden(true);
        }
        Ok(())
    })
}

/// A visible table plus a hidden sheet with no cells at all.
pub fn empty_hidden_sheet_xlsx() -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        write_rank_counts(ws, &small_counts())?;
        let ws = wb.add_worksheet();
        ws.set_name("Spare")?;
        ws.set_hidden(true);
        Ok(())
    })
}

/// A table of cases on "Cases" (A1:C9) whose row 6 is hidden. With
/// `content`, the hidden row holds a name and phone number; without, the
/// hidden row is empty (and must raise nothing).
pub fn hidden_rows_xlsx(content: bool) -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Cases")?;
        let mut rows = Vec::new();
        for i in 0..8 {
            if i == 4 {
                if content {
                    rows.push(vec![s("Vellacott"), s(drama_phone(123)), s("Withdrawn")]);
                } else {
                    rows.push(vec![]);
                }
            } else {
                rows.push(vec![s(format!("Ward {}", i + 1)), n(10 + i), s("Open")]);
            }
        }
        write_table(ws, 0, &["Area", "Cases", "Status"], &rows)?;
        ws.set_row_hidden(5)?;
        Ok(())
    })
}

/// Row 6 of "Cases" has zero height without the `hidden` flag
/// (`<row ht="0" customHeight="1">`) and holds a name.
pub fn zero_height_row_xlsx() -> Vec<u8> {
    let base = xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Cases")?;
        let mut rows = Vec::new();
        for i in 0..8 {
            if i == 4 {
                rows.push(vec![s("Vellacott"), s(drama_phone(124)), s("Withdrawn")]);
            } else {
                rows.push(vec![s(format!("Ward {}", i + 1)), n(10 + i), s("Open")]);
            }
        }
        write_table(ws, 0, &["Area", "Cases", "Status"], &rows)?;
        ws.set_row_height(5, 7)?;
        Ok(())
    });
    let mut p = Package::open(&base);
    let sheet = "xl/worksheets/sheet1.xml";
    let t = p.text(sheet);
    let start = t.find("<row r=\"6\"").expect("row 6");
    let end = start + t[start..].find('>').expect("row 6 end");
    let row = &t[start..end];
    assert!(
        !row.contains("hidden"),
        "fixture row must not carry the flag"
    );
    let new_row = row
        .split(' ')
        .map(|a| if a.starts_with("ht=") { "ht=\"0\"" } else { a })
        .collect::<Vec<_>>()
        .join(" ");
    let t = format!("{}{}{}", &t[..start], new_row, &t[end..]);
    p.put(sheet, t);
    p.to_bytes()
}

/// A `zeroHeight` ("hide unused rows") sheet: rows 1-3 have their own
/// height, row 6 (a name) has none. Excel hides only the rows `sheetData`
/// does not list (they hold no cells), so every row with content stays
/// visible (compare the Excel-made `default_row02.xlsx` in rust_xlsxwriter's
/// test files, whose listed rows without a height all show).
pub fn zero_height_sheet_xlsx() -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Cases")?;
        let rows = vec![vec![s("Ward 1"), n(12)], vec![s("Ward 2"), n(9)]];
        write_table(ws, 0, &["Area", "Cases"], &rows)?;
        for r in 0..3 {
            ws.set_row_height(r, 16)?;
        }
        ws.write(5, 0, "Vellacott")?;
        ws.write(5, 1, drama_phone(125).as_str())?;
        ws.hide_unused_rows(true);
        Ok(())
    })
}

/// "Repairs" with column D hidden. With `content`, D holds tenants'
/// surnames; without, D is empty.
pub fn hidden_columns_xlsx(content: bool) -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Repairs")?;
        let mut rows = Vec::new();
        for i in 0..6u32 {
            let mut r = vec![s(format!("Ward {}", i + 1)), n(3 + i), n(1 + i % 3)];
            if content {
                r.push(s(SURNAMES[i as usize]));
            }
            rows.push(r);
        }
        let header: &[&str] = if content {
            &["Ward", "Repairs", "Outstanding", "Tenant"]
        } else {
            &["Ward", "Repairs", "Outstanding"]
        };
        write_table(ws, 0, header, &rows)?;
        ws.set_column_hidden(3)?;
        Ok(())
    })
}

/// Column D of "Repairs" has zero width without the `hidden` flag
/// (`<col width="0">`) and holds surnames.
pub fn zero_width_column_xlsx() -> Vec<u8> {
    let base = xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Repairs")?;
        let mut rows = Vec::new();
        for i in 0..6u32 {
            rows.push(vec![
                s(format!("Ward {}", i + 1)),
                n(3 + i),
                n(1 + i % 3),
                s(SURNAMES[i as usize]),
            ]);
        }
        write_table(ws, 0, &["Ward", "Repairs", "Outstanding", "Tenant"], &rows)?;
        Ok(())
    });
    let mut p = Package::open(&base);
    p.insert_before(
        "xl/worksheets/sheet1.xml",
        "<sheetData>",
        r#"<cols><col min="4" max="4" width="0" customWidth="1"/></cols>"#,
    );
    p.to_bytes()
}

/// Rows 3-6 of "Cases" sit in a collapsed outline group and hold names.
pub fn collapsed_rows_xlsx() -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Cases")?;
        ws.write(0, 0, "District")?;
        ws.write(0, 1, "Cases")?;
        ws.write(1, 0, "Northgate")?;
        ws.write(1, 1, 4)?;
        for i in 0..4u32 {
            ws.write(2 + i, 0, SURNAMES[i as usize])?;
            ws.write(2 + i, 1, 1)?;
        }
        ws.write(6, 0, "Riverside")?;
        ws.write(6, 1, 2)?;
        ws.group_rows_collapsed(2, 5)?;
        Ok(())
    })
}

/// Columns C-D of "Cases" sit in a collapsed outline group and hold names.
pub fn collapsed_columns_xlsx() -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Cases")?;
        ws.write(0, 0, "District")?;
        ws.write(0, 1, "Cases")?;
        ws.write(0, 2, "Officer")?;
        ws.write(0, 3, "Phone")?;
        for i in 0..4u32 {
            ws.write(1 + i, 0, LOCATIONS[i as usize])?;
            ws.write(1 + i, 1, 2 + i)?;
            ws.write(1 + i, 2, SURNAMES[i as usize])?;
            ws.write(1 + i, 3, drama_phone(200 + i).as_str())?;
        }
        ws.group_columns_collapsed(2, 3)?;
        Ok(())
    })
}

/// An incident table on "Incidents" with an autofilter. With `active`, the
/// filter keeps only "Closed" rows, so the "Open" rows (with officer names)
/// are hidden by the filter; without, the autofilter hides nothing.
pub fn filtered_rows_xlsx(active: bool) -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Incidents")?;
        let mut rows = Vec::new();
        for i in 0..10u32 {
            let status = if i % 3 == 0 { "Open" } else { "Closed" };
            let officer = if status == "Open" {
                format!("PC {} {}", 1200 + i, SURNAMES[i as usize])
            } else {
                "-".to_string()
            };
            rows.push(vec![n(240_100 + i), s(status), s(officer)]);
        }
        write_table(ws, 0, &["Reference", "Status", "Officer"], &rows)?;
        ws.autofilter(0, 0, 10, 2)?;
        if active {
            ws.filter_column(1, &FilterCondition::new().add_list_filter("Closed"))?;
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// Invisible text, far-away data
// ---------------------------------------------------------------------------

/// Ways to make text invisible.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invisible {
    /// White font, no fill.
    WhiteOnNoFill,
    /// Font colour equal to the fill colour (yellow on yellow).
    SameAsFill,
    /// Font colour from the theme ("Background 1", white), no fill.
    ThemeWhite,
    /// Number format `;;;` (every section empty).
    EmptyFormat,
    /// Font size 1.
    TinyFont,
}

/// "Summary" with a count table at A1:B6 and, at D3, a name made invisible
/// the given way.
pub fn invisible_text_xlsx(how: Invisible) -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        write_rank_counts(ws, &small_counts())?;
        let f = match how {
            Invisible::WhiteOnNoFill => Format::new().set_font_color(Color::White),
            Invisible::SameAsFill => Format::new()
                .set_font_color(Color::RGB(0xFFFF00))
                .set_background_color(Color::RGB(0xFFFF00)),
            Invisible::ThemeWhite => Format::new().set_font_color(Color::Theme(0, 0)),
            Invisible::EmptyFormat => Format::new().set_num_format(";;;"),
            Invisible::TinyFont => Format::new().set_font_size(1),
        };
        ws.write_with_format(2, 3, "PC 1234 Vellacott", &f)?;
        Ok(())
    })
}

/// Text that is visible although coloured: white on a dark fill, dark text
/// on a light fill, and a normal number format.
pub fn visible_coloured_text_xlsx() -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        let header = Format::new()
            .set_bold()
            .set_font_color(Color::White)
            .set_background_color(Color::RGB(0x1F3864));
        let light = Format::new()
            .set_font_color(Color::RGB(0x1F3864))
            .set_background_color(Color::RGB(0xDDEBF7));
        let money = Format::new().set_num_format("#,##0;[Red]-#,##0");
        ws.write_with_format(0, 0, "Rank", &header)?;
        ws.write_with_format(0, 1, "Officers", &header)?;
        for (i, (r, c)) in small_counts().iter().enumerate() {
            ws.write_with_format(1 + i as u32, 0, *r, &light)?;
            ws.write_with_format(1 + i as u32, 1, *c, &money)?;
        }
        Ok(())
    })
}

/// "Summary" with a count table at A1:B7 and, with `far`, a name at AZ5000;
/// without, the extra value sits right beside the table (D3).
pub fn far_away_xlsx(far: bool) -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        write_rank_counts(ws, &small_counts())?;
        if far {
            ws.write(4999, 51, "Quarrendon J, PC 4521")?;
        } else {
            ws.write(2, 3, "Source: duty roster, March 2024")?;
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// Pivot caches, data model, connections, external links
// ---------------------------------------------------------------------------

/// One housing applicant for the pivot cache fixture (Islington-style).
#[derive(Clone, Debug)]
pub struct Applicant {
    pub surname: String,
    pub band: &'static str,
    pub medical: &'static str,
    pub age: u32,
}

/// `n` invented housing applicants.
pub fn applicants(n: usize) -> Vec<Applicant> {
    let mut rng = Rng::new(2013);
    (0..n)
        .map(|_| Applicant {
            surname: rng.pick(SURNAMES).to_string(),
            band: ["Band A", "Band B", "Band C"][rng.below(3)],
            medical: ["Yes", "No"][rng.below(2)],
            age: 18 + rng.below(70) as u32,
        })
        .collect()
}

/// A "Summary" sheet showing a pivot table (applicants per priority band)
/// whose cache definition and records hold every source row: surname,
/// band, medical need, age. The source sheet is gone; `refreshedBy` names
/// a person.
pub fn pivot_cache_xlsx(rows: usize) -> Vec<u8> {
    let apps = applicants(rows);
    let bands = ["Band A", "Band B", "Band C"];
    let base = xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        ws.write(0, 0, "Housing applicants by priority band")?;
        ws.write(2, 0, "Row Labels")?;
        ws.write(2, 1, "Count of Surname")?;
        for (i, b) in bands.iter().enumerate() {
            ws.write(3 + i as u32, 0, *b)?;
            ws.write(
                3 + i as u32,
                1,
                apps.iter().filter(|a| a.band == *b).count() as u32,
            )?;
        }
        ws.write(6, 0, "Grand Total")?;
        ws.write(6, 1, apps.len() as u32)?;
        ws.set_column_width(0, 24)?;
        Ok(())
    });
    let mut names: Vec<&str> = Vec::new();
    for a in &apps {
        if !names.contains(&a.surname.as_str()) {
            names.push(a.surname.as_str());
        }
    }
    let (min_age, max_age) = apps
        .iter()
        .fold((u32::MAX, 0), |(lo, hi), a| (lo.min(a.age), hi.max(a.age)));
    let mut def = String::from(XML_DECL);
    def.push_str(&format!(
        r#"<pivotCacheDefinition xmlns="{MAIN_NS}" xmlns:r="{REL_NS}" r:id="rId1" refreshedBy="Jane Quarrendon" refreshedDate="45352.395" createdVersion="6" refreshedVersion="6" minRefreshableVersion="3" recordCount="{}">"#,
        apps.len()
    ));
    def.push_str(&format!(
        r#"<cacheSource type="worksheet"><worksheetSource ref="A1:D{}" sheet="Applicants"/></cacheSource><cacheFields count="4">"#,
        apps.len() + 1
    ));
    def.push_str(&format!(
        r#"<cacheField name="Surname" numFmtId="0"><sharedItems count="{}">"#,
        names.len()
    ));
    for nm in &names {
        def.push_str(&format!(r#"<s v="{}"/>"#, xml_escape(nm)));
    }
    def.push_str("</sharedItems></cacheField>");
    def.push_str(r#"<cacheField name="Priority band" numFmtId="0"><sharedItems count="3"><s v="Band A"/><s v="Band B"/><s v="Band C"/></sharedItems></cacheField>"#);
    def.push_str(r#"<cacheField name="Medical need" numFmtId="0"><sharedItems count="2"><s v="Yes"/><s v="No"/></sharedItems></cacheField>"#);
    def.push_str(&format!(
        r#"<cacheField name="Age" numFmtId="0"><sharedItems containsSemiMixedTypes="0" containsString="0" containsNumber="1" containsInteger="1" minValue="{min_age}" maxValue="{max_age}"/></cacheField>"#
    ));
    def.push_str("</cacheFields></pivotCacheDefinition>");

    let mut rec = String::from(XML_DECL);
    rec.push_str(&format!(
        r#"<pivotCacheRecords xmlns="{MAIN_NS}" xmlns:r="{REL_NS}" count="{}">"#,
        apps.len()
    ));
    for a in &apps {
        let ni = names.iter().position(|x| *x == a.surname).unwrap_or(0);
        let bi = bands.iter().position(|x| *x == a.band).unwrap_or(0);
        let mi = if a.medical == "Yes" { 0 } else { 1 };
        rec.push_str(&format!(
            r#"<r><x v="{ni}"/><x v="{bi}"/><x v="{mi}"/><n v="{}"/></r>"#,
            a.age
        ));
    }
    rec.push_str("</pivotCacheRecords>");

    let mut pt = String::from(XML_DECL);
    pt.push_str(&format!(
        r#"<pivotTableDefinition xmlns="{MAIN_NS}" name="PivotTable1" cacheId="1" applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1" dataCaption="Values" updatedVersion="6" minRefreshableVersion="3" useAutoFormatting="1" itemPrintTitles="1" createdVersion="6" indent="0" outline="1" outlineData="1" multipleFieldFilters="0">"#
    ));
    pt.push_str(r#"<location ref="A3:B7" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/>"#);
    pt.push_str(r#"<pivotFields count="4"><pivotField dataField="1" showAll="0"/><pivotField axis="axisRow" showAll="0"><items count="4"><item x="0"/><item x="1"/><item x="2"/><item t="default"/></items></pivotField><pivotField showAll="0"/><pivotField showAll="0"/></pivotFields>"#);
    pt.push_str(r#"<rowFields count="1"><field x="1"/></rowFields><rowItems count="4"><i><x/></i><i><x v="1"/></i><i><x v="2"/></i><i t="grand"><x/></i></rowItems><colItems count="1"><i/></colItems>"#);
    pt.push_str(r#"<dataFields count="1"><dataField name="Count of Surname" fld="0" subtotal="count" baseField="0" baseItem="0"/></dataFields>"#);
    pt.push_str(r#"<pivotTableStyleInfo name="PivotStyleLight16" showRowHeaders="1" showColHeaders="1" showRowStripes="0" showColStripes="0" showLastColumn="1"/></pivotTableDefinition>"#);

    let mut p = Package::open(&base);
    p.put("xl/pivotCache/pivotCacheDefinition1.xml", def);
    p.put("xl/pivotCache/pivotCacheRecords1.xml", rec);
    p.put("xl/pivotTables/pivotTable1.xml", pt);
    p.override_type(
        "xl/pivotCache/pivotCacheDefinition1.xml",
        ct::PIVOT_CACHE_DEFINITION,
    );
    p.override_type(
        "xl/pivotCache/pivotCacheRecords1.xml",
        ct::PIVOT_CACHE_RECORDS,
    );
    p.override_type("xl/pivotTables/pivotTable1.xml", ct::PIVOT_TABLE);
    let rid = p.relate(
        "xl/pivotCache/pivotCacheDefinition1.xml",
        rel::PIVOT_CACHE_RECORDS,
        "pivotCacheRecords1.xml",
        false,
    );
    assert_eq!(rid, "rId1");
    let cache_rid = p.relate(
        "xl/workbook.xml",
        rel::PIVOT_CACHE_DEFINITION,
        "pivotCache/pivotCacheDefinition1.xml",
        false,
    );
    p.relate(
        "xl/pivotTables/pivotTable1.xml",
        rel::PIVOT_CACHE_DEFINITION,
        "../pivotCache/pivotCacheDefinition1.xml",
        false,
    );
    p.relate(
        "xl/worksheets/sheet1.xml",
        rel::PIVOT_TABLE,
        "../pivotTables/pivotTable1.xml",
        false,
    );
    p.insert_before(
        "xl/workbook.xml",
        "</workbook>",
        &format!(r#"<pivotCaches><pivotCache cacheId="1" r:id="{cache_rid}"/></pivotCaches>"#),
    );
    p.to_bytes()
}

/// A clean count table plus a Power Pivot data model part
/// (`xl/model/item.data`) related from the workbook.
pub fn data_model_xlsx() -> Vec<u8> {
    let mut p = Package::open(&clean_counts_xlsx());
    let mut data = b"STREAM_STORAGE_SIGNATURE_)!@#$%^&*(".to_vec();
    for name in SURNAMES.iter().take(8) {
        for u in name.encode_utf16() {
            data.extend_from_slice(&u.to_le_bytes());
        }
        data.extend_from_slice(&[0, 0]);
    }
    data.resize(4096, 0);
    p.put("xl/model/item.data", data);
    p.override_type("xl/model/item.data", ct::MODEL_DATA);
    p.relate(
        "xl/workbook.xml",
        rel::POWER_PIVOT_DATA,
        "model/item.data",
        false,
    );
    p.to_bytes()
}

/// A clean count table plus `xl/connections.xml`: an ODBC connection to a
/// staff workbook in a user's folder, and a query table on the sheet.
pub fn connection_xlsx() -> Vec<u8> {
    let mut p = Package::open(&clean_counts_xlsx());
    let conn = format!(
        r#"{XML_DECL}<connections xmlns="{MAIN_NS}"><connection id="1" name="Staff list" type="1" refreshedVersion="6" savePassword="0" saveData="1"><dbPr connection="DSN=Excel Files;DBQ=C:\Users\jquarrendon\Documents\Staff list.xlsx;DriverId=1046;" command="SELECT Surname, Rank, ServiceNo FROM `Staff$`"/></connection></connections>"#
    );
    p.put("xl/connections.xml", conn);
    p.override_type("xl/connections.xml", ct::CONNECTIONS);
    p.relate(
        "xl/workbook.xml",
        rel::CONNECTIONS,
        "connections.xml",
        false,
    );
    let qt = format!(
        r#"{XML_DECL}<queryTable xmlns="{MAIN_NS}" name="Staff list" connectionId="1" autoFormatId="16" applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="0"/>"#
    );
    p.put("xl/queryTables/queryTable1.xml", qt);
    p.override_type("xl/queryTables/queryTable1.xml", ct::QUERY_TABLE);
    p.relate(
        "xl/worksheets/sheet1.xml",
        rel::QUERY_TABLE,
        "../queryTables/queryTable1.xml",
        false,
    );
    p.to_bytes()
}

/// "Summary" with a formula into another workbook in a user's folder; the
/// external link part caches that workbook's values (names, numbers).
pub fn external_link_xlsx() -> Vec<u8> {
    external_link_xlsx_with(
        3,
        "file:///C:\\Users\\jquarrendon\\Documents\\Staff%20list.xlsx",
    )
}

/// An external link to `target` caching `cached` officers' rows (none:
/// the link keeps only the path, as Excel leaves it when it never read
/// the other file).
pub fn external_link_xlsx_with(cached: usize, target: &str) -> Vec<u8> {
    let base = xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        ws.write(0, 0, "Officers on the rota")?;
        ws.write_formula(
            0,
            1,
            Formula::new("=COUNTA([1]Staff!A2:A4)").set_result("3"),
        )?;
        Ok(())
    });
    let mut p = Package::open(&base);
    let mut rows = String::new();
    for (i, o) in officers(cached).iter().enumerate() {
        let r = i + 2;
        rows.push_str(&format!(
            r#"<row r="{r}"><cell r="A{r}" t="str"><v>{}</v></cell><cell r="B{r}"><v>{}</v></cell></row>"#,
            xml_escape(&o.surname),
            o.service_number
        ));
    }
    let link = format!(
        r#"{XML_DECL}<externalLink xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><externalBook r:id="rId1"><sheetNames><sheetName val="Staff"/></sheetNames><sheetDataSet><sheetData sheetId="0">{rows}</sheetData></sheetDataSet></externalBook></externalLink>"#
    );
    p.put("xl/externalLinks/externalLink1.xml", link);
    p.override_type("xl/externalLinks/externalLink1.xml", ct::EXTERNAL_LINK);
    let r = p.relate(
        "xl/externalLinks/externalLink1.xml",
        rel::EXTERNAL_LINK_PATH,
        target,
        true,
    );
    assert_eq!(r, "rId1");
    let wr = p.relate(
        "xl/workbook.xml",
        rel::EXTERNAL_LINK,
        "externalLinks/externalLink1.xml",
        false,
    );
    p.insert_after(
        "xl/workbook.xml",
        "</sheets>",
        &format!(r#"<externalReferences><externalReference r:id="{wr}"/></externalReferences>"#),
    );
    p.to_bytes()
}

// ---------------------------------------------------------------------------
// Comments, properties, custom XML, revisions, unknown parts
// ---------------------------------------------------------------------------

/// A count table with a note on B3 by "Jane Quarrendon".
pub fn comment_xlsx() -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        write_rank_counts(ws, &small_counts())?;
        let note = Note::new("Checked against the March establishment return.")
            .set_author("Jane Quarrendon");
        ws.insert_note(2, 1, &note)?;
        Ok(())
    })
}

/// A count table with a modern threaded comment on B2 and the person list
/// naming its author.
pub fn threaded_comment_xlsx() -> Vec<u8> {
    let mut p = Package::open(&clean_counts_xlsx());
    let person_id = "{6B1F7C1E-2A3B-4C5D-8E9F-000000000001}";
    let tc = format!(
        r#"{XML_DECL}<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" xmlns:x="{MAIN_NS}"><threadedComment ref="B2" dT="2024-03-01T09:30:00.00" personId="{person_id}" id="{{0A1B2C3D-0000-4000-8000-000000000001}}"><text>Sgt Vellacott says two of these are on long-term sick.</text></threadedComment></ThreadedComments>"#
    );
    let persons = format!(
        r#"{XML_DECL}<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" xmlns:x="{MAIN_NS}"><person displayName="Jane Quarrendon" id="{person_id}" userId="jane.quarrendon@example.police.uk" providerId="AD"/></personList>"#
    );
    p.put("xl/threadedComments/threadedComment1.xml", tc);
    p.override_type(
        "xl/threadedComments/threadedComment1.xml",
        ct::THREADED_COMMENTS,
    );
    p.relate(
        "xl/worksheets/sheet1.xml",
        rel::THREADED_COMMENT,
        "../threadedComments/threadedComment1.xml",
        false,
    );
    p.put("xl/persons/person.xml", persons);
    p.override_type("xl/persons/person.xml", ct::PERSON);
    p.relate("xl/workbook.xml", rel::PERSON, "persons/person.xml", false);
    p.to_bytes()
}

/// A count table whose author and last editor name a person.
pub fn person_properties_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_author("Jane Quarrendon")
            .set_manager("Insp. R Vellacott")
            .set_company("Example Constabulary")
            .set_creation_datetime(&fixed_date()),
    );
    let ws = wb.add_worksheet();
    ws.set_name("Summary").expect("name");
    write_rank_counts(ws, &small_counts()).expect("table");
    wb.save_to_buffer().expect("save")
}

/// A count table whose properties are organisational only (title, company,
/// category), naming no person.
pub fn organisational_properties_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title("Officers by rank, March 2024")
            .set_company("Example Constabulary")
            .set_category("FOI response")
            .set_creation_datetime(&fixed_date()),
    );
    let ws = wb.add_worksheet();
    ws.set_name("Summary").expect("name");
    write_rank_counts(ws, &small_counts()).expect("table");
    wb.save_to_buffer().expect("save")
}

/// A clean count table whose workbook.xml keeps the original folder path
/// (`x15ac:absPath`) with a user name in it.
pub fn abs_path_xlsx() -> Vec<u8> {
    let mut p = Package::open(&clean_counts_xlsx());
    let wb = p.text("xl/workbook.xml");
    let at = wb.find("<workbookPr").expect("workbookPr");
    let end = at + wb[at..].find("/>").expect("workbookPr end") + 2;
    let anchor = wb[at..end].to_string();
    p.insert_after(
        "xl/workbook.xml",
        &anchor,
        r#"<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="x15"><x15ac:absPath xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac" url="C:\Users\jquarrendon\Documents\FOI\2024-0412\"/></mc:Choice></mc:AlternateContent>"#,
    );
    p.to_bytes()
}

/// A clean count table plus a custom XML data part (with its properties
/// part) holding a staff record.
pub fn custom_xml_xlsx() -> Vec<u8> {
    let mut p = Package::open(&clean_counts_xlsx());
    p.put(
        "customXml/item1.xml",
        format!(
            "{XML_DECL}<staffRecord xmlns=\"urn:example:hr\"><surname>Quarrendon</surname><serviceNo>104321</serviceNo><phone>{}</phone></staffRecord>",
            drama_phone(321)
        ),
    );
    p.put(
        "customXml/itemProps1.xml",
        format!(
            r#"{XML_DECL}<ds:datastoreItem ds:itemID="{{5C2A7D11-0000-4000-8000-000000000001}}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs><ds:schemaRef ds:uri="urn:example:hr"/></ds:schemaRefs></ds:datastoreItem>"#
        ),
    );
    p.override_type("customXml/itemProps1.xml", ct::CUSTOM_XML_PROPS);
    p.relate(
        "customXml/item1.xml",
        rel::CUSTOM_XML_PROPS,
        "itemProps1.xml",
        false,
    );
    p.relate(
        "xl/workbook.xml",
        rel::CUSTOM_XML,
        "../customXml/item1.xml",
        false,
    );
    p.to_bytes()
}

/// A shared-workbook revision log: headers naming the user, one logged
/// change that typed a surname into B2, and the user name list.
pub fn revision_log_xlsx() -> Vec<u8> {
    let mut p = Package::open(&clean_counts_xlsx());
    let guid = "{7D3E9A10-0000-4000-8000-000000000001}";
    p.put(
        "xl/revisions/revisionHeaders.xml",
        format!(
            r#"{XML_DECL}<headers xmlns="{MAIN_NS}" xmlns:r="{REL_NS}" guid="{guid}" lastGuid="{guid}" shared="1" diskRevisions="1" revisionId="1" version="2"><header guid="{guid}" dateTime="2024-03-01T10:00:00" maxSheetId="2" userName="Jane Quarrendon" r:id="rId1"><sheetIdMap count="1"><sheetId val="1"/></sheetIdMap></header></headers>"#
        ),
    );
    p.put(
        "xl/revisions/revisionLog1.xml",
        format!(
            r#"{XML_DECL}<revisions xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><rcc rId="1" sId="1"><oc r="A2" t="inlineStr"><is><t>PC 4521 Vellacott</t></is></oc><nc r="A2" t="inlineStr"><is><t>Constable</t></is></nc></rcc></revisions>"#
        ),
    );
    p.put(
        "xl/revisions/userNames.xml",
        format!(
            r#"{XML_DECL}<users xmlns="{MAIN_NS}" xmlns:r="{REL_NS}" count="1"><userInfo guid="{guid}" name="Jane Quarrendon" id="1" dateTime="2024-03-01T10:00:00"/></users>"#
        ),
    );
    p.override_type("xl/revisions/revisionHeaders.xml", ct::REVISION_HEADERS);
    p.override_type("xl/revisions/revisionLog1.xml", ct::REVISION_LOG);
    p.override_type("xl/revisions/userNames.xml", ct::USERNAMES);
    let r = p.relate(
        "xl/revisions/revisionHeaders.xml",
        rel::REVISION_LOG,
        "revisionLog1.xml",
        false,
    );
    assert_eq!(r, "rId1");
    p.relate(
        "xl/workbook.xml",
        rel::REVISION_HEADERS,
        "revisions/revisionHeaders.xml",
        false,
    );
    p.relate(
        "xl/workbook.xml",
        rel::USERNAMES,
        "revisions/userNames.xml",
        false,
    );
    p.to_bytes()
}

/// A clean count table plus a part no relationship reaches
/// (`xl/notes/handover.xml`) holding a name and phone number.
pub fn unknown_part_xlsx() -> Vec<u8> {
    let mut p = Package::open(&clean_counts_xlsx());
    p.put(
        "xl/notes/handover.xml",
        format!(
            "{XML_DECL}<handover><note>Ring Vellacott on {} before release.</note></handover>",
            drama_phone(777)
        ),
    );
    p.to_bytes()
}

// ---------------------------------------------------------------------------
// Embedded objects, macros
// ---------------------------------------------------------------------------

/// The part name [`embedded_workbook_xlsx`] gives the inner workbook.
pub const EMBEDDED_PART: &str = "xl/embeddings/Microsoft_Excel_Worksheet1.xlsx";

/// A clean count table with `inner` (an xlsx) embedded as an OLE package
/// object on "Officers by rank".
pub fn embedded_workbook_xlsx(inner: &[u8]) -> Vec<u8> {
    let mut p = Package::open(&clean_counts_xlsx());
    p.put(EMBEDDED_PART, inner.to_vec());
    p.default_type("xlsx", ct::XLSX);
    let rid = p.relate(
        "xl/worksheets/sheet1.xml",
        rel::PACKAGE,
        "../embeddings/Microsoft_Excel_Worksheet1.xlsx",
        false,
    );
    p.insert_before(
        "xl/worksheets/sheet1.xml",
        "</worksheet>",
        &format!(r#"<oleObjects><oleObject progId="Excel.Sheet.12" shapeId="1025" r:id="{rid}"/></oleObjects>"#),
    );
    p.to_bytes()
}

/// Compress `data` in the MS-OVBA format: full 4096-byte chunks stored raw,
/// the last one as literal tokens.
pub fn ovba_compress(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x01];
    let mut chunks = data.chunks(4096).peekable();
    if data.is_empty() {
        out.extend_from_slice(&0xB000u16.to_le_bytes());
        out.push(0);
        return out;
    }
    while let Some(chunk) = chunks.next() {
        if chunk.len() == 4096 && chunks.peek().is_some() {
            out.extend_from_slice(&0x3FFFu16.to_le_bytes());
            out.extend_from_slice(chunk);
            continue;
        }
        // Compressed chunk of literal tokens only; at most ~3640 bytes fit,
        // so split a long final piece into several chunks.
        for piece in chunk.chunks(3584) {
            let mut body = Vec::new();
            for group in piece.chunks(8) {
                body.push(0u8);
                body.extend_from_slice(group);
            }
            let header = 0xB000u16 | (body.len() as u16 - 1);
            out.extend_from_slice(&header.to_le_bytes());
            out.extend_from_slice(&body);
        }
    }
    out
}

fn rec(out: &mut Vec<u8>, id: u16, data: &[u8]) {
    out.extend_from_slice(&id.to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(data);
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

/// A VBA module for [`vba_project_bin`].
pub struct VbaModule<'a> {
    pub name: &'a str,
    /// true for a document module (ThisWorkbook, Sheet1), false for a
    /// standard module.
    pub document: bool,
    pub source: String,
}

/// A minimal but well-formed `vbaProject.bin` (MS-OVBA): PROJECT stream,
/// `VBA/dir`, `VBA/_VBA_PROJECT` (version 0xFFFF, so Office recompiles from
/// source) and one compressed source stream per module.
pub fn vba_project_bin(modules: &[VbaModule<'_>]) -> Vec<u8> {
    // dir stream
    let mut d = Vec::new();
    rec(&mut d, 0x0001, &1u32.to_le_bytes()); // PROJECTSYSKIND: win32
    rec(&mut d, 0x0002, &0x0409u32.to_le_bytes()); // PROJECTLCID
    rec(&mut d, 0x0014, &0x0409u32.to_le_bytes()); // PROJECTLCIDINVOKE
    rec(&mut d, 0x0003, &1252u16.to_le_bytes()); // PROJECTCODEPAGE
    rec(&mut d, 0x0004, b"VBAProject"); // PROJECTNAME
    rec(&mut d, 0x0005, b""); // PROJECTDOCSTRING
    rec(&mut d, 0x0040, b"");
    rec(&mut d, 0x0006, b""); // PROJECTHELPFILEPATH
    rec(&mut d, 0x003D, b"");
    rec(&mut d, 0x0007, &0u32.to_le_bytes()); // PROJECTHELPCONTEXT
    rec(&mut d, 0x0008, &0u32.to_le_bytes()); // PROJECTLIBFLAGS
    // PROJECTVERSION: id, reserved (4), major u32, minor u16
    d.extend_from_slice(&0x0009u16.to_le_bytes());
    d.extend_from_slice(&4u32.to_le_bytes());
    d.extend_from_slice(&1u32.to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes());
    rec(&mut d, 0x000C, b""); // PROJECTCONSTANTS
    rec(&mut d, 0x003C, b"");
    // no references; PROJECTMODULES
    rec(&mut d, 0x000F, &(modules.len() as u16).to_le_bytes());
    rec(&mut d, 0x0013, &0xFFFFu16.to_le_bytes()); // PROJECTCOOKIE
    for m in modules {
        rec(&mut d, 0x0019, m.name.as_bytes()); // MODULENAME
        rec(&mut d, 0x0047, &utf16(m.name)); // MODULENAMEUNICODE
        rec(&mut d, 0x001A, m.name.as_bytes()); // MODULESTREAMNAME
        rec(&mut d, 0x0032, &utf16(m.name));
        rec(&mut d, 0x001C, b""); // MODULEDOCSTRING
        rec(&mut d, 0x0048, b"");
        rec(&mut d, 0x0031, &0u32.to_le_bytes()); // MODULEOFFSET
        rec(&mut d, 0x001E, &0u32.to_le_bytes()); // MODULEHELPCONTEXT
        rec(&mut d, 0x002C, &0xFFFFu16.to_le_bytes()); // MODULECOOKIE
        rec(&mut d, if m.document { 0x0022 } else { 0x0021 }, b""); // MODULETYPE
        rec(&mut d, 0x002B, b""); // terminator
    }
    rec(&mut d, 0x0010, b""); // dir terminator

    let mut project = String::from("ID=\"{5A3C1E22-7B4D-4E6F-8A9B-0C1D2E3F4A5B}\"\r\n");
    for m in modules {
        if m.document {
            project.push_str(&format!("Document={}/&H00000000\r\n", m.name));
        } else {
            project.push_str(&format!("Module={}\r\n", m.name));
        }
    }
    project.push_str(
        "Name=\"VBAProject\"\r\nHelpContextID=\"0\"\r\nVersionCompatible32=\"393222000\"\r\n\r\n\
         [Host Extender Info]\r\n&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000\r\n\r\n\
         [Workspace]\r\n",
    );
    for m in modules {
        project.push_str(&format!("{}=0, 0, 0, 0, C\r\n", m.name));
    }

    let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("cfb create");
    cfb.create_storage("/VBA").expect("VBA storage");
    let put = |cfb: &mut cfb::CompoundFile<Cursor<Vec<u8>>>, path: &str, bytes: &[u8]| {
        let mut s = cfb.create_stream(path).expect("cfb stream");
        s.write_all(bytes).expect("cfb write");
    };
    put(&mut cfb, "/PROJECT", project.as_bytes());
    put(&mut cfb, "/VBA/dir", &ovba_compress(&d));
    put(
        &mut cfb,
        "/VBA/_VBA_PROJECT",
        &[0xCC, 0x61, 0xFF, 0xFF, 0x00, 0x00, 0x00],
    );
    for m in modules {
        put(
            &mut cfb,
            &format!("/VBA/{}", m.name),
            &ovba_compress(m.source.as_bytes()),
        );
    }
    let epoch = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_709_285_400);
    for path in ["/", "/VBA"] {
        let _ = cfb.set_created_time(path, epoch);
        let _ = cfb.set_modified_time(path, epoch);
    }
    cfb.flush().expect("cfb flush");
    cfb.into_inner().into_inner()
}

/// The VBA project of [`macro_xlsm`]: ThisWorkbook, Sheet1 and a standard
/// module that hides a staff sheet.
pub fn sample_vba_project() -> Vec<u8> {
    let doc = |name: &str, base: &str| {
        format!(
            "Attribute VB_Name = \"{name}\"\r\nAttribute VB_Base = \"{base}\"\r\n\
             Attribute VB_GlobalNameSpace = False\r\nAttribute VB_Creatable = False\r\n\
             Attribute VB_PredeclaredId = True\r\nAttribute VB_Exposed = True\r\n\
             Attribute VB_TemplateDerived = False\r\nAttribute VB_Customizable = True\r\n"
        )
    };
    vba_project_bin(&[
        VbaModule {
            name: "ThisWorkbook",
            document: true,
            source: doc("ThisWorkbook", "0{00020819-0000-0000-C000-000000000046}"),
        },
        VbaModule {
            name: "Sheet1",
            document: true,
            source: doc("Sheet1", "0{00020820-0000-0000-C000-000000000046}"),
        },
        VbaModule {
            name: "Module1",
            document: false,
            source: "Attribute VB_Name = \"Module1\"\r\n\
                     Sub RefreshCounts()\r\n\
                     \x20   ' Recount officers by rank before the FOI reply goes out.\r\n\
                     \x20   Worksheets(1).Calculate\r\n\
                     End Sub\r\n"
                .to_string(),
        },
    ])
}

/// A count table saved as xlsm with a VBA project.
pub fn macro_xlsm() -> Vec<u8> {
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = dir.path().join("vbaProject.bin");
    std::fs::write(&bin, sample_vba_project()).expect("write vbaProject.bin");
    xlsx(|wb| {
        wb.add_vba_project(&bin)?;
        let ws = wb.add_worksheet();
        ws.set_name("Officers by rank")?;
        write_rank_counts(ws, &small_counts())
    })
}

// ---------------------------------------------------------------------------
// Defined names, headers, shapes, charts, formulas, validation, images, links
// ---------------------------------------------------------------------------

/// Which defined name to plant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Name {
    /// `ContactOfficer` = the text constant "PC 1234 Vellacott".
    Constant,
    /// `StaffList` = a range on the hidden "Staff" sheet.
    IntoHiddenSheet,
    /// Only a built-in print area and a name for a visible range.
    BuiltinAndVisible,
    /// A name with `hidden="1"` holding a constant.
    HiddenFlag,
}

pub fn defined_name_xlsx(which: Name) -> Vec<u8> {
    let base = xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        write_rank_counts(ws, &small_counts())?;
        if which == Name::BuiltinAndVisible {
            ws.set_print_area(0, 0, 6, 1)?;
        }
        if which == Name::IntoHiddenSheet {
            let ws = wb.add_worksheet();
            ws.set_name("Staff")?;
            write_personnel(ws, &officers(5))?;
            ws.set_hidden(true);
        }
        match which {
            Name::Constant => {
                wb.define_name("ContactOfficer", "=\"PC 1234 Vellacott\"")?;
            }
            Name::IntoHiddenSheet => {
                wb.define_name("StaffList", "=Staff!$A$1:$G$6")?;
            }
            Name::BuiltinAndVisible => {
                wb.define_name("RankCounts", "=Summary!$A$1:$B$7")?;
            }
            Name::HiddenFlag => {
                wb.define_name("Approver", "=\"Insp Quarrendon\"")?;
            }
        }
        Ok(())
    });
    if which != Name::HiddenFlag {
        return base;
    }
    let mut p = Package::open(&base);
    p.replace(
        "xl/workbook.xml",
        r#"<definedName name="Approver">"#,
        r#"<definedName name="Approver" hidden="1">"#,
    );
    p.to_bytes()
}

/// A count table whose page header names the preparer and phone.
pub fn header_footer_xlsx() -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        write_rank_counts(ws, &small_counts())?;
        ws.set_header("&LPrepared by J Quarrendon&R07700 900456");
        ws.set_footer("&CPage &P of &N");
        Ok(())
    })
}

/// A count table with a text box holding a name and phone number.
pub fn text_box_xlsx() -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        write_rank_counts(ws, &small_counts())?;
        let shape =
            Shape::textbox().set_text(format!("Queries to DS Vellacott, {}", drama_phone(654)));
        ws.insert_shape(1, 4, &shape)?;
        Ok(())
    })
}

/// A count table with a text box that says only what the table is, shown
/// on the visible sheet.
pub fn plain_text_box_xlsx() -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        write_rank_counts(ws, &small_counts())?;
        let shape = Shape::textbox().set_text("Figures are provisional until the annual report");
        ws.insert_shape(1, 4, &shape)?;
        Ok(())
    })
}

/// A chart on "Summary" plotting its own counts; with `hide_row`, one of
/// the plotted rows is hidden.
pub fn chart_on_visible_xlsx(hide_row: bool) -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        ws.write(0, 0, "Month")?;
        ws.write(0, 1, "Calls")?;
        for (i, m) in ["Jan", "Feb", "Mar", "Apr"].iter().enumerate() {
            ws.write(1 + i as u32, 0, *m)?;
            ws.write(1 + i as u32, 1, 100 + 7 * i as u32)?;
        }
        if hide_row {
            ws.set_row_hidden(3)?;
        }
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_categories(("Summary", 1, 0, 4, 0))
            .set_values(("Summary", 1, 1, 4, 1));
        ws.insert_chart(6, 3, &chart)?;
        Ok(())
    })
}

/// A chart on the visible "Summary" sheet that plots a hidden "Staff" sheet
/// (surnames as categories), so the chart caches hidden values.
pub fn chart_on_hidden_xlsx() -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        ws.write(0, 0, "Overtime hours, March 2024")?;
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_categories(("Staff", 1, 0, 5, 0))
            .set_values(("Staff", 1, 1, 5, 1));
        ws.insert_chart(2, 0, &chart)?;
        let ws = wb.add_worksheet();
        ws.set_name("Staff")?;
        ws.write(0, 0, "Surname")?;
        ws.write(0, 1, "Overtime")?;
        for i in 0..5u32 {
            ws.write(1 + i, 0, SURNAMES[i as usize])?;
            ws.write(1 + i, 1, 10 + 3 * i)?;
        }
        ws.set_hidden(true);
        Ok(())
    })
}

/// A visible "Counts" sheet and a hidden chart sheet "Chart1" plotting it:
/// the chart sheet has no cells, its chart caches only visible values.
pub fn hidden_chartsheet_xlsx() -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Counts")?;
        ws.write(0, 0, "Month")?;
        ws.write(0, 1, "Calls")?;
        for (i, m) in ["Jan", "Feb", "Mar"].iter().enumerate() {
            ws.write(1 + i as u32, 0, *m)?;
            ws.write(1 + i as u32, 1, 100 + 7 * i as u32)?;
        }
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_categories(("Counts", 1, 0, 3, 0))
            .set_values(("Counts", 1, 1, 3, 1));
        let cs = wb.add_chartsheet();
        cs.set_name("Chart1")?;
        cs.insert_chart(0, 0, &chart)?;
        cs.set_hidden(true);
        Ok(())
    })
}

/// Where [`formula_xlsx`] points its formula.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormulaTarget {
    /// `Summary!B2` = `Staff!A2` on a hidden sheet (cached "Quarrendon").
    HiddenSheet,
    /// `Summary!B2` = `A10` on a hidden row of the same sheet.
    HiddenRow,
    /// `Summary!B2` = `Lists!A2` on a visible sheet.
    VisibleSheet,
}

pub fn formula_xlsx(target: FormulaTarget) -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        ws.write(0, 0, "Item")?;
        ws.write(0, 1, "Value")?;
        ws.write(1, 0, "Officer in charge")?;
        match target {
            FormulaTarget::HiddenSheet => {
                ws.write_formula(1, 1, Formula::new("=Staff!A2").set_result("Quarrendon"))?;
            }
            FormulaTarget::HiddenRow => {
                ws.write_formula(1, 1, Formula::new("=A10").set_result("Vellacott"))?;
                ws.write(9, 0, "Vellacott")?;
                ws.set_row_hidden(9)?;
            }
            FormulaTarget::VisibleSheet => {
                ws.write_formula(1, 1, Formula::new("=Lists!A2").set_result("Constable"))?;
            }
        }
        match target {
            FormulaTarget::HiddenSheet => {
                let ws = wb.add_worksheet();
                ws.set_name("Staff")?;
                ws.write(0, 0, "Surname")?;
                ws.write(1, 0, "Quarrendon")?;
                ws.set_hidden(true);
            }
            FormulaTarget::VisibleSheet => {
                let ws = wb.add_worksheet();
                ws.set_name("Lists")?;
                ws.write(0, 0, "Rank")?;
                ws.write(1, 0, "Constable")?;
            }
            FormulaTarget::HiddenRow => {}
        }
        Ok(())
    })
}

/// A form on "Form" whose B2:B20 validation list comes from a hidden
/// "Lists" sheet of officer names (`hidden_source`), or from literal
/// values "Yes,No".
pub fn validation_xlsx(hidden_source: bool) -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Form")?;
        ws.write(0, 0, "Incident")?;
        ws.write(0, 1, "Attending officer")?;
        let dv = if hidden_source {
            DataValidation::new().allow_list_formula(Formula::new("=Lists!$A$1:$A$5"))
        } else {
            DataValidation::new().allow_list_strings(&["Yes", "No"])?
        };
        ws.add_data_validation(1, 1, 19, 1, &dv)?;
        if hidden_source {
            let ws = wb.add_worksheet();
            ws.set_name("Lists")?;
            for i in 0..5u32 {
                ws.write(i, 0, format!("PC {} {}", 2100 + i, SURNAMES[i as usize]))?;
            }
            ws.set_hidden(true);
        }
        Ok(())
    })
}

/// A count table with a picture in a cell (Excel's in-cell pictures:
/// `xl/richData/*` parts, whose schema says `<flag name="ExcludeFromFile">`).
pub fn picture_in_cell_xlsx() -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        write_rank_counts(ws, &small_counts())?;
        let img = Image::new_from_buffer(PNG_1X1)?;
        ws.embed_image(1, 5, &img)?;
        Ok(())
    })
}

/// A 1x1 PNG.
pub const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x08, 0xD7, 0x63, 0xF8, 0xCF, 0xC0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xDD, 0x8D, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E,
    0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// A count table with a picture (alt text names the person pictured).
pub fn image_xlsx() -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        write_rank_counts(ws, &small_counts())?;
        let img = Image::new_from_buffer(PNG_1X1)?.set_alt_text("Photo of PC Vellacott");
        ws.insert_image(1, 4, &img)?;
        Ok(())
    })
}

/// A count table with a hyperlink in D2 to `url`.
pub fn hyperlink_xlsx(url: &str) -> Vec<u8> {
    let url = url.to_string();
    xlsx(move |wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        write_rank_counts(ws, &small_counts())?;
        ws.write_url(1, 3, Url::new(url).set_text("Source"))?;
        Ok(())
    })
}

/// A link into a user's folder: `hyperlink` review.
pub const LOCAL_USER_URL: &str = "file:///C:/Users/jquarrendon/Documents/FOI/staff%20list.xlsx";
/// A public web page.
pub const WEB_URL: &str = "https://www.example.police.uk/foi/disclosure-log";

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

/// A CSV whose C3 starts with `=` (a formula a spreadsheet program would
/// run); other cells are plain text and numbers.
pub fn formula_like_csv() -> Vec<u8> {
    b"Reference,Outcome,Note\r\n\
      240101,Closed,No further action\r\n\
      240102,Closed,\"=HYPERLINK(\"\"http://example.com/x\"\",\"\"details\"\")\"\r\n\
      240103,Open,Awaiting CCTV\r\n"
        .to_vec()
}

/// A CSV with signed numbers and ordinary text: nothing formula-like.
pub fn plain_csv() -> Vec<u8> {
    b"District,Change,Rate\r\n\
      Northgate,-12,+3.5\r\n\
      Riverside,4,-0.25\r\n\
      Castlehill,0,1e3\r\n"
        .to_vec()
}

/// The count table as CSV: must pass.
pub fn clean_counts_csv() -> Vec<u8> {
    let mut out = String::from("Rank,Officers\r\n");
    let counts = small_counts();
    for (r, c) in &counts {
        out.push_str(&format!("{r},{c}\r\n"));
    }
    let total: u32 = counts.iter().map(|(_, c)| c).sum();
    out.push_str(&format!("Total,{total}\r\n"));
    out.into_bytes()
}

/// An incident log (crime reference, date, time, offence, postcode
/// district, outcome, two numbers, a free-text note, a boolean) of `rows`
/// rows. One note names "PC 1234 Vellacott"; one note starts with "+"
/// (formula-like).
pub fn incidents_csv(rows: usize) -> Vec<u8> {
    let mut rng = Rng::new(1234);
    let offences = [
        "Theft from vehicle",
        "Criminal damage",
        "Burglary - dwelling",
        "Assault without injury",
        "Shoplifting",
        "Drink driving",
    ];
    let districts = ["BT1", "BT5", "BT9", "BT12", "BT15", "BT36"];
    let outcomes = [
        "Charged",
        "Under investigation",
        "No further action",
        "Community resolution",
    ];
    let notes = [
        "Caller reported suspicious activity near the shops",
        "Victim declined to support a prosecution",
        "CCTV requested from the council",
        "Property recovered and returned to owner",
        "House to house enquiries completed with no witnesses",
        "Suspect left the scene before officers arrived",
    ];
    let mut out = String::from(
        "Crime ref,Date,Time,Offence,District,Outcome,Officers attending,Items,Note,Repeat victim\r\n",
    );
    for i in 0..rows {
        let note = if i == rows / 2 {
            "Arrest made by PC 1234 Vellacott after a short foot chase".to_string()
        } else if i == rows / 3 {
            "+ve roadside breath test and driver taken to custody".to_string()
        } else {
            rng.pick(&notes).to_string()
        };
        out.push_str(&format!(
            "{},2024-03-{:02},{:02}:{:02},{},{},{},{},{},{},{}\r\n",
            612_400 + i * 7,
            1 + i % 28,
            rng.below(24),
            rng.below(60),
            rng.pick(&offences),
            rng.pick(&districts),
            rng.pick(&outcomes),
            1 + rng.below(3),
            rng.below(5),
            note,
            if rng.below(4) == 0 { "TRUE" } else { "FALSE" }
        ));
    }
    out.into_bytes()
}

// ---------------------------------------------------------------------------
// Lock files
// ---------------------------------------------------------------------------

/// An Office owner file as Excel writes it beside an open workbook
/// (`~$name.xlsx`): the user name in ANSI then UTF-16, padded to 165 bytes.
pub fn lock_file_bytes(user: &str) -> Vec<u8> {
    let mut b = vec![user.len().min(53) as u8];
    b.extend(user.bytes().take(53));
    b.resize(54, b' ');
    b.extend_from_slice(&(user.chars().count() as u16).to_le_bytes());
    b.extend(utf16(user));
    while b.len() < 165 {
        b.extend_from_slice(&[0x20, 0x00]);
    }
    b.truncate(165);
    b
}

/// A LibreOffice lock file (`.~lock.name.ods#`): one CSV-like line with the
/// full name, host, system user, date and profile URL.
pub fn libreoffice_lock_bytes(user: &str, login: &str) -> Vec<u8> {
    format!(
        "{user},POLICE-PC042,{login},01.03.2024 09:30,file:///home/{login}/.config/libreoffice/4;"
    )
    .into_bytes()
}

// ---------------------------------------------------------------------------
// Bad and encrypted files
// ---------------------------------------------------------------------------

fn cfb_with_streams(streams: &[(&str, &[u8])], storages: &[&str]) -> Vec<u8> {
    let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("cfb create");
    for st in storages {
        cfb.create_storage(st).expect("cfb storage");
    }
    for (path, bytes) in streams {
        let mut s = cfb.create_stream(path).expect("cfb stream");
        s.write_all(bytes).expect("cfb write");
    }
    let epoch = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_709_285_400);
    for path in std::iter::once("/").chain(storages.iter().copied()) {
        let _ = cfb.set_created_time(path, epoch);
        let _ = cfb.set_modified_time(path, epoch);
    }
    cfb.flush().expect("cfb flush");
    cfb.into_inner().into_inner()
}

/// An encrypted OOXML workbook as Office saves it with a password: a
/// compound file with `EncryptionInfo` (agile) and `EncryptedPackage`.
pub fn encrypted_ooxml() -> Vec<u8> {
    let mut info = Vec::new();
    info.extend_from_slice(&4u16.to_le_bytes());
    info.extend_from_slice(&4u16.to_le_bytes());
    info.extend_from_slice(&0x40u32.to_le_bytes());
    info.extend_from_slice(
        br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password"><keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/><keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password"><p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA==" encryptedVerifierHashInput="AAAAAAAAAAAAAAAAAAAAAA==" encryptedVerifierHashValue="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==" encryptedKeyValue="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="/></keyEncryptor></keyEncryptors></encryption>"#,
    );
    let mut pkg = Vec::new();
    pkg.extend_from_slice(&8192u64.to_le_bytes());
    let mut rng = Rng::new(99);
    while pkg.len() < 8192 + 8 {
        pkg.extend_from_slice(&rng.next_u64().to_le_bytes());
    }
    cfb_with_streams(
        &[("/EncryptionInfo", &info), ("/EncryptedPackage", &pkg)],
        &[],
    )
}

/// `len` pseudo-random bytes (never a valid container).
pub fn random_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        out.extend_from_slice(&rng.next_u64().to_le_bytes());
    }
    out.truncate(len);
    // Make sure it does not start like any known container or text.
    if let Some(b) = out.first_mut() {
        *b = 0x9F;
    }
    out
}

/// The first `keep` bytes of `bytes` (a download cut short).
pub fn truncated(bytes: &[u8], keep: usize) -> Vec<u8> {
    bytes[..keep.min(bytes.len())].to_vec()
}

/// A well-formed zip whose sheet XML ends in the middle of an element.
pub fn truncated_part_xlsx() -> Vec<u8> {
    let mut p = Package::open(&clean_counts_xlsx());
    let sheet = p.text("xl/worksheets/sheet1.xml");
    let cut = sheet.find("</sheetData>").expect("sheetData") - 20;
    p.put("xl/worksheets/sheet1.xml", sheet[..cut].to_string());
    p.to_bytes()
}

/// A workbook whose workbook.xml carries a DTD with entity expansion
/// ("billion laughs"); DTDs must be refused.
pub fn dtd_xlsx() -> Vec<u8> {
    let mut p = Package::open(&clean_counts_xlsx());
    let wb = p.text("xl/workbook.xml");
    let dtd = "<!DOCTYPE workbook [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n";
    let at = wb.find("<workbook").expect("workbook root");
    let t = format!("{}{}{}", &wb[..at], dtd, &wb[at..]);
    p.put(
        "xl/workbook.xml",
        t.replacen("name=\"Officers by rank\"", "name=\"&c;\"", 1),
    );
    p.to_bytes()
}

/// A workbook whose sheet XML inflates more than 250-fold to over 16 MiB
/// (whitespace padding inside otherwise valid XML): a zip bomb shape.
pub fn high_ratio_xlsx(mib: usize) -> Vec<u8> {
    let mut p = Package::open(&clean_counts_xlsx());
    let sheet = p.text("xl/worksheets/sheet1.xml");
    let pad = " ".repeat(mib << 20);
    p.put(
        "xl/worksheets/sheet1.xml",
        sheet.replacen("<sheetData>", &format!("<sheetData>{pad}"), 1),
    );
    p.to_bytes()
}

/// Walk the local and central headers of a zip, calling `f` with each
/// header's offset, its kind (`b'L'` local, `b'C'` central), and its name.
fn zip_headers(bytes: &[u8], mut f: impl FnMut(usize, u8, &[u8])) {
    let u16_at = |b: &[u8], i: usize| u16::from_le_bytes([b[i], b[i + 1]]) as usize;
    let mut i = 0;
    while i + 46 <= bytes.len() {
        if bytes[i..].starts_with(b"PK\x03\x04") {
            let n = u16_at(bytes, i + 26);
            f(i, b'L', &bytes[i + 30..i + 30 + n]);
        } else if bytes[i..].starts_with(b"PK\x01\x02") {
            let n = u16_at(bytes, i + 28);
            f(i, b'C', &bytes[i + 46..i + 46 + n]);
        }
        i += 1;
    }
}

/// Mark one entry of a zip as encrypted (general-purpose flag bit 0), as a
/// password-protected zip would.
pub fn zip_flag_encrypted(bytes: &[u8], entry: &str) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut hits = Vec::new();
    zip_headers(bytes, |at, kind, name| {
        if name == entry.as_bytes() {
            hits.push(if kind == b'L' { at + 6 } else { at + 8 });
        }
    });
    assert!(hits.len() >= 2, "entry {entry} not found in both headers");
    for h in hits {
        out[h] |= 1;
    }
    out
}

/// A workbook with two entries named `xl/workbook.xml` (one listing a
/// hidden sheet): readers that pick different copies see different files.
pub fn duplicate_entry_xlsx() -> Vec<u8> {
    let mut p = Package::open(&clean_counts_xlsx());
    let other = p.text("xl/workbook.xml").replacen(
        "<sheet name=\"Officers by rank\"",
        "<sheet name=\"Officers by rank\" state=\"hidden\"",
        1,
    );
    p.put("xl/workbook.xmZ", other);
    let bytes = p.to_bytes();
    let mut out = bytes.clone();
    zip_headers(&bytes, |at, kind, name| {
        if name == b"xl/workbook.xmZ" {
            let start = if kind == b'L' { at + 30 } else { at + 46 };
            out[start + name.len() - 1] = b'l';
        }
    });
    out
}

/// A zip that is not a workbook (a text file and a picture).
pub fn not_a_workbook_zip() -> Vec<u8> {
    zip_entries([
        ("readme.txt", b"Minutes of the March meeting.".as_slice()),
        ("photo.png", PNG_1X1),
    ])
}

// ---------------------------------------------------------------------------
// Legacy xls (BIFF8)
// ---------------------------------------------------------------------------

/// What to put in a minimal xls.
#[derive(Clone, Copy, Debug, Default)]
pub struct XlsOptions {
    /// Make the second sheet ("Staff", with names) hidden.
    pub hidden_sheet: bool,
    /// Add a FILEPASS record (password-protected).
    pub encrypted: bool,
}

fn biff(out: &mut Vec<u8>, id: u16, data: &[u8]) {
    out.extend_from_slice(&id.to_le_bytes());
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
}

fn biff_bof(out: &mut Vec<u8>, dt: u16) {
    let mut d = Vec::new();
    d.extend_from_slice(&0x0600u16.to_le_bytes());
    d.extend_from_slice(&dt.to_le_bytes());
    d.extend_from_slice(&0x0DBBu16.to_le_bytes());
    d.extend_from_slice(&0x07CCu16.to_le_bytes());
    d.extend_from_slice(&0u32.to_le_bytes());
    d.extend_from_slice(&0x0006u32.to_le_bytes());
    biff(out, 0x0809, &d);
}

fn biff_label(out: &mut Vec<u8>, row: u16, col: u16, text: &str) {
    let mut d = Vec::new();
    d.extend_from_slice(&row.to_le_bytes());
    d.extend_from_slice(&col.to_le_bytes());
    d.extend_from_slice(&15u16.to_le_bytes());
    d.extend_from_slice(&(text.len() as u16).to_le_bytes());
    d.push(0); // compressed (8-bit) characters
    d.extend_from_slice(text.as_bytes());
    biff(out, 0x0204, &d);
}

fn biff_number(out: &mut Vec<u8>, row: u16, col: u16, v: f64) {
    let mut d = Vec::new();
    d.extend_from_slice(&row.to_le_bytes());
    d.extend_from_slice(&col.to_le_bytes());
    d.extend_from_slice(&15u16.to_le_bytes());
    d.extend_from_slice(&v.to_le_bytes());
    biff(out, 0x0203, &d);
}

fn biff_sheet(cells: &[(u16, u16, Val)]) -> Vec<u8> {
    let mut s = Vec::new();
    biff_bof(&mut s, 0x0010);
    let rows = cells.iter().map(|c| c.0).max().map_or(0, |r| r + 1);
    let cols = cells.iter().map(|c| c.1).max().map_or(0, |c| c + 1);
    let mut dim = Vec::new();
    dim.extend_from_slice(&0u32.to_le_bytes());
    dim.extend_from_slice(&(rows as u32).to_le_bytes());
    dim.extend_from_slice(&0u16.to_le_bytes());
    dim.extend_from_slice(&cols.to_le_bytes());
    dim.extend_from_slice(&0u16.to_le_bytes());
    biff(&mut s, 0x0200, &dim);
    for (r, c, v) in cells {
        match v {
            Val::S(t) => biff_label(&mut s, *r, *c, t),
            Val::N(x) => biff_number(&mut s, *r, *c, *x),
        }
    }
    biff(&mut s, 0x000A, &[]);
    s
}

/// A minimal BIFF8 workbook: "Summary" (a count table) and "Staff" (names,
/// hidden when asked), optionally marked password-protected.
pub fn minimal_xls(opts: XlsOptions) -> Vec<u8> {
    let mut summary = vec![(0, 0, s("Rank")), (0, 1, s("Officers"))];
    for (i, (r, c)) in small_counts().iter().enumerate() {
        summary.push((1 + i as u16, 0, s(*r)));
        summary.push((1 + i as u16, 1, n(*c)));
    }
    let mut staff = vec![(0, 0, s("Surname")), (0, 1, s("Service number"))];
    for (i, o) in officers(4).iter().enumerate() {
        staff.push((1 + i as u16, 0, s(&o.surname)));
        staff.push((1 + i as u16, 1, n(o.service_number)));
    }
    let sheets = [
        ("Summary", false, biff_sheet(&summary)),
        ("Staff", opts.hidden_sheet, biff_sheet(&staff)),
    ];

    // Globals: BOF, [FILEPASS], CODEPAGE, BOUNDSHEET x2, EOF. The
    // BOUNDSHEET records hold absolute offsets, so size the globals first.
    let build_globals = |offsets: &[u32]| {
        let mut g = Vec::new();
        biff_bof(&mut g, 0x0005);
        if opts.encrypted {
            let mut fp = Vec::new();
            fp.extend_from_slice(&1u16.to_le_bytes()); // RC4
            fp.extend_from_slice(&1u16.to_le_bytes());
            fp.extend_from_slice(&1u16.to_le_bytes());
            fp.extend_from_slice(&[0x5A; 48]); // salt, verifier, verifier hash
            biff(&mut g, 0x002F, &fp);
        }
        biff(&mut g, 0x0042, &1200u16.to_le_bytes());
        for (i, (name, hidden, _)) in sheets.iter().enumerate() {
            let mut d = Vec::new();
            d.extend_from_slice(&offsets.get(i).copied().unwrap_or(0).to_le_bytes());
            d.push(if *hidden { 1 } else { 0 });
            d.push(0);
            d.push(name.len() as u8);
            d.push(0);
            d.extend_from_slice(name.as_bytes());
            biff(&mut g, 0x0085, &d);
        }
        biff(&mut g, 0x000A, &[]);
        g
    };
    let glen = build_globals(&[0, 0]).len() as u32;
    let off0 = glen;
    let off1 = glen + sheets[0].2.len() as u32;
    let mut stream = build_globals(&[off0, off1]);
    for (_, _, body) in &sheets {
        stream.extend_from_slice(body);
    }
    cfb_with_streams(&[("/Workbook", &stream)], &[])
}

// ---------------------------------------------------------------------------
// ODS
// ---------------------------------------------------------------------------

/// What to put in a minimal ODS.
#[derive(Clone, Copy, Debug, Default)]
pub struct OdsOptions {
    /// A second table "Staff" (names) with `table:display="false"`.
    pub hidden_table: bool,
    /// An annotation (comment) by "Jane Quarrendon" on B2.
    pub annotation: bool,
    /// Mark content.xml as encrypted in the manifest (and scramble it).
    pub encrypted: bool,
}

/// A minimal ODF spreadsheet: "Summary" (a count table), optionally a
/// hidden "Staff" table and an annotation, optionally encrypted.
pub fn minimal_ods(opts: OdsOptions) -> Vec<u8> {
    let ns = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3""#;
    let cell_s = |t: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
            xml_escape(t)
        )
    };
    let cell_n = |v: u32| {
        format!(
            r#"<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>"#
        )
    };
    let mut body = String::new();
    body.push_str(r#"<table:table table:name="Summary" table:style-name="ta1"><table:table-column table:number-columns-repeated="2"/>"#);
    body.push_str(&format!(
        "<table:table-row>{}{}</table:table-row>",
        cell_s("Rank"),
        cell_s("Officers")
    ));
    for (i, (r, c)) in small_counts().iter().enumerate() {
        let second = if i == 0 && opts.annotation {
            format!(
                r#"<table:table-cell office:value-type="float" office:value="{c}"><office:annotation><dc:creator>Jane Quarrendon</dc:creator><dc:date>2024-03-01T09:30:00</dc:date><text:p>Includes two officers on secondment.</text:p></office:annotation><text:p>{c}</text:p></table:table-cell>"#
            )
        } else {
            cell_n(*c)
        };
        body.push_str(&format!(
            "<table:table-row>{}{}</table:table-row>",
            cell_s(r),
            second
        ));
    }
    body.push_str("</table:table>");
    if opts.hidden_table {
        body.push_str(r#"<table:table table:name="Staff" table:style-name="ta2"><table:table-column table:number-columns-repeated="2"/>"#);
        body.push_str(&format!(
            "<table:table-row>{}{}</table:table-row>",
            cell_s("Surname"),
            cell_s("Service number")
        ));
        for o in officers(4) {
            body.push_str(&format!(
                "<table:table-row>{}{}</table:table-row>",
                cell_s(&o.surname),
                cell_n(o.service_number)
            ));
        }
        body.push_str("</table:table>");
    }
    let content = format!(
        r#"{XML_DECL}<office:document-content {ns}><office:automatic-styles><style:style style:name="ta1" style:family="table" style:master-page-name="Default"><style:table-properties table:display="true"/></style:style><style:style style:name="ta2" style:family="table" style:master-page-name="Default"><style:table-properties table:display="false"/></style:style></office:automatic-styles><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
    );
    let styles = format!(
        r#"{XML_DECL}<office:document-styles {ns}><office:master-styles><style:master-page style:name="Default"/></office:master-styles></office:document-styles>"#
    );
    let meta = format!(
        r#"{XML_DECL}<office:document-meta {ns}><office:meta><meta:generator>foiguard fixtures</meta:generator><dc:title>Officers by rank</dc:title></office:meta></office:document-meta>"#
    );
    let enc = if opts.encrypted {
        r#"<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AAAAAAAAAAAAAAAAAAAAAA=="/><manifest:start-key-generation manifest:start-key-generation-name="http://www.w3.org/2000/09/xmldsig#sha256" manifest:key-size="32"/><manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="AAAAAAAAAAAAAAAAAAAAAA=="/></manifest:encryption-data>"#
    } else {
        ""
    };
    let manifest = format!(
        r#"{XML_DECL}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"{}>{enc}{}<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
        if opts.encrypted {
            r#" manifest:size="2048""#
        } else {
            "/"
        },
        if opts.encrypted {
            "</manifest:file-entry>"
        } else {
            ""
        }
    );
    let content_bytes = if opts.encrypted {
        random_bytes(2048, 7)
    } else {
        content.into_bytes()
    };
    zip_entries([
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet".as_slice(),
        ),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content_bytes.as_slice()),
        ("styles.xml", styles.as_bytes()),
        ("meta.xml", meta.as_bytes()),
    ])
}

// ---------------------------------------------------------------------------
// Samples (realistic, a little larger)
// ---------------------------------------------------------------------------

/// PSNI-style: a visible "Officers by rank" count table answering the
/// request, and a hidden "Data" sheet with the personnel table behind it
/// (200 invented officers).
pub fn sample_psni_style_hidden_sheet() -> Vec<u8> {
    let staff = officers(200);
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title("FOI 2023-0412 Officers and staff by rank")
            .set_company("Example Constabulary")
            .set_creation_datetime(&fixed_date()),
    );
    let build = |wb: &mut Workbook| -> Result<(), XlsxError> {
        let ws = wb.add_worksheet();
        ws.set_name("Officers by rank")?;
        write_rank_counts(ws, &rank_counts(&staff))?;
        let ws = wb.add_worksheet();
        ws.set_name("Data")?;
        write_personnel(ws, &staff)?;
        ws.set_column_width(4, 22)?;
        ws.set_hidden(true);
        Ok(())
    };
    build(&mut wb).expect("psni sample");
    wb.save_to_buffer().expect("save")
}

/// Hidden columns: a repairs table by ward whose hidden columns D:E hold
/// tenants' names and phone numbers.
pub fn sample_hidden_columns() -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Repairs by ward")?;
        let mut rng = Rng::new(77);
        let mut rows = Vec::new();
        for (i, w) in LOCATIONS.iter().enumerate() {
            rows.push(vec![
                s(*w),
                n(20 + rng.below(40) as u32),
                n(rng.below(12) as u32),
                s(format!(
                    "{} {}",
                    *rng.pick(INITIALS) as char,
                    SURNAMES[i + 3]
                )),
                s(drama_phone(300 + i as u32)),
            ]);
        }
        write_table(
            ws,
            0,
            &["Ward", "Repairs reported", "Outstanding", "Tenant", "Phone"],
            &rows,
        )?;
        ws.set_column_width(0, 16)?;
        ws.set_column_range_hidden(3, 4)?;
        Ok(())
    })
}

/// A very hidden sheet (only the VBA editor shows it) behind a count table.
pub fn sample_very_hidden() -> Vec<u8> {
    xlsx(|wb| {
        let staff = officers(40);
        let ws = wb.add_worksheet();
        ws.set_name("Officers by rank")?;
        write_rank_counts(ws, &rank_counts(&staff))?;
        let ws = wb.add_worksheet();
        ws.set_name("Lookup")?;
        write_personnel(ws, &staff)?;
        ws.set_very_hidden(true);
        Ok(())
    })
}

/// An incident table with an active filter that hides the rows naming
/// officers.
pub fn sample_filtered_rows() -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Incidents")?;
        let mut rng = Rng::new(5);
        let mut rows = Vec::new();
        for i in 0..30u32 {
            let open = rng.below(3) == 0;
            rows.push(vec![
                n(612_400 + i * 7),
                s(if open { "Open" } else { "Closed" }),
                s(["Theft", "Criminal damage", "Burglary"][rng.below(3)]),
                s(if open {
                    format!("PC {} {}", 1000 + rng.below(9000), rng.pick(SURNAMES))
                } else {
                    String::new()
                }),
            ]);
        }
        write_table(
            ws,
            0,
            &["Crime ref", "Status", "Offence", "Officer in case"],
            &rows,
        )?;
        ws.autofilter(0, 0, 30, 3)?;
        ws.filter_column(1, &FilterCondition::new().add_list_filter("Closed"))?;
        Ok(())
    })
}

/// Every bundled sample: its file name in `samples/` and its bytes.
/// `samples/make_samples.rs` writes them; `tests/samples.rs` checks the
/// committed files still match.
pub fn samples() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "psni_style_hidden_sheet.xlsx",
            sample_psni_style_hidden_sheet(),
        ),
        ("pivot_cache.xlsx", pivot_cache_xlsx(40)),
        ("hidden_columns.xlsx", sample_hidden_columns()),
        ("comment.xlsx", comment_xlsx()),
        ("clean_counts.xlsx", clean_counts_xlsx()),
        ("very_hidden.xlsx", sample_very_hidden()),
        ("filtered_rows.xlsx", sample_filtered_rows()),
        ("macro.xlsm", macro_xlsm()),
        ("incidents.csv", incidents_csv(60)),
        ("clean_counts.csv", clean_counts_csv()),
    ]
}

/// A visible table of people with their dates of birth stored as Excel
/// dates (as a DOB column is typed), beside an incident date column.
pub fn dob_as_dates_xlsx(num_format: &str) -> Vec<u8> {
    xlsx(|wb| {
        let date = Format::new().set_num_format(num_format);
        let ws = wb.add_worksheet();
        ws.set_name("Custody")?;
        ws.write_row(0, 0, ["Custody ref", "Date of birth", "Arrest date"])?;
        for (i, (y, m, d)) in [(1985, 3, 12), (1990, 12, 31), (1979, 7, 4)]
            .into_iter()
            .enumerate()
        {
            let row = i as u32 + 1;
            ws.write(row, 0, format!("CR{}", 52_000 + i))?;
            ws.write_datetime_with_format(row, 1, &ExcelDateTime::from_ymd(y, m, d)?, &date)?;
            ws.write_datetime_with_format(
                row,
                2,
                &ExcelDateTime::from_ymd(2024, 3, 1 + m as u8)?,
                &date,
            )?;
        }
        Ok(())
    })
}

/// Incident dates only, under date headers that are not a birth date.
pub fn incident_dates_xlsx() -> Vec<u8> {
    xlsx(|wb| {
        let date = Format::new().set_num_format("dd/mm/yyyy");
        let ws = wb.add_worksheet();
        ws.write_row(0, 0, ["Month", "Date reported", "Offences"])?;
        for i in 0..12u8 {
            let row = u32::from(i) + 1;
            ws.write_datetime_with_format(
                row,
                0,
                &ExcelDateTime::from_ymd(2024, i + 1, 1)?,
                &date,
            )?;
            ws.write_datetime_with_format(
                row,
                1,
                &ExcelDateTime::from_ymd(1985, i + 1, 12)?,
                &date,
            )?;
            ws.write(row, 2, 40 + u32::from(i))?;
        }
        Ok(())
    })
}
