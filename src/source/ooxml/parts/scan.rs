//! Scanning helpers shared by the part parsers: an element/text walker over
//! [`XmlReader`], transcoding of UTF-16 and 8-bit XML to UTF-8, a generic
//! "every text and attribute value" scan, and printable-string extraction
//! from binary data.

use std::borrow::Cow;

use quick_xml::events::Event;

use crate::numbers::thousands;
use crate::source::xml::{XmlReader, push_ref};
use crate::source::{Limits, Result, SourceError};

/// One attribute: qualified name and unescaped value.
pub(crate) struct Attr {
    pub qname: String,
    pub value: String,
}

impl Attr {
    /// The name without its namespace prefix.
    pub fn local(&self) -> &str {
        local_of(&self.qname)
    }
    /// A namespace declaration (`xmlns`, `xmlns:x`), not data.
    pub fn is_xmlns(&self) -> bool {
        self.qname == "xmlns" || self.qname.starts_with("xmlns:")
    }
}

/// An opening (or self-closing) element.
pub(crate) struct El {
    pub qname: String,
    attrs: Vec<Attr>,
    n: usize,
}

impl El {
    fn new() -> Self {
        El {
            qname: String::new(),
            attrs: Vec::new(),
            n: 0,
        }
    }
    /// The element name without its namespace prefix.
    pub fn local(&self) -> &str {
        local_of(&self.qname)
    }
    pub fn attrs(&self) -> &[Attr] {
        self.attrs.get(..self.n).unwrap_or(&[])
    }
    /// The value of the attribute with this local name.
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs()
            .iter()
            .find(|a| a.local() == local && !a.is_xmlns())
            .map(|a| a.value.as_str())
    }
    fn push_attr(&mut self, qname: &str, value: &str) {
        if let Some(a) = self.attrs.get_mut(self.n) {
            a.qname.clear();
            a.qname.push_str(qname);
            a.value.clear();
            a.value.push_str(value);
        } else {
            self.attrs.push(Attr {
                qname: qname.to_string(),
                value: value.to_string(),
            });
        }
        self.n += 1;
    }
}

/// The local part of a qualified name.
pub(crate) fn local_of(qname: &str) -> &str {
    qname.rsplit(':').next().unwrap_or(qname)
}

