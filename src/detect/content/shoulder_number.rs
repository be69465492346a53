//! `shoulder_number`: a collar or shoulder number — 1 to 5 digits, often
//! with a force or borough letter code ("4521AB", "AB123"). Found after a
//! rank ("PC 4521", "PC4521", "Sgt 77"), after a keyword ("collar 4521"),
//! or under a collar-number column. A number after a rank written as a
//! category count ("Constable 1,234", "PC: 120") is not one.

use regex::Regex;

use super::context::{H, has_word, values_after_keyword, whole_value_under_header};
use super::lexicon::{LOWER_CASE_RANKS, NUMBERED_RANKS_CY_GD};
use super::person_name::{is_rank_kw, rank_phrase_end};
use super::{Detector, Evidence, Gate, Hit, RuleInfo, Scan, re, rule};

pub(crate) struct ShoulderNumber {
    keyword: Regex,
    /// "Officer 4521 attended", "Officers 4521 and 3391": a number of three
    /// to five digits straight after "officer" with no "no." between.
    bare_officer: Regex,
    /// "Complaint made against 3391": a number a complaint is against.
    against: Regex,
}

/// Words that make "against 3391" a complaint against an officer.
const COMPLAINT_WORDS: &[&str] = &["complain", "alleg", "misconduct", "conduct", "grievance"];

/// Words after "officer 1234" that make the number a quantity, not a collar.
const QUANTITY_WORDS: &[&str] = &[
    "hour", "hrs", "min", "day", "week", "month", "year", "shift", "officer", "staff", "post",
    "people", "person", "case", "crime", "incident", "call", "job", "mile", "km", "pound", "gbp",
    "%",
];

/// Whether the word after `end` in `text` makes the number before it a
/// quantity ("officer 1200 hours") rather than a collar number.
fn quantity_after(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start().to_ascii_lowercase();
    QUANTITY_WORDS.iter().any(|w| rest.starts_with(w))
}

/// Whether a number token is a recent or coming year (1990-2039), not a
/// collar number.
fn year_like(t: &str) -> bool {
    t.len() == 4 && t.parse::<u32>().is_ok_and(|y| (1990..=2039).contains(&y))
}

/// Whether what follows a number at `end` makes it a quantity ("1200
/// hours") or part of a longer number ("4521.5", "4521/22").
fn quantity_or_more_number(text: &str, end: usize) -> bool {
    let after = &text[end..];
    quantity_after(text, end)
        || after.starts_with(['.', ',', ':', '/', '-'])
            && after[1..].starts_with(|c: char| c.is_ascii_digit())
}

const ID: &str = "shoulder_number";

/// Ranks that carry a collar number.
const NUMBERED_RANKS: &[&str] = &[
    "pc",
    "dc",
    "ps",
    "ds",
    "sgt",
    "pcso",
    "spc",
    "sc",
    "tdc",
    "tds",
    "a/sgt",
    "psgt",
    "wpc",
    "wdc",
    "wps",
    "cst",
    "cons",
    "const",
    "constable",
    "sergeant",
    "inspector",
    "insp",
];

/// Words after a year-like number that make it a year, not a collar
/// ("Student PC 2023 intake", "Sergeant 2024 pay award").
const YEAR_NOUNS: &[&str] = &[
    "intake",
    "cohort",
    "recruit",
    "entry",
    "entrant",
    "class",
    "course",
    "graduat",
    "pay",
    "award",
    "scale",
    "survey",
    "review",
    "report",
    "figure",
    "uplift",
    "programme",
    "program",
    "promotion",
    "exam",
    "process",
    "campaign",
    "round",
    "selection",
    "to ",
    "-",
    "/",
];

