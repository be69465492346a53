//! OpenDocument spreadsheets (ods): a zip package with `mimetype`,
//! `META-INF/manifest.xml`, `content.xml` (the sheets), `styles.xml`,
//! `meta.xml` and optional pictures, embedded objects (`Object 1/`), macros
//! (`Basic/`, `Scripts/`) and settings.
//!
//! Order of work: the manifest first (an `encryption-data` entry means the
//! file is password-protected: [`SourceError::Encrypted`]), then the
//! mimetype, `styles.xml` (cell styles, page headers and footers),
//! `content.xml` (streamed), `meta.xml`, and every other entry. An entry the
//! manifest does not list is reported as an `unknown_part` (`unreached`) and
//! its text is scanned. Every XML part is parsed to its end, so a truncated
//! or malformed part makes the file an error.
mod content;
mod styles;

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};

use super::xml::{XmlReader, attr, push_ref};
use super::zip::ZipPackage;
use super::{Context, Input, Limits, Reader, Result, SourceError};
use crate::finding::Kind;
use crate::model::{Feature, Location, TextPlace, Visitor};
use styles::Styles;

pub(crate) const PART_CONTENT: &str = "content.xml";
const PART_STYLES: &str = "styles.xml";
const PART_META: &str = "meta.xml";
const PART_MANIFEST: &str = "META-INF/manifest.xml";
const PART_MIMETYPE: &str = "mimetype";

/// The mimetypes of OpenDocument spreadsheets and their templates.
pub const ODS_MIMETYPES: [&str; 2] = [
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.spreadsheet-template",
];

/// Text handed to the visitor in pieces of at most this many bytes.
const TEXT_CHUNK: usize = 64 * 1024;
/// Shortest printable run taken from binary data.
const MIN_RUN: usize = 5;

/// Reads OpenDocument spreadsheets.
pub struct OdsReader;

impl Reader for OdsReader {
    fn inspect(&self, input: Input<'_>, ctx: &Context, visitor: &dyn Visitor) -> Result<()> {
        let zip = ZipPackage::open(input, ctx)?;
        inspect_package(&zip, ctx, visitor)
    }
}

