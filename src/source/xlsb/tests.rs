//! Tests for the xlsb reader: a hand-built package, and the real files of
//! the shared corpus when present.

use std::io::{Cursor, Write};

use super::*;
use crate::model::Hide;
use crate::source::Limits;
use crate::source::xls::tests::{Rec, Seen};

fn brec(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    if typ < 0x80 {
        out.push(typ as u8);
    } else {
        out.push((typ & 0x7F) as u8 | 0x80);
        out.push((typ >> 7) as u8);
    }
    let mut len = data.len();
    loop {
        let b = (len & 0x7F) as u8;
        len >>= 7;
        if len > 0 {
            out.push(b | 0x80);
        } else {
            out.push(b);
            break;
        }
    }
    out.extend(data);
}

fn wstr(s: &str) -> Vec<u8> {
    let u: Vec<u16> = s.encode_utf16().collect();
    let mut d = (u.len() as u32).to_le_bytes().to_vec();
    d.extend(u.iter().flat_map(|c| c.to_le_bytes()));
    d
}

fn workbook_bin(sheets: &[(&str, u32, &str)]) -> Vec<u8> {
    let mut o = Vec::new();
    brec(&mut o, 0x0083, &[]);
    brec(&mut o, 0x0099, &[0u8; 12]);
    brec(&mut o, 0x008F, &[]);
    for (i, (name, hs, rid)) in sheets.iter().enumerate() {
        let mut d = hs.to_le_bytes().to_vec();
        d.extend((i as u32 + 1).to_le_bytes());
        d.extend(wstr(rid));
        d.extend(wstr(name));
        brec(&mut o, 0x009C, &d);
    }
    brec(&mut o, 0x0090, &[]);
    // A hidden defined name: flags, chKey, itab, name, formula (ptgInt 5).
    let mut n = 0x01u32.to_le_bytes().to_vec();
    n.push(0);
    n.extend(0xFFFF_FFFFu32.to_le_bytes());
    n.extend(wstr("StaffList"));
    n.extend(3u32.to_le_bytes());
    n.extend([0x1E, 5, 0]);
    n.extend(0u32.to_le_bytes());
    brec(&mut o, 0x0027, &n);
    brec(&mut o, 0x009D, &[0u8; 26]);
    brec(&mut o, 0x0084, &[]);
    o
}

fn sheet_bin(cells: &[(u32, u32, &str)]) -> Vec<u8> {
    let mut o = Vec::new();
    brec(&mut o, 0x0081, &[]);
    brec(&mut o, 0x0094, &[0u8; 16]);
    brec(&mut o, 0x0091, &[]);
    let mut last_row = u32::MAX;
    for &(row, col, s) in cells {
        if row != last_row {
            let mut r = row.to_le_bytes().to_vec();
            r.extend([0u8; 13]);
            brec(&mut o, 0x0000, &r);
            last_row = row;
        }
        let mut d = col.to_le_bytes().to_vec();
        d.extend(0u32.to_le_bytes());
        d.extend(wstr(s));
        brec(&mut o, 0x0006, &d);
    }
    brec(&mut o, 0x0092, &[]);
    brec(&mut o, 0x0082, &[]);
    o
}

fn comments_bin(author: &str, row: u32, col: u32, text: &str) -> Vec<u8> {
    let mut o = Vec::new();
    brec(&mut o, 0x0274, &[]);
    brec(&mut o, 0x0276, &[]);
    brec(&mut o, 0x0278, &wstr(author));
    brec(&mut o, 0x0277, &[]);
    brec(&mut o, 0x0279, &[]);
    let mut c = 0u32.to_le_bytes().to_vec();
    for v in [row, row, col, col] {
        c.extend(v.to_le_bytes());
    }
    c.extend([0u8; 16]);
    brec(&mut o, 0x027B, &c);
    let mut t = vec![0u8];
    t.extend(wstr(text));
    brec(&mut o, 0x027D, &t);
    brec(&mut o, 0x027C, &[]);
    brec(&mut o, 0x027A, &[]);
    brec(&mut o, 0x0275, &[]);
    o
}

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn package(extra: &[(&str, &[u8])]) -> Vec<u8> {
    let ct = r#"<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>
<Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/>
<Override PartName="/xl/worksheets/sheet2.bin" ContentType="application/vnd.ms-excel.worksheet"/>
<Override PartName="/xl/comments1.bin" ContentType="application/vnd.ms-excel.comments"/>
<Override PartName="/xl/mystery.bin" ContentType="application/vnd.ms-excel.mystery"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"#;
    let root = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.bin"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"#
    );
    let wb_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.bin"/>
