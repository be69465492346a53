//! Content detectors: does a piece of text identify a person?
//!
//! A pure library layer: it knows nothing about file formats. The caller
//! hands it text (a cell, a property value, a comment, an author name...)
//! with a little context (the column header, the field name) and gets back
//! [`Hit`]s: which detector fired, where in the text, on which evidence, and
//! whether the evidence is strong (block) or weak (review).
//!
//! ```
//! use foiguard::detect::content::{ContentScanner, DetectorsConfig, TextContext};
//! let scanner = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
//! let mut hits = Vec::new();
//! scanner.scan("Seen by PC 4521 Quarrendon", &TextContext::default(), &mut hits);
//! assert!(hits.iter().any(|h| h.kind == "shoulder_number" && h.strong));
//! assert!(hits.iter().any(|h| h.kind == "person_name"));
//!
//! hits.clear();
//! let ctx = TextContext { header: Some("Crime reference"), field: None };
//! scanner.scan("141183", &ctx, &mut hits);
//! assert!(hits.is_empty());
//! ```
//!
//! Speed: text is classified in one pass over its bytes; most cells
//! (numbers, dates, short codes) leave after that. Keywords are found with
//! one aho-corasick automaton for all detectors; each detector's regex runs
//! only when its keywords, the header or the text's shape call for it.

pub mod context;
pub mod lexicon;
mod registry;

mod bank_details;
mod date_of_birth;
mod email_address;
mod extra;
mod ip_address;
mod nhs_number;
mod ni_number;
mod payroll_number;
mod person_name;
mod phone_number;
mod postcode;
mod protective_marking;
mod roster_match;
mod shoulder_number;
mod vehicle_registration;
mod vetting_level;
mod warrant_number;

use std::cell::RefCell;
use std::sync::Arc;

use regex::Regex;
use serde::{Deserialize, Serialize};

use self::context::{HeaderInfo, classify_header, is_person_field};
use super::normalize::{FxMap, fold, key, unfolded};
use super::roster::Roster;

pub use self::person_name::name_shape;
pub use self::vetting_level::is_vetting_value;

/// Whether a whole value is shaped like a staff identifier ("825729", "E12345").
pub(crate) fn payroll_id_value(v: &str) -> bool {
    payroll_number::is_id_value(v, 3)
}

/// Where a piece of text sits, as far as detection cares.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextContext<'a> {
    /// The column header of a cell's column, if known.
    pub header: Option<&'a str>,
    /// The field or property name for text outside the grid (`creator`,
    /// `lastModifiedBy`, `author`, `refreshedBy`, `Manager`, a custom
    /// property name such as "Checked by", `userName`...).
    pub field: Option<&'a str>,
}

impl<'a> TextContext<'a> {
    /// A cell under a header.
    pub fn cell(header: Option<&'a str>) -> Self {
        TextContext {
            header,
            field: None,
        }
    }
    /// A property or other named field.
    pub fn field(field: &'a str) -> Self {
        TextContext {
            header: None,
            field: Some(field),
        }
    }
}

/// Which evidence made a detector fire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// The column header says what the value is.
    Header,
    /// A keyword just before the value ("warrant 141183", "DOB").
    Keyword,
    /// A police rank or a title before it ("PC 4521", "DC Jane Doe", "Mr Smith").
    RankPrefix,
    /// A check digit or checksum holds (NHS mod 11, IBAN mod 97).
    Checksum,
    /// The organisation's own roster lists it.
    Roster,
    /// The value's own format (an e-mail address, a full postcode).
    Pattern,
    /// A field that by definition holds a person (creator, author, "Checked by").
    PersonField,
    /// The bundled list of common forenames and surnames.
    NameList,
    /// The shape of a whole table (one row per person, counts of staff).
    Table,
}

impl Evidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Header => "header",
            Evidence::Keyword => "keyword",
            Evidence::RankPrefix => "rank_prefix",
            Evidence::Checksum => "checksum",
            Evidence::Roster => "roster",
            Evidence::Pattern => "pattern",
            Evidence::PersonField => "person_field",
            Evidence::NameList => "name_list",
            Evidence::Table => "table",
        }
    }
}

/// One detector firing on one span of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Stable detector id, used as the finding kind (e.g. `"ni_number"`).
    pub kind: &'static str,
    /// Byte offsets into the text given to [`ContentScanner::scan`].
    pub start: usize,
    pub end: usize,
    /// Which evidence fired, most specific first.
    pub evidence: Vec<Evidence>,
    /// Strong evidence: block. Weak: review.
    pub strong: bool,
}

impl Hit {
    pub(crate) fn new(
        kind: &'static str,
        start: usize,
        end: usize,
        evidence: &[Evidence],
        strong: bool,
    ) -> Hit {
        Hit {
            kind,
            start,
            end,
            evidence: evidence.to_vec(),
            strong,
        }
    }
    /// The evidence names, for a finding.
    pub fn evidence_names(&self) -> Vec<String> {
        self.evidence
            .iter()
            .map(|e| e.as_str().to_string())
            .collect()
    }
}

