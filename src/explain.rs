//! `foiguard explain KIND`: what a finding kind is, a real case where it
//! leaked people, how to fix it by hand in Excel and in LibreOffice, and the
//! FOIA exemption a redaction log cites.
//!
//! This table is the one source of the long "how to fix" text: the HTML
//! report and `foiguard rules` read it too. [`Kind::fix_hint`] stays the
//! one-line version for the text report. Content detectors describe
//! themselves (`ContentScanner::rules`); this table adds the hand-fixing
//! steps and, where there is one, the incident.
//!
//! ```
//! use foiguard::explain::explain;
//! let e = explain("pivot_cache").unwrap();
//! assert!(e.incidents[0].contains("Islington"));
//! assert!(!e.excel.is_empty() && !e.libreoffice.is_empty());
//! assert!(explain("person_name").is_some());
//! assert!(explain("no_such_kind").is_none());
//! ```

use std::fmt::Write;

use serde::Serialize;

use crate::finding::Kind;

/// The hand-written part of an explanation.
struct Guide {
    kind: &'static str,
    /// What it is, for an FOI officer (a few sentences).
    what: &'static str,
    /// Real cases where this leaked people (only cases on record), or the
    /// ICO's advice when there is none.
    incidents: &'static [&'static str],
    excel: &'static [&'static str],
    libreoffice: &'static [&'static str],
    /// The exemption note; `None`: the default for hiding places.
    exemption: Option<&'static str>,
}

/// A full explanation of one kind.
#[derive(Clone, Debug, Serialize)]
pub struct Explanation {
    pub kind: String,
    pub title: String,
    pub what: String,
    /// Real incidents where this leaked people (or, when none is on
    /// record, the ICO's advice that names it); may be empty.
    pub incidents: Vec<&'static str>,
    /// How to fix it by hand in Excel, step by step.
    pub excel: Vec<&'static str>,
    /// The same in LibreOffice Calc.
    pub libreoffice: Vec<&'static str>,
    /// The FOIA exemption a redaction log cites.
    pub exemption: String,
    /// "hiding place" (structural) or "content" (personal data).
    pub category: &'static str,
}

// ---------------------------------------------------------------------------
// Incidents (from the ICO's penalty notices and public reporting)
// ---------------------------------------------------------------------------

const PSNI: &str = "Police Service of Northern Ireland, August 2023: asked only for the number of officers \
and staff at each rank and grade, the force released a workbook whose hidden worksheet, left behind \
after the analysis sheets were made, listed the surname, first initial, role, rank or grade, \
department, location, contract type, gender and service or staff number of all 9,483 officers and \
staff (10,799 rows). The ICO fined the force £750,000.";

const HAMMERSMITH: &str = "Hammersmith & Fulham Council, 2025: 35 hidden sheets holding the details of \
6,528 people stayed online for two years.";

const ISLINGTON: &str = "Islington Council, 2013: an FOI response held the details of 2,375 housing \
applicants, health data among them, in pivot tables whose caches kept the raw rows (and in hidden \
sheets). The ICO fined the council £70,000.";

const NORFOLK: &str = "Norfolk and Suffolk police, 2023: FOI responses carried raw data about 1,230 \
victims, witnesses and suspects, hidden from anyone opening the files. After PSNI the ICO advised \
not to rely on hiding rows, columns or sheets, nor on moving data to far-away cells.";

const MET: &str = "Metropolitan Police, August 2023: the names, ranks, photos, vetting levels and pay \
numbers of 47,000 personnel were exposed through the systems of the force's warrant-card supplier \
(not an FOI release, but the same combination of details an FOI spreadsheet must never carry).";

const ICO_ADVICE: &str = "No leak of this kind is on foiguard's record, but after PSNI the ICO advised \
public bodies to watch active filters, pivot tables, charts, formulas linking other files, metadata \
and embedded objects, and to release CSV instead of original workbooks where possible.";

/// The note for hiding places: the place is not an exemption, its content is.
const PLACE_EXEMPTION: &str = "The hiding place is not an exemption by itself: what it holds decides. \
Personal data of third parties: FOIA s40(2) (FOISA s38 in Scotland). Police operational detail may \
also fall under s31 (law enforcement), s38 (health and safety) or s24 (national security).";

