//! The BIFF5/BIFF8 records of an xls `Workbook` stream ([MS-XLS]): the
//! workbook globals (sheets, shared strings, names, external links, cell
//! formats) and each sheet's substream (cells, hidden rows and columns,
//! filters, notes, text boxes, headers, hyperlinks, chart caches).
//!
//! Every record is bounds-checked; a record that runs past the end of the
//! stream, or a structure cut off inside a record, makes the file corrupt.

use std::collections::{BTreeMap, HashMap};

use super::formula::{self, SupBook, Xti};
use super::text::{decode_cp, printable_runs, push_latin1, push_utf16le, utf16le_z};
use crate::finding::Kind;
use crate::model::{
    Cell, CellFormat, Feature, Hide, IndexSet, Location, Presentation, SheetInfo, SheetKind,
    SheetLayout, SheetState, TextPlace, Value, Visitor, a1,
};
use crate::source::{Context, Result, SourceError};

pub const BOF: u16 = 0x0809;
pub const EOF: u16 = 0x000A;
pub const CONTINUE: u16 = 0x003C;
pub const FILEPASS: u16 = 0x002F;

fn u16_at(d: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        d.get(o..o.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn u32_at(d: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        d.get(o..o.checked_add(4)?)?.try_into().ok()?,
    ))
}

fn f64_at(d: &[u8], o: usize) -> Option<f64> {
    Some(f64::from_le_bytes(
        d.get(o..o.checked_add(8)?)?.try_into().ok()?,
    ))
}

/// One record: type, data and the byte offset of its header.
#[derive(Clone, Copy, Debug)]
pub struct Rec<'a> {
    pub typ: u16,
    pub data: &'a [u8],
    pub pos: usize,
}

/// Walks the records of a stream from a position, bounds-checked.
pub struct Records<'a> {
    s: &'a [u8],
    pos: usize,
    part: &'a str,
}

impl<'a> Records<'a> {
    pub fn new(s: &'a [u8], pos: usize, part: &'a str) -> Self {
        Records { s, pos, part }
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The next record, `None` exactly at the end of the stream.
    pub fn next_rec(&mut self) -> Result<Option<Rec<'a>>> {
        if self.pos >= self.s.len() {
            return Ok(None);
        }
        let hdr = self.s.get(self.pos..self.pos + 4).ok_or_else(|| {
            SourceError::Corrupt(format!(
                "{}: a record header is cut off at byte {} (truncated)",
                self.part, self.pos
            ))
        })?;
        let typ = u16::from_le_bytes([hdr[0], hdr[1]]);
        let len = u16::from_le_bytes([hdr[2], hdr[3]]) as usize;
        let data = self.s.get(self.pos + 4..self.pos + 4 + len).ok_or_else(|| {
            SourceError::Corrupt(format!(
                "{}: record 0x{typ:04X} at byte {} claims {len} bytes but the stream ends first (truncated)",
                self.part, self.pos
            ))
        })?;
        let rec = Rec {
            typ,
            data,
            pos: self.pos,
        };
        self.pos += 4 + len;
        Ok(Some(rec))
    }

    /// The next record, where the end of the stream is an error.
    pub fn need(&mut self, what: &str) -> Result<Rec<'a>> {
        self.next_rec()?.ok_or_else(|| {
            SourceError::Corrupt(format!(
                "{}: the stream ends inside {what} (no end record)",
                self.part
            ))
        })
    }

    fn peek_typ(&self) -> Option<u16> {
        u16_at(self.s, self.pos)
    }

    /// The data of the CONTINUE records that follow.
    pub fn continues(&mut self) -> Result<Vec<&'a [u8]>> {
        let mut v = Vec::new();
        while self.peek_typ() == Some(CONTINUE) {
            if let Some(r) = self.next_rec()? {
                v.push(r.data);
            }
        }
        Ok(v)
    }
}

/// Reads across a record and its CONTINUE records. A character array split
/// over a CONTINUE boundary restarts with a fresh `fHighByte` flag byte.
pub struct Frags<'a> {
    frags: Vec<&'a [u8]>,
    i: usize,
    pos: usize,
}

impl<'a> Frags<'a> {
    pub fn new(frags: Vec<&'a [u8]>) -> Self {
        Frags {
            frags,
            i: 0,
            pos: 0,
        }
    }

    fn cur(&self) -> &'a [u8] {
        self.frags.get(self.i).copied().unwrap_or_default()
    }

    fn advance_if_empty(&mut self) -> bool {
        while self.pos >= self.cur().len() {
            if self.i + 1 >= self.frags.len() {
                return false;
            }
            self.i += 1;
            self.pos = 0;
        }
        true
    }

    pub fn at_end(&mut self) -> bool {
        !self.advance_if_empty()
    }

    pub fn u8(&mut self) -> Option<u8> {
        if !self.advance_if_empty() {
            return None;
        }
        let b = *self.cur().get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    pub fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.u8()?, self.u8()?]))
    }

    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes([
            self.u8()?,
            self.u8()?,
            self.u8()?,
            self.u8()?,
        ]))
    }

    pub fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            if !self.advance_if_empty() {
                return None;
            }
            let take = (self.cur().len() - self.pos).min(n);
            self.pos += take;
            n -= take;
        }
        Some(())
    }

    /// Read `cch` characters, starting with the given high-byte flag.
    pub fn chars(&mut self, cch: usize, mut high: bool, out: &mut String) -> Option<()> {
        let mut left = cch;
        while left > 0 {
            if self.pos >= self.cur().len() {
                if self.i + 1 >= self.frags.len() {
                    return None;
                }
                self.i += 1;
                self.pos = 0;
                high = self.cur().first()? & 1 != 0;
                self.pos = 1;
                continue;
            }
            let avail = self.cur().len() - self.pos;
            let width = if high { 2 } else { 1 };
            let n = (avail / width).min(left);
            if n == 0 {
                // Half a UTF-16 unit at the end of a record: malformed.
                return None;
            }
            let bytes = self.cur().get(self.pos..self.pos + n * width)?;
            if high {
                push_utf16le(out, bytes);
            } else {
                push_latin1(out, bytes);
            }
            self.pos += n * width;
            left -= n;
        }
        Some(())
    }
}

/// An XLUnicodeString (u16 count, flags, characters) inside one slice;
/// returns the string and the offset after it.
fn xl_string(d: &[u8], at: usize) -> Option<(String, usize)> {
    let cch = u16_at(d, at)? as usize;
    let flags = *d.get(at + 2)?;
    xl_chars(d, at + 3, cch, flags & 1 != 0)
}

/// A ShortXLUnicodeString (u8 count, flags, characters).
fn short_xl_string(d: &[u8], at: usize) -> Option<(String, usize)> {
    let cch = *d.get(at)? as usize;
    let flags = *d.get(at + 1)?;
    xl_chars(d, at + 2, cch, flags & 1 != 0)
}

fn xl_chars(d: &[u8], at: usize, cch: usize, high: bool) -> Option<(String, usize)> {
    let n = if high { cch * 2 } else { cch };
    let bytes = d.get(at..at.checked_add(n)?)?;
    let mut s = String::new();
    if high {
        push_utf16le(&mut s, bytes);
    } else {
        push_latin1(&mut s, bytes);
    }
    Some((s, at + n))
}

