//! `person_name`: a person's name, found through context — a rank or title
//! before it ("DC Jane Doe", "Sgt Brown", "Insp. A. Khan", "Mr Smith"), a
//! column header (surname, forename, name, officer...), a field that by
//! definition holds a person (creator, author, "Checked by"), or, as weak
//! evidence only, the bundled list of common forenames followed by a
//! surname-like word.
//!
//! Rank words used as categories ("Constable", "Sergeants by station",
//! "Police Constable (PC)") are not names: a name must follow the rank.

use std::sync::LazyLock;

use super::context::H;
use super::lexicon::{
    RANK_ABBREVIATIONS, RANK_WORDS, TITLES, is_capitalised, is_name_token, is_rank_value, lexicon,
};
use super::{Detector, Evidence, Gate, Hit, Kw, RuleInfo, Scan, feat, rule, words};

pub(crate) struct PersonName;

const ID: &str = "person_name";

use super::kwc::{self, JOINERS as RANK_JOINERS};

mod file_name;
mod personal_matters;
mod places;

use self::file_name::name_in_joined_words;
pub use self::file_name::{FileNameName, names_in_file_names};
use self::personal_matters::{PERSONAL_MATTERS, strengthen_beside_personal_matters};
pub(crate) use self::places::names_a_place;
pub use self::places::{ThingName, thing_name};
use self::places::{ends_in_place_word, is_brand, is_place_word, place_column, thing_before};

/// Values a person field holds when no person is named.
const GENERIC_PEOPLE: &[&str] = &[
    "administrator",
    "admin",
    "user",
    "windows user",
    "microsoft office user",
    "office user",
    "unknown",
    "author",
    "owner",
    "apache poi",
    "openpyxl",
    "foiguard",
    "microsoft excel",
    "excel",
    "libreoffice",
    "system",
    "test",
    "default",
    "guest",
    "none",
    "n/a",
    "na",
    "-",
    "anonymous",
    "redacted",
    "rust_xlsxwriter",
    "xlsxwriter",
    "calc",
    "pandas",
    "python",
    "r",
    "sas",
    "spss",
    "sql server",
    "microsoft",
    "police",
    "foi team",
    "foi",
    "data protection",
    "information management",
    "disclosure unit",
];

impl PersonName {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(PersonName)
    }
}

/// Whether a keyword hit is a rank or title written the way ranks are.
pub(crate) fn is_rank_kw(s: &Scan<'_>, k: &Kw) -> bool {
    let class = s.kw_class(k);
    if class == 0 {
        return false;
    }
    let t = s.kw_text(k);
    if class & (kwc::RANK_ABBR | kwc::TITLE) != 0
        && (RANK_ABBREVIATIONS.contains(&t) || TITLES.contains(&t))
    {
        return true;
    }
    if class & (kwc::RANK_WORD | kwc::JOINER) != 0 {
        // "Uwch-arolygydd" (superintendent): the rank word after a
        // capitalised prefix and a hyphen.
        let b = s.bytes();
        let word_start = |end: usize| {
            b[..end]
                .iter()
                .rposition(|c| !c.is_ascii_alphabetic())
                .map_or(0, |i| i + 1)
        };
        let after_prefix = k.start >= 2 && b[k.start - 1] == b'-' && {
            let ws = word_start(k.start - 1);
            ws < k.start - 1 && b[ws].is_ascii_uppercase()
        };
        return is_capitalised(t) || after_prefix;
    }
    false
}

/// Skip spaces and tabs (at most `max`), returning the new position.
fn skip_spaces(b: &[u8], mut i: usize, max: usize) -> usize {
    let start = i;
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') && i - start < max {
        i += 1;
    }
    i
}

/// The end of a rank phrase starting with keyword `idx` ("Det Chief Insp"),
/// and whether it holds a rank or title, not only joiners ("Police").
pub(crate) fn rank_phrase_end(s: &Scan<'_>, idx: usize) -> (usize, bool) {
    let b = s.bytes();
    let core = |k: &Kw| s.kw_class(k) & !kwc::JOINER != 0;
    let mut end = s.kws[idx].end;
    let mut has_core = core(&s.kws[idx]);
    for k in &s.kws[idx + 1..] {
        let mut p = end;
        if b.get(p) == Some(&b'.') {
            p += 1;
        }
        if b.get(p) == Some(&b'/') {
            p += 1;
        }
        p = skip_spaces(b, p, 2);
        if k.start == p && is_rank_kw(s, k) {
            end = k.end;
            has_core |= core(k);
        } else if k.start > p {
            break;
        }
    }
    (end, has_core)
}

/// A name after position `pos`: initials and capitalised words, the last of
/// which could be a surname. Returns the end of the name and whether a
/// token is in the name lists.
pub(crate) fn name_after(text: &str, pos: usize) -> Option<(usize, bool)> {
    let b = text.as_bytes();
    let lex = lexicon();
    let mut i = pos;
    let mut end = None;
    let mut words = 0;
    let mut initials = 0;
    let mut listed = false;
    for _ in 0..5 {
        let ts = i;
        let mut te = i;
        while te < b.len()
            && (b[te].is_ascii_alphabetic()
                || b[te] >= 0x80
                || ((b[te] == b'\'' || b[te] == b'-')
                    && b.get(te + 1)
                        .is_some_and(|n| n.is_ascii_alphabetic() || *n >= 0x80)
                    && te > ts))
        {
            te += 1;
        }
        if te == ts {
            break;
        }
        let tok = &text[ts..te];
        // Particles before a surname: "Declan van der Vaart", and after a
        // rank or title "Sgt de Souza", "PC Van der Berg".
        if is_particle(tok)
            && ((words > 0 || initials > 0) && !is_capitalised(tok) || particle_then_name(text, te))
        {
            let j = skip_spaces(b, te, 1);
            if j > te {
                i = j;
                continue;
            }
        }
        // "al-Zahrani", "bin-Rashid": a particle joined to the surname.
        let tok = match tok.split_once('-') {
            Some((p, rest)) if !is_capitalised(tok) && is_particle(p) && is_capitalised(rest) => {
                rest
            }
            _ => tok,
        };
        if !is_capitalised(tok) {
            break;
        }
        let single = tok.chars().count() == 1;
        if single {
            // An initial, optionally with a dot.
            initials += 1;
            if initials > 3 || words > 0 {
                break;
            }
            i = te;
            if b.get(i) == Some(&b'.') {
                i += 1;
            }
            let j = skip_spaces(b, i, 2);
            if j == i
                && b.get(i).is_some_and(|c| c.is_ascii_alphabetic())
                && b.get(i - 1) != Some(&b'.')
            {
                break;
            }
            i = j;
            continue;
        }
        if !is_name_token(tok) || lex.is_stop(tok) {
            break;
        }
        let forename = lex.is_forename(tok);
        let surname = lex.could_be_surname(tok);
        if !(forename || surname) {
            break;
        }
        listed |= forename || lex.is_surname(tok);
        words += 1;
        if surname || words == 1 {
            end = Some(te);
        }
        if words >= 3 {
            break;
        }
        i = te;
        let j = skip_spaces(b, i, 1);
        if j == i {
            break;
        }
        i = j;
    }
    // "YARNOLD, Declan": a surname in capitals, a comma, a listed forename.
    let end = end.map(|e| {
        let sur = &text[pos..e];
        let after = text[e..].strip_prefix(", ").unwrap_or("");
        let fore_len = after
            .bytes()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        let fore = &after[..fore_len];
        let caps = sur.bytes().any(|c| c.is_ascii_uppercase())
            && !sur.bytes().any(|c| c.is_ascii_lowercase());
        if caps && fore_len > 1 && is_capitalised(fore) && lex.is_forename(fore) {
            e + 2 + fore_len
        } else {
            e
        }
    });
    end.filter(|_| words > 0).map(|e| (e, listed))
}

/// Whether more particles and then a possible surname follow `from`:
/// "(de) Souza", "(Van) der Berg".
fn particle_then_name(text: &str, from: usize) -> bool {
    let lex = lexicon();
    let mut rest = text.get(from..).unwrap_or("");
    for _ in 0..3 {
        let Some(r) = rest.strip_prefix(' ') else {
            return false;
        };
        let end = r
            .find(|c: char| !(c.is_alphabetic() || c == '\'' || c == '-'))
            .unwrap_or(r.len());
        let w = &r[..end];
        if is_particle(w) && !is_capitalised(w) {
            rest = &r[end..];
            continue;
        }
        return w.chars().count() > 1
            && is_capitalised(w)
            && is_name_token(w)
            && lex.could_be_surname(w);
    }
    false
}

/// Phrases after which a name is a person in a role: "OIC: Henswick",
/// "Authorised by J Quarrendon", "Statement taken by Mark Henswick".
const ROLE_PHRASES: &[&str] = &[
    "oic",
    "officer in case",
    "officer in charge",
    "officer in the case",
    "attending officer",
    "arresting officer",
    "investigating officer",
    "reporting officer",
    "officers attending",
    "officer attending",
    // Fire and ambulance roles: "Watch Manager Quarrendon".
    "firefighter",
    "crew manager",
    "watch manager",
    "station manager",
    "group manager",
    "paramedic",
    "emergency care assistant",
    "ambulance technician",
    // People a public service deals with: "patient Kwame Ravensworth".
    "patient",
    "pupil",
    "client",
    "service user",
    "tenant",
    "complainant",
    "claimant",
    "applicant",
    "victim",
    "witness",
    "suspect",
    "offender",
];

/// Verbs before "by" (or "to") that make the name after it a person in a
/// role ("Authorised by J Quarrendon", "allocated to DC Henswick"). Found
/// by the word "by", not as keywords: "taken", "reported", "attended" fill
/// every incident note, and looking each up cost more than the search.
const BY_VERBS: &[&str] = &[
    "authorised",
    "authorized",
    "checked",
    "reported",
    "approved",
    "signed",
    "completed",
    "reviewed",
    "prepared",
    "recorded",
    "taken",
    "interviewed",
    "with",
    "attended",
    "allocated",
    "assigned",
];

/// Where role phrases end in `s`: after a role keyword, or after "by" (or
/// "to") following one of [`BY_VERBS`].
fn role_phrase_ends(s: &Scan<'_>) -> Vec<usize> {
    let mut ends: Vec<usize> = s
        .kws
        .iter()
        .filter(|k| ROLE_PHRASES.contains(&s.kw_word(k)))
        .map(|k| k.end)
        .collect();
    let b = s.bytes();
    // Finders built once: building one per text cost more than searching.
    static BY: LazyLock<[memchr::memmem::Finder<'static>; 2]> = LazyLock::new(|| {
        [
            memchr::memmem::Finder::new(b" by"),
            memchr::memmem::Finder::new(b" to"),
        ]
    });
    for at in BY[0].find_iter(b).chain(BY[1].find_iter(b)) {
        // "by" as a word: "by:", "by J Quarrendon", not "bypass".
        if b.get(at + 3).is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let before = s.text[..at].trim_end_matches(|c: char| c.is_alphabetic());
        let verb = &s.text[before.len()..at];
        if BY_VERBS.iter().any(|v| v.eq_ignore_ascii_case(verb)) {
            ends.push(at + 3);
        }
    }
    ends
}

