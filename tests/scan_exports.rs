//! Identifiers as NHS, council and HR systems export them: joined-up
//! column names from databases ("DateOfBirth"), SAP's "Pers.No.", a
//! hospital's own patient numbers ("Hosp Num", "MRN" in free text), a
//! doctor's GMC number, Welsh headers. And the pseudonyms published reviews
//! use ("Patient A", "Adult C"), which name nobody.

mod support;

use support::*;

/// A CSV of `rows` rows under `header`, each row from `row(i)`.
fn csv(header: &str, rows: usize, row: impl Fn(usize) -> String) -> Vec<u8> {
    let mut out = format!("{header}\n");
    for i in 0..rows {
        out.push_str(&row(i));
        out.push('\n');
    }
    out.into_bytes()
}

#[test]
fn a_joined_up_date_of_birth_column_blocks() {
    let data = csv("ClientRef,DateOfBirth,Ethnicity,SupportReason", 20, |i| {
        format!(
            "C{:05},{:02}/{:02}/19{} 00:00:00,White British,Mental health",
            i * 7 + 11,
            i % 28 + 1,
            i % 12 + 1,
            50 + i
        )
    });
    let r = scan_one("clients.csv", &data);
    r.expect_severity("date_of_birth", "block");
}

#[test]
fn hospital_numbers_by_header_and_in_text_block() {
    let list = csv("Hosp Num,Specialty,Weeks waiting", 30, |i| {
        format!("K{},Orthopaedics,{}", 274_800 + i * 13, i % 52)
    });
    let r = scan_one("waiting.csv", &list);
    r.expect_severity("person_reference", "block");
    let notes = csv("Incident,Description", 6, |i| {
        format!("INC{i},Patient (MRN K27{i}872) found on floor beside bed")
    });
    let r = scan_one("incidents.csv", &notes);
    r.expect_severity("person_reference", "block");
}

#[test]
fn gmc_numbers_block() {
    let rota = csv("GMC Ref,Grade,Shift", 12, |i| {
        format!("{},ST3,Night", 7_012_345 + i * 97)
    });
    scan_one("rota.csv", &rota).expect_severity("person_reference", "block");
    let spend = csv("Supplier,Description,Amount", 3, |i| {
        format!(
            "Agency Ltd,Locum consultant GMC {} week {i},4200",
            7_012_345 + i
        )
    });
    scan_one("spend.csv", &spend).expect_severity("person_reference", "block");
}

#[test]
fn a_sap_personnel_number_table_blocks() {
    let data = csv("Pers.No.,Position,Org Unit,Pay Grade,Salary", 40, |i| {
        format!(
            "{},Analyst,Finance,PS{},{}",
            10_045_000 + i * 17,
            i % 5 + 3,
            28_000 + i * 150
        )
    });
    let r = scan_one("sap.csv", &data);
    r.expect_severity("personnel_records", "block");
}

#[test]
fn welsh_nhs_number_and_birth_date_headers_block() {
    // Valid NHS numbers (mod 11) under "Rhif GIG", dates under "Dyddiad geni".
    let data =
        b"Rhif GIG,Dyddiad geni,Clinig\n943 476 5919,14/03/1941,Cof\n401 023 2137,02/11/1955,Cof\n";
    let r = scan_one("cleifion.csv", data);
    r.expect_severity("nhs_number", "block");
    r.expect_severity("date_of_birth", "block");
}

#[test]
fn pseudonyms_of_published_reviews_name_nobody() {
    let mortality = csv("Patient,Age band,Score,Avoidable", 10, |i| {
        format!(
            "Patient {},70-79,{},No",
            (b'A' + i as u8) as char,
            i % 3 + 1
        )
    });
    let r = scan_one("mortality.csv", &mortality);
    assert_ne!(r.verdict(), "block", "{}", r.describe());
    r.assert_absent_above_info("person_name");
    let reviews = csv("Review,Service user,Published,Key theme", 5, |i| {
        format!(
            "SAR 202{i},Adult {},202{i}-06-01,Self-neglect",
            (b'A' + i as u8) as char
        )
    });
    let r = scan_one("sars.csv", &reviews);
    assert_ne!(r.verdict(), "block", "{}", r.describe());
}
