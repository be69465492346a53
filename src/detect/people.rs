//! Turning content-detector hits into findings: one finding per detector and
//! place (a sheet's visible or hidden cells, a part's text), with a count,
//! the first cell, a sample and the evidence — so a 1,000,000-row sheet with
//! an identifier column gives one line, not a million.

use std::collections::{BTreeMap, BTreeSet};

use crate::finding::{Finding, Severity};
use crate::model::Location;
use crate::policy::Policy;

use super::content::{Evidence, Hit};

/// The text hit and where it was, before aggregation.
pub struct Sighting<'a> {
    pub hit: &'a Hit,
    /// The text the hit's offsets point into.
    pub text: &'a str,
    pub location: &'a Location,
    /// Hidden from a reader (hidden sheet/row/column, far away, a property...).
    pub hidden: bool,
    /// For text outside the grid: the hiding place it sits in (`comment`...).
    pub place: Option<&'static str>,
}

#[derive(Default)]
struct Agg {
    count: u64,
    first: Location,
    sample: String,
    evidence: BTreeSet<Evidence>,
    strong: bool,
    /// A strong hit was a name after a police rank ("Insp Neil
    /// Carmichael"): an officer, not an office holder's published name.
    officer: bool,
    place: Option<&'static str>,
}

/// Tabs named after people that make a workbook one with a tab per person
/// (the scan blocks it; the copy renames every tab shaped like a name).
pub const TABS_OF_PEOPLE: usize = 2;

/// Aggregates hits into findings.
#[derive(Default)]
pub struct Tally {
    // key: kind, hidden, embedded, sheet, part (cell-level hits share a key per sheet)
    groups: BTreeMap<
        (
            &'static str,
            bool,
            Vec<String>,
            Option<String>,
            Option<String>,
        ),
        Agg,
    >,
}

/// True when the hit is a person named in a field that by definition holds
/// one (a document author, a comment author, `refreshedBy`): such metadata is
/// always out of sight, so being hidden does not make it worse — worth
/// review unless the detector itself has strong evidence (a roster match).
pub fn person_field(evidence: &[Evidence]) -> bool {
    evidence.contains(&Evidence::PersonField)
}

/// Places that hold cell data no sheet shows: strings no cell uses, a
/// shared string table or sheet nothing reaches, text written into a chart
/// or dialog sheet, the values of a hidden name.
pub fn is_unseen_data(place: &str) -> bool {
    matches!(
        place,
        "unused_shared_strings"
            | "unreached_part"
            | "dialog_or_chart_sheet"
            | "hidden_defined_name"
    )
}

