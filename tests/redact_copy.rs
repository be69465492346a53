//! `foiguard redact` through the library: for every planted value the clean
//! copy holds none of it anywhere (every part unzipped, raw bytes searched,
//! nested packages too), the visible non-personal values are still there
//! with their types, the copy opens with calamine and re-scans with no
//! block, and the input's bytes are unchanged.

mod support;

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use foiguard::finding::Severity;
use foiguard::policy::Policy;
use foiguard::redact::{Destination, FileOutcome, Options, OutputFormat, Redactor, Status};
use foiguard::scan::Scanner;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, FilterCondition, Format, Formula, Note, Workbook,
};
use support::fixtures::{self as fx, OdsOptions, SURNAMES, XlsOptions};

/// One redactor (and scanner) for every test: building the detectors is the
/// slow part in a debug build.
fn redactor(options: &Options) -> &'static Redactor {
    static PLAIN: OnceLock<Redactor> = OnceLock::new();
    static CSV: OnceLock<Redactor> = OnceLock::new();
    let cell = if options.to == Some(OutputFormat::Csv) {
        &CSV
    } else {
        &PLAIN
    };
    cell.get_or_init(|| Redactor::new(Policy::default(), options.clone()).unwrap())
}

fn scanner() -> &'static Scanner {
    static S: OnceLock<Scanner> = OnceLock::new();
    S.get_or_init(|| Scanner::build(Policy::default(), None).unwrap())
}

/// Redact `bytes` (saved as `name`) into a fresh folder; returns the folder,
/// the outcome and the copies' bytes.
fn redact(
    name: &str,
    bytes: &[u8],
    options: Options,
) -> (tempfile::TempDir, FileOutcome, Vec<(PathBuf, Vec<u8>)>) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(name);
    std::fs::write(&input, bytes).unwrap();
    let out = dir.path().join("out");
    let outcome = redactor(&options).redact_file(&input, &Destination::Dir(out.clone()));
    assert_eq!(
        std::fs::read(&input).unwrap(),
        bytes,
        "the input must never change"
    );
    let copies = outcome
        .outputs
        .iter()
        .map(|p| (p.clone(), std::fs::read(p).unwrap()))
        .collect();
    (dir, outcome, copies)
}

fn only_copy(name: &str, bytes: &[u8]) -> (FileOutcome, Vec<u8>) {
    let (_dir, outcome, copies) = redact(name, bytes, Options::default());
    assert!(
        outcome.status.written_with_small_counts_at_most(),
        "{name}: {:?} {:#?}",
        outcome.status,
        outcome.entries
    );
    assert_eq!(copies.len(), 1, "{name}");
    (outcome, copies.into_iter().next().unwrap().1)
}

/// Every part of a package (and of packages inside it), decompressed.
fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![("(file)".to_string(), bytes.to_vec())];
    let Ok(mut z) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if data.starts_with(b"PK\x03\x04") {
            for (n, d) in parts(&data) {
                out.push((format!("{name} > {n}"), d));
            }
        }
        out.push((name, data));
    }
    out
}

/// None of `needles` anywhere in the copy (case-insensitive, raw bytes of
/// every part, plus the UTF-16 form for binary parts).
fn assert_absent(what: &str, copy: &[u8], needles: &[String]) {
    for (part, data) in parts(copy) {
        let lower = data.to_ascii_lowercase();
        for n in needles {
            let n8 = n.to_ascii_lowercase().into_bytes();
            let n16: Vec<u8> = n
                .to_ascii_lowercase()
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes())
                .collect();
            let found = lower.windows(n8.len()).any(|w| w == n8.as_slice())
                || lower.windows(n16.len()).any(|w| w == n16.as_slice());
            assert!(!found, "{what}: planted {n:?} found in {part}");
        }
    }
}

fn sheets(copy: &[u8]) -> Vec<(String, calamine::Range<Data>)> {
    let mut wb = open_workbook_auto_from_rs(Cursor::new(copy.to_vec()))
        .expect("the copy opens with calamine");
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).unwrap();
            (n, r)
        })
        .collect()
}

fn sheet<'a>(all: &'a [(String, calamine::Range<Data>)], name: &str) -> &'a calamine::Range<Data> {
    &all.iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
        .1
}

fn text(r: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match r.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("({row},{col}): expected text, got {other:?}"),
    }
}

fn rescan_blocks(name: &str, copy: &[u8]) -> Vec<String> {
    let r = scanner().scan_input(foiguard::source::Input::Bytes(copy), name, name);
    assert_ne!(
        r.verdict,
        foiguard::finding::Verdict::Error,
        "{name}: {:?}",
        r.error
    );
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Block)
        .map(|f| format!("{} {:?} {:?}: {}", f.kind, f.sheet, f.cell, f.message))
        .collect()
}

// ---------------------------------------------------------------------------
// One workbook with every kind of planted value.

const HIDDEN_ROW: &str = "Ardenwick";
const HIDDEN_COL: &str = "Blenkinsopp";
const WHITE: &str = "Dunsmallow";
const FAR: &str = "Elverstone";
const COMMENT: &str = "Fenwrighte";
const AUTHOR: &str = "Iverscombe";
const FILTERED: &str = "Kettleburgh";
const PROPERTY: &str = "Larkhollow";
const VISIBLE: &str = "Quarrendon";

fn planted_workbook() -> Vec<u8> {
    let staff = fx::officers(12);
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_author(format!("Jo {AUTHOR}"))
            .set_manager(format!("Insp. {PROPERTY}"))
            .set_company("Example Constabulary")
            .set_creation_datetime(&fx::fixed_date()),
    );
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let white = Format::new().set_font_color(rust_xlsxwriter::Color::White);

    let ws = wb.add_worksheet();
    ws.set_name("Counts").unwrap();
    for (c, h) in ["Rank", "Officers", "Updated", "Note", "Published"]
        .iter()
        .enumerate()
    {
        ws.write_with_format(0, c as u16, *h, &bold).unwrap();
    }
    let rows: [(&str, f64); 6] = [
        ("Constable", 124.0),
        ("Sergeant", 40.0),
        (HIDDEN_ROW, 999.0),
        ("Inspector", 19.0),
        ("Chief Inspector", 8.0),
        ("Superintendent", 3.0),
    ];
    for (i, (rank, n)) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write(r, 0, *rank).unwrap();
        ws.write(r, 1, *n).unwrap();
        ws.write_datetime_with_format(
            r,
            2,
            ExcelDateTime::from_ymd(2024, 3, 1 + i as u8).unwrap(),
            &date,
        )
        .unwrap();
        ws.write(r, 3, "Routine").unwrap();
        ws.write(r, 4, i % 2 == 0).unwrap();
    }
    ws.set_row_hidden(3).unwrap();
    ws.write(7, 0, "Total").unwrap();
    ws.write_formula(7, 1, Formula::new("=SUM(B2:B7)").set_result("1193"))
        .unwrap();
    ws.write(8, 0, "Lookup").unwrap();
    ws.write_formula(
        8,
        1,
        Formula::new("=Staff!A2").set_result(staff[0].surname.as_str()),
    )
    .unwrap();
    ws.write(9, 3, format!("Reviewed by DC Jane {VISIBLE} on Monday"))
        .unwrap();
    ws.write(1, 6, HIDDEN_COL).unwrap();
    ws.set_column_hidden(6).unwrap();
    ws.write_with_format(2, 5, WHITE, &white).unwrap();
    ws.write(4999, 51, format!("{FAR} J, PC 4521")).unwrap();
    ws.insert_note(
        1,
        1,
        &Note::new(format!("Checked by {COMMENT}")).set_author("Jo Smith"),
    )
    .unwrap();

    let ws = wb.add_worksheet();
    ws.set_name("Incidents").unwrap();
    ws.write(0, 0, "Reference").unwrap();
    ws.write(0, 1, "Status").unwrap();
    ws.write(0, 2, "Officer").unwrap();
    for i in 0..10u32 {
        let open = i % 3 == 0;
        ws.write(1 + i, 0, 240_100 + i).unwrap();
        ws.write(1 + i, 1, if open { "Open" } else { "Closed" })
            .unwrap();
        let who = if open {
            format!("PC {} {FILTERED}", 1200 + i)
        } else {
            "-".to_string()
        };
        ws.write(1 + i, 2, who).unwrap();
    }
    ws.autofilter(0, 0, 10, 2).unwrap();
    ws.filter_column(1, &FilterCondition::new().add_list_filter("Closed"))
        .unwrap();

    let ws = wb.add_worksheet();
    ws.set_name("Roster").unwrap();
    fx::write_personnel(ws, &staff).unwrap();

    let ws = wb.add_worksheet();
    ws.set_name("Staff").unwrap();
    fx::write_personnel(ws, &staff).unwrap();
    ws.set_hidden(true);
    wb.save_to_buffer().unwrap()
}

