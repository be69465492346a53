//! Classify a zip package: which workbook format (or ODS) it holds.
//!
//! The main workbook part is found the OPC way: the package relationship of
//! type `officeDocument`, then that part's content type.
use super::opc::{self, ContentTypes, PartIndex, Relationship};
use crate::source::zip::ZipPackage;
use crate::source::{Context, Format, Input, Limits, Result, SourceError};

pub const CT_XLSX: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
pub const CT_XLSM: &str = "application/vnd.ms-excel.sheet.macroEnabled.main+xml";
pub const CT_XLTX: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml";
pub const CT_XLTM: &str = "application/vnd.ms-excel.template.macroEnabled.main+xml";
pub const CT_XLSB: &str = "application/vnd.ms-excel.sheet.binary.macroEnabled.main";
pub const ODS_MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// The workbook format a main-part content type announces.
///
/// ```
/// use foiguard::source::{ooxml::package::format_for_content_type, Format};
/// assert_eq!(format_for_content_type("application/vnd.ms-excel.sheet.macroEnabled.main+xml"), Some(Format::Xlsm));
/// assert_eq!(format_for_content_type("application/xml"), None);
/// ```
pub fn format_for_content_type(ct: &str) -> Option<Format> {
    let ct = ct.trim();
    let is = |c: &str| ct.eq_ignore_ascii_case(c);
    if is(CT_XLSX) {
        Some(Format::Xlsx)
    } else if is(CT_XLSM) {
        Some(Format::Xlsm)
    } else if is(CT_XLTX) {
        Some(Format::Xltx)
    } else if is(CT_XLTM) {
        Some(Format::Xltm)
    } else if is(CT_XLSB) {
        Some(Format::Xlsb)
    } else {
        None
    }
}

/// Classify a zip: which workbook format (or ODS) it holds.
pub fn sniff_zip(input: Input<'_>, ctx: &Context) -> Result<Format> {
    let zip = ZipPackage::open(input, ctx)?;
    sniff_package(&zip, ctx)
}

/// [`sniff_zip`] on an already opened package.
pub fn sniff_package(zip: &ZipPackage<'_>, ctx: &Context) -> Result<Format> {
    if zip.contains("mimetype") {
        let m = zip.read("mimetype")?;
        if String::from_utf8_lossy(&m).trim() == ODS_MIMETYPE {
            return Ok(Format::Ods);
        }
    }
    let names = zip.names();
    let index = PartIndex::new(&names);
    let Some(ct_name) = index.find("[Content_Types].xml") else {
        return Err(SourceError::Unsupported(
            "a zip that is neither an Office Open XML nor an OpenDocument spreadsheet".into(),
        ));
    };
    let ct = ContentTypes::parse(&zip.read(ct_name)?, &ctx.limits)?;
    // The OPC way: the package's officeDocument relationship names the main part.
    if let Some(rels_name) = index.find("_rels/.rels") {
        let rels = opc::parse_rels(&zip.read(rels_name)?, rels_name, "", &ctx.limits)?;
        for rel in rels
            .iter()
            .filter(|r| r.is("officeDocument") && !r.external)
        {
            if let Some(f) = ct.get(&rel.target).and_then(format_for_content_type) {
                return Ok(f);
            }
        }
    } else {
        // No package relationships: fall back on any declared workbook part.
        for (_, t) in ct.overrides() {
            if let Some(f) = format_for_content_type(t) {
                return Ok(f);
            }
        }
    }
    Err(SourceError::Unsupported(
        "an Office package that holds no spreadsheet (a document or presentation?)".into(),
    ))
}

/// The parts a workbook package (xlsx or xlsb) is opened by:
/// `[Content_Types].xml`, the package relationships and the workbook part
/// their `officeDocument` relationship leads to. Names are the zip entries'
/// own.
pub(crate) struct PackageRoot {
    pub ct_name: String,
    pub ct: ContentTypes,
    pub root_rels_name: String,
    pub root_rels: Vec<Relationship>,
    pub wb_name: String,
}

impl PackageRoot {
    /// Read the root parts; a package missing any of them is corrupt.
    pub(crate) fn read(zip: &ZipPackage<'_>, index: &PartIndex, limits: &Limits) -> Result<Self> {
        let ct_name = index
            .find("[Content_Types].xml")
            .ok_or_else(|| SourceError::Corrupt("the package has no [Content_Types].xml".into()))?
            .to_string();
        let ct = ContentTypes::parse(&zip.read(&ct_name)?, limits)?;
        let root_rels_name = index
            .find("_rels/.rels")
            .ok_or_else(|| SourceError::Corrupt("the package has no _rels/.rels".into()))?
            .to_string();
        let root_rels = opc::parse_rels(&zip.read(&root_rels_name)?, &root_rels_name, "", limits)?;
        let wb_name = root_rels
            .iter()
            .filter(|r| r.is("officeDocument") && !r.external)
            .find_map(|r| index.find(&r.target))
            .ok_or_else(|| {
                SourceError::Corrupt(
                    "no officeDocument relationship leads to a workbook part".into(),
                )
            })?
            .to_string();
        Ok(PackageRoot {
            ct_name,
            ct,
            root_rels_name,
            root_rels,
            wb_name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Limits;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn build(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut buf);
        for (name, data) in entries {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(data.as_bytes()).unwrap();
        }
        w.finish().unwrap();
        buf.into_inner()
    }

    fn ct(main: &str) -> String {
        format!(
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{main}"/></Types>"#
        )
    }

    const RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

    fn sniff(bytes: &[u8]) -> Result<Format> {
        sniff_zip(Input::Bytes(bytes), &Context::new("x", Limits::default()))
    }

    #[test]
    fn sniffs_each_workbook_type() {
        for (t, f) in [
            (CT_XLSX, Format::Xlsx),
            (CT_XLSM, Format::Xlsm),
            (CT_XLTX, Format::Xltx),
            (CT_XLTM, Format::Xltm),
            (CT_XLSB, Format::Xlsb),
        ] {
            let z = build(&[
                ("[Content_Types].xml", &ct(t)),
                ("_rels/.rels", RELS),
                ("xl/workbook.xml", "<w/>"),
            ]);
            assert_eq!(sniff(&z).unwrap(), f);
        }
        let docx = build(&[
            (
                "[Content_Types].xml",
                &ct(
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                ),
            ),
            ("_rels/.rels", RELS),
        ]);
        assert!(matches!(sniff(&docx), Err(SourceError::Unsupported(_))));
    }

    #[test]
    fn sniffs_ods_and_plain_zips() {
        let ods = build(&[("mimetype", ODS_MIMETYPE), ("content.xml", "<x/>")]);
        assert_eq!(sniff(&ods).unwrap(), Format::Ods);
        let plain = build(&[("readme.txt", "hi")]);
        assert!(matches!(sniff(&plain), Err(SourceError::Unsupported(_))));
        let broken = build(&[
            ("[Content_Types].xml", "<Types><Override"),
            ("_rels/.rels", RELS),
        ]);
        assert!(matches!(sniff(&broken), Err(SourceError::Corrupt(_))));
    }
}
