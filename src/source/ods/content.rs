//! `content.xml`, read as a stream: tables (sheets) with their hidden rows,
//! columns and cells, comments (annotations), shapes, named ranges, filters,
//! links, data connections, pivot tables and tracked changes.
//!
//! Repeated rows and cells (`table:number-rows-repeated`,
//! `table:number-columns-repeated`) are expanded only when they hold
//! content, and never past `max_cells`: an empty row repeated a million
//! times costs nothing, a row with content repeated a billion times is a
//! limit error before anything is expanded.
use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::sync::Arc;

use quick_xml::events::BytesStart;

use super::styles::Styles;
use super::{PART_CONTENT, walk};
use crate::finding::Kind;
use crate::model::{
    Cell, CellFormat, Feature, Hide, Location, Presentation, SheetInfo, SheetKind, SheetLayout,
    SheetState, SheetVisitor, TextPlace, Value, Visitor, a1,
};
use crate::source::xml::attr;
use crate::source::{Limits, Result, SourceError};

/// Most hyperlink features listed one by one; the rest are summed up.
const MAX_LINK_FEATURES: u64 = 1000;
/// `text:s text:c="…"` spaces are capped at this many.
const MAX_SPACES: usize = 1024;

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
        super::Ev::Start(local, e) => st.start(local, e),
        super::Ev::End(local) => st.end(local),
        super::Ev::Text(t) => st.text(t),
    })?;
    st.finish()
}

/// A cell value owned until the row ends.
#[derive(Clone, Debug)]
enum OwnedValue {
    Text(String),
    Number(f64),
    DateTime(f64),
    Bool(bool),
    Error(String),
}

impl OwnedValue {
    fn as_value(&self) -> Value<'_> {
        match self {
            OwnedValue::Text(s) => Value::Text(s),
            OwnedValue::Number(n) => Value::Number(*n),
            OwnedValue::DateTime(n) => Value::DateTime(*n),
            OwnedValue::Bool(b) => Value::Bool(*b),
            OwnedValue::Error(s) => Value::Error(s),
        }
    }
}

/// A cell with content, waiting for its row to end (rows may repeat).
struct PendingCell {
    col: u64,
    repeat: u64,
    value: OwnedValue,
    formula: Option<String>,
    hide: Hide,
    /// Bold and number format, for a rebuilt copy.
    look: Option<Arc<CellFormat>>,
}

struct ColRange {
    first: u64,
    last: u64,
    hide: Hide,
    default_style: Option<String>,
}

struct Table<'v> {
    name: String,
    hidden: bool,
    sheet: Box<dyn SheetVisitor + Send + 'v>,
    layout: SheetLayout,
    cols: Vec<ColRange>,
    col_cursor: u64,
    row_cursor: u64,
    cells: u64,
    /// Depth of the `table:table` element in the stack.
    depth: usize,
    /// Column widths and merged (spanned) cells, for a rebuilt copy.
    presentation: Presentation,
}

impl Table<'_> {
    fn column(&self, col: u64) -> Option<&ColRange> {
        let i = self.cols.partition_point(|c| c.last < col);
        self.cols.get(i).filter(|c| c.first <= col)
    }
    fn hide(&self) -> Hide {
        if self.hidden { Hide::SHEET } else { Hide::NONE }
    }
}

struct Row {
    index: u64,
    repeat: u64,
    hide: Hide,
    default_style: Option<String>,
    pending: Vec<PendingCell>,
    col: u64,
}

