//! Shared helpers for the integration tests: run the `foiguard` binary with a
//! time limit, parse its JSON report, and look findings up.
#![allow(dead_code)]

pub mod fixtures;

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_foiguard");

/// Default time limit for one run of the binary.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// Exit code; `None` when killed (time limit) or ended by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub timed_out: bool,
}

impl Run {
    /// Everything worth printing when an assertion fails.
    pub fn describe(&self) -> String {
        format!(
            "exit code: {:?}{}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code,
            if self.timed_out {
                " (killed: time limit)"
            } else {
                ""
            },
            truncate(&self.stdout, 6000),
            truncate(&self.stderr, 3000)
        )
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.len() <= n {
        return s.to_string();
    }
    let mut end = n;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... [{} more bytes]", &s[..end], s.len() - end)
}

/// Run `foiguard` with `args`, killing it after `timeout`.
pub fn run_with_env<I, S>(args: I, env: &[(&str, &str)], timeout: Duration) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn foiguard");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let t_out = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let t_err = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait().expect("wait for foiguard") {
            Some(st) => break Some(st),
            None if start.elapsed() > timeout => {
                timed_out = true;
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    };
    let stdout = String::from_utf8_lossy(&t_out.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&t_err.join().unwrap_or_default()).into_owned();
    Run {
        code: status.and_then(|s| s.code()),
        stdout,
        stderr,
        timed_out,
    }
}

pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_with_env(args, &[], TIMEOUT)
}

/// A JSON scan: the run plus its parsed report.
#[derive(Debug)]
pub struct Scan {
    pub run: Run,
    pub json: Value,
}

impl Scan {
    pub fn code(&self) -> Option<i32> {
        self.run.code
    }

    /// The report entry of the file whose name (last path component) is
    /// `name`.
    pub fn file(&self, name: &str) -> &Value {
        let files = self.json["files"]
            .as_array()
            .unwrap_or_else(|| panic!("report has no \"files\" array\n{}", self.run.describe()));
        files
            .iter()
            .find(|f| {
                f["path"]
                    .as_str()
                    .is_some_and(|p| Path::new(p).file_name() == Some(OsStr::new(name)))
            })
            .unwrap_or_else(|| {
                panic!(
                    "report lists no file named {name:?}\n{}",
                    self.run.describe()
                )
            })
    }

    pub fn files(&self) -> &Vec<Value> {
        self.json["files"]
            .as_array()
            .unwrap_or_else(|| panic!("report has no \"files\" array\n{}", self.run.describe()))
    }
}

/// `foiguard scan --format json [extra...] paths...`. Panics (with the
/// output) unless stdout is exactly one JSON document.
pub fn scan_paths(paths: &[&Path], extra: &[&str]) -> Scan {
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("scan"),
        OsStr::new("--format"),
        OsStr::new("json"),
    ];
    args.extend(extra.iter().map(OsStr::new));
    args.extend(paths.iter().map(|p| p.as_os_str()));
    let run = run(&args);
    assert!(
        !run.timed_out,
        "foiguard did not finish in time\n{}",
        run.describe()
    );
    let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not exactly one JSON document ({e})\n{}",
            run.describe()
        )
    });
    Scan { run, json }
}

/// One fixture file written into its own temporary folder and scanned.
pub struct One {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub scan: Scan,
}

