//! Macros and controls: the VBA project (`vbaProject.bin`, a compound file
//! whose module streams are compressed as in MS-OVBA), its signature,
//! ActiveX controls and ribbon customisations.
//!
//! The VBA reader is our own (bounded, never panics) rather than calamine's,
//! which asserts on malformed input.

use std::io::{Cursor, Read};

use encoding_rs::Encoding;

use super::{Out, PartCtx, unknown};
use crate::finding::Kind;
use crate::model::Feature;
use crate::numbers::thousands;
use crate::source::{Limits, Result};

/// `vbaProject.bin`: one `macro` feature; each module's source as text.
pub(super) fn project(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    let modules = match read_vba(bytes, &part.ctx.limits) {
        Ok(p) => {
            for (name, source) in &p.modules {
                out.text(Kind::Macro, Some("vba_module_name"), true, name);
                out.text(Kind::Macro, Some("vba_module"), true, source);
            }
            for data in &p.other_streams {
                out.binary_strings(Kind::Macro, "vba_form", data);
            }
            p.modules.len()
        }
        Err(e) => {
            out.incomplete(&format!("the VBA project cannot be read: {e}"));
            0
        }
    };
    out.feature(
        Feature::new(
            Kind::Macro,
            out.loc.clone(),
            format!("A VBA macro project with {modules} code modules: code can hide, fetch or send data.", modules = thousands(modules as u64)),
        )
        .variant("vba")
        .count(modules.max(1) as u64),
    );
    Ok(())
}

/// The VBA project's digital signature: the signer's certificate names.
pub(super) fn signature(_part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) {
    out.binary_strings(Kind::Macro, "vba_signature", bytes);
}

/// An ActiveX control's properties (`activeX*.xml`).
pub(super) fn activex(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    unknown::xml_text(part, bytes, out, Kind::Macro, true)?;
    out.feature(
        Feature::new(
            Kind::Macro,
            out.loc.clone(),
            "An ActiveX control: controls can run code when the file is opened or used.",
        )
        .variant("activex"),
    );
    Ok(())
}

/// An ActiveX control's persisted state (binary): its strings.
pub(super) fn activex_bin(_part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) {
    out.binary_strings(Kind::Macro, "activex", bytes);
}

/// A ribbon customisation (`customUI/customUI*.xml`): labels and callbacks.
pub(super) fn custom_ui(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    unknown::xml_text(part, bytes, out, Kind::Macro, true).map(|_| ())
}

/// What a VBA project holds.
pub(crate) struct VbaProject {
    /// (module name, source code)
    pub modules: Vec<(String, String)>,
    /// Streams outside the `VBA` storage (user forms, `PROJECT`).
    pub other_streams: Vec<Vec<u8>>,
}

/// Read every module's source from a VBA project compound file (a
/// `vbaProject.bin`, or an xls holding `_VBA_PROJECT_CUR`).
pub(crate) fn read_vba(bytes: &[u8], limits: &Limits) -> std::result::Result<VbaProject, String> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| format!("not a compound file: {e}"))?;
    let streams: Vec<String> = cf
        .walk()
        .filter(|e| e.is_stream())
        .map(|e| e.path().to_string_lossy().replace('\\', "/"))
        .collect();
    if streams.len() > limits.max_parts {
        return Err(format!(
            "more than {} streams",
            thousands(limits.max_parts as u64)
        ));
    }
    let dir_path = streams
        .iter()
        .find(|s| s.to_ascii_lowercase().ends_with("vba/dir"))
        .ok_or("no VBA/dir stream")?
        .clone();
    let storage = dir_path
        .get(..dir_path.len() - 4)
        .unwrap_or("/")
        .to_string();
    let max = limits.max_part_bytes.min(usize::MAX as u64) as usize;
    let dir = decompress(&read(&mut cf, &dir_path, max)?, max)?;
    let (codepage, mods) = parse_dir(&dir)?;
    let enc = codepage_encoding(codepage);
    let mut modules = Vec::new();
    for m in mods {
        let path = format!("{storage}/{}", m.stream);
        let data = read(&mut cf, &path, max).map_err(|e| format!("module {}: {e}", m.name))?;
        let code = data.get(m.offset as usize..).ok_or_else(|| {
            format!(
                "module {}: source offset past the end of its stream",
                m.name
            )
        })?;
        let text = if code.is_empty() {
            Vec::new()
        } else {
            decompress(code, max).map_err(|e| format!("module {}: {e}", m.name))?
        };
        modules.push((
            m.name,
            enc.decode_without_bom_handling(&text).0.into_owned(),
        ));
    }
    let storage_prefix = format!("{}/", storage.to_ascii_lowercase());
    let mut other_streams = Vec::new();
    for s in &streams {
        let lower = s.to_ascii_lowercase();
        if lower.starts_with(&storage_prefix) || lower.ends_with("/projectwm") {
            continue;
        }
        other_streams.push(read(&mut cf, s, max)?);
    }
    Ok(VbaProject {
        modules,
        other_streams,
    })
}

