//! What a scan inspected, for the "what was inspected" list of a report: a
//! visitor that sits in front of the detectors, passes everything on
//! unchanged, and notes each sheet (state, kind, cells read) and each
//! package part a reader reported on.

use std::collections::BTreeSet;
use std::sync::Mutex;

use crate::model::{
    Cell, CellFormat, CellPrework, Feature, Location, Prepared, Presentation, SheetInfo, SheetKind,
    SheetLayout, SheetState, SheetVisitor, TextPlace, Visitor,
};
use crate::numbers::thousands;

/// Most parts listed per file; the rest are counted in one line.
const MAX_PARTS: usize = 200;

#[derive(Default)]
struct State {
    /// (embedded chain, index, name, state, kind, part, cells read, finished)
    sheets: Vec<SheetSeen>,
    parts: BTreeSet<(Vec<String>, String)>,
}

struct SheetSeen {
    embedded: Vec<String>,
    index: usize,
    name: String,
    state: SheetState,
    kind: SheetKind,
    part: Option<String>,
    cells: u64,
}

/// Passes everything to `inner` and notes what was seen.
pub struct Coverage<'a> {
    inner: &'a dyn Visitor,
    state: Mutex<State>,
}

impl<'a> Coverage<'a> {
    pub fn new(inner: &'a dyn Visitor) -> Self {
        Coverage {
            inner,
            state: Mutex::new(State::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn note_part(&self, loc: &Location) {
        if let Some(p) = &loc.part {
            let mut st = self.lock();
            if st.parts.len() <= MAX_PARTS {
                st.parts.insert((loc.embedded.clone(), p.clone()));
            }
        }
    }

    /// Sheets of the file itself (not of files embedded in it) seen so far.
    pub fn own_sheets(&self) -> usize {
        self.lock()
            .sheets
            .iter()
            .filter(|s| s.embedded.is_empty())
            .count()
    }

    /// One line per sheet (in workbook order), then one per part not
    /// already named by a sheet.
    pub fn finish(self) -> Vec<String> {
        let st = self.state.into_inner().unwrap_or_else(|p| p.into_inner());
        let mut sheets = st.sheets;
        sheets.sort_by(|a, b| a.embedded.cmp(&b.embedded).then(a.index.cmp(&b.index)));
        let mut out = Vec::new();
        let mut sheet_parts = BTreeSet::new();
        for s in &sheets {
            let state = match s.state {
                SheetState::Visible => "visible",
                SheetState::Hidden => "hidden",
                SheetState::VeryHidden => "very hidden",
            };
            let kind = match s.kind {
                SheetKind::Worksheet => "sheet",
                SheetKind::Chartsheet => "chart sheet",
                SheetKind::Macrosheet => "macro sheet",
                SheetKind::Dialogsheet => "dialog sheet",
            };
            let mut line = String::new();
            if !s.embedded.is_empty() {
                line.push_str(&format!("in embedded {}: ", s.embedded.join(" > ")));
            }
            line.push_str(&format!(
                "{kind} '{}': {state}, {} cell{} read",
                s.name,
                thousands(s.cells),
                if s.cells == 1 { "" } else { "s" }
            ));
            if let Some(p) = &s.part {
                line.push_str(&format!(" ({p})"));
                sheet_parts.insert((s.embedded.clone(), p.clone()));
            }
            out.push(line);
        }
        let mut listed = 0;
        for (chain, part) in &st.parts {
            if sheet_parts.contains(&(chain.clone(), part.clone())) {
                continue;
            }
            if listed == MAX_PARTS {
                out.push(format!(
                    "... and more parts (only the first {MAX_PARTS} are listed)"
                ));
                break;
            }
            listed += 1;
            if chain.is_empty() {
                out.push(format!("part {part}"));
            } else {
                out.push(format!("in embedded {}: part {part}", chain.join(" > ")));
            }
        }
        out
    }
}

impl Visitor for Coverage<'_> {
    fn sheet(&self, sheet: &SheetInfo) -> Box<dyn SheetVisitor + Send + '_> {
        let slot = {
            let mut st = self.lock();
            st.sheets.push(SheetSeen {
                embedded: sheet.embedded.clone(),
                index: sheet.index,
                name: sheet.name.clone(),
                state: sheet.state,
                kind: sheet.kind,
                part: sheet.part.clone(),
                cells: 0,
            });
            st.sheets.len() - 1
        };
        Box::new(CoverageSheet {
            owner: self,
            inner: self.inner.sheet(sheet),
            slot,
            cells: 0,
        })
    }
    fn feature(&self, feature: Feature) {
        self.note_part(&feature.location);
        self.inner.feature(feature);
    }
    fn text(&self, place: TextPlace<'_>, text: &str) {
        self.note_part(place.location);
        self.inner.text(place, text);
    }
    fn incomplete(&self, location: &Location, reason: &str) {
        self.inner.incomplete(location, reason);
    }
    fn defined_name(&self, location: &Location, name: &str, refers_to: &str) {
        self.inner.defined_name(location, name, refers_to);
    }
}

struct CoverageSheet<'a> {
    owner: &'a Coverage<'a>,
    inner: Box<dyn SheetVisitor + Send + 'a>,
    slot: usize,
    cells: u64,
}

