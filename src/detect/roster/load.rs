//! Loading a roster: its columns by header, its names split and varied,
//! its identifiers normalised, and the matcher built from them.

use std::io::Read;
use std::sync::Arc;

use aho_corasick::{AhoCorasickBuilder, AhoCorasickKind, MatchKind, StartKind};

use super::filters::{NumberSet, Prefixes, pack_digits};
use super::{Inner, Roster, idk};
use crate::detect::normalize::{FxMap, key};
use crate::source::csv::records::Records;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Col {
    Name,
    Surname,
    Forename,
    Initial,
    Payroll,
    Warrant,
    Shoulder,
    Email,
    Other,
}

pub(super) fn column(header: &str) -> Col {
    let k: String = key(header)
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.' | '#'))
        .collect();
    match k.as_str() {
        "name" | "fullname" | "officername" | "employeename" | "staffname" | "displayname"
        | "names" | "person" => Col::Name,
        "surname" | "lastname" | "familyname" | "secondname" => Col::Surname,
        "forename" | "firstname" | "givenname" | "forenames" | "givennames" | "preferredname"
        | "knownas" | "christianname" => Col::Forename,
        "initial" | "initials" | "firstinitial" => Col::Initial,
        "payrollnumber" | "payroll" | "payrollno" | "payno" | "paynumber" | "servicenumber"
        | "serviceno" | "staffnumber" | "staffno" | "staffid" | "employeenumber" | "employeeno"
        | "employeeid" | "personnelnumber" | "forcenumber" | "pensionnumber" => Col::Payroll,
        "warrantnumber" | "warrant" | "warrantno" | "warrantcardnumber" => Col::Warrant,
        "shouldernumber" | "collarnumber" | "shoulder" | "collar" | "shoulderno" | "collarno"
        | "epaulette" | "epaulettenumber" | "badgenumber" | "badge" => Col::Shoulder,
        "email" | "emailaddress" | "mail" | "workemail" => Col::Email,
        _ => Col::Other,
    }
}

/// A roster bigger than this is refused: it is read whole, and no staff
/// list comes near it (a wrong file given by mistake does).
pub(super) const MAX_ROSTER_BYTES: u64 = 1 << 30;

/// All of `r`, or an error if it holds more than `max` bytes.
pub(super) fn read_whole(r: impl Read, max: u64) -> Result<Vec<u8>, String> {
    let mut data = Vec::new();
    r.take(max.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|e| format!("cannot read: {e}"))?;
    if data.len() as u64 > max {
        return Err(format!(
            "more than {} MB: is it the right file? (a roster of 50,000 people is about 4 MB)",
            max >> 20
        ));
    }
    Ok(data)
}

/// Surname particles that join the next word: "Ó Néill", "Mac Giolla", "van der Berg".
const PARTICLES: &[&str] = &[
    "o", "mac", "mc", "de", "van", "von", "der", "den", "la", "le", "di", "da", "du", "st", "ni",
    "nic", "ui", "bin", "al", "el", "ap", "del", "dos", "das", "ben",
];

/// Split a full name into (forename, surname): "Quarrendon, Jane", "Jane
/// Quarrendon", "Seán Ó Néill" -> ("sean", "o neill").
fn split_full(name: &str) -> Option<(String, String)> {
    let k = key(name);
    if k.is_empty() {
        return None;
    }
    if let Some((sur, fore)) = k.split_once(',') {
        let f = fore.split_whitespace().next().unwrap_or("").to_string();
        return Some((f, sur.trim().to_string()));
    }
    // A key's words are split by single spaces. Most names are two words.
    match k.split_once(' ') {
        None => return Some((String::new(), k)),
        Some((f, s)) if !s.contains(' ') => return Some((f.to_string(), s.to_string())),
        _ => {}
    }
    let words: Vec<&str> = k.split(' ').collect();
    // The surname starts at the last word, or earlier at a particle.
    let mut s = words.len() - 1;
    while s >= 2 && PARTICLES.contains(&words[s - 1]) {
        s -= 1;
    }
    if s == 1 && words.len() > 2 && PARTICLES.contains(&words[0]) {
        s = 0;
    }
    let s = s.max(1);
    Some((words[0].to_string(), words[s..].join(" ")))
}

/// The forms a surname key may take in text: "o'neill" -> "o'neill",
/// "oneill", "o neill"; "smith-jones" -> "smith jones".
fn surname_variants(s: &str) -> Vec<String> {
    let mut v = vec![s.to_string()];
    if s.contains(['\'', '-', ' ']) {
        for sep in ["", " ", "'", "-"] {
            let alt: String = s.replace(['\'', '-', ' '], sep);
            if !v.contains(&alt) {
                v.push(alt);
            }
        }
    }
    v
}

