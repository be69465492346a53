//! Tests of the whole OOXML reader: workbooks written by rust_xlsxwriter
//! and raw packages built here, read through [`OoxmlReader`].

use super::*;
use crate::finding::Kind;
use crate::model::Hide;
use crate::source::Limits;
use crate::source::recorder::{Recorder, V};
use rust_xlsxwriter::{
    Color, DataValidation, FilterCondition, Format, FormatPattern, Formula, Workbook as XlsxBook,
};
use std::io::Write;

/// Inspect a workbook; no part may be reported incomplete.
fn inspect(bytes: &[u8]) -> (Recorder, Result<()>) {
    let rec = Recorder::default();
    let ctx = Context::new("t.xlsx", Limits::default());
    let r = OoxmlReader.inspect(Input::Bytes(bytes), &ctx, &rec);
    assert!(rec.incomplete().is_empty(), "{:?}", rec.incomplete());
    (rec, r)
}

/// A workbook with most hiding places, written by rust_xlsxwriter.
fn rich_workbook() -> Vec<u8> {
    let mut wb = XlsxBook::new();
    let ws = wb.add_worksheet().set_name("Summary").unwrap();
    ws.write(0, 0, "Rank").unwrap();
    ws.write(0, 1, "Count").unwrap();
    ws.write(1, 0, "PC").unwrap();
    ws.write(1, 1, 5).unwrap();
    ws.write(2, 0, "hidden row").unwrap();
    ws.set_row_hidden(2).unwrap();
    ws.write(1, 2, "hidden col").unwrap();
    ws.set_column_hidden(2).unwrap();
    ws.write(1, 3, "zero width").unwrap();
    ws.set_column_width(3, 0).unwrap();
    // Collapsed outline rows 5-7 (0-based 4..6).
    for r in 4..7 {
        ws.write(r, 0, format!("detail {r}")).unwrap();
    }
    ws.group_rows_collapsed(4, 6).unwrap();
    // Invisible text.
    let blank = Format::new().set_num_format(";;;");
    ws.write_with_format(8, 0, "Jane Doe", &blank).unwrap();
    let white_on_white = Format::new()
        .set_font_color(Color::White)
        .set_background_color(Color::White)
        .set_pattern(FormatPattern::Solid);
    ws.write_with_format(8, 1, "PC 4521", &white_on_white)
        .unwrap();
    let white = Format::new().set_font_color(Color::White);
    ws.write_with_format(8, 2, "white on nothing", &white)
        .unwrap();
    let tiny = Format::new().set_font_size(1);
    ws.write_with_format(8, 4, "tiny", &tiny).unwrap();
    let blue_on_blue = Format::new()
        .set_font_color(Color::Theme(4, 0))
        .set_background_color(Color::Theme(4, 0));
    ws.write_with_format(8, 5, "blue on blue", &blue_on_blue)
        .unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_with_format(9, 0, 45292.0, &date).unwrap();
    ws.write_formula(9, 1, "=Staff!A2").unwrap();
    ws.write(9, 5, "").unwrap();
    // Autofilter: rows 12..=16 (0-based 11 header), "West" rows hidden.
    ws.write(11, 0, "Region").unwrap();
    for (i, r) in ["East", "West", "East", "West"].iter().enumerate() {
        ws.write(12 + i as u32, 0, *r).unwrap();
    }
    ws.autofilter(11, 0, 15, 0).unwrap();
    ws.filter_column(0, &FilterCondition::new().add_list_filter("East"))
        .unwrap();
    ws.set_print_area(0, 0, 1, 1).unwrap();
    ws.set_header("&L&\"Arial,Bold\"Prepared by DS Jane Doe&RPage &P");
    ws.write_url(20, 0, "file:///C:/Users/jdoe/Documents/staff.xlsx")
        .unwrap();
    ws.write_url(21, 0, "https://example.org/x").unwrap();
    ws.write_url(22, 0, "internal:Staff!A1").unwrap();
    ws.add_data_validation(
        24,
        0,
        24,
        0,
        &DataValidation::new().allow_list_formula(Formula::new("=Staff!$A$1:$A$3")),
    )
    .unwrap();
    ws.add_data_validation(
        25,
        0,
        25,
        0,
        &DataValidation::new()
            .allow_list_strings(&["Yes", "No"])
            .unwrap(),
    )
    .unwrap();

    let staff = wb.add_worksheet().set_name("Staff").unwrap();
    staff.write(0, 0, "Name").unwrap();
    staff.write(1, 0, "Jane Doe").unwrap();
    staff.write(2, 0, "John Roe").unwrap();
    staff.set_hidden(true);
    let secret = wb.add_worksheet().set_name("Secret").unwrap();
    secret.write(0, 0, "PC 4521").unwrap();
    secret.set_very_hidden(true);
    let blank_sheet = wb.add_worksheet().set_name("Blank").unwrap();
    blank_sheet.set_hidden(true);

    wb.define_name("Officers", "=Staff!$A$1:$A$3").unwrap();
    wb.define_name("Boss", "=\"DCI Jane Doe\"").unwrap();
    wb.define_name("Rate", "=0.25").unwrap();
    wb.define_name("Table", "=Summary!$A$1:$B$2").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn sheets_states_and_counts() {
    let (rec, r) = inspect(&rich_workbook());
    r.unwrap();
    let sheets = rec.sheets.lock().unwrap().clone();
    let state = |n: &str| sheets.iter().find(|s| s.name == n).map(|s| s.state);
    assert_eq!(state("Summary"), Some(SheetState::Visible));
    assert_eq!(state("Staff"), Some(SheetState::Hidden));
    assert_eq!(state("Secret"), Some(SheetState::VeryHidden));
    let hs = rec.of_kind(Kind::HiddenSheet);
    let find = |n: &str| {
        hs.iter()
            .find(|f| f.location.sheet.as_deref() == Some(n))
            .cloned()
            .unwrap()
    };
    assert_eq!(
        (find("Staff").variant, find("Staff").count),
        (Some("hidden"), 3)
    );
    assert_eq!(
        (find("Secret").variant, find("Secret").count),
        (Some("very_hidden"), 1)
    );
    assert_eq!(
        (find("Blank").variant, find("Blank").count),
        (Some("empty"), 0)
    );
    assert_eq!(hs.len(), 3);
    let c = rec.cell_a1("Staff", "A2").unwrap();
    assert_eq!(c.value, V::Text("Jane Doe".into()));
    assert_eq!(c.hide, Hide::SHEET);
    assert_eq!(
        rec.cell_a1("Secret", "A1").unwrap().hide,
        Hide::SHEET | Hide::SHEET_VERY
    );
    assert_eq!(rec.cell_a1("Summary", "A1").unwrap().hide, Hide::NONE);
    // Every part was accounted for: nothing unreached.
    assert!(rec.of_kind(Kind::UnknownPart).is_empty());
}

#[test]
fn rows_columns_filters_and_outlines() {
    let (rec, r) = inspect(&rich_workbook());
    r.unwrap();
    let hide = |a: &str| rec.cell_a1("Summary", a).unwrap().hide;
    assert_eq!(hide("A3"), Hide::ROW);
    assert_eq!(hide("C2"), Hide::COLUMN);
    assert_eq!(hide("D2"), Hide::COLUMN);
    assert_eq!(hide("A5"), Hide::ROW | Hide::COLLAPSED);
    assert_eq!(hide("A12"), Hide::NONE, "header row of the filter");
    assert_eq!(hide("A13"), Hide::NONE, "East is shown");
    assert_eq!(
        hide("A14"),
        Hide::ROW | Hide::FILTERED,
        "West is filtered out"
    );
    let layout = rec.layout("Summary").unwrap();
    assert!(layout.has_autofilter);
    assert!(
        layout.hidden_rows.contains(2)
            && layout.hidden_rows.contains(13)
            && !layout.hidden_rows.contains(12)
    );
    assert!(layout.hidden_columns.contains(2) && layout.hidden_columns.contains(3));
    assert!(!layout.hidden_columns.contains(1));
}

#[test]
fn invisible_text_dates_and_formulas() {
    let (rec, r) = inspect(&rich_workbook());
    r.unwrap();
    let hide = |a: &str| rec.cell_a1("Summary", a).unwrap().hide;
    assert_eq!(hide("A9"), Hide::INVISIBLE, ";;;");
    assert_eq!(hide("B9"), Hide::INVISIBLE, "white on white");
    assert_eq!(
        hide("C9"),
        Hide::INVISIBLE | Hide::COLUMN,
        "white on no fill, in a hidden column"
    );
    assert_eq!(hide("E9"), Hide::INVISIBLE, "1pt font");
    assert_eq!(
        hide("F9"),
        Hide::INVISIBLE,
        "theme colour on the same theme colour"
    );
    assert_eq!(
        rec.cell_a1("Summary", "A10").unwrap().value,
        V::DateTime(45292.0)
    );
    let f = rec.cell_a1("Summary", "B10").unwrap();
    assert_eq!(f.formula.as_deref(), Some("Staff!A2"));
    assert!(
        rec.cell_a1("Summary", "F10").is_none(),
        "empty strings are skipped"
    );
}

#[test]
fn names_headers_links_and_validation() {
    let (rec, r) = inspect(&rich_workbook());
    r.unwrap();
    let names = rec.of_kind(Kind::DefinedName);
    let variant = |n: &str| {
        names
            .iter()
            .find(|f| f.message.contains(&format!(" {n} ")))
            .and_then(|f| f.variant)
    };
    assert_eq!(variant("Officers"), Some("hidden_ref"));
    assert_eq!(variant("Boss"), Some("constant"));
    assert_eq!(variant("Rate"), Some("constant"));
    assert_eq!(variant("Table"), Some("range"));
    assert_eq!(variant("_xlnm.Print_Area"), Some("builtin"));
    assert!(!names.iter().any(|f| f.message.contains("_FilterDatabase")));
    assert!(rec.has_text_of(Kind::DefinedName, "DCI Jane Doe"));

    let hf = rec.of_kind(Kind::HeaderFooter);
    assert_eq!(hf.len(), 1);
    assert_eq!(
        hf[0].sample.as_deref(),
        Some("Prepared by DS Jane Doe Page")
    );
    assert!(rec.has_text_of(Kind::HeaderFooter, "Prepared by DS Jane Doe"));

    let local = rec.variant(Kind::Hyperlink, "local_path");
    assert_eq!(local.len(), 1);
    assert_eq!(local[0].location.cell.as_deref(), Some("A21"));
    assert_eq!(rec.variant(Kind::Hyperlink, "web").len(), 1);
    assert_eq!(rec.variant(Kind::Hyperlink, "internal").len(), 1);
    assert!(rec.has_text_of(Kind::Hyperlink, "/Users/jdoe/"));

    assert_eq!(rec.variant(Kind::DataValidation, "hidden_source").len(), 1);
    assert_eq!(rec.variant(Kind::DataValidation, "list").len(), 1);
    assert!(rec.has_text_of(Kind::DataValidation, "Yes,No"));
}

// ---- raw packages -------------------------------------------------

const CT: &str = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WB: &str = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WB_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

fn package(sheet: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    package_with(sheet, extra, zip::write::SimpleFileOptions::default())
}

fn package_with(
    sheet: &str,
    extra: &[(&str, &[u8])],
    opts: zip::write::SimpleFileOptions,
) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut buf);
    let mut put = |name: &str, data: &[u8]| {
        w.start_file(name, opts).unwrap();
        w.write_all(data).unwrap();
    };
    put("[Content_Types].xml", CT.as_bytes());
    put("_rels/.rels", ROOT_RELS.as_bytes());
    put("xl/workbook.xml", WB.as_bytes());
    put("xl/_rels/workbook.xml.rels", WB_RELS.as_bytes());
    put("xl/worksheets/sheet1.xml", sheet.as_bytes());
    for (n, d) in extra {
        put(n, d);
    }
    w.finish().unwrap();
    buf.into_inner()
}