/// Roles written in brackets after a name: "Fartun Abdi (witness)".
const ROLE_SUFFIXES: &[&str] = &[
    "witness",
    "victim",
    "suspect",
    "complainant",
    "caller",
    "informant",
    "offender",
    "driver",
    "passenger",
    "injured party",
    "ip",
    "oic",
    "patient",
    "pupil",
    "tenant",
    "parent",
    "mother",
    "father",
    "son",
    "daughter",
    "husband",
    "wife",
    "partner",
    "ex-partner",
    "neighbour",
];

/// A name before a bracketed role ("Fartun Abdi (witness)"): two or three
/// capitalised words, the last of which could be a surname.
fn by_role_suffix(s: &Scan<'_>, out: &mut Vec<Hit>) {
    let t = s.text;
    let lex = lexicon();
    for open in memchr::memchr_iter(b'(', s.bytes()) {
        let Some(close) = t[open..].find(')').map(|i| open + i) else {
            continue;
        };
        let role = t[open + 1..close].trim().to_lowercase();
        if !ROLE_SUFFIXES.contains(&role.as_str()) {
            continue;
        }
        let before = t[..open].trim_end();
        let mut start = before.len();
        let mut words = 0;
        let mut surname = false;
        for (i, w) in before.rsplit(' ').take(3).enumerate() {
            if w.chars().count() < 2
                || !is_capitalised(w)
                || !is_name_token(w)
                || lex.is_stop(w)
                || (lex.is_common(w) && !lex.is_forename(w) && !lex.is_surname(w))
            {
                break;
            }
            surname |= i == 0 && lex.could_be_surname(w);
            start -= w.len() + usize::from(i > 0);
            words += 1;
        }
        if words >= 2 && surname {
            out.push(Hit::new(
                ID,
                start,
                before.len(),
                &[Evidence::Keyword],
                true,
            ));
        }
    }
}

/// Path A2: a name right after a role phrase (a colon or dash between).
fn by_role(s: &Scan<'_>, out: &mut Vec<Hit>) {
    let b = s.bytes();
    for phrase_end in role_phrase_ends(s) {
        let mut p = phrase_end;
        while p < b.len() && p - phrase_end < 4 && matches!(b[p], b' ' | b'\t' | b':' | b'-') {
            p += 1;
        }
        if p == phrase_end {
            continue;
        }
        // "OIC: CID": a unit's acronym, not a surname in capitals.
        let acronym = |name: &str| name.len() <= 4 && name.bytes().all(|c| c.is_ascii_uppercase());
        if let Some((end, listed)) = name_after(s.text, p)
            && !names_a_place(s.text, p, end)
            && !acronym(&s.text[p..end])
        {
            let mut ev = vec![Evidence::Keyword];
            if listed {
                ev.push(Evidence::NameList);
            }
            // "Attended by David": a forename alone says less than a
            // surname ("Checked by Hendry") or a full name.
            let word = &s.text[p..end];
            let forename_alone = !word.contains([' ', '.']) && lexicon().is_forename(word);
            out.push(Hit {
                kind: ID,
                start: p,
                end,
                evidence: ev,
                strong: !forename_alone,
            });
        }
    }
}

/// Words for an area that also are surnames, besides the compass words:
/// after a rank and last in a value they name the post's area ("Duty
/// Inspector North", "Response Sergeant Rural").
const AREA_WORDS: &[&str] = &["Rural", "Urban", "City"];

/// Path A: a rank or title before a name.
fn by_rank(s: &Scan<'_>, out: &mut Vec<Hit>) {
    let b = s.bytes();
    let mut covered = 0;
    for (idx, k) in s.kws.iter().enumerate() {
        if k.start < covered || !is_rank_kw(s, k) {
            continue;
        }
        let (end, core) = rank_phrase_end(s, idx);
        covered = end;
        if !core {
            continue;
        }
        let mut p = end;
        if b.get(p) == Some(&b'.') {
            p += 1;
        }
        let q = skip_spaces(b, p, 2);
        if q == p {
            continue;
        }
        p = q;
        let name_start = p;
        // An optional collar number between rank and name ("PC 4521 Quarrendon").
        let ds = p;
        while p < b.len() && b[p].is_ascii_digit() && p - ds < 6 {
            p += 1;
        }
        if p > ds {
            while p < b.len() && b[p].is_ascii_uppercase() && p - ds < 9 {
                p += 1;
            }
            let q = skip_spaces(b, p, 2);
            if q == p {
                continue;
            }
            p = q;
        }
        if let Some((name_end, listed)) = name_after(s.text, p) {
            // "Officer FTE", "Police Officer FTE", "Nurse TBC": an acronym
            // after a title or a rank written out, unless it is a listed
            // surname in capitals ("MR COX"); after "PC" only a known one.
            let word = &s.text[p..name_end];
            let written_out = s.kw_class(k) & (kwc::TITLE | kwc::RANK_WORD | kwc::JOINER) != 0;
            let capitals = word.bytes().all(|c| !c.is_ascii_lowercase());
            if word.len() <= 4
                && capitals
                && ((written_out && !lexicon().is_surname(word)) || is_acronym(word))
                // "PC WILL ATTEND": a heading's everyday word, not a forename.
                || capitals && !word.contains(' ') && lexicon().is_common(word) && !lexicon().is_surname(word)
            {
                covered = name_end;
                continue;
            }
            // "PS Vita", "Dr Martens": a brand, when the word follows the
            // prefix on its own (no forename, initial or collar number).
            if p == name_start
                && end == k.end
                && s.text
                    .get(p..name_end)
                    .is_some_and(|w| is_brand(s.kw_text(k), w))
            {
                covered = name_end;
                continue;
            }
            // "Sir Thomas Street", "Dr Pitt Memorial Park": a place named
            // after a person. "Duty Inspector North": a post for an area,
            // the compass word alone and last.
            let area_post = p == name_start
                && s.text[name_end..].trim().is_empty()
                && (super::lexicon::is_compass_word(&s.text[p..name_end])
                    || AREA_WORDS
                        .iter()
                        .any(|c| s.text[p..name_end].eq_ignore_ascii_case(c)));
            if area_post || names_a_place(s.text, p, name_end) || thing_before(s.text, k.start) {
                covered = name_end;
                continue;
            }
            let mut ev = vec![Evidence::RankPrefix];
            if listed {
                ev.push(Evidence::NameList);
            }
            // Strong: in police text "PC Quarrendon" is an officer. Weak in
            // a column of premises or businesses ("Lord Nelson", a pub), unless
            // an initial or forename comes first ("Mr J Smith", a sole trader
            // among a council's suppliers, whom the transparency code has
            // redacted), and
            // with a title ("Dr.", "Mr") in a field that always holds a
            // person: a manager property is review like an author, unless
            // a rank makes the person an officer.
            let title = TITLES.contains(&s.kw_text(k).trim_end_matches('.'));
            // A chief officer's name is published ("Chief Constable Jon
            // Boutcher"): for the officer to confirm, not to block.
            let chief = is_chief_officer_rank(&s.text[k.start..end]);
            let full_name = s.text[p..name_end].split_whitespace().count() >= 2;
            // A place column's sentence ("Queries about these figures: Sgt
            // Hughes, ..."), a note under the table, names no premises.
            let place_name = place_column(s) && s.text.split_whitespace().count() <= 5;
            let weak = (place_name && !full_name) || (s.person_field && title) || chief;
            out.push(Hit {
                kind: ID,
                start: k.start,
                end: name_end,
                evidence: ev,
                strong: !weak,
            });
            covered = name_end;
        } else if s.kw_class(k) & (kwc::RANK_ABBR | kwc::RANK_WORD) != 0
            && let Some(end) = dotted_initials(s.text, p)
        {
            // "DS J.H.", "DI K. M.": an officer known by initials.
            out.push(Hit::new(ID, k.start, end, &[Evidence::RankPrefix], true));
            covered = end;
        }
    }
}

/// Chief officer ranks, whose holders' names a force publishes.
const CHIEF_OFFICER_RANKS: &[&str] = &[
    "chief constable",
    "deputy chief constable",
    "assistant chief constable",
    "commissioner",
    "deputy commissioner",
    "assistant commissioner",
    "deputy assistant commissioner",
    "cc",
    "dcc",
    "acc",
    "dac",
    // Welsh: Chief Constable, Deputy Chief Constable.
    "prif gwnstabl",
    "dirprwy brif gwnstabl",
];

/// Whether a rank phrase ("Chief Constable", "ACC", "Temporary Deputy
/// Chief Constable") is a chief officer's.
fn is_chief_officer_rank(phrase: &str) -> bool {
    let k = crate::detect::normalize::word_key(phrase);
    let k = ["acting ", "temporary ", "temp "]
        .iter()
        .fold(k.as_str(), |k, p| k.strip_prefix(p).unwrap_or(k));
    CHIEF_OFFICER_RANKS.contains(&k)
}

/// Path A, lower case: "pc hendry attended", "sgt o'neill supervised". The
/// word after the rank must be a listed surname that is no everyday word
/// ("pc world", "sgt major" are not people).
fn by_lower_case_rank(s: &Scan<'_>, out: &mut Vec<Hit>) {
    let lex = lexicon();
    let b = s.bytes();
    for k in s.kws {
        if !super::lexicon::LOWER_CASE_RANKS.contains(&s.kw_text(k)) || b.get(k.end) != Some(&b' ')
        {
            continue;
        }
        let ws = k.end + 1;
        let mut we = ws;
        while we < b.len() && (b[we].is_ascii_lowercase() || (b[we] == b'\'' && we > ws)) {
            we += 1;
        }
        let word = &s.text[ws..we];
        if word.len() < 3 || b.get(we).is_some_and(u8::is_ascii_alphanumeric) {
            continue;
        }
        let bare = word.replace('\'', "");
        if (lex.is_surname(word) || lex.is_surname(&bare))
            && !lex.is_common(word)
            && !lex.is_forename(word)
        {
            out.push(Hit::new(
                ID,
                k.start,
                we,
                &[Evidence::RankPrefix, Evidence::NameList],
                true,
            ));
        }
    }
}

/// The end of two or three initials, each with its dot, at `pos` ("J.H.",
/// "K. M."), with nothing name-like after them.
fn dotted_initials(text: &str, pos: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = pos;
    let mut n = 0;
    while n < 3 && b.get(i).is_some_and(u8::is_ascii_uppercase) && b.get(i + 1) == Some(&b'.') {
        i += 2;
        n += 1;
        if b.get(i) == Some(&b' ')
            && b.get(i + 1).is_some_and(u8::is_ascii_uppercase)
            && b.get(i + 2) == Some(&b'.')
        {
            i += 1;
        }
    }
    let boundary = !b.get(i).is_some_and(|c| c.is_ascii_alphanumeric());
    let letters: String = text[pos..i]
        .chars()
        .filter(char::is_ascii_uppercase)
        .collect();
    let place = matches!(letters.as_str(), "UK" | "US" | "EU" | "NI" | "GB" | "USA");
    (n >= 2 && boundary && !place).then_some(i)
}

