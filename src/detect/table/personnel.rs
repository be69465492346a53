//! `personnel_records`: one row per person (a name, roster or staff-number
//! column plus attributes), and the vetting column of such a table.

use crate::detect::content::Evidence;
use crate::detect::content::context::H;
use crate::numbers::count;

use super::profile::{ColStats, MAX_DISTINCT, pct};
use super::{TableAnalyzer, TableHit, col_name};

impl<'s> TableAnalyzer<'s> {
    /// Whether column `col` of the current table holds people, and by what
    /// evidence: a roster, a name header over names, staff numbers with
    /// surnames, a rota's collar numbers with names, or listed names.
    pub(super) fn person_column(&self, col: u32, c: &ColStats) -> Option<Evidence> {
        let info = self.header_info(col);
        let prof = c.profiled.max(1);
        let distinct_ratio = distinct_ratio(c);
        let name_ratio = pct(c.name_like, prof);
        // A list of parks or streets named after people is places; a
        // list of dogs, vessels, schools or statistical areas ("Dog
        // name", "LSOA name": "Wrexham 011B") is things.
        let things_header = self.header(col).is_some_and(|h| {
            super::header::names_places(h) || crate::detect::content::context::names_no_person(h)
        });
        if self.names_things(col) {
            // A bare "Name" column of parks, pubs or datasets names no one.
            return None;
        }
        if c.roster_hits >= 2 && pct(c.roster_hits, c.nonempty) >= 0.3 {
            return Some(Evidence::Roster);
        } else if (info.has(H::PERSON) && c.name_like >= 2 && name_ratio >= 0.6)
            || (info.has(H::OFFICER) && c.id_like >= 2 && pct(c.id_like, prof) >= 0.6)
        {
            // A name column, or an officer column of collar numbers ("PC 4521").
            return Some(Evidence::Header);
        } else if c.staff_names >= 3 && pct(c.staff_names, prof) >= 0.6 {
            // Surname and staff number in one cell: "Quarrendon 825729".
            return Some(Evidence::Pattern);
        } else if c.collar_names >= 3 && pct(c.collar_names, prof) >= 0.6 && !things_header {
            // A rota's cells: "3887 DRUMGOOLE" (needs a second such
            // column, as route and fleet codes look the same).
            return Some(Evidence::Table);
        } else if !info.has(H::CATEGORY)
            && !things_header
            && c.nonempty >= 5
            // A column of names, not of counts with one name copied in.
            && c.name_like >= 2
            && pct(c.text, c.nonempty) >= 0.6
            && name_ratio >= 0.6
            && pct(c.namelist, prof) >= 0.4
            && distinct_ratio >= 0.3
        {
            return Some(Evidence::NameList);
        }
        None
    }

