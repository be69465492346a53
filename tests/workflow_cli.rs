//! Conventions: `explain`, shell completions, help with examples on every
//! subcommand, and the plain git hook of docs/hooks.md run as it stands.

mod support;

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;
use support::fixtures::*;
use support::*;

#[test]
fn explain_a_kind_lists_all_and_rejects_unknown_ones() {
    let r = run(["explain", "hidden_sheet"]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    for needle in [
        "Hidden sheet",
        "9,483",
        "Fix it by hand in Excel:",
        "Fix it by hand in LibreOffice Calc:",
        "s40(2)",
    ] {
        assert!(r.stdout.contains(needle), "{needle}\n{}", r.describe());
    }
    let r = run(["explain", "pivot_cache"]);
    assert!(r.stdout.contains("Islington"), "{}", r.describe());

    let r = run(["explain", "person_name", "--format", "json"]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["category"], "content");
    assert!(v["excel"].as_array().is_some_and(|a| !a.is_empty()));

    let r = run(["explain"]);
    assert_eq!(r.code, Some(0));
    for k in [
        "hidden_sheet",
        "pivot_cache",
        "lock_file",
        "person_name",
        "personnel_records",
    ] {
        assert!(r.stdout.contains(k), "{k}\n{}", r.describe());
    }
    let r = run(["explain", "no_such_kind"]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(r.stderr.contains("foiguard explain"), "{}", r.describe());
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let r = run(["completions", shell]);
        assert_eq!(r.code, Some(0), "{shell}: {}", r.describe());
        for word in ["foiguard", "scan", "watch", "explain", "--stdin-paths"] {
            assert!(r.stdout.contains(word), "{shell}: {word} missing");
        }
    }
    assert_eq!(run(["completions", "tcsh"]).code, Some(2));
}

#[test]
fn every_subcommand_has_help_with_examples() {
    for sub in [
        "scan",
        "redact",
        "watch",
        "accept",
        "explain",
        "completions",
    ] {
        let r = run([sub, "--help"]);
        assert_eq!(r.code, Some(0), "{sub}: {}", r.describe());
        assert!(
            r.stdout.contains("Examples:"),
            "{sub} --help has no examples\n{}",
            r.stdout
        );
        assert!(
            r.stdout.contains(&format!("foiguard {sub}")),
            "{sub}: examples use the subcommand"
        );
    }
    let r = run(["--help"]);
    assert!(r.stdout.contains("watch") && r.stdout.contains("completions"));
}

/// The script in docs/hooks.md, as documented.
fn hook_script() -> String {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/hooks.md"))
        .unwrap();
    let start = doc
        .find("```sh\n#!/bin/sh")
        .expect("hook script in docs/hooks.md")
        + "```sh\n".len();
    let len = doc[start..].find("```").unwrap();
    doc[start..start + len].to_string()
}

fn git(dir: &Path, args: &[&str], path: &str) -> std::process::Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .stdin(Stdio::null())
        .output()
        .expect("run git")
}

#[test]
fn the_documented_git_hook_stops_blocked_files_and_checks_what_is_staged() {
    if Command::new("git").arg("--version").output().is_err() {
        println!("SKIPPED: git is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    assert!(git(d, &["init", "-q"], &path).status.success());
    let hook = d.join(".git/hooks/pre-commit");
    std::fs::write(&hook, hook_script()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    // Nothing to check: the commit goes through.
    std::fs::write(d.join("notes.txt"), "minutes").unwrap();
    git(d, &["add", "notes.txt"], &path);
    let c = git(d, &["commit", "-q", "-m", "notes"], &path);
    assert!(c.status.success(), "{}", String::from_utf8_lossy(&c.stderr));

    // A clean CSV goes through.
    std::fs::create_dir(d.join("responses")).unwrap();
    std::fs::write(
        d.join("responses/Counts 2024.CSV"),
        "District,Incidents\nNorthgate,61\nRiverside,47\n",
    )
    .unwrap();
    git(d, &["add", "."], &path);
    let c = git(d, &["commit", "-q", "-m", "counts"], &path);
    assert!(
        c.status.success(),
        "{}{}",
        String::from_utf8_lossy(&c.stdout),
        String::from_utf8_lossy(&c.stderr)
    );

    // A workbook with a hidden staff sheet is stopped, even when the working
    // copy has been replaced by a harmless file after staging.
    std::fs::write(d.join("responses/staff.xlsx"), hidden_sheet_xlsx(false)).unwrap();
    git(d, &["add", "responses/staff.xlsx"], &path);
    std::fs::write(d.join("responses/staff.xlsx"), b"District,Incidents\n").unwrap();
    let c = git(d, &["commit", "-q", "-m", "staff"], &path);
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&c.stdout),
        String::from_utf8_lossy(&c.stderr)
    );
    assert!(!c.status.success(), "the commit must be stopped\n{out}");
    assert!(out.contains("BLOCK") && out.contains("staff.xlsx"), "{out}");
    assert!(out.contains("commit stopped"), "{out}");
    let log = git(d, &["log", "--oneline"], &path);
    assert_eq!(
        String::from_utf8_lossy(&log.stdout).lines().count(),
        2,
        "nothing committed"
    );
}

/// Two files whose names differ only in bytes that are not UTF-8 (a Latin-1
/// "é" and a cut-short UTF-8 "é") must be told apart in the report, or a
/// hook cannot say which one to hold back.
#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_stay_distinct_in_reports() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let staff = b"Name,Payroll number\nJane Quarrendon,825729\nTomas Brackley,825730\n";
    let clean = b"Rank,Officers\nConstable,120\nSergeant,31\n";
    let latin1 = dir.path().join(OsStr::from_bytes(b"caf\xe9.csv"));
    let cut = dir.path().join(OsStr::from_bytes(b"caf\xc3.csv"));
    std::fs::write(&latin1, staff).unwrap();
    std::fs::write(&cut, clean).unwrap();
    let s = scan_paths(&[dir.path()], &[]);
    let paths: Vec<&str> = s
        .files()
        .iter()
        .map(|f| f["path"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(paths.len(), 2, "{}", s.run.describe());
    let blocked = s
        .files()
        .iter()
        .find(|f| verdict(f) == "block")
        .unwrap_or_else(|| panic!("the staff list should block\n{}", s.run.describe()));
    let blocked = blocked["path"].as_str().unwrap_or("");
    assert!(blocked.ends_with("caf\\xe9.csv"), "{blocked}");
    assert!(
        paths.iter().any(|p| p.ends_with("caf\\xc3.csv")),
        "{paths:?}"
    );
    // The text report and stderr say the same.
    let t = run([OsStr::new("scan"), dir.path().as_os_str()]);
    assert!(t.stdout.contains("caf\\xe9.csv"), "{}", t.describe());
}
