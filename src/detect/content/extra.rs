//! Extra detectors from the policy (`[[detectors.extra]]`), like gitleaks
//! rules: an id, optional keywords that must appear first, and a regex.

use regex::Regex;

use super::{Detector, Evidence, ExtraDetector, Gate, Hit, RuleInfo, Scan, feat};

pub(crate) struct Extra {
    id: &'static str,
    description: String,
    keywords: Vec<String>,
    rx: Regex,
    strong: bool,
    exemption: &'static str,
}

const EXEMPTIONS: &[&str] = &["s40(2)", "s31", "s24", "s38"];

impl Extra {
    pub(crate) fn new(x: &ExtraDetector) -> Result<Self, String> {
        let id = x.id.trim();
        if id.is_empty()
            || id.len() > 64
            || !id.starts_with(|c: char| c.is_ascii_lowercase())
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(format!(
                "detectors.extra: id '{id}' must be lower-case letters, digits and '_'"
            ));
        }
        let rx =
            Regex::new(&x.regex).map_err(|e| format!("detectors.extra '{id}': bad regex: {e}"))?;
        if x.regex.trim().is_empty() {
            return Err(format!("detectors.extra '{id}': regex is empty"));
        }
        let exemption = match &x.exemption {
            None => "s40(2)",
            Some(e) => EXEMPTIONS
                .iter()
                .copied()
                .find(|k| k.eq_ignore_ascii_case(e.trim()))
                .ok_or_else(|| {
                    format!(
                        "detectors.extra '{id}': exemption '{e}' is not one of {}",
                        EXEMPTIONS.join(", ")
                    )
                })?,
        };
        // Ids live as long as the program: the detector list is built once.
        let id: &'static str = Box::leak(id.to_string().into_boxed_str());
        Ok(Extra {
            id,
            description: if x.description.is_empty() {
                format!("Policy rule /{}/", x.regex)
            } else {
                x.description.clone()
            },
            keywords: x
                .keywords
                .iter()
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty())
                .collect(),
            rx,
            strong: x.strong.unwrap_or(true),
            exemption,
        })
    }
}

impl Detector for Extra {
    fn rule(&self) -> RuleInfo {
        RuleInfo {
            id: self.id,
            description: self.description.clone(),
            strong: self.strong,
            exemption: self.exemption,
            scope: "text",
        }
    }

    fn keywords(&self) -> Vec<String> {
        self.keywords.clone()
    }

    fn gate(&self) -> Gate {
        Gate {
            // Keywords are looked up by their letters; one without letters
            // ("0800") cannot be, so such a rule runs on every text.
            feat: if self.keywords.is_empty()
                || self
                    .keywords
                    .iter()
                    .any(|k| !k.chars().any(|c| c.is_ascii_alphabetic()))
            {
                feat::ANY
            } else {
                0
            },
            header: 0,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        for m in self.rx.find_iter(s.text) {
            if m.start() == m.end() {
                continue;
            }
            let ev: &[Evidence] = if self.keywords.is_empty() {
                &[Evidence::Pattern]
            } else {
                &[Evidence::Keyword, Evidence::Pattern]
            };
            out.push(Hit::new(self.id, m.start(), m.end(), ev, self.strong));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::content::{ContentScanner, DetectorsConfig, ExtraDetector, TextContext};

    #[test]
    fn extra_rule_runs() {
        let cfg = DetectorsConfig {
            extra: vec![ExtraDetector {
                id: "case_file".into(),
                keywords: vec!["CF-".into()],
                regex: r"CF-\d{6}".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let s = ContentScanner::new(&cfg, None).unwrap();
        let mut v = Vec::new();
        s.scan(
            "see CF-123456 and cf-999999",
            &TextContext::default(),
            &mut v,
        );
        let hits: Vec<_> = v.iter().filter(|h| h.kind == "case_file").collect();
        assert_eq!(hits.len(), 1);
        assert!(hits[0].strong);
        assert!(s.rules().iter().any(|r| r.id == "case_file"));
    }

    #[test]
    fn bad_rules_are_errors() {
        for x in [
            ExtraDetector {
                id: "Bad Id".into(),
                regex: "x".into(),
                ..Default::default()
            },
            ExtraDetector {
                id: "ok".into(),
                regex: "(".into(),
                ..Default::default()
            },
            ExtraDetector {
                id: "person_name".into(),
                regex: "x".into(),
                ..Default::default()
            },
            ExtraDetector {
                id: "ok2".into(),
                regex: "x".into(),
                exemption: Some("s99".into()),
                ..Default::default()
            },
        ] {
            let cfg = DetectorsConfig {
                extra: vec![x],
                ..Default::default()
            };
            assert!(ContentScanner::new(&cfg, None).is_err());
        }
    }
}
