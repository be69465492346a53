//! The workbook part (`xl/workbook.xml`): sheets and their states, defined
//! names, the 1904 date system, and the properties that name people or
//! folders (`x15ac:absPath`, `fileSharing userName`); and the features of
//! the part itself (names, those properties, macrosheets, a hidden window).
//!
//! ```
//! use foiguard::source::ooxml::workbook::sheet_refs;
//! assert_eq!(sheet_refs("SUM('Staff list'!A1:A9)+Data!B2"), vec![("Staff list".to_string(), None), ("Data".to_string(), None)]);
//! assert_eq!(sheet_refs("Jan:Mar!A1"), vec![("Jan".to_string(), Some("Mar".to_string()))]);
//! assert!(sheet_refs("[1]Other!A1").is_empty());
//! ```

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use quick_xml::events::Event;

use super::located;
use super::sheet_parts::SheetEntry;
use crate::finding::Kind;
use crate::model::{Feature, Location, SheetKind, SheetState, TextPlace, Visitor, parse_a1};
use crate::source::xml::{XmlReader, attr, is_true};
use crate::source::{Context, Limits, Result};

/// A `<sheet>` of the workbook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkbookSheet {
    pub name: String,
    /// The relationship id of its part.
    pub rid: String,
    pub state: SheetState,
}

/// A `<definedName>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefinedName {
    pub name: String,
    /// `localSheetId`: the position of the sheet it belongs to.
    pub local_sheet: Option<usize>,
    pub hidden: bool,
    /// What it refers to (formula text, without `=`).
    pub value: String,
    /// The note Name Manager shows beside it (`comment`).
    pub comment: Option<String>,
}

/// What `workbook.xml` says.
#[derive(Clone, Debug, Default)]
pub struct Workbook {
    pub sheets: Vec<WorkbookSheet>,
    pub names: Vec<DefinedName>,
    /// Serial dates count from 1904-01-01.
    pub date1904: bool,
    /// `x15ac:absPath url`: the folder the workbook was last saved in.
    pub abs_path: Option<String>,
    /// `fileSharing userName`: who set a write-reservation password.
    pub sharing_user: Option<String>,
    /// A `workbookView` is hidden (the whole window is hidden).
    pub hidden_window: bool,
}

