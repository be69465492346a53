//! Scanning: one file through source -> detectors -> policy, and many files
//! in parallel.
//!
//! ```no_run
//! use foiguard::scan::Scanner;
//! use foiguard::policy::Policy;
//! let scanner = Scanner::new(Policy::default());
//! let report = scanner.scan_paths(&["outbox".into()]);
//! for f in &report.files {
//!     println!("{} {}", f.verdict.as_str(), f.path);
//! }
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::accept::AcceptList;
use crate::coverage::Coverage;
use crate::detect::collector::Collector;
use crate::finding::{Finding, Verdict};
use crate::model::{
    Cell, CellFormat, CellPrework, Feature, Location, Prepared, Presentation, SheetInfo,
    SheetLayout, SheetVisitor, TextPlace, Visitor,
};
use crate::policy::Policy;
use crate::report::escape::shown_path;
use crate::report::mask::mask;
use crate::report::{FileReport, Report, Summary};
use crate::source::{self, Context, Input};
use crate::walk::{Target, targets};

/// Everything a scan needs, built once and shared by every file.
pub struct Scanner {
    pub policy: Policy,
    /// Show values in reports unmasked.
    pub show_values: bool,
    /// Give each file's SHA-256 in its report (the default). A caller whose
    /// report never shows it (the text report) may turn it off to save a
    /// pass over every file; with an accept list files are hashed anyway,
    /// because accepted findings are tied to the hash.
    pub hash_files: bool,
    /// Findings an officer reviewed and accepted (`--accept`).
    pub accept: Option<AcceptList>,
    /// The `foiguard.toml` in force, as reports name it.
    pub config: Option<String>,
    /// The roster in force (its path), as reports name it.
    pub roster: Option<String>,
    /// The content detectors (built from the policy's `[detectors]` and the
    /// roster); an error building them fails every file closed.
    pub content: Result<crate::detect::content::ContentScanner, String>,
}

impl Scanner {
    pub fn new(policy: Policy) -> Self {
        Scanner::unbuilt(policy).with_roster(None)
    }

    /// A scanner whose content detectors are not built yet.
    fn unbuilt(policy: Policy) -> Self {
        Scanner {
            policy,
            show_values: false,
            hash_files: true,
            accept: None,
            config: None,
            roster: None,
            content: Err(String::new()),
        }
    }

    /// Build the scanner, checking the policy's detector settings and the
    /// roster up front (a usage error, not a per-file one).
    pub fn build(
        policy: Policy,
        roster: Option<&crate::detect::roster::Roster>,
    ) -> Result<Self, String> {
        // Built once: the detectors' regexes take longer to compile than a
        // small file takes to scan.
        let s = Scanner::unbuilt(policy).with_roster(roster);
        match &s.content {
            Ok(c) => {
                s.check_severity_keys(c)?;
                Ok(s)
            }
            Err(e) => Err(e.clone()),
        }
    }

    /// Every `[severity]` key must name a finding kind (`kind` or
    /// `kind.variant`): a typo (`coment = "block"`) would otherwise leave
    /// the officer believing comments block when they do not.
    fn check_severity_keys(
        &self,
        content: &crate::detect::content::ContentScanner,
    ) -> Result<(), String> {
        let mut known: Vec<&str> = crate::finding::Kind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect();
        known.extend(content.rules().iter().map(|r| r.id));
        // Detectors switched off (`[detectors] disable`) are still kinds.
        let disabled: Vec<String> = self
            .policy
            .detectors
            .clone()
            .and_then(|v| v.try_into::<crate::detect::content::DetectorsConfig>().ok())
            .map(|c| c.disable)
            .unwrap_or_default();
        known.extend(disabled.iter().map(String::as_str));
        for key in self.policy.severity_keys() {
            let kind = key.split_once('.').map_or(key, |(k, _)| k);
            if !known.contains(&kind) {
                return Err(format!(
                    "{}: [severity] {key:?} is not a finding kind (`foiguard rules` lists them; \
                     a narrower case is written kind.variant)",
                    self.policy.source
                ));
            }
        }
        Ok(())
    }

    /// Rebuild the content detectors with the organisation's roster.
    pub fn with_roster(mut self, roster: Option<&crate::detect::roster::Roster>) -> Self {
        let cfg: Result<crate::detect::content::DetectorsConfig, String> =
            match &self.policy.detectors {
                None => Ok(Default::default()),
                Some(v) => v.clone().try_into().map_err(|e: toml::de::Error| {
                    format!(
                        "{}: invalid [detectors]: {}",
                        self.policy.source,
                        e.message()
                    )
                }),
            };
        // A scanner already built keeps its compiled detectors.
        let source = &self.policy.source;
        self.content = cfg.and_then(|c| {
            match &self.content {
                Ok(built) => built.with_roster(&c, roster),
                Err(_) => crate::detect::content::ContentScanner::new(&c, roster),
            }
            // Which file is at fault, on one line (a regex error spans
            // several, pointing at the character).
            .map_err(|e| {
                let one_line = e.split_whitespace().collect::<Vec<_>>().join(" ");
                format!("{source}: {one_line}")
            })
        });
        self
    }

