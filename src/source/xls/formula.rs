//! BIFF8 formula token arrays (`rgce`, [MS-XLS] 2.5.198) turned back into
//! formula text, so detectors can see which cells and sheets a formula reads.
//! Best effort: an unknown token gives `None` (the cached value is still
//! reported).

use std::fmt::Write;

use crate::model::column_name;

use super::text::{push_latin1, push_utf16le};

/// What a 3-D reference's XTI index points at.
#[derive(Clone, Debug, Default)]
pub struct SupBook {
    /// Path of an external workbook; `None` for this workbook.
    pub path: Option<String>,
    /// Sheet names of the external workbook.
    pub sheets: Vec<String>,
    /// EXTERNNAME records (external defined names, add-in functions).
    pub names: Vec<String>,
    /// True for the add-in functions pseudo-book.
    pub addin: bool,
}

/// One EXTERNSHEET entry.
#[derive(Clone, Copy, Debug)]
pub struct Xti {
    pub supbook: u16,
    pub first: i16,
    pub last: i16,
}

/// What the decompiler needs from the workbook globals.
pub struct Ctx<'a> {
    pub sheets: &'a [String],
    pub xti: &'a [Xti],
    pub supbooks: &'a [SupBook],
    /// Defined names, in NAME record order (ptgName is 1-based).
    pub names: &'a [String],
}

const MAX_STACK: usize = 4096;
const MAX_TEXT: usize = 64 * 1024;

fn u16_at(d: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_le_bytes(d.get(o..o + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_le_bytes(d.get(o..o + 4)?.try_into().ok()?))
}

fn quote_sheet(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

/// The error literal for a BErr code.
pub fn error_name(code: u8) -> &'static str {
    match code {
        0x00 => "#NULL!",
        0x07 => "#DIV/0!",
        0x0F => "#VALUE!",
        0x17 => "#REF!",
        0x1D => "#NAME?",
        0x24 => "#NUM!",
        0x2A => "#N/A",
        0x2B => "#GETTING_DATA",
        _ => "#ERR!",
    }
}

fn func_name(iftab: u16) -> Option<&'static str> {
    FNAMES.split(' ').nth(iftab as usize).filter(|n| *n != "_")
}

/// A cell reference in BIFF8 form: `row`, and `col` with the relative
/// flags in bits 14 (column) and 15 (row) ([MS-XLS] 2.5.20 ColRelU).
/// `base` resolves the offsets of shared-formula tokens.
fn write_ref(out: &mut String, row: u16, col: u16, base: Option<(u32, u32)>) {
    let col_rel = col & 0x4000 != 0;
    let row_rel = col & 0x8000 != 0;
    let mut c = (col & 0x00FF) as u32;
    let mut r = row as u32;
    if let Some((br, bc)) = base {
        if row_rel {
            r = (br as i64 + row as i16 as i64).rem_euclid(65536) as u32;
        }
        if col_rel {
            c = (bc as i64 + (col & 0xFF) as u8 as i8 as i64).rem_euclid(256) as u32;
        }
    }
    if !col_rel {
        out.push('$');
    }
    out.push_str(&column_name(c));
    if !row_rel {
        out.push('$');
    }
    let _ = write!(out, "{}", r + 1);
}

fn sheet_prefix(ctx: &Ctx<'_>, ixti: u16) -> String {
    let Some(x) = ctx.xti.get(ixti as usize) else {
        return "#REF!".into();
    };
    let book = ctx.supbooks.get(x.supbook as usize);
    let (path, names): (Option<&str>, &[String]) = match book {
        Some(b) if b.path.is_some() => (b.path.as_deref(), &b.sheets),
        _ => (None, ctx.sheets),
    };
    let name_of = |i: i16| -> Option<&str> {
        if i < 0 {
            None
        } else {
            names.get(i as usize).map(|s| s.as_str())
        }
    };
    let first = name_of(x.first);
    let last = name_of(x.last);
    let mut s = String::new();
    if let Some(p) = path {
        s.push('[');
        s.push_str(p);
        s.push(']');
    }
    match (first, last) {
        (Some(f), Some(l)) if f != l => s.push_str(&quote_sheet(&format!("{f}:{l}"))),
        (Some(f), _) => s.push_str(&quote_sheet(f)),
        _ if path.is_some() => {}
        _ => return "#REF!".into(),
    }
    s.push('!');
    s
}

