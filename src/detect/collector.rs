//! The visitor that sits between a source and the findings of one file: it
//! runs the structural grid checks on every sheet, turns the source's
//! features into findings with the policy's severities, and collects
//! everything for the verdict.

use std::sync::Mutex;

use crate::finding::{Finding, Kind, Severity};
use crate::model::{
    Cell, CellPrework, Feature, Location, Prepared, SheetInfo, SheetLayout, SheetVisitor,
    TextPlace, Value, Visitor,
};
use crate::numbers::thousands;
use crate::policy::Policy;

use super::content::{ContentScanner, Hit, TextContext};
use super::held_names::HeldNames;
use super::people::{Sighting, Tally};
use super::structure::{ChartSource, Names, SheetGrid, SheetMap, is_aggregate};
use super::table::{NameColumn, ScannedCells, TableAnalyzer, TableHit};

/// Collects the findings of one file (and the files embedded in it).
pub struct Collector<'p> {
    policy: &'p Policy,
    content: Option<&'p ContentScanner>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    findings: Vec<Finding>,
    incomplete: Vec<String>,
    sheets: SheetMap,
    /// Visible formulas to check once every sheet's layout is known:
    /// (embedded chain, sheet name, row, col, formula).
    formulas: Vec<(Vec<String>, String, u32, u32, String)>,
    sheet_maps: Vec<(Vec<String>, SheetMap)>,
    /// Defined names, per embedded chain, to follow formulas through them.
    names: Vec<(Vec<String>, Names)>,
    /// Content hits in text outside the grid.
    texts: Tally,
    /// Hiding places whose text holds blocking personal data: (kind, location).
    raise: Vec<(&'static str, Location)>,
    /// Sheet names in which the content detectors found something.
    personal_sheet_names: Vec<String>,
    /// Chart caches copied from cells, decided once every sheet's layout
    /// is known: is every plotted cell visible?
    charts: Vec<Feature>,
    /// Chart series references: (embedded chain, chart part, formula).
    chart_refs: Vec<(Vec<String>, Option<String>, String)>,
    /// More chart references than remembered: none is checked.
    chart_refs_overflow: bool,
}

/// Most chart series references remembered per file.
const MAX_CHART_REFS: usize = 100_000;

/// What the collector hands back when the source is done.
pub struct Collected {
    pub findings: Vec<Finding>,
    /// Reasons the file was not fully inspected (embedded failures...).
    pub incomplete: Vec<String>,
    /// Sheet names that hold personal data ("PC 4521 Henswick"): a report
    /// masks them wherever it names the sheet, as it masks samples.
    pub personal_sheet_names: Vec<String>,
}

impl<'p> Collector<'p> {
    pub fn new(policy: &'p Policy) -> Self {
        Collector {
            policy,
            content: None,
            state: Mutex::new(State::default()),
        }
    }

