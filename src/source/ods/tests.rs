use std::io::Write;

use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use super::*;
use crate::model::{Hide, SheetState};
use crate::source::Limits;
use crate::source::recorder::{Recorder, V};

const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0""#;

/// `content.xml` with these automatic styles and spreadsheet body.
fn content(auto_styles: &str, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} office:version="1.3"><office:automatic-styles>{auto_styles}</office:automatic-styles><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
    )
}

/// Build an ods: `mimetype` stored first, a manifest listing `parts`
/// (with optional extra manifest XML), then the parts, then `unlisted`.
fn ods_with(parts: &[(&str, &[u8])], manifest_extra: &str, unlisted: &[(&str, &[u8])]) -> Vec<u8> {
    let mut entries = String::new();
    for (name, _) in parts {
        entries.push_str(&format!(
            r#"<manifest:file-entry manifest:full-path="{name}" manifest:media-type="text/xml"/>"#
        ));
    }
    let manifest = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>{entries}{manifest_extra}</manifest:manifest>"#
    );
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    w.start_file("META-INF/manifest.xml", deflated).unwrap();
    w.write_all(manifest.as_bytes()).unwrap();
    for (name, bytes) in parts.iter().chain(unlisted) {
        w.start_file(*name, deflated).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn ods(content_xml: &str) -> Vec<u8> {
    ods_with(&[("content.xml", content_xml.as_bytes())], "", &[])
}

fn run_with(bytes: &[u8], limits: Limits) -> Result<Recorder> {
    let rec = Recorder::default();
    let ctx = Context::new("t.ods", limits);
    OdsReader.inspect(Input::Bytes(bytes), &ctx, &rec)?;
    Ok(rec)
}

fn run(bytes: &[u8]) -> Recorder {
    run_with(bytes, Limits::default()).unwrap()
}

fn cell_p(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

#[test]
fn hidden_table() {
    let styles = r#"<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style><style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>"#;
    let body = format!(
        r#"<table:table table:name="Counts" table:style-name="ta1"><table:table-row>{}</table:table-row></table:table><table:table table:name="Staff" table:style-name="ta2"><table:table-row>{}{}</table:table-row></table:table><table:table table:name="Blank" table:style-name="ta2"><table:table-row><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#,
        cell_p("12"),
        cell_p("Jane Doe"),
        cell_p("PC 4521")
    );
    let rec = run(&ods(&content(styles, &body)));
    let sheets = rec.sheets();
    assert_eq!(sheets.len(), 3);
    assert_eq!(sheets[0].state, SheetState::Visible);
    assert_eq!(sheets[1].state, SheetState::Hidden);
    let jane = rec.cell("Staff", 0, 0).unwrap();
    assert_eq!(jane.value, V::Text("Jane Doe".into()));
    assert!(jane.hide.contains(Hide::SHEET));
    assert!(!rec.cell("Counts", 0, 0).unwrap().hide.is_hidden());
    let f = rec.of_kind(Kind::HiddenSheet);
    assert_eq!(f.len(), 2);
    assert_eq!(
        (f[0].variant, f[0].count, f[0].location.sheet.as_deref()),
        (Some("hidden"), 2, Some("Staff"))
    );
    assert_eq!((f[1].variant, f[1].count), (Some("empty"), 0));
    assert_eq!(rec.layouts.lock().unwrap().len(), 3);
}

#[test]
fn collapsed_and_filtered_rows_with_repeats() {
    let body = format!(
        r#"<table:table table:name="S"><table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapse"/><table:table-column table:number-columns-repeated="16381"/>
        <table:table-row>{h}{h}{h}</table:table-row>
        <table:table-row table:visibility="collapse" table:number-rows-repeated="3">{x}</table:table-row>
        <table:table-row table:visibility="filter" table:number-rows-repeated="2">{y}<table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell></table:table-row>
        <table:table-row-group table:display="false"><table:table-row table:visibility="collapse">{z}</table:table-row></table:table-row-group>
        <table:table-row table:number-rows-repeated="1048560"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
        <table:table-row>{last}</table:table-row></table:table>
        <table:database-ranges><table:database-range table:name="__Anonymous_Sheet_DB__0" table:target-range-address="S.A1:S.C7" table:display-filter-buttons="true"><table:filter><table:filter-condition table:field-number="0" table:value="x" table:operator="="/></table:filter></table:database-range></table:database-ranges>"#,
        h = cell_p("h"),
        x = cell_p("x"),
        y = cell_p("y"),
        z = cell_p("z"),
        last = cell_p("end"),
    );
    let rec = run(&ods(&content("", &body)));
    for r in 1..=3 {
        let c = rec.cell("S", r, 0).unwrap();
        assert_eq!(c.value, V::Text("x".into()));
        assert!(
            c.hide.contains(Hide::ROW) && !c.hide.contains(Hide::FILTERED),
            "{:?}",
            c.hide
        );
    }
    for r in 4..=5 {
        let c = rec.cell("S", r, 0).unwrap();
        assert!(c.hide.contains(Hide::ROW | Hide::FILTERED));
        // The repeated number cell covers columns B and C; C is a hidden column.
        assert_eq!(rec.cell("S", r, 1).unwrap().value, V::Number(7.0));
        assert!(rec.cell("S", r, 2).unwrap().hide.contains(Hide::COLUMN));
    }
    assert!(
        rec.cell("S", 6, 0)
            .unwrap()
            .hide
            .contains(Hide::ROW | Hide::COLLAPSED)
    );
    assert!(rec.cell("S", 0, 2).unwrap().hide.contains(Hide::COLUMN));
    assert!(!rec.cell("S", 0, 1).unwrap().hide.is_hidden());
    let end = rec
        .cells()
        .into_iter()
        .find(|c| c.value == V::Text("end".into()))
        .unwrap();
    assert_eq!(end.row, 7 + 1_048_560);
    assert_eq!(rec.cells().len(), 3 + 3 + 2 * 3 + 1 + 1);
    let layout = rec.layout("S").unwrap();
    assert_eq!(layout.hidden_rows.ranges(), &[(1, 6)]);
    assert_eq!(layout.hidden_columns.ranges(), &[(2, 2)]);
    assert!(layout.has_autofilter);
}

#[test]
fn annotation_with_creator() {
    let body = format!(
        r#"<table:table table:name="S"><table:table-row>{}<table:table-cell office:value-type="string"><office:annotation><dc:creator>Jane Doe</dc:creator><dc:date>2024-09-18T18:27:00</dc:date><text:p>Check with</text:p><text:p>PC 4521</text:p></office:annotation><text:p>cell text</text:p></table:table-cell></table:table-row></table:table>"#,
        cell_p("a")
    );
    let rec = run(&ods(&content("", &body)));
    let f = rec.of_kind(Kind::Comment);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].location.cell.as_deref(), Some("B1"));
    assert_eq!(f[0].location.sheet.as_deref(), Some("S"));
    let texts = rec.texts();
    assert!(
        texts.contains(&(Kind::Comment, Some("author".into()), "Jane Doe".into())),
        "{texts:?}"
    );
    assert!(
        texts.contains(&(Kind::Comment, None, "Check with\nPC 4521".into())),
        "{texts:?}"
    );
    // The comment text is not part of the cell's value, nor is the date.
    assert_eq!(
        rec.cell("S", 0, 1).unwrap().value,
        V::Text("cell text".into())
    );
    assert!(!texts.iter().any(|t| t.2.contains("2024-09-18")));
}

