//! VBA projects ([MS-OVBA]): module source text, decompressed with bounds.
//! Used for `_VBA_PROJECT_CUR` in xls and `vbaProject.bin` in xlsm/xlsb.

use super::text::decode_cp;

/// Most bytes one decompressed container may grow to.
const MAX_OUT: usize = 64 << 20;

/// Decompress an MS-OVBA compressed container (2.4.1). `None` when it is
/// malformed or grows past the bound.
///
/// ```
/// use foiguard::source::xls::vba::decompress;
/// // signature, chunk header (compressed, 4 bytes of tokens), flag byte 0, "abc"
/// let c = [0x01, 0x03, 0xB0, 0x00, b'a', b'b', b'c'];
/// assert_eq!(decompress(&c).unwrap(), b"abc");
/// ```
pub fn decompress(src: &[u8]) -> Option<Vec<u8>> {
    if src.first() != Some(&0x01) {
        return None;
    }
    let mut out: Vec<u8> = Vec::new();
    let mut i = 1usize;
    while i < src.len() {
        let header = u16::from_le_bytes(src.get(i..i + 2)?.try_into().ok()?);
        let size = (header & 0x0FFF) as usize + 3; // bytes including the header
        if (header >> 12) & 0x7 != 0b011 {
            return None;
        }
        let chunk_end = (i + size).min(src.len());
        let compressed = header & 0x8000 != 0;
        i += 2;
        let start = out.len();
        if !compressed {
            let raw = src.get(i..(i + 4096).min(src.len()))?;
            out.extend_from_slice(raw);
            i += raw.len();
        } else {
            while i < chunk_end {
                let flags = *src.get(i)?;
                i += 1;
                for bit in 0..8 {
                    if i >= chunk_end {
                        break;
                    }
                    if flags & (1 << bit) == 0 {
                        out.push(*src.get(i)?);
                        i += 1;
                    } else {
                        let token = u16::from_le_bytes(src.get(i..i + 2)?.try_into().ok()?);
                        i += 2;
                        let done = out.len() - start;
                        let mut bits = 4u32;
                        while (1usize << bits) < done {
                            bits += 1;
                        }
                        let bits = bits.min(12);
                        let len_mask = 0xFFFFu16 >> bits;
                        let len = (token & len_mask) as usize + 3;
                        let off = (token >> (16 - bits)) as usize + 1;
                        if off > done {
                            return None;
                        }
                        for _ in 0..len {
                            let b = *out.get(out.len() - off)?;
                            out.push(b);
                        }
                    }
                    if out.len() - start > 4096 {
                        return None;
                    }
                }
            }
        }
        if out.len() > MAX_OUT {
            return None;
        }
    }
    Some(out)
}

/// One module: its name and source text.
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    pub name: String,
    pub stream: String,
    pub source: String,
}

/// Read the modules listed in the decompressed `dir` stream. `read` fetches
/// a stream of the `VBA` storage by name. `None` when `dir` is malformed.
pub fn modules(
    dir_compressed: &[u8],
    read: &mut dyn FnMut(&str) -> Option<Vec<u8>>,
) -> Option<Vec<Module>> {
    let dir = decompress(dir_compressed)?;
    let mut i = 0usize;
    let mut cp: u16 = 1252;
    let mut out = Vec::new();
    let mut name = String::new();
    let mut stream = String::new();
    let mut offset: u32 = 0;
    while i + 6 <= dir.len() {
        let id = u16::from_le_bytes(dir.get(i..i + 2)?.try_into().ok()?);
        let mut size = u32::from_le_bytes(dir.get(i + 2..i + 6)?.try_into().ok()?) as usize;
        if id == 0x0009 {
            // PROJECTVERSION: its size field says 4 but 6 bytes follow.
            size = 6;
        }
        let data = dir.get(i + 6..(i + 6).checked_add(size)?)?;
        i += 6 + size;
        match id {
            0x0003 => cp = u16::from_le_bytes(data.get(..2)?.try_into().ok()?),
            0x0019 => name = decode_cp(data, cp),
            0x001A => stream = decode_cp(data, cp),
            0x0031 => offset = u32::from_le_bytes(data.get(..4)?.try_into().ok()?),
            0x002B => {
                // End of one module.
                let source = read(&stream)
                    .and_then(|s| s.get(offset as usize..).and_then(decompress))
                    .map(|b| decode_cp(&b, cp))
                    .unwrap_or_default();
                out.push(Module {
                    name: std::mem::take(&mut name),
                    stream: std::mem::take(&mut stream),
                    source,
                });
            }
            0x0010 => break, // dir stream terminator
            _ => {}
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An uncompressed-in-spirit container: literal tokens only.
    pub(crate) fn compress_literal(data: &[u8]) -> Vec<u8> {
        let mut out = vec![0x01];
        for chunk in data.chunks(4096) {
            let mut body = Vec::new();
            for group in chunk.chunks(8) {
                body.push(0);
                body.extend_from_slice(group);
            }
            let header = 0xB000u16 | ((body.len() + 2 - 3) as u16 & 0x0FFF);
            out.extend(header.to_le_bytes());
            out.extend(body);
        }
        out
    }

    #[test]
    fn decompresses_copy_tokens() {
        // "abcabcabc": literals a b c, then a copy token (offset 3, length 6).
        let bits = 4u32; // after 3 bytes decompressed
        let token: u16 = ((3 - 1) << (16 - bits)) | (6 - 3);
        let mut body = vec![0b0000_1000, b'a', b'b', b'c'];
        body.extend(token.to_le_bytes());
        let mut c = vec![0x01];
        c.extend((0xB000u16 | (body.len() as u16 + 2 - 3)).to_le_bytes());
        c.extend(body);
        assert_eq!(decompress(&c).unwrap(), b"abcabcabc");
    }

    #[test]
    fn rejects_bad_offsets_and_signature() {
        let token: u16 = (9 << 12) | 1;
        let mut body = vec![0b0000_0001];
        body.extend(token.to_le_bytes());
        let mut c = vec![0x01];
        c.extend((0xB000u16 | (body.len() as u16 + 2 - 3)).to_le_bytes());
        c.extend(body);
        assert!(decompress(&c).is_none());
        assert!(decompress(&[0x02, 0, 0]).is_none());
    }

    #[test]
    fn reads_module_source() {
        let mut dir = Vec::new();
        let rec = |dir: &mut Vec<u8>, id: u16, data: &[u8]| {
            dir.extend(id.to_le_bytes());
            dir.extend((data.len() as u32).to_le_bytes());
            dir.extend(data);
        };
        rec(&mut dir, 0x0003, &1252u16.to_le_bytes());
        rec(&mut dir, 0x0019, b"Module1");
        rec(&mut dir, 0x001A, b"Module1");
        rec(&mut dir, 0x0031, &4u32.to_le_bytes());
        rec(&mut dir, 0x002B, &[]);
        rec(&mut dir, 0x0010, &[]);
        let dir = compress_literal(&dir);
        let mut module = vec![0xAA; 4];
        module.extend(compress_literal(
            b"Sub X()\r\nMsgBox \"Jane Doe\"\r\nEnd Sub",
        ));
        let mods = modules(&dir, &mut |n| (n == "Module1").then(|| module.clone())).unwrap();
        assert_eq!(mods.len(), 1);
        assert_eq!(mods[0].name, "Module1");
        assert!(mods[0].source.contains("Jane Doe"));
    }
}