/// A zip of these entries, in this order.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut buf);
    for (n, d) in entries {
        w.start_file(*n, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(d).unwrap();
    }
    w.finish().unwrap();
    buf.into_inner()
}

fn sheet_xml(body: &str) -> String {
    format!(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{body}</worksheet>"#
    )
}

#[test]
fn raw_rows_cols_and_zero_height() {
    let xml = sheet_xml(
        r#"<sheetFormatPr defaultRowHeight="15" zeroHeight="1"/>
            <cols><col min="2" max="2" width="0" customWidth="1"/><col min="4" max="5" hidden="1" outlineLevel="1"/></cols>
            <sheetData>
              <row r="1"><c r="A1" t="inlineStr"><is><t>listed row stays visible</t></is></c><c r="B1" t="str"><v>zero width</v></c><c r="E1"><v>7</v></c></row>
              <row r="2" ht="0" customHeight="1"><c r="A2" t="inlineStr"><is><r><t>zero </t></r><r><t>height</t></r><rPh><t>PH</t></rPh></is></c></row>
              <row r="3" hidden="1" outlineLevel="2"><c r="A3" t="b"><v>1</v></c></row>
              <row><c t="e"><v>#N/A</v></c><c><f>1+1</f></c><c t="d"><v>2024-01-01T12:00:00</v></c></row>
              <row r="6"><c r="A6"><f t="shared" ref="A6:A7" si="0">B6*2</f><v>2</v></c></row>
              <row r="7"><c r="A7"><f t="shared" si="0"/><v>4</v></c></row>
            </sheetData>"#,
    );
    let (rec, r) = inspect(&package(&xml, &[]));
    r.unwrap();
    let c = |a: &str| rec.cell_a1("S", a).unwrap();
    assert_eq!(c("A1").hide, Hide::NONE);
    assert_eq!(c("B1").hide, Hide::COLUMN);
    assert_eq!(c("E1").hide, Hide::COLUMN | Hide::COLLAPSED);
    assert_eq!(
        (c("A2").value, c("A2").hide),
        (V::Text("zero height".into()), Hide::ROW)
    );
    assert_eq!(
        (c("A3").value, c("A3").hide),
        (V::Bool(true), Hide::ROW | Hide::COLLAPSED)
    );
    assert_eq!(c("A4").value, V::Error("#N/A".into()));
    assert_eq!(
        (c("B4").value, c("B4").formula.as_deref()),
        (V::Text(String::new()), Some("1+1"))
    );
    assert_eq!(c("C4").value, V::DateTime(45292.5));
    assert_eq!(c("A7").formula.as_deref(), Some("B6*2"));
    let layout = rec.layout("S").unwrap();
    assert_eq!(layout.hidden_rows.ranges(), &[(1, 2)]);
    assert_eq!(layout.hidden_columns.ranges(), &[(1, 1), (3, 4)]);
    assert!(!layout.has_autofilter);
}

