//! Defined names (NAME/Lbl records): the name, its flags and its formula
//! bytes, and whether the formula is a constant rather than a reference.

use super::biff::{u16_at, xl_chars};
use super::text::decode_cp;

/// One defined name (NAME/Lbl record).
#[derive(Clone, Debug)]
pub struct DefinedName {
    pub name: String,
    pub hidden: bool,
    pub builtin: bool,
    /// A macro (function or command) name.
    pub macro_name: bool,
    /// 1-based sheet index for a sheet-local name, 0 for a global one.
    pub itab: u16,
    pub rgce: Vec<u8>,
    pub formula: Option<String>,
}

const BUILTIN_NAMES: [&str; 14] = [
    "Consolidate_Area",
    "Auto_Open",
    "Auto_Close",
    "Extract",
    "Database",
    "Criteria",
    "Print_Area",
    "Print_Titles",
    "Recorder",
    "Data_Form",
    "Auto_Activate",
    "Auto_Deactivate",
    "Sheet_Title",
    "_FilterDatabase",
];

pub(super) fn parse_name(d: &[u8], biff8: bool, cp: u16) -> Option<DefinedName> {
    let grbit = u16_at(d, 0)?;
    let cch = *d.get(3)? as usize;
    let cce = u16_at(d, 4)? as usize;
    let itab = u16_at(d, 8)?;
    let builtin = grbit & 0x0020 != 0;
    let (raw, after) = if biff8 {
        let flags = *d.get(14)?;
        xl_chars(d, 15, cch, flags & 1 != 0)?
    } else {
        let b = d.get(14..14 + cch)?;
        (decode_cp(b, cp), 14 + cch)
    };
    let name = if builtin {
        let code = raw.chars().next().map(|c| c as u32).unwrap_or(0);
        match BUILTIN_NAMES.get(code as usize) {
            Some(n) if raw.chars().count() == 1 => format!("_xlnm.{n}"),
            _ => format!("_xlnm.{raw}"),
        }
    } else {
        raw
    };
    let rgce = d.get(after..after.checked_add(cce)?)?.to_vec();
    Some(DefinedName {
        name,
        hidden: grbit & 0x0001 != 0,
        builtin,
        macro_name: grbit & 0x000A != 0,
        itab,
        rgce,
        formula: None,
    })
}

/// True when a name's formula is only literal values (no references).
pub(super) fn is_constant_rgce(rgce: &[u8]) -> bool {
    matches!(
        rgce.first(),
        Some(0x17 | 0x1C | 0x1D | 0x1E | 0x1F | 0x20 | 0x40 | 0x60)
    )
}
