//! The shared string table (`xl/sharedStrings.xml`), kept compact: one text
//! buffer plus end offsets, counted as read against `max_shared_strings`
//! (the `uniqueCount` a file claims is never trusted).
//!
//! ```
//! use foiguard::source::{ooxml::shared_strings::SharedStrings, Limits};
//! let xml = br#"<sst><si><t>PC 4521</t></si><si><r><t>Jane </t></r><r><t>Doe</t></r></si></sst>"#;
//! let sst = SharedStrings::parse(&xml[..], "xl/sharedStrings.xml", &Limits::default()).unwrap();
//! assert_eq!(sst.get(1), Some("Jane Doe"));
//! assert_eq!(sst.get(2), None);
//! ```

use std::borrow::Cow;
use std::io::BufRead;
use std::sync::atomic::{AtomicU64, Ordering};

use quick_xml::events::Event;

use crate::finding::Kind;
use crate::model::{Feature, Location, TextPlace, Visitor};
use crate::numbers::thousands;
use crate::source::xml::XmlReader;
use crate::source::{Limits, Result, SourceError};

/// Shared strings: `get(i)` is the text of the i-th `<si>`.
#[derive(Debug, Default)]
pub struct SharedStrings {
    buf: String,
    ends: Vec<u32>,
    /// One bit per string: some cell used it (set by [`SharedStrings::get`]).
    used: Vec<AtomicU64>,
    /// Text of the phonetic runs, kept apart from the values.
    phonetic: Vec<String>,
}

/// Phonetic run texts kept per table (the rest are counted, not kept).
const MAX_PHONETIC: usize = 10_000;

impl SharedStrings {
    /// Parse the whole part. Phonetic runs (`<rPh>`) are not part of the value.
    pub fn parse<R: BufRead>(reader: R, part: &str, limits: &Limits) -> Result<Self> {
        let mut sst = SharedStrings::default();
        let mut r = XmlReader::new(reader, part, limits);
        let mut in_si = false;
        loop {
            match r.next()? {
                Event::Start(e) => match e.local_name().as_ref() {
                    "si" => {
                        in_si = true;
                    }
                    "rPh" => {
                        let t = read_phonetic(&mut r)?;
                        if !t.trim().is_empty() && sst.phonetic.len() < MAX_PHONETIC {
                            sst.phonetic.push(unescape_ooxml(&t).into_owned());
                        }
                    }
                    "t" if in_si => {
                        let t = r.read_text()?;
                        sst.buf.push_str(&unescape_ooxml(&t));
                    }
                    _ => {}
                },
                Event::Empty(e) if e.local_name().as_ref() == "si" => sst.end_item(part, limits)?,
                Event::End(e) if e.local_name().as_ref() == "si" => {
                    in_si = false;
                    sst.end_item(part, limits)?;
                }
                Event::Eof => break,
                _ => {}
            }
        }
        sst.used = (0..sst.ends.len().div_ceil(64))
            .map(|_| AtomicU64::new(0))
            .collect();
        Ok(sst)
    }

    fn end_item(&mut self, part: &str, limits: &Limits) -> Result<()> {
        if self.ends.len() as u64 >= limits.max_shared_strings {
            return Err(SourceError::Limit(format!(
                "{part} holds more than {} shared strings",
                thousands(limits.max_shared_strings)
            )));
        }
        let end = u32::try_from(self.buf.len())
            .map_err(|_| SourceError::Limit(format!("the text of {part} is larger than 4 GiB")))?;
        self.ends.push(end);
        Ok(())
    }

    /// The i-th string, for a cell (it is marked used).
    pub fn get(&self, i: usize) -> Option<&str> {
        if let Some(w) = self.used.get(i / 64) {
            let bit = 1u64 << (i % 64);
            // A plain load first: most strings are used many times.
            if w.load(Ordering::Relaxed) & bit == 0 {
                w.fetch_or(bit, Ordering::Relaxed);
            }
        }
        self.text(i)
    }