#[test]
fn rows_and_columns_too_small_to_show_text_are_hidden() {
    // A 0.75 pt row and a 0.08-character column show nothing; a 3 pt
    // spacer row and a half-character column still show a sliver.
    let xml = sheet_xml(
        r#"<cols><col min="2" max="2" width="0.08" customWidth="1"/><col min="3" max="3" width="0.6" customWidth="1"/></cols>
            <sheetData>
              <row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c><c r="C1" t="inlineStr"><is><t>c</t></is></c></row>
              <row r="2" ht="0.75" customHeight="1"><c r="A2" t="inlineStr"><is><t>Quarrendon</t></is></c></row>
              <row r="3" ht="3" customHeight="1"><c r="A3" t="inlineStr"><is><t>spacer</t></is></c></row>
            </sheetData>"#,
    );
    let (rec, r) = inspect(&package(&xml, &[]));
    r.unwrap();
    let c = |a: &str| rec.cell_a1("S", a).unwrap();
    assert_eq!(c("A1").hide, Hide::NONE);
    assert_eq!(c("B1").hide, Hide::COLUMN);
    assert_eq!(c("C1").hide, Hide::NONE);
    assert_eq!(c("A2").hide, Hide::ROW);
    assert_eq!(c("A3").hide, Hide::NONE);
}

