//! Disciplinary outcomes, grievances or sickness by job title, one row per
//! post: no name, but when every job title in the column is different
//! ("Head of Legal Services", "Director of Public Health"), each row points
//! at the one person who holds that post. `personnel_records`, weak
//! (variant `unique_posts`): for the officer to judge, as the ICO's
//! guidance on indirect identification asks.

use crate::detect::content::context::H;
use crate::detect::normalize::word_key;
use crate::numbers::count;

use super::{TableAnalyzer, TableHit};

/// Rows needed before all-different job titles say something.
const MIN_POSTS: u64 = 3;
/// More rows than this are a staff list's scale, not a case log's: other
/// checks judge those.
const MAX_POSTS: u64 = 500;

/// Header words of a column that tells something personal about the post
/// holder: a conduct case, a grievance, a sickness, a leaving.
const PERSONAL_MATTERS: &[&str] = &[
    "allegation",
    "allegations",
    "sanction",
    "sanctions",
    "disciplinary",
    "misconduct",
    "grievance",
    "grievances",
    "dismissal",
    "dismissed",
    "capability",
    "suspension",
    "suspended",
    "complaint",
    "complaints",
    "sickness",
    "tribunal",
    "settlement",
    "severance",
    "investigation",
];

impl<'s> TableAnalyzer<'s> {
    /// The weak finding, if the table lists personal matters by job title
    /// and its job titles are all different.
    pub(super) fn unique_posts(&self) -> Option<TableHit> {
        if !(MIN_POSTS..=MAX_POSTS).contains(&self.data_rows) {
            return None;
        }
        let role = self.cols.iter().enumerate().find_map(|(i, c)| {
            let col = i as u32;
            let distinct = c.distinct.len() as u64;
            (self.header_info(col).has(H::ROLE)
                && !self.header_info(col).has(H::COUNT)
                && c.text >= MIN_POSTS
                && c.text * 10 >= self.data_rows * 9
                && c.distinct_seen == c.text
                && distinct == c.distinct_seen)
                .then_some(col)
        })?;
        let matter = (0..self.cols.len() as u32).find(|&c| {
            c != role
                && self.cols.get(c as usize).is_some_and(|s| s.text > 0)
                && self.header(c).is_some_and(|h| {
                    word_key(h)
                        .split(' ')
                        .any(|w| PERSONAL_MATTERS.contains(&w))
                })
        })?;
        Some(self.weak_table_hit(
            format!(
                "{} of {} by {}, every one a different post: each row points at the one person who holds it; check the posts cannot be matched to people (group them, or leave the job title out).",
                count(self.data_rows, "row", "rows"),
                self.describe_col(matter),
                self.describe_col(role),
            ),
            self.cols.get(role as usize).and_then(|c| c.first),
            "unique_posts",
        ))
    }
}
