//! Links to other data: `connections.xml` (connection strings and commands
//! often hold server paths and user ids), query tables, external workbook
//! links with their cached cells, and any part's external targets.

use super::scan::{Ev, walk};
use super::{Out, PartCtx};
use crate::finding::Kind;
use crate::model::Feature;
use crate::numbers::thousands;
use crate::source::Result;

/// Attributes of `connections.xml` that are flags or numbers, not text.
const CONNECTION_PLAIN: &[&str] = &[
    "id",
    "type",
    "refreshedVersion",
    "minRefreshableVersion",
    "background",
    "saveData",
    "keepAlive",
    "interval",
    "reconnectionMethod",
    "refreshOnLoad",
    "savePassword",
    "deleted",
    "onlyUseConnectionFile",
    "credentials",
    "uid",
    "commandType",
    "serverCommand",
    "sourceType",
    "parameterType",
    "sqlType",
    "codePage",
    "firstRow",
];

/// `xl/connections.xml`: one feature for the part, every string as text.
pub(super) fn connections(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    let mut count = 0u64;
    let mut first: Option<String> = None;
    walk(bytes, part.name, &part.ctx.limits, |ev, st| {
        match ev {
            Ev::Start(e) => {
                if e.local() == "connection" {
                    count += 1;
                    if first.is_none() {
                        first = e.attr("name").map(str::to_string);
                    }
                }
                for a in e.attrs() {
                    if a.is_xmlns()
                        || a.local() == "Ignorable"
                        || CONNECTION_PLAIN.contains(&a.local())
                    {
                        continue;
                    }
                    out.text(Kind::DataConnection, Some(a.local()), true, &a.value);
                }
            }
            Ev::Text(t) => out.text(Kind::DataConnection, st.top(), true, t),
            Ev::End(_) => {}
        }
        Ok(())
    })?;
    let mut f = Feature::new(
        Kind::DataConnection,
        out.loc.clone(),
        format!("{count} data connections: they can pull data from elsewhere and name servers, files or accounts.", count = thousands(count)),
    )
    .variant("connection")
    .count(count);
    if let Some(n) = first {
        f = f.sample(n);
    }
    out.feature(f);
    Ok(())
}