#[test]
fn values_under_a_merged_range_are_invisible() {
    // Only the top-left cell of a merge shows; the others keep their values
    // when a library (not Excel) writes them.
    let xml = sheet_xml(
        r#"<sheetData>
              <row r="1"><c r="A1" t="inlineStr"><is><t>Officers by rank</t></is></c><c r="B1" t="inlineStr"><is><t>Quarrendon 825729</t></is></c><c r="D1" t="inlineStr"><is><t>beside</t></is></c></row>
              <row r="2"><c r="A2" t="inlineStr"><is><t>under</t></is></c><c r="B2"><v>4</v></c></row>
            </sheetData>
            <mergeCells count="1"><mergeCell ref="A1:C2"/></mergeCells>"#,
    );
    let (rec, r) = inspect(&package(&xml, &[]));
    r.unwrap();
    let c = |a: &str| rec.cell_a1("S", a).unwrap();
    assert_eq!(c("A1").hide, Hide::NONE);
    assert_eq!(c("B1").hide, Hide::INVISIBLE);
    assert_eq!(c("A2").hide, Hide::INVISIBLE);
    assert_eq!(c("B2").hide, Hide::INVISIBLE);
    assert_eq!(c("D1").hide, Hide::NONE);
}

#[test]
fn a_big_sheet_is_read_again_for_values_under_merges() {
    // A part of over 1 MB stored is not searched for merges ahead of its
    // cells; its covered values are found by a second pass instead.
    let mut rows = String::new();
    for r in 3..40_000 {
        rows.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#));
    }
    let xml = sheet_xml(&format!(
        r#"<sheetData>
              <row r="1"><c r="A1" t="inlineStr"><is><t>Officers by rank</t></is></c><c r="C1" t="inlineStr"><is><t>PC Jane Quarrendon 4521</t></is></c><c r="E1" t="inlineStr"><is><t>beside</t></is></c></row>
              {rows}
            </sheetData>
            <headerFooter><oddHeader>Staff list</oddHeader></headerFooter>
            <mergeCells count="1"><mergeCell ref="A1:D2"/></mergeCells>"#
    ));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let bytes = package_with(&xml, &[], stored);
    assert!(bytes.len() > 1 << 20);
    let (rec, r) = inspect(&bytes);
    r.unwrap();
    let features = rec.features.lock().unwrap().clone();
    let merged: Vec<_> = features
        .iter()
        .filter(|f| f.kind == Kind::InvisibleText && f.variant == Some("merged"))
        .collect();
    assert_eq!(merged.len(), 1, "{features:?}");
    assert_eq!(merged[0].count, 1);
    assert_eq!(merged[0].location.cell.as_deref(), Some("C1"));
    let texts = rec.texts.lock().unwrap().clone();
    let covered: Vec<_> = texts
        .iter()
        .filter(|t| t.kind == Kind::InvisibleText)
        .collect();
    assert_eq!(covered.len(), 1, "{texts:?}");
    assert_eq!(covered[0].text, "PC Jane Quarrendon 4521");
    assert!(covered[0].hidden);
    // The header is reported once, by the first pass.
    let headers = texts
        .iter()
        .filter(|t| t.kind == Kind::HeaderFooter)
        .count();
    assert_eq!(headers, 1, "{texts:?}");
    // The first pass sent every cell once.
    assert!(rec.cell_a1("S", "C1").is_some());
    assert_eq!(rec.cells.lock().unwrap().len(), 3 + 39_997);
}