impl One {
    /// This file's report entry.
    pub fn file(&self) -> &Value {
        let name = self.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        self.scan.file(name)
    }
    pub fn verdict(&self) -> &str {
        verdict(self.file())
    }
    pub fn describe(&self) -> String {
        self.scan.run.describe()
    }
    /// Findings of `kind`; panics (showing the report) when there are none.
    pub fn expect(&self, kind: &str) -> Vec<&Value> {
        let f = with_kind(self.file(), kind);
        assert!(
            !f.is_empty(),
            "expected a {kind:?} finding in {}\n{}",
            self.path.display(),
            self.describe()
        );
        f
    }
    /// Assert there is no finding of `kind` at all.
    pub fn assert_absent(&self, kind: &str) {
        let f = with_kind(self.file(), kind);
        assert!(
            f.is_empty(),
            "expected no {kind:?} finding in {}\n{}",
            self.path.display(),
            self.describe()
        );
    }
    /// Assert no finding of `kind` above `info` (info findings are allowed:
    /// they never change a verdict).
    pub fn assert_absent_above_info(&self, kind: &str) {
        let f: Vec<&Value> = with_kind(self.file(), kind)
            .into_iter()
            .filter(|f| severity(f) != "info")
            .collect();
        assert!(
            f.is_empty(),
            "expected no {kind:?} finding above info in {}\n{}",
            self.path.display(),
            self.describe()
        );
    }
    /// Findings of `kind`, asserting the highest severity among them.
    pub fn expect_severity(&self, kind: &str, sev: &str) -> Vec<&Value> {
        let f = self.expect(kind);
        let got = max_severity(&f);
        assert_eq!(
            got,
            sev,
            "{kind:?} in {} has severity {got}, expected {sev}\n{}",
            self.path.display(),
            self.describe()
        );
        f
    }
    /// Findings of `kind`, asserting at least one is `review` or `block`.
    pub fn expect_at_least_review(&self, kind: &str) -> Vec<&Value> {
        let f = self.expect(kind);
        let got = max_severity(&f);
        assert!(
            got == "review" || got == "block",
            "{kind:?} in {} has severity {got}, expected review or block\n{}",
            self.path.display(),
            self.describe()
        );
        f
    }
}

/// Write `bytes` as `name` in a fresh temporary folder and scan it with
/// `--format json` plus `extra`.
pub fn scan_bytes(name: &str, bytes: &[u8], extra: &[&str]) -> One {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    let scan = scan_paths(&[&path], extra);
    One { dir, path, scan }
}

pub fn scan_one(name: &str, bytes: &[u8]) -> One {
    scan_bytes(name, bytes, &[])
}

/// Write several fixtures into one temporary folder.
pub fn write_dir(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, bytes) in files {
        let p = dir.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(p, bytes).expect("write fixture");
    }
    dir
}

pub fn findings(file: &Value) -> Vec<&Value> {
    file["findings"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

pub fn with_kind<'a>(file: &'a Value, kind: &str) -> Vec<&'a Value> {
    findings(file)
        .into_iter()
        .filter(|f| f["kind"] == kind)
        .collect()
}

pub fn verdict(file: &Value) -> &str {
    file["verdict"].as_str().unwrap_or("<missing>")
}

pub fn severity(finding: &Value) -> &str {
    finding["severity"].as_str().unwrap_or("<missing>")
}

fn rank(sev: &str) -> u8 {
    match sev {
        "info" => 1,
        "review" => 2,
        "block" => 3,
        _ => 0,
    }
}

/// The highest severity among `findings` ("none" when empty).
pub fn max_severity<'a>(findings: &[&'a Value]) -> &'a str {
    findings
        .iter()
        .map(|f| severity(f))
        .max_by_key(|s| rank(s))
        .unwrap_or("none")
}

/// True when some finding sits at `sheet`.
pub fn any_on_sheet(findings: &[&Value], sheet: &str) -> bool {
    findings.iter().any(|f| f["sheet"] == sheet)
}

/// True when some finding names `cell` (exactly, or as the start of a range
/// such as `B3:B3`).
pub fn any_at_cell(findings: &[&Value], cell: &str) -> bool {
    findings.iter().any(|f| {
        f["cell"].as_str().is_some_and(|c| {
            c == cell || c.split(':').next() == Some(cell) || c.split(',').any(|p| p.trim() == cell)
        })
    })
}

/// The crate root (where `samples/` lives).
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/corpus/real` relative to the crate, when present.
pub fn corpus_dir() -> Option<PathBuf> {
    let p = manifest_dir().join("../shared/corpus/real");
    p.is_dir().then_some(p)
}

/// Every regular file under `dir`, recursively, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(p),
                Ok(t) if t.is_file() => out.push(p),
                _ => {}
            }
        }
    }
    out.sort();
    out
}
