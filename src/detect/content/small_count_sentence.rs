//! `small_count` in a sentence: "The Armed Response Unit has 2 female
//! officers, both of Asian heritage". FOI answers are often written as
//! prose, not a table; a count of 1 up to the policy's threshold (default
//! 4) of staff can point at the people when it is broken down by a personal
//! characteristic (sex, ethnicity, religion, disability...) or gives the
//! strength of a named unit ("The Dog Section has 2 sergeants"). Counts in
//! tables are [`crate::detect::table`]'s `small_count`.
//!
//! Counts of operational events ("2 female officers attended") are not,
//! unless the policy counts events (`small_count_events`); nor are ranges
//! ("fewer than 5 officers", "up to 3 staff") or rates ("2 officers per
//! shift").

use regex::Regex;

use super::lexicon::{CHARACTERISTIC_WORDS, RANK_WORDS};
use super::{Detector, Evidence, Gate, Hit, RuleInfo, Scan, re, rule};

pub(crate) struct SmallCountSentence {
    rx: Regex,
}

const ID: &str = "small_count";

/// The staff a count may be of (and the keywords that make this run).
const STAFF_NOUNS: &[&str] = &[
    "officer",
    "officers",
    "constable",
    "constables",
    "pcs",
    "pcso",
    "pcsos",
    "sergeant",
    "sergeants",
    "inspector",
    "inspectors",
    "superintendent",
    "superintendents",
    "detective",
    "detectives",
    "staff",
    "employee",
    "employees",
    "personnel",
];

/// Sex, gender and other characteristic words a count of staff is given
/// by in prose, beyond the [`CHARACTERISTIC_WORDS`] of table labels.
const PERSONAL_WORDS: &[&str] = &[
    "minority",
    "bme",
    "neurodivergent",
    "lgb",
    "lgbtq",
    "lgbtqia",
    "maternity",
    "paternity",
    "pregnancy",
    "aged",
    "female",
    "male",
    "women",
    "men",
    "woman",
    "transgender",
    "trans",
    "nonbinary",
    "non-binary",
    "pregnant",
    "heritage",
];

/// Words that may stand between the count and the staff noun besides
/// characteristics and ranks: "2 serving female police officers".
const QUALIFIERS: &[&str] = &[
    "police",
    "serving",
    "uniformed",
    "specialist",
    "firearms",
    "armed",
    "special",
    "civilian",
    "full-time",
    "part-time",
    "senior",
    "chief",
    "and",
    "or",
    "other",
    "members",
    "member",
    "of",
];

/// A team of the organisation whose strength a count can give.
const UNIT_WORDS: &[&str] = &[
    "unit",
    "section",
    "team",
    "squad",
    "branch",
    "department",
    "division",
    "station",
    "command",
    "directorate",
];

/// Verbs and words that give a team's strength.
const STAFFING_WORDS: &[&str] = &[
    "has",
    "have",
    "had",
    "employs",
    "employed",
    "comprises",
    "consists",
    "strength",
    "establishment",
    "currently",
    "there",
    "based",
    "posted",
    "serve",
    "serves",
    "serving",
    "work",
    "works",
];

/// Operational events: a count of officers doing something is a count of
/// an event, not of staff.
const EVENT_WORDS: &[&str] = &[
    "attended",
    "attend",
    "attending",
    "arrested",
    "arrest",
    "responded",
    "respond",
    "injured",
    "injury",
    "injuries",
    "assaulted",
    "assault",
    "assaults",
    "deployed",
    "dispatched",
    "stopped",
    "searched",
    "seized",
    "detained",
    "arrived",
    "called",
    "visited",
    "patrolled",
    "hurt",
    "attacked",
];

/// Words before a count that make it a range, not a count.
const RANGE_BEFORE: &[&str] = &[
    "<",
    "fewer than",
    "less than",
    "under",
    "below",
    "up to",
    "no more than",
    "more than",
    "over",
    "at least",
    "around",
    "about",
    "approximately",
    "nearly",
    "almost",
    "between",
];

fn count_value(n: &str) -> Option<u32> {
    let n = n.to_ascii_lowercase();
    Some(match n.as_str() {
        "one" | "a single" | "a sole" | "only one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        digits => digits.parse().ok()?,
    })
}

/// The sentence around `[start, end)`: between sentence marks or line ends.
fn sentence(text: &str, start: usize, end: usize) -> &str {
    let marks = ['.', ';', '!', '?', '\n'];
    let from = text[..start].rfind(marks).map_or(0, |i| i + 1);
    let to = text[end..].find(marks).map_or(text.len(), |i| end + i);
    &text[from..to]
}

