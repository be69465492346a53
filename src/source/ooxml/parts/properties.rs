//! Document properties: `docProps/core.xml` (creator, lastModifiedBy, ...),
//! `docProps/app.xml` (Company, Manager, TitlesOfParts), `docProps/custom.xml`
//! (any name/value, sensitivity labels `MSIP_Label_*`), the classification
//! label part, sheet custom properties and printer settings.

use super::scan::{Ev, walk};
use super::{Out, PartCtx, unknown};
use crate::detect::content::may_name_someone;
use crate::finding::Kind;
use crate::model::Feature;
use crate::numbers::thousands;
use crate::source::Result;

const TIMESTAMPS: &[&str] = &["created", "modified", "lastPrinted"];
const PERSON_FIELDS: &[&str] = &["creator", "lastModifiedBy"];

/// Read the text of every child of the root element, with its local name.
fn children(part: &PartCtx<'_>, bytes: &[u8], mut f: impl FnMut(&str, &str)) -> Result<()> {
    let mut name = String::new();
    let mut buf = String::new();
    walk(bytes, part.name, &part.ctx.limits, |ev, st| {
        match ev {
            Ev::Start(e) if st.depth() == 2 => {
                name.clear();
                name.push_str(e.local());
                buf.clear();
            }
            Ev::Text(t) if st.depth() >= 2 => {
                if !buf.is_empty() {
                    buf.push('\n');
                }
                buf.push_str(t)
            }
            Ev::End(_) if st.depth() == 2 => f(&name, buf.trim()),
            _ => {}
        }
        Ok(())
    })
}

/// `docProps/core.xml`.
pub(super) fn core(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    let mut person: Option<String> = None;
    let mut other = false;
    children(part, bytes, |name, value| {
        if value.is_empty() || TIMESTAMPS.contains(&name) {
            return;
        }
        out.text(Kind::DocumentProperties, Some(name), true, value);
        if PERSON_FIELDS.contains(&name) && may_name_someone(value) {
            person.get_or_insert_with(|| value.to_string());
        } else {
            other = true;
        }
    })?;
    let f = match (&person, other) {
        (Some(p), _) => Feature::new(
            Kind::DocumentProperties,
            out.loc.clone(),
            "Document properties name the author or last editor.",
        )
        .variant("person")
        .sample(p.clone()),
        (None, true) => Feature::new(
            Kind::DocumentProperties,
            out.loc.clone(),
            "Document properties hold a title, subject, keywords or other text.",
        )
        .variant("text"),
        (None, false) => Feature::new(
            Kind::DocumentProperties,
            out.loc.clone(),
            "Document properties hold only timestamps.",
        )
        .variant("empty"),
    };
    out.feature(f);
    Ok(())
}

/// Fields of `docProps/app.xml` that only describe the application or counts.
const APP_PLAIN: &[&str] = &[
    "Application",
    "AppVersion",
    "DocSecurity",
    "ScaleCrop",
    "LinksUpToDate",
    "SharedDoc",
    "HyperlinksChanged",
    "TotalTime",
    "Pages",
    "Words",
    "Characters",
    "CharactersWithSpaces",
    "Lines",
    "Paragraphs",
    "PresentationFormat",
    "Slides",
    "Notes",
    "HiddenSlides",
    "MMClips",
    "HeadingPairs",
    "TitlesOfParts",
    "DigSig",
];