impl Workbook {
    /// Parse the workbook part to its end.
    pub fn parse<R: BufRead>(reader: R, part: &str, limits: &Limits) -> Result<Workbook> {
        let mut wb = Workbook::default();
        let mut r = XmlReader::new(reader, part, limits);
        loop {
            let ev = r.next()?;
            let is_start = matches!(&ev, Event::Start(_));
            match ev {
                Event::Start(e) | Event::Empty(e) => {
                    let name = e.local_name();
                    match name.as_ref() {
                        "sheet" => {
                            let state = match attr(&e, "state")
                                .as_deref()
                                .map(str::to_ascii_lowercase)
                                .as_deref()
                            {
                                Some("hidden") => SheetState::Hidden,
                                Some("veryhidden") => SheetState::VeryHidden,
                                _ => SheetState::Visible,
                            };
                            wb.sheets.push(WorkbookSheet {
                                name: attr(&e, "name").unwrap_or_default(),
                                rid: attr(&e, "id").unwrap_or_default(),
                                state,
                            });
                        }
                        "workbookPr" => wb.date1904 = is_true(attr(&e, "date1904").as_deref()),
                        "absPath" => wb.abs_path = attr(&e, "url").filter(|u| !u.trim().is_empty()),
                        "fileSharing" => {
                            wb.sharing_user = attr(&e, "userName").filter(|u| !u.trim().is_empty())
                        }
                        "workbookView"
                            if attr(&e, "visibility")
                                .is_some_and(|v| !v.eq_ignore_ascii_case("visible")) =>
                        {
                            wb.hidden_window = true;
                        }
                        "definedName" => {
                            let dn_name = attr(&e, "name").unwrap_or_default();
                            let local_sheet =
                                attr(&e, "localSheetId").and_then(|v| v.trim().parse().ok());
                            let hidden = is_true(attr(&e, "hidden").as_deref());
                            let comment = attr(&e, "comment").filter(|c| !c.trim().is_empty());
                            let value = if is_start {
                                r.read_text()?
                            } else {
                                String::new()
                            };
                            wb.names.push(DefinedName {
                                name: dn_name,
                                local_sheet,
                                hidden,
                                value,
                                comment,
                            });
                        }
                        _ => {}
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(wb)
    }
}

/// Sheets referenced by a formula: `(first, last)` per reference, `last` set
/// for a 3-D range (`Jan:Mar!A1`). References to other workbooks (`[1]Sheet!A1`)
/// are left out.
pub fn sheet_refs(formula: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let chars: Vec<char> = formula.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            i = crate::model::skip_formula_string(&chars, i);
            continue;
        }
        if c == '\'' {
            let (name, next) = crate::model::read_quoted_name(&chars, i);
            i = next;
            if chars.get(i) == Some(&'!') {
                push_ref(&mut out, &name);
            }
            continue;
        }
        if is_name_char(c) || c == '[' {
            let start = i;
            while i < chars.len() && (is_name_char(chars[i]) || matches!(chars[i], ':' | '[' | ']'))
            {
                i += 1;
            }
            if chars.get(i) == Some(&'!') {
                let token: String = chars[start..i].iter().collect();
                push_ref(&mut out, &token);
            }
            continue;
        }
        i += 1;
    }
    out
}

fn push_ref(out: &mut Vec<(String, Option<String>)>, token: &str) {
    if token.contains(']') {
        return; // another workbook
    }
    match token.split_once(':') {
        Some((a, b)) => out.push((a.to_string(), Some(b.to_string()))),
        None => out.push((token.to_string(), None)),
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.' || c == '\\' || c == '?'
}

/// Identifiers in a formula that are not sheet names or functions (candidate
/// defined names), lower-cased.
fn identifiers(formula: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = formula.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' || c == '\'' {
            let q = c;
            i += 1;
            while i < chars.len() && chars[i] != q {
                i += 1;
            }
            i += 1;
            continue;
        }
        if c.is_alphabetic() || c == '_' || c == '\\' {
            let start = i;
            while i < chars.len() && is_name_char(chars[i]) {
                i += 1;
            }
            let next = chars.get(i);
            if next != Some(&'!') && next != Some(&'(') {
                out.push(chars[start..i].iter().collect::<String>().to_lowercase());
            }
            continue;
        }
        i += 1;
    }
    out
}

/// A name's value is a constant: a quoted string, a number or an array.
/// Returns the text to scan.
pub fn constant_text(value: &str) -> Option<String> {
    let v = value.trim().trim_start_matches('=').trim();
    if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        let inner = &v[1..v.len() - 1];
        // One literal only: any lone quote inside means an expression.
        if !inner.replace("\"\"", "").contains('"') {
            return Some(inner.replace("\"\"", "\""));
        }
    }
    if v.starts_with('{') && v.ends_with('}') {
        return Some(v.to_string());
    }
    if !v.is_empty() && v.parse::<f64>().is_ok() {
        return Some(v.to_string());
    }
    None
}

/// Sheet states and defined names, to tell whether a formula reaches a
/// hidden or very hidden sheet (directly or through a name).
#[derive(Clone, Debug, Default)]
pub struct Refs {
    /// Lower-cased sheet name -> (position, state).
    sheets: HashMap<String, (usize, SheetState)>,
    states: Vec<SheetState>,
    /// Lower-cased names whose value reaches a hidden sheet.
    hidden_names: HashSet<String>,
}

impl Refs {
    pub fn new(sheets: &[(String, SheetState)], names: &[DefinedName]) -> Refs {
        let mut refs = Refs {
            sheets: sheets
                .iter()
                .enumerate()
                .map(|(i, (n, s))| (n.to_lowercase(), (i, *s)))
                .collect(),
            states: sheets.iter().map(|(_, s)| *s).collect(),
            hidden_names: HashSet::new(),
        };
        // Names pointing at names: iterate to a fixed point (bounded).
        for _ in 0..8 {
            let mut changed = false;
            for n in names {
                let key = n.name.to_lowercase();
                if !refs.hidden_names.contains(&key) && refs.reaches_hidden(&n.value) {
                    refs.hidden_names.insert(key);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        refs
    }

    fn sheet_hidden(&self, name: &str) -> Option<(usize, bool)> {
        self.sheets
            .get(&name.to_lowercase())
            .map(|(i, s)| (*i, *s != SheetState::Visible))
    }

    /// True when the formula refers to a hidden or very hidden sheet, or to a
    /// defined name that does.
    pub fn reaches_hidden(&self, formula: &str) -> bool {
        for (first, last) in sheet_refs(formula) {
            let Some((a, hidden)) = self.sheet_hidden(&first) else {
                continue;
            };
            if hidden {
                return true;
            }
            if let Some((b, _)) = last.as_deref().and_then(|l| self.sheet_hidden(l)) {
                let (lo, hi) = (a.min(b), a.max(b));
                if self
                    .states
                    .get(lo..=hi)
                    .is_some_and(|s| s.iter().any(|s| *s != SheetState::Visible))
                {
                    return true;
                }
            }
        }
        identifiers(formula)
            .iter()
            .any(|id| self.hidden_names.contains(id))
    }

    /// True when the name (lower- or mixed-case) points into a hidden place.
    pub fn name_is_hidden_ref(&self, name: &str) -> bool {
        self.hidden_names.contains(&name.to_lowercase())
    }
}

/// The autofilter range a `_xlnm._FilterDatabase` name gives: its header row.
pub fn filter_header_row(value: &str) -> u32 {
    let range = value.rsplit('!').next().unwrap_or(value);
    let first = range.split(':').next().unwrap_or(range).trim();
    parse_a1(first).map(|(r, _)| r).unwrap_or(0)
}

/// How a defined name is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameClass {
    /// `_xlnm._FilterDatabase`: tells an autofilter exists; not reported.
    FilterDatabase,
    Builtin,
    /// Excel's placeholder for a newer function (`_xlfn.IFERROR`).
    ExcelFunction,
    HiddenRef,
    Hidden,
    Constant,
    Range,
}

impl NameClass {
    pub fn variant(self) -> &'static str {
        match self {
            NameClass::FilterDatabase | NameClass::Builtin => "builtin",
            NameClass::ExcelFunction => "excel_function",
            NameClass::HiddenRef => "hidden_ref",
            NameClass::Hidden => "hidden",
            NameClass::Constant => "constant",
            NameClass::Range => "range",
        }
    }
}

/// Classify one defined name.
pub fn classify(name: &DefinedName, refs: &Refs) -> NameClass {
    let lower = name.name.to_ascii_lowercase();
    if lower == "_xlnm._filterdatabase" {
        return NameClass::FilterDatabase;
    }
    if lower.starts_with("_xlnm.") {
        return NameClass::Builtin;
    }
    if crate::source::is_excel_function_placeholder(&name.name, Some(&name.value)) {
        return NameClass::ExcelFunction;
    }
    if refs.name_is_hidden_ref(&name.name) || refs.reaches_hidden(&name.value) {
        return NameClass::HiddenRef;
    }
    if name.hidden {
        return NameClass::Hidden;
    }
    if constant_text(&name.value).is_some() {
        return NameClass::Constant;
    }
    NameClass::Range
}

/// Whether a defined name is made of everyday words and numbers only
/// ("StaffList", "Print_Area", "Rate2024"), split at `_`, `.` and capitals.
fn everyday_words(name: &str) -> bool {
    let lex = crate::detect::content::lexicon::lexicon();
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.trim_start_matches("_xlnm.").chars() {
        if !c.is_alphabetic() {
            words.push(std::mem::take(&mut cur));
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase();
        cur.push(c);
    }
    words.push(cur);
    words
        .iter()
        .filter(|w| w.len() > 1)
        .all(|w| lex.is_common(w) || lex.is_stop(w))
}

/// Report every defined name (except `_FilterDatabase`) as a feature; the
/// value of a constant goes to the content detectors too.
pub fn report_names(
    wb: &Workbook,
    refs: &Refs,
    part: &str,
    embedded: &[String],
    visitor: &dyn Visitor,
) {
    for n in &wb.names {
        let class = classify(n, refs);
        let mut loc = Location::part(part);
        loc.embedded = embedded.to_vec();
        if let Some(s) = n.local_sheet.and_then(|i| wb.sheets.get(i)) {
            loc = loc.with_sheet(&s.name);
        }
        // Every name, `_FilterDatabase` too: formulas may use it.
        visitor.defined_name(&loc, &n.name, &n.value);
        if class == NameClass::FilterDatabase {
            continue;
        }
        // Messages are shown unmasked: a name made of everyday words
        // ("StaffList") is quoted, one that may be a person's
        // ("Checked_Eckersley") only in the sample, which is masked.
        let which = if everyday_words(&n.name) {
            format!(" {}", n.name)
        } else {
            String::new()
        };
        let msg = match class {
            NameClass::Builtin => {
                format!("Built-in name{which} (print area, print titles or similar).")
            }
            NameClass::ExcelFunction => format!(
                "Excel's own placeholder{which} for a newer worksheet function, not a name anyone defined."
            ),
            NameClass::HiddenRef => format!("Defined name{which} points into a hidden sheet."),
            NameClass::Hidden => {
                format!("Defined name{which} is hidden: Name Manager does not list it.")
            }
            NameClass::Constant => {
                format!("Defined name{which} holds a value instead of referring to cells.")
            }
            _ => format!("Defined name{which} refers to a range."),
        };
        if let Some(text) = constant_text(&n.value) {
            visitor.text(
                TextPlace {
                    kind: Kind::DefinedName,
                    location: &loc,
                    // A hidden name's values are data no one is shown.
                    field: Some(if class == NameClass::Hidden {
                        "hidden_value"
                    } else {
                        "value"
                    }),
                    hidden: true,
                },
                &text,
            );
        }
        if class != NameClass::Builtin {
            // "Checked_Eckersley", "PC_4521_Hendry": words joined to make a name.
            visitor.text(
                TextPlace {
                    kind: Kind::DefinedName,
                    location: &loc,
                    field: Some("name"),
                    hidden: true,
                },
                &n.name.replace(['_', '.'], " "),
            );
        }
        if let Some(c) = &n.comment {
            visitor.text(
                TextPlace {
                    kind: Kind::DefinedName,
                    location: &loc,
                    field: Some("comment"),
                    hidden: true,
                },
                c,
            );
        }
        visitor.feature(
            Feature::new(Kind::DefinedName, loc, msg)
                .variant(class.variant())
                .sample(format!("{} = {}", n.name, n.value)),
        );
    }
}

/// Features of the workbook part itself: names, the save path, the user who
/// reserved the file, macrosheets, a hidden window.
pub(super) fn report_workbook(
    wb: &Workbook,
    wb_name: &str,
    sheets: &[SheetEntry],
    refs: &Refs,
    ctx: &Context,
    visitor: &dyn Visitor,
) {
    report_names(wb, refs, wb_name, &ctx.embedded, visitor);
    let loc = located(Location::part(wb_name), ctx);
    let prop = |variant: &'static str, field: &'static str, value: &str, msg: &str| {
        visitor.text(
            TextPlace {
                kind: Kind::DocumentProperties,
                location: &loc,
                field: Some(field),
                hidden: true,
            },
            value,
        );
        visitor.feature(
            Feature::new(Kind::DocumentProperties, loc.clone(), msg)
                .variant(variant)
                .sample(value.to_string()),
        );
    };
    if let Some(p) = &wb.abs_path {
        prop(
            "path",
            "absPath",
            p,
            "The workbook records the folder it was last saved in (it can name a user).",
        );
    }
    if let Some(u) = &wb.sharing_user {
        prop(
            "person",
            "userName",
            u,
            "The workbook names the person who reserved it with a password.",
        );
    }
    for s in sheets
        .iter()
        .filter(|s| s.info.kind == SheetKind::Macrosheet)
    {
        let l = located(Location::sheet(&s.info.name).with_part(&s.part), ctx);
        visitor.feature(
            Feature::new(Kind::Macro, l, "An Excel 4.0 macro sheet (XLM code).")
                .variant("xlm_macrosheet"),
        );
    }
    if wb.hidden_window {
        visitor.feature(
            Feature::new(
                Kind::HiddenSheet,
                loc.clone(),
                "The workbook window itself is hidden (View > Unhide shows it).",
            )
            .variant("hidden_window"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WB: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
  <fileSharing userName="Jane Doe" reservationPassword="ABCD"/>
  <workbookPr date1904="1"/>
  <mc:AlternateContent><mc:Choice Requires="x15"><x15ac:absPath xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac" url="C:\Users\jdoe\Documents\"/></mc:Choice></mc:AlternateContent>
  <bookViews><workbookView xWindow="0"/></bookViews>
  <sheets>
    <sheet name="Summary" sheetId="1" r:id="rId1"/>
    <sheet name="Staff list" sheetId="2" state="hidden" r:id="rId2"/>
    <sheet name="Secret" sheetId="3" state="veryHidden" r:id="rId3"/>
  </sheets>
  <definedNames>
    <definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Summary!$A$3:$C$9</definedName>
    <definedName name="_xlnm.Print_Area" localSheetId="0">Summary!$A$1:$C$9</definedName>
    <definedName name="Officers">'Staff list'!$A$1:$A$50</definedName>
    <definedName name="ViaName">Officers</definedName>
    <definedName name="Boss">"DCI Jane &quot;JD&quot; Doe"</definedName>
    <definedName name="Rate">0.25</definedName>
    <definedName name="Arr">{1,"PC 4521"}</definedName>
    <definedName name="Quiet" hidden="1">Summary!$A$1</definedName>
    <definedName name="Table">Summary!$A$1:$C$9</definedName>
    <definedName name="Empty"/>
  </definedNames>
</workbook>"#;

    #[test]
    fn parses_sheets_names_and_properties() {
        let wb = Workbook::parse(WB.as_bytes(), "xl/workbook.xml", &Limits::default()).unwrap();
        assert_eq!(wb.sheets.len(), 3);
        assert_eq!(wb.sheets[1].name, "Staff list");
        assert_eq!(wb.sheets[1].state, SheetState::Hidden);
        assert_eq!(wb.sheets[2].state, SheetState::VeryHidden);
        assert_eq!(wb.sheets[2].rid, "rId3");
        assert!(wb.date1904 && !wb.hidden_window);
        assert_eq!(wb.abs_path.as_deref(), Some(r"C:\Users\jdoe\Documents\"));
        assert_eq!(wb.sharing_user.as_deref(), Some("Jane Doe"));
        assert_eq!(wb.names.len(), 10);
        assert_eq!(wb.names[4].value, "\"DCI Jane \"JD\" Doe\"");
        assert_eq!(wb.names[9].value, "");

        let sheets: Vec<_> = wb
            .sheets
            .iter()
            .map(|s| (s.name.clone(), s.state))
            .collect();
        let refs = Refs::new(&sheets, &wb.names);
        let classes: Vec<_> = wb
            .names
            .iter()
            .map(|n| classify(n, &refs).variant())
            .collect();
        assert_eq!(
            classes,
            vec![
                "builtin",
                "builtin",
                "hidden_ref",
                "hidden_ref",
                "range",
                "constant",
                "constant",
                "hidden",
                "range",
                "range"
            ]
        );
        // The quoted value has a stray quote in it: it is an expression, not
        // one literal; a proper literal is a constant.
        assert_eq!(
            constant_text("\"DCI Jane \"\"JD\"\" Doe\"").as_deref(),
            Some("DCI Jane \"JD\" Doe")
        );
        assert_eq!(filter_header_row(&wb.names[0].value), 2);
        assert!(refs.reaches_hidden("SUM(Summary:Secret!A1)"));
        assert!(refs.reaches_hidden("VLOOKUP(A1,'staff LIST'!A:B,2,0)"));
        assert!(!refs.reaches_hidden("\"Secret!A1\"&Summary!A1"));
    }

    #[test]
    fn truncated_workbook_is_corrupt() {
        let cut = &WB[..WB.len() - 40];
        assert!(matches!(
            Workbook::parse(cut.as_bytes(), "xl/workbook.xml", &Limits::default()),
            Err(crate::source::SourceError::Corrupt(_))
        ));
    }
}
