//! Files that cannot be inspected end as verdict `error` with a one-line
//! reason (exit 2, never `pass`); a file whose name lies about its format is
//! judged by its bytes.

mod support;

use support::fixtures::*;
use support::*;

/// Scan one bad file in JSON and in text; assert error, exit 2, a one-line
/// reason, and the file named on stderr. Returns the reason.
fn assert_error(name: &str, bytes: &[u8]) -> String {
    let r = scan_one(name, bytes);
    assert_eq!(
        r.verdict(),
        "error",
        "{name} should be an error\n{}",
        r.describe()
    );
    assert_eq!(r.scan.code(), Some(2), "{}", r.describe());
    let reason = r.file()["error"].as_str().unwrap_or("").to_string();
    assert!(
        !reason.trim().is_empty(),
        "no reason given\n{}",
        r.describe()
    );
    assert!(
        !reason.contains('\n'),
        "reason must be one line: {reason:?}"
    );
    assert!(
        r.scan.run.stderr.contains(name),
        "stderr should name the file {name}\n{}",
        r.describe()
    );
    // The text report says the same, also with exit 2.
    let p = r.path.clone();
    let t = run([std::ffi::OsStr::new("scan"), p.as_os_str()]);
    assert_eq!(t.code, Some(2), "text report exit\n{}", t.describe());
    assert!(
        t.stdout.contains(name) || t.stderr.contains(name),
        "text report should name {name}\n{}",
        t.describe()
    );
    reason
}

#[test]
fn encrypted_ooxml_is_an_error_saying_encrypted() {
    let reason = assert_error("protected.xlsx", &encrypted_ooxml());
    assert!(reason.to_lowercase().contains("encrypted"), "{reason}");
}

#[test]
fn encrypted_ooxml_named_xls_is_still_encrypted() {
    let reason = assert_error("protected.xls", &encrypted_ooxml());
    assert!(reason.to_lowercase().contains("encrypted"), "{reason}");
}

#[test]
fn password_protected_xls_is_an_error_saying_encrypted() {
    let bytes = minimal_xls(XlsOptions {
        encrypted: true,
        ..Default::default()
    });
    let reason = assert_error("protected_legacy.xls", &bytes);
    assert!(reason.to_lowercase().contains("encrypted"), "{reason}");
}

#[test]
fn encrypted_ods_is_an_error_saying_encrypted() {
    let bytes = minimal_ods(OdsOptions {
        encrypted: true,
        ..Default::default()
    });
    let reason = assert_error("protected.ods", &bytes);
    assert!(reason.to_lowercase().contains("encrypted"), "{reason}");
}

#[test]
fn truncated_xlsx_is_an_error() {
    let full = hidden_sheet_xlsx(false);
    assert_error("cut_short.xlsx", &truncated(&full, full.len() / 2));
}

#[test]
fn xlsx_cut_inside_the_central_directory_is_an_error() {
    let full = clean_counts_xlsx();
    assert_error("cut_end.xlsx", &truncated(&full, full.len() - 10));
}

#[test]
fn sheet_xml_ending_mid_element_is_an_error() {
    assert_error("truncated_part.xlsx", &truncated_part_xlsx());
}

#[test]
fn xml_with_a_dtd_is_an_error() {
    assert_error("dtd.xlsx", &dtd_xlsx());
}

#[test]
fn zip_bomb_shaped_part_is_an_error() {
    // 20 MiB of whitespace inflating ~1000-fold: over the default ratio limit.
    let reason = assert_error("bomb.xlsx", &high_ratio_xlsx(20));
    assert!(!reason.is_empty());
}

#[test]
fn zip_entry_marked_encrypted_is_an_encrypted_error() {
    let bytes = zip_flag_encrypted(&clean_counts_xlsx(), "xl/worksheets/sheet1.xml");
    let reason = assert_error("entry_encrypted.xlsx", &bytes);
    assert!(reason.to_lowercase().contains("encrypted"), "{reason}");
}

#[test]
fn duplicate_zip_entry_names_are_an_error() {
    assert_error("duplicate.xlsx", &duplicate_entry_xlsx());
}

#[test]
fn random_bytes_named_xlsx_are_an_error() {
    assert_error("noise.xlsx", &random_bytes(4096, 42));
}

#[test]
fn empty_file_is_an_error_that_says_empty() {
    for name in ["empty.xlsx", "empty.csv"] {
        let reason = assert_error(name, &[]);
        assert!(reason.contains("empty file (0 bytes)"), "{name}: {reason}");
    }
}

#[test]
fn zip_that_is_not_a_workbook_is_an_error() {
    assert_error("archive.xlsx", &not_a_workbook_zip());
}

#[test]
fn cfb_without_a_workbook_stream_is_an_error() {
    // A compound file that is neither xls nor encrypted OOXML (say, a Word
    // 97 document renamed).
    let mut c = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).expect("cfb");
    {
        use std::io::Write;
        let mut s = c.create_stream("/WordDocument").expect("stream");
        s.write_all(&[0u8; 512]).expect("write");
    }
    c.flush().expect("flush");
    assert_error("renamed.xls", &c.into_inner().into_inner());
}

