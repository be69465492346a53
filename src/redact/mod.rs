//! `foiguard redact`: rebuild a clean, releasable copy of a spreadsheet or
//! CSV and log every removal (content disarm and reconstruction: the
//! original package is never patched, only read).
//!
//! 1. **Plan** ([`plan`]): scan the input with the same [`Scanner`] as
//!    `foiguard scan`; an input that cannot be inspected is not redacted.
//!    Decide what the copy leaves out.
//! 2. **Rebuild** ([`writer_xlsx`], [`writer_csv`]): read the input again
//!    through the same source readers and write only the kept cells, with
//!    identifiers masked ([`mask`]), to a temporary file beside the target
//!    ([`atomic`]).
//! 3. **Verify** ([`verify`]): scan the copy; anything that still blocks
//!    means no copy (the temporary file is deleted) and exit status 1.
//! 4. Move the copy into place and write the log ([`log`]).
//!
//! ```no_run
//! use foiguard::policy::Policy;
//! use foiguard::redact::{Destination, Options, redact_paths};
//! let report = redact_paths(
//!     Policy::default(),
//!     Options::default(),
//!     &["response.xlsx".into()],
//!     &Destination::File("response.clean.xlsx".into()),
//!     Some(std::path::Path::new("response.redactions.csv")),
//! );
//! std::process::exit(report.exit_status() as i32);
//! ```

pub mod atomic;
pub mod log;
pub mod mask;
mod naming;
pub mod number_format;
pub mod plan;
pub mod shown_value;
pub mod verify;
pub mod writer_csv;
pub mod writer_xlsx;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::detect::content::{ContentScanner, DetectorsConfig};
use crate::detect::roster::Roster;
use crate::finding::{Finding, Kind, Verdict};
use crate::model::a1;
use crate::numbers::{count, thousands};
use crate::policy::Policy;
use crate::report::escape::{escape, shown_path};

use self::naming::{Naming, copy_folder, copy_naming};
use crate::scan::Scanner;
use crate::source::{self, Context, Format, Input};
use crate::walk::{Target, targets};

use self::atomic::{PendingFile, commit_all};
use self::log::LogEntry;
use self::mask::{DEFAULT_EXEMPTION, MaskMode, Masker};
use self::plan::{CellRules, MaskEvent, Plan, SheetPlan};
use self::writer_csv::{CsvDialect, CsvRebuild};
use self::writer_xlsx::XlsxRebuild;

/// Mask lines kept per file in the log; the rest are counted in one line.
const MAX_EVENTS: usize = 100_000;

/// What the copy is written as (`--to`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Xlsx,
    Csv,
}

/// How to redact.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub mask: MaskMode,
    /// Output format; by default a workbook becomes `.xlsx` and a CSV/TSV stays CSV/TSV.
    pub to: Option<OutputFormat>,
    /// Replace existing outputs (and log).
    pub force: bool,
    /// The organisation's roster, matched in every cell (for
    /// [`Redactor::new`]; [`Redactor::with_scanner`] uses the scanner's).
    pub roster: Option<Roster>,
}

/// Where copies go.
#[derive(Clone, Debug)]
pub enum Destination {
    /// `-o FILE`: exactly this path (one input file; its extension must
    /// match the output format).
    File(PathBuf),
    /// `--out-dir DIR`: the tool names each copy (`response.clean.xlsx`,
    /// `response.Counts.clean.csv`), keeping sub-folders of a folder input.
    Dir(PathBuf),
}

/// How one input ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// A verified clean copy was written.
    Clean,
    /// A copy was written and nothing in it blocks, but it still holds what
    /// an officer must decide on before release (review findings such as
    /// small counts, which the redactor keeps rather than change figures).
    ToReview(Vec<String>),
    /// The copy still had blocking findings and was deleted (exit 1).
    Remaining(Vec<String>),
    /// Not redacted: the input could not be inspected, or a usage error (exit 2).
    Failed(String),
    /// Nothing to release (an Office lock file).
    Skipped(String),
}

impl Status {
    /// Whether a copy was written (clean, or with something to review).
    pub fn written(&self) -> bool {
        matches!(self, Status::Clean | Status::ToReview(_))
    }

    /// Written, with nothing for an officer to decide but small counts (kept
    /// as they are: the redactor never changes figures).
    pub fn written_with_small_counts_at_most(&self) -> bool {
        match self {
            Status::Clean => true,
            Status::ToReview(what) => what.iter().all(|w| w.starts_with("small_count ")),
            _ => false,
        }
    }

    pub fn exit_status(&self) -> u8 {
        match self {
            Status::Clean | Status::ToReview(_) | Status::Skipped(_) => 0,
            Status::Remaining(_) => 1,
            Status::Failed(_) => 2,
        }
    }
}

/// The result for one input.
#[derive(Clone, Debug)]
pub struct FileOutcome {
    pub input: String,
    pub outputs: Vec<PathBuf>,
    pub status: Status,
    /// The log lines for this input, summary last.
    pub entries: Vec<LogEntry>,
}

/// The result of a whole `redact` run.
#[derive(Clone, Debug)]
pub struct RedactReport {
    pub files: Vec<FileOutcome>,
    pub log: Option<PathBuf>,
    /// The log could not be written.
    pub log_error: Option<String>,
}

impl RedactReport {
    /// 0 only when every input got a verified clean copy (or had nothing to
    /// release); 2 if any input could not be redacted (or the log failed);
    /// else 1 if any copy failed verification.
    pub fn exit_status(&self) -> u8 {
        let worst = self
            .files
            .iter()
            .map(|f| f.status.exit_status())
            .max()
            .unwrap_or(0);
        if self.log_error.is_some() { 2 } else { worst }
    }

