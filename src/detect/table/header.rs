//! Finding the header row: the first rows are held until one looks like a
//! header (or data starts); rows above it are the title, rows below are
//! replayed as data.

use crate::detect::content::context::{H, HeaderInfo, classify_header};
use crate::detect::content::is_vetting_value;
use crate::detect::content::lexicon::is_rank_value;

use super::name_column::{ThingTally, bare_name_header};
use super::shapes::{is_gender_value, text_integer};
use super::{MAX_COLS, TableAnalyzer};

/// Headers of a column of people or their identifiers: one such cell on a
/// row of its own heads a list ("Name" over a column of names).
pub(super) const PEOPLE_HEADERS: u64 =
    H::PERSON | H::OFFICER_ID | H::PERSON_REF | H::NI | H::EMAIL | H::SERVICE_USER;

/// Rows held while looking for the header row (a methodology note of
/// dozens of lines can come first).
pub(super) const MAX_PENDING_ROWS: usize = 64;
/// Rows held after a blank row while looking for another table's header
/// (a title and a blank row may come first).
const PROBE_ROWS: usize = 3;

pub(super) struct Pending {
    pub(super) row: u32,
    pub(super) cells: Vec<(u32, Option<String>, Option<f64>, bool)>,
    /// Per cell: (person hit, roster hit) from the scan.
    pub(super) flags: Vec<(bool, bool)>,
}

impl<'s> TableAnalyzer<'s> {
    /// Whether the pending row `p` looks like a header row.
    pub(super) fn header_like(p: &Pending) -> bool {
        let n = p.cells.len();
        if n < 2 {
            return false;
        }
        // A pivot's caption row is above its header, like a title.
        if super::pivot_output::is_caption_row(p.cells.iter().filter_map(|c| c.1.as_deref())) {
            return false;
        }
        let mut texts = 0;
        let mut classified = 0;
        let mut data_like = 0;
        let mut long = 0;
        for (_, t, num, _) in &p.cells {
            match (t, num) {
                (Some(t), _) => {
                    // A wordy header ("Situation of Property in respect of
                    // which qualification exists...") is allowed beside
                    // header words; alone it is prose.
                    if t.chars().count() > 80 {
                        long += 1;
                        texts += 1;
                        continue;
                    }
                    texts += 1;
                    if !classify_header(t).is_empty() {
                        classified += 1;
                    }
                    if is_rank_value(t) || is_vetting_value(t) || is_gender_value(t) {
                        data_like += 1;
                    }
                    if text_integer(t).is_some_and(|v| !(1900.0..=2100.0).contains(&v)) {
                        return false;
                    }
                }
                (None, Some(v))
                    // Years as column headers ("2021", "2022").
                    if (!(1900.0..=2100.0).contains(v) || v.fract() != 0.0) => {
                        return false;
                    }
                _ => {}
            }
        }
        texts * 2 >= n && (classified > 0 || data_like == 0) && (long == 0 || classified >= 2)
    }

    /// Whether a lone cell at `row`, `col` sits inside a list: more rows of
    /// one cell in that column run straight down to it than a title has
    /// lines. Such a cell is an entry of the list, not its header (a
    /// free-text note that mentions an "owner" or an "officer"), whatever
    /// its words.
    fn inside_a_list(above: &[Pending], row: u32, col: u32) -> bool {
        const TITLE_LINES: usize = 2;
        let mut expect = row;
        above
            .iter()
            .rev()
            .take_while(|p| {
                let next = expect.checked_sub(1) == Some(p.row)
                    && p.cells.len() == 1
                    && p.cells.first().is_some_and(|c| c.0 == col);
                expect = p.row;
                next
            })
            .count()
            > TITLE_LINES
    }