fn planted_values() -> Vec<String> {
    let mut v: Vec<String> = [
        HIDDEN_ROW, HIDDEN_COL, WHITE, FAR, COMMENT, AUTHOR, FILTERED, PROPERTY, VISIBLE,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for o in fx::officers(12) {
        v.push(o.surname.clone());
        v.push(o.service_number.to_string());
    }
    v.push("999".into());
    v
}

#[test]
fn planted_workbook_leaves_nothing_and_keeps_what_a_reader_saw() {
    let input = planted_workbook();
    let (outcome, copy) = only_copy("response.xlsx", &input);
    assert_eq!(
        outcome.outputs[0].file_name().unwrap(),
        "response.clean.xlsx"
    );
    assert_absent("planted workbook", &copy, &planted_values());
    assert!(rescan_blocks("response.clean.xlsx", &copy).is_empty());

    // Nothing but cells: no comments, drawings, names, hidden state.
    let names: Vec<String> = parts(&copy).into_iter().map(|p| p.0).collect();
    for p in &names {
        assert!(
            !p.contains("comments")
                && !p.contains("vml")
                && !p.contains("pivot")
                && !p.contains("drawing"),
            "unexpected part {p}"
        );
    }
    let wbxml = String::from_utf8(
        parts(&copy)
            .into_iter()
            .find(|p| p.0 == "xl/workbook.xml")
            .unwrap()
            .1,
    )
    .unwrap();
    // No hidden sheet and no defined name of the original; the only name
    // is the one Excel gives a kept filter (the range of its buttons).
    let names: Vec<&str> = wbxml.split("<definedName ").skip(1).collect();
    assert!(
        names
            .iter()
            .all(|n| n.starts_with(r#"name="_xlnm._FilterDatabase""#)),
        "{wbxml}"
    );
    assert!(
        !wbxml.contains("state=\"hidden\"") && !wbxml.contains("veryHidden"),
        "{wbxml}"
    );

    let all = sheets(&copy);
    let got: Vec<&str> = all.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(
        got,
        ["Counts", "Incidents", "Roster"],
        "visible sheets, in order"
    );

    let c = sheet(&all, "Counts");
    assert_eq!(text(c, 0, 0), "Rank");
    // The hidden row is closed up: Inspector moves from row 5 to row 4.
    let ranks: Vec<String> = (1..=5).map(|r| text(c, r, 0)).collect();
    assert_eq!(
        ranks,
        [
            "Constable",
            "Sergeant",
            "Inspector",
            "Chief Inspector",
            "Superintendent"
        ]
    );
    let counts: Vec<Option<Data>> = (1..=5).map(|r| c.get_value((r, 1)).cloned()).collect();
    let want: Vec<Option<Data>> = [124.0, 40.0, 19.0, 8.0, 3.0]
        .iter()
        .map(|n| Some(Data::Float(*n)))
        .collect();
    assert_eq!(counts, want);
    assert!(
        matches!(c.get_value((1, 2)), Some(Data::DateTime(d)) if d.as_f64() == 45352.0),
        "{:?}",
        c.get_value((1, 2))
    );
    assert_eq!(c.get_value((1, 4)), Some(&Data::Bool(true)));
    assert_eq!(c.get_value((2, 4)), Some(&Data::Bool(false)));
    assert_eq!(text(c, 1, 3), "Routine");
    // The total over the hidden row keeps its cached number.
    assert_eq!(text(c, 6, 0), "Total");
    assert_eq!(c.get_value((6, 1)), Some(&Data::Float(1193.0)));
    // The lookup into the hidden sheet is masked.
    assert_eq!(text(c, 7, 0), "Lookup");
    assert_eq!(text(c, 7, 1), "[REDACTED s40(2)]");
    // The identifier is masked; the rest of the cell stays.
    let note = text(c, 8, 3);
    assert!(
        note.starts_with("Reviewed by")
            && note.ends_with("on Monday")
            && note.contains("[REDACTED s40(2)]"),
        "{note}"
    );
    // White-on-white F3 is dropped, not made visible; far away is gone.
    assert!(matches!(c.get_value((2, 5)), None | Some(Data::Empty)));
    assert!(
        c.end().is_some_and(|(r, col)| r < 20 && col < 8),
        "{:?}",
        c.end()
    );

    let inc = sheet(&all, "Incidents");
    assert_eq!(text(inc, 0, 2), "Officer");
    let statuses: Vec<String> = (1..inc.height() as u32).map(|r| text(inc, r, 1)).collect();
    assert_eq!(statuses.len(), 6, "only the rows the filter showed");
    assert!(statuses.iter().all(|s| s == "Closed"));

    let roster = sheet(&all, "Roster");
    assert_eq!(text(roster, 0, 0), "Surname", "the header row stays");
    assert!(
        text(roster, 1, 0).contains("12 rows of personal data withheld"),
        "{:?}",
        roster.get_value((1, 0))
    );
    assert_eq!(roster.height(), 2, "no person rows");

    // The log: one line per removal or mask, and a summary.
    let kinds: Vec<(&str, &str)> = outcome
        .entries
        .iter()
        .map(|e| (e.kind.as_str(), e.action.as_str()))
        .collect();
    for k in [
        "hidden_sheet",
        "hidden_rows",
        "hidden_columns",
        "filtered_rows",
        "invisible_text",
        "far_away_data",
        "comment",
        "document_properties",
        "personnel_records",
        "formula_to_hidden",
        "summary",
    ] {
        assert!(
            kinds.iter().any(|(kind, _)| *kind == k),
            "no log line for {k}: {kinds:#?}"
        );
    }
    assert!(
        kinds.iter().any(|(_, a)| *a == "masked formula result"),
        "{kinds:#?}"
    );
    assert!(
        kinds.iter().any(|(_, a)| *a == "masked identifier"),
        "{kinds:#?}"
    );
    let log = String::from_utf8(foiguard::redact::log::to_csv(&outcome.entries).unwrap()).unwrap();
    for p in planted_values()
        .iter()
        .filter(|p| p.parse::<u64>().is_err())
    {
        assert!(!log.contains(p.as_str()), "the log shows {p} unmasked");
    }
    // The copy keeps its small count of officers (figures are never
    // changed): it is written, but to review, and says what to decide.
    let last = outcome.entries.last().unwrap();
    assert_eq!(
        (last.kind.as_str(), last.action.as_str()),
        ("summary", "written for review")
    );
    assert!(
        last.detail
            .contains("decide on these before release: small_count at 'Counts'!B6"),
        "{}",
        last.detail
    );
    assert!(!last.detail.contains(".."), "{}", last.detail);
    let text = foiguard::redact::RedactReport {
        files: vec![outcome.clone()],
        log: None,
        log_error: None,
    }
    .render_text();
    assert!(text.starts_with("review   "), "{text}");
    assert!(
        text.contains("decide on these before release:\n           - small_count"),
        "{text}"
    );
    assert!(!text.contains("verified clean"), "{text}");
}

#[test]
fn the_same_input_gives_byte_identical_copies() {
    // Sheets are written in parallel: repeat, so a race would show.
    let input = planted_workbook();
    let (_, a) = only_copy("a.xlsx", &input);
    for _ in 0..4 {
        let (_, b) = only_copy("a.xlsx", &input);
        assert!(a == b, "two redactions of the same workbook differ");
    }
    let csv = b"name;note\nx;=1+2\ny;seen by PC 4521 Quarrendon\n";
    let (_, a) = only_copy("c.csv", csv);
    let (_, b) = only_copy("c.csv", csv);
    assert_eq!(a, b);
}

// ---------------------------------------------------------------------------
// The shared fixtures with planted data.

#[test]
fn every_fixture_with_planted_data_is_cleaned() {
    use fx::{FormulaTarget, Invisible, Name};
    let apps: Vec<String> = fx::applicants(40).into_iter().map(|a| a.surname).collect();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("hidden_sheet", fx::hidden_sheet_xlsx(false)),
        ("very_hidden_sheet", fx::hidden_sheet_xlsx(true)),
        ("hidden_rows", fx::hidden_rows_xlsx(true)),
        ("zero_height_row", fx::zero_height_row_xlsx()),
        ("hidden_columns", fx::hidden_columns_xlsx(true)),
        ("zero_width_column", fx::zero_width_column_xlsx()),
        ("collapsed_rows", fx::collapsed_rows_xlsx()),
        ("collapsed_columns", fx::collapsed_columns_xlsx()),
        ("filtered_rows", fx::filtered_rows_xlsx(true)),
        (
            "white_on_white",
            fx::invisible_text_xlsx(Invisible::WhiteOnNoFill),
        ),
        (
            "same_as_fill",
            fx::invisible_text_xlsx(Invisible::SameAsFill),
        ),
        (
            "theme_white",
            fx::invisible_text_xlsx(Invisible::ThemeWhite),
        ),
        (
            "empty_format",
            fx::invisible_text_xlsx(Invisible::EmptyFormat),
        ),
        ("tiny_font", fx::invisible_text_xlsx(Invisible::TinyFont)),
        ("far_away", fx::far_away_xlsx(true)),
        ("pivot_cache", fx::pivot_cache_xlsx(40)),
        ("data_model", fx::data_model_xlsx()),
        ("connection", fx::connection_xlsx()),
        ("external_link", fx::external_link_xlsx()),
        ("comment", fx::comment_xlsx()),
        ("threaded_comment", fx::threaded_comment_xlsx()),
        ("person_properties", fx::person_properties_xlsx()),
        ("abs_path", fx::abs_path_xlsx()),
        ("custom_xml", fx::custom_xml_xlsx()),
        ("revision_log", fx::revision_log_xlsx()),
        ("unknown_part", fx::unknown_part_xlsx()),
        (
            "embedded_workbook",
            fx::embedded_workbook_xlsx(&fx::hidden_sheet_xlsx(false)),
        ),
        ("macro", fx::macro_xlsm()),
        (
            "defined_name_constant",
            fx::defined_name_xlsx(Name::Constant),
        ),
        ("header_footer", fx::header_footer_xlsx()),
        ("text_box", fx::text_box_xlsx()),
        ("chart_on_hidden", fx::chart_on_hidden_xlsx()),
        (
            "formula_hidden_sheet",
            fx::formula_xlsx(FormulaTarget::HiddenSheet),
        ),
        (
            "formula_hidden_row",
            fx::formula_xlsx(FormulaTarget::HiddenRow),
        ),
        ("validation", fx::validation_xlsx(true)),
        (
            "hyperlink",
            fx::hyperlink_xlsx("file:///C:/Users/jquarrendon/Documents/staff.xlsx"),
        ),
    ];
    let mut needles: Vec<String> = SURNAMES.iter().map(|s| s.to_string()).collect();
    needles.extend(apps);
    needles.extend([
        "07700 900".to_string(),
        "jquarrendon".to_string(),
        "@example.police.uk".to_string(),
    ]);
    let mut failures = Vec::new();
    for (name, bytes) in cases {
        let ext = if name == "macro" { "xlsm" } else { "xlsx" };
        let file = format!("{name}.{ext}");
        let (_dir, outcome, copies) = redact(&file, &bytes, Options::default());
        if !outcome.status.written_with_small_counts_at_most() {
            failures.push(format!("{name}: {:?}", outcome.status));
            continue;
        }
        let copy = &copies[0].1;
        assert!(
            copies[0]
                .0
                .to_string_lossy()
                .ends_with(&format!("{name}.clean.xlsx")),
            "{:?}",
            copies[0].0
        );
        assert_absent(name, copy, &needles);
        let blocks = rescan_blocks("x.xlsx", copy);
        assert!(blocks.is_empty(), "{name}: {blocks:?}");
        assert!(!sheets(copy).is_empty(), "{name}");
        assert!(
            !parts(copy)
                .iter()
                .any(|(p, _)| p.contains("vbaProject") || p.contains("embeddings")),
            "{name}"
        );
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn legacy_and_open_document_workbooks_become_xlsx() {
    let staff: Vec<String> = fx::officers(4).iter().map(|o| o.surname.clone()).collect();
    for (name, bytes) in [
        (
            "counts.xls",
            fx::minimal_xls(XlsOptions {
                hidden_sheet: true,
                ..Default::default()
            }),
        ),
        (
            "counts.ods",
            fx::minimal_ods(OdsOptions {
                hidden_table: true,
                annotation: true,
                ..Default::default()
            }),
        ),
    ] {
        let (outcome, copy) = only_copy(name, &bytes);
        assert!(
            outcome.outputs[0]
                .to_string_lossy()
                .ends_with(".clean.xlsx")
        );
        assert!(copy.starts_with(b"PK"), "{name}: an xlsx");
        assert_absent(name, &copy, &staff);
        let all = sheets(&copy);
        assert_eq!(all.len(), 1, "{name}: only the visible sheet");
        assert_eq!(text(&all[0].1, 0, 0), "Rank");
        assert_eq!(
            all[0].1.get_value((1, 1)),
            Some(&Data::Float(124.0)),
            "{name}"
        );
    }
}

#[test]
fn rows_out_of_order_in_the_source_are_all_kept() {
    // A sheet whose rows are stored 3, 1, 2 (Excel never writes this, other
    // tools may): every value must reach the copy.
    let base = fx::xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Wards")?;
        for r in 0..3u32 {
            ws.write(r, 0, format!("Ward {}", r + 1))?;
            ws.write(r, 1, (r + 1) * 10)?;
        }
        Ok(())
    });
    let mut p = fx::Package::open(&base);
    let sheet = "xl/worksheets/sheet1.xml";
    let t = p.text(sheet);
    let row = |n: u32| {
        let start = t.find(&format!("<row r=\"{n}\"")).unwrap();
        let end = start + t[start..].find("</row>").unwrap() + 6;
        t[start..end].to_string()
    };
    let (r1, r2, r3) = (row(1), row(2), row(3));
    let swapped = t.replace(&format!("{r1}{r2}{r3}"), &format!("{r3}{r1}{r2}"));
    assert_ne!(swapped, t);
    p.put(sheet, swapped);
    let (_, copy) = only_copy("wards.xlsx", &p.to_bytes());
    let all = sheets(&copy);
    let r = &all[0].1;
    for i in 0..3u32 {
        assert_eq!(text(r, i, 0), format!("Ward {}", i + 1));
        assert_eq!(
            r.get_value((i, 1)),
            Some(&Data::Float(((i + 1) * 10) as f64))
        );
    }
}

#[test]
fn names_written_oddly_in_a_cell_are_masked_whole() {
    // A count table with a contact line under it (rt28): a name over two
    // lines, a surname with particles, SURNAME, Forename after a rank.
    let contacts = [
        "Declan\nNorthwood",
        "Sergeant Declan van der Vaart",
        "PC 4521 YARNOLD, Declan",
    ];
    for contact in contacts {
        let book = fx::xlsx(|wb| {
            let ws = wb.add_worksheet();
            ws.set_name("Counts")?;
            ws.write(0, 0, "Rank")?;
            ws.write(0, 1, "Headcount")?;
            for (r, (rank, n)) in [("Constable", 1204), ("Sergeant", 310)].iter().enumerate() {
                ws.write(r as u32 + 1, 0, *rank)?;
                ws.write(r as u32 + 1, 1, *n)?;
            }
            ws.write(5, 0, "Contact")?;
            ws.write(5, 1, contact)?;
            Ok(())
        });
        let (_, copy) = only_copy("counts.xlsx", &book);
        let surname = contact
            .split([' ', '\n', ','])
            .find(|w| ["Northwood", "Vaart", "YARNOLD"].contains(w))
            .unwrap();
        assert_absent(contact, &copy, &[surname.to_string(), "Declan".to_string()]);
        let all = sheets(&copy);
        assert_eq!(text(&all[0].1, 1, 0), "Constable", "{contact}: counts kept");
    }
}

#[test]
fn a_large_sheet_streams_without_losing_a_value() {
    let rows = 6_000u32;
    let base = fx::xlsx(|wb| {
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name("Log")?;
        ws.write(0, 0, "Reference")?;
        ws.write(0, 1, "Outcome")?;
        ws.write(0, 2, "Items")?;
        for r in 1..rows {
            ws.write(r, 0, format!("CR-{r:06}"))?;
            ws.write(
                r,
                1,
                if r % 2 == 0 {
                    "Charged"
                } else {
                    "No further action"
                },
            )?;
            ws.write(r, 2, r % 7)?;
        }
        Ok(())
    });
    let (_, copy) = only_copy("log.xlsx", &base);
    let all = sheets(&copy);
    let r = &all[0].1;
    assert_eq!(r.height() as u32, rows);
    for row in 1..rows {
        assert_eq!(text(r, row, 0), format!("CR-{row:06}"));
        assert_eq!(
            r.get_value((row, 2)),
            Some(&Data::Float((row % 7) as f64)),
            "row {row}"
        );
    }
}

// ---------------------------------------------------------------------------
// CSV and TSV.

#[test]
fn csv_stays_csv_in_its_dialect_with_formulas_neutralised() {
    let input = "Ref;Note;Amount\r\n\
                 1;\"=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\";1.5\r\n\
                 2;Seen by PC 4521 Quarrendon at the scene;2\r\n\
                 3;@SUM(A1);-3\r\n\
                 4;+44 line;0\r\n";
    let (outcome, copy) = only_copy("incidents.csv", input.as_bytes());
    assert!(
        outcome.outputs[0]
            .to_string_lossy()
            .ends_with("incidents.clean.csv")
    );
    let out = String::from_utf8(copy.clone()).unwrap();
    let lines: Vec<&str> = out.split("\r\n").collect();
    assert_eq!(lines[0], "Ref;Note;Amount", "{out}");
    assert!(lines[1].starts_with("1;\"'=HYPERLINK("), "{out}");
    assert!(lines[1].ends_with(";1.5"), "{out}");
    assert!(
        lines[2].contains("[REDACTED s40(2)]")
            && !out.contains("Quarrendon")
            && !out.contains("4521"),
        "{out}"
    );
    assert!(lines[3].starts_with("3;'@SUM(A1);-3"), "{out}");
    assert!(lines[4].starts_with("4;'+44 line;0"), "{out}");
    for l in lines.iter().filter(|l| !l.is_empty()) {
        for field in l.split(';') {
            let f = field.trim_start_matches('"');
            assert!(
                !f.starts_with(['=', '+', '@']),
                "a formula-like field left: {l}"
            );
        }
    }
    assert!(rescan_blocks("incidents.clean.csv", &copy).is_empty());

    let tsv = "District\tOfficers\nNorthgate\t61\nRiverside\t47\n";
    let (outcome, copy) = only_copy("counts.tsv", tsv.as_bytes());
    assert!(
        outcome.outputs[0]
            .to_string_lossy()
            .ends_with("counts.clean.tsv")
    );
    assert_eq!(
        String::from_utf8(copy).unwrap(),
        "District\tOfficers\nNorthgate\t61\nRiverside\t47\n",
        "LF stays LF"
    );
}

#[test]
fn a_workbook_to_csv_gives_one_file_per_visible_sheet() {
    let options = Options {
        to: Some(OutputFormat::Csv),
        ..Default::default()
    };
    let (_dir, outcome, copies) = redact("response.xlsx", &planted_workbook(), options);
    assert!(
        outcome.status.written_with_small_counts_at_most(),
        "{:?} {:#?}",
        outcome.status,
        outcome.entries
    );
    let names: Vec<String> = copies
        .iter()
        .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "response.Counts.clean.csv",
            "response.Incidents.clean.csv",
            "response.Roster.clean.csv"
        ]
    );
    let needles = planted_values();
    for (p, bytes) in &copies {
        assert!(
            bytes.starts_with(b"\xEF\xBB\xBF"),
            "UTF-8 with a byte-order mark"
        );
        assert_absent(&p.display().to_string(), bytes, &needles);
    }
    let counts = String::from_utf8(copies[0].1[3..].to_vec()).unwrap();
    let lines: Vec<&str> = counts.split("\r\n").collect();
    assert_eq!(lines[0], "Rank,Officers,Updated,Note,Published");
    assert_eq!(lines[1], "Constable,124,2024-03-01,Routine,TRUE");
    assert_eq!(lines[3], "Inspector,19,2024-03-04,Routine,FALSE");
    assert_eq!(lines[6], "Total,1193,,,");
}