    /// One line per input that could not be redacted, `FILE: reason`
    /// (escaped), for stderr as `scan` gives its per-file errors.
    pub fn error_lines(&self) -> Vec<String> {
        self.files
            .iter()
            .filter_map(|f| match &f.status {
                Status::Failed(why) => Some(format!("{}: {}", escape(&f.input), escape(why))),
                _ => None,
            })
            .collect()
    }

    /// One line per input for people (values escaped), and the log's place.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        for f in &self.files {
            let outs: Vec<String> = f.outputs.iter().map(|p| escape(&shown_path(p))).collect();
            let summary = f
                .entries
                .last()
                .filter(|e| e.kind == "summary")
                .map(|e| escape(&e.detail))
                .unwrap_or_default();
            match &f.status {
                Status::Clean => out.push_str(&format!(
                    "clean    {} -> {}: {}\n",
                    escape(&f.input),
                    outs.join(", "),
                    summary
                )),
                Status::ToReview(what) => {
                    out.push_str(&format!(
                        "review   {} -> {}: {}\n",
                        escape(&f.input),
                        outs.join(", "),
                        summary
                    ));
                    out.push_str("           decide on these before release:\n");
                    for w in what {
                        out.push_str(&format!("           - {}\n", escape(w)));
                    }
                }
                Status::Skipped(why) => {
                    out.push_str(&format!("skipped  {}: {}\n", escape(&f.input), escape(why)))
                }
                Status::Failed(why) => {
                    out.push_str(&format!("error    {}: {}\n", escape(&f.input), escape(why)))
                }
                Status::Remaining(what) => {
                    out.push_str(&format!(
                        "blocked  {}: the copy still had blocking findings and was deleted:\n",
                        escape(&f.input)
                    ));
                    for w in what {
                        out.push_str(&format!("           - {}\n", escape(w)));
                    }
                }
            }
        }
        if let Some(l) = &self.log
            && self.log_error.is_none()
        {
            out.push_str(&format!("log      {}\n", escape(&shown_path(l))));
        }
        out
    }
}

/// Collects what the writers report from several threads.
#[derive(Default)]
pub struct Sink {
    events: Mutex<Vec<MaskEvent>>,
    overflow: AtomicU64,
    failure: Mutex<Option<String>>,
}

impl Sink {
    /// Record a mask (or a rename, a truncation) for the log.
    pub fn event(&self, e: MaskEvent) {
        let mut v = self.events.lock().unwrap_or_else(|p| p.into_inner());
        if v.len() < MAX_EVENTS {
            v.push(e);
        } else {
            self.overflow.fetch_add(1, Ordering::Relaxed);
        }
    }
    /// Record a failure; the first one is the reason given.
    pub fn fail(&self, e: String) {
        let mut f = self.failure.lock().unwrap_or_else(|p| p.into_inner());
        if f.is_none() {
            *f = Some(e);
        }
    }
    fn failure(&self) -> Option<String> {
        self.failure
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
    fn into_events(self) -> (Vec<MaskEvent>, u64) {
        (
            self.events.into_inner().unwrap_or_else(|p| p.into_inner()),
            self.overflow.into_inner(),
        )
    }
}

/// Everything a redaction needs, built once per run.
pub struct Redactor {
    pub scanner: Scanner,
    pub content: ContentScanner,
    pub masker: Masker,
    pub options: Options,
}

/// What an input becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Xlsx,
    /// CSV/TSV in, same dialect out.
    Csv,
    /// A workbook to one CSV per visible sheet.
    CsvPerSheet,
}

impl Redactor {
    /// Build the scanner (with its content detectors and the roster) from the policy.
    pub fn new(policy: Policy, options: Options) -> Result<Redactor, String> {
        let scanner = Scanner::build(policy, options.roster.as_ref())?;
        Redactor::with_scanner(scanner, options)
    }

    /// Redact with a scanner built elsewhere (its policy, roster and content
    /// detectors are used for planning, masking and verification).
    pub fn with_scanner(scanner: Scanner, options: Options) -> Result<Redactor, String> {
        let content = scanner.content.clone()?;
        let cfg: DetectorsConfig = match scanner.policy.detectors.clone() {
            Some(v) => v
                .try_into()
                .map_err(|e| format!("{}: [detectors]: {e}", scanner.policy.source))?,
            None => DetectorsConfig::default(),
        };
        let masker = Masker::new(options.mask, cfg.mask_label.clone());
        Ok(Redactor {
            scanner,
            content,
            masker,
            options,
        })
    }

    /// Redact one file to `target` (an exact path) or into a folder.
    pub fn redact_file(&self, input: &Path, dest: &Destination) -> FileOutcome {
        self.redact_file_named(input, dest, false)
    }

    /// Like [`Redactor::redact_file`]; with `qualify`, a copy named by the
    /// tool keeps the input's extension in its name (`date.xls.clean.xlsx`),
    /// for folders where several inputs share a name.
    pub fn redact_file_named(
        &self,
        input: &Path,
        dest: &Destination,
        qualify: bool,
    ) -> FileOutcome {
        self.redact_file_guarded(input, dest, qualify, &[])
    }

