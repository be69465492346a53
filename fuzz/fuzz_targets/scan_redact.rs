//! Scan, then redact, end to end: the first byte picks the file name (and so
//! the format a text file is read as), the rest is the file. Whatever the
//! bytes, redact either writes a copy that scans clean or leaves nothing
//! behind, and never redacts what scan could not inspect.
#![no_main]

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::OnceLock;

use foiguard::finding::Verdict;
use foiguard::policy::Policy;
use foiguard::redact::{Destination, Options, Redactor, Status};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = ["in.xlsx", "in.csv", "in.xls", "in.ods"];

fn redactor() -> &'static Redactor {
    static R: OnceLock<Redactor> = OnceLock::new();
    R.get_or_init(|| {
        let options = Options {
            force: true,
            ..Options::default()
        };
        Redactor::new(Policy::default(), options).expect("redactor")
    })
}

/// A private work folder for this process.
fn work() -> &'static PathBuf {
    static W: OnceLock<PathBuf> = OnceLock::new();
    W.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("foiguard-fuzz-redact-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("work dir");
        d
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, body)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(sel) % NAMES.len()];
    let scanned = black_box(foiguard_fuzz::scan(body, name));

    let dir = work();
    let input = dir.join(name);
    let out = dir.join("out");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("out dir");
    std::fs::write(&input, body).expect("write input");
    let outcome = redactor().redact_file(&input, &Destination::Dir(out.clone()));
    let left: Vec<PathBuf> = std::fs::read_dir(&out)
        .expect("list out")
        .flatten()
        .map(|e| e.path())
        .collect();
    match &outcome.status {
        Status::Clean => {
            assert_ne!(
                scanned.verdict,
                Verdict::Error,
                "redacted a file scan could not inspect"
            );
            assert!(!outcome.outputs.is_empty(), "clean but no copy");
            for p in &outcome.outputs {
                let r = foiguard_fuzz::scanner().scan_file(p);
                foiguard_fuzz::check(&r);
                assert!(
                    matches!(r.verdict, Verdict::Pass | Verdict::Review),
                    "the clean copy {} scans {:?}: {:?}",
                    p.display(),
                    r.verdict,
                    r.error
                );
            }
        }
        Status::Remaining(_) | Status::Failed(_) | Status::Skipped(_) => {
            assert!(
                left.is_empty(),
                "{:?} left files behind: {left:?}",
                outcome.status
            );
        }
    }
    black_box(outcome);
});
