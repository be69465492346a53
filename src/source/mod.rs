//! HOW TO READ: sniff a file's format from its bytes and read it with the one
//! module that knows that format. Every module implements [`Reader`]; callers
//! never branch on the format.
//!
//! ```
//! use foiguard::source::{sniff_bytes, Format};
//! assert_eq!(sniff_bytes(b"name,rank\nJane,PC\n", "x.csv"), Format::Csv);
//! assert_eq!(sniff_bytes(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "x.xls"), Format::Cfb);
//! ```

/// `Read::read` for a reader whose buffer is its own `BufRead` (the
/// XML budget, the read-ahead of big zip entries).
pub(crate) fn read_buffered<R: std::io::BufRead + ?Sized>(
    r: &mut R,
    out: &mut [u8],
) -> std::io::Result<usize> {
    let n = {
        let avail = r.fill_buf()?;
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        n
    };
    r.consume(n);
    Ok(n)
}

pub mod csv;
pub(crate) mod dates;
pub mod limits;
pub mod link_target;
pub mod lockfile;
pub mod merged;
pub mod ods;
pub mod ooxml;
pub mod pipeline;
#[cfg(test)]
#[allow(dead_code)]
pub(crate) mod recorder;
pub(crate) mod sheet_tally;
pub mod xls;
pub mod xlsb;
pub mod xml;
pub mod zip;

use std::fmt;
use std::io::{Read, Seek};
use std::path::Path;

pub use limits::Limits;

use crate::model::{Feature, Location, SheetInfo, SheetVisitor, TextPlace, Visitor};
use crate::numbers::thousands;

/// A file format as sniffed from bytes (and, for text, the name).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Office Open XML workbook: xlsx, xlsm, xltx, xltm.
    Xlsx,
    Xlsm,
    Xltx,
    Xltm,
    Xlsb,
    /// BIFF8 workbook (Excel 97-2003).
    Xls,
    Ods,
    Csv,
    Tsv,
    /// An Office owner/lock file (`~$name.xlsx`).
    LockFile,
    /// A Compound File that is not yet classified (xls or encrypted OOXML).
    Cfb,
    /// A zip that is not yet classified.
    Zip,
    /// An XML or HTML document: Excel 2003 XML (SpreadsheetML) or an HTML
    /// table saved as `.xls`, which Excel opens as a workbook. Not read:
    /// taken as CSV, its hidden sheets and cells were never seen.
    Markup,
    Unknown,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xltx => "xltx",
            Format::Xltm => "xltm",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::LockFile => "lock_file",
            Format::Cfb => "cfb",
            Format::Zip => "zip",
            Format::Markup => "markup",
            Format::Unknown => "unknown",
        }
    }

    /// Whether the format is a workbook, which always has a sheet.
    pub fn is_workbook(self) -> bool {
        matches!(
            self,
            Format::Xlsx
                | Format::Xlsm
                | Format::Xltx
                | Format::Xltm
                | Format::Xlsb
                | Format::Xls
                | Format::Ods
        )
    }
}

/// Why a file could not be fully inspected. Its `Display` is the one-line
/// reason shown to the user (without the file name, which the caller adds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    /// Password-protected or encrypted.
    Encrypted,
    /// Damaged, truncated or malformed; says where.
    Corrupt(String),
    /// A safety limit was exceeded; says which.
    Limit(String),
    /// Not a format foiguard reads.
    Unsupported(String),
    Io(String),
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::Encrypted => f.write_str("encrypted — remove the password and try again"),
            SourceError::Corrupt(s) => write!(f, "corrupt or truncated file: {s}"),
            SourceError::Limit(s) => write!(f, "over a safety limit: {s}"),
            SourceError::Unsupported(s) => write!(f, "unsupported file: {s}"),
            SourceError::Io(s) => write!(f, "cannot read file: {s}"),
        }
    }
}

impl std::error::Error for SourceError {}