#[test]
fn encrypted_manifest() {
    let enc = r#"<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"><manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="y"/></manifest:encryption-data></manifest:file-entry>"#;
    let bytes = ods_with(&[("content.xml", b"\x01\x02 encrypted bytes")], enc, &[]);
    assert_eq!(
        run_with(&bytes, Limits::default()).err(),
        Some(SourceError::Encrypted)
    );
}

#[test]
fn truncated_content_is_corrupt() {
    let full = content(
        "",
        &format!(
            r#"<table:table table:name="S"><table:table-row>{}</table:table-row></table:table>"#,
            cell_p("a")
        ),
    );
    let cut = &full[..full.len() - 40];
    match run_with(&ods(cut), Limits::default()) {
        Err(SourceError::Corrupt(m)) => assert!(m.contains("content.xml"), "{m}"),
        other => panic!("expected corrupt, got {:?}", other.err()),
    }
    // A missing content.xml is corrupt too.
    let bytes = ods_with(&[("styles.xml", b"<a/>")], "", &[]);
    assert!(matches!(
        run_with(&bytes, Limits::default()),
        Err(SourceError::Corrupt(_))
    ));
    // So is a malformed meta.xml.
    let c = content("", "");
    let bytes = ods_with(
        &[
            ("content.xml", c.as_bytes()),
            ("meta.xml", b"<office:document-meta><x>"),
        ],
        "",
        &[],
    );
    assert!(matches!(
        run_with(&bytes, Limits::default()),
        Err(SourceError::Corrupt(_))
    ));
}

#[test]
fn unlisted_entry_is_unreached() {
    let c = content("", "");
    let bytes = ods_with(
        &[("content.xml", c.as_bytes())],
        "",
        &[(
            "backup/staff.xml",
            b"<rows><r name=\"Jane Doe\">PC 4521</r></rows>",
        )],
    );
    let rec = run(&bytes);
    let f = rec.of_kind(Kind::UnknownPart);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].variant, Some("unreached"));
    assert_eq!(f[0].location.part.as_deref(), Some("backup/staff.xml"));
    let texts: Vec<String> = rec
        .texts()
        .into_iter()
        .filter(|t| t.0 == Kind::UnknownPart)
        .map(|t| t.2)
        .collect();
    let all = texts.join("\n");
    assert!(all.contains("Jane Doe") && all.contains("PC 4521"), "{all}");
}

