//! A recording visitor and part contexts for the part parsers' unit tests.

use std::sync::Mutex;

use super::{PartCtx, inspect_part};
use crate::finding::Kind;
use crate::model::{
    Cell, Feature, Location, SheetInfo, SheetLayout, SheetVisitor, TextPlace, Visitor,
};
use crate::source::{Context, Input, Limits, Result};

/// One text the visitor received.
#[derive(Clone, Debug)]
pub struct Text {
    pub kind: Kind,
    pub location: Location,
    pub field: Option<String>,
    pub hidden: bool,
    pub text: String,
}

/// Records everything a source reports.
#[derive(Default)]
pub struct Recorder {
    pub features: Mutex<Vec<Feature>>,
    pub texts: Mutex<Vec<Text>>,
    pub incomplete: Mutex<Vec<(Location, String)>>,
    pub sheets: Mutex<Vec<SheetInfo>>,
    pub cells: Mutex<Vec<(String, String)>>,
}

impl Recorder {
    pub fn features(&self) -> Vec<Feature> {
        self.features.lock().map(|v| v.clone()).unwrap_or_default()
    }
    pub fn texts(&self) -> Vec<Text> {
        self.texts.lock().map(|v| v.clone()).unwrap_or_default()
    }
    pub fn incomplete(&self) -> Vec<(Location, String)> {
        self.incomplete
            .lock()
            .map(|v| v.clone())
            .unwrap_or_default()
    }
    pub fn sheets(&self) -> Vec<SheetInfo> {
        self.sheets.lock().map(|v| v.clone()).unwrap_or_default()
    }
    pub fn has_text(&self, t: &str) -> bool {
        self.texts().iter().any(|x| x.text.contains(t))
    }
    /// A text containing `t` with exactly this field.
    pub fn has_text_field(&self, t: &str, field: &str) -> bool {
        self.texts()
            .iter()
            .any(|x| x.text.contains(t) && x.field.as_deref() == Some(field))
    }
    pub fn text_with(&self, t: &str) -> Option<Text> {
        self.texts().into_iter().find(|x| x.text.contains(t))
    }
    pub fn of_kind(&self, k: Kind) -> Vec<Feature> {
        self.features()
            .into_iter()
            .filter(|f| f.kind == k)
            .collect()
    }
}

struct SheetRec<'a> {
    rec: &'a Recorder,
    name: String,
}

impl SheetVisitor for SheetRec<'_> {
    fn cell(&mut self, cell: &Cell<'_>) {
        let v = match cell.value {
            crate::model::Value::Text(s) => s.to_string(),
            crate::model::Value::Number(n) | crate::model::Value::DateTime(n) => n.to_string(),
            crate::model::Value::Bool(b) => b.to_string(),
            crate::model::Value::Error(e) => e.to_string(),
        };
        if let Ok(mut c) = self.rec.cells.lock() {
            c.push((self.name.clone(), v));
        }
    }
    fn finish(self: Box<Self>, _layout: SheetLayout) {}
}

impl Visitor for Recorder {
    fn sheet(&self, sheet: &SheetInfo) -> Box<dyn SheetVisitor + Send + '_> {
        if let Ok(mut s) = self.sheets.lock() {
            s.push(sheet.clone());
        }
        Box::new(SheetRec {
            rec: self,
            name: sheet.name.clone(),
        })
    }
    fn feature(&self, feature: Feature) {
        if let Ok(mut f) = self.features.lock() {
            f.push(feature);
        }
    }
    fn text(&self, place: TextPlace<'_>, text: &str) {
        if let Ok(mut t) = self.texts.lock() {
            t.push(Text {
                kind: place.kind,
                location: place.location.clone(),
                field: place.field.map(str::to_string),
                hidden: place.hidden,
                text: text.to_string(),
            });
        }
    }
    fn incomplete(&self, location: &Location, reason: &str) {
        if let Ok(mut i) = self.incomplete.lock() {
            i.push((location.clone(), reason.to_string()));
        }
    }
}

pub fn test_ctx() -> Context {
    Context::new("test.xlsx", Limits::default())
}

/// A reached part, owned by no sheet, with no external targets.
pub fn part_ctx<'a>(
    name: &'a str,
    ct: Option<&'a str>,
    rel: Option<&'a str>,
    ctx: &'a Context,
) -> PartCtx<'a> {
    PartCtx {
        name,
        content_type: ct,
        rel_type: rel,
        sheet: None,
        sheet_hidden: false,
        reached: true,
        external_targets: &[],
        file: Input::Bytes(&[]),
        ctx,
    }
}

/// Inspect a reached part with a default context.
pub fn run(
    rec: &Recorder,
    name: &str,
    ct: Option<&str>,
    rel: Option<&str>,
    bytes: &[u8],
) -> Result<()> {
    let ctx = test_ctx();
    inspect_part(&part_ctx(name, ct, rel, &ctx), bytes, rec)
}

/// A relationship type in the transitional namespace.
pub fn rel(last: &str) -> String {
    format!("http://schemas.openxmlformats.org/officeDocument/2006/relationships/{last}")
}