/// What `foiguard rules` prints for one detector.
#[derive(Clone, Debug, Serialize)]
pub struct RuleInfo {
    pub id: &'static str,
    pub description: String,
    /// Default strength: strong evidence blocks, weak evidence asks for review.
    pub strong: bool,
    /// The FOIA exemption it maps to: "s40(2)", "s31", "s24" or "s38".
    pub exemption: &'static str,
    /// "text" (one piece of text at a time) or "table" (a whole sheet).
    pub scope: &'static str,
}

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
/// allow_values = ["foi@police.example.uk", "Chief Constable Jane Example"]
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

// ---------------------------------------------------------------------------
// Detector plumbing.

/// Cheap features of a text, computed in one pass.
pub(crate) mod feat {
    pub const ALPHA: u32 = 1 << 0;
    pub const UPPER: u32 = 1 << 1;
    pub const DIGIT: u32 = 1 << 2;
    pub const AT: u32 = 1 << 3;
    pub const DIGITS6: u32 = 1 << 4;
    pub const DIGITS9: u32 = 1 << 5;
    pub const UP_DIGIT: u32 = 1 << 6;
    pub const UP_DIGIT6: u32 = 1 << 7;
    pub const DOTS3: u32 = 1 << 8;
    pub const COLONS2: u32 = 1 << 9;
    pub const NON_ASCII: u32 = 1 << 10;
    pub const LOWER: u32 = 1 << 11;
    pub const BRACKET: u32 = 1 << 12;
    /// Always set: for detectors that run on every text.
    pub const ANY: u32 = 1 << 31;
}

/// When a detector is worth running, besides its keywords.
#[derive(Clone, Copy, Default)]
pub(crate) struct Gate {
    /// Any of these text features.
    pub feat: u32,
    /// Any of these header classes.
    pub header: u64,
    /// Text in a person field.
    pub person_field: bool,
}

/// One content detector: keywords for the shared prefilter, a gate on cheap
/// features, and a scan that runs its regex and validator.
pub(crate) trait Detector: Send + Sync {
    fn rule(&self) -> RuleInfo;
    /// Words that make this detector run (matched on word boundaries,
    /// ignoring ASCII case; detectors check case themselves where it matters).
    fn keywords(&self) -> Vec<String> {
        Vec::new()
    }
    fn gate(&self) -> Gate;
    fn scan(&self, s: &Scan<'_>, out: &mut Vec<Hit>);
}

/// Keyword classes, so detectors test "is this a rank?" with one lookup.
pub(crate) mod kwc {
    use super::lexicon::{RANK_ABBREVIATIONS, RANK_WORDS, TITLES};
    pub const RANK_ABBR: u8 = 1;
    pub const RANK_WORD: u8 = 2;
    pub const TITLE: u8 = 4;
    pub const JOINER: u8 = 8;
    /// Words that join a rank phrase ("Police Constable", "Acting Sergeant").
    pub const JOINERS: &[&str] = &["police", "acting", "temporary", "special", "ch", "chief"];

    /// The class of a lower-case keyword.
    pub fn of(k: &str) -> u8 {
        let mut c = 0;
        let same = |x: &&str| x.trim_end_matches('.').eq_ignore_ascii_case(k);
        if RANK_ABBREVIATIONS.iter().any(same) {
            c |= RANK_ABBR;
        }
        if RANK_WORDS.contains(&k) {
            c |= RANK_WORD;
        }
        if TITLES.iter().any(same) {
            c |= TITLE;
        }
        if JOINERS.contains(&k) {
            c |= JOINER;
        }
        c
    }
}

/// A keyword found in the text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Kw {
    /// Index into the scanner's keyword table.
    pub id: u32,
    pub start: usize,
    pub end: usize,
}

/// Settings every detector may read.
pub(crate) struct Shared {
    pub org_domains: Vec<String>,
    pub small_count_threshold: u32,
    pub small_count_events: bool,
}

/// One text being scanned, with everything the detectors need.
pub(crate) struct Scan<'a> {
    /// The folded text; hits are reported in its offsets.
    pub text: &'a str,
    pub header: HeaderInfo,
    #[allow(dead_code)]
    pub header_text: Option<&'a str>,
    pub person_field: bool,
    pub feat: u32,
    pub kws: &'a [Kw],
    kw_names: &'a [Box<str>],
    kw_class: &'a [u8],
    pub roster: Option<&'a Roster>,
    pub shared: &'a Shared,
    /// Index in `out` of the first hit of this text.
    pub first_hit: usize,
}

impl<'a> Scan<'a> {
    #[inline]
    pub fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }
    /// The lower-case keyword of a keyword hit.
    #[inline]
    pub fn kw_word(&self, k: &Kw) -> &str {
        self.kw_names.get(k.id as usize).map(|b| &**b).unwrap_or("")
    }
    /// The [`kwc`] class of a keyword hit.
    #[inline]
    pub fn kw_class(&self, k: &Kw) -> u8 {
        self.kw_class.get(k.id as usize).copied().unwrap_or(0)
    }
    /// The keyword as written in the text.
    #[inline]
    pub fn kw_text(&self, k: &Kw) -> &'a str {
        self.text.get(k.start..k.end).unwrap_or("")
    }
    /// Whether any of `words` (lower case) was found.
    pub fn has_kw(&self, words: &[&str]) -> bool {
        self.kws.iter().any(|k| words.contains(&self.kw_word(k)))
    }
    /// A keyword among `words` that ends at most `within` bytes before `pos`.
    pub fn kw_before(&self, pos: usize, within: usize, words: &[&str]) -> Option<Kw> {
        self.kws
            .iter()
            .rev()
            .copied()
            .find(|k| k.end <= pos && pos - k.end <= within && words.contains(&self.kw_word(k)))
    }
    /// A keyword among `words` anywhere within `within` bytes of `[start, end)`.
    pub fn kw_near(&self, start: usize, end: usize, within: usize, words: &[&str]) -> bool {
        self.kws.iter().any(|k| {
            words.contains(&self.kw_word(k))
                && (k.end <= start && start - k.end <= within
                    || k.start >= end && k.start - end <= within)
        })
    }
}

