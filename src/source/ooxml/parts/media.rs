//! Images and other media (`xl/media/*`, the document thumbnail): one
//! `image` feature each, and the text of their metadata (EXIF, XMP, PNG
//! text chunks), which can name the photographer or the person shown.

use super::{Out, PartCtx, embeddings, unknown};
use crate::finding::Kind;
use crate::model::Feature;
use crate::source::Result;

/// `variant`: `picture`, `thumbnail` or `media` (audio, video).
pub(super) fn image(
    part: &PartCtx<'_>,
    bytes: &[u8],
    out: &Out<'_>,
    variant: &'static str,
) -> Result<()> {
    if embeddings::is_container(bytes) {
        // Named as an image, but a zip or compound file: treat it as embedded.
        embeddings::container(part, bytes, out, part.name);
        return Ok(());
    }
    for seg in metadata(bytes) {
        if let Some(xmp) = seg.strip_prefix(b"http://ns.adobe.com/xap/1.0/\0".as_slice()) {
            for t in unknown::lenient_text(xmp) {
                out.text(Kind::Image, Some("image_metadata"), true, &t);
            }
        } else {
            out.binary_strings(Kind::Image, "image_metadata", seg);
        }
    }
    let msg = match variant {
        "thumbnail" => "A thumbnail picture of the first sheet is saved with the file.",
        "media" => "An audio or video file is embedded.",
        _ => "A picture (check for photos of people, signatures, scanned documents).",
    };
    out.feature(Feature::new(Kind::Image, out.loc.clone(), msg).variant(variant));
    Ok(())
}

/// Metadata segments of a JPEG (APP1 EXIF/XMP, APP13, comments) or PNG
/// (text chunks, EXIF). Other formats have none we read.
fn metadata(b: &[u8]) -> Vec<&[u8]> {
    let mut segs = Vec::new();
    if b.starts_with(&[0xFF, 0xD8]) {
        let mut i = 2;
        while i + 4 <= b.len() && b[i] == 0xFF {
            let marker = b[i + 1];
            if marker == 0xDA || marker == 0xD9 {
                break;
            }
            if marker == 0xFF || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
                i += if marker == 0xFF { 1 } else { 2 };
                continue;
            }
            let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
            let Some(body) = b.get(i + 4..i + 2 + len.max(2)) else {
                break;
            };
            if matches!(marker, 0xE1 | 0xED | 0xFE) {
                segs.push(body);
            }
            i += 2 + len.max(2);
        }
    } else if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        let mut i = 8;
        while i + 8 <= b.len() {
            let len = u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as usize;
            let kind = &b[i + 4..i + 8];
            let Some(body) = i.checked_add(8 + len).and_then(|end| b.get(i + 8..end)) else {
                break;
            };
            if matches!(kind, b"tEXt" | b"iTXt" | b"eXIf") {
                segs.push(body);
            }
            if kind == b"IEND" {
                break;
            }
            i += 12 + len;
        }
    }
    segs
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::finding::Kind;

    #[test]
    fn picture_with_exif_artist() {
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1];
        let body = b"Exif\0\0MM\0*\0\0\0\x08Artist: Jane Doe\0";
        jpeg.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
        jpeg.extend_from_slice(body);
        jpeg.extend_from_slice(&[0xFF, 0xDA, 0, 2, 0x12, 0x34, 0xFF, 0xD9]);
        let rec = Recorder::default();
        run(
            &rec,
            "xl/media/image1.jpeg",
            Some("image/jpeg"),
            Some(&rel("image")),
            &jpeg,
        )
        .unwrap();
        let f = rec.of_kind(Kind::Image);
        assert_eq!((f.len(), f[0].variant, f[0].count), (1, Some("picture"), 1));
        assert!(rec.has_text_field("Artist: Jane Doe", "image_metadata"));
    }

    #[test]
    fn png_text_chunk_and_thumbnail_variant() {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let text = b"Author\0John Roe";
        png.extend_from_slice(&(text.len() as u32).to_be_bytes());
        png.extend_from_slice(b"tEXt");
        png.extend_from_slice(text);
        png.extend_from_slice(&[0, 0, 0, 0]);
        png.extend_from_slice(&[0, 0, 0, 0]);
        png.extend_from_slice(b"IEND");
        png.extend_from_slice(&[0, 0, 0, 0]);
        let rec = Recorder::default();
        let thumb =
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail";
        run(
            &rec,
            "docProps/thumbnail.png",
            Some("image/png"),
            Some(thumb),
            &png,
        )
        .unwrap();
        assert_eq!(rec.of_kind(Kind::Image)[0].variant, Some("thumbnail"));
        assert!(rec.has_text("John Roe"));
    }

    #[test]
    fn truncated_image_never_panics() {
        for b in [
            &b"\xFF\xD8\xFF\xE1\xFF\xFF"[..],
            b"\x89PNG\r\n\x1a\n\xff\xff\xff\xfftEXt",
            b"\xFF\xD8\xFF",
        ] {
            let rec = Recorder::default();
            run(&rec, "xl/media/x", Some("image/jpeg"), None, b).unwrap();
            assert_eq!(rec.of_kind(Kind::Image).len(), 1);
        }
    }
}