    fn text(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = match i.checked_sub(1) {
            Some(p) => *self.ends.get(p)? as usize,
            None => 0,
        };
        self.buf.get(start..end)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The non-empty strings no cell has asked for (call once every sheet
    /// is read), with their indices.
    pub fn unused(&self) -> impl Iterator<Item = (usize, &str)> {
        (0..self.ends.len()).filter_map(|i| {
            let used = self
                .used
                .get(i / 64)
                .is_some_and(|w| w.load(Ordering::Relaxed) & (1u64 << (i % 64)) != 0);
            let t = self.text(i)?;
            (!used && !t.trim().is_empty()).then_some((i, t))
        })
    }

    /// The texts of the phonetic runs (guides to reading East Asian text,
    /// shown only when a reader turns them on).
    pub fn phonetic(&self) -> &[String] {
        &self.phonetic
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Unused strings scanned as text per table (the rest are counted).
const MAX_UNUSED_SCANNED: usize = 100_000;

impl SharedStrings {
    /// Report what the table holds that no reader sees, once every sheet is
    /// read: strings no cell used, and phonetic runs. Each text goes to
    /// content detection as hidden text; a feature counts them.
    pub fn report_unseen(&self, loc: &Location, visitor: &dyn Visitor) {
        let place = |field| TextPlace {
            kind: Kind::InvisibleText,
            location: loc,
            field: Some(field),
            hidden: true,
        };
        let mut unused = 0u64;
        for (_, t) in self.unused() {
            unused += 1;
            if unused as usize <= MAX_UNUSED_SCANNED {
                visitor.text(place("unused_string"), t);
            }
        }
        if unused > 0 {
            visitor.feature(
                Feature::new(
                    Kind::InvisibleText,
                    loc.clone(),
                    format!(
                        "{} in the shared string table {} no cell: text left in the file that no sheet shows.",
                        crate::numbers::count(unused, "string", "strings"),
                        if unused == 1 { "is used by" } else { "are used by" }
                    ),
                )
                .variant("unused_strings")
                .count(unused),
            );
        }
        for t in &self.phonetic {
            visitor.text(place("phonetic"), t);
        }
        if !self.phonetic.is_empty() {
            let n = self.phonetic.len() as u64;
            visitor.feature(
                Feature::new(
                    Kind::InvisibleText,
                    loc.clone(),
                    format!(
                        "{} (reading guides shown only when turned on) {} text.",
                        crate::numbers::count(n, "phonetic run", "phonetic runs"),
                        if n == 1 { "holds" } else { "hold" }
                    ),
                )
                .variant("phonetic")
                .count(n),
            );
        }
    }
}

/// The text of a phonetic run (`<rPh>`), the reader just past its start tag.
fn read_phonetic<R: BufRead>(r: &mut XmlReader<R>) -> Result<String> {
    let stop = r.depth().saturating_sub(1);
    let mut out = String::new();
    loop {
        let ended = match r.next()? {
            Event::Start(e) if e.local_name().as_ref() == "t" => {
                out.push_str(&r.read_text()?);
                false
            }
            Event::End(_) => true,
            Event::Eof => {
                return Err(SourceError::Corrupt("a phonetic run is cut off".into()));
            }
            _ => false,
        };
        if ended && r.depth() == stop {
            return Ok(out);
        }
    }
}

/// Decode the `_xHHHH_` escapes OOXML uses for characters XML cannot hold
/// (`_x000D_` is a carriage return, `_x005F_` escapes an underscore).
///
/// ```
/// use foiguard::source::ooxml::shared_strings::unescape_ooxml;
/// assert_eq!(unescape_ooxml("a_x000D_b"), "a\rb");
/// assert_eq!(unescape_ooxml("_x005F_x0041_"), "_x0041_");
/// assert_eq!(unescape_ooxml("plain_x12"), "plain_x12");
/// ```
pub fn unescape_ooxml(s: &str) -> Cow<'_, str> {
    if !s.contains("_x") {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut last = 0;
    while i + 7 <= b.len() {
        if b[i] == b'_'
            && b[i + 1] == b'x'
            && b[i + 6] == b'_'
            && b[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit)
        {
            let code = s
                .get(i + 2..i + 6)
                .and_then(|h| u32::from_str_radix(h, 16).ok());
            if let Some(c) = code.and_then(char::from_u32) {
                out.push_str(&s[last..i]);
                out.push(c);
                i += 7;
                last = i;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&s[last..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_rich_empty_and_phonetic() {
        let xml = br#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="999999999">
            <si><t>first</t></si><si/><si><t></t></si>
            <si><r><rPr><b/></rPr><t xml:space="preserve">Jane </t></r><r><t>Doe &amp; co</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>
            <si><t>line_x000D_two</t></si></sst>"#;
        let sst = SharedStrings::parse(&xml[..], "sst", &Limits::default()).unwrap();
        assert_eq!(sst.len(), 5);
        assert_eq!(sst.get(0), Some("first"));
        assert_eq!(sst.get(1), Some(""));
        assert_eq!(sst.get(2), Some(""));
        assert_eq!(sst.get(3), Some("Jane Doe & co"));
        assert_eq!(sst.get(4), Some("line\rtwo"));
        assert_eq!(sst.phonetic(), ["PHONETIC"]);
    }

    #[test]
    fn strings_no_cell_used_are_listed() {
        let xml = br#"<sst><si><t>Rank</t></si><si><t>Jane Quarrendon</t></si><si><t> </t></si><si><t>Constable</t></si></sst>"#;
        let sst = SharedStrings::parse(&xml[..], "sst", &Limits::default()).unwrap();
        assert_eq!(sst.get(0), Some("Rank"));
        assert_eq!(sst.get(3), Some("Constable"));
        assert_eq!(sst.get(0), Some("Rank"));
        // Blank strings are not worth reporting.
        let unused: Vec<(usize, &str)> = sst.unused().collect();
        assert_eq!(unused, [(1, "Jane Quarrendon")]);
    }

    #[test]
    fn limits_and_truncation() {
        let xml = br#"<sst><si><t>a</t></si><si><t>b</t></si><si><t>c</t></si></sst>"#;
        let limits = Limits {
            max_shared_strings: 2,
            ..Limits::default()
        };
        assert!(matches!(
            SharedStrings::parse(&xml[..], "sst", &limits),
            Err(SourceError::Limit(_))
        ));
        let cut = br#"<sst><si><t>a</t></si><si><t>b"#;
        assert!(matches!(
            SharedStrings::parse(&cut[..], "sst", &Limits::default()),
            Err(SourceError::Corrupt(_))
        ));
    }
}
