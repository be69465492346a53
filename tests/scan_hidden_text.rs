//! Text a user typed that no cell shows: string literals inside formulas, a
//! defined name's comment, custom cell style names, an ODS file's
//! settings.xml, strings left in the shared string table by deleted cells.
//! Each is scanned as hidden text, so a person there blocks; the same places
//! holding ordinary text do not.

mod support;

use rust_xlsxwriter::Formula;
use support::fixtures::*;
use support::*;

const SERGEANT: &str = "Sgt Paul Hendry 4521 paul.hendry@police.example";

/// A count table whose total is a formula.
fn counts_with_formula(formula: &str, shown: u32) -> Vec<u8> {
    xlsx(|wb| {
        let ws = wb.add_worksheet().set_name("Summary")?;
        ws.write(0, 0, "Rank")?;
        ws.write(0, 1, "Officers")?;
        for (i, (rank, n)) in [("Constable", 1210), ("Sergeant", 402), ("Inspector", 223)]
            .iter()
            .enumerate()
        {
            ws.write(i as u32 + 1, 0, *rank)?;
            ws.write(i as u32 + 1, 1, *n)?;
        }
        ws.write(4, 0, "Total")?;
        ws.write_formula(4, 1, Formula::new(formula).set_result(shown.to_string()))?;
        Ok(())
    })
}

#[test]
fn text_inside_a_formula_the_cell_does_not_show_is_hidden_text() {
    let leak = counts_with_formula(&format!("=IF(FALSE,\"{SERGEANT}\",SUM(B2:B4))"), 1835);
    let r = scan_one("total.xlsx", &leak);
    let f = r.expect_severity("email_address", "block");
    assert!(
        f.iter()
            .any(|f| f["message"].as_str().unwrap_or("").contains("formula text")),
        "{}",
        r.describe()
    );
    assert_eq!(r.verdict(), "block");
    // Ordinary literals ("Total: ") are nothing.
    let plain = counts_with_formula("=IF(SUM(B2:B4)>0,SUM(B2:B4),\"none\")", 1835);
    let r = scan_one("plain.xlsx", &plain);
    assert_ne!(r.verdict(), "block", "{}", r.describe());
    r.assert_absent("email_address");
    r.assert_absent_above_info("person_name");
}

#[test]
fn a_defined_names_comment_is_scanned() {
    let base = clean_counts_xlsx();
    let mut p = Package::open(&base);
    p.insert_before(
        "xl/workbook.xml",
        "</workbook>",
        &format!(
            "<definedNames><definedName name=\"Counts\" comment=\"{}\">Sheet1!$A$1:$B$3</definedName></definedNames>",
            xml_escape(SERGEANT)
        ),
    );
    let r = scan_one("names.xlsx", &p.to_bytes());
    r.expect_severity("email_address", "block");
    assert_eq!(r.verdict(), "block");
}

#[test]
fn custom_cell_style_names_are_scanned() {
    let base = clean_counts_xlsx();
    let styles = Package::open(&base).text("xl/styles.xml");
    assert!(
        styles.contains("<cellStyles"),
        "the fixture has cell styles"
    );
    let mut p = Package::open(&base);
    p.replace(
        "xl/styles.xml",
        "</cellStyles>",
        &format!(
            "<cellStyle name=\"{}\" xfId=\"0\"/></cellStyles>",
            xml_escape(SERGEANT)
        ),
    );
    let r = scan_one("styles.xlsx", &p.to_bytes());
    r.expect_severity("email_address", "block");
    // Built-in styles ("Normal") are not a person's.
    let r = scan_one("plain.xlsx", &base);
    r.assert_absent_above_info("person_name");
}