fn is_date_like(v: &str) -> bool {
    let digits = v.bytes().filter(u8::is_ascii_digit).count();
    let seps = v
        .bytes()
        .filter(|c| matches!(c, b'/' | b'-' | b'.' | b':'))
        .count();
    (seps >= 2
        && digits >= 4
        && v.bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'/' | b'-' | b'.' | b':' | b' ' | b'T')))
        || v.contains(" 00:00")
}

#[derive(Default)]
struct Builder {
    people: usize,
    /// surname key -> group index
    surname_index: FxMap<String, u32>,
    /// Per group, with repeats until [`Builder::build`] removes them (a
    /// search per person made loading a big roster quadratic).
    groups: Vec<Vec<(Box<str>, u8)>>,
    /// surname pattern -> group (deduplicated)
    patterns: FxMap<String, u32>,
    numbers: FxMap<(u8, u64), u8>,
    ids: FxMap<Box<str>, u8>,
}

impl Builder {
    /// A builder with room for `rows` rows of these columns.
    fn sized(rows: usize, cols: &[Col]) -> Self {
        let count = |f: fn(&Col) -> bool| rows * cols.iter().filter(|c| f(c)).count();
        let numbers =
            count(|c| matches!(c, Col::Payroll | Col::Warrant | Col::Shoulder | Col::Other));
        let names = count(|c| matches!(c, Col::Name | Col::Surname)).min(rows);
        let mut b = Builder::default();
        b.numbers.reserve(numbers);
        b.ids.reserve(count(|c| *c == Col::Email));
        b.surname_index.reserve(names);
        b.patterns.reserve(names);
        b.groups.reserve(names);
        b
    }

    fn person(&mut self, forename: &str, surname: &str, initial: Option<char>) {
        let surname = surname.trim();
        if surname.chars().filter(|c| c.is_alphabetic()).count() < 2 {
            return;
        }
        let forename = forename.trim();
        let init = initial
            .or_else(|| forename.chars().next())
            .map(|c| c.to_ascii_lowercase() as u8)
            .filter(|c| c.is_ascii_lowercase())
            .unwrap_or(0);
        let gi = match self.surname_index.get(surname) {
            Some(&g) => g,
            None => {
                let g = self.groups.len() as u32;
                self.groups.push(Vec::new());
                self.surname_index.insert(surname.to_string(), g);
                for v in surname_variants(surname) {
                    self.patterns.entry(v).or_insert(g);
                }
                g
            }
        };
        if let Some(group) = self.groups.get_mut(gi as usize) {
            group.push((forename.into(), init));
        }
    }

    /// A digit-only identifier.
    fn number(&mut self, digits: &str, kind: u8) {
        if let Some(k) = pack_digits(digits.as_bytes()) {
            *self.numbers.entry(k).or_insert(0) |= kind;
        }
    }

