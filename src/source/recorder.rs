//! A visitor that records everything a source reports, for the sources' unit
//! tests.
//!
//! ```text
//! let rec = Recorder::default();
//! CsvReader.inspect(Input::Bytes(b"name\nJane Doe\n"), &ctx, &rec)?;
//! assert_eq!(rec.cell("a", 1, 0).unwrap().value, V::Text("Jane Doe".into()));
//! ```

use std::sync::Mutex;

use crate::finding::Kind;
use crate::model::{
    Cell, CellFormat, Feature, Hide, Location, Presentation, SheetInfo, SheetLayout, SheetVisitor,
    TextPlace, Value, Visitor,
};

/// A cell value, owned.
#[derive(Clone, Debug, PartialEq)]
pub enum V {
    Text(String),
    Number(f64),
    DateTime(f64),
    Bool(bool),
    Error(String),
}

impl V {
    /// The value as one string: text and errors as they are, numbers and
    /// date serials as Rust prints the `f64`.
    pub fn show(&self) -> String {
        match self {
            V::Text(s) | V::Error(s) => s.clone(),
            V::Number(n) | V::DateTime(n) => format!("{n}"),
            V::Bool(b) => format!("{b}"),
        }
    }
}

/// One cell the visitor received.
#[derive(Clone, Debug)]
pub struct RecCell {
    pub sheet: String,
    pub row: u32,
    pub col: u32,
    pub value: V,
    pub formula: Option<String>,
    pub hide: Hide,
}

/// One text the visitor received.
#[derive(Clone, Debug)]
pub struct RecText {
    pub kind: Kind,
    pub location: Location,
    pub field: Option<String>,
    pub hidden: bool,
    pub text: String,
}

/// Records everything a source reports.
#[derive(Default)]
pub struct Recorder {
    pub sheets: Mutex<Vec<SheetInfo>>,
    pub cells: Mutex<Vec<RecCell>>,
    pub layouts: Mutex<Vec<(String, SheetLayout)>>,
    pub features: Mutex<Vec<Feature>>,
    pub texts: Mutex<Vec<RecText>>,
    pub incomplete: Mutex<Vec<(Location, String)>>,
    /// (sheet, row, col, format) from `cell_format`.
    pub formats: Mutex<Vec<(String, u32, u32, CellFormat)>>,
    pub presentations: Mutex<Vec<(String, Presentation)>>,
}

impl Recorder {
    pub fn features(&self) -> Vec<Feature> {
        self.features.lock().unwrap().clone()
    }
    /// The features of this kind.
    pub fn of_kind(&self, kind: Kind) -> Vec<Feature> {
        self.features()
            .into_iter()
            .filter(|f| f.kind == kind)
            .collect()
    }
    /// The features of this kind with this variant.
    pub fn variant(&self, kind: Kind, variant: &str) -> Vec<Feature> {
        self.of_kind(kind)
            .into_iter()
            .filter(|f| f.variant == Some(variant))
            .collect()
    }
    pub fn cells(&self) -> Vec<RecCell> {
        self.cells.lock().unwrap().clone()
    }
    pub fn cell(&self, sheet: &str, row: u32, col: u32) -> Option<RecCell> {
        self.cells()
            .into_iter()
            .find(|c| c.sheet == sheet && c.row == row && c.col == col)
    }
    /// The cell at an A1 reference such as `"B3"`.
    pub fn cell_a1(&self, sheet: &str, a1: &str) -> Option<RecCell> {
        let (row, col) = crate::model::parse_a1(a1)?;
        self.cell(sheet, row, col)
    }
    pub fn sheets(&self) -> Vec<SheetInfo> {
        self.sheets.lock().unwrap().clone()
    }
    pub fn layout(&self, sheet: &str) -> Option<SheetLayout> {
        self.layouts
            .lock()
            .unwrap()
            .iter()
            .find(|(s, _)| s == sheet)
            .map(|(_, l)| l.clone())
    }
    /// (kind, field, text) of every text handed over.
    pub fn texts(&self) -> Vec<(Kind, Option<String>, String)> {
        self.texts
            .lock()
            .unwrap()
            .iter()
            .map(|t| (t.kind, t.field.clone(), t.text.clone()))
            .collect()
    }
    pub fn full_texts(&self) -> Vec<RecText> {
        self.texts.lock().unwrap().clone()
    }
    /// A text containing `t`, of any kind.
    pub fn has_text(&self, t: &str) -> bool {
        self.text_with(t).is_some()
    }
    /// A text of this kind containing `t`.
    pub fn has_text_of(&self, kind: Kind, t: &str) -> bool {
        self.full_texts()
            .iter()
            .any(|x| x.kind == kind && x.text.contains(t))
    }
    /// A text containing `t` with exactly this field.
    pub fn has_text_field(&self, t: &str, field: &str) -> bool {
        self.full_texts()
            .iter()
            .any(|x| x.text.contains(t) && x.field.as_deref() == Some(field))
    }
    /// The first text containing `t`.
    pub fn text_with(&self, t: &str) -> Option<RecText> {
        self.full_texts().into_iter().find(|x| x.text.contains(t))
    }
    /// (location, reason) of every part reported incomplete.
    pub fn incomplete(&self) -> Vec<(Location, String)> {
        self.incomplete.lock().unwrap().clone()
    }
}

