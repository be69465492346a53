//! Charts (`xl/charts/chart*.xml`, chartEx): the caches (`strCache`,
//! `numCache`, literals) copy the plotted cells, hidden ones included; the
//! `<c:f>` formulas say where they came from. The feature's variant is
//! `cells` when every cached value comes from a cell reference (the
//! collector then checks whether those cells are all visible), `literal`
//! when some values were typed into the chart itself.

use super::scan::{Ev, walk};
use super::{Out, PartCtx};
use crate::finding::Kind;
use crate::model::Feature;
use crate::numbers::thousands;
use crate::source::Result;

pub(super) fn chart(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    let mut points = 0u64;
    let mut literal = false;
    let mut title = String::new();
    walk(bytes, part.name, &part.ctx.limits, |ev, st| {
        match ev {
            Ev::Start(e) if e.local() == "pt" => points += 1,
            Ev::Start(e) if matches!(e.local(), "numLit" | "strLit") => literal = true,
            Ev::Text(t) => match st.top() {
                Some("v") => out.text(Kind::ChartCache, Some("cached_value"), true, t),
                // chartEx keeps the value directly in the point.
                Some("pt") => out.text(Kind::ChartCache, Some("cached_value"), true, t),
                Some("f") => out.text(Kind::ChartCache, Some("reference"), true, t),
                Some("t") if st.has("rich") || st.has("txPr") || st.has("tx") => title.push_str(t),
                Some("t") => out.text(Kind::ChartCache, Some("chart_text"), false, t),
                _ => {}
            },
            Ev::End("rich") => {
                out.text(Kind::ChartCache, Some("title"), false, &title);
                title.clear();
            }
            Ev::End("p") if st.has("rich") => title.push('\n'),
            _ => {}
        }
        Ok(())
    })?;
    out.text(Kind::ChartCache, Some("title"), false, &title);
    if points > 0 {
        let (variant, msg) = if literal {
            (
                "literal",
                format!(
                    "A chart keeps {points} values of its own, some typed into the chart rather than copied from cells.",
                    points = thousands(points)
                ),
            )
        } else {
            (
                "cells",
                format!(
                    "A chart keeps a copy of the {points} values it plots.",
                    points = thousands(points)
                ),
            )
        };
        out.feature(
            Feature::new(Kind::ChartCache, out.loc.clone(), msg)
                .variant(variant)
                .count(points),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::finding::Kind;

    #[test]
    fn chart_cache_points_references_and_title() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart>
<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>Overtime by officer</a:t></a:r></a:p></c:rich></c:tx></c:title>
<c:plotArea><c:barChart><c:ser><c:idx val="0"/>
<c:cat><c:strRef><c:f>Hidden!$A$2:$A$3</c:f><c:strCache><c:ptCount val="2"/><c:pt idx="0"><c:v>Jane Doe</c:v></c:pt><c:pt idx="1"><c:v>John Roe</c:v></c:pt></c:strCache></c:strRef></c:cat>
<c:val><c:numRef><c:f>Hidden!$B$2:$B$3</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="2"/><c:pt idx="0"><c:v>12</c:v></c:pt><c:pt idx="1"><c:v>7</c:v></c:pt></c:numCache></c:numRef></c:val>
</c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>"#;
        let rec = Recorder::default();
        let ct = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
        run(&rec, "xl/charts/chart1.xml", Some(ct), None, xml).unwrap();
        let f = rec.of_kind(Kind::ChartCache);
        assert_eq!((f.len(), f[0].count), (1, 4));
        assert!(rec.has_text_field("Jane Doe", "cached_value"));
        assert!(rec.text_with("Jane Doe").unwrap().hidden);
        assert!(rec.has_text_field("Hidden!$A$2:$A$3", "reference"));
        assert!(rec.has_text_field("Overtime by officer", "title"));
        assert!(!rec.has_text("General"));
    }

    #[test]
    fn chart_without_cache_has_no_feature() {
        let rec = Recorder::default();
        let r = rel("chart");
        run(
            &rec,
            "xl/charts/chart2.xml",
            None,
            Some(&r),
            b"<c:chartSpace xmlns:c='c'><c:chart/></c:chartSpace>",
        )
        .unwrap();
        assert!(rec.features().is_empty());
    }
}
