//! What each entry of an ODF package is, judged from its name: the
//! standard parts, pictures, macros, embedded objects, signatures, or
//! something unknown.
use super::{PART_CONTENT, PART_MANIFEST, PART_META, PART_MIMETYPE, PART_STYLES};

/// What a package entry is, from its name.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Class {
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

pub(super) fn classify(name: &str) -> Class {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification() {
        assert_eq!(
            classify("Object 1/content.xml"),
            Class::Object("Object 1".into())
        );
        assert_eq!(classify("Object 2"), Class::OleObject);
        assert_eq!(
            classify("ObjectReplacements/Object 1"),
            Class::ObjectReplacement
        );
        assert_eq!(
            classify("Configurations2/accelerator/current.xml"),
            Class::Standard
        );
        assert_eq!(classify("Basic/Standard/Module1.xml"), Class::BasicModule);
        assert_eq!(classify("Basic/script-lc.xml"), Class::Standard);
        assert_eq!(classify("Pictures/1.png"), Class::Picture);
        assert_eq!(
            classify("META-INF/documentsignatures.xml"),
            Class::Signature
        );
        assert_eq!(classify("notes.txt"), Class::Unknown);
    }
}