/// A BIFF5 byte string with a u8 or u16 count.
fn byte_string(d: &[u8], at: usize, wide_count: bool, cp: u16) -> Option<(String, usize)> {
    let (cch, start) = if wide_count {
        (u16_at(d, at)? as usize, at + 2)
    } else {
        (*d.get(at)? as usize, at + 1)
    };
    let bytes = d.get(start..start.checked_add(cch)?)?;
    Some((decode_cp(bytes, cp), start + cch))
}

/// An RK number ([MS-XLS] 2.5.217).
pub fn rk(v: u32) -> f64 {
    let n = if v & 2 != 0 {
        ((v as i32) >> 2) as f64
    } else {
        f64::from_bits(((v & 0xFFFF_FFFC) as u64) << 32)
    };
    if v & 1 != 0 { n / 100.0 } else { n }
}

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

/// What a cell format (XF) says about how the value is shown.
#[derive(Clone, Copy, Debug, Default)]
pub struct Xf {
    pub date: bool,
    /// Number format hides numbers (`;;;`).
    pub hides_numbers: bool,
    /// Number format hides text (`;;;` with an empty text section).
    pub hides_text: bool,
    /// Font colour equals the fill, or the font is ≤ 2 pt.
    pub invisible_font: bool,
}

/// An external workbook link, with its cached values.
#[derive(Clone, Debug, Default)]
pub struct ExternalBook {
    pub path: String,
    pub cached_values: u64,
    pub cached_text: Vec<String>,
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
    /// Offset just after the globals' EOF record.
    pub end: usize,
}