fn lower_words(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl SmallCountSentence {
    pub(crate) fn new() -> Result<Self, String> {
        let nouns = STAFF_NOUNS.join("|");
        Ok(SmallCountSentence {
            rx: re(&format!(
                r"(?i)\b(\d{{1,3}}|one|two|three|four|five|six|seven|eight|nine|ten|a single|a sole|only one)\s+((?:[a-z][a-z'’-]*\s+){{0,4}}?)(?:police\s+)?(?:members?\s+of\s+(?:police\s+)?)?({nouns})\b"
            ))?,
        })
    }

    /// Whether the match at `[start, end)` is a count of staff that could
    /// point at them.
    fn is_small_count(&self, s: &Scan<'_>, start: usize, end: usize, n: u32, mid: &str) -> bool {
        if n == 0 || n > s.shared.small_count_threshold {
            return false;
        }
        let t = s.text;
        // "1,200 officers", "2.5 staff": the count is part of a bigger
        // number ("question 4, 1 officer" is not).
        let raw = &t.as_bytes()[..start];
        if let [.., d, b'.' | b',' | b'/'] = raw
            && d.is_ascii_digit()
        {
            return false;
        }
        let before = t[..start].trim_end().to_ascii_lowercase();
        // "fewer than 5 officers", "between 1 and 4", "2-4 officers".
        let range_end = ["and", "to", "-", "–", "or"].iter().any(|joint| {
            before.strip_suffix(joint).is_some_and(|rest| {
                let rest = rest.trim_end();
                word_start(&before, joint)
                    && rest
                        .rsplit(' ')
                        .next()
                        .is_some_and(|w| count_value(w).is_some())
            })
        });
        if before.ends_with(|c: char| c.is_ascii_digit())
            || range_end
            || RANGE_BEFORE
                .iter()
                .any(|r| before.ends_with(r) && word_start(&before, r))
        {
            return false;
        }
        // "2 officers per shift", "3 staff each".
        let after = t[end..].trim_start().to_ascii_lowercase();
        if after.starts_with("per ") || after.starts_with("each") || after.starts_with("a day") {
            return false;
        }
        let qualified = lower_words(mid).iter().all(|w| {
            QUALIFIERS.contains(&w.as_str())
                || PERSONAL_WORDS.contains(&w.as_str())
                || CHARACTERISTIC_WORDS.contains(&w.as_str())
                || RANK_WORDS.contains(&w.trim_end_matches('s'))
        });
        if !qualified {
            return false;
        }
        let words = lower_words(sentence(t, start, end));
        let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
        if !s.shared.small_count_events && has(EVENT_WORDS) {
            return false;
        }
        has(PERSONAL_WORDS) || has(CHARACTERISTIC_WORDS) || has(UNIT_WORDS) && has(STAFFING_WORDS)
    }
}

/// Whether `word` at the end of `text` starts a word there.
fn word_start(text: &str, word: &str) -> bool {
    let at = text.len() - word.len();
    !word.starts_with(|c: char| c.is_alphanumeric())
        || !text[..at].ends_with(|c: char| c.is_alphanumeric())
}

impl Detector for SmallCountSentence {
    fn rule(&self) -> RuleInfo {
        rule(
            ID,
            "A sentence giving a count of 1 to the threshold (default 4) of staff by a personal \
             characteristic or a unit's strength (\"The Dog Section has 2 female officers\").",
            false,
            "s40(2)",
        )
    }

    fn keywords(&self) -> Vec<String> {
        STAFF_NOUNS.iter().map(|w| w.to_string()).collect()
    }

    fn gate(&self) -> Gate {
        Gate {
            feat: 0,
            header: 0,
            person_field: false,
        }
    }

    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>) {
        for c in self.rx.captures_iter(s.text) {
            let (Some(all), Some(n), Some(mid)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let Some(v) = count_value(n.as_str()) else {
                continue;
            };
            if self.is_small_count(s, all.start(), all.end(), v, mid.as_str()) {
                out.push(Hit::new(
                    ID,
                    all.start(),
                    all.end(),
                    &[Evidence::Keyword],
                    false,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::content::test_support::found_count;

    fn found(t: &str) -> usize {
        found_count("small_count", t, None)
    }

    #[test]
    fn a_small_count_of_staff_by_a_characteristic_or_a_unit_in_a_sentence() {
        for t in [
            "The Armed Response Unit has 2 female officers, both of Asian heritage.",
            "There is one Black sergeant in the Dog Section.",
            "The Dog Section has 2 sergeants and 14 constables.",
            "3 disabled members of staff work in Professional Standards, of its 40 staff.",
            "We employ 2 Catholic police officers in the Tactical Support Group.",
            "Two transgender officers serve in the Roads Policing Unit.",
            "As at 31 March 2024, 2 officers in the Dog Section are female.",
            "In response to question 4, 1 officer in the Marine Unit is gay.",
            "2 officers in the Marine Unit identify as LGB+.",
            "Two officers in the Tactical Support Group are on maternity leave.",
        ] {
            assert_eq!(found(t), 1, "{t}");
        }
    }

    #[test]
    fn counts_that_point_at_no_one_are_not_flagged() {
        for t in [
            // Events, not staff.
            "2 female officers attended the scene and arrested the suspect.",
            "3 officers were assaulted in the Response Unit.",
            // Ranges, rates, big numbers, no characteristic or unit.
            "Fewer than 3 female officers work in the unit.",
            "The unit has <3 female officers.",
            "Between 1 and 4 officers in the unit are female; the figure is withheld.",
            "2-4 female officers serve in the Dog Section.",
            "The unit has 2 officers per shift.",
            "The force has 1,203 female officers.",
            "The force has 6,300 officers, of whom 2 officers are on secondment.",
            "2 officers will be trained next year.",
            // Other words between the count and the noun.
            "Within 2 days officers in the Dog Section had been told.",
            "In 2023 female officers made up 34% of the force.",
        ] {
            assert_eq!(found(t), 0, "{t}");
        }
    }
}