const C_DIGIT: u8 = 1;
const C_LOWER: u8 = 2;
const C_UPPER: u8 = 4;
const C_AT: u8 = 8;
const C_DOT: u8 = 16;
const C_COLON: u8 = 32;
const C_BRACKET: u8 = 64;
const C_HIGH: u8 = 128;

/// Byte classes for [`features`].
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c.is_ascii_digit() {
            C_DIGIT
        } else if c.is_ascii_lowercase() {
            C_LOWER
        } else if c.is_ascii_uppercase() {
            C_UPPER
        } else if c == b'@' {
            C_AT
        } else if c == b'.' {
            C_DOT
        } else if c == b':' {
            C_COLON
        } else if c == b'[' {
            C_BRACKET
        } else if c >= 0x80 {
            C_HIGH
        } else {
            0
        };
        i += 1;
    }
    t
};

/// Classify the bytes of a text in one branch-free pass.
#[inline]
fn features(b: &[u8]) -> u32 {
    let mut any = 0u8;
    let mut digits = 0u32;
    for &c in b {
        let k = CLASS[c as usize];
        any |= k;
        digits += (k & C_DIGIT) as u32;
    }
    let mut f = feat::ANY;
    if any & (C_LOWER | C_UPPER | C_HIGH) != 0 {
        f |= feat::ALPHA;
    }
    if any & C_LOWER != 0 {
        f |= feat::LOWER;
    }
    if any & C_UPPER != 0 {
        f |= feat::UPPER;
    }
    if any & C_AT != 0 {
        f |= feat::AT;
    }
    if any & C_BRACKET != 0 {
        f |= feat::BRACKET;
    }
    if any & C_HIGH != 0 {
        f |= feat::NON_ASCII;
    }
    let upper = any & C_UPPER != 0;
    if digits > 0 {
        f |= feat::DIGIT;
        if upper {
            f |= feat::UP_DIGIT;
        }
    }
    if digits >= 6 {
        f |= feat::DIGITS6;
        if upper {
            f |= feat::UP_DIGIT6;
        }
    }
    if digits >= 9 {
        f |= feat::DIGITS9;
    }
    // Dots and colons are rare: count them only when present.
    if any & C_DOT != 0 && digits >= 4 && b.iter().filter(|&&c| c == b'.').count() >= 3 {
        f |= feat::DOTS3;
    }
    if any & C_COLON != 0 && b.iter().filter(|&&c| c == b':').count() >= 2 {
        f |= feat::COLONS2;
    }
    f
}

/// Keywords of every detector, looked up word by word: a keyword is a
/// sequence of letter runs ("sort code", "d.o.b", "A/Sgt"); one written with
/// capitals ("PC", "Sgt", "eSC") matches only as written, one in lower case
/// matches in any case. Words are runs of letters, so "PC4521" holds "PC".
#[derive(Default)]
struct KwTable {
    by_first: FxMap<Box<[u8]>, Vec<KwSeq>>,
    /// Per first two letters (see [`kw_slot`]): bit n set when a keyword's
    /// first word starting with them has n letters (n < 64). Rejects almost
    /// every word of ordinary prose without hashing it.
    lens: Vec<u64>,
}

/// The [`KwTable::lens`] slot of a word by its first two letters, any case
/// (a one-letter word has its own slot per letter).
#[inline]
fn kw_slot(word: &[u8]) -> Option<usize> {
    let a = word.first()?.to_ascii_lowercase().checked_sub(b'a')? as usize;
    let b = match word.get(1) {
        Some(c) => c.to_ascii_lowercase().checked_sub(b'a')? as usize,
        None => 26,
    };
    (a < 26 && b <= 26).then_some(a * 27 + b)
}

struct KwSeq {
    id: u32,
    /// Lower-case words after the first.
    rest: Vec<Box<[u8]>>,
    /// The keyword as written, when it must match exactly.
    exact: Option<Box<[u8]>>,
}