#[test]
fn values_styles_and_formulas() {
    let styles = r##"<style:style style:name="ce1" style:family="table-cell"><style:text-properties fo:color="#ffffff"/></style:style><style:style style:name="ce2" style:family="table-cell"><style:table-cell-properties fo:background-color="#000000"/><style:text-properties fo:color="#ffffff"/></style:style>"##;
    let body = r#"<table:table table:name="S"><table:table-row>
        <table:table-cell office:value-type="float" office:value="12.5" table:formula="of:=[.B1]*2"><text:p>12.5</text:p></table:table-cell>
        <table:table-cell office:value-type="date" office:date-value="2024-03-17"><text:p>17/03/2024</text:p></table:table-cell>
        <table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>
        <table:table-cell office:value-type="string"><text:p>Jane<text:s text:c="2"/>Doe</text:p><text:p>line 2</text:p></table:table-cell>
        <table:table-cell table:style-name="ce1" office:value-type="string"><text:p>white</text:p></table:table-cell>
        <table:table-cell table:style-name="ce2" office:value-type="string"><text:p>white on black</text:p></table:table-cell>
        <table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>merged</text:p></table:table-cell>
        <table:covered-table-cell office:value-type="string"><text:p>under the merge</text:p></table:covered-table-cell>
        <table:table-cell office:value-type="float" office:value="0" calcext:value-type="error" table:formula="of:=1/0"><text:p>#DIV/0!</text:p></table:table-cell>
        <table:table-cell table:number-columns-repeated="3" office:value-type="string"><text:p>PC</text:p></table:table-cell>
        <table:table-cell table:formula="of:=TRUE()" office:value-type="float" office:value="1" calcext:value-type="float"><text:p>TRUE</text:p></table:table-cell>
        <table:table-cell office:value-type="float" office:value="0"><text:p>FALSE</text:p></table:table-cell>
        <table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>
        </table:table-row></table:table>"#;
    let rec = run(&ods(&content(styles, body)));
    let a1 = rec.cell("S", 0, 0).unwrap();
    assert_eq!(a1.value, V::Number(12.5));
    assert_eq!(a1.formula.as_deref(), Some("B1*2"));
    assert_eq!(rec.cell("S", 0, 1).unwrap().value, V::DateTime(45368.0));
    assert_eq!(rec.cell("S", 0, 2).unwrap().value, V::Bool(true));
    assert_eq!(
        rec.cell("S", 0, 3).unwrap().value,
        V::Text("Jane  Doe\nline 2".into())
    );
    assert!(rec.cell("S", 0, 4).unwrap().hide.contains(Hide::INVISIBLE));
    assert!(!rec.cell("S", 0, 5).unwrap().hide.is_hidden());
    assert!(!rec.cell("S", 0, 6).unwrap().hide.is_hidden());
    let covered = rec.cell("S", 0, 7).unwrap();
    assert_eq!(covered.value, V::Text("under the merge".into()));
    assert!(covered.hide.contains(Hide::INVISIBLE));
    assert_eq!(
        rec.cell("S", 0, 8).unwrap().value,
        V::Error("#DIV/0!".into())
    );
    for c in 9..12 {
        assert_eq!(rec.cell("S", 0, c).unwrap().value, V::Text("PC".into()));
    }
    // LibreOffice's booleans: 1 or 0 shown as TRUE or FALSE.
    assert_eq!(rec.cell("S", 0, 12).unwrap().value, V::Bool(true));
    assert_eq!(rec.cell("S", 0, 13).unwrap().value, V::Bool(false));
    assert_eq!(rec.cell("S", 0, 14).unwrap().value, V::Number(1.0));
    assert!(rec.cell("S", 0, 15).is_none());
}

#[test]
fn repeat_bomb_is_a_limit_not_a_hang() {
    let body = r#"<table:table table:name="Sheet1"><table:table-row table:number-rows-repeated="999999999"><table:table-cell table:number-columns-repeated="999999999" office:value-type="string"><text:p>X</text:p></table:table-cell></table:table-row></table:table>"#;
    let start = std::time::Instant::now();
    assert!(matches!(
        run_with(&ods(&content("", body)), Limits::default()),
        Err(SourceError::Limit(_))
    ));
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    // Under the limit, a repeated row with content is expanded.
    let body = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="4"><table:table-cell table:number-columns-repeated="5" office:value-type="string"><text:p>X</text:p></table:table-cell></table:table-row></table:table>"#;
    let limits = Limits {
        max_cells: 20,
        ..Limits::default()
    };
    assert_eq!(
        run_with(&ods(&content("", body)), limits.clone())
            .unwrap()
            .cells()
            .len(),
        20
    );
    let limits = Limits {
        max_cells: 19,
        ..limits
    };
    assert!(matches!(
        run_with(&ods(&content("", body)), limits),
        Err(SourceError::Limit(_))
    ));
}