struct CellState {
    col: u64,
    repeat: u64,
    value_type: Option<String>,
    calc_type: Option<String>,
    value: Option<String>,
    date: Option<String>,
    time: Option<String>,
    boolean: Option<String>,
    /// `office:string-value`, which overrides the paragraphs.
    string_attr: Option<String>,
    /// The text of the cell's paragraphs (set when its text sink closes).
    text: String,
    formula: Option<String>,
    style: Option<String>,
    covered: bool,
    /// `table:number-columns-spanned`, `table:number-rows-spanned`.
    span: (u64, u64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SinkKind {
    /// A cell's paragraphs.
    Cell,
    /// A comment's paragraphs.
    Annotation,
    /// `dc:creator` of a comment or a tracked change.
    Creator,
    /// Text to drop (a comment's `dc:date`).
    Ignore,
    /// A shape's text and alternative text.
    Shape,
    /// Tracked changes (old cell values).
    Revision,
    /// Cached values of a DDE link.
    Dde,
}

struct Sink {
    depth: usize,
    kind: SinkKind,
    buf: String,
    /// Where it sits (sheet, cell).
    loc: Location,
    hidden: bool,
    count: u64,
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

    fn push_sink(&mut self, kind: SinkKind, loc: Location, hidden: bool) {
        self.sinks.push(Sink {
            depth: self.depth,
            kind,
            buf: String::new(),
            loc,
            hidden,
            count: 0,
        });
    }

    fn top_sink(&mut self) -> Option<&mut Sink> {
        self.sinks.last_mut()
    }

    fn append(&mut self, s: &str) -> Result<()> {
        let max = self.limits.max_xml_text_bytes;
        if let Some(sink) = self.sinks.last_mut() {
            sink.buf.push_str(s);
            if sink.buf.len() > max {
                return Err(SourceError::Limit(format!(
                    "a text in {PART_CONTENT} is longer than {max} bytes"
                )));
            }
        }
        Ok(())
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
                {
                    let loc = Location::part(PART_CONTENT);
                    self.visitor.feature(
                        Feature::new(
                            Kind::DataValidation,
                            loc.clone(),
                            "A validation rule offers a fixed list of values.",
                        )
                        .variant("list"),
                    );
                    self.text_at(Kind::DataValidation, &loc, Some("list"), true, &cond);
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

    fn close_sink(&mut self, sink: Sink) -> Result<()> {
        let text = sink.buf.trim();
        match sink.kind {
            SinkKind::Cell => {
                if let Some(c) = self.cell.as_mut() {
                    c.text = sink.buf;
                }
            }
            SinkKind::Annotation => {
                let mut f = Feature::new(
                    Kind::Comment,
                    sink.loc.clone(),
                    "A comment (note) is attached to a cell.",
                );
                if !text.is_empty() {
                    f = f.sample(text.to_string());
                }
                self.visitor.feature(f);
                if !text.is_empty() {
                    self.text_at(Kind::Comment, &sink.loc, None, sink.hidden, text);
                }
            }
            SinkKind::Creator => {
                let kind = match self.sinks.last().map(|s| s.kind) {
                    Some(SinkKind::Revision) => Kind::RevisionLog,
                    _ => Kind::Comment,
                };
                if !text.is_empty() {
                    self.text_at(kind, &sink.loc, Some("author"), true, text);
                }
            }
            SinkKind::Ignore => {}
            SinkKind::Shape => {
                if !text.is_empty() {
                    self.visitor.feature(
                        Feature::new(
                            Kind::DrawingText,
                            sink.loc.clone(),
                            "A shape or text box holds text.",
                        )
                        .sample(text.to_string()),
                    );
                    self.text_at(Kind::DrawingText, &sink.loc, None, sink.hidden, text);
                }
            }
            SinkKind::Revision => {
                self.visitor.feature(
                    Feature::new(
                        Kind::RevisionLog,
                        sink.loc.clone(),
                        "The file keeps a history of tracked changes, including old cell values and who made them.",
                    )
                    .count(sink.count.max(1)),
                );
                if !text.is_empty() {
                    self.text_at(Kind::RevisionLog, &sink.loc, None, true, text);
                }
            }
            SinkKind::Dde => {
                if !text.is_empty() {
                    self.text_at(Kind::DataConnection, &sink.loc, Some("cached"), true, text);
                }
            }
        }
        Ok(())
    }

    fn start_table(&mut self, e: &BytesStart<'_>) -> Result<()> {
        if self.parent() != Some("spreadsheet") || self.table.is_some() {
            self.inner_tables += 1;
            return Ok(());
        }
        let name =
            attr(e, "name").unwrap_or_else(|| format!("Sheet{}", self.info.sheets.len() + 1));
        let style = attr(e, "style-name");
        let hidden = style
            .as_deref()
            .is_some_and(|s| self.styles.table_hidden(s));
        let info = SheetInfo {
            index: self.info.sheets.len(),
            name: name.clone(),
            state: if hidden {
                SheetState::Hidden
            } else {
                SheetState::Visible
            },
            kind: SheetKind::Worksheet,
            part: Some(PART_CONTENT.to_string()),
            embedded: Vec::new(),
        };
        self.info.sheets.push(name.clone());
        if let Some(s) = style {
            self.info.sheet_styles.push((name.clone(), s));
        }
        let sheet = self.visitor.sheet(&info);
        self.table = Some(Table {
            name,
            hidden,
            sheet,
            layout: SheetLayout::default(),
            cols: Vec::new(),
            col_cursor: 0,
            row_cursor: 0,
            cells: 0,
            depth: self.depth,
            presentation: Presentation::default(),
        });
        Ok(())
    }

    fn end_table(&mut self) -> Result<()> {
        let Some(mut t) = self.table.take() else {
            return Ok(());
        };
        let p = &t.presentation;
        if !p.column_widths.is_empty() || !p.merged.is_empty() {
            t.sheet.presentation(p);
        }
        if t.hidden {
            let (variant, message) = if t.cells == 0 {
                ("empty", "A hidden sheet (empty).".to_string())
            } else {
                (
                    "hidden",
                    format!(
                        "A hidden sheet holds {} cell{} with values.",
                        t.cells,
                        if t.cells == 1 { "" } else { "s" }
                    ),
                )
            };
            let loc = Location::part(PART_CONTENT).with_sheet(t.name.clone());
            self.visitor.feature(
                Feature::new(Kind::HiddenSheet, loc, message)
                    .variant(variant)
                    .count(t.cells),
            );
        }
        self.done.push((t.name, t.sheet, t.layout));
        Ok(())
    }

    fn start_column(&mut self, e: &BytesStart<'_>) {
        let repeat = repeat_attr(e, "number-columns-repeated");
        let collapsed_group = self.col_groups.iter().any(|&g| g);
        let mut hide = Hide::NONE;
        match attr(e, "visibility").as_deref() {
            Some("collapse") => {
                hide = Hide::COLUMN;
                if collapsed_group {
                    hide |= Hide::COLLAPSED;
                }
            }
            Some("filter") => hide = Hide::COLUMN,
            _ => {}
        }
        let style = attr(e, "style-name");
        if style.as_deref().is_some_and(|s| self.styles.column_zero(s)) {
            hide |= Hide::COLUMN;
        }
        let width = style
            .as_deref()
            .and_then(|s| self.styles.column_width_chars(s));
        let default_style = attr(e, "default-cell-style-name").filter(|s| s != "Default");
        let Some(t) = self.table.as_mut() else { return };
        let first = t.col_cursor;
        let last = first.saturating_add(repeat - 1);
        t.col_cursor = last.saturating_add(1);
        if let Some(w) = width
            && first <= u32::MAX as u64
        {
            let (a, b) = (clamp32(first), clamp32(last));
            match t.presentation.column_widths.last_mut() {
                Some(prev) if prev.2 == w && prev.1.checked_add(1) == Some(a) => prev.1 = b,
                _ => t.presentation.column_widths.push((a, b, w)),
            }
        }
        if hide.is_hidden() {
            t.layout
                .hidden_columns
                .insert_range(clamp32(first), clamp32(last));
        }
        if hide.is_hidden() || default_style.is_some() {
            t.cols.push(ColRange {
                first,
                last,
                hide,
                default_style,
            });
        }
    }

    fn start_row(&mut self, e: &BytesStart<'_>) -> Result<()> {
        let repeat = repeat_attr(e, "number-rows-repeated");
        let collapsed_group = self.row_groups.iter().any(|&g| g);
        let mut hide = Hide::NONE;
        match attr(e, "visibility").as_deref() {
            Some("collapse") => {
                hide = Hide::ROW;
                if collapsed_group {
                    hide |= Hide::COLLAPSED;
                }
            }
            Some("filter") => hide = Hide::ROW | Hide::FILTERED,
            _ => {}
        }
        if attr(e, "style-name").is_some_and(|s| self.styles.row_zero(&s)) {
            hide |= Hide::ROW;
        }
        let default_style = attr(e, "default-cell-style-name");
        let Some(t) = self.table.as_mut() else {
            return Ok(());
        };
        let index = t.row_cursor;
        t.row_cursor = index.saturating_add(repeat);
        if hide.is_hidden() {
            t.layout
                .hidden_rows
                .insert_range(clamp32(index), clamp32(index.saturating_add(repeat - 1)));
        }
        self.row = Some(Row {
            index,
            repeat,
            hide,
            default_style,
            pending: Vec::new(),
            col: 0,
        });
        Ok(())
    }

    fn start_cell(&mut self, covered: bool, e: &BytesStart<'_>) -> Result<()> {
        let Some(row) = self.row.as_mut() else {
            return Ok(());
        };
        let mut c = CellState {
            col: row.col,
            repeat: 1,
            value_type: None,
            calc_type: None,
            value: None,
            date: None,
            time: None,
            boolean: None,
            string_attr: None,
            text: String::new(),
            formula: None,
            style: None,
            covered,
            span: (1, 1),
        };
        // One pass over the attributes (this runs for every cell).
        for a in e.attributes().with_checks(false).flatten() {
            let key = a.key;
            let local = key.local_name();
            let slot = match local.into_inner() {
                "value-type" => {
                    if key.as_ref().starts_with("calcext:") {
                        &mut c.calc_type
                    } else if c.value_type.is_none() || key.as_ref() == "office:value-type" {
                        &mut c.value_type
                    } else {
                        continue;
                    }
                }
                "value" => &mut c.value,
                "date-value" => &mut c.date,
                "time-value" => &mut c.time,
                "boolean-value" => &mut c.boolean,
                "string-value" => &mut c.string_attr,
                "formula" => &mut c.formula,
                "style-name" => &mut c.style,
                "number-columns-repeated" => {
                    if let Ok(v) = a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                        c.repeat = v
                            .trim()
                            .parse::<u64>()
                            .ok()
                            .filter(|&n| n >= 1)
                            .unwrap_or(1);
                    }
                    continue;
                }
                n @ ("number-columns-spanned" | "number-rows-spanned") => {
                    let v = a
                        .value
                        .trim()
                        .parse::<u64>()
                        .ok()
                        .filter(|&n| n >= 1)
                        .unwrap_or(1);
                    if n == "number-columns-spanned" {
                        c.span.0 = v;
                    } else {
                        c.span.1 = v;
                    }
                    continue;
                }
                _ => continue,
            };
            *slot = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned());
        }
        row.col = c.col.saturating_add(c.repeat);
        if !covered
            && c.span != (1, 1)
            && let Some(t) = self.table.as_mut()
        {
            let (r1, c1) = (row.index, c.col);
            let r2 = r1.saturating_add(c.span.1 - 1);
            let c2 = c1.saturating_add(c.span.0 - 1);
            if r1 <= u32::MAX as u64 && c1 <= u32::MAX as u64 {
                t.presentation
                    .merged
                    .push((clamp32(r1), clamp32(c1), clamp32(r2), clamp32(c2)));
            }
        }
        self.cell = Some(c);
        // The cell's own text sink needs no location (comments and shapes
        // inside the cell compute theirs).
        let hidden = self.hidden_here();
        self.push_sink(SinkKind::Cell, Location::default(), hidden);
        Ok(())
    }

    fn end_cell(&mut self) -> Result<()> {
        let Some(c) = self.cell.take() else {
            return Ok(());
        };
        let Some(row) = self.row.as_mut() else {
            return Ok(());
        };
        let text = match c.string_attr.as_deref() {
            Some(s) if !s.is_empty() => s.to_string(),
            _ => c.text,
        };
        let text_value = || (!text.is_empty()).then(|| OwnedValue::Text(text.clone()));
        let ty = match c.calc_type.as_deref() {
            Some("error") => Some("error"),
            _ => c.value_type.as_deref().or(c.calc_type.as_deref()),
        };
        let value = match ty {
            Some("float" | "percentage" | "currency") => {
                match c
                    .value
                    .as_deref()
                    .and_then(|v| v.trim().parse::<f64>().ok())
                    .filter(|n| n.is_finite())
                {
                    Some(n) => Some(OwnedValue::Number(n)),
                    None => text_value(),
                }
            }
            Some("date") => match c.date.as_deref().and_then(iso_to_serial) {
                Some(n) => Some(OwnedValue::DateTime(n)),
                None => text_value(),
            },
            Some("time") => match c.time.as_deref().and_then(duration_days) {
                Some(n) => Some(OwnedValue::DateTime(n)),
                None => text_value(),
            },
            Some("boolean") => match c.boolean.as_deref().map(str::trim) {
                Some("true" | "1") => Some(OwnedValue::Bool(true)),
                Some("false" | "0") => Some(OwnedValue::Bool(false)),
                _ => text_value(),
            },
            Some("error") => (!text.is_empty()).then(|| OwnedValue::Error(text.clone())),
            _ => text_value(),
        };
        let formula = c.formula.as_deref().map(odf_formula);
        let value = match (value, &formula) {
            (Some(v), _) => v,
            (None, Some(_)) => OwnedValue::Text(String::new()),
            (None, None) => return Ok(()),
        };
        let mut hide = Hide::NONE;
        if c.covered {
            // Content under a merged cell cannot be seen.
            hide |= Hide::INVISIBLE;
        }
        let style = c
            .style
            .clone()
            .or_else(|| row.default_style.clone())
            .or_else(|| {
                self.table
                    .as_ref()
                    .and_then(|t| t.column(c.col))
                    .and_then(|cr| cr.default_style.clone())
            });
        if style
            .as_deref()
            .is_some_and(|s| self.styles.cell_invisible(s))
        {
            hide |= Hide::INVISIBLE;
        }
        let look = self.styles.cell_format(style.as_deref());
        row.pending.push(PendingCell {
            col: c.col,
            repeat: c.repeat,
            value,
            formula,
            hide,
            look,
        });
        Ok(())
    }

    fn end_row(&mut self) -> Result<()> {
        let Some(row) = self.row.take() else {
            return Ok(());
        };
        if row.pending.is_empty() {
            return Ok(());
        }
        let Some(t) = self.table.as_mut() else {
            return Ok(());
        };
        let per_row: u64 = row
            .pending
            .iter()
            .map(|c| c.repeat)
            .fold(0u64, u64::saturating_add);
        let total = per_row.saturating_mul(row.repeat);
        let max = self.limits.max_cells;
        if self.cells.saturating_add(total) > max {
            return Err(SourceError::Limit(format!(
                "sheet {:?} row {} repeats to {total} cells, more than the {max} cell limit",
                t.name,
                row.index.saturating_add(1)
            )));
        }
        let last_row = row.index.saturating_add(row.repeat - 1);
        let last_col = row
            .pending
            .iter()
            .map(|c| c.col.saturating_add(c.repeat - 1))
            .max()
            .unwrap_or(0);
        if last_row > u32::MAX as u64 || last_col > u32::MAX as u64 {
            return Err(SourceError::Limit(format!(
                "sheet {:?} has cells beyond row {} or column {}",
                t.name,
                u32::MAX,
                u32::MAX
            )));
        }
        let base = t.hide() | row.hide;
        for r in row.index..=last_row {
            for pc in &row.pending {
                for col in pc.col..pc.col + pc.repeat {
                    let col_hide = t.column(col).map_or(Hide::NONE, |c| c.hide);
                    if let Some(f) = &pc.look {
                        t.sheet.cell_format(r as u32, col as u32, f);
                    }
                    t.sheet.cell(&Cell {
                        row: r as u32,
                        col: col as u32,
                        value: pc.value.as_value(),
                        formula: pc.formula.as_deref(),
                        hide: base | col_hide | pc.hide,
                    });
                }
            }
        }
        t.cells += total;
        self.cells += total;
        Ok(())
    }

    fn anchor(&mut self, e: &BytesStart<'_>) {
        let Some(sheet) = self.sheet_name().map(str::to_string) else {
            return;
        };
        if let Some(href) = attr(e, "href") {
            let target = href
                .trim_start_matches("./")
                .trim_end_matches('/')
                .to_string();
            self.info.anchors.entry(target).or_insert(sheet);
        }
    }

    fn hyperlink(&mut self, e: &BytesStart<'_>) {
        let Some(href) = attr(e, "href") else { return };
        let href = href.trim().to_string();
        if href.is_empty() {
            return;
        }
        self.links += 1;
        let loc = self.here();
        let hidden = self.hidden_here();
        let local = is_local_path(&href);
        if self.links <= MAX_LINK_FEATURES {
            let mut f = Feature::new(
                Kind::Hyperlink,
                loc.clone(),
                "A hyperlink points elsewhere.",
            )
            .sample(href.clone());
            if local {
                f = f.variant("local_path");
            }
            self.visitor.feature(f);
        }
        self.text_at(Kind::Hyperlink, &loc, Some("target"), hidden, &href);
    }

    fn event_listener(&mut self, e: &BytesStart<'_>) {
        let target = attr(e, "macro-name").or_else(|| attr(e, "href"));
        let Some(target) = target else { return };
        let loc = self.here();
        self.visitor.feature(
            Feature::new(Kind::Macro, loc.clone(), "An event runs a macro or script.")
                .variant("event")
                .sample(target.clone()),
        );
        self.text_at(Kind::Macro, &loc, Some("macro"), true, &target);
    }

    fn named(&mut self, local: &str, e: &BytesStart<'_>) {
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

    fn database_source(&mut self, e: &BytesStart<'_>) {
        let source = attr(e, "sql-statement")
            .or_else(|| attr(e, "database-table-name"))
            .or_else(|| attr(e, "query-name"));
        self.link_feature(
            Kind::DataConnection,
            "database",
            "A range or pivot table is filled from a database.",
            &[("database", attr(e, "database-name")), ("source", source)],
        );
    }

    fn link_feature(
        &mut self,
        kind: Kind,
        variant: &'static str,
        msg: &str,
        fields: &[(&str, Option<String>)],
    ) {
        let loc = self.here();
        let mut f = Feature::new(kind, loc.clone(), msg).variant(variant);
        if let Some((_, Some(v))) = fields.iter().find(|(_, v)| v.is_some()) {
            f = f.sample(v.clone());
        }
        self.visitor.feature(f);
        for (field, value) in fields {
            if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
                self.text_at(kind, &loc, Some(field), true, v);
            }
        }
    }

    fn finish(mut self) -> Result<ContentInfo> {
        if self.table.is_some() {
            return Err(SourceError::Corrupt(format!(
                "{PART_CONTENT} ends inside a table"
            )));
        }
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
                        "{rest} more hyperlinks (only the first {MAX_LINK_FEATURES} are listed)."
                    ),
                )
                .count(rest),
            );
        }
        Ok(self.info)
    }
}

