//! Safety limits: every reader stops with a clear error instead of running out
//! of time or memory on a hostile file. Each has a default generous enough for
//! real 100 MB workbooks and can be overridden by the policy file.

use serde::Deserialize;

/// Limits applied while reading one file (and the files embedded in it).
///
/// ```
/// let l = foiguard::source::Limits::default();
/// assert!(l.max_part_bytes >= 1 << 30);
/// ```
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest input file on disk.
    pub max_file_bytes: u64,
    /// Most bytes one package part (zip entry, CFB stream) may inflate to.
    pub max_part_bytes: u64,
    /// Most bytes all parts of one file may inflate to, together.
    pub max_total_bytes: u64,
    /// Highest compression ratio allowed for a part larger than
    /// `ratio_floor_bytes` (zip bombs inflate thousands of times).
    pub max_compression_ratio: u64,
    /// Parts smaller than this are exempt from the ratio check.
    pub ratio_floor_bytes: u64,
    /// Most entries in a zip package or streams in a compound file.
    pub max_parts: usize,
    /// Deepest XML element nesting.
    pub max_xml_depth: usize,
    /// Longest XML element or attribute text, in bytes.
    pub max_xml_text_bytes: usize,
    /// Most shared strings a workbook may hold (counted as read, never as claimed).
    pub max_shared_strings: u64,
    /// Most cells in one file.
    pub max_cells: u64,
    /// Longest CSV field, in bytes.
    pub max_csv_field_bytes: usize,
    /// Longest CSV record (line), in bytes.
    pub max_csv_record_bytes: usize,
    /// Deepest nesting of embedded files.
    pub max_embed_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 4 << 30,
            max_part_bytes: 2 << 30,
            max_total_bytes: 8 << 30,
            max_compression_ratio: 250,
            ratio_floor_bytes: 16 << 20,
            max_parts: 20_000,
            max_xml_depth: 256,
            max_xml_text_bytes: 64 << 20,
            max_shared_strings: 50_000_000,
            max_cells: 200_000_000,
            max_csv_field_bytes: 16 << 20,
            max_csv_record_bytes: 64 << 20,
            max_embed_depth: 4,
        }
    }
}