    /// Also run the content detectors on every cell and text.
    pub fn with_content(mut self, content: &'p ContentScanner) -> Self {
        self.content = Some(content);
        self
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock must not hide findings.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn push(&self, f: Finding) {
        self.lock().findings.push(f);
    }

    /// Finish: resolve the checks that need every sheet, and return the findings.
    pub fn finish(self) -> Collected {
        let policy = self.policy;
        let mut st = self.state.into_inner().unwrap_or_else(|p| p.into_inner());
        let formulas = std::mem::take(&mut st.formulas);
        let mut maps = std::mem::take(&mut st.sheet_maps);
        maps.push((Vec::new(), std::mem::take(&mut st.sheets)));
        let all_names = std::mem::take(&mut st.names);
        let no_names = Names::default();
        // One finding per (sheet, target, aggregate or not).
        let mut grouped: std::collections::BTreeMap<
            (Vec<String>, String, String, bool),
            (u64, u32, u32),
        > = Default::default();
        for (chain, sheet, row, col, formula) in formulas {
            let Some((_, map)) = maps.iter().find(|(c, _)| *c == chain) else {
                continue;
            };
            let names = all_names
                .iter()
                .find(|(c, _)| *c == chain)
                .map_or(&no_names, |(_, n)| n);
            for (r, via) in names.references(&formula, &sheet) {
                if let Some(target) = map.hidden_target(&sheet, &r) {
                    let target = match via {
                        Some(name) => format!("{target} (through the name {name})"),
                        None => target,
                    };
                    let agg = is_aggregate(&formula);
                    let e = grouped
                        .entry((chain.clone(), sheet.clone(), target, agg))
                        .or_insert((0, row, col));
                    e.0 += 1;
                    break;
                }
            }
        }
        for ((chain, sheet, target, agg), (count, row, col)) in grouped {
            let variant = if agg { Some("aggregate") } else { None };
            let cell = crate::model::a1(row, col);
            let message = if agg {
                format!(
                    "{} visible formula{} total up {target} (first at {cell}); the total may be fine, but the hidden source goes out with the file.",
                    thousands(count),
                    if count == 1 { "" } else { "s" }
                )
            } else {
                format!(
                    "{} visible formula{} copy values from {target} (first at {cell}); the cached result shows hidden data.",
                    thousands(count),
                    if count == 1 { "" } else { "s" }
                )
            };
            let loc = Location {
                embedded: chain,
                sheet: Some(sheet),
                cell: Some(cell),
                part: None,
            };
            st.findings.push(structural(
                policy,
                Kind::FormulaToHidden,
                variant,
                &loc,
                count,
                message,
                None,
            ));
        }
        let charts = std::mem::take(&mut st.charts);
        let mut chart_refs = std::mem::take(&mut st.chart_refs);
        if st.chart_refs_overflow {
            chart_refs.clear();
        }
        for feature in charts {
            let f = chart_finding(policy, feature, &chart_refs, &maps);
            st.findings.push(f);
        }
        let mut texts = std::mem::take(&mut st.texts);
        texts.tabs_named_after_people();
        st.findings.extend(texts.into_findings(policy));
        // A hiding place whose text holds personal data that blocks is itself
        // raised to block.
        let raise = std::mem::take(&mut st.raise);
        for f in st.findings.iter_mut() {
            if f.severity == Severity::Block {
                continue;
            }
            let hit = raise.iter().any(|(kind, loc)| {
                *kind == f.kind
                    && loc.part == f.part
                    && loc.sheet == f.sheet
                    && loc.embedded == f.embedded
            });
            if hit {
                f.severity = Severity::Block;
                f.message.push_str(" Its text holds personal data.");
            }
        }
        say_what_hidden_sheets_hold(&mut st.findings);
        Collected {
            findings: st.findings,
            incomplete: st.incomplete,
            personal_sheet_names: st.personal_sheet_names,
        }
    }
}

/// Tell a hidden sheet that holds personal data (a staff list, as at the
/// PSNI) from one that holds a lookup list: each `hidden_sheet` finding
/// says whether content findings that count (review or block) sit on it.
fn say_what_hidden_sheets_hold(findings: &mut [Finding]) {
    let personal: Vec<(Vec<String>, String)> = findings
        .iter()
        .filter(|f| Kind::parse(&f.kind).is_none() && f.severity > Severity::Info)
        .filter_map(|f| Some((f.embedded.clone(), f.sheet.clone()?)))
        .collect();
    for f in findings.iter_mut() {
        if f.kind != Kind::HiddenSheet.as_str() {
            continue;
        }
        let Some(sheet) = &f.sheet else { continue };
        let holds = personal
            .iter()
            .any(|(chain, s)| *chain == f.embedded && s == sheet);
        f.message.push_str(if holds {
            " It holds personal data: see the findings on this sheet."
        } else {
            " No personal data was recognised in it; still remove it (or unhide it, if it \
             belongs in the release) before release."
        });
    }
}

/// A chart cache copied from cells: `visible` when every series reference
/// is a plain range of visible cells of this workbook that holds at least
/// as many cells as the chart keeps values (nothing a reader cannot see
/// on the sheet); otherwise as the source reported it, saying why.
fn chart_finding(
    policy: &Policy,
    mut feature: Feature,
    refs: &[(Vec<String>, Option<String>, String)],
    maps: &[(Vec<String>, SheetMap)],
) -> Finding {
    let loc = &feature.location;
    let map = maps
        .iter()
        .find(|(c, _)| *c == loc.embedded)
        .map(|(_, m)| m);
    let mut source = None;
    for (_, _, formula) in refs
        .iter()
        .filter(|(c, p, _)| *c == loc.embedded && *p == loc.part)
    {
        let this = map.map_or(ChartSource::Unknown, |m| m.chart_source(formula));
        source = Some(match (source, this) {
            (Some(ChartSource::Hidden(w)), _) | (_, ChartSource::Hidden(w)) => {
                ChartSource::Hidden(w)
            }
            (Some(ChartSource::Unknown), _) | (_, ChartSource::Unknown) => ChartSource::Unknown,
            (Some(ChartSource::Visible(a)), ChartSource::Visible(b)) => {
                ChartSource::Visible(a.saturating_add(b))
            }
            (None, v) => v,
        });
    }
    let points = thousands(feature.count);
    match source {
        Some(ChartSource::Visible(cells)) if cells >= feature.count => {
            feature.variant = Some("visible");
            feature.message = format!(
                "A chart keeps a copy of the {points} values it plots, all from visible cells."
            );
        }
        Some(ChartSource::Hidden(why)) => {
            feature.message =
                format!("A chart keeps a copy of the {points} values it plots, some from {why}.");
        }
        _ => {
            feature.message = format!(
                "A chart keeps a copy of the {points} values it plots; foiguard cannot tell whether they all come from visible cells."
            );
        }
    }
    let Feature {
        kind,
        variant,
        location,
        count,
        message,
        sample,
    } = feature;
    structural(policy, kind, variant, &location, count, message, sample)
}

/// Build a structural finding with the policy's severity.
fn structural(
    policy: &Policy,
    kind: Kind,
    variant: Option<&str>,
    loc: &Location,
    count: u64,
    message: String,
    sample: Option<String>,
) -> Finding {
    let mut f = Finding::new(
        kind.as_str(),
        policy.severity(kind.as_str(), variant),
        message,
    )
    .at(loc);
    f.count = count;
    f.sample = sample;
    f.hidden = true;
    f.rule = Some(policy.rule_key(kind.as_str(), variant));
    if kind == Kind::HiddenSheet {
        f.very_hidden = Some(variant == Some("very_hidden"));
    }
    f
}

impl Visitor for Collector<'_> {
    fn sheet(&self, sheet: &SheetInfo) -> Box<dyn SheetVisitor + Send + '_> {
        self.scan_sheet_name(sheet);
        Box::new(SheetCollector {
            owner: self,
            grid: SheetGrid::new(sheet.clone()),
            table: self.content.map(TableAnalyzer::new),
            tally: Tally::default(),
            hits: Vec::new(),
            number_text: String::new(),
            held: HeldNames::default(),
        })
    }

    fn feature(&self, feature: Feature) {
        if feature.kind == Kind::ChartCache && feature.variant == Some("cells") {
            self.lock().charts.push(feature);
            return;
        }
        let Feature {
            kind,
            variant,
            location,
            count,
            message,
            sample,
        } = feature;
        let mut f = structural(
            self.policy,
            kind,
            variant,
            &location,
            count,
            message,
            sample,
        );
        // Visible-by-nature places are not "hidden" in the finding's sense.
        f.hidden = !matches!(
            kind,
            Kind::Hyperlink
                | Kind::FormulaLikeCsvCell
                | Kind::LockFile
                | Kind::Image
                | Kind::DrawingText
        );
        self.push(f);
    }

    fn text(&self, place: TextPlace<'_>, text: &str) {
        if place.kind == Kind::ChartCache && place.field == Some("reference") {
            let mut st = self.lock();
            if st.chart_refs.len() < MAX_CHART_REFS {
                st.chart_refs.push((
                    place.location.embedded.clone(),
                    place.location.part.clone(),
                    text.to_string(),
                ));
            } else {
                // Too many to check: every chart stays as reported.
                st.chart_refs_overflow = true;
            }
        }
        let Some(scanner) = self.content else { return };
        let mut hits = Vec::new();
        // In a data part (custom XML, a part nothing refers to) an element's
        // name says what its text is, as a column header does:
        // <serviceNumber>825729</serviceNumber>.
        let element = matches!(place.kind, Kind::CustomXml | Kind::UnknownPart)
            .then(|| place.field.map(crate::detect::normalize::split_camel_case))
            .flatten();
        let ctx = match place.field {
            Some(f) => TextContext {
                header: element.as_deref(),
                field: Some(f),
            },
            None => TextContext::default(),
        };
        // A link's target is a URI: "Adaeze%20Nwosu%20-%20ET1.pdf".
        let decoded = (place.field == Some("target") && text.contains('%'))
            .then(|| crate::source::link_target::percent_decode(text));
        let text = decoded.as_deref().unwrap_or(text);
        scanner.scan(text, &ctx, &mut hits);
        if hits.is_empty() {
            return;
        }
        let mut st = self.lock();
        for hit in &hits {
            st.texts.add(Sighting {
                hit,
                text,
                location: place.location,
                hidden: place.hidden,
                place: Some(place_name(&place)),
            });
            let strong = hit.strong;
            if self.policy.content_severity(hit.kind, strong, false) == Severity::Block {
                st.raise.push((place.kind.as_str(), place.location.clone()));
            }
        }
    }

    fn incomplete(&self, location: &Location, reason: &str) {
        let mut place = location.embedded.join(" > ");
        if let Some(p) = &location.part {
            if !place.is_empty() {
                place.push_str(" > ");
            }
            place.push_str(p);
        }
        let msg = if place.is_empty() {
            reason.to_string()
        } else {
            format!("{place}: {reason}")
        };
        self.lock().incomplete.push(msg);
    }

    fn defined_name(&self, location: &Location, name: &str, refers_to: &str) {
        let mut st = self.lock();
        let chain = &location.embedded;
        let names = match st.names.iter().position(|(c, _)| c == chain) {
            Some(i) => &mut st.names[i].1,
            None => {
                st.names.push((chain.clone(), Names::default()));
                match st.names.last_mut() {
                    Some((_, n)) => n,
                    None => return,
                }
            }
        };
        names.insert(location.sheet.as_deref(), name, refers_to);
    }
}