/// A team or a program as the author is no person: the same test as an
/// xlsx's `docProps/core.xml` (an ods by "FOI Unit" went to review).
#[test]
fn a_team_as_author_names_no_person() {
    let meta = |who: &str| {
        format!(
            r#"<office:document-meta {NS}><office:meta><meta:initial-creator>{who}</meta:initial-creator><dc:creator>openpyxl</dc:creator></office:meta></office:document-meta>"#
        )
    };
    let c = content(
        "",
        &format!(
            r#"<table:table table:name="S"><table:table-row>{}</table:table-row></table:table>"#,
            cell_p("a")
        ),
    );
    for (who, person) in [("FOI Unit", false), ("Jane Doe", true)] {
        let m = meta(who);
        let rec = run(&ods_with(
            &[("content.xml", c.as_bytes()), ("meta.xml", m.as_bytes())],
            "",
            &[],
        ));
        let props = rec.of_kind(Kind::DocumentProperties);
        assert_eq!(
            props.iter().any(|f| f.variant == Some("person")),
            person,
            "{who}: {props:?}"
        );
    }
}

#[test]
fn meta_styles_macros_names_and_charts() {
    let meta = format!(
        r#"<office:document-meta {NS}><office:meta><meta:generator>LibreOffice</meta:generator><meta:initial-creator>Jane Doe</meta:initial-creator><dc:creator>John Roe</dc:creator><dc:title>Rota</dc:title><meta:user-defined meta:name="Reviewer">Ann Smith</meta:user-defined></office:meta></office:document-meta>"#
    );
    let styles_xml = format!(
        r#"<office:document-styles {NS}><office:styles><style:default-style style:family="table-cell"/></office:styles><office:master-styles><style:master-page style:name="Default"><style:header><text:p><text:sheet-name>???</text:sheet-name></text:p></style:header><style:footer><text:p>Page <text:page-number>1</text:page-number></text:p></style:footer></style:master-page><style:master-page style:name="Report"><style:footer><text:p>Prepared by Jane Doe</text:p></style:footer></style:master-page></office:master-styles></office:document-styles>"#
    );
    let auto = r#"<style:style style:name="ta1" style:family="table" style:master-page-name="Report"><style:table-properties table:display="true"/></style:style>"#;
    let body = format!(
        r#"<table:table table:name="S" table:style-name="ta1"><table:shapes><draw:frame><draw:object xlink:href="./Object 1"/></draw:frame><draw:custom-shape><text:p>Call Jane on 07700 900123</text:p></draw:custom-shape></table:shapes><table:table-row>{}</table:table-row></table:table><table:named-expressions><table:named-range table:name="Staff" table:cell-range-address="$S.$A$1:.$A$9"/><table:named-expression table:name="Boss" table:expression="of:=&quot;Jane Doe&quot;"/></table:named-expressions>"#,
        cell_p("a")
    );
    let c = content(auto, &body);
    let module = br#"<?xml version="1.0" encoding="UTF-8"?><script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">Sub Main
  MsgBox "Jane Doe"
End Sub</script:module>"#;
    let chart = format!(
        r#"<office:document-content {NS}><office:body><office:chart><table:table table:name="local-table"><table:table-rows><table:table-row><table:table-cell office:value-type="string"><text:p>Jane Doe</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="41"/></table:table-row></table:table-rows></table:table></office:chart></office:body></office:document-content>"#
    );
    let obj = r#"<manifest:file-entry manifest:full-path="Object 1/" manifest:media-type="application/vnd.oasis.opendocument.chart"/>"#;
    let bytes = ods_with(
        &[
            ("content.xml", c.as_bytes()),
            ("styles.xml", styles_xml.as_bytes()),
            ("meta.xml", meta.as_bytes()),
            ("settings.xml", b"<office:document-settings/>"),
            ("Basic/Standard/Module1.xml", module),
            ("Basic/Standard/script-lb.xml", b"<library/>"),
            ("Object 1/content.xml", chart.as_bytes()),
            ("Thumbnails/thumbnail.png", b"\x89PNG...."),
        ],
        obj,
        &[],
    );
    let rec = run(&bytes);
    let texts = rec.texts();

    let props = rec.of_kind(Kind::DocumentProperties);
    let variants: Vec<_> = props.iter().map(|f| f.variant).collect();
    assert!(
        variants.contains(&Some("person")) && variants.contains(&Some("custom")),
        "{variants:?}"
    );
    assert!(texts.contains(&(
        Kind::DocumentProperties,
        Some("initial-creator".into()),
        "Jane Doe".into()
    )));
    assert!(texts.contains(&(
        Kind::DocumentProperties,
        Some("creator".into()),
        "John Roe".into()
    )));
    assert!(texts.contains(&(
        Kind::DocumentProperties,
        Some("Reviewer".into()),
        "Ann Smith".into()
    )));

    let hf = rec.of_kind(Kind::HeaderFooter);
    assert_eq!(hf.len(), 1, "{hf:?}");
    assert_eq!(hf[0].sample.as_deref(), Some("Prepared by Jane Doe"));
    assert_eq!(hf[0].location.sheet.as_deref(), Some("S"));

    let m = rec.of_kind(Kind::Macro);
    assert_eq!((m.len(), m[0].variant), (1, Some("basic")));
    assert!(
        texts
            .iter()
            .any(|t| t.0 == Kind::Macro && t.2.contains("MsgBox \"Jane Doe\""))
    );

    let names = rec.of_kind(Kind::DefinedName);
    let nv: Vec<_> = names
        .iter()
        .map(|f| (f.sample.as_deref().unwrap(), f.variant))
        .collect();
    assert_eq!(nv, [("Staff", Some("range")), ("Boss", Some("constant"))]);

    let charts = rec.of_kind(Kind::ChartCache);
    assert_eq!(charts.len(), 1);
    assert_eq!(charts[0].location.sheet.as_deref(), Some("S"));
    assert!(
        texts
            .iter()
            .any(|t| t.0 == Kind::ChartCache && t.2.contains("Jane Doe"))
    );

    let shapes = rec.of_kind(Kind::DrawingText);
    assert_eq!(shapes.len(), 1);
    assert_eq!(
        shapes[0].sample.as_deref(),
        Some("Call Jane on 07700 900123")
    );

    let img = rec.of_kind(Kind::Image);
    assert_eq!((img.len(), img[0].variant), (1, Some("thumbnail")));
    assert!(rec.of_kind(Kind::UnknownPart).is_empty());
}