fn read(
    cf: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    path: &str,
    max: usize,
) -> std::result::Result<Vec<u8>, String> {
    let mut s = cf.open_stream(path).map_err(|e| format!("{path}: {e}"))?;
    let mut buf = Vec::new();
    (&mut s)
        .take(max as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("{path}: {e}"))?;
    if buf.len() > max {
        return Err(format!(
            "{path} is larger than {max} bytes",
            max = thousands(max as u64)
        ));
    }
    Ok(buf)
}

struct ModuleRec {
    name: String,
    stream: String,
    offset: u32,
}

/// Walk the `dir` stream records (MS-OVBA 2.3.4.2): the code page and each
/// module's name, stream name and source offset.
fn parse_dir(d: &[u8]) -> std::result::Result<(u16, Vec<ModuleRec>), String> {
    let mut pos = 0usize;
    let mut codepage = 1252u16;
    let mut mods = Vec::new();
    let mut cur: Option<ModuleRec> = None;
    let utf16 = |b: &[u8]| {
        let u: Vec<u16> = b
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&u)
    };
    while pos + 6 <= d.len() {
        let id = u16::from_le_bytes([d[pos], d[pos + 1]]);
        let size = u32::from_le_bytes([d[pos + 2], d[pos + 3], d[pos + 4], d[pos + 5]]) as usize;
        pos += 6;
        if id == 0x0009 {
            // PROJECTVERSION: the size field is a reserved 4, then 6 bytes.
            pos += 6;
            continue;
        }
        let data = pos
            .checked_add(size)
            .and_then(|end| d.get(pos..end))
            .ok_or_else(|| format!("dir record 0x{id:04X} runs past the end"))?;
        pos += size;
        let enc = codepage_encoding(codepage);
        match id {
            0x0003 if data.len() >= 2 => codepage = u16::from_le_bytes([data[0], data[1]]),
            0x0019 => {
                if let Some(m) = cur.take() {
                    mods.push(m);
                }
                cur = Some(ModuleRec {
                    name: enc.decode_without_bom_handling(data).0.into_owned(),
                    stream: String::new(),
                    offset: 0,
                });
            }
            0x0047 => {
                if let Some(m) = cur.as_mut() {
                    m.name = utf16(data);
                }
            }
            0x001A => {
                if let Some(m) = cur.as_mut() {
                    m.stream = enc.decode_without_bom_handling(data).0.into_owned();
                }
            }
            0x0032 => {
                if let Some(m) = cur.as_mut()
                    && !data.is_empty()
                {
                    m.stream = utf16(data);
                }
            }
            0x0031 if data.len() >= 4 => {
                if let Some(m) = cur.as_mut() {
                    m.offset = u32::from_le_bytes([data[0], data[1], data[2], data[3]]);
                }
            }
            0x002B => {
                if let Some(m) = cur.take() {
                    mods.push(m);
                }
            }
            0x0010 => break,
            _ => {}
        }
    }
    if let Some(m) = cur.take() {
        mods.push(m);
    }
    if let Some(m) = mods.iter().find(|m| m.stream.is_empty()) {
        return Err(format!("module {} has no stream name", m.name));
    }
    Ok((codepage, mods))
}

