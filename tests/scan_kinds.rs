//! One test per finding kind with a fixture that has it, and one with a
//! fixture that does not. Runs the binary with `--format json`.

mod support;

use support::fixtures::*;
use support::*;

// --- hidden_sheet ----------------------------------------------------------

#[test]
fn hidden_sheet_with_values_is_block() {
    let r = scan_one("hidden_sheet.xlsx", &hidden_sheet_xlsx(false));
    let f = r.expect_severity("hidden_sheet", "block");
    assert!(any_on_sheet(&f, "Staff"), "{}", r.describe());
    let staff: Vec<_> = f.iter().filter(|f| f["sheet"] == "Staff").collect();
    assert!(
        staff
            .iter()
            .all(|f| f["very_hidden"] == false || f["very_hidden"].is_null()),
        "a plain hidden sheet is not very hidden\n{}",
        r.describe()
    );
    assert_eq!(r.verdict(), "block");
}

#[test]
fn very_hidden_sheet_is_block_and_flagged() {
    let r = scan_one("very_hidden.xlsx", &hidden_sheet_xlsx(true));
    let f = r.expect_severity("hidden_sheet", "block");
    assert!(
        f.iter()
            .any(|f| f["sheet"] == "Staff" && f["very_hidden"] == true),
        "expected very_hidden: true on sheet Staff\n{}",
        r.describe()
    );
}

#[test]
fn hidden_chart_sheet_is_review() {
    // A chart sheet holds no cells; its chart plots visible cells.
    let r = scan_one("hidden_chartsheet.xlsx", &hidden_chartsheet_xlsx());
    let f = r.expect_severity("hidden_sheet", "review");
    assert!(any_on_sheet(&f, "Chart1"), "{}", r.describe());
    assert_ne!(r.verdict(), "block", "{}", r.describe());
}

#[test]
fn visible_sheets_raise_no_hidden_sheet() {
    let r = scan_one("two_sheets.xlsx", &clean_two_sheets_xlsx());
    r.assert_absent("hidden_sheet");
}

#[test]
fn empty_hidden_sheet_is_not_block() {
    let r = scan_one("empty_hidden.xlsx", &empty_hidden_sheet_xlsx());
    let f = with_kind(r.file(), "hidden_sheet");
    assert!(
        f.iter().all(|f| severity(f) != "block"),
        "a hidden sheet with no cells holds no values\n{}",
        r.describe()
    );
    assert_ne!(r.verdict(), "block", "{}", r.describe());
}

#[test]
fn xls_hidden_sheet_is_block() {
    let r = scan_one(
        "hidden.xls",
        &minimal_xls(XlsOptions {
            hidden_sheet: true,
            ..Default::default()
        }),
    );
    let f = r.expect_severity("hidden_sheet", "block");
    assert!(any_on_sheet(&f, "Staff"), "{}", r.describe());
}

#[test]
fn xls_without_hidden_sheet_has_none() {
    let r = scan_one("visible.xls", &minimal_xls(XlsOptions::default()));
    r.assert_absent("hidden_sheet");
}

#[test]
fn ods_hidden_table_is_block() {
    let r = scan_one(
        "hidden.ods",
        &minimal_ods(OdsOptions {
            hidden_table: true,
            ..Default::default()
        }),
    );
    let f = r.expect_severity("hidden_sheet", "block");
    assert!(any_on_sheet(&f, "Staff"), "{}", r.describe());
}

#[test]
fn ods_without_hidden_table_has_none() {
    let r = scan_one("visible.ods", &minimal_ods(OdsOptions::default()));
    r.assert_absent("hidden_sheet");
}

// --- hidden_rows -----------------------------------------------------------

#[test]
fn hidden_row_with_content_is_block() {
    let r = scan_one("hidden_row.xlsx", &hidden_rows_xlsx(true));
    let f = r.expect_severity("hidden_rows", "block");
    assert!(any_on_sheet(&f, "Cases"), "{}", r.describe());
}

