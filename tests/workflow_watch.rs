//! `foiguard watch`, end to end with real files in temporary folders:
//! release and quarantine, lock and temporary files left alone, a file
//! still being written, `--redact`, and a restart in the middle of the work.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use foiguard::accept::sha256_hex;
use rust_xlsxwriter::Workbook;
use support::fixtures::*;
use support::*;

const PASS_CSV: &[u8] = b"District,Incidents\nNorthgate,61\nRiverside,47\nCastlehill,86\n";

struct Folders {
    _dir: tempfile::TempDir,
    root: PathBuf,
    outbox: PathBuf,
    release: PathBuf,
    quarantine: PathBuf,
}

impl Folders {
    fn new() -> Folders {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let f = Folders {
            outbox: root.join("outbox"),
            release: root.join("release"),
            quarantine: root.join("quarantine"),
            root,
            _dir: dir,
        };
        std::fs::create_dir_all(&f.outbox).unwrap();
        f
    }

    fn state(&self) -> PathBuf {
        self.outbox.join(".foiguard")
    }

    fn args(&self, extra: &[&str]) -> Vec<String> {
        self.args_with("0.05", "2", extra)
    }

    fn args_with(&self, interval: &str, stable: &str, extra: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = vec![
            "watch".into(),
            self.outbox.display().to_string(),
            "--release".into(),
            self.release.display().to_string(),
            "--quarantine".into(),
            self.quarantine.display().to_string(),
            "--interval".into(),
            interval.into(),
            "--stable".into(),
            stable.into(),
        ];
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    }

    /// `watch --once`, from the temporary root (no foiguard.toml there).
    fn once(&self, extra: &[&str]) -> Run {
        let mut args = self.args(extra);
        args.push("--once".into());
        let out = Command::new(BIN)
            .args(&args)
            .current_dir(&self.root)
            .stdin(Stdio::null())
            .output()
            .expect("run foiguard watch");
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            timed_out: false,
        }
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = match std::fs::read_dir(dir) {
        Ok(r) => r
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    v.sort();
    v
}

/// A visible count table that passes, and a hidden sheet listing officers.
fn counts_with_hidden_staff_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Incidents").unwrap();
    let rows = vec![
        vec![s("Northgate"), n(61)],
        vec![s("Riverside"), n(47)],
        vec![s("Castlehill"), n(86)],
    ];
    write_table(ws, 0, &["District", "Incidents"], &rows).unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Staff").unwrap();
    write_personnel(ws, &officers(12)).unwrap();
    ws.set_hidden(true);
    wb.save_to_buffer().unwrap()
}

