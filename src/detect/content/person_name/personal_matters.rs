//! A name beside a personal matter: "Includes Jan Kowalczyk - off with
//! depression since March", "Sickness days – Aisha Siddiqui", a tab named
//! "Grievance - Ó Briain, Pádraig". A listed forename and surname alone is
//! weak evidence (review), but a text that ties a named person to their
//! health or to an HR case says something sensitive about that person
//! (special category data under UK GDPR Article 9, or a conduct matter):
//! the name is strong, so the file blocks and the copy masks it.
//!
//! ```text
//! "Includes Jan Kowalczyk - off with depression"  -> Jan Kowalczyk, strong (block)
//! "Met Jan Kowalczyk about the budget"             -> Jan Kowalczyk, weak (review)
//! "DCC Marcus Whitfield said 12 were suspended"    -> weak: a chief officer (review)
//! ```

use super::super::{Evidence, Scan};
use super::ID;

/// Words that say something about one person's health or an HR case about
/// them (keywords of the detector: matched as whole words, case-folded).
/// Words a public statement uses of an office ("complaint",
/// "investigation", "tribunal") are not here: a chief officer named beside
/// them stays for review.
pub(super) const PERSONAL_MATTERS: &[&str] = &[
    // Health.
    "sick",
    "sickness",
    "illness",
    "ill-health",
    "depression",
    "depressed",
    "anxiety",
    "ptsd",
    "cancer",
    "chemotherapy",
    "surgery",
    "diagnosis",
    "diagnosed",
    "medication",
    "pregnant",
    "pregnancy",
    "miscarriage",
    "maternity",
    "paternity",
    "disability",
    "disabled",
    "dementia",
    "hiv",
    "counselling",
    "bereavement",
    "terminal",
    "rehab",
    "rehabilitation",
    "addiction",
    "alcoholism",
    "self-harm",
    "suicidal",
    "breakdown",
    "occupational health",
    "mental health",
    // HR cases about one person.
    "grievance",
    "disciplinary",
    "misconduct",
    "gross misconduct",
    "dismissed",
    "dismissal",
    "suspended",
    "suspension",
    "capability",
    "redundancy",
];

/// Make this text's weak names strong when the text names a personal
/// matter (the evidence says so: a keyword).
pub(super) fn strengthen_beside_personal_matters(s: &Scan<'_>, out: &mut [super::Hit]) {
    // Most texts name no personal matter: nothing else to look at.
    if !s.has_kw(PERSONAL_MATTERS) {
        return;
    }
    let Some(mine) = out.get_mut(s.first_hit..) else {
        return;
    };
    // A weak name after a rank is a chief officer's, named in public
    // statements on conduct and sickness as a matter of course: it stays
    // for review.
    // (The same name may be found by the name list too.)
    let chief: Vec<(usize, usize)> = mine
        .iter()
        .filter(|h| h.kind == ID && !h.strong && h.evidence.contains(&Evidence::RankPrefix))
        .map(|h| (h.start, h.end))
        .collect();
    let weak = |h: &super::Hit| {
        h.kind == ID && !h.strong && !chief.iter().any(|&(a, b)| h.start < b && a < h.end)
    };
    for h in mine.iter_mut().filter(|h| weak(h)) {
        h.strong = true;
        if !h.evidence.contains(&Evidence::Keyword) {
            h.evidence.push(Evidence::Keyword);
        }
    }
}