#[test]
fn default_zero_width_hides_unlisted_columns() {
    let xml = sheet_xml(
        r#"<sheetFormatPr defaultRowHeight="0" defaultColWidth="0"/><cols><col min="1" max="1" width="9"/></cols>
            <sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>
            <row r="2" ht="15"><c r="A2" t="inlineStr"><is><t>c</t></is></c></row></sheetData>"#,
    );
    let (rec, r) = inspect(&package(&xml, &[]));
    r.unwrap();
    assert_eq!(rec.cell_a1("S", "A1").unwrap().hide, Hide::ROW);
    assert_eq!(
        rec.cell_a1("S", "B1").unwrap().hide,
        Hide::ROW | Hide::COLUMN
    );
    assert_eq!(rec.cell_a1("S", "A2").unwrap().hide, Hide::NONE);
    assert_eq!(
        rec.layout("S").unwrap().hidden_columns.ranges(),
        &[(1, 16_383)]
    );
}

#[test]
fn truncated_or_malformed_sheet_is_corrupt() {
    let xml = sheet_xml(r#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>"#);
    let cut = &xml[..xml.len() - 30];
    let (_, r) = inspect(&package(cut, &[]));
    assert!(matches!(r, Err(SourceError::Corrupt(m)) if m.contains("xl/worksheets/sheet1.xml")));
    // A malformed part no relationship reaches still breaks the file.
    let ok = sheet_xml("<sheetData/>");
    let (_, r) = inspect(&package(&ok, &[("xl/stray.xml", b"<a><b></a>")]));
    assert!(matches!(r, Err(SourceError::Corrupt(_))), "{r:?}");
    // A shared string index past the table.
    let bad = sheet_xml(r#"<sheetData><row r="1"><c r="A1" t="s"><v>3</v></c></row></sheetData>"#);
    let (_, r) = inspect(&package(&bad, &[]));
    assert!(matches!(r, Err(SourceError::Corrupt(_))));
}

#[test]
fn a_relationship_to_a_missing_part_is_corrupt() {
    // The sheet names its comments and drawing; the package has neither
    // (rt30): damaged, not a pass.
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/"/></Relationships>"#;
    let sheet = sheet_xml(r#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>"#);
    let extra: &[(&str, &[u8])] = &[("xl/worksheets/_rels/sheet1.xml.rels", rels.as_bytes())];
    let (_, r) = inspect(&package(&sheet, extra));
    assert!(
        matches!(&r, Err(SourceError::Corrupt(m)) if m.contains("xl/comments1.xml") && m.contains("missing")),
        "{r:?}"
    );
    // With the part there, and a web hyperlink written without
    // TargetMode="External", the file reads.
    let comments = br#"<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>A</author></authors><commentList/></comments>"#;
    let extra: &[(&str, &[u8])] = &[
        ("xl/worksheets/_rels/sheet1.xml.rels", rels.as_bytes()),
        ("xl/comments1.xml", comments),
    ];
    let (_, r) = inspect(&package(&sheet, extra));
    assert!(r.is_ok(), "{r:?}");
}

#[test]
fn cell_limit_counts_the_whole_file() {
    let xml = sheet_xml(
        r#"<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c></row></sheetData>"#,
    );
    let bytes = package(&xml, &[]);
    let rec = Recorder::default();
    let mut ctx = Context::new("t.xlsx", Limits::default());
    ctx.limits.max_cells = 2;
    let r = OoxmlReader.inspect(Input::Bytes(&bytes), &ctx, &rec);
    assert!(matches!(r, Err(SourceError::Limit(m)) if m.contains("cells")));
    ctx.limits.max_cells = 3;
    let whole = Recorder::default();
    assert!(
        OoxmlReader
            .inspect(Input::Bytes(&bytes), &ctx, &whole)
            .is_ok()
    );
    assert!(rec.incomplete().is_empty() && whole.incomplete().is_empty());
}

#[test]
fn zip_bomb_sheet_is_a_limit() {
    let mut xml = String::from(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    xml.push_str(&" ".repeat(20 << 20));
    xml.push_str("</sheetData></worksheet>");
    let (_, r) = inspect(&package(&xml, &[]));
    assert!(matches!(r, Err(SourceError::Limit(m)) if m.contains("sheet1.xml")));
}

#[test]
fn unreached_parts_and_duplicates() {
    let ok = sheet_xml("<sheetData/>");
    let (rec, r) = inspect(&package(
        &ok,
        &[("xl/hidden/data.xml", b"<people><p>Jane</p></people>")],
    ));
    r.unwrap();
    let unknown = rec.variant(Kind::UnknownPart, "unreached");
    assert_eq!(unknown.len(), 1);
    assert_eq!(
        unknown[0].location.part.as_deref(),
        Some("xl/hidden/data.xml")
    );

    // The same entry name twice: a reader could see either copy.
    let mut bytes = package(
        &ok,
        &[(
            "xl/worksheets/sheet2.xml",
            sheet_xml("<sheetData/>").as_bytes(),
        )],
    );
    let from = b"xl/worksheets/sheet2.xml";
    let to = b"xl/worksheets/sheet1.xml";
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
        }
        i += 1;
    }
    let (_, r) = inspect(&bytes);
    assert!(matches!(r, Err(SourceError::Corrupt(_))), "{r:?}");
}

#[test]
fn unlisted_sheet_part_is_read() {
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/ghost.xml"/></Relationships>"#;
    let ghost = sheet_xml(
        r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Jane Doe</t></is></c></row></sheetData>"#,
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        for (n, d) in [
            ("[Content_Types].xml", CT),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", WB),
            ("xl/_rels/workbook.xml.rels", rels),
            ("xl/worksheets/sheet1.xml", &sheet_xml("<sheetData/>")),
            ("xl/worksheets/ghost.xml", &ghost),
        ] {
            w.start_file(n, opts).unwrap();
            w.write_all(d.as_bytes()).unwrap();
        }
        w.finish().unwrap();
    }
    let (rec, r) = inspect(&buf.into_inner());
    r.unwrap();
    let f = rec.variant(Kind::HiddenSheet, "unlisted");
    assert_eq!((f.len(), f[0].count), (1, 1));
    let cells = rec.cells.lock().unwrap().clone();
    assert!(
        cells
            .iter()
            .any(|c| c.value == V::Text("Jane Doe".into()) && c.hide.contains(Hide::SHEET_VERY))
    );
}

#[test]
fn orphan_worksheet_part_is_read_as_a_hidden_sheet() {
    // A worksheet part left behind with no tab and no relationship; its
    // own relationships part is left behind too.
    let orphan = sheet_xml(
        r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Jane Doe</t></is></c></row></sheetData>"#,
    );
    let orphan_rels =
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>"#;
    let bytes = package(
        &sheet_xml("<sheetData/>"),
        &[
            ("xl/worksheets/sheet7.xml", orphan.as_bytes()),
            (
                "xl/worksheets/_rels/sheet7.xml.rels",
                orphan_rels.as_bytes(),
            ),
            ("xl/worksheets/notes.txt", b"not a sheet"),
        ],
    );
    let (rec, r) = inspect(&bytes);
    r.unwrap();
    let f = rec.variant(Kind::HiddenSheet, "unlisted");
    assert_eq!((f.len(), f[0].count), (1, 1), "{f:?}");
    assert!(f[0].message.contains("nothing in the workbook refers to"));
    let cells = rec.cells.lock().unwrap().clone();
    assert!(cells.iter().any(|c| c.sheet == "[orphan] sheet7"
        && c.value == V::Text("Jane Doe".into())
        && c.hide.contains(Hide::SHEET_VERY)));
    // The text file beside it is still an unrecognised part, not a sheet.
    let unknown = rec.features.lock().unwrap().clone();
    assert!(unknown.iter().any(|f| f.kind == Kind::UnknownPart
        && f.location.part.as_deref() == Some("xl/worksheets/notes.txt")));
    assert!(!unknown.iter().any(|f| f.kind == Kind::UnknownPart
        && f.location.part.as_deref() == Some("xl/worksheets/sheet7.xml")));
}

#[test]
fn shared_strings_no_cell_uses_are_hidden_text() {
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
    let sst = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Rank</t></si><si><t>Quarrendon J 825729</t></si><si><t>Constable</t></si></sst>"#;
    let sheet = sheet_xml(
        r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c></row></sheetData>"#,
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        for (n, d) in [
            ("[Content_Types].xml", CT),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", WB),
            ("xl/_rels/workbook.xml.rels", rels),
            ("xl/worksheets/sheet1.xml", &sheet),
            ("xl/sharedStrings.xml", sst),
        ] {
            w.start_file(n, opts).unwrap();
            w.write_all(d.as_bytes()).unwrap();
        }
        w.finish().unwrap();
    }
    let (rec, r) = inspect(&buf.into_inner());
    r.unwrap();
    let f = rec.variant(Kind::InvisibleText, "unused_strings");
    assert_eq!((f.len(), f[0].count), (1, 1), "{f:?}");
    let texts = rec.texts.lock().unwrap().clone();
    let hidden: Vec<&str> = texts
        .iter()
        .filter(|t| t.kind == Kind::InvisibleText && t.hidden)
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(hidden, ["Quarrendon J 825729"]);
}

#[test]
fn workbook_path_and_sharing_user() {
    let wb = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><fileSharing userName="Jane Doe"/><x15ac:absPath xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac" url="C:\Users\jdoe\Desktop\"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="Quiet" hidden="1">S!$A$1</definedName></definedNames></workbook>"#;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        for (n, d) in [
            ("[Content_Types].xml", CT),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", wb),
            ("xl/_rels/workbook.xml.rels", WB_RELS),
            ("xl/worksheets/sheet1.xml", &sheet_xml("<sheetData/>")),
        ] {
            w.start_file(n, opts).unwrap();
            w.write_all(d.as_bytes()).unwrap();
        }
        w.finish().unwrap();
    }
    let (rec, r) = inspect(&buf.into_inner());
    r.unwrap();
    let path = rec.variant(Kind::DocumentProperties, "path");
    assert_eq!(path[0].sample.as_deref(), Some(r"C:\Users\jdoe\Desktop\"));
    assert_eq!(rec.variant(Kind::DocumentProperties, "person").len(), 1);
    assert!(rec.has_text_of(Kind::DocumentProperties, "Jane Doe"));
    assert_eq!(rec.variant(Kind::DefinedName, "hidden").len(), 1);
}

#[test]
fn excel_function_placeholders_are_not_hidden_names() {
    // Excel adds `_xlfn.IFERROR = #NAME?`, hidden, for a newer function a
    // formula uses; a hidden name that holds a value stays a hidden name.
    let wb = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="_xlfn.IFERROR" hidden="1">#NAME?</definedName><definedName name="_xlws.FILTER" hidden="1">#NAME?</definedName><definedName name="_xlfn.Owner" hidden="1">"Jane Doe"</definedName><definedName name="Quiet" hidden="1">S!$A$1</definedName></definedNames></workbook>"#;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        for (n, d) in [
            ("[Content_Types].xml", CT),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", wb),
            ("xl/_rels/workbook.xml.rels", WB_RELS),
            ("xl/worksheets/sheet1.xml", &sheet_xml("<sheetData/>")),
        ] {
            w.start_file(n, opts).unwrap();
            w.write_all(d.as_bytes()).unwrap();
        }
        w.finish().unwrap();
    }
    let (rec, r) = inspect(&buf.into_inner());
    r.unwrap();
    let samples = |v: &str| -> Vec<String> {
        rec.variant(Kind::DefinedName, v)
            .into_iter()
            .filter_map(|f| f.sample)
            .collect()
    };
    assert_eq!(
        samples("excel_function"),
        ["_xlfn.IFERROR = #NAME?", "_xlws.FILTER = #NAME?"]
    );
    assert_eq!(
        samples("hidden"),
        ["_xlfn.Owner = \"Jane Doe\"", "Quiet = S!$A$1"]
    );
}

