//! Drawings: DrawingML shapes and text boxes (`xl/drawings/drawing*.xml`,
//! chart user shapes, SmartArt data), their alt text, legacy VML drawings
//! (comment boxes, form controls, header images) and form-control
//! properties.

use super::scan::{Ev, walk};
use super::{Out, PartCtx, unknown};
use crate::finding::Kind;
use crate::model::{Feature, Location, a1};
use crate::numbers::{count, thousands};
use crate::source::Result;

const SHAPES: &[&str] = &["sp", "pic", "grpSp", "graphicFrame", "cxnSp", "contentPart"];

/// DrawingML: every `<a:t>` (joined per text body), alt text, macros.
pub(super) fn drawing(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    // One entry per open shape: is it hidden?
    let mut shapes: Vec<bool> = Vec::new();
    let mut buf = String::new();
    let mut with_text = 0u64;
    let mut hidden_with_text = 0u64;
    let hidden_now = |shapes: &Vec<bool>| shapes.iter().any(|h| *h);
    let flush =
        |buf: &mut String, hidden: bool, with_text: &mut u64, hidden_with_text: &mut u64| {
            let t = buf.trim();
            if !t.is_empty() {
                out.text(Kind::DrawingText, Some("shape_text"), hidden, t);
                *with_text += 1;
                if hidden {
                    *hidden_with_text += 1;
                }
            }
            buf.clear();
        };
    walk(bytes, part.name, &part.ctx.limits, |ev, st| {
        match ev {
            Ev::Start(e) => {
                let name = e.local();
                if SHAPES.contains(&name) {
                    shapes.push(false);
                    if let Some(m) = e.attr("macro") {
                        out.text(Kind::DrawingText, Some("macro"), true, m);
                    }
                } else if name == "cNvPr" {
                    if crate::source::xml::is_true(e.attr("hidden"))
                        && let Some(h) = shapes.last_mut()
                    {
                        *h = true;
                    }
                    for k in ["descr", "title"] {
                        if let Some(v) = e.attr(k) {
                            out.text(Kind::DrawingText, Some("alt_text"), true, v);
                        }
                    }
                    if let Some(v) = e.attr("name") {
                        out.text(Kind::DrawingText, Some("shape_name"), true, v);
                    }
                }
            }
            Ev::Text(t) => {
                // `a:t` in runs and fields; SmartArt `dgm:t` holds paragraphs.
                if st.top() == Some("t") {
                    buf.push_str(t);
                }
            }
            Ev::End(name) => match name {
                "p" => buf.push('\n'),
                "br" => buf.push('\n'),
                "txBody" | "pt" | "txSp" => flush(
                    &mut buf,
                    hidden_now(&shapes),
                    &mut with_text,
                    &mut hidden_with_text,
                ),
                n if SHAPES.contains(&n) => {
                    flush(
                        &mut buf,
                        hidden_now(&shapes),
                        &mut with_text,
                        &mut hidden_with_text,
                    );
                    shapes.pop();
                }
                _ => {}
            },
        }
        Ok(())
    })?;
    flush(
        &mut buf,
        hidden_now(&shapes),
        &mut with_text,
        &mut hidden_with_text,
    );
    if with_text > 0 {
        let (v, msg) = shapes_summary(
            out,
            with_text,
            hidden_with_text,
            "shape or text box",
            "shapes or text boxes",
        );
        out.feature(
            Feature::new(Kind::DrawingText, out.loc.clone(), msg)
                .variant(v)
                .count(with_text),
        );
    }
    Ok(())
}