#[test]
fn not_a_spreadsheet() {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("mimetype", SimpleFileOptions::default())
        .unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.text")
        .unwrap();
    w.start_file("META-INF/manifest.xml", SimpleFileOptions::default())
        .unwrap();
    w.write_all(b"<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>").unwrap();
    let bytes = w.finish().unwrap().into_inner();
    assert!(matches!(
        run_with(&bytes, Limits::default()),
        Err(SourceError::Unsupported(_))
    ));
}

/// A name written into a number style shows in every cell that uses it:
/// visible text, as an xlsx's number formats; separators and currency
/// symbols are no text to check.
#[test]
fn number_style_text_is_visible_text() {
    let auto = r#"<number:number-style style:name="N9"><number:text>DC Ivo Stannard: </number:text><number:number number:min-integer-digits="1"/></number:number-style>
        <number:percentage-style style:name="N11"><number:number number:decimal-places="1" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
        <number:currency-style style:name="N108"><number:currency-symbol>£</number:currency-symbol><number:number number:decimal-places="2" number:min-integer-digits="1"/></number:currency-style>"#;
    let body = format!(
        r#"<table:table table:name="S"><table:table-row>{}</table:table-row></table:table>"#,
        cell_p("a")
    );
    let c = content(auto, &body);
    let rec = run(&ods_with(&[("content.xml", c.as_bytes())], "", &[]));
    let formats: Vec<_> = rec
        .texts()
        .into_iter()
        .filter(|t| t.1.as_deref() == Some("number format"))
        .collect();
    assert_eq!(formats.len(), 1, "{formats:?}");
    assert_eq!(formats[0].2, "DC Ivo Stannard: ");
}