    pub(super) fn personnel(&self, out: &mut Vec<TableHit>) -> Option<()> {
        if !self.scanner.enabled("personnel_records") || self.data_rows < 2 {
            return None;
        }
        let mut person_cols: Vec<(u32, Evidence)> = Vec::new();
        let mut id_cols: Vec<u32> = Vec::new();
        let mut unique_generic: Vec<u32> = Vec::new();
        let mut attr_cols: Vec<u32> = Vec::new();
        for (i, c) in self.cols.iter().enumerate() {
            let col = i as u32;
            let info = self.header_info(col);
            if c.nonempty == 0 {
                if info.has(H::PERSON_ATTRS) && !info.has(H::COUNT) {
                    // An empty attribute column still says what the table is.
                }
                continue;
            }
            let prof = c.profiled.max(1);
            let distinct_ratio = distinct_ratio(c);
            if let Some(e) = self.person_column(col, c) {
                person_cols.push((col, e));
            }
            // A list of offices has an e-mail per office, not per person;
            // so has a column of team or post mailboxes ("foi@",
            // "dg.rural@"): weak e-mail hits, which mark no person.
            let team_mail = info.has(H::EMAIL)
                && !info.has(H::OFFICER_ID | H::NI)
                && c.person_hits * 2 < c.nonempty;
            let email = if self.lists_places() || team_mail {
                0
            } else {
                H::EMAIL
            };
            if info.has(H::OFFICER_ID | H::NI | email) && c.nonempty >= 2 && distinct_ratio >= 0.9 {
                id_cols.push(col);
            } else if (info.is_empty() || info.has(H::GENERIC_ID))
                && ((distinct_ratio >= 0.98 && c.nonempty >= 5 && c.id_like * 10 >= prof * 9)
                    || c.numeric_ids(self.generic_id_digits(col)))
            {
                unique_generic.push(col);
            }
            let value_attr = pct(c.rank_values, prof) >= 0.5
                || pct(c.gender_values, prof) >= 0.5
                || pct(c.vetting_values, c.text.max(1)) >= 0.5;
            // "Rank" over 1, 2, 3: a position in a league table (the most
            // popular names), not a police rank.
            let ranked_by_number =
                info.has(H::RANK) && c.rank_values == 0 && c.numeric * 10 >= c.nonempty * 9;
            if (info.has(H::PERSON_ATTRS) && !info.has(H::COUNT) && !ranked_by_number) || value_attr
            {
                attr_cols.push(col);
            }
        }
        // Headed attribute columns that happen to be empty still count.
        for (i, h) in self.headers.iter().enumerate() {
            if let Some((_, info)) = h
                && info.has(H::PERSON_ATTRS)
                && !info.has(H::COUNT)
                && !info.has(H::RANK)
                && !attr_cols.contains(&(i as u32))
                && self.cols.get(i).is_some_and(|c| c.nonempty > 0)
            {
                attr_cols.push(i as u32);
            }
        }
        // Surname beside first initial, with a staff number or a rank: a
        // staff list even when no surname is in the name lists.
        let initialled = self.initialled_surnames();
        if let Some(c) = initialled
            && !person_cols.iter().any(|p| p.0 == c)
        {
            person_cols.push((c, Evidence::Table));
        }
        // A person column is not its own attribute ("Post holder").
        attr_cols.retain(|c| !person_cols.iter().any(|p| p.0 == *c));
        let person_attr_cols = attr_cols
            .iter()
            .filter(|&&c| {
                self.header_info(c)
                    .has(H::RANK | H::GRADE | H::GENDER | H::VETTING | H::ROLE)
                    || self
                        .cols
                        .get(c as usize)
                        .is_some_and(|s| s.rank_values + s.gender_values + s.vetting_values > 0)
            })
            .count();
        // A column of staff number with surname carries its own identifier
        // ("Quarrendon 825729"): a list of people by itself.
        let numbered_names = person_cols.iter().any(|p| p.1 == Evidence::Pattern);
        // Names from the name lists beside a column of unique staff-number
        // shaped values, one each: the PSNI shape without its header row.
        let listed_and_numbered = person_cols.iter().any(|p| p.1 == Evidence::NameList)
            && unique_generic.iter().any(|&c| {
                self.cols
                    .get(c as usize)
                    .is_some_and(|s| s.numeric * 10 >= s.nonempty * 9)
            });
        let named = !person_cols.is_empty()
            && (!attr_cols.is_empty()
                || !id_cols.is_empty()
                || person_cols.len() >= 2
                || numbered_names
                || listed_and_numbered
                || initialled.is_some());
        let numbered = !id_cols.is_empty() && !attr_cols.is_empty();
        let uniquely = !unique_generic.is_empty() && person_attr_cols >= 2;
        if !(named || numbered || uniquely) {
            if person_attr_cols >= 2 && self.attribute_rows() {
                out.push(self.attribute_rows_hit(&attr_cols));
                return Some(());
            }
            if let [(col, _)] = person_cols[..]
                && id_cols.is_empty()
                && self.counts_of_names(col)
            {
                out.push(self.name_counts_hit(col));
                return Some(());
            }
            return None;
        }
        let mut evidence = vec![Evidence::Table];
        for (_, e) in &person_cols {
            if !evidence.contains(e) {
                evidence.push(*e);
            }
        }
        if (numbered || uniquely) && !evidence.contains(&Evidence::Header) {
            evidence.push(Evidence::Header);
        }
        let key_cols: Vec<u32> = person_cols
            .iter()
            .map(|p| p.0)
            .chain(id_cols.iter().copied())
            .chain(if named || numbered {
                Vec::new()
            } else {
                unique_generic.clone()
            })
            .collect();
        let keys: Vec<String> = key_cols
            .iter()
            .take(3)
            .map(|&c| self.describe_col(c))
            .collect();
        // Figures beside a staff list share its rows, not its columns.
        let part = self.part_holding(&key_cols);
        let range = part.range;
        let in_part = |c: &&u32| (range.1..=range.3).contains(*c);
        let attrs: Vec<String> = attr_cols
            .iter()
            .filter(in_part)
            .filter(|c| !key_cols.contains(c))
            .take(4)
            .map(|&c| self.describe_col(c))
            .collect();
        let sample = key_cols
            .first()
            .and_then(|&c| self.cols.get(c as usize))
            .and_then(|c| c.first);
        let cols_n = (range.3 - range.1) as u64 + 1;
        let rows_n = if part.beside {
            let data_from = self.first_data_row.unwrap_or(range.0).max(range.0);
            (range.2.saturating_sub(data_from) as u64 + 1).min(self.data_rows)
        } else {
            self.data_rows
        };
        let names: Vec<u32> = person_cols.iter().map(|p| p.0).collect();
        // Office holders' work e-mail addresses and phone numbers are
        // published with their names, and an organogram's "Post unique
        // reference" names the post; a staff or NI number is not published.
        let only_emails = id_cols.iter().all(|&c| {
            let info = self.header_info(c);
            let post_ref = self.header(c).is_some_and(|h| {
                let k = crate::detect::normalize::word_key(h);
                k.split(' ').any(|w| w == "post")
                    && k.split(' ')
                        .any(|w| matches!(w, "reference" | "ref" | "id"))
            });
            (info.has(H::EMAIL | H::PHONE) || post_ref) && !info.has(H::OFFICER_ID | H::NI)
        });
        let senior = only_emails && self.published_office_holders(&attr_cols, &names);
        out.push(TableHit {
            kind: "personnel_records",
            range,
            cells: self.data_cells,
            evidence,
            strong: !senior,
            message: format!(
                "A table of {}: {} x {}, one row per person ({}{}{}){}.",
                if senior { "senior post holders or councillors" } else { "people" },
                count(rows_n, "row", "rows"),
                count(cols_n, "column", "columns"),
                keys.join(", "),
                if attrs.is_empty() { "" } else { " with " },
                attrs.join(", "),
                if senior {
                    "; the names and pay of chief officers and councillors are usually published: check these are, and that nothing else about them is here"
                } else {
                    ""
                }
            ),
            sample_cell: sample,
            hidden: self.any_hidden,
            variant: senior.then_some("senior_posts"),
            beside: part.beside,
        });
        // A vetting column in a personnel table.
        if self.scanner.enabled("vetting_level") {
            let vet: Option<(usize, &ColStats)> = self
                .cols
                .iter()
                .enumerate()
                .filter(|(i, c)| {
                    c.vetting_values > 0
                        && (self.header_info(*i as u32).has(H::VETTING)
                            || pct(c.vetting_values, c.text.max(1)) >= 0.5)
                })
                .max_by_key(|(_, c)| c.vetting_values);
            if let Some((i, c)) = vet {
                out.push(TableHit {
                    kind: "vetting_level",
                    range: (range.0, i as u32, range.2, i as u32),
                    cells: c.vetting_values,
                    evidence: vec![Evidence::Table, Evidence::Header],
                    strong: true,
                    message: format!(
                        "Vetting levels of named people in {} ({}).",
                        self.describe_col(i as u32),
                        count(c.vetting_values, "value", "values")
                    ),
                    sample_cell: c.first_vetting,
                    hidden: c.hidden > 0 || self.any_hidden,
                    variant: None,
                    beside: false,
                });
            } else if self.vetting_rows > 0 {
                out.push(self.vetting_rows_hit());
            }
        }
        Some(())
    }