#[test]
fn a_copy_keeps_how_cells_look_but_no_dark_fill_behind_its_black_text() {
    use rust_xlsxwriter::{Color, FormatAlign};
    let bytes = fx::xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Notes")?;
        let title = Format::new()
            .set_italic()
            .set_align(FormatAlign::CenterAcross);
        let header = Format::new()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::Top);
        let banner = Format::new()
            .set_background_color(Color::RGB(0x1F3864))
            .set_font_color(Color::White);
        let caveat = Format::new().set_text_wrap();
        ws.write_with_format(0, 0, "Officers by rank", &title)?;
        ws.write_with_format(1, 0, "Rank", &header)?;
        ws.write_with_format(1, 1, "Officers", &banner)?;
        ws.write(2, 0, "Constable")?;
        ws.write(2, 1, 812)?;
        ws.write(3, 0, "Working row")?;
        ws.set_row_hidden(3)?;
        ws.write_with_format(4, 0, "Figures are headcount on 31 March.", &caveat)?;
        ws.set_row_height(4, 45)?;
        Ok(())
    });
    let (_outcome, copy) = only_copy("look.xlsx", &bytes);
    // The caveat's row keeps its height, one row up once the hidden row
    // has gone (row 5 becomes row 4).
    let sheet = parts(&copy)
        .into_iter()
        .find(|(n, _)| n == "xl/worksheets/sheet1.xml")
        .map(|(_, d)| String::from_utf8(d).unwrap())
        .unwrap();
    let row4 = sheet.find("<row r=\"4\"").map(|i| &sheet[i..i + 80]);
    assert!(
        row4.is_some_and(|r| r.contains("ht=\"45\"") && r.contains("customHeight=\"1\"")),
        "{sheet}"
    );
    let styles = parts(&copy)
        .into_iter()
        .find(|(n, _)| n == "xl/styles.xml")
        .map(|(_, d)| String::from_utf8(d).unwrap())
        .unwrap();
    for kept in [
        "<i/>",
        "horizontal=\"centerContinuous\"",
        "horizontal=\"center\"",
        "vertical=\"top\"",
        "wrapText=\"1\"",
        "FFDDEBF7",
    ] {
        assert!(styles.contains(kept), "{kept} lost: {styles}");
    }
    // The white text on navy is black in the copy: the navy goes with it.
    assert!(!styles.contains("FF1F3864"), "{styles}");
    assert!(!styles.contains("rgb=\"FFFFFFFF\""), "{styles}");
}

