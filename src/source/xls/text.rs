//! Small text helpers shared by the binary readers: code pages, Latin-1,
//! UTF-16 and "printable runs" pulled out of opaque bytes.

use encoding_rs::Encoding;

/// The encoding for a Windows code page number (as stored by BIFF5
/// CODEPAGE records, property sets and VBA projects). Unknown code pages
/// fall back to windows-1252, which decodes every byte.
pub fn encoding_for_codepage(cp: u16) -> &'static Encoding {
    let label: String = match cp {
        874 => "windows-874".into(),
        932 => "shift_jis".into(),
        936 => "gbk".into(),
        949 => "euc-kr".into(),
        950 => "big5".into(),
        1200 => "utf-16le".into(),
        1201 => "utf-16be".into(),
        1250..=1258 => format!("windows-{cp}"),
        10000 | 32768 => "macintosh".into(),
        20866 => "koi8-r".into(),
        21866 => "koi8-u".into(),
        28591 => "windows-1252".into(),
        28592..=28606 => format!("iso-8859-{}", cp - 28590),
        65001 => "utf-8".into(),
        _ => "windows-1252".into(),
    };
    Encoding::for_label(label.as_bytes()).unwrap_or(encoding_rs::WINDOWS_1252)
}

/// Decode 8-bit text in a code page.
pub fn decode_cp(bytes: &[u8], cp: u16) -> String {
    encoding_for_codepage(cp)
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

/// Append Latin-1 bytes (BIFF8 "compressed" UTF-16: high bytes are zero).
pub fn push_latin1(out: &mut String, bytes: &[u8]) {
    out.extend(bytes.iter().map(|&b| b as char));
}

/// Append UTF-16LE code units; unpaired surrogates become U+FFFD.
pub fn push_utf16le(out: &mut String, bytes: &[u8]) {
    let units = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]));
    out.extend(char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')));
}

/// Decode UTF-16LE bytes, stopping at the first NUL.
pub fn utf16le_z(bytes: &[u8]) -> String {
    let mut end = bytes.len() & !1;
    for (i, c) in bytes.chunks_exact(2).enumerate() {
        if c == [0, 0] {
            end = i * 2;
            break;
        }
    }
    let mut s = String::new();
    push_utf16le(&mut s, bytes.get(..end).unwrap_or_default());
    s
}

fn printable(c: char) -> bool {
    !c.is_control() && c != '\u{FFFD}'
}

/// Runs of at least `min` printable characters, read both as 8-bit text
/// (windows-1252) and as UTF-16LE. Used for parts foiguard cannot parse, so
/// that content detectors still see any names or numbers they hold.
///
/// ```
/// use foiguard::source::xls::text::printable_runs;
/// let mut b = b"\x00\x01Jane Doe\x00\x00".to_vec();
/// b.extend("PC 4521".encode_utf16().flat_map(|u| u.to_le_bytes()));
/// let runs = printable_runs(&b, 4);
/// assert!(runs.contains(&"Jane Doe".to_string()));
/// assert!(runs.contains(&"PC 4521".to_string()));
/// ```
pub fn printable_runs(bytes: &[u8], min: usize) -> Vec<String> {
    let mut runs = Vec::new();
    // 8-bit runs: ASCII printable plus Latin-1 letters.
    let mut cur = String::new();
    let flush = |cur: &mut String, runs: &mut Vec<String>| {
        if cur.trim().chars().count() >= min {
            runs.push(cur.trim().to_string());
        }
        cur.clear();
    };
    for &b in bytes {
        let c = b as char;
        if (0x20..0x7F).contains(&b) || b == b'\t' || (b >= 0xC0) {
            cur.push(c);
        } else {
            flush(&mut cur, &mut runs);
        }
    }
    flush(&mut cur, &mut runs);
    // UTF-16LE runs at both alignments.
    for start in 0..2usize {
        let Some(slice) = bytes.get(start..) else {
            continue;
        };
        let mut cur = String::new();
        for c in slice.chunks_exact(2) {
            let u = u16::from_le_bytes([c[0], c[1]]);
            let ch = char::from_u32(u as u32).filter(|&ch| printable(ch) && u >= 0x20);
            // Pure ASCII-in-UTF-16 or any non-Latin letter counts; a byte
            // pair of two printable ASCII bytes is 8-bit text, not UTF-16.
            let ascii_pair = c[0] >= 0x20 && c[1] >= 0x20 && c[0] < 0x7F && c[1] < 0x7F;
            match ch {
                Some(ch) if !ascii_pair => cur.push(ch),
                _ => flush(&mut cur, &mut runs),
            }
        }
        flush(&mut cur, &mut runs);
    }
    runs
}

/// True when every byte is zero (padding).
pub fn all_zero(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| b == 0)
}
