//! Custom XML (`customXml/item*.xml`): SharePoint metadata, bibliography,
//! add-in data, and the Power Query `DataMashup` (base64 of a binary package
//! holding the M code; "Enter data" tables are compressed inside the code),
//! plus XML maps.

use std::io::Read;

use super::scan::{Ev, walk};
use super::{Out, PartCtx, unknown};
use crate::finding::Kind;
use crate::model::Feature;
use crate::numbers::thousands;
use crate::source::zip::ZipPackage;
use crate::source::{Context, Input, Limits, Result};

/// A custom XML item: every text and attribute value; a Power Query mashup
/// is decoded and its M code sent as text.
pub(super) fn item(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    let mut root: Option<String> = None;
    let mut mashup = String::new();
    let max = part.ctx.limits.max_xml_text_bytes;
    walk(bytes, part.name, &part.ctx.limits, |ev, st| {
        let is_mashup = root.as_deref() == Some("DataMashup");
        match ev {
            Ev::Start(e) => {
                if root.is_none() {
                    root = Some(e.local().to_string());
                }
                if root.as_deref() != Some("DataMashup") {
                    for a in e.attrs() {
                        if !a.is_xmlns() && a.local() != "Ignorable" {
                            out.text(Kind::CustomXml, Some(a.local()), true, &a.value);
                        }
                    }
                }
            }
            Ev::Text(t) if is_mashup => {
                if mashup.len() + t.len() > max {
                    return Err(crate::source::SourceError::Limit(format!(
                        "the Power Query data in {} is longer than {max} bytes",
                        part.name,
                        max = thousands(max as u64)
                    )));
                }
                mashup.push_str(t)
            }
            Ev::Text(t) => out.text(Kind::CustomXml, st.top(), true, t),
            Ev::End(_) => {}
        }
        Ok(())
    })?;
    let root = root.unwrap_or_default();
    let (variant, msg) = match root.as_str() {
        "DataMashup" => {
            let queries = mashup_text(&mashup, part, out);
            (
                "mashup",
                format!(
                    "Power Query definitions ({queries} code files): queries can pull in data and \"Enter data\" tables are stored here.",
                    queries = thousands(queries as u64)
                ),
            )
        }
        "contentTypeSchema" | "schema" => (
            "schema",
            "A custom XML schema (SharePoint content type).".to_string(),
        ),
        _ => (
            "data",
            "Custom XML data stored with the workbook.".to_string(),
        ),
    };
    out.feature(Feature::new(Kind::CustomXml, out.loc.clone(), msg).variant(variant));
    Ok(())
}

/// XML maps (`xl/xmlMaps.xml`): schemas and bindings of imported XML.
pub(super) fn xml_maps(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    unknown::xml_text(part, bytes, out, Kind::CustomXml, true)?;
    out.feature(
        Feature::new(
            Kind::CustomXml,
            out.loc.clone(),
            "XML maps bind cells to imported XML data.",
        )
        .variant("xml_map"),
    );
    Ok(())
}

/// Decode a DataMashup (MS-QDEFF) and send its M code and metadata as
/// text. Returns how many code files were found. What cannot be decoded is
/// reported as incomplete.
fn mashup_text(b64: &str, part: &PartCtx<'_>, out: &Out<'_>) -> usize {
    let Some(bin) = base64_decode(b64) else {
        out.incomplete("the Power Query data is not valid base64");
        return 0;
    };
    let limits = &part.ctx.limits;
    let mut r = Reader(&bin);
    let parsed = (|| {
        let _version = r.u32()?;
        let package = r.block()?;
        let permissions = r.block()?;
        let metadata = r.block()?;
        Some((package, permissions, metadata))
    })();
    let Some((package, permissions, metadata)) = parsed else {
        out.incomplete("the Power Query data is truncated");
        return 0;
    };
    let mut code_files = 0;
    let mut send = |name: &str, data: &[u8]| {
        let text = String::from_utf8_lossy(data);
        if name.to_ascii_lowercase().ends_with(".m") {
            code_files += 1;
            out.text(Kind::DataConnection, Some("power_query"), true, &text);
            for table in entered_tables(&text, limits) {
                out.text(Kind::DataConnection, Some("power_query_data"), true, &table);
            }
        } else {
            for t in unknown::lenient_text(data) {
                out.text(Kind::CustomXml, Some("power_query_metadata"), true, &t);
            }
        }
    };
    if let Err(e) = zip_entries(package, part.ctx, &mut send) {
        out.incomplete(&format!("the Power Query package cannot be read: {e}"));
    }
    send("permissions.xml", permissions);
    // Metadata: version, XML, then an optional content package.
    let mut m = Reader(metadata);
    if let (Some(_), Some(xml)) = (m.u32(), m.block()) {
        send("metadata.xml", xml);
        if let Some(content) = m.block().filter(|c| !c.is_empty())
            && let Err(e) = zip_entries(content, part.ctx, &mut send)
        {
            out.incomplete(&format!(
                "the Power Query metadata package cannot be read: {e}"
            ));
        }
    }
    code_files
}