#[test]
fn empty_hidden_row_raises_nothing() {
    let r = scan_one("empty_hidden_row.xlsx", &hidden_rows_xlsx(false));
    r.assert_absent("hidden_rows");
}

#[test]
fn zero_height_row_without_flag_is_hidden() {
    let r = scan_one("zero_height_row.xlsx", &zero_height_row_xlsx());
    let f = r.expect_severity("hidden_rows", "block");
    assert!(any_on_sheet(&f, "Cases"), "{}", r.describe());
}

#[test]
fn zero_height_sheet_keeps_rows_with_content_visible() {
    // `zeroHeight` hides only rows the XML does not list, which hold no
    // cells: reporting row 6 would be a false alarm.
    let r = scan_one("zero_height_sheet.xlsx", &zero_height_sheet_xlsx());
    r.assert_absent("hidden_rows");
}

#[test]
fn collapsed_rows_are_hidden_rows_in_a_collapsed_group() {
    let r = scan_one("collapsed_rows.xlsx", &collapsed_rows_xlsx());
    let f = r.expect_severity("hidden_rows", "block");
    assert!(
        f.iter().any(|f| f["message"]
            .as_str()
            .is_some_and(|m| m.to_lowercase().contains("collapsed"))),
        "the message should say the rows sit in a collapsed group\n{}",
        r.describe()
    );
}

// --- hidden_columns --------------------------------------------------------

#[test]
fn hidden_column_with_content_is_block() {
    let r = scan_one("hidden_col.xlsx", &hidden_columns_xlsx(true));
    let f = r.expect_severity("hidden_columns", "block");
    assert!(any_on_sheet(&f, "Repairs"), "{}", r.describe());
}

#[test]
fn empty_hidden_column_raises_nothing() {
    let r = scan_one("empty_hidden_col.xlsx", &hidden_columns_xlsx(false));
    r.assert_absent("hidden_columns");
}

#[test]
fn zero_width_column_without_flag_is_hidden() {
    let r = scan_one("zero_width_col.xlsx", &zero_width_column_xlsx());
    let f = r.expect_severity("hidden_columns", "block");
    assert!(any_on_sheet(&f, "Repairs"), "{}", r.describe());
}

#[test]
fn collapsed_columns_are_hidden_columns_in_a_collapsed_group() {
    let r = scan_one("collapsed_cols.xlsx", &collapsed_columns_xlsx());
    let f = r.expect_severity("hidden_columns", "block");
    assert!(
        f.iter().any(|f| f["message"]
            .as_str()
            .is_some_and(|m| m.to_lowercase().contains("collapsed"))),
        "the message should say the columns sit in a collapsed group\n{}",
        r.describe()
    );
}

// --- filtered_rows ---------------------------------------------------------

#[test]
fn rows_hidden_by_an_active_filter_are_block() {
    let r = scan_one("filtered.xlsx", &filtered_rows_xlsx(true));
    let f = r.expect_severity("filtered_rows", "block");
    assert!(any_on_sheet(&f, "Incidents"), "{}", r.describe());
}

#[test]
fn autofilter_hiding_nothing_raises_no_filtered_rows() {
    let r = scan_one("filter_off.xlsx", &filtered_rows_xlsx(false));
    r.assert_absent("filtered_rows");
}

// --- invisible_text --------------------------------------------------------

fn check_invisible(name: &str, how: Invisible) {
    let r = scan_one(name, &invisible_text_xlsx(how));
    let f = r.expect_severity("invisible_text", "block");
    assert!(any_on_sheet(&f, "Summary"), "{}", r.describe());
    assert!(any_at_cell(&f, "D3"), "expected cell D3\n{}", r.describe());
}

#[test]
fn white_text_on_no_fill_is_invisible() {
    check_invisible("white.xlsx", Invisible::WhiteOnNoFill);
}

#[test]
fn text_coloured_like_its_fill_is_invisible() {
    check_invisible("yellow_on_yellow.xlsx", Invisible::SameAsFill);
}

