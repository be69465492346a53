//! Policy: what blocks, what needs review, what is only worth knowing — as
//! data. The default lives in `policy/default.toml` (compiled in); a user's
//! `--policy FILE` is layered on top of it.
//!
//! ```
//! use foiguard::policy::Policy;
//! use foiguard::finding::Severity;
//! let p = Policy::default();
//! assert_eq!(p.severity("hidden_sheet", Some("empty")), Severity::Info);
//! assert_eq!(p.severity("hidden_sheet", Some("very_hidden")), Severity::Block);
//! assert_eq!(p.severity("something_new", None), Severity::Review);
//! let mine = Policy::from_toml_str("[severity]\ncomment = \"block\"\n", "mine.toml").unwrap();
//! assert_eq!(mine.severity("comment", None), Severity::Block);
//! assert_eq!(mine.severity("macro", None), Severity::Review); // default kept
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::finding::Severity;
use crate::source::Limits;

/// The compiled-in default policy file.
pub const DEFAULT_POLICY_TOML: &str = include_str!("../policy/default.toml");

/// How content findings get their severity from their evidence.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ContentSeverity {
    /// Strong evidence, or any evidence in a hidden place.
    pub strong: Severity,
    /// Weak evidence in a visible place.
    pub weak: Severity,
}

impl Default for ContentSeverity {
    fn default() -> Self {
        ContentSeverity {
            strong: Severity::Block,
            weak: Severity::Review,
        }
    }
}

/// The policy file as written (every section optional).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct PolicyFile {
    severity: BTreeMap<String, String>,
    content: Option<ContentSeverity>,
    limits: Option<Limits>,
    detectors: Option<toml::Value>,
}

/// The policy in force.
#[derive(Clone, Debug)]
pub struct Policy {
    severity: BTreeMap<String, Severity>,
    pub content: ContentSeverity,
    pub limits: Limits,
    /// The `[detectors]` table, handed to the content detectors as is.
    pub detectors: Option<toml::Value>,
    /// Where the policy came from: "built-in default" or the file path.
    pub source: String,
}

impl Default for Policy {
    fn default() -> Self {
        // The default file is part of the binary and covered by tests, so a
        // parse failure here is a build defect, not bad input.
        match Policy::parse_layer(Policy::empty(), DEFAULT_POLICY_TOML, "built-in default") {
            Ok(p) => p,
            Err(e) => panic!("the built-in default policy is invalid: {e}"),
        }
    }
}

impl Policy {
    fn empty() -> Policy {
        Policy {
            severity: BTreeMap::new(),
            content: ContentSeverity::default(),
            limits: Limits::default(),
            detectors: None,
            source: String::new(),
        }
    }

    fn parse_layer(mut base: Policy, text: &str, source: &str) -> Result<Policy, String> {
        let file: PolicyFile = toml::from_str(text).map_err(|e| {
            let msg = e.to_string();
            format!(
                "{source}: invalid policy: {}",
                msg.lines().collect::<Vec<_>>().join(" ")
            )
        })?;
        for (key, value) in file.severity {
            let sev = Severity::parse(&value).ok_or_else(|| {
                format!(
                    "{source}: severity for {key:?} must be block, review or info, not {value:?}"
                )
            })?;
            base.severity.insert(key, sev);
        }
        if let Some(c) = file.content {
            base.content = c;
        }
        if let Some(l) = file.limits {
            base.limits = l;
        }
        if file.detectors.is_some() {
            base.detectors = file.detectors;
        }
        base.source = source.to_string();
        Ok(base)
    }

    /// The default policy with `text` (TOML) layered on top.
    pub fn from_toml_str(text: &str, source: &str) -> Result<Policy, String> {
        Policy::parse_layer(Policy::default(), text, source)
    }

    /// Load a policy file on top of the default.
    pub fn load(path: &Path) -> Result<Policy, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read policy: {e}", path.display()))?;
        Policy::from_toml_str(&text, &path.display().to_string())
    }

    /// Every key of the `[severity]` table in force (`kind` or `kind.variant`).
    pub fn severity_keys(&self) -> impl Iterator<Item = &str> {
        self.severity.keys().map(String::as_str)
    }

    /// The configured severity for `kind` (or `kind.variant`), if any.
    pub fn configured(&self, kind: &str, variant: Option<&str>) -> Option<Severity> {
        if let Some(v) = variant
            && let Some(s) = self.severity.get(&format!("{kind}.{v}"))
        {
            return Some(*s);
        }
        self.severity.get(kind).copied()
    }

    /// The severity for a structural kind; unknown kinds need review.
    pub fn severity(&self, kind: &str, variant: Option<&str>) -> Severity {
        self.configured(kind, variant).unwrap_or(Severity::Review)
    }

    /// The policy key that decides `kind`/`variant` (for the report).
    pub fn rule_key(&self, kind: &str, variant: Option<&str>) -> String {
        match variant {
            Some(v) if self.severity.contains_key(&format!("{kind}.{v}")) => format!("{kind}.{v}"),
            _ => kind.to_string(),
        }
    }

    /// The severity of a content finding: a fixed severity for the kind if
    /// the policy sets one, else from the strength of the evidence and
    /// whether the text is hidden from a reader.
    pub fn content_severity(&self, kind: &str, strong: bool, hidden: bool) -> Severity {
        if let Some(s) = self.configured(kind, None) {
            return s;
        }
        if strong || hidden {
            self.content.strong
        } else {
            self.content.weak
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The commented-out `[detectors]` and `[limits]` of the default policy
    /// are a working example: uncommented, they load, and the limits shown
    /// are the defaults.
    #[test]
    fn the_commented_example_tables_load_as_shown() {
        let at = DEFAULT_POLICY_TOML.find("# [detectors]").unwrap();
        let example: String = DEFAULT_POLICY_TOML[at..]
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .unwrap_or(if l.starts_with('#') { "" } else { l })
            })
            .collect::<Vec<_>>()
            .join("\n");
        let p = Policy::from_toml_str(&example, "example").unwrap();
        assert_eq!(p.limits, Limits::default());
        let scanner = crate::scan::Scanner::new(p);
        assert!(scanner.content.is_ok(), "{:?}", scanner.content.err());
    }

    #[test]
    fn default_policy_parses_and_covers_every_structural_kind() {
        let p = Policy::default();
        for k in crate::finding::Kind::ALL {
            assert!(
                p.configured(k.as_str(), None).is_some(),
                "default policy has no severity for {}",
                k.as_str()
            );
        }
    }

    #[test]
    fn bad_severity_is_an_error_naming_the_file() {
        let e = Policy::from_toml_str("[severity]\ncomment = \"loud\"\n", "p.toml").unwrap_err();
        assert!(e.contains("p.toml") && e.contains("comment"), "{e}");
    }

    #[test]
    fn unknown_section_is_rejected() {
        assert!(Policy::from_toml_str("[severty]\n", "p.toml").is_err());
    }

    #[test]
    fn content_severity_follows_evidence_and_place() {
        let p = Policy::default();
        assert_eq!(
            p.content_severity("ni_number", true, false),
            Severity::Block
        );
        assert_eq!(
            p.content_severity("person_name", false, false),
            Severity::Review
        );
        assert_eq!(
            p.content_severity("person_name", false, true),
            Severity::Block
        );
        assert_eq!(
            p.content_severity("small_count", true, true),
            Severity::Review
        );
    }
}
