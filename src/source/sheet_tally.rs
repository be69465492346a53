//! What the OOXML and xlsb sheet readers keep the same way while they stream
//! a sheet: the workbook's cell budget, features counted per sheet
//! (hyperlinks, validation lists) and columns hidden by a zero default width.

use std::sync::atomic::{AtomicU64, Ordering};

use super::{Limits, Result, SourceError};
use crate::finding::Kind;
use crate::model::{Feature, IndexSet, Location, TextPlace, Visitor};
use crate::numbers::thousands;
use crate::source::link_target::is_local_path;
use crate::source::ooxml::opc::Relationship;

/// Highest 0-based column index in a worksheet (XFD).
pub(crate) const MAX_COL: u32 = 16_383;
/// Cells counted locally before they are charged to the workbook's budget.
const CELL_BATCH: u64 = 4096;

/// Charges a sheet's cells to the budget its workbook shares across the
/// sheets read in parallel.
pub(crate) struct CellBudget<'a> {
    cells: &'a AtomicU64,
    limits: &'a Limits,
    part: &'a str,
    batch: u64,
    /// Cells this sheet has given so far.
    pub sent: u64,
}

impl<'a> CellBudget<'a> {
    pub fn new(cells: &'a AtomicU64, limits: &'a Limits, part: &'a str) -> Self {
        CellBudget {
            cells,
            limits,
            part,
            batch: 0,
            sent: 0,
        }
    }

    /// One more cell; an error once the workbook holds more than the limit.
    pub fn add(&mut self) -> Result<()> {
        self.sent += 1;
        self.batch += 1;
        if self.batch >= CELL_BATCH {
            self.charge()?;
        }
        Ok(())
    }

    /// Charge what is still counted locally (at the end of the sheet).
    pub fn charge(&mut self) -> Result<()> {
        if self.batch == 0 {
            return Ok(());
        }
        let before = self.cells.fetch_add(self.batch, Ordering::Relaxed);
        let total = before.saturating_add(self.batch);
        self.batch = 0;
        if total > self.limits.max_cells {
            return Err(SourceError::Limit(format!(
                "the workbook holds more than {} cells (reached in {})",
                thousands(self.limits.max_cells),
                self.part
            )));
        }
        Ok(())
    }
}

/// Features counted per sheet: one per kind and variant, with the first
/// cell and a sample.
#[derive(Default)]
pub(crate) struct SheetTally {
    items: Vec<Agg>,
}

struct Agg {
    kind: Kind,
    variant: &'static str,
    count: u64,
    first_cell: Option<String>,
    sample: String,
}

impl SheetTally {
    /// Count one more `kind.variant` at `cell` (A1; empty when unknown).
    pub fn add(&mut self, kind: Kind, variant: &'static str, cell: String, sample: &str) {
        if let Some(a) = self
            .items
            .iter_mut()
            .find(|a| a.kind == kind && a.variant == variant)
        {
            a.count += 1;
            return;
        }
        self.items.push(Agg {
            kind,
            variant,
            count: 1,
            first_cell: Some(cell).filter(|c| !c.is_empty()),
            sample: sample.to_string(),
        });
    }

    /// Report one feature per kind and variant, at the sheet's location.
    pub fn report(self, sheet: &Location, visitor: &dyn Visitor) {
        for a in self.items {
            let mut l = sheet.clone();
            l.cell = a.first_cell;
            let msg = match (a.kind, a.variant) {
                (Kind::Hyperlink, "local_path") => {
                    "Hyperlinks to local or network file paths (they can name a user or server)."
                }
                (Kind::Hyperlink, "web") => "Hyperlinks to addresses outside the file.",
                (Kind::Hyperlink, _) => "Hyperlinks to places inside the workbook.",
                (_, "hidden_source") => "A drop-down list takes its values from a hidden sheet.",
                _ => "Cells with a drop-down validation list.",
            };
            let f = Feature::new(a.kind, l, msg)
                .variant(a.variant)
                .count(a.count);
            let f = if a.sample.is_empty() {
                f
            } else {
                f.sample(a.sample)
            };
            visitor.feature(f);
        }
    }
}

