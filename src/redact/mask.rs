//! Masking identifiers in text that stays in a released copy: the rest of
//! the cell's text stays ("DC [REDACTED s40(2)] attended").
//!
//! ```
//! use foiguard::redact::mask::{MaskMode, Masker};
//! let m = Masker::new(MaskMode::Label, "[REDACTED s40(2)]");
//! assert_eq!(m.mask_spans("DC Jane Quarrendon attended", &[(3, 18, "s40(2)")]), "DC [REDACTED s40(2)] attended");
//! let m = Masker::new(MaskMode::Partial, "[REDACTED s40(2)]");
//! assert_eq!(m.mask_spans("Seen by Jane Quarrendon", &[(8, 23, "s40(2)")]), "Seen by J. Q.");
//! let m = Masker::new(MaskMode::Blank, "[REDACTED s40(2)]");
//! assert_eq!(m.mask_spans("DC Jane Quarrendon attended", &[(3, 18, "s40(2)")]), "DC attended");
//! ```

/// How a detected identifier is replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MaskMode {
    /// The policy's label, `[REDACTED s40(2)]` by default.
    #[default]
    Label,
    /// Nothing: the identifier is cut out.
    Blank,
    /// Initials only (`J. Q.`); identifiers without letters get the label.
    Partial,
}

impl MaskMode {
    pub fn as_str(self) -> &'static str {
        match self {
            MaskMode::Label => "label",
            MaskMode::Blank => "blank",
            MaskMode::Partial => "partial",
        }
    }
}

/// Replaces identifiers in text the way the user asked.
#[derive(Clone, Debug)]
pub struct Masker {
    pub mode: MaskMode,
    /// The label for `MaskMode::Label` (and for partial masks that leave nothing).
    pub label: String,
}

/// The exemption written in labels when the label names none of its own.
pub const DEFAULT_EXEMPTION: &str = "s40(2)";

impl Masker {
    pub fn new(mode: MaskMode, label: impl Into<String>) -> Self {
        let label = label.into();
        let label = if label.trim().is_empty() {
            "[REDACTED s40(2)]".to_string()
        } else {
            label
        };
        Masker { mode, label }
    }

    /// The label for an identifier withheld under `exemption`: the default
    /// label's `s40(2)` becomes the detector's exemption (`[REDACTED s31]`).
    pub fn label_for(&self, exemption: &str) -> String {
        if exemption != DEFAULT_EXEMPTION
            && !exemption.is_empty()
            && self.label.contains(DEFAULT_EXEMPTION)
        {
            self.label.replace(DEFAULT_EXEMPTION, exemption)
        } else {
            self.label.clone()
        }
    }

    /// What a whole value becomes. `None`: the cell is left empty.
    pub fn whole(&self, text: Option<&str>, exemption: &str) -> Option<String> {
        match self.mode {
            MaskMode::Label => Some(self.label_for(exemption)),
            MaskMode::Blank => None,
            MaskMode::Partial => {
                let i = text.map(initials).unwrap_or_default();
                Some(if i.is_empty() {
                    self.label_for(exemption)
                } else {
                    i
                })
            }
        }
    }

    /// Replace each span (byte offsets, with its exemption) of `text`.
    /// Overlapping spans are merged; offsets off a character boundary are
    /// widened to the enclosing characters.
    pub fn mask_spans(&self, text: &str, spans: &[(usize, usize, &str)]) -> String {
        let mut v: Vec<(usize, usize, &str)> = spans
            .iter()
            .map(|&(a, b, e)| {
                let a = floor_boundary(text, a.min(text.len()));
                let b = ceil_boundary(text, b.min(text.len()).max(a));
                (a, b, e)
            })
            .filter(|(a, b, _)| a < b)
            .collect();
        v.sort_by_key(|s| (s.0, s.1));
        let mut merged: Vec<(usize, usize, &str)> = Vec::new();
        for s in v {
            match merged.last_mut() {
                Some(m) if s.0 <= m.1 => {
                    m.1 = m.1.max(s.1);
                    if m.2 == DEFAULT_EXEMPTION {
                        m.2 = s.2;
                    }
                }
                _ => merged.push(s),
            }
        }
        let mut out = String::with_capacity(text.len() + 16);
        let mut at = 0;
        for (a, b, e) in merged {
            out.push_str(&text[at..a]);
            let span = &text[a..b];
            match self.whole(Some(span), e) {
                Some(r) => out.push_str(&r),
                None => {
                    // Cut out, and do not leave a double space behind.
                    let next_space = text[b..].starts_with(char::is_whitespace) || b == text.len();
                    if next_space {
                        while out.ends_with([' ', '\t']) {
                            out.pop();
                        }
                        if b == text.len() || out.is_empty() {
                            at = b;
                            // Skip the following whitespace too when at the start.
                            if out.is_empty() {
                                at = b + text[b..].len() - text[b..].trim_start().len();
                            }
                            continue;
                        }
                    }
                }
            }
            at = b;
        }
        out.push_str(&text[at..]);
        out
    }
}

