//! Builders for the hostile-files set: zip bombs made without inflating
//! anything (a deflate segment compressed once and repeated), a raw zip
//! writer that can make entries share their compressed bytes, and the other
//! broken or misleading files `tests/hostile.rs` scans.
//!
//! A bomb is never written by streaming gigabytes through a compressor (that
//! takes tens of seconds): a segment compressed from a fresh state and ended
//! with a sync flush decodes to the same bytes wherever it is placed, so the
//! segment is simply repeated, and the CRC of the repetition is computed
//! with crc32 combination.
#![allow(dead_code)]

use std::io::Write;

use flate2::Compression;
use flate2::write::DeflateEncoder;

use crate::support::fixtures::*;

pub const MIB: u64 = 1 << 20;

const CT_SHARED_STRINGS: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml";
const CT_WORKSHEET: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const REL_SHARED_STRINGS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings";
const REL_WORKSHEET: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";

/// A CRC-32 (zip's) with the length it covers, combinable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Crc {
    pub crc: u32,
    pub len: u64,
}

impl Crc {
    pub const EMPTY: Crc = Crc { crc: 0, len: 0 };

    pub fn of(data: &[u8]) -> Crc {
        let mut c = flate2::Crc::new();
        c.update(data);
        Crc {
            crc: c.sum(),
            len: data.len() as u64,
        }
    }

    /// The CRC of `self`'s bytes followed by `next`'s bytes.
    pub fn then(self, next: Crc) -> Crc {
        Crc {
            crc: crc32_combine(self.crc, next.crc, next.len),
            len: self.len + next.len,
        }
    }

    /// The CRC of `self`'s bytes repeated `times` times.
    pub fn repeat(self, mut times: u64) -> Crc {
        let mut out = Crc::EMPTY;
        let mut base = self;
        while times > 0 {
            if times & 1 == 1 {
                out = out.then(base);
            }
            base = base.then(base);
            times >>= 1;
        }
        out
    }
}

fn gf2_times(mat: &[u32; 32], mut vec: u32) -> u32 {
    let mut sum = 0;
    let mut i = 0;
    while vec != 0 {
        if vec & 1 != 0 {
            sum ^= mat[i];
        }
        vec >>= 1;
        i += 1;
    }
    sum
}

fn gf2_square(square: &mut [u32; 32], mat: &[u32; 32]) {
    for n in 0..32 {
        square[n] = gf2_times(mat, mat[n]);
    }
}

/// zlib's crc32_combine: the CRC of A then B from crc(A), crc(B), len(B).
fn crc32_combine(crc1: u32, crc2: u32, mut len2: u64) -> u32 {
    if len2 == 0 {
        return crc1;
    }
    let mut even = [0u32; 32];
    let mut odd = [0u32; 32];
    odd[0] = 0xedb8_8320;
    let mut row = 1u32;
    for o in odd.iter_mut().skip(1) {
        *o = row;
        row <<= 1;
    }
    gf2_square(&mut even, &odd);
    gf2_square(&mut odd, &even);
    let mut crc1 = crc1;
    loop {
        gf2_square(&mut even, &odd);
        if len2 & 1 != 0 {
            crc1 = gf2_times(&even, crc1);
        }
        len2 >>= 1;
        if len2 == 0 {
            break;
        }
        gf2_square(&mut odd, &even);
        if len2 & 1 != 0 {
            crc1 = gf2_times(&odd, crc1);
        }
        len2 >>= 1;
        if len2 == 0 {
            break;
        }
    }
    crc1 ^ crc2
}

/// `data` compressed (level 9) from a fresh state and ended with a sync
/// flush: a byte-aligned run of non-final blocks that decodes to `data`
/// wherever it is placed in a deflate stream.
pub fn deflate_segment(data: &[u8]) -> Vec<u8> {
    let mut e = DeflateEncoder::new(Vec::new(), Compression::new(9));
    e.write_all(data).expect("deflate");
    e.flush().expect("sync flush");
    e.get_ref().clone()
}

/// An empty final block (fixed Huffman, end-of-block only).
const FINAL_BLOCK: [u8; 2] = [0x03, 0x00];

/// A compressed entry: raw deflate bytes, CRC and inflated size.
#[derive(Clone, Debug)]
pub struct Deflated {
    pub data: Vec<u8>,
    pub crc: Crc,
}

