//! `roster_match`: the organisation's own people, from `--roster FILE`.
//! The highest-precision detector: a full name (forename or initial with
//! surname) or an identifier from the roster blocks wherever it appears.
//!
//! Numbers need care: a roster of 50,000 six-digit pay numbers covers 5% of
//! all six-digit numbers, and crime references are six digits too. So a
//! roster number counts strongly only with context (a rank before it, an
//! identifier keyword or header, a roster name in the same text); a bare
//! number of six or more digits is weak; a short one (a collar number) or
//! one under a crime-reference, date, money or count header is ignored.

use super::context::H;
use super::person_name::{is_rank_kw, names_a_place};
use super::{Detector, Evidence, Gate, Hit, RuleInfo, Scan, feat, rule};
use crate::detect::roster::{Found, Want, idk};

pub(crate) struct RosterMatch;

const ID: &str = "roster_match";

/// Words after which a number is some other reference, not a person's.
const REF_WORDS: &[&str] = &[
    "crime",
    "ref",
    "reference",
    "incident",
    "case",
    "urn",
    "log",
    "job",
    "cad",
    "occurrence",
    "invoice",
    "order",
    "tel",
    "phone",
    "mobile",
    "call",
    "room",
    "flat",
    "house",
    "route",
    "bus",
    "page",
    "para",
    "paragraph",
    "section",
    "table",
    "year",
    "years",
    "aged",
    "age",
    "total",
    "count",
];

/// Whether a roster surname found alone says something: four letters or
/// more and not an everyday word ("Hall", "Church", "Young" are words
/// first; "Quarrendon", "Treacy" are people).
fn telling_surname(w: &str) -> bool {
    w.chars().count() >= 4 && !super::lexicon::lexicon().is_common(w)
}

/// Words before a number that say it identifies a person.
const ID_WORDS: &[&str] = &[
    "payroll",
    "pay",
    "staff",
    "service",
    "employee",
    "warrant",
    "collar",
    "shoulder",
    "badge",
    "epaulette",
    "personnel",
    "officer",
    "emp",
];

impl RosterMatch {
    pub(crate) fn rule_info(&self) -> RuleInfo {
        rule(
            ID,
            "A person on the organisation's roster (--roster): a full name in any common form \
             (\"Jane Quarrendon\", \"QUARRENDON J\", \"J. Quarrendon\") or one of their pay, \
             warrant or collar numbers or e-mail addresses.",
            true,
            "s40(2)",
        )
    }
}

fn rank_right_before(s: &Scan<'_>, start: usize) -> bool {
    s.kws.iter().any(|k| {
        k.end <= start
            && start - k.end <= 2
            && s.bytes()[k.end..start]
                .iter()
                .all(|&c| c == b' ' || c == b'.')
            && is_rank_kw(s, k)
    })
}

/// Whether the digit run [s, e) is part of a date, time, money or a longer number.
fn part_of_other_number(b: &[u8], s: usize, e: usize) -> bool {
    let before = |i: usize| if i == 0 { None } else { b.get(i - 1).copied() };
    let digit_at = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if let Some(c) = before(s) {
        if matches!(c, b'.' | b',' | b'/' | b':' | b'-') && s >= 2 && digit_at(s - 2) {
            return true;
        }
        if matches!(c, b'$' | b'#') || (c >= 0x80) {
            return true;
        }
    }
    // "£" is two bytes in UTF-8: C2 A3.
    if s >= 2 && b[s - 2] == 0xC2 && b[s - 1] == 0xA3 {
        return true;
    }
    if let Some(&c) = b.get(e)
        && matches!(c, b'.' | b',' | b'/' | b':' | b'-')
        && digit_at(e + 1)
    {
        return true;
    }
    b.get(e) == Some(&b'%')
}

impl Detector for RosterMatch {
    fn rule(&self) -> RuleInfo {
        self.rule_info()
    }

    fn keywords(&self) -> Vec<String> {
        REF_WORDS
            .iter()
            .chain(ID_WORDS)
            .map(|s| s.to_string())
            .collect()
    }