    /// Like [`Redactor::redact_file_named`], refusing to write over any of
    /// `protected` (the other inputs of the same run) as well as `input`.
    pub fn redact_file_guarded(
        &self,
        input: &Path,
        dest: &Destination,
        qualify: bool,
        protected: &[PathBuf],
    ) -> FileOutcome {
        let display = shown_path(input);
        let mut outcome = FileOutcome {
            input: display.clone(),
            outputs: Vec::new(),
            status: Status::Clean,
            entries: Vec::new(),
        };
        match self.run(input, dest, qualify, protected, &mut outcome) {
            Ok(()) => {}
            Err(status) => outcome.status = status,
        }
        if outcome.entries.last().is_none_or(|e| e.kind != "summary") {
            let (action, detail) = match &outcome.status {
                Status::Clean => ("released".to_string(), String::new()),
                Status::ToReview(w) => (
                    "written for review".to_string(),
                    format!("Decide on these before release: {}", w.join("; ")),
                ),
                Status::Remaining(w) => (
                    "not released".to_string(),
                    format!(
                        "The copy still had blocking findings and was deleted: {}",
                        w.join("; ")
                    ),
                ),
                Status::Failed(w) => ("not redacted".to_string(), w.clone()),
                Status::Skipped(w) => ("not copied".to_string(), w.clone()),
            };
            outcome.entries.push(LogEntry {
                file: display,
                kind: "summary".into(),
                action,
                detail,
                ..Default::default()
            });
        }
        name_policy(&mut outcome.entries, &self.policy_line());
        outcome
    }

    /// How the log names the policy (and configuration) in force, as the
    /// scan reports do: "Policy: built-in default."
    pub fn policy_line(&self) -> String {
        let mut line = format!("Policy: {}.", self.scanner.policy.source);
        if let Some(c) = &self.scanner.config {
            line.push_str(&format!(" Config: {c}."));
        }
        line
    }

    fn run(
        &self,
        input: &Path,
        dest: &Destination,
        qualify: bool,
        protected: &[PathBuf],
        outcome: &mut FileOutcome,
    ) -> Result<(), Status> {
        let display = shown_path(input);
        let name = input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let limits = self.scanner.policy.limits.clone();
        let ctx = Context::new(name.clone(), limits);
        // What the reason quotes from the file (a sheet name) is masked,
        // like every value in the log.
        let unreadable = |e: source::SourceError| {
            Status::Failed(format!(
                "cannot be redacted: {}",
                crate::report::mask::mask_quoted(&e.to_string())
            ))
        };
        let format = source::sniff(Input::Path(input), &ctx).map_err(unreadable)?;
        if format == Format::LockFile {
            return Err(Status::Skipped(
                "an Office lock file (it holds a user name, no data): not copied".into(),
            ));
        }
        let kind = match (format.is_workbook(), self.options.to) {
            (true, Some(OutputFormat::Csv)) => Shape::CsvPerSheet,
            (true, _) => Shape::Xlsx,
            (false, Some(OutputFormat::Xlsx)) => Shape::Xlsx,
            (false, _) => Shape::Csv,
        };
        let csv_ext = match format {
            Format::Tsv => {
                if name.to_ascii_lowercase().ends_with(".tab") {
                    "tab"
                } else {
                    "tsv"
                }
            }
            _ => "csv",
        };
        let dialect = match (format, kind) {
            (Format::Csv | Format::Tsv, Shape::Csv) => {
                let d =
                    source::csv::detect_dialect(Input::Path(input), &ctx).map_err(unreadable)?;
                let head = Input::Path(input)
                    .head(64 * 1024)
                    .map_err(|e| Status::Failed(e.to_string()))?;
                let crlf = match head.iter().position(|&b| b == b'\n') {
                    Some(i) => head[..i].ends_with(b"\r") || head[..i].ends_with(b"\r\0"),
                    None => true,
                };
                CsvDialect {
                    delimiter: d.delimiter,
                    bom: d.encoding != "UTF-8" || head.starts_with(b"\xEF\xBB\xBF"),
                    crlf,
                }
            }
            // A workbook's sheets as CSV: UTF-8 with a byte-order mark, so
            // Excel shows accented names right.
            _ => CsvDialect {
                delimiter: b',',
                bom: true,
                crlf: true,
            },
        };
        // Check an exact output before the work.
        if let Destination::File(target) = dest {
            let (want, what): (&[&str], &str) = match kind {
                Shape::Xlsx if format.is_workbook() => (
                    &["xlsx"],
                    "a workbook is rebuilt as an .xlsx copy (or use --to csv)",
                ),
                Shape::Xlsx => (&["xlsx"], "--to xlsx writes an .xlsx copy"),
                Shape::Csv if csv_ext == "csv" => {
                    (&["csv"], "a CSV stays a CSV (or use --to xlsx)")
                }
                Shape::Csv => (&["tsv", "tab"], "a TSV stays a TSV (or use --to xlsx)"),
                Shape::CsvPerSheet => (&["csv"], "--to csv writes CSV"),
            };
            let ext = target
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            if !want.contains(&ext.as_str()) {
                return Err(Status::Failed(format!(
                    "usage: -o {}: {what}; name the output .{}",
                    shown_path(target),
                    want[0]
                )));
            }
            check_target(input, target, self.options.force, protected)?;
        }

        // Pass 1: the scan, and the plan.
        let plan = Plan::build(
            &self.scanner,
            &self.content,
            format,
            Input::Path(input),
            &name,
            &display,
        );
        if plan.report.verdict == Verdict::Error {
            let why = plan
                .report
                .error
                .clone()
                .unwrap_or_else(|| "could not be inspected".into());
            return Err(Status::Failed(format!("cannot be redacted: {why}")));
        }
        if let Some(f) = plan
            .report
            .findings
            .iter()
            .find(|f| f.kind == Kind::Incomplete.as_str() && f.embedded.is_empty())
        {
            return Err(Status::Failed(format!(
                "cannot make a clean copy: {} Open it in Excel, save it as .xlsx, and redact that.",
                f.message
            )));
        }
        let rules = CellRules::new(&plan, &self.content, &self.masker, &self.scanner.policy);

        // Where the copies go.
        let stem = if qualify {
            name.clone()
        } else {
            Path::new(&name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "output".into())
        };
        let mut name_events = Vec::new();
        let targets: Vec<(Option<usize>, PathBuf)> = match (kind, dest) {
            (Shape::Xlsx, Destination::File(t)) | (Shape::Csv, Destination::File(t)) => {
                vec![(None, t.clone())]
            }
            (Shape::Xlsx, Destination::Dir(d)) => {
                vec![(None, d.join(format!("{stem}.clean.xlsx")))]
            }
            (Shape::Csv, Destination::Dir(d)) => {
                vec![(None, d.join(format!("{stem}.clean.{csv_ext}")))]
            }
            (Shape::CsvPerSheet, Destination::File(t)) => {
                let kept: Vec<&SheetPlan> = plan.kept().collect();
                if kept.len() != 1 {
                    return Err(Status::Failed(format!(
                        "usage: -o {}: the workbook has {} visible sheets and --to csv writes one file per sheet; use --out-dir DIR",
                        shown_path(t),
                        thousands(kept.len() as u64)
                    )));
                }
                vec![(Some(kept[0].info.index), t.clone())]
            }
            (Shape::CsvPerSheet, Destination::Dir(d)) => {
                let kept: Vec<&SheetPlan> = plan.kept().collect();
                let raw: Vec<String> = kept
                    .iter()
                    .map(|s| rules.sheet_name(s, &mut name_events))
                    .collect();
                let files = file_names(&raw);
                kept.iter()
                    .zip(files)
                    .map(|(s, f)| (Some(s.info.index), d.join(format!("{stem}.{f}.clean.csv"))))
                    .collect()
            }
        };
        let mut created_dirs = Vec::new();
        if let Destination::Dir(_) = dest {
            for (_, t) in &targets {
                check_target(input, t, self.options.force, protected)?;
            }
            for (_, t) in &targets {
                if let Some(parent) = t.parent()
                    && let Err(e) = create_dirs(parent, &mut created_dirs)
                {
                    remove_dirs(&created_dirs);
                    return Err(Status::Failed(e));
                }
            }
        }
        let result = self.rebuild(
            input,
            &ctx,
            &plan,
            &rules,
            kind,
            dialect,
            &targets,
            name_events,
        );
        let (sink_events, overflow, pending) = match result {
            Ok(r) => r,
            Err(status) => {
                remove_dirs(&created_dirs);
                outcome.entries = self.entries(&plan, &display, Vec::new(), 0, &status, &[]);
                return Err(status);
            }
        };
        // Verify every copy before any is moved into place.
        let mut remaining = Vec::new();
        let mut to_review = Vec::new();
        for p in &pending {
            let final_name = p
                .target()
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match verify::verify(&self.scanner, p.path(), &final_name) {
                Ok(review) => to_review.extend(review),
                Err(problems) => remaining.extend(problems),
            }
        }
        let status = if !remaining.is_empty() {
            drop(pending);
            remove_dirs(&created_dirs);
            Status::Remaining(remaining)
        } else {
            match commit_all(pending, self.options.force) {
                Ok(placed) => {
                    outcome.outputs = placed;
                    if to_review.is_empty() {
                        Status::Clean
                    } else {
                        Status::ToReview(to_review)
                    }
                }
                Err(e) => {
                    remove_dirs(&created_dirs);
                    Status::Failed(e)
                }
            }
        };
        outcome.entries = self.entries(
            &plan,
            &display,
            sink_events,
            overflow,
            &status,
            &outcome.outputs,
        );
        match status {
            Status::Clean => Ok(()),
            s => Err(s),
        }
    }

