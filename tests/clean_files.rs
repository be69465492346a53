//! Plain tables with nothing hidden and no personal data must pass (not
//! review); Excel-made reference files must never be errors.

mod support;

use support::fixtures::*;
use support::*;

/// For fixtures that hold visible personal data on purpose (the content
/// detectors rightly block them): no hiding place may be reported above info.
fn assert_nothing_hidden(name: &str, bytes: &[u8]) {
    let r = scan_one(name, bytes);
    assert_ne!(r.verdict(), "error", "{}", r.describe());
    for f in findings(r.file()) {
        let kind = f["kind"].as_str().unwrap_or("");
        if foiguard::finding::Kind::parse(kind).is_some() {
            assert_eq!(
                severity(f),
                "info",
                "{name}: unexpected {kind}\n{}",
                r.describe()
            );
        }
    }
}

fn assert_pass(name: &str, bytes: &[u8]) {
    let r = scan_one(name, bytes);
    assert_eq!(r.verdict(), "pass", "{name} should pass\n{}", r.describe());
    assert_eq!(r.scan.code(), Some(0), "{}", r.describe());
}

#[test]
fn count_table_passes() {
    assert_pass("counts.xlsx", &clean_counts_xlsx());
}

#[test]
fn two_visible_sheets_pass() {
    assert_pass("two_sheets.xlsx", &clean_two_sheets_xlsx());
}

#[test]
fn organisational_properties_pass() {
    assert_pass("org_props.xlsx", &organisational_properties_xlsx());
}

#[test]
fn coloured_readable_text_passes() {
    assert_pass("coloured.xlsx", &visible_coloured_text_xlsx());
}

#[test]
fn workbook_with_default_properties_passes() {
    // No set_properties at all: rust_xlsxwriter writes an empty creator.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    write_rank_counts(ws, &small_counts()).expect("table");
    assert_pass("defaults.xlsx", &wb.save_to_buffer().expect("save"));
}

#[test]
fn empty_hidden_rows_and_columns_pass() {
    assert_pass("empty_hidden_row.xlsx", &hidden_rows_xlsx(false));
    assert_pass("empty_hidden_col.xlsx", &hidden_columns_xlsx(false));
}

#[test]
fn autofilter_without_hidden_rows_reports_no_hiding_place() {
    // The fixture's visible rows name officers ("PC 1234 ..."), which the
    // content detectors block; the filter itself hides nothing.
    assert_nothing_hidden("filter_off.xlsx", &filtered_rows_xlsx(false));
}

#[test]
fn builtin_print_area_passes() {
    assert_pass(
        "print_area.xlsx",
        &defined_name_xlsx(Name::BuiltinAndVisible),
    );
}

#[test]
fn count_table_csv_passes() {
    assert_pass("counts.csv", &clean_counts_csv());
}

#[test]
fn signed_numbers_csv_passes() {
    assert_pass("signed.csv", &plain_csv());
}

#[test]
fn utf8_bom_csv_passes() {
    let mut b = vec![0xEF, 0xBB, 0xBF];
    b.extend(clean_counts_csv());
    assert_pass("bom.csv", &b);
}

#[test]
fn utf16_csv_passes() {
    let text = String::from_utf8(clean_counts_csv()).expect("utf-8");
    let mut b = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        b.extend_from_slice(&u.to_le_bytes());
    }
    assert_pass("utf16.csv", &b);
}

#[test]
fn windows_1252_csv_passes() {
    let mut b = b"Station,Officers\r\n".to_vec();
    b.extend_from_slice(b"Caf\xe9 Quarter,12\r\n");
    b.extend_from_slice(b"Ch\xe2teau Road,7\r\n");
    assert_pass("cp1252.csv", &b);
}

#[test]
fn tsv_passes() {
    assert_pass(
        "counts.tsv",
        b"Rank\tOfficers\r\nConstable\t124\r\nSergeant\t40\r\n",
    );
}

