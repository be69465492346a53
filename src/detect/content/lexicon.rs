//! Word lists: common UK forenames and surnames (see `data/README.md` for
//! their source), common English words, police ranks and words that are
//! never a name.

use std::sync::OnceLock;

use crate::detect::normalize::{FxSet, with_lower};

static FORENAMES: &str = include_str!("../../../data/forenames.txt");
/// Forenames of the UK's Irish, South Asian, African, European and East
/// Asian communities (`data/README.md` says where they come from).
static FORENAMES_MORE: &str = include_str!("../../../data/forenames_more.txt");
static SURNAMES: &str = include_str!("../../../data/surnames.txt");
static COMMON_WORDS: &str = include_str!("../../../data/common_words.txt");

/// The word lists, loaded once.
pub struct Lexicon {
    forenames: FxSet<Box<str>>,
    surnames: FxSet<Box<str>>,
    common: FxSet<Box<str>>,
    stop: FxSet<Box<str>>,
    street: FxSet<Box<str>>,
}

fn set(text: &str) -> FxSet<Box<str>> {
    text.lines()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.to_ascii_lowercase().into_boxed_str())
        .collect()
}

/// Words that are never a person's name in police and public-sector text:
/// ranks, titles, organisation words, categories, months and days.
pub const STOP_WORDS: &[&str] = &[
    // Ranks and roles (and NUMBERED_RANKS_CY_GD).
    "uwcharolygydd",
    "ditectif",
    "heddlu",
    "cynorthwyol",
    // Welsh words in place names ("Stryd Fawr", "Bryn Coch"): big, small,
    // upper, lower, new, red, middle.
    "fawr",
    "mawr",
    "fach",
    "bach",
    "uchaf",
    "isaf",
    "newydd",
    "coch",
    "goch",
    "canol",
    "constable",
    "constables",
    "sergeant",
    "sergeants",
    "inspector",
    "inspectors",
    "chief",
    "superintendent",
    "superintendents",
    "supt",
    "commander",
    "commissioner",
    "deputy",
    "assistant",
    "detective",
    "detectives",
    "police",
    "officer",
    "officers",
    "special",
    "specials",
    "acting",
    "temporary",
    "pc",
    "pcs",
    "dc",
    "dcs",
    "ds",
    "di",
    "dci",
    "ps",
    "sgt",
    "insp",
    "pcso",
    "pcsos",
    "acc",
    "dcc",
    "cc",
    "staff",
    "civilian",
    "civilians",
    "volunteer",
    "cadet",
    "cadets",
    "recruit",
    "recruits",
    "probationer",
    "student",
    "rank",
    "ranks",
    "grade",
    "grades",
    "band",
    "role",
    "roles",
    "total",
    "totals",
    "subtotal",
    "count",
    "number",
    "numbers",
    "headcount",
    "strength",
    "establishment",
    "vacancies",
    "vacancy",
    "post",
    "posts",
    "training",
    "course",
    "exam",
    "examination",
    "promotion",
    "level",
    "team",
    "unit",
    "units",
    "department",
    "station",
    "division",
    "command",
    "branch",
    "directorate",
    "office",
    "force",
    "service",
    "services",
    "squad",
    "response",
    "neighbourhood",
    "investigation",
    "investigations",
    "crime",
    "crimes",
    "custody",
    "operations",
    "operation",
    "support",
    "professional",
    "standards",
    "intelligence",
    "traffic",
    "roads",
    "policing",
    "patrol",
    "control",
    "room",
    "headquarters",
    "hq",
    "vetting",
    "clearance",
    "pay",
    "payroll",
    "warrant",
    "collar",
    "shoulder",
    "male",
    "female",
    "men",
    "women",
    "unknown",
    "other",
    "others",
    "vacant",
    "none",
    "nil",
    "not",
    "known",
    "stated",
    "withheld",
    "redacted",
    "various",
    "all",
    "any",
    "n/a",
    "na",
    "tbc",
    "tbd",
    "yes",
    "no",
    "true",
    "false",
    "the",
    "and",
    "for",
    "with",
    "from",
    "this",
    "that",
    "these",
    "those",
    "report",
    "reports",
    "reported",
    "attended",
    "arrested",
    "charged",
    "victim",
    "suspect",
    "witness",
    "offender",
    "person",
    "persons",
    "people",
    "member",
    "members",
    "public",
    "manager",
    "managers",
    "director",
    "secretary",
    "head",
    "lead",
    "leader",
    "coordinator",
    "administrator",
    "admin",
    "analyst",
    "user",
    "users",
    "author",
    "owner",
    "monitor",
    "world",
    "comics",
    "summary",
    "table",
    "sheet",
    "data",
    "annex",
    "appendix",
    "note",
    "notes",
    "source",
    "please",
    "dear",
    "regards",
    "thanks",
    // Function words: a category ("Advocate On Behalf", "Parent Of Pupil"),
    // never inside a name (particles such as "de", "van", "o" are not here).
    "of",
    "on",
    "in",
    "at",
    "by",
    "or",
    "per",
    "via",
    "behalf",
    // Months and days.
    "january",
    "february",
    "march",
    "july",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    // Organisation and place words.
    "road",
    "street",
    "avenue",
    "close",
    "court",
    "way",
    "drive",
    "crescent",
    "place",
    "square",
    "gardens",
    "terrace",
    "mews",
    "parade",
    "row",
    "rise",
    "walk",
    "estate",
    "centre",
    "center",
    "hospital",
    "school",
    "college",
    "university",
    "house",
    "building",
    "council",
    "borough",
    "county",
    "city",
    "town",
    "village",
    "district",
    "ward",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "united",
    "kingdom",
    "england",
    "wales",
    "scotland",
    "ireland",
    "britain",
    "british",
    "irish",
    "english",
    "welsh",
    "scottish",
    "london",
    "belfast",
    "limited",
    "ltd",
    "plc",
    "group",
    "trust",
    "agency",
    "ministry",
    "government",
    "national",
    "royal",
    "metropolitan",
    "constabulary",
    "authority",
    "commission",
    "association",
    "federation",
    "union",
    "bank",
    "society",
];