#[test]
fn a_count_suppressed_by_its_format_goes_out_as_the_suppression() {
    // "<5" shown over a stored 3: the copy holds "<5", and no 3.
    let bytes = fx::xlsx(|wb| {
        let ws = wb.add_worksheet();
        let suppressed = Format::new().set_num_format("[<5]\"<5\";0");
        ws.write(0, 0, "Rank")?;
        ws.write(0, 1, "Officers")?;
        ws.write(1, 0, "Constable")?;
        ws.write_number_with_format(1, 1, 812.0, &suppressed)?;
        ws.write(2, 0, "Sergeant")?;
        ws.write_number_with_format(2, 1, 3.0, &suppressed)?;
        Ok(())
    });
    let (_outcome, copy) = only_copy("suppressed.xlsx", &bytes);
    let mut wb = open_workbook_auto_from_rs(Cursor::new(copy)).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    assert_eq!(range.get_value((1, 1)), Some(&Data::Float(812.0)));
    assert_eq!(range.get_value((2, 1)), Some(&Data::String("<5".into())));
    let options = Options {
        to: Some(OutputFormat::Csv),
        ..Default::default()
    };
    let (_dir, _outcome, copies) = redact("suppressed.xlsx", &bytes, options);
    let text = String::from_utf8(copies[0].1.clone()).unwrap();
    assert!(text.contains("Sergeant,<5"), "{text}");
}