<Relationship Id="rId2" Type="{REL}/worksheet" Target="worksheets/sheet2.bin"/>
<Relationship Id="rId3" Type="{REL}/mystery" Target="mystery.bin"/>
</Relationships>"#
    );
    let sheet_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{REL}/comments" Target="../comments1.bin"/>
</Relationships>"#
    );
    let core = r#"<?xml version="1.0" encoding="UTF-8"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Jane Doe</dc:creator></cp:coreProperties>"#;
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), ct.as_bytes().to_vec()),
        ("_rels/.rels".into(), root.into_bytes()),
        (
            "xl/workbook.bin".into(),
            workbook_bin(&[("Counts", 0, "rId1"), ("Staff", 1, "rId2")]),
        ),
        ("xl/_rels/workbook.bin.rels".into(), wb_rels.into_bytes()),
        (
            "xl/worksheets/sheet1.bin".into(),
            sheet_bin(&[(0, 0, "Rank"), (0, 1, "Count")]),
        ),
        (
            "xl/worksheets/sheet2.bin".into(),
            sheet_bin(&[(1, 2, "PC 4521 Jane Doe")]),
        ),
        (
            "xl/worksheets/_rels/sheet1.bin.rels".into(),
            sheet_rels.into_bytes(),
        ),
        (
            "xl/comments1.bin".into(),
            comments_bin("John Roe", 3, 1, "Ask DS 77 Smith"),
        ),
        (
            "xl/mystery.bin".into(),
            b"\x01\x02secret roster data\x00".to_vec(),
        ),
        ("docProps/core.xml".into(), core.as_bytes().to_vec()),
    ];
    for (n, d) in extra {
        files.push((n.to_string(), d.to_vec()));
    }
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (n, d) in files {
        z.start_file(n, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(&d).unwrap();
    }
    z.finish().unwrap().into_inner()
}

fn run(bytes: &[u8]) -> (Result<()>, Seen) {
    let v = Rec::default();
    let ctx = Context::new("t.xlsb", Limits::default());
    let r = XlsbReader.inspect(Input::Bytes(bytes), &ctx, &v);
    (r, v.0.into_inner().unwrap())
}

#[test]
fn reads_sheets_states_comments_and_parts() {
    let f = package(&[]);
    let ctx = Context::new("t.xlsb", Limits::default());
    assert_eq!(
        crate::source::sniff(Input::Bytes(&f), &ctx).unwrap(),
        crate::source::Format::Xlsb
    );
    let (r, s) = run(&f);
    r.unwrap();
    assert_eq!(s.sheets.len(), 2);
    assert_eq!(s.cell("Counts", 0, 0).unwrap().3, "Rank");
    assert_eq!(s.cell("Counts", 0, 0).unwrap().5, Hide::NONE);
    let staff = s.cell("Staff", 1, 2).unwrap();
    assert_eq!(staff.3, "PC 4521 Jane Doe");
    assert_eq!(staff.5, Hide::SHEET);
    let hs = s.features_of(Kind::HiddenSheet);
    assert_eq!(hs.len(), 1);
    assert_eq!((hs[0].variant, hs[0].count), (Some("hidden"), 1));
    let c = s.features_of(Kind::Comment);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].variant, Some("binary"));
    assert_eq!(c[0].location.cell.as_deref(), Some("B4"));
    assert_eq!(c[0].location.sheet.as_deref(), Some("Counts"));
    assert!(
        s.texts
            .iter()
            .any(|t| t.0 == Kind::Comment && t.1.as_deref() == Some("author") && t.3 == "John Roe")
    );
    assert!(s.has_text(Kind::Comment, "Ask DS 77 Smith"));
    let inc = s.features_of(Kind::Incomplete);
    assert_eq!(inc.len(), 1);
    assert_eq!(inc[0].variant, Some("xlsb_rows_columns"));
    let names = s.features_of(Kind::DefinedName);
    assert_eq!(names.len(), 1);
    assert_eq!(names[0].variant, Some("hidden"));
    assert!(
        s.features_of(Kind::DocumentProperties)
            .iter()
            .any(|f| f.variant == Some("person"))
    );
    assert!(s.has_text(Kind::DocumentProperties, "Jane Doe"));
    let u = s.features_of(Kind::UnknownPart);
    assert!(
        u.iter()
            .any(|f| f.location.part.as_deref() == Some("xl/mystery.bin")),
        "{u:?}"
    );
    assert!(s.has_text(Kind::UnknownPart, "secret roster data"));
}

