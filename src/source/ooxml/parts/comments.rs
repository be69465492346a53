//! Comments: legacy notes (`comments*.xml`, authors by index), threaded
//! comments (`threadedComments*.xml`, authors by person id) and the person
//! list (`persons/person.xml`: display names and user ids, often e-mails).

use std::collections::BTreeSet;

use super::scan::{Ev, walk};
use super::{Out, PartCtx};
use crate::finding::Kind;
use crate::model::{Feature, Location};
use crate::numbers::thousands;
use crate::source::Result;

fn at_cell(out: &Out<'_>, cell: Option<&str>) -> Location {
    let mut loc = out.loc.clone();
    loc.cell = cell.filter(|c| !c.is_empty()).map(str::to_string);
    loc
}

/// Legacy comments (notes): one feature per comment, its text and author.
pub(super) fn legacy(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    let mut authors: Vec<String> = Vec::new();
    let mut author = String::new();
    // (cell, author index, text) of the comment being read.
    let mut current: Option<(String, Option<usize>, String)> = None;
    walk(bytes, part.name, &part.ctx.limits, |ev, st| {
        match ev {
            Ev::Start(e) => match e.local() {
                "author" => author.clear(),
                "comment" => {
                    let cell = e.attr("ref").unwrap_or("").to_string();
                    let idx = e.attr("authorId").and_then(|v| v.trim().parse().ok());
                    current = Some((cell, idx, String::new()));
                }
                _ => {}
            },
            Ev::Text(t) => {
                if st.top() == Some("author") {
                    author.push_str(t);
                } else if st.has("text")
                    && let Some((_, _, text)) = current.as_mut()
                {
                    text.push_str(t);
                }
            }
            Ev::End(name) => match name {
                "author" => {
                    out.text(Kind::Comment, Some("author"), true, &author);
                    authors.push(author.trim().to_string());
                }
                "comment" => {
                    if let Some((cell, idx, text)) = current.take() {
                        let loc = at_cell(out, Some(&cell));
                        let who = idx.and_then(|i| authors.get(i)).filter(|a| !a.is_empty());
                        out.text_at(&loc, Kind::Comment, Some("comment"), true, &text);
                        let mut f = Feature::new(
                            Kind::Comment,
                            loc,
                            "A note (legacy comment) on a cell: its text and author are hidden until hovered.",
                        )
                        .variant("note");
                        if let Some(a) = who {
                            f = f.sample(a.clone());
                        }
                        out.feature(f);
                    }
                }
                _ => {}
            },
        }
        Ok(())
    })
}

/// Threaded comments: one feature per comment or reply.
pub(super) fn threaded(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    let mut current: Option<(String, bool, String)> = None;
    walk(bytes, part.name, &part.ctx.limits, |ev, st| {
        match ev {
            Ev::Start(e) if e.local() == "threadedComment" => {
                let cell = e.attr("ref").unwrap_or("").to_string();
                current = Some((cell, e.attr("parentId").is_some(), String::new()));
            }
            Ev::Text(t) if st.has("text") => {
                if let Some((_, _, text)) = current.as_mut() {
                    text.push_str(t);
                }
            }
            Ev::End("threadedComment") => {
                if let Some((cell, reply, text)) = current.take() {
                    let loc = at_cell(out, Some(&cell));
                    out.text_at(&loc, Kind::Comment, Some("comment"), true, &text);
                    let what = if reply {
                        "A reply in a threaded comment"
                    } else {
                        "A threaded comment"
                    };
                    out.feature(
                        Feature::new(
                            Kind::Comment,
                            loc,
                            format!(
                                "{what} on a cell: its text and author are stored in the file."
                            ),
                        )
                        .variant("threaded"),
                    );
                }
            }
            _ => {}
        }
        Ok(())
    })
}