#[test]
fn a_workbook_to_csv_writes_what_the_sheet_shows() {
    let bytes = fx::xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Spend")?;
        for (c, h) in ["Month", "Spend", "Share", "Logged", "Ref"]
            .iter()
            .enumerate()
        {
            ws.write(0, c as u16, *h)?;
        }
        let month = Format::new().set_num_format("mmm-yy");
        let money = Format::new().set_num_format("#,##0.00");
        let share = Format::new().set_num_format("0.0%");
        let day = Format::new().set_num_format("dd/mm/yyyy");
        let padded = Format::new().set_num_format("00000");
        // 1 April 2022; the sum of a column, with a binary fraction's noise.
        ws.write_number_with_format(1, 0, 44652.0, &month)?;
        ws.write_number_with_format(1, 1, 594644.1700000018, &money)?;
        ws.write_number_with_format(1, 2, 0.0070361849103621815, &share)?;
        // 1 March 2024 at 18:00, shown as a day only.
        ws.write_number_with_format(1, 3, 45352.75, &day)?;
        ws.write_number_with_format(1, 4, 42.0, &padded)?;
        Ok(())
    });
    let options = Options {
        to: Some(OutputFormat::Csv),
        ..Default::default()
    };
    let (_dir, outcome, copies) = redact("spend.xlsx", &bytes, options);
    assert!(outcome.status.written(), "{:?}", outcome.status);
    let text = String::from_utf8(copies[0].1.clone()).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    // The month, not the day the format hid; the figures as shown; the
    // day in ISO 8601, without the time the format hid.
    assert_eq!(
        lines[1], "Apr-22,\"594,644.17\",0.7%,2024-03-01,00042",
        "{text}"
    );
}

/// Where the fixtures live when a test needs a file on disk.
#[allow(dead_code)]
fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_roster_is_matched_in_every_kept_cell() {
    let roster = foiguard::detect::roster::Roster::from_csv_reader(
        "surname,forename,warrant_number\nWendlebury,Tom,141183\n".as_bytes(),
    )
    .unwrap();
    let options = Options {
        roster: Some(roster),
        ..Default::default()
    };
    let redactor = Redactor::new(Policy::default(), options).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("log.csv");
    std::fs::write(
        &input,
        "Ref,Action\n1,Exhibit booked in by 141183\n2,Seen by T Wendlebury\n3,Filed\n",
    )
    .unwrap();
    let outcome = redactor.redact_file(&input, &Destination::Dir(dir.path().join("out")));
    assert_eq!(outcome.status, Status::Clean, "{:#?}", outcome.entries);
    let out = std::fs::read_to_string(&outcome.outputs[0]).unwrap();
    assert!(
        !out.contains("141183") && !out.contains("Wendlebury"),
        "{out}"
    );
    assert!(out.contains("3,Filed"), "{out}");
    assert!(
        outcome.entries.iter().any(|e| e.kind == "roster_match"),
        "{:#?}",
        outcome.entries
    );
}

