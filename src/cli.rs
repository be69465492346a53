//! The command line: subcommands, options and help with examples.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Examples:
  foiguard scan response.xlsx              check one file before it is released
  foiguard scan outbox/                    check a whole folder (recursively, in parallel)
  foiguard scan --format json outbox/      machine-readable, for pre-send hooks
  foiguard scan --format html -o case.html outbox/   a self-contained page for the case file
  foiguard scan --format sarif -o foiguard.sarif outbox/   for CI and document-management dashboards
  foiguard scan --format jsonl outbox/     one JSON line per file as soon as it is done
  find outbox -name '*.xlsx' -print0 | foiguard scan --stdin-paths -0 --quiet
  foiguard scan --accept accepted.toml response.xlsx   findings an officer reviewed and accepted

A foiguard.toml in the current folder (never in a scanned folder) can name
the policy, roster and accepted findings; every report names it.

Exit status: 0 nothing blocks, 1 a file is blocked (or needs review with
--fail-on review), 2 a usage error or a file that could not be inspected.";

/// Stops spreadsheets and CSVs from leaking people when a public body releases them.
#[derive(Parser, Debug)]
#[command(name = "foiguard", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Find every hidden place and personal identifier, with a verdict per file.
    #[command(after_help = AFTER_HELP)]
    Scan(ScanArgs),
    /// Rebuild a clean, releasable copy (visible values only, identifiers
    /// masked, verified by a scan) and log every removal.
    #[command(after_help = REDACT_HELP)]
    Redact(RedactArgs),
    /// Watch an outbox: release files that pass, quarantine the rest with
    /// their report.
    #[command(after_help = WATCH_HELP)]
    Watch(WatchArgs),
    /// Write accepted-finding entries for the findings in a JSON report, for
    /// an officer to fill in (reviewer, date, reason).
    #[command(after_help = ACCEPT_HELP)]
    Accept(AcceptArgs),
    /// Explain a finding kind: what it is, where it leaked people, how to
    /// fix it by hand in Excel and LibreOffice, the FOIA exemption.
    #[command(after_help = EXPLAIN_HELP)]
    Explain(ExplainArgs),
    /// Print a shell completion script.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
    /// List every detector: kind, default severity under the policy in
    /// force, and the FOIA exemption it maps to.
    #[command(after_help = RULES_HELP)]
    Rules(RulesArgs),
}

const RULES_HELP: &str = "\
Examples:
  foiguard rules                       the built-in policy
  foiguard rules --policy ours.toml    what your policy blocks
  foiguard rules --format json";

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,

    #[command(flatten)]
    pub detect: DetectArgs,
}

/// How `foiguard rules` is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

const WATCH_HELP: &str = "\
Examples:
  foiguard watch outbox/ --release release/ --quarantine quarantine/
  foiguard watch outbox/ --release release/ --quarantine quarantine/ --redact
  foiguard watch outbox/ --release release/ --quarantine quarantine/ --once   from cron

A file is taken once its size and modification time stay the same for
--stable looks, --interval apart. It is moved into a private staging folder
(--state, default OUTBOX/.foiguard) and copied once more while hashed; that
copy is scanned and exactly those bytes move on: a pass to RELEASE, anything
else to QUARANTINE with NAME.foiguard.json and NAME.foiguard.txt beside it.
With --redact, a blocked or review file is also rebuilt, and the clean copy
goes to RELEASE if a fresh scan passes. Office lock files, hidden and
temporary files, folders and links are ignored. Every decision goes to
STATE/watch.log and stderr; STATE/journal.jsonl lets a restart finish what
was under way. Exit status with --once: 0 all released, 1 some quarantined,
2 a file could not be handled or a usage error.";

const ACCEPT_HELP: &str = "\
Examples:
  foiguard scan --format json -o report.json response.xlsx
  foiguard accept report.json -o accepted.toml     then edit reviewer, date, reason
  foiguard scan --accept accepted.toml response.xlsx

Each entry's fingerprint ties it to the file's exact content, the kind and
the location: any change to the file invalidates it. An entry still holding
a FILL IN placeholder is rejected when loaded, so nothing is accepted by
accident. Only block and review findings are written.";

const EXPLAIN_HELP: &str = "\
Examples:
  foiguard explain                 list every kind
  foiguard explain hidden_sheet    the PSNI case and how to unhide and delete a sheet
  foiguard explain pivot_cache --format json";

const COMPLETIONS_HELP: &str = "\
Examples:
  foiguard completions bash > /etc/bash_completion.d/foiguard
  foiguard completions zsh > \"${fpath[1]}/_foiguard\"
  foiguard completions fish > ~/.config/fish/completions/foiguard.fish";

#[derive(Args, Debug)]
pub struct WatchArgs {
    /// The folder officers drop files into.
    #[arg(value_name = "OUTBOX")]
    pub outbox: PathBuf,

    /// Where files that pass go.
    #[arg(long, value_name = "RELEASE")]
    pub release: PathBuf,

    /// Where everything else goes, with its report beside it.
    #[arg(long, value_name = "QUARANTINE")]
    pub quarantine: PathBuf,

    /// Also rebuild blocked and review files; release the clean copy if a
    /// fresh scan of it passes.
    #[arg(long)]
    pub redact: bool,

    /// Private working folder (staging, journal, log); same file system as
    /// the outbox. Default: OUTBOX/.foiguard.
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,

    /// Seconds between two looks at the outbox.
    #[arg(long, default_value_t = 2.0, value_name = "SECONDS")]
    pub interval: f64,

