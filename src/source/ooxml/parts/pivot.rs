//! Pivot caches (`pivotCacheDefinition`, `pivotCacheRecords`) and pivot tables.
//! The cache keeps every distinct value (`sharedItems`) and every source row
//! (records), whatever the pivot table shows; `refreshedBy` names a person.

use super::scan::{Ev, walk};
use super::{Out, PartCtx};
use crate::finding::Kind;
use crate::model::Feature;
use crate::numbers::thousands;
use crate::source::Result;

/// `pivotCacheDefinition`: refreshedBy, source range, field names, shared items.
pub(super) fn cache_definition(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    let mut refreshed_by: Option<String> = None;
    let mut record_count: Option<u64> = None;
    let mut field = String::new();
    let mut fields = 0u64;
    let mut items = 0u64;
    walk(bytes, part.name, &part.ctx.limits, |ev, st| {
        if let Ev::Start(e) = ev {
            match e.local() {
                // The root only: extensions repeat the name (`x14:pivotCacheDefinition`).
                "pivotCacheDefinition" if st.depth() == 1 => {
                    if let Some(v) = e.attr("refreshedBy").filter(|v| !v.trim().is_empty()) {
                        out.text(Kind::PivotCache, Some("refreshedBy"), true, v);
                        refreshed_by = Some(v.trim().to_string());
                    }
                    record_count = e.attr("recordCount").and_then(|v| v.trim().parse().ok());
                }
                "worksheetSource" | "rangeSet" => {
                    for k in ["sheet", "ref", "name"] {
                        if let Some(v) = e.attr(k) {
                            out.text(Kind::PivotCache, Some("source"), true, v);
                        }
                    }
                }
                "cacheField" if st.parent() == Some("cacheFields") => {
                    fields += 1;
                    field = e.attr("name").unwrap_or("").trim().to_string();
                    out.text(Kind::PivotCache, Some("cacheField"), true, &field);
                    if let Some(v) = e.attr("caption") {
                        out.text(Kind::PivotCache, Some("cacheField"), true, v);
                    }
                    if let Some(v) = e.attr("formula") {
                        out.text(Kind::PivotCache, Some("formula"), true, v);
                    }
                }
                "s" | "n" | "d" => {
                    if st.parent() == Some("sharedItems") {
                        items += 1;
                    }
                    let name = if field.is_empty() {
                        "sharedItems"
                    } else {
                        field.as_str()
                    };
                    if let Some(v) = e.attr("v") {
                        out.text(Kind::PivotCache, Some(name), true, v);
                    }
                    if let Some(v) = e.attr("c") {
                        out.text(Kind::PivotCache, Some(name), true, v);
                    }
                }
                "e" | "b" | "m" if st.parent() == Some("sharedItems") => items += 1,
                _ => {}
            }
        }
        Ok(())
    })?;
    let rows = match record_count {
        Some(n) => format!("{n} source rows", n = thousands(n)),
        None => "the source rows".to_string(),
    };
    let mut f = Feature::new(
        Kind::PivotCache,
        out.loc.clone(),
        format!(
            "A pivot cache keeps a copy of {rows} ({fields} fields, {items} distinct values), whatever the pivot table shows.", fields = thousands(fields), items = thousands(items)),
    )
    .variant("definition")
    .count(record_count.unwrap_or(items));
    if let Some(p) = refreshed_by {
        f = f.sample(p);
    }
    out.feature(f);
    Ok(())
}