    /// Whether the table lists published office holders: every post a
    /// senior one (a statement of accounts' remuneration note, a chief
    /// officer team page) or the people councillors (members' allowances),
    /// in a visible table of at most 120 rows.
    /// Every name in `name_cols` must have a senior post beside it (notes
    /// under the table may sit in the post column), or the names are
    /// councillors'.
    pub(super) fn published_office_holders(&self, attr_cols: &[u32], name_cols: &[u32]) -> bool {
        let names = name_cols
            .iter()
            .filter_map(|&c| self.cols.get(c as usize))
            .map(|s| s.name_like.max(s.roster_hits))
            .max()
            .unwrap_or(0);
        // Elected members: their names and allowances are published.
        // "Member" alone is a councillor; "Staff member", "Team member" not.
        // Or their names carry the title: "Cllr Oonagh Devlin".
        let titled = |c: u32| {
            self.cols
                .get(c as usize)
                .is_some_and(|s| s.profiled >= 2 && s.councillors * 10 >= s.profiled * 9)
        };
        let councillors = name_cols.iter().any(|&c| {
            titled(c)
                || self.header(c).is_some_and(|h| {
                    let k = crate::detect::normalize::word_key(h);
                    let staff = ["staff", "team", "crew", "employee", "panel", "family"]
                        .iter()
                        .any(|s| k.split(' ').any(|w| w == *s));
                    k.split(' ').any(|w| {
                        matches!(w, "councillor" | "councillors" | "cllr")
                            || (matches!(w, "member" | "members") && !staff)
                    })
                })
        });
        self.data_rows <= 120
            && !self.any_hidden
            && names >= 2
            && (councillors
                || attr_cols.iter().any(|&c| {
                    self.header_info(c).has(H::ROLE | H::RANK | H::GRADE)
                        && self
                            .cols
                            .get(c as usize)
                            .is_some_and(|s| s.senior_values >= names)
                }))
    }