/// Inspect an opened ODF package.
pub fn inspect_package(zip: &ZipPackage<'_>, ctx: &Context, visitor: &dyn Visitor) -> Result<()> {
    let limits = &ctx.limits;
    if !zip.contains(PART_MANIFEST) {
        return Err(SourceError::Corrupt(format!(
            "no {PART_MANIFEST}: not an OpenDocument package"
        )));
    }
    let manifest = zip.with_reader(PART_MANIFEST, |r| Manifest::read(r, limits))?;
    if manifest.encrypted {
        return Err(SourceError::Encrypted);
    }
    check_mimetype(zip, &manifest)?;

    let mut styles = Styles::default();
    let mut pages = Vec::new();
    if zip.contains(PART_STYLES) {
        pages = zip.with_reader(PART_STYLES, |r| read_styles(r, &mut styles, limits))?;
    }
    if !zip.contains(PART_CONTENT) {
        return Err(SourceError::Corrupt(format!(
            "no {PART_CONTENT}: the spreadsheet has no content"
        )));
    }
    let info = zip.with_reader(PART_CONTENT, |r| {
        content::read(r, &mut styles, limits, visitor)
    })?;
    report_headers(&pages, &styles, &info, visitor);

    let names = zip.names();
    let mut objects: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in &names {
        let listed = manifest.lists(name);
        let class = classify(name);
        if !listed {
            unreached(zip, name, limits, visitor)?;
        }
        match class {
            Class::Mimetype | Class::Manifest | Class::Content | Class::Styles => {}
            Class::Meta => zip.with_reader(name, |r| read_meta(r, name, limits, visitor))?,
            Class::Standard => drain_if_xml(zip, name, limits)?,
            Class::Thumbnail => visitor.feature(
                Feature::new(
                    Kind::Image,
                    Location::part(name.as_str()),
                    "A thumbnail picture of the first sheet.",
                )
                .variant("thumbnail"),
            ),
            Class::Picture => {
                let mut loc = Location::part(name.as_str());
                loc.sheet = info.anchors.get(name.as_str()).cloned();
                visitor.feature(
                    Feature::new(Kind::Image, loc, "A picture is stored in the file.")
                        .variant("picture")
                        .sample(name.clone()),
                );
            }
            Class::BasicModule => macro_module(zip, name, limits, visitor)?,
            Class::Script => {
                let loc = Location::part(name.as_str());
                visitor.feature(
                    Feature::new(
                        Kind::Macro,
                        loc.clone(),
                        "A script (macro) is stored in the file.",
                    )
                    .variant("script")
                    .sample(name.clone()),
                );
                scan_text(zip, name, Kind::Macro, Some("code"), &loc, limits, visitor)?;
            }
            Class::Dialog => {
                let loc = Location::part(name.as_str());
                visitor.feature(
                    Feature::new(
                        Kind::Macro,
                        loc.clone(),
                        "A macro dialog is stored in the file.",
                    )
                    .variant("dialog")
                    .sample(name.clone()),
                );
                scan_text(zip, name, Kind::Macro, None, &loc, limits, visitor)?;
            }
            Class::Object(folder) => objects.entry(folder).or_default().push(name.clone()),
            Class::OleObject => ole_object(zip, name, &info, ctx, visitor)?,
            Class::ObjectReplacement => {}
            Class::Signature => {
                let loc = Location::part(name.as_str());
                scan_text(
                    zip,
                    name,
                    Kind::DocumentProperties,
                    Some("signature"),
                    &loc,
                    limits,
                    visitor,
                )?;
            }
            Class::Unknown => {
                if listed {
                    let loc = Location::part(name.as_str());
                    visitor.feature(
                        Feature::new(
                            Kind::UnknownPart,
                            loc.clone(),
                            "A part foiguard does not recognise; its text is scanned.",
                        )
                        .variant("unknown")
                        .sample(name.clone()),
                    );
                    scan_text(zip, name, Kind::UnknownPart, None, &loc, limits, visitor)?;
                }
            }
        }
    }
    for (folder, parts) in &objects {
        embedded_folder(zip, folder, parts, &manifest, &info, limits, visitor)?;
    }
    Ok(())
}

/// What a package entry is, from its name.
#[derive(Debug, PartialEq, Eq)]
enum Class {
    Mimetype,
    Manifest,
    Content,
    Styles,
    Meta,
    /// settings.xml, manifest.rdf, Configurations2/, library indexes, ...
    Standard,
    Thumbnail,
    Picture,
    BasicModule,
    Script,
    Dialog,
    /// A file inside an `Object N/` sub-document folder.
    Object(String),
    /// A binary (OLE) object at the top level (`Object 1`).
    OleObject,
    ObjectReplacement,
    Signature,
    Unknown,
}

fn classify(name: &str) -> Class {
    let lower = name.to_ascii_lowercase();
    match name {
        PART_MIMETYPE => return Class::Mimetype,
        PART_MANIFEST => return Class::Manifest,
        PART_CONTENT => return Class::Content,
        PART_STYLES => return Class::Styles,
        PART_META => return Class::Meta,
        "settings.xml" | "manifest.rdf" | "layout-cache" => return Class::Standard,
        _ => {}
    }
    if name.starts_with("Configurations2/") {
        return Class::Standard;
    }
    if name.starts_with("Thumbnails/") {
        return Class::Thumbnail;
    }
    if name.starts_with("Pictures/") || name.starts_with("media/") || name.starts_with("Media/") {
        return Class::Picture;
    }
    if name.starts_with("ObjectReplacements/") {
        return Class::ObjectReplacement;
    }
    if let Some(rest) = name.strip_prefix("Basic/") {
        let file = rest.rsplit('/').next().unwrap_or(rest);
        if matches!(
            file,
            "script-lc.xml" | "script-lb.xml" | "dialog-lc.xml" | "dialog-lb.xml"
        ) {
            return Class::Standard;
        }
        return Class::BasicModule;
    }
    if name.starts_with("Scripts/") {
        return Class::Script;
    }
    if let Some(rest) = name.strip_prefix("Dialogs/") {
        let file = rest.rsplit('/').next().unwrap_or(rest);
        if matches!(file, "dialog-lc.xml" | "dialog-lb.xml") {
            return Class::Standard;
        }
        return Class::Dialog;
    }
    if let Some(rest) = name.strip_prefix("META-INF/") {
        if lower.contains("signatures") && rest.ends_with(".xml") {
            return Class::Signature;
        }
        return Class::Unknown;
    }
    if let Some((folder, _)) = name.split_once('/') {
        if is_object_name(folder) {
            return Class::Object(folder.to_string());
        }
    } else if is_object_name(name) {
        return Class::OleObject;
    }
    Class::Unknown
}

