//! Table definitions (`xl/tables/table*.xml`, Excel's "Format as Table"):
//! the table's name, its column names and totals-row labels. Excel keeps
//! the column names in step with the header cells, but a tool or an old
//! edit can leave them saying something else ("PC 4521 Niamh Nettleship"
//! over a column now headed "Rank"), and anyone who unzips the file reads
//! them. Their text goes to the content detectors as defined-name text:
//! a table name is one, in formulas' structured references.

use super::scan::{Ev, walk};
use super::{Out, PartCtx};
use crate::finding::Kind;
use crate::source::Result;

pub(super) fn table(part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) -> Result<()> {
    walk(bytes, part.name, &part.ctx.limits, |ev, st| {
        match ev {
            Ev::Start(e) if e.local() == "table" => {
                // Names cannot hold spaces: "Officers_Jane_Doe". The display
                // name is read only when it differs from the name.
                let name = e.attr("name");
                let display = e.attr("displayName").filter(|d| Some(*d) != name);
                for v in [name, display].into_iter().flatten() {
                    out.text(
                        Kind::DefinedName,
                        Some("table_name"),
                        false,
                        &v.replace('_', " "),
                    );
                }
            }
            Ev::Start(e) if e.local() == "tableColumn" => {
                if let Some(v) = e.attr("name") {
                    out.text(Kind::DefinedName, Some("table_column"), false, v);
                }
                if let Some(v) = e.attr("totalsRowLabel") {
                    out.text(Kind::DefinedName, Some("table_totals_label"), false, v);
                }
            }
            Ev::Text(t)
                if matches!(
                    st.top(),
                    Some("calculatedColumnFormula" | "totalsRowFormula")
                ) =>
            {
                out.text(Kind::DefinedName, Some("table_formula"), false, t)
            }
            _ => {}
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::finding::Kind;

    #[test]
    fn names_column_names_and_totals_labels_are_read() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="1" name="Officers_Nettleship" displayName="Officers_Nettleship" ref="A1:B7" totalsRowCount="1"><autoFilter ref="A1:B6"/><tableColumns count="2"><tableColumn id="1" name="PC 4521 Niamh Nettleship" totalsRowLabel="niamh.nettleship@psni.police.uk"/><tableColumn id="2" name="Headcount" totalsRowFunction="sum"/></tableColumns><tableStyleInfo name="TableStyleMedium2"/></table>"#;
        // Known by its content type, or by its relationship alone.
        let ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml";
        for (ct, r) in [(Some(ct), None), (None, Some(rel("table")))] {
            let rec = Recorder::default();
            run(&rec, "xl/tables/table1.xml", ct, r.as_deref(), xml).unwrap();
            sent(&rec);
        }
    }

    fn sent(rec: &Recorder) {
        for (want, field) in [
            ("Officers Nettleship", "table_name"),
            ("PC 4521 Niamh Nettleship", "table_column"),
            ("niamh.nettleship@psni.police.uk", "table_totals_label"),
            ("Headcount", "table_column"),
        ] {
            assert!(rec.has_text_field(want, field), "{want}: {:?}", rec.texts());
            let t = rec.text_with(want).unwrap();
            assert_eq!(t.kind, Kind::DefinedName);
            assert!(!t.hidden, "{want}");
        }
    }
}