    /// Decide the header row from the pending rows, then replay the rest as data.
    /// (A one-cell header of [`PEOPLE_HEADERS`] may stand alone.)
    pub(super) fn decide(&mut self) {
        if self.decided {
            return;
        }
        self.decided = true;
        let pending = std::mem::take(&mut self.pending);
        let idx = pending.iter().position(Self::header_like);
        // A single-column sheet: a lone classified cell above data in the same column.
        let single = if idx.is_none() {
            pending.iter().enumerate().find_map(|(i, p)| {
                let (c, t, _, _) = p.cells.first()?;
                let t = t.as_ref()?;
                let info = classify_header(t);
                // The data below in the same column; or, for a new table
                // whose header is all that is held yet, a header of people.
                let data_below = match pending.get(i + 1) {
                    Some(next) => {
                        next.cells.len() == 1 && next.cells.first().is_some_and(|n| n.0 == *c)
                    }
                    None => i + 1 == pending.len() && info.has(PEOPLE_HEADERS),
                };
                (p.cells.len() == 1
                    && t.len() <= 40
                    && !info.is_empty()
                    && data_below
                    && !Self::inside_a_list(&pending[..i], p.row, *c))
                .then_some(i)
            })
        } else {
            None
        };
        let hi = idx.or(single);
        let mut replay_from = 0;
        if let Some(h) = hi {
            for p in &pending[..h] {
                for (_, t, _, _) in &p.cells {
                    if let Some(t) = t
                        && self.title.len() < 1024
                    {
                        self.title.push_str(t);
                        self.title.push(' ');
                    }
                }
            }
            let hp = &pending[h];
            self.header_row = Some(hp.row);
            for (c, t, n, _) in &hp.cells {
                if (*c as usize) < MAX_COLS {
                    if self.headers.len() <= *c as usize {
                        self.headers.resize(*c as usize + 1, None);
                    }
                    let text = t
                        .clone()
                        .or_else(|| n.map(|v| format!("{v}")))
                        .unwrap_or_default();
                    let info = classify_header(&text);
                    if let Some(slot) = self.headers.get_mut(*c as usize) {
                        *slot = Some((text, info));
                    }
                }
            }
            let texts = self
                .headers
                .iter()
                .map(|h| h.as_ref().map(|(t, _)| t.clone()))
                .collect();
            self.header_history.retain(|(r, _)| *r < hp.row);
            self.header_history.push((hp.row, texts));
            replay_from = h + 1;
        }
        self.thing_tallies = self
            .headers
            .iter()
            .enumerate()
            .filter(|(_, h)| h.as_ref().is_some_and(|h| bare_name_header(&h.0)))
            .map(|(c, _)| ThingTally::new(c as u32))
            .collect();
        self.places = lists_places(&self.headers);
        self.people_table = self
            .headers
            .iter()
            .flatten()
            .any(|(_, i)| i.has(PEOPLE_HEADERS));
        self.replay(&pending[replay_from..]);
        self.scan.settle(std::sync::Arc::new(self.headers.clone()));
    }

    /// Profile held rows as data rows of the current table.
    fn replay(&mut self, rows: &[Pending]) {
        for p in rows {
            self.row.clear();
            for (i, (c, t, n, hid)) in p.cells.iter().enumerate() {
                let (person, roster) = p.flags.get(i).copied().unwrap_or_default();
                self.data_cell(p.row, *c, t.as_deref(), *n, *hid, person, roster);
            }
            self.finish_data_row(p.row);
        }
        self.row.clear();
    }

    /// A row held after a blank row has ended: a header row there starts a
    /// new table (the one above is done); rows that are not, or a repeat of
    /// this table's header, continue this table.
    pub(super) fn end_probe_row(&mut self) {
        let Some(last) = self.pending.last() else {
            return;
        };
        if Self::starts_table(last) {
            let texts: Vec<&str> = last.cells.iter().filter_map(|c| c.1.as_deref()).collect();
            let same = texts.len() == self.headers.iter().flatten().count()
                && texts
                    .iter()
                    .zip(self.headers.iter().flatten())
                    .all(|(t, (h, _))| t.trim() == h.trim());
            if same {
                // The header repeated (a printed page's): not data.
                self.pending.pop();
                self.resume();
            } else {
                self.split();
            }
        } else if self.pending.len() >= PROBE_ROWS
            || last.cells.iter().any(|(_, _, n, _)| n.is_some())
        {
            self.resume();
        }
    }