impl From<std::io::Error> for SourceError {
    fn from(e: std::io::Error) -> Self {
        SourceError::Io(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, SourceError>;

/// Something that can be read and seeked (a file or an in-memory buffer).
pub trait ReadSeek: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeek for T {}

/// The bytes of a file to inspect: a path on disk, or bytes in memory (an
/// embedded file).
#[derive(Clone, Copy, Debug)]
pub enum Input<'a> {
    Path(&'a Path),
    Bytes(&'a [u8]),
}

impl<'a> Input<'a> {
    /// Open for reading. Never memory-maps.
    pub fn open(&self) -> Result<Box<dyn ReadSeek + 'a>> {
        match *self {
            Input::Path(p) => Ok(Box::new(std::io::BufReader::with_capacity(
                256 * 1024,
                std::fs::File::open(p)?,
            ))),
            Input::Bytes(b) => Ok(Box::new(std::io::Cursor::new(b))),
        }
    }
    /// Open for reading without a buffer in between, for a reader that
    /// reads big chunks into buffers of its own (a buffer would only copy
    /// every byte once more).
    pub fn open_unbuffered(&self) -> Result<Box<dyn Read + 'a>> {
        match *self {
            Input::Path(p) => Ok(Box::new(std::fs::File::open(p)?)),
            Input::Bytes(b) => Ok(Box::new(b)),
        }
    }
    pub fn len(&self) -> Result<u64> {
        match *self {
            Input::Path(p) => Ok(std::fs::metadata(p)?.len()),
            Input::Bytes(b) => Ok(b.len() as u64),
        }
    }
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }
    /// Read at most `n` bytes from the start (for sniffing).
    pub fn head(&self, n: usize) -> Result<Vec<u8>> {
        match *self {
            Input::Path(p) => {
                let mut f = std::fs::File::open(p)?;
                let mut buf = Vec::with_capacity(n.min(64 * 1024));
                f.by_ref().take(n as u64).read_to_end(&mut buf)?;
                Ok(buf)
            }
            Input::Bytes(b) => Ok(b[..b.len().min(n)].to_vec()),
        }
    }
}

/// What a reader needs besides the bytes: the limits, the file's display name,
/// and how deep inside embedded files it is.
#[derive(Clone, Debug)]
pub struct Context {
    pub limits: Limits,
    /// The file name (last path component), used by sniffing text formats
    /// and lock files.
    pub name: String,
    /// Embedded files this one sits inside, outermost first.
    pub embedded: Vec<String>,
}

impl Context {
    pub fn new(name: impl Into<String>, limits: Limits) -> Self {
        Context {
            limits,
            name: name.into(),
            embedded: Vec::new(),
        }
    }

