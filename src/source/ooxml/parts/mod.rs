//! The OOXML parts that are not the workbook, a worksheet, styles, shared
//! strings or the theme: pivot caches, comments, document properties,
//! drawings, charts, links and connections, custom XML, embedded objects,
//! macros, images, revision logs, the data model, and parts foiguard does not
//! recognise.
//!
//! The package walker calls [`inspect_part`] once per part with what it knows
//! about it (content type, relationship type, owning sheet, whether any
//! relationship reaches it). The part kind is chosen from the relationship
//! and content types, never from the part name, except for parts no
//! relationship reaches. Every hiding place becomes a [`Feature`], and every
//! human-readable text goes to [`Visitor::text`] with a `field` naming it.
//!
//! ```
//! use foiguard::source::ooxml::parts::is_standard;
//! assert!(is_standard(Some("application/vnd.openxmlformats-officedocument.theme+xml"), None, "xl/theme/theme1.xml"));
//! assert!(!is_standard(None, Some("http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"), "xl/comments1.xml"));
//! ```

mod charts;
mod comments;
mod custom_xml;
mod data_model;
mod drawings;
mod embeddings;
mod links;
mod media;
mod pivot;
mod properties;
mod revisions;
mod scan;
mod tables;
mod unknown;

pub(crate) use scan::{is_utf8_xml, to_utf8};
pub(crate) use unknown::cellless_sheet_text;
mod vba;

#[cfg(test)]
pub(crate) mod testkit;

use crate::finding::Kind;
use crate::model::{Feature, Location, TextPlace, Visitor};

/// What the package walker knows about one part.
pub struct PartCtx<'a> {
    /// The part name inside the package (`xl/comments1.xml`).
    pub name: &'a str,
    pub content_type: Option<&'a str>,
    /// The type of the relationship that reaches the part.
    pub rel_type: Option<&'a str>,
    /// The owning sheet's name, when the part was reached from a sheet.
    pub sheet: Option<&'a str>,
    /// The owning sheet is hidden or very hidden.
    pub sheet_hidden: bool,
    /// False when no relationship reaches the part.
    pub reached: bool,
    /// This part's own external relationship targets (paths, URLs).
    pub external_targets: &'a [String],
    /// The whole file.
    pub file: crate::source::Input<'a>,
    pub ctx: &'a crate::source::Context,
}