#[test]
fn cell_formats_widths_and_spans() {
    use crate::model::{CellFormat, Presentation};
    let ns = format!(r#"{NS} xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0""#);
    let styles_xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ns}><office:styles>
        <number:number-style style:name="N3"><number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
        <style:style style:name="Heading" style:family="table-cell" style:data-style-name="N3"><style:text-properties fo:font-weight="bold"/></style:style>
        </office:styles></office:document-styles>"#
    );
    let auto = r##"<number:number-style style:name="N2"><number:number number:decimal-places="2" number:min-integer-digits="1"/></number:number-style>
        <number:date-style style:name="N37"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
        <number:percentage-style style:name="N11"><number:number number:decimal-places="1" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
        <number:currency-style style:name="N108P0"><number:currency-symbol>£</number:currency-symbol><number:number number:decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:currency-style>
        <number:currency-style style:name="N108"><style:text-properties fo:color="#ff0000"/><number:text>-</number:text><number:currency-symbol>£</number:currency-symbol><number:number number:decimal-places="2" number:min-integer-digits="1" number:grouping="true"/><style:map style:condition="value()&gt;=0" style:apply-style-name="N108P0"/></number:currency-style>
        <number:time-style style:name="N46" number:truncate-on-overflow="false"><number:hours/><number:text>:</number:text><number:minutes number:style="long"/></number:time-style>
        <style:style style:name="ro1" style:family="table-row"><style:table-row-properties style:row-height="0.452cm" style:use-optimal-row-height="true"/></style:style>
        <style:style style:name="ro2" style:family="table-row"><style:table-row-properties style:row-height="75pt" style:use-optimal-row-height="false"/></style:style>
        <style:style style:name="co1" style:family="table-column"><style:table-column-properties style:column-width="215pt"/></style:style>
        <style:style style:name="co2" style:family="table-column"><style:table-column-properties style:column-width="2.258cm"/></style:style>
        <style:style style:name="ce1" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>
        <style:style style:name="ce2" style:family="table-cell" style:data-style-name="N2"/>
        <style:style style:name="ce3" style:family="table-cell" style:data-style-name="N37"/>
        <style:style style:name="ce4" style:family="table-cell" style:parent-style-name="ce1" style:data-style-name="N108"/>
        <style:style style:name="ce5" style:family="table-cell" style:data-style-name="N11"/>
        <style:style style:name="ce6" style:family="table-cell" style:data-style-name="N46"/>
        <style:style style:name="ce7" style:family="table-cell" style:parent-style-name="Heading"/>
        <style:style style:name="ce8" style:family="table-cell"><style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="middle" fo:background-color="#ddebf7"/><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="normal" fo:font-style="italic"/></style:style>"##;
    let body = r#"<table:table table:name="S">
        <table:table-column table:style-name="co2"/><table:table-column table:style-name="co1" table:number-columns-repeated="2"/><table:table-column table:style-name="co2" table:number-columns-repeated="1021"/>
        <table:table-row table:style-name="ro1"><table:table-cell table:style-name="ce1" table:number-columns-spanned="3" table:number-rows-spanned="1" office:value-type="string"><text:p>Staff counts</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>
        <table:table-row table:style-name="ro2"><table:table-cell table:style-name="ce1" office:value-type="string"><text:p>Team</text:p></table:table-cell><table:table-cell table:style-name="ce8" office:value-type="string"><text:p>plain</text:p></table:table-cell></table:table-row>
        <table:table-row><table:table-cell table:style-name="ce2" office:value-type="float" office:value="3.14159"><text:p>3.14</text:p></table:table-cell><table:table-cell table:style-name="ce3" office:value-type="date" office:date-value="2024-01-01"><text:p>01/01/2024</text:p></table:table-cell><table:table-cell table:style-name="ce4" office:value-type="currency" office:value="12.5"><text:p>£12.50</text:p></table:table-cell><table:table-cell table:style-name="ce5" office:value-type="percentage" office:value="0.25"><text:p>25.0%</text:p></table:table-cell><table:table-cell table:style-name="ce6" office:value-type="time" office:time-value="PT30H15M00S"><text:p>30:15</text:p></table:table-cell><table:table-cell table:style-name="ce7" office:value-type="string"><text:p>Head</text:p></table:table-cell></table:table-row>
        <table:table-row table:number-rows-repeated="2"><table:table-cell table:style-name="ce2" table:number-columns-repeated="2" office:value-type="float" office:value="1"><text:p>1.00</text:p></table:table-cell></table:table-row>
        <table:table-row><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="2"/><table:covered-table-cell/></table:table-row>
        <table:table-row><table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>
        </table:table>
        <table:table table:name="Plain"><table:table-row>"#
        .to_string()
        + &cell_p("x")
        + "</table:table-row></table:table>";
    let content_xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.3"><office:automatic-styles>{auto}</office:automatic-styles><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
    );
    let rec = run(&ods_with(
        &[
            ("content.xml", content_xml.as_bytes()),
            ("styles.xml", styles_xml.as_bytes()),
        ],
        "",
        &[],
    ));
    let formats = rec.formats.lock().unwrap().clone();
    let at = |row: u32, col: u32| {
        formats
            .iter()
            .find(|f| f.0 == "S" && f.1 == row && f.2 == col)
            .map(|f| f.3.clone())
    };
    let look = |bold: bool, code: Option<&str>| {
        Some(CellFormat {
            bold,
            num_format: code.map(str::to_string),
            ..Default::default()
        })
    };
    assert_eq!(at(0, 0), look(true, None));
    assert_eq!(at(1, 0), look(true, None));
    // Not bold (font-weight normal); wrapped, centred, italic, a light fill.
    assert_eq!(
        at(1, 1),
        Some(CellFormat {
            italic: true,
            wrap: true,
            align: crate::model::Align {
                horizontal: crate::model::HAlign::Centre,
                vertical: crate::model::VAlign::Centre,
            },
            fill: Some(0xDDEBF7),
            ..Default::default()
        })
    );
    assert_eq!(at(2, 0), look(false, Some("0.00")));
    assert_eq!(at(2, 1), look(false, Some("dd/mm/yyyy")));
    assert_eq!(
        at(2, 2),
        look(true, Some("\"£\"#,##0.00;-\"£\"#,##0.00")),
        "bold from the parent; the positive section from style:map"
    );
    assert_eq!(at(2, 3), look(false, Some("0.0%")));
    assert_eq!(at(2, 4), look(false, Some("[h]:mm")));
    assert_eq!(
        at(2, 5),
        look(true, Some("#,##0")),
        "a named style in styles.xml"
    );
    for (r, c) in [(3, 0), (3, 1), (4, 0), (4, 1)] {
        assert_eq!(at(r, c), look(false, Some("0.00")), "repeated cell {r},{c}");
    }
    assert_eq!(formats.len(), 13, "{formats:?}");
    assert_eq!(rec.cell("S", 2, 1).unwrap().value, V::DateTime(45292.0));

    let pres = rec.presentations.lock().unwrap().clone();
    assert_eq!(
        pres,
        vec![(
            "S".to_string(),
            Presentation {
                // 161.25pt is 215 pixels: 30 characters; 2.258cm (64pt) is 11.48.
                // LibreOffice's 7 pt a character: its default 2.258 cm is
                // Excel's default 8.43.
                column_widths: vec![(0, 0, 8.43), (1, 2, 30.0), (3, 1023, 8.43)],
                merged: vec![(0, 0, 0, 2), (5, 0, 6, 1)],
                // A row of its own height; not one at its optimal height.
                row_heights: vec![(1, 75.0)],
                ..Default::default()
            }
        )]
    );
}