/// A repeat count attribute: at least 1; unparsable counts are 1.
fn repeat_attr(e: &BytesStart<'_>, local: &str) -> u64 {
    attr(e, local)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&n| n >= 1)
        .unwrap_or(1)
}

fn clamp32(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

fn cell_ref(row: u64, col: u64) -> String {
    a1(clamp32(row), clamp32(col))
}

/// True for a link to a local or network file (`file:`, `C:\`, `\\server`).
fn is_local_path(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    let b = href.as_bytes();
    lower.starts_with("file:")
        || href.starts_with("\\\\")
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'\\' | b'/'))
        || lower.starts_with("../")
        || lower.starts_with("/home/")
        || lower.starts_with("/users/")
}

/// The sheet named by an ODF range address (`Sheet1.A1:Sheet1.C9`,
/// `'My sheet'.A1`, `$Sheet1.$A$1`).
pub(crate) fn sheet_of_address(addr: &str) -> Option<String> {
    let s = addr.trim().trim_start_matches('$');
    if let Some(rest) = s.strip_prefix('\'') {
        let mut out = String::new();
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    out.push('\'');
                } else {
                    return Some(out);
                }
            } else {
                out.push(c);
            }
        }
        return None;
    }
    let first = s.split(':').next().unwrap_or(s);
    let dot = first.rfind('.')?;
    let name = &first[..dot];
    (!name.is_empty()).then(|| name.to_string())
}