/// The letter runs of a keyword, lower-cased.
fn kw_words(k: &str) -> Vec<Vec<u8>> {
    k.as_bytes()
        .split(|c| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect()
}

impl KwTable {
    fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    fn add(&mut self, keyword: &str, id: u32) {
        let k = keyword.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        let words = kw_words(k);
        let Some(first) = words.first() else {
            return;
        };
        if self.lens.is_empty() {
            self.lens = vec![0; 26 * 27];
        }
        if first.len() < 64
            && let Some(slot) = kw_slot(first).and_then(|i| self.lens.get_mut(i))
        {
            *slot |= 1 << first.len();
        }
        let exact = k
            .chars()
            .any(|c| c.is_ascii_uppercase())
            .then(|| k.as_bytes().into());
        let seq = KwSeq {
            id,
            rest: words[1..]
                .iter()
                .map(|w| w.clone().into_boxed_slice())
                .collect(),
            exact,
        };
        let list = self
            .by_first
            .entry(first.clone().into_boxed_slice())
            .or_default();
        if !list
            .iter()
            .any(|x| x.id == seq.id && x.rest == seq.rest && x.exact == seq.exact)
        {
            list.push(seq);
        }
    }

    /// Call `hit` for every keyword in `b`, left to right.
    #[inline]
    fn find(&self, b: &[u8], mut hit: impl FnMut(Kw)) {
        let letter = |c: u8| c.is_ascii_alphabetic();
        let mut i = 0;
        while i < b.len() {
            if !letter(b[i]) {
                i += 1;
                continue;
            }
            let s = i;
            while i < b.len() && letter(b[i]) {
                i += 1;
            }
            let n = i - s;
            // Words glued to a digit before, or to a non-ASCII letter, are
            // part of something else.
            if (s > 0 && (b[s - 1].is_ascii_digit() || b[s - 1] >= 0x80))
                || b.get(i).is_some_and(|&c| c >= 0x80)
                || n >= 64
                || kw_slot(&b[s..i])
                    .and_then(|k| self.lens.get(k))
                    .is_none_or(|m| m & (1 << n) == 0)
            {
                continue;
            }
            let mut buf = [0u8; 64];
            let Some(dst) = buf.get_mut(..n) else {
                continue;
            };
            for (d, c) in dst.iter_mut().zip(&b[s..i]) {
                *d = c.to_ascii_lowercase();
            }
            let Some(list) = self.by_first.get(&buf[..n]) else {
                continue;
            };
            let mut last: Option<(u32, usize)> = None;
            for seq in list {
                let mut end = i;
                let mut ok = true;
                for w in &seq.rest {
                    // At most three separator bytes, none a letter or digit.
                    let mut p = end;
                    while p < b.len() && p - end < 3 && !b[p].is_ascii_alphanumeric() && b[p] < 0x80
                    {
                        p += 1;
                    }
                    let e = p + w.len();
                    if p == end
                        || e > b.len()
                        || !b[p..e].eq_ignore_ascii_case(w)
                        || b.get(e).is_some_and(|&c| letter(c) || c >= 0x80)
                    {
                        ok = false;
                        break;
                    }
                    end = e;
                }
                if !ok {
                    continue;
                }
                if let Some(x) = &seq.exact
                    && b.get(s..end) != Some(&x[..])
                {
                    continue;
                }
                // The same keyword may be listed in several forms ("PC", "pc").
                if last == Some((seq.id, end)) {
                    continue;
                }
                last = Some((seq.id, end));
                hit(Kw {
                    id: seq.id,
                    start: s,
                    end,
                });
            }
        }
    }
}

/// Keyword hits of one text, kept on the stack for the common case.
struct KwBuf {
    inline: [Kw; 8],
    len: usize,
    spill: Vec<Kw>,
}

impl KwBuf {
    fn new() -> Self {
        KwBuf {
            inline: [Kw {
                id: 0,
                start: 0,
                end: 0,
            }; 8],
            len: 0,
            spill: Vec::new(),
        }
    }
    #[inline]
    fn push(&mut self, k: Kw) {
        if self.len < self.inline.len() && self.spill.is_empty() {
            self.inline[self.len] = k;
            self.len += 1;
        } else {
            if self.spill.is_empty() {
                self.spill.extend_from_slice(&self.inline[..self.len]);
            }
            self.spill.push(k);
        }
    }
    fn as_slice(&self) -> &[Kw] {
        if self.spill.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.spill
        }
    }
}

struct Entry {
    det: Box<dyn Detector>,
    gate: Gate,
    /// Bit set over keyword ids that trigger this detector.
    kw_ids: Vec<u32>,
}

/// All content detectors, built once and shared across threads.
///
/// Build it once per run (it compiles the regexes, the keyword automaton
/// and, with a roster, the roster automaton) and share it by reference.
pub struct ContentScanner {
    inner: Arc<Inner>,
}

struct Inner {
    entries: Vec<Entry>,
    /// Per feature bit: entries (first 64) gated by it.
    feat_masks: [u64; 32],
    /// Per header bit: entries (first 64) gated by it.
    header_masks: [u64; 64],
    /// Entries (first 64) that run on person fields.
    person_field_mask: u64,
    /// Table-level detectors (no per-text scan), for `rules`.
    table_rules: Vec<RuleInfo>,
    disabled: Vec<String>,
    kw_table: KwTable,
    kw_names: Vec<Box<str>>,
    /// For each keyword id: its [`kwc`] class bits (ranks, titles).
    kw_class: Vec<u8>,
    /// For each keyword id: which entries it triggers.
    kw_owners: Vec<Vec<u16>>,
    roster: Option<Roster>,
    shared: Shared,
    allow_values: Vec<String>,
    allow_patterns: Vec<Regex>,
    mask_label: String,
}

