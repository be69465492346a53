//! Names that belong to something else: brands written like a rank or
//! title and a name ("PS Vita", "Dr Martens"), and places and businesses
//! named after people ("Sir Thomas Street", "Mr Singh's Tandoori",
//! "Lord Nelson" in a column of premises).

use crate::detect::content::Scan;
use crate::detect::content::context::H;

/// Products and brands written as a rank or title and a capitalised word
/// ("PS Vita", "DS Lite", "SC Johnson", "Mr Whippy", "Dr Martens"): never
/// a person when the word stands alone after the prefix. "Dr J. Foster"
/// and "PS 4794 Vita" are still names.
const BRANDS: &[(&str, &[&str])] = &[
    (
        "PS",
        &["Vita", "Vue", "Plus", "Move", "Portable", "One", "Two"],
    ),
    ("DS", &["Lite", "XL", "Lite's"]),
    ("PC", &["World", "Specialist"]),
    ("DC", &["Comics", "Universe", "Extended"]),
    ("SC", &["Johnson"]),
    (
        "Mr",
        &[
            "Whippy",
            "Kipling",
            "Muscle",
            "Sheen",
            "Blobby",
            "Softee",
            "Tumble",
            "Motivator",
            "Men",
            "Freeze",
            "Brain's",
        ],
    ),
    (
        "Dr",
        &[
            "Martens",
            "Marten's",
            "Foster",
            "Pepper",
            "Oetker",
            "Seuss",
            "Scholl",
            "Scholl's",
            "Dre",
            "Barnardo's",
            "Barnardos",
            "Zigs",
            "Beckmann",
        ],
    ),
];

/// Whether `prefix word` is a brand from [`BRANDS`] (prefix without its dot,
/// either case; the word as capitalised or in capitals).
pub(super) fn is_brand(prefix: &str, word: &str) -> bool {
    let prefix = prefix.trim_end_matches('.');
    BRANDS.iter().any(|(p, words)| {
        p.eq_ignore_ascii_case(prefix) && words.iter().any(|w| w.eq_ignore_ascii_case(word))
    })
}

/// Words that make a titled name a place: "Lady Dixon Park".
const PLACE_WORDS: &[&str] = &[
    "hut",
    "garden",
    "street",
    "st",
    "road",
    "rd",
    "avenue",
    "ave",
    "lane",
    "drive",
    "way",
    "square",
    "place",
    "close",
    "crescent",
    "terrace",
    "gardens",
    "park",
    "memorial",
    "house",
    "hall",
    "building",
    "school",
    "college",
    "academy",
    "hospital",
    "centre",
    "center",
    "library",
    "museum",
    "bridge",
    "estate",
    "surgery",
    "practice",
    "trust",
    "foundation",
    "fund",
    "award",
    "prize",
    "ward",
    "wing",
    "playing",
    "field",
    "fields",
    "scholarship",
    "bursary",
    "lecture",
    "statue",
    "stadium",
    "theatre",
    "ground",
    "track",
    "arena",
    "homeplace",
    "pavilion",
    "gallery",
];

/// Words of a place that are not also surnames: a value under a bare
/// "Name" header that ends in one is a park or a building, not a person
/// ("Albert Gardens", "Gladstone Recreation Ground").
const PLACE_ONLY_WORDS: &[&str] = &[
    "gardens",
    "ground",
    "grounds",
    "recreation",
    "space",
    "spaces",
    "meadows",
    "allotments",
    "cemetery",
    "crematorium",
    "playground",
    "reservoir",
    "centre",
    "center",
    "library",
    "museum",
    "school",
    "academy",
    "hospital",
    "ward",
    "estate",
    "memorial",
    "stadium",
    "pool",
    "baths",
    "theatre",
    "surgery",
    "practice",
];

/// Whether a value ends in a word only places have ([`PLACE_ONLY_WORDS`]).
/// Whether one word is a word of places or organisations ("Hall", "Park",
/// "Wing"), whatever its case.
pub(super) fn is_place_word(w: &str) -> bool {
    let l = w.to_lowercase();
    PLACE_WORDS.contains(&l.as_str()) || ORG_WORDS.contains(&l.as_str())
}

pub(super) fn ends_in_place_word(value: &str) -> bool {
    value
        .split(|c: char| !c.is_alphabetic())
        .rfind(|w| !w.is_empty())
        .is_some_and(|w| PLACE_ONLY_WORDS.contains(&w.to_lowercase().as_str()))
}

