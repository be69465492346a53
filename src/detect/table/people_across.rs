//! A rota or duty sheet turned on its side: the officers across the top as
//! column headers ("Date | 4521 HENDRY | 3887 DRUMGOOLE | ..."), days or
//! dates down the side, shift codes in the cells. A column header alone
//! never makes a finding: it names a category. These headers name people —
//! each a collar or staff number with a surname — so the header row is
//! itself a list of officers.
//!
//! (With a rank, "PC 4521 HENDRY", each header cell is already a name and
//! a shoulder number to the content scan; without one, no single cell is.)

use crate::detect::content::Evidence;
use crate::numbers::count;

use super::shapes::is_collar_and_name;
use super::{TableAnalyzer, TableHit, col_name};

/// Header cells of officers needed before the header row is a list of them.
const MIN_OFFICERS: usize = 3;

impl<'s> TableAnalyzer<'s> {
    /// The columns whose header is an officer (collar or staff number and
    /// surname), if there are [`MIN_OFFICERS`] or more of them and they are
    /// at least half of the header row's cells.
    fn officer_headers(&self) -> Vec<u32> {
        let headers: Vec<(u32, &str)> = self
            .headers
            .iter()
            .enumerate()
            .filter_map(|(c, h)| h.as_ref().map(|h| (c as u32, h.0.as_str())))
            .filter(|(_, h)| !h.trim().is_empty())
            .collect();
        let officers: Vec<u32> = headers
            .iter()
            .filter(|(_, h)| is_collar_and_name(h))
            .map(|&(c, _)| c)
            .collect();
        if officers.len() >= MIN_OFFICERS && officers.len() * 2 >= headers.len() {
            officers
        } else {
            Vec::new()
        }
    }

    /// `personnel_records` for a header row of officers (see the module).
    pub(super) fn officers_across(&self) -> Option<TableHit> {
        let cols = self.officer_headers();
        let (&first, &last) = (cols.first()?, cols.last()?);
        let row = self.header_row?;
        Some(TableHit {
            kind: "personnel_records",
            range: (row, first, self.last_row.max(row), last),
            cells: cols.len() as u64,
            evidence: vec![Evidence::Table, Evidence::Pattern],
            strong: true,
            message: format!(
                "Officers as column headers: {} from {}{} each give a collar or staff number and a surname (a rota or duty sheet with the people across the top).",
                count(cols.len() as u64, "header", "headers"),
                col_name(first),
                row + 1
            ),
            sample_cell: Some((row, first)),
            hidden: self.any_hidden,
            variant: None,
        })
    }
}