/// Street and place words: "Victoria Road" is a place, not a person.
pub const STREET_WORDS: &[&str] = &[
    "road",
    "rd",
    "street",
    "st",
    "avenue",
    "ave",
    "lane",
    "ln",
    "close",
    "court",
    "ct",
    "way",
    "drive",
    "dr",
    "crescent",
    "place",
    "pl",
    "square",
    "sq",
    "gardens",
    "terrace",
    "mews",
    "parade",
    "row",
    "rise",
    "walk",
    "grove",
    "park",
    "hill",
    "green",
    "view",
    "vale",
    "hospital",
    "school",
    "station",
    "church",
    "house",
    "hall",
    "centre",
    "center",
    "estate",
    "bridge",
    "road's",
    "park's",
    "primary",
    "academy",
    "college",
    "library",
    "surgery",
    "stadium",
    "airport",
    "retail",
    "shopping",
    "industrial",
    "business",
    "farm",
    "wood",
    "woods",
    "common",
    "heath",
    "field",
    "fields",
    "gate",
    "cross",
    "market",
    "quay",
    "wharf",
    "dock",
    "street's",
    "arms",
    "inn",
    "hotel",
    "pub",
    "club",
    // Welsh: road, way, lane, street, field, avenue, crescent, terrace,
    // court, close.
    "heol",
    "ffordd",
    "lon",
    "stryd",
    "maes",
    "rhodfa",
    "cilgant",
    "teras",
    "llys",
    "clos",
];

/// Police ranks and abbreviations as written before a name or number, in
/// their usual case ("PC", "Sgt", "Det Insp"). Longest first where one is a
/// prefix of another does not matter: matches are checked on boundaries.
pub const RANK_ABBREVIATIONS: &[&str] = &[
    "PC", "DC", "PS", "DS", "DI", "DCI", "CI", "Sgt", "SGT", "Insp", "INSP", "Supt", "SUPT",
    "DSupt", "DSU", "DCS", "CS", "ChSupt", "ACC", "DCC", "DAC", "AC", "PCSO", "SPC", "SC", "SC.",
    "Ch", "Det", "DET", "Cst", "Cons", "Const", "TDC", "TDS", "A/Sgt", "A/Insp", "Cmdr", "PSgt",
    "Sgt.", "Insp.", "Supt.", "Det.", "Ch.",
    // Woman police constable, detective constable, sergeant (until 1999).
    "WPC", "WDC", "WPS",
    // Fire and rescue: firefighter, crew, watch and station manager.
    "FF", "CM", "WM", "SM",
];

