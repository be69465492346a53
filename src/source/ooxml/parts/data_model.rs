//! The Power Pivot data model (`xl/model/item.data`): a compressed database
//! of whole tables. foiguard reports it; it does not read inside it.

use super::{Out, PartCtx};
use crate::finding::Kind;
use crate::model::Feature;
use crate::numbers::thousands;

pub(super) fn model(_part: &PartCtx<'_>, bytes: &[u8], out: &Out<'_>) {
    let kb = bytes.len().div_ceil(1024);
    out.feature(
        Feature::new(
            Kind::DataModel,
            out.loc.clone(),
            format!("A Power Pivot data model ({kb} KB) stores whole tables that the sheets need not show; its contents are not inspected.", kb = thousands(kb as u64)),
        )
        .count(1),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::finding::Kind;

    #[test]
    fn data_model_is_reported() {
        let rec = Recorder::default();
        let ct = "application/vnd.openxmlformats-officedocument.model+data";
        run(&rec, "xl/model/item.data", Some(ct), None, &[0u8; 3000]).unwrap();
        let f = rec.of_kind(Kind::DataModel);
        assert_eq!((f.len(), f[0].count), (1, 1));
        assert!(f[0].message.contains("3 KB"));
    }
}