/// Inspect one part from its bytes; reports features and text to the visitor.
///
/// Errors when an XML part is malformed or truncated, or a limit is hit; an
/// embedded file that cannot be read is reported to the visitor as
/// incomplete instead, so the rest of the file is still inspected.
pub fn inspect_part(
    part: &PartCtx<'_>,
    bytes: &[u8],
    visitor: &dyn Visitor,
) -> crate::source::Result<()> {
    let kind = classify(part.content_type, part.rel_type, part.name, part.reached);
    let out = Out::new(part, visitor);
    if !part.reached && !is_plumbing(part.name) {
        out.feature(
            Feature::new(
                Kind::UnknownPart,
                out.loc.clone(),
                "A part no relationship points to: Excel ignores it, but its content is still in the file.",
            )
            .variant("unreached")
            .sample(part.name.to_string()),
        );
    }
    match kind {
        PartKind::PivotCacheDefinition => pivot::cache_definition(part, bytes, &out)?,
        PartKind::PivotCacheRecords => pivot::cache_records(part, bytes, &out)?,
        PartKind::PivotTable => pivot::table(part, bytes, &out)?,
        PartKind::Comments => comments::legacy(part, bytes, &out)?,
        PartKind::ThreadedComments => comments::threaded(part, bytes, &out)?,
        PartKind::Persons => comments::persons(part, bytes, &out)?,
        PartKind::CoreProps => properties::core(part, bytes, &out)?,
        PartKind::AppProps => properties::app(part, bytes, &out)?,
        PartKind::CustomProps => properties::custom(part, bytes, &out)?,
        PartKind::Labels => properties::labels(part, bytes, &out)?,
        PartKind::SheetCustomProperty => properties::sheet_custom_property(part, bytes, &out),
        PartKind::PrinterSettings => properties::printer_settings(part, bytes, &out),
        PartKind::CustomXml => custom_xml::item(part, bytes, &out)?,
        PartKind::XmlMaps => custom_xml::xml_maps(part, bytes, &out)?,
        PartKind::Connections => links::connections(part, bytes, &out)?,
        PartKind::QueryTable => links::query_table(part, bytes, &out)?,
        PartKind::ExternalLink => links::external_link(part, bytes, &out)?,
        PartKind::Drawing => drawings::drawing(part, bytes, &out)?,
        PartKind::Vml => drawings::vml(part, bytes, &out)?,
        PartKind::Chart => charts::chart(part, bytes, &out)?,
        PartKind::Table => tables::table(part, bytes, &out)?,
        PartKind::Embedding => embeddings::embedding(part, bytes, &out)?,
        PartKind::Vba => vba::project(part, bytes, &out)?,
        PartKind::VbaSignature => vba::signature(part, bytes, &out),
        PartKind::ActiveX => vba::activex(part, bytes, &out)?,
        PartKind::ActiveXBin => vba::activex_bin(part, bytes, &out),
        PartKind::CtrlProp => drawings::ctrl_prop(part, bytes, &out)?,
        PartKind::CustomUi => vba::custom_ui(part, bytes, &out)?,
        PartKind::Image => media::image(part, bytes, &out, "picture")?,
        PartKind::Thumbnail => media::image(part, bytes, &out, "thumbnail")?,
        PartKind::Media => media::image(part, bytes, &out, "media")?,
        PartKind::Revisions => revisions::revisions(part, bytes, &out)?,
        PartKind::DataModel => data_model::model(part, bytes, &out),
        PartKind::Slicer => unknown::text_only(part, bytes, &out, Kind::PivotCache, "slicer")?,
        PartKind::RichData => unknown::rich_data(part, bytes, &out)?,
        // A standard part nothing reaches (a shared string table or a sheet
        // left behind by a tool that deleted rows) is data no reader sees:
        // its text goes to the content detectors as leftover text.
        PartKind::StandardXml
            if !part.reached && !is_plumbing(part.name) && scan::looks_like_xml(bytes) =>
        {
            unknown::leftover_text(part, bytes, &out)?
        }
        PartKind::StandardXml => {
            if is_plumbing(part.name) || scan::looks_like_xml(bytes) || part.name.ends_with(".xml")
            {
                scan::drain(bytes, part.name, &part.ctx.limits)?
            }
        }
        PartKind::Unknown => unknown::unknown(part, bytes, &out)?,
    }
    if kind != PartKind::ExternalLink && !part.external_targets.is_empty() {
        links::part_targets(part, &out);
    }
    Ok(())
}

/// True for parts that are standard and carry nothing of interest beyond
/// well-formedness (theme, calcChain, printerSettings, tables, ...).
pub fn is_standard(content_type: Option<&str>, rel_type: Option<&str>, name: &str) -> bool {
    let kind = classify(
        content_type,
        rel_type,
        name,
        content_type.is_some() || rel_type.is_some(),
    );
    matches!(
        kind,
        PartKind::StandardXml | PartKind::PrinterSettings | PartKind::SheetCustomProperty
    )
}

/// What a part is, for dispatch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PartKind {
    PivotCacheDefinition,
    PivotCacheRecords,
    PivotTable,
    Comments,
    ThreadedComments,
    Persons,
    CoreProps,
    AppProps,
    CustomProps,
    Labels,
    SheetCustomProperty,
    PrinterSettings,
    CustomXml,
    XmlMaps,
    Connections,
    QueryTable,
    ExternalLink,
    Drawing,
    Vml,
    Table,
    Chart,
    Embedding,
    Vba,
    VbaSignature,
    ActiveX,
    ActiveXBin,
    CtrlProp,
    CustomUi,
    Image,
    Thumbnail,
    Media,
    Revisions,
    DataModel,
    Slicer,
    RichData,
    StandardXml,
    Unknown,
}