/// Follows one sheet for the collector.
struct SheetCollector<'c, 'p> {
    owner: &'c Collector<'p>,
    grid: SheetGrid,
    table: Option<TableAnalyzer<'p>>,
    tally: Tally,
    hits: Vec<Hit>,
    number_text: String,
    /// Names in a bare "Name" column not judged yet (people or things,
    /// see [`TableAnalyzer::name_column`]).
    held: HeldNames,
}

impl SheetCollector<'_, '_> {
    /// Count the held names whose column is judged now.
    fn release_held(&mut self) {
        if let Some(table) = self.table.as_ref() {
            self.held.release(table, &mut self.tally);
        }
    }

    /// Visit a cell; `scanned` are its hits when it was scanned ahead.
    fn visit(&mut self, cell: &Cell<'_>, scanned: Option<(&ScannedCells, usize)>) {
        if !self.held.is_empty() {
            self.release_held();
        }
        // A formula saved with no result (written by a script) still holds
        // its text.
        if let Some(f) = cell.formula
            && f.contains('"')
        {
            self.formula_literals(cell, f);
        }
        if cell.value.is_blank() {
            return;
        }
        let hide = self.grid.cell(cell);
        let Some(table) = self.table.as_mut() else {
            return;
        };
        // A row may start another table: hits scanned ahead under the
        // headers of the one before are not taken.
        table.advance(cell.row);
        let scanned = scanned
            .filter(|(s, _)| table.accepts(s))
            .and_then(|(s, i)| s.hits(i));
        let hidden = hide.is_hidden();
        let (text, number) = match cell.value {
            Value::Text(t) => (Some(t), None),
            Value::Number(n) => (None, Some(n)),
            Value::DateTime(_) | Value::Bool(_) | Value::Error(_) => (None, None),
        };
        table.form_cell(cell.row, cell.col, text);
        self.hits.clear();
        match (scanned, cell.value) {
            (Some(hits), Value::DateTime(_)) => {
                self.hits.extend_from_slice(hits);
                table.note_hits(cell.row, cell.col, hits);
            }
            (None, Value::DateTime(d)) => {
                table.scan_date_cell(cell.row, cell.col, d, &mut self.hits)
            }
            (Some(hits), _) => {
                self.hits.extend_from_slice(hits);
                table.scanned_cell(cell.row, cell.col, text, number, hidden, hits);
            }
            (None, _) => table.scan_cell(cell.row, cell.col, text, number, hidden, &mut self.hits),
        }
        let labelled = table.has_form_label();
        if self.hits.is_empty() && !labelled {
            return;
        }
        // Hits on a number cell point into its decimal form, on a date cell
        // into its ISO text.
        let text = match (text, cell.value) {
            (Some(t), _) => t,
            (None, Value::Number(n)) => {
                self.number_text.clear();
                use std::fmt::Write;
                let _ = write!(self.number_text, "{}", n as i64);
                self.number_text.as_str()
            }
            (None, Value::DateTime(d)) => {
                self.number_text = crate::source::dates::serial_date_text(d.floor() as i64);
                self.number_text.as_str()
            }
            _ => return,
        };
        if labelled {
            table.form_hits(text, &mut self.hits);
        }
        if self.hits.is_empty() {
            return;
        }
        if !hidden && table.lists_places() {
            public_place_lines(&mut self.hits, cell.value.as_text());
        }
        let info = &self.grid.info;
        let loc = Location {
            embedded: info.embedded.clone(),
            part: info.part.clone(),
            sheet: Some(info.name.clone()),
            cell: Some(crate::model::a1(cell.row, cell.col)),
        };
        let generation = table.generation();
        for hit in &self.hits {
            // A bare "Name" column may hold parks or pubs, not people.
            if hit.kind == "person_name" {
                match table.name_column(generation, cell.col) {
                    NameColumn::Things => continue,
                    NameColumn::Undecided => {
                        self.held
                            .hold(generation, cell.col, hit, text, &loc, hidden);
                        continue;
                    }
                    NameColumn::People => {}
                }
            }
            self.tally.add(Sighting {
                hit,
                text,
                location: &loc,
                hidden,
                place: None,
            });
        }
    }

