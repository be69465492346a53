//! OLE property sets ([MS-OLEPS]): the `\x05SummaryInformation` and
//! `\x05DocumentSummaryInformation` streams of a compound file, which hold
//! the author, last author, company, manager and custom properties.

use super::text::{decode_cp, push_utf16le};
use crate::source::{Result, SourceError};

/// One string-valued property.
#[derive(Clone, Debug, PartialEq)]
pub struct Prop {
    /// Field name (`author`, `lastAuthor`, `company`, or a custom name).
    pub name: String,
    pub value: String,
}

const FMTID_SUMMARY: [u8; 16] = [
    0xE0, 0x85, 0x9F, 0xF2, 0xF9, 0x4F, 0x68, 0x10, 0xAB, 0x91, 0x08, 0x00, 0x2B, 0x27, 0xB3, 0xD9,
];
const FMTID_DOCSUMMARY: [u8; 16] = [
    0x02, 0xD5, 0xCD, 0xD5, 0x9C, 0x2E, 0x1B, 0x10, 0x93, 0x97, 0x08, 0x00, 0x2B, 0x2C, 0xF9, 0xAE,
];
const FMTID_USER: [u8; 16] = [
    0x05, 0xD5, 0xCD, 0xD5, 0x9C, 0x2E, 0x1B, 0x10, 0x93, 0x97, 0x08, 0x00, 0x2B, 0x2C, 0xF9, 0xAE,
];

fn u16_at(d: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_le_bytes(d.get(o..o + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_le_bytes(d.get(o..o + 4)?.try_into().ok()?))
}

fn summary_name(pid: u32) -> Option<&'static str> {
    Some(match pid {
        2 => "title",
        3 => "subject",
        4 => "author",
        5 => "keywords",
        6 => "comments",
        7 => "template",
        8 => "lastAuthor",
        9 => "revision",
        18 => "application",
        _ => return None,
    })
}

fn docsummary_name(pid: u32) -> Option<&'static str> {
    Some(match pid {
        2 => "category",
        3 => "presentationFormat",
        0x0D => "titlesOfParts",
        0x0E => "manager",
        0x0F => "company",
        0x1A => "contentType",
        0x1B => "contentStatus",
        0x1C => "language",
        0x1D => "docVersion",
        _ => return None,
    })
}

/// Parse a property-set stream into its string properties (vectors of
/// strings, such as TitlesOfParts, give one property per item).
///
/// A stream whose header or property table is cut off is corrupt: the
/// caller cannot know what it missed.
pub fn parse(stream: &[u8], part: &str) -> Result<Vec<Prop>> {
    let bad = |why: &str| SourceError::Corrupt(format!("property set {part}: {why}"));
    if stream.len() < 28 {
        return Err(bad("shorter than its header"));
    }
    if u16_at(stream, 0) != Some(0xFFFE) {
        return Err(bad("wrong byte-order mark"));
    }
    let nsets = u32_at(stream, 24).ok_or_else(|| bad("cut off"))?;
    if nsets > 2 {
        return Err(bad("more than two property sets"));
    }
    let mut out = Vec::new();
    for k in 0..nsets as usize {
        let at = 28 + k * 20;
        let fmtid: [u8; 16] = stream
            .get(at..at + 16)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| bad("set list cut off"))?;
        let off = u32_at(stream, at + 16).ok_or_else(|| bad("set list cut off"))? as usize;
        let set = stream
            .get(off..)
            .ok_or_else(|| bad("set offset past the end"))?;
        let names: fn(u32) -> Option<&'static str> = if fmtid == FMTID_SUMMARY {
            summary_name
        } else if fmtid == FMTID_DOCSUMMARY {
            docsummary_name
        } else {
            |_| None
        };
        parse_set(set, names, fmtid == FMTID_USER, part, &mut out)?;
    }
    Ok(out)
}