/// Words that end the names of venues and buildings and are surnames too
/// (with [`PLACE_WORDS`]): one "Mary Church" is a person, a column of
/// "... Church" is not.
const VENUE_WORDS: &[&str] = &[
    "inn", "arms", "tavern", "hotel", "club", "church", "chapel", "castle", "tower", "market",
    "lodge", "mill", "farm", "green", "common", "wood", "woods", "hill",
];

/// What a value under a bare "Name" header says of itself about naming a
/// thing rather than a person (see [`thing_name`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThingName {
    /// Nothing: it may be a person's name.
    No,
    /// Surely a thing: it starts with "The" ("The Red Lion"), holds a digit
    /// or a year ("Road Traffic Collisions 2023"), ends in a word only
    /// places have ("Botanic Gardens") or names an organisation ("... Ltd").
    Surely,
    /// Perhaps: it ends in a place or venue word that is a surname too
    /// ("Victoria Park", "Ulster Hall"); the number says which word, so
    /// that a column can tell a repeated kind of place from one surname.
    Perhaps(u8),
}

/// Whether a value reads as a place, a venue or a thing (see [`ThingName`]).
pub fn thing_name(value: &str) -> ThingName {
    let v = value.trim();
    let mut words = v
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let first = words.next();
    let the = first.is_some_and(|w| w.eq_ignore_ascii_case("the")) && words.next().is_some();
    let org = v
        .split(|c: char| !c.is_alphabetic())
        .any(|w| ORG_WORDS.contains(&w.to_lowercase().as_str()));
    if the || org || v.bytes().any(|c| c.is_ascii_digit()) || ends_in_place_word(v) {
        return ThingName::Surely;
    }
    let last = v
        .split(|c: char| !c.is_alphabetic())
        .rfind(|w| !w.is_empty())
        .map(str::to_lowercase);
    // A lone word ("Park") is a surname as often as a place.
    let several = v.split_whitespace().count() >= 2;
    match last.as_deref() {
        Some(w) if several => PLACE_WORDS
            .iter()
            .chain(VENUE_WORDS)
            .position(|p| *p == w)
            .map_or(ThingName::No, |i| ThingName::Perhaps(i as u8)),
        _ => ThingName::No,
    }
}

/// Ship prefixes: "RNLB Sir William Hillary" is a lifeboat.
const SHIP_PREFIXES: &[&str] = &["RNLB", "HMS", "RMS", "HMY", "SS", "MV", "RRS", "HMT"];

/// Things made of a person's name with "of" or "to": "Statue of Sir
/// Robert Peel", "Memorial to Dame Edith Cavell".
const LIKENESS_WORDS: &[&str] = &[
    "statue", "memorial", "bust", "portrait", "plaque", "monument", "painting", "tomb", "grave",
];

/// Whether the words before the rank or title at `prefix_start` make the
/// name a thing's: a ship prefix, or "Statue of".
pub(super) fn thing_before(text: &str, prefix_start: usize) -> bool {
    let mut before = text
        .get(..prefix_start)
        .unwrap_or("")
        .split_whitespace()
        .rev()
        .peekable();
    // Past an honorific: "RNLB Sir William Hillary" from "William".
    if before
        .peek()
        .is_some_and(|w| matches!(*w, "Sir" | "Dame" | "Lord" | "Lady"))
    {
        before.next();
    }
    match before.next() {
        Some(w) if SHIP_PREFIXES.contains(&w) => true,
        Some(w) if matches!(w.to_lowercase().as_str(), "of" | "to") => before
            .next()
            .is_some_and(|w| LIKENESS_WORDS.contains(&w.to_lowercase().as_str())),
        _ => false,
    }
}

/// Words that make a name an organisation's: "Dr. Falk Pharma UK Ltd",
/// "Sir Robert McAlpine Ltd", "Dennis Eagle Ltd".
const ORG_WORDS: &[&str] = &[
    "ltd",
    "limited",
    "plc",
    "llp",
    "llc",
    "inc",
    "cic",
    "holdings",
    "partnership",
    "associates",
    "solicitors",
    "pharma",
    "pharmaceuticals",
    "charity",
    "partners",
];

