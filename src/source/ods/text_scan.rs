//! Scanning the text of a whole entry (macros, embedded objects, charts,
//! signatures, unknown parts): XML text and attribute values, or the
//! printable runs of binary data, handed to the visitor in bounded pieces.
use std::io::BufRead;

use super::xml_walk::{Ev, starts_like_xml, walk};
use crate::finding::Kind;
use crate::model::{Location, TextPlace, Visitor};
use crate::numbers::thousands;
use crate::source::zip::ZipPackage;
use crate::source::{Limits, Result, SourceError};

/// Text handed to the visitor in pieces of at most this many bytes.
const TEXT_CHUNK: usize = 64 * 1024;
/// Shortest printable run taken from binary data.
const MIN_RUN: usize = 5;

/// Collects text and hands it to the visitor in bounded pieces.
struct TextOut<'a> {
    visitor: &'a dyn Visitor,
    kind: Kind,
    loc: &'a Location,
    field: Option<&'a str>,
    buf: String,
    items: u64,
}

impl<'a> TextOut<'a> {
    fn new(
        visitor: &'a dyn Visitor,
        kind: Kind,
        loc: &'a Location,
        field: Option<&'a str>,
    ) -> Self {
        TextOut {
            visitor,
            kind,
            loc,
            field,
            buf: String::new(),
            items: 0,
        }
    }
    fn push(&mut self, s: &str) {
        let s = s.trim();
        if s.is_empty() {
            return;
        }
        self.items += 1;
        if !self.buf.is_empty() && self.buf.len() + s.len() > TEXT_CHUNK {
            self.flush();
        }
        if !self.buf.is_empty() {
            self.buf.push('\n');
        }
        self.buf.push_str(s);
        if self.buf.len() >= TEXT_CHUNK {
            self.flush();
        }
    }
    fn flush(&mut self) {
        if !self.buf.is_empty() {
            self.visitor.text(
                TextPlace {
                    kind: self.kind,
                    location: self.loc,
                    field: self.field,
                    hidden: true,
                },
                &self.buf,
            );
            self.buf.clear();
        }
    }
}

/// Attributes that hold text in known ODF sub-documents (charts, embedded
/// documents, dialogs); in unknown parts every attribute value is scanned.
const TEXT_ATTRS: [&str; 9] = [
    "value",
    "string-value",
    "title",
    "label",
    "description",
    "href",
    "current-value",
    "help-text",
    "name",
];

/// Hand every text of an entry to the visitor: for XML, each text node and
/// attribute value (the part is parsed to its end); for other data, its
/// printable runs. Pictures are skipped. Returns how many texts were found.
pub(super) fn scan_text(
    zip: &ZipPackage<'_>,
    name: &str,
    kind: Kind,
    field: Option<&str>,
    loc: &Location,
    limits: &Limits,
    visitor: &dyn Visitor,
) -> Result<u64> {
    let all_attrs = kind == Kind::UnknownPart;
    let mut out = TextOut::new(visitor, kind, loc, field);
    zip.with_reader(name, |r| {
        if starts_like_xml(r)? {
            let mut text = String::new();
            walk(r, name, limits, |ev| {
                match ev {
                    Ev::Start(_, e) => {
                        out.push(&std::mem::take(&mut text));
                        for a in e.attributes().with_checks(false).flatten() {
                            let key = a.key.as_ref();
                            if key == "xmlns" || key.starts_with("xmlns:") {
                                continue;
                            }
                            let local = a.key.local_name();
                            if !all_attrs && !TEXT_ATTRS.contains(&local.into_inner()) {
                                continue;
                            }
                            if let Ok(v) = a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                                out.push(&v);
                            }
                        }
                    }
                    Ev::End(_) => out.push(&std::mem::take(&mut text)),
                    Ev::Text(t) => {
                        text.push_str(t);
                        if text.len() > limits.max_xml_text_bytes {
                            return Err(SourceError::Limit(format!(
                                "a text in {name} is longer than {} bytes",
                                thousands(limits.max_xml_text_bytes as u64)
                            )));
                        }
                    }
                }
                Ok(())
            })
        } else if is_picture(r.fill_buf()?) {
            Ok(())
        } else {
            binary_runs(r, &mut out)
        }
    })?;
    out.flush();
    Ok(out.items)
}

/// True for the first bytes of a common picture format.
fn is_picture(head: &[u8]) -> bool {
    head.starts_with(b"\x89PNG")
        || head.starts_with(&[0xFF, 0xD8, 0xFF])
        || head.starts_with(b"GIF8")
        || head.starts_with(b"BM")
        || head.starts_with(&[0xD7, 0xCD, 0xC6, 0x9A]) // WMF
        || head.get(40..44) == Some(b" EMF")
}

/// Printable ASCII/UTF-8 and UTF-16LE runs of binary data.
fn binary_runs(r: &mut dyn BufRead, out: &mut TextOut<'_>) -> Result<()> {
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        let n = read_full(r, &mut chunk)?;
        if n == 0 {
            return Ok(());
        }
        let data = &chunk[..n];
        for run in String::from_utf8_lossy(data).split(|c: char| c.is_control() || c == '\u{FFFD}')
        {
            if run.trim().chars().count() >= MIN_RUN {
                out.push(run);
            }
        }
        for start in 0..2 {
            let units: Vec<u16> = data
                .get(start..)
                .unwrap_or_default()
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            let mut run = String::new();
            // Characters below U+3000 only: plain ASCII bytes read as UTF-16
            // become CJK ideographs, which are left out.
            for u in char::decode_utf16(units.iter().copied()).chain(std::iter::once(Ok('\0'))) {
                match u {
                    Ok(c) if !c.is_control() && (c as u32) < 0x3000 => run.push(c),
                    _ => {
                        if run.trim().chars().count() >= MIN_RUN {
                            out.push(&run);
                        }
                        run.clear();
                    }
                }
            }
        }
    }
}

fn read_full(r: &mut dyn BufRead, buf: &mut [u8]) -> Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(SourceError::Corrupt(format!("cannot inflate entry: {e}"))),
        }
    }
    Ok(n)
}