    /// Text written inside a formula that the cell does not show
    /// (`=IF(FALSE,"PC Hendry 4521",1835)` shows 1835): hidden text.
    fn formula_literals(&mut self, cell: &Cell<'_>, formula: &str) {
        let Some(scanner) = self.owner.content else {
            return;
        };
        let shown = cell.value.as_text().unwrap_or("");
        let mut hits = Vec::new();
        let mut loc: Option<Location> = None;
        for lit in crate::detect::structure::string_literals(formula) {
            if lit.trim().len() < 4 || shown.contains(lit.as_str()) {
                continue;
            }
            hits.clear();
            scanner.scan(&lit, &TextContext::field("formula"), &mut hits);
            if hits.is_empty() {
                continue;
            }
            let info = &self.grid.info;
            let location = loc.get_or_insert_with(|| Location {
                embedded: info.embedded.clone(),
                part: info.part.clone(),
                sheet: Some(info.name.clone()),
                cell: Some(crate::model::a1(cell.row, cell.col)),
            });
            for hit in &hits {
                self.tally.add(Sighting {
                    hit,
                    text: &lit,
                    location,
                    hidden: true,
                    place: Some("formula_text"),
                });
            }
        }
    }
}

/// In a visible list of the organisation's places (stations, offices), a
/// landline or a postcode is the building's, published on its website: weak
/// evidence (review), not a person's. A mobile stays strong.
fn public_place_lines(hits: &mut [Hit], text: Option<&str>) {
    for h in hits {
        let span = text.and_then(|t| t.get(h.start..h.end)).unwrap_or("");
        let public = match h.kind {
            "postcode" => true,
            "phone_number" => !crate::detect::content::is_mobile(span),
            _ => false,
        };
        if public {
            h.strong = false;
        }
    }
}