/// A collar number right after the name that follows a rank ("PC Declan
/// Hendry 4521", "Sgt Hendry (1123) attended", "PC Hendry <4521>"): three
/// to five digits, perhaps with a station's letters, not a year or a
/// quantity ("Sgt Hendry 2023 intake", "PC Hendry 120 hours").
fn number_after_name(text: &str, name_start: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    if !b.get(name_start).is_some_and(u8::is_ascii_uppercase) {
        return None;
    }
    let (name_end, _) = super::person_name::name_after(text, name_start)?;
    let mut p = name_end;
    let gap = p;
    while p < b.len() && p - gap < 3 && matches!(b[p], b' ' | b'(' | b'<' | b'[' | b',') {
        p += 1;
    }
    if p == gap || !b.get(p).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let ds = p;
    while p < b.len() && b[p].is_ascii_digit() {
        p += 1;
    }
    let digits = p - ds;
    while p < b.len() && b[p].is_ascii_uppercase() && p - ds - digits < 3 {
        p += 1;
    }
    let end = p;
    if !(3..=5).contains(&digits)
        || b.get(p).is_some_and(|c| c.is_ascii_alphanumeric())
        || (year_like(&text[ds..ds + digits]) && end == ds + digits)
        || quantity_or_more_number(text, end)
    {
        return None;
    }
    Some((ds, end))
}

/// Whether the words after a number at `end` run on as prose ("2231 and
/// Sergeant 1123 were served", "4410 reviewed the log"): a lower-case word
/// that is not a quantity.
fn prose_after(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t']);
    rest.starts_with(|c: char| c.is_ascii_lowercase()) && !quantity_after(text, end)
}

/// Words before a rank that make it one officer in prose ("Attended by
/// Constable 4521"), not a row label.
const PROSE_BEFORE_RANK: &[&str] = &[
    "by",
    "with",
    "to",
    "from",
    "for",
    "called",
    "named",
    "saw",
    "contacted",
    "informed",
    "attended",
    "accompanied",
    "joined",
    "relieved",
    "assisted",
];

/// Whether the words before a rank at `start` make it one officer in
/// prose: one of [`PROSE_BEFORE_RANK`], or "and" after a number of three
/// or more digits ("Sergeant 1123 and Constable 4521"; but "Inspector 45
/// and Sergeant 120" lists counts).
fn taken_by_prose(text: &str, start: usize) -> bool {
    let mut words = text[..start].split_whitespace().rev();
    let word = words.next().unwrap_or("").to_ascii_lowercase();
    if matches!(word.as_str(), "and" | "&") {
        let before = words.next().unwrap_or("");
        return number_token_digits(before.trim_end_matches([',', ';'])).is_some_and(|d| d >= 3);
    }
    PROSE_BEFORE_RANK.contains(&word.as_str())
}

const COLLAR: &str = r"(?:\d{1,5}[A-Z]{0,3}|[A-Z]{1,3}\s?\d{1,5})";

/// Words that make "PC" a computer ("PC 2019 refresh", "PC 4812 laptops"),
/// as [`mentions_word`] reads them, near the rank and its number.
const COMPUTER_WORDS: &[&str] = &[
    "refresh",
    "laptop",
    "desktop",
    "computer",
    "monitor",
    "hardware",
    "software",
    "windows",
    "upgrade",
    "replacement",
    "printer",
    "tablet",
    "device",
    "licen*",
    "spec",
    "specs",
    "specification",
    "model",
    "asset",
];

/// Words that make a number after a rank a count of posts or people
/// ("Establishment: PC 4812", "Strength PC 1200"), as [`mentions_word`]
/// reads them.
const COUNT_WORDS: &[&str] = &[
    "establishment",
    "strength",
    "headcount",
    "head count",
    "fte",
    "posts",
    "vacanc*",
    "total",
    "budgeted",
    "number of",
];

