//! The organisation's own people: a roster (`--roster FILE`, CSV text or a
//! workbook whose sheets each start with a header row) matched exactly in
//! every text the scanner sees.
//!
//! Columns are matched by header ignoring case, spaces, `_` and `-`:
//! `name` (a full name in one column), `surname`, `forename`, `initial`,
//! `payroll_number`, `warrant_number`, `shoulder_number`, `email`, and
//! common synonyms ("Last name", "Pay No", "Collar number"...). Any other
//! column is read as identifiers: values with a digit or an `@` (dates
//! excepted) are matched like numbers; other values are ignored.
//!
//! ```
//! use foiguard::detect::roster::Roster;
//! let csv = "surname,forename,warrant_number\nQuarrendon,Jane,141183\n";
//! let r = Roster::from_csv_reader(csv.as_bytes()).unwrap();
//! assert_eq!(r.len(), 1);
//! assert!(r.matches_name("QUARRENDON J"));
//! assert!(r.matches_name("J. Quarrendon"));
//! assert!(!r.matches_name("Quarrendon Road"));
//! ```
//!
//! Names are matched with an aho-corasick automaton of surnames (and their
//! spelling variants: "O'Neill", "ONeill", "O Neill") over folded text
//! (accents, curly apostrophes and dashes folded; ASCII case ignored),
//! anchored at the start of each word that has a capital or follows one;
//! the words around a surname are then checked for the person's forename or
//! initial: "Jane Quarrendon", "Quarrendon, Jane",
//! "J Quarrendon", "J. Quarrendon", "QUARRENDON J". Identifiers are looked
//! up per token in hash maps — digit runs for numbers, letter-and-digit
//! tokens for codes like "4521AB", the text around each `@` for e-mail
//! addresses — which gives the same result as an automaton with boundary
//! checks, builds in milliseconds and costs nothing on text without digits.

mod filters;
mod load;

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, Anchored, Input};

use self::filters::{NumberSet, Prefixes, pack_digits};
use super::content::words::name_word_end;
use super::normalize::{FxMap, fold};

/// Kinds of roster identifier (bit flags: one number may be several).
pub(crate) mod idk {
    pub const PAYROLL: u8 = 1;
    pub const WARRANT: u8 = 2;
    pub const SHOULDER: u8 = 4;
    pub const OTHER: u8 = 8;
    pub const EMAIL: u8 = 16;
}

/// The organisation's people, ready to match. Cheap to clone (shared).
#[derive(Clone)]
pub struct Roster {
    inner: Arc<Inner>,
}

struct Inner {
    people: usize,
    /// Surnames (and their spelling variants).
    ac: Option<AhoCorasick>,
    /// Their first three bytes (see [`Prefixes`]).
    prefixes: Prefixes,
    /// Per automaton pattern: its surname group.
    meta: Vec<u32>,
    /// Per surname group: (forename key, initial) of each person with it.
    groups: Vec<Vec<(Box<str>, u8)>>,
    /// Digit-only identifiers: (digit count, value) -> kinds.
    numbers: NumberSet,
    /// Identifiers with letters and digits ("4521ab", "xk-2231") and e-mail
    /// addresses, lower case -> kinds.
    ids: FxMap<Box<str>, u8>,
}

impl std::fmt::Debug for Roster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Roster")
            .field("people", &self.inner.people)
            .field("surnames", &self.inner.groups.len())
            .field("numbers", &self.inner.numbers.len())
            .field("ids", &self.inner.ids.len())
            .finish()
    }
}

/// What to look for in a text.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Want {
    pub names: bool,
    /// Names all in lower case too ("jane quarrendon"): every word is
    /// tried, not only those after a capital, so callers ask for it on
    /// short texts (a name cell), not on every line of free text.
    pub lower_names: bool,
    /// Codes with letters and digits.
    pub ids: bool,
    pub emails: bool,
    /// Digit-only identifiers.
    pub numbers: bool,
}

#[cfg(test)]
impl Want {
    pub(crate) const ALL: Want = Want {
        names: true,
        lower_names: true,
        ids: true,
        emails: true,
        numbers: true,
    };
}

/// What a roster search found in a (folded) text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Found {
    /// A full name: surname with the person's forename or initial.
    Name { start: usize, end: usize },
    /// A roster surname on its own.
    Surname { start: usize, end: usize },
    /// An identifier with letters, or an e-mail address.
    Id { start: usize, end: usize, kinds: u8 },
    /// A digit-only identifier. `glued` when letters touch it ("PC4521").
    Number {
        start: usize,
        end: usize,
        kinds: u8,
        glued: bool,
    },
}

