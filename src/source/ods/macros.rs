//! Basic macro modules (`Basic/`): reported, and their code scanned.
use super::text_scan::scan_text;
use crate::finding::Kind;
use crate::model::{Feature, Location, Visitor};
use crate::source::zip::ZipPackage;
use crate::source::{Limits, Result};

/// A Basic module (`Basic/Standard/Module1.xml`): its code goes to the
/// content detectors.
pub(super) fn macro_module(
    zip: &ZipPackage<'_>,
    name: &str,
    limits: &Limits,
    visitor: &dyn Visitor,
) -> Result<()> {
    let loc = Location::part(name);
    let module = name
        .trim_start_matches("Basic/")
        .trim_end_matches(".xml")
        .to_string();
    visitor.feature(
        Feature::new(
            Kind::Macro,
            loc.clone(),
            "A Basic macro module is stored in the file.",
        )
        .variant("basic")
        .sample(module),
    );
    scan_text(zip, name, Kind::Macro, Some("code"), &loc, limits, visitor)?;
    Ok(())
}