/// `head`, then `body` repeated `times` times, then `tail`, as one deflate
/// stream, without ever holding the inflated bytes.
pub fn deflate_repeated(head: &[u8], body: &[u8], times: u64, tail: &[u8]) -> Deflated {
    let seg = deflate_segment(body);
    let mut data = Vec::new();
    if !head.is_empty() {
        data.extend(deflate_segment(head));
    }
    let n = usize::try_from(times).expect("times");
    data.reserve(seg.len() * n + 1024);
    for _ in 0..n {
        data.extend_from_slice(&seg);
    }
    if !tail.is_empty() {
        data.extend(deflate_segment(tail));
    }
    data.extend_from_slice(&FINAL_BLOCK);
    let crc = Crc::of(head)
        .then(Crc::of(body).repeat(times))
        .then(Crc::of(tail));
    Deflated { data, crc }
}

/// `bytes` compressed whole (level 6).
pub fn deflate_all(bytes: &[u8]) -> Deflated {
    let mut e = DeflateEncoder::new(Vec::new(), Compression::new(6));
    e.write_all(bytes).expect("deflate");
    Deflated {
        data: e.finish().expect("deflate finish"),
        crc: Crc::of(bytes),
    }
}

/// `size` bytes of zeros, deflated (in 256 KiB segments).
pub fn zeros(size: u64) -> Deflated {
    const SEG: u64 = 256 << 10;
    assert_eq!(size % SEG, 0, "whole segments only");
    deflate_repeated(&[], &[0u8; SEG as usize], size / SEG, &[])
}

struct Central {
    name: String,
    method: u16,
    crc: u32,
    csize: u32,
    usize: u32,
    offset: u32,
}

/// A zip written byte by byte: stored or deflated entries, and extra
/// directory records that point at an existing entry's bytes (overlapping
/// entries, the "42.zip without nesting" trick).
#[derive(Default)]
pub struct RawZip {
    out: Vec<u8>,
    central: Vec<Central>,
}

fn u16le(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_le_bytes());
}
fn u32le(v: &mut Vec<u8>, x: u32) {
    v.extend_from_slice(&x.to_le_bytes());
}

impl RawZip {
    pub fn new() -> RawZip {
        RawZip::default()
    }

    /// Add an entry with already-compressed bytes; returns its index.
    pub fn add_raw(&mut self, name: &str, method: u16, crc: Crc, data: &[u8]) -> usize {
        let offset = u32::try_from(self.out.len()).expect("zip under 4 GiB");
        let csize = u32::try_from(data.len()).expect("entry under 4 GiB");
        let usize = u32::try_from(crc.len).expect("inflated entry under 4 GiB");
        let o = &mut self.out;
        u32le(o, 0x0403_4b50);
        u16le(o, 20);
        u16le(o, 0x0800);
        u16le(o, method);
        u16le(o, 0);
        u16le(o, 0x21);
        u32le(o, crc.crc);
        u32le(o, csize);
        u32le(o, usize);
        u16le(o, name.len() as u16);
        u16le(o, 0);
        o.extend_from_slice(name.as_bytes());
        o.extend_from_slice(data);
        self.central.push(Central {
            name: name.to_string(),
            method,
            crc: crc.crc,
            csize,
            usize,
            offset,
        });
        self.central.len() - 1
    }

    pub fn add_stored(&mut self, name: &str, data: &[u8]) -> usize {
        self.add_raw(name, 0, Crc::of(data), data)
    }

    pub fn add_deflated(&mut self, name: &str, d: &Deflated) -> usize {
        self.add_raw(name, 8, d.crc, &d.data)
    }

    /// Another directory record named `name` for the bytes of entry `idx`.
    pub fn alias(&mut self, idx: usize, name: &str) {
        let c = &self.central[idx];
        let dup = Central {
            name: name.to_string(),
            method: c.method,
            crc: c.crc,
            csize: c.csize,
            usize: c.usize,
            offset: c.offset,
        };
        self.central.push(dup);
    }

    pub fn finish(mut self) -> Vec<u8> {
        let cd_start = self.out.len() as u32;
        let o = &mut self.out;
        for c in &self.central {
            u32le(o, 0x0201_4b50);
            u16le(o, 20);
            u16le(o, 20);
            u16le(o, 0x0800);
            u16le(o, c.method);
            u16le(o, 0);
            u16le(o, 0x21);
            u32le(o, c.crc);
            u32le(o, c.csize);
            u32le(o, c.usize);
            u16le(o, c.name.len() as u16);
            u16le(o, 0);
            u16le(o, 0);
            u16le(o, 0);
            u16le(o, 0);
            u32le(o, 0);
            u32le(o, c.offset);
            o.extend_from_slice(c.name.as_bytes());
        }
        let cd_len = o.len() as u32 - cd_start;
        u32le(o, 0x0605_4b50);
        u16le(o, 0);
        u16le(o, 0);
        u16le(o, self.central.len() as u16);
        u16le(o, self.central.len() as u16);
        u32le(o, cd_len);
        u32le(o, cd_start);
        u16le(o, 0);
        self.out
    }
}