/// Whether the name at `text[start..end]` names a place or an
/// organisation: a word of it after the first, or one of the few words
/// after it in the same text, is one of [`PLACE_WORDS`] or [`ORG_WORDS`]
/// ("Sir John Cass's Foundation Primary School", "Florence Nightingale Ward").
pub(crate) fn names_a_place(text: &str, start: usize, end: usize) -> bool {
    let name = text.get(start..end).unwrap_or("");
    // The rest of the phrase: "Dr Pitt attended the park" is a person.
    let rest = text.get(end..).unwrap_or("");
    let rest = &rest[..rest.find([',', ';', ':', '(', '.']).unwrap_or(rest.len())];
    let mut next = rest
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() > 1)
        .map(str::to_lowercase);
    let place = |w: &str| PLACE_WORDS.contains(&w) || ORG_WORDS.contains(&w);
    let in_name = name
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .skip(1)
        .any(|w| place(&w.to_lowercase()));
    // "Lady Lane", "Lord Street": after an honorific, the name's own last
    // word ("Mrs Lane" is a person: Lane is a surname too).
    let honorific = text
        .get(..start)
        .and_then(|b| b.split_whitespace().last())
        .is_some_and(|t| {
            matches!(
                t.trim_end_matches('.'),
                "Sir" | "Lady" | "Lord" | "Dame" | "King" | "Queen" | "Saint" | "St"
            )
        });
    let ends_in_place = honorific
        && name
            .split(|c: char| !c.is_alphabetic())
            .rfind(|w| !w.is_empty())
            .is_some_and(|w| place(&w.to_lowercase()));
    in_name
        || ends_in_place
        || next.next().is_some_and(|w| place(&w))
        || next.take(3).any(|w| ORG_WORDS.contains(&w.as_str()))
        || proper_place_after(rest, &place)
        || business_possessive(text, start)
}

/// Header words of a column that names premises, businesses or sites.
const PLACE_COLUMN_WORDS: &[&str] = &[
    "street",
    "road",
    "route",
    "station",
    "polling",
    "ward",
    "garden",
    "premises",
    "practice",
    "surgery",
    "business",
    "businesses",
    "venue",
    "site",
    "establishment",
    "pub",
    "restaurant",
    "shop",
    "park",
    "company",
    "organisation",
    "organization",
    "trading",
    "supplier",
    "location",
    "property",
    "school",
    "club",
    "building",
    "facility",
];

/// Whether the cell is in a column of places, not of people: "Premises",
/// "Practice", "Business name" (but not "Premises licence holder").
pub(super) fn place_column(s: &Scan<'_>) -> bool {
    s.header_text.is_some_and(|h| {
        !s.header.has(H::PERSON | H::SERVICE_USER | H::PERSON_REF)
            && crate::detect::normalize::word_key(h)
                .split(' ')
                .any(|w| PLACE_COLUMN_WORDS.contains(&w))
    })
}

/// Whether the words after a name run on, capitalised, to a place word:
/// "Sir Thomas and Lady Dixon Park" (but "Dr Pitt attended the park" is a
/// person: the phrase turns lower-case first).
fn proper_place_after(rest: &str, place: &dyn Fn(&str) -> bool) -> bool {
    for w in rest.split_whitespace().take(6) {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() || matches!(w, "and" | "of" | "the") {
            continue;
        }
        if !w.starts_with(|c: char| c.is_uppercase()) {
            return false;
        }
        if place(&w.to_lowercase()) {
            return true;
        }
    }
    false
}

/// Whether the name is a business's, as a whole title-case value with a
/// possessive: "Mr Singh's Tandoori" (in a sentence, "Mr Singh's car was
/// damaged", it is a person).
fn business_possessive(text: &str, start: usize) -> bool {
    let from = text.get(start..).unwrap_or("");
    let possessive = ["'s ", "\u{2019}s "]
        .iter()
        .filter_map(|p| from.find(p).map(|i| &from[i + p.len()..]))
        .next();
    possessive.is_some_and(|after| !after.trim().is_empty())
        && text.split_whitespace().all(|w| {
            w.starts_with(|c: char| c.is_uppercase() || !c.is_alphabetic())
                || matches!(w, "and" | "of" | "the" | "&")
        })
}

#[cfg(test)]
mod tests {
    use super::{ThingName, thing_name};

    #[test]
    fn things_under_a_bare_name_header() {
        for v in [
            "The Red Lion",
            "the Crown",
            "Road Traffic Collisions 2023",
            "Botanic Gardens",
            "Acme Holdings Ltd",
        ] {
            assert_eq!(thing_name(v), ThingName::Surely, "{v}");
        }
        for v in ["Victoria Park", "Ulster Hall", "Mary Hall", "The Crown Inn"] {
            assert!(
                matches!(thing_name(v), ThingName::Perhaps(_) | ThingName::Surely),
                "{v}"
            );
        }
        assert_eq!(thing_name("Victoria Park"), thing_name("John Park"));
        assert_ne!(thing_name("Victoria Park"), thing_name("Ulster Hall"));
        for v in [
            "Ann Crown",
            "Park",
            "John Smith",
            "Theodore Hall-Jones",
            "Theresa Green-Smith",
        ] {
            assert_eq!(thing_name(v), ThingName::No, "{v}");
        }
    }
}
