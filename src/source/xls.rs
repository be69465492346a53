//! Excel 97-2003 workbooks (BIFF8 in a Compound File).
use super::{Context, Format, Input, Reader, Result, SourceError};
use crate::model::Visitor;

/// Classify a Compound File: xls, or an encrypted OOXML package.
pub fn sniff_cfb(_input: Input<'_>) -> Result<Format> {
    Err(SourceError::Unsupported("CFB sniffing not built yet".into()))
}

pub struct XlsReader;

impl Reader for XlsReader {
    fn inspect(&self, _input: Input<'_>, _ctx: &Context, _visitor: &dyn Visitor) -> Result<()> {
        Err(SourceError::Unsupported("xls reader not built yet".into()))
    }
}
