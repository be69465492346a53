//! The one list of content detectors. Adding a detector: write its file
//! (keywords, gate, regex, validator, unit tests), add `mod` in `mod.rs`
//! and one line here.

use super::{Detector, DetectorsConfig, RuleInfo};
use super::{
    bank_details, date_of_birth, dbs_number, email_address, extra, home_address, ip_address,
    nhs_number, ni_number, nmc_pin, payroll_number, person_name, person_reference, phone_number,
    postcode, protective_marking, pupil_number, roster_match, shoulder_number,
    small_count_sentence, user_login, vehicle_registration, vetting_level, warrant_number,
};

/// Every text-level detector, in the order they run. `vetting_level` runs
/// last: it looks at the person hits the others found in the same text.
pub(crate) fn text_detectors(cfg: &DetectorsConfig) -> Result<Vec<Box<dyn Detector>>, String> {
    let mut v: Vec<Box<dyn Detector>> = vec![
        Box::new(roster_match::RosterMatch),
        Box::new(person_name::PersonName::new()?),
        Box::new(payroll_number::PayrollNumber::new()?),
        Box::new(warrant_number::WarrantNumber::new()?),
        Box::new(shoulder_number::ShoulderNumber::new()?),
        Box::new(email_address::EmailAddress::new()?),
        Box::new(phone_number::PhoneNumber::new()?),
        Box::new(ni_number::NiNumber::new()?),
        Box::new(nhs_number::NhsNumber::new()?),
        Box::new(pupil_number::PupilNumber::new()?),
        Box::new(dbs_number::DbsNumber::new()?),
        Box::new(nmc_pin::NmcPin::new()?),
        Box::new(person_reference::PersonReference::new()?),
        Box::new(postcode::Postcode::new()?),
        Box::new(home_address::HomeAddress::new()?),
        Box::new(date_of_birth::DateOfBirth::new()?),
        Box::new(bank_details::BankDetails::new()?),
        Box::new(vehicle_registration::VehicleRegistration::new()?),
        Box::new(ip_address::IpAddress::new()?),
        Box::new(user_login::UserLogin::new()?),
        Box::new(protective_marking::ProtectiveMarking::new()?),
        Box::new(small_count_sentence::SmallCountSentence::new()?),
    ];
    let builtin: Vec<&'static str> = v
        .iter()
        .map(|d| d.rule().id)
        .chain(table_rules().iter().map(|r| r.id))
        .chain(["vetting_level"])
        .collect();
    let mut seen: Vec<String> = Vec::new();
    for x in &cfg.extra {
        if builtin.contains(&x.id.as_str()) || seen.contains(&x.id) {
            return Err(format!(
                "detectors.extra: id '{}' is already used by another detector",
                x.id
            ));
        }
        seen.push(x.id.clone());
        v.push(Box::new(extra::Extra::new(x)?));
    }
    v.push(Box::new(vetting_level::VettingLevel::new()?));
    Ok(v)
}

/// The roster detector's rule, for listing when no roster is loaded.
pub(crate) fn roster_rule() -> Option<RuleInfo> {
    Some(roster_match::RosterMatch.rule_info())
}

/// Detectors that look at a whole sheet (see `detect::table`).
pub(crate) fn table_rules() -> Vec<RuleInfo> {
    vec![
        RuleInfo {
            id: "personnel_records",
            description: "A table with one row per person: a name or unique identifier column \
                          plus attributes such as rank, grade, role, department, station, \
                          vetting or gender (the PSNI pattern), visible or not."
                .into(),
            strong: true,
            exemption: "s40(2)",
            scope: "table",
        },
        RuleInfo {
            id: "small_count",
            description: "A count of 1 to the threshold (default 4) of the organisation's own \
                          staff by rank, grade, role, unit or a personal characteristic, in \
                          a table or a sentence (\"The Dog Section has 2 female officers\"): a \
                          person may be identifiable; decide on suppression."
                .into(),
            strong: false,
            exemption: "s40(2)",
            scope: "table",
        },
    ]
}