#[test]
fn theme_background_colour_text_is_invisible() {
    check_invisible("theme_white.xlsx", Invisible::ThemeWhite);
}

#[test]
fn empty_number_format_is_invisible() {
    check_invisible("semicolons.xlsx", Invisible::EmptyFormat);
}

#[test]
fn tiny_font_is_invisible() {
    check_invisible("tiny_font.xlsx", Invisible::TinyFont);
}

#[test]
fn a_count_suppressed_only_by_its_format_is_still_there() {
    // "<5" shown over a stored 3: the figure goes out with the file.
    let bytes = xlsx(|wb| {
        let ws = wb.add_worksheet();
        let suppressed = rust_xlsxwriter::Format::new().set_num_format("[<5]\"<5\";0");
        ws.write(0, 0, "Rank")?;
        ws.write(0, 1, "Officers")?;
        ws.write(1, 0, "Constable")?;
        ws.write_number_with_format(1, 1, 812.0, &suppressed)?;
        ws.write(2, 0, "Sergeant")?;
        ws.write_number_with_format(2, 1, 3.0, &suppressed)?;
        Ok(())
    });
    let r = scan_one("suppressed.xlsx", &bytes);
    let f = r.expect_severity("invisible_text", "block");
    assert_eq!(f.len(), 1, "{}", r.describe());
    assert_eq!(f[0]["cell"], "B3", "812 shows as itself: {}", r.describe());
}

#[test]
fn coloured_but_readable_text_is_not_invisible() {
    let r = scan_one("coloured.xlsx", &visible_coloured_text_xlsx());
    r.assert_absent("invisible_text");
}

// --- far_away_data ---------------------------------------------------------

#[test]
fn value_far_from_the_table_is_far_away_data() {
    let r = scan_one("far.xlsx", &far_away_xlsx(true));
    let f = r.expect_severity("far_away_data", "block");
    assert!(any_on_sheet(&f, "Summary"), "{}", r.describe());
    assert!(
        any_at_cell(&f, "AZ5000"),
        "expected cell AZ5000\n{}",
        r.describe()
    );
}

#[test]
fn value_beside_the_table_is_not_far_away() {
    let r = scan_one("near.xlsx", &far_away_xlsx(false));
    r.assert_absent("far_away_data");
}

// --- pivot_cache -----------------------------------------------------------

#[test]
fn pivot_cache_is_block() {
    let r = scan_one("pivot.xlsx", &pivot_cache_xlsx(20));
    r.expect_severity("pivot_cache", "block");
    assert_eq!(r.verdict(), "block");
}

#[test]
fn plain_table_has_no_pivot_cache() {
    let r = scan_one("clean.xlsx", &clean_counts_xlsx());
    r.assert_absent("pivot_cache");
}

// --- data_model ------------------------------------------------------------

#[test]
fn data_model_is_reported() {
    let r = scan_one("model.xlsx", &data_model_xlsx());
    r.expect_at_least_review("data_model");
}

#[test]
fn plain_table_has_no_data_model() {
    let r = scan_one("clean.xlsx", &clean_counts_xlsx());
    r.assert_absent("data_model");
}

// --- data_connection -------------------------------------------------------

#[test]
fn connection_and_query_table_are_reported() {
    let r = scan_one("connection.xlsx", &connection_xlsx());
    r.expect_at_least_review("data_connection");
}

#[test]
fn plain_table_has_no_data_connection() {
    let r = scan_one("clean.xlsx", &clean_counts_xlsx());
    r.assert_absent("data_connection");
}

// --- external_link ---------------------------------------------------------

#[test]
fn external_link_with_cached_values_is_block() {
    let r = scan_one("external.xlsx", &external_link_xlsx());
    r.expect_severity("external_link", "block");
}