/// Whether a whole value is shaped like a person's name ("Quarrendon",
/// "Jane Quarrendon", "QUARRENDON, J", "J. A. Quarrendon"). Returns the
/// number of name words and whether one is in the name lists.
pub fn name_shape(value: &str) -> Option<(usize, bool)> {
    name_shape_full(value).map(|(w, l, _)| (w, l))
}

/// [`name_shape`] plus the number of initials.
pub(crate) fn name_shape_full(value: &str) -> Option<(usize, bool, usize)> {
    let v = value.trim();
    if v.is_empty() || v.len() > 60 || v.bytes().any(|c| c.is_ascii_digit()) {
        return None;
    }
    if v.bytes().any(|c| {
        matches!(
            c,
            b'@' | b'/' | b'\\' | b'(' | b')' | b'[' | b']' | b'&' | b':' | b';' | b'?' | b'!'
        )
    }) {
        return None;
    }
    if is_rank_value(v) || is_pseudonym(v) {
        return None;
    }
    let lex = lexicon();
    let mut words = 0;
    let mut listed = false;
    let mut tokens = 0;
    let mut initials = 0;
    let mut everyday = true;
    let parts: Vec<&str> = v
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|p| !p.is_empty())
        .collect();
    // Beside a capitalised word, a short lower-case word is prose ("Queries
    // to", "Speak to"; common_words lists only words of 3+ letters): a name
    // in lower case is all lower case ("jane ng").
    let any_capitalised = parts.iter().any(|p| is_capitalised(p));
    for (i, part) in parts.iter().enumerate() {
        tokens += 1;
        if tokens > 6 {
            return None;
        }
        let p = part.trim_end_matches('.');
        // A particle before a surname: "Joost van der Berg", "Rui dos
        // Santos", "Ahmad bin Ismail".
        if i + 1 < parts.len() && is_particle(p) {
            continue;
        }
        // Initials: "J", "J.", "J.A."
        if p.split('.')
            .all(|x| x.chars().count() == 1 && x.chars().all(char::is_alphabetic))
        {
            initials += 1;
            continue;
        }
        if !is_name_token(p) || lex.is_stop(p) || super::lexicon::is_organisation_word(p) {
            return None;
        }
        // Everyday words in lower case are prose, not names.
        if !is_capitalised(p)
            && (lex.is_common(p)
                || any_capitalised
                    && p.chars().count() <= 3
                    && !lex.is_surname(p)
                    // ("Gruffydd, Dafydd ap": a particle moved to the end.)
                    && !is_particle(p))
        {
            return None;
        }
        words += 1;
        let named = lex.is_forename(p) || lex.is_surname(p);
        listed |= named;
        everyday &= !named && lex.is_common(p);
    }
    // "Secure Tenant", "Full Time Undergraduate", "Learning Disability":
    // a category under a person header, every word an everyday one.
    if everyday && initials == 0 {
        return None;
    }
    (words > 0).then_some((words, listed, initials))
}

/// Words that, with a letter or a number after them, stand in for a
/// person in a published review: "Patient A", "Adult C", "Child 3",
/// "Officer B", "Mr X".
const PSEUDONYM_WORDS: &[&str] = &[
    "patient",
    "adult",
    "child",
    "person",
    "client",
    "case",
    "victim",
    "witness",
    "offender",
    "pupil",
    "student",
    "learner",
    "resident",
    "tenant",
    "officer",
    "member",
    "employee",
    "family",
    "mother",
    "father",
    "baby",
    "infant",
    "subject",
    "individual",
    "applicant",
    "complainant",
    "suspect",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "user",
    "participant",
    "respondent",
    "colleague",
    "worker",
    "staff",
    "parent",
    "carer",
    "young",
];

/// Whether a value is a pseudonym for a person ("Patient A", "Adult C",
/// "Child 12", "Young Person B", "Mr X"): a word of [`PSEUDONYM_WORDS`],
/// then one or two capital letters or up to three digits.
pub(crate) fn is_pseudonym(v: &str) -> bool {
    let words: Vec<&str> = v.split_whitespace().collect();
    let Some((label, lead)) = words.split_last() else {
        return false;
    };
    let label = label.trim_end_matches('.');
    let is_label = (1..=2).contains(&label.len()) && label.bytes().all(|c| c.is_ascii_uppercase())
        || (1..=3).contains(&label.len()) && label.bytes().all(|c| c.is_ascii_digit());
    is_label
        && (1..=2).contains(&lead.len())
        && lead
            .iter()
            .all(|w| PSEUDONYM_WORDS.contains(&w.trim_end_matches('.').to_lowercase().as_str()))
}

/// Words that join a surname to what comes before it ("van der Berg",
/// "dos Santos", "bin Ismail"), in lower case or capitalised.
const PARTICLES: &[&str] = &[
    "van", "der", "den", "von", "de", "da", "di", "dos", "das", "du", "del", "della", "le", "la",
    "ten", "ter", "bin", "binti", "ibn", "al", "el", "ap", "ab", "ferch", "verch", "mac", "ó",
    "ní", "nic", "ua",
];

fn is_particle(w: &str) -> bool {
    let lower = w.to_lowercase();
    PARTICLES.contains(&lower.as_str()) && (w.chars().all(char::is_lowercase) || is_capitalised(w))
}

/// Path B: a value under a name column.
fn by_header(s: &Scan<'_>, out: &mut Vec<Hit>) {
    let t = s.text.trim();
    let start = s.text.len() - s.text.trim_start().len();
    let end = start + t.len();
    if s.header.has(H::USERNAME) && !s.header.has(H::PERSON) {
        if let Some(strong) = username_shape(t) {
            out.push(Hit::new(ID, start, end, &[Evidence::Header], strong));
        }
        return;
    }
    // "Pret A Manger (Europe) Ltd": a company's legal form anywhere in the
    // value, even after a cut below, makes it no person.
    if t.split(|c: char| !c.is_alphanumeric())
        .any(super::lexicon::is_legal_form)
    {
        return;
    }
    let mut value = without_rank_or_number(t);
    let mut end = end;
    // "Callum Vaughan-Jones (born 2003)", "Jane Quarrendon - Sgt": the name
    // before a qualifier in brackets or after a dash; "Hao Thorogood\nPolice
    // Constable", "John Quarrendon, Police Constable": before a rank or
    // role on a line of its own or after a comma.
    if name_shape_full(value).is_none() {
        let role_after = |i: usize, skip: usize| {
            let rest = value[i + skip..].trim();
            is_rank_value(rest) || lexicon().is_common(rest.split_whitespace().last().unwrap_or(""))
        };
        let cut = value
            .find(" (")
            .or_else(|| value.find(" - "))
            .or_else(|| value.find('\n').filter(|&i| role_after(i, 1)))
            .or_else(|| value.find(", ").filter(|&i| role_after(i, 2)));
        if let Some(cut) = cut {
            value = value[..cut].trim_end();
            let offset = value.as_ptr() as usize - t.as_ptr() as usize;
            end = start + offset + value.len();
        }
    }
    // "John and Mary Quarrendon", "Peter & Susan Brankstone": a couple.
    let couple = name_shape_full(value).is_none()
        && [" and ", " & "].iter().any(|j| {
            value.split_once(j).is_some_and(|(a, b)| {
                let a = a.trim();
                (lexicon().is_forename(a) || TITLES.contains(&a)) && name_shape_full(b).is_some()
            })
        });
    if couple {
        let lex = lexicon();
        let listed = value
            .split(|c: char| !c.is_alphabetic())
            .any(|w| lex.is_forename(w) || lex.is_surname(w));
        let mut ev = vec![Evidence::Header];
        if listed {
            ev.push(Evidence::NameList);
        }
        out.push(Hit {
            kind: ID,
            start,
            end,
            evidence: ev,
            strong: true,
        });
        return;
    }
    let Some((words, listed, initials)) = name_shape_full(value) else {
        // "bkowalcz4" under "Submitted by": a network login made of a
        // person's name, for review.
        if login_shape(value) {
            out.push(Hit::new(ID, start, end, &[Evidence::Header], false));
        }
        return;
    };
    // A unit's acronym under "Officer" ("CID", "PPU"), not a surname in
    // capitals (a listed one, "NG", "XU", still is).
    if words == 1
        && initials == 0
        && (2..=4).contains(&value.len())
        && value.bytes().all(|c| c.is_ascii_uppercase())
        && !lexicon().is_surname(value)
    {
        return;
    }
    // Under a bare "Name" a team or area is as likely as a person: a
    // compass word or an acronym ("North East NPT") says which.
    let bare_name = s.header_text.is_some_and(|h| {
        matches!(
            h.trim().to_ascii_lowercase().as_str(),
            "name" | "names" | "row labels"
        )
    });
    // (An acronym only in mixed case: "SMITH JANE" is a name in capitals.)
    let mixed = value.bytes().any(|c| c.is_ascii_lowercase());
    // A compass word leads an area's name ("North East", "West Belfast");
    // as a surname it comes last ("John West").
    let compass_first = !value.contains(',')
        && value.split_whitespace().count() >= 2
        && value.split_whitespace().next().is_some_and(|w| {
            super::lexicon::is_compass_word(w)
                || matches!(w.to_ascii_lowercase().as_str(), "upper" | "lower" | "inner")
        });
    // "St George's", "Saint Mary's": a saint's parish or ward.
    let saint = ["St ", "St. ", "Saint "]
        .iter()
        .any(|p| value.starts_with(p));
    // A lone compass word is an area ("North"), however many Norths there are.
    let compass_alone = super::lexicon::is_compass_word(value);
    // Pivot output's row labels: one word is a division, a ward or a town.
    let row_labels = s
        .header_text
        .is_some_and(|h| h.trim().eq_ignore_ascii_case("row labels"));
    if (compass_alone && bare_name) || (row_labels && words < 2 && initials == 0) {
        return;
    }
    if bare_name
        && (compass_first
            || saint
            || ends_in_place_word(value)
            || value.split_whitespace().any(|w| {
                mixed && (2..=5).contains(&w.len()) && w.bytes().all(|c| c.is_ascii_uppercase())
            }))
    {
        return;
    }
    let explicit = s.header.has(H::SURNAME | H::FORENAME | H::OFFICER);
    // Under "Tenant" or "Patient" a category ("Private Renter") is as
    // likely as a name: only a forename or an initial makes it a person.
    if s.header.has(H::SERVICE_USER) && !explicit {
        let lex = lexicon();
        let forename = value
            .split(|c: char| c.is_whitespace() || c == ',')
            .any(|w| lex.is_forename(w.trim_end_matches('.')));
        if !forename && initials == 0 {
            return;
        }
    }
    let strong = explicit || words >= 2 || listed || initials > 0;
    let mut ev = vec![Evidence::Header];
    if listed {
        ev.push(Evidence::NameList);
    }
    out.push(Hit {
        kind: ID,
        start,
        end,
        evidence: ev,
        strong,
    });
}

