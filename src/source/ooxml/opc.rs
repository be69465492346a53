//! Open Packaging Conventions: content types, relationships (targets resolved
//! to absolute part names, external targets kept), and case-insensitive part
//! lookup.
//!
//! Part names here never start with `/` and are the zip entry names.
//!
//! ```
//! use foiguard::source::ooxml::opc::{rels_name, resolve};
//! assert_eq!(rels_name("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
//! assert_eq!(rels_name(""), "_rels/.rels");
//! assert_eq!(resolve("xl/worksheets/sheet1.xml", "../drawings/drawing1.xml"), "xl/drawings/drawing1.xml");
//! assert_eq!(resolve("xl/workbook.xml", "/xl/styles.xml"), "xl/styles.xml");
//! ```

use std::collections::HashMap;

use quick_xml::events::Event;

use crate::numbers::thousands;
use crate::source::xml::{XmlReader, attr};
use crate::source::{Limits, Result, SourceError};

/// `[Content_Types].xml`: extension defaults and per-part overrides.
#[derive(Debug, Default, Clone)]
pub struct ContentTypes {
    defaults: HashMap<String, String>,
    overrides: HashMap<String, String>,
}

impl ContentTypes {
    /// Parse `[Content_Types].xml` to its end.
    pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Self> {
        let mut ct = ContentTypes::default();
        let mut r = XmlReader::new(bytes, "[Content_Types].xml", limits);
        let mut root = false;
        loop {
            match r.next()? {
                Event::Start(e) | Event::Empty(e) => {
                    let name = e.local_name();
                    match name.as_ref() {
                        "Types" => root = true,
                        "Default" => {
                            if let (Some(ext), Some(t)) =
                                (attr(&e, "Extension"), attr(&e, "ContentType"))
                            {
                                ct.defaults
                                    .insert(ext.to_ascii_lowercase(), t.trim().to_string());
                            }
                        }
                        "Override" => {
                            if let (Some(p), Some(t)) =
                                (attr(&e, "PartName"), attr(&e, "ContentType"))
                            {
                                let p = p.trim_start_matches('/').to_lowercase();
                                ct.overrides.insert(p, t.trim().to_string());
                            }
                        }
                        _ => {}
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if !root {
            return Err(SourceError::Corrupt(
                "[Content_Types].xml has no <Types> element".into(),
            ));
        }
        Ok(ct)
    }

    /// The content type of a part (override first, then its extension's default).
    pub fn get(&self, part: &str) -> Option<&str> {
        let lower = norm(part).trim_start_matches('/').to_lowercase();
        if let Some(t) = self.overrides.get(&lower) {
            return Some(t);
        }
        let file = lower.rsplit('/').next().unwrap_or(&lower);
        let ext = file.rsplit_once('.').map(|(_, e)| e)?;
        self.defaults.get(ext).map(String::as_str)
    }

    /// Every override, as (part name lower-cased, content type).
    pub fn overrides(&self) -> impl Iterator<Item = (&str, &str)> {
        self.overrides.iter().map(|(p, t)| (p.as_str(), t.as_str()))
    }
}

/// One relationship of a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    pub id: String,
    /// The full relationship type URI.
    pub rel_type: String,
    /// For internal targets the absolute part name (no leading `/`); for
    /// external targets the target exactly as written.
    pub target: String,
    pub external: bool,
}

impl Relationship {
    /// True when the type's last path segment is `kind` (so transitional and
    /// strict namespaces both match), e.g. `is("worksheet")`.
    pub fn is(&self, kind: &str) -> bool {
        rel_is(&self.rel_type, kind)
    }
}

/// Whether an internal relationship points to a part the package does not
/// have. Hyperlinks written without `TargetMode="External"` and web
/// addresses are not parts.
pub fn dangling(rel: &Relationship, index: &PartIndex) -> bool {
    !rel.external
        && !rel.is("hyperlink")
        && !rel.target.contains("://")
        && !rel.target.to_ascii_lowercase().contains("mailto:")
        && index.find(&rel.target).is_none()
}

/// True when a relationship type URI ends with `/kind` (case-insensitive).
pub fn rel_is(rel_type: &str, kind: &str) -> bool {
    rel_type
        .rsplit('/')
        .next()
        .is_some_and(|last| last.eq_ignore_ascii_case(kind))
}

/// The short kind of a relationship type: its last path segment.
pub fn rel_kind(rel_type: &str) -> &str {
    rel_type.rsplit('/').next().unwrap_or(rel_type)
}

/// The relationships part of `part` (`""` is the package itself).
pub fn rels_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The part a relationships part describes (`None` when the name is not a
/// `.rels` part); `Some("")` for the package relationships.
pub fn rels_source(rels: &str) -> Option<String> {
    let (dir, file) = match rels.rsplit_once('/') {
        Some((d, f)) => (d, f),
        None => return None,
    };
    let file = file.strip_suffix(".rels")?;
    let parent = if dir == "_rels" {
        ""
    } else {
        dir.strip_suffix("/_rels")?
    };
    Some(if parent.is_empty() {
        file.to_string()
    } else {
        format!("{parent}/{file}")
    })
}

/// True when the entry is a relationships part.
pub fn is_rels(name: &str) -> bool {
    rels_source(name).is_some()
}

/// Resolve a relationship target against the part that holds it; returns an
/// absolute part name without a leading `/`.
pub fn resolve(source_part: &str, target: &str) -> String {
    let target = target.split('#').next().unwrap_or("");
    let target = crate::source::link_target::percent_decode(&target.replace('\\', "/"));
    let mut parts: Vec<&str> = Vec::new();
    if !target.starts_with('/')
        && let Some((dir, _)) = source_part.rsplit_once('/')
    {
        parts.extend(dir.split('/').filter(|s| !s.is_empty()));
    }
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Parse a relationships part (to its end). `source_part` is the part it
/// describes (`""` for the package).
pub fn parse_rels(
    bytes: &[u8],
    rels_part: &str,
    source_part: &str,
    limits: &Limits,
) -> Result<Vec<Relationship>> {
    let mut out = Vec::new();
    let mut r = XmlReader::new(bytes, rels_part, limits);
    loop {
        match r.next()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let id = attr(&e, "Id").unwrap_or_default();
                let rel_type = attr(&e, "Type").unwrap_or_default();
                let raw = attr(&e, "Target").unwrap_or_default();
                let external =
                    attr(&e, "TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("external"));
                let target = if external {
                    raw
                } else {
                    resolve(source_part, &raw)
                };
                out.push(Relationship {
                    id,
                    rel_type,
                    target,
                    external,
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// A zip entry name as a part name: some writers use `\` between folders.
pub fn norm(name: &str) -> String {
    name.replace('\\', "/")
}

/// Case-insensitive lookup of zip entries by part name (OPC part names are
/// case-insensitive; zip names are not; `\` counts as `/`).
#[derive(Debug, Default, Clone)]
pub struct PartIndex {
    by_lower: HashMap<String, String>,
}

impl PartIndex {
    pub fn new(names: &[String]) -> Self {
        PartIndex {
            by_lower: names
                .iter()
                .map(|n| (norm(n).to_lowercase(), n.clone()))
                .collect(),
        }
    }
    /// The zip entry name for a part name, if the part exists.
    pub fn find(&self, part: &str) -> Option<&str> {
        self.by_lower
            .get(&part.trim_start_matches('/').to_lowercase())
            .map(String::as_str)
    }
}

/// True for content types and names of XML parts (parsed for well-formedness).
pub fn is_xml(content_type: Option<&str>, name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    content_type.is_some_and(|t| {
        let t = t.to_ascii_lowercase();
        t.ends_with("+xml") || t.ends_with("/xml") || t.contains("vml")
    }) || lower.ends_with(".xml")
        || lower.ends_with(".rels")
        || lower.ends_with(".vml")
}

/// Report the external targets among `rels` that the part's own content did
/// not already report (`used` lists those relationship ids): each target's
/// text for the content detectors, and one `hyperlink.external_target`
/// feature at `loc`.
pub(crate) fn report_external_targets(
    rels: &[Relationship],
    used: &[String],
    loc: crate::model::Location,
    visitor: &dyn crate::model::Visitor,
) {
    use crate::finding::Kind;
    use crate::model::{Feature, TextPlace};
    let targets: Vec<&Relationship> = rels
        .iter()
        .filter(|r| r.external && !used.contains(&r.id))
        .collect();
    let Some(first) = targets.first() else { return };
    for t in &targets {
        visitor.text(
            TextPlace {
                kind: Kind::Hyperlink,
                location: &loc,
                field: Some("target"),
                hidden: true,
            },
            &t.target,
        );
    }
    visitor.feature(
        Feature::new(
            Kind::Hyperlink,
            loc,
            format!(
                "{} links from this part to places outside the file (paths or addresses).",
                thousands(targets.len() as u64)
            ),
        )
        .variant("external_target")
        .count(targets.len() as u64)
        .sample(first.target.clone()),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_override_then_default() {
        let xml = br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
            <Default Extension="xml" ContentType="application/xml"/>
            <Default Extension="RELS" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
            <Override PartName="/xl/Workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
            </Types>"#;
        let ct = ContentTypes::parse(xml, &Limits::default()).unwrap();
        assert_eq!(
            ct.get("xl/workbook.xml"),
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
        );
        assert_eq!(ct.get("xl/other.xml"), Some("application/xml"));
        assert_eq!(
            ct.get("_rels/.rels"),
            Some("application/vnd.openxmlformats-package.relationships+xml")
        );
        assert_eq!(ct.get("xl/media/image1.png"), None);
        assert!(ContentTypes::parse(b"<Types><Default", &Limits::default()).is_err());
        assert!(ContentTypes::parse(b"<Other/>", &Limits::default()).is_err());
    }

    #[test]
    fn rels_resolve_and_keep_external() {
        let xml = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing%201.xml"/>
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="file:///C:\Users\jane\x.xlsx" TargetMode="External"/>
            <Relationship Id="rId3" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="/xl/worksheets/./sheet2.xml"/>
            </Relationships>"#;
        let rels = parse_rels(
            xml,
            "xl/worksheets/_rels/sheet1.xml.rels",
            "xl/worksheets/sheet1.xml",
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(rels[0].target, "xl/drawings/drawing 1.xml");
        assert!(rels[0].is("drawing") && !rels[0].external);
        assert_eq!(rels[1].target, r"file:///C:\Users\jane\x.xlsx");
        assert!(rels[1].external);
        assert_eq!(rels[2].target, "xl/worksheets/sheet2.xml");
        assert!(rels[2].is("worksheet"));
    }

    #[test]
    fn rels_names_round_trip() {
        for p in ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "", "a.xml"] {
            assert_eq!(rels_source(&rels_name(p)).as_deref(), Some(p));
        }
        assert_eq!(rels_source("xl/workbook.xml"), None);
        assert_eq!(
            resolve("xl/workbook.xml", "../../../etc/passwd"),
            "etc/passwd"
        );
        let idx = PartIndex::new(&["xl/Workbook.xml".to_string()]);
        assert_eq!(idx.find("/XL/workbook.xml"), Some("xl/Workbook.xml"));
        let idx = PartIndex::new(&[r"xl\_rels\workbook.xml.rels".to_string()]);
        assert_eq!(
            idx.find("xl/_rels/workbook.xml.rels"),
            Some(r"xl\_rels\workbook.xml.rels")
        );
    }
}
