//! What the OOXML and xlsb sheet readers keep the same way while they stream
//! a sheet: the workbook's cell budget, features counted per sheet
//! (hyperlinks, validation lists) and columns hidden by a zero default width.

use std::sync::atomic::{AtomicU64, Ordering};

use super::{Limits, Result, SourceError};
use crate::finding::Kind;
use crate::model::{Feature, IndexSet, Location, Visitor};

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
                self.limits.max_cells, self.part
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
