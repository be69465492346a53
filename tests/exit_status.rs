//! Exit statuses, `--fail-on review`, the JSON document (also at exit 2),
//! folders, and the text report.

mod support;

use std::path::Path;

use serde_json::Value;
use support::fixtures::*;
use support::*;

#[test]
fn clean_file_exits_0() {
    let r = scan_one("clean.xlsx", &clean_counts_xlsx());
    assert_eq!(r.verdict(), "pass", "{}", r.describe());
    assert_eq!(r.scan.code(), Some(0), "{}", r.describe());
}

#[test]
fn block_file_exits_1() {
    let r = scan_one("hidden.xlsx", &hidden_sheet_xlsx(false));
    assert_eq!(r.verdict(), "block", "{}", r.describe());
    assert_eq!(r.scan.code(), Some(1), "{}", r.describe());
}

#[test]
fn review_file_exits_0_by_default() {
    let r = scan_one("comment.xlsx", &comment_xlsx());
    assert_eq!(r.verdict(), "review", "{}", r.describe());
    assert_eq!(r.scan.code(), Some(0), "{}", r.describe());
}

#[test]
fn fail_on_review_makes_review_exit_1() {
    let r = scan_bytes("comment.xlsx", &comment_xlsx(), &["--fail-on", "review"]);
    assert_eq!(r.verdict(), "review", "{}", r.describe());
    assert_eq!(r.scan.code(), Some(1), "{}", r.describe());
}

#[test]
fn fail_on_review_leaves_pass_at_0() {
    let r = scan_bytes("clean.xlsx", &clean_counts_xlsx(), &["--fail-on", "review"]);
    assert_eq!(r.scan.code(), Some(0), "{}", r.describe());
}

#[test]
fn fail_on_review_leaves_block_at_1() {
    let r = scan_bytes(
        "hidden.xlsx",
        &hidden_sheet_xlsx(false),
        &["--fail-on", "review"],
    );
    assert_eq!(r.scan.code(), Some(1), "{}", r.describe());
}

#[test]
fn unreadable_file_exits_2_with_one_json_document() {
    // scan_bytes already asserts stdout is exactly one JSON document.
    let r = scan_one("broken.xlsx", &random_bytes(3000, 1));
    assert_eq!(r.scan.code(), Some(2), "{}", r.describe());
    let f = r.file();
    assert_eq!(verdict(f), "error", "{}", r.describe());
    let reason = f["error"].as_str().unwrap_or("");
    assert!(
        !reason.trim().is_empty(),
        "error needs a reason\n{}",
        r.describe()
    );
    assert!(
        !reason.contains('\n'),
        "reason must be one line\n{}",
        r.describe()
    );
    assert_eq!(r.scan.json["summary"]["error"], 1, "{}", r.describe());
}

#[test]
fn error_beats_block_for_the_exit_status() {
    let dir = write_dir(&[
        ("hidden.xlsx", hidden_sheet_xlsx(false)),
        ("broken.xlsx", random_bytes(2000, 2)),
    ]);
    let s = scan_paths(&[dir.path()], &[]);
    assert_eq!(s.code(), Some(2), "{}", s.run.describe());
}

#[test]
fn folder_with_one_bad_file_still_reports_the_others() {
    let dir = write_dir(&[
        ("clean.xlsx", clean_counts_xlsx()),
        ("hidden.xlsx", hidden_sheet_xlsx(false)),
        ("comment.xlsx", comment_xlsx()),
        ("broken.xlsx", truncated(&clean_counts_xlsx(), 700)),
        ("sub/deeper/counts.csv", clean_counts_csv()),
    ]);
    let s = scan_paths(&[dir.path()], &[]);
    assert_eq!(s.code(), Some(2), "{}", s.run.describe());
    assert_eq!(
        verdict(s.file("clean.xlsx")),
        "pass",
        "{}",
        s.run.describe()
    );
    assert_eq!(
        verdict(s.file("hidden.xlsx")),
        "block",
        "{}",
        s.run.describe()
    );
    assert_eq!(
        verdict(s.file("comment.xlsx")),
        "review",
        "{}",
        s.run.describe()
    );
    assert_eq!(
        verdict(s.file("broken.xlsx")),
        "error",
        "{}",
        s.run.describe()
    );
    // Folders are recursive.
    assert_eq!(
        verdict(s.file("counts.csv")),
        "pass",
        "{}",
        s.run.describe()
    );
    let sum = &s.json["summary"];
    assert_eq!(sum["files"], 5, "{}", s.run.describe());
    assert_eq!(sum["pass"], 2, "{}", s.run.describe());
    assert_eq!(sum["review"], 1, "{}", s.run.describe());
    assert_eq!(sum["block"], 1, "{}", s.run.describe());
    assert_eq!(sum["error"], 1, "{}", s.run.describe());
}