/// Write a package's parts (compressed whole) into a raw zip, `[Content_Types].xml`
/// and `mimetype` first, leaving out the parts in `except`.
pub fn raw_from_package(p: &Package, except: &[&str]) -> RawZip {
    let mut z = RawZip::new();
    let mut entries: Vec<&(String, Vec<u8>)> = p.entries.iter().collect();
    entries.sort_by_key(|(n, _)| !(n == "mimetype" || n == "[Content_Types].xml"));
    for (name, bytes) in entries {
        if except.contains(&name.as_str()) {
            continue;
        }
        if name == "mimetype" {
            z.add_stored(name, bytes);
        } else {
            z.add_deflated(name, &deflate_all(bytes));
        }
    }
    z
}

/// The clean count table with one more part, `name`, holding `part`.
pub fn xlsx_with_part(name: &str, part: &Deflated, content_type: Option<(&str, &str)>) -> Vec<u8> {
    let mut p = Package::open(&clean_counts_xlsx());
    if let Some((ext, ct)) = content_type {
        p.default_type(ext, ct);
    }
    let mut z = raw_from_package(&p, &[name]);
    z.add_deflated(name, part);
    z.finish()
}

/// Flat zip bomb: a valid workbook plus one picture inflating to `mib` MiB
/// of zeros (under 4 GiB, no zip64).
pub fn bomb_flat(mib: u64) -> Vec<u8> {
    xlsx_with_part(
        "xl/media/image1.png",
        &zeros(mib * MIB),
        Some(("png", "image/png")),
    )
}

/// The sheet XML of the clean count table, split around `<sheetData>`'s
/// content so rows can be inserted.
fn clean_sheet_parts() -> (Package, String, String) {
    let p = Package::open(&clean_counts_xlsx());
    let sheet = p.text("xl/worksheets/sheet1.xml");
    let at = sheet.find("</sheetData>").expect("sheetData end");
    (p.clone(), sheet[..at].to_string(), sheet[at..].to_string())
}

/// A well-formed sheet that inflates to about `mib` MiB: the count table
/// followed by the same row of cells, repeated.
pub fn bomb_sheet(mib: u64) -> Vec<u8> {
    let (p, head, tail) = clean_sheet_parts();
    let row = r#"<row><c t="inlineStr"><is><t>Constable</t></is></c><c><v>4521</v></c></row>"#;
    let body = row.repeat((MIB as usize / 4) / row.len());
    let times = mib * MIB / body.len() as u64;
    let d = deflate_repeated(head.as_bytes(), body.as_bytes(), times, tail.as_bytes());
    let mut z = raw_from_package(&p, &["xl/worksheets/sheet1.xml"]);
    z.add_deflated("xl/worksheets/sheet1.xml", &d);
    z.finish()
}

/// A sheet that is one huge run of whitespace inside `<sheetData>` (a single
/// XML text node of `mib` MiB).
pub fn bomb_sheet_whitespace(mib: u64) -> Vec<u8> {
    let (p, head, tail) = clean_sheet_parts();
    let body = vec![b' '; (MIB / 4) as usize];
    let d = deflate_repeated(head.as_bytes(), &body, mib * 4, tail.as_bytes());
    let mut z = raw_from_package(&p, &["xl/worksheets/sheet1.xml"]);
    z.add_deflated("xl/worksheets/sheet1.xml", &d);
    z.finish()
}

/// Shared strings inflating to `mib` MiB: one string, a single huge text.
pub fn bomb_shared_string(mib: u64) -> Vec<u8> {
    let p = Package::open(&clean_counts_xlsx());
    let head = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>"#
    );
    let body = vec![b'a'; (MIB / 4) as usize];
    let d = deflate_repeated(head.as_bytes(), &body, mib * 4, b"</t></si></sst>");
    let mut p = p;
    if !p.contains("xl/sharedStrings.xml") {
        p.override_type("xl/sharedStrings.xml", CT_SHARED_STRINGS);
        p.relate(
            "xl/workbook.xml",
            REL_SHARED_STRINGS,
            "sharedStrings.xml",
            false,
        );
    }
    let mut z = raw_from_package(&p, &["xl/sharedStrings.xml"]);
    z.add_deflated("xl/sharedStrings.xml", &d);
    z.finish()
}

