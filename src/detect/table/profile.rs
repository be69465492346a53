//! The per-column profile of a sheet's data rows: counters, text shapes
//! and a capped set of value hashes per column, filled as cells stream past.

use std::hash::Hasher;

use crate::detect::content::context::H;
use crate::detect::normalize::{FxHasher, FxMap, FxSet};

use super::checked_ids::CheckedIds;
use super::shapes::{
    T_CATEGORY, T_COLLAR_NAME, T_COUNCILLOR, T_DATEISH, T_DIGITS, T_GENDER, T_ID, T_INITIAL,
    T_LISTED, T_LONG, T_NAME, T_RANK, T_STAFF_NAME, T_SURNAME_WORD, T_VETTING, initial_letter,
    is_senior_post, text_integer, text_shape,
};
use super::{MAX_COLS, TableAnalyzer};

/// Rows profiled in full per column before sampling every 64th.
const FULL_PROFILE_ROWS: u64 = 2000;
/// Distinct values remembered per column (for uniqueness).
pub(super) const MAX_DISTINCT: usize = 4096;
/// Values looked at for uniqueness per column.
const MAX_DISTINCT_SEEN: u64 = 16_384;

#[derive(Default)]
pub(super) struct ColStats {
    pub(super) nonempty: u64,
    pub(super) text: u64,
    pub(super) numeric: u64,
    /// Values profiled (all of the first rows, then a sample).
    pub(super) profiled: u64,
    pub(super) name_like: u64,
    pub(super) namelist: u64,
    pub(super) id_like: u64,
    pub(super) rank_values: u64,
    /// Senior posts ("Chief Constable", "Director of Finance").
    pub(super) senior_values: u64,
    /// A collar number with a surname ("3887 DRUMGOOLE").
    pub(super) collar_names: u64,
    /// ... with a six- or seven-digit staff number ("Quarrendon 825729").
    pub(super) staff_names: u64,
    pub(super) gender_values: u64,
    pub(super) vetting_values: u64,
    /// One-letter values ("J", "P."), as first initials are written.
    pub(super) initials: u64,
    /// One-letter values that follow the column's last one in the
    /// alphabet ("A", "B", "C"...: a code list, not initials).
    pub(super) initial_steps: u64,
    /// The column's last one-letter value.
    pub(super) last_initial: Option<u8>,
    /// One-word values that could be surnames ("DRUMGOOLE").
    pub(super) surname_words: u64,
    /// Names with a councillor's title ("Cllr Oonagh Devlin").
    pub(super) councillors: u64,
    /// Names of one word ("Grace", "Murphy"): a forename or a surname alone.
    pub(super) one_word_names: u64,
    /// Cells with a person hit (name, roster, identifier) from the scanner.
    pub(super) person_hits: u64,
    pub(super) roster_hits: u64,
    pub(super) hidden: u64,
    pub(super) distinct: FxSet<u64>,
    pub(super) distinct_seen: u64,
    pub(super) first: Option<(u32, u32)>,
    /// The row of the column's last value.
    pub(super) last_row: u32,
    pub(super) first_vetting: Option<(u32, u32)>,
    // Shapes of the profiled texts, for telling a count table from a log.
    /// Dates and times ("12/03/2023", "2024-03-01", "14:30").
    pub(super) dateish: u64,
    /// Free text: five words or more, or longer than 40 characters.
    pub(super) long_text: u64,
    /// Texts with a digit.
    pub(super) digits: u64,
    /// Staff categories (ranks, grades, roles, sexes, ethnicities).
    pub(super) category: u64,
    /// Whole numbers of 10,000 or more (references, not counts), all cells.
    pub(super) big_int: u64,
    /// Whole numbers of four to fifteen digits, by digit count (index 0 is
    /// four digits): staff numbers share one length, counts do not.
    pub(super) id_digits: [u32; 12],
    /// Short texts already profiled and their shapes: a column repeats its
    /// values (categories, dates; an ODS cell can repeat a million times).
    pub(super) shapes: FxMap<Box<str>, u16>,
    /// Values with a check letter or digit (pupil and NHS numbers).
    pub(super) checked: CheckedIds,
}

/// Texts up to this long have their shape remembered per column...
const MEMO_TEXT_MAX: usize = 64;
/// ...up to this many per column.
const MEMO_ENTRIES: usize = 1024;

fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    for b in s.trim_ascii().bytes() {
        h.write_u8(b.to_ascii_lowercase());
    }
    h.finish()
}

impl ColStats {
    /// Whether the column holds numbers that identify, as staff numbers
    /// do: whole, all different, nine in ten of one length of at least
    /// `min_digits` digits (counts vary in length).
    pub(super) fn numeric_ids(&self, min_digits: usize) -> bool {
        let one_length = self
            .id_digits
            .iter()
            .skip(min_digits.saturating_sub(4))
            .max()
            .copied()
            .unwrap_or(0);
        self.numeric >= 5
            && u64::from(one_length) * 10 >= self.nonempty * 9
            && self.distinct.len() as u64 * 50 >= self.distinct_seen.min(MAX_DISTINCT as u64) * 49
    }
}