/// `pivotCacheRecords`: one `<r>` per source row; shared-item references
/// (`<x v>`) point at values already reported from the definition.
pub(super) fn cache_records(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    let mut records = 0u64;
    walk(bytes, part.name, &part.ctx.limits, |ev, st| {
        if let Ev::Start(e) = ev {
            match e.local() {
                "r" if st.depth() == 2 => records += 1,
                "s" | "n" | "d" if st.parent() == Some("r") => {
                    if let Some(v) = e.attr("v") {
                        out.text(Kind::PivotCache, Some("record"), true, v);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    })?;
    out.feature(
        Feature::new(
            Kind::PivotCache,
            out.loc.clone(),
            format!(
                "Pivot cache records: a full copy of {records} source rows is stored in the file.",
                records = thousands(records)
            ),
        )
        .variant("records")
        .count(records),
    );
    Ok(())
}

/// A pivot table: what it shows is in the sheet cells; its names and
/// custom item captions are passed as text.
pub(super) fn table(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    let mut loc = out.loc.clone();
    walk(bytes, part.name, &part.ctx.limits, |ev, st| {
        if let Ev::Start(e) = ev {
            match e.local() {
                "pivotTableDefinition" if st.depth() == 1 => {
                    if let Some(v) = e.attr("name") {
                        out.text(Kind::PivotCache, Some("pivotTable"), false, v);
                    }
                }
                "location" => {
                    if let Some(r) = e.attr("ref") {
                        loc.cell = Some(r.to_string());
                    }
                }
                "dataField" | "pivotField" | "pageField" => {
                    if let Some(v) = e.attr("name") {
                        out.text(Kind::PivotCache, Some(e.local()), false, v);
                    }
                }
                "item" => {
                    if let Some(v) = e.attr("n") {
                        out.text(Kind::PivotCache, Some("item"), false, v);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    })?;
    out.feature(
        Feature::new(
            Kind::PivotCache,
            loc,
            "A pivot table: its values are in the sheet, its cache is reported separately.",
        )
        .variant("table"),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::finding::Kind;

    const DEF_CT: &str =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml";

    #[test]
    fn definition_reports_refreshed_by_and_shared_items() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" refreshedBy="joel gilmore" recordCount="10">
<cacheSource type="worksheet"><worksheetSource ref="A1:J11" sheet="DataSheet"/></cacheSource>
<cacheFields count="3">
<cacheField name="Id" numFmtId="0"><sharedItems containsNumber="1" minValue="1" maxValue="10"/></cacheField>
<cacheField name="Name" numFmtId="0"><sharedItems count="2"><s v="Jane Doe"/><s v="John Roe"/></sharedItems></cacheField>
<cacheField name="Pay No" numFmtId="0"><sharedItems count="1"><n v="123456"/></sharedItems></cacheField>
</cacheFields><extLst><ext uri="{725AE2AE-9491-48be-B2B4-4EB974FC3084}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:pivotCacheDefinition/></ext></extLst></pivotCacheDefinition>"#;
        let rec = Recorder::default();
        run(
            &rec,
            "xl/pivotCache/pivotCacheDefinition1.xml",
            Some(DEF_CT),
            None,
            xml,
        )
        .unwrap();
        let f = rec.of_kind(Kind::PivotCache);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].variant, Some("definition"));
        assert_eq!(f[0].count, 10);
        assert_eq!(f[0].sample.as_deref(), Some("joel gilmore"));
        assert!(rec.has_text_field("joel gilmore", "refreshedBy"));
        assert!(rec.has_text_field("Jane Doe", "Name"));
        assert!(rec.has_text_field("John Roe", "Name"));
        assert!(rec.has_text_field("123456", "Pay No"));
        assert!(rec.has_text_field("Pay No", "cacheField"));
        assert!(rec.has_text_field("DataSheet", "source"));
        assert!(
            rec.full_texts()
                .iter()
                .all(|t| t.hidden && t.kind == Kind::PivotCache)
        );
    }

    #[test]
    fn definition_without_record_count_counts_items() {
        let xml = br#"<pivotCacheDefinition><cacheFields><cacheField name="N"><sharedItems><s v="a"/><s v="b"/><m/></sharedItems></cacheField></cacheFields></pivotCacheDefinition>"#;
        let rec = Recorder::default();
        run(&rec, "p.xml", Some(DEF_CT), None, xml).unwrap();
        assert_eq!(rec.of_kind(Kind::PivotCache)[0].count, 3);
        assert!(rec.of_kind(Kind::PivotCache)[0].sample.is_none());
    }

    #[test]
    fn records_are_counted_and_string_values_sent() {
        let xml = br#"<pivotCacheRecords count="2"><r><n v="1"/><s v="Jane Doe"/><x v="0"/><d v="1980-01-02T00:00:00"/></r><r><n v="2"/><s v="John Roe"/><x v="1"/><m/></r></pivotCacheRecords>"#;
        let rec = Recorder::default();
        let rel = rel("pivotCacheRecords");
        run(
            &rec,
            "xl/pivotCache/pivotCacheRecords1.xml",
            None,
            Some(&rel),
            xml,
        )
        .unwrap();
        let f = rec.of_kind(Kind::PivotCache);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].variant, Some("records"));
        assert_eq!(f[0].count, 2);
        assert!(rec.has_text("Jane Doe") && rec.has_text("John Roe") && rec.has_text("1980-01-02"));
    }

    #[test]
    fn malformed_records_are_an_error() {
        let rec = Recorder::default();
        let rel = rel("pivotCacheRecords");
        let r = run(
            &rec,
            "r.xml",
            None,
            Some(&rel),
            b"<pivotCacheRecords><r><s v='x'/></r>",
        );
        assert!(matches!(r, Err(crate::source::SourceError::Corrupt(_))));
    }

    #[test]
    fn pivot_table_is_info_with_location() {
        let xml = br#"<pivotTableDefinition name="PivotTable1"><location ref="A3:E5"/><pivotFields><pivotField><items><item n="Renamed Item" x="0"/></items></pivotField></pivotFields><dataFields><dataField name="Sum of Pay" fld="1"/></dataFields></pivotTableDefinition>"#;
        let rec = Recorder::default();
        let ctx = test_ctx();
        let rel = rel("pivotTable");
        let part = crate::source::ooxml::parts::PartCtx {
            sheet: Some("Summary"),
            ..part_ctx("xl/pivotTables/pivotTable1.xml", None, Some(&rel), &ctx)
        };
        crate::source::ooxml::parts::inspect_part(&part, xml, &rec).unwrap();
        let f = rec.of_kind(Kind::PivotCache);
        assert_eq!(f[0].variant, Some("table"));
        assert_eq!(f[0].location.cell.as_deref(), Some("A3:E5"));
        assert_eq!(f[0].location.sheet.as_deref(), Some("Summary"));
        assert!(rec.has_text_field("Sum of Pay", "dataField"));
        assert!(rec.has_text_field("Renamed Item", "item"));
    }
}
