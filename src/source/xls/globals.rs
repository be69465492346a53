//! The workbook globals substream: sheets (BOUNDSHEET), the shared string
//! table, defined names, external links, cell formats and the last saver's
//! user name, read into [`Globals`].

use std::collections::HashMap;

use super::biff::{
    BOF, EOF, FILEPASS, Frags, Records, byte_string, short_xl_string, u16_at, u32_at, xl_string,
};
use super::externals::{ExternalBook, parse_supbook, read_crn};
use super::formats::{Xf, is_date_format};
use super::formula::{self, SupBook, Xti};
use super::names::{DefinedName, parse_name};
use crate::model::{Align, CellFormat, HAlign, SheetKind, SheetState, VAlign};
use crate::numbers::thousands;
use crate::source::ooxml::styles::{INDEXED_PALETTE, builtin_format_code};
use crate::source::ooxml::styles::{Rgb, XfInfo};
use crate::source::{Context, Result, SourceError};

/// One BOUNDSHEET record.
#[derive(Clone, Debug)]
pub struct BoundSheet {
    pub pos: u32,
    /// 0 visible, 1 hidden, 2 very hidden.
    pub hs_state: u8,
    /// 0 worksheet or dialog, 1 macro sheet, 2 chart, 6 VB module.
    pub dt: u8,
    pub name: String,
}

/// The workbook globals substream.
#[derive(Debug, Default)]
pub struct Globals {
    pub biff8: bool,
    pub codepage: u16,
    pub date1904: bool,
    pub sheets: Vec<BoundSheet>,
    pub sst: Vec<String>,
    pub names: Vec<DefinedName>,
    pub xti: Vec<Xti>,
    pub supbooks: Vec<SupBook>,
    pub externals: Vec<ExternalBook>,
    pub xf: Vec<Xf>,
    /// How each XF looks (bold, number format) for a rebuilt copy; `None`
    /// for a plain format.
    pub looks: Vec<Option<CellFormat>>,
    pub write_access: Option<String>,
    /// The fixed text of the workbook's own number formats (`"PC Hendry "0`
    /// shows "PC Hendry" in every cell that uses it), in FORMAT order.
    pub format_texts: Vec<String>,
    /// Offset just after the globals' EOF record.
    pub end: usize,
}

impl Globals {
    pub(super) fn fctx(&self) -> (Vec<String>, Vec<String>) {
        let sheets = self.sheets.iter().map(|s| s.name.clone()).collect();
        let names = self.names.iter().map(|n| n.name.clone()).collect();
        (sheets, names)
    }
}

/// Look for FILEPASS in the globals before anything else is parsed: an
/// encrypted workbook's record data cannot be read.
pub fn check_encryption(stream: &[u8], part: &str) -> Result<()> {
    let mut recs = Records::new(stream, 0, part);
    let first = recs.need("the workbook globals")?;
    if first.typ != BOF {
        return Err(bof_error(first.typ, part));
    }
    loop {
        let r = recs.need("the workbook globals")?;
        match r.typ {
            FILEPASS => return Err(SourceError::Encrypted),
            EOF => return Ok(()),
            _ => {}
        }
    }
}

fn bof_error(typ: u16, part: &str) -> SourceError {
    match typ {
        0x0009 | 0x0209 | 0x0409 => SourceError::Unsupported(format!(
            "{part}: an Excel 2.x-4.x (BIFF2-4) workbook; save it as .xlsx or .xls (97-2003) and scan again"
        )),
        _ => SourceError::Corrupt(format!(
            "{part}: does not start with a BOF record (0x{typ:04X})"
        )),
    }
}