/// An ODF formula (`of:=SUM([.A1:.B2])+[Sheet2.C3]`) in the A1 style the
/// detectors read (`SUM(A1:B2)+Sheet2!C3`), without the leading `=`.
pub(crate) fn odf_formula(f: &str) -> String {
    let body = match f.split_once(':') {
        Some((ns, rest))
            if !ns.is_empty()
                && ns.chars().all(|c| c.is_ascii_alphanumeric())
                && rest.starts_with('=') =>
        {
            rest
        }
        _ => f,
    };
    let body = body.strip_prefix('=').unwrap_or(body);
    let mut out = String::with_capacity(body.len());
    let mut in_str = false;
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push(c);
            }
            '[' => {
                let mut inner = String::new();
                let mut quoted = false;
                for d in chars.by_ref() {
                    if d == '\'' {
                        quoted = !quoted;
                    }
                    if d == ']' && !quoted {
                        break;
                    }
                    inner.push(d);
                }
                let parts: Vec<String> = inner.split(':').map(odf_ref).collect();
                out.push_str(&parts.join(":"));
            }
            _ => out.push(c),
        }
    }
    out
}

/// One ODF cell reference (`.A1`, `Sheet2.B3`, `$'My sheet'.$C$4`) in A1 style.
fn odf_ref(r: &str) -> String {
    let r = r.trim();
    if let Some(cell) = r.strip_prefix('.') {
        return cell.to_string();
    }
    // Split at the last dot outside quotes.
    let mut quoted = false;
    let mut split = None;
    for (i, c) in r.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '.' if !quoted => split = Some(i),
            _ => {}
        }
    }
    match split {
        Some(i) => format!("{}!{}", r[..i].trim_start_matches('$'), &r[i + 1..]),
        None => r.to_string(),
    }
}

