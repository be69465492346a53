//! Excel binary workbooks (xlsb).
use super::{Context, Input, Reader, Result, SourceError};
use crate::model::Visitor;

pub struct XlsbReader;

impl Reader for XlsbReader {
    fn inspect(&self, _input: Input<'_>, _ctx: &Context, _visitor: &dyn Visitor) -> Result<()> {
        Err(SourceError::Unsupported("xlsb reader not built yet".into()))
    }
}
