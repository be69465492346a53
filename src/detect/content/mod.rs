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
//!
//! Layout: this file holds the types detectors implement and use
//! ([`Hit`], [`Evidence`], `Detector`, `Gate`, `Scan`) and the
//! [`ContentScanner`]; `config` the policy settings, `features` the byte
//! classes, `keywords` the keyword table, `masks` redaction masks, `words`
//! word tokens, `header_cache` header classes per thread; one file per
//! detector.

pub mod context;
pub mod lexicon;
mod registry;

mod config;
mod features;
mod header_cache;
mod keywords;
mod masks;
#[cfg(test)]
pub(crate) mod test_support;
#[cfg(test)]
mod welsh_tests;
pub(crate) mod words;

mod bank_details;
mod date_of_birth;
mod dbs_number;
mod email_address;
mod extra;
mod home_address;
mod ip_address;
mod nhs_number;
mod ni_number;
mod nmc_pin;
mod payroll_number;
mod person_name;
mod person_reference;
mod phone_number;
mod postcode;
mod protective_marking;
mod pupil_number;
mod roster_match;
mod shoulder_number;
mod small_count_sentence;
mod user_login;
mod vehicle_registration;
mod vetting_level;
mod warrant_number;

use std::sync::Arc;

use regex::Regex;
use serde::Serialize;

use self::context::{HeaderInfo, is_person_field};
use self::features::features;
use self::header_cache::header_info;
use self::keywords::{KwBuf, KwTable};
use self::masks::{blank_masks, is_only_mask};
use super::normalize::{FxMap, fold, key, unfolded};
use super::roster::Roster;

pub use self::config::{DetectorsConfig, ExtraDetector};
pub use self::nhs_number::nhs_check;
pub use self::person_name::{
    FileNameName, is_generic_person, may_name_someone, name_shape, names_in_file_names,
};
pub(crate) use self::person_name::{ThingName, name_shape_full, thing_name};
pub use self::phone_number::is_mobile;
pub use self::pupil_number::{upn_check, upn_check_letter};
pub(crate) use self::shoulder_number::number_token_digits;
pub use self::vetting_level::is_vetting_value;

pub(crate) use self::features::feat;
pub(crate) use self::keywords::kwc;
pub(crate) use self::words::words;

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

/// Kinds of hit that identify a person: one puts a person in a table row,
/// and ties a vetting level in the same text to someone.
pub(crate) const PERSON_KINDS: &[&str] = &[
    "person_name",
    "roster_match",
    "payroll_number",
    "warrant_number",
    "shoulder_number",
    "email_address",
    "ni_number",
    "nhs_number",
    "pupil_number",
    "dbs_number",
    "nmc_pin",
    "person_reference",
];

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

// ---------------------------------------------------------------------------
// Detector plumbing.

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
    pub header_text: Option<&'a str>,
    pub person_field: bool,
    /// The field of a text outside the grid ("oddFooter", "printer").
    pub field: Option<&'a str>,
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

struct Entry {
    det: Arc<dyn Detector>,
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
    /// Every detector the settings make, on or off: compiled once, shared by
    /// a rebuild with a roster ([`ContentScanner::with_roster`]).
    built: Vec<Arc<dyn Detector>>,
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

impl ContentScanner {
    /// Build every detector from the settings and an optional roster.
    /// Errors name the setting at fault (an unknown detector id, a bad regex).
    pub fn new(cfg: &DetectorsConfig, roster: Option<&Roster>) -> Result<Self, String> {
        let built = registry::text_detectors(cfg)?
            .into_iter()
            .map(Arc::from)
            .collect();
        Self::assemble(cfg, built, roster)
    }

    /// The same scanner with another roster (or none), reusing its compiled
    /// detectors: the regexes are the slow part of building one. `cfg` must
    /// be the settings it was built with.
    pub fn with_roster(
        &self,
        cfg: &DetectorsConfig,
        roster: Option<&Roster>,
    ) -> Result<Self, String> {
        Self::assemble(cfg, self.inner.built.clone(), roster)
    }

    /// The scanner of these detectors: which run, their keyword table and
    /// gates, and the settings' allowed values.
    fn assemble(
        cfg: &DetectorsConfig,
        built: Vec<Arc<dyn Detector>>,
        roster: Option<&Roster>,
    ) -> Result<Self, String> {
        let all = built.clone();
        let table_rules = registry::table_rules();
        let mut known: Vec<&str> = all.iter().map(|d| d.rule().id).collect();
        known.extend(table_rules.iter().map(|r| r.id));
        // `small_count` is a text and a table detector: named once.
        let mut seen = Vec::new();
        known.retain(|id| {
            let first = !seen.contains(id);
            seen.push(*id);
            first
        });
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
                built,
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
        // A detector at both levels (`small_count`) is listed once, as the
        // table's rule.
        v.retain(|r| !self.inner.table_rules.iter().any(|t| t.id == r.id));
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
        // A cell of several lines (Alt+Enter) is read as it is (an address
        // block, a name over a role) and once more as one line: a name may
        // run across the break ("DS Declan\nJagoe"). Same length, so hits
        // keep their offsets; overlapping hits merge below.
        if f & feat::AT != 0 && memchr::memchr2(b'\n', b'\r', src.as_bytes()).is_some() {
            let one_line = src.replace(['\n', '\r'], " ");
            // (The line breaks set `feat::AT`; only an '@' should.)
            let at = memchr::memchr(b'@', src.as_bytes()).is_some();
            self.detect(src, if at { f } else { f & !feat::AT }, ctx, info, out);
            self.detect(&one_line, features(one_line.as_bytes()), ctx, info, out);
        } else {
            self.detect(src, f, ctx, info, out);
        }
        if out.len() == first_hit {
            return;
        }
        self.finish_hits(text, first_hit, out);
    }

