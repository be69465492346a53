//! `meta.xml`: document properties, such as who created, last edited or
//! printed the file, custom properties and file paths.
use std::io::BufRead;

use super::xml_walk::{Ev, walk};
use crate::detect::content::may_name_someone;
use crate::finding::Kind;
use crate::model::{Feature, Location, TextPlace, Visitor};
use crate::numbers::thousands;
use crate::source::xml::attr;
use crate::source::{Limits, Result, SourceError};

/// Fields of `meta.xml` that name a person.
const PERSON_FIELDS: [&str; 3] = ["creator", "initial-creator", "printed-by"];

/// `meta.xml`: document properties.
pub(super) fn read_meta(
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
                            thousands(limits.max_xml_text_bytes as u64)
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
        .filter(|(f, v)| PERSON_FIELDS.contains(&f.as_str()) && may_name_someone(v))
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
