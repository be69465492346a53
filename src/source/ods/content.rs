//! `content.xml`, read as a stream: tables (sheets) with their hidden rows,
//! columns and cells, comments (annotations), shapes, named ranges, filters,
//! links, data connections, pivot tables and tracked changes.
//!
//! The reader is one state machine, `Content`, fed every element and text
//! of the part; its handling is split by concern:
//! - `grid`: tables, columns, rows and cells (the sheet grid);
//! - `sinks`: text gathered inside an element (a cell's paragraphs,
//!   comments and their authors, shape text, tracked changes, DDE caches)
//!   and what it becomes when the element closes;
//! - `links`: hyperlinks, event macros, links to other files, databases
//!   and services, and where embedded objects are anchored;
//! - `names`: named ranges and named expressions;
//! - `formula` and `dates`: ODF formulas, range addresses, dates and
//!   durations in the form the detectors read.
mod dates;
mod formula;
mod grid;
mod links;
mod names;
mod sinks;

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use quick_xml::events::BytesStart;

use self::formula::sheet_of_address;
use self::grid::{CellState, Row, Table, cell_ref};
use self::links::MAX_LINK_FEATURES;
use self::sinks::{Sink, SinkKind};
use super::PART_CONTENT;
use super::styles::Styles;
use super::xml_walk::{Ev, walk};
use crate::finding::Kind;
use crate::model::{Feature, Location, SheetLayout, SheetVisitor, TextPlace, Visitor};
use crate::numbers::thousands;
use crate::source::xml::attr;
use crate::source::{Limits, Result, SourceError};

/// `text:s text:c="…"` spaces are capped at this many.
const MAX_SPACES: usize = 1024;
/// Validation rules with a list kept per document.
const MAX_VALIDATIONS: usize = 10_000;

/// What reading `content.xml` learned that the other parts need.
#[derive(Default, Debug)]
pub(crate) struct ContentInfo {
    /// An embedded object or picture (`Object 1`, `Pictures/x.png`) -> the
    /// sheet it sits on.
    pub anchors: HashMap<String, String>,
    /// Sheet (table) names, in order.
    pub sheets: Vec<String>,
    /// Table style of each sheet, for the page style (header/footer).
    pub sheet_styles: Vec<(String, String)>,
}

/// Read `content.xml` from `reader`, reporting to `visitor`. `cells` counts
/// the cells reported so far in the file (for `max_cells`).
pub(crate) fn read<R: BufRead>(
    reader: R,
    styles: &mut Styles,
    limits: &Limits,
    visitor: &dyn Visitor,
) -> Result<ContentInfo> {
    let mut st = Content::new(styles, limits, visitor);
    walk(reader, PART_CONTENT, limits, |ev| match ev {
        Ev::Start(local, e) => st.start(local, e),
        Ev::End(local) => st.end(local),
        Ev::Text(t) => st.text(t),
    })?;
    st.finish()
}

struct Content<'s, 'v> {
    styles: &'s mut Styles,
    limits: &'s Limits,
    visitor: &'v dyn Visitor,
    /// Local names of the open elements (slots are reused).
    stack: Vec<String>,
    depth: usize,
    /// Inside `office:automatic-styles`: the depth of that element.
    styles_depth: Option<usize>,
    table: Option<Table<'v>>,
    done: Vec<(String, Box<dyn SheetVisitor + Send + 'v>, SheetLayout)>,
    /// `table:table` elements open that are not sheets (DDE caches, sub-tables).
    inner_tables: usize,
    row: Option<Row>,
    cell: Option<CellState>,
    sinks: Vec<Sink>,
    in_p: usize,
    row_groups: Vec<bool>,
    col_groups: Vec<bool>,
    autofilter: HashSet<String>,
    /// The database range being read targets this sheet.
    db_sheet: Option<String>,
    cells: u64,
    links: u64,
    info: ContentInfo,
    /// Validation rules offering a list: (name, condition), reported with
    /// the first cell using each once the sheets are read.
    validations: Vec<(String, String)>,
    /// The first cell using each validation rule: (sheet, row, column).
    validation_cells: HashMap<String, (String, u32, u32)>,
    /// Sheets hidden by their table style.
    hidden_sheets: Vec<String>,
}

impl<'s, 'v> Content<'s, 'v> {
    fn new(styles: &'s mut Styles, limits: &'s Limits, visitor: &'v dyn Visitor) -> Self {
        Content {
            styles,
            limits,
            visitor,
            stack: Vec::new(),
            depth: 0,
            styles_depth: None,
            table: None,
            done: Vec::new(),
            inner_tables: 0,
            row: None,
            cell: None,
            sinks: Vec::new(),
            in_p: 0,
            row_groups: Vec::new(),
            col_groups: Vec::new(),
            autofilter: HashSet::new(),
            db_sheet: None,
            cells: 0,
            links: 0,
            info: ContentInfo::default(),
            validations: Vec::new(),
            validation_cells: HashMap::new(),
            hidden_sheets: Vec::new(),
        }
    }