const CONTENT_EXCEL: &[&str] = &[
    "Go to the place the report names (sheet and cell, or the part: comment, property, header...).",
    "For cells: Home > Find & Select > Find (Ctrl+F) > Options, Within: Workbook, Look in: Values \
     (or Notes/Comments) to find every copy of the value; delete it or replace it with the exemption \
     label, e.g. [REDACTED s40(2)].",
    "If it sits in a hidden place (hidden sheet, rows, comment, document property, pivot cache...), \
     follow the steps for that kind too (foiguard explain KIND).",
    "Or let foiguard rebuild a clean copy: foiguard redact FILE -o CLEAN.xlsx --log LOG.csv.",
];

const CONTENT_LO: &[&str] = &[
    "Go to the place the report names (sheet and cell, or the part: comment, property, header...).",
    "For cells: Edit > Find & Replace (Ctrl+H) > Other options, Search in: Values (or Comments), tick \
     All sheets; delete the value or replace it with the exemption label, e.g. [REDACTED s40(2)].",
    "If it sits in a hidden place, follow the steps for that kind too (foiguard explain KIND).",
    "Or let foiguard rebuild a clean copy: foiguard redact FILE -o CLEAN.xlsx --log LOG.csv.",
];

const REBUILD_EXCEL: &[&str] = &[
    "Excel may not show this at all. Select the cells that may be released, Copy, and in a new \
     workbook use Home > Paste > Paste Values; release that (or save it as CSV).",
    "Or let foiguard rebuild a clean copy: foiguard redact FILE -o CLEAN.xlsx.",
    "Scan the new file again.",
];

const REBUILD_LO: &[&str] = &[
    "Select the cells that may be released, Copy, and in a new spreadsheet use Edit > Paste Special > \
     Paste Only Values (or Paste Unformatted Text); release that (or save it as CSV).",
    "Or let foiguard rebuild a clean copy: foiguard redact FILE -o CLEAN.xlsx.",
    "Scan the new file again.",
];

const CSV_EDITOR: &[&str] = &[
    "Do not open the file in Excel to fix it (Excel would run formula-like cells and may change \
     numbers and dates); use a plain text editor.",
];