#[test]
fn plain_xls_reports_no_hiding_place() {
    // The minimal xls holds a small visible staff table (names and service
    // numbers), which the content detectors block; nothing in it is hidden.
    assert_nothing_hidden("counts.xls", &minimal_xls(XlsOptions::default()));
}

#[test]
fn plain_ods_passes() {
    assert_pass("counts.ods", &minimal_ods(OdsOptions::default()));
}

/// Every Excel-made reference file from rust_xlsxwriter's test suite is a
/// valid workbook: none may end as `error`.
#[test]
fn rust_xlsxwriter_corpus_files_are_never_errors() {
    let Some(corpus) = corpus_dir() else {
        println!("skipped: ../shared/corpus/real is absent");
        return;
    };
    let dir = corpus.join("rust_xlsxwriter");
    if !dir.is_dir() {
        println!("skipped: {} is absent", dir.display());
        return;
    }
    let files: Vec<_> = files_under(&dir)
        .into_iter()
        .filter(|p| {
            let e = p
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_lowercase();
            matches!(e.as_str(), "xlsx" | "xlsm" | "xltx" | "xltm")
        })
        .collect();
    let s = scan_paths(&[&dir], &[]);
    let mut bad = Vec::new();
    for p in &files {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let f = s.file(name);
        if verdict(f) == "error" {
            bad.push(format!("{name}: {}", f["error"].as_str().unwrap_or("?")));
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} valid workbooks came out as error:\n{}",
        bad.len(),
        files.len(),
        bad.join("\n")
    );
}

#[test]
fn a_table_of_police_dogs_is_not_people() {
    // Breeds ("German Shepherd") may read as names, for review; the dogs
    // are no table of people.
    let r = scan_one(
        "dogs.csv",
        b"Dog name,Breed,Role,Age,Retired\n\
          Bruno,German Shepherd,Drugs search,2,No\n\
          Max,Belgian Malinois,Explosives search,9,No\n\
          Rex,German Shepherd,Drugs search,9,Yes\n\
          Murphy,Springer Spaniel,General purpose,3,Yes\n\
          Finn,Labrador,General purpose,2,No\n\
          Bella,Springer Spaniel,Victim recovery,5,No\n",
    );
    assert_ne!(r.verdict(), "block", "{}", r.describe());
    r.assert_absent("personnel_records");
}

#[test]
fn a_league_table_of_baby_names_is_not_a_table_of_people() {
    // "Rank" here is a position, 1 to 10, not a police rank.
    let r = scan_one(
        "names.csv",
        b"Rank,First name,Births registered 2023\n1,Grace,201\n2,Fiadh,180\n3,Aoife,160\n\
          4,Emily,150\n5,Sophie,141\n6,Olivia,133\n7,Ella,120\n8,Amelia,118\n9,Lily,102\n\
          10,Evie,99\n",
    );
    // A table of how common names are: for review at most, never a block.
    assert_ne!(r.verdict(), "block", "{}", r.describe());
    for f in with_kind(r.file(), "personnel_records") {
        assert_eq!(severity(f), "review", "{}", r.describe());
    }
    let r = scan_one(
        "surnames.csv",
        b"Surname,Number of recruits 2023
Smith,12
Murphy,9
Kelly,8
Wilson,7
Campbell,6
          Thompson,6
",
    );
    assert_ne!(r.verdict(), "block", "{}", r.describe());
    // A staff list with one name column and a number per person still blocks.
    let r = scan_one(
        "staff.csv",
        b"Surname,Payroll number
Quarrendon,825729
Brackley,825730
Henswick,825731
          Drumgoole,825732
Vellacott,825733
",
    );
    assert_eq!(r.verdict(), "block", "{}", r.describe());
}

#[test]
fn on_call_posts_for_areas_are_not_names() {
    assert_pass(
        "oncall.csv",
        b"On-call role,Call-outs 2023\nDuty Inspector North,252\nDuty Inspector South,191\n\
          Silver Commander,181\nTactical Firearms Commander,187\n",
    );
}