/// A name column's value without the rank or collar number written with
/// the name: "Kowalczyk, A. (Sgt)", "Pellowe 4554", "3887 DRUMGOOLE".
///
/// ```text
/// "Kowalczyk, A. (Sgt)" -> "Kowalczyk, A."
/// "4521AB Quarrendon"   -> "Quarrendon"
/// ```
fn without_rank_or_number(v: &str) -> &str {
    let mut v = v.trim();
    if let Some(open) = v.rfind('(')
        && v.ends_with(')')
        && is_rank_value(&v[open + 1..v.len() - 1])
    {
        v = v[..open].trim_end();
    }
    let collar = |w: &str| {
        super::shoulder_number::number_token_digits(w).is_some_and(|d| (1..=6).contains(&d))
    };
    if let Some((first, rest)) = v.split_once(' ')
        && collar(first)
    {
        v = rest.trim_start();
    } else if let Some((rest, last)) = v.rsplit_once(' ')
        && collar(last)
    {
        v = rest.trim_end();
    }
    v
}

/// A user name: "jane.quarrendon", "DOMAIN\\jquarrendon", "jq4521".
/// Some(strong) where strong means it spells out a name (first.last).
fn username_shape(v: &str) -> Option<bool> {
    if v.is_empty() || v.len() > 64 || v.contains(' ') || v.contains('@') {
        return None;
    }
    let user = v.rsplit('\\').next().unwrap_or(v);
    if user.len() < 3
        || !user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    {
        return None;
    }
    if !user.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let parts: Vec<&str> = user.split(['.', '_']).collect();
    let first_last = parts.len() == 2
        && parts
            .iter()
            .all(|p| p.len() >= 2 && p.chars().all(|c| c.is_ascii_alphabetic() || c == '-'));
    Some(first_last)
}

/// Whether a value is shaped like a network login built from a name: four
/// to twelve lower-case letters and one to three digits ("snibhria3",
/// "jsmith12"), as a person column may hold instead of the name.
fn login_shape(v: &str) -> bool {
    let letters = v.bytes().take_while(u8::is_ascii_lowercase).count();
    let digits = v.len() - letters;
    (4..=12).contains(&letters)
        && (1..=3).contains(&digits)
        && v.bytes().skip(letters).all(|c| c.is_ascii_digit())
}

/// Path C: a field that by definition holds a person.
/// Whether a person field holds a placeholder or a program's name rather
/// than a person ("Microsoft Office User", "Calc", "openpyxl").
///
/// ```
/// use foiguard::detect::content::is_generic_person;
/// assert!(is_generic_person("Calc   "));
/// assert!(!is_generic_person("Jane Quarrendon"));
/// ```
pub fn is_generic_person(v: &str) -> bool {
    GENERIC_PEOPLE.contains(&v.trim().to_ascii_lowercase().as_str())
}

/// Whether an author, editor or manager property may name a person: not a
/// program ("openpyxl", "Microsoft Office User") and not a team ("FOI
/// Unit", "Police Service"). Every file format's properties use this one
/// test. A real name is also a content finding of its own.
///
/// ```
/// use foiguard::detect::content::may_name_someone;
/// assert!(may_name_someone("Jane Quarrendon"));
/// assert!(!may_name_someone("FOI Unit"));
/// assert!(may_name_someone("Jane Quarrendon (Northmoor Police)"));
/// assert!(!may_name_someone("FOI Unit (Northmoor Police)"));
/// assert!(!may_name_someone("openpyxl"));
/// ```
pub fn may_name_someone(value: &str) -> bool {
    let value = without_qualifier(value).unwrap_or(value);
    let lex = lexicon();
    !value.trim().is_empty()
        && !is_generic_person(value)
        && !value
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .any(|w| {
                super::lexicon::is_organisation_word(w)
                    || (lex.is_stop(w) && !lex.is_forename(w) && !lex.is_surname(w))
            })
}

/// A mail client's display name without the organisation or team it
/// carries after the name: "Jane Quarrendon (Northmoor Police)",
/// "Quarrendon, Jane [NMP]", "Jane Quarrendon - Corporate Services" ->
/// the name; `None` when there is no such qualifier.
fn without_qualifier(v: &str) -> Option<&str> {
    let bracket = v
        .strip_suffix([')', ']'])
        .and_then(|inner| inner.rfind(['(', '[']))
        .map(|i| &v[..i]);
    let dash = v.find(" - ").map(|i| &v[..i]);
    bracket.or(dash).map(str::trim).filter(|c| !c.is_empty())
}

fn by_field(s: &Scan<'_>, out: &mut Vec<Hit>) {
    let t = s.text.trim();
    let start = s.text.len() - s.text.trim_start().len();
    let end = start + t.len();
    if t.is_empty() || t.contains('@') {
        return;
    }
    if is_generic_person(t) || !t.chars().any(char::is_alphabetic) {
        return;
    }
    // Several people: "Jane Quarrendon; Tom Vellacott".
    let one = |v: &str| name_shape(v).is_some() || username_shape(v).is_some();
    let named = one(t)
        || without_qualifier(t).is_some_and(one)
        || t.split([';', '/', '|'])
            .any(|p| !p.trim().is_empty() && one(p.trim()));
    if named {
        out.push(Hit::new(ID, start, end, &[Evidence::PersonField], false));
    }
}

/// Path E (weak): the ways police notes write a name without a title, in
/// mixed-case text: "HAZELTHWAITE J attended", "closed by NABCROFT N",
/// "HENDRY Declan (PC)", "Whinhurst, Daniel (Sgt)", "Officer Mirethwaite
/// was on leave".
fn by_name_forms(s: &Scan<'_>, out: &mut Vec<Hit>) {
    let b = s.bytes();
    // Each form has a mark to look for first: ", ", "Officer ", or a
    // capital, a space and a lone capital ("NABCROFT N").
    let initial_after_capital = memchr::memchr_iter(b' ', b).any(|i| {
        i > 1
            && b[i - 1].is_ascii_uppercase()
            && b.get(i + 1).is_some_and(u8::is_ascii_uppercase)
            && (!b.get(i + 2).is_some_and(u8::is_ascii_alphabetic)
                // "HENDRY Declan": a word in capitals, then a forename.
                || (b[i - 2].is_ascii_uppercase() && b.get(i + 2).is_some_and(u8::is_ascii_lowercase)))
    });
    // "Hendry D.": a word, a space, a lone capital and a full stop.
    let dotted_initial_after_word = memchr::memchr_iter(b'.', b).any(|i| {
        i >= 3 && b[i - 1].is_ascii_uppercase() && b[i - 2] == b' ' && b[i - 3].is_ascii_lowercase()
    });
    if !initial_after_capital
        && !dotted_initial_after_word
        && memchr::memmem::find(b, b", ").is_none()
        && memchr::memmem::find(b, b"Officer ").is_none()
    {
        return;
    }
    // All-capital text (a heading, a shouted note) has no case to go by.
    if !b.iter().any(u8::is_ascii_lowercase) {
        return;
    }
    let lex = lexicon();
    let surname_like =
        |w: &str| w.len() >= 3 && lex.could_be_surname(w) && !lex.is_common(w) && !is_acronym(w);
    let mut it = words(b);
    while let Some((a, z)) = it.next() {
        let w = &s.text[a..z];
        let mut ahead = it;
        let next = ahead.next();
        let after_next = ahead.next();
        let gap = |e: usize, n: usize| s.text.get(e..n).unwrap_or("");
        // SURNAME I (J): capitals, then one or two initials.
        if w.len() >= 3
            && w.bytes()
                .all(|c| c.is_ascii_uppercase() || c == b'\'' || c == b'-')
            && let Some((na, nz)) = next
            && gap(z, na) == " "
            && (1..=2).contains(&(nz - na))
            && b[na..nz].iter().all(u8::is_ascii_uppercase)
            && !b.get(nz).is_some_and(|c| c.is_ascii_alphanumeric())
            && surname_like(w)
        {
            out.push(Hit::new(ID, a, nz, &[Evidence::NameList], false));
            continue;
        }
        // SURNAME Forename: capitals, then a listed forename that is no
        // everyday word ("HENDRY Declan", not "NOTE Mark" or "CCTV Grace").
        if w.len() >= 3
            && w.bytes()
                .all(|c| c.is_ascii_uppercase() || c == b'\'' || c == b'-')
            && let Some((na, nz)) = next
            && gap(z, na) == " "
            && is_capitalised(&s.text[na..nz])
            && b[na + 1..nz].iter().all(u8::is_ascii_lowercase)
            && lex.is_forename(&s.text[na..nz])
            && !lex.is_stop(&s.text[na..nz])
            && !lex.is_common(&s.text[na..nz])
            && surname_like(w)
            && !lex.is_forename(w)
        {
            out.push(Hit::new(ID, a, nz, &[Evidence::NameList], false));
            continue;
        }
        // Surname I.: a surname, then an initial and its full stop, as
        // statements and duty logs write an officer ("Hendry D."), not a
        // section ("Appendix D.") or a forename ("David J. Smith").
        if is_capitalised(w)
            && b[a + 1..z].iter().all(u8::is_ascii_lowercase)
            && let Some((na, nz)) = next
            && gap(z, na) == " "
            && nz - na == 1
            && b[na].is_ascii_uppercase()
            && b.get(nz) == Some(&b'.')
            && !b.get(nz + 1).is_some_and(|c| c.is_ascii_alphanumeric())
            && !after_next.is_some_and(|(c, d)| {
                gap(nz, c) == ". "
                    && is_capitalised(&s.text[c..d])
                    && d - c > 1
                    && lex.could_be_surname(&s.text[c..d])
            })
            && (surname_like(w) || lex.is_surname(w) && !lex.is_stop(w))
            && (!lex.is_forename(w) || lex.is_surname(w))
            && !is_place_word(w)
        {
            out.push(Hit::new(ID, a, nz + 1, &[Evidence::NameList], false));
            continue;
        }
        // Surname, Forename: a listed forename after the comma.
        if is_capitalised(w)
            && let Some((na, nz)) = next
            && gap(z, na) == ", "
            && is_capitalised(&s.text[na..nz])
            && lex.is_forename(&s.text[na..nz])
            && !lex.is_stop(&s.text[na..nz])
            && !lex.is_common(&s.text[na..nz])
            && surname_like(w)
            && (!lex.is_forename(w) || lex.is_surname(w))
            // Not a list of names of one kind ("Leeds, York, Derby").
            && after_next.is_none_or(|(c, _)| gap(nz, c).trim() != ",")
        {
            out.push(Hit::new(ID, a, nz, &[Evidence::NameList], false));
            continue;
        }
        // Officer Surname.
        if w == "Officer"
            && let Some((na, nz)) = next
            && gap(z, na) == " "
            && is_capitalised(&s.text[na..nz])
            && surname_like(&s.text[na..nz])
            && !lex.is_forename(&s.text[na..nz])
        {
            out.push(Hit::new(ID, a, nz, &[Evidence::NameList], false));
        }
    }
}