    fn gate(&self) -> Gate {
        Gate {
            // What `scan` looks for needs one of these: a name a capital,
            // a non-ASCII letter or (a short text) lower-case letters, an
            // identifier or number a digit, an e-mail address an `@`.
            feat: feat::UPPER | feat::SHORT_LOWER | feat::NON_ASCII | feat::DIGIT | feat::AT,
            header: 0,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        let Some(r) = s.roster else {
            return;
        };
        let mut found = Vec::new();
        let f = s.feat;
        // A name cell in lower case ("jane quarrendon"): short texts only.
        let lower_names = f & feat::SHORT_LOWER != 0;
        let want = Want {
            names: f & (feat::UPPER | feat::NON_ASCII) != 0 || lower_names,
            lower_names,
            ids: f & feat::UP_DIGIT != 0 || (f & feat::DIGIT != 0 && f & feat::LOWER != 0),
            emails: f & feat::AT != 0,
            // Numbers under a crime-reference, date, money, count or measure
            // header are never a person's: do not even look.
            numbers: f & feat::DIGIT != 0 && !s.header.has(H::NOT_PERSON_NUMBER),
        };
        r.find(s.text, want, &mut found);
        if found.is_empty() {
            return;
        }
        let b = s.bytes();
        let trimmed = s.text.trim();
        let lead = s.text.len() - s.text.trim_start().len();
        let whole = |a: usize, z: usize| a == lead && z == lead + trimmed.len();
        let name_in_text = found.iter().any(|f| matches!(f, Found::Name { .. }));
        let header_person = s.header.has(H::PERSON);
        for f in &found {
            match *f {
                Found::Name { start, end } => {
                    let mut ev = vec![Evidence::Roster];
                    if header_person {
                        ev.push(Evidence::Header);
                    }
                    if s.person_field {
                        ev.push(Evidence::PersonField);
                    }
                    out.push(Hit {
                        kind: ID,
                        start,
                        end,
                        evidence: ev,
                        strong: true,
                    });
                }
                Found::Surname { start, end } => {
                    if rank_right_before(s, start) {
                        out.push(Hit::new(
                            ID,
                            start,
                            end,
                            &[Evidence::Roster, Evidence::RankPrefix],
                            true,
                        ));
                    } else if whole(start, end) && s.header.has(H::SURNAME | H::NAME | H::OFFICER) {
                        out.push(Hit::new(
                            ID,
                            start,
                            end,
                            &[Evidence::Roster, Evidence::Header],
                            false,
                        ));
                    } else if whole(start, end) && s.person_field {
                        out.push(Hit::new(
                            ID,
                            start,
                            end,
                            &[Evidence::Roster, Evidence::PersonField],
                            false,
                        ));
                    } else if telling_surname(&s.text[start..end])
                        && !names_a_place(s.text, start, end)
                    {
                        // "Handled by Treacy", "COMPLAINT AGAINST
                        // QUARRENDON": one of the organisation's surnames
                        // alone, not an everyday word nor a place ("Armstrong
                        // Park"). Not a roster match (those always block):
                        // a person's name on the roster's evidence, weak.
                        out.push(Hit::new(
                            "person_name",
                            start,
                            end,
                            &[Evidence::Roster],
                            false,
                        ));
                    }
                }
                Found::Id { start, end, kinds } => {
                    let context = s.header.has(H::OFFICER_ID | H::PERSON | H::GENERIC_ID)
                        || s.kw_before(start, 24, ID_WORDS).is_some()
                        || rank_right_before(s, start);
                    if kinds & idk::EMAIL != 0 || end - start >= 4 || context {
                        out.push(Hit::new(ID, start, end, &[Evidence::Roster], true));
                    }
                }
                Found::Number {
                    start,
                    end,
                    kinds: _,
                    glued,
                } => {
                    if part_of_other_number(b, start, end) {
                        continue;
                    }
                    let rank = rank_right_before(s, start);
                    if glued && !rank {
                        continue;
                    }
                    let id_kw = s.kw_before(start, 24, ID_WORDS).is_some();
                    let header_good = s
                        .header
                        .has(H::OFFICER_ID | H::PERSON | H::GENERIC_ID | H::USERNAME)
                        || s.person_field;
                    let header_bad = s.header.has(H::NOT_PERSON_NUMBER);
                    let ref_kw = s.kw_before(start, 20, REF_WORDS).is_some();
                    let mut ev = vec![Evidence::Roster];
                    if rank {
                        ev.push(Evidence::RankPrefix);
                    }
                    if id_kw {
                        ev.push(Evidence::Keyword);
                    }
                    if header_good {
                        ev.push(Evidence::Header);
                    }
                    let strong_ctx = rank || id_kw || header_good || name_in_text;
                    if (header_bad || ref_kw) && !(rank || id_kw) {
                        continue;
                    }
                    if strong_ctx {
                        out.push(Hit {
                            kind: ID,
                            start,
                            end,
                            evidence: ev,
                            strong: true,
                        });
                    } else if end - start >= 6 {
                        out.push(Hit::new(ID, start, end, &[Evidence::Roster], false));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::content::{ContentScanner, DetectorsConfig, Hit, TextContext};
    use crate::detect::roster::Roster;

    fn scanner() -> ContentScanner {
        let csv = "surname,forename,payroll_number,warrant_number,shoulder_number,email\n\
                   Quarrendon,Jane,825729,141183,4521,jq@police.example.uk\n\
                   Smith,Adam,825730,141184,77,\n";
        let r = Roster::from_csv_reader(csv.as_bytes()).unwrap();
        ContentScanner::new(&DetectorsConfig::default(), Some(&r)).unwrap()
    }

    fn hits(s: &ContentScanner, t: &str, header: Option<&str>) -> Vec<Hit> {
        let mut v = Vec::new();
        s.scan(t, &TextContext::cell(header), &mut v);
        v.into_iter().filter(|h| h.kind == "roster_match").collect()
    }

    #[test]
    fn names_block() {
        let s = scanner();
        for t in [
            "Jane Quarrendon",
            "QUARRENDON J",
            "Report by J. Quarrendon",
            "Quarrendon, Jane",
        ] {
            let h = hits(&s, t, None);
            assert_eq!(h.len(), 1, "{t}");
            assert!(h[0].strong);
        }
        assert!(hits(&s, "Quarrendon Road", None).is_empty());
        assert!(hits(&s, "a smith working iron", None).is_empty());
        assert!(hits(&s, "Sgt Quarrendon", None)[0].strong);
        let h = hits(&s, "Quarrendon", Some("Surname"));
        assert!(!h[0].strong);
    }

    #[test]
    fn names_in_file_names_and_lone_surnames() {
        let s = scanner();
        // Underscores part the words of a file name.
        for t in [
            "Statement_Quarrendon_J_2023-11-02.docx",
            "BWV_Jane_Quarrendon_20240212.mp4",
        ] {
            assert_eq!(hits(&s, t, None).len(), 1, "{t}");
        }
        // A roster surname alone is a person's name, weak (review), not a
        // roster match; not when it names a place, or is too short to say much.
        let person = |t: &str| {
            let mut v = Vec::new();
            s.scan(t, &TextContext::cell(None), &mut v);
            v.into_iter()
                .filter(|h| h.kind == "person_name")
                .map(|h| (t[h.start..h.end].to_string(), h.strong))
                .collect::<Vec<_>>()
        };
        for t in [
            "Handled by Quarrendon",
            "COMPLAINT AGAINST QUARRENDON RE ATTITUDE",
        ] {
            assert!(hits(&s, t, None).is_empty(), "{t}");
            let p = person(t);
            assert_eq!(p.len(), 1, "{t}: {p:?}");
            assert!(!p[0].1, "{t}: weak");
        }
        assert!(person("Quarrendon Park, 12 incidents").is_empty());
    }

    #[test]
    fn numbers_need_context() {
        let s = scanner();
        assert!(hits(&s, "warrant 141183", None)[0].strong);
        assert!(hits(&s, "PC 4521", None)[0].strong);
        assert!(hits(&s, "PC4521", None)[0].strong);
        assert!(hits(&s, "825729", Some("Pay No"))[0].strong);
        // Bare six digits: weak. Short: nothing.
        assert!(!hits(&s, "825729", None)[0].strong);
        assert!(hits(&s, "4521", None).is_empty());
        assert!(hits(&s, "77", Some("Count")).is_empty());
        // Crime references, dates, money.
        assert!(hits(&s, "141183", Some("Crime reference")).is_empty());
        assert!(hits(&s, "crime ref 141183", None).is_empty());
        assert!(hits(&s, "£141,183", None).is_empty());
        assert!(hits(&s, "14:45 on 4521-01-01", None).is_empty());
        assert!(hits(&s, "CR141183", None).is_empty());
        // A number next to a roster name is that person's.
        assert!(
            hits(&s, "Jane Quarrendon 825729", None)
                .iter()
                .all(|h| h.strong)
        );
        assert!(hits(&s, "mail jq@police.example.uk", None)[0].strong);
    }
}
