//! OpenDocument spreadsheets (ods).
use super::{Context, Input, Reader, Result, SourceError};
use crate::model::Visitor;

pub struct OdsReader;

impl Reader for OdsReader {
    fn inspect(&self, _input: Input<'_>, _ctx: &Context, _visitor: &dyn Visitor) -> Result<()> {
        Err(SourceError::Unsupported("ods reader not built yet".into()))
    }
}