#[test]
fn several_paths_are_all_reported() {
    let dir = write_dir(&[
        ("a.xlsx", clean_counts_xlsx()),
        ("b.csv", clean_counts_csv()),
    ]);
    let a = dir.path().join("a.xlsx");
    let b = dir.path().join("b.csv");
    let s = scan_paths(&[&a, &b], &[]);
    assert_eq!(s.files().len(), 2, "{}", s.run.describe());
    assert_eq!(s.code(), Some(0), "{}", s.run.describe());
}

#[test]
fn missing_path_exits_2_with_one_json_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("no_such_file.xlsx");
    let s = scan_paths(&[&missing], &[]);
    assert_eq!(s.code(), Some(2), "{}", s.run.describe());
}

#[test]
fn usage_errors_exit_2() {
    let dir = write_dir(&[("a.xlsx", clean_counts_xlsx())]);
    let a = dir.path().join("a.xlsx");
    let a = a.to_str().expect("utf-8 temp path");
    for args in [
        vec!["scan"],
        vec!["scan", "--format", "yaml", a],
        vec!["scan", "--no-such-option", a],
        vec!["scan", "--fail-on", "sometimes", a],
        vec!["no-such-command", a],
    ] {
        let r = run(&args);
        assert_eq!(r.code, Some(2), "args {args:?}\n{}", r.describe());
    }
}

/// Check the documented shape of the report.
fn check_schema(doc: &Value) {
    let files = doc["files"].as_array().expect("files array");
    let mut counts = [0u64; 4];
    for f in files {
        for key in ["path", "format", "verdict", "error", "findings"] {
            assert!(f.get(key).is_some(), "file entry lacks {key:?}: {f}");
        }
        assert!(f["path"].is_string(), "{f}");
        let v = f["verdict"].as_str().expect("verdict string");
        // An unrecognised file has no format; every other file names one.
        assert!(
            f["format"].is_string() || (v == "error" && f["format"].is_null()),
            "{f}"
        );
        assert!(["pass", "review", "block", "error"].contains(&v), "{f}");
        counts[["pass", "review", "block", "error"]
            .iter()
            .position(|x| *x == v)
            .unwrap_or(0)] += 1;
        if v == "error" {
            assert!(f["error"].is_string(), "error verdict needs a reason: {f}");
        } else {
            assert!(
                f["error"].is_null(),
                "\"error\" must be null unless error: {f}"
            );
        }
        for g in f["findings"].as_array().expect("findings array") {
            assert!(g["kind"].is_string(), "{g}");
            let sev = g["severity"].as_str().expect("severity");
            assert!(["info", "review", "block"].contains(&sev), "{g}");
            assert!(g["message"].as_str().is_some_and(|m| !m.is_empty()), "{g}");
            assert!(g["count"].is_u64(), "count must be a number: {g}");
            for opt in ["sheet", "cell", "part", "sample"] {
                if let Some(x) = g.get(opt) {
                    assert!(x.is_string() || x.is_null(), "{opt} must be a string: {g}");
                }
            }
        }
        // The verdict follows the findings.
        if v != "error" {
            let sevs: Vec<&str> = f["findings"]
                .as_array()
                .map(|a| a.iter().filter_map(|g| g["severity"].as_str()).collect())
                .unwrap_or_default();
            let expect = if sevs.contains(&"block") {
                "block"
            } else if sevs.contains(&"review") {
                "review"
            } else {
                "pass"
            };
            assert_eq!(v, expect, "verdict does not follow the findings: {f}");
        }
    }
    let s = &doc["summary"];
    assert_eq!(s["files"], files.len() as u64, "summary.files: {s}");
    assert_eq!(s["pass"], counts[0], "summary.pass: {s}");
    assert_eq!(s["review"], counts[1], "summary.review: {s}");
    assert_eq!(s["block"], counts[2], "summary.block: {s}");
    assert_eq!(s["error"], counts[3], "summary.error: {s}");
}