impl Globals {
    fn fctx(&self) -> (Vec<String>, Vec<String>) {
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
    let mut fonts: Vec<(u16, u16, bool)> = Vec::new(); // (height twips, colour index, bold)
    let mut raw_xf: Vec<(u16, u16, u16, u8, u16)> = Vec::new(); // font, fmt, fore, fls, back
    let mut palette: Vec<u32> = DEFAULT_PALETTE.to_vec();
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
                // Weight (bls): 400 normal, 700 bold.
                let bold = u16_at(d, 6).is_some_and(|w| w >= 700);
                fonts.push((h, icv, bold));
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
            }
            0x0092 => {
                let n = u16_at(d, 0).ok_or_else(|| bad("PALETTE", r.pos))? as usize;
                for k in 0..n.min(56) {
                    if let Some(c) = d.get(2 + k * 4..5 + k * 4) {
                        if let Some(p) = palette.get_mut(k) {
                            *p = (c[0] as u32) << 16 | (c[1] as u32) << 8 | c[2] as u32;
                        }
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
                if let Some(p) = g.supbooks.last().and_then(|b| b.path.clone()) {
                    if !g.supbooks.last().is_some_and(|b| b.addin) {
                        g.externals.push(ExternalBook {
                            path: p,
                            ..Default::default()
                        });
                    }
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

    // Cell formats.
    let rgb = |icv: u16| -> Option<u32> {
        match icv {
            0..=7 => EGA.get(icv as usize).copied(),
            8..=63 => palette.get(icv as usize - 8).copied(),
            64 | 0x7FFF => Some(0x000000),
            65 => Some(0xFFFFFF),
            _ => None,
        }
    };
    for (font, fmt, fore, fls, _back) in raw_xf {
        let code = formats
            .get(&fmt)
            .map(String::as_str)
            .or(builtin_format(fmt))
            .unwrap_or("General");
        let (hides_numbers, hides_text) = hidden_by_format(code);
        let f = if font >= 4 {
            font.checked_sub(1)
        } else {
            Some(font)
        };
        let (fh, ficv, bold) = f
            .and_then(|i| fonts.get(i as usize))
            .copied()
            .unwrap_or((200, 0x7FFF, false));
        let look_code = formats
            .get(&fmt)
            .map(String::as_str)
            .or_else(|| crate::source::ooxml::styles::builtin_format_code(fmt as u32))
            .filter(|c| !c.trim().is_empty() && !c.trim().eq_ignore_ascii_case("general"));
        g.looks
            .push((bold || look_code.is_some()).then(|| CellFormat {
                bold,
                num_format: look_code.map(str::to_string),
            }));
        let fill = match fls {
            0 => Some(0xFFFFFF),
            1 => rgb(fore),
            _ => None,
        };
        let same = matches!((rgb(ficv), fill), (Some(a), Some(b)) if a == b);
        g.xf.push(Xf {
            date: is_date_format(fmt, code),
            hides_numbers,
            hides_text,
            invisible_font: same || fh <= 40,
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
                ctx.limits.max_shared_strings
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

fn read_crn(frags: Vec<&[u8]>, ext: &mut ExternalBook) {
    let mut f = Frags::new(frags);
    let (Some(last), Some(first), Some(_row)) = (f.u8(), f.u8(), f.u16()) else {
        return;
    };
    for _ in first..=last {
        let Some(t) = f.u8() else { return };
        match t {
            0x02 => {
                let (Some(cch), Some(flags)) = (f.u16(), f.u8()) else {
                    return;
                };
                let mut s = String::new();
                if f.chars(cch as usize, flags & 1 != 0, &mut s).is_none() {
                    return;
                }
                ext.cached_values += 1;
                if !s.trim().is_empty() {
                    ext.cached_text.push(s);
                }
            }
            0x00 | 0x01 | 0x04 | 0x10 => {
                if t != 0 {
                    ext.cached_values += 1;
                }
                if f.skip(8).is_none() {
                    return;
                }
            }
            _ => return,
        }
    }
}

fn parse_name(d: &[u8], biff8: bool, cp: u16) -> Option<DefinedName> {
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

/// Decode an encoded VirtualPath ([MS-XLS] 2.5.277) into a readable path.
fn decode_virtual_path(p: &str) -> String {
    let mut out = String::new();
    // A leading 0x01 marks an encoded path; the codes follow.
    let p = p.strip_prefix('\u{1}').unwrap_or(p);
    let mut it = p.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '\u{1}' => match it.next() {
                Some('@') => out.push_str("\\\\"),
                Some(d) => {
                    out.push(d);
                    out.push_str(":\\");
                }
                None => {}
            },
            '\u{2}' | '\u{3}' => out.push('\\'),
            '\u{4}' => out.push_str("..\\"),
            '\u{5}' => {
                it.next();
            }
            '\u{6}' | '\u{7}' | '\u{8}' => out.push_str("<office>\\"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn parse_supbook(d: &[u8]) -> Option<SupBook> {
    let ctab = u16_at(d, 0)? as usize;
    let cch = u16_at(d, 2)?;
    match cch {
        0x0401 => Some(SupBook::default()),
        0x3A01 => Some(SupBook {
            addin: true,
            path: Some(String::new()),
            ..Default::default()
        }),
        _ => {
            let flags = *d.get(4)?;
            let (raw, mut at) = xl_chars(d, 5, cch as usize, flags & 1 != 0)?;
            let mut sheets = Vec::new();
            for _ in 0..ctab {
                match xl_string(d, at) {
                    Some((s, next)) => {
                        sheets.push(s);
                        at = next;
                    }
                    None => break,
                }
            }
            // A single space (0x20) marks an OLE/DDE link, not a workbook path.
            Some(SupBook {
                path: Some(decode_virtual_path(&raw)),
                sheets,
                ..Default::default()
            })
        }
    }
}

const EGA: [u32; 8] = [
    0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF,
];

/// The default BIFF8 palette for colour indexes 8..=63.
const DEFAULT_PALETTE: [u32; 56] = [
    0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF, 0x800000,
    0x008000, 0x000080, 0x808000, 0x800080, 0x008080, 0xC0C0C0, 0x808080, 0x9999FF, 0x993366,
    0xFFFFCC, 0xCCFFFF, 0x660066, 0xFF8080, 0x0066CC, 0xCCCCFF, 0x000080, 0xFF00FF, 0xFFFF00,
    0x00FFFF, 0x800080, 0x800000, 0x008080, 0x0000FF, 0x00CCFF, 0xCCFFFF, 0xCCFFCC, 0xFFFF99,
    0x99CCFF, 0xFF99CC, 0xCC99FF, 0xFFCC99, 0x3366FF, 0x33CCCC, 0x99CC00, 0xFFCC00, 0xFF9900,
    0xFF6600, 0x666699, 0x969696, 0x003366, 0x339966, 0x003300, 0x333300, 0x993300, 0x993366,
    0x333399, 0x333333,
];

fn builtin_format(ifmt: u16) -> Option<&'static str> {
    Some(match ifmt {
        0 => "General",
        14 => "m/d/yy",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "m/d/yy h:mm",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mm:ss.0",
        _ => return None,
    })
}

/// Strip quoted text, escaped characters and `[...]` sections from a
/// number format, keeping the `;` section separators.
fn format_skeleton(code: &str) -> String {
    let mut out = String::new();
    let mut it = code.chars();
    while let Some(c) = it.next() {
        match c {
            '"' => {
                for c in it.by_ref() {
                    if c == '"' {
                        break;
                    }
                }
                out.push('"'); // something is shown
            }
            '\\' | '_' | '*' => {
                it.next();
                if c == '\\' {
                    out.push('"');
                }
            }
            '[' => {
                for c in it.by_ref() {
                    if c == ']' {
                        break;
                    }
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn is_date_format(ifmt: u16, code: &str) -> bool {
    if matches!(ifmt, 14..=22 | 27..=36 | 45..=47 | 50..=58) {
        return true;
    }
    let sk = format_skeleton(code).to_ascii_lowercase();
    if sk.contains("general") {
        return false;
    }
    let first = sk.split(';').next().unwrap_or("");
    first.contains(['d', 'y', 'h', 's', 'm'])
}

/// Whether a number format shows nothing for numbers and for text.
///
/// ```text
/// ";;;"  -> (true, true)     ";;"  -> (true, false)    "0"  -> (false, false)
/// ```
pub fn hidden_by_format(code: &str) -> (bool, bool) {
    let sk = format_skeleton(code);
    let sections: Vec<&str> = sk.split(';').collect();
    if sections.len() < 2 {
        return (false, false);
    }
    let empty = |s: &&str| s.trim().is_empty();
    let numbers = sections.iter().take(3).all(empty);
    let text = sections.len() >= 4 && sections.get(3).is_some_and(empty);
    (numbers, text)
}

// ---------------------------------------------------------------------------
// Sheets

/// Where each top-level substream after the globals starts and ends.
pub fn substreams(
    stream: &[u8],
    from: usize,
    part: &str,
) -> Result<(Vec<(usize, usize)>, Option<usize>)> {
    let mut out = Vec::new();
    let mut pos = from;
    loop {
        let rest = stream.get(pos..).unwrap_or_default();
        if rest.iter().all(|&b| b == 0) {
            return Ok((out, None));
        }
        if u16_at(stream, pos) != Some(BOF) {
            // Bytes after the last sheet that are not a sheet.
            return Ok((out, Some(pos)));
        }
        let mut recs = Records::new(stream, pos, part);
        let mut depth = 0usize;
        loop {
            let r = recs.need("a sheet")?;
            match r.typ {
                BOF => depth += 1,
                EOF => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            if depth > 64 {
                return Err(SourceError::Corrupt(format!(
                    "{part}: sheets nested more than 64 deep"
                )));
            }
        }
        out.push((pos, recs.pos()));
        pos = recs.pos();
    }
}

/// Columns covered by the per-column lookup table (every u16 column).
const COL_TABLE: usize = 65_536;

#[derive(Default, Clone, Copy)]
struct RowInfo {
    hidden: bool,
    level: u8,
}

#[derive(Clone, Copy)]
struct ColInfo {
    first: u16,
    last: u16,
    hidden: bool,
    level: u8,
}

#[derive(Default)]
struct Note {
    row: u16,
    col: u16,
    shown: bool,
    obj: u16,
    author: String,
    text: String,
}

struct Link {
    row: u16,
    col: u16,
    target: Option<String>,
    local: bool,
    location: Option<String>,
    display: Option<String>,
    tooltip: Option<String>,
    other: Vec<String>,
}

#[derive(Default)]
struct SheetScan {
    rows: BTreeMap<u16, RowInfo>,
    default_row_hidden: bool,
    cols: Vec<ColInfo>,
    /// Per column (0..COL_TABLE), the last COLINFO covering it.
    col_table: Vec<Option<ColInfo>>,
    default_col_hidden: Option<bool>,
    std_width_zero: Option<bool>,
    autofilter: bool,
    dialog: bool,
    chart_mode: bool,
    shared: HashMap<(u16, u16), Vec<u8>>,
    notes: Vec<Note>,
    obj_text: HashMap<u16, String>,
    textboxes: Vec<String>,
    header_footer: Vec<(&'static str, String)>,
    links: Vec<Link>,
    chart_values: u64,
    chart_text: Vec<String>,
    pictures: u64,
    /// Column widths (COLINFO) and merged ranges (MERGEDCELLS).
    presentation: Presentation,
    /// Offset just after the sheet's EOF record.
    end: usize,
}

impl SheetScan {
    fn row_hidden(&self, r: u16) -> Option<RowInfo> {
        match self.rows.get(&r) {
            Some(i) if i.hidden => Some(*i),
            Some(_) => None,
            None if self.default_row_hidden => Some(RowInfo {
                hidden: true,
                level: 0,
            }),
            None => None,
        }
    }

    fn col_hidden(&self, c: u16) -> Option<ColInfo> {
        // The last COLINFO covering a column wins (precomputed per column).
        // Columns past the table are covered by no COLINFO.
        let found = self.col_table.get(c as usize).copied().flatten();
        match found {
            Some(ci) if ci.hidden => Some(ci),
            Some(_) => None,
            None if self
                .std_width_zero
                .or(self.default_col_hidden)
                .unwrap_or(false) =>
            {
                Some(ColInfo {
                    first: c,
                    last: c,
                    hidden: true,
                    level: 0,
                })
            }
            None => None,
        }
    }

    fn hide_for(&self, row: u16, col: u16) -> Hide {
        let mut h = Hide::NONE;
        if let Some(ri) = self.row_hidden(row) {
            h |= Hide::ROW;
            if self.autofilter {
                h |= Hide::FILTERED;
            }
            if ri.level > 0 {
                h |= Hide::COLLAPSED;
            }
        }
        if let Some(ci) = self.col_hidden(col) {
            h |= Hide::COLUMN;
            if ci.level > 0 {
                h |= Hide::COLLAPSED;
            }
        }
        h
    }

    fn layout(&self, max_row: u32, max_col: u32) -> SheetLayout {
        let mut l = SheetLayout {
            has_autofilter: self.autofilter,
            ..Default::default()
        };
        if self.default_row_hidden {
            for r in 0..max_row {
                if self.row_hidden(r as u16).is_some() {
                    l.hidden_rows.insert(r);
                }
            }
        } else {
            for (r, i) in &self.rows {
                if i.hidden {
                    l.hidden_rows.insert(*r as u32);
                }
            }
        }
        let mut cols = IndexSet::default();
        for c in 0..max_col {
            if self.col_hidden(c as u16).is_some() {
                cols.insert(c);
            }
        }
        l.hidden_columns = cols;
        l
    }
}

/// What reading one sheet produced.
pub struct SheetResult {
    pub cells: u64,
    /// Offset just after the sheet's EOF record.
    pub end: usize,
}

/// Everything a sheet needs from the rest of the workbook.
pub struct SheetCtx<'a> {
    pub g: &'a Globals,
    pub part: &'a str,
    pub ctx: &'a Context,
    pub info: &'a SheetInfo,
}

fn loc_sheet(sc: &SheetCtx<'_>) -> Location {
    Location {
        embedded: sc.ctx.embedded.clone(),
        part: Some(sc.part.to_string()),
        sheet: Some(sc.info.name.clone()),
        cell: None,
    }
}

/// First pass over a sheet: layout and every non-cell hiding place.
fn scan_sheet(stream: &[u8], start: usize, sc: &SheetCtx<'_>) -> Result<SheetScan> {
    let part = sc.part;
    let biff8 = sc.g.biff8;
    let cp = sc.g.codepage;
    let bad = |what: &str, pos: usize| {
        SourceError::Corrupt(format!(
            "{part}: malformed {what} record at byte {pos} (sheet '{}')",
            sc.info.name
        ))
    };
    let mut s = SheetScan::default();
    let mut recs = Records::new(stream, start, part);
    let mut depth = 0usize;
    let mut last_obj: Option<(u16, u16)> = None; // (id, ot)
    let mut last_link: Option<usize> = None;
    let mut in_chart_sub = false;
    loop {
        let r = recs.need("a sheet")?;
        let d = r.data;
        match r.typ {
            BOF => {
                depth += 1;
                if depth == 1 {
                    s.chart_mode = u16_at(d, 2) == Some(0x0020);
                } else {
                    in_chart_sub = true;
                }
                continue;
            }
            EOF => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
                if depth == 1 {
                    in_chart_sub = false;
                }
                continue;
            }
            _ => {}
        }
        let chart = in_chart_sub || s.chart_mode;
        if chart {
            match r.typ {
                0x0203 => s.chart_values += 1,
                0x0204 => {
                    let t = if biff8 {
                        xl_string(d, 6)
                    } else {
                        byte_string(d, 6, true, cp)
                    };
                    if let Some((t, _)) = t {
                        s.chart_values += 1;
                        if !t.trim().is_empty() {
                            s.chart_text.push(t);
                        }
                    }
                }
                0x100D => {
                    let t = if biff8 {
                        short_xl_string(d, 2)
                    } else {
                        byte_string(d, 2, false, cp)
                    };
                    if let Some((t, _)) = t {
                        if !t.trim().is_empty() {
                            s.chart_text.push(t);
                        }
                    }
                }
                _ => {}
            }
            if depth > 1 || s.chart_mode {
                // Chart substreams can hold objects and text boxes too.
                if r.typ != 0x005D && r.typ != 0x01B6 {
                    continue;
                }
            }
        }
        match r.typ {
            0x0208 => {
                let row = u16_at(d, 0).ok_or_else(|| bad("ROW", r.pos))?;
                let height = u16_at(d, 6).ok_or_else(|| bad("ROW", r.pos))? & 0x7FFF;
                let flags = u16_at(d, 12).ok_or_else(|| bad("ROW", r.pos))?;
                s.rows.insert(
                    row,
                    RowInfo {
                        hidden: flags & 0x0020 != 0 || height == 0,
                        level: (flags & 0x7) as u8,
                    },
                );
            }
            0x0225 => {
                let flags = u16_at(d, 0).ok_or_else(|| bad("DEFAULTROWHEIGHT", r.pos))?;
                let h = u16_at(d, 2).unwrap_or(255);
                s.default_row_hidden = flags & 0x0002 != 0 || h == 0;
            }
            0x007D => {
                let first = u16_at(d, 0).ok_or_else(|| bad("COLINFO", r.pos))?;
                let last = u16_at(d, 2).ok_or_else(|| bad("COLINFO", r.pos))?;
                let width = u16_at(d, 4).ok_or_else(|| bad("COLINFO", r.pos))?;
                let flags = u16_at(d, 8).ok_or_else(|| bad("COLINFO", r.pos))?;
                if s.cols.len() > 1024 {
                    return Err(bad("COLINFO (too many)", r.pos));
                }
                s.cols.push(ColInfo {
                    first,
                    last,
                    hidden: flags & 0x0001 != 0 || width == 0,
                    level: ((flags >> 8) & 0x7) as u8,
                });
                // Width in 1/256 of a character, padding included (as in
                // OOXML); columns past IV do not exist.
                if width > 0 && first <= 255 {
                    s.presentation.column_widths.push((
                        first as u32,
                        last.min(255) as u32,
                        crate::source::ooxml::sheet::width_to_chars(f64::from(width) / 256.0),
                    ));
                }
            }
            0x00E5 => {
                // MERGEDCELLS: a count, then (first row, last row, first
                // column, last column) per range.
                let n = u16_at(d, 0).ok_or_else(|| bad("MERGEDCELLS", r.pos))? as usize;
                for k in 0..n {
                    let at = 2 + k * 8;
                    match (
                        u16_at(d, at),
                        u16_at(d, at + 2),
                        u16_at(d, at + 4),
                        u16_at(d, at + 6),
                    ) {
                        (Some(r1), Some(r2), Some(c1), Some(c2)) => s.presentation.merged.push((
                            r1.min(r2) as u32,
                            c1.min(c2) as u32,
                            r1.max(r2) as u32,
                            c1.max(c2) as u32,
                        )),
                        _ => return Err(bad("MERGEDCELLS", r.pos)),
                    }
                }
            }
            0x0055 => s.default_col_hidden = Some(u16_at(d, 0) == Some(0)),
            0x0099 => s.std_width_zero = Some(u16_at(d, 0) == Some(0)),
            0x009B | 0x009D | 0x009E => s.autofilter = true,
            0x0081 => {
                if u16_at(d, 0).is_some_and(|f| f & 0x0010 != 0) {
                    s.dialog = true;
                }
            }
            0x04BC => {
                let r1 = u16_at(d, 0).ok_or_else(|| bad("SHRFMLA", r.pos))?;
                let c1 = *d.get(4).ok_or_else(|| bad("SHRFMLA", r.pos))? as u16;
                let cce = u16_at(d, 8).ok_or_else(|| bad("SHRFMLA", r.pos))? as usize;
                let rgce = d.get(10..10 + cce).ok_or_else(|| bad("SHRFMLA", r.pos))?;
                s.shared.insert((r1, c1), rgce.to_vec());
            }
            0x0221 => {
                let r1 = u16_at(d, 0).ok_or_else(|| bad("ARRAY", r.pos))?;
                let c1 = *d.get(4).ok_or_else(|| bad("ARRAY", r.pos))? as u16;
                let cce = u16_at(d, 12).ok_or_else(|| bad("ARRAY", r.pos))? as usize;
                let rgce = d.get(14..14 + cce).ok_or_else(|| bad("ARRAY", r.pos))?;
                s.shared.insert((r1, c1), rgce.to_vec());
            }
            0x005D => {
                let ot = u16_at(d, 4).unwrap_or(0xFFFF);
                let id = u16_at(d, 6).unwrap_or(0);
                last_obj = Some((id, ot));
                if ot == 0x08 {
                    s.pictures += 1;
                }
            }
            0x01B6 => {
                let cch = u16_at(d, 10).ok_or_else(|| bad("TXO", r.pos))? as usize;
                let conts = recs.continues()?;
                let mut text = String::new();
                if cch > 0 {
                    if biff8 {
                        let mut f = Frags::new(conts);
                        let flags = f.u8().ok_or_else(|| bad("TXO text", r.pos))?;
                        f.chars(cch, flags & 1 != 0, &mut text)
                            .ok_or_else(|| bad("TXO text", r.pos))?;
                    } else {
                        let all: Vec<u8> = conts.concat();
                        let b = all.get(..cch.min(all.len())).unwrap_or_default();
                        text = decode_cp(b, cp);
                    }
                }
                match last_obj.take() {
                    Some((id, 0x19)) => {
                        s.obj_text.insert(id, text);
                    }
                    _ if !text.trim().is_empty() => s.textboxes.push(text),
                    _ => {}
                }
            }
            0x001C => {
                if biff8 {
                    let row = u16_at(d, 0).ok_or_else(|| bad("NOTE", r.pos))?;
                    let col = u16_at(d, 2).ok_or_else(|| bad("NOTE", r.pos))?;
                    let grbit = u16_at(d, 4).ok_or_else(|| bad("NOTE", r.pos))?;
                    let obj = u16_at(d, 6).ok_or_else(|| bad("NOTE", r.pos))?;
                    let author = xl_string(d, 8).map(|x| x.0).unwrap_or_default();
                    s.notes.push(Note {
                        row,
                        col,
                        shown: grbit & 0x0002 != 0,
                        obj,
                        author: author.trim_end_matches('\0').to_string(),
                        text: String::new(),
                    });
                } else {
                    let row = u16_at(d, 0).ok_or_else(|| bad("NOTE", r.pos))?;
                    let col = u16_at(d, 2).ok_or_else(|| bad("NOTE", r.pos))?;
                    let (t, _) = byte_string(d, 4, true, cp).ok_or_else(|| bad("NOTE", r.pos))?;
                    match s.notes.last_mut() {
                        Some(n) if row == 0xFFFF => n.text.push_str(&t),
                        _ => s.notes.push(Note {
                            row,
                            col,
                            text: t,
                            ..Default::default()
                        }),
                    }
                }
            }
            0x0014 | 0x0015 => {
                let field = if r.typ == 0x0014 { "header" } else { "footer" };
                if !d.is_empty() {
                    let t = if biff8 {
                        xl_string(d, 0)
                    } else {
                        byte_string(d, 0, false, cp)
                    };
                    let (t, _) = t.ok_or_else(|| bad(field, r.pos))?;
                    let t = crate::source::ooxml::sheet::strip_header_codes(&t);
                    if !t.trim().is_empty() {
                        s.header_footer.push((field, t));
                    }
                }
            }
            0x089C => {
                let body = d.get(38..).unwrap_or_default();
                let mut at = 0;
                let mut found = Vec::new();
                while at < body.len() {
                    match xl_string(body, at) {
                        Some((t, next)) if next > at => {
                            found.push(t);
                            at = next;
                        }
                        _ => break,
                    }
                }
                if at != body.len() {
                    found = printable_runs(body, 2);
                }
                for t in found {
                    let t = crate::source::ooxml::sheet::strip_header_codes(&t);
                    if !t.trim().is_empty() {
                        s.header_footer.push(("headerFooterFirstEven", t));
                    }
                }
            }
            0x01B8 => {
                let mut all = d.to_vec();
                for c in recs.continues()? {
                    all.extend_from_slice(c);
                }
                s.links
                    .push(parse_hlink(&all).ok_or_else(|| bad("HLINK", r.pos))?);
                last_link = Some(s.links.len() - 1);
            }
            0x0800 => {
                let tip = utf16le_z(d.get(10..).unwrap_or_default());
                if let Some(l) = last_link.and_then(|i| s.links.get_mut(i)) {
                    if !tip.trim().is_empty() {
                        l.tooltip = Some(tip);
                    }
                }
            }
            _ => {}
        }
    }
    s.end = recs.pos();
    let width = s
        .cols
        .iter()
        .map(|c| c.last as usize + 1)
        .max()
        .unwrap_or(0)
        .min(COL_TABLE);
    s.col_table = vec![None; width];
    for ci in &s.cols {
        let last = (ci.last as usize).min(width.saturating_sub(1));
        for c in ci.first as usize..=last {
            if let Some(slot) = s.col_table.get_mut(c) {
                *slot = Some(*ci);
            }
        }
    }
    for n in &mut s.notes {
        if let Some(t) = s.obj_text.remove(&n.obj) {
            n.text = t;
        }
    }
    // Text of note objects without a NOTE record is still text in the file.
    let mut orphans: Vec<(u16, String)> = s.obj_text.drain().collect();
    orphans.sort();
    s.textboxes.extend(
        orphans
            .into_iter()
            .map(|x| x.1)
            .filter(|t| !t.trim().is_empty()),
    );
    Ok(s)
}

pub(crate) const CLSID_URL: [u8; 16] = [
    0xE0, 0xC9, 0xEA, 0x79, 0xF9, 0xBA, 0xCE, 0x11, 0x8C, 0x82, 0x00, 0xAA, 0x00, 0x4B, 0xA9, 0x0B,
];
const CLSID_FILE: [u8; 16] = [
    0x03, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46,
];

fn hyperlink_string(d: &[u8], at: &mut usize) -> Option<String> {
    let n = u32_at(d, *at)? as usize;
    let b = d.get(*at + 4..(*at + 4).checked_add(n.checked_mul(2)?)?)?;
    *at += 4 + n * 2;
    Some(utf16le_z(b))
}

/// True when a link target is a file path rather than a web address.
pub fn is_local_path(t: &str) -> bool {
    let l = t.trim().to_ascii_lowercase();
    if l.starts_with("file:") || l.starts_with("\\\\") || l.starts_with("..") || l.starts_with('/')
    {
        return true;
    }
    let b = l.as_bytes();
    if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        return true;
    }
    // No scheme at all: a relative file name.
    !l.contains("://") && !l.starts_with("mailto:") && !l.starts_with("www.")
}

fn parse_hlink(d: &[u8]) -> Option<Link> {
    let row = u16_at(d, 0)?;
    let col = u16_at(d, 4)?;
    let mut link = Link {
        row,
        col,
        target: None,
        local: false,
        location: None,
        display: None,
        tooltip: None,
        other: Vec::new(),
    };
    let body = d.get(24..)?;
    let structured = (|| -> Option<()> {
        let flags = u32_at(body, 4)?;
        let mut at = 8usize;
        if flags & 0x10 != 0 {
            link.display = Some(hyperlink_string(body, &mut at)?);
        }
        if flags & 0x80 != 0 {
            hyperlink_string(body, &mut at)?;
        }
        if flags & 0x01 != 0 {
            if flags & 0x100 != 0 {
                let t = hyperlink_string(body, &mut at)?;
                link.local = is_local_path(&t);
                link.target = Some(t);
            } else {
                let clsid = body.get(at..at + 16)?;
                at += 16;
                if clsid == CLSID_URL {
                    let n = u32_at(body, at)? as usize;
                    let b = body.get(at + 4..(at + 4).checked_add(n)?)?;
                    at += 4 + n;
                    let t = utf16le_z(b);
                    link.local = is_local_path(&t);
                    link.target = Some(t);
                } else if clsid == CLSID_FILE {
                    let up = u16_at(body, at)? as usize;
                    let n = u32_at(body, at + 2)? as usize;
                    let ansi = body.get(at + 6..(at + 6).checked_add(n)?)?;
                    at += 6 + n;
                    let end = ansi.iter().position(|&c| c == 0).unwrap_or(ansi.len());
                    let mut t = "..\\".repeat(up.min(64));
                    t.push_str(&decode_cp(ansi.get(..end)?, 1252));
                    at += 2 + 2 + 16 + 4; // endServer, version, reserved
                    let cb = u32_at(body, at)? as usize;
                    at += 4;
                    if cb > 0 {
                        let nb = u32_at(body, at)? as usize;
                        let w = body.get(at + 6..(at + 6).checked_add(nb)?)?;
                        at += cb;
                        let mut u = "..\\".repeat(up.min(64));
                        push_utf16le(&mut u, w);
                        t = u;
                    }
                    link.local = true;
                    link.target = Some(t);
                } else {
                    return None;
                }
            }
        }
        if flags & 0x08 != 0 {
            link.location = Some(hyperlink_string(body, &mut at)?);
        }
        Some(())
    })();
    if structured.is_none() {
        link.target = None;
        link.display = None;
        link.location = None;
        link.other = printable_runs(body, 4);
        link.local = link
            .other
            .iter()
            .any(|t| is_local_path(t) && t.contains(['\\', '/', ':']));
    }
    Some(link)
}

/// Read one sheet: report its hiding places, then every cell.
pub fn read_sheet(
    stream: &[u8],
    start: usize,
    sc: &SheetCtx<'_>,
    visitor: &dyn Visitor,
    cell_budget: &mut u64,
) -> Result<SheetResult> {
    let scan = scan_sheet(stream, start, sc)?;
    let g = sc.g;
    let base_loc = loc_sheet(sc);
    let mut info = sc.info.clone();
    if scan.dialog && info.kind == SheetKind::Worksheet {
        info.kind = SheetKind::Dialogsheet;
    }
    report_sheet_features(&scan, &base_loc, visitor);

    let (sheet_names, name_list) = g.fctx();
    let fctx = formula::Ctx {
        sheets: &sheet_names,
        xti: &g.xti,
        supbooks: &g.supbooks,
        names: &name_list,
    };
    let state_hide = info.state.hide();
    let mut sv = visitor.sheet(&info);
    let mut cells = 0u64;
    let mut max_row = if g.biff8 { 65_536u32 } else { 16_384 };
    let max_col = 256u32;
    let mut emit =
        |row: u16, col: u16, ixfe: u16, value: Value<'_>, formula: Option<&str>| -> Result<()> {
            cells += 1;
            if *cell_budget == 0 {
                return Err(SourceError::Limit(format!(
                    "more than {} cells in the file",
                    sc.ctx.limits.max_cells
                )));
            }
            *cell_budget -= 1;
            let xf = g.xf.get(ixfe as usize).copied().unwrap_or_default();
            let value = match value {
                Value::Number(n) if xf.date => Value::DateTime(n),
                v => v,
            };
            let mut hide = state_hide | scan.hide_for(row, col);
            let invisible = xf.invisible_font
                || match value {
                    Value::Text(_) => xf.hides_text,
                    _ => xf.hides_numbers,
                };
            if invisible {
                hide |= Hide::INVISIBLE;
            }
            if let Some(Some(f)) = g.looks.get(ixfe as usize) {
                sv.cell_format(row as u32, col as u32, f);
            }
            sv.cell(&Cell {
                row: row as u32,
                col: col as u32,
                value,
                formula,
                hide,
            });
            Ok(())
        };

    if !scan.chart_mode {
        let part = sc.part;
        let bad = |what: &str, pos: usize| {
            SourceError::Corrupt(format!(
                "{part}: malformed {what} record at byte {pos} (sheet '{}')",
                sc.info.name
            ))
        };
        let mut recs = Records::new(stream, start, part);
        let mut depth = 0usize;
        // A formula whose string result is in the next STRING record.
        let mut pending: Option<(u16, u16, u16, Option<String>)> = None;
        loop {
            let r = recs.need("a sheet")?;
            let d = r.data;
            if r.typ == BOF {
                depth += 1;
                continue;
            }
            if r.typ == EOF {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
                continue;
            }
            if depth != 1 {
                continue;
            }
            if r.typ == 0x0207 {
                let conts = recs.continues()?;
                if let Some((row, col, ixfe, f)) = pending.take() {
                    let s = if g.biff8 {
                        let mut frags = vec![d];
                        frags.extend(conts);
                        let mut fr = Frags::new(frags);
                        let cch = fr.u16().ok_or_else(|| bad("STRING", r.pos))? as usize;
                        let flags = fr.u8().ok_or_else(|| bad("STRING", r.pos))?;
                        let mut s = String::new();
                        fr.chars(cch, flags & 1 != 0, &mut s)
                            .ok_or_else(|| bad("STRING", r.pos))?;
                        s
                    } else {
                        byte_string(d, 0, true, g.codepage)
                            .ok_or_else(|| bad("STRING", r.pos))?
                            .0
                    };
                    emit(row, col, ixfe, Value::Text(&s), f.as_deref())?;
                }
                continue;
            }
            if !matches!(r.typ, 0x04BC | 0x0221 | 0x0236 | CONTINUE) {
                if let Some((row, col, ixfe, f)) = pending.take() {
                    emit(row, col, ixfe, Value::Text(""), f.as_deref())?;
                }
            }
            match r.typ {
                0x0203 => {
                    let (row, col, ixfe) = rci(d).ok_or_else(|| bad("NUMBER", r.pos))?;
                    let v = f64_at(d, 6).ok_or_else(|| bad("NUMBER", r.pos))?;
                    emit(row, col, ixfe, Value::Number(v), None)?;
                }
                0x027E => {
                    let (row, col, ixfe) = rci(d).ok_or_else(|| bad("RK", r.pos))?;
                    let v = u32_at(d, 6).ok_or_else(|| bad("RK", r.pos))?;
                    emit(row, col, ixfe, Value::Number(rk(v)), None)?;
                }
                0x00BD => {
                    let row = u16_at(d, 0).ok_or_else(|| bad("MULRK", r.pos))?;
                    let first = u16_at(d, 2).ok_or_else(|| bad("MULRK", r.pos))?;
                    if d.len() < 6 || (d.len() - 6) % 6 != 0 {
                        return Err(bad("MULRK", r.pos));
                    }
                    let n = (d.len() - 6) / 6;
                    for k in 0..n {
                        let at = 4 + k * 6;
                        let ixfe = u16_at(d, at).ok_or_else(|| bad("MULRK", r.pos))?;
                        let v = u32_at(d, at + 2).ok_or_else(|| bad("MULRK", r.pos))?;
                        emit(
                            row,
                            first.wrapping_add(k as u16),
                            ixfe,
                            Value::Number(rk(v)),
                            None,
                        )?;
                    }
                }
                0x00FD => {
                    let (row, col, ixfe) = rci(d).ok_or_else(|| bad("LABELSST", r.pos))?;
                    let i = u32_at(d, 6).ok_or_else(|| bad("LABELSST", r.pos))?;
                    let s = g.sst.get(i as usize).ok_or_else(|| {
                        SourceError::Corrupt(format!(
                            "{part}: cell {} of sheet '{}' uses shared string {i}, but only {} exist",
                            a1(row as u32, col as u32),
                            sc.info.name,
                            g.sst.len()
                        ))
                    })?;
                    emit(row, col, ixfe, Value::Text(s), None)?;
                }
                0x0204 | 0x00D6 => {
                    let (row, col, ixfe) = rci(d).ok_or_else(|| bad("LABEL", r.pos))?;
                    let conts = recs.continues()?;
                    let s = if g.biff8 {
                        let mut frags = vec![d.get(6..).unwrap_or_default()];
                        frags.extend(conts);
                        let mut fr = Frags::new(frags);
                        let cch = fr.u16().ok_or_else(|| bad("LABEL", r.pos))? as usize;
                        let flags = fr.u8().ok_or_else(|| bad("LABEL", r.pos))?;
                        let mut s = String::new();
                        fr.chars(cch, flags & 1 != 0, &mut s)
                            .ok_or_else(|| bad("LABEL", r.pos))?;
                        s
                    } else {
                        byte_string(d, 6, true, g.codepage)
                            .ok_or_else(|| bad("LABEL", r.pos))?
                            .0
                    };
                    emit(row, col, ixfe, Value::Text(&s), None)?;
                }
                0x0205 => {
                    let (row, col, ixfe) = rci(d).ok_or_else(|| bad("BOOLERR", r.pos))?;
                    let v = *d.get(6).ok_or_else(|| bad("BOOLERR", r.pos))?;
                    let is_err = *d.get(7).ok_or_else(|| bad("BOOLERR", r.pos))? != 0;
                    let value = if is_err {
                        Value::Error(formula::error_name(v))
                    } else {
                        Value::Bool(v != 0)
                    };
                    emit(row, col, ixfe, value, None)?;
                }
                0x0006 => {
                    let (row, col, ixfe) = rci(d).ok_or_else(|| bad("FORMULA", r.pos))?;
                    let val = d.get(6..14).ok_or_else(|| bad("FORMULA", r.pos))?;
                    let cce = u16_at(d, 20).ok_or_else(|| bad("FORMULA", r.pos))? as usize;
                    let rgce = d.get(22..22 + cce).ok_or_else(|| bad("FORMULA", r.pos))?;
                    let text = if g.biff8 {
                        formula_text(rgce, &scan, &fctx, row, col)
                    } else {
                        None
                    };
                    if val[6] == 0xFF && val[7] == 0xFF {
                        match val[0] {
                            0 => pending = Some((row, col, ixfe, text)),
                            1 => emit(row, col, ixfe, Value::Bool(val[2] != 0), text.as_deref())?,
                            2 => emit(
                                row,
                                col,
                                ixfe,
                                Value::Error(formula::error_name(val[2])),
                                text.as_deref(),
                            )?,
                            _ => emit(row, col, ixfe, Value::Text(""), text.as_deref())?,
                        }
                    } else {
                        let v =
                            f64::from_le_bytes(val.try_into().map_err(|_| bad("FORMULA", r.pos))?);
                        emit(row, col, ixfe, Value::Number(v), text.as_deref())?;
                    }
                }
                _ => {}
            }
        }
        if let Some((row, col, ixfe, f)) = pending.take() {
            emit(row, col, ixfe, Value::Text(""), f.as_deref())?;
        }
    }
    if !g.biff8 {
        max_row = 16_384;
    }
    let p = &scan.presentation;
    if !p.column_widths.is_empty() || !p.merged.is_empty() {
        sv.presentation(p);
    }
    sv.finish(scan.layout(max_row, max_col));
    Ok(SheetResult {
        cells,
        end: scan.end,
    })
}

fn rci(d: &[u8]) -> Option<(u16, u16, u16)> {
    Some((u16_at(d, 0)?, u16_at(d, 2)?, u16_at(d, 4)?))
}

fn formula_text(
    rgce: &[u8],
    scan: &SheetScan,
    fctx: &formula::Ctx<'_>,
    row: u16,
    col: u16,
) -> Option<String> {
    match rgce.first() {
        Some(0x01) | Some(0x02) => {
            let br = u16_at(rgce, 1)?;
            let bc = u16_at(rgce, 3)?;
            let shared = scan.shared.get(&(br, bc))?;
            formula::decompile(shared, fctx, Some((row as u32, col as u32)))
        }
        _ => formula::decompile(rgce, fctx, None),
    }
}

fn report_sheet_features(s: &SheetScan, base: &Location, visitor: &dyn Visitor) {
    for n in &s.notes {
        let loc = base.clone().with_cell(a1(n.row as u32, n.col as u32));
        let mut f = Feature::new(
            Kind::Comment,
            loc.clone(),
            if n.author.is_empty() {
                "A note (comment) is attached to this cell.".to_string()
            } else {
                "A note (comment) is attached to this cell; it records its author's name."
                    .to_string()
            },
        );
        if !n.author.is_empty() {
            f = f.sample(n.author.clone());
        }
        visitor.feature(f);
        if !n.author.is_empty() {
            visitor.text(
                TextPlace {
                    kind: Kind::Comment,
                    location: &loc,
                    field: Some("author"),
                    hidden: true,
                },
                &n.author,
            );
        }
        if !n.text.is_empty() {
            visitor.text(
                TextPlace {
                    kind: Kind::Comment,
                    location: &loc,
                    field: None,
                    hidden: !n.shown,
                },
                &n.text,
            );
        }
    }
    if !s.textboxes.is_empty() {
        visitor.feature(
            Feature::new(
                Kind::DrawingText,
                base.clone(),
                format!(
                    "{} text box(es) or shape(s) on this sheet hold text.",
                    s.textboxes.len()
                ),
            )
            .count(s.textboxes.len() as u64),
        );
        for t in &s.textboxes {
            visitor.text(
                TextPlace {
                    kind: Kind::DrawingText,
                    location: base,
                    field: None,
                    hidden: false,
                },
                t,
            );
        }
    }
    if !s.header_footer.is_empty() {
        visitor.feature(
            Feature::new(
                Kind::HeaderFooter,
                base.clone(),
                "The printed page header or footer of this sheet holds text.",
            )
            .count(s.header_footer.len() as u64),
        );
        for (field, t) in &s.header_footer {
            visitor.text(
                TextPlace {
                    kind: Kind::HeaderFooter,
                    location: base,
                    field: Some(field),
                    hidden: true,
                },
                t,
            );
        }
    }
    for l in &s.links {
        let loc = base.clone().with_cell(a1(l.row as u32, l.col as u32));
        let variant = if l.local {
            "local_path"
        } else if l.target.is_none() && l.location.is_some() {
            "internal"
        } else {
            "web"
        };
        let msg = match variant {
            "local_path" => {
                "A hyperlink points at a file path, which can reveal user or folder names."
            }
            "internal" => "A hyperlink points at a place inside the workbook.",
            _ => "A hyperlink points at a web address.",
        };
        let mut f = Feature::new(Kind::Hyperlink, loc.clone(), msg).variant(variant);
        if let Some(t) = l
            .target
            .as_ref()
            .or(l.location.as_ref())
            .or(l.other.first())
        {
            f = f.sample(t.clone());
        }
        visitor.feature(f);
        let fields: [(&str, Option<&String>); 4] = [
            ("target", l.target.as_ref()),
            ("location", l.location.as_ref()),
            ("display", l.display.as_ref()),
            ("tooltip", l.tooltip.as_ref()),
        ];
        for (field, v) in fields {
            if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
                visitor.text(
                    TextPlace {
                        kind: Kind::Hyperlink,
                        location: &loc,
                        field: Some(field),
                        hidden: field != "display",
                    },
                    v,
                );
            }
        }
        for v in &l.other {
            visitor.text(
                TextPlace {
                    kind: Kind::Hyperlink,
                    location: &loc,
                    field: None,
                    hidden: true,
                },
                v,
            );
        }
    }
    if s.chart_values > 0 || !s.chart_text.is_empty() {
        visitor.feature(
            Feature::new(
                Kind::ChartCache,
                base.clone(),
                "A chart keeps its own copy of the values and labels it plots.",
            )
            .count(s.chart_values.max(s.chart_text.len() as u64)),
        );
        for t in &s.chart_text {
            visitor.text(
                TextPlace {
                    kind: Kind::ChartCache,
                    location: base,
                    field: None,
                    hidden: true,
                },
                t,
            );
        }
    }
    if s.pictures > 0 {
        visitor.feature(
            Feature::new(
                Kind::Image,
                base.clone(),
                format!(
                    "{} picture(s) or embedded object(s) sit on this sheet.",
                    s.pictures
                ),
            )
            .count(s.pictures),
        );
    }
}

/// Report the globals' hiding places: defined names, external links and
/// the last saver's user name.
pub fn report_globals(g: &Globals, part: &str, ctx: &Context, visitor: &dyn Visitor) {
    let base = Location {
        embedded: ctx.embedded.clone(),
        part: Some(part.to_string()),
        ..Default::default()
    };
    for n in &g.names {
        let mut loc = base.clone();
        if n.itab > 0 {
            if let Some(s) = g.sheets.get(n.itab as usize - 1) {
                loc.sheet = Some(s.name.clone());
            }
        }
        let constant = is_constant_rgce(&n.rgce);
        let variant = if n.builtin {
            "builtin"
        } else if n.hidden {
            "hidden"
        } else if constant {
            "constant"
        } else {
            "range"
        };
        let msg = match variant {
            "builtin" => "A built-in defined name (print area, filter range or similar).",
            "hidden" => "A hidden defined name: it does not show in the Name Manager.",
            "constant" => "A defined name holds a value of its own rather than pointing at cells.",
            _ => "A defined name points at a range of cells.",
        };
        let mut f = Feature::new(Kind::DefinedName, loc.clone(), msg).variant(variant);
        f = f.sample(match &n.formula {
            Some(x) => format!("{} = {x}", n.name),
            None => n.name.clone(),
        });
        visitor.feature(f);
        if let Some(x) = &n.formula {
            visitor.defined_name(&loc, &n.name, x);
            visitor.text(
                TextPlace {
                    kind: Kind::DefinedName,
                    location: &loc,
                    field: Some("definedName"),
                    hidden: true,
                },
                x,
            );
        }
    }
    for e in &g.externals {
        let f = Feature::new(
            Kind::ExternalLink,
            base.clone(),
            format!(
                "The workbook links to another file and keeps {} cached value(s) from it.",
                e.cached_values
            ),
        )
        .variant(if is_local_path(&e.path) {
            "local_path"
        } else {
            "web"
        })
        .count(e.cached_values.max(1))
        .sample(e.path.clone());
        visitor.feature(f);
        let place = |field| TextPlace {
            kind: Kind::ExternalLink,
            location: &base,
            field,
            hidden: true,
        };
        visitor.text(place(Some("target")), &e.path);
        for t in &e.cached_text {
            visitor.text(place(None), t);
        }
    }
    if let Some(w) = &g.write_access {
        visitor.feature(
            Feature::new(
                Kind::DocumentProperties,
                base.clone(),
                "The workbook records the user name of whoever last saved it.",
            )
            .variant("person")
            .sample(w.clone()),
        );
        visitor.text(
            TextPlace {
                kind: Kind::DocumentProperties,
                location: &base,
                field: Some("lastSavedBy"),
                hidden: true,
            },
            w,
        );
    }
}

/// True when a name's formula is only literal values (no references).
fn is_constant_rgce(rgce: &[u8]) -> bool {
    matches!(
        rgce.first(),
        Some(0x17 | 0x1C | 0x1D | 0x1E | 0x1F | 0x20 | 0x40 | 0x60)
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rk_numbers() {
        assert_eq!(rk((5 << 2) | 2), 5.0);
        assert_eq!(rk((1234 << 2) | 3), 12.34);
        let bits = 1.5f64.to_bits();
        assert_eq!(rk((bits >> 32) as u32), 1.5);
    }

    #[test]
    fn formats_that_hide() {
        assert_eq!(hidden_by_format(";;;"), (true, true));
        assert_eq!(hidden_by_format(";;"), (true, false));
        assert_eq!(hidden_by_format("0.00"), (false, false));
        assert_eq!(hidden_by_format("0;-0;;@"), (false, false));
        assert_eq!(hidden_by_format("\"x\";;;"), (false, true));
        assert!(is_date_format(164, "dd/mm/yyyy"));
        assert!(!is_date_format(164, "0.00"));
        assert!(!is_date_format(164, "[Red]0.00"));
    }

    #[test]
    fn frags_restart_flag_at_continue() {
        // "AB" compressed in the first fragment, then "C" as UTF-16 after a flag byte.
        let a: &[u8] = &[3, 0, 0, b'A', b'B'];
        let b: &[u8] = &[1, b'C', 0];
        let mut f = Frags::new(vec![a, b]);
        let cch = f.u16().unwrap() as usize;
        let flags = f.u8().unwrap();
        let mut s = String::new();
        f.chars(cch, flags & 1 != 0, &mut s).unwrap();
        assert_eq!(s, "ABC");
        assert!(f.at_end());
    }

    #[test]
    fn virtual_paths() {
        assert_eq!(
            decode_virtual_path("\u{1}\u{1}CUsers\u{3}jdoe\u{3}staff.xls"),
            "C:\\Users\\jdoe\\staff.xls"
        );
        assert_eq!(
            decode_virtual_path("\u{1}\u{1}@server\u{3}share\u{3}a.xls"),
            "\\\\server\\share\\a.xls"
        );
        assert!(is_local_path("C:\\Users\\jdoe\\a.xls"));
        assert!(is_local_path("file:///C:/x"));
        assert!(!is_local_path("https://example.org/x"));
        assert!(!is_local_path("mailto:jane@example.org"));
    }
}