    /// Looks in a row a file must stay unchanged before it is taken.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub stable: u32,

    /// Handle what is in the outbox, then exit (for cron and tests).
    #[arg(long)]
    pub once: bool,

    /// Log decisions to STATE/watch.log only, not to stderr.
    #[arg(short, long)]
    pub quiet: bool,

    /// Findings an officer reviewed and accepted (TOML).
    #[arg(long, value_name = "FILE")]
    pub accept: Option<PathBuf>,

    #[command(flatten)]
    pub detect: DetectArgs,
}

#[derive(Args, Debug)]
pub struct AcceptArgs {
    /// A JSON report (foiguard scan --format json).
    #[arg(value_name = "REPORT.json")]
    pub report: PathBuf,

    /// Write the entries to this file instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// How `explain` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Text,
    Json,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A finding kind (hidden_sheet, pivot_cache, person_name...); none lists them all.
    #[arg(value_name = "KIND")]
    pub kind: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

const REDACT_HELP: &str = "\
Examples:
  foiguard redact response.xlsx -o response.clean.xlsx --log response.redactions.csv
  foiguard redact outbox/ --out-dir release/                  a whole folder
  foiguard redact response.xlsx --to csv --out-dir release/   one CSV per visible sheet

A workbook (xlsx, xlsm, xls, ods...) becomes an .xlsx copy without macros; a
CSV/TSV stays CSV/TSV (UTF-8). The input is never changed. Each copy is
scanned again: `clean` nothing left to report, `review` nothing blocks but
something (small counts, kept as they are) is for an officer to decide before
release. Exit status: 0 a copy was written (clean or review), 1 the copy still
had blocking findings and was deleted, 2 a usage error or an input that could
not be inspected.";

/// How identifiers in kept cells are masked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MaskArg {
    /// The policy's label, "[REDACTED s40(2)]" by default.
    Label,
    /// Cut out.
    Blank,
    /// Initials only.
    Partial,
}

/// The copy's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ToArg {
    Xlsx,
    Csv,
}

#[derive(Args, Debug)]
pub struct RedactArgs {
    /// File or folder to redact (never changed).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// The copy, exactly this path (one input file; the extension must match
    /// the output format).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "OUTPUT",
        conflicts_with = "out_dir",
        required_unless_present = "out_dir"
    )]
    pub output: Option<PathBuf>,

    /// Folder for the copies; the tool names each (response.clean.xlsx).
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,

    /// Redaction log: CSV, or JSON when the name ends in .json.
    #[arg(long, value_name = "LOG")]
    pub log: Option<PathBuf>,

    /// How identifiers in kept cells are masked.
    #[arg(long, value_enum, default_value_t = MaskArg::Label, value_name = "HOW")]
    pub mask: MaskArg,

    /// Replace existing outputs and log.
    #[arg(long)]
    pub force: bool,

    /// Output format (default: a workbook becomes xlsx, a CSV/TSV stays as it is).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub to: Option<ToArg>,

    #[command(flatten)]
    pub detect: DetectArgs,
}

/// How the report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    /// One self-contained page for the case file (use with -o).
    Html,
    /// SARIF 2.1.0, for CI and document-management dashboards.
    Sarif,
    /// One JSON line per file as soon as it is done, then a summary line.
    Jsonl,
}

/// Which verdict makes the exit status 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Block,
    Review,
}

/// When to colour the text report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Options shared by the commands that detect (scan, and later redact).
#[derive(Args, Debug, Clone)]
pub struct DetectArgs {
    /// Policy file (TOML) layered on the built-in default. One inside a
    /// scanned folder is refused (exit 2): its files are untrusted.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Configuration file (TOML: policy, roster, accept) instead of the
    /// foiguard.toml of the current folder.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore any foiguard.toml.
    #[arg(long)]
    pub no_config: bool,

    /// The organisation's own people (CSV with a header: name, surname,
    /// forename, initial, payroll_number, warrant_number, shoulder_number,
    /// email, ...), matched in every cell and part. Read as Excel saves it
    /// (UTF-8, Windows-1252 or UTF-16; commas, semicolons or tabs); a
    /// workbook (xlsx, xls, ods) is read sheet by sheet, each with its own
    /// header row. One with nothing to match is an error.
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Files or folders to scan.
    #[arg(required_unless_present = "stdin_paths", value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Read file names from standard input, one per line (for mail
    /// gateways and scripts).
    #[arg(long)]
    pub stdin_paths: bool,

    /// With --stdin-paths: names are separated by NUL bytes (find -print0).
    #[arg(short = '0', long = "null", requires = "stdin_paths")]
    pub null: bool,

    /// Write the report to this file (atomically) instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Findings an officer reviewed and accepted (TOML, see `foiguard accept`).
    #[arg(long, value_name = "FILE")]
    pub accept: Option<PathBuf>,

    /// Report format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,

    /// Exit 1 for files that need review too, not only blocked ones.
    #[arg(long, value_enum, default_value_t = FailOn::Block, value_name = "VERDICT")]
    pub fail_on: FailOn,

    /// Show values from the files unmasked in the report (handle with care).
    #[arg(long)]
    pub show_values: bool,

    /// Show `info` findings in the text report too.
    #[arg(short, long)]
    pub verbose: bool,

    /// Print only the summary line (and errors on stderr).
    #[arg(short, long)]
    pub quiet: bool,

    /// Colour the text report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(flatten)]
    pub detect: DetectArgs,
}
