//! `home_address`: a house number and street under an address column
//! ("27 Tates Avenue", "Flat 3, 14 Grace Road"): weak evidence (review).
//! In a list of tenants, debtors or incidents it says where someone lives;
//! in a list of council tax bands or of the organisation's own buildings it
//! is public. A cell cannot tell which, so an officer decides. In free
//! text (a letter pasted into a cell), a line that starts with a house
//! number and street and ends in a full postcode is an address too.
//!
//! ```
//! use foiguard::detect::content::{ContentScanner, DetectorsConfig, TextContext};
//! let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
//! let mut hits = Vec::new();
//! s.scan("27 Tates Avenue", &TextContext::cell(Some("Address")), &mut hits);
//! assert!(hits.iter().any(|h| h.kind == "home_address"));
//! ```

use regex::Regex;

use super::context::H;
use super::features::feat;
use super::lexicon::lexicon;
use super::{Detector, Evidence, Gate, Hit, RuleInfo, Scan, re, rule};

pub(crate) struct HomeAddress {
    /// Words before an address in free text: group 1 says someone lives
    /// there ("lives at", "tenant of"), group 2 only where ("of", "at").
    lead_in: Regex,
    /// The postcode detector's full unit postcode ("LS6 3AA").
    postcode: Regex,
}

/// Words just before "of" or "at" that make what follows where someone
/// lives: a title, or a word for a person in a case.
const PERSON_WORDS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "complainant",
    "victim",
    "witness",
    "suspect",
    "detainee",
    "tenant",
    "resident",
    "occupier",
    "applicant",
    "claimant",
    "male",
    "female",
    "man",
    "woman",
    "boy",
    "girl",
    "aged",
    "patient",
    "client",
    "pupil",
    "family",
];

/// Whether one of [`PERSON_WORDS`] is among the last six words of `before`.
fn person_before(before: &str) -> bool {
    before
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .any(|w| PERSON_WORDS.iter().any(|p| w.eq_ignore_ascii_case(p)))
}

impl HomeAddress {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(HomeAddress {
            postcode: re(super::postcode::PC)?,
            lead_in: re(
                r"(?i)\b(?:(lives at|living at|lived at|resides at|residing at|resident at|home address(?: is)?|tenants? (?:at|of)|occupiers? of|occupants? of|moved to|(?:cyfeiriad|gyfeiriad|chyfeiriad|nghyfeiriad) cartref(?: fel| yw)?|(?:yn )?byw yn)|(of|at|address|from))[:\s]\s*",
            )?,
        })
    }

    /// "Complainant Mrs Keane of 14 Ardmore Road", "lives at 27 Tates
    /// Avenue": a house number and street after words that place someone
    /// there. Strong after words that say someone lives there, weak after
    /// "of" or "at" (an incident "at 14 Ardmore Road" may be a shop).
    fn after_lead_in(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        for c in self.lead_in.captures_iter(s.text) {
            let Some(m) = c.get(0) else { continue };
            let rest = &s.text[m.end()..];
            if !rest.starts_with(|c: char| c.is_ascii_digit()) && !rest.starts_with("Flat ") {
                continue;
            }
            if let Some(end) = house_and_street(rest) {
                let lives = c.get(1).is_some();
                // After "of" or "at": a person just before ("Mrs Keane of",
                // "Male, 17, of") or a postcode after; "Meet at 12 Grace
                // Road" is a place.
                let line_end = rest.find('\n').unwrap_or(rest.len());
                let near = &rest[..line_end.min(end + 40)];
                let person = person_before(&s.text[..m.start()]);
                let postcode = self.postcode.is_match(near);
                if !lives && !person && !postcode {
                    continue;
                }
                // A person, their house and its postcode: a home, whatever
                // the lead-in ("Male, 17, of 14 Ardmore Road, BT7 3GH").
                let lives = lives || (person && postcode);
                let ev = if lives {
                    Evidence::Keyword
                } else {
                    Evidence::Pattern
                };
                out.push(Hit::new(ID, m.end(), m.end() + end, &[ev], lives));
            }
        }
    }

    /// "99 Station Road, Leeds LS6 3AA" on a line of its own in free text.
    fn lines_with_postcodes(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        let mut start = 0;
        for line in s.text.split_inclusive('\n') {
            let body = line.trim_end();
            if let Some(end) = house_and_street(body)
                && body.len() - end <= 40
                && self
                    .postcode
                    .find_iter(body)
                    .last()
                    .is_some_and(|m| body[m.end()..].trim_end().is_empty())
            {
                let lead = body.len() - body.trim_start().len();
                out.push(Hit::new(
                    ID,
                    start + lead,
                    start + end,
                    &[Evidence::Pattern],
                    false,
                ));
            }
            start += line.len();
        }
    }
}