/// The variant and message of a drawing's text: `shapes` when every shape
/// with text shows on a visible sheet (a reader sees the text there),
/// `hidden` when a shape or its sheet is hidden, `unplaced` when no sheet
/// shows the drawing.
fn shapes_summary(
    out: &Out<'_>,
    with_text: u64,
    hidden_with_text: u64,
    one: &str,
    many: &str,
) -> (&'static str, String) {
    let shapes = count(with_text, one, many);
    let verb = if with_text == 1 { "holds" } else { "hold" };
    if out.sheet_hidden {
        ("hidden", format!("{shapes} on a hidden sheet {verb} text."))
    } else if hidden_with_text > 0 {
        (
            "hidden",
            format!(
                "{shapes} {verb} text, {} of them hidden.",
                thousands(hidden_with_text)
            ),
        )
    } else if out.loc.sheet.is_none() {
        (
            "unplaced",
            format!("{shapes} {verb} text, in a drawing no sheet shows."),
        )
    } else {
        (
            "shapes",
            format!("{shapes} {verb} text, shown on the sheet."),
        )
    }
}

/// One text found in a VML drawing, kept until the part parsed to its end.
struct VmlText {
    kind: Kind,
    field: &'static str,
    loc: Option<Location>,
    hidden: bool,
    text: String,
}

/// Legacy VML: comment boxes, buttons and other form controls, header
/// images. Often not well-formed XML; then its text is taken leniently.
pub(super) fn vml(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    let mut texts: Vec<VmlText> = Vec::new();
    let mut shapes_with_text = 0u64;
    let strict = vml_strict(part, bytes, out, &mut texts, &mut shapes_with_text);
    // Shapes with text whose style hides them; unknown when not parsed.
    let mut hidden_with_text = texts
        .iter()
        .filter(|t| t.kind == Kind::DrawingText && t.field == "shape_text" && t.hidden)
        .count() as u64;
    if strict.is_err() {
        texts.clear();
        shapes_with_text = 0;
        for t in unknown::lenient_text(bytes) {
            shapes_with_text += 1;
            texts.push(VmlText {
                kind: Kind::DrawingText,
                field: "vml_text",
                loc: None,
                hidden: true,
                text: t,
            });
        }
        hidden_with_text = shapes_with_text;
    }
    for t in &texts {
        let loc = t.loc.as_ref().unwrap_or(&out.loc);
        out.text_at(loc, t.kind, Some(t.field), t.hidden, &t.text);
    }
    if shapes_with_text > 0 {
        let (v, msg) = shapes_summary(
            out,
            shapes_with_text,
            hidden_with_text,
            "legacy (VML) shape or form control",
            "legacy (VML) shapes or form controls",
        );
        // Visible legacy shapes and buttons are `vml`.
        let v = if v == "shapes" { "vml" } else { v };
        out.feature(
            Feature::new(Kind::DrawingText, out.loc.clone(), msg)
                .variant(v)
                .count(shapes_with_text),
        );
    }
    Ok(())
}

