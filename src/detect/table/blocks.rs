//! Tables side by side: the part of a table's rows that a list of people
//! takes up.
//!
//! An officer often keeps the requested figures and the working list they
//! came from on one sheet, the list a few empty columns to the right (or far
//! off at column AZ). Read row by row they are one table; but only the
//! list's columns hold people, and a clean copy must keep the figures. The
//! table's columns split at whole empty columns into blocks; the blocks that
//! hold the people are the personnel table.
//!
//! A single empty column inside one table (a spacer between "2022" and
//! "2023") does not split it when the blocks either side span the same rows:
//! two tables that merely sit side by side rarely end on the same row, and
//! two or more empty columns always split.

use super::{MAX_COLS, TableAnalyzer};

/// Columns of a table's rows with values, between empty columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Block {
    pub first_col: u32,
    pub last_col: u32,
    pub first_row: u32,
    pub last_row: u32,
}

/// The part of a table that holds given columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Part {
    /// (first_row, first_col, last_row, last_col), 0-based, inclusive.
    pub range: (u32, u32, u32, u32),
    /// Another table shares the rows: its columns are not part of this one.
    pub beside: bool,
}

impl TableAnalyzer<'_> {
    /// The current table's columns split at empty columns, left to right.
    pub(super) fn blocks(&self) -> Vec<Block> {
        let (first, lo, last, hi) = self.range();
        let header_cols = self.headers.iter().enumerate().filter(|(_, h)| h.is_some());
        let lo = header_cols
            .clone()
            .map(|(i, _)| i as u32)
            .fold(lo, u32::min);
        let hi = header_cols.map(|(i, _)| i as u32).fold(hi, u32::max);
        let mut out: Vec<Block> = Vec::new();
        for col in lo..=hi {
            // Columns past the profile's reach are unknown: taken as filled.
            let rows = if col as usize >= MAX_COLS {
                Some((first, last))
            } else {
                let data = self
                    .cols
                    .get(col as usize)
                    .filter(|c| c.nonempty > 0)
                    .and_then(|c| c.first.map(|(r, _)| (r, c.last_row)));
                let header = self.header(col).and(self.header_row);
                match (data, header) {
                    (Some((a, b)), Some(h)) => Some((a.min(h), b.max(h))),
                    (Some(d), None) => Some(d),
                    (None, Some(h)) => Some((h, h)),
                    (None, None) => None,
                }
            };
            let Some((a, b)) = rows else { continue };
            match out.last_mut() {
                Some(block) if block.last_col + 1 == col => {
                    block.last_col = col;
                    block.first_row = block.first_row.min(a);
                    block.last_row = block.last_row.max(b);
                }
                _ => out.push(Block {
                    first_col: col,
                    last_col: col,
                    first_row: a,
                    last_row: b,
                }),
            }
        }
        out
    }

    /// The part of the current table that holds the columns `keys`: the
    /// blocks holding them and what lies between, with any neighbour joined
    /// to them by one empty column over the same rows.
    ///
    /// ```text
    /// A: Department  B: Overtime  C,D: empty  E: Name  F: Payroll ...
    /// ```
    /// With keys `[4, 5]` the part is E onwards, beside the figures in A:B.
    pub(super) fn part_holding(&self, keys: &[u32]) -> Part {
        let whole = Part {
            range: self.range(),
            beside: false,
        };
        let blocks = self.blocks();
        let holds = |b: &Block| {
            keys.iter()
                .any(|&k| (b.first_col..=b.last_col).contains(&k))
        };
        let (Some(mut a), Some(mut z)) = (
            blocks.iter().position(holds),
            blocks.iter().rposition(holds),
        ) else {
            return whole;
        };
        let joined = |x: &Block, y: &Block| {
            y.first_col == x.last_col + 2 && (x.first_row, x.last_row) == (y.first_row, y.last_row)
        };
        while a > 0 && joined(&blocks[a - 1], &blocks[a]) {
            a -= 1;
        }
        while z + 1 < blocks.len() && joined(&blocks[z], &blocks[z + 1]) {
            z += 1;
        }
        if a == 0 && z + 1 == blocks.len() {
            return whole;
        }
        let (first, _, _, _) = whole.range;
        let last = blocks[a..=z]
            .iter()
            .map(|b| b.last_row)
            .max()
            .unwrap_or(whole.range.2)
            .max(first);
        Part {
            range: (first, blocks[a].first_col, last, blocks[z].last_col),
            beside: true,
        }
    }
}