/// Choose the part kind: a thumbnail or embedding relationship first, then
/// a specific content type, then the relationship type; the name only for
/// parts no relationship reaches.
pub(crate) fn classify(ct: Option<&str>, rel: Option<&str>, name: &str, reached: bool) -> PartKind {
    let by_rel = rel.and_then(from_rel_type);
    if let Some(k @ (PartKind::Thumbnail | PartKind::Embedding)) = by_rel {
        return k;
    }
    if let Some(k) = ct.and_then(from_content_type) {
        return k;
    }
    if let Some(k) = by_rel {
        return k;
    }
    if (!reached || is_plumbing(name))
        && let Some(k) = from_name(name)
    {
        return k;
    }
    PartKind::Unknown
}

/// Relationship and content-type parts of the package itself.
fn is_plumbing(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".rels") || n == "[content_types].xml"
}

fn from_content_type(ct: &str) -> Option<PartKind> {
    use PartKind::*;
    let ct = ct
        .split(';')
        .next()
        .unwrap_or(ct)
        .trim()
        .to_ascii_lowercase();
    let c = ct.as_str();
    let has = |s: &str| c.contains(s);
    Some(if has("pivotcachedefinition") {
        PivotCacheDefinition
    } else if has("pivotcacherecords") {
        PivotCacheRecords
    } else if has("spreadsheetml.pivottable+xml") {
        PivotTable
    } else if has("threadedcomments") {
        ThreadedComments
    } else if has("spreadsheetml.comments+xml") {
        Comments
    } else if has("ms-excel.person+xml") {
        Persons
    } else if has("core-properties+xml") {
        CoreProps
    } else if has("extended-properties+xml") {
        AppProps
    } else if has("custom-properties+xml") {
        CustomProps
    } else if has("classificationlabels") {
        Labels
    } else if has("spreadsheetml.customproperty") {
        SheetCustomProperty
    } else if has("printersettings") {
        PrinterSettings
    } else if has("xmlmaps+xml") {
        XmlMaps
    } else if has("spreadsheetml.connections+xml") {
        Connections
    } else if has("spreadsheetml.querytable+xml") {
        QueryTable
    } else if has("spreadsheetml.externallink+xml") {
        ExternalLink
    } else if has("vmldrawing") {
        Vml
    } else if has("diagramlayout") || has("diagramstyle") || has("diagramcolors") {
        StandardXml
    } else if has("officedocument.drawing+xml")
        || has("chartshapes+xml")
        || has("diagramdata+xml")
        || has("diagramdrawing+xml")
    {
        Drawing
    } else if has("chartstyle+xml") || has("chartcolorstyle+xml") {
        StandardXml
    } else if has("drawingml.chart+xml") || has("chartex+xml") {
        Chart
    } else if has("oleobject") {
        Embedding
    } else if has("vbaprojectsignature") {
        VbaSignature
    } else if has("vbaproject") {
        Vba
    } else if has("ms-office.activex+xml") {
        ActiveX
    } else if has("ms-office.activex") {
        ActiveXBin
    } else if has("controlproperties+xml") {
        CtrlProp
    } else if has("revisionheaders+xml") || has("revisionlog+xml") || has("usernames+xml") {
        Revisions
    } else if has("model+data") {
        DataModel
    } else if has("slicer+xml")
        || has("slicercache+xml")
        || has("timeline+xml")
        || has("timelinecache+xml")
    {
        Slicer
    } else if has("spreadsheetml.table+xml") {
        Table
    } else if has("richvalue")
        || has("rdrichvalue")
        || has("rdarray")
        || has("rdsupportingpropertybag")
    {
        RichData
    } else if has("customxmlproperties+xml")
        || has(".theme+xml")
        || has("themeoverride+xml")
        || has("calcchain+xml")
        || has("spreadsheetml.styles+xml")
        || has("sharedstrings+xml")
        || has("tablesinglecells+xml")
        || has("volatiledependencies+xml")
        || has("sheetmetadata+xml")
        || has("featurepropertybag+xml")
        || has("relationships+xml")
        || has("namedsheetviews+xml")
    {
        StandardXml
    } else if c.starts_with("image/") {
        Image
    } else if c.starts_with("audio/") || c.starts_with("video/") {
        Media
    } else if c == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        || c == "application/vnd.ms-excel.sheet.macroenabled.12"
        || c == "application/vnd.ms-excel.sheet.binary.macroenabled.12"
        || c == "application/vnd.openxmlformats-officedocument.spreadsheetml.template"
        || c == "application/vnd.ms-excel"
        || c == "application/msword"
        || c == "application/vnd.ms-powerpoint"
        || c == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        || c == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        || c == "application/vnd.oasis.opendocument.spreadsheet"
        || c == "application/pdf"
        || c == "text/csv"
    {
        Embedding
    } else {
        return None;
    })
}