    /// Whether a held row is a header that starts another table: most of
    /// its cells are header words (a data row of names is all text too).
    fn starts_table(p: &Pending) -> bool {
        let texts: Vec<&str> = p.cells.iter().filter_map(|c| c.1.as_deref()).collect();
        let classified = texts
            .iter()
            .filter(|t| !classify_header(t).is_empty())
            .count();
        // One cell headed as people ("Name", "Officer", "Surname") under a
        // count table: a list of people, not more counts.
        // A caption ("Top 5 individual claimants") is no column header.
        let one_list = p.cells.len() == 1
            && texts.first().is_some_and(|t| {
                t.len() <= 40
                    && t.split_whitespace().count() <= 3
                    && !t.bytes().any(|c| c.is_ascii_digit())
                    && classify_header(t).has(PEOPLE_HEADERS)
            });
        one_list || (Self::header_like(p) && classified >= 2 && classified * 2 >= texts.len())
    }

    /// Keep a cell of a row that may be a header of people under a count
    /// table (short texts only; anything else rules the row out).
    #[inline]
    pub(super) fn watch_header_cell(&mut self, col: u32, text: Option<&str>, numeric: Option<f64>) {
        let Some(texts) = &mut self.row.texts else {
            return;
        };
        match (text, numeric) {
            (Some(t), None) if t.len() <= 40 && texts.len() < 32 => {
                texts.push((col, t.to_string()))
            }
            _ => self.row.texts = None,
        }
    }

    /// At the end of a data row under a count table: if the row is a header
    /// of people ("Surname | Forename | Payroll number" straight under
    /// "Rank | Officers"), a new table starts there. Returns whether it did.
    pub(super) fn people_header_row(&mut self, row: u32) -> bool {
        let Some(texts) = self.row.texts.as_ref().filter(|t| t.len() >= 2) else {
            return false;
        };
        let p = Pending {
            row,
            cells: texts
                .iter()
                .map(|(c, t)| (*c, Some(t.clone()), None, self.row.hidden))
                .collect(),
            flags: vec![(false, false); texts.len()],
        };
        let people = p.cells.iter().any(|(_, t, _, _)| {
            t.as_deref()
                .is_some_and(|t| classify_header(t).has(PEOPLE_HEADERS))
        });
        if !people || !Self::starts_table(&p) {
            return false;
        }
        self.row.clear();
        self.pending = vec![p];
        self.split();
        true
    }

    /// No new table after the blank row: the held rows are this table's.
    pub(super) fn resume(&mut self) {
        let held = std::mem::take(&mut self.pending);
        self.probe = false;
        self.decided = true;
        self.replay(&held);
    }

    /// Another table starts at the last held row: keep the findings of
    /// this one and start over, the held rows above the header its title.
    fn split(&mut self) {
        let held = std::mem::take(&mut self.pending);
        let mut done = std::mem::take(&mut self.done);
        done.extend(self.table_hits());
        let mut done_people = std::mem::take(&mut self.done_people);
        done_people.extend(self.people_columns());
        let generation = self.generation + 1;
        let row = self.cur_row;
        let judged = self.final_name_columns();
        let header_history = std::mem::take(&mut self.header_history);
        *self = TableAnalyzer::new(self.scanner);
        self.judged = judged;
        self.header_history = header_history;
        self.done = done;
        self.done_people = done_people;
        self.generation = generation;
        self.scan.generation = generation;
        self.cur_row = row;
        self.pending = held;
        self.decide_with_header_last();
    }

    /// How many cells of a held row are header words.
    pub(super) fn header_words(p: &Pending) -> usize {
        p.cells
            .iter()
            .filter(|(_, t, _, _)| t.as_deref().is_some_and(|t| !classify_header(t).is_empty()))
            .count()
    }

    /// Whether a held row skips columns between its first and last cell.
    pub(super) fn has_gaps(p: &Pending) -> bool {
        let cols = p.cells.iter().map(|c| c.0);
        match (cols.clone().min(), cols.max()) {
            (Some(a), Some(z)) => (z - a) as usize + 1 > p.cells.len(),
            _ => false,
        }
    }

