//! Hyperlinks (HLINK, HLINKTOOLTIP records): the target, in-workbook
//! location, display text and tooltip, and whether a target is a file path.

use super::biff::{u16_at, u32_at};
use super::text::{decode_cp, printable_runs, push_utf16le, utf16le_z};
use crate::source::link_target::is_local_path;

pub(super) struct Link {
    pub(super) row: u16,
    pub(super) col: u16,
    pub(super) target: Option<String>,
    pub(super) local: bool,
    pub(super) location: Option<String>,
    pub(super) display: Option<String>,
    pub(super) tooltip: Option<String>,
    pub(super) other: Vec<String>,
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

pub(super) fn parse_hlink(d: &[u8]) -> Option<Link> {
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