const ID: &str = "home_address";

/// Welsh street words, which come first: road, way, lane, street, field,
/// avenue, crescent, terrace, court, close.
const WELSH_STREETS: &[&str] = &[
    "Heol", "Ffordd", "Lon", "Lôn", "Stryd", "Maes", "Rhodfa", "Cilgant", "Teras", "Llys", "Clos",
];

/// The end of a house number and street at the start of `v`: digits (an
/// optional letter, "12A"), then capitalised words ending in a street word,
/// perhaps after "Flat 3," or "Apartment 2,".
fn house_and_street(v: &str) -> Option<usize> {
    let lex = lexicon();
    let b = v.as_bytes();
    let len = b.len();
    let mut i = len - v.trim_start().len();
    let skip_sep = |mut i: usize| {
        while i < len && matches!(b[i], b' ' | b',') {
            i += 1;
        }
        i
    };
    // "Flat 3, ", "Apt 2 ": a flat number first.
    if let Some(p) = ["Flat ", "Apartment ", "Apt ", "Unit "]
        .iter()
        .find(|p| v[i..].starts_with(**p))
    {
        let j = i + p.len();
        let n = b[j..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if n == 0 {
            return None;
        }
        i = skip_sep(j + n);
    }
    let d0 = i;
    while i < len && b[i].is_ascii_digit() {
        i += 1;
    }
    if !(1..=4).contains(&(i - d0)) {
        return None;
    }
    if b.get(i).is_some_and(u8::is_ascii_alphabetic)
        && !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
    {
        i += 1;
    }
    if !matches!(b.get(i), Some(b' ' | b',')) {
        return None;
    }
    i = skip_sep(i);
    for n in 0..5 {
        let ws = i;
        while i < len && !matches!(b[i], b' ' | b',') {
            i += 1;
        }
        let word = v[ws..i].trim_end_matches('.');
        if !word.starts_with(|c: char| c.is_uppercase()) {
            return None;
        }
        if n >= 1 && lex.is_street(word) {
            return Some(ws + word.len());
        }
        // Welsh streets start with their street word ("22 Heol y Castell",
        // "7 Maes y Coed"): the name runs to the comma or the end.
        if n == 0 && WELSH_STREETS.iter().any(|w| word.eq_ignore_ascii_case(w)) {
            let end = v[ws..].find(',').map_or(len, |c| ws + c);
            let name = v[ws..end].trim_end();
            let words = name.split(' ').count();
            return (2..=5).contains(&words).then_some(ws + name.len());
        }
        // A comma ends the street's name.
        if b.get(i) != Some(&b' ') {
            return None;
        }
        i += 1;
    }
    None
}

impl Detector for HomeAddress {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "A house number and street under an address column (weak: a household's \
             address, or a public one).",
            false,
            "s40(2)",
        )
    }

    fn keywords(&self) -> Vec<String> {
        Vec::new()
    }

    fn gate(&self) -> Gate {
        Gate {
            // A line ending in a postcode has a capital next to a digit.
            feat: feat::UP_DIGIT,
            header: H::ADDRESS,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        if !s.header.has(H::ADDRESS) {
            if s.feat & feat::UP_DIGIT != 0 {
                self.lines_with_postcodes(s, out);
                self.after_lead_in(s, out);
                // A crime's "Location" with a house number is the victim's
                // home ("14 Harrow Lane"); a street alone is published.
                if out.len() == s.first_hit
                    && s.header_text.is_some_and(is_location_header)
                    && let Some(end) = house_and_street(s.text)
                {
                    let start = s.text.len() - s.text.trim_start().len();
                    out.push(Hit::new(ID, start, end, &[Evidence::Header], false));
                }
            }
            return;
        }
        if let Some(end) = house_and_street(s.text) {
            let start = s.text.len() - s.text.trim_start().len();
            out.push(Hit::new(ID, start, end, &[Evidence::Header], false));
        }
    }
}

