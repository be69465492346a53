//! The `[detectors]` table of the policy file: which detectors run, the
//! small-count threshold, allowed values, the mask label, extra detectors.

use serde::{Deserialize, Serialize};

/// An extra detector from the policy, like a gitleaks rule.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ExtraDetector {
    /// Detector id and finding kind (letters, digits, `_`).
    pub id: String,
    pub description: String,
    /// Words that must appear (case-insensitive) before the regex is tried;
    /// empty: the regex runs on every text.
    pub keywords: Vec<String>,
    pub regex: String,
    /// Strong (block) or weak (review). Default strong.
    pub strong: Option<bool>,
    /// FOIA exemption; default "s40(2)".
    pub exemption: Option<String>,
}

/// Content detector settings: the `[detectors]` table of the policy file.
///
/// ```toml
/// [detectors]
/// disable = ["ip_address"]
/// small_count_threshold = 4
/// allow_values = ["northmoor.foi@police.example.uk", "Chief Constable Jane Example"]
/// allow_patterns = ['^press\.office@']
/// org_email_domains = ["police.example.uk"]
/// mask_label = "[REDACTED s40(2)]"
///
/// [[detectors.extra]]
/// id = "case_file"
/// keywords = ["CF-"]
/// regex = 'CF-\d{6}'
/// strong = true
/// ```
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct DetectorsConfig {
    /// Detector ids to turn off.
    pub disable: Vec<String>,
    /// Counts from 1 up to this many staff are `small_count`.
    pub small_count_threshold: u32,
    /// Also report small counts of events (crimes, searches, arrests, requests).
    pub small_count_events: bool,
    /// Values never reported (the FOI team's public mailbox, a published name).
    /// Compared ignoring case, accents and extra spaces.
    pub allow_values: Vec<String>,
    /// Regexes: a hit whose text matches one is not reported.
    pub allow_patterns: Vec<String>,
    /// The organisation's own e-mail domains (subdomains included).
    pub org_email_domains: Vec<String>,
    /// The redaction mask label: text that holds only this carries no evidence.
    /// Any `[REDACTED ...]` label is treated the same way.
    pub mask_label: String,
    /// Extra detectors.
    pub extra: Vec<ExtraDetector>,
}

impl Default for DetectorsConfig {
    fn default() -> Self {
        DetectorsConfig {
            disable: Vec::new(),
            small_count_threshold: 4,
            small_count_events: false,
            allow_values: Vec::new(),
            allow_patterns: Vec::new(),
            org_email_domains: Vec::new(),
            mask_label: "[REDACTED s40(2)]".to_string(),
            extra: Vec::new(),
        }
    }
}