    /// Scan every file named or found below the folders named, in parallel.
    pub fn scan_paths(&self, paths: &[PathBuf]) -> Report {
        self.scan_paths_each(paths, |_| {})
    }

    /// Like [`Scanner::scan_paths`], handing each file's report to
    /// `on_file` as soon as it is done (from the worker threads, in the
    /// order files finish), for streaming reports and progress bars. The
    /// returned report lists the files in the usual stable order.
    pub fn scan_paths_each(
        &self,
        paths: &[PathBuf],
        on_file: impl Fn(&FileReport) + Sync,
    ) -> Report {
        let started = Instant::now();
        let mut skipped = Vec::new();
        let list = targets(paths, &mut skipped);
        self.scan_targets_each(&list, &skipped, started, on_file)
    }

    /// Scan targets already expanded with [`crate::walk::targets`]
    /// (`skipped`: the other files the folders held).
    pub fn scan_targets_each(
        &self,
        list: &[Target],
        skipped: &[PathBuf],
        started: Instant,
        on_file: impl Fn(&FileReport) + Sync,
    ) -> Report {
        let files: Vec<FileReport> = list
            .par_iter()
            .map(|t| {
                let r = match t {
                    Target::File(p) => self.scan_file(p),
                    Target::Problem(p, why) => FileReport::error(p, None, why.clone()),
                };
                on_file(&r);
                r
            })
            .collect();
        let summary = Summary::of(&files, skipped, started.elapsed());
        Report {
            tool: crate::report::Tool::default(),
            policy: self.policy.source.clone(),
            config: self.config.clone(),
            accept: self.accept.as_ref().map(|a| a.source.clone()),
            roster: self.roster.clone(),
            files,
            summary,
        }
    }

    /// Scan one file on disk.
    pub fn scan_file(&self, path: &Path) -> FileReport {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.scan_input(Input::Path(path), &name, &shown_path(path))
    }

    /// Scan one input; `name` is its file name, `display` how reports name it.
    pub fn scan_input(&self, input: Input<'_>, name: &str, display: &str) -> FileReport {
        self.scan_input_with(input, name, display, None)
    }

    /// Scan one input, also showing everything the source reports to `also`
    /// (redact's planner sees the same cells and layouts as the scan).
    pub fn scan_input_with(
        &self,
        input: Input<'_>,
        name: &str,
        display: &str,
        also: Option<&dyn Visitor>,
    ) -> FileReport {
        contained(display, || self.inspect_file(input, name, display, also))
    }