struct Reader<'b>(&'b [u8]);

impl<'b> Reader<'b> {
    fn u32(&mut self) -> Option<u32> {
        let (h, t) = self.0.split_first_chunk::<4>()?;
        self.0 = t;
        Some(u32::from_le_bytes(*h))
    }
    /// A length-prefixed block.
    fn block(&mut self) -> Option<&'b [u8]> {
        let n = self.u32()? as usize;
        if n > self.0.len() {
            return None;
        }
        let (h, t) = self.0.split_at(n);
        self.0 = t;
        Some(h)
    }
}

/// Every entry of a zip held in memory, read through [`ZipPackage`] so the
/// size, ratio and total limits apply as to any package.
pub(super) fn zip_entries(
    bytes: &[u8],
    ctx: &Context,
    f: &mut dyn FnMut(&str, &[u8]),
) -> std::result::Result<(), String> {
    let z = ZipPackage::open(Input::Bytes(bytes), ctx).map_err(|e| e.to_string())?;
    for name in z.names() {
        let data = z.read(&name).map_err(|e| e.to_string())?;
        f(&name, &data);
    }
    Ok(())
}

/// Tables typed into Power Query ("Enter data"): the M code keeps them as
/// `Binary.FromText("<base64>", ...)` of deflate-compressed JSON rows.
fn entered_tables(code: &str, limits: &Limits) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("Binary.FromText(\"") {
        rest = &rest[i + "Binary.FromText(\"".len()..];
        let Some(end) = rest.find('"') else { break };
        let b64 = &rest[..end];
        rest = &rest[end..];
        let Some(raw) = base64_decode(b64) else {
            continue;
        };
        let mut text = Vec::new();
        let inflated = flate2::read::DeflateDecoder::new(&raw[..])
            .take(limits.max_part_bytes.min(1 << 30))
            .read_to_end(&mut text);
        let bytes = if inflated.is_ok() && !text.is_empty() {
            &text
        } else {
            &raw
        };
        let s = String::from_utf8_lossy(bytes);
        if s.chars().any(|c| c.is_alphanumeric()) {
            out.push(s.into_owned());
        }
    }
    out
}

/// Standard base64 (whitespace ignored). None when it is not base64.
pub(super) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            c if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
pub(super) mod tests {
    use std::io::Write;

    use super::super::testkit::*;
    use super::*;

    fn b64(bytes: &[u8]) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut s = String::new();
        for ch in bytes.chunks(3) {
            let n = ch
                .iter()
                .enumerate()
                .fold(0u32, |a, (i, b)| a | (*b as u32) << (16 - 8 * i));
            for i in 0..=ch.len() {
                s.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
            for _ in ch.len()..3 {
                s.push('=');
            }
        }
        s
    }

    #[test]
    fn base64_round_trip() {
        let data = b"Jane Doe, PC 4521\x00\xff";
        assert_eq!(base64_decode(&b64(data)).unwrap(), data);
        assert!(base64_decode("not*base64").is_none());
    }

    #[test]
    fn sharepoint_custom_xml_text_and_attributes() {
        let xml = br#"<p:properties xmlns:p="http://schemas.microsoft.com/office/2006/metadata/properties"><documentManagement><Owner xmlns="x"><UserInfo><DisplayName>Jane Doe</DisplayName><AccountId>12</AccountId></UserInfo></Owner><Reviewer email="j.roe@example.gov.uk"/></documentManagement></p:properties>"#;
        let rec = Recorder::default();
        let r = rel("customXml");
        run(
            &rec,
            "customXml/item1.xml",
            Some("application/xml"),
            Some(&r),
            xml,
        )
        .unwrap();
        let f = rec.of_kind(Kind::CustomXml);
        assert_eq!((f.len(), f[0].variant), (1, Some("data")));
        assert!(rec.has_text_field("Jane Doe", "DisplayName"));
        assert!(rec.has_text_field("j.roe@example.gov.uk", "email"));
    }

