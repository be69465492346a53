//! Embedded objects: binary (OLE) objects, inspected as files of their
//! own, and `Object N/` sub-documents such as charts, whose text is scanned.
use super::content::ContentInfo;
use super::manifest::Manifest;
use super::text_scan::scan_text;
use crate::finding::Kind;
use crate::model::{Feature, Location, Visitor};
use crate::source::zip::ZipPackage;
use crate::source::{Context, Limits, Result};

/// A binary embedded object (`Object 1`, usually an OLE compound file).
pub(super) fn ole_object(
    zip: &ZipPackage<'_>,
    name: &str,
    info: &ContentInfo,
    ctx: &Context,
    visitor: &dyn Visitor,
) -> Result<()> {
    let mut loc = Location::part(name);
    loc.sheet = info.anchors.get(name).cloned();
    let bytes = zip.read(name)?;
    let container = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        || bytes.starts_with(b"PK\x03\x04");
    visitor.feature(
        Feature::new(
            Kind::EmbeddedObject,
            loc.clone(),
            "An embedded (OLE) object; it may carry a whole workbook or document.",
        )
        .variant(if container { "ole" } else { "other" })
        .sample(name.to_string()),
    );
    if container {
        crate::source::inspect_embedded(&bytes, name, ctx, visitor);
    } else {
        scan_text(
            zip,
            name,
            Kind::EmbeddedObject,
            None,
            &loc,
            &ctx.limits,
            visitor,
        )?;
    }
    Ok(())
}

/// An `Object N/` sub-document: a chart (its data table is a copy of the
/// plotted cells) or another embedded document. Every text in it is scanned.
pub(super) fn embedded_folder(
    zip: &ZipPackage<'_>,
    folder: &str,
    parts: &[String],
    manifest: &Manifest,
    info: &ContentInfo,
    limits: &Limits,
    visitor: &dyn Visitor,
) -> Result<()> {
    let media = manifest
        .media_type(&format!("{folder}/"))
        .unwrap_or_default();
    let (kind, variant, message) = if media.ends_with(".chart") {
        (
            Kind::ChartCache,
            None,
            "A chart keeps its own copy of the values it plots.",
        )
    } else if media.ends_with(".spreadsheet") {
        (
            Kind::EmbeddedObject,
            Some("spreadsheet"),
            "An embedded spreadsheet with its own data.",
        )
    } else if media.ends_with(".text") {
        (
            Kind::EmbeddedObject,
            Some("document"),
            "An embedded text document.",
        )
    } else {
        (Kind::EmbeddedObject, Some("other"), "An embedded object.")
    };
    let mut loc = Location::part(format!("{folder}/"));
    loc.sheet = info.anchors.get(folder).cloned();
    let mut items = 0;
    for p in parts {
        let mut ploc = Location::part(p.as_str());
        ploc.sheet = loc.sheet.clone();
        items += scan_text(zip, p, kind, None, &ploc, limits, visitor)?;
    }
    let mut f = Feature::new(kind, loc, message).count(items.max(1));
    if let Some(v) = variant {
        f = f.variant(v).sample(folder.to_string());
    }
    visitor.feature(f);
    Ok(())
}