    /// Pass 2: write the copies to temporary files.
    #[allow(clippy::too_many_arguments)]
    fn rebuild(
        &self,
        input: &Path,
        ctx: &Context,
        plan: &Plan,
        rules: &CellRules<'_>,
        kind: Shape,
        dialect: CsvDialect,
        targets: &[(Option<usize>, PathBuf)],
        name_events: Vec<MaskEvent>,
    ) -> Result<(Vec<MaskEvent>, u64, Vec<PendingFile>), Status> {
        let sink = Sink::default();
        for e in name_events {
            sink.event(e);
        }
        let mut pending = Vec::new();
        let mut files = HashMap::new();
        for (sheet, t) in targets {
            let (p, f) = PendingFile::create(t, self.options.force).map_err(Status::Failed)?;
            pending.push(p);
            files.insert(sheet.unwrap_or(usize::MAX), f);
        }
        let read_error = |e: source::SourceError| {
            Status::Failed(format!(
                "second read failed: {}",
                crate::report::mask::mask_quoted(&e.to_string())
            ))
        };
        match kind {
            Shape::Xlsx => {
                let Some(file) = files.remove(&usize::MAX) else {
                    return Err(Status::Failed("no output file".into()));
                };
                let tempdir = targets
                    .first()
                    .and_then(|(_, t)| t.parent())
                    .filter(|p| !p.as_os_str().is_empty());
                let rebuild = XlsxRebuild::new(rules, &sink, tempdir).map_err(Status::Failed)?;
                source::inspect(Input::Path(input), ctx, &rebuild).map_err(read_error)?;
                if let Some(e) = sink.failure() {
                    return Err(Status::Failed(e));
                }
                rebuild.save(file).map_err(Status::Failed)?;
            }
            Shape::Csv | Shape::CsvPerSheet => {
                if kind == Shape::Csv {
                    // The one sheet of a CSV input.
                    if let (Some(f), Some(s)) = (files.remove(&usize::MAX), plan.kept().next()) {
                        files.insert(s.info.index, f);
                    }
                }
                let mut rebuild = CsvRebuild::new(rules, &sink, dialect, files);
                if kind == Shape::Csv && matches!(plan.format, Format::Csv | Format::Tsv) {
                    // Numbers go out as the input wrote them (`1.50` stays `1.50`).
                    let max = ctx.limits.max_csv_record_bytes as u64;
                    let raw = writer_csv::RawFields::open(input, dialect.delimiter, max)
                        .map_err(|e| Status::Failed(format!("second read failed: {e}")))?;
                    rebuild = rebuild.with_raw_fields(raw);
                }
                source::inspect(Input::Path(input), ctx, &rebuild).map_err(read_error)?;
                if let Some(e) = sink.failure() {
                    return Err(Status::Failed(e));
                }
                rebuild.finish().map_err(Status::Failed)?;
            }
        }
        let (events, overflow) = sink.into_events();
        Ok((events, overflow, pending))
    }