#[test]
fn number_formats_sizes_and_colours_that_hide_values() {
    // As LibreOffice writes ';;;' (N1: empty sections), '[WHITE]General'
    // (N2) and '0;-0;;@' (N3: the zero section empty, text shown); a
    // near-white font; a 0.75 pt row and a 0.0075 in column.
    let styles = r##"
        <number:number-style style:name="N1P0"><number:text/></number:number-style>
        <number:number-style style:name="N1P1"><number:text/></number:number-style>
        <number:text-style style:name="N1"><number:text/><style:map style:condition="value()&gt;0" style:apply-style-name="N1P0"/><style:map style:condition="value()&lt;0" style:apply-style-name="N1P1"/></number:text-style>
        <number:number-style style:name="N2P0"><style:text-properties fo:color="#ffffff"/><number:number number:min-integer-digits="1"/></number:number-style>
        <number:text-style style:name="N2"><style:text-properties fo:color="#ffffff"/><number:text-content/><style:map style:condition="value()&gt;=0" style:apply-style-name="N2P0"/></number:text-style>
        <number:number-style style:name="N3P0"><number:number number:min-integer-digits="1"/></number:number-style>
        <number:text-style style:name="N3"><number:text-content/><style:map style:condition="value()&gt;=0" style:apply-style-name="N3P0"/></number:text-style>
        <number:number-style style:name="N4"><style:text-properties fo:color="#ff0000"/><number:number number:min-integer-digits="1"/></number:number-style>
        <style:style style:name="empty" style:family="table-cell" style:data-style-name="N1"/>
        <style:style style:name="white" style:family="table-cell" style:data-style-name="N2"/>
        <style:style style:name="shown" style:family="table-cell" style:data-style-name="N3"/>
        <style:style style:name="red" style:family="table-cell" style:data-style-name="N4"/>
        <style:style style:name="pale" style:family="table-cell"><style:text-properties fo:color="#fefefe"/></style:style>
        <style:style style:name="thin" style:family="table-row"><style:table-row-properties style:row-height="0.0104in"/></style:style>
        <style:style style:name="narrow" style:family="table-column"><style:table-column-properties style:column-width="0.0075in"/></style:style>"##;
    let cell = |style: &str, v: &str| {
        format!(
            r#"<table:table-cell table:style-name="{style}" office:value-type="string"><text:p>{v}</text:p></table:table-cell>"#
        )
    };
    let num = |style: &str| {
        format!(
            r#"<table:table-cell table:style-name="{style}" office:value-type="float" office:value="4521"><text:p>4521</text:p></table:table-cell>"#
        )
    };
    let body = format!(
        r#"<table:table table:name="S"><table:table-column/><table:table-column table:style-name="narrow"/>
        <table:table-row>{}{}</table:table-row>
        <table:table-row>{}{}</table:table-row>
        <table:table-row>{}{}</table:table-row>
        <table:table-row>{}{}</table:table-row>
        <table:table-row table:style-name="thin">{}</table:table-row>
        </table:table>"#,
        cell("empty", "Jane Doe"),
        cell("Default", "in a narrow column"),
        num("empty"),
        num("white"),
        cell("white", "Jane Doe"),
        cell("shown", "Jane Doe"),
        num("red"),
        cell("pale", "Jane Doe"),
        cell("Default", "in a thin row"),
    );
    let rec = run(&ods(&content(styles, &body)));
    let hide = |r: u32, c: u32| rec.cell("S", r, c).unwrap().hide;
    assert!(hide(0, 0).contains(Hide::INVISIBLE), "';;;' hides text");
    assert_eq!(hide(0, 1), Hide::COLUMN, "a column of 0.54 pt");
    assert!(hide(1, 0).contains(Hide::INVISIBLE), "';;;' hides numbers");
    assert!(hide(1, 1).contains(Hide::INVISIBLE), "white numbers");
    assert!(hide(2, 0).contains(Hide::INVISIBLE), "white text");
    assert!(
        !hide(2, 1).contains(Hide::INVISIBLE),
        "a text section shows text"
    );
    assert!(!hide(3, 0).is_hidden(), "red shows");
    assert!(hide(3, 1).contains(Hide::INVISIBLE), "#fefefe on white");
    assert!(hide(4, 0).contains(Hide::ROW), "a row of 0.75 pt");
}