/// Whether a text starts with a police or fire rank ("Insp Neil
/// Carmichael", "Sergeant Hughes"), not a title ("Dr", "Mr").
///
/// ```
/// use foiguard::detect::content::lexicon::starts_with_rank;
/// assert!(starts_with_rank("Ch Insp Claire Duckworth"));
/// assert!(!starts_with_rank("Dr Helen Achebe"));
/// ```
pub fn starts_with_rank(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    RANK_ABBREVIATIONS.contains(&first)
        || LOWER_CASE_RANKS.contains(&first)
        || RANK_WORDS.iter().any(|r| first.eq_ignore_ascii_case(r))
}

/// Ranks as sloppy notes write them, in lower case ("pc 4521", "sgt
/// o'neill").
pub const LOWER_CASE_RANKS: &[&str] = &["pc", "dc", "ps", "ds", "sgt", "pcso", "insp"];

/// Words of a personal characteristic a count of staff may be broken down
/// by (ethnicity, nationality, disability, sexual orientation, religion or
/// community background), as lower-case words.
pub const CHARACTERISTIC_WORDS: &[&str] = &[
    "white",
    "black",
    "asian",
    "mixed",
    "chinese",
    "indian",
    "pakistani",
    "bangladeshi",
    "african",
    "caribbean",
    "british",
    "irish",
    "traveller",
    "gypsy",
    "arab",
    "ethnic",
    "ethnicity",
    "bame",
    "disabled",
    "disability",
    "lgbt",
    "gay",
    "lesbian",
    "bisexual",
    "heterosexual",
    "christian",
    "muslim",
    "hindu",
    "sikh",
    "jewish",
    "buddhist",
    "catholic",
    "protestant",
];

/// Rank words (case-insensitive).
pub const RANK_WORDS: &[&str] = &[
    "constable",
    "sergeant",
    "inspector",
    "superintendent",
    "commander",
    "commissioner",
    "detective",
    "pcso",
    // Welsh: superintendent ("Uwcharolygydd" written as one word) and
    // detective; the ranks that take a number are in NUMBERED_RANKS_CY_GD.
    "uwcharolygydd",
    "ditectif",
];

/// Welsh ranks, with the mutations a rank takes after a preposition ("gan
/// Gwnstabl 4521", "a Ringyll"), and Scottish Gaelic ones, that come before
/// a name or a collar number: constable, sergeant, inspector (also in
/// "Uwch-arolygydd", superintendent), officer, PCSO (SCCH). Rank words as
/// [`RANK_WORDS`] are.
pub const NUMBERED_RANKS_CY_GD: &[&str] = &[
    "cwnstabl",
    "gwnstabl",
    "chwnstabl",
    "rhingyll",
    "ringyll",
    "arolygydd",
    "swyddog",
    "scch",
    "constabal",
    "sairdseant",
];

/// Welsh months, January to December ("Ionawr 2024" is a month, not a name;
/// "ganwyd 12 Mawrth 1985" a date of birth).
pub const WELSH_MONTHS: &[&str] = &[
    "ionawr",
    "chwefror",
    "mawrth",
    "ebrill",
    "mai",
    "mehefin",
    "gorffennaf",
    "awst",
    "medi",
    "hydref",
    "tachwedd",
    "rhagfyr",
];

/// Titles before a name.
pub const TITLES: &[&str] = &[
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Mx",
    "Dr",
    "Prof",
    "MR",
    "MRS",
    "MS",
    "MISS",
    "DR",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "Rev",
    "Revd",
    // Posts written before a name as titles are ("Nurse Doherty", "HCA
    // Patel", "Officer J. Hendry", "journalist Sam Jones").
    "Nurse",
    "nurse",
    "Sister",
    "Matron",
    "Midwife",
    "midwife",
    "HCA",
    "Officer",
    "officer",
    "Journalist",
    "journalist",
    "Reporter",
    "reporter",
];

static LEXICON: OnceLock<Lexicon> = OnceLock::new();

/// The word lists, parsed once per process.
pub fn lexicon() -> &'static Lexicon {
    LEXICON.get_or_init(|| Lexicon {
        forenames: {
            let mut f = set(FORENAMES);
            f.extend(set(FORENAMES_MORE));
            f
        },
        surnames: set(SURNAMES),
        common: set(COMMON_WORDS),
        stop: STOP_WORDS
            .iter()
            .chain(NUMBERED_RANKS_CY_GD)
            .chain(WELSH_MONTHS.iter().filter(|m| **m != "mai"))
            .map(|s| Box::from(*s))
            .collect(),
        street: STREET_WORDS.iter().map(|s| Box::from(*s)).collect(),
    })
}

