//! What the package declares: `META-INF/manifest.xml` (its entries and
//! whether any is encrypted), the `mimetype`, and entries the manifest
//! leaves out (`unreached`).
use std::collections::HashMap;
use std::io::BufRead;

use super::text_scan::scan_text;
use super::xml_walk::{Ev, walk};
use super::{PART_MANIFEST, PART_MIMETYPE};
use crate::finding::Kind;
use crate::model::{Feature, Location, Visitor};
use crate::source::xml::attr;
use crate::source::zip::ZipPackage;
use crate::source::{Limits, Result, SourceError};

/// The mimetypes of OpenDocument spreadsheets and their templates.
pub const ODS_MIMETYPES: [&str; 2] = [
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.spreadsheet-template",
];

/// `META-INF/manifest.xml`: which entries the package declares, and whether
/// any is encrypted.
#[derive(Debug, Default)]
pub(super) struct Manifest {
    /// full-path -> media type.
    entries: HashMap<String, String>,
    pub(super) encrypted: bool,
}

impl Manifest {
    pub(super) fn read(r: &mut dyn BufRead, limits: &Limits) -> Result<Manifest> {
        let mut m = Manifest::default();
        walk(r, PART_MANIFEST, limits, |ev| {
            match ev {
                Ev::Start("file-entry", e) => {
                    if let Some(path) = attr(e, "full-path") {
                        let path = path.trim_start_matches("./").to_string();
                        m.entries
                            .insert(path, attr(e, "media-type").unwrap_or_default());
                    }
                }
                Ev::Start("encryption-data", _) => m.encrypted = true,
                _ => {}
            }
            Ok(())
        })?;
        Ok(m)
    }

    /// True when the manifest lists the entry (or a folder holding it).
    /// `mimetype` and `META-INF/` need no entry.
    pub(super) fn lists(&self, name: &str) -> bool {
        if name == PART_MIMETYPE || name.starts_with("META-INF/") || self.entries.contains_key(name)
        {
            return true;
        }
        self.entries
            .keys()
            .any(|k| k.len() > 1 && k.ends_with('/') && name.starts_with(k.as_str()))
    }

    pub(super) fn media_type(&self, path: &str) -> Option<&str> {
        self.entries.get(path).map(|s| s.as_str())
    }
}

pub(super) fn check_mimetype(zip: &ZipPackage<'_>, manifest: &Manifest) -> Result<()> {
    let declared = if zip.contains(PART_MIMETYPE) {
        let m = zip.read(PART_MIMETYPE)?;
        String::from_utf8_lossy(&m).trim().to_string()
    } else {
        manifest
            .media_type("/")
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    if ODS_MIMETYPES.contains(&declared.as_str()) {
        return Ok(());
    }
    if declared.is_empty() {
        return Err(SourceError::Corrupt(
            "no mimetype: not an OpenDocument spreadsheet".into(),
        ));
    }
    Err(SourceError::Unsupported(format!(
        "an OpenDocument package of type {declared:?}, not a spreadsheet"
    )))
}

/// An entry the manifest does not list: LibreOffice ignores it, but its
/// content is still in the file.
pub(super) fn unreached(
    zip: &ZipPackage<'_>,
    name: &str,
    limits: &Limits,
    visitor: &dyn Visitor,
) -> Result<()> {
    let loc = Location::part(name);
    visitor.feature(
        Feature::new(
            Kind::UnknownPart,
            loc.clone(),
            "An entry the package manifest does not list: spreadsheet programs ignore it, but its content is still in the file.",
        )
        .variant("unreached")
        .sample(name.to_string()),
    );
    scan_text(zip, name, Kind::UnknownPart, None, &loc, limits, visitor)?;
    Ok(())
}