#[test]
fn unreached_parts_are_reported_and_truncated_parts_fail() {
    let f = package(&[("xl/stray.bin", b"\x00\x00leftover Jane Doe\x00")]);
    let (r, s) = run(&f);
    r.unwrap();
    assert!(
        s.features_of(Kind::UnknownPart)
            .iter()
            .any(|f| f.variant == Some("unreached"))
    );
    assert!(s.texts.iter().any(|t| t.3.contains("leftover Jane Doe")));
    // A workbook.bin whose last record is cut off.
    let mut z = zip::ZipArchive::new(Cursor::new(package(&[]))).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut d = Vec::new();
        std::io::Read::read_to_end(&mut e, &mut d).unwrap();
        if name == "xl/workbook.bin" {
            d.truncate(d.len() - 1);
            d.push(0x05); // a record claiming 5 bytes with none left
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&d).unwrap();
    }
    let f = out.finish().unwrap().into_inner();
    assert!(run(&f).0.is_err());
}

#[test]
fn binary_records_are_bounds_checked() {
    let mut o = Vec::new();
    brec(&mut o, 0x027D, &[1, 2, 3]);
    brec(&mut o, 0x0001, &[0u8; 200]);
    let mut r = BinRecords::new(&o);
    assert_eq!(r.next_rec(), Ok(Some((0x027D, &[1u8, 2, 3][..]))));
    assert_eq!(r.next_rec().unwrap().unwrap().1.len(), 200);
    assert_eq!(r.next_rec(), Ok(None));
    let mut r = BinRecords::new(&o[..o.len() - 1]);
    r.next_rec().unwrap();
    assert!(r.next_rec().is_err());
}

#[test]
fn real_xlsb_files() {
    let files = crate::source::xls::tests::corpus("xlsb");
    if files.is_empty() {
        eprintln!("corpus absent: skipped");
        return;
    }
    for p in files {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let v = Rec::default();
        let ctx = Context::new(&name, Limits::default());
        let t = std::time::Instant::now();
        let r = crate::source::inspect(Input::Path(&p), &ctx, &v);
        assert!(t.elapsed().as_secs() < 20, "{name} took too long");
        let seen = v.0.into_inner().unwrap();
        eprintln!(
            "{name}: {:?} sheets={} cells={} features={}",
            r.as_ref().err(),
            seen.sheets.len(),
            seen.cells.len(),
            seen.features.len()
        );
        match name.as_str() {
            "pass_protected.xlsb" => assert_eq!(r, Err(SourceError::Encrypted), "{name}"),
            "issue_666_panic.xlsb" | "issue_666_lost_sheets.xlsb" => {}
            _ => {
                assert_eq!(r, Ok(crate::source::Format::Xlsb), "{name}");
                assert!(!seen.sheets.is_empty(), "{name}: no sheets");
                assert_eq!(seen.features_of(Kind::Incomplete).len(), 1, "{name}");
            }
        }
    }
}