static GUIDES: &[Guide] = &[
    Guide {
        kind: "hidden_sheet",
        what: "A worksheet that is hidden (Unhide shows it) or very hidden (only the VBA editor shows \
               it). Everything on it goes out with the file: anyone can unhide it in two clicks.",
        incidents: &[PSNI, HAMMERSMITH, ISLINGTON],
        excel: &[
            "Right-click any sheet tab > Unhide... and pick the sheet.",
            "A very hidden sheet is not listed there: press Alt+F11, select the sheet in the Project \
             pane, press F4 and set Visible to -1 - xlSheetVisible.",
            "Delete the sheet (right-click the tab > Delete), or copy only what may be released into a \
             new workbook.",
            "Save and scan again.",
        ],
        libreoffice: &[
            "Right-click any sheet tab > Show Sheet... and pick the sheet (Excel's very hidden sheets \
             are listed there too).",
            "Right-click the tab > Delete Sheet..., or copy only what may be released into a new \
             spreadsheet.",
            "Save and scan again.",
        ],
        exemption: None,
    },
    Guide {
        kind: "hidden_rows",
        what: "Rows hidden by their flag, set to zero height, or folded into a collapsed outline group, \
               that hold values. Unhiding takes a right-click.",
        incidents: &[NORFOLK],
        excel: &[
            "Select all (Ctrl+A), right-click any row header > Unhide.",
            "Rows of zero height stay hidden: with all selected, Home > Format > Row Height, type 15.",
            "Collapsed groups: Data > Ungroup > Clear Outline (or click every + button).",
            "Select the rows that must not be released, right-click > Delete (do not just hide them again).",
        ],
        libreoffice: &[
            "Select all (Ctrl+A), then Format > Rows > Show.",
            "Collapsed groups: Data > Group and Outline > Remove Outline.",
            "Select the rows that must not be released, right-click the row header > Delete Rows.",
        ],
        exemption: None,
    },
    Guide {
        kind: "hidden_columns",
        what: "Columns hidden by their flag, set to zero width, or folded into a collapsed outline \
               group, that hold values.",
        incidents: &[NORFOLK],
        excel: &[
            "Select all (Ctrl+A), right-click any column header > Unhide.",
            "Columns of zero width: with all selected, Home > Format > Column Width, type 10.",
            "Collapsed groups: Data > Ungroup > Clear Outline.",
            "Select the columns that must not be released, right-click > Delete.",
        ],
        libreoffice: &[
            "Select all (Ctrl+A), then Format > Columns > Show.",
            "Collapsed groups: Data > Group and Outline > Remove Outline.",
            "Select the columns that must not be released, right-click the column header > Delete Columns.",
        ],
        exemption: None,
    },
    Guide {
        kind: "filtered_rows",
        what: "Rows hidden by an active filter. The filtered-out rows are still in the file; clearing \
               the filter shows them.",
        incidents: &[ICO_ADVICE],
        excel: &[
            "Data > Clear (in Sort & Filter) to show every row; Data > Filter turns the filter off.",
            "Select the rows that must not be released, right-click > Delete.",
        ],
        libreoffice: &[
            "Data > More Filters > Reset Filter to show every row; Data > AutoFilter turns it off.",
            "Select the rows that must not be released, right-click the row header > Delete Rows.",
        ],
        exemption: None,
    },
    Guide {
        kind: "invisible_text",
        what: "Cells a reader cannot see: font colour equal to the fill (white on white), a number \
               format such as ;;; that shows nothing, or one that shows fixed text in place of the \
               value ([<5]\"<5\";0 shows <5 and keeps the 3), a font of 2 points or less, or a cell \
               covered by a merged range (only its top-left cell shows). The values are there for \
               anyone who selects the cell, unmerges it or copies the sheet.",
        incidents: &[NORFOLK],
        excel: &[
            "Select all (Ctrl+A), Home > Clear > Clear Formats: hidden text becomes visible.",
            "Select merged cells, Home > Merge & Center to unmerge them: covered values show.",
            "Delete the revealed values that must not be released; where a format showed \"<5\", \
             type <5 into the cell itself.",
        ],
        libreoffice: &[
            "Select all (Ctrl+A), Format > Clear Direct Formatting (Ctrl+M); also check the cell styles \
             in use (F11).",
            "Select merged cells, Format > Merge and Unmerge Cells > Unmerge Cells: covered values show.",
            "Delete the revealed values that must not be released.",
        ],
        exemption: None,
    },
    Guide {
        kind: "far_away_data",
        what: "Values far outside the table a reader sees first (a table at A1:F20 and values at \
               AZ5000). Nobody scrolls there; anyone can press Ctrl+End.",
        incidents: &[NORFOLK],
        excel: &[
            "Press Ctrl+End: Excel jumps to the last used cell.",
            "Select everything outside the table you meant to release (from the first empty column, \
             Ctrl+Shift+Right; from the first empty row, Ctrl+Shift+Down), right-click > Delete.",
            "Save, reopen and press Ctrl+End again to check.",
        ],
        libreoffice: &[
            "Press Ctrl+End to jump to the last used cell.",
            "Select everything outside the table (Ctrl+Shift+Arrow keys), then Sheet > Delete Columns \
             or Sheet > Delete Rows.",
            "Save, reopen and press Ctrl+End again to check.",
        ],
        exemption: None,
    },
    Guide {
        kind: "pivot_cache",
        what: "A pivot table keeps a cache: a copy of every source row and the list of every distinct \
               value, even when the source sheet has been deleted and only the counts show.",
        incidents: &[ISLINGTON],
        excel: &[
            "Select the whole pivot table, Copy, then in a new workbook Home > Paste > Paste Values; \
             release that workbook (or a CSV).",
            "Deleting the source sheet is not enough, and unticking PivotTable Options > Data > Save \
             source data with file still leaves the distinct values in the file.",
        ],
        libreoffice: &[
            "Select the pivot table, Copy, then in a new spreadsheet Edit > Paste Special > Paste Only \
             Values; release that.",
            "Delete the original pivot table (Data > Pivot Table > Delete) only if you keep the file.",
        ],
        exemption: None,
    },
    Guide {
        kind: "data_model",
        what: "A Power Pivot data model: whole tables stored inside the workbook, not shown on any sheet.",
        incidents: &[ICO_ADVICE],
        excel: &[
            "Data > Manage Data Model shows the tables: delete them there.",
            "Or copy the visible values into a new workbook (Home > Paste > Paste Values) and release that.",
        ],
        libreoffice: &[
            "LibreOffice cannot show or edit a data model: copy the visible values into a new \
             spreadsheet (Edit > Paste Special > Paste Only Values) and release that.",
        ],
        exemption: None,
    },
    Guide {
        kind: "data_connection",
        what: "A connection or query to a database or another file. Its definition names servers, \
               files and sometimes users, and query tables keep the last results.",
        incidents: &[ICO_ADVICE],
        excel: &[
            "Data > Queries & Connections: right-click each query and connection > Delete.",
            "Check the values the queries left on the sheets, or copy values to a new workbook.",
        ],
        libreoffice: &[
            "Edit > Links to External Files... > Break Link for each link.",
            "Copy the values into a new spreadsheet (Paste Only Values) and release that.",
        ],
        exemption: None,
    },
    Guide {
        kind: "external_link",
        what: "A link to another workbook. The file keeps cached values from that workbook and its \
               path, which often holds a user name (C:\\Users\\name\\...).",
        incidents: &[ICO_ADVICE],
        excel: &[
            "Data > Edit Links (Workbook Links in Excel 365) > Break Link.",
            "Formulas > Name Manager: delete names that refer to other files.",
            "Scan again: no path or cached value may remain.",
        ],
        libreoffice: &[
            "Edit > Links to External Files... > Break Link.",
            "Sheet > Named Ranges and Expressions > Manage: delete names that refer to other files.",
        ],
        exemption: None,
    },
    Guide {
        kind: "comment",
        what: "Comments, notes and threaded comments, with their authors' names. Often hidden until \
               the mouse passes over the cell.",
        incidents: &[],
        excel: &[
            "File > Info > Check for Issues > Inspect Document > Comments > Remove All (comments, notes \
             and their authors).",
            "Or select all and Home > Clear > Clear Comments and Notes.",
        ],
        libreoffice: &[
            "View > Comments shows them all; Sheet > Cell Comments > Delete All Comments removes them.",
            "Tools > Options > LibreOffice > Security > Options: tick Remove personal information on saving.",
        ],
        exemption: None,
    },
    Guide {
        kind: "document_properties",
        what: "Document properties: author, last modified by, manager, company, custom properties, \
               the list of sheet names, and sometimes the folder the file was saved in.",
        incidents: &[ICO_ADVICE],
        excel: &[
            "File > Info > Check for Issues > Inspect Document > Document Properties and Personal \
             Information > Remove All.",
            "File > Info > Properties > Advanced Properties: check Summary and Custom are empty.",
        ],
        libreoffice: &[
            "File > Properties: clear the General, Description and Custom Properties tabs and untick \
             Apply user data.",
            "Tools > Options > LibreOffice > Security > Options: tick Remove personal information on saving.",
        ],
        exemption: None,
    },
    Guide {
        kind: "custom_xml",
        what: "Custom XML parts: data stored by add-ins, labelling tools or document systems, not shown \
               anywhere in Excel.",
        incidents: &[],
        excel: &[
            "File > Info > Check for Issues > Inspect Document > Custom XML Data > Remove All.",
        ],
        libreoffice: REBUILD_LO,
        exemption: None,
    },
    Guide {
        kind: "embedded_object",
        what: "A file inside the file: a whole workbook, a document, an OLE package. An embedded \
               workbook carries its own hidden sheets; foiguard scans it too.",
        incidents: &[ICO_ADVICE],
        excel: &[
            "Home > Find & Select > Go To Special > Objects selects every object on the sheet; press \
             Delete for those that must not be released (repeat on every sheet).",
        ],
        libreoffice: &[
            "View > Navigator (F5) > OLE objects lists them; select each and press Delete.",
        ],
        exemption: None,
    },
    Guide {
        kind: "macro",
        what: "VBA code, Excel 4 macro sheets or LibreOffice Basic. Macros are never needed in a \
               release and their code can hold names and paths.",
        incidents: &[],
        excel: &[
            "File > Save As > Excel Workbook (*.xlsx): macros are not kept.",
            "Excel 4 macro sheets: right-click a tab > Unhide, then delete the macro sheet.",
        ],
        libreoffice: &[
            "Tools > Macros > Organize Macros > Basic: delete the modules; or save as .xlsx or CSV, \
             which keep no macros.",
        ],
        exemption: Some("None by itself; what the code holds decides (s40(2) for names in it)."),
    },
    Guide {
        kind: "defined_name",
        what: "A named range or constant that is hidden, holds a value, or points into a hidden \
               place (another sheet, another file).",
        incidents: &[],
        excel: &[
            "Formulas > Name Manager (Ctrl+F3): delete names that hold values or point at hidden \
             sheets, other files or #REF!.",
            "Hidden names are not listed there: rebuild with Paste Values into a new workbook, or \
             foiguard redact.",
        ],
        libreoffice: &[
            "Sheet > Named Ranges and Expressions > Manage (Ctrl+F3): delete them.",
            "Names LibreOffice does not list: rebuild with Paste Only Values into a new spreadsheet.",
        ],
        exemption: None,
    },
    Guide {
        kind: "header_footer",
        what: "Header and footer text: printed on every page, not shown in the normal view. It often \
               carries names, file paths or protective markings.",
        incidents: &[],
        excel: &[
            "Page Layout > Page Setup > Header/Footer (on every sheet): set both to (none), and check \
             Different first page and Different odd and even pages.",
        ],
        libreoffice: &[
            "Format > Page Style... > Header and Footer tabs: untick Header on and Footer on (for each \
             page style the sheets use).",
        ],
        exemption: None,
    },
    Guide {
        kind: "drawing_text",
        what: "Text in shapes and text boxes, which may be hidden, tiny or placed off the visible area.",
        incidents: &[],
        excel: &[
            "Home > Find & Select > Selection Pane lists every shape and text box, hidden ones too \
             (eye icon); delete those that must not be released.",
        ],
        libreoffice: &[
            "View > Navigator (F5) > Drawing objects: select each, check it, delete if needed.",
        ],
        exemption: None,
    },
    Guide {
        kind: "chart_cache",
        what: "A chart keeps a copy of the cells it plots (labels and values), hidden ones included.",
        incidents: &[ICO_ADVICE],
        excel: &[
            "Right-click the chart > Select Data: check every range.",
            "If a range reaches hidden or personal data, delete the chart or replace it with a picture \
             (Copy, then Home > Paste > Picture).",
        ],
        libreoffice: &[
            "Double-click the chart, then Format > Data Ranges: check every range.",
            "Delete the chart, or replace it with an image (Copy, then Edit > Paste Special > Paste \
             Special... > Bitmap).",
        ],
        exemption: None,
    },
    Guide {
        kind: "formula_to_hidden",
        what: "A visible formula that reads a hidden sheet, row or column. Its cached result shows the \
               hidden value, and the hidden source goes out with the file.",
        incidents: &[PSNI],
        excel: &[
            "Select the formula cells, Copy, then Home > Paste > Paste Values: the result stays, the \
             link goes.",
            "Then remove the hidden source (foiguard explain hidden_sheet / hidden_rows).",
        ],
        libreoffice: &[
            "Select the cells, Data > Calculate > Formula to Value.",
            "Then remove the hidden source.",
        ],
        exemption: None,
    },
    Guide {
        kind: "data_validation",
        what: "A drop-down list whose values come from a hidden sheet or range: the list shows them \
               and the source goes out with the file.",
        incidents: &[],
        excel: &[
            "Home > Find & Select > Data Validation selects the cells; Data > Data Validation > Clear All.",
            "Then remove the hidden list it used.",
        ],
        libreoffice: &[
            "Select the cells, Data > Validity... > Criteria: Allow All values.",
            "Then remove the hidden list it used.",
        ],
        exemption: None,
    },
    Guide {
        kind: "image",
        what: "Pictures in the file: photos of people, signatures, screenshots. Their alt text can \
               name people too.",
        incidents: &[MET],
        excel: &[
            "Home > Find & Select > Selection Pane lists every picture, hidden ones too; delete those \
             that must not be released.",
            "Right-click a kept picture > Edit Alt Text: clear text naming people.",
        ],
        libreoffice: &["View > Navigator (F5) > Images: select each, check it, delete if needed."],
        exemption: None,
    },
    Guide {
        kind: "revision_log",
        what: "The revision history of a shared workbook: earlier values and who changed them.",
        incidents: &[],
        excel: &[
            "Review > Share Workbook (Legacy): untick sharing, so the history is discarded; or copy \
             values into a new workbook.",
        ],
        libreoffice: &[
            "Edit > Track Changes > Manage: Accept All, then untick Edit > Track Changes > Record Changes.",
        ],
        exemption: None,
    },
    Guide {
        kind: "unknown_part",
        what: "A part of the package foiguard does not recognise, or one no relationship reaches. Its \
               text is still scanned for people, but what it does cannot be judged.",
        incidents: &[],
        excel: REBUILD_EXCEL,
        libreoffice: REBUILD_LO,
        exemption: None,
    },
    Guide {
        kind: "formula_like_csv_cell",
        what: "A CSV field starting with =, +, - or @ that a spreadsheet program would run as a \
               formula (CSV injection).",
        incidents: &[],
        excel: CSV_EDITOR,
        libreoffice: &[
            "In a text editor, prefix the field with an apostrophe (') or remove it.",
            "When opening in Calc, set the column type to Text in the Text Import dialog.",
        ],
        exemption: Some("None: a safety problem for the recipient, not an exemption."),
    },
    Guide {
        kind: "ragged_rows",
        what: "CSV rows with more or fewer fields than the header: values may sit outside the columns \
               a reader expects.",
        incidents: &[],
        excel: CSV_EDITOR,
        libreoffice: &["Open the file in a text editor and check the rows the report names."],
        exemption: None,
    },
    Guide {
        kind: "hyperlink",
        what: "A hyperlink. Local paths such as file:///C:/Users/name/... reveal who made the file; \
               tooltips can hold text too.",
        incidents: &[],
        excel: &[
            "Select the cells, right-click > Remove Hyperlinks.",
            "For links you keep, Ctrl+K shows the target and the ScreenTip: check both.",
        ],
        libreoffice: &["Select the cells, right-click > Remove Hyperlink."],
        exemption: None,
    },
    Guide {
        kind: "lock_file",
        what: "An Office owner file (~$name.xlsx) or LibreOffice lock file (.~lock.name#): a temporary \
               file left beside an open workbook. It holds the user's name and nothing else of use.",
        incidents: &[],
        excel: &["Close the workbook, then delete the ~$ file; never release it."],
        libreoffice: &["Close the document, then delete the .~lock.…# file; never release it."],
        exemption: Some("s40(2): it holds the name of the person who had the file open."),
    },
    Guide {
        kind: "incomplete",
        what: "A part of the file foiguard could not fully inspect. It cannot say the part is clean.",
        incidents: &[],
        excel: REBUILD_EXCEL,
        libreoffice: REBUILD_LO,
        exemption: None,
    },
    // Content detectors with a story or steps of their own.
    Guide {
        kind: "personnel_records",
        what: "",
        incidents: &[PSNI],
        excel: &[
            "Delete the table (or the sheet holding it), and release only the figures that were asked \
             for, e.g. counts by rank.",
            "Check the counts you keep for small numbers (foiguard explain small_count).",
        ],
        libreoffice: &[
            "Delete the table (Sheet > Delete Rows, or delete the sheet), and release only the figures \
             that were asked for.",
            "Check the counts you keep for small numbers.",
        ],
        exemption: None,
    },
    Guide {
        kind: "small_count",
        what: "",
        incidents: &[],
        excel: &[
            "Decide with your disclosure policy whether the count could identify someone; if so, \
             replace it with a band such as <5.",
            "Suppress a second cell in the same row or column too, so totals cannot give it back.",
        ],
        libreoffice: &[
            "Decide whether the count could identify someone; if so, replace it with a band such as <5.",
            "Suppress a second cell too, so totals cannot give it back.",
        ],
        exemption: None,
    },
    Guide {
        kind: "protective_marking",
        what: "",
        incidents: &[],
        excel: &[
            "Do not just delete the marking: it says the author judged the content sensitive, and \
             foiguard would then pass the file with that content still in it.",
            "Ask the information owner whether the marking still applies and whether an exemption \
             covers the content (s24 national security, s31 law enforcement, s38 health and \
             safety); withhold or redact what it covers, and record the decision.",
            "Only then remove the marking itself: a marking in a header or footer is under Page \
             Layout > Page Setup > Header/Footer (Find does not search there); in cells, Find \
             (Ctrl+F) with Within: Workbook.",
        ],
        libreoffice: &[
            "Do not just delete the marking: ask the information owner whether it still applies and \
             whether an exemption (s24, s31, s38) covers the content; record the decision.",
            "Then remove it: headers and footers under Format > Page Style > Header/Footer (Find & \
             Replace does not search there); in cells, Edit > Find & Replace with All sheets.",
        ],
        exemption: None,
    },
    Guide {
        kind: "person_name",
        what: "",
        incidents: &[PSNI],
        excel: CONTENT_EXCEL,
        libreoffice: CONTENT_LO,
        exemption: None,
    },
    Guide {
        kind: "payroll_number",
        what: "",
        incidents: &[PSNI],
        excel: CONTENT_EXCEL,
        libreoffice: CONTENT_LO,
        exemption: None,
    },
    Guide {
        kind: "vetting_level",
        what: "",
        incidents: &[MET],
        excel: CONTENT_EXCEL,
        libreoffice: CONTENT_LO,
        exemption: None,
    },
    Guide {
        kind: "warrant_number",
        what: "",
        incidents: &[MET],
        excel: CONTENT_EXCEL,
        libreoffice: CONTENT_LO,
        exemption: None,
    },
];