/// Whether `text` holds one of `words` as a word of its own, ignoring ASCII
/// case: starting a word and ending one, with a plural `s` or `es` allowed;
/// a word ending in `*` is a stem ("licen*": licence, licensing). A part of
/// another word is not one ("spec" in "suspect", "fte" in "after").
fn mentions_word(text: &str, words: &[&str]) -> bool {
    let lower = text.to_ascii_lowercase();
    let b = lower.as_bytes();
    words.iter().any(|w| {
        let (w, stem) = match w.strip_suffix('*') {
            Some(stem) => (stem, true),
            None => (*w, false),
        };
        lower.match_indices(w).any(|(at, _)| {
            if at > 0 && b[at - 1].is_ascii_alphanumeric() {
                return false;
            }
            let rest = &b[at + w.len()..];
            let run = rest
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            stem || run == 0 || &rest[..run] == b"s" || &rest[..run] == b"es"
        })
    })
}

/// The text around a rank at `start` and its number ending at `end`: up to
/// `before` words before the rank and `after` words after the number (what
/// a word like "laptops" must be within to speak of the same thing).
fn around(text: &str, start: usize, end: usize, before: usize, after: usize) -> &str {
    let head = &text[..start];
    let mut from = head.len();
    for _ in 0..before {
        let t = head[..from].trim_end();
        from = t.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    }
    let tail = &text[end..];
    let mut to = 0;
    for _ in 0..after {
        let t = &tail[to..];
        let lead = t.len() - t.trim_start().len();
        let word = t[lead..]
            .find(char::is_whitespace)
            .unwrap_or(t.len() - lead);
        to += lead + word;
    }
    &text[from..end + to]
}

/// Words that make a collar a shirt's ("collar 15 and 16 shirts").
const SHIRT_WORDS: &[&str] = &["shirt", "size", "inch", "cm", "uniform"];

/// Whether `text` holds any of `words`, ignoring ASCII case (checked only
/// when a hit is about to be reported, so a plain search is enough).
fn mentions(text: &str, words: &[&str]) -> bool {
    let lower = text.to_ascii_lowercase();
    words.iter().any(|w| lower.contains(w))
}

/// The digit count of a word written as a collar or staff number: digits,
/// then at most three capital letters ("4521", "4521AB", "825729").
pub(crate) fn number_token_digits(w: &str) -> Option<usize> {
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && w.len() - digits <= 3 && w[digits..].bytes().all(|c| c.is_ascii_uppercase()))
        .then_some(digits)
}

/// Whether `b` starts with a station's letters: one to three capitals and
/// then no more letters or digits ("NB" in "4521/NB").
fn station_suffix(b: &[u8]) -> bool {
    let n = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    (1..=3).contains(&n) && !b.get(n).is_some_and(u8::is_ascii_alphanumeric)
}

/// Whether the cell is under a column of one officer each ("Officer",
/// "Reporting officer"): not a count ("Officers", "No. of officers").
fn under_one_officer(s: &Scan<'_>) -> bool {
    !s.header.has(H::COUNT)
        && s.header_text
            .is_some_and(|h| has_word(h, "officer") && !has_word(h, "officers"))
}

/// A whole value of three to five digits, perhaps with a force's letters
/// ("4521", "4521AB"): a collar number under an officer column.
fn is_number_value(v: &str) -> bool {
    number_token_digits(v.trim()).is_some_and(|d| (3..=5).contains(&d))
}

/// Whether a whole value is shaped like a collar number.
fn is_collar_value(v: &str) -> bool {
    let v = v.trim();
    let digits = v.bytes().filter(u8::is_ascii_digit).count();
    let letters = v.bytes().filter(u8::is_ascii_alphabetic).count();
    (1..=6).contains(&digits)
        && letters <= 3
        && v.bytes().all(|c| c.is_ascii_alphanumeric() || c == b' ')
        && v.len() <= 10
}