    fn id(&mut self, value: &str, kind: u8) {
        // Most identifiers are plain numbers: no need to fold them.
        let t = value.trim();
        if kind != idk::EMAIL && !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit()) {
            // Under a column it does not know ("size", "grade") a number of
            // one to three digits is a count or a code, no one's identifier.
            if kind != idk::OTHER || t.len() >= 4 {
                self.number(t, kind);
            }
            return;
        }
        let v = key(value);
        let v = v.trim();
        if v.is_empty() || v == "n/a" || v == "na" || v == "-" {
            return;
        }
        if v.contains('@') {
            if v.len() >= 6 && !v.contains(' ') {
                *self.ids.entry(v.into()).or_insert(0) |= idk::EMAIL;
            }
            return;
        }
        if kind == idk::EMAIL || !v.bytes().any(|c| c.is_ascii_digit()) || is_date_like(v) {
            return;
        }
        // A key has single spaces between words: most identifiers have none.
        let compact: std::borrow::Cow<str> = if v.contains(' ') {
            v.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .into()
        } else {
            v.into()
        };
        if compact.bytes().all(|c| c.is_ascii_digit()) {
            self.number(&compact, kind);
            return;
        }
        let compact = compact.trim_matches(|c| matches!(c, '-' | '/' | '.'));
        if compact.len() >= 3
            && compact.bytes().any(|c| c.is_ascii_alphabetic())
            && compact
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'/' | b'.'))
        {
            *self.ids.entry(compact.into()).or_insert(0) |= kind;
        }
    }

    /// Add one data row, its fields in the order of `cols`.
    fn row<'a>(&mut self, cols: &[Col], fields: impl Iterator<Item = &'a str>) {
        let mut name = "";
        let mut sur = String::new();
        let mut fore = String::new();
        let mut init: Option<char> = None;
        let mut any = false;
        for (i, v) in fields.enumerate() {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            let col = cols.get(i).copied().unwrap_or(Col::Other);
            any = true;
            match col {
                Col::Name => name = v,
                Col::Surname => sur = key(v),
                Col::Forename => fore = key(v).split_whitespace().next().unwrap_or("").to_string(),
                Col::Initial => init = key(v).chars().find(|c| c.is_alphabetic()),
                Col::Payroll => self.id(v, idk::PAYROLL),
                Col::Warrant => self.id(v, idk::WARRANT),
                Col::Shoulder => self.id(v, idk::SHOULDER),
                Col::Email => self.id(v, idk::EMAIL),
                Col::Other => self.id(v, idk::OTHER),
            }
        }
        if !sur.is_empty() {
            self.person(&fore, &sur, init);
        } else if !name.is_empty()
            && let Some((f, s)) = split_full(name)
        {
            let f = if fore.is_empty() { f } else { fore };
            self.person(&f, &s, init);
        }
        if any {
            self.people += 1;
        }
    }

    /// The roster, or (fail closed) an error when nothing in it can be
    /// matched: checking against it would check nothing while the officer
    /// believes it does.
    fn finish(self, headers: &[String]) -> Result<Roster, String> {
        if self.is_empty() {
            return Err(format!(
                "no names or identifiers found in {} under the columns {}: expected a header \
                 row with name, surname, payroll_number or similar, then one row per person",
                crate::numbers::count(self.people as u64, "row", "rows"),
                masked_list(headers)
            ));
        }
        self.build()
    }

    /// Whether anything was found to match: names, numbers or codes.
    fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.numbers.is_empty() && self.ids.is_empty()
    }

    fn build(mut self) -> Result<Roster, String> {
        // Most surnames have one person: nothing to sort.
        for g in self.groups.iter_mut().filter(|g| g.len() > 1) {
            g.sort_unstable();
            g.dedup();
        }
        let mut pats: Vec<(String, u32)> = self.patterns.into_iter().collect();
        pats.sort_by(|a, b| a.0.cmp(&b.0));
        let ac = if pats.is_empty() {
            None
        } else {
            // The compact NFA: searches run only at capitalised word starts
            // that pass the prefix filter, so a DFA's faster search never
            // paid for its build (a quarter of a second for 17,000 similar
            // surnames).
            let kind = AhoCorasickKind::ContiguousNFA;
            Some(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Anchored)
                    .kind(Some(kind))
                    .build(pats.iter().map(|p| p.0.as_bytes()))
                    .map_err(|e| format!("roster: cannot build the matcher: {e}"))?,
            )
        };
        Ok(Roster {
            inner: Arc::new(Inner {
                people: self.people,
                ac,
                prefixes: Prefixes::new(pats.iter().map(|p| p.0.as_bytes())),
                meta: pats.into_iter().map(|p| p.1).collect(),
                groups: self.groups,
                numbers: NumberSet::new(self.numbers),
                ids: self.ids,
            }),
        })
    }
}

/// Read a roster from CSV text (first row: headers).
pub(super) fn parse(r: impl Read) -> Result<Roster, String> {
    // Read whole (a roster of 50,000 people is a few MB): its line count
    // sizes the maps, which growing entry by entry made slow.
    let data = read_whole(r, MAX_ROSTER_BYTES)?;
    parse_bytes(data, "roster.csv")
}

/// Read a roster file's bytes: a workbook (xlsx, xlsm, xlsb, xls, ods) or
/// CSV text. `name` is the file's name (a `.tsv` file is tab-separated).
pub(super) fn parse_bytes(data: Vec<u8>, name: &str) -> Result<Roster, String> {
    if data.starts_with(b"PK\x03\x04") || data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return parse_workbook(data);
    }
    // Decoded and split as a scanned CSV file is: Excel's "CSV" is
    // Windows-1252 (a fada in "Seán" must survive), "Unicode text" is
    // UTF-16, and some locales separate with semicolons.
    let (text, delimiter) =
        crate::source::csv::decode_small(&data, name).map_err(|e| e.to_string())?;
    let data = text.into_bytes();
    let lines = memchr::memchr_iter(b'\n', &data).count() + 1;
    // The CSV scanner's record splitter: the same records as the csv
    // crate's reader, split with memchr where a line has no quote.
    let mut records = Records::new(data.as_slice(), delimiter);
    // The first rows, owned, to find the header row among them.
    let mut head: Vec<Vec<String>> = Vec::new();
    while head.len() < HEADER_SEARCH_ROWS {
        let line = records.position().line;
        match records.read() {
            Ok(Some(rec)) => head.push(
                rec.text_fields()
                    .map_err(|e| format!("line {line}: {e}"))?
                    .map(str::to_string)
                    .collect(),
            ),
            Ok(None) => break,
            Err(e) => return Err(format!("line {line}: {e}")),
        }
    }
    let (headers, cols, first_data) = header_row(&head)?;
    if cols.is_empty() {
        return Err("the header row is empty".into());
    }
    let mut b = Builder::sized(lines, &cols);
    for row in &head[first_data..] {
        b.row(&cols, row.iter().map(String::as_str));
    }
    loop {
        let line = records.position().line;
        let rec = match records.read() {
            Ok(Some(rec)) => rec,
            Ok(None) => break,
            Err(e) => return Err(format!("line {line}: {e}")),
        };
        // The text was decoded to UTF-8 whole: fields split at ASCII
        // delimiters are UTF-8 too.
        let fields = rec.text_fields().map_err(|e| format!("line {line}: {e}"))?;
        b.row(&cols, fields);
    }
    b.finish(&headers)
}