/// The generic guide for a content kind without one of its own.
const CONTENT_GUIDE: Guide = Guide {
    kind: "",
    what: "",
    incidents: &[],
    excel: CONTENT_EXCEL,
    libreoffice: CONTENT_LO,
    exemption: None,
};

fn guide(kind: &str) -> Option<&'static Guide> {
    GUIDES.iter().find(|g| g.kind == kind)
}

/// The built-in content detectors' self-descriptions (the same list
/// `foiguard rules` prints).
fn content_rules() -> Vec<crate::detect::content::RuleInfo> {
    static RULES: std::sync::OnceLock<Vec<crate::detect::content::RuleInfo>> =
        std::sync::OnceLock::new();
    RULES
        .get_or_init(|| {
            match crate::detect::content::ContentScanner::new(&Default::default(), None) {
                Ok(s) => s.rules(),
                Err(_) => Vec::new(),
            }
        })
        .clone()
}

/// Explain a kind: a structural kind (hiding place) or a content detector id.
pub fn explain(kind: &str) -> Option<Explanation> {
    if let Some(k) = Kind::parse(kind) {
        let g = guide(kind)?;
        return Some(Explanation {
            kind: kind.to_string(),
            title: k.title().to_string(),
            what: g.what.to_string(),
            incidents: g.incidents.to_vec(),
            excel: g.excel.to_vec(),
            libreoffice: g.libreoffice.to_vec(),
            exemption: g.exemption.unwrap_or(PLACE_EXEMPTION).to_string(),
            category: "hiding place",
        });
    }
    let rule = content_rules().into_iter().find(|r| r.id == kind)?;
    let g = guide(kind).unwrap_or(&CONTENT_GUIDE);
    let exemption = match rule.exemption {
        "s40(2)" => {
            "FOIA s40(2): personal data of third parties (FOISA s38 in Scotland).".to_string()
        }
        "s31" => "FOIA s31: law enforcement.".to_string(),
        "s24" => "FOIA s24: national security.".to_string(),
        "s38" => "FOIA s38: health and safety.".to_string(),
        other => format!("FOIA {other}."),
    };
    let strength = if rule.strong {
        "Strong evidence blocks by default; weak evidence asks for review."
    } else {
        "It asks for review by default."
    };
    Some(Explanation {
        kind: kind.to_string(),
        title: title_from_id(kind),
        what: format!("{} {strength}", rule.description),
        incidents: g.incidents.to_vec(),
        excel: g.excel.to_vec(),
        libreoffice: g.libreoffice.to_vec(),
        exemption,
        category: "content",
    })
}