impl ShoulderNumber {
    pub(crate) fn new() -> Result<Self, String> {
        Ok(ShoulderNumber {
            against: re(r"(?i:\bagainst)\s+(\d{3,5}[A-Z]{0,3})\b")?,
            bare_officer: re(
                r"(?i:\bofficers?\s+|\bswyddog(?:ion)?\s+|\boff\.\s*)(\d{3,5}[A-Z]{0,3})\b(?:(?:\s*,\s*|\s+(?i:and|&)\s+)(\d{3,5}[A-Z]{0,3})\b)?(?:(?:\s*,\s*|\s+(?i:and|&)\s+)(\d{3,5}[A-Z]{0,3})\b)?",
            )?,
            keyword: re(&format!(
                r"(?i:\b(?:(?:collar|shoulder|epaulette|epaulet|badge)\s*(?:no\b\.?|number|num\b\.?|nbr|#|id\b)?|officer\s*(?:no\b\.?|number|num\b\.?|nbr|#|id\b)|rhif\s+(?:coler|ysgwydd))\s*[:#=\-]?\s*(?:(?:is|was)\s+)?)({COLLAR})\b"
            ))?,
        })
    }

    /// "Officer 4521 attended", "attending officer 2231", "Officers 4521
    /// and 3391": collar numbers named by the word officer alone. Not a
    /// year ("Officer 2024 survey"), a quantity ("officer 1200 hours"), a
    /// decimal, a count of posts ("Establishment: officers 4812") or a
    /// whole value "Officer 4521" (a category and its count).
    fn after_officer(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        if mentions_word(s.text, COUNT_WORDS) {
            return;
        }
        for c in self.bare_officer.captures_iter(s.text) {
            // "Officer 4521" as a whole value is a category and its count.
            if c.get(0).is_some_and(|m| m.as_str() == s.text.trim()) {
                continue;
            }
            let groups: Vec<_> = (1..=3).filter_map(|i| c.get(i)).collect();
            let Some(last) = groups.last() else {
                continue;
            };
            if quantity_or_more_number(s.text, last.end()) {
                continue;
            }
            for m in groups {
                let digits = m.as_str().bytes().take_while(u8::is_ascii_digit).count();
                if !year_like(&m.as_str()[..digits]) {
                    out.push(Hit::new(ID, m.start(), m.end(), &[Evidence::Keyword], true));
                }
            }
        }
    }

    /// "Complaint made against 3391 by member of public": in a complaint,
    /// the number it is against is an officer's. Not a year or a quantity.
    fn after_against(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        if !mentions(s.text, COMPLAINT_WORDS) {
            return;
        }
        for c in self.against.captures_iter(s.text) {
            let Some(m) = c.get(1) else { continue };
            if year_like(m.as_str()) || quantity_or_more_number(s.text, m.end()) {
                continue;
            }
            out.push(Hit::new(ID, m.start(), m.end(), &[Evidence::Keyword], true));
        }
    }