    fn parent(&self) -> Option<&str> {
        // During start, the element itself is already pushed.
        self.depth
            .checked_sub(2)
            .and_then(|i| self.stack.get(i))
            .map(|s| s.as_str())
    }

    fn sheet_name(&self) -> Option<&str> {
        self.table.as_ref().map(|t| t.name.as_str())
    }

    /// Where something in the current sheet (and cell, if any) sits.
    fn here(&self) -> Location {
        let mut loc = Location::part(PART_CONTENT);
        if let Some(t) = &self.table {
            loc.sheet = Some(t.name.clone());
            if let (Some(r), Some(c)) = (&self.row, &self.cell) {
                loc.cell = Some(cell_ref(r.index, c.col));
            }
        }
        loc
    }

    fn hidden_here(&self) -> bool {
        self.table.as_ref().is_some_and(|t| t.hidden)
    }

    /// Rows and cells belong to the sheet (not to a cached or nested table).
    fn in_grid(&self) -> bool {
        self.table.is_some()
            && self.inner_tables == 0
            && !self.sinks.iter().any(|s| s.kind == SinkKind::Revision)
    }

    fn start(&mut self, local: &str, e: &BytesStart<'_>) -> Result<()> {
        if let Some(slot) = self.stack.get_mut(self.depth) {
            slot.clear();
            slot.push_str(local);
        } else {
            self.stack.push(local.to_string());
        }
        self.depth += 1;

        if self.styles_depth.is_some() {
            self.styles.start(local, e);
            return Ok(());
        }
        match local {
            "automatic-styles" => self.styles_depth = Some(self.depth),
            "table" => self.start_table(e)?,
            "table-column-group" => self
                .col_groups
                .push(attr(e, "display").as_deref() == Some("false")),
            "table-row-group" => self
                .row_groups
                .push(attr(e, "display").as_deref() == Some("false")),
            "table-column" if self.in_grid() => self.start_column(e),
            "table-row" if self.in_grid() => self.start_row(e)?,
            "table-cell" | "covered-table-cell" if self.in_grid() && self.row.is_some() => {
                self.start_cell(local == "covered-table-cell", e)?
            }
            "p" | "h" => {
                self.in_p += 1;
                if let Some(s) = self.top_sink()
                    && !s.buf.is_empty()
                    && !s.buf.ends_with('\n')
                {
                    s.buf.push('\n');
                }
            }
            "s" if self.in_p > 0 => {
                let n = attr(e, "c")
                    .and_then(|c| c.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .min(MAX_SPACES);
                self.append(&" ".repeat(n))?;
            }
            "tab" if self.in_p > 0 => self.append("\t")?,
            "line-break" if self.in_p > 0 => self.append("\n")?,
            "annotation" => {
                let hidden = attr(e, "display").as_deref() != Some("true") || self.hidden_here();
                let loc = self.here();
                self.push_sink(SinkKind::Annotation, loc, hidden);
            }
            "creator"
                if matches!(
                    self.sinks.last().map(|s| s.kind),
                    Some(SinkKind::Annotation | SinkKind::Revision)
                ) =>
            {
                let (loc, hidden) = self
                    .sinks
                    .last()
                    .map(|s| (s.loc.clone(), s.hidden))
                    .unwrap_or_default();
                self.push_sink(SinkKind::Creator, loc, hidden);
            }
            "date"
                if self.in_p == 0
                    && matches!(
                        self.sinks.last().map(|s| s.kind),
                        Some(SinkKind::Annotation)
                    ) =>
            {
                self.push_sink(SinkKind::Ignore, Location::default(), true);
            }
            "frame" | "custom-shape" | "rect" | "line" | "polyline" | "polygon"
            | "regular-polygon" | "path" | "circle" | "ellipse" | "g" | "connector" | "caption"
            | "measure" | "control"
                if !self.sinks.iter().any(|s| s.kind == SinkKind::Shape) =>
            {
                let loc = self.here();
                let hidden = self.hidden_here();
                self.push_sink(SinkKind::Shape, loc, hidden);
            }
            "object" | "object-ole" | "image" | "plugin" | "applet" | "floating-frame" => {
                self.anchor(e)
            }
            "a" => self.hyperlink(e),
            "event-listener" => self.event_listener(e),
            "named-range" | "named-expression" => self.named(local, e),
            "database-range" => {
                self.db_sheet = attr(e, "target-range-address").and_then(|a| sheet_of_address(&a));
                if attr(e, "display-filter-buttons").as_deref() == Some("true")
                    && let Some(s) = &self.db_sheet
                {
                    self.autofilter.insert(s.clone());
                }
            }
            "filter" if self.db_sheet.is_some() => {
                if let Some(s) = &self.db_sheet {
                    self.autofilter.insert(s.clone());
                }
            }
            "database-source-sql" | "database-source-table" | "database-source-query" => {
                self.database_source(e)
            }
            "source-service" => self.link_feature(
                Kind::DataConnection,
                "service",
                "A pivot table reads its data from an external data service.",
                &[
                    ("source", attr(e, "source-name")),
                    ("object", attr(e, "object-name")),
                ],
            ),
            "table-source" => self.link_feature(
                Kind::ExternalLink,
                "table",
                "The sheet is linked to another file; its cells are a cached copy of that file.",
                &[
                    ("target", attr(e, "href")),
                    ("table", attr(e, "table-name")),
                ],
            ),
            "cell-range-source" => self.link_feature(
                Kind::ExternalLink,
                "range",
                "A cell range is linked to another file and keeps a cached copy of it.",
                &[("target", attr(e, "href")), ("range", attr(e, "name"))],
            ),
            "dde-source" => self.link_feature(
                Kind::DataConnection,
                "dde",
                "A DDE link reads data from another program or file.",
                &[
                    ("application", attr(e, "dde-application")),
                    ("topic", attr(e, "dde-topic")),
                    ("item", attr(e, "dde-item")),
                ],
            ),
            "dde-link" => {
                let loc = Location::part(PART_CONTENT);
                self.push_sink(SinkKind::Dde, loc, true);
            }
            "tracked-changes" => {
                let loc = Location::part(PART_CONTENT);
                self.push_sink(SinkKind::Revision, loc, true);
            }
            "cell-content-change" | "insertion" | "deletion" | "movement" => {
                if let Some(s) = self
                    .sinks
                    .iter_mut()
                    .rev()
                    .find(|s| s.kind == SinkKind::Revision)
                {
                    s.count += 1;
                }
            }
            "data-pilot-table" => {
                let sheet = attr(e, "target-range-address").and_then(|a| sheet_of_address(&a));
                let mut loc = Location::part(PART_CONTENT);
                loc.sheet = sheet;
                let mut f = Feature::new(
                    Kind::PivotCache,
                    loc,
                    "A pivot table (DataPilot) summarises a source range; check the source range is fit to release.",
                )
                .variant("table");
                if let Some(n) = attr(e, "name") {
                    f = f.sample(n);
                }
                self.visitor.feature(f);
            }
            "content-validation" => {
                if let Some(cond) = attr(e, "condition")
                    && cond.contains("cell-content-is-in-list")
                    && self.validations.len() < MAX_VALIDATIONS
                {
                    self.validations
                        .push((attr(e, "name").unwrap_or_default(), cond));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, local: &str) -> Result<()> {
        // The sink opened by this element closes with it.
        if self.sinks.last().is_some_and(|s| s.depth == self.depth)
            && let Some(sink) = self.sinks.pop()
        {
            self.close_sink(sink)?;
        }
        if let Some(d) = self.styles_depth {
            if d == self.depth {
                self.styles_depth = None;
            } else {
                self.styles.end(local);
            }
            self.depth = self.depth.saturating_sub(1);
            return Ok(());
        }
        match local {
            "p" | "h" => self.in_p = self.in_p.saturating_sub(1),
            "table" => {
                if self.table.as_ref().is_some_and(|t| t.depth == self.depth) {
                    self.end_table()?;
                } else {
                    self.inner_tables = self.inner_tables.saturating_sub(1);
                }
            }
            "table-column-group" => {
                self.col_groups.pop();
            }
            "table-row-group" => {
                self.row_groups.pop();
            }
            "table-row" if self.in_grid() => self.end_row()?,
            "table-cell" | "covered-table-cell" if self.in_grid() => self.end_cell()?,
            "database-range" => self.db_sheet = None,
            _ => {}
        }
        self.depth = self.depth.saturating_sub(1);
        Ok(())
    }

    fn text(&mut self, t: &str) -> Result<()> {
        if self.styles_depth.is_some() {
            self.styles.text(t);
            return Ok(());
        }
        let in_p = self.in_p > 0;
        match self.sinks.last().map(|s| s.kind) {
            Some(SinkKind::Cell | SinkKind::Annotation) if in_p => self.append(t),
            Some(SinkKind::Cell | SinkKind::Annotation) => Ok(()),
            Some(SinkKind::Ignore) => Ok(()),
            Some(SinkKind::Creator) => self.append(t),
            Some(SinkKind::Shape | SinkKind::Revision | SinkKind::Dde) => {
                if in_p || !t.trim().is_empty() {
                    if !in_p
                        && let Some(s) = self.top_sink()
                        && !s.buf.is_empty()
                        && !s.buf.ends_with('\n')
                    {
                        s.buf.push('\n');
                    }
                    self.append(t)?;
                }
                Ok(())
            }
            None => {
                if !t.trim().is_empty() {
                    // Text in a place foiguard does not model: still scanned.
                    let field = self
                        .depth
                        .checked_sub(1)
                        .and_then(|i| self.stack.get(i))
                        .cloned();
                    let loc = self.here();
                    self.text_at(Kind::UnknownPart, &loc, field.as_deref(), true, t);
                }
                Ok(())
            }
        }
    }

    /// Validation lists, at the first cell that uses each: an explicit
    /// list's items ("a";"b") are visible text, a list from cells is a
    /// hidden source when it reaches a hidden sheet.
    fn report_validations(&mut self) {
        for (name, cond) in std::mem::take(&mut self.validations) {
            let mut loc = Location::part(PART_CONTENT);
            if let Some((sheet, row, col)) = self.validation_cells.get(&name) {
                loc = loc
                    .with_sheet(sheet)
                    .with_cell(crate::model::a1(*row, *col));
            }
            let inner = cond
                .split_once("cell-content-is-in-list(")
                .map_or(cond.as_str(), |(_, rest)| {
                    rest.trim_end().trim_end_matches(')')
                });
            let explicit = inner.trim_start().starts_with('"');
            let hidden_source = !explicit
                && self
                    .hidden_sheets
                    .iter()
                    .any(|h| inner.contains(&format!("{h}.")));
            let items = if explicit {
                inner
                    .split(';')
                    .map(|i| i.trim().trim_matches('"'))
                    .collect::<Vec<_>>()
                    .join(",")
            } else {
                inner.to_string()
            };
            self.visitor.feature(
                Feature::new(
                    Kind::DataValidation,
                    loc.clone(),
                    if hidden_source {
                        "A drop-down list takes its values from a hidden sheet."
                    } else {
                        "A validation rule offers a fixed list of values."
                    },
                )
                .variant(if hidden_source {
                    "hidden_source"
                } else {
                    "list"
                })
                .sample(items.clone()),
            );
            let field = if explicit { "list" } else { "source" };
            self.text_at(Kind::DataValidation, &loc, Some(field), !explicit, &items);
        }
    }

    fn text_at(&self, kind: Kind, loc: &Location, field: Option<&str>, hidden: bool, text: &str) {
        self.visitor.text(
            TextPlace {
                kind,
                location: loc,
                field,
                hidden,
            },
            text,
        );
    }

    fn finish(mut self) -> Result<ContentInfo> {
        if self.table.is_some() {
            return Err(SourceError::Corrupt(format!(
                "{PART_CONTENT} ends inside a table"
            )));
        }
        self.report_validations();
        for (name, sheet, mut layout) in std::mem::take(&mut self.done) {
            layout.has_autofilter = self.autofilter.contains(&name);
            sheet.finish(layout);
        }
        if self.links > MAX_LINK_FEATURES {
            let rest = self.links - MAX_LINK_FEATURES;
            self.visitor.feature(
                Feature::new(
                    Kind::Hyperlink,
                    Location::part(PART_CONTENT),
                    format!(
                        "{rest} more hyperlinks (only the first {MAX_LINK_FEATURES} are listed).",
                        rest = thousands(rest),
                        MAX_LINK_FEATURES = thousands(MAX_LINK_FEATURES)
                    ),
                )
                .count(rest),
            );
        }
        Ok(self.info)
    }
}