impl Lexicon {
    pub fn is_forename(&self, w: &str) -> bool {
        with_lower(w, |l| self.forenames.contains(l)).unwrap_or(false)
    }
    pub fn is_surname(&self, w: &str) -> bool {
        with_lower(w, |l| self.surnames.contains(l)).unwrap_or(false)
    }
    /// An everyday English word (lower-case in the dictionary), or one
    /// made of them with hyphens and no name among them ("In-house",
    /// "Follow-up"; not "Cross-Smith").
    pub fn is_common(&self, w: &str) -> bool {
        if with_lower(w, |l| self.common.contains(l)).unwrap_or(false) {
            return true;
        }
        if !w.contains('-') {
            return false;
        }
        // The dictionary keeps words of 3+ letters.
        let function_word = |l: &str| {
            matches!(
                l,
                "in" | "on" | "up" | "of" | "to" | "by" | "at" | "co" | "ex" | "re"
            )
        };
        let parts = || w.split('-');
        let everyday = parts().all(|p| {
            with_lower(p, |l| {
                self.common.contains(l) || self.stop.contains(l) || function_word(l)
            })
            .unwrap_or(false)
        });
        // "In-house", "Follow-up": a function word joins them; "Part-time":
        // no name among them; "Cross-Smith" is a surname.
        everyday
            && (parts().any(|p| with_lower(p, function_word).unwrap_or(false))
                || !parts().any(|p| self.is_surname(p) || self.is_forename(p)))
    }
    /// A word that is never a name here (ranks, titles, places, months...).
    pub fn is_stop(&self, w: &str) -> bool {
        with_lower(w, |l| self.stop.contains(l)).unwrap_or(true)
    }
    pub fn is_street(&self, w: &str) -> bool {
        with_lower(w, |l| self.street.contains(l)).unwrap_or(false)
    }
    /// Could this capitalised word be a surname? Not a stop word, and either
    /// a known surname or not an everyday word ("Quarrendon" yes, "Monitor" no).
    pub fn could_be_surname(&self, w: &str) -> bool {
        is_name_token(w) && !self.is_stop(w) && (self.is_surname(w) || !self.is_common(w))
    }
    /// Number of known forenames and surnames (for tests and `rules`).
    pub fn sizes(&self) -> (usize, usize, usize) {
        (self.forenames.len(), self.surnames.len(), self.common.len())
    }
}

/// A word shaped like a name: starts with a letter, then letters,
/// apostrophes or hyphens; at least two letters; no digits.
pub fn is_name_token(w: &str) -> bool {
    let mut letters = 0;
    let mut first = true;
    for c in w.chars() {
        if c.is_alphabetic() {
            letters += 1;
        } else if first || !(c == '\'' || c == '-') {
            return false;
        }
        first = false;
    }
    letters >= 2 && !w.ends_with('-') && !w.ends_with('\'')
}

