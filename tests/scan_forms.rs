//! Key-value forms: a label in the cell to the left is the value's
//! context, as a column header is ("Date of birth" | 14/03/1941).

mod support;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use support::scan_one;

fn form(rows: &[(&str, &str)], dob: Option<(&str, (u16, u8, u8))>) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Referral").unwrap();
    ws.write(0, 0, "Adult social care assessment").unwrap();
    let mut r = 2;
    for (label, value) in rows {
        ws.write(r, 0, *label).unwrap();
        ws.write(r, 1, *value).unwrap();
        r += 1;
    }
    if let Some((label, (y, m, d))) = dob {
        let date = ExcelDateTime::from_ymd(y, m, d).unwrap();
        let f = Format::new().set_num_format("dd/mm/yyyy");
        ws.write(r, 0, label).unwrap();
        ws.write_datetime_with_format(r, 1, &date, &f).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_one_person_form_blocks_on_what_its_labels_say() {
    let bytes = form(
        &[
            ("Name:", "Perpetua Vandersloot"),
            ("NHS no.", "400 037 0413"),
            ("Address:", "27 Tates Avenue, Lisburn"),
            ("Reason", "Falls at home"),
        ],
        Some(("Date of birth", (1941, 3, 14))),
    );
    let r = scan_one("assessment.xlsx", &bytes);
    r.expect_severity("nhs_number", "block");
    r.expect_severity("date_of_birth", "block");
    r.expect_severity("person_name", "block");
}

#[test]
fn labels_of_counts_and_labels_inside_a_table_give_no_context() {
    // A count table by rank, and a measure about dates of birth.
    let bytes = form(
        &[
            ("Constable", "312"),
            ("Sergeant", "41"),
            ("Date of birth recorded", "95%"),
            ("Name of scheme", "Safer Streets"),
        ],
        None,
    );
    let r = scan_one("counts.xlsx", &bytes);
    assert_ne!(r.verdict(), "block", "{}", r.describe());
    // A label-like text deep in a row of a log is its data, not a label.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Booking", "Charge 1", "Level", "Bail", "Charge 2", "Code"]
        .iter()
        .enumerate()
    {
        ws.write(0, c as u16, *h).unwrap();
    }
    for i in 0..5u32 {
        let row = [
            format!("B{}", 7_700 + i),
            "459PC".to_string(),
            "F".to_string(),
            "50000".to_string(),
            "FELONY WARRANT".to_string(),
            "11377HS".to_string(),
        ];
        for (c, v) in row.iter().enumerate() {
            ws.write(i + 1, c as u16, v.as_str()).unwrap();
        }
    }
    let r = scan_one("bookings.xlsx", &wb.save_to_buffer().unwrap());
    r.assert_absent_above_info("warrant_number");
}

#[test]
fn a_header_row_starting_with_a_short_header_word_is_no_form() {
    // "MRN | Patient Name | Specialty": "Specialty" is a header, not the
    // patient's name. A redacted copy of such a list must scan clean.
    let data = b"MRN,Patient Name,Specialty,Weeks Waiting\n\
        [REDACTED s40(2)],[REDACTED s40(2)],Trauma & Orthopaedics,74\n\
        [REDACTED s40(2)],[REDACTED s40(2)],Ophthalmology,68\n";
    let r = scan_one("waiting.clean.csv", data);
    assert_eq!(r.verdict(), "pass", "{}", r.describe());
}