/// The hand-fixing steps for any finding kind, for reports: a structural
/// kind's own, or the content steps for a content detector or an extra
/// detector from the policy.
pub fn fix_steps(kind: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match guide(kind) {
        Some(g) => (g.excel, g.libreoffice),
        None => (CONTENT_EXCEL, CONTENT_LO),
    }
}

/// Every kind `explain` knows: structural kinds, then content detectors.
pub fn known_kinds() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = Kind::ALL
        .iter()
        .map(|k| (k.as_str().to_string(), k.title().to_string()))
        .collect();
    for r in content_rules() {
        v.push((r.id.to_string(), title_from_id(r.id)));
    }
    v
}

fn title_from_id(id: &str) -> String {
    let s = id.replace('_', " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Plain text for the terminal, wrapped at about 88 columns.
pub fn render_text(e: &Explanation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({}, {})\n", e.title, e.kind, e.category);
    wrap_into(&mut out, "", &e.what);
    if !e.incidents.is_empty() {
        let _ = writeln!(out, "\nWhy it matters (real cases, or the ICO's advice):");
        for i in &e.incidents {
            wrap_into(&mut out, "  - ", i);
        }
    }
    let _ = writeln!(out, "\nFix it by hand in Excel:");
    for (n, s) in e.excel.iter().enumerate() {
        wrap_into(&mut out, &format!("  {}. ", n + 1), s);
    }
    let _ = writeln!(out, "\nFix it by hand in LibreOffice Calc:");
    for (n, s) in e.libreoffice.iter().enumerate() {
        wrap_into(&mut out, &format!("  {}. ", n + 1), s);
    }
    let _ = writeln!(out, "\nFOIA exemption:");
    wrap_into(&mut out, "  ", &e.exemption);
    out
}

/// The list printed by `foiguard explain` without a kind.
pub fn render_list() -> String {
    let mut out = String::from("Kinds foiguard reports (foiguard explain KIND for one):\n\n");
    let kinds = known_kinds();
    let width = kinds.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (k, t) in kinds {
        let _ = writeln!(out, "  {k:<width$}  {t}");
    }
    out
}

fn wrap_into(out: &mut String, first: &str, text: &str) {
    const WIDTH: usize = 88;
    let indent = " ".repeat(first.chars().count());
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = indent.clone();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
}

/// What foiguard looks at in a file of this format (`FileReport::format`),
/// for the "what was inspected" part of a report.
pub fn checks(format: &str) -> &'static [&'static str] {
    match format {
        "xlsx" | "xlsm" | "xltx" | "xltm" => &[
            "every sheet, hidden and very hidden ones, chart, macro and dialog sheets",
            "every cell, with why it is hidden: hidden, zero-height and collapsed rows and columns, \
             filters, invisible formatting, far-away cells",
            "formulas reaching hidden places, data validation lists, defined names",
            "pivot caches and records, the data model, connections and query tables, external links",
            "comments, notes, threaded comments and their authors",
            "document properties (core, app, custom) and the original folder path",
            "custom XML, embedded files (workbooks scanned inside), macros (VBA, Excel 4)",
            "headers and footers, shapes and text boxes, chart caches, images, revision logs, hyperlinks",
            "every other part of the package (their text is scanned too)",
            "personal data in every cell and every piece of text above",
        ],
        "xlsb" => &[
            "every sheet and its state (hidden, very hidden), cell values",
            "comments, defined names, pivot caches, connections, external links, macros, other parts",
            "personal data in every cell and every piece of text above",
        ],
        "xls" => &[
            "every sheet and its state (hidden, very hidden), cell values, hidden rows and columns",
            "comments, defined names, document properties, hyperlinks, headers and footers",
            "drawings, charts, images, embedded objects, pivot caches, external links, macros, revision logs",
            "personal data in every cell and every piece of text above",
        ],
        "ods" => &[
            "every table and its visibility, hidden, filtered and collapsed rows and columns, every cell",
            "comments, document metadata, headers and footers, shapes, charts, images, embedded objects",
            "pivot tables, database ranges and links, named ranges, validation, change tracking, macros, hyperlinks",
            "personal data in every cell and every piece of text above",
        ],
        "csv" | "tsv" => &[
            "every field of every row (UTF-8, UTF-16 or Windows-1252)",
            "cells a spreadsheet program would run as formulas, rows with a different number of fields",
            "personal data in every field",
        ],
        "lock_file" => &["the user name Office or LibreOffice wrote into the lock file"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_structural_kind_has_a_guide_with_both_programs() {
        for k in Kind::ALL {
            let e = explain(k.as_str()).unwrap_or_else(|| panic!("no guide for {}", k.as_str()));
            assert!(!e.what.is_empty(), "{}", k.as_str());
            assert!(
                !e.excel.is_empty() && !e.libreoffice.is_empty(),
                "{}",
                k.as_str()
            );
            assert!(!e.exemption.is_empty());
        }
    }

    #[test]
    fn every_content_detector_is_explained() {
        let rules = content_rules();
        assert!(!rules.is_empty());
        for r in rules {
            let e = explain(r.id).unwrap();
            assert_eq!(e.category, "content");
            assert!(e.what.starts_with(r.description.as_str()), "{}", r.id);
            assert!(e.exemption.contains(r.exemption), "{}", r.id);
        }
    }

    #[test]
    fn a_protective_marking_is_decided_on_not_deleted() {
        let e = explain("protective_marking").unwrap();
        let steps = e.excel.join(" ");
        assert!(
            steps.starts_with("Do not just delete the marking"),
            "{steps}"
        );
        assert!(steps.contains("information owner") && steps.contains("s24"));
        assert!(
            steps.contains("Header/Footer"),
            "Find does not search there"
        );
        // Not the generic identifier steps, whose label cites s40(2).
        assert!(!steps.contains("s40(2)"), "{steps}");
        assert!(e.libreoffice.join(" ").contains("Header/Footer"));
    }

    #[test]
    fn incidents_are_the_ones_on_record() {
        let hs = explain("hidden_sheet").unwrap().incidents;
        assert!(hs[0].contains("9,483") && hs[1].contains("Hammersmith"));
        assert!(explain("pivot_cache").unwrap().incidents[0].contains("2,375"));
        assert!(explain("personnel_records").unwrap().incidents[0].contains("Northern Ireland"));
        assert!(explain("comment").unwrap().incidents.is_empty());
    }

    #[test]
    fn text_rendering_wraps_and_numbers_steps() {
        let t = render_text(&explain("hidden_sheet").unwrap());
        assert!(t.starts_with("Hidden sheet (hidden_sheet, hiding place)"));
        assert!(t.contains("Fix it by hand in Excel:\n  1. Right-click"));
        assert!(t.contains("Fix it by hand in LibreOffice Calc:"));
        assert!(t.lines().all(|l| l.chars().count() <= 100), "{t}");
        assert!(render_list().contains("pivot_cache"));
    }
}
