//! `foiguard redact` on the command line: exit statuses, refusing to
//! overwrite, folder mode, `--to csv`, the log, and that a failure leaves
//! no file behind.

mod support;

use std::path::Path;

use support::fixtures as fx;
use support::run;

fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(
                    p.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn one_file_with_a_log() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("response.xlsx");
    std::fs::write(&input, fx::hidden_sheet_xlsx(true)).unwrap();
    let out = dir.path().join("response.clean.xlsx");
    let log = dir.path().join("response.redactions.csv");
    let r = run(["redact", s(&input), "-o", s(&out), "--log", s(&log)]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert!(
        r.stdout.contains("clean") && r.stdout.contains("response.clean.xlsx"),
        "{}",
        r.describe()
    );
    assert_eq!(
        files(dir.path()),
        [
            "response.clean.xlsx",
            "response.redactions.csv",
            "response.xlsx"
        ]
    );
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.starts_with("file,sheet,location,kind,action,exemption,sample,detail\r\n"),
        "{text}"
    );
    assert!(
        text.contains("hidden_sheet,removed very hidden sheet,s40(2)"),
        "{text}"
    );
    // The copy keeps the summary's small counts, for the officer to decide.
    assert!(text.contains(",summary,written for review,"), "{text}");
    // Nothing in the copy blocks.
    let r = run(["scan", s(&out)]);
    assert_eq!(r.code, Some(0), "{}", r.describe());

    // JSON log by extension.
    let out2 = dir.path().join("again.xlsx");
    let log2 = dir.path().join("log.json");
    let r = run([
        "redact",
        s(&input),
        "-o",
        s(&out2),
        "--log",
        s(&log2),
        "--mask",
        "blank",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&log2).unwrap()).unwrap();
    assert!(
        v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "summary")
    );
}