#[test]
fn xlsx_that_is_really_csv_is_judged_as_csv() {
    let r = scan_one("really_csv.xlsx", &clean_counts_csv());
    assert_eq!(r.file()["format"], "csv", "{}", r.describe());
    assert_eq!(r.verdict(), "pass", "{}", r.describe());
    assert_eq!(r.scan.code(), Some(0), "{}", r.describe());
}

#[test]
fn xlsx_that_is_really_csv_still_gets_csv_findings() {
    let r = scan_one("formula_really_csv.xlsx", &formula_like_csv());
    assert_eq!(r.file()["format"], "csv", "{}", r.describe());
    r.expect_severity("formula_like_csv_cell", "review");
}

#[test]
fn xls_named_xlsx_is_read_as_xls() {
    let bytes = minimal_xls(XlsOptions {
        hidden_sheet: true,
        ..Default::default()
    });
    let r = scan_one("misnamed.xlsx", &bytes);
    assert_eq!(r.file()["format"], "xls", "{}", r.describe());
    r.expect_severity("hidden_sheet", "block");
}

#[test]
fn bad_file_never_passes_beside_good_ones() {
    let dir = write_dir(&[
        ("good.xlsx", clean_counts_xlsx()),
        ("bad.xlsx", truncated(&clean_counts_xlsx(), 300)),
        ("locked.xlsx", encrypted_ooxml()),
    ]);
    let s = scan_paths(&[dir.path()], &[]);
    assert_eq!(s.code(), Some(2), "{}", s.run.describe());
    assert_eq!(verdict(s.file("good.xlsx")), "pass", "{}", s.run.describe());
    assert_eq!(verdict(s.file("bad.xlsx")), "error", "{}", s.run.describe());
    assert_eq!(
        verdict(s.file("locked.xlsx")),
        "error",
        "{}",
        s.run.describe()
    );
    assert!(s.run.stderr.contains("bad.xlsx"), "{}", s.run.describe());
    assert!(s.run.stderr.contains("locked.xlsx"), "{}", s.run.describe());
}

#[test]
fn excel_2003_xml_and_html_saved_as_xls_are_errors_not_csv() {
    // Excel opens both as workbooks, hidden sheets and all; read as CSV
    // they passed with "3 cells" while a hidden sheet held the staff list.
    let spreadsheetml = b"<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n\
<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" \
xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\n\
<Worksheet ss:Name=\"Staff\"><Table><Row><Cell><Data ss:Type=\"String\">Quarrendon</Data></Cell></Row></Table>\
<WorksheetOptions xmlns=\"urn:schemas-microsoft-com:office:excel\"><Visible>SheetHidden</Visible></WorksheetOptions></Worksheet>\n\
</Workbook>\n";
    let reason = assert_error("staff.xls", spreadsheetml);
    assert!(reason.contains("Excel 2003 XML"), "{reason}");
    let html =
        b"\xEF\xBB\xBF  <html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><body><table>\
<tr><td>Quarrendon</td><td>825729</td></tr></table></body></html>";
    let reason = assert_error("export.xls", html);
    assert!(reason.contains("HTML"), "{reason}");
}

#[test]
fn text_pdf_rtf_and_word_files_are_errors_not_csv() {
    // Text that would parse as one column of lines: a PDF written without
    // compression, an RTF letter, a Word file that is really text. foiguard
    // cannot inspect these formats, so none of them may pass.
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
    assert!(assert_error("return.pdf", pdf).contains("PDF"));
    // The bytes decide, whatever the name says.
    assert!(assert_error("return.csv", pdf).contains("PDF"));
    let rtf = b"{\\rtf1\\ansi Dear Sir, the figures you asked for follow.}\n";
    assert!(assert_error("letter.rtf", rtf).contains("RTF"));
    let reason = assert_error("minutes.docx", b"Minutes of the meeting\nItem 1\n");
    assert!(reason.contains(".docx"), "{reason}");
}

#[test]
fn text_named_txt_is_still_read_as_csv() {
    // A .txt export is how many systems save a table: it is read, not refused.
    let r = scan_one("ranks.txt", b"Rank,Count\nConstable,120\nSergeant,31\n");
    assert_eq!(r.verdict(), "pass", "{}", r.describe());
}

#[test]
fn workbook_with_no_readable_sheet_is_an_error() {
    // An xlsb package whose workbook part is a garbage record stream (rt30
    // F4): nothing was inspected, so it must not pass.
    use std::io::Write;
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let ct = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>"#;
    let root = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.bin"/></Relationships>"#
    );
    let mut garbage = vec![0x83, 0x01, 0x00];
    for u in "PC Declan Hendry".encode_utf16() {
        garbage.extend_from_slice(&u.to_le_bytes());
    }
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (n, d) in [
        ("[Content_Types].xml", ct.as_bytes()),
        ("_rels/.rels", root.as_bytes()),
        ("xl/workbook.bin", garbage.as_slice()),
    ] {
        z.start_file(n, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(d).unwrap();
    }
    let bytes = z.finish().unwrap().into_inner();
    let reason = assert_error("garbage.xlsb", &bytes);
    assert!(reason.contains("no sheet"), "{reason}");
}
