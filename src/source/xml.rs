//! Safe XML reading for every XML part of every format: no DTDs or custom
//! entities, bounded nesting and text size, and a part that ends mid-element
//! is malformed (quick-xml alone reports a plain end of file for that).
//!
//! ```
//! use foiguard::source::{xml::XmlReader, Limits};
//! use quick_xml::events::Event;
//! let mut r = XmlReader::new(&b"<a><b x='1'>J&amp;Q</b></a>"[..], "t.xml", &Limits::default());
//! let mut text = String::new();
//! loop {
//!     match r.next().unwrap() {
//!         Event::Start(e) if e.local_name().as_ref() == "b" => text = r.read_text().unwrap(),
//!         Event::Eof => break,
//!         _ => {}
//!     }
//! }
//! assert_eq!(text, "J&Q");
//! let mut bad = XmlReader::new(&b"<a><b>cut"[..], "t.xml", &Limits::default());
//! assert!(bad.drain().is_err());
//! ```

use std::borrow::Cow;
use std::io::BufRead;

use quick_xml::events::{BytesRef, BytesStart, Event};

use super::{Limits, Result, SourceError};
use crate::numbers::thousands;

/// A quick-xml reader that enforces the limits and tracks nesting depth.
pub struct XmlReader<R> {
    inner: quick_xml::Reader<Budget<R>>,
    buf: Vec<u8>,
    depth: usize,
    part: String,
    max_depth: usize,
    max_text: usize,
}

impl<R: BufRead> XmlReader<R> {
    pub fn new(reader: R, part: &str, limits: &Limits) -> Self {
        let max_text = limits.max_xml_text_bytes;
        let mut inner = quick_xml::Reader::from_reader(Budget {
            inner: reader,
            used: 0,
            max: max_text as u64,
        });
        let cfg = inner.config_mut();
        cfg.check_end_names = true;
        cfg.expand_empty_elements = false;
        cfg.trim_text_start = false;
        cfg.trim_text_end = false;
        XmlReader {
            inner,
            buf: Vec::with_capacity(8 * 1024),
            depth: 0,
            part: part.to_string(),
            max_depth: limits.max_xml_depth,
            max_text: limits.max_xml_text_bytes,
        }
    }

    /// The part name, for error messages.
    pub fn part(&self) -> &str {
        &self.part
    }

    /// Current element depth (0 outside the root element).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The next event. `Event::Eof` is returned only when the document is
    /// complete; a document cut off mid-element, a DTD, or an over-deep or
    /// over-long element is an error.
    pub fn next(&mut self) -> Result<Event<'_>> {
        let XmlReader {
            inner,
            buf,
            depth,
            part,
            max_depth,
            max_text,
        } = self;
        buf.clear();
        let pos = inner.buffer_position();
        inner.get_mut().used = 0;
        let ev = match inner.read_event_into(buf) {
            Ok(ev) => ev,
            Err(_) if inner.get_ref().used > *max_text as u64 => {
                return Err(SourceError::Limit(format!(
                    "an XML element in {part} is longer than {} bytes",
                    thousands(*max_text as u64)
                )));
            }
            Err(e) => {
                return Err(SourceError::Corrupt(format!(
                    "malformed XML in {part} near byte {pos}: {e}"
                )));
            }
        };
        if inner.buffer_position().saturating_sub(pos) > *max_text as u64 {
            return Err(SourceError::Limit(format!(
                "an XML element in {part} is longer than {} bytes",
                thousands(*max_text as u64)
            )));
        }
        let malformed =
            |why: String| SourceError::Corrupt(format!("malformed XML in {part}: {why}"));
        match &ev {
            Event::Start(_) => {
                *depth += 1;
                if *depth > *max_depth {
                    return Err(SourceError::Limit(format!(
                        "XML in {part} nests deeper than {max_depth} elements"
                    )));
                }
            }
            Event::End(_) => {
                if *depth == 0 {
                    return Err(malformed("closing tag without an opening tag".into()));
                }
                *depth -= 1;
            }
            Event::DocType(_) => {
                return Err(malformed(
                    "a DTD is not allowed (entity expansion attack?)".into(),
                ));
            }
            Event::Eof if *depth > 0 => {
                return Err(malformed(format!(
                    "the part ends inside an element (depth {depth}): truncated"
                )));
            }
            _ => {}
        }
        Ok(ev)
    }

    /// After a `Start` event: read the text of the element up to its end tag,
    /// including the text of nested elements (rich-text runs), with entity and
    /// character references resolved.
    pub fn read_text(&mut self) -> Result<String> {
        let mut out = String::new();
        self.read_text_into(&mut out)?;
        Ok(out)
    }

    /// [`XmlReader::read_text`] into a buffer the caller reuses (cleared first).
    pub fn read_text_into(&mut self, out: &mut String) -> Result<()> {
        out.clear();
        let stop = self.depth.saturating_sub(1);
        let max = self.max_text;
        loop {
            let mut ended = false;
            match self.next()? {
                Event::Text(t) => out.push_str(&t.xml10_content()),
                Event::CData(t) => out.push_str(&t.into_inner()),
                Event::GeneralRef(r) => push_ref(out, &r),
                Event::End(_) => ended = true,
                Event::Eof => {
                    return Err(SourceError::Corrupt(
                        "read_text called outside an element".into(),
                    ));
                }
                _ => {}
            }
            if ended && self.depth == stop {
                return Ok(());
            }
            if out.len() > max {
                return Err(SourceError::Limit(format!(
                    "an XML text in {} is longer than {max} bytes",
                    self.part,
                    max = thousands(max as u64)
                )));
            }
        }
    }

    /// After a `Start` event: skip to the matching end tag.
    pub fn skip(&mut self) -> Result<()> {
        let stop = self.depth.saturating_sub(1);
        loop {
            let (ended, eof) = match self.next()? {
                Event::End(_) => (true, false),
                Event::Eof => (false, true),
                _ => (false, false),
            };
            if eof {
                return Err(SourceError::Corrupt(
                    "skip called outside an element".into(),
                ));
            }
            if ended && self.depth == stop {
                return Ok(());
            }
        }
    }

    /// Parse the rest of the document, only to prove it is well formed.
    pub fn drain(&mut self) -> Result<()> {
        loop {
            if let Event::Eof = self.next()? {
                return Ok(());
            }
        }
    }
}