#[test]
fn json_report_has_the_documented_shape() {
    let dir = write_dir(&[
        ("clean.xlsx", clean_counts_xlsx()),
        ("hidden.xlsx", hidden_sheet_xlsx(true)),
        ("comment.xlsx", comment_xlsx()),
        ("formula.csv", formula_like_csv()),
        ("broken.xlsx", random_bytes(100, 3)),
    ]);
    let s = scan_paths(&[dir.path()], &[]);
    check_schema(&s.json);
    let f = s.file("broken.xlsx");
    assert!(f["findings"].is_array(), "{f}");
}

#[test]
fn values_are_masked_unless_show_values() {
    let bytes = hidden_sheet_xlsx(false);
    let masked = scan_one("hidden.xlsx", &bytes);
    for name in SURNAMES {
        assert!(
            !masked.scan.run.stdout.contains(name),
            "{name} appears unmasked without --show-values\n{}",
            masked.describe()
        );
    }
    let samples: Vec<&str> = findings(masked.file())
        .iter()
        .filter_map(|f| f["sample"].as_str())
        .collect();
    for s in &samples {
        assert!(
            s.contains('*') || s.chars().filter(|c| c.is_alphanumeric()).count() <= 1,
            "sample {s:?} does not look masked\n{}",
            masked.describe()
        );
    }
    let shown = scan_bytes("hidden.xlsx", &bytes, &["--show-values"]);
    let shown_samples: Vec<&str> = findings(shown.file())
        .iter()
        .filter_map(|f| f["sample"].as_str())
        .collect();
    if !samples.is_empty() {
        assert!(
            shown_samples.iter().any(|s| !s.contains('*')),
            "--show-values should show values unmasked\n{}",
            shown.describe()
        );
    }
}

