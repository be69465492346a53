//! The `foiguard` binary: parse the command line, call the library, set the
//! exit status. Nothing else lives here.

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, ColorChoice, Command, FailOn, OutputFormat, ScanArgs};
use foiguard::finding::Verdict;
use foiguard::policy::Policy;
use foiguard::report::{escape::escape, json, text};
use foiguard::scan::Scanner;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Scan(args) => scan(args),
    };
    ExitCode::from(code)
}

fn load_policy(path: Option<&std::path::Path>) -> Result<Policy, String> {
    match path {
        Some(p) => Policy::load(p),
        None => Ok(Policy::default()),
    }
}

fn scan(args: ScanArgs) -> u8 {
    let policy = match load_policy(args.detect.policy.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("foiguard: {}", escape(&e));
            return 2;
        }
    };
    let mut scanner = Scanner::new(policy);
    scanner.show_values = args.show_values;
    let report = scanner.scan_paths(&args.paths);

    for f in report.files.iter().filter(|f| f.verdict == Verdict::Error) {
        let reason = f.error.as_deref().unwrap_or("could not be inspected");
        eprintln!("foiguard: {}: {}", escape(&f.path), escape(reason));
    }
    let out = match args.format {
        OutputFormat::Json => json::render(&report) + "\n",
        OutputFormat::Text if args.quiet => text::summary_line(&report) + "\n",
        OutputFormat::Text => {
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            };
            text::render(
                &report,
                text::Style {
                    color,
                    verbose: args.verbose,
                },
            )
        }
    };
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(out.as_bytes()).and_then(|_| stdout.flush()).is_err() {
        return 2;
    }
    report.exit_status(args.fail_on == FailOn::Review) as u8
}
