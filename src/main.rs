//! The `foiguard` binary: parse the command line, call the library, set the
//! exit status. Nothing else lives here.

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use cli::{
    AcceptArgs, Cli, ColorChoice, Command, CompletionsArgs, DetectArgs, ExplainArgs, ExplainFormat,
    FailOn, MaskArg, OutputFormat, RedactArgs, ScanArgs, ToArg, WatchArgs,
};
use foiguard::config::Config;
use foiguard::finding::Verdict;
use foiguard::report::output::{Output, write_atomic};
use foiguard::report::{
    escape::{escape, shown_path},
    html, json, jsonl, progress, sarif, text,
};
use foiguard::scan::Scanner;

fn main() -> ExitCode {
    init_thread_pool();
    foiguard::interrupt::install();
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Scan(args) => scan(args),
        Command::Redact(args) => redact(args),
        Command::Watch(args) => watch(args),
        Command::Accept(args) => accept(args),
        Command::Explain(args) => explain(args),
        Command::Completions(args) => completions(args),
        Command::Rules(args) => rules(args),
    };
    ExitCode::from(code)
}

/// Most worker threads by default. Each thread costs its stack and, with
/// glibc, a 64 MiB malloc arena of address space: uncapped on a 64-core
/// machine they alone would fill the 2 GiB address space the tool must work
/// in (`ulimit -v 2097152`). `RAYON_NUM_THREADS` still overrides.
const MAX_THREADS: usize = 8;

fn init_thread_pool() {
    if std::env::var_os("RAYON_NUM_THREADS").is_some() {
        return;
    }
    let n = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_THREADS);
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build_global();
}

/// A scanner with the configuration in force (policy, accepted findings).
fn configured_scanner(
    detect: &DetectArgs,
    accept: Option<&std::path::Path>,
    scanned: &[std::path::PathBuf],
) -> Result<Scanner, String> {
    use foiguard::config::refuse_inside_scanned;
    if let Some(p) = &detect.policy {
        refuse_inside_scanned("--policy", p, scanned)?;
    }
    if let Some(p) = accept {
        refuse_inside_scanned("--accept", p, scanned)?;
    }
    if let Some(p) = &detect.config
        && !detect.no_config
    {
        refuse_inside_scanned("--config", p, scanned)?;
    }
    let config = Config::resolve(detect.config.as_deref(), detect.no_config, scanned)?;
    config.refuse_inside_scanned(scanned)?;
    config.scanner(detect.policy.as_deref(), detect.roster.as_deref(), accept)
}