#[test]
fn csv_fields_are_kept_exactly_as_written() {
    // Every kept field comes out as the input wrote it: numbers are not
    // rewritten in shortest form; leading zeros, signs, exponents, spaces
    // and quoted thousands stay. Only formula-like cells change.
    let input = "Ref,Amount,Code,Area,Sci,Dial,Total,Date,Padded,Note\r\n\
                 1,1.50,007,0123,1e3,+44,\"1,000\",2024-01-05, 12 ,=1+2\r\n\
                 2,2.00,008,0456,2.5E-3,-0,\"2,500\",2024-02-06,  7 ,  \r\n\
                 \r\n\
                 3,\"3.10\",009,0789,1E+3,+0.50,\"12,000.00\",05/01/2024,0.0,\"two\r\nlines\"\r\n\
                 4,4.000,010,0001,-1e3,1.,\".5\",2024-03-07,-12.50,x\r\n";
    let (_outcome, copy) = only_copy("amounts.csv", input.as_bytes());
    let out = String::from_utf8(copy).unwrap();
    let expected = "Ref,Amount,Code,Area,Sci,Dial,Total,Date,Padded,Note\r\n\
                    1,1.50,007,0123,1e3,+44,\"1,000\",2024-01-05, 12 ,'=1+2\r\n\
                    2,2.00,008,0456,2.5E-3,-0,\"2,500\",2024-02-06,  7 ,  \r\n\
                    ,,,,,,,,,\r\n\
                    3,3.10,009,0789,1E+3,+0.50,\"12,000.00\",05/01/2024,0.0,\"two\r\nlines\"\r\n\
                    4,4.000,010,0001,-1e3,1.,.5,2024-03-07,-12.50,x\r\n";
    assert_eq!(out, expected);

    // The same in UTF-16 with a semicolon: decoded, then kept as written.
    let input = "Ref;Amount\r\n1;1,50\r\n2;2.50\r\n3;1e3\r\n";
    let mut utf16 = vec![0xFF, 0xFE];
    for u in input.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let (_outcome, copy) = only_copy("amounts16.csv", &utf16);
    let out = String::from_utf8(copy).unwrap();
    assert_eq!(out, format!("\u{FEFF}{input}"));
}

#[test]
fn csv_numbers_that_are_identifiers_are_still_masked() {
    let roster = foiguard::detect::roster::Roster::from_csv_reader(
        "surname,forename,warrant_number\nWendlebury,Tom,141183\n".as_bytes(),
    )
    .unwrap();
    let options = Options {
        roster: Some(roster),
        ..Default::default()
    };
    let redactor = Redactor::new(Policy::default(), options).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("exhibits.csv");
    std::fs::write(
        &input,
        "Exhibit,Booked by,Weight\n1,141183,1.50\n2,141183.0,+3\n",
    )
    .unwrap();
    let outcome = redactor.redact_file(&input, &Destination::Dir(dir.path().join("out")));
    assert_eq!(outcome.status, Status::Clean, "{:#?}", outcome.entries);
    let out = std::fs::read_to_string(&outcome.outputs[0]).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Exhibit,Booked by,Weight", "{out}");
    assert_eq!(lines[1], "1,[REDACTED s40(2)],1.50", "{out}");
    assert_eq!(lines[2], "2,[REDACTED s40(2)],+3", "{out}");
    assert!(!out.contains("141183"), "{out}");
}

/// A UPN with its check letter, for twelve digits.
fn upn(digits: &str) -> String {
    format!(
        "{}{digits}",
        foiguard::detect::content::upn_check_letter(digits).unwrap()
    )
}

#[test]
fn a_column_known_only_by_its_check_letters_is_masked_whole() {
    let upns: Vec<String> = (0..7u64)
        .map(|i| upn(&format!("{:012}", 511_253_287_046 + i * 7_919)))
        .collect();
    // CSV: a "Ref" column says nothing; the check letters do.
    let mut csv = String::from("Ref,Days absent\n");
    for (i, u) in upns.iter().enumerate() {
        csv.push_str(&format!("{u},{}\n", 5 + i));
    }
    let (_dir, outcome, copies) = redact("absence.csv", csv.as_bytes(), Options::default());
    assert_eq!(outcome.status, Status::Clean, "{:#?}", outcome.entries);
    let out = String::from_utf8(copies[0].1.clone()).unwrap();
    assert!(out.starts_with("Ref,Days absent\n"), "{out}");
    assert!(out.contains("[REDACTED s40(2)],5\n"), "{out}");
    assert_absent("csv copy", out.as_bytes(), &upns);
    // xlsx: the same, and the re-scan of the copy blocks nothing.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "Ref").unwrap();
    ws.write(0, 1, "Days absent").unwrap();
    for (i, u) in upns.iter().enumerate() {
        ws.write(i as u32 + 1, 0, u.as_str()).unwrap();
        ws.write(i as u32 + 1, 1, 5 + i as u32).unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    assert!(
        !rescan_blocks("absence.xlsx", &bytes).is_empty(),
        "the input blocks"
    );
    let (outcome, copy) = only_copy("absence.xlsx", &bytes);
    assert!(
        outcome.entries.iter().any(|e| e.kind == "pupil_number"),
        "{:#?}",
        outcome.entries
    );
    assert_absent("xlsx copy", &copy, &upns);
    let all = sheets(&copy);
    let s = &all[0].1;
    assert_eq!(text(s, 0, 0), "Ref");
    assert_eq!(text(s, 1, 0), "[REDACTED s40(2)]");
    assert!(rescan_blocks("absence.clean.xlsx", &copy).is_empty());
}

#[test]
fn counts_beside_hidden_names_stay_and_values_behind_fixed_text_formats_go() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Summary").unwrap();
    let rows = [
        ("Northern", 1243, 187),
        ("Southern", 986, 143),
        ("Eastern", 1532, 266),
        ("Western", 744, 98),
        ("Central", 2011, 351),
    ];
    let staff = [
        "Ardenwick",
        "Blenkinsopp",
        "Dunsmallow",
        "Elverstone",
        "Fenwrighte",
    ];
    for (c, h) in ["Division", "Searches", "Arrests", "", "Officer", "Payroll"]
        .iter()
        .enumerate()
    {
        ws.write(0, c as u16, *h).unwrap();
    }
    for (i, (d, s, a)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write(r, 0, *d).unwrap();
        ws.write(r, 1, *s).unwrap();
        ws.write(r, 2, *a).unwrap();
        // Hidden columns E:F: one officer per row, beside the counts.
        ws.write(r, 4, staff[i]).unwrap();
        ws.write(r, 5, 917_480 + i as u32).unwrap();
    }
    ws.set_column_hidden(4).unwrap();
    ws.set_column_hidden(5).unwrap();
    // A payroll number shown as "n/a".
    let na = Format::new().set_num_format("\"n/a\"");
    ws.write(7, 0, "Lead officer").unwrap();
    ws.write_with_format(7, 1, 825_729, &na).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let (outcome, copy) = only_copy("searches.xlsx", &bytes);
    let mut planted: Vec<String> = staff.iter().map(|s| s.to_string()).collect();
    planted.extend((0..5).map(|i| (917_480 + i).to_string()));
    planted.push("825729".into());
    assert_absent("copy", &copy, &planted);
    // The counts are all still there, under their headers.
    let all = sheets(&copy);
    let s = sheet(&all, "Summary");
    assert_eq!(text(s, 0, 1), "Searches");
    for (i, (d, n, a)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        assert_eq!(text(s, r, 0), *d);
        assert_eq!(s.get_value((r, 1)), Some(&Data::Float(f64::from(*n))));
        assert_eq!(s.get_value((r, 2)), Some(&Data::Float(f64::from(*a))));
    }
    // The log names the cell it took.
    assert!(
        outcome
            .entries
            .iter()
            .any(|e| e.kind == "invisible_text" && e.location == "B8"),
        "{:#?}",
        outcome.entries
    );
}

