//! Reviewed exceptions (`foiguard accept`, `--accept`) and `foiguard.toml`
//! discovery, end to end through the binary.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;
use support::fixtures::*;
use support::*;

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run foiguard");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        timed_out: false,
    }
}

fn json_of(r: &Run) -> Value {
    serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("not one JSON document ({e})\n{}", r.describe()))
}

fn fill_in(text: &str) -> String {
    text.replace("FILL IN: who reviewed it", "A. Officer, Information Rights")
        .replace(
            "FILL IN: why it may be released as it is",
            "Reviewed: published elsewhere",
        )
        .replace("YYYY-MM-DD", "2024-06-03")
}

fn file<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("no {name} in {report}"))
}

#[test]
fn accepted_findings_stop_counting_until_the_file_changes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("outbox")).unwrap();
    std::fs::write(d.join("outbox/comment.xlsx"), comment_xlsx()).unwrap();
    std::fs::write(d.join("outbox/hidden.xlsx"), hidden_sheet_xlsx(false)).unwrap();

    let r = run_in(
        d,
        &["scan", "--format", "json", "-o", "report.json", "outbox"],
    );
    assert_eq!(r.code, Some(1), "{}", r.describe());

    // The template: one entry per block/review finding, placeholders to fill.
    let r = run_in(d, &["accept", "report.json", "-o", "accepted.toml"]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert!(
        r.stderr.contains("written; fill in reviewer"),
        "{}",
        r.describe()
    );
    let template = std::fs::read_to_string(d.join("accepted.toml")).unwrap();
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("report.json")).unwrap()).unwrap();
    let wanted: usize = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap())
        .filter(|x| x["severity"] != "info")
        .count();
    assert!(wanted >= 2);
    assert_eq!(template.matches("[[accept]]").count(), wanted, "{template}");
    assert!(template.contains("FILL IN"));

    // Not overwritten by accident.
    let r = run_in(d, &["accept", "report.json", "-o", "accepted.toml"]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(r.stderr.contains("--force"), "{}", r.describe());

    // As written, the file is refused: nothing is accepted by accident.
    let r = run_in(d, &["scan", "--accept", "accepted.toml", "outbox"]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(r.stderr.contains("placeholder"), "{}", r.describe());
    assert!(r.stdout.is_empty());

    // Filled in: every finding accepted, every file passes.
    std::fs::write(d.join("accepted.toml"), fill_in(&template)).unwrap();
    let r = run_in(
        d,
        &[
            "scan",
            "--format",
            "json",
            "--accept",
            "accepted.toml",
            "outbox",
        ],
    );
    assert_eq!(r.code, Some(0), "{}", r.describe());
    let v = json_of(&r);
    assert_eq!(v["summary"]["pass"], 2, "{}", r.describe());
    assert_eq!(v["summary"]["accepted"], wanted);
    assert!(v["accept"].as_str().unwrap().ends_with("accepted.toml"));
    for x in file(&v, "hidden.xlsx")["findings"].as_array().unwrap() {
        if x["severity"] != "info" {
            assert_eq!(x["accepted"], true, "{x}");
        }
    }
    // The text report marks them.
    let r = run_in(
        d,
        &["scan", "--accept", "accepted.toml", "outbox/hidden.xlsx"],
    );
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert!(r.stdout.contains("[accepted]"), "{}", r.describe());
    assert!(r.stdout.contains("accepted finding"), "{}", r.describe());

    // Drop one entry: that finding counts again.
    let filled = fill_in(&template);
    let partial: Vec<&str> = filled.split("\n[[accept]]").collect();
    let without_last = partial[..partial.len() - 1].join("\n[[accept]]");
    std::fs::write(d.join("partial.toml"), without_last).unwrap();
    let r = run_in(
        d,
        &[
            "scan",
            "--format",
            "json",
            "--accept",
            "partial.toml",
            "outbox",
        ],
    );
    assert_eq!(r.code.map(|c| c <= 1), Some(true), "{}", r.describe());
    assert!(
        json_of(&r)["summary"]["pass"].as_u64().unwrap() < 2,
        "{}",
        r.describe()
    );

    // Any change to the file invalidates its entries: the same workbook,
    // re-zipped (same content, other bytes), is checked afresh.
    let rezipped = Package::open(&hidden_sheet_xlsx(false)).to_bytes();
    assert_ne!(rezipped, hidden_sheet_xlsx(false));
    std::fs::write(d.join("outbox/hidden.xlsx"), rezipped).unwrap();
    let r = run_in(
        d,
        &[
            "scan",
            "--format",
            "json",
            "--accept",
            "accepted.toml",
            "outbox",
        ],
    );
    assert_eq!(r.code, Some(1), "{}", r.describe());
    let v = json_of(&r);
    assert_eq!(file(&v, "hidden.xlsx")["verdict"], "block");
    assert_eq!(file(&v, "comment.xlsx")["verdict"], "pass");
    assert!(
        file(&v, "hidden.xlsx")["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x.get("accepted").is_none())
    );
}

#[test]
fn foiguard_toml_is_used_named_and_never_taken_from_a_scanned_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("foi")).unwrap();
    std::fs::create_dir_all(d.join("outbox")).unwrap();
    // Needs review by default (a formula-like cell), blocked by the config's policy.
    std::fs::write(
        d.join("outbox/counts.csv"),
        "District,Incidents\nNorthgate,61\nRiverside,47\n=1+2,58\n",
    )
    .unwrap();
    std::fs::write(
        d.join("foi/policy.toml"),
        "[severity]\nformula_like_csv_cell = \"block\"\n",
    )
    .unwrap();
    std::fs::write(d.join("foiguard.toml"), "policy = \"foi/policy.toml\"\n").unwrap();

    let r = run_in(d, &["scan", "--format", "json", "outbox"]);
    assert_eq!(
        r.code,
        Some(1),
        "the config's policy blocks formula-like cells\n{}",
        r.describe()
    );
    let v = json_of(&r);
    assert!(
        v["config"].as_str().unwrap().ends_with("foiguard.toml"),
        "{v}"
    );
    assert!(
        v["policy"].as_str().unwrap().ends_with("policy.toml"),
        "{v}"
    );
    let r = run_in(d, &["scan", "--quiet", "outbox"]);
    assert!(
        r.stdout.contains("Config: ") && r.stdout.contains("foiguard.toml"),
        "{}",
        r.describe()
    );

    // --no-config and --policy on the command line win.
    let r = run_in(d, &["scan", "--format", "json", "--no-config", "outbox"]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert_eq!(json_of(&r)["config"], Value::Null);

    // Scanning the folder that holds foiguard.toml: refused, not used.
    let r = run_in(d, &["scan", "."]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(r.stderr.contains("untrusted"), "{}", r.describe());
    // Named explicitly, it is still a file under check: refused too (a
    // policy it named could have been swapped by whoever filled the folder).
    let r = run_in(
        d,
        &["scan", "--config", "foiguard.toml", "--format", "json", "."],
    );
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(
        r.stderr.contains("--config foiguard.toml lies inside"),
        "{}",
        r.describe()
    );

    // A foiguard.toml inside the scanned folder is never picked up.
    std::fs::write(d.join("outbox/foiguard.toml"), "policy = \"evil.toml\"\n").unwrap();
    let r = run_in(&d.join("foi"), &["scan", "--format", "json", "../outbox"]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert_eq!(json_of(&r)["config"], Value::Null);

    // A broken config is a usage error, not ignored.
    std::fs::write(d.join("foiguard.toml"), "polcy = 1\n").unwrap();
    let r = run_in(d, &["scan", "outbox"]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(
        r.stderr.contains("invalid configuration"),
        "{}",
        r.describe()
    );
}

#[test]
fn foiguard_toml_beside_the_scanned_files_is_never_used() {
    // The gateway's pattern: `cd attachments && foiguard scan *`, where a
    // sender attached a foiguard.toml and a policy that lets staff through.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::write(d.join("staff.xlsx"), hidden_sheet_xlsx(false)).unwrap();
    std::fs::write(
        d.join("weak.toml"),
        "[severity]\nhidden_sheet = \"info\"\npersonnel_records = \"info\"\n[content]\nstrong = \"info\"\nweak = \"info\"\n",
    )
    .unwrap();
    std::fs::write(d.join("foiguard.toml"), "policy = \"weak.toml\"\n").unwrap();
    std::fs::write(d.join("sub/foiguard.toml"), "policy = \"../weak.toml\"\n").unwrap();
    let r = run_in(d, &["scan", "--format", "json", "staff.xlsx"]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(
        r.stderr.contains("untrusted") && r.stderr.contains("staff.xlsx"),
        "{}",
        r.describe()
    );
    // The same through --stdin-paths, and from a sub-folder (`../staff.xlsx`).
    let out = Command::new(BIN)
        .args(["scan", "--stdin-paths"])
        .current_dir(d)
        .stdin(std::fs::File::open(write_names(d, "staff.xlsx\n")).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let r = run_in(&d.join("sub"), &["scan", "../staff.xlsx"]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    // --no-config ignores it.
    let r = run_in(d, &["scan", "--no-config", "staff.xlsx"]);
    assert_eq!(r.code, Some(1), "{}", r.describe());

    // --policy naming a file inside the scanned folder: refused, as its help says.
    std::fs::create_dir_all(d.join("outbox")).unwrap();
    std::fs::copy(d.join("staff.xlsx"), d.join("outbox/staff.xlsx")).unwrap();
    std::fs::copy(d.join("weak.toml"), d.join("outbox/weak.toml")).unwrap();
    let r = run_in(
        d,
        &[
            "scan",
            "--no-config",
            "--policy",
            "outbox/weak.toml",
            "outbox",
        ],
    );
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(
        r.stderr.contains("--policy outbox/weak.toml") && r.stderr.contains("untrusted"),
        "{}",
        r.describe()
    );
    let r = run_in(
        d,
        &["scan", "--no-config", "--policy", "weak.toml", "outbox"],
    );
    assert_eq!(
        r.code,
        Some(0),
        "a policy outside it is the officer's: {}",
        r.describe()
    );
}

fn write_names(d: &Path, names: &str) -> std::path::PathBuf {
    let p = d.join("sub/names.lst");
    std::fs::write(&p, names).unwrap();
    p
}

#[test]
fn an_acceptance_made_from_a_report_with_values_shown_holds_without_them() {
    // A visible tab named after an officer: the report masks the name
    // unless values are shown, and the fingerprint must not care which.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("DC Jane Quarrendon").unwrap();
    ws.write(0, 0, "Overtime hours").unwrap();
    ws.write(1, 0, 12).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("tab.xlsx"), wb.save_to_buffer().unwrap()).unwrap();

    let r = run_in(
        d,
        &[
            "scan",
            "--show-values",
            "--format",
            "json",
            "-o",
            "shown.json",
            "tab.xlsx",
        ],
    );
    assert_eq!(r.code, Some(1), "{}", r.describe());
    let shown = std::fs::read_to_string(d.join("shown.json")).unwrap();
    assert!(shown.contains("DC Jane Quarrendon"), "{shown}");
    let masked = json_of(&run_in(d, &["scan", "--format", "json", "tab.xlsx"]));
    let fingerprints = |v: &Value| -> Vec<String> {
        v["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["fingerprint"].as_str().unwrap().to_string())
            .collect()
    };
    let shown: Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(fingerprints(&shown), fingerprints(&masked));

    let r = run_in(d, &["accept", "shown.json", "-o", "accepted.toml"]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    let template = std::fs::read_to_string(d.join("accepted.toml")).unwrap();
    std::fs::write(d.join("accepted.toml"), fill_in(&template)).unwrap();
    let r = run_in(
        d,
        &["scan", "--quiet", "--accept", "accepted.toml", "tab.xlsx"],
    );
    assert_eq!(r.code, Some(0), "{}", r.describe());
}