impl Tally {
    pub fn add(&mut self, s: Sighting<'_>) {
        let key = (
            s.hit.kind,
            s.hidden,
            s.location.embedded.clone(),
            s.location.sheet.clone(),
            if s.location.sheet.is_some() && s.place.is_none() {
                None
            } else {
                s.location.part.clone()
            },
        );
        let agg = self.groups.entry(key).or_default();
        agg.count += 1;
        if agg.count == 1 {
            agg.first = s.location.clone();
            agg.sample = s
                .text
                .get(s.hit.start..s.hit.end)
                .unwrap_or(s.text)
                .to_string();
            agg.place = s.place;
        }
        agg.evidence.extend(s.hit.evidence.iter().copied());
        agg.officer |= s.hit.strong
            && s.hit.evidence.contains(&Evidence::RankPrefix)
            && s.text
                .get(s.hit.start..s.hit.end)
                .is_some_and(crate::detect::content::lexicon::starts_with_rank);
        // Weak evidence in hidden cells blocks (the cells are data nobody
        // checked), and so does other data no sheet shows; in text
        // outside the grid (comments, properties) it stays weak, and a
        // person-field value (an author's name) is review.
        let escalates = (s.place.is_none() || s.place.is_some_and(is_unseen_data))
            && !person_field(&s.hit.evidence);
        agg.strong |= s.hit.strong || (s.hidden && escalates);
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Make visible person names weak (review) unless something beyond a
    /// column header, a title or the name lists backs them (a roster match,
    /// a keyword): for a sheet whose table of people is a published list.
    pub fn weaken_visible_names(&mut self) {
        // A title ("Dr Helen Achebe") is no more than the post says.
        let backed = [Evidence::Roster, Evidence::Keyword, Evidence::PersonField];
        for ((kind, hidden, ..), agg) in self.groups.iter_mut() {
            if *kind == "person_name"
                && !*hidden
                && agg.place.is_none()
                && !agg.officer
                && !agg.evidence.iter().any(|e| backed.contains(e))
            {
                agg.strong = false;
            }
        }
    }

    /// A workbook with a tab per person (at least [`TABS_OF_PEOPLE`] tabs) ("Sarah Jenkins", "A.Nowak",
    /// "Nwosu, A"): each sheet is one person's record, so names in two or
    /// more tab names are as strong as a table of people.
    pub fn tabs_named_after_people(&mut self) {
        let named = |kind: &str, agg: &Agg| {
            matches!(kind, "person_name" | "roster_match") && agg.place == Some("sheet_name")
        };
        let tabs: BTreeSet<&Option<String>> = self
            .groups
            .iter()
            .filter(|((kind, ..), agg)| named(kind, agg))
            .map(|((.., sheet, _), _)| sheet)
            .collect();
        if tabs.len() < TABS_OF_PEOPLE {
            return;
        }
        for ((kind, ..), agg) in self.groups.iter_mut() {
            if named(kind, agg) {
                agg.strong = true;
                agg.evidence.insert(Evidence::Table);
            }
        }
    }

    /// The findings, with severities from the policy.
    pub fn into_findings(self, policy: &Policy) -> Vec<Finding> {
        let mut out = Vec::new();
        for ((kind, hidden, _, _, _), agg) in self.groups {
            let severity = policy.content_severity(kind, agg.strong, false);
            let where_ = match agg.place {
                Some("header_footer") => " in a page header or footer".to_string(),
                Some(p) => format!(" in {}", p.replace('_', " ")),
                None if hidden => " in hidden cells".to_string(),
                None => String::new(),
            };
            let first = match (&agg.first.cell, &agg.first.sheet) {
                (Some(c), _) => format!(", first at {c}"),
                _ => String::new(),
            };
            let message = format!(
                "{} {}{}{}{}.{}",
                crate::numbers::thousands(agg.count),
                describe(kind, agg.count),
                where_,
                first,
                if severity == Severity::Block && hidden {
                    " (hidden from a reader)"
                } else {
                    ""
                },
                advice(kind)
            );
            let mut f = Finding::new(kind, severity, message).at(&agg.first);
            f.count = agg.count;
            f.hidden = hidden;
            f.sample = Some(agg.sample);
            f.evidence = agg
                .evidence
                .iter()
                .map(|e| e.as_str().to_string())
                .collect();
            f.rule = Some(kind.to_string());
            f.place = agg.place;
            out.push(f);
        }
        out
    }
}

/// What to weigh, for the kinds a finding's count alone does not explain.
fn advice(kind: &str) -> &'static str {
    match kind {
        "small_count" => {
            " A count this small of staff by a characteristic or in one unit may identify \
             them: consider giving a band (\"fewer than 5\") instead."
        }
        _ => "",
    }
}

/// "person names", "NI numbers"... for a message.
fn describe(kind: &str, n: u64) -> String {
    let one = match kind {
        "roster_match" => "match with the organisation's roster",
        "person_name" => "person's name",
        "payroll_number" => "payroll or staff number",
        "warrant_number" => "warrant number",
        "shoulder_number" => "shoulder (collar) number",
        "vetting_level" => "vetting level tied to a person",
        "email_address" => "e-mail address",
        "phone_number" => "phone number",
        "ni_number" => "National Insurance number",
        "nhs_number" => "NHS number",
        "pupil_number" => "unique pupil number",
        "dbs_number" => "DBS certificate number",
        "nmc_pin" => "NMC PIN",
        "person_reference" => "person's reference number",
        "postcode" => "full postcode",
        "home_address" => "street address",
        "date_of_birth" => "date of birth",
        "bank_details" => "bank detail",
        "vehicle_registration" => "vehicle registration",
        "ip_address" => "IP address",
        "user_login" => "computer login in a file path",
        "protective_marking" => "protective marking",
        "small_count" => "sentence giving a small count of staff",
        other => return format!("{other} match{}", if n == 1 { "" } else { "es" }),
    };
    if n == 1 {
        one.to_string()
    } else if let Some(stem) = one.strip_suffix("match with the organisation's roster") {
        format!("{stem}matches with the organisation's roster")
    } else if one == "person's name" {
        "person names".to_string()
    } else if let Some(rest) = one.strip_prefix("vetting level") {
        format!("vetting levels{rest}")
    } else if let Some(rest) = one.strip_prefix("sentence") {
        format!("sentences{rest}")
    } else if let Some(rest) = one.strip_prefix("computer login") {
        format!("computer logins{rest}")
    } else if one.ends_with("ss") {
        format!("{one}es")
    } else {
        format!("{one}s")
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn every_content_kind_reads_as_words() {
        // A kind without words would show as "user_login matches".
        for r in crate::detect::content::ContentScanner::new(
            &crate::detect::content::DetectorsConfig::default(),
            None,
        )
        .unwrap()
        .rules()
        .into_iter()
        // Table findings word their own messages.
        .filter(|r| !matches!(r.id, "personnel_records" | "small_count"))
        {
            assert_ne!(describe(r.id, 2), format!("{} matches", r.id));
        }
        assert_eq!(describe("user_login", 2), "computer logins in a file path");
        assert_eq!(describe("person_name", 1), "person's name");
        assert_eq!(
            describe("small_count", 2),
            "sentences giving a small count of staff"
        );
    }
}