/// Days from 1970-01-01 to a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An ISO date or date-time (`2024-03-17`, `2024-03-17T10:15:30.5`) as an
/// Excel serial (days since 1899-12-30). Time zones are ignored.
pub(crate) fn iso_to_serial(s: &str) -> Option<f64> {
    let s = s.trim();
    let (date, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let (neg, date) = match date.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, date),
    };
    let mut it = date.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if it.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) || y > 1_000_000 {
        return None;
    }
    let y = if neg { -y } else { y };
    let days = days_from_civil(y, m, d) - days_from_civil(1899, 12, 30);
    let mut frac = 0.0;
    if let Some(t) = time {
        let t = t.trim_end_matches('Z');
        let t = t.split(['+', '-']).next().unwrap_or(t);
        let mut p = t.split(':');
        let h: f64 = p.next()?.parse().ok()?;
        let mi: f64 = p.next().unwrap_or("0").parse().ok()?;
        let se: f64 = p.next().unwrap_or("0").parse().ok()?;
        frac = (h * 3600.0 + mi * 60.0 + se) / 86_400.0;
    }
    let v = days as f64 + frac;
    v.is_finite().then_some(v)
}

/// An ISO duration (`PT10H15M30S`, `P1DT2H`, `-PT1H`) in days.
pub(crate) fn duration_days(s: &str) -> Option<f64> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let s = s.strip_prefix('P')?;
    let mut secs = 0.0;
    let mut num = String::new();
    let mut in_time = false;
    for c in s.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' | '.' => num.push(c),
            _ => {
                let v: f64 = num.parse().ok()?;
                num.clear();
                secs += v * match (c, in_time) {
                    ('D', false) => 86_400.0,
                    ('W', false) => 7.0 * 86_400.0,
                    ('H', true) => 3600.0,
                    ('M', true) => 60.0,
                    ('S', true) => 1.0,
                    _ => return None,
                };
            }
        }
    }
    if !num.is_empty() {
        return None;
    }
    let d = secs / 86_400.0;
    let d = if neg { -d } else { d };
    d.is_finite().then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(iso_to_serial("1899-12-30"), Some(0.0));
        assert_eq!(iso_to_serial("1900-03-01"), Some(61.0));
        assert_eq!(iso_to_serial("2024-03-17"), Some(45368.0));
        assert_eq!(iso_to_serial("2024-03-17T12:00:00"), Some(45368.5));
        assert_eq!(iso_to_serial("2024-13-01"), None);
        assert_eq!(duration_days("PT12H00M00S"), Some(0.5));
        assert_eq!(duration_days("P1DT6H"), Some(1.25));
        assert_eq!(duration_days("12H"), None);
    }

    #[test]
    fn formulas_and_addresses() {
        assert_eq!(
            odf_formula("of:=SUM([.A1:.B2])+[Sheet2.C3]"),
            "SUM(A1:B2)+Sheet2!C3"
        );
        assert_eq!(
            odf_formula("of:=['My sheet'.$A$1]&\"[x]\""),
            "'My sheet'!$A$1&\"[x]\""
        );
        assert_eq!(odf_formula("of:=[$Hidden.A1:.A9]"), "Hidden!A1:A9");
        assert_eq!(
            sheet_of_address("Sheet1.A1:Sheet1.C9").as_deref(),
            Some("Sheet1")
        );
        assert_eq!(sheet_of_address("$'It''s'.$A$1").as_deref(), Some("It's"));
        assert_eq!(sheet_of_address("A1"), None);
    }
}
