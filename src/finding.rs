//! Findings: what the detectors report, and the verdict a file gets from them.
//!
//! ```
//! use foiguard::finding::{Severity, Verdict};
//! assert_eq!(Verdict::from_severities([Severity::Info, Severity::Review]), Verdict::Review);
//! assert_eq!(Verdict::from_severities([]), Verdict::Pass);
//! ```

use serde::Serialize;

/// How much a finding matters. Ordered: `Info < Review < Block`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; never changes a verdict.
    Info,
    /// A person should look before the file goes out.
    Review,
    /// The file must not be released as it is.
    Block,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Review => "review",
            Severity::Block => "block",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "info" => Some(Severity::Info),
            "review" => Some(Severity::Review),
            "block" => Some(Severity::Block),
            _ => None,
        }
    }
}

/// The verdict for one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Review,
    Block,
    /// The file could not be fully inspected. Never treated as a pass.
    Error,
}

impl Verdict {
    /// The highest severity decides; `info` never changes a verdict.
    pub fn from_severities(severities: impl IntoIterator<Item = Severity>) -> Verdict {
        let mut v = Verdict::Pass;
        for s in severities {
            match s {
                Severity::Block => return Verdict::Block,
                Severity::Review => v = Verdict::Review,
                Severity::Info => {}
            }
        }
        v
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Review => "review",
            Verdict::Block => "block",
            Verdict::Error => "error",
        }
    }
}

macro_rules! kinds {
    ($($variant:ident => $name:literal, $title:literal, $fix:literal;)*) => {
        /// The stable kind names of structural findings (hiding places).
        /// Content detectors add their own kinds by name (see `detect::content`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind { $($variant),* }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];
            /// The stable name used in reports, JSON and the policy file.
            pub fn as_str(self) -> &'static str {
                match self { $(Kind::$variant => $name),* }
            }
            /// A short title for people.
            pub fn title(self) -> &'static str {
                match self { $(Kind::$variant => $title),* }
            }
            /// How to fix it by hand, in one sentence.
            pub fn fix_hint(self) -> &'static str {
                match self { $(Kind::$variant => $fix),* }
            }
            pub fn parse(s: &str) -> Option<Kind> {
                match s { $($name => Some(Kind::$variant),)* _ => None }
            }
        }
    };
}