impl Roster {
    /// Load a roster file: CSV (or TSV) text with a header row, or a
    /// workbook (xlsx, xlsm, xlsb, xls, ods) whose sheets each start with
    /// one.
    pub fn load(path: &Path) -> Result<Roster, String> {
        let fail = |e: String| format!("roster {}: {e}", path.display());
        let f = std::fs::File::open(path).map_err(|e| fail(e.to_string()))?;
        let data = load::read_whole(f, load::MAX_ROSTER_BYTES).map_err(fail)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        load::parse_bytes(data, &name).map_err(fail)
    }

    /// Read a roster from CSV text (first row: headers), as Excel saves it
    /// (UTF-8, Windows-1252 or UTF-16; commas, semicolons or tabs). One with
    /// nothing to match is an error.
    pub fn from_csv_reader(r: impl Read) -> Result<Roster, String> {
        load::parse(r)
    }

    /// Number of people (data rows) in the roster.
    pub fn len(&self) -> usize {
        self.inner.people
    }

    pub fn is_empty(&self) -> bool {
        self.inner.people == 0
    }

    /// Whether a text names a roster person in full (forename or initial
    /// with surname). For tests and tools.
    pub fn matches_name(&self, text: &str) -> bool {
        let f = fold(text);
        let mut v = Vec::new();
        self.find(
            f.text(),
            Want {
                names: true,
                lower_names: true,
                ..Want::default()
            },
            &mut v,
        );
        v.iter().any(|x| matches!(x, Found::Name { .. }))
    }

    /// Whether a whole value is a roster surname ("Quarrendon", "O'NEILL").
    pub fn is_surname(&self, value: &str) -> bool {
        self.people_named(fold(value.trim()).text()).is_some()
    }

    /// The people (forename key, initial) whose surname, or a spelling of
    /// it, is the whole of folded text `t`.
    fn people_named(&self, t: &str) -> Option<&[(Box<str>, u8)]> {
        let ac = self.inner.ac.as_ref()?;
        if t.is_empty() {
            return None;
        }
        let m = ac
            .find(Input::new(t).anchored(Anchored::Yes))
            .filter(|m| m.end() == t.len())?;
        let g = *self.inner.meta.get(m.pattern().as_usize())?;
        self.inner.groups.get(g as usize).map(Vec::as_slice)
    }

    /// Whether a computer login spells a roster person: initial or forename
    /// with surname, run together or joined by `.`, `_` or `-`, either way
    /// round, trailing digits and a `DOMAIN\` ignored. Checked only where a
    /// login is expected (a user folder, an author field): as a word in
    /// prose, "award" would be A. Ward.
    ///
    /// ```
    /// use foiguard::detect::roster::Roster;
    /// let r = Roster::from_csv_reader("name\nDavid Quarrendon\n".as_bytes()).unwrap();
    /// assert!(r.is_login("dquarrendon"));
    /// assert!(r.is_login(r"PSNI\david.quarrendon2"));
    /// assert!(r.is_login("QuarrendonD"));
    /// assert!(!r.is_login("jquarrendon"));
    /// ```
    pub fn is_login(&self, login: &str) -> bool {
        let login = login.rsplit('\\').next().unwrap_or(login).trim();
        let k = crate::detect::normalize::key(login);
        let k = k.trim_end_matches(|c: char| c.is_ascii_digit());
        if k.len() < 3
            || k.len() > 64
            || !k
                .bytes()
                .all(|c| c.is_ascii_lowercase() || matches!(c, b'.' | b'_' | b'-'))
        {
            return false;
        }
        let mut parts = k.split(['.', '_', '-']).filter(|p| !p.is_empty());
        let (a, b) = (parts.next().unwrap_or(""), parts.next());
        if parts.next().is_some() {
            return false;
        }
        match b {
            Some(b) => self.first_and_surname(a, b) || self.first_and_surname(b, a),
            None => {
                let n = a.len();
                self.first_and_surname(&a[..1], &a[1..])
                    || self.first_and_surname(&a[n - 1..], &a[..n - 1])
                    || (2..n.saturating_sub(1)).any(|i| {
                        self.first_and_surname(&a[..i], &a[i..])
                            || self.first_and_surname(&a[n - i..], &a[..n - i])
                    })
            }
        }
    }

    /// Whether `first` (a forename or an initial, lower case) and `surname`
    /// (lower case) are one roster person's.
    fn first_and_surname(&self, first: &str, surname: &str) -> bool {
        if surname.len() < 2 || first.is_empty() {
            return false;
        }
        let Some(group) = self.people_named(surname) else {
            return false;
        };
        group.iter().any(|(f, i)| match first.as_bytes() {
            [c] => *i == *c,
            _ => crate::detect::normalize::key(f)
                .bytes()
                .filter(u8::is_ascii_alphabetic)
                .eq(first.bytes()),
        })
    }