    /// The context for a file embedded at `part` inside this one.
    pub fn nested(&self, part: &str) -> Result<Context> {
        if self.embedded.len() + 1 > self.limits.max_embed_depth {
            return Err(SourceError::Limit(format!(
                "embedded files nested more than {} deep (at {part})",
                self.limits.max_embed_depth
            )));
        }
        let mut embedded = self.embedded.clone();
        embedded.push(part.to_string());
        Ok(Context {
            limits: self.limits.clone(),
            name: part.rsplit('/').next().unwrap_or(part).to_string(),
            embedded,
        })
    }
}

/// One file format's reader. Implementations live one per module.
pub trait Reader: Sync {
    /// Read the whole file, telling `visitor` about every sheet, cell and
    /// hiding place. Return an error when any part cannot be fully inspected.
    fn inspect(&self, input: Input<'_>, ctx: &Context, visitor: &dyn Visitor) -> Result<()>;
}

/// Sniff the format from the first bytes; `name` breaks ties for text.
pub fn sniff_bytes(head: &[u8], name: &str) -> Format {
    if lockfile::looks_like_lock_file(head, name) {
        return Format::LockFile;
    }
    if head.starts_with(b"PK\x03\x04")
        || head.starts_with(b"PK\x05\x06")
        || head.starts_with(b"PK\x07\x08")
    {
        return Format::Zip;
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Format::Cfb;
    }
    if csv::looks_like_text(head) {
        if csv::looks_like_markup(head) {
            return Format::Markup;
        }
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".tsv") || lower.ends_with(".tab") {
            return Format::Tsv;
        }
        return Format::Csv;
    }
    Format::Unknown
}

/// Sniff a whole input: containers are opened far enough to say which
/// workbook format they hold (content types, ODF mimetype, CFB streams).
pub fn sniff(input: Input<'_>, ctx: &Context) -> Result<Format> {
    let head = input.head(8192)?;
    match sniff_bytes(&head, &ctx.name) {
        Format::Zip => ooxml::package::sniff_zip(input, ctx),
        Format::Cfb => xls::sniff_cfb(input),
        Format::Unknown if head.is_empty() => Err(SourceError::Unsupported(
            "an empty file (0 bytes): nothing to inspect, and no program opens it as a workbook \
             (was it saved or copied in full?)"
                .into(),
        )),
        Format::Unknown => Err(SourceError::Unsupported(
            "not a spreadsheet, CSV or TSV (unrecognised bytes)".into(),
        )),
        Format::Markup => Err(SourceError::Unsupported(
            if csv::is_mime_archive(&head) {
                "a web archive (MHTML, Excel's Single File Web Page), which foiguard cannot \
                 read (its sheets are encoded inside): open it in Excel, save it as .xlsx and \
                 scan that"
            } else if memchr::memmem::find(&head, b"urn:schemas-microsoft-com:office:spreadsheet")
                .is_some()
            {
                "an Excel 2003 XML spreadsheet, which foiguard cannot read (its hidden sheets \
                 and rows would go unseen): open it in Excel, save it as .xlsx and scan that"
            } else {
                "an XML or HTML document, not a CSV: if Excel opens it as a workbook (an HTML \
                 table saved as .xls), save it as .xlsx and scan that"
            }
            .into(),
        )),
        Format::Csv | Format::Tsv if let Some(kind) = document_kind(&head, &ctx.name) => {
            Err(SourceError::Unsupported(format!(
                "{kind}, not a spreadsheet: foiguard reads xlsx, xlsm, xltx, xlsb, xls, ods, \
                 csv and tsv files only, so check it by other means before release"
            )))
        }
        f => Ok(f),
    }
}

/// Document file names whose text is never read as CSV: a text-only PDF or
/// an RTF letter would otherwise pass as one column of lines, its pages,
/// fonts and hidden layers unread.
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "pdf", "rtf", "doc", "docx", "docm", "dot", "dotx", "odt", "ott", "ppt", "pptx", "pptm", "odp",
    "msg", "eml", "pst", "zip", "7z", "gz", "rar",
];

/// What a text-looking file really is when it is a document, not a table:
/// by its first bytes (PDF, RTF) or, for text, by a document's extension.
///
/// ```
/// use foiguard::source::document_kind;
/// assert_eq!(document_kind(b"%PDF-1.4\n", "return.csv"), Some("a PDF document".into()));
/// assert_eq!(document_kind(b"Name,Rank\n", "letter.docx"), Some("a .docx file".into()));
/// assert_eq!(document_kind(b"Name,Rank\n", "ranks.csv"), None);
/// ```
pub fn document_kind(head: &[u8], name: &str) -> Option<String> {
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if text.starts_with(b"%PDF-") {
        return Some("a PDF document".into());
    }
    if text.starts_with(b"{\\rtf") {
        return Some("an RTF document".into());
    }
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    DOCUMENT_EXTENSIONS
        .contains(&ext.as_str())
        .then(|| format!("a .{ext} file"))
}

/// The reader for a format.
pub fn reader(format: Format) -> Result<&'static dyn Reader> {
    Ok(match format {
        Format::Xlsx | Format::Xlsm | Format::Xltx | Format::Xltm => &ooxml::OoxmlReader,
        Format::Xlsb => &xlsb::XlsbReader,
        Format::Xls => &xls::XlsReader,
        Format::Ods => &ods::OdsReader,
        Format::Csv | Format::Tsv => &csv::CsvReader,
        Format::LockFile => &lockfile::LockFileReader,
        Format::Cfb | Format::Zip | Format::Markup | Format::Unknown => {
            return Err(SourceError::Unsupported(format!(
                "{} container",
                format.as_str()
            )));
        }
    })
}

/// Sniff and read one input. Returns the format it was read as.
pub fn inspect(input: Input<'_>, ctx: &Context, visitor: &dyn Visitor) -> Result<Format> {
    let len = input.len()?;
    if len > ctx.limits.max_file_bytes {
        return Err(SourceError::Limit(format!(
            "file is {} bytes, more than the {} byte limit",
            thousands(len),
            thousands(ctx.limits.max_file_bytes)
        )));
    }
    let format = sniff(input, ctx)?;
    reader(format)?.inspect(input, ctx, visitor)?;
    Ok(format)
}