/// What the walker reports.
pub(crate) enum Ev<'a> {
    /// An element opens (self-closing elements also get an `End`).
    Start(&'a El),
    /// An element closes; its local name.
    End(&'a str),
    /// The text between two tags (entities resolved, CDATA included),
    /// skipped when it is only whitespace.
    Text(&'a str),
}

/// The local names of the open elements, outermost first. During `Start`
/// and `End` the element itself is the last one. (The strings are reused
/// from element to element.)
pub(crate) struct Stack {
    names: Vec<String>,
    len: usize,
}

impl Stack {
    fn live(&self) -> &[String] {
        self.names.get(..self.len).unwrap_or(&[])
    }
    fn push(&mut self, name: &str) {
        if let Some(slot) = self.names.get_mut(self.len) {
            slot.clear();
            slot.push_str(name);
        } else {
            self.names.push(name.to_string());
        }
        self.len += 1;
    }
    fn pop(&mut self) {
        self.len = self.len.saturating_sub(1);
    }
    pub fn has(&self, local: &str) -> bool {
        self.live().iter().any(|n| n == local)
    }
    /// The innermost open element.
    pub fn top(&self) -> Option<&str> {
        self.live().last().map(|s| s.as_str())
    }
    /// The element enclosing the innermost one.
    pub fn parent(&self) -> Option<&str> {
        let live = self.live();
        live.len()
            .checked_sub(2)
            .and_then(|i| live.get(i))
            .map(|s| s.as_str())
    }
    pub fn depth(&self) -> usize {
        self.len
    }
}

/// Parse a whole XML part with [`XmlReader`] (so a malformed or truncated
/// part is an error), calling `f` for every element and text.
///
/// ```text
/// walk(b"<a x='1'>hi</a>", "p.xml", &limits, |ev, _| { ...; Ok(()) })?;
/// ```
pub(crate) fn walk(
    bytes: &[u8],
    part: &str,
    limits: &Limits,
    mut f: impl FnMut(Ev<'_>, &Stack) -> Result<()>,
) -> Result<()> {
    let data = to_utf8(bytes);
    let mut r = XmlReader::new(&data[..], part, limits);
    let mut stack = Stack {
        names: Vec::new(),
        len: 0,
    };
    let mut el = El::new();
    let mut text = String::new();
    let max_text = limits.max_xml_text_bytes;
    loop {
        enum Next {
            Start(bool),
            End,
            Eof,
            Other,
        }
        let next = match r.next()? {
            Event::Start(e) => {
                fill(&mut el, &e);
                Next::Start(false)
            }
            Event::Empty(e) => {
                fill(&mut el, &e);
                Next::Start(true)
            }
            Event::End(_) => Next::End,
            Event::Text(t) => {
                text.push_str(&t.xml10_content());
                Next::Other
            }
            Event::CData(t) => {
                text.push_str(&t.into_inner());
                Next::Other
            }
            Event::GeneralRef(g) => {
                push_ref(&mut text, &g);
                Next::Other
            }
            Event::Eof => Next::Eof,
            _ => Next::Other,
        };
        if text.len() > max_text {
            return Err(SourceError::Limit(format!(
                "a text in {part} is longer than {max_text} bytes",
                max_text = thousands(max_text as u64)
            )));
        }
        if matches!(next, Next::Other) {
            continue;
        }
        if !text.trim().is_empty() {
            f(Ev::Text(&text), &stack)?;
        }
        text.clear();
        match next {
            Next::Start(empty) => {
                stack.push(el.local());
                f(Ev::Start(&el), &stack)?;
                if empty {
                    f(Ev::End(el.local()), &stack)?;
                    stack.pop();
                }
            }
            Next::End => {
                f(Ev::End(stack.top().unwrap_or("")), &stack)?;
                stack.pop();
            }
            Next::Eof => return Ok(()),
            Next::Other => {}
        }
    }
}

fn fill(el: &mut El, e: &quick_xml::events::BytesStart<'_>) {
    el.qname.clear();
    el.qname.push_str(e.name().as_ref());
    el.n = 0;
    for a in e.attributes().with_checks(false).flatten() {
        let v = match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
            Ok(v) => v,
            Err(_) => a.value.clone(),
        };
        el.push_attr(a.key.as_ref(), &v);
    }
}

/// Parse a part only to prove it is well formed.
pub(crate) fn drain(bytes: &[u8], part: &str, limits: &Limits) -> Result<()> {
    let data = to_utf8(bytes);
    XmlReader::new(&data[..], part, limits).drain()
}

/// Whether XML starting with `head` is in UTF-8 already (what [`to_utf8`]
/// would return as it is): no UTF-16 byte order or shape, no other
/// declared encoding.
pub(crate) fn is_utf8_xml(head: &[u8]) -> bool {
    matches!(to_utf8(head), Cow::Borrowed(_))
}

/// XML bytes as UTF-8: UTF-16 (with or without a byte-order mark) and 8-bit
/// encodings named in the declaration are transcoded; the declaration's
/// encoding is rewritten so the parser does not trip over it.
pub(crate) fn to_utf8(bytes: &[u8]) -> Cow<'_, [u8]> {
    use encoding_rs::{UTF_16BE, UTF_16LE};
    let decoded: Option<String> = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        Some(UTF_16LE.decode_without_bom_handling(rest).0.into_owned())
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(UTF_16BE.decode_without_bom_handling(rest).0.into_owned())
    } else if bytes.starts_with(b"<\0") {
        Some(UTF_16LE.decode_without_bom_handling(bytes).0.into_owned())
    } else if bytes.starts_with(b"\0<") {
        Some(UTF_16BE.decode_without_bom_handling(bytes).0.into_owned())
    } else if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Cow::Borrowed(rest);
    } else {
        match declared_encoding(bytes) {
            Some(enc) if enc != encoding_rs::UTF_8 => {
                Some(enc.decode_without_bom_handling(bytes).0.into_owned())
            }
            _ => None,
        }
    };
    match decoded {
        Some(s) => Cow::Owned(rewrite_declaration(s).into_bytes()),
        None => Cow::Borrowed(bytes),
    }
}

fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = bytes.get(..bytes.len().min(200))?;
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(head.get(..end)?).ok()?;
    let i = decl.find("encoding")?;
    let rest = decl
        .get(i + 8..)?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next()?;
    let rest = rest.get(1..)?;
    let label = rest.get(..rest.find(quote)?)?;
    encoding_rs::Encoding::for_label(label.trim().as_bytes())
}

/// Replace the XML declaration of already-decoded text by a plain one.
fn rewrite_declaration(mut s: String) -> String {
    let body_start = s.len() - s.trim_start_matches('\u{feff}').len();
    if s[body_start..].starts_with("<?xml")
        && let Some(end) = s[body_start..].find("?>")
    {
        s.replace_range(..body_start + end + 2, "<?xml version=\"1.0\"?>");
    } else if body_start > 0 {
        s.replace_range(..body_start, "");
    }
    s
}

/// True when the bytes look like XML (after a byte-order mark and whitespace).
pub(crate) fn looks_like_xml(bytes: &[u8]) -> bool {
    let b = bytes
        .strip_prefix(&[0xEF, 0xBB, 0xBF])
        .or_else(|| bytes.strip_prefix(&[0xFF, 0xFE]))
        .or_else(|| bytes.strip_prefix(&[0xFE, 0xFF]))
        .unwrap_or(bytes);
    let mut it = b.iter().copied().filter(|c| *c != 0);
    loop {
        match it.next() {
            Some(c) if c.is_ascii_whitespace() => continue,
            Some(b'<') => return true,
            _ => return false,
        }
    }
}

/// Runs of printable text at least `min` characters long, in UTF-8/Latin-1
/// bytes and in UTF-16LE (both alignments), handed to `emit` one by one.
pub(crate) fn printable_runs(bytes: &[u8], min: usize, mut emit: impl FnMut(&str) -> bool) {
    let mut run = String::new();
    let mut chars = 0usize;
    // 8-bit: printable ASCII, valid UTF-8 sequences, Latin-1 letters.
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (c, w) = if (0x20..0x7F).contains(&b) || b == b'\t' {
            (Some(b as char), 1)
        } else if b >= 0xC2 {
            let w = match b {
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF4 => 4,
                _ => 0,
            };
            match bytes
                .get(i..i + w)
                .and_then(|s| std::str::from_utf8(s).ok())
            {
                Some(s) if w > 0 => match s.chars().next() {
                    Some(c) if !c.is_control() => (Some(c), w),
                    _ => (latin1(b), 1),
                },
                _ => (latin1(b), 1),
            }
        } else {
            (latin1(b), 1)
        };
        match c {
            Some(c) => {
                run.push(c);
                chars += 1;
            }
            None => {
                if chars >= min && !emit(run.trim()) {
                    return;
                }
                run.clear();
                chars = 0;
            }
        }
        i += w;
    }
    if chars >= min && !emit(run.trim()) {
        return;
    }
    // UTF-16LE at both byte alignments.
    for start in 0..2 {
        run.clear();
        chars = 0;
        let mut j = start;
        while j + 1 < bytes.len() {
            let u = u16::from_le_bytes([bytes[j], bytes[j + 1]]);
            let ok = (0x20..0x7F).contains(&u)
                || u == 9
                || (0xA0..0x250).contains(&u)
                || (0x2010..0x2027).contains(&u);
            if ok && let Some(c) = char::from_u32(u as u32) {
                run.push(c);
                chars += 1;
            } else {
                if chars >= min && !emit(run.trim()) {
                    return;
                }
                run.clear();
                chars = 0;
            }
            j += 2;
        }
        if chars >= min && !emit(run.trim()) {
            return;
        }
    }
}

fn latin1(b: u8) -> Option<char> {
    if b >= 0xA0 { Some(b as char) } else { None }
}

/// Collects printable runs into text chunks of bounded size, stopping at a
/// total cap (the caller reports the part as incomplete when it was hit).
pub(crate) struct Batcher<'f> {
    buf: String,
    total: usize,
    cap: usize,
    pub truncated: bool,
    flush: &'f mut dyn FnMut(&str),
}

const CHUNK: usize = 64 * 1024;