    /// Whether a whole number is a roster identifier (pay, warrant, collar...).
    pub fn has_number(&self, digits: &str) -> bool {
        pack_digits(digits.as_bytes())
            .filter(|_| digits.bytes().all(|c| c.is_ascii_digit()))
            .is_some_and(|k| self.inner.numbers.get(&k).is_some())
    }

    /// Look up a number cell value directly (no formatting needed).
    pub(crate) fn number_kinds(&self, value: f64) -> Option<u8> {
        if !(value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value < 1e18) {
            return None;
        }
        let v = value as u64;
        let len = if v == 0 { 1 } else { v.ilog10() as u8 + 1 };
        self.inner.numbers.get(&(len, v))
    }

    /// Find roster names, identifiers and numbers in folded text. The flags
    /// say what to look for (the caller knows the text's shape cheaply).
    pub(crate) fn find(&self, text: &str, want: Want, out: &mut Vec<Found>) {
        let b = text.as_bytes();
        let inner = &*self.inner;
        if want.names
            && let Some(ac) = &inner.ac
        {
            // The automaton is anchored at word starts that pass the
            // prefix filter. A name with a capital ("Jane Quarrendon",
            // "QUARRENDON J", "Jane quarrendon") is checked by verify_name;
            // one all in lower case only as a full forename and surname
            // ("jane quarrendon", "quarrendon, jane").
            let letter = |c: u8| c.is_ascii_alphabetic() || c >= 0x80;
            let mut prev_cap = false;
            let mut i = 0;
            while i < b.len() {
                if !prev_cap {
                    // Not after a capital: skip to the next word that may
                    // start a name (one with a capital or a non-ASCII
                    // letter, unless lower-case names are wanted).
                    let next = if want.lower_names {
                        b[i..].iter().position(|&c| letter(c))
                    } else {
                        b[i..]
                            .iter()
                            .position(|&c| c.is_ascii_uppercase() || c >= 0x80)
                    };
                    match next {
                        Some(p) => i += p,
                        None => break,
                    }
                }
                if !letter(b[i])
                    || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] >= 0x80))
                {
                    i += 1;
                    continue;
                }
                let cap = b[i].is_ascii_uppercase() || b[i] >= 0x80;
                if inner.prefixes.may_start(&b[i..]) {
                    let input = Input::new(text).span(i..b.len()).anchored(Anchored::Yes);
                    if let Some(m) = ac.find(input) {
                        let e = m.end();
                        let after = !b
                            .get(e)
                            .is_some_and(|c| c.is_ascii_alphanumeric() || *c >= 0x80);
                        if after
                            && let Some(&g) = inner.meta.get(m.pattern().as_usize())
                            && let Some(group) = inner.groups.get(g as usize)
                        {
                            if cap || prev_cap {
                                match verify_name(text, i, e, group) {
                                    Some((a, z)) => out.push(Found::Name { start: a, end: z }),
                                    None => out.push(Found::Surname { start: i, end: e }),
                                }
                            } else if let Some((a, z)) = verify_lower_name(text, i, e, group) {
                                out.push(Found::Name { start: a, end: z });
                            }
                        }
                    }
                }
                prev_cap = cap;
                // Skip to the end of this word.
                i = name_word_end(b, i);
            }
        }
        if !inner.ids.is_empty() {
            if want.ids {
                self.find_ids(b, out);
            }
            if want.emails {
                self.find_emails(b, out);
            }
        }
        if want.numbers && !inner.numbers.is_empty() {
            let mut i = 0;
            while i < b.len() {
                if !b[i].is_ascii_digit() {
                    i += 1;
                    continue;
                }
                let s = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                if let Some(k) = pack_digits(&b[s..i])
                    && let Some(kinds) = inner.numbers.get(&k)
                {
                    let glued = (s > 0 && b[s - 1].is_ascii_alphabetic())
                        || b.get(i).is_some_and(|c| c.is_ascii_alphabetic());
                    out.push(Found::Number {
                        start: s,
                        end: i,
                        kinds,
                        glued,
                    });
                }
            }
        }
    }
}

impl Roster {
    fn lookup_id(&self, tok: &[u8]) -> Option<u8> {
        if tok.len() < 3 || tok.len() > 128 {
            return None;
        }
        let mut buf = [0u8; 128];
        let dst = buf.get_mut(..tok.len())?;
        for (d, s) in dst.iter_mut().zip(tok) {
            *d = s.to_ascii_lowercase();
        }
        let k = std::str::from_utf8(dst).ok()?;
        self.inner.ids.get(k).copied()
    }

