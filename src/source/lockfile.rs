//! Office owner ("lock") files: `~$name.xlsx` beside a workbook open in Excel,
//! `.~lock.name.ods#` beside one open in LibreOffice. They hold a user name.
//!
//! An Excel owner file is usually 165 bytes: a length byte, the user name in
//! the ANSI code page, space padding, then the name again in UTF-16LE. A
//! LibreOffice lock file is one CSV-like line:
//! `Jane Doe,HOST,jdoe,17.03.2024 10:15,file:///home/jdoe/.config/libreoffice/4;`
//! (full name, host, system user, date, profile URL).
//!
//! A lock file is reported even when its bytes cannot be parsed: it is a lock
//! file by its name and size.
use std::io::Read;

use super::{Context, Input, Reader, Result};
use crate::finding::Kind;
use crate::model::{Feature, Location, TextPlace, Visitor};

/// Lock files are tiny; anything bigger is read only this far.
const MAX_LOCK_BYTES: usize = 4096;

/// True when the name and bytes are those of an Office or LibreOffice lock file:
/// a `~$` name on a small file that is not a zip or compound file, or a
/// `.~lock.…#` name.
///
/// ```
/// use foiguard::source::lockfile::looks_like_lock_file;
/// assert!(looks_like_lock_file(b"\x04Jane", "~$pay.xlsx"));
/// assert!(!looks_like_lock_file(b"PK\x03\x04", "~$pay.xlsx"));
/// assert!(looks_like_lock_file(b"Jane,host,jd,date,url;", ".~lock.pay.ods#"));
/// ```
pub fn looks_like_lock_file(head: &[u8], name: &str) -> bool {
    if name.starts_with(".~lock.") && name.ends_with('#') {
        return true;
    }
    if !name.starts_with("~$") || head.len() >= MAX_LOCK_BYTES {
        return false;
    }
    let container = head.starts_with(b"PK\x03\x04")
        || head.starts_with(b"PK\x05\x06")
        || head.starts_with(b"PK\x07\x08")
        || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    !container
}

/// Reads lock files: one `lock_file` feature naming the user.
pub struct LockFileReader;

impl Reader for LockFileReader {
    fn inspect(&self, input: Input<'_>, ctx: &Context, visitor: &dyn Visitor) -> Result<()> {
        let mut bytes = Vec::with_capacity(512);
        input
            .open()?
            .take(MAX_LOCK_BYTES as u64)
            .read_to_end(&mut bytes)?;
        let loc = Location::default();
        let libre = ctx.name.starts_with(".~lock.") && ctx.name.ends_with('#');
        let fields = if libre {
            parse_libreoffice(&bytes)
        } else {
            parse_excel(&bytes)
        };
        let user = fields
            .iter()
            .find(|(f, _)| *f == "userName")
            .map(|(_, v)| v.clone());
        let (message, variant) = match (&user, libre) {
            (Some(_), true) => (
                "A LibreOffice lock file names the user who had the spreadsheet open.",
                "libreoffice",
            ),
            (Some(_), false) => (
                "An Office owner file names the user who had the workbook open.",
                "office",
            ),
            (None, true) => (
                "A LibreOffice lock file (its user name could not be read).",
                "libreoffice",
            ),
            (None, false) => (
                "An Office owner file (its user name could not be read).",
                "office",
            ),
        };
        let mut feature = Feature::new(Kind::LockFile, loc.clone(), message).variant(variant);
        if let Some(u) = &user {
            feature = feature.sample(u.clone());
        }
        visitor.feature(feature);
        for (field, value) in &fields {
            visitor.text(
                TextPlace {
                    kind: Kind::LockFile,
                    location: &loc,
                    field: Some(field),
                    hidden: true,
                },
                value,
            );
        }
        Ok(())
    }
}

/// The fields of an Excel/Word owner file: `userName` from the UTF-16 copy
/// when present (it is exact), else from the ANSI copy.
fn parse_excel(bytes: &[u8]) -> Vec<(&'static str, String)> {
    let ansi = bytes.first().and_then(|&n| {
        let n = n as usize;
        let raw = bytes.get(1..1 + n)?;
        if n == 0 {
            return None;
        }
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(raw);
        let text = text.trim().to_string();
        (!text.is_empty() && !text.chars().any(char::is_control)).then_some(text)
    });
    let start = ansi
        .as_ref()
        .map_or(1, |_| 1 + bytes.first().copied().unwrap_or(0) as usize);
    let wide = find_utf16_name(bytes, start, ansi.as_ref().map(|a| a.chars().count()));
    match wide.or(ansi) {
        Some(name) => vec![("userName", name)],
        None => Vec::new(),
    }
}

/// Find a length-prefixed (u16 LE) UTF-16LE name after `start`. A length
/// equal to the ANSI name's is preferred.
fn find_utf16_name(bytes: &[u8], start: usize, want: Option<usize>) -> Option<String> {
    let mut best: Option<String> = None;
    let mut off = start;
    while off + 2 <= bytes.len() {
        let len = u16::from_le_bytes([bytes[off], bytes[off + 1]]) as usize;
        if (1..=255).contains(&len)
            && let Some(raw) = bytes.get(off + 2..off + 2 + 2 * len)
        {
            let units = raw
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]));
            let decoded: std::result::Result<String, _> = char::decode_utf16(units).collect();
            if let Ok(s) = decoded {
                let t = s.trim();
                if !t.is_empty() && !s.chars().any(char::is_control) {
                    if want == Some(len) {
                        return Some(t.to_string());
                    }
                    if best.is_none() {
                        best = Some(t.to_string());
                    }
                }
            }
        }
        off += 1;
    }
    if want.is_some() { None } else { best }
}

