//! Merged ranges of a worksheet, and which cells they cover.
//!
//! Only the top-left cell of a merged range shows; a value stored in any
//! other cell of the range is hidden behind the merge (Excel warns that
//! merging keeps only the upper-left value, but libraries and hand-made
//! files keep them all). An xls sheet's first pass reads its MERGEDCELLS
//! records. In xlsx, `<mergeCells>` comes after `<sheetData>`, so the
//! ranges are found by a quick byte search over the part before the cell
//! pass, which then marks covered cells invisible as it meets them. A big
//! sheet is not read twice ahead: its ranges come at the end of its one pass,
//! and only when it has some is it read again for the covered values
//! (`sheet::read_covered`).
//!
//! ```
//! use foiguard::source::merged::MergedCells;
//! let xml = br#"<worksheet><sheetData/><mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells></worksheet>"#;
//! let mut merged = MergedCells::find(&mut &xml[..]).unwrap();
//! assert!(!merged.covers(0, 0)); // the top-left cell shows
//! assert!(merged.covers(0, 2));
//! assert!(!merged.covers(1, 1));
//! ```

use std::io::BufRead;

use memchr::memmem;

use crate::model::parse_a1;

/// One merged range, rows and columns inclusive, zero-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Range {
    r1: u32,
    c1: u32,
    r2: u32,
    c2: u32,
}

/// The merged ranges of one sheet, asked about cells in (mostly) row order.
#[derive(Clone, Debug, Default)]
pub struct MergedCells {
    /// Sorted by first row.
    ranges: Vec<Range>,
    /// Index into `ranges` of the first range not yet active.
    next: usize,
    /// Ranges spanning `row`, sorted by first column.
    active: Vec<Range>,
    row: Option<u32>,
}

/// Longest tag looked at after `mergeCell` before giving up on it.
const MAX_TAG: usize = 512;
/// Bytes kept before a hit to see its `<` and namespace prefix.
const MAX_PREFIX: usize = 64;

impl MergedCells {
    /// Every `<mergeCell ref="...">` in a sheet part (any namespace prefix).
    pub fn find(reader: &mut dyn BufRead) -> std::io::Result<MergedCells> {
        let finder = memmem::Finder::new(b"mergeCell");
        let mut window: Vec<u8> = Vec::new();
        let mut ranges = Vec::new();
        // Where the next search starts in `window`.
        let mut from = 0;
        loop {
            let chunk = reader.fill_buf()?;
            if chunk.is_empty() {
                break;
            }
            let n = chunk.len();
            window.extend_from_slice(chunk);
            reader.consume(n);
            let mut pos = from;
            let mut cut_tag = None;
            while let Some(i) = finder.find(&window[pos..]) {
                let at = pos + i;
                let tag_end = window[at..].iter().take(MAX_TAG).position(|&b| b == b'>');
                match tag_end {
                    Some(j) => {
                        if let Some(r) = element_range(&window, at, at + j) {
                            ranges.push(r);
                        }
                        pos = at + j;
                    }
                    // The tag goes on in the next chunk.
                    None if window.len() - at < MAX_TAG => {
                        cut_tag = Some(at);
                        break;
                    }
                    None => pos = at + 9,
                }
            }
            // A name cut by the chunk end starts in its last 8 bytes.
            let resume = cut_tag.unwrap_or(pos.max(window.len().saturating_sub(8)));
            let keep = resume.saturating_sub(MAX_PREFIX);
            window.drain(..keep);
            from = resume - keep;
        }
        Ok(Self::from_ranges(ranges))
    }

    /// From ranges already read, as (first row, first column, last row, last
    /// column), zero-based and inclusive.
    pub fn from_tuples(ranges: &[(u32, u32, u32, u32)]) -> MergedCells {
        let ranges = ranges
            .iter()
            .map(|&(r1, c1, r2, c2)| Range { r1, c1, r2, c2 })
            .filter(|r| r.r1 != r.r2 || r.c1 != r.c2)
            .collect();
        Self::from_ranges(ranges)
    }

    fn from_ranges(mut ranges: Vec<Range>) -> MergedCells {
        ranges.sort_by_key(|r| (r.r1, r.c1));
        MergedCells {
            ranges,
            ..Default::default()
        }
    }

    /// No merged range covers more than its own top-left cell.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// True when the cell lies in a merged range and is not its top-left
    /// cell. Cheapest when asked in row order, as sheet XML stores cells.
    pub fn covers(&mut self, row: u32, col: u32) -> bool {
        if self.ranges.is_empty() {
            return false;
        }
        if self.row != Some(row) {
            self.seek(row);
        }
        let i = self.active.partition_point(|m| m.c1 <= col);
        i > 0 && {
            let m = self.active[i - 1];
            col <= m.c2 && (row, col) != (m.r1, m.c1)
        }
    }

