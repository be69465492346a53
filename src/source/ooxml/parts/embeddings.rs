//! Embedded objects (`xl/embeddings/*`): whole workbooks (inspected
//! recursively, their findings carry the embedding chain), OLE objects
//! (`oleObject*.bin`: a `Package` stream holding an OOXML file, an
//! `\x01Ole10Native` packaged file, or the object's own storage), and
//! other documents, whose text is scanned.

use std::io::{Cursor, Read};

use super::scan::{self, Ev, walk};
use super::{Out, PartCtx};
use crate::finding::Kind;
use crate::model::Feature;
use crate::numbers::thousands;
use crate::source::zip::ZipPackage;
use crate::source::{Context, Format, Input, inspect_embedded, sniff_bytes};

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// How many containers deep this module looks inside one part by itself
/// (workbooks found inside go through `inspect_embedded` and its limit).
const MAX_NEST: usize = 3;

/// A zip or compound file.
pub(super) fn is_container(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&CFB_MAGIC)
}

/// A part reached as an embedded object or package.
pub(super) fn embedding(
    part: &PartCtx<'_>,
    bytes: &[u8],
    out: &Out<'_>,
) -> crate::source::Result<()> {
    container(part, bytes, out, part.name);
    Ok(())
}

/// Inspect an embedded file (workbook, OLE object, document, other) and
/// report one `embedded_object` feature for it.
pub(super) fn container(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>, label: &str) {
    let mut desc = None;
    let variant = blob(part.ctx, bytes, out, label, 0, &mut desc);
    let what = match variant {
        "workbook" => {
            "An embedded workbook or CSV: its sheets and hidden places are inspected as part of this file."
        }
        "encrypted" => "An embedded file is encrypted and cannot be inspected.",
        "document" => {
            "An embedded document (not a workbook): its text is scanned, but it may hold more."
        }
        _ => "An embedded object: its text is scanned, but it may hold anything.",
    };
    let msg = match desc {
        Some(d) => format!("{what} ({d})"),
        None => what.to_string(),
    };
    out.feature(
        Feature::new(Kind::EmbeddedObject, out.loc.clone(), msg)
            .variant(variant)
            .sample(label.to_string()),
    );
}

/// Recurse into one blob; returns the variant: `workbook`, `encrypted`,
/// `document` or `other`.
fn blob(
    ctx: &Context,
    bytes: &[u8],
    out: &Out<'_>,
    label: &str,
    depth: usize,
    desc: &mut Option<String>,
) -> &'static str {
    if depth > MAX_NEST {
        out.incomplete(&format!(
            "objects nested more than {MAX_NEST} deep inside {label}"
        ));
        return "other";
    }
    let head = bytes.get(..bytes.len().min(8192)).unwrap_or(bytes);
    match sniff_bytes(head, label) {
        Format::Zip => zip_blob(ctx, bytes, out, label, depth, desc),
        Format::Cfb => ole(ctx, bytes, out, label, depth, desc),
        Format::Csv | Format::Tsv => {
            inspect_embedded(bytes, label, ctx, out.visitor);
            "workbook"
        }
        _ => {
            out.binary_strings(Kind::EmbeddedObject, "strings", bytes);
            "other"
        }
    }
}