#[test]
fn a_small_number_a_conditional_style_shows_as_text_is_hidden() {
    // LibreOffice's [<5]"<5";0: a map to a style of fixed text for value()<5.
    let styles = r##"
        <number:number-style style:name="N9P0"><number:text>&lt;5</number:text></number:number-style>
        <number:number-style style:name="N9"><number:number number:min-integer-digits="1"/><style:map style:condition="value()&lt;5" style:apply-style-name="N9P0"/></number:number-style>
        <style:style style:name="sup" style:family="table-cell" style:data-style-name="N9"/>"##;
    let num = |v: &str| {
        format!(
            r#"<table:table-cell table:style-name="sup" office:value-type="float" office:value="{v}"><text:p>x</text:p></table:table-cell>"#
        )
    };
    let body = format!(
        r#"<table:table table:name="S"><table:table-row>{}{}</table:table-row></table:table>"#,
        num("3"),
        num("40"),
    );
    let rec = run(&ods(&content(styles, &body)));
    let hide = |r: u32, c: u32| rec.cell("S", r, c).unwrap().hide;
    assert!(hide(0, 0).contains(Hide::INVISIBLE), "3 under \"<5\"");
    assert!(!hide(0, 1).is_hidden(), "40 shows as itself");
}

#[test]
fn validation_lists_are_reported_at_their_first_cell() {
    let styles = r#"<style:style style:name="gone" style:family="table"><style:table-properties table:display="false"/></style:style>"#;
    let body = r#"<table:content-validations>
        <table:content-validation table:name="val1" table:condition="of:cell-content-is-in-list(&quot;PC 4521 Henswick&quot;;&quot;PC 3380 Moxhay&quot;)"/>
        <table:content-validation table:name="val2" table:condition="of:cell-content-is-in-list($Staff.$A$1:.$A$9)"/>
        <table:content-validation table:name="val3" table:condition="of:cell-content-is-decimal-number()"/>
        </table:content-validations>
        <table:table table:name="Tasking"><table:table-row><table:table-cell office:value-type="string"><text:p>Officer</text:p></table:table-cell></table:table-row>
        <table:table-row><table:table-cell/><table:table-cell table:content-validation-name="val1"/><table:table-cell table:content-validation-name="val2"/><table:table-cell table:content-validation-name="val3"/></table:table-row></table:table>
        <table:table table:name="Staff" table:style-name="gone"><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#;
    let rec = run(&ods(&content(styles, body)));
    let dv: Vec<_> = rec
        .features
        .lock()
        .unwrap()
        .iter()
        .filter(|f| f.kind == Kind::DataValidation)
        .cloned()
        .collect();
    let got: Vec<_> = dv
        .iter()
        .map(|f| (f.variant, f.location.sheet.clone(), f.location.cell.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("list"), Some("Tasking".into()), Some("B2".into())),
            (
                Some("hidden_source"),
                Some("Tasking".into()),
                Some("C2".into())
            ),
        ]
    );
    let texts = rec.texts.lock().unwrap().clone();
    assert!(texts.iter().any(|t| t.kind == Kind::DataValidation
        && !t.hidden
        && t.text == "PC 4521 Henswick,PC 3380 Moxhay"));
}
