//! Parts foiguard does not recognise, and the generic scans other parsers
//! reuse: every element text and attribute value of an XML part, printable
//! strings of a binary part, and a lenient tag-stripping scan for markup
//! that is not well-formed XML (legacy VML).

use super::scan::{self, Ev, walk};
use super::{Out, PartCtx, embeddings};
use crate::finding::Kind;
use crate::model::Feature;
use crate::source::Result;

/// Send every element text (field = element name) and attribute value
/// (field = attribute name) of an XML part. Returns how many were sent.
pub(super) fn xml_text(
    part: &PartCtx<'_>,
    bytes: &[u8],
    out: &Out<'_>,
    kind: Kind,
    hidden: bool,
) -> Result<u64> {
    let mut n = 0u64;
    walk(bytes, part.name, &part.ctx.limits, |ev, st| {
        match ev {
            Ev::Start(e) => {
                for a in e.attrs() {
                    if a.is_xmlns() || a.local() == "Ignorable" || a.value.trim().is_empty() {
                        continue;
                    }
                    out.text(kind, Some(a.local()), hidden, &a.value);
                    n += 1;
                }
            }
            Ev::Text(t) => {
                out.text(kind, st.top(), hidden, t);
                n += 1;
            }
            Ev::End(_) => {}
        }
        Ok(())
    })?;
    Ok(n)
}

/// A recognised part with nothing to flag by itself (slicers, rich values):
/// its text still goes to the content detectors.
pub(super) fn text_only(
    part: &PartCtx<'_>,
    bytes: &[u8],
    out: &Out<'_>,
    kind: Kind,
    field: &str,
) -> Result<()> {
    if scan::looks_like_xml(bytes) {
        xml_text(part, bytes, out, kind, true)?;
    } else {
        out.binary_strings(kind, field, bytes);
    }
    Ok(())
}

/// The element texts of a standard part nothing reaches, as invisible text
/// (field `leftover`): a shared string table or sheet a tool left behind
/// holds the cells it deleted. Attributes (styles, references) are skipped.
pub(super) fn leftover_text(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    walk(bytes, part.name, &part.ctx.limits, |ev, _| {
        if let Ev::Text(t) = ev {
            out.text(Kind::InvisibleText, Some("leftover"), true, t);
        }
        Ok(())
    })
}

/// The element texts of a chart or dialog sheet, which has no cells a
/// reader sees: a tool can still write cells into one ("sheetData" in a
/// dialog sheet), and anyone who unzips the file reads them. Sent as
/// invisible text (field `not_shown`); a well-formed sheet of either kind
/// has no element text at all.
pub(crate) fn cellless_sheet_text(
    name: &str,
    loc: &crate::model::Location,
    bytes: &[u8],
    ctx: &crate::source::Context,
    visitor: &dyn crate::model::Visitor,
) -> Result<()> {
    walk(bytes, name, &ctx.limits, |ev, _| {
        if let Ev::Text(t) = ev
            && !t.trim().is_empty()
        {
            visitor.text(
                crate::model::TextPlace {
                    kind: Kind::InvisibleText,
                    location: loc,
                    field: Some("not_shown"),
                    hidden: true,
                },
                t.trim(),
            );
        }
        Ok(())
    })
}

/// Rich values (`xl/richData/*`: in-cell pictures, linked data types):
/// the text of their values can be data (a data type's display string), so
/// it goes to the content detectors; their attributes only name the schema
/// (`<flag name="ExcludeFromFile">`, `<k n="_rvRel:LocalImageIdentifier">`)
/// and are not read as data.
pub(super) fn rich_data(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    if !scan::looks_like_xml(bytes) {
        out.binary_strings(Kind::UnknownPart, "rich_value", bytes);
        return Ok(());
    }
    walk(bytes, part.name, &part.ctx.limits, |ev, _| {
        if let Ev::Text(t) = ev {
            out.text(Kind::UnknownPart, Some("rich_value"), true, t);
        }
        Ok(())
    })
}

/// A part whose content and relationship types are not recognised.
pub(super) fn unknown(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    if part.reached {
        let what = part
            .content_type
            .or(part.rel_type)
            .unwrap_or("no content type");
        out.feature(
            Feature::new(
                Kind::UnknownPart,
                out.loc.clone(),
                format!("A part foiguard does not recognise ({what}); its text is scanned but it may hold anything."),
            )
            .variant("unrecognised")
            .sample(part.name.to_string()),
        );
    }
    if embeddings::is_container(bytes) {
        embeddings::container(part, bytes, out, part.name);
        return Ok(());
    }
    if scan::looks_like_xml(bytes) {
        let strict = part.name.to_ascii_lowercase().ends_with(".xml")
            || part
                .content_type
                .is_some_and(|c| c.to_ascii_lowercase().contains("xml"));
        match xml_text(part, bytes, out, Kind::UnknownPart, true) {
            Ok(_) => {}
            Err(e) if strict => return Err(e),
            Err(_) => {
                for t in lenient_text(bytes) {
                    out.text(Kind::UnknownPart, Some("text"), true, &t);
                }
            }
        }
        return Ok(());
    }
    out.binary_strings(Kind::UnknownPart, "strings", bytes);
    Ok(())
}