#[test]
fn external_link_without_cached_values_is_review() {
    // Nothing copied from the other file: only its path is revealed.
    let r = scan_one(
        "external_empty.xlsx",
        &external_link_xlsx_with(0, "Budget%202024.xlsx"),
    );
    let f = r.expect_severity("external_link", "review");
    assert!(
        f.iter().all(|f| f["count"] == 0),
        "no cached values\n{}",
        r.describe()
    );
    assert_ne!(r.verdict(), "block", "{}", r.describe());
}

#[test]
fn plain_table_has_no_external_link() {
    let r = scan_one("clean.xlsx", &clean_counts_xlsx());
    r.assert_absent("external_link");
}

// --- comment ---------------------------------------------------------------

#[test]
fn note_with_author_is_review() {
    let r = scan_one("comment.xlsx", &comment_xlsx());
    let f = r.expect_severity("comment", "review");
    assert!(any_on_sheet(&f, "Summary"), "{}", r.describe());
    assert!(any_at_cell(&f, "B3"), "expected cell B3\n{}", r.describe());
}

#[test]
fn threaded_comment_is_reported() {
    let r = scan_one("threaded.xlsx", &threaded_comment_xlsx());
    let f = r.expect_at_least_review("comment");
    assert!(any_at_cell(&f, "B2"), "expected cell B2\n{}", r.describe());
}

#[test]
fn ods_annotation_is_a_comment() {
    let r = scan_one(
        "annotated.ods",
        &minimal_ods(OdsOptions {
            annotation: true,
            ..Default::default()
        }),
    );
    let f = r.expect_at_least_review("comment");
    assert!(any_on_sheet(&f, "Summary"), "{}", r.describe());
}

#[test]
fn hundreds_of_notes_on_a_sheet_read_as_one_line() {
    // An officer should see "this sheet has 300 notes", not 300 lines.
    let bytes = xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        write_rank_counts(ws, &small_counts())?;
        for r in 0..300u32 {
            ws.insert_note(
                r + 10,
                3,
                &rust_xlsxwriter::Note::new("Checked.").set_author("Jane Quarrendon"),
            )?;
        }
        Ok(())
    });
    let r = scan_one("many_notes.xlsx", &bytes);
    let f = r.expect_severity("comment", "review");
    assert_eq!(f.len(), 1, "{}", r.describe());
    assert_eq!(f[0]["count"], 300, "{}", r.describe());
    assert_eq!(f[0]["cell"], "D11", "the first note in reading order");
    let msg = f[0]["message"].as_str().unwrap_or_default();
    assert!(
        msg.ends_with(
            "This sheet has 300 of these: D11, D12, D13, D14, D15, D16, D17, D18 and 292 more."
        ),
        "{msg}"
    );
}

#[test]
fn plain_table_has_no_comment() {
    let r = scan_one("clean.xlsx", &clean_counts_xlsx());
    r.assert_absent("comment");
}

// --- document_properties ---------------------------------------------------

#[test]
fn properties_naming_a_person_are_raised_when_they_hold_personal_data() {
    // The manager is "Insp. R Vellacott": a rank before a name is strong
    // evidence of personal data, so the property finding is raised to block.
    let r = scan_one("person_props.xlsx", &person_properties_xlsx());
    r.expect_severity("document_properties", "block");
}

#[test]
fn organisational_properties_are_at_most_info() {
    let r = scan_one("org_props.xlsx", &organisational_properties_xlsx());
    r.assert_absent_above_info("document_properties");
}

#[test]
fn original_folder_path_in_a_user_folder_is_reported() {
    let r = scan_one("abs_path.xlsx", &abs_path_xlsx());
    r.expect_at_least_review("document_properties");
}

// --- custom_xml ------------------------------------------------------------

#[test]
fn custom_xml_part_is_reported() {
    let r = scan_one("custom_xml.xlsx", &custom_xml_xlsx());
    r.expect("custom_xml");
}

#[test]
fn plain_table_has_no_custom_xml() {
    let r = scan_one("clean.xlsx", &clean_counts_xlsx());
    r.assert_absent("custom_xml");
}

// --- embedded_object -------------------------------------------------------