/// Parse the workbook globals substream (call [`check_encryption`] first).
pub fn parse_globals(stream: &[u8], part: &str, ctx: &Context) -> Result<Globals> {
    let bad = |what: &str, pos: usize| {
        SourceError::Corrupt(format!("{part}: malformed {what} record at byte {pos}"))
    };
    let mut g = Globals {
        codepage: 1252,
        ..Default::default()
    };
    let mut recs = Records::new(stream, 0, part);
    let bof = recs.need("the workbook globals")?;
    if bof.typ != BOF {
        return Err(bof_error(bof.typ, part));
    }
    let version = u16_at(bof.data, 0).ok_or_else(|| bad("BOF", 0))?;
    g.biff8 = match version {
        0x0600 => true,
        0x0500 => false,
        // BIFF8 writers sometimes leave the version 0; BIFF5 marks itself.
        0 => u16_at(bof.data, 2) != Some(0x1000),
        v => {
            return Err(SourceError::Unsupported(format!(
                "{part}: unknown BIFF version 0x{v:04X} (not Excel 95 or 97-2003)"
            )));
        }
    };
    if g.biff8 {
        g.codepage = 1200;
    }
    let mut formats: HashMap<u16, String> = HashMap::new();
    let mut fonts: Vec<(u16, u16, bool, bool)> = Vec::new(); // (height twips, colour index, bold, italic)
    let mut raw_xf: Vec<(u16, u16, u16, u8, u16)> = Vec::new(); // font, fmt, fore, fls, back
    // Per XF: alc (3 bits), fWrap, alcV (3 bits), as the XF's byte 6 holds them.
    let mut xf_align: Vec<u8> = Vec::new();
    // Colour indexes 8-63; a PALETTE record replaces them.
    let mut palette: Vec<u32> = INDEXED_PALETTE[8..].to_vec();
    loop {
        let r = recs.need("the workbook globals")?;
        let d = r.data;
        match r.typ {
            EOF => break,
            FILEPASS => return Err(SourceError::Encrypted),
            0x0042 => g.codepage = u16_at(d, 0).ok_or_else(|| bad("CODEPAGE", r.pos))?,
            0x0022 => g.date1904 = u16_at(d, 0) == Some(1),
            0x005C => {
                let s = if g.biff8 {
                    xl_string(d, 0).map(|x| x.0)
                } else {
                    byte_string(d, 0, false, g.codepage).map(|x| x.0)
                };
                let s = s.unwrap_or_default();
                let s = s.trim_end_matches([' ', '\0']).to_string();
                if !s.is_empty() {
                    g.write_access = Some(s);
                }
            }
            0x041E => {
                let ifmt = u16_at(d, 0).ok_or_else(|| bad("FORMAT", r.pos))?;
                let s = if g.biff8 {
                    xl_string(d, 2)
                } else {
                    byte_string(d, 2, false, g.codepage)
                };
                let (s, _) = s.ok_or_else(|| bad("FORMAT", r.pos))?;
                formats.insert(ifmt, s);
            }
            0x0031 => {
                let h = u16_at(d, 0).ok_or_else(|| bad("FONT", r.pos))?;
                let icv = u16_at(d, 4).ok_or_else(|| bad("FONT", r.pos))?;
                // Weight (bls): 400 normal, 700 bold; grbit bit 1: italic.
                let bold = u16_at(d, 6).is_some_and(|w| w >= 700);
                let italic = u16_at(d, 2).is_some_and(|g| g & 0x2 != 0);
                fonts.push((h, icv, bold, italic));
            }
            0x00E0 => {
                let font = u16_at(d, 0).ok_or_else(|| bad("XF", r.pos))?;
                let fmt = u16_at(d, 2).ok_or_else(|| bad("XF", r.pos))?;
                let (fore, fls, back) = if g.biff8 {
                    let b2 = u32_at(d, 14).ok_or_else(|| bad("XF", r.pos))?;
                    let c = u16_at(d, 18).ok_or_else(|| bad("XF", r.pos))?;
                    (c & 0x7F, (b2 >> 26) as u8, (c >> 7) & 0x7F)
                } else {
                    let v = u32_at(d, 8).ok_or_else(|| bad("XF", r.pos))?;
                    (
                        (v & 0x7F) as u16,
                        ((v >> 16) & 0x3F) as u8,
                        ((v >> 7) & 0x7F) as u16,
                    )
                };
                raw_xf.push((font, fmt, fore, fls, back));
                xf_align.push(d.get(6).copied().unwrap_or(0x20));
            }
            0x0092 => {
                let n = u16_at(d, 0).ok_or_else(|| bad("PALETTE", r.pos))? as usize;
                for k in 0..n.min(56) {
                    if let Some(c) = d.get(2 + k * 4..5 + k * 4)
                        && let Some(p) = palette.get_mut(k)
                    {
                        *p = (c[0] as u32) << 16 | (c[1] as u32) << 8 | c[2] as u32;
                    }
                }
            }
            0x0085 => {
                let pos = u32_at(d, 0).ok_or_else(|| bad("BOUNDSHEET", r.pos))?;
                let hs = *d.get(4).ok_or_else(|| bad("BOUNDSHEET", r.pos))? & 0x03;
                let dt = *d.get(5).ok_or_else(|| bad("BOUNDSHEET", r.pos))?;
                let name = if g.biff8 {
                    short_xl_string(d, 6)
                } else {
                    byte_string(d, 6, false, g.codepage)
                };
                let (mut name, _) = name.ok_or_else(|| bad("BOUNDSHEET", r.pos))?;
                name.retain(|c| c != '\0');
                g.sheets.push(BoundSheet {
                    pos,
                    hs_state: hs,
                    dt,
                    name,
                });
            }
            0x00FC => {
                let mut frags = vec![d];
                frags.extend(recs.continues()?);
                g.sst = parse_sst(frags, part, ctx)?;
            }
            0x0018 => {
                let mut all = d.to_vec();
                for c in recs.continues()? {
                    all.extend_from_slice(c);
                }
                g.names
                    .push(parse_name(&all, g.biff8, g.codepage).ok_or_else(|| bad("NAME", r.pos))?);
            }
            0x01AE if g.biff8 => {
                g.supbooks
                    .push(parse_supbook(d).ok_or_else(|| bad("SUPBOOK", r.pos))?);
                if let Some(p) = g.supbooks.last().and_then(|b| b.path.clone())
                    && !g.supbooks.last().is_some_and(|b| b.addin)
                {
                    g.externals.push(ExternalBook {
                        path: p,
                        ..Default::default()
                    });
                }
            }
            0x0023 if g.biff8 => {
                let name = short_xl_string(d, 6).map(|x| x.0).unwrap_or_default();
                if let Some(b) = g.supbooks.last_mut() {
                    b.names.push(name);
                }
            }
            0x005A if g.biff8 => {
                // CRN: cached values of an external sheet.
                if let Some(ext) = g.externals.last_mut() {
                    let mut frags = vec![d];
                    frags.extend(recs.continues()?);
                    read_crn(frags, ext);
                }
            }
            0x0017 if g.biff8 => {
                let n = u16_at(d, 0).ok_or_else(|| bad("EXTERNSHEET", r.pos))? as usize;
                for k in 0..n {
                    let at = 2 + k * 6;
                    match (u16_at(d, at), u16_at(d, at + 2), u16_at(d, at + 4)) {
                        (Some(b), Some(f), Some(l)) => g.xti.push(Xti {
                            supbook: b,
                            first: f as i16,
                            last: l as i16,
                        }),
                        _ => return Err(bad("EXTERNSHEET", r.pos)),
                    }
                }
            }
            _ => {}
        }
    }
    g.end = recs.pos();
    let mut own: Vec<(&u16, &String)> = formats.iter().collect();
    own.sort();
    g.format_texts = own
        .into_iter()
        .map(|(_, code)| crate::source::ooxml::styles::format_text(code))
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .collect();

    // Cell formats.
    let rgb = |icv: u16| -> Option<u32> {
        match icv {
            0..=7 => INDEXED_PALETTE.get(icv as usize).copied(),
            8..=63 => palette.get(icv as usize - 8).copied(),
            64 | 0x7FFF => Some(0x000000),
            65 => Some(0xFFFFFF),
            _ => None,
        }
    };
    for (i, (font, fmt, fore, fls, _back)) in raw_xf.into_iter().enumerate() {
        // BIFF8 and OOXML number the built-in formats alike.
        let own_or_builtin = formats
            .get(&fmt)
            .map(String::as_str)
            .or_else(|| builtin_format_code(u32::from(fmt)));
        let code = own_or_builtin.unwrap_or("General");
        let f = if font >= 4 {
            font.checked_sub(1)
        } else {
            Some(font)
        };
        let (fh, ficv, bold, italic) = f
            .and_then(|i| fonts.get(i as usize))
            .copied()
            .unwrap_or((200, 0x7FFF, false, false));
        let look_code = own_or_builtin
            .filter(|c| !c.trim().is_empty() && !c.trim().eq_ignore_ascii_case("general"));
        let fill = match fls {
            0 => Some(0xFFFFFF),
            1 => rgb(fore),
            _ => None,
        };
        let color = |v: u32| Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8);
        let a = xf_align.get(i).copied().unwrap_or(0x20);
        let look = CellFormat {
            bold,
            num_format: look_code.map(str::to_string),
            italic,
            wrap: a & 0x08 != 0,
            align: Align {
                horizontal: HAlign::from_alc(a),
                vertical: VAlign::from_alcv(a >> 4),
            },
            // As for xlsx: only a fill the copy's black text reads on.
            fill: (fls == 1)
                .then_some(fill)
                .flatten()
                .filter(|&f| color(f).is_light() && !color(f).close_to(color(0xFFFFFF))),
        };
        g.looks.push((!look.is_plain()).then_some(look));
        // A font within a few shades of the fill (#FEFEFE on white) is as
        // invisible as the same colour.
        let same =
            matches!((rgb(ficv), fill), (Some(a), Some(b)) if color(a).unreadable_on(color(b)));
        let white_bg = fill.is_some_and(|f| color(f).close_to(color(0xFFFFFF)));
        let date = is_date_format(fmt, code);
        g.xf.push(Xf {
            date,
            look: XfInfo::from_parts(code, date, same || fh <= 40, white_bg),
        });
    }

    // Defined names' formulas, once every name and external book is known.
    if g.biff8 {
        let (sheets, names) = g.fctx();
        let fctx = formula::Ctx {
            sheets: &sheets,
            xti: &g.xti,
            supbooks: &g.supbooks,
            names: &names,
        };
        for n in &mut g.names {
            n.formula = formula::decompile(&n.rgce, &fctx, None);
        }
    }
    Ok(g)
}