impl Collector<'_> {
    /// A sheet's tab name is text a reader sees (or would, once the sheet is
    /// unhidden): "PC 4521 Henswick" as the tab of one officer's overtime.
    fn scan_sheet_name(&self, sheet: &SheetInfo) {
        let Some(scanner) = self.content else { return };
        let mut hits = Vec::new();
        scanner.scan(&sheet.name, &TextContext::field("sheet name"), &mut hits);
        if hits.is_empty() {
            return;
        }
        let location = Location {
            embedded: sheet.embedded.clone(),
            part: sheet.part.clone(),
            sheet: Some(sheet.name.clone()),
            cell: None,
        };
        let mut st = self.lock();
        if !st.personal_sheet_names.contains(&sheet.name) {
            st.personal_sheet_names.push(sheet.name.clone());
        }
        for hit in &hits {
            st.texts.add(Sighting {
                hit,
                text: &sheet.name,
                location: &location,
                hidden: sheet.state != crate::model::SheetState::Visible,
                place: Some("sheet_name"),
            });
        }
    }
}

impl SheetVisitor for SheetCollector<'_, '_> {
    fn cell(&mut self, cell: &Cell<'_>) {
        self.visit(cell, None);
    }

    fn prework(&mut self) -> Option<Box<dyn CellPrework>> {
        self.table.as_ref().and_then(|t| t.prework())
    }