#[test]
fn ods_settings_are_scanned() {
    let base = minimal_ods(OdsOptions::default());
    let settings = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-settings xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:config=\"urn:oasis:names:tc:opendocument:xmlns:config:1.0\"><office:settings><config:config-item-set config:name=\"ooo:configuration-settings\"><config:config-item config:name=\"PrinterName\" config:type=\"string\">{}</config:config-item><config:config-item config:name=\"IsKernAsianPunctuation\" config:type=\"boolean\">false</config:config-item></config:config-item-set></office:settings></office:document-settings>",
        xml_escape(SERGEANT)
    );
    let mut p = Package::open(&base);
    p.put("settings.xml", settings.clone());
    p.replace(
        "META-INF/manifest.xml",
        "</manifest:manifest>",
        "<manifest:file-entry manifest:full-path=\"settings.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>",
    );
    let r = scan_one("settings.ods", &p.to_bytes());
    r.expect_severity("email_address", "block");
    // The usual settings (booleans, a printer) are nothing.
    let mut p = Package::open(&base);
    p.put(
        "settings.xml",
        settings.replace(&xml_escape(SERGEANT), "HP LaserJet 4250"),
    );
    p.replace(
        "META-INF/manifest.xml",
        "</manifest:manifest>",
        "<manifest:file-entry manifest:full-path=\"settings.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>",
    );
    let r = scan_one("plain.ods", &p.to_bytes());
    assert_eq!(r.verdict(), "pass", "{}", r.describe());
}

/// Names a tool left in the shared string table when it deleted their rows:
/// no cell uses them, no sheet shows them, and they go out with the file.
const LEFT_BEHIND: [&str; 4] = [
    "Quarrendon, Jane",
    "Brackley, Tomas",
    "Henswick, Mobrine",
    "Drumgoole, Paul",
];

fn strings_xml(texts: &[&str]) -> String {
    let items: String = texts
        .iter()
        .map(|t| format!("<si><t>{}</t></si>", xml_escape(t)))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
         count=\"{n}\" uniqueCount=\"{n}\">{items}</sst>",
        n = texts.len()
    )
}

#[test]
fn names_left_in_the_shared_string_table_block() {
    let base = clean_counts_xlsx();
    let mut p = Package::open(&base);
    // The clean workbook's own strings, then the leftovers at the end.
    let own = p.text("xl/sharedStrings.xml");
    let tail = LEFT_BEHIND
        .iter()
        .map(|t| format!("<si><t>{}</t></si>", xml_escape(t)))
        .collect::<String>();
    p.put(
        "xl/sharedStrings.xml",
        own.replace("</sst>", &format!("{tail}</sst>")),
    );
    let r = scan_bytes("counts.xlsx", &p.to_bytes(), &[]);
    let f = r.expect_severity("person_name", "block");
    assert!(
        f.iter().any(|f| f["message"]
            .as_str()
            .unwrap_or("")
            .contains("unused shared strings")),
        "{}",
        r.describe()
    );
    // Ordinary leftovers (a deleted note) are not people.
    let mut p = Package::open(&base);
    let own = p.text("xl/sharedStrings.xml");
    p.put(
        "xl/sharedStrings.xml",
        own.replace(
            "</sst>",
            "<si><t>Figures checked</t></si><si><t>Draft v2</t></si></sst>",
        ),
    );
    let r = scan_bytes("counts.xlsx", &p.to_bytes(), &[]);
    assert_ne!(r.verdict(), "block", "{}", r.describe());
    r.assert_absent_above_info("person_name");
}

#[test]
fn a_shared_string_table_nothing_reaches_is_scanned() {
    // A second string table, in the package but reached by no relationship.
    let mut p = Package::open(&clean_counts_xlsx());
    p.put("xl/sharedStrings2.xml", strings_xml(&LEFT_BEHIND));
    p.override_type(
        "/xl/sharedStrings2.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
    );
    let r = scan_bytes("orphan.xlsx", &p.to_bytes(), &[]);
    let f = r.expect_severity("person_name", "block");
    assert!(
        f.iter().any(|f| f["message"]
            .as_str()
            .unwrap_or("")
            .contains("unreached part")),
        "{}",
        r.describe()
    );
}