/// A zip: a workbook goes to the workbook readers; any other package
/// (docx, pptx, ...) has the text of its XML parts scanned and the
/// containers inside it followed.
fn zip_blob(
    ctx: &Context,
    bytes: &[u8],
    out: &Out<'_>,
    label: &str,
    depth: usize,
    desc: &mut Option<String>,
) -> &'static str {
    let z = match ZipPackage::open(Input::Bytes(bytes), ctx) {
        Ok(z) => z,
        Err(_) => {
            // Let the workbook reader report why it cannot be read.
            inspect_embedded(bytes, label, ctx, out.visitor);
            return "other";
        }
    };
    let names = z.names();
    if zip_is_workbook(&z, &names) {
        drop(z);
        inspect_embedded(bytes, label, ctx, out.visitor);
        return "workbook";
    }
    for name in &names {
        if name.ends_with(".rels") || name == "[Content_Types].xml" {
            continue;
        }
        let data = match z.read(name) {
            Ok(d) => d,
            Err(e) => {
                out.incomplete(&format!("{name} inside {label} cannot be read: {e}"));
                continue;
            }
        };
        if is_container(&data) {
            let sub = format!("{label}/{name}");
            if blob(ctx, &data, out, &sub, depth + 1, &mut None) == "workbook" {
                *desc = Some(format!("contains an embedded workbook {name}"));
            }
        } else if name.ends_with(".xml") || scan::looks_like_xml(&data) {
            let path = format!("{label}/{name}");
            let res = walk(&data, &path, &ctx.limits, |ev, _| {
                if let Ev::Text(t) = ev {
                    out.text(Kind::EmbeddedObject, Some("document_text"), true, t);
                }
                Ok(())
            });
            if let Err(e) = res {
                out.incomplete(&format!(
                    "an embedded document in {label} has a malformed part: {e}"
                ));
            }
        }
    }
    "document"
}

/// A zip that holds a spreadsheet (OOXML workbook or ODS).
fn zip_is_workbook(z: &ZipPackage<'_>, names: &[String]) -> bool {
    if names.iter().any(|n| {
        let n = n.to_ascii_lowercase();
        n == "xl/workbook.xml" || n == "xl/workbook.bin" || n.starts_with("xl/worksheets/")
    }) {
        return true;
    }
    names.iter().any(|n| n == "mimetype")
        && z.read("mimetype")
            .is_ok_and(|m| m.starts_with(b"application/vnd.oasis.opendocument.spreadsheet"))
}

/// A compound file: an xls, an encrypted OOXML file, or an OLE object.
fn ole(
    ctx: &Context,
    bytes: &[u8],
    out: &Out<'_>,
    label: &str,
    depth: usize,
    desc: &mut Option<String>,
) -> &'static str {
    let mut cf = match cfb::CompoundFile::open(Cursor::new(bytes)) {
        Ok(c) => c,
        Err(e) => {
            out.incomplete(&format!(
                "embedded object {label} is a damaged compound file: {e}"
            ));
            out.binary_strings(Kind::EmbeddedObject, "strings", bytes);
            return "other";
        }
    };
    let streams: Vec<String> = cf
        .walk()
        .filter(|e| e.is_stream())
        .map(|e| e.path().to_string_lossy().replace('\\', "/"))
        .collect();
    if streams.len() > ctx.limits.max_parts {
        out.incomplete(&format!(
            "embedded object {label} has more than {} streams",
            thousands(ctx.limits.max_parts as u64)
        ));
        return "other";
    }
    let has = |name: &str| {
        streams
            .iter()
            .any(|s| s.trim_start_matches('/').eq_ignore_ascii_case(name))
    };
    if has("EncryptionInfo") && has("EncryptedPackage") {
        inspect_embedded(bytes, label, ctx, out.visitor);
        return "encrypted";
    }
    if has("Workbook") || has("Book") {
        inspect_embedded(bytes, label, ctx, out.visitor);
        return "workbook";
    }
    if let Some(class) = read_stream(&mut cf, "/\u{1}CompObj", ctx)
        .ok()
        .and_then(|d| comp_obj_name(&d))
    {
        *desc = Some(class);
    }
    if has("Package") {
        return match read_stream(&mut cf, "/Package", ctx) {
            Ok(data) => blob(ctx, &data, out, label, depth + 1, &mut None),
            Err(e) => {
                out.incomplete(&format!("the package inside {label} cannot be read: {e}"));
                "other"
            }
        };
    }
    if has("\u{1}Ole10Native") {
        return match read_stream(&mut cf, "/\u{1}Ole10Native", ctx) {
            Ok(data) => match ole10_native(&data) {
                Some(native) => {
                    for p in [native.label, native.path, native.temp_path]
                        .into_iter()
                        .flatten()
                    {
                        out.text(Kind::EmbeddedObject, Some("path"), true, &p);
                    }
                    let name = native.file_name.unwrap_or_else(|| "package".to_string());
                    *desc = Some(format!("packaged file {name}"));
                    blob(
                        ctx,
                        native.data,
                        out,
                        &format!("{label}/{name}"),
                        depth + 1,
                        &mut None,
                    )
                }
                None => {
                    out.incomplete(&format!(
                        "the packaged file inside {label} cannot be parsed"
                    ));
                    out.binary_strings(Kind::EmbeddedObject, "strings", &data);
                    "other"
                }
            },
            Err(e) => {
                out.incomplete(&format!(
                    "the packaged file inside {label} cannot be read: {e}"
                ));
                "other"
            }
        };
    }
    let document = has("WordDocument") || has("PowerPoint Document");
    for s in &streams {
        match read_stream(&mut cf, s, ctx) {
            Ok(data) => out.binary_strings(Kind::EmbeddedObject, "strings", &data),
            Err(e) => out.incomplete(&format!("stream {s} of {label} cannot be read: {e}")),
        }
    }
    if document { "document" } else { "other" }
}

