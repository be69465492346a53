//! The visitor that sits between a source and the findings of one file: it
//! runs the structural grid checks on every sheet, turns the source's
//! features into findings with the policy's severities, and collects
//! everything for the verdict.

use std::sync::Mutex;

use crate::finding::{Finding, Kind};
use crate::model::{Cell, Feature, Location, SheetInfo, SheetLayout, SheetVisitor, TextPlace, Visitor};
use crate::policy::Policy;

use super::structure::{SheetGrid, SheetMap, is_aggregate, references};

/// Collects the findings of one file (and the files embedded in it).
pub struct Collector<'p> {
    policy: &'p Policy,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    findings: Vec<Finding>,
    incomplete: Vec<String>,
    sheets: SheetMap,
    /// Visible formulas to check once every sheet's layout is known:
    /// (embedded chain, sheet name, row, col, formula).
    formulas: Vec<(Vec<String>, String, u32, u32, String)>,
    sheet_maps: Vec<(Vec<String>, SheetMap)>,
}

/// What the collector hands back when the source is done.
pub struct Collected {
    pub findings: Vec<Finding>,
    /// Reasons the file was not fully inspected (embedded failures...).
    pub incomplete: Vec<String>,
}

impl<'p> Collector<'p> {
    pub fn new(policy: &'p Policy) -> Self {
        Collector {
            policy,
            state: Mutex::new(State::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock must not hide findings.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn push(&self, f: Finding) {
        self.lock().findings.push(f);
    }

    /// Finish: resolve the checks that need every sheet, and return the findings.
    pub fn finish(self) -> Collected {
        let policy = self.policy;
        let mut st = self.state.into_inner().unwrap_or_else(|p| p.into_inner());
        let formulas = std::mem::take(&mut st.formulas);
        let mut maps = std::mem::take(&mut st.sheet_maps);
        maps.push((Vec::new(), std::mem::take(&mut st.sheets)));
        // One finding per (sheet, target, aggregate or not).
        let mut grouped: std::collections::BTreeMap<(Vec<String>, String, String, bool), (u64, u32, u32)> =
            Default::default();
        for (chain, sheet, row, col, formula) in formulas {
            let Some((_, map)) = maps.iter().find(|(c, _)| *c == chain) else { continue };
            for r in references(&formula) {
                if let Some(target) = map.hidden_target(&sheet, &r) {
                    let agg = is_aggregate(&formula);
                    let e = grouped.entry((chain.clone(), sheet.clone(), target, agg)).or_insert((0, row, col));
                    e.0 += 1;
                    break;
                }
            }
        }
        for ((chain, sheet, target, agg), (count, row, col)) in grouped {
            let variant = if agg { Some("aggregate") } else { None };
            let cell = crate::model::a1(row, col);
            let message = if agg {
                format!(
                    "{count} visible formula{} total up {target} (first at {cell}); the total may be fine, but the hidden source goes out with the file.",
                    if count == 1 { "" } else { "s" }
                )
            } else {
                format!(
                    "{count} visible formula{} copy values from {target} (first at {cell}); the cached result shows hidden data.",
                    if count == 1 { "" } else { "s" }
                )
            };
            let loc = Location {
                embedded: chain,
                sheet: Some(sheet),
                cell: Some(cell),
                part: None,
            };
            st.findings.push(structural(policy, Kind::FormulaToHidden, variant, &loc, count, message, None));
        }
        Collected {
            findings: st.findings,
            incomplete: st.incomplete,
        }
    }
}

/// Build a structural finding with the policy's severity.
fn structural(
    policy: &Policy,
    kind: Kind,
    variant: Option<&str>,
    loc: &Location,
    count: u64,
    message: String,
    sample: Option<String>,
) -> Finding {
    let mut f = Finding::new(kind.as_str(), policy.severity(kind.as_str(), variant), message).at(loc);
    f.count = count;
    f.sample = sample;
    f.hidden = true;
    f.rule = Some(policy.rule_key(kind.as_str(), variant));
    if kind == Kind::HiddenSheet {
        f.very_hidden = Some(variant == Some("very_hidden"));
    }
    f
}

impl Visitor for Collector<'_> {
    fn sheet(&self, sheet: &SheetInfo) -> Box<dyn SheetVisitor + Send + '_> {
        Box::new(SheetCollector {
            owner: self,
            grid: SheetGrid::new(sheet.clone()),
        })
    }

    fn feature(&self, feature: Feature) {
        let Feature {
            kind,
            variant,
            location,
            count,
            message,
            sample,
        } = feature;
        let mut f = structural(self.policy, kind, variant, &location, count, message, sample);
        // Visible-by-nature places are not "hidden" in the finding's sense.
        f.hidden = !matches!(
            kind,
            Kind::Hyperlink | Kind::FormulaLikeCsvCell | Kind::LockFile | Kind::Image | Kind::DrawingText
        );
        self.push(f);
    }

    fn text(&self, _place: TextPlace<'_>, _text: &str) {
        // Content detection hooks in here (see detect::people).
    }

    fn incomplete(&self, location: &Location, reason: &str) {
        let mut place = location.embedded.join(" > ");
        if let Some(p) = &location.part {
            if !place.is_empty() {
                place.push_str(" > ");
            }
            place.push_str(p);
        }
        let msg = if place.is_empty() {
            reason.to_string()
        } else {
            format!("{place}: {reason}")
        };
        self.lock().incomplete.push(msg);
    }
}

/// Follows one sheet for the collector.
struct SheetCollector<'c, 'p> {
    owner: &'c Collector<'p>,
    grid: SheetGrid,
}

impl SheetVisitor for SheetCollector<'_, '_> {
    fn cell(&mut self, cell: &Cell<'_>) {
        if cell.value.is_blank() {
            return;
        }
        let _hide = self.grid.cell(cell);
    }

    fn finish(self: Box<Self>, layout: SheetLayout) {
        let grid = self.grid;
        let info = &grid.info;
        let policy = self.owner.policy;
        let loc = Location {
            embedded: info.embedded.clone(),
            part: info.part.clone(),
            sheet: Some(info.name.clone()),
            cell: None,
        };
        let found = grid.finish();
        let mut st = self.owner.lock();
        for g in found {
            let l = Location {
                cell: g.cell.clone(),
                ..loc.clone()
            };
            st.findings.push(structural(policy, g.kind, g.variant, &l, g.count, g.message, None));
        }
        let chain = info.embedded.clone();
        for (r, c, f) in grid.formulas() {
            st.formulas.push((chain.clone(), info.name.clone(), *r, *c, f.clone()));
        }
        if chain.is_empty() {
            st.sheets.insert(&info.name, info.state, layout);
        } else {
            match st.sheet_maps.iter_mut().find(|(c, _)| *c == chain) {
                Some((_, m)) => m.insert(&info.name, info.state, layout),
                None => {
                    let mut m = SheetMap::default();
                    m.insert(&info.name, info.state, layout);
                    st.sheet_maps.push((chain, m));
                }
            }
        }
    }
}