#[test]
fn sheet_names_that_name_people_are_masked_unless_show_values() {
    // One tab per officer: the tab names are personal data.
    let mut wb = rust_xlsxwriter::Workbook::new();
    for tab in ["PC 4521 Henswick", "Overtime"] {
        let ws = wb.add_worksheet().set_name(tab).unwrap();
        ws.write(0, 0, "Month").unwrap();
        ws.write(0, 1, "Hours").unwrap();
        ws.write(1, 0, "April").unwrap();
        ws.write(1, 1, 12).unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    let masked = scan_bytes("tabs.xlsx", &bytes, &[]);
    assert_eq!(masked.file()["verdict"], "block", "{}", masked.describe());
    assert!(
        !masked.scan.run.stdout.contains("Henswick"),
        "a sheet name appears unmasked\n{}",
        masked.describe()
    );
    assert!(
        masked.scan.run.stdout.contains("Overtime"),
        "{}",
        masked.describe()
    );
    let text = run([
        Path::new("scan").as_os_str(),
        Path::new("--verbose").as_os_str(),
        masked.path.as_os_str(),
    ]);
    assert!(!text.stdout.contains("Henswick"), "{}", text.describe());
    let shown = scan_bytes("tabs.xlsx", &bytes, &["--show-values"]);
    assert!(
        shown.scan.run.stdout.contains("PC 4521 Henswick"),
        "{}",
        shown.describe()
    );
}

#[test]
fn text_report_is_the_default() {
    let dir = write_dir(&[("hidden.xlsx", hidden_sheet_xlsx(false))]);
    let p = dir.path().join("hidden.xlsx");
    let r = run([Path::new("scan").as_os_str(), p.as_os_str()]);
    assert_eq!(r.code, Some(1), "{}", r.describe());
    assert!(
        serde_json::from_str::<Value>(&r.stdout).is_err(),
        "the default report is text, not JSON\n{}",
        r.describe()
    );
    assert!(r.stdout.contains("hidden.xlsx"), "{}", r.describe());
    assert!(
        r.stdout.to_lowercase().contains("block"),
        "{}",
        r.describe()
    );
    assert!(
        !r.stdout.contains('\x1b'),
        "no colour when not a terminal\n{}",
        r.describe()
    );
    for name in SURNAMES {
        assert!(
            !r.stdout.contains(name),
            "{name} unmasked in text\n{}",
            r.describe()
        );
    }
}

#[test]
fn text_report_escapes_control_characters() {
    // A hidden sheet whose values and a comment carry terminal escapes.
    let bytes = xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        write_rank_counts(ws, &small_counts())?;
        ws.insert_note(
            1,
            1,
            &rust_xlsxwriter::Note::new("\x1b]0;owned\x07\x1b[2J note").set_author("\x1b[31mJ Q"),
        )?;
        let ws = wb.add_worksheet();
        ws.set_name("Staff")?;
        ws.write(0, 0, "\x1b[2J\x1b[31mVellacott\x07")?;
        ws.set_hidden(true);
        Ok(())
    });
    let dir = write_dir(&[("escapes.xlsx", bytes)]);
    let p = dir.path().join("escapes.xlsx");
    let r = run_with_env(
        [
            Path::new("scan").as_os_str(),
            Path::new("--show-values").as_os_str(),
            p.as_os_str(),
        ],
        &[("NO_COLOR", "1")],
        TIMEOUT,
    );
    assert_eq!(r.code, Some(1), "{}", r.describe());
    assert!(
        !r.stdout.contains('\x1b'),
        "raw ESC in the report\n{}",
        r.describe()
    );
    assert!(
        !r.stdout.contains('\x07'),
        "raw BEL in the report\n{}",
        r.describe()
    );
    assert!(
        !r.stderr.contains('\x1b'),
        "raw ESC on stderr\n{}",
        r.describe()
    );
}

/// Write a policy file next to the fixture and scan with `--policy`.
fn scan_with_policy(name: &str, bytes: &[u8], policy: &str) -> One {
    let dir = tempfile::tempdir().expect("tempdir");
    let pol = dir.path().join("policy.toml");
    std::fs::write(&pol, policy).expect("write policy");
    let pol = pol.to_str().expect("utf-8 temp path").to_string();
    let r = scan_bytes(name, bytes, &["--policy", &pol]);
    drop(dir);
    r
}

#[test]
fn policy_can_raise_a_kind_to_block() {
    let r = scan_with_policy(
        "comment.xlsx",
        &comment_xlsx(),
        "[severity]\ncomment = \"block\"\n",
    );
    r.expect_severity("comment", "block");
    assert_eq!(r.scan.code(), Some(1), "{}", r.describe());
}

#[test]
fn policy_can_lower_a_kind_to_info() {
    let r = scan_with_policy(
        "comment.xlsx",
        &comment_xlsx(),
        // The comment's author is a person (person_name, review): lower both.
        "[severity]\ncomment = \"info\"\nperson_name = \"info\"\n",
    );
    assert_eq!(r.verdict(), "pass", "{}", r.describe());
    assert_eq!(r.scan.code(), Some(0), "{}", r.describe());
}

#[test]
fn policy_limits_make_an_oversized_file_an_error() {
    let r = scan_with_policy(
        "hidden.xlsx",
        &hidden_sheet_xlsx(false),
        "[limits]\nmax_cells = 10\n",
    );
    assert_eq!(r.verdict(), "error", "{}", r.describe());
    assert_eq!(r.scan.code(), Some(2), "{}", r.describe());
}

