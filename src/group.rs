//! Many findings of one kind on one sheet read as one line.
//!
//! A workbook with 2,000 notes should not give an officer 2,000 report lines.
//! Past [`MAX_SEPARATE`] findings that differ only in their cell, the report
//! gives one finding at the first cell, counting them all and naming the
//! first few cells.
//!
//! ```
//! use foiguard::finding::{Finding, Severity};
//! use foiguard::group::group_repeats;
//! let notes: Vec<Finding> = (1..=12)
//!     .map(|r| {
//!         let mut f = Finding::new("comment", Severity::Review, "A note on a cell.");
//!         f.sheet = Some("Counts".into());
//!         f.cell = Some(format!("B{r}"));
//!         f
//!     })
//!     .collect();
//! let grouped = group_repeats(notes);
//! assert_eq!(grouped.len(), 1);
//! assert_eq!(grouped[0].count, 12);
//! assert_eq!(grouped[0].cell.as_deref(), Some("B1"));
//! ```

use crate::finding::Finding;
use crate::model::parse_a1;
use crate::numbers::thousands;

/// Up to this many findings of one kind on one sheet stay separate lines.
pub const MAX_SEPARATE: usize = 10;

/// How many cells a grouped finding names.
const NAMED: usize = 8;

/// Group findings that differ only in their cell (same kind, severity,
/// sheet, part, message, evidence, visibility) when there are more than
/// [`MAX_SEPARATE`] of them. Order is kept otherwise.
pub fn group_repeats(findings: Vec<Finding>) -> Vec<Finding> {
    let mut groups: Vec<Vec<Finding>> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for f in findings {
        let Some(key) = group_key(&f) else {
            groups.push(vec![f]);
            continue;
        };
        match index.get(&key) {
            Some(&i) => groups[i].push(f),
            None => {
                index.insert(key, groups.len());
                groups.push(vec![f]);
            }
        }
    }
    let mut out = Vec::new();
    for mut g in groups {
        if g.len() <= MAX_SEPARATE {
            out.extend(g);
            continue;
        }
        g.sort_by_key(|f| cell_order(f.cell.as_deref()));
        let n = g.len();
        let total: u64 = g.iter().map(|f| f.count.max(1)).sum();
        let named: Vec<String> = g
            .iter()
            .take(NAMED)
            .filter_map(|f| f.cell.clone())
            .collect();
        let hidden = g.iter().any(|f| f.hidden);
        let mut first = g.swap_remove(0);
        let sep = if first.message.ends_with(['.', '!', '?']) {
            ""
        } else {
            "."
        };
        first.message = format!(
            "{}{sep} This sheet has {} of these: {}{}.",
            first.message,
            thousands(n as u64),
            named.join(", "),
            if n > named.len() {
                format!(" and {} more", thousands((n - named.len()) as u64))
            } else {
                String::new()
            }
        );
        first.count = total;
        first.hidden = hidden;
        out.push(first);
    }
    out
}

/// What must match for two findings to be one line: everything but the
/// cell, the count and the (masked) sample.
fn group_key(f: &Finding) -> Option<String> {
    f.cell.as_ref()?;
    let sheet = f.sheet.as_ref()?;
    Some(format!(
        "{}\u{1f}{:?}\u{1f}{:?}\u{1f}{}\u{1f}{:?}\u{1f}{:?}\u{1f}{}\u{1f}{:?}\u{1f}{:?}\u{1f}{}",
        f.kind,
        f.severity,
        f.embedded,
        sheet,
        f.part,
        f.rule,
        f.message,
        f.evidence,
        f.very_hidden,
        f.accepted,
    ))
}

/// Cells in reading order (row, then column: A2 before A10), ranges by their
/// first cell; anything unparsable after them, by text.
pub fn cell_order(cell: Option<&str>) -> (u32, u32, String) {
    let c = cell.unwrap_or("");
    let first = c.split(':').next().unwrap_or(c);
    match parse_a1(first) {
        Some((r, col)) => (r, col, c.to_string()),
        None => (u32::MAX, u32::MAX, c.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn note(sheet: &str, cell: &str) -> Finding {
        let mut f = Finding::new("comment", Severity::Review, "A note on a cell.");
        f.sheet = Some(sheet.into());
        f.cell = Some(cell.into());
        f.count = 1;
        f
    }

    #[test]
    fn ten_stay_separate_eleven_become_one() {
        let ten: Vec<Finding> = (1..=10).map(|r| note("S", &format!("A{r}"))).collect();
        assert_eq!(group_repeats(ten).len(), 10);
        let many: Vec<Finding> = (1..=120)
            .rev()
            .map(|r| note("S", &format!("A{r}")))
            .collect();
        let g = group_repeats(many);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].count, 120);
        assert_eq!(g[0].cell.as_deref(), Some("A1"));
        assert_eq!(
            g[0].message,
            "A note on a cell. This sheet has 120 of these: A1, A2, A3, A4, A5, A6, A7, A8 and 112 more."
        );
    }

    #[test]
    fn different_sheets_kinds_and_messages_stay_apart() {
        let mut v: Vec<Finding> = (1..=11).map(|r| note("S", &format!("A{r}"))).collect();
        v.extend((1..=11).map(|r| note("T", &format!("A{r}"))));
        let mut other = note("S", "Z9");
        other.message = "A threaded comment.".into();
        v.push(other);
        let mut link = note("S", "Z10");
        link.kind = "hyperlink".into();
        v.push(link);
        let g = group_repeats(v);
        assert_eq!(g.len(), 4, "{g:?}");
        assert_eq!(g.iter().filter(|f| f.count == 11).count(), 2);
    }

    #[test]
    fn sheet_level_findings_are_never_grouped() {
        let v: Vec<Finding> = (0..20)
            .map(|_| {
                let mut f = note("S", "A1");
                f.cell = None;
                f
            })
            .collect();
        assert_eq!(group_repeats(v).len(), 20);
    }

    #[test]
    fn cells_sort_in_reading_order() {
        let mut cells = vec!["A10", "B2", "A2", "A1:C3", "AA1", "?"];
        cells.sort_by_key(|c| cell_order(Some(c)));
        assert_eq!(cells, vec!["A1:C3", "AA1", "A2", "B2", "A10", "?"]);
    }
}