fn vml_strict(
    part: &PartCtx<'_>,
    bytes: &[u8],
    out: &Out<'_>,
    texts: &mut Vec<VmlText>,
    shapes_with_text: &mut u64,
) -> Result<()> {
    #[derive(Default)]
    struct Shape {
        hidden: bool,
        object: String,
        row: Option<u32>,
        col: Option<u32>,
        text: String,
    }
    let mut shape: Option<Shape> = None;
    let mut leaf = String::new();
    walk(bytes, part.name, &part.ctx.limits, |ev, st| {
        match ev {
            Ev::Start(e) => {
                let name = e.local();
                if matches!(
                    name,
                    "shape" | "rect" | "roundrect" | "oval" | "line" | "polyline" | "arc" | "image"
                ) {
                    shape = Some(Shape {
                        hidden: e.attr("style").is_some_and(|s| {
                            s.replace(' ', "")
                                .to_ascii_lowercase()
                                .contains("visibility:hidden")
                        }),
                        ..Default::default()
                    });
                }
                if name == "ClientData"
                    && let Some(s) = shape.as_mut()
                {
                    s.object = e.attr("ObjectType").unwrap_or("").to_string();
                }
                for k in ["title", "alt"] {
                    if let Some(v) = e.attr(k).filter(|v| !v.trim().is_empty()) {
                        texts.push(VmlText {
                            kind: Kind::DrawingText,
                            field: "alt_text",
                            loc: None,
                            hidden: true,
                            text: v.to_string(),
                        });
                    }
                }
                leaf.clear();
            }
            Ev::Text(t) => {
                if st.has("textbox") {
                    if let Some(s) = shape.as_mut() {
                        s.text.push_str(t);
                    }
                } else {
                    leaf.push_str(t);
                }
            }
            Ev::End(name) => {
                if st.has("textbox")
                    && matches!(name, "br" | "div" | "p")
                    && let Some(s) = shape.as_mut()
                {
                    s.text.push('\n');
                }
                if st.parent() == Some("ClientData") {
                    let v = leaf.trim();
                    match name {
                        "Row" => {
                            if let Some(s) = shape.as_mut() {
                                s.row = v.parse().ok();
                            }
                        }
                        "Column" => {
                            if let Some(s) = shape.as_mut() {
                                s.col = v.parse().ok();
                            }
                        }
                        "FmlaMacro" => texts.push(VmlText {
                            kind: Kind::DrawingText,
                            field: "macro",
                            loc: None,
                            hidden: true,
                            text: v.to_string(),
                        }),
                        "FmlaLink" | "FmlaRange" | "FmlaTxbx" | "FmlaPict" | "FmlaGroup" => texts
                            .push(VmlText {
                                kind: Kind::DrawingText,
                                field: "reference",
                                loc: None,
                                hidden: true,
                                text: v.to_string(),
                            }),
                        _ => {}
                    }
                }
                leaf.clear();
                if matches!(
                    name,
                    "shape" | "rect" | "roundrect" | "oval" | "line" | "polyline" | "arc" | "image"
                ) && let Some(s) = shape.take()
                {
                    let text = s.text.trim();
                    if !text.is_empty() {
                        let note = s.object.eq_ignore_ascii_case("Note");
                        let loc = match (s.row, s.col) {
                            (Some(r), Some(c)) if note => Some(out.loc.clone().with_cell(a1(r, c))),
                            _ => None,
                        };
                        if !note {
                            *shapes_with_text += 1;
                        }
                        texts.push(VmlText {
                            kind: if note {
                                Kind::Comment
                            } else {
                                Kind::DrawingText
                            },
                            field: if note { "comment" } else { "shape_text" },
                            loc,
                            hidden: note || s.hidden,
                            text: text.to_string(),
                        });
                    }
                }
            }
        }
        Ok(())
    })
}