/// Entries sharing their compressed bytes: `copies` directory records all
/// pointing at one sheet that inflates to `mib` MiB.
pub fn bomb_overlapping(mib: u64, copies: usize) -> Vec<u8> {
    let (mut p, head, tail) = clean_sheet_parts();
    let row = r#"<row><c><v>1</v></c></row>"#;
    let body = row.repeat((MIB as usize) / row.len());
    let times = mib * MIB / body.len() as u64;
    let d = deflate_repeated(head.as_bytes(), body.as_bytes(), times, tail.as_bytes());
    let mut extra = Vec::new();
    for i in 2..copies + 2 {
        let name = format!("xl/worksheets/sheet{i}.xml");
        p.override_type(&name, CT_WORKSHEET);
        let rid = p.relate(
            "xl/workbook.xml",
            REL_WORKSHEET,
            &format!("worksheets/sheet{i}.xml"),
            false,
        );
        p.insert_before(
            "xl/workbook.xml",
            "</sheets>",
            &format!(r#"<sheet name="Copy {i}" sheetId="{i}" r:id="{rid}"/>"#),
        );
        extra.push(name);
    }
    let mut z = raw_from_package(&p, &["xl/worksheets/sheet1.xml"]);
    let idx = z.add_deflated("xl/worksheets/sheet1.xml", &d);
    for name in extra {
        z.alias(idx, &name);
    }
    z.finish()
}

/// A zip in a zip: `outer` embeddings, each an xlsx holding a flat bomb of
/// `mib` MiB, stored (not recompressed) in the outer workbook.
pub fn bomb_nested(mib: u64, outer: usize) -> Vec<u8> {
    let inner = bomb_flat(mib);
    let mut p = Package::open(&clean_counts_xlsx());
    p.default_type("xlsx", ct::XLSX);
    let mut names = Vec::new();
    let mut objects = String::new();
    for i in 1..=outer {
        let name = format!("xl/embeddings/Microsoft_Excel_Worksheet{i}.xlsx");
        let rid = p.relate(
            "xl/worksheets/sheet1.xml",
            rel::PACKAGE,
            &format!("../embeddings/Microsoft_Excel_Worksheet{i}.xlsx"),
            false,
        );
        objects.push_str(&format!(
            r#"<oleObject progId="Excel.Sheet.12" shapeId="{}" r:id="{rid}"/>"#,
            1024 + i
        ));
        names.push(name);
    }
    p.insert_before(
        "xl/worksheets/sheet1.xml",
        "</worksheet>",
        &format!("<oleObjects>{objects}</oleObjects>"),
    );
    let mut z = raw_from_package(&p, &[]);
    for name in names {
        z.add_stored(&name, &inner);
    }
    z.finish()
}

/// Billion laughs in a worksheet: a DTD whose entities expand to 10^9 "lol"s.
pub fn billion_laughs_sheet() -> Vec<u8> {
    let mut p = Package::open(&clean_counts_xlsx());
    let sheet = p.text("xl/worksheets/sheet1.xml");
    let mut dtd = String::from("<!DOCTYPE worksheet [<!ENTITY lol \"lol\">");
    dtd.push_str("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">");
    for i in 2..=9 {
        let prev = format!("&lol{};", i - 1);
        dtd.push_str(&format!("<!ENTITY lol{i} \"{}\">", prev.repeat(10)));
    }
    dtd.push_str("]>\n");
    let at = sheet.find("<worksheet").expect("worksheet root");
    let t = format!("{}{}{}", &sheet[..at], dtd, &sheet[at..]);
    let t = t.replacen(
        "<sheetData>",
        "<sheetData><row r=\"99\"><c r=\"A99\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row>",
        1,
    );
    p.put("xl/worksheets/sheet1.xml", t);
    p.to_bytes()
}

/// Shared strings claiming a billion entries (count and uniqueCount lie);
/// the strings really there are the count table's own.
pub fn shared_strings_claim(claim: u64) -> Vec<u8> {
    let mut p = Package::open(&clean_counts_xlsx());
    let sst = p.text("xl/sharedStrings.xml");
    let at = sst.find("<sst").expect("sst root");
    let end = at + sst[at..].find('>').expect("sst tag end");
    let tag = format!(r#"<sst xmlns="{MAIN_NS}" count="{claim}" uniqueCount="{claim}">"#);
    p.put(
        "xl/sharedStrings.xml",
        format!("{}{tag}{}", &sst[..at], &sst[end + 1..]),
    );
    p.to_bytes()
}