fn scan(args: ScanArgs) -> u8 {
    let mut paths = args.paths.clone();
    if args.stdin_paths {
        match foiguard::walk::paths_from_reader(std::io::stdin().lock(), args.null) {
            // A gateway whose attachment list got lost must not hear "send".
            Ok(p) if p.is_empty() && paths.is_empty() => {
                let why = "usage: --stdin-paths: no file names on standard input";
                return scan_usage_error(&args, &paths, why, true);
            }
            Ok(p) => paths.extend(p),
            Err(e) => {
                let why = format!("cannot read file names from standard input: {e}");
                return scan_usage_error(&args, &paths, &why, true);
            }
        }
    }
    // The report never replaces a file the scan reads (`-o in.xlsx in.xlsx`,
    // or a file inside a scanned folder).
    if let Some(o) = &args.output {
        let mut skipped = Vec::new();
        let inputs = foiguard::walk::input_files(&foiguard::walk::targets(&paths, &mut skipped));
        if foiguard::walk::is_input(o, &inputs) {
            let why = format!(
                "usage: -o {} is a file being scanned; scan never writes to its inputs",
                shown_path(o)
            );
            return scan_usage_error(&args, &paths, &why, false);
        }
    }
    let mut scanner = match configured_scanner(&args.detect, args.accept.as_deref(), &paths) {
        Ok(s) => s,
        Err(e) => return scan_usage_error(&args, &paths, &e, true),
    };
    scanner.show_values = args.show_values;
    // The text report never shows the files' hashes.
    scanner.hash_files = args.format != OutputFormat::Text;
    let mut out = match Output::open(args.output.as_deref()) {
        Ok(o) => o,
        Err(e) => return scan_usage_error(&args, &paths, &e, false),
    };
    // The whole report, kept so that an `-o` that fails while taking it
    // (a full disk) still leaves the document on stdout.
    let mut written: Option<String> = None;
    let report = if args.format == OutputFormat::Jsonl {
        match jsonl::stream(&scanner, &paths, &mut out) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("foiguard: cannot write the report: {e}");
                return 2;
            }
        }
    } else {
        let bar =
            args.format == OutputFormat::Text && !args.quiet && progress::stderr_is_terminal();
        let report = progress::scan_with_progress(&scanner, &paths, bar);
        let body = match args.format {
            OutputFormat::Json | OutputFormat::Jsonl => json::render(&report) + "\n",
            OutputFormat::Html => html::render(&report),
            OutputFormat::Sarif => sarif::render(&report) + "\n",
            OutputFormat::Text if args.quiet => text::summary_line(&report) + "\n",
            OutputFormat::Text => {
                let color = match args.color {
                    ColorChoice::Always => true,
                    ColorChoice::Never => false,
                    ColorChoice::Auto => {
                        args.output.is_none()
                            && std::io::stdout().is_terminal()
                            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    }
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
        if let Err(e) = out.write_all(body.as_bytes()) {
            return report_to_stdout(&args, &body, &e);
        }
        written = Some(body);
        report
    };

    for f in report.files.iter().filter(|f| f.verdict == Verdict::Error) {
        let reason = f.error.as_deref().unwrap_or("could not be inspected");
        eprintln!("foiguard: {}: {}", escape(&f.path), escape(reason));
    }
    if report.files.is_empty() {
        eprintln!(
            "foiguard: nothing inspected: no spreadsheet or CSV file in the paths given \
             (a file named on the command line is read whatever its extension)"
        );
    }
    if let Err(e) = out.finish() {
        return match &written {
            Some(body) => report_to_stdout(&args, body, &e),
            None => {
                eprintln!("foiguard: cannot write the report: {e}");
                2
            }
        };
    }
    // The process ends here: freeing a roster's maps one by one (tens of
    // thousands of entries) would only delay the exit status.
    std::mem::forget(scanner);
    report.exit_status(args.fail_on == FailOn::Review) as u8
}

/// `-o` could not take the report (`e`): say so and, when `-o` named a
/// file, write the report to stdout instead, so a program reading the
/// output still gets its one document. Exit status 2 either way.
fn report_to_stdout(args: &ScanArgs, body: &str, e: &std::io::Error) -> u8 {
    eprintln!("foiguard: cannot write the report: {e}");
    if args.output.is_some() {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        if stdout
            .write_all(body.as_bytes())
            .and_then(|_| stdout.flush())
            .is_ok()
        {
            eprintln!("foiguard: the report was written to standard output instead");
        }
    }
    2
}

/// A usage error of `scan`: the reason on stderr and, for the formats
/// programs read (json, jsonl, sarif), still one document saying so — to
/// `-o` when `to_output` and it can be written, else to stdout. Exit 2.
fn scan_usage_error(
    args: &ScanArgs,
    paths: &[std::path::PathBuf],
    why: &str,
    to_output: bool,
) -> u8 {
    use foiguard::report::usage;
    eprintln!("foiguard: {}", escape(why));
    let doc = match args.format {
        OutputFormat::Json => usage::json(paths, why),
        OutputFormat::Jsonl => usage::jsonl(paths, why),
        OutputFormat::Sarif => usage::sarif(paths, why),
        OutputFormat::Html => usage::html(paths, why),
        // On a terminal the stderr line says it all; a report file must
        // not keep an earlier run's "pass".
        OutputFormat::Text if args.output.is_some() && to_output => usage::text(paths, why),
        OutputFormat::Text => return 2,
    };
    let target = if to_output {
        args.output.as_deref()
    } else {
        None
    };
    let mut out = Output::open(target).unwrap_or_else(|_| Output::Stdout(std::io::stdout()));
    let _ = out.write_all(doc.as_bytes());
    let _ = out.finish();
    2
}

fn redact(args: RedactArgs) -> u8 {
    use foiguard::redact::{self, Destination, Options, Redactor, mask::MaskMode};
    // The same scanner as `scan` (policy and roster from the configuration).
    let scanner = match configured_scanner(&args.detect, None, &args.inputs) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("foiguard: {}", escape(&e));
            return 2;
        }
    };
    let options = Options {
        mask: match args.mask {
            MaskArg::Label => MaskMode::Label,
            MaskArg::Blank => MaskMode::Blank,
            MaskArg::Partial => MaskMode::Partial,
        },
        to: args.to.map(|t| match t {
            ToArg::Xlsx => redact::OutputFormat::Xlsx,
            ToArg::Csv => redact::OutputFormat::Csv,
        }),
        force: args.force,
        roster: None,
    };
    let dest = match (args.output, args.out_dir) {
        (Some(o), _) => Destination::File(o),
        (None, Some(d)) => Destination::Dir(d),
        (None, None) => {
            eprintln!("foiguard: say where the copy goes: -o FILE or --out-dir DIR");
            return 2;
        }
    };
    let redactor = match Redactor::with_scanner(scanner, options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("foiguard: {}", escape(&e));
            return 2;
        }
    };
    let report = redact::redact_paths_with(&redactor, &args.inputs, &dest, args.log.as_deref());
    if let Some(e) = &report.log_error {
        eprintln!("foiguard: {}", escape(e));
    }
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(report.render_text().as_bytes())
        .and_then(|_| stdout.flush())
        .is_err()
    {
        return 2;
    }
    // Each input that could not be redacted, also on stderr (as `scan` does).
    for line in report.error_lines() {
        eprintln!("foiguard: {line}");
    }
    report.exit_status()
}