fn from_rel_type(rel: &str) -> Option<PartKind> {
    use PartKind::*;
    let last = rel
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .to_ascii_lowercase();
    Some(match last.as_str() {
        "pivotcachedefinition" => PivotCacheDefinition,
        "pivotcacherecords" => PivotCacheRecords,
        "pivottable" => PivotTable,
        "comments" => Comments,
        "threadedcomment" | "threadedcomments" => ThreadedComments,
        "person" | "persons" => Persons,
        "core-properties" => CoreProps,
        "extended-properties" => AppProps,
        "custom-properties" => CustomProps,
        "classificationlabels" => Labels,
        "customproperty" => SheetCustomProperty,
        "printersettings" => PrinterSettings,
        "customxml" => CustomXml,
        "xmlmaps" => XmlMaps,
        "connections" => Connections,
        "querytable" => QueryTable,
        "externallink" => ExternalLink,
        "drawing" | "chartusershapes" | "diagramdata" | "diagramdrawing" => Drawing,
        "vmldrawing" => Vml,
        "chart" | "chartex" => Chart,
        "oleobject" | "package" => Embedding,
        "vbaproject" => Vba,
        "vbaprojectsignature" | "vbaprojectsignatureagile" | "vbaprojectsignaturev3" => {
            VbaSignature
        }
        "control" => ActiveX,
        "activexcontrolbinary" => ActiveXBin,
        "ctrlprop" => CtrlProp,
        "extensibility" => CustomUi,
        "image" => Image,
        "thumbnail" => Thumbnail,
        "audio" | "video" | "media" => Media,
        "revisionheaders" | "revisionlog" | "usernames" => Revisions,
        "model" | "powerpivotdata" => DataModel,
        "table" => Table,
        "slicer" | "slicercache" | "timeline" | "timelinecache" => Slicer,
        "richvaluerel"
        | "rdrichvalue"
        | "rdrichvaluestructure"
        | "rdrichvaluetypes"
        | "rdarray"
        | "rdsupportingpropertybag"
        | "rdsupportingpropertybagstructure"
        | "richstyles" => RichData,
        "customxmlprops"
        | "theme"
        | "themeoverride"
        | "calcchain"
        | "styles"
        | "sharedstrings"
        | "tablesinglecells"
        | "volatiledependencies"
        | "sheetmetadata"
        | "featurepropertybag"
        | "chartstyle"
        | "chartcolorstyle"
        | "diagramlayout"
        | "diagramquickstyle"
        | "diagramcolors"
        | "namedsheetview" => StandardXml,
        _ => return None,
    })
}