/// MS-OVBA 2.4.1 decompression of a compressed container.
pub(crate) fn decompress(src: &[u8], max_out: usize) -> std::result::Result<Vec<u8>, String> {
    let (&sig, mut rest) = src.split_first().ok_or("empty compressed container")?;
    if sig != 1 {
        return Err(format!("bad compressed-container signature 0x{sig:02X}"));
    }
    let mut out: Vec<u8> = Vec::new();
    while rest.len() >= 2 {
        let header = u16::from_le_bytes([rest[0], rest[1]]);
        if (header >> 12) & 0x7 != 0b011 {
            return Err("bad chunk signature".into());
        }
        let size = (header & 0x0FFF) as usize + 3;
        let end = size.min(rest.len());
        let data = &rest[2..end];
        let start = out.len();
        if header & 0x8000 == 0 {
            out.extend_from_slice(data);
        } else {
            let mut i = 0;
            while i < data.len() {
                let flags = data[i];
                i += 1;
                for bit in 0..8 {
                    if i >= data.len() {
                        break;
                    }
                    if flags & (1 << bit) == 0 {
                        out.push(data[i]);
                        i += 1;
                        continue;
                    }
                    let token = u16::from_le_bytes([
                        data[i],
                        *data.get(i + 1).ok_or("truncated copy token")?,
                    ]);
                    i += 2;
                    let diff = out.len() - start;
                    let mut bits = 4u32;
                    while (1usize << bits) < diff {
                        bits += 1;
                    }
                    if diff == 0 || bits > 12 {
                        return Err("copy token outside its chunk".into());
                    }
                    let length_mask = 0xFFFFu16 >> bits;
                    let length = (token & length_mask) as usize + 3;
                    let offset = ((token & !length_mask) >> (16 - bits)) as usize + 1;
                    if offset > diff {
                        return Err("copy token points before its chunk".into());
                    }
                    for _ in 0..length {
                        let b = *out
                            .get(out.len() - offset)
                            .ok_or("copy token out of range")?;
                        out.push(b);
                    }
                }
                if out.len() - start > 4096 {
                    return Err("a chunk decompresses to more than 4096 bytes".into());
                }
            }
        }
        if out.len() > max_out {
            return Err(format!(
                "decompresses to more than {max_out} bytes",
                max_out = thousands(max_out as u64)
            ));
        }
        rest = &rest[end..];
    }
    Ok(out)
}