/// A word of capitals that is a well-known abbreviation, not a surname.
/// Path F (weak): a user name that spells a listed forename and a surname
/// in free text, as e-mail and directory names write them: "cc:
/// matthew.pikethwaite", "Jane.Quarrendon". Not a domain ("jane.doe.uk"),
/// an e-mail address (its own detector) or a path or call.
fn by_user_name(s: &Scan<'_>, out: &mut Vec<Hit>) {
    let b = s.bytes();
    let lex = lexicon();
    let letters = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphabetic);
    for dot in memchr::memchr_iter(b'.', b) {
        let mut a = dot;
        while a > 0 && letters(a - 1) {
            a -= 1;
        }
        let mut z = dot + 1;
        while letters(z) {
            z += 1;
        }
        if dot - a < 3 || z - dot - 1 < 2 {
            continue;
        }
        let before_ok =
            a == 0 || !(b[a - 1].is_ascii_alphanumeric() || b"@/\\.:_-'".contains(&b[a - 1]));
        let after_ok = match b.get(z) {
            None => true,
            Some(b'.') => !letters(z + 1),
            Some(&c) => !(c.is_ascii_alphanumeric() || b"@(/\\_-".contains(&c)),
        };
        if !before_ok || !after_ok {
            continue;
        }
        let (first, sur) = (&s.text[a..dot], &s.text[dot + 1..z]);
        if lex.is_forename(first)
            && !lex.is_stop(first)
            && lex.could_be_surname(sur)
            && !lex.is_street(sur)
            && !(lex.is_common(first) && lex.is_common(sur))
        {
            out.push(Hit::new(ID, a, z, &[Evidence::NameList], false));
        }
    }
}

/// Words that make the name after them a storm's or an operation's
/// ("Storm Ciaran", "Operation Kenova"), where the word is a forename too.
const NAMED_THINGS: &[&str] = &[
    "Storm",
    "Hurricane",
    "Typhoon",
    "Cyclone",
    "Operation",
    "Op",
    "Exercise",
    "Project",
];

fn is_acronym(w: &str) -> bool {
    const ACRONYMS: &[&str] = &[
        "NFA", "RTC", "ASB", "CID", "MOJ", "CPS", "DWP", "HMRC", "NHS", "GDPR", "FOI", "ICO",
        "PNC", "ANPR", "CCTV", "TBC", "TBA", "ETA", "DOB", "POCA", "PACE", "MASH", "MARAC", "IOPC",
        "UK", "USA", "EU", "LTD", "PLC", "ACPO", "NPCC", "HMIC", "HMICFRS", "PSNI", "OIC", "SIO",
        "AKA", "ATM", "APP", "PDF", "CSV", "EXT", "REF", "ATT", "FAO", "NOTE", "NB", "PTO", "FTE",
        "HQ", "PSD", "NPT", "HR", "ICT", "LPT", "DPU",
    ];
    ACRONYMS.contains(&w)
}

/// Path D (weak): a listed forename followed by a surname-like word in free text.
/// Whether at least two words start with a capital (or a non-ASCII letter),
/// which a forename followed by a surname needs. Counts every letter after a
/// non-letter, so it never says no where [`words`] would find two.
fn two_capitalised_words(b: &[u8]) -> bool {
    let letter = |c: u8| c.is_ascii_alphabetic() || c >= 0x80;
    let mut n = 0;
    let mut prev_letter = false;
    for &c in b {
        let l = letter(c);
        if l && !prev_letter && (c.is_ascii_uppercase() || c >= 0x80) {
            n += 1;
            if n == 2 {
                return true;
            }
        }
        prev_letter = l;
    }
    false
}

fn by_name_list(s: &Scan<'_>, out: &mut Vec<Hit>) {
    let b = s.bytes();
    let lex = lexicon();
    let gap_ok = |a: usize, z: usize| {
        let g = &b[a..z];
        !g.is_empty() && g.len() <= 3 && g.iter().all(|&c| c == b' ' || c == b'.')
    };
    let mut it = words(b);
    while let Some((fs, fe)) = it.next() {
        if fe - fs < 2 || !b[fs].is_ascii_uppercase() && b[fs] < 0x80 {
            continue;
        }
        // Only spaces between the words (one optional middle initial), and
        // the next word capitalised: checked before any lookup.
        let mut look = it;
        let Some((mut ss, mut se)) = look.next() else {
            break;
        };
        if !gap_ok(fe, ss) || !(b[ss].is_ascii_uppercase() || b[ss] >= 0x80) {
            continue;
        }
        let first = &s.text[fs..fe];
        // "Jan Kowalczyk": the short form of a month is a forename too.
        let month_forename = first == "Jan";
        if !is_capitalised(first)
            || !lex.is_forename(first)
            || lex.is_stop(first) && !month_forename
        {
            continue;
        }
        if se - ss == 1 {
            let mut look2 = look;
            match look2.next() {
                Some((a, z)) if gap_ok(se, a) => {
                    ss = a;
                    se = z;
                    look = look2;
                }
                _ => continue,
            }
        }
        // "Niamh Mc Gillicuddy": the prefix written apart.
        if matches!(&s.text[ss..se], "Mc" | "Mac")
            && let Some((a, z)) = { look }.next()
            && gap_ok(se, a)
            && is_capitalised(&s.text[a..z])
        {
            ss = a;
            se = z;
            look.next();
        }
        let sur = &s.text[ss..se];
        // ("Mark Up": a two-letter surname must be a listed one, "Ng", "Li".)
        let ok = is_capitalised(sur)
            && (se - ss > 2 || se - ss == 2 && lex.is_surname(sur))
            && lex.could_be_surname(sur)
            && !lex.is_street(sur)
            // ("Jan 2024", "Jan Totals" are months; after "Jan" a listed
            // surname or a word that is no everyday word is a surname.)
            && !(month_forename
                && (lex.is_common(sur) && !lex.is_surname(sur)
                    || !sur.chars().any(char::is_lowercase)));
        // "Grace Road", "Victoria Station": a place, not a person.
        let next_is_street = {
            let mut l = look;
            l.next()
                .is_some_and(|(a, z)| gap_ok(se, a) && lex.is_street(&s.text[a..z]))
        };
        // Forenames that are everyday words ("Mark", "Grace", "Rose") need
        // a surname that is not one.
        let ambiguous = lex.is_common(first);
        let everyday = ambiguous && lex.is_common(sur);
        let a_thing = || {
            next_is_street
                || names_a_place(s.text, fs, se)
                || thing_before(s.text, fs)
                || NAMED_THINGS.contains(&first)
        };
        if ok && !everyday && !a_thing() {
            // All-capital prose ("REPORT BY") is too loose: need a listed surname.
            let caps =
                !first.chars().any(char::is_lowercase) && !sur.chars().any(char::is_lowercase);
            if !caps || lex.is_surname(sur) {
                out.push(Hit::new(ID, fs, se, &[Evidence::NameList], false));
            }
            it = look;
        }
    }
}

impl Detector for PersonName {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "A person's name: after a rank or title (\"DC Jane Doe\", \"Sgt Brown\"), under a \
             name column, in a field that holds a person (creator, author, \"Checked by\"), or \
             a listed forename with a surname (weak).",
            true,
            "s40(2)",
        )
    }

    fn keywords(&self) -> Vec<String> {
        RANK_ABBREVIATIONS
            .iter()
            .chain(RANK_WORDS)
            .chain(super::lexicon::NUMBERED_RANKS_CY_GD)
            .chain(TITLES)
            .chain(RANK_JOINERS)
            .chain(ROLE_PHRASES)
            .chain(&["trading"])
            .chain(PERSONAL_MATTERS)
            .map(|s| s.trim_end_matches('.').to_string())
            .collect()
    }

    fn gate(&self) -> Gate {
        Gate {
            feat: feat::UPPER | feat::DOT_LOWER,
            header: H::PERSON | H::USERNAME,
            person_field: true,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        find_names(s, out);
        strengthen_beside_personal_matters(s, out);
    }
}

/// Every form of a name in the text (see the module's doc).
fn find_names(s: &Scan<'_>, out: &mut Vec<Hit>) {
    if !s.kws.is_empty() {
        by_rank(s, out);
        by_lower_case_rank(s, out);
    }
    // ("t/a", "T/A"; "trading as", "Trading As": a keyword).
    let b = s.bytes();
    if memchr::memchr_iter(b'/', b)
        .any(|i| b.get(i + 1).is_some_and(|c| c.eq_ignore_ascii_case(&b'a')))
        || s.has_kw(&["trading"])
    {
        trading_as(s, out);
    }
    if s.feat & feat::UPPER != 0 {
        by_role(s, out);
        if memchr::memchr(b'(', b).is_some() {
            by_role_suffix(s, out);
        }
        if memchr::memchr(b'.', b).is_some() {
            by_file_name(s, out);
        }
    }
    if s.header.has(H::PERSON | H::USERNAME) {
        by_header(s, out);
        return;
    }
    if s.person_field {
        by_field(s, out);
        return;
    }
    // Category columns hold categories, not people; a rank column's
    // held-over rows ("Paul Hendry" under "Rank", below the counts) may
    // still be names when they are no rank.
    if s.header.has(H::NOT_NAMES & !H::RANK) || (s.header.has(H::RANK) && is_rank_value(s.text)) {
        return;
    }
    // Every free-text form of a name has two capitalised words.
    if s.feat & feat::UPPER != 0 && two_capitalised_words(s.bytes()) {
        by_name_list(s, out);
        by_name_forms(s, out);
    }
    if s.feat & feat::DOT_LOWER != 0 {
        by_user_name(s, out);
    }
    let found = |out: &Vec<Hit>| out[s.first_hit..].iter().any(|h| h.kind == ID);
    if s.field == Some("sheet name") && !found(out) {
        by_tab_name(s, out);
    }
    // A defined name's words ("Kowalski_Tomasz", read with spaces), in
    // either order.
    if s.field == Some("name")
        && !found(out)
        && let Some(n) = name_in_joined_words(s.text, 0)
    {
        out.push(Hit::new(ID, n.start, n.end, &[Evidence::NameList], false));
    }
}