/// A column of where something happened ("Location", "Incident
/// location", "Scene").
fn is_location_header(h: &str) -> bool {
    crate::detect::normalize::word_key(h)
        .split(' ')
        .any(|w| matches!(w, "location" | "locus" | "scene"))
}

#[cfg(test)]
mod tests {
    use crate::detect::content::test_support::found_texts;

    fn found(t: &str, header: Option<&str>) -> Vec<String> {
        found_texts("home_address", t, header)
    }

    #[test]
    fn an_address_after_words_that_place_someone_there() {
        let strong = |t: &str| {
            crate::detect::content::test_support::hits(t, None)
                .into_iter()
                .filter(|h| h.kind == "home_address")
                .map(|h| (t[h.start..h.end].to_string(), h.strong))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            strong("Tenant at 14 Ardmore Road BT7 3GH reported damp"),
            [("14 Ardmore Road".to_string(), true)]
        );
        assert_eq!(
            strong("home address 14 Ardmore Road, Belfast"),
            [("14 Ardmore Road".to_string(), true)]
        );
        assert_eq!(
            strong("Complainant Mrs Patricia Keane of 14 Ardmore Road states"),
            [("14 Ardmore Road".to_string(), false)]
        );
        assert_eq!(
            strong("Male, 17, of 14 Ardmore Road, BT7 3GH"),
            [("14 Ardmore Road".to_string(), true)]
        );
        assert_eq!(
            strong("Burglary at 14 Ardmore Road, BT7 3GH"),
            [("14 Ardmore Road".to_string(), false)]
        );
        for t in [
            "Theft of 14 bicycles from Ardmore Road",
            "at 14 hours the Road was closed",
            "Section 14 Public Order Act",
            "of 2 Ways to report",
        ] {
            assert!(found(t, None).is_empty(), "{t}: {:?}", found(t, None));
        }
    }

    #[test]
    fn a_line_of_house_street_and_postcode_in_free_text() {
        let letter = "Re: Mrs Bethan Morgan\n99 Station Road, Leeds LS6 3AA\nI reviewed this lady";
        assert_eq!(found(letter, None), ["99 Station Road"]);
        assert_eq!(
            found("Flat 3, 14 Grace Road, Belfast BT7 1NN", None),
            ["Flat 3, 14 Grace Road"]
        );
        // No postcode, or a postcode far from the street: not read as one.
        assert!(found("Meet at 12 Grace Road at noon", None).is_empty());
        assert!(
            found(
                "Closed: 4 Grace Road and more words than any address line holds BT7 1NN",
                None
            )
            .is_empty()
        );
    }

    #[test]
    fn a_house_number_and_street_under_a_location_header() {
        assert_eq!(
            found("14 Harrow Lane", Some("Location")),
            vec!["14 Harrow Lane"]
        );
        assert!(found("Harrow Lane", Some("Location")).is_empty());
        assert!(found("14 Harrow Lane", Some("Offence")).is_empty());
    }

    #[test]
    fn house_numbers_and_streets_under_an_address_header() {
        assert_eq!(
            found("27 Tates Avenue", Some("Address")),
            ["27 Tates Avenue"]
        );
        assert_eq!(
            found(
                "12A Thornhill Crescent, Belfast BT7 1NN",
                Some("Property address")
            ),
            ["12A Thornhill Crescent"]
        );
        assert_eq!(
            found("Flat 3, 14 Grace Road", Some("Address")),
            ["Flat 3, 14 Grace Road"]
        );
    }

    #[test]
    fn not_addresses() {
        for (t, h) in [
            ("27 Tates Avenue", None),
            ("27 Tates Avenue", Some("Notes")),
            ("Tates Avenue", Some("Address")),
            ("3 bedrooms", Some("Address")),
            ("2023 Annual Report", Some("Address")),
            ("12 Avenue", Some("Address")),
            ("BT7 1NN", Some("Address")),
        ] {
            assert!(found(t, h).is_empty(), "{t} under {h:?}");
        }
    }
}