/// Inspect a file embedded inside another (an OLE package, an embedded
/// workbook or CSV). Its findings are reported under the parent, with the
/// embedding chain in their location. A failure inside is reported to the
/// visitor as incomplete, so the parent cannot pass, and the parent's own
/// findings are kept.
pub fn inspect_embedded(bytes: &[u8], part: &str, ctx: &Context, visitor: &dyn Visitor) {
    let loc = Location {
        embedded: ctx.embedded.clone(),
        part: Some(part.to_string()),
        ..Default::default()
    };
    let nested = match ctx.nested(part) {
        Ok(c) => c,
        Err(e) => return visitor.incomplete(&loc, &e.to_string()),
    };
    let wrapped = EmbeddedVisitor {
        inner: visitor,
        chain: &nested.embedded,
    };
    if let Err(e) = inspect(Input::Bytes(bytes), &nested, &wrapped) {
        visitor.incomplete(&loc, &format!("embedded file could not be inspected: {e}"));
    }
}

/// Excel's own placeholder for a worksheet function newer than the file
/// format (`_xlfn.IFERROR`, `_xlfn.CONCAT`, `_xlws.FILTER`): Excel adds it,
/// hidden, when a formula uses such a function, so it is no name anyone
/// defined and hides nothing. Its value is `#NAME?` or nothing; a name with
/// the prefix but any other value (a constant, a range) is not one.
pub fn is_excel_function_placeholder(name: &str, value: Option<&str>) -> bool {
    let lower = name.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("_xlfn.")
        .or_else(|| lower.strip_prefix("_xlws."))
    else {
        return false;
    };
    let function = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
    let value = value.map(|v| v.trim().trim_start_matches('=').trim());
    function && value.is_none_or(|v| v.is_empty() || v.eq_ignore_ascii_case("#NAME?"))
}

/// Prefixes every location reported from inside an embedded file with the
/// chain of embedding parts.
struct EmbeddedVisitor<'a> {
    inner: &'a dyn Visitor,
    chain: &'a [String],
}

impl EmbeddedVisitor<'_> {
    fn prefix(&self, loc: &Location) -> Location {
        let mut l = loc.clone();
        if !l.embedded.starts_with(self.chain) {
            let mut e = self.chain.to_vec();
            e.extend(l.embedded);
            l.embedded = e;
        }
        l
    }
}

impl Visitor for EmbeddedVisitor<'_> {
    fn sheet(&self, sheet: &SheetInfo) -> Box<dyn SheetVisitor + Send + '_> {
        let mut s = sheet.clone();
        if !s.embedded.starts_with(self.chain) {
            let mut e = self.chain.to_vec();
            e.extend(s.embedded);
            s.embedded = e;
        }
        self.inner.sheet(&s)
    }
    fn feature(&self, mut feature: Feature) {
        feature.location = self.prefix(&feature.location);
        self.inner.feature(feature)
    }
    fn text(&self, place: TextPlace<'_>, text: &str) {
        let loc = self.prefix(place.location);
        self.inner.text(
            TextPlace {
                location: &loc,
                ..place
            },
            text,
        )
    }
    fn incomplete(&self, location: &Location, reason: &str) {
        self.inner.incomplete(&self.prefix(location), reason)
    }
    fn defined_name(&self, location: &Location, name: &str, refers_to: &str) {
        self.inner
            .defined_name(&self.prefix(location), name, refers_to)
    }
}

#[cfg(test)]
mod placeholder_tests {
    use super::is_excel_function_placeholder as placeholder;

    #[test]
    fn excel_function_placeholders() {
        assert!(placeholder("_xlfn.IFERROR", Some("#NAME?")));
        assert!(placeholder("_xlfn._xlws.SORT", Some("=#NAME?")));
        assert!(placeholder("_XLWS.FILTER", None));
        assert!(placeholder("_xlfn.CONCAT", Some("")));
        assert!(!placeholder("_xlfn.Owner", Some("\"Jane Doe\"")));
        assert!(!placeholder("_xlfn.", None));
        assert!(!placeholder("_xlfn.Jane Doe", None));
        assert!(!placeholder("IFERROR", Some("#NAME?")));
        assert!(!placeholder("_xlnm.Print_Area", None));
    }
}