    /// A column as a message names it: its header, or its letter.
    pub(super) fn describe_col(&self, c: u32) -> String {
        // A header that holds a value (an e-mail, a long number) is not
        // quoted: messages are shown unmasked.
        let quotable = |h: &&str| {
            !h.contains('@')
                && !h
                    .as_bytes()
                    .windows(5)
                    .any(|w| w.iter().all(u8::is_ascii_digit))
        };
        self.header(c)
            .filter(quotable)
            .map(|h| format!("'{h}'"))
            .unwrap_or_else(|| format!("column {}", col_name(c)))
    }

    /// Digits a staff number under column `col`'s header has at least: five
    /// under "Number" or "No" (a count column is often headed so), four
    /// under "ID", "Ref" or no header.
    fn generic_id_digits(&self, col: u32) -> usize {
        let k = self.header(col).map(|h| h.trim().to_ascii_lowercase());
        match k.as_deref() {
            Some("number" | "no" | "no." | "nos") => 5,
            _ => 4,
        }
    }

    /// Many rows of staff attributes (rank, gender...) and no count column:
    /// each row is likely one person. A number column of a person's own
    /// (age, length of service, a date) is no count.
    fn attribute_rows(&self) -> bool {
        self.data_rows >= 20
            && !self.cols.iter().enumerate().any(|(i, c)| {
                let info = self.header_info(i as u32);
                c.nonempty > 0
                    && c.numeric * 2 >= c.nonempty
                    && (info.has(H::COUNT) || !info.has(H::ATTRIBUTE | H::DOB | H::DATE))
            })
    }

    /// Whether the table counts names rather than lists people: its one
    /// name column holds single names ("Grace", "Murphy"), all different,
    /// and every other column numbers (counts, a league position, a share):
    /// the most popular baby names, the commonest surnames among recruits.
    fn counts_of_names(&self, name_col: u32) -> bool {
        let Some(names) = self.cols.get(name_col as usize) else {
            return false;
        };
        let numbers_only = self.cols.iter().enumerate().all(|(i, c)| {
            i as u32 == name_col || c.nonempty == 0 || c.numeric * 10 >= c.nonempty * 9
        });
        let others = self
            .cols
            .iter()
            .enumerate()
            .filter(|(i, c)| *i as u32 != name_col && c.nonempty > 0)
            .count();
        self.data_rows >= 5
            && others >= 1
            && numbers_only
            // (A row of "Other" or "All others" is no name.)
            && names.name_like >= 5
            && names.one_word_names * 10 >= names.name_like * 9
            && names.distinct.len() as u64 * 10 >= names.distinct_seen.max(1) * 9
    }

    /// `personnel_records`, weak: single names with counts (see
    /// [`Self::counts_of_names`]); the names are categories here, for an
    /// officer to confirm.
    fn name_counts_hit(&self, name_col: u32) -> TableHit {
        self.weak_table_hit(
            format!(
                "Single names with counts in {} ({}): a table of how common names are, not of people; check no count is small enough to point at one person.",
                self.describe_col(name_col),
                count(self.data_rows, "row", "rows"),
            ),
            self.cols.get(name_col as usize).and_then(|c| c.first),
            "name_counts",
        )
    }

    /// A weak (review) `personnel_records` over the whole table.
    pub(super) fn weak_table_hit(
        &self,
        message: String,
        sample_cell: Option<(u32, u32)>,
        variant: &'static str,
    ) -> TableHit {
        TableHit {
            kind: "personnel_records",
            range: self.range(),
            cells: self.data_cells,
            evidence: vec![Evidence::Table],
            strong: false,
            message,
            sample_cell,
            hidden: self.any_hidden,
            variant: Some(variant),
            beside: false,
        }
    }

    /// `personnel_records`, weak: rows of staff attributes with no name,
    /// number or count: perhaps one row per person (review).
    fn attribute_rows_hit(&self, attr_cols: &[u32]) -> TableHit {
        let attrs: Vec<String> = attr_cols
            .iter()
            .take(4)
            .map(|&c| self.describe_col(c))
            .collect();
        self.weak_table_hit(
            format!(
                "{} of staff attributes ({}) and no counts: each row may be one person; check that rank, station and gender together do not identify anyone.",
                count(self.data_rows, "row", "rows"),
                attrs.join(", ")
            ),
            self.first_data_row
                .map(|r| (r, self.min_col.min(self.max_col))),
            "attributes",
        )
    }
}

/// The share of a column's values seen that are distinct (of those counted).
fn distinct_ratio(c: &ColStats) -> f64 {
    pct(
        c.distinct.len() as u64,
        c.distinct_seen.min(MAX_DISTINCT as u64).max(1),
    )
}