    /// Whether the pending rows end with one cell headed as people
    /// ("Name", "Surname", "Officer") and one text straight under it in the
    /// same column, with no header-like row before: a one-column list.
    pub(super) fn lone_people_header_over_value(&self) -> bool {
        let n = self.pending.len();
        let (Some(head), Some(value)) = (
            n.checked_sub(2).and_then(|i| self.pending.get(i)),
            self.pending.last(),
        ) else {
            return false;
        };
        let (&[(hc, Some(ref h), _, _)], &[(vc, Some(_), _, _)]) =
            (&head.cells[..], &value.cells[..])
        else {
            return false;
        };
        hc == vc
            && h.len() <= 40
            && classify_header(h).has(PEOPLE_HEADERS)
            && !self.pending[..n - 2].iter().any(Self::header_like)
            && !Self::inside_a_list(&self.pending[..n - 2], head.row, hc)
    }

    /// The row before the last pending one is the header (a row of group
    /// labels held a row too long): the last row is data.
    pub(super) fn decide_with_header_before_last(&mut self) {
        let data = self.pending.pop();
        self.decide_with_header_last();
        if let Some(d) = data {
            self.replay(std::slice::from_ref(&d));
        }
    }

    /// The last pending row is a header: rows before it are titles.
    pub(super) fn decide_with_header_last(&mut self) {
        // `decide` picks the first header-like row; make it the last one by
        // moving earlier header-like rows into the title.
        let n = self.pending.len();
        if n > 1 {
            let last = self.pending.pop();
            for p in self.pending.drain(..) {
                for (_, t, _, _) in p.cells {
                    if let Some(t) = t
                        && self.title.len() < 1024
                    {
                        self.title.push_str(&t);
                        self.title.push(' ');
                    }
                }
            }
            if let Some(l) = last {
                self.pending.push(l);
            }
        }
        self.decide();
    }
}

/// Header words that make each row an organisation's place or a published
/// record about one (a station list, a premises licence register, a
/// planning list, a supplier list): its addresses and switchboards are not
/// a person's.
const PLACE_WORDS: &[&str] = &[
    "station",
    "office",
    "depot",
    "building",
    "headquarters",
    "court",
    "library",
    "school",
    "centre",
    "center",
    "custody",
    "premises",
    "site",
    "asset",
    "ratepayer",
    "supplier",
    "business",
    "company",
    "organisation",
    "organization",
    "trading",
    "licence",
    "license",
    "planning",
    "proposal",
    "development",
    "venue",
    "establishment",
    "practice",
    "surgery",
    "pharmacy",
    "hospital",
    "team",
    "function",
    "service",
    "helpline",
    "directorate",
    "park",
    "garden",
    "street",
    "road",
    "ward",
    "polling",
];

/// Whether a header names places ("Park", "Polling station", "Premises").
pub(super) fn names_places(header: &str) -> bool {
    crate::detect::normalize::word_key(header)
        .split(' ')
        .any(|w| PLACE_WORDS.contains(&w) || PLACE_WORDS.contains(&w.trim_end_matches('s')))
}

/// Whether a header row is that of a list of places (see
/// [`TableAnalyzer::lists_places`]): some header names a place or a
/// published record about one, and none a person or a person's identifier.
fn lists_places(headers: &[Option<(String, HeaderInfo)>]) -> bool {
    let personal = H::PERSON | H::OFFICER_ID | H::INITIAL | H::DOB | H::NI | H::NHS | H::BANK;
    let headers: Vec<&(String, HeaderInfo)> = headers.iter().flatten().collect();
    // A licence holder, operator or owner of the place is often a company;
    // names there are still judged cell by cell, but the place's postcode
    // is the place's.
    let of_the_place = |t: &str| {
        crate::detect::normalize::word_key(t).split(' ').any(|w| {
            matches!(
                w,
                "holder" | "holders" | "licensee" | "operator" | "owner" | "proprietor"
            )
        })
    };
    !headers
        .iter()
        .any(|(t, i)| i.has(personal) && !(i.has(H::OFFICER) && of_the_place(t)))
        && headers.iter().any(|(t, _)| names_places(t))
}
