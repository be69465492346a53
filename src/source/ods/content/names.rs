//! Named ranges and named expressions (`table:named-range`,
//! `table:named-expression`): reported as defined names, passed to the
//! visitor in A1 style so formulas that use them can be followed.
use quick_xml::events::BytesStart;

use super::Content;
use super::formula::odf_formula;
use crate::finding::Kind;
use crate::model::{Feature, Location};
use crate::source::ods::PART_CONTENT;
use crate::source::xml::attr;

impl Content<'_, '_> {
    pub(super) fn named(&mut self, local: &str, e: &BytesStart<'_>) {
        let name = attr(e, "name").unwrap_or_default();
        let (value, variant) = if local == "named-range" {
            (attr(e, "cell-range-address").unwrap_or_default(), "range")
        } else {
            let expr = attr(e, "expression").unwrap_or_default();
            let v = if expr.contains('[') {
                "range"
            } else {
                "constant"
            };
            (expr, v)
        };
        let mut loc = Location::part(PART_CONTENT);
        loc.sheet = self.sheet_name().map(str::to_string);
        let msg = if variant == "constant" {
            "A named expression holds a value rather than a cell range."
        } else {
            "A named range or expression."
        };
        self.visitor.feature(
            Feature::new(Kind::DefinedName, loc.clone(), msg)
                .variant(variant)
                .sample(name.clone()),
        );
        if !name.is_empty() {
            self.text_at(Kind::DefinedName, &loc, Some("name"), true, &name);
            // In A1 style, so formulas that use the name can be followed.
            let refers_to = if local == "named-range" {
                odf_formula(&format!("[{value}]"))
            } else {
                odf_formula(&value)
            };
            self.visitor.defined_name(&loc, &name, &refers_to);
        }
        if !value.is_empty() {
            self.text_at(Kind::DefinedName, &loc, Some("value"), true, &value);
        }
    }
}