#[test]
fn releases_what_passes_and_quarantines_the_rest_with_its_report() {
    let f = Folders::new();
    std::fs::write(f.outbox.join("counts.csv"), PASS_CSV).unwrap();
    std::fs::write(f.outbox.join("staff.xlsx"), hidden_sheet_xlsx(false)).unwrap();
    std::fs::write(f.outbox.join("broken.xlsx"), random_bytes(2000, 5)).unwrap();
    std::fs::write(
        f.outbox.join("~$staff.xlsx"),
        lock_file_bytes("Jane Quarrendon"),
    )
    .unwrap();
    std::fs::write(
        f.outbox.join(".~lock.counts.csv#"),
        b"Jane,jq,host,01.01.2024 10:00,",
    )
    .unwrap();
    std::fs::write(f.outbox.join("export.xlsx.part"), b"half a download").unwrap();
    std::fs::create_dir(f.outbox.join("old")).unwrap();

    let r = f.once(&[]);
    assert_eq!(
        r.code,
        Some(1),
        "quarantined files: exit 1\n{}",
        r.describe()
    );
    assert_eq!(names(&f.release), ["counts.csv"], "{}", r.describe());
    assert_eq!(
        std::fs::read(f.release.join("counts.csv")).unwrap(),
        PASS_CSV,
        "exactly the bytes dropped"
    );
    assert_eq!(
        names(&f.quarantine),
        [
            "broken.xlsx",
            "broken.xlsx.foiguard.json",
            "broken.xlsx.foiguard.txt",
            "staff.xlsx",
            "staff.xlsx.foiguard.json",
            "staff.xlsx.foiguard.txt",
        ],
        "{}",
        r.describe()
    );
    assert_eq!(
        std::fs::read(f.quarantine.join("staff.xlsx")).unwrap(),
        hidden_sheet_xlsx(false)
    );
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(f.quarantine.join("staff.xlsx.foiguard.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(report["files"][0]["verdict"], "block");
    assert_eq!(
        report["files"][0]["sha256"],
        sha256_hex(&hidden_sheet_xlsx(false))
    );
    let text = std::fs::read_to_string(f.quarantine.join("broken.xlsx.foiguard.txt")).unwrap();
    assert!(text.contains("ERROR"), "{text}");
    // Lock files, temporary files and folders stay where they are.
    assert_eq!(
        names(&f.outbox),
        [
            ".foiguard",
            ".~lock.counts.csv#",
            "export.xlsx.part",
            "old",
            "~$staff.xlsx"
        ]
    );
    // Every decision is logged, in the log file and on stderr.
    let log = std::fs::read_to_string(f.state().join("watch.log")).unwrap();
    for needle in [
        "RELEASED",
        "QUARANTINED",
        "counts.csv",
        "staff.xlsx",
        "ignored",
    ] {
        assert!(log.contains(needle), "{needle} not in the log:\n{log}");
        assert!(
            r.stderr.contains(needle),
            "{needle} not on stderr\n{}",
            r.describe()
        );
    }
    assert_eq!(names(&f.state().join("staging")), Vec::<String>::new());
    let journal = std::fs::read_to_string(f.state().join("journal.jsonl")).unwrap();
    assert_eq!(
        journal.matches("\"event\":\"done\"").count(),
        3,
        "{journal}"
    );

    // The same name again: the first release is never replaced.
    std::fs::write(
        f.outbox.join("counts.csv"),
        b"District,Incidents\nNorthgate,62\n",
    )
    .unwrap();
    let r = f.once(&[]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert_eq!(names(&f.release), ["counts (2).csv", "counts.csv"]);
    assert_eq!(
        std::fs::read(f.release.join("counts.csv")).unwrap(),
        PASS_CSV
    );
}

/// A name that is not UTF-8 is left in the outbox, and the log names it
/// byte for byte (`\xe9`), so two such files are told apart.
#[cfg(unix)]
#[test]
fn a_name_that_is_not_utf8_is_left_alone_and_named_exactly() {
    use std::os::unix::ffi::OsStrExt;
    let f = Folders::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.csv");
    std::fs::write(f.outbox.join(name), PASS_CSV).unwrap();
    let r = f.once(&[]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert!(f.outbox.join(name).exists(), "the file stays where it was");
    assert!(names(&f.release).is_empty(), "not released unread");
    let log = std::fs::read_to_string(f.state().join("watch.log")).unwrap();
    assert!(log.contains("caf\\xe9.csv"), "{log}");
    assert!(!log.contains('\u{FFFD}'), "{log}");
}

#[test]
fn a_file_still_being_written_is_taken_only_once_complete() {
    let f = Folders::new();
    let mut child = Command::new(BIN)
        .args(f.args_with("0.1", "5", &["--quiet"]))
        .current_dir(&f.root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let path = f.outbox.join("growing.csv");
    let mut expected = b"District,Incidents\n".to_vec();
    {
        let mut w = std::fs::File::create(&path).unwrap();
        w.write_all(&expected).unwrap();
        // Keep writing for a while, well past --stable x --interval.
        for i in 0..20 {
            std::thread::sleep(Duration::from_millis(50));
            let line = format!("Area {i},{}\n", 10 + i);
            w.write_all(line.as_bytes()).unwrap();
            w.flush().unwrap();
            expected.extend_from_slice(line.as_bytes());
            assert!(
                names(&f.release).is_empty() && names(&f.quarantine).is_empty(),
                "taken while still being written"
            );
        }
    }
    let start = Instant::now();
    while !f.release.join("growing.csv").exists() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    let got = std::fs::read(f.release.join("growing.csv")).expect("released once complete");
    assert_eq!(got, expected, "the whole file, not a part of it");
    assert!(names(&f.quarantine).is_empty());
}

#[test]
fn redact_releases_a_verified_clean_copy_and_quarantines_the_original() {
    let f = Folders::new();
    let original = counts_with_hidden_staff_xlsx();
    std::fs::write(f.outbox.join("response.xlsx"), &original).unwrap();
    let r = f.once(&["--redact"]);
    assert_eq!(r.code, Some(1), "{}", r.describe());
    assert_eq!(
        names(&f.release),
        ["response.clean.xlsx"],
        "{}",
        r.describe()
    );
    assert_eq!(
        names(&f.quarantine),
        [
            "response.xlsx",
            "response.xlsx.foiguard.json",
            "response.xlsx.foiguard.txt",
            "response.xlsx.redactions.csv"
        ]
    );
    assert_eq!(
        std::fs::read(f.quarantine.join("response.xlsx")).unwrap(),
        original
    );
    // The released copy passes a fresh scan.
    let scan = scan_paths(&[&f.release.join("response.clean.xlsx")], &[]);
    assert_eq!(scan.code(), Some(0), "{}", scan.run.describe());
    assert!(r.stderr.contains("verified clean copy"), "{}", r.describe());
}

/// One journal line, as the watcher writes them.
fn journal_line(event: serde_json::Value) -> String {
    let mut v = event;
    v["time"] = "2024-06-03 10:00:00 UTC".into();
    format!("{v}\n")
}

#[test]
fn a_restart_finishes_what_was_under_way_without_losing_or_doubling_a_file() {
    let f = Folders::new();
    std::fs::create_dir_all(&f.release).unwrap();
    std::fs::create_dir_all(&f.quarantine).unwrap();
    let staging = f.state().join("staging");
    let a_bytes = PASS_CSV.to_vec();
    let b_bytes = b"District,Incidents\nRiverside,47\n".to_vec();
    let c_bytes = hidden_sheet_xlsx(false);
    let mut journal = String::new();

    // A: decided (release), killed before the move.
    let a = staging.join("1-1-0");
    std::fs::create_dir_all(a.join("original")).unwrap();
    std::fs::create_dir_all(a.join("checked")).unwrap();
    std::fs::write(a.join("original/a.csv"), &a_bytes).unwrap();
    std::fs::write(a.join("checked/a.csv"), &a_bytes).unwrap();
    for e in [
        serde_json::json!({"event": "staging", "id": "1-1-0", "name": "a.csv", "size": a_bytes.len()}),
        serde_json::json!({"event": "staged", "id": "1-1-0"}),
        serde_json::json!({"event": "hashed", "id": "1-1-0", "sha256": sha256_hex(&a_bytes), "bytes": a_bytes.len()}),
        serde_json::json!({"event": "decided", "id": "1-1-0", "name": "a.csv", "verdict": "pass", "action": "release",
            "moves": [{"from": "checked/a.csv", "to": f.release.join("a.csv"), "sha256": sha256_hex(&a_bytes)}]}),
    ] {
        journal.push_str(&journal_line(e));
    }

    // B: decided (release) and moved, killed before the move was recorded.
    let b = staging.join("1-1-1");
    std::fs::create_dir_all(b.join("original")).unwrap();
    std::fs::write(b.join("original/b.csv"), &b_bytes).unwrap();
    std::fs::write(f.release.join("b.csv"), &b_bytes).unwrap();
    for e in [
        serde_json::json!({"event": "staging", "id": "1-1-1", "name": "b.csv", "size": b_bytes.len()}),
        serde_json::json!({"event": "staged", "id": "1-1-1"}),
        serde_json::json!({"event": "hashed", "id": "1-1-1", "sha256": sha256_hex(&b_bytes), "bytes": b_bytes.len()}),
        serde_json::json!({"event": "decided", "id": "1-1-1", "name": "b.csv", "verdict": "pass", "action": "release",
            "moves": [{"from": "checked/b.csv", "to": f.release.join("b.csv"), "sha256": sha256_hex(&b_bytes)}]}),
    ] {
        journal.push_str(&journal_line(e));
    }

    // C: moved into staging, killed before it was checked (the journal line
    // for the move itself was cut short by the crash).
    let c = staging.join("1-1-2");
    std::fs::create_dir_all(c.join("original")).unwrap();
    std::fs::write(c.join("original/staff.xlsx"), &c_bytes).unwrap();
    journal.push_str(&journal_line(
        serde_json::json!({"event": "staging", "id": "1-1-2", "name": "staff.xlsx", "size": c_bytes.len()}),
    ));
    journal.push_str("{\"time\":\"2024-06-03 10:00:01 UTC\",\"event\":\"sta");
    std::fs::write(f.state().join("journal.jsonl"), &journal).unwrap();
    // A lock file left by the killed watcher (its process is gone).
    std::fs::write(f.state().join("watch.lock"), "999999999\n").unwrap();

    // A new file arrives meanwhile.
    std::fs::write(f.outbox.join("d.csv"), PASS_CSV).unwrap();

    let r = f.once(&[]);
    assert_eq!(r.code, Some(1), "{}", r.describe());
    assert_eq!(
        names(&f.release),
        ["a.csv", "b.csv", "d.csv"],
        "nothing doubled\n{}",
        r.describe()
    );
    assert_eq!(std::fs::read(f.release.join("a.csv")).unwrap(), a_bytes);
    assert_eq!(std::fs::read(f.release.join("b.csv")).unwrap(), b_bytes);
    assert_eq!(
        names(&f.quarantine),
        [
            "staff.xlsx",
            "staff.xlsx.foiguard.json",
            "staff.xlsx.foiguard.txt"
        ]
    );
    assert_eq!(
        std::fs::read(f.quarantine.join("staff.xlsx")).unwrap(),
        c_bytes
    );
    assert_eq!(names(&staging), Vec::<String>::new(), "staging is empty");
    assert!(r.stderr.contains("resume"), "{}", r.describe());
    assert!(
        !f.state().join("watch.lock").exists(),
        "the lock is released at the end"
    );

    // Running again changes nothing.
    let r = f.once(&[]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert_eq!(names(&f.release), ["a.csv", "b.csv", "d.csv"]);
}

#[test]
fn watch_refuses_bad_setups() {
    let f = Folders::new();
    let mut args = f.args(&["--once"]);
    // The release folder may not be the outbox.
    args[3] = f.outbox.display().to_string();
    let r = run(&args);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(r.stderr.contains("must be apart"), "{}", r.describe());
    let r = run([
        "watch",
        "/nonexistent/outbox",
        "--release",
        "r",
        "--quarantine",
        "q",
        "--once",
    ]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    let r = run(f.args_with("0", "2", &["--once"]));
    assert_eq!(r.code, Some(2), "{}", r.describe());
}