/// Rows looked at for the header row: an export may put a title and a
/// blank row above it.
const HEADER_SEARCH_ROWS: usize = 10;

/// The header row among a roster's first rows: the first with a column
/// foiguard knows (name, surname, payroll number...), else the first with
/// a value. Returns its trimmed headers, their columns and the index of
/// the first data row after it.
///
/// A roster saved without its header row (the first person where the
/// headers should be) is an error: that person would be taken for column
/// names and never matched.
fn header_row(head: &[Vec<String>]) -> Result<(Vec<String>, Vec<Col>, usize), String> {
    let blank = |r: &Vec<String>| r.iter().all(|v| v.trim().is_empty());
    let known = |r: &Vec<String>| r.iter().any(|h| column(h.trim()) != Col::Other);
    if let Some(i) = head.iter().position(known) {
        let headers: Vec<String> = head[i].iter().map(|h| h.trim().to_string()).collect();
        let cols = headers.iter().map(|h| column(h)).collect();
        return Ok((headers, cols, i + 1));
    }
    let Some(i) = head.iter().position(|r| !blank(r)) else {
        return Ok((Vec::new(), Vec::new(), head.len()));
    };
    if head[i].iter().any(|v| looks_like_a_value(v)) {
        return Err(format!(
            "no header row: the first row holds values ({}), not column names; add a header \
             row such as name,payroll_number above the people",
            masked_list(&head[i])
        ));
    }
    let headers: Vec<String> = head[i].iter().map(|h| h.trim().to_string()).collect();
    let cols = headers.iter().map(|h| column(h)).collect();
    Ok((headers, cols, i + 1))
}

/// A cell that is a person's value, never a column's name: a number of
/// four digits or more, or an e-mail address.
fn looks_like_a_value(v: &str) -> bool {
    let mut run = 0;
    let mut longest = 0;
    for b in v.bytes() {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest >= 4 || v.contains('@')
}

/// Cells of a roster quoted in an error, masked: the roster is the most
/// sensitive file the tool reads, and errors reach reports and logs.
fn masked_list(cells: &[String]) -> String {
    cells
        .iter()
        .map(|h| format!("'{}'", crate::report::mask::mask(h.trim())))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Read a roster workbook: every worksheet, each with its own header row
/// (the first row with a value), as an HR export or a staff list saved
/// from Excel or LibreOffice holds it.
fn parse_workbook(data: Vec<u8>) -> Result<Roster, String> {
    use calamine::{Data, Reader as _};
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(data))
        .map_err(|e| format!("cannot read it as a workbook: {e}"))?;
    let mut b = Builder::default();
    let mut all_headers = Vec::new();
    for sheet in book.sheet_names() {
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| format!("sheet '{sheet}': {e}"))?;
        let text = |d: &Data| match d {
            Data::String(s) => s.clone(),
            // A number stored as a number: `Display` writes 825729.0 as "825729".
            Data::Float(f) => f.to_string(),
            Data::Int(i) => i.to_string(),
            // Dates, booleans and errors identify nobody.
            _ => String::new(),
        };
        let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
        let head = &rows[..rows.len().min(HEADER_SEARCH_ROWS)];
        let (headers, cols, first_data) =
            header_row(head).map_err(|e| format!("sheet '{sheet}': {e}"))?;
        for row in &rows[first_data..] {
            b.row(&cols, row.iter().map(String::as_str));
        }
        all_headers.extend(headers.into_iter().filter(|h| !h.is_empty()));
    }
    b.finish(&all_headers)
}