#[test]
fn refuses_to_overwrite_unless_forced_and_never_writes_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("counts.xlsx");
    let bytes = fx::clean_counts_xlsx();
    std::fs::write(&input, &bytes).unwrap();
    let out = dir.path().join("counts.clean.xlsx");
    std::fs::write(&out, b"keep me").unwrap();
    let r = run(["redact", s(&input), "-o", s(&out)]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(r.stdout.contains("--force"), "{}", r.describe());
    assert_eq!(std::fs::read(&out).unwrap(), b"keep me");
    let r = run(["redact", s(&input), "-o", s(&out), "--force"]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
    // The input as output: refused, even with --force (a copy of it is .xlsx too).
    let r = run(["redact", s(&input), "-o", s(&input), "--force"]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert_eq!(std::fs::read(&input).unwrap(), bytes);
    assert_eq!(files(dir.path()), ["counts.clean.xlsx", "counts.xlsx"]);
}

#[test]
fn no_copy_and_no_log_ever_replaces_an_input_of_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = fx::clean_counts_xlsx();
    let a = dir.path().join("r.xlsx");
    // An earlier copy given as an input too: r.xlsx's copy would be its name.
    let b = dir.path().join("r.clean.xlsx");
    std::fs::write(&a, &bytes).unwrap();
    std::fs::write(&b, &bytes).unwrap();
    let out = dir.path().join("out");
    // The log named as an input: refused before anything is written.
    let r = run([
        "redact",
        "--force",
        "--out-dir",
        s(&out),
        "--log",
        s(&a),
        s(&a),
    ]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(r.stderr.contains("is an input"), "{}", r.describe());
    assert!(!out.exists(), "nothing written");
    // A copy that would land on another input: that file is refused.
    let r = run([
        "redact",
        "--force",
        "--out-dir",
        s(dir.path()),
        s(&b),
        s(&a),
    ]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(r.stdout.contains("is an input"), "{}", r.describe());
    assert_eq!(std::fs::read(&a).unwrap(), bytes);
    assert_eq!(std::fs::read(&b).unwrap(), bytes);
    // The log as the copy, or in a folder that does not exist: refused first.
    let copy = dir.path().join("copy.xlsx");
    let r = run(["redact", s(&a), "-o", s(&copy), "--log", s(&copy)]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    let missing = dir.path().join("no such folder").join("log.csv");
    let r = run(["redact", s(&a), "-o", s(&copy), "--log", s(&missing)]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(r.stderr.contains("does not exist"), "{}", r.describe());
    assert!(!copy.exists(), "no copy without its log");
    // A log inside the output folder the run creates is fine.
    let log = out.join("log.csv");
    let r = run(["redact", "--out-dir", s(&out), "--log", s(&log), s(&a)]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert!(log.exists() && out.join("r.clean.xlsx").exists());
}

#[test]
fn an_output_name_that_disagrees_with_the_format_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("counts.xlsx");
    std::fs::write(&input, fx::clean_counts_xlsx()).unwrap();
    for bad in ["counts.clean.csv", "counts.clean.xlsm", "counts.clean"] {
        let r = run(["redact", s(&input), "-o", s(&dir.path().join(bad))]);
        assert_eq!(r.code, Some(2), "{bad}: {}", r.describe());
        assert!(r.stdout.contains("usage"), "{}", r.describe());
    }
    let csv = dir.path().join("list.csv");
    std::fs::write(&csv, "District,Officers\nNorthgate,61\n").unwrap();
    let r = run([
        "redact",
        s(&csv),
        "-o",
        s(&dir.path().join("list.clean.xlsx")),
    ]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    let r = run([
        "redact",
        s(&csv),
        "-o",
        s(&dir.path().join("list.clean.xlsx")),
        "--to",
        "xlsx",
    ]);
    assert_eq!(
        r.code,
        Some(0),
        "--to xlsx makes a CSV an xlsx: {}",
        r.describe()
    );
    // Neither -o nor --out-dir.
    let r = run(["redact", s(&input)]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert_eq!(
        files(dir.path()),
        ["counts.xlsx", "list.clean.xlsx", "list.csv"]
    );
}

#[test]
fn a_copy_that_still_blocks_is_deleted_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("counts.xlsx");
    std::fs::write(&input, fx::clean_counts_xlsx()).unwrap();
    // A policy under which every workbook's own properties block: the copy
    // cannot pass verification.
    let policy = dir.path().join("strict.toml");
    std::fs::write(&policy, "[severity]\ndocument_properties = \"block\"\n").unwrap();
    let out_dir = dir.path().join("release");
    std::fs::create_dir(&out_dir).unwrap();
    let log = dir.path().join("log.csv");
    let r = run([
        "redact",
        s(&input),
        "--out-dir",
        s(&out_dir),
        "--policy",
        s(&policy),
        "--log",
        s(&log),
    ]);
    assert_eq!(r.code, Some(1), "{}", r.describe());
    assert!(
        r.stdout.contains("document_properties"),
        "names what remained: {}",
        r.describe()
    );
    assert!(
        files(&out_dir).is_empty(),
        "no copy, no temporary file: {:?}",
        files(&out_dir)
    );
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains(",summary,not released,"), "{text}");
}

#[test]
fn inputs_that_cannot_be_inspected_are_not_redacted() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("release");
    for (name, bytes) in [
        ("locked.xlsx", fx::encrypted_ooxml()),
        ("cut.xlsx", fx::truncated(&fx::clean_counts_xlsx(), 900)),
        ("broken.xlsx", fx::truncated_part_xlsx()),
    ] {
        let input = dir.path().join(name);
        std::fs::write(&input, &bytes).unwrap();
        let r = run(["redact", s(&input), "--out-dir", s(&out_dir)]);
        assert_eq!(r.code, Some(2), "{name}: {}", r.describe());
        assert!(r.stdout.contains("error"), "{}", r.describe());
        // The reason on stderr too, one line naming the file, as scan does.
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.describe());
        assert!(
            r.stderr.starts_with("foiguard: ")
                && r.stderr.contains(name)
                && r.stderr.contains("cannot be redacted"),
            "{}",
            r.describe()
        );
        assert!(
            !out_dir.exists() || files(&out_dir).is_empty(),
            "{name}: {:?}",
            files(&out_dir)
        );
    }
    // A folder that cannot be written: nothing is left behind either.
    let input = dir.path().join("counts.xlsx");
    std::fs::write(&input, fx::clean_counts_xlsx()).unwrap();
    let r = run([
        "redact",
        s(&input),
        "-o",
        s(&dir.path().join("no/such/folder/x.xlsx")),
    ]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(!dir.path().join("no").exists());
    // A missing input: named on stderr as well.
    let missing = dir.path().join("missing.xlsx");
    let r = run(["redact", s(&missing), "--out-dir", s(&out_dir)]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(
        r.stderr.starts_with("foiguard: ") && r.stderr.contains("missing.xlsx"),
        "{}",
        r.describe()
    );
}

#[test]
fn an_encrypted_input_says_to_remove_the_password_not_to_scan() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("locked.xlsx");
    std::fs::write(&input, fx::encrypted_ooxml()).unwrap();
    let r = run(["redact", s(&input), "--out-dir", s(&dir.path().join("out"))]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    let said = format!("{}{}", r.stdout, r.stderr);
    assert!(
        said.contains("cannot be redacted: encrypted — remove the password and try again"),
        "{}",
        r.describe()
    );
    assert!(!said.contains("scan again"), "{}", r.describe());
}

#[test]
fn a_folder_goes_to_an_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("outbox");
    std::fs::create_dir_all(outbox.join("march")).unwrap();
    std::fs::write(outbox.join("response.xlsx"), fx::hidden_rows_xlsx(true)).unwrap();
    std::fs::write(outbox.join("march/incidents.csv"), fx::incidents_csv(30)).unwrap();
    std::fs::write(
        outbox.join("march/counts.tsv"),
        "District\tOfficers\nNorthgate\t61\n",
    )
    .unwrap();
    std::fs::write(
        outbox.join("~$response.xlsx"),
        fx::lock_file_bytes("Jane Quarrendon"),
    )
    .unwrap();
    std::fs::write(outbox.join("readme.txt"), "not a spreadsheet").unwrap();
    // Two inputs whose copies would share a name keep their extension in it.
    std::fs::write(outbox.join("counts.xlsx"), fx::clean_counts_xlsx()).unwrap();
    std::fs::write(
        outbox.join("counts.xls"),
        fx::minimal_xls(fx::XlsOptions {
            hidden_sheet: true,
            ..Default::default()
        }),
    )
    .unwrap();
    let before = files(&outbox);
    let release = dir.path().join("release");
    let log = dir.path().join("case-123.csv");
    let r = run([
        "redact",
        s(&outbox),
        "--out-dir",
        s(&release),
        "--log",
        s(&log),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert_eq!(
        files(&release),
        [
            "counts.xls.clean.xlsx",
            "counts.xlsx.clean.xlsx",
            "march/counts.clean.tsv",
            "march/incidents.clean.csv",
            "response.clean.xlsx"
        ]
    );
    assert_eq!(files(&outbox), before, "the outbox is untouched");
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.matches(",summary,").count(), 7, "{text}");
    assert!(text.contains("lock file"), "the lock file: {text}");
    assert!(text.contains("readme.txt,,,summary,not copied"), "{text}");
    // Once more: the copies exist, so nothing is overwritten without --force.
    let r = run([
        "redact",
        s(&outbox),
        "--out-dir",
        s(&release),
        "--log",
        s(&dir.path().join("2.csv")),
    ]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    let r = run(["redact", s(&outbox), "-o", s(&dir.path().join("x.xlsx"))]);
    assert_eq!(r.code, Some(2), "-o with a folder: {}", r.describe());
    // Redacting the release folder in place: its copies are not copied again.
    let r = run(["redact", s(&release), "--out-dir", s(&release), "--force"]);
    assert!(
        r.stdout.contains("earlier foiguard copy"),
        "{}",
        r.describe()
    );
    assert!(
        !files(&release).iter().any(|f| f.contains(".clean.clean.")),
        "{:?}",
        files(&release)
    );
}

#[test]
fn to_csv_writes_one_file_per_visible_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("response.xlsx");
    std::fs::write(&input, fx::hidden_sheet_xlsx(false)).unwrap();
    let release = dir.path().join("release");
    let r = run(["redact", s(&input), "--to", "csv", "--out-dir", s(&release)]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert_eq!(files(&release), ["response.Summary.clean.csv"]);
    let text = std::fs::read_to_string(release.join("response.Summary.clean.csv")).unwrap();
    assert!(
        text.trim_start_matches('\u{feff}')
            .starts_with("Rank,Officers\r\n"),
        "{text}"
    );
    // -o works for a workbook with one visible sheet; with more it is a usage error.
    let r = run([
        "redact",
        s(&input),
        "--to",
        "csv",
        "-o",
        s(&dir.path().join("one.csv")),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    let two = dir.path().join("two.xlsx");
    std::fs::write(&two, fx::clean_two_sheets_xlsx()).unwrap();
    let r = run([
        "redact",
        s(&two),
        "--to",
        "csv",
        "-o",
        s(&dir.path().join("two.csv")),
    ]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(!dir.path().join("two.csv").exists());
}

#[test]
fn the_log_neutralises_formula_like_sheet_names() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("names.xlsx");
    let bytes = fx::xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        fx::write_rank_counts(ws, &fx::small_counts())?;
        let ws = wb.add_worksheet();
        ws.set_name("=HYPERLINK(\"x\"&1)")?;
        ws.write(0, 0, "Vellacott")?;
        ws.set_hidden(true);
        Ok(())
    });
    std::fs::write(&input, bytes).unwrap();
    let log = dir.path().join("log.csv");
    let r = run([
        "redact",
        s(&input),
        "--out-dir",
        s(&dir.path().join("r")),
        "--log",
        s(&log),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("\"'=HYPERLINK("), "{text}");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    for rec in rdr.records() {
        for f in rec.unwrap().iter() {
            assert!(!f.starts_with(['=', '+', '@']), "{f}");
        }
    }
}

#[test]
fn the_log_goes_into_a_pipe_and_a_copy_never_does() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("in.csv"),
        "District,Incidents\nNorthgate,61\nRiverside,47\n",
    )
    .unwrap();
    let fifo = d.join("log.csv");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let f2 = fifo.clone();
    let reader = std::thread::spawn(move || std::fs::read_to_string(f2).unwrap_or_default());
    let r = run([
        "redact",
        s(&d.join("in.csv")),
        "-o",
        s(&d.join("out.csv")),
        "--log",
        s(&fifo),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    let log = reader.join().unwrap();
    assert!(log.contains("summary"), "{log}");
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );

    // A copy must be verified as a file: a pipe is refused, and left as it is.
    let r = run(["redact", s(&d.join("in.csv")), "-o", s(&fifo), "--force"]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(r.stdout.contains("not a regular file"), "{}", r.describe());
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );

    // --force over a private log keeps it private.
    let log = d.join("private.csv");
    std::fs::write(&log, "old").unwrap();
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o600)).unwrap();
    let r = run([
        "redact",
        s(&d.join("in.csv")),
        "-o",
        s(&d.join("out2.csv")),
        "--log",
        s(&log),
        "--force",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert_eq!(
        std::fs::metadata(&log).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn the_log_names_the_policy_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("response.xlsx");
    std::fs::write(&input, fx::hidden_sheet_xlsx(false)).unwrap();
    let policy = dir.path().join("ours.toml");
    std::fs::write(&policy, "[severity]\ncomment = \"block\"\n").unwrap();
    for (log, args) in [("a.csv", vec![]), ("b.json", vec!["--policy", s(&policy)])] {
        let log = dir.path().join(log);
        let out = dir.path().join(format!("{}.xlsx", log.display()));
        let mut all = vec!["redact", s(&input), "-o", s(&out), "--log", s(&log)];
        all.extend(args.iter().copied());
        let r = run(&all);
        assert_eq!(r.code, Some(0), "{}", r.describe());
        let text = std::fs::read_to_string(&log).unwrap();
        let want = if args.is_empty() {
            "Policy: built-in default.".to_string()
        } else {
            format!("Policy: {}.", policy.display())
        };
        assert!(text.contains(&want), "{want}\n{text}");
        assert!(r.stdout.contains(&want), "{}", r.describe());
    }
    // A file that could not be redacted names it too.
    let bad = dir.path().join("bad.xlsx");
    std::fs::write(&bad, b"PK\x03\x04 not really").unwrap();
    let log = dir.path().join("c.csv");
    let r = run([
        "redact",
        s(&bad),
        "--out-dir",
        s(&dir.path().join("out")),
        "--log",
        s(&log),
    ]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("Policy: built-in default."), "{text}");
}

/// Every mask mode gives a copy its own scan passes: the words left beside
/// a masked name ("Queries to") are no name, a partial mask leaves initials
/// without the rank ("PC J." would still point at one officer), and a rate
/// "per officer" is kept as the figure it is.
#[test]
fn every_mask_mode_gives_a_copy_that_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("rota.csv");
    std::fs::write(
        &input,
        "Dept,Contact,Officer,Cost per officer\n\
         Response,Queries to DS Emma Clarke,PC 4521 Quarrendon,1972\n\
         CID,Speak to PS 1187 Okonkwo,DC Sarah Vellacott,2134\n",
    )
    .unwrap();
    for (mode, kept, gone) in [
        (
            "label",
            &["Queries to [REDACTED", "1972", "2134"][..],
            &["Clarke", "4521"][..],
        ),
        (
            "blank",
            &["Queries to", "1972"][..],
            &["Clarke", "Okonkwo"][..],
        ),
        (
            "partial",
            &["Queries to E. C.", "Q.", "S. V.", "2134"][..],
            &["PC Q.", "DS E.", "Vellacott"][..],
        ),
    ] {
        let out = dir.path().join(format!("rota.{mode}.csv"));
        let r = run([
            "redact",
            "--no-config",
            "--mask",
            mode,
            s(&input),
            "-o",
            s(&out),
        ]);
        assert_eq!(r.code, Some(0), "{mode}: {}", r.describe());
        let copy = std::fs::read_to_string(&out).unwrap();
        for k in kept {
            assert!(copy.contains(k), "{mode}: {k:?} kept in {copy}");
        }
        for g in gone {
            assert!(!copy.contains(g), "{mode}: {g:?} gone from {copy}");
        }
    }
}

/// Excel's `sep=;` first line comes out as it went in, not padded to the
/// table's width (`sep=;;;` is a record Excel shows, not a directive).
#[test]
fn a_sep_line_is_kept_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("wards.csv");
    std::fs::write(
        &input,
        "sep=;\r\nWard;Burglary;Rate per 1,000;Period\r\nBotanic;105;4,2;2023/24\r\n",
    )
    .unwrap();
    let out = dir.path().join("wards.clean.csv");
    let r = run(["redact", "--no-config", s(&input), "-o", s(&out)]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    let copy = std::fs::read_to_string(&out).unwrap();
    assert!(
        copy.starts_with("sep=;\r\nWard;Burglary;Rate per 1,000;Period\r\nBotanic;105;4,2;2023/24"),
        "{copy:?}"
    );
}

/// Inputs named one by one whose copies would get the same name in one
/// `--out-dir`: files of one folder keep their extension in the name
/// (`a.xls.clean.xlsx`); files of two folders are refused (exit 2) before
/// anything is written, even with `--force`: one copy never replaces
/// another of the same run.
#[test]
fn copies_of_separately_named_inputs_never_share_a_name() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["x", "y"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
    }
    let xa = dir.path().join("x/a.csv");
    let ya = dir.path().join("y/a.csv");
    std::fs::write(&xa, "Ward,Burglary\nBotanic,105\n").unwrap();
    std::fs::write(&ya, "Ward,Theft\nCathays,240\n").unwrap();
    let out = dir.path().join("out");
    let r = run([
        "redact",
        "--no-config",
        "--force",
        s(&xa),
        s(&ya),
        "--out-dir",
        s(&out),
    ]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(r.stderr.contains("same name"), "{}", r.describe());
    assert!(!out.exists() || std::fs::read_dir(&out).unwrap().next().is_none());

    let xls = dir.path().join("x/a.tsv");
    std::fs::write(&xls, "Ward\tRobbery\nRoath\t12\n").unwrap();
    let r = run([
        "redact",
        "--no-config",
        "--to",
        "xlsx",
        s(&xa),
        s(&xls),
        "--out-dir",
        s(&out),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert_eq!(files(&out), ["a.csv.clean.xlsx", "a.tsv.clean.xlsx"]);
}

/// A redaction stopped by SIGTERM while its copy is being written leaves
/// no unverified partial copy behind (the temporary file is removed) and
/// exits 128 + 15.
#[cfg(unix)]
#[test]
fn an_interrupted_copy_leaves_nothing_behind() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("log.csv");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
    writeln!(w, "Ref,Date,Offence,Outcome,Note").unwrap();
    for i in 0..600_000u32 {
        writeln!(
            w,
            "{},2024-02-{:02},Shoplifting,Unable to prosecute,window parked informed searched",
            100_000 + i,
            1 + i % 28
        )
        .unwrap();
    }
    drop(w);
    let out = dir.path().join("release");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_foiguard"))
        .args(["redact", "--no-config", s(&input), "--out-dir", s(&out)])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the copy is being written, then stop the run.
    let start = std::time::Instant::now();
    let writing = loop {
        let tmp = std::fs::read_dir(&out).ok().and_then(|d| {
            d.flatten()
                .find(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        });
        if tmp.is_some() {
            break true;
        }
        if child.try_wait().unwrap().is_some() || start.elapsed().as_secs() > 60 {
            break false;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    assert!(writing, "the copy was never seen being written");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let done = child.wait_with_output().unwrap();
    use std::os::unix::process::ExitStatusExt;
    // (Had the copy been finished first, it would be clean and in place.)
    let left = files(&out);
    if done.status.code() == Some(0) {
        assert_eq!(left, ["log.clean.csv"]);
        return;
    }
    assert_eq!(done.status.code(), Some(143), "{:?}", done.status.signal());
    assert_eq!(left, Vec::<String>::new(), "nothing half-written is left");
    let err = String::from_utf8_lossy(&done.stderr);
    assert!(err.contains("interrupted"), "{err}");
}

/// `--to csv` writes a value as the sheet shows it where the number format
/// says more than the value: a duration past a day (`[h]:mm`, 37:30) and a
/// whole number padded with zeros (`00000`, 00007).
#[test]
fn to_csv_writes_durations_and_padded_numbers_as_shown() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("overtime.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Overtime").unwrap();
    ws.write(0, 0, "Team").unwrap();
    ws.write(0, 1, "Hours").unwrap();
    ws.write(0, 2, "Code").unwrap();
    ws.write(1, 0, "Roads Policing").unwrap();
    ws.write_with_format(1, 1, 1.5625, &Format::new().set_num_format("[h]:mm"))
        .unwrap();
    ws.write_with_format(1, 2, 7, &Format::new().set_num_format("00000"))
        .unwrap();
    wb.save(&input).unwrap();
    let out = dir.path().join("release");
    let r = run([
        "redact",
        "--no-config",
        "--to",
        "csv",
        s(&input),
        "--out-dir",
        s(&out),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    let copy = std::fs::read_to_string(out.join("overtime.Overtime.clean.csv")).unwrap();
    assert!(copy.contains("Roads Policing,37:30:00,00007"), "{copy}");
}

/// The log names the input's cell of each mask and, where a removed
/// column or row moved it, the copy's cell too.
#[test]
fn the_log_gives_the_copy_cell_of_a_moved_mask() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("rota.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Rota").unwrap();
    for (c, h) in ["Shift", "Pay no", "Notes"].iter().enumerate() {
        ws.write(0, c as u16, *h).unwrap();
    }
    ws.write(1, 0, "Early").unwrap();
    ws.write(1, 1, 825729).unwrap();
    ws.write(1, 2, "Cover by PC 4521 Quarrendon").unwrap();
    ws.set_column_hidden(1).unwrap();
    wb.save(&input).unwrap();
    let out = dir.path().join("rota.clean.xlsx");
    let log = dir.path().join("rota.log.csv");
    let r = run([
        "redact",
        "--no-config",
        s(&input),
        "-o",
        s(&out),
        "--log",
        s(&log),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    let text = std::fs::read_to_string(&log).unwrap();
    let mask = text
        .lines()
        .find(|l| l.contains(",C2,") && l.contains("masked identifier"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(mask.contains("In the copy: B2."), "{mask}");
}