/// Real-world files: no panic, and only broken or encrypted files error.
#[test]
fn corpus_sanity() {
    let base = std::path::Path::new("/work/shared/corpus/real");
    if !base.exists() {
        return;
    }
    // Files that are genuinely broken or encrypted.
    // pass_protected: encrypted (a CFB file); issue252: bad CRC and sizes.
    let expected_errors = ["pass_protected.xlsx", "issue252.xlsx"];
    let mut checked = 0;
    let mut failures = Vec::new();
    for dir in ["rust_xlsxwriter", "calamine"] {
        let Ok(rd) = std::fs::read_dir(base.join(dir)) else {
            continue;
        };
        let mut paths: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_string();
            let lower = name.to_ascii_lowercase();
            if !(lower.ends_with(".xlsx") || lower.ends_with(".xlsm")) {
                continue;
            }
            let rec = Recorder::default();
            let ctx = Context::new(name.clone(), Limits::default());
            let input = Input::Path(&p);
            let r = crate::source::sniff(input, &ctx)
                .and_then(|f| match f {
                    crate::source::Format::Xlsx
                    | crate::source::Format::Xlsm
                    | crate::source::Format::Xltx
                    | crate::source::Format::Xltm => Ok(()),
                    f => Err(SourceError::Unsupported(format!("sniffed as {f:?}"))),
                })
                .and_then(|_| OoxmlReader.inspect(input, &ctx, &rec));
            assert!(
                rec.incomplete().is_empty(),
                "{name}: {:?}",
                rec.incomplete()
            );
            checked += 1;
            match (&r, expected_errors.contains(&name.as_str())) {
                (Ok(()), false) | (Err(_), true) => {}
                (r, _) => failures.push(format!("{dir}/{name}: {r:?}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 50, "only {checked} files checked");
}
#[test]
fn cell_formats_and_presentation() {
    use crate::model::{CellFormat, Presentation};
    let mut wb = XlsxBook::new();
    let ws = wb.add_worksheet().set_name("S").unwrap();
    let bold = Format::new().set_bold();
    let two = Format::new().set_num_format("0.00");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let builtin_date = Format::new().set_num_format_index(14);
    let bold_thousands = Format::new().set_bold().set_num_format("#,##0");
    ws.merge_range(0, 0, 0, 2, "Staff counts", &bold).unwrap();
    ws.write_with_format(1, 0, "Team", &bold).unwrap();
    ws.write(1, 1, "plain").unwrap();
    ws.write_with_format(2, 0, 2.5, &two).unwrap();
    ws.write_with_format(2, 1, 45292.0, &date).unwrap();
    ws.write_with_format(2, 2, 45292.0, &builtin_date).unwrap();
    ws.write_with_format(2, 3, 12345, &bold_thousands).unwrap();
    ws.set_column_width(1, 30).unwrap();
    ws.set_column_range_width(4, 6, 12.5).unwrap();
    ws.merge_range(5, 1, 7, 3, "", &Format::new()).unwrap();
    ws.set_freeze_panes(2, 1).unwrap();
    ws.autofilter(1, 0, 2, 3).unwrap();
    wb.add_worksheet()
        .set_name("Plain")
        .unwrap()
        .write(0, 0, "x")
        .unwrap();
    let (rec, r) = inspect(&wb.save_to_buffer().unwrap());
    r.unwrap();

    let formats = rec.formats.lock().unwrap().clone();
    let at = |a: &str| {
        let (row, col) = crate::model::parse_a1(a).unwrap();
        formats
            .iter()
            .find(|f| f.0 == "S" && f.1 == row && f.2 == col)
            .map(|f| f.3.clone())
    };
    let fmt = |bold: bool, code: Option<&str>| {
        Some(CellFormat {
            bold,
            num_format: code.map(str::to_string),
            ..Default::default()
        })
    };
    assert_eq!(at("A1"), fmt(true, None));
    assert_eq!(at("A2"), fmt(true, None));
    assert_eq!(at("B2"), None, "a plain cell has no format");
    assert_eq!(at("A3"), fmt(false, Some("0.00")));
    assert_eq!(at("B3"), fmt(false, Some("dd/mm/yyyy")));
    assert_eq!(at("C3"), fmt(false, Some("mm-dd-yy")));
    assert_eq!(at("D3"), fmt(true, Some("#,##0")));
    // Only cells that hold something are reported (not the blank
    // cells of a merged range).
    assert_eq!(formats.len(), 6, "{formats:?}");
    assert!(matches!(
        rec.cell_a1("S", "B3").unwrap().value,
        V::DateTime(_)
    ));

    let pres = rec.presentations.lock().unwrap().clone();
    assert_eq!(pres.len(), 1, "once, and not for a plain sheet");
    assert_eq!(
        pres[0],
        (
            "S".to_string(),
            Presentation {
                // 12.5 is stored as whole pixels: Excel shows 12.57.
                column_widths: vec![(1, 1, 30.0), (4, 6, 12.57)],
                merged: vec![(0, 0, 0, 2), (5, 1, 7, 3)],
                freeze: Some((2, 1)),
                autofilter: Some((1, 0, 2, 3)),
                row_heights: vec![],
            }
        )
    );
}

#[test]
fn text_in_a_dialog_sheet_is_read_as_not_shown() {
    // A dialog sheet has no cells in the schema; one with cells written
    // into it shows none of them, but the file still holds them.
    let wb = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/><sheet name="Dialog1" sheetId="2" r:id="rId2"/></sheets></workbook>"#;
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/dialogsheet" Target="dialogsheets/sheet1.xml"/></Relationships>"#;
    let dialog = r#"<dialogsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Jane Fairclough</t></is></c></row></sheetData></dialogsheet>"#;
    let empty = sheet_xml("<sheetData/>");
    let (rec, r) = inspect(&zip_of(&[
        ("[Content_Types].xml", CT.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", wb.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", empty.as_bytes()),
        ("xl/dialogsheets/sheet1.xml", dialog.as_bytes()),
    ]));
    r.unwrap();
    let t = rec
        .text_with("Jane Fairclough")
        .expect("the dialog sheet's text is read");
    assert_eq!(t.kind, Kind::InvisibleText);
    assert!(t.hidden);
    assert_eq!(t.field.as_deref(), Some("not_shown"));
}

#[test]
fn a_sheet_part_in_utf16_is_read() {
    // Legal XML, though Excel writes UTF-8: decoded, not "truncated".
    let xml = sheet_xml(
        r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Jane Doe</t></is></c></row></sheetData>"#,
    );
    let mut utf16 = vec![0xFF, 0xFE];
    for u in format!(r#"<?xml version="1.0" encoding="UTF-16"?>{xml}"#).encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let (rec, r) = inspect(&zip_of(&[
        ("[Content_Types].xml", CT.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WB.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WB_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", &utf16),
    ]));
    r.unwrap();
    let cells = rec.cells.lock().unwrap().clone();
    assert!(cells.iter().any(|c| c.value == V::Text("Jane Doe".into())));
}