    /// "PC 4521", "PC4521", "PC 4521AB", "PC AB123", "Police Constable 4521 Quarrendon".
    fn after_rank(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        let b = s.bytes();
        let mut covered = 0;
        for (idx, k) in s.kws.iter().enumerate() {
            if k.start < covered {
                continue;
            }
            // Sloppy notes: "pc 4521" in lower case, only with digits after.
            let lower = !is_rank_kw(s, k) && LOWER_CASE_RANKS.contains(&s.kw_text(k)) && {
                let mut p = k.end;
                while p < b.len() && b[p] == b' ' && p - k.end < 2 {
                    p += 1;
                }
                let ds = p;
                while p < b.len() && b[p].is_ascii_digit() {
                    p += 1;
                }
                (2..=5).contains(&(p - ds)) && !b.get(p).is_some_and(|c| c.is_ascii_alphanumeric())
            };
            if !lower && !is_rank_kw(s, k) {
                continue;
            }
            let (end, core) = if lower {
                (k.end, true)
            } else {
                rank_phrase_end(s, idx)
            };
            covered = end;
            if !core {
                continue;
            }
            // The rank that takes the number is the last word of the phrase.
            let last = s.kws[idx..]
                .iter()
                .take_while(|x| x.end <= end)
                .last()
                .map(|x| s.kw_word(x))
                .unwrap_or("");
            if !NUMBERED_RANKS.contains(&last) && !NUMBERED_RANKS_CY_GD.contains(&last) {
                continue;
            }
            let full_word = matches!(last, "constable" | "sergeant" | "inspector");
            let mut p = end;
            if b.get(p) == Some(&b'.') {
                p += 1;
            }
            while p < b.len() && b[p] == b' ' && p - end < 3 {
                p += 1;
            }
            // "DC #2291", "PC No. 4521", "PS/1123".
            let marker = if b.get(p) == Some(&b'#')
                || (p == end
                    && b.get(p) == Some(&b'/')
                    && b.get(p + 1).is_some_and(u8::is_ascii_digit))
            {
                1
            } else if b
                .get(p..p + 2)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"no"))
                && !b.get(p + 2).is_some_and(|c| c.is_ascii_alphanumeric())
            {
                2 + (b.get(p + 2) == Some(&b'.')) as usize
            } else {
                0
            };
            if marker > 0 {
                p += marker;
                let m = p;
                while p < b.len() && b[p] == b' ' && p - m < 2 {
                    p += 1;
                }
            }
            // "PC Declan Hendry 4521", "Sgt Hendry (1123)": the number
            // after the officer's name.
            if let Some((a, z)) = number_after_name(s.text, p) {
                out.push(Hit::new(ID, a, z, &[Evidence::RankPrefix], true));
                covered = z;
                continue;
            }
            let ns = p;
            // Letters first ("AB123") or digits first ("4521AB").
            let mut letters = 0;
            while p < b.len() && b[p].is_ascii_uppercase() && letters < 3 {
                p += 1;
                letters += 1;
            }
            if letters > 0 && b.get(p) == Some(&b' ') {
                p += 1;
            }
            let ds = p;
            while p < b.len() && b[p].is_ascii_digit() {
                p += 1;
            }
            let digits = p - ds;
            if digits == 0 || digits > 5 {
                continue;
            }
            if letters == 0 {
                while p < b.len() && b[p].is_ascii_uppercase() && p - ds - digits < 3 {
                    p += 1;
                }
            }
            // Must end on a boundary, and not run on as a count, date or decimal.
            if b.get(p).is_some_and(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            if let Some(&c) = b.get(p)
                && matches!(c, b',' | b'.' | b':' | b'/' | b'-' | b'%')
                && b.get(p + 1).is_some_and(u8::is_ascii_digit)
            {
                continue;
            }
            if b.get(p) == Some(&b'%') {
                continue;
            }
            // "PS1/PS2 returns": a list of form codes; but "PC4521/NB" is a
            // collar number with its station's letters.
            if b.get(p) == Some(&b'/')
                && b.get(p + 1).is_some_and(u8::is_ascii_alphanumeric)
                && !(digits >= 3 && station_suffix(&b[p + 1..]))
            {
                continue;
            }
            // "SC480" as a whole value under a site, sensor or asset
            // header is a code: a collar number glued to its rank is one
            // only in text, or under a header about officers.
            if ns == end
                && s.text.trim() == &s.text[k.start..p]
                && s.header_text.is_some_and(|h| !h.trim().is_empty())
                && !s.header.has(H::PERSON | H::OFFICER_ID)
            {
                continue;
            }
            // "PC 2023" as a whole text (a tab, a heading) is a year.
            let year = letters == 0 && year_like(&s.text[ds..p]);
            if year && s.text[p..].trim().is_empty() {
                continue;
            }
            // "DC 1" alone is a code or a count; "Sgt 7 Henswick" is an officer.
            if digits == 1
                && letters == 0
                && p == ds + digits
                && super::person_name::name_after(s.text, (p + 1).min(b.len())).is_none()
            {
                continue;
            }
            // "Constable 12" is a count unless a name follows, or the
            // number of three or more digits runs on into prose
            // ("Police Constable 2231 and Sergeant 1123 were served").
            if full_word
                && letters == 0
                && p == ds + digits
                && super::person_name::name_after(s.text, (p + 1).min(b.len())).is_none()
                && !(digits >= 3 && (prose_after(s.text, p) || taken_by_prose(s.text, k.start)))
            {
                continue;
            }
            // "Student PC 2023 intake": a year and what happened in it.
            if year && {
                let rest = s.text[p..].trim_start().to_ascii_lowercase();
                YEAR_NOUNS.iter().any(|w| rest.starts_with(w))
            } {
                continue;
            }
            // "PC 2019 refresh" is a computer; "Establishment: PC 4812" a count.
            if (last == "pc"
                && (mentions_word(around(s.text, k.start, p, 2, 2), COMPUTER_WORDS)
                    || s.header_text
                        .is_some_and(|h| mentions_word(h, COMPUTER_WORDS))))
                || mentions_word(&s.text[..k.start], COUNT_WORDS)
            {
                continue;
            }
            out.push(Hit::new(ID, ns, p, &[Evidence::RankPrefix], true));
        }
    }
}