#[test]
fn embedded_workbook_is_block_and_scanned_inside() {
    let inner = hidden_sheet_xlsx(false);
    let r = scan_one("embedding.xlsx", &embedded_workbook_xlsx(&inner));
    r.expect_severity("embedded_object", "block");
    // The inner workbook's hidden sheet is reported, located inside the
    // embedding.
    let hidden = r.expect("hidden_sheet");
    let inside = hidden.iter().any(|f| {
        let in_embedded = f["embedded"].as_array().is_some_and(|a| {
            a.iter()
                .any(|e| e.as_str().is_some_and(|s| s.contains("embeddings/")))
        });
        let in_part = f["part"]
            .as_str()
            .is_some_and(|p| p.contains("embeddings/"));
        f["sheet"] == "Staff" && (in_embedded || in_part)
    });
    assert!(
        inside,
        "the inner hidden sheet should name the embedding in \"embedded\" or \"part\"\n{}",
        r.describe()
    );
    assert_eq!(r.verdict(), "block");
}

#[test]
fn plain_table_has_no_embedded_object() {
    let r = scan_one("clean.xlsx", &clean_counts_xlsx());
    r.assert_absent("embedded_object");
}

// --- macro -----------------------------------------------------------------

#[test]
fn vba_project_is_review() {
    let r = scan_one("macro.xlsm", &macro_xlsm());
    r.expect_severity("macro", "review");
}

#[test]
fn plain_table_has_no_macro() {
    let r = scan_one("clean.xlsx", &clean_counts_xlsx());
    r.assert_absent("macro");
}

// --- defined_name ----------------------------------------------------------

#[test]
fn name_holding_a_constant_is_raised_when_it_holds_personal_data() {
    // The constant is "PC 1234 Vellacott": review raised to block.
    let r = scan_one("name_constant.xlsx", &defined_name_xlsx(Name::Constant));
    r.expect_severity("defined_name", "block");
}

#[test]
fn name_pointing_into_a_hidden_sheet_is_review() {
    let r = scan_one(
        "name_hidden.xlsx",
        &defined_name_xlsx(Name::IntoHiddenSheet),
    );
    let f = r.expect("defined_name");
    assert!(
        f.iter()
            .any(|f| severity(f) == "review" || severity(f) == "block"),
        "{}",
        r.describe()
    );
}

#[test]
fn hidden_name_holding_a_constant_is_reported() {
    let r = scan_one(
        "name_hidden_flag.xlsx",
        &defined_name_xlsx(Name::HiddenFlag),
    );
    r.expect_at_least_review("defined_name");
}

#[test]
fn builtin_and_plain_names_are_at_most_info() {
    let r = scan_one(
        "name_builtin.xlsx",
        &defined_name_xlsx(Name::BuiltinAndVisible),
    );
    r.assert_absent_above_info("defined_name");
    assert_eq!(r.verdict(), "pass", "{}", r.describe());
}

// --- header_footer ---------------------------------------------------------

#[test]
fn header_text_is_reported() {
    let r = scan_one("header.xlsx", &header_footer_xlsx());
    let f = r.expect("header_footer");
    assert!(any_on_sheet(&f, "Summary"), "{}", r.describe());
}

#[test]
fn plain_table_has_no_header_footer() {
    let r = scan_one("clean.xlsx", &clean_counts_xlsx());
    r.assert_absent("header_footer");
}

// --- drawing_text ----------------------------------------------------------

#[test]
fn text_box_is_reported() {
    let r = scan_one("textbox.xlsx", &text_box_xlsx());
    r.expect("drawing_text");
}

#[test]
fn text_box_with_a_name_and_phone_needs_a_look() {
    let r = scan_one("textbox.xlsx", &text_box_xlsx());
    assert_ne!(r.verdict(), "pass", "{}", r.describe());
}

#[test]
fn plain_text_box_on_a_visible_sheet_is_info() {
    // A reader sees the text on the sheet: nothing hidden, nothing personal.
    let r = scan_one("plain_textbox.xlsx", &plain_text_box_xlsx());
    r.expect_severity("drawing_text", "info");
    r.assert_absent_above_info("drawing_text");
}

