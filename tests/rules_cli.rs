//! `foiguard rules` lists every detector with its severity under the policy
//! in force and its FOIA exemption; `--roster` is accepted by scan.

use std::process::Command;

fn foiguard(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_foiguard"))
        .args(args)
        .output()
        .expect("run foiguard")
}

#[test]
fn rules_list_structural_and_content_kinds_with_policy_severity() {
    let out = foiguard(&["rules", "--no-config", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let rules = v.as_array().expect("array");
    let find = |k: &str| {
        rules
            .iter()
            .find(|r| r["kind"] == k)
            .unwrap_or_else(|| panic!("no rule {k}"))
    };
    assert_eq!(find("hidden_sheet")["severity"], "block");
    assert_eq!(find("comment")["severity"], "review");
    assert_eq!(find("ni_number")["exemption"], "s40(2)");
    assert_eq!(find("lock_file")["exemption"], "s40(2)");

    let dir = tempfile::tempdir().expect("tmp");
    let policy = dir.path().join("p.toml");
    std::fs::write(&policy, "[severity]\ncomment = \"block\"\n").expect("write");
    let out = foiguard(&[
        "rules",
        "--no-config",
        "--format",
        "json",
        "--policy",
        policy.to_str().expect("utf8"),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let comment = v
        .as_array()
        .expect("array")
        .iter()
        .find(|r| r["kind"] == "comment")
        .cloned();
    assert_eq!(comment.expect("comment")["severity"], "block");
}

#[test]
fn roster_flag_matches_an_invented_name_only_the_roster_knows() {
    let dir = tempfile::tempdir().expect("tmp");
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "surname,forename,payroll_number\nZellgrove,Tamsin,824417\n",
    )
    .expect("write");
    let csv = dir.path().join("notes.csv");
    std::fs::write(
        &csv,
        "Ward,Note\nNorth,Handed over to Tamsin Zellgrove today\n",
    )
    .expect("write");
    let path = csv.to_str().expect("utf8");
    let without = foiguard(&["scan", "--no-config", "--format", "json", path]);
    let with = foiguard(&[
        "scan",
        "--no-config",
        "--format",
        "json",
        "--roster",
        roster.to_str().expect("utf8"),
        path,
    ]);
    let kinds = |o: &std::process::Output| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        v["files"][0]["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["kind"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert!(!kinds(&without).contains(&"roster_match".to_string()));
    assert!(
        kinds(&with).contains(&"roster_match".to_string()),
        "{:?}",
        kinds(&with)
    );
    assert_eq!(with.status.code(), Some(1));
}