impl Clone for ContentScanner {
    fn clone(&self) -> Self {
        ContentScanner {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl std::fmt::Debug for ContentScanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContentScanner")
            .field("detectors", &self.inner.entries.len())
            .field("roster", &self.inner.roster.as_ref().map(|r| r.len()))
            .finish()
    }
}

thread_local! {
    static HEADER_CACHE: RefCell<FxMap<Box<str>, HeaderInfo>> = RefCell::new(FxMap::default());
}

/// Classify a header, remembering recent answers per thread (headers repeat
/// for every cell of a column).
fn header_info(header: Option<&str>) -> HeaderInfo {
    let Some(h) = header else {
        return HeaderInfo(0);
    };
    if h.is_empty() {
        return HeaderInfo(0);
    }
    HEADER_CACHE.with(|c| {
        if let Ok(map) = c.try_borrow()
            && let Some(&i) = map.get(h)
        {
            return i;
        }
        let info = classify_header(h);
        if let Ok(mut map) = c.try_borrow_mut() {
            if map.len() >= 4096 {
                map.clear();
            }
            map.insert(h.into(), info);
        }
        info
    })
}

/// Whether the text is only redaction mask labels (and spaces/punctuation).
fn is_only_mask(text: &str, label: &str) -> bool {
    let mut rest = text.trim_ascii();
    if rest.is_empty() {
        return false;
    }
    // Quick exit: a mask starts with '[' or the label's first byte.
    let first = rest.as_bytes()[0];
    if first != b'[' && label.as_bytes().first() != Some(&first) {
        return false;
    }
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
        if rest.is_empty() {
            return true;
        }
        if !label.is_empty() && rest.starts_with(label) {
            rest = &rest[label.len()..];
            continue;
        }
        match mask_len(rest) {
            Some(n) => rest = rest.get(n..).unwrap_or(""),
            None => return false,
        }
    }
}

/// The length of a `[REDACTED ...]` label at the start of `s`.
fn mask_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.len() < 10 || b[0] != b'[' || !b[1..9].eq_ignore_ascii_case(b"REDACTED") {
        return None;
    }
    let close = s.find(']')?;
    if close > 60 {
        return None;
    }
    Some(close + 1)
}

/// Replace every mask label in `text` with spaces (same length, so offsets hold).
fn blank_masks(text: &str, label: &str) -> Option<String> {
    let has_label = !label.is_empty() && text.contains(label);
    let has_generic = text
        .as_bytes()
        .windows(9)
        .any(|w| w[0] == b'[' && w[1..].eq_ignore_ascii_case(b"REDACTED"));
    if !has_label && !has_generic {
        return None;
    }
    let mut out = text.to_string();
    if has_label {
        out = out.replace(label, &" ".repeat(label.len()));
    }
    if has_generic {
        let mut i = 0;
        while let Some(p) = out.get(i..).and_then(|s| s.find('[')) {
            let at = i + p;
            match out.get(at..).and_then(mask_len) {
                Some(n) => {
                    out.replace_range(at..at + n, &" ".repeat(n));
                    i = at + n;
                }
                None => i = at + 1,
            }
        }
    }
    Some(out)
}

impl ContentScanner {
    /// Build every detector from the settings and an optional roster.
    /// Errors name the setting at fault (an unknown detector id, a bad regex).
    pub fn new(cfg: &DetectorsConfig, roster: Option<&Roster>) -> Result<Self, String> {
        let all = registry::text_detectors(cfg)?;
        let table_rules = registry::table_rules();
        let mut known: Vec<&str> = all.iter().map(|d| d.rule().id).collect();
        known.extend(table_rules.iter().map(|r| r.id));
        for d in &cfg.disable {
            if !known.contains(&d.as_str()) {
                return Err(format!(
                    "detectors.disable: unknown detector '{d}' (known: {})",
                    known.join(", ")
                ));
            }
        }
        let mut entries: Vec<Entry> = Vec::new();
        for det in all {
            let id = det.rule().id;
            if cfg.disable.iter().any(|d| d == id) {
                continue;
            }
            if id == "roster_match" && roster.is_none() {
                continue;
            }
            let gate = det.gate();
            entries.push(Entry {
                det,
                gate,
                kw_ids: Vec::new(),
            });
        }
        // One keyword automaton for every detector.
        let mut kw_names: Vec<Box<str>> = Vec::new();
        let mut kw_owners: Vec<Vec<u16>> = Vec::new();
        let mut index: FxMap<String, u32> = FxMap::default();
        for (ei, e) in entries.iter_mut().enumerate() {
            for k in e.det.keywords() {
                let lk = k.to_ascii_lowercase();
                if lk.is_empty() {
                    continue;
                }
                let id = *index.entry(lk.clone()).or_insert_with(|| {
                    kw_names.push(lk.into_boxed_str());
                    kw_owners.push(Vec::new());
                    (kw_names.len() - 1) as u32
                });
                if let Some(o) = kw_owners.get_mut(id as usize)
                    && !o.contains(&(ei as u16))
                {
                    o.push(ei as u16);
                }
                e.kw_ids.push(id);
            }
        }
        // One keyword table for every detector, looked up per word.
        let mut kw_table = KwTable::default();
        for e in &entries {
            for k in e.det.keywords() {
                let lk = k.to_ascii_lowercase();
                if let Some(&id) = index.get(&lk) {
                    kw_table.add(&k, id);
                }
            }
        }
        let kw_class: Vec<u8> = kw_names.iter().map(|k| kwc::of(k)).collect();
        let mut allow_patterns = Vec::new();
        for p in &cfg.allow_patterns {
            allow_patterns
                .push(Regex::new(p).map_err(|e| format!("detectors.allow_patterns: '{p}': {e}"))?);
        }
        let org_domains = cfg
            .org_email_domains
            .iter()
            .map(|d| d.trim().trim_start_matches('@').to_ascii_lowercase())
            .filter(|d| !d.is_empty())
            .collect();
        let mut feat_masks = [0u64; 32];
        let mut header_masks = [0u64; 64];
        let mut person_field_mask = 0u64;
        for (i, e) in entries.iter().enumerate().take(64) {
            for (b, m) in feat_masks.iter_mut().enumerate() {
                if e.gate.feat & (1 << b) != 0 {
                    *m |= 1 << i;
                }
            }
            for (b, m) in header_masks.iter_mut().enumerate() {
                if e.gate.header & (1 << b) != 0 {
                    *m |= 1 << i;
                }
            }
            if e.gate.person_field {
                person_field_mask |= 1 << i;
            }
        }
        Ok(ContentScanner {
            inner: Arc::new(Inner {
                entries,
                feat_masks,
                header_masks,
                person_field_mask,
                table_rules,
                disabled: cfg.disable.clone(),
                kw_table,
                kw_class,
                kw_names,
                kw_owners,
                roster: roster.cloned(),
                shared: Shared {
                    org_domains,
                    small_count_threshold: cfg.small_count_threshold,
                    small_count_events: cfg.small_count_events,
                },
                allow_values: cfg
                    .allow_values
                    .iter()
                    .map(|v| key(v))
                    .filter(|v| !v.is_empty())
                    .collect(),
                allow_patterns,
                mask_label: cfg.mask_label.clone(),
            }),
        })
    }