    fn inspect_file(
        &self,
        input: Input<'_>,
        name: &str,
        display: &str,
        also: Option<&dyn Visitor>,
    ) -> FileReport {
        let ctx = Context::new(name, self.policy.limits.clone());
        let content = match &self.content {
            Ok(c) => c,
            Err(e) => {
                return FileReport::error(
                    Path::new(display),
                    None,
                    format!("content detectors not available: {e}"),
                );
            }
        };
        let collector = Collector::new(&self.policy).with_content(content);
        // The content hash ties accepted findings to these exact bytes; the
        // size and modification time tell whether the file changed meanwhile.
        let before = stamp(input);
        let hash = || match input {
            Input::Path(p) => match input.len() {
                Ok(n) if n <= self.policy.limits.max_file_bytes => {
                    crate::accept::sha256_file(p).ok()
                }
                _ => None,
            },
            Input::Bytes(b) => Some(crate::accept::sha256_hex(b)),
        };
        // A big file is hashed on its own thread while it is read: the hash
        // is a whole pass over the bytes, and the readers rarely keep both
        // cores busy the whole time.
        let wanted = self.hash_files || self.accept.is_some();
        let big = input.len().is_ok_and(|n| n >= HASH_ALONGSIDE_BYTES);
        let (sha256, (result, inspected)) = std::thread::scope(|s| {
            let hashing = (wanted && big).then(|| s.spawn(hash));
            let inspected = self.inspect_with(input, &ctx, &collector, also);
            let sha = match hashing {
                Some(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
                None if wanted => hash(),
                None => None,
            };
            (sha, inspected)
        });
        let collected = collector.finish();
        let mut findings = crate::group::group_repeats(collected.findings);
        self.finish_findings(&mut findings);
        let mut inspected = inspected;
        if let Some(sha) = &sha256 {
            set_fingerprints(sha, &collected.personal_sheet_names, &mut findings);
        }
        if !self.show_values {
            mask_sheet_names(
                &collected.personal_sheet_names,
                &mut findings,
                &mut inspected,
            );
        }
        if let (Some(accept), Some(sha)) = (&self.accept, &sha256) {
            accept.apply(sha, &mut findings);
        }
        let changed = before.is_some() && stamp(input) != before;
        match result {
            Err(e) => {
                let mut r = FileReport::error(Path::new(display), None, self.reason(e.to_string()));
                r.findings = findings;
                r.sha256 = sha256;
                r.inspected = inspected;
                r
            }
            Ok(format) => {
                let mut problems = collected.incomplete;
                if changed {
                    problems
                        .push("the file changed while it was being scanned; scan it again".into());
                }
                let verdict = if problems.is_empty() {
                    // Accepted findings no longer count toward the verdict.
                    Verdict::from_severities(
                        findings.iter().filter(|f| !f.accepted).map(|f| f.severity),
                    )
                } else {
                    Verdict::Error
                };
                let error = (!problems.is_empty())
                    .then(|| self.reason(format!("not fully inspected: {}", problems.join("; "))));
                FileReport {
                    path: display.to_string(),
                    format: Some(format.as_str().to_string()),
                    sha256,
                    verdict,
                    error,
                    findings,
                    inspected,
                }
            }
        }
    }

    /// An error reason as reports give it: what it quotes from the file (a
    /// sheet name, an XML tag) masked unless `show_values`.
    fn reason(&self, reason: String) -> String {
        if self.show_values {
            reason
        } else {
            crate::report::mask::mask_quoted(&reason)
        }
    }

    /// Read `input` through its source into `collector` (and `also`), with
    /// coverage: the source's result and what it read.
    fn inspect_with(
        &self,
        input: Input<'_>,
        ctx: &Context,
        collector: &Collector<'_>,
        also: Option<&dyn Visitor>,
    ) -> (source::Result<source::Format>, Vec<String>) {
        let tee;
        let inner: &dyn Visitor = match also {
            Some(v) => {
                tee = Tee { a: collector, b: v };
                &tee
            }
            None => collector,
        };
        let coverage = Coverage::new(inner);
        let result = match source::inspect(input, ctx, &coverage) {
            // A workbook always has a sheet: one that gave none was not read
            // (a record stream of garbage, a package missing its parts).
            Ok(f) if f.is_workbook() && coverage.own_sheets() == 0 => Err(
                source::SourceError::Corrupt("no sheet could be read from it".into()),
            ),
            r => r,
        };
        (result, coverage.finish())
    }

    fn finish_findings(&self, findings: &mut [Finding]) {
        if !self.show_values {
            for f in findings.iter_mut() {
                if let Some(s) = &f.sample {
                    f.sample = Some(mask(s));
                }
            }
        }
        findings.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| a.embedded.cmp(&b.embedded))
                .then_with(|| a.sheet.cmp(&b.sheet))
                .then_with(|| a.kind.cmp(&b.kind))
                .then_with(|| a.part.cmp(&b.part))
                .then_with(|| {
                    crate::group::cell_order(a.cell.as_deref())
                        .cmp(&crate::group::cell_order(b.cell.as_deref()))
                })
        });
    }
}

/// Give each finding its accepted-findings fingerprint, taken with the
/// sheet name as a report shows it by default (masked when it names a
/// person), whether or not this report shows values.
fn set_fingerprints(sha256: &str, personal_sheets: &[String], findings: &mut [Finding]) {
    for f in findings.iter_mut() {
        let sheet = f.sheet.as_deref().map(|name| {
            if personal_sheets.iter().any(|p| p == name) {
                mask(name)
            } else {
                name.to_string()
            }
        });
        f.fingerprint = Some(crate::accept::fingerprint_at(sha256, f, sheet.as_deref()));
    }
}

/// Mask sheet names that hold personal data wherever a report shows them:
/// a finding's sheet and message, and the list of what was inspected.
fn mask_sheet_names(names: &[String], findings: &mut [Finding], inspected: &mut [String]) {
    for name in names {
        let masked = mask(name);
        for f in findings.iter_mut() {
            if f.sheet.as_deref() == Some(name.as_str()) {
                f.sheet = Some(masked.clone());
            }
            if f.message.contains(name.as_str()) {
                f.message = f.message.replace(name.as_str(), &masked);
            }
        }
        for line in inspected.iter_mut() {
            if line.contains(name.as_str()) {
                *line = line.replace(name.as_str(), &masked);
            }
        }
    }
}