/// Only for parts no relationship reaches.
fn from_name(name: &str) -> Option<PartKind> {
    use PartKind::*;
    let n = name.to_ascii_lowercase().replace('\\', "/");
    let file = n.rsplit('/').next().unwrap_or(&n);
    let ext = file.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let under = |dir: &str| n.contains(dir);
    Some(if is_plumbing(&n) {
        StandardXml
    } else if n == "docprops/core.xml" {
        CoreProps
    } else if n == "docprops/app.xml" {
        AppProps
    } else if n == "docprops/custom.xml" {
        CustomProps
    } else if n.starts_with("docprops/thumbnail") {
        Thumbnail
    } else if file.starts_with("pivotcachedefinition") {
        PivotCacheDefinition
    } else if file.starts_with("pivotcacherecords") {
        PivotCacheRecords
    } else if under("pivottables/") {
        PivotTable
    } else if under("threadedcomments/") {
        ThreadedComments
    } else if under("persons/") {
        Persons
    } else if file.starts_with("comments") && ext == "xml" {
        Comments
    } else if n.starts_with("customxml/itemprops") {
        StandardXml
    } else if n.starts_with("customxml/item") {
        CustomXml
    } else if file == "connections.xml" {
        Connections
    } else if under("querytables/") {
        QueryTable
    } else if under("externallinks/") {
        ExternalLink
    } else if ext == "vml" {
        Vml
    } else if under("drawings/") && ext == "xml" {
        Drawing
    } else if under("charts/") && (file.starts_with("style") || file.starts_with("colors")) {
        StandardXml
    } else if under("charts/") {
        Chart
    } else if under("embeddings/") {
        Embedding
    } else if file.starts_with("vbaprojectsignature") {
        VbaSignature
    } else if file == "vbaproject.bin" {
        Vba
    } else if under("activex/") && ext == "xml" {
        ActiveX
    } else if under("activex/") {
        ActiveXBin
    } else if under("ctrlprops/") {
        CtrlProp
    } else if under("customui/") {
        CustomUi
    } else if under("revisions/") {
        Revisions
    } else if under("model/") && ext == "data" {
        DataModel
    } else if under("media/") {
        match ext {
            "png" | "jpg" | "jpeg" | "gif" | "bmp" | "emf" | "wmf" | "tif" | "tiff" | "svg"
            | "webp" | "ico" => Image,
            _ => Media,
        }
    } else if under("slicers/")
        || under("slicercaches/")
        || under("timelines/")
        || under("timelinecaches/")
    {
        Slicer
    } else if under("richdata/") {
        RichData
    } else if under("tables/") && file.starts_with("table") && ext == "xml" {
        Table
    } else if under("printersettings/") {
        PrinterSettings
    } else if under("theme/")
        || file == "calcchain.xml"
        || file == "styles.xml"
        || file == "sharedstrings.xml"
        || file == "volatiledependencies.xml"
        || file == "metadata.xml"
        || under("featurepropertybag/")
    {
        StandardXml
    } else {
        return None;
    })
}

/// Where a part's findings go, and a small helper to send text.
pub(crate) struct Out<'a> {
    pub visitor: &'a dyn Visitor,
    /// The part, with the owning sheet when there is one.
    pub loc: Location,
    /// The owning sheet is hidden: everything in the part is hidden.
    pub sheet_hidden: bool,
}

impl<'a> Out<'a> {
    pub fn new(part: &PartCtx<'_>, visitor: &'a dyn Visitor) -> Self {
        let mut loc = Location::part(part.name);
        if let Some(s) = part.sheet {
            loc.sheet = Some(s.to_string());
        }
        Out {
            visitor,
            loc,
            sheet_hidden: part.sheet_hidden,
        }
    }

    /// Send one non-empty text found in the part.
    pub fn text(&self, kind: Kind, field: Option<&str>, hidden: bool, text: &str) {
        self.text_at(&self.loc, kind, field, hidden, text)
    }

    /// Send one non-empty text at a more precise location.
    pub fn text_at(
        &self,
        loc: &Location,
        kind: Kind,
        field: Option<&str>,
        hidden: bool,
        text: &str,
    ) {
        let t = text.trim();
        if t.is_empty() {
            return;
        }
        self.visitor.text(
            TextPlace {
                kind,
                location: loc,
                field,
                hidden: hidden || self.sheet_hidden,
            },
            t,
        );
    }