/// `xl/queryTables/queryTable*.xml`: a range refreshed from a connection.
pub(super) fn query_table(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    let mut fields = 0u64;
    walk(bytes, part.name, &part.ctx.limits, |ev, _| {
        if let Ev::Start(e) = ev {
            match e.local() {
                "queryTable" => {
                    if let Some(v) = e.attr("name") {
                        out.text(Kind::DataConnection, Some("queryTable"), true, v);
                    }
                }
                "queryTableField" => {
                    fields += 1;
                    if let Some(v) = e.attr("name") {
                        out.text(Kind::DataConnection, Some("queryTableField"), true, v);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    })?;
    out.feature(
        Feature::new(
            Kind::DataConnection,
            out.loc.clone(),
            format!(
                "A query table with {fields} fields fills cells from a data connection.",
                fields = thousands(fields)
            ),
        )
        .variant("query_table")
        .count(fields.max(1)),
    );
    Ok(())
}

/// `xl/externalLinks/externalLink*.xml`: the other workbook's path (an
/// external relationship target), its sheet names and cached cell values.
pub(super) fn external_link(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    let mut cells = 0u64;
    let mut variant = "workbook";
    walk(bytes, part.name, &part.ctx.limits, |ev, st| {
        match ev {
            Ev::Start(e) => match e.local() {
                "ddeLink" => {
                    variant = "dde";
                    for k in ["ddeService", "ddeTopic"] {
                        if let Some(v) = e.attr(k) {
                            out.text(Kind::ExternalLink, Some(k), true, v);
                        }
                    }
                }
                "oleLink" => {
                    variant = "ole";
                    if let Some(v) = e.attr("progId") {
                        out.text(Kind::ExternalLink, Some("progId"), true, v);
                    }
                }
                "sheetName" => {
                    if let Some(v) = e.attr("val") {
                        out.text(Kind::ExternalLink, Some("sheetName"), true, v);
                    }
                }
                "definedName" => {
                    for k in ["name", "refersTo"] {
                        if let Some(v) = e.attr(k) {
                            out.text(Kind::ExternalLink, Some(k), true, v);
                        }
                    }
                }
                "ddeItem" | "oleItem" => {
                    if let Some(v) = e.attr("name") {
                        out.text(Kind::ExternalLink, Some("item"), true, v);
                    }
                }
                "cell" => cells += 1,
                "value" if st.has("values") => cells += 1,
                _ => {}
            },
            Ev::Text(t) if matches!(st.top(), Some("v") | Some("val")) => {
                out.text(Kind::ExternalLink, Some("cached_value"), true, t)
            }
            _ => {}
        }
        Ok(())
    })?;
    for t in part.external_targets {
        out.text(Kind::ExternalLink, Some("target"), true, t);
    }
    // With no cached value the link reveals only where the other file is.
    let (variant, msg) = if cells == 0 {
        (
            "no_values",
            "A link to another file: it keeps no values copied from it, only its path.".to_string(),
        )
    } else {
        (
            variant,
            format!(
                "A link to another file, with {cells} cached values copied from it.",
                cells = thousands(cells)
            ),
        )
    };
    let mut f = Feature::new(Kind::ExternalLink, out.loc.clone(), msg)
        .variant(variant)
        .count(cells);
    if let Some(t) = part.external_targets.first() {
        f = f.sample(t.clone());
    }
    out.feature(f);
    Ok(())
}

/// External relationship targets of any other part (shape hyperlinks,
/// linked pictures, a chart's external data): paths often name a user.
/// Variants as for sheet hyperlinks: `local_path` or `web`.
pub(super) fn part_targets(part: &PartCtx<'_>, out: &Out<'_>) {
    for t in part.external_targets {
        out.text(Kind::Hyperlink, Some("target"), true, t);
    }
    let (local, web): (Vec<&String>, Vec<&String>) =
        part.external_targets.iter().partition(|t| is_local(t));
    for (variant, targets, what) in [
        (
            "local_path",
            local,
            "file paths (they can name a user or server)",
        ),
        ("web", web, "addresses outside the file"),
    ] {
        let Some(first) = targets.first() else {
            continue;
        };
        out.feature(
            Feature::new(
                Kind::Hyperlink,
                out.loc.clone(),
                format!(
                    "{} links from this part to {what}.",
                    thousands(targets.len() as u64)
                ),
            )
            .variant(variant)
            .count(targets.len() as u64)
            .sample(first.to_string()),
        );
    }
}

/// Anything but a web or mail address is treated as a path.
fn is_local(t: &str) -> bool {
    let l = t.trim().to_ascii_lowercase();
    let web = ["http://", "https://", "ftp://", "mailto:", "news:", "tel:"];
    !web.iter().any(|p| l.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::{PartCtx, inspect_part};
    use crate::finding::Kind;

    #[test]
    fn connections_strings_are_text() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<connections xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><connection id="1" keepAlive="1" name="Query - Visible" description="Connection to the 'Visible' query in the workbook." type="5" refreshedVersion="8" background="1" saveData="1"><dbPr connection="Provider=SQLOLEDB;Data Source=HRSRV01;User ID=jdoe;Initial Catalog=Personnel" command="SELECT * FROM [Officers]"/></connection></connections>"#;
        let rec = Recorder::default();
        let ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml";
        run(&rec, "xl/connections.xml", Some(ct), None, xml).unwrap();
        let f = rec.of_kind(Kind::DataConnection);
        assert_eq!((f[0].variant, f[0].count), (Some("connection"), 1));
        assert!(rec.has_text_field("User ID=jdoe", "connection"));
        assert!(rec.has_text_field("SELECT * FROM [Officers]", "command"));
        assert!(rec.has_text_field("Query - Visible", "name"));
        assert!(!rec.full_texts().iter().any(|t| t.text == "5"));
    }

    #[test]
    fn query_table_variant() {
        let xml = br#"<queryTable name="Officers_1" connectionId="1"><queryTableRefresh><queryTableFields count="2"><queryTableField id="1" name="Surname" tableColumnId="1"/><queryTableField id="2" name="Warrant No" tableColumnId="2"/></queryTableFields></queryTableRefresh></queryTable>"#;
        let rec = Recorder::default();
        let r = rel("queryTable");
        run(&rec, "xl/queryTables/queryTable1.xml", None, Some(&r), xml).unwrap();
        let f = rec.of_kind(Kind::DataConnection);
        assert_eq!((f[0].variant, f[0].count), (Some("query_table"), 2));
        assert!(rec.has_text_field("Warrant No", "queryTableField"));
    }

    #[test]
    fn external_link_cached_cells_and_target() {
        let xml = br#"<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook xmlns:r="r" r:id="rId1"><sheetNames><sheetName val="Officers"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="2"><cell r="A2" t="str"><v>Jane Doe</v></cell><cell r="B2"><v>4521</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>"#;
        let rec = Recorder::default();
        let ctx = test_ctx();
        let targets = vec!["file:///C:/Users/jdoe/Documents/Officers.xlsx".to_string()];
        let r = rel("externalLink");
        let part = PartCtx {
            external_targets: &targets,
            ..part_ctx("xl/externalLinks/externalLink1.xml", None, Some(&r), &ctx)
        };
        inspect_part(&part, xml, &rec).unwrap();
        let f = rec.of_kind(Kind::ExternalLink);
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].variant, f[0].count), (Some("workbook"), 2));
        assert_eq!(f[0].sample.as_deref(), Some(targets[0].as_str()));
        assert!(rec.has_text_field("Officers", "sheetName"));
        assert!(rec.has_text_field("Jane Doe", "cached_value"));
        assert!(rec.has_text_field("4521", "cached_value"));
        assert!(rec.has_text_field("C:/Users/jdoe", "target"));
        assert!(
            rec.of_kind(Kind::Hyperlink).is_empty(),
            "targets are reported once, as the link"
        );
    }
}
