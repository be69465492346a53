//! Walking an XML part of the package event by event ([`walk`]), and
//! parsing to its end an entry that is otherwise not read.
use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};

use crate::source::xml::{XmlReader, push_ref};
use crate::source::zip::ZipPackage;
use crate::source::{Limits, Result};

/// One XML event, with the element's local name.
pub(crate) enum Ev<'a, 'b> {
    /// An element opens; a self-closing element is followed by its `End`.
    Start(&'b str, &'b BytesStart<'a>),
    End(&'b str),
    /// Text between tags (entity and character references resolved).
    Text(&'b str),
}

/// Parse a whole XML part with [`XmlReader`] (so a truncated or malformed
/// part is an error), calling `f` for each element and text.
pub(crate) fn walk<R: BufRead>(
    reader: R,
    part: &str,
    limits: &Limits,
    mut f: impl FnMut(Ev<'_, '_>) -> Result<()>,
) -> Result<()> {
    let mut r = XmlReader::new(reader, part, limits);
    let mut refbuf = String::new();
    loop {
        match r.next()? {
            Event::Start(e) => {
                let local = e.local_name();
                f(Ev::Start(local.into_inner(), &e))?;
            }
            Event::Empty(e) => {
                let local = e.local_name();
                let local = local.into_inner();
                f(Ev::Start(local, &e))?;
                f(Ev::End(local))?;
            }
            Event::End(e) => {
                let local = e.local_name();
                f(Ev::End(local.into_inner()))?;
            }
            Event::Text(t) => f(Ev::Text(&t.xml10_content()))?,
            Event::CData(t) => f(Ev::Text(&t.into_inner()))?,
            Event::GeneralRef(g) => {
                refbuf.clear();
                push_ref(&mut refbuf, &g);
                f(Ev::Text(&refbuf))?;
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Parse an entry to its end when it is XML (by name or first bytes).
pub(super) fn drain_if_xml(zip: &ZipPackage<'_>, name: &str, limits: &Limits) -> Result<()> {
    zip.with_reader(name, |r| {
        if name.ends_with(".xml") || name.ends_with(".rdf") || starts_like_xml(r)? {
            walk(r, name, limits, |_| Ok(()))
        } else {
            Ok(())
        }
    })
}

/// True when the stream's first bytes look like XML (after a BOM and spaces).
pub(super) fn starts_like_xml(r: &mut dyn BufRead) -> Result<bool> {
    let head = r.fill_buf()?;
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(head);
    Ok(head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<'))
}