    pub fn feature(&self, f: Feature) {
        self.visitor.feature(f)
    }

    /// The part cannot be fully inspected (the file cannot pass).
    pub fn incomplete(&self, reason: &str) {
        self.visitor.incomplete(&self.loc, reason)
    }

    /// Printable strings of a binary blob as text (capped; the part is
    /// reported incomplete when the cap is hit).
    pub fn binary_strings(&self, kind: Kind, field: &str, bytes: &[u8]) {
        let mut flush = |s: &str| self.text(kind, Some(field), true, s);
        let mut b = scan::Batcher::new(scan::MAX_STRINGS_BYTES, &mut flush);
        scan::printable_runs(bytes, 4, |s| b.push(s));
        if b.finish() {
            self.incomplete(&format!(
                "more than {} MB of text in a binary part: not all of it was scanned",
                scan::MAX_STRINGS_BYTES >> 20
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;

    #[test]
    fn dispatch_prefers_content_type_then_relationship() {
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
        assert_eq!(
            classify(None, Some(rel), "xl/odd-name.xml", true),
            PartKind::Comments
        );
        assert_eq!(
            classify(Some("application/xml"), Some(rel), "xl/x.xml", true),
            PartKind::Comments
        );
        assert_eq!(
            classify(
                Some(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml"
                ),
                None,
                "xl/whatever.xml",
                true
            ),
            PartKind::PivotCacheDefinition
        );
        // A reached part is never classified by a guessed name.
        assert_eq!(
            classify(None, None, "xl/comments1.xml", true),
            PartKind::Unknown
        );
        assert_eq!(
            classify(None, None, "xl/comments1.xml", false),
            PartKind::Comments
        );
        let pkg = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package";
        assert_eq!(
            classify(
                Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                Some(pkg),
                "xl/embeddings/Book1.xlsx",
                true
            ),
            PartKind::Embedding
        );
        let thumb =
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail";
        assert_eq!(
            classify(
                Some("image/jpeg"),
                Some(thumb),
                "docProps/thumbnail.jpeg",
                true
            ),
            PartKind::Thumbnail
        );
    }

    #[test]
    fn standard_parts() {
        assert!(is_standard(
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"),
            None,
            "xl/calcChain.xml"
        ));
        assert!(is_standard(None, None, "xl/_rels/workbook.xml.rels"));
        assert!(!is_standard(Some("image/png"), None, "xl/media/image1.png"));
        assert!(!is_standard(
            Some("application/vnd.ms-office.webextension+xml"),
            None,
            "xl/webextensions/webextension1.xml"
        ));
    }

    #[test]
    fn standard_part_is_only_checked_for_well_formedness() {
        let rec = Recorder::default();
        let ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml";
        run(
            &rec,
            "xl/calcChain.xml",
            Some(ct),
            None,
            b"<calcChain><c r='A1' i='1'/></calcChain>",
        )
        .unwrap();
        assert!(rec.features().is_empty() && rec.texts().is_empty());
        let err = run(
            &rec,
            "xl/calcChain.xml",
            Some(ct),
            None,
            b"<calcChain><c r='A1'",
        )
        .unwrap_err();
        assert!(
            matches!(err, crate::source::SourceError::Corrupt(_)),
            "{err:?}"
        );
    }

    #[test]
    fn unreached_part_is_reported_and_scanned() {
        let rec = Recorder::default();
        let ctx = test_ctx();
        let part = PartCtx {
            reached: false,
            ..part_ctx("xl/secret/list.xml", None, None, &ctx)
        };
        inspect_part(
            &part,
            b"<list><who id='PC 4521'>Jane Doe</who></list>",
            &rec,
        )
        .unwrap();
        let f = rec.features();
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].kind, Kind::UnknownPart);
        assert_eq!(f[0].variant, Some("unreached"));
        assert!(rec.has_text("Jane Doe"));
        assert!(rec.has_text("PC 4521"));
    }

    #[test]
    fn unreached_known_part_gets_its_own_parser_too() {
        let rec = Recorder::default();
        let ctx = test_ctx();
        let part = PartCtx {
            reached: false,
            ..part_ctx("xl/comments9.xml", None, None, &ctx)
        };
        let xml = b"<comments><authors><author>Ann</author></authors><commentList><comment ref='C3' authorId='0'><text><t>hi</t></text></comment></commentList></comments>";
        inspect_part(&part, xml, &rec).unwrap();
        let kinds: Vec<_> = rec.features().iter().map(|f| (f.kind, f.variant)).collect();
        assert!(
            kinds.contains(&(Kind::UnknownPart, Some("unreached"))),
            "{kinds:?}"
        );
        assert!(kinds.contains(&(Kind::Comment, Some("note"))), "{kinds:?}");
        assert!(rec.has_text_field("Ann", "author"));
    }

    #[test]
    fn recognised_parts_without_features_still_send_text() {
        // A slicer cache (OLAP captions), form-control properties, a ribbon.
        let cases: [(&str, &str, &[u8], Kind, &str); 3] = [
            (
                "xl/slicerCaches/slicerCache1.xml",
                "application/vnd.ms-excel.slicerCache+xml",
                b"<slicerCacheDefinition name='Slicer_Name'><data><olap><levels><level><ranges><range><i n='[Staff].[Name].&amp;[Jane Doe]' c='Jane Doe'/></range></ranges></level></levels></olap></data></slicerCacheDefinition>",
                Kind::PivotCache,
                "Jane Doe",
            ),
            (
                "xl/ctrlProps/ctrlProp1.xml",
                "application/vnd.ms-excel.controlproperties+xml",
                b"<formControlPr objectType='Drop' fmlaRange='Officers!$A$1:$A$9'/>",
                Kind::DrawingText,
                "Officers!$A$1:$A$9",
            ),
            (
                "customUI/customUI14.xml",
                "",
                b"<customUI><ribbon><tabs><tab id='t' label='Export for J Doe'/></tabs></ribbon></customUI>",
                Kind::Macro,
                "Export for J Doe",
            ),
        ];
        for (name, ct, xml, kind, text) in cases {
            let rec = Recorder::default();
            let ui = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility";
            let (ct, rel) = if ct.is_empty() {
                (None, Some(ui))
            } else {
                (Some(ct), None)
            };
            run(&rec, name, ct, rel, xml).unwrap();
            assert!(rec.features().is_empty(), "{name}: {:?}", rec.features());
            let t = rec
                .text_with(text)
                .unwrap_or_else(|| panic!("{name}: {:?}", rec.texts()));
            assert_eq!(t.kind, kind, "{name}");
            assert!(t.hidden);
        }
    }

    #[test]
    fn classification_label_part() {
        let rec = Recorder::default();
        let ct = "application/vnd.ms-office.classificationlabels+xml";
        let xml = b"<clbl:labelList xmlns:clbl='http://schemas.microsoft.com/office/2020/mipLabelMetadata'><clbl:label id='{11111111-2222}' enabled='1' method='Privileged' siteId='{33333333}' removed='0'/></clbl:labelList>";
        run(&rec, "docMetadata/LabelInfo.xml", Some(ct), None, xml).unwrap();
        let f = rec.of_kind(Kind::DocumentProperties);
        assert_eq!((f.len(), f[0].variant), (1, Some("label")));
        assert!(rec.has_text_field("Privileged", "method"));
    }

    #[test]
    fn an_image_that_is_really_a_zip_is_inspected_as_embedded() {
        let mut z = std::io::Cursor::new(Vec::new());
        {
            use std::io::Write;
            let mut w = ::zip::ZipWriter::new(&mut z);
            w.start_file("notes.xml", ::zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(b"<n>Informant: John Roe</n>").unwrap();
            w.finish().unwrap();
        }
        let rec = Recorder::default();
        run(
            &rec,
            "xl/media/image9.png",
            Some("image/png"),
            None,
            &z.into_inner(),
        )
        .unwrap();
        assert_eq!(rec.of_kind(Kind::EmbeddedObject).len(), 1);
        assert!(rec.has_text("Informant: John Roe"));
    }

    #[test]
    fn hostile_bytes_never_panic_in_any_parser() {
        let rels = [
            "pivotCacheDefinition",
            "pivotCacheRecords",
            "pivotTable",
            "comments",
            "customXml",
            "connections",
            "queryTable",
            "externalLink",
            "drawing",
            "vmlDrawing",
            "chart",
            "oleObject",
            "package",
            "ctrlProp",
            "revisionLog",
            "image",
            "printerSettings",
            "custom-properties",
            "extended-properties",
            "customProperty",
            "slicerCache",
        ];
        let cts = [
            "application/vnd.ms-excel.threadedcomments+xml",
            "application/vnd.ms-excel.person+xml",
            "application/vnd.openxmlformats-package.core-properties+xml",
            "application/vnd.ms-office.vbaProject",
            "application/vnd.ms-office.vbaProjectSignature",
            "application/vnd.ms-office.activeX+xml",
            "application/vnd.ms-office.activeX",
            "application/vnd.openxmlformats-officedocument.model+data",
            "application/vnd.ms-office.classificationlabels+xml",
            "image/jpeg",
            "application/x-unknown",
        ];
        let mut inputs: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"<".to_vec(),
            b"<a b='1'><c>".to_vec(),
            b"\xFF\xFE<\0a\0".to_vec(),
            b"PK\x03\x04garbage".to_vec(),
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 1, 2, 3],
            b"\xFF\xD8\xFF\xE1\x00".to_vec(),
            b"<DataMashup>!!!</DataMashup>".to_vec(),
            b"<DataMashup>AAAAAP////8=</DataMashup>".to_vec(),
        ];
        let mut x = 7u32;
        for len in [1usize, 7, 64, 600, 5000] {
            let mut v = Vec::with_capacity(len);
            for _ in 0..len {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                v.push((x >> 16) as u8);
            }
            inputs.push(v);
        }
        let rel_uris: Vec<String> = rels.iter().map(|r| rel(r)).collect();
        for bytes in &inputs {
            for r in &rel_uris {
                let _ = run(&Recorder::default(), "xl/part.bin", None, Some(r), bytes);
            }
            for ct in cts {
                let _ = run(&Recorder::default(), "xl/part.bin", Some(ct), None, bytes);
            }
        }
    }

    #[test]
    fn external_targets_of_a_drawing_are_reported() {
        let rec = Recorder::default();
        let ctx = test_ctx();
        let targets = vec![
            "file:///C:/Users/jdoe/Pictures/staff.png".to_string(),
            "https://example.org/".to_string(),
            "\\\\srv\\hr\\list.xlsx".to_string(),
        ];
        let part = PartCtx {
            external_targets: &targets,
            ..part_ctx(
                "xl/drawings/drawing1.xml",
                Some("application/vnd.openxmlformats-officedocument.drawing+xml"),
                None,
                &ctx,
            )
        };
        inspect_part(&part, b"<xdr:wsDr xmlns:xdr='x'/>", &rec).unwrap();
        let f: Vec<_> = rec
            .features()
            .into_iter()
            .map(|f| (f.kind, f.variant, f.count))
            .collect();
        assert!(
            f.contains(&(Kind::Hyperlink, Some("local_path"), 2)),
            "{f:?}"
        );
        assert!(f.contains(&(Kind::Hyperlink, Some("web"), 1)), "{f:?}");
        assert!(rec.has_text_field("file:///C:/Users/jdoe/Pictures/staff.png", "target"));
        assert!(rec.has_text_field("\\\\srv\\hr", "target"));
    }
}