/// Read one stream whole, bounded by the part size limit.
fn read_stream(
    cf: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    path: &str,
    ctx: &Context,
) -> Result<Vec<u8>, String> {
    let max = ctx.limits.max_part_bytes;
    let mut s = cf.open_stream(path).map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    (&mut s)
        .take(max.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| e.to_string())?;
    if buf.len() as u64 > max {
        return Err(format!(
            "stream {path} is larger than {max} bytes",
            max = thousands(max)
        ));
    }
    Ok(buf)
}

/// The user type name in a `\x01CompObj` stream ("Microsoft Excel Worksheet").
fn comp_obj_name(d: &[u8]) -> Option<String> {
    // Header (28 bytes), then a length-prefixed ANSI user type string.
    let len = u32::from_le_bytes(d.get(28..32)?.try_into().ok()?) as usize;
    let s = d.get(32..32usize.checked_add(len)?)?;
    let s = String::from_utf8_lossy(s)
        .trim_end_matches('\0')
        .trim()
        .to_string();
    (!s.is_empty() && s.len() < 200).then_some(s)
}

/// A file wrapped by the OLE Packager.
struct Native<'b> {
    label: Option<String>,
    file_name: Option<String>,
    path: Option<String>,
    temp_path: Option<String>,
    data: &'b [u8],
}