/// Run one file's scan, turning a panic (a bug in foiguard, never an
/// expected outcome) into that file's error: the file is not passed, the
/// other files are still scanned, and the report stays one document. The
/// panic's own message goes to standard error only (it may quote a value).
fn contained(display: &str, scan: impl FnOnce() -> FileReport) -> FileReport {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(scan)) {
        Ok(report) => report,
        Err(_) => FileReport::error(
            Path::new(display),
            None,
            "not fully inspected: foiguard failed while reading it (an internal error, \
             described on standard error; please report it)"
                .into(),
        ),
    }
}

/// Files this big are hashed on a thread of their own while they are read.
const HASH_ALONGSIDE_BYTES: u64 = 8 << 20;

/// Size and modification time of a file input (None for bytes).
fn stamp(input: Input<'_>) -> Option<(u64, Option<std::time::SystemTime>)> {
    match input {
        Input::Path(p) => std::fs::metadata(p)
            .ok()
            .map(|m| (m.len(), m.modified().ok())),
        Input::Bytes(_) => None,
    }
}

/// Hands everything a source reports to two visitors.
struct Tee<'a> {
    a: &'a dyn Visitor,
    b: &'a dyn Visitor,
}

impl Visitor for Tee<'_> {
    fn sheet(&self, sheet: &SheetInfo) -> Box<dyn SheetVisitor + Send + '_> {
        Box::new(TeeSheet {
            a: self.a.sheet(sheet),
            b: self.b.sheet(sheet),
        })
    }
    fn feature(&self, feature: Feature) {
        self.b.feature(feature.clone());
        self.a.feature(feature);
    }
    fn text(&self, place: TextPlace<'_>, text: &str) {
        self.a.text(place, text);
        self.b.text(place, text);
    }
    fn incomplete(&self, location: &Location, reason: &str) {
        self.a.incomplete(location, reason);
        self.b.incomplete(location, reason);
    }
    fn defined_name(&self, location: &Location, name: &str, refers_to: &str) {
        self.a.defined_name(location, name, refers_to);
        self.b.defined_name(location, name, refers_to);
    }
}

struct TeeSheet<'a> {
    a: Box<dyn SheetVisitor + Send + 'a>,
    b: Box<dyn SheetVisitor + Send + 'a>,
}

impl SheetVisitor for TeeSheet<'_> {
    fn cell(&mut self, cell: &Cell<'_>) {
        self.a.cell(cell);
        self.b.cell(cell);
    }
    fn cell_format(&mut self, row: u32, col: u32, format: &CellFormat) {
        self.a.cell_format(row, col, format);
        self.b.cell_format(row, col, format);
    }
    fn presentation(&mut self, presentation: &Presentation) {
        self.a.presentation(presentation);
        self.b.presentation(presentation);
    }
    /// The first visitor's prework (the collector's): the second visits
    /// cells one by one.
    fn prework(&mut self) -> Option<Box<dyn CellPrework>> {
        self.a.prework()
    }
    fn cells(&mut self, cells: &[Cell<'_>], done: Option<Prepared<'_>>) {
        self.a.cells(cells, done);
        self.b.cells(cells, None);
    }
    fn finish(self: Box<Self>, layout: SheetLayout) {
        let TeeSheet { a, b } = *self;
        b.finish(layout.clone());
        a.finish(layout);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accept::{AcceptList, sha256_hex};

    #[test]
    fn a_panic_while_scanning_is_that_files_error_without_its_message() {
        let ok = contained("a.csv", || {
            FileReport::error(Path::new("a.csv"), None, "x".into())
        });
        assert_eq!(ok.error.as_deref(), Some("x"));
        let r = contained("staff.xlsx", || panic!("slice inside 'Quarrendon'"));
        assert_eq!(r.verdict, Verdict::Error);
        assert_eq!(r.path, "staff.xlsx");
        let why = r.error.unwrap();
        assert!(why.contains("internal error"), "{why}");
        assert!(!why.contains("Quarrendon"), "{why}");
    }

    #[test]
    fn files_are_hashed_unless_turned_off_and_always_with_an_accept_list() {
        let bytes = b"Rank,Count\nConstable,12\n";
        let mut s = Scanner::new(Policy::default());
        let scan = |s: &Scanner| s.scan_input(Input::Bytes(bytes), "c.csv", "c.csv").sha256;
        assert_eq!(scan(&s), Some(sha256_hex(bytes)));
        s.hash_files = false;
        assert_eq!(scan(&s), None);
        // Accepted findings are tied to the hash.
        s.accept = Some(AcceptList::default());
        assert_eq!(scan(&s), Some(sha256_hex(bytes)));
    }
}
