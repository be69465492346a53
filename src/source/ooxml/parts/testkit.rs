//! The shared recording visitor and part contexts for the part parsers'
//! unit tests.

use super::{PartCtx, inspect_part};
pub use crate::source::recorder::Recorder;
use crate::source::{Context, Input, Limits, Result};

pub fn test_ctx() -> Context {
    Context::new("test.xlsx", Limits::default())
}

/// A reached part, owned by no sheet, with no external targets.
pub fn part_ctx<'a>(
    name: &'a str,
    ct: Option<&'a str>,
    rel: Option<&'a str>,
    ctx: &'a Context,
) -> PartCtx<'a> {
    PartCtx {
        name,
        content_type: ct,
        rel_type: rel,
        sheet: None,
        sheet_hidden: false,
        reached: true,
        external_targets: &[],
        file: Input::Bytes(&[]),
        ctx,
    }
}

/// Inspect a reached part with a default context.
pub fn run(
    rec: &Recorder,
    name: &str,
    ct: Option<&str>,
    rel: Option<&str>,
    bytes: &[u8],
) -> Result<()> {
    let ctx = test_ctx();
    inspect_part(&part_ctx(name, ct, rel, &ctx), bytes, rec)
}

/// A relationship type in the transitional namespace.
pub fn rel(last: &str) -> String {
    format!("http://schemas.openxmlformats.org/officeDocument/2006/relationships/{last}")
}
