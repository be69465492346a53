//! Every file of the real-world corpus (`../shared/corpus/real/`) gets a
//! verdict: no crash, no hang, one JSON document. Skipped with a message
//! when the corpus is absent.

mod support;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use support::*;

fn spreadsheet_like(p: &Path) -> bool {
    let e = p
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    matches!(
        e.as_str(),
        "xlsx" | "xlsm" | "xltx" | "xltm" | "xlsb" | "xls" | "ods" | "csv" | "tsv"
    )
}

/// Scan one file alone with the 60 s limit; describe what went wrong, if
/// anything.
fn scan_alone(p: &Path) -> Option<String> {
    let r = run_with_env(
        [
            OsStr::new("scan"),
            OsStr::new("--format"),
            OsStr::new("json"),
            p.as_os_str(),
        ],
        &[],
        Duration::from_secs(60),
    );
    if r.timed_out {
        return Some(format!("{}: hung (killed after 60 s)", p.display()));
    }
    if !matches!(r.code, Some(0..=2)) {
        return Some(format!(
            "{}: exit {:?} (crash?)\n{}",
            p.display(),
            r.code,
            r.stderr.lines().take(5).collect::<Vec<_>>().join("\n")
        ));
    }
    match serde_json::from_str::<Value>(&r.stdout) {
        Ok(doc) => {
            let v = doc["files"][0]["verdict"].as_str().unwrap_or("");
            if !["pass", "review", "block", "error"].contains(&v) {
                return Some(format!("{}: no verdict", p.display()));
            }
            None
        }
        Err(e) => Some(format!(
            "{}: stdout is not one JSON document ({e})",
            p.display()
        )),
    }
}

#[test]
fn every_corpus_file_gets_a_verdict() {
    let Some(corpus) = corpus_dir() else {
        println!("skipped: ../shared/corpus/real is absent");
        return;
    };
    let files: Vec<PathBuf> = files_under(&corpus)
        .into_iter()
        .filter(|p| spreadsheet_like(p))
        .collect();
    if files.is_empty() {
        println!("skipped: no spreadsheets under {}", corpus.display());
        return;
    }

    // One run over the whole corpus, as a user would do it.
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("scan"),
        OsStr::new("--format"),
        OsStr::new("json"),
    ];
    args.push(corpus.as_os_str());
    let whole = run_with_env(&args, &[], Duration::from_secs(120));
    let parsed = serde_json::from_str::<Value>(&whole.stdout);
    let whole_ok = !whole.timed_out && matches!(whole.code, Some(0..=2)) && parsed.is_ok();

    if whole_ok {
        let doc = parsed.expect("checked");
        let listed = doc["files"].as_array().cloned().unwrap_or_default();
        let mut missing = Vec::new();
        for p in &files {
            let found = listed.iter().find(|f| {
                f["path"].as_str().is_some_and(|s| {
                    Path::new(s).file_name() == p.file_name()
                        && Path::new(s).parent().and_then(|d| d.file_name())
                            == p.parent().and_then(|d| d.file_name())
                })
            });
            match found {
                Some(f)
                    if ["pass", "review", "block", "error"]
                        .contains(&f["verdict"].as_str().unwrap_or("")) => {}
                Some(f) => missing.push(format!("{}: no verdict: {f}", p.display())),
                None => missing.push(format!("{}: not in the report", p.display())),
            }
        }
        assert!(
            missing.is_empty(),
            "{} of {} corpus files lack a verdict:\n{}",
            missing.len(),
            files.len(),
            missing.join("\n")
        );
        let mut tally = std::collections::BTreeMap::new();
        for f in &listed {
            *tally
                .entry(f["verdict"].as_str().unwrap_or("?").to_string())
                .or_insert(0) += 1;
        }
        println!("corpus: {} files, verdicts {tally:?}", listed.len());
        return;
    }

    // The whole run failed: find the files responsible, one at a time.
    let mut problems = Vec::new();
    for p in &files {
        if let Some(msg) = scan_alone(p) {
            problems.push(msg);
        }
    }
    panic!(
        "scanning the whole corpus failed ({}); files that fail alone:\n{}\n--- whole run ---\n{}",
        if whole.timed_out {
            "hung"
        } else {
            "crash or bad JSON"
        },
        if problems.is_empty() {
            "(none alone)".to_string()
        } else {
            problems.join("\n")
        },
        whole.describe()
    );
}

/// The corpus's password-protected files must be errors saying so.
#[test]
fn corpus_password_protected_files_are_encrypted_errors() {
    let Some(corpus) = corpus_dir() else {
        println!("skipped: ../shared/corpus/real is absent");
        return;
    };
    let names = [
        "calamine/pass_protected.xlsx",
        "calamine/pass_protected.xlsb",
        "calamine/pass_protected.ods",
        "calamine/issue_385.xls",
    ];
    let paths: Vec<PathBuf> = names
        .iter()
        .map(|n| corpus.join(n))
        .filter(|p| p.is_file())
        .collect();
    if paths.is_empty() {
        println!("skipped: no password-protected corpus files found");
        return;
    }
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    let s = scan_paths(&refs, &[]);
    assert_eq!(s.code(), Some(2), "{}", s.run.describe());
    for p in &paths {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let f = s.file(name);
        assert_eq!(verdict(f), "error", "{name}\n{}", s.run.describe());
        let reason = f["error"].as_str().unwrap_or("").to_lowercase();
        assert!(
            reason.contains("encrypted"),
            "{name}: reason should say encrypted, got {reason:?}"
        );
    }
}