kinds! {
    HiddenSheet => "hidden_sheet", "Hidden sheet",
        "Right-click a sheet tab > Unhide (very hidden sheets: VBA editor, set Visible), then delete the sheet or move what may be released to a new workbook.";
    HiddenRows => "hidden_rows", "Hidden rows",
        "Select all, right-click the row headers > Unhide (expand collapsed groups), then delete what must not be released.";
    HiddenColumns => "hidden_columns", "Hidden columns",
        "Select all, right-click the column headers > Unhide (expand collapsed groups), then delete what must not be released.";
    FilteredRows => "filtered_rows", "Rows hidden by a filter",
        "Data > Clear filter to show every row, then delete the rows that must not be released.";
    InvisibleText => "invisible_text", "Invisible text",
        "Select all and reset font colour, size and number format (Clear Formats), and unmerge merged cells, to see the text, then delete it; text no cell shows (unused shared strings, phonetic guides) goes only when the workbook is rebuilt from values (foiguard redact).";
    FarAwayData => "far_away_data", "Data far from the visible table",
        "Press Ctrl+End to jump to the last used cell, and delete everything outside the table you meant to release.";
    PivotCache => "pivot_cache", "Pivot table cache",
        "A pivot cache keeps a copy of every source row: paste the pivot table as values into a new workbook, or release a CSV.";
    DataModel => "data_model", "Data model (Power Pivot)",
        "The data model stores whole tables: remove it (Data > Data Model) or copy the visible values to a new workbook.";
    DataConnection => "data_connection", "Data connection or query",
        "Data > Queries & Connections: delete every connection and query, or copy values to a new workbook.";
    ExternalLink => "external_link", "External link with cached values",
        "Data > Edit Links > Break Link, then check no path or cached value remains.";
    Comment => "comment", "Comment or note",
        "Review > Delete all comments and notes (check their authors too).";
    DocumentProperties => "document_properties", "Document properties",
        "File > Info > Check for Issues > Inspect Document > Remove All for Document Properties and Personal Information.";
    CustomXml => "custom_xml", "Custom XML data",
        "Inspect Document > Custom XML Data > Remove All.";
    EmbeddedObject => "embedded_object", "Embedded object",
        "Delete the embedded object (select it, press Delete); embedded workbooks carry their own hidden data.";
    Macro => "macro", "Macros",
        "Save as .xlsx (macro-free) or release a CSV; macros are never needed in a release.";
    DefinedName => "defined_name", "Defined name",
        "Formulas > Name Manager: delete names that hold values or point into hidden places.";
    HeaderFooter => "header_footer", "Header or footer text",
        "Page Layout > Print Titles > Header/Footer: clear the text.";
    DrawingText => "drawing_text", "Text in shapes or text boxes",
        "Home > Find & Select > Selection Pane: check and delete shapes and text boxes.";
    ChartCache => "chart_cache", "Chart data cache",
        "A chart keeps a copy of the cells it plots: delete the chart or check its source range.";
    FormulaToHidden => "formula_to_hidden", "Formula reaching hidden data",
        "Replace the formula with its value (Copy > Paste Values) and remove the hidden source.";
    DataValidation => "data_validation", "Validation list from a hidden place",
        "Data > Data Validation: clear the list, then remove its hidden source.";
    Image => "image", "Image",
        "Check every picture (photos of people, signatures) and delete those that must not be released.";
    RevisionLog => "revision_log", "Revision history",
        "Turn off shared workbook / track changes so the history is discarded, or copy values to a new workbook.";
    UnknownPart => "unknown_part", "Unrecognised part",
        "The file holds a part foiguard does not recognise: rebuild the release from values (foiguard redact) or release a CSV.";
    FormulaLikeCsvCell => "formula_like_csv_cell", "Formula-like CSV cell",
        "A spreadsheet program would run this cell as a formula: prefix it with an apostrophe or remove it.";
    RaggedRows => "ragged_rows", "Rows with a different number of fields",
        "Open the file in a text editor and check the rows whose field count differs from the header: values may sit outside the columns a reader expects.";
    Hyperlink => "hyperlink", "Hyperlink",
        "Right-click > Remove Hyperlink; local paths such as C:\\Users\\name reveal who made the file.";
    LockFile => "lock_file", "Office lock file",
        "Delete this file: it is a temporary file Office leaves beside an open workbook and holds a user name.";
    Incomplete => "incomplete", "Not fully inspected",
        "foiguard could not inspect this part: release a CSV of the visible data instead.";
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One thing a detector found. Plain data, ready for any report.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    /// Stable kind name: a structural [`Kind`] or a content detector id.
    pub kind: String,
    pub severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// Embedded files this finding sits in, outermost first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub embedded: Vec<String>,
    pub message: String,
    /// How many cells or items it covers.
    pub count: u64,
    /// For `hidden_sheet`: whether it is very hidden.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub very_hidden: Option<bool>,
    /// Whether the finding sits somewhere a reader would not see.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
    /// Which evidence fired (header, keyword, rank prefix, checksum, roster...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// A value from the file; masked unless the user asked for values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<String>,
    /// The policy key that set the severity (`kind` or `kind.variant`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// An officer reviewed and accepted this finding (`--accept`, see
    /// [`crate::accept`]): it is still reported but no longer counts
    /// toward the verdict.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub accepted: bool,
    /// The accepted-findings fingerprint ([`crate::accept::fingerprint`]),
    /// set when the file's content hash is known. It is taken with a sheet
    /// name that names a person in its masked form, so a report made with
    /// `--show-values` and one made without give the same fingerprints.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// For text outside the grid, the place it sits in ("sheet_name",
    /// "comment"...): the redaction log says what became of it. Not in
    /// reports (the message says it).
    #[serde(skip)]
    pub place: Option<&'static str>,
}

impl Finding {
    pub fn new(kind: impl Into<String>, severity: Severity, message: impl Into<String>) -> Self {
        Finding {
            kind: kind.into(),
            severity,
            sheet: None,
            cell: None,
            part: None,
            embedded: Vec::new(),
            message: message.into(),
            count: 1,
            very_hidden: None,
            hidden: false,
            evidence: Vec::new(),
            sample: None,
            rule: None,
            accepted: false,
            fingerprint: None,
            place: None,
        }
    }

    pub fn at(mut self, loc: &crate::model::Location) -> Self {
        self.sheet = loc.sheet.clone();
        self.cell = loc.cell.clone();
        self.part = loc.part.clone();
        self.embedded = loc.embedded.clone();
        self
    }
}