#[test]
fn a_name_in_a_number_format_goes_and_units_stay() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Summary").unwrap();
    ws.write(0, 0, "Division").unwrap();
    ws.write(0, 1, "Searches").unwrap();
    ws.write(0, 2, "Hours").unwrap();
    let signed = Format::new().set_num_format("\"Checked by Sgt Nabholme: \"0");
    let hours = Format::new().set_num_format("0\" hrs\"");
    for (i, (d, n)) in [("Northern", 1243), ("Southern", 986), ("Eastern", 1532)]
        .iter()
        .enumerate()
    {
        let r = i as u32 + 1;
        ws.write(r, 0, *d).unwrap();
        ws.write_with_format(r, 1, *n, &signed).unwrap();
        ws.write_with_format(r, 2, 37.5, &hours).unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    assert!(
        !rescan_blocks("searches.xlsx", &bytes).is_empty(),
        "the input blocks"
    );
    let (outcome, copy) = only_copy("searches.xlsx", &bytes);
    assert_absent("copy", &copy, &["Nabholme".to_string()]);
    let styles = parts(&copy)
        .into_iter()
        .find(|(n, _)| n == "xl/styles.xml")
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    assert!(styles.contains("hrs"), "a unit stays: {styles}");
    // The values are kept; the log says what went.
    let all = sheets(&copy);
    let s = sheet(&all, "Summary");
    assert_eq!(s.get_value((1, 1)), Some(&Data::Float(1243.0)));
    assert!(
        outcome
            .entries
            .iter()
            .any(|e| e.kind == "number_format_text" && e.action.contains("3 cells")),
        "{:#?}",
        outcome.entries
    );
}

#[test]
fn a_name_under_a_category_header_is_still_masked() {
    let csv = "Division,Searches\nNorthern,1243\nSouthern,986\n\nQueries: Amanda Fernthwaite on 2 June,\n";
    let (_dir, outcome, copies) = redact("searches.csv", csv.as_bytes(), Options::default());
    assert_eq!(outcome.status, Status::Clean, "{:#?}", outcome.entries);
    let out = String::from_utf8(copies[0].1.clone()).unwrap();
    assert!(!out.contains("Fernthwaite"), "{out}");
    assert!(out.contains("Northern,1243"), "{out}");
}

#[test]
fn people_as_column_headers_go_with_their_counts() {
    // Stop-and-search counts per officer, the officers across the top: the
    // header row is the list of people, so it cannot stay as a table's
    // header would.
    let names = [
        "HUWS C",
        "LLEWELYN R",
        "SZYMANSKA Z",
        "QUARRENDON J",
        "BRACKLEY T",
    ];
    let mut csv = format!("Month,{}\n", names.join(","));
    for (i, m) in ["Jan", "Feb", "Mar", "Apr"].iter().enumerate() {
        let counts: Vec<String> = (0..names.len())
            .map(|c| (i * 5 + c * 3 + 2).to_string())
            .collect();
        csv.push_str(&format!("{m},{}\n", counts.join(",")));
    }
    let (_, copy) = only_copy("stops.csv", csv.as_bytes());
    let needles: Vec<String> = names
        .iter()
        .map(|n| n.split(' ').next().unwrap_or(n).to_string())
        .collect();
    assert_absent("stops.csv", &copy, &needles);
    assert!(rescan_blocks("stops.csv", &copy).is_empty());
}

#[test]
fn a_formula_saved_without_its_result_is_logged_not_lost_silently() {
    // openpyxl saves formulas with no result: the copy keeps values only,
    // so the total is empty, and the log and summary say so (rt30 F7).
    let book = fx::xlsx(|wb| {
        let ws = wb.add_worksheet().set_name("Summary")?;
        ws.write(0, 0, "Rank")?;
        ws.write(0, 1, "Count")?;
        ws.write(1, 0, "Constable")?;
        ws.write(1, 1, 12)?;
        ws.write(2, 0, "Total")?;
        ws.write_formula(2, 1, "=SUM(B2:B2)")?;
        Ok(())
    });
    let mut p = fx::Package::open(&book);
    let part = "xl/worksheets/sheet1.xml";
    let xml = p.text(part);
    let with_value = xml
        .find("<f>SUM(B2:B2)</f><v>")
        .map(|i| {
            let end = xml[i..].find("</v>").unwrap() + i + "</v>".len();
            xml[i..end].to_string()
        })
        .expect("formula with a cached value");
    p.replace(part, &with_value, "<f>SUM(B2:B2)</f>");
    let (outcome, copy) = only_copy("totals.xlsx", &p.to_bytes());
    let all = sheets(&copy);
    let s = sheet(&all, "Summary");
    assert_eq!(text(s, 2, 0), "Total");
    assert_eq!(s.get_value((1, 1)), Some(&Data::Float(12.0)));
    let logged: Vec<_> = outcome
        .entries
        .iter()
        .filter(|e| e.kind == "formula_without_value")
        .collect();
    assert_eq!(logged.len(), 1, "{:#?}", outcome.entries);
    assert_eq!(logged[0].location, "B3");
    let summary = outcome
        .entries
        .iter()
        .find(|e| e.kind == "summary")
        .unwrap();
    assert!(
        summary
            .detail
            .contains("1 formula with no saved result left empty"),
        "{}",
        summary.detail
    );
}

#[test]
fn a_published_list_of_senior_posts_keeps_its_posts_and_masks_its_names() {
    // A chief officer team (personnel_records.senior_posts, review): rows
    // go only from tables the policy blocks, so posts and pay stay (rt29:
    // the whole table became one "rows withheld" line).
    let csv = "Post,Name,Rank,Salary band\n\
               CC,Amanda Blakeley,Chief Constable,165000-169999\n\
               DCC,Rhodri Evans,Deputy Chief Constable,135000-139999\n\
               ACC1,Marcus Thorne,Assistant Chief Constable,115000-119999\n\
               ACC2,Sunita Bhatt,Assistant Chief Constable,115000-119999\n";
    let (_, copy) = only_copy("chief_officers.csv", csv.as_bytes());
    let out = String::from_utf8(copy).unwrap();
    for kept in ["Deputy Chief Constable", "135000-139999", "ACC2"] {
        assert!(out.contains(kept), "{kept} lost:\n{out}");
    }
    assert_absent(
        "chief_officers.csv",
        out.as_bytes(),
        &[
            "Blakeley".to_string(),
            "Rhodri".to_string(),
            "Bhatt".to_string(),
        ],
    );
    assert_eq!(out.lines().count(), 5, "{out}");
}

