//! Where `content.xml` points elsewhere: hyperlinks, macros bound to
//! events, links to other files, databases, data services and DDE, and the
//! embedded objects and pictures (which sheet each is anchored to).
use quick_xml::events::BytesStart;

use super::Content;
use crate::finding::Kind;
use crate::model::Feature;
use crate::source::link_target::is_local_path;
use crate::source::xml::attr;

/// Most hyperlink features listed one by one; the rest are summed up.
pub(super) const MAX_LINK_FEATURES: u64 = 1000;

impl Content<'_, '_> {
    pub(super) fn anchor(&mut self, e: &BytesStart<'_>) {
        let Some(sheet) = self.sheet_name().map(str::to_string) else {
            return;
        };
        if let Some(href) = attr(e, "href") {
            let target = href
                .trim_start_matches("./")
                .trim_end_matches('/')
                .to_string();
            self.info.anchors.entry(target).or_insert(sheet);
        }
    }

    pub(super) fn hyperlink(&mut self, e: &BytesStart<'_>) {
        let Some(href) = attr(e, "href") else { return };
        let href = href.trim().to_string();
        if href.is_empty() {
            return;
        }
        self.links += 1;
        let loc = self.here();
        let hidden = self.hidden_here();
        let local = is_local_path(&href);
        if self.links <= MAX_LINK_FEATURES {
            let mut f = Feature::new(
                Kind::Hyperlink,
                loc.clone(),
                "A hyperlink points elsewhere.",
            )
            .sample(href.clone());
            if local {
                f = f.variant("local_path");
            }
            self.visitor.feature(f);
        }
        self.text_at(Kind::Hyperlink, &loc, Some("target"), hidden, &href);
    }

    pub(super) fn event_listener(&mut self, e: &BytesStart<'_>) {
        let target = attr(e, "macro-name").or_else(|| attr(e, "href"));
        let Some(target) = target else { return };
        let loc = self.here();
        self.visitor.feature(
            Feature::new(Kind::Macro, loc.clone(), "An event runs a macro or script.")
                .variant("event")
                .sample(target.clone()),
        );
        self.text_at(Kind::Macro, &loc, Some("macro"), true, &target);
    }

    pub(super) fn database_source(&mut self, e: &BytesStart<'_>) {
        let source = attr(e, "sql-statement")
            .or_else(|| attr(e, "database-table-name"))
            .or_else(|| attr(e, "query-name"));
        self.link_feature(
            Kind::DataConnection,
            "database",
            "A range or pivot table is filled from a database.",
            &[("database", attr(e, "database-name")), ("source", source)],
        );
    }

    pub(super) fn link_feature(
        &mut self,
        kind: Kind,
        variant: &'static str,
        msg: &str,
        fields: &[(&str, Option<String>)],
    ) {
        let loc = self.here();
        let mut f = Feature::new(kind, loc.clone(), msg).variant(variant);
        if let Some((_, Some(v))) = fields.iter().find(|(_, v)| v.is_some()) {
            f = f.sample(v.clone());
        }
        self.visitor.feature(f);
        for (field, value) in fields {
            if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
                self.text_at(kind, &loc, Some(field), true, v);
            }
        }
    }
}