fn watch(args: WatchArgs) -> u8 {
    use foiguard::watch;
    let scanner = match configured_scanner(
        &args.detect,
        args.accept.as_deref(),
        std::slice::from_ref(&args.outbox),
    ) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("foiguard: {}", escape(&e));
            return 2;
        }
    };
    let redactor = if args.redact {
        match foiguard::redact::Redactor::new(scanner.policy.clone(), Default::default()) {
            Ok(r) => Some(r),
            Err(e) => {
                eprintln!("foiguard: {}", escape(&e));
                return 2;
            }
        }
    } else {
        None
    };
    let Some(interval) = std::time::Duration::try_from_secs_f64(args.interval)
        .ok()
        .filter(|d| !d.is_zero())
    else {
        eprintln!("foiguard: --interval must be a number of seconds above 0");
        return 2;
    };
    let opts = watch::Options {
        outbox: args.outbox,
        release: args.release,
        quarantine: args.quarantine,
        state: args.state,
        redact: args.redact,
        interval,
        stable_polls: args.stable,
        once: args.once,
    };
    match watch::run(opts, scanner, redactor, args.quiet) {
        Ok(outcome) => outcome.exit_status(),
        Err(e) => {
            eprintln!("foiguard: {}", escape(&e));
            2
        }
    }
}

fn accept(args: AcceptArgs) -> u8 {
    let text = match std::fs::read_to_string(&args.report) {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "foiguard: {}: cannot read: {e}",
                escape(&shown_path(&args.report))
            );
            return 2;
        }
    };
    let template = match foiguard::accept::template_from_report(&text, &shown_path(&args.report)) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("foiguard: {}", escape(&e));
            return 2;
        }
    };
    match &args.output {
        Some(o) => {
            if !args.force && std::fs::symlink_metadata(o).is_ok() {
                eprintln!(
                    "foiguard: {} exists (it may hold reviewed entries); use --force to replace it",
                    escape(&shown_path(o))
                );
                return 2;
            }
            if let Err(e) = write_atomic(o, template.text.as_bytes()) {
                eprintln!("foiguard: {}", escape(&e));
                return 2;
            }
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(template.text.as_bytes())
                .and_then(|_| stdout.flush())
                .is_err()
            {
                return 2;
            }
        }
    }
    eprintln!(
        "foiguard: {} entr{} written; fill in reviewer, date and reason, and delete the entries you do not accept{}",
        template.entries,
        if template.entries == 1 { "y" } else { "ies" },
        if template.not_inspected > 0 {
            format!(
                " ({} not inspected cannot be accepted)",
                foiguard::numbers::count(template.not_inspected as u64, "file", "files")
            )
        } else {
            String::new()
        }
    );
    0
}

fn explain(args: ExplainArgs) -> u8 {
    let text = match &args.kind {
        None => foiguard::explain::render_list(),
        Some(kind) => match foiguard::explain::explain(kind) {
            Some(e) if args.format == ExplainFormat::Json => {
                serde_json::to_string_pretty(&e).unwrap_or_default() + "\n"
            }
            Some(e) => foiguard::explain::render_text(&e),
            None => {
                eprintln!(
                    "foiguard: unknown kind {:?}; `foiguard explain` lists them",
                    escape(kind)
                );
                return 2;
            }
        },
    };
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
        .is_err()
    {
        return 2;
    }
    0
}

fn completions(args: CompletionsArgs) -> u8 {
    use clap::CommandFactory;
    clap_complete::generate(
        args.shell,
        &mut Cli::command(),
        "foiguard",
        &mut std::io::stdout(),
    );
    0
}

fn rules(args: cli::RulesArgs) -> u8 {
    let scanner = match configured_scanner(&args.detect, None, &[]) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("foiguard: {}", escape(&e));
            return 2;
        }
    };
    let rules = foiguard::rules::rules(&scanner);
    let out = match args.format {
        cli::RulesFormat::Text => foiguard::rules::render(&rules),
        cli::RulesFormat::Json => serde_json::to_string_pretty(&rules).unwrap_or_default() + "\n",
    };
    print!("{out}");
    0
}