    /// Every detector: id, description, default strength, the FOIA
    /// exemption it maps to. Disabled detectors are left out.
    pub fn rules(&self) -> Vec<RuleInfo> {
        let mut v: Vec<RuleInfo> = self.inner.entries.iter().map(|e| e.det.rule()).collect();
        if self.inner.roster.is_none() {
            // Listed even without a roster, so `foiguard rules` shows it.
            if let Some(r) = registry::roster_rule()
                && !self.inner.disabled.iter().any(|d| d == r.id)
            {
                v.insert(0, r);
            }
        }
        for r in &self.inner.table_rules {
            if !self.inner.disabled.iter().any(|d| d == r.id) {
                v.push(r.clone());
            }
        }
        v
    }

    /// Whether a detector (text or table level) is on.
    pub fn enabled(&self, id: &str) -> bool {
        !self.inner.disabled.iter().any(|d| d == id)
    }

    /// The roster in force, if any.
    pub fn roster(&self) -> Option<&Roster> {
        self.inner.roster.as_ref()
    }

    pub(crate) fn small_count_threshold(&self) -> u32 {
        self.inner.shared.small_count_threshold
    }
    pub(crate) fn small_count_events(&self) -> bool {
        self.inner.shared.small_count_events
    }
    /// The redaction mask label in force.
    pub fn mask_label(&self) -> &str {
        &self.inner.mask_label
    }

    /// Whether the text is only a redaction mask (carries no evidence).
    #[inline]
    pub fn is_mask(&self, text: &str) -> bool {
        // Quick exit on the first non-space byte.
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match b.get(i) {
            Some(b'[') => is_only_mask(text, &self.inner.mask_label),
            Some(c) if self.inner.mask_label.as_bytes().first() == Some(c) => {
                is_only_mask(text, &self.inner.mask_label)
            }
            _ => false,
        }
    }

    /// Scan one text; push its hits onto `out`. Offsets are byte offsets
    /// into `text`. A text may get several hits of different kinds on the
    /// same span (a roster match that is also a warrant number).
    pub fn scan(&self, text: &str, ctx: &TextContext<'_>, out: &mut Vec<Hit>) {
        self.scan_with(text, ctx, None, out);
    }