    fn seek(&mut self, row: u32) {
        if self.row.is_some_and(|r| row < r) {
            self.next = 0;
            self.active.clear();
        }
        let before = self.active.len();
        while let Some(&m) = self.ranges.get(self.next).filter(|m| m.r1 <= row) {
            self.active.push(m);
            self.next += 1;
        }
        let added = self.active.len() != before;
        self.active.retain(|m| m.r2 >= row);
        if added {
            self.active.sort_by_key(|m| m.c1);
        }
        self.row = Some(row);
    }
}

/// The range of the element whose name starts at `at` (`mergeCell`, maybe
/// after a prefix), its tag ending at `end`; `None` for anything else (the
/// `mergeCells` container, text that only looks like one).
fn element_range(buf: &[u8], at: usize, end: usize) -> Option<Range> {
    // `<` cannot appear in XML text, so a name preceded by `<` or `<prefix:`
    // is an element.
    let mut k = at;
    if k > 0 && buf[k - 1] == b':' {
        k -= 1;
        while k > 0
            && (buf[k - 1].is_ascii_alphanumeric() || matches!(buf[k - 1], b'_' | b'-' | b'.'))
        {
            k -= 1;
        }
    }
    if k == 0 || buf[k - 1] != b'<' {
        return None;
    }
    let tag = &buf[at + 9..end];
    if !tag.first().is_some_and(|b| b.is_ascii_whitespace()) {
        return None;
    }
    let i = memmem::find_iter(tag, b"ref").find(|&i| i > 0 && tag[i - 1].is_ascii_whitespace())?;
    let rest = tag[i + 3..]
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let quote = *rest.first().filter(|q| matches!(q, b'"' | b'\''))?;
    let value = &rest[1..];
    let value = &value[..memchr::memchr(quote, value)?];
    let (a, b) = std::str::from_utf8(value).ok()?.trim().split_once(':')?;
    let (ra, ca) = parse_a1(a)?;
    let (rb, cb) = parse_a1(b)?;
    let r = Range {
        r1: ra.min(rb),
        c1: ca.min(cb),
        r2: ra.max(rb),
        c2: ca.max(cb),
    };
    (r.r1 != r.r2 || r.c1 != r.c2).then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(xml: &str) -> MergedCells {
        MergedCells::find(&mut xml.as_bytes()).unwrap()
    }

    #[test]
    fn finds_ranges_with_any_prefix_and_quote() {
        let mut m = find(
            r#"<x:worksheet><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>mergeCell ref="A1:Z9"</x:t></x:is></x:c></x:row></x:sheetData>
            <x:mergeCells count="2"><x:mergeCell ref='B2:C3'/><x:mergeCell  ref="E5:E7" /></x:mergeCells></x:worksheet>"#,
        );
        assert_eq!(m.ranges.len(), 2, "text that looks like a tag is not one");
        assert!(!m.covers(1, 1));
        assert!(m.covers(1, 2));
        assert!(m.covers(2, 1));
        assert!(m.covers(2, 2));
        assert!(!m.covers(3, 2));
        assert!(m.covers(5, 4));
        assert!(m.covers(6, 4));
        assert!(!m.covers(7, 4));
        // Asked out of order, the answer is the same.
        assert!(m.covers(2, 2));
        assert!(!m.covers(0, 0));
    }

    #[test]
    fn a_single_cell_merge_covers_nothing() {
        let mut m =
            find(r#"<mergeCells><mergeCell ref="B2:B2"/><mergeCell ref="C3"/></mergeCells>"#);
        assert!(m.is_empty());
        assert!(!m.covers(1, 1));
    }

    #[test]
    fn ranges_cut_by_chunk_ends_are_found() {
        let mut xml = String::from("<worksheet><sheetData>");
        for i in 0..3000 {
            xml.push_str(&format!(
                r#"<row r="{}"><c r="A{}"><v>{i}</v></c></row>"#,
                i + 1,
                i + 1
            ));
        }
        xml.push_str("</sheetData><mergeCells>");
        for i in 0..500 {
            xml.push_str(&format!(
                r#"<mergeCell ref="A{}:D{}"/>"#,
                2 * i + 1,
                2 * i + 1
            ));
        }
        xml.push_str("</mergeCells></worksheet>");
        // A reader that hands over 7 bytes at a time cuts every tag somewhere.
        let mut reader = std::io::BufReader::with_capacity(7, xml.as_bytes());
        let mut m = MergedCells::find(&mut reader).unwrap();
        assert_eq!(m.ranges.len(), 500);
        for i in 0..500 {
            let r = 2 * i;
            assert!(!m.covers(r, 0));
            assert!(m.covers(r, 3), "row {r}");
            assert!(!m.covers(r + 1, 3));
        }
    }
}
