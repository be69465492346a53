//! The OOXML/ODF zip package: entries with limits, content types, relationships.
use crate::source::{Context, Format, Input, Result, SourceError};

/// Classify a zip: which workbook format (or ODS) it holds.
pub fn sniff_zip(_input: Input<'_>, _ctx: &Context) -> Result<Format> {
    Err(SourceError::Unsupported("zip sniffing not built yet".into()))
}