    /// Identifiers with letters and digits: tokens of letters, digits and
    /// inner `-` `/` `.` holding both.
    fn find_ids(&self, b: &[u8], out: &mut Vec<Found>) {
        let part = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'/' | b'.');
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_alphanumeric() || (i > 0 && b[i - 1] >= 0x80) {
                i += 1;
                continue;
            }
            let s = i;
            while i < b.len() && part(b[i]) {
                i += 1;
            }
            let mut e = i;
            while e > s && matches!(b[e - 1], b'-' | b'/' | b'.') {
                e -= 1;
            }
            if b.get(i).is_some_and(|&c| c >= 0x80) {
                continue;
            }
            let tok = &b[s..e];
            let digit = tok.iter().any(u8::is_ascii_digit);
            let alpha = tok.iter().any(u8::is_ascii_alphabetic);
            if digit && alpha {
                if let Some(kinds) = self.lookup_id(tok) {
                    out.push(Found::Id {
                        start: s,
                        end: e,
                        kinds,
                    });
                } else if tok.contains(&b'-') || tok.contains(&b'/') {
                    // "PC-4521AB" or "4521AB/2023": try the pieces too.
                    let mut p = s;
                    for (j, &c) in tok.iter().enumerate() {
                        if matches!(c, b'-' | b'/' | b'.') {
                            let piece = &b[p..s + j];
                            if let Some(kinds) = self.lookup_id(piece) {
                                out.push(Found::Id {
                                    start: p,
                                    end: s + j,
                                    kinds,
                                });
                            }
                            p = s + j + 1;
                        }
                    }
                    if let Some(kinds) = self.lookup_id(&b[p..e]) {
                        out.push(Found::Id {
                            start: p,
                            end: e,
                            kinds,
                        });
                    }
                }
            }
        }
    }

    /// E-mail addresses around each `@`.
    fn find_emails(&self, b: &[u8], out: &mut Vec<Found>) {
        for (at, _) in b.iter().enumerate().filter(|(_, c)| **c == b'@') {
            let mut s = at;
            while s > 0
                && (b[s - 1].is_ascii_alphanumeric()
                    || matches!(b[s - 1], b'.' | b'_' | b'%' | b'+' | b'-' | b'\''))
            {
                s -= 1;
            }
            let mut e = at + 1;
            while e < b.len() && (b[e].is_ascii_alphanumeric() || matches!(b[e], b'.' | b'-')) {
                e += 1;
            }
            while e > at + 1 && b[e - 1] == b'.' {
                e -= 1;
            }
            while s < at && matches!(b[s], b'.' | b'\'' | b'-') {
                s += 1;
            }
            if s < at
                && e > at + 1
                && let Some(kinds) = self.lookup_id(&b[s..e])
            {
                out.push(Found::Id {
                    start: s,
                    end: e,
                    kinds,
                });
            }
        }
    }
}

/// A word token ending at or before `pos` (skipping spaces, one comma or
/// dot): (start, end).
fn token_before(b: &[u8], pos: usize) -> Option<(usize, usize)> {
    let mut e = pos;
    let mut skipped = 0;
    // ('_' too: "Statement_Quarrendon_D.docx", "BWV_Orla_Mulholland.mp4".)
    while e > 0 && matches!(b[e - 1], b' ' | b'\t' | b'.' | b'_') && skipped < 3 {
        e -= 1;
        skipped += 1;
    }
    if skipped == 0 && pos > 0 {
        return None;
    }
    let mut s = e;
    while s > 0
        && (b[s - 1].is_ascii_alphabetic()
            || b[s - 1] >= 0x80
            || b[s - 1] == b'\''
            || b[s - 1] == b'-')
    {
        s -= 1;
    }
    (s < e).then_some((s, e))
}

/// A word token starting at or after `pos` (skipping spaces and one comma).
fn token_after(b: &[u8], pos: usize) -> Option<(usize, usize, bool)> {
    let mut s = pos;
    let mut comma = false;
    let mut skipped = 0;
    while s < b.len() && matches!(b[s], b' ' | b'\t' | b',' | b'_') && skipped < 3 {
        comma |= b[s] == b',';
        s += 1;
        skipped += 1;
    }
    if skipped == 0 {
        return None;
    }
    let mut e = s;
    while e < b.len()
        && (b[e].is_ascii_alphabetic() || b[e] >= 0x80 || b[e] == b'\'' || b[e] == b'-')
    {
        e += 1;
    }
    (s < e).then_some((s, e, comma))
}