#[test]
fn picture_in_a_cell_is_no_unknown_part_and_names_nobody() {
    let r = scan_one("in_cell_picture.xlsx", &picture_in_cell_xlsx());
    r.assert_absent("unknown_part");
    r.assert_absent("person_name");
}

#[test]
fn plain_table_has_no_drawing_text() {
    let r = scan_one("clean.xlsx", &clean_counts_xlsx());
    r.assert_absent("drawing_text");
}

// --- chart_cache -----------------------------------------------------------

#[test]
fn chart_caching_hidden_cells_is_reported() {
    let r = scan_one("chart.xlsx", &chart_on_hidden_xlsx());
    r.expect_at_least_review("chart_cache");
}

#[test]
fn chart_caching_hidden_cells_says_where_from() {
    let r = scan_one("chart.xlsx", &chart_on_hidden_xlsx());
    let f = r.expect_severity("chart_cache", "review");
    assert!(
        f.iter()
            .any(|f| f["message"].as_str().unwrap().contains("hidden sheet")),
        "{}",
        r.describe()
    );
}

#[test]
fn chart_of_visible_cells_is_info() {
    // Every plotted cell shows on the sheet: the cache holds nothing more.
    let r = scan_one("chart_visible.xlsx", &chart_on_visible_xlsx(false));
    let f = r.expect_severity("chart_cache", "info");
    assert!(
        f.iter().all(|f| {
            let m = f["message"].as_str().unwrap();
            m.contains("visible cells") && !m.contains("hidden cells included")
        }),
        "{}",
        r.describe()
    );
    assert_eq!(r.verdict(), "pass", "{}", r.describe());
}

#[test]
fn chart_reaching_a_hidden_row_stays_for_review() {
    let r = scan_one("chart_hidden_row.xlsx", &chart_on_visible_xlsx(true));
    let f = r.expect_severity("chart_cache", "review");
    assert!(
        f.iter()
            .any(|f| f["message"].as_str().unwrap().contains("hidden rows")),
        "{}",
        r.describe()
    );
}

#[test]
fn plain_table_has_no_chart_cache() {
    let r = scan_one("clean.xlsx", &clean_counts_xlsx());
    r.assert_absent("chart_cache");
}

// --- formula_to_hidden -----------------------------------------------------

#[test]
fn formula_into_a_hidden_sheet_is_reported() {
    let r = scan_one(
        "formula_hidden_sheet.xlsx",
        &formula_xlsx(FormulaTarget::HiddenSheet),
    );
    let f = r.expect_at_least_review("formula_to_hidden");
    assert!(any_on_sheet(&f, "Summary"), "{}", r.describe());
    assert!(any_at_cell(&f, "B2"), "expected cell B2\n{}", r.describe());
}

#[test]
fn formula_into_a_hidden_row_is_reported() {
    let r = scan_one(
        "formula_hidden_row.xlsx",
        &formula_xlsx(FormulaTarget::HiddenRow),
    );
    let f = r.expect_at_least_review("formula_to_hidden");
    assert!(any_at_cell(&f, "B2"), "expected cell B2\n{}", r.describe());
}

#[test]
fn formula_into_a_visible_sheet_is_not_reported() {
    let r = scan_one(
        "formula_visible.xlsx",
        &formula_xlsx(FormulaTarget::VisibleSheet),
    );
    r.assert_absent("formula_to_hidden");
}

// --- data_validation -------------------------------------------------------

#[test]
fn validation_list_from_a_hidden_sheet_is_reported() {
    let r = scan_one("validation_hidden.xlsx", &validation_xlsx(true));
    let f = r.expect_at_least_review("data_validation");
    assert!(any_on_sheet(&f, "Form"), "{}", r.describe());
}

#[test]
fn literal_validation_list_is_at_most_info() {
    let r = scan_one("validation_literal.xlsx", &validation_xlsx(false));
    r.assert_absent_above_info("data_validation");
}

