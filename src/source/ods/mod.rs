//! OpenDocument spreadsheets (ods): a zip package with `mimetype`,
//! `META-INF/manifest.xml`, `content.xml` (the sheets), `styles.xml`,
//! `meta.xml` and optional pictures, embedded objects (`Object 1/`), macros
//! (`Basic/`, `Scripts/`) and settings.
//!
//! Order of work: the manifest first (an `encryption-data` entry means the
//! file is password-protected: [`SourceError::Encrypted`]), then the
//! mimetype, `styles.xml` (cell styles, page headers and footers),
//! `content.xml` (streamed), `meta.xml`, and every other entry. An entry the
//! manifest does not list is reported as an `unknown_part` (`unreached`) and
//! its text is scanned. Every XML part is parsed to its end, so a truncated
//! or malformed part makes the file an error.
//!
//! This file keeps the reader and the order of work; each concern has its
//! own file:
//! - `manifest`: the manifest, the mimetype and entries the manifest leaves
//!   out;
//! - `parts`: what each package entry is, from its name;
//! - `header_footer`: `styles.xml`, its page headers and footers;
//! - `styles`: the cell, row, column and table styles that hide things;
//! - `content`: `content.xml`, the sheets and everything in them;
//! - `properties`: `meta.xml`, the document properties;
//! - `macros` and `embedded`: Basic modules and embedded objects (charts,
//!   OLE objects, sub-documents);
//! - `text_scan`: the text of whole entries handed to the detectors;
//! - `xml_walk`: the XML event walk every part is read with.
mod content;
mod embedded;
mod header_footer;
mod macros;
mod manifest;
mod parts;
mod properties;
mod styles;
mod text_scan;
mod xml_walk;

use std::collections::BTreeMap;

use super::zip::ZipPackage;
use super::{Context, Input, Reader, Result, SourceError};
use crate::finding::Kind;
use crate::model::{Feature, Location, Visitor};
use embedded::{embedded_folder, ole_object};
use header_footer::{read_styles, report_headers};
use macros::macro_module;
pub use manifest::ODS_MIMETYPES;
use manifest::{Manifest, check_mimetype, unreached};
use parts::{Class, classify};
use properties::read_meta;
use styles::Styles;
use text_scan::scan_text;
use xml_walk::drain_if_xml;

pub(crate) const PART_CONTENT: &str = "content.xml";
const PART_STYLES: &str = "styles.xml";
const PART_META: &str = "meta.xml";
const PART_MANIFEST: &str = "META-INF/manifest.xml";
const PART_MIMETYPE: &str = "mimetype";

/// Reads OpenDocument spreadsheets.
pub struct OdsReader;

impl Reader for OdsReader {
    fn inspect(&self, input: Input<'_>, ctx: &Context, visitor: &dyn Visitor) -> Result<()> {
        let zip = ZipPackage::open(input, ctx)?;
        inspect_package(&zip, ctx, visitor)
    }
}