/// The text encoding of a Windows code page (Western European by default).
fn codepage_encoding(cp: u16) -> &'static Encoding {
    let label = match cp {
        874 => "windows-874",
        932 => "shift_jis",
        936 => "gbk",
        949 => "euc-kr",
        950 => "big5",
        866 => "ibm866",
        1250..=1258 => {
            return Encoding::for_label(format!("windows-{cp}").as_bytes())
                .unwrap_or(encoding_rs::WINDOWS_1252);
        }
        10000 => "macintosh",
        20866 => "koi8-r",
        28591..=28606 => {
            return Encoding::for_label(format!("iso-8859-{}", cp - 28590).as_bytes())
                .unwrap_or(encoding_rs::WINDOWS_1252);
        }
        65001 => "utf-8",
        _ => "windows-1252",
    };
    Encoding::for_label(label.as_bytes()).unwrap_or(encoding_rs::WINDOWS_1252)
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use super::super::testkit::*;
    use super::*;

    /// MS-OVBA compression with literal tokens only (valid, just not small).
    pub fn compress_literal(data: &[u8]) -> Vec<u8> {
        let mut out = vec![1u8];
        for chunk in data.chunks(4096) {
            let mut body = Vec::new();
            for group in chunk.chunks(8) {
                body.push(0u8);
                body.extend_from_slice(group);
            }
            let header = 0xB000u16 | ((body.len() + 2 - 3) as u16 & 0x0FFF);
            out.extend_from_slice(&header.to_le_bytes());
            out.extend_from_slice(&body);
        }
        out
    }

    fn rec(id: u16, data: &[u8]) -> Vec<u8> {
        let mut v = id.to_le_bytes().to_vec();
        v.extend_from_slice(&(data.len() as u32).to_le_bytes());
        v.extend_from_slice(data);
        v
    }

    /// A minimal vbaProject.bin with one module.
    pub fn vba_project(module: &str, source: &str) -> Vec<u8> {
        let mut dir = Vec::new();
        dir.extend(rec(0x0001, &1u32.to_le_bytes()));
        dir.extend(rec(0x0003, &1252u16.to_le_bytes()));
        // PROJECTVERSION: reserved 4, then 6 bytes.
        dir.extend_from_slice(&0x0009u16.to_le_bytes());
        dir.extend_from_slice(&4u32.to_le_bytes());
        dir.extend_from_slice(&[1, 0, 0, 0, 2, 0]);
        dir.extend(rec(0x000F, &1u16.to_le_bytes()));
        dir.extend(rec(0x0019, module.as_bytes()));
        dir.extend(rec(0x001A, module.as_bytes()));
        let uni: Vec<u8> = module
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        dir.extend(rec(0x0032, &uni));
        dir.extend(rec(0x0031, &3u32.to_le_bytes()));
        dir.extend(rec(0x0021, &[]));
        dir.extend(rec(0x002B, &[]));
        dir.extend(rec(0x0010, &[]));
        let mut module_stream = vec![0xAA, 0xBB, 0xCC];
        module_stream.extend(compress_literal(source.as_bytes()));
        let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        cf.create_storage("/VBA").unwrap();
        cf.create_stream("/VBA/dir")
            .unwrap()
            .write_all(&compress_literal(&dir))
            .unwrap();
        cf.create_stream(format!("/VBA/{module}"))
            .unwrap()
            .write_all(&module_stream)
            .unwrap();
        cf.create_stream("/PROJECT")
            .unwrap()
            .write_all(format!("Module={module}\r\nName=\"VBAProject\"\r\n").as_bytes())
            .unwrap();
        cf.flush().unwrap();
        cf.into_inner().into_inner()
    }

    #[test]
    fn decompress_copy_tokens() {
        // "abcabcabc": literals a b c, then a copy token (offset 3, length 6).
        // Flag byte 0b1000 (token 4 is a copy). diff=3 -> 4 bits for offset.
        // token = ((offset-1) << 12) | (length-3) = (2 << 12) | 3
        let token: u16 = (2 << 12) | 3;
        let mut chunk = vec![0b0000_1000u8, b'a', b'b', b'c'];
        chunk.extend_from_slice(&token.to_le_bytes());
        let header = 0xB000u16 | ((chunk.len() + 2 - 3) as u16);
        let mut src = vec![1u8];
        src.extend_from_slice(&header.to_le_bytes());
        src.extend_from_slice(&chunk);
        assert_eq!(decompress(&src, 1 << 20).unwrap(), b"abcabcabc");
    }

    #[test]
    fn decompress_rejects_garbage_without_panicking() {
        for bad in [
            &b""[..],
            b"\x02",
            b"\x01\x00\x00",
            b"\x01\x05\xb0\xff\xff\xff",
            b"\x01\x02\xb0\x01\x00",
        ] {
            assert!(decompress(bad, 1 << 20).is_err(), "{bad:?}");
        }
        // Arbitrary bytes never panic.
        let mut x = 12345u32;
        for _ in 0..2000 {
            let mut v = vec![1u8];
            for _ in 0..40 {
                x = x.wrapping_mul(1103515245).wrapping_add(12345);
                v.push((x >> 16) as u8);
            }
            let _ = decompress(&v, 1 << 20);
            let _ = parse_dir(&v);
        }
    }

    #[test]
    fn vba_module_source_is_text() {
        let bin = vba_project(
            "Module1",
            "Sub Leak()\r\n  ' send to jane.doe@example.gov.uk\r\nEnd Sub\r\n",
        );
        let rec = Recorder::default();
        let r = "http://schemas.microsoft.com/office/2006/relationships/vbaProject";
        run(
            &rec,
            "xl/vbaProject.bin",
            Some("application/vnd.ms-office.vbaProject"),
            Some(r),
            &bin,
        )
        .unwrap();
        let f = rec.of_kind(Kind::Macro);
        assert_eq!((f.len(), f[0].variant, f[0].count), (1, Some("vba"), 1));
        assert!(rec.has_text_field("jane.doe@example.gov.uk", "vba_module"));
        assert!(rec.has_text_field("Module1", "vba_module_name"));
        assert!(rec.incomplete().is_empty(), "{:?}", rec.incomplete());
    }

    #[test]
    fn unreadable_vba_is_still_a_macro_and_incomplete() {
        let rec = Recorder::default();
        run(
            &rec,
            "xl/vbaProject.bin",
            Some("application/vnd.ms-office.vbaProject"),
            None,
            b"not a cfb",
        )
        .unwrap();
        assert_eq!(rec.of_kind(Kind::Macro)[0].variant, Some("vba"));
        assert_eq!(rec.incomplete().len(), 1);
    }

    #[test]
    fn real_xlsm_vba_project_is_read() {
        let path = "/work/shared/corpus/real/rust_xlsxwriter/macro01.xlsm";
        let Ok(file) = std::fs::File::open(path) else {
            return;
        };
        let mut z = ::zip::ZipArchive::new(file).unwrap();
        let mut bin = Vec::new();
        z.by_name("xl/vbaProject.bin")
            .unwrap()
            .read_to_end(&mut bin)
            .unwrap();
        let p = read_vba(&bin, &Limits::default()).unwrap();
        assert!(!p.modules.is_empty());
        assert!(
            p.modules
                .iter()
                .any(|(_, src)| src.contains("Attribute VB_Name")),
            "{:?}",
            p.modules
        );
    }

    #[test]
    fn activex_control_is_a_macro() {
        let rec = Recorder::default();
        let xml = br#"<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" ax:classid="{8BD21D40-EC42-11CE-9E0D-00AA006002F3}" ax:persistence="persistStorage"/>"#;
        run(
            &rec,
            "xl/activeX/activeX1.xml",
            Some("application/vnd.ms-office.activeX+xml"),
            None,
            xml,
        )
        .unwrap();
        assert_eq!(rec.of_kind(Kind::Macro)[0].variant, Some("activex"));
    }
}