impl<'f> Batcher<'f> {
    pub fn new(cap: usize, flush: &'f mut dyn FnMut(&str)) -> Self {
        Batcher {
            buf: String::new(),
            total: 0,
            cap,
            truncated: false,
            flush,
        }
    }
    /// Add one run; false once the cap is reached.
    pub fn push(&mut self, s: &str) -> bool {
        if s.is_empty() {
            return true;
        }
        if self.total + s.len() > self.cap {
            self.truncated = true;
            return false;
        }
        self.total += s.len() + 1;
        if !self.buf.is_empty() {
            self.buf.push('\n');
        }
        self.buf.push_str(s);
        if self.buf.len() >= CHUNK {
            (self.flush)(&self.buf);
            self.buf.clear();
        }
        true
    }
    pub fn finish(mut self) -> bool {
        if !self.buf.is_empty() {
            (self.flush)(&self.buf);
            self.buf.clear();
        }
        self.truncated
    }
}

/// Most text taken from one binary part by string scanning.
pub(crate) const MAX_STRINGS_BYTES: usize = 16 << 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_reports_elements_text_and_attributes() {
        let xml = b"<a:root xmlns:a='u'><a:b k='v &amp; w'>J&amp;Q<c/>R</a:b></a:root>";
        let mut seen = Vec::new();
        walk(xml, "t.xml", &Limits::default(), |ev, st| {
            match ev {
                Ev::Start(e) => seen.push(format!(
                    "<{}:{}:{}",
                    e.local(),
                    e.attr("k").unwrap_or(""),
                    st.depth()
                )),
                Ev::End(n) => seen.push(format!(">{n}")),
                Ev::Text(t) => seen.push(format!("T{t}:{}", st.top().unwrap_or(""))),
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(
            seen,
            [
                "<root::1",
                "<b:v & w:2",
                "TJ&Q:b",
                "<c::3",
                ">c",
                "TR:b",
                ">b",
                ">root"
            ]
        );
    }

    #[test]
    fn walk_rejects_truncated_xml() {
        let r = walk(b"<a><b>cut", "t.xml", &Limits::default(), |_, _| Ok(()));
        assert!(matches!(r, Err(SourceError::Corrupt(_))));
    }

    #[test]
    fn utf16_xml_with_declaration_is_read() {
        let s = "<?xml version=\"1.0\" encoding=\"utf-16\"?><r>Zoë</r>";
        let mut bytes = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let mut text = String::new();
        walk(&bytes, "t.xml", &Limits::default(), |ev, _| {
            if let Ev::Text(t) = ev {
                text.push_str(t);
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(text, "Zoë");
    }

    #[test]
    fn windows_1252_declared_xml_is_transcoded() {
        let bytes = b"<?xml version='1.0' encoding='windows-1252'?><r>Ren\xe9e</r>";
        let mut text = String::new();
        walk(bytes, "t.xml", &Limits::default(), |ev, _| {
            if let Ev::Text(t) = ev {
                text.push_str(t);
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(text, "Renée");
    }

    #[test]
    fn printable_runs_find_ascii_and_utf16() {
        let mut bytes = vec![0u8, 1, 2];
        bytes.extend_from_slice(b"Jane Doe");
        bytes.extend_from_slice(&[0, 0, 3]);
        for u in "C:\\Users\\jdoe".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        bytes.extend_from_slice(&[0, 0, 0x01, 0x02, b'a', b'b', 0]);
        let mut runs = Vec::new();
        printable_runs(&bytes, 4, |s| {
            runs.push(s.to_string());
            true
        });
        assert!(runs.contains(&"Jane Doe".to_string()), "{runs:?}");
        assert!(runs.contains(&"C:\\Users\\jdoe".to_string()), "{runs:?}");
        assert!(!runs.iter().any(|r| r == "ab"));
    }

    #[test]
    fn batcher_caps_total() {
        let mut got = Vec::new();
        let mut f = |s: &str| got.push(s.to_string());
        let mut b = Batcher::new(10, &mut f);
        assert!(b.push("abcd"));
        assert!(!b.push("efghijkl"));
        assert!(b.finish());
        assert_eq!(got, ["abcd"]);
    }
}