    /// The log lines for one input.
    fn entries(
        &self,
        plan: &Plan,
        file: &str,
        mut events: Vec<MaskEvent>,
        overflow: u64,
        status: &Status,
        outputs: &[PathBuf],
    ) -> Vec<LogEntry> {
        let mut out = Vec::new();
        // By name; a name the report masks (it names someone) by its part.
        let sheet_plan = |f: &Finding| {
            let by_name = f
                .sheet
                .as_ref()
                .and_then(|n| plan.sheets.iter().find(|s| &s.info.name == n));
            by_name.or_else(|| {
                f.part.as_ref().and_then(|p| {
                    plan.sheets
                        .iter()
                        .find(|s| f.embedded.is_empty() && s.info.part.as_ref() == Some(p))
                })
            })
        };
        for f in &plan.report.findings {
            if let Some(e) = finding_entry(f, file, sheet_plan(f)) {
                out.push(e);
            }
        }
        for s in plan.kept() {
            for t in &s.tables {
                let rows = format!(
                    "{} row{}",
                    thousands(t.rows()),
                    if t.rows() == 1 { "" } else { "s" }
                );
                let header = if t.header_row.is_some() {
                    "header row kept, "
                } else {
                    ""
                };
                let (location, action) = if t.beside {
                    let (first, last) = (
                        crate::model::a1(t.first_row, t.first_col),
                        crate::model::a1(t.last_row, t.last_col),
                    );
                    (
                        format!("{first}:{last}"),
                        format!(
                            "cleared {rows} of a personnel table in columns {}:{} (another table shares the rows, which stay; {header}a note left in {first})",
                            crate::model::column_name(t.first_col),
                            crate::model::column_name(t.last_col),
                        ),
                    )
                } else {
                    (
                        format!("{}:{}", t.first_row + 1, t.last_row + 1),
                        format!(
                            "removed {rows} of a personnel table (every column; {header}a note left in their place)"
                        ),
                    )
                };
                out.push(LogEntry {
                    file: file.to_string(),
                    sheet: s.info.name.clone(),
                    location,
                    kind: "personnel_records".into(),
                    action,
                    exemption: DEFAULT_EXEMPTION.into(),
                    sample: String::new(),
                    detail: t.message.clone(),
                });
            }
        }
        // Cells no reader could see (white text, a format showing nothing
        // or fixed text, covered by a merge), each named: the finding above
        // gives only the first.
        for s in plan.kept() {
            let Some(cells) = &s.invisible else { continue };
            // The finding's own line already names its first cell.
            let named: HashSet<String> = out
                .iter()
                .filter(|e| e.kind == "invisible_text" && e.sheet == s.info.name)
                .map(|e| e.location.clone())
                .collect();
            for &(r, c) in cells.iter().take(MAX_LISTED_INVISIBLE) {
                let location = a1(r, c);
                if named.contains(&location) {
                    continue;
                }
                out.push(LogEntry {
                    file: file.to_string(),
                    sheet: s.info.name.clone(),
                    location,
                    kind: "invisible_text".into(),
                    action: "removed a cell a reader could not see".into(),
                    exemption: if s.personal {
                        DEFAULT_EXEMPTION.into()
                    } else {
                        String::new()
                    },
                    detail: "Its text was hidden in the original (font colour matching the fill, \
                             a number format showing nothing or fixed text such as \"<5\" in its \
                             place, a tiny font, or a merged cell covering it)."
                        .into(),
                    ..Default::default()
                });
            }
            if cells.len() > MAX_LISTED_INVISIBLE {
                out.push(LogEntry {
                    file: file.to_string(),
                    sheet: s.info.name.clone(),
                    kind: "invisible_text".into(),
                    action: format!(
                        "{} more invisible cells removed, not listed",
                        thousands((cells.len() - MAX_LISTED_INVISIBLE) as u64)
                    ),
                    ..Default::default()
                });
            }
        }
        // Number formats whose fixed text was not a unit (it may have been
        // a name) show the bare value in the copy.
        for s in plan.kept().filter(|s| s.format_text_dropped > 0) {
            out.push(LogEntry {
                file: file.to_string(),
                sheet: s.info.name.clone(),
                kind: "number_format_text".into(),
                action: format!(
                    "dropped the fixed text of the number format of {} cell{} (values kept)",
                    thousands(s.format_text_dropped),
                    if s.format_text_dropped == 1 { "" } else { "s" }
                ),
                ..Default::default()
            });
        }
        // A sheet whose name was masked is not named in the log either.
        let personal_sheets: Vec<String> = events
            .iter()
            .filter(|e| e.action.ends_with("in sheet name"))
            .map(|e| e.sheet.clone())
            .collect();
        events.sort_by_key(|e| (e.sheet_index, e.cell));
        let masks = events
            .iter()
            .filter(|e| e.action.starts_with("masked"))
            .count() as u64
            + overflow;
        let emptied = events
            .iter()
            .filter(|e| e.kind == "formula_without_value")
            .count() as u64;
        for e in events {
            out.push(LogEntry {
                file: file.to_string(),
                sheet: e.sheet,
                location: e.cell.map(|(r, c)| a1(r, c)).unwrap_or_default(),
                kind: e.kind,
                action: e.action,
                exemption: e.exemption,
                sample: e.sample,
                detail: e.detail,
            });
        }
        if overflow > 0 {
            out.push(LogEntry {
                file: file.to_string(),
                kind: "masked".into(),
                action: format!("{} more masks not listed", thousands(overflow)),
                detail: format!(
                    "The log lists the first {} masks of a file.",
                    thousands(MAX_EVENTS as u64)
                ),
                ..Default::default()
            });
        }
        for e in &mut out {
            if personal_sheets.contains(&e.sheet) {
                e.sheet = crate::report::mask::mask(&e.sheet);
            }
        }
        let kept = plan.kept().count();
        let removed = plan.sheets.len() - kept;
        let table_rows: u64 = plan
            .kept()
            .flat_map(|s| s.tables.iter().map(|t| t.rows()))
            .sum();
        let hidden_rows: u64 = plan.kept().map(|s| s.layout.hidden_rows.len()).sum();
        let hidden_cols: u64 = plan.kept().map(|s| s.layout.hidden_columns.len()).sum();
        let mut facts = format!(
            "{} kept, {} removed; {}, {} and {} dropped; {} masked",
            count(kept as u64, "sheet", "sheets"),
            thousands(removed as u64),
            count(hidden_rows, "hidden row", "hidden rows"),
            count(hidden_cols, "hidden column", "hidden columns"),
            count(table_rows, "personnel row", "personnel rows"),
            count(masks, "identifier", "identifiers")
        );
        if emptied > 0 {
            facts.push_str(&format!(
                "; {} with no saved result left empty (open and save the file in Excel first \
                 to keep them)",
                count(emptied, "formula", "formulas")
            ));
        }
        let written_to = outputs
            .iter()
            .map(|p| shown_path(p))
            .collect::<Vec<_>>()
            .join(", ");
        let (action, detail) = match status {
            Status::Clean => (
                "released".to_string(),
                format!("{facts}; verified clean; written to {written_to}."),
            ),
            Status::ToReview(w) => (
                "written for review".to_string(),
                format!(
                    "{facts}; nothing in the copy blocks; written to {written_to}; decide on \
                     these before release: {}.",
                    w.join("; ").trim_end_matches('.')
                ),
            ),
            Status::Remaining(w) => (
                "not released".to_string(),
                format!(
                    "{facts}; the copy still had blocking findings and was deleted: {}.",
                    w.join("; ").trim_end_matches('.')
                ),
            ),
            Status::Failed(w) => ("not redacted".to_string(), w.clone()),
            Status::Skipped(w) => ("not copied".to_string(), w.clone()),
        };
        out.push(LogEntry {
            file: file.to_string(),
            kind: "summary".into(),
            action,
            detail,
            ..Default::default()
        });
        out
    }
}