/// `docProps/app.xml`.
pub(super) fn app(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    let mut manager: Option<String> = None;
    let mut org: Option<String> = None;
    let mut name = String::new();
    let mut buf = String::new();
    walk(bytes, part.name, &part.ctx.limits, |ev, st| {
        match ev {
            Ev::Start(e) if st.depth() == 2 => {
                name.clear();
                name.push_str(e.local());
                buf.clear();
            }
            Ev::Text(t) if st.depth() >= 2 => {
                if name == "TitlesOfParts" {
                    out.text(Kind::DocumentProperties, Some("TitlesOfParts"), true, t);
                } else {
                    buf.push_str(t);
                }
            }
            Ev::End(_) if st.depth() == 2 => {
                let v = buf.trim();
                if !v.is_empty() && !APP_PLAIN.contains(&name.as_str()) {
                    out.text(Kind::DocumentProperties, Some(&name), true, v);
                    if name == "Manager" {
                        manager.get_or_insert_with(|| v.to_string());
                    } else {
                        org.get_or_insert_with(|| v.to_string());
                    }
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    let f = if let Some(m) = manager {
        Feature::new(
            Kind::DocumentProperties,
            out.loc.clone(),
            "Document properties name a manager.",
        )
        .variant("person")
        .sample(m)
    } else if let Some(c) = org {
        Feature::new(
            Kind::DocumentProperties,
            out.loc.clone(),
            "Document properties name the company (or a template or link base path).",
        )
        .variant("organisation")
        .sample(c)
    } else {
        Feature::new(
            Kind::DocumentProperties,
            out.loc.clone(),
            "Application properties list the sheet names and the application only.",
        )
        .variant("empty")
    };
    out.feature(f);
    Ok(())
}

/// `docProps/custom.xml`: every property name and value.
pub(super) fn custom(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    let mut count = 0u64;
    let mut labels = 0u64;
    let mut name = String::new();
    let mut value = String::new();
    walk(bytes, part.name, &part.ctx.limits, |ev, st| {
        match ev {
            Ev::Start(e) if e.local() == "property" => {
                count += 1;
                name.clear();
                name.push_str(e.attr("name").unwrap_or("").trim());
                value.clear();
                out.text(Kind::DocumentProperties, Some("property_name"), true, &name);
                if name.starts_with("MSIP_Label_") {
                    labels += 1;
                }
            }
            Ev::Text(t) if st.has("property") => value.push_str(t),
            Ev::End("property") => {
                let field = if name.is_empty() {
                    "property"
                } else {
                    name.as_str()
                };
                out.text(Kind::DocumentProperties, Some(field), true, &value);
            }
            _ => {}
        }
        Ok(())
    })?;
    let f = if count == 0 {
        Feature::new(
            Kind::DocumentProperties,
            out.loc.clone(),
            "The custom properties part is empty.",
        )
        .variant("empty")
    } else {
        let msg = if labels > 0 {
            format!(
                "{count} custom document properties, including a sensitivity label (which can name who set it).",
                count = thousands(count)
            )
        } else {
            format!(
                "{count} custom document properties with names and values chosen by the author.",
                count = thousands(count)
            )
        };
        Feature::new(Kind::DocumentProperties, out.loc.clone(), msg).variant("custom")
    };
    out.feature(f.count(count));
    Ok(())
}

/// The sensitivity-label part (`docMetadata/LabelInfo.xml`).
pub(super) fn labels(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    unknown::xml_text(part, bytes, out, Kind::DocumentProperties, true)?;
    out.feature(
        Feature::new(
            Kind::DocumentProperties,
            out.loc.clone(),
            "A sensitivity (classification) label is recorded in the file.",
        )
        .variant("label"),
    );
    Ok(())
}

/// A sheet's custom property (binary, set by add-ins): its strings.
pub(super) fn sheet_custom_property(_part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) {
    out.binary_strings(Kind::DocumentProperties, "sheet_custom_property", bytes);
}

/// Printer settings (a DEVMODE): the printer name and driver strings.
pub(super) fn printer_settings(_part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) {
    out.binary_strings(Kind::DocumentProperties, "printer", bytes);
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::finding::Kind;

    #[test]
    fn core_properties_person_and_texts() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Staff list</dc:title><dc:creator>joel gilmore</dc:creator><cp:lastModifiedBy>Jane Doe</cp:lastModifiedBy><cp:keywords>OFFICIAL-SENSITIVE</cp:keywords><dcterms:created xsi:type="dcterms:W3CDTF">2025-09-13T10:14:06Z</dcterms:created></cp:coreProperties>"#;
        let rec = Recorder::default();
        let ct = "application/vnd.openxmlformats-package.core-properties+xml";
        run(&rec, "docProps/core.xml", Some(ct), None, xml).unwrap();
        let f = rec.of_kind(Kind::DocumentProperties);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].variant, Some("person"));
        assert_eq!(f[0].sample.as_deref(), Some("joel gilmore"));
        assert!(rec.has_text_field("joel gilmore", "creator"));
        assert!(rec.has_text_field("Jane Doe", "lastModifiedBy"));
        assert!(rec.has_text_field("Staff list", "title"));
        assert!(rec.has_text_field("OFFICIAL-SENSITIVE", "keywords"));
        assert!(!rec.has_text("2025-09-13"));
    }

    #[test]
    fn core_properties_with_only_timestamps_are_empty() {
        let xml = br#"<cp:coreProperties xmlns:cp="c" xmlns:dc="d" xmlns:dcterms="t"><dc:creator></dc:creator><dcterms:created>2025-09-13T10:14:06Z</dcterms:created></cp:coreProperties>"#;
        let rec = Recorder::default();
        let r =
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";
        run(&rec, "docProps/core.xml", None, Some(r), xml).unwrap();
        assert_eq!(
            rec.of_kind(Kind::DocumentProperties)[0].variant,
            Some("empty")
        );
        assert!(rec.texts().is_empty());
    }

    #[test]
    fn app_properties_manager_company_titles() {
        let xml = br#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application><TitlesOfParts><vt:vector size="2" baseType="lpstr"><vt:lpstr>Summary</vt:lpstr><vt:lpstr>Officers (hidden)</vt:lpstr></vt:vector></TitlesOfParts><Manager>Ch Supt A Smith</Manager><Company>Example Police</Company><HyperlinkBase>C:\Users\jdoe\</HyperlinkBase></Properties>"#;
        let rec = Recorder::default();
        let r = rel("extended-properties");
        run(&rec, "docProps/app.xml", None, Some(&r), xml).unwrap();
        let f = rec.of_kind(Kind::DocumentProperties);
        assert_eq!(f[0].variant, Some("person"));
        assert!(rec.has_text_field("Ch Supt A Smith", "Manager"));
        assert!(rec.has_text_field("Example Police", "Company"));
        assert!(rec.has_text_field("C:\\Users\\jdoe\\", "HyperlinkBase"));
        assert!(rec.has_text_field("Officers (hidden)", "TitlesOfParts"));
        assert!(rec.has_text_field("Summary", "TitlesOfParts"));
        assert!(!rec.has_text("Microsoft Excel"));

        let rec = Recorder::default();
        let xml = br#"<Properties><Application>Microsoft Excel</Application><Company>Example Police</Company></Properties>"#;
        run(&rec, "docProps/app.xml", None, Some(&r), xml).unwrap();
        assert_eq!(
            rec.of_kind(Kind::DocumentProperties)[0].variant,
            Some("organisation")
        );

        let rec = Recorder::default();
        let xml = br#"<Properties><Application>Microsoft Excel</Application><Company></Company></Properties>"#;
        run(&rec, "docProps/app.xml", None, Some(&r), xml).unwrap();
        assert_eq!(
            rec.of_kind(Kind::DocumentProperties)[0].variant,
            Some("empty")
        );
    }

    #[test]
    fn custom_properties_names_values_and_labels() {
        let xml = br#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="MSIP_Label_1234_SetBy"><vt:lpwstr>jane.doe@example.gov.uk</vt:lpwstr></property><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="Reviewer"><vt:lpwstr>PC 4521 Smith</vt:lpwstr></property></Properties>"#;
        let rec = Recorder::default();
        let ct = "application/vnd.openxmlformats-officedocument.custom-properties+xml";
        run(&rec, "docProps/custom.xml", Some(ct), None, xml).unwrap();
        let f = rec.of_kind(Kind::DocumentProperties);
        assert_eq!((f[0].variant, f[0].count), (Some("custom"), 2));
        assert!(f[0].message.contains("sensitivity label"));
        assert!(rec.has_text_field("jane.doe@example.gov.uk", "MSIP_Label_1234_SetBy"));
        assert!(rec.has_text_field("PC 4521 Smith", "Reviewer"));
        assert!(rec.has_text_field("Reviewer", "property_name"));
    }

    #[test]
    fn printer_settings_strings_are_scanned_without_a_feature() {
        let mut dev = Vec::new();
        for u in "\\\\PRINTSRV\\HR-Floor2".encode_utf16() {
            dev.extend_from_slice(&u.to_le_bytes());
        }
        dev.resize(220, 0);
        let rec = Recorder::default();
        let ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings";
        run(
            &rec,
            "xl/printerSettings/printerSettings1.bin",
            Some(ct),
            None,
            &dev,
        )
        .unwrap();
        assert!(rec.features().is_empty());
        assert!(rec.has_text_field("\\\\PRINTSRV\\HR-Floor2", "printer"));
    }
}