impl SheetVisitor for CoverageSheet<'_> {
    fn cell(&mut self, cell: &Cell<'_>) {
        if !cell.value.is_blank() {
            self.cells += 1;
        }
        self.inner.cell(cell);
    }
    fn cell_format(&mut self, row: u32, col: u32, format: &CellFormat) {
        self.inner.cell_format(row, col, format);
    }
    fn presentation(&mut self, presentation: &Presentation) {
        self.inner.presentation(presentation);
    }
    fn prework(&mut self) -> Option<Box<dyn CellPrework>> {
        self.inner.prework()
    }
    fn cells(&mut self, cells: &[Cell<'_>], done: Option<Prepared<'_>>) {
        self.cells += cells.iter().filter(|c| !c.value.is_blank()).count() as u64;
        self.inner.cells(cells, done);
    }
    fn finish(self: Box<Self>, layout: SheetLayout) {
        let CoverageSheet {
            owner,
            inner,
            slot,
            cells,
        } = *self;
        if let Some(s) = owner.lock().sheets.get_mut(slot) {
            s.cells = cells;
        }
        inner.finish(layout);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Kind;
    use crate::model::Value;

    /// Counts what reaches it.
    #[derive(Default)]
    struct Sink {
        texts: Mutex<Vec<String>>,
        cells: std::sync::atomic::AtomicU64,
    }
    struct SinkSheet<'a>(&'a Sink);
    impl SheetVisitor for SinkSheet<'_> {
        fn cell(&mut self, _cell: &Cell<'_>) {
            self.0
                .cells
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        fn finish(self: Box<Self>, _layout: SheetLayout) {}
    }
    impl Visitor for Sink {
        fn sheet(&self, _sheet: &SheetInfo) -> Box<dyn SheetVisitor + Send + '_> {
            Box::new(SinkSheet(self))
        }
        fn feature(&self, _feature: Feature) {}
        fn text(&self, _place: TextPlace<'_>, text: &str) {
            self.texts.lock().unwrap().push(text.to_string());
        }
        fn incomplete(&self, _location: &Location, _reason: &str) {}
    }

    #[test]
    fn notes_sheets_and_parts_and_passes_everything_on() {
        let sink = Sink::default();
        let cov = Coverage::new(&sink);
        let info = SheetInfo {
            index: 1,
            name: "Staff".into(),
            state: SheetState::Hidden,
            kind: SheetKind::Worksheet,
            part: Some("xl/worksheets/sheet2.xml".into()),
            embedded: Vec::new(),
        };
        let mut sv = cov.sheet(&info);
        for (i, v) in ["Jane", "", "Doe"].iter().enumerate() {
            sv.cell(&Cell {
                row: 0,
                col: i as u32,
                value: Value::Text(v),
                formula: None,
                hide: crate::model::Hide::NONE,
            });
        }
        sv.finish(SheetLayout::default());
        let loc = Location::part("docProps/core.xml");
        cov.text(
            TextPlace {
                kind: Kind::DocumentProperties,
                location: &loc,
                field: Some("creator"),
                hidden: true,
            },
            "J Doe",
        );
        // The sheet's own part is not listed twice.
        let loc = Location::part("xl/worksheets/sheet2.xml");
        cov.feature(Feature::new(Kind::HeaderFooter, loc, "header"));
        let lines = cov.finish();
        assert_eq!(
            lines,
            vec![
                "sheet 'Staff': hidden, 2 cells read (xl/worksheets/sheet2.xml)".to_string(),
                "part docProps/core.xml".to_string(),
            ]
        );
        assert_eq!(sink.cells.load(std::sync::atomic::Ordering::Relaxed), 3);
        assert_eq!(sink.texts.lock().unwrap().as_slice(), ["J Doe"]);
    }
}