/// The fields of a LibreOffice lock line: full name, host, system user, date,
/// profile URL. Commas inside a field are escaped with a backslash.
fn parse_libreoffice(bytes: &[u8]) -> Vec<(&'static str, String)> {
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    };
    let line = text
        .lines()
        .next()
        .unwrap_or("")
        .trim_end()
        .trim_end_matches(';');
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            ',' => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    let names = ["fullName", "host", "systemUser", "date", "profileUrl"];
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        let p = p.trim();
        if p.is_empty() || p.chars().any(char::is_control) {
            continue;
        }
        if let Some(name) = names.get(i) {
            out.push((name, p.to_string()));
        }
    }
    // The user: the full name, else the system user name.
    let user = out
        .iter()
        .find(|(f, _)| *f == "fullName")
        .or_else(|| out.iter().find(|(f, _)| *f == "systemUser"))
        .map(|(_, v)| v.clone());
    if let Some(u) = user {
        out.retain(|(f, v)| !(*f == "fullName" && *v == u));
        out.insert(0, ("userName", u));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::recorder::Recorder;
    use crate::source::{Format, Limits, sniff_bytes};

    fn excel_owner(name: &str) -> Vec<u8> {
        let mut b = vec![name.len() as u8];
        let (ansi, _, _) = encoding_rs::WINDOWS_1252.encode(name);
        b.extend_from_slice(&ansi);
        b.resize(54, b' ');
        b.extend_from_slice(&(name.chars().count() as u16).to_le_bytes());
        for u in name.encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        while b.len() < 165 {
            b.extend_from_slice(&[0x20, 0x00]);
        }
        b.truncate(165);
        b
    }

    fn run(bytes: &[u8], name: &str) -> Recorder {
        let rec = Recorder::default();
        let ctx = Context::new(name, Limits::default());
        LockFileReader
            .inspect(Input::Bytes(bytes), &ctx, &rec)
            .unwrap();
        rec
    }

    #[test]
    fn excel_owner_file_names_the_user() {
        let bytes = excel_owner("Siobhán Ó Néill");
        assert_eq!(sniff_bytes(&bytes, "~$Roster.xlsx"), Format::LockFile);
        let rec = run(&bytes, "~$Roster.xlsx");
        let f = rec.features();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, Kind::LockFile);
        assert_eq!(f[0].sample.as_deref(), Some("Siobhán Ó Néill"));
        assert_eq!(
            rec.texts(),
            vec![(
                Kind::LockFile,
                Some("userName".to_string()),
                "Siobhán Ó Néill".to_string()
            )]
        );
    }

    #[test]
    fn ansi_only_owner_file() {
        let mut b = vec![8u8];
        b.extend_from_slice(b"Jane Doe");
        b.resize(54, b' ');
        let rec = run(&b, "~$a.xlsx");
        assert_eq!(rec.features()[0].sample.as_deref(), Some("Jane Doe"));
    }

    #[test]
    fn garbage_owner_file_is_still_a_lock_file() {
        let rec = run(&[0xFF, 0, 1, 2], "~$a.xlsx");
        let f = rec.features();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, Kind::LockFile);
        assert!(f[0].sample.is_none());
        let rec = run(b"", ".~lock.a.ods#");
        assert_eq!(rec.features().len(), 1);
    }

    #[test]
    fn big_or_container_tilde_files_are_not_lock_files() {
        assert!(!looks_like_lock_file(&[b'a'; 5000], "~$a.xlsx"));
        assert!(!looks_like_lock_file(
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            "~$a.xls"
        ));
        assert!(!looks_like_lock_file(b"\x04Jane", "a.xlsx"));
    }

    #[test]
    fn libreoffice_lock_file() {
        let line =
            b"Jane Doe,WS-0042,jdoe,17.03.2024 10:15,file:///home/jdoe/.config/libreoffice/4;";
        assert_eq!(sniff_bytes(line, ".~lock.Roster.ods#"), Format::LockFile);
        let rec = run(line, ".~lock.Roster.ods#");
        assert_eq!(rec.features()[0].sample.as_deref(), Some("Jane Doe"));
        let texts = rec.texts();
        assert!(texts.contains(&(Kind::LockFile, Some("userName".into()), "Jane Doe".into())));
        assert!(texts.contains(&(Kind::LockFile, Some("host".into()), "WS-0042".into())));
        assert!(texts.contains(&(Kind::LockFile, Some("systemUser".into()), "jdoe".into())));
        // No full name: the system user stands in.
        let rec = run(
            b",WS-0042,jdoe,17.03.2024 10:15,file:///x;",
            ".~lock.b.ods#",
        );
        assert_eq!(rec.features()[0].sample.as_deref(), Some("jdoe"));
    }
}
