//! Formulas that reach hidden data through a defined name
//! (`=VLOOKUP(A2,StaffList,2,FALSE)` where `StaffList` is `Staff!$A$1:$B$10`
//! on a hidden sheet): `scan` reports `formula_to_hidden` (the aggregate
//! variant for a total), and `redact` masks the copied value but keeps a
//! total's number.

mod support;

use std::io::Cursor;

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use foiguard::policy::Policy;
use foiguard::redact::{Destination, Options, Redactor, Status};
use rust_xlsxwriter::{Formula, Workbook, XlsxError};
use support::fixtures::xlsx;
use support::*;

/// Where the names used on "Summary" point.
#[derive(Clone, Copy, PartialEq)]
enum Target {
    /// A hidden sheet "Staff".
    HiddenSheet,
    /// A visible sheet "Lists".
    VisibleSheet,
    /// Hidden rows of "Summary" itself.
    HiddenRows,
    /// The workbook name points at the hidden sheet, but "Summary" has a
    /// sheet-scoped name of the same name pointing at a visible sheet.
    Shadowed,
}

/// "Summary": B2 looks up a value through `StaffList`; with `total`, B3
/// sums a column through `Overtime`.
fn named_xlsx(target: Target, total: bool) -> Vec<u8> {
    xlsx(|wb: &mut Workbook| -> Result<(), XlsxError> {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        ws.write(0, 0, "Item")?;
        ws.write(0, 1, "Value")?;
        ws.write(1, 0, "K17")?;
        ws.write_formula(
            1,
            1,
            Formula::new("=VLOOKUP(A2,StaffList,2,FALSE)").set_result("Zebra-7"),
        )?;
        if total {
            ws.write(2, 0, "Overtime hours")?;
            ws.write_formula(2, 1, Formula::new("=SUM(Overtime)").set_result("42"))?;
        }
        if target == Target::HiddenRows {
            for r in 20..25u32 {
                ws.write(r, 0, format!("K{r}"))?;
                ws.write(r, 1, format!("Value {r}"))?;
                ws.write(r, 2, r as f64)?;
                ws.set_row_hidden(r)?;
            }
        }
        let (sheet, hidden) = match target {
            Target::HiddenSheet | Target::Shadowed => ("Staff", true),
            Target::VisibleSheet => ("Lists", false),
            Target::HiddenRows => ("Summary", false),
        };
        if target != Target::HiddenRows {
            let ws = wb.add_worksheet();
            ws.set_name(sheet)?;
            ws.write(0, 0, "Code")?;
            ws.write(0, 1, "Value")?;
            ws.write(0, 2, "Hours")?;
            ws.write(1, 0, "K17")?;
            ws.write(1, 1, "Zebra-7")?;
            ws.write(1, 2, 42)?;
            ws.set_hidden(hidden);
        }
        if target == Target::Shadowed {
            let ws = wb.add_worksheet();
            ws.set_name("Lists")?;
            ws.write(0, 0, "Code")?;
            ws.write(1, 0, "K17")?;
            ws.write(1, 1, "Zebra-7")?;
            ws.write(1, 2, 42)?;
            wb.define_name("Summary!StaffList", "=Lists!$A$1:$B$10")?;
            wb.define_name("Summary!Overtime", "=Lists!$C$2:$C$10")?;
        }
        let (a, b) = if target == Target::HiddenRows {
            ("$A$21:$B$25", "$C$21:$C$25")
        } else {
            ("$A$1:$B$10", "$C$2:$C$10")
        };
        wb.define_name("StaffList", &format!("={sheet}!{a}"))?;
        wb.define_name("Overtime", &format!("={sheet}!{b}"))?;
        Ok(())
    })
}