// --- image -----------------------------------------------------------------

#[test]
fn picture_is_review() {
    let r = scan_one("image.xlsx", &image_xlsx());
    r.expect_severity("image", "review");
}

#[test]
fn plain_table_has_no_image() {
    let r = scan_one("clean.xlsx", &clean_counts_xlsx());
    r.assert_absent("image");
}

// --- revision_log ----------------------------------------------------------

#[test]
fn revision_log_is_reported() {
    let r = scan_one("revisions.xlsx", &revision_log_xlsx());
    r.expect_at_least_review("revision_log");
}

#[test]
fn plain_table_has_no_revision_log() {
    let r = scan_one("clean.xlsx", &clean_counts_xlsx());
    r.assert_absent("revision_log");
}

// --- unknown_part ----------------------------------------------------------

#[test]
fn part_reached_by_no_relationship_is_reported_and_its_text_scanned() {
    // The stray part says "Ring Vellacott on <phone>": its text is scanned,
    // the phone number found, and the unknown part raised to block.
    let r = scan_one("unknown.xlsx", &unknown_part_xlsx());
    r.expect("phone_number");
    let f = r.expect_severity("unknown_part", "block");
    assert!(
        f.iter().any(|f| f["part"]
            .as_str()
            .is_some_and(|p| p.trim_start_matches('/') == "xl/notes/handover.xml")),
        "expected part xl/notes/handover.xml\n{}",
        r.describe()
    );
}

#[test]
fn standard_parts_are_not_unknown() {
    let r = scan_one("clean.xlsx", &clean_counts_xlsx());
    r.assert_absent("unknown_part");
}

// --- date_of_birth ---------------------------------------------------------

#[test]
fn dates_of_birth_stored_as_excel_dates_are_found() {
    // A DOB column is typed as dates: the cells hold serial numbers, not
    // text. Each format Excel offers must be found all the same.
    for fmt in ["dd-mmm-yy", "dd/mm/yyyy", "yyyy-mm-dd hh:mm", "General"] {
        let r = scan_one("custody.xlsx", &dob_as_dates_xlsx(fmt));
        let f = r.expect("date_of_birth");
        assert!(
            f.iter()
                .all(|f| f["cell"].as_str().is_some_and(|c| c.starts_with('B'))),
            "{fmt}: only the DOB column\n{}",
            r.describe()
        );
        assert_eq!(r.verdict(), "block", "{fmt}\n{}", r.describe());
    }
}

#[test]
fn dates_under_other_headers_are_not_dates_of_birth() {
    let r = scan_one("monthly.xlsx", &incident_dates_xlsx());
    r.assert_absent("date_of_birth");
    assert_eq!(r.verdict(), "pass", "{}", r.describe());
}

// --- formula_like_csv_cell -------------------------------------------------

#[test]
fn csv_cell_starting_with_equals_is_review() {
    let r = scan_one("formula.csv", &formula_like_csv());
    let f = r.expect_severity("formula_like_csv_cell", "review");
    assert!(any_at_cell(&f, "C3"), "expected cell C3\n{}", r.describe());
}

#[test]
fn signed_numbers_in_csv_are_not_formula_like() {
    let r = scan_one("plain.csv", &plain_csv());
    r.assert_absent("formula_like_csv_cell");
}

// --- hyperlink -------------------------------------------------------------

#[test]
fn link_into_a_user_folder_is_review() {
    let r = scan_one("local_link.xlsx", &hyperlink_xlsx(LOCAL_USER_URL));
    let f = r.expect_severity("hyperlink", "review");
    assert!(any_on_sheet(&f, "Summary"), "{}", r.describe());
}

#[test]
fn web_link_is_at_most_info() {
    let r = scan_one("web_link.xlsx", &hyperlink_xlsx(WEB_URL));
    r.assert_absent_above_info("hyperlink");
}

// --- lock_file -------------------------------------------------------------