#[test]
fn a_name_no_list_knows_is_masked_in_a_column_of_names() {
    // A rota: every other name is in the name lists, "Tavish Quorndell"
    // and "Hodan Farah" are in none; the column holds people (its header
    // says nothing), so they go.
    let input = "Date,Shift,Cover\n\
                 01/04/2024,Early,Sarah Jenkins\n\
                 02/04/2024,Late,Owen Rees\n\
                 03/04/2024,Night,Tavish Quorndell\n\
                 04/04/2024,Early,Laura Whitfield\n\
                 05/04/2024,Late,David Pritchard\n\
                 06/04/2024,Night,Hodan Farah\n\
                 07/04/2024,Early,Vacant\n";
    let (outcome, copy) = only_copy("rota.csv", input.as_bytes());
    let out = String::from_utf8(copy).unwrap();
    for name in ["Jenkins", "Quorndell", "Farah", "Whitfield"] {
        assert!(!out.contains(name), "{name} kept:\n{out}");
    }
    // The dates, shifts and a value that is no name stay.
    assert!(out.contains("03/04/2024,Night,[REDACTED s40(2)]"), "{out}");
    assert!(out.contains("07/04/2024,Early,Vacant"), "{out}");
    assert!(
        outcome
            .entries
            .iter()
            .any(|e| e.detail.contains("'Cover', which holds people's names")),
        "{:#?}",
        outcome.entries
    );
}

#[test]
fn tabs_named_after_people_are_renamed_even_when_no_list_knows_one() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for t in ["A.Nowak", "Quorndell, T", "Nusrat Begum"] {
        let ws = wb.add_worksheet();
        ws.set_name(t).unwrap();
        ws.write(0, 0, "Week").unwrap();
        ws.write(1, 0, 37.5).unwrap();
    }
    let (_outcome, copy) = only_copy("timesheets.xlsx", &wb.save_to_buffer().unwrap());
    for (part, bytes) in parts(&copy) {
        let text = String::from_utf8_lossy(&bytes);
        for name in ["Nowak", "Quorndell", "Begum"] {
            assert!(!text.contains(name), "{name} kept in {part}");
        }
    }
}

/// Officers by rank: counts as long as payroll numbers' tails.
const FIGURES: &[(&str, u32)] = &[("Constable", 1423), ("Sergeant", 312), ("Inspector", 188)];

/// The requested figures (ranks and counts) with the working staff list
/// they came from on the same sheet: beside them, or under them with the
/// list's "Payroll number" in the figures' column.
fn figures_with_staff_list(beside: bool) -> Vec<u8> {
    let staff = fx::officers(6);
    fx::xlsx(|wb| {
        let ws = wb.add_worksheet().set_name("Answer")?;
        fx::write_rank_counts(ws, FIGURES)?;
        let (row, col) = if beside {
            (0, 4)
        } else {
            (FIGURES.len() as u32 + 3, 0)
        };
        let header = ["Name", "Payroll number", "Rank"];
        for (c, h) in header.iter().enumerate() {
            ws.write(row, col + c as u16, *h)?;
        }
        for (i, o) in staff.iter().enumerate() {
            let r = row + 1 + i as u32;
            ws.write(r, col, format!("{} {}", o.initial, o.surname))?;
            ws.write(r, col + 1, o.service_number)?;
            ws.write(r, col + 2, o.rank.as_str())?;
        }
        Ok(())
    })
}

#[test]
fn a_staff_list_on_the_answer_sheet_goes_and_the_figures_stay() {
    let staff = fx::officers(6);
    let planted: Vec<String> = staff
        .iter()
        .flat_map(|o| [o.surname.clone(), o.service_number.to_string()])
        .collect();
    for beside in [true, false] {
        let what = if beside { "beside" } else { "below" };
        let (outcome, copy) = only_copy("answer.xlsx", &figures_with_staff_list(beside));
        assert_absent(what, &copy, &planted);
        let all = sheets(&copy);
        let answer = sheet(&all, "Answer");
        // Every figure in its own cell, none masked as a payroll number.
        for (i, (rank, n)) in FIGURES.iter().enumerate() {
            let r = i as u32 + 1;
            assert_eq!(text(answer, r, 0), *rank, "{what}");
            assert_eq!(
                answer.get_value((r, 1)),
                Some(&Data::Float(*n as f64)),
                "{what}: the count of {rank}"
            );
        }
        let log: Vec<String> = outcome
            .entries
            .iter()
            .map(|e| format!("{} {} {}", e.kind, e.location, e.action))
            .collect();
        if beside {
            assert!(
                log.iter()
                    .any(|l| l.starts_with("personnel_records E2:G7 cleared 6 rows")),
                "{log:#?}"
            );
            assert!(
                text(answer, 1, 4).contains("withheld"),
                "the note sits in E2"
            );
        }
        assert!(
            !log.iter().any(|l| l.starts_with("payroll_number B")),
            "{what}: {log:#?}"
        );
        assert!(rescan_blocks("answer.xlsx", &copy).is_empty(), "{what}");
    }
}

#[test]
fn a_csv_staff_list_beside_the_figures_leaves_the_figures_whole() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("answer.csv");
    std::fs::write(
        &input,
        "Rank,Officers,,,Name,Payroll number,Rank\n\
         Constable,1423,,,Aoife Brennan,814402,Constable\n\
         Sergeant,312,,,Gareth Llewellyn,814417,Sergeant\n\
         Total,1735,,,Priya Raman,814452,Constable\n\
         ,,,,Siobhan Fitzgerald,814489,Inspector\n",
    )
    .unwrap();
    let outcome = redactor(&Options::default())
        .redact_file(&input, &Destination::Dir(dir.path().join("out")));
    assert_eq!(outcome.status, Status::Clean, "{:#?}", outcome.entries);
    let out = std::fs::read_to_string(&outcome.outputs[0]).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0], "Rank,Officers,,,Name,Payroll number,Rank",
        "{out}"
    );
    assert!(
        lines[1].starts_with("Constable,1423,,,[REDACTED s40(2)] 4 rows"),
        "{out}"
    );
    assert_eq!(lines[2].trim_end_matches(','), "Sergeant,312", "{out}");
    assert_eq!(lines[3].trim_end_matches(','), "Total,1735", "{out}");
    for gone in ["Brennan", "814402", "Fitzgerald", "814489"] {
        assert!(!out.contains(gone), "{gone} in {out}");
    }
}

#[test]
fn a_tab_named_after_an_officer_is_logged_as_renamed_not_removed() {
    // The sheet is released under a masked name: the log must not say its
    // name's finding went "with the part it sat in", and must say the mask.
    let bytes = fx::xlsx(|wb| {
        fx::write_rank_counts(wb.add_worksheet().set_name("Summary")?, FIGURES)?;
        let ws = wb.add_worksheet().set_name("PC 4521 Quarrendon")?;
        ws.write(0, 0, "Shift")?;
        ws.write(0, 1, "Hours")?;
        ws.write(1, 0, "Early")?;
        ws.write(1, 1, 8)?;
        Ok(())
    });
    let (outcome, copy) = only_copy("tabs.xlsx", &bytes);
    assert_absent("tab", &copy, &["Quarrendon".to_string()]);
    let name_rows: Vec<String> = outcome
        .entries
        .iter()
        // (The app properties list the tab names too: stripped, and said so.)
        .filter(|e| (e.kind == "person_name" || e.kind == "shoulder_number") && !e.sheet.is_empty())
        .map(|e| format!("{} | {} | {}", e.sheet, e.location, e.action))
        .collect();
    assert!(
        name_rows
            .iter()
            .all(|r| r.ends_with("masked identifier in sheet name")),
        "{name_rows:#?}"
    );
    assert!(!name_rows.is_empty());
    // The sheet and its data are in the copy.
    let all = sheets(&copy);
    assert_eq!(all.len(), 2);
    assert_eq!(text(&all[1].1, 1, 0), "Early");
}
