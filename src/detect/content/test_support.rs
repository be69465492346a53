//! What the detectors' unit tests share: the default scanner, built once
//! (compiling every detector per test made the suite slow), and the texts a
//! kind's hits cover.

use std::sync::OnceLock;

use super::{ContentScanner, DetectorsConfig, Hit, TextContext};

/// The scanner with the default detectors and no roster.
pub(crate) fn default_scanner() -> &'static ContentScanner {
    static SCANNER: OnceLock<ContentScanner> = OnceLock::new();
    SCANNER.get_or_init(|| {
        ContentScanner::new(&DetectorsConfig::default(), None).expect("default detectors build")
    })
}

/// Every hit in `t`, a cell under `header`.
pub(crate) fn hits(t: &str, header: Option<&str>) -> Vec<Hit> {
    let mut v = Vec::new();
    default_scanner().scan(t, &TextContext::cell(header), &mut v);
    v
}

/// The texts of `kind`'s hits in `t`, a cell under `header`.
pub(crate) fn found_texts(kind: &str, t: &str, header: Option<&str>) -> Vec<String> {
    hits(t, header)
        .into_iter()
        .filter(|h| h.kind == kind)
        .map(|h| t[h.start..h.end].to_string())
        .collect()
}

/// How many of `kind`'s hits there are in `t`, a cell under `header`.
pub(crate) fn found_count(kind: &str, t: &str, header: Option<&str>) -> usize {
    hits(t, header).iter().filter(|h| h.kind == kind).count()
}