    /// [`ContentScanner::scan`] with the header already classified (the
    /// table analyser classifies each column once).
    pub(crate) fn scan_with(
        &self,
        text: &str,
        ctx: &TextContext<'_>,
        info: Option<HeaderInfo>,
        out: &mut Vec<Hit>,
    ) {
        let inner = &*self.inner;
        if text.trim_ascii().is_empty() {
            return;
        }
        let first_hit = out.len();
        let mut f = features(text.as_bytes());
        // Masks carry no evidence.
        let blanked;
        let mut src = text;
        let label_check = !inner.mask_label.is_empty()
            && !inner.mask_label.starts_with('[')
            && text.contains(&inner.mask_label);
        if f & feat::BRACKET != 0 || label_check {
            if is_only_mask(text, &inner.mask_label) {
                return;
            }
            if let Some(b) = blank_masks(text, &inner.mask_label) {
                blanked = b;
                src = &blanked;
                f = features(src.as_bytes());
            }
        }
        let folded = if f & feat::NON_ASCII == 0 {
            unfolded(src)
        } else {
            fold(src)
        };
        let t = folded.text();
        if folded.changed() {
            f = features(t.as_bytes());
        }
        let header = info.unwrap_or_else(|| header_info(ctx.header));
        let person_field = ctx.field.is_some_and(is_person_field);

        // Keywords.
        let mut kws = KwBuf::new();
        let mut triggered: u64 = 0;
        let mut triggered_hi: Vec<u16> = Vec::new();
        if f & feat::ALPHA != 0 && !inner.kw_table.is_empty() {
            inner.kw_table.find(t.as_bytes(), |k| {
                kws.push(k);
                if let Some(owners) = inner.kw_owners.get(k.id as usize) {
                    for &o in owners {
                        if o < 64 {
                            triggered |= 1 << o;
                        } else {
                            triggered_hi.push(o);
                        }
                    }
                }
            });
        }

        let scan = Scan {
            text: t,
            header,
            header_text: ctx.header,
            person_field,
            feat: f,
            kws: kws.as_slice(),
            kw_names: &inner.kw_names,
            kw_class: &inner.kw_class,
            roster: inner.roster.as_ref(),
            shared: &inner.shared,
            first_hit,
        };
        // Which detectors run: keyword hits, text features, header, field.
        let mut run = triggered;
        let mut fb = f;
        while fb != 0 {
            let b = fb.trailing_zeros() as usize;
            fb &= fb - 1;
            run |= inner.feat_masks[b];
        }
        let mut hb = header.0;
        while hb != 0 {
            let b = hb.trailing_zeros() as usize;
            hb &= hb - 1;
            run |= inner.header_masks[b];
        }
        if person_field {
            run |= inner.person_field_mask;
        }
        while run != 0 {
            let i = run.trailing_zeros() as usize;
            run &= run - 1;
            if let Some(e) = inner.entries.get(i) {
                e.det.scan(&scan, out);
            }
        }
        // Policy extras beyond the first 64 detectors.
        for (i, e) in inner.entries.iter().enumerate().skip(64) {
            if triggered_hi.contains(&(i as u16))
                || e.gate.feat & f != 0
                || e.gate.header & header.0 != 0
                || (person_field && e.gate.person_field)
            {
                e.det.scan(&scan, out);
            }
        }
        if out.len() == first_hit {
            return;
        }
        // Back to the caller's offsets.
        if folded.changed() {
            for h in &mut out[first_hit..] {
                h.start = folded.orig(h.start);
                h.end = folded.orig(h.end).max(h.start);
            }
        }
        self.finish_hits(text, first_hit, out);
    }

    /// Merge overlapping hits of one kind and drop allowed values.
    fn finish_hits(&self, text: &str, first: usize, out: &mut Vec<Hit>) {
        let inner = &*self.inner;
        let mut new: Vec<Hit> = out.drain(first..).collect();
        new.sort_by(|a, b| a.kind.cmp(b.kind).then(a.start.cmp(&b.start)));
        let mut merged: Vec<Hit> = Vec::with_capacity(new.len());
        for h in new {
            if let Some(last) = merged.last_mut()
                && last.kind == h.kind
                && h.start < last.end
            {
                last.end = last.end.max(h.end);
                last.strong |= h.strong;
                for e in h.evidence {
                    if !last.evidence.contains(&e) {
                        last.evidence.push(e);
                    }
                }
                continue;
            }
            merged.push(h);
        }
        if !inner.allow_values.is_empty() || !inner.allow_patterns.is_empty() {
            let lower = text.to_ascii_lowercase();
            let mut allowed_spans: Vec<(usize, usize)> = Vec::new();
            for v in &inner.allow_values {
                let mut from = 0;
                while let Some(p) = lower.get(from..).and_then(|s| s.find(v.as_str())) {
                    allowed_spans.push((from + p, from + p + v.len()));
                    from += p + v.len().max(1);
                }
            }
            merged.retain(|h| {
                let ht = text.get(h.start..h.end).unwrap_or("");
                let hk = key(ht);
                if inner.allow_values.contains(&hk) {
                    return false;
                }
                if inner.allow_patterns.iter().any(|p| p.is_match(ht)) {
                    return false;
                }
                !allowed_spans
                    .iter()
                    .any(|&(a, b)| (a <= h.start && h.end <= b) || (h.start <= a && b <= h.end))
            });
        }
        merged.sort_by_key(|h| (h.start, h.end));
        out.extend(merged);
    }
}

/// Compile a built-in regex.
pub(crate) fn re(pattern: &str) -> Result<Regex, String> {
    Regex::new(pattern).map_err(|e| format!("internal regex {pattern:?}: {e}"))
}

/// Word tokens of a text: runs of letters, inner apostrophes and hyphens
/// (bytes of multi-byte characters count as letters), as byte spans.
#[derive(Clone, Copy)]
pub(crate) struct Words<'a> {
    b: &'a [u8],
    i: usize,
}

/// Iterate the word tokens of `b` without allocating.
pub(crate) fn words(b: &[u8]) -> Words<'_> {
    Words { b, i: 0 }
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);
    #[inline]
    fn next(&mut self) -> Option<(usize, usize)> {
        let b = self.b;
        let letter = |c: u8| c.is_ascii_alphabetic() || c >= 0x80;
        while self.i < b.len() && !letter(b[self.i]) {
            self.i += 1;
        }
        if self.i >= b.len() {
            return None;
        }
        let s = self.i;
        while self.i < b.len()
            && (letter(b[self.i])
                || ((b[self.i] == b'\'' || b[self.i] == b'-')
                    && b.get(self.i + 1).is_some_and(|&n| letter(n))))
        {
            self.i += 1;
        }
        Some((s, self.i))
    }
}