/// The log line for a finding of the input's scan: what the copy did with it.
/// A file of a folder that is not copied, and why.
fn not_copied(p: &Path, why: &str) -> FileOutcome {
    FileOutcome {
        input: shown_path(p),
        outputs: Vec::new(),
        status: Status::Skipped(why.to_string()),
        entries: vec![LogEntry {
            file: shown_path(p),
            kind: "summary".into(),
            action: "not copied".into(),
            detail: why.to_string(),
            ..Default::default()
        }],
    }
}

/// End every summary row's detail with the policy in force (once), so the
/// log says under which rules each file was redacted.
fn name_policy(entries: &mut [LogEntry], line: &str) {
    for e in entries.iter_mut().filter(|e| e.kind == "summary") {
        if !e.detail.ends_with(line) {
            if !e.detail.is_empty() {
                if !e.detail.ends_with('.') {
                    e.detail.push('.');
                }
                e.detail.push(' ');
            }
            e.detail.push_str(line);
        }
    }
}

/// Whether a file is a copy this tool wrote (`name.clean.xlsx`,
/// `name.Sheet.clean.csv`).
fn is_earlier_copy(p: &Path) -> bool {
    p.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.ends_with(".clean"))
}

/// Invisible cells named one by one in the log, per sheet.
const MAX_LISTED_INVISIBLE: usize = 1000;