fn parse_sst(frags: Vec<&[u8]>, part: &str, ctx: &Context) -> Result<Vec<String>> {
    let bad = |why: String| SourceError::Corrupt(format!("{part}: shared string table {why}"));
    let mut f = Frags::new(frags);
    let _total = f.u32().ok_or_else(|| bad("header cut off".into()))?;
    let _unique = f.u32().ok_or_else(|| bad("header cut off".into()))?;
    let mut out = Vec::new();
    while !f.at_end() {
        if out.len() as u64 >= ctx.limits.max_shared_strings {
            return Err(SourceError::Limit(format!(
                "{part}: more than {} shared strings",
                thousands(ctx.limits.max_shared_strings)
            )));
        }
        let n = out.len();
        let cut = || bad(format!("cut off inside string {n}"));
        let cch = f.u16().ok_or_else(cut)? as usize;
        let flags = f.u8().ok_or_else(cut)?;
        let runs = if flags & 0x08 != 0 {
            f.u16().ok_or_else(cut)? as usize
        } else {
            0
        };
        let ext = if flags & 0x04 != 0 {
            f.u32().ok_or_else(cut)? as usize
        } else {
            0
        };
        let mut s = String::new();
        f.chars(cch, flags & 1 != 0, &mut s).ok_or_else(cut)?;
        f.skip(runs * 4).ok_or_else(cut)?;
        f.skip(ext).ok_or_else(cut)?;
        out.push(s);
    }
    Ok(out)
}

/// Sheet state from BOUNDSHEET hsState.
pub fn sheet_state(hs: u8) -> SheetState {
    match hs {
        0 => SheetState::Visible,
        1 => SheetState::Hidden,
        _ => SheetState::VeryHidden,
    }
}

/// Sheet kind from BOUNDSHEET dt.
pub fn sheet_kind(dt: u8) -> SheetKind {
    match dt {
        1 | 6 => SheetKind::Macrosheet,
        2 => SheetKind::Chartsheet,
        _ => SheetKind::Worksheet,
    }
}
