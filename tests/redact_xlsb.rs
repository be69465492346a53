//! `foiguard redact` on an xlsb workbook: the binary workbook is read by
//! foiguard's own xlsb reader (hidden rows, columns and sheets included),
//! so it can be rebuilt as a clean xlsx. The copy holds none of the values
//! planted in hidden places (every part unzipped, raw bytes searched), keeps
//! the visible values with their types, re-scans with no block finding, and
//! the input's bytes are unchanged.

use std::io::{Cursor, Read, Write};

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use foiguard::finding::{Severity, Verdict};
use foiguard::policy::Policy;
use foiguard::redact::{Destination, Options, Redactor};
use foiguard::scan::Scanner;

const HIDDEN_ROW: &str = "Quenbyshire";
const HIDDEN_COL: &str = "Wexcombe";
const HIDDEN_SHEET: &str = "Harrowgate";

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

fn workbook_bin() -> Vec<u8> {
    let mut o = Vec::new();
    brec(&mut o, 0x0083, &[]);
    brec(&mut o, 0x0099, &[0u8; 12]);
    brec(&mut o, 0x008F, &[]);
    for (i, (name, state)) in [("Counts", 0u32), ("Staff", 1)].iter().enumerate() {
        let mut d = state.to_le_bytes().to_vec();
        d.extend((i as u32 + 1).to_le_bytes());
        d.extend(wstr(&format!("rId{}", i + 1)));
        d.extend(wstr(name));
        brec(&mut o, 0x009C, &d);
    }
    brec(&mut o, 0x0090, &[]);
    brec(&mut o, 0x0084, &[]);
    o
}

enum V<'a> {
    St(&'a str),
    Real(f64),
}

