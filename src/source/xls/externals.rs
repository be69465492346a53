//! External workbook links (SUPBOOK, CRN records): the linked file's path,
//! decoded from its encoded VirtualPath, and the values cached from it.

use super::biff::{Frags, u16_at, xl_chars, xl_string};
use super::formula::SupBook;

/// An external workbook link, with its cached values.
#[derive(Clone, Debug, Default)]
pub struct ExternalBook {
    pub path: String,
    pub cached_values: u64,
    pub cached_text: Vec<String>,
}

pub(super) fn read_crn(frags: Vec<&[u8]>, ext: &mut ExternalBook) {
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

pub(super) fn parse_supbook(d: &[u8]) -> Option<SupBook> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::link_target::is_local_path;

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