fn formula_findings(r: &One) -> Vec<String> {
    with_kind(r.file(), "formula_to_hidden")
        .iter()
        .map(|f| f["message"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn a_lookup_through_a_name_into_a_hidden_sheet_is_reported() {
    let r = scan_one("named.xlsx", &named_xlsx(Target::HiddenSheet, false));
    let f = r.expect_severity("formula_to_hidden", "block");
    assert!(any_on_sheet(&f, "Summary"), "{}", r.describe());
    assert!(any_at_cell(&f, "B2"), "{}", r.describe());
    let messages = formula_findings(&r);
    assert!(
        messages
            .iter()
            .any(|m| m.contains("copy values from") && m.contains("StaffList")),
        "{messages:?}"
    );
}

#[test]
fn a_lookup_through_a_name_into_hidden_rows_is_reported() {
    let r = scan_one("named_rows.xlsx", &named_xlsx(Target::HiddenRows, false));
    let messages = formula_findings(&r);
    assert!(
        messages
            .iter()
            .any(|m| m.contains("hidden rows on 'Summary'") && m.contains("StaffList")),
        "{}",
        r.describe()
    );
}

#[test]
fn a_lookup_through_a_name_into_a_visible_range_is_not_reported() {
    let r = scan_one(
        "named_visible.xlsx",
        &named_xlsx(Target::VisibleSheet, true),
    );
    r.assert_absent("formula_to_hidden");
}

#[test]
fn a_sheet_scoped_name_shadows_the_workbook_name() {
    let r = scan_one("named_shadow.xlsx", &named_xlsx(Target::Shadowed, true));
    r.assert_absent("formula_to_hidden");
}

#[test]
fn a_total_through_a_name_into_a_hidden_sheet_is_the_aggregate_variant() {
    let r = scan_one("named_total.xlsx", &named_xlsx(Target::HiddenSheet, true));
    let messages = formula_findings(&r);
    assert!(
        messages
            .iter()
            .any(|m| m.contains("total up") && m.contains("Overtime")),
        "{}",
        r.describe()
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("copy values from") && m.contains("StaffList")),
        "{}",
        r.describe()
    );
}

#[test]
fn redact_masks_a_value_looked_up_through_a_name_and_keeps_the_total() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("named.xlsx");
    std::fs::write(&input, named_xlsx(Target::HiddenSheet, true)).unwrap();
    let redactor = Redactor::new(Policy::default(), Options::default()).unwrap();
    let outcome = redactor.redact_file(&input, &Destination::Dir(dir.path().join("out")));
    assert_eq!(outcome.status, Status::Clean, "{:#?}", outcome.entries);
    let copy = std::fs::read(&outcome.outputs[0]).unwrap();
    let mut wb = open_workbook_auto_from_rs(Cursor::new(copy)).unwrap();
    let names = wb.sheet_names().to_vec();
    assert_eq!(names, ["Summary"]);
    let range = wb.worksheet_range("Summary").unwrap();
    let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(1, 0), Data::String("K17".into()));
    match cell(1, 1) {
        Data::String(s) => assert!(!s.contains("Zebra") && s.contains("REDACTED"), "{s}"),
        other => panic!("the looked-up value should be masked text, got {other:?}"),
    }
    assert_eq!(cell(2, 1), Data::Float(42.0), "the total's number is kept");
    assert!(
        outcome
            .entries
            .iter()
            .any(|e| e.kind == "formula_to_hidden" && e.action == "masked formula result"),
        "{:#?}",
        outcome.entries
    );
}