    /// A DataMashup whose package holds an M query with an "Enter data" table.
    pub fn mashup_item() -> Vec<u8> {
        let rows = br#"[["Jane Doe","4521"],["John Roe","4522"]]"#;
        let mut enc =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(rows).unwrap();
        let blob = b64(&enc.finish().unwrap());
        let m = format!(
            "section Section1;\nshared Officers = let Source = Table.FromRows(Json.Document(Binary.Decompress(Binary.FromText(\"{blob}\", BinaryEncoding.Base64), Compression.Deflate))) in Source;\nshared Db = Sql.Database(\"HRSRV01\", \"Personnel\");"
        );
        let mut zbuf = std::io::Cursor::new(Vec::new());
        {
            let mut z = ::zip::ZipWriter::new(&mut zbuf);
            let o = ::zip::write::SimpleFileOptions::default();
            z.start_file("Formulas/Section1.m", o).unwrap();
            z.write_all(m.as_bytes()).unwrap();
            z.start_file("Config/Package.xml", o).unwrap();
            z.write_all(b"<Package><Culture>en-GB</Culture></Package>")
                .unwrap();
            z.finish().unwrap();
        }
        let package = zbuf.into_inner();
        let mut bin = Vec::new();
        bin.extend_from_slice(&0u32.to_le_bytes());
        bin.extend_from_slice(&(package.len() as u32).to_le_bytes());
        bin.extend_from_slice(&package);
        let perms = b"<PermissionList/>";
        bin.extend_from_slice(&(perms.len() as u32).to_le_bytes());
        bin.extend_from_slice(perms);
        let meta_xml = b"<LocalPackageMetadataFile><Items><Item><ItemPath>Section1/Officers</ItemPath></Item></Items></LocalPackageMetadataFile>";
        let mut meta = Vec::new();
        meta.extend_from_slice(&0u32.to_le_bytes());
        meta.extend_from_slice(&(meta_xml.len() as u32).to_le_bytes());
        meta.extend_from_slice(meta_xml);
        meta.extend_from_slice(&0u32.to_le_bytes());
        bin.extend_from_slice(&(meta.len() as u32).to_le_bytes());
        bin.extend_from_slice(&meta);
        bin.extend_from_slice(&0u32.to_le_bytes());
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"utf-16\"?><DataMashup xmlns=\"http://schemas.microsoft.com/DataMashup\">{}</DataMashup>",
            b64(&bin)
        );
        let mut out = vec![0xFF, 0xFE];
        for u in xml.encode_utf16() {
            out.extend_from_slice(&u.to_le_bytes());
        }
        out
    }

    #[test]
    fn power_query_mashup_is_decoded() {
        let rec = Recorder::default();
        let r = rel("customXml");
        run(&rec, "customXml/item1.xml", None, Some(&r), &mashup_item()).unwrap();
        let f = rec.of_kind(Kind::CustomXml);
        assert_eq!((f.len(), f[0].variant), (1, Some("mashup")));
        assert!(rec.incomplete().is_empty(), "{:?}", rec.incomplete());
        assert!(rec.has_text_field("Sql.Database(\"HRSRV01\"", "power_query"));
        assert!(rec.has_text_field("[\"Jane Doe\",\"4521\"]", "power_query_data"));
        assert!(rec.has_text_field("Section1/Officers", "power_query_metadata"));
    }

    #[test]
    fn broken_mashup_is_incomplete_not_silent() {
        let rec = Recorder::default();
        let r = rel("customXml");
        let xml = b"<DataMashup xmlns='http://schemas.microsoft.com/DataMashup'>AAAAAP///w==</DataMashup>";
        run(&rec, "customXml/item1.xml", None, Some(&r), xml).unwrap();
        assert_eq!(rec.of_kind(Kind::CustomXml)[0].variant, Some("mashup"));
        assert_eq!(rec.incomplete().len(), 1);
    }
}