/// Parse `\x01Ole10Native`: size, flags, label\0, path\0, two reserved
/// words, temp path\0, data size, data. Defensive: None when it does not fit.
fn ole10_native(d: &[u8]) -> Option<Native<'_>> {
    fn cstr(d: &[u8], at: &mut usize) -> Option<String> {
        let rest = d.get(*at..)?;
        let end = rest.iter().position(|b| *b == 0)?;
        *at += end + 1;
        let s = String::from_utf8_lossy(&rest[..end]).into_owned();
        Some(s)
    }
    fn u32_at(d: &[u8], at: &mut usize) -> Option<u32> {
        let v = u32::from_le_bytes(d.get(*at..*at + 4)?.try_into().ok()?);
        *at += 4;
        Some(v)
    }
    let total = u32_at(d, &mut 0)? as usize;
    let body = d
        .get(4..4usize.checked_add(total)?)
        .unwrap_or_else(|| d.get(4..).unwrap_or(&[]));
    let mut at = 2; // flags
    let label = cstr(body, &mut at)?;
    let path = cstr(body, &mut at)?;
    let _reserved = u32_at(body, &mut at)?;
    let _temp_len = u32_at(body, &mut at)?;
    let temp_path = cstr(body, &mut at)?;
    let size = u32_at(body, &mut at)? as usize;
    let data = body.get(at..at.checked_add(size)?)?;
    let file_name = [&label, &path, &temp_path]
        .iter()
        .filter_map(|p| p.rsplit(['\\', '/']).next())
        .find(|n| n.contains('.'))
        .map(str::to_string);
    let opt = |s: String| (!s.trim().is_empty()).then_some(s);
    Some(Native {
        label: opt(label),
        file_name,
        path: opt(path),
        temp_path: opt(temp_path),
        data,
    })
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::super::testkit::*;
    use super::super::{PartCtx, inspect_part};
    use super::*;

    /// An xlsx with a visible sheet and a hidden sheet holding a name.
    fn small_xlsx() -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let s1 = wb.add_worksheet();
        s1.set_name("Summary").unwrap();
        s1.write_string(0, 0, "Count").unwrap();
        let s2 = wb.add_worksheet();
        s2.set_name("Officers").unwrap();
        s2.write_string(0, 0, "DC Jane Doe").unwrap();
        s2.set_hidden(true);
        wb.save_to_buffer().unwrap()
    }

    fn cfb_with(streams: &[(&str, &[u8])]) -> Vec<u8> {
        let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        for (name, data) in streams {
            let mut s = cf.create_stream(name).unwrap();
            s.write_all(data).unwrap();
        }
        cf.flush().unwrap();
        cf.into_inner().into_inner()
    }

    /// The embedded workbook is handed to the workbook reader; once the OOXML
    /// reader exists its hidden sheet arrives with the embedding chain, and
    /// until then the reader's refusal arrives as an incomplete part.
    fn assert_workbook_inspected(rec: &Recorder, chain: &str) {
        let sheets = rec.sheets();
        let incomplete = rec.incomplete();
        if let Some(hidden) = sheets.iter().find(|s| s.name == "Officers") {
            assert_eq!(hidden.state, crate::model::SheetState::Hidden);
            assert_eq!(hidden.embedded, vec![chain.to_string()], "{hidden:?}");
            assert!(incomplete.is_empty(), "{incomplete:?}");
        } else {
            assert_eq!(
                incomplete.len(),
                1,
                "inspect_embedded was not called: {sheets:?}"
            );
            assert_eq!(incomplete[0].0.part.as_deref(), Some(chain));
            assert!(incomplete[0].1.contains("not built yet"), "{incomplete:?}");
        }
    }

    #[test]
    fn ole_package_stream_with_xlsx_is_inspected_recursively() {
        let xlsx = small_xlsx();
        let ole = cfb_with(&[("/Package", &xlsx), ("/\u{1}CompObj", &[0u8; 40])]);
        let rec = Recorder::default();
        let name = "xl/embeddings/oleObject1.bin";
        let r = rel("oleObject");
        run(
            &rec,
            name,
            Some("application/vnd.openxmlformats-officedocument.oleObject"),
            Some(&r),
            &ole,
        )
        .unwrap();
        let f = rec.of_kind(Kind::EmbeddedObject);
        assert_eq!((f.len(), f[0].variant), (1, Some("workbook")));
        assert_workbook_inspected(&rec, name);
    }

    #[test]
    fn package_part_xlsx_is_inspected_recursively() {
        let xlsx = small_xlsx();
        let rec = Recorder::default();
        let name = "xl/embeddings/Microsoft_Excel_Worksheet.xlsx";
        let r = rel("package");
        let ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        run(&rec, name, Some(ct), Some(&r), &xlsx).unwrap();
        assert_eq!(
            rec.of_kind(Kind::EmbeddedObject)[0].variant,
            Some("workbook")
        );
        assert_workbook_inspected(&rec, name);
    }

    #[test]
    fn ole10native_packaged_csv_is_parsed_and_paths_reported() {
        let csv = b"name,collar\nJane Doe,4521AB\n";
        let mut body = vec![2u8, 0];
        body.extend_from_slice(b"officers.csv\0C:\\Users\\jdoe\\Desktop\\officers.csv\0");
        body.extend_from_slice(&[0, 0, 3, 0]);
        let tmp = b"C:\\Users\\jdoe\\AppData\\Local\\Temp\\officers.csv\0";
        body.extend_from_slice(&(tmp.len() as u32).to_le_bytes());
        body.extend_from_slice(tmp);
        body.extend_from_slice(&(csv.len() as u32).to_le_bytes());
        body.extend_from_slice(csv);
        let mut native = (body.len() as u32).to_le_bytes().to_vec();
        native.extend_from_slice(&body);
        let ole = cfb_with(&[("/\u{1}Ole10Native", &native)]);
        let rec = Recorder::default();
        let name = "xl/embeddings/oleObject2.bin";
        run(&rec, name, None, Some(&rel("oleObject")), &ole).unwrap();
        assert!(rec.has_text_field("C:\\Users\\jdoe\\Desktop\\officers.csv", "path"));
        assert!(rec.has_text_field("AppData\\Local\\Temp", "path"));
        let f = rec.of_kind(Kind::EmbeddedObject);
        assert_eq!(f[0].variant, Some("workbook"), "{f:?}");
        assert!(f[0].message.contains("officers.csv"));
        // The CSV reader receives it under the packaged file's name.
        let chain = format!("{name}/officers.csv");
        let got_sheet = rec
            .sheets()
            .iter()
            .any(|s| s.embedded == vec![chain.clone()]);
        let got_incomplete = rec
            .incomplete()
            .iter()
            .any(|(l, _)| l.part.as_deref() == Some(chain.as_str()));
        assert!(
            got_sheet || got_incomplete,
            "{:?} {:?}",
            rec.sheets(),
            rec.incomplete()
        );
    }

    #[test]
    fn other_ole_object_strings_are_scanned() {
        let ole = cfb_with(&[("/CONTENTS", b"\x00\x01%PDF-1.4 Author (Jane Doe)\x00\x02")]);
        let rec = Recorder::default();
        run(
            &rec,
            "xl/embeddings/oleObject3.bin",
            None,
            Some(&rel("oleObject")),
            &ole,
        )
        .unwrap();
        assert_eq!(rec.of_kind(Kind::EmbeddedObject)[0].variant, Some("other"));
        assert!(rec.has_text("Author (Jane Doe)"));
    }

    #[test]
    fn embedded_docx_text_is_scanned() {
        let mut zbuf = Cursor::new(Vec::new());
        {
            let mut z = ::zip::ZipWriter::new(&mut zbuf);
            let o = ::zip::write::SimpleFileOptions::default();
            z.start_file("[Content_Types].xml", o).unwrap();
            z.write_all(b"<Types/>").unwrap();
            z.start_file("word/document.xml", o).unwrap();
            z.write_all(b"<w:document xmlns:w='w'><w:body><w:p><w:r><w:t>Witness: John Roe</w:t></w:r></w:p></w:body></w:document>").unwrap();
            z.finish().unwrap();
        }
        let rec = Recorder::default();
        let ct = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        run(
            &rec,
            "xl/embeddings/Microsoft_Word_Document.docx",
            Some(ct),
            Some(&rel("package")),
            &zbuf.into_inner(),
        )
        .unwrap();
        assert_eq!(
            rec.of_kind(Kind::EmbeddedObject)[0].variant,
            Some("document")
        );
        assert!(rec.has_text_field("Witness: John Roe", "document_text"));
    }

    #[test]
    fn damaged_ole_object_is_incomplete() {
        let mut bad = CFB_MAGIC.to_vec();
        bad.extend_from_slice(&[0u8; 100]);
        let rec = Recorder::default();
        run(
            &rec,
            "xl/embeddings/oleObject4.bin",
            None,
            Some(&rel("oleObject")),
            &bad,
        )
        .unwrap();
        assert_eq!(rec.incomplete().len(), 1);
        assert_eq!(rec.of_kind(Kind::EmbeddedObject).len(), 1);
    }

    #[test]
    fn unreached_zip_is_inspected_as_embedded() {
        let xlsx = small_xlsx();
        let rec = Recorder::default();
        let ctx = test_ctx();
        let part = PartCtx {
            reached: false,
            ..part_ctx("xl/leftover.bin", None, None, &ctx)
        };
        inspect_part(&part, &xlsx, &rec).unwrap();
        assert!(
            rec.of_kind(Kind::UnknownPart)
                .iter()
                .any(|f| f.variant == Some("unreached"))
        );
        assert_eq!(
            rec.of_kind(Kind::EmbeddedObject)[0].variant,
            Some("workbook")
        );
        assert_workbook_inspected(&rec, "xl/leftover.bin");
    }
}