/// Capitalised ("Quarrendon", "McDonald", "O'Neill") or all capitals.
pub fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Whether a whole value names a police rank or a staff category ("PC",
/// "Police Constable", "Detective Sergeant", "Police Staff", "PCSO").
pub fn is_rank_value(v: &str) -> bool {
    let t = v.trim();
    if t.is_empty() || t.len() > 48 {
        return false;
    }
    let mut buf = [0u8; 64];
    let owned;
    let k: &str = match crate::detect::normalize::lower_words(t, &mut buf) {
        Some(k) => k,
        None => {
            owned = crate::detect::normalize::word_key(t);
            &owned
        }
    };
    if k.is_empty() {
        return false;
    }
    const EXACT: &[&str] = &[
        "pc",
        "dc",
        "ps",
        "ds",
        "di",
        "dci",
        "ci",
        "sgt",
        "insp",
        "supt",
        "ch supt",
        "dsupt",
        "dcs",
        "acc",
        "dcc",
        "cc",
        "dac",
        "ac",
        "pcso",
        "spc",
        "sc",
        "police staff",
        "staff",
        "special",
        "specials",
        "special constable",
        "cadet",
        "volunteer",
        "civilian",
        "police officer",
        "officer",
        "commander",
        "commissioner",
        "deputy commissioner",
        "assistant commissioner",
        "chief constable",
        "deputy chief constable",
        "assistant chief constable",
        "chief officer",
    ];
    if EXACT.contains(&k) {
        return true;
    }
    const RANKS: &[&str] = &[
        "constable",
        "sergeant",
        "inspector",
        "superintendent",
        "commander",
        "commissioner",
        "pcso",
        "constables",
        "sergeants",
        "inspectors",
        "superintendents",
        "uwcharolygydd",
    ];
    const JOINERS: &[&str] = &[
        "police",
        "detective",
        "ditectif",
        "prif",
        "brif",
        "dirprwy",
        "uwch",
        "chief",
        "deputy",
        "assistant",
        "acting",
        "temporary",
        "special",
        "ch",
        "det",
        "t",
        "a",
    ];
    let mut rank = false;
    for w in k.split(' ') {
        if RANKS.contains(&w) || NUMBERED_RANKS_CY_GD.contains(&w) {
            rank = true;
        } else if !JOINERS.contains(&w) {
            return false;
        }
    }
    rank
}

/// Words no person's name holds, though an organisation's or a place's
/// does ("Castleton Library", "Friends of Elmwood Park", "Tesco Stores Ltd",
/// "Harrowfield Borough Council").
///
/// ```
/// use foiguard::detect::content::lexicon::is_organisation_word;
/// assert!(is_organisation_word("Ltd") && !is_organisation_word("Hall"));
/// ```
/// Words that are also surnames (Hall, Ward, Park, Field) are left out.
pub fn is_organisation_word(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "library",
        "school",
        "academy",
        "college",
        "university",
        "hospital",
        "centre",
        "center",
        "trust",
        "foundation",
        "charity",
        "society",
        "association",
        "club",
        "friends",
        "council",
        "services",
        "group",
        "museum",
        "surgery",
        "pharmacy",
        "partnership",
        "church",
        "stores",
        "nursery",
        "uk",
        "borough",
        "authority",
        "constabulary",
        "police",
        "nhs",
        // Teams and functions ("Information Governance", "Legal Services").
        "governance",
        "partners",
        "department",
        "directorate",
        "team",
        "office",
        "compliance",
        "safeguarding",
        "procurement",
        "finance",
        "estates",
        "facilities",
        "secretariat",
        "helpdesk",
    ];
    is_legal_form(w) || WORDS.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// A company's legal form ("Ltd", "PLC", "LLP"): a value holding one is a
/// company's name wherever the word sits ("Pret A Manger (Europe) Ltd").
pub fn is_legal_form(w: &str) -> bool {
    const FORMS: &[&str] = &["ltd", "limited", "plc", "llp", "inc", "cic", "llc"];
    FORMS.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// Compass words, which lead an area's name ("North Belfast") and alone
/// name an area ("North"), though each is a surname too ("John West").
pub fn is_compass_word(w: &str) -> bool {
    const WORDS: &[&str] = &["north", "south", "east", "west", "central"];
    WORDS.iter().any(|x| x.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load() {
        let l = lexicon();
        let (f, s, c) = l.sizes();
        assert!(f > 2000 && s > 3500 && c > 30000, "{f} {s} {c}");
        assert!(l.is_forename("Jane"));
        assert!(l.is_forename("JANE"));
        assert!(l.is_surname("Smith"));
        assert!(!l.is_surname("Quarrendon"));
        assert!(l.is_common("monitor"));
    }

    #[test]
    fn surname_plausibility() {
        let l = lexicon();
        assert!(l.could_be_surname("Quarrendon"));
        assert!(l.could_be_surname("Vellacott"));
        assert!(l.could_be_surname("Baker"));
        assert!(l.could_be_surname("O'Neill"));
        assert!(!l.could_be_surname("Monitor"));
        assert!(!l.could_be_surname("Constable"));
        assert!(!l.could_be_surname("Training"));
        assert!(!l.could_be_surname("4521"));
    }

    #[test]
    fn ranks() {
        assert!(is_rank_value("Constable"));
        assert!(is_rank_value("Police Constable"));
        assert!(is_rank_value("Detective Chief Inspector"));
        assert!(is_rank_value("PCSO"));
        assert!(!is_rank_value("Jane Quarrendon"));
        assert!(!is_rank_value("Constable Quarrendon"));
    }
}