/// `Object 1`, `Object 12` (LibreOffice's names for embedded objects).
fn is_object_name(s: &str) -> bool {
    s.strip_prefix("Object ")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `META-INF/manifest.xml`: which entries the package declares, and whether
/// any is encrypted.
#[derive(Debug, Default)]
struct Manifest {
    /// full-path -> media type.
    entries: HashMap<String, String>,
    encrypted: bool,
}

impl Manifest {
    fn read(r: &mut dyn BufRead, limits: &Limits) -> Result<Manifest> {
        let mut m = Manifest::default();
        walk(r, PART_MANIFEST, limits, |ev| {
            match ev {
                Ev::Start("file-entry", e) => {
                    if let Some(path) = attr(e, "full-path") {
                        let path = path.trim_start_matches("./").to_string();
                        m.entries
                            .insert(path, attr(e, "media-type").unwrap_or_default());
                    }
                }
                Ev::Start("encryption-data", _) => m.encrypted = true,
                _ => {}
            }
            Ok(())
        })?;
        Ok(m)
    }

    /// True when the manifest lists the entry (or a folder holding it).
    /// `mimetype` and `META-INF/` need no entry.
    fn lists(&self, name: &str) -> bool {
        if name == PART_MIMETYPE || name.starts_with("META-INF/") || self.entries.contains_key(name)
        {
            return true;
        }
        self.entries
            .keys()
            .any(|k| k.len() > 1 && k.ends_with('/') && name.starts_with(k.as_str()))
    }

    fn media_type(&self, path: &str) -> Option<&str> {
        self.entries.get(path).map(|s| s.as_str())
    }
}

fn check_mimetype(zip: &ZipPackage<'_>, manifest: &Manifest) -> Result<()> {
    let declared = if zip.contains(PART_MIMETYPE) {
        let m = zip.read(PART_MIMETYPE)?;
        String::from_utf8_lossy(&m).trim().to_string()
    } else {
        manifest
            .media_type("/")
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    if ODS_MIMETYPES.contains(&declared.as_str()) {
        return Ok(());
    }
    if declared.is_empty() {
        return Err(SourceError::Corrupt(
            "no mimetype: not an OpenDocument spreadsheet".into(),
        ));
    }
    Err(SourceError::Unsupported(format!(
        "an OpenDocument package of type {declared:?}, not a spreadsheet"
    )))
}

/// One XML event, with the element's local name.
pub(crate) enum Ev<'a, 'b> {
    /// An element opens; a self-closing element is followed by its `End`.
    Start(&'b str, &'b BytesStart<'a>),
    End(&'b str),
    /// Text between tags (entity and character references resolved).
    Text(&'b str),
}

/// Parse a whole XML part with [`XmlReader`] (so a truncated or malformed
/// part is an error), calling `f` for each element and text.
pub(crate) fn walk<R: BufRead>(
    reader: R,
    part: &str,
    limits: &Limits,
    mut f: impl FnMut(Ev<'_, '_>) -> Result<()>,
) -> Result<()> {
    let mut r = XmlReader::new(reader, part, limits);
    let mut refbuf = String::new();
    loop {
        match r.next()? {
            Event::Start(e) => {
                let local = e.local_name();
                f(Ev::Start(local.into_inner(), &e))?;
            }
            Event::Empty(e) => {
                let local = e.local_name();
                let local = local.into_inner();
                f(Ev::Start(local, &e))?;
                f(Ev::End(local))?;
            }
            Event::End(e) => {
                let local = e.local_name();
                f(Ev::End(local.into_inner()))?;
            }
            Event::Text(t) => f(Ev::Text(&t.xml10_content()))?,
            Event::CData(t) => f(Ev::Text(&t.into_inner()))?,
            Event::GeneralRef(g) => {
                refbuf.clear();
                push_ref(&mut refbuf, &g);
                f(Ev::Text(&refbuf))?;
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Parse an entry to its end when it is XML (by name or first bytes).
fn drain_if_xml(zip: &ZipPackage<'_>, name: &str, limits: &Limits) -> Result<()> {
    zip.with_reader(name, |r| {
        if name.ends_with(".xml") || name.ends_with(".rdf") || starts_like_xml(r)? {
            walk(r, name, limits, |_| Ok(()))
        } else {
            Ok(())
        }
    })
}

/// True when the stream's first bytes look like XML (after a BOM and spaces).
fn starts_like_xml(r: &mut dyn BufRead) -> Result<bool> {
    let head = r.fill_buf()?;
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(head);
    Ok(head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<'))
}

/// Collects text and hands it to the visitor in bounded pieces.
struct TextOut<'a> {
    visitor: &'a dyn Visitor,
    kind: Kind,
    loc: &'a Location,
    field: Option<&'a str>,
    buf: String,
    items: u64,
}

impl<'a> TextOut<'a> {
    fn new(
        visitor: &'a dyn Visitor,
        kind: Kind,
        loc: &'a Location,
        field: Option<&'a str>,
    ) -> Self {
        TextOut {
            visitor,
            kind,
            loc,
            field,
            buf: String::new(),
            items: 0,
        }
    }
    fn push(&mut self, s: &str) {
        let s = s.trim();
        if s.is_empty() {
            return;
        }
        self.items += 1;
        if !self.buf.is_empty() && self.buf.len() + s.len() > TEXT_CHUNK {
            self.flush();
        }
        if !self.buf.is_empty() {
            self.buf.push('\n');
        }
        self.buf.push_str(s);
        if self.buf.len() >= TEXT_CHUNK {
            self.flush();
        }
    }
    fn flush(&mut self) {
        if !self.buf.is_empty() {
            self.visitor.text(
                TextPlace {
                    kind: self.kind,
                    location: self.loc,
                    field: self.field,
                    hidden: true,
                },
                &self.buf,
            );
            self.buf.clear();
        }
    }
}

/// Attributes that hold text in known ODF sub-documents (charts, embedded
/// documents, dialogs); in unknown parts every attribute value is scanned.
const TEXT_ATTRS: [&str; 9] = [
    "value",
    "string-value",
    "title",
    "label",
    "description",
    "href",
    "current-value",
    "help-text",
    "name",
];

/// Hand every text of an entry to the visitor: for XML, each text node and
/// attribute value (the part is parsed to its end); for other data, its
/// printable runs. Pictures are skipped. Returns how many texts were found.
fn scan_text(
    zip: &ZipPackage<'_>,
    name: &str,
    kind: Kind,
    field: Option<&str>,
    loc: &Location,
    limits: &Limits,
    visitor: &dyn Visitor,
) -> Result<u64> {
    let all_attrs = kind == Kind::UnknownPart;
    let mut out = TextOut::new(visitor, kind, loc, field);
    zip.with_reader(name, |r| {
        if starts_like_xml(r)? {
            let mut text = String::new();
            walk(r, name, limits, |ev| {
                match ev {
                    Ev::Start(_, e) => {
                        out.push(&std::mem::take(&mut text));
                        for a in e.attributes().with_checks(false).flatten() {
                            let key = a.key.as_ref();
                            if key == "xmlns" || key.starts_with("xmlns:") {
                                continue;
                            }
                            let local = a.key.local_name();
                            if !all_attrs && !TEXT_ATTRS.contains(&local.into_inner()) {
                                continue;
                            }
                            if let Ok(v) = a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                                out.push(&v);
                            }
                        }
                    }
                    Ev::End(_) => out.push(&std::mem::take(&mut text)),
                    Ev::Text(t) => {
                        text.push_str(t);
                        if text.len() > limits.max_xml_text_bytes {
                            return Err(SourceError::Limit(format!(
                                "a text in {name} is longer than {} bytes",
                                limits.max_xml_text_bytes
                            )));
                        }
                    }
                }
                Ok(())
            })
        } else if is_picture(r.fill_buf()?) {
            Ok(())
        } else {
            binary_runs(r, &mut out)
        }
    })?;
    out.flush();
    Ok(out.items)
}

/// True for the first bytes of a common picture format.
fn is_picture(head: &[u8]) -> bool {
    head.starts_with(b"\x89PNG")
        || head.starts_with(&[0xFF, 0xD8, 0xFF])
        || head.starts_with(b"GIF8")
        || head.starts_with(b"BM")
        || head.starts_with(&[0xD7, 0xCD, 0xC6, 0x9A]) // WMF
        || head.get(40..44) == Some(b" EMF")
}

/// Printable ASCII/UTF-8 and UTF-16LE runs of binary data.
fn binary_runs(r: &mut dyn BufRead, out: &mut TextOut<'_>) -> Result<()> {
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        let n = read_full(r, &mut chunk)?;
        if n == 0 {
            return Ok(());
        }
        let data = &chunk[..n];
        for run in String::from_utf8_lossy(data).split(|c: char| c.is_control() || c == '\u{FFFD}')
        {
            if run.trim().chars().count() >= MIN_RUN {
                out.push(run);
            }
        }
        for start in 0..2 {
            let units: Vec<u16> = data
                .get(start..)
                .unwrap_or_default()
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            let mut run = String::new();
            // Characters below U+3000 only: plain ASCII bytes read as UTF-16
            // become CJK ideographs, which are left out.
            for u in char::decode_utf16(units.iter().copied()).chain(std::iter::once(Ok('\0'))) {
                match u {
                    Ok(c) if !c.is_control() && (c as u32) < 0x3000 => run.push(c),
                    _ => {
                        if run.trim().chars().count() >= MIN_RUN {
                            out.push(&run);
                        }
                        run.clear();
                    }
                }
            }
        }
    }
}

fn read_full(r: &mut dyn BufRead, buf: &mut [u8]) -> Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(SourceError::Corrupt(format!("cannot inflate entry: {e}"))),
        }
    }
    Ok(n)
}

/// An entry the manifest does not list: LibreOffice ignores it, but its
/// content is still in the file.
fn unreached(
    zip: &ZipPackage<'_>,
    name: &str,
    limits: &Limits,
    visitor: &dyn Visitor,
) -> Result<()> {
    let loc = Location::part(name);
    visitor.feature(
        Feature::new(
            Kind::UnknownPart,
            loc.clone(),
            "An entry the package manifest does not list: spreadsheet programs ignore it, but its content is still in the file.",
        )
        .variant("unreached")
        .sample(name.to_string()),
    );
    scan_text(zip, name, Kind::UnknownPart, None, &loc, limits, visitor)?;
    Ok(())
}

/// A page header or footer with text.
#[derive(Debug)]
struct PageText {
    master_page: String,
    /// `header` or `footer`.
    which: &'static str,
    /// Text typed by a person (fields such as the page number left out).
    literal: String,
    /// All text, fields included.
    all: String,
    /// It holds a field (page number, sheet name, date...).
    has_field: bool,
}

/// `styles.xml`: named and default cell styles, and the text of page
/// headers and footers.
fn read_styles(r: &mut dyn BufRead, styles: &mut Styles, limits: &Limits) -> Result<Vec<PageText>> {
    let mut pages: Vec<PageText> = Vec::new();
    let mut style_depth: Option<usize> = None;
    let mut depth = 0usize;
    let mut master: Option<String> = None;
    // The header/footer being read: (depth, which).
    let mut hf: Option<(usize, &'static str)> = None;
    let mut field_depth: Option<usize> = None;
    let mut has_field = false;
    let mut in_p = 0usize;
    let (mut literal, mut all) = (String::new(), String::new());
    walk(r, PART_STYLES, limits, |ev| {
        match ev {
            Ev::Start(local, e) => {
                depth += 1;
                if style_depth.is_some() {
                    styles.start(local, e);
                    return Ok(());
                }
                match local {
                    "styles" | "automatic-styles" => style_depth = Some(depth),
                    "master-page" => master = attr(e, "name"),
                    "header" | "header-left" | "header-first" if hf.is_none() => {
                        hf = Some((depth, "header"))
                    }
                    "footer" | "footer-left" | "footer-first" if hf.is_none() => {
                        hf = Some((depth, "footer"))
                    }
                    "p" | "h" if hf.is_some() => {
                        in_p += 1;
                        if !all.is_empty() {
                            all.push('\n');
                            literal.push('\n');
                        }
                    }
                    "sheet-name" | "page-number" | "page-count" | "date" | "time" | "title"
                    | "page-continuation"
                        if hf.is_some() && field_depth.is_none() =>
                    {
                        field_depth = Some(depth);
                        has_field = true;
                    }
                    "s" | "tab" | "line-break" if hf.is_some() => {
                        all.push(' ');
                        literal.push(' ');
                    }
                    _ => {}
                }
            }
            Ev::End(local) => {
                if let Some(d) = style_depth {
                    if d == depth {
                        style_depth = None;
                    } else {
                        styles.end(local);
                    }
                } else {
                    if field_depth == Some(depth) {
                        field_depth = None;
                    }
                    match local {
                        "p" | "h" => in_p = in_p.saturating_sub(1),
                        "master-page" => master = None,
                        _ => {}
                    }
                    if let Some((d, which)) = hf
                        && d == depth
                    {
                        hf = None;
                        if !all.trim().is_empty() {
                            pages.push(PageText {
                                master_page: master.clone().unwrap_or_default(),
                                which,
                                literal: std::mem::take(&mut literal).trim().to_string(),
                                all: std::mem::take(&mut all).trim().to_string(),
                                has_field,
                            });
                        }
                        has_field = false;
                        literal.clear();
                        all.clear();
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Ev::Text(t) => {
                if style_depth.is_some() {
                    styles.text(t);
                }
                if hf.is_some() && in_p > 0 {
                    all.push_str(t);
                    if field_depth.is_none() {
                        literal.push_str(t);
                    }
                    if all.len() > limits.max_xml_text_bytes {
                        return Err(SourceError::Limit(format!(
                            "a header or footer in {PART_STYLES} is longer than {} bytes",
                            limits.max_xml_text_bytes
                        )));
                    }
                }
            }
        }
        Ok(())
    })?;
    Ok(pages)
}

/// True when header/footer text is only boilerplate: "Page 1 of 3", or one
/// word next to a field (LibreOffice's default footer "Page <number>" in any
/// language, e.g. "Oldal", "Страница", "页").
fn boilerplate(text: &str, has_field: bool) -> bool {
    const WORDS: [&str; 24] = [
        "page",
        "pages",
        "of",
        "sheet",
        "sheets",
        "seite",
        "von",
        "p",
        "pg",
        "de",
        "página",
        "pagina",
        "strona",
        "z",
        "sida",
        "av",
        "side",
        "af",
        "blad",
        "van",
        "sivu",
        "folha",
        "страница",
        "из",
    ];
    let other = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_numeric()))
        .filter(|w| !WORDS.contains(&w.to_lowercase().as_str()))
        .count();
    other == 0 || (has_field && other == 1)
}

fn report_headers(
    pages: &[PageText],
    styles: &Styles,
    info: &content::ContentInfo,
    visitor: &dyn Visitor,
) {
    for p in pages {
        let sheet = info
            .sheet_styles
            .iter()
            .find(|(_, style)| styles.master_page(style) == Some(p.master_page.as_str()))
            .map(|(s, _)| s.clone());
        let mut loc = Location::part(PART_STYLES);
        loc.sheet = sheet;
        visitor.text(
            TextPlace {
                kind: Kind::HeaderFooter,
                location: &loc,
                field: Some(p.which),
                hidden: true,
            },
            &p.all,
        );
        if !boilerplate(&p.literal, p.has_field) {
            visitor.feature(
                Feature::new(
                    Kind::HeaderFooter,
                    loc,
                    format!(
                        "The page {} holds text that appears when the sheet is printed.",
                        p.which
                    ),
                )
                .sample(p.literal.clone()),
            );
        }
    }
}

/// Fields of `meta.xml` that name a person.
const PERSON_FIELDS: [&str; 3] = ["creator", "initial-creator", "printed-by"];

/// `meta.xml`: document properties.
fn read_meta(
    r: &mut dyn BufRead,
    part: &str,
    limits: &Limits,
    visitor: &dyn Visitor,
) -> Result<()> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut custom = 0u64;
    let mut depth = 0usize;
    let mut meta_depth: Option<usize> = None;
    let mut current: Option<String> = None;
    let mut text = String::new();
    walk(r, part, limits, |ev| {
        match ev {
            Ev::Start(local, e) => {
                depth += 1;
                if local == "meta" && meta_depth.is_none() {
                    meta_depth = Some(depth);
                } else if meta_depth.is_some_and(|d| depth == d + 1) {
                    text.clear();
                    current = match local {
                        "user-defined" => {
                            custom += 1;
                            Some(attr(e, "name").unwrap_or_else(|| "user-defined".into()))
                        }
                        "generator"
                        | "creation-date"
                        | "date"
                        | "print-date"
                        | "editing-cycles"
                        | "editing-duration"
                        | "document-statistic"
                        | "hyperlink-behaviour" => None,
                        other => Some(other.to_string()),
                    };
                    if matches!(local, "template" | "auto-reload") {
                        for a in ["href", "title"] {
                            if let Some(v) = attr(e, a).filter(|v| !v.trim().is_empty()) {
                                fields.push((format!("{local}-{a}"), v));
                            }
                        }
                    }
                }
            }
            Ev::End(_) => {
                if meta_depth.is_some_and(|d| depth == d + 1) {
                    if let Some(name) = current.take() {
                        let v = text.trim();
                        if !v.is_empty() {
                            fields.push((name, v.to_string()));
                        }
                    }
                    text.clear();
                }
                if meta_depth == Some(depth) {
                    meta_depth = None;
                }
                depth = depth.saturating_sub(1);
            }
            Ev::Text(t) => {
                if current.is_some() {
                    text.push_str(t);
                    if text.len() > limits.max_xml_text_bytes {
                        return Err(SourceError::Limit(format!(
                            "a property in {part} is longer than {} bytes",
                            limits.max_xml_text_bytes
                        )));
                    }
                }
            }
        }
        Ok(())
    })?;

    let loc = Location::part(part);
    for (field, value) in &fields {
        visitor.text(
            TextPlace {
                kind: Kind::DocumentProperties,
                location: &loc,
                field: Some(field),
                hidden: true,
            },
            value,
        );
    }
    let persons: Vec<&(String, String)> = fields
        .iter()
        .filter(|(f, _)| PERSON_FIELDS.contains(&f.as_str()))
        .collect();
    if let Some((_, first)) = persons.first() {
        visitor.feature(
            Feature::new(
                Kind::DocumentProperties,
                loc.clone(),
                "The document properties name a person (author, last editor or who printed it).",
            )
            .variant("person")
            .count(persons.len() as u64)
            .sample(first.clone()),
        );
    }
    if custom > 0 {
        visitor.feature(
            Feature::new(
                Kind::DocumentProperties,
                loc.clone(),
                "The file carries custom document properties.",
            )
            .variant("custom")
            .count(custom),
        );
    }
    if let Some((_, v)) = fields.iter().find(|(_, v)| looks_like_path(v)) {
        visitor.feature(
            Feature::new(
                Kind::DocumentProperties,
                loc.clone(),
                "A document property holds a file path, which often names a user.",
            )
            .variant("path")
            .sample(v.clone()),
        );
    }
    if persons.is_empty() && custom == 0 {
        let described = !fields.is_empty();
        let mut f = Feature::new(
            Kind::DocumentProperties,
            loc,
            if described {
                "The file carries document properties (title, subject, keywords...)."
            } else {
                "The document properties name nobody."
            },
        )
        .count(fields.len() as u64);
        if !described {
            f = f.variant("empty");
        }
        visitor.feature(f);
    }
    Ok(())
}

fn looks_like_path(v: &str) -> bool {
    let b = v.as_bytes();
    let lower = v.to_ascii_lowercase();
    lower.starts_with("file:")
        || v.starts_with("\\\\")
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'\\' | b'/'))
        || lower.contains("/home/")
        || lower.contains("/users/")
}

/// A Basic module (`Basic/Standard/Module1.xml`): its code goes to the
/// content detectors.
fn macro_module(
    zip: &ZipPackage<'_>,
    name: &str,
    limits: &Limits,
    visitor: &dyn Visitor,
) -> Result<()> {
    let loc = Location::part(name);
    let module = name
        .trim_start_matches("Basic/")
        .trim_end_matches(".xml")
        .to_string();
    visitor.feature(
        Feature::new(
            Kind::Macro,
            loc.clone(),
            "A Basic macro module is stored in the file.",
        )
        .variant("basic")
        .sample(module),
    );
    scan_text(zip, name, Kind::Macro, Some("code"), &loc, limits, visitor)?;
    Ok(())
}

/// A binary embedded object (`Object 1`, usually an OLE compound file).
fn ole_object(
    zip: &ZipPackage<'_>,
    name: &str,
    info: &content::ContentInfo,
    ctx: &Context,
    visitor: &dyn Visitor,
) -> Result<()> {
    let mut loc = Location::part(name);
    loc.sheet = info.anchors.get(name).cloned();
    let bytes = zip.read(name)?;
    let container = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        || bytes.starts_with(b"PK\x03\x04");
    visitor.feature(
        Feature::new(
            Kind::EmbeddedObject,
            loc.clone(),
            "An embedded (OLE) object; it may carry a whole workbook or document.",
        )
        .variant(if container { "ole" } else { "other" })
        .sample(name.to_string()),
    );
    if container {
        super::inspect_embedded(&bytes, name, ctx, visitor);
    } else {
        scan_text(
            zip,
            name,
            Kind::EmbeddedObject,
            None,
            &loc,
            &ctx.limits,
            visitor,
        )?;
    }
    Ok(())
}

/// An `Object N/` sub-document: a chart (its data table is a copy of the
/// plotted cells) or another embedded document. Every text in it is scanned.
fn embedded_folder(
    zip: &ZipPackage<'_>,
    folder: &str,
    parts: &[String],
    manifest: &Manifest,
    info: &content::ContentInfo,
    limits: &Limits,
    visitor: &dyn Visitor,
) -> Result<()> {
    let media = manifest
        .media_type(&format!("{folder}/"))
        .unwrap_or_default();
    let (kind, variant, message) = if media.ends_with(".chart") {
        (
            Kind::ChartCache,
            None,
            "A chart keeps its own copy of the values it plots.",
        )
    } else if media.ends_with(".spreadsheet") {
        (
            Kind::EmbeddedObject,
            Some("spreadsheet"),
            "An embedded spreadsheet with its own data.",
        )
    } else if media.ends_with(".text") {
        (
            Kind::EmbeddedObject,
            Some("document"),
            "An embedded text document.",
        )
    } else {
        (Kind::EmbeddedObject, Some("other"), "An embedded object.")
    };
    let mut loc = Location::part(format!("{folder}/"));
    loc.sheet = info.anchors.get(folder).cloned();
    let mut items = 0;
    for p in parts {
        let mut ploc = Location::part(p.as_str());
        ploc.sheet = loc.sheet.clone();
        items += scan_text(zip, p, kind, None, &ploc, limits, visitor)?;
    }
    let mut f = Feature::new(kind, loc, message).count(items.max(1));
    if let Some(v) = variant {
        f = f.variant(v).sample(folder.to_string());
    }
    visitor.feature(f);
    Ok(())
}

#[cfg(test)]
mod tests;
