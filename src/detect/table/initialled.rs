//! Staff lists written as surname and first initial, with no header row
//! to say so: `DRUMGOOLE,J,7734` or `McALINDEN,P,Sergeant,8812`. This is
//! how the PSNI release looked (surname, initial, rank, service number).
//! The surnames are often in no name list, so the column shapes decide.

use crate::detect::content::context::{H, HeaderInfo};

use super::TableAnalyzer;
use super::header::{PEOPLE_HEADERS, names_places};
use super::profile::{ColStats, MAX_DISTINCT, pct};

/// Rows a surname-and-initial list needs before its shape counts.
const MIN_ROWS: u64 = 5;

impl<'s> TableAnalyzer<'s> {
    /// The surname column of a list of people written as surname and first
    /// initial, if the table is one.
    ///
    /// The rule: a column of single capitalised words that could be
    /// surnames (not everyday words such as "Theft"; mostly different),
    /// right beside a column of single letters
    /// (initials: they repeat and do not run A, B, C... as a code list
    /// does), and a third column that makes each row one person: numbers
    /// all different and of four digits or more (service, payroll or
    /// collar numbers), or ranks. Columns headed as something else (a
    /// category, a place) do not count.
    pub(super) fn initialled_surnames(&self) -> Option<u32> {
        let id_or_rank = |skip: [usize; 2]| {
            self.cols.iter().enumerate().any(|(i, c)| {
                !skip.contains(&i)
                    && c.nonempty >= MIN_ROWS
                    && (unique_numbers(c) || c.rank_values * 2 >= c.profiled.max(1))
            })
        };
        self.cols.iter().enumerate().find_map(|(s, sc)| {
            let surnames = sc.nonempty >= MIN_ROWS
                && pct(sc.surname_words, sc.profiled.max(1)) >= 0.8
                && distinct_ratio(sc) >= 0.6
                && self.unheaded_or(s as u32, PEOPLE_HEADERS);
            if !surnames {
                return None;
            }
            let initials = [s.checked_sub(1), s.checked_add(1)]
                .into_iter()
                .flatten()
                .find(|&i| {
                    self.cols.get(i).is_some_and(|ic| {
                        ic.nonempty * 5 >= sc.nonempty * 4
                            && ic.initials * 10 >= ic.nonempty * 9
                            && ic.initial_steps * 2 < ic.initials
                            && self.unheaded_or(i as u32, PEOPLE_HEADERS | H::INITIAL)
                    })
                })?;
            id_or_rank([s, initials]).then_some(s as u32)
        })
    }

    /// Whether column `col` has no header, or one saying `bits` (and not
    /// a category or a place).
    fn unheaded_or(&self, col: u32, bits: u64) -> bool {
        let info: HeaderInfo = self.header_info(col);
        let places = self.header(col).is_some_and(names_places);
        match self.header(col) {
            None => true,
            Some(h) if h.trim().is_empty() => true,
            Some(_) => info.has(bits) && !info.has(H::CATEGORY | H::COUNT) && !places,
        }
    }
}

fn distinct_ratio(c: &ColStats) -> f64 {
    pct(
        c.distinct.len() as u64,
        c.distinct_seen.min(MAX_DISTINCT as u64).max(1),
    )
}

/// Whole numbers of four digits or more, all different: staff numbers of
/// mixed lengths (counts repeat and are mostly short).
fn unique_numbers(c: &ColStats) -> bool {
    let long: u64 = c.id_digits.iter().map(|&n| u64::from(n)).sum();
    c.numeric * 10 >= c.nonempty * 9 && long * 10 >= c.nonempty * 9 && distinct_ratio(c) >= 0.98
}