#[test]
fn unreadable_policy_is_a_usage_error() {
    let dir = write_dir(&[
        ("a.xlsx", clean_counts_xlsx()),
        ("bad.toml", b"[severity\ncomment = ".to_vec()),
    ]);
    let a = dir.path().join("a.xlsx");
    let pol = dir.path().join("bad.toml");
    let missing = dir.path().join("missing.toml");
    for p in [&pol, &missing] {
        let r = run([
            Path::new("scan").as_os_str(),
            Path::new("--policy").as_os_str(),
            p.as_os_str(),
            a.as_os_str(),
        ]);
        assert_eq!(r.code, Some(2), "policy {}\n{}", p.display(), r.describe());
    }
}

#[test]
fn an_unknown_kind_in_the_severity_table_is_a_usage_error() {
    let dir = write_dir(&[("a.xlsx", comment_xlsx())]);
    let a = dir.path().join("a.xlsx");
    let pol = dir.path().join("typo.toml");
    for (text, key) in [
        ("[severity]\ncoment = \"block\"\n", "coment"),
        (
            "[severity]\n\"hiden_sheet.empty\" = \"block\"\n",
            "hiden_sheet.empty",
        ),
        ("[severity]\nperson_nme = \"info\"\n", "person_nme"),
    ] {
        std::fs::write(&pol, text).unwrap();
        for sub in ["scan", "rules"] {
            let mut args = vec![sub.as_ref(), "--policy".as_ref(), pol.as_os_str()];
            if sub == "scan" {
                args.push(a.as_os_str());
            }
            let r = run(&args);
            assert_eq!(r.code, Some(2), "{sub} {text}\n{}", r.describe());
            assert!(
                r.stderr.contains(&format!("{key:?}")) && r.stderr.contains("typo.toml"),
                "{}",
                r.describe()
            );
        }
    }
    // Kinds, kind.variant, content detectors and disabled detectors are fine.
    std::fs::write(
        &pol,
        "[severity]\ncomment = \"block\"\n\"hidden_sheet.empty\" = \"block\"\n\
         person_name = \"info\"\nvehicle_registration = \"block\"\n\
         [detectors]\ndisable = [\"vehicle_registration\"]\n",
    )
    .unwrap();
    let r = run([
        "scan".as_ref(),
        "--policy".as_ref(),
        pol.as_os_str(),
        a.as_os_str(),
    ]);
    assert_eq!(r.code, Some(1), "{}", r.describe());
}