/// A hyperlink as a sheet stores it (`<hyperlink>` or `BrtHLink`).
pub(crate) struct Hyperlink<'a> {
    /// First cell of its range, as A1 (empty when unknown).
    pub cell: String,
    /// The relationship holding its target, when it has one.
    pub rel: Option<&'a Relationship>,
    /// A place inside the workbook (`Sheet2!A1`).
    pub location: Option<String>,
    pub tooltip: Option<String>,
    pub display: Option<String>,
}

impl SheetTally {
    /// Show a hyperlink's texts to the detectors and count it as local
    /// path, web address or internal link.
    pub fn hyperlink(&mut self, link: Hyperlink<'_>, sheet: &Location, visitor: &dyn Visitor) {
        let mut l = sheet.clone();
        if !link.cell.is_empty() {
            l.cell = Some(link.cell.clone());
        }
        let location = link.location.filter(|s| !s.trim().is_empty());
        let (variant, target) = match (link.rel, &location) {
            (Some(rel), _) if rel.external => {
                let v = if is_local_path(&rel.target) {
                    "local_path"
                } else {
                    "web"
                };
                (v, rel.target.clone())
            }
            (Some(rel), _) => ("internal", rel.target.clone()),
            (None, Some(loc)) => ("internal", loc.clone()),
            (None, None) => return,
        };
        let text = |field: &'static str, t: &str| {
            visitor.text(
                TextPlace {
                    kind: Kind::Hyperlink,
                    location: &l,
                    field: Some(field),
                    hidden: field != "display",
                },
                t,
            )
        };
        text("target", &target);
        if let Some(loc) = &location
            && variant != "internal"
        {
            text("location", loc);
        }
        if let Some(t) = link.tooltip.filter(|t| !t.trim().is_empty()) {
            text("tooltip", &t);
        }
        if let Some(t) = link.display.filter(|t| !t.trim().is_empty()) {
            text("display", &t);
        }
        self.add(Kind::Hyperlink, variant, link.cell, &target);
    }
}

/// The hidden columns of a sheet: those hidden one by one, plus, when the
/// default column width is zero, every column without its own width.
pub(crate) fn close_columns(
    mut hidden: IndexSet,
    explicit: &IndexSet,
    default_hidden: bool,
) -> IndexSet {
    if default_hidden {
        let mut start = 0u32;
        for &(a, b) in explicit.ranges() {
            if a > start {
                hidden.insert_range(start, a - 1);
            }
            start = b.saturating_add(1);
        }
        if start <= MAX_COL {
            hidden.insert_range(start, MAX_COL);
        }
    }
    hidden
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_without_their_own_width_hide_when_the_default_is_zero() {
        let mut own = IndexSet::default();
        own.insert_range(0, 1);
        own.insert_range(5, 5);
        let mut one = IndexSet::default();
        one.insert(1);
        let all = close_columns(one.clone(), &own, true);
        assert!(!all.contains(0) && all.contains(1) && all.contains(2) && all.contains(4));
        assert!(!all.contains(5) && all.contains(6) && all.contains(MAX_COL));
        let same = close_columns(one, &own, false);
        assert!(same.contains(1) && !same.contains(2));
    }

    #[test]
    fn the_budget_is_shared_and_stops_at_the_limit() {
        let cells = AtomicU64::new(0);
        let limits = Limits {
            max_cells: 5000,
            ..Limits::default()
        };
        let mut a = CellBudget::new(&cells, &limits, "a.xml");
        for _ in 0..3000 {
            a.add().unwrap();
        }
        a.charge().unwrap();
        let mut b = CellBudget::new(&cells, &limits, "b.xml");
        let mut failed = None;
        for _ in 0..CELL_BATCH {
            if let Err(e) = b.add() {
                failed = Some(e.to_string());
                break;
            }
        }
        assert!(failed.is_some_and(|m| m.contains("b.xml")));
    }
}
