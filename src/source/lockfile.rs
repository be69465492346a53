//! Office owner ("lock") files: `~$name.xlsx` beside a workbook open in Excel,
//! `.~lock.name.ods#` beside one open in LibreOffice. They hold a user name.
use super::{Context, Input, Reader, Result, SourceError};
use crate::model::Visitor;

/// True when the name and bytes are those of an Office or LibreOffice lock file.
pub fn looks_like_lock_file(head: &[u8], name: &str) -> bool {
    let _ = head;
    name.starts_with("~$") || (name.starts_with(".~lock.") && name.ends_with('#'))
}

pub struct LockFileReader;

impl Reader for LockFileReader {
    fn inspect(&self, _input: Input<'_>, _ctx: &Context, _visitor: &dyn Visitor) -> Result<()> {
        Err(SourceError::Unsupported("lock file reader not built yet".into()))
    }
}