/// Decompile a BIFF8 `rgce`. `base` is the cell a shared formula is
/// applied to: its relative references are offsets from that cell.
pub fn decompile(rgce: &[u8], ctx: &Ctx<'_>, base: Option<(u32, u32)>) -> Option<String> {
    let mut st: Vec<String> = Vec::new();
    let mut i = 0usize;
    while i < rgce.len() {
        if st.len() > MAX_STACK {
            return None;
        }
        let ptg = *rgce.get(i)?;
        i += 1;
        match ptg {
            0x01 | 0x02 => return None, // ptgExp / ptgTbl: handled by the caller
            0x03..=0x11 => {
                let b = st.pop()?;
                let a = st.pop()?;
                let op = match ptg {
                    0x03 => "+",
                    0x04 => "-",
                    0x05 => "*",
                    0x06 => "/",
                    0x07 => "^",
                    0x08 => "&",
                    0x09 => "<",
                    0x0A => "<=",
                    0x0B => "=",
                    0x0C => ">=",
                    0x0D => ">",
                    0x0E => "<>",
                    0x0F => " ",
                    0x10 => ",",
                    _ => ":",
                };
                st.push(format!("{a}{op}{b}"));
            }
            0x12 => {
                let a = st.pop()?;
                st.push(format!("+{a}"));
            }
            0x13 => {
                let a = st.pop()?;
                st.push(format!("-{a}"));
            }
            0x14 => {
                let a = st.pop()?;
                st.push(format!("{a}%"));
            }
            0x15 => {
                let a = st.pop()?;
                st.push(format!("({a})"));
            }
            0x16 => st.push(String::new()),
            0x17 => {
                let cch = *rgce.get(i)? as usize;
                let flags = *rgce.get(i + 1)?;
                i += 2;
                let n = if flags & 1 != 0 { cch * 2 } else { cch };
                let bytes = rgce.get(i..i + n)?;
                i += n;
                let mut s = String::new();
                if flags & 1 != 0 {
                    push_utf16le(&mut s, bytes);
                } else {
                    push_latin1(&mut s, bytes);
                }
                st.push(format!("\"{}\"", s.replace('"', "\"\"")));
            }
            0x19 => {
                let grbit = *rgce.get(i)?;
                let w = u16_at(rgce, i + 1)?;
                i += 3;
                if grbit & 0x04 != 0 {
                    i += 2 * (w as usize + 1);
                }
                if grbit & 0x10 != 0 {
                    let a = st.pop()?;
                    st.push(format!("SUM({a})"));
                }
            }
            0x1C => {
                st.push(error_name(*rgce.get(i)?).into());
                i += 1;
            }
            0x1D => {
                st.push(if *rgce.get(i)? != 0 { "TRUE" } else { "FALSE" }.into());
                i += 1;
            }
            0x1E => {
                st.push(u16_at(rgce, i)?.to_string());
                i += 2;
            }
            0x1F => {
                let v = f64::from_le_bytes(rgce.get(i..i + 8)?.try_into().ok()?);
                st.push(v.to_string());
                i += 8;
            }
            0x20..=0x7F => {
                let base_ptg = (ptg & 0x1F) | 0x20;
                match base_ptg {
                    0x20 => {
                        rgce.get(i..i + 7)?;
                        i += 7;
                        st.push("{...}".into());
                    }
                    0x21 => {
                        let iftab = u16_at(rgce, i)?;
                        i += 2;
                        let argc = *FARGC.get(iftab as usize)?;
                        if argc == 255 {
                            return None;
                        }
                        call(&mut st, func_name(iftab)?.to_string(), argc as usize)?;
                    }
                    0x22 => {
                        let argc = (*rgce.get(i)? & 0x7F) as usize;
                        let tab = u16_at(rgce, i + 1)? & 0x7FFF;
                        i += 3;
                        if tab == 255 {
                            // User-defined function: the name is the first argument.
                            if argc == 0 || st.len() < argc {
                                return None;
                            }
                            let args = st.split_off(st.len() - argc);
                            let (name, rest) = args.split_first()?;
                            st.push(format!("{name}({})", rest.join(",")));
                        } else {
                            let name = func_name(tab)
                                .map(str::to_string)
                                .unwrap_or(format!("_xlfn{tab}"));
                            call(&mut st, name, argc)?;
                        }
                    }
                    0x23 => {
                        let idx = u32_at(rgce, i)?;
                        i += 4;
                        let n = (idx as usize).checked_sub(1).and_then(|k| ctx.names.get(k));
                        st.push(n.cloned().unwrap_or_else(|| "#NAME?".into()));
                    }
                    0x24 | 0x2C => {
                        let row = u16_at(rgce, i)?;
                        let col = u16_at(rgce, i + 2)?;
                        i += 4;
                        let mut s = String::new();
                        write_ref(
                            &mut s,
                            row,
                            col,
                            if base_ptg == 0x2C {
                                base.or(Some((0, 0)))
                            } else {
                                None
                            },
                        );
                        st.push(s);
                    }
                    0x25 | 0x2D => {
                        let (r1, r2) = (u16_at(rgce, i)?, u16_at(rgce, i + 2)?);
                        let (c1, c2) = (u16_at(rgce, i + 4)?, u16_at(rgce, i + 6)?);
                        i += 8;
                        let b = if base_ptg == 0x2D {
                            base.or(Some((0, 0)))
                        } else {
                            None
                        };
                        let mut s = String::new();
                        write_ref(&mut s, r1, c1, b);
                        s.push(':');
                        write_ref(&mut s, r2, c2, b);
                        st.push(s);
                    }
                    0x26..=0x28 => {
                        rgce.get(i..i + 6)?;
                        i += 6;
                    }
                    0x29 | 0x2E | 0x2F => {
                        rgce.get(i..i + 2)?;
                        i += 2;
                    }
                    0x2A => {
                        rgce.get(i..i + 4)?;
                        i += 4;
                        st.push("#REF!".into());
                    }
                    0x2B => {
                        rgce.get(i..i + 8)?;
                        i += 8;
                        st.push("#REF!".into());
                    }
                    0x39 => {
                        let ixti = u16_at(rgce, i)?;
                        let iname = u32_at(rgce, i + 2)?;
                        i += 6;
                        let x = ctx.xti.get(ixti as usize);
                        let book = x.and_then(|x| ctx.supbooks.get(x.supbook as usize));
                        let name = book
                            .and_then(|b| {
                                (iname as usize).checked_sub(1).and_then(|k| b.names.get(k))
                            })
                            .cloned()
                            .unwrap_or_else(|| "#NAME?".into());
                        match book.and_then(|b| b.path.as_deref()) {
                            Some(p) if !book.is_some_and(|b| b.addin) => {
                                st.push(format!("[{p}]!{name}"))
                            }
                            _ => st.push(name),
                        }
                    }
                    0x3A | 0x3C => {
                        let ixti = u16_at(rgce, i)?;
                        let row = u16_at(rgce, i + 2)?;
                        let col = u16_at(rgce, i + 4)?;
                        i += 6;
                        let mut s = sheet_prefix(ctx, ixti);
                        if base_ptg == 0x3C {
                            s.push_str("#REF!");
                        } else {
                            write_ref(&mut s, row, col, base);
                        }
                        st.push(s);
                    }
                    0x3B | 0x3D => {
                        let ixti = u16_at(rgce, i)?;
                        let (r1, r2) = (u16_at(rgce, i + 2)?, u16_at(rgce, i + 4)?);
                        let (c1, c2) = (u16_at(rgce, i + 6)?, u16_at(rgce, i + 8)?);
                        i += 10;
                        let mut s = sheet_prefix(ctx, ixti);
                        if base_ptg == 0x3D {
                            s.push_str("#REF!");
                        } else {
                            write_ref(&mut s, r1, c1, base);
                            s.push(':');
                            write_ref(&mut s, r2, c2, base);
                        }
                        st.push(s);
                    }
                    _ => return None,
                }
            }
            _ => return None,
        }
        if st.last().is_some_and(|s| s.len() > MAX_TEXT) {
            return None;
        }
    }
    if st.len() == 1 { st.pop() } else { None }
}