/// Inspect an opened ODF package.
pub fn inspect_package(zip: &ZipPackage<'_>, ctx: &Context, visitor: &dyn Visitor) -> Result<()> {
    let limits = &ctx.limits;
    if !zip.contains(PART_MANIFEST) {
        return Err(SourceError::Corrupt(format!(
            "no {PART_MANIFEST}: not an OpenDocument package"
        )));
    }
    let manifest = zip.with_reader(PART_MANIFEST, |r| Manifest::read(r, limits))?;
    if manifest.encrypted {
        return Err(SourceError::Encrypted);
    }
    check_mimetype(zip, &manifest)?;

    let mut styles = Styles::default();
    let mut pages = Vec::new();
    if zip.contains(PART_STYLES) {
        pages = zip.with_reader(PART_STYLES, |r| read_styles(r, &mut styles, limits))?;
    }
    if !zip.contains(PART_CONTENT) {
        return Err(SourceError::Corrupt(format!(
            "no {PART_CONTENT}: the spreadsheet has no content"
        )));
    }
    let info = zip.with_reader(PART_CONTENT, |r| {
        content::read(r, &mut styles, limits, visitor)
    })?;
    report_headers(&pages, &styles, &info, visitor);
    // Text a number format shows in every cell that uses it is visible.
    let texts = styles.format_texts();
    if !texts.is_empty() {
        visitor.text(
            crate::model::TextPlace {
                kind: crate::finding::Kind::DocumentProperties,
                location: &Location::part(PART_STYLES),
                field: Some("number format"),
                hidden: false,
            },
            &texts.join("\n"),
        );
    }

    let names = zip.names();
    let mut objects: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in &names {
        let listed = manifest.lists(name);
        let class = classify(name);
        if !listed {
            unreached(zip, name, limits, visitor)?;
        }
        match class {
            Class::Mimetype | Class::Manifest | Class::Content | Class::Styles => {}
            Class::Meta => zip.with_reader(name, |r| read_meta(r, name, limits, visitor))?,
            // Settings keep strings a user typed (printer names, view
            // settings, macro security lists): read like properties.
            Class::Standard if name == "settings.xml" => {
                let loc = Location::part(name.as_str());
                scan_text(
                    zip,
                    name,
                    Kind::DocumentProperties,
                    Some("settings"),
                    &loc,
                    limits,
                    visitor,
                )?;
            }
            Class::Standard => drain_if_xml(zip, name, limits)?,
            Class::Thumbnail => visitor.feature(
                Feature::new(
                    Kind::Image,
                    Location::part(name.as_str()),
                    "A thumbnail picture of the first sheet.",
                )
                .variant("thumbnail"),
            ),
            Class::Picture => {
                let mut loc = Location::part(name.as_str());
                loc.sheet = info.anchors.get(name.as_str()).cloned();
                visitor.feature(
                    Feature::new(Kind::Image, loc, "A picture is stored in the file.")
                        .variant("picture")
                        .sample(name.clone()),
                );
            }
            Class::BasicModule => macro_module(zip, name, limits, visitor)?,
            Class::Script => {
                let loc = Location::part(name.as_str());
                visitor.feature(
                    Feature::new(
                        Kind::Macro,
                        loc.clone(),
                        "A script (macro) is stored in the file.",
                    )
                    .variant("script")
                    .sample(name.clone()),
                );
                scan_text(zip, name, Kind::Macro, Some("code"), &loc, limits, visitor)?;
            }
            Class::Dialog => {
                let loc = Location::part(name.as_str());
                visitor.feature(
                    Feature::new(
                        Kind::Macro,
                        loc.clone(),
                        "A macro dialog is stored in the file.",
                    )
                    .variant("dialog")
                    .sample(name.clone()),
                );
                scan_text(zip, name, Kind::Macro, None, &loc, limits, visitor)?;
            }
            Class::Object(folder) => objects.entry(folder).or_default().push(name.clone()),
            Class::OleObject => ole_object(zip, name, &info, ctx, visitor)?,
            Class::ObjectReplacement => {}
            Class::Signature => {
                let loc = Location::part(name.as_str());
                scan_text(
                    zip,
                    name,
                    Kind::DocumentProperties,
                    Some("signature"),
                    &loc,
                    limits,
                    visitor,
                )?;
            }
            Class::Unknown => {
                if listed {
                    let loc = Location::part(name.as_str());
                    visitor.feature(
                        Feature::new(
                            Kind::UnknownPart,
                            loc.clone(),
                            "A part foiguard does not recognise; its text is scanned.",
                        )
                        .variant("unknown")
                        .sample(name.clone()),
                    );
                    scan_text(zip, name, Kind::UnknownPart, None, &loc, limits, visitor)?;
                }
            }
        }
    }
    for (folder, parts) in &objects {
        embedded_folder(zip, folder, parts, &manifest, &info, limits, visitor)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
