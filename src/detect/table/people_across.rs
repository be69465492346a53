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

use crate::detect::content::lexicon::lexicon;
use crate::detect::content::name_shape_full;

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
            .filter(|(_, h)| is_collar_and_name(h) || names_a_person(h))
            .map(|&(c, _)| c)
            .collect();
        // "Ward A | Ward B | Ward C" share their word: a series, not people.
        let mut surnames: Vec<String> = headers
            .iter()
            .filter(|(c, _)| officers.contains(c))
            .filter_map(|(_, h)| longest_word(h))
            .collect();
        surnames.sort_unstable();
        surnames.dedup();
        if officers.len() >= MIN_OFFICERS
            && officers.len() * 2 >= headers.len()
            && surnames.len() >= MIN_OFFICERS
        {
            officers
        } else {
            Vec::new()
        }
    }

    /// `personnel_records` for a header row of officers or staff (see the module).
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
                "People as column headers: {} from {}{} each name a person (a surname with an initial or forename, or with a collar or staff number): a rota or crosstab with the people across the top.",
                count(cols.len() as u64, "header", "headers"),
                col_name(first),
                row + 1
            ),
            sample_cell: Some((row, first)),
            hidden: self.any_hidden,
            variant: Some("across"),
            beside: false,
        })
    }
}

/// Whether a header cell names a person without a number: a surname with
/// an initial ("HUWS C", "NÍ BHRIAIN S", "Quarrendon, J") or a forename
/// and surname with one of them in the name lists ("Dafydd ap Gwilym").
/// Every longer word must be a forename or could be a surname, so "Grand
/// Total", "North Belfast" or "Silver Commander" are not people.
fn names_a_person(h: &str) -> bool {
    let Some((words, listed, initials)) = name_shape_full(h) else {
        return false;
    };
    let lex = lexicon();
    // Particles and short surnames ("ap", "Ní", "Eze") are let through.
    let words_ok = h
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| w.chars().count() > 3)
        .all(|w| lex.is_forename(w) || lex.could_be_surname(w));
    words_ok && ((initials >= 1 && words >= 1) || (words >= 2 && listed))
}

/// The longest word of a header, lower-cased: its surname, to tell people
/// from a series of one word ("Ward A", "Ward B").
fn longest_word(h: &str) -> Option<String> {
    h.split(|c: char| c.is_whitespace() || c == ',')
        .max_by_key(|w| w.chars().count())
        .map(str::to_lowercase)
}
