//! `vetting_level`: a security vetting level (BPSS, CTC, SC, eSC, DV, eDV;
//! police RV, MV, NPPV1/2/3) tied to a person — in the same text as a name
//! or identifier. A level used as a category label ("Officers with DV: 12")
//! is not reported; a vetting column in a personnel table is reported by
//! the table analyser.
//!
//! Ambiguous abbreviations need a vetting word near them: "DV" is also
//! domestic violence, "SC" a special constable, "RV"/"MV" vehicles.

use regex::Regex;

use super::{Detector, Evidence, Gate, Hit, PERSON_KINDS, RuleInfo, Scan, re, rule};

pub(crate) struct VettingLevel {
    rx: Regex,
}

const ID: &str = "vetting_level";

/// Levels that name vetting on their own.
const CLEAR: &[&str] = &[
    "BPSS", "eSC", "ESC", "eDV", "EDV", "NPPV", "NPPV1", "NPPV2", "NPPV3",
];
/// Words that make an ambiguous abbreviation a vetting level.
const VETTING_WORDS: &[&str] = &[
    "vetting",
    "vetted",
    "clearance",
    "cleared",
    "clearances",
    "nppv",
    "bpss",
];

/// Whether a whole value is a vetting level ("SC", "NPPV 2 (Full)", "DV").
pub fn is_vetting_value(v: &str) -> bool {
    let t = v.trim();
    if t.is_empty() || t.len() > 48 {
        return false;
    }
    // Cheap reject: vetting values start with one of these letters.
    if !matches!(
        t.as_bytes()[0].to_ascii_lowercase(),
        b'b' | b'c' | b's' | b'e' | b'd' | b'r' | b'm' | b'n' | b'l'
    ) {
        return false;
    }
    let mut buf = [0u8; 64];
    let Some(k) = crate::detect::normalize::lower_words(t, &mut buf) else {
        return false;
    };
    let k = k.strip_prefix("level ").unwrap_or(k);
    let k = k
        .strip_suffix(" cleared")
        .or_else(|| k.strip_suffix(" clearance"))
        .unwrap_or(k);
    matches!(
        k,
        "bpss"
            | "ctc"
            | "sc"
            | "esc"
            | "dv"
            | "edv"
            | "rv"
            | "mv"
            | "nppv"
            | "nppv1"
            | "nppv2"
            | "nppv3"
            | "nppv 1"
            | "nppv 2"
            | "nppv 3"
            | "nppv level 1"
            | "nppv level 2"
            | "nppv level 3"
            | "nppv2 full"
            | "nppv2 abbreviated"
            | "nppv 2 full"
            | "nppv 2 abbreviated"
            | "nppv level 2 full"
            | "nppv level 2 abbreviated"
            | "security check"
            | "developed vetting"
            | "counter terrorist check"
            | "counter terrorism check"
            | "recruitment vetting"
            | "management vetting"
            | "baseline personnel security standard"
    )
}

impl VettingLevel {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(VettingLevel {
            rx: re(
                r"\b(?:BPSS|CTC|SC|eSC|ESC|DV|eDV|EDV|RV|MV|NPPV\s?(?:[Ll]evel\s?)?[123]?(?:\s?\((?:[Aa]bbreviated|[Ff]ull)\))?|(?i:security check|developed vetting|counter[- ]terroris[mt] check|management vetting|recruitment vetting))\b",
            )?,
        })
    }
}

impl Detector for VettingLevel {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "A security vetting level (BPSS, CTC, SC, eSC, DV, eDV, RV, MV, NPPV1-3) next to a \
             person: in the same text as a name or identifier, or a vetting column of a \
             personnel table.",
            true,
            "s24",
        )
    }

    fn keywords(&self) -> Vec<String> {
        [
            "bpss",
            "ctc",
            "sc",
            "esc",
            "eSC",
            "dv",
            "edv",
            "eDV",
            "rv",
            "mv",
            "nppv",
            "nppv1",
            "nppv2",
            "nppv3",
            "security check",
            "developed vetting",
            "counter terrorist check",
            "counter-terrorist check",
            "counter terrorism check",
            "management vetting",
            "recruitment vetting",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    fn gate(&self) -> Gate {
        Gate::default()
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        let person = out
            .get(s.first_hit..)
            .is_some_and(|h| h.iter().any(|h| PERSON_KINDS.contains(&h.kind)))
            || s.person_field;
        if !person {
            return;
        }
        let vetting_word = s.has_kw(VETTING_WORDS);
        let lower = s.text.to_ascii_lowercase();
        let near_word = |a: usize, z: usize| {
            let from = a.saturating_sub(30);
            let to = (z + 30).min(lower.len());
            lower
                .get(from..to)
                .is_some_and(|w| VETTING_WORDS.iter().any(|v| w.contains(v)) || w.contains("level"))
        };
        let mut found = Vec::new();
        for m in self.rx.find_iter(s.text) {
            let t = m.as_str();
            let clear = CLEAR.iter().any(|c| t.starts_with(c)) || t.contains(' ') && t.len() > 8;
            if clear || near_word(m.start(), m.end()) || (vetting_word && t.len() > 2) {
                found.push(Hit::new(ID, m.start(), m.end(), &[Evidence::Keyword], true));
            }
        }
        out.extend(found);
    }
}

#[cfg(test)]
mod tests {
    use super::is_vetting_value;
    use crate::detect::content::{ContentScanner, DetectorsConfig, TextContext};

    fn found(t: &str) -> Vec<String> {
        let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        let mut v = Vec::new();
        s.scan(t, &TextContext::default(), &mut v);
        v.into_iter()
            .filter(|h| h.kind == "vetting_level")
            .map(|h| t[h.start..h.end].to_string())
            .collect()
    }

    #[test]
    fn tied_to_a_person() {
        assert_eq!(found("DC Jane Quarrendon holds DV clearance"), vec!["DV"]);
        assert_eq!(found("PC 4521: NPPV3"), vec!["NPPV3"]);
        assert_eq!(found("Sgt Vellacott vetted to SC level"), vec!["SC"]);
        assert_eq!(found("PC 4521 (NPPV Level 2)"), vec!["NPPV Level 2"]);
        // Any identifier of a person ties it, an NHS number too.
        assert_eq!(
            found("NHS number 943 476 5919, vetting level SC"),
            vec!["SC"]
        );
    }

    #[test]
    fn categories_and_other_meanings_are_not() {
        assert!(found("Officers with DV clearance: 12").is_empty());
        assert!(found("NPPV3").is_empty());
        assert!(found("PC 4521 attended a DV incident").is_empty());
        assert!(found("SC 4521 Quarrendon on patrol").is_empty());
    }

    #[test]
    fn values() {
        for v in [
            "SC",
            "NPPV 2 (Full)",
            "DV",
            "eDV",
            "NPPV Level 3",
            "BPSS",
            "Security Check",
        ] {
            assert!(is_vetting_value(v), "{v}");
        }
        for v in ["Constable", "None", "Yes", "2"] {
            assert!(!is_vetting_value(v), "{v}");
        }
    }
}
