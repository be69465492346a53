//! Office Open XML workbooks (xlsx, xlsm, xltx, xltm).
pub mod package;

use super::{Context, Input, Reader, Result, SourceError};
use crate::model::Visitor;

/// Reads xlsx, xlsm, xltx and xltm packages.
pub struct OoxmlReader;

impl Reader for OoxmlReader {
    fn inspect(&self, _input: Input<'_>, _ctx: &Context, _visitor: &dyn Visitor) -> Result<()> {
        Err(SourceError::Unsupported("OOXML reader not built yet".into()))
    }
}