    /// Run the detectors over `src` (its features `f`), pushing hits in
    /// `src`'s offsets: the part of [`ContentScanner::scan_with`] after
    /// masks are blanked out.
    fn detect(
        &self,
        src: &str,
        mut f: u32,
        ctx: &TextContext<'_>,
        info: Option<HeaderInfo>,
        out: &mut Vec<Hit>,
    ) {
        let inner = &*self.inner;
        let first_hit = out.len();
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
            field: ctx.field,
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
        // Back to the caller's offsets.
        if folded.changed() {
            for h in &mut out[first_hit..] {
                h.start = folded.orig(h.start);
                h.end = folded.orig(h.end).max(h.start);
            }
        }
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
    fn a_name_runs_across_a_line_break_in_a_cell() {
        use super::test_support::found_texts;
        // Typed with Alt+Enter: the hit covers both lines, in the cell's own offsets.
        assert_eq!(
            found_texts("person_name", "DS Declan\nJagoe\ncollar 4521", None),
            vec!["DS Declan\nJagoe"]
        );
        assert_eq!(
            found_texts("person_name", "DS\r\nDeclan Oakenshaw", None),
            vec!["DS\r\nDeclan Oakenshaw"]
        );
        assert_eq!(
            found_texts("shoulder_number", "PC\n4521 attended", None),
            vec!["4521"]
        );
        // An e-mail address is still found, and a line break alone is no '@'.
        assert_eq!(
            found_texts(
                "email_address",
                "Contact:\njane.quarrendon@psni.police.uk",
                None
            ),
            vec!["jane.quarrendon@psni.police.uk"]
        );
        assert!(super::test_support::hits("Totals\nfor 2024\n", None).is_empty());
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
    fn a_roster_added_later_works_as_one_given_at_the_start() {
        let cfg = DetectorsConfig {
            disable: vec!["postcode".into()],
            ..Default::default()
        };
        let roster = Roster::from_csv_reader(&b"surname,forename\nQuarrendon,Jane\n"[..]).unwrap();
        let plain = ContentScanner::new(&cfg, None).unwrap();
        let later = plain.with_roster(&cfg, Some(&roster)).unwrap();
        let first = ContentScanner::new(&cfg, Some(&roster)).unwrap();
        let text = "Jane Quarrendon, BT7 1NN, PC 4521";
        let kinds = |s: &ContentScanner| {
            let mut k: Vec<&str> = scan(s, text, None).iter().map(|h| h.kind).collect();
            k.sort();
            k
        };
        assert!(
            kinds(&later).contains(&"roster_match"),
            "{:?}",
            kinds(&later)
        );
        assert!(!kinds(&plain).contains(&"roster_match"));
        assert_eq!(kinds(&later), kinds(&first));
        assert!(!kinds(&later).contains(&"postcode"), "settings kept");
        let ids = |s: &ContentScanner| s.rules().iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids(&later), ids(&first));
        // And taken away again.
        let without = later.with_roster(&cfg, None).unwrap();
        assert_eq!(kinds(&without), kinds(&plain));
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
        let err = ContentScanner::new(&bad, None).unwrap_err();
        assert!(err.contains("no_such"), "{err}");
        assert_eq!(err.matches("small_count").count(), 1, "{err}");
        // Off, `small_count` is off in sentences too (tables: see `table`).
        let off = DetectorsConfig {
            disable: vec!["small_count".into()],
            ..Default::default()
        };
        let s = ContentScanner::new(&off, None).unwrap();
        let mut hits = Vec::new();
        s.scan(
            "The Dog Section has 2 female officers.",
            &TextContext::cell(None),
            &mut hits,
        );
        assert!(hits.is_empty(), "{hits:?}");
        assert!(!s.rules().iter().any(|r| r.id == "small_count"));
    }

    #[test]
    fn allow_values_and_patterns() {
        let cfg = DetectorsConfig {
            allow_values: vec!["northmoor.foi@police.example.uk".into()],
            allow_patterns: vec![r"^press\.northmoor@".into()],
            ..Default::default()
        };
        let plain = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
        let s = ContentScanner::new(&cfg, None).unwrap();
        for t in [
            "Write to Northmoor.FOI@police.example.uk",
            "press.northmoor@police.example.uk",
        ] {
            assert!(!scan(&plain, t, None).is_empty(), "{t}");
            assert!(scan(&s, t, None).is_empty(), "{t}");
        }
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
            "pupil_number",
            "dbs_number",
            "nmc_pin",
            "person_reference",
            "home_address",
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