fn upper_initial(tok: &str) -> Option<u8> {
    let mut ch = tok.chars();
    let c = ch.next()?;
    (ch.next().is_none() && c.is_ascii_uppercase()).then_some(c.to_ascii_lowercase() as u8)
}

/// A surname in lower case with one of `group`'s forenames in full just
/// before it ("jane quarrendon") or after a comma ("quarrendon, jane"):
/// initials and a lone surname are too weak in lower-case text.
fn verify_lower_name(
    text: &str,
    s: usize,
    e: usize,
    group: &[(Box<str>, u8)],
) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let is_fore = |tok: &str| {
        group
            .iter()
            .any(|(f, _)| !f.is_empty() && f.len() == tok.len() && f.eq_ignore_ascii_case(tok))
    };
    if let Some((ts, te)) = token_before(b, s)
        && b[te..s].iter().all(|&c| c == b' ')
        && is_fore(&text[ts..te])
    {
        return Some((ts, e));
    }
    match token_after(b, e) {
        Some((ts, te, true)) if is_fore(&text[ts..te]) => Some((s, te)),
        _ => None,
    }
}

/// Check the words around a surname match for one of `group`'s forenames
/// or initials. Returns the span of the whole name.
fn verify_name(text: &str, s: usize, e: usize, group: &[(Box<str>, u8)]) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let sur = &text[s..e];
    let sur_cap = sur.chars().next().is_some_and(char::is_uppercase);
    let sur_upper = sur.chars().all(|c| !c.is_lowercase());
    let is_fore = |tok: &str| {
        group
            .iter()
            .any(|(f, _)| !f.is_empty() && f.len() == tok.len() && f.eq_ignore_ascii_case(tok))
    };
    let is_init = |i: u8| group.iter().any(|&(_, x)| x != 0 && x == i);

    // Before: "Jane Quarrendon", "J Quarrendon", "J. A. Quarrendon", "Jane A Quarrendon".
    let mut pos = s;
    for _ in 0..3 {
        let Some((ts, te)) = token_before(b, pos) else {
            break;
        };
        // Tokens before must be separated by spaces only (and dots after initials).
        if b[te..pos].contains(&b',') {
            break;
        }
        let tok = &text[ts..te];
        let tok_cap = tok.chars().next().is_some_and(char::is_uppercase);
        if is_fore(tok) && (tok_cap || sur_cap) {
            return Some((ts, e));
        }
        if let Some(i) = upper_initial(tok) {
            if is_init(i) && sur_cap {
                // The first of several initials must be the person's.
                let first = token_before(b, ts)
                    .and_then(|(a, z)| upper_initial(&text[a..z]).map(|_| (a, z)));
                match first {
                    Some((a, z)) => {
                        if upper_initial(&text[a..z]).is_some_and(is_init) {
                            return Some((a, e));
                        }
                        pos = ts;
                        continue;
                    }
                    None => return Some((ts, e)),
                }
            }
            pos = ts;
            continue;
        }
        // A middle name between forename and surname.
        if tok_cap && pos == s {
            pos = ts;
            continue;
        }
        break;
    }
    // After: "Quarrendon, Jane", "Quarrendon Jane", "QUARRENDON J", "Quarrendon, J."
    if let Some((ts, te, comma)) = token_after(b, e) {
        let tok = &text[ts..te];
        let tok_cap = tok.chars().next().is_some_and(char::is_uppercase);
        if is_fore(tok) && (tok_cap || sur_cap) && (comma || sur_upper || tok_cap) {
            return Some((s, te));
        }
        if let Some(i) = upper_initial(tok)
            && is_init(i)
            && (sur_cap || sur_upper)
            && !b.get(te).is_some_and(|c| c.is_ascii_alphanumeric())
        {
            let end = if b.get(te) == Some(&b'.') { te + 1 } else { te };
            return Some((s, end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::filters::Prefixes;
    use super::load::read_whole;
    use super::*;

    fn roster() -> Roster {
        let csv = "Surname,Forename,Pay No,Warrant_Number,Collar number,Email,Rank,Extra ID\n\
                   Quarrendon,Jane,825729,141183,4521AB,jane.quarrendon@police.example.uk,PC,XK-2231\n\
                   Ó Néill,Seán,825730,141184,4522,,Sgt,\n\
                   Vellacott,Tom,825731,,77,,Insp,\n";
        Roster::from_csv_reader(csv.as_bytes()).unwrap()
    }

    fn found(r: &Roster, t: &str) -> Vec<Found> {
        let f = fold(t);
        let mut v = Vec::new();
        r.find(f.text(), Want::ALL, &mut v);
        v
    }

    #[test]
    fn name_variants() {
        let r = roster();
        assert_eq!(r.len(), 3);
        for t in [
            "Jane Quarrendon",
            "Quarrendon, Jane",
            "J Quarrendon",
            "J. Quarrendon",
            "QUARRENDON J",
            "QUARRENDON, JANE",
            "jane QUARRENDON",
            "Sean O Neill",
            "Seán Ó Néill",
            "SEAN O'NEILL",
            "Tom Vellacott",
            "J. A. Quarrendon",
            "Jane Anne Quarrendon",
            // All in lower case: a full forename and surname.
            "spoke to jane quarrendon today",
            "quarrendon, jane",
            "se\u{e1}n \u{f3} n\u{e9}ill",
            "sean o'neill",
        ] {
            assert!(r.matches_name(t), "{t}");
        }
        for t in [
            "Quarrendon Road",
            "A Quarrendon",
            "Mary Quarrendon",
            "quarrendonshire j",
            // Lower case needs the full forename, and only a name.
            "j quarrendon",
            "j. quarrendon",
            "quarrendon road",
            "quarrendon jane",
            "jane, quarrendon",
        ] {
            assert!(!r.matches_name(t), "{t}");
        }
    }

    #[test]
    fn surname_alone_is_reported_as_such() {
        let r = roster();
        assert!(r.is_surname("QUARRENDON"));
        assert!(r.is_surname(" Ó Néill "));
        assert!(!r.is_surname("Quarrendon Road"));
        assert_eq!(
            found(&r, "Quarrendon Road"),
            vec![Found::Surname { start: 0, end: 10 }]
        );
    }

    #[test]
    fn numbers_and_ids() {
        let r = roster();
        let v = found(&r, "warrant 141183");
        assert!(matches!(
            v[..],
            [Found::Number {
                start: 8,
                end: 14,
                kinds: idk::WARRANT,
                glued: false
            }]
        ));
        assert!(found(&r, "1411830").is_empty());
        assert!(
            found(&r, "PC4522")
                .iter()
                .any(|f| matches!(f, Found::Number { glued: true, .. }))
        );
        assert!(
            found(&r, "collar 4521ab")
                .iter()
                .any(|f| matches!(f, Found::Id { .. }))
        );
        assert!(found(&r, "Ref XK-2231 noted").iter().any(|f| matches!(
            f,
            Found::Id {
                kinds: idk::OTHER,
                ..
            }
        )));
        assert!(
            found(&r, "mail Jane.Quarrendon@police.example.uk now")
                .iter()
                .any(|f| matches!(
                    f,
                    Found::Id {
                        kinds: idk::EMAIL,
                        ..
                    }
                ))
        );
        assert!(r.has_number("825729"));
        assert!(!r.has_number("825728"));
        assert_eq!(r.number_kinds(825731.0), Some(idk::PAYROLL));
        // Rank column values are not identifiers.
        assert!(found(&r, "PC").is_empty());
    }

    #[test]
    fn full_name_column() {
        let csv = "Name,Payroll\nJane Quarrendon,1\n\"Vellacott, Tom\",2\nSeán Ó Néill,3\n";
        let r = Roster::from_csv_reader(csv.as_bytes()).unwrap();
        assert!(r.matches_name("J. Quarrendon"));
        assert!(r.matches_name("Tom Vellacott"));
        assert!(r.matches_name("Sean O'Neill"));
    }

    #[test]
    fn the_prefix_filter_skips_only_words_no_surname_starts() {
        let csv = "name\nJane Quarrendon\nLi Ng\nSe\u{e1}n \u{d3} N\u{e9}ill\nAnn Smith-Jones\nBo Ox\nAl O'Hara\n";
        let filtered = Roster::from_csv_reader(csv.as_bytes()).unwrap();
        let mut open = Roster::from_csv_reader(csv.as_bytes()).unwrap();
        let inner = Arc::get_mut(&mut open.inner).unwrap();
        inner.prefixes = Prefixes(vec![u64::MAX; inner.prefixes.0.len()]);
        let words = [
            "Quarrendon",
            "QUARRENDON",
            "Ng",
            "NG4",
            "Ngozi",
            "O'Neill",
            "O Neill",
            "ONeill",
            "Smith-Jones",
            "Smith Jones",
            "Ox",
            "Oxford",
            "O'Hara",
            "OHara",
            "CCTV",
            "Jane",
            "J.",
            "Li",
            "Sean",
            "Ann",
            "Bo",
            "Al",
        ];
        let mut n = 0;
        for a in words {
            for b in words {
                for sep in [" ", ", ", "-", ""] {
                    let raw = format!("{a}{sep}{b} x");
                    let folded = fold(&raw);
                    let text = folded.text();
                    let (mut x, mut y) = (Vec::new(), Vec::new());
                    filtered.find(text, Want::ALL, &mut x);
                    open.find(text, Want::ALL, &mut y);
                    assert_eq!(x, y, "{text:?}");
                    n += x.len();
                }
            }
        }
        assert!(n > 100, "the texts hold names: {n}");
    }

    #[test]
    fn rosters_as_excel_saves_them() {
        let text = "Se\u{e1}n \u{d3} N\u{e9}ill and Jane Quarrendon";
        let names = |r: &Roster| {
            let folded = fold(text);
            let mut found = Vec::new();
            r.find(folded.text(), Want::ALL, &mut found);
            found
                .iter()
                .filter(|f| matches!(f, Found::Name { .. }))
                .count()
        };
        let utf8 = "surname,forename\n\u{d3} N\u{e9}ill,Se\u{e1}n\nQuarrendon,Jane\n";
        // "CSV (Comma delimited)": Windows-1252.
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(utf8);
        // "Unicode Text": UTF-16 with a byte order mark.
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(utf8.encode_utf16().flat_map(u16::to_le_bytes));
        // A semicolon locale.
        let semi = utf8.replace(',', ";");
        for (what, bytes) in [
            ("UTF-8", utf8.as_bytes().to_vec()),
            ("Windows-1252", cp1252.into_owned()),
            ("UTF-16", utf16),
            ("semicolons", semi.into_bytes()),
        ] {
            let r = Roster::from_csv_reader(&bytes[..]).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(names(&r), 2, "{what}");
        }
    }

    /// Names and numbers a roster finds in `text`: (names, numbers).
    fn found_in(r: &Roster, text: &str) -> (usize, usize) {
        let folded = fold(text);
        let mut found = Vec::new();
        r.find(folded.text(), Want::ALL, &mut found);
        let names = found
            .iter()
            .filter(|f| matches!(f, Found::Name { .. }))
            .count();
        let numbers = found
            .iter()
            .filter(|f| matches!(f, Found::Number { .. }))
            .count();
        (names, numbers)
    }

    #[test]
    fn a_roster_workbook_is_read_sheet_by_sheet() {
        // An HR export as Excel saves it: a title row, a blank row, then the
        // header; numbers stored as numbers; a second sheet with a name
        // column and e-mail addresses.
        let mut wb = rust_xlsxwriter::Workbook::new();
        let officers = wb.add_worksheet().set_name("Officers").unwrap();
        officers.write(0, 0, "Staff list, November").unwrap();
        for (c, h) in ["Surname", "Forename", "Service number"].iter().enumerate() {
            officers.write(2, c as u16, *h).unwrap();
        }
        officers.write(3, 0, "Quarrendon").unwrap();
        officers.write(3, 1, "Jane").unwrap();
        officers.write(3, 2, 825729).unwrap();
        let staff = wb.add_worksheet().set_name("Police staff").unwrap();
        staff.write(0, 0, "Name").unwrap();
        staff.write(0, 1, "Email").unwrap();
        staff.write(1, 0, "Se\u{e1}n \u{d3} N\u{e9}ill").unwrap();
        staff.write(1, 1, "sean.oneill@police.example").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let r = load::parse_bytes(bytes, "staff.xlsx").unwrap();
        assert_eq!(r.len(), 2, "two people (the title row is not one)");
        assert!(r.matches_name("Jane Quarrendon"));
        assert_eq!(found_in(&r, "QUARRENDON J, service no. 825729"), (1, 1));
        assert_eq!(found_in(&r, "Sean O'Neill"), (1, 0));
        assert_eq!(found_in(&r, "8257290"), (0, 0));
    }

    #[test]
    fn a_title_above_the_header_row_is_skipped() {
        // Read as the header, the title would make every column "other":
        // names never matched, while the numbers still made it look loaded.
        let csv = "Staff list (November),,\n,,\nSurname,Forename,Pay no\nQuarrendon,Jane,825729\n";
        let r = Roster::from_csv_reader(csv.as_bytes()).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(found_in(&r, "QUARRENDON J, pay no 825729"), (1, 1));
        // Without a header it knows, the first row is the header.
        let r = Roster::from_csv_reader(&b"Team,Code\nNorth,AB4521\n"[..]).unwrap();
        assert_eq!(r.len(), 1);
    }

    #[test]
    fn a_damaged_roster_workbook_is_an_error() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet().write(0, 0, "surname").unwrap();
        let mut bytes = wb.save_to_buffer().unwrap();
        bytes.truncate(bytes.len() / 2);
        let e = load::parse_bytes(bytes, "staff.xlsx")
            .map(|_| ())
            .unwrap_err();
        assert!(e.contains("cannot read it as a workbook"), "{e}");
    }

    #[test]
    fn a_tsv_roster_is_split_at_tabs() {
        // Commas in every line would win the sniffing; the name says tabs.
        let dir = std::env::temp_dir().join(format!("foiguard-roster-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("staff.tsv");
        std::fs::write(&path, "name\tnotes, if any\nQuarrendon, Jane\tx, y\n").unwrap();
        let r = Roster::load(&path);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found_in(&r.unwrap(), "Jane Quarrendon"), (1, 0));
    }

    #[test]
    fn a_roster_with_nothing_to_match_is_an_error() {
        // Columns it cannot use and values with nothing to match: checking
        // against it would check nothing.
        let e = Roster::from_csv_reader(&b"Team,Notes\nNorth,on leave\n"[..]).unwrap_err();
        assert!(
            e.contains("no names or identifiers") && e.contains("'T***', 'N****'"),
            "{e}"
        );
        assert!(
            Roster::from_csv_reader(&b"surname\n"[..]).is_err(),
            "a header alone"
        );
        // Small numbers under columns it does not know identify no one.
        assert!(Roster::from_csv_reader(&b"colour,size\nred,4\nblue,12\n"[..]).is_err());
    }

    #[test]
    fn a_roster_without_its_header_row_is_an_error_that_quotes_no_one() {
        // The first person where the headers should be would never be
        // matched; the error must not print them either.
        for csv in [
            &b"Zelda Quarrington,83920571\nAlan Vellacott,83920572\n"[..],
            &b"Zelda Quarrington,z.quarrington@force.police.uk\n"[..],
        ] {
            let e = Roster::from_csv_reader(csv).unwrap_err();
            assert!(e.contains("no header row"), "{e}");
            assert!(!e.contains("Quarrington") && !e.contains("8392"), "{e}");
            assert!(e.contains("'Z**** Q**********'"), "{e}");
        }
        // Headers foiguard does not know, over identifiers, are still a roster.
        let r = Roster::from_csv_reader(&b"Staff Ref\nQX83920571\n"[..]);
        assert!(r.is_ok(), "{:?}", r.err());
    }

    #[test]
    fn an_oversized_roster_is_refused() {
        let big = vec![b'x'; (3 << 20) + 1];
        let e = read_whole(&big[..], 3 << 20).unwrap_err();
        assert!(e.contains("more than 3 MB"), "{e}");
        assert_eq!(read_whole(&big[..3 << 20], 3 << 20).unwrap().len(), 3 << 20);
    }

    #[test]
    fn byte_order_mark_quotes_and_stray_bytes() {
        // Excel's "CSV UTF-8" starts with a byte order mark; quoted fields
        // are unquoted; a Windows-1252 byte in one record spoils neither
        // it nor the others.
        let csv = b"\xef\xbb\xbfSurname,Forename,Payroll number\n\
            Quarrendon,Jane,825729\n\
            \"Vellacott\",\"Tom\",825730\n\
            Caf\xe9,Anne,825731\n";
        let r = Roster::from_csv_reader(&csv[..]).unwrap();
        assert_eq!(r.len(), 3);
        assert!(
            r.matches_name("Jane Quarrendon"),
            "the BOM is not part of the header"
        );
        assert!(r.has_number("825729") && r.has_number("825731"));
        assert!(r.matches_name("Tom Vellacott"));
    }

    #[test]
    fn big_roster_loads_fast() {
        let mut csv =
            String::from("surname,forename,payroll_number,warrant_number,shoulder_number,email\n");
        for i in 0..50_000u32 {
            let sur = format!("Surn{}{}", (b'a' + (i % 26) as u8) as char, i / 3);
            csv.push_str(&format!(
                "{sur},Name{},{},{},{}AB,{}.x@police.example.uk\n",
                i % 500,
                800_000 + i,
                100_000 + i,
                i % 9999,
                sur.to_lowercase()
            ));
        }
        let t = std::time::Instant::now();
        let r = Roster::from_csv_reader(csv.as_bytes()).unwrap();
        let took = t.elapsed();
        assert_eq!(r.len(), 50_000);
        assert!(r.has_number("800123"));
        // Generous bound for debug builds on a shared machine; release is far faster.
        assert!(took.as_secs_f64() < 20.0, "{took:?}");
    }
}
