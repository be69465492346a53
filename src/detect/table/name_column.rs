//! A column headed just "Name" holds people as often as parks, pubs,
//! buildings or datasets. "Park" and "Hall" are surnames too, so one cell
//! cannot tell "Victoria Park" from "John Park": the column can. When most
//! of its values read as places or things — they start with "The", hold a
//! digit or a year, end in a word only places have, or end in the same
//! place or venue word again and again — the column is not a list of
//! people and its values are not names. A staff list under "Name" has a
//! "Mary Hall" now and then, not a column of them.
//!
//! The judgement is made on a column's first [`JUDGE_AFTER`] values (the
//! collector holds those cells' name hits until then) and kept for the
//! rest of it.

use crate::detect::content::{ThingName, thing_name};

use super::TableAnalyzer;

/// Values of a bare "Name" column looked at before it is judged.
pub(super) const JUDGE_AFTER: u32 = 24;
/// Fewer values than this are too few to call a column things.
const MIN_VALUES: u32 = 3;

/// What a bare "Name" column holds, as far as judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameColumn {
    /// People, or not a bare "Name" column: its names are names.
    People,
    /// Places or things: its values are not people's names.
    Things,
    /// Not judged yet (too few values seen).
    Undecided,
}

/// The tally of one bare "Name" column's first values.
#[derive(Default)]
pub(super) struct ThingTally {
    pub(super) col: u32,
    values: u32,
    surely: u32,
    perhaps: u32,
    /// How often each place or venue word ended a value.
    words: Vec<(u8, u32)>,
    verdict: Option<bool>,
}

impl ThingTally {
    pub(super) fn new(col: u32) -> Self {
        ThingTally {
            col,
            ..Default::default()
        }
    }

    /// Count a value of the column (until it is judged).
    pub(super) fn value(&mut self, text: &str) {
        if self.verdict.is_some() {
            return;
        }
        self.values += 1;
        match thing_name(text) {
            ThingName::Surely => self.surely += 1,
            ThingName::Perhaps(w) => {
                self.perhaps += 1;
                match self.words.iter_mut().find(|(x, _)| *x == w) {
                    Some((_, n)) => *n += 1,
                    None => self.words.push((w, 1)),
                }
            }
            ThingName::No => {}
        }
        if self.values >= JUDGE_AFTER {
            self.verdict = Some(self.things());
        }
    }

    /// The rule: most values read as things, and a third at least surely
    /// do or share their place word with another value.
    fn things(&self) -> bool {
        let repeated: u32 = self.words.iter().filter(|w| w.1 >= 2).map(|w| w.1).sum();
        self.values >= MIN_VALUES
            && (self.surely + self.perhaps) * 2 > self.values
            && (self.surely + repeated) * 3 >= self.values
    }

    /// The verdict so far; `last`: no more values will come.
    pub(super) fn verdict(&self, last: bool) -> NameColumn {
        match (self.verdict, last) {
            (Some(true), _) => NameColumn::Things,
            (Some(false), _) => NameColumn::People,
            (None, true) if self.things() => NameColumn::Things,
            (None, true) => NameColumn::People,
            (None, false) => NameColumn::Undecided,
        }
    }
}

/// Whether a header is a bare "Name" (or the "Row Labels" of pivot output),
/// saying nothing of whose or what's name it is.
pub(super) fn bare_name_header(h: &str) -> bool {
    matches!(
        h.trim().to_ascii_lowercase().as_str(),
        "name" | "names" | "row labels"
    )
}

impl<'s> TableAnalyzer<'s> {
    /// What column `col` of the sheet's table `generation` holds: a bare
    /// "Name" column may hold places or things (see the module's rule).
    /// Columns of tables above the current one were judged when it ended.
    pub(crate) fn name_column(&self, generation: u32, col: u32) -> NameColumn {
        if generation != self.generation {
            return self
                .judged
                .iter()
                .find(|j| j.0 == generation && j.1 == col)
                .map_or(NameColumn::People, |j| j.2);
        }
        self.thing_tallies
            .iter()
            .find(|t| t.col == col)
            .map_or(NameColumn::People, |t| t.verdict(self.ended))
    }

    /// The sheet's table whose columns [`Self::name_column`] judges now.
    pub(crate) fn generation(&self) -> u32 {
        self.generation
    }

    /// No more cells will come: judge the columns on what they held.
    pub(crate) fn end_of_cells(&mut self) {
        self.ended = true;
    }

    /// Whether column `col` of the current table is a bare "Name" column
    /// judged to hold places or things (on every value seen).
    pub(super) fn names_things(&self, col: u32) -> bool {
        self.thing_tallies
            .iter()
            .any(|t| t.col == col && t.verdict(true) == NameColumn::Things)
    }

    /// The verdicts of the current table's columns, kept when another
    /// table starts below it.
    pub(super) fn final_name_columns(&self) -> Vec<(u32, u32, NameColumn)> {
        let mut out = self.judged.clone();
        out.extend(
            self.thing_tallies
                .iter()
                .map(|t| (self.generation, t.col, t.verdict(true))),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{NameColumn, ThingTally};

    fn judge(values: &[&str]) -> NameColumn {
        let mut t = ThingTally::new(0);
        for v in values {
            t.value(v);
        }
        t.verdict(true)
    }

    #[test]
    fn places_and_people_under_name() {
        assert_eq!(
            judge(&[
                "Victoria Park",
                "Botanic Gardens",
                "The Red Lion",
                "Ulster Hall",
                "Ormeau Park",
            ]),
            NameColumn::Things
        );
        assert_eq!(
            judge(&["Victoria Park", "Falls Park", "Ormeau Park"]),
            NameColumn::Things
        );
        assert_eq!(
            judge(&["John Park", "Mary Hall", "Ann Crown"]),
            NameColumn::People
        );
        assert_eq!(
            judge(&["John Park", "Mary Hall", "Ann Crown", "Jo Smith", "Al Vine"]),
            NameColumn::People
        );
        assert_eq!(judge(&["The Crown", "Jo Smith"]), NameColumn::People);
    }
}