/// A tab named after one person as HR and duty workbooks name them: an
/// initial and a surname ("A.Nowak", "J Okafor grievance"), or a surname
/// and an initial ("Nwosu, A", "NWOSU A"). Weak alone; two such tabs make
/// the workbook one of people (see `Tally::tabs_named_after_people`).
fn by_tab_name(s: &Scan<'_>, out: &mut Vec<Hit>) {
    let t = s.text;
    let lex = lexicon();
    let surname = |w: &str| {
        w.chars().count() >= 3
            && is_capitalised(w)
            && is_name_token(w)
            && (lex.is_surname(w) || lex.could_be_surname(w) && !lex.is_common(w))
            && !lex.is_stop(w)
            && !is_place_word(w)
            && !is_rank_value(w)
    };
    let word_end = |from: usize| {
        t[from..]
            .find(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’' || c == '-'))
            .map_or(t.len(), |i| from + i)
    };
    let b = t.as_bytes();
    // "A.Nowak", "A. Nowak", "J Okafor grievance".
    if b.len() >= 4 && b[0].is_ascii_uppercase() && matches!(b[1], b'.' | b' ') {
        let from = if b[1] == b'.' && b[2] == b' ' { 3 } else { 2 };
        let end = word_end(from);
        if surname(&t[from..end]) {
            out.push(Hit::new(ID, 0, end, &[Evidence::NameList], false));
            return;
        }
    }
    // "Nwosu, A", "NWOSU A", "Nwosu A."
    let end = word_end(0);
    let rest = t[end..]
        .strip_prefix(", ")
        .or_else(|| t[end..].strip_prefix(' '));
    if let Some(rest) = rest
        && let [c, tail @ ..] = rest.as_bytes()
        && c.is_ascii_uppercase()
        && matches!(tail, [] | [b'.'] | [b' ', ..] | [b'.', b' ', ..])
        && surname(&t[..end])
    {
        let stop = t.len() - tail.len();
        out.push(Hit::new(ID, 0, stop, &[Evidence::NameList], false));
        return;
    }
    // A whole tab that is a listed forename and a surname, in capitals too
    // ("ADAEZE NWOSU", "Mehmet Yilmaz"): free text in capitals needs a
    // listed surname, but a tab name is the whole value.
    let words: Vec<&str> = t.split(' ').collect();
    if let [first, .., last] = words.as_slice()
        && words.len() <= 3
        && words.iter().all(|w| is_capitalised(w) && is_name_token(w))
        && lex.is_forename(first)
        && !lex.is_stop(first)
        && !lex.is_common(first)
        && surname(last)
    {
        out.push(Hit::new(ID, 0, t.len(), &[Evidence::NameList], false));
    }
}

/// A name in a file name ("Jenkins_Sarah_825733.jpg"); with a staff
/// number beside it, as strong as a name and payroll number in a row.
fn by_file_name(s: &Scan<'_>, out: &mut Vec<Hit>) {
    for n in names_in_file_names(s.text) {
        let evidence: &[Evidence] = if n.staff_number {
            &[Evidence::NameList, Evidence::Pattern]
        } else {
            &[Evidence::NameList]
        };
        out.push(Hit::new(ID, n.start, n.end, evidence, n.staff_number));
    }
}

/// A sole trader: the name before "t/a" or "trading as" is a person's
/// ("Hamish Sutherland t/a Sutherland's Café"); a company does not trade
/// as another name in a ratepayer or supplier list.
fn trading_as(s: &Scan<'_>, out: &mut Vec<Hit>) {
    let lower = s.text.to_ascii_lowercase();
    for marker in [" t/a ", " trading as "] {
        let Some(at) = lower.find(marker) else {
            continue;
        };
        // The name starts after the last separator before the marker.
        let start = s.text[..at]
            .rfind([',', ';', '\n', '('])
            .map_or(0, |i| i + 1);
        let name = s.text[start..at].trim();
        if name.is_empty()
            || out
                .iter()
                .any(|h| h.kind == ID && h.start < at && h.end > start)
        {
            continue;
        }
        // The longest run of words before the marker shaped like a name
        // ("Paid to Quarrendon Vellacott trading as ...").
        let found = std::iter::once(0)
            .chain(name.match_indices(' ').map(|(i, _)| i + 1))
            .find_map(|i| {
                let tail = &name[i..];
                name_shape_full(tail)
                    .filter(|(words, listed, _)| *words >= 2 || *listed)
                    .map(|(_, listed, _)| (i, tail, listed))
            });
        if let Some((skip, name, listed)) = found {
            let lead = s.text[start..].len() - s.text[start..].trim_start().len() + skip;
            let mut ev = vec![Evidence::Keyword];
            if listed {
                ev.push(Evidence::NameList);
            }
            out.push(Hit {
                kind: ID,
                start: start + lead,
                end: start + lead + name.len(),
                evidence: ev,
                strong: true,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::content::{ContentScanner, DetectorsConfig, TextContext};

    fn names(text: &str, header: Option<&str>, field: Option<&str>) -> Vec<(String, bool)> {
        let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        let mut v = Vec::new();
        s.scan(text, &TextContext { header, field }, &mut v);
        v.into_iter()
            .filter(|h| h.kind == "person_name")
            .map(|h| (text[h.start..h.end].to_string(), h.strong))
            .collect()
    }

    #[test]
    fn everyday_words_joined_by_hyphens_are_no_name_under_a_person_header() {
        for v in ["In-house", "Follow-up", "Part-time"] {
            assert!(names(v, Some("Delivered by"), None).is_empty(), "{v}");
        }
        for v in [
            "Cross-Smith",
            "Jane Smith-Jones",
            "Rose-Marie",
            "Quarrendon-Vellacott",
        ] {
            assert_eq!(names(v, Some("Delivered by"), None).len(), 1, "{v}");
        }
    }

    #[test]
    fn short_forms_that_are_everyday_words_are_forenames_after_a_rank() {
        for t in [
            "Officer in case: Sgt Will Coady",
            "PC Will Brown",
            "SGT WILL COADY",
        ] {
            let found = names(t, None, None);
            assert!(
                found.iter().any(|(n, strong)| {
                    (n.ends_with("Coady") || n.ends_with("COADY") || n.ends_with("Brown"))
                        && *strong
                }),
                "{t}: {found:?}"
            );
        }
        // The word in prose or a heading is no name.
        for t in ["PC will attend", "PC WILL ATTEND", "Officers will attend"] {
            assert!(names(t, None, None).is_empty(), "{t}");
        }
    }

    #[test]
    fn names_as_police_notes_write_them_are_weak() {
        for (t, name) in [
            ("HAZELTHWAITE J attended the scene.", "HAZELTHWAITE J"),
            ("case closed by NABCROFT N", "NABCROFT N"),
            ("Whinhurst, Daniel (Sgt)", "Whinhurst, Daniel"),
            ("HENDRY Declan (PC)", "HENDRY Declan"),
            (
                "Complaint about QUARRENDON Jane re attitude",
                "QUARRENDON Jane",
            ),
            ("Statement taken from Hendry D. on 4 May", "Hendry D."),
            ("Exhibit DH/1 seized by Okonjo T.", "Okonjo T."),
            ("Brown D. attended", "Brown D."),
        ] {
            assert_eq!(names(t, None, None), vec![(name.to_string(), false)], "{t}");
        }
        for t in [
            "NFA A at the scene",
            "CCTV B reviewed",
            "REPORT BY SMITH J",
            "Leeds, Bradford, York",
            "Officer Safety Training booked",
            "Officer Training Manual",
            "Camera A and Camera B were checked",
            "Category A, Grade B",
            "NOTE Grace period ends",
            "UPDATE Sarah to follow",
            "CCTV Grace",
            "See Appendix D. and Annex A.",
            "Class A. drugs, Plan B. adopted, Vitamin D. levels",
            "Flat B. Park B. Hall C.",
        ] {
            assert!(
                names(t, None, None).is_empty(),
                "{t}: {:?}",
                names(t, None, None)
            );
        }
    }

    #[test]
    fn storms_acronyms_and_lone_forenames() {
        // A storm or an operation named like a person; an acronym after a
        // title or a rank written out (a workforce table's header).
        for t in [
            "Overtime caused by Storm Ciaran",
            "Storm Isha",
            "Police Officer FTE",
            "Officer FTE",
            "PC FTE",
            "Nurse TBC",
        ] {
            assert!(names(t, None, None).is_empty(), "{t}");
        }
        // Surnames in capitals still count, listed or not after "PC".
        assert_eq!(names("PC YAU attended", None, None).len(), 1);
        assert_eq!(names("Constable LEE", None, None).len(), 1);
        // A forename alone after "attended by" is weak; a surname or a
        // full name is strong.
        assert_eq!(
            names("Attended by David", None, None),
            vec![("David".to_string(), false)]
        );
        assert_eq!(
            names("Checked by Hendry", None, None),
            vec![("Hendry".to_string(), true)]
        );
    }

    #[test]
    fn logins_under_a_person_header_are_weak_names() {
        assert_eq!(
            names("snibhria3", Some("Submitted by"), None),
            vec![("snibhria3".to_string(), false)]
        );
        assert_eq!(names("bkowalcz4", Some("Officer"), None).len(), 1);
        // Not codes, not under other headers.
        assert!(names("abc1", Some("Submitted by"), None).is_empty());
        assert!(names("form2024", Some("Submitted by"), None).is_empty());
        assert!(names("snibhria3", Some("Form"), None).is_empty());
    }

    #[test]
    fn a_sole_trader_before_trading_as_is_a_person() {
        assert_eq!(
            names(
                "Hamish Sutherland t/a Sutherland's Café",
                Some("Ratepayer"),
                None
            ),
            vec![("Hamish Sutherland".to_string(), true)]
        );
        assert_eq!(
            names(
                "Paid to Quarrendon Vellacott trading as QV Joinery",
                None,
                None
            )
            .len(),
            1
        );
        // A company trading as a brand is no person.
        assert!(
            names(
                "Tesco Stores Ltd t/a Tesco Express",
                Some("Ratepayer"),
                None
            )
            .is_empty()
        );
        // A company alone under "Ratepayer" is no person either.
        assert!(names("Tesco Stores Ltd", Some("Ratepayer"), None).is_empty());
        assert!(names("Pret A Manger (Europe) Ltd", Some("Ratepayer"), None).is_empty());
        assert_eq!(names("BEVAN Lowri", Some("Ratepayer"), None).len(), 1);
        assert_eq!(names("JANE QUARRENDON T/A QJ CAFE", None, None).len(), 1);
    }

    #[test]
    fn pseudonyms_are_no_names() {
        for v in [
            "Patient A",
            "Adult C",
            "Child 12",
            "Young Person B",
            "Mr X",
            "Officer B",
        ] {
            assert!(names(v, Some("Patient"), None).is_empty(), "{v}");
            assert!(names(v, Some("Name"), None).is_empty(), "{v}");
        }
        // Real names with an initial still are.
        assert_eq!(names("Quarrendon J", Some("Patient"), None).len(), 1);
        assert_eq!(names("Mr J Quarrendon", Some("Name"), None).len(), 1);
    }

    #[test]
    fn a_post_for_an_area_is_no_name() {
        for t in [
            "Duty Inspector North",
            "Custody Sergeant Central",
            "Inspector West",
        ] {
            assert!(
                names(t, None, None).is_empty(),
                "{t}: {:?}",
                names(t, None, None)
            );
        }
        // A surname that is a compass word, with a forename or more text.
        assert_eq!(names("Inspector Fred West attended", None, None).len(), 1);
        assert_eq!(names("Seen by Sgt North at 10:00", None, None).len(), 1);
    }

    #[test]
    fn the_name_list_needs_two_capitalised_words() {
        use super::two_capitalised_words as two;
        assert!(two(b"seen by Jane Quarrendon"));
        assert!(two(b"Jane A. Quarrendon"));
        assert!(two("\u{c9}bha N\u{ed} Bhriain".as_bytes()));
        assert!(!two(b"CCTV taken items parked"));
        assert!(!two(b"jane Quarrendon"));
        assert!(!two(b"McDonald"));
        // The gate must not hide a name the list finds.
        assert_eq!(names("caller Jane Quarrendon said", None, None).len(), 1);
        assert!(names("CCTV Quarrendon", None, None).is_empty() || two(b"CCTV Quarrendon"));
    }

    #[test]
    fn rank_and_title_prefixes() {
        assert_eq!(
            names("Statement taken by DC Jane Doe today", None, None),
            vec![("DC Jane Doe".into(), true)]
        );
        assert_eq!(names("Sgt Brown attended", None, None)[0].0, "Sgt Brown");
        assert_eq!(names("Insp. A. Khan", None, None)[0].0, "Insp. A. Khan");
        assert_eq!(names("Mr Smith", None, None)[0].0, "Mr Smith");
        assert_eq!(
            names("PC 4521 Quarrendon", None, None)[0].0,
            "PC 4521 Quarrendon"
        );
        assert_eq!(
            names("Det Chief Insp Vellacott", None, None)[0].0,
            "Det Chief Insp Vellacott"
        );
        assert_eq!(
            names("Police Constable Quarrendon attended", None, None)[0].0,
            "Police Constable Quarrendon"
        );
        // Fire and ambulance roles.
        for (t, name) in [
            ("Watch Manager Quarrendon", "Quarrendon"),
            ("Rider: Firefighter Aldwinckle", "Aldwinckle"),
            ("Paramedic Sennen Vyvyan on shift", "Sennen Vyvyan"),
            ("WM Tregarthen", "WM Tregarthen"),
        ] {
            let got = names(t, None, None);
            assert_eq!(got.len(), 1, "{t}: {got:?}");
            assert!(got[0].0.ends_with(name) && got[0].1, "{t}: {got:?}");
        }
        for t in [
            "Firefighter",
            "Paramedic Services",
            "Crew Manager vacancies",
        ] {
            assert!(names(t, None, None).is_empty(), "{t}");
        }
    }

    #[test]
    fn rank_words_as_categories_are_not_names() {
        for t in [
            "Constable",
            "Police Constable (PC)",
            "Sergeants and Inspectors by station",
            "Chief Constable's Office",
            "Detective Sergeant",
            "PC Training Day",
            "Constable Recruitment 2023",
            "Inspector Total",
            "DC Headcount",
            "PC Monitor",
            "PS Vita seized",
            "DS Lite console",
            "SC Johnson products",
            "Mr Whippy van",
            "Dr Martens boots recovered",
            "Dr. Martens",
            "DR MARTENS",
            "Dr Foster report",
        ] {
            assert!(
                names(t, None, None).is_empty(),
                "{t}: {:?}",
                names(t, None, None)
            );
        }
    }

    #[test]
    fn a_name_after_a_role_phrase() {
        for (t, name) in [
            ("OIC: Henswick, Mark", "Henswick"),
            ("Officer in case - Brackendon", "Brackendon"),
            ("Authorised by: J Quarrendon", "J Quarrendon"),
            ("Checked by J. Quarrendon on 3 May", "J. Quarrendon"),
            ("Reported by Mark Henswick", "Mark Henswick"),
            ("Officers attending: Brackendon, Henswick", "Brackendon"),
        ] {
            assert_eq!(names(t, None, None), vec![(name.to_string(), true)], "{t}");
        }
        for t in [
            "Reported by the public",
            "checked by supervisor",
            "OIC: CID",
            "Authorised by Dr Pitt Memorial Trust",
        ] {
            assert!(
                names(t, None, None).iter().all(|(_, strong)| !strong),
                "{t}"
            );
        }
    }

    #[test]
    fn places_named_after_people_are_not_people() {
        // Things named after people, by what comes before or after.
        for t in [
            "Statue of Sir Robert Peel",
            "RNLB Sir William Hillary",
            "Sir John Cass Scholarship",
            "Memorial to Dame Edith Cavell",
        ] {
            assert!(
                names(t, None, None).is_empty(),
                "{t}: {:?}",
                names(t, None, None)
            );
        }
        assert!(names("Spoke to Sir Robert Quarrendon", None, None)[0].1);
        // Under a bare "Name", a park or a building.
        for t in [
            "Albert Gardens",
            "Gladstone Recreation Ground",
            "Mary Seacole Ward",
        ] {
            assert!(names(t, Some("Name"), None).is_empty(), "{t}");
        }
        assert!(!names("Jane Quarrendon", Some("Name"), None).is_empty());
        for t in [
            "Sir Thomas Street",
            "Lady Dixon Park, Belfast",
            "Dr Johnson's House area",
            "Dr Pitt Memorial Park",
            "St Brigid School",
        ] {
            // At most the name list's weak guess, never the title's block.
            assert!(
                names(t, None, None).iter().all(|(_, strong)| !strong),
                "{t}: {:?}",
                names(t, None, None)
            );
        }
        // Companies and places named after people.
        for t in [
            "Dr. Falk Pharma UK Ltd",
            "Sir Robert McAlpine Ltd",
            "Sir John Cass's Foundation Primary School",
        ] {
            assert!(
                names(t, None, None).iter().all(|(_, strong)| !strong),
                "{t}: {:?}",
                names(t, None, None)
            );
        }
        for t in [
            "Castleton Library",
            "Friends of Elmwood Park",
            "Tesco Stores Ltd",
        ] {
            assert!(names(t, Some("Name"), None).is_empty(), "{t}");
        }
        assert_eq!(names("Declan Onslow", Some("Pupil"), None).len(), 1);
        // Under a service-user header a category is not a name.
        for (t, h) in [
            ("Secure Tenant", "Tenant"),
            ("Elective Inpatient", "Patient"),
            ("Private Renter", "Resident"),
            ("Jobseekers Allowance", "Claimant"),
            ("Young Carer", "Carer"),
            // Function words never sit inside a name.
            ("Advocate On Behalf", "Complainant"),
            ("Parent Of Pupil", "Complainant"),
        ] {
            assert!(names(t, Some(h), None).is_empty(), "{t} under {h}");
        }
        assert!(names("Test Contact Name", Some("Contact name"), None).is_empty());
        // A name with a qualifier after it, under a person header.
        assert_eq!(
            names("Callum Vaughan-Jones (born 2003)", Some("Respondent"), None),
            vec![("Callum Vaughan-Jones".to_string(), true)]
        );
        assert!(names("Not known (withheld)", Some("Respondent"), None).is_empty());
        // Under a bare "Name": teams and areas with a compass word or acronym.
        assert!(names("North East NPT", Some("Name"), None).is_empty());
        assert_eq!(names("Paul Hendry", Some("Name"), None).len(), 1);
        assert_eq!(names("HENDRY PAUL", Some("Name"), None).len(), 1);
        assert_eq!(names("John West", Some("Name"), None).len(), 1);
        assert!(names("West Belfast", Some("Name"), None).is_empty());
        assert_eq!(names("WEST J", Some("Surname"), None).len(), 1);
        // "Mrs Lane" is a person; "Lady Lane" a street.
        assert_eq!(names("Mrs Lane called", None, None).len(), 1);
        assert!(names("Roadworks on Lady Lane", None, None).is_empty());
        // Places and businesses named after people.
        for t in [
            "Sir Thomas and Lady Dixon Park",
            "Mr Singh's Tandoori",
            "Dr Patel & Partners",
        ] {
            assert!(names(t, None, None).is_empty(), "{t}");
        }
        assert_eq!(
            names("Mr Singh's car was damaged", None, None),
            vec![("Mr Singh's".to_string(), true)]
        );
        // A pub in a premises column: a title and a name, weak.
        assert_eq!(
            names("Lord Nelson", Some("Premises"), None),
            vec![("Lord Nelson".to_string(), false)]
        );
        assert!(names("Lord Nelson", Some("Premises licence holder"), None)[0].1);
        // A note under a table of wards is a sentence, not premises.
        assert_eq!(
            names(
                "Queries about these figures: Sgt Hughes, Abbey Neighbourhood Policing Team",
                Some("Ward"),
                None
            ),
            vec![("Sgt Hughes".to_string(), true)]
        );
        assert_eq!(names("Dr Pitt attended the park", None, None).len(), 1);
        // A person a public service deals with, named after the role.
        assert_eq!(
            names(
                "Daughter of patient Kwame Ravensworth complains",
                None,
                None
            )
            .len(),
            1
        );
        for t in [
            "Patient Safety Team reviewed the case",
            "Victim Support NI referral made",
            "Pupil Premium funding",
            "Witness Statement taken",
        ] {
            assert!(names(t, None, None).is_empty(), "{t}");
        }
        assert_eq!(
            names("PC Smith co-ordinated the search", None, None).len(),
            1
        );
        assert_eq!(names("Sgt Brown, Street Crime Unit", None, None).len(), 1);
    }

    #[test]
    fn brands_need_a_name_shape_to_be_people() {
        // A forename, an initial or a collar number makes it a person again.
        assert_eq!(names("Dr J. Foster", None, None)[0].0, "Dr J. Foster");
        assert_eq!(names("Dr Jane Foster", None, None)[0].0, "Dr Jane Foster");
        assert_eq!(names("PS 4794 Vita", None, None)[0].0, "PS 4794 Vita");
        // Other surnames after the same prefixes are untouched.
        assert_eq!(names("PS Quarrendon", None, None)[0].0, "PS Quarrendon");
        assert_eq!(names("Mr Johnson", None, None)[0].0, "Mr Johnson");
        assert_eq!(names("DC Foster", None, None)[0].0, "DC Foster");
    }

    #[test]
    fn header_context() {
        assert_eq!(
            names("Quarrendon", Some("Surname"), None),
            vec![("Quarrendon".into(), true)]
        );
        assert!(names("QUARRENDON, J", Some("Officer name"), None)[0].1);
        assert!(names("Lisburn Road", Some("Station"), None).is_empty());
        assert!(names("Not known", Some("Surname"), None).is_empty());
        assert!(names("Constable", Some("Name"), None).is_empty());
        assert!(names("1234", Some("Surname"), None).is_empty());
        // Particles before a surname.
        for v in [
            "Joost van der Berg",
            "Rui dos Santos",
            "Ahmad bin Ismail",
            "Lucia di Marco",
            "van den Heuvel, Anouk",
        ] {
            assert_eq!(names(v, Some("Name"), None), vec![(v.into(), true)], "{v}");
        }
        for v in ["Recycling bin", "Van Hire", "Ten Acres"] {
            assert!(names(v, Some("Name"), None).is_empty(), "{v}");
        }
        // Couples, and a name with its rank on a line of its own or after a comma.
        for (v, h, want) in [
            (
                "John and Mary Quarrendon",
                "Name",
                "John and Mary Quarrendon",
            ),
            (
                "Peter & Susan Brankstone",
                "Carers",
                "Peter & Susan Brankstone",
            ),
            (
                "Hao Thorogood\nPolice Constable",
                "Officer",
                "Hao Thorogood",
            ),
            (
                "John Quarrendon, Police Constable",
                "Officer",
                "John Quarrendon",
            ),
            ("QUARRENDON, Tobias", "Row Labels", "QUARRENDON, Tobias"),
        ] {
            let got = names(v, Some(h), None);
            assert_eq!(got, vec![(want.to_string(), true)], "{v}");
        }
        // Units under "Officer", pivot totals and areas under "Row Labels".
        for (v, h) in [
            ("CID", "Officer"),
            ("PPU", "Officer"),
            ("Fish and Chips", "Name"),
            ("Grand Total", "Row Labels"),
            ("North East", "Row Labels"),
        ] {
            assert!(names(v, Some(h), None).is_empty(), "{v} under {h}");
        }
        assert!(names("St George's", Some("Row Labels"), None).is_empty());
        for (v, h) in [
            ("Abbey", "Row Labels"),
            ("North", "Row Labels"),
            ("North", "Name"),
        ] {
            assert!(names(v, Some(h), None).is_empty(), "{v} under {h}");
        }
        assert!(!names("XU", Some("Surname"), None).is_empty());
    }

    #[test]
    fn person_fields_are_review_level() {
        let v = names("Jane Quarrendon", None, Some("creator"));
        assert_eq!(v, vec![("Jane Quarrendon".into(), false)]);
        assert_eq!(
            names("jane.quarrendon", None, Some("lastModifiedBy")).len(),
            1
        );
        assert!(names("Microsoft Office User", None, Some("creator")).is_empty());
        assert!(names("Quarterly returns", None, Some("title")).is_empty());
    }

    #[test]
    fn a_display_name_with_its_organisation_is_a_person() {
        for v in [
            "Jane Quarrendon (Northmoor Police)",
            "Quarrendon, Jane [NMP]",
            "Jane Quarrendon - Corporate Services",
        ] {
            assert_eq!(
                names(v, None, Some("lastModifiedBy")),
                vec![(v.into(), false)],
                "{v}"
            );
        }
        for v in [
            "Finance Team (Northmoor Police)",
            "Records Unit - HQ",
            "(blank)",
        ] {
            assert!(names(v, None, Some("lastModifiedBy")).is_empty(), "{v}");
        }
    }

    #[test]
    fn user_names_that_spell_a_name_are_weak() {
        for (t, want) in [
            ("cc: matthew.pikethwaite", "matthew.pikethwaite"),
            ("Passed to Jane.Quarrendon for review.", "Jane.Quarrendon"),
            ("emailed sarah.nwachukwu.", "sarah.nwachukwu"),
        ] {
            assert_eq!(names(t, None, None), vec![(want.into(), false)], "{t}");
        }
        for t in [
            "see www.example.gov.uk for details",
            "jane.doe.uk",
            "saved as report.xlsx",
            "grace.period applies",
            "mark.down",
            "ask jane.doe@example.org",
            "call math.floor(x)",
            "file at c:/users/james.quarrendon/docs",
            "end of sentence.then more",
        ] {
            assert!(
                names(t, None, None).is_empty(),
                "{t}: {:?}",
                names(t, None, None)
            );
        }
    }

    #[test]
    fn surname_particles_and_surname_comma_forename_after_a_rank() {
        assert_eq!(
            names("Sergeant Declan van der Vaart", None, None),
            vec![("Sergeant Declan van der Vaart".to_string(), true)]
        );
        assert_eq!(
            names("PC 4521 YARNOLD, Declan", None, None),
            vec![("PC 4521 YARNOLD, Declan".to_string(), true)]
        );
        // A comma then a word that is no forename ends the name.
        assert_eq!(
            names("PC SMITH, Traffic", None, None),
            vec![("PC SMITH".to_string(), true)]
        );
        assert_eq!(
            names("Sgt Smith of the unit", None, None),
            vec![("Sgt Smith".to_string(), true)]
        );
        // Particles straight after the rank or title.
        for (t, name) in [
            ("Sgt de Souza attended", "Sgt de Souza"),
            ("PC Van der Berg on duty", "PC Van der Berg"),
            ("DC al-Zahrani interviewed", "DC al-Zahrani"),
            ("PS bin Rashid booked in", "PS bin Rashid"),
            ("Mr de la Cruz", "Mr de la Cruz"),
        ] {
            assert_eq!(names(t, None, None), vec![(name.to_string(), true)], "{t}");
        }
        for t in ["PC Van parked outside", "Sgt de facto lead"] {
            assert!(names(t, None, None).is_empty(), "{t}");
        }
    }

    #[test]
    fn a_name_before_a_bracketed_role() {
        for (t, name) in [
            ("took statement from Fartun Abdi (witness).", "Fartun Abdi"),
            (
                "Loss reported by Kwame Asante (victim) today",
                "Kwame Asante",
            ),
            (
                "His son Tavish Quorndell (son) attended",
                "Tavish Quorndell",
            ),
        ] {
            assert!(
                names(t, None, None).contains(&(name.to_string(), true)),
                "{t}: {:?}",
                names(t, None, None)
            );
        }
        for t in [
            "Blue Ford Focus (suspect vehicle)",
            "Red Car (suspect)",
            "North Belfast (victim)",
            "Statement from The Royal Mail (witness)",
        ] {
            assert!(
                names(t, None, None).is_empty(),
                "{t}: {:?}",
                names(t, None, None)
            );
        }
    }

    #[test]
    fn chief_officers_named_in_text_are_for_review() {
        for (t, name) in [
            (
                "Chief Constable Jon Boutcher published the report",
                "Chief Constable Jon Boutcher",
            ),
            ("Signed: ACC Bobby Singleton", "ACC Bobby Singleton"),
            (
                "Acting Chief Constable Chris Todd",
                "Acting Chief Constable Chris Todd",
            ),
        ] {
            assert_eq!(names(t, None, None), vec![(name.to_string(), false)], "{t}");
        }
        // Other ranks still block.
        assert_eq!(
            names("Chief Superintendent Jon Boutcher", None, None),
            vec![("Chief Superintendent Jon Boutcher".to_string(), true)]
        );
    }

    #[test]
    fn lower_case_ranks_before_listed_surnames() {
        assert_eq!(
            names(
                "pc hendry attended and was rude, sgt o'neill supervised",
                None,
                None
            ),
            vec![
                ("pc hendry".to_string(), true),
                ("sgt o'neill".to_string(), true)
            ]
        );
        for t in [
            "pc world sale",
            "sgt major",
            "new pc monitor",
            "pc brown envelope",
        ] {
            let n = names(t, None, None);
            assert!(n.is_empty(), "{t}: {n:?}");
        }
    }

    #[test]
    fn officers_known_by_initials() {
        assert_eq!(
            names("DS J.H.", Some("IO"), None),
            vec![("DS J.H.".to_string(), true)]
        );
        assert_eq!(
            names("Reviewed by DI K. M. on Monday", None, None),
            vec![("DI K. M.".to_string(), true)]
        );
        // One initial, a title, a run of letters, a country: not an officer.
        for t in [
            "PC J.",
            "Mr J.H.",
            "DS A.B.C.D.E. codes",
            "PS U.K. pay",
            "DC N.I. figures",
        ] {
            let n = names(t, None, None);
            assert!(n.is_empty(), "{t}: {n:?}");
        }
    }

    #[test]
    fn posts_written_as_titles_name_people() {
        for (t, name) in [
            ("Officer Mirethwaite was on leave.", "Officer Mirethwaite"),
            (
                "Officer J. Hendry (4521) attended the address",
                "Officer J. Hendry",
            ),
            ("Nurse Doherty was on duty", "Nurse Doherty"),
            ("HCA Patel was on duty", "HCA Patel"),
            (
                "Staff nurse Jane Doherty gave the dose",
                "nurse Jane Doherty",
            ),
            ("WPC Keane attended", "WPC Keane"),
            ("Request from journalist Sam Jones", "journalist Sam Jones"),
        ] {
            assert_eq!(names(t, None, None), vec![(name.to_string(), true)], "{t}");
        }
        for t in [
            "Nurse Practitioner clinic",
            "Midwife Led Unit",
            "Nurse TBC",
            "HCA Band 3 posts",
            "Officer In Charge",
            "Journalist Enquiries Line",
        ] {
            assert!(
                names(t, None, None).is_empty(),
                "{t}: {:?}",
                names(t, None, None)
            );
        }
    }

    #[test]
    fn words_left_beside_a_masked_name_are_prose() {
        // A copy's own check reads what the mask left: "Queries to" is no
        // name; a particle written last still is part of one.
        for left in ["Queries to", "Speak to", "Contact"] {
            assert!(names(left, Some("Contact"), None).is_empty(), "{left}");
        }
        assert_eq!(names("Gruffydd, Dafydd ap", Some("Officer"), None).len(), 1);
        assert_eq!(names("jane ng", Some("Officer"), None).len(), 1);
    }

    #[test]
    fn a_tab_named_with_a_whole_name_in_capitals() {
        let tab = |t: &str| names(t, None, Some("sheet name"));
        assert_eq!(
            tab("ADAEZE NWOSU"),
            vec![("ADAEZE NWOSU".to_string(), false)]
        );
        assert_eq!(tab("Mehmet Yilmaz").len(), 1);
        for t in [
            "Grace Road",
            "Summer Term",
            "April Data",
            "Victoria Park",
            "A Shift",
        ] {
            assert!(tab(t).is_empty(), "{t}: {:?}", tab(t));
        }
    }

    #[test]
    fn a_name_beside_a_personal_matter_is_strong() {
        for t in [
            "Includes Jan Kowalczyk - off with depression since March",
            "Sickness days – Aisha Siddiqui (Custody)",
            "Priya Sharma maternity leave from May",
        ] {
            let n = names(t, None, None);
            assert!(n.len() == 1 && n[0].1, "{t}: {n:?}");
        }
        // Without one, a listed name in free text stays weak; a month is
        // no forename before an everyday word.
        assert_eq!(
            names("Met Jan Kowalczyk about the budget", None, None),
            vec![("Jan Kowalczyk".to_string(), false)]
        );
        assert!(names("Jan Totals", None, None).is_empty());
        // A chief officer speaking of conduct cases stays for review.
        let n = names(
            "DCC Marcus Whitfield said 12 officers were suspended",
            None,
            None,
        );
        assert!(n.len() == 1 && !n[0].1, "{n:?}");
    }

    #[test]
    fn name_list_in_free_text_is_weak() {
        assert_eq!(
            names("Spoke to Jane Quarrendon about it", None, None),
            vec![("Jane Quarrendon".into(), false)]
        );
        assert_eq!(
            names("Statement from Niamh Mc Gillicuddy", None, None),
            vec![("Niamh Mc Gillicuddy".into(), false)]
        );
        for t in [
            "Mark Up",
            "Theft at Victoria Road",
            "Grace Hospital car park",
            "May Day bank holiday",
            "Mark Lane",
            "Victim reports theft of bicycle",
        ] {
            assert!(
                names(t, None, None).is_empty(),
                "{t}: {:?}",
                names(t, None, None)
            );
        }
    }
}
