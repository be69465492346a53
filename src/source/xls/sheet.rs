//! Reading a sheet substream: where each sheet starts and ends, and the
//! cell pass that sends every value and formula to the visitor with the
//! reasons it is hidden.

use super::biff::{BOF, CONTINUE, EOF, Frags, Records, byte_string, f64_at, rk, u16_at, u32_at};
use super::formula;
use super::globals::Globals;
use super::report::{report_sheet_features, report_validations};
use super::sheet_scan::{SheetScan, scan_sheet};
use crate::model::{Cell, Hide, Location, SheetInfo, SheetKind, Value, Visitor, a1};
use crate::numbers::thousands;
use crate::source::merged::MergedCells;
use crate::source::{Context, Result, SourceError};

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
    report_validations(&scan, &fctx, g, &base_loc, visitor);
    let state_hide = info.state.hide();
    let mut merged = MergedCells::from_tuples(&scan.presentation.merged);
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
                    thousands(sc.ctx.limits.max_cells)
                )));
            }
            *cell_budget -= 1;
            let xf = g.xf.get(ixfe as usize).copied().unwrap_or_default();
            let value = match value {
                Value::Number(n) if xf.date => Value::DateTime(n),
                v => v,
            };
            let mut hide = state_hide | scan.hide_for(row, col);
            let invisible = xf.look.hides(&value);
            if invisible || merged.covers(row as u32, col as u32) {
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
            if !matches!(r.typ, 0x04BC | 0x0221 | 0x0236 | CONTINUE)
                && let Some((row, col, ixfe, f)) = pending.take()
            {
                emit(row, col, ixfe, Value::Text(""), f.as_deref())?;
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
                            thousands(g.sst.len() as u64)
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
    if !p.is_empty() {
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
