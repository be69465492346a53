//! Shared-workbook revision history (`xl/revisions/`): the headers (who
//! saved when), the logs (old and new cell values, renamed sheets, deleted
//! rows) and the user list. Every value and user name is text.

use super::scan::{Ev, walk};
use super::{Out, PartCtx};
use crate::finding::Kind;
use crate::model::Feature;
use crate::numbers::thousands;
use crate::source::Result;

/// Attributes holding a person's name.
const AUTHOR: &[&str] = &["userName", "author"];
/// Attributes that are ids, flags, counts or timestamps.
const PLAIN: &[&str] = &[
    "guid",
    "dateTime",
    "id",
    "rId",
    "sId",
    "maxSheetId",
    "minRId",
    "maxRId",
    "ua",
    "ra",
    "t",
    "s",
    "numFmtId",
    "diskRevisions",
    "revisionId",
    "version",
    "lastGuid",
    "shared",
    "history",
    "trackRevisions",
    "exclusive",
    "revisionCount",
    "preserveHistory",
    "protected",
    "count",
    "sheetId",
    "eol",
    "action",
    "edge",
    "ref",
    "r",
    "dxf",
    "sqref",
    "endOfListFormulaUpdate",
    "isNewSheet",
];

pub(super) fn revisions(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    let mut root = String::new();
    let mut items = 0u64;
    let mut first_user: Option<String> = None;
    walk(bytes, part.name, &part.ctx.limits, |ev, st| {
        match ev {
            Ev::Start(e) => {
                if st.depth() == 1 {
                    root = e.local().to_string();
                } else if st.depth() == 2 {
                    items += 1;
                }
                let user_list = e.local() == "userInfo";
                for a in e.attrs() {
                    let k = a.local();
                    if a.is_xmlns() || k == "Ignorable" || PLAIN.contains(&k) {
                        continue;
                    }
                    let field = if AUTHOR.contains(&k) || user_list && k == "name" {
                        "author"
                    } else {
                        k
                    };
                    if field == "author" && first_user.is_none() && !a.value.trim().is_empty() {
                        first_user = Some(a.value.trim().to_string());
                    }
                    out.text(Kind::RevisionLog, Some(field), true, &a.value);
                }
            }
            Ev::Text(t) => {
                let field = match st.top() {
                    Some("f") => "formula",
                    _ => "revision_value",
                };
                out.text(Kind::RevisionLog, Some(field), true, t);
            }
            Ev::End(_) => {}
        }
        Ok(())
    })?;
    let (variant, msg) = match root.as_str() {
        "headers" => (
            "headers",
            format!(
                "The shared-workbook history records {items} saves and who made them.",
                items = thousands(items)
            ),
        ),
        "users" => (
            "users",
            format!(
                "The shared-workbook user list names {items} people.",
                items = thousands(items)
            ),
        ),
        _ => (
            "log",
            format!(
                "A revision log keeps {items} past changes, with old cell values.",
                items = thousands(items)
            ),
        ),
    };
    let mut f = Feature::new(Kind::RevisionLog, out.loc.clone(), msg)
        .variant(variant)
        .count(items);
    if let Some(u) = first_user {
        f = f.sample(u);
    }
    out.feature(f);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::finding::Kind;

    #[test]
    fn revision_headers_log_and_users() {
        let rec = Recorder::default();
        let ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.revisionHeaders+xml";
        let xml = br#"<headers xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" guid="{A}"><header guid="{B}" dateTime="2024-01-01T10:00:00" maxSheetId="2" userName="Jane Doe" r:id="rId1" xmlns:r="r"/></headers>"#;
        run(
            &rec,
            "xl/revisions/revisionHeaders.xml",
            Some(ct),
            None,
            xml,
        )
        .unwrap();
        let f = rec.of_kind(Kind::RevisionLog);
        assert_eq!((f[0].variant, f[0].count), (Some("headers"), 1));
        assert_eq!(f[0].sample.as_deref(), Some("Jane Doe"));
        assert!(rec.has_text_field("Jane Doe", "author"));
        assert!(!rec.has_text("2024-01-01"));

        let rec = Recorder::default();
        let ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.revisionLog+xml";
        let xml = br#"<revisions xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><rcc rId="1" sId="1"><oc r="A2" t="inlineStr"><is><t>DC John Roe</t></is></oc><nc r="A2" t="inlineStr"><is><t>[redacted]</t></is></nc></rcc><rsnm rId="2" sId="1" oldName="Officers" newName="Sheet2"/></revisions>"#;
        run(&rec, "xl/revisions/revisionLog1.xml", Some(ct), None, xml).unwrap();
        let f = rec.of_kind(Kind::RevisionLog);
        assert_eq!((f[0].variant, f[0].count), (Some("log"), 2));
        assert!(rec.has_text_field("DC John Roe", "revision_value"));
        assert!(rec.has_text_field("Officers", "oldName"));

        let rec = Recorder::default();
        let r = rel("usernames");
        let xml = br#"<users xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1"><userInfo guid="{C}" name="Jane Doe" id="1" dateTime="2024-01-01T10:00:00"/></users>"#;
        run(&rec, "xl/revisions/userNames.xml", None, Some(&r), xml).unwrap();
        assert_eq!(rec.of_kind(Kind::RevisionLog)[0].variant, Some("users"));
        assert!(rec.has_text_field("Jane Doe", "author"));
    }
}
