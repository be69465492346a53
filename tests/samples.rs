//! The bundled samples: they match the generator, each gets the verdict and
//! findings `samples/README.md` promises, and planted surnames never show
//! unmasked unless `--show-values`.

mod support;

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::PathBuf;

use support::fixtures::{SURNAMES, samples};
use support::*;

fn samples_dir() -> PathBuf {
    manifest_dir().join("samples")
}

/// One row of the README table: file, verdict, kinds it must report.
struct Expect {
    file: String,
    verdict: String,
    kinds: Vec<String>,
}

fn readme_table() -> Vec<Expect> {
    let text = std::fs::read_to_string(samples_dir().join("README.md")).expect("samples/README.md");
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if !line.starts_with("| `") {
            continue;
        }
        let cols: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cols.len() < 3 {
            continue;
        }
        let ticks = |s: &str| -> Vec<String> {
            s.split('`')
                .enumerate()
                .filter(|(i, _)| i % 2 == 1)
                .map(|(_, t)| t.to_string())
                .filter(|t| !t.is_empty())
                .collect()
        };
        let file = ticks(cols[0]).into_iter().next().unwrap_or_default();
        out.push(Expect {
            file,
            verdict: cols[1].to_string(),
            kinds: ticks(cols[2]),
        });
    }
    out
}

#[test]
fn committed_samples_match_the_generator() {
    let mut stale = Vec::new();
    for (name, bytes) in samples() {
        let path = samples_dir().join(name);
        match std::fs::read(&path) {
            Ok(b) if b == bytes => {}
            Ok(_) => stale.push(format!("{name} differs")),
            Err(e) => stale.push(format!("{name}: {e}")),
        }
    }
    assert!(
        stale.is_empty(),
        "samples are out of date; run `cargo run --example make_samples`:\n{}",
        stale.join("\n")
    );
}

#[test]
fn readme_lists_every_sample() {
    let table: BTreeSet<String> = readme_table().into_iter().map(|e| e.file).collect();
    let made: BTreeSet<String> = samples().into_iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        table, made,
        "samples/README.md table and fixtures::samples() disagree"
    );
}

#[test]
fn samples_get_their_documented_verdicts() {
    let dir = samples_dir();
    let s = scan_paths(&[&dir], &[]);
    let mut wrong = Vec::new();
    for e in readme_table() {
        let f = s.file(&e.file);
        if verdict(f) != e.verdict {
            wrong.push(format!(
                "{}: verdict {} (expected {}){}",
                e.file,
                verdict(f),
                e.verdict,
                f["error"]
                    .as_str()
                    .map(|r| format!(" — {r}"))
                    .unwrap_or_default()
            ));
        }
        for k in &e.kinds {
            if with_kind(f, k).is_empty() {
                wrong.push(format!("{}: no {k} finding", e.file));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{}\n{}",
        wrong.join("\n"),
        s.run.describe()
    );
    assert_eq!(
        s.code(),
        Some(1),
        "samples/ holds block files\n{}",
        s.run.describe()
    );
}

#[test]
fn scanning_the_samples_folder_lists_only_the_samples() {
    // README.md and make_samples.rs sit in samples/ too; a folder scan
    // should report spreadsheets and CSVs, not documentation and code.
    let dir = samples_dir();
    let s = scan_paths(&[&dir], &[]);
    let listed: BTreeSet<String> = s
        .files()
        .iter()
        .filter_map(|f| f["path"].as_str())
        .filter_map(|p| {
            std::path::Path::new(p)
                .file_name()?
                .to_str()
                .map(String::from)
        })
        .collect();
    let made: BTreeSet<String> = samples().into_iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(listed, made, "{}", s.run.describe());
}

#[test]
fn masked_reports_never_show_a_planted_surname() {
    let dir = samples_dir();
    let s = scan_paths(&[&dir], &[]);
    for name in SURNAMES {
        assert!(
            !s.run.stdout.contains(name),
            "{name} appears unmasked in the JSON report\n{}",
            s.run.describe()
        );
    }
    let t = run([OsStr::new("scan"), dir.as_os_str()]);
    for name in SURNAMES {
        assert!(
            !t.stdout.contains(name),
            "{name} appears unmasked in the text report\n{}",
            t.describe()
        );
    }
}

#[test]
fn show_values_reveals_what_masking_hid() {
    let dir = samples_dir();
    let masked = scan_paths(&[&dir], &[]);
    let any_masked_sample = masked
        .files()
        .iter()
        .flat_map(findings)
        .any(|f| f["sample"].as_str().is_some_and(|s| s.contains('*')));
    if !any_masked_sample {
        println!("no masked samples in the report; nothing to reveal");
        return;
    }
    let shown = scan_paths(&[&dir], &["--show-values"]);
    assert!(
        SURNAMES.iter().any(|n| shown.run.stdout.contains(n)),
        "--show-values should show at least one planted surname\n{}",
        shown.run.describe()
    );
}