/// The bytes under the XML parser, with a budget for one event: quick-xml
/// buffers a whole tag or text node before returning it, so without this a
/// single huge text node would be held in memory before its size is checked.
struct Budget<R> {
    inner: R,
    /// Bytes consumed since the current event began.
    used: u64,
    max: u64,
}

impl<R: BufRead> std::io::Read for Budget<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        super::read_buffered(self, out)
    }
}

impl<R: BufRead> BufRead for Budget<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.used > self.max {
            return Err(std::io::Error::other("XML event over the size limit"));
        }
        self.inner.fill_buf()
    }
    fn consume(&mut self, n: usize) {
        self.used = self.used.saturating_add(n as u64);
        self.inner.consume(n);
    }
}

/// Append a general reference (`&amp;`, `&#233;`) to `out`. Unknown named
/// entities are kept literally: they cannot be expanded safely.
pub fn push_ref(out: &mut String, r: &BytesRef<'_>) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        out.push(c);
        return;
    }
    let name = r.xml10_content();
    match name.as_ref() {
        "amp" => out.push('&'),
        "lt" => out.push('<'),
        "gt" => out.push('>'),
        "quot" => out.push('"'),
        "apos" => out.push('\''),
        other => {
            out.push('&');
            out.push_str(other);
            out.push(';');
        }
    }
}

/// The unescaped value of the attribute whose local name (ignoring any
/// namespace prefix) is `local`.
pub fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    for a in e.attributes().with_checks(false).flatten() {
        if a.key.local_name().as_ref() == local {
            return Some(attr_value(&a));
        }
    }
    None
}

fn attr_value(a: &quick_xml::events::attributes::Attribute<'_>) -> String {
    match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
        Ok(v) => v.into_owned(),
        Err(_) => a.value.to_string(),
    }
}

/// The attribute with exactly this qualified name (e.g. `r:id`).
pub fn attr_q(e: &BytesStart<'_>, qname: &str) -> Option<String> {
    for a in e.attributes().with_checks(false).flatten() {
        if a.key.as_ref() == qname {
            return Some(attr_value(&a));
        }
    }
    None
}

/// True when an XML boolean attribute value is set (`1` or `true`).
pub fn is_true(v: Option<&str>) -> bool {
    matches!(v, Some("1") | Some("true") | Some("on"))
}

/// The local name of an element (without its namespace prefix).
pub fn local_name<'a>(e: &'a BytesStart<'_>) -> Cow<'a, str> {
    Cow::Borrowed(e.local_name().into_inner())
}