impl Detector for ShoulderNumber {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "A collar or shoulder number after a rank (\"PC 4521\"), a keyword (\"collar 4521\") \
             or under a collar-number column.",
            true,
            "s40(2)",
        )
    }

    fn keywords(&self) -> Vec<String> {
        let mut v: Vec<String> = [
            "collar",
            "shoulder",
            "epaulette",
            "epaulet",
            "badge",
            "officer",
            "officers",
            "off",
            "against",
            "coler",
            "ysgwydd",
            "swyddogion",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Rank words are registered by person_name; list them here too so this
        // detector runs on them when person_name is disabled.
        v.extend(
            super::lexicon::RANK_ABBREVIATIONS
                .iter()
                .map(|s| s.trim_end_matches('.').to_string()),
        );
        v.extend(
            [
                "constable",
                "sergeant",
                "inspector",
                "police",
                "acting",
                "temporary",
                "special",
            ]
            .map(String::from),
        );
        v.extend(NUMBERED_RANKS_CY_GD.iter().map(|s| s.to_string()));
        v.extend(LOWER_CASE_RANKS.iter().map(|s| s.to_string()));
        v
    }

    fn gate(&self) -> Gate {
        Gate {
            feat: 0,
            header: H::SHOULDER | H::OFFICER,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        if whole_value_under_header(s, H::SHOULDER, ID, is_collar_value, out)
            || (under_one_officer(s)
                && whole_value_under_header(s, H::OFFICER, ID, is_number_value, out))
            || s.kws.is_empty()
        {
            return;
        }
        if s.has_kw(&[
            "collar",
            "shoulder",
            "epaulette",
            "epaulet",
            "badge",
            "officer",
            "coler",
            "ysgwydd",
        ]) {
            let shirts = s.has_kw(&["collar"]) && mentions(s.text, SHIRT_WORDS);
            values_after_keyword(&self.keyword, s, ID, |_| !shirts, out);
        }
        if s.has_kw(&["officer", "officers", "off", "swyddog", "swyddogion"]) {
            self.after_officer(s, out);
        }
        if s.has_kw(&["against"]) {
            self.after_against(s, out);
        }
        self.after_rank(s, out);
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::content::test_support::found_texts;

    fn found(t: &str, header: Option<&str>) -> Vec<String> {
        found_texts("shoulder_number", t, header)
    }

    #[test]
    fn after_the_word_officer() {
        assert_eq!(
            found("Officer 4521 attended and used Taser", None),
            vec!["4521"]
        );
        assert_eq!(found("Attending officer 2231 injured", None), vec!["2231"]);
        assert_eq!(
            found("Officers 4521 and 3391 attended; complaint made", None),
            vec!["4521", "3391"]
        );
        assert_eq!(
            found("officers 4521, 3391 and 1203 searched", None).len(),
            3
        );
        assert_eq!(found("Officer 456HT gave evidence", None), vec!["456HT"]);
        assert_eq!(found("Off. 4521AB attended", None), vec!["4521AB"]);
        assert!(found("Signed off 2024 accounts", None).is_empty());
        assert!(found("Time off 1200 hours", None).is_empty());
        // Quantities, years, decimals and counts of posts are not collars.
        for t in [
            "Officer 1200 hours of overtime",
            "Officers 350 officers short",
            "Officer 2024 survey results",
            "Officer 12 attended",
            "Officers 4,812 in post",
            "officer 1234.50 claimed",
            "Establishment: officers 4812",
            "officer 4521% rise",
        ] {
            assert!(found(t, None).is_empty(), "{t}");
        }
    }

    #[test]
    fn after_rank_keyword_header() {
        assert_eq!(found("PC 4521", None), vec!["4521"]);
        assert_eq!(found("PC4521 attended", None), vec!["4521"]);
        assert_eq!(found("Seen by PC 4521AB Quarrendon", None), vec!["4521AB"]);
        assert_eq!(found("Sgt 77", None), vec!["77"]);
        assert_eq!(found("pc 4521 attended", None), vec!["4521"]);
        assert_eq!(found("PCSO AB123", None), vec!["AB123"]);
        assert_eq!(
            found("Police Constable 4521 Quarrendon", None),
            vec!["4521"]
        );
        assert_eq!(found("collar no. 4521", None), vec!["4521"]);
        assert_eq!(found("Shoulder number: 4521AB", None), vec!["4521AB"]);
        assert_eq!(found("4521", Some("Collar No")), vec!["4521"]);
        assert_eq!(found("Handled by Officer no. 4521", None), vec!["4521"]);
        assert_eq!(found("officer #77 at the desk", None), vec!["77"]);
        assert_eq!(found("Attended: DC #2291 Henswick", None), vec!["2291"]);
        assert_eq!(found("PC No. 4521 attended", None), vec!["4521"]);
        assert_eq!(found("PC 2019 attended", None), vec!["2019"]);
        assert_eq!(found("Sgt 7 Henswick", None), vec!["7"]);
    }

    #[test]
    fn a_number_after_the_officers_name() {
        // rt30: the redacted copy kept "[REDACTED] 4521".
        for (t, n) in [
            ("PC Declan Hendry 4521", "4521"),
            ("Sgt Hendry 1123 attended", "1123"),
            ("Officer: PC Declan Hendry <4521>", "4521"),
            ("Sgt Hendry (1123) attended", "1123"),
            ("PC Hendry 4521AB", "4521AB"),
        ] {
            assert_eq!(found(t, None), vec![n], "{t}");
        }
        for t in [
            "Sgt Hendry 2023 intake",
            "PC Hendry 120 hours overtime",
            "PC Hendry 12 attended",
            "Sgt Hendry 1,200 claimed",
        ] {
            assert!(found(t, None).is_empty(), "{t}");
        }
    }

    #[test]
    fn full_rank_words_station_letters_and_officer_columns() {
        // A full rank word and a number running on into prose (rt27).
        assert_eq!(
            found("Police Constable 2231 and Sergeant 1123 were served", None),
            vec!["2231", "1123"]
        );
        assert_eq!(found("Inspector 4410 reviewed the log", None), vec!["4410"]);
        assert_eq!(found("Constable 2231 of D District", None), vec!["2231"]);
        // The station's letters after a slash; a slash between rank and number.
        assert_eq!(
            found("PC4521/NB was rude to the caller", None),
            vec!["4521"]
        );
        assert_eq!(found("Statement from PS/1123 attached", None), vec!["1123"]);
        assert_eq!(
            found("The officer, whose collar number is 4521, refused", None),
            vec!["4521"]
        );
        // A column of one officer each holds collar numbers.
        assert_eq!(found("4521", Some("Officer")), vec!["4521"]);
        assert_eq!(found("4521AB", Some("Reporting officer")), vec!["4521AB"]);
        for (t, h) in [
            ("1200", "Officers"),
            ("45", "Officer"),
            ("4521", "Officer count"),
        ] {
            assert!(found(t, Some(h)).is_empty(), "{t} under {h}");
        }
        // The number a complaint is made against.
        assert_eq!(
            found("Complaint made against 3391 by member of public", None),
            vec!["3391"]
        );
        assert_eq!(
            found("Allegation against 4521AB upheld", None),
            vec!["4521AB"]
        );
        for t in [
            "Complaint against 2023 decision",
            "Complaints against 120 officers",
            "Appeal against 3391 refused",
            "Complaint made against 3.5% of staff",
        ] {
            assert!(found(t, None).is_empty(), "{t}: {:?}", found(t, None));
        }
        // Years and counts stay what they are.
        for t in [
            "Student PC 2023 intake",
            "Sergeant 2024 pay award",
            "Constable 1200 officers in post",
            "Inspector 45 and Sergeant 120",
            "Constable 120 Sergeant 40",
        ] {
            assert!(found(t, None).is_empty(), "{t}: {:?}", found(t, None));
        }
    }

    #[test]
    fn other_words_holding_a_computer_word_do_not_hide_a_number() {
        // "suspect" holds "spec", "after" holds "fte": neither is the word.
        for (t, want) in [
            ("PC 4521 arrested the suspect", vec!["4521"]),
            ("Suspect arrested by PC 4521", vec!["4521"]),
            ("PC 4521 found the suspected drugs", vec!["4521"]),
            (
                "Attended by PC 4521 and PC 1187; suspect arrested.",
                vec!["4521", "1187"],
            ),
            ("Seen after midnight by PC 4521", vec!["4521"]),
            (
                "PC 4521 attended; the suspect smashed windows",
                vec!["4521"],
            ),
            ("Attended by Constable 4521", vec!["4521"]),
            ("Sergeant 1123 and Constable 2290", vec!["1123", "2290"]),
        ] {
            assert_eq!(found(t, None), want, "{t}");
        }
        // The computer still, when the word is beside it.
        for t in [
            "Windows 10 PC 4521 replaced",
            "PC 4521 laptop licences renewed",
            "Specs for PC 4812",
        ] {
            assert!(found(t, None).is_empty(), "{t}: {:?}", found(t, None));
        }
    }

    #[test]
    fn counts_by_rank_are_not() {
        for t in [
            "Constable 1,234",
            "Constable 12",
            "PC: 120",
            "PC 12.5%",
            "Police Constable (PC)",
            "Inspector 4",
            "pc monitor 4",
            "DCI 2023 review",
            "4521",
            "PC 123456",
            "PC 2019 refresh",
            "PC 4812 laptops replaced",
            "Establishment: PC 4812",
            "Total strength PC 1200",
            "Shirts ordered in collar 15 and 16",
            "Officer 4521",
            "Officer numbers fell",
            "PC Now on duty",
            "Source: PS1/PS2 returns to DLUHC",
            "PC 2023",
            "DC 1",
        ] {
            assert!(found(t, None).is_empty(), "{t}: {:?}", found(t, None));
        }
        // Codes glued to rank letters, under a header that is not about officers.
        for (t, h) in [
            ("SC480", "Site ID"),
            ("DC12", "Sensor"),
            ("PC4812", "Asset"),
        ] {
            assert!(found(t, Some(h)).is_empty(), "{t} under {h}");
        }
        assert_eq!(found("SC480", Some("Officer")), vec!["480"]);
        assert_eq!(found("PC4521", None), vec!["4521"]);
        assert_eq!(
            found("Seen by SC480 at the scene", Some("Notes")),
            vec!["480"]
        );
    }
}