/// A sheet: hidden columns, then rows of (row, hidden, cells (col, style, value)).
fn sheet_bin(hidden_cols: &[u32], rows: &[(u32, bool, Vec<(u32, u32, V<'_>)>)]) -> Vec<u8> {
    let mut o = Vec::new();
    brec(&mut o, 0x0081, &[]);
    brec(&mut o, 0x0094, &[0u8; 16]);
    if !hidden_cols.is_empty() {
        brec(&mut o, 0x0186, &[]);
        for &c in hidden_cols {
            let mut d = Vec::new();
            for v in [c, c, 2560, 0] {
                d.extend(v.to_le_bytes());
            }
            d.extend(1u16.to_le_bytes());
            brec(&mut o, 0x003C, &d);
        }
        brec(&mut o, 0x0187, &[]);
    }
    brec(&mut o, 0x0091, &[]);
    for (row, hidden, cells) in rows {
        let mut r = row.to_le_bytes().to_vec();
        r.extend(0u32.to_le_bytes());
        r.extend(300u16.to_le_bytes());
        r.extend(if *hidden { 0x1000u16 } else { 0 }.to_le_bytes());
        r.push(0);
        r.extend(0u32.to_le_bytes());
        brec(&mut o, 0x0000, &r);
        for (col, style, v) in cells {
            let mut d = col.to_le_bytes().to_vec();
            d.extend(style.to_le_bytes());
            match v {
                V::St(s) => {
                    d.extend(wstr(s));
                    brec(&mut o, 0x0006, &d);
                }
                V::Real(f) => {
                    d.extend(f.to_le_bytes());
                    brec(&mut o, 0x0005, &d);
                }
            }
        }
    }
    brec(&mut o, 0x0092, &[]);
    brec(&mut o, 0x0082, &[]);
    o
}

/// Styles: cell format 0 plain, 1 a date (built-in format 14).
fn styles_bin() -> Vec<u8> {
    let mut o = Vec::new();
    brec(&mut o, 0x0116, &[]);
    brec(&mut o, 0x0263, &1u32.to_le_bytes());
    let mut font = 220u16.to_le_bytes().to_vec();
    font.extend(0u16.to_le_bytes());
    font.extend(400u16.to_le_bytes());
    font.extend([0, 0, 0, 2, 0, 0]);
    font.extend([3 << 1, 1, 0, 0, 0, 0, 0, 0xFF]);
    font.push(0);
    font.extend(wstr("Calibri"));
    brec(&mut o, 0x002B, &font);
    brec(&mut o, 0x0264, &[]);
    brec(&mut o, 0x0269, &2u32.to_le_bytes());
    for fmt in [0u16, 14] {
        let mut d = Vec::new();
        for v in [0u16, fmt, 0, 0, 0] {
            d.extend(v.to_le_bytes());
        }
        d.extend([0u8; 6]);
        brec(&mut o, 0x002F, &d);
    }
    brec(&mut o, 0x026A, &[]);
    brec(&mut o, 0x0117, &[]);
    o
}

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn xlsb() -> Vec<u8> {
    let ct = r#"<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>
<Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/>
<Override PartName="/xl/worksheets/sheet2.bin" ContentType="application/vnd.ms-excel.worksheet"/>
<Override PartName="/xl/styles.bin" ContentType="application/vnd.ms-excel.styles"/>
</Types>"#;
    let root = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.bin"/>
</Relationships>"#
    );
    let wb_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.bin"/>
<Relationship Id="rId2" Type="{REL}/worksheet" Target="worksheets/sheet2.bin"/>
<Relationship Id="rId3" Type="{REL}/styles" Target="styles.bin"/>
</Relationships>"#
    );
    let counts = sheet_bin(
        &[2],
        &[
            (
                0,
                false,
                vec![
                    (0, 0, V::St("Rank")),
                    (1, 0, V::St("Count")),
                    (2, 0, V::St(HIDDEN_COL)),
                    (3, 0, V::St("Updated")),
                ],
            ),
            (
                1,
                false,
                vec![
                    (0, 0, V::St("Sergeant")),
                    (1, 0, V::Real(12.0)),
                    (3, 1, V::Real(45292.0)),
                ],
            ),
            (
                2,
                true,
                vec![(0, 0, V::St(HIDDEN_ROW)), (1, 0, V::Real(3.0))],
            ),
            (
                3,
                false,
                vec![(0, 0, V::St("Inspector")), (1, 0, V::Real(4.0))],
            ),
        ],
    );
    let staff = sheet_bin(&[], &[(0, false, vec![(0, 0, V::St(HIDDEN_SHEET))])]);
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", ct.as_bytes().to_vec()),
        ("_rels/.rels", root.into_bytes()),
        ("xl/workbook.bin", workbook_bin()),
        ("xl/_rels/workbook.bin.rels", wb_rels.into_bytes()),
        ("xl/worksheets/sheet1.bin", counts),
        ("xl/worksheets/sheet2.bin", staff),
        ("xl/styles.bin", styles_bin()),
    ];
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (n, d) in files {
        z.start_file(n, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(&d).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// Every part of a package, decompressed, and the file itself.
fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![("(file)".to_string(), bytes.to_vec())];
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.push((name, data));
    }
    out
}

#[test]
fn xlsb_with_hidden_row_column_and_sheet_redacts_to_a_clean_xlsx() {
    let input = xlsb();
    let scanner = Scanner::build(Policy::default(), None).unwrap();
    // The reader sees everything: no incomplete finding on the input.
    let before = scanner.scan_input(foiguard::source::Input::Bytes(&input), "t.xlsb", "t.xlsb");
    assert_ne!(before.verdict, Verdict::Error, "{:?}", before.error);
    assert!(
        !before.findings.iter().any(|f| f.kind == "incomplete"),
        "{:#?}",
        before.findings
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("staff.xlsb");
    std::fs::write(&path, &input).unwrap();
    let out = dir.path().join("out");
    let redactor = Redactor::new(Policy::default(), Options::default()).unwrap();
    let outcome = redactor.redact_file(&path, &Destination::Dir(out));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        input,
        "the input must never change"
    );
    assert!(
        outcome.status.written_with_small_counts_at_most(),
        "{:?} {:#?}",
        outcome.status,
        outcome.entries
    );
    assert_eq!(outcome.outputs.len(), 1);
    let copy = std::fs::read(&outcome.outputs[0]).unwrap();

    // No planted value anywhere, as UTF-8 or UTF-16.
    for (part, data) in parts(&copy) {
        let lower = data.to_ascii_lowercase();
        for n in [HIDDEN_ROW, HIDDEN_COL, HIDDEN_SHEET] {
            let n8 = n.to_ascii_lowercase().into_bytes();
            let n16: Vec<u8> = n
                .to_ascii_lowercase()
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes())
                .collect();
            let found = lower.windows(n8.len()).any(|w| w == n8.as_slice())
                || lower.windows(n16.len()).any(|w| w == n16.as_slice());
            assert!(!found, "planted {n:?} found in {part}");
        }
    }

    // The visible values, with their types; the hidden sheet is gone.
    let mut wb = open_workbook_auto_from_rs(Cursor::new(copy.clone())).unwrap();
    assert_eq!(wb.sheet_names(), vec!["Counts".to_string()]);
    let r = wb.worksheet_range("Counts").unwrap();
    let cells: Vec<(u32, u32, Data)> = r
        .used_cells()
        .map(|(row, col, d)| {
            let (r0, c0) = r.start().unwrap();
            (row as u32 + r0, col as u32 + c0, d.clone())
        })
        .collect();
    let find = |text: &str| {
        cells
            .iter()
            .find(|c| matches!(&c.2, Data::String(s) if s == text))
            .map(|c| (c.0, c.1))
    };
    let (rank_row, rank_col) = find("Rank").expect("Rank kept");
    assert!(find("Sergeant").is_some() && find("Inspector").is_some());
    let numbers: Vec<f64> = cells
        .iter()
        .filter_map(|c| match c.2 {
            Data::Float(f) => Some(f),
            Data::Int(i) => Some(i as f64),
            _ => None,
        })
        .collect();
    assert!(
        numbers.contains(&12.0) && numbers.contains(&4.0),
        "{cells:?}"
    );
    assert!(
        !numbers.contains(&3.0),
        "the hidden row's number is gone: {cells:?}"
    );
    assert!(
        cells
            .iter()
            .any(|c| matches!(&c.2, Data::DateTime(d) if d.as_f64() == 45292.0)),
        "the date stays a date: {cells:?}"
    );
    assert_eq!((rank_row, rank_col), (0, 0));

    // The copy re-scans with no block finding.
    let after = scanner.scan_input(foiguard::source::Input::Bytes(&copy), "c.xlsx", "c.xlsx");
    assert_ne!(after.verdict, Verdict::Error, "{:?}", after.error);
    let blocks: Vec<String> = after
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Block)
        .map(|f| format!("{}: {}", f.kind, f.message))
        .collect();
    assert!(blocks.is_empty(), "{blocks:?}");
}