pub(super) fn pct(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl<'s> TableAnalyzer<'s> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn data_cell(
        &mut self,
        row: u32,
        col: u32,
        text: Option<&str>,
        number: Option<f64>,
        hidden: bool,
        person: bool,
        roster: bool,
    ) {
        self.row.cells += 1;
        self.row.hidden |= hidden;
        self.row.person |= person;
        self.data_cells += 1;
        self.any_hidden |= hidden;
        self.min_col = self.min_col.min(col);
        self.max_col = self.max_col.max(col);
        if self.first_data_row.is_none() {
            self.first_data_row = Some(row);
        }
        self.last_row = row;
        let info = self.header_info(col);
        let numeric = number.or_else(|| text.and_then(text_integer));
        self.row.numeric |= numeric.is_some();
        if self.header_watch {
            self.watch_header_cell(col, text, numeric);
        }
        if let Some(v) = numeric {
            let threshold = self.scanner.small_count_threshold() as f64;
            if v >= 1.0 && v <= threshold && v.fract() == 0.0 {
                self.row.small.push((col, v as u32, hidden));
            }
        }
        if let (Some(t), None) = (text, numeric)
            && self.row.label_col.is_none()
        {
            self.row.label_col = Some(col);
            self.row.label.clear();
            let mut cut = t.len().min(60);
            while !t.is_char_boundary(cut) {
                cut -= 1;
            }
            self.row.label.push_str(&t[..cut]);
        }
        if col as usize >= MAX_COLS {
            return;
        }
        if self.cols.len() <= col as usize {
            self.cols.resize_with(col as usize + 1, ColStats::default);
        }
        let Some(c) = self.cols.get_mut(col as usize) else {
            return;
        };
        c.nonempty += 1;
        c.hidden += hidden as u64;
        c.person_hits += person as u64;
        c.roster_hits += roster as u64;
        if c.first.is_none() {
            c.first = Some((row, col));
        }
        c.last_row = c.last_row.max(row);
        if let Some(v) = numeric {
            c.numeric += 1;
            // A whole number, tested without `fract` (a libm call per cell).
            if (1_000.0..1e15).contains(&v) && (v as u64) as f64 == v {
                if v >= 10_000.0 {
                    c.big_int += 1;
                }
                let digits = ((v as u64).ilog10() as usize + 1).clamp(4, 15);
                c.id_digits[digits - 4] += 1;
                if digits == 10 {
                    c.checked.number(v as u64, (row, col));
                }
            }
        }
        let Some(t) = text else {
            if let Some(n) = number
                && c.distinct.len() < MAX_DISTINCT
                && c.distinct_seen < MAX_DISTINCT_SEEN
            {
                c.distinct_seen += 1;
                c.distinct.insert(n.to_bits());
            }
            return;
        };
        c.text += 1;
        c.checked.text(t, (row, col));
        if !self.thing_tallies.is_empty()
            && let Some(tally) = self.thing_tallies.iter_mut().find(|x| x.col == col)
        {
            tally.value(t);
        }
        // Vetting: always checked in a vetting column, sampled elsewhere.
        let vetting_col = info.has(H::VETTING) || c.vetting_values > 0;
        let profile_now = c.profiled < FULL_PROFILE_ROWS || c.text % 64 == 0;
        let shape = if vetting_col || profile_now {
            match c.shapes.get(t) {
                Some(&s) => s,
                None => {
                    let s = text_shape(t);
                    if t.len() <= MEMO_TEXT_MAX && c.shapes.len() < MEMO_ENTRIES {
                        c.shapes.insert(t.into(), s);
                    }
                    s
                }
            }
        } else {
            0
        };
        if shape & T_VETTING != 0 {
            c.vetting_values += 1;
            if c.first_vetting.is_none() {
                c.first_vetting = Some((row, col));
            }
            self.row.vetting = Some(col);
        }
        if c.distinct.len() < MAX_DISTINCT && c.distinct_seen < MAX_DISTINCT_SEEN {
            c.distinct_seen += 1;
            c.distinct.insert(hash_str(t));
        }
        if !profile_now {
            return;
        }
        c.profiled += 1;
        let has = |bit: u16| (shape & bit != 0) as u64;
        if shape & T_NAME != 0 {
            c.name_like += 1;
            c.one_word_names += !t.trim().contains(' ') as u64;
            c.namelist += has(T_LISTED);
            // A roster surname on its own (the forename may be in another column).
            if !roster && self.scanner.roster().is_some_and(|r| r.is_surname(t)) {
                c.roster_hits += 1;
            }
        }
        c.id_like += has(T_ID);
        c.rank_values += has(T_RANK);
        // Senior posts are looked for only in role, rank and grade columns
        // (an organogram's "Grade" may say "Chief Constable").
        if info.has(H::ROLE | H::RANK | H::GRADE) && t.len() <= 80 && is_senior_post(t) {
            c.senior_values += 1;
        }
        c.collar_names += has(T_COLLAR_NAME);
        c.staff_names += has(T_STAFF_NAME);
        c.gender_values += has(T_GENDER);
        c.surname_words += has(T_SURNAME_WORD);
        c.councillors += has(T_COUNCILLOR);
        if shape & T_INITIAL != 0
            && let Some(l) = initial_letter(t)
        {
            c.initials += 1;
            c.initial_steps += (c.last_initial.map(|p| p + 1) == Some(l)) as u64;
            c.last_initial = Some(l);
        }
        c.digits += has(T_DIGITS);
        c.dateish += has(T_DATEISH);
        c.long_text += has(T_LONG);
        c.category += has(T_CATEGORY);
    }
}