#[test]
fn usage_errors_still_write_one_document_in_the_formats_programs_read() {
    let dir = write_dir(&[
        ("a.xlsx", clean_counts_xlsx()),
        ("bad.toml", b"[severity\ncomment = ".to_vec()),
    ]);
    let d = dir.path();
    let a = d.join("a.xlsx");
    let a = a.to_str().unwrap();
    let missing = d.join("missing.toml");
    let missing = missing.to_str().unwrap();
    let bad = d.join("bad.toml");
    let bad = bad.to_str().unwrap();
    for opts in [
        vec!["--policy", missing],
        vec!["--policy", bad],
        vec!["--roster", missing],
        vec!["--accept", missing],
        vec!["-o", a],
    ] {
        for format in ["json", "jsonl", "sarif"] {
            let mut args = vec!["scan", "--format", format];
            args.extend(opts.iter().copied());
            args.push(a);
            let r = run(&args);
            assert_eq!(r.code, Some(2), "{args:?}\n{}", r.describe());
            assert_eq!(r.stderr.lines().count(), 1, "{}", r.describe());
            let reason = r.stderr.trim_end().trim_start_matches("foiguard: ");
            match format {
                "json" => {
                    let v: Value = serde_json::from_str(&r.stdout)
                        .unwrap_or_else(|e| panic!("{e}: {args:?}\n{}", r.describe()));
                    assert_eq!(v["error"], reason, "{}", r.describe());
                    assert_eq!(v["files"][0]["verdict"], "error");
                    assert_eq!(v["summary"]["error"], 1);
                }
                "jsonl" => {
                    let last: Value = r
                        .stdout
                        .lines()
                        .map(|l| serde_json::from_str::<Value>(l).unwrap())
                        .next_back()
                        .unwrap();
                    assert_eq!(last["type"], "summary");
                    assert_eq!(last["error"], reason, "{}", r.describe());
                }
                _ => {
                    let v: Value = serde_json::from_str(&r.stdout).unwrap();
                    assert_eq!(v["runs"][0]["invocations"][0]["executionSuccessful"], false);
                }
            }
        }
    }
    // The input named by -o is never written, not even with the error document.
    assert_eq!(
        std::fs::read(d.join("a.xlsx")).unwrap(),
        clean_counts_xlsx()
    );
    // With -o elsewhere, the document goes there.
    let out = d.join("report.json");
    let r = run([
        "scan",
        "--format",
        "json",
        "--policy",
        missing,
        "-o",
        out.to_str().unwrap(),
        a,
    ]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(v["error"].as_str().unwrap().contains("missing.toml"), "{v}");
}

#[test]
fn error_reasons_mask_the_sheet_names_and_tags_they_quote() {
    // The second sheet ("PC 4521 Quillfeather") has no part: an error whose
    // reason names the sheet; and a sheet whose XML has a stray end tag.
    let mut wb = rust_xlsxwriter::Workbook::new();
    for tab in ["Counts", "PC 4521 Quillfeather"] {
        let ws = wb.add_worksheet().set_name(tab).unwrap();
        ws.write(0, 0, "Month").unwrap();
        ws.write(1, 0, "April").unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    let mut p = Package::open(&bytes);
    p.remove("xl/worksheets/sheet2.xml");
    let missing = p.to_bytes();
    let mut p = Package::open(&bytes);
    p.replace(
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        "</Quillfeather></sheetData>",
    );
    let malformed = p.to_bytes();
    let dir = write_dir(&[("missing.xlsx", missing), ("malformed.xlsx", malformed)]);
    let paths = [
        dir.path().join("missing.xlsx"),
        dir.path().join("malformed.xlsx"),
    ];
    for format in ["json", "text", "sarif", "jsonl", "html"] {
        let r = run([
            "scan".as_ref(),
            "--format".as_ref(),
            format.as_ref(),
            paths[0].as_os_str(),
            paths[1].as_os_str(),
        ]);
        assert_eq!(r.code, Some(2), "{format}\n{}", r.describe());
        assert_eq!(r.stderr.lines().count(), 2, "{}", r.describe());
        assert!(
            !r.stdout.contains("Quillfeather") && !r.stderr.contains("Quillfeather"),
            "{format}\n{}",
            r.describe()
        );
    }
    let r = run([
        "scan".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        paths[0].as_os_str(),
    ]);
    assert!(
        r.stderr.contains("sheet \"P* 4*** Q***********\""),
        "{}",
        r.describe()
    );
    // --show-values shows them.
    let r = run([
        "scan".as_ref(),
        "--show-values".as_ref(),
        paths[0].as_os_str(),
    ]);
    assert!(
        r.stderr.contains("PC 4521 Quillfeather"),
        "{}",
        r.describe()
    );
    // The redaction log and redact's messages mask them as well.
    let log = dir.path().join("log.csv");
    let r = run([
        "redact".as_ref(),
        paths[0].as_os_str(),
        "--out-dir".as_ref(),
        dir.path().join("out").as_os_str(),
        "--log".as_ref(),
        log.as_os_str(),
    ]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(!text.contains("Quillfeather"), "{text}");
    assert!(
        !r.stdout.contains("Quillfeather") && !r.stderr.contains("Quillfeather"),
        "{}",
        r.describe()
    );
}

/// A mistake in the policy's `[detectors]` table names the policy file, on
/// one line (a regex error spans several), in stderr and in the JSON report.
#[test]
fn a_detectors_mistake_names_the_policy_on_one_line() {
    let dir = write_dir(&[("a.xlsx", clean_counts_xlsx())]);
    let a = dir.path().join("a.xlsx");
    let pol = dir.path().join("force-policy.toml");
    for text in [
        "[[detectors.extra]]\nid = \"case_file\"\nkeywords = [\"cf\"]\nregex = 'CF-(\\d{6}'\n",
        "[detectors]\ndisable = [\"no_such_detector\"]\n",
        "[detectors]\nallow_patterns = [\"(\"]\n",
    ] {
        std::fs::write(&pol, text).unwrap();
        let r = run([
            "scan".as_ref(),
            "--no-config".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            "--policy".as_ref(),
            pol.as_os_str(),
            a.as_os_str(),
        ]);
        assert_eq!(r.code, Some(2), "{text}\n{}", r.describe());
        let line = r.stderr.trim_end();
        assert!(
            line.starts_with("foiguard: ") && line.contains("force-policy.toml: detectors"),
            "{text}\n{}",
            r.describe()
        );
        assert_eq!(line.lines().count(), 1, "{text}\n{}", r.describe());
        assert!(!line.contains("\\n"), "{}", r.describe());
        let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let error = json["error"].as_str().unwrap_or_default();
        assert!(
            error.contains("force-policy.toml") && !error.contains('\n'),
            "{error:?}"
        );
    }
}

/// A run stopped by a usage error replaces an earlier report named by `-o`
/// in every format: a case file never keeps yesterday's "pass".
#[test]
fn a_usage_error_replaces_an_earlier_report_in_every_format() {
    let dir = write_dir(&[("a.xlsx", clean_counts_xlsx())]);
    let a = dir.path().join("a.xlsx");
    let pol = dir.path().join("typo.toml");
    std::fs::write(&pol, "[severity]\ncoment = \"block\"\n").unwrap();
    for format in ["text", "html", "json", "jsonl", "sarif"] {
        let out = dir.path().join(format!("case.{format}"));
        std::fs::write(&out, "OLD REPORT: pass").unwrap();
        let r = run([
            "scan".as_ref(),
            "--no-config".as_ref(),
            "--format".as_ref(),
            format.as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
            "--policy".as_ref(),
            pol.as_os_str(),
            a.as_os_str(),
        ]);
        assert_eq!(r.code, Some(2), "{format}\n{}", r.describe());
        let written = std::fs::read_to_string(&out).unwrap();
        assert!(!written.contains("OLD REPORT"), "{format}: {written}");
        assert!(
            written.contains("usage error") && written.contains("typo.toml"),
            "{format}: {written}"
        );
    }
}

/// Nothing to inspect is said out loud: an empty `--stdin-paths` list (a
/// gateway's lost attachment list) is a usage error, exit 2; a folder with
/// no spreadsheet or CSV passes with a note on stderr.
#[test]
fn nothing_to_inspect_is_never_silent() {
    let r = run(["scan", "--no-config", "--stdin-paths", "--format", "json"]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(r.stderr.contains("no file names"), "{}", r.describe());
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(v["error"].as_str().is_some(), "{}", r.describe());

    let dir = write_dir(&[("letter.pdf", b"%PDF-1.4\n".to_vec())]);
    let r = run([
        "scan".as_ref(),
        "--no-config".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert!(r.stderr.contains("nothing inspected"), "{}", r.describe());
}

/// A file named twice (`a.csv ./a.csv`, or a folder and a file in it) is
/// scanned and counted once: the summary counts files, not names.
#[test]
fn a_file_named_twice_is_counted_once() {
    let dir = write_dir(&[
        ("a.csv", b"District,Incidents\nNorthgate,61\n".to_vec()),
        ("b.csv", b"District,Incidents\nRiverside,47\n".to_vec()),
    ]);
    let a = dir.path().join("a.csv");
    let again = dir.path().join(".").join("a.csv");
    let r = run([
        "scan".as_ref(),
        "--no-config".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        a.as_os_str(),
        again.as_os_str(),
        dir.path().as_os_str(),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["summary"]["files"], 2, "{}", r.describe());
    assert_eq!(v["files"].as_array().unwrap().len(), 2);
}