/// Content findings in visible cells are logged mask by mask instead.
fn finding_entry(f: &Finding, file: &str, sp: Option<&SheetPlan>) -> Option<LogEntry> {
    let personal = sp.is_some_and(|s| s.personal);
    let (action, exemption): (String, bool) = match Kind::parse(&f.kind) {
        Some(k) => match k {
            Kind::HiddenSheet => (
                if f.very_hidden == Some(true) {
                    "removed very hidden sheet"
                } else {
                    "removed hidden sheet"
                }
                .into(),
                personal,
            ),
            Kind::HiddenRows => (
                "dropped hidden rows (the rows below move up)".into(),
                personal,
            ),
            Kind::HiddenColumns => (
                "dropped hidden columns (the columns to the right move left)".into(),
                personal,
            ),
            Kind::FilteredRows => (
                "dropped rows hidden by a filter (the rows below move up)".into(),
                personal,
            ),
            Kind::InvisibleText => (
                "dropped invisible cells (not made visible)".into(),
                personal,
            ),
            Kind::FarAwayData => ("dropped far-away cells".into(), personal),
            Kind::PivotCache => (
                "removed pivot cache (pivot table kept as its visible values)".into(),
                false,
            ),
            Kind::DataModel => ("removed data model".into(), false),
            Kind::DataConnection => ("removed connection or query".into(), false),
            Kind::ExternalLink => ("removed external link and its cached values".into(), false),
            Kind::Comment => ("removed comments and their authors".into(), false),
            Kind::DocumentProperties => ("stripped document properties".into(), false),
            Kind::CustomXml => ("removed custom XML".into(), false),
            Kind::EmbeddedObject => ("removed embedded object".into(), false),
            Kind::Macro => ("removed macros".into(), false),
            Kind::DefinedName => ("removed defined name".into(), false),
            Kind::HeaderFooter => ("removed header/footer".into(), false),
            Kind::DrawingText => ("removed shapes and text boxes".into(), false),
            Kind::ChartCache => ("removed chart and its data cache".into(), false),
            Kind::FormulaToHidden => (
                "formulas replaced by their values (totals kept, copies of removed data masked)"
                    .into(),
                false,
            ),
            Kind::DataValidation => ("removed validation list".into(), false),
            Kind::Image => ("removed image".into(), false),
            Kind::RevisionLog => ("removed revision history".into(), false),
            Kind::UnknownPart => ("removed unrecognised part".into(), false),
            Kind::FormulaLikeCsvCell => {
                ("neutralised formula-like text (kept as text)".into(), false)
            }
            Kind::RaggedRows => ("rows written with a common number of fields".into(), false),
            Kind::Hyperlink => ("removed hyperlink (cell text kept)".into(), false),
            Kind::LockFile => ("not copied".into(), false),
            Kind::Incomplete => ("removed (could not be inspected)".into(), false),
        },
        None => {
            // A content finding. In the visible cells of a kept sheet,
            // identifiers are logged mask by mask and personnel tables as
            // removed rows; what is not an identifier stays, for review.
            // Anything else sat in a place the copy does not have.
            let kept_sheet = f.embedded.is_empty() && sp.is_some_and(|s| s.keep());
            let visible_cell = !f.hidden && f.cell.is_some() && kept_sheet;
            if kept_sheet && f.place == Some("sheet_name") {
                // The sheet is kept under a masked name: that mask is logged.
                return None;
            }
            if visible_cell {
                if !plan::NOT_MASKED.contains(&f.kind.as_str()) {
                    return None;
                }
                ("kept for review (not an identifier)".into(), false)
            } else {
                (
                    if f.hidden {
                        "removed with its hidden place"
                    } else {
                        "removed with the part it sat in"
                    }
                    .into(),
                    true,
                )
            }
        }
    };
    let location = match (&f.cell, &f.part) {
        (Some(c), _) => c.clone(),
        (None, Some(p)) => p.clone(),
        _ => String::new(),
    };
    let mut location = location;
    if !f.embedded.is_empty() {
        location = format!("{} > {location}", f.embedded.join(" > "));
    }
    Some(LogEntry {
        file: file.to_string(),
        sheet: f.sheet.clone().unwrap_or_default(),
        location,
        kind: f.kind.clone(),
        action,
        exemption: if exemption {
            DEFAULT_EXEMPTION.into()
        } else {
            String::new()
        },
        sample: f.sample.clone().unwrap_or_default(),
        detail: f.message.clone(),
    })
}

/// Refuse an output that is the input or another input of the run
/// (`protected`, canonical paths), or that exists (without `--force`).
fn check_target(
    input: &Path,
    target: &Path,
    force: bool,
    protected: &[PathBuf],
) -> Result<(), Status> {
    if let Ok(b) = std::fs::canonicalize(target) {
        let own = std::fs::canonicalize(input).is_ok_and(|a| a == b);
        if own || crate::walk::is_input(&b, protected) {
            return Err(Status::Failed(format!(
                "usage: {} is {} input; redact never writes to its inputs",
                shown_path(target),
                if own { "the" } else { "an" }
            )));
        }
    }
    if matches!(
        crate::report::output::placement(target),
        crate::report::output::Placement::Stream
    ) {
        return Err(Status::Failed(format!(
            "usage: {} is not a regular file; a copy is written to a file, to be verified before it goes out",
            shown_path(target)
        )));
    }
    if !force && std::fs::symlink_metadata(target).is_ok() {
        return Err(Status::Failed(atomic::exists_message(target)));
    }
    Ok(())
}

/// Create a folder and its missing parents, remembering which were created.
fn create_dirs(dir: &Path, created: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut missing = Vec::new();
    let mut d = Some(dir);
    while let Some(p) = d {
        if p.as_os_str().is_empty() || p.exists() {
            break;
        }
        missing.push(p.to_path_buf());
        d = p.parent();
    }
    for p in missing.into_iter().rev() {
        std::fs::create_dir(&p)
            .map_err(|e| format!("{}: cannot create folder: {e}", shown_path(&p)))?;
        created.push(p);
    }
    Ok(())
}

/// Remove folders created for a copy that was not written (only if empty).
fn remove_dirs(created: &[PathBuf]) {
    for p in created.iter().rev() {
        let _ = std::fs::remove_dir(p);
    }
}