/// Text of markup that is not well-formed XML: what lies between tags, and
/// the values of `alt`/`title` attributes, with entities resolved.
pub(super) fn lenient_text(bytes: &[u8]) -> Vec<String> {
    let data = scan::to_utf8(bytes);
    let s = String::from_utf8_lossy(&data);
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest: &str = &s;
    let flush = |text: &mut String, out: &mut Vec<String>| {
        let t = decode_entities(text.trim());
        if !t.trim().is_empty() {
            out.push(t.trim().to_string());
        }
        text.clear();
    };
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let tail = &rest[lt..];
        if let Some(body) = tail.strip_prefix("<![CDATA[") {
            let end = body.find("]]>").unwrap_or(body.len());
            text.push_str(&body[..end]);
            rest = body.get(end + 3..).unwrap_or("");
            continue;
        }
        if let Some(body) = tail.strip_prefix("<!--") {
            let end = body.find("-->").map(|e| e + 3).unwrap_or(body.len());
            rest = body.get(end..).unwrap_or("");
            continue;
        }
        let end = tail.find('>').map(|e| e + 1).unwrap_or(tail.len());
        let tag = &tail[..end];
        let lower = tag.to_ascii_lowercase();
        if lower.starts_with("<br") || lower.starts_with("</div") || lower.starts_with("</p") {
            text.push('\n');
        } else {
            flush(&mut text, &mut out);
        }
        for key in ["alt=", "title="] {
            let mut from = 0;
            while let Some(i) = lower.get(from..).and_then(|l| l.find(key)) {
                let at = from + i + key.len();
                let v = tag.get(at..).unwrap_or("");
                if let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'') {
                    let inner = &v[1..];
                    let stop = inner.find(q).unwrap_or(inner.len());
                    let val = decode_entities(&inner[..stop]);
                    if !val.trim().is_empty() {
                        out.push(val.trim().to_string());
                    }
                }
                from = at;
            }
        }
        rest = tail.get(end..).unwrap_or("");
    }
    text.push_str(rest);
    flush(&mut text, &mut out);
    out
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find(';').filter(|e| *e <= 12);
        let Some(end) = end else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let name = &tail[1..end];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    #[test]
    fn rich_data_values_are_scanned_but_not_schema_names() {
        let types = br#"<rvTypesInfo xmlns="http://schemas.microsoft.com/office/spreadsheetml/2017/richdata2"><global><keyFlags><key name="_Self"><flag name="ExcludeFromFile" value="1"/><flag name="ExcludeFromCalcComparison" value="1"/></key></keyFlags></global></rvTypesInfo>"#;
        let values = br#"<rvData xmlns="http://schemas.microsoft.com/office/spreadsheetml/2017/richdata" count="1"><rv s="0"><v>0</v><v>Jane Doe</v></rv></rvData>"#;
        let rec = Recorder::default();
        run(
            &rec,
            "xl/richData/rdRichValueTypes.xml",
            Some("application/vnd.ms-excel.rdrichvaluetypes+xml"),
            None,
            types,
        )
        .unwrap();
        run(
            &rec,
            "xl/richData/rdrichvalue.xml",
            Some("application/vnd.ms-excel.rdrichvalue+xml"),
            None,
            values,
        )
        .unwrap();
        assert!(
            !rec.has_text("ExcludeFromFile"),
            "a schema name is not data"
        );
        assert!(!rec.has_text("_Self"));
        assert!(rec.has_text_field("Jane Doe", "rich_value"));
        assert!(rec.features().is_empty(), "{:?}", rec.features());
    }

    #[test]
    fn unrecognised_xml_part_text_and_attributes() {
        let rec = Recorder::default();
        let ct = "application/vnd.ms-office.webextension+xml";
        let xml = br#"<we:webextension xmlns:we="w" id="{1}"><we:properties><we:property name="owner" value="jane.doe@example.gov.uk"/></we:properties><we:note>Collar 4521AB</we:note></we:webextension>"#;
        run(
            &rec,
            "xl/webextensions/webextension1.xml",
            Some(ct),
            None,
            xml,
        )
        .unwrap();
        let f = rec.of_kind(Kind::UnknownPart);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].variant, Some("unrecognised"));
        assert!(rec.has_text_field("jane.doe@example.gov.uk", "value"));
        assert!(rec.has_text_field("Collar 4521AB", "note"));
        assert!(
            !rec.full_texts().iter().any(|t| t.text == "w"),
            "namespace declarations are not text"
        );
    }

    #[test]
    fn unrecognised_malformed_xml_part_is_an_error() {
        let rec = Recorder::default();
        let r = run(
            &rec,
            "xl/odd.xml",
            Some("application/x-odd+xml"),
            None,
            b"<a><b>cut",
        );
        assert!(r.is_err());
    }

    #[test]
    fn unrecognised_binary_part_strings() {
        let rec = Recorder::default();
        let mut bytes = vec![0u8, 0xFF, 3, 4];
        bytes.extend_from_slice(b"Jane Doe NI QQ123456C");
        bytes.extend_from_slice(&[0, 1, 2]);
        run(
            &rec,
            "xl/blob.bin",
            Some("application/x-thing"),
            None,
            &bytes,
        )
        .unwrap();
        assert!(rec.has_text_field("Jane Doe NI QQ123456C", "strings"));
        assert_eq!(rec.of_kind(Kind::UnknownPart).len(), 1);
    }

    #[test]
    fn lenient_scan_of_broken_markup() {
        let t = lenient_text(
            b"<div>Line one<br>Jane &amp; John<img alt='Photo of DC Doe'></div><p>x &#233;</p",
        );
        assert!(
            t.iter().any(|s| s.contains("Line one\nJane & John")),
            "{t:?}"
        );
        assert!(t.iter().any(|s| s == "Photo of DC Doe"), "{t:?}");
        assert!(t.iter().any(|s| s == "x é"), "{t:?}");
    }
}