fn parse_set(
    set: &[u8],
    names: fn(u32) -> Option<&'static str>,
    user: bool,
    part: &str,
    out: &mut Vec<Prop>,
) -> Result<()> {
    let bad = |why: &str| SourceError::Corrupt(format!("property set {part}: {why}"));
    let size = u32_at(set, 0).ok_or_else(|| bad("set header cut off"))? as usize;
    let set = set
        .get(..size)
        .ok_or_else(|| bad("set is longer than the stream"))?;
    let count = u32_at(set, 4).ok_or_else(|| bad("set header cut off"))? as usize;
    if count.saturating_mul(8) > set.len() {
        return Err(bad("more properties than fit in the set"));
    }
    let mut entries = Vec::with_capacity(count);
    for j in 0..count {
        let pid = u32_at(set, 8 + j * 8).ok_or_else(|| bad("property table cut off"))?;
        let off = u32_at(set, 12 + j * 8).ok_or_else(|| bad("property table cut off"))? as usize;
        entries.push((pid, off));
    }
    // Code page (PID 1) first: 8-bit strings depend on it.
    let mut cp: u16 = 1252;
    for &(pid, off) in &entries {
        if pid == 1 && u16_at(set, off) == Some(2) {
            cp = u16_at(set, off + 4).unwrap_or(1252);
        }
    }
    // The dictionary (PID 0) names the custom properties.
    let mut dict: Vec<(u32, String)> = Vec::new();
    for &(pid, off) in &entries {
        if pid == 0 {
            dict = parse_dictionary(set, off, cp).ok_or_else(|| bad("dictionary cut off"))?;
        }
    }
    for &(pid, off) in &entries {
        if pid == 0 || pid == 1 || pid >= 0x8000_0000 {
            continue;
        }
        let name = if user {
            dict.iter()
                .find(|(id, _)| *id == pid)
                .map(|(_, n)| n.clone())
                .unwrap_or_else(|| format!("custom{pid}"))
        } else {
            match names(pid) {
                Some(n) => n.to_string(),
                None => format!("property{pid}"),
            }
        };
        let values = read_value(set, off, cp).ok_or_else(|| bad("property value cut off"))?;
        for value in values {
            let value = value.trim_end_matches('\0').to_string();
            out.push(Prop {
                name: name.clone(),
                value,
            });
        }
    }
    Ok(())
}

fn parse_dictionary(set: &[u8], off: usize, cp: u16) -> Option<Vec<(u32, String)>> {
    let n = u32_at(set, off)? as usize;
    if n.saturating_mul(8) > set.len() {
        return None;
    }
    let mut at = off + 4;
    let mut out = Vec::new();
    for _ in 0..n {
        let id = u32_at(set, at)?;
        let len = u32_at(set, at + 4)? as usize;
        at += 8;
        let name = if cp == 1200 {
            let b = set.get(at..at.checked_add(len.checked_mul(2)?)?)?;
            at += len * 2;
            at = (at + 3) & !3;
            let mut s = String::new();
            push_utf16le(&mut s, b);
            s
        } else {
            let b = set.get(at..at.checked_add(len)?)?;
            at += len;
            decode_cp(b, cp)
        };
        out.push((id, name.trim_end_matches('\0').to_string()));
    }
    Some(out)
}

/// String values of a typed property; numbers, dates and other types
/// give none (they hold no names).
fn read_value(set: &[u8], off: usize, cp: u16) -> Option<Vec<String>> {
    let vt = u16_at(set, off)?;
    let body = off + 4;
    Some(match vt {
        0x1E => vec![lpstr(set, body, cp, false)?.0],
        0x1F => vec![lpwstr(set, body, false)?.0],
        0x101E | 0x101F | 0x100C => {
            let n = u32_at(set, body)? as usize;
            if n.saturating_mul(4) > set.len() {
                return None;
            }
            let mut at = body + 4;
            let mut v = Vec::new();
            for _ in 0..n {
                let t = match vt {
                    0x101E => 0x1E,
                    0x101F => 0x1F,
                    _ => {
                        let t = u16_at(set, at)?;
                        at += 4;
                        t
                    }
                };
                match t {
                    0x1E => {
                        let (s, next) = lpstr(set, at, cp, true)?;
                        v.push(s);
                        at = next;
                    }
                    0x1F => {
                        let (s, next) = lpwstr(set, at, true)?;
                        v.push(s);
                        at = next;
                    }
                    // Fixed-size scalars inside a variant vector (HeadingPairs counts).
                    0x02 | 0x0B | 0x12 => at += 4,
                    0x03 | 0x04 | 0x13 | 0x16 | 0x17 => at += 4,
                    0x05 | 0x06 | 0x07 | 0x14 | 0x15 | 0x40 => at += 8,
                    _ => break,
                }
            }
            v
        }
        _ => Vec::new(),
    })
}

/// A CodePageString; `in_vector` strings follow each other without the
/// 4-byte padding (as Excel writes TitlesOfParts and HeadingPairs).
fn lpstr(set: &[u8], at: usize, cp: u16, in_vector: bool) -> Option<(String, usize)> {
    let pad = |n: usize| if in_vector { n } else { (n + 3) & !3 };
    let len = u32_at(set, at)? as usize;
    let start = at + 4;
    if cp == 1200 {
        // CodePage 1200 makes VT_LPSTR hold UTF-16.
        let b = set.get(start..start.checked_add(len)?)?;
        let mut s = String::new();
        push_utf16le(&mut s, b);
        return Some((s.trim_end_matches('\0').to_string(), pad(start + len)));
    }
    let b = set.get(start..start.checked_add(len)?)?;
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    Some((decode_cp(b.get(..end)?, cp), pad(start + len)))
}

