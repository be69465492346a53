//! Pivot-table output pasted as values. Excel writes a caption row above
//! the pivot's real header: the data field ("Sum of Hours", "Count of
//! Incident") and "Column Labels". The header is the row below it, "Row
//! Labels | Jan | Feb | Grand Total", over the row field's values — as
//! often people as places. Taken as the header, the caption row hid that.

/// How Excel captions a pivot's data field: the summary function and "of".
const DATA_FIELD_CAPTIONS: &[&str] = &[
    "sum of ",
    "count of ",
    "average of ",
    "max of ",
    "min of ",
    "product of ",
    "stddev of ",
    "stddevp of ",
    "var of ",
    "varp of ",
    "distinct count of ",
];

/// Whether a text is a caption Excel puts above a pivot's header row: a
/// data field ("Sum of Hours"), "Column Labels" or "Values".
fn is_caption(t: &str) -> bool {
    let k = t.trim().to_ascii_lowercase();
    matches!(k.as_str(), "column labels" | "values")
        || DATA_FIELD_CAPTIONS
            .iter()
            .any(|p| k.starts_with(p) && k.len() > p.len())
}

/// Whether a row's texts are a pivot's caption row ("Sum of Hours |
/// Column Labels"): every text a caption, one of them "Column Labels" or
/// "Values" (a header "Row Labels | Sum of Hours" is the header itself).
pub(super) fn is_caption_row<'a>(texts: impl Iterator<Item = &'a str> + Clone) -> bool {
    let labels = texts.clone().any(|t| {
        matches!(
            t.trim().to_ascii_lowercase().as_str(),
            "column labels" | "values"
        )
    });
    labels && texts.into_iter().all(is_caption)
}

#[cfg(test)]
mod tests {
    use super::is_caption_row;

    #[test]
    fn caption_rows() {
        let yes: &[&[&str]] = &[
            &["Sum of Hours", "Column Labels"],
            &["Count of Incident", "Column Labels"],
            &["Column Labels"],
            &["Values", "Average of Overtime"],
        ];
        for row in yes {
            assert!(is_caption_row(row.iter().copied()), "{row:?}");
        }
        let no: &[&[&str]] = &[
            &["Row Labels", "Sum of Hours"],
            &["Sum of Hours", "Total"],
            &["Name", "Column Labels"],
            &["Count of officers", "Rank"],
        ];
        for row in no {
            assert!(!is_caption_row(row.iter().copied()), "{row:?}");
        }
    }
}
