//! Cell formats of an xlsb workbook (`styles.bin`): number formats
//! (`BrtFmt`), fonts (`BrtFont`), fills (`BrtFill`), the indexed colour
//! palette and the cell formats (`BrtXF` under `BrtBeginCellXFs`), turned
//! into the same [`Styles`] the xlsx reader builds, so invisible text and
//! dates are decided the same way.

use std::collections::HashMap;

use super::{BinRecords, u16_at, u32_at, wide_str};
use crate::model::{Align, HAlign, VAlign};
use crate::numbers::thousands;
use crate::source::ooxml::styles::{ColorSpec, FillSpec, FontSpec, Rgb, Styles, Theme};
use crate::source::{Result, SourceError};

const BRT_FONT: u16 = 0x002B;
const BRT_FMT: u16 = 0x002C;
const BRT_FILL: u16 = 0x002D;
const BRT_XF: u16 = 0x002F;
const BRT_INDEXED_COLOR: u16 = 0x01DB;
const BRT_BEGIN_CELL_XFS: u16 = 0x0269;
const BRT_END_CELL_XFS: u16 = 0x026A;
const BRT_FRT_BEGIN: u16 = 0x0023;
const BRT_FRT_END: u16 = 0x0024;

/// Most entries of each kind (Excel allows 64 000 cell formats).
const MAX_ENTRIES: usize = 1 << 20;

/// A `BrtColor` (8 bytes): type and index, tint, then RGB.
fn color(d: &[u8], at: usize) -> Option<Option<ColorSpec>> {
    let b = d.get(at..at.checked_add(8)?)?;
    let kind = b[0] >> 1;
    let index = b[1] as u32;
    let tint = i16::from_le_bytes([b[2], b[3]]) as f64 / 32767.0;
    Some(match kind {
        0 => Some(ColorSpec::Auto),
        1 => Some(ColorSpec::Indexed(index, tint)),
        2 => Some(ColorSpec::Rgb(Rgb(b[4], b[5], b[6]), tint)),
        3 => Some(ColorSpec::Theme(index, tint)),
        _ => None,
    })
}

/// Parse `styles.bin` to its end.
pub(super) fn parse_styles(d: &[u8], part: &str, theme: &Theme) -> Result<Styles> {
    let bad = |what: &str| SourceError::Corrupt(format!("{part}: malformed {what} record"));
    let mut recs = BinRecords::new(d);
    let mut numfmts: HashMap<u32, String> = HashMap::new();
    let mut fonts: Vec<FontSpec> = Vec::new();
    let mut fills: Vec<FillSpec> = Vec::new();
    let mut xfs: Vec<(u32, usize, usize)> = Vec::new();
    let mut aligns: Vec<(Align, bool)> = Vec::new();
    let mut palette: Vec<Rgb> = Vec::new();
    let mut in_cell_xfs = false;
    let mut future = 0usize;
    loop {
        let r = recs.next_rec().map_err(|_| {
            SourceError::Corrupt(format!("{part}: a record is cut off (truncated)"))
        })?;
        let Some((typ, data)) = r else { break };
        if fonts
            .len()
            .max(fills.len())
            .max(xfs.len())
            .max(numfmts.len())
            > MAX_ENTRIES
        {
            return Err(SourceError::Limit(format!(
                "{part} holds more than {MAX_ENTRIES} styles",
                MAX_ENTRIES = thousands(MAX_ENTRIES as u64)
            )));
        }
        match typ {
            BRT_FRT_BEGIN => future += 1,
            BRT_FRT_END => future = future.saturating_sub(1),
            _ if future > 0 => {}
            BRT_FMT => {
                let id = u16_at(data, 0).ok_or_else(|| bad("BrtFmt"))?;
                let (code, _) = wide_str(data, 2).ok_or_else(|| bad("BrtFmt"))?;
                numfmts.insert(id as u32, code.unwrap_or_default());
            }
            BRT_FONT => {
                let height = u16_at(data, 0).ok_or_else(|| bad("BrtFont"))?;
                // grbit: bit 1 is fItalic.
                let grbit = u16_at(data, 2).ok_or_else(|| bad("BrtFont"))?;
                let weight = u16_at(data, 4).ok_or_else(|| bad("BrtFont"))?;
                let c = color(data, 12).ok_or_else(|| bad("BrtFont"))?;
                fonts.push(FontSpec {
                    color: c,
                    size: Some(height as f64 / 20.0),
                    bold: weight >= 600,
                    italic: grbit & 0x2 != 0,
                });
            }
            BRT_FILL => {
                let fls = u32_at(data, 0).ok_or_else(|| bad("BrtFill"))?;
                let fg = color(data, 4).ok_or_else(|| bad("BrtFill"))?;
                let (pattern, gradient) = match fls {
                    0 => ("none", false),
                    1 => ("solid", false),
                    0x28 => ("none", true),
                    _ => ("pattern", false),
                };
                fills.push(FillSpec {
                    pattern: Some(pattern.to_string()),
                    fg,
                    gradient,
                });
            }
            BRT_INDEXED_COLOR => {
                let b = data.get(0..3).ok_or_else(|| bad("BrtIndexedColor"))?;
                palette.push(Rgb(b[0], b[1], b[2]));
            }
            BRT_BEGIN_CELL_XFS => in_cell_xfs = true,
            BRT_END_CELL_XFS => in_cell_xfs = false,
            BRT_XF if in_cell_xfs => {
                let fmt = u16_at(data, 2).ok_or_else(|| bad("BrtXF"))?;
                let font = u16_at(data, 4).ok_or_else(|| bad("BrtXF"))?;
                let fill = u16_at(data, 6).ok_or_else(|| bad("BrtXF"))?;
                xfs.push((fmt as u32, font as usize, fill as usize));
                // After ixBorder, trot and indent: alc (3 bits), alcv (3
                // bits), fWrap.
                let bits = u16_at(data, 12).unwrap_or(0);
                aligns.push((
                    Align {
                        horizontal: HAlign::from_alc(bits as u8),
                        vertical: VAlign::from_alcv((bits >> 3) as u8),
                    },
                    bits & 0x40 != 0,
                ));
            }
            _ => {}
        }
    }
    Ok(Styles::from_parts(
        &numfmts, &fonts, &fills, &xfs, &aligns, palette, theme,
    ))
}