/// Form-control properties (`ctrlProps/ctrlProp*.xml`): linked cells, list
/// ranges, list items.
pub(super) fn ctrl_prop(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    unknown::xml_text(part, bytes, out, Kind::DrawingText, true).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::{PartCtx, inspect_part};
    use crate::finding::Kind;

    const DRAWING_CT: &str = "application/vnd.openxmlformats-officedocument.drawing+xml";
    const VML_CT: &str = "application/vnd.openxmlformats-officedocument.vmlDrawing";

    #[test]
    fn drawing_text_boxes_alt_text_and_hidden_shapes() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">
<xdr:twoCellAnchor><xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" name="TextBox 1"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr>
<xdr:txBody><a:bodyPr/><a:p><a:r><a:t>Officer: DC </a:t></a:r><a:r><a:t>Jane Doe</a:t></a:r></a:p><a:p><a:r><a:t>Line two</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>
<xdr:twoCellAnchor><xdr:sp><xdr:nvSpPr><xdr:cNvPr id="3" name="Secret" hidden="1"/></xdr:nvSpPr><xdr:txBody><a:p><a:r><a:t>Pay no 123456</a:t></a:r></a:p></xdr:txBody></xdr:sp></xdr:twoCellAnchor>
<xdr:twoCellAnchor><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="4" name="Picture 1" descr="Photo of PC 4521 Smith"/></xdr:nvPicPr></xdr:pic></xdr:twoCellAnchor>
</xdr:wsDr>"#;
        let rec = Recorder::default();
        let ctx = test_ctx();
        let part = PartCtx {
            sheet: Some("Summary"),
            ..part_ctx("xl/drawings/drawing1.xml", Some(DRAWING_CT), None, &ctx)
        };
        inspect_part(&part, xml, &rec).unwrap();
        let f = rec.of_kind(Kind::DrawingText);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].count, 2);
        assert_eq!(f[0].variant, Some("hidden"));
        assert_eq!(f[0].location.sheet.as_deref(), Some("Summary"));
        let t = rec.text_with("Officer: DC Jane Doe").unwrap();
        assert!(t.text.contains("Line two"));
        assert!(!t.hidden, "a text box on a visible sheet is seen");
        assert!(rec.text_with("Pay no 123456").unwrap().hidden);
        assert!(rec.has_text_field("Photo of PC 4521 Smith", "alt_text"));
        assert!(rec.text_with("Photo of PC 4521 Smith").unwrap().hidden);
    }

    #[test]
    fn drawing_on_hidden_sheet_is_hidden_and_picture_only_has_no_feature() {
        let xml = br#"<xdr:wsDr xmlns:xdr="x" xmlns:a="a"><xdr:twoCellAnchor><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Picture 1" descr="red.png"/></xdr:nvPicPr></xdr:pic></xdr:twoCellAnchor></xdr:wsDr>"#;
        let rec = Recorder::default();
        let ctx = test_ctx();
        let part = PartCtx {
            sheet: Some("Hidden"),
            sheet_hidden: true,
            ..part_ctx("xl/drawings/drawing2.xml", Some(DRAWING_CT), None, &ctx)
        };
        inspect_part(&part, xml, &rec).unwrap();
        assert!(rec.of_kind(Kind::DrawingText).is_empty());
        assert!(rec.full_texts().iter().all(|t| t.hidden));
        assert!(rec.has_text_field("red.png", "alt_text"));
    }

    #[test]
    fn vml_comment_and_button_text() {
        let xml = br##"<xml xmlns:v="urn:schemas-microsoft-com:vml"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel">
 <v:shape id="_x0000_s1025" type="#_x0000_t202" style='position:absolute;visibility:hidden' fillcolor="#ffffe1">
  <v:textbox style='mso-direction-alt:auto'><div style='text-align:left'>Note about Jane Doe</div></v:textbox>
  <x:ClientData ObjectType="Note"><x:Row>1</x:Row><x:Column>1</x:Column></x:ClientData>
 </v:shape>
 <v:shape id="_x0000_s1026" type="#_x0000_t201" o:button="t">
  <v:textbox><div style='text-align:center'><font face="Calibri" size="220" color="#000000">Button 1</font></div></v:textbox>
  <x:ClientData ObjectType="Button"><x:FmlaMacro>[0]!Button1_Click</x:FmlaMacro></x:ClientData>
 </v:shape></xml>"##;
        let rec = Recorder::default();
        let r = rel("vmlDrawing");
        let ctx = test_ctx();
        let part = PartCtx {
            sheet: Some("Summary"),
            ..part_ctx("xl/drawings/vmlDrawing1.vml", Some(VML_CT), Some(&r), &ctx)
        };
        inspect_part(&part, xml, &rec).unwrap();
        let note = rec.text_with("Note about Jane Doe").unwrap();
        assert_eq!(note.kind, Kind::Comment);
        assert_eq!(note.location.cell.as_deref(), Some("B2"));
        assert!(note.hidden);
        let button = rec.text_with("Button 1").unwrap();
        assert_eq!(button.kind, Kind::DrawingText);
        assert!(!button.hidden);
        assert!(rec.has_text_field("[0]!Button1_Click", "macro"));
        let f = rec.of_kind(Kind::DrawingText);
        assert_eq!((f.len(), f[0].count, f[0].variant), (1, 1, Some("vml")));
    }

    /// The drawing_text variant of `xml` read as a part of `sheet`.
    fn variant_of(xml: &[u8], ct: &str, sheet: Option<&str>, sheet_hidden: bool) -> &'static str {
        let rec = Recorder::default();
        let ctx = test_ctx();
        let part = PartCtx {
            sheet,
            sheet_hidden,
            ..part_ctx("xl/drawings/drawing9.xml", Some(ct), None, &ctx)
        };
        inspect_part(&part, xml, &rec).unwrap();
        let f = rec.of_kind(Kind::DrawingText);
        assert_eq!(f.len(), 1);
        f[0].variant.unwrap()
    }

    #[test]
    fn shape_text_shown_on_a_visible_sheet_is_its_own_variant() {
        // A text box or button a reader sees on the sheet (`shapes`, `vml`:
        // info) apart from one hidden, on a hidden sheet or on no sheet.
        let shape = |hidden: &str| {
            format!(
                r#"<xdr:wsDr xmlns:xdr="x" xmlns:a="a"><xdr:twoCellAnchor><xdr:sp><xdr:nvSpPr><xdr:cNvPr id="2" name="TextBox 1"{hidden}/></xdr:nvSpPr><xdr:txBody><a:p><a:r><a:t>This is some text</a:t></a:r></a:p></xdr:txBody></xdr:sp></xdr:twoCellAnchor></xdr:wsDr>"#
            )
        };
        let shown = shape("");
        let hidden = shape(r#" hidden="1""#);
        assert_eq!(
            variant_of(shown.as_bytes(), DRAWING_CT, Some("S"), false),
            "shapes"
        );
        assert_eq!(
            variant_of(hidden.as_bytes(), DRAWING_CT, Some("S"), false),
            "hidden"
        );
        assert_eq!(
            variant_of(shown.as_bytes(), DRAWING_CT, Some("S"), true),
            "hidden"
        );
        assert_eq!(
            variant_of(shown.as_bytes(), DRAWING_CT, None, false),
            "unplaced"
        );
        let button = |style: &str| {
            format!(
                r#"<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s1026" style='{style}'><v:textbox><div>Button 1</div></v:textbox><x:ClientData ObjectType="Button"/></v:shape></xml>"#
            )
        };
        let shown = button("position:absolute");
        let hidden = button("position:absolute;visibility:hidden");
        assert_eq!(
            variant_of(shown.as_bytes(), VML_CT, Some("S"), false),
            "vml"
        );
        assert_eq!(
            variant_of(hidden.as_bytes(), VML_CT, Some("S"), false),
            "hidden"
        );
        assert_eq!(
            variant_of(shown.as_bytes(), VML_CT, Some("S"), true),
            "hidden"
        );
        let malformed = b"<xml><v:shape><v:textbox><div>Button 1</div></v:textbox></v:shape>";
        assert_eq!(variant_of(malformed, VML_CT, Some("S"), false), "hidden");
    }

    #[test]
    fn malformed_vml_is_read_leniently() {
        let xml = b"<xml><v:shape><v:textbox><div>Jane Doe<br>PC 4521</div></v:textbox><x:ClientData ObjectType=Note></v:shape>";
        let rec = Recorder::default();
        run(&rec, "xl/drawings/vmlDrawing2.vml", Some(VML_CT), None, xml).unwrap();
        assert!(rec.has_text("Jane Doe\nPC 4521"));
        assert_eq!(rec.of_kind(Kind::DrawingText).len(), 1);
    }

    #[test]
    fn malformed_drawing_is_an_error() {
        let rec = Recorder::default();
        let r = run(
            &rec,
            "xl/drawings/drawing1.xml",
            Some(DRAWING_CT),
            None,
            b"<xdr:wsDr><xdr:sp>",
        );
        assert!(matches!(r, Err(crate::source::SourceError::Corrupt(_))));
    }
}