/// File-name-safe, unique parts for per-sheet CSV names.
fn file_names(sheets: &[String]) -> Vec<String> {
    let mut used: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (i, s) in sheets.iter().enumerate() {
        let mut n: String = s
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '(' | ')') {
                    c
                } else {
                    '_'
                }
            })
            .take(60)
            .collect();
        n = n.trim().trim_matches('.').to_string();
        if n.is_empty() {
            n = format!("Sheet{}", i + 1);
        }
        let base = n.clone();
        let mut k = 2;
        while used.contains(&n.to_lowercase()) {
            n = format!("{base} ({k})");
            k += 1;
        }
        used.push(n.to_lowercase());
        out.push(n);
    }
    out
}

/// Redact every input (files, or folders walked like `scan` does) and write
/// the log. Folder inputs need a [`Destination::Dir`].
pub fn redact_paths(
    policy: Policy,
    options: Options,
    inputs: &[PathBuf],
    dest: &Destination,
    log_path: Option<&Path>,
) -> RedactReport {
    match Redactor::new(policy, options) {
        Ok(r) => redact_paths_with(&r, inputs, dest, log_path),
        Err(e) => RedactReport {
            files: vec![FileOutcome {
                input: "policy".into(),
                outputs: Vec::new(),
                status: Status::Failed(e.clone()),
                entries: vec![LogEntry {
                    kind: "summary".into(),
                    action: "not redacted".into(),
                    detail: e,
                    ..Default::default()
                }],
            }],
            log: None,
            log_error: None,
        },
    }
}

/// [`redact_paths`] with a redactor built by the caller (e.g. from a
/// configured scanner, so the configuration's roster applies).
pub fn redact_paths_with(
    redactor: &Redactor,
    inputs: &[PathBuf],
    dest: &Destination,
    log_path: Option<&Path>,
) -> RedactReport {
    let force = redactor.options.force;
    let mut report = RedactReport {
        files: Vec::new(),
        log: log_path.map(Path::to_path_buf),
        log_error: None,
    };
    let fail = |input: &Path, why: String| FileOutcome {
        input: shown_path(input),
        outputs: Vec::new(),
        status: Status::Failed(why.clone()),
        entries: vec![LogEntry {
            file: shown_path(input),
            kind: "summary".into(),
            action: "not redacted".into(),
            detail: why,
            ..Default::default()
        }],
    };
    // Every input file of the run, so that no copy and no log replaces one.
    // Each input walked once: its files (and what was skipped).
    let walked: Vec<(&PathBuf, Vec<Target>, Vec<PathBuf>)> = inputs
        .iter()
        .map(|input| {
            let mut skipped = Vec::new();
            let list = targets(std::slice::from_ref(input), &mut skipped);
            (input, list, skipped)
        })
        .collect();
    let protected: Vec<PathBuf> = walked
        .iter()
        .flat_map(|(_, list, _)| crate::walk::input_files(list))
        .collect();
    if let Some(l) = log_path {
        let problem = if crate::walk::is_input(l, &protected) {
            Some(format!(
                "usage: --log {} is an input; redact never writes to its inputs",
                shown_path(l)
            ))
        } else if matches!(dest, Destination::File(t)
            if std::path::absolute(t).ok() == std::path::absolute(l).ok())
        {
            Some(format!(
                "usage: --log {} is also the copy (-o); name them apart",
                shown_path(l)
            ))
        } else if !force && crate::report::output::replaces_something(l) {
            Some(atomic::exists_message(l))
        } else if let Some(parent) = l.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.is_dir()
            && !matches!(dest, Destination::Dir(d) if parent.starts_with(d))
        {
            // Found out before any copy is written, not after.
            Some(format!(
                "usage: --log {}: the folder {} does not exist",
                shown_path(l),
                shown_path(parent)
            ))
        } else {
            None
        };
        if let Some(e) = problem {
            report.log_error = Some(e);
            report.log = None;
            return report;
        }
    }
    let many = inputs.len() > 1 || inputs.iter().any(|p| p.is_dir());
    if many && let Destination::File(t) = dest {
        let why = format!(
            "usage: -o {} names one file; use --out-dir DIR for a folder or several inputs",
            shown_path(t)
        );
        for i in inputs {
            report.files.push(fail(i, why.clone()));
        }
        return report;
    }
    let naming = copy_naming(&walked, dest, redactor.options.to);
    for (input, list, skipped) in walked {
        let root_dir = input.is_dir();
        for t in list {
            match t {
                Target::Problem(p, why) => report.files.push(fail(&p, why)),
                // A folder holding earlier copies: they are not copied again
                // ("r.clean.clean.xlsx"). Named on the command line, they are.
                Target::File(p) if root_dir && is_earlier_copy(&p) => report.files.push(
                    not_copied(&p, "an earlier foiguard copy (*.clean.*): not copied again"),
                ),
                Target::File(p) => {
                    let d = copy_folder(dest, input, &p);
                    match naming.get(&p) {
                        Some(Naming::Clash(why)) => report.files.push(fail(&p, why.clone())),
                        n => {
                            let qualify = matches!(n, Some(Naming::Qualified));
                            report
                                .files
                                .push(redactor.redact_file_guarded(&p, &d, qualify, &protected));
                        }
                    }
                }
            }
        }
        for p in skipped {
            report
                .files
                .push(not_copied(&p, "not a spreadsheet or CSV: not copied"));
        }
    }
    // Rows made here (inputs refused, files not copied) name it too.
    let line = redactor.policy_line();
    for f in &mut report.files {
        name_policy(&mut f.entries, &line);
    }
    if let Some(l) = log_path {
        let all: Vec<LogEntry> = report
            .files
            .iter()
            .flat_map(|f| f.entries.iter().cloned())
            .collect();
        if let Err(e) = log::write(l, &all, force) {
            report.log_error = Some(e);
        }
    }
    report
}
