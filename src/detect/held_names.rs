//! Name hits in a bare "Name" column wait until the column is judged
//! (people, or parks and pubs: see `table::name_column`): then people's
//! names are counted and things' dropped.

use crate::model::Location;

use super::content::Hit;
use super::people::{Sighting, Tally};
use super::table::{NameColumn, TableAnalyzer};

/// A name hit held until its column is judged.
struct HeldName {
    generation: u32,
    col: u32,
    hit: Hit,
    text: String,
    location: Location,
    hidden: bool,
}

/// The name hits of one sheet waiting for their column's judgement.
#[derive(Default)]
pub(super) struct HeldNames(Vec<HeldName>);

impl HeldNames {
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Hold a name hit of column `col` (in the table of `generation`).
    pub(super) fn hold(
        &mut self,
        generation: u32,
        col: u32,
        hit: &Hit,
        text: &str,
        location: &Location,
        hidden: bool,
    ) {
        self.0.push(HeldName {
            generation,
            col,
            hit: hit.clone(),
            text: text.to_string(),
            location: location.clone(),
            hidden,
        });
    }

    /// Count the held names whose column is judged now: people's names are
    /// names, places' are dropped.
    pub(super) fn release(&mut self, table: &TableAnalyzer<'_>, tally: &mut Tally) {
        self.0
            .retain(|h| match table.name_column(h.generation, h.col) {
                NameColumn::Undecided => true,
                NameColumn::Things => false,
                NameColumn::People => {
                    tally.add(Sighting {
                        hit: &h.hit,
                        text: &h.text,
                        location: &h.location,
                        hidden: h.hidden,
                        place: None,
                    });
                    false
                }
            });
    }
}