fn lpwstr(set: &[u8], at: usize, in_vector: bool) -> Option<(String, usize)> {
    let len = u32_at(set, at)? as usize;
    let start = at + 4;
    let b = set.get(start..start.checked_add(len.checked_mul(2)?)?)?;
    let mut s = String::new();
    push_utf16le(&mut s, b);
    let end = start + len * 2;
    Some((
        s.trim_end_matches('\0').to_string(),
        if in_vector { end } else { (end + 3) & !3 },
    ))
}

/// Build a property-set stream (used by tests of every CFB reader).
#[cfg(test)]
pub fn build_summary(props: &[(u32, &str)]) -> Vec<u8> {
    let mut set = Vec::new();
    let n = props.len() + 1;
    set.extend(0u32.to_le_bytes()); // size, patched below
    set.extend((n as u32).to_le_bytes());
    let table_at = set.len();
    set.resize(table_at + n * 8, 0);
    let mut values: Vec<(u32, Vec<u8>)> = vec![(1, {
        let mut v = 2u32.to_le_bytes().to_vec();
        v.extend(1252u32.to_le_bytes());
        v
    })];
    for (pid, s) in props {
        let mut v = 0x1Eu32.to_le_bytes().to_vec();
        let mut b = s.as_bytes().to_vec();
        b.push(0);
        v.extend((b.len() as u32).to_le_bytes());
        v.extend(&b);
        while !v.len().is_multiple_of(4) {
            v.push(0);
        }
        values.push((*pid, v));
    }
    for (k, (pid, v)) in values.into_iter().enumerate() {
        let off = set.len() as u32;
        set[table_at + k * 8..table_at + k * 8 + 4].copy_from_slice(&pid.to_le_bytes());
        set[table_at + k * 8 + 4..table_at + k * 8 + 8].copy_from_slice(&off.to_le_bytes());
        set.extend(v);
    }
    let size = set.len() as u32;
    set[0..4].copy_from_slice(&size.to_le_bytes());
    let mut s = vec![0xFE, 0xFF, 0, 0, 0x06, 0x02, 0x01, 0x00];
    s.extend([0u8; 16]);
    s.extend(1u32.to_le_bytes());
    s.extend(FMTID_SUMMARY);
    s.extend(48u32.to_le_bytes());
    s.extend(set);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_author_and_last_author() {
        let s = build_summary(&[(4, "Jane Doe"), (8, "PC 4521 Smith"), (2, "Roster")]);
        let p = parse(&s, "SummaryInformation").unwrap();
        assert!(p.contains(&Prop {
            name: "author".into(),
            value: "Jane Doe".into()
        }));
        assert!(p.contains(&Prop {
            name: "lastAuthor".into(),
            value: "PC 4521 Smith".into()
        }));
        assert!(p.contains(&Prop {
            name: "title".into(),
            value: "Roster".into()
        }));
    }

    /// Excel's DocumentSummaryInformation: vectors of strings without padding.
    #[test]
    fn unpadded_string_vectors() {
        let hex = concat!(
            "feff00000a000200000000000000000000000000000000000100000002d5cdd59c2e1b1093970800",
            "2b2cf9ae30000000f00000000900000001000000500000000f000000580000001700000064000000",
            "0b0000006c0000001000000074000000130000007c00000016000000840000000d0000008c000000",
            "0c000000b500000002000000e30400001e000000040000000000000003000000000010000b000000",
            "000000000b000000000000000b000000000000000b000000000000001e1000000300000008000000",
            "56697369626c65000700000048696464656e00060000004368617274000c100000040000001e0000",
            "0006000000cbe8f1f2fb0003000000020000001e0000000a000000c4e8e0e3f0e0ececfb00030000",
            "0001000000000000",
        );
        let bytes: Vec<u8> = (0..hex.len() / 2)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
            .collect();
        let p = parse(&bytes, "DocumentSummaryInformation").unwrap();
        let titles: Vec<&str> = p
            .iter()
            .filter(|p| p.name == "titlesOfParts")
            .map(|p| p.value.as_str())
            .collect();
        assert_eq!(titles, ["Visible", "Hidden", "Chart"]);
    }

    #[test]
    fn cut_off_stream_is_corrupt() {
        let s = build_summary(&[(4, "Jane Doe")]);
        assert!(matches!(
            parse(&s[..s.len() - 6], "x"),
            Err(SourceError::Corrupt(_))
        ));
        assert!(parse(&s[..20], "x").is_err());
    }
}