#[test]
fn office_lock_file_is_block() {
    let r = scan_one("~$report.xlsx", &lock_file_bytes("Jane Quarrendon"));
    r.expect_severity("lock_file", "block");
    assert_eq!(r.verdict(), "block", "{}", r.describe());
}

#[test]
fn libreoffice_lock_file_is_block() {
    let r = scan_one(
        ".~lock.report.ods#",
        &libreoffice_lock_bytes("Jane Quarrendon", "jquarrendon"),
    );
    r.expect_severity("lock_file", "block");
}

#[test]
fn ordinary_workbook_is_not_a_lock_file() {
    let r = scan_one("report.xlsx", &clean_counts_xlsx());
    r.assert_absent("lock_file");
}

// --- small_count ------------------------------------------------------------

#[test]
fn many_small_counts_are_one_finding_that_counts_them_all() {
    // 130 stations with 1-4 officers (more than the table lists cell by
    // cell) among bigger ones: one review line for the sheet, whose count is
    // every small cell and whose message names the first eight.
    let mut csv = String::from("Station,Officers\n");
    for i in 0..200 {
        let n = if i < 130 { 1 + i % 4 } else { 20 + i };
        csv.push_str(&format!("Station {i},{n}\n"));
    }
    let r = scan_one("officers_by_station.csv", csv.as_bytes());
    let f = r.expect_severity("small_count", "review");
    assert_eq!(f.len(), 1, "{}", r.describe());
    assert_eq!(f[0]["count"], 130, "{}", r.describe());
    let msg = f[0]["message"].as_str().unwrap_or_default();
    assert!(
        msg.starts_with("130 counts of 1-4 staff")
            && msg.contains("(B2, B3, B4, B5, B6, B7, B8, B9 and 122 more)"),
        "{msg}"
    );
    assert_eq!(r.verdict(), "review", "{}", r.describe());
}

#[test]
fn a_small_count_written_as_a_sentence_is_for_review() {
    let csv = "Question,Response\n\
               1,\"The Armed Response Unit has 2 female officers, both of Asian heritage.\"\n\
               2,The force employs 6214 officers.\n";
    let r = scan_one("answer.csv", csv.as_bytes());
    let f = r.expect_severity("small_count", "review");
    assert_eq!(f.len(), 1, "{}", r.describe());
    assert_eq!(f[0]["cell"], "B2", "{}", r.describe());
    let msg = f[0]["message"].as_str().unwrap_or_default();
    assert!(msg.contains("fewer than 5"), "{msg}");
    assert_eq!(r.verdict(), "review", "{}", r.describe());
    // An incident note: officers attending are an event, not a count of staff.
    let notes = "Ref,Note\n1,2 female officers attended and spoke to the caller.\n";
    scan_one("notes.csv", notes.as_bytes()).assert_absent("small_count");
}

#[test]
fn a_policy_asking_for_small_counts_of_events_gets_them_not_called_staff() {
    // Robberies by month: quiet by default; with `small_count_events` the
    // small ones are listed, and the message does not call them staff.
    let mut csv = String::from("Month,Burglary,Robbery\n");
    for m in 1..=12 {
        csv.push_str(&format!(
            "2024-{m:02},{},{}\n",
            40 + m,
            if m % 3 == 0 { 2 } else { 11 }
        ));
    }
    scan_one("crimes.csv", csv.as_bytes()).assert_absent("small_count");
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("events.toml");
    std::fs::write(&policy, "[detectors]\nsmall_count_events = true\n").unwrap();
    let r = scan_bytes(
        "crimes.csv",
        csv.as_bytes(),
        &["--policy", policy.to_str().unwrap()],
    );
    let f = r.expect_severity("small_count", "review");
    assert_eq!(f[0]["count"], 4, "{}", r.describe());
    let msg = f[0]["message"].as_str().unwrap_or_default();
    assert!(
        msg.starts_with("4 counts of 1-4 may identify people (C4, C7, C10, C13)"),
        "{msg}"
    );
}