    fn cells(&mut self, cells: &[Cell<'_>], done: Option<Prepared<'_>>) {
        let scanned = ScannedCells::from(done);
        for (i, cell) in cells.iter().enumerate() {
            self.visit(cell, scanned.map(|(s, first)| (s, first + i)));
        }
    }

    fn finish(mut self: Box<Self>, layout: SheetLayout) {
        if let Some(t) = self.table.as_mut() {
            t.end_of_cells();
        }
        self.release_held();
        let grid = self.grid;
        let info = &grid.info;
        let policy = self.owner.policy;
        let loc = Location {
            embedded: info.embedded.clone(),
            part: info.part.clone(),
            sheet: Some(info.name.clone()),
            cell: None,
        };
        let found = grid.finish();
        let mut tally = self.tally;
        let tables = self.table.map(|t| (t.small_count_threshold(), t.finish()));
        // Names in a sheet whose only table of people lists senior posts, or
        // counts how common names are, are as weak as the table (see
        // `personnel_records.senior_posts` and `.name_counts`).
        if let Some((_, hits)) = &tables {
            let published =
                |t: &&TableHit| matches!(t.variant, Some("senior_posts" | "name_counts"));
            let mut people = hits
                .iter()
                .filter(|t| t.kind == "personnel_records")
                .peekable();
            if people.peek().is_some() && people.all(|t| published(&t)) {
                tally.weaken_visible_names();
            }
        }
        let mut content = tally.into_findings(policy);
        if let Some((threshold, hits)) = tables {
            let (small, others): (Vec<_>, Vec<_>) =
                hits.into_iter().partition(|t| t.kind == "small_count");
            if let Some(first) = small.first() {
                // One line per sheet: the officer decides on suppression per table.
                let (r, c, _, _) = first.range;
                // The table lists the first counts cell by cell and the rest
                // as one summary hit: count them all, name the first eight.
                let n: u64 = small.iter().map(|t| t.cells).sum();
                let cells: Vec<String> = small
                    .iter()
                    .filter_map(|t| t.sample_cell)
                    .take(8)
                    .map(|(r, c)| crate::model::a1(r, c))
                    .collect();
                let unnamed = n.saturating_sub(cells.len() as u64);
                let more = if unnamed > 0 {
                    format!(" and {} more", thousands(unnamed))
                } else {
                    String::new()
                };
                let message = if n == 1 {
                    first.message.clone()
                } else {
                    format!(
                        "{} counts of 1-{threshold}{} may identify people ({}{more}); consider suppressing them.",
                        thousands(n),
                        if small.iter().all(|t| t.variant.is_none()) {
                            " staff"
                        } else {
                            ""
                        },
                        cells.join(", "),
                    )
                };
                let severity = policy.content_severity("small_count", first.strong, false);
                let mut f = Finding::new("small_count", severity, message).at(&Location {
                    cell: Some(crate::model::a1(r, c)),
                    ..loc.clone()
                });
                f.count = n;
                f.hidden = small.iter().any(|t| t.hidden);
                f.evidence = first
                    .evidence
                    .iter()
                    .map(|e| e.as_str().to_string())
                    .collect();
                f.rule = Some("small_count".to_string());
                content.push(f);
            }
            for t in others {
                let (r1, c1, r2, c2) = t.range;
                let cell = format!("{}:{}", crate::model::a1(r1, c1), crate::model::a1(r2, c2));
                let severity = match t.variant {
                    Some(v) => policy.severity(t.kind, Some(v)),
                    None => policy.content_severity(t.kind, t.strong, t.hidden),
                };
                let mut f = Finding::new(t.kind, severity, t.message).at(&Location {
                    cell: Some(cell),
                    ..loc.clone()
                });
                f.count = t.cells;
                f.hidden = t.hidden;
                f.evidence = t.evidence.iter().map(|e| e.as_str().to_string()).collect();
                f.rule = Some(policy.rule_key(t.kind, t.variant));
                content.push(f);
            }
        }
        let mut st = self.owner.lock();
        st.findings.extend(content);
        for g in found {
            let l = Location {
                cell: g.cell.clone(),
                ..loc.clone()
            };
            st.findings.push(structural(
                policy, g.kind, g.variant, &l, g.count, g.message, None,
            ));
        }
        let chain = info.embedded.clone();
        for (r, c, f) in grid.formulas() {
            st.formulas
                .push((chain.clone(), info.name.clone(), *r, *c, f.clone()));
        }
        if chain.is_empty() {
            st.sheets.insert(&info.name, info.state, layout);
        } else {
            match st.sheet_maps.iter_mut().find(|(c, _)| *c == chain) {
                Some((_, m)) => m.insert(&info.name, info.state, layout),
                None => {
                    let mut m = SheetMap::default();
                    m.insert(&info.name, info.state, layout);
                    st.sheet_maps.push((chain, m));
                }
            }
        }
    }
}

/// How a finding names the place of a text outside the grid: the kind of
/// place, or for a workbook's styles and printer settings what in them
/// held the text.
fn place_name(place: &TextPlace<'_>) -> &'static str {
    match (place.kind, place.field) {
        (Kind::DocumentProperties, Some("printer")) => "printer_settings",
        (Kind::DocumentProperties, Some("number format")) => "number_formats",
        (Kind::DocumentProperties, Some("cell style name")) => "cell_style_names",
        (Kind::InvisibleText, Some("unused_string")) => "unused_shared_strings",
        (Kind::InvisibleText, Some("leftover")) => "unreached_part",
        (Kind::InvisibleText, Some("not_shown")) => "dialog_or_chart_sheet",
        (Kind::DefinedName, Some("hidden_value")) => "hidden_defined_name",
        (kind, _) => kind.as_str(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Hide, Location, SheetKind, SheetState, TextPlace};

    #[test]
    fn a_hidden_sheet_says_whether_it_holds_personal_data() {
        let on = |kind: &str, severity: Severity, sheet: &str| {
            let mut f = Finding::new(kind, severity, "m.");
            f.sheet = Some(sheet.into());
            f
        };
        let mut findings = vec![
            on("hidden_sheet", Severity::Block, "Staff"),
            on("person_name", Severity::Block, "Staff"),
            on("hidden_sheet", Severity::Block, "Lists"),
            // Neither a structural finding nor an info one is personal data.
            on("hidden_rows", Severity::Block, "Lists"),
            on("person_name", Severity::Info, "Lists"),
        ];
        say_what_hidden_sheets_hold(&mut findings);
        assert!(
            findings[0]
                .message
                .ends_with("It holds personal data: see the findings on this sheet.")
        );
        assert!(
            findings[2]
                .message
                .starts_with("m. No personal data was recognised in it"),
            "{}",
            findings[2].message
        );
        assert_eq!(findings[1].message, "m.");
    }

    /// The findings of a small incident log, with every cell from `ahead`
    /// on scanned ahead (the prework) and handed over in two runs.
    fn findings(ahead: Option<usize>) -> Vec<String> {
        let texts: Vec<Vec<String>> = std::iter::once(["Ref", "Note", "Outcome"].map(String::from))
            .chain((0..30).map(|i| {
                // One officer before the prework starts, one in its second run.
                let note = if i == 1 || i == 20 {
                    format!("Seen by PC {} Quarrendon", 4000 + i)
                } else {
                    "window parked, caller informed".to_string()
                };
                [format!("CR-{i:05}"), note, "Charged".to_string()]
            }))
            .map(Vec::from)
            .collect();
        sheet_findings(&texts, ahead)
    }

    /// The findings of a sheet of text rows (an empty row is a blank row),
    /// with every cell from `ahead` on scanned ahead and handed over in two
    /// runs.
    fn sheet_findings(texts: &[Vec<String>], ahead: Option<usize>) -> Vec<String> {
        let policy = Policy::default();
        let scanner = ContentScanner::new(&Default::default(), None).unwrap();
        let cells: Vec<Cell<'_>> = (texts.iter().enumerate())
            .flat_map(|(r, row)| {
                row.iter().enumerate().map(move |(c, t)| Cell {
                    row: r as u32,
                    col: c as u32,
                    value: match t.parse::<f64>() {
                        Ok(n) => Value::Number(n),
                        Err(_) => Value::Text(t),
                    },
                    formula: None,
                    hide: Hide::NONE,
                })
            })
            .collect();
        let collector = Collector::new(&policy).with_content(&scanner);
        let mut sheet = collector.sheet(&SheetInfo {
            index: 0,
            name: "Log".into(),
            state: SheetState::Visible,
            kind: SheetKind::Worksheet,
            part: None,
            embedded: Vec::new(),
        });
        match ahead {
            None => cells.iter().for_each(|c| sheet.cell(c)),
            Some(k) => {
                cells[..k].iter().for_each(|c| sheet.cell(c));
                let mut work = sheet.prework().expect("the header row is settled");
                let rest = &cells[k..];
                // Prepared in two parts, visited in two runs; the second run
                // starts part-way through the result.
                let mut done = None;
                let half = rest.len() / 2;
                work.run(&rest[..half], &mut done);
                work.run(&rest[half..], &mut done);
                let done = done.expect("a result");
                let mid = rest.len() * 3 / 5;
                for (run, first) in [(&rest[..mid], 0), (&rest[mid..], mid)] {
                    sheet.cells(
                        run,
                        Some(Prepared {
                            result: &*done,
                            first,
                        }),
                    );
                }
            }
        }
        sheet.finish(SheetLayout::default());
        let found = collector.finish().findings;
        found.iter().map(|f| format!("{f:?}")).collect()
    }

    #[test]
    fn a_station_list_gives_its_landlines_and_postcodes_for_review() {
        let rows = |header: &[&str], mobile: bool| -> Vec<Vec<String>> {
            let mut v = vec![header.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
            for (i, station) in ["Musgrave Street", "Newry", "Omagh"].iter().enumerate() {
                let mut row = vec![
                    station.to_string(),
                    format!("{} Victoria Street", 10 + i),
                    format!("BT{} 3GL", i + 1),
                    if mobile && i == 2 {
                        "07700 900123".to_string()
                    } else {
                        format!("028 9065 02{i}2")
                    },
                ];
                row.truncate(header.len());
                v.push(row);
            }
            v
        };
        let severity = |found: &[String], kind: &str| -> Vec<String> {
            found
                .iter()
                .filter(|f| f.contains(&format!("kind: \"{kind}\"")))
                .map(|f| {
                    if f.contains("severity: Block") {
                        "block"
                    } else {
                        "review"
                    }
                })
                .map(String::from)
                .collect()
        };
        let stations = ["Station", "Address", "Postcode", "Telephone"];
        let found = sheet_findings(&rows(&stations, false), None);
        assert_eq!(severity(&found, "phone_number"), ["review"], "{found:?}");
        assert_eq!(severity(&found, "postcode"), ["review"], "{found:?}");
        // A mobile is a person's line.
        let found = sheet_findings(&rows(&stations, true), None);
        assert_eq!(severity(&found, "phone_number"), ["block"], "{found:?}");
        // People, not places: the same columns after a name.
        let people = ["Name", "Address", "Postcode", "Telephone"];
        let found = sheet_findings(&rows(&people, false), None);
        assert_eq!(severity(&found, "phone_number"), ["block"], "{found:?}");
        assert_eq!(severity(&found, "postcode"), ["block"], "{found:?}");
        // A location is not a building of the organisation's.
        let places = ["Location", "Address", "Postcode", "Telephone"];
        let found = sheet_findings(&rows(&places, false), None);
        assert_eq!(severity(&found, "postcode"), ["block"], "{found:?}");
    }

    #[test]
    fn a_licence_register_with_holders_is_a_list_of_places() {
        let rows: Vec<Vec<String>> = [
            [
                "Premises name",
                "Premises address",
                "Postcode",
                "Licence holder",
            ],
            [
                "The Red Lion",
                "183 Kirkgate",
                "HF1 9BR",
                "Greene King Retailing Ltd",
            ],
            [
                "Tesco Express",
                "160 Station Road",
                "HF1 7BR",
                "Tesco Stores Ltd",
            ],
            [
                "The Crown",
                "2 Market Place",
                "HF2 1AA",
                "Punch Taverns Ltd",
            ],
        ]
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect();
        let found = sheet_findings(&rows, None);
        let postcodes: Vec<&String> = found
            .iter()
            .filter(|f| f.contains("kind: \"postcode\""))
            .collect();
        assert_eq!(postcodes.len(), 1, "{found:?}");
        assert!(postcodes[0].contains("severity: Review"), "{found:?}");
        assert!(
            !found.iter().any(|f| f.contains("severity: Block")),
            "{found:?}"
        );
    }

    #[test]
    fn names_in_a_table_of_senior_posts_are_for_review() {
        let table = |third: &str| -> Vec<Vec<String>> {
            [
                ["Post", "Post holder"],
                ["Chief Constable", "Alasdair Penhallow"],
                ["Deputy Chief Constable", "Ruth Castellane"],
                [third, "Marcus Ellerby"],
            ]
            .iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
        };
        let names = |found: &[String]| -> Vec<&'static str> {
            found
                .iter()
                .filter(|f| f.contains("kind: \"person_name\""))
                .map(|f| {
                    if f.contains("severity: Block") {
                        "block"
                    } else {
                        "review"
                    }
                })
                .collect()
        };
        let found = sheet_findings(&table("Assistant Chief Constable"), None);
        assert_eq!(names(&found), ["review"], "{found:?}");
        let found = sheet_findings(&table("Custody sergeant"), None);
        assert_eq!(names(&found), ["block"], "{found:?}");
        // The chief officers' staff officers, named after their ranks, are
        // officers, not published office holders.
        let staff: Vec<Vec<String>> = [
            ["Post", "Name", "Staff officer"],
            ["Chief Constable", "Rachel Whitlock", "Insp Neil Carmichael"],
            [
                "Deputy Chief Constable",
                "Andrew Pennington",
                "Ch Insp Claire Duckworth",
            ],
        ]
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect();
        let found = sheet_findings(&staff, None);
        assert_eq!(names(&found), ["block"], "{found:?}");
    }

    #[test]
    fn custom_xml_element_names_are_headers() {
        // <surname>Quarrendon</surname><serviceNumber>825729</serviceNumber>
        let policy = Policy::default();
        let scanner = ContentScanner::new(&Default::default(), None).unwrap();
        let found = |kind: Kind, field: &str, text: &str| {
            let collector = Collector::new(&policy).with_content(&scanner);
            let location = Location::default();
            collector.text(
                TextPlace {
                    kind,
                    location: &location,
                    field: Some(field),
                    hidden: true,
                },
                text,
            );
            let f = collector.finish().findings;
            f.iter().map(|f| f.kind.clone()).collect::<Vec<_>>()
        };
        assert!(
            found(Kind::CustomXml, "serviceNumber", "825729")
                .contains(&"payroll_number".to_string())
        );
        assert!(
            found(Kind::CustomXml, "surname", "Quarrendon").contains(&"person_name".to_string())
        );
        // Elsewhere a field name is not a column header.
        assert!(found(Kind::DocumentProperties, "serviceNumber", "825729").is_empty());
    }

    #[test]
    fn markings_in_printer_settings_and_title_case_footers() {
        let policy = Policy::default();
        let scanner = ContentScanner::new(&Default::default(), None).unwrap();
        let found = |kind: Kind, field: &str, text: &str| {
            let collector = Collector::new(&policy).with_content(&scanner);
            let location = Location::default();
            collector.text(
                TextPlace {
                    kind,
                    location: &location,
                    field: Some(field),
                    hidden: true,
                },
                text,
            );
            let f = collector.finish().findings;
            f.iter()
                .map(|f| format!("{} {} {}", f.kind, f.severity.as_str(), f.message))
                .collect::<Vec<_>>()
        };
        // A printer driver's watermark list is a device setting.
        let printer = found(Kind::DocumentProperties, "printer", "CONFIDENTIAL");
        assert!(printer.is_empty(), "{printer:?}");
        // Personal data there is still found, and the place is named.
        let printer = found(
            Kind::DocumentProperties,
            "printer",
            "jane.quarrendon@police.example.uk",
        );
        assert!(
            printer.iter().any(|f| f.contains("printer settings")),
            "{printer:?}"
        );
        // "Confidential" on every printed page is a marking for review.
        for footer in ["Confidential", "Restricted Page", "Top Secret - Ops"] {
            let f = found(Kind::HeaderFooter, "footer", footer);
            assert_eq!(
                f.iter()
                    .filter(|f| f.starts_with("protective_marking review"))
                    .count(),
                1,
                "{footer}: {f:?}"
            );
        }
        for footer in ["CONFIDENTIAL", "Official Sensitive"] {
            let f = found(Kind::HeaderFooter, "footer", footer);
            assert_eq!(
                f.iter()
                    .filter(|f| f.starts_with("protective_marking"))
                    .count(),
                1,
                "{footer}: {f:?}"
            );
        }
        for footer in ["Secret Santa", "Confidentiality statement", "restricted"] {
            let f = found(Kind::HeaderFooter, "footer", footer);
            assert!(
                !f.iter().any(|f| f.starts_with("protective_marking")),
                "{footer}: {f:?}"
            );
        }
    }

    #[test]
    fn a_table_below_another_is_not_read_with_its_headers() {
        // Costs by department, a blank row, then a staff list: the service
        // numbers sit in the column headed "Amount" above. Scanned ahead
        // under the first table's headers they would be amounts.
        let mut texts: Vec<Vec<String>> = vec![vec!["Department".into(), "Amount".into()]];
        for (i, d) in ["Response", "CID", "Roads", "Custody"].iter().enumerate() {
            texts.push(vec![d.to_string(), format!("{}", 825_000 + i * 1000)]);
        }
        texts.push(Vec::new());
        texts.push(vec!["Surname".into(), "Service no".into(), "Rank".into()]);
        for (i, n) in ["Quarrendon", "Vellacott", "Penhallow", "Brackendon"]
            .iter()
            .enumerate()
        {
            texts.push(vec![
                n.to_string(),
                format!("{}", 825_729 + i),
                "Constable".into(),
            ]);
        }
        let one_by_one = sheet_findings(&texts, None);
        assert!(
            one_by_one.iter().any(|f| f.contains("personnel_records")),
            "{one_by_one:#?}"
        );
        assert!(
            one_by_one
                .iter()
                .any(|f| f.contains("payroll_number") && f.contains("count: 4")),
            "{one_by_one:#?}"
        );
        // The first table's header and a row one by one, then the rest
        // (both tables) scanned ahead under the first table's headers.
        assert_eq!(sheet_findings(&texts, Some(4)), one_by_one);
    }

    #[test]
    fn cells_scanned_ahead_make_the_same_findings() {
        let one_by_one = findings(None);
        assert!(
            one_by_one
                .iter()
                .any(|f| f.contains("shoulder_number") && f.contains("count: 2")),
            "{one_by_one:#?}"
        );
        // The header and two rows one by one, then the rest scanned ahead.
        assert_eq!(findings(Some(9)), one_by_one);
    }
}
