//! The command line: subcommands, options and help with examples.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Examples:
  foiguard scan response.xlsx              check one file before it is released
  foiguard scan outbox/                    check a whole folder (recursively, in parallel)
  foiguard scan --format json outbox/      machine-readable, for pre-send hooks

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
}

/// How the report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
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
    /// Policy file (TOML) layered on the built-in default. Never picked up
    /// from inside a scanned folder.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Files or folders to scan.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

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