/// Build a detector's [`RuleInfo`].
pub(crate) fn rule(
    id: &'static str,
    description: &str,
    strong: bool,
    exemption: &'static str,
) -> RuleInfo {
    RuleInfo {
        id,
        description: description.to_string(),
        strong,
        exemption,
        scope: "text",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(s: &ContentScanner, text: &str, header: Option<&str>) -> Vec<Hit> {
        let mut v = Vec::new();
        s.scan(text, &TextContext::cell(header), &mut v);
        v
    }

    #[test]
    fn scanner_is_shared_across_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<ContentScanner>();
        send_sync::<Roster>();
        let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        std::thread::scope(|sc| {
            for _ in 0..2 {
                sc.spawn(|| assert!(!scan(&s, "PC 4521", None).is_empty()));
            }
        });
    }

    #[test]
    fn masks_carry_no_evidence() {
        let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        assert!(scan(&s, "[REDACTED s40(2)]", Some("Surname")).is_empty());
        assert!(scan(&s, "[REDACTED s31]", Some("Warrant no")).is_empty());
        assert!(s.is_mask(" [REDACTED s40(2)] "));
        // A mask inside text is blanked, the rest still scanned.
        let h = scan(&s, "PC [REDACTED s40(2)] attended with PC 4521", None);
        assert!(h.iter().any(|h| h.kind == "shoulder_number"));
        assert!(!s.is_mask("Quarrendon"));
    }

    #[test]
    fn header_alone_is_nothing() {
        let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        for h in [
            "Surname",
            "Warrant No",
            "Collar number",
            "Date of birth",
            "NI number",
        ] {
            assert!(scan(&s, h, None).is_empty(), "{h}");
        }
    }

    #[test]
    fn disable_and_unknown() {
        let cfg = DetectorsConfig {
            disable: vec!["shoulder_number".into()],
            ..Default::default()
        };
        let s = ContentScanner::new(&cfg, None).unwrap();
        assert!(
            !scan(&s, "PC 4521", None)
                .iter()
                .any(|h| h.kind == "shoulder_number")
        );
        assert!(!s.rules().iter().any(|r| r.id == "shoulder_number"));
        let bad = DetectorsConfig {
            disable: vec!["no_such".into()],
            ..Default::default()
        };
        assert!(
            ContentScanner::new(&bad, None)
                .unwrap_err()
                .contains("no_such")
        );
    }

    #[test]
    fn allow_values_and_patterns() {
        let cfg = DetectorsConfig {
            allow_values: vec!["foi@police.example.uk".into()],
            allow_patterns: vec![r"^press@".into()],
            ..Default::default()
        };
        let s = ContentScanner::new(&cfg, None).unwrap();
        assert!(scan(&s, "Write to FOI@police.example.uk", None).is_empty());
        assert!(scan(&s, "press@police.example.uk", None).is_empty());
        assert!(!scan(&s, "jane.quarrendon@police.example.uk", None).is_empty());
    }

    #[test]
    fn rules_cover_every_detector() {
        let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        let ids: Vec<&str> = s.rules().iter().map(|r| r.id).collect();
        for id in [
            "roster_match",
            "person_name",
            "payroll_number",
            "warrant_number",
            "shoulder_number",
            "vetting_level",
            "email_address",
            "phone_number",
            "ni_number",
            "nhs_number",
            "postcode",
            "date_of_birth",
            "bank_details",
            "vehicle_registration",
            "ip_address",
            "protective_marking",
            "personnel_records",
            "small_count",
        ] {
            assert!(ids.contains(&id), "{id}");
        }
        for r in s.rules() {
            assert!(["s40(2)", "s31", "s24", "s38"].contains(&r.exemption));
        }
    }

    #[test]
    fn offsets_point_into_the_original() {
        let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        let t = "Ó Néill: DC Seán Ó Néill, collar 4521";
        let h = scan(&s, t, None);
        for hit in &h {
            assert!(t.is_char_boundary(hit.start) && t.is_char_boundary(hit.end));
        }
        let name = h.iter().find(|h| h.kind == "person_name").expect("name");
        assert!(
            t[name.start..name.end].contains("Seán"),
            "{:?}",
            &t[name.start..name.end]
        );
    }

    #[test]
    fn config_from_toml() {
        let cfg: DetectorsConfig = toml::from_str(
            r#"
            disable = ["ip_address"]
            small_count_threshold = 3
            org_email_domains = ["police.example.uk"]
            [[extra]]
            id = "case_file"
            keywords = ["CF-"]
            regex = 'CF-\d{6}'
            "#,
        )
        .unwrap();
        assert_eq!(cfg.small_count_threshold, 3);
        assert_eq!(cfg.mask_label, "[REDACTED s40(2)]");
        let bad: Result<DetectorsConfig, _> = toml::from_str("nope = 1");
        assert!(bad.is_err());
    }
}
