//! CSV and TSV text files.
use super::{Context, Input, Reader, Result, SourceError};
use crate::model::Visitor;

/// True when the first bytes look like text (UTF-8, UTF-16 with BOM, or a
/// single-byte encoding without control bytes).
pub fn looks_like_text(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    !head.is_empty() && !head.iter().any(|&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)))
}

pub struct CsvReader;

impl Reader for CsvReader {
    fn inspect(&self, _input: Input<'_>, _ctx: &Context, _visitor: &dyn Visitor) -> Result<()> {
        Err(SourceError::Unsupported("csv reader not built yet".into()))
    }
}