fn call(st: &mut Vec<String>, name: String, argc: usize) -> Option<()> {
    if st.len() < argc {
        return None;
    }
    let args = st.split_off(st.len() - argc);
    st.push(format!("{name}({})", args.join(",")));
    Some(())
}

// Function names and fixed argument counts by iftab ([MS-XLS] 2.5.198.17),
// taken from calamine (MIT, Copyright 2016-2026 Johann Tuffe).
const FNAMES: &str = concat!(
    "COUNT IF ISNA ISERROR SUM AVERAGE MIN MAX ROW COLUMN NA NPV STDEV DOLLAR FIXED SIN COS ",
    "TAN ATAN PI SQRT EXP LN LOG10 ABS INT SIGN ROUND LOOKUP INDEX REPT MID LEN VALUE TRUE ",
    "FALSE AND OR NOT MOD DCOUNT DSUM DAVERAGE DMIN DMAX DSTDEV VAR DVAR TEXT LINEST TREND ",
    "LOGEST GROWTH GOTO HALT RETURN PV FV NPER PMT RATE MIRR IRR RAND MATCH DATE TIME DAY ",
    "MONTH YEAR WEEKDAY HOUR MINUTE SECOND NOW AREAS ROWS COLUMNS OFFSET ABSREF RELREF ",
    "ARGUMENT SEARCH TRANSPOSE ERROR STEP TYPE ECHO SET.NAME CALLER DEREF WINDOWS SERIES ",
    "DOCUMENTS ACTIVE.CELL SELECTION RESULT ATAN2 ASIN ACOS CHOOSE HLOOKUP VLOOKUP LINKS INPUT ",
    "ISREF GET.FORMULA GET.NAME SET.VALUE LOG EXEC CHAR LOWER UPPER PROPER LEFT RIGHT EXACT ",
    "TRIM REPLACE SUBSTITUTE CODE NAMES DIRECTORY FIND CELL ISERR ISTEXT ISNUMBER ISBLANK T N ",
    "FOPEN FCLOSE FSIZE FREADLN FREAD FWRITELN FWRITE FPOS DATEVALUE TIMEVALUE SLN SYD DDB ",
    "GET.DEF REFTEXT TEXTREF INDIRECT REGISTER CALL ADD.BAR ADD.MENU ADD.COMMAND ",
    "ENABLE.COMMAND CHECK.COMMAND RENAME.COMMAND SHOW.BAR DELETE.MENU DELETE.COMMAND ",
    "GET.CHART.ITEM DIALOG.BOX CLEAN MDETERM MINVERSE MMULT FILES IPMT PPMT COUNTA CANCEL.KEY ",
    "FOR WHILE BREAK NEXT INITIATE REQUEST POKE EXECUTE TERMINATE RESTART HELP GET.BAR PRODUCT ",
    "FACT GET.CELL GET.WORKSPACE GET.WINDOW GET.DOCUMENT DPRODUCT ISNONTEXT GET.NOTE NOTE ",
    "STDEVP VARP DSTDEVP DVARP TRUNC ISLOGICAL DCOUNTA DELETE.BAR UNREGISTER _ _ USDOLLAR ",
    "FINDB SEARCHB REPLACEB LEFTB RIGHTB MIDB LENB ROUNDUP ROUNDDOWN ASC DBCS RANK _ _ ADDRESS ",
    "DAYS360 TODAY VDB ELSE ELSE.IF END.IF FOR.CELL MEDIAN SUMPRODUCT SINH COSH TANH ASINH ",
    "ACOSH ATANH DGET CREATE.OBJECT VOLATILE LAST.ERROR CUSTOM.UNDO CUSTOM.REPEAT ",
    "FORMULA.CONVERT GET.LINK.INFO TEXT.BOX INFO GROUP GET.OBJECT DB PAUSE _ _ RESUME ",
    "FREQUENCY ADD.TOOLBAR DELETE.TOOLBAR User RESET.TOOLBAR EVALUATE GET.TOOLBAR GET.TOOL ",
    "SPELLING.CHECK ERROR.TYPE APP.TITLE WINDOW.TITLE SAVE.TOOLBAR ENABLE.TOOL PRESS.TOOL ",
    "REGISTER.ID GET.WORKBOOK AVEDEV BETADIST GAMMALN BETAINV BINOMDIST CHIDIST CHIINV COMBIN ",
    "CONFIDENCE CRITBINOM EVEN EXPONDIST FDIST FINV FISHER FISHERINV FLOOR GAMMADIST GAMMAINV ",
    "CEILING HYPGEOMDIST LOGNORMDIST LOGINV NEGBINOMDIST NORMDIST NORMSDIST NORMINV NORMSINV ",
    "STANDARDIZE ODD PERMUT POISSON TDIST WEIBULL SUMXMY2 SUMX2MY2 SUMX2PY2 CHITEST CORREL ",
    "COVAR FORECAST FTEST INTERCEPT PEARSON RSQ STEYX SLOPE TTEST PROB DEVSQ GEOMEAN HARMEAN ",
    "SUMSQ KURT SKEW ZTEST LARGE SMALL QUARTILE PERCENTILE PERCENTRANK MODE TRIMMEAN TINV _ ",
    "MOVIE.COMMAND GET.MOVIE CONCATENATE POWER PIVOT.ADD.DATA GET.PIVOT.TABLE GET.PIVOT.FIELD ",
    "GET.PIVOT.ITEM RADIANS DEGREES SUBTOTAL SUMIF COUNTIF COUNTBLANK SCENARIO.GET ",
    "OPTIONS.LISTS.GET ISPMT DATEDIF DATESTRING NUMBERSTRING ROMAN OPEN.DIALOG SAVE.DIALOG ",
    "VIEW.GET GETPIVOTDATA HYPERLINK PHONETIC AVERAGEA MAXA MINA STDEVPA VARPA STDEVA VARA ",
    "BAHTTEXT THAIDAYOFWEEK THAIDIGIT THAIMONTHOFYEAR THAINUMSOUND THAINUMSTRING ",
    "THAISTRINGLENGTH ISTHAIDIGIT ROUNDBAHTDOWN ROUNDBAHTUP THAIYEAR RTD CUBEVALUE CUBEMEMBER ",
    "CUBEMEMBERPROPERTY CUBERANKEDMEMBER HEX2BIN HEX2DEC HEX2OCT DEC2BIN DEC2HEX DEC2OCT ",
    "OCT2BIN OCT2HEX OCT2DEC BIN2DEC BIN2OCT BIN2HEX IMSUB IMDIV IMPOWER IMABS IMSQRT IMLN ",
    "IMLOG2 IMLOG10 IMSIN IMCOS IMEXP IMARGUMENT IMCONJUGATE IMAGINARY IMREAL COMPLEX IMSUM ",
    "IMPRODUCT SERIESSUM FACTDOUBLE SQRTPI QUOTIENT DELTA GESTEP ISEVEN ISODD MROUND ERF ERFC ",
    "BESSELJ BESSELK BESSELY BESSELI XIRR XNPV PRICEMAT YIELDMAT INTRATE RECEIVED DISC ",
    "PRICEDISC YIELDDISC TBILLEQ TBILLPRICE TBILLYIELD PRICE YIELD DOLLARDE DOLLARFR NOMINAL ",
    "EFFECT CUMPRINC CUMIPMT EDATE EOMONTH YEARFRAC COUPDAYBS COUPDAYS COUPDAYSNC COUPNCD ",
    "COUPNUM COUPPCD DURATION MDURATION ODDLPRICE ODDLYIELD ODDFPRICE ODDFYIELD RANDBETWEEN ",
    "WEEKNUM AMORDEGRC AMORLINC CONVERT ACCRINT ACCRINTM WORKDAY NETWORKDAYS GCD MULTINOMIAL ",
    "LCM FVSCHEDULE CUBEKPIMEMBER CUBESET CUBESETCOUNT IFERROR COUNTIFS SUMIFS AVERAGEIF ",
    "AVERAGEIFS"
);
const FARGC: [u8; 485] = [
    255, 3, 1, 1, 255, 255, 255, 255, 1, 1, 0, 254, 255, 2, 3, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1,
    2, 3, 4, 2, 3, 1, 1, 0, 0, 255, 255, 1, 2, 3, 3, 3, 3, 3, 3, 255, 3, 2, 4, 4, 4, 4, 1, 1, 1, 5,
    5, 5, 5, 6, 3, 2, 0, 3, 3, 3, 1, 1, 1, 2, 1, 1, 1, 0, 1, 1, 1, 5, 2, 2, 3, 3, 1, 2, 0, 1, 1, 2,
    0, 1, 2, 2, 2, 0, 0, 1, 2, 1, 1, 255, 4, 4, 2, 7, 1, 1, 2, 2, 2, 4, 1, 1, 1, 1, 2, 2, 2, 1, 4,
    4, 1, 3, 1, 3, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 2, 2, 2, 2, 1, 1, 3, 4, 5, 3, 2, 2, 2, 255,
    255, 1, 4, 5, 5, 5, 5, 1, 3, 4, 3, 1, 1, 1, 1, 1, 2, 6, 6, 255, 2, 4, 1, 0, 0, 2, 2, 3, 2, 1,
    1, 1, 4, 255, 1, 2, 1, 2, 2, 3, 1, 3, 4, 255, 255, 3, 3, 2, 1, 3, 1, 1, 0, 0, 2, 3, 3, 4, 2, 2,
    3, 3, 2, 2, 1, 1, 3, 0, 0, 5, 3, 0, 7, 0, 1, 0, 3, 255, 255, 1, 1, 1, 1, 1, 1, 3, 11, 1, 0, 2,
    3, 5, 4, 4, 1, 0, 5, 5, 1, 0, 0, 1, 2, 2, 1, 255, 1, 1, 2, 3, 3, 1, 1, 1, 2, 3, 3, 3, 2, 255,
    5, 1, 5, 4, 2, 2, 2, 3, 3, 1, 3, 3, 3, 1, 1, 2, 4, 3, 2, 4, 3, 3, 3, 4, 1, 3, 1, 3, 1, 2, 3, 3,
    4, 2, 2, 2, 2, 2, 2, 3, 2, 2, 2, 2, 2, 2, 4, 4, 255, 255, 255, 255, 255, 255, 3, 2, 2, 2, 2, 3,
    255, 2, 2, 4, 4, 3, 255, 2, 9, 2, 3, 4, 1, 1, 255, 3, 2, 1, 2, 1, 4, 3, 1, 2, 2, 4, 5, 2, 128,
    2, 1, 255, 255, 255, 255, 255, 255, 255, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 255, 255, 3, 3, 4, 2,
    1, 2, 2, 2, 2, 2, 2, 1, 1, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 255, 255, 4,
    1, 1, 2, 2, 2, 1, 1, 2, 2, 1, 2, 2, 2, 2, 3, 3, 6, 6, 5, 5, 5, 5, 5, 3, 3, 3, 7, 7, 2, 2, 2, 2,
    6, 6, 2, 2, 3, 4, 4, 4, 4, 4, 4, 6, 6, 8, 8, 8, 8, 2, 2, 7, 7, 8, 8, 5, 3, 3, 255, 255, 255, 2,
    4, 5, 1, 2, 128, 129, 3, 129,
];