/// An ods: "Summary" looks a value up through the named range `StaffList`,
/// which points at the hidden table "Staff" (or, with `hidden` false, at a
/// visible one).
fn named_ods(hidden: bool) -> Vec<u8> {
    let display = if hidden { "false" } else { "true" };
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.3"><office:automatic-styles><style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style><style:style style:name="ta2" style:family="table"><style:table-properties table:display="{display}"/></style:style></office:automatic-styles><office:body><office:spreadsheet><table:table table:name="Summary" table:style-name="ta1"><table:table-row><table:table-cell office:value-type="string"><text:p>Item</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Value</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>K17</text:p></table:table-cell><table:table-cell table:formula="of:=VLOOKUP([.A2];StaffList;2;0)" office:value-type="string" office:string-value="Zebra-7"><text:p>Zebra-7</text:p></table:table-cell></table:table-row></table:table><table:table table:name="Staff" table:style-name="ta2"><table:table-row><table:table-cell office:value-type="string"><text:p>K17</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Zebra-7</text:p></table:table-cell></table:table-row></table:table><table:named-expressions><table:named-range table:name="StaffList" table:base-cell-address="$Summary.$A$1" table:cell-range-address="$Staff.$A$1:.$B$10"/></table:named-expressions></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    support::fixtures::zip_entries([
        (
            "mimetype",
            &b"application/vnd.oasis.opendocument.spreadsheet"[..],
        ),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

#[test]
fn an_ods_lookup_through_a_named_range_into_a_hidden_table_is_reported() {
    let r = scan_one("named.ods", &named_ods(true));
    let messages = formula_findings(&r);
    assert!(
        messages
            .iter()
            .any(|m| m.contains("copy values from") && m.contains("StaffList")),
        "{}",
        r.describe()
    );
    let visible = scan_one("named_visible.ods", &named_ods(false));
    assert!(
        formula_findings(&visible).is_empty(),
        "{}",
        visible.describe()
    );
}

/// A counts workbook whose `xl/workbook.xml` gets `names` as its defined names.
fn with_names(names: &str) -> Vec<u8> {
    let mut p = support::fixtures::Package::open(&support::fixtures::clean_counts_xlsx());
    let wb = p.text("xl/workbook.xml");
    let wb = match wb.find("<definedNames>") {
        Some(_) => wb.replace("<definedNames>", &format!("<definedNames>{names}")),
        None => wb.replace(
            "</sheets>",
            &format!("</sheets><definedNames>{names}</definedNames>"),
        ),
    };
    p.put("xl/workbook.xml", wb);
    p.to_bytes()
}

#[test]
fn names_kept_in_a_hidden_name_block_and_in_a_listed_one_are_for_review() {
    // A hidden name holding a lookup array of people: data no one is shown.
    let array = "{&quot;Niamh Gorringe&quot;,&quot;BT9 6AW&quot;;&quot;Mark Gorringe&quot;,&quot;BT7 1NN&quot;}";
    let r = scan_one(
        "hidden.xlsx",
        &with_names(&format!(
            r#"<definedName name="_lookup" hidden="1">{array}</definedName>"#
        )),
    );
    r.expect_severity("person_name", "block");
    r.expect_severity("postcode", "block");
    // The same array in a name Name Manager lists: text outside the grid, review.
    let r = scan_one(
        "listed.xlsx",
        &with_names(&format!(
            r#"<definedName name="Lookup">{array}</definedName>"#
        )),
    );
    r.expect_severity("person_name", "review");
}

#[test]
fn a_defined_name_made_of_a_persons_names_is_for_review() {
    let with = |names: &[&str]| {
        xlsx(|wb: &mut Workbook| -> Result<(), XlsxError> {
            let ws = wb.add_worksheet();
            ws.set_name("Absence")?;
            ws.write(0, 0, "Days")?;
            ws.write(1, 0, 3)?;
            for n in names {
                wb.define_name(*n, "=Absence!$A$2")?;
            }
            Ok(())
        })
    };
    // Surname first, as HR files name a range after a person.
    let r = scan_one("absence.xlsx", &with(&["Kowalski_Tomasz"]));
    r.expect_severity("person_name", "review");
    // Months, everyday words and places are no people.
    let r = scan_one(
        "crime.xlsx",
        &with(&["Mark_Up", "May_Data", "June_Total", "Victoria_Station"]),
    );
    r.assert_absent_above_info("person_name");
}