/// The person list of threaded comments: display names and user ids.
pub(super) fn persons(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    let mut people = BTreeSet::new();
    let mut first: Option<String> = None;
    walk(bytes, part.name, &part.ctx.limits, |ev, _| {
        if let Ev::Start(e) = ev
            && e.local() == "person"
        {
            for k in ["displayName", "userId"] {
                if let Some(v) = e.attr(k).map(str::trim).filter(|v| !v.is_empty()) {
                    out.text(Kind::Comment, Some("author"), true, v);
                    if k == "displayName" && first.is_none() {
                        first = Some(v.to_string());
                    }
                }
            }
            people.insert(e.attr("id").unwrap_or("").to_string());
        }
        Ok(())
    })?;
    if !people.is_empty() {
        let mut f = Feature::new(
            Kind::Comment,
            out.loc.clone(),
            format!(
                "The threaded-comment person list names {} people (display names and account ids).",
                thousands(people.len() as u64)
            ),
        )
        .variant("persons")
        .count(people.len() as u64);
        if let Some(p) = first {
            f = f.sample(p);
        }
        out.feature(f);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::{PartCtx, inspect_part};
    use crate::finding::Kind;

    #[test]
    fn legacy_comments_one_feature_per_comment_with_cell_and_author() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>John</author><author>Jane Doe</author></authors>
<commentList><comment ref="B2" authorId="0"><text><r><rPr><sz val="8"/></rPr><t>Some </t></r><r><t>text</t></r></text></comment>
<comment ref="C7" authorId="1"><text><t>Pay no 123456</t></text></comment></commentList></comments>"#;
        let rec = Recorder::default();
        let ctx = test_ctx();
        let rel = rel("comments");
        let part = PartCtx {
            sheet: Some("Staff"),
            ..part_ctx("xl/comments1.xml", None, Some(&rel), &ctx)
        };
        inspect_part(&part, xml, &rec).unwrap();
        let f = rec.of_kind(Kind::Comment);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].location.cell.as_deref(), Some("B2"));
        assert_eq!(f[0].location.sheet.as_deref(), Some("Staff"));
        assert_eq!(f[0].location.part.as_deref(), Some("xl/comments1.xml"));
        assert_eq!(f[1].sample.as_deref(), Some("Jane Doe"));
        assert!(rec.has_text_field("John", "author"));
        assert!(rec.has_text_field("Jane Doe", "author"));
        let t = rec.text_with("Some text").unwrap();
        assert_eq!(t.location.cell.as_deref(), Some("B2"));
        assert!(t.hidden);
        assert!(rec.has_text_field("Pay no 123456", "comment"));
    }

    #[test]
    fn threaded_comments_and_persons() {
        let xml = br#"<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><threadedComment ref="A1" dT="2024-01-01T10:00:00.00" personId="{P1}" id="{C1}"><text>Who is DC Jane Doe?</text></threadedComment><threadedComment ref="A1" personId="{P2}" id="{C2}" parentId="{C1}"><text>Ask HR</text></threadedComment></ThreadedComments>"#;
        let rec = Recorder::default();
        let tc = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment";
        run(
            &rec,
            "xl/threadedComments/threadedComment1.xml",
            None,
            Some(tc),
            xml,
        )
        .unwrap();
        let f = rec.of_kind(Kind::Comment);
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|f| f.variant == Some("threaded")));
        assert!(rec.has_text_field("Who is DC Jane Doe?", "comment"));
        assert_eq!(
            rec.text_with("Ask HR").unwrap().location.cell.as_deref(),
            Some("A1")
        );

        let persons = br#"<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><person displayName="Jane Doe" id="{P1}" userId="jane.doe@example.gov.uk" providerId="AD"/></personList>"#;
        let rec = Recorder::default();
        let ct = "application/vnd.ms-excel.person+xml";
        run(&rec, "xl/persons/person.xml", Some(ct), None, persons).unwrap();
        assert!(rec.has_text_field("Jane Doe", "author"));
        assert!(rec.has_text_field("jane.doe@example.gov.uk", "author"));
        let f = rec.of_kind(Kind::Comment);
        assert_eq!((f[0].variant, f[0].count), (Some("persons"), 1));

        // An empty person list is no finding.
        let rec = Recorder::default();
        run(
            &rec,
            "xl/persons/person.xml",
            Some(ct),
            None,
            b"<personList/>",
        )
        .unwrap();
        assert!(rec.features().is_empty());
    }
}