struct SheetRec<'a> {
    rec: &'a Recorder,
    name: String,
    /// The cell the last `cell_format` was for, until its `cell`.
    format_for: Option<(u32, u32)>,
}

impl SheetVisitor for SheetRec<'_> {
    fn cell_format(&mut self, row: u32, col: u32, f: &CellFormat) {
        assert!(self.format_for.is_none(), "two formats for one cell");
        self.format_for = Some((row, col));
        self.rec
            .formats
            .lock()
            .unwrap()
            .push((self.name.clone(), row, col, f.clone()));
    }
    fn presentation(&mut self, p: &Presentation) {
        self.rec
            .presentations
            .lock()
            .unwrap()
            .push((self.name.clone(), p.clone()));
    }
    fn cell(&mut self, cell: &Cell<'_>) {
        if let Some(at) = self.format_for.take() {
            assert_eq!(at, (cell.row, cell.col), "cell_format is for the next cell");
        }
        let value = match cell.value {
            Value::Text(s) => V::Text(s.to_string()),
            Value::Number(n) => V::Number(n),
            Value::DateTime(n) => V::DateTime(n),
            Value::Bool(b) => V::Bool(b),
            Value::Error(s) => V::Error(s.to_string()),
        };
        self.rec.cells.lock().unwrap().push(RecCell {
            sheet: self.name.clone(),
            row: cell.row,
            col: cell.col,
            value,
            formula: cell.formula.map(str::to_string),
            hide: cell.hide,
        });
    }
    fn finish(self: Box<Self>, layout: SheetLayout) {
        self.rec
            .layouts
            .lock()
            .unwrap()
            .push((self.name.clone(), layout));
    }
}

impl Visitor for Recorder {
    fn sheet(&self, sheet: &SheetInfo) -> Box<dyn SheetVisitor + Send + '_> {
        self.sheets.lock().unwrap().push(sheet.clone());
        Box::new(SheetRec {
            rec: self,
            name: sheet.name.clone(),
            format_for: None,
        })
    }
    fn feature(&self, feature: Feature) {
        self.features.lock().unwrap().push(feature);
    }
    fn text(&self, place: TextPlace<'_>, text: &str) {
        self.texts.lock().unwrap().push(RecText {
            kind: place.kind,
            location: place.location.clone(),
            field: place.field.map(str::to_string),
            hidden: place.hidden,
            text: text.to_string(),
        });
    }
    fn incomplete(&self, location: &Location, reason: &str) {
        self.incomplete
            .lock()
            .unwrap()
            .push((location.clone(), reason.to_string()));
    }
}