/// Initials of the words in `s` (`Jane Quarrendon` -> `J. Q.`). Ranks,
/// titles and words that do not start with a letter are left out
/// (`PC 4521 Vellacott` -> `V.`): a rank with an initial ("PC V.") still
/// points at one officer, and the scan of the copy reads it as a name.
pub fn initials(s: &str) -> String {
    use crate::detect::content::lexicon::{RANK_ABBREVIATIONS, RANK_WORDS, TITLES};
    let mut out: Vec<String> = Vec::new();
    let mut letters = 0;
    for token in s.split_whitespace() {
        if RANK_ABBREVIATIONS.contains(&token)
            || TITLES.contains(&token)
            || RANK_WORDS.contains(&token.to_lowercase().as_str())
        {
            continue;
        }
        for w in token.split([',', '.', '@', '_']) {
            if letters >= 4 {
                break;
            }
            if let Some(c) = w.chars().next()
                && c.is_alphabetic()
            {
                let up: String = c.to_uppercase().collect();
                out.push(format!("{up}."));
                letters += 1;
            }
        }
    }
    if letters == 0 {
        return String::new();
    }
    out.join(" ")
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_keeps_the_rest_of_the_text() {
        let m = Masker::new(MaskMode::Label, "[REDACTED s40(2)]");
        let t = "Seen by PC 4521 and DC Jane Quarrendon";
        let out = m.mask_spans(t, &[(11, 15, "s40(2)"), (23, 38, "s40(2)")]);
        assert_eq!(out, "Seen by PC [REDACTED s40(2)] and DC [REDACTED s40(2)]");
    }

    #[test]
    fn exemption_goes_into_the_default_label_only() {
        let m = Masker::new(MaskMode::Label, "[REDACTED s40(2)]");
        assert_eq!(m.label_for("s31"), "[REDACTED s31]");
        let m = Masker::new(MaskMode::Label, "[WITHHELD]");
        assert_eq!(m.label_for("s31"), "[WITHHELD]");
        assert_eq!(
            Masker::new(MaskMode::Label, "  ").label,
            "[REDACTED s40(2)]"
        );
    }

    #[test]
    fn overlapping_spans_merge_and_bad_offsets_are_safe() {
        let m = Masker::new(MaskMode::Label, "[X]");
        assert_eq!(m.mask_spans("abcdef", &[(1, 3, ""), (2, 5, "")]), "a[X]f");
        // Offsets inside a multi-byte character widen to the whole character.
        let t = "Seán Ó Néill";
        let out = m.mask_spans(t, &[(2, 3, ""), (100, 200, "")]);
        assert_eq!(out, "Se[X]n Ó Néill");
    }

    #[test]
    fn blank_and_partial() {
        let b = Masker::new(MaskMode::Blank, "[X]");
        assert_eq!(b.mask_spans("Jane Quarrendon", &[(0, 15, "")]), "");
        assert_eq!(b.mask_spans("Jane Quarrendon, PC", &[(0, 15, "")]), ", PC");
        assert_eq!(b.mask_spans("Officer Jane", &[(8, 12, "")]), "Officer");
        assert_eq!(b.whole(Some("x"), ""), None);
        let p = Masker::new(MaskMode::Partial, "[X]");
        assert_eq!(
            p.mask_spans("Call 07700 900123 now", &[(5, 17, "")]),
            "Call [X] now"
        );
        assert_eq!(
            p.whole(Some("jane.doe@example.org"), ""),
            Some("J. D. E. O.".into())
        );
        assert_eq!(initials("ó néill"), "Ó. N.");
        assert_eq!(initials("PC 4521 Vellacott"), "V.");
        assert_eq!(initials("DC Jane Quarrendon"), "J. Q.");
        assert_eq!(
            initials("PC 4521"),
            "",
            "no letters of a name: the label instead"
        );
        assert_eq!(p.whole(Some("PC 4521"), ""), Some("[X]".into()));
    }
}
